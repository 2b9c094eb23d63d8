// SPDX-License-Identifier: MIT
// Reading a health record (fhir.hpp) and filtering with it, against parsing the same JSON with
// nlohmann/json alone: issue 22's target is read + filter in at most twice the parse.
//
// The record is a FHIR R4 searchset Bundle of 200 resources, generated from a fixed seed so that
// every run reads the same bytes: Conditions coded in SNOMED CT or ICD-10-CM (metastases the
// builtin catalog knows, and other problems it does not), Observations (vital signs, a pain
// score, laboratory results, with dates, units and statuses), and the Patient, Encounters,
// MedicationRequests and Procedures a real patient's search result holds around them.
//
//   build/bench/benchmarks/fhir_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <carecompare/carecompare.hpp>
#include <cstdint>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace {

using nlohmann::json;

/// A small deterministic generator (a 64-bit linear congruential one): the same record every run.
class seeded {
 public:
  explicit seeded(std::uint64_t seed) : state_(seed) {}
  std::uint32_t next() {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::uint32_t>(state_ >> 33);
  }
  std::uint32_t below(std::uint32_t n) { return next() % n; }
  template <class T, std::size_t N>
  const T& pick(const T (&items)[N]) {
    return items[below(static_cast<std::uint32_t>(N))];
  }

 private:
  std::uint64_t state_;
};

struct code {
  const char* system;
  const char* code;
  const char* display;
};

constexpr const char* snomed = "http://snomed.info/sct";
constexpr const char* icd10cm = "http://hl7.org/fhir/sid/icd-10-cm";
constexpr const char* loinc = "http://loinc.org";

const code condition_codes[] = {
    {snomed, "94222008", "Secondary malignant neoplasm of bone"},
    {icd10cm, "C78.7", "Secondary malignant neoplasm of liver and intrahepatic bile duct"},
    {snomed, "254837009", "Malignant neoplasm of breast"},
    {snomed, "38341003", "Hypertensive disorder, systemic arterial"},
    {snomed, "44054006", "Diabetes mellitus type 2"},
    {icd10cm, "E78.5", "Hyperlipidemia, unspecified"},
    {snomed, "22253000", "Pain"},
    {snomed, "84229001", "Fatigue"},
    {snomed, "35489007", "Depressive disorder"},
    {icd10cm, "M81.0", "Age-related osteoporosis without current pathological fracture"},
};

struct measure {
  code what;
  const char* unit;
  double low, high;
  const char* category;
};

const measure observation_codes[] = {
    {{loinc, "8867-4", "Heart rate"}, "/min", 55, 110, "vital-signs"},
    {{loinc, "8480-6", "Systolic blood pressure"}, "mm[Hg]", 100, 160, "vital-signs"},
    {{loinc, "29463-7", "Body weight"}, "kg", 45, 95, "vital-signs"},
    {{loinc, "8310-5", "Body temperature"}, "Cel", 36, 38.5, "vital-signs"},
    {{loinc, "72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported"}, "{score}", 0, 10, "survey"},
    {{loinc, "718-7", "Hemoglobin [Mass/volume] in Blood"}, "g/dL", 9, 15, "laboratory"},
    {{loinc, "2160-0", "Creatinine [Mass/volume] in Serum or Plasma"}, "mg/dL", 0.5, 1.4, "laboratory"},
    {{loinc, "6768-6", "Alkaline phosphatase [Enzymatic activity/volume] in Serum or Plasma"},
     "U/L",
     40,
     300,
     "laboratory"},
};

std::string date_of(seeded& rng) {
  char text[32];
  std::snprintf(text, sizeof text, "2024-%02u-%02uT%02u:%02u:00Z", 1 + rng.below(12), 1 + rng.below(28), rng.below(24),
                rng.below(60));
  return text;
}

json coding_of(const code& c) {
  return {{"coding", {{{"system", c.system}, {"code", c.code}, {"display", c.display}}}}, {"text", c.display}};
}

json condition(seeded& rng, int n) {
  const code& c = rng.pick(condition_codes);
  const char* clinical[] = {"active", "active", "active", "recurrence", "resolved", "inactive"};
  const char* verification[] = {"confirmed", "confirmed", "confirmed", "provisional"};
  return {
      {"resourceType", "Condition"},
      {"id", "condition-" + std::to_string(n)},
      {"meta", {{"lastUpdated", date_of(rng)}}},
      {"clinicalStatus",
       {{"coding",
         {{{"system", "http://terminology.hl7.org/CodeSystem/condition-clinical"}, {"code", rng.pick(clinical)}}}}}},
      {"verificationStatus",
       {{"coding",
         {{{"system", "http://terminology.hl7.org/CodeSystem/condition-ver-status"},
           {"code", rng.pick(verification)}}}}}},
      {"category",
       {{{"coding",
          {{{"system", "http://terminology.hl7.org/CodeSystem/condition-category"},
            {"code", "problem-list-item"},
            {"display", "Problem List Item"}}}}}}},
      {"code", coding_of(c)},
      {"subject", {{"reference", "Patient/example"}}},
      {"onsetDateTime", date_of(rng).substr(0, 10)},
      {"recordedDate", date_of(rng)}};
}

json observation(seeded& rng, int n) {
  const measure& m = rng.pick(observation_codes);
  const char* statuses[] = {"final", "final", "final", "amended", "preliminary"};
  const double value = m.low + (m.high - m.low) * rng.below(1000) / 1000.0;
  const json range = {{"low", {{"value", m.low}, {"unit", m.unit}}}, {"high", {{"value", m.high}, {"unit", m.unit}}}};
  return {{"resourceType", "Observation"},
          {"id", "observation-" + std::to_string(n)},
          {"status", rng.pick(statuses)},
          {"category",
           {{{"coding",
              {{{"system", "http://terminology.hl7.org/CodeSystem/observation-category"}, {"code", m.category}}}}}}},
          {"code", coding_of(m.what)},
          {"subject", {{"reference", "Patient/example"}}},
          {"encounter", {{"reference", "Encounter/encounter-" + std::to_string(rng.below(20))}}},
          {"effectiveDateTime", date_of(rng)},
          {"issued", date_of(rng)},
          {"valueQuantity",
           {{"value", static_cast<double>(static_cast<long long>(value * 10)) / 10},
            {"unit", m.unit},
            {"system", "http://unitsofmeasure.org"},
            {"code", m.unit}}},
          {"referenceRange", json::array({range})}};
}

json other(seeded& rng, int n) {
  switch (rng.below(3)) {
    case 0:
      return {{"resourceType", "Encounter"},
              {"id", "encounter-" + std::to_string(n)},
              {"status", "finished"},
              {"class", {{"system", "http://terminology.hl7.org/CodeSystem/v3-ActCode"}, {"code", "AMB"}}},
              {"subject", {{"reference", "Patient/example"}}},
              {"period", {{"start", date_of(rng)}, {"end", date_of(rng)}}}};
    case 1:
      return {{"resourceType", "MedicationRequest"},
              {"id", "medication-" + std::to_string(n)},
              {"status", "active"},
              {"intent", "order"},
              {"medicationCodeableConcept", {{"text", "A medicine"}}},
              {"subject", {{"reference", "Patient/example"}}},
              {"authoredOn", date_of(rng)},
              {"dosageInstruction", {{{"text", "As directed"}}}}};
    default:
      return {{"resourceType", "Procedure"},
              {"id", "procedure-" + std::to_string(n)},
              {"status", "completed"},
              {"code", coding_of({snomed, "168537006", "Plain radiography"})},
              {"subject", {{"reference", "Patient/example"}}},
              {"performedDateTime", date_of(rng)}};
  }
}

/// The 200-resource searchset Bundle, as compact JSON text.
const std::string& record_text() {
  static const std::string text = [] {
    seeded rng(22);
    json entries = json::array();
    entries.push_back({{"fullUrl", "https://fhir.example.org/r4/Patient/example"},
                       {"resource",
                        {{"resourceType", "Patient"},
                         {"id", "example"},
                         {"gender", "female"},
                         {"birthDate", "1968-04-12"},
                         {"name", {{{"family", "Example"}, {"given", {"Pat"}}}}}}},
                       {"search", {{"mode", "include"}}}});
    for (int n = 1; n < 200; ++n) {
      const std::uint32_t kind = rng.below(10);
      json resource = kind < 3 ? condition(rng, n) : kind < 8 ? observation(rng, n) : other(rng, n);
      const std::string url = "https://fhir.example.org/r4/" + resource["resourceType"].get<std::string>() + "/" +
                              resource["id"].get<std::string>();
      entries.push_back({{"fullUrl", url}, {"resource", std::move(resource)}, {"search", {{"mode", "match"}}}});
    }
    const json bundle = {
        {"resourceType", "Bundle"},
        {"id", "search-result"},
        {"type", "searchset"},
        {"total", 199},
        {"link", {{{"relation", "self"}, {"url", "https://fhir.example.org/r4/Condition?patient=example"}}}},
        {"entry", std::move(entries)}};
    return bundle.dump();
  }();
  return text;
}

void report(benchmark::State& state) {
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * record_text().size()));
  state.counters["bytes"] = static_cast<double>(record_text().size());
}

/// The baseline: parsing the record with nlohmann/json alone.
void parse_nlohmann(benchmark::State& state) {
  const std::string& text = record_text();
  for (auto _ : state) {
    json value = json::parse(text);
    benchmark::DoNotOptimize(value);
  }
  report(state);
}
BENCHMARK(parse_nlohmann)->Name("fhir/parse/nlohmann");

/// Reading alone: the record's answers, evidence, unknown codes and problems.
void read_only(benchmark::State& state) {
  const auto catalog = carecompare::catalog::builtin();
  const std::string& text = record_text();
  for (auto _ : state) {
    auto reading = carecompare::fhir::read(catalog, text);
    benchmark::DoNotOptimize(reading);
  }
  report(state);
}
BENCHMARK(read_only)->Name("fhir/read");

/// Reading, then filtering the builtin catalog with what the record says (fhir::filter(): sites
/// and symptoms open, goals not answered).
void read_and_filter(benchmark::State& state) {
  const auto catalog = carecompare::catalog::builtin();
  const std::string& text = record_text();
  for (auto _ : state) {
    auto both = carecompare::fhir::filter(catalog, text);
    benchmark::DoNotOptimize(both);
  }
  report(state);
}
BENCHMARK(read_and_filter)->Name("fhir/read+filter");

}  // namespace

BENCHMARK_MAIN();
