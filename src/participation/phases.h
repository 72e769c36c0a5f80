/* Phases of a participation space, as pure functions (unit-tested in
 * tests/participation/test_phases.c): which phase is current at a time,
 * what a kind of phase allows by default, and the dates staff type. */
#ifndef KOHTAAMO_PHASES_H
#define KOHTAAMO_PHASES_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct phase_row {
    const char *kind;      /* collecting | evaluating | decided | closed */
    int64_t starts_at;
    int64_t ends_at;       /* 0: open-ended */
    bool allows[3];        /* ideas, positions, comments */
} phase_row;

/* Index of the phase in force at now: the latest that has started and has
 * not ended (the same rule as the SQL in access.c; on equal starts the later
 * row wins). -1 when none is in force. */
int phase_current(const phase_row *rows, int n, int64_t now);

/* Index of the next phase to start after now, -1 when none. */
int phase_next(const phase_row *rows, int n, int64_t now);

/* Whether kind is one of the four kinds. */
bool phase_kind_valid(const char *kind);

/* What a phase of this kind allows unless staff say otherwise:
 * collecting: ideas, positions, comments; evaluating: positions, comments;
 * decided: comments; closed: nothing. */
void phase_defaults(const char *kind, bool allows[3]);

/* Parses "YYYY-MM-DD" (a real calendar day) into the Unix time of that day's
 * local midnight. Returns 0, or -1 when the text is not such a day. */
int phase_parse_day(const char *text, int64_t *out);

/* "YYYY-MM-DD" of the local day of t, into out (at least 11 bytes). */
void phase_iso_day(char *out, size_t len, int64_t t);

/* The last day an end time still covers: ends are stored as the midnight
 * after the last day, so the day shown is that of ends_at - 1 s. */
int64_t phase_last_moment(int64_t ends_at);

#endif
