// SPDX-License-Identifier: MIT
// The generic Describe-driven codec on its own: every model type encodes and decodes through
// it, strictly, with JSON Pointers; enums are strings; empty optionals are omitted.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <carecompare/codec.hpp>

namespace cc = carecompare;
using nlohmann::json;
using ::testing::HasSubstr;

TEST(Codec, EncodesEnumsAsStringsWithHyphens) {
  EXPECT_EQ(cc::encode(cc::strategy_scope::whole_person), "whole-person");
  EXPECT_EQ(cc::encode(cc::fact_type::string_list), "string-list");
  EXPECT_EQ(json(cc::strategy_kind::research), "research");
  EXPECT_EQ(json("whole-person").get<cc::strategy_scope>(), cc::strategy_scope::whole_person);
}

TEST(Codec, OmitsEmptyOptionalsAndKeepsPresentOnes) {
  cc::source s{"a", "A title", std::nullopt, "https://example.org", cc::iso_date{2026, 1, 2}};
  const json j = cc::encode(s);
  EXPECT_EQ(j, json::parse(R"({"id":"a","title":"A title","url":"https://example.org","accessed":"2026-01-02"})"));
  EXPECT_EQ(j.get<cc::source>(), s);
  cc::strategy st;
  st.id = "x";
  st.name = "X";
  st.purpose = "P";
  st.use_cases = {"U"};
  st.sources = {"a"};
  st.benefits = std::vector<std::string>{};
  const json sj = cc::encode(st);
  EXPECT_FALSE(sj.contains("considerations"));
  EXPECT_EQ(sj["benefits"], json::array());  // present but empty stays present
  EXPECT_EQ(cc::decode<cc::strategy>(sj), st);
}

TEST(Codec, DecodesBasesAndMembers) {
  const json j = json::parse(R"({"field": "name", "label": "Care Strategy"})");
  EXPECT_EQ(cc::decode<cc::column>(j), (cc::column{"name", "Care Strategy"}));
}

TEST(Codec, CollectsEveryProblemWithItsPointer) {
  const json j = json::parse(R"({"id": "", "name": 3, "kind": "cure", "scope": "local", "purpose": "p",
                                 "use_cases": ["ok", ""], "sources": "a", "extra": 1})");
  std::vector<cc::diagnostic> problems;
  cc::strategy out;
  cc::decoder(problems).decode(j, out, "/strategies/7");
  std::vector<std::pair<int, std::string>> got;
  for (const auto& p : problems) got.emplace_back(p.id, p.pointer);
  EXPECT_THAT(got, ::testing::UnorderedElementsAre(
                       std::pair{cc::error_ids::catalog_unknown_key, std::string("/strategies/7/extra")},
                       std::pair{cc::error_ids::catalog_empty_text, std::string("/strategies/7/id")},
                       std::pair{cc::error_ids::catalog_wrong_type, std::string("/strategies/7/name")},
                       std::pair{cc::error_ids::catalog_bad_enum, std::string("/strategies/7/kind")},
                       std::pair{cc::error_ids::catalog_empty_text, std::string("/strategies/7/use_cases/1")},
                       std::pair{cc::error_ids::catalog_wrong_type, std::string("/strategies/7/sources")}));
}

TEST(Codec, EscapesPointerTokens) {
  std::vector<cc::diagnostic> problems;
  cc::column out;
  cc::decoder(problems).decode(json::parse(R"({"field": "f", "label": "l", "a/b~c": 1})"), out);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].pointer, "/a~1b~0c");
}

TEST(Codec, GetThrowsCatalogErrorWithAllProblems) {
  try {
    (void)json::parse(R"({"label": 1})").get<cc::column>();
    FAIL();
  } catch (const cc::catalog_error& e) {
    EXPECT_EQ(e.problems().size(), 2u);
    EXPECT_THAT(std::string(e.what()), HasSubstr("/field"));
  }
}

TEST(Codec, RejectsNonFiniteNumbers) {
  cc::rule r;
  r.id = "r";
  r.description = "d";
  r.when = true;
  r.show = {"s"};
  r.reason = "why";
  r.weight = std::numeric_limits<double>::infinity();
  std::vector<cc::diagnostic> problems;
  cc::rule out;
  cc::decoder(problems).decode(cc::encode(r), out);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].id, cc::error_ids::catalog_bad_number);
  EXPECT_EQ(problems[0].pointer, "/weight");
}
