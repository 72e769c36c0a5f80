#include "ratelimit.h"
#include <pthread.h>
#include <sodium.h>
#include <string.h>

/* Open-addressed table of hashed keys; an old slot is simply overwritten
 * when the table is full, which errs on the side of letting people in. */
#define RL_SLOTS 8192

typedef struct slot {
    unsigned char key[16];
    int64_t window_start;
    int count;          /* events in the window, or failures for login */
    int64_t blocked_until;
    bool used;
} slot;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static slot table[RL_SLOTS];
static unsigned char hash_key[crypto_shorthash_KEYBYTES];

void ratelimit_init(void) { randombytes_buf(hash_key, sizeof hash_key); }

static slot *find_slot(const char *bucket, const char *key, int64_t now)
{
    unsigned char h[16];
    crypto_generichash_state st;
    crypto_generichash_init(&st, hash_key, sizeof hash_key, sizeof h);
    crypto_generichash_update(&st, (const unsigned char *)bucket, strlen(bucket) + 1);
    crypto_generichash_update(&st, (const unsigned char *)key, strlen(key));
    crypto_generichash_final(&st, h, sizeof h);
    uint32_t idx;
    memcpy(&idx, h, sizeof idx);
    slot *oldest = NULL;
    for (int probe = 0; probe < 8; probe++) {
        slot *s = &table[(idx + (uint32_t)probe) % RL_SLOTS];
        if (s->used && memcmp(s->key, h, sizeof h) == 0) return s;
        if (!s->used) { oldest = s; break; }
        if (!oldest || s->window_start < oldest->window_start) oldest = s;
    }
    memset(oldest, 0, sizeof *oldest);
    memcpy(oldest->key, h, sizeof h);
    oldest->used = true;
    oldest->window_start = now;
    return oldest;
}

int ratelimit_hit(const char *bucket, const char *key, int max, int window, int64_t now)
{
    pthread_mutex_lock(&lock);
    slot *s = find_slot(bucket, key, now);
    if (now - s->window_start >= window) {
        s->window_start = now;
        s->count = 0;
    }
    int wait = 0;
    if (s->count >= max) {
        wait = (int)(s->window_start + window - now);
        if (wait < 1) wait = 1;
    } else {
        s->count++;
    }
    pthread_mutex_unlock(&lock);
    return wait;
}

int login_throttle_wait(const char *key, int64_t now)
{
    pthread_mutex_lock(&lock);
    slot *s = find_slot("login", key, now);
    int wait = s->blocked_until > now ? (int)(s->blocked_until - now) : 0;
    pthread_mutex_unlock(&lock);
    return wait;
}

void login_throttle_fail(const char *key, int64_t now)
{
    pthread_mutex_lock(&lock);
    slot *s = find_slot("login", key, now);
    s->count++;
    s->window_start = now;
    if (s->count >= 5) {
        int64_t wait = 30;
        for (int i = 5; i < s->count && wait < 3600; i++) wait *= 2;
        if (wait > 3600) wait = 3600;
        s->blocked_until = now + wait;
    }
    pthread_mutex_unlock(&lock);
}
