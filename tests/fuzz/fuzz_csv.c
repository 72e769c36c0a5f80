/* libFuzzer harness for the CSV cell writer (src/util/csv.c).
 *
 * The first input byte picks the writer (text, or number given as text), the
 * rest is split at NUL bytes into the cells of one record. The record written
 * must read back (tests/support/csvread.c, strict RFC 4180) as the same cells,
 * a text cell with an apostrophe in front exactly when it starts with
 * = + - @ TAB or CR, a number cell unchanged when it is a plain number; and no
 * cell read back may start with a formula character at all. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/csv.h"
#include "../support/csvread.h"

static bool formula_start(const char *s) { return *s && strchr("=+-@\t\r", *s) != NULL; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) return 0;
    bool numbers = data[0] & 1;
    /* the cells, NUL-terminated, in one heap copy */
    char *cells = malloc(size);
    if (!cells) return 0;
    memcpy(cells, data + 1, size - 1);
    cells[size - 1] = '\0';
    const char *end = cells + size - 1;
    int n = 0;
    for (const char *p = cells; p <= end; p += strlen(p) + 1) n++;
    buf b = BUF_INIT;
    int k = 0;
    for (const char *p = cells; p <= end; p += strlen(p) + 1, k++) {
        if (numbers) csv_number_cell(&b, p, k == n - 1);
        else csv_text_cell(&b, p, k == n - 1);
    }
    const char *rp = b.data;
    char **got;
    int m = csv_read_record(&rp, b.data + b.len, &got);
    if (m != n || rp != b.data + b.len) abort();
    k = 0;
    for (const char *p = cells; p <= end; p += strlen(p) + 1, k++) {
        bool as_number = numbers && csv_is_number(p);
        if (!as_number && formula_start(p)) {
            if (got[k][0] != '\'' || strcmp(got[k] + 1, p) != 0) abort();
        } else if (strcmp(got[k], p) != 0) {
            abort();
        }
        /* a cell read back never starts a formula; a number's '-' is a sign */
        if (formula_start(got[k]) && !(as_number && got[k][0] == '-')) abort();
    }
    csv_fields_free(got, m);
    buf_free(&b);
    free(cells);
    return 0;
}
