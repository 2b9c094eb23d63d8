#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the Python package's wheel and installs it as a user does, offline, and tests the
# installed copy:
#   1. a fresh venv from Debian's Python: /usr/bin/python3 -m venv --system-site-packages
#      (pytest, setuptools, wheel and pybind11 come from Debian's python3-* packages, nothing
#      from PyPI; pandas, nbclient and ipykernel too, for the data frame and notebook tests);
#   2. pip wheel --no-build-isolation --no-index . from the repository root: one wheel, checked
#      for its files (the module, the pure-Python files, type stubs, py.typed) and for needing no
#      shared library of the build (libfmt, libcarecompare);
#   3. pip install --no-index of that wheel into the venv;
#   4. import carecompare from outside the source tree and check it is the installed one;
#   5. run tests/python with pytest against that installed package (the notebook example too),
#      its count checked against tests/floors;
#   6. the README's install block (its "## Python" section's first ```sh block), run as it is
#      written from the repository root, with its `.venv` in the temporary folder, and
#      import the package it installs.
# The venvs live in a temporary folder removed on exit. Compiled objects are cached in
# build/python-setuptools (git-ignored) so that a rerun with unchanged sources compiles nothing.
# CARECOMPARE_CLI names the `carecompare` the FHIR tests compare with (scripts/test.sh sets its
# build's); without it they are skipped, which CI=true counts as an error.
# Set CARECOMPARE_VENV_PYTHON to use another interpreter than /usr/bin/python3 (it needs the venv,
# pip, pytest, setuptools, wheel and pybind11 modules); cmake must be on PATH (it embeds the catalog).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PYTHON=${CARECOMPARE_VENV_PYTHON:-/usr/bin/python3}

source "$ROOT/scripts/common.sh"  # log

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
PIP=("$VPY" -m pip --disable-pip-version-check)

log "pip wheel --no-build-isolation --no-index . (offline)"
(cd "$ROOT" && "${PIP[@]}" wheel --no-build-isolation --no-index --no-deps --no-cache-dir --quiet \
   --wheel-dir "$WORK/dist" .)
WHEELS=("$WORK"/dist/carecompare-*.whl)
if [ ${#WHEELS[@]} -ne 1 ] || [ ! -f "${WHEELS[0]}" ]; then
  echo "error: expected one carecompare wheel in $WORK/dist, found: ${WHEELS[*]}" >&2
  exit 1
fi
WHEEL=${WHEELS[0]}

log "checking $(basename "$WHEEL")"
"$VPY" - "$WHEEL" "$WORK/unpacked" <<'PY'
import pathlib, re, subprocess, sys, sysconfig, zipfile
wheel, unpacked = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
tag = f"cp{sys.version_info.major}{sys.version_info.minor}"
assert re.fullmatch(rf"carecompare-\d+\.\d+\.\d+-{tag}-{tag}-linux_[a-z0-9_]+\.whl", wheel.name), wheel.name
with zipfile.ZipFile(wheel) as z:
    names = set(z.namelist())
    z.extractall(unpacked)
suffix = sysconfig.get_config_var("EXT_SUFFIX")
for name in ("__init__.py", "__init__.pyi", "_core.pyi", "logic.py", "py.typed", "_core" + suffix):
    assert f"carecompare/{name}" in names, f"{name} is not in the wheel: {sorted(names)}"
stray = [n for n in names if not n.startswith(("carecompare/", "carecompare-"))]
assert not stray, f"files outside the package: {stray}"
needed = subprocess.run(["readelf", "-d", str(unpacked / "carecompare" / ("_core" + suffix))],
                        capture_output=True, text=True, check=True).stdout
libraries = re.findall(r"\(NEEDED\).*\[(.+)\]", needed)
assert not [lib for lib in libraries if "fmt" in lib or "carecompare" in lib], libraries
print(f"{wheel.name}: {len(names)} files, needs {', '.join(libraries)}")
PY

log "pip install --no-index $(basename "$WHEEL")"
"${PIP[@]}" install --no-index --no-cache-dir --quiet "$WHEEL"

# import_check <python>: imports the installed package outside the source tree.
import_check() {
  (cd "$WORK" && "$1" -I - <<'PY'
import pathlib, sys
import carecompare
from carecompare import logic

package = pathlib.Path(carecompare.__file__).resolve().parent
assert pathlib.Path(sys.prefix).resolve() in package.parents, f"not the installed copy: {package}"
for name in ("py.typed", "__init__.pyi", "_core.pyi"):
    assert (package / name).is_file(), f"{name} is not installed"
result = carecompare.Catalog.builtin().filter(sites=["bone"], symptoms=["pain"])
assert [o.strategy.id for o in result.relevant][:1] == ["radiation-therapy"], result
assert "<details" in result._repr_html_()
assert logic.apply({"+": [1, "2"]}) == 3
print(f"carecompare {carecompare.__version__} installed in {package}")
PY
  )
}

log "importing the installed package outside the source tree"
import_check "$VPY"

log "pytest tests/python against the installed package"
# Counted against the floor of pytest.python.installed in tests/floors (scripts/check-tests.py).
(cd "$WORK" && CARECOMPARE_EXPECT_INSTALLED=1 PYTHONDONTWRITEBYTECODE=1 \
   "$VPY" "$ROOT/scripts/check-tests.py" pytest.python.installed --junit "$WORK/results.xml" -- \
   "$VPY" -m pytest -q -p no:cacheprovider -W error --junitxml="$WORK/results.xml" "$ROOT/tests/python")

log "the README's install block, as written (venv from /usr/bin/python3, pip install .)"
# The block's `.venv` becomes a folder of $WORK; the commands are the README's, word for word.
README_BLOCK=$("$PYTHON" - "$ROOT/README.md" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
section = text[text.index("\n## Python\n"):]
print(re.search(r"^```sh\n(.*?)^```", section, re.S | re.M).group(1), end="")
PY
)
case "$README_BLOCK" in
  "/usr/bin/python3 -m venv"*) ;;
  *) echo "error: the README's Python install block no longer starts with /usr/bin/python3 -m venv:" \
       "$README_BLOCK" >&2; exit 1 ;;
esac
(cd "$ROOT" && PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 PIP_QUIET=1 \
   bash -euo pipefail -c "${README_BLOCK//.venv/$WORK/venv-source}")
import_check "$WORK/venv-source/bin/python"
