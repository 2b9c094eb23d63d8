// SPDX-License-Identifier: MIT
/**
 * @file catalog/formats.hpp (private)
 * The text formats of a catalog's ids and tags: kebab-case slugs (strategy, source, vocabulary,
 * rule and catalog ids), fact ids, BCP 47 language tags, absolute URIs (code systems). Each is a predicate the loader checks
 * with and the ECMAScript regular expression the JSON Schema (schema.cpp) writes for editors;
 * tests/schema_test.cpp checks that the two agree on every text.
 */
#ifndef CARECOMPARE_SRC_CATALOG_FORMATS_HPP
#define CARECOMPARE_SRC_CATALOG_FORMATS_HPP

#include <algorithm>
#include <carecompare/config.hpp>
#include <cstddef>
#include <string_view>
#include <vector>

CARECOMPARE_BEGIN_NAMESPACE
namespace detail {

/// The ECMAScript regular expression of is_slug(), for the JSON Schema (schema.hpp); the two
/// agree on every text (tests/schema_test.cpp checks them against each other).
inline constexpr std::string_view slug_pattern = "^[a-z0-9]+(-[a-z0-9]+)*$";

/// True for a kebab-case slug: lowercase letters and digits in groups joined by single hyphens.
inline bool is_slug(std::string_view s) noexcept {
  if (s.empty() || s.front() == '-' || s.back() == '-') return false;
  char previous = 0;
  for (const char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok || (c == '-' && previous == '-')) return false;
    previous = c;
  }
  return true;
}

/// The ECMAScript regular expression of is_fact_id(), for the JSON Schema.
inline constexpr std::string_view fact_id_pattern = "^[a-z][a-z0-9_-]*$";

/// True for a fact id: a lowercase letter, then lowercase letters, digits, `_` or `-` (no `.`,
/// which JsonLogic `var` reads as a path separator).
inline bool is_fact_id(std::string_view s) noexcept {
  if (s.empty() || s.front() < 'a' || s.front() > 'z') return false;
  for (const char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
  }
  return true;
}

/// The ECMAScript regular expression of is_language_tag(), for the JSON Schema: a language (2-3
/// letters with up to 3 extended subtags, or 4-8 letters), a script, a region, variants,
/// extensions and private use; or a private-use tag alone.
inline constexpr std::string_view language_tag_pattern =
    "^(([A-Za-z]{2,3}(-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?"
    "(-([A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*(-[A-WY-Za-wy-z0-9](-[A-Za-z0-9]{2,8})+)*"
    "(-[xX](-[A-Za-z0-9]{1,8})+)?|[xX](-[A-Za-z0-9]{1,8})+)$";

/// True for a well-formed BCP 47 language tag (RFC 5646 syntax, case-insensitive).
inline bool is_language_tag(std::string_view tag) noexcept {
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= tag.size(); ++i) {
    if (i == tag.size() || tag[i] == '-') {
      if (i == start || i - start > 8) return false;
      parts.push_back(tag.substr(start, i - start));
      start = i + 1;
    } else if (!alpha(tag[i]) && !digit(tag[i])) {
      return false;
    }
  }
  auto all = [](std::string_view s, auto pred) {
    for (const char c : s) {
      if (!pred(c)) return false;
    }
    return true;
  };
  std::size_t i = 0;
  // Private-use tag ("x-...").
  if (parts[0] == "x" || parts[0] == "X") return parts.size() > 1;
  // language: 2-3 letters (+ up to 3 extlang of 3 letters), or 4-8 letters.
  if (!all(parts[0], alpha) || parts[0].size() < 2) return false;
  ++i;
  if (parts[0].size() <= 3) {
    for (int ext = 0; ext < 3 && i < parts.size() && parts[i].size() == 3 && all(parts[i], alpha); ++ext) ++i;
  }
  if (i < parts.size() && parts[i].size() == 4 && all(parts[i], alpha)) ++i;  // script
  if (i < parts.size() &&
      ((parts[i].size() == 2 && all(parts[i], alpha)) || (parts[i].size() == 3 && all(parts[i], digit)))) {
    ++i;  // region
  }
  while (i < parts.size() && ((parts[i].size() >= 5) || (parts[i].size() == 4 && digit(parts[i][0])))) {
    ++i;  // variants
  }
  while (i < parts.size() && parts[i].size() == 1) {  // extensions and private use
    const bool private_use = parts[i] == "x" || parts[i] == "X";
    ++i;
    std::size_t count = 0;
    while (i < parts.size() && (private_use || parts[i].size() >= 2)) {
      ++i;
      ++count;
    }
    if (count == 0) return false;
  }
  return i == parts.size();
}

/// The ECMAScript regular expression of is_absolute_uri(), for the JSON Schema.
inline constexpr std::string_view absolute_uri_pattern = "^[A-Za-z][A-Za-z0-9+.-]*:[^\\s]+$";

/// True for an absolute URI as FHIR's `uri` type has it (RFC 3986): a scheme (a letter, then
/// letters, digits, `+`, `-` or `.`), a colon, and at least one more character; no whitespace
/// or control character anywhere.
inline bool is_absolute_uri(std::string_view text) noexcept {
  const std::size_t colon = text.find(':');
  if (colon == 0 || colon == std::string_view::npos || colon + 1 == text.size()) return false;
  const auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (!letter(text[0])) return false;
  for (std::size_t i = 1; i < colon; ++i) {
    const char c = text[i];
    if (!letter(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') return false;
  }
  return std::none_of(text.begin(), text.end(),
                      [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7F; });
}

}  // namespace detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_CATALOG_FORMATS_HPP
