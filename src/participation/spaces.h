/* Participation spaces, groups and councils, statements (engineer A):
 * pages, staff editor, API and demo data. The access rules themselves live
 * in participation.h. */
#ifndef KOHTAAMO_SPACES_H
#define KOHTAAMO_SPACES_H
#include <stdint.h>
#include "../db/db.h"
#include "../http/request.h"

/* Demo spaces (mental-health, swedish-services, family-centres,
 * service-locations, youth-group), the councils and the youth mental health
 * group with members, and a statement. Phases are relative to now, so
 * something is always open. Safe to run twice. 0 or -1. */
int participation_demo_load(db *d, int64_t now);

/* spaces.c */
int spaces_list(request *r);
int spaces_show(request *r);
int spaces_follow(request *r);
/* spaces_staff.c */
int spaces_staff_list(request *r);
int spaces_staff_new(request *r);
int spaces_staff_create(request *r);
int spaces_staff_edit(request *r);
int spaces_staff_update(request *r);
/* groups.c */
int groups_list(request *r);
int groups_show(request *r);
int groups_join(request *r);
int groups_leave(request *r);
int groups_invite(request *r);
int groups_respond(request *r);
int groups_decide(request *r);
int groups_follow(request *r);
/* statements.c */
int statements_new(request *r);
int statements_create(request *r);
int statements_show(request *r);
/* api.c */
int spaces_api_list(request *r);
int spaces_api_show(request *r);

#endif
