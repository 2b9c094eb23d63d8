// SPDX-License-Identifier: MIT
/**
 * @file util/json_dispose.hpp
 * Internal: frees a nlohmann::json bottom-up.
 *
 * nlohmann's destructor is safe at any depth: it moves every nested array and object onto a
 * heap stack before freeing it. For a value whose depth is known to be bounded (one parse_json()
 * built, say), freeing each array and object after its children is the same work without the
 * moves: about 5% of a CDS Hooks call of benchmarks/load.
 * ```
 * detail::dispose(body, bounds.max_json_depth);  // body is null afterwards
 * ```
 */
#ifndef CARECOMPARE_SRC_UTIL_JSON_DISPOSE_HPP
#define CARECOMPARE_SRC_UTIL_JSON_DISPOSE_HPP

#include <cstddef>
#include <nlohmann/json.hpp>

#include <carecompare/config.hpp>

CARECOMPARE_BEGIN_NAMESPACE
namespace detail {

/**
 * Frees `value`, which becomes null: the arrays and objects of its first `max_depth` levels
 * (the root is level 1) each after their children, anything deeper by nlohmann's destructor.
 * Recursion is bounded by `max_depth`, whatever the value's depth.
 */
inline void dispose(nlohmann::json& value, std::size_t max_depth) noexcept {
  // An array or object is emptied (clear()) before it is freed: nlohmann's destructor then finds
  // nothing to move.
  if (max_depth != 0 && value.is_object()) {
    auto& members = *value.get_ptr<nlohmann::json::object_t*>();
    for (auto& member : members) {
      if (member.second.is_structured()) dispose(member.second, max_depth - 1);
    }
    members.clear();
  } else if (max_depth != 0 && value.is_array()) {
    auto& elements = *value.get_ptr<nlohmann::json::array_t*>();
    for (auto& element : elements) {
      if (element.is_structured()) dispose(element, max_depth - 1);
    }
    elements.clear();
  }
  value = nullptr;
}

}  // namespace detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_UTIL_JSON_DISPOSE_HPP
