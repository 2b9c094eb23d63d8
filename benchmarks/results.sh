#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Every figure of benchmarks/RESULTS.md in one run, as Markdown on stdout: the side-by-side
# JsonLogic table of compare.sh (which builds Release into build/bench and installs the pinned
# JavaScript peers on first use), then catalog_bench (filter on the builtin catalog, scaling of
# filter, load and memory with catalog size, rendering), REPETITIONS times each (default 3,
# medians).
#
#   benchmarks/results.sh > /tmp/results.md        # about 5 minutes on 2 cores
#
# Environment: as compare.sh, plus REPETITIONS and CARECOMPARE_BENCH_MAX_N (largest synthetic
# catalog, default 100000).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../scripts/common.sh"
build=${CARECOMPARE_BENCH_BUILD:-$CARECOMPARE_ROOT/build/bench}
repetitions=${REPETITIONS:-3}

"$here/compare.sh" --markdown
echo
log "catalog_bench ($repetitions repetitions)"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$build/benchmarks/catalog_bench" --benchmark_repetitions="$repetitions" --benchmark_min_time=0.2 \
  --benchmark_format=json 2>/dev/null >"$out"
python3 "$here/catalog_table.py" "$out"
