/* libFuzzer harness for keyset_cursor_parse (src/util/keyset.c): the input
 * up to its first NUL is a cursor. The verdict must match the grammar
 * checked here on its own terms -- KEY.ID, each 1-18 ASCII digits, ID at
 * least 1 -- and an accepted cursor must give exactly those numbers. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/keyset.h"

/* The value of s[0..n) when it is 1-18 digits, else -1. */
static int64_t digits(const char *s, size_t n)
{
    if (n == 0 || n > 18) return -1;
    int64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s) return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    size_t len = strlen(s);

    const char *dot = memchr(s, '.', len);
    int64_t want_key = dot ? digits(s, (size_t)(dot - s)) : -1;
    int64_t want_id = dot ? digits(dot + 1, len - (size_t)(dot - s) - 1) : -1;
    int want = want_key >= 0 && want_id >= 1 ? 1 : -1;

    int64_t key = -7, id = -7;
    int rc = keyset_cursor_parse(s, &key, &id);
    if (rc != want) abort();
    if (rc == 1 && (key != want_key || id != want_id)) abort();
    if (rc != 1 && (key != -7 || id != -7)) abort();   /* a refused cursor leaves the outputs alone */
    if (keyset_cursor_parse(NULL, &key, &id) != 0) abort();

    free(s);
    return 0;
}
