// SPDX-License-Identifier: MIT
/**
 * @file carecompare_impl.hpp (private)
 * The whole library for header-only mode: <carecompare/carecompare.hpp> includes this file when
 * CARECOMPARE_HEADER_ONLY is defined, and every definition below is then inline
 * (CARECOMPARE_FUNC). In the compiled mode each of these files is a translation unit of
 * libcarecompare-cpp instead.
 */
#ifndef CARECOMPARE_SRC_IMPL_HPP
#define CARECOMPARE_SRC_IMPL_HPP

#include "catalog/builtin.cpp"
#include "catalog/catalog.cpp"
#include "catalog/check.cpp"
#include "catalog/check_report.cpp"
#include "catalog/indexes.cpp"
#include "catalog/translation.cpp"
#include "catalog/validate.cpp"
#include "circumstances.cpp"
#include "codec.cpp"
#include "error.cpp"
#include "fhir/plan_definition.cpp"
#include "fhir/read.cpp"
#include "filter.cpp"
#include "logic/logic.cpp"
#include "model.cpp"
#include "parse.cpp"
#include "readability.cpp"
#include "render.cpp"
#include "render_request.cpp"
#include "result_json.cpp"
#include "schema.cpp"
#include "table.cpp"

#endif  // CARECOMPARE_SRC_IMPL_HPP
