#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The Debian packages as a user gets them: installed with dpkg -i into a clean root, then used.
#
#   scripts/package-test.sh [PACKAGES_DIR]     (default build/deb/packages: cpack --preset deb)
#
# The clean root is this machine's own system seen through an overlay (a private mount
# namespace; nothing outside it changes): its dpkg database and the installed Debian packages
# are the real ones, every write goes to a scratch folder that is thrown away. So dpkg -i checks
# the packages' declared dependencies against a real Debian 12 system, runs the ldconfig
# trigger, and puts the files where apt would; the programs are then built with find_package
# and pkg-config and nothing pointing at the packages (no CMAKE_PREFIX_PATH, PKG_CONFIG_PATH or
# LD_LIBRARY_PATH), as a user's would be, and run. A chroot made with debootstrap would be an
# empty system that needs the network and a compiler installed first; dpkg --root or
# dpkg-deb -x would leave the dependencies and the trigger unchecked.
#
# Checked, in that root:
#   - before: nothing of carecompare is installed (pkg-config and dpkg know no carecompare);
#   - dpkg -i of the three packages succeeds, and apt-get check finds every dependency met;
#   - each package's files: copyright and changelogs; the libraries in the multiarch folder;
#     ldconfig knows libcarecompare.so.N; the .pc files name no placeholder URL;
#   - the version of every package, carecompare --version and pkg-config --modversion is the
#     version of include/carecompare/config.hpp;
#   - carecompare show prints the relevant options and the disclaimer;
#   - the consumer projects: C++ with find_package(carecompare X.Y), C with
#     find_package(carecompare COMPONENTS c), C++ and C with pkg-config; each builds and runs;
#   - dpkg --purge removes the packages and leaves no file of them behind.
# Needs root and mount namespaces with overlayfs (unshare, mount), as CI has.
set -euo pipefail
source "$(dirname "$0")/common.sh"
packages=$(realpath "${1:-$CARECOMPARE_ROOT/build/deb/packages}")
version=$("$CARECOMPARE_ROOT/scripts/set-version.sh")

mapfile -t debs < <(find "$packages" -maxdepth 1 -name '*.deb' | sort)
if [ ${#debs[@]} -ne 3 ]; then
  echo "error: expected the three packages of cpack --preset deb in $packages, found ${#debs[@]}" >&2
  exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "error: installing packages into a throwaway root needs root (mount namespaces, overlayfs)" >&2
  exit 1
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/upper" "$scratch/work" "$scratch/root"
log "installing ${debs[*]##*/} into a throwaway root (an overlay of /)"

# The checks inside the root; arguments: the version, then the packages.
cat >"$scratch/inside.sh" <<'INSIDE'
set -euo pipefail
version=$1; shift
src=$CARECOMPARE_ROOT
fail() { echo "package test: $*" >&2; exit 1; }
step() { printf '\033[1m--> %s\033[0m\n' "$*"; }
unset CMAKE_PREFIX_PATH PKG_CONFIG_PATH LD_LIBRARY_PATH CMAKE_CXX_COMPILER_LAUNCHER CMAKE_C_COMPILER_LAUNCHER
export HOME=/root

step "before: no carecompare on this system"
! pkg-config --exists carecompare carecompare-c || fail "pkg-config already knows carecompare"
! dpkg-query -W 'libcarecompare*' 'carecompare*' >/dev/null 2>&1 || fail "a carecompare package is installed already"
! ls /usr/lib/*/cmake/carecompare /usr/local/lib/cmake/carecompare >/dev/null 2>&1 || fail "a carecompare CMake package is installed already"

step "dpkg -i"
dpkg -i "$@"
apt-get check -q
for deb in "$@"; do
  name=$(dpkg-deb -f "$deb" Package)
  [ "$(dpkg-query -W -f='${Status} ${Version}' "$name")" = "install ok installed $version-1" ] ||
    fail "$name: $(dpkg-query -W -f='${Status} ${Version}' "$name")"
  for doc in copyright changelog.Debian.gz changelog.gz; do
    [ -s "/usr/share/doc/$name/$doc" ] || fail "$name has no /usr/share/doc/$name/$doc"
  done
done
runtime=$(dpkg-query -W -f='${Package}\n' 'libcarecompare[0-9]*')
soname=libcarecompare.so.${runtime#libcarecompare}
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || gcc -print-multiarch)
[ -f "/usr/lib/$multiarch/$soname" ] || fail "no /usr/lib/$multiarch/$soname"
# (/lib is /usr/lib on Debian 12: ldconfig may name either.)
ldconfig -p | grep -E "^\s$soname .*=> (/usr)?/lib/$multiarch/$soname$" >/dev/null || fail "ldconfig does not know $soname"
for pc in carecompare carecompare-c; do
  grep -q 'example\.invalid' "/usr/lib/$multiarch/pkgconfig/$pc.pc" && fail "$pc.pc names a placeholder URL"
  [ "$(pkg-config --modversion "$pc")" = "$version" ] || fail "pkg-config --modversion $pc: $(pkg-config --modversion "$pc")"
done

step "the command line"
[ "$(command -v carecompare)" = /usr/bin/carecompare ] || fail "carecompare is $(command -v carecompare)"
[ "$(carecompare --version)" = "carecompare $version" ] || fail "carecompare --version: $(carecompare --version)"
out=$(carecompare show --site bone --symptom pain)
grep -q "Radiation Therapy" <<<"$out" && grep -q "informational purposes" <<<"$out" ||
  fail "carecompare show answered:\n$out"

work=$(mktemp -d)
major_minor=${version%.*}
consumer() {  # consumer <name> <language> <program> [cmake arguments]
  local name=$1 language=$2 program=$3; shift 3
  step "consumer: $name"
  cmake -S "$src/tests/consumer" -B "$work/$name" -G Ninja -DCARECOMPARE_CONSUMER_MODE=package \
    -DCARECOMPARE_CONSUMER_LANGUAGE="$language" -DCARECOMPARE_CONSUMER_PROGRAM="$program" \
    -DCARECOMPARE_CONSUMER_VERSION="$major_minor" "$@" >"$work/$name.log" 2>&1 || { cat "$work/$name.log"; fail "$name: configure"; }
  grep -q "/usr/lib/$multiarch/cmake/carecompare" "$work/$name/CMakeCache.txt" ||
    fail "$name: find_package did not find the installed package"
  cmake --build "$work/$name" >>"$work/$name.log" 2>&1 || { cat "$work/$name.log"; fail "$name: build"; }
  "$work/$name/consumer" >"$work/$name.out" || { cat "$work/$name.out"; fail "$name: the program failed"; }
}
consumer "C++, find_package" CXX "$src/tests/consumer/main.cpp"
grep -q "Physical Therapy" "$work/C++, find_package.out" || fail "the C++ consumer answered wrongly"
consumer "C, find_package COMPONENTS c" C "$src/examples/c/filter.c"
grep -q "| Radiation Therapy |" "$work/C, find_package COMPONENTS c.out" || fail "the C consumer answered wrongly"
ldd "$work/C, find_package COMPONENTS c/consumer" | grep -E "$soname => (/usr)?/lib/$multiarch/$soname " >/dev/null ||
  fail "the C consumer does not load /usr/lib/$multiarch/$soname: $(ldd "$work/C, find_package COMPONENTS c/consumer")"

step "consumer: C++, pkg-config"
# shellcheck disable=SC2046
c++ "$src/tests/consumer/main.cpp" "$src/tests/consumer/second.cpp" $(pkg-config --cflags --libs carecompare) \
  -o "$work/cxx-pkg-config"
"$work/cxx-pkg-config" | grep "Physical Therapy" >/dev/null || fail "the C++ pkg-config consumer answered wrongly"
step "consumer: C, pkg-config"
# shellcheck disable=SC2046
cc -std=c11 -Wall -Wextra -Wpedantic -Werror "$src/examples/c/filter.c" $(pkg-config --cflags --libs carecompare-c) \
  -o "$work/c-pkg-config"
"$work/c-pkg-config" | grep "| Radiation Therapy |" >/dev/null || fail "the C pkg-config consumer answered wrongly"

step "dpkg --purge"
mapfile -t files < <(for deb in "$@"; do dpkg-query -L "$(dpkg-deb -f "$deb" Package)"; done | sort -u)
dpkg --purge $(for deb in "$@"; do dpkg-deb -f "$deb" Package; done)
for f in "${files[@]}"; do
  [ -d "$f" ] && continue  # shared folders such as /usr/include stay
  [ ! -e "$f" ] && [ ! -L "$f" ] || fail "dpkg --purge left $f"
done
! ldconfig -p | grep "$soname" >/dev/null || fail "ldconfig still knows $soname"
echo "package test: installed, used and removed cleanly (${#files[@]} paths)"
INSIDE

# In a private mount namespace: the overlay, /proc, /dev and /sys, then the checks chrooted.
CARECOMPARE_ROOT=$CARECOMPARE_ROOT unshare --mount --propagation private bash -euo pipefail -c '
  scratch=$1; shift
  mount -t overlay overlay -o "lowerdir=/,upperdir=$scratch/upper,workdir=$scratch/work" "$scratch/root"
  for fs in proc dev sys; do mount --rbind "/$fs" "$scratch/root/$fs"; done
  exec chroot "$scratch/root" bash "$scratch/inside.sh" "$@"
' bash "$scratch" "$version" "${debs[@]}"
