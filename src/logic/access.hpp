// SPDX-License-Identifier: MIT
/**
 * @file logic/access.hpp (private)
 * What the public classes of logic.hpp hold, and how the engine reaches it: the program of a
 * compiled rule and the prepared form of prepared data.
 */
#ifndef CARECOMPARE_SRC_LOGIC_ACCESS_HPP
#define CARECOMPARE_SRC_LOGIC_ACCESS_HPP

#include <carecompare/logic.hpp>
#include <nlohmann/json.hpp>
#include <utility>

#include "data.hpp"
#include "program.hpp"

CARECOMPARE_BEGIN_NAMESPACE
namespace logic::detail {

/// The state of a logic::prepared_data: the JSON as given and its prepared form, which borrows
/// the JSON's strings.
struct prepared_state {
  explicit prepared_state(json data) : source(std::move(data)) {
    doc.set_json({}, source);
    doc.finish();
  }
  json source;
  pdoc doc;
};

/// The program of a rule and the root of prepared data.
struct access {
  static const program& of(const rule& r) noexcept { return *r.prog_; }
  static const pnode& root(const prepared_data& d) noexcept { return d.state_->doc.root(); }
  static const prepared_state& state(const prepared_data& d) noexcept { return *d.state_; }
  static rule make(std::shared_ptr<const program> p) noexcept { return rule(std::move(p)); }
};

}  // namespace logic::detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_LOGIC_ACCESS_HPP
