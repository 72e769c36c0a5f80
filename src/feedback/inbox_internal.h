/* Shared by the staff pages of the feedback feature (inbox.c, reports.c). */
#ifndef KOHTAAMO_FEEDBACK_INBOX_INTERNAL_H
#define KOHTAAMO_FEEDBACK_INBOX_INTERNAL_H
#include "../http/request.h"

/* $1 is feedback_scope_user(r): 0 for admins (everything), else the staff
 * member's id: their municipalities' feedback and unscoped feedback, or
 * everything when they have no municipality rows (county-wide staff). */
#define FEEDBACK_SCOPE_SQL \
    "($1 = 0 OR f.municipality_id IS NULL " \
    "OR NOT EXISTS (SELECT 1 FROM user_municipalities us WHERE us.user_id = $1) " \
    "OR f.municipality_id IN (SELECT um.municipality_id FROM user_municipalities um WHERE um.user_id = $1))"

int64_t feedback_scope_user(const request *r);
const char *feedback_status_label(request *r, const char *status);
const char *feedback_date(request *r, int64_t t);

#endif
