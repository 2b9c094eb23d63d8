// SPDX-License-Identifier: MIT
/**
 * @file util/label_format.hpp (private)
 * Labels with placeholders (catalog_labels): `"Shown (score {score})"`. A placeholder is a
 * name of lowercase ASCII letters and `_` between `{` and `}`; any other brace is a literal
 * character. The loader checks that a catalog's label has exactly the placeholders of its
 * English default (error 221); renderers fill them, escaping the literal text their own way.
 */
#ifndef CARECOMPARE_SRC_UTIL_LABEL_FORMAT_HPP
#define CARECOMPARE_SRC_UTIL_LABEL_FORMAT_HPP

#include <algorithm>
#include <carecompare/config.hpp>
#include <cstddef>
#include <initializer_list>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

CARECOMPARE_BEGIN_NAMESPACE
namespace detail {

/// The length of the placeholder at `text[i]` (`{name}`), or 0 when there is none.
inline std::size_t placeholder_length(std::string_view text, std::size_t i) noexcept {
  if (text[i] != '{') return 0;
  std::size_t k = i + 1;
  while (k < text.size() && ((text[k] >= 'a' && text[k] <= 'z') || text[k] == '_')) ++k;
  return k > i + 1 && k < text.size() && text[k] == '}' ? k + 1 - i : 0;
}

/// The names of the placeholders of `text`, in order, as often as they appear.
inline std::vector<std::string_view> label_placeholders(std::string_view text) {
  std::vector<std::string_view> names;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (const std::size_t n = placeholder_length(text, i); n != 0) {
      names.push_back(text.substr(i + 1, n - 2));
      i += n - 1;
    }
  }
  return names;
}

/// "" when `label` has exactly the placeholders of `english` (in any order, each as often),
/// else what is wrong, for error 221: e.g. "lacks {score}" or "has {points}, which is not one
/// of {score}".
inline std::string label_placeholder_problem(std::string_view label, std::string_view english) {
  auto given = label_placeholders(label);
  auto wanted = label_placeholders(english);
  std::sort(given.begin(), given.end());
  std::sort(wanted.begin(), wanted.end());
  if (given == wanted) return {};
  const auto braces = [](const std::vector<std::string_view>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "{" : ", {") + std::string(n) + "}";
    return out.empty() ? std::string("none") : out;
  };
  std::vector<std::string_view> extra, missing;
  std::set_difference(given.begin(), given.end(), wanted.begin(), wanted.end(), std::back_inserter(extra));
  std::set_difference(wanted.begin(), wanted.end(), given.begin(), given.end(), std::back_inserter(missing));
  std::string out;
  if (!missing.empty()) out = "lacks " + braces(missing);
  if (!extra.empty()) out += (out.empty() ? "has " : " and has ") + braces(extra);
  return out + "; the English label \"" + std::string(english) + "\" has " + braces(wanted);
}

/**
 * Writes `label` to `out`: each run of literal text through `literal(out, run)` and each
 * placeholder through `value(out, name)`. With a label that passed the loader's check,
 * `value` is asked only for the names of the English default.
 */
template <class Literal, class Value>
void format_label(std::string& out, std::string_view label, Literal&& literal, Value&& value) {
  std::size_t start = 0;
  for (std::size_t i = 0; i < label.size(); ++i) {
    const std::size_t n = placeholder_length(label, i);
    if (n == 0) continue;
    if (i > start) literal(out, label.substr(start, i - start));
    value(out, label.substr(i + 1, n - 2));
    start = i + n;
    i = start - 1;
  }
  if (start < label.size()) literal(out, label.substr(start));
}

/// A placeholder's name and the text it stands for.
using label_value = std::pair<std::string_view, std::string_view>;

/// The value of `name` among `values`; a placeholder with no value stays as written (a label
/// the loader did not check, in a table made by hand).
inline void put_label_value(std::string& out, std::string_view name, std::initializer_list<label_value> values) {
  for (const auto& [key, text] : values) {
    if (key == name) {
      out += text;
      return;
    }
  }
  out += '{';
  out += name;
  out += '}';
}

/// `label` with its placeholders filled from `values`, as plain text.
inline std::string fill_label(std::string_view label, std::initializer_list<label_value> values) {
  std::string out;
  format_label(
      out, label, [](std::string& o, std::string_view run) { o += run; },
      [&](std::string& o, std::string_view name) { put_label_value(o, name, values); });
  return out;
}

}  // namespace detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_UTIL_LABEL_FORMAT_HPP
