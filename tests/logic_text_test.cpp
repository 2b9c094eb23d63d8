// SPDX-License-Identifier: MIT
// Tests of logic/text.hpp (src/): JavaScript's number and text rules, which every JsonLogic
// operator that meets a string or prints a number follows: `Number(s)` (in `-`, `/`, `==`, `<`),
// `parseFloat(s)` (in `+` and `*`) and `String(n)` (in `cat`, `in`, object keys).
//
// Expected values come from node 20 (V8): for each string s, `String(Number(s) - 0)` and
// `String(parseFloat(s))`; for each number, `String(n)`. Long strings are written as runs.
// Beyond those, property tests check what holds for every double: the text of a number reads
// back as the same number, has no digit to spare and is laid out as JS lays it out; binary,
// octal and hexadecimal strings round as C's strtod rounds a hexadecimal string (correctly).
#include <gtest/gtest.h>

#include <carecompare/logic.hpp>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <string_view>
#include <utility>

#include "logic/text.hpp"  // the rules themselves (src/), for the property tests

namespace {

namespace logic = carecompare::logic;
namespace text = carecompare::logic::detail;
using nlohmann::json;

std::string rep(char c, std::size_t n) { return std::string(n, c); }

/// What the engine computes for `rule` with {"s": s}, as text.
std::string run(const logic::rule& rule, const std::string& s) {
  return logic::apply(rule, json{{"s", s}}).get<std::string>();
}

struct string_case {
  std::string text;
  const char* number;       // String(Number(text) - 0)
  const char* parse_float;  // String(parseFloat(text))
};

TEST(JsNumbers, StringsReadAsJsReadsThem) {
  const logic::rule number = logic::compile(json::parse(R"({"cat":[{"-":[{"var":"s"},0]}]})"));
  const logic::rule parse_float = logic::compile(json::parse(R"({"cat":[{"+":[{"var":"s"}]}]})"));
  const string_case cases[] = {
      {"0x1F", "31", "0"},
      {"0X1f", "31", "0"},
      {"0o17", "15", "0"},
      {"0O17", "15", "0"},
      {"0b101", "5", "0"},
      {"0B101", "5", "0"},
      {"0x", "NaN", "0"},
      {"0o", "NaN", "0"},
      {"0b", "NaN", "0"},
      {"0b2", "NaN", "0"},
      {"0o8", "NaN", "0"},
      {"0xg", "NaN", "0"},
      {"-0x10", "NaN", "0"},
      {"+0x10", "NaN", "0"},
      {" 0x10 ", "16", "0"},
      {std::string("0x1") + rep('f', 13), "9007199254740991", "0"},
      {std::string("0x2") + rep('0', 13), "9007199254740992", "0"},
      {std::string("0x2") + rep('0', 12) + "1", "9007199254740992", "0"},
      {std::string("0x2") + rep('0', 12) + "2", "9007199254740994", "0"},
      {std::string("0x2") + rep('0', 12) + "3", "9007199254740996", "0"},
      {std::string("0x2") + rep('0', 12) + "1" + rep('0', 20), "1.0889035741470031e+40", "0"},
      {std::string("0x2") + rep('0', 12) + "1" + rep('0', 20) + "1", "1.7422457186352053e+41", "0"},
      {std::string("0b1") + rep('0', 52) + "1", "9007199254740992", "0"},
      {std::string("0b1") + rep('0', 51) + "11", "9007199254740996", "0"},
      {std::string("0o1") + rep('0', 17) + "1", "18014398509481984", "0"},
      {std::string("0o") + rep('7', 30), "1.2379400392853803e+27", "0"},
      {std::string("0o4") + rep('0', 17) + "4", "72057594037927940", "0"},
      {"9007199254740993", "9007199254740992", "9007199254740992"},
      {std::string("9007199254740993.") + rep('0', 15) + "1", "9007199254740994", "9007199254740994"},
      {"9007199254740995", "9007199254740996", "9007199254740996"},
      {std::string("1") + rep('0', 400), "Infinity", "Infinity"},
      {std::string("0.") + rep('0', 400) + "1", "0", "0"},
      {"1e400", "Infinity", "Infinity"},
      {"-1e400", "-Infinity", "-Infinity"},
      {"1e-400", "0", "0"},
      {"-1e-400", "0", "0"},
      {"2.4703282292062327e-324", "0", "0"},
      {"2.4703282292062328e-324", "5e-324", "5e-324"},
      {"4.9406564584124654e-324", "5e-324", "5e-324"},
      {"1.7976931348623157e308", "1.7976931348623157e+308", "1.7976931348623157e+308"},
      {"1.7976931348623158e308", "1.7976931348623157e+308", "1.7976931348623157e+308"},
      {"1.7976931348623159e308", "Infinity", "Infinity"},
      {"179769313486231580793728971405301e276", "1.7976931348623157e+308", "1.7976931348623157e+308"},
      {"0.1", "0.1", "0.1"},
      {std::string("0.3") + rep('0', 15) + "4", "0.30000000000000004", "0.30000000000000004"},
      {"1e21", "1e+21", "1e+21"},
      {"1e-7", "1e-7", "1e-7"},
      {"123e-20", "1.23e-18", "1.23e-18"},
      {".5", "0.5", "0.5"},
      {"5.", "5", "5"},
      {"+.5", "0.5", "0.5"},
      {"-.5e1", "-5", "-5"},
      {"1.e2", "100", "100"},
      {".", "NaN", "NaN"},
      {".e1", "NaN", "NaN"},
      {"e1", "NaN", "NaN"},
      {"1e", "NaN", "1"},
      {"1e+", "NaN", "1"},
      {"1e-", "NaN", "1"},
      {"1e+2", "100", "100"},
      {"1E2", "100", "100"},
      {"00012", "12", "12"},
      {"-0", "0", "0"},
      {"+0", "0", "0"},
      {"0.0e0", "0", "0"},
      {"1e99999999999", "Infinity", "Infinity"},
      {"0e99999999999", "0", "0"},
      {"1e-99999999999", "0", "0"},
      {"Infinity", "Infinity", "Infinity"},
      {"-Infinity", "-Infinity", "-Infinity"},
      {"+Infinity", "Infinity", "Infinity"},
      {"infinity", "NaN", "NaN"},
      {"inf", "NaN", "NaN"},
      {"nan", "NaN", "NaN"},
      {"NaN", "NaN", "NaN"},
      {"1_000", "NaN", "1"},
      {"12px", "NaN", "12"},
      {"1.5.3", "NaN", "1.5"},
      {"", "0", "NaN"},
      {" \x0A\x09 12 \xC2\xA0\xE2\x80\xA8\xEF\xBB\xBF", "12", "12"},
      {"\xE3\x80\x80-3.25\xE2\x81\x9F", "-3.25", "-3.25"},
      {"\xC2\x85"
       "1",
       "NaN", "NaN"},
      {std::string("3.") + rep('3', 800), "3.3333333333333335", "3.3333333333333335"},
      {std::string("1") + rep('2', 30) + "e-30", "1.2222222222222223", "1.2222222222222223"},
  };
  for (const string_case& c : cases) {
    SCOPED_TRACE("\"" + c.text.substr(0, 80) + (c.text.size() > 80 ? "...\"" : "\""));
    EXPECT_EQ(run(number, c.text), c.number);
    EXPECT_EQ(run(parse_float, c.text), c.parse_float);
  }
}

TEST(JsNumbers, NegativeZeroAndUnderflowKeepTheirSign) {
  // 1 / x tells -0 from +0.
  const logic::rule inverse = logic::compile(json::parse(R"({"cat":[{"/":[1,{"-":[{"var":"s"},0]}]}]})"));
  EXPECT_EQ(run(inverse, "-0"), "-Infinity");
  EXPECT_EQ(run(inverse, " -0.0e5 "), "-Infinity");
  EXPECT_EQ(run(inverse, "-1e-400"), "-Infinity");
  EXPECT_EQ(run(inverse, "-2.4703282292062327e-324"), "-Infinity");
  EXPECT_EQ(run(inverse, "0"), "Infinity");
  EXPECT_EQ(run(inverse, "1e-400"), "Infinity");
  EXPECT_EQ(run(inverse, "0x0"), "Infinity");
}

/// `bits` (a string of 0 and 1) written in base 2, 8 or 16.
std::string in_base(const std::string& bits, int bits_per_digit) {
  const auto per = static_cast<std::size_t>(bits_per_digit);
  const std::string padded = rep('0', (per - bits.size() % per) % per) + bits;
  std::string digits;
  for (std::size_t k = 0; k < padded.size(); k += per) {
    int v = 0;
    for (std::size_t j = 0; j < per; ++j) v = v * 2 + (padded[k + j] - '0');
    digits += "0123456789abcdef"[v];
  }
  return digits;
}

TEST(JsNumbers, RadixStringsRoundToNearestEvenNearTwoToThe53And1024) {
  const logic::rule number = logic::compile(json::parse(R"({"cat":[{"-":[{"var":"s"},0]}]})"));
  struct bits_case {
    std::string bits;
    const char* number;
  };
  const bits_case cases[] = {
      {rep('1', 53) + rep('0', 971), "1.7976931348623157e+308"},               // the largest double
      {rep('1', 53) + "0" + rep('1', 970), "1.7976931348623157e+308"},         // just below the half
      {rep('1', 53) + "1" + rep('0', 970), "Infinity"},                        // the half: to even
      {rep('1', 52) + "01" + rep('0', 970), "1.7976931348623155e+308"},        // a half: to even, down
      {rep('1', 52) + "01" + rep('0', 969) + "1", "1.7976931348623157e+308"},  // past the half
      {"11" + rep('0', 1023), "Infinity"},
      {"1" + rep('0', 52) + "1", "9007199254740992"},                             // 2^53 + 1
      {"1" + rep('0', 51) + "11", "9007199254740996"},                            // 2^53 + 3
      {"1" + rep('0', 52) + "1" + rep('0', 99) + "1", "1.1417981541647682e+46"},  // a far sticky bit
  };
  for (const bits_case& c : cases) {
    for (const int per : {1, 3, 4}) {
      const std::string digits = in_base(c.bits, per);
      const std::string prefix = per == 1 ? "0b" : per == 3 ? "0o" : "0x";
      const std::string upper = per == 1 ? "0B" : per == 3 ? "0O" : "0X";
      SCOPED_TRACE(prefix + digits.substr(0, 40) + "... (" + std::to_string(digits.size()) + " digits)");
      EXPECT_EQ(run(number, prefix + digits), c.number);
      EXPECT_EQ(run(number, upper + "000" + digits), c.number);
    }
  }
}

TEST(JsNumbers, RadixStringsRoundAsStrtodRoundsHexadecimal) {
  std::mt19937_64 rng(20240611);
  for (int i = 0; i < 20000; ++i) {
    // A random significand of up to 80 bits, then a rounding pattern, then up to 1100 zeros.
    std::string bits = "1";
    const auto significant = static_cast<int>(rng() % 80);
    for (int j = 0; j < significant; ++j) bits += "01"[rng() % 2];
    switch (rng() % 4) {
      case 0: bits += "1"; break;
      case 1: bits += "1" + rep('0', rng() % 40) + "1"; break;
      case 2: bits += "0" + rep('1', rng() % 40); break;
      default: break;
    }
    bits += rep('0', rng() % (rng() % 4 == 0 ? 1100 : 60));
    const std::string hex = "0x" + in_base(bits, 4);
    const double expected = std::strtod(hex.c_str(), nullptr);  // C99: correctly rounded, HUGE_VAL past the range
    for (const int per : {1, 3, 4}) {
      const std::string s = std::string(per == 1 ? "0b" : per == 3 ? "0o" : "0x") + in_base(bits, per);
      const double got = text::js_string_to_number(s);
      ASSERT_EQ(std::memcmp(&got, &expected, sizeof got), 0)
          << s.substr(0, 60) << "... (" << s.size() << " bytes): got " << got << ", strtod " << expected;
    }
  }
}

TEST(JsNumbers, NumbersPrintAsJsPrintsThem) {
  const logic::rule cat = logic::compile(json::parse(R"({"cat":[{"var":"n"}]})"));
  const std::pair<const char*, const char*> cases[] = {{"0.1", "0.1"},
                                                       {"0.30000000000000004", "0.30000000000000004"},
                                                       {"1e21", "1e+21"},
                                                       {"1e-7", "1e-7"},
                                                       {"123e-20", "1.23e-18"},
                                                       {"1e20", "100000000000000000000"},
                                                       {"0.000001", "0.000001"},
                                                       {"0.0000012345", "0.0000012345"},
                                                       {"1.5", "1.5"},
                                                       {"-1.5", "-1.5"},
                                                       {"5e-324", "5e-324"},
                                                       {"2.2250738585072014e-308", "2.2250738585072014e-308"},
                                                       {"1.7976931348623157e308", "1.7976931348623157e+308"},
                                                       {"9007199254740992", "9007199254740992"},
                                                       {"9007199254740994", "9007199254740994"},
                                                       {"18446744073709551616", "18446744073709552000"},
                                                       {"123456789012345680000", "123456789012345680000"},
                                                       {"1.2345678901234567e21", "1.2345678901234568e+21"},
                                                       {"999999999999999900000", "999999999999999900000"},
                                                       {"1e22", "1e+22"},
                                                       {"0.3333333333333333", "0.3333333333333333"},
                                                       {"33.333333333333336", "33.333333333333336"},
                                                       {"4.35", "4.35"},
                                                       {"0.000123", "0.000123"},
                                                       {"1.0000000000000002", "1.0000000000000002"},
                                                       {"-0.0000001", "-1e-7"},
                                                       {"100.5", "100.5"},
                                                       {"1e-6", "0.000001"},
                                                       {"1.5e-6", "0.0000015"},
                                                       {"1e16", "10000000000000000"},
                                                       {"1.25e15", "1250000000000000"},
                                                       {"12345678.9", "12345678.9"},
                                                       {"-1e-7", "-1e-7"},
                                                       {"1e300", "1e+300"},
                                                       {"2e-323", "2e-323"},
                                                       {"3.0517578125e-05", "0.000030517578125"},
                                                       {"4294967296.5", "4294967296.5"},
                                                       {"-9007199254740993.5", "-9007199254740994"},
                                                       {"-0.0", "0"},
                                                       {"-9007199254740991", "-9007199254740991"}};
  for (const auto& [literal, expected] : cases) {
    EXPECT_EQ(logic::apply(cat, json{{"n", json::parse(literal)}}).get<std::string>(), expected) << literal;
  }
}

/// Significant digits of a JS number text ("-1.25e-7" -> 3, "1200" -> 2, "0.0012" -> 2).
int significant_digits(std::string_view t) {
  const std::size_t e = t.find('e');
  std::string digits;
  for (const char c : t.substr(0, e)) {
    if (c >= '0' && c <= '9') digits += c;
  }
  const std::size_t first = digits.find_first_not_of('0');
  const std::size_t last = digits.find_last_not_of('0');
  return first == std::string::npos ? 0 : static_cast<int>(last - first + 1);
}

TEST(JsNumbers, EveryNumberPrintsItsShortestRoundTripText) {
  std::mt19937_64 rng(5489);
  for (int i = 0; i < 200000; ++i) {
    double d = 0;
    const std::uint64_t bits = rng();
    if (i % 2 == 0) {
      std::memcpy(&d, &bits, sizeof d);  // any double
    } else {                             // short decimals, where most numbers people write are
      d = static_cast<double>(bits % 1000000) / std::pow(10.0, static_cast<double>(rng() % 12));
    }
    if (!std::isfinite(d) || d == 0) continue;
    const text::number_text t = text::js_number_to_string(d);
    const std::string s(t.view());
    SCOPED_TRACE(s);
    // It reads back as the same number.
    const double back = text::js_string_to_number(s);
    ASSERT_EQ(std::memcmp(&back, &d, sizeof d), 0);
    // No shorter text does (C's printf rounds correctly to the precision asked).
    const int k = significant_digits(s);
    if (k > 1) {
      char shorter[40];
      std::snprintf(shorter, sizeof shorter, "%.*e", k - 2, d);
      ASSERT_NE(std::strtod(shorter, nullptr), d) << shorter << " is shorter and reads back as well";
    }
    // JS's layout: plain digits from 1e-6 up to 1e21, an exponent ("e+21", "e-7") outside.
    const double a = std::fabs(d);
    const bool plain = a >= 1e-6 && a < 1e21;
    ASSERT_EQ(s.find('e') == std::string::npos, plain);
    if (!plain) {
      ASSERT_TRUE(s.find("e+") != std::string::npos || s.find("e-") != std::string::npos);
    }
  }
}

}  // namespace
