// SPDX-License-Identifier: MIT
/**
 * @file cds/server.hpp
 * The HTTP server of `carecompare serve`: Boost.Beast on Boost.Asio, asynchronous, on a pool of
 * threads, in front of the request handler (handler.hpp). It is the one translation unit that
 * includes Beast (server.cpp).
 *
 * - Timeouts: the request's header must arrive within `header_timeout` (a client that sends a
 *   byte a second is cut off), its body within `body_timeout`, and a kept-alive connection may
 *   wait `idle_timeout` for its next request.
 * - At most `max_connections` at once: past it a new connection is closed at once.
 * - A body over the handler's limit is answered 413 from its Content-Length, without being read.
 * - SIGTERM and SIGINT: stop accepting, let the requests in flight finish (up to
 *   `stop_timeout`), close idle connections, return. SIGHUP: `reload()` makes a new handler;
 *   when it throws, the old one keeps serving and the log says why.
 * - `GET /metrics`: the requests by route and status, their times and the connections open, in
 *   Prometheus' text format (metrics.hpp); like `/healthz`, it needs no token.
 * - The access log: one JSON line per request on `log` (time, method, route, status,
 *   microseconds, hookInstance; the reason of a 401), never a body, a patient id, a token or a
 *   code of the record: a call's route is `/cds-services/{id}` with the catalog's id.
 */
#ifndef CARECOMPARE_SRC_CDS_SERVER_HPP
#define CARECOMPARE_SRC_CDS_SERVER_HPP

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "cds/handler.hpp"

namespace carecompare_cds {

/// How the server listens and how long it waits.
struct server_options {
  std::string host = "127.0.0.1";                    ///< the address to listen on
  std::uint16_t port = 0;                            ///< the port; 0 for one the system picks
  unsigned threads = 1;                              ///< threads that serve
  std::size_t max_connections = 1024;                ///< connections open at once
  std::chrono::milliseconds header_timeout{10'000};  ///< for a request's header
  std::chrono::milliseconds body_timeout{30'000};    ///< for a request's body
  std::chrono::milliseconds idle_timeout{30'000};    ///< between requests of a connection
  std::chrono::milliseconds stop_timeout{10'000};    ///< for the requests in flight at a stop
};

/**
 * Serves until SIGTERM or SIGINT.
 * @param opts    where and how.
 * @param first   the handler to start with.
 * @param reload  makes a new handler on SIGHUP; when it throws a std::exception, the old one stays
 *                and the log says why.
 * @param log     the access log and the server's messages, one JSON line each.
 * @param ready   called once listening, with the port (the one the system picked for 0).
 * @throws std::system_error when it cannot listen.
 */
void serve(const server_options& opts, std::shared_ptr<const handler> first,
           std::function<std::shared_ptr<const handler>()> reload, std::ostream& log,
           const std::function<void(std::uint16_t)>& ready);

/// Whether `host` is a loopback address (127.0.0.0/8, ::1) or "localhost".
[[nodiscard]] bool is_loopback(const std::string& host);

}  // namespace carecompare_cds

#endif  // CARECOMPARE_SRC_CDS_SERVER_HPP
