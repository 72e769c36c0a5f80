#ifndef KOHTAAMO_DEMO_H
#define KOHTAAMO_DEMO_H
#include <stddef.h>
#include "../db/db.h"

/* The demo county, modelled on Western Uusimaa, with a few accounts and news.
 * Loads once: returns 1 when loaded now, 0 when it was already there, -1 on error. */
int demo_load(db *d, char *err, size_t errlen);

/* The password of every demo account; for local use only (README says so). */
#define DEMO_PASSWORD "kohtaamo-demo-2026"

#endif
