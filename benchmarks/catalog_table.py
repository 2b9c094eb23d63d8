#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Turns the Google Benchmark JSON of catalog_bench (benchmarks/catalog_bench.cpp) into Markdown
tables: the filter on the builtin catalog, how filter, load and memory scale with the size of a
synthetic catalog (with the growth factor of each step, so that a quadratic step shows), and
rendering. With repetitions, the medians are used.

    catalog_bench --benchmark_format=json --benchmark_repetitions=3 > out.json
    python3 benchmarks/catalog_table.py out.json
"""
import argparse
import json
import sys

UNIT_NS = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}


def load(path):
    """{run_name: benchmark entry}, medians when the run has repetitions."""
    with open(path, encoding="utf-8") as f:
        entries = json.load(f)["benchmarks"]
    by_name = {}
    for b in entries:
        if b.get("run_type") == "aggregate":
            if b.get("aggregate_name") == "median":
                by_name[b["run_name"]] = b
        else:
            by_name.setdefault(b["run_name"], b)
    return by_name


def ns(b):
    return b["cpu_time"] * UNIT_NS[b["time_unit"]]


def human_time(v):
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if v >= scale:
            return f"{v / scale:.3g} {unit}" if v / scale < 100 else f"{v / scale:.0f} {unit}"
    return f"{v:.0f} ns"


def human_bytes(v):
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if v >= scale:
            return f"{v / scale:.1f} {unit}"
    return f"{v:.0f} B"


def sizes(runs, family):
    """The n of each `family/<n>` run, ascending."""
    prefix = family + "/"
    found = set()
    for name in runs:
        if name.startswith(prefix):
            tail = name[len(prefix):].split("/")[0]
            if tail.isdigit():
                found.add(int(tail))
    return sorted(found)


def run(runs, name):
    for candidate in (name, name + "/iterations:1"):
        if candidate in runs:
            return runs[candidate]
    return None


def builtin_table(runs):
    rows = [(name.split("/", 2)[2], ns(b)) for name, b in runs.items() if name.startswith("filter/builtin/")]
    if not rows:
        return []
    out = ["| circumstances | ns per query |", "|---|---:|"]
    out += [f"| {name} | {v:.0f} |" for name, v in rows]
    return out


def growth(prev, cur, n_prev, n):
    """How the cost grew from one size to the next, over how much the size grew."""
    if prev is None or cur is None:
        return ""
    return f"{cur / prev:.1f}x for {n // n_prev}x"


def scaling_table(runs):
    ns_ = sizes(runs, "scaling/filter")
    if not ns_:
        return []
    out = ["| strategies x rules | filter per query | ns per rule | shown | filter growth | load | load MB/s"
           " | parse MB/s | load growth | heap after load | bytes per strategy |",
           "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    prev_filter = prev_load = None
    prev_n = None
    for n in ns_:
        f = run(runs, f"scaling/filter/{n}")
        ld = run(runs, f"scaling/load/{n}")
        p = run(runs, f"scaling/parse/{n}")
        m = run(runs, f"scaling/memory/{n}")
        filter_ns = ns(f) if f else None
        load_ns = ns(ld) if ld else None
        cells = [
            f"{n:,}",
            human_time(filter_ns) if f else "",
            f"{filter_ns / n:.0f}" if f else "",
            f"{f.get('shown', 0):,.0f}" if f else "",
            growth(prev_filter, filter_ns, prev_n, n) if prev_n else "",
            human_time(load_ns) if ld else "",
            f"{ld['bytes_per_second'] / 1e6:.1f}" if ld else "",
            f"{p['bytes_per_second'] / 1e6:.1f}" if p else "",
            growth(prev_load, load_ns, prev_n, n) if prev_n else "",
            human_bytes(m["heap_bytes"]) if m else "",
            f"{m['heap_bytes'] / n:,.0f}" if m else "",
        ]
        out.append("| " + " | ".join(cells) + " |")
        prev_filter, prev_load, prev_n = filter_ns, load_ns, n
    return out


def render_table(runs):
    formats = []
    for name in runs:
        if name.startswith("render/"):
            fmt = name.split("/")[1]
            if fmt not in formats:
                formats.append(fmt)
    rows_ = sizes(runs, "table")
    if not formats or not rows_:
        return []
    out = ["| rows | make_table | " + " | ".join(formats) + " |",
           "|---:|---:|" + "---:|" * len(formats)]
    for r in rows_:
        t = run(runs, f"table/{r}")
        cells = [f"{r:,}", human_time(ns(t)) if t else ""]
        for fmt in formats:
            b = run(runs, f"render/{fmt}/{r}")
            cells.append(f"{human_time(ns(b))} ({b['bytes_per_second'] / 1e6:.0f} MB/s)" if b else "")
        out.append("| " + " | ".join(cells) + " |")
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("json", help="catalog_bench --benchmark_format=json output")
    args = parser.parse_args()
    runs = load(args.json)
    sections = [
        ("Filter on the builtin catalog (catalog::filter per query, CPU time)", builtin_table(runs)),
        ("Scaling: synthetic catalogs of n strategies and n rules (CPU time; growth = cost ratio"
         " from the previous size, which is 10x smaller)", scaling_table(runs)),
        ("Rendering a table of the synthetic catalog (CPU time, output MB/s)", render_table(runs)),
    ]
    printed = False
    for title, lines in sections:
        if lines:
            print(f"**{title}**\n")
            print("\n".join(lines) + "\n")
            printed = True
    if not printed:
        print("catalog_table.py: no catalog_bench results in " + args.json, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
