/* Consultations as residents see them: a space's drafts (open, upcoming,
 * closed) and one draft with its sections, each with its comment thread;
 * when closed, the summary of what changed. Following a draft. */
#include "internal.h"
#include "../comments/comments.h"
#include "../participation/participation.h"
#include "../projects/logic.h"
#include "../view/i18n.h"
#include "../view/view.h"
#include <stdlib.h>
#include <string.h>

draft_state draft_state_at(int64_t opens_at, int64_t closes_at, int64_t now)
{
    if (now < opens_at) return DRAFT_UPCOMING;
    return now < closes_at ? DRAFT_OPEN : DRAFT_CLOSED;
}

static const char *day_text(arena *a, int64_t t, bool iso)
{
    char out[16];
    if (iso) proj_days_iso(proj_unix_days(t), out, sizeof out);
    else proj_days_display(proj_unix_days(t), out, sizeof out);
    return arena_strdup(a, out);
}

const char *draft_open_date(arena *a, int64_t opens_at, bool iso) { return day_text(a, opens_at, iso); }
const char *draft_close_date(arena *a, int64_t closes_at, bool iso) { return day_text(a, closes_at - 1, iso); }

const char *draft_pick(const db_result *res, int row, int col_fi, const char *lang)
{
    int off = strcmp(lang, "sv") == 0 ? 1 : strcmp(lang, "en") == 0 ? 2 : 0;
    const char *v = db_cell(res, row, col_fi + off);
    return v && *v ? v : db_cell(res, row, col_fi);
}

int64_t draft_param_id(request *r, const char *name)
{
    const char *s = req_param(r, name);
    if (!s || !*s || strlen(s) > 18 || strspn(s, "0123456789") != strlen(s)) return 0;
    return strtoll(s, NULL, 10);
}

static void set_str(json_t *o, const char *key, const char *value)
{
    json_object_set_new(o, key, json_string(value ? value : ""));
}

static const char *md_html(request *r, const char *md)
{
    buf html = BUF_INIT;
    markdown_to_html(md ? md : "", md ? strlen(md) : 0, &html);
    const char *out = arena_strdup(&r->a, html.data ? html.data : "");
    buf_free(&html);
    return out;
}

static const char *count_text(request *r, int64_t n)
{
    return n == 1 ? tr(r->lang, "1 comment") : tr_fill(r, "{n} comments", (long)n);
}

/* When the draft opens or closes, in words, for lists and the page. */
static const char *when_text(request *r, draft_state st, int64_t opens_at, int64_t closes_at)
{
    const char *msg;
    const char *date;
    switch (st) {
    case DRAFT_UPCOMING:
        msg = tr(r->lang, "Opens on {date}");
        date = draft_open_date(&r->a, opens_at, false);
        break;
    case DRAFT_OPEN:
        msg = tr(r->lang, "Open for comments until {date}");
        date = draft_close_date(&r->a, closes_at, false);
        break;
    default:
        msg = tr(r->lang, "Closed on {date}");
        date = draft_close_date(&r->a, closes_at, false);
        break;
    }
    const char *at = strstr(msg, "{date}");
    if (!at) return msg;
    return arena_printf(&r->a, "%.*s%s%s", (int)(at - msg), msg, date, at + 6);
}

int consultations_list(request *r)
{
    space s;
    int found = space_load(r, req_param(r, "slug"), &s);
    if (found < 0) return -1;
    if (!found) {
        respond_error(r, 404, NULL);
        return 0;
    }
    if (!space_visible(r, &s)) {
        respond_error(r, 403, NULL);
        return 0;
    }
    db_result res;
    db_param p[] = {DB_INT(s.id)};
    if (db_query(r->db, &r->a, &res,
                 "SELECT d.id, d.title_fi, d.title_sv, d.title_en, d.opens_at, d.closes_at, d.summary_published_at,"
                 " (SELECT COUNT(*) FROM draft_sections x WHERE x.draft_id = d.id),"
                 " (SELECT COALESCE(SUM(x.comment_count), 0) FROM draft_sections x WHERE x.draft_id = d.id)"
                 " FROM drafts d WHERE d.space_id = $1 ORDER BY d.closes_at DESC, d.id DESC", 1, p) < 0)
        return -1;
    json_t *groups[3] = {json_array(), json_array(), json_array()};   /* by draft_state */
    for (int i = 0; i < res.nrows; i++) {
        int64_t opens = db_cell_int(&res, i, 4), closes = db_cell_int(&res, i, 5);
        draft_state st = draft_state_at(opens, closes, r->now);
        json_t *o = json_object();
        set_str(o, "title", draft_pick(&res, i, 1, r->lang));
        set_str(o, "url", req_url(r, arena_concat(&r->a, "/consultations/", db_cell(&res, i, 0), NULL)));
        set_str(o, "when", when_text(r, st, opens, closes));
        set_str(o, "sections", tr_fill(r, "Sections: {n}", (long)db_cell_int(&res, i, 7)));
        set_str(o, "comments", count_text(r, db_cell_int(&res, i, 8)));
        json_object_set_new(o, "has_summary", json_boolean(db_cell(&res, i, 6) != NULL));
        json_array_append_new(groups[st], o);
    }
    json_t *ctx = json_object();
    set_str(ctx, "title", arena_printf(&r->a, "%s: %s", tr(r->lang, "Consultations"), s.title));
    set_str(ctx, "space_title", s.title);
    set_str(ctx, "space_url", req_url(r, arena_concat(&r->a, "/spaces/", s.slug, NULL)));
    json_object_set_new(ctx, "has_upcoming", json_boolean(json_array_size(groups[DRAFT_UPCOMING]) > 0));
    json_object_set_new(ctx, "has_closed", json_boolean(json_array_size(groups[DRAFT_CLOSED]) > 0));
    json_object_set_new(ctx, "open", groups[DRAFT_OPEN]);
    json_object_set_new(ctx, "upcoming", groups[DRAFT_UPCOMING]);
    json_object_set_new(ctx, "closed", groups[DRAFT_CLOSED]);
    json_object_set_new(ctx, "empty", json_boolean(res.nrows == 0));
    if (r->user && r->user->role >= ROLE_STAFF)
        set_str(ctx, "new_url", req_url(r, arena_printf(&r->a, "/staff/consultations/new?space=%lld", (long long)s.id)));
    respond_page(r, 200, "consultations/list", ctx);
    return 0;
}

#define DRAFT_COLUMNS \
    "id, space_id, title_fi, title_sv, title_en, intro_fi, intro_sv, intro_en, opens_at, closes_at, " \
    "summary_fi, summary_sv, summary_en, summary_published_at"

/* Loads the draft and its space, answering 404/403 itself: returns 1 when
 * the page may go on, 0 when answered, -1 on a database error. */
static int load_visible(request *r, int64_t id, db_result *draft, space *s)
{
    db_param p[] = {DB_INT(id)};
    if (db_query(r->db, &r->a, draft, "SELECT " DRAFT_COLUMNS " FROM drafts WHERE id = $1", 1, p) < 0) return -1;
    if (id <= 0 || draft->nrows == 0) {
        respond_error(r, 404, NULL);
        return 0;
    }
    int found = space_load_id(r, db_cell_int(draft, 0, 1), s);
    if (found < 0) return -1;
    if (!found) {
        respond_error(r, 404, NULL);
        return 0;
    }
    if (!space_visible(r, s)) {
        respond_error(r, 403, NULL);
        return 0;
    }
    return 1;
}

int consultations_show(request *r)
{
    int64_t id = draft_param_id(r, "id");
    db_result d;
    space s;
    int ok = load_visible(r, id, &d, &s);
    if (ok <= 0) return ok;
    int64_t opens = db_cell_int(&d, 0, 8), closes = db_cell_int(&d, 0, 9);
    draft_state st = draft_state_at(opens, closes, r->now);
    db_result sec;
    db_param p[] = {DB_INT(id)};
    if (db_query(r->db, &r->a, &sec,
                 "SELECT id, heading_fi, heading_sv, heading_en, body_fi, body_sv, body_en, comment_count"
                 " FROM draft_sections WHERE draft_id = $1 ORDER BY position, id", 1, p) < 0)
        return -1;
    json_t *toc = json_array(), *sections = json_array(), *counts = json_array();
    int64_t total = 0;
    for (int i = 0; i < sec.nrows; i++) {
        int64_t sid = db_cell_int(&sec, i, 0), n = db_cell_int(&sec, i, 7);
        const char *anchor = arena_printf(&r->a, "section-%lld", (long long)sid);
        const char *heading = draft_pick(&sec, i, 1, r->lang);
        total += n;
        json_array_append_new(toc, json_pack("{s:s, s:s}", "anchor", anchor, "heading", heading));
        json_t *o = json_object();
        set_str(o, "anchor", anchor);
        set_str(o, "heading", heading);
        set_str(o, "body_html", md_html(r, draft_pick(&sec, i, 4, r->lang)));
        set_str(o, "count", count_text(r, n));
        /* Threads appear once the consultation has opened; the thread
         * itself offers the comment form only while it is open. */
        if (st != DRAFT_UPCOMING) {
            json_t *thread = comments_thread_ctx(r, "section", sid, &s);
            if (thread) json_object_set_new(o, "comments", thread);
        }
        json_array_append_new(sections, o);
        json_array_append_new(counts, json_pack("{s:s, s:s, s:I}", "anchor", anchor, "heading", heading, "n",
                                                (json_int_t)n));
    }
    json_t *ctx = json_object();
    const char *title = draft_pick(&d, 0, 2, r->lang);
    set_str(ctx, "title", title);
    set_str(ctx, "space_title", s.title);
    set_str(ctx, "space_url", req_url(r, arena_concat(&r->a, "/spaces/", s.slug, NULL)));
    set_str(ctx, "list_url", req_url(r, arena_concat(&r->a, "/spaces/", s.slug, "/consultations", NULL)));
    set_str(ctx, "when", when_text(r, st, opens, closes));
    json_object_set_new(ctx, "is_open", json_boolean(st == DRAFT_OPEN));
    json_object_set_new(ctx, "is_upcoming", json_boolean(st == DRAFT_UPCOMING));
    json_object_set_new(ctx, "is_closed", json_boolean(st == DRAFT_CLOSED));
    const char *intro = draft_pick(&d, 0, 5, r->lang);
    if (intro && *intro) set_str(ctx, "intro_html", md_html(r, intro));
    if (st == DRAFT_CLOSED && db_cell(&d, 0, 13)) {
        set_str(ctx, "summary_html", md_html(r, draft_pick(&d, 0, 10, r->lang)));
        set_str(ctx, "summary_date", draft_open_date(&r->a, db_cell_int(&d, 0, 13), false));
    }
    json_object_set_new(ctx, "toc", toc);
    json_object_set_new(ctx, "sections", sections);
    if (r->user) {
        bool following = follow_exists(r->db, r->user->id, "draft", id);
        json_object_set_new(ctx, "follow", json_pack("{s:b, s:s}", "following", following, "action",
                                                     req_url(r, arena_printf(&r->a, "/consultations/%lld/follow",
                                                                             (long long)id))));
    } else {
        set_str(ctx, "login_url", req_url(r, "/login"));
    }
    if (r->user && r->user->role >= ROLE_STAFF) {
        json_t *staff = json_object();
        set_str(staff, "edit_url", req_url(r, arena_printf(&r->a, "/staff/consultations/%lld/edit", (long long)id)));
        set_str(staff, "summary_url",
                req_url(r, arena_printf(&r->a, "/staff/consultations/%lld/summary", (long long)id)));
        json_object_set_new(staff, "counts", counts);
        set_str(staff, "total", count_text(r, total));
        json_object_set_new(ctx, "staff", staff);
    } else {
        json_decref(counts);
    }
    if (req_query(r, "followed")) set_str(ctx, "notice", tr(r->lang, "You now follow this consultation."));
    if (req_query(r, "unfollowed")) set_str(ctx, "notice", tr(r->lang, "You no longer follow this consultation."));
    respond_page(r, 200, "consultations/show", ctx);
    return 0;
}

int consultations_follow(request *r)
{
    int64_t id = draft_param_id(r, "id");
    db_result d;
    space s;
    int ok = load_visible(r, id, &d, &s);
    if (ok <= 0) return ok;
    const char *v = req_form(r, "follow");
    if (!v || (strcmp(v, "1") != 0 && strcmp(v, "0") != 0)) {
        respond_error(r, 400, NULL);
        return 0;
    }
    bool on = strcmp(v, "1") == 0;
    if ((on ? follow_add(r->db, r->now, r->user->id, "draft", id) : follow_remove(r->db, r->user->id, "draft", id)) < 0)
        return -1;
    respond_redirect(r, 303, req_url(r, arena_printf(&r->a, "/consultations/%lld?%s", (long long)id,
                                                     on ? "followed=1" : "unfollowed=1")));
    return 0;
}
