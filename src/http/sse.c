#include "sse.h"
#include "metrics.h"
#include "../util/buf.h"
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct listener listener;
struct listener {
    listener *prev, *next;
    sse_channel *ch;
    struct MHD_Connection *conn;
    buf pending;          /* bytes not yet handed to MHD */
    size_t sent;          /* of pending */
    bool suspended;
};

struct sse_channel {
    sse_channel *next;
    char *name;
    listener *head;
};

/* One lock for the hub: publishing is rare compared to reading. MHD's
 * suspend/resume are called with it held so a resume can never slip in
 * between "nothing to send" and the suspend. */
static pthread_mutex_t hub_lock = PTHREAD_MUTEX_INITIALIZER;
static sse_channel *channels;
static bool hub_closing;
static pthread_t keepalive_thread;
static bool keepalive_running;
static pthread_cond_t keepalive_cond = PTHREAD_COND_INITIALIZER;
static int keepalive_interval = 20;

static sse_channel *channel_find_locked(const char *name, bool create)
{
    for (sse_channel *c = channels; c; c = c->next)
        if (strcmp(c->name, name) == 0) return c;
    if (!create) return NULL;
    sse_channel *c = calloc(1, sizeof *c);
    if (!c) abort();
    c->name = strdup(name);
    c->next = channels;
    channels = c;
    return c;
}

sse_channel *sse_channel_get(const char *name)
{
    pthread_mutex_lock(&hub_lock);
    sse_channel *c = channel_find_locked(name, true);
    pthread_mutex_unlock(&hub_lock);
    return c;
}

static void wake_locked(listener *l)
{
    if (l->suspended) {
        l->suspended = false;
        MHD_resume_connection(l->conn);
    }
}

static ssize_t listener_read(void *cls, uint64_t pos, char *out, size_t max)
{
    (void)pos;
    listener *l = cls;
    pthread_mutex_lock(&hub_lock);
    size_t avail = l->pending.len - l->sent;
    if (avail > 0) {
        size_t n = avail < max ? avail : max;
        memcpy(out, l->pending.data + l->sent, n);
        l->sent += n;
        if (l->sent == l->pending.len) l->pending.len = l->sent = 0;
        pthread_mutex_unlock(&hub_lock);
        return (ssize_t)n;
    }
    if (hub_closing) {
        pthread_mutex_unlock(&hub_lock);
        return MHD_CONTENT_READER_END_OF_STREAM;
    }
    l->suspended = true;
    MHD_suspend_connection(l->conn);
    pthread_mutex_unlock(&hub_lock);
    return 0;
}

static void listener_free(void *cls)
{
    listener *l = cls;
    pthread_mutex_lock(&hub_lock);
    if (l->prev) l->prev->next = l->next;
    else l->ch->head = l->next;
    if (l->next) l->next->prev = l->prev;
    pthread_mutex_unlock(&hub_lock);
    buf_free(&l->pending);
    free(l);
    metrics_sse_clients(-1);
}

struct MHD_Response *sse_response(struct MHD_Connection *conn, sse_channel *ch)
{
    listener *l = calloc(1, sizeof *l);
    if (!l) return NULL;
    l->ch = ch;
    l->conn = conn;
    /* Tell the browser how soon to reconnect, and flush headers at once. */
    buf_puts(&l->pending, "retry: 5000\n: connected\n\n");
    struct MHD_Response *resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096,
                                                                  listener_read, l, listener_free);
    if (!resp) {
        buf_free(&l->pending);
        free(l);
        return NULL;
    }
    pthread_mutex_lock(&hub_lock);
    l->next = ch->head;
    if (ch->head) ch->head->prev = l;
    ch->head = l;
    pthread_mutex_unlock(&hub_lock);
    metrics_sse_clients(1);
    return resp;
}

/* Appends "data:" lines; a newline in data starts another data line. */
static void append_event(buf *b, const char *event, const char *data)
{
    if (event) buf_printf(b, "event: %s\n", event);
    const char *p = data;
    for (;;) {
        const char *nl = strchr(p, '\n');
        buf_puts(b, "data: ");
        buf_append(b, p, nl ? (size_t)(nl - p) : strlen(p));
        buf_putc(b, '\n');
        if (!nl) break;
        p = nl + 1;
    }
    buf_putc(b, '\n');
}

void sse_publish(const char *channel, const char *event, const char *data)
{
    pthread_mutex_lock(&hub_lock);
    sse_channel *c = channel_find_locked(channel, false);
    for (listener *l = c ? c->head : NULL; l; l = l->next) {
        append_event(&l->pending, event, data);
        wake_locked(l);
    }
    pthread_mutex_unlock(&hub_lock);
}

static void *keepalive_main(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&hub_lock);
    while (!hub_closing) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += keepalive_interval;
        pthread_cond_timedwait(&keepalive_cond, &hub_lock, &until);
        if (hub_closing) break;
        /* A comment line keeps proxies from closing idle streams and lets
         * us notice listeners that went away. */
        for (sse_channel *c = channels; c; c = c->next)
            for (listener *l = c->head; l; l = l->next) {
                buf_puts(&l->pending, ":\n\n");
                wake_locked(l);
            }
    }
    pthread_mutex_unlock(&hub_lock);
    return NULL;
}

void sse_start(int interval)
{
    if (interval > 0) keepalive_interval = interval;
    if (pthread_create(&keepalive_thread, NULL, keepalive_main, NULL) == 0) keepalive_running = true;
}

void sse_shutdown(void)
{
    pthread_mutex_lock(&hub_lock);
    hub_closing = true;
    for (sse_channel *c = channels; c; c = c->next)
        for (listener *l = c->head; l; l = l->next) wake_locked(l);
    pthread_cond_broadcast(&keepalive_cond);
    pthread_mutex_unlock(&hub_lock);
    if (keepalive_running) pthread_join(keepalive_thread, NULL);
    keepalive_running = false;
}
