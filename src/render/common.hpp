// SPDX-License-Identifier: MIT
/**
 * @file render/common.hpp (private)
 * What every renderer shares: text made safe to show (invalid UTF-8, control characters,
 * bidirectional controls), display widths, wrapping, links, and the checks of a table.
 */
#ifndef CARECOMPARE_SRC_RENDER_COMMON_HPP
#define CARECOMPARE_SRC_RENDER_COMMON_HPP

#include <algorithm>
#include <carecompare/config.hpp>
#include <carecompare/error.hpp>
#include <carecompare/model.hpp>
#include <carecompare/render.hpp>
#include <carecompare/table.hpp>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "../codec.hpp"
#include "../util/ascii.hpp"
#include "../util/label_format.hpp"
#include "../util/utf8.hpp"

CARECOMPARE_BEGIN_NAMESPACE
namespace detail {

inline constexpr std::string_view replacement_character = "\xEF\xBF\xBD";

/// The text as every format but JSON shows it: valid UTF-8, newlines as LF, and control
/// characters other than tab and LF (C0, DEL, C1) replaced by U+FFFD.
inline std::string clean_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    // A run of printable ASCII, tab and LF goes out as it is.
    std::size_t run = i;
    while (run < s.size()) {
      const auto b = static_cast<unsigned char>(s[run]);
      if ((b < 0x20 && b != '\t' && b != '\n') || b >= 0x7F) break;
      ++run;
    }
    out.append(s, i, run - i);
    i = run;
    if (i == s.size()) break;
    const std::size_t len = utf8_sequence_length(s, i);
    if (len == 0) {
      out += replacement_character;
      ++i;
      continue;
    }
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '\r') {
      out += '\n';
      i += i + 1 < s.size() && s[i + 1] == '\n' ? std::size_t{2} : std::size_t{1};
      continue;
    }
    const bool c0 = len == 1;  // past the run: C0 but tab and LF, or DEL
    const bool c1 = len == 2 && c == 0xC2 && static_cast<unsigned char>(s[i + 1]) < 0xA0;
    if (c0 || c1) {
      out += replacement_character;
    } else {
      out.append(s, i, len);
    }
    i += len;
  }
  return out;
}

/// Appends the closers of the bidirectional embeddings, overrides (U+202C) and isolates
/// (U+2069) that `s` opens and leaves open, innermost first.
inline void close_bidi(std::string& s) {
  std::string open;  // 'e' for an embedding or override, 'i' for an isolate
  // Each of these code points is encoded with the lead byte E2, which no UTF-8 sequence holds
  // past its first byte: decoding from each E2 finds the same code points as decoding it all.
  for (std::size_t i = s.find('\xE2'); i != std::string::npos; i = s.find('\xE2', i)) {
    char32_t cp = 0;
    i += decode_utf8(s, i, cp);
    if (cp == 0x202A || cp == 0x202B || cp == 0x202D || cp == 0x202E) {
      open += 'e';
    } else if (cp == 0x202C) {
      if (!open.empty() && open.back() == 'e') open.pop_back();
    } else if (cp >= 0x2066 && cp <= 0x2068) {
      open += 'i';
    } else if (cp == 0x2069) {
      const auto isolate = open.rfind('i');
      if (isolate != std::string::npos) open.erase(isolate);  // a PDI also ends embeddings inside
    }
  }
  for (auto it = open.rbegin(); it != open.rend(); ++it) s += *it == 'e' ? "\u202C" : "\u2069";
}

/// `clean_text()` then `close_bidi()`: text as the display formats show it.
inline std::string display_text(std::string_view s) {
  std::string out = clean_text(s);
  close_bidi(out);
  return out;
}

/// A closed range of code points.
struct code_point_range {
  char32_t first;
  char32_t last;
};

/// Code points that take no column: combining marks (Mn, Me) of the common scripts, format
/// characters (zero-width space and joiners, bidi controls, BOM), Hangul medial and final
/// jamo, variation selectors and tags.
inline constexpr code_point_range zero_width_ranges[] = {
    {0x0300, 0x036F},   {0x0483, 0x0489},   {0x0591, 0x05BD},   {0x05BF, 0x05BF},   {0x05C1, 0x05C2},
    {0x05C4, 0x05C5},   {0x05C7, 0x05C7},   {0x0600, 0x0605},   {0x0610, 0x061A},   {0x061C, 0x061C},
    {0x064B, 0x065F},   {0x0670, 0x0670},   {0x06D6, 0x06DD},   {0x06DF, 0x06E4},   {0x06E7, 0x06E8},
    {0x06EA, 0x06ED},   {0x070F, 0x070F},   {0x0711, 0x0711},   {0x0730, 0x074A},   {0x07A6, 0x07B0},
    {0x07EB, 0x07F3},   {0x07FD, 0x07FD},   {0x0816, 0x0819},   {0x081B, 0x0823},   {0x0825, 0x0827},
    {0x0829, 0x082D},   {0x0859, 0x085B},   {0x0890, 0x089F},   {0x08CA, 0x0902},   {0x093A, 0x093A},
    {0x093C, 0x093C},   {0x0941, 0x0948},   {0x094D, 0x094D},   {0x0951, 0x0957},   {0x0962, 0x0963},
    {0x0981, 0x0981},   {0x09BC, 0x09BC},   {0x09C1, 0x09C4},   {0x09CD, 0x09CD},   {0x09E2, 0x09E3},
    {0x0A01, 0x0A02},   {0x0A3C, 0x0A3C},   {0x0A41, 0x0A51},   {0x0A70, 0x0A71},   {0x0A75, 0x0A75},
    {0x0A81, 0x0A82},   {0x0ABC, 0x0ABC},   {0x0AC1, 0x0AC8},   {0x0ACD, 0x0ACD},   {0x0AE2, 0x0AE3},
    {0x0B01, 0x0B01},   {0x0B3C, 0x0B3C},   {0x0B3F, 0x0B3F},   {0x0B41, 0x0B44},   {0x0B4D, 0x0B4D},
    {0x0B55, 0x0B56},   {0x0B62, 0x0B63},   {0x0B82, 0x0B82},   {0x0BC0, 0x0BC0},   {0x0BCD, 0x0BCD},
    {0x0C00, 0x0C00},   {0x0C3C, 0x0C3C},   {0x0C3E, 0x0C40},   {0x0C46, 0x0C56},   {0x0C62, 0x0C63},
    {0x0CBC, 0x0CBC},   {0x0CCC, 0x0CCD},   {0x0CE2, 0x0CE3},   {0x0D00, 0x0D01},   {0x0D41, 0x0D44},
    {0x0D4D, 0x0D4D},   {0x0D62, 0x0D63},   {0x0DCA, 0x0DCA},   {0x0DD2, 0x0DD6},   {0x0E31, 0x0E31},
    {0x0E34, 0x0E3A},   {0x0E47, 0x0E4E},   {0x0EB1, 0x0EB1},   {0x0EB4, 0x0EBC},   {0x0EC8, 0x0ECE},
    {0x0F18, 0x0F19},   {0x0F35, 0x0F35},   {0x0F37, 0x0F37},   {0x0F39, 0x0F39},   {0x0F71, 0x0F7E},
    {0x0F80, 0x0F84},   {0x0F86, 0x0F87},   {0x0F8D, 0x0FBC},   {0x0FC6, 0x0FC6},   {0x102D, 0x1030},
    {0x1032, 0x1037},   {0x1039, 0x103A},   {0x103D, 0x103E},   {0x1058, 0x1059},   {0x105E, 0x1060},
    {0x1071, 0x1074},   {0x1082, 0x1082},   {0x1085, 0x1086},   {0x108D, 0x108D},   {0x109D, 0x109D},
    {0x1160, 0x11FF},   {0x135D, 0x135F},   {0x1712, 0x1714},   {0x1732, 0x1733},   {0x1752, 0x1753},
    {0x1772, 0x1773},   {0x17B4, 0x17B5},   {0x17B7, 0x17BD},   {0x17C6, 0x17C6},   {0x17C9, 0x17D3},
    {0x17DD, 0x17DD},   {0x180B, 0x180F},   {0x1885, 0x1886},   {0x18A9, 0x18A9},   {0x1920, 0x1922},
    {0x1927, 0x1928},   {0x1932, 0x1932},   {0x1939, 0x193B},   {0x1A17, 0x1A18},   {0x1A1B, 0x1A1B},
    {0x1A56, 0x1A56},   {0x1A58, 0x1A60},   {0x1A62, 0x1A62},   {0x1A65, 0x1A6C},   {0x1A73, 0x1A7F},
    {0x1AB0, 0x1AFF},   {0x1B00, 0x1B03},   {0x1B34, 0x1B34},   {0x1B36, 0x1B3A},   {0x1B3C, 0x1B3C},
    {0x1B42, 0x1B42},   {0x1B6B, 0x1B73},   {0x1B80, 0x1B81},   {0x1BA2, 0x1BA5},   {0x1BA8, 0x1BA9},
    {0x1BAB, 0x1BAD},   {0x1BE6, 0x1BE6},   {0x1BE8, 0x1BE9},   {0x1BED, 0x1BED},   {0x1BEF, 0x1BF1},
    {0x1C2C, 0x1C33},   {0x1C36, 0x1C37},   {0x1CD0, 0x1CD2},   {0x1CD4, 0x1CE0},   {0x1CE2, 0x1CE8},
    {0x1CED, 0x1CED},   {0x1CF4, 0x1CF4},   {0x1CF8, 0x1CF9},   {0x1DC0, 0x1DFF},   {0x200B, 0x200F},
    {0x202A, 0x202E},   {0x2060, 0x2064},   {0x2066, 0x206F},   {0x20D0, 0x20F0},   {0x2CEF, 0x2CF1},
    {0x2D7F, 0x2D7F},   {0x2DE0, 0x2DFF},   {0x302A, 0x302D},   {0x3099, 0x309A},   {0xA66F, 0xA672},
    {0xA674, 0xA67D},   {0xA69E, 0xA69F},   {0xA6F0, 0xA6F1},   {0xA802, 0xA802},   {0xA806, 0xA806},
    {0xA80B, 0xA80B},   {0xA825, 0xA826},   {0xA8C4, 0xA8C5},   {0xA8E0, 0xA8F1},   {0xA926, 0xA92D},
    {0xA947, 0xA951},   {0xA980, 0xA982},   {0xA9B3, 0xA9B3},   {0xA9B6, 0xA9B9},   {0xA9BC, 0xA9BD},
    {0xAA29, 0xAA2E},   {0xAA31, 0xAA32},   {0xAA35, 0xAA36},   {0xAA43, 0xAA43},   {0xAA4C, 0xAA4C},
    {0xAAB0, 0xAAB0},   {0xAAB2, 0xAAB4},   {0xAAB7, 0xAAB8},   {0xAABE, 0xAABF},   {0xAAC1, 0xAAC1},
    {0xAAEC, 0xAAED},   {0xAAF6, 0xAAF6},   {0xABE5, 0xABE5},   {0xABE8, 0xABE8},   {0xABED, 0xABED},
    {0xD7B0, 0xD7FF},   {0xFB1E, 0xFB1E},   {0xFE00, 0xFE0F},   {0xFE20, 0xFE2F},   {0xFEFF, 0xFEFF},
    {0xFFF9, 0xFFFB},   {0x101FD, 0x101FD}, {0x10A01, 0x10A0F}, {0x10A38, 0x10A3F}, {0x11001, 0x11001},
    {0x11038, 0x11046}, {0x1107F, 0x11081}, {0x110B3, 0x110B6}, {0x110B9, 0x110BA}, {0x1D167, 0x1D169},
    {0x1D173, 0x1D182}, {0x1D185, 0x1D18B}, {0x1D1AA, 0x1D1AD}, {0x1D242, 0x1D244}, {0x1E8D0, 0x1E8D6},
    {0x1E944, 0x1E94A}, {0xE0001, 0xE0001}, {0xE0020, 0xE007F}, {0xE0100, 0xE01EF},
};

/// Code points of East Asian Width W or F: two columns (emoji approximately).
inline constexpr code_point_range wide_ranges[] = {
    {0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},   {0x23E9, 0x23EC},   {0x23F0, 0x23F0},
    {0x23F3, 0x23F3},   {0x25FD, 0x25FE},   {0x2614, 0x2615},   {0x2648, 0x2653},   {0x267F, 0x267F},
    {0x2693, 0x2693},   {0x26A1, 0x26A1},   {0x26AA, 0x26AB},   {0x26BD, 0x26BE},   {0x26C4, 0x26C5},
    {0x26CE, 0x26CE},   {0x26D4, 0x26D4},   {0x26EA, 0x26EA},   {0x26F2, 0x26F3},   {0x26F5, 0x26F5},
    {0x26FA, 0x26FA},   {0x26FD, 0x26FD},   {0x2705, 0x2705},   {0x270A, 0x270B},   {0x2728, 0x2728},
    {0x274C, 0x274C},   {0x274E, 0x274E},   {0x2753, 0x2755},   {0x2757, 0x2757},   {0x2795, 0x2797},
    {0x27B0, 0x27B0},   {0x27BF, 0x27BF},   {0x2B1B, 0x2B1C},   {0x2B50, 0x2B50},   {0x2B55, 0x2B55},
    {0x2E80, 0x303E},   {0x3041, 0x3247},   {0x3250, 0x4DBF},   {0x4E00, 0xA4CF},   {0xA960, 0xA97F},
    {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE10, 0xFE19},   {0xFE30, 0xFE6F},   {0xFF00, 0xFF60},
    {0xFFE0, 0xFFE6},   {0x16FE0, 0x16FE4}, {0x16FF0, 0x16FF1}, {0x17000, 0x18CFF}, {0x18D00, 0x18D08},
    {0x1AFF0, 0x1B2FF}, {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A},
    {0x1F200, 0x1F265}, {0x1F300, 0x1F64F}, {0x1F680, 0x1F6FF}, {0x1F7E0, 0x1F7EB}, {0x1F90C, 0x1F9FF},
    {0x1FA70, 0x1FAFF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

template <std::size_t N>
constexpr bool sorted_and_disjoint(const code_point_range (&ranges)[N]) noexcept {
  for (std::size_t i = 0; i < N; ++i) {
    if (ranges[i].first > ranges[i].last || (i > 0 && ranges[i - 1].last >= ranges[i].first)) return false;
  }
  return true;
}
static_assert(sorted_and_disjoint(zero_width_ranges), "zero_width_ranges must be sorted");
static_assert(sorted_and_disjoint(wide_ranges), "wide_ranges must be sorted");

template <std::size_t N>
constexpr bool in_ranges(char32_t cp, const code_point_range (&ranges)[N]) noexcept {
  std::size_t lo = 0;
  std::size_t hi = N;
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    if (ranges[mid].last < cp) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo < N && ranges[lo].first <= cp;
}

/// Columns a code point takes on a terminal: 0, 1 or 2.
constexpr std::size_t code_point_width(char32_t cp) noexcept {
  if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) return 0;  // controls (clean_text removes them)
  if (cp < 0x0300) return 1;
  if (in_ranges(cp, zero_width_ranges)) return 0;
  if (in_ranges(cp, wide_ranges)) return 2;
  return 1;
}

/// Columns a UTF-8 text takes on a terminal (one line).
inline std::size_t display_width(std::string_view s) noexcept {
  std::size_t width = 0;
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    i += decode_utf8(s, i, cp);
    width += code_point_width(cp);
  }
  return width;
}

/// Splits `s` at `separator`.
inline std::vector<std::string_view> split(std::string_view s, char separator) {
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    const std::size_t end = s.find(separator, start);
    parts.push_back(s.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

/// Breaks one word into pieces of at most `width` columns, between code points, never before
/// a zero-width one (a combining mark stays with its base).
inline std::vector<std::string> break_word(std::string_view word, std::size_t width) {
  std::vector<std::string> pieces(1);
  std::size_t piece_width = 0;
  for (std::size_t i = 0; i < word.size();) {
    char32_t cp = 0;
    const std::size_t len = decode_utf8(word, i, cp);
    const std::size_t w = code_point_width(cp);
    if (w > 0 && piece_width > 0 && piece_width + w > width) {
      pieces.emplace_back();
      piece_width = 0;
    }
    pieces.back().append(word, i, len);
    piece_width += w;
    i += len;
  }
  return pieces;
}

/// Wraps text to lines of at most `width` columns: at spaces, and inside words longer than a
/// line. Each newline starts a new line; runs of spaces collapse to one.
inline std::vector<std::string> wrap(std::string_view text, std::size_t width) {
  std::vector<std::string> lines;
  for (const std::string_view paragraph : split(text, '\n')) {
    std::string line;
    std::size_t line_width = 0;
    for (const std::string_view word : split(paragraph, ' ')) {
      if (word.empty()) continue;
      const std::size_t w = display_width(word);
      if (!line.empty() && line_width + 1 + w <= width) {
        line += ' ';
        line += word;
        line_width += 1 + w;
        continue;
      }
      if (!line.empty()) lines.push_back(std::move(line));
      line.clear();
      line_width = 0;
      auto pieces = w <= width ? std::vector<std::string>{std::string(word)} : break_word(word, width);
      for (std::size_t k = 0; k + 1 < pieces.size(); ++k) lines.push_back(std::move(pieces[k]));
      line = std::move(pieces.back());
      line_width = display_width(line);
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

/// True for a URL that may become a link: `http:` or `https:` (any case), valid UTF-8 made
/// only of characters URLs allow unencoded (no space, control or bidi control character, `"`,
/// `<`, `>`, `\`, `^`, `` ` ``, `{`, `|`, `}`). Anything else (`javascript:`, `data:`...) is
/// shown as text, never linked.
inline bool is_web_url(std::string_view url) noexcept {
  const auto starts_with = [&](std::string_view prefix) {
    if (url.size() <= prefix.size()) return false;
    return equal_ignoring_ascii_case(url.substr(0, prefix.size()), prefix);
  };
  if (!starts_with("http://") && !starts_with("https://")) return false;
  if (find_invalid_utf8(url) != std::string_view::npos) return false;
  for (std::size_t i = 0; i < url.size();) {
    char32_t cp = 0;
    i += decode_utf8(url, i, cp);
    if (cp <= 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0x061C || cp == 0x200E || cp == 0x200F ||
        (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)) {
      return false;
    }
    if (cp < 0x80 && std::string_view("\"<>\\^`{|}").find(static_cast<char>(cp)) != std::string_view::npos) {
      return false;
    }
  }
  return true;
}

/// True when a date can be written as an HTML `datetime` (a real date after year 0).
inline bool is_real_date(const iso_date& d) { return d.year > 0 && iso_date::parse(d.to_string()).has_value(); }

/// A cell as the display formats show it: its texts (cleaned) and whether they form a list.
struct cell_content {
  std::vector<std::string> items;  ///< zero items: an empty cell
  bool as_list = false;            ///< true for a list cell with two or more items
};

inline cell_content content_of(const table_cell& cell) {
  cell_content out;
  if (cell.is_list) {
    for (const auto& item : cell.items) out.items.push_back(clean_text(item));
    out.as_list = out.items.size() >= 2;
  } else if (!cell.items.empty()) {
    std::string text;
    for (const auto& item : cell.items) text += (text.empty() ? "" : "\n") + item;
    out.items.push_back(clean_text(text));
  }
  return out;
}

/// The table's word for `key`: the catalog's label, or the English default.
inline const std::string& word(const table& t, label_key key) { return label_text(t.labels, key); }

/// "Title, Publisher, URL, accessed YYYY-MM-DD" (cleaned; "accessed" is the `accessed` label),
/// for text and CSV.
inline std::string source_text(const table& t, const source& s) {
  std::string out = clean_text(s.title);
  if (s.publisher) out += ", " + clean_text(*s.publisher);
  if (s.url) out += ", " + clean_text(*s.url);
  if (s.accessed) {
    out += ", " + clean_text(fill_label(word(t, &catalog_labels::accessed), {{"date", s.accessed->to_string()}}));
  }
  return out;
}

/// What a table's catalog says about itself as a decision aid, as (label, text) lines in the
/// footer of every format, under the labels written_by, funding, conflicts_of_interest,
/// updates and next_review; the lines the catalog does not give are left out. Not cleaned.
inline std::vector<std::pair<std::string, std::string>> about_lines(const table& t) {
  std::vector<std::pair<std::string, std::string>> out;
  if (!t.authors.empty()) {
    std::string names;
    for (const auto& a : t.authors) names += (names.empty() ? "" : "; ") + a.name + " (" + a.role + ")";
    out.emplace_back(word(t, &catalog_labels::written_by), std::move(names));
  }
  if (!t.funding.empty()) out.emplace_back(word(t, &catalog_labels::funding), t.funding);
  if (!t.conflicts_of_interest.empty()) {
    out.emplace_back(word(t, &catalog_labels::conflicts_of_interest), t.conflicts_of_interest);
  }
  if (!t.update_policy.empty()) out.emplace_back(word(t, &catalog_labels::updates), t.update_policy);
  if (t.next_review) out.emplace_back(word(t, &catalog_labels::next_review), t.next_review->to_string());
  return out;
}

/// "Title (id)", the title alone, or the id alone when there is no title (not cleaned).
inline std::string catalog_name(const table& t) {
  if (t.catalog_title.empty()) return t.catalog_id;
  if (t.catalog_id.empty()) return t.catalog_title;
  return t.catalog_title + " (" + t.catalog_id + ")";
}

/**
 * The catalog line under a table (the `catalog_line` label): "Catalog: Title (id), version V.
 * Published D; last reviewed D." Each run of the label's own text goes through
 * `literal(out, run)`, each date through `date(out, d)` and the other values through
 * `literal` too, so that each format escapes them its way.
 */
template <class Literal, class Date>
void catalog_line(std::string& out, const table& t, Literal&& literal, Date&& date) {
  format_label(out, word(t, &catalog_labels::catalog_line), literal, [&](std::string& o, std::string_view name) {
    if (name == "published") return date(o, t.published);
    if (name == "last_reviewed") return date(o, t.last_reviewed);
    std::string value;
    if (name == "catalog") {
      value = catalog_name(t);
    } else if (name == "version") {
      value = t.version.to_string();
    } else {
      put_label_value(value, name, {});
    }
    literal(o, value);
  });
}

/// The catalog line as plain text (cleaned).
inline std::string catalog_line_text(const table& t) {
  std::string out;
  const auto text = [](std::string& o, std::string_view run) { o += run; };
  catalog_line(out, t, text, [](std::string& o, const iso_date& d) { o += d.to_string(); });
  return clean_text(out);
}

/// The note of a translated table (the translation_note label, then not_reviewed when the
/// translation was not reviewed), e.g. "Translation: es, from catalog version 1.2.0. This
/// translation has not been reviewed."; "" for a table in the catalog's own texts. Cleaned.
inline std::string translation_text(const table& t) {
  if (!t.translation) return {};
  const std::string version = t.translation->catalog_version.to_string();
  std::string out =
      fill_label(word(t, &catalog_labels::translation_note), {{"locale", t.translation->locale}, {"version", version}});
  if (!t.translation->reviewed) out += " " + word(t, &catalog_labels::not_reviewed);
  return clean_text(out);
}

/// Text trimmed of ASCII whitespace, for emphasis markers that need text right beside them.
inline std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

/// Removes trailing ASCII spaces.
inline void trim_right(std::string& s) {
  while (!s.empty() && s.back() == ' ') s.pop_back();
}

/// Throws render_error 604 unless the table is well formed.
inline void check_table(const table& t) {
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    if (t.rows[i].cells.size() != t.columns.size()) {
      throw render_error(error_ids::render_bad_option, "row " + std::to_string(i) + " (\"" + t.rows[i].id + "\") has " +
                                                           std::to_string(t.rows[i].cells.size()) + " cells for " +
                                                           std::to_string(t.columns.size()) + " columns");
    }
  }
  if (t.row_header && *t.row_header >= t.columns.size()) {
    throw render_error(error_ids::render_bad_option, "row_header " + std::to_string(*t.row_header) +
                                                         " is not a column index (" + std::to_string(t.columns.size()) +
                                                         " columns)");
  }
  for (std::size_t i = 0; i < t.columns.size(); ++i) {
    for (std::size_t k = 0; k < i; ++k) {
      if (t.columns[k].field == t.columns[i].field) {
        throw render_error(error_ids::render_bad_option, "column field \"" + t.columns[i].field + "\" appears twice");
      }
    }
  }
  if (t.disclaimer.find_first_not_of(" \t\r\n") == std::string::npos) {
    throw render_error(error_ids::render_bad_option,
                       "the table has no disclaimer; everything carecompare renders carries one");
  }
}

}  // namespace detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_RENDER_COMMON_HPP
