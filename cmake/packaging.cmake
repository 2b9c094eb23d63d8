# SPDX-License-Identifier: MIT
# Debian packages, made by CPack's DEB generator from the install rules' components (the `deb`
# presets: cmake --preset deb && cmake --build --preset deb && cpack --preset deb):
#   libcarecompareN     carecompare_runtime      the C ABI's shared library libcarecompare.so.N
#                                                (N = CARECOMPARE_ABI_VERSION, the SONAME's number)
#   libcarecompare-dev  carecompare_development  headers (C and C++), the static C++ library
#                                                libcarecompare-cpp.a, the header-only sources, the
#                                                CMake package, the pkg-config files, the schema
#   carecompare-cli     carecompare_cli          the `carecompare` command line
# Each carries /usr/share/doc/<package>/ with a copyright file (carecompare's license and those
# of the header-only libraries compiled in, from their Debian packages), the Debian changelog and
# the upstream CHANGELOG.md. scripts/package-test.sh installs the packages with dpkg in a
# throwaway root and builds and runs programs against them; CI runs it, and lintian.
if(BUILD_SHARED_LIBS)
  message(FATAL_ERROR "CARECOMPARE_DEB: the Debian packages ship libcarecompare-cpp static (in "
                      "libcarecompare-dev); configure without BUILD_SHARED_LIBS.")
endif()
if(NOT TARGET carecompare_c OR NOT TARGET carecompare_cli)
  message(FATAL_ERROR "CARECOMPARE_DEB: the packages need the C ABI and the command line "
                      "(CARECOMPARE_BUILD_C_API and CARECOMPARE_BUILD_CLI).")
endif()
# The Maintainer field, which Debian requires: CARECOMPARE_DEB_MAINTAINER, else Debian's
# DEBFULLNAME and DEBEMAIL (as dch reads them), else the author of the commit being packaged.
set(CARECOMPARE_DEB_MAINTAINER "" CACHE STRING "The Maintainer of the Debian packages: \"Name <address>\"")
set(_cc_maintainer "${CARECOMPARE_DEB_MAINTAINER}")
if(NOT _cc_maintainer AND DEFINED ENV{DEBFULLNAME} AND DEFINED ENV{DEBEMAIL})
  set(_cc_maintainer "$ENV{DEBFULLNAME} <$ENV{DEBEMAIL}>")
endif()
if(NOT _cc_maintainer)
  find_package(Git QUIET)
  if(Git_FOUND)
    execute_process(COMMAND "${GIT_EXECUTABLE}" -C "${PROJECT_SOURCE_DIR}" log -1 "--format=%an <%ae>"
                    OUTPUT_VARIABLE _cc_maintainer OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  endif()
endif()
if(NOT _cc_maintainer MATCHES "^[^<>]+ <[^<>@ ]+@[^<>@ ]+>$")
  message(FATAL_ERROR "CARECOMPARE_DEB: the packages need a Maintainer \"Name <address>\": set "
                      "CARECOMPARE_DEB_MAINTAINER, or DEBFULLNAME and DEBEMAIL (got \"${_cc_maintainer}\")")
endif()
message(STATUS "Debian packages: Maintainer ${_cc_maintainer}")

get_target_property(_cc_abi carecompare_c SOVERSION)
set(_cc_runtime "libcarecompare${_cc_abi}")
set(_cc_packages carecompare_runtime ${_cc_runtime} carecompare_development libcarecompare-dev
                 carecompare_cli carecompare-cli)

# The release date of this version in CHANGELOG.md dates the Debian changelog, so that a package
# build is reproducible; a version the changelog does not date yet is refused.
file(STRINGS "${PROJECT_SOURCE_DIR}/CHANGELOG.md" _cc_release
     REGEX "^## \\[${PROJECT_VERSION}\\] - [0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]$")
if(NOT _cc_release)
  message(FATAL_ERROR "CARECOMPARE_DEB: CHANGELOG.md has no dated section for ${PROJECT_VERSION}")
endif()
string(REGEX MATCH "[0-9-]+$" _cc_date "${_cc_release}")
execute_process(COMMAND date -u -R -d "${_cc_date} 00:00:00 UTC" OUTPUT_VARIABLE _cc_date_rfc2822
                OUTPUT_STRIP_TRAILING_WHITESPACE COMMAND_ERROR_IS_FATAL ANY)

# The copyright files of the header-only libraries compiled into the binaries. Boost.Describe
# (BSL-1.0) is compiled in too; its license asks for no notice in machine code, and Boost's
# copyright file is 2 MB, so it is named, not copied.
function(_cc_embedded out)
  set(text "")
  foreach(_package IN LISTS ARGN)
    set(_file "/usr/share/doc/${_package}/copyright")
    if(NOT EXISTS "${_file}")
      message(FATAL_ERROR "CARECOMPARE_DEB: ${_file} is missing (apt-get install ${_package})")
    endif()
    file(READ "${_file}" _copyright)
    string(APPEND text "\n---- ${_package}: ${_file} ----\n\n${_copyright}")
  endforeach()
  string(APPEND text "\n---- Boost.Describe (libboost1.81-dev): Boost Software License 1.0 ----\n")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

find_program(CARECOMPARE_GZIP gzip REQUIRED)
set(_cc_deb_dir "${PROJECT_BINARY_DIR}/debian")
while(_cc_packages)
  list(POP_FRONT _cc_packages _component CARECOMPARE_DEB_PACKAGE)
  set(_doc "${_cc_deb_dir}/${CARECOMPARE_DEB_PACKAGE}")
  file(MAKE_DIRECTORY "${_doc}")
  if(_component STREQUAL "carecompare_cli")
    _cc_embedded(CARECOMPARE_DEB_EMBEDDED nlohmann-json3-dev libfmt-dev libfast-float-dev libcli11-dev)
  else()
    # The development package's static library and header-only sources hold the same code.
    _cc_embedded(CARECOMPARE_DEB_EMBEDDED nlohmann-json3-dev libfmt-dev libfast-float-dev)
  endif()
  configure_file("${PROJECT_SOURCE_DIR}/cmake/debian/copyright.in" "${_doc}/copyright" @ONLY)
  file(WRITE "${_doc}/changelog.Debian"
       "carecompare (${PROJECT_VERSION}-1) unstable; urgency=medium\n\n"
       "  * carecompare ${PROJECT_VERSION}, packaged by CPack from its CMake install rules.\n"
       "    What changed: /usr/share/doc/${CARECOMPARE_DEB_PACKAGE}/changelog.gz\n\n"
       " -- ${_cc_maintainer}  ${_cc_date_rfc2822}\n")
  configure_file("${PROJECT_SOURCE_DIR}/CHANGELOG.md" "${_doc}/changelog" COPYONLY)
  foreach(_log changelog.Debian changelog)
    # -n: no name or time stamp in the gzip header (reproducible), -9 as Debian asks.
    execute_process(COMMAND "${CARECOMPARE_GZIP}" -9nf "${_doc}/${_log}" COMMAND_ERROR_IS_FATAL ANY)
  endforeach()
  install(FILES "${_doc}/copyright" "${_doc}/changelog.Debian.gz" "${_doc}/changelog.gz"
          DESTINATION "${CMAKE_INSTALL_DATADIR}/doc/${CARECOMPARE_DEB_PACKAGE}" COMPONENT ${_component})
endwhile()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME carecompare)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_CONTACT "${_cc_maintainer}")
set(CPACK_PACKAGE_DIRECTORY "${PROJECT_BINARY_DIR}/packages")
set(CPACK_STRIP_FILES ON)
set(CPACK_COMPONENTS_ALL carecompare_runtime carecompare_development carecompare_cli)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${_cc_maintainer}")
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Every file belongs to root, with Debian's permissions.
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)

# Descriptions: a synopsis line, then the extended description in lines of at most 80 columns
# (Debian Policy 5.6.13); CPack indents them and writes an empty line as " .".
set(_cc_about "carecompare models care strategies (their purpose, common use cases,
benefits, considerations and sources), says which of them are relevant to a
person's stated situation with JsonLogic rules, and renders comparison tables
as Markdown, HTML, text, CSV and JSON. Everything it outputs is informational,
never advice, and carries the catalog's disclaimer.
")
# Else CPack writes the project's description before each package's synopsis.
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "")

set(CPACK_DEBIAN_CARECOMPARE_RUNTIME_PACKAGE_NAME "${_cc_runtime}")
set(CPACK_DEBIAN_CARECOMPARE_RUNTIME_PACKAGE_SECTION libs)
set(CPACK_DEBIAN_CARECOMPARE_RUNTIME_DESCRIPTION "compare care options side by side - C library
${_cc_about}
This package holds the shared library of the stable C ABI,
libcarecompare.so.${_cc_abi}.")
set(CPACK_DEBIAN_CARECOMPARE_RUNTIME_PACKAGE_SHLIBDEPS ON)
# The shlibs file says which package provides libcarecompare.so.N; programs built against this
# version need at least this version (calls are only ever added, README "Versions").
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS_POLICY ">=")
# The ldconfig trigger, as Debian has it since dpkg 1.16 (lintian: lacks-ldconfig-trigger); the
# postinst and postrm that CPack writes to call ldconfig are taken out after the build
# (cmake/debian/post-build.cmake).
set(_cc_triggers "${_cc_deb_dir}/triggers")
file(WRITE "${_cc_triggers}" "activate-noawait ldconfig\n")
set(CPACK_DEBIAN_CARECOMPARE_RUNTIME_PACKAGE_CONTROL_EXTRA "${_cc_triggers}")
set(CPACK_POST_BUILD_SCRIPTS "${PROJECT_SOURCE_DIR}/cmake/debian/post-build.cmake")

set(CPACK_DEBIAN_CARECOMPARE_DEVELOPMENT_PACKAGE_NAME libcarecompare-dev)
set(CPACK_DEBIAN_CARECOMPARE_DEVELOPMENT_PACKAGE_SECTION libdevel)
# The C++ headers include Boost.Describe and nlohmann/json; header-only mode also needs fmt,
# fast_float and Boost.JSON's library.
set(CPACK_DEBIAN_CARECOMPARE_DEVELOPMENT_PACKAGE_DEPENDS
    "${_cc_runtime} (= ${PROJECT_VERSION}-1), libboost1.81-dev, nlohmann-json3-dev")
set(CPACK_DEBIAN_CARECOMPARE_DEVELOPMENT_PACKAGE_RECOMMENDS "libfmt-dev, libfast-float-dev, libboost-json1.81-dev, pkg-config | pkgconf")
set(CPACK_DEBIAN_CARECOMPARE_DEVELOPMENT_DESCRIPTION "compare care options side by side - development files
${_cc_about}
This package holds the C header carecompare.h (the stable C ABI), the C++20
headers with the static library libcarecompare-cpp.a and the sources of
header-only mode, the CMake package (find_package(carecompare)), the
pkg-config files carecompare and carecompare-c, and the JSON Schema of the
catalog format.")

set(CPACK_DEBIAN_CARECOMPARE_CLI_PACKAGE_NAME carecompare-cli)
set(CPACK_DEBIAN_CARECOMPARE_CLI_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_CARECOMPARE_CLI_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_CARECOMPARE_CLI_DESCRIPTION "compare care options side by side - command line
${_cc_about}
This package holds the carecompare command (table, show, validate, schema,
logic, translation template) with the builtin catalog on metastatic breast
cancer.")

include(CPack)
