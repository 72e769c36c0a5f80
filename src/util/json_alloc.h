/* jansson allocations for request-scoped view models come from the
 * request's arena: a page builds a few hundred small JSON values and frees
 * them all at once, which malloc and free made the largest single cost of a
 * list page. Values made outside a request use the heap as before. */
#ifndef KOHTAAMO_JSON_ALLOC_H
#define KOHTAAMO_JSON_ALLOC_H
#include "arena.h"

/* Installs the allocator in jansson; call once at start, before threads. */
void json_alloc_install(void);
/* JSON values this thread makes from now on live in a (NULL: the heap).
 * Such values must not outlive the request: keep none past it. */
void json_alloc_use_arena(arena *a);
/* Frees text from json_dumps, whichever allocator made it. */
void json_text_free(char *text);

#endif
