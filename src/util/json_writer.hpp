// SPDX-License-Identifier: MIT
/**
 * @file util/json_writer.hpp (private)
 * The one writer of JSON text without a DOM (json_writer), on util/json_text.hpp's buffer and
 * string escaping.
 */
#ifndef CARECOMPARE_SRC_UTIL_JSON_WRITER_HPP
#define CARECOMPARE_SRC_UTIL_JSON_WRITER_HPP

#include <array>
#include <carecompare/config.hpp>
#include <charconv>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>

#include "json_text.hpp"

CARECOMPARE_BEGIN_NAMESPACE
namespace detail {

/**
 * Writes JSON text as nlohmann's dump(indent) lays it out, container by container, without a
 * DOM: members in the order they are written, strings escaped by append_json_string(). A
 * negative indent is the compact form. The library's writers of JSON text build on it: the
 * result document (result_json.cpp), and the CDS service's cards and access log lines.
 * ```
 * json_writer w(-1);
 * w.begin_object();
 * w.key("status");
 * w.integer(200);
 * w.end_object();
 * std::string text = w.take();  // {"status":200}
 * ```
 */
class json_writer {
 public:
  /// @param indent spaces per level, or negative for the compact form
  /// @param reserve bytes to make room for at first
  explicit json_writer(int indent, std::size_t reserve = 8192) : indent_(indent), out_(reserve) {}

  CARECOMPARE_JSON_INLINE void begin_object() { begin('{'); }
  CARECOMPARE_JSON_INLINE void end_object() { end('}'); }
  CARECOMPARE_JSON_INLINE void begin_array() { begin('['); }
  CARECOMPARE_JSON_INLINE void end_array() { end(']'); }
  /// An object member's key: an ASCII name that needs no escape.
  CARECOMPARE_JSON_INLINE void key(std::string_view k) {
    item();
    out_.push('"');
    out_.append(k);
    if (indent_ >= 0) {
      out_.append("\": ", 3);
    } else {
      out_.append("\":", 2);
    }
  }
  /// An object member whose value is a text: key(name), then string(value).
  CARECOMPARE_JSON_INLINE void member(std::string_view name, std::string_view value) {
    key(name);
    string(value);
  }
  /// A text; `escaped`, when not empty, is the same text already as a JSON string.
  CARECOMPARE_JSON_INLINE void string(std::string_view s, std::string_view escaped = {}) {
    value_start();
    if (!escaped.empty()) {
      out_.append(escaped);
    } else {
      append_json_string(out_, s);
    }
  }
  CARECOMPARE_JSON_INLINE void boolean(bool b) {
    value_start();
    if (b) {
      out_.append("true", 4);
    } else {
      out_.append("false", 5);
    }
  }
  CARECOMPARE_JSON_INLINE void integer(long long i) {
    value_start();
    char buf[24];
    const auto end = std::to_chars(buf, buf + sizeof buf, i).ptr;
    out_.append(buf, static_cast<std::size_t>(end - buf));
  }
  /// A value given as its JSON text, compact, written as it is.
  CARECOMPARE_JSON_INLINE void raw(std::string_view json_text) {
    value_start();
    out_.append(json_text);
  }
  /// Any JSON value, dumped by nlohmann and indented to the current depth.
  void value(const nlohmann::json& v) {
    value_start();
    if (v.is_object() && v.empty()) {
      out_.append("{}", 2);
      return;
    }
    const std::string dumped = v.dump(indent_, ' ', false, nlohmann::json::error_handler_t::replace);
    if (indent_ <= 0) {
      out_.append(dumped);
      return;
    }
    const std::size_t depth = depth_ * static_cast<std::size_t>(indent_);
    for (const char c : dumped) {
      out_.push(c);
      if (c == '\n') out_.fill(depth, ' ');  // JSON texts hold no raw newline inside strings
    }
  }
  /// A value: `compact` (what `write` writes to a compact writer, kept) when this writer is
  /// compact and it is not empty, else what `write` writes.
  template <class Write>
  CARECOMPARE_JSON_INLINE void cached(std::string_view compact, Write write) {
    if (indent_ < 0 && !compact.empty()) {
      value_start();
      out_.append(compact);
    } else {
      write();
    }
  }
  [[nodiscard]] std::string take() const { return std::string(out_.view()); }
  /// The text, NUL-terminated, to be freed with std::free(); `size` receives its length.
  [[nodiscard]] char* release(std::size_t& size) noexcept {
    size = out_.size();
    return out_.release();
  }

 private:
  /// Before a value: an array's item needs its comma and line; an object's member had its key.
  CARECOMPARE_JSON_INLINE void value_start() {
    if (depth_ > 0 && !object_[depth_ - 1]) item();
  }
  CARECOMPARE_JSON_INLINE void begin(char bracket) {
    value_start();
    out_.push(bracket);
    if (depth_ == max_depth) throw std::logic_error("json_writer: nested too deep");
    object_[depth_] = bracket == '{';
    empty_[depth_] = true;
    ++depth_;
  }
  CARECOMPARE_JSON_INLINE void end(char bracket) {
    --depth_;
    if (!empty_[depth_]) newline();
    out_.push(bracket);
  }
  /// Before an array item or an object member.
  CARECOMPARE_JSON_INLINE void item() {
    if (!empty_[depth_ - 1]) out_.push(',');
    empty_[depth_ - 1] = false;
    newline();
  }
  CARECOMPARE_JSON_INLINE void newline() {
    if (indent_ < 0) return;
    out_.push('\n');
    out_.fill(depth_ * static_cast<std::size_t>(indent_), ' ');
  }

  static constexpr std::size_t max_depth = 16;  // its writers nest at most 5 deep
  int indent_;
  text_buffer out_;
  std::size_t depth_ = 0;
  std::array<bool, max_depth> empty_{};
  std::array<bool, max_depth> object_{};
};

}  // namespace detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_UTIL_JSON_WRITER_HPP
