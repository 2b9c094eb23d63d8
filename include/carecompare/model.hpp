// SPDX-License-Identifier: MIT
/**
 * @file model.hpp
 * The plain data of a catalog, exactly as its JSON format (`carecompare.catalog/1`) has it.
 *
 * Every type here is an aggregate described with Boost.Describe; `codec.hpp` turns any of them
 * into JSON and back with one generic encoder/decoder, so adding a field means adding it here
 * and nowhere else. Member names are the JSON keys. `std::optional` members are the optional
 * keys: absent in JSON when empty. Enumerators serialise as strings, `_` written as `-`
 * (`strategy_scope::whole_person` is `"whole-person"`).
 *
 * These types hold data; they do not check it. `catalog` (catalog.hpp) is the validated,
 * immutable form an app works with. Each member's meaning for catalog authors is also in the
 * JSON Schema (`catalog_schema()`, data/schema/catalog.schema.json).
 *
 * @threadsafety Plain values: any number of threads may read one at once; a thread that changes
 * one needs it to itself.
 */
#ifndef CARECOMPARE_MODEL_HPP
#define CARECOMPARE_MODEL_HPP

#include <boost/describe.hpp>
#include <compare>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config.hpp"

CARECOMPARE_BEGIN_NAMESPACE

/// A calendar date, written `YYYY-MM-DD` (ISO 8601). Only real dates parse: 2026-02-29 does not.
struct CARECOMPARE_CXX_API iso_date {
  int year = 0;   ///< e.g. 2026
  int month = 0;  ///< 1 to 12
  int day = 0;    ///< 1 to the month's last day

  /**
   * Parses a date.
   * @param text `YYYY-MM-DD`, four digits, two, two.
   * @return the date; nullopt for anything else (other separators, times, impossible days).
   */
  [[nodiscard]] static std::optional<iso_date> parse(std::string_view text) noexcept;
  /// @return the date as `YYYY-MM-DD`. @throws std::bad_alloc when memory runs out.
  [[nodiscard]] std::string to_string() const;

  /// Dates compare in calendar order.
  friend auto operator<=>(const iso_date&, const iso_date&) = default;
};

/// A semantic version (semver.org 2.0.0): `MAJOR.MINOR.PATCH[-prerelease][+build]`.
struct CARECOMPARE_CXX_API semantic_version {
  std::uint64_t major = 0;  ///< MAJOR
  std::uint64_t minor = 0;  ///< MINOR
  std::uint64_t patch = 0;  ///< PATCH
  std::string prerelease;   ///< without the leading '-', "" when none
  std::string build;        ///< without the leading '+', "" when none

  /**
   * Parses a semantic version.
   * @param text e.g. `1.2.0-rc.1+build.5`.
   * @return the version; nullopt when the text is not one (leading zeros, empty parts...).
   * @throws std::bad_alloc when memory runs out.
   */
  [[nodiscard]] static std::optional<semantic_version> parse(std::string_view text);
  /// @return the canonical text, e.g. `1.2.0-rc.1+build.5`. @throws std::bad_alloc when memory runs out.
  [[nodiscard]] std::string to_string() const;

  /// Equal when every part is (so `1.0.0+a` is not `1.0.0+b`).
  friend bool operator==(const semantic_version&, const semantic_version&) = default;
};

/// What kind of care a strategy is.
enum class strategy_kind {
  treatment,   ///< "treatment": acts on the condition itself (the builtin's systemic therapy)
  supportive,  ///< "supportive": supports the person beside treatment (pain management)
  lifestyle,   ///< "lifestyle": what a person does day to day (nutrition)
  monitoring,  ///< "monitoring": follows the condition over time (regular monitoring)
  research,    ///< "research": studies of emerging care (clinical trials)
};
BOOST_DESCRIBE_ENUM(strategy_kind, treatment, supportive, lifestyle, monitoring, research)

/// Where a strategy acts: on the whole body, on one site, or on the whole person.
enum class strategy_scope {
  systemic,      ///< throughout the body ("systemic")
  local,         ///< on specific sites ("local")
  whole_person,  ///< the whole person, not only the condition ("whole-person")
};
BOOST_DESCRIBE_ENUM(strategy_scope, systemic, local, whole_person)

/// The type of an extra fact a catalog's rules use.
enum class fact_type {
  boolean,      ///< true or false ("boolean")
  number,       ///< a number ("number")
  string,       ///< a text, one of `values` when the fact lists them ("string")
  string_list,  ///< a list of texts ("string-list")
};
BOOST_DESCRIBE_ENUM(fact_type, boolean, number, string, string_list)

/// How a rule reads a declared fact the circumstances leave out (or give as null).
enum class absence {
  unknown,  ///< not answered: the rule is undecided where its truth depends on it (the default)
  null,     ///< null, as JsonLogic reads an absent key (for rules that test absence on purpose)
};
BOOST_DESCRIBE_ENUM(absence, unknown, null)

/// A work the catalog or a strategy cites.
struct source {
  std::string id;                        ///< kebab-case id, which strategies' `sources` name
  std::string title;                     ///< the work's title
  std::optional<std::string> publisher;  ///< who published it
  std::optional<std::string> url;        ///< where to read it
  std::optional<iso_date> accessed;      ///< when the url was read
  /// Equal when every member is.
  friend bool operator==(const source&, const source&) = default;
};
BOOST_DESCRIBE_STRUCT(source, (), (id, title, publisher, url, accessed))

/**
 * A code of a code system (a FHIR R4 Coding): what a vocabulary entry or a declared fact means
 * in a health record (fhir.hpp). `system` is the code system's absolute URI
 * (`http://snomed.info/sct`, `http://hl7.org/fhir/sid/icd-10-cm`, `http://loinc.org`) and
 * `code` its code; a record's coding means the entry when both are equal, character for
 * character. `display` is the code system's own text: kept as the catalog gives it, never
 * translated.
 */
struct coding {
  std::string system;                  ///< the code system's absolute URI
  std::string code;                    ///< the code, e.g. "94222008"
  std::optional<std::string> display;  ///< the code system's text for it, never translated
  /// Equal when every member is.
  friend bool operator==(const coding&, const coding&) = default;
};
BOOST_DESCRIBE_STRUCT(coding, (), (system, code, display))

/// One id of a vocabulary (a site, a symptom, a goal) and the label readers see.
struct vocabulary_entry {
  std::string id;     ///< kebab-case id, which circumstances use (e.g. "bone")
  std::string label;  ///< what readers see (e.g. "Bones")
  /// What means this entry in a FHIR `Condition.code` (any of them).
  std::optional<std::vector<coding>> codes;
  /// Equal when every member is.
  friend bool operator==(const vocabulary_entry&, const vocabulary_entry&) = default;
};
BOOST_DESCRIBE_STRUCT(vocabulary_entry, (), (id, label, codes))

/// The words circumstances are stated in.
struct catalog_vocabulary {
  std::vector<vocabulary_entry> sites;     ///< where the condition may be
  std::vector<vocabulary_entry> symptoms;  ///< symptoms a person may have
  std::vector<vocabulary_entry> goals;     ///< what a person may want from care
  /// Equal when every member is.
  friend bool operator==(const catalog_vocabulary&, const catalog_vocabulary&) = default;
};
BOOST_DESCRIBE_STRUCT(catalog_vocabulary, (), (sites, symptoms, goals))

/// One allowed value of a string fact and the codes that mean it in a FHIR
/// `Observation.valueCodeableConcept`.
struct value_coding {
  std::string value;          ///< one of the fact's `values`
  std::vector<coding> codes;  ///< any of them means the value
  /// Equal when every member is.
  friend bool operator==(const value_coding&, const value_coding&) = default;
};
BOOST_DESCRIBE_STRUCT(value_coding, (), (value, codes))

/// An extra fact (beyond sites, symptoms and goals) that a catalog's rules read.
struct fact {
  std::string id;                                  ///< the key in circumstances' facts and the rules' `var`
  fact_type type = fact_type::boolean;             ///< what an answer must be
  std::string label;                               ///< the question, as readers see it
  std::string description;                         ///< more about the question
  std::optional<std::vector<std::string>> values;  ///< allowed values, for string facts
  /// What means this fact in a FHIR `Observation.code` (any of them); its value is read from the
  /// Observation's value of the fact's type (fhir.hpp).
  std::optional<std::vector<coding>> codes;
  /// A number fact's UCUM unit: an Observation's `valueQuantity.code` must be this code.
  std::optional<std::string> unit;
  /// For string and string-list facts: which codes of `valueCodeableConcept` mean which value.
  std::optional<std::vector<value_coding>> value_codes;
  /// Equal when every member is.
  friend bool operator==(const fact&, const fact&) = default;
};
BOOST_DESCRIBE_STRUCT(fact, (), (id, type, label, description, values, codes, unit, value_codes))

/// A default table column: which strategy field, under which heading.
struct column {
  std::string field;  ///< a strategy field, e.g. "purpose"
  std::string label;  ///< the column's heading
  /// Equal when every member is.
  friend bool operator==(const column&, const column&) = default;
};
BOOST_DESCRIBE_STRUCT(column, (), (field, label))

/// A care strategy: what it is, its purpose and when it is commonly used.
struct strategy {
  std::string id;                                          ///< kebab-case slug, e.g. "systemic-therapy"
  std::string name;                                        ///< what readers call it
  strategy_kind kind = strategy_kind::treatment;           ///< what kind of care it is
  strategy_scope scope = strategy_scope::systemic;         ///< where it acts
  std::string purpose;                                     ///< what it is for, in one phrase
  std::vector<std::string> use_cases;                      ///< when it is commonly used
  std::optional<std::vector<std::string>> benefits;        ///< what it may bring
  std::optional<std::vector<std::string>> considerations;  ///< what to keep in mind
  std::optional<std::vector<std::string>> care_team;       ///< who provides it
  std::vector<std::string> sources;                        ///< ids of the catalog's sources
  /// Equal when every member is.
  friend bool operator==(const strategy&, const strategy&) = default;
};
BOOST_DESCRIBE_STRUCT(strategy, (),
                      (id, name, kind, scope, purpose, use_cases, benefits, considerations, care_team, sources))

/**
 * A rule's own reason for one of the options it shows (rule::reasons).
 * @since 0.3.0
 */
struct option_reason {
  std::string strategy;  ///< the id of a strategy the rule's `show` lists
  std::string reason;    ///< plain-language text shown under that option
  /// Equal when every member is.
  friend bool operator==(const option_reason&, const option_reason&) = default;
};
BOOST_DESCRIBE_STRUCT(option_reason, (), (strategy, reason))

/// A relevance rule: when its JsonLogic condition holds, it shows (or hides) strategies.
struct rule {
  std::string id;                                ///< kebab-case id
  std::string description;                       ///< when it shows, as a condition for readers
  nlohmann::json when;                           ///< a JsonLogic expression over the rule data object
  std::vector<std::string> show;                 ///< ids of the strategies it shows
  std::optional<std::vector<std::string>> hide;  ///< ids of the strategies it hides
  std::optional<double> weight;                  ///< what it adds to a shown option's score; default 1
  /// Plain-language text shown to the reader: under each option the rule shows that `reasons`
  /// gives no reason of its own (the short form), and wherever the rule as a whole is meant.
  std::string reason;
  /// A reason per option (since 0.3.0): for a rule that shows several options, what it says of
  /// each, so that no option's reason speaks of another. At most one per strategy of `show`.
  std::optional<std::vector<option_reason>> reasons;
  /// How the rule reads a declared fact nobody answered: absence::unknown when not given.
  std::optional<absence> absent_is;

  /// @return the weight, 1 when the catalog gives none.
  [[nodiscard]] double effective_weight() const noexcept { return weight.value_or(1.0); }
  /**
   * The reason shown under the option `strategy_id`: its own in `reasons`, else `reason`. Every
   * face shows this text; none reads `reason` for an option directly.
   * @param strategy_id the id of an option the rule shows
   * @return the text, valid as long as the rule
   * @since 0.3.0
   */
  [[nodiscard]] const std::string& reason_for(std::string_view strategy_id) const noexcept {
    if (reasons) {
      for (const option_reason& r : *reasons) {
        if (r.strategy == strategy_id) return r.reason;
      }
    }
    return reason;
  }
  /// Equal when every member is (`when` compared as JSON).
  friend bool operator==(const rule&, const rule&) = default;
};
BOOST_DESCRIBE_STRUCT(rule, (), (id, description, when, show, hide, weight, reason, reasons, absent_is))

/// Someone who wrote or reviewed a catalog, and what they did.
struct author {
  std::string name;  ///< a person or an organisation
  std::string role;  ///< e.g. "author", "clinical reviewer", "maintainer"
  /// Equal when every member is.
  friend bool operator==(const author&, const author&) = default;
};
BOOST_DESCRIBE_STRUCT(author, (), (name, role))

/// What a catalog says about itself.
struct catalog_info {
  std::string format;        ///< always "carecompare.catalog/1"
  std::string id;            ///< kebab-case id
  std::string title;         ///< what the catalog covers, as readers see it
  std::string condition;     ///< the condition it is about
  std::string locale;        ///< BCP 47 language tag
  semantic_version version;  ///< the catalog's version (not the library's)
  iso_date published;        ///< when this version was published
  iso_date last_reviewed;    ///< when the content was last reviewed
  std::string disclaimer;    ///< shown with every table and result
  // What a decision aid says about itself (IPDAS): each optional; `validate` warns when one is
  // missing (243) or when next_review has passed (244).
  std::optional<std::vector<author>> authors;        ///< who wrote and reviewed it
  std::optional<std::string> funding;                ///< who paid for it, or that nobody did
  std::optional<std::string> conflicts_of_interest;  ///< its authors' conflicts, or that there are none
  std::optional<std::string> update_policy;          ///< how and when it is updated
  std::optional<iso_date> next_review;               ///< when its content is next reviewed
  /// Its canonical URL, an absolute URI (since 0.3.0): where it is published, the `url` of its
  /// FHIR PlanDefinition (fhir::plan_definition()).
  std::optional<std::string> url;
  /// Equal when every member is.
  friend bool operator==(const catalog_info&, const catalog_info&) = default;
};
BOOST_DESCRIBE_STRUCT(catalog_info, (),
                      (format, id, title, condition, locale, version, published, last_reviewed, disclaimer, authors,
                       funding, conflicts_of_interest, update_policy, next_review, url))

/**
 * The fixed words renderers write around a catalog's own texts (column headings, status words,
 * footer labels), in the catalog's language. Every key is optional: a label the catalog leaves
 * out is the English default (default_labels()). A label may hold placeholders in braces, such
 * as `{score}`: exactly those of its English default, each where the language puts it.
 */
struct catalog_labels {
  // Headings of the columns only a filter result's table has.
  std::optional<std::string> score;          ///< "Score"
  std::optional<std::string> status;         ///< "Status"
  std::optional<std::string> why_shown;      ///< "Why shown"
  std::optional<std::string> depends_on;     ///< "Depends on"
  std::optional<std::string> why_not_shown;  ///< "Why not shown"
  // Headings of strategy fields the catalog's columns do not label (`--columns benefits`).
  std::optional<std::string> heading_id;              ///< "ID"
  std::optional<std::string> heading_name;            ///< "Name"
  std::optional<std::string> heading_kind;            ///< "Kind"
  std::optional<std::string> heading_scope;           ///< "Scope"
  std::optional<std::string> heading_purpose;         ///< "Purpose"
  std::optional<std::string> heading_use_cases;       ///< "Use cases"
  std::optional<std::string> heading_benefits;        ///< "Benefits"
  std::optional<std::string> heading_considerations;  ///< "Considerations"
  std::optional<std::string> heading_care_team;       ///< "Care team"
  std::optional<std::string> heading_sources;         ///< "Sources"
  // The status of an option in a result's table.
  std::optional<std::string> shown;      ///< "Shown (score {score})"
  std::optional<std::string> undecided;  ///< "Depends on what you have not answered"
  std::optional<std::string> not_shown;  ///< "Not shown"
  // Why an option is not shown: the first line of its "Why not shown" cell.
  std::optional<std::string> hidden_by_answers;      ///< "Hidden because of your answers."
  std::optional<std::string> never_shown;            ///< "This catalog never shows this option."
  std::optional<std::string> not_shown_for_answers;  ///< "Not shown for your answers."
  // Captions and titles.
  std::optional<std::string> result_caption;    ///< "Options that may be relevant to your answers: {title}"
  std::optional<std::string> comparison_table;  ///< "Comparison table" (a page title when there is none)
  // What every table carries beside it.
  std::optional<std::string> caption;        ///< "Caption" (CSV)
  std::optional<std::string> disclaimer;     ///< "Disclaimer"
  std::optional<std::string> sources;        ///< "Sources"
  std::optional<std::string> source;         ///< "Source" (CSV: one line per source)
  std::optional<std::string> accessed;       ///< "accessed {date}"
  std::optional<std::string> catalog;        ///< "Catalog" (CSV)
  std::optional<std::string> catalog_title;  ///< "Catalog title" (CSV)
  std::optional<std::string> version;        ///< "Version" (CSV)
  std::optional<std::string> published;      ///< "Published" (CSV)
  std::optional<std::string> last_reviewed;  ///< "Last reviewed" (CSV)
  /// "Catalog: {catalog}, version {version}. Published {published}; last reviewed {last_reviewed}."
  std::optional<std::string> catalog_line;
  // What the catalog says about itself as a decision aid.
  std::optional<std::string> written_by;             ///< "Written by"
  std::optional<std::string> funding;                ///< "Funding"
  std::optional<std::string> conflicts_of_interest;  ///< "Conflicts of interest"
  std::optional<std::string> updates;                ///< "Updates"
  std::optional<std::string> next_review;            ///< "Next review"
  // A translated catalog's note.
  std::optional<std::string> translation;       ///< "Translation" (CSV)
  std::optional<std::string> translation_note;  ///< "Translation: {locale}, from catalog version {version}."
  std::optional<std::string> not_reviewed;      ///< "This translation has not been reviewed."
  // The headings of the questions a form asks (the <care-compare> element and its page): they
  // name the catalog's topic, so the catalog says them.
  std::optional<std::string> question_sites;     ///< "Parts of the body involved"
  std::optional<std::string> question_symptoms;  ///< "Symptoms you have"
  std::optional<std::string> question_goals;     ///< "What matters to you"
  // What a health record gave (fhir::reading::summary()).
  std::optional<std::string> from_record;  ///< "From the health record: {answers}."
  std::optional<std::string> list_and;     ///< "{items} and {item}": the last item of a list
  std::optional<std::string> yes;          ///< "Yes": a fact that is true ("Walks every day: Yes")
  std::optional<std::string> no;           ///< "No": a fact that is false
  /// Equal when every member is.
  friend bool operator==(const catalog_labels&, const catalog_labels&) = default;
};
BOOST_DESCRIBE_STRUCT(catalog_labels, (),
                      (score, status, why_shown, depends_on, why_not_shown, heading_id, heading_name, heading_kind,
                       heading_scope, heading_purpose, heading_use_cases, heading_benefits, heading_considerations,
                       heading_care_team, heading_sources, shown, undecided, not_shown, hidden_by_answers, never_shown,
                       not_shown_for_answers, result_caption, comparison_table, caption, disclaimer, sources, source,
                       accessed, catalog, catalog_title, version, published, last_reviewed, catalog_line, written_by,
                       funding, conflicts_of_interest, updates, next_review, translation, translation_note,
                       not_reviewed, question_sites, question_symptoms, question_goals, from_record, list_and, yes, no))

/// A member of catalog_labels: one label.
using label_key = std::optional<std::string> catalog_labels::*;

/**
 * The English words of every label: what a catalog without `labels` shows.
 * @return labels with every member set; built once, on first use.
 * @threadsafety Safe from any number of threads at once.
 */
[[nodiscard]] CARECOMPARE_CXX_API const catalog_labels& default_labels();

/**
 * One label's text.
 * @param labels a catalog's labels.
 * @param key    which label, e.g. `&catalog_labels::why_shown`.
 * @return the label `key` of `labels`, or its English default when `labels` leaves it out; a
 *         reference into `labels` or into default_labels().
 */
[[nodiscard]] inline const std::string& label_text(const catalog_labels& labels, label_key key) {
  const auto& given = labels.*key;
  return given ? *given : *(default_labels().*key);
}

/// A whole catalog document: its info plus everything it lists.
struct catalog_document : catalog_info {
  std::vector<source> sources;             ///< the works it cites
  catalog_vocabulary vocabulary;           ///< the ids circumstances use
  std::optional<std::vector<fact>> facts;  ///< the extra facts its rules read
  std::vector<column> columns;             ///< the default columns of its tables
  std::vector<strategy> strategies;        ///< its care strategies, in order
  std::vector<rule> rules;                 ///< its relevance rules, in order
  /// JSON Pointers of texts quoted word for word from the sources: the readability check
  /// counts them and does not grade them.
  std::optional<std::vector<std::string>> quotations;
  /// The fixed words renderers write, in the catalog's language (English when left out).
  std::optional<catalog_labels> labels;
  std::optional<nlohmann::json> extensions;  ///< app-specific data, kept verbatim
  /// Equal when every member is.
  friend bool operator==(const catalog_document&, const catalog_document&) = default;
};
BOOST_DESCRIBE_STRUCT(catalog_document, (catalog_info),
                      (sources, vocabulary, facts, columns, strategies, rules, quotations, labels, extensions))

/// The format string every catalog document carries.
inline constexpr std::string_view catalog_format = "carecompare.catalog/1";

CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_MODEL_HPP
