/* SPDX-License-Identifier: MIT */
/**
 * @file carecompare.h
 * The stable C ABI of carecompare: load a catalog of care strategies, ask which options are
 * relevant to a stated situation, and render comparison tables, from C or any language with a
 * C foreign-function interface.
 *
 * ```c
 * #include <carecompare.h>
 * #include <stdio.h>
 *
 * int main(void) {
 *   carecompare_catalog *cat = NULL;
 *   char *json = NULL;
 *   const char *circumstances = "{\"sites\": [\"bone\"], \"symptoms\": [\"pain\"]}";
 *   if (carecompare_catalog_builtin(&cat) != CARECOMPARE_OK ||
 *       carecompare_filter(&json, cat, circumstances, CARECOMPARE_NUL_TERMINATED) != CARECOMPARE_OK) {
 *     fprintf(stderr, "carecompare: %s\n", carecompare_last_error());
 *     carecompare_catalog_free(cat);
 *     return 1;
 *   }
 *   puts(json);
 *   carecompare_string_free(json);
 *   carecompare_catalog_free(cat);
 *   return 0;
 * }
 * ```
 * Build with `pkg-config --cflags --libs carecompare-c` (`-lcarecompare`), or in CMake with
 * `find_package(carecompare CONFIG)` and `target_link_libraries(app PRIVATE carecompare::c)`.
 *
 * ## Conventions (every call follows them)
 * - **Status.** Every call that can fail returns an `int`: `CARECOMPARE_OK` (0) or a negative
 *   `carecompare_status`. No exception, C++ or otherwise, ever crosses this interface.
 * - **Out-parameters** come first and are named `out`. On entry they are set to NULL; on
 *   success they receive the result; on failure they stay NULL. A NULL `out` is
 *   `CARECOMPARE_ERR_INVALID_ARGUMENT`.
 * - **Ownership.** The library frees what it allocates: strings with
 *   `carecompare_string_free()` (never `free()`), catalogs with `carecompare_catalog_free()`.
 *   Strings handed out are NUL-terminated UTF-8 and never hold an embedded NUL.
 * - **Input texts** are a pointer and a byte length: they need not be NUL-terminated. A length
 *   of `CARECOMPARE_NUL_TERMINATED` means "up to the first NUL". A non-NULL pointer with length 0
 *   is the empty text, which is not JSON (`CARECOMPARE_ERR_PARSE`). For optional inputs (the
 *   circumstances of `carecompare_filter()`, the options of `carecompare_render()`, the data of
 *   `carecompare_logic_apply()`), `(NULL, 0)` means "none" as documented at each call; any other
 *   NULL pointer is `CARECOMPARE_ERR_INVALID_ARGUMENT`. Every JSON text is bounded like the C++
 *   `carecompare::parse_json()`: at most 64 MiB and 256 levels of nesting. A catalog also has
 *   the C++ defaults of `carecompare::limits` (at most 100,000 strategies and 100,000 rules,
 *   texts of at most 64 KiB, rules nested at most 128 deep; an invalid catalog's message lists
 *   its first 1000 problems and counts the rest); the C ABI does not change them.
 * - **Errors.** After a failure, `carecompare_last_error()` describes it (with the JSON Pointer
 *   or line and column of the problem), `carecompare_last_error_path()` gives the JSON Pointer
 *   alone, `carecompare_last_error_code()` the status and `carecompare_last_error_id()` the
 *   documented error id. These are per thread, and successful calls leave them unchanged: read
 *   them right after a call failed.
 * - **Threads.** A catalog is immutable once loaded: any number of threads may use one catalog
 *   at once. Freeing it while another thread uses it is undefined.
 * - **Versions.** `CARECOMPARE_VERSION_*` give the version the program was compiled against,
 *   `carecompare_version_*()` the version of the library it runs with. The ABI (the shared
 *   library's SONAME, `libcarecompare.so.0`) changes only when this interface breaks; calls and
 *   status values are only ever added.
 */
#ifndef CARECOMPARE_H
#define CARECOMPARE_H

#include <stddef.h>
#include <stdint.h>

/* CARECOMPARE_VERSION_MAJOR, _MINOR, _PATCH, _STRING and _NUMBER: the version lives in this
 * one header (plain C preprocessor macros), shared with the C++ API. */
#include "carecompare/config.hpp"

/** The version of the C ABI, the SONAME's number (`libcarecompare.so.0`). @since 0.1.0 */
#define CARECOMPARE_ABI_VERSION 0

/* CARECOMPARE_API marks the exported calls. Define CARECOMPARE_STATIC when linking a static
 * build on Windows. */
#if defined(_WIN32) || defined(__CYGWIN__)
#  if defined(CARECOMPARE_BUILDING_LIBRARY)
#    define CARECOMPARE_API __declspec(dllexport)
#  elif defined(CARECOMPARE_STATIC)
#    define CARECOMPARE_API
#  else
#    define CARECOMPARE_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__) && __GNUC__ >= 4
#  define CARECOMPARE_API __attribute__((visibility("default")))
#else
#  define CARECOMPARE_API
#endif

/** As an input length: the text ends at its first NUL byte (`SIZE_MAX`). @since 0.1.0 */
#define CARECOMPARE_NUL_TERMINATED SIZE_MAX

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Status codes. 0 is success; failures are negative. The values are pinned: they are never
 * renumbered, and new ones are only appended (below the lowest).
 * @since 0.1.0
 */
typedef enum carecompare_status {
  /** Success. */
  CARECOMPARE_OK = 0,
  /** A NULL pointer where one is required, or another argument outside its domain. */
  CARECOMPARE_ERR_INVALID_ARGUMENT = -1,
  /** A JSON text (circumstances, options, rule, data, or a catalog's syntax) that is not
   *  JSON, or larger or deeper than the limits. The message has the line and column. */
  CARECOMPARE_ERR_PARSE = -2,
  /** A catalog that is JSON but not a valid catalog (unknown key, wrong type, bad
   *  reference...). The message lists every problem; the path is that of the first. */
  CARECOMPARE_ERR_INVALID_CATALOG = -3,
  /** Circumstances that do not fit the catalog: an unknown site, symptom or goal, a wrong
   *  type, an unknown key. */
  CARECOMPARE_ERR_INVALID_CIRCUMSTANCES = -4,
  /** A JsonLogic rule that does not compile, or an evaluation json-logic-js throws on. */
  CARECOMPARE_ERR_LOGIC = -5,
  /** A file that cannot be read (missing, a directory, unreadable, too large). */
  CARECOMPARE_ERR_IO = -6,
  /** Memory ran out. */
  CARECOMPARE_ERR_OUT_OF_MEMORY = -7,
  /** A bug in carecompare: please report it with the message. */
  CARECOMPARE_ERR_INTERNAL = -8,
  /** Render options that are not valid: an unknown key, a wrong type, an unknown format,
   *  column field or strategy id, a text width that is too small. */
  CARECOMPARE_ERR_INVALID_OPTIONS = -9
} carecompare_status;

/** A loaded, validated, immutable catalog. Opaque. @since 0.1.0 */
typedef struct carecompare_catalog carecompare_catalog;

/* ---- Version ------------------------------------------------------------------------------ */

/**
 * The library's version as text, e.g. "0.1.0".
 *
 * @return a static string: never NULL, never to be freed.
 * @since 0.1.0
 */
CARECOMPARE_API const char *carecompare_version_string(void);

/**
 * The library's version as one number: major * 10000 + minor * 100 + patch (0.1.0 is 100).
 * Compare it with `CARECOMPARE_VERSION_NUMBER` to detect a header/library mismatch.
 *
 * @return the version number.
 * @since 0.1.0
 */
CARECOMPARE_API int carecompare_version_number(void);

/* ---- Errors ------------------------------------------------------------------------------- */

/**
 * The message of the latest failure on the calling thread, e.g.
 * `[carecompare.catalog.207] /strategies/0/kind: ...` or
 * `[carecompare.parse.101] line 1, column 12: ...`; "" when no call has failed on this thread.
 * Loading a catalog reports every problem found, one per line.
 *
 * @return never NULL. The string belongs to the library: do not free it; it stays valid until
 *         the next failing call on the same thread, or the thread's end.
 * @since 0.1.0
 */
CARECOMPARE_API const char *carecompare_last_error(void);

/**
 * The JSON Pointer (RFC 6901) of the spot the latest failure on the calling thread is about,
 * e.g. "/strategies/0/kind" in a catalog, "/sites/1" in circumstances, "/and/1" in a rule,
 * "/width" or "/circumstances/sites/0" in render options; "" when the failure has no place in a
 * document (a syntax error has its line and column in the message instead; "" is also the
 * whole document) or no call has failed on this thread.
 *
 * @return never NULL; owned by the library, valid like `carecompare_last_error()`.
 * @since 0.1.0
 */
CARECOMPARE_API const char *carecompare_last_error_path(void);

/**
 * The status the latest failing call on the calling thread returned.
 *
 * @return a negative `carecompare_status`, or `CARECOMPARE_OK` when no call has failed on this
 *         thread.
 * @since 0.1.0
 */
CARECOMPARE_API int carecompare_last_error_code(void);

/**
 * The documented carecompare error id of the latest failure on the calling thread: the number
 * in the message's `[carecompare.<kind>.<id>]` prefix (e.g. 207 for a bad enum value in a
 * catalog, 301 for an unknown site, 501 for an unknown JsonLogic operator; the ids are listed
 * in `carecompare/error.hpp`).
 *
 * @return the id, or 0 when the failure has none (a NULL argument, out of memory, internal) or
 *         no call has failed on this thread.
 * @since 0.1.0
 */
CARECOMPARE_API int carecompare_last_error_id(void);

/**
 * A short constant description of a status, e.g. "invalid catalog" for
 * `CARECOMPARE_ERR_INVALID_CATALOG`.
 *
 * @param status any int.
 * @return a static string, never NULL, never to be freed: "ok" for 0, "unknown status" for a
 *         value that is no `carecompare_status`.
 * @since 0.1.0
 */
CARECOMPARE_API const char *carecompare_status_string(int status);

/* ---- Catalogs ----------------------------------------------------------------------------- */

/**
 * The builtin catalog (metastatic breast cancer), embedded in the library: reads no file.
 *
 * @param out receives the catalog; free it with `carecompare_catalog_free()`. Must not be NULL.
 * @return `CARECOMPARE_OK`, `CARECOMPARE_ERR_INVALID_ARGUMENT` (NULL `out`),
 *         `CARECOMPARE_ERR_OUT_OF_MEMORY`.
 * @since 0.1.0
 */
CARECOMPARE_API int carecompare_catalog_builtin(carecompare_catalog **out);

/**
 * Loads and validates a catalog from JSON text (`"format": "carecompare.catalog/1"`). Loading
 * is strict: unknown keys, wrong types, duplicate ids and rules naming unknown strategies are
 * errors; the message lists every problem found, each with its JSON Pointer.
 *
 * @param out  receives the catalog; free it with `carecompare_catalog_free()`. Must not be NULL.
 * @param json the JSON text, `len` bytes, need not be NUL-terminated. Must not be NULL.
 * @param len  its length in bytes, or `CARECOMPARE_NUL_TERMINATED`; 0 is the empty text
 *             (a parse error).
 * @return `CARECOMPARE_OK`; `CARECOMPARE_ERR_PARSE` for malformed JSON or a text past the
 *         limits (message with line and column); `CARECOMPARE_ERR_INVALID_CATALOG` for a
 *         document that is no valid catalog (path: the first problem's JSON Pointer);
 *         `CARECOMPARE_ERR_INVALID_ARGUMENT` for a NULL `out` or `json`;
 *         `CARECOMPARE_ERR_OUT_OF_MEMORY`.
 * @since 0.1.0
 */
CARECOMPARE_API int carecompare_catalog_from_json(carecompare_catalog **out, const char *json, size_t len);

/**
 * Loads and validates a catalog from a JSON file; messages start with the file name.
 *
 * @param out  receives the catalog; free it with `carecompare_catalog_free()`. Must not be NULL.
 * @param path a NUL-terminated file name (in the encoding of the operating system). Must not
 *             be NULL.
 * @return as `carecompare_catalog_from_json()`, plus `CARECOMPARE_ERR_IO` when the file cannot
 *         be read (missing, a directory, unreadable, larger than 64 MiB).
 * @since 0.1.0
 */
CARECOMPARE_API int carecompare_catalog_from_file(carecompare_catalog **out, const char *path);

/**
 * Frees a catalog.
 *
 * Freeing a catalog twice, or using it after it is freed, is undefined behaviour, as with
 * `free()`. Debug builds of the library (compiled without `NDEBUG`) keep track of the catalogs
 * they hand out: freeing one twice writes
 * `carecompare: carecompare_catalog_free: not a live catalog (freed twice?): <address>` to
 * stderr and aborts, and passing a freed catalog to another call returns
 * `CARECOMPARE_ERR_INVALID_ARGUMENT` ("catalog is not a live catalog (already freed?)").
 * Release builds check nothing.
 *
 * @param catalog from a `carecompare_catalog_*()` loading call, or NULL (then nothing happens).
 * @since 0.1.0
 */
CARECOMPARE_API void carecompare_catalog_free(carecompare_catalog *catalog);

/**
 * The catalog as JSON text; loading that text again gives an equal catalog.
 *
 * @param out     receives the text; free it with `carecompare_string_free()`. Must not be NULL.
 * @param catalog the catalog. Must not be NULL.
 * @param indent  spaces per level (at most 16), or a negative number for compact text.
 * @return `CARECOMPARE_OK`; `CARECOMPARE_ERR_INVALID_ARGUMENT` for a NULL pointer or an
 *         `indent` above 16; `CARECOMPARE_ERR_OUT_OF_MEMORY`.
 * @since 0.1.0
 */
CARECOMPARE_API int carecompare_catalog_to_json(char **out, const carecompare_catalog *catalog, int indent);

/* ---- Filtering and rendering -------------------------------------------------------------- */

/**
 * Which options of the catalog are relevant to the stated circumstances, ranked, each with the
 * reasons it is shown, and for every other option why not: the JSON document
 * `carecompare show --format json` prints (2-space indent, no trailing newline):
 * `{"catalog": {...}, "circumstances": {...}, "relevant": [{"id", "name", "score",
 * "reasons": [{"rule", "text"}]}], "not_shown": [...], "disclaimer": "..."}`.
 *
 * @param out_json receives the document; free it with `carecompare_string_free()`. Must not be
 *                 NULL.
 * @param catalog  the catalog. Must not be NULL.
 * @param circumstances_json `{"sites": [...], "symptoms": [...], "goals": [...],
 *                 "facts": {...}}` with every key optional, ids from the catalog's vocabulary;
 *                 `len` bytes, need not be NUL-terminated. `(NULL, 0)` means `{}` (nothing
 *                 stated). NULL with another length is an invalid argument.
 * @param len      its length in bytes, or `CARECOMPARE_NUL_TERMINATED`; 0 with a non-NULL
 *                 pointer is the empty text (a parse error).
 * @return `CARECOMPARE_OK`; `CARECOMPARE_ERR_PARSE` (malformed JSON: line and column);
 *         `CARECOMPARE_ERR_INVALID_CIRCUMSTANCES` (unknown id or key, wrong type, a fact that
 *         clashes with a reserved name: path e.g. "/sites/1");
 *         `CARECOMPARE_ERR_LOGIC` (a rule that fails on the given facts);
 *         `CARECOMPARE_ERR_INVALID_ARGUMENT`; `CARECOMPARE_ERR_OUT_OF_MEMORY`.
 * @since 0.1.0
 */
CARECOMPARE_API int carecompare_filter(char **out_json, const carecompare_catalog *catalog,
                                       const char *circumstances_json, size_t len);

/**
 * Renders a comparison table of the catalog, or, with `"circumstances"`, of the options
 * relevant to them (in rank order, with a "Why shown" column by default).
 *
 * Options, every key optional, unknown keys and wrong types rejected:
 * ```
 * {"format": "markdown" | "md" | "html" | "text" | "txt" | "csv" | "json",  (default markdown)
 *  "columns": ["field" or "field=Label", ...],   (default: the catalog's columns)
 *  "only": ["strategy-id", ...],                 (default: every option)
 *  "full_page": false,                           (html: a whole page instead of a fragment)
 *  "width": 100,                                 (text: the line width, at least 20)
 *  "circumstances": {"sites": [...], ...},       (as carecompare_filter(); default: none)
 *  "include_not_shown": false}                   (with circumstances: list the other options too)
 * ```
 * Every table carries the catalog's disclaimer, sources, version and dates.
 *
 * @param out          receives the rendered text; free it with `carecompare_string_free()`.
 *                     Must not be NULL.
 * @param catalog      the catalog. Must not be NULL.
 * @param options_json the options, `len` bytes, need not be NUL-terminated. `(NULL, 0)` means
 *                     `{}` (the catalog's Markdown table). NULL with another length is an
 *                     invalid argument.
 * @param len          its length in bytes, or `CARECOMPARE_NUL_TERMINATED`; 0 with a non-NULL
 *                     pointer is the empty text (a parse error).
 * @return `CARECOMPARE_OK`; `CARECOMPARE_ERR_PARSE`; `CARECOMPARE_ERR_INVALID_OPTIONS` (unknown
 *         key, wrong type, unknown format, column field or strategy id, text width too small:
 *         path e.g. "/width", "/columns", "/only/1"); `CARECOMPARE_ERR_INVALID_CIRCUMSTANCES`
 *         (path e.g. "/circumstances/sites/0"); `CARECOMPARE_ERR_LOGIC`;
 *         `CARECOMPARE_ERR_INVALID_ARGUMENT`; `CARECOMPARE_ERR_OUT_OF_MEMORY`.
 * @since 0.1.0
 */
CARECOMPARE_API int carecompare_render(char **out, const carecompare_catalog *catalog,
                                       const char *options_json, size_t len);

/* ---- JsonLogic ---------------------------------------------------------------------------- */

/**
 * Applies a JsonLogic rule to data, as `jsonLogic.apply(rule, data)` of json-logic-js 2.x
 * does, and gives the result as compact JSON text (`undefined`, NaN and Infinity as `null`).
 * A `log` operator writes to stderr.
 *
 * @param out_json  receives the result; free it with `carecompare_string_free()`. Must not be
 *                  NULL.
 * @param rule_json the rule, `rule_len` bytes, need not be NUL-terminated. Must not be NULL.
 * @param rule_len  its length in bytes, or `CARECOMPARE_NUL_TERMINATED`; 0 is the empty text
 *                  (a parse error).
 * @param data_json the data, `data_len` bytes. `(NULL, 0)` means `null` (no data). NULL with
 *                  another length is an invalid argument.
 * @param data_len  its length in bytes, or `CARECOMPARE_NUL_TERMINATED`; 0 with a non-NULL
 *                  pointer is the empty text (a parse error).
 * @return `CARECOMPARE_OK`; `CARECOMPARE_ERR_PARSE` (either text: the message says which);
 *         `CARECOMPARE_ERR_LOGIC` (unknown operator, bad arguments, too deep, or an evaluation
 *         json-logic-js throws on; path: the JSON Pointer of the node in the rule, e.g.
 *         "/and/1"); `CARECOMPARE_ERR_INVALID_ARGUMENT`; `CARECOMPARE_ERR_OUT_OF_MEMORY`.
 * @since 0.1.0
 */
CARECOMPARE_API int carecompare_logic_apply(char **out_json, const char *rule_json, size_t rule_len,
                                            const char *data_json, size_t data_len);

/* ---- Memory ------------------------------------------------------------------------------- */

/**
 * Frees a string the library returned through an out-parameter.
 *
 * @param s the string, or NULL (then nothing happens). Not a string from anywhere else, and
 *          not the static strings of `carecompare_last_error*()`, `carecompare_version_string()`
 *          or `carecompare_status_string()`.
 * @since 0.1.0
 */
CARECOMPARE_API void carecompare_string_free(char *s);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* CARECOMPARE_H */
