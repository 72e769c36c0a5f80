/* Storage: backend dispatch, statement cache, dialect shim and the
 * per-thread connection pool. Backends live in sqlite.c and postgres.c. */
#include "db_internal.h"
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- errors */

void db_set_error(db *d, bool unique, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->errmsg, sizeof d->errmsg, fmt, ap);
    va_end(ap);
    /* Server messages often end in a newline; callers add their own. */
    size_t n = strlen(d->errmsg);
    while (n > 0 && (d->errmsg[n - 1] == '\n' || d->errmsg[n - 1] == ' '))
        d->errmsg[--n] = '\0';
    if (n == 0) snprintf(d->errmsg, sizeof d->errmsg, "unknown database error");
    d->err_unique = unique;
}

void db_fill_err(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || errlen == 0) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    size_t n = strlen(err);
    while (n > 0 && err[n - 1] == '\n') err[--n] = '\0';
}

const char *db_error(db *d) { return d->errmsg; }
bool db_error_is_unique(db *d) { return d->err_unique; }
db_kind db_kind_of(const db *d) { return d->kind; }

/* ------------------------------------------------------- statement cache */

static uint64_t sql_hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;  /* FNV-1a */
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

db_cached_stmt *db_cache_find(db *d, const char *sql)
{
    uint64_t h = sql_hash(sql);
    db_cached_stmt *e = d->cache.buckets[h & (DB_STMT_CACHE_BUCKETS - 1)];
    for (; e; e = e->next)
        if (e->hash == h && strcmp(e->sql, sql) == 0) return e;
    return NULL;
}

bool db_cache_has_room(const db *d) { return d->cache.count < DB_STMT_CACHE_MAX; }

db_cached_stmt *db_cache_add(db *d, const char *sql)
{
    if (!db_cache_has_room(d)) return NULL;
    db_cached_stmt *e = calloc(1, sizeof *e);
    if (!e) return NULL;
    e->sql = strdup(sql);
    if (!e->sql) { free(e); return NULL; }
    e->hash = sql_hash(sql);
    db_cached_stmt **slot = &d->cache.buckets[e->hash & (DB_STMT_CACHE_BUCKETS - 1)];
    e->next = *slot;
    *slot = e;
    d->cache.count++;
    return e;
}

void db_cache_clear(db *d, void (*release)(db *d, db_cached_stmt *e))
{
    for (size_t i = 0; i < DB_STMT_CACHE_BUCKETS; i++) {
        db_cached_stmt *e = d->cache.buckets[i];
        while (e) {
            db_cached_stmt *next = e->next;
            if (release) release(d, e);
            free(e->sql);
            free(e);
            e = next;
        }
        d->cache.buckets[i] = NULL;
    }
    d->cache.count = 0;
}

/* -------------------------------------------------------------- results */

bool db_cellvec_push(db_cellvec *v, char *cell)
{
    if (v->len == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 64;
        char **cells = realloc(v->cells, cap * sizeof *cells);
        if (!cells) return false;
        v->cells = cells;
        v->cap = cap;
    }
    v->cells[v->len++] = cell;
    return true;
}

void db_cellvec_finish(db_cellvec *v, arena *a, db_result *out)
{
    out->cells = NULL;
    if (v->len > 0) {
        out->cells = arena_alloc(a, v->len * sizeof *out->cells);
        memcpy(out->cells, v->cells, v->len * sizeof *out->cells);
    }
    db_cellvec_free(v);
}

void db_cellvec_free(db_cellvec *v)
{
    free(v->cells);
    v->cells = NULL;
    v->len = v->cap = 0;
}

char *db_int_text(arena *a, int64_t v)
{
    char tmp[24], *p = tmp + sizeof tmp;
    /* through unsigned, so INT64_MIN has a magnitude */
    uint64_t m = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do *--p = (char)('0' + m % 10); while ((m /= 10) != 0);
    if (v < 0) *--p = '-';
    return arena_strndup(a, p, (size_t)(tmp + sizeof tmp - p));
}

int64_t db_cell_int(const db_result *r, int row, int col)
{
    const char *s = db_cell(r, row, col);
    if (!s || !*s) return 0;
    /* PostgreSQL spells booleans t/f; SQLite uses 1/0. */
    if (s[0] == 't' && s[1] == '\0') return 1;
    if (s[0] == 'f' && s[1] == '\0') return 0;
    /* Up to 18 plain digits cannot overflow: no need for strtoll. */
    int64_t v = 0;
    int n = 0;
    for (; n < 18 && s[n] >= '0' && s[n] <= '9'; n++) v = v * 10 + (s[n] - '0');
    if (s[n] == '\0') return v;
    return (int64_t)strtoll(s, NULL, 10);
}

/* ------------------------------------------------------------- dispatch */

static bool has_prefix(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

db *db_open(const char *url, char *err, size_t errlen)
{
    if (err && errlen) err[0] = '\0';
    if (!url || !*url) {
        db_fill_err(err, errlen, "empty database URL");
        return NULL;
    }
    if (has_prefix(url, "postgresql://") || has_prefix(url, "postgres://"))
        return db_postgres_open(url, err, errlen);

    const char *path = url;
    if (has_prefix(path, "sqlite:")) {
        path += strlen("sqlite:");
        /* Accept sqlite:///abs/path as well as sqlite:/abs/path. */
        if (has_prefix(path, "//")) path += 2;
    }
    if (!*path) {
        db_fill_err(err, errlen, "empty SQLite path in '%s'", url);
        return NULL;
    }
    return db_sqlite_open(path, err, errlen);
}

void db_close(db *d)
{
    if (d) d->ops->close(d);
}

int db_query(db *d, arena *a, db_result *out, const char *sql, int nparams, const db_param *params)
{
    if (out) memset(out, 0, sizeof *out);
    if (out && !a) {
        db_set_error(d, false, "db_query: result requested without an arena");
        return -1;
    }
    if (nparams < 0 || (nparams > 0 && !params)) {
        db_set_error(d, false, "db_query: bad parameter list");
        return -1;
    }
    return d->ops->query(d, out ? a : NULL, out, sql, nparams, params);
}

int db_exec(db *d, const char *sql, int nparams, const db_param *params)
{
    return db_query(d, NULL, NULL, sql, nparams, params);
}

int db_exec_script(db *d, const char *sql)
{
    return d->ops->exec_script(d, sql);
}

/* SQLite takes the write lock up front: a deferred BEGIN that later writes
 * can deadlock against another writer and fail with SQLITE_BUSY at once. */
bool db_in_transaction(db *d) { return d->ops->in_transaction(d); }

int db_begin(db *d)
{
    return db_exec(d, d->kind == DB_SQLITE ? "BEGIN IMMEDIATE" : "BEGIN", 0, NULL);
}
int db_commit(db *d) { return db_exec(d, "COMMIT", 0, NULL); }
int db_rollback(db *d) { return db_exec(d, "ROLLBACK", 0, NULL); }

/* --------------------------------------------------------- dialect shim */

char *db_dialect_rewrite(db_kind kind, const char *sql)
{
    static const struct { const char *token, *sqlite, *postgres; } shims[] = {
        { "@ID@", "INTEGER PRIMARY KEY AUTOINCREMENT",
                  "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY" },
        { "@BLOB@", "BLOB", "BYTEA" },
        { "@BIGINT@", "INTEGER", "BIGINT" },
    };
    const size_t nshims = sizeof shims / sizeof shims[0];

    /* Two passes: measure, then write. */
    char *out = NULL;
    size_t len = 0;
    for (int pass = 0; pass < 2; pass++) {
        size_t n = 0;
        for (const char *p = sql; *p;) {
            size_t i;
            for (i = 0; i < nshims; i++)
                if (*p == '@' && has_prefix(p, shims[i].token)) break;
            if (i < nshims) {
                const char *rep = kind == DB_SQLITE ? shims[i].sqlite : shims[i].postgres;
                size_t rlen = strlen(rep);
                if (out) memcpy(out + n, rep, rlen);
                n += rlen;
                p += strlen(shims[i].token);
            } else {
                if (out) out[n] = *p;
                n++;
                p++;
            }
        }
        if (pass == 0) {
            len = n;
            out = malloc(len + 1);
            if (!out) return NULL;
        }
    }
    out[len] = '\0';
    return out;
}

/* ------------------------------------------------------------------ pool */

/* Each thread keeps its connection in a thread-local pointer; the list
 * below lets db_pool_shutdown close connections of threads that never
 * said goodbye. A thread-specific key with a destructor closes a
 * connection when its thread exits (server worker threads we do not
 * control). The generation counter tells a thread its cached pointer was
 * closed by a shutdown since it last looked. */
typedef struct pool_conn {
    struct pool_conn *next;
    db *conn;
    pthread_t owner;
} pool_conn;

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static char *pool_url;
static pool_conn *pool_conns;
static unsigned pool_generation;
static pthread_once_t pool_key_once = PTHREAD_ONCE_INIT;
static pthread_key_t pool_key;

static _Thread_local db *thread_conn;
static _Thread_local unsigned thread_generation;

/* Unlinks and closes the calling thread's connection, if it has one. */
static void pool_release_self(void)
{
    pool_conn *found = NULL;
    pthread_mutex_lock(&pool_lock);
    for (pool_conn **pp = &pool_conns; *pp; pp = &(*pp)->next) {
        if (pthread_equal((*pp)->owner, pthread_self())) {
            found = *pp;
            *pp = found->next;
            break;
        }
    }
    pthread_mutex_unlock(&pool_lock);
    if (found) {
        db_close(found->conn);
        free(found);
    }
    thread_conn = NULL;
}

/* The key's value is only a flag that makes the destructor run; the
 * connection is found by owner, so a value left over after a shutdown
 * can never point at a freed or reused connection. */
static void pool_thread_destructor(void *unused)
{
    (void)unused;
    pool_release_self();
}

static void pool_key_create(void)
{
    pthread_key_create(&pool_key, pool_thread_destructor);
}

void db_pool_configure(const char *url)
{
    char *copy = url ? strdup(url) : NULL;
    pthread_mutex_lock(&pool_lock);
    free(pool_url);
    pool_url = copy;
    pthread_mutex_unlock(&pool_lock);
}

db *db_thread_conn(char *err, size_t errlen)
{
    pthread_mutex_lock(&pool_lock);
    bool current = thread_conn && thread_generation == pool_generation;
    char *url = (!current && pool_url) ? strdup(pool_url) : NULL;
    pthread_mutex_unlock(&pool_lock);
    if (current) return thread_conn;
    thread_conn = NULL;  /* closed by db_pool_shutdown, or never opened */

    if (!url) {
        db_fill_err(err, errlen, "database pool not configured");
        return NULL;
    }
    db *conn = db_open(url, err, errlen);
    free(url);
    if (!conn) return NULL;

    pool_conn *node = malloc(sizeof *node);
    if (!node) {
        db_close(conn);
        db_fill_err(err, errlen, "out of memory");
        return NULL;
    }
    node->conn = conn;
    node->owner = pthread_self();

    pthread_once(&pool_key_once, pool_key_create);
    pthread_mutex_lock(&pool_lock);
    node->next = pool_conns;
    pool_conns = node;
    unsigned gen = pool_generation;
    pthread_mutex_unlock(&pool_lock);
    pthread_setspecific(pool_key, (void *)1);

    thread_conn = conn;
    thread_generation = gen;
    return conn;
}

void db_pool_thread_exit(void)
{
    pool_release_self();
}

void db_pool_shutdown(void)
{
    pthread_mutex_lock(&pool_lock);
    pool_conn *list = pool_conns;
    pool_conns = NULL;
    pool_generation++;
    pthread_mutex_unlock(&pool_lock);

    while (list) {
        pool_conn *next = list->next;
        db_close(list->conn);
        free(list);
        list = next;
    }
    thread_conn = NULL;
}
