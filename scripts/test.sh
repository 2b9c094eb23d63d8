#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs what is missing, builds carecompare with warnings as errors, and runs every test:
# C++ (GoogleTest), C, Python (pytest), CLI and the consumer projects through CTest, then the
# Python package installed into a fresh venv (offline) and tested there, then the web face
# (scripts/web-test.sh: the WebAssembly build, node and Chromium tests).
# Every runner's count is checked against its floor in tests/floors (scripts/check-tests.py).
# Under CI=true (CI runs every test) a missing ../shared, a missing test dependency or any skipped
# test is an error; elsewhere skips are listed with their reasons.
# Set CARECOMPARE_TEST_BUILD to use another build folder; extra arguments go to ctest (tests
# selected by them are not counted against the floor, except under CI).
set -euo pipefail
source "$(dirname "$0")/common.sh"

require_shared_data
ensure_packages
PY=$(pick_python)
BUILD=${CARECOMPARE_TEST_BUILD:-$CARECOMPARE_ROOT/build/test}
configure_and_build "$BUILD" -DCMAKE_BUILD_TYPE=Debug -DCARECOMPARE_WARNINGS=ON -DCARECOMPARE_WERROR=ON \
  "-DPython_EXECUTABLE=$PY"

log "running the tests"
if [ $# -gt 0 ] && ! ci_mode; then
  log "note: tests selected by arguments ($*): their count is not checked against tests/floors"
  ctest --test-dir "$BUILD" --no-tests=error --output-on-failure -j "$(nproc)" "$@"
else
  run_ctest ctest.test --test-dir "$BUILD" --output-on-failure -j "$(nproc)" "$@"
fi

log "installing the Python package into a fresh venv, offline, and testing the installed copy"
# The FHIR tests compare filter(fhir=...) with this build's `carecompare show --fhir`.
CARECOMPARE_CLI="$BUILD/src/carecompare" "$CARECOMPARE_ROOT/scripts/python-install-check.sh"

log "the web face: WebAssembly core, node and Chromium tests (scripts/web-test.sh)"
# The browser tests compare with the CLI of the build above.
CARECOMPARE_WEB_NATIVE_BUILD=${CARECOMPARE_WEB_NATIVE_BUILD:-$BUILD} "$CARECOMPARE_ROOT/scripts/web-test.sh"
log "valid FHIR R4 records and PlanDefinitions, and fhirpath.js agreeing with carecompare (scripts/fhir-test.sh)"
CARECOMPARE_CLI="$BUILD/src/carecompare" "$CARECOMPARE_ROOT/scripts/fhir-test.sh"
