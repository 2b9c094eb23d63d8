// SPDX-License-Identifier: MIT
// Runs one named input `n` times, for profilers and instruction counts:
//   valgrind --tool=callgrind build/bench/benchmarks/profile logic <case> <mode> <n>
//   valgrind --tool=callgrind build/bench/benchmarks/profile filter <circumstances> <n>
//   valgrind --tool=callgrind build/bench/benchmarks/profile synthetic <strategies> <n>
//   valgrind --tool=callgrind build/bench/benchmarks/profile load <strategies> <n>
//   valgrind --tool=callgrind build/bench/benchmarks/profile cds <body.json> <n>
// logic <mode>: apply (apply(rule, json)), test (test(rule, json)), apply_prepared,
// apply_into (one result written over), test_prepared (on prepared_data, prepared once),
// unknown and unknown_prepared (test_unknown() on the JSON and on a prepared_view, the first key
// the rule reads not known: the three-valued evaluation beside test and test_prepared); with
// CARECOMPARE_PASSES=none in the environment, rules compile without rewrites (or with the passes
// named, e.g. constant_fold,text_set). filter:
// catalog::builtin().filter() with a set of benchmarks/circumstances.json; synthetic: filter on the synthetic catalog
// of that many strategies (benchmarks/bench_common.hpp); load: catalog::from_json of that catalog.
// cds: the CDS Hooks service's handler (src/cds/handler.hpp, auth off) answering a patient-view
// call with that body to the metastatic-breast-cancer service, as `carecompare serve` does after
// reading it from the socket (benchmarks/load/run.py writes such a body).
// benchmarks/callgrind.sh turns two runs (n and 0) into
// instructions per evaluation.
#include <carecompare/carecompare.hpp>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bench_common.hpp"
#ifdef CARECOMPARE_BENCH_CDS
#include "cds_call.hpp"
#endif

namespace cc = carecompare;
namespace logic = carecompare::logic;

namespace {

int run_logic(const std::string& name, const std::string& mode, long n) {
  for (const auto& c : carecompare_bench::load_cases()) {
    if (c.name != name) continue;
    logic::compile_options options;  // CARECOMPARE_PASSES=none: the rule as written (logic::pass)
    if (const char* passes = std::getenv("CARECOMPARE_PASSES"); passes != nullptr) {
      const std::optional<logic::pass> named = logic::passes_from_text(passes);
      if (!named) {
        std::fprintf(stderr, "CARECOMPARE_PASSES: all, none, or names of passes separated by commas\n");
        return 2;
      }
      options.passes = *named;
    }
    const logic::rule r = logic::compile(c.rule, options);
    const logic::prepared_data data(c.data);
    long hits = 0;
    if (mode == "apply") {
      for (long i = 0; i < n; ++i) hits += logic::apply(r, c.data).is_null() ? 0 : 1;
    } else if (mode == "test") {
      for (long i = 0; i < n; ++i) hits += logic::test(r, c.data) ? 1 : 0;
    } else if (mode == "apply_prepared") {
      for (long i = 0; i < n; ++i) hits += logic::apply(r, data).is_null() ? 0 : 1;
    } else if (mode == "apply_into") {
      nlohmann::json result;
      for (long i = 0; i < n; ++i) {
        logic::apply_into(r, data, result);
        hits += result.is_null() ? 0 : 1;
      }
    } else if (mode == "test_prepared") {
      for (long i = 0; i < n; ++i) hits += logic::test(r, data) ? 1 : 0;
    } else if (mode == "unknown" || mode == "unknown_prepared") {
      // test_unknown() with the first key the rule reads not known (none: every key known).
      std::vector<std::string_view> unknown;
      if (!r.keys_read().empty()) unknown.push_back(r.keys_read().front());
      if (mode == "unknown") {
        for (long i = 0; i < n; ++i) hits += logic::test_unknown(r, c.data, unknown) == logic::truth::yes ? 1 : 0;
      } else {
        logic::prepared_builder builder;  // the data as a view: test_unknown() takes views
        builder.start_object(c.data.size());
        for (const auto& [key, value] : c.data.items()) builder.member(key, value);
        const logic::prepared_view view = builder.finish();
        for (long i = 0; i < n; ++i) hits += logic::test_unknown(r, view, unknown) == logic::truth::yes ? 1 : 0;
      }
    } else {
      std::fprintf(stderr, "unknown mode %s\n", mode.c_str());
      return 2;
    }
    std::printf("%ld\n", hits);
    return 0;
  }
  std::fprintf(stderr, "no case %s\n", name.c_str());
  return 2;
}

int run_filter(const std::string& name, long n) {
  for (const auto& [set, json] : carecompare_bench::load_circumstances()) {
    if (set != name) continue;
    const cc::catalog cat = cc::catalog::builtin();
    const cc::circumstances c = cc::circumstances::from_json(json);
    std::size_t shown = 0;
    for (long i = 0; i < n; ++i) shown += cat.filter(c).relevant().size();
    std::printf("%zu\n", shown);
    return 0;
  }
  std::fprintf(stderr, "no circumstances %s\n", name.c_str());
  return 2;
}

int run_synthetic(long strategies, long n, bool load) {
  cc::load_options options;
  options.limits.max_document_bytes = std::size_t{1} << 30;
  const std::string text = carecompare_bench::synthetic_catalog(static_cast<std::size_t>(strategies)).dump();
  if (load) {
    std::size_t count = 0;
    for (long i = 0; i < n; ++i) count += cc::catalog::from_json(text, options).strategies().size();
    std::printf("%zu\n", count);
    return 0;
  }
  const cc::catalog cat = cc::catalog::from_json(text, options);
  const cc::circumstances c = cc::circumstances::from_json(carecompare_bench::synthetic_circumstances());
  std::size_t shown = 0;
  for (long i = 0; i < n; ++i) shown += cat.filter(c).relevant().size();
  std::printf("%zu\n", shown);
  return 0;
}

#ifdef CARECOMPARE_BENCH_CDS
int run_cds(const std::string& body_path, long n) {
  const carecompare_cds::handler service({carecompare_bench::call_catalog()}, {});
  const std::string body = carecompare_bench::read_text(body_path);
  const carecompare_cds::request req = carecompare_bench::patient_view_call(body);
  std::size_t answered = 0;
  for (long i = 0; i < n; ++i) answered += service(req).status == 200 ? 1 : 0;
  std::printf("%zu\n", answered);
  return answered == static_cast<std::size_t>(n) ? 0 : 1;
}
#endif

}  // namespace

int main(int argc, char** argv) {
  const std::string what = argc > 1 ? argv[1] : "";
  if (what == "logic" && argc == 5) return run_logic(argv[2], argv[3], std::atol(argv[4]));
  if (what == "filter" && argc == 4) return run_filter(argv[2], std::atol(argv[3]));
  if ((what == "synthetic" || what == "load") && argc == 4) {
    return run_synthetic(std::atol(argv[2]), std::atol(argv[3]), what == "load");
  }
#ifdef CARECOMPARE_BENCH_CDS
  if (what == "cds" && argc == 4) return run_cds(argv[2], std::atol(argv[3]));
#endif
  std::fprintf(stderr,
               "usage: %s logic <case> <mode> <n> | filter <circumstances> <n> | synthetic <strategies> <n> | "
               "load <strategies> <n> | cds <body.json> <n>\n",
               argv[0]);
  return 2;
}
