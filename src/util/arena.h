/* Per-request arena: many small allocations, one free at the end. */
#ifndef KOHTAAMO_ARENA_H
#define KOHTAAMO_ARENA_H
#include <stddef.h>
#include <stdarg.h>

typedef struct arena_chunk arena_chunk;
typedef struct arena {
    arena_chunk *head;
} arena;

void arena_init(arena *a);
/* Frees every chunk; the arena may be reused afterwards. */
void arena_free_all(arena *a);
/* Zeroed memory that lives until arena_free_all(). Aborts on out-of-memory. */
void *arena_alloc(arena *a, size_t n);
/* Like arena_alloc without zeroing, for memory about to be overwritten. */
void *arena_alloc_raw(arena *a, size_t n);
/* Joins NULL-terminated list of strings, e.g. arena_concat(a, "/", lang, "/news", NULL). */
char *arena_concat(arena *a, const char *first, ...) __attribute__((sentinel));
char *arena_strdup(arena *a, const char *s);
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_printf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(arena *a, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

#endif
