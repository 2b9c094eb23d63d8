/* SPDX-License-Identifier: MIT */
/* The C ABI in short: the options relevant to bone metastases with pain, as JSON, then as a
 * Markdown table. Build: cc filter.c $(pkg-config --cflags --libs carecompare-c) */
#include <carecompare.h>
#include <stdio.h>

int main(void) {
  const char* situation = "{\"sites\": [\"bone\"], \"symptoms\": [\"pain\"]}";
  const char* options =
      "{\"format\": \"markdown\", \"circumstances\": {\"sites\": [\"bone\"], \"symptoms\": [\"pain\"]}}";
  carecompare_catalog* catalog = NULL;
  char *relevant = NULL, *table = NULL;

  int status = carecompare_catalog_builtin(&catalog);
  if (status == CARECOMPARE_OK) {
    status = carecompare_filter(&relevant, catalog, situation, CARECOMPARE_NUL_TERMINATED);
  }
  if (status == CARECOMPARE_OK) {
    status = carecompare_render(&table, catalog, options, CARECOMPARE_NUL_TERMINATED);
  }
  if (status == CARECOMPARE_OK) {
    printf("%s\n\n%s", relevant, table);
  } else {
    fprintf(stderr, "carecompare: %s (%s)\n", carecompare_last_error(), carecompare_status_string(status));
  }
  carecompare_string_free(table); /* NULL is fine */
  carecompare_string_free(relevant);
  carecompare_catalog_free(catalog);
  return status == CARECOMPARE_OK ? 0 : 1;
}
