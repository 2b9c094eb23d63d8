#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# carecompare's JsonLogic against json-logic-js and json-logic-engine, side by side, on the cases
# of benchmarks/cases/. Builds a Release build of the benchmarks, installs the JavaScript peers
# (pinned by benchmarks/peers/package-lock.json) into benchmarks/peers/node_modules on first use,
# then runs both sides in one run: ROUNDS rounds (default 5), alternating which side goes first,
# and prints one table of medians: ns per evaluation per case and implementation, the geometric
# mean, and the ratios carecompare vs each peer.
#
#   benchmarks/compare.sh                 # after ./scripts/test.sh on a fresh clone
#   ROUNDS=9 benchmarks/compare.sh        # more rounds on a noisy machine
#   benchmarks/compare.sh --markdown      # the table as Markdown (RESULTS.md)
#
# Environment: CARECOMPARE_BENCH_BUILD (default build/bench), ROUNDS, MIN_TIME (seconds per
# C++ benchmark and round, default 0.2), MIN_MS (ms per JavaScript batch, default 20).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../scripts/common.sh"

build=${CARECOMPARE_BENCH_BUILD:-$CARECOMPARE_ROOT/build/bench}
rounds=${ROUNDS:-5}
min_time=${MIN_TIME:-0.2}
min_ms=${MIN_MS:-20}
format=text
[ "${1:-}" = "--markdown" ] && format=markdown

extra=()
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || extra+=(nodejs npm)
ensure_packages "${extra[@]}"

configure_and_build "$build" -DCMAKE_BUILD_TYPE=Release -DCARECOMPARE_BUILD_BENCHMARKS=ON \
  -DCARECOMPARE_BUILD_TESTS=OFF -DCARECOMPARE_BUILD_PYTHON=OFF -DCARECOMPARE_BUILD_EXAMPLES=OFF \
  -DCARECOMPARE_BUILD_C_API=OFF -DCARECOMPARE_BUILD_CLI=OFF -DCARECOMPARE_INSTALL=OFF >&2

peers=$here/peers
if ! node -e "require('$peers/node_modules/json-logic-js'); require('$peers/node_modules/json-logic-engine')" 2>/dev/null; then
  log "installing the JavaScript peers (npm ci, versions pinned by package-lock.json)"
  (cd "$peers" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cpp() {
  "$build/benchmarks/logic_bench" --benchmark_filter='^logic/(apply_into|apply_prepared|apply|test_prepared)/' \
    --benchmark_min_time="$min_time" --benchmark_format=json 2>/dev/null >"$out/cpp-$1.json"
}
js() {
  node "$peers/bench.js" --min-ms "$min_ms" --batches 5 >"$out/js-$1.jsonl"
}
for ((r = 1; r <= rounds; ++r)); do
  log "round $r of $rounds"
  if ((r % 2)); then cpp "$r"; js "$r"; else js "$r"; cpp "$r"; fi
done

commit=$(git -C "$CARECOMPARE_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
git -C "$CARECOMPARE_ROOT" diff --quiet HEAD 2>/dev/null || commit="$commit (with local changes)"
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
python3 "$here/compare_table.py" --format "$format" --rounds "$rounds" --commit "$commit" \
  --cpu "$cpu ($(nproc) cores)" --node "$(node --version)" --peers "$peers" "$out"
