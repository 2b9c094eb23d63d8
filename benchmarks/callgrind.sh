#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Instructions per evaluation of each case of benchmarks/cases/, counted by callgrind: a stable
# complement to timings on a noisy machine. Each figure is (Ir of n runs - Ir of 0 runs) / n.
#   benchmarks/callgrind.sh [build dir] [modes...]   (default: build/bench, apply_into apply_prepared test_prepared)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build/bench}
shift || true
modes=("$@")
[ ${#modes[@]} -eq 0 ] && modes=(apply_into apply_prepared test_prepared)
exe=$build/benchmarks/profile
[ -x "$exe" ] || { echo "no $exe: build with -DCARECOMPARE_BUILD_BENCHMARKS=ON" >&2; exit 2; }
n=2000
count() {  # case mode runs -> instructions
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$exe" logic "$1" "$2" "$3" 2>&1 >/dev/null |
    sed -n 's/.*Collected : *\([0-9]*\).*/\1/p'
}
printf '%-20s' case
for m in "${modes[@]}"; do printf ' %16s' "$m"; done
printf '\n'
for f in "$here"/cases/*.json; do
  name=$(sed -n 's/^ *"name": *"\([^"]*\)".*/\1/p' "$f")
  printf '%-20s' "$name"
  for m in "${modes[@]}"; do
    base=$(count "$name" "$m" 0)
    full=$(count "$name" "$m" "$n")
    printf ' %16s' $(( (full - base) / n ))
  done
  printf '\n'
done
