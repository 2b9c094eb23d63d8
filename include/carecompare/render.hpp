// SPDX-License-Identifier: MIT
/**
 * @file render.hpp
 * Renders a comparison table (table.hpp) as Markdown, HTML, plain text, CSV or JSON.
 *
 * ```
 * auto cat = carecompare::catalog::builtin();
 * carecompare::table_options opts;
 * opts.only = {"systemic-therapy", "radiation-therapy", "physical-therapy"};
 * carecompare::table t = carecompare::make_table(cat, opts);
 * std::cout << carecompare::render(t);  // Markdown, GitHub pipe table
 * std::cout << carecompare::render(t, {carecompare::table_format::text, false, 72});
 * std::string page = carecompare::render(t, {.format = carecompare::table_format::html, .full_page = true});
 * ```
 * prints (Markdown, abridged):
 * ```
 * | Care Strategy | Purpose | Common Use Cases |
 * | --- | --- | --- |
 * | Systemic Therapy | Targets cancer cells system-wide | Used when cancer has spread to multiple areas |
 * ```
 *
 * Renderers look at the `table` only, never at a catalog. Every format carries, after the
 * table, what must travel with it: the disclaimer, the sources, the catalog id and version, and
 * the published and last-reviewed dates. Cells: a list cell with one item shows as that item's
 * plain text, two or more items in the format's list idiom, none as an empty cell.
 *
 * All text is treated as untrusted: Markdown and HTML escape everything markup could act on,
 * CSV neutralises spreadsheet formulas, plain text keeps columns aligned for any Unicode text.
 * In every format but JSON (which keeps the text as it is, escaped by JSON's rules), control
 * characters other than tab and newline, and invalid UTF-8, show as U+FFFD, and CR LF or CR
 * count as a newline. In Markdown, HTML and plain text, bidirectional embeddings, overrides and
 * isolates left open by a text are closed at its end, so that they cannot reorder what follows.
 */
#ifndef CARECOMPARE_RENDER_HPP
#define CARECOMPARE_RENDER_HPP

#include <algorithm>
#include <boost/describe.hpp>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "codec.hpp"
#include "detail/utf8.hpp"
#include "config.hpp"
#include "error.hpp"
#include "model.hpp"
#include "table.hpp"

CARECOMPARE_BEGIN_NAMESPACE

/// The output formats of `render()`.
enum class table_format {
  markdown,  ///< GitHub-flavoured Markdown pipe table
  html,      ///< an HTML5 fragment, or a whole page with `render_options::full_page`
  text,      ///< aligned plain-text columns wrapped to `render_options::width`
  csv,       ///< RFC 4180, CRLF line endings, formulas neutralised
  json       ///< one JSON document, 2-space indent
};
BOOST_DESCRIBE_ENUM(table_format, markdown, html, text, csv, json)

/**
 * The format named `name`: `"markdown"` or `"md"`, `"html"`, `"text"` or `"txt"`, `"csv"`,
 * `"json"` (ASCII letters in any case); nullopt for anything else.
 * ```
 * auto f = carecompare::parse_table_format("md");  // table_format::markdown
 * ```
 */
[[nodiscard]] inline std::optional<table_format> parse_table_format(std::string_view name) noexcept {
  char lower[8] = {};
  if (name.empty() || name.size() > sizeof lower) return std::nullopt;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    lower[i] = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  }
  const std::string_view folded(lower, name.size());
  if (folded == "md") return table_format::markdown;
  if (folded == "txt") return table_format::text;
  table_format out{};
  if (detail::enum_from_json_name(folded, out)) return out;
  return std::nullopt;
}

/// The canonical name of a format (`"markdown"`, `"html"`, ...); "" for a value that is none.
[[nodiscard]] inline std::string_view to_string(table_format format) noexcept {
  return boost::describe::enum_to_string(format, "");
}

/// How `render()` writes a table.
struct render_options {
  /// The smallest `width` the text format accepts.
  static constexpr std::size_t min_width = 20;

  table_format format = table_format::markdown;
  /// HTML only: a whole document (`<!DOCTYPE html>`, `<html lang>`, `<title>`, a small style
  /// sheet) instead of a fragment to embed.
  bool full_page = false;
  /// Text only: no line is wider than this many display columns. At least `min_width`, and at
  /// least what the columns need (3 per separator, up to 4 per column); otherwise `render()`
  /// throws render_error 604.
  std::size_t width = 100;
};

namespace detail {

inline constexpr std::string_view replacement_character = "\xEF\xBF\xBD";

/// The text as every format but JSON shows it: valid UTF-8, newlines as LF, and control
/// characters other than tab and LF (C0, DEL, C1) replaced by U+FFFD.
inline std::string clean_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
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
    const bool c0 = len == 1 && ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F);
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
  for (std::size_t i = 0; i < s.size();) {
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
    for (std::size_t i = 0; i < prefix.size(); ++i) {
      const char c = url[i];
      if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) != prefix[i]) return false;
    }
    return true;
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
inline bool is_real_date(const iso_date& d) {
  return d.year > 0 && iso_date::parse(d.to_string()).has_value();
}

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

/// "Title, Publisher, URL, accessed YYYY-MM-DD" (cleaned), for text and CSV.
inline std::string source_text(const source& s) {
  std::string out = clean_text(s.title);
  if (s.publisher) out += ", " + clean_text(*s.publisher);
  if (s.url) out += ", " + clean_text(*s.url);
  if (s.accessed) out += ", accessed " + s.accessed->to_string();
  return out;
}

/// "Title (id), version V" (cleaned), for text and CSV.
inline std::string catalog_text(const table& t) {
  std::string out = clean_text(t.catalog_title);
  if (out.empty()) {
    out = clean_text(t.catalog_id);
  } else if (!t.catalog_id.empty()) {
    out += " (" + clean_text(t.catalog_id) + ")";
  }
  return out + ", version " + clean_text(t.version.to_string());
}

/// Removes trailing ASCII spaces.
inline void trim_right(std::string& s) {
  while (!s.empty() && s.back() == ' ') s.pop_back();
}

/// Throws render_error 604 unless the table is well formed.
inline void check_table(const table& t) {
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    if (t.rows[i].cells.size() != t.columns.size()) {
      throw render_error(error_ids::render_bad_option,
                         "row " + std::to_string(i) + " (\"" + t.rows[i].id + "\") has " +
                             std::to_string(t.rows[i].cells.size()) + " cells for " +
                             std::to_string(t.columns.size()) + " columns");
    }
  }
  if (t.row_header && *t.row_header >= t.columns.size()) {
    throw render_error(error_ids::render_bad_option, "row_header " + std::to_string(*t.row_header) +
                                                         " is not a column index (" +
                                                         std::to_string(t.columns.size()) + " columns)");
  }
  for (std::size_t i = 0; i < t.columns.size(); ++i) {
    for (std::size_t k = 0; k < i; ++k) {
      if (t.columns[k].field == t.columns[i].field) {
        throw render_error(error_ids::render_bad_option,
                           "column field \"" + t.columns[i].field + "\" appears twice");
      }
    }
  }
  if (t.disclaimer.find_first_not_of(" \t\r\n") == std::string::npos) {
    throw render_error(error_ids::render_bad_option,
                       "the table has no disclaimer; everything carecompare renders carries one");
  }
}

// ---- Markdown ------------------------------------------------------------------------------

/// Markdown text that GitHub shows literally: markup characters backslash-escaped, `<`, `>`
/// and `&` as entities, newlines as `<br>`.
inline std::string markdown_text(std::string_view raw) {
  // Inline markup (emphasis, code, links, strikethrough, math), table pipes, headings, mentions:
  // each shows as the same literal character when backslash-escaped.
  constexpr std::string_view escaped = "\\`*_[]|~#$@";
  const std::string text = display_text(raw);
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (const char c : text) {
    if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else if (c == '&') {
      out += "&amp;";
    } else if (c == '\n') {
      out += "<br>";
    } else {
      if (escaped.find(c) != std::string_view::npos) out += '\\';
      out += c;
    }
  }
  return out;
}

/// Text trimmed of ASCII whitespace, for emphasis markers that need text right beside them.
inline std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

inline std::string markdown_cell(const table_cell& cell) {
  const cell_content content = content_of(cell);
  std::string out;
  for (const auto& item : content.items) {
    if (!out.empty()) out += "<br>";
    if (content.as_list) out += "\u2022 ";
    out += markdown_text(item);
  }
  return out;
}

inline std::string render_markdown(const table& t) {
  std::string out;
  if (!trim(t.caption).empty()) out += "**" + markdown_text(trim(t.caption)) + "**\n\n";
  if (!t.columns.empty()) {
    std::string header = "|", rule = "|";
    for (const auto& c : t.columns) {
      header += " " + markdown_text(c.label) + " |";
      rule += " --- |";
    }
    out += header + "\n" + rule + "\n";
    for (const auto& row : t.rows) {
      std::string line = "|";
      for (const auto& cell : row.cells) line += " " + markdown_cell(cell) + " |";
      out += line + "\n";
    }
    out += "\n";
  }
  out += "> **Disclaimer:** " + markdown_text(trim(t.disclaimer)) + "\n\n";
  if (!t.sources.empty()) {
    out += "**Sources:**\n\n";
    for (const auto& s : t.sources) {
      std::string line = "- ";
      const std::string_view title = trim(s.title);
      line += title.empty() ? std::string() : "*" + markdown_text(title) + "*";
      if (s.publisher) line += ", " + markdown_text(*s.publisher);
      if (s.url) line += ", " + (is_web_url(*s.url) ? "<" + *s.url + ">" : markdown_text(*s.url));
      if (s.accessed) line += ", accessed " + s.accessed->to_string();
      out += line + "\n";
    }
    out += "\n";
  }
  out += markdown_text("Catalog: " + catalog_text(t) + ". Published " + t.published.to_string() +
                       "; last reviewed " + t.last_reviewed.to_string() + ".") +
         "\n";
  return out;
}

// ---- HTML ----------------------------------------------------------------------------------

/// Escapes `& < > " '` (for text and attribute values alike).
inline void html_escape(std::string& out, std::string_view text) {
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
}

/// Text content: cleaned, escaped, newlines as `<br>`.
inline std::string html_text(std::string_view raw) {
  const std::string text = display_text(raw);
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  std::size_t start = 0;
  for (std::size_t nl = text.find('\n'); nl != std::string::npos; nl = text.find('\n', start)) {
    html_escape(out, std::string_view(text).substr(start, nl - start));
    out += "<br>";
    start = nl + 1;
  }
  html_escape(out, std::string_view(text).substr(start));
  return out;
}

/// An attribute value: cleaned and escaped.
inline std::string html_attribute(std::string_view raw) {
  std::string out;
  html_escape(out, clean_text(raw));
  return out;
}

/// A date as `<time datetime="YYYY-MM-DD">`, or plain text when it is not a real date.
inline std::string html_date(const iso_date& d) {
  const std::string text = d.to_string();
  return is_real_date(d) ? "<time datetime=\"" + text + "\">" + text + "</time>" : html_text(text);
}

inline std::string html_cell(const table_cell& cell) {
  const cell_content content = content_of(cell);
  if (!content.as_list) return content.items.empty() ? std::string() : html_text(content.items.front());
  std::string out = "<ul>";
  for (const auto& item : content.items) out += "<li>" + html_text(item) + "</li>";
  return out + "</ul>";
}

inline std::string render_html(const table& t, bool full_page) {
  std::string out;
  const std::string title_text = !trim(t.caption).empty()         ? std::string(trim(t.caption))
                                 : !trim(t.catalog_title).empty() ? std::string(trim(t.catalog_title))
                                                                  : std::string("Comparison table");
  if (full_page) {
    out += "<!DOCTYPE html>\n<html lang=\"" + html_attribute(t.locale) + "\">\n<head>\n";
    out += "<meta charset=\"utf-8\">\n";
    out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    out += "<title>" + html_text(title_text) + "</title>\n";
    out +=
        "<style>\n"
        ".carecompare table { border-collapse: collapse; }\n"
        ".carecompare th, .carecompare td { border: 1px solid #767676; padding: 0.3em 0.6em; "
        "text-align: start; vertical-align: top; }\n"
        ".carecompare td ul, .carecompare th ul { margin: 0; padding-inline-start: 1.2em; }\n"
        "</style>\n</head>\n<body>\n<main>\n";
  }
  out += "<figure class=\"carecompare\"";
  if (!t.locale.empty()) out += " lang=\"" + html_attribute(t.locale) + "\"";
  out += ">\n  <table>\n";
  if (!trim(t.caption).empty()) out += "    <caption>" + html_text(t.caption) + "</caption>\n";
  if (!t.columns.empty()) {
    out += "    <thead>\n      <tr>\n";
    for (const auto& c : t.columns) out += "        <th scope=\"col\">" + html_text(c.label) + "</th>\n";
    out += "      </tr>\n    </thead>\n    <tbody>\n";
    for (const auto& row : t.rows) {
      out += "      <tr>\n";
      for (std::size_t i = 0; i < row.cells.size(); ++i) {
        const bool header = t.row_header && *t.row_header == i;
        out += header ? "        <th scope=\"row\">" : "        <td>";
        out += html_cell(row.cells[i]);
        out += header ? "</th>\n" : "</td>\n";
      }
      out += "      </tr>\n";
    }
    out += "    </tbody>\n";
  }
  out += "  </table>\n";
  out += "  <p class=\"carecompare-disclaimer\" role=\"note\"><strong>Disclaimer:</strong> " +
         html_text(trim(t.disclaimer)) + "</p>\n";
  if (!t.sources.empty()) {
    out += "  <p class=\"carecompare-sources-label\">Sources:</p>\n  <ul class=\"carecompare-sources\">\n";
    for (const auto& s : t.sources) {
      out += "    <li><cite>" + html_text(s.title) + "</cite>";
      if (s.publisher) out += ", " + html_text(*s.publisher);
      if (s.url) {
        if (is_web_url(*s.url)) {
          out += ", <a href=\"" + html_attribute(*s.url) + "\">" + html_text(*s.url) + "</a>";
        } else {
          out += ", " + html_text(*s.url);
        }
      }
      if (s.accessed) out += ", accessed " + html_date(*s.accessed);
      out += "</li>\n";
    }
    out += "  </ul>\n";
  }
  out += "  <p class=\"carecompare-catalog\">" + html_text("Catalog: " + catalog_text(t)) + ". Published " +
         html_date(t.published) + "; last reviewed " + html_date(t.last_reviewed) + ".</p>\n";
  out += "</figure>\n";
  if (full_page) out += "</main>\n</body>\n</html>\n";
  return out;
}

// ---- Plain text ----------------------------------------------------------------------------

/// The narrowest a column is squeezed to when the columns do not all fit (narrower only when
/// its content is); enough for a list prefix and one wide character.
inline constexpr std::size_t text_min_column_width = 4;
/// Between two columns.
inline constexpr std::string_view text_column_separator = " | ";

/// Text for a terminal: cleaned, tabs as spaces.
inline std::string terminal_text(std::string_view raw) {
  std::string text = clean_text(raw);
  for (char& c : text) {
    if (c == '\t') c = ' ';
  }
  return text;
}

/// The lines of one cell wrapped to `width`: list items as "- item" with continuation lines
/// indented by two spaces.
inline std::vector<std::string> text_cell_lines(const cell_content& content, std::size_t width) {
  std::vector<std::string> lines;
  for (const auto& item : content.items) {
    const std::string text = terminal_text(item);
    if (!content.as_list) {
      for (auto& line : wrap(text, width)) lines.push_back(std::move(line));
      continue;
    }
    const auto wrapped = wrap(text, width > 2 ? width - 2 : 1);
    for (std::size_t k = 0; k < wrapped.size(); ++k) lines.push_back((k == 0 ? "- " : "  ") + wrapped[k]);
  }
  for (auto& line : lines) {
    trim_right(line);
    close_bidi(line);
  }
  return lines;
}

/// Widths that share `available` columns fairly (max-min fairness): each column gets its
/// natural width when that is no more than an equal share, and the others split what is left
/// equally, any remainder going one column at a time from the left.
inline std::vector<std::size_t> share_widths(const std::vector<std::size_t>& natural, std::size_t available) {
  std::vector<std::size_t> widths(natural.size(), 0);
  std::vector<bool> settled(natural.size(), false);
  std::size_t open = natural.size();
  while (open > 0) {
    const std::size_t share = available / open;
    bool progress = false;
    for (std::size_t i = 0; i < natural.size(); ++i) {
      if (!settled[i] && natural[i] <= share) {
        widths[i] = natural[i];
        available -= natural[i];
        settled[i] = true;
        --open;
        progress = true;
      }
    }
    if (progress) continue;
    std::size_t extra = available % open;
    for (std::size_t i = 0; i < natural.size(); ++i) {
      if (settled[i]) continue;
      widths[i] = share + (extra > 0 ? 1 : 0);
      if (extra > 0) --extra;
    }
    break;
  }
  return widths;
}

inline std::string render_text(const table& t, std::size_t width) {
  if (width < render_options::min_width) {
    throw render_error(error_ids::render_bad_option, "text width " + std::to_string(width) +
                                                         " is below the minimum of " +
                                                         std::to_string(render_options::min_width));
  }
  const std::size_t n = t.columns.size();
  std::vector<std::string> labels;
  std::vector<std::vector<cell_content>> rows;
  std::vector<std::size_t> natural(n, 0);  // the widest line, unwrapped
  for (std::size_t c = 0; c < n; ++c) {
    labels.push_back(terminal_text(t.columns[c].label));
    for (const auto& line : wrap(labels.back(), std::string::npos))
      natural[c] = std::max(natural[c], display_width(line));
  }
  for (const auto& row : t.rows) {
    rows.emplace_back();
    for (std::size_t c = 0; c < n; ++c) {
      rows.back().push_back(content_of(row.cells[c]));
      const cell_content& content = rows.back().back();
      for (const auto& line : text_cell_lines(content, std::string::npos)) {
        natural[c] = std::max(natural[c], display_width(line));
      }
    }
  }
  const std::size_t separators = n > 0 ? text_column_separator.size() * (n - 1) : 0;
  std::size_t needed = separators;
  for (const std::size_t w : natural) needed += std::min(w, text_min_column_width);
  if (needed > width) {
    throw render_error(error_ids::render_bad_option,
                       "text width " + std::to_string(width) + " is too narrow for " + std::to_string(n) +
                           " columns; they need at least " + std::to_string(needed));
  }
  const std::vector<std::size_t> widths = share_widths(natural, width - separators);

  std::string out;
  const auto paragraph = [&](std::string_view text, std::string_view first = {}, std::string_view rest = {}) {
    const auto lines = wrap(terminal_text(text), width - first.size());
    for (std::size_t k = 0; k < lines.size(); ++k) {
      std::string line = std::string(k == 0 ? first : rest) + lines[k];
      trim_right(line);
      close_bidi(line);
      out += line + "\n";
    }
  };
  const auto emit_row = [&](const std::vector<std::vector<std::string>>& cells) {
    std::size_t height = 0;
    for (const auto& lines : cells) height = std::max(height, lines.size());
    for (std::size_t l = 0; l < height; ++l) {
      std::string line;
      for (std::size_t c = 0; c < n; ++c) {
        const std::string piece = l < cells[c].size() ? cells[c][l] : std::string();
        line += piece;
        if (c + 1 < n) {
          line.append(widths[c] - std::min(widths[c], display_width(piece)), ' ');
          line += text_column_separator;
        }
      }
      trim_right(line);
      out += line + "\n";
    }
  };
  std::string rule;
  for (std::size_t c = 0; c < n; ++c) rule += (c == 0 ? "" : "-+-") + std::string(widths[c], '-');

  if (!trim(t.caption).empty()) {
    paragraph(trim(t.caption));
    out += "\n";
  }
  if (n > 0) {
    std::vector<std::vector<std::string>> cells(n);
    for (std::size_t c = 0; c < n; ++c) cells[c] = text_cell_lines({{labels[c]}, false}, widths[c]);
    emit_row(cells);
    for (const auto& row : rows) {
      out += rule + "\n";
      for (std::size_t c = 0; c < n; ++c) cells[c] = text_cell_lines(row[c], widths[c]);
      emit_row(cells);
    }
    out += "\n";
  }
  paragraph("Disclaimer: " + std::string(trim(t.disclaimer)));
  if (!t.sources.empty()) {
    out += "\nSources:\n";
    for (const auto& s : t.sources) paragraph(source_text(s), "- ", "  ");
  }
  out += "\n";
  paragraph("Catalog: " + catalog_text(t));
  paragraph("Published " + t.published.to_string() + ", last reviewed " + t.last_reviewed.to_string() + ".");
  return out;
}

// ---- CSV -----------------------------------------------------------------------------------

/// A text a spreadsheet would not run as a formula: prefixed with `'` when it starts with
/// `=`, `+`, `-`, `@`, tab, CR or LF (OWASP, "CSV Injection").
inline std::string csv_neutralise(std::string text) {
  if (!text.empty() && std::string_view("=+-@\t\r\n").find(text.front()) != std::string_view::npos) {
    text.insert(text.begin(), '\'');
  }
  return text;
}

/// One field: quoted (quotes doubled) when it holds `,` `"` CR or LF.
inline std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

inline std::string csv_cell(const table_cell& cell) {
  const cell_content content = content_of(cell);
  std::string out;
  for (std::size_t i = 0; i < content.items.size(); ++i) {
    out += (i == 0 ? "" : "\n") + csv_neutralise(content.items[i]);
  }
  return csv_neutralise(std::move(out));  // a list whose first item is empty starts with LF
}

inline std::string render_csv(const table& t) {
  const std::size_t fields = std::max<std::size_t>(t.columns.size(), 2);
  std::string out;
  const auto record = [&](std::vector<std::string> values) {
    values.resize(fields);
    for (std::size_t i = 0; i < fields; ++i) out += (i == 0 ? "" : ",") + csv_field(values[i]);
    out += "\r\n";
  };
  std::vector<std::string> values;
  for (const auto& c : t.columns) values.push_back(csv_neutralise(clean_text(c.label)));
  record(values);
  for (const auto& row : t.rows) {
    values.clear();
    for (const auto& cell : row.cells) values.push_back(csv_cell(cell));
    record(values);
  }
  record({});
  const auto note = [&](std::string label, std::string_view value) {
    record({std::move(label), csv_neutralise(clean_text(value))});
  };
  note("Caption", t.caption);
  note("Disclaimer", t.disclaimer);
  for (const auto& s : t.sources) note("Source", source_text(s));
  note("Catalog", t.catalog_id);
  note("Catalog title", t.catalog_title);
  note("Version", t.version.to_string());
  note("Published", t.published.to_string());
  note("Last reviewed", t.last_reviewed.to_string());
  return out;
}

// ---- JSON ----------------------------------------------------------------------------------

inline std::string render_json(const table& t) {
  using json = nlohmann::ordered_json;
  json out = json::object();
  out["caption"] = t.caption;
  json& columns = out["columns"] = json::array();
  for (const auto& c : t.columns) columns.push_back({{"field", c.field}, {"label", c.label}});
  json& rows = out["rows"] = json::array();
  for (const auto& row : t.rows) {
    json cells = json::object();
    for (std::size_t i = 0; i < row.cells.size(); ++i) {
      const table_cell& cell = row.cells[i];
      if (cell.is_list) {
        cells[t.columns[i].field] = cell.items;
      } else {
        std::string text;
        for (const auto& item : cell.items) text += (text.empty() ? "" : "\n") + item;
        cells[t.columns[i].field] = text;
      }
    }
    rows.push_back({{"id", row.id}, {"cells", std::move(cells)}});
  }
  out["disclaimer"] = t.disclaimer;
  json& sources = out["sources"] = json::array();
  for (const auto& s : t.sources) {
    json entry = {{"id", s.id}, {"title", s.title}};
    if (s.publisher) entry["publisher"] = *s.publisher;
    if (s.url) entry["url"] = *s.url;
    if (s.accessed) entry["accessed"] = s.accessed->to_string();
    sources.push_back(std::move(entry));
  }
  out["catalog"] = {{"id", t.catalog_id},
                    {"title", t.catalog_title},
                    {"version", t.version.to_string()},
                    {"published", t.published.to_string()},
                    {"last_reviewed", t.last_reviewed.to_string()},
                    {"locale", t.locale}};
  return out.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace detail

/**
 * The table in the chosen format, with the disclaimer, sources, catalog id and version, and
 * publication and last-reviewed dates after it. Ends with a newline.
 *
 * - `markdown`: the caption in bold, a GitHub pipe table (list items joined with `<br>`, each
 *   after `• `), then the disclaimer as a quote, the sources and the catalog line. Cell text is
 *   literal: `|`, `` ` ``, `*`, `_`, `[`, `]`, `~`, `#`, `$`, `@` and `\` are backslash-escaped,
 *   `<`, `>`, `&` written as entities, newlines as `<br>`.
 * - `html`: `<figure class="carecompare">` holding a `<table>` (`<caption>`, `<th scope="col">`,
 *   the `row_header` column as `<th scope="row">`, lists as `<ul>`), the disclaimer
 *   (`<p role="note">`), the sources (`<cite>`, a link only for an http(s) URL) and the catalog
 *   line with `<time datetime>` dates. `full_page` wraps it in a whole HTML5 document.
 * - `text`: the caption, a header line, a rule of `-`, rows separated by rules, columns joined by
 *   `" | "`; no line wider than `width` display columns (wide characters count 2, combining
 *   marks 0). Cells wrap at spaces, over-long words break between characters; list items
 *   start with `- `. When the columns do not all fit, the width is shared fairly: each column
 *   gets what it needs if that is no more than an equal share, and the others share the rest
 *   equally.
 * - `csv`: RFC 4180 with CRLF: a header record, one record per row (list items joined by LF
 *   inside the quoted field), an empty record, then `label,value` records (Caption, Disclaimer,
 *   Source, Catalog, Catalog title, Version, Published, Last reviewed), all records with the same
 *   number of fields (that of the columns, at least 2). Texts starting with `=` `+` `-` `@`,
 *   tab, CR or LF, list items too, get a `'` in front so spreadsheets never run them.
 * - `json`: `{"caption", "columns": [{"field", "label"}], "rows": [{"id", "cells": {field: text
 *   or [items]}}], "disclaimer", "sources": [{"id", "title", "publisher"?, "url"?, "accessed"?}],
 *   "catalog": {"id", "title", "version", "published", "last_reviewed", "locale"}}` with a
 *   2-space indent; list cells are always arrays.
 *
 * Throws render_error 603 for a format value outside `table_format`, 604 for a text `width`
 * that is too small, and 604 for a malformed table (a row whose cell count differs from the
 * column count, a `row_header` that is no column, a column field used twice, no disclaimer).
 * ```
 * std::string csv = carecompare::render(t, {.format = carecompare::table_format::csv});
 * ```
 */
[[nodiscard]] inline std::string render(const table& t, const render_options& options = {}) {
  detail::check_table(t);
  switch (options.format) {
    case table_format::markdown:
      return detail::render_markdown(t);
    case table_format::html:
      return detail::render_html(t, options.full_page);
    case table_format::text:
      return detail::render_text(t, options.width);
    case table_format::csv:
      return detail::render_csv(t);
    case table_format::json:
      return detail::render_json(t);
  }
  throw render_error(error_ids::render_unknown_format, "unknown table format " +
                                                           std::to_string(static_cast<int>(options.format)) +
                                                           "; formats: markdown, html, text, csv, json");
}

CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_RENDER_HPP
