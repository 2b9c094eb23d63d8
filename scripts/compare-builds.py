#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Runs the same commands through two builds of carecompare and checks that they answer byte for
byte alike: exit status, standard output and standard error.

    scripts/compare-builds.py BUILD_A BUILD_B        e.g. build/release build/libcxx

Meant for builds with different standard libraries (libstdc++ and LLVM's libc++): the library
must print and parse every number, and read every text, the same way whatever the standard
library. The commands:

- the CLI: `table` and `show --site bone --symptom pain --explain` in every format, with the
  builtin catalog and with the catalogs of fuzz/corpus/catalog (hostile texts, odd numbers);
  `validate` on each of those catalogs; `logic` on every case of the JsonLogic conformance
  suite (../shared/conformance/jsonlogic/tests.json or $CARECOMPARE_JSONLOGIC_SUITE, when
  present), on fuzz/corpus/logic, and on rules that print and read numbers (a fixed sample of
  doubles of every magnitude, decimal and 0x/0o/0b strings) and cut and compare Unicode text;
- the C programs: the C ABI test (bindings/c/c_api_test, which must pass) and the C example.

Prints how many commands ran; on a difference, the command and both answers, and exits 1.
"""
import json
import os
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ["markdown", "html", "text", "csv", "json"]
CATALOG = ROOT / "data" / "catalogs" / "metastatic-breast-cancer.json"


def run(argv, env=None):
    """(exit status, stdout, stderr) of a program; argv[0] is run under the name argv[1]."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    done = subprocess.run(argv[1:], executable=argv[0], capture_output=True, timeout=600, env=full_env)
    return done.returncode, done.stdout, done.stderr


def cli_commands():
    """Argument lists (bytes or str) for the CLI."""
    commands = [["--version"]]
    catalogs = [None] + sorted(str(p) for p in (ROOT / "fuzz" / "corpus" / "catalog").glob("*.json"))
    for fmt in FORMATS:
        for catalog in catalogs:
            with_catalog = [] if catalog is None else ["--catalog", catalog]
            commands.append(["table", "--format", fmt] + with_catalog)
            commands.append(["show", "--site", "bone", "--symptom", "pain", "--explain", "--format", fmt] + with_catalog)
        commands.append(["show", "--site", "bone,liver,brain", "--symptom", "fatigue", "--symptom", "anxiety",
                         "--goal", "stay-active", "--explain", "--format", fmt])
    commands.append(["table", "--format", "html", "--full-page"])
    commands.append(["table", "--format", "text", "--width", "37"])
    commands.append(["validate", str(CATALOG)])
    commands.append(["validate", "--strict", str(CATALOG)])
    for catalog in catalogs[1:]:
        commands.append(["validate", catalog])
    return commands


def logic_cases():
    """[rule, data] pairs as JSON texts (or raw bytes, for the fuzz seeds that are not UTF-8)."""
    cases = []
    suite = os.environ.get("CARECOMPARE_JSONLOGIC_SUITE") or str(
        Path(os.environ.get("CARECOMPARE_SHARED_DIR", ROOT.parent / "shared")) / "conformance" / "jsonlogic" / "tests.json")
    if Path(suite).is_file():
        for case in json.loads(Path(suite).read_text(encoding="utf-8")):
            if isinstance(case, list) and len(case) >= 2:
                cases.append((json.dumps(case[0]), json.dumps(case[1])))
    elif os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):  # CI runs every case
        sys.exit(f"error: CI=true: no JsonLogic conformance suite at {suite}. CI runs every test.")
    else:
        print(f"compare-builds: no JsonLogic conformance suite at {suite}; using the other rules only", file=sys.stderr)
    for seed in sorted((ROOT / "fuzz" / "corpus" / "logic").iterdir()):
        raw = seed.read_bytes()
        try:
            rule, data = json.loads(raw)
            cases.append((json.dumps(rule), json.dumps(data)))
        except (ValueError, TypeError):
            cases.append((raw.replace(b"\0", b""), b"null"))  # the CLI reports what it cannot read

    # Numbers printed: doubles of every magnitude, from short decimals to arbitrary bit patterns.
    rng = random.Random(20240611)
    doubles = [0.1, 0.2 + 0.1, 1e21, 1e-7, 5e-324, 1.7976931348623157e308, 2.0 ** 53, 2.0 ** 64, 123456789012345680000.0]
    for _ in range(3000):
        kind = rng.randrange(3)
        if kind == 0:
            value = rng.randrange(10 ** 6) / 10 ** rng.randrange(12)
        elif kind == 1:
            value = rng.random() * 10.0 ** rng.randrange(-320, 308)
        else:
            value = (rng.random() - 0.5) * 2.0 ** rng.randrange(-1074, 1024)
        doubles.append(value)
    for start in range(0, len(doubles), 500):
        cases.append((json.dumps({"cat": [x for d in doubles[start:start + 500] for x in (d, " ")]}), "null"))
        # Arithmetic on them, printed: results that are not in the rule's text.
        cases.append((json.dumps({"map": [{"var": ""}, {"cat": [{"/": [{"var": ""}, 3]}, " ", {"*": [{"var": ""}, 1.1]}]}]}),
                      json.dumps(doubles[start:start + 500])))

    # Numbers read: Number() (in "-") and parseFloat() (in "+") of decimal and radix strings.
    strings = ["", " 12 ", "\u00a012\u2028", "1e400", "-1e-400", "2.4703282292062328e-324", "1.7976931348623159e308",
               ".5", "5.", "1e", "1e+", "Infinity", "-Infinity", "infinity", "12px", "1.5.3", "0x1F", "0o17", "0b101",
               "0x", "-0x10", "9007199254740993", "3." + "3" * 800, "1" + "0" * 400, "0." + "0" * 400 + "1"]
    for _ in range(1500):
        kind = rng.randrange(4)
        if kind == 0:
            strings.append(f"{rng.random()!r}e{rng.randrange(-340, 330)}")
        elif kind == 1:
            digits = "".join(rng.choice("0123456789") for _ in range(rng.randrange(1, 40)))
            strings.append(digits[:rng.randrange(len(digits) + 1)] + "." + digits + "e" + str(rng.randrange(-400, 400)))
        else:
            base, alphabet = rng.choice([("0x", "0123456789abcdefABCDEF"), ("0o", "01234567"), ("0b", "01")])
            strings.append(base + "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 1100))))
    for start in range(0, len(strings), 60):  # 60 strings stay well under Linux's 128 KiB per argument
        chunk = json.dumps(strings[start:start + 60])
        cases.append((json.dumps({"map": [{"var": ""}, {"cat": [{"-": [{"var": ""}, 0]}, "|", {"+": [{"var": ""}]}]}]}), chunk))
        cases.append((json.dumps({"map": [{"var": ""}, {"<": [1e-300, {"var": ""}, 1e21]}]}), chunk))

    # Text: UTF-16 lengths, cuts and order over UTF-8, with invalid bytes.
    texts = ["héllo wörld", "日本語テキスト", "a😀b😀", "😀😀", "\u00a0x\u3000", "a\uffffb", "a\U0001F600"]
    for text in texts:
        cases.append((json.dumps({"substr": [text, 1, 3]}), "null"))
        cases.append((json.dumps({"substr": [text, -3]}), "null"))
        cases.append((json.dumps({"var": "s.length"}), json.dumps({"s": text})))
        for other in texts:
            cases.append((json.dumps({"<": [text, other]}), "null"))
    return cases


def compare(label, argv_a, argv_b, env=None, must_pass=False):
    """Runs both; returns a description of the difference (or of a failure when `must_pass`),
    or None."""
    a = run(argv_a, env)
    b = run(argv_b, env)
    if a == b and (a[0] == 0 or not must_pass):
        return None
    shown = " ".join(x if isinstance(x, str) else repr(x) for x in argv_a[1:])
    return (f"{label}: {shown[:300]}\n"
            f"  A: status {a[0]}\n  stdout {a[1][:2000]!r}\n  stderr {a[2][:2000]!r}\n"
            f"  B: status {b[0]}\n  stdout {b[1][:2000]!r}\n  stderr {b[2][:2000]!r}")


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 1
    build_a, build_b = (Path(p).resolve() for p in sys.argv[1:])
    programs = {}
    for name, path in [("cli", "src/carecompare"), ("c_api_test", "bindings/c/c_api_test"),
                       ("example_c_filter", "bindings/c/example_c_filter")]:
        a, b = build_a / path, build_b / path
        if not a.is_file() or not b.is_file():
            print(f"compare-builds: {a} or {b} is missing: build both first", file=sys.stderr)
            return 1
        programs[name] = (str(a), str(b))

    differences = []
    count = 0
    a, b = programs["cli"]
    for args in cli_commands():
        count += 1
        differences.append(compare("cli", [a, "carecompare"] + args, [b, "carecompare"] + args))
    for rule, data in logic_cases():
        count += 1
        differences.append(compare("cli", [a, "carecompare", "logic", rule, data], [b, "carecompare", "logic", rule, data]))

    for name, args in [("c_api_test", [str(CATALOG)]), ("example_c_filter", [])]:
        a, b = programs[name]
        count += 1
        differences.append(compare(name, [a, name] + args, [b, name] + args, must_pass=True))

    differences = [d for d in differences if d]
    for d in differences[:20]:
        print(d, file=sys.stderr)
    if differences:
        print(f"compare-builds: {len(differences)} of {count} commands answer differently in {build_a} and {build_b}",
              file=sys.stderr)
        return 1
    print(f"compare-builds: {count} commands answer byte for byte alike in {build_a} and {build_b}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
