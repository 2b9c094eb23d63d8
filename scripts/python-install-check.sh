#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs the Python package as a user does, offline, and tests the installed copy:
#   1. a fresh venv from Debian's Python: /usr/bin/python3 -m venv --system-site-packages
#      (pytest, setuptools and pybind11 come from Debian's python3-* packages, nothing from PyPI);
#   2. pip install --no-build-isolation --no-index . from the repository root;
#   3. import carecompare from outside the source tree and check it is the installed one, with
#      its type stubs and py.typed;
#   4. run tests/python with pytest against that installed package.
# The venv lives in a temporary folder removed on exit. Compiled objects are cached in
# build/python-setuptools (git-ignored) so that a rerun with unchanged sources compiles nothing.
# Set CARECOMPARE_VENV_PYTHON to use another interpreter than /usr/bin/python3 (it needs the venv,
# pip, pytest, setuptools, wheel and pybind11 modules); cmake must be on PATH (it embeds the catalog).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PYTHON=${CARECOMPARE_VENV_PYTHON:-/usr/bin/python3}

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

for module in venv ensurepip pytest setuptools wheel pybind11; do
  if ! "$PYTHON" -c "import $module" >/dev/null 2>&1; then
    echo "error: $PYTHON cannot import $module; on Debian: apt-get install python3-venv python3-pip" \
         "python3-pytest python3-setuptools python3-pybind11" >&2
    exit 1
  fi
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/carecompare-python-install.XXXXXX")
cleanup() {
  rm -rf "$WORK"
  # setuptools writes its egg-info next to the package sources; it is build output.
  rm -rf "$ROOT/bindings/python/carecompare.egg-info"
}
trap cleanup EXIT

log "creating a venv ($PYTHON, with system site packages)"
"$PYTHON" -m venv --system-site-packages "$WORK/venv"
VPY="$WORK/venv/bin/python"

log "pip install --no-build-isolation --no-index . (offline)"
(cd "$ROOT" && "$VPY" -m pip install --no-build-isolation --no-index --no-cache-dir \
   --disable-pip-version-check --quiet .)

log "importing the installed package outside the source tree"
(cd "$WORK" && "$VPY" -I - <<'PY'
import pathlib, sys
import carecompare
from carecompare import logic

package = pathlib.Path(carecompare.__file__).resolve().parent
assert pathlib.Path(sys.prefix).resolve() in package.parents, f"not the installed copy: {package}"
for name in ("py.typed", "__init__.pyi", "_core.pyi"):
    assert (package / name).is_file(), f"{name} is not installed"
result = carecompare.Catalog.builtin().filter(sites=["bone"], symptoms=["pain"])
assert [o.strategy.id for o in result.relevant][:1] == ["radiation-therapy"], result
assert logic.apply({"+": [1, "2"]}) == 3
print(f"carecompare {carecompare.__version__} installed in {package}")
PY
)

log "pytest tests/python against the installed package"
(cd "$WORK" && CARECOMPARE_EXPECT_INSTALLED=1 PYTHONDONTWRITEBYTECODE=1 \
   "$VPY" -m pytest -q -p no:cacheprovider -W error "$ROOT/tests/python")
