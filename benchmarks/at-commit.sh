#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# What an earlier commit measures, built as today's is: for a "before" column of
# benchmarks/RESULTS.md.
#
#   benchmarks/at-commit.sh REV TARGET [ARGS...]   a benchmark program of REV, built Release (with
#                                                  the C ABI: `cmake --preset release` plus
#                                                  -DCARECOMPARE_BUILD_BENCHMARKS=ON), run with ARGS
#   benchmarks/at-commit.sh REV page FILE          REV's one-file page (its bindings/js/build.sh,
#                                                  then its bin/carecompare-page.js), for
#                                                  bindings/js/bench/page-load.mjs
#   e.g. benchmarks/at-commit.sh 2c4470a c_abi_bench --benchmark_repetitions=3
#
# The commit's files (git archive, so the clone's worktrees are untouched) go to build/at/REV,
# configured once and built incrementally.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../scripts/common.sh"
[ $# -ge 2 ] || { echo "usage: $0 REV TARGET [ARGS...]" >&2; exit 1; }
rev=$(git -C "$CARECOMPARE_ROOT" rev-parse --short "$1")
target=$2
shift 2

src=$CARECOMPARE_ROOT/build/at/$rev
if [ ! -f "$src/CMakeLists.txt" ]; then
  log "extracting $rev into $src"
  mkdir -p "$src"
  git -C "$CARECOMPARE_ROOT" archive "$rev" | tar -x -C "$src"
fi
build=$src/build
if [ "$target" = page ]; then
  [ $# -eq 1 ] || { echo "usage: $0 REV page FILE" >&2; exit 1; }
  "$src/bindings/js/build.sh" "$build/js" >&2
  node "$src/bindings/js/bin/carecompare-page.js" --output "$1"
  exit 0
fi
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCARECOMPARE_BUILD_BENCHMARKS=ON \
    -DCARECOMPARE_BUILD_TESTS=OFF -DCARECOMPARE_BUILD_PYTHON=OFF -DCARECOMPARE_BUILD_EXAMPLES=OFF >/dev/null
fi
grep -q '^CMAKE_BUILD_TYPE:STRING=Release$' "$build/CMakeCache.txt" || { echo "$build is not a Release build" >&2; exit 1; }
cmake --build "$build" --target "$target" >&2
program=$(find "$build" -type f -name "$target" -perm -u+x | head -n 1)
[ -n "$program" ] || { echo "no program $target in $build" >&2; exit 1; }
log "$rev: $target $*"
"$program" "$@"
