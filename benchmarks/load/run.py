#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Issue 23's load benchmark: `carecompare serve` under wrk on loopback, beside its ceilings.

Two steps, so that the signing (minutes of CPU) is done before the machine is wanted quiet:

  benchmarks/load/run.py prepare --out DIR [--es384 N] [--rs384 N]
      Makes an EC P-384 and an RSA 2048 key, the trust file, the patient-view body (its
      prefetch: a searchset Bundle of 10 Conditions coded as the discovery's template asks, read
      from a running `carecompare serve`), and signs N tokens per signed run ahead of time
      (PyJWT, a process pool), each with its own jti, split into one file per wrk thread.
      The tokens live an hour (iat now, exp now + 3590 s): measure within the hour.

  benchmarks/load/run.py measure --out DIR [--seconds 30] [--only NAME]... [--cli LABEL=PATH]...
      Per run: starts the service (or the Node.js yardstick), checks one call answers 200 with a
      card, runs `wrk -t2 -cC -dS` with wrk.lua, reads the server's VmHWM, stops it. With several
      --cli, each run of the service is made with each binary in turn (before and after a change,
      alternating, so that a change of the machine's load falls on both), named "NAME (LABEL)". An
      ES384 run also measures the verify ceiling (`openssl speed`, 5 s) just before and just after
      itself, and gives its calls/s against their mean. Then the
      ceilings: `openssl speed -elapsed -multi T ecdsap384` and benchmarks/cds_parse_bench on the
      same body with T threads (T = the server's threads). Writes DIR/raw.txt (every command and
      its output, `uptime` before and after each run), DIR/results.json and a Markdown table on
      stdout.

Uses build/release/src/carecompare and build/release/benchmarks/cds_parse_bench (cmake --preset
release -DCARECOMPARE_BUILD_BENCHMARKS=ON), wrk and node from PATH, /usr/bin/python3's jwt.
"""
import argparse
import concurrent.futures
import json
import os
import pathlib
import re
import resource
import select
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CLI = ROOT / "build" / "release" / "src" / "carecompare"
PARSE_BENCH = ROOT / "build" / "release" / "benchmarks" / "cds_parse_bench"
CATALOG = ROOT / "data" / "catalogs" / "metastatic-breast-cancer.json"
SERVICE = "/cds-services/metastatic-breast-cancer"
PUBLIC_URL = "https://cds.example.org"
ISS = "https://ehr.example.org"
WRK_THREADS = 2
SERVER_THREADS = 2
CONNECTIONS = (8, 64)
RESOURCES = 10


# --- prepare -------------------------------------------------------------------------------

def start_cli(args, log):
    proc = subprocess.Popen([str(CLI), "serve", "--listen", "127.0.0.1:0", "--catalog", str(CATALOG), *args],
                            stdout=subprocess.PIPE, stderr=log, text=True)
    ready, _, _ = select.select([proc.stdout], [], [], 10)
    line = proc.stdout.readline() if ready else ""
    if "listening on 127.0.0.1:" not in line:
        proc.kill()
        raise SystemExit(f"carecompare serve did not start: {line!r}")
    return proc, int(line.rsplit(":", 1)[1])


def make_body():
    """The patient-view call: its prefetch holds what the discovery's template asks for."""
    with open(os.devnull, "w") as log:
        proc, port = start_cli(["--insecure-no-auth"], log)
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/cds-services", timeout=5) as r:
                discovery = json.load(r)
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=10)
    service = next(s for s in discovery["services"] if SERVICE.endswith("/" + s["id"]))
    template = service["prefetch"]["conditions"]
    query = urllib.parse.parse_qs(template.split("?", 1)[1])
    codes = [c.split("|", 1) for c in query["code"][0].split(",")]
    statuses = ["active", "active", "active", "recurrence", "active"]
    entries = []
    for n in range(RESOURCES):
        system, code = codes[n % len(codes)]
        entries.append({
            "fullUrl": f"https://fhir.example.org/r4/Condition/c{n}",
            "resource": {
                "resourceType": "Condition",
                "id": f"c{n}",
                "meta": {"lastUpdated": f"2024-0{1 + n % 9}-1{n % 10}T09:30:00Z"},
                "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical",
                                               "code": statuses[n % len(statuses)]}]},
                "verificationStatus": {"coding": [{
                    "system": "http://terminology.hl7.org/CodeSystem/condition-ver-status", "code": "confirmed"}]},
                "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-category",
                                          "code": "problem-list-item", "display": "Problem List Item"}]}],
                "code": {"coding": [{"system": system, "code": code}]},
                "subject": {"reference": "Patient/patient-7f3a9c"},
                "onsetDateTime": f"2024-0{1 + n % 9}-0{1 + n % 9}",
                "recordedDate": f"2024-0{1 + n % 9}-1{n % 10}T09:30:00Z",
            },
            "search": {"mode": "match"},
        })
    body = {
        "hook": "patient-view",
        "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
        "fhirServer": "https://fhir.example.org/r4",
        "context": {"userId": "Practitioner/practitioner-1", "patientId": "patient-7f3a9c"},
        "prefetch": {"conditions": {"resourceType": "Bundle", "type": "searchset", "total": RESOURCES,
                                    "entry": entries}},
    }
    return json.dumps(body, separators=(",", ":")) + "\n"


_signing = {}


def _init_signer(pem, alg, kid, now):
    from cryptography.hazmat.primitives import serialization
    _signing.update(key=serialization.load_pem_private_key(pem, password=None), alg=alg, kid=kid, now=now)


def _sign(count):
    import jwt
    s = _signing
    claims = {"iss": ISS, "aud": PUBLIC_URL + SERVICE, "iat": s["now"], "exp": s["now"] + 3590}
    return [jwt.encode({**claims, "jti": str(uuid.uuid4())}, s["key"], algorithm=s["alg"], headers={"kid": s["kid"]})
            for _ in range(count)]


def sign_many(pem, alg, kid, now, count):
    chunk = 2000
    sizes = [min(chunk, count - i) for i in range(0, count, chunk)]
    with concurrent.futures.ProcessPoolExecutor(os.cpu_count(), initializer=_init_signer,
                                                initargs=(pem, alg, kid, now)) as pool:
        return [t for part in pool.map(_sign, sizes) for t in part]


def prepare(args):
    import jwt
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec, rsa
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "body.json").write_text(make_body())
    ec_key = ec.generate_private_key(ec.SECP384R1())
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    sys.path.insert(0, str(ROOT / "tests" / "cds"))
    from make_tokens import jwk_of  # EC coordinates at full size, whatever PyJWT's version

    trust = {"issuers": [{"iss": ISS, "jwks": {"keys": [
        jwk_of(ec_key.public_key(), "ec-1"), jwk_of(rsa_key.public_key(), "rsa-1")]}}]}
    (out / "trust.json").write_text(json.dumps(trust))
    now = int(time.time())
    pem = {"ES384": ec_key, "RS384": rsa_key}
    kids = {"ES384": "ec-1", "RS384": "rsa-1"}
    counts = {"ES384": args.es384, "RS384": args.rs384}
    for alg in ("ES384", "RS384"):
        key_pem = pem[alg].private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                         serialization.NoEncryption())
        for conns in CONNECTIONS:
            started = time.monotonic()
            # One spare a thread: the check call before the run.
            tokens = sign_many(key_pem, alg, kids[alg], now, counts[alg] + 1)
            folder = out / "tokens" / f"{alg.lower()}-{conns}"
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            (folder / "check.txt").write_text(tokens.pop() + "\n")
            per = len(tokens) // WRK_THREADS
            for i in range(WRK_THREADS):
                (folder / f"{i}.txt").write_text("\n".join(tokens[i * per:(i + 1) * per]) + "\n")
            print(f"{alg} {conns}: {len(tokens)} tokens in {time.monotonic() - started:.0f} s", flush=True)
    (out / "prepared.json").write_text(json.dumps({"signed_at": now, "es384": args.es384, "rs384": args.rs384}))


# --- measure -------------------------------------------------------------------------------

class Raw:
    def __init__(self, path):
        self.f = open(path, "a", encoding="utf-8")

    def write(self, text):
        self.f.write(text if text.endswith("\n") else text + "\n")
        self.f.flush()

    def uptime(self, when):
        self.write(f"uptime {when}: " + subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())


def tree_pids(pid):
    pids = [pid]
    for p in pids:
        for task in pathlib.Path(f"/proc/{p}/task").glob("*/children"):
            pids += [int(c) for c in task.read_text().split()]
    return pids


def cpu_seconds(pid):
    """User and system CPU time of a process and the processes it started (Node.js's workers),
    threads included, from /proc/PID/stat."""
    total = 0
    for p in tree_pids(pid):
        fields = pathlib.Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def vm_hwm_kib(pid):
    total = 0
    for p in tree_pids(pid):
        m = re.search(r"^VmHWM:\s+(\d+) kB", pathlib.Path(f"/proc/{p}/status").read_text(), re.M)
        total += int(m.group(1))
    return total


def post(port, body, token=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    req = urllib.request.Request(f"http://127.0.0.1:{port}{SERVICE}", data=body.encode(), headers=headers)
    with urllib.request.urlopen(req, timeout=5) as r:
        return r.status, json.load(r)


def start_node(workers, log):
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(["node", str(HERE / "node_service.js"), str(port), str(workers)],
                            stdout=subprocess.PIPE, stderr=log, text=True)
    for _ in range(workers):
        ready, _, _ = select.select([proc.stdout], [], [], 10)
        if not ready or "listening" not in proc.stdout.readline():
            proc.kill()
            raise SystemExit("the Node.js service did not start")
    return proc, port


def one_run(raw, out, name, conns, seconds, extra_cli=None, alg=None, node_workers=0):
    body = (out / "body.json").read_text()
    log = open(out / f"server-{name}-{conns}.log", "w")
    env = dict(os.environ, LOAD_BODY=str(out / "body.json"), LOAD_PATH=SERVICE,
               LOAD_OUT=str(out / f"wrk-{name}-{conns}.json"), LOAD_TOKENS="")
    if node_workers:
        proc, port = start_node(node_workers, log)
        status, doc = post(port, body)
    else:
        proc, port = start_cli(extra_cli, log)
        token = None
        if alg:
            folder = out / "tokens" / f"{alg.lower()}-{conns}"
            env["LOAD_TOKENS"] = str(folder)
            token = (folder / "check.txt").read_text().strip()
        status, doc = post(port, body, token)
    assert status == 200 and len(doc["cards"]) == 1, (status, doc)
    # A signed run's ceiling is measured just before and just after it, while the server waits:
    # this machine's speed drifts by tens of percent within minutes, so a ceiling taken at the end
    # of all runs does not measure the conditions of a run.
    ceiling_before = openssl_ceiling(raw, SERVER_THREADS, 5)["verify_per_s"] if alg == "ES384" else None
    cmd = ["wrk", f"-t{WRK_THREADS}", f"-c{conns}", f"-d{seconds}s", "--timeout", "2s", "-s",
           str(HERE / "wrk.lua"), f"http://127.0.0.1:{port}{SERVICE}"]
    raw.write(f"\n### {name}, {conns} connections\n$ {' '.join(cmd)}")
    raw.uptime("before")
    server_cpu = cpu_seconds(proc.pid)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    r = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=seconds + 60)
    server_cpu = cpu_seconds(proc.pid) - server_cpu
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    wrk_cpu = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
    raw.uptime("after")
    raw.write(r.stdout + r.stderr)
    hwm = vm_hwm_kib(proc.pid)
    ceiling_after = openssl_ceiling(raw, SERVER_THREADS, 5)["verify_per_s"] if alg == "ES384" else None
    proc.send_signal(signal.SIGTERM)
    rc = proc.wait(timeout=30)
    log.close()
    figures = json.loads((out / f"wrk-{name}-{conns}.json").read_text())
    figures.update(name=name, connections=conns, vm_hwm_kib=hwm, exit_status=rc,
                   requests_per_s=figures["requests"] / (figures["duration_us"] / 1e6),
                   server_cpu_us_per_call=server_cpu / figures["requests"] * 1e6,
                   wrk_cpu_us_per_call=wrk_cpu / figures["requests"] * 1e6)
    if ceiling_before is not None:
        ceiling = (ceiling_before + ceiling_after) / 2
        figures.update(verify_ceiling_before=ceiling_before, verify_ceiling_after=ceiling_after,
                       verify_share=figures["requests_per_s"] / ceiling)
    raw.write(json.dumps(figures))
    return figures


def openssl_ceiling(raw, threads, seconds=10):
    cmd = ["openssl", "speed", "-elapsed", "-seconds", str(seconds), "-multi", str(threads), "ecdsap384"]
    raw.write(f"\n### ECDSA P-384 ceiling\n$ {' '.join(cmd)}")
    raw.uptime("before")
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    raw.uptime("after")
    raw.write(r.stdout + r.stderr)
    # "384 bits ecdsa (nistp384)   0.0010s   0.0008s   1000.0   1250.0": sign/s, verify/s.
    m = re.search(r"384 bits ecdsa \(nistp384\)\s+\S+\s+\S+\s+([\d.]+)\s+([\d.]+)", r.stdout)
    return {"sign_per_s": float(m.group(1)), "verify_per_s": float(m.group(2))}


def parse_ceiling(raw, out, threads):
    cmd = [str(PARSE_BENCH), str(out / "body.json"), f"--threads={threads}", "--benchmark_min_time=3",
           "--benchmark_format=json"]
    raw.write(f"\n### nlohmann::json::parse ceiling\n$ {' '.join(cmd)}")
    raw.uptime("before")
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    raw.uptime("after")
    raw.write(r.stdout + r.stderr)
    doc = json.loads(r.stdout)
    return {b["name"]: b["items_per_second"] for b in doc["benchmarks"]}


def measure(args):
    out = pathlib.Path(args.out)
    prepared = json.loads((out / "prepared.json").read_text())
    age = time.time() - prepared["signed_at"]
    if age > 3590 - args.seconds * 8 - 120:
        raise SystemExit(f"the tokens were signed {age:.0f} s ago: too close to their expiry, prepare again")
    raw = Raw(out / "raw.txt")
    raw.write(f"\n## {time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())}, "
              f"commit {subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], cwd=ROOT, capture_output=True, text=True).stdout.strip()}")
    cache = str(max(prepared["es384"], prepared["rs384"]) + 1000)
    signed = ["--trust", str(out / "trust.json"), "--public-url", PUBLIC_URL, "--replay-cache-size", cache]
    plan = []
    for conns in CONNECTIONS:
        plan += [("auth off", conns, dict(extra_cli=["--insecure-no-auth"])),
                 ("ES384", conns, dict(extra_cli=signed, alg="ES384")),
                 ("RS384", conns, dict(extra_cli=signed, alg="RS384")),
                 ("Node.js", conns, dict(node_workers=1)),
                 ("Node.js x2", conns, dict(node_workers=2))]
    global CLI
    binaries = [tuple(c.split("=", 1)) for c in args.cli] if args.cli else [("", str(CLI))]
    for label, path in binaries:
        raw.write(f"- carecompare{' ' + label if label else ''}: {path}")
    runs = []
    for name, conns, kw in plan:
        if args.only and name not in args.only:
            continue
        for label, path in binaries if "node_workers" not in kw else [("", "")]:
            if path:
                CLI = pathlib.Path(path)
            runs.append(one_run(raw, out, f"{name} ({label})" if label else name, conns, args.seconds, **kw))
            print(json.dumps(runs[-1]), flush=True)
    ceilings = {}
    if not args.only or "ceilings" in args.only:
        ceilings["openssl"] = openssl_ceiling(raw, SERVER_THREADS)
        ceilings["parse"] = parse_ceiling(raw, out, SERVER_THREADS)
    results = {"runs": runs, "ceilings": ceilings, "seconds": args.seconds}
    (out / "results.json").write_text(json.dumps(results, indent=1))
    print(table(results))


def table(results):
    lines = ["| server | connections | requests/s | p50 | p99 | p99.9 | errors | timeouts | peak memory "
             "| server CPU / call | wrk CPU / call |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in results["runs"]:
        errors = r["connect_errors"] + r["read_errors"] + r["write_errors"] + r["status_errors"]
        shortage = f" (token shortage {r['token_shortage']})" if r["token_shortage"] else ""
        lines.append(f"| {r['name']} | {r['connections']} | {r['requests_per_s']:,.0f} | "
                     f"{r['p50_us'] / 1000:.2f} ms | {r['p99_us'] / 1000:.2f} ms | {r['p999_us'] / 1000:.2f} ms | "
                     f"{errors}{shortage} | {r['timeouts']} | {r['vm_hwm_kib'] / 1024:.1f} MiB | "
                     f"{r['server_cpu_us_per_call']:.0f} µs | {r['wrk_cpu_us_per_call']:.0f} µs |")
    for r in results["runs"]:
        if "verify_share" in r:
            lines.append(f"- {r['name']}, {r['connections']} connections: {r['verify_share']:.0%} of the ECDSA P-384 "
                         f"verify ceiling around it ({r['verify_ceiling_before']:,.0f} verifies/s just before the run, "
                         f"{r['verify_ceiling_after']:,.0f} just after)")
    c = results["ceilings"]
    if c:
        lines.append("")
        lines.append(f"- openssl ECDSA P-384 verifies/s ({SERVER_THREADS} processes): {c['openssl']['verify_per_s']:,.0f}")
        for name, rate in c["parse"].items():
            what = "calls/s in process, without HTTP" if name.startswith("handler") else "bodies/s"
            lines.append(f"- {name}: {rate:,.0f} {what}")
    return "\n".join(lines)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="step", required=True)
    a = sub.add_parser("prepare")
    a.add_argument("--out", required=True)
    a.add_argument("--es384", type=int, default=100_000, help="tokens per ES384 run")
    a.add_argument("--rs384", type=int, default=300_000, help="tokens per RS384 run")
    m = sub.add_parser("measure")
    m.add_argument("--out", required=True)
    m.add_argument("--seconds", type=int, default=30)
    m.add_argument("--only", action="append", help="a run's name (auth off, ES384, RS384, Node.js, Node.js x2, ceilings)")
    m.add_argument("--cli", action="append", metavar="LABEL=PATH",
                   help="a carecompare binary to measure (default: build/release's); several alternate run by run")
    args = p.parse_args()
    prepare(args) if args.step == "prepare" else measure(args)


if __name__ == "__main__":
    main()
