/* Helpers shared by the projects handlers; see internal.h. */
#include "internal.h"
#include "../util/json_alloc.h"
#include "../view/i18n.h"
#include "../view/view.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const PJ_STATUSES[PJ_NSTATUS] = {"planned", "ongoing", "piloting", "completed", "paused"};
const char *const PJ_MSTATUSES[PJ_NMSTATUS] = {"planned", "ongoing", "done", "cancelled"};
static const char *const STATUS_LABELS[PJ_NSTATUS] = {N_("Planned"), N_("Ongoing"), N_("Piloting"),
                                                      N_("Completed"), N_("Paused")};
static const char *const MSTATUS_LABELS[PJ_NMSTATUS] = {N_("Not started"), N_("Under way"), N_("Done"),
                                                        N_("Cancelled")};

int pj_lang_index(const char *lang)
{
    return strcmp(lang, "sv") == 0 ? 1 : strcmp(lang, "en") == 0 ? 2 : 0;
}

const char *pj_pick(const db_result *res, int row, int col_fi, const char *lang, bool *fell_back)
{
    int off = pj_lang_index(lang);
    const char *v = db_cell(res, row, col_fi + off);
    if (v && *v) return v;
    if (fell_back && off) {
        const char *fi = db_cell(res, row, col_fi);
        if (fi && *fi) *fell_back = true;
    }
    v = db_cell(res, row, col_fi);
    return v ? v : "";
}

static int index_of(const char *const *list, int n, const char *s)
{
    for (int i = 0; s && i < n; i++)
        if (strcmp(list[i], s) == 0) return i;
    return -1;
}

bool pj_status_valid(const char *s) { return index_of(PJ_STATUSES, PJ_NSTATUS, s) >= 0; }
bool pj_mstatus_valid(const char *s) { return index_of(PJ_MSTATUSES, PJ_NMSTATUS, s) >= 0; }

const char *pj_status_label(request *r, const char *status)
{
    int i = index_of(PJ_STATUSES, PJ_NSTATUS, status);
    return i < 0 ? "" : tr(r->lang, STATUS_LABELS[i]);
}

const char *pj_mstatus_label(request *r, const char *status)
{
    int i = index_of(PJ_MSTATUSES, PJ_NMSTATUS, status);
    return i < 0 ? "" : tr(r->lang, MSTATUS_LABELS[i]);
}

const char *pj_kind_label(request *r, const char *kind)
{
    if (kind && strcmp(kind, "work_package") == 0) return tr(r->lang, "Work package");
    if (kind && strcmp(kind, "pilot") == 0) return tr(r->lang, "Pilot");
    return tr(r->lang, "Project");
}

const char *pj_date_display(request *r, const char *iso)
{
    long d = proj_date_days(iso);
    if (d < 0) return NULL;
    char out[32];
    proj_days_display(d, out, sizeof out);
    return arena_strdup(&r->a, out);
}

const char *pj_time_display(request *r, int64_t t)
{
    char out[32];
    proj_days_display(proj_unix_days(t), out, sizeof out);
    return arena_strdup(&r->a, out);
}

int64_t pj_parse_id(const char *s)
{
    if (!s || !*s) return 0;
    char *end;
    long long v = strtoll(s, &end, 10);
    if (*end || v <= 0 || s[0] == '+' || s[0] == ' ') return 0;
    return (int64_t)v;
}

int pj_load_by_id(request *r, int64_t id, db_result *out)
{
    db_param p[] = {DB_INT(id)};
    if (db_query(r->db, &r->a, out, "SELECT " PJ_COLS " FROM projects p WHERE p.id = $1", 1, p) < 0) return -1;
    return out->nrows > 0;
}

int pj_load_public(request *r, const char *slug, db_result *out)
{
    db_param p[] = {DB_TEXT(slug)};
    if (db_query(r->db, &r->a, out,
                 "SELECT " PJ_COLS " FROM projects p LEFT JOIN projects pp ON pp.id = p.parent_id "
                 "WHERE p.slug = $1 AND p.published = 1 AND (p.parent_id IS NULL OR pp.published = 1)", 1, p) < 0)
        return -1;
    return out->nrows > 0;
}

int pj_progress_of(request *r, int64_t project_id, int *done, int *counted, int *rc)
{
    db_result res;
    db_param p[] = {DB_INT(project_id)};
    *rc = db_query(r->db, &r->a, &res,
                   "SELECT CAST(COUNT(*) AS INTEGER), "
                   "CAST(COALESCE(SUM(CASE WHEN status = 'done' THEN 1 ELSE 0 END), 0) AS INTEGER), "
                   "CAST(COALESCE(SUM(CASE WHEN status = 'cancelled' THEN 1 ELSE 0 END), 0) AS INTEGER) "
                   "FROM project_milestones WHERE project_id = $1", 1, p);
    if (*rc < 0) return -1;
    int total = (int)db_cell_int(&res, 0, 0), cancelled = (int)db_cell_int(&res, 0, 2);
    *done = (int)db_cell_int(&res, 0, 1);
    *counted = total - cancelled;
    return proj_progress(*done, total, cancelled);
}

json_t *pj_options(const char *const *values, const char *const *labels, int n, const char *selected)
{
    json_t *arr = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(arr, json_pack("{s:s, s:s, s:b}", "value", values[i], "label", labels[i], "selected",
                                             selected && strcmp(selected, values[i]) == 0));
    return arr;
}

/* Rows of a query as JSON objects keyed by column name (text or null). */
static json_t *rows_json(const db_result *res, const char *const *names)
{
    json_t *arr = json_array();
    for (int i = 0; i < res->nrows; i++) {
        json_t *o = json_object();
        for (int c = 0; c < res->ncols; c++) {
            const char *v = db_cell(res, i, c);
            json_object_set_new(o, names[c], v ? json_string(v) : json_null());
        }
        json_array_append_new(arr, o);
    }
    return arr;
}

json_t *pj_snapshot_project(request *r, int64_t id)
{
    static const char *const pcols[] = {"id", "parent_id", "kind", "slug", "title_fi", "title_sv", "title_en",
                                        "summary_fi", "summary_sv", "summary_en", "body_fi", "body_sv", "body_en",
                                        "status", "start_date", "end_date", "published", "created_at", "updated_at"};
    static const char *const mcols[] = {"title_fi", "title_sv", "title_en", "due_date", "status"};
    static const char *const ccols[] = {"name", "title_fi", "title_sv", "title_en", "organisation", "email"};
    static const char *const lcols[] = {"url", "label_fi", "label_sv", "label_en"};
    static const char *const codecol[] = {"code"};
    db_result res;
    db_param p[] = {DB_INT(id)};
    if (pj_load_by_id(r, id, &res) <= 0) return NULL;
    json_t *rows = rows_json(&res, pcols);
    json_t *snap = json_pack("{s:O}", "project", json_array_get(rows, 0));
    json_decref(rows);
    struct {
        const char *key, *sql;
        const char *const *cols;
    } parts[] = {
        {"themes", "SELECT t.code FROM project_themes pt JOIN themes t ON t.id = pt.theme_id "
                   "WHERE pt.project_id = $1 ORDER BY t.code", codecol},
        {"municipalities", "SELECT m.code FROM project_municipalities pm JOIN municipalities m "
                           "ON m.id = pm.municipality_id WHERE pm.project_id = $1 ORDER BY m.code", codecol},
        {"milestones", "SELECT title_fi, title_sv, title_en, due_date, status FROM project_milestones "
                       "WHERE project_id = $1 ORDER BY due_date, id", mcols},
        {"contacts", "SELECT name, title_fi, title_sv, title_en, organisation, email FROM project_contacts "
                     "WHERE project_id = $1 ORDER BY id", ccols},
        {"links", "SELECT url, label_fi, label_sv, label_en FROM project_links WHERE project_id = $1 ORDER BY id",
         lcols},
    };
    for (size_t i = 0; i < sizeof parts / sizeof *parts; i++) {
        if (db_query(r->db, &r->a, &res, parts[i].sql, 1, p) < 0) {
            json_decref(snap);
            return NULL;
        }
        json_object_set_new(snap, parts[i].key, rows_json(&res, parts[i].cols));
    }
    return snap;
}

json_t *pj_snapshot_update(request *r, int64_t id)
{
    static const char *const cols[] = {"id", "project_id", "title_fi", "title_sv", "title_en", "body_fi",
                                       "body_sv", "body_en", "published", "published_at"};
    db_result res;
    db_param p[] = {DB_INT(id)};
    if (db_query(r->db, &r->a, &res,
                 "SELECT id, project_id, title_fi, title_sv, title_en, body_fi, body_sv, body_en, published, "
                 "published_at FROM project_updates WHERE id = $1", 1, p) < 0 || res.nrows == 0)
        return NULL;
    json_t *rows = rows_json(&res, cols);
    json_t *snap = json_pack("{s:O}", "update", json_array_get(rows, 0));
    json_decref(rows);
    return snap;
}

int pj_record(request *r, int64_t project_id, const char *entity, int64_t entity_id, const char *action)
{
    json_t *snap = strcmp(entity, "update") == 0 ? pj_snapshot_update(r, entity_id) : pj_snapshot_project(r, entity_id);
    if (!snap) return -1;
    char *text = json_dumps(snap, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(snap);
    if (!text) return -1;
    db_param p[] = {DB_INT(project_id), DB_TEXT(entity), DB_INT(entity_id), DB_TEXT(action), DB_TEXT(text),
                    r->user ? DB_INT(r->user->id) : DB_NULL, DB_INT(r->now)};
    int rc = db_exec(r->db, "INSERT INTO project_revisions(project_id, entity, entity_id, action, snapshot, "
                            "author_user_id, created_at) VALUES($1, $2, $3, $4, $5, $6, $7)", 7, p);
    json_text_free(text);
    if (rc < 0) return -1;
    return projects_reindex(r->db, &r->a, project_id);
}

/* ---- the search index ---- */

/* SQLite keeps a root's rows in one rowid range so they can be replaced
 * without scanning the whole FTS table. */

/* Markdown emphasis, heading and code marks removed in place, so search
 * snippets read as plain text. */
static char *md_plain(arena *a, const char *s)
{
    char *out = arena_strdup(a, s ? s : ""), *o = out;
    for (const char *p = out; *p; p++)
        if (*p != '*' && *p != '#' && *p != '`') *o++ = *p;
    *o = '\0';
    return out;
}

static int index_doc(db *d, arena *a, int64_t root, int64_t *seq, int64_t project_id, int64_t update_id,
                     const char *lang, const char *title, const char *body)
{
    if (!title || !*title) return 0;
    body = md_plain(a, body);
    if (db_kind_of(d) == DB_SQLITE) {
        if (*seq >= PJ_SEARCH_ROWS_PER_ROOT) return 0;
        db_param p[] = {DB_INT(root * PJ_SEARCH_ROWS_PER_ROOT + (*seq)++), DB_TEXT(title), DB_TEXT(body ? body : ""),
                        DB_INT(root), DB_INT(project_id), update_id ? DB_INT(update_id) : DB_NULL, DB_TEXT(lang)};
        return db_exec(d, "INSERT INTO project_search(rowid, title, body, root_id, project_id, update_id, lang) "
                          "VALUES($1, $2, $3, $4, $5, $6, $7)", 7, p);
    }
    db_param p[] = {DB_TEXT(title), DB_TEXT(body ? body : ""), DB_INT(root), DB_INT(project_id),
                    update_id ? DB_INT(update_id) : DB_NULL, DB_TEXT(lang)};
    return db_exec(d, "INSERT INTO project_search(title, body, root_id, project_id, update_id, lang) "
                      "VALUES($1, $2, $3, $4, $5, $6)", 6, p);
}

int projects_reindex(db *d, arena *a, int64_t project_id)
{
    static const char *const langs[3] = {"fi", "sv", "en"};
    db_result res;
    db_param p[] = {DB_INT(project_id)};
    if (db_query(d, a, &res, "SELECT COALESCE(p.parent_id, p.id) FROM projects p WHERE p.id = $1", 1, p) < 0)
        return -1;
    if (res.nrows == 0) return 0;
    int64_t root = db_cell_int(&res, 0, 0);
    int rc;
    if (db_kind_of(d) == DB_SQLITE) {
        db_param q[] = {DB_INT(root * PJ_SEARCH_ROWS_PER_ROOT), DB_INT((root + 1) * PJ_SEARCH_ROWS_PER_ROOT)};
        rc = db_exec(d, "DELETE FROM project_search WHERE rowid >= $1 AND rowid < $2", 2, q);
    } else {
        db_param q[] = {DB_INT(root)};
        rc = db_exec(d, "DELETE FROM project_search WHERE root_id = $1", 1, q);
    }
    if (rc < 0) return -1;
    /* the root when published, then its published children (each query by index) */
    static const char *const cols = "SELECT p.id, p.title_fi, p.title_sv, p.title_en, p.summary_fi, p.summary_sv, "
                                    "p.summary_en, p.body_fi, p.body_sv, p.body_en FROM projects p ";
    db_param q[] = {DB_INT(root)};
    db_result kids, upd;
    if (db_query(d, a, &res, arena_printf(a, "%sWHERE p.id = $1 AND p.published = 1", cols), 1, q) < 0) return -1;
    if (res.nrows == 0) return 0;
    if (db_query(d, a, &kids, arena_printf(a, "%sWHERE p.parent_id = $1 AND p.published = 1 ORDER BY p.id", cols), 1,
                 q) < 0)
        return -1;
    int64_t seq = 0;
    for (int k = 0; k <= kids.nrows; k++) {
        const db_result *pr = k == 0 ? &res : &kids;
        int i = k == 0 ? 0 : k - 1;
        int64_t pid = db_cell_int(pr, i, 0);
        for (int l = 0; l < 3; l++) {
            char *body = arena_printf(a, "%s\n%s", db_cell(pr, i, 4 + l), db_cell(pr, i, 7 + l));
            if (index_doc(d, a, root, &seq, pid, 0, langs[l], db_cell(pr, i, 1 + l), body) < 0) return -1;
        }
        db_param u[] = {DB_INT(pid)};
        if (db_query(d, a, &upd, "SELECT u.id, u.title_fi, u.title_sv, u.title_en, u.body_fi, u.body_sv, u.body_en "
                     "FROM project_updates u WHERE u.project_id = $1 AND u.published = 1 ORDER BY u.id", 1, u) < 0)
            return -1;
        for (int j = 0; j < upd.nrows; j++)
            for (int l = 0; l < 3; l++)
                if (index_doc(d, a, root, &seq, pid, db_cell_int(&upd, j, 0), langs[l], db_cell(&upd, j, 1 + l),
                              db_cell(&upd, j, 4 + l)) < 0)
                    return -1;
    }
    return 0;
}

void pj_respond(request *r, int status, const char *template_name, json_t *ctx)
{
    view_flag_arrays(ctx);
    respond_page(r, status, template_name, ctx);
}
