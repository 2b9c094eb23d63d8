// SPDX-License-Identifier: MIT
// Labels: the fixed words of every format come from the catalog (English by default), a
// right-to-left catalog renders in its own words and direction in every format, and a label's
// placeholders are checked when the catalog or an overlay loads.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/describe.hpp>
#include <boost/mp11/algorithm.hpp>
#include <carecompare/carecompare.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "catalog_support.hpp"

namespace cc = carecompare;
using json = nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

std::filesystem::path hebrew_path() { return std::filesystem::path(CARECOMPARE_TEST_DATA_DIR) / "labels" / "he.json"; }

const cc::catalog& hebrew() {
  static const cc::catalog cat = cc::catalog::from_file(hebrew_path());
  return cat;
}

json hebrew_json() { return hebrew().to_json_value(); }

cc::table_options with_not_shown() {
  cc::table_options options;
  options.include_not_shown = true;
  return options;
}

/// The table of the options for "site-a" with the others listed: every status, the three
/// explanations, an option that depends on a fact nobody answered.
cc::table hebrew_result_table() {
  cc::circumstances c;
  c.sites = {"site-a"};
  return cc::make_table(hebrew().filter(c), with_not_shown());
}

constexpr cc::table_format display_formats[] = {cc::table_format::markdown, cc::table_format::html,
                                                cc::table_format::text, cc::table_format::csv};

/// The English words of the default labels: each run of letters of four or more, outside the
/// placeholders ("Shown (score {score})" gives "Shown" and "score").
std::vector<std::string> english_words() {
  std::vector<std::string> words;
  boost::mp11::mp_for_each<boost::describe::describe_members<cc::catalog_labels, boost::describe::mod_public>>(
      [&](auto member) {
        const std::string& text = *(cc::default_labels().*member.pointer);
        std::string word;
        bool in_placeholder = false;
        for (const char ch : text + " ") {
          if (ch == '{') in_placeholder = true;
          const bool letter = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z');
          if (letter && !in_placeholder) {
            word += ch;
            continue;
          }
          if (word.size() >= 4) words.push_back(word);
          word.clear();
          if (ch == '}') in_placeholder = false;
        }
      });
  return words;
}

/// The text of an HTML document without its tags (whose names and classes are English).
std::string text_of_html(const std::string& html) {
  std::string out;
  bool in_tag = false;
  for (const char ch : html) {
    if (ch == '<') in_tag = true;
    if (!in_tag) out += ch;
    if (ch == '>') in_tag = false;
  }
  return out;
}

cc::catalog load_with_labels(const json& labels) {
  json doc = hebrew_json();
  doc["labels"] = labels;
  return cc::catalog::from_value(doc);
}

}  // namespace

TEST(Labels, EveryLabelHasAnEnglishDefault) {
  std::size_t count = 0;
  boost::mp11::mp_for_each<boost::describe::describe_members<cc::catalog_labels, boost::describe::mod_public>>(
      [&](auto member) {
        ++count;
        const auto& english = cc::default_labels().*member.pointer;
        ASSERT_TRUE(english.has_value()) << member.name;
        EXPECT_FALSE(english->empty()) << member.name;
        EXPECT_EQ(&cc::label_text(cc::catalog_labels{}, member.pointer), &*english) << member.name;
      });
  EXPECT_EQ(count, 49u);
  // The builtin catalog says only the words that name its topic; the rest are the defaults.
  cc::catalog_labels builtin_labels;
  builtin_labels.question_sites = "Where the cancer has spread";
  EXPECT_TRUE(cc::catalog::builtin().labels() == builtin_labels);
}

TEST(Labels, TheQuestionsOfAFormNameTheCatalogsTopicOrNone) {
  // The default words of the questions fit any catalog: none names a condition.
  for (const cc::label_key key : {&cc::catalog_labels::question_sites, &cc::catalog_labels::question_symptoms,
                                  &cc::catalog_labels::question_goals}) {
    const std::string& english = cc::label_text(cc::catalog_labels{}, key);
    EXPECT_EQ(english.find("cancer"), std::string::npos) << english;
  }
  EXPECT_EQ(cc::label_text(cc::catalog::builtin().labels(), &cc::catalog_labels::question_sites),
            "Where the cancer has spread");
  EXPECT_EQ(cc::label_text(cc::catalog::builtin().labels(), &cc::catalog_labels::question_goals),
            "What matters to you");
  // A translation says them in its language, as every other label.
  const auto es = cc::catalog::builtin().with_translation(
      cc::translation::from_file(std::filesystem::path(CARECOMPARE_TEST_DATA_DIR) / "translations" / "es.json"));
  EXPECT_EQ(cc::label_text(es.labels(), &cc::catalog_labels::question_sites), "Dónde se ha extendido el cáncer");
  EXPECT_EQ(cc::label_text(es.labels(), &cc::catalog_labels::question_symptoms), "Síntomas que tiene");
  EXPECT_THAT(es.applied_translation()->missing, Not(::testing::Contains("/labels/question_goals")));
  EXPECT_EQ(cc::translation_template(cc::catalog::builtin(), "fr")["labels"]["question_sites"],
            "Where the cancer has spread");
}

TEST(Labels, ARightToLeftCatalogRendersInItsOwnWordsInEveryFormat) {
  // Every strategy field as a column: the catalog's columns label two, its labels the others.
  cc::table_options every_field;
  boost::mp11::mp_for_each<boost::describe::describe_members<cc::strategy, boost::describe::mod_public>>(
      [&](auto member) { every_field.columns.emplace_back(member.name); });
  const std::vector<cc::table> tables = {cc::make_table(hebrew()), hebrew_result_table(),
                                         cc::make_table(hebrew(), every_field)};
  for (const auto& column : tables[2].columns) {
    EXPECT_EQ(column.label.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"), std::string::npos)
        << column.field << ": " << column.label;
  }
  const auto english = english_words();
  ASSERT_THAT(english, ::testing::Contains("Disclaimer"));
  for (const auto& t : tables) {
    for (const auto format : display_formats) {
      const std::string out = cc::render(t, {.format = format});
      const std::string what = std::string(cc::to_string(format)) + " of \"" + t.caption + "\"";
      const std::string words = format == cc::table_format::html ? text_of_html(out) : out;
      for (const auto& word : english) EXPECT_EQ(words.find(word), std::string::npos) << what << ": " << word;
      EXPECT_THAT(out, HasSubstr("הבהרה")) << what;
      // CSV names each source on its own line ("Source"); the others head the list ("Sources").
      EXPECT_THAT(out, HasSubstr(format == cc::table_format::csv ? "מקור," : "מקורות")) << what;
      EXPECT_THAT(out, HasSubstr("נקרא ב-")) << what;
      EXPECT_THAT(out, HasSubstr("נכתב על ידי")) << what;
      EXPECT_THAT(out, HasSubstr("הבדיקה הבאה")) << what;
    }
  }
  const cc::table& result = tables[1];
  EXPECT_EQ(result.caption, "אפשרויות שאולי מתאימות לתשובות שלכם: קטלוג לבדיקה");
  const std::string text = cc::render(result, {.format = cc::table_format::text, .full_page = false, .width = 200});
  for (const char* words :
       {"מוצג (ניקוד 1)", "תלוי במה שעוד לא עניתם", "לא מוצג", "מוסתר בגלל התשובות שלכם.",
        "הקטלוג הזה אף פעם לא מציג את האפשרות הזאת.", "לא מוצג לפי התשובות שלכם.", "למה מוצג", "למה לא מוצג", "תלוי ב",
        "מצב", "קטלוג: קטלוג לבדיקה (rtl-test), גרסה 1.0.0. פורסם 2026-01-01; נבדק לאחרונה 2026-02-01."}) {
    EXPECT_THAT(text, HasSubstr(words));
  }
  // JSON keeps its keys (names for programs) and carries the words in its cells and headings.
  const json j = json::parse(cc::render(result, {.format = cc::table_format::json}));
  EXPECT_EQ(j["rows"][0]["cells"]["status"], "מוצג (ניקוד 1)");
  EXPECT_EQ(j["columns"][2]["label"], "מצב");
  EXPECT_EQ(j["catalog"]["locale"], "he");
}

TEST(Labels, HtmlTakesLanguageAndDirectionFromTheLocale) {
  const cc::table t = hebrew_result_table();
  EXPECT_THAT(cc::render(t, {.format = cc::table_format::html}),
              HasSubstr("<figure class=\"carecompare\" lang=\"he\" dir=\"rtl\">"));
  const std::string page = cc::render(t, {.format = cc::table_format::html, .full_page = true});
  EXPECT_THAT(page, HasSubstr("<html lang=\"he\" dir=\"rtl\">"));
  EXPECT_THAT(page, HasSubstr("<h1>אפשרויות שאולי מתאימות לתשובות שלכם: קטלוג לבדיקה</h1>"));
  // The dates of the catalog line stay machine-readable in the catalog's sentence.
  EXPECT_THAT(page, HasSubstr("פורסם <time datetime=\"2026-01-01\">2026-01-01</time>; נבדק לאחרונה <time "
                              "datetime=\"2026-02-01\">2026-02-01</time>."));
  // A table without caption or title is titled with the catalog's words.
  cc::table untitled = cc::make_table(hebrew());
  untitled.caption.clear();
  untitled.catalog_title.clear();
  EXPECT_THAT(cc::render(untitled, {.format = cc::table_format::html, .full_page = true}),
              HasSubstr("<title>טבלת השוואה</title>"));
}

TEST(Labels, WhyNotShownIsInTheCatalogsWordsInEveryFace) {
  cc::circumstances c;
  c.sites = {"site-a"};
  const auto r = hebrew().filter(c);
  const json doc = r.to_json();
  std::vector<std::string> explanations;
  for (const auto& option : doc["not_shown"]) explanations.push_back(option["explanation"]);
  EXPECT_THAT(explanations, ::testing::ElementsAre("הקטלוג הזה אף פעם לא מציג את האפשרות הזאת.",
                                                   "מוסתר בגלל התשובות שלכם.", "לא מוצג לפי התשובות שלכם."));
  ASSERT_EQ(r.not_shown().size(), 3u);
  EXPECT_EQ(r.not_shown()[1].explanation(hebrew().labels()), "מוסתר בגלל התשובות שלכם.");
  EXPECT_EQ(r.not_shown()[1].explanation(), "Hidden because of your answers.");
}

TEST(Labels, PlaceholdersMayMoveButNotChange) {
  // Another order of the same placeholders is the language's choice.
  const auto reordered = load_with_labels(
      {{"catalog_line", "{last_reviewed} / {published}: {catalog} {version}"}, {"shown", "{score} מוצג"}});
  const std::string text = cc::render(cc::make_table(reordered), {.format = cc::table_format::text});
  EXPECT_THAT(text, HasSubstr("2026-02-01 / 2026-01-01: קטלוג לבדיקה (rtl-test) 1.0.0"));

  const auto problems = [](const json& labels) {
    return carecompare_test::outcome_of([&] { return load_with_labels(labels); }).problems;
  };
  auto p = problems({{"shown", "מוצג"}});
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].id, cc::error_ids::catalog_bad_label);
  EXPECT_EQ(p[0].pointer, "/labels/shown");
  EXPECT_THAT(p[0].message, HasSubstr("lacks {score}"));
  EXPECT_THAT(p[0].message, HasSubstr("\"Shown (score {score})\""));

  p = problems({{"accessed", "{day}"}, {"disclaimer", "{note} הבהרה"}});
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0].pointer, "/labels/disclaimer");
  EXPECT_THAT(p[0].message, HasSubstr("has {note}"));
  EXPECT_EQ(p[1].pointer, "/labels/accessed");
  EXPECT_THAT(p[1].message, HasSubstr("lacks {date} and has {day}"));

  p = problems({{"shown", "{score} {score}"}});
  ASSERT_EQ(p.size(), 1u);
  EXPECT_THAT(p[0].message, HasSubstr("has {score}"));

  // Braces that are no placeholder are text.
  EXPECT_TRUE(problems({{"sources", "מקורות {} {A}"}}).empty());

  p = problems({{"why_shown", ""}, {"unknown_label", "x"}, {"status", 3}});
  std::vector<std::pair<int, std::string>> got;
  for (const auto& d : p) got.emplace_back(d.id, d.pointer);
  EXPECT_THAT(got,
              ::testing::UnorderedElementsAre(std::pair{cc::error_ids::catalog_wrong_type, "/labels/status"},
                                              std::pair{cc::error_ids::catalog_empty_text, "/labels/why_shown"},
                                              std::pair{cc::error_ids::catalog_unknown_key, "/labels/unknown_label"}));
}

TEST(Labels, AnOverlayTranslatesTheLabelsAndTheDecisionAidTexts) {
  const auto tmpl = cc::translation_template(hebrew(), "ar");
  EXPECT_EQ(tmpl["labels"]["shown"], "מוצג (ניקוד {score})");
  EXPECT_EQ(tmpl["funding"], "אין מימון.");
  EXPECT_EQ(tmpl["author_roles"], json::array({"כתב את הקטלוג"}));
  const auto english_template = cc::translation_template(cc::catalog::builtin(), "es");
  EXPECT_EQ(english_template["labels"]["why_shown"], "Why shown");
  EXPECT_EQ(english_template["labels"].size(), 49u);

  json overlay = {{"format", "carecompare.translation/1"},
                  {"catalog", "rtl-test"},
                  {"catalog_version", "1.0.0"},
                  {"locale", "ar"},
                  {"funding", "لا يوجد تمويل."},
                  {"author_roles", {"كتب الفهرس"}},
                  {"labels", {{"disclaimer", "تنبيه"}, {"shown", "معروض ({score})"}}}};
  const auto ar = hebrew().with_translation(cc::translation::from_value(overlay));
  cc::circumstances c;
  c.sites = {"site-a"};
  const auto t = cc::make_table(ar.filter(c), with_not_shown());
  const std::string md = cc::render(t, {.format = cc::table_format::markdown});
  EXPECT_THAT(md, HasSubstr("**تنبيه:**"));
  EXPECT_THAT(md, HasSubstr("معروض (1)"));
  EXPECT_THAT(md, HasSubstr("لا يوجد تمويل."));
  EXPECT_THAT(md, HasSubstr("צוות הבדיקה (كتب الفهرس)"));
  EXPECT_THAT(md, HasSubstr("**מקורות:**")) << "a label the overlay leaves out keeps the catalog's";
  EXPECT_THAT(cc::render(t, {.format = cc::table_format::html}), HasSubstr("lang=\"ar\" dir=\"rtl\""));
  const auto* report = ar.applied_translation();
  ASSERT_NE(report, nullptr);
  EXPECT_THAT(report->missing, ::testing::Contains("/labels/sources"));
  EXPECT_THAT(report->missing, Not(::testing::Contains("/labels/disclaimer")));

  // A label with other placeholders, a text the catalog does not have, another count of roles.
  overlay["labels"]["shown"] = "معروض";
  EXPECT_THAT(carecompare_test::outcome_of([&] { return cc::translation::from_value(overlay); }).problems,
              ::testing::ElementsAre(::testing::Field(&cc::diagnostic::pointer, "/labels/shown")));
  overlay["labels"].erase("shown");
  overlay["author_roles"] = {"a", "b"};
  json builtin_overlay = overlay;
  builtin_overlay["catalog"] = "metastatic-breast-cancer";
  builtin_overlay.erase("author_roles");
  cc::catalog_document no_funding = cc::catalog::builtin().document();
  no_funding.funding.reset();
  std::vector<std::pair<int, std::string>> got;
  for (const auto& d :
       carecompare_test::outcome_of([&] {
         return cc::catalog::from_document(no_funding).with_translation(cc::translation::from_value(builtin_overlay));
       }).problems) {
    got.emplace_back(d.id, d.pointer);
  }
  EXPECT_THAT(got, ::testing::ElementsAre(std::pair{cc::error_ids::translation_unknown_id, "/funding"}));
  got.clear();
  for (const auto& d : carecompare_test::outcome_of([&] {
                         return hebrew().with_translation(cc::translation::from_value(overlay));
                       }).problems) {
    got.emplace_back(d.id, d.pointer);
  }
  EXPECT_THAT(got, ::testing::ElementsAre(std::pair{cc::error_ids::translation_item_count, "/author_roles"}));
}
