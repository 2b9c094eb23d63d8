// SPDX-License-Identifier: MIT
/**
 * @file render/text.hpp (private)
 * The plain-text renderer: aligned columns wrapped to a width.
 */
#ifndef CARECOMPARE_SRC_RENDER_TEXT_HPP
#define CARECOMPARE_SRC_RENDER_TEXT_HPP

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

#include "common.hpp"

CARECOMPARE_BEGIN_NAMESPACE
namespace detail {

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
    throw render_error(error_ids::render_bad_option, "text width " + std::to_string(width) + " is too narrow for " +
                                                         std::to_string(n) + " columns; they need at least " +
                                                         std::to_string(needed));
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
  paragraph(word(t, &catalog_labels::disclaimer) + ": " + std::string(trim(t.disclaimer)));
  if (!t.sources.empty()) {
    out += "\n" + terminal_text(word(t, &catalog_labels::sources)) + ":\n";
    for (const auto& s : t.sources) paragraph(source_text(t, s), "- ", "  ");
  }
  out += "\n";
  paragraph(catalog_line_text(t));
  for (const auto& [label, text] : about_lines(t)) paragraph(label + ": " + clean_text(text));
  if (t.translation) paragraph(translation_text(t));
  return out;
}

}  // namespace detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_RENDER_TEXT_HPP
