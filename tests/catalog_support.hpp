// SPDX-License-Identifier: MIT
// Helpers shared by the tests: mutated copies of the builtin catalog, the catalog with the
// declared facts of tests/data/facts/overlay.json, circumstances in one call, the error a call
// throws. One definition of each: the test files of an executable can share one translation
// unit (tests/CMakeLists.txt), where two helpers of one name in anonymous namespaces collide.
#ifndef CARECOMPARE_TESTS_CATALOG_SUPPORT_HPP
#define CARECOMPARE_TESTS_CATALOG_SUPPORT_HPP

#include <gtest/gtest.h>

#include <carecompare/catalog.hpp>
#include <carecompare/filter.hpp>
#include <carecompare/logic.hpp>
#include <carecompare/parse.hpp>
#include <fstream>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace carecompare_test {

/// The builtin catalog as a JSON value, to mutate.
inline nlohmann::json builtin_json() { return carecompare::catalog::builtin().to_json_value(); }

/// What loading gave: the problems and the count of those left out ("" problems: it loaded).
struct load_outcome {
  std::vector<carecompare::diagnostic> problems;
  std::size_t omitted = 0;
  bool loaded = false;
};

template <class Load>
load_outcome outcome_of(Load&& load) {
  load_outcome out;
  try {
    (void)load();
    out.loaded = true;
  } catch (const carecompare::catalog_error& e) {
    out.problems = e.problems();
    out.omitted = e.omitted();
  }
  return out;
}

/**
 * Check of the two inputs of the one decoder: catalog::from_json() decodes a text as it is
 * parsed, catalog::from_value() decodes its DOM (walked into the same events). Both must give
 * the same problems, in the same order, word for word, whatever the text's key order.
 */
inline void expect_same_outcome(const load_outcome& dom, const load_outcome& text, const std::string& what) {
  EXPECT_EQ(dom.loaded, text.loaded) << what;
  EXPECT_EQ(dom.omitted, text.omitted) << what;
  ASSERT_EQ(dom.problems.size(), text.problems.size()) << what;
  for (std::size_t i = 0; i < dom.problems.size(); ++i) {
    const auto& a = dom.problems[i];
    const auto& b = text.problems[i];
    EXPECT_EQ(a.to_string(), b.to_string()) << what << " problem " << i;
    EXPECT_EQ(a.id, b.id) << what << " problem " << i;
    EXPECT_EQ(a.pointer, b.pointer) << what << " problem " << i;
    EXPECT_EQ(a.level, b.level) << what << " problem " << i;
  }
}

/// Loads the text `text` both ways (parsed to a DOM then from_value(), and from_json()) and
/// checks they agree.
inline void expect_both_paths_agree(const std::string& text, const carecompare::load_options& options = {}) {
  load_outcome dom;
  try {
    const nlohmann::json value = carecompare::parse_json(text, options.limits);
    dom = outcome_of([&] { return carecompare::catalog::from_value(value, options); });
  } catch (const carecompare::parse_error&) {
    return;  // syntax errors: from_json() alone sees the text (tests/parse_test.cpp)
  }
  expect_same_outcome(dom, outcome_of([&] { return carecompare::catalog::from_json(text, options); }), text);
}

/// Loads `doc` expecting a catalog_error; returns its problems (and fails the test if it loads).
/// The same document as text through from_json() must give the same problems.
inline std::vector<carecompare::diagnostic> problems_of(const nlohmann::json& doc,
                                                        const carecompare::load_options& options = {}) {
  const load_outcome dom = outcome_of([&] { return carecompare::catalog::from_value(doc, options); });
  // Values nested too deep are refused before decoding, by from_value() with their JSON Pointer
  // and by from_json() with their line (tests/limits_test.cpp): not compared, nor dumped.
  const bool too_deep = !dom.problems.empty() && dom.problems[0].id == carecompare::error_ids::catalog_too_deep;
  std::string text;
  bool as_text = !too_deep;
  try {
    if (as_text) text = doc.dump();
  } catch (const nlohmann::json::exception&) {
    as_text = false;  // a value JSON text cannot hold (invalid UTF-8): from_value() only
  }
  if (as_text && text.size() <= options.limits.max_document_bytes) {
    expect_same_outcome(dom, outcome_of([&] { return carecompare::catalog::from_json(text, options); }),
                        text.substr(0, 200));
  }
  if (dom.loaded) ADD_FAILURE() << "the catalog loaded, but a catalog_error was expected";
  return dom.problems;
}

/// tests/data/facts/overlay.json: the facts and rules the tests add to the builtin catalog.
inline const nlohmann::json& facts_overlay() {
  static const nlohmann::json doc = [] {
    std::ifstream in(CARECOMPARE_TEST_DATA_DIR "/facts/overlay.json");
    return nlohmann::json::parse(in);
  }();
  return doc;
}

/// The builtin catalog with the overlay's facts and rules appended, as JSON to edit.
inline nlohmann::json overlay_catalog_json() {
  nlohmann::json doc = builtin_json();
  doc["facts"] = facts_overlay()["facts"];
  for (const auto& r : facts_overlay()["rules"]) doc["rules"].push_back(r);
  return doc;
}

/// The option of `options` (a result's relevant(), undecided() or not_shown()) for strategy id
/// `strategy`, or nullptr.
template <class Options>
auto option_of(const Options& options, std::string_view strategy) -> decltype(&*options.begin()) {
  for (const auto& o : options) {
    if (o.strategy->id == strategy) return &o;
  }
  return nullptr;
}

/// The not-shown option of `r` for strategy id `strategy`, or nullptr.
inline const carecompare::not_shown_option* not_shown(const carecompare::result& r, std::string_view strategy) {
  return option_of(r.not_shown(), strategy);
}

/// Runs `f`, expecting it to throw an error of type E; returns it (a test failure naming
/// `input` if nothing is thrown). Allocates nothing beyond what `f` does when E is thrown, so
/// the tests that count allocations can call it.
template <class E, class F>
E failure(F&& f, std::string_view input = {}) {
  try {
    f();
  } catch (const E& e) {
    return e;
  }
  ADD_FAILURE() << "no error was thrown" << (input.empty() ? "" : " for: ") << input.substr(0, 60);
  throw std::runtime_error("no error");
}

/// What parse_json() threw for `text`.
inline carecompare::parse_error parse_failure(std::string_view text, const carecompare::limits& bounds = {}) {
  return failure<carecompare::parse_error>([&] { (void)carecompare::parse_json(text, bounds); }, text);
}

/// logic::test_unknown() on prepared data built member by member from `data` (an object).
inline carecompare::logic::truth test_unknown_prepared(const carecompare::logic::rule& r, const nlohmann::json& data,
                                                       std::span<const std::string_view> unknown,
                                                       std::span<const carecompare::logic::open_list> lists = {}) {
  std::vector<carecompare::logic::prepared_key> keys;
  for (const auto& [key, value] : data.items()) keys.emplace_back(key);
  carecompare::logic::prepared_builder builder;
  builder.start_object(data.size());
  std::size_t k = 0;
  for (const auto& [key, value] : data.items()) builder.member(keys[k++], value);
  return carecompare::logic::test_unknown(r, builder.finish(), unknown, lists);
}

/// Circumstances stating these sites, symptoms, goals and facts.
inline carecompare::circumstances make(std::vector<std::string> sites, std::vector<std::string> symptoms = {},
                                       std::vector<std::string> goals = {},
                                       nlohmann::json facts = nlohmann::json::object()) {
  carecompare::circumstances c;
  c.sites = std::move(sites);
  c.symptoms = std::move(symptoms);
  c.goals = std::move(goals);
  c.facts = std::move(facts);
  return c;
}

}  // namespace carecompare_test

#endif  // CARECOMPARE_TESTS_CATALOG_SUPPORT_HPP
