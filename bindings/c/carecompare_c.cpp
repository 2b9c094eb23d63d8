// SPDX-License-Identifier: MIT
// The C ABI (include/carecompare.h) over the C++ API. Every call is a few lines inside
// `guard()`, which turns any exception into a status code and the thread's last error, so that
// nothing ever unwinds into C. Parsing, validation, filtering, rendering (render_request: the
// render options' JSON form), reports (their JSON through the codec: check_catalog()'s too) and
// JsonLogic are the C++ core's; this file checks arguments and moves text across the boundary.
#include <carecompare.h>

#include <boost/describe.hpp>
#include <boost/mp11/algorithm.hpp>
#include <carecompare/carecompare.hpp>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <mutex>
#include <new>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>

// Private headers of the core (src/): declarations and data (the circumstances lists, the
// answers' fast reader, the result document's writer), and the escaper of messages (UTF-8).
#include "catalog/rule_data.hpp"
#include "circumstances.hpp"
#include "logic/pass_names.hpp"
#include "result_json.hpp"
#include "util/utf8.hpp"

struct carecompare_catalog {
  carecompare::catalog value;
};

namespace {

namespace cc = carecompare;
using nlohmann::json;

// ---- The per-thread last error ---------------------------------------------------------------

struct error_state {
  int code = CARECOMPARE_OK;
  int id = 0;
  const char* kind = "";  ///< a static string: carecompare::error::kind(), or ""
  std::string message;
  std::string path;
};

thread_local error_state last_error;

/// Records a failure and returns its code. Never throws: when even the message cannot be
/// stored, it becomes "out of memory" (which fits the string's small buffer, so needs no
/// allocation).
int fail(int code, int id, const char* kind, std::string_view path, std::string_view message) noexcept {
  error_state& e = last_error;
  e.code = code;
  e.id = id;
  e.kind = kind;
  try {
    e.message.assign(message);
    e.path.assign(path);
  } catch (...) {
    e.code = CARECOMPARE_ERR_OUT_OF_MEMORY;
    e.id = 0;
    e.kind = "";
    e.message.assign("out of memory");
    e.path.clear();
    return CARECOMPARE_ERR_OUT_OF_MEMORY;
  }
  return code;
}

/// An error the binding finds itself (a NULL argument): no id, no kind, no place in a
/// document. `message` is complete.
struct binding_error {
  int code;
  std::string message;
};

binding_error invalid_argument(std::string_view function, std::string_view what) {
  std::string message(function);
  message.append(": ").append(what);
  return binding_error{CARECOMPARE_ERR_INVALID_ARGUMENT, std::move(message)};
}

/// Parse error `e` said of the JSON argument `name`: "[carecompare.parse.<id>] <name>: line L,
/// column C: <reason>", one line of valid UTF-8 (the argument is where it is, not a JSON Pointer).
cc::parse_error argument_not_json(const cc::parse_error& e, std::string_view name) {
  return cc::parse_error(e.id(), cc::detail::printable(std::string(name) + ": " + std::string(e.description())), 0, 0,
                         e.byte());
}

int catalog_status(int id) noexcept {
  if (id == cc::error_ids::catalog_io) return CARECOMPARE_ERR_IO;
  if (id >= cc::error_ids::catalog_syntax && id <= cc::error_ids::catalog_too_deep) return CARECOMPARE_ERR_PARSE;
  return CARECOMPARE_ERR_INVALID_CATALOG;
}

int record_status(int id) noexcept {
  if (id == cc::error_ids::fhir_io) return CARECOMPARE_ERR_IO;
  if (id >= cc::error_ids::fhir_syntax && id <= cc::error_ids::fhir_too_deep) return CARECOMPARE_ERR_PARSE;
  return CARECOMPARE_ERR_INVALID_RECORD;
}

/// Records an exception carecompare does not throw on purpose: a bug.
int fail_internal(const char* what) noexcept {
  try {
    return fail(CARECOMPARE_ERR_INTERNAL, 0, "", "", std::string("internal error: ") + what);
  } catch (...) {
    return fail(CARECOMPARE_ERR_OUT_OF_MEMORY, 0, "", "", "out of memory");
  }
}

/// Runs `body`, turning every exception into a status code and the thread's last error.
template <class Body>
int guard(Body&& body) noexcept {
  try {
    body();
    return CARECOMPARE_OK;
  } catch (const binding_error& e) {
    return fail(e.code, 0, "", "", e.message);
  } catch (const cc::catalog_error& e) {
    return fail(catalog_status(e.id()), e.id(), e.kind(), e.path(), e.what());
  } catch (const cc::circumstances_error& e) {
    return fail(CARECOMPARE_ERR_INVALID_CIRCUMSTANCES, e.id(), e.kind(), e.path(), e.what());
  } catch (const cc::logic_error& e) {
    return fail(CARECOMPARE_ERR_LOGIC, e.id(), e.kind(), e.path(), e.what());
  } catch (const cc::parse_error& e) {
    return fail(CARECOMPARE_ERR_PARSE, e.id(), e.kind(), "", e.what());
  } catch (const cc::render_error& e) {
    return fail(CARECOMPARE_ERR_INVALID_OPTIONS, e.id(), e.kind(), e.path(), e.what());
  } catch (const cc::record_error& e) {
    return fail(record_status(e.id()), e.id(), e.kind(), e.path(), e.what());
  } catch (const std::bad_alloc&) {
    return fail(CARECOMPARE_ERR_OUT_OF_MEMORY, 0, "", "", "out of memory");
  } catch (const std::exception& e) {
    return fail_internal(e.what());
  } catch (...) {
    return fail(CARECOMPARE_ERR_INTERNAL, 0, "", "", "internal error: an unknown exception");
  }
}

// ---- Arguments in, results out ---------------------------------------------------------------

/// Checks an out-parameter and sets it to NULL, so that it is NULL on every failure.
template <class T>
void checked_out(T** out, const char* function) {
  if (out == nullptr) throw invalid_argument(function, "the out-parameter must not be NULL");
  *out = nullptr;
}

/// The object behind a required pointer.
template <class T>
const T& checked(const T* p, const char* function, const char* what) {
  if (p == nullptr) throw invalid_argument(function, what);
  return *p;
}

// ---- Live catalogs (debug builds) ------------------------------------------------------------
//
// Debug builds (without NDEBUG) keep the address of every catalog handed out, so that a catalog
// freed twice aborts with a message instead of corrupting the heap, and a freed catalog passed
// to another call is CARECOMPARE_ERR_INVALID_ARGUMENT. (An address the allocator has reused for
// a new catalog is live again: this catches mistakes, it is no guarantee.) Nothing freed is
// ever read. Release builds keep nothing and check nothing.
#ifndef NDEBUG
struct live_catalogs {
  std::mutex mutex;
  std::unordered_set<const carecompare_catalog*> addresses;
};

/// Never destroyed: catalogs may be freed by other static destructors while the program exits.
live_catalogs& live() {
  static auto* const instance = new live_catalogs;
  return *instance;
}
#endif

/// Hands out a new catalog.
carecompare_catalog* adopt(cc::catalog value) {
  auto* handle = new carecompare_catalog{std::move(value)};
#ifndef NDEBUG
  try {
    const std::lock_guard<std::mutex> lock(live().mutex);
    live().addresses.insert(handle);
  } catch (...) {
    delete handle;
    throw;
  }
#endif
  return handle;
}

/// A catalog argument: not NULL, and in debug builds, not freed.
const carecompare_catalog& checked_catalog(const carecompare_catalog* catalog, const char* function) {
  const auto& cat = checked(catalog, function, "catalog must not be NULL");
#ifndef NDEBUG
  const std::lock_guard<std::mutex> lock(live().mutex);
  if (live().addresses.count(catalog) == 0) {
    throw invalid_argument(function, "catalog is not a live catalog (already freed?)");
  }
#endif
  return cat;
}

/// The text of a (pointer, length) argument; the pointer is not NULL.
std::string_view text_view(const char* text, std::size_t len) {
  return len == CARECOMPARE_NUL_TERMINATED ? std::string_view(text) : std::string_view(text, len);
}

/// A JSON text argument through parse_json (its limits apply); `(NULL, 0)` gives `fallback`
/// when there is one. Parse errors name the argument.
json json_argument(const char* text, std::size_t len, const char* function, const char* name,
                   std::optional<json> fallback = std::nullopt) {
  if (text == nullptr) {
    if (len == 0 && fallback) return *std::move(fallback);
    throw invalid_argument(function,
                           std::string(name) + (fallback ? " is NULL with a non-zero length" : " must not be NULL"));
  }
  try {
    return cc::parse_json(text_view(text, len));
  } catch (const cc::parse_error& e) {
    throw argument_not_json(e, name);
  }
}

/// The circumstances of a filter call: read straight from the text when it has the simple form
/// most callers send (src/circumstances.hpp), else parsed and decoded as any JSON argument.
cc::circumstances answers(const char* text, std::size_t len, const char* function) {
  cc::circumstances c;
  if (text != nullptr && cc::detail::simple_circumstances(text_view(text, len), c)) return c;
  return cc::circumstances::from_json(json_argument(text, len, function, "circumstances_json", json::object()));
}

/// A copy the caller frees with carecompare_string_free().
char* string_out(std::string_view s) {
  auto* p = static_cast<char*>(std::malloc(s.size() + 1));
  if (p == nullptr) throw std::bad_alloc();
  std::memcpy(p, s.data(), s.size());
  p[s.size()] = '\0';
  return p;
}

/// JSON text of a value; invalid UTF-8 (which parsed input cannot hold) would become U+FFFD.
std::string dump(const json& value, int indent) {
  return value.dump(indent, ' ', false, json::error_handler_t::replace);
}

}  // namespace

// ---- The calls ---------------------------------------------------------------------------------

extern "C" {

const char* carecompare_version_string(void) { return CARECOMPARE_VERSION_STRING; }

int carecompare_version_number(void) { return CARECOMPARE_VERSION_NUMBER; }

const char* carecompare_last_error(void) { return last_error.message.c_str(); }

const char* carecompare_last_error_path(void) { return last_error.path.c_str(); }

const char* carecompare_last_error_kind(void) { return last_error.kind; }

int carecompare_last_error_code(void) { return last_error.code; }

int carecompare_last_error_id(void) { return last_error.id; }

const char* carecompare_status_string(int status) {
  switch (status) {
    case CARECOMPARE_OK: return "ok";
    case CARECOMPARE_ERR_INVALID_ARGUMENT: return "invalid argument";
    case CARECOMPARE_ERR_PARSE: return "parse error";
    case CARECOMPARE_ERR_INVALID_CATALOG: return "invalid catalog";
    case CARECOMPARE_ERR_INVALID_CIRCUMSTANCES: return "invalid circumstances";
    case CARECOMPARE_ERR_LOGIC: return "logic error";
    case CARECOMPARE_ERR_IO: return "I/O error";
    case CARECOMPARE_ERR_OUT_OF_MEMORY: return "out of memory";
    case CARECOMPARE_ERR_INTERNAL: return "internal error";
    case CARECOMPARE_ERR_INVALID_OPTIONS: return "invalid options";
    case CARECOMPARE_ERR_INVALID_RECORD: return "invalid health record";
    default: return "unknown status";
  }
}

int carecompare_is_right_to_left(const char* locale) {
  try {
    return locale != nullptr && cc::is_right_to_left(locale) ? 1 : 0;
  } catch (...) {  // out of memory: the tag cannot be read, and left to right is HTML's default
    return 0;
  }
}

const char* carecompare_circumstances_lists(void) { return cc::detail::rule_data_lists_json.data(); }

int carecompare_circumstances_to_fragment(char** out, const carecompare_catalog* catalog,
                                          const char* circumstances_json, size_t len) {
  return guard([&] {
    checked_out(out, "carecompare_circumstances_to_fragment");
    const auto& cat = checked_catalog(catalog, "carecompare_circumstances_to_fragment");
    *out = string_out(answers(circumstances_json, len, "carecompare_circumstances_to_fragment").to_fragment(cat.value));
  });
}

int carecompare_circumstances_from_fragment(char** out_json, const carecompare_catalog* catalog, const char* fragment,
                                            size_t len) {
  return guard([&] {
    checked_out(out_json, "carecompare_circumstances_from_fragment");
    const auto& cat = checked_catalog(catalog, "carecompare_circumstances_from_fragment");
    if (fragment == nullptr) throw invalid_argument("carecompare_circumstances_from_fragment", "fragment is NULL");
    *out_json = string_out(dump(cc::circumstances::from_fragment(text_view(fragment, len), cat.value).to_json(), 2));
  });
}

int carecompare_circumstances_is_fragment(const char* fragment, size_t len) {
  if (fragment == nullptr) return 0;
  return cc::circumstances::is_fragment(text_view(fragment, len)) ? 1 : 0;
}

int carecompare_catalog_builtin(carecompare_catalog** out) {
  return guard([&] {
    checked_out(out, "carecompare_catalog_builtin");
    *out = adopt(cc::catalog::builtin());
  });
}

int carecompare_catalog_from_json(carecompare_catalog** out, const char* json_text, size_t len) {
  return guard([&] {
    checked_out(out, "carecompare_catalog_from_json");
    checked(json_text, "carecompare_catalog_from_json", "json must not be NULL");
    *out = adopt(cc::catalog::from_json(text_view(json_text, len)));
  });
}

int carecompare_catalog_from_file(carecompare_catalog** out, const char* path) {
  return guard([&] {
    checked_out(out, "carecompare_catalog_from_file");
    checked(path, "carecompare_catalog_from_file", "path must not be NULL");
    *out = adopt(cc::catalog::from_file(path));
  });
}

void carecompare_catalog_free(carecompare_catalog* catalog) {
  if (catalog == nullptr) return;
#ifndef NDEBUG
  bool was_live = false;
  {
    const std::lock_guard<std::mutex> lock(live().mutex);
    was_live = live().addresses.erase(catalog) == 1;
  }
  if (!was_live) {
    std::fprintf(stderr,
                 "carecompare: carecompare_catalog_free: not a live catalog (freed twice?): %p\n"
                 "carecompare: aborting (debug build of libcarecompare)\n",
                 static_cast<void*>(catalog));
    std::fflush(stderr);
    std::abort();
  }
#endif
  delete catalog;
}

int carecompare_catalog_with_translation(carecompare_catalog** out, const carecompare_catalog* catalog,
                                         const char* overlay_json, size_t len) {
  return guard([&] {
    checked_out(out, "carecompare_catalog_with_translation");
    const auto& cat = checked_catalog(catalog, "carecompare_catalog_with_translation");
    checked(overlay_json, "carecompare_catalog_with_translation", "overlay_json must not be NULL");
    *out = adopt(cat.value.with_translation(cc::translation::from_json(text_view(overlay_json, len))));
  });
}

int carecompare_catalog_translation_report(char** out_json, const carecompare_catalog* catalog) {
  return guard([&] {
    checked_out(out_json, "carecompare_catalog_translation_report");
    const auto& cat = checked_catalog(catalog, "carecompare_catalog_translation_report");
    const cc::translation_report* r = cat.value.applied_translation();
    // The report's JSON form (codec.hpp), or null for a catalog in its own texts.
    const json j = r != nullptr ? cc::encode(*r) : json();
    *out_json = string_out(dump(j, -1));
  });
}

int carecompare_catalog_labels(char** out_json, const carecompare_catalog* catalog) {
  return guard([&] {
    checked_out(out_json, "carecompare_catalog_labels");
    const auto& cat = checked_catalog(catalog, "carecompare_catalog_labels");
    json j = json::object();
    boost::mp11::mp_for_each<boost::describe::describe_members<cc::catalog_labels, boost::describe::mod_public>>(
        [&](auto member) { j[member.name] = cc::label_text(cat.value.labels(), member.pointer); });
    *out_json = string_out(dump(j, -1));
  });
}

int carecompare_catalog_to_json(char** out, const carecompare_catalog* catalog, int indent) {
  return guard([&] {
    checked_out(out, "carecompare_catalog_to_json");
    const auto& cat = checked_catalog(catalog, "carecompare_catalog_to_json");
    if (indent > 16) throw invalid_argument("carecompare_catalog_to_json", "indent must be at most 16");
    *out = string_out(dump(cat.value.to_json_value(), indent < 0 ? -1 : indent));
  });
}

int carecompare_catalog_readability(char** out, const carecompare_catalog* catalog, double max_grade) {
  return guard([&] {
    checked_out(out, "carecompare_catalog_readability");
    const auto& cat = checked_catalog(catalog, "carecompare_catalog_readability");
    if (std::isnan(max_grade)) throw invalid_argument("carecompare_catalog_readability", "max_grade is not a number");
    cc::readability_options options;
    options.max_grade = max_grade;
    *out = string_out(dump(cc::encode(cat.value.readability(options)), 2));
  });
}

int carecompare_filter(char** out_json, const carecompare_catalog* catalog, const char* circumstances_json,
                       size_t len) {
  return guard([&] {
    checked_out(out_json, "carecompare_filter");
    const auto& cat = checked_catalog(catalog, "carecompare_filter");
    // Written directly, without the result's DOM (src/result_json.hpp: the same bytes).
    std::size_t size = 0;
    *out_json = cc::detail::result_json_release(
        cat.value.filter(answers(circumstances_json, len, "carecompare_filter")), 2, size);
  });
}

int carecompare_filter_compact(char** out_json, size_t* out_len, const carecompare_catalog* catalog,
                               const char* circumstances_json, size_t len) {
  return guard([&] {
    if (out_len != nullptr) *out_len = 0;
    checked_out(out_json, "carecompare_filter_compact");
    const auto& cat = checked_catalog(catalog, "carecompare_filter_compact");
    std::size_t size = 0;
    *out_json = cc::detail::result_json_release(
        cat.value.filter(answers(circumstances_json, len, "carecompare_filter_compact")), -1, size);
    if (out_len != nullptr) *out_len = size;
  });
}

int carecompare_render(char** out, const carecompare_catalog* catalog, const char* options_json, size_t len) {
  return guard([&] {
    checked_out(out, "carecompare_render");
    const auto& cat = checked_catalog(catalog, "carecompare_render");
    // The options' JSON form is render_request's: its errors point into it.
    const cc::render_request request = cc::render_request::from_json(
        json_argument(options_json, len, "carecompare_render", "options_json", json::object()));
    *out = string_out(cc::render(cat.value, request));
  });
}

namespace {

/// carecompare_logic_apply() and carecompare_logic_apply_passes(), as the call `fn` names.
int logic_apply(const char* fn, char** out_json, const char* rule_json, size_t rule_len, const char* data_json,
                size_t data_len, const char* passes) {
  return guard([&] {
    checked_out(out_json, fn);
    cc::logic::compile_options options;
    if (passes != nullptr) {
      const auto named = cc::logic::passes_from_text(passes);
      if (!named) throw invalid_argument(fn, "passes: " + cc::logic::detail::passes_text_problem(passes));
      options.passes = *named;
    }
    const json rule = json_argument(rule_json, rule_len, fn, "rule_json");
    const json data = json_argument(data_json, data_len, fn, "data_json", json());
    *out_json = string_out(dump(cc::logic::apply(cc::logic::compile(rule, options), data), -1));
  });
}

}  // namespace

int carecompare_logic_apply(char** out_json, const char* rule_json, size_t rule_len, const char* data_json,
                            size_t data_len) {
  return logic_apply("carecompare_logic_apply", out_json, rule_json, rule_len, data_json, data_len, nullptr);
}

int carecompare_logic_apply_passes(char** out_json, const char* rule_json, size_t rule_len, const char* data_json,
                                   size_t data_len, const char* passes) {
  return logic_apply("carecompare_logic_apply_passes", out_json, rule_json, rule_len, data_json, data_len, passes);
}

int carecompare_fhir_read(char** out_json, const carecompare_catalog* catalog, const char* record_json, size_t len) {
  return guard([&] {
    checked_out(out_json, "carecompare_fhir_read");
    const auto& cat = checked_catalog(catalog, "carecompare_fhir_read");
    if (record_json == nullptr) throw invalid_argument("carecompare_fhir_read", "record_json is NULL");
    const cc::fhir::reading r = cc::fhir::read(cat.value, text_view(record_json, len));
    json doc = r.to_json();
    doc["summary"] = r.summary(cat.value);
    *out_json = string_out(dump(doc, 2));
  });
}

int carecompare_fhir_filter(char** out_json, const carecompare_catalog* catalog, const char* record_json,
                            size_t record_len, const char* circumstances_json, size_t circumstances_len) {
  return guard([&] {
    checked_out(out_json, "carecompare_fhir_filter");
    const auto& cat = checked_catalog(catalog, "carecompare_fhir_filter");
    if (record_json == nullptr) throw invalid_argument("carecompare_fhir_filter", "record_json is NULL");
    const cc::circumstances added = answers(circumstances_json, circumstances_len, "carecompare_fhir_filter");
    *out_json = string_out(dump(cc::fhir::filter(cat.value, text_view(record_json, record_len), added).to_json(), 2));
  });
}

int carecompare_fhir_plan_definition(char** out_json, const carecompare_catalog* catalog, const char* base_url,
                                     unsigned flags) {
  return guard([&] {
    checked_out(out_json, "carecompare_fhir_plan_definition");
    const auto& cat = checked_catalog(catalog, "carecompare_fhir_plan_definition");
    if ((flags & ~static_cast<unsigned>(CARECOMPARE_PLAN_KEEP_UNTRANSLATABLE)) != 0) {
      throw invalid_argument("carecompare_fhir_plan_definition", "unknown flags");
    }
    cc::fhir::plan_definition_options options;
    if (base_url != nullptr) options.base_url = base_url;
    if ((flags & CARECOMPARE_PLAN_KEEP_UNTRANSLATABLE) != 0) options.on_untranslatable = cc::fhir::untranslatable::keep;
    *out_json = string_out(dump(cc::fhir::plan_definition(cat.value, options), 2));
  });
}

int carecompare_catalog_check(char** out_json, const char* json_text, size_t len, unsigned flags, double max_grade) {
  return guard([&] {
    checked_out(out_json, "carecompare_catalog_check");
    checked(json_text, "carecompare_catalog_check", "json must not be NULL");
    constexpr unsigned known = CARECOMPARE_CHECK_STRICT | CARECOMPARE_CHECK_READABILITY;
    if ((flags & ~known) != 0) throw invalid_argument("carecompare_catalog_check", "unknown flags");
    cc::check_options options;
    options.strict = (flags & CARECOMPARE_CHECK_STRICT) != 0;
    if ((flags & CARECOMPARE_CHECK_READABILITY) != 0) {
      if (std::isnan(max_grade)) throw invalid_argument("carecompare_catalog_check", "max_grade is not a number");
      options.readability.emplace().max_grade = max_grade;
    }
    *out_json = string_out(dump(cc::encode(cc::check_catalog(text_view(json_text, len), options)), 2));
  });
}

int carecompare_text_readability(char** out_json, const char* text, size_t len) {
  return guard([&] {
    checked_out(out_json, "carecompare_text_readability");
    checked(text, "carecompare_text_readability", "text must not be NULL");
    // The counts and grade of the codec's form: a lone text has no pointer and is no quotation.
    json t = cc::encode(cc::measure_readability(text_view(text, len)));
    t.erase("pointer");
    t.erase("quoted");
    *out_json = string_out(dump(t, -1));
  });
}

int carecompare_catalog_schema(char** out_json) {
  return guard([&] {
    checked_out(out_json, "carecompare_catalog_schema");
    *out_json = string_out(dump(cc::catalog_schema(), 2));
  });
}

int carecompare_translation_template(char** out_json, const carecompare_catalog* catalog, const char* locale) {
  return guard([&] {
    checked_out(out_json, "carecompare_translation_template");
    const auto& cat = checked_catalog(catalog, "carecompare_translation_template");
    checked(locale, "carecompare_translation_template", "locale must not be NULL");
    const json overlay = cc::translation_template(cat.value, locale);
    // An overlay no catalog can take (a locale that is no BCP 47 tag) is refused now, at "/locale".
    (void)cc::translation::from_value(overlay);
    *out_json = string_out(dump(overlay, 2));
  });
}

void carecompare_string_free(char* s) { std::free(s); }

}  // extern "C"
