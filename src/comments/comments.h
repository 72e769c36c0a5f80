/* Comments on ideas and consultation draft sections (src/comments/):
 * the thread partial other pages include, posting, replying, editing for
 * 15 minutes, supporting. Moderation (hiding, reports, blocks) is in
 * src/moderation/. */
#ifndef KOHTAAMO_COMMENTS_H
#define KOHTAAMO_COMMENTS_H
#include <stdbool.h>
#include <stdint.h>
#include <jansson.h>
#include "../participation/participation.h"

#define COMMENT_MAX_CHARS 2000     /* characters (UTF-8 code points), not bytes */
#define COMMENT_EDIT_SECONDS 900   /* the author may edit for 15 minutes */

/* The view model of templates/comments/thread.mustache for the comments on
 * target_type ('idea' or 'section') target_id, which belongs to space s.
 * A page puts it under "comments" and includes
 * {{#comments}}{{> comments/thread}}{{/comments}}. The new-comment form
 * returns to the current page (r->path). Returns NULL on a database error.
 * The value lives in the request's arena like every view model. */
json_t *comments_thread_ctx(request *r, const char *target_type, int64_t target_id, const space *s);

/* What a comment is attached to, resolved to its space. */
typedef struct comment_target {
    const char *type;        /* 'idea' or 'section' */
    int64_t id;
    space sp;                /* the space it belongs to */
    const char *title;       /* idea title or section heading, as written */
    const char *path;        /* page URL without the language prefix, e.g. "/ideas/12" */
    bool hidden;             /* the idea itself is hidden by a moderator */
    const char *hidden_reason; /* why, when hidden */
    bool closed;             /* a draft section outside its draft's open period */
    int64_t draft_id;        /* for sections */
} comment_target;

/* Loads target type/id and its space. 1 found, 0 no such target, -1 db error. */
int comment_target_load(request *r, const char *type, int64_t id, comment_target *out);

/* NULL when the request's user may comment on the target now, else a
 * translated sentence why not (with the date when the account is blocked). */
const char *comment_target_refusal(request *r, const comment_target *t);

/* Recounts the visible comments of a target into ideas.comment_count or
 * draft_sections.comment_count. Call inside the changing transaction. 0/-1. */
int comments_recount(db *d, const char *target_type, int64_t target_id);

/* "Your account is blocked from taking part until DATE." translated, or
 * NULL when the user is not blocked. */
const char *comments_block_message(request *r);

/* Checks a comment body: COMMENT_OK, COMMENT_EMPTY (nothing but white
 * space) or COMMENT_TOO_LONG (more than COMMENT_MAX_CHARS characters);
 * *nchars gets the length in characters. */
enum { COMMENT_OK = 0, COMMENT_EMPTY = 1, COMMENT_TOO_LONG = 2 };
int comments_body_check(const char *body, size_t *nchars);
/* Whether a comment written at created_at may still be edited at now. */
bool comments_editable(int64_t created_at, int64_t now);
/* The parent a reply is stored under: threads are two levels deep, so a
 * reply to a reply (its parent has a parent) goes under the top level. */
int64_t comments_reply_parent(int64_t replied_id, int64_t replied_parent_id);

/* Counts UTF-8 code points. */
size_t comments_utf8_len(const char *s);
/* "26.11.2026 14.05" in the server's time zone, in the arena. */
const char *comments_format_time(request *r, int64_t t);

/* Handlers */
int comments_create(request *r);        /* POST /{lang}/comments */
int comments_new_page(request *r);      /* GET /{lang}/comments/new?target_type=&target_id=&parent_id= */
int comments_edit_form(request *r);     /* GET /{lang}/comments/{id}/edit */
int comments_edit_save(request *r);     /* POST /{lang}/comments/{id}/edit */
int comments_support(request *r);       /* POST /{lang}/comments/{id}/support */

/* Demo comments on the demo ideas (skips quietly when there are none). */
int comments_demo_load(db *d, int64_t now);

#endif
