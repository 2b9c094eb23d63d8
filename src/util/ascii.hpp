// SPDX-License-Identifier: MIT
/**
 * @file util/ascii.hpp (private)
 * ASCII case folding, for what is case-insensitive by definition: language tags, format names,
 * URL schemes, near-miss suggestions. Bytes outside A-Z are left as they are.
 */
#ifndef CARECOMPARE_SRC_UTIL_ASCII_HPP
#define CARECOMPARE_SRC_UTIL_ASCII_HPP

#include <carecompare/config.hpp>
#include <cstddef>
#include <string_view>

CARECOMPARE_BEGIN_NAMESPACE
namespace detail {

/// `c` in lowercase when it is an ASCII capital letter, else `c`.
constexpr char ascii_lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

/// True when `a` and `b` are the same text, ASCII case aside.
constexpr bool equal_ignoring_ascii_case(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

}  // namespace detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_UTIL_ASCII_HPP
