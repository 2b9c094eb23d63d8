// SPDX-License-Identifier: MIT
// The relevance filter: each builtin rule, ranking and ties, hide rules, facts, why-not
// explanations, bad circumstances, `log` in rules, and sharing across threads: one catalog,
// results, one compiled rule, and the log sink (the Sharing tests, which TSan runs).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <carecompare/filter.hpp>
#include <carecompare/logic.hpp>
#include <carecompare/render.hpp>
#include <carecompare/table.hpp>
#include <carecompare/translation.hpp>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "catalog_support.hpp"
#include "result_json.hpp"  // score_json(), the result document's scores

namespace cc = carecompare;
using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

using carecompare_test::make;
using carecompare_test::not_shown;

namespace {

/// "id:score" for each relevant option, in order.
std::vector<std::string> ranking(const cc::result& r) {
  std::vector<std::string> out;
  for (const auto& o : r.relevant()) out.push_back(o.strategy->id + ":" + cc::detail::score_json(o.score).dump());
  return out;
}

/// Rule ids that show `strategy` in `r`, or {"(not shown)"}.
std::vector<std::string> reasons_for(const cc::result& r, const std::string& strategy) {
  for (const auto& o : r.relevant()) {
    if (o.strategy->id != strategy) continue;
    std::vector<std::string> ids;
    for (const auto* rule : o.reasons) ids.push_back(rule->id);
    return ids;
  }
  return {"(not shown)"};
}

}  // namespace

TEST(BuiltinRules, MonitoringIsShownForEveryone) {
  const auto r = cc::catalog::builtin().filter({});
  EXPECT_THAT(ranking(r), ElementsAre("monitoring:1"));
  EXPECT_THAT(reasons_for(r, "monitoring"), ElementsAre("regular-monitoring"));
  EXPECT_EQ(r.not_shown().size(), 8u);
}

TEST(BuiltinRules, SpreadToMultipleAreasShowsSystemicTherapy) {
  const auto cat = cc::catalog::builtin();
  EXPECT_THAT(reasons_for(cat.filter(make({"liver", "lung"})), "systemic-therapy"),
              ElementsAre("spread-to-multiple-areas"));
  EXPECT_THAT(reasons_for(cat.filter(make({"liver"})), "systemic-therapy"), ElementsAre("(not shown)"));
}

TEST(BuiltinRules, ControlGrowthGoalShowsSystemicTherapy) {
  EXPECT_THAT(reasons_for(cc::catalog::builtin().filter(make({}, {}, {"control-growth"})), "systemic-therapy"),
              ElementsAre("goal-control-growth"));
}

TEST(BuiltinRules, BoneOrBrainShowsRadiationTherapy) {
  const auto cat = cc::catalog::builtin();
  EXPECT_THAT(reasons_for(cat.filter(make({"brain"})), "radiation-therapy"), ElementsAre("bone-or-brain-site"));
  EXPECT_THAT(reasons_for(cat.filter(make({"bone"})), "radiation-therapy"), ElementsAre("bone-or-brain-site"));
  EXPECT_THAT(reasons_for(cat.filter(make({"lung"})), "radiation-therapy"), ElementsAre("(not shown)"));
}

TEST(BuiltinRules, BoneInvolvementShowsPhysicalTherapy) {
  const auto cat = cc::catalog::builtin();
  EXPECT_THAT(reasons_for(cat.filter(make({"bone"})), "physical-therapy"), ElementsAre("bone-involvement"));
  EXPECT_THAT(reasons_for(cat.filter(make({"brain"})), "physical-therapy"), ElementsAre("(not shown)"));
}

TEST(BuiltinRules, PainShowsPainManagementAndRadiation) {
  const auto r = cc::catalog::builtin().filter(make({}, {"pain"}));
  EXPECT_THAT(reasons_for(r, "pain-management"), ElementsAre("pain"));
  EXPECT_THAT(reasons_for(r, "radiation-therapy"), ElementsAre("pain"));
}

TEST(BuiltinRules, FatigueShowsActivityNutritionAndPhysicalTherapy) {
  const auto r = cc::catalog::builtin().filter(make({}, {"fatigue"}));
  EXPECT_THAT(reasons_for(r, "physical-therapy"), ElementsAre("fatigue"));
  EXPECT_THAT(reasons_for(r, "physical-activity"), ElementsAre("fatigue"));
  EXPECT_THAT(reasons_for(r, "nutrition"), ElementsAre("fatigue"));
}

TEST(BuiltinRules, ReducedMobilityShowsPhysicalTherapy) {
  EXPECT_THAT(reasons_for(cc::catalog::builtin().filter(make({}, {"reduced-mobility"})), "physical-therapy"),
              ElementsAre("reduced-mobility"));
}

TEST(BuiltinRules, StressOrAnxietyShowsEmotionalSupport) {
  const auto cat = cc::catalog::builtin();
  EXPECT_THAT(reasons_for(cat.filter(make({}, {"anxiety"})), "emotional-support"), ElementsAre("stress-or-anxiety"));
  EXPECT_THAT(reasons_for(cat.filter(make({}, {}, {"emotional-wellbeing"})), "emotional-support"),
              ElementsAre("stress-or-anxiety"));
}

TEST(BuiltinRules, GoalsShowTheirOptions) {
  const auto cat = cc::catalog::builtin();
  EXPECT_THAT(reasons_for(cat.filter(make({}, {}, {"relieve-symptoms"})), "pain-management"),
              ElementsAre("goal-relieve-symptoms"));
  const auto active = cat.filter(make({}, {}, {"stay-active"}));
  EXPECT_THAT(reasons_for(active, "physical-activity"), ElementsAre("goal-stay-active"));
  EXPECT_THAT(reasons_for(active, "nutrition"), ElementsAre("goal-stay-active"));
  EXPECT_THAT(reasons_for(cat.filter(make({}, {}, {"explore-new-treatments"})), "clinical-trials"),
              ElementsAre("explore-emerging-therapies"));
}

TEST(Ranking, ScoreIsTheSumOfWeightsAndTiesKeepCatalogOrder) {
  const auto r = cc::catalog::builtin().filter(make({"bone"}, {"pain"}));
  // radiation: bone-or-brain (2) + pain (1); physical: bone-involvement (2);
  // pain-management (1) and monitoring (1) tie and keep catalog order.
  EXPECT_THAT(ranking(r),
              ElementsAre("radiation-therapy:3", "physical-therapy:2", "pain-management:1", "monitoring:1"));
  EXPECT_THAT(reasons_for(r, "radiation-therapy"), ElementsAre("bone-or-brain-site", "pain"));
}

TEST(Ranking, ManyCircumstancesAtOnce) {
  const auto r = cc::catalog::builtin().filter(
      make({"bone", "liver"}, {"fatigue", "anxiety"}, {"control-growth", "explore-new-treatments"}));
  EXPECT_THAT(ranking(r),
              ElementsAre("systemic-therapy:3", "physical-therapy:3", "radiation-therapy:2", "emotional-support:2",
                          "clinical-trials:2", "nutrition:1", "physical-activity:1", "monitoring:1"));
  ASSERT_EQ(r.not_shown().size(), 1u);
  EXPECT_EQ(r.not_shown()[0].strategy->id, "pain-management");
}

TEST(Ranking, MoreThanSixteenDistinctScoresRankTheSameWay) {
  // The filter places options by counting up to 16 distinct scores and sorts beyond: both ways
  // must give score order, ties in catalog order. 20 added options, 18 distinct weights, a
  // tie between extra-4 and extra-18 (weight 5), and a tie of extra-0 with monitoring (1).
  for (const std::size_t extras : {std::size_t{14}, std::size_t{20}}) {
    SCOPED_TRACE(extras);
    json doc = cc::catalog::builtin().to_json_value();
    const json model = doc["strategies"][0];
    for (std::size_t i = 0; i < extras; ++i) {
      json strategy = model;
      strategy["id"] = "extra-" + std::to_string(i);
      strategy["name"] = "Extra " + std::to_string(i);
      doc["strategies"].push_back(strategy);
      const double weight = i < 18 ? static_cast<double>(i + 1) : 5.0;
      doc["rules"].push_back({{"id", "extra-rule-" + std::to_string(i)},
                              {"description", "Always"},
                              {"when", {{"==", {1, 1}}}},
                              {"show", {"extra-" + std::to_string(i)}},
                              {"weight", weight},
                              {"reason", "Shown for the test."}});
    }
    const auto cat = cc::catalog::from_value(doc);
    const auto r = cat.filter({});
    ASSERT_EQ(r.relevant().size(), extras + 1);
    std::vector<const cc::relevant_option*> expected;
    for (const auto& o : r.relevant()) expected.push_back(&o);
    std::sort(expected.begin(), expected.end(), [](const auto* a, const auto* b) { return a->strategy < b->strategy; });
    std::stable_sort(expected.begin(), expected.end(),
                     [](const auto* a, const auto* b) { return a->score > b->score; });
    for (std::size_t k = 0; k < expected.size(); ++k) EXPECT_EQ(&r.relevant()[k], expected[k]) << k;
    EXPECT_EQ(r.relevant().front().score, static_cast<double>(std::min<std::size_t>(extras, 18)));
    // Weight 1 ties: monitoring comes first in the catalog, so it ranks before extra-0.
    EXPECT_EQ(r.relevant()[extras - 1].strategy->id, "monitoring");
    EXPECT_EQ(r.relevant()[extras].strategy->id, "extra-0");
    for (const auto& o : r.relevant()) {
      ASSERT_EQ(o.reasons.size(), 1u);
      EXPECT_EQ(o.reasons[0]->effective_weight(), o.score);
    }
  }
}

TEST(WhyNot, ListsTheRulesThatCouldHaveShownEachOption) {
  const auto r = cc::catalog::builtin().filter(make({"liver"}));
  const auto* trials = not_shown(r, "clinical-trials");
  ASSERT_NE(trials, nullptr);
  ASSERT_EQ(trials->unmatched.size(), 1u);
  EXPECT_EQ(trials->unmatched[0]->id, "explore-emerging-therapies");
  EXPECT_TRUE(trials->hidden_by.empty());
  EXPECT_EQ(trials->explanation(), "Not shown for your answers.");
  const auto* physical = not_shown(r, "physical-therapy");
  ASSERT_NE(physical, nullptr);
  std::vector<std::string> ids;
  for (const auto* rule : physical->unmatched) ids.push_back(rule->id);
  EXPECT_THAT(ids, ElementsAre("bone-involvement", "fatigue", "reduced-mobility", "goal-stay-active"));
  EXPECT_EQ(not_shown(r, "monitoring"), nullptr);
}

TEST(HideRules, AMatchingHideRuleWinsOverShowRules) {
  json doc = cc::catalog::builtin().to_json_value();
  doc["facts"] = json::array({{{"id", "monitoring_elsewhere"},
                               {"type", "boolean"},
                               {"label", "Monitored elsewhere"},
                               {"description", "Monitoring is arranged by another service"}}});
  doc["rules"].push_back({{"id", "monitored-elsewhere"},
                          {"description", "Monitoring is arranged elsewhere"},
                          {"when", {{"var", "monitoring_elsewhere"}}},
                          {"show", json::array()},
                          {"hide", {"monitoring"}},
                          {"reason", "Monitoring is arranged elsewhere."}});
  const auto cat = cc::catalog::from_value(doc);
  const auto hidden = cat.filter(make({}, {}, {}, {{"monitoring_elsewhere", true}}));
  EXPECT_TRUE(hidden.relevant().empty());
  const auto* monitoring = not_shown(hidden, "monitoring");
  ASSERT_NE(monitoring, nullptr);
  ASSERT_EQ(monitoring->hidden_by.size(), 1u);
  EXPECT_EQ(monitoring->hidden_by[0]->id, "monitored-elsewhere");
  ASSERT_EQ(monitoring->overruled.size(), 1u);
  EXPECT_EQ(monitoring->overruled[0]->id, "regular-monitoring");
  // For readers, no rule id; the ids stay in hidden_by (and in the JSON).
  EXPECT_EQ(monitoring->explanation(), "Hidden because of your answers.");
  // The hide rule does not match: monitoring is back.
  EXPECT_THAT(ranking(cat.filter(make({}, {}, {}, {{"monitoring_elsewhere", false}}))), ElementsAre("monitoring:1"));
}

TEST(ResultLifetime, CopiesAndMovesKeepTheirRuleListsValid) {
  const auto cat = cc::catalog::builtin();
  std::optional<cc::result> original(cat.filter(make({"bone", "liver"}, {"pain"}, {"control-growth"})));
  const std::vector<std::string> ranked = ranking(*original);
  const std::vector<std::string> pain = reasons_for(*original, "pain-management");
  ASSERT_FALSE(pain.empty());
  const json as_json = original->to_json();

  cc::result copy(*original);
  cc::result assigned = cat.filter({});
  assigned = *original;
  // The copies must view their own storage: the original's is gone and overwritten.
  original.reset();
  const auto scribble = cat.filter(make({"brain"}, {"anxiety"}, {"emotional-wellbeing"}));
  for (const cc::result* r : {&copy, &assigned}) {
    EXPECT_EQ(ranking(*r), ranked);
    EXPECT_EQ(reasons_for(*r, "pain-management"), pain);
    EXPECT_EQ(r->to_json(), as_json);
    for (const auto& o : r->relevant()) {
      for (const cc::rule* why : o.reasons) {
        EXPECT_TRUE(why >= cat.rules().data() && why < cat.rules().data() + cat.rules().size());
      }
    }
  }
  cc::result moved(std::move(copy));
  EXPECT_EQ(moved.to_json(), as_json);
  cc::result move_assigned = cat.filter({});
  move_assigned = std::move(moved);
  EXPECT_EQ(move_assigned.to_json(), as_json);
  // A rule list is a view of the result's storage; copied out, it outlives the result.
  std::vector<const cc::rule*> kept;
  {
    const auto r = cat.filter(make({"bone"}));
    ASSERT_FALSE(r.relevant().empty());
    const cc::rule_list reasons = r.relevant()[0].reasons;
    kept.assign(reasons.begin(), reasons.end());
  }
  ASSERT_FALSE(kept.empty());
  EXPECT_FALSE(kept[0]->id.empty());
}

TEST(ResultLifetime, FilteringATemporaryKeepsItAsTheStatedCircumstances) {
  const auto cat = cc::catalog::builtin();
  const cc::circumstances c = make({"liver", "lung"}, {"fatigue"}, {"control-growth"});
  const cc::result from_copy = cat.filter(c);
  cc::circumstances moved_from = c;
  const cc::result from_move = cat.filter(std::move(moved_from));
  EXPECT_EQ(from_move.stated(), c);
  EXPECT_EQ(from_move.to_json(), from_copy.to_json());
  // Bad circumstances are refused the same way, and a refused temporary is left untouched.
  cc::circumstances bad = make({"liver", "liver"});
  EXPECT_THROW((void)cat.filter(std::move(bad)), cc::circumstances_error);
  EXPECT_EQ(bad.sites.size(), 2u);  // NOLINT(bugprone-use-after-move): checked on purpose
}

TEST(Facts, AreMergedIntoTheRuleData) {
  json doc = cc::catalog::builtin().to_json_value();
  doc["facts"] =
      json::array({{{"id", "pain_score"}, {"type", "number"}, {"label", "Pain score"}, {"description", "0 to 10"}}});
  doc["rules"].push_back({{"id", "strong-pain"},
                          {"description", "Pain scored 7 or more"},
                          {"when", {{">=", {{{"var", "pain_score"}}, 7}}}},
                          {"show", {"pain-management"}},
                          {"weight", 0.5},
                          {"reason", "You scored your pain 7 or more."}});
  const auto cat = cc::catalog::from_value(doc);
  EXPECT_THAT(ranking(cat.filter(make({}, {"pain"}, {}, {{"pain_score", 8}}))),
              ElementsAre("pain-management:1.5", "radiation-therapy:1", "monitoring:1"));
  EXPECT_THAT(ranking(cat.filter(make({}, {"pain"}, {}, {{"pain_score", 3}}))),
              ElementsAre("radiation-therapy:1", "pain-management:1", "monitoring:1"));
}

TEST(BadCircumstances, UnknownIdNamesFieldValueAndAllowedIds) {
  const auto cat = cc::catalog::builtin();
  try {
    (void)cat.filter(make({"bone", "bones"}));
    FAIL();
  } catch (const cc::circumstances_error& e) {
    EXPECT_EQ(e.id(), cc::error_ids::circumstances_unknown_id);
    EXPECT_EQ(e.path(), "/sites/1");
    EXPECT_THAT(std::string(e.what()), HasSubstr("\"bones\""));
    EXPECT_THAT(std::string(e.what()), HasSubstr("bone, liver, lung, brain"));
  }
  try {
    (void)cat.filter(make({}, {}, {"cure"}));
    FAIL();
  } catch (const cc::circumstances_error& e) {
    EXPECT_EQ(e.path(), "/goals/0");
  }
}

TEST(BadCircumstances, DuplicatesAndReservedFactsAreErrors) {
  const auto cat = cc::catalog::builtin();
  try {
    (void)cat.filter(make({"bone", "bone"}));
    FAIL();
  } catch (const cc::circumstances_error& e) {
    EXPECT_EQ(e.id(), cc::error_ids::circumstances_duplicate);
    EXPECT_EQ(e.path(), "/sites/1");
  }
  try {
    (void)cat.filter(make({}, {}, {}, {{"site_count", 5}}));
    FAIL();
  } catch (const cc::circumstances_error& e) {
    EXPECT_EQ(e.id(), cc::error_ids::circumstances_bad_fact);
    EXPECT_EQ(e.path(), "/facts/site_count");
  }
}

TEST(BadCircumstances, AreFoundInShortAndLongVocabularies) {
  // Up to 64 words the filter scans the list; beyond, it looks ids up: both must agree.
  for (const std::size_t words : {std::size_t{4}, std::size_t{64}, std::size_t{65}, std::size_t{130}}) {
    SCOPED_TRACE(words);
    json doc = cc::catalog::builtin().to_json_value();
    auto& sites = doc["vocabulary"]["sites"];
    for (std::size_t i = sites.size(); i < words; ++i) {
      sites.push_back({{"id", "site-" + std::to_string(i)}, {"label", "Site " + std::to_string(i)}});
    }
    const auto cat = cc::catalog::from_value(doc);
    const std::string last = sites.back()["id"].get<std::string>();
    EXPECT_NO_THROW((void)cat.filter(make({last, "bone"})));
    const auto error_of = [&](const std::vector<std::string>& ids) -> std::pair<int, std::string> {
      try {
        (void)cat.filter(make(ids));
      } catch (const cc::circumstances_error& e) {
        return {e.id(), e.path()};
      }
      return {0, "no error"};
    };
    EXPECT_EQ(error_of({"bone", last, last}),
              std::make_pair(cc::error_ids::circumstances_duplicate, std::string("/sites/2")));
    EXPECT_EQ(error_of({last, "bone", "site-" + std::to_string(words)}),
              std::make_pair(cc::error_ids::circumstances_unknown_id, std::string("/sites/2")));
    EXPECT_EQ(error_of({last + "x"}), std::make_pair(cc::error_ids::circumstances_unknown_id, std::string("/sites/0")));
  }
}

TEST(CircumstancesJson, ReadsAndRejectsStrictly) {
  const auto c = cc::circumstances::from_json(
      json::parse(R"({"sites": ["bone"], "symptoms": ["pain"], "goals": [], "facts": {"x": 1}})"));
  EXPECT_EQ(c, make({"bone"}, {"pain"}, {}, {{"x", 1}}));
  EXPECT_EQ(cc::circumstances::from_json(c.to_json()), c);
  const std::pair<const char*, const char*> bad[] = {
      {R"([])", ""},
      {R"({"site": ["bone"]})", "/site"},
      {R"({"sites": "bone"})", "/sites"},
      {R"({"sites": ["bone", 3]})", "/sites/1"},
      {R"({"facts": [1]})", "/facts"},
  };
  for (const auto& [text, path] : bad) {
    try {
      (void)cc::circumstances::from_json(json::parse(text));
      FAIL() << text;
    } catch (const cc::circumstances_error& e) {
      EXPECT_EQ(e.path(), path) << text;
    }
  }
}

TEST(ResultJson, HasTheDocumentedShapeAndTheDisclaimer) {
  const auto cat = cc::catalog::builtin();
  const auto j = cat.filter(make({"bone"}, {"pain"})).to_json();
  EXPECT_EQ(j["catalog"]["id"], "metastatic-breast-cancer");
  EXPECT_EQ(j["catalog"]["version"], "1.0.0");
  EXPECT_EQ(j["circumstances"]["sites"], json::array({"bone"}));
  ASSERT_EQ(j["relevant"].size(), 4u);
  EXPECT_EQ(j["relevant"][0]["id"], "radiation-therapy");
  EXPECT_EQ(j["relevant"][0]["name"], "Radiation Therapy");
  EXPECT_EQ(j["relevant"][0]["score"], 3);
  EXPECT_TRUE(j["relevant"][0]["score"].is_number_integer());
  EXPECT_EQ(j["relevant"][0]["reasons"][0]["rule"], "bone-or-brain-site");
  EXPECT_EQ(j["relevant"][0]["reasons"][0]["text"],
            "The cancer is in the bones or the brain. Radiation therapy is used on such sites.");
  ASSERT_EQ(j["not_shown"].size(), 5u);
  EXPECT_EQ(j["not_shown"][0]["id"], "systemic-therapy");
  EXPECT_EQ(j["not_shown"][0]["rules"][0]["rule"], "spread-to-multiple-areas");
  EXPECT_EQ(j["not_shown"][0]["rules"][0]["matched"], false);
  EXPECT_EQ(j["disclaimer"], cat.disclaimer());
}

TEST(ResultTable, RendersRelevantOptionsWithReasonsAndOptionallyTheOthers) {
  const auto r = cc::catalog::builtin().filter(make({"bone"}));
  const auto t = cc::make_table(r);
  ASSERT_EQ(t.columns.back().field, "why_shown");
  ASSERT_EQ(t.rows.size(), 3u);
  EXPECT_EQ(t.rows[0].id, "radiation-therapy");
  EXPECT_THAT(t.rows[0].cells.back().items,
              ElementsAre("The cancer is in the bones or the brain. Radiation therapy is used on such sites."));
  cc::table_options all;
  all.include_not_shown = true;
  const auto explained = cc::make_table(r, all);
  EXPECT_EQ(explained.rows.size(), 9u);
  std::vector<std::string> fields;
  for (const auto& c : explained.columns) fields.push_back(c.field);
  EXPECT_THAT(fields, ElementsAre("name", "purpose", "use_cases", "status", "why_shown", "why_not_shown"));
  EXPECT_EQ(explained.rows[3].cells[3].items[0], "Not shown");
  EXPECT_THAT(
      explained.rows[3].cells[5].items,
      ElementsAre("Not shown for your answers.", "Shown when the cancer has spread to two or more of the listed sites.",
                  "Shown when you want to control cancer growth."));
}

// Why-not and reason texts speak to readers: no rule ids and no engine words, in every format
// but JSON (which keeps the ids for programs); one line per rule that would show the option.
TEST(WhyNot, SpeaksToReadersInEveryFormat) {
  const auto cat = cc::catalog::builtin();
  const std::vector<cc::circumstances> cases = {make({}), make({"liver"}), make({"bone", "brain"}, {"pain"}),
                                                make({}, {"fatigue", "anxiety"}, {"explore-new-treatments"})};
  const std::regex engine_words("\\b(rules?|match(es|ed)?|circumstances)\\b", std::regex::icase);
  for (const auto& c : cases) {
    const auto r = cat.filter(c);
    for (const auto& o : r.not_shown()) {
      EXPECT_FALSE(std::regex_search(o.explanation(), engine_words)) << o.explanation();
    }
    cc::table_options all;
    all.include_not_shown = true;
    const auto t = cc::make_table(r, all);
    for (const auto& row : t.rows) {
      const auto& why_not = row.cells.back().items;
      const auto* option = [&]() -> const cc::not_shown_option* {
        for (const auto& o : r.not_shown()) {
          if (o.strategy->id == row.id) return &o;
        }
        return nullptr;
      }();
      if (option) {
        EXPECT_EQ(why_not.size(), 1 + option->hidden_by.size() + option->unmatched.size()) << row.id;
      }
    }
    for (const auto format :
         {cc::table_format::markdown, cc::table_format::html, cc::table_format::text, cc::table_format::csv}) {
      const std::string out = cc::render(t, {format});
      EXPECT_FALSE(std::regex_search(out, engine_words)) << out;
      for (const auto& rule : cat.rules()) {
        // Rule ids that are not also ordinary words of the text ("pain", "fatigue"...).
        if (rule.id.find('-') != std::string::npos) {
          EXPECT_EQ(out.find(rule.id), std::string::npos) << rule.id;
        }
      }
    }
    EXPECT_NE(r.to_json().dump().find("\"rule\""), std::string::npos) << "ids stay in JSON";
  }
}

// The rules' descriptions say when an option is shown ("Shown when ..."): the why-not of every
// format, in English and translated, says it once, under the core's one line on why, never
// under a heading that says it again ("Shown when:").
TEST(WhyNot, SaysWhenOnceInEveryFormatAndTranslation) {
  const auto english = cc::catalog::builtin();
  const auto spanish =
      english.with_translation(cc::translation::from_file(CARECOMPARE_TEST_DATA_DIR "/translations/es.json"));
  const std::regex heading("(Shown when|Se muestra cuando)\\s*:", std::regex::icase);
  for (const auto& [cat, when] :
       {std::pair{english, std::string("Shown when")}, std::pair{spanish, std::string("Se muestra cuando")}}) {
    const auto r = cat.filter(make({"liver"}));
    cc::table_options all;
    all.include_not_shown = true;
    const auto t = cc::make_table(r, all);
    std::size_t descriptions = 0;
    for (const auto& o : r.not_shown()) {
      for (const auto* rl : o.unmatched) descriptions += rl->description.rfind(when, 0) == 0 ? 1u : 0u;
    }
    ASSERT_GT(descriptions, 3u) << when;
    for (const auto& row : t.rows) {
      const auto& why_not = row.cells.back().items;
      if (why_not.empty()) continue;
      // The first line is the core's explanation, which does not begin as the descriptions do.
      EXPECT_NE(why_not.front().rfind(when, 0), 0u) << row.id << ": " << why_not.front();
    }
    for (const auto format : {cc::table_format::markdown, cc::table_format::html, cc::table_format::text,
                              cc::table_format::csv, cc::table_format::json}) {
      const std::string out = cc::render(t, {.format = format, .full_page = false, .width = 400});
      EXPECT_FALSE(std::regex_search(out, heading)) << cc::to_string(format) << ": " << out;
      std::size_t count = 0;
      for (auto at = out.find(when); at != std::string::npos; at = out.find(when, at + 1)) ++count;
      EXPECT_EQ(count, descriptions) << cc::to_string(format) << " (" << when << ")";
    }
  }
}

TEST(Sharing, EightThreadsFilterOneCatalogAndAgreeWithOneThread) {
  const auto cat = cc::catalog::builtin();
  const std::vector<cc::circumstances> queries = {
      make({}), make({"bone"}, {"pain"}), make({"liver", "lung"}, {"fatigue"}, {"stay-active"}),
      make({"brain"}, {"anxiety"}, {"explore-new-treatments"}), make({}, {"reduced-mobility"}, {"relieve-symptoms"})};
  std::vector<json> expected;
  for (const auto& q : queries) expected.push_back(cat.filter(q).to_json());
  std::vector<int> mismatches(8, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 200; ++round) {
        const std::size_t q = static_cast<std::size_t>(round + t) % queries.size();
        if (cat.filter(queries[q]).to_json() != expected[q]) ++mismatches[static_cast<std::size_t>(t)];
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_THAT(mismatches, ::testing::Each(0));
}

TEST(Sharing, BuiltinCatalogFirstUsedFromEightThreadsAtOnce) {
  // Each test runs in its own process (gtest_discover_tests), so builtin() is not loaded yet:
  // eight threads race to load it, and must all get the one catalog.
  std::vector<std::optional<cc::catalog>> got(8);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < got.size(); ++t) {
    threads.emplace_back([&, t] { got[t] = cc::catalog::builtin(); });
  }
  for (auto& th : threads) th.join();
  for (const auto& c : got) {
    ASSERT_TRUE(c.has_value());
    EXPECT_TRUE(c->same_state(cc::catalog::builtin()));
  }
}

TEST(Sharing, ResultsAndCatalogCopiesOutliveTheThreadsThatMadeThem) {
  std::vector<std::optional<cc::result>> results(8);
  json expected;
  {
    const auto loaded = cc::catalog::from_value(cc::catalog::builtin().to_json_value());
    expected = loaded.filter(make({"bone"}, {"pain"})).to_json();
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < results.size(); ++t) {
      threads.emplace_back([&, t, copy = loaded] {
        for (int round = 0; round < 50; ++round) results[t] = copy.filter(make({"bone"}, {"pain"}));
      });
    }
    for (auto& th : threads) th.join();
  }  // the last handle to the catalog outside the results is gone
  for (const auto& r : results) {
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->to_json(), expected);
    EXPECT_EQ(r->disclaimer(), cc::catalog::builtin().disclaimer());
  }
}

TEST(Sharing, OneCompiledRuleAppliedFromEightThreadsAgreesWithOneThread) {
  // Operators that build values (map, filter, reduce, merge, cat, substr, missing) and ones that
  // only test (some, in, comparisons), in one rule.
  const auto rule = cc::logic::compile(json::parse(R"({"if": [
      {"some": [{"var": "sites"}, {"in": [{"var": ""}, ["bone", "brain"]]}]},
      {"cat": [{"substr": [{"var": "name"}, 0, 3]}, "-",
               {"reduce": [{"map": [{"var": "scores"}, {"*": [{"var": ""}, 2]}]},
                           {"+": [{"var": "current"}, {"var": "accumulator"}]}, 0]}]},
      {"merge": [{"filter": [{"var": "scores"}, {">": [{"var": ""}, 1]}]}, {"missing": ["name", "x.y"]}]}]})"));
  const std::vector<json> data = {json::parse(R"({"sites": ["bone"], "name": "Ada Lovelace", "scores": [1, 2, 3]})"),
                                  json::parse(R"({"sites": ["lung"], "name": "Grace", "scores": [0.5, 4]})"),
                                  json::parse(R"({"sites": [], "scores": []})"), json(nullptr)};
  std::vector<json> expected;
  for (const auto& d : data) expected.push_back(cc::logic::apply(rule, d));
  ASSERT_EQ(expected[0], "Ada-12");
  std::vector<int> mismatches(8, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 300; ++round) {
        const std::size_t k = static_cast<std::size_t>(round + t) % data.size();
        const cc::logic::rule copy = rule;  // copies share the compiled program
        if (cc::logic::apply(copy, data[k]) != expected[k]) ++mismatches[static_cast<std::size_t>(t)];
        if (cc::logic::test(rule, data[k]) != cc::logic::truthy(expected[k])) {
          ++mismatches[static_cast<std::size_t>(t)];
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_THAT(mismatches, ::testing::Each(0));
}

TEST(Sharing, LogSinkSetWhileOtherThreadsApplyLog) {
  // Every `log` call goes to exactly one sink, whichever was set when it ran; a sink being
  // replaced while another thread is inside it stays alive until that call returns.
  std::atomic<int> to_a{0}, to_b{0}, wrong{0};
  const auto sink = [&wrong](std::atomic<int>& counter) {
    return [&counter, &wrong](std::string_view text) {
      if (text != "[\"tick\",1]") ++wrong;
      ++counter;
    };
  };
  cc::logic::set_log_sink(sink(to_a));
  const auto rule = cc::logic::compile(json::parse(R"({"log": [["tick", {"var": "n"}]]})"));
  std::atomic<bool> stop{false};
  std::thread setter([&] {
    for (int i = 0; !stop; ++i) cc::logic::set_log_sink(sink(i % 2 == 0 ? to_b : to_a));
  });
  std::vector<std::thread> appliers;
  for (int t = 0; t < 7; ++t) {
    appliers.emplace_back([&] {
      for (int round = 0; round < 500; ++round) (void)cc::logic::apply(rule, json{{"n", 1}});
    });
  }
  for (auto& th : appliers) th.join();
  stop = true;
  setter.join();
  cc::logic::set_log_sink(nullptr);
  EXPECT_EQ(to_a + to_b, 7 * 500);
  EXPECT_EQ(wrong, 0);
}

// ---- `log` in a catalog's rules --------------------------------------------------------------

TEST(LogInRules, WritesOnlyJsonTextToTheConfiguredSink) {
  // A rule cannot choose where `log` writes, nor write anything but the JSON text of one value:
  // paths, format directives, shell syntax and terminal escapes arrive as inert JSON strings.
  json doc = cc::catalog::builtin().to_json_value();
  doc["rules"][3]["when"] = json::parse(
      R"({"log": [["/etc/passwd", "%s%n%x", "$(rm -rf ~) > /tmp/x", "\u001b[2J\r\nfake line", {"var": "symptoms"}], "ignored"]})");
  const auto cat = cc::catalog::from_value(doc);
  std::vector<std::string> lines;
  cc::logic::set_log_sink([&lines](std::string_view text) { lines.emplace_back(text); });
  ::testing::internal::CaptureStderr();
  ::testing::internal::CaptureStdout();
  const auto r = cat.filter(make({}, {"pain"}));
  const std::string out = ::testing::internal::GetCapturedStdout();
  const std::string err = ::testing::internal::GetCapturedStderr();
  cc::logic::set_log_sink(nullptr);
  EXPECT_EQ(out, "");
  EXPECT_EQ(err, "");
  EXPECT_THAT(lines,
              ElementsAre(R"(["/etc/passwd","%s%n%x","$(rm -rf ~) > /tmp/x","\u001b[2J\r\nfake line",["pain"]])"));
  EXPECT_THAT(reasons_for(r, "pain-management"), ElementsAre("pain"));  // log returns its (truthy) value

  // The default sink: one line on stderr, the same JSON text.
  ::testing::internal::CaptureStderr();
  (void)cat.filter(make({}, {"fatigue"}));
  EXPECT_EQ(::testing::internal::GetCapturedStderr(),
            "[\"/etc/passwd\",\"%s%n%x\",\"$(rm -rf ~) > /tmp/x\",\"\\u001b[2J\\r\\nfake line\",[\"fatigue\"]]\n");
}
