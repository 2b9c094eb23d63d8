// SPDX-License-Identifier: MIT
/**
 * @file cds/metrics.hpp
 * What `GET /metrics` of the CDS Hooks service says, in Prometheus' text exposition format
 * (version 0.0.4): the requests answered by route and status, a histogram of the time each took,
 * the connections open, and the requests on which the replay store failed (jwt.hpp). The server records every answer here, from any of its threads.
 *
 * ```
 * # HELP carecompare_cds_requests_total Requests answered, by route and status.
 * # TYPE carecompare_cds_requests_total counter
 * carecompare_cds_requests_total{route="/cds-services",status="200"} 3
 * # TYPE carecompare_cds_request_duration_seconds histogram
 * carecompare_cds_request_duration_seconds_bucket{route="/cds-services",le="0.0005"} 2
 * ...
 * carecompare_cds_request_duration_seconds_bucket{route="/cds-services",le="+Inf"} 3
 * carecompare_cds_request_duration_seconds_sum{route="/cds-services"} 0.001234
 * carecompare_cds_request_duration_seconds_count{route="/cds-services"} 3
 * # TYPE carecompare_cds_open_connections gauge
 * carecompare_cds_open_connections 1
 * # TYPE carecompare_cds_replay_store_errors_total counter
 * carecompare_cds_replay_store_errors_total 0
 * ```
 *
 * A route is what the access log names a request by (response::route: `/cds-services`,
 * `/cds-services/{id}` with a service's id, `/healthz`, `/metrics`, or `other`), so the labels
 * hold no patient, no code and nothing a caller wrote. The time is from the request's header
 * read to its answer being sent, as the log's `us`. `/metrics`, like `/healthz`, needs no token.
 */
#ifndef CARECOMPARE_SRC_CDS_METRICS_HPP
#define CARECOMPARE_SRC_CDS_METRICS_HPP

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "cds/handler.hpp"

namespace carecompare_cds {

/// The path `GET /metrics` answers on.
inline constexpr std::string_view metrics_path = "/metrics";

/// The service's counts since it started; safe from any number of threads.
class metrics {
 public:
  /// The upper bounds of the histogram's buckets, in microseconds (its `le`, written in
  /// seconds: 0.0005 to 2.5; `+Inf` comes after).
  static constexpr std::array<std::uint64_t, 12> bucket_bounds_us = {
      500, 1'000, 2'500, 5'000, 10'000, 25'000, 50'000, 100'000, 250'000, 500'000, 1'000'000, 2'500'000};

  /// Counts an answer: its route (response::route), its status and the time it took.
  void record(std::string_view route, unsigned status, std::chrono::microseconds took);
  /// Counts a request on which the replay store failed (response::replay_store_failed).
  void record_replay_store_error();

  /**
   * The counts in Prometheus' text format, routes and statuses in order.
   * @param open_connections the connections open now (the server keeps that count).
   */
  [[nodiscard]] std::string text(std::size_t open_connections) const;

  /**
   * The answer to a request for metrics_path: 200 with text() for GET and HEAD
   * (`Content-Type: text/plain; version=0.0.4; charset=utf-8`), 405 otherwise.
   */
  [[nodiscard]] response answer(const request& req, std::size_t open_connections) const;

 private:
  struct route_counts {
    std::map<unsigned, std::uint64_t> by_status;
    std::array<std::uint64_t, bucket_bounds_us.size()> buckets{};  // not cumulative: one count per bucket
    std::uint64_t count = 0;
    std::uint64_t sum_us = 0;
  };
  mutable std::mutex mutex_;  // held for the few additions of record() and the copy text() makes
  std::map<std::string, route_counts, std::less<>> routes_;
  std::uint64_t replay_store_errors_ = 0;  // under mutex_
};

}  // namespace carecompare_cds

#endif  // CARECOMPARE_SRC_CDS_METRICS_HPP
