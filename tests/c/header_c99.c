/* SPDX-License-Identifier: MIT */
/* include/carecompare.h compiled as C99 with -Wpedantic -Werror; linked into c_api_test, which
 * checks that this translation unit saw the same version. */
#include <carecompare.h>

int c99_header_version_number(void);

int c99_header_version_number(void) {
  carecompare_status status = CARECOMPARE_OK;
  return status == CARECOMPARE_OK ? CARECOMPARE_VERSION_NUMBER : -1;
}
