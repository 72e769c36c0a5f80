/* Compiled templates for every language, and Markdown rendering. */
#ifndef KOHTAAMO_VIEW_H
#define KOHTAAMO_VIEW_H
#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>
#include "../util/buf.h"
#include "markdown.h"
#include "mustache.h"

/* Compiles every .mustache file below templates/ once per language (after the
 * {{_ Text}} translation pass). Call once at start, after i18n_load. */
int view_load(const char *templates_dir, char *err, size_t errlen);
void view_unload(void);
/* name is the path below templates/ without ".mustache", e.g. "accounts/login". */
const mustache_template *view_get(const char *lang, const char *name);
/* Renders name in lang with ctx into out; -1 when the template is missing. */
int view_render(const char *lang, const char *name, json_t *ctx, buf *out);
/* Renders with a context stack, innermost last (see mustache_render_stack). */
int view_render_stack(const char *lang, const char *name, const vm_value *stack, size_t depth, buf *out);

/* True when the template (or a partial it includes) renders a form and so
 * needs the CSRF token; unknown names count as true. */
bool view_uses_csrf(const char *name);

/* Adds "has_KEY": true beside every non-empty array KEY of the view model,
 * recursively, so a template shows a list's heading only when it has items. */
void view_flag_arrays(json_t *v);


#endif
