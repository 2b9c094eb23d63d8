// SPDX-License-Identifier: MIT
// The exceptions (error.hpp) carry what a face needs to report them again as data: the id, the
// kind, the JSON Pointer, and description(), what is wrong without the prefix and the pointer.
#include <gtest/gtest.h>

#include <carecompare/error.hpp>
#include <carecompare/logic.hpp>
#include <carecompare/parse.hpp>
#include <nlohmann/json.hpp>
#include <string>

namespace cc = carecompare;

namespace {

TEST(ErrorDescription, IsTheMessageWithoutPrefixNorPointer) {
  const cc::circumstances_error c(301, "/sites/0", "unknown site id \"x\"");
  EXPECT_STREQ(c.what(), "[carecompare.circumstances.301] /sites/0: unknown site id \"x\"");
  EXPECT_EQ(c.description(), "unknown site id \"x\"");
  EXPECT_STREQ(c.kind(), "circumstances");

  const cc::logic_error l(501, "", "unknown operator \"nope\"");
  EXPECT_STREQ(l.what(), "[carecompare.logic.501] unknown operator \"nope\"");
  EXPECT_EQ(l.description(), "unknown operator \"nope\"");

  const cc::render_error r(604, "column field \"name\" appears twice");
  EXPECT_EQ(r.path(), "");
  EXPECT_EQ(r.description(), "column field \"name\" appears twice");
}

TEST(ErrorDescription, RenderErrorsAtAPointer) {
  const cc::render_error e(604, "/width", "expected a non-negative integer, got a string");
  EXPECT_STREQ(e.what(), "[carecompare.render.604] /width: expected a non-negative integer, got a string");
  EXPECT_EQ(e.path(), "/width");
  EXPECT_EQ(e.description(), "expected a non-negative integer, got a string");
  EXPECT_EQ(e.id(), 604);
  EXPECT_STREQ(e.kind(), "render");
}

TEST(ErrorDescription, AnEscapedPointerStaysInIt) {
  // A pointer the message must escape is not the text it starts with: the description keeps it,
  // escaped, so that nothing said is lost.
  const cc::circumstances_error e(306, "/facts/\x01", "unknown fact");
  EXPECT_STREQ(e.what(), "[carecompare.circumstances.306] /facts/\\u0001: unknown fact");
  EXPECT_EQ(e.path(), "/facts/\x01");
  EXPECT_EQ(e.description(), "/facts/\\u0001: unknown fact");
}

TEST(ErrorDescription, ParseErrorsKeepTheirPosition) {
  try {
    (void)cc::parse_json("{\"a\": }");
    FAIL() << "no error";
  } catch (const cc::parse_error& e) {
    const std::string what = e.what();
    EXPECT_EQ(what.substr(0, 24), "[carecompare.parse.101] ");
    EXPECT_EQ(e.description(), what.substr(24));
    EXPECT_EQ(e.description().substr(0, 18), "line 1, column 7: ");
  }
}

TEST(ErrorDescription, OfACompiledRuleIsItsReasonAtItsPath) {
  try {
    (void)cc::logic::compile(nlohmann::json::parse(R"({"and": [{"nope": 1}]})"));
    FAIL() << "no error";
  } catch (const cc::logic_error& e) {
    EXPECT_EQ(e.path(), "/and/0");
    EXPECT_EQ(std::string(e.what()), "[carecompare.logic.501] /and/0: " + std::string(e.description()));
  }
}

}  // namespace
