// SPDX-License-Identifier: MIT
// The CDS Hooks service's request handler (src/cds/handler.hpp), without a socket: discovery,
// the card of a patient-view call and each error a caller can get.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <carecompare/carecompare.hpp>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "catalog_support.hpp"
#include "cds/handler.hpp"

namespace {

namespace cds = carecompare_cds;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string text_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// The builtin catalog with the test facts of tests/data/facts/fhir.json, whose codes make the
/// service ask for Observations too.
carecompare::catalog coded_catalog() {
  nlohmann::json doc = carecompare_test::builtin_json();
  const nlohmann::json overlay = nlohmann::json::parse(text_of(CARECOMPARE_TEST_DATA_DIR "/facts/fhir.json"));
  doc["id"] = "coded";
  doc["facts"] = overlay["facts"];
  for (const auto& r : overlay["rules"]) doc["rules"].push_back(r);
  return carecompare::catalog::from_value(doc);
}

const std::string hook_instance = "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea";

/// A patient-view call whose prefetch is tests/data/fhir/prefetch.json.
nlohmann::json call_body() {
  return {{"hook", "patient-view"},
          {"hookInstance", hook_instance},
          {"context", {{"userId", "Practitioner/example"}, {"patientId", "example"}}},
          {"prefetch", nlohmann::json::parse(text_of(CARECOMPARE_TEST_DATA_DIR "/fhir/prefetch.json"))}};
}

struct service {
  cds::handler h;
  explicit service(cds::options opts = {}) : h({carecompare::catalog::builtin(), coded_catalog()}, std::move(opts)) {}

  cds::response send(std::string_view method, std::string_view target, const std::string& body = {},
                     std::string_view content_type = "application/json") const {
    cds::request req{method, target, {}, body, 0};
    if (!content_type.empty()) req.headers.emplace_back("Content-Type", content_type);
    return h(req);
  }
  cds::response post(const nlohmann::json& body, std::string_view id = "metastatic-breast-cancer") const {
    return send("POST", "/cds-services/" + std::string(id), body.dump());
  }
};

nlohmann::json json_of(const cds::response& r) {
  EXPECT_EQ(r.headers.front(), (std::pair<std::string, std::string>{"Content-Type", "application/json"}));
  return nlohmann::json::parse(r.body);
}

/// The error of a response: its status must be `status` and its body name `pointer`.
nlohmann::json expect_error(const cds::response& r, unsigned status, const std::string& pointer) {
  EXPECT_EQ(r.status, status) << r.body;
  const nlohmann::json e = json_of(r).at("error");
  EXPECT_EQ(e.at("status"), status);
  EXPECT_FALSE(e.at("message").get<std::string>().empty());
  EXPECT_EQ(e.value("pointer", std::string("(none)")), pointer) << r.body;
  return e;
}

std::vector<std::string> relevant_ids(const carecompare::result& r) {
  std::vector<std::string> out;
  for (const auto& o : r.relevant()) out.push_back(o.strategy->id);
  return out;
}

TEST(CdsDiscovery, OneServicePerCatalogWithItsPrefetch) {
  const service s;
  const auto r = s.send("GET", "/cds-services", "", "");
  ASSERT_EQ(r.status, 200u);
  const auto doc = json_of(r);
  ASSERT_EQ(doc.at("services").size(), 2u);
  const auto& builtin = doc["services"][0];
  EXPECT_EQ(builtin.at("hook"), "patient-view");
  EXPECT_EQ(builtin.at("id"), "metastatic-breast-cancer");
  EXPECT_EQ(builtin.at("title"), carecompare::catalog::builtin().title());
  EXPECT_FALSE(builtin.at("description").get<std::string>().empty());
  // The builtin catalog codes its sites and symptoms, not facts: only Conditions are read.
  ASSERT_EQ(builtin.at("prefetch").size(), 1u);
  const std::string conditions = builtin["prefetch"].at("conditions");
  EXPECT_TRUE(conditions.starts_with("Condition?patient={{context.patientId}}&code=")) << conditions;
  EXPECT_THAT(conditions, HasSubstr("http%3A%2F%2Fsnomed.info%2Fsct%7C94222008,"));
  EXPECT_THAT(conditions, HasSubstr("http%3A%2F%2Fhl7.org%2Ffhir%2Fsid%2Ficd-10-cm%7CC79.51"));
  EXPECT_THAT(conditions, HasSubstr("%7C22253000"));  // pain, a symptom
  // The coded catalog's facts are Observations.
  const std::string observations = doc["services"][1].at("prefetch").at("observations");
  EXPECT_TRUE(observations.starts_with("Observation?patient={{context.patientId}}&code=")) << observations;
  EXPECT_THAT(observations, HasSubstr("http%3A%2F%2Floinc.org%7C72514-3"));
}

TEST(CdsDiscovery, TokensAreEscapedAsFhirSearchEscapesThem) {
  nlohmann::json doc = carecompare_test::builtin_json();
  doc["vocabulary"]["sites"][0]["codes"] = {{{"system", "http://example.org/s"}, {"code", "a,b|c"}}};
  const auto templates = cds::prefetch_templates(carecompare::catalog::from_value(doc));
  // `\,` and `\|` inside the code, percent-encoded; the `|` between system and code is bare.
  EXPECT_THAT(templates.at("conditions"), HasSubstr("http%3A%2F%2Fexample.org%2Fs%7Ca%5C%2Cb%5C%7Cc,"));
}

TEST(CdsHealth, AnswersOk) {
  const service s;
  const auto r = s.send("GET", "/healthz", "", "");
  ASSERT_EQ(r.status, 200u);
  EXPECT_EQ(json_of(r).at("status"), "ok");
  EXPECT_EQ(s.send("POST", "/healthz").status, 405u);
}

TEST(CdsCall, OneInfoCardWhoseOptionsAreTheFilters) {
  const service s;
  const auto body = call_body();
  const auto r = s.post(body);
  ASSERT_EQ(r.status, 200u) << r.body;
  const auto doc = json_of(r);
  ASSERT_EQ(doc.at("cards").size(), 1u);
  const auto& card = doc["cards"][0];

  // The same record filtered by the library directly.
  const auto cat = carecompare::catalog::builtin();
  const auto reading = carecompare::fhir::read_value(cat, body["prefetch"]);
  const auto expected = cat.filter(reading.circumstances(cat));
  ASSERT_FALSE(expected.relevant().empty());
  EXPECT_EQ(card.at("extension").at("carecompare").at("relevant").get<std::vector<std::string>>(),
            relevant_ids(expected));

  EXPECT_EQ(card.at("indicator"), "info");
  // What the access log may say of the call: its route and hookInstance, nothing of the record.
  EXPECT_EQ(r.route, "/cds-services/metastatic-breast-cancer");
  EXPECT_EQ(r.hook_instance, hook_instance);
  const std::string summary = card.at("summary");
  EXPECT_LT(summary.size(), 140u);
  EXPECT_THAT(summary, HasSubstr(expected.relevant().front().strategy->name));
  EXPECT_EQ(card.at("source").at("label"), cat.title());
  EXPECT_EQ(card.at("source").at("url"), "http://hl7.org/fhir/us/mcode/ValueSet/mcode-secondary-cancer-disorder-vs");
  EXPECT_FALSE(card.contains("links"));  // no --page-url
  EXPECT_FALSE(card.contains("suggestions"));

  // The detail: each option shown, in the filter's order, with its reason; where the answers
  // came from; the disclaimer, the sources, the version and review date.
  const std::string detail = card.at("detail");
  std::size_t at = 0;
  for (const auto& o : expected.relevant()) {
    const std::size_t found = detail.find("**" + o.strategy->name + "**", at);
    ASSERT_NE(found, std::string::npos) << o.strategy->name << " in\n" << detail;
    at = found;
  }
  EXPECT_THAT(detail, HasSubstr("Secondary malignant neoplasm of bone, 2024-03-01"));
  EXPECT_THAT(detail, HasSubstr(cat.disclaimer()));
  for (const auto& src : cat.sources()) EXPECT_THAT(detail, HasSubstr(src.title.substr(0, 20)));
  EXPECT_THAT(detail, HasSubstr("version " + cat.info().version.to_string()));
  EXPECT_THAT(detail, HasSubstr("last reviewed " + cat.info().last_reviewed.to_string()));
}

TEST(CdsCall, UndecidedOptionsSayWhatTheRecordDoesNotSay) {
  const service s;
  auto body = call_body();
  const auto r = s.post(body, "coded");
  ASSERT_EQ(r.status, 200u) << r.body;
  const auto doc = json_of(r);
  const auto& card = doc.at("cards").at(0);
  const auto cat = coded_catalog();
  const auto expected = cat.filter(carecompare::fhir::read_value(cat, body["prefetch"]).circumstances(cat));
  ASSERT_FALSE(expected.undecided().empty());
  std::vector<std::string> undecided;
  for (const auto& o : expected.undecided()) undecided.push_back(o.strategy->id);
  EXPECT_EQ(card["extension"]["carecompare"].at("undecided").get<std::vector<std::string>>(), undecided);
  const std::string detail = card.at("detail");
  EXPECT_THAT(detail, HasSubstr("**Depends on what you have not answered**"));
  EXPECT_THAT(detail, HasSubstr("- **" + expected.undecided().front().strategy->name + "**: Depends on: "));
}

TEST(CdsCall, ACardWriterWritesTheSameCardForAnyLoadOfItsCatalog) {
  // A writer writes its catalog's texts once; a result filtered with another load of the same
  // catalog (other strategies and rules in memory) gets the same card, its texts made then.
  const auto cat = coded_catalog();
  const cds::card_writer write(cat);
  const auto body = call_body();
  const auto own = carecompare::fhir::filter_value(cat, body["prefetch"]);
  const auto other = carecompare::fhir::filter_value(coded_catalog(), body["prefetch"]);
  ASSERT_FALSE(own.result.relevant().empty());
  ASSERT_FALSE(own.result.undecided().empty());
  const std::string card = write(own, {});
  EXPECT_EQ(write(other, {}), card);
  EXPECT_THAT(card, HasSubstr(own.result.relevant().front().strategy->purpose));
}

TEST(CdsCall, LinkCarriesTheRecordsAnswersInTheFragment) {
  cds::options with_page;
  with_page.page_url = "https://example.org/pages/{catalog}.html#old";
  const service s(with_page);
  const auto body = call_body();
  const auto r = s.post(body);
  ASSERT_EQ(r.status, 200u) << r.body;
  const auto doc = json_of(r);
  const auto& links = doc.at("cards").at(0).at("links");
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links[0].at("type"), "absolute");
  EXPECT_FALSE(links[0].at("label").get<std::string>().empty());
  const std::string url = links[0].at("url");
  const std::string page = "https://example.org/pages/metastatic-breast-cancer.html#";
  ASSERT_TRUE(url.starts_with(page)) << url;
  const auto cat = carecompare::catalog::builtin();
  const auto stated = carecompare::fhir::read_value(cat, body["prefetch"]).circumstances(cat);
  const auto back = carecompare::circumstances::from_fragment(url.substr(page.size()), cat);
  EXPECT_TRUE(back.left_out.empty());
  EXPECT_EQ(back.answers, stated);
  EXPECT_THAT(back.answers.sites, ElementsAre("bone"));
}

TEST(CdsCall, NoCardWhenNothingIsShown) {
  // A catalog whose one rule shows an option only for bone: a record without it shows nothing.
  nlohmann::json doc = carecompare_test::builtin_json();
  doc["rules"] = nlohmann::json::array({{{"id", "bone-only"},
                                         {"description", "Spread to the bones."},
                                         {"when", {{"in", {"bone", {{"var", "sites"}}}}}},
                                         {"show", {"radiation-therapy"}},
                                         {"reason", "It can ease bone pain."}}});
  const cds::handler h({carecompare::catalog::from_value(doc)}, {});
  auto body = call_body();
  body["prefetch"]["conditions"] = nullptr;  // the query found nothing
  const std::string text = body.dump();
  const auto r = h({"POST", "/cds-services/metastatic-breast-cancer", {{"content-type", "application/json"}}, text, 0});
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(json_of(r), nlohmann::json::parse(R"({"cards": []})"));
}

TEST(CdsCall, ContentTypeWithParametersAndAnyCase) {
  const service s;
  EXPECT_EQ(
      s.send("POST", "/cds-services/metastatic-breast-cancer", call_body().dump(), "Application/JSON; charset=utf-8")
          .status,
      200u);
}

TEST(CdsErrors, NotJson) {
  const service s;
  const auto e = expect_error(s.send("POST", "/cds-services/metastatic-breast-cancer", "{\"hook\": \n  [}"), 400, "");
  EXPECT_EQ(e.at("id"), carecompare::error_ids::parse_syntax);
  EXPECT_EQ(e.at("line"), 2);
  // Invalid UTF-8 and nesting past the limit are not JSON either.
  expect_error(s.send("POST", "/cds-services/metastatic-breast-cancer", "{\"hook\": \"\xff\"}"), 400, "");
  const auto deep = expect_error(
      s.send("POST", "/cds-services/metastatic-breast-cancer", std::string(5000, '[') + std::string(5000, ']')), 400,
      "");
  EXPECT_EQ(deep.at("id"), carecompare::error_ids::parse_too_deep);
}

TEST(CdsErrors, MissingOrWrongFieldsNameTheirPointer) {
  const service s;
  const auto without = [](const nlohmann::json::json_pointer& p) {
    auto b = call_body();
    b[p.parent_pointer()].erase(p.back());
    return b;
  };
  expect_error(s.post(without(nlohmann::json::json_pointer("/hook"))), 400, "/hook");
  expect_error(s.post(without(nlohmann::json::json_pointer("/hookInstance"))), 400, "/hookInstance");
  expect_error(s.post(without(nlohmann::json::json_pointer("/context"))), 400, "/context");
  expect_error(s.post(without(nlohmann::json::json_pointer("/context/userId"))), 400, "/context/userId");
  expect_error(s.post(without(nlohmann::json::json_pointer("/context/patientId"))), 400, "/context/patientId");
  auto b = call_body();
  b["hook"] = "order-sign";
  expect_error(s.post(b), 400, "/hook");
  b = call_body();
  b["hookInstance"] = "not a uuid";
  expect_error(s.post(b), 400, "/hookInstance");
  b = call_body();
  b["context"]["patientId"] = 7;
  expect_error(s.post(b), 400, "/context/patientId");
  b = call_body();
  b["fhirAuthorization"] = {{"access_token", "x"}, {"token_type", "Bearer"}};
  expect_error(s.post(b), 400, "/fhirServer");
  b["fhirServer"] = "https://fhir.example.org/r4";
  EXPECT_EQ(s.post(b).status, 200u);
  expect_error(s.send("POST", "/cds-services/metastatic-breast-cancer", "[1]"), 400, "");
}

TEST(CdsErrors, ARecordTheReaderRefusesIsNamedInThePrefetch) {
  const service s;
  auto b = call_body();
  b["prefetch"]["conditions"] = {{"entry", 1}};
  const auto e = expect_error(s.post(b), 400, "/prefetch/conditions");
  EXPECT_EQ(e.at("id"), carecompare::error_ids::fhir_not_fhir);
}

TEST(CdsErrors, MissingPrefetchIs412) {
  const service s;
  auto b = call_body();
  b.erase("prefetch");
  expect_error(s.post(b), 412, "/prefetch/conditions");
  b = call_body();
  b["prefetch"].erase("observations");
  EXPECT_EQ(s.post(b).status, 200u);  // the builtin catalog does not read Observations
  expect_error(s.post(b, "coded"), 412, "/prefetch/observations");
}

TEST(CdsErrors, RoutesMethodsTypesAndSize) {
  const service s;
  expect_error(s.post(call_body(), "no-such-catalog"), 404, "(none)");
  const auto elsewhere = s.send("GET", "/elsewhere/patient-7");
  expect_error(elsewhere, 404, "(none)");
  EXPECT_EQ(elsewhere.route, "other");  // an unknown path is not logged
  EXPECT_EQ(s.post(call_body(), "no-such-catalog").route, "other");
  const auto get = s.send("GET", "/cds-services/metastatic-breast-cancer");
  expect_error(get, 405, "(none)");
  EXPECT_EQ(get.headers.back(), (std::pair<std::string, std::string>{"Allow", "POST"}));
  expect_error(s.send("POST", "/cds-services", "{}"), 405, "(none)");
  expect_error(s.send("POST", "/cds-services/metastatic-breast-cancer", call_body().dump(), "text/plain"), 415,
               "(none)");
  expect_error(s.send("POST", "/cds-services/metastatic-breast-cancer", call_body().dump(), ""), 415, "(none)");
  cds::options small;
  small.max_body_bytes = 100;
  const service limited(small);
  expect_error(limited.post(call_body()), 413, "(none)");
}

TEST(CdsHandler, RefusesTwoCatalogsWithOneId) {
  EXPECT_THROW(cds::handler({carecompare::catalog::builtin(), carecompare::catalog::builtin()}, {}),
               std::invalid_argument);
}

// ---- CORS -----------------------------------------------------------------------------------------

/// A service that lets the pages of https://ehr.example.org call, and trusts no token at all.
cds::options cors_options() {
  cds::options o;
  o.cors_origins = {"https://ehr.example.org", "http://localhost:3000"};
  o.auth = std::make_shared<const cds::verifier>(cds::trust::from_json({{"issuers", nlohmann::json::array()}}),
                                                 std::make_shared<cds::replay_cache>());
  return o;
}

cds::response preflight(const service& s, std::string_view origin, std::string_view target) {
  cds::request req{"OPTIONS", target, {}, {}, 0};
  req.headers = {{"Origin", origin},
                 {"Access-Control-Request-Method", "POST"},
                 {"Access-Control-Request-Headers", "authorization,content-type"}};
  return s.h(req);
}

std::string header_value(const cds::response& r, const std::string& name) {
  std::string out = "(none)";
  for (const auto& [key, value] : r.headers) {
    if (key == name) out = value;
  }
  return out;
}

TEST(CdsCors, APreflightFromAListedOriginIsAnsweredBeforeAnyToken) {
  const service s(cors_options());
  const auto r = preflight(s, "https://ehr.example.org", "/cds-services/metastatic-breast-cancer");
  EXPECT_EQ(r.status, 204u) << r.body;
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(header_value(r, "Access-Control-Allow-Origin"), "https://ehr.example.org");
  EXPECT_EQ(header_value(r, "Access-Control-Allow-Methods"), "POST");
  EXPECT_EQ(header_value(r, "Access-Control-Allow-Headers"), "Authorization, Content-Type");
  EXPECT_EQ(header_value(r, "Access-Control-Max-Age"), "600");
  EXPECT_EQ(header_value(r, "Vary"), "Origin");
  EXPECT_EQ(header_value(r, "Access-Control-Allow-Credentials"), "(none)");
  EXPECT_EQ(r.route, "/cds-services/metastatic-breast-cancer");
  // Discovery takes GET; the origin matches without regard to case, and is echoed as sent.
  const auto discovery = preflight(s, "HTTP://LocalHost:3000", "/cds-services");
  EXPECT_EQ(discovery.status, 204u);
  EXPECT_EQ(header_value(discovery, "Access-Control-Allow-Methods"), "GET");
  EXPECT_EQ(header_value(discovery, "Access-Control-Allow-Origin"), "HTTP://LocalHost:3000");
}

TEST(CdsCors, OtherOriginsAndUnknownRoutesAreRefused) {
  const service s(cors_options());
  const auto other = preflight(s, "https://ehr.example.org.evil.example", "/cds-services/metastatic-breast-cancer");
  expect_error(other, 403, "(none)");
  EXPECT_EQ(header_value(other, "Access-Control-Allow-Origin"), "(none)");
  EXPECT_EQ(header_value(other, "Vary"), "Origin");
  const auto nowhere = preflight(s, "https://ehr.example.org", "/cds-services/no-such-catalog");
  expect_error(nowhere, 404, "(none)");
  EXPECT_EQ(nowhere.route, "other");
  // Without origins listed, every preflight is refused and no answer varies by origin.
  const service plain;
  const auto refused = preflight(plain, "https://ehr.example.org", "/cds-services");
  expect_error(refused, 403, "(none)");
  EXPECT_EQ(header_value(refused, "Vary"), "(none)");
  // An OPTIONS that is no preflight (no Origin) is a method the route does not take.
  EXPECT_EQ(plain.send("OPTIONS", "/cds-services", "", "").status, 405u);
}

TEST(CdsCors, AnswersToAListedOriginLetItsPageReadThem) {
  const service s(cors_options());
  cds::request req{"GET", "/cds-services", {{"Origin", "https://ehr.example.org"}}, {}, 0};
  const auto refused = s.h(req);  // no token: 401, which the page may read
  EXPECT_EQ(refused.status, 401u);
  EXPECT_EQ(header_value(refused, "Access-Control-Allow-Origin"), "https://ehr.example.org");
  req.headers = {{"Origin", "https://other.example.org"}};
  EXPECT_EQ(header_value(s.h(req), "Access-Control-Allow-Origin"), "(none)");
}

TEST(CdsCors, OnlyOriginsAreTaken) {
  for (const char* good :
       {"https://ehr.example.org", "http://localhost:3000", "https://127.0.0.1", "http://[::1]:8080"}) {
    EXPECT_EQ(cds::origin_problem(good), "") << good;
  }
  for (const char* bad : {"*", "null", "ehr.example.org", "https://ehr.example.org/", "https://ehr.example.org/app",
                          "https://ehr.example.org:", "https://ehr.example.org:99999", "ftp://ehr.example.org",
                          "https://", "https://user@ehr.example.org", "http://[::1", "https://ehr.example.org?x"}) {
    EXPECT_THAT(cds::origin_problem(bad), HasSubstr("is not an origin")) << bad;
  }
  cds::options o;
  o.cors_origins = {"https://ehr.example.org/"};
  EXPECT_THROW(cds::handler({carecompare::catalog::builtin()}, o), std::invalid_argument);
}

}  // namespace

// ---- Pages ----------------------------------------------------------------------------------------

TEST(CdsPages, ServedWithoutATokenAsHtml) {
  cds::options o = cors_options();  // trusts no token: every call is refused
  o.pages = {{"coded", "<!doctype html><title>coded</title>"}};
  const service s(std::move(o));
  const cds::response page = s.send("GET", "/pages/coded.html", {}, {});
  EXPECT_EQ(page.status, 200U);
  EXPECT_EQ(page.body, "<!doctype html><title>coded</title>");
  EXPECT_EQ(header_value(page, "Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(header_value(page, "X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(page.route, "/pages/coded.html");
  EXPECT_EQ(s.send("HEAD", "/pages/coded.html", {}, {}).status, 200U);
  const cds::response post = s.send("POST", "/pages/coded.html");
  EXPECT_EQ(post.status, 405U);
  EXPECT_EQ(header_value(post, "Allow"), "GET");
  // A catalog without a page, and no catalog at all: 404, named "other" in the log.
  const cds::response none = s.send("GET", "/pages/metastatic-breast-cancer.html", {}, {});
  expect_error(none, 404, "(none)");
  EXPECT_EQ(none.route, "other");
  expect_error(s.send("GET", "/pages/nothing.html", {}, {}), 404, "(none)");
  // The service itself still asks for a token.
  EXPECT_EQ(s.send("GET", "/cds-services", {}, {}).status, 401U);
}

TEST(CdsPages, WithoutPagesThereIsNoPageRoute) {
  const service s;
  expect_error(s.send("GET", "/pages/metastatic-breast-cancer.html", {}, {}), 404, "(none)");
}

TEST(CdsPages, APageForNoCatalogIsRefused) {
  cds::options o;
  o.pages = {{"nothing-here", "<!doctype html>"}};
  EXPECT_THROW(cds::handler({carecompare::catalog::builtin()}, std::move(o)), std::invalid_argument);
}
