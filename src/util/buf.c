#include "buf.h"
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void buf_grow(buf *b, size_t extra)
{
    if (b->cap - b->len > extra) return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap - b->len <= extra) cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p) { fputs("kohtaamo: out of memory\n", stderr); abort(); }
    b->data = p;
    b->cap = cap;
}

void buf_puts(buf *b, const char *s) { buf_append(b, s, strlen(s)); }
void buf_putc(buf *b, char c) { buf_append(b, &c, 1); }

void buf_printf(buf *b, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n > 0) {
        buf_reserve(b, (size_t)n);
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
        b->len += (size_t)n;
    }
    va_end(ap);
}

/* Characters that need escaping: the value indexes the replacements below. */
static const unsigned char html_special[256] = {['&'] = 1, ['<'] = 2, ['>'] = 3, ['"'] = 4, ['\''] = 5};
static const char *const html_rep[6] = {"", "&amp;", "&lt;", "&gt;", "&quot;", "&#39;"};
static const unsigned char html_rep_len[6] = {0, 5, 4, 4, 6, 5};

#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)
/* Nonzero when some byte of v is zero. */
#define HAS_ZERO(v) (((v) - ONES) & ~(v))

/* Whether any of the 8 bytes at s is one of the five: & (0x26) and ' (0x27)
 * become 0x27 when bit 0 is set, < (0x3C) and > (0x3E) become 0x3E when bit
 * 1 is set, and " (0x22) is compared as it is.  No other byte maps there. */
static inline bool word_has_special(const char *s)
{
    uint64_t w;
    memcpy(&w, s, 8);
    uint64_t a = (w | ONES) ^ (ONES * 0x27), b = (w | ONES * 0x02) ^ (ONES * 0x3E), c = w ^ (ONES * 0x22);
    return ((HAS_ZERO(a) | HAS_ZERO(b) | HAS_ZERO(c)) & HIGHS) != 0;
}

/* Clean runs go in with one memcpy; the common case scans eight bytes at a time. */
void buf_html_escape(buf *b, const char *s, size_t n)
{
    buf_reserve(b, n);
    size_t start = 0, i = 0;
    while (i < n) {
        while (i + 8 <= n && !word_has_special(s + i)) i += 8;
        /* The last few bytes: the final eight, overlapping what was checked. */
        if (i + 8 > n && i < n && n >= 8 && !word_has_special(s + n - 8)) break;
        size_t stop = i + 8 <= n ? i + 8 : n;
        for (; i < stop; i++) {
            unsigned k = html_special[(unsigned char)s[i]];
            if (!k) continue;
            size_t run = i - start;
            buf_reserve(b, run + html_rep_len[k] + (n - i));
            memcpy(b->data + b->len, s + start, run);
            memcpy(b->data + b->len + run, html_rep[k], html_rep_len[k]);
            b->len += run + html_rep_len[k];
            start = i + 1;
        }
    }
    buf_append(b, s + start, n - start);
}

char *buf_detach(buf *b, size_t *len)
{
    if (!b->data) buf_reserve(b, 0), b->data[0] = '\0';
    char *p = b->data;
    if (len) *len = b->len;
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}

void buf_free(buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
