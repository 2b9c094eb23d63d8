// SPDX-License-Identifier: MIT
// Translation overlays: decoding (strict, with JSON Pointers), applying one to a catalog
// (coverage, fallback, strictness), filtering a translated catalog (identical to the original
// for every circumstance of the builtin vocabulary), outputs, BCP 47 lookup and the template.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <carecompare/codec.hpp>
#include <carecompare/filter.hpp>
#include <carecompare/render.hpp>
#include <carecompare/table.hpp>
#include <carecompare/translation.hpp>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace cc = carecompare;
using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

const std::string es_path = std::string(CARECOMPARE_TEST_DATA_DIR) + "/translations/es.json";

cc::translation spanish() { return cc::translation::from_file(es_path); }

json spanish_json() { return spanish().to_json_value(); }

/// The problems of loading an overlay value, or of applying it to the builtin catalog.
std::vector<cc::diagnostic> overlay_problems(const json& overlay) {
  try {
    (void)cc::catalog::builtin().with_translation(cc::translation::from_value(overlay));
  } catch (const cc::catalog_error& e) {
    return e.problems();
  }
  return {};
}

/// "id@pointer" of each problem.
std::vector<std::string> ids_at(const std::vector<cc::diagnostic>& problems) {
  std::vector<std::string> out;
  for (const auto& p : problems) out.push_back(std::to_string(p.id) + "@" + p.pointer);
  return out;
}

/// Everything the filter decides, without texts: ranked ids with scores and rule ids, the
/// undecided ones, and the others with the rules behind them.
std::vector<std::string> decisions(const cc::result& r) {
  std::vector<std::string> out;
  for (const auto& o : r.relevant()) {
    std::string line = "shown " + o.strategy->id + " " + std::to_string(o.score);
    for (const auto* rule : o.reasons) line += " " + rule->id;
    out.push_back(line);
  }
  for (const auto& o : r.undecided()) {
    std::string line = "undecided " + o.strategy->id;
    for (const auto* f : o.facts) line += " " + f->id;
    for (const auto* rule : o.rules) line += " " + rule->id;
    out.push_back(line);
  }
  for (const auto& o : r.not_shown()) {
    std::string line = "not-shown " + o.strategy->id;
    for (const auto* rule : o.unmatched) line += " u:" + rule->id;
    for (const auto* rule : o.hidden_by) line += " h:" + rule->id;
    for (const auto* rule : o.overruled) line += " o:" + rule->id;
    out.push_back(line);
  }
  return out;
}

/// Every text of a template changed, so that each one counts as translated.
void mark_every_text(json& j) {
  if (j.is_string()) {
    j = "[es] " + j.get<std::string>();
  } else if (j.is_structured()) {
    for (auto& item : j) mark_every_text(item);
  }
}

json full_template_translation(const cc::catalog& cat) {
  json t = cc::translation_template(cat, "es");
  json head = {{"format", t["format"]},
               {"catalog", t["catalog"]},
               {"catalog_version", t["catalog_version"]},
               {"locale", t["locale"]}};
  mark_every_text(t);
  t.update(head);
  return t;
}

}  // namespace

TEST(TranslationLoad, TheSpanishOverlayDecodesAndRoundTrips) {
  const auto es = spanish();
  EXPECT_EQ(es.locale(), "es");
  EXPECT_EQ(es.document().catalog, "metastatic-breast-cancer");
  EXPECT_EQ(es.document().reviewed, false);
  EXPECT_EQ(es.document().strategies.at("clinical-trials").name, "Ensayos clínicos");
  EXPECT_EQ(cc::translation::from_value(es.to_json_value()).document(), es.document());
}

TEST(TranslationLoad, BadOverlaysAreErrorsWithJsonPointers) {
  json j = spanish_json();
  j["format"] = "carecompare.catalog/1";
  j["locale"] = "not a tag";
  j["strategies"]["nutrition"]["name"] = "";
  j["strategies"]["nutrition"]["price"] = "free";
  j["rules"]["pain"]["reason"] = 3;
  j["columns"] = json::array();
  j["vocabulary"]["organs"] = json::object();
  try {
    (void)cc::translation::from_value(j);
    FAIL() << "loaded";
  } catch (const cc::catalog_error& e) {
    EXPECT_THAT(ids_at(e.problems()), ElementsAre("250@/format", "215@/locale", "206@/vocabulary/organs",
                                                  "204@/columns", "206@/strategies/nutrition/price",
                                                  "208@/strategies/nutrition/name", "204@/rules/pain/reason"));
  }
}

TEST(TranslationLoad, SyntaxErrorsAndMissingKeysAreReported) {
  try {
    (void)cc::translation::from_json("{\"format\": ");
    FAIL() << "loaded";
  } catch (const cc::catalog_error& e) {
    EXPECT_EQ(e.problems().front().id, cc::error_ids::catalog_syntax);
  }
  try {
    (void)cc::translation::from_json(R"({"format": "carecompare.translation/1"})");
    FAIL() << "loaded";
  } catch (const cc::catalog_error& e) {
    EXPECT_THAT(ids_at(e.problems()), ElementsAre("205@/catalog", "205@/catalog_version", "205@/locale"));
  }
  try {
    (void)cc::translation::from_json("{\"format\": \"carecompare.translation/1\", \"title\": \"\xff\"}");
    FAIL() << "loaded";
  } catch (const cc::catalog_error& e) {
    EXPECT_EQ(e.problems().front().id, cc::error_ids::catalog_syntax);
  }
  EXPECT_THROW((void)cc::translation::from_file("/nonexistent/es.json"), cc::catalog_error);
}

TEST(TranslationApply, TheSpanishOverlayTranslatesAllButTheSourceTitle) {
  const auto cat = cc::catalog::builtin().with_translation(spanish());
  EXPECT_EQ(cat.info().locale, "es");
  EXPECT_EQ(cat.title(), "Opciones de cuidado para el cáncer de mama metastásico");
  EXPECT_EQ(cat.find_strategy("clinical-trials")->benefits->at(1),
            "Organizaciones como la National Breast Cancer Foundation ofrecen bases de datos para encontrar estudios "
            "adecuados");
  // The cited article keeps its own (English) title: missing, so the original is shown.
  EXPECT_EQ(cat.sources()[0].title, cc::catalog::builtin().sources()[0].title);
  const auto* report = cat.applied_translation();
  ASSERT_NE(report, nullptr);
  EXPECT_THAT(report->missing, ElementsAre("/sources/mbc-article/title"));
  EXPECT_EQ(report->translated + 1, report->texts);
  EXPECT_FALSE(report->reviewed);
  EXPECT_EQ(report->summary(), "es: 99% of " + std::to_string(report->texts) +
                                   " texts; missing: /sources/mbc-article/title; not reviewed");
  ASSERT_EQ(report->warnings.size(), 1u);
  EXPECT_EQ(report->warnings[0].id, cc::error_ids::translation_missing_text);
  EXPECT_EQ(report->warnings[0].level, cc::diagnostic::severity::warning);
  // Its JSON form (codec.hpp): the described members, percent and summary with their values.
  EXPECT_EQ(cc::encode(*report), (nlohmann::json{{"locale", "es"},
                                                 {"catalog_locale", report->catalog_locale},
                                                 {"catalog_version", report->catalog_version.to_string()},
                                                 {"reviewed", false},
                                                 {"texts", report->texts},
                                                 {"translated", report->translated},
                                                 {"percent", 99},
                                                 {"missing", {"/sources/mbc-article/title"}},
                                                 {"warnings",
                                                  {{{"id", cc::error_ids::translation_missing_text},
                                                    {"pointer", report->warnings[0].pointer},
                                                    {"message", report->warnings[0].message}}}},
                                                 {"summary", report->summary()}}));
  // Same ids, rules, weights and logic.
  EXPECT_EQ(cat.rules().size(), cc::catalog::builtin().rules().size());
  for (std::size_t i = 0; i < cat.rules().size(); ++i) {
    EXPECT_EQ(cat.rules()[i].id, cc::catalog::builtin().rules()[i].id);
    EXPECT_EQ(cat.rules()[i].when, cc::catalog::builtin().rules()[i].when);
    EXPECT_EQ(cat.rules()[i].weight, cc::catalog::builtin().rules()[i].weight);
  }
  EXPECT_EQ(cc::catalog::builtin().applied_translation(), nullptr);
}

TEST(TranslationApply, AMissingListItemFallsBackAndIsReportedByPointer) {
  json j = spanish_json();
  j["strategies"]["clinical-trials"]["benefits"][1] =
      cc::catalog::builtin().find_strategy("clinical-trials")->benefits->at(1);
  j["strategies"]["nutrition"].erase("purpose");
  const auto cat = cc::catalog::builtin().with_translation(cc::translation::from_value(j));
  const auto* report = cat.applied_translation();
  EXPECT_THAT(report->missing, ElementsAre("/sources/mbc-article/title", "/strategies/nutrition/purpose",
                                           "/strategies/clinical-trials/benefits/1"));
  EXPECT_EQ(cat.find_strategy("nutrition")->purpose, cc::catalog::builtin().find_strategy("nutrition")->purpose);
  EXPECT_EQ(cat.find_strategy("clinical-trials")->benefits->at(0), "Acceso a terapias nuevas en estudio");
  EXPECT_THAT(report->summary(1), HasSubstr("missing: /sources/mbc-article/title and 2 more"));
}

TEST(TranslationApply, UnknownIdsItemCountsAndOtherCatalogsAreErrors) {
  json j = spanish_json();
  j["strategies"]["homeopathy"] = {{"name", "Homeopatía"}};
  j["rules"]["pain"]["reason"] = "Dolor.";
  j["rules"]["no-such-rule"] = {{"reason", "x"}};
  j["vocabulary"]["sites"]["skin"] = {{"label", "Piel"}};
  j["columns"]["price"] = {{"label", "Precio"}};
  j["strategies"]["monitoring"]["benefits"].push_back("Uno más");
  j["strategies"]["monitoring"]["care_team"] = json::array();
  j["facts"]["age"] = {{"label", "Edad"}};
  EXPECT_THAT(ids_at(overlay_problems(j)),
              ElementsAre("252@/vocabulary/sites/skin", "252@/facts/age", "252@/columns/price",
                          "252@/strategies/homeopathy", "253@/strategies/monitoring/benefits",
                          "253@/strategies/monitoring/care_team", "252@/rules/no-such-rule"));
  json other = spanish_json();
  other["catalog"] = "another-catalog";
  EXPECT_THAT(ids_at(overlay_problems(other)), ElementsAre("251@/catalog"));
}

TEST(TranslationApply, AnOverlayOfAnOlderVersionIsAWarning) {
  json doc = cc::catalog::builtin().to_json_value();
  doc["version"] = "1.1.0";
  const auto newer = cc::catalog::from_value(doc);
  const auto cat = newer.with_translation(spanish());
  const auto* report = cat.applied_translation();
  ASSERT_FALSE(report->warnings.empty());
  EXPECT_EQ(report->warnings[0].id, cc::error_ids::translation_older_version);
  EXPECT_EQ(report->warnings[0].pointer, "/catalog_version");
  EXPECT_THAT(report->warnings[0].message, HasSubstr("1.0.0"));
  const auto same = cc::catalog::builtin().with_translation(spanish());
  for (const auto& w : same.applied_translation()->warnings) {
    EXPECT_NE(w.id, cc::error_ids::translation_older_version);
  }
}

TEST(TranslationApply, TranslatingATranslatedCatalogStartsFromTheOriginal) {
  const auto es = cc::catalog::builtin().with_translation(spanish());
  json partial = {{"format", "carecompare.translation/1"},
                  {"catalog", "metastatic-breast-cancer"},
                  {"catalog_version", "1.0.0"},
                  {"locale", "es-MX"},
                  {"title", "Opciones de atención"}};
  const auto mx = es.with_translation(cc::translation::from_value(partial));
  EXPECT_EQ(mx.title(), "Opciones de atención");
  EXPECT_EQ(mx.disclaimer(), cc::catalog::builtin().disclaimer());
  EXPECT_EQ(mx.applied_translation()->translated, 1u);
}

TEST(TranslationFilter, EveryCircumstanceOfTheVocabularyFiltersIdentically) {
  const auto en = cc::catalog::builtin();
  const auto es = en.with_translation(spanish());
  std::vector<std::pair<std::string, std::string>> ids;  // (list, id)
  for (const auto& e : en.vocabulary().sites) ids.emplace_back("sites", e.id);
  for (const auto& e : en.vocabulary().symptoms) ids.emplace_back("symptoms", e.id);
  for (const auto& e : en.vocabulary().goals) ids.emplace_back("goals", e.id);
  ASSERT_LT(ids.size(), 20u);
  std::size_t compared = 0;
  for (std::size_t mask = 0; mask < (std::size_t{1} << ids.size()); ++mask) {
    cc::circumstances c;
    for (std::size_t i = 0; i < ids.size(); ++i) {
      if ((mask & (std::size_t{1} << i)) == 0) continue;
      auto& list = ids[i].first == "sites" ? c.sites : ids[i].first == "symptoms" ? c.symptoms : c.goals;
      list.push_back(ids[i].second);
    }
    ASSERT_EQ(decisions(en.filter(c)), decisions(es.filter(c))) << "circumstances " << c.to_json().dump();
    ++compared;
  }
  EXPECT_EQ(compared, std::size_t{1} << ids.size());
}

TEST(TranslationFilter, HideRulesAndFactsFilterIdentically) {
  // The catalogs of the filter tests' HideRules and Facts scenarios, in one.
  json doc = cc::catalog::builtin().to_json_value();
  doc["facts"] =
      json::array({{{"id", "monitoring_elsewhere"},
                    {"type", "boolean"},
                    {"label", "Monitored elsewhere"},
                    {"description", "Monitoring is arranged by another service"}},
                   {{"id", "pain_score"}, {"type", "number"}, {"label", "Pain score"}, {"description", "0 to 10"}}});
  doc["rules"].push_back({{"id", "monitored-elsewhere"},
                          {"description", "Monitoring is arranged elsewhere"},
                          {"when", {{"var", "monitoring_elsewhere"}}},
                          {"show", json::array()},
                          {"hide", {"monitoring"}},
                          {"reason", "Monitoring is arranged elsewhere."}});
  doc["rules"].push_back({{"id", "strong-pain"},
                          {"description", "Pain scored 7 or more"},
                          {"when", {{">=", {{{"var", "pain_score"}}, 7}}}},
                          {"show", {"pain-management"}},
                          {"weight", 0.5},
                          {"reason", "You scored your pain 7 or more."}});
  const auto en = cc::catalog::from_value(doc);
  const auto es = en.with_translation(cc::translation::from_value(full_template_translation(en)));
  EXPECT_EQ(es.applied_translation()->percent(), 100);
  EXPECT_EQ(es.facts()[1].label, "[es] Pain score");
  for (const json& facts : {json::object(), json{{"monitoring_elsewhere", true}}, json{{"monitoring_elsewhere", false}},
                            json{{"pain_score", 8}}, json{{"pain_score", 3}, {"monitoring_elsewhere", true}}}) {
    for (const auto& symptoms : {std::vector<std::string>{}, std::vector<std::string>{"pain"}}) {
      cc::circumstances c;
      c.symptoms = symptoms;
      c.facts = facts;
      EXPECT_EQ(decisions(en.filter(c)), decisions(es.filter(c))) << c.to_json().dump();
    }
  }
}

TEST(TranslationTemplate, CoversEveryTextAndCountsAsUntranslated) {
  const auto cat = cc::catalog::builtin();
  const json t = cc::translation_template(cat, "fr");
  const auto untranslated = cat.with_translation(cc::translation::from_value(t));
  const auto* report = untranslated.applied_translation();
  EXPECT_EQ(report->translated, 0u);
  EXPECT_EQ(report->missing.size(), report->texts);
  EXPECT_EQ(report->percent(), 0);
  EXPECT_EQ(untranslated.document().strategies, cat.document().strategies);
  // Every text of the template changed: every text is translated, none is left out.
  const auto full = cat.with_translation(cc::translation::from_value(full_template_translation(cat)));
  EXPECT_EQ(full.applied_translation()->translated, report->texts);
  EXPECT_TRUE(full.applied_translation()->missing.empty());
  EXPECT_EQ(full.applied_translation()->summary(),
            "es: 100% of " + std::to_string(report->texts) + " texts; not reviewed");
}

TEST(TranslationOutput, TablesSayTheLocaleAndThatTheTranslationIsNotReviewed) {
  const auto es = cc::catalog::builtin().with_translation(spanish());
  const auto t = cc::make_table(es);
  EXPECT_EQ(t.locale, "es");
  ASSERT_TRUE(t.translation.has_value());
  EXPECT_EQ(t.columns[0].label, "Opción de cuidado");
  const json j = json::parse(cc::render(t, {.format = cc::table_format::json}));
  EXPECT_EQ(j["catalog"]["locale"], "es");
  EXPECT_EQ(j["catalog"]["translation"]["locale"], "es");
  EXPECT_EQ(j["catalog"]["translation"]["catalog_version"], "1.0.0");
  EXPECT_EQ(j["catalog"]["translation"]["reviewed"], false);
  for (auto format :
       {cc::table_format::markdown, cc::table_format::html, cc::table_format::text, cc::table_format::csv}) {
    // The note is in the overlay's words (its labels), and says the translation is not reviewed.
    EXPECT_THAT(cc::render(t, {.format = format}), HasSubstr("Esta traducción no ha sido revisada."));
  }
  EXPECT_THAT(cc::render(t, {.format = cc::table_format::html}), HasSubstr("lang=\"es\">"));
  EXPECT_THAT(cc::render(cc::make_table(cc::catalog::builtin()), {.format = cc::table_format::markdown}),
              Not(HasSubstr("translation")));
  const json r = es.filter(cc::circumstances{}).to_json();
  EXPECT_EQ(r["catalog"]["translation"]["locale"], "es");
  EXPECT_EQ(r["relevant"][0]["name"], "Seguimiento regular");

  json reviewed = spanish_json();
  reviewed["reviewed"] = true;
  const auto t2 = cc::make_table(cc::catalog::builtin().with_translation(cc::translation::from_value(reviewed)));
  EXPECT_THAT(cc::render(t2, {.format = cc::table_format::markdown}), Not(HasSubstr("not been reviewed")));
  EXPECT_THAT(cc::render(t2, {.format = cc::table_format::markdown}), HasSubstr("Traducción: es"));
  // An overlay without labels keeps the English words around its texts.
  json unlabelled = spanish_json();
  unlabelled.erase("labels");
  const auto t3 = cc::make_table(cc::catalog::builtin().with_translation(cc::translation::from_value(unlabelled)));
  EXPECT_THAT(cc::render(t3, {.format = cc::table_format::markdown}),
              HasSubstr("This translation has not been reviewed."));
}

TEST(TranslationOutput, RightToLeftLocalesGetDir) {
  EXPECT_TRUE(cc::is_right_to_left("ar"));
  EXPECT_TRUE(cc::is_right_to_left("he-IL"));
  EXPECT_TRUE(cc::is_right_to_left("pa-Arab"));
  EXPECT_FALSE(cc::is_right_to_left("az-Latn"));
  EXPECT_FALSE(cc::is_right_to_left("es-MX"));
  EXPECT_FALSE(cc::is_right_to_left("arn"));
  // The script subtag decides, in any case; a region, variant or extension is no script.
  EXPECT_TRUE(cc::is_right_to_left("AR-eg"));
  EXPECT_FALSE(cc::is_right_to_left("ur-Deva"));
  EXPECT_TRUE(cc::is_right_to_left("zh-yue-Arab"));
  EXPECT_FALSE(cc::is_right_to_left("en-US-x-arab"));
  EXPECT_TRUE(cc::is_right_to_left("ar-1994"));
  EXPECT_FALSE(cc::is_right_to_left(""));
  EXPECT_FALSE(cc::is_right_to_left("-"));
  json ar = spanish_json();
  ar["locale"] = "ar";
  const auto t = cc::make_table(cc::catalog::builtin().with_translation(cc::translation::from_value(ar)));
  EXPECT_THAT(cc::render(t, {.format = cc::table_format::html}), HasSubstr("lang=\"ar\" dir=\"rtl\""));
}

TEST(TranslationLocale, Bcp47LookupFallsBackSubtagBySubtag) {
  json fr = spanish_json();
  fr["locale"] = "fr";
  json es_mx = spanish_json();
  es_mx["locale"] = "es-MX";
  const std::vector<cc::translation> loaded{spanish(), cc::translation::from_value(fr),
                                            cc::translation::from_value(es_mx)};
  EXPECT_EQ(cc::find_translation(loaded, "es-MX", "en")->locale(), "es-MX");
  EXPECT_EQ(cc::find_translation(loaded, "es-ar", "en")->locale(), "es");
  EXPECT_EQ(cc::find_translation(loaded, "ES", "en")->locale(), "es");
  EXPECT_EQ(cc::find_translation(loaded, "fr-CA-x-private", "en")->locale(), "fr");
  EXPECT_EQ(cc::find_translation(loaded, "de", "en"), nullptr);
  EXPECT_EQ(cc::find_translation(loaded, "en-GB", "en"), nullptr);
}

TEST(TranslationLocale, LoadOptionsPickATranslationByLocale) {
  const std::string catalog_path = std::string(CARECOMPARE_SOURCE_DIR) + "/data/catalogs/metastatic-breast-cancer.json";
  cc::load_options options;
  options.translations = {es_path};
  options.locale = "es-MX";
  EXPECT_EQ(cc::catalog::from_file(catalog_path, options).info().locale, "es");
  options.locale = "de";
  EXPECT_EQ(cc::catalog::from_file(catalog_path, options).info().locale, "en");
  options.locale.clear();
  EXPECT_EQ(cc::catalog::from_file(catalog_path, options).info().locale, "es");
  options.translations = {"/nonexistent/fr.json"};
  EXPECT_THROW((void)cc::catalog::from_file(catalog_path, options), cc::catalog_error);
}
