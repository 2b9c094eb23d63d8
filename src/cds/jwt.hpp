// SPDX-License-Identifier: MIT
/**
 * @file cds/jwt.hpp
 * Who may call the CDS Hooks service: the trust file, and the check of the JSON Web Token
 * (RFC 7519, signed as RFC 7515 says) that CDS Hooks 2.0 puts on every call
 * (`Authorization: Bearer <JWT>`).
 *
 * **The trust file** lists the issuers allowed and their public keys; nothing is ever fetched:
 * ```
 * {"issuers": [{"iss": "https://ehr.example.org",
 *               "jwks": {"keys": [{"kty": "EC", "crv": "P-384", "kid": "k1", "x": "...", "y": "..."}]},
 *               "jku": ["https://ehr.example.org/jwks.json"]}]}
 * ```
 * `jku` is optional: a token whose header carries a `jku` must name one listed for its issuer
 * (it is never fetched). Each key needs a `kid` (unique within its issuer) and is an EC key on
 * P-384 (for ES384) or an RSA key of at least 2048 bits (for RS384); `use`, when given, is
 * `sig`, and `alg`, when given, is the one its type takes. A private key (`d`) is refused.
 * Any other problem is refused too (trust_error, with the JSON Pointer of its spot).
 *
 * **A token passes** when all of these hold, and is refused otherwise:
 * - three base64url parts; the header's `alg` is ES384 or RS384 (never `none` nor an HMAC),
 *   `typ` is "JWT", no `crit`;
 * - `iss` is a listed issuer, `kid` names one of its keys, and that key's type is the one `alg`
 *   needs; a `jku` is listed for the issuer;
 * - the signature verifies (OpenSSL 3: ECDSA P-384 or RSASSA-PKCS1-v1_5, both with SHA-384);
 * - `aud` (a string, or an array of strings) holds the URL called;
 * - `exp` is after now and `iat` (and `nbf`, when given) not after it, each with `leeway`;
 *   `exp` at most `max_lifetime` after now;
 * - `jti` was not seen before from that issuer (the replay store), which then keeps it until it
 *   expires (and `leeway` after). When the store cannot tell, verify() throws
 *   replay_store_error: the call is refused, never let through.
 */
#ifndef CARECOMPARE_SRC_CDS_JWT_HPP
#define CARECOMPARE_SRC_CDS_JWT_HPP

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct evp_pkey_st;  // OpenSSL's EVP_PKEY, kept out of this header

namespace carecompare_cds {

/// A trust file that cannot be used: what() is "<pointer>: <message>" ("(file)" for the whole
/// file, "line L, column C" for JSON that does not parse).
class trust_error : public std::runtime_error {
 public:
  trust_error(std::string pointer, const std::string& message);
  /// @return the JSON Pointer of the problem in the file ("" for the whole file).
  [[nodiscard]] const std::string& pointer() const noexcept { return pointer_; }

 private:
  std::string pointer_;
};

/// The issuers a service trusts and their keys (see the file comment). Immutable.
class trust {
 public:
  /// A public key of an issuer.
  struct key {
    std::string kid;                    ///< its `kid`
    std::string alg;                    ///< "ES384" for an EC key, "RS384" for an RSA key
    std::shared_ptr<evp_pkey_st> pkey;  ///< the key, for OpenSSL
  };
  /// An issuer allowed.
  struct issuer {
    std::string iss;               ///< its `iss`
    std::vector<key> keys;         ///< its keys
    std::vector<std::string> jku;  ///< the `jku` its tokens may name
  };

  /**
   * Reads a trust document.
   * @throws trust_error naming the spot.
   */
  [[nodiscard]] static trust from_json(const nlohmann::json& doc);
  /**
   * Reads a trust file.
   * @throws trust_error naming the file's problem (it cannot be read, is not JSON, or what
   *         from_json() refuses).
   */
  [[nodiscard]] static trust from_file(const std::filesystem::path& path);

  /// @return the issuers, in the file's order.
  [[nodiscard]] const std::vector<issuer>& issuers() const noexcept { return issuers_; }

 private:
  std::vector<issuer> issuers_;
};

/// Why a token whose `jti` a replay store holds is refused, for the log.
inline constexpr std::string_view replayed_token = "jti seen before: a replayed token";

/// The replay store cannot say whether a `jti` was seen (it cannot be reached, or it answered
/// with an error): the call is refused 503 rather than let a replay through. what() is for the
/// log only: it may name the store's address.
class replay_store_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/**
 * Where the `jti`s seen are kept, each until its token expires: shared by the verifiers of a
 * service (a reload of the trust file keeps it), safe from any number of threads. Two kinds:
 * replay_cache, in this process, and redis_store (redis_store.hpp), shared by the replicas of a
 * service through Redis.
 */
class replay_store {
 public:
  replay_store() = default;
  replay_store(const replay_store&) = delete;
  replay_store& operator=(const replay_store&) = delete;
  virtual ~replay_store() = default;

  /**
   * Records `jti` of `iss` until `exp` (seconds since the Unix epoch), unless it is there.
   * @return "" when it was not seen; else why the token is refused.
   * @throws replay_store_error when the store cannot tell.
   */
  [[nodiscard]] virtual std::string remember(const std::string& iss, const std::string& jti, std::int64_t exp,
                                             std::int64_t now) = 0;
  /// @return "" when the store can be used now; else why not (for the log: it may name an address).
  [[nodiscard]] virtual std::string problem() = 0;
};

/// How many unexpired `jti`s a replay_cache holds unless told (`carecompare serve
/// --replay-cache-size`).
inline constexpr std::size_t default_replay_cache_capacity = 100'000;

/**
 * The `jti`s seen, in this process. Bounded: past `capacity` unexpired entries it refuses new
 * tokens (fails closed) rather than forget one.
 */
class replay_cache final : public replay_store {
 public:
  /// @param capacity the most `jti`s it holds at once.
  explicit replay_cache(std::size_t capacity = default_replay_cache_capacity) : capacity_(capacity) {}

  /// Records `jti` of `iss` until `exp`, after forgetting what expired by `now`; never throws
  /// replay_store_error.
  [[nodiscard]] std::string remember(const std::string& iss, const std::string& jti, std::int64_t exp,
                                     std::int64_t now) override;
  /// @return "": it is always there.
  [[nodiscard]] std::string problem() override { return {}; }
  /// @return how many `jti`s it holds.
  [[nodiscard]] std::size_t size() const;

 private:
  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, std::int64_t> seen_;                  // (iss, jti) -> exp
  std::set<std::pair<std::int64_t, std::pair<std::string, std::string>>> by_expiry_;  // to forget the expired
};

/// Bounds of a token's times, in seconds.
struct verify_options {
  std::int64_t leeway = 60;                 ///< clock skew allowed on exp, iat and nbf
  std::int64_t max_lifetime = 3600;         ///< latest `exp` taken, after now (a replay cache entry lives that long)
  std::size_t max_token_bytes = 16 * 1024;  ///< longest Authorization header taken
};

/// Checks the tokens of calls (see the file comment).
class verifier {
 public:
  /// @param t the issuers trusted. @param seen the replay store. @param opts the times' bounds.
  verifier(trust t, std::shared_ptr<replay_store> seen, verify_options opts = {});

  /**
   * Checks a call's Authorization header.
   * @param authorization the header's value ("Bearer <JWT>"), or nullopt when there is none.
   * @param audience      the URL called (the service's public URL and the path).
   * @param now           seconds since the Unix epoch.
   * @return "" when the token passes (its `jti` is then remembered); else why not, for the
   *         log only (never for the caller).
   * @throws replay_store_error when the token passes all but the replay check, and the replay
   *         store cannot tell whether its `jti` was seen.
   */
  [[nodiscard]] std::string verify(std::optional<std::string_view> authorization, std::string_view audience,
                                   std::int64_t now) const;

  /// @return the replay store's problem(): "" when it can be used now.
  [[nodiscard]] std::string store_problem() const { return seen_->problem(); }

 private:
  trust trust_;
  std::shared_ptr<replay_store> seen_;
  verify_options options_;
};

/// The bytes of base64url text without padding (RFC 4648 section 5), or nullopt when it is not.
[[nodiscard]] std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace carecompare_cds

#endif  // CARECOMPARE_SRC_CDS_JWT_HPP
