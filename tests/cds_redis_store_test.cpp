// SPDX-License-Identifier: MIT
// The replay store in Redis (src/cds/redis_store.hpp) without a Redis: its address, its keys,
// and what it does when nothing answers. tests/cli/test_replay_store.py runs it against a
// redis-server.
#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <string>

#include "cds/redis_store.hpp"

namespace {

namespace cds = carecompare_cds;
using ::testing::HasSubstr;

std::string parse_error(const std::string& url) {
  try {
    (void)cds::redis_address::parse(url);
    return "(parses)";
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
}

TEST(CdsRedisAddress, ReadsHostPortAndDatabase) {
  auto a = cds::redis_address::parse("redis://127.0.0.1:6379");
  EXPECT_EQ(a.host, "127.0.0.1");
  EXPECT_EQ(a.port, 6379);
  EXPECT_EQ(a.db, 0u);
  EXPECT_EQ(a.url(), "redis://127.0.0.1:6379");
  a = cds::redis_address::parse("redis://redis.internal:7000/3");
  EXPECT_EQ(a.host, "redis.internal");
  EXPECT_EQ(a.port, 7000);
  EXPECT_EQ(a.db, 3u);
  EXPECT_EQ(a.url(), "redis://redis.internal:7000/3");
  a = cds::redis_address::parse("redis://[::1]:6379");
  EXPECT_EQ(a.host, "::1");
  EXPECT_EQ(a.url(), "redis://[::1]:6379");
}

TEST(CdsRedisAddress, SaysWhatIsWrong) {
  EXPECT_THAT(parse_error("http://127.0.0.1:6379"), HasSubstr("must start with redis://"));
  EXPECT_THAT(parse_error("127.0.0.1:6379"), HasSubstr("must start with redis://"));
  EXPECT_THAT(parse_error("redis://127.0.0.1"), HasSubstr("needs a port"));
  EXPECT_THAT(parse_error("redis://127.0.0.1:"), HasSubstr("port must be a number"));
  EXPECT_THAT(parse_error("redis://127.0.0.1:0"), HasSubstr("port must be a number from 1 to 65535"));
  EXPECT_THAT(parse_error("redis://127.0.0.1:65536"), HasSubstr("port must be a number"));
  EXPECT_THAT(parse_error("redis://127.0.0.1:6379x"), HasSubstr("port must be a number"));
  EXPECT_THAT(parse_error("redis://:6379"), HasSubstr("no host"));
  EXPECT_THAT(parse_error("redis://::1:6379"), HasSubstr("goes in brackets"));
  EXPECT_THAT(parse_error("redis://user:pw@host:6379"), HasSubstr("user or password"));
  EXPECT_THAT(parse_error("redis://host:6379/x"), HasSubstr("database after / must be a number"));
  EXPECT_THAT(parse_error("redis://host:6379/"), HasSubstr("database after / must be a number"));
  EXPECT_THAT(parse_error("redis://ho st:6379"), HasSubstr("character it cannot have"));
  EXPECT_THAT(parse_error("rediss://host:6379"), HasSubstr("e.g. redis://127.0.0.1:6379"));
}

TEST(CdsRedisStore, KeysKeepIssuersApart) {
  EXPECT_EQ(cds::redis_store::key("https://ehr.example.org", "j-1"), "carecompare:jti:23:https://ehr.example.org:j-1");
  // Without the length, these two would be the same key.
  EXPECT_NE(cds::redis_store::key("a:b", "c"), cds::redis_store::key("a", "b:c"));
}

/// A loopback port bound but not listening: a connect to it is refused.
struct closed_port {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  std::uint16_t port = 0;
  closed_port() {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
      throw std::runtime_error("no loopback port");
    }
    port = ntohs(a.sin_port);
  }
  ~closed_port() { close(fd); }
  closed_port(const closed_port&) = delete;
  closed_port& operator=(const closed_port&) = delete;
};

TEST(CdsRedisStore, NothingListeningIsAnErrorAtOnce) {
  const closed_port nobody;
  const std::string url = "redis://127.0.0.1:" + std::to_string(nobody.port);
  cds::redis_store store(cds::redis_address::parse(url));
  const auto started = std::chrono::steady_clock::now();
  EXPECT_THAT(store.problem(), HasSubstr("the replay store " + url + " cannot be used"));
  try {
    (void)store.remember("i", "j", 200, 100);
    ADD_FAILURE() << "remember() did not throw";
  } catch (const cds::replay_store_error& e) {
    EXPECT_THAT(e.what(), HasSubstr(url));
  }
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
}

}  // namespace
