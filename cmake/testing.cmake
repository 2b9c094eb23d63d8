# SPDX-License-Identifier: MIT
# How tests are registered, for every folder that adds some (included before them when
# CARECOMPARE_BUILD_TESTS is on):
#
#   carecompare_test_requirement(<found> <what>)   something a test needs from outside the project
#   carecompare_add_pytest(<name> FLOOR <run> ...)  a pytest run, its count checked against tests/floors
#   carecompare_pytest_part(<env> <floor> IF ...)   a part of a pytest run that some builds lack
#   carecompare_add_output_test(<name> ...)         a program checked on its exit status and output
#   carecompare_mark_threaded(<target> ...)         tests that start threads: the tsan preset runs them
#
# CI mode: the environment variable CI is set at configure time (to anything but "", 0, false or
# no), as CI services set it. CI runs every test, so there a missing requirement stops the
# configure step with one line saying what is missing; elsewhere it is a warning and the tests that
# need it are left out or skip, saying why.
string(TOLOWER "$ENV{CI}" _cc_ci)
string(STRIP "${_cc_ci}" _cc_ci)
if(_cc_ci STREQUAL "" OR _cc_ci MATCHES "^(0|false|no)$")
  set(CARECOMPARE_CI OFF)
else()
  set(CARECOMPARE_CI ON)
endif()

# carecompare_test_requirement(<found> <what>): <what> says what is missing and how to get it.
function(carecompare_test_requirement found what)
  if(found)
    return()
  endif()
  if(CARECOMPARE_CI)
    message(FATAL_ERROR "CI=true: ${what}. CI runs every test.")
  endif()
  message(WARNING "${what}. The tests that need it do not run (under CI=true this is an error).")
endfunction()

# The interpreter of the Python tests: pass -DPython_EXECUTABLE=<a Python with pytest>
# (scripts/test.sh picks one).
find_package(Python 3.8 COMPONENTS Interpreter)

# carecompare_python_has(<module> <out>): whether the tests' Python imports <module> (asked once).
function(carecompare_python_has module out)
  get_property(_known GLOBAL PROPERTY _cc_python_has_${module} SET)
  if(NOT _known)
    set(_has OFF)
    if(Python_Interpreter_FOUND)
      execute_process(COMMAND "${Python_EXECUTABLE}" -c "import ${module}"
                      RESULT_VARIABLE _rc OUTPUT_QUIET ERROR_QUIET)
      if(_rc EQUAL 0)
        set(_has ON)
      endif()
    endif()
    set_property(GLOBAL PROPERTY _cc_python_has_${module} ${_has})
  endif()
  get_property(_has GLOBAL PROPERTY _cc_python_has_${module})
  set(${out} ${_has} PARENT_SCOPE)
endfunction()

# carecompare_sanitizer_preload(<out>): the environment a Python that loads sanitized code (the
# Python module, libcarecompare through ctypes) needs: Python itself is not sanitized, so the
# sanitizer's runtime, and libstdc++ with it (or ASan's __cxa_throw interceptor finds nothing),
# are preloaded. GCC links its runtimes as shared libraries (libasan.so, libtsan.so) into every
# sanitized program and library, so one preloaded copy serves the whole process. Empty when the
# build is not sanitized; unset when it cannot be done (another compiler than GCC).
function(carecompare_sanitizer_preload out)
  set(${out} "" PARENT_SCOPE)
  if(NOT CARECOMPARE_SANITIZE OR CARECOMPARE_SANITIZE MATCHES "^undefined$")
    return()
  endif()
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    unset(${out} PARENT_SCOPE)
    return()
  endif()
  set(_runtimes "")
  if(CARECOMPARE_SANITIZE MATCHES "address")
    list(APPEND _runtimes asan)
  endif()
  if(CARECOMPARE_SANITIZE MATCHES "thread")
    list(APPEND _runtimes tsan)
  endif()
  set(_preload "")
  foreach(_lib IN LISTS _runtimes ITEMS stdc++)
    execute_process(COMMAND "${CMAKE_CXX_COMPILER}" -print-file-name=lib${_lib}.so
                    OUTPUT_VARIABLE _path OUTPUT_STRIP_TRAILING_WHITESPACE)
    string(APPEND _preload " ${_path}")
  endforeach()
  string(STRIP "${_preload}" _preload)
  set(${out} "LD_PRELOAD=${_preload}" "ASAN_OPTIONS=detect_leaks=0" "UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1"
      PARENT_SCOPE)
endfunction()

# ---- Tests that start threads ------------------------------------------------------------------
# A test source that starts a thread (C++ std::thread, std::jthread, std::async; C pthread_create;
# Python threading, concurrent.futures) marks its tests with the label `threads`, and its target
# joins carecompare_threaded_tests: the tsan preset builds that target and runs that label. Found
# by reading the sources, so a new test that starts threads cannot be left out of the TSan run.
add_custom_target(carecompare_threaded_tests)
set(CARECOMPARE_THREAD_START_REGEX
    "std::j?thread|std::async|pthread_create|^import threading|^from threading import|concurrent\\.futures")

# carecompare_starts_threads(<out> <file>...): ON when one of the files starts threads.
function(carecompare_starts_threads out)
  set(${out} OFF PARENT_SCOPE)
  foreach(_file IN LISTS ARGN)
    file(STRINGS "${_file}" _hits REGEX "${CARECOMPARE_THREAD_START_REGEX}" LIMIT_COUNT 1)
    if(_hits)
      set(${out} ON PARENT_SCOPE)
      return()
    endif()
  endforeach()
endfunction()

# carecompare_mark_threaded(<target>...): the targets a `threads` test needs, built by
# carecompare_threaded_tests.
function(carecompare_mark_threaded)
  add_dependencies(carecompare_threaded_tests ${ARGN})
endfunction()

# ---- pytest ------------------------------------------------------------------------------------
# carecompare_pytest_part(<env> <floor> IF <condition>... WITH <VAR=value>... WITHOUT <VAR>
#                         SUFFIX <suffix>)
# A part of a pytest run that some builds do not have (a program, a module, an example). Where
# <condition> holds, WITH's settings join the list variable <env> (the run's environment); where
# it does not, <VAR>=1 joins it, so the tests leave that part out by design, and <suffix> joins
# the variable <floor> (the run's floor name), so the run is counted against the floor of what
# that build can test (tests/floors has a line per name). Call it once per part, before
# carecompare_add_pytest(... FLOOR ${<floor>} ENVIRONMENT ${<env>}).
function(carecompare_pytest_part env floor)
  cmake_parse_arguments(PARSE_ARGV 2 arg "" "WITHOUT;SUFFIX" "IF;WITH")
  if(NOT arg_IF OR NOT arg_WITH OR NOT arg_WITHOUT OR NOT arg_SUFFIX OR arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "carecompare_pytest_part(${env} ${floor} ...): IF, WITH, WITHOUT and SUFFIX are each needed once")
  endif()
  if(${arg_IF})
    list(APPEND ${env} ${arg_WITH})
  else()
    list(APPEND ${env} "${arg_WITHOUT}=1")
    string(APPEND ${floor} "${arg_SUFFIX}")
  endif()
  set(${env} "${${env}}" PARENT_SCOPE)
  set(${floor} "${${floor}}" PARENT_SCOPE)
endfunction()

# carecompare_add_pytest(<name> FLOOR <run> PATHS <path>...
#                        [MODULES <python module>...] [PROGRAMS <program>...]
#                        [ENVIRONMENT <VAR=value>...] [LABELS <label>...] [TIMEOUT <s>]
#                        [DEPENDS <target>...] [LOADS_SANITIZED_CODE])
# pytest on <path>... (warnings are errors), through scripts/check-tests.py, which fails the test
# when fewer than the floor of <run> in tests/floors pass, or, under CI=true, when any test skipped.
# MODULES and PROGRAMS are what the tests need besides pytest (requirements, see above).
# LOADS_SANITIZED_CODE: the tests load this build's code into Python (the module, ctypes), so a
# sanitized build runs them with the sanitizer's runtime preloaded. Files that start threads make
# the run a `threads` test (DEPENDS: the targets it needs); in a ThreadSanitizer build only those
# files run, counted against the floor of <run>.threads.
function(carecompare_add_pytest name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "LOADS_SANITIZED_CODE" "FLOOR;TIMEOUT"
                        "PATHS;MODULES;PROGRAMS;ENVIRONMENT;LABELS;DEPENDS")
  carecompare_python_has(pytest _has_pytest)
  if(NOT _has_pytest)
    get_property(_said GLOBAL PROPERTY _cc_no_pytest_said)
    if(NOT _said)
      set_property(GLOBAL PROPERTY _cc_no_pytest_said ON)
      carecompare_test_requirement(OFF "no Python with pytest ('${Python_EXECUTABLE}'): install python3-pytest or pass -DPython_EXECUTABLE=<a Python with pytest>")
    endif()
    return()
  endif()
  foreach(_module IN LISTS arg_MODULES)
    carecompare_python_has(${_module} _has)
    carecompare_test_requirement(${_has} "the ${name} tests need the Python module ${_module} in ${Python_EXECUTABLE} (Debian: see CARECOMPARE_PACKAGES in scripts/common.sh)")
  endforeach()
  foreach(_program IN LISTS arg_PROGRAMS)
    find_program(CARECOMPARE_PROGRAM_${_program} ${_program})
    carecompare_test_requirement("${CARECOMPARE_PROGRAM_${_program}}" "the ${name} tests need the program ${_program} (Debian: see CARECOMPARE_PACKAGES in scripts/common.sh)")
  endforeach()

  set(_env ${arg_ENVIRONMENT})
  if(arg_LOADS_SANITIZED_CODE AND CARECOMPARE_SANITIZE)
    carecompare_sanitizer_preload(_preload)
    if(NOT DEFINED _preload)
      carecompare_test_requirement(OFF "the ${name} tests load sanitized code into Python, which needs the sanitizer's runtime preloaded; that is set up for GCC only (the sanitizer presets use GCC), not ${CMAKE_CXX_COMPILER_ID}")
      return()
    endif()
    list(APPEND _env ${_preload})
  endif()

  set(_files "")
  foreach(_path IN LISTS arg_PATHS)
    if(IS_DIRECTORY "${_path}")
      file(GLOB _found CONFIGURE_DEPENDS "${_path}/*.py")
      list(APPEND _files ${_found})
    else()
      list(APPEND _files "${_path}")
    endif()
  endforeach()
  set(_run ${arg_FLOOR})
  set(_paths ${arg_PATHS})
  set(_threaded_files "")
  foreach(_file IN LISTS _files)
    carecompare_starts_threads(_threads "${_file}")
    if(_threads)
      list(APPEND _threaded_files "${_file}")
    endif()
  endforeach()
  if(CARECOMPARE_SANITIZE MATCHES "thread")
    if(NOT _threaded_files)
      return()
    endif()
    set(_paths ${_threaded_files})
    string(APPEND _run ".threads")
  endif()
  if(_threaded_files)
    list(APPEND arg_LABELS threads)
    if(arg_DEPENDS)
      carecompare_mark_threaded(${arg_DEPENDS})
    endif()
  endif()

  set(_results "${CMAKE_BINARY_DIR}/test-results/${name}.xml")
  add_test(NAME ${name}
    COMMAND "${Python_EXECUTABLE}" "${PROJECT_SOURCE_DIR}/scripts/check-tests.py" ${_run} --junit "${_results}" --
            "${Python_EXECUTABLE}" -m pytest -q -p no:cacheprovider -W error "--junitxml=${_results}" ${_paths})
  list(APPEND _env "PYTHONDONTWRITEBYTECODE=1")
  set_tests_properties(${name} PROPERTIES ENVIRONMENT "${_env}")
  if(arg_LABELS)
    set_tests_properties(${name} PROPERTIES LABELS "${arg_LABELS}")
  endif()
  if(arg_TIMEOUT)
    set_tests_properties(${name} PROPERTIES TIMEOUT ${arg_TIMEOUT})
  endif()
endfunction()

# ---- Programs checked on their output ----------------------------------------------------------
# carecompare_add_output_test(<name> COMMAND <program> <args>... OUTPUT <regex>): passes when the
# program exits with 0 AND its output (stdout and stderr) matches <regex>. (CTest's
# PASS_REGULAR_EXPRESSION alone ignores the exit status: a program that prints the right text and
# then fails would pass.) Run by cmake/run-checking-output.cmake.
function(carecompare_add_output_test name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "OUTPUT" "COMMAND")
  if(NOT arg_COMMAND OR NOT DEFINED arg_OUTPUT)
    message(FATAL_ERROR "carecompare_add_output_test(${name}): COMMAND and OUTPUT are required")
  endif()
  # A target's name stands for its program, as in add_test().
  list(GET arg_COMMAND 0 _program)
  if(TARGET ${_program})
    list(REMOVE_AT arg_COMMAND 0)
    list(PREPEND arg_COMMAND "$<TARGET_FILE:${_program}>")
  endif()
  # The regex goes through a file: no quoting of | \ " on a command line.
  set(_expect "${CMAKE_CURRENT_BINARY_DIR}/expected-output/${name}.regex")
  file(WRITE "${_expect}" "${arg_OUTPUT}")
  add_test(NAME ${name}
    COMMAND "${CMAKE_COMMAND}" "-DEXPECT=${_expect}" -P "${PROJECT_SOURCE_DIR}/cmake/run-checking-output.cmake"
            ${arg_COMMAND})
endfunction()
