/* Storage: one API over SQLite and PostgreSQL.
 *
 * Queries are written once with $1..$n placeholders and run on both
 * backends; values are always bound, never spliced into SQL text.
 * Each thread uses its own connection (db_thread_conn). */
#ifndef KOHTAAMO_DB_H
#define KOHTAAMO_DB_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "../util/arena.h"

typedef enum { DB_SQLITE, DB_POSTGRES } db_kind;

typedef struct db db;

typedef enum { DBP_NULL, DBP_TEXT, DBP_INT } db_param_type;
typedef struct db_param {
    db_param_type type;
    const char *text;  /* DBP_TEXT */
    int64_t i;         /* DBP_INT */
} db_param;

static inline db_param db_text_param(const char *s)
{
    db_param p = {s ? DBP_TEXT : DBP_NULL, s, 0};
    return p;
}
#define DB_TEXT(s) db_text_param(s)
#define DB_INT(v) ((db_param){ DBP_INT, NULL, (int64_t)(v) })
#define DB_NULL ((db_param){ DBP_NULL, NULL, 0 })

/* A fully fetched result; every cell is text (NULL for SQL NULL). Lives in the arena. */
typedef struct db_result {
    int nrows, ncols;
    char **cells;       /* nrows * ncols */
    long long changes;  /* rows changed by INSERT/UPDATE/DELETE */
} db_result;

static inline const char *db_cell(const db_result *r, int row, int col)
{
    return (row < r->nrows && col < r->ncols) ? r->cells[row * r->ncols + col] : NULL;
}
int64_t db_cell_int(const db_result *r, int row, int col);

/* url: "sqlite:PATH", a plain file path, or "postgresql://..." / "postgres://...".
 * Returns NULL and fills err on failure. The caller owns the connection. */
db *db_open(const char *url, char *err, size_t errlen);
void db_close(db *d);
db_kind db_kind_of(const db *d);

/* Runs one statement. Returns 0 on success, -1 on error (message via db_error).
 * The statement is prepared once per connection and cached by its text. */
int db_query(db *d, arena *a, db_result *out, const char *sql, int nparams, const db_param *params);
/* Like db_query without results (out may be NULL). */
int db_exec(db *d, const char *sql, int nparams, const db_param *params);
/* Runs a script of several statements with no parameters (migrations only). */
int db_exec_script(db *d, const char *sql);
/* Text of the last error on this connection. */
const char *db_error(db *d);
/* True when the last error was a uniqueness violation. */
bool db_error_is_unique(db *d);

/* True while a transaction begun on this connection is neither committed
 * nor rolled back. */
bool db_in_transaction(db *d);
int db_begin(db *d);
int db_commit(db *d);
int db_rollback(db *d);

/* Applies the dialect shim used by migrations: @ID@, @BLOB@ become the
 * backend's own spelling. The caller frees the result. */
char *db_dialect_rewrite(db_kind kind, const char *sql);

/* Configures the per-thread connection pool: every thread lazily opens
 * one connection to url on first use. */
void db_pool_configure(const char *url);
/* The calling thread's connection, opened on first use; NULL on failure
 * (err filled). Closed by db_pool_thread_exit or at process exit. */
db *db_thread_conn(char *err, size_t errlen);
/* Closes the calling thread's connection now. Threads that exit without
 * calling it have theirs closed automatically at thread exit. */
void db_pool_thread_exit(void);
/* Closes every pooled connection. Call only when no other thread is using
 * its connection (after the server's workers have stopped). */
void db_pool_shutdown(void);

#endif
