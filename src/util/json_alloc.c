#include "json_alloc.h"
#include <jansson.h>
#include <stdbool.h>
#include <stdlib.h>

/* Each block starts with a 16-byte header saying where it came from, so
 * that freeing works for both kinds and keeps 16-byte alignment. */
#define HEADER 16
enum { FROM_HEAP = 'H', FROM_ARENA = 'A' };

static _Thread_local arena *request_arena;
static bool installed;

static void *arena_json_malloc(size_t n)
{
    unsigned char *p;
    if (request_arena) {
        p = arena_alloc_raw(request_arena, n + HEADER);
        p[0] = FROM_ARENA;
    } else {
        p = malloc(n + HEADER);
        if (!p) return NULL;
        p[0] = FROM_HEAP;
    }
    return p + HEADER;
}

static void arena_json_free(void *ptr)
{
    if (!ptr) return;
    unsigned char *p = (unsigned char *)ptr - HEADER;
    if (p[0] == FROM_HEAP) free(p);
    /* arena blocks go when the request's arena does */
}

void json_alloc_install(void)
{
    json_set_alloc_funcs(arena_json_malloc, arena_json_free);
    installed = true;
}

void json_alloc_use_arena(arena *a) { request_arena = a; }

void json_text_free(char *text)
{
    if (installed) arena_json_free(text);
    else free(text);
}
