// SPDX-License-Identifier: MIT
// The catalog as a FHIR PlanDefinition (fhir.hpp plan_definition()): what it says of the catalog,
// one action per option with its FHIRPath condition, rules FHIRPath cannot say (an error at their
// JSON Pointer, or kept), the URL, and a translated catalog's words. Whether the conditions agree
// with carecompare on records is checked by HL7's FHIRPath engine (tests/fhir/agreement.test.js).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <carecompare/carecompare.hpp>
#include <string>
#include <vector>

#include "catalog_support.hpp"

namespace {

namespace cc = carecompare;
using ::testing::HasSubstr;
using ::testing::Not;

/// The action of strategy `name` (its title).
const nlohmann::json& action_titled(const nlohmann::json& plan, const std::string& name) {
  for (const auto& a : plan["action"]) {
    if (a["title"] == name) return a;
  }
  ADD_FAILURE() << "no action " << name;
  static const nlohmann::json none;
  return none;
}

std::string condition_of(const nlohmann::json& action) {
  return action["condition"][0]["expression"]["expression"].get<std::string>();
}

TEST(PlanDefinition, SaysWhatTheCatalogSaysOfItself) {
  const auto cat = cc::catalog::builtin();
  const nlohmann::json plan = cc::fhir::plan_definition(cat);
  EXPECT_EQ(plan["resourceType"], "PlanDefinition");
  EXPECT_EQ(plan["id"], cat.info().id);
  EXPECT_EQ(plan["name"], "MetastaticBreastCancer");
  EXPECT_EQ(plan["title"], cat.info().title);
  EXPECT_EQ(plan["version"], cat.info().version.to_string());
  EXPECT_EQ(plan["status"], "active");
  EXPECT_EQ(plan["date"], cat.info().last_reviewed.to_string());
  EXPECT_EQ(plan["lastReviewDate"], cat.info().last_reviewed.to_string());
  EXPECT_EQ(plan["usage"], cat.info().disclaimer);
  EXPECT_EQ(plan["type"]["coding"][0]["system"], "http://terminology.hl7.org/CodeSystem/plan-definition-type");
  EXPECT_FALSE(plan.contains("url")) << "the builtin catalog has no url and none was given";
  ASSERT_EQ(plan["relatedArtifact"].size(), cat.sources().size());
  EXPECT_EQ(plan["relatedArtifact"][0]["display"], cat.sources()[0].title);
  EXPECT_EQ(plan["relatedArtifact"][0]["type"], "citation");
  ASSERT_EQ(plan["action"].size(), cat.strategies().size());
  for (std::size_t s = 0; s < cat.strategies().size(); ++s) {
    const auto& a = plan["action"][s];
    EXPECT_EQ(a["title"], cat.strategies()[s].name);
    EXPECT_EQ(a["description"], cat.strategies()[s].purpose);
    EXPECT_EQ(a["condition"][0]["kind"], "applicability");
    EXPECT_EQ(a["condition"][0]["expression"]["language"], "text/fhirpath");
    EXPECT_EQ(a["documentation"].size(), cat.strategies()[s].sources.size());
  }
}

TEST(PlanDefinition, EachRuleIsReadFromTheRecordAsTheReaderReadsIt) {
  const nlohmann::json plan = cc::fhir::plan_definition(cc::catalog::builtin());
  const std::string pain = condition_of(action_titled(plan, "Pain Management"));
  // `in "pain" symptoms`: a counted Condition coded as pain, else maybe (the record may not say).
  EXPECT_THAT(pain, HasSubstr("code = '22253000'"));
  EXPECT_THAT(pain, HasSubstr("clinicalStatus.empty() or clinicalStatus.coding.where(system = "
                              "'http://terminology.hl7.org/CodeSystem/condition-clinical').code.first()"));
  EXPECT_THAT(pain, HasSubstr(" or {})"));
  // The goals have no codes: a record never names one, so a goal rule is always "maybe".
  EXPECT_EQ(condition_of(action_titled(plan, "Clinical Trials")), "({})");
  // `true` shows monitoring whatever the record says.
  EXPECT_EQ(condition_of(action_titled(plan, "Regular Monitoring")), "(true)");
  // site_count >= 2: true when two sites are named, else maybe (there may be more).
  const std::string systemic = condition_of(action_titled(plan, "Systemic Therapy"));
  EXPECT_THAT(systemic, HasSubstr(".where($this = 2 or $this = 3 or $this = 4).exists(), true, {})"));
  // Each rule is kept beside the expression, with its id, role, JsonLogic and own FHIRPath.
  const auto& rules = action_titled(plan, "Systemic Therapy")["condition"][0]["expression"]["extension"];
  ASSERT_EQ(rules.size(), 2U);
  EXPECT_EQ(rules[0]["url"], "urn:carecompare:fhir:rule");
  EXPECT_EQ(rules[0]["extension"][0]["valueString"], "spread-to-multiple-areas");
  EXPECT_EQ(rules[0]["extension"][1]["valueCode"], "show");
  EXPECT_EQ(rules[0]["extension"][3]["valueString"], R"({">=":[{"var":"site_count"},2]})");
  EXPECT_EQ(rules[0]["extension"][4]["url"], "fhirpath");
}

TEST(PlanDefinition, FactsComparedAndHideRulesNegated) {
  nlohmann::json doc = carecompare_test::builtin_json();
  doc["facts"] = nlohmann::json::parse(R"([
    {"id": "pain_score", "type": "number", "label": "Pain score", "description": "0 to 10",
     "codes": [{"system": "http://loinc.org", "code": "72514-3"}], "unit": "{score}"}])");
  doc["rules"].push_back(nlohmann::json::parse(R"({"id": "strong-pain", "description": "Strong pain",
    "when": {">=": [{"var": "pain_score"}, 7]}, "show": ["pain-management"], "reason": "Your pain is strong."})"));
  doc["rules"].push_back(nlohmann::json::parse(R"({"id": "no-pain", "description": "No pain",
    "when": {"==": [{"var": "pain_score"}, 0]}, "show": ["nutrition"], "hide": ["physical-activity"],
    "reason": "You have no pain."})"));
  const nlohmann::json plan = cc::fhir::plan_definition(cc::catalog::from_value(doc));
  const std::string pain = condition_of(action_titled(plan, "Pain Management"));
  EXPECT_THAT(pain, HasSubstr("value.ofType(Quantity).where(comparator.empty() and code = '{score}'"));
  EXPECT_THAT(pain, HasSubstr(" >= 7)"));
  const std::string active = condition_of(action_titled(plan, "Physical Activity"));
  EXPECT_THAT(active, HasSubstr(" and ("));
  EXPECT_THAT(active, HasSubstr(") = 0)"));
  EXPECT_THAT(active, HasSubstr(".not())"));
}

TEST(PlanDefinition, ARuleFhirPathCannotSayIsAnErrorAtItsPointerOrIsKept) {
  nlohmann::json doc = carecompare_test::builtin_json();
  doc["rules"][3]["when"] = nlohmann::json::parse(R"({"if": [{"in": ["pain", {"var": "symptoms"}]}, true, false]})");
  const auto cat = cc::catalog::from_value(doc);
  try {
    (void)cc::fhir::plan_definition(cat);
    FAIL() << "no error";
  } catch (const cc::logic_error& e) {
    EXPECT_EQ(e.id(), cc::error_ids::logic_untranslatable);
    EXPECT_EQ(e.path(), "/rules/3/when/if");
    EXPECT_THAT(e.what(), HasSubstr("operator \"if\""));
    EXPECT_THAT(e.what(), HasSubstr("rule \"pain\""));
  }
  const nlohmann::json plan = cc::fhir::plan_definition(cat, {"", cc::fhir::untranslatable::keep});
  const auto& action = action_titled(plan, "Pain Management");
  EXPECT_THAT(condition_of(action), HasSubstr("{} or "));  // the pain rule: maybe
  bool kept = false;
  for (const auto& r : action["condition"][0]["expression"]["extension"]) {
    if (r["extension"][0]["valueString"] != "pain") continue;
    kept = true;
    EXPECT_EQ(r["extension"][4], (nlohmann::json{{"url", "executable"}, {"valueBoolean", false}}));
    EXPECT_THAT(r["extension"][5]["valueString"].get<std::string>(), HasSubstr("/rules/3/when/if"));
  }
  EXPECT_TRUE(kept);
  // A path into a list is not a key the record gives.
  doc = carecompare_test::builtin_json();
  doc["rules"][4]["when"] = nlohmann::json::parse(R"({"==": [{"var": "sites.0"}, "bone"]})");
  try {
    (void)cc::fhir::plan_definition(cc::catalog::from_value(doc));
    FAIL() << "no error";
  } catch (const cc::logic_error& e) {
    EXPECT_EQ(e.path(), "/rules/4/when/==/0/var");
  }
}

TEST(PlanDefinition, TheUrlIsTheCatalogsOrMadeFromABaseUrl) {
  nlohmann::json doc = carecompare_test::builtin_json();
  doc["url"] = "https://example.org/catalogs/mbc";
  const auto cat = cc::catalog::from_value(doc);
  EXPECT_EQ(cc::fhir::plan_definition(cat)["url"], "https://example.org/catalogs/mbc");
  EXPECT_EQ(cc::fhir::plan_definition(cat, {"https://fhir.example.org/r4/"})["url"],
            "https://fhir.example.org/r4/PlanDefinition/metastatic-breast-cancer");
  try {
    (void)cc::fhir::plan_definition(cat, {"fhir.example.org"});
    FAIL() << "no error";
  } catch (const cc::render_error& e) {
    EXPECT_EQ(e.id(), cc::error_ids::render_bad_option);
    EXPECT_THAT(e.what(), HasSubstr("not an absolute URI"));
  }
}

TEST(PlanDefinition, ATranslatedCatalogGivesItsWords) {
  const auto original = cc::catalog::builtin();
  const auto es =
      original.with_translation(cc::translation::from_file(CARECOMPARE_TEST_DATA_DIR "/translations/es.json"));
  const nlohmann::json plan = cc::fhir::plan_definition(es);
  const nlohmann::json english = cc::fhir::plan_definition(original);
  EXPECT_EQ(plan["title"], es.info().title);
  EXPECT_NE(plan["title"], english["title"]);
  EXPECT_EQ(plan["usage"], es.info().disclaimer);
  for (std::size_t s = 0; s < es.strategies().size(); ++s) {
    EXPECT_EQ(plan["action"][s]["title"], es.strategies()[s].name);
    EXPECT_EQ(plan["action"][s]["description"], es.strategies()[s].purpose);
    EXPECT_NE(plan["action"][s]["title"], english["action"][s]["title"]);
    // The same conditions: a translation changes words, never what is shown.
    EXPECT_EQ(condition_of(plan["action"][s]), condition_of(english["action"][s]));
  }
}

TEST(PlanDefinition, StringsAreEscaped) {
  nlohmann::json doc = carecompare_test::builtin_json();
  doc["vocabulary"]["sites"][0]["codes"][0]["code"] = "it's\\";
  const std::string bone =
      condition_of(action_titled(cc::fhir::plan_definition(cc::catalog::from_value(doc)), "Physical Therapy"));
  EXPECT_THAT(bone, HasSubstr("code = 'it\\'s\\\\'"));
  EXPECT_THAT(bone, Not(HasSubstr("'it's")));
}

}  // namespace
