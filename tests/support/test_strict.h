/* Strict test runs: `make check` (KOHTAAMO_TEST_STRICT=1) and CI (CI=true).
 * There nothing may be skipped: a test that cannot run for want of
 * something (a database, tzdata) fails instead of passing unseen. */
#ifndef KOHTAAMO_TEST_STRICT_H
#define KOHTAAMO_TEST_STRICT_H
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static inline bool test_strict(void)
{
    const char *strict = getenv("KOHTAAMO_TEST_STRICT"), *ci = getenv("CI");
    if (strict && *strict && strcmp(strict, "0") != 0) return true;
    return ci && (strcmp(ci, "true") == 0 || strcmp(ci, "1") == 0);
}

#endif
