#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the libFuzzer targets with clang-14 and runs each for SECONDS (default 60), one after
# the other, on a scratch copy of its seed corpus (fuzz/corpus/<target>/ is never written to).
# Fails when any target finds a crash, a leak, a timeout or runs out of memory; the input that
# did it is kept in the artifacts folder and shown as a hex dump. Prints the executions and the
# coverage (libFuzzer's cov: edges, ft: features) each target reached.
#
#   fuzz/run.sh [SECONDS] [TARGET...]        targets: catalog logic filter c_api cds (default: all)
#
# Environment: CARECOMPARE_FUZZ_BUILD (build folder, default build/fuzz),
# CARECOMPARE_FUZZ_WORK (where the growing corpora go; default a fresh temporary folder),
# CARECOMPARE_FUZZ_ARGS (extra libFuzzer arguments), CARECOMPARE_FUZZ_JOBS (targets fuzzed at
# once, default one per core), CC/CXX (default clang-14/clang++-14).
set -euo pipefail
source "$(dirname "$0")/../scripts/common.sh"
root=$CARECOMPARE_ROOT
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(catalog logic filter c_api cds)
case $seconds in '' | *[!0-9]*) echo "usage: $0 [SECONDS] [TARGET...]" >&2; exit 1 ;; esac

# The JsonLogic conformance suite stays outside the project (../shared, or $CARECOMPARE_SHARED_DIR
# as for the tests); when it is there, each of its cases seeds the logic target as
# `[rule, data]`, written into the scratch corpus only. Under CI=true it must be there.
suite=${CARECOMPARE_JSONLOGIC_SUITE:-$CARECOMPARE_JSONLOGIC_SUITE_FILE}
if [[ " ${targets[*]} " == *" logic "* ]] && [ ! -f "$suite" ]; then
  ci_require "no JsonLogic conformance suite at $suite: the logic target starts from its own seeds only" || exit 1
fi

build=${CARECOMPARE_FUZZ_BUILD:-$root/build/fuzz}
if [ -n "${CARECOMPARE_FUZZ_WORK:-}" ]; then
  work=$CARECOMPARE_FUZZ_WORK
  mkdir -p "$work"
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/carecompare-fuzz.XXXXXX")
fi
artifacts=$build/artifacts
mkdir -p "$artifacts"

seed_from_conformance_suite() {
  [ -f "$suite" ] || return 0
  python3 - "$suite" "$1" <<'PY'
import json, os, sys
cases = [c for c in json.load(open(sys.argv[1], encoding="utf-8")) if isinstance(c, list) and len(c) >= 2]
for i, case in enumerate(cases):
    with open(os.path.join(sys.argv[2], f"conformance-{i:03d}.json"), "w", encoding="utf-8") as f:
        json.dump(case[:2], f)
print(f"seeded {len(cases)} cases of the conformance suite", file=sys.stderr)
PY
}

log "building the fuzz targets in $build (clang, -fsanitize=fuzzer,address,undefined)"
# Debug keeps assertions on; -O2 for speed. Nothing but the library and the fuzzers is built: the
# command line is configured (the cds target needs its handler library) but not compiled.
cmake -S "$root" -B "$build" -G Ninja \
  -DCMAKE_C_COMPILER="${CC:-clang-14}" -DCMAKE_CXX_COMPILER="${CXX:-clang++-14}" \
  -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-g -O2" -DCMAKE_C_FLAGS_DEBUG="-g -O2" \
  -DCARECOMPARE_BUILD_FUZZERS=ON -DCARECOMPARE_BUILD_TESTS=OFF -DCARECOMPARE_BUILD_CLI=ON \
  -DCARECOMPARE_BUILD_C_API=OFF -DCARECOMPARE_BUILD_PYTHON=OFF -DCARECOMPARE_BUILD_EXAMPLES=OFF \
  -DCARECOMPARE_INSTALL=OFF -DCMAKE_UNITY_BUILD=ON >/dev/null
fuzz_targets=()
for t in "${targets[@]}"; do fuzz_targets+=("fuzz_$t"); done
cmake --build "$build" --target "${fuzz_targets[@]}"

# fuzz_one <target>: runs it (libFuzzer: one process on one core) and writes its exit status to
# $build/fuzz-<target>.status, its output to $build/fuzz-<target>.log.
fuzz_one() {
  local t=$1 corpus=$work/$1 out=$build/fuzz-$1.log status
  set +e
  # -timeout: one input running longer is a stall, reported as a failure. -rss_limit_mb: more
  # is a leak or a blow-up. ASan/UBSan halt on the first error (-fno-sanitize-recover=all).
  # shellcheck disable=SC2086
  ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:strict_string_checks=1} \
  UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1} \
  "$build/fuzz/fuzz_$t" "$corpus" \
    -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2560 -max_len=16384 \
    -dict="$root/fuzz/$t.dict" -artifact_prefix="$artifacts/$t-" -print_final_stats=1 \
    ${CARECOMPARE_FUZZ_ARGS:-} >"$out" 2>&1
  status=$?
  set -e
  echo "$status" >"$build/fuzz-$t.status"
}

# The targets run side by side, as many at once as there are cores (CARECOMPARE_FUZZ_JOBS).
jobs_at_once=${CARECOMPARE_FUZZ_JOBS:-$(nproc)}
for t in "${targets[@]}"; do
  corpus=$work/$t
  mkdir -p "$corpus"
  cp -n "$root/fuzz/corpus/$t/"* "$corpus/" 2>/dev/null || true
  [ "$t" = logic ] && seed_from_conformance_suite "$corpus"
  rm -f "$build/fuzz-$t.status"
  log "fuzzing $t for ${seconds}s (corpus $corpus, log $build/fuzz-$t.log)"
  fuzz_one "$t" &
  while [ "$(jobs -rp | wc -l)" -ge "$jobs_at_once" ]; do wait -n || true; done
done
wait

summary=()
failed=0
for t in "${targets[@]}"; do
  out=$build/fuzz-$t.log
  status=$(cat "$build/fuzz-$t.status" 2>/dev/null || echo "?")
  # The last status line ("#123 DONE cov: 456 ft: 789 corp: ...") and the final stats.
  last=$(grep -E '^#[0-9]+' "$out" | tail -n 1 || true)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out" | tail -n 1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$out" | tail -n 1)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  corp=$(sed -n 's/.* corp: \([0-9]*\/[0-9A-Za-z]*\).*/\1/p' <<<"$last")
  if [ "$status" != 0 ]; then
    failed=1
    summary+=("$(printf '%-8s FAILED (exit %s) after %s execs; see %s' "$t" "$status" "${execs:-?}" "$out")")
    echo "---- $t: libFuzzer output (tail) ----" >&2
    tail -n 60 "$out" >&2
    for a in $(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$out"); do
      echo "---- $t: the input ($a) ----" >&2
      od -A d -c "$a" | head -n 40 >&2
    done
  else
    summary+=("$(printf '%-8s %10s execs %7s/s   cov: %-6s ft: %-7s corpus: %s' "$t" "${execs:-?}" \
      "${speed:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}")")
  fi
done

log "fuzzing summary (${seconds}s per target)"
printf '%s\n' "${summary[@]}"
if [ -z "${CARECOMPARE_FUZZ_WORK:-}" ]; then rm -rf "$work"; fi
exit "$failed"
