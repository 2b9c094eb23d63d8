// SPDX-License-Identifier: MIT
/**
 * @file util/utf8.hpp
 * The library's one UTF-8 decoder, and what is built on it: the checks of the decoder, the
 * renderers, error messages (`printable`) and the JsonLogic text rules (logic/text.hpp).
 *
 * Decoding is strict: a sequence is valid when it is one of the well-formed byte sequences of
 * the Unicode Standard's table 3-7 (no overlong forms, no surrogates U+D800..U+DFFF, nothing past
 * U+10FFFF). Everything else reads as U+FFFD one byte long, so that each byte of ill-formed
 * input is replaced (or counted) once and decoding always moves forward.
 */
#ifndef CARECOMPARE_SRC_UTIL_UTF8_HPP
#define CARECOMPARE_SRC_UTIL_UTF8_HPP

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <carecompare/config.hpp>

#include "hex.hpp"

CARECOMPARE_BEGIN_NAMESPACE
namespace detail {

/// One decoded code point: `cp` (U+FFFD when invalid), its length in bytes (1 when invalid),
/// and whether the bytes were valid UTF-8.
struct utf8_char {
  char32_t cp;
  std::uint32_t len;
  bool valid;
};

/// True for a UTF-8 continuation byte (10xxxxxx).
inline constexpr bool is_utf8_continuation(unsigned char c) noexcept { return (c & 0xC0U) == 0x80U; }

/// `decode_utf8()` of a sequence whose first byte is not ASCII (*p >= 0x80, p < end).
inline utf8_char decode_utf8_multibyte(const char* p, const char* end) noexcept {
  const auto b0 = static_cast<unsigned char>(*p);
  const std::ptrdiff_t avail = end - p;
  const auto byte = [p](std::ptrdiff_t k) { return static_cast<unsigned char>(p[k]); };
  // Table 3-7: the lead byte fixes the length and the range of the second byte, which excludes
  // overlong forms (E0, F0), surrogates (ED) and code points past U+10FFFF (F4); C0, C1 and
  // F5..FF never start a sequence.
  if (b0 >= 0xC2U && b0 <= 0xDFU) {
    if (avail >= 2 && is_utf8_continuation(byte(1))) {
      return {static_cast<char32_t>(((b0 & 0x1FU) << 6U) | (byte(1) & 0x3FU)), 2, true};
    }
  } else if (b0 >= 0xE0U && b0 <= 0xEFU) {
    if (avail >= 3) {
      const unsigned char b1 = byte(1);
      const unsigned char lo = b0 == 0xE0U ? 0xA0U : 0x80U;
      const unsigned char hi = b0 == 0xEDU ? 0x9FU : 0xBFU;
      if (b1 >= lo && b1 <= hi && is_utf8_continuation(byte(2))) {
        return {static_cast<char32_t>(((b0 & 0x0FU) << 12U) | ((b1 & 0x3FU) << 6U) | (byte(2) & 0x3FU)), 3, true};
      }
    }
  } else if (b0 >= 0xF0U && b0 <= 0xF4U) {
    if (avail >= 4) {
      const unsigned char b1 = byte(1);
      const unsigned char lo = b0 == 0xF0U ? 0x90U : 0x80U;
      const unsigned char hi = b0 == 0xF4U ? 0x8FU : 0xBFU;
      if (b1 >= lo && b1 <= hi && is_utf8_continuation(byte(2)) && is_utf8_continuation(byte(3))) {
        return {static_cast<char32_t>(((b0 & 0x07U) << 18U) | ((b1 & 0x3FU) << 12U) | ((byte(2) & 0x3FU) << 6U) |
                                      (byte(3) & 0x3FU)),
                4, true};
      }
    }
  }
  return {0xFFFD, 1, false};
}

/**
 * Decodes the code point at `p`, which must be before `end`. Never reads at or past `end`.
 * The functions below decide ASCII themselves, so that it costs one comparison in every caller
 * however the compiler inlines, and leave the rest to `decode_utf8_multibyte()`.
 *
 * ```
 * const utf8_char c = decode_utf8(s.data(), s.data() + s.size());  // "é..." -> {U+00E9, 2, true}
 * ```
 */
inline utf8_char decode_utf8(const char* p, const char* end) noexcept {
  const auto b0 = static_cast<unsigned char>(*p);
  if (b0 < 0x80U) return {b0, 1, true};
  return decode_utf8_multibyte(p, end);
}

/// Decodes the code point at s[i] (i < s.size()) into `cp` and returns its length in bytes
/// (invalid UTF-8: U+FFFD, 1).
inline std::size_t decode_utf8(std::string_view s, std::size_t i, char32_t& cp) noexcept {
  if (const auto b0 = static_cast<unsigned char>(s[i]); b0 < 0x80U) {
    cp = b0;
    return 1;
  }
  const utf8_char c = decode_utf8_multibyte(s.data() + i, s.data() + s.size());
  cp = c.cp;
  return c.len;
}

/// Length in bytes of the valid UTF-8 sequence starting at s[i] (i < s.size()), or 0 when it
/// is not valid.
inline std::size_t utf8_sequence_length(std::string_view s, std::size_t i) noexcept {
  if (static_cast<unsigned char>(s[i]) < 0x80U) return 1;
  const utf8_char c = decode_utf8_multibyte(s.data() + i, s.data() + s.size());
  return c.valid ? c.len : 0;
}

/// Byte offset of the first invalid UTF-8 sequence, or npos when the text is valid.
inline std::size_t find_invalid_utf8(std::string_view s) noexcept {
  const char* const begin = s.data();
  const char* const end = begin + s.size();
  for (const char* p = begin; p != end;) {
    if (static_cast<unsigned char>(*p) < 0x80U) {
      ++p;
      continue;
    }
    const utf8_char c = decode_utf8_multibyte(p, end);
    if (!c.valid) return static_cast<std::size_t>(p - begin);
    p += c.len;
  }
  return std::string_view::npos;
}

/// Appends the UTF-8 form of `cp` (a Unicode scalar value: at most U+10FFFF, no surrogate).
inline void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0U | (cp >> 6U));
    out += static_cast<char>(0x80U | (cp & 0x3FU));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0U | (cp >> 12U));
    out += static_cast<char>(0x80U | ((cp >> 6U) & 0x3FU));
    out += static_cast<char>(0x80U | (cp & 0x3FU));
  } else {
    out += static_cast<char>(0xF0U | (cp >> 18U));
    out += static_cast<char>(0x80U | ((cp >> 12U) & 0x3FU));
    out += static_cast<char>(0x80U | ((cp >> 6U) & 0x3FU));
    out += static_cast<char>(0x80U | (cp & 0x3FU));
  }
}

/// The text with every byte that is not valid UTF-8 written as `\xNN` and control characters
/// as `\u00NN`, so that an error message quoting hostile input is itself safe to print.
inline std::string printable(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t len = utf8_sequence_length(s, i);
    const auto c = static_cast<unsigned char>(s[i]);
    if (len == 0) {
      out += "\\x";
      out += hex_digits[c >> 4];
      out += hex_digits[c & 15];
      ++i;
    } else if (len == 1 && (c < 0x20 || c == 0x7F)) {
      out += "\\u00";
      out += hex_digits[c >> 4];
      out += hex_digits[c & 15];
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
