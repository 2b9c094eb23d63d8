// SPDX-License-Identifier: MIT
// Fuzz target: the C ABI (include/carecompare.h), compiled in from bindings/c/carecompare_c.cpp.
//
// Input: one selector byte, then a payload. Texts are passed as (pointer, length) into a heap
// buffer of exactly that length with no NUL after it, so reading one byte too far is an
// AddressSanitizer report. Payloads with two texts split at the first 0xFF byte (which valid
// UTF-8 never holds).
//   0: carecompare_catalog_from_json(payload), then to_json, render and filter on the catalog
//   1: carecompare_filter(builtin, payload)
//   2: carecompare_render(builtin, payload)
//   3: carecompare_logic_apply(rule, data)       (no 0xFF: the data is (NULL, 0))
//   4: catalog_from_json(first), then filter(second) and render(second) on it
// Every call must keep the ABI's promises: a known status, NULL out-parameters on failure, a
// last error that matches the status, NUL-terminated UTF-8 results; CARECOMPARE_ERR_INTERNAL (a
// bug by definition) is a crash.
#include <carecompare.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <vector>
#include "util/utf8.hpp"

#include "fuzz_common.hpp"

using namespace carecompare_fuzz;

namespace {

/// A (pointer, length) argument in its own exact-size allocation.
class buffer {
 public:
  explicit buffer(std::string_view text) : bytes_(text.begin(), text.end()) {}
  [[nodiscard]] const char* data() const noexcept { return bytes_.empty() ? empty_ : bytes_.data(); }
  [[nodiscard]] std::size_t size() const noexcept { return bytes_.size(); }

 private:
  static constexpr const char* empty_ = "";  // (non-NULL, 0): the empty text
  std::vector<char> bytes_;
};

/// The promises of every call; `out` is its out-parameter after the call.
void check_call(int rc, const void* out) {
  require(rc == CARECOMPARE_OK || std::strcmp(carecompare_status_string(rc), "unknown status") != 0, "unknown status");
  require(rc != CARECOMPARE_ERR_INTERNAL, "CARECOMPARE_ERR_INTERNAL", carecompare_last_error());
  if (rc != CARECOMPARE_OK) {
    require(out == nullptr, "out-parameter set on failure");
    require(carecompare_last_error_code() == rc, "last error code differs from the status");
    const std::string_view message = carecompare_last_error();
    require(!message.empty(), "failure without a message");
    require(cc::detail::find_invalid_utf8(message) == std::string_view::npos, "message is not UTF-8", message);
    const std::string_view path = carecompare_last_error_path();
    require(path.empty() || path.front() == '/', "last error path is not a JSON Pointer", path);
    return;
  }
  require(out != nullptr, "success without a result");
}

/// A call that returns a string: checked, then freed.
void string_call(int rc, char* out) {
  check_call(rc, out);
  if (out != nullptr) {
    const std::string_view text(out);
    require(cc::detail::find_invalid_utf8(text) == std::string_view::npos, "result is not UTF-8", text);
  }
  carecompare_string_free(out);
}

void use_catalog(const carecompare_catalog* cat, const buffer* arg) {
  char* out = nullptr;
  string_call(carecompare_catalog_to_json(&out, cat, -1), out);
  out = nullptr;
  string_call(carecompare_catalog_to_json(&out, cat, 2), out);
  out = nullptr;
  string_call(arg ? carecompare_filter(&out, cat, arg->data(), arg->size()) : carecompare_filter(&out, cat, nullptr, 0),
              out);
  out = nullptr;
  string_call(arg ? carecompare_render(&out, cat, arg->data(), arg->size()) : carecompare_render(&out, cat, nullptr, 0),
              out);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  quiet_log();
  static carecompare_catalog* builtin = [] {
    carecompare_catalog* c = nullptr;
    require(carecompare_catalog_builtin(&c) == CARECOMPARE_OK, "no builtin catalog");
    return c;
  }();
  if (size == 0) return 0;
  const std::uint8_t selector = data[0] % 5;
  const std::string_view payload(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::size_t split = payload.find('\xFF');
  const buffer first(payload.substr(0, split));
  const buffer second(split == std::string_view::npos ? std::string_view() : payload.substr(split + 1));
  const buffer whole(payload);
  char* out = nullptr;
  switch (selector) {
    case 0:
    case 4: {
      carecompare_catalog* cat = nullptr;
      const buffer& text = selector == 0 ? whole : first;
      const int rc = carecompare_catalog_from_json(&cat, text.data(), text.size());
      check_call(rc, cat);
      if (rc == CARECOMPARE_OK) use_catalog(cat, selector == 4 ? &second : nullptr);
      carecompare_catalog_free(cat);
      break;
    }
    case 1: string_call(carecompare_filter(&out, builtin, whole.data(), whole.size()), out); break;
    case 2: string_call(carecompare_render(&out, builtin, whole.data(), whole.size()), out); break;
    default:
      if (split == std::string_view::npos) {
        string_call(carecompare_logic_apply(&out, first.data(), first.size(), nullptr, 0), out);
      } else {
        string_call(carecompare_logic_apply(&out, first.data(), first.size(), second.data(), second.size()), out);
      }
      break;
  }
  return 0;
}
