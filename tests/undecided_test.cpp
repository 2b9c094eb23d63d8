// SPDX-License-Identifier: MIT
// Facts nobody answered: options that depend on them are undecided, never shown with a reason the
// person did not give. The example of the README (tests/data/facts/overlay.json added to the
// builtin catalog), how `or`, `and`, `if`, hide rules, `missing` and `absent_is` decide, the
// result's faces (JSON, tables, copies), and soundness: an answer given with facts left out is
// the answer every value of those facts gives.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <carecompare/filter.hpp>
#include <carecompare/logic.hpp>
#include <carecompare/table.hpp>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "catalog_support.hpp"

namespace cc = carecompare;
namespace logic = carecompare::logic;
using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

using carecompare_test::make;
using carecompare_test::not_shown;
using carecompare_test::overlay_catalog_json;

namespace {

const cc::catalog& overlay_catalog() {
  static const cc::catalog cat = cc::catalog::from_value(overlay_catalog_json());
  return cat;
}

template <class List>
std::vector<std::string> ids(const List& list) {
  std::vector<std::string> out;
  for (const auto* item : list) out.push_back(item->id);
  return out;
}

const cc::relevant_option* relevant(const cc::result& r, std::string_view strategy) {
  return carecompare_test::option_of(r.relevant(), strategy);
}

const cc::undecided_option* undecided(const cc::result& r, std::string_view strategy) {
  return carecompare_test::option_of(r.undecided(), strategy);
}

/// Every reason text the result states.
std::vector<std::string> stated_reasons(const cc::result& r) {
  std::vector<std::string> out;
  for (const auto& o : r.relevant()) {
    for (const cc::rule* why : o.reasons) out.push_back(why->reason);
  }
  for (const auto& o : r.undecided()) {
    for (const cc::rule* why : o.shown_by) out.push_back(why->reason);
  }
  return out;
}

constexpr std::string_view mild_pain_reason = "Your pain is mild, so moderate physical activity may be comfortable.";

}  // namespace

// ---- the README's example ----------------------------------------------------------------------

TEST(Undecided, APainScoreNobodyGaveStatesNoReason) {
  const auto& cat = overlay_catalog();
  const auto r = cat.filter(make({"liver"}));
  EXPECT_EQ(relevant(r, "physical-activity"), nullptr);
  EXPECT_THAT(stated_reasons(r), ::testing::Not(::testing::Contains(std::string(mild_pain_reason))));
  const auto* activity = undecided(r, "physical-activity");
  ASSERT_NE(activity, nullptr);
  EXPECT_THAT(ids(activity->facts), ElementsAre("pain_score"));
  EXPECT_EQ(activity->facts[0]->label, "Pain score");
  EXPECT_THAT(ids(activity->rules), ElementsAre("mild-pain"));
  EXPECT_THAT(activity->shown_by, IsEmpty());
  // Every declared fact is not answered, in declaration order: what an app can ask next.
  EXPECT_THAT(ids(r.not_answered()),
              ElementsAre("pain_score", "walks_daily", "treatment_phase", "monitored_elsewhere"));

  // Answered, the option is decided: shown with the reason, or not shown.
  const auto mild = cat.filter(make({"liver"}, {}, {}, {{"pain_score", 2}}));
  ASSERT_NE(relevant(mild, "physical-activity"), nullptr);
  EXPECT_THAT(ids(relevant(mild, "physical-activity")->reasons), ElementsAre("mild-pain"));
  EXPECT_THAT(ids(mild.not_answered()), ElementsAre("walks_daily", "treatment_phase", "monitored_elsewhere"));
  const auto strong = cat.filter(make({"liver"}, {}, {}, {{"pain_score", 5}}));
  EXPECT_EQ(undecided(strong, "physical-activity"), nullptr);
  ASSERT_NE(not_shown(strong, "physical-activity"), nullptr);
  EXPECT_THAT(ids(not_shown(strong, "physical-activity")->unmatched), ::testing::Contains("mild-pain"));
  // A fact given as null is not answered, as one left out.
  const auto null = cat.filter(make({"liver"}, {}, {}, {{"pain_score", nullptr}}));
  EXPECT_NE(undecided(null, "physical-activity"), nullptr);
  EXPECT_THAT(ids(null.not_answered()), ::testing::Contains("pain_score"));
}

TEST(Undecided, AbsentIsNullKeepsJsonLogicsMeaning) {
  json doc = overlay_catalog_json();
  for (auto& r : doc["rules"]) {
    if (r["id"] == "mild-pain") r["absent_is"] = "null";
  }
  const auto cat = cc::catalog::from_value(doc);
  const auto r = cat.filter(make({"liver"}));
  ASSERT_NE(relevant(r, "physical-activity"), nullptr);  // null < 4, as json-logic-js says
  EXPECT_THAT(ids(relevant(r, "physical-activity")->reasons), ElementsAre("mild-pain"));
  EXPECT_EQ(undecided(r, "physical-activity"), nullptr);
  // The facts stay not answered: the rule reads them as null on purpose.
  EXPECT_THAT(ids(r.not_answered()), ::testing::Contains("pain_score"));
}

// ---- what the logic decides without the fact ---------------------------------------------------

TEST(Undecided, OrWithATrueOperandIsTrue) {
  const auto& cat = overlay_catalog();
  // strong-pain: pain is a symptom, or pain_score >= 7.
  const auto r = cat.filter(make({}, {"pain"}));
  ASSERT_NE(relevant(r, "pain-management"), nullptr);
  EXPECT_THAT(ids(relevant(r, "pain-management")->reasons), ElementsAre("pain", "strong-pain"));
  EXPECT_EQ(relevant(r, "pain-management")->score, 3);
  // Without the symptom, it depends on the score.
  const auto without = cat.filter(make({}));
  ASSERT_NE(undecided(without, "pain-management"), nullptr);
  EXPECT_THAT(ids(undecided(without, "pain-management")->rules), ElementsAre("strong-pain"));
}

TEST(Undecided, AndWithAFalseOperandIsFalse) {
  const auto& cat = overlay_catalog();
  // bone-and-walking: bone involvement and walks_daily. Liver alone: false whatever the walks.
  const auto liver = cat.filter(make({"liver"}));
  EXPECT_EQ(undecided(liver, "physical-therapy"), nullptr);
  ASSERT_NE(not_shown(liver, "physical-therapy"), nullptr);
  // Bone: shown by bone-involvement; the undecided rule adds nothing to the score.
  const auto bone = cat.filter(make({"bone"}));
  const auto* therapy = relevant(bone, "physical-therapy");
  ASSERT_NE(therapy, nullptr);
  EXPECT_THAT(ids(therapy->reasons), ElementsAre("bone-involvement"));
  EXPECT_EQ(therapy->score, 2);
  const auto walking = cat.filter(make({"bone"}, {}, {}, {{"walks_daily", true}}));
  EXPECT_THAT(ids(relevant(walking, "physical-therapy")->reasons), ElementsAre("bone-involvement", "bone-and-walking"));
  EXPECT_EQ(relevant(walking, "physical-therapy")->score, 3);
}

TEST(Undecided, IfFollowsTheBranchItCanDecide) {
  const auto& cat = overlay_catalog();
  // after-treatment: if exploring new treatments then true, else treatment_phase == "after".
  const auto exploring = cat.filter(make({}, {}, {"explore-new-treatments"}));
  ASSERT_NE(relevant(exploring, "clinical-trials"), nullptr);
  EXPECT_THAT(ids(relevant(exploring, "clinical-trials")->reasons),
              ElementsAre("explore-emerging-therapies", "after-treatment"));
  const auto other = cat.filter(make({}));
  const auto* trials = undecided(other, "clinical-trials");
  ASSERT_NE(trials, nullptr);
  ASSERT_THAT(ids(trials->facts), ElementsAre("treatment_phase"));
  EXPECT_EQ(trials->facts[0]->values, std::optional<std::vector<std::string>>({"before", "during", "after"}));
  EXPECT_NE(relevant(cat.filter(make({}, {}, {}, {{"treatment_phase", "after"}})), "clinical-trials"), nullptr);
  EXPECT_NE(not_shown(cat.filter(make({}, {}, {}, {{"treatment_phase", "during"}})), "clinical-trials"), nullptr);
}

TEST(Undecided, AnUndecidedHideRuleMakesAShownOptionUndecided) {
  const auto& cat = overlay_catalog();
  const auto r = cat.filter(make({}));
  EXPECT_EQ(relevant(r, "monitoring"), nullptr);
  const auto* monitoring = undecided(r, "monitoring");
  ASSERT_NE(monitoring, nullptr);
  EXPECT_THAT(ids(monitoring->rules), ElementsAre("monitored-elsewhere"));
  EXPECT_THAT(ids(monitoring->shown_by), ElementsAre("regular-monitoring"));
  EXPECT_THAT(ids(monitoring->facts), ElementsAre("monitored_elsewhere"));
  EXPECT_NE(relevant(cat.filter(make({}, {}, {}, {{"monitored_elsewhere", false}})), "monitoring"), nullptr);
  const auto hidden = cat.filter(make({}, {}, {}, {{"monitored_elsewhere", true}}));
  ASSERT_NE(not_shown(hidden, "monitoring"), nullptr);
  EXPECT_THAT(ids(not_shown(hidden, "monitoring")->hidden_by), ElementsAre("monitored-elsewhere"));
}

TEST(Undecided, AnUndecidedHideRuleAloneLeavesAnOptionNotShown) {
  json doc = overlay_catalog_json();
  doc["rules"].push_back({{"id", "nutrition-elsewhere"},
                          {"description", "Check-ups are arranged by another service"},
                          {"when", {{"var", "monitored_elsewhere"}}},
                          {"show", json::array()},
                          {"hide", {"nutrition"}},
                          {"reason", "Another service arranges your check-ups."}});
  const auto cat = cc::catalog::from_value(doc);
  // Nothing shows nutrition (no fatigue, no goal): it is not shown, whatever the hide rule reads.
  const auto r = cat.filter(make({}));
  EXPECT_EQ(undecided(r, "nutrition"), nullptr);
  EXPECT_NE(not_shown(r, "nutrition"), nullptr);
  // With fatigue it is shown unless hidden: undecided.
  EXPECT_NE(undecided(cat.filter(make({}, {"fatigue"})), "nutrition"), nullptr);
}

TEST(Undecided, MissingAndMissingSomeTestAbsenceOnPurpose) {
  json doc = overlay_catalog_json();
  doc["rules"].push_back({{"id", "no-score"},
                          {"description", "No pain score given"},
                          {"when", {{"missing", {"pain_score"}}}},
                          {"show", {"pain-management"}},
                          {"reason", "You did not give a pain score."}});
  doc["rules"].push_back({{"id", "little-given"},
                          {"description", "Pain score or daily walks not given"},
                          {"when", {{"missing_some", {2, {"pain_score", "walks_daily"}}}}},
                          {"show", {"emotional-support"}},
                          {"reason", "You did not say how you feel day to day."}});
  const auto cat = cc::catalog::from_value(doc);
  const auto r = cat.filter(make({}));
  ASSERT_NE(relevant(r, "pain-management"), nullptr);
  EXPECT_THAT(ids(relevant(r, "pain-management")->reasons), ElementsAre("no-score"));
  ASSERT_NE(relevant(r, "emotional-support"), nullptr);
  const auto given = cat.filter(make({}, {}, {}, {{"pain_score", 8}, {"walks_daily", true}}));
  EXPECT_THAT(ids(relevant(given, "pain-management")->reasons), ElementsAre("strong-pain"));
  EXPECT_EQ(relevant(given, "emotional-support"), nullptr);
}

TEST(Undecided, EveryFactAnsweredLeavesNothingUndecided) {
  const auto r = overlay_catalog().filter(
      make({"bone"}, {}, {},
           {{"pain_score", 2}, {"walks_daily", false}, {"treatment_phase", "before"}, {"monitored_elsewhere", false}}));
  EXPECT_THAT(r.undecided(), IsEmpty());
  EXPECT_THAT(r.not_answered(), IsEmpty());
}

TEST(Undecided, ListsStatedAsEmptyAreAnswers) {
  // The builtin rules read only sites, symptoms and goals: none is ever undecided.
  const auto r = overlay_catalog().filter(make({}));
  for (const auto& o : r.undecided()) {
    for (const cc::rule* why : o.rules) {
      EXPECT_TRUE(std::any_of(carecompare_test::facts_overlay()["rules"].begin(),
                              carecompare_test::facts_overlay()["rules"].end(),
                              [&](const json& mine) { return mine["id"] == why->id; }))
          << why->id;
    }
  }
  EXPECT_NE(not_shown(r, "systemic-therapy"), nullptr);
}

// ---- the result's faces ------------------------------------------------------------------------

TEST(UndecidedFaces, JsonListsUndecidedOptionsAndFactsNotAnswered) {
  const auto j = overlay_catalog().filter(make({"liver"})).to_json();
  ASSERT_TRUE(j.contains("undecided"));
  const auto activity = std::find_if(j["undecided"].begin(), j["undecided"].end(),
                                     [](const json& o) { return o["id"] == "physical-activity"; });
  ASSERT_NE(activity, j["undecided"].end());
  EXPECT_EQ((*activity)["name"], "Physical Activity");
  EXPECT_EQ((*activity)["facts"],
            json::parse(R"([{"id":"pain_score","label":"Pain score","description":"0 to 10","type":"number"}])"));
  EXPECT_EQ((*activity)["rules"],
            json::parse(R"([{"rule":"mild-pain","effect":"show","text":"Pain score is below 4"}])"));
  const auto monitoring =
      std::find_if(j["undecided"].begin(), j["undecided"].end(), [](const json& o) { return o["id"] == "monitoring"; });
  ASSERT_NE(monitoring, j["undecided"].end());
  EXPECT_EQ((*monitoring)["rules"][0]["effect"], "hide");
  EXPECT_EQ(j["not_answered"], json::parse(R"(["pain_score","walks_daily","treatment_phase","monitored_elsewhere"])"));
  // A fact with allowed values lists them.
  const auto phase = overlay_catalog().filter(make({})).to_json();
  const auto trials = std::find_if(phase["undecided"].begin(), phase["undecided"].end(),
                                   [](const json& o) { return o["id"] == "clinical-trials"; });
  ASSERT_NE(trials, phase["undecided"].end());
  EXPECT_EQ((*trials)["facts"][0]["values"], json::parse(R"(["before","during","after"])"));
}

TEST(UndecidedFaces, CatalogsWithoutFactsKeepTheirDocument) {
  const auto j = cc::catalog::builtin().filter(make({"liver"})).to_json();
  EXPECT_FALSE(j.contains("undecided"));
  EXPECT_FALSE(j.contains("not_answered"));
  EXPECT_THAT(cc::catalog::builtin().filter(make({"liver"})).undecided(), IsEmpty());
}

TEST(UndecidedFaces, CopiesViewTheirOwnLists) {
  std::optional<cc::result> original(overlay_catalog().filter(make({"liver"})));
  const json as_json = original->to_json();
  const cc::result copy(*original);
  cc::result assigned = overlay_catalog().filter(make({"bone"}, {}, {}, {{"pain_score", 1}}));
  assigned = *original;
  original.reset();
  const auto scribble = overlay_catalog().filter(make({"brain"}, {"pain"}, {}, {{"walks_daily", true}}));
  for (const cc::result* r : std::initializer_list<const cc::result*>{&copy, &assigned}) {
    EXPECT_EQ(r->to_json(), as_json);
    ASSERT_NE(undecided(*r, "physical-activity"), nullptr);
    EXPECT_THAT(ids(undecided(*r, "physical-activity")->facts), ElementsAre("pain_score"));
    EXPECT_EQ(r->not_answered().size(), 4u);
  }
}

TEST(UndecidedFaces, TablesGiveAStatusAndWhatItDependsOn) {
  const auto r = overlay_catalog().filter(make({"liver"}));
  const auto t = cc::make_table(r);
  std::vector<std::string> fields;
  for (const auto& c : t.columns) fields.push_back(c.field);
  EXPECT_THAT(fields, ElementsAre("name", "purpose", "use_cases", "status", "why_shown", "depends_on"));
  EXPECT_EQ(t.columns.back().label, "Depends on");
  // The relevant options first, in rank order, then the undecided ones, in catalog order.
  ASSERT_EQ(t.rows.size(), r.relevant().size() + r.undecided().size());
  for (std::size_t i = 0; i < r.relevant().size(); ++i) {
    EXPECT_EQ(t.rows[i].id, r.relevant()[i].strategy->id);
    EXPECT_THAT(t.rows[i].cells[3].items[0], ::testing::StartsWith("Shown"));
    EXPECT_THAT(t.rows[i].cells[5].items, IsEmpty());
  }
  const auto row =
      std::find_if(t.rows.begin(), t.rows.end(), [](const auto& x) { return x.id == "physical-activity"; });
  ASSERT_NE(row, t.rows.end());
  EXPECT_THAT(row->cells[3].items, ElementsAre("Depends on what you have not answered"));
  EXPECT_THAT(row->cells[4].items, IsEmpty());  // no reason the person did not give
  EXPECT_THAT(row->cells[5].items, ElementsAre("Pain score"));
  // Undecided by a hide rule: the reasons that are true are shown.
  const auto monitoring =
      std::find_if(t.rows.begin(), t.rows.end(), [](const auto& x) { return x.id == "monitoring"; });
  ASSERT_NE(monitoring, t.rows.end());
  EXPECT_EQ(monitoring->cells[4].items.size(), 1u);
  EXPECT_THAT(monitoring->cells[5].items, ElementsAre("Monitored elsewhere"));

  cc::table_options all;
  all.include_not_shown = true;
  fields.clear();
  for (const auto& c : cc::make_table(r, all).columns) fields.push_back(c.field);
  EXPECT_THAT(fields,
              ElementsAre("name", "purpose", "use_cases", "status", "why_shown", "depends_on", "why_not_shown"));
  EXPECT_EQ(cc::make_table(r, all).rows.size(), overlay_catalog().strategies().size());
  // Nothing undecided: no "Depends on" column.
  const auto answered = overlay_catalog().filter(
      make({"liver"}, {}, {},
           {{"pain_score", 2}, {"walks_daily", false}, {"treatment_phase", "before"}, {"monitored_elsewhere", false}}));
  fields.clear();
  for (const auto& c : cc::make_table(answered).columns) fields.push_back(c.field);
  EXPECT_THAT(fields, ElementsAre("name", "purpose", "use_cases", "why_shown"));
}

// ---- soundness -----------------------------------------------------------------------------------

namespace {

/// Every number in `node`: the constants a rule compares with.
void collect_numbers(const json& node, std::set<double>& out) {
  if (node.is_number()) out.insert(node.get<double>());
  if (node.is_structured()) {
    for (const auto& child : node) collect_numbers(child, out);
  }
}

/// The values a declared fact is tried with: both booleans, each allowed string value, and numbers
/// at and around each constant of the rule.
std::vector<json> candidates(const cc::fact& f, const std::set<double>& constants) {
  std::vector<json> out;
  switch (f.type) {
    case cc::fact_type::boolean: out = {true, false}; break;
    case cc::fact_type::number: {
      std::set<double> numbers = {0.0};
      for (const double c : constants) {
        for (const double d : {-1.0, -0.5, 0.0, 0.5, 1.0}) numbers.insert(c + d);
      }
      for (const double n : numbers) out.emplace_back(n);
      break;
    }
    case cc::fact_type::string:
      if (f.values) {
        for (const auto& v : *f.values) out.emplace_back(v);
      } else {
        out = {"", "after"};
      }
      break;
    case cc::fact_type::string_list:
      out.push_back(json::array());
      if (f.values) {
        for (const auto& v : *f.values) out.push_back(json::array({v}));
        out.emplace_back(*f.values);
      }
      break;
  }
  return out;
}

/// The lists the person states, as the rule data object has them.
std::vector<json> stated_lists() {
  std::vector<json> out;
  for (const json& sites : {json::array(), json::array({"bone"}), json::array({"liver", "lung"})}) {
    for (const json& symptoms : {json::array(), json::array({"pain"})}) {
      for (const json& goals : {json::array(), json::array({"explore-new-treatments"})}) {
        out.push_back({{"sites", sites}, {"symptoms", symptoms}, {"goals", goals}, {"site_count", sites.size()}});
      }
    }
  }
  return out;
}

using carecompare_test::test_unknown_prepared;

/**
 * For `when`, every value of the facts it reads (candidates()) and every subset of them left out:
 * the three-valued answer is `unknown`, or the answer of test() on all the values. Returns the
 * number of answers that were decided (not `unknown`).
 */
std::size_t expect_sound(const json& when, const std::vector<cc::fact>& facts, const std::string& what) {
  const logic::rule r = logic::compile(when);
  std::set<double> constants;
  collect_numbers(when, constants);
  std::vector<const cc::fact*> read;
  for (const auto& f : facts) {
    const auto keys = r.keys_read();
    if (r.reads_any_key() || std::find(keys.begin(), keys.end(), f.id) != keys.end()) read.push_back(&f);
  }
  std::vector<std::vector<json>> values;
  for (const cc::fact* f : read) values.push_back(candidates(*f, constants));
  std::size_t decided = 0;
  for (const json& lists : stated_lists()) {
    std::vector<std::size_t> at(read.size(), 0);
    for (bool more = true; more;) {
      json full = lists;
      for (std::size_t i = 0; i < read.size(); ++i) full[read[i]->id] = values[i][at[i]];
      const bool expected = logic::test(r, full);
      for (std::size_t left_out = 1; left_out < (std::size_t{1} << read.size()); ++left_out) {
        json partial = full;
        std::vector<std::string_view> unknown;
        for (std::size_t i = 0; i < read.size(); ++i) {
          if ((left_out >> i) & 1U) {
            partial.erase(read[i]->id);
            unknown.push_back(read[i]->id);
          }
        }
        const logic::truth t = logic::test_unknown(r, partial, unknown);
        EXPECT_EQ(t, test_unknown_prepared(r, partial, unknown)) << what << " on " << partial.dump();
        if (t == logic::truth::unknown) continue;
        ++decided;
        EXPECT_EQ(t == logic::truth::yes, expected)
            << what << ": decided " << (t == logic::truth::yes ? "true" : "false") << " on " << partial.dump()
            << " but " << full.dump() << " gives " << expected;
      }
      more = false;
      for (std::size_t i = 0; i < at.size() && !more; ++i) {
        more = ++at[i] < values[i].size();
        if (!more) at[i] = 0;
      }
    }
  }
  return decided;
}

}  // namespace

TEST(UndecidedSoundness, EveryRuleOfTheTestCatalogs) {
  // The overlay catalog, and every catalog of the fuzz corpus that loads and declares facts.
  std::vector<std::pair<std::string, cc::catalog>> catalogs{{"overlay", overlay_catalog()}};
  const std::filesystem::path corpus = std::filesystem::path(CARECOMPARE_SOURCE_DIR) / "fuzz/corpus/catalog";
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(corpus)) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    try {
      auto cat = cc::catalog::from_file(file.string());
      if (!cat.facts().empty()) catalogs.emplace_back(file.filename().string(), std::move(cat));
    } catch (const cc::catalog_error&) {  // the corpus holds invalid catalogs too
    }
  }
  ASSERT_GE(catalogs.size(), 3u) << "the fuzz corpus's catalogs with facts are missing from " << corpus;
  std::size_t decided = 0;
  for (const auto& [name, cat] : catalogs) {
    for (const auto& r : cat.rules()) decided += expect_sound(r.when, cat.facts(), name + ": rule " + r.id);
  }
  EXPECT_GT(decided, 0u);  // some answers were decided with facts left out: the property was exercised
}

TEST(UndecidedSoundness, RulesOfEveryOperatorFamily) {
  // Facts read through every kind of node: comparisons that null flips, arithmetic, strings,
  // arrays and their scoped operators, `var` with a default and with a computed path, `missing`.
  const char* const rules[] = {
      R"({"<":[{"var":"pain_score"},4]})",
      R"({"<=":[0,{"var":"pain_score"},3]})",
      R"({"<":[2,{"var":"pain_score"},6]})",
      R"({"==":[{"var":"pain_score"},0]})",
      R"({"!=":[{"var":"treatment_phase"},"during"]})",
      R"({"===":[{"var":"walks_daily"},false]})",
      R"({"!==":[{"var":"treatment_phase"},"after"]})",
      R"({"!":{"var":"walks_daily"}})",
      R"({"!!":[{"var":"monitored_elsewhere"}]})",
      R"({">":[{"+":[{"var":"pain_score"},1]},5]})",
      R"({"<":[{"*":[{"var":"pain_score"},2]},9]})",
      R"({">=":[{"-":[10,{"var":"pain_score"}]},4]})",
      R"({"<":[{"/":[{"var":"pain_score"},2]},2]})",
      R"({"%":[{"var":"pain_score"},2]})",
      R"({"-":[{"var":"pain_score"}]})",
      R"({"max":[{"var":"pain_score"},3]})",
      R"({"<":[{"min":[{"var":"pain_score"},3]},2]})",
      R"({"in":[{"var":"treatment_phase"},["before","after"]]})",
      R"({"in":["ft",{"var":"treatment_phase"}]})",
      R"({"==":[{"cat":[{"var":"treatment_phase"},"-x"]},"after-x"]})",
      R"({"==":[{"substr":[{"var":"treatment_phase"},1]},"fter"]})",
      R"({"?:":[{"var":"walks_daily"},{"var":"pain_score"},false]})",
      R"({"if":[{"var":"walks_daily"},{"<":[{"var":"pain_score"},4]},{"==":[{"var":"treatment_phase"},"before"]}]})",
      R"({"if":[{"var":"walks_daily"},true,{"var":"monitored_elsewhere"},false,true]})",
      R"({"or":[{"<":[{"var":"pain_score"},4]},{">=":[{"var":"pain_score"},4]}]})",
      R"({"and":[{"var":"walks_daily"},{"!":{"var":"walks_daily"}}]})",
      R"({"or":[{"in":["pain",{"var":"symptoms"}]},{"!":{"var":"monitored_elsewhere"}}]})",
      R"({"and":[{"in":["bone",{"var":"sites"}]},{"<":[{"var":"pain_score"},4]}]})",
      R"({"some":[{"var":"sites"},{"==":[{"var":""},"bone"]}]})",
      R"({"all":[[{"var":"pain_score"}],{"<":[{"var":""},5]}]})",
      R"({"none":[[{"var":"pain_score"},1],{">":[{"var":""},6]}]})",
      R"({"some":[{"var":"sites"},{"var":"walks_daily"}]})",
      R"({">":[{"reduce":[[{"var":"pain_score"},1],{"+":[{"var":"current"},{"var":"accumulator"}]},0]},5]})",
      R"({"in":[2,{"map":[[1,{"var":"pain_score"}],{"+":[{"var":""},1]}]}]})",
      R"({"filter":[[{"var":"pain_score"},1],{">":[{"var":""},3]}]})",
      R"({"in":["after",{"merge":[[{"var":"treatment_phase"}],["x"]]}]})",
      R"({"<":[{"var":["pain_score",5]},4]})",
      R"({"<":[{"var":{"cat":["pain_","score"]}},4]})",
      R"({"var":{"if":[{"var":"walks_daily"},"monitored_elsewhere","walks_daily"]}})",
      R"({"missing":["pain_score","walks_daily"]})",
      R"({"missing_some":[1,["pain_score","treatment_phase"]]})",
      R"({"and":[{"missing":["pain_score"]},{"var":"walks_daily"}]})",
      R"({"var":"treatment_phase"})",
      R"({"==":[{"var":"pain_score"},{"var":"pain_score"}]})",
  };
  const auto& facts = overlay_catalog().facts();
  std::size_t decided = 0;
  for (const char* text : rules) decided += expect_sound(json::parse(text), facts, text);
  EXPECT_GT(decided, 0u);
}

// The filter agrees with itself: an option shown with facts left out is shown, for the same
// reasons (and perhaps more), once they are answered, whatever the answer; one not shown stays not
// shown; an undecided option depends only on facts left out.
TEST(UndecidedSoundness, TheFilterNeverDecidesWhatAnAnswerWouldChange) {
  const auto& cat = overlay_catalog();
  std::set<double> constants;
  for (const auto& r : cat.rules()) collect_numbers(r.when, constants);
  const auto& facts = cat.facts();
  std::vector<std::vector<json>> values;
  for (const auto& f : facts) values.push_back(candidates(f, constants));
  for (const auto& lists : {make({}), make({"bone"}, {"pain"}), make({"liver"}, {}, {"explore-new-treatments"})}) {
    std::vector<std::size_t> at(facts.size(), 0);
    for (bool more = true; more;) {
      cc::circumstances full = lists;
      for (std::size_t i = 0; i < facts.size(); ++i) full.facts[facts[i].id] = values[i][at[i]];
      const cc::result answered = cat.filter(full);
      ASSERT_THAT(answered.undecided(), IsEmpty());
      for (std::size_t left_out = 1; left_out < (std::size_t{1} << facts.size()); ++left_out) {
        cc::circumstances partial = full;
        std::set<std::string> unknown;
        for (std::size_t i = 0; i < facts.size(); ++i) {
          if ((left_out >> i) & 1U) {
            partial.facts.erase(facts[i].id);
            unknown.insert(facts[i].id);
          }
        }
        const cc::result r = cat.filter(partial);
        const std::string what = full.to_json().dump() + " without " + json(unknown).dump();
        for (const auto& o : r.relevant()) {
          const auto* then = relevant(answered, o.strategy->id);
          ASSERT_NE(then, nullptr) << o.strategy->id << ": " << what;
          for (const cc::rule* why : o.reasons) {
            EXPECT_THAT(ids(then->reasons), ::testing::Contains(why->id)) << what;
          }
          EXPECT_LE(o.score, then->score) << what;
        }
        for (const auto& o : r.not_shown()) {
          EXPECT_NE(not_shown(answered, o.strategy->id), nullptr) << o.strategy->id << ": " << what;
        }
        for (const auto& o : r.undecided()) {
          EXPECT_FALSE(o.facts.empty()) << what;
          for (const cc::fact* f : o.facts) EXPECT_TRUE(unknown.count(f->id) != 0) << f->id << ": " << what;
        }
        EXPECT_EQ(r.not_answered().size(), unknown.size()) << what;
      }
      more = false;
      for (std::size_t i = 0; i < at.size() && !more; ++i) {
        more = ++at[i] < values[i].size();
        if (!more) at[i] = 0;
      }
    }
  }
}
