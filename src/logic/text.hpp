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

#include <carecompare/config.hpp>

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
inline void append_utf16_slice(std::string& out, std::string_view s, std::size_t from,
                               std::size_t to) {
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
    case 0xFEFF:
      return true;
    default:
      return c >= 0x2000 && c <= 0x200A;
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
 * stores the value, rounded as JS rounds (correctly), in `out`.
 */
inline std::size_t scan_decimal(std::string_view s, double& out) noexcept {
  const std::size_t n = s.size();
  std::size_t i = 0;
  bool negative = false;
  if (i < n && (s[i] == '+' || s[i] == '-')) {
    negative = s[i] == '-';
    ++i;
  }
  if (s.substr(i, 8) == "Infinity") {
    out = negative ? -inf_v : inf_v;
    return i + 8;
  }
  const std::size_t digits_begin = i;
  std::size_t int_digits = 0;
  while (i < n && is_digit(s[i])) {
    ++i;
    ++int_digits;
  }
  std::size_t frac_digits = 0;
  if (i < n && s[i] == '.') {
    std::size_t j = i + 1;
    while (j < n && is_digit(s[j])) {
      ++j;
      ++frac_digits;
    }
    if (int_digits + frac_digits > 0) i = j;
  }
  if (int_digits + frac_digits == 0) return 0;
  const std::size_t mantissa_end = i;
  long long exponent = 0;
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    std::size_t j = i + 1;
    bool exp_negative = false;
    if (j < n && (s[j] == '+' || s[j] == '-')) {
      exp_negative = s[j] == '-';
      ++j;
    }
    const std::size_t exp_begin = j;
    while (j < n && is_digit(s[j])) {
      if (exponent < 100000000) exponent = exponent * 10 + (s[j] - '0');
      ++j;
    }
    if (j > exp_begin) {
      i = j;
      if (exp_negative) exponent = -exponent;
    } else {
      exponent = 0;
    }
  }
  double value = 0;
  const auto res =
      std::from_chars(s.data() + digits_begin, s.data() + i, value, std::chars_format::general);
  if (res.ec == std::errc::result_out_of_range) {
    // Overflow or underflow: find the decimal exponent of the first significant digit.
    long long lead = 0;
    bool found = false;
    std::size_t k = digits_begin;
    long long position = static_cast<long long>(int_digits);  // digits before the point
    for (; k < mantissa_end; ++k) {
      if (s[k] == '.') continue;
      --position;
      if (s[k] != '0') {
        found = true;
        lead = position;
        break;
      }
    }
    value = (found && lead + exponent >= 0) ? inf_v : 0.0;
  } else if (res.ec != std::errc()) {
    value = nan_v;
  }
  out = negative ? -value : value;
  return i;
}

/// JS `parseFloat(s)` on a string.
inline double js_parse_float(std::string_view s) noexcept {
  s = trim_js_start(s);
  double value = 0;
  return scan_decimal(s, value) == 0 ? nan_v : value;
}

/// Digits in base 2, 8 or 16 (after the 0b/0o/0x prefix) to a correctly rounded double.
inline double parse_radix(std::string_view digits, int bits_per_digit) {
  if (digits.empty()) return nan_v;
  for (char c : digits) {
    int v = -1;
    if (c >= '0' && c <= '9')
      v = c - '0';
    else if (c >= 'a' && c <= 'f')
      v = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F')
      v = c - 'A' + 10;
    if (v < 0 || v >= (1 << bits_per_digit)) return nan_v;
  }
  double value = 0;
  if (bits_per_digit == 4) {
    const auto res = std::from_chars(digits.data(), digits.data() + digits.size(), value,
                                     std::chars_format::hex);
    return res.ec == std::errc::result_out_of_range ? inf_v : value;
  }
  // Binary and octal: regroup the bits into hexadecimal digits, then read those exactly.
  std::string bits;
  for (char c : digits) {
    const int v = c - '0';
    for (int b = bits_per_digit - 1; b >= 0; --b) bits += ((v >> b) & 1) != 0 ? '1' : '0';
  }
  const std::size_t first = bits.find('1');
  if (first == std::string::npos) return 0;
  bits.erase(0, first);
  bits.insert(0, (4 - bits.size() % 4) % 4, '0');
  std::string hex;
  for (std::size_t k = 0; k < bits.size(); k += 4) {
    const int v = (bits[k] - '0') * 8 + (bits[k + 1] - '0') * 4 + (bits[k + 2] - '0') * 2 +
                  (bits[k + 3] - '0');
    hex += "0123456789abcdef"[v];
  }
  const auto res =
      std::from_chars(hex.data(), hex.data() + hex.size(), value, std::chars_format::hex);
  return res.ec == std::errc::result_out_of_range ? inf_v : value;
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
  if (d == 0) {
    put("0");
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
  if (d < 9007199254740992.0 && d == std::floor(d)) {  // an integer: its digits, as JS prints it
    char rev[20];
    int n = 0;
    for (auto v = static_cast<std::uint64_t>(d); v != 0; v /= 10) rev[n++] = static_cast<char>('0' + v % 10);
    while (n > 0) t.buf[t.len++] = rev[--n];
    return t;
  }
  char sci[32];
  const auto res = std::to_chars(sci, sci + sizeof sci, d, std::chars_format::scientific);
  // sci is "D[.DDD]e[+-]XX": collect the digits and the exponent.
  char digits[20];
  int k = 0;
  const char* p = sci;
  for (; p != res.ptr && *p != 'e'; ++p) {
    if (*p != '.') digits[k++] = *p;
  }
  int e = 0;
  std::from_chars(p[1] == '+' ? p + 2 : p + 1, res.ptr, e);
  const int n = e + 1;  // position of the decimal point relative to the digits
  const std::string_view ds(digits, static_cast<std::size_t>(k));
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
