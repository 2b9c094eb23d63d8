#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Reads the rounds benchmarks/versus.sh wrote (old-*-<r>.json and new-*-<r>.json, Google
Benchmark output) and prints, per benchmark, the median over the rounds of each side and the
ratio new / old, with the geometric mean of the ratios of each group (the JsonLogic families,
the builtin filter, the 10k catalog, the C ABI)."""
import argparse
import glob
import json
import math
import os
import re
import statistics


def load(folder, side):
    samples = {}
    order = []
    for path in sorted(glob.glob(os.path.join(folder, f"{side}-*.json"))):
        with open(path) as f:
            for b in json.load(f)["benchmarks"]:
                if b.get("run_type") == "aggregate":
                    continue
                scale = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}[b.get("time_unit", "ns")]
                samples.setdefault(b["name"], []).append(b["real_time"] * scale)
                if b["name"] not in order:
                    order.append(b["name"])
    return {k: statistics.median(v) for k, v in samples.items()}, order


def group_of(name):
    if name.startswith("logic/"):
        return "JsonLogic " + name.split("/")[1]
    if name.startswith("filter/builtin/"):
        return "builtin filter"
    if name.startswith("c_abi/"):
        return "C ABI filter (builtin, bone and pain)"
    return re.sub(r"/\d+$", "", name) + " (10k)"


def unit(ns):
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.2f} µs"
    return f"{ns:.1f} ns"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("folder")
    p.add_argument("--format", default="text", choices=["text", "markdown"])
    p.add_argument("--old", default="old")
    p.add_argument("--new", default="new")
    p.add_argument("--rounds", default="?")
    a = p.parse_args()
    old, order = load(a.folder, "old")
    new, _ = load(a.folder, "new")
    names = [n for n in order if n in new]
    groups = {}
    for n in names:
        groups.setdefault(group_of(n), []).append(new[n] / old[n])
    summary = [(g, math.exp(sum(math.log(r) for r in rs) / len(rs)), len(rs)) for g, rs in groups.items()]
    head = f"{a.new} against {a.old}: medians of {a.rounds} alternating rounds; ratio = new / old (below 1: faster)"
    if a.format == "markdown":
        print(head + "\n")
        print("| group | benchmarks | geometric mean of new / old |")
        print("|---|---:|---:|")
        for g, gm, count in summary:
            print(f"| {g} | {count} | {gm:.3f} |")
        print("\n| benchmark | old | new | new / old |")
        print("|---|---:|---:|---:|")
        for n in names:
            print(f"| {n} | {unit(old[n])} | {unit(new[n])} | {new[n] / old[n]:.3f} |")
    else:
        print(head)
        for g, gm, count in summary:
            print(f"  {g:<32} {count:>3} benchmarks  geomean new/old {gm:.3f}")
        print()
        width = max(len(n) for n in names)
        for n in names:
            print(f"{n:<{width}}  {unit(old[n]):>11}  {unit(new[n]):>11}  {new[n] / old[n]:.3f}")


if __name__ == "__main__":
    main()
