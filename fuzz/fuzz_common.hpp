// SPDX-License-Identifier: MIT
// Shared by the libFuzzer targets: checks that turn a wrong-but-quiet result into a crash the
// fuzzer reports. Everything carecompare throws on purpose derives from carecompare::error; any
// other exception escaping a target is a bug, and libFuzzer reports it as a crash.
#ifndef CARECOMPARE_FUZZ_COMMON_HPP
#define CARECOMPARE_FUZZ_COMMON_HPP

#include <carecompare/carecompare.hpp>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "util/utf8.hpp"  // the library's UTF-8 check (src/); the public headers do not include it

namespace carecompare_fuzz {

namespace cc = carecompare;

/// Aborts with a message when `ok` is false (libFuzzer saves the input as a crash).
inline void require(bool ok, const char* what, std::string_view detail = {}) {
  if (ok) return;
  std::fprintf(stderr, "carecompare fuzz check failed: %s\n%.*s\n", what, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

/// What every error message promises: the [carecompare.<kind>.<id>] prefix and valid UTF-8.
inline void check_error(const cc::error& e) {
  const std::string_view what = e.what();
  require(what.rfind("[carecompare.", 0) == 0, "error message without its prefix", what);
  require(e.id() > 0, "error without an id", what);
  require(cc::detail::find_invalid_utf8(what) == std::string_view::npos, "error message is not UTF-8", what);
}

constexpr cc::table_format all_formats[] = {cc::table_format::markdown, cc::table_format::html, cc::table_format::text,
                                            cc::table_format::csv, cc::table_format::json};

/// Renders `t` in every format and checks what every output promises.
inline void render_everything(const cc::table& t) {
  for (const auto f : all_formats) {
    cc::render_options options;
    options.format = f;
    options.width = 60;
    std::string out;
    try {
      out = cc::render(t, options);
    } catch (const cc::render_error& e) {
      // Only a text width too narrow for many columns is refused.
      check_error(e);
      require(f == cc::table_format::text, "render refused a table", e.what());
      continue;
    }
    require(!out.empty() && out.back() == '\n', "output does not end with a newline", out);
    require(cc::detail::find_invalid_utf8(out) == std::string::npos, "output is not UTF-8", out);
    if (f == cc::table_format::json) require(nlohmann::json::accept(out), "JSON output does not parse", out);
    if (f == cc::table_format::html || f == cc::table_format::markdown) {
      require(out.find("<script") == std::string::npos, "a <script> tag got through", out);
    }
  }
}

/// Drops what `log` writes (the default sink would flood stderr).
inline void quiet_log() {
  static const bool done = [] {
    cc::logic::set_log_sink([](std::string_view) {});
    return true;
  }();
  (void)done;
}

}  // namespace carecompare_fuzz

#endif  // CARECOMPARE_FUZZ_COMMON_HPP
