#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Times `catalog.filter(...)` on the builtin catalog from Python (a timing script, not a test).

    cmake -S . -B build/py-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DPython_EXECUTABLE=/usr/bin/python3
    cmake --build build/py-release --target carecompare_python
    PYTHONPATH=build/py-release/bindings/python /usr/bin/python3 benchmarks/python_filter.py

Each case is timed with timeit: `--repeat` runs of N calls each (N chosen so that one run
lasts about 0.2 s), reported as the minimum and the median time per call in microseconds.
The target is at most 10 us per `filter` call; the exit status is 0 either way unless
`--check` is given.
"""
import argparse
import platform
import statistics
import sys
import timeit

import carecompare

CASES = {
    "bone+pain": {"sites": ["bone"], "symptoms": ["pain"]},
    "none": {},
    "everything": {"sites": ["bone", "liver", "lung", "brain"],
                   "symptoms": ["pain", "fatigue", "reduced-mobility", "anxiety"],
                   "goals": ["control-growth", "relieve-symptoms", "stay-active", "emotional-wellbeing",
                             "explore-new-treatments"]},
}


def measure(stmt, repeat):
    timer = timeit.Timer(stmt)
    number, _ = timer.autorange()  # calls per run so that a run takes >= 0.2 s
    runs = [t / number * 1e6 for t in timer.repeat(repeat=repeat, number=number)]
    return min(runs), statistics.median(runs), number


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per case (default 7)")
    parser.add_argument("--target-us", type=float, default=10.0, help="target per filter call (default 10)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a filter case misses the target")
    args = parser.parse_args()

    catalog = carecompare.Catalog.builtin()
    print(f"carecompare {carecompare.__version__} ({carecompare._core.__file__})")
    print(f"Python {platform.python_version()} on {platform.machine()}; builtin catalog: "
          f"{len(catalog.strategies)} strategies, {len(catalog.rules)} rules")
    print(f"{'case':<34}{'min us/call':>12}{'median':>10}{'calls/run':>11}")

    missed = False
    for name, kwargs in CASES.items():
        stmts = {
            f"filter {name}": lambda kw=kwargs: catalog.filter(**kw),
            f"filter {name} + .relevant": lambda kw=kwargs: catalog.filter(**kw).relevant,
        }
        for label, stmt in stmts.items():
            best, median, number = measure(stmt, args.repeat)
            print(f"{label:<34}{best:>12.2f}{median:>10.2f}{number:>11}")
            if label == f"filter {name}" and best > args.target_us:
                missed = True
    result = catalog.filter(**CASES["bone+pain"])
    for label, stmt in {"result.to_dict() (bone+pain)": result.to_dict,
                        "result.table() markdown": result.table}.items():
        best, median, number = measure(stmt, args.repeat)
        print(f"{label:<34}{best:>12.2f}{median:>10.2f}{number:>11}")

    verdict = "missed" if missed else "within"
    print(f"filter: {verdict} the {args.target_us:g} us target")
    return 1 if missed and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
