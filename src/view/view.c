#include "view.h"
#include "i18n.h"
#include "../util/fs.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct view_entry {
    char *name;
    mustache_template *tpl[I18N_NLANGS];
    int uses_csrf;          /* 1 yes, 0 no, -1 not yet known (depends on partials) */
    char **partials;        /* names of the partials it includes */
    size_t npartials;
} view_entry;

static view_entry *views;
static size_t views_count, views_cap;

static int lang_slot(const char *lang)
{
    for (int i = 0; i < I18N_NLANGS; i++)
        if (strcmp(lang, i18n_langs[i]) == 0) return i;
    return 0;
}

/* Whether a page renders a form needs to be known before rendering, so that
 * reading pages sets no cookie at all. A template uses the CSRF token when it
 * says {{csrf}} or includes a partial that does. */
static void scan_csrf_use(view_entry *v, const char *src, size_t len)
{
    v->uses_csrf = memmem(src, len, "{{csrf}}", 8) ? 1 : -1;
    const char *p = src, *end = src + len;
    while (p < end && (p = memmem(p, (size_t)(end - p), "{{>", 3)) != NULL) {
        p += 3;
        while (p < end && *p == ' ') p++;
        const char *e = p;
        while (e < end && *e != '}' && *e != ' ') e++;
        if (p < end && *p == '*') v->uses_csrf = 1;   /* dynamic name: assume it may */
        v->partials = realloc(v->partials, (v->npartials + 1) * sizeof *v->partials);
        if (!v->partials) abort();
        v->partials[v->npartials++] = strndup(p, (size_t)(e - p));
        p = e;
    }
}

static int compare_views(const void *a, const void *b)
{
    return strcmp(((const view_entry *)a)->name, ((const view_entry *)b)->name);
}

/* views is sorted by name once loaded: every render looks its template and
 * the layout up here, so a binary search instead of a scan of a hundred names. */
static view_entry *find_view(const char *name)
{
    view_entry key = {.name = (char *)name};
    return bsearch(&key, views, views_count, sizeof *views, compare_views);
}

static int resolve_csrf_use(view_entry *v, int depth)
{
    if (v->uses_csrf >= 0) return v->uses_csrf;
    int uses = 0;
    for (size_t i = 0; i < v->npartials && !uses && depth < 16; i++) {
        view_entry *p = find_view(v->partials[i]);
        if (p) uses = resolve_csrf_use(p, depth + 1);
    }
    if (depth == 0 || uses) v->uses_csrf = uses;
    return uses;
}

static int load_file(const char *path, const char *name, char *err, size_t errlen)
{
    size_t len;
    char *src = fs_read_file(path, &len);
    if (!src) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    if (views_count == views_cap) {
        views_cap = views_cap ? views_cap * 2 : 32;
        views = realloc(views, views_cap * sizeof *views);
        if (!views) abort();
    }
    view_entry *v = &views[views_count];
    memset(v, 0, sizeof *v);
    v->name = strdup(name);
    views_count++;
    scan_csrf_use(v, src, len);
    for (int i = 0; i < I18N_NLANGS; i++) {
        size_t tlen;
        char *translated = i18n_translate_template(i18n_langs[i], src, len, &tlen);
        char cerr[256];
        v->tpl[i] = mustache_compile(translated, tlen, cerr, sizeof cerr);
        free(translated);
        if (!v->tpl[i]) {
            snprintf(err, errlen, "%s: %s", path, cerr);
            free(src);
            return -1;
        }
    }
    free(src);
    return 0;
}

/* Templates are the .mustache files; their name is the path without it. */
static int load_template_file(void *ud, const char *path, const char *rel, char *err, size_t errlen)
{
    (void)ud;
    size_t n = strlen(rel), elen = strlen(".mustache");
    if (n <= elen || strcmp(rel + n - elen, ".mustache") != 0) return 0;
    char name[2048];
    snprintf(name, sizeof name, "%.*s", (int)(n - elen), rel);
    return load_file(path, name, err, errlen);
}

int view_load(const char *templates_dir, char *err, size_t errlen)
{
    view_unload();
    if (fs_walk(templates_dir, load_template_file, NULL, err, errlen) < 0) return -1;
    if (views_count) qsort(views, views_count, sizeof *views, compare_views);
    for (size_t i = 0; i < views_count; i++) resolve_csrf_use(&views[i], 0);
    return 0;
}

bool view_uses_csrf(const char *name)
{
    view_entry *v = find_view(name);
    return !v || v->uses_csrf != 0;
}

void view_unload(void)
{
    for (size_t i = 0; i < views_count; i++) {
        for (int l = 0; l < I18N_NLANGS; l++) mustache_free(views[i].tpl[l]);
        for (size_t k = 0; k < views[i].npartials; k++) free(views[i].partials[k]);
        free(views[i].partials);
        free(views[i].name);
    }
    free(views);
    views = NULL;
    views_count = views_cap = 0;
}

const mustache_template *view_get(const char *lang, const char *name)
{
    view_entry *v = find_view(name);
    return v ? v->tpl[lang_slot(lang)] : NULL;
}

static const mustache_template *resolve_partial(void *ud, const char *name)
{
    return view_get((const char *)ud, name);
}

int view_render(const char *lang, const char *name, json_t *ctx, buf *out)
{
    const mustache_template *t = view_get(lang, name);
    if (!t) return -1;
    return mustache_render(t, ctx, resolve_partial, (void *)lang, out);
}

int view_render_stack(const char *lang, const char *name, const vm_value *stack, size_t depth, buf *out)
{
    const mustache_template *t = view_get(lang, name);
    if (!t) return -1;
    return mustache_render_stack(t, stack, depth, resolve_partial, (void *)lang, out);
}

/* Adds "has_KEY": true beside every non-empty array in the view model, so
 * templates can wrap a list in a heading only when it has items. */
void view_flag_arrays(json_t *v)
{
    if (json_is_array(v)) {
        size_t i;
        json_t *e;
        json_array_foreach(v, i, e) view_flag_arrays(e);
        return;
    }
    if (!json_is_object(v)) return;
    const char *key;
    json_t *val;
    json_t *flags = NULL;   /* made only when there is something to add: most objects have none */
    json_object_foreach(v, key, val) {
        view_flag_arrays(val);
        if (json_is_array(val) && json_array_size(val) > 0 && strncmp(key, "has_", 4) != 0) {
            char name[128];
            snprintf(name, sizeof name, "has_%s", key);
            if (json_object_get(v, name)) continue;
            if (!flags) flags = json_object();
            json_object_set_new(flags, name, json_true());
        }
    }
    if (flags) {
        json_object_update(v, flags);
        json_decref(flags);
    }
}
