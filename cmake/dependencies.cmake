# SPDX-License-Identifier: MIT
# The library's own dependencies, all header-usable: Boost.Describe (Boost >= 1.81 has it;
# there is no Boost::describe target, it lives in Boost::headers), nlohmann/json and fmt.
find_package(Boost 1.81 REQUIRED CONFIG)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(fmt 9 REQUIRED)
if(CARECOMPARE_FMT_HEADER_ONLY)
  set(CARECOMPARE_FMT_TARGET fmt::fmt-header-only)
else()
  set(CARECOMPARE_FMT_TARGET fmt::fmt)
endif()
