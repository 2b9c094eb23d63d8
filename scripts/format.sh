#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Formats every C and C++ file of the project with clang-format (.clang-format at the top), or
# with --check lists the files that are not formatted and fails. Installs clang-format when it is
# missing (Debian's clang-format-14: the formatting depends on the version, so it is pinned).
#   scripts/format.sh            # rewrite the files in place
#   scripts/format.sh --check    # CI: change nothing, fail on an unformatted file
set -euo pipefail
source "$(dirname "$0")/common.sh"
ensure_packages clang-format-14
cd "$CARECOMPARE_ROOT"
mapfile -t files < <(git ls-files '*.hpp' '*.cpp' '*.h' '*.c')
if [ "${1:-}" = "--check" ]; then
  bad=()
  for f in "${files[@]}"; do
    clang-format-14 --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
  done
  if [ ${#bad[@]} -ne 0 ]; then
    printf 'not formatted (run scripts/format.sh): %s\n' "${bad[@]}" >&2
    exit 1
  fi
  log "all ${#files[@]} C and C++ files are formatted"
else
  clang-format-14 -i "${files[@]}"
fi
