# SPDX-License-Identifier: MIT
# Builds and runs the consumer project in one of three ways; run with cmake -P:
#   -DMODE=package|subdirectory|pkg-config -DSOURCE=<carecompare source> -DBUILD=<carecompare build>
#   -DWORK=<scratch folder> [-DCXX=<compiler>] [-DGENERATOR=Ninja]
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
set(consumer "${SOURCE}/tests/consumer")

function(run)
  execute_process(COMMAND ${ARGV} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGV}\n${out}\n${err}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

if(MODE STREQUAL "package" OR MODE STREQUAL "pkg-config")
  run("${CMAKE_COMMAND}" --install "${BUILD}" --prefix "${WORK}/prefix")
endif()

if(MODE STREQUAL "pkg-config")
  set(ENV{PKG_CONFIG_PATH} "${WORK}/prefix/lib/pkgconfig")
  execute_process(COMMAND pkg-config --cflags --libs carecompare
                  RESULT_VARIABLE rc OUTPUT_VARIABLE flags OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "pkg-config does not know carecompare")
  endif()
  separate_arguments(flags UNIX_COMMAND "${flags}")
  run("${CXX}" "${consumer}/main.cpp" ${flags} -o "${WORK}/consumer")
else()
  set(args -S "${consumer}" -B "${WORK}/build" -G "${GENERATOR}" "-DCMAKE_CXX_COMPILER=${CXX}"
           "-DCARECOMPARE_CONSUMER_MODE=${MODE}")
  if(MODE STREQUAL "package")
    list(APPEND args "-DCMAKE_PREFIX_PATH=${WORK}/prefix")
  else()
    list(APPEND args "-DCARECOMPARE_SOURCE=${SOURCE}")
  endif()
  run("${CMAKE_COMMAND}" ${args})
  run("${CMAKE_COMMAND}" --build "${WORK}/build")
  file(RENAME "${WORK}/build/consumer" "${WORK}/consumer")
endif()
run("${WORK}/consumer")
message(STATUS "consumer (${MODE}) ran:\n${last_output}")
