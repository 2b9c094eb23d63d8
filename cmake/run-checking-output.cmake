# SPDX-License-Identifier: MIT
# cmake -DEXPECT=<file holding a regex> -P run-checking-output.cmake <program> <args>...
# Runs the program and fails unless it exits with 0 and its output (stdout and stderr together)
# matches the regex. Registered by carecompare_add_output_test() (cmake/testing.cmake).
cmake_minimum_required(VERSION 3.25)

# The program and its arguments: what follows the script on the command line.
set(_command "")
set(_after_script OFF)
math(EXPR _last "${CMAKE_ARGC} - 1")
foreach(_i RANGE ${_last})
  if(_after_script)
    # A ; inside an argument stays in it (CMake lists split on unescaped ones).
    string(REPLACE ";" "\\;" _argument "${CMAKE_ARGV${_i}}")
    list(APPEND _command "${_argument}")
  elseif(CMAKE_ARGV${_i} STREQUAL CMAKE_SCRIPT_MODE_FILE OR CMAKE_ARGV${_i} MATCHES "run-checking-output\\.cmake$")
    set(_after_script ON)
  endif()
endforeach()
if(NOT _command OR NOT EXPECT)
  message(FATAL_ERROR "usage: cmake -DEXPECT=<regex file> -P run-checking-output.cmake <program> <args>...")
endif()
file(READ "${EXPECT}" _regex)
list(JOIN _command " " _shown)

execute_process(COMMAND ${_command} RESULT_VARIABLE _status OUTPUT_VARIABLE _output ERROR_VARIABLE _output)
# The output is shown whatever happens, as CTest shows a test's output.
message(NOTICE "${_output}")
if(NOT _status STREQUAL "0")
  message(FATAL_ERROR "${_shown}: exited with ${_status} (the output above may still look right)")
endif()
if(NOT _output MATCHES "${_regex}")
  message(FATAL_ERROR "${_shown}: the output does not match ${_regex}")
endif()
