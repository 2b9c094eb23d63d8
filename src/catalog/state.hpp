// SPDX-License-Identifier: MIT
/**
 * @file catalog/state.hpp (private)
 * What a loaded catalog is at run time (catalog_state): its document and what is derived from it
 * once, when it loads. A `catalog` (catalog.hpp) shares one immutable state between its copies
 * and threads; only catalog_access (access.hpp) reaches into it.
 *
 * Invariants, once loaded: nothing here changes but the result document's texts, built once on
 * first use under `result_texts_once`; `compiled` and the per-rule tables of `index` have one
 * entry per document.rules entry; `index` views the strings of `document`.
 */
#ifndef CARECOMPARE_SRC_CATALOG_STATE_HPP
#define CARECOMPARE_SRC_CATALOG_STATE_HPP

#include <carecompare/config.hpp>
#include <carecompare/error.hpp>
#include <carecompare/logic.hpp>
#include <carecompare/model.hpp>
#include <carecompare/translation.hpp>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "indexes.hpp"

CARECOMPARE_BEGIN_NAMESPACE
namespace detail {

struct result_json_texts;  // result_json.cpp: opaque to everyone else

/// Everything a loaded catalog holds: the document plus what is derived from it once.
struct catalog_state {
  catalog_document document;
  std::vector<logic::rule> compiled;  ///< one per document.rules entry
  catalog_indexes index;
  /// Rules that can never fire, strategies no rule can show, what a decision aid leaves out
  /// (catalog/check.cpp, catalog/validate.cpp).
  std::vector<diagnostic> warnings;
  /// For a translated catalog (catalog::with_translation()): what the overlay gave, and the
  /// catalog in its own texts that it was made from.
  std::optional<translation_report> translation;
  std::shared_ptr<const catalog_state> original;
  /// The texts of filter results' JSON that depend on this catalog alone, escaped on first use
  /// by result_json.cpp (std::call_once makes that safe across threads).
  mutable std::once_flag result_texts_once;
  mutable std::shared_ptr<const result_json_texts> result_texts;
};

}  // namespace detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_CATALOG_STATE_HPP
