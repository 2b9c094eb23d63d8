# SPDX-License-Identifier: MIT
# The library, as {fmt} offers it:
#   carecompare::carecompare   libcarecompare-cpp, static by default (shared with
#                              BUILD_SHARED_LIBS): the engine, the checker, the decoder, the
#                              renderers and the builtin catalog, compiled once. Symbols are
#                              hidden but for the API (CARECOMPARE_CXX_API).
#   carecompare::header_only   the same sources included into the user's translation unit
#                              (CARECOMPARE_HEADER_ONLY): slower to compile; links only
#                              Boost.JSON's library (Boost::json), and exists where it is found.
# The public headers (include/) declare the API and include none of the engine (src/).
set(CARECOMPARE_LIBRARY_SOURCES
  src/catalog/builtin.cpp
  src/catalog/catalog.cpp
  src/catalog/check.cpp
  src/catalog/check_report.cpp
  src/catalog/indexes.cpp
  src/catalog/translation.cpp
  src/catalog/validate.cpp
  src/circumstances.cpp
  src/codec.cpp
  src/error.cpp
  src/fhir/plan_definition.cpp
  src/fhir/read.cpp
  src/filter.cpp
  src/logic/logic.cpp
  src/model.cpp
  src/parse.cpp
  src/readability.cpp
  src/render.cpp
  src/render_request.cpp
  src/result_json.cpp
  src/schema.cpp
  src/table.cpp)
list(TRANSFORM CARECOMPARE_LIBRARY_SOURCES PREPEND "${PROJECT_SOURCE_DIR}/")

add_library(carecompare_carecompare ${CARECOMPARE_LIBRARY_SOURCES})
add_library(carecompare::carecompare ALIAS carecompare_carecompare)
set_target_properties(carecompare_carecompare PROPERTIES
  EXPORT_NAME carecompare
  OUTPUT_NAME carecompare-cpp
  VERSION "${PROJECT_VERSION}"
  SOVERSION "${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR}"
  CXX_VISIBILITY_PRESET hidden
  VISIBILITY_INLINES_HIDDEN ON
  # The C ABI library and the Python module link it into shared objects.
  POSITION_INDEPENDENT_CODE ON)
target_compile_features(carecompare_carecompare PUBLIC cxx_std_20)
target_include_directories(carecompare_carecompare
  PUBLIC "$<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>" "$<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>"
  PRIVATE "${PROJECT_SOURCE_DIR}/src" "${CARECOMPARE_GENERATED_DIR}")
# Public: the headers include nlohmann/json and Boost.Describe. Private and header-only (nothing
# to link, nothing for users to find): fmt and fast_float.
# Their usage requirements are copied rather than linked, so that the exported target names
# neither them nor the project's warning options.
target_link_libraries(carecompare_carecompare PUBLIC Boost::headers nlohmann_json::nlohmann_json)
foreach(_private fmt::fmt-header-only FastFloat::fast_float carecompare_project_options)
  target_include_directories(carecompare_carecompare SYSTEM PRIVATE
    "$<TARGET_PROPERTY:${_private},INTERFACE_INCLUDE_DIRECTORIES>")
  target_compile_definitions(carecompare_carecompare PRIVATE
    "$<TARGET_PROPERTY:${_private},INTERFACE_COMPILE_DEFINITIONS>")
  target_compile_options(carecompare_carecompare PRIVATE "$<TARGET_PROPERTY:${_private},INTERFACE_COMPILE_OPTIONS>")
  target_link_options(carecompare_carecompare PRIVATE "$<TARGET_PROPERTY:${_private},INTERFACE_LINK_OPTIONS>")
endforeach()
if(BUILD_SHARED_LIBS)
  target_compile_definitions(carecompare_carecompare PUBLIC CARECOMPARE_SHARED PRIVATE CARECOMPARE_BUILDING_CPP)
endif()

# The library's private side, for the project's own code that reaches into it (tests, fuzzers,
# the bindings and the CLI use a few private helpers of src/): the sources' folder and the
# private, header-only dependencies. Not exported, not installed.
add_library(carecompare_private INTERFACE)
target_include_directories(carecompare_private INTERFACE "${PROJECT_SOURCE_DIR}/src")
target_link_libraries(carecompare_private INTERFACE fmt::fmt-header-only FastFloat::fast_float)

if(TARGET Boost::json)
  add_library(carecompare_header_only INTERFACE)
  add_library(carecompare::header_only ALIAS carecompare_header_only)
  set_property(TARGET carecompare_header_only PROPERTY EXPORT_NAME header_only)
  target_compile_features(carecompare_header_only INTERFACE cxx_std_20)
  target_compile_definitions(carecompare_header_only INTERFACE CARECOMPARE_HEADER_ONLY=1)
  target_include_directories(carecompare_header_only INTERFACE
    "$<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include;${PROJECT_SOURCE_DIR}/src;${CARECOMPARE_GENERATED_DIR}>"
    "$<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR};${CMAKE_INSTALL_INCLUDEDIR}/carecompare/impl>")
  # Boost::json: the functions of Boost.JSON's parser that are not inline (dependencies.cmake).
  target_link_libraries(carecompare_header_only INTERFACE
    Boost::headers Boost::json nlohmann_json::nlohmann_json fmt::fmt-header-only FastFloat::fast_float)
endif()

# Link-time optimisation (GCC, optimised builds): the library's objects carry GCC's intermediate
# form beside their machine code (-ffat-lto-objects), so that a program linked with -flto (CMake:
# INTERPROCEDURAL_OPTIMIZATION) gets the library's entry points inlined into its own loops, as
# if it were header-only. Opt-in: GCC's linker plugin optimises fat objects at link time even
# for a program linked without -flto, so a library built with it costs every program that links
# it the library's whole code generation again (the quickstart's link: 16 s instead of 0.1 s).
# The benchmarks link with it when it is on. Clang's LTO objects hold bitcode only, which a
# program linked without LTO cannot use: with clang the library is compiled as usual.
if(CARECOMPARE_LTO)
  target_compile_options(carecompare_carecompare PRIVATE
    "$<$<AND:$<CXX_COMPILER_ID:GNU>,$<CONFIG:Release,RelWithDebInfo,MinSizeRel>>:-flto=auto;-ffat-lto-objects>")
endif()
