/* The layers: src/http/ and src/db/ name no feature folder. Every #include
 * "../X/..." in them must be one of the shared layers below; a feature the
 * server needs reaches it through src/app/ (the route table and HTTP_HOOKS). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static const char *const ALLOWED[] = {"../util/", "../db/", "../http/", "../view/", "../app/app.h", NULL};

/* Returns how many includes of files in dir name a folder outside ALLOWED; prints each. */
static int foreign_includes(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) fail_msg("cannot open %s (run from the repository root)", dir);
    int bad = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (n < 3 || (strcmp(e->d_name + n - 2, ".c") && strcmp(e->d_name + n - 2, ".h"))) continue;
        char path[512], line[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        FILE *f = fopen(path, "r");
        if (!f) fail_msg("cannot read %s", path);
        for (int ln = 1; fgets(line, sizeof line, f); ln++) {
            const char *inc = strstr(line, "#include \"../");
            if (!inc || inc != line) continue;
            const char *target = inc + strlen("#include \"");
            bool ok = false;
            for (int k = 0; ALLOWED[k] && !ok; k++) ok = strncmp(target, ALLOWED[k], strlen(ALLOWED[k])) == 0;
            if (!ok) {
                fprintf(stderr, "%s:%d names a feature folder: %s", path, ln, line);
                bad++;
            }
        }
        fclose(f);
    }
    closedir(d);
    return bad;
}

static void http_and_db_name_no_feature_folder(void **state)
{
    (void)state;
    assert_int_equal(foreign_includes("src/http"), 0);
    assert_int_equal(foreign_includes("src/db"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(http_and_db_name_no_feature_folder)};
    return cmocka_run_group_tests_name("layers", tests, NULL, NULL);
}
