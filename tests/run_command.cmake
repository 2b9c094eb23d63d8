# SPDX-License-Identifier: MIT
# run(<command> [args...]): runs a command from a cmake -P test script (tests/consumer/run.cmake,
# tests/c/old_client.cmake) and stops the script with the command, its status and its output when
# it fails; sets `last_output` to what it printed on stdout.
function(run)
  execute_process(COMMAND ${ARGV} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGV}\n${out}\n${err}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()
