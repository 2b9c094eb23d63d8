// SPDX-License-Identifier: MIT
/**
 * @file catalog/access.hpp (private)
 * How the library reaches the state of a catalog (filter, tables): the one friend of `catalog`.
 */
#ifndef CARECOMPARE_SRC_CATALOG_ACCESS_HPP
#define CARECOMPARE_SRC_CATALOG_ACCESS_HPP

#include <carecompare/catalog.hpp>
#include <memory>
#include <string_view>
#include <vector>

#include "state.hpp"

CARECOMPARE_BEGIN_NAMESPACE
namespace detail {

/// The builtin catalog's JSON text, embedded at build time (builtin.cpp).
std::string_view builtin_catalog_text() noexcept;

struct catalog_access {
  static const catalog_state& state(const catalog& c) noexcept { return *c.state_; }
  /// Validates a decoded document: a catalog, or catalog_error with every problem.
  static catalog finish(std::shared_ptr<catalog_state> state, std::vector<diagnostic> problems,
                        const load_options& options);
  /// Decodes a JSON text (std::string_view) or value (nlohmann::json) with the one decoder,
  /// then validates it: a catalog, or catalog_error with every problem.
  template <class Input>
  static catalog load(const Input& input, const load_options& options);
  /// `loaded` in the translation `options` asks for (load_options::translations, locale).
  static catalog translate_on_load(const catalog& loaded, const load_options& options);
  /// The document a translated catalog was made from.
  static const catalog_document& original(const catalog& c) noexcept {
    return c.state_->original ? c.state_->original->document : c.state_->document;
  }
};

}  // namespace detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_CATALOG_ACCESS_HPP
