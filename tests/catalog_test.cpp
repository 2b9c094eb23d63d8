// SPDX-License-Identifier: MIT
// Loading, validating and saving catalogs: the builtin catalog's contract, the round trip, and
// every kind of bad catalog with the JSON Pointer of its problem.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "catalog_support.hpp"

#include <carecompare/catalog.hpp>
#include <carecompare/filter.hpp>
#include <carecompare/render.hpp>
#include <carecompare/table.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <utility>
#include <vector>
#include "codec.hpp"  // the library's decoder (src/), for its bounds

namespace cc = carecompare;
using carecompare_test::builtin_json;
using carecompare_test::problems_of;
using nlohmann::json;
using ::testing::HasSubstr;

namespace {

/// Sets `pointer` in the builtin catalog to `value` and expects exactly one problem `id` there.
void expect_single_problem(const std::string& pointer, const json& value, int id, const std::string& at) {
  json doc = builtin_json();
  doc[json::json_pointer(pointer)] = value;
  const auto problems = problems_of(doc);
  ASSERT_EQ(problems.size(), 1u) << "setting " << pointer << " = " << value.dump();
  EXPECT_EQ(problems[0].id, id) << problems[0].to_string();
  EXPECT_EQ(problems[0].pointer, at) << problems[0].to_string();
}

std::filesystem::path temp_file(const std::string& name, const std::string& content) {
  const auto path = std::filesystem::temp_directory_path() / ("carecompare-catalog-test-" + name);
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

}  // namespace

TEST(BuiltinCatalog, HasThePublicIds) {
  const auto cat = cc::catalog::builtin();
  std::vector<std::string> ids;
  for (const auto& s : cat.strategies()) ids.push_back(s.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"systemic-therapy", "radiation-therapy", "physical-therapy", "nutrition",
                                           "physical-activity", "pain-management", "emotional-support", "monitoring",
                                           "clinical-trials"}));
  auto vocab_ids = [](const std::vector<cc::vocabulary_entry>& entries) {
    std::vector<std::string> out;
    for (const auto& e : entries) out.push_back(e.id);
    return out;
  };
  EXPECT_EQ(vocab_ids(cat.vocabulary().sites), (std::vector<std::string>{"bone", "liver", "lung", "brain"}));
  EXPECT_EQ(vocab_ids(cat.vocabulary().symptoms),
            (std::vector<std::string>{"pain", "fatigue", "reduced-mobility", "anxiety"}));
  EXPECT_EQ(vocab_ids(cat.vocabulary().goals),
            (std::vector<std::string>{"control-growth", "relieve-symptoms", "stay-active", "emotional-wellbeing",
                                      "explore-new-treatments"}));
  ASSERT_EQ(cat.columns().size(), 3u);
  EXPECT_EQ(cat.columns()[0], (cc::column{"name", "Care Strategy"}));
  EXPECT_EQ(cat.columns()[1], (cc::column{"purpose", "Purpose"}));
  EXPECT_EQ(cat.columns()[2], (cc::column{"use_cases", "Common Use Cases"}));
}

TEST(BuiltinCatalog, KeepsTheArticleTableWordForWord) {
  const auto cat = cc::catalog::builtin();
  const auto* systemic = cat.find_strategy("systemic-therapy");
  const auto* radiation = cat.find_strategy("radiation-therapy");
  const auto* physical = cat.find_strategy("physical-therapy");
  ASSERT_TRUE(systemic && radiation && physical);
  EXPECT_EQ(systemic->name, "Systemic Therapy");
  EXPECT_EQ(systemic->purpose, "Targets cancer cells system-wide");
  EXPECT_EQ(systemic->use_cases, std::vector<std::string>{"Used when cancer has spread to multiple areas"});
  EXPECT_EQ(radiation->name, "Radiation Therapy");
  EXPECT_EQ(radiation->purpose, "Reduces localized tumors or pain");
  EXPECT_EQ(radiation->use_cases, std::vector<std::string>{"Applied to specific sites like bones or brain"});
  EXPECT_EQ(physical->name, "Physical Therapy");
  EXPECT_EQ(physical->purpose, "Improves mobility and reduces fatigue");
  EXPECT_EQ(physical->use_cases, std::vector<std::string>{"Recommended for patients with bone involvement"});
}

TEST(BuiltinCatalog, EveryStrategyCitesTheArticleWithBalancedDetail) {
  const auto cat = cc::catalog::builtin();
  // The article, and mCODE for the codes of the sites (docs/fhir-codes.md), which no option cites.
  ASSERT_EQ(cat.sources().size(), 2u);
  EXPECT_EQ(cat.sources()[0].title, "Understanding Metastatic Breast Cancer: Pathways, Management, and Support");
  EXPECT_EQ(cat.sources()[1].id, "mcode");
  for (const auto& s : cat.strategies()) {
    EXPECT_EQ(s.sources, std::vector<std::string>{"mbc-article"}) << s.id;
    ASSERT_TRUE(s.benefits && s.considerations) << s.id;
    EXPECT_EQ(s.benefits->size(), s.considerations->size()) << s.id << ": benefits and considerations in equal detail";
  }
}

TEST(BuiltinCatalog, CarriesTheDisclaimerAndDates) {
  const auto cat = cc::catalog::builtin();
  EXPECT_THAT(cat.disclaimer(), HasSubstr("informational purposes"));
  EXPECT_THAT(cat.disclaimer(), HasSubstr("professional advice"));
  EXPECT_THAT(cat.disclaimer(), HasSubstr("licensed and expert healthcare professionals"));
  EXPECT_EQ(cat.info().format, "carecompare.catalog/1");
  EXPECT_LE(cat.info().published, cat.info().last_reviewed);
  EXPECT_TRUE(cat.warnings().empty());
}

TEST(BuiltinCatalog, MatchesTheJsonFileInTheRepository) {
  const auto path = std::filesystem::path(CARECOMPARE_SOURCE_DIR) / "data/catalogs/metastatic-breast-cancer.json";
  EXPECT_EQ(cc::catalog::from_file(path), cc::catalog::builtin());
}

TEST(CatalogRoundTrip, SaveThenLoadGivesAnEqualCatalog) {
  const auto cat = cc::catalog::builtin();
  const auto again = cc::catalog::from_json(cat.to_json());
  EXPECT_EQ(again, cat);
  EXPECT_EQ(again.to_json_value(), cat.to_json_value());
  const auto compact = cc::catalog::from_json(cat.to_json(-1));
  EXPECT_EQ(compact.document(), cat.document());
}

TEST(CatalogRoundTrip, KeepsExtensionsAndOptionalFieldsExactly) {
  json doc = builtin_json();
  doc["extensions"] = {{"app", {{"nested", {1, 2.5, "x", nullptr, true}}, {"empty", json::object()}}}};
  doc["sources"][0]["publisher"] = "A publisher";
  doc["sources"][0]["url"] = "https://example.org/article";
  doc["sources"][0]["accessed"] = "2026-11-20";
  doc["rules"][0]["weight"] = 2.5;
  doc["rules"][1]["hide"] = json::array({"nutrition"});
  doc["facts"] = json::array({{{"id", "stage"}, {"type", "number"}, {"label", "Stage"}, {"description", "Stage"}}});
  doc["strategies"][3].erase("care_team");
  const auto cat = cc::catalog::from_value(doc);
  EXPECT_EQ(cat.to_json_value(), doc);
  EXPECT_EQ(cat.document().extensions, doc["extensions"]);
  EXPECT_FALSE(cat.strategies()[3].care_team.has_value());
  EXPECT_FALSE(cat.to_json_value()["strategies"][3].contains("care_team"));
  EXPECT_EQ(cc::catalog::from_json(cat.to_json()), cat);
}

TEST(CatalogErrors, UnknownKeyNamesItsPointer) {
  expect_single_problem("/strategies/3/colour", "blue", cc::error_ids::catalog_unknown_key, "/strategies/3/colour");
  expect_single_problem("/vocabulary/moods", json::array(), cc::error_ids::catalog_unknown_key, "/vocabulary/moods");
}

TEST(CatalogErrors, WrongTypeNamesItsPointer) {
  expect_single_problem("/strategies/3/use_cases", "not a list", cc::error_ids::catalog_wrong_type,
                        "/strategies/3/use_cases");
  expect_single_problem("/strategies/3/use_cases/0", 42, cc::error_ids::catalog_wrong_type,
                        "/strategies/3/use_cases/0");
  expect_single_problem("/rules/0/weight", "heavy", cc::error_ids::catalog_wrong_type, "/rules/0/weight");
  expect_single_problem("/extensions", json::array(), cc::error_ids::catalog_wrong_type, "/extensions");
  expect_single_problem("/sources/0/title", nullptr, cc::error_ids::catalog_wrong_type, "/sources/0/title");
}

TEST(CatalogErrors, MissingRequiredField) {
  json doc = builtin_json();
  doc["strategies"][2].erase("purpose");
  const auto problems = problems_of(doc);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].id, cc::error_ids::catalog_missing_field);
  EXPECT_EQ(problems[0].pointer, "/strategies/2/purpose");
  EXPECT_THAT(problems[0].message, HasSubstr("\"purpose\""));
}

TEST(CatalogErrors, BadEnumValueListsTheAllowedOnes) {
  json doc = builtin_json();
  doc["strategies"][0]["kind"] = "cure";
  const auto problems = problems_of(doc);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].id, cc::error_ids::catalog_bad_enum);
  EXPECT_EQ(problems[0].pointer, "/strategies/0/kind");
  EXPECT_THAT(problems[0].message, HasSubstr("\"research\""));
  expect_single_problem("/strategies/0/scope", "whole_person", cc::error_ids::catalog_bad_enum, "/strategies/0/scope");
}

TEST(CatalogErrors, EmptyTextWhereTextIsRequired) {
  expect_single_problem("/strategies/3/use_cases/0", "", cc::error_ids::catalog_empty_text,
                        "/strategies/3/use_cases/0");
  expect_single_problem("/strategies/3/name", "   ", cc::error_ids::catalog_empty_text, "/strategies/3/name");
  expect_single_problem("/strategies/3/use_cases", json::array(), cc::error_ids::catalog_empty_text,
                        "/strategies/3/use_cases");
  expect_single_problem("/strategies/3/sources", json::array(), cc::error_ids::catalog_empty_text,
                        "/strategies/3/sources");
  expect_single_problem("/disclaimer", "", cc::error_ids::catalog_empty_text, "/disclaimer");
}

TEST(CatalogErrors, DuplicateIdPointsAtTheSecondAndNamesTheFirst) {
  json doc = builtin_json();
  doc["strategies"][4]["id"] = "nutrition";
  // Rules may no longer name "physical-activity", which is gone (nor give it a reason).
  for (auto& r : doc["rules"]) {
    auto& show = r["show"];
    show.erase(std::remove(show.begin(), show.end(), json("physical-activity")), show.end());
    if (!r.contains("reasons")) continue;
    auto& reasons = r["reasons"];
    reasons.erase(std::remove_if(reasons.begin(), reasons.end(),
                                 [](const json& o) { return o["strategy"] == "physical-activity"; }),
                  reasons.end());
  }
  const auto problems = problems_of(doc);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].id, cc::error_ids::catalog_duplicate_id);
  EXPECT_EQ(problems[0].pointer, "/strategies/4/id");
  EXPECT_THAT(problems[0].message, HasSubstr("/strategies/3/id"));
  expect_single_problem("/vocabulary/sites/1/id", "bone", cc::error_ids::catalog_duplicate_id,
                        "/vocabulary/sites/1/id");
  // Rule 2 shows one option, and has no per-option reasons that a changed `show` would orphan.
  expect_single_problem("/rules/2/show/1", "radiation-therapy", cc::error_ids::catalog_duplicate_id, "/rules/2/show/1");
}

TEST(CatalogErrors, DanglingReferences) {
  expect_single_problem("/rules/2/show/0", "radiotherapy", cc::error_ids::catalog_unknown_ref, "/rules/2/show/0");
  expect_single_problem("/rules/2/hide", json::array({"nope"}), cc::error_ids::catalog_unknown_ref, "/rules/2/hide/0");
  expect_single_problem("/strategies/5/sources/0", "unknown-source", cc::error_ids::catalog_unknown_ref,
                        "/strategies/5/sources/0");
  expect_single_problem("/columns/1/field", "colour", cc::error_ids::catalog_unknown_ref, "/columns/1/field");
}

TEST(CatalogErrors, BadDatesVersionsFormatsIdsAndLocales) {
  expect_single_problem("/published", "2026-02-29", cc::error_ids::catalog_bad_date, "/published");
  expect_single_problem("/last_reviewed", "26/11/2026", cc::error_ids::catalog_bad_date, "/last_reviewed");
  expect_single_problem("/sources/0/accessed", "2026-13-01", cc::error_ids::catalog_bad_date, "/sources/0/accessed");
  expect_single_problem("/version", "1.0", cc::error_ids::catalog_bad_version, "/version");
  expect_single_problem("/version", "01.0.0", cc::error_ids::catalog_bad_version, "/version");
  expect_single_problem("/format", "carecompare.catalog/2", cc::error_ids::catalog_bad_format, "/format");
  expect_single_problem("/id", "Metastatic Breast Cancer", cc::error_ids::catalog_bad_id, "/id");
  expect_single_problem("/locale", "english!", cc::error_ids::catalog_bad_locale, "/locale");
}

TEST(CatalogErrors, AcceptsWellFormedVersionsAndLocales) {
  for (const char* version : {"1.0.0", "0.0.1", "10.20.30", "1.0.0-rc.1", "1.0.0-alpha+build.5", "2.0.0+20261126"}) {
    json doc = builtin_json();
    doc["version"] = version;
    EXPECT_NO_THROW((void)cc::catalog::from_value(doc)) << version;
    EXPECT_EQ(cc::catalog::from_value(doc).info().version.to_string(), version);
  }
  for (const char* locale : {"en", "en-GB", "fr-CA", "zh-Hant-TW", "es-419", "de-CH-1996", "en-x-custom"}) {
    json doc = builtin_json();
    doc["locale"] = locale;
    EXPECT_NO_THROW((void)cc::catalog::from_value(doc)) << locale;
  }
}

TEST(CatalogErrors, RuleThatIsNotJsonLogicPointsInsideIt) {
  json doc = builtin_json();
  doc["rules"][3]["when"] = {{"and", {true, {{"frobnicate", {1}}}}}};
  const auto problems = problems_of(doc);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].id, cc::error_ids::catalog_bad_rule);
  EXPECT_EQ(problems[0].pointer, "/rules/3/when/and/1");
  EXPECT_THAT(problems[0].message, HasSubstr("frobnicate"));
}

TEST(CatalogErrors, CollectsEveryProblemOfADocument) {
  json doc = builtin_json();
  doc["format"] = "something/else";
  doc["strategies"][1]["kind"] = "cure";
  doc["strategies"][6]["use_cases"][0] = "";
  doc["rules"][4]["show"][0] = "nobody";
  doc["published"] = "yesterday";
  try {
    (void)cc::catalog::from_value(doc);
    FAIL() << "expected catalog_error";
  } catch (const cc::catalog_error& e) {
    std::set<std::string> pointers;
    for (const auto& p : e.problems()) pointers.insert(p.pointer);
    EXPECT_EQ(pointers, (std::set<std::string>{"/format", "/strategies/1/kind", "/strategies/6/use_cases/0",
                                               "/rules/4/show/0", "/published"}));
    EXPECT_THAT(std::string(e.what()), HasSubstr("and 4 more problems"));
    EXPECT_THAT(std::string(e.what()), HasSubstr("[carecompare.catalog."));
    EXPECT_FALSE(e.path().empty());
  }
}

TEST(CatalogErrors, SyntaxErrorHasLineAndColumn) {
  try {
    (void)cc::catalog::from_json("{\n  \"format\": \"carecompare.catalog/1\",\n  \"id\": tru\n}");
    FAIL() << "expected catalog_error";
  } catch (const cc::catalog_error& e) {
    ASSERT_EQ(e.problems().size(), 1u);
    EXPECT_EQ(e.id(), cc::error_ids::catalog_syntax);
    EXPECT_EQ(e.problems()[0].line, 3u);
    EXPECT_GT(e.problems()[0].column, 0u);
    EXPECT_THAT(std::string(e.what()), HasSubstr("line 3, column"));
  }
}

TEST(CatalogErrors, InvalidUtf8InAFileIsASyntaxErrorWithItsPosition) {
  std::string text = cc::catalog::builtin().to_json();
  const auto at = text.find("Systemic Therapy");
  text[at] = static_cast<char>(0xFF);
  const auto path = temp_file("bad-utf8.json", text);
  try {
    (void)cc::catalog::from_file(path);
    FAIL() << "expected catalog_error";
  } catch (const cc::catalog_error& e) {
    EXPECT_EQ(e.id(), cc::error_ids::catalog_syntax);
    EXPECT_GT(e.problems()[0].line, 1u);
    EXPECT_THAT(std::string(e.what()), HasSubstr("UTF-8"));
    EXPECT_THAT(std::string(e.what()), HasSubstr(path.string()));
  }
  std::filesystem::remove(path);
}

TEST(CatalogErrors, InvalidUtf8InAJsonValueIsReported) {
  json doc = builtin_json();
  doc["strategies"][0]["purpose"] = std::string("caf\xC3", 4);
  const auto problems = problems_of(doc);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].id, cc::error_ids::catalog_bad_text);
  EXPECT_EQ(problems[0].pointer, "/strategies/0/purpose");
}

TEST(CatalogErrors, ControlCharactersInTextAreRejected) {
  expect_single_problem("/strategies/0/purpose", std::string("a\x01z"), cc::error_ids::catalog_bad_text,
                        "/strategies/0/purpose");
}

TEST(CatalogErrors, MissingFileNamesTheFile) {
  try {
    (void)cc::catalog::from_file("/nonexistent/catalog.json");
    FAIL() << "expected catalog_error";
  } catch (const cc::catalog_error& e) {
    EXPECT_EQ(e.id(), cc::error_ids::catalog_io);
    EXPECT_THAT(std::string(e.what()), HasSubstr("/nonexistent/catalog.json"));
  }
}

TEST(CatalogErrors, WholeDocumentOfTheWrongShape) {
  for (const char* text : {"[]", "42", "\"catalog\"", "null"}) {
    try {
      (void)cc::catalog::from_json(text);
      FAIL() << text;
    } catch (const cc::catalog_error& e) {
      EXPECT_EQ(e.id(), cc::error_ids::catalog_wrong_type) << text;
      EXPECT_EQ(e.path(), "");
    }
  }
  try {
    (void)cc::catalog::from_json("{}");
    FAIL();
  } catch (const cc::catalog_error& e) {
    EXPECT_GE(e.problems().size(), 10u);  // every required key is reported
    for (const auto& p : e.problems()) EXPECT_EQ(p.id, cc::error_ids::catalog_missing_field) << p.to_string();
  }
}

TEST(CatalogLimits, EachLimitGivesAClearError) {
  const std::string text = cc::catalog::builtin().to_json();
  cc::load_options small;
  small.limits.max_document_bytes = 1000;
  try {
    (void)cc::catalog::from_json(text, small);
    FAIL();
  } catch (const cc::catalog_error& e) {
    EXPECT_EQ(e.id(), cc::error_ids::catalog_too_large);
    EXPECT_THAT(std::string(e.what()), HasSubstr("max_document_bytes"));
  }
  cc::load_options shallow;
  shallow.limits.max_json_depth = 3;
  try {
    (void)cc::catalog::from_json(text, shallow);
    FAIL();
  } catch (const cc::catalog_error& e) {
    EXPECT_EQ(e.id(), cc::error_ids::catalog_too_deep);
  }
  cc::load_options few;
  few.limits.max_strategies = 5;
  few.limits.max_rules = 4;
  try {
    (void)cc::catalog::from_json(text, few);
    FAIL();
  } catch (const cc::catalog_error& e) {
    ASSERT_EQ(e.problems().size(), 2u);
    EXPECT_EQ(e.problems()[0].pointer, "/strategies");
    EXPECT_EQ(e.problems()[1].pointer, "/rules");
    EXPECT_EQ(e.id(), cc::error_ids::catalog_limit);
  }
  cc::load_options short_text;
  short_text.limits.max_text_bytes = 40;
  try {
    (void)cc::catalog::from_json(text, short_text);
    FAIL();
  } catch (const cc::catalog_error& e) {
    EXPECT_EQ(e.id(), cc::error_ids::catalog_limit);
    EXPECT_THAT(std::string(e.what()), HasSubstr("max_text_bytes"));
  }
  cc::load_options shallow_rules;
  shallow_rules.limits.max_rule_depth = 1;
  try {
    (void)cc::catalog::from_json(text, shallow_rules);
    FAIL();
  } catch (const cc::catalog_error& e) {
    EXPECT_EQ(e.id(), cc::error_ids::catalog_bad_rule);
  }
}

TEST(CatalogLimits, HundredThousandDeepDocumentIsAnErrorNotACrash) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  try {
    (void)cc::catalog::from_json(deep);
    FAIL();
  } catch (const cc::catalog_error& e) {
    EXPECT_EQ(e.id(), cc::error_ids::catalog_too_deep);
  }
}

TEST(CatalogLookup, FindsStrategiesAndSourcesWithoutThrowing) {
  const auto cat = cc::catalog::builtin();
  ASSERT_NE(cat.find_strategy("monitoring"), nullptr);
  EXPECT_EQ(cat.find_strategy("monitoring")->name, "Regular Monitoring");
  EXPECT_EQ(cat.find_strategy("nope"), nullptr);
  EXPECT_EQ(cat.strategy_index("clinical-trials"), 8u);
  EXPECT_FALSE(cat.strategy_index("").has_value());
  ASSERT_NE(cat.find_source("mbc-article"), nullptr);
  EXPECT_EQ(cat.find_source("x"), nullptr);
}

TEST(CatalogDocument, ProgrammaticDocumentsPassTheSameChecks) {
  cc::catalog_document doc = cc::catalog::builtin().document();
  EXPECT_EQ(cc::catalog::from_document(doc), cc::catalog::builtin());
  doc.strategies[0].purpose = "";
  try {
    (void)cc::catalog::from_document(doc);
    FAIL();
  } catch (const cc::catalog_error& e) {
    EXPECT_EQ(e.path(), "/strategies/0/purpose");
  }
}

// One decoder: from_json() feeds it the text's events as it is parsed, from_value() walks the
// DOM into the same events. Every problems_of() above already checks that both give the same
// problems for its document; these are the texts a DOM cannot tell apart from others (keys
// given twice, key order) and the bounds.
TEST(CatalogLoadPaths, TextAndValueReportTheSameProblems) {
  using carecompare_test::expect_both_paths_agree;
  const std::string good = cc::catalog::builtin().to_json(-1);
  // Splices `insert` in right after the first occurrence of `after` in the builtin text.
  const auto with = [&](std::string_view after, std::string_view insert) {
    std::string text = good;
    const auto at = text.find(after);
    EXPECT_NE(at, std::string::npos) << after;
    return text.insert(at + after.size(), insert);
  };
  const std::vector<std::string> texts = {
      good,
      "{}",
      "[]",
      "null",
      "-0",
      R"({"zeta": 1, "alpha": [1, {"x": 2}], "id": "Not A Slug", "Mid": null})",
      R"({"strategies": 5, "rules": {"a": 1}, "vocabulary": [], "facts": "no", "extensions": [1]})",
      R"({"strategies": [1, "two", null, [], {}], "rules": [{"when": {"var": ["sites"]}, "weight": -0}]})",
      R"({"id": "a", "id": 7, "id": "b", "title": [], "title": "ok"})",
      R"({"x": 1, "x": {"y": 2}, "x": 3, "b": 1, "a": 2})",
      with(R"({)", R"("published": "2020-02-30", "version": "01.0.0", "locale": "??",)"),
      with(R"("strategies":[{)", R"("kind": "cure", "scope": 3, "benefits": [""], "extra": {},)"),
      with(R"("strategies":[{)", R"("use_cases": [], "use_cases": ["a\u0001b"],)"),
      with(R"("rules":[{)", R"("when": {"frobnicate": [1]}, "when": {"==": [1, 1]}, "weight": "heavy",)"),
      with(R"("rules":[{)", R"("hide": null, "weight": 1e300, "z": 1, "a": 2,)"),
      with(R"("vocabulary":{)", R"("sites": [{"id": "x"}], "sites": [{"label": "y"}], "other": [],)"),
      with(R"({)", R"("extensions": {"b": [1, {"c": null}], "a": -0.0, "a": "again"},)"),
      with(R"({)", R"("strategies": [], "rules": [],)"),
      with(R"({)", R"("facts": [{"id": "Bad.Id", "type": "number", "values": ["a"], "label": "", "description": 5}],)"),
  };
  for (const auto& text : texts) expect_both_paths_agree(text);

  // Past sax_decoder::abandon_after problems the decoder stops collecting them; no count being
  // past its limit, the input is decoded again without item limits: same problems either way.
  std::string many;
  for (std::size_t i = 0; i < cc::detail::sax_decoder::abandon_after / 4; ++i) many += R"({"weight": "w"},)";
  expect_both_paths_agree(with(R"("rules":[)", many));

  // Bounds, at the limit and one past it; few problems listed.
  const std::size_t strategies = cc::catalog::builtin().strategies().size();
  const std::size_t rules = cc::catalog::builtin().rules().size();
  for (const std::size_t slack : {std::size_t{0}, std::size_t{1}}) {
    cc::load_options tight;
    tight.limits.max_strategies = strategies - slack;
    tight.limits.max_rules = rules - slack;
    tight.limits.max_text_bytes = 200;
    tight.limits.max_problems = 2;
    for (const auto& text : texts) expect_both_paths_agree(text, tight);
  }
  cc::load_options strict;
  strict.strict = true;
  for (const auto& text : texts) expect_both_paths_agree(text, strict);
}

namespace {

std::vector<std::pair<int, std::string>> about_warnings(const cc::catalog& cat) {
  std::vector<std::pair<int, std::string>> out;
  for (const auto& w : cat.warnings()) {
    if (w.id == cc::error_ids::catalog_missing_about || w.id == cc::error_ids::catalog_review_overdue) {
      out.emplace_back(w.id, w.pointer);
    }
  }
  return out;
}

TEST(DecisionAid, TheBuiltinCatalogSaysWhoWroteItWhoPaidAndWhenItIsReviewed) {
  const auto& info = cc::catalog::builtin().info();
  ASSERT_TRUE(info.authors.has_value());
  ASSERT_EQ(info.authors->size(), 1u);
  EXPECT_EQ((*info.authors)[0].name, "The carecompare project");
  EXPECT_TRUE(info.funding && info.conflicts_of_interest && info.update_policy);
  ASSERT_TRUE(info.next_review.has_value());
  EXPECT_GT(*info.next_review, info.last_reviewed);
  EXPECT_TRUE(about_warnings(cc::catalog::builtin()).empty());
}

TEST(DecisionAid, EachMissingKeyIsAWarningAtItsPointerAndAnErrorWhenStrict) {
  auto doc = builtin_json();
  for (const char* key : {"authors", "funding", "conflicts_of_interest", "update_policy", "next_review"}) {
    doc.erase(key);
  }
  const auto cat = cc::catalog::from_value(doc);
  using W = std::pair<int, std::string>;
  constexpr int missing = cc::error_ids::catalog_missing_about;
  EXPECT_EQ(about_warnings(cat), (std::vector<W>{{missing, "/authors"},
                                                 {missing, "/funding"},
                                                 {missing, "/conflicts_of_interest"},
                                                 {missing, "/update_policy"},
                                                 {missing, "/next_review"}}));
  cc::load_options strict;
  strict.strict = true;
  const auto problems = problems_of(doc, strict);
  ASSERT_EQ(problems.size(), 5u);
  EXPECT_EQ(problems[0].id, missing);
  EXPECT_EQ(problems[0].level, cc::diagnostic::severity::error);
}

TEST(DecisionAid, APassedReviewDateIsAWarning) {
  auto doc = builtin_json();
  doc["next_review"] = "2020-01-31";
  const auto cat = cc::catalog::from_value(doc);
  ASSERT_EQ(about_warnings(cat),
            (std::vector<std::pair<int, std::string>>{{cc::error_ids::catalog_review_overdue, "/next_review"}}));
  EXPECT_THAT(cat.warnings().back().message, HasSubstr("2020-01-31"));
  doc["next_review"] = "2999-01-31";
  EXPECT_TRUE(about_warnings(cc::catalog::from_value(doc)).empty());
}

TEST(DecisionAid, EveryTableAndResultCarriesIt) {
  const auto cat = cc::catalog::builtin();
  for (const auto format : {cc::table_format::markdown, cc::table_format::html, cc::table_format::text,
                            cc::table_format::csv, cc::table_format::json}) {
    const std::string table = cc::render(cc::make_table(cat), {format});
    const std::string result = cc::render(cc::make_table(cat.filter({})), {format});
    for (const std::string& out : {table, result}) {
      EXPECT_THAT(out, HasSubstr("The carecompare project"));
      EXPECT_THAT(out, HasSubstr("No one paid for this catalog."));
      EXPECT_THAT(out, HasSubstr("No conflicts of interest have been declared."));
      EXPECT_THAT(out, HasSubstr("2027-11-26"));
    }
  }
  const auto json = cat.filter({}).to_json();
  EXPECT_EQ(json["catalog"]["funding"], "None. No one paid for this catalog.");
  EXPECT_EQ(json["catalog"]["authors"][0]["name"], "The carecompare project");
  EXPECT_EQ(json["catalog"]["next_review"], "2027-11-26");
}

}  // namespace
