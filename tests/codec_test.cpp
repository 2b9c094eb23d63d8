// SPDX-License-Identifier: MIT
// The generic Describe-driven codec on its own: every model type encodes and decodes through
// it, strictly, with JSON Pointers; enums are strings; empty optionals are omitted.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <carecompare/codec.hpp>

#include "codec.hpp"  // the library's decoder (src/), for described structs that are not model types

namespace cc = carecompare;
using nlohmann::json;
using ::testing::HasSubstr;

namespace codec_test {

// A described struct of 85 members: two bases of 40 members (required, then optional) and 5
// of its own (members 80 to 84), more than one 64-bit word of "members given".
struct wide_low {
  std::string m00, m01, m02, m03, m04, m05, m06, m07, m08, m09, m10, m11, m12, m13, m14, m15, m16, m17, m18, m19, m20,
      m21, m22, m23, m24, m25, m26, m27, m28, m29, m30, m31, m32, m33, m34, m35, m36, m37, m38, m39;
  friend bool operator==(const wide_low&, const wide_low&) = default;
};
BOOST_DESCRIBE_STRUCT(wide_low, (),
                      (m00, m01, m02, m03, m04, m05, m06, m07, m08, m09, m10, m11, m12, m13, m14, m15, m16, m17, m18,
                       m19, m20, m21, m22, m23, m24, m25, m26, m27, m28, m29, m30, m31, m32, m33, m34, m35, m36, m37,
                       m38, m39))
struct wide_high {
  std::optional<std::string> n00, n01, n02, n03, n04, n05, n06, n07, n08, n09, n10, n11, n12, n13, n14, n15, n16, n17,
      n18, n19, n20, n21, n22, n23, n24, n25, n26, n27, n28, n29, n30, n31, n32, n33, n34, n35, n36, n37, n38, n39;
  friend bool operator==(const wide_high&, const wide_high&) = default;
};
BOOST_DESCRIBE_STRUCT(wide_high, (),
                      (n00, n01, n02, n03, n04, n05, n06, n07, n08, n09, n10, n11, n12, n13, n14, n15, n16, n17, n18,
                       n19, n20, n21, n22, n23, n24, n25, n26, n27, n28, n29, n30, n31, n32, n33, n34, n35, n36, n37,
                       n38, n39))
struct wide : wide_low, wide_high {
  std::string z0, z1, z2, z3, z4;
  friend bool operator==(const wide&, const wide&) = default;
};
BOOST_DESCRIBE_STRUCT(wide, (wide_low, wide_high), (z0, z1, z2, z3, z4))
// 86 members, the last a list of 85-member structs: such objects inside one another.
struct wide_nest : wide {
  std::vector<wide> inner;
  friend bool operator==(const wide_nest&, const wide_nest&) = default;
};
BOOST_DESCRIBE_STRUCT(wide_nest, (wide), (inner))

}  // namespace codec_test

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

TEST(Codec, DecodesStructsOfAnyNumberOfMembers) {
  json j = json::object();
  for (int i = 0; i < 40; ++i) j[(i < 10 ? "m0" : "m") + std::to_string(i)] = "low " + std::to_string(i);
  j["n39"] = "high 39";
  j["z1"] = "own 1";
  j["z4"] = "own 4";
  std::string text = j.dump();
  // In the text, z2 (member 82) is given twice: the last value counts, the first one's problem
  // is dropped, as in the DOM.
  text.insert(1, R"("z2": 5, "z2": "own 2", )");
  j["z2"] = "own 2";
  std::vector<cc::diagnostic> from_text, from_value;
  codec_test::wide out, out_value;
  cc::detail::sax_decoder(from_text).decode_text(text, out);
  cc::detail::sax_decoder(from_value).decode_value(j, out_value);
  EXPECT_EQ(out.m16, "low 16");
  EXPECT_EQ(out.m39, "low 39");
  EXPECT_EQ(out.n39, "high 39");
  EXPECT_FALSE(out.n00.has_value());
  EXPECT_EQ(out.z2, "own 2");
  EXPECT_EQ(out.z4, "own 4");
  EXPECT_TRUE(out == out_value);
  // m16 (member 16) and m19 (member 19) are given, z0 (member 80) and z3 (member 83) are not:
  // one bit each.
  const auto ids_and_pointers = [](const std::vector<cc::diagnostic>& problems) {
    std::vector<std::pair<int, std::string>> got;
    for (const auto& p : problems) got.emplace_back(p.id, p.pointer);
    return got;
  };
  const std::vector<std::pair<int, std::string>> missing = {{cc::error_ids::catalog_missing_field, "/z0"},
                                                            {cc::error_ids::catalog_missing_field, "/z3"}};
  EXPECT_EQ(ids_and_pointers(from_text), missing);
  EXPECT_EQ(ids_and_pointers(from_value), missing);
}

TEST(Codec, DecodesStructsOfMoreThanSixtyFourMembersInsideOneAnother) {
  json full = json::object();
  for (int i = 0; i < 40; ++i) full[(i < 10 ? "m0" : "m") + std::to_string(i)] = "low";
  for (int i = 0; i < 5; ++i) full["z" + std::to_string(i)] = "own";
  json outer = full;
  outer.erase("z0");
  json first = full;
  first.erase("z3");
  // "inner" first: the outer object's members past 64 are given after its inner objects closed.
  const std::string text = R"({"inner": [)" + first.dump() + "," + full.dump() + "]," + outer.dump().substr(1);
  outer["inner"] = {first, full};
  std::vector<cc::diagnostic> from_text, from_value;
  codec_test::wide_nest out, out_value;
  cc::detail::sax_decoder(from_text).decode_text(text, out);
  cc::detail::sax_decoder(from_value).decode_value(outer, out_value);
  ASSERT_EQ(out.inner.size(), 2u);
  EXPECT_EQ(out.inner[1].z3, "own");
  EXPECT_EQ(out.z4, "own");
  EXPECT_TRUE(out == out_value);
  for (const auto* problems : {&from_text, &from_value}) {
    ASSERT_EQ(problems->size(), 2u);
    EXPECT_EQ((*problems)[0].pointer, "/z0");  // members in description order: inner is the last
    EXPECT_EQ((*problems)[1].pointer, "/inner/0/z3");
  }
}

TEST(Codec, ValuesOnlyAJsonValueCanHoldAreDecodedStrictly) {
  // A value built in memory can hold what no JSON text can: binary data, invalid UTF-8.
  json j = {{"field", json::binary({1, 2})}, {"label", "caf\xC3"}};
  std::vector<cc::diagnostic> problems;
  cc::column out;
  cc::decoder(problems).decode(j, out, "/columns/0");
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].pointer, "/columns/0/field");
  EXPECT_EQ(problems[0].message, "expected a string, got binary data");
  EXPECT_EQ(problems[1].pointer, "/columns/0/label");
  EXPECT_EQ(problems[1].id, cc::error_ids::catalog_bad_text);
  // A nlohmann::json member keeps such a value as it is.
  json when = {{"and", {true, json::binary({3})}}};
  cc::rule r;
  r.id = "r";
  r.description = "d";
  r.when = when;
  r.show = {"s"};
  r.reason = "why";
  problems.clear();
  cc::rule back;
  cc::decoder(problems).decode(cc::encode(r), back);
  EXPECT_TRUE(problems.empty());
  EXPECT_EQ(back.when, when);
}
