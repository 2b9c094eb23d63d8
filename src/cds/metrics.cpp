// SPDX-License-Identifier: MIT
// The CDS Hooks service's counts in Prometheus' text format (metrics.hpp).
#include "cds/metrics.hpp"

#include <fmt/format.h>

#include <iterator>
#include <string>
#include <utility>

namespace carecompare_cds {

namespace {

/// A label value as the text format writes it: `\`, `"` and a line feed escaped.
std::string label_value(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

void metrics::record(std::string_view route, unsigned status, std::chrono::microseconds took) {
  const auto us = static_cast<std::uint64_t>(took.count() < 0 ? 0 : took.count());
  std::size_t bucket = 0;
  while (bucket < bucket_bounds_us.size() && us > bucket_bounds_us[bucket]) ++bucket;
  const std::lock_guard lock(mutex_);
  auto it = routes_.find(route);
  if (it == routes_.end()) it = routes_.emplace(std::string(route), route_counts{}).first;
  route_counts& r = it->second;
  ++r.by_status[status];
  if (bucket < bucket_bounds_us.size()) ++r.buckets[bucket];  // past the last bound: only in +Inf (count)
  ++r.count;
  r.sum_us += us;
}

void metrics::record_replay_store_error() {
  const std::lock_guard lock(mutex_);
  ++replay_store_errors_;
}

std::string metrics::text(std::size_t open_connections) const {
  std::map<std::string, route_counts, std::less<>> routes;
  std::uint64_t replay_store_errors = 0;
  {
    const std::lock_guard lock(mutex_);
    routes = routes_;
    replay_store_errors = replay_store_errors_;
  }
  std::string out;
  auto to = std::back_inserter(out);
  out +=
      "# HELP carecompare_cds_requests_total Requests answered, by route and status.\n"
      "# TYPE carecompare_cds_requests_total counter\n";
  for (const auto& [route, r] : routes) {
    for (const auto& [status, n] : r.by_status) {
      fmt::format_to(to, "carecompare_cds_requests_total{{route=\"{}\",status=\"{}\"}} {}\n", label_value(route),
                     status, n);
    }
  }
  out +=
      "# HELP carecompare_cds_request_duration_seconds Time from a request's header read to its answer sent.\n"
      "# TYPE carecompare_cds_request_duration_seconds histogram\n";
  for (const auto& [route, r] : routes) {
    const std::string label = label_value(route);
    std::uint64_t below = 0;
    for (std::size_t i = 0; i < bucket_bounds_us.size(); ++i) {
      below += r.buckets[i];
      fmt::format_to(to, "carecompare_cds_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n", label,
                     static_cast<double>(bucket_bounds_us[i]) / 1e6, below);
    }
    fmt::format_to(to, "carecompare_cds_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n", label,
                   r.count);
    fmt::format_to(to, "carecompare_cds_request_duration_seconds_sum{{route=\"{}\"}} {}\n", label,
                   static_cast<double>(r.sum_us) / 1e6);
    fmt::format_to(to, "carecompare_cds_request_duration_seconds_count{{route=\"{}\"}} {}\n", label, r.count);
  }
  fmt::format_to(to,
                 "# HELP carecompare_cds_open_connections Connections open now.\n"
                 "# TYPE carecompare_cds_open_connections gauge\n"
                 "carecompare_cds_open_connections {}\n"
                 "# HELP carecompare_cds_replay_store_errors_total Requests refused because the replay store could "
                 "not be used.\n"
                 "# TYPE carecompare_cds_replay_store_errors_total counter\n"
                 "carecompare_cds_replay_store_errors_total {}\n",
                 open_connections, replay_store_errors);
  return out;
}

response metrics::answer(const request& req, std::size_t open_connections) const {
  response r;
  if (req.method == "GET" || req.method == "HEAD") {
    r.headers.emplace_back("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    r.body = text(open_connections);
  } else {
    r = method_not_allowed("GET");
  }
  r.route = std::string(metrics_path);
  return r;
}

}  // namespace carecompare_cds
