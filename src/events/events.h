/* Workshops and events: /{lang}/events (upcoming and past, ?space=SLUG),
 * /{lang}/events/{id} with registration, the waiting list and cancellation
 * by a token link (/{lang}/events/cancel/{token}), iCalendar (/events.ics,
 * /events/{id}.ics), staff editing, participant lists and summaries, and
 * the maintenance jobs: reminders the day before and erasure of personal
 * data EVENTS_RETENTION_DAYS after the event. */
#ifndef KOHTAAMO_EVENTS_H
#define KOHTAAMO_EVENTS_H
#include <stddef.h>
#include <stdint.h>
#include "../db/db.h"
#include "../http/request.h"
#include "../util/buf.h"

/* Names, e-mail addresses and needs of registrants are erased this many
 * days after the event has ended. */
#define EVENTS_RETENTION_DAYS 30

/* pages (list.c, event.c) */
int events_list(request *r);
int events_show(request *r);
/* registration and cancellation (registration.c) */
int events_register(request *r);
int events_cancel_form(request *r);
int events_cancel(request *r);
/* iCalendar (ical.c) */
int events_ics_all(request *r);
int events_ics_one(request *r);
/* staff (staff.c) */
int staff_events_list(request *r);
int staff_event_new_form(request *r);
int staff_event_create(request *r);
int staff_event_edit_form(request *r);
int staff_event_update(request *r);
int staff_event_registrations(request *r);
int staff_event_summary_form(request *r);
int staff_event_summary_save(request *r);

/* Moves people from the waiting list to free places, first come first
 * served, and queues an e-mail to each. Call inside a transaction that has
 * locked the event (events_lock). Returns the number promoted, or -1. */
int events_fill_from_waiting(db *d, arena *a, int64_t event_id, int64_t now);
/* Locks the event's row until the transaction ends; 1 locked, 0 no such event, -1 error. */
int events_lock(db *d, int64_t event_id);

/* Maintenance (reminders.c), run by the server's maintenance thread:
 * one reminder e-mail to each confirmed registrant when the event starts
 * within a day (once: reminded_at), and erasure of personal data
 * retention_days after the event. Both return the number of rows handled,
 * or -1. */
int events_send_reminders(db *d, int64_t now);
int events_purge_personal_data(db *d, int64_t now, int retention_days);

/* Demo events (demo.c): idempotent. Returns 0 or -1 (db_error). */
int events_demo_load(db *d, int64_t now);

/* ---- iCalendar writer (RFC 5545), pure ---- */

/* Appends "NAME:VALUE" CRLF, folded so that no line is longer than 75
 * octets (continuations start with one space), never inside a UTF-8
 * sequence. value is written as given. */
void ical_line(buf *out, const char *name, const char *value);
/* Like ical_line with value escaped as TEXT: \ ; , and newlines. */
void ical_text(buf *out, const char *name, const char *text);
/* Appends text with \ ; , escaped and newlines as \n (CR dropped). */
void ical_escape(buf *out, const char *text);
/* "YYYYMMDDTHHMMSSZ" of a Unix time (UTC), 17 bytes with the NUL. */
void ical_utc(int64_t t, char out[17]);

typedef struct ical_event {
    int64_t id;
    int64_t starts_at, ends_at, stamp;
    const char *host;          /* for the UID: event-ID@host */
    const char *summary, *description, *location, *url;   /* may be NULL or "" */
} ical_event;

void ical_begin(buf *out);
void ical_vevent(buf *out, const ical_event *ev);
void ical_end(buf *out);

#endif
