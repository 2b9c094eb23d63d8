// SPDX-License-Identifier: MIT
/**
 * @file circumstances_text.hpp (private)
 * The answers of a filter call as most callers send them, read straight from their JSON text:
 * an object whose keys are among sites, symptoms and goals, each an array of plain ASCII id
 * strings. For such a text, simple_circumstances() gives exactly what
 * `circumstances::from_json(parse_json(text))` gives; for any other text (facts, another key, a
 * duplicate key, an escape, a byte outside printable ASCII, a syntax error, a long text) it
 * declines, and the caller takes that general path, which defines the semantics and the errors.
 * tests/circumstances_text_test.cpp checks the two against each other.
 */
#ifndef CARECOMPARE_SRC_CIRCUMSTANCES_TEXT_HPP
#define CARECOMPARE_SRC_CIRCUMSTANCES_TEXT_HPP

#include <carecompare/config.hpp>
#include <carecompare/filter.hpp>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/rule_data.hpp"

CARECOMPARE_BEGIN_NAMESPACE
namespace detail {

/// Texts longer than this take the general path (and its limits).
inline constexpr std::size_t simple_circumstances_max_bytes = 4096;

/// Reads `text` into `out` (a default circumstances) when it has the simple form; false, with
/// `out` unspecified, when it does not.
inline bool simple_circumstances(std::string_view text, circumstances& out) {
  if (text.size() > simple_circumstances_max_bytes) return false;
  const char* p = text.data();
  const char* const end = p + text.size();
  const auto skip_space = [&] {
    while (p != end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) ++p;
  };
  const auto take = [&](char c) {
    skip_space();
    if (p == end || *p != c) return false;
    ++p;
    return true;
  };
  // A string of printable ASCII without escapes, after its opening quote.
  const auto plain_string = [&](std::string_view& s) {
    const char* const start = p;
    while (p != end && *p != '"') {
      const auto c = static_cast<unsigned char>(*p);
      if (c < 0x20 || c >= 0x80 || c == '\\') return false;
      ++p;
    }
    if (p == end) return false;
    s = std::string_view(start, static_cast<std::size_t>(p - start));
    ++p;
    return true;
  };
  // Items separated by commas up to `close` (perhaps none), each read by `item()`.
  const auto items = [&](char close, auto&& item) {
    skip_space();
    if (p != end && *p == close) {
      ++p;
      return true;
    }
    for (;;) {
      if (!item()) return false;
      if (take(close)) return true;
      if (p == end || *p != ',') return false;
      ++p;
    }
  };
  bool seen[std::size(rule_data_lists)] = {};
  const auto member = [&] {
    std::string_view key;
    if (!take('"') || !plain_string(key) || !take(':') || !take('[')) return false;
    std::size_t which = std::size(rule_data_lists);
    for (std::size_t i = 0; i < std::size(rule_data_lists); ++i) {
      if (rule_data_lists[i].key == key) which = i;
    }
    if (which == std::size(rule_data_lists) || seen[which]) return false;
    seen[which] = true;
    std::vector<std::string>& list = out.*(rule_data_lists[which].stated);
    return items(']', [&] {
      std::string_view id;
      if (!take('"') || !plain_string(id)) return false;
      list.emplace_back(id);
      return true;
    });
  };
  if (!take('{') || !items('}', member)) return false;
  skip_space();
  return p == end;
}

}  // namespace detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_CIRCUMSTANCES_TEXT_HPP
