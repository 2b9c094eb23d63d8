// SPDX-License-Identifier: MIT
// `carecompare serve`: the CDS Hooks service (src/cds/): a patient-view service per catalog,
// for signed callers only (--trust), until SIGTERM or SIGINT; SIGHUP reloads the catalogs and
// the trust file. --replay-store shares the replay store between replicas through Redis.
#include <charconv>
#include <csignal>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "cds/handler.hpp"
#include "cds/jwt.hpp"
#include "cds/redis_store.hpp"
#include "cds/server.hpp"
#include "cli.hpp"
#include "parse.hpp"
#include "util/utf8.hpp"

namespace carecompare_cli {

namespace {

namespace cds = carecompare_cds;

struct serve_command {
  std::vector<std::string> catalogs;
  locale_options locale;
  std::string listen;
  std::string public_url;
  std::string trust;
  std::string replay_store;
  std::size_t replay_cache_size = cds::default_replay_cache_capacity;
  std::string page_url;
  std::string pages;
  std::vector<std::string> cors_origins;
  bool insecure_no_auth = false;
  unsigned threads = 0;
  std::size_t max_body = std::size_t{1} << 20;
  std::size_t max_connections = 1024;
  double header_timeout = 10, body_timeout = 30, idle_timeout = 30, stop_timeout = 10;
};

/// HOST:PORT ([HOST]:PORT for IPv6) into the server's options.
void parse_listen(const std::string& text, cds::server_options& opts) {
  const std::size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) throw input_error{"--listen: give HOST:PORT, e.g. 127.0.0.1:8080"};
  std::string host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  const std::string port = text.substr(colon + 1);
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (ec != std::errc{} || end != port.data() + port.size() || value > 65535) {
    throw input_error{"--listen: the port must be a number from 0 to 65535, got \"" + port + "\""};
  }
  opts.host = host;
  opts.port = static_cast<std::uint16_t>(value);
}

std::chrono::milliseconds millis(double seconds) {
  return std::chrono::milliseconds(static_cast<std::int64_t>(seconds * 1000));
}

/// The largest page `--pages` takes, in bytes: a one-file page with its WebAssembly core is
/// about 1 MB.
constexpr std::size_t max_page_bytes = std::size_t{64} << 20;

/// The one-file page of each catalog in `folder` (`{id}.html`): each must be there, readable and
/// UTF-8 (it is served as such).
std::map<std::string, std::string, std::less<>> read_pages(const std::string& folder,
                                                           const std::vector<cc::catalog>& catalogs) {
  std::map<std::string, std::string, std::less<>> pages;
  for (const auto& cat : catalogs) {
    const std::filesystem::path path = std::filesystem::path(folder) / (cat.id() + ".html");
    std::string html, reason;
    if (!cc::detail::read_file(path, html, reason, max_page_bytes)) {
      throw input_error{"--pages: " + path.string() + ": cannot read the page of the catalog \"" + cat.id() +
                        "\": " + reason + " (make it with carecompare-page from the npm package)"};
    }
    if (const std::size_t bad = cc::detail::find_invalid_utf8(html); bad != std::string::npos) {
      throw input_error{"--pages: " + path.string() + ": not UTF-8 (byte " + std::to_string(bad) + ")"};
    }
    pages.emplace(cat.id(), std::move(html));
  }
  return pages;
}

/// The handler of the command line's files: each catalog (the builtin one when none is given),
/// and the trust file. Throws what loading them throws.
std::shared_ptr<const cds::handler> make_handler(const serve_command& s,
                                                 const std::shared_ptr<cds::replay_store>& seen) {
  std::vector<cc::catalog> catalogs;
  if (s.catalogs.empty()) catalogs.push_back(load_catalog("", s.locale));
  for (const auto& path : s.catalogs) catalogs.push_back(load_catalog(path, s.locale));
  cds::options opts;
  opts.page_url = s.page_url;
  if (!s.pages.empty()) {
    opts.pages = read_pages(s.pages, catalogs);
    if (opts.page_url.empty()) {
      std::string base = s.public_url;
      while (!base.empty() && base.back() == '/') base.pop_back();
      opts.page_url = base + std::string(cds::pages_path) + "{catalog}" + std::string(cds::page_suffix);
    }
  }
  opts.max_body_bytes = s.max_body;
  opts.public_url = s.public_url;
  opts.cors_origins = s.cors_origins;
  if (!s.insecure_no_auth) {
    try {
      opts.auth = std::make_shared<const cds::verifier>(cds::trust::from_file(s.trust), seen);
    } catch (const cds::trust_error& e) {
      throw input_error{s.trust + ": " + e.what()};
    }
  }
  return std::make_shared<const cds::handler>(std::move(catalogs), std::move(opts));
}

}  // namespace

command add_serve_command(CLI::App& app) {
  auto s = std::make_shared<serve_command>();
  auto* cmd = app.add_subcommand("serve",
                                 "Serve the catalogs as a CDS Hooks service (patient-view): cards beside a patient's "
                                 "chart, for signed callers only");
  cmd->add_option("--catalog,-c", s->catalogs,
                  "A catalog JSON file, a service each (repeatable; default: the builtin)");
  add_locale_options(*cmd, s->locale);
  cmd->add_option("--listen", s->listen, "HOST:PORT to listen on (port 0: one the system picks, printed)")->required();
  cmd->add_option(
      "--public-url", s->public_url,
      "The service's URL as callers call it (e.g. https://cds.example.org): tokens' aud is it and the path");
  cmd->add_option("--trust", s->trust, "The trust file: the issuers allowed and their public keys (JWKS)");
  cmd->add_option("--replay-store", s->replay_store,
                  "Where the tokens used are kept: redis://HOST:PORT[/DB] to share them between replicas "
                  "(default: in this process only)");
  cmd->add_option("--replay-cache-size", s->replay_cache_size,
                  "The most unexpired tokens the replay store in this process keeps; past it new tokens are "
                  "refused (without --replay-store)")
      ->capture_default_str();
  cmd->add_option("--page-url", s->page_url,
                  "The comparison page a card links to, {catalog} for the catalog's id; the record's answers go "
                  "in its fragment");
  cmd->add_option("--pages", s->pages,
                  "A folder with each catalog's one-file page, {id}.html (carecompare-page makes them), served at "
                  "/pages/{id}.html; cards link there unless --page-url says otherwise");
  cmd->add_option("--cors-origin", s->cors_origins,
                  "An origin whose pages may call from a browser (CORS), e.g. https://ehr.example.org "
                  "(repeatable; default: none)");
  cmd->add_flag("--insecure-no-auth", s->insecure_no_auth,
                "Take calls without a token (only when listening on loopback: for trying it out)");
  cmd->add_option("--threads", s->threads, "Threads that serve (default: one per core)");
  cmd->add_option("--max-body", s->max_body, "Largest request body, in bytes (413 past it)")->capture_default_str();
  cmd->add_option("--max-connections", s->max_connections, "Connections open at once")->capture_default_str();
  cmd->add_option("--header-timeout", s->header_timeout, "Seconds for a request's header")->capture_default_str();
  cmd->add_option("--body-timeout", s->body_timeout, "Seconds for a request's body")->capture_default_str();
  cmd->add_option("--idle-timeout", s->idle_timeout, "Seconds a kept-alive connection may wait for its next request")
      ->capture_default_str();
  cmd->add_option("--stop-timeout", s->stop_timeout, "Seconds the requests in flight get at SIGTERM")
      ->capture_default_str();
  return {
      cmd, [s, cmd] {
        cds::server_options opts;
        parse_listen(s->listen, opts);
        for (const std::string& origin : s->cors_origins) {
          if (std::string why = cds::origin_problem(origin); !why.empty()) {
            throw input_error{"--cors-origin: " + why};
          }
        }
        if (s->insecure_no_auth) {
          if (!cds::is_loopback(opts.host)) {
            throw input_error{
                "--insecure-no-auth is for trying it out on this machine: listen on 127.0.0.1 or "
                "::1, not " +
                opts.host};
          }
          if (!s->trust.empty()) throw input_error{"--insecure-no-auth and --trust: give one of them"};
          if (!s->replay_store.empty()) {
            throw input_error{"--replay-store keeps the tokens used: it needs --trust, not --insecure-no-auth"};
          }
          if (cmd->count("--replay-cache-size") > 0) {
            throw input_error{"--replay-cache-size keeps the tokens used: it needs --trust, not --insecure-no-auth"};
          }
        } else {
          if (s->trust.empty()) throw input_error{"--trust FILE is needed (or --insecure-no-auth on loopback)"};
          if (s->public_url.empty()) throw input_error{"--public-url is needed with --trust: tokens' aud is it"};
          if (!s->replay_store.empty() && cmd->count("--replay-cache-size") > 0) {
            throw input_error{
                "--replay-cache-size is for the tokens kept in this process, not in Redis (--replay-store)"};
          }
          if (s->replay_cache_size == 0) throw input_error{"--replay-cache-size: give 1 or more"};
        }
        if (!s->pages.empty() && s->page_url.empty() && s->public_url.empty()) {
          throw input_error{"--pages needs --public-url (cards link to <public-url>/pages/{id}.html) or --page-url"};
        }
        opts.threads = s->threads != 0 ? s->threads : std::max(1U, std::thread::hardware_concurrency());
        opts.max_connections = s->max_connections;
        opts.header_timeout = millis(s->header_timeout);
        opts.body_timeout = millis(s->body_timeout);
        opts.idle_timeout = millis(s->idle_timeout);
        opts.stop_timeout = millis(s->stop_timeout);
        std::shared_ptr<cds::replay_store> seen;
        if (s->replay_store.empty()) {
          seen = std::make_shared<cds::replay_cache>(s->replay_cache_size);
        } else {
          try {
            seen = std::make_shared<cds::redis_store>(cds::redis_address::parse(s->replay_store));
          } catch (const std::invalid_argument& e) {
            throw input_error{std::string("--replay-store: ") + e.what()};
          }
          // hiredis writes to its socket with write(): a Redis gone must be an error of the
          // call (503), not a SIGPIPE that ends the service.
          std::signal(SIGPIPE, SIG_IGN);
        }
        auto first = make_handler(*s, seen);
        // A Redis that cannot be reached at start does not stop the service: /healthz says
        // so (503) and calls get 503 until it can be.
        if (std::string problem = seen->problem(); !problem.empty()) {
          std::cerr << "carecompare serve: " << problem << ": /healthz and calls answer 503 until it can be used\n";
        }
        if (s->insecure_no_auth) {
          std::cerr << "carecompare serve: WARNING: --insecure-no-auth: anyone who can reach " << s->listen
                    << " can call this service without a token. For trying it out only.\n";
        }
        cds::serve(
            opts, std::move(first),
            [s, seen] {
              // serve() keeps the old handler when this throws a std::exception.
              try {
                return make_handler(*s, seen);
              } catch (const input_error& e) {
                throw std::runtime_error(e.message);
              }
            },
            std::clog,
            [&](std::uint16_t port) {
              std::cout << "carecompare serve: listening on " << opts.host << ':' << port << std::endl;
            });
        return exit_ok;
      }};
}

}  // namespace carecompare_cli
