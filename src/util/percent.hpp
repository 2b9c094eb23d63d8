// SPDX-License-Identifier: MIT
/**
 * @file util/percent.hpp (private)
 * The library's one percent-encoding (RFC 3986 section 2.1), for the URL fragments that carry
 * circumstances (circumstances::to_fragment()).
 *
 * Encoding leaves the characters JavaScript's encodeURIComponent() leaves (ASCII letters and
 * digits, `-_.!~*'()`) and writes every other byte as `%XX` (upper-case hex), so that a link
 * the library writes is the one a browser script would write. Decoding reads `%XX` (either
 * case) and `+` as a space (as HTML forms write it); anything else is taken as it is.
 */
#ifndef CARECOMPARE_SRC_UTIL_PERCENT_HPP
#define CARECOMPARE_SRC_UTIL_PERCENT_HPP

#include <carecompare/config.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "hex.hpp"

CARECOMPARE_BEGIN_NAMESPACE
namespace detail {

/// Whether encodeURIComponent() leaves `c` as it is.
constexpr bool is_uri_component_char(char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         c == '.' || c == '!' || c == '~' || c == '*' || c == '\'' || c == '(' || c == ')';
}

/// Appends `text` percent-encoded to `out` (see the file comment).
inline void append_percent_encoded(std::string& out, std::string_view text) {
  for (const char c : text) {
    if (is_uri_component_char(c)) {
      out += c;
    } else {
      const auto b = static_cast<unsigned char>(c);
      out += '%';
      out += hex_digits[b >> 4U];
      out += hex_digits[b & 0x0FU];
    }
  }
}

/// The bytes `text` encodes, or nullopt when a `%` is not followed by two hex digits (the
/// bytes may be any: the caller checks that they are UTF-8).
inline std::optional<std::string> percent_decoded(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c != '%') {
      out += c;
    } else {
      if (text.size() - i < 3) return std::nullopt;
      const int hi = hex_digit(text[i + 1]);
      const int lo = hex_digit(text[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out += static_cast<char>((hi << 4) | lo);
      i += 2;
    }
  }
  return out;
}

}  // namespace detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_UTIL_PERCENT_HPP
