// SPDX-License-Identifier: MIT
// Shared by the benchmarks: the named inputs (case files, circumstance sets), a seeded
// generator of synthetic catalogs, and a heap-usage probe. Not part of the library.
#ifndef CARECOMPARE_BENCH_COMMON_HPP
#define CARECOMPARE_BENCH_COMMON_HPP

#include <malloc.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace carecompare_bench {

using nlohmann::json;

/// The folder holding cases/ and circumstances.json: $CARECOMPARE_BENCH_DIR, else the source's.
inline std::filesystem::path bench_dir() {
  if (const char* env = std::getenv("CARECOMPARE_BENCH_DIR"); env != nullptr && *env != '\0') return env;
  return CARECOMPARE_BENCH_SOURCE_DIR;
}

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// One JsonLogic case of benchmarks/cases/: a rule, the data it runs on, the expected result.
struct logic_case {
  std::string name;
  json rule;
  json data;
  json expected;
};

/// Every case file, in file-name order.
inline std::vector<logic_case> load_cases() {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(bench_dir() / "cases")) {
    if (e.path().extension() == ".json") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<logic_case> out;
  for (const auto& f : files) {
    const json j = json::parse(read_text(f));
    out.push_back({j.at("name").get<std::string>(), j.at("rule"), j.at("data"), j.at("expected")});
  }
  return out;
}

/// Named circumstance sets for the filter on the builtin catalog (benchmarks/circumstances.json).
inline std::vector<std::pair<std::string, json>> load_circumstances() {
  const json j = json::parse(read_text(bench_dir() / "circumstances.json"));
  std::vector<std::pair<std::string, json>> out;
  for (const auto& c : j) out.emplace_back(c.at("name").get<std::string>(), c.at("circumstances"));
  return out;
}

/// Bytes of heap in use (glibc: all arenas plus mmapped blocks).
inline std::size_t heap_in_use() {
  const struct mallinfo2 m = mallinfo2();
  return m.uordblks + m.hblkhd;
}

/// splitmix64: a tiny seeded generator whose sequence is the same on every platform (the
/// standard distributions are not), so synthetic catalogs are the same everywhere.
class random {
 public:
  explicit random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31U);
  }
  /// Uniform in [0, n) (n small: the modulo bias is irrelevant here).
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }

 private:
  std::uint64_t state_;
};

inline const std::vector<std::string>& synthetic_sites() {
  static const std::vector<std::string> v = {"bone", "liver",       "lung",   "brain",
                                             "skin", "lymph-nodes", "pleura", "peritoneum"};
  return v;
}
inline const std::vector<std::string>& synthetic_symptoms() {
  static const std::vector<std::string> v = {"pain",   "fatigue", "reduced-mobility", "anxiety",
                                             "nausea", "dyspnea", "insomnia",         "appetite-loss",
                                             "cough",  "edema",   "neuropathy",       "depression"};
  return v;
}
inline const std::vector<std::string>& synthetic_goals() {
  static const std::vector<std::string> v = {
      "control-growth",         "relieve-symptoms", "stay-active",  "emotional-wellbeing",
      "explore-new-treatments", "stay-home",        "keep-working", "family-time"};
  return v;
}

/**
 * A synthetic catalog of `n` strategies and `n` rules, the same for a given `n` and seed.
 * Rules are drawn from the shapes real catalogs use (a goal or symptom in a list, `some` over
 * sites, site_count, declared facts, `and`/`or`/`!` of those); rule i shows strategy i and up
 * to two others, and one rule in ten also hides one. Facts: age (number), ecog (number),
 * prior_trial (boolean), stage (string with values), receptors (string-list with values).
 */
inline json synthetic_catalog(std::size_t n, std::uint64_t seed = 20260101) {
  random rnd(seed ^ (n * 0x100000001B3ULL));
  const auto& sites = synthetic_sites();
  const auto& symptoms = synthetic_symptoms();
  const auto& goals = synthetic_goals();
  auto vocabulary = [](const std::vector<std::string>& ids) {
    json out = json::array();
    for (const auto& id : ids) {
      std::string label = id;
      std::replace(label.begin(), label.end(), '-', ' ');
      label[0] = static_cast<char>(label[0] - 'a' + 'A');
      out.push_back({{"id", id}, {"label", label}});
    }
    return out;
  };
  json doc = {
      {"format", "carecompare.catalog/1"},
      {"id", "synthetic-" + std::to_string(n)},
      {"title", "Synthetic catalog of " + std::to_string(n) + " strategies"},
      {"condition", "Synthetic condition for benchmarks"},
      {"locale", "en"},
      {"version", "1.0.0"},
      {"published", "2026-01-01"},
      {"last_reviewed", "2026-01-01"},
      {"disclaimer", "Synthetic data for benchmarks. Not medical advice."},
      {"sources", json::array({{{"id", "synthetic-source"}, {"title", "Generated by benchmarks/bench_common.hpp"}},
                               {{"id", "second-source"}, {"title", "A second generated source"}}})},
      {"vocabulary", {{"sites", vocabulary(sites)}, {"symptoms", vocabulary(symptoms)}, {"goals", vocabulary(goals)}}},
      {"facts",
       json::array({{{"id", "age"}, {"type", "number"}, {"label", "Age"}, {"description", "Age in years"}},
                    {{"id", "ecog"}, {"type", "number"}, {"label", "ECOG"}, {"description", "Performance status"}},
                    {{"id", "prior_trial"},
                     {"type", "boolean"},
                     {"label", "Prior trial"},
                     {"description", "Took part in a trial before"}},
                    {{"id", "stage"},
                     {"type", "string"},
                     {"label", "Stage"},
                     {"description", "Stage at diagnosis"},
                     {"values", {"1", "2", "3", "4"}}},
                    {{"id", "receptors"},
                     {"type", "string-list"},
                     {"label", "Receptors"},
                     {"description", "Positive receptors"},
                     {"values", {"er", "pr", "her2"}}}})},
      {"columns", json::array({{{"field", "name"}, {"label", "Care Strategy"}},
                               {{"field", "purpose"}, {"label", "Purpose"}},
                               {{"field", "use_cases"}, {"label", "Common Use Cases"}}})},
  };
  static const char* kinds[] = {"treatment", "supportive", "lifestyle", "monitoring", "research"};
  static const char* scopes[] = {"systemic", "local", "whole-person"};
  json strategies = json::array();
  for (std::size_t i = 0; i < n; ++i) {
    const std::string k = std::to_string(i);
    json s = {{"id", "strategy-" + k},
              {"name", "Strategy " + k},
              {"kind", kinds[rnd.below(5)]},
              {"scope", scopes[rnd.below(3)]},
              {"purpose", "Purpose of strategy " + k + ": helps with " + symptoms[rnd.below(symptoms.size())]},
              {"use_cases",
               {"Used when " + sites[rnd.below(sites.size())] + " is involved",
                "Considered for " + goals[rnd.below(goals.size())]}},
              {"sources", {"synthetic-source"}}};
    if (rnd.below(2) == 0) s["benefits"] = {"May help with " + symptoms[rnd.below(symptoms.size())]};
    if (rnd.below(3) == 0) s["care_team"] = {"Oncologist", "Nurse"};
    strategies.push_back(std::move(s));
  }
  doc["strategies"] = std::move(strategies);

  auto leaf = [&]() -> json {
    switch (rnd.below(9)) {
      case 0: return {{"in", {goals[rnd.below(goals.size())], {{"var", "goals"}}}}};
      case 1:
      case 2: return {{"in", {symptoms[rnd.below(symptoms.size())], {{"var", "symptoms"}}}}};
      case 3: {
        json pair = json::array({sites[rnd.below(sites.size())], sites[rnd.below(sites.size())]});
        if (pair[0] == pair[1]) pair.erase(1);
        return {{"some", {{{"var", "sites"}}, {{"in", {{{"var", ""}}, pair}}}}}};
      }
      case 4: return {{">=", {{{"var", "site_count"}}, 1 + rnd.below(3)}}};
      case 5: return {{">=", {{{"var", "age"}}, 18 + 10 * rnd.below(5)}}};
      case 6: return {{"<=", {{{"var", "ecog"}}, rnd.below(4)}}};
      case 7: return {{"==", {{{"var", "stage"}}, std::to_string(1 + rnd.below(4))}}};
      default: return {{"in", {sites[rnd.below(sites.size())], {{"var", "sites"}}}}};
    }
  };
  json rules = json::array();
  for (std::size_t i = 0; i < n; ++i) {
    json when;
    switch (rnd.below(6)) {
      case 0:
      case 1: when = leaf(); break;
      case 2: when = {{"and", {leaf(), leaf()}}}; break;
      case 3: when = {{"or", {leaf(), leaf()}}}; break;
      case 4: when = {{"and", {leaf(), {{"!", {{"var", "prior_trial"}}}}}}}; break;
      default: when = {{"or", {{{"and", {leaf(), leaf()}}}, leaf()}}}; break;
    }
    json show = json::array({"strategy-" + std::to_string(i)});
    for (std::size_t extra = rnd.below(3); extra > 0; --extra) {
      const std::string id = "strategy-" + std::to_string(rnd.below(n));
      if (std::find(show.begin(), show.end(), id) == show.end()) show.push_back(id);
    }
    json r = {{"id", "rule-" + std::to_string(i)},
              {"description", "Synthetic rule " + std::to_string(i)},
              {"when", std::move(when)},
              {"show", std::move(show)},
              {"reason", "Shown because synthetic rule " + std::to_string(i) + " matched."}};
    if (rnd.below(10) == 0 && n > 1) {
      const std::size_t hidden = (i + 1 + rnd.below(n - 1)) % n;
      r["hide"] = {"strategy-" + std::to_string(hidden)};
    }
    if (rnd.below(4) == 0) r["weight"] = 1 + rnd.below(3);
    rules.push_back(std::move(r));
  }
  doc["rules"] = std::move(rules);
  return doc;
}

/// Circumstances for synthetic catalogs: a typical query (two sites, two symptoms, a goal, facts).
inline json synthetic_circumstances() {
  return {{"sites", {"bone", "liver"}},
          {"symptoms", {"pain", "fatigue"}},
          {"goals", {"relieve-symptoms"}},
          {"facts", {{"age", 58}, {"ecog", 1}, {"prior_trial", false}, {"stage", "4"}, {"receptors", {"er"}}}}};
}

}  // namespace carecompare_bench

#endif  // CARECOMPARE_BENCH_COMMON_HPP
