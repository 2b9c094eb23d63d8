# SPDX-License-Identifier: MIT
# Every option is prefixed CARECOMPARE_. What only the project's own developers need (tests,
# examples, benchmarks, bindings, the CLI) defaults to ON only when carecompare is the top-level
# project, so that add_subdirectory(carecompare) builds nothing but the library.
include(GNUInstallDirs)

option(CARECOMPARE_BUILD_TESTS "Build the tests (also obeys BUILD_TESTING)" ${PROJECT_IS_TOP_LEVEL})
if(DEFINED BUILD_TESTING AND NOT BUILD_TESTING)
  set(CARECOMPARE_BUILD_TESTS OFF)
endif()
option(CARECOMPARE_BUILD_CLI "Build the carecompare command line" ${PROJECT_IS_TOP_LEVEL})
option(CARECOMPARE_BUILD_C_API "Build the C ABI shared library libcarecompare" ${PROJECT_IS_TOP_LEVEL})
option(CARECOMPARE_BUILD_PYTHON "Build the Python module (needs pybind11)" ${PROJECT_IS_TOP_LEVEL})
option(CARECOMPARE_BUILD_EXAMPLES "Build the examples" ${PROJECT_IS_TOP_LEVEL})
option(CARECOMPARE_BUILD_BENCHMARKS "Build the benchmarks (opt-in)" OFF)
option(CARECOMPARE_BUILD_FUZZERS "Build the libFuzzer targets in fuzz/ (opt-in, clang only; see fuzz/run.sh)" OFF)
option(CARECOMPARE_MIMALLOC "Link the carecompare command with mimalloc where it is found (never with sanitizers)" ON)
option(CARECOMPARE_INSTALL "Generate the install rules" ${PROJECT_IS_TOP_LEVEL})
option(CARECOMPARE_DEB "Debian packages with CPack (cmake/packaging.cmake; the deb presets)" OFF)
option(CARECOMPARE_LTO "GCC, optimised builds: compile the library for link-time optimisation too (fat objects; opt-in)" OFF)
option(CARECOMPARE_WARNINGS "Compile project code with many warnings" OFF)
option(CARECOMPARE_WERROR "Treat warnings as errors (only with CARECOMPARE_WARNINGS)" OFF)
set(CARECOMPARE_SANITIZE "" CACHE STRING "Sanitizers for project code, e.g. address,undefined or thread")
set(CARECOMPARE_GTEST_SOURCE_DIR "" CACHE PATH
    "Build GoogleTest for the tests from this source folder (e.g. Debian's /usr/src/googletest) instead of finding an installed one; for a standard library the installed one was not built for, such as libc++")
