// SPDX-License-Identifier: MIT
// Dates and versions of the catalog model (model.hpp): parsing and printing; the English labels.
#include <carecompare/model.hpp>

#include <fmt/format.h>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

CARECOMPARE_BEGIN_NAMESPACE

namespace detail {
constexpr int days_in_month(int y, int m) noexcept {
  constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : days[m - 1];
}
}  // namespace detail

CARECOMPARE_FUNC std::optional<iso_date> iso_date::parse(std::string_view text) noexcept {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto digits = [&](std::size_t from, std::size_t count, int& out) {
    out = 0;
    for (std::size_t i = from; i < from + count; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
      out = out * 10 + (text[i] - '0');
    }
    return true;
  };
  iso_date d;
  if (!digits(0, 4, d.year) || !digits(5, 2, d.month) || !digits(8, 2, d.day)) return std::nullopt;
  if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > detail::days_in_month(d.year, d.month)) {
    return std::nullopt;
  }
  return d;
}

CARECOMPARE_FUNC std::string iso_date::to_string() const { return fmt::format("{:04}-{:02}-{:02}", year, month, day); }

CARECOMPARE_FUNC std::optional<semantic_version> semantic_version::parse(std::string_view text) {
  semantic_version v;
  std::size_t pos = 0;
  auto number = [&](std::uint64_t& out) {
    const std::size_t start = pos;
    out = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (out > (UINT64_MAX - 9) / 10) return false;
      out = out * 10 + static_cast<std::uint64_t>(text[pos++] - '0');
    }
    const std::size_t len = pos - start;
    return len > 0 && !(len > 1 && text[start] == '0');
  };
  auto identifiers = [&](std::string& out, bool numeric_no_leading_zero) {
    const std::size_t start = pos;
    std::size_t ident_start = pos;
    bool all_digits = true;
    for (;; ++pos) {
      const bool end = pos == text.size() || text[pos] == '.' || text[pos] == '+';
      if (end) {
        const std::size_t len = pos - ident_start;
        if (len == 0) return false;
        if (numeric_no_leading_zero && all_digits && len > 1 && text[ident_start] == '0') return false;
        if (pos == text.size() || text[pos] == '+') break;
        ident_start = pos + 1;
        all_digits = true;
        continue;
      }
      const char c = text[pos];
      const bool digit = c >= '0' && c <= '9';
      const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
      if (!digit && !alpha) return false;
      all_digits = all_digits && digit;
    }
    out.assign(text.substr(start, pos - start));
    return true;
  };
  if (!number(v.major) || pos >= text.size() || text[pos++] != '.') return std::nullopt;
  if (!number(v.minor) || pos >= text.size() || text[pos++] != '.') return std::nullopt;
  if (!number(v.patch)) return std::nullopt;
  if (pos < text.size() && text[pos] == '-') {
    ++pos;
    if (!identifiers(v.prerelease, true)) return std::nullopt;
  }
  if (pos < text.size() && text[pos] == '+') {
    ++pos;
    if (!identifiers(v.build, false) || pos != text.size()) return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;
  return v;
}

CARECOMPARE_FUNC std::string semantic_version::to_string() const {
  std::string out = fmt::format("{}.{}.{}", major, minor, patch);
  if (!prerelease.empty()) out += "-" + prerelease;
  if (!build.empty()) out += "+" + build;
  return out;
}

CARECOMPARE_FUNC const catalog_labels& default_labels() {
  static const catalog_labels english{
      .score = "Score",
      .status = "Status",
      .why_shown = "Why shown",
      .depends_on = "Depends on",
      .why_not_shown = "Why not shown",
      .heading_id = "ID",
      .heading_name = "Name",
      .heading_kind = "Kind",
      .heading_scope = "Scope",
      .heading_purpose = "Purpose",
      .heading_use_cases = "Use cases",
      .heading_benefits = "Benefits",
      .heading_considerations = "Considerations",
      .heading_care_team = "Care team",
      .heading_sources = "Sources",
      .shown = "Shown (score {score})",
      .undecided = "Depends on what you have not answered",
      .not_shown = "Not shown",
      .hidden_by_answers = "Hidden because of your answers.",
      .never_shown = "This catalog never shows this option.",
      .not_shown_for_answers = "Not shown for your answers.",
      .result_caption = "Options that may be relevant to your answers: {title}",
      .comparison_table = "Comparison table",
      .caption = "Caption",
      .disclaimer = "Disclaimer",
      .sources = "Sources",
      .source = "Source",
      .accessed = "accessed {date}",
      .catalog = "Catalog",
      .catalog_title = "Catalog title",
      .version = "Version",
      .published = "Published",
      .last_reviewed = "Last reviewed",
      .catalog_line = "Catalog: {catalog}, version {version}. Published {published}; last reviewed {last_reviewed}.",
      .written_by = "Written by",
      .funding = "Funding",
      .conflicts_of_interest = "Conflicts of interest",
      .updates = "Updates",
      .next_review = "Next review",
      .translation = "Translation",
      .translation_note = "Translation: {locale}, from catalog version {version}.",
      .not_reviewed = "This translation has not been reviewed.",
      .question_sites = "Parts of the body involved",
      .question_symptoms = "Symptoms you have",
      .question_goals = "What matters to you",
      .from_record = "From the health record: {answers}.",
      .list_and = "{items} and {item}",
      .yes = "Yes",
      .no = "No",
  };
  return english;
}

CARECOMPARE_END_NAMESPACE
