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

/**
 * @def CARECOMPARE_API
 * Marks the calls libcarecompare exports (default visibility; `__declspec(dllimport)` on
 * Windows, where a program linking a static build defines CARECOMPARE_STATIC first).
 */
#if defined(_WIN32) || defined(__CYGWIN__)
#if defined(CARECOMPARE_BUILDING_LIBRARY)
#define CARECOMPARE_API __declspec(dllexport)
#elif defined(CARECOMPARE_STATIC)
#define CARECOMPARE_API
#else
#define CARECOMPARE_API __declspec(dllimport)
#endif
#elif defined(__GNUC__) && __GNUC__ >= 4
#define CARECOMPARE_API __attribute__((visibility("default")))
#else
#define CARECOMPARE_API
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
  CARECOMPARE_ERR_INVALID_OPTIONS = -9,
  /** A health record that is not FHIR: something without a `resourceType` where a resource
   *  belongs, a Bundle whose `entry` is not an array (the path points at it). @since 0.3.0 */
  CARECOMPARE_ERR_INVALID_RECORD = -10
} carecompare_status;

/** A loaded, validated, immutable catalog. Opaque. @since 0.1.0 */
typedef struct carecompare_catalog carecompare_catalog;

/* ---- Version ------------------------------------------------------------------------------ */

/**
 * The library's version as text, e.g. "0.1.0".
 *
 * @return a static string: never NULL, never to be freed.
 * @threadsafety Safe from any thread.
 * @since 0.1.0
 */
CARECOMPARE_API const char* carecompare_version_string(void);

/**
 * The library's version as one number: major * 10000 + minor * 100 + patch (0.1.0 is 100).
 * Compare it with `CARECOMPARE_VERSION_NUMBER` to detect a header/library mismatch.
 *
 * @return the version number.
 * @threadsafety Safe from any thread.
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
 * @threadsafety Per thread: the calling thread's latest failure, whatever other threads do.
 * @since 0.1.0
 */
CARECOMPARE_API const char* carecompare_last_error(void);

/**
 * The JSON Pointer (RFC 6901) of the spot the latest failure on the calling thread is about,
 * e.g. "/strategies/0/kind" in a catalog, "/sites/1" in circumstances, "/and/1" in a rule,
 * "/width" or "/circumstances/sites/0" in render options; "" when the failure has no place in a
 * document (a syntax error has its line and column in the message instead; "" is also the
 * whole document) or no call has failed on this thread.
 *
 * @return never NULL; owned by the library, valid like `carecompare_last_error()`.
 * @threadsafety Per thread, as carecompare_last_error().
 * @since 0.1.0
 */
CARECOMPARE_API const char* carecompare_last_error_path(void);

/**
 * The status the latest failing call on the calling thread returned.
 *
 * @return a negative `carecompare_status`, or `CARECOMPARE_OK` when no call has failed on this
 *         thread.
 * @threadsafety Per thread, as carecompare_last_error().
 * @since 0.1.0
 */
CARECOMPARE_API int carecompare_last_error_code(void);

/**
 * The documented carecompare error id of the latest failure on the calling thread: the number
 * that ends the message's prefix, 207 in `[carecompare.catalog.207]` (a bad enum value in a
 * catalog); 301 is an unknown site, 501 an unknown JsonLogic operator. The ids are listed in
 * `carecompare/error.hpp` and never renumbered.
 *
 * @return the id, or 0 when the failure has none (a NULL argument, out of memory, internal) or
 *         no call has failed on this thread.
 * @threadsafety Per thread, as carecompare_last_error().
 * @since 0.1.0
 */
CARECOMPARE_API int carecompare_last_error_id(void);

/**
 * The kind of the latest failure on the calling thread.
 * It is the word in the message's `[carecompare.<kind>.<id>]` prefix, "parse", "catalog",
 * "circumstances", "logic" or "render" (the C++ `carecompare::error::kind()`), so that a face
 * maps failures to its own error types without reading the message.
 *
 * @return a static string, never NULL, never to be freed: "" when the failure has no kind (a
 *         NULL argument, out of memory, internal) or no call has failed on this thread.
 * @since 0.2.0
 */
CARECOMPARE_API const char* carecompare_last_error_kind(void);

/**
 * A short constant description of a status, e.g. "invalid catalog" for
 * `CARECOMPARE_ERR_INVALID_CATALOG`.
 *
 * @param status any int.
 * @return a static string, never NULL, never to be freed: "ok" for 0, "unknown status" for a
 *         value that is no `carecompare_status`.
 * @threadsafety Safe from any thread.
 * @since 0.1.0
 */
CARECOMPARE_API const char* carecompare_status_string(int status);

/**
 * Whether text in a language runs right to left, as HTML's `dir` says for a catalog's locale:
 * a right-to-left script subtag (`-Arab`, `-Hebr`...) decides, else the language's usual script
 * (`ar`, `he`, `fa`, `ur` and others). Case does not matter.
 *
 * @param locale a BCP 47 language tag, NUL-terminated. NULL or "" is left to right.
 * @return 1 for right to left, 0 for left to right.
 * @threadsafety Safe from any number of threads at once.
 * @since 0.2.0
 */
CARECOMPARE_API int carecompare_is_right_to_left(const char* locale);

/**
 * The lists circumstances state, as a JSON array of their keys in the order the library keeps
 * them: `["sites","symptoms","goals"]`. Each is a key of the circumstances `carecompare_filter()`
 * reads (beside `"facts"`), of a result's `"circumstances"` and of a catalog's `"vocabulary"`:
 * a face asks here rather than spelling them.
 *
 * @return a static string: never NULL, never to be freed.
 * @since 0.2.0
 */
CARECOMPARE_API const char* carecompare_circumstances_lists(void);

/**
 * Circumstances as a URL fragment (without "#"), the answers a link to a page with the
 * `<care-compare>` element carries: `sites=bone,liver&symptoms=pain&open=symptoms&facts.pain_score=3`
 * (C++: `carecompare::circumstances::to_fragment()`, whose documentation gives the spelling).
 *
 * @param out      receives the fragment ("" for circumstances that state nothing); free it with
 *                 `carecompare_string_free()`. Must not be NULL.
 * @param catalog  the catalog the circumstances are for: it orders and types the facts. Must
 *                 not be NULL.
 * @param circumstances_json as for `carecompare_filter()`: `(NULL, 0)` means `{}`.
 * @param len      its length in bytes, or `CARECOMPARE_NUL_TERMINATED`.
 * @return `CARECOMPARE_OK`, or `carecompare_filter()`'s statuses for circumstances the catalog
 *         refuses (`CARECOMPARE_ERR_INVALID_CIRCUMSTANCES` with the path of the first problem).
 * @threadsafety Safe from any number of threads at once, on one catalog too.
 * @since 0.3.0
 */
CARECOMPARE_API int carecompare_circumstances_to_fragment(char** out, const carecompare_catalog* catalog,
                                                          const char* circumstances_json, size_t len);

/**
 * Reads a URL fragment (without "#") into the answers a catalog can use, leaving out, with the
 * error id and the JSON Pointer each would have in the circumstances, what cannot be used (C++:
 * `carecompare::circumstances::from_fragment()`). Any text is read: nothing in it is an error.
 *
 * The document (C++ `fragment_reading::to_json()`):
 * ```
 * {"circumstances": {"sites": [...], "symptoms": [...], "goals": [...], "facts": {...}, "open"?, "not_answered"?},
 *  "left_out": [{"id": 301, "pointer": "/sites/1", "message": "unknown sites id \"lungs\"; ..."}]}
 * ```
 * `"circumstances"` is what `carecompare_filter()` takes and accepts for this catalog.
 *
 * @param out_json receives the document; free it with `carecompare_string_free()`. Must not be NULL.
 * @param catalog  the catalog. Must not be NULL.
 * @param fragment the fragment, percent-encoded; `len` bytes. Must not be NULL.
 * @param len      its length in bytes, or `CARECOMPARE_NUL_TERMINATED`.
 * @return `CARECOMPARE_OK`, `CARECOMPARE_ERR_INVALID_ARGUMENT` or `CARECOMPARE_ERR_OUT_OF_MEMORY`.
 * @threadsafety Safe from any number of threads at once, on one catalog too.
 * @since 0.3.0
 */
CARECOMPARE_API int carecompare_circumstances_from_fragment(char** out_json, const carecompare_catalog* catalog,
                                                            const char* fragment, size_t len);

/**
 * Whether a URL fragment (without "#") holds answers rather than, say, the id of an anchor:
 * one of its parts (the fragment split at each ampersand) starts with the key of a list,
 * `open` or `not_answered` and an equals sign, or with `facts.ID` for a fact ID (C++:
 * `carecompare::circumstances::is_fragment()`).
 *
 * @param fragment the fragment; `len` bytes. NULL is no fragment.
 * @param len      its length in bytes, or `CARECOMPARE_NUL_TERMINATED`.
 * @return 1 when it holds answers, else 0.
 * @threadsafety Safe from any number of threads at once.
 * @since 0.3.0
 */
CARECOMPARE_API int carecompare_circumstances_is_fragment(const char* fragment, size_t len);

/* ---- Catalogs ----------------------------------------------------------------------------- */

/**
 * The builtin catalog (metastatic breast cancer), embedded in the library: reads no file.
 *
 * @param out receives the catalog; free it with `carecompare_catalog_free()`. Must not be NULL.
 * @return `CARECOMPARE_OK`, `CARECOMPARE_ERR_INVALID_ARGUMENT` (NULL `out`),
 *         `CARECOMPARE_ERR_OUT_OF_MEMORY`.
 * @threadsafety Safe from any number of threads at once; the catalog is parsed once, on first use.
 * @since 0.1.0
 */
CARECOMPARE_API int carecompare_catalog_builtin(carecompare_catalog** out);

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
 * @threadsafety Safe from any number of threads at once.
 * @since 0.1.0
 */
CARECOMPARE_API int carecompare_catalog_from_json(carecompare_catalog** out, const char* json, size_t len);

/**
 * Loads and validates a catalog from a JSON file; messages start with the file name.
 *
 * @param out  receives the catalog; free it with `carecompare_catalog_free()`. Must not be NULL.
 * @param path a NUL-terminated file name (in the encoding of the operating system). Must not
 *             be NULL.
 * @return as `carecompare_catalog_from_json()`, plus `CARECOMPARE_ERR_IO` when the file cannot
 *         be read (missing, a directory, unreadable, larger than 64 MiB).
 * @threadsafety Safe from any number of threads at once.
 * @since 0.1.0
 */
CARECOMPARE_API int carecompare_catalog_from_file(carecompare_catalog** out, const char* path);

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
 * @threadsafety Not while another thread uses the catalog: free it after the last use.
 * @since 0.1.0
 */
CARECOMPARE_API void carecompare_catalog_free(carecompare_catalog* catalog);

/**
 * The catalog as JSON text; loading that text again gives an equal catalog.
 *
 * @param out     receives the text; free it with `carecompare_string_free()`. Must not be NULL.
 * @param catalog the catalog. Must not be NULL.
 * @param indent  spaces per level (at most 16), or a negative number for compact text.
 * @return `CARECOMPARE_OK`; `CARECOMPARE_ERR_INVALID_ARGUMENT` for a NULL pointer or an
 *         `indent` above 16; `CARECOMPARE_ERR_OUT_OF_MEMORY`.
 * @threadsafety Safe from any number of threads at once, on one catalog too.
 * @since 0.1.0
 */
CARECOMPARE_API int carecompare_catalog_to_json(char** out, const carecompare_catalog* catalog, int indent);

/**
 * A catalog in the texts of a translation overlay (`"format": "carecompare.translation/1"`, see
 * README "Translations"): same ids, rules, weights and logic; texts and locale from the overlay,
 * the original text wherever it gives none (see `carecompare_catalog_translation_report()`).
 *
 * @param out          receives the translated catalog; free it with `carecompare_catalog_free()`.
 *                     Must not be NULL. Set to NULL on failure.
 * @param catalog      the catalog to translate (a translated one is translated from its
 *                     original texts). Must not be NULL.
 * @param overlay_json the overlay's JSON text, `len` bytes, need not be NUL-terminated. Must not
 *                     be NULL.
 * @param len          its length in bytes, or `CARECOMPARE_NUL_TERMINATED`; 0 is the empty text
 *                     (a parse error).
 * @return `CARECOMPARE_OK`; `CARECOMPARE_ERR_PARSE` for malformed JSON (line and column);
 *         `CARECOMPARE_ERR_INVALID_CATALOG` for an invalid overlay or one that does not fit the
 *         catalog (another catalog's id, an unknown id, a list with another item count: the
 *         last error's path is the JSON Pointer into the overlay, its id 250-253);
 *         `CARECOMPARE_ERR_INVALID_ARGUMENT`; `CARECOMPARE_ERR_OUT_OF_MEMORY`.
 * @threadsafety Safe from any number of threads at once, on one catalog too.
 * @since 0.2.0
 */
CARECOMPARE_API int carecompare_catalog_with_translation(carecompare_catalog** out, const carecompare_catalog* catalog,
                                                         const char* overlay_json, size_t len);

/**
 * What the translation of a catalog gave, as JSON text, or `null` for a catalog in its own texts:
 * ```
 * {"locale", "catalog_locale", "catalog_version", "reviewed", "texts", "translated", "percent",
 *  "missing": [JSON Pointers], "warnings": [{"id", "pointer", "message"}], "summary"}
 * ```
 * e.g. the summary `"es: 99% of 132 texts; missing: /sources/mbc-article/title; not reviewed"`.
 *
 * @param out_json receives the text; free it with `carecompare_string_free()`. Must not be NULL.
 * @param catalog  the catalog. Must not be NULL.
 * @return `CARECOMPARE_OK`; `CARECOMPARE_ERR_INVALID_ARGUMENT`; `CARECOMPARE_ERR_OUT_OF_MEMORY`.
 * @threadsafety Safe from any number of threads at once, on one catalog too.
 * @since 0.2.0
 */
CARECOMPARE_API int carecompare_catalog_translation_report(char** out_json, const carecompare_catalog* catalog);

/**
 * Every label of the catalog (the fixed words shown around its texts, see README "Labels"),
 * as a JSON object keyed as the catalog format's `labels`: the catalog's (or its translation's)
 * words where it gives them, the English default where it does not, placeholders such as
 * `{score}` unfilled. Every key is present, e.g. `{"score": "Score", ..., "question_sites":
 * "Where the cancer has spread", ...}` for the builtin catalog.
 *
 * @param out_json receives the text (compact); free it with `carecompare_string_free()`. Must
 *                 not be NULL.
 * @param catalog  the catalog. Must not be NULL.
 * @return `CARECOMPARE_OK`; `CARECOMPARE_ERR_INVALID_ARGUMENT`; `CARECOMPARE_ERR_OUT_OF_MEMORY`.
 * @threadsafety Safe from any number of threads at once, on one catalog too.
 * @since 0.2.0
 */
CARECOMPARE_API int carecompare_catalog_labels(char** out_json, const carecompare_catalog* catalog);

/**
 * How hard the catalog's reader-facing texts are to read, as JSON (2-space indent):
 * ```
 * {"texts": [{"pointer", "sentences", "words", "syllables", "polysyllables", "grade", "quoted"}],
 *  "grade", "smog", "reading_ease", "quoted", "warnings": [{"id": 245, "pointer", "message"}]}
 * ```
 * the Flesch-Kincaid grade of each text, and over the texts not quoted the
 * Flesch-Kincaid grade, the SMOG grade and the Flesch reading ease; a warning for each text of
 * five words or more above `max_grade`. As `catalog.readability()` in C++.
 *
 * @param out       receives the document; free it with `carecompare_string_free()`. Must not
 *                  be NULL.
 * @param catalog   the catalog. Must not be NULL.
 * @param max_grade the highest Flesch-Kincaid grade a text may have (8 is what IPDAS asks).
 * @return `CARECOMPARE_OK`; `CARECOMPARE_ERR_INVALID_ARGUMENT` for a NULL pointer or a
 *         `max_grade` that is not a number; `CARECOMPARE_ERR_OUT_OF_MEMORY`.
 * @threadsafety Safe from any number of threads at once, on one catalog too.
 * @since 0.2.0
 */
CARECOMPARE_API int carecompare_catalog_readability(char** out, const carecompare_catalog* catalog, double max_grade);

/* ---- Filtering and rendering -------------------------------------------------------------- */

/**
 * Which options of the catalog are relevant to the stated circumstances, ranked, each with the
 * reasons it is shown, and for every other option why not: the JSON document
 * `carecompare show --format json` prints (2-space indent, no trailing newline):
 * ```
 * {"catalog": {"id", "title", "version", "last_reviewed", ...},
 *  "circumstances": {"sites", "symptoms", "goals", "facts"},
 *  "relevant": [{"id", "name", "score", "reasons": [{"rule", "text"}]}],
 *  "undecided": [{"id", "name", "facts", "rules"}],    (only when a declared fact is not answered)
 *  "not_answered": ["fact id", ...],                 (with "undecided")
 *  "not_shown": [{"id", "name", "explanation", "rules": [{"rule", "effect", "matched", "text"}]}],
 *  "disclaimer": "..."}
 * ```
 *
 * @param out_json receives the document; free it with `carecompare_string_free()`. Must not be
 *                 NULL.
 * @param catalog  the catalog. Must not be NULL.
 * @param circumstances_json the circumstances, `{"sites": [...], "symptoms": [...],
 *                 "goals": [...], "facts": {...}}` with every key optional, ids from the
 *                 catalog's vocabulary; `len` bytes, need not be NUL-terminated. `(NULL, 0)` means `{}` (nothing
 *                 stated). NULL with another length is an invalid argument.
 * @param len      its length in bytes, or `CARECOMPARE_NUL_TERMINATED`; 0 with a non-NULL
 *                 pointer is the empty text (a parse error).
 * @return `CARECOMPARE_OK`; `CARECOMPARE_ERR_PARSE` (malformed JSON: line and column);
 *         `CARECOMPARE_ERR_INVALID_CIRCUMSTANCES` (unknown id or key, wrong type, a fact that
 *         clashes with a reserved name: path e.g. "/sites/1");
 *         `CARECOMPARE_ERR_LOGIC` (a rule that fails on the given facts);
 *         `CARECOMPARE_ERR_INVALID_ARGUMENT`; `CARECOMPARE_ERR_OUT_OF_MEMORY`.
 * @threadsafety Safe from any number of threads at once, on one catalog too.
 * @since 0.1.0
 */
CARECOMPARE_API int carecompare_filter(char** out_json, const carecompare_catalog* catalog,
                                       const char* circumstances_json, size_t len);

/**
 * The same document as `carecompare_filter()`, compact (no whitespace between tokens), and its
 * length: what a program that parses the document at once (a web page, a server) needs, with
 * fewer bytes to write, copy and parse. Parsed, it equals `carecompare_filter()`'s document;
 * members come in the same order.
 *
 * @param out_json receives the document; free it with `carecompare_string_free()`. Must not be
 *                 NULL.
 * @param out_len  receives the document's length in bytes, without the terminating NUL; may be
 *                 NULL. Set to 0 on failure.
 * @param catalog  the catalog. Must not be NULL.
 * @param circumstances_json as for `carecompare_filter()`: `(NULL, 0)` means `{}`.
 * @param len      its length in bytes, or `CARECOMPARE_NUL_TERMINATED`.
 * @return as `carecompare_filter()`.
 * @threadsafety Safe from any number of threads at once, on one catalog too.
 * @since 0.2.0
 */
CARECOMPARE_API int carecompare_filter_compact(char** out_json, size_t* out_len, const carecompare_catalog* catalog,
                                               const char* circumstances_json, size_t len);

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
 * @threadsafety Safe from any number of threads at once, on one catalog too.
 * @since 0.1.0
 */
CARECOMPARE_API int carecompare_render(char** out, const carecompare_catalog* catalog, const char* options_json,
                                       size_t len);

/* ---- Writing a catalog -------------------------------------------------------------------- */

/**
 * Flags of `carecompare_catalog_check()`, to be or-ed together.
 * @since 0.2.0
 */
typedef enum carecompare_check_flags {
  /** Warnings count as problems in `valid`, as with `carecompare validate --strict`. */
  CARECOMPARE_CHECK_STRICT = 1,
  /** Grade the texts readers see (`"readability"`), with a warning 245 at each text above
   *  `max_grade`, as with `carecompare validate --readability --max-grade N`. */
  CARECOMPARE_CHECK_READABILITY = 2
} carecompare_check_flags;

/**
 * Checks the JSON text of a catalog being written, as `carecompare validate [--strict]
 * [--readability]` does, and says what it found as JSON (2-space indent), whether the catalog
 * loads or not: a catalog that does not load is the answer, not a failure of the call.
 * ```
 * {"valid": false, "strategies": null, "rules": null, "omitted": 0,
 *  "problems": [{"id": 210, "level": "error", "pointer": "/rules/2/show/0",
 *                "message": "unknown strategy id \"radiotherapy\"; ...", "suggestion": "radiation-therapy",
 *                "line": 0, "column": 0}, ...],
 *  "readability": {...} or null}
 * ```
 * - `problems`: every problem of the document, in document order, with its documented id, its
 *   JSON Pointer (`line` and `column`, 1-based, for a syntax error; else 0), the message without
 *   prefix or pointer and a close valid name (`suggestion`, "" when none). `level` is `"error"`
 *   for what stops the catalog from loading and `"warning"` for warnings (240-245): a catalog
 *   with errors gets its warnings too. At most the loader's 1000 problems; `omitted` counts the
 *   rest.
 * - `valid`: true when the catalog loads (with `CARECOMPARE_CHECK_STRICT`: and has no warning),
 *   which is when `carecompare validate` with the same options exits 0.
 * - `strategies`, `rules`: their counts when the catalog loads, else null.
 * - `readability` (with `CARECOMPARE_CHECK_READABILITY`, else null): the document of
 *   `carecompare_catalog_readability()`. A catalog that does not load is graded as far as its
 *   texts can be read (a syntax error: null), and its warnings 245 are among `problems`.
 *
 * @param out_json  receives the document; free it with `carecompare_string_free()`. Must not be
 *                  NULL.
 * @param json      the catalog's JSON text, `len` bytes, need not be NUL-terminated. Must not be
 *                  NULL.
 * @param len       its length in bytes, or `CARECOMPARE_NUL_TERMINATED`; 0 is the empty text
 *                  (whose problem is a syntax error).
 * @param flags     `carecompare_check_flags` or-ed together, or 0.
 * @param max_grade with `CARECOMPARE_CHECK_READABILITY`, the highest Flesch-Kincaid grade a
 *                  text may have (8 is what IPDAS asks); ignored without it.
 * @return `CARECOMPARE_OK` (valid or not); `CARECOMPARE_ERR_INVALID_ARGUMENT` for a NULL
 *         pointer, an unknown flag or a `max_grade` that is not a number;
 *         `CARECOMPARE_ERR_OUT_OF_MEMORY`.
 * @threadsafety Safe from any number of threads at once.
 * @since 0.2.0
 */
CARECOMPARE_API int carecompare_catalog_check(char** out_json, const char* json, size_t len, unsigned flags,
                                              double max_grade);

/**
 * How hard one text is to read, as JSON: `{"sentences", "words", "syllables", "polysyllables",
 * "grade"}`, with the Flesch-Kincaid grade of the text, measured as a catalog's texts are.
 *
 * @param out_json receives the document; free it with `carecompare_string_free()`. Must not be
 *                 NULL.
 * @param text     the text, `len` bytes (UTF-8), need not be NUL-terminated. Must not be NULL.
 * @param len      its length in bytes, or `CARECOMPARE_NUL_TERMINATED`.
 * @return `CARECOMPARE_OK`; `CARECOMPARE_ERR_INVALID_ARGUMENT`; `CARECOMPARE_ERR_OUT_OF_MEMORY`.
 * @threadsafety Safe from any number of threads at once.
 * @since 0.2.0
 */
CARECOMPARE_API int carecompare_text_readability(char** out_json, const char* text, size_t len);

/**
 * The JSON Schema (draft 2020-12) of the catalog format, as `carecompare schema` prints it
 * (2-space indent): a title and a description for every key, the enums of the model, the
 * patterns of the loader's checks and the English default of every label.
 *
 * @param out_json receives the schema; free it with `carecompare_string_free()`. Must not be
 *                 NULL.
 * @return `CARECOMPARE_OK`; `CARECOMPARE_ERR_INVALID_ARGUMENT`; `CARECOMPARE_ERR_OUT_OF_MEMORY`.
 * @threadsafety Safe from any number of threads at once.
 * @since 0.2.0
 */
CARECOMPARE_API int carecompare_catalog_schema(char** out_json);

/**
 * A translation overlay for translators to fill in, as `carecompare translation template`
 * writes it (2-space indent, no trailing newline): every translatable text of the catalog (of
 * its original, for a translated one) with the original as a placeholder, for `locale`.
 *
 * @param out_json receives the overlay; free it with `carecompare_string_free()`. Must not be
 *                 NULL.
 * @param catalog  the catalog. Must not be NULL.
 * @param locale   the BCP 47 tag of the translation's language, NUL-terminated. Must not be NULL.
 * @return `CARECOMPARE_OK`; `CARECOMPARE_ERR_INVALID_CATALOG` for a locale that is no BCP 47
 *         language tag (id 215, or 208 for "", path "/locale": the overlay could not be
 *         loaded); `CARECOMPARE_ERR_INVALID_ARGUMENT`; `CARECOMPARE_ERR_OUT_OF_MEMORY`.
 * @threadsafety Safe from any number of threads at once.
 * @since 0.2.0
 */
CARECOMPARE_API int carecompare_translation_template(char** out_json, const carecompare_catalog* catalog,
                                                     const char* locale);

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
 * @threadsafety Safe from any number of threads at once; `log` writes to stderr from the calling thread.
 * @since 0.1.0
 */
CARECOMPARE_API int carecompare_logic_apply(char** out_json, const char* rule_json, size_t rule_len,
                                            const char* data_json, size_t data_len);

/**
 * `carecompare_logic_apply()` with the rewrites made to the rule before it runs named
 * (C++: `logic::compile_options::passes`). Each rewrite gives every result the rule as written
 * gives, to the byte, errors included, and only changes how fast; turn them off to rule one out
 * when a result looks wrong.
 *
 * @param out_json  receives the result, as `carecompare_logic_apply()`'s.
 * @param rule_json the rule, as `carecompare_logic_apply()` takes it.
 * @param rule_len  its length in bytes, or `CARECOMPARE_NUL_TERMINATED`.
 * @param data_json the data, as `carecompare_logic_apply()` takes it; `(NULL, 0)` means `null`.
 * @param data_len  its length in bytes, or `CARECOMPARE_NUL_TERMINATED`.
 * @param passes    "all" (what `carecompare_logic_apply()` makes), "none" (the rule as written),
 *                  or names separated by commas, without spaces ("constant_fold,text_set"), as
 *                  `carecompare logic --passes` takes them; NUL-terminated. NULL is "all".
 * @return as `carecompare_logic_apply()`; `CARECOMPARE_ERR_INVALID_ARGUMENT` also for a
 *         `passes` text that names no passes (the message lists the names).
 * @threadsafety Safe from any number of threads at once; `log` writes to stderr from the calling thread.
 * @since 0.3.0
 */
CARECOMPARE_API int carecompare_logic_apply_passes(char** out_json, const char* rule_json, size_t rule_len,
                                                   const char* data_json, size_t data_len, const char* passes);

/* ---- Health records (FHIR R4) ------------------------------------------------------------- */

/**
 * Reads a health record (HL7 FHIR R4 JSON) in the words of a catalog: which of its sites and
 * symptoms the record's Conditions name, which declared facts its Observations give, the
 * resources each answer comes from, the codes the catalog does not know, and the problems found
 * (C++: `carecompare::fhir::read()`, whose documentation gives the rules). Nothing in the record
 * is executed or fetched.
 *
 * The document (C++ `fhir::reading::to_json()`, with `"summary"` added):
 * ```
 * {"sites": [{"id", "sources": [{"resource_type", "id", "pointer", "coding", "date"?}]}],
 *  "symptoms": [...], "goals": [...], "facts": [{"id", "value", "sources"}],
 *  "set_aside": [{"list", "id", "reason", "status", "source"}],
 *  "unknown_codes": [{"system", "code", "display"?, "count"}],
 *  "problems": [{"id", "pointer", "message"}], "problems_omitted": n, "resources": n,
 *  "summary": "From the health record: ..."}
 * ```
 *
 * @param out_json   receives the document; free it with `carecompare_string_free()`. Must not
 *                   be NULL.
 * @param catalog    the catalog whose codes say what the record's codes mean. Must not be NULL.
 * @param record_json the record: a Bundle (any type), one resource, an array of resources, or a
 *                   CDS Hooks `prefetch` object; `len` bytes. Must not be NULL.
 * @param len        its length in bytes, or `CARECOMPARE_NUL_TERMINATED`.
 * @return `CARECOMPARE_OK`; `CARECOMPARE_ERR_PARSE` (not JSON: line and column; too large or
 *         too deep); `CARECOMPARE_ERR_INVALID_RECORD` (not FHIR: path e.g. "/entry/2/resource");
 *         `CARECOMPARE_ERR_INVALID_ARGUMENT`; `CARECOMPARE_ERR_OUT_OF_MEMORY`.
 * @threadsafety Safe from any number of threads at once, on one catalog too.
 * @since 0.3.0
 */
CARECOMPARE_API int carecompare_fhir_read(char** out_json, const carecompare_catalog* catalog, const char* record_json,
                                          size_t len);

/**
 * Reads a health record and filters the catalog with what it says (C++:
 * `carecompare::fhir::filter()`): sites and symptoms are open lists of what the record names
 * (maybe others), a list the catalog gives no codes for is not answered, and the facts the
 * record does not give are not answered. What the person states besides closes the lists it
 * gives and replaces the record's facts.
 *
 * The document is `carecompare_filter()`'s, with `"record"`: `carecompare_fhir_read()`'s document;
 * each reason of a shown option that rests on what the record gave says where from, in the
 * catalog's words: `{"from_record": "From the health record: Where the cancer has spread: bones
 * (Secondary malignant neoplasm of bone, 2024-03-01).", "rule", "text"}`.
 *
 * @param out_json    receives the document; free it with `carecompare_string_free()`. Must not
 *                    be NULL.
 * @param catalog     the catalog. Must not be NULL.
 * @param record_json the record, as `carecompare_fhir_read()` takes it. Must not be NULL.
 * @param record_len  its length in bytes, or `CARECOMPARE_NUL_TERMINATED`.
 * @param circumstances_json what the person states besides, as `carecompare_filter()` takes
 *                    it; `(NULL, 0)` means nothing.
 * @param circumstances_len its length in bytes, or `CARECOMPARE_NUL_TERMINATED`.
 * @return `carecompare_fhir_read()`'s statuses and `carecompare_filter()`'s.
 * @threadsafety Safe from any number of threads at once, on one catalog too.
 * @since 0.3.0
 */
CARECOMPARE_API int carecompare_fhir_filter(char** out_json, const carecompare_catalog* catalog,
                                            const char* record_json, size_t record_len, const char* circumstances_json,
                                            size_t circumstances_len);

/**
 * Flags of `carecompare_fhir_plan_definition()`, to be or-ed together.
 * @since 0.3.0
 */
typedef enum carecompare_plan_definition_flags {
  /** A rule FHIRPath cannot say is kept in a non-executable extension (and is the empty
   *  collection in its option's expression) instead of failing the call. */
  CARECOMPARE_PLAN_KEEP_UNTRANSLATABLE = 1
} carecompare_plan_definition_flags;

/**
 * The catalog as a FHIR R4 PlanDefinition (C++: `carecompare::fhir::plan_definition()`, whose
 * documentation says what it holds and which JsonLogic has a FHIRPath form): one action per
 * option, with a FHIRPath condition over the health record as one Bundle that is true where
 * `carecompare_fhir_filter()` shows the option, false where it does not, and empty where it
 * leaves it undecided. As JSON, 2-space indent.
 *
 * @param out_json receives the document; free it with `carecompare_string_free()`. Must not be
 *                 NULL.
 * @param catalog  the catalog. Must not be NULL.
 * @param base_url the FHIR base its `url` is made from (`<base_url>/PlanDefinition/<id>`), or
 *                 NULL for the catalog's own `url` (or none).
 * @param flags    `carecompare_plan_definition_flags` or-ed, or 0.
 * @return `CARECOMPARE_OK`; `CARECOMPARE_ERR_LOGIC` (error 505: a rule FHIRPath cannot say; the
 *         path is its node's JSON Pointer in the catalog); `CARECOMPARE_ERR_INVALID_OPTIONS` (a
 *         base_url that is not an absolute URI); `CARECOMPARE_ERR_INVALID_ARGUMENT` (NULL, or
 *         unknown flags); `CARECOMPARE_ERR_OUT_OF_MEMORY`.
 * @threadsafety Safe from any number of threads at once, on one catalog too.
 * @since 0.3.0
 */
CARECOMPARE_API int carecompare_fhir_plan_definition(char** out_json, const carecompare_catalog* catalog,
                                                     const char* base_url, unsigned flags);

/* ---- Memory ------------------------------------------------------------------------------- */

/**
 * Frees a string the library returned through an out-parameter.
 *
 * @param s the string, or NULL (then nothing happens). Not a string from anywhere else, and
 *          not the static strings of `carecompare_last_error*()`, `carecompare_version_string()`
 *          or `carecompare_status_string()`.
 * @threadsafety Any thread may free a string the library returned, once.
 * @since 0.1.0
 */
CARECOMPARE_API void carecompare_string_free(char* s);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* CARECOMPARE_H */
