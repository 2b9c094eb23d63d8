// SPDX-License-Identifier: MIT
// Answers that are open: lists of the circumstances that say "these, maybe others" (open) or
// nothing (not answered). The engine's three-valued semantics, node by node (logic::test_unknown()
// with open lists, the table of src/logic/kleene_walk.hpp); the filter (undecided options naming
// the lists in reader words, in the result, its JSON and its tables); and soundness: for every
// rule of the builtin catalog, of the test catalogs and of the fuzz corpora, and for random open
// lists, a true or false answer is what every completion of the lists gives (the oracle
// enumerates every superset within the vocabulary).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <carecompare/filter.hpp>
#include <carecompare/logic.hpp>
#include <carecompare/table.hpp>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "catalog_support.hpp"

namespace cc = carecompare;
namespace logic = carecompare::logic;
using nlohmann::json;
using ::testing::ElementsAre;

namespace {

constexpr logic::truth yes = logic::truth::yes;
constexpr logic::truth no = logic::truth::no;
constexpr logic::truth unknown = logic::truth::unknown;

/// The builtin catalog's lists: sites (4 ids, counted), symptoms (4), goals (5).
const logic::open_list sites_open[] = {{"sites", 4, "site_count"}};

/// test_unknown() of `rule` on `data` with `lists` open, through plain JSON and prepared data
/// (which must agree).
logic::truth open_truth(const char* rule, const json& data, std::span<const logic::open_list> lists) {
  const logic::rule r = logic::compile(json::parse(rule));
  const logic::truth t = logic::test_unknown(r, data, {}, lists);
  EXPECT_EQ(t, carecompare_test::test_unknown_prepared(r, data, {}, lists)) << rule << " on " << data.dump();
  return t;
}

json sites(std::vector<std::string> ids) {
  const std::size_t n = ids.size();
  return {{"sites", std::move(ids)}, {"site_count", n}};
}

}  // namespace

// ---- the semantics, operator family by operator family ------------------------------------------

TEST(OpenAnswersLogic, InIsTrueForAListedItemAndUnknownForAnyOther) {
  EXPECT_EQ(open_truth(R"({"in":["bone",{"var":"sites"}]})", sites({"bone"}), sites_open), yes);
  EXPECT_EQ(open_truth(R"({"in":["liver",{"var":"sites"}]})", sites({"bone"}), sites_open), unknown);
  EXPECT_EQ(open_truth(R"({"!":{"in":["bone",{"var":"sites"}]}})", sites({"bone"}), sites_open), no);
  // Not answered: an open list with nothing listed.
  EXPECT_EQ(open_truth(R"({"in":["bone",{"var":"sites"}]})", sites({}), sites_open), unknown);
  // Closed (no open list): as always.
  EXPECT_EQ(open_truth(R"({"in":["liver",{"var":"sites"}]})", sites({"bone"}), {}), no);
}

TEST(OpenAnswersLogic, NodeByNodeNotByCompletions) {
  // True for every completion, but unknown node by node, as a FHIRPath translation says it.
  EXPECT_EQ(open_truth(R"({"or":[{"in":["liver",{"var":"sites"}]},{"!":{"in":["liver",{"var":"sites"}]}}]})",
                       sites({"bone"}), sites_open),
            unknown);
  // Kleene's connectives decide around an unknown operand.
  EXPECT_EQ(open_truth(R"({"or":[{"in":["liver",{"var":"sites"}]},{"in":["bone",{"var":"sites"}]}]})", sites({"bone"}),
                       sites_open),
            yes);
  EXPECT_EQ(open_truth(R"({"and":[{"in":["liver",{"var":"sites"}]},{"!":{"in":["bone",{"var":"sites"}]}}]})",
                       sites({"bone"}), sites_open),
            no);
}

TEST(OpenAnswersLogic, ACountIsARangeAndAComparisonHoldsForAllOfItOrIsUnknown) {
  // site_count of an open list: n to the vocabulary's size (4).
  EXPECT_EQ(open_truth(R"({">=":[{"var":"site_count"},2]})", sites({"bone", "liver"}), sites_open), yes);
  EXPECT_EQ(open_truth(R"({">=":[{"var":"site_count"},2]})", sites({"bone"}), sites_open), unknown);
  EXPECT_EQ(open_truth(R"({"<":[{"var":"site_count"},5]})", sites({}), sites_open), yes);
  EXPECT_EQ(open_truth(R"({"==":[{"var":"site_count"},0]})", sites({"bone"}), sites_open), no);
  EXPECT_EQ(open_truth(R"({"!=":[{"var":"site_count"},0]})", sites({"bone"}), sites_open), yes);
  EXPECT_EQ(open_truth(R"({"===":[{"var":"site_count"},1]})", sites({"bone"}), sites_open), unknown);
  EXPECT_EQ(open_truth(R"({"==":[{"var":"site_count"},"4"]})", sites({"bone", "liver", "lung", "brain"}), sites_open),
            yes);
  EXPECT_EQ(open_truth(R"({"<=":[1,{"var":"site_count"},4]})", sites({"bone"}), sites_open), yes);
  EXPECT_EQ(open_truth(R"({"<":[1,{"var":"site_count"},4]})", sites({"bone", "lung"}), sites_open), unknown);
  EXPECT_EQ(open_truth(R"({">":[{"var":"site_count"},{"var":"site_count"}]})", sites({"bone"}), sites_open), unknown);
  EXPECT_EQ(open_truth(R"({"!!":{"var":"site_count"}})", sites({"bone"}), sites_open), yes);
  EXPECT_EQ(open_truth(R"({"!":{"var":"site_count"}})", sites({}), sites_open), unknown);
  // Arithmetic over a count is not followed: unknown.
  EXPECT_EQ(open_truth(R"({">":[{"+":[{"var":"site_count"},1]},0]})", sites({"bone"}), sites_open), unknown);
}

TEST(OpenAnswersLogic, QuantifiersDecideOnAnElementKnownToBeThere) {
  const json data = sites({"bone", "liver"});
  EXPECT_EQ(open_truth(R"({"some":[{"var":"sites"},{"==":[{"var":""},"liver"]}]})", data, sites_open), yes);
  EXPECT_EQ(open_truth(R"({"some":[{"var":"sites"},{"==":[{"var":""},"lung"]}]})", data, sites_open), unknown);
  EXPECT_EQ(open_truth(R"({"none":[{"var":"sites"},{"==":[{"var":""},"liver"]}]})", data, sites_open), no);
  EXPECT_EQ(open_truth(R"({"none":[{"var":"sites"},{"==":[{"var":""},"lung"]}]})", data, sites_open), unknown);
  EXPECT_EQ(open_truth(R"({"all":[{"var":"sites"},{"==":[{"var":""},"bone"]}]})", data, sites_open), no);
  EXPECT_EQ(open_truth(R"({"all":[{"var":"sites"},{"!=":[{"var":""},"x"]}]})", data, sites_open), unknown);
  // json-logic-js: `all` of [] is false, so an open list with nothing listed is unknown either way.
  EXPECT_EQ(open_truth(R"({"all":[{"var":"sites"},true]})", sites({}), sites_open), unknown);
  // filter and map keep what is known to be there; merge too.
  EXPECT_EQ(open_truth(R"({"in":["liver",{"filter":[{"var":"sites"},{"!=":[{"var":""},"bone"]}]}]})", data, sites_open),
            yes);
  EXPECT_EQ(open_truth(R"({"in":["bone",{"filter":[{"var":"sites"},{"!=":[{"var":""},"bone"]}]}]})", data, sites_open),
            unknown);
  EXPECT_EQ(open_truth(R"({"in":["liver!",{"map":[{"var":"sites"},{"cat":[{"var":""},"!"]}]}]})", data, sites_open),
            yes);
  EXPECT_EQ(open_truth(R"({"in":["x",{"merge":[{"var":"sites"},["x"]]}]})", sites({}), sites_open), yes);
  EXPECT_EQ(open_truth(R"({"in":["lung",{"merge":[{"var":"sites"},["x"]]}]})", sites({}), sites_open), unknown);
  EXPECT_EQ(open_truth(R"({"!!":{"merge":[{"var":"sites"}]}})", data, sites_open), yes);
  EXPECT_EQ(open_truth(R"({"==":[{"reduce":[{"var":"sites"},1,0]},1]})", data, sites_open), unknown);
}

TEST(OpenAnswersLogic, PathsIntoAListAndMissing) {
  // Where an element stands in an open list is not known.
  EXPECT_EQ(open_truth(R"({"==":[{"var":"sites.0"},"bone"]})", sites({"bone"}), sites_open), unknown);
  EXPECT_EQ(open_truth(R"({"missing":["sites.0"]})", sites({}), sites_open), unknown);
  EXPECT_EQ(open_truth(R"({"!":{"missing":["sites.1"]}})", sites({"bone"}), sites_open), unknown);
  EXPECT_EQ(open_truth(R"({"missing":[{"cat":["sites",".0"]}]})", sites({}), sites_open), unknown);
  // A list is present, open or not answered: `missing` of its key is decided.
  EXPECT_EQ(open_truth(R"({"missing":["sites"]})", sites({}), sites_open), no);
  EXPECT_EQ(open_truth(R"({"missing_some":[1,["sites","site_count"]]})", sites({}), sites_open), no);
  // Everything that does not read the list is decided, and a node whose operands are known too.
  EXPECT_EQ(open_truth(R"({"in":["bone",{"if":[true,["bone"],{"var":"sites"}]}]})", sites({}), sites_open), yes);
  EXPECT_EQ(open_truth(R"({"==":[{"cat":["a",{"var":"sites"}]},"a"]})", sites({}), sites_open), unknown);
  EXPECT_EQ(open_truth(R"({"==":[{"var":"other"},null]})", sites({}), sites_open), yes);
}

// ---- the filter ---------------------------------------------------------------------------------

namespace {

std::vector<std::string> relevant_ids(const cc::result& r) {
  std::vector<std::string> out;
  for (const auto& o : r.relevant()) out.push_back(o.strategy->id);
  return out;
}

}  // namespace

TEST(OpenAnswersFilter, ARecordWithBoneAndLiverLeavesSymptomsAndGoalsOpen) {
  // What a health record gives: the sites it names (open), symptoms it names (none: open),
  // goals it cannot give (not answered).
  const auto& cat = cc::catalog::builtin();
  cc::circumstances c;
  c.sites = {"bone", "liver"};
  c.sites_answer = cc::answer_kind::open;
  c.symptoms_answer = cc::answer_kind::open;
  c.goals_answer = cc::answer_kind::not_answered;
  const cc::result r = cat.filter(c);
  // What the sites decide is shown, for the same reasons as with the sites closed.
  cc::circumstances closed;
  closed.sites = c.sites;
  const cc::result answered = cat.filter(closed);
  for (const auto& o : r.relevant()) {
    EXPECT_THAT(relevant_ids(answered), ::testing::Contains(o.strategy->id));
  }
  EXPECT_FALSE(r.relevant().empty());
  // Nothing is not shown for a symptom or goal nobody gave: what hangs on them is undecided,
  // naming the lists.
  ASSERT_FALSE(r.undecided().empty());
  for (const auto& o : r.undecided()) {
    EXPECT_FALSE(o.lists.empty()) << o.strategy->id;
    for (const std::string_view l : o.lists) EXPECT_TRUE(l == "sites" || l == "symptoms" || l == "goals");
  }
  EXPECT_TRUE(r.not_answered().empty());  // facts: the builtin catalog declares none
  // Closed, the same lists say "none": fewer options, none undecided.
  EXPECT_TRUE(answered.undecided().empty());
}

TEST(OpenAnswersFilter, DependsOnNamesTheListsInReaderWords) {
  const auto& cat = cc::catalog::builtin();
  cc::circumstances c;
  c.symptoms_answer = cc::answer_kind::open;
  c.goals_answer = cc::answer_kind::not_answered;
  const cc::result r = cat.filter(c);
  const json doc = r.to_json();
  EXPECT_EQ(doc["circumstances"]["open"], json::array({"symptoms"}));
  EXPECT_EQ(doc["circumstances"]["not_answered"], json::array({"goals"}));
  // The document's circumstances are the stated circumstances' JSON.
  EXPECT_EQ(cc::circumstances::from_json(doc["circumstances"]), c);
  ASSERT_TRUE(doc.contains("undecided"));
  bool symptoms_named = false;
  for (const auto& o : doc["undecided"]) {
    for (const auto& l : o["lists"]) {
      if (l["id"] == "symptoms") {
        EXPECT_EQ(l["label"], "Symptoms you have");
        symptoms_named = true;
      }
      if (l["id"] == "goals") {
        EXPECT_EQ(l["label"], "What matters to you");
      }
    }
  }
  EXPECT_TRUE(symptoms_named) << doc["undecided"].dump();
  // The text written by the C ABI's writer and the DOM are one document.
  EXPECT_EQ(json::parse(r.to_json().dump()), doc);
  // Tables: the status and the "Depends on" column, in the catalog's words.
  const auto t = cc::make_table(r);
  ASSERT_EQ(t.columns.back().field, "depends_on");
  std::size_t rows = 0;
  for (const auto& row : t.rows) {
    const auto* o = carecompare_test::option_of(r.undecided(), row.id);
    if (o == nullptr) continue;
    ++rows;
    std::vector<std::string> words;
    for (const std::string_view l : o->lists)
      words.emplace_back(l == "symptoms" ? "Symptoms you have" : "What matters to you");
    EXPECT_EQ(row.cells.back().items, words) << row.id;
  }
  EXPECT_EQ(rows, r.undecided().size());
}

TEST(OpenAnswersFilter, ClosedListsKeepTheDocumentAsItWas) {
  const auto& cat = cc::catalog::builtin();
  const cc::result r = cat.filter(carecompare_test::make({"bone"}, {"pain"}));
  const json doc = r.to_json();
  EXPECT_FALSE(doc.contains("undecided"));
  EXPECT_FALSE(doc["circumstances"].contains("open"));
  EXPECT_FALSE(doc["circumstances"].contains("not_answered"));
}

TEST(OpenAnswersFilter, ANotAnsweredListWithIdsIsRefused) {
  cc::circumstances c;
  c.goals = {"stay-active"};
  c.goals_answer = cc::answer_kind::not_answered;
  try {
    (void)cc::catalog::builtin().filter(c);
    FAIL() << "no error";
  } catch (const cc::circumstances_error& e) {
    EXPECT_EQ(e.id(), cc::error_ids::circumstances_bad_answer);
    EXPECT_EQ(e.path(), "/goals/0");
  }
}

// ---- soundness: the oracle enumerates completions -------------------------------------------------

namespace {

/// A catalog's lists: each one's vocabulary ids.
struct vocab {
  std::vector<std::string> ids[3];
};

vocab vocab_of(const cc::catalog& cat) {
  const auto& v = cat.vocabulary();
  vocab out;
  for (const auto& e : v.sites) out.ids[0].push_back(e.id);
  for (const auto& e : v.symptoms) out.ids[1].push_back(e.id);
  for (const auto& e : v.goals) out.ids[2].push_back(e.id);
  return out;
}

constexpr const char* open_list_keys[3] = {"sites", "symptoms", "goals"};

/// The rule data object of three lists (sites counted).
json data_of(const std::vector<std::string> (&lists)[3]) {
  return {{"sites", lists[0]}, {"symptoms", lists[1]}, {"goals", lists[2]}, {"site_count", lists[0].size()}};
}

struct tally {
  std::size_t rules = 0;
  std::size_t states = 0;
  std::size_t completions = 0;
  std::size_t decided = 0;
};

/**
 * For one rule and one state (each list's items, and which lists are open: `open_bits`), the
 * three-valued answer, and test() on every completion: every superset of each open list within
 * its vocabulary, the added ids after the listed ones or (every other completion) before them.
 */
void check_state(const logic::rule& r, const vocab& v, const std::vector<std::string> (&given)[3], unsigned open_bits,
                 const std::string& what, tally& t) {
  std::vector<logic::open_list> open;
  for (unsigned l = 0; l < 3; ++l) {
    if ((open_bits >> l) & 1U) open.push_back({open_list_keys[l], v.ids[l].size(), l == 0 ? "site_count" : ""});
  }
  const json base = data_of(given);
  logic::truth three;
  try {
    three = logic::test_unknown(r, base, {}, open);
  } catch (const cc::error&) {
    return;  // a rule that fails on this data (json-logic-js throws): nothing to compare
  }
  ++t.states;
  // The ids each open list may add.
  std::vector<std::pair<unsigned, std::string>> free;
  for (unsigned l = 0; l < 3; ++l) {
    if (((open_bits >> l) & 1U) == 0) continue;
    for (const auto& id : v.ids[l]) {
      if (std::find(given[l].begin(), given[l].end(), id) == given[l].end()) free.emplace_back(l, id);
    }
  }
  if (three != unknown) ++t.decided;
  for (std::uint64_t pick = 0; pick < (std::uint64_t{1} << free.size()); ++pick) {
    std::vector<std::string> full[3] = {given[0], given[1], given[2]};
    for (std::size_t k = 0; k < free.size(); ++k) {
      if (((pick >> k) & 1U) == 0) continue;
      auto& list = full[free[k].first];
      if (pick % 2 == 1) {
        list.insert(list.begin(), free[k].second);
      } else {
        list.push_back(free[k].second);
      }
    }
    bool two = false;
    try {
      two = logic::test(r, data_of(full));
    } catch (const cc::error&) {
      continue;
    }
    ++t.completions;
    if (three == unknown) continue;
    ASSERT_EQ(three == yes, two) << what << ": decided " << (three == yes ? "true" : "false") << " on " << base.dump()
                                 << " open " << open_bits << ", but the completion " << data_of(full).dump()
                                 << " gives " << two;
  }
}

/// At most this many ids added by the completions of one state (2^this completions).
constexpr std::size_t max_free = 9;

/// Random states (seeded by the rule's text) of `count` draws, each list closed, open or not
/// answered, plus every list not answered and every list open with nothing listed.
void check_rule(const json& when, const vocab& v, const std::string& what, tally& t, int count = 12) {
  std::optional<logic::rule> r;
  try {
    r = logic::compile(when);
  } catch (const cc::error&) {
    return;
  }
  ++t.rules;
  std::mt19937 rng(static_cast<std::uint32_t>(std::hash<std::string>{}(when.dump())));
  for (int k = 0; k <= count; ++k) {
    std::vector<std::string> given[3];
    unsigned open_bits = 0;
    std::size_t free = 0;
    for (unsigned l = 0; l < 3; ++l) {
      // 0 closed, 1 open, 2 not answered; the first state: every list not answered.
      const unsigned kind = k == 0 ? 2U : static_cast<unsigned>(rng() % 3);
      if (kind != 2) {
        for (const auto& id : v.ids[l]) {
          if (rng() % 2 == 0) given[l].push_back(id);
        }
        std::shuffle(given[l].begin(), given[l].end(), rng);
      }
      if (kind != 0) {
        open_bits |= 1U << l;
        free += v.ids[l].size() - given[l].size();
      }
    }
    if (free > max_free) {
      if (k == 0) {  // too many completions for all three at once: each list alone
        for (unsigned l = 0; l < 3; ++l) check_state(*r, v, given, 1U << l, what, t);
      }
      continue;
    }
    check_state(*r, v, given, open_bits, what, t);
  }
}

/// Every JSON file under `dir` that loads as a catalog.
std::vector<std::pair<std::string, cc::catalog>> catalogs_under(const std::filesystem::path& dir) {
  std::vector<std::pair<std::string, cc::catalog>> out;
  if (!std::filesystem::exists(dir)) return out;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    try {
      out.emplace_back(file.string(), cc::catalog::from_file(file.string()));
    } catch (const cc::error&) {  // corpora hold invalid catalogs and other documents too
    }
  }
  return out;
}

}  // namespace

TEST(OpenAnswersSoundness, EveryRuleOfEveryCatalog) {
  const std::filesystem::path root(CARECOMPARE_SOURCE_DIR);
  std::vector<std::pair<std::string, cc::catalog>> catalogs{
      {"builtin", cc::catalog::builtin()},
      {"overlay", cc::catalog::from_value(carecompare_test::overlay_catalog_json())}};
  for (const char* dir : {"data/catalogs", "fuzz/corpus/catalog", "fuzz/corpus/c_api", "tests/data"}) {
    for (auto& c : catalogs_under(root / dir)) catalogs.push_back(std::move(c));
  }
  ASSERT_GE(catalogs.size(), 6u);
  tally t;
  for (const auto& [name, cat] : catalogs) {
    const vocab v = vocab_of(cat);
    for (const auto& r : cat.rules()) check_rule(r.when, v, name + ": rule " + r.id, t);
  }
  std::cout << "[ open lists ] " << catalogs.size() << " catalogs, " << t.rules << " rules, " << t.states << " states, "
            << t.completions << " completions checked, " << t.decided << " states decided\n";
  EXPECT_GT(t.decided, t.states / 4);  // the property is exercised: many answers are decided
}

TEST(OpenAnswersSoundness, EveryRuleOfTheLogicCorpusAndEveryOperatorFamily) {
  // The fuzz corpus's rules (each file: [rule, data]) and rules reading the lists through every
  // operator family, against the builtin catalog's vocabulary.
  std::vector<json> rules;
  const std::filesystem::path corpus = std::filesystem::path(CARECOMPARE_SOURCE_DIR) / "fuzz/corpus/logic";
  for (const auto& entry : std::filesystem::directory_iterator(corpus)) {
    std::ifstream in(entry.path());
    const json doc = json::parse(in, nullptr, false);
    if (doc.is_array() && !doc.empty()) rules.push_back(doc[0]);
  }
  ASSERT_GE(rules.size(), 10u);
  logic::set_log_sink([](std::string_view) {});  // the corpus's `log` rules
  for (const char* text : {
           R"({"in":["bone",{"var":"sites"}]})",
           R"({"or":[{"in":["pain",{"var":"symptoms"}]},{"!":{"in":["pain",{"var":"symptoms"}]}}]})",
           R"({"and":[{"in":["bone",{"var":"sites"}]},{"!":{"in":["fatigue",{"var":"symptoms"}]}}]})",
           R"({">=":[{"var":"site_count"},2]})",
           R"({"<":[1,{"var":"site_count"},3]})",
           R"({"<=":[1,{"var":"site_count"},3]})",
           R"({"==":[{"var":"site_count"},"1"]})",
           R"({"!==":[{"var":"site_count"},0]})",
           R"({"if":[{">":[{"var":"site_count"},1]},{"in":["pain",{"var":"symptoms"}]},{"var":"goals"}]})",
           R"({"?:":[{"var":"symptoms"},true,false]})",
           R"({"some":[{"var":"goals"},{"==":[{"var":""},"stay-active"]}]})",
           R"({"all":[{"var":"sites"},{"in":[{"var":""},["bone","liver"]]}]})",
           R"({"none":[{"var":"symptoms"},{"==":[{"var":""},"pain"]}]})",
           R"({"in":["liver",{"filter":[{"var":"sites"},{"!=":[{"var":""},"bone"]}]}]})",
           R"({"in":["bone!",{"map":[{"var":"sites"},{"cat":[{"var":""},"!"]}]}]})",
           R"({"in":["pain",{"merge":[{"var":"symptoms"},{"var":"goals"}]}]})",
           R"({"!!":[{"merge":[{"var":"sites"},{"var":"goals"}]}]})",
           R"({"==":[{"reduce":[{"var":"sites"},{"+":[{"var":"accumulator"},1]},0]},2]})",
           R"({"==":[{"var":"sites.0"},"bone"]})",
           R"({"missing":["sites.1"]})",
           R"({"missing_some":[1,["goals.0","symptoms.0"]]})",
           R"({"missing":["sites","site_count"]})",
           R"({"==":[{"cat":[{"var":"sites"}]},"bone"]})",
           R"({"in":["bo",{"cat":[{"var":"sites"}]}]})",
           R"({"==":[{"var":"symptoms.length"},0]})",
           R"({"==":[{"var":{"cat":["site","_count"]}},1]})",
           R"({"or":[{"var":"goals"},{"var":"symptoms"}]})",
           R"({"in":["pain",{"or":[{"var":"symptoms"},["pain"]]}]})",
           R"({"in":["pain",{"and":[{"var":"symptoms"},["x"]]}]})",
           R"({">":[{"max":[{"var":"site_count"},1]},1]})",
           R"({"in":[{"var":"site_count"},[0,1,2,3,4]]})",
           R"({"!":[{"log":{"var":"sites"}}]})",
           R"({"==":[[{"var":"site_count"}],[1]]})",
       }) {
    rules.push_back(json::parse(text));
  }
  const vocab v = vocab_of(cc::catalog::builtin());
  tally t;
  for (const json& when : rules) check_rule(when, v, when.dump(), t, 24);
  logic::set_log_sink(nullptr);
  std::cout << "[ open lists ] " << t.rules << " rules, " << t.states << " states, " << t.completions
            << " completions checked, " << t.decided << " states decided\n";
  EXPECT_GT(t.decided, 0u);
}

// The filter agrees with itself: an option shown with lists open is shown, for the same reasons
// (and maybe more), once the lists are completed, whatever the completion; one not shown stays
// not shown.
TEST(OpenAnswersSoundness, TheFilterNeverDecidesWhatACompletionWouldChange) {
  const auto& cat = cc::catalog::builtin();
  const vocab v = vocab_of(cat);
  std::mt19937 rng(22);
  std::size_t checked = 0;
  for (int trial = 0; trial < 24; ++trial) {
    cc::circumstances c;
    std::vector<std::string> given[3];
    std::vector<std::pair<unsigned, std::string>> free;
    for (unsigned l = 0; l < 3; ++l) {
      const auto kind = static_cast<cc::answer_kind>(rng() % 3);
      if (kind != cc::answer_kind::not_answered) {
        for (const auto& id : v.ids[l]) {
          if (rng() % 2 == 0) given[l].push_back(id);
        }
      }
      if (kind != cc::answer_kind::closed) {
        for (const auto& id : v.ids[l]) {
          if (std::find(given[l].begin(), given[l].end(), id) == given[l].end()) free.emplace_back(l, id);
        }
      }
      (l == 0 ? c.sites_answer : l == 1 ? c.symptoms_answer : c.goals_answer) = kind;
    }
    c.sites = given[0];
    c.symptoms = given[1];
    c.goals = given[2];
    const cc::result r = cat.filter(c);
    for (std::uint64_t pick = 0; pick < (std::uint64_t{1} << free.size()); ++pick) {
      cc::circumstances full;
      std::vector<std::string> lists[3] = {given[0], given[1], given[2]};
      for (std::size_t k = 0; k < free.size(); ++k) {
        if ((pick >> k) & 1U) lists[free[k].first].push_back(free[k].second);
      }
      full.sites = lists[0];
      full.symptoms = lists[1];
      full.goals = lists[2];
      const cc::result then = cat.filter(full);
      ++checked;
      for (const auto& o : r.relevant()) {
        EXPECT_THAT(relevant_ids(then), ::testing::Contains(o.strategy->id)) << c.to_json().dump();
      }
      for (const auto& o : r.not_shown()) {
        for (const auto& shown : then.relevant()) {
          EXPECT_NE(shown.strategy->id, o.strategy->id) << c.to_json().dump() << " then " << full.to_json().dump();
        }
      }
    }
  }
  EXPECT_GT(checked, 24u);
}
