# SPDX-License-Identifier: MIT
# Shared by scripts/demo.sh and scripts/test.sh: install what is missing, pick a Python, build.
# Sourced, not run. Everything here is idempotent: a second run installs nothing and rebuilds
# only what changed.

CARECOMPARE_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Debian 12 packages the build and the tests need (see README "Requirements").
CARECOMPARE_PACKAGES=(
  cmake ninja-build g++ pkg-config
  libboost1.81-dev libboost-json1.81-dev nlohmann-json3-dev libfmt-dev libfast-float-dev libcli11-dev
  googletest libgtest-dev libgmock-dev libbenchmark-dev
  pybind11-dev python3-pybind11 python3-dev python3-venv python3-pytest python3-setuptools python3-pip
  python3-wheel python3-pandas python3-nbclient python3-nbformat python3-ipykernel
  translate-toolkit
  python3-jsonschema diction
  abigail-tools  # abidw, abidiff: the C ABI against its record in abi/ (CTest c_api.abi)
  libssl-dev python3-jwt python3-cryptography  # the CDS Hooks service: OpenSSL verifies tokens, PyJWT signs the tests'
  python3-prometheus-client  # the Prometheus project's parser reads the service's /metrics in the tests
  libhiredis-dev redis-server  # the service's replay store in Redis (hiredis); the tests start a redis-server
  libmimalloc-dev  # the command line's allocator (src/CMakeLists.txt)
)

# log <message>: a bold line on stderr, with the time (UTC): a CI log shows what each part took.
log() { printf '\033[1m==> %s %s\033[0m\n' "$(date -u +%T)" "$*" >&2; }

# CI mode: CI set to anything but "", 0, false or no, as CI services set it (the rule of
# scripts/check-tests.py, cmake/testing.cmake and the tests' helpers too). CI runs every test.
ci_mode() {
  case "$(printf '%s' "${CI:-}" | tr '[:upper:]' '[:lower:]' | tr -d '[:space:]')" in
    '' | 0 | false | no) return 1 ;;
    *) return 0 ;;
  esac
}

# ci_require <what is missing and how to get it>: under CI an error, one line, returning 1;
# elsewhere a note (the tests that need it skip, saying why).
ci_require() {
  if ci_mode; then
    echo "error: CI=true: $*. CI runs every test." >&2
    return 1
  fi
  log "note: $*; the tests that need it skip (under CI=true this is an error)"
}

# The data the tests read from outside the project: ../shared beside the clone, or
# $CARECOMPARE_SHARED_DIR (tests/CMakeLists.txt resolves it the same way).
CARECOMPARE_SHARED=$(realpath -m "${CARECOMPARE_SHARED_DIR:-$CARECOMPARE_ROOT/../shared}")
CARECOMPARE_JSONLOGIC_SUITE_FILE=$CARECOMPARE_SHARED/conformance/jsonlogic/tests.json
CARECOMPARE_ARTICLE_FILE=$CARECOMPARE_SHARED/seed/metastatic-breast-cancer-article.txt

# require_shared_data: the JsonLogic conformance suite and the seed article are there, or
# ci_require says which is not.
require_shared_data() {
  local missing=()
  [ -f "$CARECOMPARE_JSONLOGIC_SUITE_FILE" ] || missing+=("the JsonLogic conformance suite ($CARECOMPARE_JSONLOGIC_SUITE_FILE)")
  [ -f "$CARECOMPARE_ARTICLE_FILE" ] || missing+=("the seed article ($CARECOMPARE_ARTICLE_FILE)")
  [ ${#missing[@]} -eq 0 ] && return 0
  local what
  what=$(printf ' and %s' "${missing[@]}")
  ci_require "missing ${what# and }: put shared/ beside the clone or set CARECOMPARE_SHARED_DIR"
}

# run_ctest <run> <ctest arguments...>: CTest, where finding no test is an error, then its count
# checked against the floor of <run> in tests/floors (scripts/check-tests.py).
run_ctest() {
  local run=$1 results="$CARECOMPARE_ROOT/build/test-results/$1.xml"
  shift
  mkdir -p "$(dirname "$results")"
  rm -f "$results"
  ctest --no-tests=error --output-junit "$results" "$@"
  python3 "$CARECOMPARE_ROOT/scripts/check-tests.py" "$run" "$results"
}

# Installs the packages that are not installed yet (nothing at all when every one is there).
ensure_packages() {
  local missing=() pkg
  for pkg in "${CARECOMPARE_PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing missing Debian packages: ${missing[*]}"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "error: missing packages and not root: apt-get install ${missing[*]}" >&2
      return 1
    fi
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The first of $PYTHON, python3, /usr/bin/python3 that can import pytest (pyenv shims that
# cannot are skipped). Prints its real path (sys.executable).
pick_python() {
  local candidate
  for candidate in ${PYTHON:-} python3 /usr/bin/python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import pytest' >/dev/null 2>&1; then
      "$candidate" -c 'import sys; print(sys.executable)'
      return 0
    fi
  done
  echo "error: no Python with pytest found (tried \$PYTHON, python3, /usr/bin/python3)" >&2
  return 1
}

# configure_and_build <build dir> <cmake args...>: configures once (or when the cache is gone),
# then builds incrementally.
configure_and_build() {
  local dir=$1; shift
  if [ ! -f "$dir/CMakeCache.txt" ]; then
    log "configuring $dir"
    cmake -S "$CARECOMPARE_ROOT" -B "$dir" -G Ninja "$@" >/dev/null
  else
    cmake -S "$CARECOMPARE_ROOT" -B "$dir" "$@" >/dev/null
  fi
  log "building $dir"
  cmake --build "$dir" -j "$(nproc)"
}
