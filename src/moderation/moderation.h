/* Moderation (src/moderation/): reports by anyone, the moderators' queue,
 * hiding and restoring content, account blocks, the moderation log and the
 * code of conduct. Comments themselves are in src/comments/. */
#ifndef KOHTAAMO_MODERATION_H
#define KOHTAAMO_MODERATION_H
#include <stdbool.h>
#include <stdint.h>
#include "../participation/participation.h"

/* Something that can be reported: 'idea', 'comment', 'position', 'statement'. */
typedef struct mod_content {
    const char *type;
    int64_t id;
    int64_t space_id;          /* 0: not in a space (e.g. a group's statement) */
    int64_t author_id;         /* 0: no account */
    const char *author;        /* display name, or "" */
    const char *title;         /* idea title, or the title of what it is under */
    bool title_hidden;         /* that idea is hidden by a moderator */
    const char *title_hidden_reason;
    const char *text;          /* the content itself (Markdown) */
    const char *path;          /* URL without language prefix, e.g. "/ideas/3#comment-9" */
    bool hidden;
    const char *hidden_reason;
    bool hideable;             /* statements are official texts: not hidden here */
} mod_content;

/* Whether type is one of the four reportable kinds. */
bool moderation_type_valid(const char *type);
/* 1 found, 0 not found, -1 database error. */
int moderation_content_load(request *r, const char *type, int64_t id, mod_content *out);
/* Whether the request's user may see the content (its space's audience). */
bool moderation_content_visible(request *r, const mod_content *c);
/* Whether the request's user moderates the content: county moderators and
 * admins everything, space moderators what is in their spaces. */
bool moderation_may_moderate(request *r, const mod_content *c);
/* Whether the request's user moderates anything (role or any space). */
bool moderation_is_any_moderator(request *r);

/* Writes one moderation_log row. 0 or -1. */
int moderation_log_write(db *d, int64_t now, int64_t moderator_id, const char *action, const char *target_type,
                         int64_t target_id, const char *reason);

/* Handlers */
int report_form(request *r);            /* GET /{lang}/report?type=&id= */
int report_submit(request *r);          /* POST /{lang}/report */
int report_thanks(request *r);          /* GET /{lang}/report/thanks */
int moderation_queue(request *r);       /* GET /{lang}/moderation */
int moderation_act(request *r);         /* POST /{lang}/moderation/{type}/{id}: hide, keep, restore */
int moderation_block(request *r);       /* POST /{lang}/moderation/{type}/{id}/block */
int moderation_blocks(request *r);      /* GET /{lang}/moderation/blocks */
int moderation_unblock(request *r);     /* POST /{lang}/moderation/blocks/{id}/lift */
int moderation_log_page(request *r);    /* GET /{lang}/moderation/log */
int code_of_conduct(request *r);        /* GET /{lang}/code-of-conduct */

#endif
