// SPDX-License-Identifier: MIT
/**
 * @file cds/redis_store.hpp
 * The replay store shared by the replicas of a service (`--replay-store redis://HOST:PORT`):
 * each `jti` is a key in Redis, set only when it is not there, so a token used at one replica is
 * refused at every other. hiredis (Debian's libhiredis-dev) talks to Redis.
 *
 * - The key: `carecompare:jti:<length of iss>:<iss>:<jti>`. The length keeps two issuers apart
 *   even when an `iss` holds a `:`. The command: `SET <key> 1 NX EX <seconds>`, the seconds
 *   until the token's `exp` and the leeway, at least 1; Redis forgets the key then.
 * - Every connect and every command is bounded by `timeout`: no request waits longer on a Redis
 *   that is down or slow. (A host name is resolved at each connect by the system's resolver,
 *   which that bound does not cover.)
 * - A connection is used by one thread at a time: they wait in a small pool, under a mutex; one
 *   that had an error is closed, and the next call connects again.
 * - When Redis cannot be reached, or answers with an error, remember() and problem() say so:
 *   the service then refuses calls (503) rather than let a replay through.
 */
#ifndef CARECOMPARE_SRC_CDS_REDIS_STORE_HPP
#define CARECOMPARE_SRC_CDS_REDIS_STORE_HPP

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "cds/jwt.hpp"

struct redisContext;  // hiredis' connection, kept out of this header

namespace carecompare_cds {

/// Where Redis is: `redis://HOST:PORT` or `redis://HOST:PORT/DB`.
struct redis_address {
  std::string host;        ///< a name or an IPv4 address; an IPv6 one without its brackets
  std::uint16_t port = 0;  ///< its TCP port
  unsigned db = 0;         ///< the database number (`SELECT`)

  /**
   * Reads `redis://HOST:PORT[/DB]` (`[ADDRESS]` for an IPv6 host).
   * @throws std::invalid_argument saying what is wrong, with an example.
   */
  [[nodiscard]] static redis_address parse(std::string_view url);
  /// @return the address as parse() takes it.
  [[nodiscard]] std::string url() const;
};

/// The replay store in Redis (see the file comment).
class redis_store final : public replay_store {
 public:
  /**
   * Connects at its first use, not here (a Redis that is down at start is a problem() then).
   * @param where   the server.
   * @param timeout for each connect and each command.
   */
  explicit redis_store(redis_address where, std::chrono::milliseconds timeout = std::chrono::milliseconds(250));
  ~redis_store() override;

  /// `SET` the key of `iss` and `jti` (see the file comment).
  /// @throws replay_store_error when Redis cannot be reached or answers with an error.
  [[nodiscard]] std::string remember(const std::string& iss, const std::string& jti, std::int64_t exp,
                                     std::int64_t now) override;
  /// `PING`: "" when Redis answers PONG; else why not, naming its address.
  [[nodiscard]] std::string problem() override;

  /// @return the key of `jti` of `iss`.
  [[nodiscard]] static std::string key(std::string_view iss, std::string_view jti);

 private:
  struct context_free {
    void operator()(redisContext* c) const noexcept;
  };
  using connection = std::unique_ptr<redisContext, context_free>;

  /// Runs one command on a pooled connection; its reply as text ("" for nil), or throws
  /// replay_store_error.
  std::string command(const std::vector<std::string>& args, bool& nil);
  connection take();
  void give_back(connection c);
  [[nodiscard]] std::string failure(std::string_view why) const;

  redis_address where_;
  std::chrono::milliseconds timeout_;
  std::mutex mutex_;
  std::vector<connection> idle_;  // under mutex_
};

}  // namespace carecompare_cds

#endif  // CARECOMPARE_SRC_CDS_REDIS_STORE_HPP
