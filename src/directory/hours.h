/* Opening hours of service points and channels, evaluated in Europe/Helsinki
 * time. Pure functions: no database, no allocation, no global state.
 *
 * Decision: the Helsinki offset is computed with the EU daylight-saving rule
 * in plain C (summer time from the last Sunday of March 01:00 UTC to the
 * last Sunday of October 01:00 UTC: UTC+3, otherwise UTC+2), so results do
 * not depend on the machine's tzdata or on the process TZ.
 *
 * Local wall-clock times that do not exist (03:00-03:59 on the March change
 * day) are read as if the clock had not yet moved: 03:30 becomes 04:30
 * summer time. Times that occur twice (03:00-03:59 on the October change
 * day) are read as the first occurrence (summer time).
 *
 * A period belongs to the local date it starts on. A period whose closing
 * time is not after its opening time runs past midnight and ends on the
 * following day at closes_min (so 20:00-08:00 on Friday ends Saturday 08:00,
 * even when Saturday is a holiday). Exceptions (closed days, special hours)
 * replace the regular periods that start on the days they cover. */
#ifndef KOHTAAMO_DIRECTORY_HOURS_H
#define KOHTAAMO_DIRECTORY_HOURS_H
#include <stdbool.h>
#include <stdint.h>

/* Days since 1970-01-01 for a proleptic Gregorian date, and back. */
int64_t hours_days_from_civil(int y, int m, int d);
void hours_civil_from_days(int64_t days, int *y, int *m, int *d);
/* ISO weekday (1 Monday .. 7 Sunday) of a day number. */
int hours_weekday(int64_t days);
/* Parses "YYYY-MM-DD" strictly into a day number; -1 when invalid. */
int64_t hours_parse_date(const char *s);
/* Writes "YYYY-MM-DD" (11 bytes with the NUL). */
void hours_format_date(int64_t days, char out[11]);

/* Offset of Helsinki time from UTC at Unix time t: 7200 or 10800 seconds. */
int hours_helsinki_offset(int64_t t);

typedef struct hel_time {
    int64_t days;   /* local date as a day number */
    int weekday;    /* 1 Monday .. 7 Sunday */
    int minute;     /* minutes after local midnight, 0..1439 */
} hel_time;

/* Local date and time in Helsinki of Unix time t. */
void hours_to_local(int64_t t, hel_time *out);
/* Unix time of local wall-clock minute `minute` (0..1440) on local day
 * `days`, following the rules for missing and doubled times above. */
int64_t hours_from_local(int64_t days, int minute);

/* One regular period. valid_from/valid_to: day numbers, -1 = open-ended on
 * that side; a period with either set belongs to a validity period that
 * overrides the open-ended periods on the days it covers. */
typedef struct hours_regular {
    int weekday;        /* 1..7 */
    int opens, closes;  /* minutes; closes <= opens: past midnight */
    int64_t valid_from, valid_to;
} hours_regular;

/* An exceptional day or range (inclusive). closed: no periods start on those
 * days. Otherwise opens..closes is one special period on each day; several
 * rows for one day make several periods. */
typedef struct hours_exception {
    int64_t from, to;
    bool closed;
    int opens, closes;
} hours_exception;

typedef struct hours_set {
    const hours_regular *regular;
    int nregular;
    const hours_exception *exceptions;
    int nexceptions;
} hours_set;

/* One opening interval in Unix seconds, [start, end). */
typedef struct hours_interval {
    int64_t start, end;
} hours_interval;

/* The intervals that start on local day `days`, sorted by start; at most
 * max are written. Returns the count. */
int hours_day_intervals(const hours_set *s, int64_t days, hours_interval *out, int max);

/* True when the exceptions decide the day (closed or special hours); *exc
 * is set to the index of the first exception covering it. */
bool hours_day_is_exception(const hours_set *s, int64_t days, int *exc);

typedef struct hours_status {
    bool known;         /* the set has any hours at all */
    bool open;
    int64_t closes_at;  /* when open: the end of the current opening (adjacent periods merged) */
    int64_t opens_at;   /* when closed: the next opening within 14 days, or 0 */
} hours_status;

/* Whether the set is open at Unix time now, and until when / from when. */
void hours_status_at(const hours_set *s, int64_t now, hours_status *out);

#endif
