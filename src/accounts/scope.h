/* Which municipalities' matters a staff member handles. Admins handle all;
 * staff with rows in user_municipalities handle those; staff without rows
 * work county-wide. */
#ifndef KOHTAAMO_ACCOUNTS_SCOPE_H
#define KOHTAAMO_ACCOUNTS_SCOPE_H
#include "../http/request.h"

/* SQL condition: column COL (a municipality id) is within the scope of the
 * user whose id is bound as parameter P ("$1"); P bound to 0 means all. */
#define STAFF_SCOPE_SQL(P, COL)                                                              \
    "(" P " = 0 OR NOT EXISTS (SELECT 1 FROM user_municipalities us WHERE us.user_id = " P ") " \
    "OR " COL " IN (SELECT um.municipality_id FROM user_municipalities um WHERE um.user_id = " P "))"

/* The value to bind for STAFF_SCOPE_SQL's parameter. */
static inline int64_t staff_scope_user(const request *r)
{
    return r->user && r->user->role >= ROLE_ADMIN ? 0 : (r->user ? r->user->id : -1);
}

#endif
