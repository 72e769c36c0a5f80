/* Feedback: the low-threshold channel from anyone to the county.
 * Shared by the web form (src/feedback/) and Open311 (src/open311/). */
#ifndef KOHTAAMO_FEEDBACK_H
#define KOHTAAMO_FEEDBACK_H
#include <stdbool.h>
#include <stdint.h>
#include "../db/db.h"
#include "../http/request.h"

#define FEEDBACK_MESSAGE_MAX 5000

typedef struct feedback_input {
    const char *message;
    int64_t topic_id;          /* 0: none */
    int64_t project_id;        /* 0: none */
    int64_t municipality_id;   /* 0: none */
    const char *lang;          /* language the feedback was written in */
    const char *channel;       /* "web" or "open311" */
    bool contact_requested;    /* contact fields are ignored (never stored) unless set */
    const char *contact_name, *contact_email, *contact_phone, *contact_lang;
    int64_t user_id;           /* 0 unless a signed-in resident chose to attach the account */
} feedback_input;

/* Untranslated msgids explaining what is wrong with each field, NULL when fine. */
typedef struct feedback_errors {
    const char *message, *topic, *project, *contact_name, *contact_email, *contact_phone, *contact_lang;
} feedback_errors;

/* Checks in against the rules (message required, at most FEEDBACK_MESSAGE_MAX
 * characters; with contact requested an e-mail or phone that is valid; topic
 * and project exist). Returns true when there are no errors. */
bool feedback_validate(db *d, arena *a, const feedback_input *in, feedback_errors *err);

/* Stores validated feedback and, when contact was requested with an e-mail,
 * queues the acknowledgement in contact_lang through the outbox.
 * Returns the new id and sets *ref_code (in the arena), or -1 on a database error. */
int64_t feedback_create(db *d, arena *a, int64_t now, const feedback_input *in, const char **ref_code);

/* Erases contact details of feedback closed more than retention_days ago.
 * Returns the number of records erased, or -1. */
int feedback_purge_expired(db *d, int64_t now, int retention_days);

/* Helpers shared by the feedback pages (added by the feedback feature). */
size_t feedback_utf8_len(const char *s);
const char *feedback_check_email(const char *email);   /* NULL or msgid */
const char *feedback_check_phone(const char *phone);   /* NULL or msgid */

/* Web handlers: src/feedback/form.c, inbox.c, reports.c */
int feedback_form_page(request *r);
int feedback_submit(request *r);
int feedback_thanks(request *r);
/* View model for templates/feedback/form_embed.mustache on a project page. */
json_t *feedback_embed_ctx(request *r, int64_t project_id, const char *project_title);
int feedback_inbox(request *r);
int feedback_item_page(request *r);
int feedback_item_update(request *r);
int feedback_reports(request *r);
int feedback_reports_csv(request *r);
/* Published questions and answers of a project, newest first, for the project page:
 * {"any": bool, "items": [{question, answer}]} (caller owns it); render it as
 * ctx "feedback_qa" with {{> feedback/published}}. */
json_t *feedback_published_for_project(request *r, int64_t project_id);

int feedback_demo_load(db *d, char *err, size_t errlen);

#endif
