// SPDX-License-Identifier: MIT
// Issue 29, items 7 and 8: a reason per option (rule::reasons, reason_for(), warning 246, every
// output showing the option's own reason), and "did you mean" wherever a near miss is likely:
// unknown keys and strategy, source and column references in catalogs, unknown ids and keys in
// circumstances, unknown strategies and columns in tables.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <carecompare/carecompare.hpp>
#include <set>
#include <string>
#include <vector>

#include "catalog_support.hpp"

namespace cc = carecompare;
using carecompare_test::builtin_json;
using carecompare_test::problems_of;
using ::testing::HasSubstr;

namespace {

/// The diagnostics of `list` with id `id`.
std::vector<cc::diagnostic> with_id(const std::vector<cc::diagnostic>& list, int id) {
  std::vector<cc::diagnostic> out;
  std::copy_if(list.begin(), list.end(), std::back_inserter(out), [&](const cc::diagnostic& d) { return d.id == id; });
  return out;
}

/// Every subset of a vocabulary list, as bit masks over it.
std::vector<std::vector<std::string>> subsets(const std::vector<cc::vocabulary_entry>& list) {
  std::vector<std::vector<std::string>> out;
  for (unsigned mask = 0; mask < (1U << list.size()); ++mask) {
    std::vector<std::string> ids;
    for (std::size_t i = 0; i < list.size(); ++i) {
      if ((mask >> i) & 1U) ids.push_back(list[i].id);
    }
    out.push_back(std::move(ids));
  }
  return out;
}

/// Whether `text` names `name` (ASCII case-insensitive, any position).
bool mentions(std::string text, std::string name) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  return text.find(name) != std::string::npos;
}

}  // namespace

// ---- item 7: a reason per option ------------------------------------------------------------

TEST(OptionReasons, ReasonForIsTheOptionsOwnElseTheRulesReason) {
  cc::rule r;
  r.reason = "Both.";
  r.show = {"a", "b"};
  r.reasons = std::vector<cc::option_reason>{{"b", "Only b."}};
  EXPECT_EQ(r.reason_for("a"), "Both.");
  EXPECT_EQ(r.reason_for("b"), "Only b.");
  EXPECT_EQ(&r.reason_for("a"), &r.reason);
}

TEST(OptionReasons, NoReasonOfTheBuiltinCatalogNamesAnotherOptionInAnySituation) {
  const auto cat = cc::catalog::builtin();
  EXPECT_TRUE(cat.warnings().empty()) << cat.warnings().front().to_string();
  const auto& v = cat.vocabulary();
  std::size_t options_seen = 0;
  for (const auto& sites : subsets(v.sites)) {
    for (const auto& symptoms : subsets(v.symptoms)) {
      for (const auto& goals : {std::vector<std::string>{}, std::vector<std::string>{"stay-active"},
                                std::vector<std::string>{"relieve-symptoms", "stay-active", "control-growth",
                                                         "emotional-wellbeing", "explore-new-treatments"}}) {
        cc::circumstances c;
        c.sites = sites;
        c.symptoms = symptoms;
        c.goals = goals;
        const auto result = cat.filter(c);
        const nlohmann::json doc = result.to_json();
        for (const auto& option : doc.at("relevant")) {
          ++options_seen;
          for (const auto& reason : option.at("reasons")) {
            for (const auto& other : cat.strategies()) {
              if (other.id == option.at("id")) continue;
              EXPECT_FALSE(mentions(reason.at("text").get<std::string>(), other.name))
                  << option.at("id") << " shows \"" << reason.at("text").get<std::string>() << "\", naming "
                  << other.name;
            }
          }
        }
      }
    }
  }
  EXPECT_GT(options_seen, 1000U);  // every site and symptom combination, three sets of goals
}

TEST(OptionReasons, TheArticlesSharedReasonsStandUnderTheOptionsTheySpeakOf) {
  cc::circumstances c;
  c.sites = {"bone"};
  c.symptoms = {"pain", "fatigue"};
  const auto result = cc::catalog::builtin().filter(c);
  const auto texts_of = [&](const std::string& id) {
    std::vector<std::string> out;
    for (const auto& o : result.relevant()) {
      if (o.strategy->id != id) continue;
      for (const cc::rule* r : o.reasons) out.push_back(r->reason_for(id));
    }
    return out;
  };
  EXPECT_THAT(texts_of("pain-management"),
              ::testing::Contains("You said you have pain. Pain management is a key part of a whole care plan."));
  EXPECT_THAT(texts_of("radiation-therapy"),
              ::testing::Contains("You said you have pain. Radiation therapy can ease pain in one spot."));
  EXPECT_THAT(
      texts_of("nutrition"),
      ::testing::ElementsAre("You said you feel tired a lot (fatigue). What you eat helps you keep your energy up."));
}

TEST(OptionReasons, EveryOutputShowsTheOptionsOwnReason) {
  auto doc = builtin_json();
  for (auto& r : doc["rules"]) {
    if (r["id"] == "pain") {
      r["reason"] = "Shared reason.";
      r["reasons"] = {{{"strategy", "radiation-therapy"}, {"reason", "Radiation's own reason."}}};
    }
  }
  const auto cat = cc::catalog::from_value(doc);
  cc::circumstances c;
  c.symptoms = {"pain"};
  const auto result = cat.filter(c);
  const std::string json = result.to_json().dump();
  EXPECT_THAT(json, HasSubstr(R"({"rule":"pain","text":"Radiation's own reason."})"));
  EXPECT_THAT(json, HasSubstr(R"({"rule":"pain","text":"Shared reason."})"));
  // The table (every format reads it) and the cached JSON writer agree with the DOM.
  const std::string markdown = cc::render(cc::make_table(result), {cc::table_format::markdown});
  EXPECT_THAT(markdown, HasSubstr("| Radiation's own reason. |"));
  EXPECT_THAT(markdown, HasSubstr("| Shared reason. |"));
  // Saved and loaded again, the reasons are kept.
  EXPECT_EQ(cc::catalog::from_json(cat.to_json()).rules(), cat.rules());
}

TEST(OptionReasons, AReasonForAnOptionTheRuleDoesNotShowIsAnErrorWithASuggestion) {
  auto doc = builtin_json();
  doc["rules"][3]["reasons"] = {{{"strategy", "pain-managment"}, {"reason", "Text."}},
                                {{"strategy", "radiation-therapy"}, {"reason", "One."}},
                                {{"strategy", "radiation-therapy"}, {"reason", "Two."}}};
  ASSERT_EQ(doc["rules"][3]["id"], "pain");
  const auto problems = problems_of(doc);
  ASSERT_EQ(problems.size(), 2U);
  EXPECT_EQ(problems[0].id, cc::error_ids::catalog_unknown_ref);
  EXPECT_EQ(problems[0].pointer, "/rules/3/reasons/0/strategy");
  EXPECT_EQ(problems[0].suggestion, "pain-management");
  EXPECT_THAT(problems[0].to_string(), HasSubstr("it shows pain-management, radiation-therapy"));
  EXPECT_EQ(problems[1].id, cc::error_ids::catalog_duplicate_id);
  EXPECT_EQ(problems[1].pointer, "/rules/3/reasons/2/strategy");
}

TEST(OptionReasons, AReasonNamingAnotherOptionIsWarning246AtItsPointer) {
  auto doc = builtin_json();
  ASSERT_EQ(doc["rules"][3]["id"], "pain");
  doc["rules"][3].erase("reasons");
  doc["rules"][3]["reason"] = "Pain management helps. RADIATION THERAPY can ease pain in one spot.";
  const auto warnings = with_id(cc::catalog::from_value(doc).warnings(), cc::error_ids::catalog_reason_names_other);
  // Under pain-management it names radiation therapy; under radiation therapy, pain management.
  ASSERT_EQ(warnings.size(), 2U);
  EXPECT_EQ(warnings[0].pointer, "/rules/3/reason");
  EXPECT_EQ(warnings[0].level, cc::diagnostic::severity::warning);
  EXPECT_THAT(warnings[0].message, HasSubstr("\"pain-management\" names another option, \"Radiation Therapy\""));
  EXPECT_THAT(warnings[1].message, HasSubstr("\"radiation-therapy\" names another option, \"Pain Management\""));

  // A per-option reason is checked where it stands; a name inside a longer word is not a name.
  doc["rules"][3]["reason"] = "You said you have pain.";
  doc["rules"][3]["reasons"] = {{{"strategy", "radiation-therapy"}, {"reason", "Ask about pain management."}},
                                {{"strategy", "pain-management"}, {"reason", "Pain managements vary."}}};
  const auto per_option = with_id(cc::catalog::from_value(doc).warnings(), cc::error_ids::catalog_reason_names_other);
  ASSERT_EQ(per_option.size(), 1U);
  EXPECT_EQ(per_option[0].pointer, "/rules/3/reasons/0/reason");

  // With load_options::strict it is an error.
  cc::load_options strict;
  strict.strict = true;
  EXPECT_THROW((void)cc::catalog::from_value(doc, strict), cc::catalog_error);
}

TEST(OptionReasons, TranslationOverlaysTranslateEachReasonAndTheTemplateListsThem) {
  const auto tmpl = cc::translation_template(cc::catalog::builtin(), "fr");
  ASSERT_TRUE(tmpl.at("rules").at("pain").contains("reasons"));
  EXPECT_EQ(tmpl["rules"]["pain"]["reasons"].size(), 2U);
  EXPECT_EQ(tmpl["rules"]["pain"]["reasons"][1],
            "You said you have pain. Radiation therapy can ease pain in one spot.");

  auto overlay = tmpl;
  overlay["rules"]["pain"]["reasons"][1] = "Vous avez dit avoir mal. La radiothérapie peut soulager la douleur.";
  const auto fr = cc::catalog::builtin().with_translation(cc::translation::from_value(overlay));
  cc::circumstances c;
  c.symptoms = {"pain"};
  EXPECT_THAT(fr.filter(c).to_json().dump(), HasSubstr("La radiothérapie peut soulager la douleur."));

  overlay["rules"]["pain"]["reasons"].erase(0);
  try {
    (void)cc::catalog::builtin().with_translation(cc::translation::from_value(overlay));
    FAIL() << "an overlay with one reason of two applied";
  } catch (const cc::catalog_error& e) {
    EXPECT_EQ(e.problems().at(0).id, cc::error_ids::translation_item_count);
    EXPECT_EQ(e.problems().at(0).pointer, "/rules/pain/reasons");
  }
}

// ---- item 8: "did you mean" ------------------------------------------------------------------

TEST(Suggestions, UnknownKeysInACatalogSuggestTheKeyMeant) {
  auto doc = builtin_json();
  doc["strategies"][0]["purpse"] = doc["strategies"][0]["purpose"];
  doc["strategies"][0].erase("purpose");
  doc["strategies"][1]["care-team"] = {"Nurses"};
  const auto problems = problems_of(doc);
  std::set<std::string> seen;
  for (const auto& p : problems) {
    if (p.id != cc::error_ids::catalog_unknown_key) continue;
    seen.insert(p.pointer + " -> " + p.suggestion);
  }
  EXPECT_EQ(seen, (std::set<std::string>{"/strategies/0/purpse -> purpose", "/strategies/1/care-team -> care_team"}));
}

TEST(Suggestions, UnknownStrategySourceAndColumnReferencesSuggestTheOneMeant) {
  auto doc = builtin_json();
  doc["rules"][3]["show"][0] = "pain-managment";
  doc["strategies"][0]["sources"][0] = "mbc-artcle";
  doc["columns"][0]["field"] = "nmae";
  doc["rules"][4]["show"][0] = "xyz";  // nothing close: no suggestion
  const auto problems = problems_of(doc);
  std::set<std::string> seen;
  for (const auto& p : problems) seen.insert(p.pointer + " -> " + p.suggestion);
  EXPECT_TRUE(seen.count("/rules/3/show/0 -> pain-management")) << ::testing::PrintToString(seen);
  EXPECT_TRUE(seen.count("/strategies/0/sources/0 -> mbc-article")) << ::testing::PrintToString(seen);
  EXPECT_TRUE(seen.count("/columns/0/field -> name")) << ::testing::PrintToString(seen);
  EXPECT_TRUE(seen.count("/rules/4/show/0 -> ")) << ::testing::PrintToString(seen);
}

TEST(Suggestions, UnknownIdsAndKeysInCircumstancesSuggestTheOneMeant) {
  const auto cat = cc::catalog::builtin();
  const auto message_of = [&](const nlohmann::json& j) {
    try {
      (void)cat.filter(cc::circumstances::from_json(j));
    } catch (const cc::circumstances_error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_THAT(message_of({{"sites", {"lungs"}}}), HasSubstr("/sites/0: unknown sites id \"lungs\""));
  EXPECT_THAT(message_of({{"sites", {"lungs"}}}), HasSubstr("(did you mean \"lung\"?)"));
  EXPECT_THAT(message_of({{"goals", {"stay_active"}}}), HasSubstr("(did you mean \"stay-active\"?)"));
  EXPECT_THAT(message_of({{"symptom", {"pain"}}}), HasSubstr("(did you mean \"symptoms\"?)"));
  EXPECT_THAT(message_of({{"sites", {"kidney"}}}), ::testing::Not(HasSubstr("did you mean")));
}

TEST(Suggestions, UnknownStrategiesAndColumnsOfATableSuggestTheOneMeant) {
  const auto cat = cc::catalog::builtin();
  cc::table_options only;
  only.only = {"nutriton"};
  try {
    (void)cc::make_table(cat, only);
    FAIL() << "an unknown strategy made a table";
  } catch (const cc::render_error& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr("(did you mean \"nutrition\"?)"));
  }
  cc::table_options columns;
  columns.columns = {"benefit"};
  try {
    (void)cc::make_table(cat, columns);
    FAIL() << "an unknown column made a table";
  } catch (const cc::render_error& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr("(did you mean \"benefits\"?)"));
  }
}
