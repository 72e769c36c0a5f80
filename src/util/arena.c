#include "arena.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Chunks grow to fit large requests; most requests fit in the first one. */
#define ARENA_CHUNK_MIN (16 * 1024)

struct arena_chunk {
    arena_chunk *next;
    size_t used, cap;
    _Alignas(16) unsigned char data[];
};

void arena_init(arena *a) { a->head = NULL; }

/* Each thread keeps one standard chunk for its next request, so a request
 * that fits in it never calls malloc for its arena. */
static _Thread_local arena_chunk *spare_chunk;
static pthread_key_t spare_key;
static pthread_once_t spare_once = PTHREAD_ONCE_INIT;

/* Runs when a thread that kept a spare chunk exits. */
static void free_spare_chunk(void *unused)
{
    (void)unused;
    free(spare_chunk);
    spare_chunk = NULL;
}

static void make_spare_key(void) { pthread_key_create(&spare_key, free_spare_chunk); }

void arena_free_all(arena *a)
{
    arena_chunk *c = a->head;
    while (c) {
        arena_chunk *next = c->next;
        if (!spare_chunk && c->cap == ARENA_CHUNK_MIN) {
            c->used = 0;
            c->next = NULL;
            spare_chunk = c;
            pthread_once(&spare_once, make_spare_key);
            pthread_setspecific(spare_key, c);
        } else {
            free(c);
        }
        c = next;
    }
    a->head = NULL;
}

void *arena_alloc_raw(arena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    if (n == 0) n = 16;
    arena_chunk *c = a->head;
    if (!c || c->cap - c->used < n) {
        size_t cap = n > ARENA_CHUNK_MIN ? n : ARENA_CHUNK_MIN;
        if (cap == ARENA_CHUNK_MIN && spare_chunk) {
            c = spare_chunk;
            spare_chunk = NULL;
        } else {
            c = malloc(sizeof *c + cap);
        }
        if (!c) { fputs("kohtaamo: out of memory\n", stderr); abort(); }
        c->used = 0;
        c->cap = cap;
        c->next = a->head;
        a->head = c;
    }
    void *p = c->data + c->used;
    c->used += n;
    return p;
}

void *arena_alloc(arena *a, size_t n)
{
    void *p = arena_alloc_raw(a, n);
    memset(p, 0, n);
    return p;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    char *p = arena_alloc_raw(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(arena *a, const char *s)
{
    return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_vprintf(arena *a, const char *fmt, va_list ap)
{
    /* Most results are short: format once into the stack, copy into the arena. */
    char small[256];
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap2);
    va_end(ap2);
    if (n < 0) return arena_strdup(a, "");
    if ((size_t)n < sizeof small) return arena_strndup(a, small, (size_t)n);
    char *p = arena_alloc(a, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *arena_concat(arena *a, const char *first, ...)
{
    va_list ap;
    size_t total = 0;
    va_start(ap, first);
    for (const char *s = first; s; s = va_arg(ap, const char *)) total += strlen(s);
    va_end(ap);
    char *out = arena_alloc_raw(a, total + 1), *p = out;
    va_start(ap, first);
    for (const char *s = first; s; s = va_arg(ap, const char *)) {
        size_t n = strlen(s);
        memcpy(p, s, n);
        p += n;
    }
    va_end(ap);
    *p = '\0';
    return out;
}

char *arena_printf(arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = arena_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}
