// SPDX-License-Identifier: MIT
// A catalog's FHIR codes (model.hpp `codes`, `unit`, `value_codes`; catalog/codes.hpp): loaded,
// checked with JSON Pointers and pinned ids, saved and loaded back, kept by translations.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <carecompare/carecompare.hpp>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "catalog/codes.hpp"
#include "catalog_support.hpp"

namespace {

using ::testing::ElementsAre;

/// The builtin catalog with one fact of each kind that codes can carry.
nlohmann::json with_coded_facts() {
  nlohmann::json doc = carecompare_test::builtin_json();
  doc["facts"] = nlohmann::json::parse(R"([
    {"id": "pain_score", "type": "number", "label": "Pain score", "description": "0 to 10",
     "codes": [{"system": "http://loinc.org", "code": "72514-3"}], "unit": "{score}"},
    {"id": "mobility", "type": "string", "label": "Getting around", "description": "How you get around",
     "values": ["alone", "with-help"],
     "codes": [{"system": "http://example.org/facts", "code": "mobility"}],
     "value_codes": [{"value": "alone", "codes": [{"system": "http://example.org/answers", "code": "a"}]},
                     {"value": "with-help", "codes": [{"system": "http://example.org/answers", "code": "h"}]}]}
  ])");
  return doc;
}

/// "<id> <pointer>" of each problem.
std::vector<std::string> problems(const nlohmann::json& doc) {
  std::vector<std::string> out;
  for (const auto& p : carecompare_test::problems_of(doc)) out.push_back(std::to_string(p.id) + " " + p.pointer);
  return out;
}

TEST(CatalogCodes, TheBuiltinCatalogCodesItsSitesAndTwoSymptoms) {
  const auto cat = carecompare::catalog::builtin();
  const auto& sites = cat.vocabulary().sites;
  ASSERT_EQ(sites.size(), 4U);
  const auto codes_of = [](const carecompare::vocabulary_entry& e) {
    std::vector<std::string> out;
    for (const auto& c : e.codes.value()) out.push_back(c.system + "|" + c.code);
    return out;
  };
  EXPECT_THAT(codes_of(sites[0]),
              ElementsAre("http://snomed.info/sct|94222008", "http://hl7.org/fhir/sid/icd-10-cm|C79.51"));
  EXPECT_THAT(codes_of(sites[1]),
              ElementsAre("http://snomed.info/sct|94381002", "http://hl7.org/fhir/sid/icd-10-cm|C78.7"));
  EXPECT_THAT(codes_of(sites[2]),
              ElementsAre("http://snomed.info/sct|94391008", "http://hl7.org/fhir/sid/icd-10-cm|C78.00",
                          "http://hl7.org/fhir/sid/icd-10-cm|C78.01", "http://hl7.org/fhir/sid/icd-10-cm|C78.02"));
  EXPECT_THAT(codes_of(sites[3]),
              ElementsAre("http://snomed.info/sct|94225005", "http://hl7.org/fhir/sid/icd-10-cm|C79.31"));
  EXPECT_THAT(codes_of(cat.vocabulary().symptoms[0]), ElementsAre("http://snomed.info/sct|22253000"));
  EXPECT_THAT(codes_of(cat.vocabulary().symptoms[1]), ElementsAre("http://snomed.info/sct|84229001"));
  EXPECT_FALSE(cat.vocabulary().symptoms[2].codes);  // no checked code: none given
  // The catalog cites where the codes come from.
  ASSERT_NE(cat.find_source("mcode"), nullptr);
  EXPECT_EQ(cat.find_source("mcode")->url, "http://hl7.org/fhir/us/mcode/ValueSet/mcode-secondary-cancer-disorder-vs");
  // Every code is recorded with its second source (docs/fhir-codes.md).
  std::ifstream in(CARECOMPARE_SOURCE_DIR "/docs/fhir-codes.md");
  std::stringstream doc;
  doc << in.rdbuf();
  for (const auto& [list, noun] :
       {std::pair{&cat.vocabulary().sites, "site"}, std::pair{&cat.vocabulary().symptoms, "symptom"}}) {
    for (const auto& e : *list) {
      if (!e.codes) continue;
      for (const auto& c : *e.codes) {
        const std::string row = "| " + std::string(noun) + " `" + e.id + "` | " +
                                (c.system == "http://snomed.info/sct" ? "SNOMED CT" : "ICD-10-CM") + " | " + c.code +
                                " |";
        EXPECT_NE(doc.str().find(row), std::string::npos) << "docs/fhir-codes.md has no row " << row;
      }
    }
  }
}

TEST(CatalogCodes, LoadSaveLoadKeepsEveryCode) {
  const auto cat = carecompare::catalog::from_value(with_coded_facts());
  const auto again = carecompare::catalog::from_json(cat.to_json());
  EXPECT_EQ(cat, again);
  const auto& pain = again.facts().at(0);
  EXPECT_EQ(pain.unit, "{score}");
  ASSERT_TRUE(pain.codes);
  EXPECT_EQ(pain.codes->at(0).code, "72514-3");
  EXPECT_FALSE(pain.codes->at(0).display);
  const auto& mobility = again.facts().at(1);
  ASSERT_TRUE(mobility.value_codes);
  EXPECT_EQ(mobility.value_codes->at(1).value, "with-help");
  EXPECT_EQ(mobility.value_codes->at(1).codes.at(0).code, "h");
  // The JSON form: codes are objects {system, code, display?}; value_codes a list of {value, codes}.
  const nlohmann::json saved = cat.to_json_value();
  EXPECT_EQ(saved["vocabulary"]["sites"][0]["codes"][0],
            (nlohmann::json{{"system", "http://snomed.info/sct"},
                            {"code", "94222008"},
                            {"display", "Secondary malignant neoplasm of bone"}}));
  EXPECT_EQ(
      saved["facts"][1]["value_codes"][0],
      (nlohmann::json{{"value", "alone"}, {"codes", {{{"system", "http://example.org/answers"}, {"code", "a"}}}}}));
  EXPECT_FALSE(saved["vocabulary"]["goals"][0].contains("codes"));
}

TEST(CatalogCodes, EachProblemHasItsPointerAndId) {
  nlohmann::json doc = with_coded_facts();
  doc["vocabulary"]["sites"][0]["codes"][0]["system"] = "snomed";     // not a URI
  doc["vocabulary"]["sites"][1]["codes"][1]["code"] = "";             // empty
  doc["vocabulary"]["sites"][2]["codes"][0]["version"] = "2024";      // unknown key
  doc["vocabulary"]["symptoms"][1]["codes"][0]["code"] = "22253000";  // fatigue coded as pain
  EXPECT_THAT(problems(doc),
              ElementsAre("208 /vocabulary/sites/1/codes/1/code", "206 /vocabulary/sites/2/codes/0/version",
                          "222 /vocabulary/sites/0/codes/0/system", "223 /vocabulary/symptoms/1/codes/0"));
  doc = with_coded_facts();
  doc["facts"][1]["codes"] = doc["vocabulary"]["sites"][0]["codes"];  // a fact coded as a site
  doc["facts"][1]["unit"] = "km";                                     // a unit on a string fact
  doc["facts"][1]["value_codes"][1]["value"] = "runs";                // not a value of the fact
  doc["facts"][1]["value_codes"][1]["codes"][0]["code"] = "a";        // one code, two values
  EXPECT_THAT(problems(doc), ElementsAre("223 /facts/1/codes/0", "223 /facts/1/codes/1", "224 /facts/1/unit",
                                         "224 /facts/1/value_codes/1/value", "223 /facts/1/value_codes/1/codes/0"));
  doc = with_coded_facts();
  doc["facts"][0]["value_codes"] = doc["facts"][1]["value_codes"];  // value codes on a number
  doc["facts"][1]["value_codes"][1]["value"] = "alone";             // a value given twice
  doc["facts"][0]["codes"] = "72514-3";                             // not a list of codings
  EXPECT_THAT(problems(doc),
              ElementsAre("204 /facts/0/codes", "224 /facts/0/value_codes", "224 /facts/1/value_codes/1/value"));
  const auto error = carecompare_test::problems_of(doc);
  EXPECT_THAT(error.at(1).message, ::testing::HasSubstr("string or string-list fact"));
}

TEST(CatalogCodes, AbsoluteUris) {
  for (const char* ok :
       {"http://snomed.info/sct", "http://hl7.org/fhir/sid/icd-10-cm", "urn:oid:2.16.840.1.113883.6.90",
        "urn:uuid:53fefa32-fcbb-4ff8-8a92-55ee120877b7", "https://example.org/x?y=1#z", "a:b"}) {
    EXPECT_TRUE(carecompare::detail::is_absolute_uri(ok)) << ok;
  }
  for (const char* bad :
       {"", "sct", "snomed info", ":x", "1http://x", "http:", "http://a b", "ht tp://x", "http://x\n", "_x:y"}) {
    EXPECT_FALSE(carecompare::detail::is_absolute_uri(bad)) << bad;
  }
}

TEST(CatalogCodes, TheCatalogUrlIsAnAbsoluteUriCheckedAsCodeSystemsAre) {
  nlohmann::json doc = carecompare_test::builtin_json();
  EXPECT_FALSE(carecompare::catalog::builtin().info().url.has_value());
  doc["url"] = "https://example.org/catalogs/metastatic-breast-cancer";
  const auto cat = carecompare::catalog::from_value(doc);
  EXPECT_EQ(cat.info().url, "https://example.org/catalogs/metastatic-breast-cancer");
  EXPECT_EQ(cat.to_json_value()["url"], "https://example.org/catalogs/metastatic-breast-cancer");
  doc["url"] = "example.org/catalogs/x";  // no scheme
  EXPECT_THAT(problems(doc), ElementsAre("247 /url"));
  EXPECT_THAT(carecompare_test::problems_of(doc).at(0).message, ::testing::HasSubstr("not an absolute URI"));
  doc["url"] = "";
  EXPECT_THAT(problems(doc), ElementsAre("208 /url"));
  doc["url"] = 4;
  EXPECT_THAT(problems(doc), ElementsAre("204 /url"));
}

TEST(CatalogCodes, TranslationsKeepCodesAndTheirDisplays) {
  const auto es = carecompare::catalog::builtin().with_translation(
      carecompare::translation::from_file(CARECOMPARE_TEST_DATA_DIR "/translations/es.json"));
  EXPECT_NE(es.vocabulary().sites[0].label, "Bones");  // translated
  EXPECT_EQ(es.vocabulary().sites[0].codes, carecompare::catalog::builtin().vocabulary().sites[0].codes);
  EXPECT_EQ(es.vocabulary().sites[0].codes->at(0).display, "Secondary malignant neoplasm of bone");
}

}  // namespace
