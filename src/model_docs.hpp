// SPDX-License-Identifier: MIT
/**
 * @file model_docs.hpp (private)
 * One row per member of the catalog model: its title and description for readers of the JSON
 * Schema (schema.cpp), and what its text is (prose graded for readability, a name, an id...)
 * for the JSON Schema's patterns and the readability check (readability.cpp).
 */
#ifndef CARECOMPARE_SRC_MODEL_DOCS_HPP
#define CARECOMPARE_SRC_MODEL_DOCS_HPP

#include <carecompare/codec.hpp>
#include <carecompare/config.hpp>
#include <carecompare/model.hpp>
#include <cstddef>
#include <string_view>

CARECOMPARE_BEGIN_NAMESPACE
namespace detail {

/// What a string member (or each string of a list member) holds, and so its check.
enum class schema_text {
  text,            ///< reader-facing prose: not blank, no control characters; graded for readability
  name,            ///< a name, title, address or pointer: text, not graded (a source's title, a person's name)
  id,              ///< a kebab-case slug (an id, or a reference to one)
  fact_id,         ///< a fact id
  locale,          ///< a BCP 47 language tag
  format,          ///< the format string, carecompare.catalog/1
  strategy_field,  ///< the name of a strategy field
  any,             ///< any JSON value (a JsonLogic expression)
  object,          ///< any JSON object
  uri,             ///< an absolute URI (a code system, a catalog's url)
};

struct schema_doc {
  std::string_view type;    ///< the model type (as CARECOMPARE_MODEL_TYPES names it)
  std::string_view member;  ///< "" for the type itself
  std::string_view title;
  std::string_view description;
  schema_text text = schema_text::text;
  std::size_t min_items = 0;  ///< for lists the loader requires items of
};

// clang-format off
constexpr schema_doc schema_docs[] = {
  {"catalog_document", "", "Catalog", "A catalog of care options (carecompare.catalog/1): what each option is, its purpose, when it is commonly used, and the rules that say which options are relevant to stated circumstances."},
  {"catalog_info", "", "Catalog information", "What a catalog says about itself."},
  {"catalog_info", "format", "Format", "Always \"carecompare.catalog/1\".", schema_text::format},
  {"catalog_info", "id", "Catalog id", "A kebab-case id: lowercase letters and digits joined by single hyphens.", schema_text::id},
  {"catalog_info", "title", "Title", "What the catalog covers, as readers see it.", schema_text::name},
  {"catalog_info", "condition", "Condition", "The condition the catalog is about.", schema_text::name},
  {"catalog_info", "locale", "Locale", "The language of the catalog's text: a BCP 47 language tag (\"en\", \"en-GB\").", schema_text::locale},
  {"catalog_info", "version", "Version", "The catalog's version: a semantic version (\"1.0.0\")."},
  {"catalog_info", "published", "Published", "When this version was published: an ISO date (YYYY-MM-DD)."},
  {"catalog_info", "last_reviewed", "Last reviewed", "When the content was last reviewed: an ISO date (YYYY-MM-DD)."},
  {"catalog_info", "disclaimer", "Disclaimer", "Shown with every table and result."},
  {"catalog_info", "authors", "Authors", "Optional: who wrote and reviewed the catalog, each with a name and a role."},
  {"catalog_info", "funding", "Funding", "Optional: who paid for the catalog, or that nobody did."},
  {"catalog_info", "conflicts_of_interest", "Conflicts of interest", "Optional: the authors' conflicts of interest, or that there are none."},
  {"catalog_info", "update_policy", "Update policy", "Optional: how and when the catalog is updated."},
  {"catalog_info", "next_review", "Next review", "Optional: when the content is next reviewed: an ISO date (YYYY-MM-DD)."},
  {"catalog_info", "url", "URL", "Optional: the catalog's canonical URL, an absolute URI (\"https://example.org/catalogs/knee\"): the url of its FHIR PlanDefinition.", schema_text::uri},
  {"author", "", "Author", "Someone who wrote or reviewed the catalog."},
  {"author", "name", "Name", "A person or an organisation.", schema_text::name},
  {"author", "role", "Role", "What they did, e.g. author, clinical reviewer, maintainer.", schema_text::name},
  {"catalog_document", "sources", "Sources", "The works the catalog cites."},
  {"catalog_document", "vocabulary", "Vocabulary", "The words circumstances are stated in: sites, symptoms and goals."},
  {"catalog_document", "facts", "Facts", "Optional: the extra facts the rules read, beyond sites, symptoms and goals."},
  {"catalog_document", "columns", "Columns", "The default table columns, in order.", schema_text::text, 1},
  {"catalog_document", "strategies", "Strategies", "The care options, in catalog order (ties in relevance keep it)."},
  {"catalog_document", "rules", "Rules", "The relevance rules: each shows (or hides) options when its condition holds."},
  {"catalog_document", "quotations", "Quotations", "Optional: JSON Pointers of texts quoted word for word from the sources (e.g. \"/strategies/0/purpose\"): the readability check counts them and does not grade them.", schema_text::name},
  {"catalog_document", "labels", "Labels", "Optional: the fixed words tables show around the catalog's texts, in the catalog's language (English when left out)."},
  {"catalog_document", "extensions", "Extensions", "Optional: app-specific data, kept verbatim.", schema_text::object},
  {"catalog_labels", "", "Labels", "Optional: the fixed words tables show around the catalog's texts, in the catalog's language. A label left out is the English default. Words in braces, such as {score}, are filled in: a label has exactly those of its default."},
  {"catalog_labels", "score", "Score heading", "Optional: the heading of the score column."},
  {"catalog_labels", "status", "Status heading", "Optional: the heading of the status column."},
  {"catalog_labels", "why_shown", "Why shown heading", "Optional: the heading of the column of reasons an option is shown."},
  {"catalog_labels", "depends_on", "Depends on heading", "Optional: the heading of the column of questions not answered that decide an option."},
  {"catalog_labels", "why_not_shown", "Why not shown heading", "Optional: the heading of the column that says why an option is not shown."},
  {"catalog_labels", "heading_id", "Id heading", "Optional: the heading of a column of the option's id, when the catalog's columns do not label it."},
  {"catalog_labels", "heading_name", "Name heading", "Optional: the heading of a column of the option's name, when the catalog's columns do not label it."},
  {"catalog_labels", "heading_kind", "Kind heading", "Optional: the heading of a column of what kind of care the option is, when the catalog's columns do not label it."},
  {"catalog_labels", "heading_scope", "Scope heading", "Optional: the heading of a column of where the option acts, when the catalog's columns do not label it."},
  {"catalog_labels", "heading_purpose", "Purpose heading", "Optional: the heading of a column of what the option is for, when the catalog's columns do not label it."},
  {"catalog_labels", "heading_use_cases", "Use cases heading", "Optional: the heading of a column of when the option is commonly used, when the catalog's columns do not label it."},
  {"catalog_labels", "heading_benefits", "Benefits heading", "Optional: the heading of a column of what the option may bring, when the catalog's columns do not label it."},
  {"catalog_labels", "heading_considerations", "Considerations heading", "Optional: the heading of a column of things to weigh, when the catalog's columns do not label it."},
  {"catalog_labels", "heading_care_team", "Care team heading", "Optional: the heading of a column of who provides the option, when the catalog's columns do not label it."},
  {"catalog_labels", "heading_sources", "Sources heading", "Optional: the heading of a column of the sources an option cites, when the catalog's columns do not label it."},
  {"catalog_labels", "shown", "Shown", "Optional: the status of a shown option; holds {score}."},
  {"catalog_labels", "undecided", "Undecided", "Optional: the status of an option that depends on questions not answered."},
  {"catalog_labels", "not_shown", "Not shown", "Optional: the status of an option not shown."},
  {"catalog_labels", "hidden_by_answers", "Hidden", "Optional: why an option is not shown, when an answer hides it."},
  {"catalog_labels", "never_shown", "Never shown", "Optional: why an option is not shown, when the catalog never shows it."},
  {"catalog_labels", "not_shown_for_answers", "Not shown for the answers", "Optional: why an option is not shown, when no answer shows it."},
  {"catalog_labels", "result_caption", "Result caption", "Optional: the caption of a table of options for someone's answers; holds {title}."},
  {"catalog_labels", "comparison_table", "Comparison table", "Optional: the title of a page whose table has no caption."},
  {"catalog_labels", "caption", "Caption", "Optional: the label of the caption line (CSV)."},
  {"catalog_labels", "disclaimer", "Disclaimer", "Optional: the label of the disclaimer."},
  {"catalog_labels", "sources", "Sources", "Optional: the heading of the list of sources."},
  {"catalog_labels", "source", "Source", "Optional: the label of each source line (CSV)."},
  {"catalog_labels", "accessed", "Accessed", "Optional: when a source was read; holds {date}."},
  {"catalog_labels", "catalog", "Catalog", "Optional: the label of the catalog's id (CSV)."},
  {"catalog_labels", "catalog_title", "Catalog title", "Optional: the label of the catalog's title (CSV)."},
  {"catalog_labels", "version", "Version", "Optional: the label of the catalog's version (CSV)."},
  {"catalog_labels", "published", "Published", "Optional: the label of the publication date (CSV)."},
  {"catalog_labels", "last_reviewed", "Last reviewed", "Optional: the label of the last review date (CSV)."},
  {"catalog_labels", "catalog_line", "Catalog line", "Optional: the line about the catalog under every table; holds {catalog}, {version}, {published} and {last_reviewed}."},
  {"catalog_labels", "written_by", "Written by", "Optional: the label of the authors."},
  {"catalog_labels", "funding", "Funding", "Optional: the label of the funding."},
  {"catalog_labels", "conflicts_of_interest", "Conflicts of interest", "Optional: the label of the conflicts of interest."},
  {"catalog_labels", "updates", "Updates", "Optional: the label of the update policy."},
  {"catalog_labels", "next_review", "Next review", "Optional: the label of the next review date."},
  {"catalog_labels", "translation", "Translation", "Optional: the label of the translation note (CSV)."},
  {"catalog_labels", "translation_note", "Translation note", "Optional: the note under a translated table; holds {locale} and {version}."},
  {"catalog_labels", "not_reviewed", "Not reviewed", "Optional: added to the translation note when nobody reviewed the translation."},
  {"catalog_labels", "question_sites", "Sites question", "Optional: the heading of the sites a reader ticks in a form (the web element), such as where the condition has spread."},
  {"catalog_labels", "question_symptoms", "Symptoms question", "Optional: the heading of the symptoms a reader ticks in a form (the web element)."},
  {"catalog_labels", "question_goals", "Goals question", "Optional: the heading of the goals a reader ticks in a form (the web element)."},
  {"catalog_labels", "from_record", "From the health record", "Optional: what a health record gave, before a table; holds {answers}, each list as its question (question_sites...) and its items."},
  {"catalog_labels", "list_and", "And", "Optional: joins the last item of a list to the others; holds {items} and {item}."},
  {"catalog_labels", "yes", "Yes", "Optional: a fact that is true."},
  {"catalog_labels", "no", "No", "Optional: a fact that is false."},
  {"source", "", "Source", "A work the catalog or an option cites."},
  {"source", "id", "Source id", "A kebab-case id that options cite.", schema_text::id},
  {"source", "title", "Title", "The title of the work.", schema_text::name},
  {"source", "publisher", "Publisher", "Optional: who published the work.", schema_text::name},
  {"source", "url", "URL", "Optional: where to read the work.", schema_text::name},
  {"source", "accessed", "Accessed", "Optional: when the work was read: an ISO date (YYYY-MM-DD)."},
  {"catalog_vocabulary", "", "Vocabulary", "The ids circumstances are stated in, with their labels."},
  {"catalog_vocabulary", "sites", "Sites", "Where the condition may have spread."},
  {"catalog_vocabulary", "symptoms", "Symptoms", "Symptoms a person may state."},
  {"catalog_vocabulary", "goals", "Goals", "Goals a person may state."},
  {"vocabulary_entry", "", "Vocabulary entry", "One id of a vocabulary and the label readers see."},
  {"vocabulary_entry", "id", "Id", "A kebab-case id that circumstances and rules use.", schema_text::id},
  {"vocabulary_entry", "label", "Label", "The words readers see."},
  {"vocabulary_entry", "codes", "Codes", "Optional: the codes that mean this entry in a health record's Condition.code (any of them)."},
  {"coding", "", "Code", "A code of a code system, as a FHIR Coding has it: a record's coding means the entry or fact when its system and code are both equal to these."},
  {"coding", "system", "Code system", "The code system's absolute URI, e.g. \"http://snomed.info/sct\".", schema_text::uri},
  {"coding", "code", "Code", "The code in that system, e.g. \"94222008\".", schema_text::name},
  {"coding", "display", "Display", "Optional: the code system's own text for the code; never translated.", schema_text::name},
  {"value_coding", "", "Value code", "One allowed value of a string fact and the codes that mean it in a FHIR valueCodeableConcept."},
  {"value_coding", "value", "Value", "One of the fact's values.", schema_text::name},
  {"value_coding", "codes", "Codes", "The codes that mean the value (any of them).", schema_text::text, 1},
  {"fact", "", "Fact", "An extra fact the rules read."},
  {"fact", "id", "Fact id", "A lowercase letter, then lowercase letters, digits, '_' or '-'; not sites, symptoms, goals or site_count.", schema_text::fact_id},
  {"fact", "type", "Type", "The type of the fact's value."},
  {"fact", "label", "Label", "The words readers see."},
  {"fact", "description", "Description", "What the fact means, for readers."},
  {"fact", "values", "Values", "Optional, for string and string-list facts: the allowed values."},
  {"fact", "codes", "Codes", "Optional: the codes that mean this fact in a health record's Observation.code (any of them)."},
  {"fact", "unit", "Unit", "Optional, for number facts: the UCUM unit code an Observation's valueQuantity.code must have, e.g. \"kg\".", schema_text::name},
  {"fact", "value_codes", "Value codes", "Optional, for string and string-list facts: the codes of a valueCodeableConcept that mean each value."},
  {"column", "", "Column", "A default table column."},
  {"column", "field", "Field", "The strategy field the column shows.", schema_text::strategy_field},
  {"column", "label", "Heading", "The column's heading."},
  {"strategy", "", "Strategy", "A care option: what it is, its purpose and when it is commonly used."},
  {"strategy", "id", "Strategy id", "A kebab-case id, e.g. \"systemic-therapy\".", schema_text::id},
  {"strategy", "name", "Name", "The option's name, as readers see it.", schema_text::name},
  {"strategy", "kind", "Kind", "What kind of care the option is."},
  {"strategy", "scope", "Scope", "Where the option acts: the whole body, one site, or the whole person."},
  {"strategy", "purpose", "Purpose", "What the option is for."},
  {"strategy", "use_cases", "Common use cases", "When the option is commonly used.", schema_text::text, 1},
  {"strategy", "benefits", "Benefits", "Optional: what the option may bring."},
  {"strategy", "considerations", "Considerations", "Optional: downsides and things to weigh, in as much detail as the benefits."},
  {"strategy", "care_team", "Care team", "Optional: who provides the option.", schema_text::name},
  {"strategy", "sources", "Sources", "The ids of the catalog's sources the option cites.", schema_text::id, 1},
  {"rule", "", "Rule", "A relevance rule: when its condition holds, it shows (or hides) options."},
  {"rule", "id", "Rule id", "A kebab-case id, for programs.", schema_text::id},
  {"rule", "description", "Description", "The condition, written for a reader."},
  {"rule", "when", "Condition", "A JsonLogic expression over the rule data object: sites, symptoms, goals, site_count and the declared facts.", schema_text::any},
  {"rule", "show", "Shows", "The ids of the options the rule shows.", schema_text::id},
  {"rule", "hide", "Hides", "Optional: the ids of the options the rule hides.", schema_text::id},
  {"rule", "weight", "Weight", "Optional: how much the rule adds to an option's relevance (default 1)."},
  {"rule", "reason", "Reason", "Why an option is shown, in plain words for the reader: under each option the rule shows that has no reason of its own in reasons."},
  {"rule", "reasons", "Reasons per option", "Optional: a reason for each option the rule shows, so that no option's reason speaks of another."},
  {"option_reason", "", "Reason for one option", "What a rule says under one of the options it shows."},
  {"option_reason", "strategy", "Option", "The id of an option the rule shows.", schema_text::id},
  {"option_reason", "reason", "Reason", "Why this option is shown, in plain words for the reader."},
  {"rule", "absent_is", "Absent facts", "Optional: how the rule reads a declared fact nobody answered: unknown (the default) or null."},
  {"iso_date", "", "Date", "An ISO 8601 calendar date, YYYY-MM-DD."},
  {"semantic_version", "", "Version", "A semantic version (semver 2.0.0), e.g. \"1.0.0\"."},
  {"strategy_kind", "", "Kind of care", "What kind of care an option is."},
  {"strategy_scope", "", "Scope", "Where an option acts."},
  {"fact_type", "", "Fact type", "The type of a fact's value; string-list is an array of strings."},
  {"absence", "", "Absent facts", "How a rule reads a declared fact nobody answered."},
};
// clang-format on

template <class T>
constexpr std::string_view model_type_name() noexcept;
#define CARECOMPARE_MODEL_TYPE_NAME(T)                       \
  template <>                                                \
  constexpr std::string_view model_type_name<T>() noexcept { \
    return #T;                                               \
  }
CARECOMPARE_MODEL_TYPES(CARECOMPARE_MODEL_TYPE_NAME)
#undef CARECOMPARE_MODEL_TYPE_NAME

/// The row of `type`'s `member` ("" for the type), or null.
inline const schema_doc* find_schema_doc(std::string_view type, std::string_view member) {
  for (const auto& d : schema_docs) {
    if (d.type == type && d.member == member) return &d;
  }
  return nullptr;
}

}  // namespace detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_MODEL_DOCS_HPP
