// SPDX-License-Identifier: MIT
/**
 * @file util/hot_path.hpp (private)
 * CARECOMPARE_HOT_PATH marks a function of catalog::filter()'s path: the filter itself, what
 * it checks and fills, the prepared data it builds, and the entries of the rule evaluation
 * (CARECOMPARE_LOGIC_ENTRY, logic/value.hpp). GCC and Clang place such functions together, in
 * the .text.hot section, so that where they sit relative to each other depends on them alone,
 * not on how much other code the library has between them: a change to code the filter never
 * runs (compiling a rule, say) does not move them against each other.
 */
#ifndef CARECOMPARE_SRC_UTIL_HOT_PATH_HPP
#define CARECOMPARE_SRC_UTIL_HOT_PATH_HPP

#if defined(__GNUC__) || defined(__clang__)
#define CARECOMPARE_HOT_PATH __attribute__((hot))
#else
#define CARECOMPARE_HOT_PATH
#endif

#endif  // CARECOMPARE_SRC_UTIL_HOT_PATH_HPP
