// SPDX-License-Identifier: MIT
/// @file util/utf8.hpp
/// UTF-8 checks and decoding shared by the decoder, the renderers and error messages.
#ifndef CARECOMPARE_SRC_UTIL_UTF8_HPP
#define CARECOMPARE_SRC_UTIL_UTF8_HPP

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <carecompare/config.hpp>

CARECOMPARE_BEGIN_NAMESPACE
namespace detail {

/// Length in bytes of the valid UTF-8 sequence starting at s[i], or 0 when it is not valid.
inline std::size_t utf8_sequence_length(std::string_view s, std::size_t i) noexcept {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = byte(i);
  if (c < 0x80) return 1;
  std::size_t len = 0;
  std::uint32_t cp = 0;
  if ((c & 0xE0) == 0xC0) {
    len = 2;
    cp = c & 0x1Fu;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3;
    cp = c & 0x0Fu;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4;
    cp = c & 0x07u;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3Fu);
  }
  // Reject overlong forms, surrogates and values past U+10FFFF.
  if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
      (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
    return 0;
  }
  return len;
}

/// Byte offset of the first invalid UTF-8 sequence, or npos when the text is valid.
inline std::size_t find_invalid_utf8(std::string_view s) noexcept {
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t len = utf8_sequence_length(s, i);
    if (len == 0) return i;
    i += len;
  }
  return std::string_view::npos;
}

/// Decodes the code point at s[i] and returns its length in bytes (invalid UTF-8: U+FFFD, 1).
inline std::size_t decode_utf8(std::string_view s, std::size_t i, char32_t& cp) noexcept {
  const std::size_t len = utf8_sequence_length(s, i);
  const auto byte = [&](std::size_t k) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(s[k]));
  };
  if (len == 0) {
    cp = 0xFFFD;
    return 1;
  }
  std::uint32_t value = len == 1   ? byte(i)
                        : len == 2 ? byte(i) & 0x1Fu
                        : len == 3 ? byte(i) & 0x0Fu
                                   : byte(i) & 0x07u;
  for (std::size_t k = 1; k < len; ++k) value = (value << 6) | (byte(i + k) & 0x3Fu);
  cp = static_cast<char32_t>(value);
  return len;
}

/// The text with every byte that is not valid UTF-8 written as `\xNN` and control characters
/// as `\u00NN`, so that an error message quoting hostile input is itself safe to print.
inline std::string printable(std::string_view s) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t len = utf8_sequence_length(s, i);
    const auto c = static_cast<unsigned char>(s[i]);
    if (len == 0) {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
      ++i;
    } else if (len == 1 && (c < 0x20 || c == 0x7F)) {
      out += "\\u00";
      out += hex[c >> 4];
      out += hex[c & 15];
      ++i;
    } else {
      out.append(s.substr(i, len));
      i += len;
    }
  }
  return out;
}

}  // namespace detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_UTIL_UTF8_HPP
