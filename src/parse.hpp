// SPDX-License-Identifier: MIT
/**
 * @file parse.hpp (private)
 * How every JSON text is parsed: `parse_events()` (parse.cpp) reads it with Boost.JSON's
 * `basic_parser` within the bounds of `limits` and hands its values, as `json_events`, to a
 * handler in the shape of nlohmann's `json_sax` (null, boolean, number_integer,
 * number_unsigned, number_float with its text, string, key, start_object, end_object,
 * start_array, end_array); its errors are carecompare's `parse_error` with line and column.
 * `dom_builder` is the handler that builds a `nlohmann::json` (parse_json()); the one decoder of
 * model types is another (codec.hpp's `sax_decoder`), so both give the same syntax errors.
 * Boost.JSON is included by parse.cpp alone; the values built are nlohmann's, through its
 * public value API only (nothing from its `detail` namespace), the same in nlohmann/json 3.11
 * and 3.12.
 */
#ifndef CARECOMPARE_SRC_PARSE_HPP
#define CARECOMPARE_SRC_PARSE_HPP

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include <carecompare/config.hpp>
#include <carecompare/error.hpp>
#include <carecompare/limits.hpp>
#include <utility>
#include <vector>

#include "util/utf8.hpp"

CARECOMPARE_BEGIN_NAMESPACE

namespace detail {

/// 1-based line and column of a byte offset (columns count bytes, as nlohmann/json does).
inline std::pair<std::size_t, std::size_t> line_column(std::string_view text, std::size_t offset) {
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

/// Offset in a JSON text of the first bracket nested deeper than `max_depth`, or npos: a scan of
/// the text, for error positions (values in memory: util/json_depth.hpp). Strings are skipped.
inline std::size_t find_too_deep_bracket(std::string_view text, std::size_t max_depth) noexcept {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return i;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::string_view::npos;
}

/**
 * Builds a `nlohmann::json` from SAX events (a `json_sax`-shaped handler), refusing to open an
 * array or object deeper than `max_depth` (the root is depth 1): parsing stops there, so no
 * deeper value is ever built. A key given twice keeps its last value, as nlohmann's own parser
 * does. Written on nlohmann's public value API only.
 */
class dom_builder {
 public:
  dom_builder(nlohmann::json& root, std::size_t max_depth) : root_(root), max_depth_(max_depth) {}

  bool null() { return put(nullptr); }
  bool boolean(bool b) { return put(b); }
  bool number_integer(nlohmann::json::number_integer_t i) { return put(i); }
  bool number_unsigned(nlohmann::json::number_unsigned_t u) { return put(u); }
  bool number_float(nlohmann::json::number_float_t d, const nlohmann::json::string_t&) { return put(d); }
  bool string(nlohmann::json::string_t& s) { return put(std::move(s)); }
  bool start_object(std::size_t = static_cast<std::size_t>(-1)) { return open(nlohmann::json::object()); }
  bool start_array(std::size_t = static_cast<std::size_t>(-1)) { return open(nlohmann::json::array()); }
  bool key(nlohmann::json::string_t& k) {
    // Keys often come in order: the hint makes such an insertion one comparison. A key given
    // again keeps its slot (its last value wins). std::map nodes do not move: the slot stays valid.
    auto& members = *stack_.back()->get_ptr<nlohmann::json::object_t*>();
    member_ = &members.emplace_hint(members.end(), std::move(k), nullptr)->second;
    return true;
  }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  /// How deep the value being built is nested now (0 outside any array or object).
  [[nodiscard]] std::size_t depth() const noexcept { return stack_.size(); }

 private:
  /// Where the next value goes: the root, the end of the open array, or the open object's member.
  template <class V>
  nlohmann::json* place(V&& v) {
    if (stack_.empty()) {
      root_ = std::forward<V>(v);
      return &root_;
    }
    nlohmann::json& top = *stack_.back();
    if (top.is_array()) {
      auto& a = *top.get_ptr<nlohmann::json::array_t*>();
      a.emplace_back(std::forward<V>(v));
      return &a.back();  // the open array grows only once this value is closed
    }
    *member_ = std::forward<V>(v);
    return member_;
  }
  template <class V>
  bool put(V&& v) {
    place(std::forward<V>(v));
    return true;
  }
  bool open(nlohmann::json&& container) {
    if (stack_.size() >= max_depth_) return false;
    stack_.push_back(place(std::move(container)));
    return true;
  }
  bool close() {
    stack_.pop_back();
    return true;
  }

  nlohmann::json& root_;
  std::size_t max_depth_;
  std::vector<nlohmann::json*> stack_;
  nlohmann::json* member_ = nullptr;
};

/// What is wrong with a text or value nested deeper than `max_depth` (parse_error 103,
/// catalog_error 203).
inline std::string too_deep_reason(std::size_t max_depth) {
  return "nesting deeper than the limit of " + std::to_string(max_depth) + " (limits::max_json_depth)";
}

/// The error for a text nested deeper than `max_depth`, at the first bracket that goes too deep.
inline parse_error too_deep_error(std::string_view text, std::size_t max_depth) {
  const std::size_t at = std::min(find_too_deep_bracket(text, max_depth), text.size());
  const auto [line, column] = line_column(text, at);
  return parse_error(error_ids::parse_too_deep, too_deep_reason(max_depth), line, column, at);
}

/// Throws too_deep_error() if `text` is nested deeper than `max_depth`. Called when parsing
/// fails: a text too deep is refused as such, whatever else is wrong with it (the scan runs only
/// on failure).
inline void refuse_too_deep(std::string_view text, std::size_t max_depth) {
  if (find_too_deep_bracket(text, max_depth) != std::string_view::npos) throw too_deep_error(text, max_depth);
}

/**
 * The events of one JSON text, in the shape of nlohmann's `json_sax` (see the file comment), as
 * parse_events() delivers them. Every method returns false only to stop at the depth bound.
 * Strings and keys come whole and UTF-8 checked; the handler may move from them. Integers are
 * typed as nlohmann's parser types them: number_unsigned without a minus sign, number_integer
 * with one ("-0" included), number_float when there is a fraction or an exponent or the integer
 * does not fit 64 bits, with the number's text.
 */
class json_events {
 public:
  virtual bool null() = 0;
  virtual bool boolean(bool b) = 0;
  virtual bool number_integer(std::int64_t i) = 0;
  virtual bool number_unsigned(std::uint64_t u) = 0;
  virtual bool number_float(double d, const std::string& text) = 0;
  virtual bool string(std::string& s) = 0;
  virtual bool key(std::string& k) = 0;
  virtual bool start_object() = 0;
  virtual bool end_object() = 0;
  virtual bool start_array() = 0;
  virtual bool end_array() = 0;

 protected:
  json_events() = default;
  json_events(const json_events&) = default;
  json_events& operator=(const json_events&) = default;
  ~json_events() = default;
};

/// json_events for a `json_sax`-shaped handler (dom_builder, codec.hpp's sax_decoder).
template <class Handler>
class json_events_for final : public json_events {
 public:
  explicit json_events_for(Handler& handler) noexcept : h_(handler) {}
  bool null() override { return h_.null(); }
  bool boolean(bool b) override { return h_.boolean(b); }
  bool number_integer(std::int64_t i) override { return h_.number_integer(i); }
  bool number_unsigned(std::uint64_t u) override { return h_.number_unsigned(u); }
  bool number_float(double d, const std::string& text) override { return h_.number_float(d, text); }
  bool string(std::string& s) override { return h_.string(s); }
  bool key(std::string& k) override { return h_.key(k); }
  bool start_object() override { return h_.start_object(); }
  bool end_object() override { return h_.end_object(); }
  bool start_array() override { return h_.start_array(); }
  bool end_array() override { return h_.end_array(); }

 private:
  Handler& h_;
};

/**
 * Parses `text` within `bounds`, feeding `events`: the one place a JSON text is parsed, whatever
 * is built from it (a DOM in parse_json(), a catalog directly in catalog::from_json()), so every
 * text gets the same checks and the same errors. Boost.JSON's `basic_parser` reads the text
 * (parse.cpp); doubles are read again from their text by fast_float, correctly rounded, as
 * strtod would.
 *
 * What it refuses, each as `parse_error` with the line, column and offset of the byte at fault:
 * a text over `bounds.max_document_bytes` (102, before reading it); an array or object nested
 * deeper than `bounds.max_json_depth` (103, at the first bracket too deep, whatever else is
 * wrong with the text; `events` bounds the depth itself and returns false past it); and (101)
 * what is not one JSON value: a syntax error, invalid UTF-8, a lone surrogate escape, a NUL byte,
 * a number out of the range of a double (1e400), or anything but whitespace after the value.
 * Exceptions thrown by `events` pass through unchanged.
 */
CARECOMPARE_FUNC void parse_events(std::string_view text, const limits& bounds, json_events& events);

/// parse_events() for a `json_sax`-shaped handler.
template <class Handler>
void sax_parse_bounded(std::string_view text, const limits& bounds, Handler& handler) {
  json_events_for<Handler> events(handler);
  parse_events(text, bounds, events);
}

}  // namespace detail

namespace detail {

/// Reads a whole file; on failure returns false and a reason ("No such file or directory").
inline bool read_file(const std::filesystem::path& path, std::string& out, std::string& reason, std::size_t max_bytes) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    reason = "is a directory";
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    reason = std::strerror(errno);
    return false;
  }
  out.clear();
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    out.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (out.size() > max_bytes) {
      reason = "larger than the limit of " + std::to_string(max_bytes) + " bytes (limits::max_document_bytes)";
      return false;
    }
  }
  if (in.bad()) {
    reason = "read error";
    return false;
  }
  return true;
}

}  // namespace detail

CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_PARSE_HPP
