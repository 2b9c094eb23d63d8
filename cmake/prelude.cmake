# SPDX-License-Identifier: MIT
# Refuse in-source builds: they litter the tree and cannot be cleaned with one rm.
if(CMAKE_SOURCE_DIR STREQUAL CMAKE_BINARY_DIR)
  message(FATAL_ERROR
    "In-source builds are not supported. Use a build folder, e.g.\n"
    "  cmake --preset dev    or    cmake -S . -B build\n"
    "and remove the CMakeCache.txt and CMakeFiles/ this attempt created.")
endif()
