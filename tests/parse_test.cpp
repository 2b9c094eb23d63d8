// SPDX-License-Identifier: MIT
// parse_json: positions of syntax errors and the bounds on hostile input.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <carecompare/parse.hpp>

#include "catalog_support.hpp"

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
}

TEST(ParseJson, NumbersOutOfRangeAreErrorsWithAPosition) {
  const auto e = parse_failure("{\"a\": [1,\n 1e400]}");
  EXPECT_EQ(e.id(), cc::error_ids::parse_syntax);
  EXPECT_EQ(e.line(), 2u);
  EXPECT_THAT(std::string(e.what()), HasSubstr("1e400"));
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
