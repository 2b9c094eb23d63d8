#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Reads the rounds benchmarks/compare.sh wrote (cpp-<r>.json from Google Benchmark, js-<r>.jsonl
from peers/bench.js) and prints one table: the median over the rounds of ns per evaluation for
each case and implementation, the geometric mean of each column, and carecompare's ratios."""
import argparse
import datetime
import glob
import json
import math
import os
import statistics

CPP = {  # Google Benchmark family -> column
    "apply_into": "carecompare apply_into (prepared data, each result written over the last one, "
                  "reusing its storage)",
    "apply_prepared": "carecompare apply (prepared data, a new nlohmann::json result each time)",
    "test_prepared": "carecompare test (prepared data)",
    "apply": "carecompare apply (nlohmann::json)",
}
JS = {
    "json-logic-js": "json-logic-js apply",
    "engine-run": "json-logic-engine run",
    "engine-build": "json-logic-engine build",
}
ORDER = ["apply_into", "apply_prepared", "test_prepared", "apply", "json-logic-js", "engine-run", "engine-build"]
SHORT = {"apply_into": "cc into", "apply_prepared": "cc prepared", "test_prepared": "cc test prep", "apply": "cc json",
         "json-logic-js": "json-logic-js", "engine-run": "engine run", "engine-build": "engine build"}


def geomean(values):
    return math.exp(sum(math.log(v) for v in values) / len(values))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("folder")
    p.add_argument("--format", default="text", choices=["text", "markdown"])
    p.add_argument("--rounds", default="?")
    p.add_argument("--commit", default="unknown")
    p.add_argument("--cpu", default="unknown")
    p.add_argument("--node", default="unknown")
    p.add_argument("--peers", default="")
    a = p.parse_args()

    samples = {}  # (impl, case) -> [ns per round]
    cases = []
    for path in sorted(glob.glob(os.path.join(a.folder, "cpp-*.json"))):
        with open(path) as f:
            for b in json.load(f)["benchmarks"]:
                _, family, case = b["name"].split("/", 2)
                scale = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}[b.get("time_unit", "ns")]
                samples.setdefault((family, case), []).append(b["real_time"] * scale)
                if case not in cases:
                    cases.append(case)
    for path in sorted(glob.glob(os.path.join(a.folder, "js-*.jsonl"))):
        with open(path) as f:
            for line in f:
                row = json.loads(line)
                samples.setdefault((row["impl"], row["case"]), []).append(row["ns"])
    impls = [i for i in ORDER if any(k[0] == i for k in samples)]
    median = {k: statistics.median(v) for k, v in samples.items()}
    complete = [c for c in cases if all((i, c) in median for i in impls)]
    missing = [c for c in cases if c not in complete]
    gm = {i: geomean([median[(i, c)] for c in complete]) for i in impls}

    versions = {}
    for name in ("json-logic-js", "json-logic-engine"):
        try:
            with open(os.path.join(a.peers, "node_modules", name, "package.json")) as f:
                versions[name] = json.load(f)["version"]
        except OSError:
            versions[name] = "?"
    head = (f"{datetime.date.today().isoformat()}, commit {a.commit}, {a.cpu}, node {a.node}, "
            f"json-logic-js {versions['json-logic-js']}, json-logic-engine {versions['json-logic-engine']}; "
            f"median of {a.rounds} alternating rounds, ns per evaluation")
    ratio_of = [i for i in ("json-logic-js", "engine-run", "engine-build") if i in impls]
    # Ratios are taken over the fastest way to apply a rule and keep its result: apply_into when
    # measured (older runs have apply on prepared data only).
    base = "apply_into" if "apply_into" in impls else "apply_prepared"
    columns = [SHORT[i] for i in impls] + [f"{SHORT[i]} / cc" for i in ratio_of]

    def cells(values):
        return [f"{median[(i, c)]:.1f}" for i in impls for c in [values]] + \
               [f"{median[(i, values)] / median[(base, values)]:.1f}x" for i in ratio_of]

    rows = [[c] + cells(c) for c in complete]
    rows.append(["geometric mean"] + [f"{gm[i]:.1f}" for i in impls] + [f"{gm[i] / gm[base]:.1f}x" for i in ratio_of])
    if a.format == "markdown":
        print(head + "\n")
        print("| case | " + " | ".join(columns) + " |")
        print("|---|" + "---:|" * len(columns))
        for r in rows:
            name = f"**{r[0]}**" if r[0] == "geometric mean" else r[0]
            print("| " + name + " | " + " | ".join(r[1:]) + " |")
    else:
        print(head)
        widths = [max(len(x) for x in [col] + [r[k + 1] for r in rows]) for k, col in enumerate(columns)]
        first = max(len(r[0]) for r in rows)
        print(" " * first + "  " + "  ".join(col.rjust(w) for col, w in zip(columns, widths)))
        for r in rows:
            print(r[0].ljust(first) + "  " + "  ".join(x.rjust(w) for x, w in zip(r[1:], widths)))
    print()
    legend = "; ".join(f"{SHORT[i]} = {(CPP | JS)[i]}" for i in impls)
    if "json-logic-js" in impls and "engine-build" in impls:
        def versus(i):
            return (f"{SHORT[i]}: {gm['json-logic-js'] / gm[i]:.1f}x json-logic-js, "
                    f"{gm['engine-build'] / gm[i]:.2f}x json-logic-engine build")
        others = [versus(i) for i in ("apply_prepared", "apply") if i in impls and i != base]
        print(f"Columns: {legend}. Ratios: the peer's time over {SHORT[base]} (how many times faster "
              f"carecompare is). " + ("; ".join(others) + " (geometric means)." if others else ""))
    else:
        print(f"Columns: {legend}.")
    if missing:
        print("Left out (not measured on every side): " + ", ".join(missing))


if __name__ == "__main__":
    main()
