#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The one way to change carecompare's version.
#
#   scripts/set-version.sh            prints the version (include/carecompare/config.hpp)
#   scripts/set-version.sh X.Y.Z      makes X.Y.Z the version:
#     - include/carecompare/config.hpp: CARECOMPARE_VERSION_MAJOR, _MINOR, _PATCH, the one
#       definition that CMake (project, package version file, pkg-config, Debian packages,
#       documentation), the C ABI, the CLI, the Python module and setup.py (the wheel) read;
#     - bindings/js/package.json and package-lock.json: the npm package's copy of it;
#     - CHANGELOG.md: the "Unreleased" section becomes "[X.Y.Z] - <today>", under a new, empty
#       "Unreleased" section.
# tests/release/test_versions.py fails when any of these disagree. See README, "Versions", for
# what a major, minor or patch change means; a C ABI break also moves CARECOMPARE_ABI_VERSION in
# include/carecompare.h (the SONAME) and needs scripts/abi-update.sh.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

exec python3 - "$root" "$@" <<'PY'
import datetime
import json
import re
import sys
from pathlib import Path

root = Path(sys.argv[1])
config = root / "include" / "carecompare" / "config.hpp"
text = config.read_text(encoding="utf-8")
parts = {p: re.search(rf"^#define CARECOMPARE_VERSION_{p} (\d+)$", text, re.M) for p in ("MAJOR", "MINOR", "PATCH")}
if not all(parts.values()):
    sys.exit(f"error: {config} lacks one of the CARECOMPARE_VERSION_MAJOR/_MINOR/_PATCH lines")
if len(sys.argv) == 2:
    print(".".join(m.group(1) for m in parts.values()))
    sys.exit(0)
if len(sys.argv) != 3 or not re.fullmatch(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)", sys.argv[2]):
    sys.exit("usage: scripts/set-version.sh [MAJOR.MINOR.PATCH]  (numbers without leading zeros)")
version = sys.argv[2]
numbers = dict(zip(("MAJOR", "MINOR", "PATCH"), version.split(".")))
if any(int(n) > 99 for n in list(numbers.values())[1:]):
    sys.exit("error: minor and patch must be at most 99 (CARECOMPARE_VERSION_NUMBER is major*10000+minor*100+patch)")

for part, number in numbers.items():
    text = re.sub(rf"^(#define CARECOMPARE_VERSION_{part}) \d+$", rf"\g<1> {number}", text, flags=re.M)
config.write_text(text, encoding="utf-8")


def set_json_version(path, pointers):
    """Rewrites the "version" members at `pointers` in place, keeping the file's layout."""
    source = path.read_text(encoding="utf-8")
    doc = json.loads(source)
    for pointer in pointers:
        node = doc
        for key in pointer:
            node = node[key]
        node["version"] = version
    # npm writes these files with two-space indents and a final newline.
    path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


js = root / "bindings" / "js"
set_json_version(js / "package.json", [()])
set_json_version(js / "package-lock.json", [(), ("packages", "")])

changelog = root / "CHANGELOG.md"
log = changelog.read_text(encoding="utf-8")
if f"## [{version}]" in log:
    print(f"CHANGELOG.md already has a section for {version}: left as it is")
elif "## [Unreleased]" not in log:
    sys.exit("error: CHANGELOG.md has no '## [Unreleased]' section to release")
else:
    today = datetime.date.today().isoformat()
    log = log.replace("## [Unreleased]", f"## [Unreleased]\n\n## [{version}] - {today}", 1)
    changelog.write_text(log, encoding="utf-8")
print(f"carecompare is now {version}; check CHANGELOG.md, then run tests/release/test_versions.py (ctest -R release)")
PY
