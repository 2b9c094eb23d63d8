// SPDX-License-Identifier: MIT
/**
 * @file strategy_fields.hpp (private)
 * The fields of a strategy by name, as a catalog's columns and a table's columns name them:
 * the members Boost.Describe lists for `strategy` (model.hpp), and nothing else. The validator
 * (a column's `field`) and the tables (`table_options::columns`) both ask here, so that a field
 * added to the struct is a column everywhere at once.
 */
#ifndef CARECOMPARE_SRC_STRATEGY_FIELDS_HPP
#define CARECOMPARE_SRC_STRATEGY_FIELDS_HPP

#include <boost/describe.hpp>
#include <boost/mp11/algorithm.hpp>
#include <carecompare/config.hpp>
#include <carecompare/model.hpp>
#include <string>
#include <string_view>
#include <vector>

CARECOMPARE_BEGIN_NAMESPACE
namespace detail {

/// True when `field` is the name of a strategy field.
inline bool is_strategy_field(std::string_view field) {
  bool found = false;
  boost::mp11::mp_for_each<boost::describe::describe_members<strategy, boost::describe::mod_public>>(
      [&](auto member) { found = found || field == member.name; });
  return found;
}

/// The names of every strategy field, in declaration order ("did you mean" candidates).
inline std::vector<std::string_view> strategy_field_list() {
  std::vector<std::string_view> names;
  boost::mp11::mp_for_each<boost::describe::describe_members<strategy, boost::describe::mod_public>>(
      [&](auto member) { names.emplace_back(member.name); });
  return names;
}

/// The names of every strategy field, in declaration order, for messages: "id, name, kind, ...".
inline std::string strategy_field_names() {
  std::string names;
  for (const std::string_view name : strategy_field_list()) names.append(names.empty() ? "" : ", ").append(name);
  return names;
}

}  // namespace detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_STRATEGY_FIELDS_HPP
