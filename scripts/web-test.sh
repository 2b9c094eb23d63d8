#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The web face: installs what is missing (Debian: emscripten, node-acorn, chromium, and nodejs
# and npm when there is no node; npm: the lock file of bindings/js), builds the library to
# WebAssembly (bindings/js/build.sh) and the native CLI the browser tests compare with, then runs
#   - node --test bindings/js/test/          the JS API, the JsonLogic conformance suite, handles
#   - node --test bindings/js/browser-test/  the one-file page and the catalog editor in Debian's
#                                            chromium (playwright-core): the native filter's and
#                                            validate's answers, axe-core, keyboard, print
#   - npm pack, and the tarball installed into an empty project, offline.
# Each node run's count is checked against its floor in tests/floors (node.api, node.browser); under
# CI=true a skipped test is an error.
# Screenshots, the pages, a PDF and the browser's figures go to build/js/web (CI artifacts).
# Set CARECOMPARE_WEB_NATIVE_BUILD to use another native build folder (default build/web-native).
set -euo pipefail
source "$(dirname "$0")/common.sh"

# node and npm may come from elsewhere than Debian (nodesource, nvm): installed only when missing.
node_packages=()
command -v node >/dev/null 2>&1 || node_packages+=(nodejs)
command -v npm >/dev/null 2>&1 || node_packages+=(npm)
ensure_packages emscripten node-acorn chromium "${node_packages[@]}"
JS="$CARECOMPARE_ROOT/bindings/js"
NATIVE=$(realpath -m "${CARECOMPARE_WEB_NATIVE_BUILD:-$CARECOMPARE_ROOT/build/web-native}")
OUT="$CARECOMPARE_ROOT/build/js/web"

log "building the native CLI the browser tests compare with ($NATIVE)"
if [ ! -f "$NATIVE/CMakeCache.txt" ]; then
  cmake -S "$CARECOMPARE_ROOT" -B "$NATIVE" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCARECOMPARE_BUILD_TESTS=OFF \
    -DCARECOMPARE_BUILD_PYTHON=OFF -DCARECOMPARE_BUILD_EXAMPLES=OFF -DCARECOMPARE_BUILD_BENCHMARKS=OFF >/dev/null
fi
cmake --build "$NATIVE" -j "$(nproc)" --target carecompare_cli

log "building the WebAssembly core (bindings/js/build.sh)"
"$JS/build.sh" "$CARECOMPARE_ROOT/build/js"

log "installing the npm development dependencies from the lock file"
(cd "$JS" && npm ci --no-audit --no-fund --loglevel=error)

# run_node_tests <run> <folder>: node's test runner on <folder> of bindings/js, its
# count checked against the floor of <run> in tests/floors (scripts/check-tests.py).
run_node_tests() {
  local run=$1 folder=$2 results="$CARECOMPARE_ROOT/build/test-results/$1.xml"
  (cd "$JS" && python3 "$CARECOMPARE_ROOT/scripts/check-tests.py" "$run" --junit "$results" -- \
    node --test --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=junit --test-reporter-destination="$results" "$folder")
}

log "node tests"
# The FHIR tests compare filter({fhir}) with the native CLI's `show --fhir`.
CARECOMPARE_CLI="$NATIVE/src/carecompare" run_node_tests node.api test/

log "browser tests (chromium)"
mkdir -p "$OUT"
CARECOMPARE_CLI="$NATIVE/src/carecompare" CARECOMPARE_WEB_OUT="$OUT" run_node_tests node.browser browser-test/

log "npm pack, installed offline into an empty project"
pack="$CARECOMPARE_ROOT/build/js/pack"
rm -rf "$pack" && mkdir -p "$pack/consumer"
(cd "$JS" && npm pack --pack-destination "$pack" --loglevel=error >/dev/null)
tarball=$(ls "$pack"/carecompare-*.tgz)
(cd "$pack/consumer" && npm init -y >/dev/null && npm install --offline --no-audit --no-fund --loglevel=error "$tarball" >/dev/null)
(cd "$pack/consumer" && node --input-type=module -e "
import { Catalog } from 'carecompare';
const r = Catalog.builtin().filter({ sites: ['bone'], symptoms: ['pain'] });
if (r.relevant[0].id !== 'radiation-therapy' || !r.disclaimer) throw new Error('the installed package answers wrongly');
" && npx --offline carecompare-page --output "$pack/page.html" \
  && npx --offline carecompare-editor --output "$pack/editor.html")
log "web tests passed; artifacts in $OUT"
