#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The hand-written health records under tests/data/fhir are valid FHIR R4: installs what is
# missing (Debian: nodejs and npm when there is no node; npm: FHIR.js from tests/fhir's lock
# file) and runs tests/fhir/validate.test.js, which validates every resource of every record with
# FHIR.js (`errorOnUnexpected`) and fails on any error.
set -euo pipefail
source "$(dirname "$0")/common.sh"

# node and npm may come from elsewhere than Debian (nodesource, nvm): installed only when missing.
node_packages=()
command -v node >/dev/null 2>&1 || node_packages+=(nodejs)
command -v npm >/dev/null 2>&1 || node_packages+=(npm)
ensure_packages "${node_packages[@]}"

TESTS="$CARECOMPARE_ROOT/tests/fhir"
log "installing FHIR.js from the lock file (tests/fhir)"
(cd "$TESTS" && npm ci --no-audit --no-fund --loglevel=error)

log "validating the health records under tests/data/fhir with FHIR.js"
results="$CARECOMPARE_ROOT/build/test-results/node.fhir.xml"
mkdir -p "$(dirname "$results")"
# Its count is checked against the floor of node.fhir in tests/floors (scripts/check-tests.py).
(cd "$TESTS" && python3 "$CARECOMPARE_ROOT/scripts/check-tests.py" node.fhir --junit "$results" -- \
  node --test --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=junit --test-reporter-destination="$results")
