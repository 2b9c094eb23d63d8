#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""What including and using carecompare costs a user's build, as ratios measured in one run.

Each figure is the median of ROUNDS runs (default 5), the two sides of a ratio alternating, on
the same machine in the same minute:

  syntax-only   g++ -fsyntax-only of a file that includes <carecompare/carecompare.hpp>, over
                one that includes <nlohmann/json.hpp> alone (the library's own dependency);
  quickstart    compiling and linking examples/cpp/quickstart.cpp at -O2 against the installed
                library (libcarecompare-cpp), over a program that parses and dumps JSON with
                nlohmann, compiled and linked the same way;
  header-only   the quickstart with the library compiled in (CARECOMPARE_HEADER_ONLY), for
                information: what the compiled library saves.

The library is installed from a Release build of this clone into a temporary prefix first.

    benchmarks/compile_time.py [--markdown] [--rounds N] [--build DIR]
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

NLOHMANN_PROGRAM = r"""
#include <iostream>
#include <nlohmann/json.hpp>
int main() {
  const auto j = nlohmann::json::parse(R"({"sites": ["bone"], "symptoms": ["pain"], "n": 1.5})");
  std::cout << j.dump(2) << '\n';
}
"""


def run(cmd, **kw):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, **kw)


def timed(cmd):
    t0 = time.perf_counter()
    run(cmd)
    return time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    ap.add_argument("--rounds", type=int, default=int(os.environ.get("ROUNDS", "5")))
    ap.add_argument("--build", default=str(ROOT / "build" / "compile-time"), help="Release build folder")
    ap.add_argument("--cxx", default=os.environ.get("CXX", "g++"))
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="carecompare-compile-time."))
    try:
        build = Path(args.build)
        print(f"==> Release build and install of the library into {work / 'prefix'}", file=sys.stderr)
        run(["cmake", "-S", str(ROOT), "-B", str(build), "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release",
             "-DCARECOMPARE_BUILD_TESTS=OFF", "-DCARECOMPARE_BUILD_EXAMPLES=OFF", "-DCARECOMPARE_BUILD_PYTHON=OFF",
             "-DCARECOMPARE_BUILD_CLI=OFF", "-DCARECOMPARE_BUILD_C_API=OFF"])
        run(["cmake", "--build", str(build)])
        prefix = work / "prefix"
        run(["cmake", "--install", str(build), "--prefix", str(prefix)])
        include = prefix / "include"
        libdir = next(d for d in (prefix / "lib", prefix / "lib64", *prefix.glob("lib/*-linux-gnu")) if
                      (d / "libcarecompare-cpp.a").exists())

        (work / "with_carecompare.cpp").write_text("#include <carecompare/carecompare.hpp>\n")
        (work / "with_nlohmann.cpp").write_text("#include <nlohmann/json.hpp>\n")
        (work / "nlohmann_program.cpp").write_text(NLOHMANN_PROGRAM)
        cxx = [args.cxx, "-std=c++20"]
        quickstart = str(ROOT / "examples" / "cpp" / "quickstart.cpp")
        commands = {
            "syntax carecompare": cxx + ["-fsyntax-only", f"-I{include}", str(work / "with_carecompare.cpp")],
            "syntax nlohmann": cxx + ["-fsyntax-only", str(work / "with_nlohmann.cpp")],
            "quickstart": cxx + ["-O2", f"-I{include}", quickstart, f"-L{libdir}", "-lcarecompare-cpp",
                                 "-o", str(work / "quickstart")],
            "nlohmann program": cxx + ["-O2", str(work / "nlohmann_program.cpp"), "-o", str(work / "nlohmann_program")],
            "quickstart header-only": cxx + ["-O2", f"-I{include}", f"-I{include / 'carecompare' / 'impl'}",
                                             "-DCARECOMPARE_HEADER_ONLY", "-DFMT_HEADER_ONLY", quickstart,
                                             "-o", str(work / "quickstart_header_only")],
        }
        times = {name: [] for name in commands}
        for r in range(args.rounds):
            print(f"==> round {r + 1} of {args.rounds}", file=sys.stderr)
            names = list(commands) if r % 2 == 0 else list(reversed(commands))
            for name in names:
                times[name].append(timed(commands[name]))
        # The programs must work, not only compile.
        out = subprocess.run([str(work / "quickstart")], check=True, capture_output=True, text=True).stdout
        assert "Radiation Therapy" in out, out
        out = subprocess.run([str(work / "quickstart_header_only")], check=True, capture_output=True, text=True).stdout
        assert "Radiation Therapy" in out, out
    finally:
        shutil.rmtree(work, ignore_errors=True)

    med = {name: statistics.median(t) for name, t in times.items()}
    rows = [
        ("#include <carecompare/carecompare.hpp>, -fsyntax-only", med["syntax carecompare"],
         "#include <nlohmann/json.hpp> alone", med["syntax nlohmann"], 1.6),
        ("quickstart, compile and link at -O2 (installed library)", med["quickstart"],
         "nlohmann parse-and-dump program", med["nlohmann program"], 2.5),
        ("quickstart, header-only mode, compile and link at -O2", med["quickstart header-only"],
         "nlohmann parse-and-dump program", med["nlohmann program"], None),
    ]
    compiler = subprocess.run([args.cxx, "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    if args.markdown:
        print(f"Compiler: {compiler}; medians of {args.rounds} rounds.\n")
        print("| what | time | against | time | ratio | target |")
        print("|---|---:|---|---:|---:|---:|")
        for what, t, against, t0, target in rows:
            goal = f"<= {target}x" if target else "(information)"
            print(f"| {what} | {t:.2f} s | {against} | {t0:.2f} s | {t / t0:.2f}x | {goal} |")
    else:
        print(f"{compiler}; medians of {args.rounds} rounds")
        for what, t, against, t0, target in rows:
            goal = f"(target <= {target}x)" if target else ""
            print(f"{what}: {t:.2f} s vs {against}: {t0:.2f} s = {t / t0:.2f}x {goal}")
    failed = [what for what, t, _, t0, target in rows if target and t / t0 > target]
    if failed:
        print("over the target: " + "; ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
