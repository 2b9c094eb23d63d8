// SPDX-License-Identifier: MIT
/**
 * @file catalog/validate.hpp (private)
 * The catalog validator, declared: what the generic decoder (codec.hpp) cannot check of a
 * decoded document. validate.cpp defines it.
 */
#ifndef CARECOMPARE_SRC_CATALOG_VALIDATE_HPP
#define CARECOMPARE_SRC_CATALOG_VALIDATE_HPP

#include <carecompare/config.hpp>
#include <carecompare/error.hpp>
#include <carecompare/limits.hpp>
#include <carecompare/model.hpp>
#include <string>
#include <vector>

CARECOMPARE_BEGIN_NAMESPACE
namespace detail {

struct catalog_state;

/**
 * Checks `state.document` (decoded; `problems` holds what the decoder found, and checks of those
 * spots are not repeated): formats, ids, references, columns; compiles the rules into
 * `state.compiled`, builds `state.index`, checks the rules (check.hpp); appends each error to
 * `problems`, in document order within each check, and each warning to `state.warnings`.
 */
void validate(catalog_state& state, std::vector<diagnostic>& problems, const limits& bounds);

/// Error 221 for each label of `labels` whose placeholders are not those of its English
/// default; `at` is the JSON Pointer of the labels object.
void check_labels(const catalog_labels& labels, const std::string& at, std::vector<diagnostic>& out);

}  // namespace detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_CATALOG_VALIDATE_HPP
