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

#endif
