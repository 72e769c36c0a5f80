/* Groups and councils: /{lang}/groups (councils and working groups, with the
 * signed-in person's invitations and groups) and /{lang}/groups/{slug}.
 * Members join by invitation (a chair or staff invites an existing account
 * by e-mail; the person accepts or declines) or by request (a signed-in
 * resident asks; a chair or staff approves or rejects). The member list is
 * for members and staff only; everyone sees the count. */
#include "spaces_internal.h"
#include "../audit/audit.h"
#include "../http/formview.h"
#include "../http/session.h"
#include "../view/i18n.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* status of user in group: "member", "invited", "requested" or NULL; role in *role */
static const char *membership(request *r, int64_t group_id, const char **role)
{
    *role = NULL;
    if (!r->user) return NULL;
    db_result res;
    db_param p[] = {DB_INT(group_id), DB_INT(r->user->id)};
    if (db_query(r->db, &r->a, &res, "SELECT status, role FROM group_members WHERE group_id = $1 AND user_id = $2",
                 2, p) < 0 || res.nrows == 0)
        return NULL;
    *role = db_cell(&res, 0, 1);
    return db_cell(&res, 0, 0);
}

static void set_token(request *r, json_t *ctx)
{
    if (!r->user) return;
    csrf_prepare(r);   /* forms here are only for signed-in people */
    part_set(ctx, "token", r->csrf_token);
}

static const char *group_url(request *r, const char *slug, const char *rest)
{
    return req_url(r, arena_concat(&r->a, "/groups/", slug, rest, NULL));
}

int groups_list(request *r)
{
    db_result res;
    if (db_query(r->db, &r->a, &res,
                 "SELECT g.slug, g.name_fi, g.name_sv, g.name_en, g.description_fi, g.description_sv, g.description_en, "
                 "g.kind, g.join_policy, (SELECT COUNT(*) FROM group_members m WHERE m.group_id = g.id AND "
                 "m.status = 'member') FROM groups g ORDER BY g.kind, g.name_fi", 0, NULL) < 0)
        return -1;
    json_t *councils = json_array(), *working = json_array();
    for (int i = 0; i < res.nrows; i++) {
        json_t *o = json_object();
        part_set(o, "url", group_url(r, db_cell(&res, i, 0), ""));
        part_set(o, "name", part_pick(&res, i, 1, r->lang, NULL));
        bool fb = false;
        part_set(o, "description", part_pick(&res, i, 4, r->lang, &fb));
        if (fb) json_object_set_new(o, "fallback", json_true());
        part_set(o, "members", tr_fill(r, "Members: {n}", (long)db_cell_int(&res, i, 9)));
        part_set(o, "joining", strcmp(db_cell(&res, i, 8), "request") == 0
                                   ? tr(r->lang, "Anyone signed in may ask to join.")
                                   : tr(r->lang, "Members are invited."));
        json_array_append_new(strcmp(db_cell(&res, i, 7), "council") == 0 ? councils : working, o);
    }
    json_t *ctx = json_object();
    part_set(ctx, "title", tr(r->lang, "Groups and councils"));
    json_object_set_new(ctx, "has_councils", json_boolean(json_array_size(councils) > 0));
    json_object_set_new(ctx, "councils", councils);
    json_object_set_new(ctx, "has_working", json_boolean(json_array_size(working) > 0));
    json_object_set_new(ctx, "working", working);
    if (r->user) {
        db_result mine;
        db_param p[] = {DB_INT(r->user->id)};
        if (db_query(r->db, &r->a, &mine,
                     "SELECT g.slug, g.name_fi, g.name_sv, g.name_en, m.status, m.role FROM group_members m "
                     "JOIN groups g ON g.id = m.group_id WHERE m.user_id = $1 ORDER BY g.name_fi", 1, p) < 0) {
            json_decref(ctx);
            return -1;
        }
        json_t *inv = json_array(), *groups = json_array();
        for (int i = 0; i < mine.nrows; i++) {
            const char *st = db_cell(&mine, i, 4);
            json_t *o = json_object();
            part_set(o, "url", group_url(r, db_cell(&mine, i, 0), ""));
            part_set(o, "name", part_pick(&mine, i, 1, r->lang, NULL));
            if (strcmp(st, "invited") == 0) {
                part_set(o, "action", group_url(r, db_cell(&mine, i, 0), "/invitation"));
                json_array_append_new(inv, o);
            } else {
                part_set(o, "status", strcmp(st, "requested") == 0 ? tr(r->lang, "request waiting for approval")
                                      : strcmp(db_cell(&mine, i, 5), "chair") == 0 ? tr(r->lang, "chair")
                                                                                  : tr(r->lang, "member"));
                json_array_append_new(groups, o);
            }
        }
        json_object_set_new(ctx, "has_invitations", json_boolean(json_array_size(inv) > 0));
        json_object_set_new(ctx, "invitations", inv);
        json_object_set_new(ctx, "has_mine", json_boolean(json_array_size(groups) > 0));
        json_object_set_new(ctx, "mine", groups);
        json_object_set_new(ctx, "signed_in", json_true());
        set_token(r, ctx);
    }
    part_set(ctx, "spaces_url", req_url(r, "/spaces"));
    respond_page(r, 200, "participation/groups", ctx);
    return 0;
}

static int render_group(request *r, int status, const group_info *g, const char *invite_email, const char *invite_error)
{
    const char *role;
    const char *st = membership(r, g->id, &role);
    bool member = st && strcmp(st, "member") == 0;
    bool staff = r->user && r->user->role >= ROLE_STAFF;
    bool manage = group_may_manage(r, g->id);
    json_t *ctx = json_object();
    part_set(ctx, "title", g->name);
    part_set(ctx, "description_html", part_markdown(r, g->description));
    part_set(ctx, "kind", strcmp(g->kind, "council") == 0 ? tr(r->lang, "Council") : tr(r->lang, "Working group"));
    part_set(ctx, "joining", strcmp(g->join_policy, "request") == 0
                                 ? tr(r->lang, "Anyone signed in may ask to join; the chair or staff approve requests.")
                                 : tr(r->lang, "Members are invited by the chair or staff."));
    db_result res;
    db_param p[] = {DB_INT(g->id)};
    if (db_query(r->db, &r->a, &res,
                 "SELECT u.id, u.display_name, m.role, m.status FROM group_members m JOIN users u ON u.id = m.user_id "
                 "WHERE m.group_id = $1 ORDER BY m.role, u.display_name", 1, p) < 0) {
        json_decref(ctx);
        return -1;
    }
    json_t *members = json_array(), *requests = json_array(), *invited = json_array();
    long count = 0;
    for (int i = 0; i < res.nrows; i++) {
        const char *ms = db_cell(&res, i, 3);
        json_t *o = json_object();
        part_set(o, "name", db_cell(&res, i, 1));
        if (strcmp(ms, "member") == 0) {
            count++;
            if (strcmp(db_cell(&res, i, 2), "chair") == 0) part_set(o, "role", tr(r->lang, "chair"));
            json_array_append_new(members, o);
        } else if (strcmp(ms, "requested") == 0) {
            part_set(o, "action", group_url(r, g->slug, arena_concat(&r->a, "/requests/", db_cell(&res, i, 0), NULL)));
            json_array_append_new(requests, o);
        } else {
            json_array_append_new(invited, o);
        }
    }
    part_set(ctx, "member_count", tr_fill(r, "Members: {n}", count));
    if (member || staff) {
        json_object_set_new(ctx, "members", members);
        json_object_set_new(ctx, "show_members", json_true());
        if (!member && audit_record(r->db, r->now, r->user->id, "group_members_view", 0, g->slug) < 0) {
            json_decref(ctx);
            return -1;
        }
    } else {
        json_decref(members);
    }
    if (manage) {
        json_object_set_new(ctx, "manage", json_true());
        json_object_set_new(ctx, "has_requests", json_boolean(json_array_size(requests) > 0));
        json_object_set_new(ctx, "has_invited", json_boolean(json_array_size(invited) > 0));
        json_object_set_new(ctx, "requests", requests);
        json_object_set_new(ctx, "invited", invited);
        formview fv;
        formview_init(&fv);
        formview_field(&fv, "email", tr(r->lang, "E-mail address of the person to invite"), "email", invite_email,
                       invite_error, "off", tr(r->lang, "The person must already have an account."), 1);
        formview_attach(&fv, ctx);
        part_set(ctx, "invite_action", group_url(r, g->slug, "/invite"));
        part_set(ctx, "statement_url", group_url(r, g->slug, "/statements/new"));
    } else {
        json_decref(requests);
        json_decref(invited);
    }
    /* the signed-in person's own standing */
    if (r->user) {
        if (member) {
            part_set(ctx, "my_status", strcmp(role, "chair") == 0 ? tr(r->lang, "You are the chair of this group.")
                                                                  : tr(r->lang, "You are a member of this group."));
            part_set(ctx, "leave_action", group_url(r, g->slug, "/leave"));
        } else if (st && strcmp(st, "invited") == 0) {
            part_set(ctx, "my_status", tr(r->lang, "You have been invited to this group."));
            part_set(ctx, "respond_action", group_url(r, g->slug, "/invitation"));
        } else if (st) {
            part_set(ctx, "my_status", tr(r->lang, "Your request to join waits for approval."));
            part_set(ctx, "cancel_action", group_url(r, g->slug, "/leave"));
        } else if (strcmp(g->join_policy, "request") == 0) {
            part_set(ctx, "join_action", group_url(r, g->slug, "/join"));
        }
        bool following = follow_exists(r->db, r->user->id, "group", g->id);
        json_object_set_new(ctx, "follow", json_pack("{s:s, s:s, s:s}", "action", group_url(r, g->slug, "/follow"),
                                                     "value", following ? "unfollow" : "follow", "label",
                                                     following ? tr(r->lang, "Stop following this group")
                                                               : tr(r->lang, "Follow this group")));
        set_token(r, ctx);
    } else {
        part_set(ctx, "login_url", arena_concat(&r->a, req_url(r, "/login?next="), r->path, NULL));
    }
    /* group-only spaces, for members and staff; a draft (unpublished) one
     * only for staff, as space_visible says */
    if (member || staff) {
        db_result sp;
        if (db_query(r->db, &r->a, &sp,
                     "SELECT slug, title_fi, title_sv, title_en, audience, group_id, published FROM spaces "
                     "WHERE group_id = $1 AND audience = 'group' ORDER BY created_at, id", 1, p) < 0) {
            json_decref(ctx);
            return -1;
        }
        json_t *arr = json_array();
        for (int i = 0; i < sp.nrows; i++) {
            space s = {0};
            s.audience = db_cell(&sp, i, 4);
            s.group_id = db_cell_int(&sp, i, 5);
            s.published = db_cell_int(&sp, i, 6) != 0;
            if (!space_visible(r, &s)) continue;
            json_array_append_new(arr, json_pack("{s:s, s:s}", "url",
                                                 req_url(r, arena_concat(&r->a, "/spaces/", db_cell(&sp, i, 0), NULL)),
                                                 "title", part_pick(&sp, i, 1, r->lang, NULL)));
        }
        json_object_set_new(ctx, "has_spaces", json_boolean(json_array_size(arr) > 0));
        json_object_set_new(ctx, "spaces", arr);
    }
    json_t *statements = statements_list_json(r, g->id, 0);
    if (!statements) {
        json_decref(ctx);
        return -1;
    }
    json_object_set_new(ctx, "has_statements", json_boolean(json_array_size(statements) > 0));
    json_object_set_new(ctx, "statements", statements);
    part_set(ctx, "list_url", req_url(r, "/groups"));
    respond_page(r, status, "participation/group", ctx);
    return 0;
}

static int load(request *r, group_info *g)
{
    int found = group_load(r, req_param(r, "slug"), g);
    if (found == 0) respond_error(r, 404, NULL);
    return found;
}

static int back(request *r, const group_info *g)
{
    respond_redirect(r, 303, group_url(r, g->slug, ""));
    return 0;
}

int groups_show(request *r)
{
    group_info g;
    int rc = load(r, &g);
    if (rc <= 0) return rc;
    return render_group(r, 200, &g, NULL, NULL);
}

int groups_join(request *r)
{
    group_info g;
    int rc = load(r, &g);
    if (rc <= 0) return rc;
    if (strcmp(g.join_policy, "request") != 0) {
        respond_error(r, 403, tr(r->lang, "This group takes members by invitation only."));
        return 0;
    }
    db_param p[] = {DB_INT(g.id), DB_INT(r->user->id), DB_INT(r->now)};
    db_result res;
    if (db_query(r->db, &r->a, &res, "INSERT INTO group_members(group_id, user_id, role, status, created_at) "
                                     "VALUES($1, $2, 'member', 'requested', $3) ON CONFLICT DO NOTHING", 3, p) < 0)
        return -1;
    if (res.changes > 0) {
        /* the chairs learn of the request among their notifications */
        db_result chairs;
        db_param c[] = {DB_INT(g.id)};
        if (db_query(r->db, &r->a, &chairs, "SELECT user_id FROM group_members WHERE group_id = $1 AND role = 'chair' "
                                            "AND status = 'member'", 1, c) < 0)
            return -1;
        for (int i = 0; i < chairs.nrows; i++)
            if (notify_user(r->db, r->now, db_cell_int(&chairs, i, 0), "request", g.name,
                            arena_concat(&r->a, "/groups/", g.slug, NULL), 0) < 0)
                return -1;
    }
    return back(r, &g);
}

int groups_leave(request *r)
{
    group_info g;
    int rc = load(r, &g);
    if (rc <= 0) return rc;
    db_param p[] = {DB_INT(g.id), DB_INT(r->user->id)};
    /* with the membership go the follows of the group's spaces the person
     * can no longer see: nothing of them reaches the person any more */
    if (db_begin(r->db) < 0) return -1;
    if (db_exec(r->db, "DELETE FROM group_members WHERE group_id = $1 AND user_id = $2", 2, p) < 0 ||
        follows_drop_unseen_group_spaces(r->db, g.id, r->user->id, r->user->role) < 0 || db_commit(r->db) < 0) {
        db_rollback(r->db);
        return -1;
    }
    return back(r, &g);
}

int groups_invite(request *r)
{
    group_info g;
    int rc = load(r, &g);
    if (rc <= 0) return rc;
    if (!group_may_manage(r, g.id)) {
        respond_error(r, 403, tr(r->lang, "Only the chair of the group and staff may invite members."));
        return 0;
    }
    const char *email = req_form(r, "email");
    if (!email || !*email) return render_group(r, 400, &g, "", tr(r->lang, "Enter an e-mail address."));
    if (strlen(email) > 254) return render_group(r, 400, &g, "", tr(r->lang, "Enter an e-mail address."));
    char *lower = arena_strdup(&r->a, email);
    for (char *c = lower; *c; c++) *c = (char)tolower((unsigned char)*c);
    db_result res;
    db_param p[] = {DB_TEXT(lower)};
    if (db_query(r->db, &r->a, &res, "SELECT id FROM users WHERE email = $1", 1, p) < 0) return -1;
    if (res.nrows == 0)
        return render_group(r, 400, &g, email, tr(r->lang, "There is no account with this e-mail address."));
    int64_t uid = db_cell_int(&res, 0, 0);
    db_param q[] = {DB_INT(g.id), DB_INT(uid), DB_INT(r->now)};
    if (db_query(r->db, &r->a, &res, "SELECT status FROM group_members WHERE group_id = $1 AND user_id = $2", 2, q) < 0)
        return -1;
    if (res.nrows > 0) {
        const char *st = db_cell(&res, 0, 0);
        if (strcmp(st, "member") == 0)
            return render_group(r, 400, &g, email, tr(r->lang, "This person is already a member."));
        if (strcmp(st, "invited") == 0)
            return render_group(r, 400, &g, email, tr(r->lang, "This person has already been invited."));
        /* they asked to join: the invitation approves the request */
        if (db_exec(r->db, "UPDATE group_members SET status = 'member' WHERE group_id = $1 AND user_id = $2", 2, q) < 0)
            return -1;
        return back(r, &g);
    }
    if (db_exec(r->db, "INSERT INTO group_members(group_id, user_id, role, status, created_at) "
                       "VALUES($1, $2, 'member', 'invited', $3) ON CONFLICT DO NOTHING", 3, q) < 0)
        return -1;
    /* the invited person learns of it among their notifications, too */
    if (notify_user(r->db, r->now, uid, "invitation", g.name, arena_concat(&r->a, "/groups/", g.slug, NULL), 0) < 0)
        return -1;
    return back(r, &g);
}

int groups_respond(request *r)
{
    group_info g;
    int rc = load(r, &g);
    if (rc <= 0) return rc;
    const char *answer = req_form(r, "answer");
    db_param p[] = {DB_INT(g.id), DB_INT(r->user->id)};
    db_result res;
    int q;
    if (answer && strcmp(answer, "accept") == 0)
        q = db_query(r->db, &r->a, &res, "UPDATE group_members SET status = 'member' WHERE group_id = $1 "
                                         "AND user_id = $2 AND status = 'invited'", 2, p);
    else if (answer && strcmp(answer, "decline") == 0)
        q = db_query(r->db, &r->a, &res, "DELETE FROM group_members WHERE group_id = $1 AND user_id = $2 "
                                         "AND status = 'invited'", 2, p);
    else {
        respond_error(r, 400, tr(r->lang, "Choose whether to accept or decline."));
        return 0;
    }
    if (q < 0) return -1;
    if (res.changes == 0) {
        respond_error(r, 404, tr(r->lang, "There is no invitation waiting for you in this group."));
        return 0;
    }
    if (strcmp(answer, "decline") == 0) {
        respond_redirect(r, 303, req_url(r, "/groups"));
        return 0;
    }
    return back(r, &g);
}

int groups_decide(request *r)
{
    group_info g;
    int rc = load(r, &g);
    if (rc <= 0) return rc;
    if (!group_may_manage(r, g.id)) {
        respond_error(r, 403, tr(r->lang, "Only the chair of the group and staff may approve requests."));
        return 0;
    }
    char *end;
    long long uid = strtoll(req_param(r, "uid"), &end, 10);
    const char *decision = req_form(r, "decision");
    if (*end || uid <= 0) {
        respond_error(r, 404, NULL);
        return 0;
    }
    db_param p[] = {DB_INT(g.id), DB_INT(uid)};
    db_result res;
    int q;
    if (decision && strcmp(decision, "approve") == 0)
        q = db_query(r->db, &r->a, &res, "UPDATE group_members SET status = 'member' WHERE group_id = $1 "
                                         "AND user_id = $2 AND status = 'requested'", 2, p);
    else if (decision && strcmp(decision, "reject") == 0)
        q = db_query(r->db, &r->a, &res, "DELETE FROM group_members WHERE group_id = $1 AND user_id = $2 "
                                         "AND status = 'requested'", 2, p);
    else {
        respond_error(r, 400, tr(r->lang, "Choose whether to approve or reject the request."));
        return 0;
    }
    if (q < 0) return -1;
    if (res.changes == 0) {
        respond_error(r, 404, tr(r->lang, "There is no such request waiting."));
        return 0;
    }
    return back(r, &g);
}

int groups_follow(request *r)
{
    group_info g;
    int rc = load(r, &g);
    if (rc <= 0) return rc;
    const char *action = req_form(r, "action");
    if (action && strcmp(action, "unfollow") == 0) rc = follow_remove(r->db, r->user->id, "group", g.id);
    else if (action && strcmp(action, "follow") == 0) rc = follow_add(r->db, r->now, r->user->id, "group", g.id);
    else {
        respond_error(r, 400, tr(r->lang, "Choose whether to follow or stop following."));
        return 0;
    }
    if (rc < 0) return -1;
    return back(r, &g);
}
