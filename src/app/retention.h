/* The retention registry: every table that holds personal data says which
 * columns do, how long they are kept and which function ends them. The
 * maintenance thread runs the purges from this table, so registering a
 * purge is the way to have it run; tests/integration/test_retention.c
 * fails on a table of the real schema whose personal-looking columns are
 * not registered here. */
#ifndef KOHTAAMO_RETENTION_H
#define KOHTAAMO_RETENTION_H
#include <stddef.h>
#include <stdint.h>
#include "../db/db.h"

/* Returns rows handled, or -1 (the database's message in db_error). */
typedef int (*retention_purge)(db *d, int64_t now);

typedef struct retention_entry {
    const char *table;
    const char *personal;       /* columns holding personal data, space-separated */
    const char *not_personal;   /* columns whose names look personal but hold none */
    const char *rule;           /* how long, in words (README's retention table) */
    retention_purge purge;      /* enforces rule; NULL: kept, see kept_because */
    const char *purge_name;     /* the function the purge calls, for people and tests */
    const char *kept_because;   /* why personal data without a purge is kept */
    int every;                  /* seconds between runs of purge; 0: every maintenance pass */
} retention_entry;

extern const retention_entry RETENTION[];
extern const size_t RETENTION_COUNT;

/* The entry of table, or NULL. */
const retention_entry *retention_find(const char *table);

/* One per maintenance thread: when each purge last ran (monotonic seconds). */
typedef struct retention_clock {
    double last[128];
    int started;
} retention_clock;

/* Runs the purges that are due: those with `every` 0 on each call, the
 * others every `every` seconds counted from the first call (mono:
 * app_monotonic()). A function shared by several tables runs once.
 * Returns how many failed. */
int retention_run_due(db *d, int64_t now, double mono, retention_clock *clk);

#endif
