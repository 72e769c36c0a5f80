/* Shared inside src/events/: loading events with their place and counts,
 * visibility, dates in Helsinki time and the view model of one event. */
#ifndef KOHTAAMO_EVENTS_INTERNAL_H
#define KOHTAAMO_EVENTS_INTERNAL_H
#include <stdbool.h>
#include <stdint.h>
#include <jansson.h>
#include "../http/request.h"

/* One event in the request's language (Finnish fallback flagged).
 * Strings live in the request's arena. */
typedef struct event_row {
    int64_t id, space_id, point_id;
    const char *title, *description, *accessibility, *summary;
    bool title_fallback, description_fallback, summary_fallback;
    const char *title_fi;           /* as written, for e-mail subjects */
    int64_t starts_at, ends_at, deadline, updated_at, created_at;
    const char *point_name, *point_street, *point_postal, *point_office, *point_code;
    const char *address, *online_url;
    int64_t capacity, confirmed, waiting, needs_count;
    const char *space_slug;         /* NULL: no space */
    bool draft;                     /* staff only: not listed, no registration */
} event_row;

/* Runs the event query with `tail` (WHERE/ORDER/LIMIT with np bound
 * parameters) and fills *rows (arena). Returns the count or -1. */
int events_fetch(request *r, const char *tail, int np, const db_param *p, event_row **rows);
/* Loads event id (text from the URL) and checks its space is visible.
 * 1 loaded; 0 when it has answered 404 or 403; -1 on a database error. */
int events_load_visible(request *r, const char *id_text, event_row *out);
/* Whether the request's user may see events of space_id (0: none). */
int events_space_visible(request *r, int64_t space_id);

/* "torstai 3.12.2026" style date, "17.30" time, both Helsinki time. */
const char *events_date_text(request *r, int64_t t);
const char *events_time_text(request *r, int64_t t);
/* "torstai 3.12.2026 klo 17.30–19.00" (or across days). */
const char *events_when_text(request *r, int64_t start, int64_t end);
/* "torstai 3.12.2026 klo 17.30": one moment. */
const char *events_moment_text(request *r, int64_t t);
const char *events_moment_lang(arena *a, const char *lang, int64_t t);
/* ISO 8601 local time with offset, for <time datetime>. */
const char *events_iso(request *r, int64_t t);
/* The place as one line: service point name and address, free address, or online. */
const char *events_location_text(request *r, const event_row *e);

/* Public base URL without a trailing slash, and its host for UIDs. */
const char *events_base_url(request *r);
const char *events_host(arena *a);

/* The view model of an event for the list and the event page. */
json_t *events_item(request *r, const event_row *e, bool full);

/* Same as events_date_text etc. for a language without a request (e-mails). */
const char *events_when_lang(arena *a, const char *lang, int64_t start, int64_t end);

/* The event page with its registration form (values/errors of name,
 * email, needs kept on error) and an optional alert; responds. */
int events_render_page(request *r, const event_row *e, int status, const char *const values[3],
                       const char *const errors[3], const char *alert);
void events_registration_fields(request *r, json_t *ctx, const char *const values[3], const char *const errors[3]);

/* E-mail helpers (registration.c). kind: "confirmed", "waiting", "promoted",
 * "reminder", or "already" (the address registered again: its status and
 * cancellation link once more). */
int events_mail_confirmation(db *d, arena *a, int64_t now, int64_t registration_id, const char *token,
                             const char *kind);

#endif
