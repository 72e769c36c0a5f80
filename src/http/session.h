/* Sessions (stored server-side, hashed), CSRF tokens and password hashing. */
#ifndef KOHTAAMO_SESSION_H
#define KOHTAAMO_SESSION_H
#include <stdbool.h>
#include "request.h"

#define SESSION_COOKIE "kohtaamo_session"
#define CSRF_COOKIE "kohtaamo_csrf"
#define CSRF_FIELD "csrf"

/* Loads r->user from the session cookie; a missing or expired session leaves it NULL. */
int session_load(request *r);
/* Starts a fresh session for user_id (a new id, so a planted one is useless)
 * and drops the one the request came with. */
int session_start(request *r, int64_t user_id);
/* Deletes the request's session server-side and clears the cookie. */
int session_end(request *r);
int session_purge_expired(db *d, int64_t now);

/* Sets r->csrf_token, issuing the CSRF cookie when the browser has none. */
void csrf_prepare(request *r);
/* True when the form's csrf field matches the browser's CSRF cookie. */
bool csrf_valid(request *r);

/* Random URL-safe token of nbytes entropy, in the arena. */
char *token_random(arena *a, size_t nbytes);
/* Hex SHA-256 of a token, as stored in the database. */
char *token_hash(arena *a, const char *token);

/* argon2id (libsodium's interactive limits). Returns NULL on out-of-memory. */
char *password_hash(arena *a, const char *password);
bool password_verify(const char *hash, const char *password);

const char *cookie_get(request *r, const char *name);

#endif
