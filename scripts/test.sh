#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs what is missing, builds carecompare with warnings as errors, and runs every test:
# C++ (GoogleTest), C, Python (pytest), CLI and the consumer projects through CTest, then the
# Python package installed into a fresh venv (offline) and tested there, then the web face
# (scripts/web-test.sh: the WebAssembly build, node and Chromium tests).
# Set CARECOMPARE_TEST_BUILD to use another build folder; extra arguments go to ctest.
set -euo pipefail
source "$(dirname "$0")/common.sh"

ensure_packages
PY=$(pick_python)
BUILD=${CARECOMPARE_TEST_BUILD:-$CARECOMPARE_ROOT/build/test}
configure_and_build "$BUILD" -DCMAKE_BUILD_TYPE=Debug -DCARECOMPARE_WARNINGS=ON -DCARECOMPARE_WERROR=ON \
  "-DPython_EXECUTABLE=$PY"

log "running the tests"
ctest --test-dir "$BUILD" --output-on-failure -j "$(nproc)" "$@"

log "installing the Python package into a fresh venv, offline, and testing the installed copy"
"$CARECOMPARE_ROOT/scripts/python-install-check.sh"

log "the web face: WebAssembly core, node and Chromium tests (scripts/web-test.sh)"
# The browser tests compare with the CLI of the build above.
CARECOMPARE_WEB_NATIVE_BUILD=${CARECOMPARE_WEB_NATIVE_BUILD:-$BUILD} "$CARECOMPARE_ROOT/scripts/web-test.sh"
