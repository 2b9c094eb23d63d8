// SPDX-License-Identifier: MIT
/**
 * @file result_json.hpp (private)
 * A filter result's JSON document written directly as text, byte for byte what
 * `result.to_json().dump(indent, ' ', false, nlohmann::json::error_handler_t::replace)` gives,
 * without building the DOM first (which costs some 60 times the filter). The C ABI's
 * `carecompare_filter` returns it; tests/result_json_test.cpp checks it against the DOM's dump.
 *
 * The keys are written in nlohmann's order (std::map: sorted). Texts with only ASCII are
 * escaped here as nlohmann escapes them; others, and the stated facts (any JSON), are dumped by
 * nlohmann itself.
 */
#ifndef CARECOMPARE_SRC_RESULT_JSON_HPP
#define CARECOMPARE_SRC_RESULT_JSON_HPP

#include <algorithm>
#include <carecompare/catalog.hpp>
#include <carecompare/codec.hpp>
#include <carecompare/config.hpp>
#include <carecompare/filter.hpp>
#include <carecompare/translation.hpp>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "util/utf8.hpp"

CARECOMPARE_BEGIN_NAMESPACE
namespace detail {

/// Writes JSON as nlohmann's dump(indent) lays it out, container by container.
class result_json_writer {
 public:
  explicit result_json_writer(int indent) : indent_(indent) { out_.reserve(8192); }

  void begin(char bracket) {
    out_ += bracket;
    empty_.push_back(true);
  }
  void end(char bracket) {
    const bool was_empty = empty_.back();
    empty_.pop_back();
    if (!was_empty) newline();
    out_ += bracket;
  }
  /// Before an array item.
  void item() {
    if (!empty_.back()) out_ += ',';
    empty_.back() = false;
    newline();
  }
  /// Before an object member's value.
  void key(std::string_view k) {
    item();
    text(k);
    out_ += indent_ >= 0 ? ": " : ":";
  }
  void text(std::string_view s) {
    const std::size_t start = out_.size();
    out_ += '"';
    const char* const p = s.data();
    const std::size_t n = s.size();
    std::size_t run = 0;  // start of the bytes that need no escape, appended in one go
    std::size_t i = 0;
    while (i < n) {
      // Eight bytes at a time while none is a control character, '"', '\\' or non-ASCII.
      if (i + 8 <= n) {
        std::uint64_t w = 0;
        std::memcpy(&w, p + i, 8);
        constexpr std::uint64_t ones = 0x0101010101010101ULL;
        constexpr std::uint64_t highs = 0x8080808080808080ULL;
        const std::uint64_t quote = w ^ (ones * '"');
        const std::uint64_t backslash = w ^ (ones * '\\');
        const std::uint64_t special =
            ((w - ones * 0x20) & ~w) | ((quote - ones) & ~quote) | ((backslash - ones) & ~backslash) | w;
        if ((special & highs) == 0) {
          i += 8;
          continue;
        }
      }
      const auto c = static_cast<unsigned char>(p[i]);
      if (c >= 0x80) {
        // Valid UTF-8 goes out as it is (nlohmann's ensure_ascii=false); a text with invalid
        // bytes, which nlohmann replaces with U+FFFD, is left to it.
        const std::size_t len = utf8_sequence_length(s, i);
        if (len == 0) {
          out_.resize(start);
          out_ += nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
          return;
        }
        i += len;
        continue;
      }
      if (c >= 0x20 && c != '"' && c != '\\') {
        ++i;
        continue;
      }
      out_.append(p + run, i - run);
      run = ++i;
      switch (c) {
        case '"': out_ += "\\\""; break;
        case '\\': out_ += "\\\\"; break;
        case '\b': out_ += "\\b"; break;
        case '\f': out_ += "\\f"; break;
        case '\n': out_ += "\\n"; break;
        case '\r': out_ += "\\r"; break;
        case '\t': out_ += "\\t"; break;
        default: {
          static constexpr char hex[] = "0123456789abcdef";
          out_ += "\\u00";
          out_ += hex[c >> 4];
          out_ += hex[c & 0xF];
        }
      }
    }
    out_.append(p + run, n - run);
    out_ += '"';
  }
  /// A score as score_json() makes it: integral ones as integers, others as nlohmann writes a
  /// double.
  void score(double value) {
    if (std::abs(value) < 9007199254740992.0 && value == static_cast<double>(static_cast<long long>(value))) {
      char buf[24];
      const auto end = std::to_chars(buf, buf + sizeof buf, static_cast<long long>(value)).ptr;
      out_.append(buf, static_cast<std::size_t>(end - buf));
    } else {
      out_ += score_json(value).dump();
    }
  }
  void member(std::string_view k, std::string_view value) {
    key(k);
    text(value);
  }
  void literal(std::string_view json_text) { out_ += json_text; }
  /// Any JSON value, dumped by nlohmann and indented to the current depth.
  void value(const nlohmann::json& v) {
    if (v.is_object() && v.empty()) {
      out_ += "{}";
      return;
    }
    const std::string dumped = v.dump(indent_, ' ', false, nlohmann::json::error_handler_t::replace);
    if (indent_ <= 0) {
      out_ += dumped;
      return;
    }
    const std::size_t depth = empty_.size() * static_cast<std::size_t>(indent_);
    for (const char c : dumped) {
      out_ += c;
      if (c == '\n') out_.append(depth, ' ');  // JSON texts hold no raw newline inside strings
    }
  }
  [[nodiscard]] std::string take() { return std::move(out_); }

 private:
  void newline() {
    if (indent_ < 0) return;
    out_ += '\n';
    out_.append(empty_.size() * static_cast<std::size_t>(indent_), ' ');
  }

  int indent_;
  std::string out_;
  std::vector<bool> empty_;
};

/// `r.to_json().dump(indent, ' ', false, replace)`, written without the DOM.
inline std::string result_json(const result& r, int indent) {
  result_json_writer w(indent);
  const auto& info = r.source_catalog().info();
  const bool has_facts = !r.source_catalog().facts().empty();
  const auto ids = [&](std::string_view k, const std::vector<std::string>& list) {
    w.key(k);
    w.begin('[');
    for (const auto& id : list) {
      w.item();
      w.text(id);
    }
    w.end(']');
  };
  w.begin('{');
  w.key("catalog");
  w.begin('{');
  // result::to_json()'s keys, in its (sorted) order; the decision-aid ones only when present.
  if (info.authors) {
    w.key("authors");
    w.value(encode(*info.authors));
  }
  if (info.conflicts_of_interest) w.member("conflicts_of_interest", *info.conflicts_of_interest);
  if (info.funding) w.member("funding", *info.funding);
  w.member("id", info.id);
  w.member("last_reviewed", info.last_reviewed.to_string());
  const translation_report* translated = r.source_catalog().applied_translation();
  if (translated != nullptr) w.member("locale", info.locale);
  if (info.next_review) w.member("next_review", info.next_review->to_string());
  w.member("title", info.title);
  if (translated != nullptr) {
    w.key("translation");
    w.begin('{');
    w.member("catalog_version", translated->catalog_version.to_string());
    w.member("locale", translated->locale);
    w.key("reviewed");
    w.literal(translated->reviewed ? "true" : "false");
    w.end('}');
  }
  if (info.update_policy) w.member("update_policy", *info.update_policy);
  w.member("version", info.version.to_string());
  w.end('}');

  w.key("circumstances");
  w.begin('{');
  w.key("facts");
  w.value(r.stated().facts);
  ids("goals", r.stated().goals);
  ids("sites", r.stated().sites);
  ids("symptoms", r.stated().symptoms);
  w.end('}');

  w.member("disclaimer", r.disclaimer());

  if (has_facts) {
    w.key("not_answered");
    w.begin('[');
    for (const fact* f : r.not_answered()) {
      w.item();
      w.text(f->id);
    }
    w.end(']');
  }

  w.key("not_shown");
  w.begin('[');
  for (const auto& option : r.not_shown()) {
    w.item();
    w.begin('{');
    w.member("explanation", option.explanation(r.source_catalog().labels()));
    w.member("id", option.strategy->id);
    w.member("name", option.strategy->name);
    w.key("rules");
    w.begin('[');
    const auto add = [&](rule_list list, std::string_view effect, bool matched) {
      for (const rule* rl : list) {
        w.item();
        w.begin('{');
        w.member("effect", effect);
        w.key("matched");
        w.literal(matched ? "true" : "false");
        w.member("rule", rl->id);
        w.member("text", rl->description);
        w.end('}');
      }
    };
    add(option.hidden_by, "hide", true);
    add(option.overruled, "show", true);
    add(option.unmatched, "show", false);
    w.end(']');
    w.end('}');
  }
  w.end(']');

  w.key("relevant");
  w.begin('[');
  for (const auto& option : r.relevant()) {
    w.item();
    w.begin('{');
    w.member("id", option.strategy->id);
    w.member("name", option.strategy->name);
    w.key("reasons");
    w.begin('[');
    for (const rule* rl : option.reasons) {
      w.item();
      w.begin('{');
      w.member("rule", rl->id);
      w.member("text", rl->reason);
      w.end('}');
    }
    w.end(']');
    w.key("score");
    w.score(option.score);
    w.end('}');
  }
  w.end(']');

  if (has_facts) {
    w.key("undecided");
    w.begin('[');
    for (const auto& option : r.undecided()) {
      w.item();
      w.begin('{');
      w.key("facts");
      w.begin('[');
      for (const fact* f : option.facts) {
        w.item();
        w.begin('{');
        w.member("description", f->description);
        w.member("id", f->id);
        w.member("label", f->label);
        w.member("type", carecompare::encode(f->type).get<std::string>());
        if (f->values) {
          w.key("values");
          w.begin('[');
          for (const auto& v : *f->values) {
            w.item();
            w.text(v);
          }
          w.end(']');
        }
        w.end('}');
      }
      w.end(']');
      w.member("id", option.strategy->id);
      w.member("name", option.strategy->name);
      w.key("rules");
      w.begin('[');
      for (const rule* rl : option.rules) {
        const bool shows = std::find(rl->show.begin(), rl->show.end(), option.strategy->id) != rl->show.end();
        w.item();
        w.begin('{');
        w.member("effect", shows ? "show" : "hide");
        w.member("rule", rl->id);
        w.member("text", rl->description);
        w.end('}');
      }
      w.end(']');
      w.end('}');
    }
    w.end(']');
  }
  w.end('}');
  return w.take();
}

}  // namespace detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_RESULT_JSON_HPP
