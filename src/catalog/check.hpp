// SPDX-License-Identifier: MIT
/**
 * @file catalog/check.hpp (private)
 * The load-time rule checker, declared: each rule's `when` typed against the rule data object
 * (catalog/rule_data.hpp), and what can never happen found in Kleene's logic (logic/kleene.hpp).
 * check.cpp defines it; the public check.hpp documents what it finds (error ids 230-242).
 */
#ifndef CARECOMPARE_SRC_CATALOG_CHECK_HPP
#define CARECOMPARE_SRC_CATALOG_CHECK_HPP

#include <carecompare/config.hpp>
#include <carecompare/error.hpp>
#include <carecompare/logic.hpp>
#include <carecompare/model.hpp>
#include <cstddef>
#include <vector>

CARECOMPARE_BEGIN_NAMESPACE
namespace detail {

/**
 * Checks `compiled[i]` for every rule of `doc` with `usable[i]` (compiled, and decoded without
 * problems): errors (230-233) go to `errors`, warnings (240-242) to `warnings`, each rule's in
 * the order of its nodes. `max_depth` (limits::max_rule_depth) bounds the constant parts of
 * rules it compiles again to evaluate them.
 */
void check_rules(const catalog_document& doc, std::size_t max_depth, const std::vector<logic::rule>& compiled,
                 const std::vector<char>& usable, std::vector<diagnostic>& errors, std::vector<diagnostic>& warnings);

}  // namespace detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_CATALOG_CHECK_HPP
