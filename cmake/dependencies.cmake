# SPDX-License-Identifier: MIT
# The library's dependencies, all header-only: Boost.Describe (Boost >= 1.81 has it; there is no
# Boost::describe target, it lives in Boost::headers) and nlohmann/json in the public headers;
# fmt (number and text formatting), fast_float (number parsing) and Boost.JSON's parser (every
# JSON text, src/parse.cpp) inside the library only.
# nlohmann/json: 3.11 and 3.12 (only its public API is used: no nlohmann::detail).
# Boost.JSON's parser needs a few functions that are not inline: the compiled library compiles
# them in (src/parse.cpp); header-only mode, which cannot define them in every file that includes
# the library, links Boost.JSON's library (Boost::json; Debian: libboost-json1.81-dev), and is
# offered only where it is found.
find_package(Boost 1.81 REQUIRED CONFIG OPTIONAL_COMPONENTS json)
if(NOT TARGET Boost::json)
  message(STATUS "carecompare: Boost.JSON's library (Boost::json) not found: no carecompare::header_only "
                 "(Debian: apt-get install libboost-json1.81-dev)")
endif()
find_package(nlohmann_json 3.11 REQUIRED)
find_package(fmt 9 REQUIRED)
find_package(FastFloat 3 REQUIRED CONFIG)
