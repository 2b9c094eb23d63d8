// SPDX-License-Identifier: MIT
/// @file config.hpp
/// Version numbers and the versioned namespace of carecompare.
#ifndef CARECOMPARE_CONFIG_HPP
#define CARECOMPARE_CONFIG_HPP

// The version lives here and nowhere else; CMakeLists.txt parses these three lines.
#define CARECOMPARE_VERSION_MAJOR 0
#define CARECOMPARE_VERSION_MINOR 1
#define CARECOMPARE_VERSION_PATCH 0

#define CARECOMPARE_STRINGIFY_IMPL(x) #x
#define CARECOMPARE_STRINGIFY(x) CARECOMPARE_STRINGIFY_IMPL(x)
/// The version as a string literal, e.g. "0.1.0".
#define CARECOMPARE_VERSION_STRING                  \
  CARECOMPARE_STRINGIFY(CARECOMPARE_VERSION_MAJOR)  \
  "." CARECOMPARE_STRINGIFY(CARECOMPARE_VERSION_MINOR) "." CARECOMPARE_STRINGIFY( \
      CARECOMPARE_VERSION_PATCH)
/// The version as one number: major * 10000 + minor * 100 + patch.
#define CARECOMPARE_VERSION_NUMBER                                     \
  (CARECOMPARE_VERSION_MAJOR * 10000 + CARECOMPARE_VERSION_MINOR * 100 + \
   CARECOMPARE_VERSION_PATCH)

// Everything public lives in carecompare::v1; the inline namespace keeps two
// incompatible versions linked into one program from mixing their types.
#define CARECOMPARE_BEGIN_NAMESPACE \
  namespace carecompare {           \
  inline namespace v1 {
#define CARECOMPARE_END_NAMESPACE \
  }                               \
  }

#endif  // CARECOMPARE_CONFIG_HPP
