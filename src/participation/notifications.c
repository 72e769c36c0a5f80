/* Notifications as people see them: the header count, the list with
 * mark-read, what the person follows, the daily digest (settings, the job
 * and the one-click unsubscribe link). Rows are made by notify.c. */
#include "notifications.h"
#include "participation.h"
#include "../app/app.h"
#include "../http/session.h"
#include "../mail/outbox.h"
#include "../util/keyset.h"
#include "../view/i18n.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DIGEST_INTERVAL 86400
#define DIGEST_MAX_ITEMS 50
#define LIST_PAGE 30

/* Whether the reader may see the space each notification belongs to, asked
 * of space_visible_to (src/participation/access.c) when it is shown, since
 * access changes after a notification is made: someone leaves a group, a
 * space's audience narrows. Kept for one page or one digest. */
#define SEEN_MAX 64
typedef struct seen_spaces {
    db *d;
    int64_t user_id;
    user_role role;
    int n;
    int64_t id[SEEN_MAX];
    bool ok[SEEN_MAX];
} seen_spaces;

/* 1 when a notification of space_id (0: none, public) may be shown to the
 * reader, 0 when not, -1 on a database error. */
static int seen_space(seen_spaces *c, int64_t space_id)
{
    if (space_id <= 0) return 1;
    for (int i = 0; i < c->n; i++)
        if (c->id[i] == space_id) return c->ok[i];
    int v = space_id_visible_to(c->d, space_id, c->user_id, c->role);
    if (v >= 0 && c->n < SEEN_MAX) {
        c->id[c->n] = space_id;
        c->ok[c->n++] = v == 1;
    }
    return v;
}

const char *notifications_header_label(request *r)
{
    if (!r->user || !r->db) return NULL;
    /* on every page: the spaces come with the count, not one query each */
    db_result res;
    db_param p[] = {DB_INT(r->user->id)};
    if (db_query(r->db, &r->a, &res,
                 "SELECT n.space_id, COUNT(*), s.audience, s.group_id, s.published FROM notifications n"
                 " LEFT JOIN spaces s ON s.id = n.space_id WHERE n.user_id = $1 AND n.read_at IS NULL"
                 " GROUP BY n.space_id, s.audience, s.group_id, s.published", 1, p) < 0)
        return NULL;
    long n = 0;
    for (int i = 0; i < res.nrows; i++) {
        space s = {0};
        s.id = db_cell_int(&res, i, 0);
        s.audience = db_cell(&res, i, 2);
        s.group_id = db_cell_int(&res, i, 3);
        s.published = db_cell_int(&res, i, 4) != 0;
        if (s.id <= 0 || (s.audience && space_visible_to(r->db, &s, r->user->id, r->user->role)))
            n += (long)db_cell_int(&res, i, 1);
    }
    return tr_fill(r, "Notifications ({n})", n);
}

static const struct {
    const char *kind, *msgid;
} KINDS[] = {
    {"answer", N_("New official answer on “{title}”")},
    {"status", N_("Status changed: “{title}”")},
    {"reply", N_("New reply to your comment on “{title}”")},
    {"comment", N_("New comment on “{title}”")},
    {"statement", N_("New statement: {title}")},
    {"summary", N_("Summary published: {title}")},
    {"event", N_("Event: {title}")},
    {"invitation", N_("Invitation to join: {title}")},
};

const char *notification_text(arena *a, const char *lang, const char *kind, const char *title)
{
    const char *msgid = N_("Update: {title}");
    for (size_t i = 0; i < sizeof KINDS / sizeof *KINDS; i++)
        if (kind && strcmp(kind, KINDS[i].kind) == 0) msgid = KINDS[i].msgid;
    const char *text = tr(lang, msgid);
    const char *at = strstr(text, "{title}");
    if (!at) return arena_strdup(a, text);
    return arena_printf(a, "%.*s%s%s", (int)(at - text), text, title ? title : "", at + 7);
}

/* Only a path of this site: one leading slash, no scheme or host. */
static bool local_path(const char *p)
{
    return p && p[0] == '/' && p[1] != '/' && p[1] != '\\' && !strpbrk(p, "\r\n");
}

/* The idea a notification's path names ("/ideas/12", "/ideas/12#comment-3"), or 0. */
static int64_t path_idea_id(const char *path)
{
    if (!path || strncmp(path, "/ideas/", 7) != 0) return 0;
    const char *p = path + 7;
    size_t n = strspn(p, "0123456789");
    if (n == 0 || n > 18 || (p[n] && p[n] != '#')) return 0;
    return strtoll(p, NULL, 10);
}

/* The title a notification quotes, written when it was made: for an idea a
 * moderator has hidden since, the moderator's note instead (the idea's own
 * moderators still read the title on the page, r; the digest mail, r NULL,
 * quotes it to nobody). NULL on a database error. */
static const char *notification_title(db *d, arena *a, const char *lang, request *r, const char *title,
                                      const char *path)
{
    int64_t id = path_idea_id(path);
    if (!id) return title;
    db_result res;
    db_param p[] = {DB_INT(id)};
    if (db_query(d, a, &res, "SELECT hidden_reason, space_id FROM ideas WHERE id = $1 AND hidden_at IS NOT NULL", 1,
                 p) < 0)
        return NULL;
    if (res.nrows == 0) return title;
    space s;
    if (r && space_load_id(r, db_cell_int(&res, 0, 1), &s) > 0 && hidden_content_readable(r, &s, true)) return title;
    return hidden_content_note(a, lang, db_cell(&res, 0, 0));
}

static void set_str(json_t *o, const char *key, const char *value)
{
    json_object_set_new(o, key, json_string(value ? value : ""));
}

static const char *pick3(const db_result *res, int row, int col_fi, const char *lang)
{
    int off = strcmp(lang, "sv") == 0 ? 1 : strcmp(lang, "en") == 0 ? 2 : 0;
    const char *v = db_cell(res, row, col_fi + off);
    return v && *v ? v : db_cell(res, row, col_fi);
}

static const char *format_time(request *r, int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    return arena_printf(&r->a, "%d.%d.%d %02d:%02d", tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900, tm.tm_hour,
                        tm.tm_min);
}

/* What the person follows, with titles in the reader's language. */
static json_t *follows_list(request *r)
{
    db_result res;
    db_param p[] = {DB_INT(r->user->id)};
    if (db_query(r->db, &r->a, &res,
                 "SELECT f.target_type, f.target_id, s.title_fi, s.title_sv, s.title_en, s.slug, f.created_at, s.id, 0"
                 " FROM follows f JOIN spaces s ON s.id = f.target_id WHERE f.user_id = $1 AND f.target_type = 'space'"
                 " UNION ALL SELECT f.target_type, f.target_id, i.title, i.title, i.title,"
                 " CASE WHEN i.hidden_at IS NULL THEN '' ELSE 'hidden' END, f.created_at, i.space_id, 0"
                 " FROM follows f JOIN ideas i ON i.id = f.target_id WHERE f.user_id = $1 AND f.target_type = 'idea'"
                 " UNION ALL SELECT f.target_type, f.target_id, d.title_fi, d.title_sv, d.title_en, '', f.created_at,"
                 " d.space_id, 0"
                 " FROM follows f JOIN drafts d ON d.id = f.target_id WHERE f.user_id = $1 AND f.target_type = 'draft'"
                 " UNION ALL SELECT f.target_type, f.target_id, g.name_fi, g.name_sv, g.name_en, g.slug, f.created_at,"
                 " NULL, 0"
                 " FROM follows f JOIN groups g ON g.id = f.target_id WHERE f.user_id = $1 AND f.target_type = 'group'"
                 " UNION ALL SELECT f.target_type, f.target_id, e.title_fi, e.title_sv, e.title_en, '', f.created_at,"
                 " e.space_id, e.draft"
                 " FROM follows f JOIN events e ON e.id = f.target_id WHERE f.user_id = $1 AND f.target_type = 'event'"
                 " ORDER BY 7 DESC, 1, 2", 1, p) < 0)
        return NULL;
    /* only what the person may open now: the space (its audience, whether
     * it is published) and, for an event, that it is no draft (a draft is
     * staff's only, src/events/common.c) */
    seen_spaces vis = {.d = r->db, .user_id = r->user->id, .role = r->user->role};
    json_t *arr = json_array();
    for (int i = 0; i < res.nrows; i++) {
        int v = seen_space(&vis, db_cell_int(&res, i, 7));
        if (v < 0) {
            json_decref(arr);
            return NULL;
        }
        if (!v || (db_cell_int(&res, i, 8) != 0 && r->user->role < ROLE_STAFF)) continue;
        const char *type = db_cell(&res, i, 0), *id = db_cell(&res, i, 1), *slug = db_cell(&res, i, 5);
        const char *title = pick3(&res, i, 2, r->lang), *url, *what;
        if (strcmp(type, "space") == 0) {
            url = req_url(r, arena_concat(&r->a, "/spaces/", slug, NULL));
            what = tr(r->lang, "Space");
        } else if (strcmp(type, "idea") == 0) {
            url = req_url(r, arena_concat(&r->a, "/ideas/", id, NULL));
            what = tr(r->lang, "Idea");
            title = notification_title(r->db, &r->a, r->lang, r, title, arena_concat(&r->a, "/ideas/", id, NULL));
            if (!title) {
                json_decref(arr);
                return NULL;
            }
        } else if (strcmp(type, "draft") == 0) {
            url = req_url(r, arena_concat(&r->a, "/consultations/", id, NULL));
            what = tr(r->lang, "Consultation");
        } else if (strcmp(type, "group") == 0) {
            url = req_url(r, arena_concat(&r->a, "/groups/", slug, NULL));
            what = tr(r->lang, "Group");
        } else {
            url = req_url(r, arena_concat(&r->a, "/events/", id, NULL));
            what = tr(r->lang, "Event");
        }
        json_t *o = json_object();
        set_str(o, "type", type);
        set_str(o, "id", id);
        set_str(o, "url", url);
        set_str(o, "what", what);
        set_str(o, "title", title);
        json_array_append_new(arr, o);
    }
    return arr;
}

int notifications_page(request *r)
{
    int64_t bt = 0, bid = 0;
    int paged = keyset_cursor_parse(req_query(r, "before"), &bt, &bid);
    if (paged < 0) {
        respond_error(r, 400, tr(r->lang, "The address of this list page is not valid."));
        return 0;
    }
    bool later_page = paged;
    /* newest first, LIST_PAGE at a time; one more row says whether there are
     * older ones. Those the reader may not see now are left out, reading on
     * until the page is full. */
    seen_spaces vis = {.d = r->db, .user_id = r->user->id, .role = r->user->role};
    const db_result *row_res[LIST_PAGE + 1];
    int row_at[LIST_PAGE + 1], got = 0;
    for (bool more = true; more && got <= LIST_PAGE;) {
        db_param p[] = {DB_INT(r->user->id), DB_INT(bt), DB_INT(bid)};
        db_result *batch = arena_alloc(&r->a, sizeof *batch);
        if (db_query(r->db, &r->a, batch,
                     paged ? "SELECT id, kind, title, path, created_at, read_at, space_id FROM notifications"
                             " WHERE user_id = $1 AND (created_at < $2 OR (created_at = $2 AND id < $3))"
                             " ORDER BY created_at DESC, id DESC LIMIT 31"
                           : "SELECT id, kind, title, path, created_at, read_at, space_id FROM notifications"
                             " WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT 31",
                     paged ? 3 : 1, p) < 0)
            return -1;
        _Static_assert(LIST_PAGE == 30, "the LIMIT above is LIST_PAGE + 1");
        for (int i = 0; i < batch->nrows && got <= LIST_PAGE; i++) {
            int v = seen_space(&vis, db_cell_int(batch, i, 6));
            if (v < 0) return -1;
            if (!v) continue;
            row_res[got] = batch;
            row_at[got++] = i;
        }
        more = batch->nrows == LIST_PAGE + 1;
        if (more) {
            bt = db_cell_int(batch, LIST_PAGE, 4);
            bid = db_cell_int(batch, LIST_PAGE, 0);
            paged = 1;
        }
    }
    int shown = got > LIST_PAGE ? LIST_PAGE : got;
    json_t *items = json_array();
    int unread = 0;
    for (int k = 0; k < shown; k++) {
        const db_result *res = row_res[k];
        int i = row_at[k];
        bool is_unread = db_cell(res, i, 5) == NULL;
        unread += is_unread;
        const char *title = notification_title(r->db, &r->a, r->lang, r, db_cell(res, i, 2), db_cell(res, i, 3));
        if (!title) {
            json_decref(items);
            return -1;
        }
        json_t *o = json_object();
        set_str(o, "id", db_cell(res, i, 0));
        set_str(o, "text", notification_text(&r->a, r->lang, db_cell(res, i, 1), title));
        set_str(o, "when", format_time(r, db_cell_int(res, i, 4)));
        set_str(o, "action", req_url(r, arena_concat(&r->a, "/notifications/", db_cell(res, i, 0), "/read", NULL)));
        json_object_set_new(o, "unread", json_boolean(is_unread));
        json_array_append_new(items, o);
    }
    json_t *follows = follows_list(r);
    if (!follows) return -1;
    json_t *ctx = json_object();
    set_str(ctx, "title", tr(r->lang, "Notifications"));
    json_object_set_new(ctx, "items", items);
    json_object_set_new(ctx, "empty", json_boolean(shown == 0));
    json_object_set_new(ctx, "any_unread", json_boolean(unread > 0));
    if (got > LIST_PAGE)
        set_str(ctx, "older_url", req_url(r, arena_concat(&r->a, "/notifications?before=",
                                                         db_cell(row_res[shown - 1], row_at[shown - 1], 4), ".",
                                                         db_cell(row_res[shown - 1], row_at[shown - 1], 0), NULL)));
    if (later_page) set_str(ctx, "newest_url", req_url(r, "/notifications"));
    json_object_set_new(ctx, "follows", follows);
    json_object_set_new(ctx, "no_follows", json_boolean(json_array_size(follows) == 0));
    set_str(ctx, "read_all_action", req_url(r, "/notifications/read-all"));
    set_str(ctx, "unfollow_action", req_url(r, "/notifications/unfollow"));
    set_str(ctx, "settings_url", req_url(r, "/notifications/settings"));
    if (req_query(r, "saved")) set_str(ctx, "notice", tr(r->lang, "You no longer follow it."));
    respond_page(r, 200, "notifications/list", ctx);
    return 0;
}

static int64_t parse_id(const char *s)
{
    if (!s || !*s || strlen(s) > 18 || strspn(s, "0123456789") != strlen(s)) return 0;
    return strtoll(s, NULL, 10);
}

int notifications_mark_read(request *r)
{
    int64_t id = parse_id(req_param(r, "id"));
    db_result res;
    db_param p[] = {DB_INT(id), DB_INT(r->user->id)};
    if (db_query(r->db, &r->a, &res, "SELECT path FROM notifications WHERE id = $1 AND user_id = $2", 2, p) < 0)
        return -1;
    if (id <= 0 || res.nrows == 0) {   /* someone else's is as good as none */
        respond_error(r, 404, NULL);
        return 0;
    }
    db_param q[] = {DB_INT(r->now), DB_INT(id), DB_INT(r->user->id)};
    if (db_exec(r->db, "UPDATE notifications SET read_at = $1 WHERE id = $2 AND user_id = $3 AND read_at IS NULL",
                3, q) < 0)
        return -1;
    const char *path = db_cell(&res, 0, 0);
    respond_redirect(r, 303, local_path(path) ? req_url(r, path) : req_url(r, "/notifications"));
    return 0;
}

int notifications_mark_all_read(request *r)
{
    db_param q[] = {DB_INT(r->now), DB_INT(r->user->id)};
    if (db_exec(r->db, "UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL", 2, q) < 0)
        return -1;
    respond_redirect(r, 303, req_url(r, "/notifications"));
    return 0;
}

int notifications_unfollow(request *r)
{
    static const char *const types[] = {"space", "idea", "draft", "group", "event"};
    const char *type = req_form(r, "target_type");
    int64_t id = parse_id(req_form(r, "target_id"));
    bool known = false;
    for (size_t i = 0; i < sizeof types / sizeof *types; i++)
        if (type && strcmp(type, types[i]) == 0) known = true;
    if (!known || id <= 0) {
        respond_error(r, 400, tr(r->lang, "Choose something you follow from the list."));
        return 0;
    }
    if (follow_remove(r->db, r->user->id, type, id) < 0) return -1;
    respond_redirect(r, 303, req_url(r, "/notifications?saved=1"));
    return 0;
}

/* ---- digest settings ---- */

/* The person's settings row, made (digest off) when there is none. */
static int settings_row(db *d, arena *a, int64_t user_id, db_result *res)
{
    db_param p[] = {DB_INT(user_id)};
    if (db_query(d, a, res, "SELECT daily_digest, unsubscribe_token FROM notification_settings WHERE user_id = $1",
                 1, p) < 0)
        return -1;
    if (res->nrows > 0) return 0;
    db_param q[] = {DB_INT(user_id), DB_TEXT(token_random(a, 24))};
    if (db_exec(d, "INSERT INTO notification_settings (user_id, daily_digest, unsubscribe_token) VALUES ($1, 0, $2)"
                   " ON CONFLICT DO NOTHING", 2, q) < 0)
        return -1;
    return db_query(d, a, res, "SELECT daily_digest, unsubscribe_token FROM notification_settings WHERE user_id = $1",
                    1, p) < 0 ? -1 : 0;
}

static int render_settings(request *r, int status, bool digest, const char *notice)
{
    json_t *ctx = json_object();
    set_str(ctx, "title", tr(r->lang, "Notification settings"));
    set_str(ctx, "action", req_url(r, "/notifications/settings"));
    set_str(ctx, "back_url", req_url(r, "/notifications"));
    set_str(ctx, "email", r->user->email);
    json_object_set_new(ctx, "digest", json_boolean(digest));
    if (notice) set_str(ctx, "notice", notice);
    respond_page(r, status, "notifications/settings", ctx);
    return 0;
}

int notifications_settings_form(request *r)
{
    db_result res;
    if (settings_row(r->db, &r->a, r->user->id, &res) < 0) return -1;
    return render_settings(r, 200, db_cell_int(&res, 0, 0) == 1,
                           req_query(r, "saved") ? tr(r->lang, "Your settings have been saved.") : NULL);
}

int notifications_settings_save(request *r)
{
    const char *v = req_form(r, "daily_digest");
    if (v && strcmp(v, "1") != 0) {
        respond_error(r, 400, NULL);
        return 0;
    }
    db_result res;
    if (settings_row(r->db, &r->a, r->user->id, &res) < 0) return -1;
    db_param p[] = {DB_INT(v ? 1 : 0), DB_INT(r->user->id)};
    if (db_exec(r->db, "UPDATE notification_settings SET daily_digest = $1 WHERE user_id = $2", 2, p) < 0) return -1;
    respond_redirect(r, 303, req_url(r, "/notifications/settings?saved=1"));
    return 0;
}

/* ---- one-click unsubscribe: no sign-in, the token is the key ---- */

static int token_user(request *r, int64_t *user_id, bool *on)
{
    const char *token = req_param(r, "token");
    *user_id = 0;
    if (!token || strlen(token) < 16 || strlen(token) > 128) return 0;
    db_result res;
    db_param p[] = {DB_TEXT(token)};
    if (db_query(r->db, &r->a, &res,
                 "SELECT user_id, daily_digest FROM notification_settings WHERE unsubscribe_token = $1", 1, p) < 0)
        return -1;
    if (res.nrows == 0) return 0;
    *user_id = db_cell_int(&res, 0, 0);
    *on = db_cell_int(&res, 0, 1) == 1;
    return 1;
}

static int render_unsubscribe(request *r, bool done, bool was_off)
{
    json_t *ctx = json_object();
    set_str(ctx, "title", tr(r->lang, "Stop the daily e-mail digest"));
    set_str(ctx, "action", req_url(r, arena_concat(&r->a, "/unsubscribe/", req_param(r, "token"), NULL)));
    set_str(ctx, "settings_url", req_url(r, "/notifications/settings"));
    json_object_set_new(ctx, "done", json_boolean(done));
    json_object_set_new(ctx, "was_off", json_boolean(was_off));
    respond_page(r, 200, "notifications/unsubscribe", ctx);
    return 0;
}

int notifications_unsubscribe_form(request *r)
{
    int64_t uid;
    bool on = false;
    int found = token_user(r, &uid, &on);
    if (found < 0) return -1;
    if (!found) {
        respond_error(r, 404, tr(r->lang, "This unsubscribe link is not valid. You can change your notification "
                                          "settings after logging in."));
        return 0;
    }
    return render_unsubscribe(r, false, !on);
}

int notifications_unsubscribe(request *r)
{
    int64_t uid;
    bool on = false;
    int found = token_user(r, &uid, &on);
    if (found < 0) return -1;
    if (!found) {
        respond_error(r, 404, tr(r->lang, "This unsubscribe link is not valid. You can change your notification "
                                          "settings after logging in."));
        return 0;
    }
    db_param p[] = {DB_INT(uid)};
    if (db_exec(r->db, "UPDATE notification_settings SET daily_digest = 0 WHERE user_id = $1", 1, p) < 0) return -1;
    return render_unsubscribe(r, true, false);
}

/* ---- the daily digest ---- */

/* Marks digested, without sending them, the person's waiting notifications
 * of spaces they may no longer see: the digest leaves them out, and they do
 * not keep the person waiting for a digest that has nothing to say. */
static int digest_set_aside_unseen(db *d, arena *a, int64_t now, seen_spaces *vis)
{
    db_result res;
    db_param p[] = {DB_INT(vis->user_id)};
    if (db_query(d, a, &res,
                 "SELECT DISTINCT space_id FROM notifications WHERE user_id = $1 AND digested_at IS NULL"
                 " AND read_at IS NULL AND space_id IS NOT NULL", 1, p) < 0)
        return -1;
    for (int i = 0; i < res.nrows; i++) {
        int64_t space_id = db_cell_int(&res, i, 0);
        int v = seen_space(vis, space_id);
        if (v < 0) return -1;
        db_param q[] = {DB_INT(now), DB_INT(vis->user_id), DB_INT(space_id)};
        if (v == 0 && db_exec(d, "UPDATE notifications SET digested_at = $1 WHERE user_id = $2 AND space_id = $3"
                                 " AND digested_at IS NULL", 3, q) < 0)
            return -1;
    }
    return 0;
}

static int digest_one(db *d, arena *a, int64_t now, int64_t user_id, user_role role, const char *email,
                      const char *lang, const char *token)
{
    if (!i18n_lang_valid(lang)) lang = "fi";
    seen_spaces vis = {.d = d, .user_id = user_id, .role = role};
    if (digest_set_aside_unseen(d, a, now, &vis) < 0) return -1;
    if (db_begin(d) < 0) return -1;
    /* Claim the person's digest for today: a second node (or run) finds
     * last_digest_at fresh and sends nothing. */
    db_result claim;
    db_param c[] = {DB_INT(now), DB_INT(user_id), DB_INT(now - DIGEST_INTERVAL)};
    if (db_query(d, a, &claim,
                 "UPDATE notification_settings SET last_digest_at = $1 WHERE user_id = $2 AND daily_digest = 1"
                 " AND (last_digest_at IS NULL OR last_digest_at <= $3)", 3, c) < 0)
        goto fail;
    if (claim.changes != 1) {
        db_rollback(d);
        return 0;
    }
    db_result res;
    db_param p[] = {DB_INT(user_id), DB_INT(DIGEST_MAX_ITEMS)};
    if (db_query(d, a, &res,
                 "SELECT id, kind, title, path, space_id FROM notifications WHERE user_id = $1"
                 " AND digested_at IS NULL AND read_at IS NULL ORDER BY created_at, id LIMIT $2", 2, p) < 0)
        goto fail;
    buf body = BUF_INIT;
    buf_printf(&body, "%s\n\n", tr(lang, "New in Kohtaamo since your last digest:"));
    int64_t last_id = 0;
    int items = 0;
    for (int i = 0; i < res.nrows; i++) {
        /* asked again here: access may have changed since the set-aside */
        int v = seen_space(&vis, db_cell_int(&res, i, 4));
        if (v < 0) {
            buf_free(&body);
            goto fail;
        }
        if (!v) continue;
        items++;
        const char *path = db_cell(&res, i, 3);
        const char *title = notification_title(d, a, lang, NULL, db_cell(&res, i, 2), path);
        if (!title) {
            buf_free(&body);
            goto fail;
        }
        buf_printf(&body, "- %s\n  %s/%s%s\n\n", notification_text(a, lang, db_cell(&res, i, 1), title),
                   APP.cfg.base_url, lang, local_path(path) ? path : "/notifications");
        last_id = db_cell_int(&res, i, 0) > last_id ? db_cell_int(&res, i, 0) : last_id;
    }
    if (items == 0) {   /* read in the meantime: nothing to send, and no claim either */
        buf_free(&body);
        db_rollback(d);
        return 0;
    }
    buf_printf(&body, "%s\n%s/%s/notifications\n\n", tr(lang, "All your notifications:"), APP.cfg.base_url, lang);
    buf_printf(&body, "-- \n%s\n%s/%s/unsubscribe/%s\n",
               tr(lang, "You get this e-mail because you asked for a daily digest. Stop it with one click:"),
               APP.cfg.base_url, lang, token);
    const char *unsubscribe = arena_concat(a, APP.cfg.base_url, "/", lang, "/unsubscribe/", token, NULL);
    int rc = outbox_enqueue_mailing(d, now, email, tr(lang, "Your Kohtaamo notifications"), body.data, unsubscribe);
    buf_free(&body);
    if (rc < 0) goto fail;
    db_param q[] = {DB_INT(now), DB_INT(user_id), DB_INT(last_id)};
    if (db_exec(d, "UPDATE notifications SET digested_at = $1 WHERE user_id = $2 AND digested_at IS NULL"
                   " AND read_at IS NULL AND id <= $3", 3, q) < 0)
        goto fail;
    if (db_commit(d) < 0) goto fail;
    return 1;
fail:
    db_rollback(d);
    return -1;
}

int notifications_purge_expired(db *d, int64_t now, int retention_days)
{
    if (retention_days < 1) retention_days = 1;
    db_result res;
    db_param p[] = {DB_INT(now - (int64_t)retention_days * 86400)};
    arena a;
    arena_init(&a);
    int rc = db_query(d, &a, &res, "DELETE FROM notifications WHERE created_at < $1", 1, p);
    int n = rc < 0 ? -1 : (int)res.changes;
    arena_free_all(&a);
    return n;
}

int notifications_digest_run(db *d, int64_t now)
{
    arena a;
    arena_init(&a);
    db_result res;
    db_param p[] = {DB_INT(now - DIGEST_INTERVAL)};
    int sent = 0;
    if (db_query(d, &a, &res,
                 "SELECT s.user_id, u.email, u.lang, s.unsubscribe_token, u.role FROM notification_settings s"
                 " JOIN users u ON u.id = s.user_id WHERE s.daily_digest = 1 AND u.disabled = 0"
                 " AND (s.last_digest_at IS NULL OR s.last_digest_at <= $1)"
                 " AND EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = s.user_id"
                 " AND n.digested_at IS NULL AND n.read_at IS NULL) ORDER BY s.user_id", 1, p) < 0) {
        arena_free_all(&a);
        return -1;
    }
    for (int i = 0; i < res.nrows; i++) {
        int rc = digest_one(d, &a, now, db_cell_int(&res, i, 0), role_parse(db_cell(&res, i, 4)), db_cell(&res, i, 1),
                            db_cell(&res, i, 2), db_cell(&res, i, 3));
        if (rc < 0) {
            sent = sent > 0 ? sent : -1;
            break;
        }
        sent += rc;
    }
    arena_free_all(&a);
    return sent;
}
