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

/// What a logic::prepared_builder builds into: the prepared form, and the members given so far
/// of the object being built.
struct prepared_parts {
  pdoc doc;
  std::size_t next = 0;   ///< index of the next member
  std::size_t end = 0;    ///< one past the last member of the object
  bool building = false;  ///< between start_object() and finish()
};

/// The program of a rule and the root of prepared data.
struct access {
  static const program& of(const rule& r) noexcept { return *r.prog_; }
  static const pnode& root(const prepared_data& d) noexcept { return d.state_->doc.root(); }
  static const pnode& root(prepared_view v) noexcept { return *v.root_; }
  static prepared_view view(const pnode& root) noexcept { return prepared_view(&root); }
  static const prepared_state& state(const prepared_data& d) noexcept { return *d.state_; }
  static rule make(std::shared_ptr<const program> p) noexcept { return rule(std::move(p)); }
  /// Member `i` of `doc` gets `key`, hashed already.
  static void set_key(pdoc& doc, std::size_t i, const prepared_key& key) noexcept {
    doc.set_key(i, key.key_, key.hash_, key.head_);
  }
};

}  // namespace logic::detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_LOGIC_ACCESS_HPP
