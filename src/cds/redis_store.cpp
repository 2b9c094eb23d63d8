// SPDX-License-Identifier: MIT
// The replay store in Redis (redis_store.hpp), through hiredis.
#include "cds/redis_store.hpp"

#include <hiredis.h>
#include <sys/time.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>

namespace carecompare_cds {

namespace {

constexpr std::string_view scheme = "redis://";
constexpr std::size_t idle_most = 16;  // connections kept open between calls

[[noreturn]] void bad_url(std::string_view url, std::string_view why) {
  throw std::invalid_argument('"' + std::string(url) + "\" is not a Redis address: " + std::string(why) +
                              " (give redis://HOST:PORT or redis://HOST:PORT/DB, e.g. redis://127.0.0.1:6379)");
}

/// A whole decimal number up to `most`, or nullopt.
std::optional<unsigned> number(std::string_view text, unsigned most) {
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || value > most) return std::nullopt;
  return value;
}

timeval to_timeval(std::chrono::milliseconds ms) {
  timeval tv{};
  tv.tv_sec = static_cast<decltype(tv.tv_sec)>(ms.count() / 1000);
  tv.tv_usec = static_cast<decltype(tv.tv_usec)>((ms.count() % 1000) * 1000);
  return tv;
}

struct reply_free {
  void operator()(redisReply* r) const noexcept { freeReplyObject(r); }
};

}  // namespace

redis_address redis_address::parse(std::string_view url) {
  if (!url.starts_with(scheme)) bad_url(url, "it must start with redis://");
  std::string_view rest = url.substr(scheme.size());
  redis_address out;
  if (const std::size_t slash = rest.find('/'); slash != std::string_view::npos) {
    const auto db = number(rest.substr(slash + 1), 1'000'000);
    if (!db) bad_url(url, "the database after / must be a number");
    out.db = *db;
    rest = rest.substr(0, slash);
  }
  if (rest.find('@') != std::string_view::npos) bad_url(url, "a user or password is not taken");
  const std::size_t colon = rest.rfind(':');
  if (colon == std::string_view::npos) bad_url(url, "it needs a port");
  std::string_view host = rest.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string_view::npos) {
    bad_url(url, "an IPv6 address goes in brackets, e.g. redis://[::1]:6379");
  }
  if (host.empty()) bad_url(url, "it has no host");
  for (const char c : host) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '-' && c != '.' && c != ':' && c != '_') {
      bad_url(url, "the host has a character it cannot have");
    }
  }
  const auto port = number(rest.substr(colon + 1), 65535);
  if (!port || *port == 0) bad_url(url, "the port must be a number from 1 to 65535");
  out.host = std::string(host);
  out.port = static_cast<std::uint16_t>(*port);
  return out;
}

std::string redis_address::url() const {
  const bool v6 = host.find(':') != std::string::npos;
  return std::string(scheme) + (v6 ? "[" + host + "]" : host) + ':' + std::to_string(port) +
         (db != 0 ? '/' + std::to_string(db) : "");
}

void redis_store::context_free::operator()(redisContext* c) const noexcept { redisFree(c); }

redis_store::redis_store(redis_address where, std::chrono::milliseconds timeout)
    : where_(std::move(where)), timeout_(timeout) {}

redis_store::~redis_store() = default;

std::string redis_store::key(std::string_view iss, std::string_view jti) {
  return "carecompare:jti:" + std::to_string(iss.size()) + ':' + std::string(iss) + ':' + std::string(jti);
}

std::string redis_store::failure(std::string_view why) const {
  return "the replay store " + where_.url() + " cannot be used: " + std::string(why);
}

redis_store::connection redis_store::take() {
  {
    const std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      connection c = std::move(idle_.back());
      idle_.pop_back();
      return c;
    }
  }
  const timeval tv = to_timeval(timeout_);
  connection c(redisConnectWithTimeout(where_.host.c_str(), where_.port, tv));
  if (!c) throw replay_store_error(failure("no memory for a connection"));
  if (c->err != 0) throw replay_store_error(failure(c->errstr));
  if (redisSetTimeout(c.get(), tv) != REDIS_OK) throw replay_store_error(failure(c->errstr));
  if (where_.db != 0) {
    const std::string db = std::to_string(where_.db);
    const char* argv[] = {"SELECT", db.c_str()};
    const std::size_t lens[] = {6, db.size()};
    const std::unique_ptr<redisReply, reply_free> r(static_cast<redisReply*>(redisCommandArgv(c.get(), 2, argv, lens)));
    if (!r) throw replay_store_error(failure(c->errstr));
    if (r->type == REDIS_REPLY_ERROR) throw replay_store_error(failure(std::string(r->str, r->len)));
  }
  return c;
}

void redis_store::give_back(connection c) {
  const std::lock_guard lock(mutex_);
  if (idle_.size() < idle_most) idle_.push_back(std::move(c));
}

std::string redis_store::command(const std::vector<std::string>& args, bool& nil) {
  connection c = take();
  std::vector<const char*> argv;
  std::vector<std::size_t> lens;
  for (const auto& a : args) {
    argv.push_back(a.data());
    lens.push_back(a.size());
  }
  const std::unique_ptr<redisReply, reply_free> r(
      static_cast<redisReply*>(redisCommandArgv(c.get(), static_cast<int>(argv.size()), argv.data(), lens.data())));
  // No reply: the connection failed (closed, timed out) and is dropped; the next call connects.
  if (!r) throw replay_store_error(failure(c->errstr[0] != '\0' ? c->errstr : "no reply"));
  nil = r->type == REDIS_REPLY_NIL;
  std::string text = r->str != nullptr ? std::string(r->str, r->len) : std::string();
  if (r->type == REDIS_REPLY_ERROR) {
    give_back(std::move(c));  // Redis answered: the connection works
    throw replay_store_error(failure("Redis answered " + text));
  }
  give_back(std::move(c));
  return text;
}

std::string redis_store::remember(const std::string& iss, const std::string& jti, std::int64_t exp, std::int64_t now) {
  const std::int64_t seconds = std::max<std::int64_t>(1, exp - now);
  bool nil = false;
  const std::string answer = command({"SET", key(iss, jti), "1", "NX", "EX", std::to_string(seconds)}, nil);
  if (nil) return std::string(replayed_token);
  if (answer != "OK") throw replay_store_error(failure("SET answered \"" + answer + '"'));
  return {};
}

std::string redis_store::problem() {
  try {
    bool nil = false;
    const std::string answer = command({"PING"}, nil);
    return answer == "PONG" ? std::string() : failure("PING answered \"" + answer + '"');
  } catch (const replay_store_error& e) {
    return e.what();
  }
}

}  // namespace carecompare_cds
