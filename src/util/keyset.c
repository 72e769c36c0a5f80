#include "keyset.h"
#include <string.h>

/* Digits only, at most 18 of them: no sign, no spaces, fits int64. */
static int parse_digits(const char *s, size_t n, int64_t *out)
{
    if (n == 0 || n > 18) return -1;
    int64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

int keyset_cursor_parse(const char *s, int64_t *key, int64_t *id)
{
    if (!s) return 0;
    const char *dot = strchr(s, '.');
    if (!dot) return -1;
    int64_t k, i;
    if (parse_digits(s, (size_t)(dot - s), &k) < 0 || parse_digits(dot + 1, strlen(dot + 1), &i) < 0 || i <= 0)
        return -1;
    *key = k;
    *id = i;
    return 1;
}
