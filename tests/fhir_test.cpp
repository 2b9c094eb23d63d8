// SPDX-License-Identifier: MIT
// Reading health records (fhir.hpp): the hand-written FHIR R4 records of tests/data/fhir, one per
// rule of the reader, each read in the words of the builtin catalog with the test facts of
// tests/data/facts/fhir.json.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <carecompare/carecompare.hpp>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "catalog_support.hpp"
#include "fhir/date.hpp"

namespace {

using carecompare::fhir::answer;
using carecompare::fhir::reading;
using carecompare::fhir::set_aside_reason;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::string text_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string record_text(const std::string& name) { return text_of(CARECOMPARE_TEST_DATA_DIR "/fhir/" + name); }

/// The builtin catalog with the test facts of tests/data/facts/fhir.json (and their rules).
const carecompare::catalog& coded_catalog() {
  static const carecompare::catalog c = [] {
    nlohmann::json doc = carecompare_test::builtin_json();
    const nlohmann::json overlay = nlohmann::json::parse(text_of(CARECOMPARE_TEST_DATA_DIR "/facts/fhir.json"));
    doc["facts"] = overlay["facts"];
    for (const auto& r : overlay["rules"]) doc["rules"].push_back(r);
    return carecompare::catalog::from_value(doc);
  }();
  return c;
}

/// Reads a record of tests/data/fhir both ways (its text, and its parsed value), which must agree.
reading read_record(const std::string& name) {
  const std::string text = record_text(name);
  reading from_text = carecompare::fhir::read(coded_catalog(), text);
  const reading from_value = carecompare::fhir::read_value(coded_catalog(), nlohmann::json::parse(text));
  EXPECT_EQ(from_text, from_value) << name;
  return from_text;
}

std::vector<std::string> ids_of(const std::vector<answer>& answers) {
  std::vector<std::string> out;
  for (const auto& a : answers) out.push_back(a.id);
  return out;
}

const answer* find(const std::vector<answer>& answers, const std::string& id) {
  for (const auto& a : answers) {
    if (a.id == id) return &a;
  }
  return nullptr;
}

/// "<id> <pointer>" of each problem, to compare at a glance.
std::vector<std::string> problems_of(const reading& r) {
  std::vector<std::string> out;
  for (const auto& p : r.problems()) {
    EXPECT_EQ(p.level, carecompare::diagnostic::severity::warning) << p.to_string();
    out.push_back(std::to_string(p.id) + " " + p.pointer);
  }
  return out;
}

/// "<list>/<id> <reason> <status> <pointer>" of each resource set aside.
std::vector<std::string> set_aside_of(const reading& r) {
  std::vector<std::string> out;
  for (const auto& s : r.set_aside()) {
    out.push_back(s.list + "/" + s.id + " " + std::string(carecompare::fhir::to_string(s.reason)) + " " + s.status +
                  " " + s.source.pointer);
  }
  return out;
}

/// The record_error reading `record` (text) throws; fails the test when none is thrown.
carecompare::record_error error_of(std::string_view record, const carecompare::fhir::read_options& options = {}) {
  try {
    (void)carecompare::fhir::read(coded_catalog(), record, options);
  } catch (const carecompare::record_error& e) {
    return e;
  }
  ADD_FAILURE() << "no record_error for " << record.substr(0, 80);
  return carecompare::record_error(0, "", "");
}

carecompare::record_error error_of_value(const nlohmann::json& record,
                                         const carecompare::fhir::read_options& options = {}) {
  try {
    (void)carecompare::fhir::read_value(coded_catalog(), record, options);
  } catch (const carecompare::record_error& e) {
    return e;
  }
  ADD_FAILURE() << "no record_error for " << record.dump().substr(0, 80);
  return carecompare::record_error(0, "", "");
}

TEST(FhirRead, SearchsetGivesSitesWithTheirEvidence) {
  const reading r = read_record("bone-and-liver.json");
  EXPECT_THAT(ids_of(r.sites()), ElementsAre("bone", "liver"));
  EXPECT_THAT(r.symptoms(), IsEmpty());
  EXPECT_THAT(r.goals(), IsEmpty());
  EXPECT_THAT(r.facts(), IsEmpty());
  EXPECT_EQ(r.resources(), 4U);  // three Conditions and a Patient
  ASSERT_EQ(r.sites()[0].sources.size(), 1U);
  const auto& bone = r.sites()[0].sources[0];
  EXPECT_EQ(bone.resource_type, "Condition");
  EXPECT_EQ(bone.id, "bone-mets");
  EXPECT_EQ(bone.pointer, "/entry/0/resource");
  EXPECT_EQ(bone.coding.system, "http://snomed.info/sct");
  EXPECT_EQ(bone.coding.code, "94222008");
  EXPECT_EQ(bone.coding.display, "Secondary malignant neoplasm of bone");
  EXPECT_EQ(bone.date, "2024-03-01");  // onsetDateTime, before recordedDate
  const auto& liver = r.sites()[1].sources.at(0);
  EXPECT_EQ(liver.coding.system, "http://hl7.org/fhir/sid/icd-10-cm");
  EXPECT_EQ(liver.coding.code, "C78.7");
  EXPECT_EQ(liver.date, "2024-05-20T09:30:00+02:00");
  EXPECT_THAT(r.problems(), IsEmpty());
  EXPECT_THAT(r.set_aside(), IsEmpty());
  ASSERT_EQ(r.unknown_codes().size(), 1U);  // the primary breast cancer
  EXPECT_EQ(r.unknown_codes()[0].code, "254837009");
  EXPECT_EQ(r.unknown_codes()[0].display, "Malignant neoplasm of breast");
  EXPECT_EQ(r.unknown_codes()[0].count, 1U);
}

TEST(FhirRead, ConditionsCountOnlyWithCountingStatuses) {
  const reading r = read_record("condition-statuses.json");
  // active + confirmed, recurrence (no verification), relapse + confirmed, neither status given
  EXPECT_THAT(ids_of(r.sites()), ElementsAre("bone", "liver", "lung", "brain"));
  EXPECT_EQ(r.sites()[1].sources.at(0).date, "2023-10-02");  // onsetPeriod.start
  EXPECT_EQ(r.sites()[2].sources.at(0).date, "2024-01-15");  // recordedDate
  EXPECT_EQ(r.sites()[3].sources.at(0).date, "");
  EXPECT_EQ(r.sites()[3].sources.at(0).coding.display, std::nullopt);
  EXPECT_THAT(r.symptoms(), IsEmpty());
  EXPECT_THAT(set_aside_of(r), ElementsAre("symptoms/pain clinical-status inactive /entry/4/resource",
                                           "symptoms/pain clinical-status remission /entry/5/resource",
                                           "symptoms/pain clinical-status resolved /entry/6/resource",
                                           "symptoms/fatigue verification-status provisional /entry/7/resource",
                                           "symptoms/fatigue verification-status differential /entry/8/resource",
                                           "symptoms/fatigue verification-status unconfirmed /entry/9/resource",
                                           "symptoms/fatigue verification-status refuted /entry/10/resource",
                                           "symptoms/fatigue verification-status entered-in-error /entry/11/resource"));
  EXPECT_THAT(r.problems(), IsEmpty());
}

TEST(FhirRead, TheLatestCountedObservationGivesEachFact) {
  const reading r = read_record("observations.json");
  EXPECT_THAT(ids_of(r.facts()), ElementsAre("pain_score", "walks_daily", "mobility", "living_situation"));
  // 7 on 2024-01-10, 4 on the period ending 2024-02-02, 5 issued 2024-02-05: the last wins; the
  // preliminary 9 and the cancelled one do not count.
  const answer* pain = find(r.facts(), "pain_score");
  ASSERT_NE(pain, nullptr);
  EXPECT_EQ(pain->value, 5);
  ASSERT_EQ(pain->sources.size(), 1U);
  EXPECT_EQ(pain->sources[0].id, "pain-score-phone-call");
  EXPECT_EQ(pain->sources[0].date, "2024-02-05T10:00:00Z");
  EXPECT_EQ(find(r.facts(), "walks_daily")->value, true);  // the later entered-in-error does not count
  EXPECT_EQ(find(r.facts(), "mobility")->value, "walks-with-help");
  EXPECT_EQ(find(r.facts(), "living_situation")->value, "Lives with a partner");
  EXPECT_EQ(r.fact_values(), (nlohmann::json{{"pain_score", 5},
                                             {"walks_daily", true},
                                             {"mobility", "walks-with-help"},
                                             {"living_situation", "Lives with a partner"}}));
  EXPECT_THAT(set_aside_of(r), ElementsAre("facts/pain_score observation-status preliminary /entry/3/resource",
                                           "facts/pain_score observation-status cancelled /entry/4/resource",
                                           "facts/walks_daily observation-status entered-in-error /entry/6/resource"));
  ASSERT_EQ(r.unknown_codes().size(), 1U);
  EXPECT_EQ(r.unknown_codes()[0].code, "8867-4");
  EXPECT_THAT(r.problems(), IsEmpty());
  EXPECT_THAT(r.sites(), IsEmpty());
}

TEST(FhirRead, DataAbsentReasonLeavesTheFactNotAnswered) {
  const reading r = read_record("absent-data.json");
  // An older pain score of 6 does not answer: the latest says the person declined.
  EXPECT_THAT(r.facts(), IsEmpty());
  EXPECT_THAT(set_aside_of(r), ElementsAre("facts/pain_score data-absent asked-declined /entry/1/resource",
                                           "facts/walks_daily data-absent unknown /entry/2/resource"));
  EXPECT_THAT(r.problems(), IsEmpty());
}

TEST(FhirRead, WrongTypesAndUnitsAreProblemsNotAnswers) {
  const reading r = read_record("wrong-types.json");
  EXPECT_THAT(r.facts(), IsEmpty());  // the older pain score of 3 does not answer either
  EXPECT_THAT(problems_of(r),
              ElementsAre("721 /entry/0/resource/valueString", "721 /entry/2/resource/valueQuantity",
                          "722 /entry/3/resource/valueQuantity/code", "724 /entry/4/resource/valueCodeableConcept"));
  EXPECT_THAT(r.problems()[0].message, ::testing::HasSubstr("valueQuantity"));
  EXPECT_THAT(r.problems()[2].message, ::testing::HasSubstr("\"[mi_i]\""));
}

TEST(FhirRead, UnknownCodesAreCountedBySystemAndCode) {
  const reading r = read_record("unknown-codes.json");
  ASSERT_THAT(ids_of(r.sites()), ElementsAre("bone"));
  const auto& bone = r.sites()[0].sources.at(0);
  EXPECT_EQ(bone.id, "bone-mets-two-codings");
  EXPECT_EQ(bone.coding.display, "Metastatic malignant neoplasm to bone");  // the record's display
  EXPECT_EQ(bone.date, "2024-03");
  std::vector<std::string> unknown;
  for (const auto& u : r.unknown_codes()) unknown.push_back(u.system + "|" + u.code + " " + std::to_string(u.count));
  // Most used first, then by system and code. The OID spelling of ICD-10-CM in a Condition that
  // names bone is not counted: that Condition names something the catalog knows.
  EXPECT_THAT(unknown, ElementsAre("http://snomed.info/sct|254837009 2", "http://hl7.org/fhir/sid/icd-10-cm|C50.911 1",
                                   "http://hl7.org/fhir/sid/icd-10-cm|C79.52 1", "http://snomed.info/sct|422587007 1"));
  EXPECT_EQ(r.unknown_codes()[0].display, "Malignant neoplasm of breast");
}

TEST(FhirRead, PrefetchObjectWithANullKey) {
  const reading r = read_record("prefetch.json");
  ASSERT_THAT(ids_of(r.sites()), ElementsAre("bone"));
  EXPECT_EQ(r.sites()[0].sources.at(0).pointer, "/conditions/entry/0/resource");
  ASSERT_THAT(ids_of(r.symptoms()), ElementsAre("pain"));
  EXPECT_EQ(r.symptoms()[0].sources.at(0).pointer, "/conditions/entry/1/resource");
  EXPECT_EQ(r.symptoms()[0].sources.at(0).date, "2024-04-02");
  EXPECT_EQ(r.resources(), 3U);  // the Patient and two Conditions; "observations" is null
}

TEST(FhirRead, EveryInputForm) {
  const reading single = read_record("single-condition.json");
  ASSERT_THAT(ids_of(single.sites()), ElementsAre("brain"));
  EXPECT_EQ(single.sites()[0].sources.at(0).pointer, "");
  EXPECT_EQ(single.resources(), 1U);

  const reading array = read_record("resource-array.json");
  EXPECT_THAT(ids_of(array.sites()), ElementsAre("lung"));
  EXPECT_THAT(ids_of(array.symptoms()), ElementsAre("fatigue"));
  EXPECT_EQ(array.symptoms()[0].sources.at(0).pointer, "/1");
  EXPECT_EQ(array.resources(), 3U);  // an Encounter, skipped silently

  const reading transaction = read_record("transaction.json");
  EXPECT_THAT(ids_of(transaction.sites()), ElementsAre("bone", "lung"));
  EXPECT_EQ(transaction.sites()[0].sources.at(0).id, "");  // a resource to create has no id yet
  EXPECT_EQ(transaction.resources(), 2U);                  // the DELETE entry holds none
  EXPECT_THAT(transaction.problems(), IsEmpty());

  const reading document = read_record("document.json");
  EXPECT_THAT(ids_of(document.sites()), ElementsAre("liver"));
  EXPECT_THAT(ids_of(document.symptoms()), ElementsAre("fatigue"));
  EXPECT_EQ(document.resources(), 4U);

  // A Bundle inside a Bundle is read too.
  const nlohmann::json searchset = nlohmann::json::parse(record_text("bone-and-liver.json"));
  const nlohmann::json nested = {
      {"resourceType", "Bundle"}, {"type", "collection"}, {"entry", {{{"resource", searchset}}}}};
  const reading inner = carecompare::fhir::read_value(coded_catalog(), nested);
  EXPECT_THAT(ids_of(inner.sites()), ElementsAre("bone", "liver"));
  EXPECT_EQ(inner.sites()[0].sources.at(0).pointer, "/entry/0/resource/entry/0/resource");

  // Empty forms read nothing.
  for (const char* empty : {"[]", "{}", R"({"resourceType": "Bundle", "type": "searchset", "total": 0})"}) {
    const reading none = carecompare::fhir::read(coded_catalog(), std::string_view(empty));
    EXPECT_EQ(none.resources(), 0U) << empty;
    EXPECT_THAT(none.sites(), IsEmpty()) << empty;
  }
}

TEST(FhirRead, BrokenResourcesAreSkippedAndListed) {
  const reading r = read_record("broken-resources.json");
  EXPECT_THAT(ids_of(r.sites()), ElementsAre("lung"));
  EXPECT_THAT(problems_of(r),
              ElementsAre("720 /entry/0/resource", "720 /entry/1/resource/code", "720 /entry/2/resource"));
  EXPECT_THAT(r.problems()[1].message, ::testing::HasSubstr("\"Liver metastases\""));
  EXPECT_THAT(r.facts(), IsEmpty());
}

TEST(FhirRead, DatesAreOrderedAcrossZonesAndPrecisions) {
  const reading r = read_record("dates.json");
  // 23:30 in New York is 04:30 UTC the next day: later than 01:00 UTC and 02:00 UTC.
  const answer* pain = find(r.facts(), "pain_score");
  ASSERT_NE(pain, nullptr);
  EXPECT_EQ(pain->value, 8);
  EXPECT_EQ(pain->sources.at(0).id, "pain-score-new-york-evening");
  // "2024-02" and "2024-02-10" cannot be ordered, and they disagree: not answered.
  EXPECT_EQ(find(r.facts(), "walks_daily"), nullptr);
  EXPECT_THAT(problems_of(r), ElementsAre("725 /entry/3/resource"));
  EXPECT_THAT(r.problems()[0].message, ::testing::HasSubstr("/entry/4/resource (2024-02-10) gives false"));
  // An undated Observation comes before every dated one.
  EXPECT_EQ(find(r.facts(), "living_situation")->value, "Lives with a partner");
}

TEST(FhirRead, CodesMatchExactly) {
  nlohmann::json condition = nlohmann::json::parse(record_text("single-condition.json"));
  for (const auto& [system, code] :
       std::vector<std::pair<std::string, std::string>>{{"http://hl7.org/fhir/sid/icd-10-cm/", "C79.31"},
                                                        {"http://hl7.org/fhir/sid/icd-10-cm", "c79.31"},
                                                        {"http://hl7.org/fhir/sid/icd-10-cm", "C79.31 "},
                                                        {"http://hl7.org/fhir/sid/icd-10-cm", "C7931"}}) {
    condition["code"]["coding"][0]["system"] = system;
    condition["code"]["coding"][0]["code"] = code;
    const reading r = carecompare::fhir::read_value(coded_catalog(), condition);
    EXPECT_THAT(r.sites(), IsEmpty()) << system << " " << code;
    ASSERT_EQ(r.unknown_codes().size(), 1U);
    EXPECT_EQ(r.unknown_codes()[0].code, code);
  }
}

TEST(FhirRead, ValuesThroughValueCodesAndTheirLimits) {
  const auto observation = [](const std::string& fact_code, nlohmann::json value) {
    nlohmann::json o = {
        {"resourceType", "Observation"},
        {"status", "final"},
        {"code", {{"coding", {{{"system", "http://example.org/carecompare/test-facts"}, {"code", fact_code}}}}}},
        {"effectiveDateTime", "2024-02-01"}};
    o.update(value);
    return o;
  };
  const auto answers = [](const nlohmann::json& codes) {
    nlohmann::json coding = nlohmann::json::array();
    for (const auto& c : codes)
      coding.push_back({{"system", "http://example.org/carecompare/test-answers"}, {"code", c}});
    return nlohmann::json{{"valueCodeableConcept", {{"coding", coding}}}};
  };
  // A string-list fact: each value once, in the record's order; two codes of one value give it once.
  reading r = carecompare::fhir::read_value(coded_catalog(),
                                            observation("recent-treatments", answers({"rt", "chemo", "radiotherapy"})));
  ASSERT_EQ(r.facts().size(), 1U);
  EXPECT_EQ(r.facts()[0].value, (nlohmann::json{"radiation", "chemotherapy"}));
  // Codes of two values of a one-value fact: not answered.
  r = carecompare::fhir::read_value(coded_catalog(), observation("mobility", answers({"alone", "with-help"})));
  EXPECT_THAT(r.facts(), IsEmpty());
  EXPECT_THAT(problems_of(r), ElementsAre("724 /valueCodeableConcept"));
  // A valueString must be one of a string fact's values.
  r = carecompare::fhir::read_value(coded_catalog(), observation("mobility", {{"valueString", "runs"}}));
  EXPECT_THAT(problems_of(r), ElementsAre("724 /valueString"));
  r = carecompare::fhir::read_value(coded_catalog(), observation("mobility", {{"valueString", "bed-bound"}}));
  EXPECT_EQ(r.fact_values(), (nlohmann::json{{"mobility", "bed-bound"}}));
  // A number from valueInteger, or with a comparator, is not a number of the catalog's.
  nlohmann::json distance = observation("walking-distance", {{"valueInteger", 2}});
  EXPECT_THAT(problems_of(carecompare::fhir::read_value(coded_catalog(), distance)), ElementsAre("721 /valueInteger"));
  distance =
      observation("walking-distance",
                  {{"valueQuantity",
                    {{"value", 2}, {"comparator", "<"}, {"system", "http://unitsofmeasure.org"}, {"code", "km"}}}});
  EXPECT_THAT(problems_of(carecompare::fhir::read_value(coded_catalog(), distance)),
              ElementsAre("721 /valueQuantity/comparator"));
  // The right unit code from another system is refused too.
  distance = observation("walking-distance",
                         {{"valueQuantity", {{"value", 2}, {"system", "http://example.org/units"}, {"code", "km"}}}});
  EXPECT_THAT(problems_of(carecompare::fhir::read_value(coded_catalog(), distance)),
              ElementsAre("722 /valueQuantity/system"));
  distance =
      observation("walking-distance",
                  {{"valueQuantity", {{"value", 2.5}, {"system", "http://unitsofmeasure.org"}, {"code", "km"}}}});
  EXPECT_EQ(carecompare::fhir::read_value(coded_catalog(), distance).fact_values(),
            (nlohmann::json{{"walking_distance", 2.5}}));
  // Neither a value nor a reason: broken, skipped.
  EXPECT_THAT(
      problems_of(carecompare::fhir::read_value(coded_catalog(), observation("walks-daily", nlohmann::json::object()))),
      ElementsAre("720 "));
}

TEST(FhirRead, BrokenStatusesAndDatesAreProblems) {
  nlohmann::json condition = nlohmann::json::parse(record_text("single-condition.json"));
  condition["clinicalStatus"]["coding"][0]["code"] = "gone";
  reading r = carecompare::fhir::read_value(coded_catalog(), condition);
  EXPECT_THAT(r.sites(), IsEmpty());
  EXPECT_THAT(problems_of(r), ElementsAre("720 /clinicalStatus"));
  condition = nlohmann::json::parse(record_text("single-condition.json"));
  condition["verificationStatus"] = {{"text", "confirmed"}};
  EXPECT_THAT(problems_of(carecompare::fhir::read_value(coded_catalog(), condition)),
              ElementsAre("720 /verificationStatus"));
  condition = nlohmann::json::parse(record_text("single-condition.json"));
  condition["onsetDateTime"] = "2024-02-30";
  r = carecompare::fhir::read_value(coded_catalog(), condition);
  EXPECT_THAT(ids_of(r.sites()), ElementsAre("brain"));  // counted, undated
  EXPECT_EQ(r.sites()[0].sources.at(0).date, "");
  EXPECT_THAT(problems_of(r), ElementsAre("723 /onsetDateTime"));
  nlohmann::json observation = {{"resourceType", "Observation"},
                                {"status", "final-ish"},
                                {"code", {{"coding", {{{"system", "http://loinc.org"}, {"code", "72514-3"}}}}}},
                                {"valueQuantity", {{"value", 1}}}};
  EXPECT_THAT(problems_of(carecompare::fhir::read_value(coded_catalog(), observation)), ElementsAre("720 /status"));
  observation.erase("status");
  EXPECT_THAT(problems_of(carecompare::fhir::read_value(coded_catalog(), observation)), ElementsAre("720 "));
}

TEST(FhirRead, BadInputIsAnErrorWithItsPlace) {
  auto e = error_of(R"({"resourceType": "Bundle", "entry": [)");
  EXPECT_EQ(e.id(), carecompare::error_ids::fhir_syntax);
  EXPECT_EQ(e.line(), 1U);
  EXPECT_GT(e.column(), 30U);
  EXPECT_THAT(e.what(), ::testing::StartsWith("[carecompare.fhir.701] line 1, column"));
  e = error_of(R"({"sites": ["bone"]})");  // circumstances, not a record
  EXPECT_EQ(e.id(), carecompare::error_ids::fhir_not_fhir);
  EXPECT_EQ(e.path(), "/sites");
  e = error_of(R"({"resourceType": 5})");
  EXPECT_EQ(e.id(), carecompare::error_ids::fhir_not_fhir);
  EXPECT_EQ(e.path(), "");
  EXPECT_THAT(e.what(), ::testing::HasSubstr("not a string"));
  EXPECT_EQ(error_of(R"("Condition")").id(), carecompare::error_ids::fhir_not_fhir);
  e = error_of(R"([{"resourceType": "Condition"}, {"id": "x"}])");
  EXPECT_EQ(e.id(), carecompare::error_ids::fhir_not_fhir);
  EXPECT_EQ(e.path(), "/1");
  e = error_of(R"({"resourceType": "Bundle", "type": "collection", "entry": {"resource": {}}})");
  EXPECT_EQ(e.id(), carecompare::error_ids::fhir_bad_bundle);
  EXPECT_EQ(e.path(), "/entry");
  e = error_of(R"({"resourceType": "Bundle", "type": "collection", "entry": [7]})");
  EXPECT_EQ(e.id(), carecompare::error_ids::fhir_bad_bundle);
  EXPECT_EQ(e.path(), "/entry/0");
  e = error_of(R"({"resourceType": "Bundle", "entry": [{"resource": {"code": {}}}]})");
  EXPECT_EQ(e.id(), carecompare::error_ids::fhir_not_fhir);
  EXPECT_EQ(e.path(), "/entry/0/resource");
  e = error_of(R"({"a/b": {"resourceType": "Bundle", "entry": 1}})");
  EXPECT_EQ(e.path(), "/a~1b/entry");
  // Bounds: size, then depth (as text, with its line; as a value, with its pointer).
  carecompare::fhir::read_options small;
  small.limits.max_document_bytes = 64;
  e = error_of(record_text("single-condition.json"), small);
  EXPECT_EQ(e.id(), carecompare::error_ids::fhir_too_large);
  const std::string deep = std::string(300, '[') + std::string(300, ']');
  e = error_of(deep);
  EXPECT_EQ(e.id(), carecompare::error_ids::fhir_too_deep);
  EXPECT_EQ(e.line(), 1U);
  nlohmann::json value = nlohmann::json::object();
  nlohmann::json* at = &value;
  for (int i = 0; i < 300; ++i) at = &((*at)["a"] = nlohmann::json::object());
  e = error_of_value(value);
  EXPECT_EQ(e.id(), carecompare::error_ids::fhir_too_deep);
  EXPECT_THAT(e.path(), ::testing::StartsWith("/a/a/a"));
  // A file that is not there names itself.
  try {
    (void)carecompare::fhir::read_file(coded_catalog(), CARECOMPARE_TEST_DATA_DIR "/fhir/missing.json");
    ADD_FAILURE() << "no error for a missing file";
  } catch (const carecompare::record_error& error) {
    EXPECT_EQ(error.id(), carecompare::error_ids::fhir_io);
    EXPECT_THAT(error.what(), ::testing::HasSubstr("missing.json"));
  }
  // Errors in a file name the file and keep their place.
  const std::string path = ::testing::TempDir() + "/fhir-bad-bundle.json";
  std::ofstream(path) << R"({"resourceType": "Bundle", "entry": "none"})";
  try {
    (void)carecompare::fhir::read_file(coded_catalog(), path);
    ADD_FAILURE() << "no error for a bad Bundle";
  } catch (const carecompare::record_error& error) {
    EXPECT_EQ(error.id(), carecompare::error_ids::fhir_bad_bundle);
    EXPECT_EQ(error.path(), "/entry");
    EXPECT_THAT(error.what(), ::testing::HasSubstr(path + ": /entry: a Bundle's entry must be an array"));
  }
}

TEST(FhirRead, ProblemsAreBounded) {
  nlohmann::json bundle = {{"resourceType", "Bundle"}, {"type", "collection"}, {"entry", nlohmann::json::array()}};
  for (int i = 0; i < 7; ++i) {
    bundle["entry"].push_back(
        {{"resource", {{"resourceType", "Condition"}, {"subject", {{"reference", "Patient/x"}}}}}});
  }
  carecompare::fhir::read_options options;
  options.limits.max_problems = 2;
  const reading r = carecompare::fhir::read_value(coded_catalog(), bundle, options);
  EXPECT_THAT(problems_of(r), ElementsAre("720 /entry/0/resource", "720 /entry/1/resource"));
  EXPECT_EQ(r.problems_omitted(), 5U);
  EXPECT_EQ(r.to_json()["problems_omitted"], 5);
  EXPECT_EQ(carecompare::fhir::read_value(coded_catalog(), bundle).problems().size(), 7U);
}

TEST(FhirRead, ReadFileReadsWhatReadReads) {
  const reading from_file =
      carecompare::fhir::read_file(coded_catalog(), CARECOMPARE_TEST_DATA_DIR "/fhir/observations.json");
  EXPECT_EQ(from_file, read_record("observations.json"));
}

TEST(FhirRead, ACatalogWithoutCodesReadsNothingButCountsCodes) {
  const carecompare::catalog plain = carecompare::catalog::from_value([] {
    nlohmann::json doc = carecompare_test::builtin_json();
    for (const char* list : {"sites", "symptoms", "goals"}) {
      for (auto& entry : doc["vocabulary"][list]) entry.erase("codes");
    }
    return doc;
  }());
  const reading r = carecompare::fhir::read(plain, record_text("bone-and-liver.json"));
  EXPECT_THAT(r.sites(), IsEmpty());
  EXPECT_EQ(r.unknown_codes().size(), 3U);
  EXPECT_EQ(r.resources(), 4U);
}

TEST(FhirRead, JsonForm) {
  const reading r = read_record("condition-statuses.json");
  const nlohmann::json j = r.to_json();
  EXPECT_EQ(j["sites"][0]["id"], "bone");
  EXPECT_EQ(j["sites"][0]["sources"][0], (nlohmann::json{{"resource_type", "Condition"},
                                                         {"id", "bone-active-confirmed"},
                                                         {"pointer", "/entry/0/resource"},
                                                         {"coding",
                                                          {{"system", "http://snomed.info/sct"},
                                                           {"code", "94222008"},
                                                           {"display", "Secondary malignant neoplasm of bone"}}},
                                                         {"date", "2024-03-01"}}));
  EXPECT_FALSE(j["sites"][3]["sources"][0].contains("date"));
  EXPECT_FALSE(j["sites"][0].contains("value"));
  EXPECT_EQ(j["set_aside"][3]["reason"], "verification-status");
  EXPECT_EQ(j["set_aside"][3]["status"], "provisional");
  EXPECT_EQ(j["set_aside"][3]["list"], "symptoms");
  EXPECT_EQ(j["resources"], 12);
  EXPECT_EQ(j["problems"], nlohmann::json::array());
  const nlohmann::json facts = read_record("observations.json").to_json();
  EXPECT_EQ(facts["facts"][0]["value"], 5);
  EXPECT_EQ(
      facts["unknown_codes"][0],
      (nlohmann::json{{"system", "http://loinc.org"}, {"code", "8867-4"}, {"display", "Heart rate"}, {"count", 1}}));
  const nlohmann::json wrong = read_record("wrong-types.json").to_json();
  EXPECT_EQ(wrong["problems"][0]["id"], carecompare::error_ids::fhir_wrong_value_type);
  EXPECT_EQ(wrong["problems"][0]["pointer"], "/entry/0/resource/valueString");
}

TEST(FhirRead, HostileTextsStayInert) {
  // Texts that look like code or markup are data; invalid UTF-8 in a value built in memory is
  // reported, escaped, never trusted.
  nlohmann::json condition = nlohmann::json::parse(record_text("single-condition.json"));
  condition["id"] = "<script>alert(1)</script>";
  condition["code"]["coding"][0]["display"] = "{{context.patientId}} ${env:HOME}";
  reading r = carecompare::fhir::read_value(coded_catalog(), condition);
  EXPECT_EQ(r.sites().at(0).sources.at(0).id, "<script>alert(1)</script>");
  condition["onsetDateTime"] = std::string("2024-\xff-01");
  r = carecompare::fhir::read_value(coded_catalog(), condition);
  ASSERT_EQ(r.problems().size(), 1U);
  EXPECT_THAT(r.problems()[0].to_string(), ::testing::HasSubstr("\\xFF"));
}

TEST(FhirRead, SummaryInPlainWords) {
  const auto builtin = carecompare::catalog::builtin();
  EXPECT_EQ(carecompare::fhir::read(builtin, record_text("bone-and-liver.json")).summary(builtin),
            "From the health record: Where the cancer has spread: bones (Secondary malignant neoplasm of bone, "
            "2024-03-01) and liver (Secondary malignant neoplasm of liver and intrahepatic bile duct, 2024-05-20).");
  EXPECT_EQ(carecompare::fhir::read(builtin, record_text("condition-statuses.json")).summary(builtin),
            "From the health record: Where the cancer has spread: bones (Secondary malignant neoplasm of bone, "
            "2024-03-01), liver (Secondary malignant neoplasm of liver, 2023-10-02), lungs (Secondary malignant "
            "neoplasm of right "
            "lung, 2024-01-15) and brain (Secondary malignant neoplasm of brain).");  // brain: the catalog's display
  EXPECT_EQ(carecompare::fhir::read(builtin, record_text("prefetch.json")).summary(builtin),
            "From the health record: Where the cancer has spread: bones (Secondary malignant neoplasm of bone, "
            "2024-03-01); Symptoms you have: pain (Pain, 2024-04-02).");
  EXPECT_EQ(read_record("observations.json").summary(coded_catalog()),
            "From the health record: Pain score: 5 (Pain severity - 0-10 verbal numeric rating [Score] - Reported, "
            "2024-02-05); Walks every day: Yes (Walks every day, 2024-02-01); Getting around: walks-with-help "
            "(mobility, 2024-02-01); Living situation: Lives with a partner (living-situation, 2023-12-12).");
  EXPECT_EQ(read_record("absent-data.json").summary(coded_catalog()), "");
  // In the catalog's own words: a catalog that relabels its sites, and its sentences.
  nlohmann::json doc = carecompare_test::builtin_json();
  doc["labels"] = {
      {"from_record", "Dossier : {answers}."}, {"question_sites", "Métastases"}, {"list_and", "{items} et {item}"}};
  doc["locale"] = "fr";
  doc["vocabulary"]["sites"][0]["label"] = "Os";
  doc["vocabulary"]["sites"][1]["label"] = "Foie";
  const auto french = carecompare::catalog::from_value(doc);
  EXPECT_EQ(carecompare::fhir::read(french, record_text("bone-and-liver.json")).summary(french),
            "Dossier : Métastases: Os (Secondary malignant neoplasm of bone, 2024-03-01) et Foie (Secondary "
            "malignant neoplasm of liver and intrahepatic bile duct, 2024-05-20).");
}

TEST(FhirDate, ParsesEveryPrecisionAsASpan) {
  using carecompare::fhir::detail::parse_fhir_date;
  constexpr std::int64_t day = 86'400'000;
  const auto epoch_2024 = 19723 * day;  // 2024-01-01
  EXPECT_EQ(parse_fhir_date("2024")->begin, epoch_2024);
  EXPECT_EQ(parse_fhir_date("2024")->end, epoch_2024 + 366 * day);  // a leap year
  EXPECT_EQ(parse_fhir_date("2024-02")->end - parse_fhir_date("2024-02")->begin, 29 * day);
  EXPECT_EQ(parse_fhir_date("2024-02-10")->end - parse_fhir_date("2024-02-10")->begin, day);
  EXPECT_EQ(parse_fhir_date("2024-01-01T00:00:00Z")->begin, epoch_2024);
  EXPECT_EQ(parse_fhir_date("2024-01-01T01:00:00+01:00")->begin, epoch_2024);
  EXPECT_EQ(parse_fhir_date("2023-12-31T23:00:00-01:00")->begin, epoch_2024);
  EXPECT_EQ(parse_fhir_date("2024-01-01T00:00:00.5Z")->begin, epoch_2024 + 500);
  EXPECT_EQ(parse_fhir_date("2024-01-01T00:00:00.5Z")->end, epoch_2024 + 600);
  EXPECT_EQ(parse_fhir_date("2024-01-01T00:00:00.123456Z")->end, epoch_2024 + 124);
  EXPECT_EQ(parse_fhir_date("2016-12-31T23:59:60Z")->begin, parse_fhir_date("2016-12-31T23:59:59Z")->begin);
  EXPECT_EQ(parse_fhir_date("1969-12-31")->begin, -day);
  EXPECT_TRUE(parse_fhir_date("2024-01-01T00:00:00+14:00"));
  for (const char* bad :
       {"", "24", "0000", "2024-", "2024-13", "2024-00", "2023-02-29", "2024-02-30", "2024-1-01", "2024-01-01T10:00Z",
        "2024-01-01T10:00:00", "2024-01-01T24:00:00Z", "2024-01-01T10:00:00+15:00", "2024-01-01T10:00:00+14:30",
        "2024-01-01T10:00:00.Z", "2024-01-01T10:00:00Zjunk", "2024-01-01 ", "2024/01/01", "T10:00:00Z"}) {
    EXPECT_FALSE(parse_fhir_date(bad)) << bad;
  }
  EXPECT_TRUE(parse_fhir_date("2024-02-06T04:30:00Z")->after(*parse_fhir_date("2024-02-06T01:00:00Z")));
  EXPECT_FALSE(parse_fhir_date("2024-02-10")->after(*parse_fhir_date("2024-02")));
  EXPECT_FALSE(parse_fhir_date("2024-02")->after(*parse_fhir_date("2024-02-10")));
}

}  // namespace

namespace {

TEST(FhirFilter, TheRecordStatesOpenListsAndNotAnsweredOnes) {
  const auto builtin = carecompare::catalog::builtin();
  const reading r = carecompare::fhir::read(builtin, record_text("prefetch.json"));
  const carecompare::circumstances c = r.circumstances(builtin);
  // Sites and symptoms have codes: open lists of what the record names. Goals have none: the
  // record cannot speak of them.
  EXPECT_THAT(c.sites, ElementsAre("bone"));
  EXPECT_EQ(c.sites_answer, carecompare::answer_kind::open);
  EXPECT_THAT(c.symptoms, ElementsAre("pain"));
  EXPECT_EQ(c.symptoms_answer, carecompare::answer_kind::open);
  EXPECT_THAT(c.goals, IsEmpty());
  EXPECT_EQ(c.goals_answer, carecompare::answer_kind::not_answered);
  EXPECT_EQ(c.facts, nlohmann::json::object());
  EXPECT_EQ(c.to_json()["open"], nlohmann::json({"sites", "symptoms"}));
  EXPECT_EQ(c.to_json()["not_answered"], nlohmann::json({"goals"}));
}

TEST(FhirFilter, WhatThePersonAddsClosesTheListsTheyGive) {
  const auto builtin = carecompare::catalog::builtin();
  const reading r = carecompare::fhir::read(builtin, record_text("prefetch.json"));
  carecompare::circumstances added;
  added.symptoms = {"fatigue"};
  added.goals = {"stay-active"};
  const carecompare::circumstances c = r.circumstances(builtin, added);
  EXPECT_THAT(c.sites, ElementsAre("bone"));
  EXPECT_EQ(c.sites_answer, carecompare::answer_kind::open);
  EXPECT_THAT(c.symptoms, ElementsAre("fatigue", "pain"));  // theirs, then the record's
  EXPECT_EQ(c.symptoms_answer, carecompare::answer_kind::closed);
  EXPECT_THAT(c.goals, ElementsAre("stay-active"));
  EXPECT_EQ(c.goals_answer, carecompare::answer_kind::closed);
  // Facts: the person's replace the record's.
  const reading obs = read_record("observations.json");
  carecompare::circumstances said;
  said.facts = {{"pain_score", 2}};
  const carecompare::circumstances f = obs.circumstances(coded_catalog(), said);
  EXPECT_EQ(f.facts["pain_score"], 2);
  EXPECT_EQ(f.facts["walks_daily"], true);
}

TEST(FhirFilter, FilterReadsThenFiltersAndKeepsTheEvidence) {
  const auto builtin = carecompare::catalog::builtin();
  const std::string text = record_text("bone-and-liver.json");
  const carecompare::fhir::record_result both = carecompare::fhir::filter(builtin, text);
  EXPECT_EQ(both.record, carecompare::fhir::read(builtin, text));
  EXPECT_EQ(both.result.stated(), both.record.circumstances(builtin));
  EXPECT_EQ(carecompare::fhir::filter_value(builtin, nlohmann::json::parse(text)).to_json(), both.to_json());
  const nlohmann::json doc = both.to_json();
  EXPECT_EQ(doc["circumstances"]["sites"], nlohmann::json({"bone", "liver"}));
  EXPECT_EQ(both.result.stated().sites_answer, carecompare::answer_kind::open);
  EXPECT_EQ(doc["record"]["sites"][0]["sources"][0]["id"], "bone-mets");
  EXPECT_EQ(doc["record"]["summary"], both.record.summary(builtin));
  EXPECT_EQ(doc["relevant"], both.result.to_json()["relevant"]);
  // A record that is not FHIR is its error, whatever the person adds.
  EXPECT_THROW((void)carecompare::fhir::filter(builtin, R"({"entry": []})"), carecompare::record_error);
  carecompare::circumstances unknown;
  unknown.sites = {"elbow"};
  EXPECT_THROW((void)carecompare::fhir::filter(builtin, text, unknown), carecompare::circumstances_error);
}

TEST(FhirRead, ErrorsSayWhatIsWrongApartFromWhere) {
  const carecompare::record_error e = error_of(R"({"resourceType": "Bundle", "entry": 3})");
  EXPECT_EQ(e.id(), carecompare::error_ids::fhir_bad_bundle);
  EXPECT_EQ(e.path(), "/entry");
  EXPECT_STREQ(e.kind(), "fhir");
  EXPECT_EQ(std::string(e.description()), e.reason());
  const carecompare::record_error syntax = error_of("{\"resourceType\": ");
  EXPECT_EQ(syntax.id(), carecompare::error_ids::fhir_syntax);
  EXPECT_THAT(std::string(syntax.description()), ::testing::StartsWith("line 1, column "));
}

}  // namespace

namespace {

TEST(FhirFilter, BoneAndLiverShowsTheirOptionsAndLeavesTheRestUndecidedNamingTheLists) {
  // Issue 22's case: what the record says decides three options; the options that hang on
  // symptoms or goals, which it does not speak of, stay undecided and name those lists.
  const auto builtin = carecompare::catalog::builtin();
  const auto both = carecompare::fhir::filter(builtin, record_text("bone-and-liver.json"));
  std::vector<std::string> relevant;
  for (const auto& o : both.result.relevant()) relevant.push_back(o.strategy->id);
  EXPECT_THAT(relevant, ::testing::IsSupersetOf({"systemic-therapy", "radiation-therapy", "physical-therapy"}));
  ASSERT_FALSE(both.result.undecided().empty());
  std::vector<std::string> undecided_lists;
  for (const auto& o : both.result.undecided()) {
    EXPECT_FALSE(o.lists.empty()) << o.strategy->id;
    for (const auto l : o.lists) undecided_lists.emplace_back(l);
  }
  EXPECT_THAT(undecided_lists, ::testing::Contains("symptoms"));
  EXPECT_THAT(undecided_lists, ::testing::Contains("goals"));
  for (const auto& o : both.result.not_shown()) {
    // Nothing is "not shown" for an answer the record never gave.
    EXPECT_NE(o.strategy->id, "pain-management");
  }
}

}  // namespace

namespace {

/// The citation of each reason of option `id` in `r` (empty: the option is not shown, or the
/// result is not a record's).
std::vector<std::string> citations(const carecompare::result& r, std::string_view id) {
  for (const auto& o : r.relevant()) {
    if (o.strategy->id != id) continue;
    if (!o.from_record.empty()) {
      EXPECT_EQ(o.from_record.size(), o.reasons.size()) << id;
    }
    return o.from_record;
  }
  return {};
}

TEST(FhirFilter, EachReasonCitesTheRecordAnswersItRestsOn) {
  // Issue 22: "each reason citing the record". Systemic therapy rests on how many sites (both),
  // radiation therapy and physical therapy on the bones only; monitoring on nothing.
  const auto builtin = carecompare::catalog::builtin();
  const auto both = carecompare::fhir::filter(builtin, record_text("bone-and-liver.json"));
  const std::string bones = "bones (Secondary malignant neoplasm of bone, 2024-03-01)";
  const std::string liver = "liver (Secondary malignant neoplasm of liver and intrahepatic bile duct, 2024-05-20)";
  EXPECT_THAT(citations(both.result, "systemic-therapy"),
              ElementsAre("From the health record: Where the cancer has spread: " + bones + " and " + liver + "."));
  EXPECT_THAT(citations(both.result, "radiation-therapy"),
              ElementsAre("From the health record: Where the cancer has spread: " + bones + "."));
  EXPECT_THAT(citations(both.result, "physical-therapy"),
              ElementsAre("From the health record: Where the cancer has spread: " + bones + "."));
  EXPECT_THAT(citations(both.result, "monitoring"), ElementsAre(""));
  // In the result's JSON, beside each reason's text; the same from read_value() and from a
  // reading already read.
  const nlohmann::json doc = both.to_json();
  for (const auto& option : doc["relevant"]) {
    for (const auto& reason : option["reasons"]) {
      EXPECT_EQ(reason.contains("from_record"), option["id"] != "monitoring") << reason.dump();
    }
  }
  EXPECT_EQ(doc["relevant"][0]["reasons"][0]["from_record"],
            citations(both.result, doc["relevant"][0]["id"].get<std::string>())[0]);
  EXPECT_EQ(
      carecompare::fhir::filter_value(builtin, nlohmann::json::parse(record_text("bone-and-liver.json"))).to_json(),
      doc);
  EXPECT_EQ(carecompare::fhir::filter_reading(builtin, both.record).to_json(), doc);
  // In every table: the reason, then where its answers came from.
  const carecompare::table t = carecompare::make_table(both.result);
  const auto why =
      std::find_if(t.columns.begin(), t.columns.end(), [](const auto& c) { return c.field == "why_shown"; });
  ASSERT_NE(why, t.columns.end());
  const auto& row =
      *std::find_if(t.rows.begin(), t.rows.end(), [](const auto& r) { return r.id == "physical-therapy"; });
  EXPECT_THAT(row.cells[static_cast<std::size_t>(why - t.columns.begin())].items,
              ElementsAre("The cancer involves the bones. Physical therapy is often used when it does. From the "
                          "health record: Where the cancer has spread: " +
                          bones + "."));
  // A copy keeps them; a result not from a record has none.
  const carecompare::result copy = both.result;
  EXPECT_EQ(citations(copy, "radiation-therapy"), citations(both.result, "radiation-therapy"));
  EXPECT_THAT(citations(builtin.filter(both.result.stated()), "radiation-therapy"), IsEmpty());
  EXPECT_EQ(builtin.filter(both.result.stated()).to_json()["relevant"][0]["reasons"][0].count("from_record"), 0U);
}

TEST(FhirFilter, AnswersThePersonAddsAreNotCitedAsTheRecords) {
  // The record names the bones; the person says pain. The pain reason rests on the person's
  // answer: no citation. The bones reason still cites the record.
  const auto builtin = carecompare::catalog::builtin();
  carecompare::circumstances added;
  added.symptoms = {"pain"};
  const auto both = carecompare::fhir::filter(builtin, record_text("bone-and-liver.json"), added);
  const auto& pain = *std::find_if(both.result.relevant().begin(), both.result.relevant().end(),
                                   [](const auto& o) { return o.strategy->id == "radiation-therapy"; });
  ASSERT_EQ(pain.reasons.size(), 2U);
  for (std::size_t i = 0; i < pain.reasons.size(); ++i) {
    EXPECT_EQ(pain.from_record[i].empty(), pain.reasons[i]->id == "pain") << pain.reasons[i]->id;
  }
}

TEST(FhirFilter, AFactTheRuleReadsIsCitedWithItsValue) {
  // A rule that reads a site and a fact (tests/data/facts/fhir.json's walks-and-bones): both cited.
  nlohmann::json record = nlohmann::json::array();
  for (const char* name : {"bone-and-liver.json", "observations.json"}) {
    const nlohmann::json bundle = nlohmann::json::parse(record_text(name));
    for (const auto& entry : bundle["entry"]) record.push_back(entry["resource"]);
  }
  const auto both = carecompare::fhir::filter_value(coded_catalog(), record);
  const auto shown = citations(both.result, "physical-activity");
  ASSERT_FALSE(shown.empty());
  EXPECT_THAT(shown, ::testing::Contains("From the health record: Where the cancer has spread: bones (Secondary "
                                         "malignant neoplasm of bone, 2024-03-01); Walks every day: Yes (Walks every "
                                         "day, 2024-02-01)."));
}

TEST(FhirFilter, CitationsSpeakTheCatalogsLabels) {
  nlohmann::json doc = carecompare_test::builtin_json();
  doc["labels"] = {{"from_record", "Dossier : {answers}."}, {"question_sites", "Métastases"}};
  doc["locale"] = "fr";
  doc["vocabulary"]["sites"][0]["label"] = "Os";
  const auto french = carecompare::catalog::from_value(doc);
  const auto both = carecompare::fhir::filter(french, record_text("bone-and-liver.json"));
  EXPECT_THAT(citations(both.result, "physical-therapy"),
              ElementsAre("Dossier : Métastases: Os (Secondary malignant neoplasm of bone, 2024-03-01)."));
}

}  // namespace
