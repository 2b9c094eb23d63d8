// SPDX-License-Identifier: MIT
// The catalog side: the filter on the builtin catalog, and how load, filter and render scale
// with synthetic catalogs (benchmarks/bench_common.hpp, generated from a fixed seed).
//   filter/builtin/<circumstances>     catalog::filter() per query, named sets of
//                                      benchmarks/circumstances.json
//   filter/facts/<answered>            catalog::filter() on the builtin catalog with the facts
//                                      and rules of tests/data/facts/overlay.json: every fact
//                                      answered, or none (the undecided path, logic::test_unknown)
//   filter/lists/<answers>             catalog::filter() on the builtin catalog for a record's
//                                      answers (bone, liver): lists closed (two-valued), or sites
//                                      and symptoms open and goals not answered (three-valued)
//   scaling/filter/<n>                 one query on n strategies x n rules
//   scaling/load/<n>                   catalog::from_json (parse and decode in one pass, validate,
//                                      compile, check the rules, index); bytes/s of catalog JSON
//                                      (freeing the catalog afterwards is not timed)
//   scaling/load_value/<n>             parse_json + catalog::from_value: the DOM path, for comparison
//   scaling/parse/<n>                  parse_json alone (the part of load that is nlohmann's)
//   scaling/memory/<n>                 heap the loaded catalog holds (counter heap_bytes)
//   render/<format>/<rows>             render() of a table of that many rows
//   table/<rows>                       make_table() of the synthetic catalog
//   limits/<input>                     refusing hostile input, the times tests/limits_test.cpp
//                                      bounds by counting allocations instead: a 100,000-deep
//                                      text (parse_json), a catalog with a 50 MB text, 100,001
//                                      rules (from_value), 100,000 rules with a problem each
// Sizes: CARECOMPARE_BENCH_MAX_N (default 100000) caps n (10k rows for render).
#include <benchmark/benchmark.h>

#include <carecompare/carecompare.hpp>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "bench_common.hpp"

namespace {

namespace cc = carecompare;
using carecompare_bench::json;

cc::load_options big_catalogs() {
  cc::load_options o;
  o.limits.max_document_bytes = std::size_t{1} << 30;
  return o;
}

/// The synthetic catalog of n strategies as JSON text, made once.
const std::string& synthetic_text(std::size_t n) {
  static std::map<std::size_t, std::string> texts;
  auto it = texts.find(n);
  if (it == texts.end()) it = texts.emplace(n, carecompare_bench::synthetic_catalog(n).dump()).first;
  return it->second;
}

/// The synthetic catalog of n strategies, loaded once.
const cc::catalog& synthetic(std::size_t n) {
  static std::map<std::size_t, cc::catalog> catalogs;
  auto it = catalogs.find(n);
  if (it == catalogs.end()) it = catalogs.emplace(n, cc::catalog::from_json(synthetic_text(n), big_catalogs())).first;
  return it->second;
}

void filter_builtin(benchmark::State& st, const cc::circumstances& c) {
  const cc::catalog cat = cc::catalog::builtin();
  for (auto _ : st) benchmark::DoNotOptimize(cat.filter(c));
}

/// The builtin catalog with the declared facts and rules of the tests' overlay.
const cc::catalog& with_facts() {
  static const cc::catalog cat = [] {
    json doc = cc::catalog::builtin().to_json_value();
    const json overlay =
        json::parse(carecompare_bench::read_text(carecompare_bench::bench_dir() / "../tests/data/facts/overlay.json"));
    doc["facts"] = overlay.at("facts");
    for (const auto& r : overlay.at("rules")) doc["rules"].push_back(r);
    return cc::catalog::from_value(doc);
  }();
  return cat;
}

void filter_facts(benchmark::State& st, const json& facts) {
  const cc::catalog& cat = with_facts();
  const cc::circumstances c =
      cc::circumstances::from_json({{"sites", {"bone"}}, {"symptoms", {"pain"}}, {"facts", facts}});
  for (auto _ : st) benchmark::DoNotOptimize(cat.filter(c));
}

void scaling_filter(benchmark::State& st) {
  const auto n = static_cast<std::size_t>(st.range(0));
  const cc::catalog& cat = synthetic(n);
  const cc::circumstances c = cc::circumstances::from_json(carecompare_bench::synthetic_circumstances());
  std::size_t shown = 0;
  for (auto _ : st) {
    const cc::result r = cat.filter(c);
    shown = r.relevant().size();
    benchmark::DoNotOptimize(r);
  }
  st.counters["strategies"] = static_cast<double>(n);
  st.counters["shown"] = static_cast<double>(shown);
  st.counters["ns_per_rule"] = benchmark::Counter(
      static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

/// Loading a synthetic catalog of st.range(0) strategies with `load(text)`, in MB/s of JSON.
template <class Load>
void scaling_load_with(benchmark::State& st, Load load) {
  const auto n = static_cast<std::size_t>(st.range(0));
  const std::string& text = synthetic_text(n);
  for (auto _ : st) {
    auto cat = std::make_unique<cc::catalog>(load(text));
    benchmark::DoNotOptimize(cat);
    st.PauseTiming();  // freeing the catalog is not loading it
    cat.reset();
    st.ResumeTiming();
  }
  st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations()) * static_cast<std::int64_t>(text.size()));
  st.counters["strategies"] = static_cast<double>(n);
  st.counters["json_bytes"] = static_cast<double>(text.size());
}

/// catalog::from_json(), which decodes the text as it parses it.
void scaling_load(benchmark::State& st) {
  scaling_load_with(st, [](const std::string& text) { return cc::catalog::from_json(text, big_catalogs()); });
}

/// The DOM path, for comparison with scaling/load: parse_json() then catalog::from_value(), as
/// an app holding a JSON value loads a catalog.
void scaling_load_value(benchmark::State& st) {
  scaling_load_with(st, [](const std::string& text) {
    return cc::catalog::from_value(cc::parse_json(text, big_catalogs().limits), big_catalogs());
  });
}

void scaling_parse(benchmark::State& st) {
  const auto n = static_cast<std::size_t>(st.range(0));
  const std::string& text = synthetic_text(n);
  for (auto _ : st) benchmark::DoNotOptimize(cc::parse_json(text, big_catalogs().limits));
  st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations()) * static_cast<std::int64_t>(text.size()));
}

void scaling_memory(benchmark::State& st) {
  const auto n = static_cast<std::size_t>(st.range(0));
  const std::string& text = synthetic_text(n);
  std::size_t held = 0;
  for (auto _ : st) {
    const std::size_t before = carecompare_bench::heap_in_use();
    auto cat = std::make_unique<cc::catalog>(cc::catalog::from_json(text, big_catalogs()));
    const std::size_t after = carecompare_bench::heap_in_use();
    held = after > before ? after - before : 0;
    benchmark::DoNotOptimize(cat);
  }
  st.counters["heap_bytes"] = static_cast<double>(held);
  st.counters["bytes_per_strategy"] = static_cast<double>(held) / static_cast<double>(n);
  st.counters["json_bytes"] = static_cast<double>(text.size());
}

void make_table(benchmark::State& st) {
  const auto n = static_cast<std::size_t>(st.range(0));
  const cc::catalog& cat = synthetic(n);
  for (auto _ : st) benchmark::DoNotOptimize(cc::make_table(cat));
  st.counters["rows"] = static_cast<double>(n);
}

void render(benchmark::State& st, cc::table_format format) {
  const auto n = static_cast<std::size_t>(st.range(0));
  const cc::table t = cc::make_table(synthetic(n));
  std::size_t bytes = 0;
  for (auto _ : st) {
    const std::string out = cc::render(t, {format, false, 120});
    bytes = out.size();
    benchmark::DoNotOptimize(out);
  }
  st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations()) * static_cast<std::int64_t>(bytes));
  st.counters["rows"] = static_cast<double>(n);
}

/// Times a refusal: `refuse()` must throw a carecompare::error each time.
template <class Refuse>
void refusal(benchmark::State& st, Refuse refuse) {
  for (auto _ : st) {
    try {
      refuse();
      st.SkipWithError("the input was not refused");
      break;
    } catch (const cc::error& e) {
      benchmark::DoNotOptimize(e.what());
    }
  }
}

/// The builtin catalog with its rules replaced by `rules`, as JSON.
json builtin_with_rules(json rules) {
  json doc = cc::catalog::builtin().to_json_value();
  doc["rules"] = std::move(rules);
  return doc;
}

void register_limits() {
  benchmark::RegisterBenchmark("limits/deep_100000", [](benchmark::State& st) {
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    refusal(st, [&] { (void)cc::parse_json(deep); });
  })->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("limits/text_50MB", [](benchmark::State& st) {
    json doc = cc::catalog::builtin().to_json_value();
    doc["strategies"][2]["purpose"] = std::string(50U << 20, 'x');
    const std::string text = doc.dump();
    refusal(st, [&] { (void)cc::catalog::from_json(text); });
  })->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("limits/rules_100001", [](benchmark::State& st) {
    const json doc = builtin_with_rules(json(std::size_t{100001}, json::object()));
    refusal(st, [&] { (void)cc::catalog::from_value(doc); });
  })->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("limits/bad_rules_100000", [](benchmark::State& st) {
    // Each rule reads a field the rule data object does not have ("site"): a problem each.
    const json rule = json::parse(R"({"description": "d", "when": {"in": ["bone", {"var": "site"}]},
                                      "show": ["nutrition"], "reason": "r"})");
    json rules(std::size_t{100000}, rule);
    for (std::size_t i = 0; i < rules.size(); ++i) rules[i]["id"] = "r" + std::to_string(i);
    const std::string text = builtin_with_rules(std::move(rules)).dump();
    refusal(st, [&] { (void)cc::catalog::from_json(text); });
  })->Unit(benchmark::kMillisecond);
}

void register_all() {
  for (const auto& [name, c] : carecompare_bench::load_circumstances()) {
    const auto circumstances = std::make_shared<cc::circumstances>(cc::circumstances::from_json(c));
    benchmark::RegisterBenchmark(("filter/builtin/" + name).c_str(),
                                 [circumstances](benchmark::State& st) { filter_builtin(st, *circumstances); });
  }
  benchmark::RegisterBenchmark("filter/facts/all-answered", [](benchmark::State& st) {
    filter_facts(
        st, {{"pain_score", 5}, {"walks_daily", true}, {"treatment_phase", "during"}, {"monitored_elsewhere", false}});
  });
  benchmark::RegisterBenchmark("filter/facts/none-answered",
                               [](benchmark::State& st) { filter_facts(st, json::object()); });
  // The same answers, every list closed (the two-valued path) or open (the three-valued one).
  benchmark::RegisterBenchmark("filter/lists/closed", [](benchmark::State& st) {
    filter_builtin(st, cc::circumstances::from_json(json::parse(R"({"sites":["bone","liver"]})")));
  });
  benchmark::RegisterBenchmark("filter/lists/open", [](benchmark::State& st) {
    filter_builtin(st, cc::circumstances::from_json(json::parse(
                           R"({"sites":["bone","liver"],"open":["sites","symptoms"],"not_answered":["goals"]})")));
  });
  long max_n = 100000;
  if (const char* env = std::getenv("CARECOMPARE_BENCH_MAX_N"); env != nullptr && *env != '\0') max_n = std::atol(env);
  std::vector<long> sizes;
  for (long n = 10; n <= max_n; n *= 10) sizes.push_back(n);
  for (const long n : sizes) {
    benchmark::RegisterBenchmark("scaling/filter", scaling_filter)->Arg(n)->Unit(benchmark::kMicrosecond);
  }
  for (const long n : sizes) {
    benchmark::RegisterBenchmark("scaling/load", scaling_load)->Arg(n)->Unit(benchmark::kMillisecond);
  }
  for (const long n : sizes) {
    benchmark::RegisterBenchmark("scaling/load_value", scaling_load_value)->Arg(n)->Unit(benchmark::kMillisecond);
  }
  for (const long n : sizes) {
    benchmark::RegisterBenchmark("scaling/parse", scaling_parse)->Arg(n)->Unit(benchmark::kMillisecond);
  }
  for (const long n : sizes) {
    benchmark::RegisterBenchmark("scaling/memory", scaling_memory)
        ->Arg(n)
        ->Iterations(1)
        ->Unit(benchmark::kMillisecond);
  }
  for (const long n : {10L, 1000L, 10000L}) {
    if (n > max_n) continue;
    benchmark::RegisterBenchmark("table", make_table)->Arg(n)->Unit(benchmark::kMicrosecond);
    for (const auto format : {cc::table_format::markdown, cc::table_format::html, cc::table_format::text,
                              cc::table_format::csv, cc::table_format::json}) {
      benchmark::RegisterBenchmark(("render/" + std::string(cc::to_string(format))).c_str(),
                                   [format](benchmark::State& st) { render(st, format); })
          ->Arg(n)
          ->Unit(benchmark::kMicrosecond);
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  register_all();
  register_limits();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
