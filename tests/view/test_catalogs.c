/* Every translatable string in templates/ and src/ must have a non-empty,
 * non-fuzzy translation in po/fi.po, po/sv.po and po/en.po.
 * With KOHTAAMO_WRITE_POT=FILE it also writes the template catalog for
 * msgmerge (`make po-update`). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "view/i18n.h"
#include "util/buf.h"

typedef struct msgset {
    char **ids;
    size_t count, cap;
} msgset;

static void add_msgid(void *ud, const char *msgid)
{
    msgset *s = ud;
    for (size_t i = 0; i < s->count; i++)
        if (strcmp(s->ids[i], msgid) == 0) return;
    if (s->count == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 128;
        s->ids = realloc(s->ids, s->cap * sizeof *s->ids);
    }
    s->ids[s->count++] = strdup(msgid);
}

static void scan_tree(const char *dir, msgset *s)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(path, &st) != 0) continue;
        if (S_ISDIR(st.st_mode)) {
            scan_tree(path, s);
            continue;
        }
        size_t n = strlen(e->d_name);
        bool is_c = n > 2 && strcmp(e->d_name + n - 2, ".c") == 0;
        bool is_tpl = n > 9 && strcmp(e->d_name + n - 9, ".mustache") == 0;
        if (!is_c && !is_tpl) continue;
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        buf b = BUF_INIT;
        char chunk[8192];
        size_t got;
        while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) buf_append(&b, chunk, got);
        fclose(f);
        i18n_scan_markers(b.data ? b.data : "", b.len, is_c, add_msgid, s);
        buf_free(&b);
    }
    closedir(d);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void write_pot(const char *path, msgset *s)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n\n", f);
    for (size_t i = 0; i < s->count; i++) {
        fputs("msgid \"", f);
        for (const char *p = s->ids[i]; *p; p++) {
            if (*p == '"' || *p == '\\') fputc('\\', f);
            if (*p == '\n') { fputs("\\n", f); continue; }
            fputc(*p, f);
        }
        fputs("\"\nmsgstr \"\"\n\n", f);
    }
    fclose(f);
}

static void every_string_is_translated(void **state)
{
    (void)state;
    char err[512];
    if (i18n_load("po", err, sizeof err) != 0) fail_msg("cannot load catalogs: %s", err);
    msgset s = {0};
    scan_tree("templates", &s);
    scan_tree("src", &s);
    qsort(s.ids, s.count, sizeof *s.ids, cmp_str);
    const char *pot = getenv("KOHTAAMO_WRITE_POT");
    if (pot) write_pot(pot, &s);
    assert_true(s.count > 50);   /* the scan itself works */
    int missing = 0;
    for (size_t i = 0; i < s.count; i++)
        for (int l = 0; l < I18N_NLANGS; l++)
            if (!i18n_has(i18n_langs[l], s.ids[i])) {
                fprintf(stderr, "untranslated in po/%s.po: \"%s\"\n", i18n_langs[l], s.ids[i]);
                missing++;
            }
    for (size_t i = 0; i < s.count; i++) free(s.ids[i]);
    free(s.ids);
    i18n_unload();
    if (missing) fail_msg("%d missing translation(s)", missing);
}

static void placeholders_survive_translation(void **state)
{
    (void)state;
    char err[512];
    if (i18n_load("po", err, sizeof err) != 0) fail_msg("cannot load catalogs: %s", err);
    /* A "{n}" in a msgid must stay in each translation, or the number is lost. */
    msgset s = {0};
    scan_tree("src", &s);
    int bad = 0;
    int with_placeholder = 0;
    for (size_t i = 0; i < s.count; i++) {
        if (strstr(s.ids[i], "{n}")) {
            with_placeholder++;
            for (int l = 0; l < I18N_NLANGS; l++)
                if (!strstr(tr(i18n_langs[l], s.ids[i]), "{n}")) {
                    fprintf(stderr, "po/%s.po drops {n} in \"%s\"\n", i18n_langs[l], s.ids[i]);
                    bad++;
                }
        }
        free(s.ids[i]);
    }
    assert_true(with_placeholder > 0);   /* the scan sees tr_fill() strings */
    free(s.ids);
    i18n_unload();
    assert_int_equal(bad, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_string_is_translated),
        cmocka_unit_test(placeholders_survive_translation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
