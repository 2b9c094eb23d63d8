// SPDX-License-Identifier: MIT
/**
 * @file util/json_text.hpp (private)
 * JSON text written directly, without nlohmann's DOM: a growing byte buffer the C ABI can hand
 * out as it is, and strings escaped exactly as nlohmann's `dump(indent, ' ', false,
 * error_handler_t::replace)` escapes them (tests/result_json_test.cpp compares the two on every
 * kind of byte). The writer of JSON text (json_writer.hpp) builds on these.
 */
#ifndef CARECOMPARE_SRC_UTIL_JSON_TEXT_HPP
#define CARECOMPARE_SRC_UTIL_JSON_TEXT_HPP

#include <algorithm>
#include <carecompare/config.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "utf8.hpp"

// The JSON writers' small members are inlined into their callers where the keys are literals
// (their copies then have constant sizes); define CARECOMPARE_NO_FORCE_INLINE to leave it to the
// compiler.
#if defined(NDEBUG) && !defined(CARECOMPARE_NO_FORCE_INLINE) && (defined(__GNUC__) || defined(__clang__))
#define CARECOMPARE_JSON_INLINE __attribute__((always_inline)) inline
#else
#define CARECOMPARE_JSON_INLINE inline
#endif

CARECOMPARE_BEGIN_NAMESPACE
namespace detail {

/// A growing byte buffer, malloc'd so that the C ABI can hand it out as it is (release()).
class text_buffer {
 public:
  explicit text_buffer(std::size_t capacity = 256) { grow(capacity); }
  text_buffer(const text_buffer&) = delete;
  text_buffer& operator=(const text_buffer&) = delete;
  ~text_buffer() { std::free(data_); }

  CARECOMPARE_JSON_INLINE void append(const char* p, std::size_t n) {
    if (size_ + n >= capacity_) grow(n);
    std::memcpy(data_ + size_, p, n);
    size_ += n;
  }
  CARECOMPARE_JSON_INLINE void append(std::string_view s) { append(s.data(), s.size()); }
  CARECOMPARE_JSON_INLINE void push(char c) {
    if (size_ + 1 >= capacity_) grow(1);
    data_[size_++] = c;
  }
  /// `n` times `c`.
  CARECOMPARE_JSON_INLINE void fill(std::size_t n, char c) {
    if (size_ + n >= capacity_) grow(n);
    std::memset(data_ + size_, c, n);
    size_ += n;
  }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  /// Drops what follows the first `n` bytes.
  void truncate(std::size_t n) noexcept { size_ = std::min(n, size_); }
  [[nodiscard]] std::string_view view() const noexcept { return {data_, size_}; }
  /// The text, NUL-terminated, for std::free(); the buffer is empty afterwards.
  [[nodiscard]] char* release() noexcept {
    data_[size_] = '\0';  // capacity_ > size_ always
    char* p = data_;
    data_ = nullptr;
    size_ = capacity_ = 0;
    return p;
  }

 private:
  void grow(std::size_t n) {
    const std::size_t capacity = std::max({capacity_ * 2, size_ + n + 1, std::size_t{64}});
    auto* p = static_cast<char*>(std::realloc(data_, capacity));
    if (p == nullptr) throw std::bad_alloc();
    data_ = p;
    capacity_ = capacity;
  }

  char* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;  // more than size_: room for release()'s NUL
};

/// Appends `s` to `out` as a JSON string, quotes included, escaped as nlohmann's
/// dump(..., ensure_ascii = false, error_handler_t::replace) escapes it.
inline void append_json_string(text_buffer& out, std::string_view s) {
  const std::size_t start = out.size();
  out.push('"');
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
        out.truncate(start);
        out.append(nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
        return;
      }
      i += len;
      continue;
    }
    if (c >= 0x20 && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    out.append(p + run, i - run);
    run = ++i;
    switch (c) {
      case '"': out.append("\\\"", 2); break;
      case '\\': out.append("\\\\", 2); break;
      case '\b': out.append("\\b", 2); break;
      case '\f': out.append("\\f", 2); break;
      case '\n': out.append("\\n", 2); break;
      case '\r': out.append("\\r", 2); break;
      case '\t': out.append("\\t", 2); break;
      default: {
        static constexpr char hex[] = "0123456789abcdef";
        const char escape[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xF]};
        out.append(escape, 6);
      }
    }
  }
  out.append(p + run, n - run);
  out.push('"');
}

/// `s` as a JSON string, quotes included (append_json_string()).
inline std::string json_string(std::string_view s) {
  text_buffer out(s.size() + 8);
  append_json_string(out, s);
  return std::string(out.view());
}

}  // namespace detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_UTIL_JSON_TEXT_HPP
