/* Participation spaces for residents: /{lang}/spaces (every space the person
 * may see, with its phase and what is open now) and /{lang}/spaces/{slug}
 * (description, phase timeline, the policy in words, moderators, links to
 * ideas, consultations and events, statements, follow). A space the person
 * may not see answers 403, with a sign-in link for signed-out visitors. */
#include "spaces_internal.h"
#include "phases.h"
#include "../http/session.h"
#include "../view/i18n.h"
#include <stdlib.h>
#include <string.h>

#define LIST_SQL \
    "SELECT s.id, s.slug, s.title_fi, s.title_sv, s.title_en, s.audience, s.group_id, s.published, " \
    "t.name_fi, t.name_sv, t.name_en, p.kind, p.ends_at, p.allow_ideas, p.allow_positions, p.allow_comments, " \
    "s.policy_idea, s.policy_position, s.policy_comment, " \
    "(SELECT COUNT(*) FROM ideas i WHERE i.space_id = s.id AND i.hidden_at IS NULL), " \
    "g.name_fi, g.name_sv, g.name_en " \
    "FROM spaces s LEFT JOIN themes t ON t.id = s.theme_id LEFT JOIN groups g ON g.id = s.group_id " \
    SPACE_CURRENT_PHASE_JOIN("$1")

/* "Collecting ideas until 15.1.2027" */
static const char *phase_now_text(request *r, const char *kind, int64_t ends_at)
{
    if (!kind) return tr(r->lang, "No phase in progress");
    if (!ends_at) return part_phase_label(r, kind);
    const char *d = part_date(r, phase_last_moment(ends_at));
    if (strcmp(kind, "collecting") == 0) return part_fill(r, N_("Collecting ideas until {date}"), "{date}", d);
    if (strcmp(kind, "evaluating") == 0) return part_fill(r, N_("Evaluating ideas until {date}"), "{date}", d);
    if (strcmp(kind, "decided") == 0) return part_fill(r, N_("Decided, discussion open until {date}"), "{date}", d);
    return part_fill(r, N_("Closed until {date}"), "{date}", d);
}

/* "Open until 15.1.2027: ideas, positions, comments" or NULL. */
static const char *open_now_text(request *r, const bool allows[3], const char *const policy[3], int64_t ends_at)
{
    const char *what = part_open_actions(r, allows, policy);
    if (!what) return NULL;
    const char *t = ends_at ? part_fill(r, N_("Open until {date}: {what}"), "{date}",
                                        part_date(r, phase_last_moment(ends_at)))
                            : tr(r->lang, "Open now: {what}");
    const char *hit = strstr(t, "{what}");
    return hit ? arena_concat(&r->a, arena_strndup(&r->a, t, (size_t)(hit - t)), what, hit + 6, NULL) : t;
}

int spaces_list(request *r)
{
    db_result res;
    db_param p[] = {DB_INT(r->now)};
    if (db_query(r->db, &r->a, &res, LIST_SQL "ORDER BY s.created_at, s.id", 1, p) < 0) return -1;
    json_t *items = json_array();
    for (int i = 0; i < res.nrows; i++) {
        space s = {0};
        s.audience = db_cell(&res, i, 5);
        s.group_id = db_cell_int(&res, i, 6);
        s.published = db_cell_int(&res, i, 7) != 0;
        if (!space_visible(r, &s)) continue;
        bool fell_back = false;
        json_t *it = json_object();
        part_set(it, "url", req_url(r, arena_concat(&r->a, "/spaces/", db_cell(&res, i, 1), NULL)));
        part_set(it, "title", part_pick(&res, i, 2, r->lang, &fell_back));
        if (fell_back) json_object_set_new(it, "fallback", json_true());
        if (db_cell(&res, i, 8)) part_set(it, "theme", part_pick(&res, i, 8, r->lang, NULL));
        const char *kind = db_cell(&res, i, 11);
        int64_t ends = db_cell_int(&res, i, 12);
        part_set(it, "phase", phase_now_text(r, kind, ends));
        bool allows[3] = {db_cell_int(&res, i, 13) != 0, db_cell_int(&res, i, 14) != 0, db_cell_int(&res, i, 15) != 0};
        const char *policy[3] = {db_cell(&res, i, 16), db_cell(&res, i, 17), db_cell(&res, i, 18)};
        const char *open = kind ? open_now_text(r, allows, policy, ends) : NULL;
        if (open) part_set(it, "open_now", open);
        else part_set(it, "closed_now", tr(r->lang, "Nothing is open for taking part right now."));
        json_object_set_new(it, "idea_count", json_integer(db_cell_int(&res, i, 19)));
        if (strcmp(s.audience, "group") == 0 && db_cell(&res, i, 20))
            part_set(it, "group_only", part_fill(r, N_("Only for members of {group}"), "{group}",
                                                 part_pick(&res, i, 20, r->lang, NULL)));
        else if (strcmp(s.audience, "registered") == 0)
            part_set(it, "group_only", tr(r->lang, "Only for signed-in users"));
        else if (strcmp(s.audience, "staff") == 0)
            part_set(it, "group_only", tr(r->lang, "Only for staff"));
        if (!s.published) json_object_set_new(it, "unpublished", json_true());
        json_array_append_new(items, it);
    }
    json_t *ctx = json_object();
    part_set(ctx, "title", tr(r->lang, "Participation spaces"));
    json_object_set_new(ctx, "empty", json_boolean(json_array_size(items) == 0));
    json_object_set_new(ctx, "items", items);
    part_set(ctx, "groups_url", req_url(r, "/groups"));
    if (r->user && r->user->role >= ROLE_STAFF) part_set(ctx, "staff_url", req_url(r, "/staff/spaces"));
    respond_page(r, 200, "participation/spaces", ctx);
    return 0;
}

static const char *policy_text(request *r, space_action act, const char *policy)
{
    bool anyone = strcmp(policy, "anyone") == 0, registered = strcmp(policy, "registered") == 0;
    switch (act) {
    case SPACE_IDEA:
        return anyone ? tr(r->lang, "Anyone may submit ideas, also without an account.")
             : registered ? tr(r->lang, "Signed-in users may submit ideas.")
                          : tr(r->lang, "Ideas cannot be submitted in this space.");
    case SPACE_POSITION:
        return anyone ? tr(r->lang, "Anyone may take a position, also without an account; positions without an "
                                    "account are counted separately.")
             : registered ? tr(r->lang, "Signed-in users may take a position on ideas.")
                          : tr(r->lang, "Positions cannot be taken in this space.");
    default:
        return anyone ? tr(r->lang, "Anyone may comment, also without an account.")
             : registered ? tr(r->lang, "Signed-in users may comment.")
                          : tr(r->lang, "Comments are not possible in this space.");
    }
}

/* The phases of the space, oldest first, with the current one marked. */
static json_t *phases_json(request *r, const space *s)
{
    db_result res;
    db_param p[] = {DB_INT(s->id)};
    if (db_query(r->db, &r->a, &res,
                 "SELECT kind, starts_at, ends_at, allow_ideas, allow_positions, allow_comments FROM space_phases "
                 "WHERE space_id = $1 ORDER BY starts_at, id", 1, p) < 0)
        return NULL;
    phase_row *rows = arena_alloc(&r->a, sizeof *rows * (size_t)(res.nrows + 1));
    for (int i = 0; i < res.nrows; i++) {
        rows[i].kind = db_cell(&res, i, 0);
        rows[i].starts_at = db_cell_int(&res, i, 1);
        rows[i].ends_at = db_cell_int(&res, i, 2);
        for (int k = 0; k < 3; k++) rows[i].allows[k] = db_cell_int(&res, i, 3 + k) != 0;
    }
    int cur = phase_current(rows, res.nrows, r->now);
    json_t *arr = json_array();
    for (int i = 0; i < res.nrows; i++) {
        json_t *o = json_object();
        part_set(o, "label", part_phase_label(r, rows[i].kind));
        char iso[16];
        phase_iso_day(iso, sizeof iso, rows[i].starts_at);
        part_set(o, "start", part_date(r, rows[i].starts_at));
        part_set(o, "start_iso", iso);
        if (rows[i].ends_at) {
            phase_iso_day(iso, sizeof iso, phase_last_moment(rows[i].ends_at));
            part_set(o, "end", part_date(r, phase_last_moment(rows[i].ends_at)));
            part_set(o, "end_iso", iso);
        }
        const char *what = part_open_actions(r, rows[i].allows, NULL);
        part_set(o, "allows", what ? part_fill(r, N_("Open for {what}"), "{what}", what)
                                   : tr(r->lang, "Reading only"));
        if (i == cur) json_object_set_new(o, "current", json_true());
        else if (rows[i].starts_at > r->now) json_object_set_new(o, "coming", json_true());
        json_array_append_new(arr, o);
    }
    return arr;
}

int spaces_show(request *r)
{
    space s;
    int found = space_load(r, req_param(r, "slug"), &s);
    if (found < 0) return -1;
    if (found == 0) {
        respond_error(r, 404, NULL);
        return 0;
    }
    if (!space_visible(r, &s)) {
        const char *why;
        if (strcmp(s.audience, "registered") == 0) why = tr(r->lang, "Sign in to see this space.");
        else if (strcmp(s.audience, "staff") == 0 || !s.published) why = tr(r->lang, "This space is open only to staff.");
        else if (r->user) why = tr(r->lang, "This space is open only to its group's members and staff.");
        else why = tr(r->lang, "This space is not public. Sign in if you are a member of the group it belongs to.");
        return part_forbidden(r, why);
    }
    db_result res;
    db_param p[] = {DB_INT(s.id)};
    db_param pn[] = {DB_INT(s.id), DB_INT(r->now)};
    if (db_query(r->db, &r->a, &res,
                 "SELECT s.title_fi, s.title_sv, s.title_en, s.description_fi, s.description_sv, s.description_en, "
                 "t.name_fi, t.name_sv, t.name_en, pr.slug, pr.title_fi, pr.title_sv, pr.title_en, g.slug, "
                 "g.name_fi, g.name_sv, g.name_en, "
                 "(SELECT COUNT(*) FROM ideas i WHERE i.space_id = s.id AND i.hidden_at IS NULL), "
                 "(SELECT COUNT(*) FROM drafts d WHERE d.space_id = s.id), "
                 "(SELECT COUNT(*) FROM follows f WHERE f.target_type = 'space' AND f.target_id = s.id), "
                 "(SELECT COUNT(*) FROM events e WHERE e.space_id = s.id AND e.draft = 0 AND e.ends_at > $2) "
                 "FROM spaces s LEFT JOIN themes t ON t.id = s.theme_id LEFT JOIN projects pr ON pr.id = s.project_id "
                 "LEFT JOIN groups g ON g.id = s.group_id WHERE s.id = $1", 2, pn) < 0)
        return -1;
    bool title_fb = false, desc_fb = false;
    json_t *ctx = json_object();
    const char *base = arena_concat(&r->a, "/spaces/", s.slug, NULL);
    part_set(ctx, "title", part_pick(&res, 0, 0, r->lang, &title_fb));
    part_set(ctx, "description_html", part_markdown(r, part_pick(&res, 0, 3, r->lang, &desc_fb)));
    if (title_fb) json_object_set_new(ctx, "title_fallback", json_true());
    if (desc_fb) json_object_set_new(ctx, "fallback", json_true());
    if (db_cell(&res, 0, 6)) part_set(ctx, "theme", part_pick(&res, 0, 6, r->lang, NULL));
    if (db_cell(&res, 0, 9)) {
        part_set(ctx, "project_url", req_url(r, arena_concat(&r->a, "/projects/", db_cell(&res, 0, 9), NULL)));
        part_set(ctx, "project_title", part_pick(&res, 0, 10, r->lang, NULL));
    }
    if (strcmp(s.audience, "group") == 0 && db_cell(&res, 0, 13)) {
        part_set(ctx, "audience_text", part_fill(r, N_("Only members of {group} and staff can see this space."),
                                                 "{group}", part_pick(&res, 0, 14, r->lang, NULL)));
        part_set(ctx, "group_url", req_url(r, arena_concat(&r->a, "/groups/", db_cell(&res, 0, 13), NULL)));
    } else if (strcmp(s.audience, "registered") == 0) {
        part_set(ctx, "audience_text", tr(r->lang, "Only signed-in users can see this space."));
    } else if (strcmp(s.audience, "staff") == 0) {
        part_set(ctx, "audience_text", tr(r->lang, "Only staff can see this space."));
    }
    if (!s.published) json_object_set_new(ctx, "unpublished", json_true());
    part_set(ctx, "phase_now", phase_now_text(r, s.phase_kind, s.phase_ends_at));
    json_t *phases = phases_json(r, &s);
    if (!phases) {
        json_decref(ctx);
        return -1;
    }
    json_object_set_new(ctx, "has_phases", json_boolean(json_array_size(phases) > 0));
    json_object_set_new(ctx, "phases", phases);

    /* what is allowed now, and for whom */
    static const char *const keys[3] = {"idea", "position", "comment"};
    const char *names[3] = {tr(r->lang, "Ideas"), tr(r->lang, "Positions"), tr(r->lang, "Comments")};
    json_t *rules = json_array();
    for (int k = 0; k < 3; k++) {
        json_t *o = json_object();
        part_set(o, "key", keys[k]);
        part_set(o, "name", names[k]);
        part_set(o, "who", policy_text(r, (space_action)k, s.policy[k]));
        bool open = s.phase_kind && s.phase_allows[k] && strcmp(s.policy[k], "nobody") != 0;
        if (open) {
            part_set(o, "now", s.phase_ends_at ? part_fill(r, N_("Open now, until {date}."), "{date}",
                                                           part_date(r, phase_last_moment(s.phase_ends_at)))
                                               : tr(r->lang, "Open now."));
            json_object_set_new(o, "open", json_true());
        } else {
            part_set(o, "now", tr(r->lang, "Not open in the current phase."));
        }
        json_array_append_new(rules, o);
    }
    json_object_set_new(ctx, "rules", rules);

    /* moderators */
    db_result mods;
    if (db_query(r->db, &r->a, &mods,
                 "SELECT u.display_name FROM space_moderators m JOIN users u ON u.id = m.user_id "
                 "WHERE m.space_id = $1 ORDER BY u.display_name", 1, p) < 0) {
        json_decref(ctx);
        return -1;
    }
    json_t *marr = json_array();
    for (int i = 0; i < mods.nrows; i++) json_array_append_new(marr, json_pack("{s:s}", "name", db_cell(&mods, i, 0)));
    json_object_set_new(ctx, "has_moderators", json_boolean(mods.nrows > 0));
    json_object_set_new(ctx, "moderators", marr);

    /* links to the other participation pages of this space */
    part_set(ctx, "ideas_url", req_url(r, arena_concat(&r->a, base, "/ideas", NULL)));
    part_set(ctx, "ideas_text", tr_fill(r, "Ideas ({n})", (long)db_cell_int(&res, 0, 17)));
    part_set(ctx, "consultations_url", req_url(r, arena_concat(&r->a, base, "/consultations", NULL)));
    part_set(ctx, "consultations_text", tr_fill(r, "Consultations on drafts ({n})", (long)db_cell_int(&res, 0, 18)));
    part_set(ctx, "events_url", req_url(r, arena_concat(&r->a, "/events?space=", s.slug, NULL)));
    part_set(ctx, "events_text", tr_fill(r, "Workshops and events ({n} coming)", (long)db_cell_int(&res, 0, 20)));
    part_set(ctx, "followers_text", tr_fill(r, "Followers: {n}", (long)db_cell_int(&res, 0, 19)));

    json_t *statements = statements_list_json(r, 0, s.id);
    if (!statements) {
        json_decref(ctx);
        return -1;
    }
    json_object_set_new(ctx, "has_statements", json_boolean(json_array_size(statements) > 0));
    json_object_set_new(ctx, "statements", statements);

    if (r->user) {
        bool following = follow_exists(r->db, r->user->id, "space", s.id);
        csrf_prepare(r);   /* the form is only for signed-in people: reading sets no cookie */
        json_object_set_new(ctx, "follow", json_pack("{s:s, s:s, s:s, s:s}", "token", r->csrf_token, "action",
                                                     req_url(r, arena_concat(&r->a, base, "/follow", NULL)), "value",
                                                     following ? "unfollow" : "follow", "label",
                                                     following ? tr(r->lang, "Stop following this space")
                                                               : tr(r->lang, "Follow this space")));
        if (following) part_set(ctx, "following_text", tr(r->lang, "You follow this space and get notifications of it."));
    } else {
        part_set(ctx, "login_url", arena_concat(&r->a, req_url(r, "/login?next="), r->path, NULL));
    }
    if (r->user && r->user->role >= ROLE_STAFF)
        part_set(ctx, "edit_url", req_url(r, arena_printf(&r->a, "/staff/spaces/%lld/edit", (long long)s.id)));
    part_set(ctx, "list_url", req_url(r, "/spaces"));
    respond_page(r, 200, "participation/space", ctx);
    return 0;
}

int spaces_follow(request *r)
{
    space s;
    int found = space_load(r, req_param(r, "slug"), &s);
    if (found < 0) return -1;
    if (found == 0) {
        respond_error(r, 404, NULL);
        return 0;
    }
    if (!space_visible(r, &s)) return part_forbidden(r, tr(r->lang, "This space is open only to its group's members and staff."));
    const char *action = req_form(r, "action");
    int rc;
    if (action && strcmp(action, "unfollow") == 0) rc = follow_remove(r->db, r->user->id, "space", s.id);
    else if (action && strcmp(action, "follow") == 0) rc = follow_add(r->db, r->now, r->user->id, "space", s.id);
    else {
        respond_error(r, 400, tr(r->lang, "Choose whether to follow or stop following."));
        return 0;
    }
    if (rc < 0) return -1;
    respond_redirect(r, 303, req_url(r, arena_concat(&r->a, "/spaces/", s.slug, NULL)));
    return 0;
}
