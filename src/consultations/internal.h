/* Shared by the consultation pages and the staff editor. */
#ifndef KOHTAAMO_CONSULTATIONS_INTERNAL_H
#define KOHTAAMO_CONSULTATIONS_INTERNAL_H
#include "consultations.h"
#include <stdbool.h>

typedef enum { DRAFT_UPCOMING, DRAFT_OPEN, DRAFT_CLOSED } draft_state;

/* A draft's state at now: open when opens_at <= now < closes_at. */
draft_state draft_state_at(int64_t opens_at, int64_t closes_at, int64_t now);
/* Dates are whole days: a consultation opens at the start (UTC) of its
 * first day and closes at the end of its last day. "D.M.YYYY" and
 * "YYYY-MM-DD" of both, in the arena. */
const char *draft_open_date(arena *a, int64_t opens_at, bool iso);
const char *draft_close_date(arena *a, int64_t closes_at, bool iso);
/* Text column in the language, Finnish when empty. */
const char *draft_pick(const db_result *res, int row, int col_fi, const char *lang);
/* The id in a route parameter, 0 when it is not a number. */
int64_t draft_param_id(request *r, const char *name);

#endif
