// SPDX-License-Identifier: MIT
/**
 * @file logic/text.hpp
 * Internal: the JavaScript text rules the JsonLogic engine needs, on UTF-8 strings.
 *
 * - JS number formatting (`Number.prototype.toString()`): 1.5, 1e+21, 1e-7, "0" for -0;
 * - `ToNumber(string)` (trimmed, "" -> 0, 0x/0o/0b prefixes, "Infinity") and `parseFloat`;
 * - strings measured and cut in UTF-16 code units, as JS does, over UTF-8 storage. Invalid
 *   UTF-8 bytes count as one unit each and read as U+FFFD; a cut through a surrogate pair yields
 *   U+FFFD for the lone half (JS would keep a lone surrogate, which UTF-8 cannot hold).
 *
 * Decimal text is read by fast_float and numbers are written by fmt (its shortest round-trip
 * digits): both correctly rounded, locale-independent and the same with every standard library.
 * UTF-8 is decoded by the library's one decoder (util/utf8.hpp).
 *
 * Nothing here allocates except the functions that append to a `std::string`.
 */
#ifndef CARECOMPARE_SRC_LOGIC_TEXT_HPP
#define CARECOMPARE_SRC_LOGIC_TEXT_HPP

#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <system_error>

#include <fast_float/fast_float.h>
#include <fmt/compile.h>
#include <fmt/format.h>
#include <carecompare/config.hpp>

#include "../util/hex.hpp"
#include "../util/utf8.hpp"

CARECOMPARE_BEGIN_NAMESPACE
namespace logic::detail {

inline constexpr double nan_v = std::numeric_limits<double>::quiet_NaN();
inline constexpr double inf_v = std::numeric_limits<double>::infinity();

// ---- UTF-8 -------------------------------------------------------------------------------

// The decoder of util/utf8.hpp, under the names this engine has always used.
using ::carecompare::detail::append_utf8;
using ::carecompare::detail::decode_utf8;
using ::carecompare::detail::utf8_char;

inline constexpr bool is_continuation(unsigned char c) noexcept {
  return ::carecompare::detail::is_utf8_continuation(c);
}

/// Number of UTF-16 code units of a code point.
inline constexpr std::size_t utf16_units(char32_t cp) noexcept { return cp >= 0x10000 ? 2 : 1; }

/// The JS `length` of a string: its number of UTF-16 code units.
inline std::size_t utf16_length(std::string_view s) noexcept {
  std::size_t n = 0;
  const char* p = s.data();
  const char* end = p + s.size();
  while (p != end) {
    if (static_cast<unsigned char>(*p) < 0x80U) {
      ++p;
      ++n;
      continue;
    }
    const utf8_char c = decode_utf8(p, end);
    p += c.len;
    n += utf16_units(c.cp);
  }
  return n;
}

/**
 * Appends the UTF-16 code units [from, to) of `s` to `out` as UTF-8 (JS `substring`).
 * A surrogate pair cut in half, and an invalid byte, become U+FFFD.
 */
inline void append_utf16_slice(std::string& out, std::string_view s, std::size_t from, std::size_t to) {
  if (from >= to) return;
  std::size_t unit = 0;
  const char* p = s.data();
  const char* end = p + s.size();
  while (p != end && unit < to) {
    const utf8_char c = decode_utf8(p, end);
    const std::size_t w = utf16_units(c.cp);
    std::size_t inside = 0;
    for (std::size_t k = 0; k < w; ++k) {
      if (unit + k >= from && unit + k < to) ++inside;
    }
    if (inside == w && c.valid) {
      out.append(p, c.len);
    } else if (inside != 0) {
      append_utf8(out, 0xFFFD);
    }
    unit += w;
    p += c.len;
  }
}

/// Compares two strings by UTF-16 code units, as JS `<` does: negative, zero or positive.
inline int compare_utf16(std::string_view a, std::string_view b) noexcept {
  const std::size_t common = a.size() < b.size() ? a.size() : b.size();
  std::size_t i = 0;
  while (i < common && a[i] == b[i]) ++i;
  if (i == common) return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
  const auto ca = static_cast<unsigned char>(a[i]);
  const auto cb = static_cast<unsigned char>(b[i]);
  if (ca < 0x80U && cb < 0x80U) return ca < cb ? -1 : 1;
  // Slow path: back up to the start of the code point and compare unit by unit.
  while (i > 0 && is_continuation(static_cast<unsigned char>(a[i]))) --i;
  const char* pa = a.data() + i;
  const char* ea = a.data() + a.size();
  const char* pb = b.data() + i;
  const char* eb = b.data() + b.size();
  auto units = [](char32_t cp, char16_t(&u)[2]) -> int {
    if (cp < 0x10000) {
      u[0] = static_cast<char16_t>(cp);
      return 1;
    }
    const char32_t v = cp - 0x10000;
    u[0] = static_cast<char16_t>(0xD800U + (v >> 10U));
    u[1] = static_cast<char16_t>(0xDC00U + (v & 0x3FFU));
    return 2;
  };
  while (pa != ea && pb != eb) {
    const utf8_char xa = decode_utf8(pa, ea);
    const utf8_char xb = decode_utf8(pb, eb);
    char16_t ua[2] = {};
    char16_t ub[2] = {};
    const int na = units(xa.cp, ua);
    const int nb = units(xb.cp, ub);
    if (ua[0] != ub[0]) return ua[0] < ub[0] ? -1 : 1;
    if (na == 2 && nb == 2 && ua[1] != ub[1]) return ua[1] < ub[1] ? -1 : 1;
    if (na != nb) {
      // One is a pair, the other a single unit with the same value (impossible for valid
      // input); order by what follows.
      return na < nb ? -1 : 1;
    }
    pa += xa.len;
    pb += xb.len;
  }
  if (pa == ea && pb == eb) return 0;
  return pa == ea ? -1 : 1;
}

// ---- JS white space and numbers -------------------------------------------------------------

/// JS WhiteSpace or LineTerminator (what `String.prototype.trim` and `Number()` strip).
inline constexpr bool is_js_space(char32_t c) noexcept {
  switch (c) {
    case 0x09:
    case 0x0A:
    case 0x0B:
    case 0x0C:
    case 0x0D:
    case 0x20:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
    case 0xFEFF: return true;
    default: return c >= 0x2000 && c <= 0x200A;
  }
}

/// `s` without leading JS white space.
inline std::string_view trim_js_start(std::string_view s) noexcept {
  const char* p = s.data();
  const char* end = p + s.size();
  while (p != end) {
    const utf8_char c = decode_utf8(p, end);
    if (!c.valid || !is_js_space(c.cp)) break;
    p += c.len;
  }
  return {p, static_cast<std::size_t>(end - p)};
}

/// `s` without leading and trailing JS white space.
inline std::string_view trim_js(std::string_view s) noexcept {
  s = trim_js_start(s);
  const char* p = s.data();
  const char* end = p + s.size();
  const char* last = p;  // end of the last non-space code point
  while (p != end) {
    const utf8_char c = decode_utf8(p, end);
    p += c.len;
    if (!c.valid || !is_js_space(c.cp)) last = p;
  }
  return {s.data(), static_cast<std::size_t>(last - s.data())};
}

inline constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

/**
 * Reads the longest StrDecimalLiteral at the start of `s` (`[+-]? (Infinity | digits [. digits]
 * [e [+-] digits] | . digits [e [+-] digits])`). Returns the number of bytes used (0: none) and
 * stores the value, rounded as JS rounds (correctly), in `out`: past the largest double it is
 * +-Infinity, below the smallest +-0.
 */
inline std::size_t scan_decimal(std::string_view s, double& out) noexcept {
  const char* const begin = s.data();
  const char* const end = begin + s.size();
  const char* p = begin;
  bool negative = false;
  if (p != end && (*p == '+' || *p == '-')) {
    negative = *p == '-';
    ++p;
  }
  if (end - p >= 8 && std::string_view(p, 8) == "Infinity") {
    out = negative ? -inf_v : inf_v;
    return static_cast<std::size_t>(p + 8 - begin);
  }
  // From a digit or a point on, fast_float's grammar is JS's unsigned decimal literal, and it
  // reads the longest prefix that matches ("1e+" -> 1, "1.5.2" -> 1.5; "." and ".e1" are no
  // number). It is only handed text starting there: its sign and its "inf"/"nan" are not JS's.
  if (p == end || !(is_digit(*p) || *p == '.')) return 0;
  double value = 0;
  const auto res = fast_float::from_chars(p, end, value, fast_float::chars_format::general);
  // Out of range, fast_float writes +-Infinity or +-0, what JS wants: fast_float 3 says errc(),
  // later versions result_out_of_range.
  if (res.ec != std::errc() && res.ec != std::errc::result_out_of_range) return 0;
  out = negative ? -value : value;
  return static_cast<std::size_t>(res.ptr - begin);
}

/// JS `parseFloat(s)` on a string.
inline double js_parse_float(std::string_view s) noexcept {
  s = trim_js_start(s);
  double value = 0;
  return scan_decimal(s, value) == 0 ? nan_v : value;
}

/**
 * Digits in base 2, 8 or 16 (after the 0b/0o/0x prefix) to a double, as JS reads them: exact up
 * to 2^53, correctly rounded (to nearest, ties to even) beyond, Infinity when that passes the
 * largest double. NaN when there is no digit or a character is not a digit of the base.
 */
inline double parse_radix(std::string_view digits, int bits_per_digit) noexcept {
  if (digits.empty()) return nan_v;
  // The value is m * 2^dropped. m takes whole digits while they fit in 64 bits, so it keeps at
  // least the first 61 significant bits; of the bits after those, rounding to 53 bits needs
  // only whether any is 1, which goes into the lowest bit of m (a sticky bit, far below the
  // rounding position). The conversion of m to double then rounds once, correctly (IEEE 754),
  // and the scaling by a power of two is exact, or Infinity past the largest double.
  std::uint64_t m = 0;
  std::size_t dropped = 0;
  bool sticky = false;
  const unsigned bits = static_cast<unsigned>(bits_per_digit);
  for (const char c : digits) {
    const int digit = ::carecompare::detail::hex_digit(c);
    const unsigned v = digit < 0 ? 16U : static_cast<unsigned>(digit);
    if ((v >> bits) != 0) return nan_v;
    if ((m >> (64U - bits)) == 0) {
      m = (m << bits) | v;
    } else {
      dropped += bits;
      sticky = sticky || v != 0;
    }
  }
  if (sticky) m |= 1U;
  // Past 2^1024 whatever m is (m >= 2^60 once a digit is dropped): the cap keeps the int in range.
  const int exponent = dropped > 2048 ? 2048 : static_cast<int>(dropped);
  return std::ldexp(static_cast<double>(m), exponent);
}

/// JS `Number(s)` (StringToNumber): white space trimmed, "" -> 0, hex/octal/binary, else NaN.
inline double js_string_to_number(std::string_view s) {
  s = trim_js(s);
  if (s.empty()) return 0;
  if (s.size() > 2 && s[0] == '0') {
    const char p = s[1];
    if (p == 'x' || p == 'X') return parse_radix(s.substr(2), 4);
    if (p == 'o' || p == 'O') return parse_radix(s.substr(2), 3);
    if (p == 'b' || p == 'B') return parse_radix(s.substr(2), 1);
  }
  double value = 0;
  const std::size_t used = scan_decimal(s, value);
  return (used == s.size()) ? value : nan_v;
}

/// Room for any JS number text.
struct number_text {
  char buf[40];
  std::size_t len = 0;
  [[nodiscard]] std::string_view view() const noexcept { return {buf, len}; }
};

/// JS `Number.prototype.toString()`: shortest round-trip digits, JS layout.
inline number_text js_number_to_string(double d) noexcept {
  number_text t;
  if (std::fabs(d) < 9007199254740992.0) {  // the common case, an integer (-0 prints "0")
    const auto i = static_cast<std::int64_t>(d);
    if (static_cast<double>(i) == d) {
      t.len = static_cast<std::size_t>(std::to_chars(t.buf, t.buf + sizeof t.buf, i).ptr - t.buf);
      return t;
    }
  }
  auto put = [&t](std::string_view s) {
    std::memcpy(t.buf + t.len, s.data(), s.size());
    t.len += s.size();
  };
  if (std::isnan(d)) {
    put("NaN");
    return t;
  }
  if (std::isinf(d)) {
    put(d < 0 ? "-Infinity" : "Infinity");
    return t;
  }
  if (d < 0) {
    put("-");
    d = -d;
  }
  // fmt writes the shortest digits that read back as d, the closest of them to d (Dragonbox),
  // in a layout of its own choosing: "1e+21", "1.5e-07", "0.001", "100000", "123.456". Only
  // its digits and its decimal exponent are kept; the layout is JS's, below.
  // The longest is 23 bytes: 17 digits, a point and "e-308", or "0.0000" and 17 digits.
  char text[32];
  const char* const text_end = fmt::format_to(text, FMT_COMPILE("{}"), d);
  char digits[sizeof text];
  int k = 0;
  int point = -1;  // digits before fmt's decimal point
  const char* p = text;
  for (; p != text_end && *p != 'e'; ++p) {
    if (*p == '.') {
      point = k;
    } else {
      digits[k++] = *p;
    }
  }
  if (point < 0) point = k;
  int exponent = 0;
  if (p != text_end) {  // "e+XX" or "e-XX"
    const bool exponent_negative = p[1] == '-';
    for (p += 2; p != text_end; ++p) exponent = exponent * 10 + (*p - '0');
    if (exponent_negative) exponent = -exponent;
  }
  // The value is 0.DIGITS * 10^n; without the leading zeros of "0.001" and the trailing zeros of
  // "100000", DIGITS are the k digits of JS's Number::toString, n its n.
  int first = 0;
  int n = point + exponent;
  while (first < k && digits[first] == '0') {
    ++first;
    --n;
  }
  while (k > first && digits[k - 1] == '0') --k;
  const std::string_view ds(digits + first, static_cast<std::size_t>(k - first));
  k -= first;
  if (k <= n && n <= 21) {
    put(ds);
    for (int z = 0; z < n - k; ++z) put("0");
  } else if (0 < n && n <= 21) {
    put(ds.substr(0, static_cast<std::size_t>(n)));
    put(".");
    put(ds.substr(static_cast<std::size_t>(n)));
  } else if (-6 < n && n <= 0) {
    put("0.");
    for (int z = 0; z < -n; ++z) put("0");
    put(ds);
  } else {
    put(ds.substr(0, 1));
    if (k > 1) {
      put(".");
      put(ds.substr(1));
    }
    put(n - 1 < 0 ? "e-" : "e+");
    char exp_buf[8];
    const auto er = std::to_chars(exp_buf, exp_buf + sizeof exp_buf, n - 1 < 0 ? 1 - n : n - 1);
    put(std::string_view(exp_buf, static_cast<std::size_t>(er.ptr - exp_buf)));
  }
  return t;
}

/// Whether `s` is a JS array index ("0", "17"; not "01", "-1", "4294967295"), and its value.
inline bool parse_array_index(std::string_view s, std::uint32_t& out) noexcept {
  if (s.empty() || s.size() > 10) return false;
  if (s.size() > 1 && s[0] == '0') return false;
  std::uint64_t v = 0;
  for (char c : s) {
    if (!is_digit(c)) return false;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (v >= 4294967295ULL) return false;
  out = static_cast<std::uint32_t>(v);
  return true;
}

/// JS ToIntegerOrInfinity on a number: NaN -> 0, otherwise truncated toward zero.
inline double to_integer_or_infinity(double d) noexcept {
  if (std::isnan(d)) return 0;
  return std::trunc(d) + 0.0;  // + 0.0 turns -0 into +0
}

}  // namespace logic::detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_LOGIC_TEXT_HPP
