/* Participation community, shared core: spaces (audience, phase, policy),
 * groups, follows, notifications and account blocks. Every participation
 * feature (spaces and groups, ideas, comments and moderation, consultations,
 * events) asks these functions who may see and do what, so the rules live
 * in one place: src/participation/access.c and notify.c. */
#ifndef KOHTAAMO_PARTICIPATION_H
#define KOHTAAMO_PARTICIPATION_H
#include <stdbool.h>
#include <stdint.h>
#include "../db/db.h"
#include "../http/request.h"

typedef enum { SPACE_IDEA, SPACE_POSITION, SPACE_COMMENT } space_action;

/* SQL joining the current phase of space s as p: the latest phase that has
 * started and not ended at NOW (a placeholder such as "$1"). One rule for
 * every query that shows a space's phase. */
#define SPACE_CURRENT_PHASE_JOIN(NOW) \
    " LEFT JOIN space_phases p ON p.id = (SELECT q.id FROM space_phases q WHERE q.space_id = s.id" \
    " AND q.starts_at <= " NOW " AND (q.ends_at IS NULL OR q.ends_at > " NOW ")" \
    " ORDER BY q.starts_at DESC, q.id DESC LIMIT 1) "

typedef struct space {
    int64_t id;
    const char *slug;
    const char *title, *description;   /* in the request's language, Finnish fallback */
    const char *audience;              /* everyone | registered | group | staff */
    int64_t group_id;                  /* 0 unless audience is group */
    int64_t project_id;                /* 0: none */
    const char *policy[3];             /* by space_action: nobody | anyone | registered */
    /* current phase; phase_kind NULL when none has started */
    const char *phase_kind;            /* collecting | evaluating | decided | closed */
    int64_t phase_ends_at;             /* 0: open-ended */
    bool phase_allows[3];              /* by space_action */
    bool published;
} space;

/* Loads a space by slug (or by decimal id when the text is all digits),
 * strings in the request's arena. Returns 1 found, 0 not found, -1 on a
 * database error. Does not check visibility: call space_visible. */
int space_load(request *r, const char *slug_or_id, space *out);
int space_load_id(request *r, int64_t id, space *out);

/* Whether the request's user may see the space at all (its audience; staff
 * see every space, unpublished ones too). Callers answer 403 when false
 * and the space exists, for pages and the API alike. */
bool space_visible(request *r, const space *s);
/* The same rule for an account other than the request's (a follower about
 * to be notified, the reader of an e-mail digest): user_id 0 is someone not
 * signed in. Only s->audience, group_id and published are read. */
bool space_visible_to(db *d, const space *s, int64_t user_id, user_role role);
/* Loads only what space_visible_to reads (audience, group, published) of
 * the space with this id, strings in a: 1 found, 0 not, -1 on an error. */
int space_load_audience(db *d, arena *a, int64_t id, space *out);
/* space_visible_to for the space with this id: 1 visible, 0 not (also when
 * there is no such space: its content cannot be opened), -1 on a database
 * error. */
int space_id_visible_to(db *d, int64_t space_id, int64_t user_id, user_role role);

/* NULL when the request's user may do act in the space now, otherwise an
 * untranslated msgid saying why not (phase closed, sign-in needed, not
 * allowed in this space, account blocked). Anonymous permission needs the
 * policy 'anyone'. Assumes space_visible was checked. */
const char *space_may(request *r, const space *s, space_action act);

/* Moderators of the space, and county-wide moderators and admins. */
bool space_is_moderator(request *r, const space *s);

/* Content a moderator has hidden (an idea, a comment, a position's
 * argument) is read only by the moderators of its space; everyone else is
 * told only that it was hidden and why. The one rule for every page, form,
 * list and API that quotes such content (its title too):
 * hidden_content_readable is true when the content is not hidden or the
 * request's user moderates s (NULL: nobody); hidden_content_note is what
 * the others see, "Hidden by a moderator: REASON" in lang, in a;
 * hidden_content_quote gives text or that note. */
bool hidden_content_readable(request *r, const space *s, bool hidden);
const char *hidden_content_note(arena *a, const char *lang, const char *reason);
const char *hidden_content_quote(request *r, const space *s, bool hidden, const char *reason, const char *text);

/* Whether user_id is an approved member of the group. */
bool group_is_member(db *d, int64_t group_id, int64_t user_id);

/* Blocked accounts may read but not post; returns the end of the block in
 * force now, or 0 when none. -1 on a database error. */
int64_t account_blocked_until(db *d, int64_t user_id, int64_t now);

/* follow_add is idempotent; follow_remove removes when present. 0 or -1. */
int follow_add(db *d, int64_t now, int64_t user_id, const char *target_type, int64_t target_id);
int follow_remove(db *d, int64_t user_id, const char *target_type, int64_t target_id);
bool follow_exists(db *d, int64_t user_id, const char *target_type, int64_t target_id);

/* Notifies everyone who follows target (and, when also_type is not NULL,
 * who follows also_type/also_id, e.g. the idea's space) except
 * except_user_id: one row each even when following both. kind names the
 * event (see sql/050_participation.sql), title is the subject's title as
 * written, path the URL without language prefix. space_id is the space the
 * subject belongs to (0: none, the subject is public): only followers who
 * may see that space now (space_visible_to) are notified, and the
 * notification keeps space_id so that the list and the digest ask again
 * when they show it. Returns the number of notifications made, or -1. */
int notify_followers(db *d, int64_t now, const char *target_type, int64_t target_id,
                     const char *also_type, int64_t also_id, int64_t except_user_id,
                     const char *kind, const char *title, const char *path, int64_t space_id);
/* One notification for one person (e.g. the author of a comment replied
 * to), made only when the person may see space_id (0: none). 0 or -1. */
int notify_user(db *d, int64_t now, int64_t user_id, const char *kind, const char *title,
                const char *path, int64_t space_id);

/* After user_id left group_id: drops their follows of the group's spaces
 * they may no longer see (space_visible_to), and of the ideas,
 * consultations and events in them. 0 or -1. */
int follows_drop_unseen_group_spaces(db *d, int64_t group_id, int64_t user_id, user_role role);

#endif
