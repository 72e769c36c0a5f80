/* The per-account login lock, kept in the database (login_failures): after
 * 5 failures within a day an address waits 30 s, doubling with each further
 * failure up to an hour. Every node on the database sees the same lock, and
 * attempts for other addresses cannot evict it. The per-client limit stays
 * in memory (src/http/ratelimit.c). */
#include "accounts.h"
#include "../app/secret.h"
#include <ctype.h>
#include <pthread.h>
#include <sodium.h>
#include <string.h>

#define LOGIN_FAILURES_BEFORE_LOCK 5
#define LOGIN_LOCK_FIRST 30
#define LOGIN_LOCK_MAX 3600
#define LOGIN_FAILURE_MEMORY 86400   /* failures older than this are forgotten, and the row purged */

static pthread_mutex_t key_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned char login_key[INSTALLATION_SECRET_BYTES];
static bool login_key_loaded;

/* The row key for an address: a keyed hash of it lower-cased, in hex. */
static const char *account_key(db *d, arena *a, const char *email)
{
    pthread_mutex_lock(&key_lock);
    if (!login_key_loaded) login_key_loaded = installation_secret(d, "login_key", login_key) == 0;
    bool ok = login_key_loaded;
    pthread_mutex_unlock(&key_lock);
    if (!ok) return NULL;
    char *lower = arena_strdup(a, email);
    for (char *p = lower; *p; p++) *p = (char)tolower((unsigned char)*p);
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)lower, strlen(lower), login_key, sizeof login_key);
    char *hex = arena_alloc_raw(a, sizeof h * 2 + 1);
    sodium_bin2hex(hex, sizeof h * 2 + 1, h, sizeof h);
    return hex;
}

int login_lock_wait(db *d, arena *a, const char *email, int64_t now)
{
    const char *key = account_key(d, a, email);
    if (!key) return -1;
    db_result res;
    db_param p[] = {DB_TEXT(key), DB_INT(now)};
    if (db_query(d, a, &res, "SELECT locked_until - $2 FROM login_failures WHERE key_hash = $1 AND locked_until > $2",
                 2, p) < 0)
        return -1;
    return res.nrows ? (int)db_cell_int(&res, 0, 0) : 0;
}

int login_lock_fail(db *d, arena *a, const char *email, int64_t now)
{
    const char *key = account_key(d, a, email);
    if (!key) return -1;
    db_result res;
    db_param p[] = {DB_TEXT(key), DB_INT(now), DB_INT(now - LOGIN_FAILURE_MEMORY)};
    if (db_query(d, a, &res,
                 "INSERT INTO login_failures(key_hash, failures, last_failed_at) VALUES($1, 1, $2) "
                 "ON CONFLICT(key_hash) DO UPDATE SET last_failed_at = $2, failures = CASE "
                 "WHEN login_failures.last_failed_at <= $3 THEN 1 ELSE login_failures.failures + 1 END "
                 "RETURNING failures",
                 3, p) < 0)
        return -1;
    int64_t failures = res.nrows ? db_cell_int(&res, 0, 0) : 0;
    if (failures < LOGIN_FAILURES_BEFORE_LOCK) return 0;
    int64_t wait = LOGIN_LOCK_FIRST;
    for (int64_t i = LOGIN_FAILURES_BEFORE_LOCK; i < failures && wait < LOGIN_LOCK_MAX; i++) wait *= 2;
    if (wait > LOGIN_LOCK_MAX) wait = LOGIN_LOCK_MAX;
    db_param q[] = {DB_TEXT(key), DB_INT(now + wait)};
    return db_exec(d, "UPDATE login_failures SET locked_until = $2 WHERE key_hash = $1", 2, q);
}

int login_lock_clear(db *d, arena *a, const char *email)
{
    const char *key = account_key(d, a, email);
    if (!key) return -1;
    db_param p[] = {DB_TEXT(key)};
    return db_exec(d, "DELETE FROM login_failures WHERE key_hash = $1", 1, p);
}

int login_failures_purge_expired(db *d, int64_t now)
{
    db_param p[] = {DB_INT(now - LOGIN_FAILURE_MEMORY), DB_INT(now)};
    return db_exec(d, "DELETE FROM login_failures WHERE last_failed_at <= $1 AND locked_until <= $2", 2, p);
}
