/* Storage internals shared by db.c and the two backends. Not for use
 * outside src/db. */
#ifndef KOHTAAMO_DB_INTERNAL_H
#define KOHTAAMO_DB_INTERNAL_H
#include "db.h"
#include <stdbool.h>
#include <stdint.h>

/* Prepared statements are cached per connection, keyed by SQL text.
 * The cap keeps a program that builds SQL dynamically from growing the
 * cache without bound; past it statements are prepared per call. */
#define DB_STMT_CACHE_MAX 512
#define DB_STMT_CACHE_BUCKETS 1024  /* power of two */

typedef struct db_cached_stmt {
    struct db_cached_stmt *next;  /* bucket chain */
    uint64_t hash;
    char *sql;                    /* owned copy; compared in full on hit */
    void *handle;                 /* SQLite: sqlite3_stmt * */
    char name[16];                /* PostgreSQL: server-side statement name */
} db_cached_stmt;

typedef struct db_stmt_cache {
    db_cached_stmt *buckets[DB_STMT_CACHE_BUCKETS];
    int count;
} db_stmt_cache;

/* What a backend supplies. query() must accept a NULL arena and result
 * (db_exec), in which case rows are stepped through and discarded. */
typedef struct db_ops {
    int (*query)(db *d, arena *a, db_result *out, const char *sql,
                 int nparams, const db_param *params);
    int (*exec_script)(db *d, const char *sql);
    void (*close)(db *d);  /* frees d itself */
    bool (*in_transaction)(db *d);
} db_ops;

/* Every backend's connection struct begins with this. */
struct db {
    const db_ops *ops;
    db_kind kind;
    bool err_unique;      /* last error was a uniqueness violation */
    char errmsg[1024];    /* last error; kept until the next error */
    db_stmt_cache cache;
};

db *db_sqlite_open(const char *path, char *err, size_t errlen);
db *db_postgres_open(const char *url, char *err, size_t errlen);

/* Records an error on d. Printf-style; the message is truncated to fit. */
void db_set_error(db *d, bool unique, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Fills a caller's error buffer (either may be NULL/0). */
void db_fill_err(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

db_cached_stmt *db_cache_find(db *d, const char *sql);
bool db_cache_has_room(const db *d);
/* Adds an entry with a copy of sql and no handle. NULL when the cache is
 * full or memory is short; the caller then runs the statement uncached. */
db_cached_stmt *db_cache_add(db *d, const char *sql);
/* Drops every entry, calling release (may be NULL) on each first. */
void db_cache_clear(db *d, void (*release)(db *d, db_cached_stmt *e));

/* Growable list of cell pointers, used while fetching rows before the
 * final count is known. Cells themselves already live in the arena. */
typedef struct db_cellvec {
    char **cells;
    size_t len, cap;
} db_cellvec;
/* v as decimal text in a, as SQLite would spell it. */
char *db_int_text(arena *a, int64_t v);
bool db_cellvec_push(db_cellvec *v, char *cell);
/* Moves the cells into the arena as out->cells and frees the vector. */
void db_cellvec_finish(db_cellvec *v, arena *a, db_result *out);
void db_cellvec_free(db_cellvec *v);

#endif
