#include "request.h"
#include <string.h>
#include "../util/buf.h"

/* Matches one pattern against path, segment by segment. Patterns are
 * literal segments, {name} for any one segment ({name}.ext: one segment
 * ending in .ext, the name without it), {lang} for fi|sv|en and a final
 * {*name} for the rest of the path. */
static bool pattern_match(const char *pattern, const char *path, request *r)
{
    const char *p = pattern, *s = path;
    int n = 0;
    while (*p && *s) {
        if (*p != '/' || *s != '/') return false;
        p++, s++;
        const char *pe = strchr(p, '/');
        if (!pe) pe = p + strlen(p);
        const char *se = strchr(s, '/');
        if (!se) se = s + strlen(s);
        size_t plen = (size_t)(pe - p), slen = (size_t)(se - s);
        if (plen >= 3 && p[0] == '{' && p[1] == '*') {
            if (slen == 0) return false;
            if (r && n < REQ_MAX_PARAMS) {
                r->param_names[n] = arena_strndup(&r->a, p + 2, plen - 3);
                r->params[n++] = arena_strdup(&r->a, s);
            }
            if (r) r->nparams = n;
            return true;
        }
        if (plen >= 2 && p[0] == '{') {
            if (slen == 0) return false;
            /* "{id}.ics": a literal suffix after the name must end the segment */
            const char *close = memchr(p, '}', plen);
            size_t suffix = close ? (size_t)(pe - close - 1) : 0;
            if (suffix > 0 && (slen <= suffix || memcmp(se - suffix, close + 1, suffix) != 0)) return false;
            if (plen == 6 && memcmp(p, "{lang}", 6) == 0) {
                if (!(slen == 2 && (memcmp(s, "fi", 2) == 0 || memcmp(s, "sv", 2) == 0 ||
                                    memcmp(s, "en", 2) == 0)))
                    return false;
            } else if (r && n < REQ_MAX_PARAMS) {
                r->param_names[n] = arena_strndup(&r->a, p + 1, plen - 2 - suffix);
                r->params[n++] = arena_strndup(&r->a, s, slen - suffix);
            }
        } else if (plen != slen || memcmp(p, s, plen) != 0) {
            return false;
        }
        p = pe, s = se;
    }
    if (*p || *s) return false;
    if (r) r->nparams = n;
    return true;
}

const route *router_match(request *r, const char *method, const char *path, bool *path_known)
{
    *path_known = false;
    const char *m = strcmp(method, "HEAD") == 0 ? "GET" : method;
    for (size_t i = 0; i < routes_count; i++) {
        if (!pattern_match(routes[i].pattern, path, NULL)) continue;
        *path_known = true;
        if (strcmp(routes[i].method, m) == 0) {
            pattern_match(routes[i].pattern, path, r);
            return &routes[i];
        }
    }
    return NULL;
}

const char *router_allow(arena *a, const char *path)
{
    buf b = BUF_INIT;
    for (size_t i = 0; i < routes_count; i++) {
        if (!pattern_match(routes[i].pattern, path, NULL)) continue;
        if (b.len) buf_puts(&b, ", ");
        buf_puts(&b, routes[i].method);
        if (strcmp(routes[i].method, "GET") == 0) buf_puts(&b, ", HEAD");
    }
    const char *s = arena_strdup(a, b.data ? b.data : "");
    buf_free(&b);
    return s;
}

const char *req_param(const request *r, const char *name)
{
    for (int i = 0; i < r->nparams; i++)
        if (strcmp(r->param_names[i], name) == 0) return r->params[i];
    return NULL;
}

bool api_path(const char *path)
{
    if (strncmp(path, "/api/", 5) == 0) return true;
    for (size_t i = 0; i < api_error_shapes_count; i++)
        if (strncmp(path, api_error_shapes[i].prefix, strlen(api_error_shapes[i].prefix)) == 0) return true;
    return false;
}
