// SPDX-License-Identifier: MIT
// The catalog's JSON Schema (schema.hpp): made from the model, equal to the committed copy,
// a title and a description for every key, and patterns that agree with the loader's checks.
// (tests/schema/test_schema.py runs it through a real validator.)
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/describe.hpp>
#include <boost/mp11/algorithm.hpp>
#include <carecompare/carecompare.hpp>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "catalog/formats.hpp"
#include "catalog_support.hpp"
#include "codec.hpp"

namespace cc = carecompare;

namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool matches(std::string_view pattern, const std::string& text) {
  static std::map<std::string_view, std::regex> compiled;
  auto it = compiled.find(pattern);
  if (it == compiled.end())
    it = compiled.emplace(pattern, std::regex(std::string(pattern), std::regex::ECMAScript)).first;
  return std::regex_search(text, it->second);
}

/// Every text of up to `length` characters over `alphabet`.
std::vector<std::string> all_texts(const std::string& alphabet, std::size_t length) {
  std::vector<std::string> out{""};
  std::vector<std::string> last{""};
  for (std::size_t n = 1; n <= length; ++n) {
    std::vector<std::string> next;
    for (const auto& t : last) {
      for (const char c : alphabet) next.push_back(t + c);
    }
    out.insert(out.end(), next.begin(), next.end());
    last = std::move(next);
  }
  return out;
}

TEST(Schema, CommittedCopyIsWhatTheModelMakes) {
  const std::string committed = read_text(CARECOMPARE_SOURCE_DIR "/data/schema/catalog.schema.json");
  ASSERT_FALSE(committed.empty());
  // Byte for byte: regenerate with `carecompare schema > data/schema/catalog.schema.json`.
  EXPECT_EQ(committed, cc::catalog_schema().dump(2) + "\n");
}

TEST(Schema, IsDraft202012AndStartsAtTheDocument) {
  const auto s = cc::catalog_schema();
  EXPECT_EQ(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
  EXPECT_EQ(s["$ref"], "#/$defs/catalog_document");
  EXPECT_FALSE(s["$defs"].contains("catalog_info")) << "bases are flattened into the document";
}

/// Every key of every described struct is a property, required unless optional, with words.
template <class T>
void expect_members(const nlohmann::json& def, std::vector<std::string>& seen) {
  boost::mp11::mp_for_each<boost::describe::describe_bases<T, boost::describe::mod_public>>(
      [&](auto base) { expect_members<typename decltype(base)::type>(def, seen); });
  boost::mp11::mp_for_each<boost::describe::describe_members<T, boost::describe::mod_public>>([&](auto d) {
    using F = std::remove_cv_t<std::remove_reference_t<decltype(std::declval<T&>().*decltype(d)::pointer)>>;
    seen.push_back(d.name);
    ASSERT_TRUE(def["properties"].contains(d.name)) << d.name;
    const nlohmann::json& p = def["properties"][d.name];
    EXPECT_TRUE(p.contains("title") && !p["title"].get<std::string>().empty()) << d.name;
    EXPECT_TRUE(p.contains("description") && !p["description"].get<std::string>().empty()) << d.name;
    const nlohmann::json& required = def["required"];
    const bool is_required = std::find(required.begin(), required.end(), d.name) != required.end();
    EXPECT_EQ(is_required, !cc::detail::is_optional<F>::value) << d.name;
  });
}

TEST(Schema, HasEveryMemberOfTheModelWithATitleAndADescription) {
  const auto s = cc::catalog_schema();
  const auto& defs = s["$defs"];
  std::size_t structs = 0;
#define CARECOMPARE_CHECK_MEMBERS(T)                                                   \
  if constexpr (cc::detail::is_described_struct<cc::T>) {                              \
    if (std::string(#T) != "catalog_info") {                                           \
      ++structs;                                                                       \
      ASSERT_TRUE(defs.contains(#T)) << #T;                                            \
      std::vector<std::string> seen;                                                   \
      expect_members<cc::T>(defs[#T], seen);                                           \
      EXPECT_EQ(defs[#T]["additionalProperties"], false) << #T;                        \
      std::size_t extra = std::string(#T) == "catalog_document" ? 1 : 0; /* $schema */ \
      EXPECT_EQ(defs[#T]["properties"].size(), seen.size() + extra) << #T;             \
      EXPECT_TRUE(defs[#T].contains("title")) << #T;                                   \
    }                                                                                  \
  }
  CARECOMPARE_MODEL_TYPES(CARECOMPARE_CHECK_MEMBERS)
#undef CARECOMPARE_CHECK_MEMBERS
  EXPECT_EQ(structs, 13u);
}

TEST(Schema, EnumsComeFromTheDescribedEnums) {
  const auto defs = cc::catalog_schema()["$defs"];
  EXPECT_EQ(defs["strategy_scope"]["enum"], (nlohmann::json{"systemic", "local", "whole-person"}));
  EXPECT_EQ(defs["strategy_kind"]["enum"],
            (nlohmann::json{"treatment", "supportive", "lifestyle", "monitoring", "research"}));
  EXPECT_EQ(defs["fact_type"]["enum"], (nlohmann::json{"boolean", "number", "string", "string-list"}));
  EXPECT_EQ(defs["absence"]["enum"], (nlohmann::json{"unknown", "null"}));
  const auto fields = defs["column"]["properties"]["field"]["enum"];
  EXPECT_EQ(fields.size(), 10u);
  EXPECT_EQ(fields[0], "id");
  EXPECT_EQ(defs["catalog_document"]["properties"]["format"]["const"], "carecompare.catalog/1");
}

TEST(Schema, SlugPatternAgreesWithTheLoader) {
  std::size_t accepted = 0;
  for (const auto& t : all_texts("a0-A_", 6)) {
    const bool ok = cc::detail::is_slug(t);
    accepted += ok;
    EXPECT_EQ(matches(cc::detail::slug_pattern, t), ok) << '"' << t << '"';
  }
  EXPECT_GT(accepted, 100u);
}

TEST(Schema, FactIdPatternAgreesWithTheLoader) {
  for (const auto& t : all_texts("a0-_A.", 5)) {
    EXPECT_EQ(matches(cc::detail::fact_id_pattern, t), cc::detail::is_fact_id(t)) << '"' << t << '"';
  }
}

TEST(Schema, LanguageTagPatternAgreesWithTheLoader) {
  const std::vector<std::string> tags = {"en",
                                         "EN",
                                         "en-GB",
                                         "en-gb",
                                         "zh-Hant-TW",
                                         "sr-Latn-RS",
                                         "es-419",
                                         "de-CH-1901",
                                         "sl-rozaj-biske",
                                         "en-US-x-twain",
                                         "x-whatever",
                                         "x",
                                         "x-",
                                         "i-klingon",
                                         "zh-yue-HK",
                                         "ar-aao-aab-aac",
                                         "ar-aao-aab-aac-aad",
                                         "en-a-bbb-x-a-ccc",
                                         "en-a",
                                         "en-a-b",
                                         "e",
                                         "english",
                                         "english!",
                                         "en-",
                                         "-en",
                                         "en--GB",
                                         "123",
                                         "en-1234",
                                         "en-123",
                                         "en-12",
                                         "en-abcd",
                                         "en-Latn-abcd",
                                         "en-abcdefghi",
                                         "abcdefghi",
                                         "en-US-u-ca-gregory",
                                         "de-DE-u-co-phonebk",
                                         "qaa-Qaaa-QM-x-southern",
                                         "he",
                                         "ar",
                                         "fa-IR",
                                         "en-GB-oed",
                                         "en-x-a-b-c",
                                         "en-GB-",
                                         ""};
  for (const auto& t : tags) {
    EXPECT_EQ(matches(cc::detail::language_tag_pattern, t), cc::detail::is_language_tag(t)) << '"' << t << '"';
  }
  for (const auto& t : all_texts("a1-xA", 5)) {
    if (t.empty()) continue;
    EXPECT_EQ(matches(cc::detail::language_tag_pattern, t), cc::detail::is_language_tag(t)) << '"' << t << '"';
  }
}

TEST(Schema, VersionPatternAgreesWithTheLoader) {
  const std::vector<std::string> versions = {"1.0.0",
                                             "0.0.0",
                                             "10.20.30",
                                             "1.0",
                                             "1",
                                             "01.0.0",
                                             "1.02.0",
                                             "1.0.00",
                                             "1.0.0-rc.1",
                                             "1.0.0-rc.01",
                                             "1.0.0-0rc",
                                             "1.0.0-0",
                                             "1.0.0-00",
                                             "1.0.0-alpha-1.x",
                                             "1.0.0-",
                                             "1.0.0-a..b",
                                             "1.0.0+build.5",
                                             "1.0.0+001",
                                             "1.0.0+",
                                             "1.0.0-rc.1+build.5",
                                             "1.0.0+b+c",
                                             "v1.0.0",
                                             "1.0.0 ",
                                             "1.0.0-a_b",
                                             "1.0.0-A.B"};
  for (const auto& t : versions) {
    EXPECT_EQ(matches(cc::detail::version_pattern, t), cc::semantic_version::parse(t).has_value()) << t;
  }
  for (const auto& t : all_texts("0.1-+a", 6)) {
    EXPECT_EQ(matches(cc::detail::version_pattern, t), cc::semantic_version::parse(t).has_value()) << t;
  }
}

TEST(Schema, DatePatternAcceptsEveryDateTheLoaderAccepts) {
  for (const std::string t : {"2025-01-31", "2024-02-29", "2025-02-29", "2025-13-01", "2025-1-01", "25-01-01",
                              "2025/01/01", "2025-01-01T00:00", "20250101"}) {
    if (cc::iso_date::parse(t)) {
      EXPECT_TRUE(matches(cc::detail::date_pattern, t)) << t;
    }
    // Beyond the pattern, only the day in its month is the loader's alone.
    if (!matches(cc::detail::date_pattern, t)) {
      EXPECT_FALSE(cc::iso_date::parse(t)) << t;
    }
  }
}

TEST(Schema, TextPatternAgreesWithTheLoader) {
  const auto loader_accepts = [](const std::string& text) {
    bool ok = true;
    cc::detail::check_text(text, cc::limits{}, [&](int, const std::string&) { ok = false; });
    return ok;
  };
  const std::vector<std::string> texts = {
      "Fatigue", " a ",  "",      " ",    "  \t\n", "a\tb", "a\nb", "\r\na", std::string("a\0b", 3),
      "a\x01",   "\x7f", "a\x1f", "\x0b", "é"};
  for (const auto& t : texts) EXPECT_EQ(matches(cc::detail::text_pattern, t), loader_accepts(t)) << '"' << t << '"';
}

TEST(Schema, ACatalogMayNameItsSchema) {
  auto doc = carecompare_test::builtin_json();
  doc["$schema"] = "https://example.org/catalog.schema.json";
  const auto cat = cc::catalog::from_value(doc);
  EXPECT_EQ(cat.strategies().size(), cc::catalog::builtin().strategies().size());
  EXPECT_FALSE(cat.to_json_value().contains("$schema")) << "read, not kept";
  doc["$schema"] = 4;
  const auto out = carecompare_test::outcome_of([&] { return cc::catalog::from_value(doc); });
  ASSERT_FALSE(out.loaded);
  ASSERT_EQ(out.problems.size(), 1u);
  EXPECT_EQ(out.problems[0].id, cc::error_ids::catalog_wrong_type);
  EXPECT_EQ(out.problems[0].pointer, "/$schema");
  // Only at the top: a strategy may not carry it.
  doc["$schema"] = "x";
  doc["strategies"][0]["$schema"] = "x";
  const auto nested = carecompare_test::outcome_of([&] { return cc::catalog::from_value(doc); });
  ASSERT_EQ(nested.problems.size(), 1u);
  EXPECT_EQ(nested.problems[0].id, cc::error_ids::catalog_unknown_key);
}

}  // namespace
