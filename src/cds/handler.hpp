// SPDX-License-Identifier: MIT
/**
 * @file cds/handler.hpp
 * The CDS Hooks service (HL7 CDS Hooks 2.0) without its socket: one pure function from an HTTP
 * request (method, target, headers, body) to its response (status, headers, body). The server
 * (`carecompare serve`), the tests and a fuzz target all drive this same code; nothing here
 * reads a clock or a file, nor the network but through the replay store of its verifier (a
 * Redis one, redis_store.hpp), and a handler is immutable, so any number of threads
 * may call it at once.
 *
 * Routes:
 * - `GET /cds-services`: the discovery document, one `patient-view` service per catalog
 *   (discovery.cpp).
 * - `POST /cds-services/{catalog id}`: a patient-view call; the answer is `{"cards": [...]}`,
 *   one `info` card, or none when no option is shown (cards.cpp).
 * - `GET /healthz`: `{"status": "ok", "services": [ids]}`; with a replay store that cannot be
 *   used now (jwt.hpp), 503 and `{"status": "unavailable", "reason": "...", "services": [ids]}`.
 * - `GET /pages/{catalog id}.html`: the catalog's one-file comparison page, when
 *   `options::pages` holds one (the page a card links to). A reader follows that link from
 *   the card: a browser sends no token with it, and the page is the catalog's public text, so it
 *   needs none; the record's answers stay in the link's fragment, which browsers never send.
 * (`GET /metrics` is the server's: it holds the counts, metrics.hpp.)
 *
 * With `options::auth`, every request but /healthz, the pages and a CORS preflight (below) first needs a
 * token that passes (jwt.hpp), whose `aud` is `options::public_url` and the path: 401
 * otherwise, before anything else is read, with no detail (CDS Hooks' advice);
 * `response::log_reason` says why, for the log. When the replay store cannot tell whether the
 * token was used before, the request is refused 503 with `Retry-After: 1` (fails closed); the
 * answer says the replay store cannot be reached, never where it is.
 *
 * CORS, for EHRs that call from a browser: a preflight (`OPTIONS` with `Origin` and
 * `Access-Control-Request-Method`) is answered before any token is asked for (browsers send
 * none with it): 204 with `Access-Control-Allow-Methods` (the route's), `-Allow-Headers`
 * (`Authorization, Content-Type`) and `-Max-Age` when its origin is one of
 * `options::cors_origins` and its route exists, 403 from any other origin (404 for no route).
 * Every answer to a listed origin carries `Access-Control-Allow-Origin` with that origin, never
 * `*`, and no `Access-Control-Allow-Credentials` (the token is a header, not a cookie); with
 * origins listed, every answer carries `Vary: Origin`. An origin not listed gets no CORS header,
 * so a browser keeps the answer from its page; the token stays what lets a call in.
 *
 * Errors are JSON, `{"error": {"status", "message", "pointer"?, "line"?, "column"?, "id"?}}`:
 * `pointer` is the JSON Pointer of the problem in the request body, `line` and `column` place a
 * syntax error, `id` is the library's error id (error.hpp) when the library found it. 400: not
 * JSON (invalid UTF-8 and nesting past the limit included), a field missing or of the wrong
 * type, a `hook` other than patient-view, a record the FHIR reader refuses. 404: no such
 * route or service. 403: a preflight from an origin not listed. 405: a method the route does
 * not take (with `Allow`). 412: a prefetch the
 * service needs is missing (it never calls a FHIR server, so it cannot fetch it). 413: a body
 * over the limit. 415: a POST whose Content-Type is not JSON. 500: a catalog whose rule fails on
 * this record (a bug of the catalog). No error says more than that: no stack, no internals.
 */
#ifndef CARECOMPARE_SRC_CDS_HANDLER_HPP
#define CARECOMPARE_SRC_CDS_HANDLER_HPP

#include <carecompare/carecompare.hpp>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cds/jwt.hpp"

namespace carecompare_cds {

namespace cc = carecompare;

/// A request as the socket read it. Header names are matched without regard to case.
struct request {
  std::string_view method;  ///< "GET", "POST", ...
  std::string_view target;  ///< the request target: a path, maybe with a query ("/cds-services?x")
  std::vector<std::pair<std::string_view, std::string_view>> headers;  ///< in the order received
  std::string_view body;                                               ///< the whole body
  /// Seconds since the Unix epoch, for the token's times: the handler reads no clock itself.
  std::int64_t now = 0;
};

/// The answer to a request.
struct response {
  unsigned status = 200;                                     ///< HTTP status
  std::vector<std::pair<std::string, std::string>> headers;  ///< Content-Type, Allow...
  std::string body;                                          ///< JSON text
  /// Why a call was refused 401, or answered 503 for the replay store, for the service's log
  /// only: never sent to the caller.
  std::string log_reason;
  /// Whether the replay store failed on this request (503): the metrics count it.
  bool replay_store_failed = false;
  /// What the access log and the metrics name the request by: "/cds-services",
  /// "/cds-services/{id}" with a service's id, "/pages/{id}.html" with a page's, "/healthz", "/metrics" (the server answers it,
  /// metrics.hpp), or "other" (never what an unknown path says).
  std::string route = "other";
  /// The call's hookInstance once checked (a UUID), for the log; "" otherwise.
  std::string hook_instance;
};

/// How the service answers.
struct options {
  /// The comparison page a card links to, the record's answers in its fragment; "" for no link.
  /// `{catalog}` in it is replaced with the catalog's id.
  std::string page_url;
  /// Largest request body taken, in bytes: 413 past it.
  std::size_t max_body_bytes = std::size_t{1} << 20;
  /// The one-file comparison page of a catalog, by its id, served at `/pages/{id}.html` (HTML
  /// text, as `carecompare-page` of the npm package writes it). None: no page is served.
  std::map<std::string, std::string, std::less<>> pages;
  /// Who may call: every request but /healthz, the pages and a CORS preflight needs a token that passes
  /// (401 otherwise). Null: anyone may (`--insecure-no-auth`).
  std::shared_ptr<const verifier> auth;
  /// The service's URL as its callers call it (`--public-url`, e.g. "https://cds.example.org"):
  /// a token's `aud` must be it followed by the path called.
  std::string public_url;
  /// The origins of the pages that may call from a browser (CORS, `--cors-origin`), each as
  /// origin_problem() takes it, e.g. "https://ehr.example.org"; matched without regard to case.
  /// None: no CORS header is sent and every preflight gets 403.
  std::vector<std::string> cors_origins;
};

/**
 * Why `text` is not an origin as a browser sends it in `Origin` (RFC 6454): `http://` or
 * `https://`, a host (a name, an IPv4 address or an IPv6 one in brackets) and maybe `:port`,
 * nothing after. `*` and `null` are not origins.
 * @return "" when it is one; else why not, in a sentence.
 */
[[nodiscard]] std::string origin_problem(std::string_view text);

/// Where the pages are served: `/pages/{catalog id}.html`.
inline constexpr std::string_view pages_path = "/pages/";
inline constexpr std::string_view page_suffix = ".html";

/// The prefetch key of the Conditions a catalog reads, and of the Observations.
inline constexpr std::string_view prefetch_conditions = "conditions";
inline constexpr std::string_view prefetch_observations = "observations";

/**
 * The prefetch templates of a catalog's service: `conditions` when an entry of its vocabulary
 * has codes (`Condition?patient={{context.patientId}}&code=<system>|<code>,...`), and
 * `observations` when a fact has codes, likewise. Each code is escaped as FHIR search escapes
 * a token (`\` before `,` `$` `|` `\`) and then percent-encoded. This is the one place that
 * says what the service reads: discovery lists it, and a call without one of its keys gets 412.
 * @param cat the catalog.
 * @return key -> query template.
 */
[[nodiscard]] std::map<std::string, std::string> prefetch_templates(const cc::catalog& cat);

/// The discovery document: `{"services": [...]}`, one patient-view service per catalog.
[[nodiscard]] nlohmann::json discovery(const std::vector<cc::catalog>& catalogs);

/**
 * The cards of a catalog's patient-view calls (cards.cpp). What no record changes (the options'
 * names and purposes, the reasons, the labels, the disclaimer, the sources and the catalog's
 * line, escaped as Markdown) is written once, when it is made; a call writes the rest.
 */
class card_writer {
 public:
  /// @param cat the catalog whose calls it answers.
  explicit card_writer(cc::catalog cat);

  /**
   * The cards of a call, from what its record says.
   * @param record the catalog filtered with the record (fhir::filter_value()).
   * @param opts   the page a card links to.
   * @return the JSON text of `{"cards": []}` when no option is shown, else of one `info` card: `summary` (under
   *         140 characters: the options shown, as many as fit), `detail` (Markdown: each option
   *         shown with its reasons and the record's answers each rests on, the options that
   *         depend on what the record does not say and what, the record's answers, the
   *         disclaimer, the sources, the catalog's version and dates), `source` (`label` the
   *         catalog's title, `url` the first URL of its sources), `links` (with a page URL: the
   *         page, the record's answers in its fragment, type `absolute`) and
   *         `extension.carecompare` (the catalog's id and version, the ids of the options shown
   *         and undecided, for programs).
   */
  [[nodiscard]] std::string operator()(const cc::fhir::record_result& record, const options& opts) const;

 private:
  [[nodiscard]] std::string detail(const cc::fhir::record_result& record) const;
  void append_reason(std::string& out, const std::string& text) const;
  void append_strategy(std::string& out, const std::vector<std::string>& texts, const cc::strategy* s,
                       std::string (*make)(const cc::strategy&)) const;

  cc::catalog cat_;
  std::vector<std::string> shown_;      // per strategy: "**name**: purpose\n\n"
  std::vector<std::string> undecided_;  // per strategy: "- **name**"
  std::string why_shown_;               // "- " why_shown ": "
  std::string undecided_title_;         // "**" undecided "**\n\n"
  std::string depends_on_;              // ": " depends_on ": "
  std::string questions_[3];            // question_sites, question_symptoms, question_goals
  std::vector<std::pair<const std::string*, std::string>> reasons_;  // each reason text, by address
  std::string tail_;  // the disclaimer, the sources and the catalog's line
};

/// The service: its catalogs and options, fixed for its life.
class handler {
 public:
  /**
   * @param catalogs the catalogs, each a service by its id.
   * @param opts     how it answers.
   * @throws std::invalid_argument when two catalogs have the same id, an entry of
   *         `opts.cors_origins` is not an origin, or a page of `opts.pages` is for no catalog.
   */
  handler(std::vector<cc::catalog> catalogs, options opts);

  /// @return the answer to `req`; never throws but std::bad_alloc.
  [[nodiscard]] response operator()(const request& req) const;

  /**
   * Adds to `r` the CORS headers of an answer to a page of `origin` (the request's `Origin`),
   * as every answer of operator() has them: none when no origin is listed; else `Vary: Origin`,
   * and `Access-Control-Allow-Origin` when `origin` is listed. For answers made without
   * operator(), such as a 413 answered from the header alone.
   * @param r      the answer.
   * @param origin the request's `Origin`, if it has one.
   */
  void add_cors_headers(response& r, std::optional<std::string_view> origin) const;

  /// @return the catalogs, in the order given.
  [[nodiscard]] const std::vector<cc::catalog>& catalogs() const noexcept { return catalogs_; }
  /// @return the options.
  [[nodiscard]] const options& opts() const noexcept { return options_; }

 private:
  [[nodiscard]] response dispatch(const request& req, std::string_view path) const;
  [[nodiscard]] response preflight(std::string_view origin, std::string_view path) const;
  [[nodiscard]] bool cors_allowed(std::string_view origin) const noexcept;
  /// A patient-view call to the service of catalogs_[service].
  [[nodiscard]] response call(std::size_t service, const request& req) const;
  [[nodiscard]] response page(const request& req, std::string_view id) const;

  std::vector<cc::catalog> catalogs_;
  options options_;
  std::string discovery_;                                      // the discovery document's text, made once
  std::vector<std::map<std::string, std::string>> templates_;  // prefetch_templates() of each catalog, in order
  std::vector<card_writer> cards_;                             // the card of each catalog, in order
};

/// The value of header `name` in `req` (the first one), matched without regard to case.
[[nodiscard]] std::optional<std::string_view> header(const request& req, std::string_view name) noexcept;

/// An error response: `{"error": {"status", "message", "pointer"?}}` (see the file comment).
[[nodiscard]] response error_response(unsigned status, std::string_view message,
                                      std::optional<std::string> pointer = {});

/// A 405 error response with `Allow: <allow>` (e.g. "GET").
[[nodiscard]] response method_not_allowed(std::string_view allow);

}  // namespace carecompare_cds

#endif  // CARECOMPARE_SRC_CDS_HANDLER_HPP
