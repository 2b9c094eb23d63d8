// SPDX-License-Identifier: MIT
// The answers read straight from their text (src/circumstances.hpp, what the C ABI's
// filter calls try first) against the general path, circumstances::from_json(parse_json()):
// every text it reads gives the same circumstances, and it declines every text outside its
// simple form, which the general path then reads or refuses with its own error.
#include <gtest/gtest.h>

#include <algorithm>
#include <carecompare/error.hpp>
#include <carecompare/filter.hpp>
#include <carecompare/parse.hpp>
#include <cstddef>
#include <iterator>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/rule_data.hpp"
#include "circumstances.hpp"

namespace cc = carecompare;

namespace {

/// The general path's circumstances as JSON, or "error" when it refuses the text.
std::string general(const std::string& text) {
  try {
    return cc::circumstances::from_json(cc::parse_json(text)).to_json().dump();
  } catch (const cc::error&) {
    return "error";
  }
}

/// Checks that the simple reader reads `text` (`reads`) or declines it, and that what it reads
/// is what the general path reads.
void expect(const std::string& text, bool reads) {
  cc::circumstances c;
  const bool read = cc::detail::simple_circumstances(text, c);
  EXPECT_EQ(read, reads) << text;
  if (read) {
    EXPECT_EQ(c.to_json().dump(), general(text)) << text;
  }
}

}  // namespace

TEST(CircumstancesText, ReadsTheSimpleForm) {
  for (const std::string text : {
           R"({})",
           R"( { } )",
           R"({"sites": ["bone"], "symptoms": ["pain"]})",
           R"({"goals":[],"sites":[],"symptoms":[]})",
           "{\n\t\"sites\" : [ \"bone\" , \"liver\" ] ,\r\n \"goals\": [\"stay-active\"]\n}\n",
           R"({"sites": ["not-in-any-catalog", "bone", "bone"]})",
           R"({"symptoms": ["a b ~ 1"], "sites": [""]})",
       }) {
    expect(text, true);
  }
}

TEST(CircumstancesText, DeclinesEverythingElse) {
  const std::vector<std::string> texts = {
      // Left to the general path, which reads them:
      R"({"facts": {}})",
      R"({"sites": ["bone"], "facts": {"pain_score": 2}})",
      R"({"sites": ["caf\u00e9"]})",
      "{\"sites\": [\"caf\xc3\xa9\"]}",
      R"({"sites": ["a\"b"]})",
      R"({"sites": ["bone"], "sites": ["liver"]})",
      R"({"sites": ["bone"], "open": ["sites"]})",
      R"({"not_answered": ["goals"]})",
      // Refused by the general path, with its errors:
      R"({"colour": []})",
      R"({"sites": "bone"})",
      R"({"sites": [1]})",
      R"({"sites": [null]})",
      R"({"sites": [["bone"]]})",
      R"([])",
      R"("sites")",
      R"()",
      R"(   )",
      R"({"sites": ["bone",]})",
      R"({"sites": ["bone"],})",
      R"({"sites": ["bone"]} x)",
      R"({"sites": ["bone"]}{})",
      R"({"sites": ["bone"])",
      R"({"sites": ["bone)",
      R"({"sites" ["bone"]})",
      R"({sites: ["bone"]})",
      "{\"sites\": [\"bo\tne\"]}",
      std::string("{\"sites\": [\"bo\0ne\"]}", 20),
  };
  for (const std::string& text : texts) expect(text, false);
  // Long texts take the general path and its limits.
  std::string many = R"({"sites": [)";
  for (int i = 0; i < 1000; ++i) many += std::string(i == 0 ? "" : ",") + R"("bone")";
  many += "]}";
  ASSERT_GT(many.size(), cc::detail::simple_circumstances_max_bytes);
  expect(many, false);
}

TEST(CircumstancesText, EveryPrefixOfASimpleText) {
  // Each cut of a simple text is declined (none is a whole JSON document) or, for the whole
  // text, read as the general path reads it.
  const std::string text = R"( {"sites": ["bone", "liver"], "goals": [], "symptoms": ["pain"]} )";
  for (std::size_t n = 0; n < text.size(); ++n) {
    const std::string cut = text.substr(0, n);
    cc::circumstances c;
    const bool read = cc::detail::simple_circumstances(cut, c);
    EXPECT_EQ(read, general(cut) != "error" && cut.find('}') != std::string::npos) << cut;
    if (read) {
      EXPECT_EQ(c.to_json().dump(), general(cut)) << cut;
    }
  }
  expect(text, true);
}

// ---- The one table of the lists (catalog/rule_data.hpp) -----------------------------------------

TEST(CircumstancesLists, TheConstantTheCAbiGivesIsTheTablesKeys) {
  // carecompare_circumstances_lists() (and so the JavaScript face) returns this constant: the
  // lists' keys in the table's order, which are circumstances' keys beside "facts" and the keys
  // of a catalog's vocabulary.
  const auto keys = nlohmann::json::parse(cc::detail::rule_data_lists_json.data());
  nlohmann::json expected = nlohmann::json::array();
  for (const auto& l : cc::detail::rule_data_lists) expected.push_back(std::string(l.key));
  EXPECT_EQ(keys, expected);
  EXPECT_EQ(keys, nlohmann::json::parse(R"(["sites","symptoms","goals"])"));
  nlohmann::json stated = cc::circumstances{}.to_json();
  stated.erase("facts");
  std::vector<std::string> stated_keys;
  for (const auto& [key, value] : stated.items()) stated_keys.push_back(key);
  std::vector<std::string> list_keys = keys.get<std::vector<std::string>>();
  std::sort(list_keys.begin(), list_keys.end());
  EXPECT_EQ(stated_keys, list_keys);
}

TEST(CircumstancesLists, ByKeyIsTheTableInTheOrderOfItsKeys) {
  // The result document writes the lists in this order, nlohmann's.
  std::vector<std::string_view> sorted;
  for (const std::size_t l : cc::detail::rule_data_lists_by_key) sorted.push_back(cc::detail::rule_data_lists[l].key);
  EXPECT_TRUE(std::is_sorted(sorted.begin(), sorted.end()));
  EXPECT_EQ(sorted.size(), std::size(cc::detail::rule_data_lists));
  EXPECT_EQ(std::set<std::string_view>(sorted.begin(), sorted.end()).size(), sorted.size());
}

TEST(CircumstancesLists, AnUnknownKeyListsTheListsAndFacts) {
  try {
    (void)cc::circumstances::from_json(nlohmann::json{{"site", nlohmann::json::array()}});
    FAIL() << "no error";
  } catch (const cc::circumstances_error& e) {
    EXPECT_EQ(e.id(), cc::error_ids::circumstances_unknown_key);
    EXPECT_EQ(e.path(), "/site");
    EXPECT_EQ(e.description(),
              "unknown key \"site\"; expected sites, symptoms, goals, open, not_answered or facts "
              "(did you mean \"sites\"?)");
    EXPECT_EQ(std::string(e.what()),
              "[carecompare.circumstances.303] /site: unknown key \"site\"; expected sites, symptoms, goals, open, "
              "not_answered or facts (did you mean \"sites\"?)");
  }
}

// ---- How a list answers: closed, open, not answered ---------------------------------------------

namespace {

/// The error circumstances::from_json() throws for `text`, as "<id> <path>: <description>".
std::string refusal(const std::string& text) {
  try {
    (void)cc::circumstances::from_json(cc::parse_json(text));
    return "no error";
  } catch (const cc::circumstances_error& e) {
    return std::to_string(e.id()) + " " + e.path() + ": " + std::string(e.description());
  }
}

}  // namespace

TEST(CircumstancesAnswers, OpenAndNotAnsweredNameLists) {
  const auto c = cc::circumstances::from_json(
      cc::parse_json(R"({"sites": ["bone"], "open": ["sites", "symptoms"], "not_answered": ["goals"]})"));
  EXPECT_EQ(c.sites, std::vector<std::string>{"bone"});
  EXPECT_EQ(c.sites_answer, cc::answer_kind::open);
  EXPECT_EQ(c.symptoms_answer, cc::answer_kind::open);
  EXPECT_EQ(c.goals_answer, cc::answer_kind::not_answered);
  // Round trip, and the spelling of to_json().
  EXPECT_EQ(cc::circumstances::from_json(c.to_json()), c);
  EXPECT_EQ(c.to_json().dump(),
            R"({"facts":{},"goals":[],"not_answered":["goals"],"open":["sites","symptoms"],"sites":["bone"],)"
            R"("symptoms":[]})");
  // A list named in neither is closed, as it always was: closed circumstances' JSON is unchanged.
  const auto closed = cc::circumstances::from_json(cc::parse_json(R"({"sites": ["bone"], "open": []})"));
  EXPECT_EQ(closed.sites_answer, cc::answer_kind::closed);
  EXPECT_EQ(closed, cc::circumstances::from_json(cc::parse_json(R"({"sites": ["bone"]})")));
  EXPECT_EQ(closed.to_json().dump(), R"({"facts":{},"goals":[],"sites":["bone"],"symptoms":[]})");
  // Equality sees how a list answers.
  cc::circumstances open = closed;
  open.sites_answer = cc::answer_kind::open;
  EXPECT_NE(open, closed);
}

TEST(CircumstancesAnswers, BadNamesAreRefusedWithTheirPointer) {
  EXPECT_EQ(refusal(R"({"open": ["symptom"]})"),
            "309 /open/0: \"symptom\" is not a list; expected sites, symptoms, goals (did you mean \"symptoms\"?)");
  EXPECT_EQ(refusal(R"({"open": ["sites", "sites"]})"),
            "309 /open/1: the list \"sites\" is named twice in open and not_answered");
  EXPECT_EQ(refusal(R"({"open": ["goals"], "not_answered": ["goals"]})"),
            "309 /open/0: the list \"goals\" is named twice in open and not_answered");
  EXPECT_EQ(refusal(R"({"goals": ["stay-active"], "not_answered": ["goals"]})"),
            "309 /goals/0: goals is not answered, so it cannot list ids");
  EXPECT_EQ(refusal(R"({"open": "sites"})"), "302 /open: open must be an array of list names, got a string");
  EXPECT_EQ(refusal(R"({"not_answered": [3]})"), "302 /not_answered/0: expected a list name, got a number");
  EXPECT_EQ(refusal(R"({"open": ["facts"]})").substr(0, 13), "309 /open/0: ");
  // An open list may be empty: nothing known to be there, maybe something.
  EXPECT_EQ(refusal(R"({"open": ["sites"]})"), "no error");
}

TEST(CircumstancesAnswers, TheCheckRefusesANotAnsweredListWithIds) {
  // Circumstances built in C++ are checked by the filter as their JSON is by from_json().
  cc::circumstances c;
  c.goals = {"stay-active"};
  c.goals_answer = cc::answer_kind::not_answered;
  try {
    cc::detail::check_not_answered_empty(c);
    FAIL() << "no error";
  } catch (const cc::circumstances_error& e) {
    EXPECT_EQ(e.id(), cc::error_ids::circumstances_bad_answer);
    EXPECT_EQ(e.path(), "/goals/0");
  }
  c.goals_answer = static_cast<cc::answer_kind>(7);
  c.goals.clear();
  EXPECT_THROW(cc::detail::check_not_answered_empty(c), cc::circumstances_error);
}
