#include "session.h"
#include "../app/app.h"
#include <microhttpd.h>
#include <sodium.h>
#include <string.h>

const char *cookie_get(request *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

char *token_random(arena *a, size_t nbytes)
{
    unsigned char raw[64];
    if (nbytes > sizeof raw) nbytes = sizeof raw;
    randombytes_buf(raw, nbytes);
    size_t len = sodium_base64_encoded_len(nbytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    char *out = arena_alloc(a, len);
    sodium_bin2base64(out, len, raw, nbytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return out;
}

char *token_hash(arena *a, const char *token)
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
    char *hex = arena_alloc(a, sizeof h * 2 + 1);
    sodium_bin2hex(hex, sizeof h * 2 + 1, h, sizeof h);
    return hex;
}

char *password_hash(arena *a, const char *password)
{
    char *out = arena_alloc(a, crypto_pwhash_STRBYTES);
    if (crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return NULL;
    return out;
}

bool password_verify(const char *hash, const char *password)
{
    return hash && crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

int session_load(request *r)
{
    const char *token = cookie_get(r, SESSION_COOKIE);
    if (!token || strlen(token) > 128) return 0;
    db_result res;
    db_param p[] = {DB_TEXT(token_hash(&r->a, token)), DB_INT(r->now)};
    if (db_query(r->db, &r->a, &res,
                 "SELECT u.id, u.email, u.display_name, u.lang, u.role FROM sessions s "
                 "JOIN users u ON u.id = s.user_id "
                 "WHERE s.id_hash = $1 AND s.expires_at > $2 AND u.disabled = 0",
                 2, p) < 0)
        return -1;
    if (res.nrows == 0) return 0;
    user *u = arena_alloc(&r->a, sizeof *u);
    u->id = db_cell_int(&res, 0, 0);
    u->email = db_cell(&res, 0, 1);
    u->display_name = db_cell(&res, 0, 2);
    u->lang = db_cell(&res, 0, 3);
    u->role = role_parse(db_cell(&res, 0, 4));
    r->user = u;
    return 0;
}

int session_start(request *r, int64_t user_id)
{
    session_end(r);
    char *token = token_random(&r->a, 32);
    int64_t ttl = (int64_t)APP.cfg.session_days * 86400;
    db_param p[] = {DB_TEXT(token_hash(&r->a, token)), DB_INT(user_id), DB_INT(r->now),
                    DB_INT(r->now + ttl)};
    if (db_exec(r->db, "INSERT INTO sessions(id_hash, user_id, created_at, expires_at) "
                       "VALUES($1, $2, $3, $4)", 4, p) < 0)
        return -1;
    req_set_cookie(r, SESSION_COOKIE, token, (int)ttl);
    /* A new CSRF cookie too, so a token seen before login is worthless after it. */
    req_set_cookie(r, CSRF_COOKIE, token_random(&r->a, 24), 0);
    return 0;
}

int session_end(request *r)
{
    const char *token = cookie_get(r, SESSION_COOKIE);
    if (!token) return 0;
    db_param p[] = {DB_TEXT(token_hash(&r->a, token))};
    int rc = db_exec(r->db, "DELETE FROM sessions WHERE id_hash = $1", 1, p);
    req_set_cookie(r, SESSION_COOKIE, "", -1);
    return rc;
}

int session_purge_expired(db *d, int64_t now)
{
    db_param p[] = {DB_INT(now)};
    if (db_exec(d, "DELETE FROM sessions WHERE expires_at <= $1", 1, p) < 0) return -1;
    return db_exec(d, "DELETE FROM password_resets WHERE expires_at <= $1", 1, p);
}

static char *csrf_token_for(arena *a, const char *cookie)
{
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256(mac, (const unsigned char *)cookie, strlen(cookie), APP.csrf_key);
    size_t len = sodium_base64_encoded_len(sizeof mac, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    char *out = arena_alloc(a, len);
    sodium_bin2base64(out, len, mac, sizeof mac, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return out;
}

void csrf_prepare(request *r)
{
    if (r->csrf_token) return;
    /* session_start may already have issued a fresh cookie in this response */
    for (int i = 0; i < r->nheaders; i++) {
        const char *v = r->header_values[i];
        if (strcmp(r->header_names[i], "Set-Cookie") == 0 &&
            strncmp(v, CSRF_COOKIE "=", strlen(CSRF_COOKIE) + 1) == 0) {
            const char *start = v + strlen(CSRF_COOKIE) + 1;
            const char *end = strchr(start, ';');
            r->csrf_token = csrf_token_for(&r->a, arena_strndup(&r->a, start, (size_t)(end - start)));
            return;
        }
    }
    const char *cookie = cookie_get(r, CSRF_COOKIE);
    if (!cookie || strlen(cookie) < 16 || strlen(cookie) > 64) {
        cookie = token_random(&r->a, 24);
        req_set_cookie(r, CSRF_COOKIE, cookie, 0);
    }
    r->csrf_token = csrf_token_for(&r->a, cookie);
}

bool csrf_valid(request *r)
{
    const char *cookie = cookie_get(r, CSRF_COOKIE);
    const char *sent = form_get(&r->form, CSRF_FIELD);
    if (!cookie || !sent || strlen(cookie) < 16 || strlen(cookie) > 64) return false;
    const char *expected = csrf_token_for(&r->a, cookie);
    size_t n = strlen(expected);
    return strlen(sent) == n && sodium_memcmp(sent, expected, n) == 0;
}
