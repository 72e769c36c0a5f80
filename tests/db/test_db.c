/* Storage layer tests. The same cases run against SQLite (a temporary
 * file) and, when KOHTAAMO_TEST_PG_URL is set, against PostgreSQL; in a
 * strict run (make check, CI) it must be set. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"
#include "test_strict.h"

typedef struct backend {
    const char *label;
    char url[1024];
    char tmpdir[256];  /* SQLite only */
    db *d;
    arena a;
} backend;

/* The backend the current group runs against. */
static backend *B;
static backend sqlite_backend = { .label = "sqlite" };
static backend pg_backend = { .label = "postgres" };

static const char *schema =
    "DROP TABLE IF EXISTS items;\n"
    "CREATE TABLE items (\n"
    "  id @ID@,\n"
    "  name TEXT NOT NULL UNIQUE,\n"
    "  note TEXT,\n"
    "  n @BIGINT@,\n"
    "  data @BLOB@\n"
    ");\n";

#define NPARAMS(arr) ((int)(sizeof(arr) / sizeof((arr)[0])))

static db_result must_query(const char *sql, int nparams, const db_param *params)
{
    db_result r;
    int rc = db_query(B->d, &B->a, &r, sql, nparams, params);
    if (rc != 0) print_error("[%s] %s: %s\n", B->label, sql, db_error(B->d));
    assert_int_equal(rc, 0);
    return r;
}

static int64_t count_items(void)
{
    db_result r = must_query("SELECT COUNT(*) FROM items", 0, NULL);
    assert_int_equal(r.nrows, 1);
    return db_cell_int(&r, 0, 0);
}

static int64_t insert_item(const char *name, db_param note, db_param n)
{
    db_param p[] = { DB_TEXT(name), note, n };
    db_result r = must_query("INSERT INTO items(name, note, n) VALUES($1, $2, $3) RETURNING id",
                             NPARAMS(p), p);
    assert_int_equal(r.nrows, 1);
    return db_cell_int(&r, 0, 0);
}

/* ------------------------------------------------------------- fixtures */

static int open_backend(backend *b)
{
    char err[512];
    b->d = db_open(b->url, err, sizeof err);
    if (!b->d) {
        print_error("[%s] cannot open %s: %s\n", b->label, b->url, err);
        return -1;
    }
    char *ddl = db_dialect_rewrite(db_kind_of(b->d), schema);
    int rc = ddl ? db_exec_script(b->d, ddl) : -1;
    if (rc != 0) print_error("[%s] schema: %s\n", b->label, db_error(b->d));
    free(ddl);
    B = b;
    return rc;
}

static int setup_sqlite_group(void **state)
{
    (void)state;
    snprintf(sqlite_backend.tmpdir, sizeof sqlite_backend.tmpdir, "/tmp/kohtaamo-test-db-XXXXXX");
    if (!mkdtemp(sqlite_backend.tmpdir)) return -1;
    snprintf(sqlite_backend.url, sizeof sqlite_backend.url, "sqlite:%s/test.db", sqlite_backend.tmpdir);
    return open_backend(&sqlite_backend);
}

static int teardown_sqlite_group(void **state)
{
    (void)state;
    db_close(sqlite_backend.d);
    sqlite_backend.d = NULL;
    const char *suffixes[] = { "", "-wal", "-shm", "-journal" };
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/test.db%s", sqlite_backend.tmpdir, suffixes[i]);
        unlink(path);
    }
    rmdir(sqlite_backend.tmpdir);
    return 0;
}

static int setup_pg_group(void **state)
{
    (void)state;
    snprintf(pg_backend.url, sizeof pg_backend.url, "%s", getenv("KOHTAAMO_TEST_PG_URL"));
    return open_backend(&pg_backend);
}

static int teardown_pg_group(void **state)
{
    (void)state;
    if (pg_backend.d) db_exec_script(pg_backend.d, "DROP TABLE IF EXISTS items");
    db_close(pg_backend.d);
    pg_backend.d = NULL;
    return 0;
}

static int setup_test(void **state)
{
    (void)state;
    arena_init(&B->a);
    /* A previous failed test may have left a transaction open. */
    db_exec(B->d, "ROLLBACK", 0, NULL);
    return db_exec(B->d, "DELETE FROM items", 0, NULL);
}

static int teardown_test(void **state)
{
    (void)state;
    arena_free_all(&B->a);
    return 0;
}

/* ---------------------------------------------------------------- cases */

static void test_insert_returning(void **state)
{
    (void)state;
    db_param p[] = { DB_TEXT("first"), DB_INT(7) };
    db_result r = must_query("INSERT INTO items(name, n) VALUES($1, $2) RETURNING id", 2, p);
    assert_int_equal(r.nrows, 1);
    assert_int_equal(r.ncols, 1);
    assert_int_equal(r.changes, 1);
    int64_t id1 = db_cell_int(&r, 0, 0);
    assert_true(id1 > 0);

    int64_t id2 = insert_item("second", DB_NULL, DB_INT(8));
    assert_true(id2 > id1);

    db_param q[] = { DB_INT(id1) };
    r = must_query("SELECT name, n FROM items WHERE id = $1", 1, q);
    assert_int_equal(r.nrows, 1);
    assert_int_equal(r.ncols, 2);
    assert_string_equal(db_cell(&r, 0, 0), "first");
    assert_string_equal(db_cell(&r, 0, 1), "7");
    assert_int_equal(db_cell_int(&r, 0, 1), 7);
    assert_null(db_cell(&r, 1, 0));  /* out of range */
    assert_null(db_cell(&r, 0, 2));
}

static void test_params_stored_verbatim(void **state)
{
    (void)state;
    static const char *values[] = {
        "Robert'); DROP TABLE items; --",
        "'; DROP TABLE items; --",
        "semi;colon \"double\" 'single' \\backslash",
        "$1 and ? and :name and @ID@ and %s",
        "\xc3\xa4\xc3\xa4kk\xc3\xb6set \xe2\x98\x83",
        "",
    };
    const int nvalues = (int)(sizeof values / sizeof values[0]);
    for (int i = 0; i < nvalues; i++) insert_item(values[i], DB_TEXT(values[i]), DB_INT(i));

    assert_int_equal(count_items(), nvalues);  /* table survived */
    for (int i = 0; i < nvalues; i++) {
        db_param p[] = { DB_TEXT(values[i]) };
        db_result r = must_query("SELECT note, n FROM items WHERE name = $1", 1, p);
        assert_int_equal(r.nrows, 1);
        assert_string_equal(db_cell(&r, 0, 0), values[i]);
        assert_int_equal(db_cell_int(&r, 0, 1), i);
    }
    db_param p[] = { DB_TEXT("' OR '1'='1") };
    db_result r = must_query("SELECT id FROM items WHERE name = $1", 1, p);
    assert_int_equal(r.nrows, 0);
}

static void test_null_round_trip(void **state)
{
    (void)state;
    insert_item("nullish", DB_NULL, DB_TEXT(NULL));
    insert_item("present", DB_TEXT("x"), DB_INT(1));

    db_param p[] = { DB_TEXT("nullish") };
    db_result r = must_query("SELECT note, n FROM items WHERE name = $1", 1, p);
    assert_int_equal(r.nrows, 1);
    assert_null(db_cell(&r, 0, 0));
    assert_null(db_cell(&r, 0, 1));
    assert_int_equal(db_cell_int(&r, 0, 1), 0);

    r = must_query("SELECT COUNT(*) FROM items WHERE note IS NULL", 0, NULL);
    assert_int_equal(db_cell_int(&r, 0, 0), 1);

    db_param u[] = { DB_NULL, DB_TEXT("present") };
    r = must_query("UPDATE items SET note = $1 WHERE name = $2", 2, u);
    assert_int_equal(r.changes, 1);
    r = must_query("SELECT COUNT(*) FROM items WHERE note IS NULL", 0, NULL);
    assert_int_equal(db_cell_int(&r, 0, 0), 2);
}

static void test_int_params_in_limit_offset(void **state)
{
    (void)state;
    for (int i = 0; i < 10; i++) {
        char name[16];
        snprintf(name, sizeof name, "row%d", i);
        insert_item(name, DB_NULL, DB_INT(i));
    }
    const char *sql = "SELECT n, name FROM items ORDER BY n LIMIT $1 OFFSET $2";
    db_param p[] = { DB_INT(3), DB_INT(4) };
    db_result r = must_query(sql, 2, p);
    assert_int_equal(r.nrows, 3);
    for (int i = 0; i < 3; i++) assert_int_equal(db_cell_int(&r, i, 0), 4 + i);
    assert_string_equal(db_cell(&r, 2, 1), "row6");

    db_param none[] = { DB_INT(0), DB_INT(0) };
    r = must_query(sql, 2, none);  /* now from the statement cache */
    assert_int_equal(r.nrows, 0);
    assert_int_equal(r.ncols, 2);
    assert_int_equal(count_items(), 10);
}

static void test_int64_round_trip(void **state)
{
    (void)state;
    const int64_t big = INT64_MAX - 1, small = INT64_MIN + 1;
    insert_item("big", DB_NULL, DB_INT(big));
    insert_item("small", DB_NULL, DB_INT(small));
    db_result r = must_query("SELECT n FROM items ORDER BY n", 0, NULL);
    assert_int_equal(r.nrows, 2);
    assert_true(db_cell_int(&r, 0, 0) == small);
    assert_true(db_cell_int(&r, 1, 0) == big);
}

/* Searches lower both sides: lower() must fold the letters residents write
 * the same on both databases (SQLite's own knows only ASCII). Integers
 * come back as the same text on both, too. */
static void test_lower_and_integer_text_alike(void **state)
{
    (void)state;
    db_param p[] = {DB_TEXT("ÄÄNESTYS Öljy Åbo Éric ŠAKKI ŽANNA ĽUBICA Ÿ × Straße 1A")};
    db_result r = must_query("SELECT lower($1), lower(NULL), 42, -9223372036854775807, 0", 1, p);
    assert_string_equal(db_cell(&r, 0, 0), "äänestys öljy åbo éric šakki žanna ľubica ÿ × straße 1a");
    assert_null(db_cell(&r, 0, 1));
    assert_string_equal(db_cell(&r, 0, 2), "42");
    assert_string_equal(db_cell(&r, 0, 3), "-9223372036854775807");
    assert_string_equal(db_cell(&r, 0, 4), "0");
}

static void test_unique_violation(void **state)
{
    (void)state;
    int64_t id = insert_item("dup", DB_NULL, DB_NULL);

    db_param p[] = { DB_TEXT("dup") };
    assert_int_equal(db_exec(B->d, "INSERT INTO items(name) VALUES($1)", 1, p), -1);
    assert_true(db_error_is_unique(B->d));
    assert_true(strlen(db_error(B->d)) > 0);

    /* Primary key collisions count as uniqueness violations too. */
    db_param pk[] = { DB_INT(id), DB_TEXT("other") };
    assert_int_equal(db_exec(B->d, "INSERT INTO items(id, name) VALUES($1, $2)", 2, pk), -1);
    assert_true(db_error_is_unique(B->d));

    /* Other constraint failures are not. */
    db_param null_name[] = { DB_NULL };
    assert_int_equal(db_exec(B->d, "INSERT INTO items(name) VALUES($1)", 1, null_name), -1);
    assert_false(db_error_is_unique(B->d));

    db_result r;
    assert_int_equal(db_query(B->d, &B->a, &r,
                              "INSERT INTO items(name) VALUES($1) ON CONFLICT DO NOTHING RETURNING id",
                              1, p), 0);
    assert_int_equal(r.nrows, 0);
    assert_int_equal(r.changes, 0);
    assert_int_equal(count_items(), 1);
}

static void test_transaction_rollback(void **state)
{
    (void)state;
    assert_int_equal(db_begin(B->d), 0);
    insert_item("ghost", DB_NULL, DB_NULL);
    assert_int_equal(count_items(), 1);  /* visible inside */
    assert_int_equal(db_rollback(B->d), 0);
    assert_int_equal(count_items(), 0);

    assert_int_equal(db_begin(B->d), 0);
    insert_item("kept", DB_NULL, DB_NULL);
    assert_int_equal(db_commit(B->d), 0);
    assert_int_equal(count_items(), 1);

    /* A failed statement inside a transaction: rollback recovers. */
    assert_int_equal(db_begin(B->d), 0);
    insert_item("ghost", DB_NULL, DB_NULL);
    db_param p[] = { DB_TEXT("kept") };
    assert_int_equal(db_exec(B->d, "INSERT INTO items(name) VALUES($1)", 1, p), -1);
    assert_true(db_error_is_unique(B->d));
    assert_int_equal(db_rollback(B->d), 0);
    assert_int_equal(count_items(), 1);
}

static void test_errors_leave_connection_usable(void **state)
{
    (void)state;
    db_result r;
    for (int i = 0; i < 2; i++) {  /* twice: a failed prepare must not be cached */
        assert_int_equal(db_query(B->d, &B->a, &r, "SELEC nonsense FROM", 0, NULL), -1);
        assert_true(strlen(db_error(B->d)) > 0);
        assert_false(db_error_is_unique(B->d));
    }
    assert_int_equal(db_exec(B->d, "SELECT * FROM no_such_table", 0, NULL), -1);
    assert_non_null(strstr(db_error(B->d), "no_such_table"));

    /* One statement per db_query, on both backends. */
    assert_int_equal(db_exec(B->d, "SELECT 1; SELECT 2", 0, NULL), -1);
    /* A trailing semicolon or comment is not a second statement. */
    assert_int_equal(db_exec(B->d, "SELECT 1; -- done", 0, NULL), 0);

    /* Parameter count must match the statement on both backends. */
    db_param two[] = { DB_INT(1), DB_INT(2) };
    assert_int_equal(db_exec(B->d, "SELECT id FROM items WHERE id = $1", 2, two), -1);

    db_param one[] = { DB_INT(41) };
    r = must_query("SELECT 1 + $1", 1, one);
    assert_int_equal(db_cell_int(&r, 0, 0), 42);
    /* Repeated and out-of-order placeholders bind by number. */
    db_param ab[] = { DB_TEXT("a"), DB_TEXT("b") };
    r = must_query("SELECT $2 || $1 || $2", 2, ab);
    assert_string_equal(db_cell(&r, 0, 0), "bab");
}

static void test_changes(void **state)
{
    (void)state;
    for (int i = 0; i < 3; i++) {
        char name[16];
        snprintf(name, sizeof name, "c%d", i);
        insert_item(name, DB_NULL, DB_INT(i));
    }
    db_result r = must_query("UPDATE items SET n = n + 10", 0, NULL);
    assert_int_equal(r.changes, 3);
    r = must_query("SELECT * FROM items", 0, NULL);
    assert_int_equal(r.nrows, 3);
    assert_int_equal(r.changes, 0);
    db_param p[] = { DB_INT(11) };
    r = must_query("DELETE FROM items WHERE n > $1", 1, p);
    assert_int_equal(r.changes, 1);
    r = must_query("UPDATE items SET n = 0 WHERE n < 0", 0, NULL);
    assert_int_equal(r.changes, 0);
}

static void test_exec_script(void **state)
{
    (void)state;
    assert_int_equal(db_exec_script(B->d,
        "INSERT INTO items(name) VALUES('s1');\n"
        "INSERT INTO items(name) VALUES('s2');\n"), 0);
    assert_int_equal(count_items(), 2);
    assert_int_equal(db_exec_script(B->d, "SELECT 1; SELEC 2;"), -1);
    assert_true(strlen(db_error(B->d)) > 0);
    assert_int_equal(db_exec_script(B->d, "INSERT INTO items(name) VALUES('s1')"), -1);
    assert_true(db_error_is_unique(B->d));
}

/* More distinct statements than the cache holds: the overflow runs
 * uncached and results stay right either way. */
static void test_statement_cache_overflow(void **state)
{
    (void)state;
    insert_item("x", DB_NULL, DB_INT(1));
    db_param p[] = { DB_TEXT("x") };
    for (int round = 0; round < 2; round++) {
        for (int i = 0; i < 600; i++) {
            char sql[128];
            snprintf(sql, sizeof sql, "SELECT n + %d FROM items WHERE name = $1", i);
            db_result r = must_query(sql, 1, p);
            assert_int_equal(r.nrows, 1);
            assert_int_equal(db_cell_int(&r, 0, 0), i + 1);
        }
        arena_free_all(&B->a);
    }
}

/* Each thread gets its own connection and keeps it. */
enum { POOL_THREADS = 2, POOL_INSERTS = 20 };
typedef struct pool_worker {
    int index;
    pthread_barrier_t *barrier;
    db *first, *second;
    int failures;
    char err[256];
} pool_worker;

static void *pool_worker_main(void *arg)
{
    pool_worker *w = arg;
    w->first = db_thread_conn(w->err, sizeof w->err);
    w->second = db_thread_conn(w->err, sizeof w->err);
    if (w->first) {
        for (int i = 0; i < POOL_INSERTS; i++) {
            char name[32];
            snprintf(name, sizeof name, "t%d-%d", w->index, i);
            const char *text = name;  /* DB_TEXT tests its argument for NULL */
            db_param p[] = { DB_TEXT(text) };
            if (db_begin(w->first) != 0 ||
                db_exec(w->first, "INSERT INTO items(name) VALUES($1)", 1, p) != 0 ||
                db_commit(w->first) != 0) {
                snprintf(w->err, sizeof w->err, "%s", db_error(w->first));
                db_rollback(w->first);
                w->failures++;
            }
        }
    }
    /* Both threads hold their connections at once, so addresses cannot be
     * recycled between them. */
    pthread_barrier_wait(w->barrier);
    return NULL;  /* connection closed by the pool's thread-exit hook */
}

static void test_pool_per_thread(void **state)
{
    (void)state;
    db_pool_configure(B->url);
    pthread_barrier_t barrier;
    pthread_barrier_init(&barrier, NULL, POOL_THREADS);
    pool_worker workers[POOL_THREADS];
    pthread_t threads[POOL_THREADS];
    for (int i = 0; i < POOL_THREADS; i++) {
        workers[i] = (pool_worker){ .index = i, .barrier = &barrier };
        assert_int_equal(pthread_create(&threads[i], NULL, pool_worker_main, &workers[i]), 0);
    }
    for (int i = 0; i < POOL_THREADS; i++) pthread_join(threads[i], NULL);
    pthread_barrier_destroy(&barrier);

    for (int i = 0; i < POOL_THREADS; i++) {
        if (!workers[i].first || workers[i].failures)
            print_error("[%s] worker %d: %s\n", B->label, i, workers[i].err);
        assert_non_null(workers[i].first);
        assert_ptr_equal(workers[i].first, workers[i].second);
        assert_int_equal(workers[i].failures, 0);
    }
    assert_ptr_not_equal(workers[0].first, workers[1].first);
    assert_int_equal(count_items(), POOL_THREADS * POOL_INSERTS);

    /* The main thread: stable until shut down, then reopened on demand. */
    char err[256];
    db *mine = db_thread_conn(err, sizeof err);
    assert_non_null(mine);
    assert_ptr_equal(db_thread_conn(err, sizeof err), mine);
    assert_int_equal(db_exec(mine, "SELECT 1", 0, NULL), 0);
    db_pool_shutdown();
    db *again = db_thread_conn(err, sizeof err);
    assert_non_null(again);
    assert_int_equal(db_exec(again, "SELECT 1", 0, NULL), 0);
    db_pool_thread_exit();
    db_pool_shutdown();
}

/* ------------------------------------------------- backend-free checks */

static void test_dialect_rewrite(void **state)
{
    (void)state;
    char *s = db_dialect_rewrite(DB_SQLITE, "CREATE TABLE t(id @ID@, b @BLOB@, n @BIGINT@, e TEXT DEFAULT '@')");
    assert_string_equal(s, "CREATE TABLE t(id INTEGER PRIMARY KEY AUTOINCREMENT, b BLOB, n INTEGER, e TEXT DEFAULT '@')");
    free(s);
    s = db_dialect_rewrite(DB_POSTGRES, "CREATE TABLE t(id @ID@, b @BLOB@, n @BIGINT@)");
    assert_string_equal(s, "CREATE TABLE t(id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, b BYTEA, n BIGINT)");
    free(s);
    s = db_dialect_rewrite(DB_POSTGRES, "");
    assert_string_equal(s, "");
    free(s);
}

static void test_open_errors(void **state)
{
    (void)state;
    char err[512];
    err[0] = '\0';
    assert_null(db_open("sqlite:/nonexistent-kohtaamo-dir/sub/x.db", err, sizeof err));
    assert_true(strlen(err) > 0);
    err[0] = '\0';
    assert_null(db_open("sqlite:", err, sizeof err));
    assert_true(strlen(err) > 0);
    err[0] = '\0';
    assert_null(db_open("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2", err, sizeof err));
    assert_true(strlen(err) > 0);
    err[0] = '\0';
    db_pool_configure(NULL);
    assert_null(db_thread_conn(err, sizeof err));
    assert_true(strlen(err) > 0);

    db *mem = db_open(":memory:", err, sizeof err);
    assert_non_null(mem);
    assert_int_equal(db_kind_of(mem), DB_SQLITE);
    db_close(mem);
}

#define CASE(fn) cmocka_unit_test_setup_teardown(fn, setup_test, teardown_test)

int main(void)
{
    const struct CMUnitTest common[] = {
        cmocka_unit_test(test_dialect_rewrite),
        cmocka_unit_test(test_open_errors),
    };
    const struct CMUnitTest cases[] = {
        CASE(test_insert_returning),
        CASE(test_params_stored_verbatim),
        CASE(test_null_round_trip),
        CASE(test_int_params_in_limit_offset),
        CASE(test_int64_round_trip),
        CASE(test_lower_and_integer_text_alike),
        CASE(test_unique_violation),
        CASE(test_transaction_rollback),
        CASE(test_errors_leave_connection_usable),
        CASE(test_changes),
        CASE(test_exec_script),
        CASE(test_statement_cache_overflow),
        CASE(test_pool_per_thread),
    };
    int failed = cmocka_run_group_tests_name("db_common", common, NULL, NULL);
    failed += cmocka_run_group_tests_name("db_sqlite", cases, setup_sqlite_group, teardown_sqlite_group);
    /* make check and CI must test PostgreSQL: there a missing URL is a
     * failure, not a skip. An unreachable one fails the group's setup. */
    const char *pg_url = getenv("KOHTAAMO_TEST_PG_URL");
    if (pg_url && *pg_url) {
        failed += cmocka_run_group_tests_name("db_postgres", cases, setup_pg_group, teardown_pg_group);
    } else if (test_strict()) {
        printf("[  FAILED  ] db_postgres: KOHTAAMO_TEST_PG_URL is not set, and PostgreSQL must be tested here\n");
        failed++;
    } else {
        printf("[  SKIPPED ] db_postgres: KOHTAAMO_TEST_PG_URL not set\n");
    }
    return failed ? 1 : 0;
}
