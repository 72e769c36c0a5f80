/* The command line: help, configuration precedence, migrations that fail
 * safely, demo data that loads once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "testsrv.h"

static testsrv srv;

static void help_documents_every_flag(void **state)
{
    (void)state;
    const char *const args[] = {"--help", NULL};
    buf out = BUF_INIT;
    assert_int_equal(run_cli(&srv, &out, args), 0);
    static const char *const flags[] = {"serve", "migrate", "demo-data", "user add", "--listen", "--database",
                                        "--config", "--threads", "--max-body", "--timeout", "--sendmail",
                                        "--secure-cookies", "KOHTAAMO_DATABASE", "Precedence"};
    for (size_t i = 0; i < sizeof flags / sizeof *flags; i++)
        if (!strstr(out.data, flags[i])) fail_msg("--help does not mention %s", flags[i]);
    buf_free(&out);
    const char *const bad[] = {"frobnicate", NULL};
    assert_int_equal(run_cli(&srv, NULL, bad), 2);
}

static void flags_beat_environment_beat_config_file(void **state)
{
    (void)state;
    char cfgpath[400];
    snprintf(cfgpath, sizeof cfgpath, "%s/kohtaamo.conf", srv.dir[0] ? srv.dir : "/tmp");
    testdb_fresh(&srv);
    snprintf(cfgpath, sizeof cfgpath, "%s/kohtaamo.conf", srv.dir);
    FILE *f = fopen(cfgpath, "w");
    fputs("# test\nlisten = 127.0.0.1:1111\ntimeout = 11\nthreads = 3\nsendmail = /from/file\n", f);
    fclose(f);
    char cfgenv[512];
    snprintf(cfgenv, sizeof cfgenv, "KOHTAAMO_CONFIG=%s", cfgpath);
    srv.extra_env[0] = cfgenv;
    srv.extra_env[1] = "KOHTAAMO_TIMEOUT=22";
    srv.extra_env[2] = "KOHTAAMO_THREADS=4";
    const char *const args[] = {"config", "--threads", "5", NULL};
    buf out = BUF_INIT;
    assert_int_equal(run_cli(&srv, &out, args), 0);
    assert_non_null(strstr(out.data, "listen = 127.0.0.1:1111\n"));   /* file only */
    assert_non_null(strstr(out.data, "timeout = 22\n"));              /* env beats file */
    assert_non_null(strstr(out.data, "threads = 5\n"));               /* flag beats env */
    assert_non_null(strstr(out.data, "sendmail = /from/file\n"));
    buf_free(&out);
    /* a bad value is named, not ignored */
    srv.extra_env[1] = "KOHTAAMO_TIMEOUT=soon";
    buf err = BUF_INIT;
    assert_int_equal(run_cli(&srv, &err, args), 2);
    assert_non_null(strstr(err.data, "KOHTAAMO_TIMEOUT"));
    buf_free(&err);
    srv.extra_env[0] = srv.extra_env[1] = srv.extra_env[2] = NULL;
}

static void failed_migration_leaves_database_as_it_was(void **state)
{
    (void)state;
    testdb_fresh(&srv);
    /* a root with the real migrations plus a broken one */
    char root[400], cmd[1400];
    snprintf(root, sizeof root, "%s/root", srv.dir);
    snprintf(cmd, sizeof cmd, "rm -rf %s && mkdir -p %s/sql && cp sql/*.sql %s/sql/", root, root, root);
    assert_int_equal(system(cmd), 0);
    int good = 0;
    /* one version may have a file per database dialect: count versions */
    snprintf(cmd, sizeof cmd, "ls %s/sql/ | grep '\\.sql$' | sed 's/_.*//' | sort -u | wc -l", root);
    FILE *ls = popen(cmd, "r");
    assert_int_equal(fscanf(ls, "%d", &good), 1);
    pclose(ls);
    char broken[500];
    snprintf(broken, sizeof broken, "%s/sql/999_broken.sql", root);
    FILE *f = fopen(broken, "w");
    fputs("CREATE TABLE half_done (id INTEGER);\nINSERT INTO half_done VALUES (1);\nCREATE TABLE oops (;\n", f);
    fclose(f);
    const char *const args[] = {"migrate", "--root", root, NULL};
    buf out = BUF_INIT;
    assert_int_not_equal(run_cli(&srv, &out, args), 0);
    assert_non_null(strstr(out.data, "999_broken.sql"));
    buf_free(&out);
    db *d = testsrv_db(&srv);
    arena a;
    arena_init(&a);
    db_result res;
    assert_int_equal(db_query(d, &a, &res, "SELECT COUNT(*) FROM schema_migrations", 0, NULL), 0);
    assert_int_equal(db_cell_int(&res, 0, 0), good);   /* the good ones stay applied */
    assert_int_equal(db_query(d, &a, &res, "SELECT COUNT(*) FROM schema_migrations WHERE version = 999", 0, NULL), 0);
    assert_int_equal(db_cell_int(&res, 0, 0), 0);
    assert_int_equal(db_query(d, &a, &res, "SELECT COUNT(*) FROM half_done", 0, NULL), -1);   /* rolled back */
    arena_free_all(&a);
    db_close(d);
    /* fixed, it applies */
    f = fopen(broken, "w");
    fputs("CREATE TABLE half_done (id INTEGER);\n", f);
    fclose(f);
    assert_int_equal(run_cli(&srv, NULL, args), 0);
}

/* Rows the demo puts in a few tables; a second load must add none. */
static void demo_counts(db *d, arena *a, int64_t out[5])
{
    static const char *const sql[] = {
        "SELECT COUNT(*) FROM users", "SELECT COUNT(*) FROM news", "SELECT COUNT(*) FROM spaces",
        "SELECT COUNT(*) FROM ideas", "SELECT COUNT(*) FROM surveys",
    };
    db_result res;
    for (int i = 0; i < 5; i++) {
        assert_int_equal(db_query(d, a, &res, sql[i], 0, NULL), 0);
        out[i] = db_cell_int(&res, 0, 0);
    }
}

static void demo_data_loads_once(void **state)
{
    (void)state;
    testdb_fresh(&srv);
    const char *const args[] = {"demo-data", NULL};
    assert_int_equal(run_cli(&srv, NULL, args), 0);
    db *d = testsrv_db(&srv);
    arena a;
    arena_init(&a);
    int64_t first[5], second[5];
    demo_counts(d, &a, first);
    for (int i = 0; i < 5; i++) assert_true(first[i] > 0);
    db_close(d);

    assert_int_equal(run_cli(&srv, NULL, args), 0);
    d = testsrv_db(&srv);
    demo_counts(d, &a, second);
    for (int i = 0; i < 5; i++) assert_int_equal(second[i], first[i]);

    db_result res;
    assert_int_equal(db_query(d, &a, &res, "SELECT COUNT(*) FROM municipalities", 0, NULL), 0);
    assert_int_equal(db_cell_int(&res, 0, 0), 10);
    assert_int_equal(db_query(d, &a, &res, "SELECT name_sv FROM municipalities WHERE name_fi = 'Kirkkonummi'", 0, NULL), 0);
    assert_string_equal(db_cell(&res, 0, 0), "Kyrkslätt");
    /* the five accounts the README names are there */
    assert_int_equal(db_query(d, &a, &res, "SELECT COUNT(*) FROM users WHERE email IN ('admin@kohtaamo.example',"
                              " 'koordinaattori@kohtaamo.example', 'moderaattori@kohtaamo.example',"
                              " 'asukas@kohtaamo.example', 'invanare@kohtaamo.example')", 0, NULL), 0);
    assert_int_equal(db_cell_int(&res, 0, 0), 5);
    assert_int_equal(db_query(d, &a, &res, "SELECT password_hash FROM users LIMIT 1", 0, NULL), 0);
    assert_non_null(strstr(db_cell(&res, 0, 0), "$argon2id$"));
    arena_free_all(&a);
    db_close(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(help_documents_every_flag),
        cmocka_unit_test(flags_beat_environment_beat_config_file),
        cmocka_unit_test(failed_migration_leaves_database_as_it_was),
        cmocka_unit_test(demo_data_loads_once),
    };
    return cmocka_run_group_tests_name("command line", tests, NULL, NULL);
}
