#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs what is missing, builds carecompare (Release) and runs the CLI on the builtin
# catalog: the comparison table, then the options relevant to an example situation.
set -euo pipefail
source "$(dirname "$0")/common.sh"

ensure_packages
BUILD=${CARECOMPARE_DEMO_BUILD:-$CARECOMPARE_ROOT/build/demo}
configure_and_build "$BUILD" -DCMAKE_BUILD_TYPE=Release -DCARECOMPARE_BUILD_TESTS=OFF \
  -DCARECOMPARE_BUILD_PYTHON=OFF -DCARECOMPARE_BUILD_EXAMPLES=OFF -DCARECOMPARE_BUILD_C_API=OFF
cli="$BUILD/src/carecompare"

echo
echo "\$ carecompare table"
"$cli" table
echo
echo "\$ carecompare show --site bone --symptom pain"
"$cli" show --site bone --symptom pain
echo
echo "\$ carecompare show --site liver --site lung --goal explore-new-treatments --format text --explain"
"$cli" show --site liver --site lung --goal explore-new-treatments --format text --explain
