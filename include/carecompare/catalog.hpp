// SPDX-License-Identifier: MIT
/**
 * @file catalog.hpp
 * A validated, immutable catalog of care strategies: load it, inspect it, save it.
 *
 * ```
 * #include <carecompare/carecompare.hpp>
 *
 * auto cat = carecompare::catalog::builtin();              // embedded, reads no file
 * auto mine = carecompare::catalog::from_file("my.json");  // strict: throws catalog_error
 * for (const auto& s : cat.strategies()) std::cout << s.name << ": " << s.purpose << '\n';
 * std::string saved = mine.to_json();                      // load -> save -> load is lossless
 * ```
 *
 * Loading is strict and reports every problem of a document at once (`catalog_error::problems()`,
 * up to `limits::max_problems`; `omitted()` counts the rest), each with the JSON Pointer of its
 * spot. Rules are checked against the types of the rule data
 * object: a `var` naming nothing or an id outside the vocabulary is an error with a
 * "did you mean" suggestion; rules that can never fire and strategies no rule can show are
 * `warnings()`, errors with `load_options::strict`. A `catalog` is a cheap handle to shared,
 * immutable state: copy it freely and use it from any number of threads at once.
 */
#ifndef CARECOMPARE_CATALOG_HPP
#define CARECOMPARE_CATALOG_HPP

#include <cstddef>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config.hpp"
#include "error.hpp"
#include "limits.hpp"
#include "logic.hpp"
#include "model.hpp"
#include "readability.hpp"

CARECOMPARE_BEGIN_NAMESPACE

struct circumstances;
class result;
class translation;
struct translation_report;

/// How a catalog is loaded.
struct load_options {
  /// Bounds on size, nesting, counts and text length.
  carecompare::limits limits{};
  /// Treat warnings (rules that can never fire, strategies no rule can show) as errors.
  bool strict = false;
  /// Where the document came from (a file name), prefixed to error messages; "" for none.
  std::string origin;
  /// Translation overlays to load with the catalog (see translation.hpp); `locale` picks one.
  std::vector<std::filesystem::path> translations;
  /// The BCP 47 tag a reader asks for: the loaded catalog is in the best of `translations` for
  /// it (find_translation()), or in its own locale when none fits. "" picks the only overlay
  /// given, or none when several are.
  std::string locale;
};

namespace detail {
struct catalog_state;
struct catalog_access;
}  // namespace detail

/**
 * A validated, immutable catalog. Copies share one state; every member is `const` and safe to
 * call from many threads at once. `filter()` is declared here and defined with `result` in
 * filter.hpp: include that header (or carecompare.hpp) to call it.
 */
class CARECOMPARE_CXX_API catalog {
 public:
  /// The builtin catalog (metastatic breast cancer), embedded at build time. Parsed once.
  [[nodiscard]] static catalog builtin();

  /// Loads a catalog from JSON text. Throws `catalog_error` with every problem found.
  [[nodiscard]] static catalog from_json(std::string_view text, const load_options& options = {});

  /// Loads a catalog from a JSON file. Errors name the file.
  [[nodiscard]] static catalog from_file(const std::filesystem::path& path, const load_options& options = {});

  /// Loads a catalog from an already parsed JSON value (e.g. built by an app or from Python).
  /// Its nesting is bounded like a text's (limits::max_json_depth: catalog_error 203).
  [[nodiscard]] static catalog from_value(const nlohmann::json& value, const load_options& options = {});

  /// Validates a document built in C++ and makes it a catalog (the same checks as a file's).
  [[nodiscard]] static catalog from_document(catalog_document document, const load_options& options = {});

  /// The catalog as a JSON value; `from_value(to_json_value())` gives an equal catalog.
  [[nodiscard]] nlohmann::json to_json_value() const;
  /// The catalog as JSON text (`indent` < 0: compact).
  [[nodiscard]] std::string to_json(int indent = 2) const;

  /// The whole document, as loaded.
  [[nodiscard]] const catalog_document& document() const noexcept;
  [[nodiscard]] const catalog_info& info() const noexcept;
  [[nodiscard]] const std::string& id() const noexcept;
  [[nodiscard]] const std::string& title() const noexcept;
  [[nodiscard]] const std::string& disclaimer() const noexcept;
  [[nodiscard]] const std::vector<source>& sources() const noexcept;
  [[nodiscard]] const catalog_vocabulary& vocabulary() const noexcept;
  [[nodiscard]] const std::vector<column>& columns() const noexcept;
  /// The labels the catalog gives (none set when it gives none); label_text() falls back to
  /// the English default for each label left out.
  [[nodiscard]] const catalog_labels& labels() const noexcept;
  [[nodiscard]] const std::vector<strategy>& strategies() const noexcept;
  [[nodiscard]] const std::vector<rule>& rules() const noexcept;
  /// The declared facts (empty when the catalog declares none).
  [[nodiscard]] const std::vector<fact>& facts() const noexcept;
  /// The compiled form of `rules()[i]`; throws std::out_of_range past the last rule.
  [[nodiscard]] const logic::rule& compiled_rule(std::size_t i) const;
  /// Warnings found at load time (rules that can never fire, strategies no rule can show).
  [[nodiscard]] const std::vector<diagnostic>& warnings() const noexcept;
  /// How hard the catalog's reader-facing texts are to read (readability.hpp); measured when
  /// called, never while loading.
  [[nodiscard]] readability_report readability(const readability_options& options = {}) const;

  /// Index of the strategy with this id, or nullopt.
  [[nodiscard]] std::optional<std::size_t> strategy_index(std::string_view id) const noexcept;
  /// The strategy with this id, or nullptr (the non-throwing lookup).
  [[nodiscard]] const strategy* find_strategy(std::string_view id) const noexcept;
  /// The source with this id, or nullptr.
  [[nodiscard]] const source* find_source(std::string_view id) const noexcept;

  /// The relevant options for these circumstances, ranked, with reasons (see filter.hpp).
  [[nodiscard]] result filter(const circumstances& c) const;
  /// The same, keeping `c` in the result (`result::stated()`) without copying it.
  [[nodiscard]] result filter(circumstances&& c) const;

  /**
   * The catalog with the texts of `overlay` (translation.hpp): same ids, rules, weights and
   * logic, texts and `locale` from the overlay, the original text wherever it gives none.
   * Throws `catalog_error` (JSON Pointers into the overlay) for an overlay of another catalog,
   * an id this catalog does not have, or a list with another number of items.
   */
  [[nodiscard]] catalog with_translation(const translation& overlay) const;
  /// What the translation applied to this catalog gave (coverage, warnings), or nullptr for a
  /// catalog in its own texts.
  [[nodiscard]] const translation_report* applied_translation() const noexcept;

  /// Two catalogs are equal when their documents are equal.
  friend CARECOMPARE_CXX_API bool operator==(const catalog& a, const catalog& b);

  /// Whether two handles share one loaded state (copies of one catalog do).
  [[nodiscard]] bool same_state(const catalog& other) const noexcept { return state_ == other.state_; }

 private:
  friend struct detail::catalog_access;
  explicit catalog(std::shared_ptr<const detail::catalog_state> state) : state_(std::move(state)) {}

  std::shared_ptr<const detail::catalog_state> state_;
};

/// The name DESIGN.md uses.
using Catalog = catalog;

CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_CATALOG_HPP
