#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# This clone against an earlier commit, side by side: both built Release the same way, their
# benchmarks run in the same session, alternating which goes first, ROUNDS rounds (default 5);
# prints the medians of each and the ratio new / old (below 1: faster now), per case and as
# geometric means. For the rule that a change must not make anything slower.
#
#   benchmarks/versus.sh OLD_COMMIT [--markdown]
#
# Measured: JsonLogic on benchmarks/cases/ (apply_into, apply on prepared data, test on prepared
# data, apply on JSON), catalog::filter() on the builtin catalog, filter and load of the
# synthetic catalog of 10,000 strategies and rules, and the C ABI's filter calls with what they
# are made of (c_abi_bench: the answers read, the document written, the calls whole). OLD_COMMIT is checked out into a worktree
# under build/versus/ (nothing in the clone changes). Environment: ROUNDS, MIN_TIME (seconds per
# benchmark and round, default 0.2), CARECOMPARE_BENCH_BUILD (this clone's build, build/bench).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../scripts/common.sh"
[ $# -ge 1 ] || { echo "usage: $0 OLD_COMMIT [--markdown]" >&2; exit 1; }
old_rev=$(git -C "$CARECOMPARE_ROOT" rev-parse --short "$1")
format=text
[ "${2:-}" = "--markdown" ] && format=markdown
rounds=${ROUNDS:-5}
min_time=${MIN_TIME:-0.2}

new_build=${CARECOMPARE_BENCH_BUILD:-$CARECOMPARE_ROOT/build/bench}
old_src=$CARECOMPARE_ROOT/build/versus/$old_rev
old_build=$old_src/build/bench
if [ ! -d "$old_src" ]; then
  log "checking out $old_rev into $old_src"
  git -C "$CARECOMPARE_ROOT" worktree add --detach "$old_src" "$old_rev" >/dev/null
fi
options=(-DCMAKE_BUILD_TYPE=Release -DCARECOMPARE_BUILD_BENCHMARKS=ON -DCARECOMPARE_BUILD_TESTS=OFF
         -DCARECOMPARE_BUILD_PYTHON=OFF -DCARECOMPARE_BUILD_EXAMPLES=OFF -DCARECOMPARE_BUILD_C_API=ON
         -DCARECOMPARE_BUILD_CLI=OFF -DCARECOMPARE_INSTALL=OFF)
configure_and_build "$new_build" "${options[@]}" >&2
log "building $old_rev"
[ -f "$old_build/CMakeCache.txt" ] || cmake -S "$old_src" -B "$old_build" -G Ninja "${options[@]}" >/dev/null
cmake --build "$old_build" -j "$(nproc)" >&2

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
run() {  # side round
  local build=$1
  "$build/benchmarks/logic_bench" --benchmark_filter='^logic/(apply_into|apply_prepared|apply|test_prepared)/' \
    --benchmark_min_time="$min_time" --benchmark_format=json 2>/dev/null >"$out/$2-logic-$3.json"
  CARECOMPARE_BENCH_MAX_N=10000 "$build/benchmarks/catalog_bench" \
    --benchmark_filter='^(filter/builtin/|scaling/filter/10000|scaling/load/10000)' \
    --benchmark_min_time="$min_time" --benchmark_format=json 2>/dev/null >"$out/$2-catalog-$3.json"
  # The C ABI (built from the core and bindings/c of each side), when both sides have its benchmark.
  if [ -x "$old_build/benchmarks/c_abi_bench" ] && [ -x "$new_build/benchmarks/c_abi_bench" ]; then
    "$build/benchmarks/c_abi_bench" --benchmark_filter='^c_abi/(c_|cpp_filter$|cpp_filter_write)' \
      --benchmark_min_time="$min_time" --benchmark_format=json 2>/dev/null >"$out/$2-c_abi-$3.json"
  fi
}
for ((r = 1; r <= rounds; ++r)); do
  log "round $r of $rounds"
  if ((r % 2)); then run "$old_build" old "$r"; run "$new_build" new "$r"; else run "$new_build" new "$r"; run "$old_build" old "$r"; fi
done
new_rev=$(git -C "$CARECOMPARE_ROOT" rev-parse --short HEAD)
git -C "$CARECOMPARE_ROOT" diff --quiet HEAD 2>/dev/null || new_rev="$new_rev (with local changes)"
python3 "$here/versus_table.py" --format "$format" --old "$old_rev" --new "$new_rev" --rounds "$rounds" "$out"
