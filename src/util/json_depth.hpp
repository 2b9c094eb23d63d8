// SPDX-License-Identifier: MIT
/**
 * @file util/json_depth.hpp (private)
 * The one depth check of JSON values (`nlohmann::json` built in memory, not parsed): a value an
 * app builds is not bounded by the parser's depth limit, and nlohmann/json copies, compares and
 * dumps values recursively, so the library checks a value's depth before it walks or copies
 * one. The check itself is iterative: any depth is safe.
 * ```
 * if (auto at = detail::find_too_deep(value, bounds.max_json_depth)) {
 *   // *at: the JSON Pointer of the first array or object nested too deep, e.g. "/a/0/0"
 * }
 * ```
 * (Texts are bounded while they are parsed: see parse.hpp.) Callers in nested namespaces
 * name it `::carecompare::detail::find_too_deep`.
 */
#ifndef CARECOMPARE_SRC_UTIL_JSON_DEPTH_HPP
#define CARECOMPARE_SRC_UTIL_JSON_DEPTH_HPP

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include <carecompare/config.hpp>

#include "json_pointer.hpp"

CARECOMPARE_BEGIN_NAMESPACE
namespace detail {

/**
 * The JSON Pointer of the first array or object of `root` (in document order: depth first, keys
 * in the value's order) nested deeper than `max_depth`, or nullopt when there is none.
 *
 * Depth: the root array or object is depth 1, its arrays and objects depth 2, and so on;
 * scalars add no depth. When `depth_out` is given it receives the depth of `root` (0 for a
 * scalar) if it is within `max_depth`, and `max_depth + 1` otherwise (the walk stops at the
 * first array or object too deep).
 */
inline std::optional<std::string> find_too_deep(const nlohmann::json& root, std::size_t max_depth,
                                                std::size_t* depth_out = nullptr) {
  const auto answer = [depth_out](std::size_t depth, std::optional<std::string> pointer) {
    if (depth_out != nullptr) *depth_out = depth;
    return pointer;
  };
  if (!root.is_structured()) return answer(0, std::nullopt);
  if (max_depth == 0) return answer(1, std::string());
  // One level per open array or object: the element or member to look at next.
  struct level {
    const nlohmann::json::object_t* object;  ///< null for an array
    const nlohmann::json::array_t* array;    ///< null for an object
    nlohmann::json::object_t::const_iterator member;
    std::size_t index;  ///< of the next element of an array
  };
  const auto open = [](const nlohmann::json& j) {
    level l{nullptr, nullptr, {}, 0};
    if (j.is_object()) {
      l.object = j.get_ptr<const nlohmann::json::object_t*>();
      l.member = l.object->begin();
    } else {
      l.array = j.get_ptr<const nlohmann::json::array_t*>();
    }
    return l;
  };
  std::vector<level> stack{open(root)};
  std::size_t deepest = 1;
  while (!stack.empty()) {
    level& top = stack.back();
    const nlohmann::json* child = nullptr;
    if (top.object != nullptr) {
      if (top.member != top.object->end()) child = &(top.member++)->second;
    } else if (top.index < top.array->size()) {
      child = &(*top.array)[top.index++];
    }
    if (child == nullptr) {
      stack.pop_back();
      continue;
    }
    if (!child->is_structured()) continue;
    if (stack.size() == max_depth) {
      // The pointer is spelt out only now: each level's token is that of the child it went
      // into last.
      std::string pointer;
      for (const level& l : stack) {
        if (l.object != nullptr) {
          pointer_push(pointer, std::prev(l.member)->first);
        } else {
          pointer_push(pointer, l.index - 1);
        }
      }
      return answer(max_depth + 1, std::move(pointer));
    }
    stack.push_back(open(*child));
    deepest = std::max(deepest, stack.size());
  }
  return answer(deepest, std::nullopt);
}

}  // namespace detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_UTIL_JSON_DEPTH_HPP
