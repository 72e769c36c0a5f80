/* PostgreSQL backend over libpq. Parameters go as text with types left
 * for the server to infer, so the same $n queries work as on SQLite. */
#include "db_internal.h"
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PG_UNIQUE_VIOLATION "23505"

typedef struct pg_db {
    db base;
    PGconn *conn;
    unsigned next_stmt;  /* for names k1, k2, ... */
} pg_db;

static PGconn *conn_of(db *d) { return ((pg_db *)d)->conn; }

/* libpq prints notices to stderr by default; the layer never prints. */
static void ignore_notice(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

static int session_setup(PGconn *c, char *err, size_t errlen)
{
    PQsetNoticeProcessor(c, ignore_notice, NULL);
    PGresult *res = PQexec(c, "SET client_min_messages=warning; SET TIME ZONE 'UTC'; "
                           /* Our statements are prepared once and their shapes never vary;
                            * re-planning them for every LIMIT value cost more than running them. */
                           "SET plan_cache_mode = force_generic_plan");
    bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    if (!ok) db_fill_err(err, errlen, "cannot set up PostgreSQL session: %s", PQerrorMessage(c));
    PQclear(res);
    return ok ? 0 : -1;
}

/* Records the error carried by res (or the connection's, if res is NULL). */
static void set_pg_error(db *d, const PGresult *res)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *msg = res ? PQresultErrorMessage(res) : NULL;
    if (!msg || !*msg) msg = PQerrorMessage(conn_of(d));
    bool unique = state && strcmp(state, PG_UNIQUE_VIOLATION) == 0;
    db_set_error(d, unique, "%s", msg);
}

/* A dropped connection loses its prepared statements with it. Reconnect
 * so the next call can work; the failed call still reports its error,
 * since retrying a statement blindly could apply it twice. */
static void recover_if_broken(db *d)
{
    PGconn *c = conn_of(d);
    if (PQstatus(c) != CONNECTION_BAD) return;
    db_cache_clear(d, NULL);
    PQreset(c);
    if (PQstatus(c) == CONNECTION_OK) session_setup(c, NULL, 0);
}

static bool result_ok(const PGresult *res)
{
    ExecStatusType st = PQresultStatus(res);
    return st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK || st == PGRES_EMPTY_QUERY;
}

static void collect_rows(PGresult *res, arena *a, db_result *out)
{
    int nrows = PQntuples(res), ncols = PQnfields(res);
    out->nrows = nrows;
    out->ncols = ncols;
    out->cells = NULL;
    if (nrows > 0 && ncols > 0) {
        out->cells = arena_alloc(a, (size_t)nrows * (size_t)ncols * sizeof *out->cells);
        for (int r = 0; r < nrows; r++)
            for (int col = 0; col < ncols; col++)
                if (!PQgetisnull(res, r, col))
                    out->cells[r * ncols + col] =
                        arena_strndup(a, PQgetvalue(res, r, col), (size_t)PQgetlength(res, r, col));
    }
    /* PQcmdTuples also counts SELECT rows; "changes" means writes only. */
    const char *tuples = PQcmdTuples(res);
    out->changes = (strncmp(PQcmdStatus(res), "SELECT", 6) == 0 || !*tuples)
                 ? 0 : strtoll(tuples, NULL, 10);
}

/* Prepares sql under a fresh name on first sight and caches the name;
 * returns the cache entry, or NULL to run the statement unprepared
 * (cache full). Sets *failed when the server rejects the statement. */
static db_cached_stmt *prepare_cached(db *d, const char *sql, bool *failed)
{
    pg_db *p = (pg_db *)d;
    *failed = false;
    db_cached_stmt *cached = db_cache_find(d, sql);
    if (cached || !db_cache_has_room(d)) return cached;

    char name[sizeof cached->name];
    snprintf(name, sizeof name, "k%u", ++p->next_stmt);
    PGresult *prep = PQprepare(p->conn, name, sql, 0, NULL);
    if (PQresultStatus(prep) != PGRES_COMMAND_OK) {
        set_pg_error(d, prep);
        PQclear(prep);
        recover_if_broken(d);
        *failed = true;
        return NULL;
    }
    PQclear(prep);
    cached = db_cache_add(d, sql);
    if (cached) {
        memcpy(cached->name, name, sizeof name);
    } else {
        /* No memory for the entry: drop the server-side copy too. */
        char dealloc[40];
        snprintf(dealloc, sizeof dealloc, "DEALLOCATE %s", name);
        PQclear(PQexec(p->conn, dealloc));
    }
    return cached;
}

static int run_query(db *d, arena *a, db_result *out, const char *sql,
                     int nparams, const char *const *values)
{
    PGconn *c = conn_of(d);
    bool failed;
    db_cached_stmt *cached = prepare_cached(d, sql, &failed);
    if (failed) return -1;

    PGresult *res = cached
        ? PQexecPrepared(c, cached->name, nparams, values, NULL, NULL, 0)
        : PQexecParams(c, sql, nparams, NULL, values, NULL, NULL, 0);
    int rc = 0;
    if (res && result_ok(res)) {
        if (out) collect_rows(res, a, out);
    } else {
        set_pg_error(d, res);
        recover_if_broken(d);
        rc = -1;
    }
    PQclear(res);
    return rc;
}

static int pg_query(db *d, arena *a, db_result *out, const char *sql,
                    int nparams, const db_param *params)
{
    /* Parameter text lives on the stack for the common short lists. */
    enum { INLINE_PARAMS = 16, INT_TEXT = 24 };
    const char *inline_values[INLINE_PARAMS];
    char inline_ints[INLINE_PARAMS][INT_TEXT];
    const char **values = inline_values;
    char (*ints)[INT_TEXT] = inline_ints;

    if (nparams > INLINE_PARAMS) {
        values = malloc((size_t)nparams * sizeof *values);
        ints = malloc((size_t)nparams * sizeof *ints);
        if (!values || !ints) {
            free(values);
            free(ints);
            db_set_error(d, false, "out of memory");
            return -1;
        }
    }
    for (int i = 0; i < nparams; i++) {
        switch (params[i].type) {
        case DBP_INT:
            snprintf(ints[i], INT_TEXT, "%lld", (long long)params[i].i);
            values[i] = ints[i];
            break;
        case DBP_TEXT:
            values[i] = params[i].text;  /* a NULL pointer is SQL NULL */
            break;
        default:
            values[i] = NULL;
            break;
        }
    }

    int rc = run_query(d, a, out, sql, nparams, values);
    if (values != inline_values) {
        free(values);
        free(ints);
    }
    return rc;
}

static int pg_exec_script(db *d, const char *sql)
{
    /* PQexec runs a multi-statement string as one simple query and
     * stops at the first failing statement. */
    PGresult *res = PQexec(conn_of(d), sql);
    int rc = 0;
    if (!res || !result_ok(res)) {
        set_pg_error(d, res);
        recover_if_broken(d);
        rc = -1;
    }
    PQclear(res);
    return rc;
}

static void pg_close(db *d)
{
    db_cache_clear(d, NULL);  /* statements die with the session */
    PQfinish(conn_of(d));
    free(d);
}

static bool pg_in_transaction(db *d) { return PQtransactionStatus(conn_of(d)) != PQTRANS_IDLE; }

static const db_ops pg_ops = {
    .query = pg_query,
    .exec_script = pg_exec_script,
    .close = pg_close,
    .in_transaction = pg_in_transaction,
};

db *db_postgres_open(const char *url, char *err, size_t errlen)
{
    PGconn *c = PQconnectdb(url);
    if (!c) {
        db_fill_err(err, errlen, "out of memory");
        return NULL;
    }
    if (PQstatus(c) != CONNECTION_OK) {
        db_fill_err(err, errlen, "cannot connect to PostgreSQL: %s", PQerrorMessage(c));
        PQfinish(c);
        return NULL;
    }
    if (session_setup(c, err, errlen) != 0) {
        PQfinish(c);
        return NULL;
    }
    pg_db *p = calloc(1, sizeof *p);
    if (!p) {
        PQfinish(c);
        db_fill_err(err, errlen, "out of memory");
        return NULL;
    }
    p->base.ops = &pg_ops;
    p->base.kind = DB_POSTGRES;
    p->conn = c;
    return &p->base;
}
