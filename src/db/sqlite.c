/* SQLite backend. One connection per thread, so the handle is opened
 * without SQLite's own mutex. */
#include "db_internal.h"
#include "../util/fold.h"
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct sqlite_db {
    db base;
    sqlite3 *conn;
} sqlite_db;

static sqlite3 *conn_of(db *d) { return ((sqlite_db *)d)->conn; }

static bool is_unique_code(int extended)
{
    return extended == SQLITE_CONSTRAINT_UNIQUE || extended == SQLITE_CONSTRAINT_PRIMARYKEY;
}

static void set_sqlite_error(db *d)
{
    sqlite3 *c = conn_of(d);
    db_set_error(d, is_unique_code(sqlite3_extended_errcode(c)), "%s", sqlite3_errmsg(c));
}

/* True when tail holds another statement, not just blanks or comments.
 * PostgreSQL rejects several statements in one prepared query; so do we. */
static bool has_more_sql(sqlite3 *c, const char *tail)
{
    while (tail && *tail) {
        sqlite3_stmt *next = NULL;
        const char *rest = NULL;
        if (sqlite3_prepare_v2(c, tail, -1, &next, &rest) != SQLITE_OK) return true;
        if (next) {
            sqlite3_finalize(next);
            return true;
        }
        if (rest == tail) break;
        tail = rest;
    }
    return false;
}

/* Binds by name so "$2 ... $1" and a repeated "$1" mean what they say.
 * Every $1..$n must appear and nothing else may, matching PostgreSQL,
 * which rejects a parameter count that differs from the statement's. */
static int bind_params(db *d, sqlite3_stmt *stmt, int nparams, const db_param *params)
{
    int expected = sqlite3_bind_parameter_count(stmt);
    if (expected != nparams) {
        db_set_error(d, false, "statement expects %d parameters, %d given", expected, nparams);
        return -1;
    }
    for (int i = 0; i < nparams; i++) {
        char name[16];
        snprintf(name, sizeof name, "$%d", i + 1);
        int idx = sqlite3_bind_parameter_index(stmt, name);
        if (idx == 0) {
            db_set_error(d, false, "statement has no parameter %s", name);
            return -1;
        }
        int rc;
        switch (params[i].type) {
        case DBP_INT:
            rc = sqlite3_bind_int64(stmt, idx, (sqlite3_int64)params[i].i);
            break;
        case DBP_TEXT:  /* a NULL text pointer is SQL NULL */
            rc = params[i].text
                ? sqlite3_bind_text(stmt, idx, params[i].text, -1, SQLITE_TRANSIENT)
                : sqlite3_bind_null(stmt, idx);
            break;
        default:
            rc = sqlite3_bind_null(stmt, idx);
            break;
        }
        if (rc != SQLITE_OK) {
            set_sqlite_error(d);
            return -1;
        }
    }
    return 0;
}

/* Steps stmt to completion, collecting rows into out when asked. */
static int run_stmt(db *d, sqlite3_stmt *stmt, arena *a, db_result *out)
{
    sqlite3 *c = conn_of(d);
    int ncols = sqlite3_column_count(stmt);
    sqlite3_int64 total_before = sqlite3_total_changes64(c);
    db_cellvec cells = { 0 };
    int nrows = 0, rc;

    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        if (!out) continue;
        for (int col = 0; col < ncols; col++) {
            char *cell = NULL;
            int type = sqlite3_column_type(stmt, col);
            if (type == SQLITE_INTEGER) {
                /* sqlite3_column_text would convert in place, with an allocation */
                cell = db_int_text(a, sqlite3_column_int64(stmt, col));
            } else if (type != SQLITE_NULL) {
                /* Text first, then bytes: bytes reports the converted length. */
                const unsigned char *text = sqlite3_column_text(stmt, col);
                int len = sqlite3_column_bytes(stmt, col);
                cell = arena_strndup(a, text ? (const char *)text : "", text ? (size_t)len : 0);
            }
            if (!db_cellvec_push(&cells, cell)) {
                db_cellvec_free(&cells);
                db_set_error(d, false, "out of memory");
                return -1;
            }
        }
        nrows++;
    }
    if (rc != SQLITE_DONE) {
        db_cellvec_free(&cells);
        set_sqlite_error(d);
        return -1;
    }
    if (out) {
        out->nrows = nrows;
        out->ncols = ncols;
        /* sqlite3_changes keeps the count of the last INSERT/UPDATE/DELETE
         * even across SELECTs and DDL; only trust it if this statement
         * actually changed something. */
        out->changes = sqlite3_total_changes64(c) != total_before ? sqlite3_changes64(c) : 0;
        db_cellvec_finish(&cells, a, out);
    }
    return 0;
}

static int sqlite_query(db *d, arena *a, db_result *out, const char *sql,
                        int nparams, const db_param *params)
{
    sqlite3 *c = conn_of(d);
    db_cached_stmt *cached = db_cache_find(d, sql);
    sqlite3_stmt *stmt = cached ? cached->handle : NULL;

    if (!stmt) {
        bool keep = db_cache_has_room(d);
        const char *tail = NULL;
        int rc = sqlite3_prepare_v3(c, sql, -1, keep ? SQLITE_PREPARE_PERSISTENT : 0, &stmt, &tail);
        if (rc != SQLITE_OK) {
            set_sqlite_error(d);
            return -1;
        }
        if (!stmt) {
            db_set_error(d, false, "empty statement");
            return -1;
        }
        if (has_more_sql(c, tail)) {
            sqlite3_finalize(stmt);
            db_set_error(d, false, "db_query runs one statement; use db_exec_script for several");
            return -1;
        }
        if (keep && (cached = db_cache_add(d, sql)) != NULL) cached->handle = stmt;
    }

    int rc = bind_params(d, stmt, nparams, params);
    if (rc == 0) rc = run_stmt(d, stmt, a, out);

    if (cached) {
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
    } else {
        sqlite3_finalize(stmt);
    }
    return rc;
}

static int sqlite_exec_script(db *d, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(conn_of(d), sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        int ext = sqlite3_extended_errcode(conn_of(d));
        db_set_error(d, is_unique_code(ext), "%s", msg ? msg : sqlite3_errstr(rc));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

static void release_stmt(db *d, db_cached_stmt *e)
{
    (void)d;
    sqlite3_finalize(e->handle);
}

static void sqlite_close(db *d)
{
    db_cache_clear(d, release_stmt);
    sqlite3_close(conn_of(d));
    free(d);
}

static bool sqlite_in_transaction(db *d) { return !sqlite3_get_autocommit(conn_of(d)); }

static const db_ops sqlite_ops = {
    .query = sqlite_query,
    .exec_script = sqlite_exec_script,
    .close = sqlite_close,
    .in_transaction = sqlite_in_transaction,
};

/* lower(text) as PostgreSQL's on a UTF-8 database for the letters residents
 * write (util/fold.h); the built-in one lowers ASCII only. */
static void sql_lower(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return;   /* NULL stays NULL */
    const char *s = (const char *)sqlite3_value_text(argv[0]);
    int len = sqlite3_value_bytes(argv[0]);
    char *out = s ? sqlite3_malloc(len + 1) : NULL;
    if (!out) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    text_fold_lower(s, (size_t)len, out);
    out[len] = '\0';
    sqlite3_result_text(ctx, out, len, sqlite3_free);
}

db *db_sqlite_open(const char *path, char *err, size_t errlen)
{
    sqlite3 *c = NULL;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(path, &c, flags, NULL);
    if (rc != SQLITE_OK) {
        db_fill_err(err, errlen, "cannot open SQLite database '%s': %s", path,
                    c ? sqlite3_errmsg(c) : sqlite3_errstr(rc));
        sqlite3_close(c);
        return NULL;
    }
    sqlite3_extended_result_codes(c, 1);
    sqlite3_busy_timeout(c, 5000);
    if (sqlite3_create_function_v2(c, "lower", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                                   sql_lower, NULL, NULL, NULL) != SQLITE_OK) {
        db_fill_err(err, errlen, "cannot set up SQLite database '%s': %s", path, sqlite3_errmsg(c));
        sqlite3_close(c);
        return NULL;
    }

    char *msg = NULL;
    rc = sqlite3_exec(c, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;",
                      NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        db_fill_err(err, errlen, "cannot set up SQLite database '%s': %s", path,
                    msg ? msg : sqlite3_errstr(rc));
        sqlite3_free(msg);
        sqlite3_close(c);
        return NULL;
    }

    sqlite_db *s = calloc(1, sizeof *s);
    if (!s) {
        sqlite3_close(c);
        db_fill_err(err, errlen, "out of memory");
        return NULL;
    }
    s->base.ops = &sqlite_ops;
    s->base.kind = DB_SQLITE;
    s->conn = c;
    return &s->base;
}
