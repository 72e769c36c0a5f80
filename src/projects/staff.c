/* Staff editing of projects, work packages and pilots:
 * /{lang}/staff/projects (all, drafts included), .../new, .../{id}/edit
 * (with a preview button), .../{id}/publish and .../{id}/unpublish.
 * Milestones, contacts and links are in parts.c. Every change is kept as a
 * revision (pj_record). */
#include "internal.h"
#include "staff.h"
#include "../http/formview.h"
#include "../view/i18n.h"
#include "../view/view.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const fspec MAIN[] = {
    {"title_fi", N_("Title in Finnish"), "text", 1, 200},
    {"title_sv", N_("Title in Swedish"), "text", 0, 200},
    {"title_en", N_("Title in English"), "text", 0, 200},
    {"summary_fi", N_("Summary in Finnish"), "textarea", 0, 1000},
    {"summary_sv", N_("Summary in Swedish"), "textarea", 0, 1000},
    {"summary_en", N_("Summary in English"), "textarea", 0, 1000},
    {"body_fi", N_("Description in Finnish"), "textarea", 0, 20000},
    {"body_sv", N_("Description in Swedish"), "textarea", 0, 20000},
    {"body_en", N_("Description in English"), "textarea", 0, 20000},
    {"start_date", N_("Start date"), "date", 0, 10},
    {"end_date", N_("End date"), "date", 0, 10},
};
#define NMAIN ((int)(sizeof MAIN / sizeof MAIN[0]))
enum { F_TITLE_FI, F_SUMMARY_FI = 3, F_BODY_FI = 6, F_START = 9, F_END = 10 };

/* What the form holds: the text fields, status, kind, themes and municipalities. */
typedef struct pform {
    const char *v[NMAIN];
    const char *err[NMAIN];
    const char *status, *kind, *err_status, *err_kind, *err_themes, *err_munis;
    const char *themes[16];
    int nthemes;
    const char *munis[32];
    int nmunis;
} pform;

static void form_multi(request *r, const char *name, const char **out, int max, int *n)
{
    *n = 0;
    for (size_t i = 0; i < r->form.count && *n < max; i++)
        if (strcmp(r->form.fields[i].name, name) == 0) out[(*n)++] = r->form.fields[i].value;
}

static bool in_list(const char *const *list, int n, const char *s)
{
    for (int i = 0; i < n; i++)
        if (strcmp(list[i], s) == 0) return true;
    return false;
}

/* Reads and checks the posted form. Returns true when it is valid. */
static bool pform_read(request *r, pform *f, bool child, const db_result *themes, const db_result *munis)
{
    memset(f, 0, sizeof *f);
    bool ok = true;
    for (int i = 0; i < NMAIN; i++) {
        const char *v = req_form(r, MAIN[i].name);
        f->v[i] = v ? v : "";
        if (strlen(f->v[i]) > MAIN[i].max) {
            f->err[i] = MAIN[i].max <= 200 ? tr(r->lang, "The title must be at most 200 characters long.")
                                           : tr(r->lang, "The text is too long.");
            ok = false;
        }
    }
    if (!*f->v[F_TITLE_FI]) f->err[F_TITLE_FI] = tr(r->lang, "Enter a title in Finnish."), ok = false;
    long sd = -1, ed = -1;
    if (*f->v[F_START] && (sd = proj_date_days(f->v[F_START])) < 0)
        f->err[F_START] = tr(r->lang, "Enter the date as YYYY-MM-DD, for example 2026-03-31."), ok = false;
    if (*f->v[F_END] && (ed = proj_date_days(f->v[F_END])) < 0)
        f->err[F_END] = tr(r->lang, "Enter the date as YYYY-MM-DD, for example 2026-03-31."), ok = false;
    if (sd >= 0 && ed >= 0 && ed < sd)
        f->err[F_END] = tr(r->lang, "The end date cannot be before the start date."), ok = false;
    f->status = req_form(r, "status");
    if (!pj_status_valid(f->status)) f->err_status = tr(r->lang, "Choose a status from the list."), ok = false;
    f->kind = req_form(r, "kind");
    if (child && (!f->kind || (strcmp(f->kind, "work_package") && strcmp(f->kind, "pilot"))))
        f->err_kind = tr(r->lang, "Choose whether this is a work package or a pilot."), ok = false;
    form_multi(r, "theme", f->themes, 16, &f->nthemes);
    for (int i = 0; i < f->nthemes; i++) {
        bool found = false;
        for (int k = 0; k < themes->nrows && !found; k++) found = strcmp(db_cell(themes, k, 0), f->themes[i]) == 0;
        if (!found) f->err_themes = tr(r->lang, "Choose themes from the list."), ok = false;
    }
    form_multi(r, "municipality", f->munis, 32, &f->nmunis);
    for (int i = 0; i < f->nmunis; i++) {
        bool found = false;
        for (int k = 0; k < munis->nrows && !found; k++) found = strcmp(db_cell(munis, k, 0), f->munis[i]) == 0;
        if (!found) f->err_munis = tr(r->lang, "Choose municipalities from the list."), ok = false;
    }
    return ok;
}

/* The form's values from a stored project. */
static int pform_load(request *r, pform *f, const db_result *p)
{
    memset(f, 0, sizeof *f);
    for (int i = 0; i < 9; i++) f->v[i] = db_cell(p, 0, PJ_TITLE + i);
    f->v[F_START] = db_cell(p, 0, PJ_START) ? db_cell(p, 0, PJ_START) : "";
    f->v[F_END] = db_cell(p, 0, PJ_END) ? db_cell(p, 0, PJ_END) : "";
    f->status = db_cell(p, 0, PJ_STATUS);
    f->kind = db_cell(p, 0, PJ_KIND);
    db_result res;
    db_param q[] = {DB_INT(db_cell_int(p, 0, PJ_ID))};
    if (db_query(r->db, &r->a, &res, "SELECT t.code FROM project_themes pt JOIN themes t ON t.id = pt.theme_id "
                                     "WHERE pt.project_id = $1", 1, q) < 0)
        return -1;
    for (int i = 0; i < res.nrows && i < 16; i++) f->themes[f->nthemes++] = db_cell(&res, i, 0);
    if (db_query(r->db, &r->a, &res, "SELECT m.code FROM project_municipalities pm JOIN municipalities m "
                                     "ON m.id = pm.municipality_id WHERE pm.project_id = $1", 1, q) < 0)
        return -1;
    for (int i = 0; i < res.nrows && i < 32; i++) f->munis[f->nmunis++] = db_cell(&res, i, 0);
    return 0;
}

static json_t *checkbox_group(request *r, const char *name, const char *legend, const db_result *rows, int name_col_fi,
                              int nlangs, const char *const *checked, int nchecked, const char *error)
{
    int li = pj_lang_index(r->lang);
    if (li >= nlangs) li = 0;
    json_t *items = json_array();
    for (int i = 0; i < rows->nrows; i++) {
        const char *code = db_cell(rows, i, 0);
        json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s, s:b}", "id",
                                               arena_printf(&r->a, "f-%s-%s", name, code), "name", name, "value", code,
                                               "label", db_cell(rows, i, name_col_fi + li), "checked",
                                               in_list(checked, nchecked, code)));
    }
    json_t *g = json_pack("{s:s, s:s, s:o}", "id", arena_printf(&r->a, "f-%s", name), "legend", legend, "items", items);
    if (error) json_object_set_new(g, "error", json_string(error));
    return g;
}

int pj_reference_rows(request *r, db_result *themes, db_result *munis)
{
    int li = pj_lang_index(r->lang);
    static const char *const tsql[3] = {
        "SELECT code, name_fi, name_sv, name_en FROM themes ORDER BY name_fi",
        "SELECT code, name_fi, name_sv, name_en FROM themes ORDER BY name_sv",
        "SELECT code, name_fi, name_sv, name_en FROM themes ORDER BY name_en"};
    if (db_query(r->db, &r->a, themes, tsql[li], 0, NULL) < 0) return -1;
    return db_query(r->db, &r->a, munis, li == 1 ? "SELECT code, name_fi, name_sv FROM municipalities ORDER BY name_sv"
                                                 : "SELECT code, name_fi, name_sv FROM municipalities ORDER BY name_fi",
                    0, NULL);
}

/* Adds the project form to ctx: fields, selects, checkbox groups, errors. */
static void attach_form(request *r, json_t *ctx, const pform *f, bool child, const db_result *themes,
                        const db_result *munis)
{
    formview fv;
    formview_init(&fv);
    for (int i = 0; i < NMAIN; i++)
        formview_field(&fv, MAIN[i].name, tr(r->lang, MAIN[i].label), MAIN[i].type, f->v[i], f->err[i], "off",
                       i == F_BODY_FI ? tr(r->lang, "Markdown: *italic*, **bold**, lists with -, links as <https://...>.")
                       : i == F_START ? tr(r->lang, "As YYYY-MM-DD, for example 2026-03-31.") : NULL,
                       MAIN[i].required);
    const char *labels[PJ_NSTATUS];
    for (int i = 0; i < PJ_NSTATUS; i++) labels[i] = pj_status_label(r, PJ_STATUSES[i]);
    json_t *selects = json_array();
    json_t *s = json_pack("{s:s, s:s, s:s, s:o}", "id", "f-status", "name", "status", "label", tr(r->lang, "Status"),
                          "options", pj_options(PJ_STATUSES, labels, PJ_NSTATUS, f->status ? f->status : "planned"));
    if (f->err_status) {
        json_object_set_new(s, "error", json_string(f->err_status));
        json_array_append_new(fv.errors, json_pack("{s:s, s:s}", "field_id", "f-status", "message", f->err_status));
    }
    json_array_append_new(selects, s);
    if (child) {
        static const char *const kinds[] = {"work_package", "pilot"};
        const char *klabels[] = {tr(r->lang, "Work package"), tr(r->lang, "Pilot")};
        s = json_pack("{s:s, s:s, s:s, s:o}", "id", "f-kind", "name", "kind", "label", tr(r->lang, "Type"), "options",
                      pj_options(kinds, klabels, 2, f->kind));
        if (f->err_kind) {
            json_object_set_new(s, "error", json_string(f->err_kind));
            json_array_append_new(fv.errors, json_pack("{s:s, s:s}", "field_id", "f-kind", "message", f->err_kind));
        }
        json_array_append_new(selects, s);
    }
    json_t *groups = json_array();
    json_array_append_new(groups, checkbox_group(r, "theme", tr(r->lang, "Themes"), themes, 1, 3, f->themes, f->nthemes,
                                                 f->err_themes));
    json_t *mg = checkbox_group(r, "municipality", tr(r->lang, "Municipalities"), munis, 1, 2, f->munis, f->nmunis,
                                f->err_munis);
    json_object_set_new(mg, "hint", json_string(tr(r->lang, "Leave all unchecked when the project concerns the whole county.")));
    json_array_append_new(groups, mg);
    if (f->err_themes)
        json_array_append_new(fv.errors, json_pack("{s:s, s:s}", "field_id", "f-theme", "message", f->err_themes));
    if (f->err_munis)
        json_array_append_new(fv.errors, json_pack("{s:s, s:s}", "field_id", "f-municipality", "message", f->err_munis));
    json_object_set_new(ctx, "selects", selects);
    json_object_set_new(ctx, "groups", groups);
    formview_attach(&fv, ctx);
}

static void attach_preview(request *r, json_t *ctx, const pform *f)
{
    int li = pj_lang_index(r->lang);
    const char *title = *f->v[F_TITLE_FI + li] ? f->v[F_TITLE_FI + li] : f->v[F_TITLE_FI];
    const char *summary = *f->v[F_SUMMARY_FI + li] ? f->v[F_SUMMARY_FI + li] : f->v[F_SUMMARY_FI];
    const char *body = *f->v[F_BODY_FI + li] ? f->v[F_BODY_FI + li] : f->v[F_BODY_FI];
    buf html = BUF_INIT;
    markdown_to_html(body, strlen(body), &html);
    json_object_set_new(ctx, "preview", json_pack("{s:s, s:s, s:s}", "title", title, "summary", summary, "body_html",
                                                  html.data ? html.data : ""));
    buf_free(&html);
}

static const char *staff_url(request *r, int64_t id, const char *rest)
{
    return req_url(r, arena_printf(&r->a, "/staff/projects/%lld%s", (long long)id, rest));
}

/* The parent of a new child from ?parent= or the form: 1 ok (or no parent), 0 invalid. */
static int parent_of_new(request *r, int64_t *parent)
{
    const char *ps = r->form.count ? req_form(r, "parent") : req_query(r, "parent");
    *parent = 0;
    if (!ps || !*ps) return 1;
    int64_t id = pj_parse_id(ps);
    if (!id) return 0;
    db_result res;
    int found = pj_load_by_id(r, id, &res);
    if (found <= 0) return found;
    if (db_cell(&res, 0, PJ_PARENT)) return 0;   /* one level only */
    *parent = id;
    return 1;
}

static int render_new(request *r, int status, int64_t parent, const pform *f, bool preview)
{
    db_result themes, munis;
    if (pj_reference_rows(r, &themes, &munis) < 0) return -1;
    pform empty;
    if (!f) {
        memset(&empty, 0, sizeof empty);
        for (int i = 0; i < NMAIN; i++) empty.v[i] = "";
        f = &empty;
    }
    json_t *ctx = json_pack("{s:s, s:s, s:s, s:s, s:b}", "title",
                            parent ? tr(r->lang, "New work package or pilot") : tr(r->lang, "New project"), "action",
                            req_url(r, "/staff/projects/new"), "save_label", tr(r->lang, "Save as draft"), "staff_url",
                            req_url(r, "/staff/projects"), "is_new", true);
    if (parent) json_object_set_new(ctx, "parent_id", json_integer((json_int_t)parent));
    attach_form(r, ctx, f, parent != 0, &themes, &munis);
    if (preview) attach_preview(r, ctx, f);
    pj_respond(r, status, "projects/staff_edit", ctx);
    return 0;
}

int staff_project_new_form(request *r)
{
    int64_t parent;
    int ok = parent_of_new(r, &parent);
    if (ok < 0) return -1;
    if (!ok) {
        respond_error(r, 404, NULL);
        return 0;
    }
    return render_new(r, 200, parent, NULL, false);
}

/* Replaces the themes and municipalities of a project with the form's. */
static int save_relations(request *r, int64_t id, const pform *f)
{
    db_param p[] = {DB_INT(id)};
    if (db_exec(r->db, "DELETE FROM project_themes WHERE project_id = $1", 1, p) < 0 ||
        db_exec(r->db, "DELETE FROM project_municipalities WHERE project_id = $1", 1, p) < 0)
        return -1;
    for (int i = 0; i < f->nthemes; i++) {
        db_param q[] = {DB_INT(id), DB_TEXT(f->themes[i])};
        if (db_exec(r->db, "INSERT INTO project_themes(project_id, theme_id) SELECT $1, id FROM themes WHERE code = $2 "
                           "ON CONFLICT DO NOTHING", 2, q) < 0)
            return -1;
    }
    for (int i = 0; i < f->nmunis; i++) {
        db_param q[] = {DB_INT(id), DB_TEXT(f->munis[i])};
        if (db_exec(r->db, "INSERT INTO project_municipalities(project_id, municipality_id) "
                           "SELECT $1, id FROM municipalities WHERE code = $2 ON CONFLICT DO NOTHING", 2, q) < 0)
            return -1;
    }
    return 0;
}

static const char *unique_slug(request *r, const char *title)
{
    char base[80];
    proj_slugify(title, base, sizeof base);
    for (int n = 1; n < 1000; n++) {
        const char *cand = n == 1 ? arena_strdup(&r->a, base) : arena_printf(&r->a, "%s-%d", base, n);
        db_result res;
        db_param p[] = {DB_TEXT(cand)};
        if (db_query(r->db, &r->a, &res, "SELECT 1 FROM projects WHERE slug = $1", 1, p) < 0) return NULL;
        if (res.nrows == 0) return cand;
    }
    return arena_printf(&r->a, "%s-%lld", base, (long long)r->now);
}

static bool wants_preview(request *r)
{
    const char *a = req_form(r, "action");
    return a && strcmp(a, "preview") == 0;
}

int staff_project_create(request *r)
{
    int64_t parent;
    int ok = parent_of_new(r, &parent);
    if (ok < 0) return -1;
    if (!ok) {
        respond_error(r, 400, tr(r->lang, "The project this was to be added to was not found."));
        return 0;
    }
    db_result themes, munis;
    if (pj_reference_rows(r, &themes, &munis) < 0) return -1;
    pform f;
    if (!pform_read(r, &f, parent != 0, &themes, &munis)) return render_new(r, 400, parent, &f, false);
    if (wants_preview(r)) return render_new(r, 200, parent, &f, true);
    const char *slug = unique_slug(r, f.v[F_TITLE_FI]);
    if (!slug) return -1;
    if (db_begin(r->db) < 0) return -1;
    db_result res;
    db_param p[] = {parent ? DB_INT(parent) : DB_NULL, DB_TEXT(parent ? f.kind : "project"), DB_TEXT(slug),
                    DB_TEXT(f.v[0]), DB_TEXT(f.v[1]), DB_TEXT(f.v[2]), DB_TEXT(f.v[3]), DB_TEXT(f.v[4]),
                    DB_TEXT(f.v[5]), DB_TEXT(f.v[6]), DB_TEXT(f.v[7]), DB_TEXT(f.v[8]), DB_TEXT(f.status),
                    *f.v[F_START] ? DB_TEXT(f.v[F_START]) : DB_NULL, *f.v[F_END] ? DB_TEXT(f.v[F_END]) : DB_NULL,
                    DB_INT(r->now)};
    if (db_query(r->db, &r->a, &res,
                 "INSERT INTO projects(parent_id, kind, slug, title_fi, title_sv, title_en, summary_fi, summary_sv, "
                 "summary_en, body_fi, body_sv, body_en, status, start_date, end_date, published, created_at, updated_at) "
                 "VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 0, $16, $16) RETURNING id",
                 16, p) < 0)
        goto fail;
    int64_t id = db_cell_int(&res, 0, 0);
    if (save_relations(r, id, &f) < 0 || pj_record(r, id, "project", id, "created") < 0 || db_commit(r->db) < 0)
        goto fail;
    respond_redirect(r, 303, staff_url(r, id, "/edit?done=saved"));
    return 0;
fail:
    db_rollback(r->db);
    return -1;
}

/* ---- the edit page ---- */

static json_t *ms_status_options(request *r, const char *selected)
{
    const char *labels[PJ_NMSTATUS];
    for (int i = 0; i < PJ_NMSTATUS; i++) labels[i] = pj_mstatus_label(r, PJ_MSTATUSES[i]);
    return pj_options(PJ_MSTATUSES, labels, PJ_NMSTATUS, selected);
}

/* extra may carry "ms_values"/"ct_values"/"ln_values" (objects of posted
 * values), "ms_errors"/"ct_errors"/"ln_errors" (objects name -> message) and
 * "row_errors" (array of {field_id, message}) from a failed part form. */
int pj_render_edit(request *r, int status, int64_t id, const pform *fin, bool preview, json_t *extra)
{
    db_result pr;
    int found = pj_load_by_id(r, id, &pr);
    if (found < 0) return -1;
    if (!found) {
        json_decref(extra);
        respond_error(r, 404, NULL);
        return 0;
    }
    db_result themes, munis;
    if (pj_reference_rows(r, &themes, &munis) < 0) return -1;
    pform loaded;
    if (!fin) {
        if (pform_load(r, &loaded, &pr) < 0) return -1;
        fin = &loaded;
    }
    bool child = db_cell(&pr, 0, PJ_PARENT) != NULL;
    bool published = db_cell_int(&pr, 0, PJ_PUBLISHED) == 1;
    json_t *ctx = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "title",
                            arena_printf(&r->a, "%s: %s", tr(r->lang, "Edit"), db_cell(&pr, 0, PJ_TITLE)), "action",
                            staff_url(r, id, "/edit"), "save_label", tr(r->lang, "Save"), "staff_url",
                            req_url(r, "/staff/projects"), "revisions_url", staff_url(r, id, "/revisions"), "state",
                            published ? tr(r->lang, "Published") : tr(r->lang, "Draft, not public"));
    if (published)
        json_object_set_new(ctx, "public_url", json_string(req_url(r, arena_printf(&r->a, "/projects/%s",
                                                                                    db_cell(&pr, 0, PJ_SLUG)))));
    json_object_set_new(ctx, "publish_action", json_string(staff_url(r, id, published ? "/unpublish" : "/publish")));
    json_object_set_new(ctx, "publish_label", json_string(published ? tr(r->lang, "Unpublish") : tr(r->lang, "Publish")));
    const char *done = req_query(r, "done");
    if (done && status == 200) {
        const char *msg = strcmp(done, "saved") == 0       ? tr(r->lang, "Saved.")
                          : strcmp(done, "published") == 0 ? tr(r->lang, "Published: the page is now public.")
                          : strcmp(done, "unpublished") == 0 ? tr(r->lang, "Unpublished: the page is no longer public.")
                          : strcmp(done, "restored") == 0  ? tr(r->lang, "The revision was restored.")
                                                           : NULL;
        if (msg) json_object_set_new(ctx, "notice", json_string(msg));
    }
    attach_form(r, ctx, fin, child, &themes, &munis);
    if (preview) attach_preview(r, ctx, fin);

    /* milestones, contacts, links, children, updates */
    json_t *parts = json_object();
    json_t *errors = json_object_get(ctx, "errors");
    db_result q;
    db_param p[] = {DB_INT(id)};
    if (db_query(r->db, &r->a, &q, "SELECT id, title_fi, due_date, status FROM project_milestones "
                 "WHERE project_id = $1 ORDER BY due_date, id", 1, p) < 0)
        goto fail;
    json_t *arr = json_array();
    for (int i = 0; i < q.nrows; i++) {
        const char *mid = db_cell(&q, i, 0), *d = pj_date_display(r, db_cell(&q, i, 2));
        json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s, s:o, s:s, s:s, s:s}", "id", mid, "title",
            db_cell(&q, i, 1), "date", d ? d : "", "iso_date", db_cell(&q, i, 2), "options",
            ms_status_options(r, db_cell(&q, i, 3)), "update_action",
            staff_url(r, id, arena_printf(&r->a, "/milestones/%s", mid)), "delete_action",
            staff_url(r, id, arena_printf(&r->a, "/milestones/%s/delete", mid)), "delete_label",
            arena_printf(&r->a, "%s: %s", tr(r->lang, "Remove milestone"), db_cell(&q, i, 1))));
    }
    json_object_set_new(parts, "milestones", arr);
    json_object_set_new(parts, "milestone_action", json_string(staff_url(r, id, "/milestones")));
    json_object_set_new(parts, "contact_action", json_string(staff_url(r, id, "/contacts")));
    json_object_set_new(parts, "link_action", json_string(staff_url(r, id, "/links")));
    json_object_set_new(parts, "new_update_url", json_string(staff_url(r, id, "/updates/new")));

    json_t *ev = extra ? json_object_get(extra, "values") : NULL, *ee = extra ? json_object_get(extra, "errors") : NULL;
    struct {
        const char *key, *prefix;
        const fspec *specs;
        int n;
    } subs[] = {{"ms_fields", "ms_", PJ_MS_FIELDS, PJ_NMS_FIELDS},
                {"ct_fields", "ct_", PJ_CT_FIELDS, PJ_NCT_FIELDS},
                {"ln_fields", "ln_", PJ_LN_FIELDS, PJ_NLN_FIELDS}};
    for (size_t s = 0; s < sizeof subs / sizeof *subs; s++) {
        formview fv;
        formview_init(&fv);
        for (int i = 0; i < subs[s].n; i++) {
            const char *name = arena_printf(&r->a, "%s%s", subs[s].prefix, subs[s].specs[i].name);
            formview_field(&fv, name, tr(r->lang, subs[s].specs[i].label), subs[s].specs[i].type,
                           json_string_value(json_object_get(ev, name)), json_string_value(json_object_get(ee, name)),
                           "off", NULL, subs[s].specs[i].required);
        }
        size_t k;
        json_t *e;
        json_array_foreach(fv.errors, k, e) json_array_append(errors, e);
        json_object_set_new(parts, subs[s].key, fv.fields);
        json_decref(fv.errors);
    }
    const char *ms_sel = json_string_value(json_object_get(ev, "ms_status"));
    json_t *mss = json_pack("{s:s, s:s, s:s, s:o}", "id", "f-ms_status", "name", "ms_status", "label",
                            tr(r->lang, "Status"), "options", ms_status_options(r, ms_sel ? ms_sel : "planned"));
    json_object_set_new(parts, "ms_select", mss);
    json_t *rowerr = extra ? json_object_get(extra, "row_errors") : NULL;
    if (rowerr) json_array_extend(errors, rowerr);
    json_object_set_new(ctx, "has_errors", json_boolean(json_array_size(errors) > 0));

    if (db_query(r->db, &r->a, &q, "SELECT id, name, title_fi, organisation, email FROM project_contacts "
                 "WHERE project_id = $1 ORDER BY id", 1, p) < 0)
        goto fail;
    arr = json_array();
    for (int i = 0; i < q.nrows; i++)
        json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "name", db_cell(&q, i, 1), "title",
            db_cell(&q, i, 2), "organisation", db_cell(&q, i, 3), "email", db_cell(&q, i, 4), "delete_action",
            staff_url(r, id, arena_printf(&r->a, "/contacts/%s/delete", db_cell(&q, i, 0))), "delete_label",
            arena_printf(&r->a, "%s: %s", tr(r->lang, "Remove contact person"), db_cell(&q, i, 1))));
    json_object_set_new(parts, "contacts", arr);
    if (db_query(r->db, &r->a, &q, "SELECT id, url, label_fi FROM project_links WHERE project_id = $1 ORDER BY id", 1,
                 p) < 0)
        goto fail;
    arr = json_array();
    for (int i = 0; i < q.nrows; i++)
        json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s}", "url", db_cell(&q, i, 1), "label",
            db_cell(&q, i, 2), "delete_action",
            staff_url(r, id, arena_printf(&r->a, "/links/%s/delete", db_cell(&q, i, 0))), "delete_label",
            arena_printf(&r->a, "%s: %s", tr(r->lang, "Remove link"), db_cell(&q, i, 2))));
    json_object_set_new(parts, "links", arr);
    if (!child) {
        if (db_query(r->db, &r->a, &q, "SELECT id, title_fi, kind, published FROM projects WHERE parent_id = $1 "
                     "ORDER BY id", 1, p) < 0)
            goto fail;
        arr = json_array();
        for (int i = 0; i < q.nrows; i++)
            json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s}", "url",
                staff_url(r, db_cell_int(&q, i, 0), "/edit"), "title", db_cell(&q, i, 1), "kind",
                pj_kind_label(r, db_cell(&q, i, 2)), "state",
                db_cell_int(&q, i, 3) ? tr(r->lang, "Published") : tr(r->lang, "Draft, not public")));
        json_object_set_new(parts, "children", arr);
        json_object_set_new(parts, "new_child_url",
                            json_string(req_url(r, arena_printf(&r->a, "/staff/projects/new?parent=%lld", (long long)id))));
    }
    if (db_query(r->db, &r->a, &q, "SELECT id, title_fi, published FROM project_updates WHERE project_id = $1 "
                 "ORDER BY created_at DESC, id DESC", 1, p) < 0)
        goto fail;
    arr = json_array();
    for (int i = 0; i < q.nrows; i++)
        json_array_append_new(arr, json_pack("{s:s, s:s, s:s}", "url",
            staff_url(r, id, arena_printf(&r->a, "/updates/%s/edit", db_cell(&q, i, 0))), "title", db_cell(&q, i, 1),
            "state", db_cell_int(&q, i, 2) ? tr(r->lang, "Published") : tr(r->lang, "Draft, not public")));
    json_object_set_new(parts, "updates", arr);
    json_object_set_new(ctx, "parts", parts);
    json_decref(extra);
    pj_respond(r, status, "projects/staff_edit", ctx);
    return 0;
fail:
    json_decref(parts);
    json_decref(ctx);
    json_decref(extra);
    return -1;
}

int64_t pj_staff_id(request *r)
{
    return pj_parse_id(req_param(r, "id"));
}

int staff_project_edit_form(request *r)
{
    int64_t id = pj_staff_id(r);
    if (!id) {
        respond_error(r, 404, NULL);
        return 0;
    }
    return pj_render_edit(r, 200, id, NULL, false, NULL);
}

int staff_project_update(request *r)
{
    int64_t id = pj_staff_id(r);
    db_result pr;
    int found = id ? pj_load_by_id(r, id, &pr) : 0;
    if (found < 0) return -1;
    if (!found) {
        respond_error(r, 404, NULL);
        return 0;
    }
    bool child = db_cell(&pr, 0, PJ_PARENT) != NULL;
    db_result themes, munis;
    if (pj_reference_rows(r, &themes, &munis) < 0) return -1;
    pform f;
    if (!pform_read(r, &f, child, &themes, &munis)) return pj_render_edit(r, 400, id, &f, false, NULL);
    if (wants_preview(r)) return pj_render_edit(r, 200, id, &f, true, NULL);
    if (db_begin(r->db) < 0) return -1;
    db_param p[] = {DB_INT(id), DB_TEXT(child ? f.kind : "project"), DB_TEXT(f.v[0]), DB_TEXT(f.v[1]),
                    DB_TEXT(f.v[2]), DB_TEXT(f.v[3]), DB_TEXT(f.v[4]), DB_TEXT(f.v[5]), DB_TEXT(f.v[6]),
                    DB_TEXT(f.v[7]), DB_TEXT(f.v[8]), DB_TEXT(f.status),
                    *f.v[F_START] ? DB_TEXT(f.v[F_START]) : DB_NULL, *f.v[F_END] ? DB_TEXT(f.v[F_END]) : DB_NULL,
                    DB_INT(r->now)};
    if (db_exec(r->db, "UPDATE projects SET kind = $2, title_fi = $3, title_sv = $4, title_en = $5, summary_fi = $6, "
                       "summary_sv = $7, summary_en = $8, body_fi = $9, body_sv = $10, body_en = $11, status = $12, "
                       "start_date = $13, end_date = $14, updated_at = $15 WHERE id = $1", 15, p) < 0 ||
        save_relations(r, id, &f) < 0 || pj_record(r, id, "project", id, "edited") < 0 || db_commit(r->db) < 0) {
        db_rollback(r->db);
        return -1;
    }
    respond_redirect(r, 303, staff_url(r, id, "/edit?done=saved"));
    return 0;
}

static int set_published(request *r, int value)
{
    int64_t id = pj_staff_id(r);
    db_result pr;
    int found = id ? pj_load_by_id(r, id, &pr) : 0;
    if (found < 0) return -1;
    if (!found) {
        respond_error(r, 404, NULL);
        return 0;
    }
    db_param p[] = {DB_INT(id), DB_INT(value), DB_INT(r->now)};
    if (db_begin(r->db) < 0) return -1;
    if (db_exec(r->db, "UPDATE projects SET published = $2, updated_at = $3 WHERE id = $1", 3, p) < 0 ||
        pj_record(r, id, "project", id, value ? "published" : "unpublished") < 0 || db_commit(r->db) < 0) {
        db_rollback(r->db);
        return -1;
    }
    respond_redirect(r, 303, staff_url(r, id, value ? "/edit?done=published" : "/edit?done=unpublished"));
    return 0;
}

int staff_project_publish(request *r) { return set_published(r, 1); }
int staff_project_unpublish(request *r) { return set_published(r, 0); }

int staff_projects_list(request *r)
{
    db_result q;
    if (db_query(r->db, &r->a, &q, "SELECT p.id, p.parent_id, p.kind, p.title_fi, p.status, p.published, p.updated_at "
                 "FROM projects p ORDER BY COALESCE(p.parent_id, p.id) DESC, "
                 "CASE WHEN p.parent_id IS NULL THEN 0 ELSE 1 END, p.id LIMIT 500", 0, NULL) < 0)
        return -1;
    json_t *items = json_array();
    for (int i = 0; i < q.nrows; i++)
        json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "edit_url",
            staff_url(r, db_cell_int(&q, i, 0), "/edit"), "title", db_cell(&q, i, 3), "kind",
            pj_kind_label(r, db_cell(&q, i, 2)), "status", pj_status_label(r, db_cell(&q, i, 4)), "state",
            db_cell_int(&q, i, 5) ? tr(r->lang, "Published") : tr(r->lang, "Draft, not public"), "updated",
            pj_time_display(r, db_cell_int(&q, i, 6)), "is_child", db_cell(&q, i, 1) != NULL));
    json_t *ctx = json_pack("{s:s, s:o, s:b, s:s, s:s}", "title", tr(r->lang, "Manage projects"), "items", items, "empty",
                            q.nrows == 0, "new_url", req_url(r, "/staff/projects/new"), "public_url",
                            req_url(r, "/projects"));
    pj_respond(r, 200, "projects/staff_list", ctx);
    return 0;
}
