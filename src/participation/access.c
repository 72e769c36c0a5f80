/* Who may see a space and who may do what in it: the audience, the current
 * phase and the space's policy, checked in this one place. */
#include "participation.h"
#include "../view/i18n.h"
#include <stdlib.h>
#include <string.h>

#define SPACE_COLUMNS \
    "s.id, s.slug, s.title_fi, s.title_sv, s.title_en, s.description_fi, s.description_sv, " \
    "s.description_en, s.audience, s.group_id, s.project_id, s.policy_idea, s.policy_position, " \
    "s.policy_comment, s.published, p.kind, p.ends_at, p.allow_ideas, p.allow_positions, p.allow_comments"
#define SPACE_FROM " FROM spaces s" SPACE_CURRENT_PHASE_JOIN("$2")

static const char *in_lang(const db_result *res, int col_fi, const char *lang)
{
    int off = strcmp(lang, "sv") == 0 ? 1 : strcmp(lang, "en") == 0 ? 2 : 0;
    const char *v = db_cell(res, 0, col_fi + off);
    return v && *v ? v : db_cell(res, 0, col_fi);
}

static int space_fill(request *r, db_result *res, space *out)
{
    if (res->nrows == 0) return 0;
    memset(out, 0, sizeof *out);
    out->id = db_cell_int(res, 0, 0);
    out->slug = db_cell(res, 0, 1);
    out->title = in_lang(res, 2, r->lang);
    out->description = in_lang(res, 5, r->lang);
    out->audience = db_cell(res, 0, 8);
    out->group_id = db_cell_int(res, 0, 9);
    out->project_id = db_cell_int(res, 0, 10);
    for (int i = 0; i < 3; i++) out->policy[i] = db_cell(res, 0, 11 + i);
    out->published = db_cell_int(res, 0, 14) != 0;
    out->phase_kind = db_cell(res, 0, 15);
    out->phase_ends_at = db_cell_int(res, 0, 16);
    for (int i = 0; i < 3; i++) out->phase_allows[i] = db_cell_int(res, 0, 17 + i) != 0;
    return 1;
}

int space_load_id(request *r, int64_t id, space *out)
{
    db_result res;
    db_param p[] = {DB_INT(id), DB_INT(r->now)};
    if (db_query(r->db, &r->a, &res, "SELECT " SPACE_COLUMNS SPACE_FROM "WHERE s.id = $1", 2, p) != 0)
        return -1;
    return space_fill(r, &res, out);
}

int space_load(request *r, const char *slug_or_id, space *out)
{
    if (!slug_or_id || !*slug_or_id) return 0;
    if (strspn(slug_or_id, "0123456789") == strlen(slug_or_id)) {
        if (strlen(slug_or_id) > 18) return 0;
        return space_load_id(r, strtoll(slug_or_id, NULL, 10), out);
    }
    db_result res;
    db_param p[] = {DB_TEXT(slug_or_id), DB_INT(r->now)};
    if (db_query(r->db, &r->a, &res, "SELECT " SPACE_COLUMNS SPACE_FROM "WHERE s.slug = $1", 2, p) != 0)
        return -1;
    return space_fill(r, &res, out);
}

bool group_is_member(db *d, int64_t group_id, int64_t user_id)
{
    if (group_id <= 0 || user_id <= 0) return false;
    db_param p[] = {DB_INT(group_id), DB_INT(user_id)};
    arena a;
    arena_init(&a);
    db_result res;
    bool yes = db_query(d, &a, &res,
                        "SELECT 1 FROM group_members WHERE group_id = $1 AND user_id = $2 AND status = 'member'",
                        2, p) == 0 && res.nrows > 0;
    arena_free_all(&a);
    return yes;
}

bool space_visible_to(db *d, const space *s, int64_t user_id, user_role role)
{
    if (user_id > 0 && role >= ROLE_STAFF) return true;
    if (!s->published) return false;
    if (strcmp(s->audience, "everyone") == 0) return true;
    if (user_id <= 0) return false;
    if (strcmp(s->audience, "registered") == 0) return true;
    if (strcmp(s->audience, "group") == 0) return group_is_member(d, s->group_id, user_id);
    return false;   /* staff */
}

bool space_visible(request *r, const space *s)
{
    return space_visible_to(r->db, s, r->user ? r->user->id : 0, r->user ? r->user->role : ROLE_ANYONE);
}

int space_load_audience(db *d, arena *a, int64_t id, space *out)
{
    db_param p[] = {DB_INT(id)};
    db_result res;
    if (db_query(d, a, &res, "SELECT audience, group_id, published FROM spaces WHERE id = $1", 1, p) != 0) return -1;
    if (res.nrows == 0) return 0;
    memset(out, 0, sizeof *out);
    out->id = id;
    out->audience = db_cell(&res, 0, 0);
    out->group_id = db_cell_int(&res, 0, 1);
    out->published = db_cell_int(&res, 0, 2) != 0;
    return 1;
}

int space_id_visible_to(db *d, int64_t space_id, int64_t user_id, user_role role)
{
    arena a;
    arena_init(&a);
    space s;
    int rc = space_load_audience(d, &a, space_id, &s);
    if (rc > 0) rc = space_visible_to(d, &s, user_id, role) ? 1 : 0;
    arena_free_all(&a);
    return rc;
}

int64_t account_blocked_until(db *d, int64_t user_id, int64_t now)
{
    db_param p[] = {DB_INT(user_id), DB_INT(now)};
    arena a;
    arena_init(&a);
    db_result res;
    int64_t until = -1;
    if (db_query(d, &a, &res,
                 "SELECT MAX(blocked_until) FROM account_blocks"
                 " WHERE user_id = $1 AND blocked_until > $2 AND lifted_at IS NULL", 2, p) == 0)
        until = db_cell_int(&res, 0, 0);
    arena_free_all(&a);
    return until;
}

const char *space_may(request *r, const space *s, space_action act)
{
    if (!s->phase_kind || !s->phase_allows[act]) {
        switch (act) {
        case SPACE_IDEA: return "This phase does not take new ideas.";
        case SPACE_POSITION: return "Positions cannot be taken or changed in this phase.";
        default: return "This phase does not take comments.";
        }
    }
    const char *policy = s->policy[act];
    if (strcmp(policy, "nobody") == 0) return "This space does not allow this.";
    if (!r->user) return strcmp(policy, "anyone") == 0 ? NULL : "Sign in to take part.";
    if (account_blocked_until(r->db, r->user->id, r->now) != 0)
        return "Your account is blocked from taking part for now.";
    return NULL;
}

bool space_is_moderator(request *r, const space *s)
{
    if (!r->user) return false;
    if (r->user->role >= ROLE_MODERATOR) return true;
    db_param p[] = {DB_INT(s->id), DB_INT(r->user->id)};
    db_result res;
    return db_query(r->db, &r->a, &res, "SELECT 1 FROM space_moderators WHERE space_id = $1 AND user_id = $2",
                    2, p) == 0 && res.nrows > 0;
}

bool hidden_content_readable(request *r, const space *s, bool hidden)
{
    return !hidden || (s && space_is_moderator(r, s));
}

const char *hidden_content_note(arena *a, const char *lang, const char *reason)
{
    return arena_concat(a, tr(lang, "Hidden by a moderator:"), " ", reason && *reason ? reason : "–", NULL);
}

const char *hidden_content_quote(request *r, const space *s, bool hidden, const char *reason, const char *text)
{
    return hidden_content_readable(r, s, hidden) ? text : hidden_content_note(&r->a, r->lang, reason);
}
