// SPDX-License-Identifier: MIT
/**
 * @file translation.hpp
 * Translation overlays (`"format": "carecompare.translation/1"`): the texts of a catalog in
 * another locale, applied to the catalog without touching its ids, rules, weights or logic.
 *
 * ```
 * auto cat = carecompare::catalog::builtin();
 * auto es = carecompare::translation::from_file("es.json");   // strict: throws catalog_error
 * auto cat_es = cat.with_translation(es);                     // same ids and rules, texts in "es"
 * std::cout << cat_es.applied_translation()->summary() << '\n';
 * // es: 99% of 114 texts; missing: /sources/mbc-article/title; not reviewed
 * ```
 *
 * An overlay gives texts keyed by what they translate: strategies, rules, vocabulary entries,
 * facts and sources by id, columns by field, and the catalog's title, condition and disclaimer.
 * Every key is optional: a text the overlay leaves out, or gives unchanged (equal to the
 * original, as a template or an untranslated gettext entry has it), is *missing*: the original
 * is kept and a warning says where. Applying is strict: an id the catalog does not have, a list
 * with another number of items than the original, or another catalog's overlay is an error with
 * the JSON Pointer of its spot in the overlay.
 *
 * Adding a translatable text is a member of the matching `*_texts` struct (`catalog_texts` for a
 * top-level text) and one `text()` call in src/catalog/translation.cpp; decoding, encoding, the
 * template and the coverage follow from those.
 *
 * @threadsafety A translation is immutable once loaded, and the structs are plain values: any
 * number of threads may read them at once. The functions are safe from any number of threads.
 */
#ifndef CARECOMPARE_TRANSLATION_HPP
#define CARECOMPARE_TRANSLATION_HPP

#include <boost/describe.hpp>
#include <cstddef>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog.hpp"
#include "config.hpp"
#include "error.hpp"
#include "limits.hpp"
#include "model.hpp"

CARECOMPARE_BEGIN_NAMESPACE

/// The format string every translation overlay carries.
inline constexpr std::string_view translation_format = "carecompare.translation/1";

/// The translated texts of one strategy. Lists, when given, have the original's item count.
struct strategy_texts {
  std::optional<std::string> name;                         ///< strategy::name
  std::optional<std::string> purpose;                      ///< strategy::purpose
  std::optional<std::vector<std::string>> use_cases;       ///< strategy::use_cases, item for item
  std::optional<std::vector<std::string>> benefits;        ///< strategy::benefits, item for item
  std::optional<std::vector<std::string>> considerations;  ///< strategy::considerations, item for item
  std::optional<std::vector<std::string>> care_team;       ///< strategy::care_team, item for item
  /// Equal when every member is.
  friend bool operator==(const strategy_texts&, const strategy_texts&) = default;
};
BOOST_DESCRIBE_STRUCT(strategy_texts, (), (name, purpose, use_cases, benefits, considerations, care_team))

/// The translated texts of one rule.
struct rule_texts {
  std::optional<std::string> description;  ///< rule::description
  std::optional<std::string> reason;       ///< rule::reason
  /// The texts of rule::reasons, in their order (since 0.3.0).
  std::optional<std::vector<std::string>> reasons;
  /// Equal when every member is.
  friend bool operator==(const rule_texts&, const rule_texts&) = default;
};
BOOST_DESCRIBE_STRUCT(rule_texts, (), (description, reason, reasons))

/// The translated label of a vocabulary entry or a column.
struct label_texts {
  std::optional<std::string> label;  ///< the label
  /// Equal when every member is.
  friend bool operator==(const label_texts&, const label_texts&) = default;
};
BOOST_DESCRIBE_STRUCT(label_texts, (), (label))

/// The translated texts of a declared fact.
struct fact_texts {
  std::optional<std::string> label;        ///< fact::label
  std::optional<std::string> description;  ///< fact::description
  /// Equal when every member is.
  friend bool operator==(const fact_texts&, const fact_texts&) = default;
};
BOOST_DESCRIBE_STRUCT(fact_texts, (), (label, description))

/// The translated title of a source.
struct source_texts {
  std::optional<std::string> title;  ///< source::title
  /// Equal when every member is.
  friend bool operator==(const source_texts&, const source_texts&) = default;
};
BOOST_DESCRIBE_STRUCT(source_texts, (), (title))

/// Texts keyed by id (or, for columns, by field).
template <class Texts>
using texts_by_id = std::map<std::string, Texts, std::less<>>;

/// The translated vocabulary labels, by id.
struct vocabulary_texts {
  texts_by_id<label_texts> sites;     ///< the sites' labels
  texts_by_id<label_texts> symptoms;  ///< the symptoms' labels
  texts_by_id<label_texts> goals;     ///< the goals' labels
  /// Equal when every member is.
  friend bool operator==(const vocabulary_texts&, const vocabulary_texts&) = default;
};

/// The translated top-level texts of a catalog: its title, condition and disclaimer, and what
/// it says about itself as a decision aid (only those the catalog has).
struct catalog_texts {
  std::optional<std::string> title;                  ///< catalog_info::title
  std::optional<std::string> condition;              ///< catalog_info::condition
  std::optional<std::string> disclaimer;             ///< catalog_info::disclaimer
  std::optional<std::string> funding;                ///< catalog_info::funding
  std::optional<std::string> conflicts_of_interest;  ///< catalog_info::conflicts_of_interest
  std::optional<std::string> update_policy;          ///< catalog_info::update_policy
  /// The roles of the catalog's authors, in their order (names are not translated).
  std::optional<std::vector<std::string>> author_roles;
  /// Equal when every member is.
  friend bool operator==(const catalog_texts&, const catalog_texts&) = default;
};
BOOST_DESCRIBE_STRUCT(catalog_texts, (),
                      (title, condition, disclaimer, funding, conflicts_of_interest, update_policy, author_roles))

/// A translation overlay, as its JSON has it (keys in JSON are the member names): the
/// top-level texts (catalog_texts), what it is, and the texts keyed by id.
struct translation_document : catalog_texts {
  std::string format;                      ///< always "carecompare.translation/1"
  std::string catalog;                     ///< the id of the catalog it translates
  semantic_version catalog_version;        ///< the catalog version it was made from
  std::string locale;                      ///< BCP 47 language tag of its texts
  std::optional<bool> reviewed;            ///< whether a qualified person reviewed it; false when absent
  texts_by_id<source_texts> sources;       ///< by source id
  vocabulary_texts vocabulary;             ///< by vocabulary id
  texts_by_id<fact_texts> facts;           ///< by fact id
  texts_by_id<label_texts> columns;        ///< by column field
  texts_by_id<strategy_texts> strategies;  ///< by strategy id
  texts_by_id<rule_texts> rules;           ///< by rule id
  /// The fixed words renderers write (catalog_labels), in the overlay's language.
  std::optional<catalog_labels> labels;
  /// Equal when every member is.
  friend bool operator==(const translation_document&, const translation_document&) = default;
};

/**
 * A decoded translation overlay. Decoding checks the overlay alone (format, keys, types, empty
 * texts, the locale); `catalog::with_translation()` checks it against a catalog.
 */
class CARECOMPARE_CXX_API translation {
 public:
  /**
   * Loads an overlay from JSON text.
   * @param text    the overlay, `"format": "carecompare.translation/1"`.
   * @param options bounds and the origin to name in messages (`strict`, `translations` and
   *                `locale` do not apply).
   * @return the overlay, checked alone (with_translation() checks it against a catalog).
   * @throws catalog_error with every problem found: malformed JSON (201), another format (250),
   *         unknown keys, wrong types, empty texts, a bad locale or version.
   */
  [[nodiscard]] static translation from_json(std::string_view text, const load_options& options = {});
  /**
   * Loads an overlay from a JSON file; messages start with the file name.
   * @param path    the file.
   * @param options as from_json().
   * @return the overlay.
   * @throws catalog_error as from_json(), and 218 when the file cannot be read.
   */
  [[nodiscard]] static translation from_file(const std::filesystem::path& path, const load_options& options = {});
  /**
   * Loads an overlay from a parsed JSON value.
   * @param value   the overlay as a JSON value.
   * @param options as from_json().
   * @return the overlay.
   * @throws catalog_error as from_json() (no syntax errors).
   */
  [[nodiscard]] static translation from_value(const nlohmann::json& value, const load_options& options = {});

  /// @return the overlay's data, as decoded.
  [[nodiscard]] const translation_document& document() const noexcept { return document_; }
  /// @return the locale of its texts (BCP 47).
  [[nodiscard]] const std::string& locale() const noexcept { return document_.locale; }
  /// @return where it was loaded from (a file name), or "".
  [[nodiscard]] const std::string& origin() const noexcept { return origin_; }
  /// @return the overlay as JSON (keys sorted); `from_value(to_json_value())` gives an equal overlay.
  [[nodiscard]] nlohmann::json to_json_value() const;

 private:
  translation(translation_document document, std::string origin)
      : document_(std::move(document)), origin_(std::move(origin)) {}
  translation_document document_;
  std::string origin_;
};

/// What applying a translation gave: kept by the translated catalog (catalog::applied_translation()).
struct CARECOMPARE_CXX_API translation_report {
  std::string locale;                ///< the overlay's locale
  std::string catalog_locale;        ///< the locale of the catalog it was applied to
  semantic_version catalog_version;  ///< the catalog version the overlay was made from
  bool reviewed = false;             ///< the overlay's `reviewed`
  std::size_t texts = 0;             ///< translatable texts of the catalog
  std::size_t translated = 0;        ///< of those, the ones the overlay translates
  std::vector<std::string> missing;  ///< JSON Pointers (into the overlay) of the texts it does not
  /// Warnings: each missing text (kept in the original), an overlay made from an older version.
  std::vector<diagnostic> warnings;

  /// @return the percentage of texts translated, rounded down (100 only when none is missing).
  [[nodiscard]] int percent() const noexcept;
  /**
   * The report in one line, e.g. `es: 94% of 132 texts; missing: /strategies/clinical-trials/benefits/1`.
   * @param max_missing how many missing texts to list; the rest are counted ("and N more").
   * @return the line; "; not reviewed" ends it for an overlay not reviewed.
   */
  [[nodiscard]] std::string summary(std::size_t max_missing) const;
  /// @return summary() listing at most 10 missing texts (an overload, not a default argument,
  /// so that Boost.Describe can name the member below).
  [[nodiscard]] std::string summary() const { return summary(10); }
  /// Equal when every member is.
  friend bool operator==(const translation_report&, const translation_report&) = default;
};
/// Described with its computed members (percent, summary): their values are part of the
/// report's JSON form (codec.hpp's encode()), in this order.
BOOST_DESCRIBE_STRUCT(translation_report, (),
                      (locale, catalog_locale, catalog_version, reviewed, texts, translated, percent, missing, warnings,
                       (std::string() const)summary))

/**
 * The overlay a reader asking for `tag` gets, by BCP 47 lookup (RFC 4647 section 3.4): the
 * overlay whose locale equals `tag` (case-insensitive), else the one for `tag` with its last
 * subtag removed, and so on (`es-MX` -> `es`).
 * @param loaded         the overlays to choose from.
 * @param tag            the BCP 47 tag a reader asks for.
 * @param catalog_locale the catalog's own locale.
 * @return an element of `loaded`; nullptr when none fits or when `tag` is `catalog_locale`
 *         itself: the catalog's own texts.
 */
[[nodiscard]] CARECOMPARE_CXX_API const translation* find_translation(const std::vector<translation>& loaded,
                                                                      std::string_view tag,
                                                                      std::string_view catalog_locale = {});

/**
 * An overlay for translators to fill in: every translatable text of `cat` (of the catalog it
 * was translated from, for a translated one), the original as a placeholder, and no `reviewed`
 * (absent is false; its texts are all strings, as gettext tools such as json2po want them).
 * A text left as the original counts as missing (translation_report::missing).
 * @param cat    the catalog to translate.
 * @param locale the BCP 47 tag the translator writes in (the overlay's `locale`).
 * @return the overlay's JSON.
 */
[[nodiscard]] CARECOMPARE_CXX_API nlohmann::json translation_template(const catalog& cat, std::string_view locale);

/**
 * `cat` in the locale a reader asks for: every overlay of `loaded` is applied to `cat` (so a
 * broken one is an error now, whichever locale is asked for), then the catalog translated by
 * find_translation(loaded, locale, cat's locale) is returned, or `cat` itself when none fits.
 * An empty `locale` picks the only overlay when there is one, none when there are several.
 * @param cat    the catalog.
 * @param loaded the overlays, each applied to `cat`.
 * @param locale the BCP 47 tag a reader asks for, or "".
 * @return the translated catalog, or `cat`.
 * @throws catalog_error as catalog::with_translation(), for the first overlay that does not fit.
 */
[[nodiscard]] CARECOMPARE_CXX_API catalog in_locale(const catalog& cat, const std::vector<translation>& loaded,
                                                    std::string_view locale);

/**
 * Whether text in a language runs right to left, as HTML's `dir` says: a right-to-left script
 * subtag (`-Arab`, `-Hebr`...) decides, else the language's usual script (Arabic, Hebrew,
 * Persian, Urdu and others). Case does not matter. carecompare_is_right_to_left() in C.
 * @param locale a BCP 47 language tag; "" is left to right.
 * @return true for right to left.
 */
[[nodiscard]] CARECOMPARE_CXX_API bool is_right_to_left(std::string_view locale) noexcept;

CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_TRANSLATION_HPP
