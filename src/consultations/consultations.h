/* Consultations on draft plans (drafts and draft_sections in
 * sql/050_participation.sql): residents read a draft section by section and
 * comment on each section while it is open; staff write the draft and, after
 * it closes, publish a summary of what changed because of the comments.
 * Comments themselves are src/comments/ (target_type 'section'). */
#ifndef KOHTAAMO_CONSULTATIONS_H
#define KOHTAAMO_CONSULTATIONS_H
#include <stdint.h>
#include "../db/db.h"
#include "../http/request.h"

/* pages.c: residents */
int consultations_list(request *r);      /* GET  /{lang}/spaces/{slug}/consultations */
int consultations_show(request *r);      /* GET  /{lang}/consultations/{id} */
int consultations_follow(request *r);    /* POST /{lang}/consultations/{id}/follow (follow=1|0) */

/* staff.c: staff (min_role staff) */
int staff_consultations_list(request *r);        /* GET  /{lang}/staff/consultations */
int staff_consultation_new_form(request *r);     /* GET  /{lang}/staff/consultations/new */
int staff_consultation_create(request *r);       /* POST /{lang}/staff/consultations/new */
int staff_consultation_edit_form(request *r);    /* GET  /{lang}/staff/consultations/{id}/edit */
int staff_consultation_update(request *r);       /* POST /{lang}/staff/consultations/{id}/edit */
int staff_consultation_summary_form(request *r); /* GET  /{lang}/staff/consultations/{id}/summary */
int staff_consultation_summary_save(request *r); /* POST /{lang}/staff/consultations/{id}/summary */

/* demo.c: an open consultation and a closed one with its summary, in the
 * demo spaces (participation_demo_load runs first). 0, or -1 (db_error). */
int consultations_demo_load(db *d, int64_t now);

#endif
