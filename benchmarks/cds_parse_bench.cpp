// SPDX-License-Identifier: MIT
// A ceiling for the CDS Hooks service's load benchmark (benchmarks/load/run.py): how many times a
// second nlohmann/json parses a patient-view call's body, on 1 thread and on the service's
// threads. The service parses each call's body and does more (the token, the record, the
// filter, the card, HTTP), so its calls per second stay under this.
// Beside it, where the carecompare_cds target is built: the library's parse_json() of the same
// body (nlohmann's parser behind the library's checks: size, depth, UTF-8), and the service's
// handler answering the whole call without HTTP and without a token (profile's `cds` mode
// counts the same call's instructions).
//
//   build/release/benchmarks/cds_parse_bench BODY.json [--threads=N] [Google Benchmark flags]
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "bench_common.hpp"
#ifdef CARECOMPARE_BENCH_CDS
#include "cds_call.hpp"
#endif

namespace {

std::string body;

void parse_body(benchmark::State& state) {
  for (auto _ : state) {
    auto doc = nlohmann::json::parse(body);
    benchmark::DoNotOptimize(doc);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(body.size()));
}

#ifdef CARECOMPARE_BENCH_CDS
void parse_json_body(benchmark::State& state) {
  for (auto _ : state) {
    auto doc = carecompare::parse_json(body);
    benchmark::DoNotOptimize(doc);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(body.size()));
}

void handler_call(benchmark::State& state) {
  static const carecompare_cds::handler service({carecompare_bench::call_catalog()}, {});
  const carecompare_cds::request req = carecompare_bench::patient_view_call(body);
  for (auto _ : state) {
    auto answer = service(req);
    if (answer.status != 200) {
      state.SkipWithError("the handler did not answer 200");
      break;
    }
    benchmark::DoNotOptimize(answer);
  }
  state.SetItemsProcessed(state.iterations());
}
#endif

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  int threads = 1;
  std::string path;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg.starts_with("--threads=")) {
      threads = std::atoi(argv[i] + 10);
    } else if (path.empty() && !arg.starts_with("--")) {
      path = arg;
    } else {
      std::cerr << "cds_parse_bench: unknown argument " << arg << "\n";
      return 1;
    }
  }
  if (path.empty() || threads < 1) {
    std::cerr << "usage: cds_parse_bench BODY.json [--threads=N] [Google Benchmark flags]\n";
    return 1;
  }
  body = carecompare_bench::read_text(path);
  // Real time: with N threads, items_per_second is the calls all of them parse in a second.
  benchmark::RegisterBenchmark("nlohmann::json::parse", parse_body)->Threads(1)->UseRealTime();
  if (threads > 1) benchmark::RegisterBenchmark("nlohmann::json::parse", parse_body)->Threads(threads)->UseRealTime();
#ifdef CARECOMPARE_BENCH_CDS
  benchmark::RegisterBenchmark("carecompare::parse_json", parse_json_body)->Threads(1)->UseRealTime();
  benchmark::RegisterBenchmark("handler, auth off", handler_call)->Threads(1)->UseRealTime();
  if (threads > 1) benchmark::RegisterBenchmark("handler, auth off", handler_call)->Threads(threads)->UseRealTime();
#endif
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
