#include "csvread.h"
#include <stdlib.h>
#include <string.h>

void csv_fields_free(char **fields, int n)
{
    for (int i = 0; i < n; i++) free(fields[i]);
    free(fields);
}

int csv_read_record(const char **p, const char *end, char ***fields)
{
    const char *s = *p;
    char **out = NULL;
    int n = 0;
    for (;;) {
        size_t k = 0;
        char **grown = realloc(out, sizeof *out * (size_t)(n + 1));
        if (!grown) abort();
        out = grown;
        char *o = malloc((size_t)(end - s) + 1);
        if (!o) abort();
        out[n++] = o;
        if (s < end && *s == '"') {
            s++;
            for (;;) {
                if (s >= end) goto bad;
                if (*s == '"') {
                    if (s + 1 < end && s[1] == '"') {
                        o[k++] = '"';
                        s += 2;
                        continue;
                    }
                    s++;
                    break;
                }
                o[k++] = *s++;
            }
        } else {
            while (s < end && *s != ',' && *s != '\r' && *s != '\n') {
                if (*s == '"') goto bad;
                o[k++] = *s++;
            }
        }
        o[k] = '\0';
        if (s < end && *s == ',') {
            s++;
            continue;
        }
        if (end - s >= 2 && s[0] == '\r' && s[1] == '\n') {
            *p = s + 2;
            *fields = out;
            return n;
        }
        goto bad;
    }
bad:
    csv_fields_free(out, n);
    return -1;
}
