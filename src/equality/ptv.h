/* Parser of service and service channel documents shaped like the national
 * service catalogue's (PTV) open API. Pure: JSON text in, records and a list
 * of rejected records out; unit-tested in tests/equality/test_ptv.c. */
#ifndef KOHTAAMO_EQUALITY_PTV_H
#define KOHTAAMO_EQUALITY_PTV_H
#include <stdbool.h>
#include <stddef.h>
#include "../util/arena.h"

/* Limits on one file, so that no upload can take the server's memory or time
 * (the file itself is at most 5 MB). A wellbeing services county lists some
 * hundreds of services and service locations; the limits leave ten times
 * that. A file over a record limit is refused as a whole; a service location
 * over an hours limit is rejected in the report. */
#define PTV_MAX_SERVICES 5000
#define PTV_MAX_CHANNELS 5000
#define PTV_MAX_HOURS 200        /* weekly periods of one location (a day range counts once per day) */
#define PTV_MAX_EXCEPTIONS 500   /* exceptional opening hours (holidays) of one location */

typedef struct ptv_hours {
    int weekday;                 /* ISO 1..7 */
    int opens, closes;           /* minutes after midnight; closes <= opens: past midnight */
    const char *valid_from, *valid_to;   /* 'YYYY-MM-DD' or NULL */
} ptv_hours;

typedef struct ptv_exception {
    const char *date_from, *date_to;     /* date_to NULL: one day */
    bool closed;
    int opens, closes;           /* when !closed */
    const char *note[3];         /* fi, sv, en ("" when none) */
} ptv_exception;

typedef struct ptv_service {
    const char *id;
    const char *name[3], *summary[3], *description[3];   /* fi, sv, en; "" when none */
} ptv_service;

typedef struct ptv_channel {
    const char *id;
    const char *name[3], *description[3];
    const char *street[3], *postal_code, *post_office[3];
    const char *municipality;    /* code, e.g. "710" */
    const char *phone;           /* E.164 or "" */
    ptv_hours *hours;
    int nhours;
    ptv_exception *exceptions;
    int nexceptions;
    int cap_hours, cap_exceptions;   /* allocated lengths, for the parser */
} ptv_channel;

typedef struct ptv_reject {
    const char *kind;            /* "service" or "channel" */
    const char *id;              /* the record's id, or "" */
    int index;                   /* 1-based position among records of its kind */
    const char *reason;          /* English msgid; "{n}" in it stands for limit (tr_fill) */
    const char *detail;          /* untranslated detail (a code, the hours, the field), or "" */
    int limit;
} ptv_reject;

typedef struct ptv_doc {
    bool malformed;              /* not JSON, or not a PTV document at all */
    const char *error;           /* msgid when malformed; "{n}" in it stands for error_limit */
    const char *error_detail;    /* e.g. "line 3, column 7: ..." */
    int error_limit;
    ptv_service *services;
    int nservices;
    ptv_channel *channels;
    int nchannels;
    int skipped;                 /* channels of other types than ServiceLocation */
    ptv_reject *rejects;
    int nrejects;
    int cap_services, cap_channels, cap_rejects;   /* allocated lengths */
} ptv_doc;

/* Parses text (len bytes). Everything lives in the arena. Always returns a
 * usable doc; doc->malformed tells when the file as a whole is unusable.
 * Every field read is checked for its JSON type: a record with a field of
 * another type is rejected with the field's path as the detail
 * ("serviceHours[0].openingHour[0].dayTo"). */
void ptv_parse(arena *a, const char *text, size_t len, ptv_doc *doc);
/* Adds a rejection (used by the importer for checks against the database). */
void ptv_reject_add(arena *a, ptv_doc *doc, const char *kind, const char *id, int index, const char *reason,
                    const char *detail);

/* "08:00" -> 480; "24:00" -> 1440; -1 when not a time. */
int ptv_parse_time(const char *s);
/* "Monday" -> 1 .. "Sunday" -> 7; 0 when unknown. */
int ptv_weekday(const char *s);
/* True when two weekly periods overlap (either may run past midnight). */
bool ptv_hours_overlap(const ptv_hours *a, const ptv_hours *b);

#endif
