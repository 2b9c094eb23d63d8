// SPDX-License-Identifier: MIT
// The request handler of the CDS Hooks service (handler.hpp): routes, the checks of a
// patient-view call, and the errors.
#include <cctype>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "cds/handler.hpp"
#include "util/json_dispose.hpp"
#include "util/json_pointer.hpp"
#include "util/utf8.hpp"

namespace carecompare_cds {

namespace {

constexpr std::string_view services_path = "/cds-services";

/// What a 503 of the replay store says to the caller (and /healthz): never where the store is.
constexpr std::string_view store_unavailable =
    "the replay store cannot be reached: calls are refused until it can be, so that no token is used twice";

bool same_text_ignoring_case(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

/// A response with a JSON body; `body` is moved in (a call's card is not copied), the discovery
/// document copied.
response json_response(unsigned status, std::string body) {
  response r;
  r.status = status;
  r.headers.emplace_back("Content-Type", "application/json");
  r.body = std::move(body);
  return r;
}

/// Whether a Content-Type says JSON: `application/json`, maybe with parameters
/// (`; charset=utf-8`), in any case.
bool is_json(std::string_view content_type) noexcept {
  const std::string_view media = content_type.substr(0, content_type.find(';'));
  std::size_t b = 0, e = media.size();
  while (b < e && (media[b] == ' ' || media[b] == '\t')) ++b;
  while (e > b && (media[e - 1] == ' ' || media[e - 1] == '\t')) --e;
  return same_text_ignoring_case(media.substr(b, e - b), "application/json");
}

/// 8-4-4-4-12 hexadecimal digits: the UUID a hookInstance is.
bool is_uuid(std::string_view s) noexcept {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : std::isxdigit(static_cast<unsigned char>(s[i])) == 0) return false;
  }
  return true;
}

/// `{"status", "message", "pointer"?}`: what error_response() says.
nlohmann::json error_object(unsigned status, std::string_view message, const std::optional<std::string>& pointer) {
  nlohmann::json e = {{"status", status}, {"message", cc::detail::printable(message)}};
  if (pointer) e["pointer"] = cc::detail::printable(*pointer);
  return e;
}

/// A problem with the request's JSON, answered 400 (or `status`) with its pointer.
struct bad_request {
  unsigned status;
  std::string message;
  std::string pointer;
};

/// The member `key` of `object` (at `pointer`), which must be a string that is not empty.
const std::string& required_string(const nlohmann::json& object, const std::string& pointer, const char* key) {
  std::string at = pointer;
  cc::detail::pointer_push(at, key);
  const auto it = object.find(key);
  if (it == object.end()) throw bad_request{400, std::string("missing \"") + key + "\"", at};
  if (!it->is_string() || it->get_ref<const std::string&>().empty()) {
    throw bad_request{400, std::string("\"") + key + "\" must be a string that is not empty", at};
  }
  return it->get_ref<const std::string&>();
}

/// Checks a patient-view call (CDS Hooks 2.0) to a service whose prefetch templates are
/// `templates` (prefetch_templates()), and returns its prefetch ({} when it has none).
const nlohmann::json& checked_call(const nlohmann::json& body, const std::map<std::string, std::string>& templates) {
  static const nlohmann::json no_prefetch = nlohmann::json::object();
  if (!body.is_object()) throw bad_request{400, "the request must be a JSON object", ""};
  if (const std::string& hook = required_string(body, "", "hook"); hook != "patient-view") {
    throw bad_request{400, "this service answers the hook \"patient-view\", not \"" + cc::detail::printable(hook) + '"',
                      "/hook"};
  }
  if (!is_uuid(required_string(body, "", "hookInstance"))) {
    throw bad_request{400, "\"hookInstance\" must be a UUID", "/hookInstance"};
  }
  const auto context = body.find("context");
  if (context == body.end()) throw bad_request{400, "missing \"context\"", "/context"};
  if (!context->is_object()) throw bad_request{400, "\"context\" must be an object", "/context"};
  (void)required_string(*context, "/context", "userId");
  (void)required_string(*context, "/context", "patientId");
  if (const auto auth = body.find("fhirAuthorization"); auth != body.end()) {
    if (!auth->is_object()) throw bad_request{400, "\"fhirAuthorization\" must be an object", "/fhirAuthorization"};
    (void)required_string(body, "", "fhirServer");
  }
  if (const auto server = body.find("fhirServer"); server != body.end() && !server->is_string()) {
    throw bad_request{400, "\"fhirServer\" must be a string", "/fhirServer"};
  }
  const auto prefetch = body.find("prefetch");
  if (prefetch != body.end() && !prefetch->is_object()) {
    throw bad_request{400, "\"prefetch\" must be an object", "/prefetch"};
  }
  // This service never calls a FHIR server: what it reads must come in the prefetch (a key
  // whose query found nothing is null).
  for (const auto& [key, query] : templates) {
    if (prefetch == body.end() || !prefetch->contains(key)) {
      std::string at = "/prefetch";
      cc::detail::pointer_push(at, key);
      throw bad_request{
          412, "the prefetch \"" + key + "\" is missing, and this service does not call FHIR servers: send " + query,
          at};
    }
  }
  return prefetch == body.end() ? no_prefetch : *prefetch;
}

/// The catalog id of a page's path (`/pages/{id}.html`), or nullopt for another path.
std::optional<std::string_view> page_id(std::string_view path) noexcept {
  if (!path.starts_with(pages_path) || !path.ends_with(page_suffix)) return std::nullopt;
  if (path.size() <= pages_path.size() + page_suffix.size()) return std::nullopt;
  return path.substr(pages_path.size(), path.size() - pages_path.size() - page_suffix.size());
}

/// The methods a route takes, as `Allow` and `Access-Control-Allow-Methods` name them (dispatch()
/// takes HEAD too where it takes GET); nullopt for no route.
std::optional<std::string_view> methods_of(std::string_view path, const std::vector<cc::catalog>& catalogs) {
  if (path == "/healthz" || path == services_path || page_id(path)) return "GET";
  if (path.size() > services_path.size() + 1 && path.starts_with(services_path) && path[services_path.size()] == '/') {
    const std::string_view id = path.substr(services_path.size() + 1);
    for (const auto& cat : catalogs) {
      if (cat.id() == id) return "POST";
    }
  }
  return std::nullopt;
}

bool is_host_character(char c) noexcept {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.';
}

}  // namespace

std::string origin_problem(std::string_view text) {
  const auto bad = [text](std::string_view why) {
    return '"' + cc::detail::printable(text) + "\" is not an origin: " + std::string(why) +
           " (an origin is a scheme, a host and maybe a port, such as https://ehr.example.org or "
           "http://localhost:3000)";
  };
  std::string_view rest;
  if (text.starts_with("https://")) {
    rest = text.substr(8);
  } else if (text.starts_with("http://")) {
    rest = text.substr(7);
  } else {
    return bad("it must start with https:// or http://");
  }
  std::string_view host = rest, port;
  if (rest.starts_with('[')) {
    const std::size_t close = rest.find(']');
    if (close == std::string_view::npos) return bad("an IPv6 address needs its closing ]");
    host = rest.substr(1, close - 1);
    const std::string_view after = rest.substr(close + 1);
    if (!after.empty() && after.front() != ':') return bad("nothing may follow the host but :port");
    port = after.empty() ? after : after.substr(1);
    if (host.empty() || host.find_first_not_of("0123456789abcdefABCDEF:.") != std::string_view::npos) {
      return bad("the IPv6 address has a character it cannot have");
    }
  } else {
    const std::size_t colon = rest.find(':');
    host = rest.substr(0, colon);
    port = colon == std::string_view::npos ? std::string_view() : rest.substr(colon + 1);
    if (colon != std::string_view::npos && port.empty()) return bad("a : must be followed by a port");
    for (const char c : host) {
      if (!is_host_character(c)) return bad("no path, query, fragment or user may follow the host");
    }
    if (host.empty()) return bad("it has no host");
  }
  if (!port.empty() && (port.size() > 5 || port.find_first_not_of("0123456789") != std::string_view::npos ||
                        std::stoul(std::string(port)) > 65535)) {
    return bad("the port must be a number from 0 to 65535, with nothing after it");
  }
  return {};
}

std::optional<std::string_view> header(const request& req, std::string_view name) noexcept {
  for (const auto& [key, value] : req.headers) {
    if (same_text_ignoring_case(key, name)) return value;
  }
  return std::nullopt;
}

response error_response(unsigned status, std::string_view message, std::optional<std::string> pointer) {
  return json_response(status, nlohmann::json{{"error", error_object(status, message, pointer)}}.dump());
}

response method_not_allowed(std::string_view allow) {
  response r = error_response(405, "this resource takes only " + std::string(allow));
  r.headers.emplace_back("Allow", allow);
  return r;
}

handler::handler(std::vector<cc::catalog> catalogs, options opts)
    : catalogs_(std::move(catalogs)), options_(std::move(opts)) {
  for (std::size_t i = 0; i < catalogs_.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (catalogs_[i].id() == catalogs_[j].id()) {
        throw std::invalid_argument("two catalogs have the id \"" + catalogs_[i].id() +
                                    "\": each service needs its own");
      }
    }
  }
  for (const std::string& origin : options_.cors_origins) {
    if (std::string why = origin_problem(origin); !why.empty()) throw std::invalid_argument(why);
  }
  for (const auto& [id, html] : options_.pages) {
    bool found = false;
    for (const auto& cat : catalogs_) found = found || cat.id() == id;
    if (!found)
      throw std::invalid_argument("a page for \"" + cc::detail::printable(id) + "\", which is no catalog's id");
  }
  discovery_ = discovery(catalogs_).dump();
  for (const auto& cat : catalogs_) {
    templates_.push_back(prefetch_templates(cat));
    cards_.emplace_back(cat);
  }
}

bool handler::cors_allowed(std::string_view origin) const noexcept {
  for (const std::string& listed : options_.cors_origins) {
    if (same_text_ignoring_case(listed, origin)) return true;
  }
  return false;
}

response handler::preflight(std::string_view origin, std::string_view path) const {
  if (!cors_allowed(origin)) {
    return error_response(403, "this service takes calls from the pages of the origins it lists only (--cors-origin)");
  }
  const std::optional<std::string_view> methods = methods_of(path, catalogs_);
  if (!methods) return error_response(404, "no such resource: GET /cds-services lists the services");
  response r;
  r.status = 204;
  r.headers = {{"Access-Control-Allow-Methods", std::string(*methods)},
               {"Access-Control-Allow-Headers", "Authorization, Content-Type"},
               {"Access-Control-Max-Age", "600"}};
  return r;
}

response handler::operator()(const request& req) const {
  const std::string_view path = req.target.substr(0, req.target.find('?'));
  const std::optional<std::string_view> origin = header(req, "Origin");
  const bool is_preflight = req.method == "OPTIONS" && origin && header(req, "Access-Control-Request-Method");
  response r = is_preflight ? preflight(*origin, path) : dispatch(req, path);
  if (path == "/healthz" || path == services_path) {
    r.route = path;
  } else if (const auto id = page_id(path)) {
    if (options_.pages.contains(*id)) r.route = std::string(path);
  } else if (path.starts_with(services_path)) {
    for (const auto& cat : catalogs_) {
      if (path.substr(services_path.size()) == "/" + cat.id()) r.route = std::string(path);
    }
  }
  add_cors_headers(r, origin);
  return r;
}

void handler::add_cors_headers(response& r, std::optional<std::string_view> origin) const {
  if (options_.cors_origins.empty()) return;
  r.headers.emplace_back("Vary", "Origin");
  if (origin && cors_allowed(*origin)) r.headers.emplace_back("Access-Control-Allow-Origin", std::string(*origin));
}

response handler::dispatch(const request& req, std::string_view path) const {
  const std::optional<std::string_view> page_of = page_id(path);
  if (page_of) return page(req, *page_of);
  if (options_.auth && path != "/healthz") {
    std::string audience = options_.public_url;
    while (!audience.empty() && audience.back() == '/') audience.pop_back();
    audience += path;
    std::string why;
    try {
      why = options_.auth->verify(header(req, "Authorization"), audience, req.now);
    } catch (const replay_store_error& e) {
      response r = error_response(503, store_unavailable);
      r.headers.emplace_back("Retry-After", "1");
      r.log_reason = e.what();
      r.replay_store_failed = true;
      return r;
    }
    if (!why.empty()) {
      response r = error_response(401, "not authorized");
      r.headers.emplace_back("WWW-Authenticate", "Bearer");
      r.log_reason = std::move(why);
      return r;
    }
  }
  if (path == "/healthz") {
    if (req.method != "GET" && req.method != "HEAD") return method_not_allowed("GET");
    nlohmann::json ids = nlohmann::json::array();
    for (const auto& c : catalogs_) ids.push_back(c.id());
    if (options_.auth) {
      if (std::string problem = options_.auth->store_problem(); !problem.empty()) {
        response r = json_response(
            503, nlohmann::json{{"status", "unavailable"}, {"reason", store_unavailable}, {"services", std::move(ids)}}
                     .dump());
        r.headers.emplace_back("Retry-After", "1");
        r.log_reason = std::move(problem);
        r.replay_store_failed = true;
        return r;
      }
    }
    return json_response(200, nlohmann::json{{"status", "ok"}, {"services", std::move(ids)}}.dump());
  }
  if (path == services_path) {
    if (req.method != "GET" && req.method != "HEAD") return method_not_allowed("GET");
    return json_response(200, discovery_);
  }
  if (path.size() > services_path.size() + 1 && path.starts_with(services_path) && path[services_path.size()] == '/') {
    const std::string_view id = path.substr(services_path.size() + 1);
    for (std::size_t i = 0; i < catalogs_.size(); ++i) {
      if (catalogs_[i].id() == id) {
        if (req.method != "POST") return method_not_allowed("POST");
        return call(i, req);
      }
    }
    return error_response(404, "no service \"" + std::string(id) + "\": GET /cds-services lists them");
  }
  return error_response(404, "no such resource: GET /cds-services lists the services");
}

response handler::page(const request& req, std::string_view id) const {
  const auto it = options_.pages.find(id);
  if (it == options_.pages.end()) {
    return error_response(
        404, options_.pages.empty() ? "this service serves no pages" : "no page \"" + std::string(id) + "\" here");
  }
  if (req.method != "GET" && req.method != "HEAD") return method_not_allowed("GET");
  response r;
  r.headers = {{"Content-Type", "text/html; charset=utf-8"},
               {"X-Content-Type-Options", "nosniff"},
               // Changed by a reload (SIGHUP): asked for again each time it is opened.
               {"Cache-Control", "no-cache"},
               {"Referrer-Policy", "no-referrer"}};
  r.body = it->second;
  return r;
}

response handler::call(std::size_t service, const request& req) const {
  const cc::catalog& cat = catalogs_[service];
  const auto type = header(req, "Content-Type");
  if (!type || !is_json(*type)) {
    return error_response(415, "the body must be JSON, with Content-Type: application/json");
  }
  if (req.body.size() > options_.max_body_bytes) {
    return error_response(413, "the body is larger than " + std::to_string(options_.max_body_bytes) + " bytes");
  }
  nlohmann::json body;
  cc::limits bounds;
  bounds.max_document_bytes = options_.max_body_bytes;
  try {
    body = cc::parse_json(req.body, bounds);
  } catch (const cc::parse_error& e) {
    nlohmann::json error = error_object(400, "the body is not JSON: " + e.reason(), "");
    error["id"] = e.id();
    if (e.line() != 0) {
      error["line"] = e.line();
      error["column"] = e.column();
    }
    return json_response(400, nlohmann::json{{"error", std::move(error)}}.dump());
  }
  try {
    const nlohmann::json& prefetch = checked_call(body, templates_[service]);
    const auto record = cc::fhir::filter_value(cat, prefetch, {}, {bounds});
    response r = json_response(200, cards_[service](record, options_));
    r.hook_instance = body["hookInstance"].get<std::string>();
    cc::detail::dispose(body, bounds.max_json_depth);  // parse_json() bounded its depth
    return r;
  } catch (const bad_request& e) {
    return error_response(e.status, e.message, e.pointer);
  } catch (const cc::record_error& e) {
    nlohmann::json error =
        error_object(400, "the prefetch is not a FHIR record: " + e.reason(), "/prefetch" + e.path());
    error["id"] = e.id();
    return json_response(400, nlohmann::json{{"error", std::move(error)}}.dump());
  } catch (const cc::error& e) {
    // The record was read, but the catalog could not be filtered with it (a rule that fails
    // at run time): the service's fault, said without its internals.
    return error_response(500,
                          "this record could not be compared with the catalog (error " + std::to_string(e.id()) + ")");
  }
}

}  // namespace carecompare_cds
