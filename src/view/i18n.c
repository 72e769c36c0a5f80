#include "i18n.h"
#include "../util/buf.h"
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const i18n_langs[I18N_NLANGS] = {"fi", "sv", "en"};

typedef struct entry {
    char *msgid, *msgstr;
} entry;

typedef struct catalog {
    entry *entries;     /* sorted by msgid for bsearch */
    size_t count;
} catalog;

static catalog catalogs[I18N_NLANGS];

static int lang_index(const char *lang)
{
    for (int i = 0; i < I18N_NLANGS; i++)
        if (lang && strcmp(lang, i18n_langs[i]) == 0) return i;
    return -1;
}

bool i18n_lang_valid(const char *lang) { return lang_index(lang) >= 0; }

static int entry_cmp(const void *a, const void *b)
{
    return strcmp(((const entry *)a)->msgid, ((const entry *)b)->msgid);
}

/* Appends the C-escaped contents of one "..." literal to out. */
static int po_unquote(const char *p, buf *out)
{
    while (*p == ' ' || *p == '\t') p++;
    if (*p != '"') return -1;
    p++;
    while (*p && *p != '"') {
        if (*p == '\\') {
            p++;
            switch (*p) {
            case 'n': buf_putc(out, '\n'); break;
            case 't': buf_putc(out, '\t'); break;
            case '"': buf_putc(out, '"'); break;
            case '\\': buf_putc(out, '\\'); break;
            default: return -1;
            }
            p++;
        } else {
            buf_putc(out, *p++);
        }
    }
    return *p == '"' ? 0 : -1;
}

static void catalog_add(catalog *c, size_t *cap, buf *id, buf *str, bool fuzzy)
{
    if (!id->data || id->len == 0) return;  /* the header entry */
    if (*cap <= c->count) {
        *cap = c->count ? c->count * 2 : 64;
        c->entries = realloc(c->entries, *cap * sizeof *c->entries);
        if (!c->entries) abort();
    }
    entry *e = &c->entries[c->count++];
    e->msgid = strdup(id->data);
    e->msgstr = strdup(fuzzy || !str->data ? "" : str->data);
}

static int load_one(catalog *c, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    buf id = BUF_INIT, str = BUF_INIT;
    enum { NONE, IN_ID, IN_STR } state = NONE;
    bool fuzzy = false, next_fuzzy = false;
    size_t cap = c->count;   /* appending to a catalog another file started */
    char line[8192];
    int lineno = 0, rc = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        const char *p = line;
        while (*p == ' ' || *p == '\t') p++;
        if (*p == '\0') continue;
        if (*p == '#') {
            if (strncmp(p, "#,", 2) == 0 && strstr(p, "fuzzy")) next_fuzzy = true;
            continue;
        }
        int r = 0;
        if (strncmp(p, "msgid ", 6) == 0) {
            if (state != NONE) catalog_add(c, &cap, &id, &str, fuzzy);
            buf_free(&id);
            buf_free(&str);
            fuzzy = next_fuzzy;
            next_fuzzy = false;
            state = IN_ID;
            buf_append(&id, "", 0);
            r = po_unquote(p + 6, &id);
        } else if (strncmp(p, "msgstr ", 7) == 0 && state == IN_ID) {
            state = IN_STR;
            buf_append(&str, "", 0);
            r = po_unquote(p + 7, &str);
        } else if (*p == '"' && state == IN_ID) {
            r = po_unquote(p, &id);
        } else if (*p == '"' && state == IN_STR) {
            r = po_unquote(p, &str);
        } else {
            r = -1;
        }
        if (r < 0) {
            snprintf(err, errlen, "%s:%d: cannot parse line", path, lineno);
            rc = -1;
            break;
        }
    }
    if (rc == 0 && state != NONE) catalog_add(c, &cap, &id, &str, fuzzy);
    buf_free(&id);
    buf_free(&str);
    fclose(f);
    return rc;
}

/* Sorts for bsearch; of entries with the same msgid (a feature catalog and
 * the merged template) the translated one is kept. */
static void dedupe(catalog *c)
{
    if (!c->count) return;
    qsort(c->entries, c->count, sizeof *c->entries, entry_cmp);
    size_t out = 0;
    for (size_t i = 0; i < c->count; i++) {
        if (out > 0 && strcmp(c->entries[out - 1].msgid, c->entries[i].msgid) == 0) {
            entry *keep = &c->entries[out - 1], *dup = &c->entries[i];
            if (!keep->msgstr[0] && dup->msgstr[0]) {
                entry t = *keep;
                *keep = *dup;
                *dup = t;
            }
            free(dup->msgid);
            free(dup->msgstr);
            continue;
        }
        c->entries[out++] = c->entries[i];
    }
    c->count = out;
}

/* po/LANG.po holds the platform's strings; a feature may keep its own
 * catalog as po/FEATURE.LANG.po so features can be translated apart. */
static bool is_catalog_for(const char *name, const char *lang)
{
    char whole[16], suffix[16];
    snprintf(whole, sizeof whole, "%s.po", lang);
    snprintf(suffix, sizeof suffix, ".%s.po", lang);
    size_t n = strlen(name), sl = strlen(suffix);
    return strcmp(name, whole) == 0 || (n > sl && strcmp(name + n - sl, suffix) == 0);
}

int i18n_load(const char *po_dir, char *err, size_t errlen)
{
    i18n_unload();
    for (int i = 0; i < I18N_NLANGS; i++) {
        DIR *d = opendir(po_dir);
        if (!d) {
            snprintf(err, errlen, "%s: %s", po_dir, strerror(errno));
            return -1;
        }
        struct dirent *e;
        int found = 0, rc = 0;
        while (rc == 0 && (e = readdir(d)) != NULL) {
            if (!is_catalog_for(e->d_name, i18n_langs[i])) continue;
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", po_dir, e->d_name);
            rc = load_one(&catalogs[i], path, err, errlen);
            found++;
        }
        closedir(d);
        if (rc < 0) return -1;
        dedupe(&catalogs[i]);
        if (!found) {
            snprintf(err, errlen, "%s/%s.po: no catalog", po_dir, i18n_langs[i]);
            return -1;
        }
    }
    return 0;
}

void i18n_unload(void)
{
    for (int i = 0; i < I18N_NLANGS; i++) {
        for (size_t j = 0; j < catalogs[i].count; j++) {
            free(catalogs[i].entries[j].msgid);
            free(catalogs[i].entries[j].msgstr);
        }
        free(catalogs[i].entries);
        catalogs[i].entries = NULL;
        catalogs[i].count = 0;
    }
}

static const entry *lookup(const char *lang, const char *msgid)
{
    int li = lang_index(lang);
    if (li < 0 || !msgid || catalogs[li].count == 0) return NULL;
    entry key = {(char *)msgid, NULL};
    return bsearch(&key, catalogs[li].entries, catalogs[li].count, sizeof(entry), entry_cmp);
}

const char *tr(const char *lang, const char *msgid)
{
    const entry *e = lookup(lang, msgid);
    return (e && e->msgstr[0]) ? e->msgstr : msgid;
}

bool i18n_has(const char *lang, const char *msgid)
{
    const entry *e = lookup(lang, msgid);
    return e && e->msgstr[0];
}

char *i18n_translate_template(const char *lang, const char *src, size_t len, size_t *outlen)
{
    buf out = BUF_INIT;
    size_t i = 0;
    while (i < len) {
        const char *m = memmem(src + i, len - i, "{{_ ", 4);
        if (!m) break;
        size_t start = (size_t)(m - src);
        const char *end = memmem(m + 4, len - start - 4, "}}", 2);
        if (!end) break;
        buf_append(&out, src + i, start - i);
        char *msgid = strndup(m + 4, (size_t)(end - m - 4));
        const char *t = tr(lang, msgid);
        buf_html_escape(&out, t, strlen(t));
        free(msgid);
        i = (size_t)(end - src) + 2;
    }
    buf_append(&out, src + i, len - i);
    return buf_detach(&out, outlen);
}

/* Reads a C string literal at p (after the opening quote) into out, and
 * any literals adjacent to it, as the compiler joins them. */
static const char *scan_c_literal(const char *p, const char *end, buf *out)
{
    for (;;) {
        while (p < end && *p != '"') {
            if (*p == '\\' && p + 1 < end) {
                p++;
                buf_putc(out, *p == 'n' ? '\n' : *p);
            } else {
                buf_putc(out, *p);
            }
            p++;
        }
        const char *q = p < end ? p + 1 : p;
        while (q < end && (*q == ' ' || *q == '\n' || *q == '\t' || *q == '\r')) q++;
        if (q < end && *q == '"') {
            p = q + 1;
            continue;
        }
        return p;
    }
}

void i18n_scan_markers(const char *src, size_t len, bool is_c,
                       void (*fn)(void *ud, const char *msgid), void *ud)
{
    const char *end = src + len;
    if (!is_c) {
        const char *p = src;
        while ((p = memmem(p, (size_t)(end - p), "{{_ ", 4)) != NULL) {
            const char *close = memmem(p + 4, (size_t)(end - p - 4), "}}", 2);
            if (!close) break;
            char *msgid = strndup(p + 4, (size_t)(close - p - 4));
            fn(ud, msgid);
            free(msgid);
            p = close + 2;
        }
        return;
    }
    static const char *const openers[] = {"tr(r->lang, \"", "tr(lang, \"", "N_(\"", "tr_fill(r, \""};
    for (size_t k = 0; k < sizeof openers / sizeof *openers; k++) {
        size_t olen = strlen(openers[k]);
        const char *p = src;
        while ((p = memmem(p, (size_t)(end - p), openers[k], olen)) != NULL) {
            buf id = BUF_INIT;
            buf_append(&id, "", 0);
            p = scan_c_literal(p + olen, end, &id);
            fn(ud, id.data);
            buf_free(&id);
        }
    }
}
