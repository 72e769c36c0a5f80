/* Outgoing e-mail: queued in the outbox table, delivered through sendmail. */
#ifndef KOHTAAMO_OUTBOX_H
#define KOHTAAMO_OUTBOX_H
#include <stdint.h>
#include "../db/db.h"

int outbox_enqueue(db *d, int64_t now, const char *to, const char *subject, const char *body);

typedef struct outbox_attachment {
    const char *name;       /* "event-12.ics" */
    const char *type;       /* "text/calendar; charset=utf-8; method=PUBLISH" */
    const char *content;    /* text, sent in base64 */
} outbox_attachment;
/* A message with one attachment (att NULL: none), sent as multipart/mixed. */
int outbox_enqueue_attached(db *d, int64_t now, const char *to, const char *subject, const char *body,
                            const outbox_attachment *att);
/* A message of a mailing people can leave: sent with List-Unsubscribe and
 * List-Unsubscribe-Post (RFC 8058) naming unsubscribe_url, an absolute
 * https address that stops the mailing on a POST without cookies. */
int outbox_enqueue_mailing(db *d, int64_t now, const char *to, const char *subject, const char *body,
                           const char *unsubscribe_url);
/* Delivers due messages. A failure leaves the message queued with a later
 * next_attempt_at (backing off); a message still undelivered
 * OUTBOX_GIVE_UP_DAYS after it was queued is given up (given_up_at).
 * Returns the number sent. */
#define OUTBOX_GIVE_UP_DAYS 5
int outbox_deliver(db *d, int64_t now);
/* Erases address, subject, body, unsubscribe link and attachment of
 * messages sent or given up more than retention_days ago; the row stays
 * (times, attempts) for statistics. Returns how many, or -1. */
int outbox_purge_sent(db *d, int64_t now, int retention_days);

#endif
