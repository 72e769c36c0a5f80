/* In-memory rate limits. Keys are hashed with a per-process random key and
 * never written anywhere, so no IP address or identity is stored. */
#ifndef KOHTAAMO_RATELIMIT_H
#define KOHTAAMO_RATELIMIT_H
#include <stdbool.h>
#include <stdint.h>

void ratelimit_init(void);

/* Fixed-window limit: at most max events per window seconds for key within
 * bucket. Returns 0 when allowed, else the seconds until it is allowed. */
int ratelimit_hit(const char *bucket, const char *key, int max, int window, int64_t now);

/* Login throttling of a client (its address): after 5 failures it is blocked
 * for 30 s, doubling with each further failure (capped at one hour). The lock
 * of an account is in the database (login_lock_* in src/accounts). */
int login_throttle_wait(const char *key, int64_t now);   /* 0 or seconds to wait */
void login_throttle_fail(const char *key, int64_t now);

#endif
