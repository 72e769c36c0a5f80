/* /{lang}/whats-new (every published update, newest first) and the Atom
 * feeds (RFC 4287): /feeds/updates.atom and /feeds/projects/{slug}.atom,
 * both with ?lang=fi|sv|en (default fi). */
#include "internal.h"
#include "../util/keyset.h"
#include "../app/app.h"
#include "../view/i18n.h"
#include "../view/view.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define WHATS_NEW_PAGE 20
#define FEED_ENTRIES 50

#define UPD_COLS "u.id, u.published_at, u.title_fi, u.title_sv, u.title_en, u.body_fi, u.body_sv, u.body_en, " \
                 "p.slug, p.title_fi, p.title_sv, p.title_en"
#define UPD_FROM " FROM project_updates u JOIN projects p ON p.id = u.project_id " \
                 "LEFT JOIN projects pp ON pp.id = p.parent_id " \
                 "WHERE u.published = 1 AND p.published = 1 AND (p.parent_id IS NULL OR pp.published = 1) "

int projects_whats_new(request *r)
{
    int64_t bt = 0, bid = 0;
    int before = keyset_cursor_parse(req_query(r, "before"), &bt, &bid);
    if (before < 0) {
        respond_error(r, 400, tr(r->lang, "The address of this list page is not valid."));
        return 0;
    }
    db_result res;
    int rc;
    if (before) {
        db_param p[] = {DB_INT(bt), DB_INT(bid), DB_INT(WHATS_NEW_PAGE + 1)};
        rc = db_query(r->db, &r->a, &res, "SELECT " UPD_COLS UPD_FROM "AND (u.published_at, u.id) < ($1, $2) "
                      "ORDER BY u.published_at DESC, u.id DESC LIMIT $3", 3, p);
    } else {
        db_param p[] = {DB_INT(WHATS_NEW_PAGE + 1)};
        rc = db_query(r->db, &r->a, &res, "SELECT " UPD_COLS UPD_FROM "ORDER BY u.published_at DESC, u.id DESC LIMIT $1",
                      1, p);
    }
    if (rc < 0) return -1;
    int n = res.nrows > WHATS_NEW_PAGE ? WHATS_NEW_PAGE : res.nrows;
    json_t *items = json_array();
    for (int i = 0; i < n; i++) {
        bool fb = false, pfb = false;
        const char *body = pj_pick(&res, i, 5, r->lang, &fb);
        buf html = BUF_INIT;
        markdown_to_html(body, strlen(body), &html);
        char iso[16];
        proj_days_iso(proj_unix_days(db_cell_int(&res, i, 1)), iso, sizeof iso);
        json_t *it = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id", db_cell(&res, i, 0), "title",
                               pj_pick(&res, i, 2, r->lang, &fb), "body_html", html.data ? html.data : "", "date",
                               pj_time_display(r, db_cell_int(&res, i, 1)), "iso_date", iso, "project_title",
                               pj_pick(&res, i, 9, r->lang, &pfb), "project_url",
                               req_url(r, arena_printf(&r->a, "/projects/%s", db_cell(&res, i, 8))));
        buf_free(&html);
        if (fb) json_object_set_new(it, "fallback", json_true());
        if (pfb) json_object_set_new(it, "project_fallback", json_true());
        json_array_append_new(items, it);
    }
    json_t *ctx = json_pack("{s:s, s:o, s:b, s:s, s:s}", "title", tr(r->lang, "What's new in the projects"), "items",
                            items, "empty", n == 0, "feed_url",
                            arena_printf(&r->a, "/feeds/updates.atom?lang=%s", r->lang), "list_url",
                            req_url(r, "/projects"));
    if (res.nrows > WHATS_NEW_PAGE)
        json_object_set_new(ctx, "next_url", json_string(req_url(r, arena_printf(&r->a, "/whats-new?before=%s.%s",
                                                          db_cell(&res, n - 1, 1), db_cell(&res, n - 1, 0)))));
    if (before) json_object_set_new(ctx, "first_url", json_string(req_url(r, "/whats-new")));
    pj_respond(r, 200, "projects/whats_new", ctx);
    return 0;
}

/* ---- Atom ---- */

static void xml_escape(buf *b, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': buf_puts(b, "&amp;"); break;
        case '<': buf_puts(b, "&lt;"); break;
        case '>': buf_puts(b, "&gt;"); break;
        case '"': buf_puts(b, "&quot;"); break;
        case '\'': buf_puts(b, "&apos;"); break;
        default:
            /* control characters are not allowed in XML 1.0 */
            if ((unsigned char)*s < 0x20 && *s != '\n' && *s != '\t' && *s != '\r') break;
            buf_putc(b, *s);
        }
    }
}

static void rfc3339(char *out, size_t n, int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Takes ?lang for a feed; false (and a 400 answer) when it is not fi, sv or en. */
static bool feed_lang(request *r)
{
    const char *l = req_query(r, "lang");
    if (!l) {
        r->lang = "fi";
        return true;
    }
    if (!i18n_lang_valid(l)) {
        respond_text(r, 400, "text/plain; charset=utf-8", "lang must be fi, sv or en\n");
        return false;
    }
    r->lang = arena_strdup(&r->a, l);
    return true;
}

static void write_feed(request *r, const char *title, const char *self_path, const char *alt_path, const char *feed_id,
                       const db_result *res, int64_t fallback_updated)
{
    const char *base = APP.cfg.base_url ? APP.cfg.base_url : "";
    size_t bl = strlen(base);
    while (bl > 0 && base[bl - 1] == '/') bl--;
    char ts[32];
    buf b = BUF_INIT;
    buf_printf(&b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"%s\">\n",
               r->lang);
    buf_puts(&b, "  <title>");
    xml_escape(&b, title);
    buf_puts(&b, "</title>\n  <id>");
    xml_escape(&b, feed_id);
    buf_puts(&b, "</id>\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"");
    xml_escape(&b, arena_printf(&r->a, "%.*s%s", (int)bl, base, self_path));
    buf_puts(&b, "\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"");
    xml_escape(&b, arena_printf(&r->a, "%.*s%s", (int)bl, base, alt_path));
    rfc3339(ts, sizeof ts, res->nrows ? db_cell_int(res, 0, 1) : fallback_updated);
    buf_printf(&b, "\"/>\n  <updated>%s</updated>\n  <author><name>", ts);
    xml_escape(&b, tr(r->lang, "Western Uusimaa wellbeing services county"));
    buf_puts(&b, "</name></author>\n");
    for (int i = 0; i < res->nrows; i++) {
        const char *body = pj_pick(res, i, 5, r->lang, NULL);
        buf html = BUF_INIT;
        markdown_to_html(body, strlen(body), &html);
        rfc3339(ts, sizeof ts, db_cell_int(res, i, 1));
        buf_puts(&b, "  <entry>\n    <title>");
        xml_escape(&b, pj_pick(res, i, 2, r->lang, NULL));
        buf_puts(&b, "</title>\n    <id>");
        xml_escape(&b, arena_printf(&r->a, "%.*s/projects/updates/%s", (int)bl, base, db_cell(res, i, 0)));
        buf_printf(&b, "</id>\n    <updated>%s</updated>\n    <published>%s</published>\n", ts, ts);
        buf_puts(&b, "    <link rel=\"alternate\" type=\"text/html\" href=\"");
        xml_escape(&b, arena_printf(&r->a, "%.*s/%s/projects/%s#update-%s", (int)bl, base, r->lang, db_cell(res, i, 8),
                                    db_cell(res, i, 0)));
        buf_puts(&b, "\"/>\n    <category term=\"");
        xml_escape(&b, db_cell(res, i, 8));
        buf_puts(&b, "\" label=\"");
        xml_escape(&b, pj_pick(res, i, 9, r->lang, NULL));
        buf_puts(&b, "\"/>\n    <content type=\"html\">");
        xml_escape(&b, html.data ? html.data : "");
        buf_puts(&b, "</content>\n  </entry>\n");
        buf_free(&html);
    }
    buf_puts(&b, "</feed>\n");
    respond_text(r, 200, "application/atom+xml; charset=utf-8", b.data);
    buf_free(&b);
}

int projects_feed_all(request *r)
{
    if (!feed_lang(r)) return 0;
    db_result res;
    db_param p[] = {DB_INT(FEED_ENTRIES)};
    if (db_query(r->db, &r->a, &res, "SELECT " UPD_COLS UPD_FROM "ORDER BY u.published_at DESC, u.id DESC LIMIT $1", 1,
                 p) < 0)
        return -1;
    write_feed(r, arena_printf(&r->a, "Kohtaamo: %s", tr(r->lang, "What's new in the projects")),
               arena_printf(&r->a, "/feeds/updates.atom?lang=%s", r->lang),
               arena_printf(&r->a, "/%s/whats-new", r->lang), "urn:kohtaamo:feeds:project-updates", &res, r->now);
    return 0;
}

int projects_feed_project(request *r)
{
    const char *file = req_param(r, "file");
    size_t n = strlen(file);
    if (n <= 5 || strcmp(file + n - 5, ".atom") != 0) {
        respond_text(r, 404, "text/plain; charset=utf-8", "not found\n");
        return 0;
    }
    if (!feed_lang(r)) return 0;
    const char *slug = arena_strndup(&r->a, file, n - 5);
    db_result proj;
    int found = pj_load_public(r, slug, &proj);
    if (found < 0) return -1;
    if (!found) {
        respond_text(r, 404, "text/plain; charset=utf-8", "not found\n");
        return 0;
    }
    db_result res;
    db_param p[] = {DB_INT(db_cell_int(&proj, 0, PJ_ID)), DB_INT(FEED_ENTRIES)};
    if (db_query(r->db, &r->a, &res, "SELECT " UPD_COLS UPD_FROM "AND p.id = $1 "
                 "ORDER BY u.published_at DESC, u.id DESC LIMIT $2", 2, p) < 0)
        return -1;
    write_feed(r, arena_printf(&r->a, "Kohtaamo: %s", pj_pick(&proj, 0, PJ_TITLE, r->lang, NULL)),
               arena_printf(&r->a, "/feeds/projects/%s.atom?lang=%s", slug, r->lang),
               arena_printf(&r->a, "/%s/projects/%s", r->lang, slug),
               arena_printf(&r->a, "urn:kohtaamo:feeds:project:%s", slug), &res, db_cell_int(&proj, 0, PJ_UPDATED));
    return 0;
}
