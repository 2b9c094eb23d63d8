// SPDX-License-Identifier: MIT
// The renderers: golden files for every format, the article's table word for word, and the
// properties a reader relies on, asserted directly: escaping of hostile text (in hand-built
// tables, and exactly, format by format, for a hostile catalog loaded from JSON), CSV structure
// and formula neutralisation, text width for any Unicode, the disclaimer and provenance everywhere.
//
// Golden files live in tests/data/golden/. To regenerate them after an intended change, run
//   CARECOMPARE_UPDATE_GOLDEN=1 ctest --preset dev -R Golden
// (or the render_test binary with that variable set), then review `git diff tests/data/golden`.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <carecompare/catalog.hpp>
#include <carecompare/filter.hpp>
#include <carecompare/render.hpp>
#include <carecompare/table.hpp>

// The renderers' text helpers (src/), tested directly.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>
#include "render/common.hpp"
#include "render/csv.hpp"
#include "render/format_names.hpp"
#include "render/markdown.hpp"
#include "render/text.hpp"
#include "util/utf8.hpp"

#include "ci_support.hpp"

namespace cc = carecompare;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

constexpr cc::table_format all_formats[] = {cc::table_format::markdown, cc::table_format::html, cc::table_format::text,
                                            cc::table_format::csv, cc::table_format::json};

std::string extension(cc::table_format f) {
  switch (f) {
    case cc::table_format::markdown: return ".md";
    case cc::table_format::html: return ".html";
    case cc::table_format::text: return ".txt";
    case cc::table_format::csv: return ".csv";
    case cc::table_format::json: return ".json";
  }
  return ".out";
}

std::string render_as(const cc::table& t, cc::table_format f, std::size_t width = 100) {
  cc::render_options options;
  options.format = f;
  options.width = width;
  return cc::render(t, options);
}

bool read_file(const std::filesystem::path& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return true;
}

/// Compares `actual` with tests/data/golden/<name>, or writes it there when
/// CARECOMPARE_UPDATE_GOLDEN=1.
void expect_golden(const std::string& name, const std::string& actual) {
  const std::filesystem::path path = std::filesystem::path(CARECOMPARE_TEST_DATA_DIR) / "golden" / name;
  const char* update = std::getenv("CARECOMPARE_UPDATE_GOLDEN");
  if (update != nullptr && std::string_view(update) == "1") {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << actual;
    std::cout << "[ golden   ] wrote " << path.string() << "\n";
    return;
  }
  std::string expected;
  if (!read_file(path, expected)) {
    ADD_FAILURE() << "missing golden file " << path.string() << " (run with CARECOMPARE_UPDATE_GOLDEN=1 to create it)";
    return;
  }
  EXPECT_EQ(actual, expected) << "differs from " << path.string()
                              << " (if the change is intended, regenerate with CARECOMPARE_UPDATE_GOLDEN=1)";
}

std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> lines;
  std::string line;
  std::istringstream in{std::string(text)};
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

std::string lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

/// Every run of whitespace (and Markdown/HTML line breaks) as one space.
std::string squeeze(std::string_view s) {
  std::string text(s);
  for (std::size_t at = text.find("<br>"); at != std::string::npos; at = text.find("<br>", at))
    text.replace(at, 4, " ");
  std::string out;
  for (const char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\r' || c == '\t';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  return out;
}

std::size_t count(std::string_view haystack, std::string_view needle) {
  std::size_t n = 0;
  for (std::size_t at = haystack.find(needle); at != std::string_view::npos; at = haystack.find(needle, at + 1)) ++n;
  return n;
}

// ---- A small RFC 4180 reader ---------------------------------------------------------------

struct csv_document {
  std::vector<std::vector<std::string>> records;
  std::string error;  ///< empty when the text is valid RFC 4180 with CRLF after every record
};

csv_document parse_csv(std::string_view s) {
  csv_document doc;
  std::size_t i = 0;
  while (i < s.size()) {
    std::vector<std::string> record;
    for (;;) {
      std::string field;
      if (i < s.size() && s[i] == '"') {
        for (++i;; ++i) {
          if (i >= s.size()) {
            doc.error = "unterminated quoted field";
            return doc;
          }
          if (s[i] == '"') {
            if (i + 1 < s.size() && s[i + 1] == '"') {
              field += '"';
              ++i;
              continue;
            }
            ++i;
            break;
          }
          field += s[i];
        }
      } else {
        while (i < s.size() && s[i] != ',' && s[i] != '\r') {
          if (s[i] == '\n' || s[i] == '"') {
            doc.error = "bare LF or quote in an unquoted field at byte " + std::to_string(i);
            return doc;
          }
          field += s[i++];
        }
      }
      record.push_back(std::move(field));
      if (i < s.size() && s[i] == ',') {
        ++i;
        continue;
      }
      if (s.substr(i, 2) == "\r\n") {
        i += 2;
        break;
      }
      doc.error = "record not ended by CRLF at byte " + std::to_string(i);
      return doc;
    }
    doc.records.push_back(std::move(record));
  }
  return doc;
}

// ---- A small HTML tag balance check --------------------------------------------------------

/// "" when every non-void element is closed in order; else what is wrong.
std::string check_tags(std::string_view html) {
  static const std::vector<std::string> void_elements = {"br", "meta", "link", "img", "hr", "input"};
  std::vector<std::string> open;
  for (std::size_t at = html.find('<'); at != std::string_view::npos; at = html.find('<', at + 1)) {
    if (html.substr(at, 9) == "<!DOCTYPE") continue;
    const bool closing = at + 1 < html.size() && html[at + 1] == '/';
    std::size_t k = at + (closing ? 2 : 1);
    std::string name;
    while (k < html.size() && ((html[k] >= 'a' && html[k] <= 'z') || (html[k] >= '0' && html[k] <= '9')))
      name += html[k++];
    if (name.empty()) return "'<' that starts no tag at byte " + std::to_string(at);
    if (html.find('>', k) == std::string_view::npos) return "unterminated tag " + name;
    if (closing) {
      if (open.empty() || open.back() != name)
        return "</" + name + "> does not close " + (open.empty() ? "anything" : open.back());
      open.pop_back();
    } else if (std::find(void_elements.begin(), void_elements.end(), name) == void_elements.end()) {
      open.push_back(name);
    }
  }
  return open.empty() ? std::string() : "unclosed <" + open.back() + ">";
}

/// The values of every `href="..."` attribute.
std::vector<std::string> hrefs(std::string_view html) {
  std::vector<std::string> out;
  for (std::size_t at = html.find("href=\""); at != std::string_view::npos; at = html.find("href=\"", at + 1)) {
    const std::size_t start = at + 6;
    out.emplace_back(html.substr(start, html.find('"', start) - start));
  }
  return out;
}

/// Bidi embeddings, overrides and isolates a text opens and does not close.
int open_bidi(std::string_view s) {
  int open = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s.substr(i, 2) != "\xE2\x80" && s.substr(i, 2) != "\xE2\x81") continue;
    const std::string_view cp = s.substr(i, 3);
    if (cp == "\u202A" || cp == "\u202B" || cp == "\u202D" || cp == "\u202E" || cp == "\u2066" || cp == "\u2067" ||
        cp == "\u2068") {
      ++open;
    } else if ((cp == "\u202C" || cp == "\u2069") && open > 0) {
      --open;  // (a closer with nothing open does nothing)
    }
  }
  return open;
}

// ---- Tables --------------------------------------------------------------------------------

cc::table builtin_default() { return cc::make_table(cc::catalog::builtin()); }

cc::table builtin_detailed() {
  cc::table_options opts;
  opts.columns = {"name", "purpose", "use_cases", "benefits", "considerations", "care_team", "sources"};
  return cc::make_table(cc::catalog::builtin(), opts);
}

cc::table article_table() {
  cc::table_options opts;
  opts.only = {"systemic-therapy", "radiation-therapy", "physical-therapy"};
  return cc::make_table(cc::catalog::builtin(), opts);
}

/// A table built by hand (renderers need no catalog) whose every text tries to break out.
cc::table hostile_table() {
  cc::table t;
  t.caption = "Hostile <b>caption</b> & \"quotes\" | # not a heading";
  t.columns = {{"name", "Name <i>"}, {"purpose", "Purpose"}, {"use_cases", "Use cases"}, {"notes", "=Notes"}};
  t.row_header = 0;
  t.rows = {
      {"script",
       {{{"<script>alert(1)</script>"}, false},
        {{"\"onmouseover=alert(1) x='y'"}, false},
        {{"a | b", "`code` and *stars* and _under_"}, true},
        {{"[x](javascript:alert(1))"}, false}}},
      {"formula",
       {{{"=HYPERLINK(\"http://x\")"}, false},
        {{"-1+2"}, false},
        {{"@SUM(A1)", "+1", "\tTab", "\rCR"}, true},
        {{"line one\nline two\r\nline three"}, false}}},
      {"unicode",
       {{{"日本語テキスト"}, false},
        {{"Cafe\u0301 re\u0301sume\u0301 na\u0308ive"}, false},
        {{"\u202Eevil", "zero\u200Bwidth"}, true},
        {{"Ωμέγα, “quotes” & ünïcödé; a long word: Pneumonoultramicroscopicsilicovolcanoconiosis"}, false}}},
      {"markup",
       {{{"# Heading?"}, false},
        {{"~~strike~~ $x$ @user #1 <!-- c --> &amp; back\\slash"}, false},
        {{}, true},
        {{"escape \x1B[31mred\x1B[0m and bad \xFF byte"}, false}}},
  };
  t.disclaimer = "Informational only, <b>not advice</b>. Talk to a licensed professional.";
  t.sources = {
      {"safe", "Safe <Source>", "Publisher & Co", "https://example.org/a?b=1&c=2", cc::iso_date{2026, 1, 15}},
      {"evil", "Evil link", std::nullopt, "javascript:alert(1)", std::nullopt},
      {"quote", "Quote", std::nullopt, "https://example.org/\"onmouseover=alert(1)", std::nullopt},
      {"formula", "=cmd|' /C calc'!A0", std::nullopt, std::nullopt, std::nullopt},
  };
  t.catalog_id = "hostile-test";
  t.catalog_title = "Hostile <title>";
  t.locale = "en-GB";
  t.version = {1, 2, 3, "rc.1", ""};
  t.published = {2026, 1, 1};
  t.last_reviewed = {2026, 2, 1};
  return t;
}

/// One column of list cells with zero, one and two items.
cc::table list_table() {
  cc::table t;
  t.caption = "Lists";
  t.columns = {{"name", "Name"}, {"use_cases", "Use cases"}};
  t.row_header = 0;
  t.rows = {{"none", {{{"None"}, false}, {{}, true}}},
            {"one", {{{"One"}, false}, {{"only item"}, true}}},
            {"two", {{{"Two"}, false}, {{"first item", "second item"}, true}}}};
  t.disclaimer = "Informational only.";
  t.catalog_id = "lists";
  t.version = {1, 0, 0, "", ""};
  t.published = {2026, 1, 1};
  t.last_reviewed = {2026, 1, 2};
  return t;
}

template <class F>
int render_error_id(F f) {
  try {
    f();
  } catch (const cc::render_error& e) {
    return e.id();
  }
  return 0;
}

}  // namespace

// ---- Format names --------------------------------------------------------------------------

TEST(TableFormat, ParsesNamesAndAliases) {
  EXPECT_EQ(cc::parse_table_format("markdown"), cc::table_format::markdown);
  EXPECT_EQ(cc::parse_table_format("md"), cc::table_format::markdown);
  EXPECT_EQ(cc::parse_table_format("html"), cc::table_format::html);
  EXPECT_EQ(cc::parse_table_format("text"), cc::table_format::text);
  EXPECT_EQ(cc::parse_table_format("txt"), cc::table_format::text);
  EXPECT_EQ(cc::parse_table_format("csv"), cc::table_format::csv);
  EXPECT_EQ(cc::parse_table_format("json"), cc::table_format::json);
  EXPECT_EQ(cc::parse_table_format("HTML"), cc::table_format::html);
  EXPECT_EQ(cc::parse_table_format(""), std::nullopt);
  EXPECT_EQ(cc::parse_table_format("pdf"), std::nullopt);
  EXPECT_EQ(cc::parse_table_format("markdownx"), std::nullopt);
  EXPECT_EQ(cc::parse_table_format("mark"), std::nullopt);
}

TEST(TableFormat, ToStringRoundTrips) {
  for (const auto f : all_formats) EXPECT_EQ(cc::parse_table_format(cc::to_string(f)), f) << cc::to_string(f);
  EXPECT_EQ(cc::to_string(cc::table_format::markdown), "markdown");
  EXPECT_EQ(cc::to_string(static_cast<cc::table_format>(42)), "");
}

// ---- Golden files --------------------------------------------------------------------------

TEST(Golden, BuiltinDefaultColumns) {
  const auto t = builtin_default();
  for (const auto f : all_formats) expect_golden("builtin-default" + extension(f), render_as(t, f));
}

TEST(Golden, BuiltinDetailedColumns) {
  const auto t = builtin_detailed();
  for (const auto f : all_formats) expect_golden("builtin-detailed" + extension(f), render_as(t, f));
  expect_golden("builtin-detailed-60.txt", render_as(t, cc::table_format::text, 60));
}

TEST(Golden, HostileTable) {
  const auto t = hostile_table();
  for (const auto f : all_formats) expect_golden("hostile" + extension(f), render_as(t, f));
  expect_golden("hostile-40.txt", render_as(t, cc::table_format::text, 40));
}

TEST(Golden, ArticlePage) {
  cc::render_options options;
  options.format = cc::table_format::html;
  options.full_page = true;
  expect_golden("article-page.html", cc::render(article_table(), options));
}

// ---- The article's table -------------------------------------------------------------------

TEST(Markdown, ArticleTableWordForWord) {
  const auto lines = lines_of(cc::render(article_table()));
  const std::vector<std::string> expected = {
      "| Care Strategy | Purpose | Common Use Cases |",
      "| Systemic Therapy | Targets cancer cells system-wide | Used when cancer has spread to multiple areas "
      "|",
      "| Radiation Therapy | Reduces localized tumors or pain | Applied to specific sites like bones or "
      "brain |",
      "| Physical Therapy | Improves mobility and reduces fatigue | Recommended for patients with bone "
      "involvement |",
  };
  const auto header = std::find(lines.begin(), lines.end(), expected[0]);
  ASSERT_NE(header, lines.end()) << cc::render(article_table());
  ASSERT_GE(lines.end() - header, 5);
  EXPECT_EQ(header[1], "| --- | --- | --- |");
  EXPECT_EQ(header[2], expected[1]);
  EXPECT_EQ(header[3], expected[2]);
  EXPECT_EQ(header[4], expected[3]);
  EXPECT_TRUE(lines.end() - header == 5 || header[5].empty()) << "more rows than the article's three";
}

TEST(Markdown, ArticleRowsAreLinesOfTheArticle) {
  const std::filesystem::path article =
      std::filesystem::path(CARECOMPARE_DEFAULT_SHARED_DIR) / "seed" / "metastatic-breast-cancer-article.txt";
  std::string text;
  if (!read_file(article, text)) CARECOMPARE_REQUIRE_OR_SKIP("the seed article is not at " << article.string());
  const auto article_lines = lines_of(text);
  const auto is_article_line = [&](const std::string& line) {
    return std::find(article_lines.begin(), article_lines.end(), line) != article_lines.end();
  };
  const auto t = article_table();
  std::string header;
  for (const auto& c : t.columns) header += (header.empty() ? "" : " ") + c.label;
  EXPECT_TRUE(is_article_line(header)) << header;
  ASSERT_EQ(t.rows.size(), 3U);
  for (const auto& row : t.rows) {
    std::string joined;
    for (const auto& cell : row.cells) {
      ASSERT_EQ(cell.items.size(), 1U) << row.id;
      joined += (joined.empty() ? "" : " ") + cell.items.front();
    }
    EXPECT_TRUE(is_article_line(joined)) << joined;
  }
  // The rendered Markdown rows too: cells between " | ", joined with spaces.
  std::size_t rows_seen = 0;
  for (const auto& line : lines_of(cc::render(article_table()))) {
    if (line.rfind("| ", 0) != 0 || line.rfind("| ---", 0) == 0) continue;
    std::string joined = line.substr(2, line.size() - 4);
    for (std::size_t at = joined.find(" | "); at != std::string::npos; at = joined.find(" | ", at))
      joined.replace(at, 3, " ");
    EXPECT_TRUE(is_article_line(joined)) << joined;
    ++rows_seen;
  }
  EXPECT_EQ(rows_seen, 4U);  // header + 3 rows
}

// ---- Every format carries the disclaimer and provenance ------------------------------------

TEST(AllFormats, CarryDisclaimerSourcesVersionAndDates) {
  const auto cat = cc::catalog::builtin();
  for (const auto& t : {builtin_default(), article_table(), cc::make_table(cat.filter({}))}) {
    for (const auto f : all_formats) {
      SCOPED_TRACE(std::string(cc::to_string(f)));
      const std::string out = squeeze(render_as(t, f));
      EXPECT_THAT(out, HasSubstr(cat.disclaimer()));
      EXPECT_THAT(out, HasSubstr("Understanding Metastatic Breast Cancer: Pathways, Management, and Support"));
      EXPECT_THAT(out, HasSubstr("metastatic-breast-cancer"));
      EXPECT_THAT(out, HasSubstr(cat.info().version.to_string()));
      EXPECT_THAT(out, HasSubstr(cat.info().published.to_string()));
      EXPECT_EQ(count(out, cat.info().last_reviewed.to_string()), f == cc::table_format::html ? 4U : 2U);
      // The disclaimer follows the table.
      EXPECT_GT(out.find(cat.disclaimer()), out.find(t.rows.back().cells[0].items[0]));
    }
  }
}

TEST(AllFormats, EndWithOneNewline) {
  for (const auto f : all_formats) {
    const std::string out = render_as(hostile_table(), f);
    ASSERT_FALSE(out.empty());
    EXPECT_EQ(out.back(), '\n') << cc::to_string(f);
    EXPECT_EQ(cc::detail::find_invalid_utf8(out), std::string::npos) << cc::to_string(f);
  }
}

TEST(AllFormats, ListCellsByItemCount) {
  const auto t = list_table();
  const std::string md = render_as(t, cc::table_format::markdown);
  EXPECT_THAT(md, HasSubstr("| None |  |\n"));
  EXPECT_THAT(md, HasSubstr("| One | only item |\n"));
  EXPECT_THAT(md, HasSubstr("| Two | \u2022 first item<br>\u2022 second item |\n"));

  const std::string html = render_as(t, cc::table_format::html);
  EXPECT_THAT(html, HasSubstr("<th scope=\"row\">None</th>\n        <td></td>"));
  EXPECT_THAT(html, HasSubstr("<td>only item</td>"));
  EXPECT_THAT(html, HasSubstr("<td><ul><li>first item</li><li>second item</li></ul></td>"));

  const auto text = lines_of(render_as(t, cc::table_format::text));
  EXPECT_THAT(text, ::testing::Contains("One  | only item"));
  EXPECT_THAT(text, ::testing::Contains("Two  | - first item"));
  EXPECT_THAT(text, ::testing::Contains("     | - second item"));

  const auto csv = parse_csv(render_as(t, cc::table_format::csv));
  ASSERT_EQ(csv.error, "");
  ASSERT_GE(csv.records.size(), 4U);
  EXPECT_THAT(csv.records[1], ElementsAre("None", ""));
  EXPECT_THAT(csv.records[2], ElementsAre("One", "only item"));
  EXPECT_THAT(csv.records[3], ElementsAre("Two", "first item\nsecond item"));

  const auto json = nlohmann::json::parse(render_as(t, cc::table_format::json));
  EXPECT_EQ(json["rows"][0]["cells"]["use_cases"], nlohmann::json::array());
  EXPECT_EQ(json["rows"][1]["cells"]["use_cases"], nlohmann::json::array({"only item"}));
  EXPECT_EQ(json["rows"][2]["cells"]["use_cases"], nlohmann::json::array({"first item", "second item"}));
  EXPECT_EQ(json["rows"][2]["cells"]["name"], "Two");
}

// ---- Markdown ------------------------------------------------------------------------------

TEST(Markdown, HostileTextStaysLiteral) {
  const std::string md = render_as(hostile_table(), cc::table_format::markdown);
  EXPECT_THAT(lower(md), Not(HasSubstr("<script")));
  EXPECT_THAT(lower(md), Not(HasSubstr("<b>")));
  EXPECT_THAT(md, Not(HasSubstr("<!--")));
  EXPECT_THAT(md, Not(HasSubstr("[x](javascript")));  // the brackets are escaped: no link
  EXPECT_THAT(md, HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt;"));
  EXPECT_THAT(md, HasSubstr("\\[x\\](javascript:alert(1))"));
  EXPECT_THAT(md, HasSubstr("\\`code\\` and \\*stars\\* and \\_under\\_"));
  EXPECT_THAT(md, HasSubstr("a \\| b"));
  EXPECT_THAT(md, HasSubstr("\\# Heading?"));
  EXPECT_THAT(md, HasSubstr("\\~\\~strike\\~\\~ \\$x\\$ \\@user \\#1 &lt;!-- c --&gt; &amp;amp; back\\\\slash"));
  EXPECT_THAT(md, HasSubstr("line one<br>line two<br>line three"));
  // The javascript: URL is plain text, the https one an autolink.
  EXPECT_THAT(md, HasSubstr(", javascript:alert(1)\n"));
  EXPECT_THAT(md, HasSubstr("<https://example.org/a?b=1&c=2>"));
}

TEST(Markdown, EveryTableLineHasOneCellPerColumn) {
  for (const auto& t : {hostile_table(), builtin_detailed(), list_table()}) {
    const std::string md = render_as(t, cc::table_format::markdown);
    std::size_t table_lines = 0;
    for (const auto& line : lines_of(md)) {
      if (line.rfind("|", 0) != 0) continue;
      ++table_lines;
      std::size_t pipes = 0;
      for (std::size_t i = 0; i < line.size(); ++i) {
        std::size_t backslashes = 0;
        for (std::size_t k = i; k > 0 && line[k - 1] == '\\'; --k) ++backslashes;
        if (line[i] == '|' && backslashes % 2 == 0) ++pipes;
      }
      EXPECT_EQ(pipes, t.columns.size() + 1) << line;
    }
    EXPECT_EQ(table_lines, t.rows.size() + 2);
  }
}

// ---- HTML ----------------------------------------------------------------------------------

TEST(Html, StructureIsAccessible) {
  const auto t = builtin_default();
  const std::string html = render_as(t, cc::table_format::html);
  EXPECT_EQ(check_tags(html), "");
  EXPECT_EQ(html.rfind("<figure class=\"carecompare\" lang=\"en\">\n", 0), 0U);
  EXPECT_THAT(html, HasSubstr("<caption>Care strategies for metastatic breast cancer</caption>"));
  EXPECT_EQ(count(html, "<th scope=\"col\">"), t.columns.size());
  EXPECT_EQ(count(html, "<th scope=\"row\">"), t.rows.size());
  EXPECT_THAT(html, HasSubstr("<th scope=\"row\">Systemic Therapy</th>"));
  EXPECT_THAT(html, HasSubstr("<p class=\"carecompare-disclaimer\" role=\"note\">"));
  EXPECT_THAT(html,
              HasSubstr("<cite>Understanding Metastatic Breast Cancer: Pathways, Management, and Support</cite>"));
  EXPECT_THAT(html, HasSubstr("last reviewed <time datetime=\"2026-11-26\">2026-11-26</time>"));
  EXPECT_THAT(html, Not(HasSubstr("<html")));
  // Without a name column there are no row headers.
  cc::table_options opts;
  opts.columns = {"purpose", "use_cases"};
  EXPECT_EQ(count(render_as(cc::make_table(cc::catalog::builtin(), opts), cc::table_format::html), "scope=\"row\""),
            0U);
}

TEST(Html, FullPageIsADocument) {
  cc::render_options options;
  options.format = cc::table_format::html;
  options.full_page = true;
  const std::string html = cc::render(hostile_table(), options);
  EXPECT_EQ(check_tags(html), "");
  EXPECT_EQ(html.rfind("<!DOCTYPE html>\n<html lang=\"en-GB\" dir=\"ltr\">\n<head>\n<meta charset=\"utf-8\">\n", 0),
            0U);
  EXPECT_THAT(
      html, HasSubstr("<title>Hostile &lt;b&gt;caption&lt;/b&gt; &amp; &quot;quotes&quot; | # not a heading</title>"));
  EXPECT_THAT(html, HasSubstr("<main>\n<h1>Hostile &lt;b&gt;caption&lt;/b&gt; &amp; &quot;quotes&quot; | # not a "
                              "heading</h1>\n<figure class=\"carecompare\""));
  EXPECT_THAT(html, HasSubstr("</html>\n"));
}

TEST(Html, FullPageIsResponsivePrintableAndKnowsItsDirection) {
  cc::table t = article_table();
  const auto page = [&](const std::string& locale) {
    t.locale = locale;
    return cc::render(t, {.format = cc::table_format::html, .full_page = true});
  };
  const std::string html = page("en");
  EXPECT_EQ(check_tags(html), "");
  EXPECT_THAT(html, HasSubstr("<html lang=\"en\" dir=\"ltr\">"));
  EXPECT_EQ(count(html, "<h1>"), 1U);
  EXPECT_THAT(html, HasSubstr("@media (max-width: 40em)"));
  EXPECT_THAT(html, HasSubstr("@media print"));
  // Cards on narrow screens label each cell with its column.
  EXPECT_THAT(html, HasSubstr("<th scope=\"row\" data-label=\"Care Strategy\">Systemic Therapy</th>"));
  EXPECT_THAT(html, HasSubstr("<td data-label=\"Purpose\">Targets cancer cells system-wide</td>"));
  for (const std::string rtl : {"ar", "he-IL", "fa", "ur-PK", "az-Arab", "ar-EG"}) {
    EXPECT_THAT(page(rtl), HasSubstr("dir=\"rtl\">")) << rtl;
  }
  for (const std::string ltr : {"en-GB", "fr", "ku-Latn", "ar-Latn", "arn", "hr", "", "uz-Cyrl"}) {
    EXPECT_THAT(page(ltr), HasSubstr("dir=\"ltr\">")) << ltr;
  }
  // A fragment stays as it was: no labels, no heading, no style.
  const std::string fragment = render_as(t, cc::table_format::html);
  EXPECT_THAT(fragment, Not(HasSubstr("data-label")));
  EXPECT_THAT(fragment, Not(HasSubstr("<h1>")));
}

TEST(Html, HostileTextIsEscaped) {
  const std::string html = render_as(hostile_table(), cc::table_format::html);
  EXPECT_EQ(check_tags(html), "");
  EXPECT_THAT(lower(html), Not(HasSubstr("<script")));
  EXPECT_THAT(html, Not(HasSubstr("<b>")));
  EXPECT_THAT(html, Not(HasSubstr("<!--")));
  EXPECT_THAT(html, Not(HasSubstr("\"onmouseover")));
  EXPECT_THAT(html, HasSubstr("<th scope=\"row\">&lt;script&gt;alert(1)&lt;/script&gt;</th>"));
  EXPECT_THAT(html, HasSubstr("<td>&quot;onmouseover=alert(1) x=&#39;y&#39;</td>"));
  EXPECT_THAT(html, HasSubstr("line one<br>line two<br>line three"));
  EXPECT_THAT(html, HasSubstr("<th scope=\"col\">Name &lt;i&gt;</th>"));
  // Control characters and invalid UTF-8 show as U+FFFD.
  EXPECT_THAT(html, HasSubstr("escape \uFFFD[31mred\uFFFD[0m and bad \uFFFD byte"));
}

TEST(Html, OnlyWebUrlsBecomeLinks) {
  const std::string html = render_as(hostile_table(), cc::table_format::html);
  EXPECT_THAT(hrefs(html), ElementsAre("https://example.org/a?b=1&amp;c=2"));
  for (const auto& h : hrefs(html)) EXPECT_EQ(lower(h).rfind("http", 0), 0U) << h;
  EXPECT_THAT(html, HasSubstr("<cite>Evil link</cite>, javascript:alert(1)</li>"));
  EXPECT_THAT(html, HasSubstr("accessed <time datetime=\"2026-01-15\">2026-01-15</time>"));
  EXPECT_TRUE(cc::detail::is_web_url("HTTPS://example.org/x"));
  EXPECT_FALSE(cc::detail::is_web_url("https://"));
  EXPECT_FALSE(cc::detail::is_web_url(" https://example.org"));
  EXPECT_FALSE(cc::detail::is_web_url("https://example.org/a b"));
  EXPECT_FALSE(cc::detail::is_web_url("java\tscript:alert(1)"));
  EXPECT_FALSE(cc::detail::is_web_url("data:text/html,<script>alert(1)</script>"));
  EXPECT_FALSE(cc::detail::is_web_url("https://example.org/\u202Egpj.exe"));
}

// ---- Plain text ----------------------------------------------------------------------------

TEST(Text, ArticleTableLayout) {
  const auto lines = lines_of(render_as(article_table(), cc::table_format::text, 120));
  EXPECT_THAT(lines,
              ::testing::Contains("Care Strategy     | Purpose                               | Common Use Cases"));
  EXPECT_THAT(lines, ::testing::Contains("Systemic Therapy  | Targets cancer cells system-wide      | Used "
                                         "when cancer has spread to multiple areas"));
  EXPECT_THAT(lines,
              ::testing::Contains(std::string(17, '-') + "-+-" + std::string(37, '-') + "-+-" + std::string(46, '-')));
}

TEST(Text, LinesNeverExceedTheWidth) {
  for (const auto& t : {hostile_table(), builtin_detailed(), builtin_default()}) {
    for (std::size_t width = cc::render_options::min_width; width <= 130; ++width) {
      std::string out;
      if (render_error_id([&] { out = render_as(t, cc::table_format::text, width); }) != 0) {
        // Only widths below what the columns need (3 per separator, 4 per column) may fail.
        EXPECT_LT(width, 3 * (t.columns.size() - 1) + 4 * t.columns.size());
        continue;
      }
      EXPECT_EQ(cc::detail::find_invalid_utf8(out), std::string::npos);
      for (const auto& line : lines_of(out)) {
        EXPECT_LE(cc::detail::display_width(line), width) << "width " << width << ": " << line;
        EXPECT_TRUE(line.empty() || line.back() != ' ') << "trailing space: " << line;
        EXPECT_EQ(open_bidi(line), 0) << line;
      }
    }
  }
}

TEST(Text, ColumnsStayAligned) {
  // The byte offset of display column `column` in `line`, or npos when no character starts there.
  const auto offset_of_column = [](std::string_view line, std::size_t column) {
    std::size_t width = 0;
    for (std::size_t i = 0; i < line.size();) {
      if (width == column) return i;
      if (width > column) break;
      char32_t cp = 0;
      const std::size_t len = cc::detail::decode_utf8(line, i, cp);
      width += cc::detail::code_point_width(cp);
      i += len;
    }
    return width == column ? line.size() : std::string_view::npos;
  };
  for (const std::size_t width : {40U, 72U, 100U}) {
    const auto lines = lines_of(render_as(hostile_table(), cc::table_format::text, width));
    // The first rule line gives the column positions; every table line has its separators there.
    const auto rule =
        std::find_if(lines.begin(), lines.end(), [](const std::string& l) { return l.rfind("---", 0) == 0; });
    ASSERT_NE(rule, lines.end());
    std::vector<std::size_t> columns;
    for (std::size_t at = rule->find("-+-"); at != std::string::npos; at = rule->find("-+-", at + 1))
      columns.push_back(at);
    EXPECT_EQ(columns.size(), 3U);
    const auto end = std::find(rule, lines.end(), std::string());
    std::size_t checked = 0;
    for (auto line = rule - 1; line != end; ++line) {
      const bool is_rule = line->rfind("---", 0) == 0;
      for (const std::size_t column : columns) {
        if (cc::detail::display_width(*line) <= column + 1) continue;  // ends early: empty trailing cells
        const std::size_t at = offset_of_column(*line, column);
        ASSERT_NE(at, std::string_view::npos) << *line;
        const std::string_view here = std::string_view(*line).substr(at);
        if (is_rule) {
          EXPECT_EQ(here.substr(0, 3), "-+-") << "width " << width << ": " << *line;
        } else {
          EXPECT_TRUE(here.substr(0, 3) == " | " || here == " |") << "width " << width << ": " << *line;
        }
        ++checked;
      }
    }
    EXPECT_GT(checked, 20U);
  }
}

TEST(Text, WideAndCombiningText) {
  EXPECT_EQ(cc::detail::display_width("abc"), 3U);
  EXPECT_EQ(cc::detail::display_width("日本語テキスト"), 14U);
  EXPECT_EQ(cc::detail::display_width("Cafe\u0301"), 4U);
  EXPECT_EQ(cc::detail::display_width("zero\u200Bwidth"), 9U);
  EXPECT_EQ(cc::detail::display_width("\u202Eevil"), 4U);
  EXPECT_EQ(cc::detail::display_width("\uFF21\uFF22"), 4U);              // fullwidth A B
  EXPECT_EQ(cc::detail::display_width("\xF0\x9F\x98\x80"), 2U);          // emoji
  EXPECT_EQ(cc::detail::display_width("\xED\x95\x9C\xEA\xB8\x80"), 4U);  // Hangul
  // Hard breaks fall between code points and keep combining marks with their base.
  EXPECT_THAT(cc::detail::wrap("日本語テキスト", 5), ElementsAre("日本", "語テ", "キス", "ト"));
  EXPECT_THAT(cc::detail::wrap("e\u0301e\u0301e\u0301", 2), ElementsAre("e\u0301e\u0301", "e\u0301"));
  EXPECT_THAT(cc::detail::wrap("one two  three\nfour", 7), ElementsAre("one two", "three", "four"));
}

TEST(Text, WidthBelowTheMinimumIsError604) {
  EXPECT_EQ(render_error_id([] { (void)render_as(article_table(), cc::table_format::text, 19); }),
            cc::error_ids::render_bad_option);
  EXPECT_EQ(render_error_id([] { (void)render_as(article_table(), cc::table_format::text, 0); }),
            cc::error_ids::render_bad_option);
  EXPECT_EQ(render_error_id([] { (void)render_as(article_table(), cc::table_format::text, 20); }), 0);
  // Too narrow for the columns: 7 columns need 6 separators of 3 and 4 columns each.
  EXPECT_EQ(render_error_id([] { (void)render_as(builtin_detailed(), cc::table_format::text, 45); }),
            cc::error_ids::render_bad_option);
  EXPECT_EQ(render_error_id([] { (void)render_as(builtin_detailed(), cc::table_format::text, 46); }), 0);
  // Other formats ignore the width.
  EXPECT_EQ(render_error_id([] { (void)render_as(article_table(), cc::table_format::markdown, 0); }), 0);
}

TEST(Text, SharesWidthFairly) {
  EXPECT_THAT(cc::detail::share_widths({10, 50, 50}, 100), ElementsAre(10, 45, 45));
  EXPECT_THAT(cc::detail::share_widths({10, 20, 30}, 100), ElementsAre(10, 20, 30));
  EXPECT_THAT(cc::detail::share_widths({40, 40, 40}, 100), ElementsAre(34, 33, 33));
  EXPECT_THAT(cc::detail::share_widths({5, 100, 30}, 60), ElementsAre(5, 28, 27));
  EXPECT_THAT(cc::detail::share_widths({}, 60), ElementsAre());
}

// ---- CSV -----------------------------------------------------------------------------------

TEST(Csv, RecordsAllHaveTheSameFieldCount) {
  for (const auto& t : {hostile_table(), builtin_detailed(), builtin_default(), list_table()}) {
    const std::string out = render_as(t, cc::table_format::csv);
    const auto doc = parse_csv(out);
    ASSERT_EQ(doc.error, "");
    ASSERT_GE(doc.records.size(), t.rows.size() + 2);
    for (const auto& record : doc.records) EXPECT_EQ(record.size(), std::max<std::size_t>(t.columns.size(), 2));
    std::vector<std::string> labels;
    for (const auto& c : t.columns) labels.push_back(c.label[0] == '=' ? "'" + c.label : c.label);
    EXPECT_EQ(doc.records[0], labels);
    // The provenance follows an empty record.
    const auto& blank = doc.records[t.rows.size() + 1];
    EXPECT_TRUE(std::all_of(blank.begin(), blank.end(), [](const std::string& f) { return f.empty(); }));
    std::vector<std::string> notes;
    for (std::size_t r = t.rows.size() + 2; r < doc.records.size(); ++r) notes.push_back(doc.records[r][0]);
    EXPECT_THAT(notes,
                ::testing::IsSupersetOf({"Caption", "Disclaimer", "Catalog", "Version", "Published", "Last reviewed"}));
  }
}

TEST(Csv, FormulasAreNeutralised) {
  const auto doc = parse_csv(render_as(hostile_table(), cc::table_format::csv));
  ASSERT_EQ(doc.error, "");
  for (const auto& record : doc.records) {
    for (const auto& field : record) {
      // No field, nor any line of a list field, starts with a formula character.
      for (const auto& line : cc::detail::split(field, '\n')) {
        EXPECT_TRUE(line.empty() || std::string_view("=+-@\t\r").find(line.front()) == std::string_view::npos)
            << "field: " << field;
      }
    }
  }
  ASSERT_GE(doc.records.size(), 5U);
  EXPECT_EQ(doc.records[0][3], "'=Notes");
  EXPECT_EQ(doc.records[2][0], "'=HYPERLINK(\"http://x\")");
  EXPECT_EQ(doc.records[2][1], "'-1+2");
  EXPECT_EQ(doc.records[2][2], "'@SUM(A1)\n'+1\n'\tTab\n'\nCR");
  EXPECT_EQ(doc.records[2][3], "line one\nline two\nline three");
  EXPECT_EQ(doc.records[1][0], "<script>alert(1)</script>");  // CSV is data: no HTML escaping
  EXPECT_EQ(doc.records[1][1], "\"onmouseover=alert(1) x='y'");
  // A list whose first item is empty would start with LF: the whole field is prefixed too.
  EXPECT_EQ(cc::detail::csv_cell({{"", "=x"}, true}), "'\n'=x");
  bool source_seen = false;
  for (const auto& record : doc.records) {
    if (record[0] == "Source" && record[1].find("calc") != std::string::npos) {
      EXPECT_EQ(record[1], "'=cmd|' /C calc'!A0");
      source_seen = true;
    }
  }
  EXPECT_TRUE(source_seen);
}

TEST(Csv, UsesCrlfBetweenRecords) {
  const std::string out = render_as(builtin_default(), cc::table_format::csv);
  EXPECT_EQ(out.rfind("Care Strategy,Purpose,Common Use Cases\r\n", 0), 0U);
  EXPECT_THAT(out, HasSubstr("\r\nSystemic Therapy,Targets cancer cells system-wide,Used when cancer has "
                             "spread to multiple areas\r\n"));
  // label,value records padded to the three fields of the table.
  EXPECT_THAT(out, HasSubstr("\r\n,,\r\nCaption,Care strategies for metastatic breast cancer,\r\n"));
  EXPECT_EQ(count(out, "\n"), count(out, "\r\n") + 3);  // the LFs inside the three two-item lists
}

// ---- JSON ----------------------------------------------------------------------------------

TEST(Json, DocumentShape) {
  const auto t = builtin_detailed();
  const std::string out = render_as(t, cc::table_format::json);
  const auto doc = nlohmann::ordered_json::parse(out);
  std::vector<std::string> keys;
  for (const auto& [key, value] : doc.items()) keys.push_back(key);
  EXPECT_THAT(keys, ElementsAre("caption", "columns", "rows", "disclaimer", "sources", "catalog"));
  EXPECT_EQ(doc["columns"][0], (nlohmann::ordered_json{{"field", "name"}, {"label", "Care Strategy"}}));
  ASSERT_EQ(doc["rows"].size(), 9U);
  const auto& first = doc["rows"][0];
  EXPECT_EQ(first["id"], "systemic-therapy");
  EXPECT_EQ(first["cells"]["name"], "Systemic Therapy");
  // Lists are arrays, even with one item.
  EXPECT_EQ(first["cells"]["use_cases"],
            nlohmann::ordered_json::array({"Used when cancer has spread to multiple areas"}));
  EXPECT_EQ(first["cells"]["care_team"], nlohmann::ordered_json::array({"Care providers"}));
  EXPECT_EQ(first["cells"]["benefits"].size(), 2U);
  EXPECT_EQ(doc["catalog"],
            (nlohmann::ordered_json{{"id", "metastatic-breast-cancer"},
                                    {"title", "Care strategies for metastatic breast cancer"},
                                    {"version", "1.0.0"},
                                    {"published", "2026-11-26"},
                                    {"last_reviewed", "2026-11-26"},
                                    {"locale", "en"},
                                    {"authors", nlohmann::ordered_json::array({
                                                    {{"name", "The carecompare project"},
                                                     {"role",
                                                      "wrote this catalog from the source "
                                                      "article and maintains it"}},
                                                })},
                                    {"funding", "None. No one paid for this catalog."},
                                    {"conflicts_of_interest", "No conflicts of interest have been declared."},
                                    {"update_policy", *cc::catalog::builtin().info().update_policy},
                                    {"next_review", "2027-11-26"}}));
  EXPECT_EQ(doc["disclaimer"], cc::catalog::builtin().disclaimer());
  EXPECT_EQ(doc["sources"][0]["id"], "mbc-article");
  EXPECT_EQ(out.substr(0, 16), "{\n  \"caption\": \"");  // 2-space indent
}

TEST(Json, KeepsHostileTextAsData) {
  const auto doc = nlohmann::json::parse(render_as(hostile_table(), cc::table_format::json));
  EXPECT_EQ(doc["rows"][0]["cells"]["name"], "<script>alert(1)</script>");
  EXPECT_EQ(doc["rows"][1]["cells"]["use_cases"][3], "\rCR");
  EXPECT_EQ(doc["rows"][3]["cells"]["notes"], "escape \x1B[31mred\x1B[0m and bad \uFFFD byte");
  EXPECT_EQ(doc["sources"][1]["url"], "javascript:alert(1)");
  EXPECT_EQ(doc["catalog"]["version"], "1.2.3-rc.1");
}

// ---- Bad input -----------------------------------------------------------------------------

TEST(Render, UnknownFormatIsError603) {
  cc::render_options options;
  options.format = static_cast<cc::table_format>(99);
  EXPECT_EQ(render_error_id([&] { (void)cc::render(article_table(), options); }), cc::error_ids::render_unknown_format);
}

TEST(Render, MalformedTableIsError604) {
  auto t = article_table();
  t.rows[1].cells.pop_back();
  EXPECT_EQ(render_error_id([&] { (void)cc::render(t); }), cc::error_ids::render_bad_option);
  t = article_table();
  t.row_header = 3;
  EXPECT_EQ(render_error_id([&] { (void)cc::render(t); }), cc::error_ids::render_bad_option);
  t = article_table();
  t.columns[2].field = "name";
  EXPECT_EQ(render_error_id([&] { (void)cc::render(t); }), cc::error_ids::render_bad_option);
  t = article_table();
  t.disclaimer = " \n";
  for (const auto f : all_formats) {
    EXPECT_EQ(render_error_id([&] { (void)render_as(t, f); }), cc::error_ids::render_bad_option) << cc::to_string(f);
  }
}

TEST(Render, ResultTableShowsWhyShown) {
  cc::circumstances c;
  c.sites = {"bone"};
  c.symptoms = {"pain"};
  const auto t = cc::make_table(cc::catalog::builtin().filter(c));
  const std::string md = render_as(t, cc::table_format::markdown);
  EXPECT_THAT(md, HasSubstr("| Care Strategy | Purpose | Common Use Cases | Why shown |"));
  EXPECT_THAT(
      md, HasSubstr("| Radiation Therapy | Reduces localized tumors or pain | Applied to specific sites like bones or "
                    "brain | \u2022 The cancer is in the bones or the brain. Radiation therapy is used on such "
                    "sites.<br>\u2022 You said you have pain."));
  EXPECT_THAT(md, HasSubstr("| Regular Monitoring | Tracks changes in the disease and in your health | Regular checks "
                            "are key to managing this cancer | This is for everyone."));
}

TEST(Render, HeaderDocExampleCompiles) {
  auto cat = cc::catalog::builtin();
  cc::table_options opts;
  opts.only = {"systemic-therapy", "radiation-therapy", "physical-therapy"};
  cc::table t = cc::make_table(cat, opts);
  EXPECT_THAT(cc::render(t), HasSubstr("| Systemic Therapy | Targets cancer cells system-wide |"));
  EXPECT_THAT(cc::render(t, {cc::table_format::text, false, 72}), HasSubstr("Systemic Therapy"));
  const std::string page = cc::render(t, {.format = cc::table_format::html, .full_page = true});
  EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0U);
  const std::string csv = cc::render(t, {.format = cc::table_format::csv});
  EXPECT_EQ(csv.rfind("Care Strategy,Purpose,Common Use Cases\r\n", 0), 0U);
}

TEST(Render, TableWithoutColumnsStillCarriesTheDisclaimer) {
  cc::table t;
  t.disclaimer = "Informational only.";
  for (const auto f : all_formats) {
    const std::string out = render_as(t, f);
    EXPECT_THAT(out, HasSubstr("Informational only.")) << cc::to_string(f);
  }
  const auto csv = parse_csv(render_as(t, cc::table_format::csv));
  ASSERT_EQ(csv.error, "");
  for (const auto& record : csv.records) EXPECT_EQ(record.size(), 2U);
}

TEST(Render, BidiControlsAreClosed) {
  std::string s = "\u202Eevil";
  cc::detail::close_bidi(s);
  EXPECT_EQ(s, "\u202Eevil\u202C");
  s = "\u2067a\u202Bb";
  cc::detail::close_bidi(s);
  EXPECT_EQ(s, "\u2067a\u202Bb\u202C\u2069");
  s = "\u202Ebalanced\u202C \u2066x\u2069";
  cc::detail::close_bidi(s);
  EXPECT_EQ(s, "\u202Ebalanced\u202C \u2066x\u2069");
  for (const auto f : {cc::table_format::markdown, cc::table_format::html}) {
    const std::string out = render_as(hostile_table(), f);
    EXPECT_THAT(out, HasSubstr("\u202Eevil\u202C")) << cc::to_string(f);
  }
}

/// The display text of the formats, byte by byte: what clean_text(), close_bidi() and
/// markdown_text() must give, whatever runs they skip at once.
std::string clean_text_bytewise(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t len = cc::detail::utf8_sequence_length(s, i);
    const auto c = static_cast<unsigned char>(s[i]);
    if (len == 0) {
      out += "\uFFFD";
      ++i;
    } else if (c == '\r') {
      out += '\n';
      i += i + 1 < s.size() && s[i + 1] == '\n' ? std::size_t{2} : std::size_t{1};
    } else if ((len == 1 && ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F)) ||
               (len == 2 && c == 0xC2 && static_cast<unsigned char>(s[i + 1]) < 0xA0)) {
      out += "\uFFFD";
      i += len;
    } else {
      out.append(s, i, len);
      i += len;
    }
  }
  return out;
}

std::string closed_bidi_bytewise(std::string s) {
  std::string open;
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    i += cc::detail::decode_utf8(s, i, cp);
    if (cp == 0x202A || cp == 0x202B || cp == 0x202D || cp == 0x202E) {
      open += 'e';
    } else if (cp == 0x202C) {
      if (!open.empty() && open.back() == 'e') open.pop_back();
    } else if (cp >= 0x2066 && cp <= 0x2068) {
      open += 'i';
    } else if (cp == 0x2069 && open.rfind('i') != std::string::npos) {
      open.erase(open.rfind('i'));
    }
  }
  for (auto it = open.rbegin(); it != open.rend(); ++it) s += *it == 'e' ? "\u202C" : "\u2069";
  return s;
}

std::string markdown_text_bytewise(std::string_view raw) {
  std::string out;
  for (const char c : closed_bidi_bytewise(clean_text_bytewise(raw))) {
    if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else if (c == '&') {
      out += "&amp;";
    } else if (c == '\n') {
      out += "<br>";
    } else {
      if (std::string_view("\\`*_[]|~#$@").find(c) != std::string_view::npos) out += '\\';
      out += c;
    }
  }
  return out;
}

TEST(Render, DisplayTextEqualsTheByteByByteDefinitionOnRandomText) {
  // Pieces that end or break a run of plain ASCII: controls, CR LF, DEL, C1, markup, bidi
  // controls, valid and cut multi-byte sequences, bytes that are never UTF-8.
  const std::vector<std::string> pieces = {"plain words ",
                                           "a",
                                           "\t",
                                           "\n",
                                           "\r",
                                           "\r\n",
                                           "\x01",
                                           "\x1F",
                                           "\x7F",
                                           "\xC2\x85",
                                           "\xC2\xA0",
                                           "<b>",
                                           "&",
                                           "*_`[]|~#$@\\",
                                           "\u202A",
                                           "\u202B",
                                           "\u202C",
                                           "\u202D",
                                           "\u202E",
                                           "\u2066",
                                           "\u2067",
                                           "\u2068",
                                           "\u2069",
                                           "\xE2",
                                           "\xE2\x80",
                                           "\xE2\x81",
                                           "\xE2\xE2\x80\xAE",
                                           "\xF0\xE2\x80\xAE",
                                           "\xC3\xA9",
                                           "\xF0\x9F\x98\x80",
                                           "\xFF",
                                           "\x80",
                                           "\xED\xA0\x80",
                                           "\u200B"};
  std::mt19937 random(20261206);
  for (int round = 0; round < 4000; ++round) {
    std::string text;
    for (int k = static_cast<int>(random() % 12); k > 0; --k) text += pieces[random() % pieces.size()];
    SCOPED_TRACE(::testing::PrintToString(text));
    const std::string cleaned = cc::detail::clean_text(text);
    ASSERT_EQ(cleaned, clean_text_bytewise(text));
    std::string closed = cleaned;
    cc::detail::close_bidi(closed);
    ASSERT_EQ(closed, closed_bidi_bytewise(cleaned));
    std::string closed_raw = text;  // close_bidi() on text that is not UTF-8 too
    cc::detail::close_bidi(closed_raw);
    ASSERT_EQ(closed_raw, closed_bidi_bytewise(text));
    ASSERT_EQ(cc::detail::markdown_text(text), markdown_text_bytewise(text));
  }
}

TEST(AllFormats, HoldTheirPropertiesForArbitraryText) {
  // Cells made of random pieces chosen to be awkward; a fixed seed keeps the test repeatable.
  const std::vector<std::string> pieces = {"a",
                                           "word",
                                           " ",
                                           "  ",
                                           "\n",
                                           "\r\n",
                                           "\r",
                                           "\t",
                                           "|",
                                           "\\",
                                           "`",
                                           "*",
                                           "_",
                                           "<",
                                           ">",
                                           "&",
                                           "\"",
                                           "'",
                                           "#",
                                           "=",
                                           "+",
                                           "-",
                                           "@",
                                           ",",
                                           "[x](y)",
                                           "<script>",
                                           "日本",
                                           "\uFF21",
                                           "e\u0301",
                                           "\u0301",
                                           "\u200B",
                                           "\u202E",
                                           "\u2067",
                                           "\u202C",
                                           "\xF0\x9F\x98\x80",
                                           "\x1B",
                                           "\x7F",
                                           "\xC2\x85",
                                           "\xFF",
                                           "\xE6\x97",
                                           "Pneumonoultramicroscopicsilicovolcanoconiosis"};
  std::mt19937 random(20261126);
  const auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(random); };
  const auto text = [&] {
    std::string out;
    for (std::size_t k = pick(8); k > 0; --k) out += pieces[pick(pieces.size())];
    return out;
  };
  for (int round = 0; round < 150; ++round) {
    cc::table t;
    t.caption = text();
    t.disclaimer = "Informational only. " + text();
    const std::size_t n = 1 + pick(4);
    for (std::size_t c = 0; c < n; ++c) t.columns.push_back({"f" + std::to_string(c), text()});
    if (pick(2) == 0) t.row_header = pick(n);
    for (std::size_t r = pick(4); r > 0; --r) {
      cc::table_row row{"r" + std::to_string(r), {}};
      for (std::size_t c = 0; c < n; ++c) {
        cc::table_cell cell{{}, pick(2) == 0};
        for (std::size_t k = cell.is_list ? pick(4) : 1; k > 0; --k) cell.items.push_back(text());
        row.cells.push_back(std::move(cell));
      }
      t.rows.push_back(std::move(row));
    }
    t.sources.push_back({"s", text(), text(), pick(2) == 0 ? "https://example.org/" + text() : text(), std::nullopt});
    SCOPED_TRACE("round " + std::to_string(round));

    for (const auto f : all_formats) {
      const std::string out = render_as(t, f);
      EXPECT_EQ(cc::detail::find_invalid_utf8(out), std::string::npos) << cc::to_string(f);
    }
    const std::string md = render_as(t, cc::table_format::markdown);
    EXPECT_THAT(md, Not(HasSubstr("<script")));
    const auto md_lines = lines_of(md);
    EXPECT_EQ(
        std::count_if(md_lines.begin(), md_lines.end(), [](const std::string& l) { return l.rfind("|", 0) == 0; }),
        static_cast<std::ptrdiff_t>(t.rows.size() + 2));
    const std::string html = render_as(t, cc::table_format::html);
    EXPECT_EQ(check_tags(html), "") << html;
    EXPECT_THAT(html, Not(HasSubstr("<script")));
    for (const auto& h : hrefs(html)) EXPECT_EQ(h.rfind("https://example.org/", 0), 0U) << h;
    const auto csv = parse_csv(render_as(t, cc::table_format::csv));
    ASSERT_EQ(csv.error, "");
    for (const auto& record : csv.records) {
      EXPECT_EQ(record.size(), std::max<std::size_t>(n, 2));
      for (const auto& field : record) {  // (lines inside one text may start with anything)
        EXPECT_TRUE(field.empty() || std::string_view("=+-@\t\r\n").find(field.front()) == std::string_view::npos)
            << field;
      }
    }
    EXPECT_TRUE(nlohmann::json::accept(render_as(t, cc::table_format::json)));
    for (const std::size_t width : {30U, 57U, 100U}) {
      for (const auto& line : lines_of(render_as(t, cc::table_format::text, width))) {
        EXPECT_LE(cc::detail::display_width(line), width) << line;
        EXPECT_EQ(open_bidi(line), 0) << line;
      }
    }
  }
}

// ---- Hostile text in a catalog ---------------------------------------------------------------
// A catalog loaded from a JSON document (the way an app's users edit them) whose names,
// purposes, use cases, sources, disclaimer, title and reasons try to break out of each format:
// script tags, attribute injection, table pipes, backticks, newlines, spreadsheet formulas,
// right-to-left overrides and zero-width characters. Each format's whole output is asserted,
// byte for byte: markup escaped, formulas neutralised, overrides closed, links only for http(s).

namespace {

/// The hostile catalog's document.
nlohmann::json hostile_catalog_json() {
  return nlohmann::json{
      {"format", "carecompare.catalog/1"},
      {"id", "hostile"},
      {"title", "<script>alert(\"title\")</script>"},
      {"condition", "Testing"},
      {"locale", "en"},
      {"version", "1.0.0"},
      {"published", "2026-01-01"},
      {"last_reviewed", "2026-02-01"},
      {"disclaimer",
       "Informational only.\n<img src=x onerror=alert(1)> | `rm -rf` =HYPERLINK(\"http://evil.example\")"},
      {"sources",
       {{{"id", "evil"},
         {"title", "<b>Evil</b> | *source*"},
         {"publisher", "@SUM(1+1)"},
         {"url", "javascript:alert(1)"}},
        {{"id", "web"}, {"title", "=cmd|' /C calc'!A0"}, {"url", "https://example.org/a?b=1&c=2"}}}},
      {"vocabulary",
       {{"sites", {{{"id", "bone"}, {"label", "Bone"}}}},
        {"symptoms", {{{"id", "pain"}, {"label", "Pain"}}}},
        {"goals", {{{"id", "rest"}, {"label", "Rest"}}}}}},
      {"columns",
       {{{"field", "name"}, {"label", "Name"}},
        {{"field", "purpose"}, {"label", "Purpose"}},
        {{"field", "use_cases"}, {"label", "Use cases"}}}},
      {"strategies",
       {{{"id", "formula"},
         {"name", "=HYPERLINK(\"http://evil.example\",\"Click\")"},
         {"kind", "treatment"},
         {"scope", "local"},
         {"purpose", "\"onmouseover=alert(1) x=' | pipe | `code` *bold* _it_"},
         {"use_cases", {"<script>alert(1)</script>", "line one\nline two"}},
         {"sources", {"evil", "web"}}},
        {{"id", "unicode"},
         {"name", "\u202Eevil\u202C name"},
         {"kind", "supportive"},
         {"scope", "whole-person"},
         {"purpose", "zero\u200Bwidth\u200D and \u202Eopen override"},
         {"use_cases", {"[link](javascript:alert(1))"}},
         {"sources", {"web"}}}}},
      {"rules",
       {{{"id", "always"},
         {"description", "<i>always</i>"},
         {"when", true},
         {"show", {"formula", "unicode"}},
         {"reason", "</td><script>alert(1)</script>\n=1+1"}}}}};
}

const cc::catalog& hostile_catalog() {
  static const cc::catalog cat = cc::catalog::from_json(hostile_catalog_json().dump());
  return cat;
}

/// The table of the options the hostile catalog shows for no circumstances, with reasons.
cc::table hostile_result_table() {
  cc::table_options options;
  options.columns = {"name", "why_shown"};
  return cc::make_table(hostile_catalog().filter(cc::circumstances{}), options);
}

}  // namespace

TEST(HostileCatalog, MarkdownEscapesEveryMarkupCharacter) {
  EXPECT_EQ(render_as(cc::make_table(hostile_catalog()), cc::table_format::markdown),
            "**&lt;script&gt;alert(\"title\")&lt;/script&gt;**\n"
            "\n"
            "| Name | Purpose | Use cases |\n"
            "| --- | --- | --- |\n"
            "| =HYPERLINK(\"http://evil.example\",\"Click\") | \"onmouseover=alert(1) x=' \\| pipe \\| \\`code\\` "
            "\\*bold\\* \\_it\\_ | \u2022 &lt;script&gt;alert(1)&lt;/script&gt;<br>\u2022 line one<br>line two |\n"
            "| \u202Eevil\u202C name | zero\u200Bwidth\u200D and \u202Eopen override\u202C | "
            "\\[link\\](javascript:alert(1)) |\n"
            "\n"
            "> **Disclaimer:** Informational only.<br>&lt;img src=x onerror=alert(1)&gt; \\| \\`rm -rf\\` "
            "=HYPERLINK(\"http://evil.example\")\n"
            "\n"
            "**Sources:**\n"
            "\n"
            "- *&lt;b&gt;Evil&lt;/b&gt; \\| \\*source\\**, \\@SUM(1+1), javascript:alert(1)\n"
            "- *=cmd\\|' /C calc'!A0*, <https://example.org/a?b=1&c=2>\n"
            "\n"
            "Catalog: &lt;script&gt;alert(\"title\")&lt;/script&gt; (hostile), version 1.0.0. Published 2026-01-01; "
            "last reviewed 2026-02-01.\n");
}

/// What follows the hostile catalog's table in HTML: its footer, escaped.
constexpr const char* hostile_html_footer =
    "  <p class=\"carecompare-disclaimer\" role=\"note\"><strong>Disclaimer:</strong> Informational "
    "only.<br>&lt;img src=x onerror=alert(1)&gt; | `rm -rf` =HYPERLINK(&quot;http://evil.example&quot;)</p>\n"
    "  <p class=\"carecompare-sources-label\">Sources:</p>\n"
    "  <ul class=\"carecompare-sources\">\n"
    "    <li><cite>&lt;b&gt;Evil&lt;/b&gt; | *source*</cite>, @SUM(1+1), javascript:alert(1)</li>\n"
    "    <li><cite>=cmd|&#39; /C calc&#39;!A0</cite>, <a "
    "href=\"https://example.org/a?b=1&amp;c=2\">https://example.org/a?b=1&amp;c=2</a></li>\n"
    "  </ul>\n"
    "  <p class=\"carecompare-catalog\">Catalog: &lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt; "
    "(hostile), version 1.0.0. Published <time datetime=\"2026-01-01\">2026-01-01</time>; last reviewed <time "
    "datetime=\"2026-02-01\">2026-02-01</time>.</p>\n"
    "</figure>\n";

TEST(HostileCatalog, HtmlEscapesTextAndAttributesAndLinksOnlyWebUrls) {
  EXPECT_EQ(render_as(cc::make_table(hostile_catalog()), cc::table_format::html),
            "<figure class=\"carecompare\" lang=\"en\">\n"
            "  <table>\n"
            "    <caption>&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;</caption>\n"
            "    <thead>\n"
            "      <tr>\n"
            "        <th scope=\"col\">Name</th>\n"
            "        <th scope=\"col\">Purpose</th>\n"
            "        <th scope=\"col\">Use cases</th>\n"
            "      </tr>\n"
            "    </thead>\n"
            "    <tbody>\n"
            "      <tr>\n"
            "        <th scope=\"row\">=HYPERLINK(&quot;http://evil.example&quot;,&quot;Click&quot;)</th>\n"
            "        <td>&quot;onmouseover=alert(1) x=&#39; | pipe | `code` *bold* _it_</td>\n"
            "        <td><ul><li>&lt;script&gt;alert(1)&lt;/script&gt;</li><li>line one<br>line two</li></ul></td>\n"
            "      </tr>\n"
            "      <tr>\n"
            "        <th scope=\"row\">\u202Eevil\u202C name</th>\n"
            "        <td>zero\u200Bwidth\u200D and \u202Eopen override\u202C</td>\n"
            "        <td>[link](javascript:alert(1))</td>\n"
            "      </tr>\n"
            "    </tbody>\n"
            "  </table>\n" +
                std::string(hostile_html_footer));
}

TEST(HostileCatalog, TextClosesOverridesOnEveryLine) {
  EXPECT_EQ(
      render_as(cc::make_table(hostile_catalog()), cc::table_format::text, 72),
      "<script>alert(\"title\")</script>\n"
      "\n"
      "Name                   | Purpose                | Use cases\n"
      "-----------------------+------------------------+-----------------------\n"
      "=HYPERLINK(\"http://evi | \"onmouseover=alert(1)  | - <script>alert(1)</sc\n"
      "l.example\",\"Click\")    | x=' | pipe | `code`    |   ript>\n"
      "                       | *bold* _it_            | - line one\n"
      "                       |                        |   line two\n"
      "-----------------------+------------------------+-----------------------\n"
      "\u202Eevil\u202C name              | zero\u200Bwidth\u200D and \u202Eopen\u202C     | [link](javascript:aler\n"
      "                       | override               | t(1))\n"
      "\n"
      "Disclaimer: Informational only.\n"
      "<img src=x onerror=alert(1)> | `rm -rf`\n"
      "=HYPERLINK(\"http://evil.example\")\n"
      "\n"
      "Sources:\n"
      "- <b>Evil</b> | *source*, @SUM(1+1), javascript:alert(1)\n"
      "- =cmd|' /C calc'!A0, https://example.org/a?b=1&c=2\n"
      "\n"
      "Catalog: <script>alert(\"title\")</script> (hostile), version 1.0.0.\n"
      "Published 2026-01-01; last reviewed 2026-02-01.\n");
}

TEST(HostileCatalog, CsvNeutralisesFormulasAndQuotesFields) {
  EXPECT_EQ(render_as(cc::make_table(hostile_catalog()), cc::table_format::csv),
            "Name,Purpose,Use cases\r\n"
            "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Click\"\")\",\"\"\"onmouseover=alert(1) x=' | pipe | `code` "
            "*bold* _it_\",\"<script>alert(1)</script>\n"
            "line one\n"
            "line two\"\r\n"
            "\u202Eevil\u202C name,zero\u200Bwidth\u200D and \u202Eopen override,[link](javascript:alert(1))\r\n"
            ",,\r\n"
            "Caption,\"<script>alert(\"\"title\"\")</script>\",\r\n"
            "Disclaimer,\"Informational only.\n"
            "<img src=x onerror=alert(1)> | `rm -rf` =HYPERLINK(\"\"http://evil.example\"\")\",\r\n"
            "Source,\"<b>Evil</b> | *source*, @SUM(1+1), javascript:alert(1)\",\r\n"
            "Source,\"'=cmd|' /C calc'!A0, https://example.org/a?b=1&c=2\",\r\n"
            "Catalog,hostile,\r\n"
            "Catalog title,\"<script>alert(\"\"title\"\")</script>\",\r\n"
            "Version,1.0.0,\r\n"
            "Published,2026-01-01,\r\n"
            "Last reviewed,2026-02-01,\r\n");
}

TEST(HostileCatalog, JsonKeepsTheTextAsEscapedData) {
  EXPECT_EQ(render_as(cc::make_table(hostile_catalog()), cc::table_format::json),
            "{\n"
            "  \"caption\": \"<script>alert(\\\"title\\\")</script>\",\n"
            "  \"columns\": [\n"
            "    {\n"
            "      \"field\": \"name\",\n"
            "      \"label\": \"Name\"\n"
            "    },\n"
            "    {\n"
            "      \"field\": \"purpose\",\n"
            "      \"label\": \"Purpose\"\n"
            "    },\n"
            "    {\n"
            "      \"field\": \"use_cases\",\n"
            "      \"label\": \"Use cases\"\n"
            "    }\n"
            "  ],\n"
            "  \"rows\": [\n"
            "    {\n"
            "      \"id\": \"formula\",\n"
            "      \"cells\": {\n"
            "        \"name\": \"=HYPERLINK(\\\"http://evil.example\\\",\\\"Click\\\")\",\n"
            "        \"purpose\": \"\\\"onmouseover=alert(1) x=' | pipe | `code` *bold* _it_\",\n"
            "        \"use_cases\": [\n"
            "          \"<script>alert(1)</script>\",\n"
            "          \"line one\\nline two\"\n"
            "        ]\n"
            "      }\n"
            "    },\n"
            "    {\n"
            "      \"id\": \"unicode\",\n"
            "      \"cells\": {\n"
            "        \"name\": \"\u202Eevil\u202C name\",\n"
            "        \"purpose\": \"zero\u200Bwidth\u200D and \u202Eopen override\",\n"
            "        \"use_cases\": [\n"
            "          \"[link](javascript:alert(1))\"\n"
            "        ]\n"
            "      }\n"
            "    }\n"
            "  ],\n"
            "  \"disclaimer\": \"Informational only.\\n<img src=x onerror=alert(1)> | `rm -rf` "
            "=HYPERLINK(\\\"http://evil.example\\\")\",\n"
            "  \"sources\": [\n"
            "    {\n"
            "      \"id\": \"evil\",\n"
            "      \"title\": \"<b>Evil</b> | *source*\",\n"
            "      \"publisher\": \"@SUM(1+1)\",\n"
            "      \"url\": \"javascript:alert(1)\"\n"
            "    },\n"
            "    {\n"
            "      \"id\": \"web\",\n"
            "      \"title\": \"=cmd|' /C calc'!A0\",\n"
            "      \"url\": \"https://example.org/a?b=1&c=2\"\n"
            "    }\n"
            "  ],\n"
            "  \"catalog\": {\n"
            "    \"id\": \"hostile\",\n"
            "    \"title\": \"<script>alert(\\\"title\\\")</script>\",\n"
            "    \"version\": \"1.0.0\",\n"
            "    \"published\": \"2026-01-01\",\n"
            "    \"last_reviewed\": \"2026-02-01\",\n"
            "    \"locale\": \"en\"\n"
            "  }\n"
            "}\n");
}

TEST(HostileCatalog, ReasonsInResultTablesAreEscapedToo) {
  EXPECT_EQ(render_as(hostile_result_table(), cc::table_format::html),
            "<figure class=\"carecompare\" lang=\"en\">\n"
            "  <table>\n"
            "    <caption>Options that may be relevant to your answers: "
            "&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;</caption>\n"
            "    <thead>\n"
            "      <tr>\n"
            "        <th scope=\"col\">Name</th>\n"
            "        <th scope=\"col\">Why shown</th>\n"
            "      </tr>\n"
            "    </thead>\n"
            "    <tbody>\n"
            "      <tr>\n"
            "        <th scope=\"row\">=HYPERLINK(&quot;http://evil.example&quot;,&quot;Click&quot;)</th>\n"
            "        <td>&lt;/td&gt;&lt;script&gt;alert(1)&lt;/script&gt;<br>=1+1</td>\n"
            "      </tr>\n"
            "      <tr>\n"
            "        <th scope=\"row\">\u202Eevil\u202C name</th>\n"
            "        <td>&lt;/td&gt;&lt;script&gt;alert(1)&lt;/script&gt;<br>=1+1</td>\n"
            "      </tr>\n"
            "    </tbody>\n"
            "  </table>\n" +
                std::string(hostile_html_footer));
  EXPECT_EQ(
      render_as(hostile_result_table(), cc::table_format::markdown),
      "**Options that may be relevant to your answers: &lt;script&gt;alert(\"title\")&lt;/script&gt;**\n"
      "\n"
      "| Name | Why shown |\n"
      "| --- | --- |\n"
      "| =HYPERLINK(\"http://evil.example\",\"Click\") | &lt;/td&gt;&lt;script&gt;alert(1)&lt;/script&gt;<br>=1+1 |\n"
      "| \u202Eevil\u202C name | &lt;/td&gt;&lt;script&gt;alert(1)&lt;/script&gt;<br>=1+1 |\n"
      "\n"
      "> **Disclaimer:** Informational only.<br>&lt;img src=x onerror=alert(1)&gt; \\| \\`rm -rf\\` "
      "=HYPERLINK(\"http://evil.example\")\n"
      "\n"
      "**Sources:**\n"
      "\n"
      "- *&lt;b&gt;Evil&lt;/b&gt; \\| \\*source\\**, \\@SUM(1+1), javascript:alert(1)\n"
      "- *=cmd\\|' /C calc'!A0*, <https://example.org/a?b=1&c=2>\n"
      "\n"
      "Catalog: &lt;script&gt;alert(\"title\")&lt;/script&gt; (hostile), version 1.0.0. Published 2026-01-01; last "
      "reviewed 2026-02-01.\n");
  EXPECT_EQ(render_as(hostile_result_table(), cc::table_format::csv),
            "Name,Why shown\r\n"
            "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Click\"\")\",\"</td><script>alert(1)</script>\n"
            "=1+1\"\r\n"
            "\u202Eevil\u202C name,\"</td><script>alert(1)</script>\n"
            "=1+1\"\r\n"
            ",\r\n"
            "Caption,\"Options that may be relevant to your answers: <script>alert(\"\"title\"\")</script>\"\r\n"
            "Disclaimer,\"Informational only.\n"
            "<img src=x onerror=alert(1)> | `rm -rf` =HYPERLINK(\"\"http://evil.example\"\")\"\r\n"
            "Source,\"<b>Evil</b> | *source*, @SUM(1+1), javascript:alert(1)\"\r\n"
            "Source,\"'=cmd|' /C calc'!A0, https://example.org/a?b=1&c=2\"\r\n"
            "Catalog,hostile\r\n"
            "Catalog title,\"<script>alert(\"\"title\"\")</script>\"\r\n"
            "Version,1.0.0\r\n"
            "Published,2026-01-01\r\n"
            "Last reviewed,2026-02-01\r\n");
}

// ---- The format names (render/format_names.hpp) ---------------------------------------------------

TEST(TableFormatNames, AreTheEnumsNamesEachFollowedByItsAliases) {
  // The canonical names are to_string()'s, in the enum's order; every name parses, in any case.
  std::vector<cc::table_format> canonical;
  for (const auto& f : cc::detail::table_format_names) {
    EXPECT_EQ(cc::parse_table_format(f.name), f.format) << f.name;
    std::string upper(f.name);
    for (char& c : upper) c = static_cast<char>(c - 'a' + 'A');
    EXPECT_EQ(cc::parse_table_format(upper), f.format) << upper;
    if (f.alias) {
      ASSERT_FALSE(canonical.empty()) << f.name;
      EXPECT_EQ(canonical.back(), f.format) << f.name << " follows the canonical name of its format";
    } else {
      EXPECT_EQ(cc::to_string(f.format), f.name);
      canonical.push_back(f.format);
    }
  }
  EXPECT_THAT(canonical, ElementsAre(cc::table_format::markdown, cc::table_format::html, cc::table_format::text,
                                     cc::table_format::csv, cc::table_format::json));
  EXPECT_EQ(cc::detail::table_format_list(), "markdown, html, text, csv, json");
  EXPECT_EQ(cc::detail::table_format_list(true), "markdown (md), html, text (txt), csv, json");
  EXPECT_EQ(cc::detail::table_format_list(false, " or "), "markdown, html, text, csv or json");
}

// ---- Render requests: the JSON form of render options (render.hpp) --------------------------------

/// The render_error (or circumstances_error) a request's JSON form, or rendering it, gives:
/// "<id>@<path>: <what>", or "ok".
std::string request_error(const nlohmann::json& j) {
  try {
    (void)cc::render(cc::catalog::builtin(), cc::render_request::from_json(j));
    return "ok";
  } catch (const cc::render_error& e) {
    return std::to_string(e.id()) + "@" + e.path() + ": " + e.what();
  } catch (const cc::circumstances_error& e) {
    return std::to_string(e.id()) + "@" + e.path() + ": " + e.what();
  }
}

TEST(RenderRequest, ReadsEveryKeyOfItsJsonForm) {
  const auto r = cc::render_request::from_json(nlohmann::json::parse(
      R"({"format": "TXT", "columns": ["name", "why_shown=Why"], "only": ["nutrition"], "full_page": true,
          "width": 60, "circumstances": {"sites": ["bone"], "facts": {}}, "include_not_shown": true})"));
  EXPECT_EQ(r.render.format, cc::table_format::text);
  EXPECT_TRUE(r.render.full_page);
  EXPECT_EQ(r.render.width, 60u);
  EXPECT_THAT(r.table.columns, ElementsAre("name", "why_shown=Why"));
  EXPECT_THAT(r.table.only, ElementsAre("nutrition"));
  EXPECT_TRUE(r.table.include_not_shown);
  ASSERT_TRUE(r.circumstances.has_value());
  EXPECT_THAT(r.circumstances->sites, ElementsAre("bone"));
  const auto none = cc::render_request::from_json(nlohmann::json::object());
  EXPECT_EQ(none.render.format, cc::table_format::markdown);
  EXPECT_FALSE(none.circumstances.has_value());
  // What it asks for is what the C++ calls give.
  const cc::catalog cat = cc::catalog::builtin();
  cc::table_options options;
  options.columns = r.table.columns;
  options.only = r.table.only;
  options.include_not_shown = true;
  EXPECT_EQ(cc::render(cat, r), cc::render(cc::make_table(cat.filter(*r.circumstances), options), r.render));
}

TEST(RenderRequest, ErrorsPointIntoTheJsonForm) {
  using nlohmann::json;
  EXPECT_EQ(request_error(json::array()),
            "604@: [carecompare.render.604] expected an object of render options, got an array");
  EXPECT_EQ(request_error({{"format", "pdf"}}),
            "603@/format: [carecompare.render.603] /format: unknown format \"pdf\"; formats: markdown, html, text, "
            "csv, json");
  EXPECT_EQ(request_error({{"width", -1}}),
            "604@/width: [carecompare.render.604] /width: expected a non-negative integer, got a number");
  EXPECT_EQ(request_error({{"only", {"nutrition", 3}}}),
            "604@/only/1: [carecompare.render.604] /only/1: expected a string, got a number");
  EXPECT_EQ(request_error({{"colour", true}}),
            "604@/colour: [carecompare.render.604] /colour: unknown option \"colour\"; options: format, columns, "
            "only, full_page, width, circumstances, include_not_shown");
  EXPECT_EQ(request_error({{"include_not_shown", true}}),
            "604@/include_not_shown: [carecompare.render.604] /include_not_shown: include_not_shown applies to the "
            "table of a filter result: give circumstances too");
  EXPECT_EQ(request_error({{"circumstances", {{"sites", {1}}}}}),
            "302@/circumstances/sites/0: [carecompare.circumstances.302] /circumstances/sites/0: expected an id "
            "string, got a number");
  // Errors found while making or rendering the table point at the option that caused them.
  EXPECT_EQ(request_error({{"circumstances", {{"sites", {"bones"}}}}}).substr(0, 29), "301@/circumstances/sites/0: [");
  EXPECT_EQ(request_error({{"columns", {"nope"}}}).substr(0, 13), "601@/columns:");
  EXPECT_EQ(request_error({{"only", {"nutrition", "nope"}}}).substr(0, 12), "602@/only/1:");
  EXPECT_EQ(request_error({{"format", "text"}, {"width", 5u}}).substr(0, 40),
            "604@/width: [carecompare.render.604] /wi");
  EXPECT_THAT(request_error({{"format", "text"}, {"width", 5u}}), HasSubstr("width"));
  EXPECT_EQ(request_error({{"format", "html"}, {"width", 5u}}), "ok");
}
