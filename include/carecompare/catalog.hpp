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
 * A validated, immutable catalog. Copies share one state; every member is `const`.
 * `filter()` is declared here and defined with `result` in filter.hpp: include that header (or
 * carecompare.hpp) to call it.
 *
 * Every loading function checks the whole document and throws `catalog_error` listing every
 * problem it found, each with its JSON Pointer and error id (a syntax error has its line and
 * column instead); nothing is loaded half. Past the bounds of `load_options::limits` it stops at
 * once. Any function may also throw `std::bad_alloc`.
 *
 * @threadsafety A catalog is immutable: any number of threads may call any member of one
 * catalog, or of copies of it, at once, with no locking. Destroying the last copy while another
 * thread uses the catalog is undefined, as for any object.
 */
class CARECOMPARE_CXX_API catalog {
 public:
  /**
   * The builtin catalog (metastatic breast cancer), embedded at build time: reads no file.
   * @return a handle to one state, parsed on the first call (thread-safe) and shared after.
   */
  [[nodiscard]] static catalog builtin();

  /**
   * Loads a catalog from JSON text.
   * @param text    the document, `"format": "carecompare.catalog/1"`; at most
   *                `options.limits.max_document_bytes` bytes of UTF-8.
   * @param options bounds, strictness, the origin to name in messages, translations.
   * @return the validated catalog.
   * @throws catalog_error with every problem found: malformed JSON (201, line and column), a
   *         text past the limits (202, 203, 217), unknown keys, wrong types, missing keys, bad
   *         enum values, duplicate ids, unknown references, bad dates, versions or locales,
   *         rules that are not valid JsonLogic or that the rule checker rejects (230-233); with
   *         `options.strict` also the warnings (240-245); overlays as with_translation().
   */
  [[nodiscard]] static catalog from_json(std::string_view text, const load_options& options = {});

  /**
   * Loads a catalog from a JSON file; messages start with the file name.
   * @param path    the file (UTF-8 JSON).
   * @param options as from_json(); `origin` defaults to `path`.
   * @return the validated catalog.
   * @throws catalog_error as from_json(), and 218 when the file cannot be read (missing, a
   *         folder, unreadable, larger than `max_document_bytes`).
   */
  [[nodiscard]] static catalog from_file(const std::filesystem::path& path, const load_options& options = {});

  /**
   * Loads a catalog from an already parsed JSON value (e.g. built by an app or from Python).
   * @param value   the document as a JSON value; its nesting is bounded like a text's
   *                (`limits::max_json_depth`: error 203).
   * @param options as from_json().
   * @return the validated catalog.
   * @throws catalog_error as from_json() (no syntax errors: the value is parsed already).
   */
  [[nodiscard]] static catalog from_value(const nlohmann::json& value, const load_options& options = {});

  /**
   * Validates a document built in C++ and makes it a catalog, with the same checks as a file's.
   * @param document the catalog's data, taken over.
   * @param options  as from_json().
   * @return the validated catalog.
   * @throws catalog_error as from_value().
   */
  [[nodiscard]] static catalog from_document(catalog_document document, const load_options& options = {});

  /// @return the catalog as a JSON value; `from_value(to_json_value())` gives an equal catalog.
  [[nodiscard]] nlohmann::json to_json_value() const;
  /**
   * The catalog as JSON text; loading it gives an equal catalog.
   * @param indent spaces per level; negative for compact text.
   * @return the text, UTF-8.
   */
  [[nodiscard]] std::string to_json(int indent = 2) const;

  /// @return the whole document, as loaded (a reference into the shared state).
  [[nodiscard]] const catalog_document& document() const noexcept;
  /// @return what the catalog says about itself (document() without its lists).
  [[nodiscard]] const catalog_info& info() const noexcept;
  /// @return the catalog's id.
  [[nodiscard]] const std::string& id() const noexcept;
  /// @return the catalog's title.
  [[nodiscard]] const std::string& title() const noexcept;
  /// @return the disclaimer every output carries.
  [[nodiscard]] const std::string& disclaimer() const noexcept;
  /// @return the works the catalog cites.
  [[nodiscard]] const std::vector<source>& sources() const noexcept;
  /// @return the ids circumstances use, with their labels.
  [[nodiscard]] const catalog_vocabulary& vocabulary() const noexcept;
  /// @return the default columns of the catalog's tables.
  [[nodiscard]] const std::vector<column>& columns() const noexcept;
  /// @return the labels the catalog gives (none set when it gives none); label_text() falls
  ///         back to the English default for each label left out.
  [[nodiscard]] const catalog_labels& labels() const noexcept;
  /// @return the strategies, in catalog order.
  [[nodiscard]] const std::vector<strategy>& strategies() const noexcept;
  /// @return the rules, in catalog order.
  [[nodiscard]] const std::vector<rule>& rules() const noexcept;
  /// @return the declared facts (empty when the catalog declares none).
  [[nodiscard]] const std::vector<fact>& facts() const noexcept;
  /**
   * A rule as the loader compiled it: with every logic::pass but var_slots (the filter reads
   * prepared data); logic::compile() it again for data you hold as JSON.
   * @param i an index into rules().
   * @return the compiled form of `rules()[i]`.
   * @throws std::out_of_range when `i` is past the last rule.
   */
  [[nodiscard]] const logic::rule& compiled_rule(std::size_t i) const;
  /// @return the warnings found at load time: rules that can never fire (240), strategies no
  ///         rule can show (241), rules absence would fire (242), missing decision-aid keys
  ///         (243), a review date passed (244).
  [[nodiscard]] const std::vector<diagnostic>& warnings() const noexcept;
  /**
   * How hard the catalog's reader-facing texts are to read (readability.hpp); measured when
   * called, never while loading.
   * @param options the grade above which a text is a warning (245).
   * @return the grade of each text and of the whole.
   */
  [[nodiscard]] readability_report readability(const readability_options& options = {}) const;

  /**
   * @param id a strategy id.
   * @return the index of the strategy with this id in strategies(), or nullopt.
   */
  [[nodiscard]] std::optional<std::size_t> strategy_index(std::string_view id) const noexcept;
  /**
   * @param id a strategy id.
   * @return the strategy with this id, or nullptr (the lookup that does not throw).
   */
  [[nodiscard]] const strategy* find_strategy(std::string_view id) const noexcept;
  /**
   * @param id a source id.
   * @return the source with this id, or nullptr.
   */
  [[nodiscard]] const source* find_source(std::string_view id) const noexcept;

  /**
   * The options relevant to these circumstances, ranked, with reasons; the options that depend
   * on facts not answered; every other option with why not (filter.hpp).
   * @param c what the reader stated: ids of the catalog's vocabulary, and declared facts.
   * @return the result; it keeps this catalog alive.
   * @throws circumstances_error for an id outside the vocabulary (301), a value of the wrong
   *         type (302), an unknown key (303), a fact clashing with a reserved name (304), an id
   *         given twice (305), a fact not declared (306), of the wrong type (307) or outside its
   *         values (308); its path points into the circumstances (e.g. "/sites/0").
   * @throws logic_error for a rule that json-logic-js would throw on with the facts given (504).
   */
  [[nodiscard]] result filter(const circumstances& c) const;
  /**
   * The same, keeping `c` in the result (`result::stated()`) without copying it.
   * @param c what the reader stated, taken over (left as it was when this throws).
   * @return the result. @throws circumstances_error, logic_error as filter(const circumstances&).
   */
  [[nodiscard]] result filter(circumstances&& c) const;

  /**
   * The catalog in the texts of `overlay` (translation.hpp): same ids, rules, weights and
   * logic, texts and `locale` from the overlay, the original text wherever it gives none.
   * @param overlay a translation of this catalog (a translated catalog is translated from its
   *                original texts).
   * @return the translated catalog; applied_translation() says what it gave.
   * @throws catalog_error with JSON Pointers into the overlay: another catalog's overlay (251),
   *         an id this catalog does not have (252), a list with another number of items (253).
   */
  [[nodiscard]] catalog with_translation(const translation& overlay) const;
  /// @return what the translation applied to this catalog gave (coverage, warnings), or
  ///         nullptr for a catalog in its own texts.
  [[nodiscard]] const translation_report* applied_translation() const noexcept;

  /// Two catalogs are equal when their documents are equal.
  friend CARECOMPARE_CXX_API bool operator==(const catalog& a, const catalog& b);

  /**
   * @param other another catalog.
   * @return whether both handles share one loaded state (copies of one catalog do).
   */
  [[nodiscard]] bool same_state(const catalog& other) const noexcept { return state_ == other.state_; }

 private:
  friend struct detail::catalog_access;
  explicit catalog(std::shared_ptr<const detail::catalog_state> state) : state_(std::move(state)) {}

  std::shared_ptr<const detail::catalog_state> state_;
};

/// The name the Python and JavaScript faces use: the same type as catalog.
using Catalog = catalog;

CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_CATALOG_HPP
