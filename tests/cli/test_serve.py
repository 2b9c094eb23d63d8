# SPDX-License-Identifier: MIT
"""`carecompare serve`, the CDS Hooks service, over loopback: each test starts the server on
127.0.0.1 with a port the system picks, sends a few requests, and stops it (SIGTERM), within a few
seconds. Tokens are signed by PyJWT with keys made on the spot (tests/cds/make_tokens.py)."""
import http.client
import json
import pathlib
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest
from prometheus_client.parser import text_string_to_metric_families

import serve_support

CLI = serve_support.CLI
ROOT = pathlib.Path(__file__).resolve().parents[2]
CATALOG = ROOT / "data" / "catalogs" / "metastatic-breast-cancer.json"
PREFETCH = json.loads((ROOT / "tests" / "data" / "fhir" / "prefetch.json").read_text())
SERVICE = "/cds-services/metastatic-breast-cancer"
PATIENT_ID = "patient-7f3a9c"


def call_body(**changes):
    body = {"hook": "patient-view", "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
            "context": {"userId": "Practitioner/1", "patientId": PATIENT_ID}, "prefetch": PREFETCH}
    body.update(changes)
    return json.dumps(body).encode()


class Server(serve_support.Server):
    """The service, with the requests these tests make."""

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        data = r.read()
        conn.close()
        return r.status, dict(r.getheaders()), json.loads(data) if data else None

    def metrics(self):
        """GET /metrics, read by the Prometheus project's own parser: {(name, labels): value}."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        conn.request("GET", "/metrics")
        r = conn.getresponse()
        text = r.read().decode()
        conn.close()
        assert r.status == 200, text
        assert r.getheader("Content-Type") == "text/plain; version=0.0.4; charset=utf-8"
        samples = {}
        for family in text_string_to_metric_families(text):
            for sample in family.samples:
                key = (sample.name, tuple(sorted(sample.labels.items())))
                assert key not in samples, key
                samples[key] = sample.value
        return samples, text

    def post(self, body, headers=None, path=SERVICE):
        return self.request("POST", path, body, {"Content-Type": "application/json", **(headers or {})})


@pytest.fixture
def start(tmp_path):
    servers = []

    def make(*args):
        servers.append(Server(tmp_path, *args))
        return servers[-1]

    yield make
    for s in servers:
        if s.proc.poll() is None:
            s.proc.kill()
            s.proc.wait()
        s.close()


def read_head(c):
    """What `c` receives up to the end of an answer's header (or until it closes)."""
    answer = b""
    while b"\r\n\r\n" not in answer:
        chunk = c.recv(65536)
        if not chunk:
            break
        answer += chunk
    return answer


def raw(port):
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    return s


def test_discovery_a_call_and_a_clean_stop(start):
    s = start("--insecure-no-auth", "--page-url", "https://example.org/pages/{catalog}.html")
    status, _, doc = s.request("GET", "/cds-services")
    assert status == 200
    [service] = doc["services"]
    assert service["id"] == "metastatic-breast-cancer" and service["hook"] == "patient-view"
    assert service["prefetch"]["conditions"].startswith("Condition?patient={{context.patientId}}&code=")

    status, _, doc = s.post(call_body())
    assert status == 200
    [card] = doc["cards"]
    # The card rules of CDS Hooks 2.0.
    assert len(card["summary"]) < 140
    assert card["indicator"] in ("info", "warning", "critical")
    assert card["source"]["label"]
    for link in card["links"]:
        assert link["type"] == "absolute" and link["label"]
    assert card["links"][0]["url"].startswith("https://example.org/pages/metastatic-breast-cancer.html#sites=bone")
    assert "suggestions" not in card and "systemActions" not in doc

    assert s.request("GET", "/healthz")[0] == 200
    assert s.request("GET", SERVICE)[0] == 405
    assert s.request("GET", "/cds-services/nothing-here")[0] == 404
    assert s.post(b'{"hook": "\xff"}')[0] == 400  # invalid UTF-8
    assert s.post(b"[" * 100000 + b"]" * 100000)[0] == 400  # nested too deep
    assert s.post(call_body(), {"Content-Type": "text/plain"})[0] == 415
    body = json.loads(call_body())
    del body["prefetch"]
    status, _, doc = s.post(json.dumps(body).encode())
    assert status == 412 and doc["error"]["pointer"] == "/prefetch/conditions"
    assert s.stop() == 0

    # One JSON line per request, with neither the patient, the record's codes nor a body.
    log = s.log_text()
    lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    requests = [line for line in lines if "route" in line]
    assert len(requests) == 9
    assert {"time", "method", "route", "status", "us"} <= set(requests[0])
    assert requests[1]["hookInstance"] == "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea"
    assert PATIENT_ID not in log and "94222008" not in log and "nothing-here" not in log
    assert "WARNING: --insecure-no-auth" in log


def test_insecure_no_auth_only_on_loopback():
    r = subprocess.run([CLI, "serve", "--listen", "192.0.2.1:0", "--insecure-no-auth"], capture_output=True, text=True,
                       timeout=10)
    assert r.returncode == 2 and "listen on 127.0.0.1" in r.stderr
    r = subprocess.run([CLI, "serve", "--listen", "127.0.0.1:0"], capture_output=True, text=True, timeout=10)
    assert r.returncode == 2 and "--trust" in r.stderr


@pytest.fixture(scope="module")
def tokens(tmp_path_factory):
    out = tmp_path_factory.mktemp("tokens") / "tokens.json"
    subprocess.run([sys.executable, str(ROOT / "tests" / "cds" / "make_tokens.py"), str(out)], check=True, timeout=60)
    return json.loads(out.read_text())


def test_only_signed_callers(start, tokens, tmp_path):
    trust = tmp_path / "trust.json"
    trust.write_text(json.dumps(tokens["trust"]))
    s = start("--trust", str(trust), "--public-url", tokens["public_url"])
    t = tokens["tokens"]

    def bearer(name):
        return {"Authorization": "Bearer " + t[name]}

    assert s.request("GET", "/cds-services")[0] == 401
    assert s.request("GET", "/cds-services", headers=bearer("good_discovery"))[0] == 200
    assert s.post(call_body(), bearer("good_es384"))[0] == 200
    assert s.post(call_body(), bearer("good_rs384"))[0] == 200
    status, headers, doc = s.post(call_body(), bearer("good_es384"))  # replayed
    assert status == 401 and doc == {"error": {"status": 401, "message": "not authorized"}}
    for bad in ("tampered", "alg_none", "hs384_public_key", "expired", "issued_in_future", "wrong_aud", "unknown_iss",
                "unknown_kid"):
        assert s.post(call_body(), bearer(bad))[0] == 401, bad
    assert s.request("GET", "/healthz")[0] == 200
    samples, _ = s.metrics()  # like /healthz, without a token
    assert requests_by_route_and_status(samples)[(SERVICE, "401")] == 9
    assert s.stop() == 0
    log = s.log_text()
    assert '"unauthorized":"jti seen before: a replayed token"' in log
    assert t["good_es384"] not in log and t["good_es384"].split(".")[1] not in log


def test_the_replay_cache_refuses_new_tokens_when_full(start, tokens, tmp_path):
    trust = tmp_path / "trust.json"
    trust.write_text(json.dumps(tokens["trust"]))
    s = start("--trust", str(trust), "--public-url", tokens["public_url"], "--replay-cache-size", "1")
    t = tokens["tokens"]
    assert s.post(call_body(), {"Authorization": "Bearer " + t["good_es384"]})[0] == 200
    # A second unexpired token does not fit: refused, never let in by forgetting the first.
    assert s.post(call_body(), {"Authorization": "Bearer " + t["good_rs384"]})[0] == 401
    assert s.post(call_body(), {"Authorization": "Bearer " + t["good_es384"]})[0] == 401  # replayed
    assert s.stop() == 0
    assert '"unauthorized":"the replay cache is full (1 unexpired tokens)"' in s.log_text()


@pytest.mark.parametrize("args, message", [
    (["--replay-cache-size", "0"], "--replay-cache-size: give 1 or more"),
    (["--replay-cache-size", "5", "--replay-store", "redis://127.0.0.1:1"], "not in Redis (--replay-store)"),
])
def test_a_bad_replay_cache_size_is_refused_at_start(tokens, tmp_path, args, message):
    trust = tmp_path / "trust.json"
    trust.write_text(json.dumps(tokens["trust"]))
    r = subprocess.run([CLI, "serve", "--listen", "127.0.0.1:0", "--trust", str(trust), "--public-url",
                        tokens["public_url"], *args], capture_output=True, text=True, timeout=10)
    assert r.returncode == 2 and message in r.stderr, r.stderr
    r = subprocess.run([CLI, "serve", "--listen", "127.0.0.1:0", "--insecure-no-auth", "--replay-cache-size", "5"],
                       capture_output=True, text=True, timeout=10)
    assert r.returncode == 2 and "it needs --trust" in r.stderr, r.stderr


def test_a_bad_trust_file_is_refused_at_start(tokens, tmp_path):
    doc = json.loads(json.dumps(tokens["trust"]))  # a copy: the other tests share the fixture
    del doc["issuers"][0]["jwks"]["keys"][0]["kid"]
    trust = tmp_path / "trust.json"
    trust.write_text(json.dumps(doc))
    r = subprocess.run([CLI, "serve", "--listen", "127.0.0.1:0", "--trust", str(trust), "--public-url",
                        "https://cds.example.org"], capture_output=True, text=True, timeout=10)
    assert r.returncode == 2
    assert "/issuers/0/jwks/keys/0/kid: missing" in r.stderr


def test_a_body_over_the_limit_is_refused_from_its_header(start):
    s = start("--insecure-no-auth")
    c = raw(s.port)
    c.sendall(b"POST " + SERVICE.encode() + b" HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              b"Content-Length: 10485760\r\n\r\n")
    # The client sends its 10 MB body as fast as the connection takes it, while the server
    # answers without reading it: the answer must still arrive whole.
    c.setblocking(False)
    sent, chunk = 0, b"{" * 65536
    started = time.monotonic()
    while sent < 10485760 and time.monotonic() - started < 0.5:
        try:
            sent += c.send(chunk[:10485760 - sent])
        except BlockingIOError:
            time.sleep(0.01)
        except (BrokenPipeError, ConnectionResetError):
            break
    c.setblocking(True)
    c.settimeout(5)
    answer = read_head(c)
    c.close()
    assert answer.startswith(b"HTTP/1.1 413 ")
    assert time.monotonic() - started < 2
    assert s.stop() == 0


def test_slow_clients_do_not_hold_others_up(start):
    s = start("--insecure-no-auth", "--header-timeout", "1")
    slow = [raw(s.port) for _ in range(200)]
    for c in slow:
        c.sendall(b"GET /cds-ser")  # and nothing more
    started = time.monotonic()
    for _ in range(5):
        assert s.request("GET", "/cds-services")[0] == 200
    assert time.monotonic() - started < 1
    # Past the header timeout, the server has closed them.
    for c in slow:
        c.settimeout(3)
        assert c.recv(100) == b""
        c.close()
    assert s.stop() == 0


def test_sigterm_loses_no_answered_request(start):
    s = start("--insecure-no-auth")
    body = call_body()
    request = (b"POST " + SERVICE.encode() + b" HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
               b"Connection: close\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
    clients = [raw(s.port) for _ in range(40)]
    for c in clients:
        c.sendall(request)
    s.proc.send_signal(signal.SIGTERM)
    answered = 0
    for c in clients:
        data = b""
        try:
            while chunk := c.recv(65536):
                data += chunk
        except ConnectionResetError:
            pass
        c.close()
        if data:
            # Whatever was answered was answered whole.
            head, _, rest = data.partition(b"\r\n\r\n")
            assert head.startswith(b"HTTP/1.1 200 ")
            length = int(next(line.split(b":")[1] for line in head.split(b"\r\n")
                              if line.lower().startswith(b"content-length:")))
            assert len(rest) == length
            json.loads(rest)
            answered += 1
    assert s.proc.wait(timeout=10) == 0
    s.close()
    logged = [json.loads(line) for line in s.log_text().splitlines() if '"route"' in line]
    assert answered == len(logged) and all(line["status"] == 200 for line in logged)


def test_a_client_that_leaves_mid_body(start):
    s = start("--insecure-no-auth")
    c = raw(s.port)
    c.sendall(b"POST " + SERVICE.encode() + b" HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              b"Content-Length: 5000\r\n\r\n{\"hook\": ")
    c.close()
    assert s.post(call_body())[0] == 200
    assert s.stop() == 0


def test_sighup_with_a_broken_catalog_keeps_serving(start, tmp_path):
    catalog = tmp_path / "catalog.json"
    shutil.copy(CATALOG, catalog)
    s = start("--insecure-no-auth", "--catalog", str(catalog))
    catalog.write_text("{ broken")
    s.proc.send_signal(signal.SIGHUP)
    s.wait_for_log("reload failed")
    status, _, doc = s.request("GET", "/cds-services")
    assert status == 200 and doc["services"][0]["id"] == "metastatic-breast-cancer"
    assert s.post(call_body())[0] == 200
    shutil.copy(CATALOG, catalog)
    s.proc.send_signal(signal.SIGHUP)
    s.wait_for_log('"event":"reloaded"')
    assert s.stop() == 0


def requests_by_route_and_status(samples):
    return {(dict(labels)["route"], dict(labels)["status"]): value for (name, labels), value in samples.items()
            if name == "carecompare_cds_requests_total"}


def histogram(samples, route):
    """The histogram of one route: [(le, cumulative count)], its sum and its count."""
    buckets = sorted(((float(dict(labels)["le"]), value) for (name, labels), value in samples.items()
                      if name == "carecompare_cds_request_duration_seconds_bucket" and dict(labels)["route"] == route))
    labels = (("route", route),)
    return (buckets, samples[("carecompare_cds_request_duration_seconds_sum", labels)],
            samples[("carecompare_cds_request_duration_seconds_count", labels)])


def test_metrics_count_requests_by_route_and_status(start):
    s = start("--insecure-no-auth")
    samples, text = s.metrics()
    # Nothing answered yet (the scrape is counted once answered): no request counts, no connection but its own.
    assert requests_by_route_and_status(samples) == {}
    assert samples[("carecompare_cds_open_connections", ())] == 1

    assert s.request("GET", "/cds-services")[0] == 200
    assert s.post(call_body())[0] == 200
    assert s.post(call_body())[0] == 200
    assert s.request("GET", SERVICE)[0] == 405
    assert s.post(call_body(), {"Content-Type": "text/plain"})[0] == 415
    assert s.request("GET", "/nothing-here/" + PATIENT_ID)[0] == 404
    conn = http.client.HTTPConnection("127.0.0.1", s.port, timeout=5)
    conn.request("POST", "/metrics", body=b"{}")
    r = conn.getresponse()
    assert r.status == 405 and r.getheader("Allow") == "GET"
    r.read()
    conn.close()

    samples, text = s.metrics()
    assert requests_by_route_and_status(samples) == {
        ("/cds-services", "200"): 1, (SERVICE, "200"): 2, (SERVICE, "405"): 1, (SERVICE, "415"): 1,
        ("other", "404"): 1, ("/metrics", "200"): 1, ("/metrics", "405"): 1}
    for route, count in (("/cds-services", 1), (SERVICE, 4), ("other", 1), ("/metrics", 2)):
        buckets, total, n = histogram(samples, route)
        assert n == count and buckets[-1] == (float("inf"), count), (route, buckets)
        assert [le for le, _ in buckets[:-1]] == [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
                                                  1.0, 2.5]
        assert all(a[1] <= b[1] for a, b in zip(buckets, buckets[1:])), buckets  # cumulative
        assert 0 < total < 10 * count
    # The line the README shows after one discovery request.
    assert 'carecompare_cds_requests_total{route="/cds-services",status="200"} 1\n' in text
    # The labels are the log's routes: no patient, no code, nothing a caller wrote.
    assert PATIENT_ID not in text and "nothing-here" not in text and "94222008" not in text

    # Connections open now: three idle ones and the scrape's own, once the closed ones are gone.
    idle = [raw(s.port) for _ in range(3)]
    deadline = time.monotonic() + 3
    while s.metrics()[0][("carecompare_cds_open_connections", ())] != 4:
        assert time.monotonic() < deadline, s.metrics()[1]
        time.sleep(0.05)
    for c in idle:
        c.close()
    assert s.stop() == 0


def test_metrics_hold_under_concurrent_requests(start):
    s = start("--insecure-no-auth")  # on two threads
    clients, per_client = 8, 50

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", s.port, timeout=10)
        for _ in range(per_client):
            conn.request("GET", "/healthz")
            r = conn.getresponse()
            r.read()
            assert r.status == 200
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    samples, _ = s.metrics()
    assert requests_by_route_and_status(samples) == {("/healthz", "200"): clients * per_client}
    _, _, n = histogram(samples, "/healthz")
    assert n == clients * per_client
    assert s.stop() == 0


EHR = "https://ehr.example.org"


def test_cors_for_listed_origins_only(start):
    s = start("--insecure-no-auth", "--cors-origin", EHR, "--cors-origin", "http://localhost:3000")
    conn = http.client.HTTPConnection("127.0.0.1", s.port, timeout=5)
    # A browser's preflight, then its call, on one kept-alive connection: the 204 has no body.
    conn.request("OPTIONS", SERVICE, headers={"Origin": EHR, "Access-Control-Request-Method": "POST",
                                              "Access-Control-Request-Headers": "authorization,content-type"})
    r = conn.getresponse()
    assert r.status == 204 and r.read() == b""
    headers = {k.lower(): v for k, v in r.getheaders()}
    assert headers["access-control-allow-origin"] == EHR
    assert headers["access-control-allow-methods"] == "POST"
    assert {h.strip().lower() for h in headers["access-control-allow-headers"].split(",")} == {"authorization",
                                                                                               "content-type"}
    assert headers["vary"] == "Origin" and int(headers["access-control-max-age"]) > 0
    assert "content-length" not in headers and "access-control-allow-credentials" not in headers
    conn.request("POST", SERVICE, body=call_body(), headers={"Origin": EHR, "Content-Type": "application/json"})
    r = conn.getresponse()
    assert r.status == 200 and json.loads(r.read())["cards"]
    assert r.getheader("Access-Control-Allow-Origin") == EHR and r.getheader("Vary") == "Origin"
    conn.close()

    # Another origin: its preflight is refused, and its page cannot read an answer (no CORS header).
    status, headers, doc = s.request("OPTIONS", SERVICE, headers={"Origin": "https://elsewhere.example.org",
                                                                  "Access-Control-Request-Method": "POST"})
    assert status == 403 and "Access-Control-Allow-Origin" not in headers and doc["error"]["status"] == 403
    status, headers, _ = s.post(call_body(), {"Origin": "https://elsewhere.example.org"})
    assert status == 200 and "Access-Control-Allow-Origin" not in headers
    status, headers, _ = s.request("GET", "/cds-services", headers={"Origin": "http://localhost:3000"})
    assert status == 200 and headers["Access-Control-Allow-Origin"] == "http://localhost:3000"
    assert s.request("OPTIONS", "/cds-services/no-such-service",
                     headers={"Origin": EHR, "Access-Control-Request-Method": "POST"})[0] == 404
    # A body over the limit, answered from its header alone: the page can still read why.
    c = raw(s.port)
    c.sendall(b"POST " + SERVICE.encode() + b" HTTP/1.1\r\nHost: x\r\nOrigin: " + EHR.encode() +
              b"\r\nContent-Type: application/json\r\nContent-Length: 10485760\r\n\r\n")
    c.settimeout(5)
    answer = read_head(c)
    c.close()
    head = answer.split(b"\r\n\r\n")[0].decode().lower().split("\r\n")
    assert head[0].startswith("http/1.1 413 ")
    assert "access-control-allow-origin: " + EHR in head and "vary: origin" in head
    assert s.stop() == 0


def test_cors_preflight_needs_no_token(start, tokens, tmp_path):
    trust = tmp_path / "trust.json"
    trust.write_text(json.dumps(tokens["trust"]))
    s = start("--trust", str(trust), "--public-url", tokens["public_url"], "--cors-origin", EHR)
    status, headers, _ = s.request("OPTIONS", SERVICE, headers={"Origin": EHR, "Access-Control-Request-Method": "POST"})
    assert status == 204 and headers["Access-Control-Allow-Origin"] == EHR
    # A call without a token is refused, and the page may read that it was.
    status, headers, _ = s.post(call_body(), {"Origin": EHR})
    assert status == 401 and headers["Access-Control-Allow-Origin"] == EHR
    assert s.post(call_body(), {"Origin": EHR, "Authorization": "Bearer " + tokens["tokens"]["good_rs384"]})[0] == 200
    assert s.stop() == 0


def test_cors_origin_must_be_an_origin():
    for bad in ("*", "https://ehr.example.org/", "ehr.example.org"):
        r = subprocess.run([CLI, "serve", "--listen", "127.0.0.1:0", "--insecure-no-auth", "--cors-origin", bad],
                           capture_output=True, text=True, timeout=10)
        assert r.returncode == 2 and "--cors-origin: " in r.stderr and "is not an origin" in r.stderr, r.stderr


PAGE = "metastatic-breast-cancer.html"


def get_raw(port, method, path):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    conn.request(method, path)
    r = conn.getresponse()
    data = r.read()
    conn.close()
    return r.status, {k.lower(): v for k, v in r.getheaders()}, data


def test_the_page_a_card_links_to_is_served_without_a_token(start, tokens, tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    html = "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Care options — côté</title></html>\n"
    (pages / PAGE).write_text(html, encoding="utf-8")
    trust = tmp_path / "trust.json"
    trust.write_text(json.dumps(tokens["trust"]))
    s = start("--trust", str(trust), "--public-url", tokens["public_url"], "--pages", str(pages))

    # A reader follows the card's link: the browser sends no token, and the page needs none.
    status, headers, body = get_raw(s.port, "GET", "/pages/" + PAGE)
    assert status == 200 and body == html.encode()
    assert headers["content-type"] == "text/html; charset=utf-8" and headers["x-content-type-options"] == "nosniff"
    assert int(headers["content-length"]) == len(html.encode())
    status, headers, body = get_raw(s.port, "HEAD", "/pages/" + PAGE)
    assert status == 200 and body == b"" and int(headers["content-length"]) == len(html.encode())
    assert get_raw(s.port, "POST", "/pages/" + PAGE)[0] == 405
    assert get_raw(s.port, "GET", "/pages/nothing-here.html")[0] == 404
    assert s.request("GET", "/cds-services")[0] == 401  # the service itself still asks for one

    # The card links there, under the service's public URL, the record's answers in the fragment.
    status, _, doc = s.post(call_body(), {"Authorization": "Bearer " + tokens["tokens"]["good_es384"]})
    assert status == 200
    url = doc["cards"][0]["links"][0]["url"]
    assert url.startswith(tokens["public_url"].rstrip("/") + "/pages/" + PAGE + "#sites=bone"), url

    # SIGHUP reads the pages again; a page gone keeps the old ones.
    (pages / PAGE).write_text(html.replace("côté", "new"), encoding="utf-8")
    s.proc.send_signal(signal.SIGHUP)
    s.wait_for_log('"event":"reloaded"')
    assert b"new" in get_raw(s.port, "GET", "/pages/" + PAGE)[2]
    (pages / PAGE).unlink()
    s.proc.send_signal(signal.SIGHUP)
    s.wait_for_log("reload failed")
    assert b"new" in get_raw(s.port, "GET", "/pages/" + PAGE)[2]
    samples, _ = s.metrics()
    assert requests_by_route_and_status(samples)[("/pages/" + PAGE, "200")] == 4
    assert s.stop() == 0


def test_pages_refused_at_start(tmp_path):
    def serve(*args):
        return subprocess.run([CLI, "serve", "--listen", "127.0.0.1:0", "--insecure-no-auth", *args],
                              capture_output=True, text=True, timeout=10)

    pages = tmp_path / "pages"
    pages.mkdir()
    r = serve("--pages", str(pages), "--public-url", "https://cds.example.org")
    assert r.returncode == 2 and str(pages / PAGE) in r.stderr and "cannot read" in r.stderr, r.stderr
    (pages / PAGE).write_bytes(b"<!doctype html><title>\xff</title>")
    r = serve("--pages", str(pages), "--public-url", "https://cds.example.org")
    assert r.returncode == 2 and "not UTF-8 (byte 22)" in r.stderr, r.stderr
    (pages / PAGE).write_text("<!doctype html>", encoding="utf-8")
    r = serve("--pages", str(pages))
    assert r.returncode == 2 and "--pages needs --public-url" in r.stderr, r.stderr
    r = serve("--pages", str(tmp_path / "no-such-folder"), "--public-url", "https://cds.example.org")
    assert r.returncode == 2 and str(tmp_path / "no-such-folder" / PAGE) in r.stderr, r.stderr


def test_sighup_with_a_broken_trust_file_keeps_serving(start, tokens, tmp_path):
    trust = tmp_path / "trust.json"
    trust.write_text(json.dumps(tokens["trust"]))
    s = start("--trust", str(trust), "--public-url", tokens["public_url"])
    trust.write_text('{"issuers": [{"iss": 1}]}')
    s.proc.send_signal(signal.SIGHUP)
    s.wait_for_log("reload failed")
    assert s.request("GET", "/cds-services", headers={"Authorization": "Bearer " + tokens["tokens"]["good_discovery"]})[0] == 200
    assert s.stop() == 0
