/* SPDX-License-Identifier: MIT */
/*
 * The C ABI from C (C11, not C++, compiled with -Wall -Wextra -Wpedantic -Werror): every call,
 * every status code that can be provoked, NULL arguments, zero lengths, buffers that are not
 * NUL-terminated, last-error messages and paths, per-thread last errors, version macros against
 * the runtime version, hostile texts and the limits (a 100,000-deep document, a 50 MB string,
 * 1e400, -0, lone surrogates, invalid UTF-8) in every call that takes text, eight threads
 * sharing one catalog, and (in debug builds) a catalog freed twice.
 *
 * CARECOMPARE_ERR_OUT_OF_MEMORY and CARECOMPARE_ERR_INTERNAL are not provoked: no input makes
 * the library run out of memory within its limits (64 MiB documents), and an internal error
 * is a bug. Their values and descriptions are checked; what turns std::bad_alloc and unknown
 * exceptions into them is one catch clause each in bindings/c/carecompare_c.cpp.
 *
 * Usage: c_api_test <catalog.json>. Exits 0 when every check passes, 1 otherwise, printing
 * each failed check with its line and the last error.
 */
#define _POSIX_C_SOURCE 200809L
#include <carecompare.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* The status values are pinned: a renumbering breaks every compiled client. */
_Static_assert(CARECOMPARE_OK == 0, "pinned");
_Static_assert(CARECOMPARE_ERR_INVALID_ARGUMENT == -1, "pinned");
_Static_assert(CARECOMPARE_ERR_PARSE == -2, "pinned");
_Static_assert(CARECOMPARE_ERR_INVALID_CATALOG == -3, "pinned");
_Static_assert(CARECOMPARE_ERR_INVALID_CIRCUMSTANCES == -4, "pinned");
_Static_assert(CARECOMPARE_ERR_LOGIC == -5, "pinned");
_Static_assert(CARECOMPARE_ERR_IO == -6, "pinned");
_Static_assert(CARECOMPARE_ERR_OUT_OF_MEMORY == -7, "pinned");
_Static_assert(CARECOMPARE_ERR_INTERNAL == -8, "pinned");
_Static_assert(CARECOMPARE_ERR_INVALID_OPTIONS == -9, "pinned");
_Static_assert(CARECOMPARE_VERSION_NUMBER ==
                   CARECOMPARE_VERSION_MAJOR * 10000 + CARECOMPARE_VERSION_MINOR * 100 + CARECOMPARE_VERSION_PATCH,
               "version number");
_Static_assert(CARECOMPARE_ABI_VERSION == 0, "the SONAME is libcarecompare.so.0");

int c99_header_version_number(void); /* header_c99.c: the header compiled as C99 */

static int failures = 0;
static int checks = 0;

static void report(const char* file, int line, const char* what) {
  ++failures;
  fprintf(stderr, "%s:%d: FAILED: %s\n  last error (code %d, id %d, path \"%s\"): %s\n", file, line, what,
          carecompare_last_error_code(), carecompare_last_error_id(), carecompare_last_error_path(),
          carecompare_last_error());
}

#define CHECK(cond)                                 \
  do {                                              \
    ++checks;                                       \
    if (!(cond)) report(__FILE__, __LINE__, #cond); \
  } while (0)

static int contains(const char* text, const char* needle) { return text != NULL && strstr(text, needle) != NULL; }

/* Whether the last error's kind is the word of its message's "[carecompare.<kind>.<id>]" prefix,
 * or "" for a message without one. */
static int kind_matches_message(void) {
  const char* message = carecompare_last_error();
  const char* kind = carecompare_last_error_kind();
  size_t n;
  if (kind == NULL) return 0;
  n = strlen(kind);
  if (strncmp(message, "[carecompare.", 13) != 0) return n == 0;
  return n != 0 && strncmp(message + 13, kind, n) == 0 && message[13 + n] == '.';
}

/* Checks a failed call: its status, the last error's code, path (NULL: not checked), id (0: not
 * checked) and a piece of its message (NULL: not checked). */
static void check_fails(const char* file, int line, const char* call, int rc, int status, const char* path, int id,
                        const char* needle) {
  char what[1024];
  ++checks;
  if (rc != status) {
    snprintf(what, sizeof what, "%s returned %d (%s), expected %d (%s)", call, rc, carecompare_status_string(rc),
             status, carecompare_status_string(status));
    report(file, line, what);
    return;
  }
  if (carecompare_last_error_code() != status || carecompare_last_error()[0] == '\0' ||
      (path != NULL && strcmp(carecompare_last_error_path(), path) != 0) ||
      (id != 0 && carecompare_last_error_id() != id) ||
      (needle != NULL && !contains(carecompare_last_error(), needle)) || !kind_matches_message()) {
    snprintf(what, sizeof what, "%s: expected code %d, path \"%s\", id %d, a message with \"%s\", its kind", call,
             status, path ? path : "(any)", id, needle ? needle : "(anything)");
    report(file, line, what);
  }
}
#define CHECK_FAILS(call, status, path, id, needle) \
  check_fails(__FILE__, __LINE__, #call, (call), (status), (path), (id), (needle))

static void check_ok(const char* file, int line, const char* call, int rc) {
  char what[1024];
  ++checks;
  if (rc != CARECOMPARE_OK) {
    snprintf(what, sizeof what, "%s returned %d (%s)", call, rc, carecompare_status_string(rc));
    report(file, line, what);
  }
}
#define CHECK_OK(call) check_ok(__FILE__, __LINE__, #call, (call))

/* A heap copy of `text` without its NUL: reading one byte too far is a valgrind error. */
static char* unterminated(const char* text, size_t* len) {
  char* copy;
  *len = strlen(text);
  copy = malloc(*len);
  if (copy == NULL) abort();
  memcpy(copy, text, *len);
  return copy;
}

static char sentinel;

/* ---- Version ------------------------------------------------------------------------------- */

static void test_version(void) {
  char expected[32];
  snprintf(expected, sizeof expected, "%d.%d.%d", CARECOMPARE_VERSION_MAJOR, CARECOMPARE_VERSION_MINOR,
           CARECOMPARE_VERSION_PATCH);
  CHECK(strcmp(carecompare_version_string(), CARECOMPARE_VERSION_STRING) == 0);
  CHECK(strcmp(carecompare_version_string(), expected) == 0);
  CHECK(carecompare_version_number() == CARECOMPARE_VERSION_NUMBER);
  CHECK(c99_header_version_number() == CARECOMPARE_VERSION_NUMBER);
}

/* ---- Errors -------------------------------------------------------------------------------- */

static void check_no_error_yet(void) {
  CHECK(carecompare_last_error() != NULL);
  CHECK(strcmp(carecompare_last_error(), "") == 0);
  CHECK(strcmp(carecompare_last_error_path(), "") == 0);
  CHECK(carecompare_last_error_code() == CARECOMPARE_OK);
  CHECK(carecompare_last_error_id() == 0);
}

static void test_status_strings(void) {
  static const int all[] = {
      CARECOMPARE_ERR_INVALID_ARGUMENT,      CARECOMPARE_ERR_PARSE,    CARECOMPARE_ERR_INVALID_CATALOG,
      CARECOMPARE_ERR_INVALID_CIRCUMSTANCES, CARECOMPARE_ERR_LOGIC,    CARECOMPARE_ERR_IO,
      CARECOMPARE_ERR_OUT_OF_MEMORY,         CARECOMPARE_ERR_INTERNAL, CARECOMPARE_ERR_INVALID_OPTIONS,
      CARECOMPARE_ERR_INVALID_RECORD};
  size_t i, k;
  CHECK(strcmp(carecompare_status_string(CARECOMPARE_OK), "ok") == 0);
  CHECK(strcmp(carecompare_status_string(1), "unknown status") == 0);
  CHECK(strcmp(carecompare_status_string(-11), "unknown status") == 0);
  CHECK(strcmp(carecompare_status_string(CARECOMPARE_ERR_INVALID_RECORD), "invalid health record") == 0);
  CHECK(strcmp(carecompare_status_string(CARECOMPARE_ERR_INVALID_CATALOG), "invalid catalog") == 0);
  CHECK(strcmp(carecompare_status_string(CARECOMPARE_ERR_OUT_OF_MEMORY), "out of memory") == 0);
  CHECK(strcmp(carecompare_status_string(CARECOMPARE_ERR_INTERNAL), "internal error") == 0);
  for (i = 0; i < sizeof all / sizeof all[0]; ++i) {
    const char* s = carecompare_status_string(all[i]);
    CHECK(s != NULL && s[0] != '\0' && strcmp(s, "unknown status") != 0 && strcmp(s, "ok") != 0);
    for (k = 0; k < i; ++k) CHECK(strcmp(s, carecompare_status_string(all[k])) != 0);
  }
}

static void test_text_direction(void) {
  CHECK(carecompare_is_right_to_left("ar") == 1);
  CHECK(carecompare_is_right_to_left("he-IL") == 1);
  CHECK(carecompare_is_right_to_left("pa-Arab") == 1);
  CHECK(carecompare_is_right_to_left("az-Latn") == 0);
  CHECK(carecompare_is_right_to_left("en") == 0);
  CHECK(carecompare_is_right_to_left("") == 0);
  CHECK(carecompare_is_right_to_left(NULL) == 0);
}

static void test_circumstances_lists(void) {
  /* The core's lists, in its order: the keys a filter call's circumstances take beside "facts". */
  CHECK(strcmp(carecompare_circumstances_lists(), "[\"sites\",\"symptoms\",\"goals\"]") == 0);
  CHECK(carecompare_circumstances_lists() == carecompare_circumstances_lists());
}

/* ---- Catalogs ------------------------------------------------------------------------------ */

static void test_catalog_builtin(void) {
  carecompare_catalog* cat = (carecompare_catalog*)&sentinel;
  CHECK_FAILS(carecompare_catalog_builtin(NULL), CARECOMPARE_ERR_INVALID_ARGUMENT, "", 0,
              "carecompare_catalog_builtin");
  CHECK_OK(carecompare_catalog_builtin(&cat));
  CHECK(cat != NULL && cat != (carecompare_catalog*)&sentinel);
  carecompare_catalog_free(cat);
  carecompare_catalog_free(NULL); /* documented no-op */
}

/* The builtin catalog as compact JSON text in *out (NULL on failure; caller frees). The text is
 * written straight into the caller's variable: returned from a local whose address the library
 * was given, GCC 12 at -O2/-O3 (once this is inlined) takes pointers into the text for pointers
 * to that dead local (-Wdangling-pointer). */
static void builtin_json(char** out) {
  carecompare_catalog* cat = NULL;
  *out = NULL;
  CHECK_OK(carecompare_catalog_builtin(&cat));
  CHECK_OK(carecompare_catalog_to_json(out, cat, -1));
  carecompare_catalog_free(cat);
}

static void test_catalog_to_json(void) {
  carecompare_catalog *cat = NULL, *again = NULL;
  char *pretty = (char*)&sentinel, *compact = NULL, *compact_again = NULL;
  CHECK_OK(carecompare_catalog_builtin(&cat));
  CHECK_OK(carecompare_catalog_to_json(&pretty, cat, 2));
  CHECK(contains(pretty, "\n  \"format\": \"carecompare.catalog/1\""));
  CHECK_OK(carecompare_catalog_to_json(&compact, cat, -5));
  CHECK(compact != NULL && strchr(compact, '\n') == NULL && contains(compact, "\"id\":\"systemic-therapy\""));
  /* Load -> save -> load is lossless. */
  CHECK_OK(carecompare_catalog_from_json(&again, pretty, strlen(pretty)));
  CHECK_OK(carecompare_catalog_to_json(&compact_again, again, -1));
  CHECK(compact != NULL && compact_again != NULL && strcmp(compact, compact_again) == 0);
  carecompare_string_free(pretty);
  carecompare_string_free(compact_again);

  pretty = (char*)&sentinel;
  CHECK_FAILS(carecompare_catalog_to_json(&pretty, NULL, 2), CARECOMPARE_ERR_INVALID_ARGUMENT, "", 0, "catalog");
  CHECK(pretty == NULL);
  pretty = (char*)&sentinel;
  CHECK_FAILS(carecompare_catalog_to_json(&pretty, cat, 17), CARECOMPARE_ERR_INVALID_ARGUMENT, "", 0, "indent");
  CHECK(pretty == NULL);
  CHECK_FAILS(carecompare_catalog_to_json(NULL, cat, 2), CARECOMPARE_ERR_INVALID_ARGUMENT, "", 0, "out");
  carecompare_string_free(compact);
  carecompare_catalog_free(again);
  carecompare_catalog_free(cat);
  carecompare_string_free(NULL); /* documented no-op */
}

static void test_catalog_from_json(void) {
  carecompare_catalog* cat = (carecompare_catalog*)&sentinel;
  char *text, *buffer, *bad, *at;
  size_t len, i;
  char deep[301];
  builtin_json(&text);
  if (text == NULL) return;

  /* An exact-length buffer with no NUL after it. */
  buffer = unterminated(text, &len);
  CHECK_OK(carecompare_catalog_from_json(&cat, buffer, len));
  carecompare_catalog_free(cat);
  free(buffer);
  CHECK_OK(carecompare_catalog_from_json(&cat, text, CARECOMPARE_NUL_TERMINATED));
  carecompare_catalog_free(cat);

  /* NULL arguments, empty text. */
  CHECK_FAILS(carecompare_catalog_from_json(NULL, text, strlen(text)), CARECOMPARE_ERR_INVALID_ARGUMENT, "", 0,
              "carecompare_catalog_from_json");
  cat = (carecompare_catalog*)&sentinel;
  CHECK_FAILS(carecompare_catalog_from_json(&cat, NULL, 10), CARECOMPARE_ERR_INVALID_ARGUMENT, "", 0, "json");
  CHECK(cat == NULL);
  cat = (carecompare_catalog*)&sentinel;
  CHECK_FAILS(carecompare_catalog_from_json(&cat, NULL, 0), CARECOMPARE_ERR_INVALID_ARGUMENT, "", 0, "json");
  CHECK(cat == NULL);
  cat = (carecompare_catalog*)&sentinel;
  CHECK_FAILS(carecompare_catalog_from_json(&cat, text, 0), CARECOMPARE_ERR_PARSE, "", 201,
              "[carecompare.catalog.201]");
  CHECK(cat == NULL);

  /* Syntax errors: line and column. A length that cuts the text short is a syntax error too. */
  CHECK_FAILS(carecompare_catalog_from_json(&cat, "{\n  \"format\": ,\n}", CARECOMPARE_NUL_TERMINATED),
              CARECOMPARE_ERR_PARSE, "", 201, "line 2, column 13");
  CHECK_FAILS(carecompare_catalog_from_json(&cat, text, strlen(text) - 1), CARECOMPARE_ERR_PARSE, "", 201, "line 1");
  for (i = 0; i < 300; ++i) deep[i] = '[';
  deep[300] = '\0';
  CHECK_FAILS(carecompare_catalog_from_json(&cat, deep, 300), CARECOMPARE_ERR_PARSE, "", 203, "nesting");

  /* A valid JSON document that is no valid catalog: the JSON Pointer of the problem. */
  bad = malloc(strlen(text) + 16);
  at = strstr(text, "\"kind\":\"treatment\"");
  CHECK(bad != NULL && at != NULL);
  if (bad != NULL && at != NULL) {
    size_t head = (size_t)(at - text);
    memcpy(bad, text, head);
    strcpy(bad + head, "\"kind\":\"cure\"");
    strcat(bad, at + strlen("\"kind\":\"treatment\""));
    cat = (carecompare_catalog*)&sentinel;
    CHECK_FAILS(carecompare_catalog_from_json(&cat, bad, strlen(bad)), CARECOMPARE_ERR_INVALID_CATALOG,
                "/strategies/0/kind", 207, "[carecompare.catalog.207] /strategies/0/kind: ");
    CHECK(cat == NULL);
    CHECK(contains(carecompare_last_error(), "cure"));
  }
  free(bad);
  CHECK_FAILS(carecompare_catalog_from_json(&cat, "{\"format\": \"carecompare.catalog/1\", \"colour\": 1}",
                                            CARECOMPARE_NUL_TERMINATED),
              CARECOMPARE_ERR_INVALID_CATALOG, NULL, 0, "/colour");
  CHECK_FAILS(carecompare_catalog_from_json(&cat, "[]", 2), CARECOMPARE_ERR_INVALID_CATALOG, "", 204, NULL);
  carecompare_string_free(text);
}

static void test_catalog_from_file(const char* path) {
  carecompare_catalog *cat = (carecompare_catalog*)&sentinel, *builtin = NULL;
  char *a = NULL, *b = NULL;
  CHECK_OK(carecompare_catalog_from_file(&cat, path));
  /* The file is the source the builtin catalog is embedded from. */
  CHECK_OK(carecompare_catalog_builtin(&builtin));
  CHECK_OK(carecompare_catalog_to_json(&a, cat, -1));
  CHECK_OK(carecompare_catalog_to_json(&b, builtin, -1));
  CHECK(a != NULL && b != NULL && strcmp(a, b) == 0);
  carecompare_string_free(a);
  carecompare_string_free(b);
  carecompare_catalog_free(builtin);
  carecompare_catalog_free(cat);

  cat = (carecompare_catalog*)&sentinel;
  CHECK_FAILS(carecompare_catalog_from_file(&cat, "/nonexistent/carecompare-catalog.json"), CARECOMPARE_ERR_IO, "", 218,
              "/nonexistent/carecompare-catalog.json: ");
  CHECK(cat == NULL);
  CHECK_FAILS(carecompare_catalog_from_file(&cat, "."), CARECOMPARE_ERR_IO, "", 218, "is a directory");
  CHECK_FAILS(carecompare_catalog_from_file(&cat, ""), CARECOMPARE_ERR_IO, "", 218, NULL);
  CHECK_FAILS(carecompare_catalog_from_file(&cat, NULL), CARECOMPARE_ERR_INVALID_ARGUMENT, "", 0, "path");
  CHECK_FAILS(carecompare_catalog_from_file(NULL, path), CARECOMPARE_ERR_INVALID_ARGUMENT, "", 0, "out");
}

/* ---- Writing a catalog --------------------------------------------------------------------- */

/* `text` with its first `from` replaced by `to` (caller frees); NULL when `from` is not in it. */
static char* replaced(const char* text, const char* from, const char* to) {
  const char* at = strstr(text, from);
  char* out;
  if (at == NULL) return NULL;
  out = malloc(strlen(text) - strlen(from) + strlen(to) + 1);
  if (out == NULL) abort();
  memcpy(out, text, (size_t)(at - text));
  strcpy(out + (at - text), to);
  strcat(out, at + strlen(from));
  return out;
}

/* carecompare_catalog_check() of `text` with `flags` (8 as max grade); the document, or NULL. */
static char* checked_text(const char* text, unsigned flags) {
  char* out = (char*)&sentinel;
  CHECK_OK(carecompare_catalog_check(&out, text, strlen(text), flags, 8.0));
  return out == (char*)&sentinel ? NULL : out;
}

static void test_check(void) {
  const unsigned all = CARECOMPARE_CHECK_STRICT | CARECOMPARE_CHECK_READABILITY;
  char *text, *doc, *unknown, *never, *both, *hard, *buffer;
  char* out = (char*)&sentinel;
  size_t len;
  builtin_json(&text);
  if (text == NULL) return;

  /* The builtin catalog passes validate --strict --readability. */
  doc = checked_text(text, all);
  CHECK(contains(doc, "\"valid\": true") && contains(doc, "\"problems\": []") && contains(doc, "\"strategies\": 9"));
  CHECK(contains(doc, "\"pointer\": \"/rules/0/reason\""));
  carecompare_string_free(doc);
  doc = checked_text(text, 0);
  CHECK(contains(doc, "\"valid\": true") && contains(doc, "\"readability\": null"));
  carecompare_string_free(doc);
  /* Not NUL-terminated. */
  buffer = unterminated(text, &len);
  CHECK_OK(carecompare_catalog_check(&out, buffer, len, all, 8.0));
  CHECK(contains(out, "\"valid\": true"));
  carecompare_string_free(out);
  free(buffer);

  /* An error: the catalog does not load; the answer is the problem. */
  unknown = replaced(text, "\"show\":[\"clinical-trials\"]", "\"show\":[\"clinical-trial\"]");
  CHECK(unknown != NULL);
  if (unknown != NULL) {
    doc = checked_text(unknown, 0);
    CHECK(contains(doc, "\"valid\": false") && contains(doc, "\"strategies\": null"));
    CHECK(contains(doc, "\"id\": 210") && contains(doc, "\"level\": \"error\""));
    CHECK(contains(doc, "\"pointer\": \"/rules/10/show/0\"") && contains(doc, "known ids: systemic-therapy"));
    carecompare_string_free(doc);
  }
  /* A warning (a rule that never fires): valid, but not with CARECOMPARE_CHECK_STRICT. */
  never = replaced(text, "\"when\":true", "\"when\":false");
  CHECK(never != NULL);
  if (never != NULL) {
    doc = checked_text(never, 0);
    CHECK(contains(doc, "\"valid\": true") && contains(doc, "\"id\": 240") && contains(doc, "\"level\": \"warning\""));
    carecompare_string_free(doc);
    doc = checked_text(never, CARECOMPARE_CHECK_STRICT);
    CHECK(contains(doc, "\"valid\": false") && contains(doc, "\"level\": \"warning\""));
    carecompare_string_free(doc);
    /* Errors and warnings at once: the warnings of a catalog that does not load are there too. */
    both = replaced(never, "\"show\":[\"clinical-trials\"]", "\"show\":[\"clinical-trial\"]");
    CHECK(both != NULL);
    if (both != NULL) {
      doc = checked_text(both, 0);
      CHECK(contains(doc, "\"id\": 210") && contains(doc, "\"id\": 240") && contains(doc, "\"id\": 241"));
      CHECK(contains(doc, "\"level\": \"warning\"") && contains(doc, "\"valid\": false"));
      carecompare_string_free(doc);
      /* Graded though it does not load, and its hard texts warned about. */
      hard = replaced(both, "Regular checks are key to managing this cancer.",
                      "Individualized radiotherapeutic interventions necessitate comprehensive multidisciplinary "
                      "consultation.");
      CHECK(hard != NULL);
      if (hard != NULL) {
        doc = checked_text(hard, all);
        CHECK(contains(doc, "\"id\": 245") && contains(doc, "\"pointer\": \"/rules/11/reason\""));
        CHECK(contains(doc, "\"texts\": [") && contains(doc, "\"smog\""));
        carecompare_string_free(doc);
      }
      free(hard);
    }
    free(both);
  }
  free(never);
  free(unknown);

  /* A syntax error: its line and column; nothing to grade. */
  doc = checked_text("{\n  \"format\": ,\n}", all);
  CHECK(contains(doc, "\"id\": 201") && contains(doc, "\"line\": 2") && contains(doc, "\"column\": 13"));
  CHECK(contains(doc, "\"readability\": null") && contains(doc, "\"valid\": false"));
  carecompare_string_free(doc);
  out = (char*)&sentinel;
  CHECK_OK(carecompare_catalog_check(&out, text, 0, 0, 8.0));
  CHECK(contains(out, "\"id\": 201"));
  carecompare_string_free(out);

  /* Bad arguments. */
  out = (char*)&sentinel;
  CHECK_FAILS(carecompare_catalog_check(&out, NULL, 0, 0, 8.0), CARECOMPARE_ERR_INVALID_ARGUMENT, "", 0, "json");
  CHECK(out == NULL);
  CHECK_FAILS(carecompare_catalog_check(NULL, text, strlen(text), 0, 8.0), CARECOMPARE_ERR_INVALID_ARGUMENT, "", 0,
              "out");
  CHECK_FAILS(carecompare_catalog_check(&out, text, strlen(text), 4, 8.0), CARECOMPARE_ERR_INVALID_ARGUMENT, "", 0,
              "flags");
  CHECK_FAILS(carecompare_catalog_check(&out, text, strlen(text), CARECOMPARE_CHECK_READABILITY, NAN),
              CARECOMPARE_ERR_INVALID_ARGUMENT, "", 0, "max_grade");
  CHECK_OK(carecompare_catalog_check(&out, text, strlen(text), CARECOMPARE_CHECK_STRICT, NAN));
  carecompare_string_free(out);
  carecompare_string_free(text);
}

static void test_text_readability(void) {
  char* out = (char*)&sentinel;
  CHECK_OK(carecompare_text_readability(&out, "The cat sat. It is here!", CARECOMPARE_NUL_TERMINATED));
  CHECK(contains(out, "\"sentences\":2") && contains(out, "\"words\":6") && contains(out, "\"grade\":"));
  carecompare_string_free(out);
  CHECK_OK(carecompare_text_readability(&out, "one two three", 3)); /* only "one" */
  CHECK(contains(out, "\"words\":1"));
  carecompare_string_free(out);
  CHECK_OK(carecompare_text_readability(&out, "", 0));
  CHECK(contains(out, "\"words\":0"));
  carecompare_string_free(out);
  out = (char*)&sentinel;
  CHECK_FAILS(carecompare_text_readability(&out, NULL, 0), CARECOMPARE_ERR_INVALID_ARGUMENT, "", 0, "text");
  CHECK(out == NULL);
  CHECK_FAILS(carecompare_text_readability(NULL, "a", 1), CARECOMPARE_ERR_INVALID_ARGUMENT, "", 0, "out");
}

static void test_schema(void) {
  char* out = (char*)&sentinel;
  CHECK_OK(carecompare_catalog_schema(&out));
  CHECK(contains(out, "\"$schema\": \"https://json-schema.org/draft/2020-12/schema\""));
  CHECK(contains(out, "\"default\": \"Why shown\""));
  carecompare_string_free(out);
  CHECK_FAILS(carecompare_catalog_schema(NULL), CARECOMPARE_ERR_INVALID_ARGUMENT, "", 0, "out");
}

static void test_translation_template(const carecompare_catalog* cat) {
  char* out = (char*)&sentinel;
  carecompare_catalog* es = NULL;
  CHECK_OK(carecompare_translation_template(&out, cat, "es-MX"));
  CHECK(contains(out, "\"format\": \"carecompare.translation/1\"") && contains(out, "\"locale\": \"es-MX\""));
  CHECK(contains(out, "\"catalog\": \"metastatic-breast-cancer\"") && !contains(out, "\"reviewed\""));
  /* It is an overlay the catalog takes. */
  CHECK_OK(carecompare_catalog_with_translation(&es, cat, out, CARECOMPARE_NUL_TERMINATED));
  carecompare_catalog_free(es);
  carecompare_string_free(out);
  out = (char*)&sentinel;
  CHECK_FAILS(carecompare_translation_template(&out, cat, "not a tag"), CARECOMPARE_ERR_INVALID_CATALOG, "/locale", 215,
              "not a tag");
  CHECK(out == NULL);
  CHECK_FAILS(carecompare_translation_template(&out, cat, ""), CARECOMPARE_ERR_INVALID_CATALOG, "/locale", 0, NULL);
  CHECK_FAILS(carecompare_translation_template(&out, cat, NULL), CARECOMPARE_ERR_INVALID_ARGUMENT, "", 0, "locale");
  CHECK_FAILS(carecompare_translation_template(&out, NULL, "es"), CARECOMPARE_ERR_INVALID_ARGUMENT, "", 0, "catalog");
  CHECK_FAILS(carecompare_translation_template(NULL, cat, "es"), CARECOMPARE_ERR_INVALID_ARGUMENT, "", 0, "out");
}

/* ---- Filtering ----------------------------------------------------------------------------- */

static void test_translation(const carecompare_catalog* cat) {
  static const char overlay[] =
      "{\"format\": \"carecompare.translation/1\", \"catalog\": \"metastatic-breast-cancer\","
      " \"catalog_version\": \"1.0.0\", \"locale\": \"es\","
      " \"strategies\": {\"clinical-trials\": {\"name\": \"Ensayos cl\u00ednicos\"}}}";
  static const char unknown[] =
      "{\"format\": \"carecompare.translation/1\", \"catalog\": \"metastatic-breast-cancer\","
      " \"catalog_version\": \"1.0.0\", \"locale\": \"es\", \"strategies\": {\"homeopathy\": {\"name\": \"x\"}}}";
  carecompare_catalog* es = (carecompare_catalog*)&sentinel;
  char *coverage = NULL, *table = NULL;
  CHECK_OK(carecompare_catalog_translation_report(&coverage, cat));
  CHECK(coverage != NULL && strcmp(coverage, "null") == 0);
  carecompare_string_free(coverage);

  CHECK_OK(carecompare_catalog_with_translation(&es, cat, overlay, CARECOMPARE_NUL_TERMINATED));
  CHECK_OK(carecompare_catalog_translation_report(&coverage, es));
  CHECK(contains(coverage, "\"locale\":\"es\""));
  CHECK(contains(coverage, "\"translated\":1"));
  CHECK(contains(coverage, "\"reviewed\":false"));
  CHECK(contains(coverage, "/strategies/clinical-trials/purpose"));
  carecompare_string_free(coverage);
  CHECK_OK(carecompare_render(&table, es, "{\"format\": \"json\", \"only\": [\"clinical-trials\"]}",
                              CARECOMPARE_NUL_TERMINATED));
  CHECK(contains(table, "Ensayos cl\xc3\xadnicos"));
  CHECK(contains(table, "\"translation\""));
  carecompare_string_free(table);
  carecompare_catalog_free(es);

  es = (carecompare_catalog*)&sentinel;
  CHECK_FAILS(carecompare_catalog_with_translation(&es, cat, unknown, CARECOMPARE_NUL_TERMINATED),
              CARECOMPARE_ERR_INVALID_CATALOG, "/strategies/homeopathy", 252, "homeopathy");
  CHECK(es == NULL);
  CHECK_FAILS(carecompare_catalog_with_translation(&es, cat, "{", 1), CARECOMPARE_ERR_PARSE, "", 201, NULL);
  CHECK_FAILS(carecompare_catalog_with_translation(&es, cat, NULL, 0), CARECOMPARE_ERR_INVALID_ARGUMENT, "", 0,
              "overlay_json");
  CHECK_FAILS(carecompare_catalog_with_translation(&es, NULL, overlay, CARECOMPARE_NUL_TERMINATED),
              CARECOMPARE_ERR_INVALID_ARGUMENT, "", 0, "catalog");
}

/* Every label, the catalog's words or the English default; a translation's words once applied. */
static void test_labels(const carecompare_catalog* cat) {
  static const char overlay[] =
      "{\"format\": \"carecompare.translation/1\", \"catalog\": \"metastatic-breast-cancer\","
      " \"catalog_version\": \"1.0.0\", \"locale\": \"es\","
      " \"labels\": {\"question_sites\": \"D\u00f3nde est\u00e1\", \"shown\": \"Se ve ({score})\"}}";
  carecompare_catalog* es = NULL;
  char* labels = (char*)&sentinel;
  CHECK_OK(carecompare_catalog_labels(&labels, cat));
  CHECK(contains(labels, "\"question_sites\":\"Where the cancer has spread\"")); /* the catalog's own */
  CHECK(contains(labels, "\"question_goals\":\"What matters to you\""));         /* English defaults */
  CHECK(contains(labels, "\"shown\":\"Shown (score {score})\""));
  CHECK(contains(labels, "\"written_by\":\"Written by\""));
  carecompare_string_free(labels);

  CHECK_OK(carecompare_catalog_with_translation(&es, cat, overlay, CARECOMPARE_NUL_TERMINATED));
  CHECK_OK(carecompare_catalog_labels(&labels, es));
  CHECK(contains(labels, "\"question_sites\":\"D\xc3\xb3nde est\xc3\xa1\""));
  CHECK(contains(labels, "\"shown\":\"Se ve ({score})\""));
  CHECK(contains(labels, "\"question_symptoms\":\"Symptoms you have\""));
  carecompare_string_free(labels);
  carecompare_catalog_free(es);

  labels = (char*)&sentinel;
  CHECK_FAILS(carecompare_catalog_labels(&labels, NULL), CARECOMPARE_ERR_INVALID_ARGUMENT, "", 0, "catalog");
  CHECK_FAILS(carecompare_catalog_labels(NULL, cat), CARECOMPARE_ERR_INVALID_ARGUMENT, "", 0, "out");
}

static void test_filter(const carecompare_catalog* cat) {
  char *out = (char*)&sentinel, *buffer;
  size_t len;
  const char* padded = "{\"sites\": [\"bone\"], \"symptoms\": [\"pain\"]}GARBAGE";

  CHECK_OK(carecompare_filter(&out, cat, padded, strlen(padded) - strlen("GARBAGE")));
  CHECK(contains(out, "\"relevant\": ["));
  CHECK(contains(out, "\"id\": \"radiation-therapy\""));
  CHECK(contains(out, "\"id\": \"pain-management\""));
  CHECK(contains(out, "\"not_shown\": ["));
  CHECK(contains(out, "\"disclaimer\": \"This information is solely intended for informational purposes."));
  CHECK(contains(out, "\"sites\": [\n      \"bone\"\n    ]"));
  CHECK(out != NULL && out[strlen(out) - 1] == '}');
  carecompare_string_free(out);

  /* Explicit lengths: the bytes after `len` are not read (GARBAGE above, none at all here). */
  buffer = unterminated("{\"goals\":[\"stay-active\"]}", &len);
  CHECK_OK(carecompare_filter(&out, cat, buffer, len));
  CHECK(contains(out, "\"id\": \"physical-activity\""));
  carecompare_string_free(out);
  free(buffer);

  /* (NULL, 0): nothing stated; monitoring is for everyone. */
  CHECK_OK(carecompare_filter(&out, cat, NULL, 0));
  CHECK(contains(out, "\"sites\": []") && contains(out, "\"id\": \"monitoring\""));
  carecompare_string_free(out);
  CHECK_OK(carecompare_filter(&out, cat, "{}", 2));
  carecompare_string_free(out);

  /* Errors. */
  out = (char*)&sentinel;
  CHECK_FAILS(carecompare_filter(&out, cat, "{\"sites\": [\"bone\", \"knee\"]}", CARECOMPARE_NUL_TERMINATED),
              CARECOMPARE_ERR_INVALID_CIRCUMSTANCES, "/sites/1", 301,
              "[carecompare.circumstances.301] /sites/1: unknown sites id \"knee\"");
  CHECK(out == NULL);
  CHECK_FAILS(carecompare_filter(&out, cat, "{\"colour\": []}", CARECOMPARE_NUL_TERMINATED),
              CARECOMPARE_ERR_INVALID_CIRCUMSTANCES, "/colour", 303, NULL);
  CHECK_FAILS(carecompare_filter(&out, cat, "{\"sites\": \"bone\"}", CARECOMPARE_NUL_TERMINATED),
              CARECOMPARE_ERR_INVALID_CIRCUMSTANCES, "/sites", 302, NULL);
  CHECK_FAILS(carecompare_filter(&out, cat, "{\"facts\": {\"sites\": 1}}", CARECOMPARE_NUL_TERMINATED),
              CARECOMPARE_ERR_INVALID_CIRCUMSTANCES, "/facts/sites", 304, NULL);
  CHECK_FAILS(carecompare_filter(&out, cat, "{\"sites\": [\"bone\",]}", CARECOMPARE_NUL_TERMINATED),
              CARECOMPARE_ERR_PARSE, "", 101, "[carecompare.parse.101] circumstances_json: line 1, column 19: ");
  CHECK_FAILS(carecompare_filter(&out, cat, "", 0), CARECOMPARE_ERR_PARSE, "", 101, "circumstances_json");
  CHECK_FAILS(carecompare_filter(&out, cat, NULL, 4), CARECOMPARE_ERR_INVALID_ARGUMENT, "", 0, "circumstances_json");
  CHECK(out == NULL);
  CHECK_FAILS(carecompare_filter(&out, NULL, "{}", 2), CARECOMPARE_ERR_INVALID_ARGUMENT, "", 0, "catalog");
  CHECK_FAILS(carecompare_filter(NULL, cat, "{}", 2), CARECOMPARE_ERR_INVALID_ARGUMENT, "", 0, "carecompare_filter");
}

/* Lists open or not answered: the usual answers' fast reader declines the texts that say so and
 * the general reader reads them; both give one document for what they both read. */
static void test_filter_open_lists(const carecompare_catalog* cat) {
  char *out = (char*)&sentinel, *closed = NULL;
  const char* open =
      "{\"sites\": [\"bone\", \"liver\"], \"open\": [\"sites\", \"symptoms\"], "
      "\"not_answered\": [\"goals\"]}";
  CHECK_OK(carecompare_filter(&out, cat, open, CARECOMPARE_NUL_TERMINATED));
  CHECK(contains(out, "\"open\": [\n      \"sites\",\n      \"symptoms\"\n    ]"));
  CHECK(contains(out, "\"not_answered\": [\n      \"goals\"\n    ]"));
  CHECK(contains(out, "\"undecided\": ["));
  CHECK(contains(out, "\"label\": \"Symptoms you have\""));
  CHECK(contains(out, "\"label\": \"What matters to you\""));
  CHECK(contains(out, "\"id\": \"systemic-therapy\""));
  carecompare_string_free(out);
  /* The same answers closed (the fast reader's text, and the general reader's with "open": []). */
  CHECK_OK(carecompare_filter(&closed, cat, "{\"sites\": [\"bone\", \"liver\"]}", CARECOMPARE_NUL_TERMINATED));
  CHECK_OK(
      carecompare_filter(&out, cat, "{\"open\": [], \"sites\": [\"bone\", \"liver\"]}", CARECOMPARE_NUL_TERMINATED));
  CHECK(closed != NULL && out != NULL && strcmp(closed, out) == 0);
  CHECK(!contains(closed, "\"undecided\"") && !contains(closed, "\"open\""));
  carecompare_string_free(out);
  carecompare_string_free(closed);
  /* Errors, with their pointer and id. */
  CHECK_FAILS(carecompare_filter(&out, cat, "{\"open\": [\"symptom\"]}", CARECOMPARE_NUL_TERMINATED),
              CARECOMPARE_ERR_INVALID_CIRCUMSTANCES, "/open/0", 309, "did you mean \"symptoms\"");
  CHECK_FAILS(carecompare_filter(&out, cat, "{\"goals\": [\"stay-active\"], \"not_answered\": [\"goals\"]}",
                                 CARECOMPARE_NUL_TERMINATED),
              CARECOMPARE_ERR_INVALID_CIRCUMSTANCES, "/goals/0", 309, NULL);
  CHECK_FAILS(carecompare_filter(&out, cat, "{\"open\": \"sites\"}", CARECOMPARE_NUL_TERMINATED),
              CARECOMPARE_ERR_INVALID_CIRCUMSTANCES, "/open", 302, NULL);
  CHECK(out == NULL);
}

/* ---- Answers in a URL fragment ------------------------------------------------------------ */

static void test_fragments(const carecompare_catalog* cat) {
  char* out = (char*)&sentinel;
  size_t len;
  char* text;
  /* Written: lists, how they answer, in the core's spelling; (NULL, 0) is no answers. */
  CHECK_OK(carecompare_circumstances_to_fragment(
      &out, cat, "{\"sites\": [\"bone\", \"liver\"], \"symptoms\": [\"pain\"], \"open\": [\"symptoms\"]}",
      CARECOMPARE_NUL_TERMINATED));
  CHECK(out != NULL && strcmp(out, "sites=bone,liver&symptoms=pain&open=symptoms") == 0);
  carecompare_string_free(out);
  CHECK_OK(carecompare_circumstances_to_fragment(&out, cat, NULL, 0));
  CHECK(out != NULL && strcmp(out, "") == 0);
  carecompare_string_free(out);
  /* Refused as the filter refuses. */
  CHECK_FAILS(carecompare_circumstances_to_fragment(&out, cat, "{\"sites\": [\"elbow\"]}", CARECOMPARE_NUL_TERMINATED),
              CARECOMPARE_ERR_INVALID_CIRCUMSTANCES, "/sites/0", 301, "elbow");
  CHECK(out == NULL);
  CHECK_FAILS(carecompare_circumstances_to_fragment(&out, cat, "{\"sites\": ", CARECOMPARE_NUL_TERMINATED),
              CARECOMPARE_ERR_PARSE, NULL, 0, NULL);
  /* Read, from a text without its NUL: what cannot be used is left out with its id and pointer. */
  text = unterminated("sites=bone,lungs&not_answered=goals&colour=red&symptoms=%ZZ", &len);
  CHECK_OK(carecompare_circumstances_from_fragment(&out, cat, text, len));
  CHECK(contains(out, "\"sites\": [\n      \"bone\"\n    ]"));
  CHECK(contains(out, "\"not_answered\": [\n      \"goals\"\n    ]"));
  CHECK(contains(out, "\"id\": 301") && contains(out, "\"pointer\": \"/sites/1\""));
  CHECK(contains(out, "\"id\": 310") && contains(out, "\"pointer\": \"/colour\""));
  CHECK(contains(out, "\"pointer\": \"/symptoms/0\""));
  carecompare_string_free(out);
  free(text);
  CHECK_OK(carecompare_circumstances_from_fragment(&out, cat, "", 0));
  CHECK(contains(out, "\"left_out\": []"));
  carecompare_string_free(out);
  /* Told from an anchor. */
  CHECK(carecompare_circumstances_is_fragment("sites=bone", CARECOMPARE_NUL_TERMINATED) == 1);
  CHECK(carecompare_circumstances_is_fragment("open=sites&x", 10) == 1);
  CHECK(carecompare_circumstances_is_fragment("open=sites", 4) == 0); /* "open" alone */
  CHECK(carecompare_circumstances_is_fragment("top", CARECOMPARE_NUL_TERMINATED) == 0);
  CHECK(carecompare_circumstances_is_fragment(NULL, 0) == 0);
  /* NULL pointers. */
  out = (char*)&sentinel;
  CHECK_FAILS(carecompare_circumstances_to_fragment(NULL, cat, NULL, 0), CARECOMPARE_ERR_INVALID_ARGUMENT, NULL, 0,
              "carecompare_circumstances_to_fragment");
  CHECK_FAILS(carecompare_circumstances_to_fragment(&out, NULL, NULL, 0), CARECOMPARE_ERR_INVALID_ARGUMENT, NULL, 0,
              "catalog");
  CHECK(out == NULL);
  CHECK_FAILS(carecompare_circumstances_from_fragment(&out, cat, NULL, 0), CARECOMPARE_ERR_INVALID_ARGUMENT, NULL, 0,
              "fragment is NULL");
  CHECK_FAILS(carecompare_circumstances_from_fragment(&out, NULL, "sites=bone", CARECOMPARE_NUL_TERMINATED),
              CARECOMPARE_ERR_INVALID_ARGUMENT, NULL, 0, "catalog");
  CHECK_FAILS(carecompare_circumstances_from_fragment(NULL, cat, "sites=bone", CARECOMPARE_NUL_TERMINATED),
              CARECOMPARE_ERR_INVALID_ARGUMENT, NULL, 0, NULL);
}

/* ---- Health records (FHIR R4) --------------------------------------------------------------- */

/* A Bundle with two confirmed, active Conditions: bone (SNOMED CT) and liver (ICD-10-CM). */
static const char* const bone_and_liver =
    "{\"resourceType\": \"Bundle\", \"type\": \"collection\", \"entry\": ["
    "{\"resource\": {\"resourceType\": \"Condition\", \"id\": \"bone\", \"clinicalStatus\": {\"coding\": "
    "[{\"system\": \"http://terminology.hl7.org/CodeSystem/condition-clinical\", \"code\": \"active\"}]}, "
    "\"code\": {\"coding\": [{\"system\": \"http://snomed.info/sct\", \"code\": \"94222008\", "
    "\"display\": \"Secondary malignant neoplasm of bone\"}]}, \"subject\": {\"reference\": \"Patient/p\"}, "
    "\"onsetDateTime\": \"2024-03-01\"}},"
    "{\"resource\": {\"resourceType\": \"Condition\", \"id\": \"liver\", \"code\": {\"coding\": "
    "[{\"system\": \"http://hl7.org/fhir/sid/icd-10-cm\", \"code\": \"C78.7\"}]}, "
    "\"subject\": {\"reference\": \"Patient/p\"}}}]}";

/* The catalog as a FHIR PlanDefinition: one action per option with a FHIRPath condition; its url,
 * and the errors of a rule FHIRPath cannot say (505 at its pointer, or kept). */
static void test_plan_definition(const carecompare_catalog* cat) {
  char* out = (char*)&sentinel;
  carecompare_catalog* with_if = NULL;
  CHECK_OK(carecompare_fhir_plan_definition(&out, cat, NULL, 0));
  CHECK(contains(out, "\"resourceType\": \"PlanDefinition\"") && !contains(out, "/PlanDefinition/"));
  CHECK(contains(out, "\"language\": \"text/fhirpath\""));
  CHECK(contains(out, "\"title\": \"Radiation Therapy\""));
  carecompare_string_free(out);
  CHECK_OK(carecompare_fhir_plan_definition(&out, cat, "https://fhir.example.org", 0));
  CHECK(contains(out, "\"url\": \"https://fhir.example.org/PlanDefinition/metastatic-breast-cancer\""));
  carecompare_string_free(out);
  CHECK_FAILS(carecompare_fhir_plan_definition(&out, cat, "no url", 0), CARECOMPARE_ERR_INVALID_OPTIONS, "/base_url",
              604, "absolute URI");
  CHECK(out == NULL);
  CHECK_FAILS(carecompare_fhir_plan_definition(&out, cat, NULL, 2), CARECOMPARE_ERR_INVALID_ARGUMENT, NULL, 0, "flags");
  CHECK_FAILS(carecompare_fhir_plan_definition(NULL, cat, NULL, 0), CARECOMPARE_ERR_INVALID_ARGUMENT, NULL, 0,
              "carecompare_fhir_plan_definition");
  CHECK_FAILS(carecompare_fhir_plan_definition(&out, NULL, NULL, 0), CARECOMPARE_ERR_INVALID_ARGUMENT, NULL, 0,
              "catalog");
  /* A rule with `if`: error 505 at its node, or kept with the flag. */
  {
    char* doc = NULL;
    const char* from = "{\"in\":[\"pain\",{\"var\":\"symptoms\"}]}";
    char* at;
    CHECK_OK(carecompare_catalog_to_json(&doc, cat, -1));
    at = strstr(doc, from);
    CHECK(at != NULL);
    if (at != NULL) {
      const char* with = "{\"if\":[{\"in\":[\"pain\",{\"var\":\"symptoms\"}]},true,false]}";
      size_t head = (size_t)(at - doc), from_len = strlen(from), with_len = strlen(with), doc_len = strlen(doc);
      char* changed = (char*)malloc(doc_len - from_len + with_len + 1);
      memcpy(changed, doc, head);
      memcpy(changed + head, with, with_len);
      memcpy(changed + head + with_len, at + from_len, doc_len - head - from_len + 1);
      CHECK_OK(carecompare_catalog_from_json(&with_if, changed, strlen(changed)));
      free(changed);
      CHECK_FAILS(carecompare_fhir_plan_definition(&out, with_if, NULL, 0), CARECOMPARE_ERR_LOGIC, "/rules/3/when/if",
                  505, "operator \"if\"");
      CHECK_OK(carecompare_fhir_plan_definition(&out, with_if, NULL, CARECOMPARE_PLAN_KEEP_UNTRANSLATABLE));
      CHECK(contains(out, "\"valueBoolean\": false"));
      carecompare_string_free(out);
      carecompare_catalog_free(with_if);
    }
    carecompare_string_free(doc);
  }
}

static void test_fhir(const carecompare_catalog* cat) {
  char* out = (char*)&sentinel;
  size_t len;
  char* text;
  /* A good record, without its NUL: the answers, the evidence and the summary in reader words. */
  text = unterminated(bone_and_liver, &len);
  CHECK_OK(carecompare_fhir_read(&out, cat, text, len));
  CHECK(contains(out, "\"id\": \"bone\"") && contains(out, "\"id\": \"liver\""));
  CHECK(contains(out, "\"pointer\": \"/entry/0/resource\""));
  CHECK(contains(out, "\"resources\": 2"));
  CHECK(contains(out, "\"summary\": \"From the health record:"));
  CHECK(contains(out, "Secondary malignant neoplasm of bone, 2024-03-01"));
  carecompare_string_free(out);
  /* Filtered: open lists of what it names, each shown option's reasons citing the record. */
  CHECK_OK(carecompare_fhir_filter(&out, cat, text, len, NULL, 0));
  CHECK(contains(out, "\"open\": [\n      \"sites\",\n      \"symptoms\"\n    ]"));
  CHECK(contains(out, "\"id\": \"systemic-therapy\""));
  CHECK(contains(out,
                 "\"from_record\": \"From the health record: Where the cancer has spread: bones (Secondary "
                 "malignant neoplasm of bone, 2024-03-01).\""));
  CHECK(contains(out, "\"record\": {"));
  CHECK(contains(out, "\"undecided\": ["));
  carecompare_string_free(out);
  /* What the person adds closes the lists it gives. */
  CHECK_OK(carecompare_fhir_filter(&out, cat, text, len, "{\"symptoms\": [\"pain\"]}", CARECOMPARE_NUL_TERMINATED));
  CHECK(contains(out, "\"open\": [\n      \"sites\"\n    ]"));
  carecompare_string_free(out);
  free(text);
  /* Bad records: their status, id, JSON Pointer and words. */
  CHECK_FAILS(carecompare_fhir_read(&out, cat, "{\"resourceType\": ", CARECOMPARE_NUL_TERMINATED),
              CARECOMPARE_ERR_PARSE, NULL, 701, "line 1");
  CHECK(out == NULL);
  CHECK_FAILS(carecompare_fhir_read(&out, cat, "{\"id\": \"x\"}", CARECOMPARE_NUL_TERMINATED),
              CARECOMPARE_ERR_INVALID_RECORD, "/id", 704, "prefetch");
  CHECK_FAILS(carecompare_fhir_read(&out, cat, "3", CARECOMPARE_NUL_TERMINATED), CARECOMPARE_ERR_INVALID_RECORD, "",
              704, "resourceType");
  CHECK_FAILS(
      carecompare_fhir_read(&out, cat, "{\"resourceType\": \"Bundle\", \"entry\": {}}", CARECOMPARE_NUL_TERMINATED),
      CARECOMPARE_ERR_INVALID_RECORD, "/entry", 705, NULL);
  CHECK_FAILS(carecompare_fhir_read(&out, cat, "[{\"resourceType\": \"Condition\"}, 3]", CARECOMPARE_NUL_TERMINATED),
              CARECOMPARE_ERR_INVALID_RECORD, "/1", 704, NULL);
  CHECK_FAILS(carecompare_fhir_filter(&out, cat, "{\"resourceType\": \"Bundle\", \"entry\": 1}",
                                      CARECOMPARE_NUL_TERMINATED, NULL, 0),
              CARECOMPARE_ERR_INVALID_RECORD, "/entry", 705, NULL);
  /* The person's answers are checked as the filter checks them. */
  CHECK_FAILS(carecompare_fhir_filter(&out, cat, bone_and_liver, CARECOMPARE_NUL_TERMINATED, "{\"sites\": [\"elbow\"]}",
                                      CARECOMPARE_NUL_TERMINATED),
              CARECOMPARE_ERR_INVALID_CIRCUMSTANCES, "/sites/0", 301, "elbow");
  CHECK(out == NULL);
  /* A resource broken in itself is a problem, never an error for the whole record. */
  CHECK_OK(carecompare_fhir_read(&out, cat,
                                 "[{\"resourceType\": \"Condition\", \"id\": \"x\", \"subject\": {\"reference\": "
                                 "\"Patient/p\"}}]",
                                 CARECOMPARE_NUL_TERMINATED));
  CHECK(contains(out, "\"problems\": [\n    {") && contains(out, "\"pointer\": \"/0\""));
  carecompare_string_free(out);
  /* NULL pointers: each named. */
  out = (char*)&sentinel;
  CHECK_FAILS(carecompare_fhir_read(NULL, cat, bone_and_liver, CARECOMPARE_NUL_TERMINATED),
              CARECOMPARE_ERR_INVALID_ARGUMENT, NULL, 0, "carecompare_fhir_read");
  CHECK_FAILS(carecompare_fhir_read(&out, NULL, bone_and_liver, CARECOMPARE_NUL_TERMINATED),
              CARECOMPARE_ERR_INVALID_ARGUMENT, NULL, 0, "catalog");
  CHECK(out == NULL);
  CHECK_FAILS(carecompare_fhir_read(&out, cat, NULL, 0), CARECOMPARE_ERR_INVALID_ARGUMENT, NULL, 0,
              "record_json is NULL");
  CHECK_FAILS(carecompare_fhir_filter(NULL, cat, bone_and_liver, CARECOMPARE_NUL_TERMINATED, NULL, 0),
              CARECOMPARE_ERR_INVALID_ARGUMENT, NULL, 0, "carecompare_fhir_filter");
  CHECK_FAILS(carecompare_fhir_filter(&out, NULL, bone_and_liver, CARECOMPARE_NUL_TERMINATED, NULL, 0),
              CARECOMPARE_ERR_INVALID_ARGUMENT, NULL, 0, "catalog");
  CHECK_FAILS(carecompare_fhir_filter(&out, cat, NULL, 0, NULL, 0), CARECOMPARE_ERR_INVALID_ARGUMENT, NULL, 0,
              "record_json is NULL");
  CHECK_FAILS(carecompare_fhir_filter(&out, cat, bone_and_liver, CARECOMPARE_NUL_TERMINATED, NULL, 5),
              CARECOMPARE_ERR_INVALID_ARGUMENT, NULL, 0, "circumstances_json");
  CHECK(out == NULL);
}

/* `json` without the whitespace between its tokens (a malloc'd copy). */
static char* without_whitespace(const char* json) {
  char* out = (char*)malloc(strlen(json) + 1);
  char* w = out;
  int in_string = 0;
  if (out == NULL) return NULL;
  for (const char* p = json; *p != '\0'; ++p) {
    if (in_string) {
      *w++ = *p;
      if (*p == '\\' && p[1] != '\0') {
        *w++ = *++p;
      } else if (*p == '"') {
        in_string = 0;
      }
    } else if (*p == '"') {
      *w++ = *p;
      in_string = 1;
    } else if (*p != ' ' && *p != '\n' && *p != '\t' && *p != '\r') {
      *w++ = *p;
    }
  }
  *w = '\0';
  return out;
}

/* The compact document: carecompare_filter()'s without its whitespace, and its length. */
static void test_filter_compact(const carecompare_catalog* cat) {
  const char* const answers[] = {"{\"sites\": [\"bone\"], \"symptoms\": [\"pain\"]}", "{}",
                                 "{\"sites\": [\"bone\", \"brain\"], \"goals\": [\"stay-active\"]}"};
  char *out = (char*)&sentinel, *indented = NULL, *stripped;
  size_t out_len = 12345, i;

  for (i = 0; i < sizeof answers / sizeof answers[0]; ++i) {
    CHECK_OK(carecompare_filter_compact(&out, &out_len, cat, answers[i], CARECOMPARE_NUL_TERMINATED));
    CHECK_OK(carecompare_filter(&indented, cat, answers[i], CARECOMPARE_NUL_TERMINATED));
    stripped = without_whitespace(indented);
    CHECK(out != NULL && stripped != NULL && strcmp(out, stripped) == 0);
    CHECK(out != NULL && out_len == strlen(out));
    free(stripped);
    carecompare_string_free(indented);
    carecompare_string_free(out);
  }
  /* The length is optional; (NULL, 0) states nothing. */
  CHECK_OK(carecompare_filter_compact(&out, NULL, cat, NULL, 0));
  CHECK(contains(out, "\"sites\":[]") && contains(out, "\"id\":\"monitoring\""));
  carecompare_string_free(out);

  /* Errors: out stays NULL and the length 0. */
  out = (char*)&sentinel;
  out_len = 12345;
  CHECK_FAILS(carecompare_filter_compact(&out, &out_len, cat, "{\"sites\": [\"knee\"]}", CARECOMPARE_NUL_TERMINATED),
              CARECOMPARE_ERR_INVALID_CIRCUMSTANCES, "/sites/0", 301, "unknown sites id \"knee\"");
  CHECK(out == NULL && out_len == 0);
  CHECK_FAILS(carecompare_filter_compact(&out, &out_len, cat, "{\"sites\": [\"bone\",]}", CARECOMPARE_NUL_TERMINATED),
              CARECOMPARE_ERR_PARSE, "", 101, "circumstances_json");
  CHECK_FAILS(carecompare_filter_compact(&out, &out_len, cat, "", 0), CARECOMPARE_ERR_PARSE, "", 101,
              "circumstances_json");
  CHECK_FAILS(carecompare_filter_compact(&out, &out_len, cat, NULL, 4), CARECOMPARE_ERR_INVALID_ARGUMENT, "", 0,
              "circumstances_json");
  CHECK_FAILS(carecompare_filter_compact(&out, &out_len, NULL, "{}", 2), CARECOMPARE_ERR_INVALID_ARGUMENT, "", 0,
              "catalog");
  CHECK(out == NULL && out_len == 0);
  CHECK_FAILS(carecompare_filter_compact(NULL, &out_len, cat, "{}", 2), CARECOMPARE_ERR_INVALID_ARGUMENT, "", 0,
              "carecompare_filter_compact");
}

/* A fact nobody answered: the option a rule reading it would show is undecided, in the result's
 * JSON and in its tables, and no reason is stated for it. */
static void test_undecided(void) {
  static const char facts[] =
      "\"facts\":[{\"id\":\"pain_score\",\"type\":\"number\",\"label\":\"Pain score\",\"description\":\"0 to 10\"}],";
  static const char rule[] =
      "{\"id\":\"mild-pain\",\"description\":\"Pain score is below 4\",\"when\":{\"<\":[{\"var\":\"pain_score\"},4]},"
      "\"show\":[\"physical-activity\"],\"reason\":\"Your pain is mild.\"},";
  carecompare_catalog* cat = NULL;
  char *text = NULL, *doc, *rules, *out = NULL;
  size_t head;
  builtin_json(&text);
  rules = text ? strstr(text, "\"rules\":[") : NULL;
  CHECK(rules != NULL);
  if (rules == NULL) {
    carecompare_string_free(text);
    return;
  }
  /* {facts, the builtin catalog's keys up to its rules, the rule, the builtin rules...} */
  doc = malloc(strlen(text) + sizeof facts + sizeof rule);
  if (doc == NULL) abort();
  head = (size_t)(rules - text) + strlen("\"rules\":[");
  strcpy(doc, "{");
  strcat(doc, facts);
  strncat(doc, text + 1, head - 1);
  strcat(doc, rule);
  strcat(doc, text + head);
  CHECK_OK(carecompare_catalog_from_json(&cat, doc, CARECOMPARE_NUL_TERMINATED));
  if (cat != NULL) {
    CHECK_OK(carecompare_filter(&out, cat, "{\"sites\":[\"liver\"]}", CARECOMPARE_NUL_TERMINATED));
    /* "undecided" is the document's last key: what follows it is its list. */
    CHECK(out != NULL && strstr(out, "\"undecided\": [") != NULL &&
          strstr(strstr(out, "\"undecided\": ["), "\"id\": \"physical-activity\"") != NULL);
    CHECK(contains(out, "\"not_answered\": [\n    \"pain_score\"\n  ]"));
    CHECK(!contains(out, "Your pain is mild."));
    carecompare_string_free(out);
    CHECK_OK(carecompare_filter(&out, cat, "{\"sites\":[\"liver\"],\"facts\":{\"pain_score\":2}}",
                                CARECOMPARE_NUL_TERMINATED));
    CHECK(contains(out, "Your pain is mild.") && contains(out, "\"undecided\": []"));
    carecompare_string_free(out);
    CHECK_OK(carecompare_render(&out, cat, "{\"format\":\"markdown\",\"circumstances\":{\"sites\":[\"liver\"]}}",
                                CARECOMPARE_NUL_TERMINATED));
    CHECK(contains(out, "Depends on what you have not answered") && contains(out, "Pain score"));
    carecompare_string_free(out);
    carecompare_catalog_free(cat);
  }
  free(doc);
  carecompare_string_free(text);
}

/* ---- Rendering ----------------------------------------------------------------------------- */

static void render_ok(const carecompare_catalog* cat, const char* options, const char* needle1, const char* needle2) {
  char* out = NULL;
  int rc = carecompare_render(&out, cat, options, options ? strlen(options) : 0);
  ++checks;
  if (rc != CARECOMPARE_OK || !contains(out, needle1) || (needle2 && !contains(out, needle2))) {
    report(__FILE__, __LINE__, "carecompare_render: unexpected result");
    fprintf(stderr, "  options %s: status %d, expected \"%s\" and \"%s\" in:\n%.600s\n", options ? options : "NULL", rc,
            needle1, needle2 ? needle2 : "", out ? out : "(null)");
  }
  carecompare_string_free(out);
}

static void test_render(const carecompare_catalog* cat) {
  char *out = (char*)&sentinel, *buffer;
  size_t len;

  render_ok(cat, NULL, "| Care Strategy | Purpose | Common Use Cases |",
            "| Systemic Therapy | Targets cancer cells system-wide | Used when cancer has spread to multiple areas |");
  render_ok(cat, "{}", "| Care Strategy |", "informational purposes");
  render_ok(cat, "{\"format\": \"md\", \"only\": [\"nutrition\"]}", "| Nutritional Support |", NULL);
  render_ok(cat, "{\"format\": \"html\"}", "<table", NULL);
  render_ok(cat, "{\"format\": \"html\", \"full_page\": true}", "<!DOCTYPE html>", "<html lang=\"en\"");
  render_ok(cat, "{\"format\": \"text\", \"width\": 60}", "Care Strategy", NULL);
  render_ok(cat, "{\"format\": \"CSV\", \"columns\": [\"id\", \"name=Option\"]}", "ID,Option\r\n", "systemic-therapy");
  render_ok(cat, "{\"format\": \"json\", \"columns\": [\"name\"], \"only\": [\"monitoring\"]}", "\"columns\": [",
            "\"id\": \"monitoring\"");
  render_ok(cat, "{\"circumstances\": {\"sites\": [\"bone\"], \"symptoms\": [\"pain\"]}}", "| Why shown |",
            "| Radiation Therapy |");
  render_ok(cat, "{\"circumstances\": {\"sites\": [\"bone\"]}, \"include_not_shown\": true, \"format\": \"text\"}",
            "Not shown", NULL);
  render_ok(cat, "{\"circumstances\": {}, \"columns\": [\"name\", \"score\"]}", "| Regular Monitoring | 1 |", NULL);

  /* Not NUL-terminated. */
  buffer = unterminated("{\"format\": \"csv\"}", &len);
  CHECK_OK(carecompare_render(&out, cat, buffer, len));
  CHECK(contains(out, "Care Strategy,Purpose,Common Use Cases\r\n"));
  carecompare_string_free(out);
  free(buffer);

  /* Strict options: unknown keys and wrong types, each with its JSON Pointer. */
  out = (char*)&sentinel;
  CHECK_FAILS(carecompare_render(&out, cat, "{\"colour\": \"red\"}", CARECOMPARE_NUL_TERMINATED),
              CARECOMPARE_ERR_INVALID_OPTIONS, "/colour", 604, "[carecompare.render.604] /colour: unknown option");
  CHECK(out == NULL);
  CHECK_FAILS(carecompare_render(&out, cat, "{\"width\": \"wide\"}", CARECOMPARE_NUL_TERMINATED),
              CARECOMPARE_ERR_INVALID_OPTIONS, "/width", 604, "/width: expected a non-negative integer, got a string");
  CHECK_FAILS(carecompare_render(&out, cat, "{\"width\": -3}", CARECOMPARE_NUL_TERMINATED),
              CARECOMPARE_ERR_INVALID_OPTIONS, "/width", 604, NULL);
  CHECK_FAILS(carecompare_render(&out, cat, "{\"format\": \"text\", \"width\": 5}", CARECOMPARE_NUL_TERMINATED),
              CARECOMPARE_ERR_INVALID_OPTIONS, "/width", 604, "/width: text width 5");
  CHECK_FAILS(carecompare_render(&out, cat, "{\"format\": \"pdf\"}", CARECOMPARE_NUL_TERMINATED),
              CARECOMPARE_ERR_INVALID_OPTIONS, "/format", 603, "unknown format \"pdf\"");
  CHECK_FAILS(carecompare_render(&out, cat, "{\"format\": 1}", CARECOMPARE_NUL_TERMINATED),
              CARECOMPARE_ERR_INVALID_OPTIONS, "/format", 604, NULL);
  CHECK_FAILS(carecompare_render(&out, cat, "{\"full_page\": 1}", CARECOMPARE_NUL_TERMINATED),
              CARECOMPARE_ERR_INVALID_OPTIONS, "/full_page", 604, NULL);
  CHECK_FAILS(carecompare_render(&out, cat, "{\"columns\": [\"name\", 7]}", CARECOMPARE_NUL_TERMINATED),
              CARECOMPARE_ERR_INVALID_OPTIONS, "/columns/1", 604, NULL);
  CHECK_FAILS(carecompare_render(&out, cat, "{\"columns\": [\"nope\"]}", CARECOMPARE_NUL_TERMINATED),
              CARECOMPARE_ERR_INVALID_OPTIONS, "/columns", 601,
              "[carecompare.render.601] /columns: unknown column field \"nope\"");
  CHECK_FAILS(carecompare_render(&out, cat, "{\"columns\": [\"name\", \"name\"]}", CARECOMPARE_NUL_TERMINATED),
              CARECOMPARE_ERR_INVALID_OPTIONS, "/columns", 604, "appears twice");
  CHECK_FAILS(carecompare_render(&out, cat, "{\"only\": [\"nutrition\", \"surgery\"]}", CARECOMPARE_NUL_TERMINATED),
              CARECOMPARE_ERR_INVALID_OPTIONS, "/only/1", 602, "\"surgery\"");
  CHECK_FAILS(carecompare_render(&out, cat, "{\"only\": \"nutrition\"}", CARECOMPARE_NUL_TERMINATED),
              CARECOMPARE_ERR_INVALID_OPTIONS, "/only", 604, NULL);
  CHECK_FAILS(carecompare_render(&out, cat, "{\"include_not_shown\": true}", CARECOMPARE_NUL_TERMINATED),
              CARECOMPARE_ERR_INVALID_OPTIONS, "/include_not_shown", 604, NULL);
  CHECK_FAILS(carecompare_render(&out, cat, "[]", 2), CARECOMPARE_ERR_INVALID_OPTIONS, "", 604, "got an array");
  CHECK_FAILS(carecompare_render(&out, cat, "{\"a~b/c\": 1}", CARECOMPARE_NUL_TERMINATED),
              CARECOMPARE_ERR_INVALID_OPTIONS, "/a~0b~1c", 604, NULL);
  /* Circumstances inside the options: pointers into the options. */
  CHECK_FAILS(carecompare_render(&out, cat, "{\"circumstances\": {\"sites\": [\"knee\"]}}", CARECOMPARE_NUL_TERMINATED),
              CARECOMPARE_ERR_INVALID_CIRCUMSTANCES, "/circumstances/sites/0", 301,
              "[carecompare.circumstances.301] /circumstances/sites/0: unknown sites id \"knee\"");
  CHECK_FAILS(carecompare_render(&out, cat, "{\"circumstances\": {\"goals\": [1]}}", CARECOMPARE_NUL_TERMINATED),
              CARECOMPARE_ERR_INVALID_CIRCUMSTANCES, "/circumstances/goals/0", 302, NULL);
  CHECK_FAILS(carecompare_render(&out, cat, "{\"circumstances\": []}", CARECOMPARE_NUL_TERMINATED),
              CARECOMPARE_ERR_INVALID_CIRCUMSTANCES, "/circumstances", 302, NULL);
  /* Syntax, NULLs. */
  CHECK_FAILS(carecompare_render(&out, cat, "{\"format\" \"md\"}", CARECOMPARE_NUL_TERMINATED), CARECOMPARE_ERR_PARSE,
              "", 101, "options_json: line 1, column 11");
  CHECK_FAILS(carecompare_render(&out, cat, "{}", 0), CARECOMPARE_ERR_PARSE, "", 101, NULL);
  CHECK_FAILS(carecompare_render(&out, cat, NULL, 1), CARECOMPARE_ERR_INVALID_ARGUMENT, "", 0, "options_json");
  CHECK_FAILS(carecompare_render(&out, NULL, NULL, 0), CARECOMPARE_ERR_INVALID_ARGUMENT, "", 0, "catalog");
  CHECK_FAILS(carecompare_render(NULL, cat, NULL, 0), CARECOMPARE_ERR_INVALID_ARGUMENT, "", 0, "carecompare_render");
  CHECK(out == NULL);
}

/* ---- JsonLogic ----------------------------------------------------------------------------- */

static void apply_ok(const char* rule, const char* data, const char* expected) {
  char* out = NULL;
  int rc = carecompare_logic_apply(&out, rule, strlen(rule), data, data ? strlen(data) : 0);
  ++checks;
  if (rc != CARECOMPARE_OK || out == NULL || strcmp(out, expected) != 0) {
    report(__FILE__, __LINE__, "carecompare_logic_apply: unexpected result");
    fprintf(stderr, "  %s applied to %s: status %d, \"%s\", expected \"%s\"\n", rule, data ? data : "NULL", rc,
            out ? out : "(null)", expected);
  }
  carecompare_string_free(out);
}

static void test_logic_apply(void) {
  char *out = (char*)&sentinel, *rule, *data;
  size_t rule_len, data_len;

  apply_ok("{\"+\": [1, \"2\"]}", NULL, "3");
  apply_ok("{\"var\": \"a\"}", NULL, "null");
  apply_ok("{\"var\": \"a\"}", "{\"a\": [1, 2]}", "[1,2]");
  apply_ok("{\"cat\": [\"a\", 1.5]}", "null", "\"a1.5\"");
  apply_ok("{\"in\": [\"bone\", {\"var\": \"sites\"}]}", "{\"sites\": [\"bone\"]}", "true");
  apply_ok("{\"and\": []}", NULL, "null");
  apply_ok("{\"/\": [1, 0]}", NULL, "null");

  rule = unterminated("{\"if\": [{\"<\": [{\"var\": \"n\"}, 2]}, \"few\", \"many\"]}", &rule_len);
  data = unterminated("{\"n\": 5}", &data_len);
  CHECK_OK(carecompare_logic_apply(&out, rule, rule_len, data, data_len));
  CHECK(out != NULL && strcmp(out, "\"many\"") == 0);
  carecompare_string_free(out);
  free(rule);
  free(data);
  CHECK_OK(carecompare_logic_apply(&out, "{\"var\": 0}XX", 10, "[7]XX", 3));
  CHECK(out != NULL && strcmp(out, "7") == 0);
  carecompare_string_free(out);

  out = (char*)&sentinel;
  CHECK_FAILS(carecompare_logic_apply(&out, "{\"and\": [true, {\"nope\": 1}]}", CARECOMPARE_NUL_TERMINATED, NULL, 0),
              CARECOMPARE_ERR_LOGIC, "/and/1", 501, "[carecompare.logic.501] /and/1: ");
  CHECK(out == NULL);
  CHECK_FAILS(carecompare_logic_apply(&out, "{\"*\": []}", CARECOMPARE_NUL_TERMINATED, NULL, 0), CARECOMPARE_ERR_LOGIC,
              "", 502, NULL);
  CHECK_FAILS(carecompare_logic_apply(&out, "{\"var\": ", CARECOMPARE_NUL_TERMINATED, NULL, 0), CARECOMPARE_ERR_PARSE,
              "", 101, "[carecompare.parse.101] rule_json: line 1, column 9");
  CHECK_FAILS(carecompare_logic_apply(&out, "{\"var\": \"a\"}", CARECOMPARE_NUL_TERMINATED, "{\n\"a\": nope}", 12),
              CARECOMPARE_ERR_PARSE, "", 101, "data_json: line 2, column ");
  CHECK_FAILS(carecompare_logic_apply(&out, "{}", 0, NULL, 0), CARECOMPARE_ERR_PARSE, "", 101, "rule_json");
  CHECK_FAILS(carecompare_logic_apply(&out, "{}", 2, "{}", 0), CARECOMPARE_ERR_PARSE, "", 101, "data_json");
  CHECK_FAILS(carecompare_logic_apply(&out, NULL, 0, NULL, 0), CARECOMPARE_ERR_INVALID_ARGUMENT, "", 0, "rule_json");
  CHECK_FAILS(carecompare_logic_apply(&out, "{}", 2, NULL, 2), CARECOMPARE_ERR_INVALID_ARGUMENT, "", 0, "data_json");
  CHECK_FAILS(carecompare_logic_apply(NULL, "{}", 2, NULL, 0), CARECOMPARE_ERR_INVALID_ARGUMENT, "", 0,
              "carecompare_logic_apply");
  CHECK(out == NULL);
}

/* Every set of passes gives the results of the rule as written, errors included; a text that
 * names no passes is refused with the names listed. */
static void test_logic_apply_passes(void) {
  static const char* const passes[] = {NULL, "all", "none", "constant_fold", "text_set", "text_set,constant_fold"};
  static const char* const bad[] = {"", "fold", "constant_fold,", ",text_set", "All", "none,text_set", "text_set "};
  /* `in` among many literal texts (text_set) beside literal arithmetic (constant_fold). */
  const char* rule =
      "{\"if\": [{\"in\": [{\"var\": \"site\"}, [\"a\", \"b\", \"c\", \"d\", \"e\", \"f\", \"g\", "
      "\"bone\"]]}, {\"+\": [1, 2]}, {\"cat\": [\"no \", {\"var\": \"site\"}]}]}";
  char* out = (char*)&sentinel;
  size_t i;
  for (i = 0; i < sizeof passes / sizeof *passes; ++i) {
    CHECK_OK(carecompare_logic_apply_passes(&out, rule, CARECOMPARE_NUL_TERMINATED, "{\"site\": \"bone\"}",
                                            CARECOMPARE_NUL_TERMINATED, passes[i]));
    CHECK(out != NULL && strcmp(out, "3") == 0);
    carecompare_string_free(out);
    CHECK_OK(carecompare_logic_apply_passes(&out, rule, CARECOMPARE_NUL_TERMINATED, "{\"site\": \"liver\"}",
                                            CARECOMPARE_NUL_TERMINATED, passes[i]));
    CHECK(out != NULL && strcmp(out, "\"no liver\"") == 0);
    carecompare_string_free(out);
    out = (char*)&sentinel;
    CHECK_FAILS(carecompare_logic_apply_passes(&out, "{\"and\": [true, {\"+\": [1, {\"nope\": 1}]}]}",
                                               CARECOMPARE_NUL_TERMINATED, NULL, 0, passes[i]),
                CARECOMPARE_ERR_LOGIC, "/and/1/+/1", 501, "[carecompare.logic.501] /and/1/+/1: ");
    CHECK(out == NULL);
  }
  for (i = 0; i < sizeof bad / sizeof *bad; ++i) {
    CHECK_FAILS(carecompare_logic_apply_passes(&out, "{\"+\": [1, 2]}", CARECOMPARE_NUL_TERMINATED, NULL, 0, bad[i]),
                CARECOMPARE_ERR_INVALID_ARGUMENT, "", 0,
                "is not all, none, or names of passes separated by commas: constant_fold, text_set, var_slots, bind");
    CHECK(out == NULL);
  }
  /* The text is quoted as it came, but safe to print: an invalid byte as \xNN. */
  CHECK_FAILS(carecompare_logic_apply_passes(&out, "{\"+\": [1, 2]}", CARECOMPARE_NUL_TERMINATED, NULL, 0, "a\xFF"),
              CARECOMPARE_ERR_INVALID_ARGUMENT, "", 0, "passes: \"a\\xFF\" is not all");
  CHECK_FAILS(carecompare_logic_apply_passes(NULL, "{}", 2, NULL, 0, "none"), CARECOMPARE_ERR_INVALID_ARGUMENT, "", 0,
              "carecompare_logic_apply_passes");
  CHECK_FAILS(carecompare_logic_apply_passes(&out, NULL, 0, NULL, 0, "none"), CARECOMPARE_ERR_INVALID_ARGUMENT, "", 0,
              "rule_json");
  CHECK(out == NULL);
}

/* ---- Hostile texts and the limits ---------------------------------------------------------- */

/* `count` copies of `open` followed by `count` copies of `close`, in a heap buffer without a
 * NUL (length in *len). */
static char* nested(const char* open, const char* close, size_t count, size_t* len) {
  size_t o = strlen(open), c = strlen(close), i;
  char* out;
  *len = count * (o + c);
  out = malloc(*len);
  if (out == NULL) abort();
  for (i = 0; i < count; ++i) memcpy(out + i * o, open, o);
  for (i = 0; i < count; ++i) memcpy(out + count * o + i * c, close, c);
  return out;
}

/* `head`, then `size` bytes of 'x', then `tail`, without a NUL (length in *len). */
static char* padded(const char* head, size_t size, const char* tail, size_t* len) {
  size_t h = strlen(head), t = strlen(tail);
  char* out;
  *len = h + size + t;
  out = malloc(*len);
  if (out == NULL) abort();
  memcpy(out, head, h);
  memset(out + h, 'x', size);
  memcpy(out + h + size, tail, t);
  return out;
}

/* A 50 MB string: within the 64 MiB document limit, so parsed; then an ordinary error. Past
 * 64 MiB: refused unparsed. (Skipped when CARECOMPARE_TEST_SKIP_BIG is set: under valgrind
 * these take minutes; the plain and ASan runs cover them.) */
static void test_big_texts(const carecompare_catalog* cat) {
  carecompare_catalog* loaded = NULL;
  char *out = NULL, *big;
  size_t len;
  big = padded("{\"sites\": [\"", 50u << 20, "\"]}", &len);
  CHECK_FAILS(carecompare_filter(&out, cat, big, len), CARECOMPARE_ERR_INVALID_CIRCUMSTANCES, "/sites/0", 301,
              "unknown sites id");
  free(big);
  big = padded("{\"format\": \"carecompare.catalog/1\", \"title\": \"", 50u << 20, "\"}", &len);
  CHECK_FAILS(carecompare_catalog_from_json(&loaded, big, len), CARECOMPARE_ERR_INVALID_CATALOG, NULL, 0,
              "/title: text of 52428800 bytes is longer than the limit of 65536 bytes (limits::max_text_bytes)");
  free(big);
  big = padded("[\"", 50u << 20, "\"]", &len);
  CHECK_OK(carecompare_logic_apply(&out, "{\"var\": 0}", CARECOMPARE_NUL_TERMINATED, big, len));
  CHECK(out != NULL && strlen(out) == (50u << 20) + 2);
  carecompare_string_free(out);
  free(big);
  big = padded("\"", (64u << 20) - 1, "\"", &len);
  CHECK_FAILS(carecompare_logic_apply(&out, big, len, NULL, 0), CARECOMPARE_ERR_PARSE, "", 102,
              "document of 67108865 bytes is larger than the limit of 67108864 bytes (limits::max_document_bytes)");
  CHECK_FAILS(carecompare_catalog_from_json(&loaded, big, len), CARECOMPARE_ERR_PARSE, "", 202, "max_document_bytes");
  free(big);
}

static void test_limits_and_hostile_texts(const carecompare_catalog* cat) {
  carecompare_catalog* loaded = (carecompare_catalog*)&sentinel;
  char *out = (char*)&sentinel, *deep;
  char rule[129 * 6 + 8], text[128];
  size_t len, i, k = 0;
  /* Strings no JSON text may hold: lone surrogates (escaped or encoded), invalid UTF-8. */
  static const char* const bad_strings[] = {"\"\\ud800\"", "\"\\udc00x\"", "\"\xED\xA0\x80\"",
                                            "\"caf\xC3\"", "\"\xFF\"",     "\"\xC0\xAF\""};

  /* A 100,000-deep document: refused before parsing, in every call, with the limit named. */
  deep = nested("[", "]", 100000, &len);
  CHECK_FAILS(carecompare_catalog_from_json(&loaded, deep, len), CARECOMPARE_ERR_PARSE, "", 203,
              "nesting deeper than the limit of 256 (limits::max_json_depth)");
  CHECK(loaded == NULL);
  CHECK_FAILS(carecompare_filter(&out, cat, deep, len), CARECOMPARE_ERR_PARSE, "", 103,
              "[carecompare.parse.103] circumstances_json: line 1, column 257: nesting deeper");
  CHECK(out == NULL);
  CHECK_FAILS(carecompare_render(&out, cat, deep, len), CARECOMPARE_ERR_PARSE, "", 103, "options_json");
  CHECK_FAILS(carecompare_logic_apply(&out, deep, len, NULL, 0), CARECOMPARE_ERR_PARSE, "", 103, "rule_json");
  CHECK_FAILS(carecompare_logic_apply(&out, "{\"var\": \"a\"}", CARECOMPARE_NUL_TERMINATED, deep, len),
              CARECOMPARE_ERR_PARSE, "", 103, "data_json");
  free(deep);
  deep = nested("{\"a\":", "}", 100000, &len);
  CHECK_FAILS(carecompare_filter(&out, cat, deep, len), CARECOMPARE_ERR_PARSE, "", 103, "nesting deeper");
  free(deep);
  /* A rule 129 operators deep: within the JSON limit, past the rule limit. */
  for (i = 0; i < 129; ++i) k += (size_t)sprintf(rule + k, "{\"!\":");
  rule[k++] = '1';
  for (i = 0; i < 129; ++i) rule[k++] = '}';
  CHECK_FAILS(carecompare_logic_apply(&out, rule, k, NULL, 0), CARECOMPARE_ERR_LOGIC, NULL, 503,
              "rule nested deeper than 128 levels");
  CHECK(contains(carecompare_last_error_path(), "/!/!/!/"));

  /* 1e400: a syntax error with its position; -0 is zero. */
  CHECK_FAILS(carecompare_filter(&out, cat, "{\"facts\": {\"n\": 1e400}}", CARECOMPARE_NUL_TERMINATED),
              CARECOMPARE_ERR_PARSE, "", 101, "circumstances_json: line 1, column 17: ");
  CHECK(contains(carecompare_last_error(), "1e400"));
  CHECK_FAILS(carecompare_logic_apply(&out, "{\"+\": [1e400]}", CARECOMPARE_NUL_TERMINATED, NULL, 0),
              CARECOMPARE_ERR_PARSE, "", 101, "rule_json");
  CHECK_FAILS(carecompare_render(&out, cat, "{\"width\": 1e400}", CARECOMPARE_NUL_TERMINATED), CARECOMPARE_ERR_PARSE,
              "", 101, "options_json");
  CHECK_FAILS(carecompare_catalog_from_json(&loaded, "{\"weight\": -1e400}", CARECOMPARE_NUL_TERMINATED),
              CARECOMPARE_ERR_PARSE, "", 201, "1e400");
  apply_ok("{\"==\": [-0, 0]}", NULL, "true");
  apply_ok("{\"cat\": [-0, \"|\", {\"var\": \"a\"}]}", "{\"a\": -0.0}", "\"0|0\"");
  apply_ok("{\"var\": \"a\"}", "{\"a\": -0}", "0");
  CHECK_FAILS(carecompare_render(&out, cat, "{\"width\": -0}", CARECOMPARE_NUL_TERMINATED),
              CARECOMPARE_ERR_INVALID_OPTIONS, "/width", 604, NULL);

  /* Lone surrogates and invalid UTF-8: syntax errors in every call, with messages that are
   * themselves valid UTF-8 (a bad byte is written as \xNN). */
  for (i = 0; i < sizeof bad_strings / sizeof bad_strings[0]; ++i) {
    snprintf(text, sizeof text, "{\"sites\": [%s]}", bad_strings[i]);
    CHECK_FAILS(carecompare_filter(&out, cat, text, strlen(text)), CARECOMPARE_ERR_PARSE, "", 101,
                "circumstances_json: line 1, column ");
    CHECK(strchr(carecompare_last_error(), '\xFF') == NULL && strchr(carecompare_last_error(), '\xC3') == NULL);
    snprintf(text, sizeof text, "{\"format\": %s}", bad_strings[i]);
    CHECK_FAILS(carecompare_render(&out, cat, text, strlen(text)), CARECOMPARE_ERR_PARSE, "", 101, "options_json");
    CHECK_FAILS(carecompare_catalog_from_json(&loaded, text, strlen(text)), CARECOMPARE_ERR_PARSE, "", 201, "line 1");
    snprintf(text, sizeof text, "{\"cat\": [%s]}", bad_strings[i]);
    CHECK_FAILS(carecompare_logic_apply(&out, text, strlen(text), NULL, 0), CARECOMPARE_ERR_PARSE, "", 101,
                "rule_json");
    /* "[<string>]" as the data. */
    CHECK_FAILS(
        carecompare_logic_apply(&out, "{\"var\": 0}", CARECOMPARE_NUL_TERMINATED, text + 8, strlen(text + 8) - 1),
        CARECOMPARE_ERR_PARSE, "", 101, "data_json");
  }
  CHECK(out == NULL && loaded == NULL);
  /* Messages quote the input escaped: one line, no terminal controls. */
  CHECK_FAILS(carecompare_filter(&out, cat, "{\"sites\": [\"a\\nb\\u001b[2J\"]}", CARECOMPARE_NUL_TERMINATED),
              CARECOMPARE_ERR_INVALID_CIRCUMSTANCES, "/sites/0", 301, "unknown sites id \"a\\u000Ab\\u001B[2J\"");
  CHECK(strchr(carecompare_last_error(), '\n') == NULL && strchr(carecompare_last_error(), '\x1B') == NULL);
  CHECK_FAILS(carecompare_render(&out, cat, "{\"colour\\n\": 1}", CARECOMPARE_NUL_TERMINATED),
              CARECOMPARE_ERR_INVALID_OPTIONS, "/colour\n", 604, "/colour\\u000A: unknown option \"colour\\u000A\"");
  /* A NUL inside the explicit length is a syntax error, not the end of the text. */
  CHECK_FAILS(carecompare_filter(&out, cat, "{\"sites\": []}\0{}", 16), CARECOMPARE_ERR_PARSE, "", 101, NULL);
  CHECK_OK(carecompare_filter(&out, cat, "{\"sites\": []}\0{}", CARECOMPARE_NUL_TERMINATED));
  carecompare_string_free(out);
}

/* A catalog freed twice: in debug builds the library aborts with a message rather than corrupt
 * the heap (a release build cannot tell, as with free()). Checked in a child process. */
static void test_double_free(void) {
#ifndef NDEBUG
  int fds[2], status = 0;
  pid_t pid;
  char message[512] = {0};
  ssize_t got = 0, n;
  CHECK(pipe(fds) == 0);
  fflush(NULL);
  pid = fork();
  CHECK(pid >= 0);
  if (pid == 0) {
    carecompare_catalog* cat = NULL;
    close(fds[0]);
    dup2(fds[1], 2); /* the library's message goes to stderr */
    if (carecompare_catalog_builtin(&cat) != CARECOMPARE_OK) _exit(3);
    carecompare_catalog_free(cat);
    carecompare_catalog_free(cat); /* aborts */
    _exit(4);
  }
  close(fds[1]);
  while (got < (ssize_t)sizeof message - 1 && (n = read(fds[0], message + got, sizeof message - 1 - (size_t)got)) > 0) {
    got += n;
  }
  close(fds[0]);
  CHECK(waitpid(pid, &status, 0) == pid);
  CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
  CHECK(contains(message, "carecompare_catalog_free: not a live catalog (freed twice?)"));
  if (!contains(message, "carecompare_catalog_free")) fprintf(stderr, "  the child wrote: %s\n", message);
#endif
}

/* ---- Threads ------------------------------------------------------------------------------- */

struct thread_job {
  const carecompare_catalog* cat;
  int which;
  pthread_barrier_t* barrier;
  int ok; /* 1 when every check in the thread passed */
};

static void* thread_main(void* arg) {
  struct thread_job* job = arg;
  char* out = NULL;
  int i, ok = 1;
  /* A new thread has no error yet, whatever other threads did. */
  ok = ok && strcmp(carecompare_last_error(), "") == 0 && carecompare_last_error_code() == CARECOMPARE_OK;
  if (job->which == 0) {
    ok = ok && carecompare_filter(&out, job->cat, "{\"sites\": [\"knee\"]}", CARECOMPARE_NUL_TERMINATED) ==
                   CARECOMPARE_ERR_INVALID_CIRCUMSTANCES;
  } else {
    ok = ok &&
         carecompare_logic_apply(&out, "{\"nope\": 1}", CARECOMPARE_NUL_TERMINATED, NULL, 0) == CARECOMPARE_ERR_LOGIC;
  }
  /* Both threads have failed before either reads its error. */
  pthread_barrier_wait(job->barrier);
  /* Both use the one catalog at once. */
  for (i = 0; i < 20; ++i) {
    ok = ok && carecompare_filter(&out, job->cat, "{\"symptoms\": [\"fatigue\"]}", CARECOMPARE_NUL_TERMINATED) ==
                   CARECOMPARE_OK;
    carecompare_string_free(out);
    out = NULL;
  }
  pthread_barrier_wait(job->barrier);
  if (job->which == 0) {
    ok = ok && carecompare_last_error_code() == CARECOMPARE_ERR_INVALID_CIRCUMSTANCES &&
         strcmp(carecompare_last_error_path(), "/sites/0") == 0 && contains(carecompare_last_error(), "knee") &&
         !contains(carecompare_last_error(), "nope");
  } else {
    ok = ok && carecompare_last_error_code() == CARECOMPARE_ERR_LOGIC &&
         strcmp(carecompare_last_error_path(), "") == 0 && contains(carecompare_last_error(), "nope") &&
         !contains(carecompare_last_error(), "knee");
  }
  if (!ok)
    fprintf(stderr, "thread %d: last error (code %d): %s\n", job->which, carecompare_last_error_code(),
            carecompare_last_error());
  job->ok = ok;
  return NULL;
}

static void test_threads(const carecompare_catalog* cat) {
  pthread_t threads[2];
  pthread_barrier_t barrier;
  struct thread_job jobs[2];
  int i;
  char* out = NULL;
  /* This thread's own error stays what it was. */
  CHECK_FAILS(carecompare_render(&out, cat, "{\"width\": true}", CARECOMPARE_NUL_TERMINATED),
              CARECOMPARE_ERR_INVALID_OPTIONS, "/width", 604, NULL);
  CHECK(pthread_barrier_init(&barrier, NULL, 2) == 0);
  for (i = 0; i < 2; ++i) {
    jobs[i].cat = cat;
    jobs[i].which = i;
    jobs[i].barrier = &barrier;
    jobs[i].ok = 0;
    CHECK(pthread_create(&threads[i], NULL, thread_main, &jobs[i]) == 0);
  }
  for (i = 0; i < 2; ++i) {
    CHECK(pthread_join(threads[i], NULL) == 0);
    CHECK(jobs[i].ok == 1);
  }
  pthread_barrier_destroy(&barrier);
  CHECK(carecompare_last_error_code() == CARECOMPARE_ERR_INVALID_OPTIONS);
  CHECK(strcmp(carecompare_last_error_path(), "/width") == 0);
}

/* Eight threads share one catalog, each filtering, rendering and applying rules many times;
 * every output must be the one a single thread gets. */
enum { eight_threads = 8, thread_cases = 4, thread_rounds = 40 };

struct shared_job {
  const carecompare_catalog* cat;
  char* const* expected; /* [thread_cases] */
  int thread;
  int mismatches;
};

static int run_case(const carecompare_catalog* cat, int which, char** out) {
  switch (which) {
    case 0:
      return carecompare_filter(out, cat, "{\"sites\": [\"bone\", \"liver\"], \"symptoms\": [\"pain\"]}",
                                CARECOMPARE_NUL_TERMINATED);
    case 1:
      return carecompare_render(out, cat, "{\"format\": \"html\", \"circumstances\": {\"goals\": [\"stay-active\"]}}",
                                CARECOMPARE_NUL_TERMINATED);
    case 2: return carecompare_render(out, cat, "{\"format\": \"text\", \"width\": 50}", CARECOMPARE_NUL_TERMINATED);
    default:
      return carecompare_logic_apply(out, "{\"map\": [{\"var\": \"a\"}, {\"cat\": [{\"var\": \"\"}, \"!\"]}]}",
                                     CARECOMPARE_NUL_TERMINATED, "{\"a\": [1, \"x\", null]}",
                                     CARECOMPARE_NUL_TERMINATED);
  }
}

static void* shared_main(void* arg) {
  struct shared_job* job = arg;
  int round;
  for (round = 0; round < thread_rounds; ++round) {
    int which = (round + job->thread) % thread_cases;
    char* out = NULL;
    if (run_case(job->cat, which, &out) != CARECOMPARE_OK || out == NULL || strcmp(out, job->expected[which]) != 0) {
      ++job->mismatches;
    }
    carecompare_string_free(out);
  }
  return NULL;
}

static void test_eight_threads_share_a_catalog(const carecompare_catalog* cat) {
  pthread_t threads[eight_threads];
  struct shared_job jobs[eight_threads];
  char* expected[thread_cases] = {NULL};
  int i;
  for (i = 0; i < thread_cases; ++i) CHECK_OK(run_case(cat, i, &expected[i]));
  CHECK(contains(expected[3], "[\"1!\",\"x!\",\"!\"]")); /* JS: [null, "!"].join("") */
  for (i = 0; i < eight_threads; ++i) {
    jobs[i].cat = cat;
    jobs[i].expected = expected;
    jobs[i].thread = i;
    jobs[i].mismatches = 0;
    CHECK(pthread_create(&threads[i], NULL, shared_main, &jobs[i]) == 0);
  }
  for (i = 0; i < eight_threads; ++i) {
    CHECK(pthread_join(threads[i], NULL) == 0);
    CHECK(jobs[i].mismatches == 0);
  }
  for (i = 0; i < thread_cases; ++i) carecompare_string_free(expected[i]);
}

/* A successful call leaves the last error as it was (read it only after a failure). */
static void test_success_keeps_last_error(const carecompare_catalog* cat) {
  char* out = NULL;
  CHECK_FAILS(carecompare_filter(&out, cat, "{\"goals\": [\"cure\"]}", CARECOMPARE_NUL_TERMINATED),
              CARECOMPARE_ERR_INVALID_CIRCUMSTANCES, "/goals/0", 301, NULL);
  CHECK_OK(carecompare_filter(&out, cat, NULL, 0));
  carecompare_string_free(out);
  CHECK(carecompare_last_error_code() == CARECOMPARE_ERR_INVALID_CIRCUMSTANCES);
  CHECK(strcmp(carecompare_last_error_path(), "/goals/0") == 0);
}

int main(int argc, char** argv) {
  carecompare_catalog* cat = NULL;
  if (argc != 2) {
    fprintf(stderr, "usage: %s <catalog.json>\n", argv[0]);
    return 2;
  }
  check_no_error_yet();
  test_version();
  test_status_strings();
  test_text_direction();
  test_circumstances_lists();
  check_no_error_yet(); /* none of the above fails */
  test_catalog_builtin();
  test_catalog_to_json();
  test_catalog_from_json();
  test_catalog_from_file(argv[1]);
  test_check();
  test_text_readability();
  test_schema();
  if (carecompare_catalog_builtin(&cat) != CARECOMPARE_OK) {
    fprintf(stderr, "cannot load the builtin catalog: %s\n", carecompare_last_error());
    return 1;
  }
  test_filter(cat);
  test_filter_open_lists(cat);
  test_fragments(cat);
  test_fhir(cat);
  test_plan_definition(cat);
  test_filter_compact(cat);
  test_translation(cat);
  test_translation_template(cat);
  test_labels(cat);
  test_undecided();
  test_render(cat);
  test_logic_apply();
  test_logic_apply_passes();
  test_limits_and_hostile_texts(cat);
  if (getenv("CARECOMPARE_TEST_SKIP_BIG") == NULL) test_big_texts(cat);
  test_success_keeps_last_error(cat);
  test_threads(cat);
  test_eight_threads_share_a_catalog(cat);
  carecompare_catalog_free(cat);
  test_double_free();

  if (failures != 0) {
    fprintf(stderr, "c_api_test: %d of %d checks FAILED\n", failures, checks);
    return 1;
  }
  printf("c_api_test: all %d checks passed (carecompare %s)\n", checks, carecompare_version_string());
  return 0;
}
