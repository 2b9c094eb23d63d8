#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Makes the signed tokens tests/cds_jwt_test.cpp checks, with keys it makes on the spot.

PyJWT (Debian python3-jwt) and cryptography (python3-cryptography) sign them: an implementation
of JWS other than the service's own. Writes one JSON document to the path given:
{"now", "public_url", "trust": <a trust file of the keys>, "rsa_1024": <a JWK too short>,
 "tokens": {name: token}}. Nothing it makes is committed: the keys live only in that file.
"""
import base64
import hashlib
import hmac
import json
import sys
import time
import uuid

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

PUBLIC_URL = "https://cds.example.org"
ISS = "https://ehr.example.org"
SERVICE = PUBLIC_URL + "/cds-services/metastatic-breast-cancer"
DISCOVERY = PUBLIC_URL + "/cds-services"


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jwk_of(public_key, kid: str) -> dict:
    """The public key as a JWK with `kid`. An EC key's x and y are written at the curve's full
    size, as RFC 7518 (6.2.1.2) requires and the service checks: PyJWT before 2.7 (Debian 12 has
    2.6) drops their leading zero bytes, about one key in 128."""
    if not isinstance(public_key, ec.EllipticCurvePublicKey):
        key = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(public_key))
        key["kid"] = kid
        return key
    key = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(public_key))
    size = (public_key.curve.key_size + 7) // 8
    numbers = public_key.public_numbers()
    key["x"] = b64(numbers.x.to_bytes(size, "big"))
    key["y"] = b64(numbers.y.to_bytes(size, "big"))
    key["kid"] = kid
    return key


def main(out_path: str) -> None:
    now = int(time.time())
    ec_key = ec.generate_private_key(ec.SECP384R1())
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    other_ec = ec.generate_private_key(ec.SECP384R1())  # a key nobody trusts
    short_rsa = rsa.generate_private_key(public_exponent=65537, key_size=1024)

    def claims(**changes):
        c = {"iss": ISS, "aud": SERVICE, "iat": now, "exp": now + 300, "jti": str(uuid.uuid4())}
        c.update(changes)
        return {k: v for k, v in c.items() if v is not None}

    def es384(payload, kid="ec-1", key=ec_key, **headers):
        return jwt.encode(payload, key, algorithm="ES384", headers={"kid": kid, **headers})

    def rs384(payload, kid="rsa-1", key=rsa_key):
        return jwt.encode(payload, key, algorithm="RS384", headers={"kid": kid})

    def unsigned(header, payload, signature=b""):
        return b64(json.dumps(header).encode()) + "." + b64(json.dumps(payload).encode()) + "." + b64(signature)

    good = es384(claims())
    head, _, sig = good.split(".")
    tampered = head + "." + b64(json.dumps(claims(aud=SERVICE, jti="changed")).encode()) + "." + sig

    # Algorithm confusion: HS384 with the service's public key (its PEM) as the HMAC secret.
    pem = ec_key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    hs_header = {"alg": "HS384", "typ": "JWT", "kid": "ec-1"}
    hs_signing = b64(json.dumps(hs_header).encode()) + "." + b64(json.dumps(claims()).encode())
    hs384 = hs_signing + "." + b64(hmac.new(pem, hs_signing.encode(), hashlib.sha384).digest())

    tokens = {
        "good_es384": good,
        "good_rs384": rs384(claims()),
        "good_discovery": es384(claims(aud=[DISCOVERY, "https://other.example.org"])),
        "good_jku": es384(claims(), jku="https://ehr.example.org/jwks.json"),
        "good_short_lived": es384(claims(iat=now - 600, exp=now - 30)),  # expired 30 s ago: within the leeway
        "tampered": tampered,
        "alg_none": unsigned({"alg": "none", "typ": "JWT", "kid": "ec-1"}, claims()),
        "hs384_public_key": hs384,
        "expired": es384(claims(iat=now - 900, exp=now - 120)),
        "issued_in_future": es384(claims(iat=now + 300, exp=now + 600)),
        "wrong_aud": es384(claims(aud=PUBLIC_URL + "/cds-services/another-service")),
        "unknown_iss": es384(claims(iss="https://stranger.example.org")),
        "unknown_kid": es384(claims(), kid="ec-9"),
        "untrusted_key": es384(claims(), key=other_ec),
        "rs384_with_ec_kid": rs384(claims(), kid="ec-1"),
        "jku_not_listed": es384(claims(), jku="https://evil.example.org/jwks.json"),
        "no_jti": es384(claims(jti=None)),
        "no_exp": es384(claims(exp=None)),
        "far_future_exp": es384(claims(exp=now + 30 * 24 * 3600)),
        "not_a_token": "not.a.token",
    }
    trust = {"issuers": [{
        "iss": ISS,
        "jwks": {"keys": [jwk_of(ec_key.public_key(), "ec-1"), jwk_of(rsa_key.public_key(), "rsa-1")]},
        "jku": ["https://ehr.example.org/jwks.json"],
    }]}
    doc = {"now": now, "public_url": PUBLIC_URL, "trust": trust,
           "rsa_1024": jwk_of(short_rsa.public_key(), "short"), "tokens": tokens}
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1])
