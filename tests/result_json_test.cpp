// SPDX-License-Identifier: MIT
// The result's JSON written directly (src/result_json.hpp, what carecompare_filter and
// carecompare_filter_compact return) against the dump of the result's DOM (result::to_json()):
// byte for byte, for every subset of the builtin catalog's sites with symptoms and goals, for a
// catalog with facts answered and not, for texts that need escaping, and at every indent; the
// compact document against the indented one; the catalog's escaped texts built once, from
// many threads at once.
#include <gtest/gtest.h>

#include <carecompare/catalog.hpp>
#include <carecompare/filter.hpp>
#include <carecompare/translation.hpp>
#include <cstddef>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "result_json.hpp"
#include "util/json_text.hpp"  // json_string(), the escaper the writer uses

#include "catalog_support.hpp"

namespace cc = carecompare;
using nlohmann::json;

using carecompare_test::make;
using carecompare_test::overlay_catalog_json;

namespace {

std::string dom(const cc::result& r, int indent) {
  return r.to_json().dump(indent, ' ', false, json::error_handler_t::replace);
}

void expect_same(const cc::catalog& cat, const cc::circumstances& c) {
  const cc::result r = cat.filter(c);
  for (const int indent : {2, -1, 0, 4}) {
    EXPECT_EQ(cc::detail::result_json(r, indent), dom(r, indent)) << c.to_json().dump() << " indent " << indent;
  }
  // The compact document is the indented one without its whitespace: the same values, the
  // same members in the same order.
  const std::string compact = cc::detail::result_json(r, -1);
  EXPECT_EQ(json::parse(compact), json::parse(cc::detail::result_json(r, 2)));
  EXPECT_EQ(json::parse(cc::detail::result_json(r, 2)).dump(), compact);
}

std::vector<std::vector<std::string>> subsets_of_ids(const std::vector<std::string>& ids) {
  std::vector<std::vector<std::string>> out;
  for (std::size_t mask = 0; mask < (std::size_t{1} << ids.size()); ++mask) {
    std::vector<std::string> s;
    for (std::size_t i = 0; i < ids.size(); ++i) {
      if (mask & (std::size_t{1} << i)) s.push_back(ids[i]);
    }
    out.push_back(s);
  }
  return out;
}

}  // namespace

TEST(ResultJson, BuiltinCatalogEverySubsetOfSites) {
  const cc::catalog cat = cc::catalog::builtin();
  const std::vector<std::vector<std::string>> symptom_sets = {
      {}, {"pain"}, {"fatigue", "anxiety"}, {"pain", "fatigue", "reduced-mobility", "anxiety"}};
  const std::vector<std::vector<std::string>> goal_sets = {
      {}, {"stay-active"}, {"control-growth", "explore-new-treatments", "emotional-wellbeing"}};
  for (const auto& sites : subsets_of_ids({"bone", "liver", "lung", "brain"})) {
    for (const auto& symptoms : symptom_sets) {
      for (const auto& goals : goal_sets) expect_same(cat, make(sites, symptoms, goals));
    }
  }
}

TEST(ResultJson, CatalogWithFactsAnsweredOrNot) {
  const cc::catalog cat = cc::catalog::from_value(overlay_catalog_json());
  const std::vector<json> fact_sets = {
      json::object(),
      {{"pain_score", 2}},
      {{"pain_score", 8.5}, {"walks_daily", true}},
      {{"pain_score", nullptr}, {"treatment_phase", "after"}},
      {{"monitored_elsewhere", true}, {"walks_daily", false}, {"treatment_phase", "during"}, {"pain_score", 3}}};
  for (const auto& facts : fact_sets) {
    for (const auto& sites : subsets_of_ids({"bone", "liver"})) {
      expect_same(cat, make(sites, {}, {}, facts));
      expect_same(cat, make(sites, {"pain"}, {"explore-new-treatments"}, facts));
    }
  }
}

TEST(ResultJson, TranslatedCatalogSaysItsLocaleAndTranslation) {
  const cc::catalog cat = cc::catalog::builtin().with_translation(
      cc::translation::from_file(std::string(CARECOMPARE_TEST_DATA_DIR) + "/translations/es.json"));
  ASSERT_NE(cat.applied_translation(), nullptr);
  for (const auto& sites : subsets_of_ids({"bone", "liver", "brain"})) expect_same(cat, make(sites, {"pain"}, {}));
  EXPECT_EQ(json::parse(cc::detail::result_json(cat.filter(make({"bone"}, {}, {})), 2))["catalog"]["locale"], "es");
}

TEST(ResultJson, TextsThatNeedEscaping) {
  json doc = cc::catalog::builtin().to_json_value();
  // Catalog texts may hold tabs and line breaks, not other control characters (error 219);
  // the stated facts may hold any (they are dumped by nlohmann).
  const std::string hostile = "tab\there \"quoted\" back\\slash nl\n end";
  doc["disclaimer"] = hostile + " disclaimer";
  doc["title"] = "Titre accentu\xc3\xa9 \xf0\x9f\x98\x80 " + hostile;
  for (auto& r : doc["rules"]) {
    r["reason"] = r["reason"].get<std::string>() + " " + hostile;
    r["description"] = "caf\xc3\xa9 " + hostile;
  }
  doc["strategies"][0]["name"] = "</script> & " + hostile;
  // Scores that are not integers, as nlohmann writes doubles.
  doc["rules"][0]["weight"] = 0.1;
  doc["rules"][1]["weight"] = 2.5e-7;
  doc["rules"][2]["weight"] = 1e300;
  const cc::catalog cat = cc::catalog::from_value(doc);
  expect_same(cat, make({"bone"}, {"pain"}, {}));
  expect_same(cat, make({"bone", "liver"}, {}, {"control-growth"}));
  for (const auto& sites : subsets_of_ids({"bone", "liver", "lung", "brain"}))
    expect_same(cat, make(sites, {"pain"}, {}));
  json with_note = overlay_catalog_json();
  with_note["facts"].push_back({{"id", "note"}, {"type", "string"}, {"label", "Note"}, {"description", "Any text"}});
  const cc::catalog with_facts = cc::catalog::from_value(with_note);
  // Texts of every length around the eight bytes read at a time, with the escapes at every spot.
  for (std::size_t len = 0; len < 20; ++len) {
    for (const std::string special : {"\"", "\\", "\t", "\n", "\xc3\xa9", "\xe2\x80\x99", "\xf0\x9f\x98\x80"}) {
      for (std::size_t at = 0; at <= len; ++at) {
        json edited = doc;
        edited["disclaimer"] = "x" + std::string(at, 'a') + special + std::string(len - at, 'b') + "x";
        expect_same(cc::catalog::from_value(edited), make({"bone"}, {}, {}));
      }
    }
  }
  expect_same(with_facts, make({}, {}, {}, {{"note", "\x01\x1f\b\f\r \"\\ \xc3\xa9"}, {"pain_score", 1.5}}));
}

TEST(ResultJson, TextIsEscapedAsNlohmannEscapesIt) {
  // Any bytes, invalid UTF-8 included (a loaded catalog's texts never are: the writer is
  // exact anyway), at every offset around the eight bytes read at a time.
  const std::vector<std::string> specials = {"\x01",
                                             "\x1f",
                                             "\x7f",
                                             "\"",
                                             "\\",
                                             "\xff",
                                             "\xc3",
                                             "\xc3\xa9",
                                             "\xe2\x80",
                                             "\xed\xa0\x80",
                                             "\xf0\x9f\x98\x80",
                                             "\xf4\x90\x80\x80"};
  for (std::size_t len = 0; len < 20; ++len) {
    for (const auto& special : specials) {
      for (std::size_t at = 0; at <= len; ++at) {
        const std::string s = std::string(at, 'a') + special + std::string(len - at, 'b');
        EXPECT_EQ(cc::detail::json_string(s), json(s).dump(-1, ' ', false, json::error_handler_t::replace))
            << len << " " << at;
      }
    }
  }
}

TEST(Sharing, ResultJsonTextsOfACatalogAreEscapedOnceFromManyThreads) {
  // A fresh catalog (no texts escaped yet) used by several threads at once: each gets the
  // document one thread alone gets (the TSan build checks the first use is safe).
  const cc::catalog cat = cc::catalog::from_value(cc::catalog::builtin().to_json_value());
  const cc::circumstances c = make({"bone", "brain"}, {"pain", "anxiety"}, {"stay-active"});
  const std::string expected = dom(cat.filter(c), -1);
  std::vector<std::string> got(4);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < got.size(); ++i) {
    threads.emplace_back([&, i] { got[i] = cc::detail::result_json(cat.filter(c), i % 2 == 0 ? -1 : 2); });
  }
  for (auto& t : threads) t.join();
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i], i % 2 == 0 ? expected : dom(cat.filter(c), 2)) << i;
  }
  EXPECT_EQ(&cc::detail::result_json_texts_of(cat), &cc::detail::result_json_texts_of(cat));
}

TEST(ResultJson, TranslatedCatalogHasItsOwnTexts) {
  const cc::catalog cat = cc::catalog::builtin();
  const cc::catalog es = cat.with_translation(
      cc::translation::from_file(std::string(CARECOMPARE_TEST_DATA_DIR) + "/translations/es.json"));
  const cc::circumstances c = make({"bone"}, {"pain"}, {});
  EXPECT_EQ(cc::detail::result_json(cat.filter(c), -1), dom(cat.filter(c), -1));
  EXPECT_EQ(cc::detail::result_json(es.filter(c), -1), dom(es.filter(c), -1));
  EXPECT_NE(cc::detail::result_json(es.filter(c), -1), cc::detail::result_json(cat.filter(c), -1));
}
