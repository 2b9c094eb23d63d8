// SPDX-License-Identifier: MIT
// Typed facts and load-time rule checking: each kind of mistake in a catalog rule, with its error
// id, JSON Pointer and "did you mean"; warnings for rules that never fire and strategies never
// shown; circumstances' facts checked against their declarations.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "catalog_support.hpp"

#include <carecompare/carecompare.hpp>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>
#include "util/suggest.hpp"  // the library's name suggestions (src/), tested directly

namespace cc = carecompare;
using carecompare_test::builtin_json;
using carecompare_test::problems_of;
using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

namespace {

// Builtin rules: 0 spread-to-multiple-areas, 1 goal-control-growth, 2 bone-or-brain-site, 3 pain,
// 4 bone-involvement, 5 fatigue, 6 reduced-mobility, 7 stress-or-anxiety, 8 goal-relieve-symptoms,
// 9 goal-stay-active, 10 explore-emerging-therapies, 11 regular-monitoring.
// Builtin strategies: 0 systemic-therapy, 1 radiation-therapy, 2 physical-therapy, 3 nutrition,
// 4 physical-activity, 5 pain-management, 6 emotional-support, 7 monitoring, 8 clinical-trials.

/// The builtin catalog with rule `index`'s `when` replaced.
json with_when(std::size_t index, const json& when) {
  json doc = builtin_json();
  doc["rules"][index]["when"] = when;
  return doc;
}

/// The builtin catalog declaring a few typed facts.
json with_facts() {
  json doc = builtin_json();
  doc["facts"] = json::parse(R"([
    {"id": "pain_score", "type": "number", "label": "Pain score", "description": "0 to 10"},
    {"id": "in_treatment", "type": "boolean", "label": "In treatment", "description": "Currently treated"},
    {"id": "stage_group", "type": "string", "label": "Stage group", "description": "How far it has spread",
     "values": ["early", "advanced"]},
    {"id": "preferences", "type": "string-list", "label": "Preferences", "description": "What matters",
     "values": ["at-home", "short-visits"]},
    {"id": "notes", "type": "string-list", "label": "Notes", "description": "Free text"}
  ])");
  return doc;
}

/// Loads `doc` expecting exactly one problem; returns it.
cc::diagnostic single_problem(const json& doc) {
  const auto problems = problems_of(doc);
  std::string all;
  for (const auto& p : problems) all += "\n  " + p.to_string();
  EXPECT_EQ(problems.size(), 1u) << all;
  return problems.empty() ? cc::diagnostic{} : problems.front();
}

/// Loads `doc` expecting no error; returns the warnings.
std::vector<cc::diagnostic> warnings_of(const json& doc) {
  try {
    return cc::catalog::from_value(doc).warnings();
  } catch (const cc::catalog_error& e) {
    ADD_FAILURE() << e.what();
  }
  return {};
}

std::string describe(const std::vector<cc::diagnostic>& list) {
  std::string out;
  for (const auto& d : list) out += "\n  [" + std::to_string(d.id) + "] " + d.to_string();
  return out;
}

/// Filters expecting a circumstances_error; returns it as (id, path, what).
struct caught {
  int id = 0;
  std::string path, what;
};
caught circumstances_problem(const cc::catalog& cat, const json& facts) {
  cc::circumstances c;
  c.facts = facts;
  try {
    (void)cat.filter(c);
  } catch (const cc::circumstances_error& e) {
    return {e.id(), e.path(), e.what()};
  }
  ADD_FAILURE() << "filter accepted facts " << facts.dump();
  return {};
}

}  // namespace

// ---- var paths ----------------------------------------------------------------------------------

TEST(CheckVars, MisspeltFieldPointsAtTheVarAndSuggestsSites) {
  const auto p = single_problem(with_when(4, json::parse(R"({"in":["bone",{"var":"site"}]})")));
  EXPECT_EQ(p.id, cc::error_ids::catalog_unknown_var);
  EXPECT_EQ(p.pointer, "/rules/4/when/in/1");
  EXPECT_EQ(p.suggestion, "sites");
  EXPECT_EQ(p.level, cc::diagnostic::severity::error);
  EXPECT_THAT(p.message, HasSubstr("\"site\""));
  EXPECT_THAT(p.message, HasSubstr("sites, symptoms, goals, site_count"));
  EXPECT_THAT(p.to_string(), HasSubstr("did you mean \"sites\""));
}

TEST(CheckVars, NestedPointerIsTheRulesPointerPlusTheNodes) {
  const auto p = single_problem(with_when(7, json::parse(R"({"or":[{"in":["anxiety",{"var":"symptoms"}]},
                                         {"in":["emotional-wellbeing",{"var":"goal"}]}]})")));
  EXPECT_EQ(p.id, cc::error_ids::catalog_unknown_var);
  EXPECT_EQ(p.pointer, "/rules/7/when/or/1/in/1");
  EXPECT_EQ(p.suggestion, "goals");
}

TEST(CheckVars, UndeclaredFactIsAnError) {
  const auto p = single_problem(with_when(0, json::parse(R"({">=":[{"var":"pain_score"},7]})")));
  EXPECT_EQ(p.id, cc::error_ids::catalog_unknown_var);
  EXPECT_EQ(p.pointer, "/rules/0/when/>=/0");
  EXPECT_THAT(p.message, HasSubstr("declares no facts"));
  EXPECT_EQ(p.suggestion, "");
}

TEST(CheckVars, MisspeltDeclaredFactSuggestsIt) {
  json doc = with_facts();
  doc["rules"][0]["when"] = json::parse(R"({">=":[{"var":"pain_scor"},7]})");
  const auto p = single_problem(doc);
  EXPECT_EQ(p.id, cc::error_ids::catalog_unknown_var);
  EXPECT_EQ(p.suggestion, "pain_score");
  EXPECT_THAT(p.message, HasSubstr("pain_score, in_treatment"));
}

TEST(CheckVars, FarOffNamesGetNoSuggestion) {
  const auto p = single_problem(with_when(0, json::parse(R"({">=":[{"var":"xyz"},2]})")));
  EXPECT_EQ(p.id, cc::error_ids::catalog_unknown_var);
  EXPECT_EQ(p.suggestion, "");
  EXPECT_THAT(p.to_string(), Not(HasSubstr("did you mean")));
}

TEST(CheckVars, IndexAndLengthOfListsAreAllowedOtherKeysAreNot) {
  EXPECT_THAT(warnings_of(with_when(0, json::parse(R"({">=":[{"var":"sites.length"},2]})"))), IsEmpty());
  EXPECT_THAT(warnings_of(with_when(4, json::parse(R"({"==":[{"var":"sites.0"},"bone"]})"))), IsEmpty());
  EXPECT_THAT(warnings_of(with_when(4, json::parse(R"({"==":[{"var":"sites.0.length"},4]})"))), IsEmpty());

  auto p = single_problem(with_when(0, json::parse(R"({">=":[{"var":"sites.lenght"},2]})")));
  EXPECT_EQ(p.id, cc::error_ids::catalog_unknown_var);
  EXPECT_EQ(p.pointer, "/rules/0/when/>=/0");
  EXPECT_EQ(p.suggestion, "sites.length");
  EXPECT_THAT(p.message, HasSubstr("list of site ids"));

  p = single_problem(with_when(0, json::parse(R"({">=":[{"var":"site_count.value"},2]})")));
  EXPECT_EQ(p.id, cc::error_ids::catalog_unknown_var);
  EXPECT_THAT(p.message, HasSubstr("nothing is inside it"));
}

TEST(CheckVars, PathsInsideFactsFollowTheirType) {
  json doc = with_facts();
  doc["rules"][0]["when"] = json::parse(R"({"and":[{"var":"in_treatment"},{">":[{"var":"preferences.length"},0]},
                                                  {"==":[{"var":"preferences.0"},"at-home"]}]})");
  EXPECT_THAT(warnings_of(doc), IsEmpty());
  doc["rules"][0]["when"] = json::parse(R"({"var":"in_treatment.yes"})");
  const auto p = single_problem(doc);
  EXPECT_EQ(p.id, cc::error_ids::catalog_unknown_var);
  EXPECT_EQ(p.pointer, "/rules/0/when");
  EXPECT_THAT(p.message, HasSubstr("\"in_treatment\" is a boolean"));
}

TEST(CheckVars, ComputedPathIsAccepted) {
  // The path is only known when the rule runs: not checked.
  EXPECT_THAT(warnings_of(with_when(4, json::parse(R"({"in":["bone",{"var":{"cat":["si","tes"]}}]})"))), IsEmpty());
  EXPECT_THAT(warnings_of(with_when(4, json::parse(R"({"in":["bone",{"var":{"if":[true,"sites","goals"]}}]})"))),
              IsEmpty());
}

TEST(CheckVars, MissingNamesAreCheckedLikeVarPaths) {
  auto p = single_problem(with_when(0, json::parse(R"({"!":{"missing":["site"]}})")));
  EXPECT_EQ(p.id, cc::error_ids::catalog_unknown_var);
  EXPECT_EQ(p.pointer, "/rules/0/when/!/missing/0");
  EXPECT_EQ(p.suggestion, "sites");
  p = single_problem(with_when(0, json::parse(R"({"!":{"missing_some":[1,["sites","symptom"]]}})")));
  EXPECT_EQ(p.pointer, "/rules/0/when/!/missing_some/1/1");
  EXPECT_EQ(p.suggestion, "symptoms");
}

// ---- scopes of map, filter, reduce, all, none, some ----------------------------------------------

TEST(CheckScopes, ScopedVarsAreAccepted) {
  const char* rules[] = {
      R"({"some":[{"var":"sites"},{"in":[{"var":""},["bone","brain"]]}]})",
      R"({"all":[{"var":"sites"},{"!=":[{"var":""},"liver"]}]})",
      R"({"none":[{"var":"symptoms"},{"===":[{"var":""},"pain"]}]})",
      R"({"in":["bone",{"map":[{"var":"sites"},{"var":""}]}]})",
      R"({"some":[{"filter":[{"var":"goals"},{"!==":[{"var":""},"stay-active"]}]},{">":[{"var":"length"},3]}]})",
      R"({">":[{"reduce":[{"var":"sites"},{"+":[{"var":"accumulator"},1]},0]},1]})",
      R"({"reduce":[{"var":"sites"},{"or":[{"var":"accumulator"},{"==":[{"var":"current"},"bone"]}]},false]})",
      R"({"some":[{"map":[{"var":"sites"},{"var":"length"}]},{">":[{"var":""},3]}]})",
      R"({"some":[[1,2,3],{">":[{"var":""},{"var":""}]}]})",
  };
  for (const char* when : rules) {
    json doc = with_when(4, json::parse(when));
    try {
      const auto cat = cc::catalog::from_value(doc);
      EXPECT_THAT(cat.warnings(), IsEmpty()) << when << describe(cat.warnings());
    } catch (const cc::catalog_error& e) {
      ADD_FAILURE() << when << ": " << e.what();
    }
  }
}

TEST(CheckScopes, TheDataIsNotVisibleInsideSome) {
  const auto p =
      single_problem(with_when(2, json::parse(R"({"some":[{"var":"sites"},{"in":[{"var":""},{"var":"goals"}]}]})")));
  EXPECT_EQ(p.id, cc::error_ids::catalog_unknown_var);
  EXPECT_EQ(p.pointer, "/rules/2/when/some/1/in/1");
  EXPECT_THAT(p.message, HasSubstr("inside \"some\""));
  EXPECT_THAT(p.message, HasSubstr("{\"var\": \"\"}"));
}

TEST(CheckScopes, ReduceReadsCurrentAndAccumulatorOnly) {
  const auto p = single_problem(
      with_when(0, json::parse(R"({">":[{"reduce":[{"var":"sites"},{"+":[{"var":"acumulator"},1]},0]},1]})")));
  EXPECT_EQ(p.id, cc::error_ids::catalog_unknown_var);
  EXPECT_EQ(p.pointer, "/rules/0/when/>/0/reduce/1/+/0");
  EXPECT_EQ(p.suggestion, "accumulator");
  // "current" outside reduce names nothing.
  const auto q = single_problem(with_when(4, json::parse(R"({"==":[{"var":"current"},"bone"]})")));
  EXPECT_EQ(q.id, cc::error_ids::catalog_unknown_var);
  EXPECT_EQ(q.pointer, "/rules/4/when/==/0");
}

// ---- vocabulary ids and fact values --------------------------------------------------------------

TEST(CheckValues, MisspeltSiteIdSuggestsTheId) {
  const auto p = single_problem(with_when(4, json::parse(R"({"in":["bones",{"var":"sites"}]})")));
  EXPECT_EQ(p.id, cc::error_ids::catalog_unknown_value);
  EXPECT_EQ(p.pointer, "/rules/4/when/in/0");
  EXPECT_EQ(p.suggestion, "bone");
  EXPECT_THAT(p.message, HasSubstr("\"bones\" is not a site id"));
  EXPECT_THAT(p.message, HasSubstr("bone, liver, lung, brain"));
}

TEST(CheckValues, UnknownIdFarFromAnyGetsTheListButNoSuggestion) {
  const auto p = single_problem(with_when(10, json::parse(R"({"in":["find-a-cure",{"var":"goals"}]})")));
  EXPECT_EQ(p.id, cc::error_ids::catalog_unknown_value);
  EXPECT_EQ(p.suggestion, "");
  EXPECT_THAT(p.message, HasSubstr("explore-new-treatments"));
}

TEST(CheckValues, MisspeltIdInTheLiteralListOfSome) {
  const auto p =
      single_problem(with_when(2, json::parse(R"({"some":[{"var":"sites"},{"in":[{"var":""},["bone","brian"]]}]})")));
  EXPECT_EQ(p.id, cc::error_ids::catalog_unknown_value);
  EXPECT_EQ(p.pointer, "/rules/2/when/some/1/in/1/1");
  EXPECT_EQ(p.suggestion, "brain");
}

TEST(CheckValues, ElementOfSymptomsComparedWithAnUnknownId) {
  for (const char* eq : {"==", "===", "!=", "!=="}) {
    for (const char* quantifier : {"some", "all", "none"}) {
      const json when = json::parse(std::string(R"({")") + quantifier + R"(":[{"var":"symptoms"},{")" + eq +
                                    R"(":[{"var":""},"pian"]}]})");
      const auto p = single_problem(with_when(3, when));
      EXPECT_EQ(p.id, cc::error_ids::catalog_unknown_value) << when.dump();
      EXPECT_EQ(p.pointer, std::string("/rules/3/when/") + quantifier + "/1/" + eq + "/1") << when.dump();
      EXPECT_EQ(p.suggestion, "pain") << when.dump();
      EXPECT_THAT(p.message, HasSubstr("symptom id")) << when.dump();
    }
  }
  // The literal on the left works the same.
  const auto p =
      single_problem(with_when(3, json::parse(R"({"some":[{"var":"symptoms"},{"==":["fatigued",{"var":""}]}]})")));
  EXPECT_EQ(p.pointer, "/rules/3/when/some/1/==/0");
  EXPECT_EQ(p.suggestion, "fatigue");
  // An element read by index.
  const auto q = single_problem(with_when(3, json::parse(R"({"==":[{"var":"symptoms.0"},"pian"]})")));
  EXPECT_EQ(q.id, cc::error_ids::catalog_unknown_value);
  EXPECT_EQ(q.pointer, "/rules/3/when/==/1");
}

TEST(CheckValues, StringFactWithValuesComparedWithAnotherValue) {
  json doc = with_facts();
  doc["rules"][0]["when"] = json::parse(R"({"==":[{"var":"stage_group"},"advancd"]})");
  auto p = single_problem(doc);
  EXPECT_EQ(p.id, cc::error_ids::catalog_unknown_value);
  EXPECT_EQ(p.pointer, "/rules/0/when/==/1");
  EXPECT_EQ(p.suggestion, "advanced");
  EXPECT_THAT(p.message, HasSubstr("value of fact \"stage_group\""));

  doc["rules"][0]["when"] = json::parse(R"({"in":[{"var":"stage_group"},["early","late"]]})");
  p = single_problem(doc);
  EXPECT_EQ(p.id, cc::error_ids::catalog_unknown_value);
  EXPECT_EQ(p.pointer, "/rules/0/when/in/1/1");
  EXPECT_THAT(p.message, HasSubstr("early, advanced"));

  doc["rules"][0]["when"] = json::parse(R"({"in":["at-hom",{"var":"preferences"}]})");
  p = single_problem(doc);
  EXPECT_EQ(p.id, cc::error_ids::catalog_unknown_value);
  EXPECT_EQ(p.suggestion, "at-home");

  // A string-list fact without values takes any string.
  doc["rules"][0]["when"] = json::parse(R"({"in":["anything",{"var":"notes"}]})");
  EXPECT_THAT(warnings_of(doc), IsEmpty());
}

// ---- types ---------------------------------------------------------------------------------------

TEST(CheckTypes, SiteCountComparedWithAString) {
  auto p = single_problem(with_when(0, json::parse(R"({"<":[{"var":"site_count"},"two"]})")));
  EXPECT_EQ(p.id, cc::error_ids::catalog_type_mismatch);
  EXPECT_EQ(p.pointer, "/rules/0/when/</1");
  EXPECT_THAT(p.message, HasSubstr("\"site_count\" (a number)"));
  EXPECT_THAT(p.message, HasSubstr("the string \"two\""));
  p = single_problem(with_when(0, json::parse(R"({">=":[{"var":"site_count"},"2"]})")));
  EXPECT_EQ(p.id, cc::error_ids::catalog_type_mismatch);
  EXPECT_THAT(p.message, HasSubstr("without quotes"));
}

TEST(CheckTypes, NumberFactComparedWithAString) {
  json doc = with_facts();
  doc["rules"][0]["when"] = json::parse(R"({">=":[{"var":"pain_score"},"high"]})");
  const auto p = single_problem(doc);
  EXPECT_EQ(p.id, cc::error_ids::catalog_type_mismatch);
  EXPECT_EQ(p.pointer, "/rules/0/when/>=/1");
  EXPECT_THAT(p.message, HasSubstr("\"pain_score\" (a number)"));
}

TEST(CheckTypes, BooleanFactComparedWithAString) {
  json doc = with_facts();
  doc["rules"][0]["when"] = json::parse(R"({"==":[{"var":"in_treatment"},"yes"]})");
  EXPECT_EQ(single_problem(doc).id, cc::error_ids::catalog_type_mismatch);
  doc["rules"][0]["when"] = json::parse(R"({"==":[{"var":"in_treatment"},null]})");  // null: not stated
  doc["rules"][0]["absent_is"] = "null";  // a rule that tests absence on purpose says so
  EXPECT_THAT(warnings_of(doc), IsEmpty());
}

// Warning 242: a rule an unanswered fact would make true if it read as null, which does not say
// how it means absence.
TEST(CheckAbsence, ARuleThatAnUnansweredFactWouldFireIsWarnedAbout) {
  json doc = with_facts();
  const auto warned = [&](const char* when) {
    doc["rules"][0]["when"] = json::parse(when);
    doc["rules"][0].erase("absent_is");
    std::vector<std::string> out;
    for (const auto& w : warnings_of(doc)) {
      if (w.id == cc::error_ids::catalog_absent_fact_fires) out.push_back(w.pointer);
    }
    return out;
  };
  EXPECT_THAT(warned(R"({"<":[{"var":"pain_score"},4]})"), ::testing::ElementsAre("/rules/0/when"));
  EXPECT_THAT(warned(R"({"and":[{"in":["bone",{"var":"sites"}]},{"!":{"var":"in_treatment"}}]})"),
              ::testing::ElementsAre("/rules/0/when/and/1"));
  EXPECT_THAT(warned(R"({"!=":[{"var":"stage_group"},"early"]})"), ::testing::ElementsAre("/rules/0/when"));
  EXPECT_THAT(warned(R"({"<=":[0,{"var":"pain_score"},3]})"), ::testing::ElementsAre("/rules/0/when"));
  // Not when absence makes the rule false, nor for facts read inside a list's elements.
  EXPECT_THAT(warned(R"({">=":[{"var":"pain_score"},7]})"), IsEmpty());
  EXPECT_THAT(warned(R"({"!!":[{"var":"in_treatment"}]})"), IsEmpty());
  EXPECT_THAT(warned(R"({"==":[{"var":"stage_group"},"advanced"]})"), IsEmpty());
  EXPECT_THAT(warned(R"({"<":[{"var":"site_count"},2]})"), IsEmpty());  // not a fact: always stated
  // A rule that says how it means absence is not warned about, either way.
  doc["rules"][0]["when"] = json::parse(R"({"<":[{"var":"pain_score"},4]})");
  for (const char* absent_is : {"null", "unknown"}) {
    doc["rules"][0]["absent_is"] = absent_is;
    EXPECT_THAT(warnings_of(doc), IsEmpty()) << absent_is;
  }
  // --strict makes it an error.
  doc["rules"][0].erase("absent_is");
  cc::load_options strict;
  strict.strict = true;
  try {
    (void)cc::catalog::from_value(doc, strict);
    ADD_FAILURE() << "strict loading accepted it";
  } catch (const cc::catalog_error& e) {
    EXPECT_EQ(e.problems().front().id, cc::error_ids::catalog_absent_fact_fires);
    EXPECT_THAT(e.problems().front().message, HasSubstr("\"pain_score\""));
  }
}

TEST(CheckTypes, ListComparedWithAStringSaysUseIn) {
  const auto p = single_problem(with_when(4, json::parse(R"({"==":[{"var":"sites"},"bone"]})")));
  EXPECT_EQ(p.id, cc::error_ids::catalog_type_mismatch);
  EXPECT_EQ(p.pointer, "/rules/4/when/==/1");
  EXPECT_THAT(p.message, HasSubstr("\"in\""));
}

TEST(CheckTypes, ArithmeticOnAList) {
  auto p = single_problem(with_when(0, json::parse(R"({">=":[{"+":[{"var":"sites"},1]},2]})")));
  EXPECT_EQ(p.id, cc::error_ids::catalog_list_arithmetic);
  EXPECT_EQ(p.pointer, "/rules/0/when/>=/0/+/0");
  EXPECT_EQ(p.suggestion, "site_count");
  for (const char* op : {"-", "*", "/", "%", "min", "max"}) {
    const json when = json::parse(std::string(R"({">=":[{")") + op + R"(":[3,{"var":"symptoms"}]},2]})");
    p = single_problem(with_when(0, when));
    EXPECT_EQ(p.id, cc::error_ids::catalog_list_arithmetic) << op;
    const std::string token = std::string(op) == "/" ? "~1" : op;  // JSON Pointer escapes '/'
    EXPECT_EQ(p.pointer, "/rules/0/when/>=/0/" + token + "/1") << op;
    EXPECT_EQ(p.suggestion, "symptoms.length") << op;
  }
  // Counting a list is fine.
  EXPECT_THAT(warnings_of(with_when(0, json::parse(R"({">=":[{"+":[{"var":"sites.length"},1]},3]})"))), IsEmpty());
}

TEST(CheckTypes, InNeedsAListOrAString) {
  auto p = single_problem(with_when(0, json::parse(R"({"in":[2,{"var":"site_count"}]})")));
  EXPECT_EQ(p.id, cc::error_ids::catalog_type_mismatch);
  EXPECT_EQ(p.pointer, "/rules/0/when/in/1");
  p = single_problem(with_when(0, json::parse(R"({"in":[{"var":"sites"},["bone"]]})")));
  EXPECT_EQ(p.id, cc::error_ids::catalog_type_mismatch);
  EXPECT_EQ(p.pointer, "/rules/0/when/in/0");
  EXPECT_THAT(p.message, HasSubstr("\"some\""));
  p = single_problem(with_when(0, json::parse(R"({"in":[2,{"var":"sites"}]})")));
  EXPECT_EQ(p.id, cc::error_ids::catalog_type_mismatch);
  EXPECT_EQ(p.pointer, "/rules/0/when/in/0");
}

TEST(CheckTypes, QuantifiersNeedAList) {
  const auto p = single_problem(with_when(0, json::parse(R"({"some":[{"var":"site_count"},{"var":""}]})")));
  EXPECT_EQ(p.id, cc::error_ids::catalog_type_mismatch);
  EXPECT_EQ(p.pointer, "/rules/0/when/some/0");
}

TEST(CheckErrors, EveryProblemOfEveryRuleIsReported) {
  json doc = builtin_json();
  doc["rules"][1]["when"] =
      json::parse(R"({"and":[{"in":["bones",{"var":"sites"}]},{"in":["pain",{"var":"symptom"}]}]})");
  doc["rules"][5]["when"] = json::parse(R"({"<":[{"var":"site_count"},"two"]})");
  const auto problems = problems_of(doc);
  ASSERT_EQ(problems.size(), 3u) << describe(problems);
  EXPECT_EQ(problems[0].pointer, "/rules/1/when/and/0/in/0");
  EXPECT_EQ(problems[1].pointer, "/rules/1/when/and/1/in/1");
  EXPECT_EQ(problems[2].pointer, "/rules/5/when/</1");
  try {
    (void)cc::catalog::from_value(doc);
  } catch (const cc::catalog_error& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr("(did you mean \"bone\"?)"));
    EXPECT_THAT(std::string(e.what()), HasSubstr("[carecompare.catalog.231]"));
  }
}

// ---- warnings ------------------------------------------------------------------------------------

TEST(CheckWarnings, BuiltinCatalogHasNone) {
  const auto cat = cc::catalog::builtin();
  EXPECT_THAT(cat.warnings(), IsEmpty()) << describe(cat.warnings());
  cc::load_options strict;
  strict.strict = true;
  EXPECT_NO_THROW((void)cc::catalog::from_value(builtin_json(), strict));
}

TEST(CheckWarnings, ConstantFalseRulesNeverFire) {
  const char* whens[] = {
      "false",
      "null",
      "0",
      "\"\"",
      "[]",
      R"({"==":[1,2]})",
      R"({"!":true})",
      R"({"if":[false,true]})",
      R"({"and":[{"in":["pain",{"var":"symptoms"}]},false]})",
      R"({"and":[{"in":["pain",{"var":"symptoms"}]},{"==":[{"+":[1,1]},3]}]})",
      R"({"or":[false,{"!!":[0]}]})",
      R"({"some":[[],{"==":[{"var":""},1]}]})",
      R"({"some":[{"var":"symptoms"},false]})",
  };
  for (const char* when : whens) {
    const auto w = warnings_of(with_when(3, json::parse(when)));  // pain-management and radiation stay shown
    ASSERT_EQ(w.size(), 1u) << when << describe(w);
    EXPECT_EQ(w[0].id, cc::error_ids::catalog_rule_never_fires) << when;
    EXPECT_EQ(w[0].pointer, "/rules/3/when") << when;
    EXPECT_EQ(w[0].level, cc::diagnostic::severity::warning) << when;
    EXPECT_THAT(w[0].message, HasSubstr("rule \"pain\" can never fire")) << when;
  }
}

TEST(CheckWarnings, RulesThatMayFireAreNotReported) {
  const char* whens[] = {
      "true",
      R"({"==":[1,1]})",
      R"({"or":[{"in":["pain",{"var":"symptoms"}]},false]})",
      R"({"some":[{"var":"symptoms"},true]})",
      R"({"none":[{"var":"symptoms"},false]})",
      R"({"if":[{"in":["pain",{"var":"symptoms"}]},true,false]})",
  };
  for (const char* when : whens) EXPECT_THAT(warnings_of(with_when(3, json::parse(when))), IsEmpty()) << when;
}

TEST(CheckWarnings, SiteCountItCanNeverReach) {
  auto w = warnings_of(with_when(0, json::parse(R"({">":[{"var":"site_count"},4]})")));
  ASSERT_EQ(w.size(), 1u) << describe(w);  // systemic therapy is still shown by goal-control-growth
  EXPECT_EQ(w[0].id, cc::error_ids::catalog_rule_never_fires);
  EXPECT_EQ(w[0].pointer, "/rules/0/when");
  EXPECT_THAT(w[0].message, HasSubstr("\"site_count\" is always between 0 and 4"));
  for (const char* when : {R"({">=":[{"var":"site_count"},5]})", R"({"<":[{"var":"site_count"},0]})",
                           R"({"==":[{"var":"site_count"},1.5]})", R"({"<":[5,{"var":"site_count"}]})",
                           R"({"<=":[5,{"var":"sites.length"},6]})", R"({">":[{"var":"goals.length"},5]})"}) {
    w = warnings_of(with_when(0, json::parse(when)));
    ASSERT_EQ(w.size(), 1u) << when << describe(w);
    EXPECT_EQ(w[0].id, cc::error_ids::catalog_rule_never_fires) << when;
  }
  for (const char* when : {R"({">=":[{"var":"site_count"},4]})", R"({"==":[{"var":"site_count"},0]})",
                           R"({"<":[1,{"var":"site_count"},3]})"}) {
    EXPECT_THAT(warnings_of(with_when(0, json::parse(when))), IsEmpty()) << when;
  }
}

TEST(CheckWarnings, StrategyNoRuleShows) {
  json doc = builtin_json();
  doc["rules"][10]["show"] = {"monitoring"};                           // the only rule that showed clinical-trials
  doc["rules"][10]["reason"] = "You want to explore new treatments.";  // not naming clinical trials (246)
  const auto w = warnings_of(doc);
  ASSERT_EQ(w.size(), 1u) << describe(w);
  EXPECT_EQ(w[0].id, cc::error_ids::catalog_strategy_never_shown);
  EXPECT_EQ(w[0].pointer, "/strategies/8");
  EXPECT_THAT(w[0].message, HasSubstr("\"clinical-trials\""));
  EXPECT_THAT(w[0].message, HasSubstr("no rule shows it"));
}

TEST(CheckWarnings, StrategyWhoseRulesNeverFire) {
  const auto w = warnings_of(with_when(10, false));
  ASSERT_EQ(w.size(), 2u) << describe(w);
  EXPECT_EQ(w[0].id, cc::error_ids::catalog_rule_never_fires);
  EXPECT_EQ(w[0].pointer, "/rules/10/when");
  EXPECT_EQ(w[1].id, cc::error_ids::catalog_strategy_never_shown);
  EXPECT_EQ(w[1].pointer, "/strategies/8");
  EXPECT_THAT(w[1].message, HasSubstr("explore-emerging-therapies"));
}

TEST(CheckWarnings, StrategyAlwaysHidden) {
  json doc = builtin_json();
  doc["rules"][11]["hide"] = {"nutrition"};  // regular-monitoring: "when": true
  const auto w = warnings_of(doc);
  ASSERT_EQ(w.size(), 1u) << describe(w);
  EXPECT_EQ(w[0].id, cc::error_ids::catalog_strategy_never_shown);
  EXPECT_EQ(w[0].pointer, "/strategies/3");
  EXPECT_THAT(w[0].message, HasSubstr("regular-monitoring"));
}

TEST(CheckWarnings, StrictLoadingTurnsThemIntoErrors) {
  json doc = with_when(10, false);
  cc::load_options strict;
  strict.strict = true;
  const auto problems = problems_of(doc, strict);
  ASSERT_EQ(problems.size(), 2u) << describe(problems);
  EXPECT_EQ(problems[0].id, cc::error_ids::catalog_rule_never_fires);
  EXPECT_EQ(problems[1].id, cc::error_ids::catalog_strategy_never_shown);
  for (const auto& p : problems) EXPECT_EQ(p.level, cc::diagnostic::severity::error);
  // Without strict the same catalog loads.
  EXPECT_EQ(cc::catalog::from_value(doc).warnings().size(), 2u);
}

TEST(CheckWarnings, RulesWithErrorsGetNoWarnings) {
  cc::load_options strict;
  strict.strict = true;
  const auto problems = problems_of(with_when(10, json::parse(R"({"in":["explore",{"var":"goals"}]})")), strict);
  ASSERT_EQ(problems.size(), 1u) << describe(problems);
  EXPECT_EQ(problems[0].id, cc::error_ids::catalog_unknown_value);
}

// ---- JsonLogic outside catalogs stays untyped ----------------------------------------------------

TEST(CheckScope, LogicApplyIsUntouched) {
  namespace logic = cc::logic;
  EXPECT_EQ(logic::apply(json::parse(R"({"in":["bone",{"var":"site"}]})"), json{{"sites", {"bone"}}}), false);
  EXPECT_EQ(logic::apply(json::parse(R"({"<":[{"var":"site_count"},"two"]})"), json{{"site_count", 1}}), false);
  EXPECT_TRUE(logic::apply(json::parse(R"({"+":[{"var":"sites"},1]})"), json{{"sites", {"bone"}}}).is_null());
}

// ---- facts in circumstances ----------------------------------------------------------------------

TEST(CheckFacts, BuiltinCatalogDeclaresNoFacts) {
  const auto e = circumstances_problem(cc::catalog::builtin(), {{"stage", 4}});
  EXPECT_EQ(e.id, cc::error_ids::circumstances_unknown_fact);
  EXPECT_EQ(e.path, "/facts/stage");
  EXPECT_THAT(e.what, HasSubstr("unknown fact \"stage\""));
  EXPECT_THAT(e.what, HasSubstr("declares no facts"));
}

TEST(CheckFacts, UndeclaredFactSuggestsADeclaredOne) {
  const auto cat = cc::catalog::from_value(with_facts());
  const auto e = circumstances_problem(cat, {{"pain_scor", 4}});
  EXPECT_EQ(e.id, cc::error_ids::circumstances_unknown_fact);
  EXPECT_EQ(e.path, "/facts/pain_scor");
  EXPECT_THAT(e.what, HasSubstr("did you mean \"pain_score\""));
  const auto escaped = circumstances_problem(cat, {{"a/b", 1}});
  EXPECT_EQ(escaped.path, "/facts/a~1b");
}

TEST(CheckFacts, WrongTypeNamesTheExpectedTypeAndWhatWasGiven) {
  const auto cat = cc::catalog::from_value(with_facts());
  struct bad {
    json facts;
    const char* path;
    const char* expected;
    const char* given;
  };
  const bad cases[] = {
      {{{"in_treatment", 1}}, "/facts/in_treatment", "a boolean (true or false)", "a number (1)"},
      {{{"in_treatment", "yes"}}, "/facts/in_treatment", "a boolean", "a string (\"yes\")"},
      {{{"pain_score", "high"}}, "/facts/pain_score", "must be a number", "a string (\"high\")"},
      {{{"pain_score", true}}, "/facts/pain_score", "must be a number", "a boolean (true)"},
      {{{"stage_group", 3}}, "/facts/stage_group", "must be a string", "a number (3)"},
      {{{"preferences", "at-home"}}, "/facts/preferences", "a list of strings (string-list)", "a string (\"at-home\")"},
      {{{"notes", {"fine", 3}}}, "/facts/notes/1", "a list of strings (string-list)", "item 1 is a number (3)"},
      {{{"notes", json::object()}}, "/facts/notes", "a list of strings", "an object"},
  };
  for (const auto& c : cases) {
    const auto e = circumstances_problem(cat, c.facts);
    EXPECT_EQ(e.id, cc::error_ids::circumstances_fact_type) << c.facts.dump();
    EXPECT_EQ(e.path, c.path) << c.facts.dump();
    EXPECT_THAT(e.what, HasSubstr(c.expected)) << c.facts.dump();
    EXPECT_THAT(e.what, HasSubstr(c.given)) << c.facts.dump();
  }
}

TEST(CheckFacts, ValueNotInValues) {
  const auto cat = cc::catalog::from_value(with_facts());
  auto e = circumstances_problem(cat, {{"stage_group", "late"}});
  EXPECT_EQ(e.id, cc::error_ids::circumstances_fact_value);
  EXPECT_EQ(e.path, "/facts/stage_group");
  EXPECT_THAT(e.what, HasSubstr("early, advanced"));
  EXPECT_THAT(e.what, HasSubstr("\"late\""));
  e = circumstances_problem(cat, {{"preferences", {"at-home", "short-visit"}}});
  EXPECT_EQ(e.id, cc::error_ids::circumstances_fact_value);
  EXPECT_EQ(e.path, "/facts/preferences/1");
  EXPECT_THAT(e.what, HasSubstr("did you mean \"short-visits\""));
}

TEST(CheckFacts, WellTypedFactsReachTheRules) {
  json doc = with_facts();
  doc["rules"].push_back({{"id", "strong-pain"},
                          {"description", "Pain scored 7 or more while at home"},
                          {"when", json::parse(R"({"and":[{">=":[{"var":"pain_score"},7]},
                                                          {"in":["at-home",{"var":"preferences"}]},
                                                          {"!":{"var":"in_treatment"}},
                                                          {"==":[{"var":"stage_group"},"advanced"]}]})")},
                          {"show", {"clinical-trials"}},
                          {"reason", "Strong pain."},
                          {"absent_is", "unknown"}});  // `!` of a fact: it says how absence is meant
  const auto cat = cc::catalog::from_value(doc);
  EXPECT_THAT(cat.warnings(), IsEmpty());
  cc::circumstances c;
  c.facts = {{"pain_score", 8.5},
             {"preferences", {"at-home"}},
             {"in_treatment", false},
             {"stage_group", "advanced"},
             {"notes", {"anything"}}};
  bool shown = false;
  const auto result = cat.filter(c);
  for (const auto& o : result.relevant()) shown = shown || o.strategy->id == "clinical-trials";
  EXPECT_TRUE(shown);
  // null is the same as leaving the fact out.
  c.facts = {{"pain_score", nullptr}, {"stage_group", nullptr}};
  EXPECT_NO_THROW((void)cat.filter(c));
}

// ---- suggestions ---------------------------------------------------------------------------------

TEST(CheckSuggestions, CloseNamesOnly) {
  const std::vector<std::string> names = {"sites", "symptoms", "goals", "site_count"};
  EXPECT_EQ(cc::detail::closest_name("site", names), "sites");
  EXPECT_EQ(cc::detail::closest_name("Sites", names), "sites");
  EXPECT_EQ(cc::detail::closest_name("sitecount", names), "site_count");
  EXPECT_EQ(cc::detail::closest_name("smyptoms", names), "symptoms");  // a transposition is one edit
  EXPECT_EQ(cc::detail::closest_name("x", names), "");
  EXPECT_EQ(cc::detail::closest_name("stage", names), "");
  EXPECT_EQ(cc::detail::edit_distance("bnoe", "bone", 3), 1u);
  EXPECT_EQ(cc::detail::edit_distance("kitten", "sitting", 5), 3u);
}

TEST(CheckScaling, ALargeRuleIsCheckedInOnePass) {
  // 20000 disjuncts, half with a misspelt id: every one is reported, quickly.
  json terms = json::array();
  for (int i = 0; i < 20000; ++i) {
    terms.push_back(json::object({{"in", json::array({i % 2 ? "bones" : "bone", json::object({{"var", "sites"}})})}}));
  }
  cc::load_options all;  // list every problem (by default a catalog_error lists 1000)
  all.limits.max_problems = 20000;
  const auto problems = problems_of(with_when(4, {{"or", terms}}), all);
  ASSERT_EQ(problems.size(), 10000u);
  EXPECT_EQ(problems[0].pointer, "/rules/4/when/or/1/in/0");
  EXPECT_EQ(problems[0].suggestion, "bone");
}

// ---- check_catalog(): the report of a catalog being written ------------------------------------

TEST(CheckCatalog, LevelWordsAreErrorAndWarning) {
  EXPECT_EQ(cc::to_string(cc::diagnostic::severity::error), "error");
  EXPECT_EQ(cc::to_string(cc::diagnostic::severity::warning), "warning");
}

TEST(CheckCatalog, BuiltinIsValidAndEveryKeyIsWritten) {
  const auto builtin = cc::catalog::builtin();
  const cc::check_report report = cc::check_catalog(builtin_json().dump());
  EXPECT_TRUE(report.valid);
  EXPECT_EQ(report.strategies, builtin.strategies().size());
  EXPECT_EQ(report.rules, builtin.rules().size());
  EXPECT_THAT(report.problems, IsEmpty());
  EXPECT_FALSE(report.readability.has_value());
  const json j = cc::encode(report);
  EXPECT_EQ(j, json::parse(R"({"valid": true, "strategies": )" + std::to_string(builtin.strategies().size()) +
                           R"(, "rules": )" + std::to_string(builtin.rules().size()) +
                           R"(, "problems": [], "omitted": 0, "readability": null})"));
}

TEST(CheckCatalog, ErrorsComeFirstThenTheWarningsOfAStrictLoad) {
  json doc = builtin_json();
  doc["rules"][0]["show"] = json::array({"radiation-theraphy"});
  doc["rules"][1]["when"] = false;  // a rule that never fires: a warning
  const cc::check_report report = cc::check_catalog(doc.dump(2));
  EXPECT_FALSE(report.valid);
  EXPECT_FALSE(report.strategies.has_value());
  ASSERT_GE(report.problems.size(), 2u);
  const cc::check_problem& error = report.problems.front();
  EXPECT_EQ(error.id, cc::error_ids::catalog_unknown_ref);
  EXPECT_EQ(error.level, cc::diagnostic::severity::error);
  EXPECT_EQ(error.pointer, "/rules/0/show/0");
  EXPECT_EQ(error.suggestion, "radiation-therapy");
  bool warned = false;
  for (const auto& p : report.problems) {
    if (p.id == cc::error_ids::catalog_rule_never_fires) {
      warned = true;
      EXPECT_EQ(p.level, cc::diagnostic::severity::warning);
      EXPECT_EQ(p.pointer, "/rules/1/when");
    }
  }
  EXPECT_TRUE(warned) << "the strict load's warning 240 is missing";
  // The JSON form: every part of each problem, null for what a catalog that does not load lacks.
  const json j = cc::encode(report);
  EXPECT_EQ(j.at("strategies"), nullptr);
  EXPECT_EQ(j.at("rules"), nullptr);
  EXPECT_EQ(j.at("readability"), nullptr);
  EXPECT_EQ(j.at("problems").at(0), json({{"id", error.id},
                                          {"level", "error"},
                                          {"pointer", "/rules/0/show/0"},
                                          {"message", error.message},
                                          {"suggestion", "radiation-therapy"},
                                          {"line", 0},
                                          {"column", 0}}));
}

TEST(CheckCatalog, StrictMakesAWarningCountAgainstValid) {
  const std::string text = with_when(1, false).dump();
  const cc::check_report loose = cc::check_catalog(text);
  EXPECT_TRUE(loose.valid);
  ASSERT_THAT(loose.problems, Not(IsEmpty()));
  EXPECT_EQ(loose.problems.front().level, cc::diagnostic::severity::warning);
  EXPECT_EQ(cc::encode(loose).at("problems").at(0).at("level"), "warning");
  cc::check_options strict;
  strict.strict = true;
  const cc::check_report report = cc::check_catalog(text, strict);
  EXPECT_FALSE(report.valid);
  EXPECT_EQ(report.strategies, loose.strategies) << "a strict check still loads the catalog as it is";
}

TEST(CheckCatalog, ReadabilityGradesTheTextsAndAddsItsWarnings) {
  cc::check_options options;
  options.readability = cc::readability_options{};
  options.readability->max_grade = 0;  // every text of five words or more is too hard
  const cc::check_report report = cc::check_catalog(builtin_json().dump(), options);
  ASSERT_TRUE(report.readability.has_value());
  EXPECT_EQ(report.readability->texts.size(), cc::catalog::builtin().readability().texts.size());
  ASSERT_THAT(report.problems, Not(IsEmpty()));
  for (const auto& p : report.problems) {
    EXPECT_EQ(p.id, cc::error_ids::catalog_hard_to_read);
    EXPECT_EQ(p.level, cc::diagnostic::severity::warning);
  }
  EXPECT_TRUE(report.valid) << "warnings alone leave a catalog valid unless strict";
  EXPECT_EQ(cc::encode(report).at("readability"), cc::encode(*report.readability));
}

TEST(CheckCatalog, ADraftThatDoesNotLoadIsGradedAsFarAsItReads) {
  json doc = builtin_json();
  doc["rules"][0]["show"] = json::array({"radiation-theraphy"});
  cc::check_options options;
  options.readability = cc::readability_options{};
  const cc::check_report report = cc::check_catalog(doc.dump(), options);
  EXPECT_FALSE(report.valid);
  ASSERT_TRUE(report.readability.has_value());
  EXPECT_THAT(report.readability->texts, Not(IsEmpty()));
}

TEST(CheckCatalog, ASyntaxErrorHasItsLineAndColumnAndNoReadability) {
  cc::check_options options;
  options.readability = cc::readability_options{};
  const cc::check_report report = cc::check_catalog("{\n  \"schema\": ", options);
  EXPECT_FALSE(report.valid);
  ASSERT_EQ(report.problems.size(), 1u);
  EXPECT_EQ(report.problems[0].line, 2u);
  EXPECT_GT(report.problems[0].column, 0u);
  EXPECT_FALSE(report.readability.has_value());
  EXPECT_EQ(cc::encode(report).at("readability"), nullptr);
}

TEST(CheckCatalog, AMaxGradeThatIsNotANumberIsRefused) {
  cc::check_options options;
  options.readability = cc::readability_options{};
  options.readability->max_grade = std::nan("");
  EXPECT_THROW((void)cc::check_catalog("{}", options), std::invalid_argument);
  options.readability.reset();  // not graded: max_grade is not read
  EXPECT_NO_THROW((void)cc::check_catalog("{}", options));
}
