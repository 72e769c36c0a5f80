/* Mustache templates rendered from view models (vm.h) or jansson values, HTML-escaped by default.
 * Implements the official spec: interpolation, sections, inverted sections,
 * comments, set delimiters, partials, inheritance (blocks/parents) and
 * dynamic names. Lambdas are not supported. */
#ifndef KOHTAAMO_MUSTACHE_H
#define KOHTAAMO_MUSTACHE_H
#include <stddef.h>
#include <jansson.h>
#include "../util/buf.h"
#include "vm.h"

typedef struct mustache_template mustache_template;

/* Returns the compiled partial (or parent) called name, or NULL when there
 * is none (renders as empty). The returned template stays owned by the resolver
 * and must live at least until mustache_render returns. */
typedef const mustache_template *(*mustache_partial_fn)(void *ud, const char *name);

/* Compiles a template. Returns NULL and a message in err (with the line
 * number) on a syntax error such as an unclosed section. Caller frees with
 * mustache_free. */
mustache_template *mustache_compile(const char *src, size_t len, char *err, size_t errlen);
void mustache_free(mustache_template *t);

/* Renders t with ctx into out. Partials and parents are looked up through
 * partial (may be NULL). Returns 0, or -1 when nesting exceeds a safe depth
 * (recursive partials), in which case out holds what was rendered so far. */
int mustache_render(const mustache_template *t, json_t *ctx,
                    mustache_partial_fn partial, void *ud, buf *out);
/* Like mustache_render with a context stack: names are looked up in
 * stack[depth - 1] first, then outwards to stack[0] (a layout's defaults
 * under a page's own values). The values are only read. */
int mustache_render_stack(const mustache_template *t, const vm_value *stack, size_t depth,
                          mustache_partial_fn partial, void *ud, buf *out);

#endif
