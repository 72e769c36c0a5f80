/* Growable byte buffer on the heap; always NUL-terminated. */
#ifndef KOHTAAMO_BUF_H
#define KOHTAAMO_BUF_H
#include <stddef.h>
#include <string.h>

typedef struct buf {
    char *data;   /* NULL until the first append */
    size_t len, cap;
} buf;

#define BUF_INIT {NULL, 0, 0}

/* Grows the buffer to hold extra more bytes (and the NUL). */
void buf_grow(buf *b, size_t extra);

/* Makes room for extra more bytes (and the NUL) without appending. */
static inline void buf_reserve(buf *b, size_t extra)
{
    if (b->cap - b->len <= extra) buf_grow(b, extra);
}

static inline void buf_append(buf *b, const char *s, size_t n)
{
    buf_reserve(b, n);
    if (n) memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void buf_puts(buf *b, const char *s);
void buf_putc(buf *b, char c);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s with & < > " ' escaped for HTML text and attribute values. */
void buf_html_escape(buf *b, const char *s, size_t n);
/* Caller owns the returned string (free()); the buffer is reset to empty. */
char *buf_detach(buf *b, size_t *len);
void buf_free(buf *b);

#endif
