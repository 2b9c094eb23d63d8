// SPDX-License-Identifier: MIT
// The JSON Schema of the catalog format (schema.hpp), made from the Boost.Describe model: the
// structure (keys, required keys, types, enums) comes from the described members and enums; the
// words (a title and a description per key) and which check a text obeys come from the table
// below, one row per member. The patterns are those of the loader's checks (codec.hpp,
// catalog/validate.hpp).
#include <algorithm>
#include <boost/describe.hpp>
#include <boost/mp11/algorithm.hpp>
#include <carecompare/model.hpp>
#include <carecompare/schema.hpp>
#include <string>
#include <string_view>
#include <type_traits>

#include "catalog/validate.hpp"
#include "codec.hpp"

CARECOMPARE_BEGIN_NAMESPACE
namespace detail {

/// What a string member (or each string of a list member) holds, and so its check.
enum class schema_text {
  text,            ///< reader-facing text: not blank, no control characters
  id,              ///< a kebab-case slug (an id, or a reference to one)
  fact_id,         ///< a fact id
  locale,          ///< a BCP 47 language tag
  format,          ///< the format string, carecompare.catalog/1
  strategy_field,  ///< the name of a strategy field
  any,             ///< any JSON value (a JsonLogic expression)
  object,          ///< any JSON object
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
  {"catalog_info", "title", "Title", "What the catalog covers, as readers see it."},
  {"catalog_info", "condition", "Condition", "The condition the catalog is about."},
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
  {"author", "", "Author", "Someone who wrote or reviewed the catalog."},
  {"author", "name", "Name", "A person or an organisation."},
  {"author", "role", "Role", "What they did, e.g. author, clinical reviewer, maintainer."},
  {"catalog_document", "sources", "Sources", "The works the catalog cites."},
  {"catalog_document", "vocabulary", "Vocabulary", "The words circumstances are stated in: sites, symptoms and goals."},
  {"catalog_document", "facts", "Facts", "Optional: the extra facts the rules read, beyond sites, symptoms and goals."},
  {"catalog_document", "columns", "Columns", "The default table columns, in order.", schema_text::text, 1},
  {"catalog_document", "strategies", "Strategies", "The care options, in catalog order (ties in relevance keep it)."},
  {"catalog_document", "rules", "Rules", "The relevance rules: each shows (or hides) options when its condition holds."},
  {"catalog_document", "extensions", "Extensions", "Optional: app-specific data, kept verbatim.", schema_text::object},
  {"source", "", "Source", "A work the catalog or an option cites."},
  {"source", "id", "Source id", "A kebab-case id that options cite.", schema_text::id},
  {"source", "title", "Title", "The title of the work."},
  {"source", "publisher", "Publisher", "Optional: who published the work."},
  {"source", "url", "URL", "Optional: where to read the work."},
  {"source", "accessed", "Accessed", "Optional: when the work was read: an ISO date (YYYY-MM-DD)."},
  {"catalog_vocabulary", "", "Vocabulary", "The ids circumstances are stated in, with their labels."},
  {"catalog_vocabulary", "sites", "Sites", "Where the condition may have spread."},
  {"catalog_vocabulary", "symptoms", "Symptoms", "Symptoms a person may state."},
  {"catalog_vocabulary", "goals", "Goals", "Goals a person may state."},
  {"vocabulary_entry", "", "Vocabulary entry", "One id of a vocabulary and the label readers see."},
  {"vocabulary_entry", "id", "Id", "A kebab-case id that circumstances and rules use.", schema_text::id},
  {"vocabulary_entry", "label", "Label", "The words readers see."},
  {"fact", "", "Fact", "An extra fact the rules read."},
  {"fact", "id", "Fact id", "A lowercase letter, then lowercase letters, digits, '_' or '-'; not sites, symptoms, goals or site_count.", schema_text::fact_id},
  {"fact", "type", "Type", "The type of the fact's value."},
  {"fact", "label", "Label", "The words readers see."},
  {"fact", "description", "Description", "What the fact means, for readers."},
  {"fact", "values", "Values", "Optional, for string and string-list facts: the allowed values."},
  {"column", "", "Column", "A default table column."},
  {"column", "field", "Field", "The strategy field the column shows.", schema_text::strategy_field},
  {"column", "label", "Heading", "The column's heading."},
  {"strategy", "", "Strategy", "A care option: what it is, its purpose and when it is commonly used."},
  {"strategy", "id", "Strategy id", "A kebab-case id, e.g. \"systemic-therapy\".", schema_text::id},
  {"strategy", "name", "Name", "The option's name, as readers see it."},
  {"strategy", "kind", "Kind", "What kind of care the option is."},
  {"strategy", "scope", "Scope", "Where the option acts: the whole body, one site, or the whole person."},
  {"strategy", "purpose", "Purpose", "What the option is for."},
  {"strategy", "use_cases", "Common use cases", "When the option is commonly used.", schema_text::text, 1},
  {"strategy", "benefits", "Benefits", "Optional: what the option may bring."},
  {"strategy", "considerations", "Considerations", "Optional: downsides and things to weigh, in as much detail as the benefits."},
  {"strategy", "care_team", "Care team", "Optional: who provides the option."},
  {"strategy", "sources", "Sources", "The ids of the catalog's sources the option cites.", schema_text::id, 1},
  {"rule", "", "Rule", "A relevance rule: when its condition holds, it shows (or hides) options."},
  {"rule", "id", "Rule id", "A kebab-case id, for programs.", schema_text::id},
  {"rule", "description", "Description", "The condition, written for a reader."},
  {"rule", "when", "Condition", "A JsonLogic expression over the rule data object: sites, symptoms, goals, site_count and the declared facts.", schema_text::any},
  {"rule", "show", "Shows", "The ids of the options the rule shows.", schema_text::id},
  {"rule", "hide", "Hides", "Optional: the ids of the options the rule hides.", schema_text::id},
  {"rule", "weight", "Weight", "Optional: how much the rule adds to an option's relevance (default 1)."},
  {"rule", "reason", "Reason", "Why an option is shown, in plain words for the reader."},
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

inline void add_words(nlohmann::json& out, const schema_doc* doc) {
  if (!doc) return;
  out["title"] = doc->title;
  out["description"] = doc->description;
}

class schema_builder {
 public:
  nlohmann::json build() {
    nlohmann::json root = nlohmann::json::object();
    root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
    root["title"] = "carecompare catalog (" + std::string(catalog_format) + ")";
    root["description"] =
        "Made from the carecompare model (carecompare schema). The loader (carecompare validate) checks "
        "more: references between ids, duplicate ids, real dates, the rules' JsonLogic, limits.";
    root["$ref"] = ref<catalog_document>()["$ref"];
    string_def("text", text_pattern, "Text", "Text for readers: not blank, no control characters.");
    string_def("id", slug_pattern, "Id",
               "A kebab-case slug: lowercase letters and digits joined by single hyphens, e.g. \"physical-therapy\".");
    string_def("fact-id", fact_id_pattern, "Fact id",
               "A lowercase letter, then lowercase letters, digits, '_' or '-'.");
    string_def("locale", language_tag_pattern, "Language tag", "A BCP 47 language tag, e.g. \"en\" or \"en-GB\".");
    root["$defs"] = std::move(defs_);
    return root;
  }

 private:
  void string_def(const char* name, std::string_view pattern, const char* title, const char* description) {
    defs_[name] = {{"type", "string"}, {"pattern", pattern}, {"title", title}, {"description", description}};
  }

  template <class T>
  nlohmann::json ref() {
    const std::string name(model_type_name<T>());
    if (!defs_.contains(name)) {
      defs_[name] = nlohmann::json::object();  // placeholder against recursion, filled below
      defs_[name] = define<T>();
    }
    return {{"$ref", "#/$defs/" + name}};
  }

  template <class T>
  nlohmann::json define() {
    nlohmann::json out = nlohmann::json::object();
    if constexpr (std::is_same_v<T, iso_date>) {
      out = {{"type", "string"}, {"pattern", date_pattern}, {"format", "date"}};
    } else if constexpr (std::is_same_v<T, semantic_version>) {
      out = {{"type", "string"}, {"pattern", version_pattern}};
    } else if constexpr (is_described_enum<T>) {
      nlohmann::json names = nlohmann::json::array();
      boost::mp11::mp_for_each<boost::describe::describe_enumerators<T>>(
          [&](auto d) { names.push_back(enum_json_name(d.value)); });
      out = {{"type", "string"}, {"enum", std::move(names)}};
    } else {
      static_assert(is_described_struct<T>, "a model type");
      out["type"] = "object";
      out["properties"] = nlohmann::json::object();
      out["required"] = nlohmann::json::array();
      out["additionalProperties"] = false;
      add_members<T>(out);
      if constexpr (std::is_same_v<T, catalog_document>) {
        out["properties"][std::string(schema_key)] = {
            {"type", "string"},
            {"title", "JSON Schema"},
            {"description", "Optional: the URI of this schema, for editors. Read and not kept."}};
      }
    }
    add_words(out, find_schema_doc(model_type_name<T>(), ""));
    return out;
  }

  /// The members of T's bases, then T's own: as the decoder reads them.
  template <class T>
  void add_members(nlohmann::json& out) {
    boost::mp11::mp_for_each<boost::describe::describe_bases<T, boost::describe::mod_public>>(
        [&](auto base) { add_members<typename decltype(base)::type>(out); });
    boost::mp11::mp_for_each<boost::describe::describe_members<T, boost::describe::mod_public>>([&](auto d) {
      using D = decltype(d);
      using F = std::remove_cv_t<std::remove_reference_t<decltype(std::declval<T&>().*D::pointer)>>;
      const schema_doc* doc = find_schema_doc(model_type_name<T>(), D::name);
      nlohmann::json member = value_schema<F>(doc ? doc->text : schema_text::text, doc ? doc->min_items : 0);
      add_words(member, doc);
      out["properties"][D::name] = std::move(member);
      if (!is_optional<F>::value) out["required"].push_back(D::name);
    });
  }

  template <class F>
  nlohmann::json value_schema(schema_text text, std::size_t min_items) {
    if constexpr (is_optional<F>::value) {
      return value_schema<typename F::value_type>(text, min_items);
    } else if constexpr (is_vector<F>::value) {
      nlohmann::json out = {{"type", "array"}, {"items", value_schema<typename F::value_type>(text, 0)}};
      if (min_items != 0) out["minItems"] = min_items;
      return out;
    } else if constexpr (std::is_same_v<F, nlohmann::json>) {
      if (text == schema_text::object) return {{"type", "object"}};
      return nlohmann::json::object();  // any JSON value
    } else if constexpr (std::is_same_v<F, double>) {
      return {{"type", "number"}};
    } else if constexpr (std::is_same_v<F, std::string>) {
      switch (text) {
        case schema_text::id: return {{"$ref", "#/$defs/id"}};
        case schema_text::fact_id: return {{"$ref", "#/$defs/fact-id"}};
        case schema_text::locale: return {{"$ref", "#/$defs/locale"}};
        case schema_text::format: return {{"const", catalog_format}};
        case schema_text::strategy_field: {
          nlohmann::json names = nlohmann::json::array();
          boost::mp11::mp_for_each<boost::describe::describe_members<strategy, boost::describe::mod_public>>(
              [&](auto m) { names.push_back(m.name); });
          return {{"type", "string"}, {"enum", std::move(names)}};
        }
        default: return {{"$ref", "#/$defs/text"}};
      }
    } else {
      return ref<F>();
    }
  }

  nlohmann::json defs_ = nlohmann::json::object();
};

}  // namespace detail

CARECOMPARE_FUNC nlohmann::json catalog_schema() { return detail::schema_builder().build(); }

CARECOMPARE_END_NAMESPACE
