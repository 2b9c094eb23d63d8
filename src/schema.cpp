// SPDX-License-Identifier: MIT
// The JSON Schema of the catalog format (schema.hpp), made from the Boost.Describe model: the
// structure (keys, required keys, types, enums) comes from the described members and enums; the
// words (a title and a description per key) and which check a text obeys come from the table
// of model_docs.hpp, one row per member. The patterns are those of the loader's checks (codec.hpp,
// catalog/formats.hpp).
#include <algorithm>
#include <boost/describe.hpp>
#include <boost/mp11/algorithm.hpp>
#include <carecompare/model.hpp>
#include <carecompare/schema.hpp>
#include <string>
#include <string_view>
#include <type_traits>

#include "catalog/formats.hpp"
#include "codec.hpp"
#include "model_docs.hpp"

CARECOMPARE_BEGIN_NAMESPACE
namespace detail {

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
    string_def("uri", absolute_uri_pattern, "Absolute URI",
               "A scheme, a colon and the rest, without spaces, e.g. \"http://loinc.org\".");
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
    nlohmann::json out;  // null: each branch below gives it its value
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
      if constexpr (std::is_same_v<T, catalog_labels>) member["default"] = *(default_labels().*D::pointer);
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
        case schema_text::uri: return {{"$ref", "#/$defs/uri"}};
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
