// SPDX-License-Identifier: MIT
/**
 * @file util/json_pointer.hpp (private)
 * The one JSON Pointer escaper of the library (RFC 6901): every JSON Pointer the library reports
 * (catalog problems, circumstances errors, render options, rule paths, Python values) is built
 * by appending reference tokens with pointer_push(), which writes `~` as `~0` and `/` as `~1`.
 * ```
 * std::string pointer = "/facts";
 * detail::pointer_push(pointer, "a/b~c");  // "/facts/a~1b~0c"
 * detail::pointer_push(pointer, 3);        // "/facts/a~1b~0c/3"
 * ```
 * Callers in nested namespaces (e.g. `carecompare::logic::detail`) name these
 * `::carecompare::detail::pointer_push`.
 */
#ifndef CARECOMPARE_SRC_UTIL_JSON_POINTER_HPP
#define CARECOMPARE_SRC_UTIL_JSON_POINTER_HPP

#include <cstddef>
#include <string>
#include <string_view>

#include <carecompare/config.hpp>

CARECOMPARE_BEGIN_NAMESPACE
namespace detail {

/// Appends the reference token `token` (an object key) to `pointer`, escaped (RFC 6901).
inline void pointer_push(std::string& pointer, std::string_view token) {
  pointer += '/';
  for (const char c : token) {
    if (c == '~') {
      pointer += "~0";
    } else if (c == '/') {
      pointer += "~1";
    } else {
      pointer += c;
    }
  }
}

/// Appends the reference token of the array index `index` to `pointer`.
inline void pointer_push(std::string& pointer, std::size_t index) {
  pointer += '/';
  pointer += std::to_string(index);
}

/// Restores a JSON Pointer to the length it had when the guard was made, on scope exit: push a
/// token after making the guard, and the pointer is the parent's again when the scope ends.
class pointer_guard {
 public:
  explicit pointer_guard(std::string& pointer) noexcept : pointer_(pointer), size_(pointer.size()) {}
  pointer_guard(const pointer_guard&) = delete;
  pointer_guard& operator=(const pointer_guard&) = delete;
  ~pointer_guard() { pointer_.resize(size_); }

 private:
  std::string& pointer_;
  std::size_t size_;
};

}  // namespace detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_UTIL_JSON_POINTER_HPP
