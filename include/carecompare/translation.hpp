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
  std::optional<std::string> name;
  std::optional<std::string> purpose;
  std::optional<std::vector<std::string>> use_cases;
  std::optional<std::vector<std::string>> benefits;
  std::optional<std::vector<std::string>> considerations;
  std::optional<std::vector<std::string>> care_team;
  friend bool operator==(const strategy_texts&, const strategy_texts&) = default;
};
BOOST_DESCRIBE_STRUCT(strategy_texts, (), (name, purpose, use_cases, benefits, considerations, care_team))

/// The translated texts of one rule.
struct rule_texts {
  std::optional<std::string> description;
  std::optional<std::string> reason;
  friend bool operator==(const rule_texts&, const rule_texts&) = default;
};
BOOST_DESCRIBE_STRUCT(rule_texts, (), (description, reason))

/// The translated label of a vocabulary entry or a column.
struct label_texts {
  std::optional<std::string> label;
  friend bool operator==(const label_texts&, const label_texts&) = default;
};
BOOST_DESCRIBE_STRUCT(label_texts, (), (label))

/// The translated texts of a declared fact.
struct fact_texts {
  std::optional<std::string> label;
  std::optional<std::string> description;
  friend bool operator==(const fact_texts&, const fact_texts&) = default;
};
BOOST_DESCRIBE_STRUCT(fact_texts, (), (label, description))

/// The translated title of a source.
struct source_texts {
  std::optional<std::string> title;
  friend bool operator==(const source_texts&, const source_texts&) = default;
};
BOOST_DESCRIBE_STRUCT(source_texts, (), (title))

/// Texts keyed by id (or, for columns, by field).
template <class Texts>
using texts_by_id = std::map<std::string, Texts, std::less<>>;

/// The translated vocabulary labels, by id.
struct vocabulary_texts {
  texts_by_id<label_texts> sites;
  texts_by_id<label_texts> symptoms;
  texts_by_id<label_texts> goals;
  friend bool operator==(const vocabulary_texts&, const vocabulary_texts&) = default;
};

/// The translated top-level texts of a catalog: its title, condition and disclaimer, and what
/// it says about itself as a decision aid (only those the catalog has).
struct catalog_texts {
  std::optional<std::string> title;
  std::optional<std::string> condition;
  std::optional<std::string> disclaimer;
  std::optional<std::string> funding;
  std::optional<std::string> conflicts_of_interest;
  std::optional<std::string> update_policy;
  /// The roles of the catalog's authors, in their order (names are not translated).
  std::optional<std::vector<std::string>> author_roles;
  friend bool operator==(const catalog_texts&, const catalog_texts&) = default;
};
BOOST_DESCRIBE_STRUCT(catalog_texts, (),
                      (title, condition, disclaimer, funding, conflicts_of_interest, update_policy, author_roles))

/// A translation overlay, as its JSON has it (keys in JSON are the member names): the
/// top-level texts (catalog_texts), what it is, and the texts keyed by id.
struct translation_document : catalog_texts {
  std::string format;                ///< always "carecompare.translation/1"
  std::string catalog;               ///< the id of the catalog it translates
  semantic_version catalog_version;  ///< the catalog version it was made from
  std::string locale;                ///< BCP 47 language tag of its texts
  std::optional<bool> reviewed;      ///< whether a qualified person reviewed it; false when absent
  texts_by_id<source_texts> sources;
  vocabulary_texts vocabulary;
  texts_by_id<fact_texts> facts;
  texts_by_id<label_texts> columns;  ///< by column field
  texts_by_id<strategy_texts> strategies;
  texts_by_id<rule_texts> rules;
  /// The fixed words renderers write (catalog_labels), in the overlay's language.
  std::optional<catalog_labels> labels;
  friend bool operator==(const translation_document&, const translation_document&) = default;
};

/**
 * A decoded translation overlay. Decoding checks the overlay alone (format, keys, types, empty
 * texts, the locale); `catalog::with_translation()` checks it against a catalog.
 */
class CARECOMPARE_CXX_API translation {
 public:
  /// Loads an overlay from JSON text. Throws `catalog_error` with every problem found.
  [[nodiscard]] static translation from_json(std::string_view text, const load_options& options = {});
  /// Loads an overlay from a JSON file. Errors name the file.
  [[nodiscard]] static translation from_file(const std::filesystem::path& path, const load_options& options = {});
  /// Loads an overlay from a parsed JSON value.
  [[nodiscard]] static translation from_value(const nlohmann::json& value, const load_options& options = {});

  [[nodiscard]] const translation_document& document() const noexcept { return document_; }
  [[nodiscard]] const std::string& locale() const noexcept { return document_.locale; }
  /// Where it was loaded from (a file name), or "".
  [[nodiscard]] const std::string& origin() const noexcept { return origin_; }
  /// The overlay as JSON (keys sorted); `from_value(to_json_value())` gives an equal overlay.
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

  /// Percentage of texts translated, rounded down (100 only when none is missing).
  [[nodiscard]] int percent() const noexcept;
  /// One line, e.g. `es: 94% of 132 texts; missing: /strategies/clinical-trials/benefits/1`
  /// (at most `max_missing` pointers listed, then "and N more").
  [[nodiscard]] std::string summary(std::size_t max_missing) const;
  /// summary() listing at most 10 missing texts.
  [[nodiscard]] std::string summary() const { return summary(10); }
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
 * subtag removed, and so on (`es-MX` -> `es`). nullptr when none fits or when `tag` is
 * `catalog_locale` itself: the catalog's own texts.
 */
[[nodiscard]] CARECOMPARE_CXX_API const translation* find_translation(const std::vector<translation>& loaded,
                                                                      std::string_view tag,
                                                                      std::string_view catalog_locale = {});

/**
 * An overlay for translators to fill in: every translatable text of `cat` (of the catalog it
 * was translated from, for a translated one), the original as a placeholder, and no `reviewed`
 * (absent is false; its texts are all strings, as gettext tools such as json2po want them).
 * A text left as the original counts as missing (translation_report::missing).
 */
[[nodiscard]] CARECOMPARE_CXX_API nlohmann::json translation_template(const catalog& cat, std::string_view locale);

/**
 * `cat` in the locale a reader asks for: every overlay of `loaded` is applied to `cat` (so a
 * broken one is an error now, whichever locale is asked for), then the catalog translated by
 * find_translation(loaded, locale, cat's locale) is returned, or `cat` itself when none fits.
 * An empty `locale` picks the only overlay when there is one, none when there are several.
 */
[[nodiscard]] CARECOMPARE_CXX_API catalog in_locale(const catalog& cat, const std::vector<translation>& loaded,
                                                    std::string_view locale);

/// True when text in this locale is written right to left (Arabic, Hebrew, Persian, Urdu...).
[[nodiscard]] CARECOMPARE_CXX_API bool is_right_to_left(std::string_view locale) noexcept;

CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_TRANSLATION_HPP
