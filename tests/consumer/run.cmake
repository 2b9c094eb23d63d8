# SPDX-License-Identifier: MIT
# Builds and runs a consumer program against carecompare in one of three ways; run with cmake -P:
#   -DMODE=package|subdirectory|pkg-config   find_package after install, add_subdirectory,
#                                            or pkg-config after install
#   -DLANGUAGE=CXX|C                         the C++ library (tests/consumer/main.cpp) or the
#                                            C ABI (examples/c/filter.c, carecompare::c,
#                                            carecompare-c.pc); default CXX
#   -DSOURCE=<carecompare source> -DBUILD=<carecompare build> -DWORK=<scratch folder>
#   -DCOMPILER=<compiler> -DGENERATOR=<generator> -DLIBDIR=<CMAKE_INSTALL_LIBDIR>
#   -DVERSION=<MAJOR.MINOR>                  what find_package asks for (package mode)
#   -DHEADER_ONLY=ON                         C++ through carecompare::header_only (package and
#                                            subdirectory modes)
cmake_minimum_required(VERSION 3.25)
if(NOT LANGUAGE)
  set(LANGUAGE CXX)
endif()
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
set(prefix "${WORK}/prefix")

if(LANGUAGE STREQUAL "C")
  set(program "${SOURCE}/examples/c/filter.c")
  set(pc_module carecompare-c)
  set(compile_flags -std=c11 -Wall -Wextra -Wpedantic -Werror)
  set(expected "\"relevant\".*\\| Radiation Therapy \\|")
else()
  set(program "${SOURCE}/tests/consumer/main.cpp")
  set(pc_module carecompare)
  set(compile_flags "")
  set(expected "Physical Therapy")
endif()

include("${CMAKE_CURRENT_LIST_DIR}/../run_command.cmake")

if(MODE STREQUAL "package" OR MODE STREQUAL "pkg-config")
  run("${CMAKE_COMMAND}" --install "${BUILD}" --prefix "${prefix}")
endif()

if(MODE STREQUAL "pkg-config")
  set(ENV{PKG_CONFIG_PATH} "${prefix}/${LIBDIR}/pkgconfig")
  execute_process(COMMAND pkg-config --cflags --libs ${pc_module}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE flags ERROR_VARIABLE err OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "pkg-config does not know ${pc_module}: ${err}")
  endif()
  separate_arguments(flags UNIX_COMMAND "${flags}")
  set(sources "${program}")
  if(LANGUAGE STREQUAL "CXX")
    list(APPEND sources "${SOURCE}/tests/consumer/second.cpp")
  endif()
  run("${COMPILER}" ${compile_flags} ${sources} ${flags} -o "${WORK}/consumer")
  set(ENV{LD_LIBRARY_PATH} "${prefix}/${LIBDIR}")
else()
  set(args -S "${SOURCE}/tests/consumer" -B "${WORK}/build" -G "${GENERATOR}"
           "-DCMAKE_${LANGUAGE}_COMPILER=${COMPILER}" "-DCARECOMPARE_CONSUMER_MODE=${MODE}"
           "-DCARECOMPARE_CONSUMER_LANGUAGE=${LANGUAGE}" "-DCARECOMPARE_CONSUMER_PROGRAM=${program}"
           "-DCARECOMPARE_CONSUMER_HEADER_ONLY=${HEADER_ONLY}" "-DCARECOMPARE_CONSUMER_VERSION=${VERSION}")
  if(MODE STREQUAL "package")
    list(APPEND args "-DCMAKE_PREFIX_PATH=${prefix}")
  else()
    list(APPEND args "-DCARECOMPARE_SOURCE=${SOURCE}")
  endif()
  run("${CMAKE_COMMAND}" ${args})
  run("${CMAKE_COMMAND}" --build "${WORK}/build")
  file(RENAME "${WORK}/build/consumer" "${WORK}/consumer")
endif()
run("${WORK}/consumer")
if(NOT last_output MATCHES "${expected}")
  message(FATAL_ERROR "unexpected output:\n${last_output}")
endif()
message(STATUS "consumer (${LANGUAGE}, ${MODE}) ran:\n${last_output}")
