// SPDX-License-Identifier: MIT
/**
 * @file util/hex.hpp (private)
 * The library's one spelling of hex digits: written upper-case (`%XX` in URL fragments, `\xNN`
 * and `U+00NN` in messages quoting input), read in either case (percent-decoding, JsonLogic's
 * `0x` numbers).
 */
#ifndef CARECOMPARE_SRC_UTIL_HEX_HPP
#define CARECOMPARE_SRC_UTIL_HEX_HPP

#include <carecompare/config.hpp>

CARECOMPARE_BEGIN_NAMESPACE
namespace detail {

/// The hex digit of each value 0-15, upper-case: `hex_digits[b >> 4]`, `hex_digits[b & 15]`.
inline constexpr char hex_digits[] = "0123456789ABCDEF";

/// The value of a hex digit (either case), or -1 for any other character.
constexpr int hex_digit(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_UTIL_HEX_HPP
