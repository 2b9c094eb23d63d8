# SPDX-License-Identifier: MIT
"""`carecompare serve --replay-store redis://HOST:PORT`: two replicas share the tokens used
through a redis-server (Debian's) started on loopback for the test, on a port found free, with
no file saved; a token used at one replica is refused at the other, and while Redis is down
every call gets 503 rather than let a replay through. Everything started is killed at the end."""
import http.client
import json
import pathlib
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec

import serve_support

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "cds"))
import make_tokens  # noqa: E402 (tests/cds: the JWKs of the keys made on the spot)

CLI = serve_support.CLI
PUBLIC_URL = "https://cds.example.org"
ISS = "https://ehr.example.org"
UNAVAILABLE = "the replay store cannot be reached"


def free_port():
    """A loopback port nothing listens on now (redis-server takes no --port 0)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def redis_server():
    if shutil.which("redis-server") is None:
        # Under CI=true a skipped test fails the run (scripts/check-tests.py).
        pytest.skip("redis-server is not installed (Debian: redis-server)")
    return shutil.which("redis-server")


class Redis:
    def __init__(self, program, tmp_path, port):
        self.program, self.dir, self.port = program, tmp_path, port
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen([self.program, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                      "--appendonly", "no", "--dir", str(self.dir), "--protected-mode", "yes"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(64).startswith(b"+PONG"):
                        return
            except OSError:
                pass
            assert self.proc.poll() is None, "redis-server stopped"
            time.sleep(0.05)
        raise AssertionError("redis-server did not answer within 10 s")

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)


class Server(serve_support.Server):
    """A replica, with the GET these tests make."""

    def __init__(self, tmp_path, name, *args):
        super().__init__(tmp_path, *args, name=name)

    def get(self, path, token=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        conn.request("GET", path, headers={"Authorization": "Bearer " + token} if token else {})
        r = conn.getresponse()
        data = r.read()
        conn.close()
        return r.status, dict(r.getheaders()), data.decode()


@pytest.fixture
def signer(tmp_path):
    """(trust file, a function making a fresh token for GET /cds-services)."""
    key = ec.generate_private_key(ec.SECP384R1())
    jwk = make_tokens.jwk_of(key.public_key(), "k1")
    trust = tmp_path / "trust.json"
    trust.write_text(json.dumps({"issuers": [{"iss": ISS, "jwks": {"keys": [jwk]}}]}))

    def token():
        now = int(time.time())
        claims = {"iss": ISS, "aud": PUBLIC_URL + "/cds-services", "iat": now, "exp": now + 300,
                  "jti": str(uuid.uuid4())}
        return jwt.encode(claims, key, algorithm="ES384", headers={"kid": "k1"})

    return trust, token


@pytest.fixture
def cluster(tmp_path, redis_server, signer):
    """Starts Redis and services on it; kills them all at the end."""
    started = []
    redis = Redis(redis_server, tmp_path, free_port())
    trust, _ = signer

    def serve(name, store):
        started.append(Server(tmp_path, name, "--trust", str(trust), "--public-url", PUBLIC_URL,
                              "--replay-store", store))
        return started[-1]

    yield redis, serve
    for s in started:
        s.kill()
    redis.stop()


def healthz(server):
    status, headers, body = server.get("/healthz")
    return status, json.loads(body)


def test_a_token_used_at_one_replica_is_refused_at_the_other(cluster, signer):
    redis, serve = cluster
    redis.start()
    store = f"redis://127.0.0.1:{redis.port}"
    a, b = serve("a", store), serve("b", store)
    _, token = signer
    first, second = token(), token()
    assert a.get("/cds-services", first)[0] == 200
    assert b.get("/cds-services", first)[0] == 401  # replayed at another replica
    assert a.get("/cds-services", first)[0] == 401
    assert b.get("/cds-services", second)[0] == 200
    assert a.get("/cds-services", second)[0] == 401
    assert healthz(a) == (200, {"status": "ok", "services": ["metastatic-breast-cancer"]})
    assert '"unauthorized":"jti seen before: a replayed token"' in b.log_text()
    # Redis forgets each jti when its token can no longer pass: exp and the leeway (60 s).
    # (redis-cli comes with redis-server: Debian's redis-tools.)
    keys = subprocess.run(["redis-cli", "-p", str(redis.port), "--scan", "--pattern", "carecompare:jti:*"],
                          capture_output=True, text=True, timeout=10, check=True).stdout.split()
    assert len(keys) == 2 and all(k.startswith(f"carecompare:jti:{len(ISS)}:{ISS}:") for k in keys), keys
    ttl = subprocess.run(["redis-cli", "-p", str(redis.port), "TTL", keys[0]], capture_output=True, text=True,
                         timeout=10, check=True).stdout
    assert 300 < int(ttl) <= 360


def test_calls_get_503_while_redis_is_down_and_come_back_with_it(cluster, signer):
    redis, serve = cluster
    redis.start()
    store = f"redis://127.0.0.1:{redis.port}"
    a, b = serve("a", store), serve("b", store)
    _, token = signer
    used = token()
    assert a.get("/cds-services", used)[0] == 200

    redis.stop()
    for server in (a, b):
        started = time.monotonic()
        status, headers, body = server.get("/cds-services", token())
        assert time.monotonic() - started < 2  # no call waits on a dead Redis
        assert status == 503 and headers["Retry-After"] == "1"
        assert json.loads(body)["error"]["message"].startswith(UNAVAILABLE)
        assert str(redis.port) not in body  # the address is for the log only
        status, doc = healthz(server)
        assert status == 503 and doc["status"] == "unavailable" and doc["reason"].startswith(UNAVAILABLE)
    # A token refused for another reason is still refused 401.
    assert a.get("/cds-services", "not.a.token")[0] == 401
    assert f'"replay_store":"the replay store {store} cannot be used' in a.log_text()
    status, _, text = a.get("/metrics")
    assert status == 200 and "carecompare_cds_replay_store_errors_total 2\n" in text

    redis.start()  # a new, empty Redis on the same port
    assert healthz(a)[0] == 200 and healthz(b)[0] == 200
    fresh = token()
    assert b.get("/cds-services", fresh)[0] == 200
    assert a.get("/cds-services", fresh)[0] == 401


def test_a_redis_down_at_start_makes_healthz_and_calls_503(cluster, signer):
    redis, serve = cluster
    s = serve("a", f"redis://127.0.0.1:{redis.port}")  # nothing listens there yet
    _, token = signer
    status, doc = healthz(s)
    assert status == 503 and doc["reason"].startswith(UNAVAILABLE)
    assert s.get("/cds-services", token())[0] == 503
    assert f"the replay store redis://127.0.0.1:{redis.port} cannot be used" in s.log_text()
    redis.start()
    assert healthz(s)[0] == 200
    assert s.get("/cds-services", token())[0] == 200


def test_sighup_keeps_the_replay_store(cluster, signer):
    redis, serve = cluster
    redis.start()
    s = serve("a", f"redis://127.0.0.1:{redis.port}")
    _, token = signer
    used = token()
    assert s.get("/cds-services", used)[0] == 200
    s.proc.send_signal(signal.SIGHUP)
    deadline = time.monotonic() + 5
    while "reload" not in s.log_text() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert s.get("/cds-services", used)[0] == 401
    assert s.get("/cds-services", token())[0] == 200


@pytest.mark.parametrize("store, says", [
    ("127.0.0.1:6379", "must start with redis://"),
    ("redis://127.0.0.1", "needs a port"),
    ("redis://127.0.0.1:99999", "port must be a number"),
    ("redis://127.0.0.1:6379/x", "database after / must be a number"),
])
def test_a_bad_replay_store_is_a_usage_error(signer, store, says):
    trust, _ = signer
    r = subprocess.run([CLI, "serve", "--listen", "127.0.0.1:0", "--trust", str(trust), "--public-url", PUBLIC_URL,
                        "--replay-store", store], capture_output=True, text=True, timeout=10)
    assert r.returncode == 2 and "--replay-store: " in r.stderr and says in r.stderr, r.stderr


def test_replay_store_needs_trust():
    r = subprocess.run([CLI, "serve", "--listen", "127.0.0.1:0", "--insecure-no-auth", "--replay-store",
                        "redis://127.0.0.1:6379"], capture_output=True, text=True, timeout=10)
    assert r.returncode == 2 and "--replay-store" in r.stderr and "--trust" in r.stderr
