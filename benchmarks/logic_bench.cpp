// SPDX-License-Identifier: MIT
// JsonLogic apply on the cases of benchmarks/cases/ (each checked against its expected result
// before anything is timed). Benchmarks, per case:
//   logic/apply_prepared/<case>  apply(rule, prepared_data): the engine's native form of data,
//                                the figure compared with the JavaScript engines
//   logic/apply_into/<case>      apply_into(rule, prepared_data, result): apply() writing over
//                                the result of the previous iteration, reusing its storage
//   logic/test_prepared/<case>   test(rule, prepared_data)
//   logic/apply/<case>           apply(rule, nlohmann::json)
//   logic/test/<case>            test(rule, nlohmann::json)
//   logic/prepare/<case>         prepared_data(json): the one-time cost of preparing the data
//                                (a copy of the JSON plus the flat index)
//   logic/compile/<case>         compile(rule)
#include <benchmark/benchmark.h>

#include <carecompare/logic.hpp>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "bench_common.hpp"

namespace {

namespace logic = carecompare::logic;
using carecompare_bench::json;
using carecompare_bench::logic_case;

struct compiled_case {
  logic_case source;
  logic::rule rule;
  logic::prepared_data data;
};

std::vector<compiled_case>& cases() {
  static std::vector<compiled_case> all;
  return all;
}

bool check(const compiled_case& c) {
  bool ok = true;
  auto fail = [&](const char* what, const json& got) {
    std::fprintf(stderr, "case %s: %s gives %s, expected %s\n", c.source.name.c_str(), what, got.dump().c_str(),
                 c.source.expected.dump().c_str());
    ok = false;
  };
  const json got = logic::apply(c.rule, c.source.data);
  if (got != c.source.expected) fail("apply", got);
  if (logic::test(c.rule, c.source.data) != logic::truthy(c.source.expected)) fail("test", !logic::truthy(got));
  const json prepared = logic::apply(c.rule, c.data);
  if (prepared != c.source.expected || prepared.dump() != got.dump()) fail("apply(prepared)", prepared);
  if (logic::test(c.rule, c.data) != logic::truthy(c.source.expected)) fail("test(prepared)", !logic::truthy(got));
  json into = json::array({"a result of another shape"});
  for (int k = 0; k < 2; ++k) {  // over another result, then over its own
    logic::apply_into(c.rule, c.data, into);
    if (into.dump() != got.dump()) fail("apply_into", into);
  }
  return ok;
}

void register_all() {
  for (auto& c : carecompare_bench::load_cases()) {
    logic::rule r = logic::compile(c.rule);
    logic::prepared_data d(c.data);
    cases().push_back({std::move(c), std::move(r), std::move(d)});
  }
  bool ok = true;
  for (const auto& c : cases()) ok = check(c) && ok;
  if (!ok) std::exit(1);
  for (const auto& c : cases()) {
    const compiled_case* p = &c;
    benchmark::RegisterBenchmark(("logic/apply_prepared/" + c.source.name).c_str(), [p](benchmark::State& st) {
      for (auto _ : st) benchmark::DoNotOptimize(logic::apply(p->rule, p->data));
    });
    benchmark::RegisterBenchmark(("logic/apply_into/" + c.source.name).c_str(), [p](benchmark::State& st) {
      json result;
      for (auto _ : st) {
        logic::apply_into(p->rule, p->data, result);
        benchmark::DoNotOptimize(result);
      }
    });
    benchmark::RegisterBenchmark(("logic/test_prepared/" + c.source.name).c_str(), [p](benchmark::State& st) {
      for (auto _ : st) benchmark::DoNotOptimize(logic::test(p->rule, p->data));
    });
    benchmark::RegisterBenchmark(("logic/prepare/" + c.source.name).c_str(), [p](benchmark::State& st) {
      for (auto _ : st) benchmark::DoNotOptimize(logic::prepared_data(p->source.data));
      st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations()) *
                           static_cast<std::int64_t>(p->source.data.dump().size()));
    });
    benchmark::RegisterBenchmark(("logic/apply/" + c.source.name).c_str(), [p](benchmark::State& st) {
      for (auto _ : st) benchmark::DoNotOptimize(logic::apply(p->rule, p->source.data));
    });
    benchmark::RegisterBenchmark(("logic/test/" + c.source.name).c_str(), [p](benchmark::State& st) {
      for (auto _ : st) benchmark::DoNotOptimize(logic::test(p->rule, p->source.data));
    });
    benchmark::RegisterBenchmark(("logic/compile/" + c.source.name).c_str(), [p](benchmark::State& st) {
      for (auto _ : st) benchmark::DoNotOptimize(logic::compile(p->source.rule));
    });
  }
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  register_all();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
