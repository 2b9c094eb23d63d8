# SPDX-License-Identifier: MIT
# An old client keeps working: examples/c/filter.c compiled against the headers of the previous
# release of the C ABI (abi/<RELEASE>/include, kept byte for byte as released), linked to and run
# with the library of this build. Run with cmake -P:
#   -DSOURCE=<carecompare source> -DLIBRARY=<this build's libcarecompare.so.N> -DCOMPILER=<C compiler>
#   -DWORK=<scratch folder> -DRELEASE=<version, e.g. 0.1.0> -DCOMMIT=<the commit of that release>
# When the source is a git clone holding COMMIT, the kept headers are first compared with the
# commit's: the copy is what the release had.
cmake_minimum_required(VERSION 3.25)
set(headers "${SOURCE}/abi/${RELEASE}/include")
set(kept carecompare.h carecompare/config.hpp)

include("${CMAKE_CURRENT_LIST_DIR}/../run_command.cmake")

# The copy against git history, where there is one.
find_program(GIT git)
set(history OFF)
if(GIT)
  execute_process(COMMAND "${GIT}" -C "${SOURCE}" cat-file -e "${COMMIT}^{commit}"
                  RESULT_VARIABLE no_commit OUTPUT_QUIET ERROR_QUIET)
  if(no_commit EQUAL 0)
    set(history ON)
  endif()
endif()
if(history)
  foreach(file IN LISTS kept)
    run("${GIT}" -C "${SOURCE}" show "${COMMIT}:include/${file}")
    file(READ "${headers}/${file}" copy)
    if(NOT copy STREQUAL last_output)
      message(FATAL_ERROR "abi/${RELEASE}/include/${file} differs from include/${file} at ${COMMIT} (carecompare ${RELEASE})")
    endif()
  endforeach()
  message(STATUS "abi/${RELEASE}/include holds the headers of ${COMMIT} byte for byte")
else()
  message(STATUS "no git history with ${COMMIT} here: the kept headers are used as they are")
endif()

# The kept headers are those of RELEASE.
file(READ "${headers}/carecompare/config.hpp" config)
foreach(part MAJOR MINOR PATCH)
  string(REGEX MATCH "#define CARECOMPARE_VERSION_${part} ([0-9]+)" _ "${config}")
  list(APPEND numbers "${CMAKE_MATCH_1}")
endforeach()
list(JOIN numbers "." header_version)
if(NOT header_version STREQUAL RELEASE)
  message(FATAL_ERROR "abi/${RELEASE}/include is version ${header_version}")
endif()

file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
get_filename_component(libdir "${LIBRARY}" DIRECTORY)
get_filename_component(library_real "${LIBRARY}" REALPATH)
# -L finds this build's libcarecompare.so; the program records its SONAME and finds the library
# at run time through its rpath, nothing else (LD_LIBRARY_PATH is cleared below).
run("${COMPILER}" -std=c11 -Wall -Wextra -Wpedantic -Werror "-I${headers}" "${SOURCE}/examples/c/filter.c"
    -o "${WORK}/old_client" "-L${libdir}" -lcarecompare "-Wl,-rpath,${libdir}")

execute_process(COMMAND readelf -d "${LIBRARY}" OUTPUT_VARIABLE dynamic)
string(REGEX MATCH "Library soname: \\[([^]]+)\\]" _ "${dynamic}")
set(soname "${CMAKE_MATCH_1}")
execute_process(COMMAND readelf -d "${WORK}/old_client" OUTPUT_VARIABLE dynamic)
if(NOT dynamic MATCHES "Shared library: \\[${soname}\\]")
  message(FATAL_ERROR "the client does not need ${soname}:\n${dynamic}")
endif()

set(ENV{LD_LIBRARY_PATH} "")
run(ldd "${WORK}/old_client")
string(REGEX MATCH "${soname} => ([^ ]+)" _ "${last_output}")
get_filename_component(loaded "${CMAKE_MATCH_1}" REALPATH)
if(NOT loaded STREQUAL library_real)
  message(FATAL_ERROR "the client would load ${loaded}, not ${library_real}:\n${last_output}")
endif()

run("${WORK}/old_client")
if(NOT last_output MATCHES "\"id\": \"radiation-therapy\".*\\| Radiation Therapy \\|.*informational purposes")
  message(FATAL_ERROR "the ${RELEASE} client answered unexpectedly:\n${last_output}")
endif()
message(STATUS "examples/c/filter.c built against the ${RELEASE} headers ran with ${library_real} (${soname})")
