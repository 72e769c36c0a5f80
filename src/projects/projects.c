/* Public project pages: /{lang}/projects (filters and search, all in the
 * URL) and /{lang}/projects/{slug}. */
#include "internal.h"
#include "../view/i18n.h"
#include "../view/view.h"
#include <stdlib.h>
#include <string.h>

#define LIST_PAGE_SIZE 20
#define MAX_TERMS 5

/* "$a, $a+1, ..." for n ids starting at placeholder number first. */
static const char *placeholders(request *r, int first, int n)
{
    buf b = BUF_INIT;
    for (int i = 0; i < n; i++) buf_printf(&b, "%s$%d", i ? ", " : "", first + i);
    const char *s = arena_strdup(&r->a, b.data ? b.data : "");
    buf_free(&b);
    return s;
}

/* Appends the search condition over project_search rows for terms, binding
 * its values from *np on; the same rows on both backends. */
static void search_condition(request *r, buf *sql, db_param *p, int *np, char *const *terms, int nterms)
{
    if (db_kind_of(r->db) == DB_SQLITE) {
        char *m = proj_fts_query(terms, nterms);
        p[*np] = DB_TEXT(arena_strdup(&r->a, m ? m : "\"\""));
        free(m);
        buf_printf(sql, "project_search MATCH $%d", ++*np);
        return;
    }
    for (int i = 0; i < nterms; i++) {
        char *like = proj_like_pattern(terms[i]);
        p[*np] = DB_TEXT(arena_strdup(&r->a, terms[i]));
        p[*np + 1] = DB_TEXT(arena_strdup(&r->a, like ? like : "%"));
        free(like);
        buf_printf(sql, "%s(tsv @@ (plainto_tsquery('finnish', $%d) || plainto_tsquery('swedish', $%d)) "
                        "OR doc ILIKE $%d)", i ? " AND " : "", *np + 1, *np + 1, *np + 2);
        *np += 2;
    }
}

/* Names of the themes and municipalities of the given projects, and their
 * progress, added to items (a JSON array in the same order as ids). */
static int decorate(request *r, const int64_t *ids, int n, json_t *items)
{
    if (n == 0) return 0;
    db_param p[LIST_PAGE_SIZE];
    for (int i = 0; i < n; i++) p[i] = DB_INT(ids[i]);
    const char *in = placeholders(r, 1, n);
    int li = pj_lang_index(r->lang);
    db_result res;
    if (db_query(r->db, &r->a, &res, arena_printf(&r->a,
                 "SELECT pt.project_id, t.name_fi, t.name_sv, t.name_en FROM project_themes pt "
                 "JOIN themes t ON t.id = pt.theme_id WHERE pt.project_id IN (%s) ORDER BY t.name_fi", in), n, p) < 0)
        return -1;
    for (int k = 0; k < res.nrows; k++) {
        int64_t pid = db_cell_int(&res, k, 0);
        for (int i = 0; i < n; i++)
            if (pid == ids[i]) {
                json_t *it = json_array_get(items, (size_t)i), *arr = json_object_get(it, "themes");
                if (!arr) json_object_set_new(it, "themes", arr = json_array());
                json_array_append_new(arr, json_pack("{s:s}", "name", db_cell(&res, k, 1 + li)));
            }
    }
    if (db_query(r->db, &r->a, &res, arena_printf(&r->a,
                 "SELECT pm.project_id, m.name_fi, m.name_sv FROM project_municipalities pm "
                 "JOIN municipalities m ON m.id = pm.municipality_id WHERE pm.project_id IN (%s) ORDER BY m.name_fi",
                 in), n, p) < 0)
        return -1;
    for (int k = 0; k < res.nrows; k++) {
        int64_t pid = db_cell_int(&res, k, 0);
        for (int i = 0; i < n; i++)
            if (pid == ids[i]) {
                json_t *it = json_array_get(items, (size_t)i), *arr = json_object_get(it, "municipalities");
                if (!arr) json_object_set_new(it, "municipalities", arr = json_array());
                json_array_append_new(arr, json_pack("{s:s}", "name", db_cell(&res, k, li == 1 ? 2 : 1)));
            }
    }
    if (db_query(r->db, &r->a, &res, arena_printf(&r->a,
                 "SELECT project_id, CAST(COUNT(*) AS INTEGER), "
                 "CAST(SUM(CASE WHEN status = 'done' THEN 1 ELSE 0 END) AS INTEGER), "
                 "CAST(SUM(CASE WHEN status = 'cancelled' THEN 1 ELSE 0 END) AS INTEGER) "
                 "FROM project_milestones WHERE project_id IN (%s) GROUP BY project_id", in), n, p) < 0)
        return -1;
    for (int k = 0; k < res.nrows; k++)
        for (int i = 0; i < n; i++)
            if (db_cell_int(&res, k, 0) == ids[i]) {
                int total = (int)db_cell_int(&res, k, 1), done = (int)db_cell_int(&res, k, 2),
                    canc = (int)db_cell_int(&res, k, 3);
                int pct = proj_progress(done, total, canc);
                if (pct >= 0)
                    json_object_set_new(json_array_get(items, (size_t)i), "progress",
                        json_pack("{s:i, s:s}", "percent", pct, "text",
                                  arena_printf(&r->a, "%s %d/%d", tr(r->lang, "Milestones done:"), done, total - canc)));
            }
    return 0;
}

/* A select of the filter form: {id, name, label, error, options}. */
static json_t *filter_select(request *r, const char *name, const char *label, json_t *options, const char *error)
{
    json_t *s = json_pack("{s:s, s:s, s:s, s:o}", "id", arena_printf(&r->a, "f-%s", name), "name", name, "label", label,
                          "options", options);
    if (error) json_object_set_new(s, "error", json_string(error));
    return s;
}

static json_t *options_with_all(request *r, const db_result *res, int code_col, int name_col_fi, int nlangs,
                                const char *selected)
{
    json_t *arr = json_array();
    json_array_append_new(arr, json_pack("{s:s, s:s, s:b}", "value", "", "label", tr(r->lang, "All"), "selected",
                                          !selected || !*selected));
    int li = pj_lang_index(r->lang);
    if (li >= nlangs) li = 0;
    for (int i = 0; i < res->nrows; i++) {
        const char *code = db_cell(res, i, code_col);
        json_array_append_new(arr, json_pack("{s:s, s:s, s:b}", "value", code, "label",
                                             db_cell(res, i, name_col_fi + li), "selected",
                                             selected && strcmp(selected, code) == 0));
    }
    return arr;
}

static bool code_in(const db_result *res, int col, const char *code)
{
    for (int i = 0; i < res->nrows; i++)
        if (strcmp(db_cell(res, i, col), code) == 0) return true;
    return false;
}

/* The list URL with the current filters and a page number. */
static const char *list_url(request *r, const char *q, const char *status, const char *theme, const char *muni,
                            long page)
{
    buf b = BUF_INIT;
    const char *names[] = {"q", "status", "theme", "municipality"}, *vals[] = {q, status, theme, muni};
    char sep = '?';
    for (int i = 0; i < 4; i++) {
        if (!vals[i] || !*vals[i]) continue;
        buf_printf(&b, "%c%s=", sep, names[i]);
        for (const unsigned char *s = (const unsigned char *)vals[i]; *s; s++) {
            if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '-' ||
                *s == '_' || *s == '.')
                buf_putc(&b, (char)*s);
            else
                buf_printf(&b, "%%%02X", *s);
        }
        sep = '&';
    }
    if (page > 1) buf_printf(&b, "%cpage=%ld", sep, page);
    const char *u = req_url(r, arena_printf(&r->a, "/projects%s", b.data ? b.data : ""));
    buf_free(&b);
    return u;
}

/* Adds to each item a snippet of the best matching document of its project,
 * preferably in the page's language, then the project's own text, then the
 * oldest. One query for the whole page: the full-text match is evaluated
 * once, not once per project. */
static int snippets(request *r, const int64_t *ids, int n, json_t *items, char *const *terms, int nterms)
{
    buf sql = BUF_INIT;
    db_param sp[2 * MAX_TERMS + 1 + LIST_PAGE_SIZE];
    int snp = 0;
    bool sqlite = db_kind_of(r->db) == DB_SQLITE;
    if (sqlite)
        buf_printf(&sql, "SELECT rowid / %lld, lang, title, body, update_id FROM project_search WHERE ",
                   PJ_SEARCH_ROWS_PER_ROOT);
    else
        buf_puts(&sql, "SELECT root_id, lang, title, body, update_id FROM project_search WHERE ");
    search_condition(r, &sql, sp, &snp, terms, nterms);
    if (n > LIST_PAGE_SIZE) n = LIST_PAGE_SIZE;
    for (int i = 0; i < n; i++) sp[snp + i] = DB_INT(ids[i]);
    if (sqlite)
        buf_printf(&sql, " AND rowid / %lld IN (%s) ORDER BY rowid", PJ_SEARCH_ROWS_PER_ROOT,
                   placeholders(r, snp + 1, n));
    else
        buf_printf(&sql, " AND root_id IN (%s) ORDER BY id", placeholders(r, snp + 1, n));
    snp += n;
    db_result sn;
    int rc = db_query(r->db, &r->a, &sn, sql.data, snp, sp);
    buf_free(&sql);
    if (rc < 0) return -1;
    for (int i = 0; i < n; i++) {
        int best = -1, best_rank = 4;
        for (int row = 0; row < sn.nrows && best_rank > 0; row++) {
            if (db_cell_int(&sn, row, 0) != ids[i]) continue;
            int rank = (strcmp(db_cell(&sn, row, 1), r->lang) ? 2 : 0) + (db_cell(&sn, row, 4) ? 1 : 0);
            if (rank < best_rank) best = row, best_rank = rank;
        }
        if (best < 0) continue;
        const char *body = db_cell(&sn, best, 3);
        const char *text = arena_printf(&r->a, "%s: %s", db_cell(&sn, best, 2), body ? body : "");
        json_t *it = json_array_get(items, (size_t)i);
        json_object_set_new(it, "snippet", proj_snippet(text, terms, nterms, 180));
        if (strcmp(db_cell(&sn, best, 1), r->lang))
            json_object_set_new(it, "snippet_lang", json_string(db_cell(&sn, best, 1)));
    }
    return 0;
}

int projects_list(request *r)
{
    const char *q = req_query(r, "q"), *status = req_query(r, "status"), *theme = req_query(r, "theme"),
               *muni = req_query(r, "municipality"), *pages = req_query(r, "page");
    if (!q) q = "";
    if (!status) status = "";
    if (!theme) theme = "";
    if (!muni) muni = "";
    const char *err_q = NULL, *err_status = NULL, *err_theme = NULL, *err_muni = NULL;
    long page = 1;
    if (pages && *pages) {
        char *end;
        page = strtol(pages, &end, 10);
        if (*end || page < 1 || page > 100000) {
            respond_error(r, 400, tr(r->lang, "The address of this list page is not valid."));
            return 0;
        }
    }
    db_result themes, munis;
    if (pj_reference_rows(r, &themes, &munis) < 0) return -1;
    if (*status && !pj_status_valid(status)) err_status = tr(r->lang, "Choose a status from the list.");
    if (*theme && !code_in(&themes, 0, theme)) err_theme = tr(r->lang, "Choose a theme from the list.");
    if (*muni && !code_in(&munis, 0, muni)) err_muni = tr(r->lang, "Choose a municipality from the list.");
    char *terms[MAX_TERMS];
    int nterms = 0;
    bool dropped = false;
    if (strlen(q) > 200) {
        err_q = tr(r->lang, "The search can be at most 200 characters long.");
    } else if (*q) {
        nterms = proj_search_terms(q, terms, MAX_TERMS, &dropped);
        if (nterms == 0) err_q = tr(r->lang, "Enter a search word of at least 3 letters.");
    }
    bool bad = err_q || err_status || err_theme || err_muni;

    json_t *ctx = json_pack("{s:s, s:s, s:s}", "title", tr(r->lang, "Development projects"), "action",
                            req_url(r, "/projects"), "q", q);
    if (err_q) json_object_set_new(ctx, "q_error", json_string(err_q));
    const char *status_labels[PJ_NSTATUS];
    for (int i = 0; i < PJ_NSTATUS; i++) status_labels[i] = pj_status_label(r, PJ_STATUSES[i]);
    json_t *sopts = pj_options(PJ_STATUSES, status_labels, PJ_NSTATUS, status);
    json_array_insert_new(sopts, 0, json_pack("{s:s, s:s, s:b}", "value", "", "label", tr(r->lang, "All"), "selected",
                                              !*status));
    json_t *selects = json_array();
    json_array_append_new(selects, filter_select(r, "status", tr(r->lang, "Status"), sopts, err_status));
    json_array_append_new(selects, filter_select(r, "theme", tr(r->lang, "Theme"),
                                                 options_with_all(r, &themes, 0, 1, 3, theme), err_theme));
    json_array_append_new(selects, filter_select(r, "municipality", tr(r->lang, "Municipality"),
                                                 options_with_all(r, &munis, 0, 1, 2, muni), err_muni));
    json_object_set_new(ctx, "selects", selects);
    json_object_set_new(ctx, "whats_new_url", json_string(req_url(r, "/whats-new")));
    json_object_set_new(ctx, "feed_url", json_string(arena_printf(&r->a, "/feeds/updates.atom?lang=%s", r->lang)));
    if (r->user && r->user->role >= ROLE_STAFF)
        json_object_set_new(ctx, "staff_url", json_string(req_url(r, "/staff/projects")));
    if (bad) {
        json_t *errors = json_array();
        const char *ids[] = {"f-q", "f-status", "f-theme", "f-municipality"}, *msgs[] = {err_q, err_status, err_theme,
                                                                                          err_muni};
        for (int i = 0; i < 4; i++)
            if (msgs[i]) json_array_append_new(errors, json_pack("{s:s, s:s}", "field_id", ids[i], "message", msgs[i]));
        json_object_set_new(ctx, "errors", errors);
        json_object_set_new(ctx, "has_errors", json_true());
        proj_free_terms(terms, nterms);
        pj_respond(r, 400, "projects/list", ctx);
        return 0;
    }

    buf where = BUF_INIT;
    db_param p[16];
    int np = 0;
    buf_puts(&where, " FROM projects p WHERE p.published = 1 AND p.parent_id IS NULL");
    if (*status) {
        p[np++] = DB_TEXT(status);
        buf_printf(&where, " AND p.status = $%d", np);
    }
    if (*theme) {
        p[np++] = DB_TEXT(theme);
        /* the code is resolved once (an uncorrelated subquery), not per project */
        buf_printf(&where, " AND EXISTS (SELECT 1 FROM project_themes pt WHERE pt.project_id = p.id "
                           "AND pt.theme_id = (SELECT id FROM themes WHERE code = $%d))", np);
    }
    if (*muni) {
        /* a project that names no municipality concerns the whole county */
        p[np++] = DB_TEXT(muni);
        buf_printf(&where, " AND (EXISTS (SELECT 1 FROM project_municipalities pm WHERE pm.project_id = p.id "
                           "AND pm.municipality_id = (SELECT id FROM municipalities WHERE code = $%d)) "
                           "OR NOT EXISTS (SELECT 1 FROM project_municipalities pm2 WHERE pm2.project_id = p.id))", np);
    }
    if (nterms > 0) {
        /* on SQLite the root comes from the rowid, so no FTS content row is read */
        if (db_kind_of(r->db) == DB_SQLITE)
            buf_printf(&where, " AND p.id IN (SELECT rowid / %lld FROM project_search WHERE ", PJ_SEARCH_ROWS_PER_ROOT);
        else
            buf_puts(&where, " AND p.id IN (SELECT root_id FROM project_search WHERE ");
        search_condition(r, &where, p, &np, terms, nterms);
        buf_puts(&where, ")");
    }
    const char *wsql = arena_strdup(&r->a, where.data);
    buf_free(&where);
    /* One query gives the page and, with a window, the number of all matches.
     * The inner query sorts only ids, so matches not on the page cost no text. */
    db_result cnt, res;
    p[np] = DB_INT(LIST_PAGE_SIZE);
    p[np + 1] = DB_INT((page - 1) * LIST_PAGE_SIZE);
    if (db_query(r->db, &r->a, &res, arena_printf(&r->a,
                 "SELECT q.id, q.slug, q.kind, q.title_fi, q.title_sv, q.title_en, q.summary_fi, q.summary_sv, "
                 "q.summary_en, q.status, q.start_date, q.end_date, pg.total FROM "
                 "(SELECT p.id AS id, p.updated_at AS updated_at, CAST(COUNT(*) OVER () AS INTEGER) AS total%s "
                 "ORDER BY p.updated_at DESC, p.id DESC LIMIT $%d OFFSET $%d) pg "
                 "JOIN projects q ON q.id = pg.id ORDER BY pg.updated_at DESC, pg.id DESC",
                 wsql, np + 1, np + 2), np + 2, p) < 0) {
        proj_free_terms(terms, nterms);
        json_decref(ctx);
        return -1;
    }
    int64_t total = res.nrows ? db_cell_int(&res, 0, 12) : 0;
    if (res.nrows == 0 && page > 1) {
        if (db_query(r->db, &r->a, &cnt, arena_printf(&r->a, "SELECT CAST(COUNT(*) AS INTEGER)%s", wsql), np, p) < 0) {
            proj_free_terms(terms, nterms);
            json_decref(ctx);
            return -1;
        }
        total = db_cell_int(&cnt, 0, 0);
    }
    json_t *items = json_array();
    int64_t ids[LIST_PAGE_SIZE];
    int n = res.nrows < LIST_PAGE_SIZE ? res.nrows : LIST_PAGE_SIZE;
    for (int i = 0; i < n; i++) {
        bool fb_title = false, fb_summary = false;
        ids[i] = db_cell_int(&res, i, 0);
        json_t *it = json_pack("{s:s, s:s, s:s, s:s, s:s}", "url",
                               req_url(r, arena_printf(&r->a, "/projects/%s", db_cell(&res, i, 1))), "title",
                               pj_pick(&res, i, 3, r->lang, &fb_title), "summary",
                               pj_pick(&res, i, 6, r->lang, &fb_summary), "status",
                               pj_status_label(r, db_cell(&res, i, 9)), "status_code", db_cell(&res, i, 9));
        if (fb_title) json_object_set_new(it, "title_fallback", json_true());
        if (fb_summary) json_object_set_new(it, "summary_fallback", json_true());
        if (fb_title || fb_summary) json_object_set_new(it, "fallback", json_true());
        const char *sd = pj_date_display(r, db_cell(&res, i, 10)), *ed = pj_date_display(r, db_cell(&res, i, 11));
        if (sd) json_object_set_new(it, "start", json_string(sd));
        if (ed) json_object_set_new(it, "end", json_string(ed));
        json_array_append_new(items, it);
    }
    if (decorate(r, ids, n, items) < 0) {
        proj_free_terms(terms, nterms);
        json_decref(items);
        json_decref(ctx);
        return -1;
    }
    if (nterms > 0 && n > 0 && snippets(r, ids, n, items, terms, nterms) < 0) {
        proj_free_terms(terms, nterms);
        json_decref(items);
        json_decref(ctx);
        return -1;
    }
    proj_free_terms(terms, nterms);
    json_object_set_new(ctx, "items", items);
    json_object_set_new(ctx, "empty", json_boolean(n == 0));
    json_object_set_new(ctx, "count_text", json_string(tr_fill(r, "Projects found: {n}", (long)total)));
    if (page > 1)
        json_object_set_new(ctx, "prev_url", json_string(list_url(r, q, status, theme, muni, page - 1)));
    if (page * LIST_PAGE_SIZE < total)
        json_object_set_new(ctx, "next_url", json_string(list_url(r, q, status, theme, muni, page + 1)));
    if (*q || *status || *theme || *muni) json_object_set_new(ctx, "clear_url", json_string(req_url(r, "/projects")));
    pj_respond(r, 200, "projects/list", ctx);
    return 0;
}

/* Milestones of a project as JSON, oldest first. */
static json_t *milestones_json(request *r, int64_t id, int *rc)
{
    db_result res;
    db_param p[] = {DB_INT(id)};
    json_t *arr = json_array();
    *rc = db_query(r->db, &r->a, &res, "SELECT id, title_fi, title_sv, title_en, due_date, status "
                                       "FROM project_milestones WHERE project_id = $1 ORDER BY due_date, id", 1, p);
    if (*rc < 0) return arr;
    for (int i = 0; i < res.nrows; i++) {
        bool fb = false;
        const char *st = db_cell(&res, i, 5);
        json_t *m = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "id", db_cell(&res, i, 0), "title",
                              pj_pick(&res, i, 1, r->lang, &fb), "iso_date", db_cell(&res, i, 4), "status", st,
                              "status_label", pj_mstatus_label(r, st), "title_fi", db_cell(&res, i, 1));
        const char *d = pj_date_display(r, db_cell(&res, i, 4));
        json_object_set_new(m, "date", json_string(d ? d : db_cell(&res, i, 4)));
        if (fb) json_object_set_new(m, "fallback", json_true());
        json_object_set_new(m, "is_done", json_boolean(strcmp(st, "done") == 0));
        json_array_append_new(arr, m);
    }
    return arr;
}

/* The parts of a project page both the public page and the staff preview
 * show: texts, dates, status, themes, municipalities, milestones, progress,
 * contacts, links. row is a PJ_COLS row. */
json_t *pj_page_model(request *r, const db_result *res, int row, int *rc)
{
    int64_t id = db_cell_int(res, row, PJ_ID);
    int li = pj_lang_index(r->lang);
    bool fb_t = false, fb_s = false, fb_b = false;
    const char *body = pj_pick(res, row, PJ_BODY, r->lang, &fb_b);
    buf html = BUF_INIT;
    markdown_to_html(body, strlen(body), &html);
    const char *status = db_cell(res, row, PJ_STATUS);
    json_t *m = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)id, "slug",
                          db_cell(res, row, PJ_SLUG), "title", pj_pick(res, row, PJ_TITLE, r->lang, &fb_t), "summary",
                          pj_pick(res, row, PJ_SUMMARY, r->lang, &fb_s), "body_html", html.data ? html.data : "",
                          "status", pj_status_label(r, status), "status_code", status, "kind",
                          pj_kind_label(r, db_cell(res, row, PJ_KIND)));
    buf_free(&html);
    if (fb_t) json_object_set_new(m, "title_fallback", json_true());
    if (fb_s) json_object_set_new(m, "summary_fallback", json_true());
    if (fb_b) json_object_set_new(m, "body_fallback", json_true());
    if (fb_t || fb_s || fb_b) json_object_set_new(m, "fallback", json_true());
    const char *sd = pj_date_display(r, db_cell(res, row, PJ_START)), *ed = pj_date_display(r, db_cell(res, row, PJ_END));
    if (sd) json_object_set_new(m, "start", json_string(sd)), json_object_set_new(m, "start_iso", json_string(db_cell(res, row, PJ_START)));
    if (ed) json_object_set_new(m, "end", json_string(ed)), json_object_set_new(m, "end_iso", json_string(db_cell(res, row, PJ_END)));
    db_result q;
    db_param p[] = {DB_INT(id)};
    json_t *arr = json_array();
    if ((*rc = db_query(r->db, &r->a, &q, "SELECT t.name_fi, t.name_sv, t.name_en FROM project_themes pt "
                        "JOIN themes t ON t.id = pt.theme_id WHERE pt.project_id = $1 ORDER BY t.name_fi", 1, p)) < 0)
        return m;
    for (int i = 0; i < q.nrows; i++) json_array_append_new(arr, json_pack("{s:s}", "name", db_cell(&q, i, li)));
    json_object_set_new(m, "themes", arr);
    arr = json_array();
    if ((*rc = db_query(r->db, &r->a, &q, "SELECT m.name_fi, m.name_sv FROM project_municipalities pm "
                        "JOIN municipalities m ON m.id = pm.municipality_id WHERE pm.project_id = $1 "
                        "ORDER BY m.name_fi", 1, p)) < 0)
        return m;
    for (int i = 0; i < q.nrows; i++)
        json_array_append_new(arr, json_pack("{s:s}", "name", db_cell(&q, i, li == 1 ? 1 : 0)));
    json_object_set_new(m, "municipalities", arr);
    json_object_set_new(m, "county_wide", json_boolean(q.nrows == 0));
    json_t *ms = milestones_json(r, id, rc);
    if (*rc < 0) {
        json_decref(ms);
        return m;
    }
    json_object_set_new(m, "has_milestones", json_boolean(json_array_size(ms) > 0));
    json_object_set_new(m, "milestones", ms);
    int done, counted;
    int pct = pj_progress_of(r, id, &done, &counted, rc);
    if (*rc < 0) return m;
    if (pct >= 0)
        json_object_set_new(m, "progress", json_pack("{s:i, s:i, s:i}", "percent", pct, "done", done, "count", counted));
    arr = json_array();
    if ((*rc = db_query(r->db, &r->a, &q, "SELECT name, title_fi, title_sv, title_en, organisation, email "
                        "FROM project_contacts WHERE project_id = $1 ORDER BY id", 1, p)) < 0)
        return m;
    for (int i = 0; i < q.nrows; i++) {
        json_t *c = json_pack("{s:s, s:s, s:s, s:s}", "id", "", "name", db_cell(&q, i, 0), "title",
                              pj_pick(&q, i, 1, r->lang, NULL), "organisation", db_cell(&q, i, 4));
        /* The address is shown as "name (at) domain" text and never as a
         * mailto link, so address harvesters find nothing to collect. */
        const char *email = db_cell(&q, i, 5), *at = email ? strchr(email, '@') : NULL;
        if (at)
            json_object_set_new(c, "email_text", json_string(arena_printf(&r->a, "%.*s (%s) %s", (int)(at - email),
                                                                          email, tr(r->lang, "at"), at + 1)));
        json_array_append_new(arr, c);
    }
    json_object_set_new(m, "contacts", arr);
    arr = json_array();
    if ((*rc = db_query(r->db, &r->a, &q, "SELECT url, label_fi, label_sv, label_en FROM project_links "
                        "WHERE project_id = $1 ORDER BY id", 1, p)) < 0)
        return m;
    for (int i = 0; i < q.nrows; i++)
        json_array_append_new(arr, json_pack("{s:s, s:s}", "url", db_cell(&q, i, 0), "label",
                                             pj_pick(&q, i, 1, r->lang, NULL)));
    json_object_set_new(m, "links", arr);
    *rc = 0;
    return m;
}

/* Published updates of a project (and its children) as JSON, newest first. */
json_t *pj_updates_json(request *r, int64_t project_id, int limit, int *rc)
{
    db_result res;
    db_param p[] = {DB_INT(project_id), DB_INT(limit)};
    json_t *arr = json_array();
    *rc = db_query(r->db, &r->a, &res,
                   "SELECT u.id, u.published_at, u.title_fi, u.title_sv, u.title_en, u.body_fi, u.body_sv, u.body_en "
                   "FROM project_updates u WHERE u.project_id = $1 AND u.published = 1 "
                   "ORDER BY u.published_at DESC, u.id DESC LIMIT $2", 2, p);
    if (*rc < 0) return arr;
    for (int i = 0; i < res.nrows; i++) {
        bool fb = false;
        const char *body = pj_pick(&res, i, 5, r->lang, &fb);
        buf html = BUF_INIT;
        markdown_to_html(body, strlen(body), &html);
        char iso[16];
        proj_days_iso(proj_unix_days(db_cell_int(&res, i, 1)), iso, sizeof iso);
        json_t *u = json_pack("{s:s, s:s, s:s, s:s, s:s}", "id", db_cell(&res, i, 0), "title",
                              pj_pick(&res, i, 2, r->lang, &fb), "body_html", html.data ? html.data : "", "date",
                              pj_time_display(r, db_cell_int(&res, i, 1)), "iso_date", iso);
        buf_free(&html);
        if (fb) json_object_set_new(u, "fallback", json_true());
        json_array_append_new(arr, u);
    }
    return arr;
}

int projects_show(request *r)
{
    db_result res;
    int found = pj_load_public(r, req_param(r, "slug"), &res);
    if (found < 0) return -1;
    if (!found) {
        respond_error(r, 404, NULL);
        return 0;
    }
    int rc;
    json_t *proj = pj_page_model(r, &res, 0, &rc);
    if (rc < 0) {
        json_decref(proj);
        return -1;
    }
    int64_t id = db_cell_int(&res, 0, PJ_ID);
    const char *slug = db_cell(&res, 0, PJ_SLUG);
    json_t *ctx = json_pack("{s:s, s:o}", "title", json_string_value(json_object_get(proj, "title")), "project", proj);
    db_param p[] = {DB_INT(id)};
    db_result q;
    /* the parent of a work package or pilot */
    if (db_cell(&res, 0, PJ_PARENT)) {
        db_param pp[] = {DB_INT(db_cell_int(&res, 0, PJ_PARENT))};
        if (db_query(r->db, &r->a, &q, "SELECT slug, title_fi, title_sv, title_en FROM projects WHERE id = $1", 1,
                     pp) < 0) {
            json_decref(ctx);
            return -1;
        }
        if (q.nrows)
            json_object_set_new(ctx, "parent", json_pack("{s:s, s:s}", "url",
                req_url(r, arena_printf(&r->a, "/projects/%s", db_cell(&q, 0, 0))), "title",
                pj_pick(&q, 0, 1, r->lang, NULL)));
    }
    /* published work packages and pilots */
    if (db_query(r->db, &r->a, &q, "SELECT slug, kind, title_fi, title_sv, title_en, summary_fi, summary_sv, "
                 "summary_en, status FROM projects WHERE parent_id = $1 AND published = 1 ORDER BY start_date, id",
                 1, p) < 0) {
        json_decref(ctx);
        return -1;
    }
    json_t *children = json_array();
    for (int i = 0; i < q.nrows; i++) {
        bool fb = false;
        json_t *c = json_pack("{s:s, s:s, s:s, s:s, s:s}", "url",
                              req_url(r, arena_printf(&r->a, "/projects/%s", db_cell(&q, i, 0))), "kind",
                              pj_kind_label(r, db_cell(&q, i, 1)), "title", pj_pick(&q, i, 2, r->lang, &fb), "summary",
                              pj_pick(&q, i, 5, r->lang, &fb), "status", pj_status_label(r, db_cell(&q, i, 8)));
        if (fb) json_object_set_new(c, "fallback", json_true());
        json_array_append_new(children, c);
    }
    json_object_set_new(ctx, "has_children", json_boolean(q.nrows > 0));
    json_object_set_new(ctx, "children", children);
    json_t *updates = pj_updates_json(r, id, 20, &rc);
    if (rc < 0) {
        json_decref(updates);
        json_decref(ctx);
        return -1;
    }
    json_object_set_new(ctx, "has_updates", json_boolean(json_array_size(updates) > 0));
    json_object_set_new(ctx, "updates", updates);
    /* questions and answers published from the feedback on this project */
    if (db_query(r->db, &r->a, &q, "SELECT message, public_answer, created_at FROM feedback "
                 "WHERE project_id = $1 AND published = 1 ORDER BY created_at DESC", 1, p) < 0) {
        json_decref(ctx);
        return -1;
    }
    json_t *qa = json_array();
    for (int i = 0; i < q.nrows; i++) {
        json_t *o = json_pack("{s:s, s:s}", "question", db_cell(&q, i, 0), "date", pj_time_display(r, db_cell_int(&q, i, 2)));
        if (db_cell(&q, i, 1) && *db_cell(&q, i, 1)) json_object_set_new(o, "answer", json_string(db_cell(&q, i, 1)));
        json_array_append_new(qa, o);
    }
    json_object_set_new(ctx, "has_qa", json_boolean(q.nrows > 0));
    json_object_set_new(ctx, "qa", qa);
    json_object_set_new(ctx, "feedback", json_pack("{s:s, s:I, s:s}", "action", req_url(r, "/feedback"), "project_id",
                                                   (json_int_t)id, "project_title",
                                                   json_string_value(json_object_get(proj, "title"))));
    json_object_set_new(ctx, "timeline_url", json_string(req_url(r, arena_printf(&r->a, "/projects/%s/timeline", slug))));
    json_object_set_new(ctx, "feed_url", json_string(arena_printf(&r->a, "/feeds/projects/%s.atom?lang=%s", slug, r->lang)));
    json_object_set_new(ctx, "list_url", json_string(req_url(r, "/projects")));
    if (r->user && r->user->role >= ROLE_STAFF)
        json_object_set_new(ctx, "edit_url", json_string(req_url(r, arena_printf(&r->a, "/staff/projects/%lld/edit",
                                                                                 (long long)id))));
    pj_respond(r, 200, "projects/show", ctx);
    return 0;
}
