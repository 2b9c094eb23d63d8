// SPDX-License-Identifier: MIT
// Circumstances in a URL fragment (circumstances::to_fragment(), from_fragment(), is_fragment()):
// the spelling links carry (`#sites=bone,liver&symptoms=pain&open=symptoms`), read back to the
// same circumstances, and every part a person may have mistyped left out with its id and JSON
// Pointer while the rest still counts.
#include <gtest/gtest.h>

#include <carecompare/catalog.hpp>
#include <carecompare/error.hpp>
#include <carecompare/filter.hpp>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace cc = carecompare;

namespace {

const cc::catalog& knee() {
  static const cc::catalog cat = cc::catalog::from_file(CARECOMPARE_SOURCE_DIR "/tests/data/page/knee.json");
  return cat;
}

/// The left-out parts as "id pointer: message" lines, for readable failures.
std::vector<std::string> left_out(const cc::fragment_reading& r) {
  std::vector<std::string> out;
  for (const auto& d : r.left_out) {
    EXPECT_EQ(d.level, cc::diagnostic::severity::warning);
    out.push_back(std::to_string(d.id) + " " + d.pointer + ": " + d.message);
  }
  return out;
}

cc::circumstances from_json(const char* text) { return cc::circumstances::from_json(nlohmann::json::parse(text)); }

}  // namespace

TEST(Fragment, SpellsTheListsThenHowTheyAnswerThenTheFacts) {
  const auto builtin = cc::catalog::builtin();
  cc::circumstances c;
  c.sites = {"bone", "liver"};
  c.symptoms = {"pain"};
  c.symptoms_answer = cc::answer_kind::open;
  c.goals_answer = cc::answer_kind::not_answered;
  EXPECT_EQ(c.to_fragment(builtin), "sites=bone,liver&symptoms=pain&open=symptoms&not_answered=goals");
  // Closed lists, as links wrote them before open answers: nothing changes.
  c.symptoms_answer = cc::answer_kind::closed;
  c.goals_answer = cc::answer_kind::closed;
  EXPECT_EQ(c.to_fragment(builtin), "sites=bone,liver&symptoms=pain");
  EXPECT_EQ(cc::circumstances{}.to_fragment(builtin), "");
  // An open list without ids still says so.
  cc::circumstances open_sites;
  open_sites.sites_answer = cc::answer_kind::open;
  EXPECT_EQ(open_sites.to_fragment(builtin), "open=sites");
}

TEST(Fragment, FactsComeInDeclarationOrderTypedAndPercentEncoded) {
  const auto c = from_json(R"({"sites": ["left-knee"], "facts": {
      "colors": ["green", "blue"], "items": ["p,q", "r & s"], "note": "x & y = z, #1 +\u00fc 100%",
      "phase": "second", "score": -1.5e-7, "daily": false}})");
  EXPECT_EQ(c.to_fragment(knee()),
            "sites=left-knee&facts.daily=false&facts.score=-1.5e-07&facts.phase=second"
            "&facts.note=x%20%26%20y%20%3D%20z%2C%20%231%20%2B%C3%BC%20100%25&facts.items=p%2Cq,r%20%26%20s"
            "&facts.colors=green,blue");
  // A number JSON writes with "+" keeps it ("+" alone reads as a space); null is not stated.
  const auto big = from_json(R"({"facts": {"score": 1e300, "daily": null, "items": []}})");
  EXPECT_EQ(big.to_fragment(knee()), "facts.score=1e%2B300&facts.items=");
  const auto read = cc::circumstances::from_fragment("facts.score=1e%2B300&facts.items=", knee());
  EXPECT_EQ(read.answers.facts, nlohmann::json::parse(R"({"score": 1e300, "items": []})"));
  EXPECT_TRUE(read.left_out.empty());
}

TEST(Fragment, RefusesWhatTheCatalogRefusesAsFilterDoes) {
  const auto builtin = cc::catalog::builtin();
  cc::circumstances c;
  c.sites = {"bone", "lungs"};
  try {
    (void)c.to_fragment(builtin);
    FAIL() << "an unknown id was written";
  } catch (const cc::circumstances_error& e) {
    EXPECT_EQ(e.id(), cc::error_ids::circumstances_unknown_id);
    EXPECT_EQ(e.path(), "/sites/1");
  }
  const auto fact = from_json(R"({"facts": {"score": "ten"}})");
  EXPECT_THROW((void)fact.to_fragment(knee()), cc::circumstances_error);
}

TEST(Fragment, ReadsBackWhatItWrites) {
  // Random circumstances of the test catalog: every list state, every fact type, texts with
  // the characters the spelling uses (& = , + % #) and UTF-8.
  std::mt19937 rng(22);
  const auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
  const std::vector<std::string> texts = {
      "a", "p,q", "x & y = z", "+1 %20", "#anchor", "\u00fc\u4e2d\U0001F600", " ", "", "a+b", "semi;colon/slash?q"};
  const auto& vocabulary = knee().vocabulary();
  for (int round = 0; round < 500; ++round) {
    cc::circumstances c;
    const std::vector<cc::vocabulary_entry>* lists[] = {&vocabulary.sites, &vocabulary.symptoms, &vocabulary.goals};
    std::vector<std::string>* stated[] = {&c.sites, &c.symptoms, &c.goals};
    cc::answer_kind* answers[] = {&c.sites_answer, &c.symptoms_answer, &c.goals_answer};
    for (std::size_t l = 0; l < 3; ++l) {
      *answers[l] = static_cast<cc::answer_kind>(pick(3));
      if (*answers[l] == cc::answer_kind::not_answered) continue;
      for (const auto& entry : *lists[l]) {
        if (pick(2) == 0) stated[l]->push_back(entry.id);
      }
    }
    if (pick(2) == 0) c.facts["daily"] = pick(2) == 0;
    if (pick(2) == 0) {
      const double numbers[] = {0, -0.0, 3, -17, 2.5, -1.5e-7, 1e300, 123456789012345.0, 0.1, 9007199254740993.0};
      c.facts["score"] = numbers[pick(std::size(numbers))];
    }
    if (pick(2) == 0) c.facts["score"] = static_cast<std::int64_t>(pick(1000)) - 500;
    if (pick(2) == 0) c.facts["phase"] = std::vector<std::string>{"first", "second", "third"}[pick(3)];
    if (pick(2) == 0) c.facts["note"] = texts[pick(texts.size())];
    if (pick(2) == 0) {
      std::vector<std::string> items;
      for (std::size_t n = pick(4); n > 0; --n) {
        const std::string& t = texts[pick(texts.size())];
        if (!t.empty()) items.push_back(t);  // an empty item is skipped by design
      }
      c.facts["items"] = items;
    }
    if (pick(2) == 0) {
      std::vector<std::string> colors;
      for (const char* color : {"red", "green", "blue"}) {
        if (pick(2) == 0) colors.emplace_back(color);
      }
      c.facts["colors"] = colors;
    }
    const std::string fragment = c.to_fragment(knee());
    const auto read = cc::circumstances::from_fragment(fragment, knee());
    EXPECT_EQ(left_out(read), std::vector<std::string>{}) << fragment;
    EXPECT_EQ(read.answers, c) << fragment << "\n" << read.answers.to_json().dump() << "\n" << c.to_json().dump();
    EXPECT_EQ(read.answers.to_fragment(knee()), fragment);
    EXPECT_EQ(cc::circumstances::is_fragment(fragment), !fragment.empty()) << fragment;
  }
}

TEST(Fragment, ReadsWhatPeopleWrite) {
  const auto builtin = cc::catalog::builtin();
  // "+" is a space, as forms write it; empty items and parts are skipped; keys in any order.
  auto r = cc::circumstances::from_fragment("&goals=stay-active&&sites=,bone,,liver,&symptoms=", builtin);
  EXPECT_EQ(left_out(r), std::vector<std::string>{});
  EXPECT_EQ(r.answers, from_json(R"({"sites": ["bone", "liver"], "goals": ["stay-active"]})"));
  r = cc::circumstances::from_fragment("facts.note=a+b%2Bc&not_answered=goals&open=sites,symptoms&sites=bone", knee());
  EXPECT_EQ(left_out(r).size(), 1U);  // "bone" is not a knee catalog site
  r = cc::circumstances::from_fragment("facts.note=a+b%2Bc&not_answered=goals&open=sites,symptoms&sites=left-knee",
                                       knee());
  EXPECT_EQ(left_out(r), std::vector<std::string>{});
  EXPECT_EQ(r.answers, from_json(R"({"sites": ["left-knee"], "open": ["sites", "symptoms"],
                                     "not_answered": ["goals"], "facts": {"note": "a b+c"}})"));
  // A string fact's text is never typed: "true" and "3" stay texts.
  r = cc::circumstances::from_fragment("facts.note=true&facts.phase=first", knee());
  EXPECT_EQ(r.answers.facts, nlohmann::json::parse(R"({"note": "true", "phase": "first"})"));
  // Percent-encoded keys of facts, lower-case hex.
  r = cc::circumstances::from_fragment("facts.%6eote=%c3%bc", knee());
  EXPECT_EQ(r.answers.facts, nlohmann::json::parse(R"({"note": "\u00fc"})"));
}

TEST(Fragment, LeavesOutWhatCannotBeUsedAndSaysWhere) {
  const auto builtin = cc::catalog::builtin();
  const auto r = cc::circumstances::from_fragment(
      "sites=bone,lungs,bone,%E2%82&colour=red&symptoms=pain&symptoms=fatigue&open=symptom,goals"
      "&not_answered=goals&goals=stay-active&facts.x=1&main",
      builtin);
  EXPECT_EQ(left_out(r), (std::vector<std::string>{
                             "310 /sites/3: \"%E2%82\" is not percent-encoded UTF-8 text",
                             "301 /sites/1: unknown sites id \"lungs\"; allowed: bone, liver, lung, brain (did you "
                             "mean \"lung\"?)",
                             "305 /sites/2: sites id \"bone\" is listed twice",
                             "310 /colour: \"colour\" is not an answer; the keys are sites, symptoms, goals, open, "
                             "not_answered, and facts.<fact id>",
                             "310 /symptoms: \"symptoms\" is given twice; the first is used",
                             "309 /open/0: \"symptom\" is not a list; expected sites, symptoms, goals (did you mean "
                             "\"symptoms\"?)",
                             "309 /not_answered/0: the list \"goals\" is named twice in open and not_answered",
                             "306 /facts/x: unknown fact \"x\"; the catalog declares no facts",
                             "310 /main: \"main\" is not an answer; the keys are sites, symptoms, goals, open, "
                             "not_answered, and facts.<fact id>",
                         }));
  EXPECT_EQ(r.answers, from_json(R"({"sites": ["bone"], "symptoms": ["pain"], "goals": ["stay-active"],
                                     "open": ["goals"]})"));
  // What is read, the catalog accepts.
  EXPECT_NO_THROW((void)builtin.filter(r.answers));
}

TEST(Fragment, FactsOfTheWrongTypeOrValueAreLeftOutOneByOne) {
  const auto r = cc::circumstances::from_fragment(
      "facts.score=ten&facts.daily=yes&facts.phase=fourth&facts.colors=red,purple,blue&facts.items=&facts.note=ok"
      "&facts.score=3&facts.sites=bone",
      knee());
  const auto lines = left_out(r);
  ASSERT_EQ(lines.size(), 6U) << testing::PrintToString(lines);
  EXPECT_EQ(lines[0].substr(0, 17), "307 /facts/score:");
  EXPECT_EQ(lines[1].substr(0, 17), "307 /facts/daily:");
  EXPECT_EQ(lines[2].substr(0, 17), "308 /facts/phase:");
  EXPECT_EQ(lines[3].substr(0, 20), "308 /facts/colors/1:");
  EXPECT_EQ(lines[4], "310 /facts/score: \"facts.score\" is given twice; the first is used");
  EXPECT_EQ(lines[5].substr(0, 17), "304 /facts/sites:");
  EXPECT_EQ(r.answers.facts, nlohmann::json::parse(R"({"colors": ["red", "blue"], "items": [], "note": "ok"})"));
  // A number in JSON's syntax only, and finite.
  for (const char* text : {"1e999", "0x10", "+3", "01", "1.", ".5", "NaN", "Infinity", "3%20", "-"}) {
    const auto n = cc::circumstances::from_fragment(std::string("facts.score=") + text, knee());
    EXPECT_EQ(n.answers.facts, nlohmann::json::object()) << text;
    ASSERT_EQ(n.left_out.size(), 1U) << text;
    EXPECT_EQ(n.left_out[0].id, cc::error_ids::circumstances_fact_type) << text;
  }
}

TEST(Fragment, ANotAnsweredListListsNothingWhateverTheOrder) {
  const auto r = cc::circumstances::from_fragment("goals=stay-active&not_answered=goals", cc::catalog::builtin());
  EXPECT_EQ(left_out(r), std::vector<std::string>{"309 /goals/0: goals is not answered, so it cannot list ids"});
  EXPECT_EQ(r.answers, from_json(R"({"not_answered": ["goals"]})"));
}

TEST(Fragment, ALongFragmentIsNotRead) {
  std::string fragment = "sites=bone";
  fragment.resize(cc::circumstances::max_fragment_bytes, ',');
  EXPECT_EQ(cc::circumstances::from_fragment(fragment, cc::catalog::builtin()).answers.sites,
            std::vector<std::string>{"bone"});
  fragment += ',';
  const auto r = cc::circumstances::from_fragment(fragment, cc::catalog::builtin());
  EXPECT_EQ(r.answers, cc::circumstances{});
  EXPECT_EQ(left_out(r), std::vector<std::string>{"310 : the fragment is not read: it is longer than 16384 bytes "
                                                  "(16385)"});
}

TEST(Fragment, NeverThrowsAndGivesAnswersTheCatalogAccepts) {
  // Random texts over the spelling's own characters and a few others.
  std::mt19937 rng(2212);
  const std::string alphabet = "sitemptomgoalnswrd_.f&=,+%2CFE8x0-\xC3\xBC\xFF#";
  const std::vector<std::string> words = {"sites=",    "symptoms=", "goals=", "open=",   "not_answered=",
                                          "facts.",    "score=",    "daily=", "colors=", "bone",
                                          "left-knee", "red",       "&",      ","};
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const std::size_t n = std::uniform_int_distribution<std::size_t>(0, 40)(rng);
    for (std::size_t i = 0; i < n; ++i) {
      if (rng() % 3 == 0) {
        text += words[rng() % words.size()];
      } else {
        text += alphabet[rng() % alphabet.size()];
      }
    }
    for (const cc::catalog* cat : {&knee()}) {
      cc::fragment_reading r;
      ASSERT_NO_THROW(r = cc::circumstances::from_fragment(text, *cat)) << text;
      EXPECT_NO_THROW((void)cat->filter(r.answers)) << text;
      EXPECT_NO_THROW((void)r.answers.to_fragment(*cat)) << text;
    }
  }
}

TEST(Fragment, TellsAnswersFromAnAnchor) {
  for (const char* answers : {"sites=bone", "x=1&symptoms=", "open=sites", "not_answered=goals", "facts.score=3",
                              "facts.", "main&goals=stay-active"}) {
    EXPECT_TRUE(cc::circumstances::is_fragment(answers)) << answers;
  }
  for (const char* other : {"", "main", "sites", "section-2", "sitesx=1", "top&bottom", "open", "fact.score=3"}) {
    EXPECT_FALSE(cc::circumstances::is_fragment(other)) << other;
  }
}
