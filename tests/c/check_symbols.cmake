# SPDX-License-Identifier: MIT
# Checks the exports of libcarecompare.so; run with cmake -P:
#   -DLIBRARY=<libcarecompare.so> -DHEADER=<include/carecompare.h> -DNM=<nm> [-DREADELF=<readelf>]
#   [-DSONAME=<expected SONAME>]
# 1. `nm -D --defined-only` lists carecompare_* symbols only (nothing of the C++ core,
#    nlohmann/json, fmt or the standard library leaks);
# 2. every call the header declares is exported, and nothing else is;
# 3. the SONAME is the expected one and the library needs no libfmt.so.
cmake_minimum_required(VERSION 3.25)
foreach(_var LIBRARY HEADER NM)
  if(NOT ${_var})
    message(FATAL_ERROR "check_symbols.cmake: -D${_var}=... is required")
  endif()
endforeach()

execute_process(COMMAND "${NM}" -D --defined-only "${LIBRARY}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE nm_out ERROR_VARIABLE nm_err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${NM} failed (${rc}): ${nm_err}")
endif()
string(REPLACE "\n" ";" lines "${nm_out}")
set(exported "")
set(leaked "")
foreach(line IN LISTS lines)
  if(line STREQUAL "")
    continue()
  endif()
  # "<address> <type> <name>[@version]"
  if(NOT line MATCHES "^[0-9a-fA-F]* *[A-Za-z] ([^ @]+)")
    message(FATAL_ERROR "unexpected nm output line: ${line}")
  endif()
  set(name "${CMAKE_MATCH_1}")
  if(name MATCHES "^carecompare_[a-z0-9_]+$")
    list(APPEND exported "${name}")
  else()
    list(APPEND leaked "${line}")
  endif()
endforeach()
if(leaked)
  list(JOIN leaked "\n  " leaked_text)
  message(FATAL_ERROR "symbols other than carecompare_* are exported:\n  ${leaked_text}")
endif()

file(READ "${HEADER}" header)
string(REGEX MATCHALL "CARECOMPARE_API[^(;]*[ *](carecompare_[a-z0-9_]+)\\(" declarations "${header}")
set(declared "")
foreach(d IN LISTS declarations)
  string(REGEX REPLACE ".*[ *](carecompare_[a-z0-9_]+)\\($" "\\1" name "${d}")
  list(APPEND declared "${name}")
endforeach()
list(SORT exported)
list(SORT declared)
if(NOT exported STREQUAL declared)
  message(FATAL_ERROR "exported symbols and the header's calls differ:\n"
                      "  exported: ${exported}\n  declared: ${declared}")
endif()
list(LENGTH exported count)

if(READELF)
  execute_process(COMMAND "${READELF}" -d "${LIBRARY}" RESULT_VARIABLE rc OUTPUT_VARIABLE dynamic)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${READELF} -d failed")
  endif()
  if(SONAME AND NOT dynamic MATCHES "Library soname: \\[${SONAME}\\]")
    message(FATAL_ERROR "SONAME is not ${SONAME}:\n${dynamic}")
  endif()
  if(dynamic MATCHES "Shared library: \\[libfmt")
    message(FATAL_ERROR "libcarecompare needs libfmt.so; fmt should be compiled in (header-only):\n${dynamic}")
  endif()
endif()
list(JOIN exported ", " exported_text)
message(STATUS "${count} symbols exported, all carecompare_*, all declared in carecompare.h: ${exported_text}")
