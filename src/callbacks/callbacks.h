/* Callback requests: the handover from a resident's first contact to a
 * professional. A resident asks to be called back (from a self-assessment's
 * outcome, with the answers, or from a service's phone channel); staff of
 * the resident's municipality claim the request, call, and record the
 * result. Schema: sql/078_first_contact.sql. */
#ifndef KOHTAAMO_CALLBACKS_H
#define KOHTAAMO_CALLBACKS_H
#include "../http/request.h"

/* resident (request.c) */
int callbacks_new_form(request *r);     /* GET  /{lang}/callbacks/new?assessment=TOKEN | ?service=ID (a service with a phone line) */
int callbacks_create(request *r);       /* POST /{lang}/callbacks/new */
int callbacks_thanks(request *r);       /* GET  /{lang}/callbacks/thanks?ref=CODE */

/* staff (queue.c) */
int callbacks_queue(request *r);        /* GET  /{lang}/staff/callbacks */
int callbacks_show(request *r);         /* GET  /{lang}/staff/callbacks/{id} */
int callbacks_claim(request *r);        /* POST /{lang}/staff/callbacks/{id}/claim */
int callbacks_record(request *r);       /* POST /{lang}/staff/callbacks/{id}/call */
int callbacks_note(request *r);         /* POST /{lang}/staff/callbacks/{id}/note */

/* Seconds within which a request of the given urgency should be claimed;
 * a request older than that is flagged in the queue. */
int64_t callbacks_target_seconds(const char *urgency);

#define CALLBACK_RETENTION_DAYS_DEFAULT 30
/* Erases phone numbers, e-mail addresses, messages and internal notes of
 * requests closed more than retention_days ago; the rest stays for the
 * statistics. Returns the number of requests erased, or -1. */
int callbacks_purge_personal_data(db *d, int64_t now, int retention_days);

/* Demo requests in several municipalities and states. */
int callbacks_demo_load(db *d, int64_t now);

#endif
