// SPDX-License-Identifier: MIT
// Readability (readability.hpp): syllables, counts and grades of a text; a catalog's report,
// its warnings at JSON Pointers and its quotations. (tests/python/test_readability.py holds the
// grades against GNU diction's style.)
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <carecompare/carecompare.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "catalog_support.hpp"

namespace cc = carecompare;
using ::testing::HasSubstr;

namespace {

TEST(Syllables, CountVowelGroupsButAFinalOneAndAFinalEd) {
  EXPECT_EQ(cc::count_syllables("cat"), 1u);
  EXPECT_EQ(cc::count_syllables("care"), 1u);
  EXPECT_EQ(cc::count_syllables("body"), 1u);
  EXPECT_EQ(cc::count_syllables("therapy"), 2u);
  EXPECT_EQ(cc::count_syllables("listed"), 1u);
  EXPECT_EQ(cc::count_syllables("recommended"), 3u);
  EXPECT_EQ(cc::count_syllables("mobility"), 3u);
  EXPECT_EQ(cc::count_syllables("Alleviates"), 4u);
  EXPECT_EQ(cc::count_syllables("system-wide"), 3u);
  EXPECT_EQ(cc::count_syllables("2026"), 1u);
}

TEST(Readability, CountsSentencesWordsAndSyllables) {
  const auto t = cc::measure_readability("The cat sat. It is here!");
  EXPECT_EQ(t.sentences, 2u);
  EXPECT_EQ(t.words, 6u);
  EXPECT_EQ(t.syllables, 6u);
  EXPECT_NEAR(t.grade, 0.39 * 3 + 11.8 * 1 - 15.59, 1e-9);
  const auto one = cc::measure_readability("Targets cancer cells system-wide");  // no stop: one sentence
  EXPECT_EQ(one.sentences, 1u);
  EXPECT_EQ(one.words, 4u);
  EXPECT_EQ(cc::measure_readability("").words, 0u);
  EXPECT_EQ(cc::measure_readability("").grade, 0.0);
}

TEST(Readability, ReportsEveryReaderFacingTextAndWarnsAtItsPointer) {
  auto doc = carecompare_test::builtin_json();
  doc["rules"][2]["reason"] =
      "Individualized radiotherapeutic interventions necessitate comprehensive multidisciplinary consultation.";
  const auto cat = cc::catalog::from_value(doc);
  EXPECT_TRUE(cat.warnings().empty()) << "readability is not checked while loading";
  const auto report = cat.readability();
  ASSERT_EQ(report.warnings.size(), 1u);
  EXPECT_EQ(report.warnings[0].id, cc::error_ids::catalog_hard_to_read);
  EXPECT_EQ(report.warnings[0].pointer, "/rules/2/reason");
  EXPECT_EQ(report.warnings[0].level, cc::diagnostic::severity::warning);
  EXPECT_THAT(report.warnings[0].message, HasSubstr("above 8.0"));
  // Ids, dates, names and rules' JSON are not texts; reasons and descriptions are.
  std::vector<std::string> pointers;
  for (const auto& t : report.texts) pointers.push_back(t.pointer);
  EXPECT_THAT(pointers, ::testing::Contains("/rules/0/description"));
  EXPECT_THAT(pointers, ::testing::Not(::testing::Contains("/rules/0/id")));
  EXPECT_THAT(pointers, ::testing::Not(::testing::Contains("/strategies/0/name")));
  EXPECT_THAT(pointers, ::testing::Not(::testing::Contains("/sources/0/title")));
  EXPECT_TRUE(cat.readability({60.0}).warnings.empty());
}

TEST(Readability, QuotationsAreCountedNotGraded) {
  const auto builtin = cc::catalog::builtin().readability();
  EXPECT_EQ(builtin.quoted, 9u);
  EXPECT_LE(builtin.smog, 8.0);
  EXPECT_TRUE(builtin.warnings.empty());
  auto doc = carecompare_test::builtin_json();
  doc.erase("quotations");
  const auto unquoted = cc::catalog::from_value(doc).readability();
  EXPECT_EQ(unquoted.quoted, 0u);
  EXPECT_EQ(unquoted.texts.size(), builtin.texts.size());
  EXPECT_FALSE(unquoted.warnings.empty()) << "the article's table, graded, is above grade 8";
}

TEST(Readability, ADocumentIsGradedAsItsCatalogIsAndBeforeItLoads) {
  const auto cat = cc::catalog::builtin();
  for (const double max_grade : {8.0, 5.0}) {
    const auto of_document = cc::readability(cat.document(), {max_grade});
    const auto of_catalog = cat.readability({max_grade});
    EXPECT_EQ(of_document.texts, of_catalog.texts);
    EXPECT_EQ(of_document.warnings, of_catalog.warnings);
    EXPECT_EQ(of_document.smog, of_catalog.smog);
    EXPECT_EQ(of_document.quoted, of_catalog.quoted);
  }
  // A draft that does not load (an unknown strategy id, a missing purpose) is graded as far as
  // the decoder can read it: its texts keep their pointers, a hard one is warned about.
  auto doc = carecompare_test::builtin_json();
  doc["rules"][2]["show"][0] = "radiotherapy";
  doc["strategies"][1].erase("purpose");
  doc["rules"][3]["reason"] =
      "Individualized radiotherapeutic interventions necessitate comprehensive multidisciplinary consultation.";
  EXPECT_FALSE(carecompare_test::problems_of(doc).empty());
  std::vector<cc::diagnostic> problems;
  cc::catalog_document draft;
  cc::decoder{problems}.decode(doc, draft);
  const auto report = cc::readability(draft);
  EXPECT_EQ(report.texts.size(), cat.readability().texts.size());
  const auto text = [&](const std::string& pointer) {
    const auto at = std::find_if(report.texts.begin(), report.texts.end(),
                                 [&](const cc::text_readability& t) { return t.pointer == pointer; });
    return at == report.texts.end() ? cc::text_readability{} : *at;
  };
  EXPECT_EQ(text("/rules/2/reason").words, 16u);
  EXPECT_GT(text("/strategies/0/purpose").words, 0u);
  EXPECT_EQ(text("/strategies/1/purpose").words, 0u) << "the missing purpose is an empty text";
  ASSERT_EQ(report.warnings.size(), 1u);
  EXPECT_EQ(report.warnings[0].pointer, "/rules/3/reason");
}

TEST(Readability, AQuotationMustNameATextOfTheCatalog) {
  auto doc = carecompare_test::builtin_json();
  doc["quotations"] = {"/strategies/0/purpose", "/strategies/99/purpose", "not a pointer", "/vocabulary"};
  const auto problems = carecompare_test::problems_of(doc);
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0].pointer, "/quotations/1");
  EXPECT_EQ(problems[1].pointer, "/quotations/2");
  EXPECT_EQ(problems[2].pointer, "/quotations/3");
  EXPECT_EQ(problems[0].id, cc::error_ids::catalog_unknown_ref);
}

TEST(Readability, TheReportsJsonFormIsItsMembers) {
  // encode() (codec.hpp) writes the report as Boost.Describe lists it: what the C ABI returns.
  auto doc = carecompare_test::builtin_json();
  doc["rules"][2]["reason"] =
      "Individualized radiotherapeutic interventions necessitate comprehensive multidisciplinary consultation.";
  const auto report = cc::catalog::from_value(doc).readability();
  const nlohmann::json j = cc::encode(report);
  EXPECT_EQ(j.size(), 6u);
  EXPECT_EQ(j.at("grade"), report.grade);
  EXPECT_EQ(j.at("smog"), report.smog);
  EXPECT_EQ(j.at("reading_ease"), report.reading_ease);
  EXPECT_EQ(j.at("quoted"), report.quoted);
  ASSERT_EQ(j.at("texts").size(), report.texts.size());
  const auto& first = report.texts.front();
  EXPECT_EQ(j.at("texts").at(0), (nlohmann::json{{"pointer", first.pointer},
                                                 {"sentences", first.sentences},
                                                 {"words", first.words},
                                                 {"syllables", first.syllables},
                                                 {"polysyllables", first.polysyllables},
                                                 {"grade", first.grade},
                                                 {"quoted", first.quoted}}));
  // A diagnostic's JSON form: where and what.
  EXPECT_EQ(j.at("warnings"), (nlohmann::json::array({{{"id", cc::error_ids::catalog_hard_to_read},
                                                       {"pointer", "/rules/2/reason"},
                                                       {"message", report.warnings[0].message}}})));
  const nlohmann::json same = report;  // the nlohmann conversion is the same
  EXPECT_EQ(same, j);
}

}  // namespace
