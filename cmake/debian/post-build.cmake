# SPDX-License-Identifier: MIT
# CPACK_POST_BUILD_SCRIPTS of the Debian packages (cmake/packaging.cmake): CPack writes a postinst
# and a postrm that call ldconfig into a package holding a shared library under /usr/lib; Debian
# has the ldconfig trigger for that (the runtime package's `triggers` control file), and lintian
# warns of the scripts. They are taken out of the runtime package, which is built again with
# dpkg-deb from the same files.
foreach(deb IN LISTS CPACK_PACKAGE_FILES)
  get_filename_component(name "${deb}" NAME)
  if(NOT name MATCHES "^libcarecompare[0-9]+_.*\\.deb$")
    continue()
  endif()
  set(tree "${deb}.tree")
  file(REMOVE_RECURSE "${tree}")
  execute_process(COMMAND dpkg-deb --raw-extract "${deb}" "${tree}" COMMAND_ERROR_IS_FATAL ANY)
  if(NOT EXISTS "${tree}/DEBIAN/triggers")
    message(FATAL_ERROR "${name} has no ldconfig trigger")
  endif()
  foreach(script postinst postrm)
    if(EXISTS "${tree}/DEBIAN/${script}")
      file(READ "${tree}/DEBIAN/${script}" text)
      # Only CPack's own script, which does nothing else, is dropped.
      string(REGEX REPLACE "#![^\n]*\n|set -e\n|ldconfig\n|if \\[ \"\\$1\" = \"(configure|remove)\" \\]; then\n|fi\n|[ \t\n]" "" rest "${text}")
      if(NOT rest STREQUAL "")
        message(FATAL_ERROR "${name}: ${script} does more than call ldconfig:\n${text}")
      endif()
      file(REMOVE "${tree}/DEBIAN/${script}")
    endif()
  endforeach()
  execute_process(COMMAND dpkg-deb --root-owner-group -Zgzip --build "${tree}" "${deb}" OUTPUT_QUIET
                  COMMAND_ERROR_IS_FATAL ANY)
  file(REMOVE_RECURSE "${tree}")
endforeach()
