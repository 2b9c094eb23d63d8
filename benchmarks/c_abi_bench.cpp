// SPDX-License-Identifier: MIT
// The C ABI's filter call against the C++ filter it wraps, on the builtin catalog (bone, pain):
// the JSON path is the web's (bindings/js calls carecompare_filter through WebAssembly).
//   c_abi/cpp_filter            catalog::filter()
//   c_abi/cpp_filter_to_json    catalog::filter() then result::to_json() (the DOM)
//   c_abi/cpp_filter_dump       ... then dump(2): the C ABI's work without its parse
//   c_abi/cpp_filter_write      catalog::filter() then detail::result_json(): the text written
//                               directly (src/result_json.hpp), as carecompare_filter does
//   c_abi/cpp_filter_write_compact  ... the compact text, as carecompare_filter_compact does
//   c_abi/c_parse_answers       the general path of the answers' text: parse_json(),
//                               circumstances::from_json()
//   c_abi/c_read_answers        what the C ABI's filter calls take for the usual answers:
//                               the text read directly (src/circumstances.hpp)
//   c_abi/c_filter              carecompare_filter(): parse the circumstances, filter, write JSON
//   c_abi/c_filter_compact      carecompare_filter_compact(): the same, the compact document
//                               (what bindings/js calls)
#include <benchmark/benchmark.h>
#include <carecompare.h>

#include <carecompare/carecompare.hpp>
#include <cstring>
#include <string>

#include "circumstances.hpp"
#include "result_json.hpp"

namespace {

namespace cc = carecompare;

const char* const circumstances_text = R"({"sites": ["bone"], "symptoms": ["pain"]})";

cc::circumstances bone_pain() {
  cc::circumstances c;
  c.sites = {"bone"};
  c.symptoms = {"pain"};
  return c;
}

void cpp_filter(benchmark::State& st) {
  const cc::catalog cat = cc::catalog::builtin();
  const cc::circumstances c = bone_pain();
  for (auto _ : st) benchmark::DoNotOptimize(cat.filter(c));
}

void cpp_filter_to_json(benchmark::State& st) {
  const cc::catalog cat = cc::catalog::builtin();
  const cc::circumstances c = bone_pain();
  for (auto _ : st) benchmark::DoNotOptimize(cat.filter(c).to_json());
}

void cpp_filter_dump(benchmark::State& st) {
  const cc::catalog cat = cc::catalog::builtin();
  const cc::circumstances c = bone_pain();
  for (auto _ : st) benchmark::DoNotOptimize(cat.filter(c).to_json().dump(2));
}

void cpp_filter_write(benchmark::State& st) {
  const cc::catalog cat = cc::catalog::builtin();
  const cc::circumstances c = bone_pain();
  for (auto _ : st) benchmark::DoNotOptimize(cc::detail::result_json(cat.filter(c), 2));
}

void cpp_filter_write_compact(benchmark::State& st) {
  const cc::catalog cat = cc::catalog::builtin();
  const cc::circumstances c = bone_pain();
  for (auto _ : st) benchmark::DoNotOptimize(cc::detail::result_json(cat.filter(c), -1));
}

void c_parse_answers(benchmark::State& st) {
  for (auto _ : st) {
    benchmark::DoNotOptimize(cc::circumstances::from_json(cc::parse_json(circumstances_text)));
  }
}

void c_read_answers(benchmark::State& st) {
  for (auto _ : st) {
    cc::circumstances c;
    if (!cc::detail::simple_circumstances(circumstances_text, c)) {
      st.SkipWithError("not the simple form");
      break;
    }
    benchmark::DoNotOptimize(c);
  }
}

/// Times `call(&out, cat, text, len)`, a C filter call that returns its document's length.
template <class Call>
void c_filter_call(benchmark::State& st, Call call) {
  carecompare_catalog* cat = nullptr;
  if (carecompare_catalog_builtin(&cat) != CARECOMPARE_OK) {
    st.SkipWithError(carecompare_last_error());
    return;
  }
  const std::size_t len = std::strlen(circumstances_text);
  std::size_t bytes = 0;
  for (auto _ : st) {
    char* out = nullptr;
    if (call(&out, bytes, cat, circumstances_text, len) != CARECOMPARE_OK) {
      st.SkipWithError(carecompare_last_error());
      break;
    }
    benchmark::DoNotOptimize(out);
    carecompare_string_free(out);
  }
  st.counters["json_bytes"] = static_cast<double>(bytes);
  carecompare_catalog_free(cat);
}

void c_filter(benchmark::State& st) {
  c_filter_call(st,
                [](char** out, std::size_t& bytes, const carecompare_catalog* cat, const char* text, std::size_t len) {
                  const int status = carecompare_filter(out, cat, text, len);
                  if (status == CARECOMPARE_OK) bytes = std::strlen(*out);
                  return status;
                });
}

void c_filter_compact(benchmark::State& st) {
  c_filter_call(st, [](char** out, std::size_t& bytes, const carecompare_catalog* cat, const char* text,
                       std::size_t len) { return carecompare_filter_compact(out, &bytes, cat, text, len); });
}

}  // namespace

BENCHMARK(cpp_filter)->Name("c_abi/cpp_filter");
BENCHMARK(cpp_filter_to_json)->Name("c_abi/cpp_filter_to_json");
BENCHMARK(cpp_filter_dump)->Name("c_abi/cpp_filter_dump");
BENCHMARK(cpp_filter_write)->Name("c_abi/cpp_filter_write");
BENCHMARK(cpp_filter_write_compact)->Name("c_abi/cpp_filter_write_compact");
BENCHMARK(c_parse_answers)->Name("c_abi/c_parse_answers");
BENCHMARK(c_read_answers)->Name("c_abi/c_read_answers");
BENCHMARK(c_filter)->Name("c_abi/c_filter");
BENCHMARK(c_filter_compact)->Name("c_abi/c_filter_compact");
BENCHMARK_MAIN();
