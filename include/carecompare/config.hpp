// SPDX-License-Identifier: MIT
/// @file config.hpp
/// Version numbers, the versioned namespace and the build-mode macros of carecompare.
/// Plain preprocessor macros only: carecompare.h (C) includes this header too. They give the
/// version a program was compiled against; the library it runs with answers
/// carecompare_version_string() (C). What a change of each number means: README, "Versions".
#ifndef CARECOMPARE_CONFIG_HPP
#define CARECOMPARE_CONFIG_HPP

// The version is defined here and nowhere else. CMakeLists.txt (the CMake project version, the
// package version file, pkg-config, the Debian packages, the documentation) and setup.py (the
// Python wheel) read these three lines; bindings/js/package.json carries a copy that
// scripts/set-version.sh writes and tests/release/test_versions.py compares. Change the version
// with scripts/set-version.sh, never by hand. What a change of each number means: README,
// "Versions".
/// The major version: it moves with an incompatible change of the C++ API (from 1.0) or of the C ABI.
#define CARECOMPARE_VERSION_MAJOR 0
/// The minor version: it moves with additions (and, before 1.0, incompatible C++ API changes).
#define CARECOMPARE_VERSION_MINOR 2
/// The patch version: it moves with fixes only.
#define CARECOMPARE_VERSION_PATCH 0

#define CARECOMPARE_STRINGIFY_IMPL(x) #x
#define CARECOMPARE_STRINGIFY(x) CARECOMPARE_STRINGIFY_IMPL(x)
/// The version as a string literal, e.g. "0.2.0".
#define CARECOMPARE_VERSION_STRING                 \
  CARECOMPARE_STRINGIFY(CARECOMPARE_VERSION_MAJOR) \
  "." CARECOMPARE_STRINGIFY(CARECOMPARE_VERSION_MINOR) "." CARECOMPARE_STRINGIFY(CARECOMPARE_VERSION_PATCH)
/// The version as one number: major * 10000 + minor * 100 + patch.
#define CARECOMPARE_VERSION_NUMBER \
  (CARECOMPARE_VERSION_MAJOR * 10000 + CARECOMPARE_VERSION_MINOR * 100 + CARECOMPARE_VERSION_PATCH)

/// Opens `namespace carecompare { inline namespace v1 {`: everything public lives in
/// carecompare::v1, and the inline namespace keeps two incompatible versions linked into one
/// program from mixing their types. Users write `carecompare::catalog`.
#define CARECOMPARE_BEGIN_NAMESPACE \
  namespace carecompare {           \
  inline namespace v1 {
/// Closes what CARECOMPARE_BEGIN_NAMESPACE opens.
#define CARECOMPARE_END_NAMESPACE \
  }                               \
  }

/*
 * Build modes of the C++ library, as {fmt} has them:
 * - compiled (the default): the public headers declare the API; libcarecompare-cpp holds the
 *   definitions. Link the CMake target carecompare::carecompare.
 * - header-only (opt-in): define CARECOMPARE_HEADER_ONLY (the CMake target
 *   carecompare::header_only does) and include <carecompare/carecompare.hpp>, which then pulls in
 *   the definitions, every one `inline` (CARECOMPARE_FUNC). The one library to link is
 *   Boost.JSON's (Boost::json; the CMake target links it), whose parser has a few functions that
 *   are not inline; or define CARECOMPARE_DEFINE_BOOST_JSON in the one file that includes the
 *   library, which then defines them (src/parse.cpp).
 *
 * CARECOMPARE_CXX_API marks the classes and functions of the C++ API a shared
 * libcarecompare-cpp exports (CARECOMPARE_SHARED, set by CMake with BUILD_SHARED_LIBS); the rest
 * is hidden. In a static or header-only build it is empty.
 */
/**
 * @def CARECOMPARE_FUNC
 * `inline` in header-only mode (CARECOMPARE_HEADER_ONLY), empty otherwise: it marks the
 * library's definitions.
 * @def CARECOMPARE_CXX_API
 * Marks the classes and functions a shared libcarecompare-cpp exports (CARECOMPARE_SHARED);
 * empty in a static or header-only build.
 */
#if defined(CARECOMPARE_HEADER_ONLY)
#define CARECOMPARE_FUNC inline
#else
#define CARECOMPARE_FUNC
#endif

#if defined(CARECOMPARE_SHARED) && !defined(CARECOMPARE_HEADER_ONLY)
#if defined(_WIN32) || defined(__CYGWIN__)
#if defined(CARECOMPARE_BUILDING_CPP)
#define CARECOMPARE_CXX_API __declspec(dllexport)
#else
#define CARECOMPARE_CXX_API __declspec(dllimport)
#endif
#elif defined(__GNUC__) && __GNUC__ >= 4
#define CARECOMPARE_CXX_API __attribute__((visibility("default")))
#else
#define CARECOMPARE_CXX_API
#endif
#else
#define CARECOMPARE_CXX_API
#endif

#endif  // CARECOMPARE_CONFIG_HPP
