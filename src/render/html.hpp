// SPDX-License-Identifier: MIT
/**
 * @file render/html.hpp (private)
 * The HTML renderer: an accessible table, a fragment or a whole page.
 */
#ifndef CARECOMPARE_SRC_RENDER_HTML_HPP
#define CARECOMPARE_SRC_RENDER_HTML_HPP

#include <algorithm>
#include <carecompare/config.hpp>
#include <carecompare/error.hpp>
#include <carecompare/model.hpp>
#include <carecompare/render.hpp>
#include <carecompare/table.hpp>
#include <carecompare/translation.hpp>
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

// ---- HTML ----------------------------------------------------------------------------------

/// Escapes `& < > " '` (for text and attribute values alike).
inline void html_escape(std::string& out, std::string_view text) {
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
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

/// Appends a run of a label's text, as html_text() writes it.
inline void html_run(std::string& out, std::string_view run) { out += html_text(run); }

/// Appends a placeholder the label filler does not know, as written (`{name}`), escaped.
inline void html_value(std::string& out, std::string_view name) {
  std::string as_written;
  put_label_value(as_written, name, {});
  out += html_text(as_written);
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

/// The text direction of a BCP 47 language tag for HTML `dir`: "rtl" or "ltr" (see
/// is_right_to_left()).
inline std::string_view text_direction(std::string_view locale) { return is_right_to_left(locale) ? "rtl" : "ltr"; }

/// The style of a whole page: readable type, one card per row below 40em, and a print style.
inline constexpr std::string_view full_page_style =
    "<style>\n"
    "body { margin: 0; font: 1rem/1.5 system-ui, -apple-system, \"Segoe UI\", Roboto, \"Noto Sans\", Arial, "
    "sans-serif; color: #1b1b1b; background: #fff; }\n"
    "main { max-width: 72rem; margin: 0 auto; padding: 1rem; }\n"
    "h1 { font-size: 1.75rem; line-height: 1.25; margin: 0 0 1rem; }\n"
    ".carecompare { margin: 0; }\n"
    ".carecompare table { border-collapse: collapse; width: 100%; }\n"
    ".carecompare caption { text-align: start; font-weight: 600; padding: 0 0 .5rem; }\n"
    ".carecompare th, .carecompare td { border: 1px solid #767676; padding: 0.4em 0.6em; "
    "text-align: start; vertical-align: top; }\n"
    ".carecompare thead th { background: #eef2f7; }\n"
    ".carecompare td ul, .carecompare th ul { margin: 0; padding-inline-start: 1.2em; }\n"
    ".carecompare a { color: #0b4f9c; }\n"
    ".carecompare-disclaimer { font-weight: 600; }\n"
    "@media (max-width: 40em) {\n"
    "  .carecompare table, .carecompare thead, .carecompare tbody, .carecompare tr, .carecompare th, "
    ".carecompare td { display: block; }\n"
    "  .carecompare caption { display: block; }\n"
    "  .carecompare thead tr { position: absolute; width: 1px; height: 1px; overflow: hidden; "
    "clip-path: inset(50%); }\n"
    "  .carecompare tbody tr { border: 1px solid #767676; border-radius: .5rem; margin: 0 0 1rem; "
    "padding: .5rem .75rem; }\n"
    "  .carecompare tbody th, .carecompare tbody td { border: 0; padding: .25rem 0; }\n"
    "  .carecompare tbody [data-label]::before { content: attr(data-label); display: block; font-weight: 600; "
    "color: #4a4a4a; font-size: .9375rem; }\n"
    "}\n"
    "@media print {\n"
    "  body { font-size: 10pt; color: #000; }\n"
    "  main { max-width: none; padding: 0; }\n"
    "  .carecompare th, .carecompare td { border-color: #000; padding: .2em .4em; }\n"
    "  .carecompare thead th { background: none; }\n"
    "  .carecompare tr { break-inside: avoid; }\n"
    "  .carecompare a { color: #000; text-decoration: none; }\n"
    "}\n"
    "</style>\n";

inline std::string render_html(const table& t, bool full_page) {
  std::string out;
  // Left to right is HTML's default: only a right-to-left locale says its direction.
  const std::string direction = is_right_to_left(t.locale) ? " dir=\"rtl\"" : "";
  const std::string title_text = !trim(t.caption).empty()         ? std::string(trim(t.caption))
                                 : !trim(t.catalog_title).empty() ? std::string(trim(t.catalog_title))
                                                                  : word(t, &catalog_labels::comparison_table);
  if (full_page) {
    out += "<!DOCTYPE html>\n<html lang=\"" + html_attribute(t.locale) + "\" dir=\"" +
           std::string(text_direction(t.locale)) + "\">\n<head>\n";
    out += "<meta charset=\"utf-8\">\n";
    out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    out += "<title>" + html_text(title_text) + "</title>\n";
    out += full_page_style;
    out += "</head>\n<body>\n<main>\n<h1>" + html_text(title_text) + "</h1>\n";
  }
  out += "<figure class=\"carecompare\"";
  if (!t.locale.empty()) out += " lang=\"" + html_attribute(t.locale) + "\"" + direction;
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
        // A whole page shows one card per row on narrow screens: each cell carries its
        // column's label for that layout.
        const std::string label =
            full_page && i < t.columns.size() ? " data-label=\"" + html_attribute(t.columns[i].label) + "\"" : "";
        out += header ? "        <th scope=\"row\"" + label + ">" : "        <td" + label + ">";
        out += html_cell(row.cells[i]);
        out += header ? "</th>\n" : "</td>\n";
      }
      out += "      </tr>\n";
    }
    out += "    </tbody>\n";
  }
  out += "  </table>\n";
  out += "  <p class=\"carecompare-disclaimer\" role=\"note\"><strong>" +
         html_text(word(t, &catalog_labels::disclaimer)) + ":</strong> " + html_text(trim(t.disclaimer)) + "</p>\n";
  if (!t.sources.empty()) {
    out += "  <p class=\"carecompare-sources-label\">" + html_text(word(t, &catalog_labels::sources)) +
           ":</p>\n  <ul class=\"carecompare-sources\">\n";
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
      if (s.accessed) {
        out += ", ";
        format_label(out, word(t, &catalog_labels::accessed), html_run, [&](std::string& o, std::string_view name) {
          if (name == "date") {
            o += html_date(*s.accessed);
          } else {
            html_value(o, name);
          }
        });
      }
      out += "</li>\n";
    }
    out += "  </ul>\n";
  }
  out += "  <p class=\"carecompare-catalog\">";
  catalog_line(out, t, html_run, [](std::string& o, const iso_date& d) { o += html_date(d); });
  out += "</p>\n";
  for (const auto& [label, text] : about_lines(t)) {
    out += "  <p class=\"carecompare-about\"><strong>" + html_text(label) + ":</strong> " + html_text(trim(text)) +
           "</p>\n";
  }
  if (t.translation) {
    out += "  <p class=\"carecompare-translation\" role=\"note\">" + html_text(translation_text(t)) + "</p>\n";
  }
  out += "</figure>\n";
  if (full_page) out += "</main>\n</body>\n</html>\n";
  return out;
}

}  // namespace detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_RENDER_HTML_HPP
