// SPDX-License-Identifier: MIT
// Who may call the CDS Hooks service (src/cds/jwt.hpp): the trust file, and tokens signed by
// PyJWT with keys it makes at test time (tests/cds/make_tokens.py; no key is committed): the
// good ones pass, each bad one gets 401 with no detail and a reason in the log.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <carecompare/carecompare.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "cds/handler.hpp"
#include "cds/jwt.hpp"

namespace {

namespace cds = carecompare_cds;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

/// The tokens and the trust file of make_tokens.py: made once per build directory (each test
/// is a process of its own, and making an RSA key takes a while), in the build directory only.
/// The tests read their times from its `now`, so an older file serves as well as a new one.
const nlohmann::json& vectors() {
  static const nlohmann::json doc = [] {
    const std::string path = std::string(CARECOMPARE_TEST_BINARY_DIR) + "/cds-tokens.json";
    if (!std::filesystem::exists(path)) {
      // Made beside it and renamed, so that tests run at once never read half a file.
      const std::string made = path + "." + std::to_string(getpid());
      const std::string command = std::string("\"" CARECOMPARE_PYTHON "\" \"") + CARECOMPARE_SOURCE_DIR +
                                  "/tests/cds/make_tokens.py\" \"" + made + "\"";
      if (std::system(command.c_str()) != 0) throw std::runtime_error("failed: " + command);
      std::filesystem::rename(made, path);
    }
    std::ifstream in(path);
    return nlohmann::json::parse(in);
  }();
  return doc;
}

std::int64_t now() { return vectors().at("now").get<std::int64_t>(); }

std::string token(const std::string& name) { return vectors().at("tokens").at(name).get<std::string>(); }

/// A service that trusts the test issuer, with its own replay cache.
struct signed_service {
  std::shared_ptr<cds::replay_cache> seen = std::make_shared<cds::replay_cache>();
  cds::handler h;
  signed_service() : h({carecompare::catalog::builtin()}, options_with(seen)) {}

  static cds::options options_with(std::shared_ptr<cds::replay_store> cache) {
    cds::options o;
    o.public_url = vectors().at("public_url").get<std::string>() + "/";  // a trailing slash is ignored
    o.auth = std::make_shared<const cds::verifier>(cds::trust::from_json(vectors().at("trust")), std::move(cache));
    return o;
  }

  /// GET or POST with `Authorization: Bearer <tok>` (no header when `tok` is empty), at `at`.
  cds::response send(const std::string& tok, bool post = false, std::int64_t at = now()) const {
    static const std::string body =
        R"({"hook": "patient-view", "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
            "context": {"userId": "Practitioner/1", "patientId": "1"}, "prefetch": {"conditions": null}})";
    const std::string authorization = "Bearer " + tok;
    cds::request req{post ? "POST" : "GET",
                     post ? "/cds-services/metastatic-breast-cancer" : "/cds-services",
                     {{"Content-Type", "application/json"}},
                     post ? std::string_view(body) : std::string_view(),
                     at};
    if (!tok.empty()) req.headers.emplace_back("Authorization", authorization);
    return h(req);
  }
};

void expect_refused(const cds::response& r, const std::string& why) {
  EXPECT_EQ(r.status, 401u) << why;
  EXPECT_THAT(r.log_reason, HasSubstr(why));
  // No detail for the caller: the same body whatever the reason.
  EXPECT_EQ(nlohmann::json::parse(r.body),
            nlohmann::json::parse(R"({"error": {"status": 401, "message": "not authorized"}})"));
}

TEST(CdsJwt, GoodTokensPass) {
  const signed_service s;
  EXPECT_EQ(s.send(token("good_es384"), true).status, 200u);
  EXPECT_EQ(s.send(token("good_rs384"), true).status, 200u);
  EXPECT_EQ(s.send(token("good_discovery")).status, 200u);  // aud an array holding the URL
  EXPECT_EQ(s.send(token("good_jku"), true).status, 200u);
  EXPECT_EQ(s.send(token("good_short_lived"), true).status, 200u);  // expired 30 s ago: within the leeway
  EXPECT_EQ(s.seen->size(), 5u);
}

TEST(CdsJwt, EachBadTokenGets401) {
  const signed_service s;
  expect_refused(s.send(token("tampered"), true), "signature does not verify");
  expect_refused(s.send(token("alg_none"), true), "alg \"none\" is not taken");
  expect_refused(s.send(token("hs384_public_key"), true), "alg \"HS384\" is not taken");
  expect_refused(s.send(token("expired"), true), "expired");
  expect_refused(s.send(token("issued_in_future"), true), "issued in the future");
  expect_refused(s.send(token("wrong_aud"), true), "aud is not the URL called");
  expect_refused(s.send(token("unknown_iss"), true), "is not trusted");
  expect_refused(s.send(token("unknown_kid"), true), "is not a key of its issuer");
  expect_refused(s.send(token("untrusted_key"), true), "signature does not verify");
  expect_refused(s.send(token("rs384_with_ec_kid"), true), "does not fit the key");
  expect_refused(s.send(token("jku_not_listed"), true), "jku is not listed");
  expect_refused(s.send(token("no_jti"), true), "no jti");
  expect_refused(s.send(token("no_exp"), true), "no exp");
  expect_refused(s.send(token("far_future_exp"), true), "too far ahead");
  expect_refused(s.send(token("not_a_token"), true), "not base64url JSON");
  expect_refused(s.send("", true), "no Authorization header");
  // A token for the discovery endpoint is not one for the service, and the reverse.
  expect_refused(s.send(token("good_discovery"), true), "aud is not the URL called");
  expect_refused(s.send(token("good_es384")), "aud is not the URL called");
  EXPECT_EQ(s.seen->size(), 0u);  // nothing refused was remembered
}

TEST(CdsJwt, AReplayedTokenGets401) {
  const signed_service s;
  EXPECT_EQ(s.send(token("good_es384"), true).status, 200u);
  expect_refused(s.send(token("good_es384"), true), "replayed");
  // The cache is the service's, not the verifier's: a reload of the trust file keeps it.
  const cds::handler reloaded({carecompare::catalog::builtin()}, signed_service::options_with(s.seen));
  cds::request again{"POST", "/cds-services/metastatic-breast-cancer", {}, "", now()};
  const std::string authorization = "Bearer " + token("good_es384");
  again.headers.emplace_back("Authorization", authorization);
  expect_refused(reloaded(again), "replayed");
}

TEST(CdsJwt, TimesHaveALeewayOfAMinute) {
  const signed_service s;
  // good_rs384 expires at now + 300.
  expect_refused(s.send(token("good_rs384"), true, now() + 360), "expired");
  EXPECT_EQ(s.send(token("good_rs384"), true, now() + 359).status, 200u);
  // issued_in_future was issued at now + 300.
  expect_refused(s.send(token("issued_in_future"), true, now() + 239), "issued in the future");
  EXPECT_EQ(s.send(token("issued_in_future"), true, now() + 240).status, 200u);
}

TEST(CdsJwt, HealthNeedsNoToken) {
  const signed_service s;
  cds::request req{"GET", "/healthz", {}, "", now()};
  EXPECT_EQ(s.h(req).status, 200u);
}

/// A replay store that cannot be reached, as a Redis that is down.
struct unreachable_store final : cds::replay_store {
  std::string remember(const std::string&, const std::string&, std::int64_t, std::int64_t) override {
    throw cds::replay_store_error(
        "the replay store redis://redis.internal.example:6379 cannot be used: Connection refused");
  }
  std::string problem() override { return "the replay store redis://redis.internal.example:6379 cannot be used: down"; }
};

TEST(CdsJwt, AStoreThatCannotBeReachedFailsClosed) {
  const cds::handler h({carecompare::catalog::builtin()},
                       signed_service::options_with(std::make_shared<unreachable_store>()));
  cds::request call{"GET", "/cds-services", {}, "", now()};
  const std::string authorization = "Bearer " + token("good_discovery");
  call.headers.emplace_back("Authorization", authorization);
  const cds::response r = h(call);
  EXPECT_EQ(r.status, 503u);
  EXPECT_TRUE(r.replay_store_failed);
  EXPECT_THAT(r.body, HasSubstr("the replay store cannot be reached"));
  EXPECT_THAT(r.body, Not(HasSubstr("redis.internal.example")));  // the store's address is for the log only
  EXPECT_THAT(r.log_reason, HasSubstr("redis://redis.internal.example:6379"));
  EXPECT_THAT(r.headers, Contains(std::pair<std::string, std::string>("Retry-After", "1")));

  // A token refused for another reason is refused before the store is asked.
  cds::request bad = call;
  const std::string expired = "Bearer " + token("expired");  // outlives the request's views
  bad.headers = {{"Authorization", expired}};
  EXPECT_EQ(h(bad).status, 401u);

  const cds::response health = h(cds::request{"GET", "/healthz", {}, "", now()});
  EXPECT_EQ(health.status, 503u);
  const auto doc = nlohmann::json::parse(health.body);
  EXPECT_EQ(doc["status"], "unavailable");
  EXPECT_THAT(doc["reason"].get<std::string>(), HasSubstr("the replay store cannot be reached"));
  EXPECT_EQ(doc["services"], nlohmann::json::array({"metastatic-breast-cancer"}));
  EXPECT_THAT(health.body, Not(HasSubstr("redis.internal.example")));
  EXPECT_THAT(health.log_reason, HasSubstr("down"));
}

TEST(CdsReplayCache, BoundedBySizeAndExpiry) {
  cds::replay_cache cache(2);
  EXPECT_EQ(cache.remember("i", "a", 100, 0), "");
  EXPECT_EQ(cache.remember("j", "a", 100, 0), "");  // another issuer's jti
  EXPECT_THAT(cache.remember("i", "a", 100, 0), HasSubstr("replayed"));
  EXPECT_THAT(cache.remember("i", "b", 100, 0), HasSubstr("full"));  // fails closed
  EXPECT_EQ(cache.remember("i", "b", 200, 101), "");                 // the others expired and were forgotten
  EXPECT_EQ(cache.size(), 1u);
}

/// The trust_error of a trust document, "" when it loads.
std::string pointer_of(const nlohmann::json& doc) {
  try {
    (void)cds::trust::from_json(doc);
    return "(loads)";
  } catch (const cds::trust_error& e) {
    EXPECT_THAT(e.what(), HasSubstr(e.pointer().empty() ? "(file)" : e.pointer()));
    return e.pointer();
  }
}

TEST(CdsTrust, ABadFileIsRefusedWithItsPointer) {
  const nlohmann::json good = vectors().at("trust");
  EXPECT_EQ(pointer_of(good), "(loads)");
  const auto with = [&](const char* pointer, const nlohmann::json& value) {
    nlohmann::json d = good;
    d[nlohmann::json::json_pointer(pointer)] = value;
    return d;
  };
  const auto without = [&](const char* pointer) {
    nlohmann::json d = good;
    const nlohmann::json::json_pointer p(pointer);
    d[p.parent_pointer()].erase(p.back());
    return d;
  };
  EXPECT_EQ(pointer_of(nlohmann::json::array()), "");
  EXPECT_EQ(pointer_of(with("/colour", 1)), "/colour");
  EXPECT_EQ(pointer_of(without("/issuers/0/iss")), "/issuers/0/iss");
  EXPECT_EQ(pointer_of(without("/issuers/0/jwks/keys/1/kid")), "/issuers/0/jwks/keys/1/kid");
  EXPECT_EQ(pointer_of(with("/issuers/0/jwks/keys/0/d", "AAAA")), "/issuers/0/jwks/keys/0");
  EXPECT_EQ(pointer_of(with("/issuers/0/jwks/keys/0/crv", "P-256")), "/issuers/0/jwks/keys/0/crv");
  EXPECT_EQ(pointer_of(with("/issuers/0/jwks/keys/0/kty", "oct")), "/issuers/0/jwks/keys/0/kty");
  EXPECT_EQ(pointer_of(with("/issuers/0/jwks/keys/0/x", "not base64!")), "/issuers/0/jwks/keys/0/x");
  EXPECT_EQ(pointer_of(with("/issuers/0/jwks/keys/0/alg", "RS384")), "/issuers/0/jwks/keys/0/alg");
  EXPECT_EQ(pointer_of(with("/issuers/0/jwks/keys/0/use", "enc")), "/issuers/0/jwks/keys/0/use");
  EXPECT_EQ(pointer_of(with("/issuers/0/jwks/keys/1/kid", "ec-1")), "/issuers/0/jwks/keys/1/kid");
  EXPECT_EQ(pointer_of(with("/issuers/0/jku/0", 3)), "/issuers/0/jku/0");
  EXPECT_EQ(pointer_of(with("/issuers/1", good["issuers"][0])), "/issuers/1/iss");  // listed twice
  EXPECT_EQ(pointer_of(with("/issuers/0/jwks/keys/1", vectors().at("rsa_1024"))), "/issuers/0/jwks/keys/1/n");
  // A point off the curve: y of another point.
  nlohmann::json off = good;
  std::string y = off["issuers"][0]["jwks"]["keys"][0]["y"];
  y[0] = y[0] == 'A' ? 'B' : 'A';
  off["issuers"][0]["jwks"]["keys"][0]["y"] = y;
  EXPECT_EQ(pointer_of(off), "/issuers/0/jwks/keys/0");
}

TEST(CdsTrust, AFileThatIsNotJsonSaysWhere) {
  const std::string path =
      std::string(CARECOMPARE_TEST_BINARY_DIR) + "/cds-trust-" + std::to_string(getpid()) + ".json";
  std::ofstream(path) << "{\"issuers\": [\n  oops]}";
  try {
    (void)cds::trust::from_file(path);
    ADD_FAILURE() << "loaded";
  } catch (const cds::trust_error& e) {
    EXPECT_THAT(e.what(), HasSubstr("line 2, column 3"));
  }
  std::filesystem::remove(path);
  EXPECT_THROW((void)cds::trust::from_file(path), cds::trust_error);  // no such file
}

TEST(CdsBase64url, DecodesTheUnpaddedAlphabetOnly) {
  EXPECT_EQ(cds::base64url_decode("").value(), "");
  EXPECT_EQ(cds::base64url_decode("Zm9vYmFy").value(), "foobar");
  EXPECT_EQ(cds::base64url_decode("Zm9vYg").value(), "foob");
  EXPECT_EQ(cds::base64url_decode("-_8").value(), "\xfb\xff");
  EXPECT_FALSE(cds::base64url_decode("Zm9vYg=="));  // padding
  EXPECT_FALSE(cds::base64url_decode("+/8"));       // the other alphabet
  EXPECT_FALSE(cds::base64url_decode("Zm9vY"));     // a length no bytes have
  EXPECT_FALSE(cds::base64url_decode("Zm9vYh"));    // bits left over
}

}  // namespace
