/* Notifications as people see them: the header count, /{lang}/notifications
 * (newest first, mark read, what the person follows), the daily e-mail
 * digest settings, the one-click unsubscribe link and the digest job. */
#ifndef KOHTAAMO_NOTIFICATIONS_H
#define KOHTAAMO_NOTIFICATIONS_H
#include <stdint.h>
#include "../db/db.h"
#include "../http/request.h"

/* "Notifications (N)" for the layout's header with N the signed-in person's
 * unread notifications (one indexed count), in the request's arena; NULL
 * when nobody is signed in or the count fails. */
const char *notifications_header_label(request *r);

/* The text of one notification in lang, from its kind and the subject's
 * title, e.g. "Summary published: TITLE". Allocated in a. */
const char *notification_text(arena *a, const char *lang, const char *kind, const char *title);

int notifications_page(request *r);          /* GET  /{lang}/notifications[?before=TIME.ID] */
int notifications_mark_read(request *r);     /* POST /{lang}/notifications/{id}/read */
int notifications_mark_all_read(request *r); /* POST /{lang}/notifications/read-all */
int notifications_unfollow(request *r);      /* POST /{lang}/notifications/unfollow */
int notifications_settings_form(request *r); /* GET  /{lang}/notifications/settings */
int notifications_settings_save(request *r); /* POST /{lang}/notifications/settings */
int notifications_unsubscribe_form(request *r); /* GET  /{lang}/unsubscribe/{token} */
int notifications_unsubscribe(request *r);      /* POST /{lang}/unsubscribe/{token} */

/* The daily digest: for every person who opted in, whose last digest is at
 * least 24 hours old and who has unread notifications not yet digested,
 * queues one e-mail in the person's language through the outbox and marks
 * those notifications digested. Safe to run from several nodes at once.
 * Returns the number of e-mails queued, or -1. */
int notifications_digest_run(db *d, int64_t now);

/* Notifications say what a person followed and did, so they are kept a
 * year, read or not; the server runs this hourly. */
#define NOTIFICATIONS_RETENTION_DAYS 365
/* Deletes notifications older than retention_days; returns how many, or -1. */
int notifications_purge_expired(db *d, int64_t now, int retention_days);

#endif
