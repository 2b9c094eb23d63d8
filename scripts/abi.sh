#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The C ABI's record and its checks, with libabigail (Debian: abigail-tools).
#
#   scripts/abi.sh check [--require-recorded] [LIBRARY]
#       Compares a build of libcarecompare.so with the record in abi/. Exit status:
#         0  the same ABI; or only compatible additions (new calls, new status values), or an
#            incompatible change in a new major version with a new SONAME, without
#            --require-recorded;
#         1  an incompatible change (a call removed or changed, a type changed, a status
#            renumbered, the SONAME moved) while the major version or the SONAME stayed;
#         2  the tools failed;
#         3  with --require-recorded: an accepted change that abi/ does not hold yet (run
#            scripts/abi-update.sh and commit abi/ with the change). CI passes this option.
#   scripts/abi.sh update [LIBRARY]     (scripts/abi-update.sh) records LIBRARY's ABI in abi/
#   scripts/abi.sh self-check           shows that `check` catches what it must (see below)
#
# LIBRARY defaults to build/test/bindings/c/libcarecompare.so, the GCC Debug build that
# scripts/test.sh makes: the record is read from DWARF, so the library needs debug information
# (-g), and the record holds GCC's view of the types.
#
# The record is two libabigail XML files:
#   abi/libcarecompare-c.abi  abidw of the library's exported interface: every carecompare_*
#                             call, its parameter and return types, every type they reach, the
#                             SONAME; and, in an XML comment, the version it was recorded at;
#   abi/carecompare-h.abi     abidw of a probe compiled from include/carecompare.h alone with
#                             every type kept: the status values and any type no call reaches
#                             yet (a call returns the status as an int, so the library's own
#                             DWARF does not hold the enum).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RECORD_DIR=$ROOT/abi
CC=${CC:-cc}
CXX=${CXX:-c++}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

die() { echo "abi.sh: $*" >&2; exit 2; }
command -v abidw >/dev/null && command -v abidiff >/dev/null ||
  die "abidw and abidiff are missing: apt-get install abigail-tools"

# header_value <include dir> <regex with one group>: a number from carecompare.h or config.hpp.
header_value() {
  local value
  value=$(sed -nE "s/^#define $2$/\\1/p" "$1/carecompare.h" "$1/carecompare/config.hpp")
  [[ $value =~ ^[0-9]+$ ]] || die "cannot read $2 in $1"
  echo "$value"
}
version_of() {
  echo "$(header_value "$1" 'CARECOMPARE_VERSION_MAJOR ([0-9]+)').$(header_value "$1" \
    'CARECOMPARE_VERSION_MINOR ([0-9]+)').$(header_value "$1" 'CARECOMPARE_VERSION_PATCH ([0-9]+)')"
}

# The same abidw options for the record and for every build compared with it: no paths, no
# source locations, no parameter names (renaming one is no ABI change), hashed type ids, so that
# a record depends only on the interface.
ABIDW=(abidw --no-corpus-path --no-comp-dir-path --no-show-locs --no-parameter-names --no-elf-needed
       --drop-undefined-syms --type-id-style hash)

# dump <library> <include dir> <out dir>: writes libcarecompare-c.abi and carecompare-h.abi.
dump() {
  local library=$1 include=$2 out=$3
  [ -f "$library" ] || die "no library at $library (build it: scripts/test.sh, or pass its path)"
  [[ $(readelf -S "$library") == *.debug_info* ]] ||
    die "$library has no debug information: the record needs a -g build (scripts/test.sh's Debug build)"
  "${ABIDW[@]}" --exported-interfaces-only --drop-private-types --headers-dir "$include" \
    "$library" --out-file "$out/libcarecompare-c.abi" || die "abidw failed on $library"
  # The probe: the header and nothing else, with the types no code uses kept in DWARF (and one
  # function, as abidw reads only objects that export a symbol). Compiled in its folder, so
  # that the record names it probe.c wherever it was made.
  printf '#include <carecompare.h>\nvoid carecompare_abi_probe(void);\nvoid carecompare_abi_probe(void) {}\n' >"$out/probe.c"
  (cd "$out" && "$CC" -std=c11 -g -fno-eliminate-unused-debug-types -fPIC -shared -I"$include" probe.c \
    -o libprobe.so) || die "cannot compile include/carecompare.h with $CC"
  "${ABIDW[@]}" --load-all-types "$out/libprobe.so" --out-file "$out/probe.abi" ||
    die "abidw failed on the header probe"
  # Of the probe's types, those the header declares (carecompare_*) and what they are made of;
  # not the C library's own (stdint.h's), which are no part of carecompare's ABI.
  python3 - "$out/probe.abi" "$out/carecompare-h.abi" <<'PY'
import sys
import xml.etree.ElementTree as ET

tree = ET.parse(sys.argv[1])
unit = tree.getroot().find("abi-instr")
top = list(unit)
by_id = {e.get("id"): e for e in top if e.get("id")}
keep, todo = set(), [e for e in top if (e.get("name") or "").startswith("carecompare_")]
while todo:
    e = todo.pop()
    if id(e) not in keep:
        keep.add(id(e))
        todo += [by_id[v] for el in e.iter() for k, v in el.attrib.items()
                 if k in ("type-id", "naming-typedef-id") and v in by_id]
for e in top:
    if id(e) not in keep:
        unit.remove(e)
with open(sys.argv[2], "w", encoding="utf-8") as out:
    tree.write(out, encoding="unicode")
    out.write("\n")
PY
  rm -f "$out/probe.c" "$out/libprobe.so" "$out/probe.abi"
}

# The version a record was made at, from the comment `update` writes after the root element.
recorded() { sed -nE "2s/.*carecompare ([0-9]+)\.([0-9]+)\.([0-9]+) .*/\\$2/p" "$1/libcarecompare-c.abi"; }
soname_of() { sed -nE "1s/.* soname='([^']*)'.*/\\1/p" "$1"; }

# harmful <abidiff report>: the lines of a report that are more than additions. abidiff's own
# status cannot tell: it marks a removed call or a moved SONAME incompatible (8) but a changed
# parameter, return or member type only "changed" (4), as it does an added call. So the counts
# of its summaries decide: nothing removed, nothing changed (what abidiff filters out as harmless,
# such as a new status value, is not counted), the SONAME and the architecture the same.
harmful() {
  grep -E "SONAME changed|architecture changed" "$1" || true
  grep -oE "[0-9]+ (Removed|Changed|removed|changed)" "$1" | grep -vE "^0 " || true
}

# compare <library> <include dir> <record dir> <require recorded: 0|1>: the decision above.
compare() {
  local library=$1 include=$2 records=$3 require=$4 tmp rc_lib=0 rc_h=0 rc_all=0
  for f in libcarecompare-c.abi carecompare-h.abi; do
    [ -f "$records/$f" ] || die "no record $records/$f: make it with scripts/abi-update.sh"
  done
  tmp=$(mktemp -d -p "$WORK")
  dump "$library" "$include" "$tmp"
  abidiff "$records/libcarecompare-c.abi" "$tmp/libcarecompare-c.abi" >"$tmp/lib.txt" || rc_lib=$?
  abidiff --non-reachable-types "$records/carecompare-h.abi" "$tmp/carecompare-h.abi" >"$tmp/h.txt" || rc_h=$?
  # With the changes abidiff deems harmless too: anything at all that the record does not hold.
  abidiff --harmless "$records/libcarecompare-c.abi" "$tmp/libcarecompare-c.abi" >"$tmp/all.txt" || rc_all=$?
  abidiff --harmless --non-reachable-types "$records/carecompare-h.abi" "$tmp/carecompare-h.abi" \
    >>"$tmp/all.txt" || rc_all=$((rc_all | $?))
  # abidiff's status is a bit set: 1 error, 2 usage error, 4 ABI change, 8 incompatible change.
  if (((rc_lib | rc_h | rc_all) & 3)); then
    cat "$tmp/lib.txt" "$tmp/h.txt" >&2
    die "abidiff failed ($rc_lib, $rc_h, $rc_all)"
  fi
  local old_soname new_soname old_major new_major functions problems
  old_soname=$(soname_of "$records/libcarecompare-c.abi")
  new_soname=$(soname_of "$tmp/libcarecompare-c.abi")
  old_major=$(recorded "$records" 1)
  new_major=$(header_value "$include" 'CARECOMPARE_VERSION_MAJOR ([0-9]+)')
  [ -n "$old_major" ] || die "$records/libcarecompare-c.abi does not say which version it records"
  functions=$(grep -c '<function-decl ' "$tmp/libcarecompare-c.abi" || true)
  echo "C ABI of $library ($new_soname, $functions calls, carecompare $(version_of "$include"))"
  echo "  against the record of carecompare $(recorded "$records" 1).$(recorded "$records" 2).$(recorded "$records" 3) ($old_soname)"
  if ((rc_lib == 0 && rc_h == 0 && rc_all == 0)); then
    echo "  the same ABI"
    return 0
  fi
  if ((rc_lib == 0 && rc_h == 0)); then
    sed 's/^/  | /' "$tmp/all.txt"  # only changes abidiff deems harmless
  else
    sed 's/^/  | /' "$tmp/lib.txt" "$tmp/h.txt"
  fi
  problems=$(harmful "$tmp/lib.txt"; harmful "$tmp/h.txt")
  if [ -n "$problems" ] || (((rc_lib | rc_h) & 8)) || [ "$new_soname" != "$old_soname" ]; then
    if [ "$new_soname" != "$old_soname" ] && ((new_major > old_major)); then
      echo "  INCOMPATIBLE, accepted: major version $old_major -> $new_major and SONAME $old_soname -> $new_soname"
    else
      echo "  INCOMPATIBLE:" $problems
      echo "  The C ABI only breaks in a new major version with a new SONAME (README, Versions). Undo the"
      echo "  change; or, for a new major release, raise CARECOMPARE_ABI_VERSION in include/carecompare.h and"
      echo "  the major version (scripts/set-version.sh), then record the ABI with scripts/abi-update.sh."
      return 1
    fi
  else
    echo "  compatible: additions only"
  fi
  if ((require)); then
    echo "  NOT RECORDED: run scripts/abi-update.sh and commit abi/ with this change."
    return 3
  fi
  echo "  (record it with scripts/abi-update.sh, in the same commit)"
  return 0
}

default_library() { echo "$ROOT/build/test/bindings/c/libcarecompare.so"; }

cmd_update() {
  local library=${1:-$(default_library)} tmp
  tmp=$(mktemp -d -p "$WORK")
  dump "$library" "$ROOT/include" "$tmp"
  mkdir -p "$RECORD_DIR"
  local comment
  comment="  <!-- carecompare $(version_of "$ROOT/include") (CARECOMPARE_ABI_VERSION $(header_value "$ROOT/include" \
    'CARECOMPARE_ABI_VERSION ([0-9]+)')): recorded by scripts/abi-update.sh; scripts/abi.sh check compares builds with it -->"
  for f in libcarecompare-c.abi carecompare-h.abi; do
    { head -n 1 "$tmp/$f"; echo "$comment"; tail -n +2 "$tmp/$f"; } >"$RECORD_DIR/$f"
  done
  echo "recorded the C ABI of $library in abi/ ($(grep -c '<function-decl ' "$RECORD_DIR/libcarecompare-c.abi") calls)"
}

# ---- self-check ---------------------------------------------------------------------------
# `check` is shown to catch what it must, against the real record in abi/: a stub library is
# built from a copy of include/ (every call of the header defined, doing nothing), first
# unchanged, where `check` must find the recorded ABI (so that the stub stands for the real
# library), then with one change at a time, each with the answer `check` must give.

# stub <include dir> <out dir>: libcarecompare.so.<ABI version> with every call of the header.
stub() {
  local include=$1 out=$2 abi
  abi=$(header_value "$include" 'CARECOMPARE_ABI_VERSION ([0-9]+)')
  python3 - "$include/carecompare.h" >"$out/stub.cpp" <<'PY'
import re
import sys

header = open(sys.argv[1], encoding="utf-8").read()
print("#define CARECOMPARE_BUILDING_LIBRARY\n#include <carecompare.h>")
calls = re.findall(r"CARECOMPARE_API\s+([^;{}()]*?)\s*\b(carecompare_\w+)\s*\(([^;]*?)\)\s*;", header, re.S)
if not calls:
    sys.exit("no CARECOMPARE_API calls found in " + sys.argv[1])
for result, name, params in calls:
    print(f"{result} {name}({params}) {{{'' if result.strip() == 'void' else ' return 0; '}}}")
PY
  # Compiled as the library is (C++, GCC), so that the DWARF describes the types alike.
  "$CXX" -std=c++20 -g -fPIC -shared -I"$include" "$out/stub.cpp" -o "$out/libcarecompare.so.$abi" \
    -Wl,-soname,"libcarecompare.so.$abi" || die "cannot compile the stub of $include/carecompare.h"
  echo "$out/libcarecompare.so.$abi"
}

# edit <include dir> <python statement on `h` (carecompare.h) and `c` (config.hpp)>
edit() {
  python3 - "$1" "$2" <<'PY'
import sys
from pathlib import Path

include = Path(sys.argv[1])
h_path, c_path = include / "carecompare.h", include / "carecompare" / "config.hpp"
h, c = h_path.read_text(encoding="utf-8"), c_path.read_text(encoding="utf-8")
before = (h, c)
exec(sys.argv[2])
if (h, c) == before:
    sys.exit("the change did not apply: " + sys.argv[2])
h_path.write_text(h, encoding="utf-8")
c_path.write_text(c, encoding="utf-8")
PY
}

cmd_self_check() {
  local tmp=$WORK/self-check failures=0 n=0
  # case <name> <expected status> <--require-recorded: 0|1> <record dir> <edit of include/, or "">
  case_() {
    local name=$1 expected=$2 require=$3 records=$4 change=$5 dir status=0
    n=$((n + 1))
    dir=$tmp/case$n
    mkdir -p "$dir/out"
    cp -r "$ROOT/include" "$dir/include"
    [ -z "$change" ] || edit "$dir/include" "$change"
    # In a subshell: a failing tool ends that, not the self-check.
    (compare "$(stub "$dir/include" "$dir/out")" "$dir/include" "$records" "$require") >"$dir/report.txt" 2>&1 ||
      status=$?
    if ((status == expected)); then
      printf 'ok    %-58s exit %d\n' "$name" "$status"
    else
      printf 'FAIL  %-58s exit %d, expected %d\n' "$name" "$status" "$expected"
      sed 's/^/      /' "$dir/report.txt"
      failures=$((failures + 1))
    fi
  }
  local real=$RECORD_DIR
  local remove_compact='h = h.replace(h[h.index("/**\n * The same document as `carecompare_filter()`, compact"):h.index("/**\n * Renders a comparison table")], "")'
  local add_call='h = h.replace("/* ---- Memory", "/** A new call. @since 9.9.9 */\nCARECOMPARE_API int carecompare_selfcheck_added(int x);\n\n/* ---- Memory")'
  local struct='h = h.replace("/* ---- Memory", "typedef struct carecompare_selfcheck_span { const char* data; size_t size; } carecompare_selfcheck_span;\nCARECOMPARE_API int carecompare_selfcheck_read(const carecompare_selfcheck_span* span);\n\n/* ---- Memory")'
  local major='c = c.replace("#define CARECOMPARE_VERSION_MAJOR 0", "#define CARECOMPARE_VERSION_MAJOR 1") if "#define CARECOMPARE_VERSION_MAJOR 0" in c else c.replace("#define CARECOMPARE_VERSION_MAJOR ", "#define CARECOMPARE_VERSION_MAJOR 9")'
  local soname='import re; h = re.sub(r"#define CARECOMPARE_ABI_VERSION (\d+)", lambda m: "#define CARECOMPARE_ABI_VERSION " + str(int(m.group(1)) + 1), h)'

  echo "self-check of scripts/abi.sh check, against abi/ (stub libraries built from include/)"
  case_ "unchanged header: the recorded ABI" 0 1 "$real" ""
  case_ "a call removed (carecompare_filter_compact)" 1 0 "$real" "$remove_compact"
  case_ "a parameter's type changed (carecompare_render: size_t -> int)" 1 0 "$real" \
    'h = h.replace("const char* options_json,\n                                       size_t len);", "const char* options_json,\n                                       int len);")'
  case_ "a return type changed (carecompare_version_number: int -> long)" 1 0 "$real" \
    'h = h.replace("CARECOMPARE_API int carecompare_version_number(void);", "CARECOMPARE_API long carecompare_version_number(void);")'
  case_ "a status renumbered (CARECOMPARE_ERR_LOGIC -5 -> -50)" 1 0 "$real" \
    'h = h.replace("CARECOMPARE_ERR_LOGIC = -5,", "CARECOMPARE_ERR_LOGIC = -50,")'
  # Removed with its comment, whether it is the last status or not (C allows the comma left).
  case_ "a status removed (CARECOMPARE_ERR_INVALID_OPTIONS)" 1 0 "$real" \
    'import re; h = re.sub(r"\n  /\*\* Render options that are not valid(?:.|\n)*?CARECOMPARE_ERR_INVALID_OPTIONS = -9,?", "", h)'
  case_ "a call added: compatible" 0 0 "$real" "$add_call"
  case_ "a call added, with --require-recorded: not recorded" 3 1 "$real" "$add_call"
  # Added after the last status, whichever it is.
  local add_status='h = h.replace("\n} carecompare_status;", ",\n  CARECOMPARE_ERR_SELFCHECK = -99\n} carecompare_status;")'
  case_ "a status added: compatible" 0 0 "$real" "$add_status"
  case_ "a status added, with --require-recorded: not recorded" 3 1 "$real" "$add_status"
  case_ "the SONAME moved in the same major version" 1 0 "$real" "$soname"
  case_ "a call removed in a new major version with a new SONAME" 0 0 "$real" "$remove_compact; $major; $soname"
  case_ "the same, with --require-recorded: not recorded" 3 1 "$real" "$remove_compact; $major; $soname"
  case_ "a call removed with a new major version, the same SONAME" 1 0 "$real" "$remove_compact; $major"

  # A struct: the header has none today, so a record with one is made first (from a stub).
  local with_struct=$tmp/with-struct
  mkdir -p "$with_struct/records" "$with_struct/out"
  cp -r "$ROOT/include" "$with_struct/include"
  edit "$with_struct/include" "$struct"
  (RECORD_DIR=$with_struct/records ROOT=$with_struct cmd_update "$(stub "$with_struct/include" "$with_struct/out")" >/dev/null)
  case_ "a struct: the recorded one" 0 1 "$with_struct/records" "$struct"
  case_ "a struct's member changed (size_t -> int)" 1 0 "$with_struct/records" \
    "$struct; h = h.replace('const char* data; size_t size; }', 'const char* data; int size; }')"
  case_ "a struct's members reordered" 1 0 "$with_struct/records" \
    "$struct; h = h.replace('const char* data; size_t size; }', 'size_t size; const char* data; }')"
  case_ "a member added to a struct" 1 0 "$with_struct/records" \
    "$struct; h = h.replace('const char* data; size_t size; }', 'const char* data; size_t size; int flags; }')"
  if ((failures)); then
    echo "self-check: $failures of $n cases answered wrongly"
    return 1
  fi
  echo "self-check: all $n cases answered as they must"
}

command=${1:-}
shift || true
case $command in
  check)
    require=0
    if [ "${1:-}" = --require-recorded ]; then require=1; shift; fi
    compare "${1:-$(default_library)}" "$ROOT/include" "$RECORD_DIR" "$require"
    ;;
  update) cmd_update "$@" ;;
  self-check) cmd_self_check ;;
  *) sed -n '3,17p' "$0" >&2; exit 2 ;;
esac
