# SPDX-License-Identifier: MIT
# The library's dependencies, all header-only: Boost.Describe (Boost >= 1.81 has it; there is no
# Boost::describe target, it lives in Boost::headers) and nlohmann/json in the public headers;
# fmt (number and text formatting) and fast_float (number parsing) inside the library only.
# nlohmann/json: 3.11 and 3.12 (only its public API is used: no nlohmann::detail).
find_package(Boost 1.81 REQUIRED CONFIG)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(fmt 9 REQUIRED)
find_package(FastFloat 3 REQUIRED CONFIG)
