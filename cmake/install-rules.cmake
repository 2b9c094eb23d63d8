# SPDX-License-Identifier: MIT
# Install: the public headers, libcarecompare-cpp, the sources of header-only mode (under
# include/carecompare/impl, with the generated builtin catalog), the exported targets, a package
# config that finds the dependencies, a version file (see below), a pkg-config file, and an
# export of the build tree so that find_package works from a build folder too.
include(CMakePackageConfigHelpers)

set(CARECOMPARE_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/carecompare"
    CACHE STRING "Where the CMake package files are installed")
mark_as_advanced(CARECOMPARE_INSTALL_CMAKEDIR)

install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/" DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}"
        COMPONENT carecompare_development)
install(DIRECTORY "${PROJECT_SOURCE_DIR}/src/" DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/carecompare/impl"
        COMPONENT carecompare_development
        FILES_MATCHING PATTERN "*.hpp" PATTERN "*.cpp" PATTERN "cli" EXCLUDE)
install(FILES "${_cc_builtin_inc}" DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/carecompare/impl"
        COMPONENT carecompare_development)
# The JSON Schema of the catalog format, for editors (tests/schema_test.cpp keeps it equal to
# what catalog_schema() makes).
install(FILES "${PROJECT_SOURCE_DIR}/data/schema/catalog.schema.json"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/carecompare" COMPONENT carecompare_development)
set(_cc_installed_libraries carecompare_carecompare)
if(TARGET carecompare_header_only)
  list(APPEND _cc_installed_libraries carecompare_header_only)
endif()
install(TARGETS ${_cc_installed_libraries} EXPORT carecompareTargets
        LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}" COMPONENT carecompare_runtime
                NAMELINK_COMPONENT carecompare_development
        ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}" COMPONENT carecompare_development
        RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}" COMPONENT carecompare_runtime
        INCLUDES DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")

install(EXPORT carecompareTargets NAMESPACE carecompare::
        DESTINATION "${CARECOMPARE_INSTALL_CMAKEDIR}" COMPONENT carecompare_development)
export(EXPORT carecompareTargets NAMESPACE carecompare::
       FILE "${PROJECT_BINARY_DIR}/carecompareTargets.cmake")

configure_package_config_file(
  "${PROJECT_SOURCE_DIR}/cmake/carecompareConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/carecompareConfig.cmake"
  INSTALL_DESTINATION "${CARECOMPARE_INSTALL_CMAKEDIR}")
# Which installed version satisfies find_package(carecompare X.Y): as README "Versions" says, a
# minor release may change the C++ API while the major version is 0, and only a major release may
# from 1.0 on.
if(PROJECT_VERSION_MAJOR EQUAL 0)
  set(_cc_compatibility SameMinorVersion)
else()
  set(_cc_compatibility SameMajorVersion)
endif()
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/carecompareConfigVersion.cmake"
  COMPATIBILITY ${_cc_compatibility})
install(FILES "${PROJECT_BINARY_DIR}/carecompareConfig.cmake"
              "${PROJECT_BINARY_DIR}/carecompareConfigVersion.cmake"
        DESTINATION "${CARECOMPARE_INSTALL_CMAKEDIR}" COMPONENT carecompare_development)

# pkg-config: Boost has no .pc file, so its include folder goes into Cflags when it is not a
# system folder.
get_target_property(_cc_boost_includes Boost::headers INTERFACE_INCLUDE_DIRECTORIES)
set(CARECOMPARE_PC_EXTRA_CFLAGS "")
foreach(_dir IN LISTS _cc_boost_includes)
  if(NOT _dir STREQUAL "/usr/include" AND NOT _dir STREQUAL "/usr/local/include")
    string(APPEND CARECOMPARE_PC_EXTRA_CFLAGS " -I${_dir}")
  endif()
endforeach()
if(BUILD_SHARED_LIBS)
  string(APPEND CARECOMPARE_PC_EXTRA_CFLAGS " -DCARECOMPARE_SHARED")
endif()
# URL: only when the project has a homepage (HOMEPAGE_URL of project()).
set(CARECOMPARE_PC_URL_LINE "")
if(PROJECT_HOMEPAGE_URL)
  set(CARECOMPARE_PC_URL_LINE "URL: ${PROJECT_HOMEPAGE_URL}\n")
endif()
# The .pc file finds the prefix relative to itself, so an installed tree can be moved.
file(RELATIVE_PATH CARECOMPARE_PC_PREFIX_FROM_PCDIR "/prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/prefix")
string(REGEX REPLACE "/$" "" CARECOMPARE_PC_PREFIX_FROM_PCDIR "${CARECOMPARE_PC_PREFIX_FROM_PCDIR}")
if(IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(CARECOMPARE_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
else()
  set(CARECOMPARE_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(CARECOMPARE_PC_LIBDIR "${CMAKE_INSTALL_LIBDIR}")
else()
  set(CARECOMPARE_PC_LIBDIR "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
endif()
configure_file("${PROJECT_SOURCE_DIR}/cmake/carecompare.pc.in"
               "${PROJECT_BINARY_DIR}/carecompare.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/carecompare.pc"
        DESTINATION "${CMAKE_INSTALL_LIBDIR}/pkgconfig" COMPONENT carecompare_development)

# The C ABI (bindings/c): libcarecompare.so with its SONAME links, in the same export set
# (carecompare::c), and carecompare-c.pc for C users (-lcarecompare). include/carecompare.h is
# installed with the headers above.
if(TARGET carecompare_c)
  install(TARGETS carecompare_c EXPORT carecompareTargets
          LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}" COMPONENT carecompare_runtime
                  NAMELINK_COMPONENT carecompare_development
          ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}" COMPONENT carecompare_development
          RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}" COMPONENT carecompare_runtime)
  configure_file("${PROJECT_SOURCE_DIR}/bindings/c/carecompare-c.pc.in"
                 "${PROJECT_BINARY_DIR}/carecompare-c.pc" @ONLY)
  install(FILES "${PROJECT_BINARY_DIR}/carecompare-c.pc"
          DESTINATION "${CMAKE_INSTALL_LIBDIR}/pkgconfig" COMPONENT carecompare_development)
endif()

# Debian packages of these components (the deb presets).
if(CARECOMPARE_DEB AND PROJECT_IS_TOP_LEVEL)
  include("${PROJECT_SOURCE_DIR}/cmake/packaging.cmake")
endif()
