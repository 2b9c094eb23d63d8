// SPDX-License-Identifier: MIT
// parse_json: positions of syntax errors and the bounds on hostile input.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <carecompare/parse.hpp>
#include <cstring>
#include <limits>
#include <optional>
#include <random>
#include <string>

#include "catalog_support.hpp"
#include "util/utf8.hpp"

namespace cc = carecompare;
using carecompare_test::parse_failure;
using ::testing::HasSubstr;

TEST(ParseJson, SyntaxErrorsHaveLineAndColumn) {
  const auto e = parse_failure("{\n  \"sites\": [\"bone\",]\n}");
  EXPECT_EQ(e.id(), cc::error_ids::parse_syntax);
  EXPECT_EQ(e.line(), 2u);
  EXPECT_EQ(e.column(), 20u);
  EXPECT_THAT(std::string(e.what()), HasSubstr("[carecompare.parse.101] line 2, column 20: "));
  EXPECT_EQ(parse_failure("").line(), 1u);
  EXPECT_EQ(parse_failure("[1, 2").line(), 1u);
}

TEST(ParseJson, RejectsInvalidUtf8AndLoneSurrogates) {
  EXPECT_THAT(parse_failure("[\"caf\xC3\"]").what(), HasSubstr("UTF-8"));
  EXPECT_THAT(parse_failure("[\"\xED\xA0\x80\"]").what(), HasSubstr("UTF-8"));  // encoded surrogate
  EXPECT_THAT(parse_failure(R"(["\ud800"])").what(), HasSubstr("surrogate"));
  EXPECT_THAT(parse_failure(R"(["\udc00x"])").what(), HasSubstr("surrogate"));
  EXPECT_EQ(cc::parse_json(R"(["\ud83d\ude00"])")[0], "\xF0\x9F\x98\x80");  // a proper pair is fine
  // The byte at fault is quoted as every message quotes input: escaped, on one line.
  EXPECT_EQ(parse_failure("[\"a\nb\"]").reason(),
            "unexpected control character \\u000A (a string holds it only escaped)");
  EXPECT_EQ(parse_failure("[1]\xFF").reason(), "unexpected byte \\xFF after the end of the value");
}

TEST(ParseJson, NumbersOutOfRangeAreErrorsWithAPosition) {
  const auto e = parse_failure("{\"a\": [1,\n 1e400]}");
  EXPECT_EQ(e.id(), cc::error_ids::parse_syntax);
  EXPECT_EQ(e.line(), 2u);
  EXPECT_THAT(std::string(e.what()), HasSubstr("1e400"));
  // An exponent too long for any parser to count: the error quotes the number from its start.
  const auto huge = parse_failure("[1, 2.5e99999999999999999999999]");
  EXPECT_EQ(huge.column(), 5u);
  EXPECT_THAT(std::string(huge.what()), HasSubstr("2.5e99999999999999999999999"));
  // A depth bound as large as it gets is no bound, not a wrap to zero.
  cc::limits unbounded;
  unbounded.max_json_depth = std::numeric_limits<std::size_t>::max();
  EXPECT_EQ(cc::parse_json("[[[1]]]", unbounded)[0][0][0], 1);
  EXPECT_EQ(cc::parse_json("-0"), 0);
  EXPECT_EQ(cc::parse_json("1e308").get<double>(), 1e308);
}

TEST(ParseJson, DeepNestingIsRefusedBeforeParsing) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  const auto e = parse_failure(deep);
  EXPECT_EQ(e.id(), cc::error_ids::parse_too_deep);
  EXPECT_EQ(e.column(), 257u);
  EXPECT_THAT(std::string(e.what()), HasSubstr("max_json_depth"));
  // Brackets inside strings do not count.
  EXPECT_NO_THROW((void)cc::parse_json("[\"" + std::string(1000, '[') + "\"]"));
  cc::limits roomy;
  roomy.max_json_depth = 300;
  EXPECT_NO_THROW((void)cc::parse_json(std::string(300, '[') + std::string(300, ']'), roomy));
}

TEST(ParseJson, LargeDocumentsAreBounded) {
  const std::string big = "\"" + std::string(50u << 20, 'x') + "\"";
  EXPECT_EQ(cc::parse_json(big).get_ref<const std::string&>().size(), 50u << 20);
  cc::limits small;
  small.max_document_bytes = 1u << 20;
  const auto e = parse_failure(big, small);
  EXPECT_EQ(e.id(), cc::error_ids::parse_too_large);
  EXPECT_THAT(std::string(e.what()), HasSubstr("max_document_bytes"));
}

TEST(ParseJson, NulByteIsASyntaxErrorNotTheEndOfTheText) {
  // nlohmann/json stops at a NUL byte: "{}\0garbage" parsed as {} (found by the C ABI tests,
  // whose texts carry explicit lengths).
  const std::string_view text("{\"sites\": []}\0{\"sites\": [\"bone\"]}", 34);
  const auto e = parse_failure(text);
  EXPECT_EQ(e.id(), cc::error_ids::parse_syntax);
  EXPECT_EQ(e.byte(), 13u);
  EXPECT_EQ(e.column(), 14u);
  EXPECT_EQ(e.reason(), "NUL byte in the text; JSON allows U+0000 only escaped, as \\u0000 in a string");
  EXPECT_EQ(parse_failure(std::string_view("[\"a\0b\"]", 7)).byte(), 3u);
  EXPECT_EQ(parse_failure(std::string_view("\0", 1)).id(), cc::error_ids::parse_syntax);
  EXPECT_EQ(cc::parse_json(R"(["a\u0000b"])")[0], std::string("a\0b", 3));  // escaped, it is text
}

TEST(ParseJson, KeysInAnyOrderAndGivenTwiceAsNlohmannReadsThem) {
  // Members come in the text's order, sorted or not; a key given twice keeps its last value.
  const nlohmann::json v =
      cc::parse_json(R"({"b": 1, "a": {"z": 1, "y": 2, "z": 3}, "c": [], "b": "two", "a0": null})");
  EXPECT_EQ(v, nlohmann::json::parse(R"({"a": {"y": 2, "z": 3}, "a0": null, "b": "two", "c": []})"));
  EXPECT_EQ(v.dump(), R"({"a":{"y":2,"z":3},"a0":null,"b":"two","c":[]})");
}

namespace {

/// Random JSON texts for the differential test below: values of every kind, nested, with the
/// spellings that parsers get wrong (escapes, surrogate pairs, numbers at the edges of int64,
/// uint64 and double, exponents, -0), in random whitespace.
class json_text_maker {
 public:
  explicit json_text_maker(std::uint32_t seed) : rng_(seed) {}

  std::string text() {
    std::string out;
    space(out);
    value(out, 0);
    space(out);
    return out;
  }

  /// `text` with one to three bytes changed, inserted or removed (never a NUL byte: nlohmann
  /// takes it for the end of the text, which parse_json() refuses; tested above).
  std::string damaged(std::string text) {
    static constexpr std::string_view bytes =
        "{}[],:\"\\ 0123456789-+.eEtfnulrsa\x7F\xC3\xA9\xED\xA0\x80\xF0\x9F\xFF\x01\n";
    const int changes = pick(1, 3);
    for (int i = 0; i < changes; ++i) {
      const auto at = static_cast<std::size_t>(pick(0, static_cast<int>(text.size())));
      const char b = bytes[static_cast<std::size_t>(pick(0, static_cast<int>(bytes.size()) - 1))];
      switch (pick(0, 2)) {
        case 0: text.insert(text.begin() + static_cast<std::ptrdiff_t>(at), b); break;
        case 1:
          if (at < text.size()) text[at] = b;
          break;
        default:
          if (at < text.size()) text.erase(at, 1);
          break;
      }
    }
    return text;
  }

 private:
  int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }

  void space(std::string& out) {
    static constexpr std::string_view ws[] = {"", "", "", " ", "\n", "\t", "\r\n  "};
    out += ws[static_cast<std::size_t>(pick(0, 6))];
  }

  void value(std::string& out, int depth) {
    switch (pick(0, depth >= 4 ? 3 : 5)) {
      case 0:
        out += std::array<std::string_view, 3>{"null", "true", "false"}[static_cast<std::size_t>(pick(0, 2))];
        break;
      case 1:
      case 2: number(out); break;
      case 3: string(out); break;
      case 4: {
        out += '[';
        const int n = pick(0, 4);
        for (int i = 0; i < n; ++i) {
          if (i > 0) out += ',';
          space(out);
          value(out, depth + 1);
          space(out);
        }
        out += ']';
        break;
      }
      default: {
        out += '{';
        const int n = pick(0, 4);
        for (int i = 0; i < n; ++i) {
          if (i > 0) out += ',';
          space(out);
          string(out);  // keys repeat now and then: the last one wins in both
          space(out);
          out += ':';
          space(out);
          value(out, depth + 1);
        }
        out += '}';
        break;
      }
    }
  }

  void number(std::string& out) {
    // clang-format off
    static constexpr std::string_view edges[] = {
        "0", "-0", "-0.0", "0.0", "1", "-1", "9223372036854775807", "9223372036854775808",
        "-9223372036854775808", "-9223372036854775809", "18446744073709551615", "18446744073709551616",
        "123456789012345678901234567890", "1e308", "1.7976931348623157e308", "2.2250738585072014e-308",
        "4.9e-324", "1e-400", "2.5", "0.1", "3.141592653589793238462643383279", "1E5", "1e+5", "-1.5e-5",
        "7.0e0", "0.30000000000000004", "9007199254740993", "1e400", "-1e400", "123.456e-7"};
    // clang-format on
    if (pick(0, 2) == 0) {
      out += edges[static_cast<std::size_t>(pick(0, static_cast<int>(std::size(edges)) - 1))];
      return;
    }
    if (pick(0, 1)) out += '-';
    const int digits = pick(1, 20);
    out += static_cast<char>('1' + pick(0, 8));
    for (int i = 1; i < digits; ++i) out += static_cast<char>('0' + pick(0, 9));
    if (pick(0, 1)) {
      out += '.';
      for (int i = pick(1, 17); i > 0; --i) out += static_cast<char>('0' + pick(0, 9));
    }
    if (pick(0, 2) == 0) {
      out += "eE"[pick(0, 1)];
      if (pick(0, 1)) out += "+-"[pick(0, 1)];
      out += std::to_string(pick(0, 330));
    }
  }

  void string(std::string& out) {
    static constexpr std::string_view pieces[] = {"a",
                                                  "bone",
                                                  "caf\xC3\xA9",
                                                  "\xE2\x82\xAC",
                                                  "\xF0\x9F\x98\x80",
                                                  "\\n",
                                                  "\\\"",
                                                  "\\\\",
                                                  "\\/",
                                                  "\\t",
                                                  "\\u0041",
                                                  "\\u00e9",
                                                  "\\u20AC",
                                                  "\\ud83d\\ude00",
                                                  "\\uD83D\\uDE00",
                                                  "\\u0000",
                                                  " ",
                                                  "key",
                                                  "x"};
    out += '"';
    for (int i = pick(0, 6); i > 0; --i)
      out += pieces[static_cast<std::size_t>(pick(0, static_cast<int>(std::size(pieces)) - 1))];
    if (pick(0, 20) == 0) out += std::string(static_cast<std::size_t>(pick(100, 5000)), 'y');  // past any small buffer
    out += '"';
  }

  std::mt19937 rng_;
};

/// Equal values, with the same types all the way down (number_integer, number_unsigned and
/// number_float are told apart) and doubles equal to the bit.
::testing::AssertionResult same_value(const nlohmann::json& a, const nlohmann::json& b, const std::string& where = "") {
  if (a.type() != b.type()) {
    return ::testing::AssertionFailure() << where << ": type " << a.type_name() << " (" << static_cast<int>(a.type())
                                         << ") against " << b.type_name() << " (" << static_cast<int>(b.type()) << ")";
  }
  if (a.is_number_float()) {
    const double x = a.get<double>(), y = b.get<double>();
    if (std::memcmp(&x, &y, sizeof x) != 0)
      return ::testing::AssertionFailure() << where << ": " << x << " against " << y;
    return ::testing::AssertionSuccess();
  }
  if (a.is_array()) {
    if (a.size() != b.size()) return ::testing::AssertionFailure() << where << ": sizes differ";
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (auto r = same_value(a[i], b[i], where + "/" + std::to_string(i)); !r) return r;
    }
    return ::testing::AssertionSuccess();
  }
  if (a.is_object()) {
    if (a.size() != b.size()) return ::testing::AssertionFailure() << where << ": sizes differ";
    for (auto it = a.begin(); it != a.end(); ++it) {
      if (!b.contains(it.key())) return ::testing::AssertionFailure() << where << ": no key " << it.key();
      if (auto r = same_value(it.value(), b[it.key()], where + "/" + it.key()); !r) return r;
    }
    return ::testing::AssertionSuccess();
  }
  if (a != b) return ::testing::AssertionFailure() << where << ": " << a.dump() << " against " << b.dump();
  return ::testing::AssertionSuccess();
}

}  // namespace

// parse_json() reads with Boost.JSON and builds nlohmann's values: on every text it must give
// what nlohmann/json's own parser gives (the values, their types, doubles to the bit), and refuse
// what it refuses, so that moving to the faster parser changed no answer.
TEST(ParseJson, AgreesWithNlohmannOnRandomTexts) {
  json_text_maker maker(20261207);
  int refused = 0, read = 0;
  for (int i = 0; i < 6000; ++i) {
    const std::string text = i % 2 == 0 ? maker.text() : maker.damaged(maker.text());
    std::optional<nlohmann::json> theirs, ours;
    try {
      theirs = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception&) {
    }
    try {
      ours = cc::parse_json(text);
    } catch (const cc::parse_error& e) {
      EXPECT_GE(e.line(), 1u) << text;
      EXPECT_LE(e.byte(), text.size()) << text;
    }
    ASSERT_EQ(theirs.has_value(), ours.has_value()) << "text " << i << ": " << cc::detail::printable(text)
                                                    << (theirs ? " read by nlohmann only" : " read by parse_json only");
    if (!ours) {
      ++refused;
      continue;
    }
    ++read;
    ASSERT_TRUE(same_value(*theirs, *ours)) << "text " << i << ": " << cc::detail::printable(text);
  }
  // Both kinds were exercised.
  EXPECT_GT(refused, 2000);
  EXPECT_GT(read, 2500);
}
