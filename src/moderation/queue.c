/* The moderation queue /{lang}/moderation: open reports grouped by content,
 * the content itself and the actions (hide with a reason shown publicly,
 * keep, restore, block the author), and the moderation log. County
 * moderators and admins see everything; space moderators (space_moderators)
 * see and act on what is in their spaces. Every action is logged. */
#include "moderation.h"
#include "../comments/comments.h"
#include "../util/local_path.h"
#include "../view/i18n.h"
#include "../view/view.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define HIDE_REASON_MAX 300

static int64_t parse_id(const char *s)
{
    if (!s || !*s || !isdigit((unsigned char)*s) || strlen(s) > 18) return 0;
    char *end;
    long long v = strtoll(s, &end, 10);
    return *end || v <= 0 ? 0 : v;
}

static void set_str(json_t *o, const char *key, const char *v) { json_object_set_new(o, key, json_string(v ? v : "")); }

static const char *type_label(request *r, const char *type)
{
    if (strcmp(type, "idea") == 0) return tr(r->lang, "Idea");
    if (strcmp(type, "comment") == 0) return tr(r->lang, "Comment");
    if (strcmp(type, "position") == 0) return tr(r->lang, "Position");
    if (strcmp(type, "account") == 0) return tr(r->lang, "Account");
    return tr(r->lang, "Statement");
}

static const char *reason_label(request *r, const char *code)
{
    if (strcmp(code, "harassment") == 0) return tr(r->lang, "Harassment or insults");
    if (strcmp(code, "hate") == 0) return tr(r->lang, "Hate speech or discrimination");
    if (strcmp(code, "spam") == 0) return tr(r->lang, "Spam or advertising");
    if (strcmp(code, "personal_data") == 0) return tr(r->lang, "Someone's personal data");
    return tr(r->lang, "Something else");
}

static const char *markdown(request *r, const char *md)
{
    buf html = BUF_INIT;
    markdown_to_html(md, strlen(md), &html);
    const char *s = arena_strdup(&r->a, html.data ? html.data : "");
    buf_free(&html);
    return s;
}

/* A failed action shown again in the queue: which item, which field, what was typed. */
typedef struct queue_error {
    const char *type;
    int64_t id;
    const char *field;     /* "hide" or "block" */
    const char *message, *value;
    const char *days;
} queue_error;

static json_t *content_item(request *r, const mod_content *c, bool found, bool county, const queue_error *e)
{
    json_t *it = json_object();
    const char *key = arena_printf(&r->a, "%s-%lld", c->type, (long long)c->id);
    set_str(it, "key", key);
    set_str(it, "type", c->type);
    json_object_set_new(it, "id", json_integer(c->id));
    set_str(it, "type_label", type_label(r, c->type));
    json_object_set_new(it, "found", json_boolean(found));
    set_str(it, "title", found ? c->title : "");
    set_str(it, "author", found && *c->author ? c->author : tr(r->lang, "Anonymous participant"));
    set_str(it, "text_html", found ? markdown(r, c->text) : "");
    set_str(it, "url", found ? req_url(r, c->path) : "");
    json_object_set_new(it, "hidden", json_boolean(found && c->hidden));
    set_str(it, "hidden_reason", c->hidden_reason);
    json_object_set_new(it, "can_hide", json_boolean(found && c->hideable && !c->hidden));
    json_object_set_new(it, "can_restore", json_boolean(found && c->hidden));
    json_object_set_new(it, "can_block", json_boolean(found && county && c->author_id > 0));
    set_str(it, "action", req_url(r, arena_printf(&r->a, "/moderation/%s/%lld", c->type, (long long)c->id)));
    set_str(it, "block_action", req_url(r, arena_printf(&r->a, "/moderation/%s/%lld/block", c->type, (long long)c->id)));
    bool mine = e && e->type && strcmp(e->type, c->type) == 0 && e->id == c->id;
    bool hide_err = mine && strcmp(e->field, "hide") == 0, block_err = mine && strcmp(e->field, "block") == 0;
    set_str(it, "hide_error", hide_err ? e->message : "");
    set_str(it, "hide_value", hide_err ? e->value : "");
    set_str(it, "block_error", block_err ? e->message : "");
    set_str(it, "block_value", block_err ? e->value : "");
    json_t *days = json_array();
    static const char *const DAYS[] = {"1", "7", "30"};
    for (int i = 0; i < 3; i++) {
        const char *label = i == 0 ? tr(r->lang, "1 day") : tr_fill(r, "{n} days", atol(DAYS[i]));
        bool checked = block_err && e->days ? strcmp(e->days, DAYS[i]) == 0 : i == 1;
        json_array_append_new(days, json_pack("{s:s, s:s, s:s, s:b}", "value", DAYS[i], "label", label, "id",
                                              arena_printf(&r->a, "block-days-%s-%s", key, DAYS[i]), "checked", checked));
    }
    json_object_set_new(it, "days", days);
    return it;
}

static int render_queue(request *r, int status, const queue_error *e)
{
    bool county = r->user->role >= ROLE_MODERATOR;
    db_result groups;
    if (db_query(r->db, &r->a, &groups,
                 "SELECT target_type, target_id, COUNT(*), MIN(created_at) FROM reports WHERE resolved_at IS NULL"
                 " GROUP BY target_type, target_id ORDER BY MIN(created_at), target_type, target_id LIMIT 200",
                 0, NULL) < 0)
        return -1;
    json_t *ctx = json_object();
    json_t *items = json_array();
    json_object_set_new(ctx, "items", items);
    json_t *listed = json_object();   /* keys of items with open reports */
    json_object_set_new(ctx, "_listed", listed);
    for (int i = 0; i < groups.nrows; i++) {
        mod_content c;
        const char *type = db_cell(&groups, i, 0);
        int64_t id = db_cell_int(&groups, i, 1);
        int rc = moderation_content_load(r, type, id, &c);
        if (rc < 0) goto fail;
        if (rc == 0) {
            memset(&c, 0, sizeof c);
            c.type = moderation_type_valid(type) ? type : "statement";
            c.id = id;
            c.hidden_reason = "";
            if (!county) continue;
        } else if (!moderation_may_moderate(r, &c)) {
            continue;
        }
        json_t *it = content_item(r, &c, rc == 1, county, e);
        json_object_set_new(listed, json_string_value(json_object_get(it, "key")), json_true());
        json_object_set_new(it, "report_count", json_integer(db_cell_int(&groups, i, 2)));
        set_str(it, "first_reported", comments_format_time(r, db_cell_int(&groups, i, 3)));
        db_result rep;
        db_param p[] = {DB_TEXT(type), DB_INT(id)};
        if (db_query(r->db, &r->a, &rep,
                     "SELECT reason, details, created_at FROM reports WHERE target_type = $1 AND target_id = $2"
                     " AND resolved_at IS NULL ORDER BY created_at, id", 2, p) < 0)
            goto fail;
        json_t *reasons = json_array();
        for (int k = 0; k < rep.nrows; k++)
            json_array_append_new(reasons, json_pack("{s:s, s:s, s:s}", "reason", reason_label(r, db_cell(&rep, k, 0)),
                                                     "details", db_cell(&rep, k, 1) ? db_cell(&rep, k, 1) : "",
                                                     "date", comments_format_time(r, db_cell_int(&rep, k, 2))));
        json_object_set_new(it, "reasons", reasons);
        json_array_append_new(items, it);
    }
    json_object_set_new(ctx, "has_items", json_boolean(json_array_size(items) > 0));

    /* hidden content, newest first, to restore */
    db_result hid;
    if (db_query(r->db, &r->a, &hid,
                 "SELECT t, id, h FROM (SELECT 'idea' AS t, id, hidden_at AS h FROM ideas WHERE hidden_at IS NOT NULL"
                 " UNION ALL SELECT 'comment', id, hidden_at FROM comments WHERE hidden_at IS NOT NULL"
                 " UNION ALL SELECT 'position', id, hidden_at FROM positions WHERE hidden_at IS NOT NULL) x"
                 " ORDER BY h DESC, t, id LIMIT 50", 0, NULL) < 0)
        goto fail;
    json_t *hidden = json_array();
    json_object_set_new(ctx, "hidden_items", hidden);
    for (int i = 0; i < hid.nrows; i++) {
        mod_content c;
        int rc = moderation_content_load(r, db_cell(&hid, i, 0), db_cell_int(&hid, i, 1), &c);
        if (rc < 0) goto fail;
        if (rc == 0 || !moderation_may_moderate(r, &c)) continue;
        if (json_object_get(listed, arena_printf(&r->a, "%s-%lld", c.type, (long long)c.id))) continue;
        json_t *it = content_item(r, &c, true, county, NULL);
        set_str(it, "hidden_date", comments_format_time(r, db_cell_int(&hid, i, 2)));
        json_array_append_new(hidden, it);
    }
    json_object_set_new(ctx, "has_hidden", json_boolean(json_array_size(hidden) > 0));
    set_str(ctx, "title", tr(r->lang, "Moderation"));
    json_object_set_new(ctx, "county", json_boolean(county));
    set_str(ctx, "log_url", req_url(r, "/moderation/log"));
    set_str(ctx, "blocks_url", req_url(r, "/moderation/blocks"));
    const char *done = req_query(r, "done");
    const char *msg = NULL;
    if (done && strcmp(done, "hide") == 0) msg = tr(r->lang, "The content is hidden and the reason is shown in its place.");
    else if (done && strcmp(done, "keep") == 0) msg = tr(r->lang, "The reports were dismissed and the content kept.");
    else if (done && strcmp(done, "restore") == 0) msg = tr(r->lang, "The content is visible again.");
    else if (done && strcmp(done, "block") == 0) msg = tr(r->lang, "The account is blocked from taking part.");
    if (msg && status == 200) set_str(ctx, "done", msg);
    if (e) {
        json_object_set_new(ctx, "has_errors", json_true());
        json_object_set_new(ctx, "errors", json_pack("[{s:s, s:s}]", "field_id",
                                                     arena_printf(&r->a, "%s-reason-%s-%lld", e->field, e->type,
                                                                  (long long)e->id),
                                                     "message", e->message));
    }
    respond_page(r, status, "moderation/queue", ctx);
    return 0;
fail:
    json_decref(ctx);
    return -1;
}

int moderation_queue(request *r)
{
    if (!moderation_is_any_moderator(r)) {
        respond_error(r, 403, tr(r->lang, "Only moderators can see the moderation queue."));
        return 0;
    }
    return render_queue(r, 200, NULL);
}

static bool blank(const char *s)
{
    for (; s && *s; s++)
        if (!isspace((unsigned char)*s)) return false;
    return true;
}

/* Loads the content of /moderation/{type}/{id} and checks the user moderates it. 1, 0 (answered) or -1. */
static int load_moderated(request *r, mod_content *c)
{
    int rc = moderation_content_load(r, req_param(r, "type"), parse_id(req_param(r, "id")), c);
    if (rc < 0) return -1;
    if (rc == 0) {
        if (r->user->role >= ROLE_MODERATOR && moderation_type_valid(req_param(r, "type"))) {
            /* removed content: its reports can still be dismissed */
            memset(c, 0, sizeof *c);
            c->type = req_param(r, "type");
            c->id = parse_id(req_param(r, "id"));
            c->hidden_reason = "";
            return c->id > 0 ? 2 : (respond_error(r, 404, NULL), 0);
        }
        respond_error(r, 404, NULL);
        return 0;
    }
    if (!moderation_may_moderate(r, c)) {
        respond_error(r, 403, tr(r->lang, "You do not moderate this content."));
        return 0;
    }
    return 1;
}

static int set_hidden(request *r, const mod_content *c, const char *reason)
{
    db_param p[] = {reason ? DB_INT(r->now) : DB_NULL, DB_TEXT(reason), DB_INT(c->id)};
    const char *sql = strcmp(c->type, "idea") == 0
                          ? "UPDATE ideas SET hidden_at = $1, hidden_reason = $2 WHERE id = $3"
                      : strcmp(c->type, "comment") == 0
                          ? "UPDATE comments SET hidden_at = $1, hidden_reason = $2 WHERE id = $3"
                          : "UPDATE positions SET hidden_at = $1, hidden_reason = $2 WHERE id = $3";
    if (db_exec(r->db, sql, 3, p) < 0) return -1;
    if (strcmp(c->type, "comment") == 0) {
        db_result res;
        db_param q[] = {DB_INT(c->id)};
        if (db_query(r->db, &r->a, &res, "SELECT target_type, target_id FROM comments WHERE id = $1", 1, q) < 0)
            return -1;
        if (res.nrows && comments_recount(r->db, db_cell(&res, 0, 0), db_cell_int(&res, 0, 1)) < 0) return -1;
    }
    return 0;
}

static int resolve_reports(request *r, const mod_content *c, const char *resolution)
{
    db_param p[] = {DB_INT(r->now), DB_INT(r->user->id), DB_TEXT(resolution), DB_TEXT(c->type), DB_INT(c->id)};
    return db_exec(r->db, "UPDATE reports SET resolved_at = $1, resolved_by = $2, resolution = $3"
                          " WHERE target_type = $4 AND target_id = $5 AND resolved_at IS NULL", 5, p);
}

int moderation_act(request *r)
{
    mod_content c;
    int rc = load_moderated(r, &c);
    if (rc <= 0) return rc;
    const char *action = req_form(r, "action");
    const char *reason = req_form(r, "reason");
    if (!reason) reason = "";
    if (!action || (strcmp(action, "hide") != 0 && strcmp(action, "keep") != 0 && strcmp(action, "restore") != 0)) {
        respond_error(r, 400, tr(r->lang, "Unknown moderation action."));
        return 0;
    }
    bool hide = strcmp(action, "hide") == 0, restore = strcmp(action, "restore") == 0;
    if ((hide || restore) && rc == 2) {
        respond_error(r, 404, NULL);
        return 0;
    }
    if (hide && !c.hideable) {
        respond_error(r, 400, tr(r->lang, "Statements of councils and groups are not hidden here."));
        return 0;
    }
    if (hide && (blank(reason) || comments_utf8_len(reason) > HIDE_REASON_MAX)) {
        queue_error e = {c.type, c.id, "hide",
                         blank(reason) ? tr(r->lang, "Write the reason for hiding: it is shown in place of the content.")
                                       : tr(r->lang, "The reason is too long: at most 300 characters."),
                         reason, NULL};
        return render_queue(r, 400, &e);
    }
    if (db_begin(r->db) < 0) return -1;
    if (hide) {
        if (set_hidden(r, &c, reason) < 0 || resolve_reports(r, &c, "hidden") < 0) goto fail;
    } else if (restore) {
        if (set_hidden(r, &c, NULL) < 0) goto fail;
    } else if (resolve_reports(r, &c, "kept") < 0) {
        goto fail;
    }
    const char *logged = hide ? "hide" : restore ? "restore" : "dismiss";
    if (moderation_log_write(r->db, r->now, r->user->id, logged, c.type, c.id, reason) < 0) goto fail;
    if (db_commit(r->db) < 0) goto fail;
    const char *back = req_form(r, "return_to");
    if (local_path_valid(back) && !strchr(back, '?') && !strchr(back, '#'))
        respond_redirect(r, 303, arena_printf(&r->a, "%s?done=%s", back, action));
    else
        respond_redirect(r, 303, req_url(r, arena_printf(&r->a, "/moderation?done=%s", action)));
    return 0;
fail:
    db_rollback(r->db);
    return -1;
}

int moderation_block(request *r)
{
    mod_content c;
    int rc = load_moderated(r, &c);
    if (rc <= 0) return rc;
    if (r->user->role < ROLE_MODERATOR) {
        respond_error(r, 403, tr(r->lang, "Only county moderators can block accounts."));
        return 0;
    }
    if (rc == 2 || c.author_id <= 0) {
        respond_error(r, 400, tr(r->lang, "This content was not written with an account, so there is no account to block."));
        return 0;
    }
    const char *days = req_form(r, "days");
    const char *reason = req_form(r, "reason");
    if (!reason) reason = "";
    long n = days && strcmp(days, "1") == 0 ? 1 : days && strcmp(days, "7") == 0 ? 7 : days && strcmp(days, "30") == 0 ? 30 : 0;
    const char *msg = NULL;
    if (!n) msg = tr(r->lang, "Choose how long the block lasts.");
    else if (blank(reason)) msg = tr(r->lang, "Write the reason for the block.");
    else if (comments_utf8_len(reason) > HIDE_REASON_MAX) msg = tr(r->lang, "The reason is too long: at most 300 characters.");
    if (msg) {
        queue_error e = {c.type, c.id, "block", msg, reason, days};
        return render_queue(r, 400, &e);
    }
    if (db_begin(r->db) < 0) return -1;
    db_param p[] = {DB_INT(c.author_id), DB_INT(r->now + n * 86400), DB_TEXT(reason), DB_INT(r->user->id), DB_INT(r->now)};
    if (db_exec(r->db, "INSERT INTO account_blocks (user_id, blocked_until, reason, blocked_by, created_at)"
                       " VALUES ($1, $2, $3, $4, $5)", 5, p) < 0)
        goto fail;
    const char *logged = arena_printf(&r->a, "%s (%s: %s #%lld)", reason, tr_fill(r, "{n} days", n),
                                      type_label(r, c.type), (long long)c.id);
    if (moderation_log_write(r->db, r->now, r->user->id, "block", "account", c.author_id, logged) < 0) goto fail;
    if (db_commit(r->db) < 0) goto fail;
    respond_redirect(r, 303, req_url(r, "/moderation?done=block"));
    return 0;
fail:
    db_rollback(r->db);
    return -1;
}

static const char *action_label(request *r, const char *a)
{
    if (strcmp(a, "hide") == 0) return tr(r->lang, "Hidden");
    if (strcmp(a, "restore") == 0) return tr(r->lang, "Restored");
    if (strcmp(a, "dismiss") == 0) return tr(r->lang, "Reports dismissed, content kept");
    if (strcmp(a, "block") == 0) return tr(r->lang, "Account blocked");
    if (strcmp(a, "unblock") == 0) return tr(r->lang, "Block lifted");
    return a;
}

int moderation_log_page(request *r)
{
    db_result res;
    if (db_query(r->db, &r->a, &res,
                 "SELECT l.created_at, COALESCE(m.display_name, ''), l.action, l.target_type, l.target_id, l.reason,"
                 " COALESCE(a.display_name, '')"
                 " FROM moderation_log l LEFT JOIN users m ON m.id = l.moderator_id"
                 " LEFT JOIN users a ON l.target_type = 'account' AND a.id = l.target_id"
                 " ORDER BY l.created_at DESC, l.id DESC LIMIT 200", 0, NULL) < 0)
        return -1;
    json_t *ctx = json_object();
    json_t *rows = json_array();
    for (int i = 0; i < res.nrows; i++) {
        json_t *row = json_object();
        set_str(row, "date", comments_format_time(r, db_cell_int(&res, i, 0)));
        set_str(row, "moderator", db_cell(&res, i, 1));
        set_str(row, "action", action_label(r, db_cell(&res, i, 2)));
        const char *type = db_cell(&res, i, 3);
        const char *target = strcmp(type, "account") == 0
                                 ? arena_printf(&r->a, "%s: %s", type_label(r, type), db_cell(&res, i, 6))
                                 : arena_printf(&r->a, "%s #%s", type_label(r, type), db_cell(&res, i, 4));
        set_str(row, "target", target);
        mod_content c;
        if (strcmp(type, "account") != 0) {
            int rc = moderation_content_load(r, type, db_cell_int(&res, i, 4), &c);
            if (rc < 0) {
                json_decref(row);
                json_decref(rows);
                json_decref(ctx);
                return -1;
            }
            if (rc == 1) set_str(row, "target_url", req_url(r, c.path));
        }
        set_str(row, "reason", db_cell(&res, i, 5));
        json_array_append_new(rows, row);
    }
    json_object_set_new(ctx, "rows", rows);
    json_object_set_new(ctx, "has_rows", json_boolean(res.nrows > 0));
    set_str(ctx, "title", tr(r->lang, "Moderation log"));
    set_str(ctx, "queue_url", req_url(r, "/moderation"));
    respond_page(r, 200, "moderation/log", ctx);
    return 0;
}
