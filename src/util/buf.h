/* Growable byte buffer on the heap; always NUL-terminated. */
#ifndef KOHTAAMO_BUF_H
#define KOHTAAMO_BUF_H
#include <stddef.h>

typedef struct buf {
    char *data;   /* NULL until the first append */
    size_t len, cap;
} buf;

#define BUF_INIT {NULL, 0, 0}

/* Makes room for extra more bytes (and the NUL) without appending. */
void buf_reserve(buf *b, size_t extra);
void buf_append(buf *b, const char *s, size_t n);
void buf_puts(buf *b, const char *s);
void buf_putc(buf *b, char c);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s with & < > " ' escaped for HTML text and attribute values. */
void buf_html_escape(buf *b, const char *s, size_t n);
/* Caller owns the returned string (free()); the buffer is reset to empty. */
char *buf_detach(buf *b, size_t *len);
void buf_free(buf *b);

#endif
