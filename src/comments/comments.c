/* Posting, replying, editing and supporting comments. A comment page of its
 * own (/{lang}/comments/new) shows the form again when something was wrong,
 * with the error beside the field and the text kept.
 *
 * Threads are two levels deep: a reply to a reply is attached to the
 * top-level comment (the person replied to is still notified). */
#include "comments.h"
#include "../http/formview.h"
#include "../util/local_path.h"
#include "../view/i18n.h"
#include "../view/view.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static int64_t parse_id(const char *s)
{
    if (!s || !*s || !isdigit((unsigned char)*s) || strlen(s) > 18) return 0;
    char *end;
    long long v = strtoll(s, &end, 10);
    return *end || v <= 0 ? 0 : v;
}

static const char *form_or_empty(request *r, const char *name)
{
    const char *s = req_form(r, name);
    return s ? s : "";
}

/* The body's problem as a translated message, or NULL. */
static const char *body_error(request *r, const char *body)
{
    size_t n;
    int rc = comments_body_check(body, &n);
    if (rc == COMMENT_EMPTY) return tr(r->lang, "Write your comment before sending it.");
    if (rc == COMMENT_TOO_LONG)
        return tr_fill(r, "The comment is too long: at most 2,000 characters are allowed and it has {n}.", (long)n);
    return NULL;
}

/* A local path to return to, without its fragment; the target's page otherwise. */
static const char *return_path(request *r, const char *given, const comment_target *t)
{
    if (local_path_valid(given)) {
        const char *hash = strchr(given, '#');
        return hash ? arena_printf(&r->a, "%.*s", (int)(hash - given), given) : given;
    }
    const char *p = t && t->path ? t->path : "/";
    const char *hash = strchr(p, '#');
    if (hash) p = arena_printf(&r->a, "%.*s", (int)(hash - p), p);
    return req_url(r, p);
}

typedef struct comment_row {
    int64_t id, parent_id, user_id, target_id, created_at;
    const char *target_type, *body, *author, *hidden_reason;
    bool hidden;
} comment_row;

static int comment_load(request *r, int64_t id, comment_row *out)
{
    memset(out, 0, sizeof *out);
    if (id <= 0) return 0;
    db_result res;
    db_param p[] = {DB_INT(id)};
    if (db_query(r->db, &r->a, &res,
                 "SELECT c.id, c.parent_id, c.user_id, c.target_type, c.target_id, c.body, c.hidden_at, c.created_at,"
                 " COALESCE(u.display_name, c.author_name), c.hidden_reason FROM comments c LEFT JOIN users u ON u.id = c.user_id"
                 " WHERE c.id = $1", 1, p) < 0)
        return -1;
    if (res.nrows == 0) return 0;
    out->id = db_cell_int(&res, 0, 0);
    out->parent_id = db_cell_int(&res, 0, 1);
    out->user_id = db_cell_int(&res, 0, 2);
    out->target_type = db_cell(&res, 0, 3);
    out->target_id = db_cell_int(&res, 0, 4);
    out->body = db_cell(&res, 0, 5);
    out->hidden = db_cell(&res, 0, 6) != NULL;
    out->created_at = db_cell_int(&res, 0, 7);
    out->author = db_cell(&res, 0, 8);
    out->hidden_reason = db_cell(&res, 0, 9);
    if (!out->author || !*out->author) out->author = tr(r->lang, "Anonymous participant");
    return 1;
}

/* The comment form page: a new comment or reply (after an error, or when
 * followed from a link), or editing. */
typedef struct page_args {
    const comment_target *t;
    const comment_row *parent;   /* replying to */
    const comment_row *editing;  /* editing this comment */
    const char *body, *error, *notice, *return_to;
} page_args;

static void render_page(request *r, int status, const page_args *a)
{
    formview fv;
    formview_init(&fv);
    json_t *ctx = json_object();
    const char *title = a->editing ? tr(r->lang, "Edit your comment")
                        : a->parent ? tr(r->lang, "Reply to a comment")
                                    : tr(r->lang, "Write a comment");
    json_object_set_new(ctx, "title", json_string(title));
    if (a->t) {
        const char *target_title = hidden_content_quote(r, &a->t->sp, a->t->hidden, a->t->hidden_reason, a->t->title);
        json_object_set_new(ctx, "target_title", json_string(target_title ? target_title : ""));
        json_object_set_new(ctx, "target_url", json_string(req_url(r, a->t->path)));
        json_object_set_new(ctx, "target_type", json_string(a->t->type));
        json_object_set_new(ctx, "target_id", json_integer(a->t->id));
    }
    if (a->parent) json_object_set_new(ctx, "parent_id", json_integer(a->parent->id));
    if (a->parent && !hidden_content_readable(r, a->t ? &a->t->sp : NULL, a->parent->hidden)) {
        json_object_set_new(ctx, "parent_hidden_note", json_string(hidden_content_note(&r->a, r->lang, a->parent->hidden_reason)));
    } else if (a->parent) {
        json_object_set_new(ctx, "parent_author", json_string(a->parent->author));
        buf html = BUF_INIT;
        markdown_to_html(a->parent->body, strlen(a->parent->body), &html);
        json_object_set_new(ctx, "parent_html", json_string(html.data ? html.data : ""));
        buf_free(&html);
    }
    if (a->notice) {
        json_object_set_new(ctx, "notice", json_string(a->notice));
        /* a refused post keeps the person's text on the page, to copy */
        if (a->body && *a->body) json_object_set_new(ctx, "kept_body", json_string(a->body));
    } else {
        json_object_set(ctx, "body_field",
                        formview_field(&fv, "body", a->editing ? tr(r->lang, "Your comment")
                                                   : a->parent ? tr(r->lang, "Your reply")
                                                               : tr(r->lang, "Your comment"),
                                       "textarea", a->body, a->error, NULL,
                                       tr_fill(r, "Markdown is allowed. At most {n} characters.", COMMENT_MAX_CHARS), 1));
        json_object_set_new(ctx, "action",
                            json_string(a->editing ? req_url(r, arena_printf(&r->a, "/comments/%lld/edit",
                                                                             (long long)a->editing->id))
                                                   : req_url(r, "/comments")));
    }
    json_object_set_new(ctx, "editing", json_boolean(a->editing != NULL));
    json_object_set_new(ctx, "return_to", json_string(a->return_to ? a->return_to : ""));
    formview_attach(&fv, ctx);
    respond_page(r, status, "comments/form", ctx);
}

int comments_new_page(request *r)
{
    comment_target t;
    int rc = comment_target_load(r, req_query(r, "target_type"), parse_id(req_query(r, "target_id")), &t);
    if (rc < 0) return -1;
    if (rc == 0) {
        respond_error(r, 404, NULL);
        return 0;
    }
    if (!space_visible(r, &t.sp)) {
        respond_error(r, 403, NULL);
        return 0;
    }
    comment_row parent;
    bool has_parent = false;
    const char *pid = req_query(r, "parent_id");
    if (pid && *pid) {
        int prc = comment_load(r, parse_id(pid), &parent);
        if (prc < 0) return -1;
        if (prc == 0 || strcmp(parent.target_type, t.type) != 0 || parent.target_id != t.id) {
            respond_error(r, 404, NULL);
            return 0;
        }
        has_parent = true;
    }
    page_args a = {.t = &t, .parent = has_parent ? &parent : NULL, .body = "",
                   .return_to = return_path(r, req_query(r, "return_to"), &t)};
    a.notice = comment_target_refusal(r, &t);
    if (!a.notice && has_parent && parent.hidden)
        a.notice = tr(r->lang, "You cannot reply to a comment that a moderator has hidden.");
    render_page(r, 200, &a);
    return 0;
}

int comments_create(request *r)
{
    const char *type = form_or_empty(r, "target_type");
    int64_t target_id = parse_id(req_form(r, "target_id"));
    const char *body = form_or_empty(r, "body");
    comment_target t;
    int rc = comment_target_load(r, type, target_id, &t);
    if (rc < 0) return -1;
    if (rc == 0) {
        respond_error(r, 404, tr(r->lang, "The page you are commenting on no longer exists."));
        return 0;
    }
    if (!space_visible(r, &t.sp)) {
        respond_error(r, 403, NULL);
        return 0;
    }
    page_args a = {.t = &t, .body = body, .return_to = return_path(r, req_form(r, "return_to"), &t)};

    comment_row parent = {0}, top;
    const char *pid = req_form(r, "parent_id");
    int64_t parent_id = 0;
    if (pid && *pid) {
        int prc = comment_load(r, parse_id(pid), &parent);
        if (prc < 0) return -1;
        if (prc == 0 || strcmp(parent.target_type, t.type) != 0 || parent.target_id != t.id) {
            respond_error(r, 400, tr(r->lang, "The comment you are replying to is not in this discussion."));
            return 0;
        }
        a.parent = &parent;
        /* two levels: a reply to a reply goes under the top-level comment */
        top = parent;
        if (comments_reply_parent(parent.id, parent.parent_id) != parent.id) {
            int trc = comment_load(r, parent.parent_id, &top);
            if (trc < 0) return -1;
            if (trc == 0) top = parent;
        }
        if (parent.hidden || top.hidden) {
            a.notice = tr(r->lang, "You cannot reply to a comment that a moderator has hidden.");
            render_page(r, 403, &a);
            return 0;
        }
        parent_id = top.id;
    }

    const char *refusal = comment_target_refusal(r, &t);
    if (refusal) {
        a.notice = refusal;
        render_page(r, 403, &a);
        return 0;
    }
    a.error = body_error(r, body);
    if (a.error) {
        render_page(r, 400, &a);
        return 0;
    }

    int64_t uid = r->user ? r->user->id : 0;
    if (db_begin(r->db) < 0) return -1;
    db_result res;
    db_param p[] = {DB_TEXT(t.type), DB_INT(t.id), parent_id ? DB_INT(parent_id) : DB_NULL,
                    uid ? DB_INT(uid) : DB_NULL, DB_TEXT(r->lang), DB_TEXT(body), DB_INT(r->now)};
    if (db_query(r->db, &r->a, &res,
                 "INSERT INTO comments (target_type, target_id, parent_id, user_id, lang, body, created_at)"
                 " VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id", 7, p) < 0)
        goto fail;
    int64_t id = db_cell_int(&res, 0, 0);
    if (comments_recount(r->db, t.type, t.id) < 0) goto fail;
    const char *base = t.path;
    const char *hash = strchr(base, '#');
    if (hash) base = arena_printf(&r->a, "%.*s", (int)(hash - base), base);
    const char *link = arena_printf(&r->a, "%s#comment-%lld", base, (long long)id);
    if (strcmp(t.type, "idea") == 0) {
        if (uid && follow_add(r->db, r->now, uid, "idea", t.id) < 0) goto fail;
        if (notify_followers(r->db, r->now, "idea", t.id, NULL, 0, uid, "comment", t.title, link, t.sp.id) < 0) goto fail;
    } else if (uid && t.draft_id > 0 && follow_add(r->db, r->now, uid, "draft", t.draft_id) < 0) {
        /* A comment on a section makes its writer follow the draft, to hear
         * of the summary. The draft's followers are not told of each comment:
         * a consultation gathers hundreds; replies still reach their parent. */
        goto fail;
    }
    if (parent_id && parent.user_id && parent.user_id != uid &&
        notify_user(r->db, r->now, parent.user_id, "reply", t.title, link, t.sp.id) < 0)
        goto fail;
    if (db_commit(r->db) < 0) goto fail;
    respond_redirect(r, 303, arena_printf(&r->a, "%s#comment-%lld", a.return_to, (long long)id));
    return 0;
fail:
    db_rollback(r->db);
    return -1;
}

/* Loads the comment of /comments/{id}/... and checks the request's user may
 * edit it now. Returns 1 ok, 0 answered already, -1 db error. */
static int edit_check(request *r, comment_row *c, comment_target *t, const char **why)
{
    *why = NULL;
    int rc = comment_load(r, parse_id(req_param(r, "id")), c);
    if (rc <= 0) {
        if (rc == 0) respond_error(r, 404, NULL);
        return rc;
    }
    rc = comment_target_load(r, c->target_type, c->target_id, t);
    if (rc <= 0) {
        if (rc == 0) respond_error(r, 404, NULL);
        return rc;
    }
    if (!space_visible(r, &t->sp)) {
        respond_error(r, 403, NULL);
        return 0;
    }
    if (!r->user || c->user_id != r->user->id) {
        respond_error(r, 403, tr(r->lang, "You can edit only your own comments."));
        return 0;
    }
    if (c->hidden) *why = tr(r->lang, "A moderator has hidden this comment, so it cannot be edited.");
    else if (!comments_editable(c->created_at, r->now))
        *why = tr(r->lang, "A comment can be edited for 15 minutes after it was sent. That time has passed.");
    else *why = comments_block_message(r);
    return 1;
}

int comments_edit_form(request *r)
{
    comment_row c;
    comment_target t;
    const char *why;
    int rc = edit_check(r, &c, &t, &why);
    if (rc <= 0) return rc;
    /* A hidden comment is not handed back, even to its writer: only the moderator's note is shown. */
    page_args a = {.t = &t, .editing = &c, .body = c.hidden ? "" : c.body, .notice = why,
                   .return_to = return_path(r, req_query(r, "return_to"), &t)};
    render_page(r, why ? 403 : 200, &a);
    return 0;
}

int comments_edit_save(request *r)
{
    comment_row c;
    comment_target t;
    const char *why;
    int rc = edit_check(r, &c, &t, &why);
    if (rc <= 0) return rc;
    const char *body = form_or_empty(r, "body");
    page_args a = {.t = &t, .editing = &c, .body = body, .notice = why,
                   .return_to = return_path(r, req_form(r, "return_to"), &t)};
    if (why) {
        render_page(r, 403, &a);
        return 0;
    }
    a.error = body_error(r, body);
    if (a.error) {
        render_page(r, 400, &a);
        return 0;
    }
    db_param p[] = {DB_TEXT(body), DB_INT(r->now), DB_INT(c.id)};
    if (db_exec(r->db, "UPDATE comments SET body = $1, edited_at = $2 WHERE id = $3", 3, p) < 0) return -1;
    respond_redirect(r, 303, arena_printf(&r->a, "%s#comment-%lld", a.return_to, (long long)c.id));
    return 0;
}

int comments_support(request *r)
{
    comment_row c;
    comment_target t;
    int rc = comment_load(r, parse_id(req_param(r, "id")), &c);
    if (rc < 0) return -1;
    if (rc == 0) {
        respond_error(r, 404, NULL);
        return 0;
    }
    rc = comment_target_load(r, c.target_type, c.target_id, &t);
    if (rc < 0) return -1;
    if (rc == 0) {
        respond_error(r, 404, NULL);
        return 0;
    }
    if (!space_visible(r, &t.sp)) {
        respond_error(r, 403, NULL);
        return 0;
    }
    if (c.hidden) {
        respond_error(r, 403, tr(r->lang, "A moderator has hidden this comment, so it cannot be supported."));
        return 0;
    }
    if (c.user_id == r->user->id) {
        respond_error(r, 400, tr(r->lang, "You cannot support your own comment."));
        return 0;
    }
    const char *blocked = comments_block_message(r);
    if (blocked) {
        respond_error(r, 403, blocked);
        return 0;
    }
    if (db_begin(r->db) < 0) return -1;
    db_result res;
    db_param p[] = {DB_INT(c.id), DB_INT(r->user->id), DB_INT(r->now)};
    if (db_query(r->db, &r->a, &res,
                 "INSERT INTO comment_supports (comment_id, user_id, created_at) VALUES ($1, $2, $3)"
                 " ON CONFLICT DO NOTHING", 3, p) < 0)
        goto fail;
    if (res.changes == 0 &&
        db_exec(r->db, "DELETE FROM comment_supports WHERE comment_id = $1 AND user_id = $2", 2, p) < 0)
        goto fail;
    if (db_exec(r->db, "UPDATE comments SET support_count = (SELECT COUNT(*) FROM comment_supports s"
                       " WHERE s.comment_id = $1) WHERE id = $1", 1, p) < 0)
        goto fail;
    if (db_commit(r->db) < 0) goto fail;
    respond_redirect(r, 303, arena_printf(&r->a, "%s#comment-%lld", return_path(r, req_form(r, "return_to"), &t),
                                          (long long)c.id));
    return 0;
fail:
    db_rollback(r->db);
    return -1;
}
