/* The comment thread shown on idea pages and consultation sections: what a
 * target is and who may comment on it (resolved to its space in one place),
 * and the view model of templates/comments/thread.mustache. */
#include "comments.h"
#include "../view/i18n.h"
#include "../view/view.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

size_t comments_utf8_len(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xC0) != 0x80) n++;
    return n;
}

int comments_body_check(const char *body, size_t *nchars)
{
    size_t n = comments_utf8_len(body);
    if (nchars) *nchars = n;
    bool blank = true;
    for (const char *p = body; *p && blank; p++)
        if (!(*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' || *p == '\v')) blank = false;
    if (blank) return COMMENT_EMPTY;
    return n > COMMENT_MAX_CHARS ? COMMENT_TOO_LONG : COMMENT_OK;
}

bool comments_editable(int64_t created_at, int64_t now) { return now - created_at < COMMENT_EDIT_SECONDS; }

int64_t comments_reply_parent(int64_t replied_id, int64_t replied_parent_id)
{
    return replied_parent_id > 0 ? replied_parent_id : replied_id;
}

const char *comments_format_time(request *r, int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    return arena_printf(&r->a, "%d.%d.%d %02d.%02d", tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900, tm.tm_hour,
                        tm.tm_min);
}

static const char *iso_time(request *r, int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    char s[32];
    strftime(s, sizeof s, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return arena_strdup(&r->a, s);
}

const char *comments_block_message(request *r)
{
    if (!r->user) return NULL;
    int64_t until = account_blocked_until(r->db, r->user->id, r->now);
    if (until <= 0) return NULL;
    const char *text = tr(r->lang, "Your account is blocked from taking part until {date}.");
    const char *at = strstr(text, "{date}");
    if (!at) return text;
    return arena_printf(&r->a, "%.*s%s%s", (int)(at - text), text, comments_format_time(r, until), at + 6);
}

int comment_target_load(request *r, const char *type, int64_t id, comment_target *out)
{
    memset(out, 0, sizeof *out);
    if (!type || id <= 0) return 0;
    db_result res;
    int64_t space_id;
    if (strcmp(type, "idea") == 0) {
        db_param p[] = {DB_INT(id)};
        if (db_query(r->db, &r->a, &res, "SELECT space_id, title, hidden_at, hidden_reason FROM ideas WHERE id = $1", 1, p) < 0)
            return -1;
        if (res.nrows == 0) return 0;
        out->type = "idea";
        space_id = db_cell_int(&res, 0, 0);
        out->title = db_cell(&res, 0, 1);
        out->hidden = db_cell(&res, 0, 2) != NULL;
        out->hidden_reason = db_cell(&res, 0, 3);
        out->path = arena_printf(&r->a, "/ideas/%lld", (long long)id);
    } else if (strcmp(type, "section") == 0) {
        db_param p[] = {DB_INT(id), DB_INT(r->now)};
        if (db_query(r->db, &r->a, &res,
                     "SELECT d.space_id, s.heading_fi, s.heading_sv, s.heading_en, d.id,"
                     " CASE WHEN d.opens_at <= $2 AND $2 < d.closes_at THEN 1 ELSE 0 END"
                     " FROM draft_sections s JOIN drafts d ON d.id = s.draft_id WHERE s.id = $1", 2, p) < 0)
            return -1;
        if (res.nrows == 0) return 0;
        out->type = "section";
        space_id = db_cell_int(&res, 0, 0);
        int off = strcmp(r->lang, "sv") == 0 ? 1 : strcmp(r->lang, "en") == 0 ? 2 : 0;
        const char *h = db_cell(&res, 0, 1 + off);
        out->title = h && *h ? h : db_cell(&res, 0, 1);
        out->draft_id = db_cell_int(&res, 0, 4);
        out->closed = db_cell_int(&res, 0, 5) == 0;
        out->path = arena_printf(&r->a, "/consultations/%lld#section-%lld", (long long)out->draft_id, (long long)id);
    } else {
        return 0;
    }
    out->id = id;
    int rc = space_load_id(r, space_id, &out->sp);
    return rc < 0 ? -1 : rc;
}

const char *comment_target_refusal(request *r, const comment_target *t)
{
    if (t->hidden) return tr(r->lang, "This idea has been hidden by a moderator and cannot be commented on.");
    if (t->closed) return tr(r->lang, "This consultation is not open for comments.");
    const char *why = space_may(r, &t->sp, SPACE_COMMENT);
    if (!why) return NULL;
    const char *blocked = comments_block_message(r);
    if (blocked) return blocked;
    return tr(r->lang, why);
}

int comments_recount(db *d, const char *target_type, int64_t target_id)
{
    db_param p[] = {DB_TEXT(target_type), DB_INT(target_id)};
    if (strcmp(target_type, "idea") == 0)
        return db_exec(d, "UPDATE ideas SET comment_count = (SELECT COUNT(*) FROM comments c"
                          " WHERE c.target_type = $1 AND c.target_id = $2 AND c.hidden_at IS NULL) WHERE id = $2",
                       2, p);
    return db_exec(d, "UPDATE draft_sections SET comment_count = (SELECT COUNT(*) FROM comments c"
                      " WHERE c.target_type = $1 AND c.target_id = $2 AND c.hidden_at IS NULL) WHERE id = $2",
                   2, p);
}

static void set_str(json_t *o, const char *key, const char *v) { json_object_set_new(o, key, json_string(v ? v : "")); }
static void set_bool(json_t *o, const char *key, bool v) { json_object_set_new(o, key, json_boolean(v)); }

/* Columns of one comment row as the thread and the edit page read them. */
#define THREAD_SQL \
    "SELECT c.id, c.parent_id, c.user_id, c.author_name, c.body, c.support_count, c.edited_at, c.hidden_at," \
    " c.hidden_reason, c.created_at, u.display_name," \
    " (SELECT COUNT(*) FROM comment_supports cs WHERE cs.comment_id = c.id AND cs.user_id = $3)" \
    " FROM comments c LEFT JOIN users u ON u.id = c.user_id" \
    " WHERE c.target_type = $1 AND c.target_id = $2 ORDER BY c.created_at, c.id"

static json_t *comment_item(request *r, const db_result *res, int i, bool may_act, const space *s, bool is_reply)
{
    json_t *c = json_object();
    int64_t id = db_cell_int(res, i, 0);
    int64_t uid = db_cell_int(res, i, 2);
    bool hidden = db_cell(res, i, 7) != NULL;
    const char *name = db_cell(res, i, 10);
    if (!name || !*name) name = db_cell(res, i, 3);
    if (!name || !*name) name = uid ? tr(r->lang, "Former user") : tr(r->lang, "Anonymous participant");
    json_object_set_new(c, "id", json_integer(id));
    set_str(c, "anchor", arena_printf(&r->a, "comment-%lld", (long long)id));
    set_str(c, "author", name);
    int64_t created = db_cell_int(res, i, 9);
    set_str(c, "date", comments_format_time(r, created));
    set_str(c, "iso_date", iso_time(r, created));
    set_bool(c, "is_reply", is_reply);
    set_bool(c, "hidden", hidden);
    set_str(c, "hidden_reason", hidden ? db_cell(res, i, 8) : "");
    set_bool(c, "edited", !hidden && db_cell(res, i, 6) != NULL);
    set_str(c, "edited_date", db_cell(res, i, 6) ? comments_format_time(r, db_cell_int(res, i, 6)) : "");
    if (hidden_content_readable(r, s, hidden)) {
        const char *body = db_cell(res, i, 4);
        buf html = BUF_INIT;
        markdown_to_html(body, strlen(body), &html);
        set_str(c, hidden ? "hidden_body_html" : "body_html", html.data ? html.data : "");
        buf_free(&html);
    }
    if (hidden) set_str(c, "body_html", "");
    else set_str(c, "hidden_body_html", "");
    int64_t supports = db_cell_int(res, i, 5);
    json_object_set_new(c, "support_count", json_integer(supports));
    set_str(c, "support_text", supports == 1 ? tr(r->lang, "1 support") : tr_fill(r, "{n} supports", (long)supports));
    bool mine = r->user && uid == r->user->id;
    bool supported = db_cell_int(res, i, 11) > 0;
    set_bool(c, "supported", supported);
    set_bool(c, "can_support", !hidden && r->user != NULL && !mine);
    set_str(c, "support_action", req_url(r, arena_printf(&r->a, "/comments/%lld/support", (long long)id)));
    set_bool(c, "can_edit", !hidden && mine && comments_editable(created, r->now));
    set_str(c, "edit_url", req_url(r, arena_printf(&r->a, "/comments/%lld/edit", (long long)id)));
    set_bool(c, "can_report", !hidden && !mine);
    set_str(c, "report_url", req_url(r, arena_printf(&r->a, "/report?type=comment&id=%lld", (long long)id)));
    set_bool(c, "can_reply", !is_reply && !hidden && may_act);
    set_str(c, "reply_field", arena_printf(&r->a, "reply-body-%lld", (long long)id));
    set_bool(c, "has_replies", false);
    json_object_set_new(c, "replies", json_array());
    return c;
}

json_t *comments_thread_ctx(request *r, const char *target_type, int64_t target_id, const space *s)
{
    comment_target t = {0};
    if (comment_target_load(r, target_type, target_id, &t) < 0) return NULL;
    if (s) t.sp = *s;
    const char *refusal = t.type ? comment_target_refusal(r, &t) : tr(r->lang, "This phase does not take comments.");
    bool may = refusal == NULL;
    const space *sp = t.type ? &t.sp : NULL;   /* whose moderators read hidden comments */

    db_result res;
    db_param p[] = {DB_TEXT(target_type), DB_INT(target_id), DB_INT(r->user ? r->user->id : 0)};
    if (db_query(r->db, &r->a, &res, THREAD_SQL, 3, p) < 0) return NULL;

    json_t *ctx = json_object();
    json_t *items = json_array();
    int visible = 0;
    for (int i = 0; i < res.nrows; i++) {
        if (!db_cell(&res, i, 7)) visible++;
        if (db_cell(&res, i, 1)) continue;
        json_array_append_new(items, comment_item(r, &res, i, may, sp, false));
    }
    /* replies under their top-level comment, oldest first */
    for (int i = 0; i < res.nrows; i++) {
        if (!db_cell(&res, i, 1)) continue;
        int64_t parent = db_cell_int(&res, i, 1);
        size_t k;
        json_t *top;
        json_array_foreach(items, k, top) {
            if (json_integer_value(json_object_get(top, "id")) == parent) {
                json_array_append_new(json_object_get(top, "replies"),
                                      comment_item(r, &res, i, may, sp, true));
                set_bool(top, "has_replies", true);
                break;
            }
        }
    }
    json_object_set_new(ctx, "items", items);
    set_bool(ctx, "has_comments", json_array_size(items) > 0);
    json_object_set_new(ctx, "count", json_integer(visible));
    set_str(ctx, "count_text", visible == 1 ? tr(r->lang, "1 comment") : tr_fill(r, "{n} comments", visible));
    set_bool(ctx, "may_comment", may);
    set_str(ctx, "refusal", refusal ? refusal : "");
    set_bool(ctx, "show_signin", !may && !r->user && t.type && strcmp(t.sp.policy[SPACE_COMMENT], "registered") == 0 &&
                                     t.sp.phase_allows[SPACE_COMMENT]);
    set_str(ctx, "signin_url", req_url(r, arena_concat(&r->a, "/login?next=", r->path, NULL)));
    set_str(ctx, "comment_action", req_url(r, "/comments"));
    set_str(ctx, "target_type", target_type);
    json_object_set_new(ctx, "target_id", json_integer(target_id));
    set_str(ctx, "return_to", r->path);
    set_str(ctx, "heading_id", arena_printf(&r->a, "comments-%s-%lld", target_type, (long long)target_id));
    set_str(ctx, "body_id", arena_printf(&r->a, "comment-body-%s-%lld", target_type, (long long)target_id));
    set_str(ctx, "max_hint", tr_fill(r, "Markdown is allowed. At most {n} characters.", COMMENT_MAX_CHARS));
    set_bool(ctx, "is_section", strcmp(target_type, "section") == 0);
    return ctx;
}
