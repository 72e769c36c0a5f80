/* Audit log of staff access to residents' personal data and of account changes. */
#ifndef KOHTAAMO_AUDIT_H
#define KOHTAAMO_AUDIT_H
#include <stdint.h>
#include "../db/db.h"

/* subject_user_id 0 when the action concerns many people (e.g. a list). */
int audit_record(db *d, int64_t now, int64_t actor_user_id, const char *action,
                 int64_t subject_user_id, const char *detail);

#endif
