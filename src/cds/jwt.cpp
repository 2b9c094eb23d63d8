// SPDX-License-Identifier: MIT
// The trust file and the check of CDS Hooks tokens (jwt.hpp), on OpenSSL 3's EVP interface.
#include "cds/jwt.hpp"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <carecompare/carecompare.hpp>
#include <initializer_list>
#include <memory>
#include <new>
#include <string>
#include <utility>

#include "parse.hpp"
#include "util/json_pointer.hpp"

namespace carecompare_cds {

namespace {

namespace cc = carecompare;

// ---- OpenSSL handles, freed when they go -----------------------------------------------------

struct bn_free {
  void operator()(BIGNUM* b) const noexcept { BN_free(b); }
};
struct bld_free {
  void operator()(OSSL_PARAM_BLD* b) const noexcept { OSSL_PARAM_BLD_free(b); }
};
struct params_free {
  void operator()(OSSL_PARAM* p) const noexcept { OSSL_PARAM_free(p); }
};
struct pkey_ctx_free {
  void operator()(EVP_PKEY_CTX* c) const noexcept { EVP_PKEY_CTX_free(c); }
};
struct md_ctx_free {
  void operator()(EVP_MD_CTX* c) const noexcept { EVP_MD_CTX_free(c); }
};
struct sig_free {
  void operator()(ECDSA_SIG* s) const noexcept { ECDSA_SIG_free(s); }
};
using bignum = std::unique_ptr<BIGNUM, bn_free>;

bignum to_bignum(const std::string& bytes) {
  return bignum(
      BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()), nullptr));
}

/// A public key from OSSL parameters, or null when OpenSSL refuses them.
std::shared_ptr<evp_pkey_st> key_from(const char* type, OSSL_PARAM_BLD* bld) {
  const std::unique_ptr<OSSL_PARAM, params_free> params(OSSL_PARAM_BLD_to_param(bld));
  const std::unique_ptr<EVP_PKEY_CTX, pkey_ctx_free> ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* pkey = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &pkey, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    return nullptr;
  }
  std::shared_ptr<evp_pkey_st> out(pkey, EVP_PKEY_free);
  // The point is on the curve, the modulus and exponent make sense.
  const std::unique_ptr<EVP_PKEY_CTX, pkey_ctx_free> check(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey, nullptr));
  if (!check || EVP_PKEY_public_check(check.get()) != 1) return nullptr;
  return out;
}

// ---- The trust file ----------------------------------------------------------------------------

std::string at(const std::string& pointer, std::string_view token) {
  std::string p = pointer;
  cc::detail::pointer_push(p, token);
  return p;
}
std::string at(const std::string& pointer, std::size_t index) {
  std::string p = pointer;
  cc::detail::pointer_push(p, index);
  return p;
}

void only_keys(const nlohmann::json& object, const std::string& pointer, std::initializer_list<std::string_view> keys) {
  for (const auto& [k, v] : object.items()) {
    bool known = false;
    for (const auto key : keys) known = known || k == key;
    if (!known) throw trust_error(at(pointer, k), "unknown key \"" + cc::detail::printable(k) + "\"");
  }
}

const std::string& string_member(const nlohmann::json& object, const std::string& pointer, const char* key) {
  const auto it = object.find(key);
  if (it == object.end()) throw trust_error(at(pointer, key), std::string("missing \"") + key + "\"");
  if (!it->is_string() || it->get_ref<const std::string&>().empty()) {
    throw trust_error(at(pointer, key), std::string("\"") + key + "\" must be a string that is not empty");
  }
  return it->get_ref<const std::string&>();
}

std::string base64url_member(const nlohmann::json& jwk, const std::string& pointer, const char* key) {
  auto bytes = base64url_decode(string_member(jwk, pointer, key));
  if (!bytes || bytes->empty()) throw trust_error(at(pointer, key), "not base64url (RFC 4648 section 5, unpadded)");
  return std::move(*bytes);
}

trust::key read_key(const nlohmann::json& jwk, const std::string& pointer) {
  if (!jwk.is_object()) throw trust_error(pointer, "a JWK must be an object");
  if (jwk.contains("d") || jwk.contains("p") || jwk.contains("k")) {
    throw trust_error(pointer, "a private or secret key does not belong in a trust file: give the public key only");
  }
  trust::key k;
  k.kid = string_member(jwk, pointer, "kid");
  const std::string& kty = string_member(jwk, pointer, "kty");
  if (const auto use = jwk.find("use"); use != jwk.end() && *use != "sig") {
    throw trust_error(at(pointer, "use"), "a key that verifies tokens has \"use\": \"sig\"");
  }
  const std::unique_ptr<OSSL_PARAM_BLD, bld_free> bld(OSSL_PARAM_BLD_new());
  if (kty == "EC") {
    k.alg = "ES384";
    if (string_member(jwk, pointer, "crv") != "P-384") {
      throw trust_error(at(pointer, "crv"), "only P-384 keys are taken (ES384)");
    }
    const std::string x = base64url_member(jwk, pointer, "x"), y = base64url_member(jwk, pointer, "y");
    if (x.size() != 48) throw trust_error(at(pointer, "x"), "a P-384 coordinate is 48 bytes");
    if (y.size() != 48) throw trust_error(at(pointer, "y"), "a P-384 coordinate is 48 bytes");
    const std::string point = '\x04' + x + y;  // uncompressed (SEC 1)
    if (!bld || OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, "secp384r1", 0) != 1 ||
        OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()) != 1) {
      throw std::bad_alloc();
    }
    k.pkey = key_from("EC", bld.get());
    if (!k.pkey) throw trust_error(pointer, "x and y are not a point of P-384");
  } else if (kty == "RSA") {
    k.alg = "RS384";
    const bignum n = to_bignum(base64url_member(jwk, pointer, "n"));
    const bignum e = to_bignum(base64url_member(jwk, pointer, "e"));
    if (!n || !e) throw std::bad_alloc();
    if (BN_num_bits(n.get()) < 2048) throw trust_error(at(pointer, "n"), "an RSA key must have at least 2048 bits");
    if (!bld || OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) != 1 ||
        OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, e.get()) != 1) {
      throw std::bad_alloc();
    }
    k.pkey = key_from("RSA", bld.get());
    if (!k.pkey) throw trust_error(pointer, "n and e are not an RSA public key");
  } else {
    throw trust_error(at(pointer, "kty"), "only \"EC\" (P-384, ES384) and \"RSA\" (RS384) keys are taken");
  }
  if (const auto alg = jwk.find("alg"); alg != jwk.end() && *alg != k.alg) {
    throw trust_error(at(pointer, "alg"), "a " + kty + " key verifies " + k.alg + " tokens only");
  }
  return k;
}

// ---- Tokens ------------------------------------------------------------------------------------

/// A JSON object of a token (its header or payload), or null when it is not one.
nlohmann::json token_object(std::string_view part) {
  const auto bytes = base64url_decode(part);
  if (!bytes) return nullptr;
  cc::limits bounds;
  bounds.max_json_depth = 8;
  try {
    nlohmann::json j = cc::parse_json(*bytes, bounds);
    return j.is_object() ? j : nlohmann::json();
  } catch (const cc::parse_error&) {
    return nullptr;
  }
}

/// A NumericDate claim (seconds since the epoch, RFC 7519), or nullopt when it is not a number.
std::optional<std::int64_t> seconds(const nlohmann::json& payload, const char* claim) {
  const auto it = payload.find(claim);
  if (it == payload.end() || !it->is_number()) return std::nullopt;
  if (it->is_number_integer()) return it->get<std::int64_t>();
  const double d = it->get<double>();
  if (!(d > -1e15 && d < 1e15)) return std::nullopt;
  return static_cast<std::int64_t>(d);
}

bool verify_signature(const trust::key& key, std::string_view signed_part, const std::string& signature) {
  std::string der;
  if (key.alg == "ES384") {
    // JWS writes an ECDSA signature as R || S, 48 bytes each (RFC 7518 section 3.4); OpenSSL
    // takes DER.
    if (signature.size() != 96) return false;
    const std::unique_ptr<ECDSA_SIG, sig_free> sig(ECDSA_SIG_new());
    bignum r = to_bignum(signature.substr(0, 48)), s = to_bignum(signature.substr(48));
    if (!sig || !r || !s || ECDSA_SIG_set0(sig.get(), r.get(), s.get()) != 1) return false;
    (void)r.release();  // the signature owns them now
    (void)s.release();
    unsigned char* out = nullptr;
    const int length = i2d_ECDSA_SIG(sig.get(), &out);
    if (length <= 0) return false;
    der.assign(reinterpret_cast<const char*>(out), static_cast<std::size_t>(length));
    OPENSSL_free(out);
  } else {
    der = signature;  // RSASSA-PKCS1-v1_5: the signature as it is
  }
  const std::unique_ptr<EVP_MD_CTX, md_ctx_free> ctx(EVP_MD_CTX_new());
  return ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha384(), nullptr, key.pkey.get()) == 1 &&
         EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(der.data()), der.size(),
                          reinterpret_cast<const unsigned char*>(signed_part.data()), signed_part.size()) == 1;
}

}  // namespace

trust_error::trust_error(std::string pointer, const std::string& message)
    : std::runtime_error((pointer.empty() ? std::string("(file)") : cc::detail::printable(pointer)) + ": " + message),
      pointer_(std::move(pointer)) {}

std::optional<std::string> base64url_decode(std::string_view text) {
  if (text.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(text.size() * 3 / 4);
  std::uint32_t bits = 0;
  int count = 0;
  for (const char c : text) {
    int v = -1;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    if (c >= '0' && c <= '9') v = c - '0' + 52;
    if (c == '-') v = 62;
    if (c == '_') v = 63;
    if (v < 0) return std::nullopt;
    bits = (bits << 6U) | static_cast<std::uint32_t>(v);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += static_cast<char>((bits >> static_cast<unsigned>(count)) & 0xFFU);
    }
  }
  // The bits left over must be zero: one spelling per byte string.
  if ((bits & ((1U << static_cast<unsigned>(count)) - 1U)) != 0) return std::nullopt;
  return out;
}

trust trust::from_json(const nlohmann::json& doc) {
  if (!doc.is_object()) throw trust_error("", "a trust file is a JSON object: {\"issuers\": [...]}");
  only_keys(doc, "", {"issuers"});
  const auto list = doc.find("issuers");
  if (list == doc.end()) throw trust_error("/issuers", "missing \"issuers\"");
  if (!list->is_array()) throw trust_error("/issuers", "\"issuers\" must be an array");
  trust out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const nlohmann::json& entry = (*list)[i];
    const std::string p = at("/issuers", i);
    if (!entry.is_object()) throw trust_error(p, "an issuer is an object: {\"iss\", \"jwks\", \"jku\"?}");
    only_keys(entry, p, {"iss", "jwks", "jku"});
    issuer is;
    is.iss = string_member(entry, p, "iss");
    for (const auto& other : out.issuers_) {
      if (other.iss == is.iss)
        throw trust_error(at(p, "iss"), "the issuer \"" + cc::detail::printable(is.iss) + "\" is listed twice");
    }
    const auto jwks = entry.find("jwks");
    if (jwks == entry.end()) throw trust_error(at(p, "jwks"), "missing \"jwks\"");
    if (!jwks->is_object() || !jwks->contains("keys") || !(*jwks)["keys"].is_array() || (*jwks)["keys"].empty()) {
      throw trust_error(at(p, "jwks"), "\"jwks\" must be a JWK Set with keys: {\"keys\": [JWK, ...]}");
    }
    const nlohmann::json& keys = (*jwks)["keys"];
    for (std::size_t k = 0; k < keys.size(); ++k) {
      const std::string kp = at(at(at(p, "jwks"), "keys"), k);
      key read = read_key(keys[k], kp);
      for (const auto& other : is.keys) {
        if (other.kid == read.kid) throw trust_error(at(kp, "kid"), "two keys of one issuer have this kid");
      }
      is.keys.push_back(std::move(read));
    }
    if (const auto jku = entry.find("jku"); jku != entry.end()) {
      if (!jku->is_array()) throw trust_error(at(p, "jku"), "\"jku\" must be an array of URLs");
      for (std::size_t u = 0; u < jku->size(); ++u) {
        if (!(*jku)[u].is_string() || (*jku)[u].get_ref<const std::string&>().empty()) {
          throw trust_error(at(at(p, "jku"), u), "a jku is a URL: a string that is not empty");
        }
        is.jku.push_back((*jku)[u]);
      }
    }
    out.issuers_.push_back(std::move(is));
  }
  return out;
}

trust trust::from_file(const std::filesystem::path& path) {
  std::string text, reason;
  if (!cc::detail::read_file(path, text, reason, std::size_t{1} << 20)) {
    throw trust_error("", "cannot read the file: " + reason);
  }
  nlohmann::json doc;
  try {
    doc = cc::parse_json(text);
  } catch (const cc::parse_error& e) {
    throw trust_error("", "not JSON: line " + std::to_string(e.line()) + ", column " + std::to_string(e.column()) +
                              ": " + e.reason());
  }
  return from_json(doc);
}

std::string replay_cache::remember(const std::string& iss, const std::string& jti, std::int64_t exp, std::int64_t now) {
  const std::lock_guard lock(mutex_);
  while (!by_expiry_.empty() && by_expiry_.begin()->first < now) {
    seen_.erase(by_expiry_.begin()->second);
    by_expiry_.erase(by_expiry_.begin());
  }
  auto key = std::make_pair(iss, jti);
  if (seen_.contains(key)) return std::string(replayed_token);
  if (seen_.size() >= capacity_) return "the replay cache is full (" + std::to_string(capacity_) + " unexpired tokens)";
  seen_.emplace(key, exp);
  by_expiry_.emplace(exp, std::move(key));
  return {};
}

std::size_t replay_cache::size() const {
  const std::lock_guard lock(mutex_);
  return seen_.size();
}

verifier::verifier(trust t, std::shared_ptr<replay_store> seen, verify_options opts)
    : trust_(std::move(t)), seen_(std::move(seen)), options_(opts) {}

std::string verifier::verify(std::optional<std::string_view> authorization, std::string_view audience,
                             std::int64_t now) const {
  if (!authorization) return "no Authorization header";
  if (authorization->size() > options_.max_token_bytes) return "Authorization header too long";
  constexpr std::string_view scheme = "Bearer ";
  if (authorization->size() <= scheme.size() || !authorization->starts_with(scheme)) {
    return "Authorization is not \"Bearer <token>\"";
  }
  const std::string_view token = authorization->substr(scheme.size());
  const std::size_t dot1 = token.find('.');
  const std::size_t dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos) {
    return "the token is not three parts";
  }
  const nlohmann::json header = token_object(token.substr(0, dot1));
  const nlohmann::json payload = token_object(token.substr(dot1 + 1, dot2 - dot1 - 1));
  const auto signature = base64url_decode(token.substr(dot2 + 1));
  if (header.is_null() || payload.is_null() || !signature) return "the token's parts are not base64url JSON";

  const auto alg = header.find("alg");
  if (alg == header.end() || !alg->is_string()) return "no alg";
  if (*alg != "ES384" && *alg != "RS384") return "alg " + cc::detail::printable(alg->dump()) + " is not taken";
  if (header.value("typ", nlohmann::json()) != "JWT") return "typ is not \"JWT\"";
  if (header.contains("crit")) return "crit is not taken";
  const auto kid = header.find("kid");
  if (kid == header.end() || !kid->is_string()) return "no kid";
  const auto iss = payload.find("iss");
  if (iss == payload.end() || !iss->is_string()) return "no iss";

  const trust::issuer* issuer = nullptr;
  for (const auto& is : trust_.issuers()) {
    if (is.iss == *iss) issuer = &is;
  }
  if (issuer == nullptr) return "iss " + cc::detail::printable(iss->dump()) + " is not trusted";
  const trust::key* key = nullptr;
  for (const auto& k : issuer->keys) {
    if (k.kid == *kid) key = &k;
  }
  if (key == nullptr) return "kid " + cc::detail::printable(kid->dump()) + " is not a key of its issuer";
  if (key->alg != *alg) return "alg " + alg->get<std::string>() + " does not fit the key " + key->kid;
  if (const auto jku = header.find("jku"); jku != header.end()) {
    bool listed = false;
    for (const auto& u : issuer->jku) listed = listed || *jku == u;
    if (!listed) return "jku is not listed for its issuer";
  }
  if (!verify_signature(*key, token.substr(0, dot2), *signature)) return "the signature does not verify";

  const auto aud = payload.find("aud");
  bool addressed = false;
  if (aud != payload.end() && aud->is_string()) addressed = *aud == audience;
  if (aud != payload.end() && aud->is_array()) {
    for (const auto& a : *aud) addressed = addressed || (a.is_string() && a == audience);
  }
  if (!addressed) return "aud is not the URL called";
  const auto exp = seconds(payload, "exp"), iat = seconds(payload, "iat");
  if (!exp) return "no exp";
  if (!iat) return "no iat";
  if (*exp + options_.leeway <= now) return "expired";
  if (*exp > now + options_.max_lifetime) return "exp is too far ahead";
  if (*iat > now + options_.leeway) return "issued in the future";
  if (payload.contains("nbf")) {
    const auto nbf = seconds(payload, "nbf");
    if (!nbf || *nbf > now + options_.leeway) return "not valid yet (nbf)";
  }
  const auto jti = payload.find("jti");
  if (jti == payload.end() || !jti->is_string() || jti->get_ref<const std::string&>().empty()) return "no jti";
  return seen_->remember(iss->get<std::string>(), jti->get<std::string>(), *exp + options_.leeway, now);
}

}  // namespace carecompare_cds
