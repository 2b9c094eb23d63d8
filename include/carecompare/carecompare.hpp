// SPDX-License-Identifier: MIT
/**
 * @file carecompare.hpp
 * Everything of carecompare in one include (and, in header-only mode, the only one to use).
 *
 * ```
 * #include <carecompare/carecompare.hpp>
 * #include <iostream>
 *
 * int main() {
 *   auto cat = carecompare::catalog::builtin();
 *   carecompare::circumstances c;
 *   c.sites = {"bone"};
 *   c.symptoms = {"pain"};
 *   auto result = cat.filter(c);
 *   std::cout << carecompare::render(carecompare::make_table(result),
 *                                    {carecompare::table_format::markdown});
 * }
 * ```
 */
#ifndef CARECOMPARE_CARECOMPARE_HPP
#define CARECOMPARE_CARECOMPARE_HPP

#include "catalog.hpp"
#include "check.hpp"
#include "codec.hpp"
#include "config.hpp"
#include "error.hpp"
#include "fhir.hpp"
#include "filter.hpp"
#include "limits.hpp"
#include "logic.hpp"
#include "model.hpp"
#include "parse.hpp"
#include "readability.hpp"
#include "render.hpp"
#include "schema.hpp"
#include "table.hpp"
#include "translation.hpp"

#if defined(CARECOMPARE_HEADER_ONLY)
// Header-only mode (config.hpp): the definitions, every one inline. carecompare_impl.hpp is
// found through the include path the CMake target carecompare::header_only sets.
#include <carecompare_impl.hpp>
#endif

#endif  // CARECOMPARE_CARECOMPARE_HPP
