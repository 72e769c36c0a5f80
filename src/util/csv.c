/* See csv.h. */
#include "csv.h"
#include <stdio.h>
#include <string.h>

bool csv_is_number(const char *s)
{
    if (!s) return false;
    if (*s == '-') s++;
    if (*s < '0' || *s > '9') return false;
    while (*s >= '0' && *s <= '9') s++;
    if (*s == '.') {
        s++;
        if (*s < '0' || *s > '9') return false;
        while (*s >= '0' && *s <= '9') s++;
    }
    return *s == '\0';
}

static void end_cell(buf *b, bool last) { buf_puts(b, last ? "\r\n" : ","); }

void csv_text_cell(buf *b, const char *s, bool last)
{
    if (!s) s = "";
    /* what a spreadsheet would take as the start of a formula */
    bool formula = *s && strchr("=+-@\t\r", *s) != NULL;
    if (strpbrk(s, ",\"\r\n")) {
        buf_putc(b, '"');
        if (formula) buf_putc(b, '\'');
        for (const char *p = s; *p; p++) {
            if (*p == '"') buf_putc(b, '"');
            buf_putc(b, *p);
        }
        buf_putc(b, '"');
    } else {
        if (formula) buf_putc(b, '\'');
        buf_puts(b, s);
    }
    end_cell(b, last);
}

void csv_number_cell(buf *b, const char *number, bool last)
{
    if (!csv_is_number(number)) {
        csv_text_cell(b, number, last);
        return;
    }
    buf_puts(b, number);
    end_cell(b, last);
}

void csv_int_cell(buf *b, long long v, bool last)
{
    char t[32];
    snprintf(t, sizeof t, "%lld", v);
    buf_puts(b, t);
    end_cell(b, last);
}
