// SPDX-License-Identifier: MIT
// Fuzz target: the CDS Hooks service's request handler (src/cds/handler.hpp), without the socket.
//
// The input is a request as text, the way it comes over HTTP/1.1 but without the framing the
// server's parser does (Content-Length, chunks):
//
//   POST /cds-services/metastatic-breast-cancer HTTP/1.1      <- method, target (the rest is ignored)
//   Content-Type: application/json                            <- headers, "Name: value", one a line
//   Authorization: Bearer eyJ...
//                                                             <- an empty line
//   {"hook": "patient-view", ...}                             <- the body: everything after it
//
// Lines end with "\n" or "\r\n". Two services answer each request: one open to anyone
// (`--insecure-no-auth`) and one for signed callers, whose trust holds the public halves of an
// ES384 and an RS384 key (the seeds' tokens were signed with them; the private halves were
// thrown away). Both have the builtin catalog and a coded one that asks for Observations too.
// Every answer must be what handler.hpp promises: a known status, JSON in UTF-8, an error that
// says its status and a JSON Pointer that parses, cards that keep CDS Hooks 2.0's rules. The
// signed service must refuse a request the open one answers unless its token passes, then
// answer it as the open one did, and refuse the same token the second time (a replay). Both let
// the pages of one origin call (CORS): a preflight is answered 204 only from it, and only an
// answer to it says `Access-Control-Allow-Origin`.
#include <carecompare/carecompare.hpp>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cds/handler.hpp"
#include "cds/jwt.hpp"
#include "fuzz_common.hpp"

using namespace carecompare_fuzz;
namespace cds = carecompare_cds;

namespace {

/// The time every request is made at (2027-01-15): the seeds' tokens are valid then.
constexpr std::int64_t now = 1'800'000'000;

/// The builtin catalog with facts of every type that have codes: their Observations are read.
cc::catalog coded_catalog() {
  nlohmann::json doc = cc::catalog::builtin().to_json_value();
  doc["id"] = "coded";
  doc["facts"] = nlohmann::json::parse(R"([
    {"id": "pain_score", "type": "number", "label": "Pain score", "description": "0 to 10", "unit": "{score}",
     "codes": [{"system": "http://loinc.org", "code": "72514-3"}]},
    {"id": "walks_daily", "type": "boolean", "label": "Walks every day", "description": "Most days",
     "codes": [{"system": "http://example.org/fuzz", "code": "walks"}]},
    {"id": "mobility", "type": "string", "label": "Getting around", "description": "How",
     "values": ["alone", "with-help"], "codes": [{"system": "http://example.org/fuzz", "code": "mobility"}],
     "value_codes": [{"value": "alone", "codes": [{"system": "http://example.org/fuzz", "code": "a"}]},
                     {"value": "with-help", "codes": [{"system": "http://example.org/fuzz", "code": "h"}]}]},
    {"id": "treatments", "type": "string-list", "label": "Treatments", "description": "Recent",
     "values": ["chemotherapy", "radiation"], "codes": [{"system": "http://example.org/fuzz", "code": "treatments"}],
     "value_codes": [{"value": "chemotherapy", "codes": [{"system": "http://example.org/fuzz", "code": "chemo"}]},
                     {"value": "radiation", "codes": [{"system": "http://example.org/fuzz", "code": "rt"}]}]}
  ])");
  const auto rule = [](const char* id, const char* when, const char* show) {
    return nlohmann::json{
        {"id", id}, {"description", id}, {"when", nlohmann::json::parse(when)}, {"show", {show}}, {"reason", id}};
  };
  auto& rules = doc["rules"];
  rules.push_back(rule("pain-score", R"({">=":[{"var":"pain_score"},7]})", "pain-management"));
  rules.push_back(
      rule("walks", R"({"and":[{"in":["bone",{"var":"sites"}]},{"var":"walks_daily"}]})", "physical-activity"));
  rules.push_back(rule("help", R"({"==":[{"var":"mobility"},"with-help"]})", "emotional-support"));
  rules.push_back(rule("chemo", R"({"in":["chemotherapy",{"var":"treatments"}]})", "nutrition"));
  return cc::catalog::from_value(doc);
}

/// The public keys the signed service trusts (JWKs; see the file comment).
constexpr std::string_view trust_document = R"({"issuers": [{
  "iss": "https://ehr.example.org",
  "jku": ["https://ehr.example.org/jwks.json"],
  "jwks": {"keys": [
    {"kty": "EC", "crv": "P-384", "kid": "ec-1",
     "x": "OunnKV4x_jLLseL3nIuXIyyGxJ_kr9ueCFDQmrdgMW6pL0GE78D3rixxGiZqPW_U",
     "y": "ik224kGHZYrUACcttSyqwQWUa23gz3LerE1ldf7uRzE62qvd_ZhVFb4acPJikbL9"},
    {"kty": "RSA", "kid": "rsa-1", "e": "AQAB",
     "n": "wHYN7dKDeKSxFiUoWv1jCpGec5YfgNCOoSKqjo_0N2iccwVgDP1RERGIYogP3SrxZBKTqqVL5r2MnVswDvnA0H_wBGUQW7fkxRWxv2u5Wii5Azg8zjfePMY3KeSRLLJxU22v9psy4duqr6SrM0OIRH7vu98a328Y3_q9UEGHyq3yqm6_wvmAMWYxmkD3VESEnrGEklKH6m2OibW5uFyN1Fzks80_OXX9tfwYvk4z0mBJx_H5Clfi5WD1TIW28hOrul6gPF2FU_LkRV0u0W1he6hCLzcR0zRn60SYqbhC-yPEaqRKIf0QpnOhFkwnep90Ao_GlUeqMkv7gOLXHv_Yhw"}
  ]}}]})";

const std::vector<cc::catalog>& catalogs() {
  static const std::vector<cc::catalog> all = {cc::catalog::builtin(), coded_catalog()};
  return all;
}

/// The one origin whose pages may call (CORS).
constexpr std::string_view listed_origin = "https://ehr.example.org";

cds::options service_options() {
  cds::options o;
  o.page_url = "https://pages.example.org/{catalog}.html";
  o.max_body_bytes = 8192;  // below the fuzzer's longest input, so that 413 is reached too
  o.public_url = "https://cds.example.org/";
  o.cors_origins = {std::string(listed_origin)};
  return o;
}

/// The request in `text` (see the file comment); its views point into `text`.
cds::request parse_request(std::string_view text) {
  cds::request req;
  req.now = now;
  const auto next_line = [&text]() {
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
  };
  const std::string_view first = next_line();
  const std::size_t space = first.find(' ');
  req.method = first.substr(0, space);
  if (space != std::string_view::npos) {
    const std::string_view rest = first.substr(space + 1);
    req.target = rest.substr(0, rest.find(' '));
  }
  while (!text.empty()) {
    const std::string_view line = next_line();
    if (line.empty()) break;
    const std::size_t colon = line.find(':');
    std::string_view value = colon == std::string_view::npos ? std::string_view() : line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    req.headers.emplace_back(line.substr(0, colon), value);
  }
  req.body = text;
  return req;
}

std::size_t characters(std::string_view s) {
  std::size_t n = 0;
  for (const char c : s) n += cc::detail::is_utf8_continuation(static_cast<unsigned char>(c)) ? 0 : 1;
  return n;
}

bool is_uuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : std::isxdigit(static_cast<unsigned char>(s[i])) == 0) return false;
  }
  return true;
}

bool same_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

const std::string* header_of(const cds::response& r, std::string_view name) {
  for (const auto& [key, value] : r.headers) {
    if (key == name) return &value;
  }
  return nullptr;
}

bool is_string(const nlohmann::json& doc, const char* key) {
  return doc.is_object() && doc.contains(key) && doc[key].is_string() &&
         !doc[key].get_ref<const std::string&>().empty();
}

/// The cards of a 200 to a call, by CDS Hooks 2.0's rules and card_writer in handler.hpp.
void check_cards(const nlohmann::json& doc, const cds::response& r) {
  require(doc.is_object() && doc.size() == 1 && doc.contains("cards") && doc["cards"].is_array(),
          "a call's answer is not {\"cards\": [...]}", r.body);
  require(doc["cards"].size() <= 1, "more than one card", r.body);
  require(is_uuid(r.hook_instance), "a call answered without its hookInstance for the log", r.hook_instance);
  for (const auto& card : doc["cards"]) {
    require(is_string(card, "summary") && characters(card["summary"].get<std::string>()) < 140,
            "a card's summary is missing or 140 characters or more", r.body);
    require(card.value("indicator", "") == "info", "a card's indicator is not info", r.body);
    require(is_string(card, "detail"), "a card has no detail", r.body);
    require(card.contains("source") && is_string(card["source"], "label"), "a card's source has no label", r.body);
    require(!card.contains("suggestions") && !card.contains("selectionBehavior"), "a card suggests", r.body);
    require(card.contains("links") && card["links"].is_array() && card["links"].size() == 1, "a card has no link",
            r.body);
    for (const auto& link : card["links"]) {
      require(link.value("type", "") == "absolute" && is_string(link, "label") && is_string(link, "url") &&
                  link["url"].get<std::string>().starts_with("https://pages.example.org/"),
              "a card's link is not an absolute link to the page", r.body);
    }
  }
}

/// What every answer must be (handler.hpp).
void check_response(const cds::request& req, const cds::response& r) {
  static const std::set<unsigned> statuses = {200, 204, 400, 401, 403, 404, 405, 412, 413, 415};
  require(r.status != 500, "a request the builtin catalogs could not answer (500)", r.body);
  require(statuses.count(r.status) == 1, "a status handler.hpp does not list", std::to_string(r.status));
  // CORS: only an answer to the listed origin lets its page read it, and every answer varies by origin.
  const auto origin = cds::header(req, "Origin");
  const bool listed = origin && same_ignoring_case(*origin, listed_origin);
  const std::string* allowed = header_of(r, "Access-Control-Allow-Origin");
  require((allowed != nullptr) == listed, "Access-Control-Allow-Origin where it should not be, or not where it should",
          r.body);
  require(allowed == nullptr || *allowed == *origin, "Access-Control-Allow-Origin is not the origin that called",
          r.body);
  const std::string* vary = header_of(r, "Vary");
  require(vary != nullptr && *vary == "Origin", "an answer without Vary: Origin", r.body);
  require(header_of(r, "Access-Control-Allow-Credentials") == nullptr, "credentials allowed", r.body);
  if (r.status == 204) {
    const std::string* methods = header_of(r, "Access-Control-Allow-Methods");
    require(req.method == "OPTIONS" && listed && r.body.empty() && header_of(r, "Content-Type") == nullptr &&
                methods != nullptr && (*methods == "GET" || *methods == "POST") &&
                header_of(r, "Access-Control-Allow-Headers") != nullptr,
            "a 204 that is not the answer to a listed origin's preflight", r.body);
    return;
  }
  require(r.status != 403 || (req.method == "OPTIONS" && !listed), "403 to what is not another origin's preflight",
          r.body);
  const std::string* type = header_of(r, "Content-Type");
  require(type != nullptr && *type == "application/json", "an answer that is not application/json", r.body);
  require(cc::detail::find_invalid_utf8(r.body) == std::string::npos, "an answer that is not UTF-8", r.body);
  require(cc::detail::find_invalid_utf8(r.log_reason) == std::string::npos, "a log reason that is not UTF-8",
          r.log_reason);
  static const std::set<std::string> routes = {"other", "/healthz", "/cds-services",
                                               "/cds-services/metastatic-breast-cancer", "/cds-services/coded"};
  require(routes.count(r.route) == 1, "the log would name a route the service does not have", r.route);
  require(r.status == 401 || r.log_reason.empty(), "a log reason on an answer other than 401", r.log_reason);
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(r.body);
  } catch (const nlohmann::json::exception&) {
    require(false, "an answer that is not JSON", r.body);
  }
  if (r.status == 200) {
    if (r.route == "/healthz") {
      require(doc.value("status", "") == "ok", "/healthz is not ok", r.body);
    } else if (r.route == "/cds-services") {
      require(doc.contains("services") && doc["services"].is_array() && doc["services"].size() == catalogs().size(),
              "discovery does not list every service", r.body);
      for (const auto& s : doc["services"]) {
        require(s.value("hook", "") == "patient-view" && is_string(s, "id") && is_string(s, "description"),
                "a service without hook, id or description", r.body);
      }
    } else {
      require(req.method == "POST", "a 200 to a service's URL that is not a POST", r.body);
      check_cards(doc, r);
    }
    return;
  }
  require(doc.is_object() && doc.size() == 1 && doc.contains("error") && doc["error"].is_object(),
          "an error that is not {\"error\": {...}}", r.body);
  const nlohmann::json& e = doc["error"];
  require(e.value("status", 0U) == r.status, "an error whose status is not the answer's", r.body);
  require(is_string(e, "message"), "an error without a message", r.body);
  if (e.contains("pointer")) {
    require(e["pointer"].is_string(), "an error's pointer is not a string", r.body);
    const std::string& pointer = e["pointer"].get_ref<const std::string&>();
    try {
      (void)nlohmann::json::json_pointer(pointer);
    } catch (const nlohmann::json::exception&) {
      require(false, "an error's pointer is not a JSON Pointer", r.body);
    }
  }
  if (r.status == 405) require(header_of(r, "Allow") != nullptr, "405 without Allow", r.body);
  if (r.status == 401) {
    require(r.body == R"({"error":{"message":"not authorized","status":401}})", "a 401 that says more", r.body);
    require(!r.log_reason.empty(), "a 401 without a reason for the log", r.body);
    const std::string* challenge = header_of(r, "WWW-Authenticate");
    require(challenge != nullptr && *challenge == "Bearer", "401 without WWW-Authenticate: Bearer", r.body);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  quiet_log();
  static const cds::handler open(catalogs(), service_options());
  static const cds::trust trusted = cds::trust::from_json(nlohmann::json::parse(trust_document));

  const cds::request req = parse_request(std::string_view(reinterpret_cast<const char*>(data), size));
  const cds::response answer = open(req);
  check_response(req, answer);
  require(answer.status != 401, "the open service refused a request 401", answer.body);

  // The signed service, with a replay cache of its own: each input starts from nothing seen.
  cds::options o = service_options();
  o.auth = std::make_shared<const cds::verifier>(trusted, std::make_shared<cds::replay_cache>());
  const cds::handler signed_only(catalogs(), std::move(o));
  const cds::response first = signed_only(req);
  check_response(req, first);
  if (first.status == 401) return 0;
  // Past the token (or where none is asked for: /healthz, a preflight): the open service's answer.
  require(first.status == answer.status && first.body == answer.body,
          "a signed call answered otherwise than the open service", first.body + "\n" + answer.body);
  const bool preflight =
      req.method == "OPTIONS" && cds::header(req, "Origin") && cds::header(req, "Access-Control-Request-Method");
  if (first.route == "/healthz" || preflight) return 0;
  const cds::response again = signed_only(req);
  check_response(req, again);
  require(again.status == 401 && again.log_reason.find("replayed") != std::string::npos, "a token taken twice",
          again.log_reason);
  return 0;
}
