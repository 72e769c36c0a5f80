/* Parts of a project edited on its staff page: milestones (add, change
 * date and status, remove), contact persons and related links (add,
 * remove). Each change is a revision of the project. */
#include "staff.h"
#include "../view/i18n.h"
#include <string.h>

const fspec PJ_MS_FIELDS[] = {
    {"title_fi", N_("Milestone in Finnish"), "text", 1, 200},
    {"title_sv", N_("Milestone in Swedish"), "text", 0, 200},
    {"title_en", N_("Milestone in English"), "text", 0, 200},
    {"due_date", N_("Date"), "date", 1, 10},
};
const int PJ_NMS_FIELDS = 4;
const fspec PJ_CT_FIELDS[] = {
    {"name", N_("Name"), "text", 1, 200},
    {"title_fi", N_("Job title in Finnish"), "text", 0, 200},
    {"title_sv", N_("Job title in Swedish"), "text", 0, 200},
    {"title_en", N_("Job title in English"), "text", 0, 200},
    {"organisation", N_("Organisation"), "text", 0, 200},
    {"email", N_("E-mail address"), "email", 0, 200},
};
const int PJ_NCT_FIELDS = 6;
const fspec PJ_LN_FIELDS[] = {
    {"url", N_("Address (https://...)"), "url", 1, 1000},
    {"label_fi", N_("Link text in Finnish"), "text", 1, 200},
    {"label_sv", N_("Link text in Swedish"), "text", 0, 200},
    {"label_en", N_("Link text in English"), "text", 0, 200},
};
const int PJ_NLN_FIELDS = 4;

/* Reads a part form: values into vals (prefix + name), errors for missing
 * required and too long values. Returns true when valid. */
static bool read_part(request *r, const char *prefix, const fspec *specs, int n, const char **v, json_t *vals,
                      json_t *errs)
{
    bool ok = true;
    for (int i = 0; i < n; i++) {
        const char *name = arena_printf(&r->a, "%s%s", prefix, specs[i].name);
        const char *x = req_form(r, name);
        v[i] = x ? x : "";
        json_object_set_new(vals, name, json_string(v[i]));
        if (specs[i].required && !*v[i]) {
            json_object_set_new(errs, name, json_string(tr(r->lang, "This field is required.")));
            ok = false;
        } else if (strlen(v[i]) > specs[i].max) {
            json_object_set_new(errs, name, json_string(tr(r->lang, "The text is too long.")));
            ok = false;
        }
    }
    return ok;
}

/* 404 unless the project exists; returns 1 found, 0 answered, -1 db error. */
static int need_project(request *r, int64_t *id)
{
    *id = pj_staff_id(r);
    db_result pr;
    int found = *id ? pj_load_by_id(r, *id, &pr) : 0;
    if (found == 0) respond_error(r, 404, NULL);
    return found;
}

static int redirect_edit(request *r, int64_t id, const char *anchor)
{
    respond_redirect(r, 303, req_url(r, arena_printf(&r->a, "/staff/projects/%lld/edit?done=saved#%s", (long long)id,
                                                     anchor)));
    return 0;
}

/* Runs one change and its revision in a transaction. */
static int change(request *r, int64_t id, const char *sql, int n, const db_param *p, const char *action)
{
    db_param t[] = {DB_INT(id), DB_INT(r->now)};
    if (db_begin(r->db) < 0) return -1;
    if (db_exec(r->db, sql, n, p) < 0 || db_exec(r->db, "UPDATE projects SET updated_at = $2 WHERE id = $1", 2, t) < 0 ||
        pj_record(r, id, "project", id, action) < 0 || db_commit(r->db) < 0) {
        db_rollback(r->db);
        return -1;
    }
    return 0;
}

int staff_milestone_add(request *r)
{
    int64_t id;
    int found = need_project(r, &id);
    if (found <= 0) return found;
    const char *v[4];
    json_t *vals = json_object(), *errs = json_object();
    bool ok = read_part(r, "ms_", PJ_MS_FIELDS, PJ_NMS_FIELDS, v, vals, errs);
    if (*v[3] && proj_date_days(v[3]) < 0) {
        json_object_set_new(errs, "ms_due_date",
                            json_string(tr(r->lang, "Enter the date as YYYY-MM-DD, for example 2026-03-31.")));
        ok = false;
    }
    const char *st = req_form(r, "ms_status");
    json_object_set_new(vals, "ms_status", json_string(st ? st : ""));
    if (!pj_mstatus_valid(st)) {
        st = "planned";
        json_object_set_new(errs, "ms_status", json_string(tr(r->lang, "Choose a status from the list.")));
        ok = false;
    }
    if (!ok) {
        json_t *extra = json_pack("{s:o, s:o}", "values", vals, "errors", errs);
        if (json_object_get(errs, "ms_status"))
            json_object_set_new(extra, "row_errors", json_pack("[{s:s, s:s}]", "field_id", "f-ms_status", "message",
                json_string_value(json_object_get(errs, "ms_status"))));
        return pj_render_edit(r, 400, id, NULL, false, extra);
    }
    json_decref(vals);
    json_decref(errs);
    db_param p[] = {DB_INT(id), DB_TEXT(v[0]), DB_TEXT(v[1]), DB_TEXT(v[2]), DB_TEXT(v[3]), DB_TEXT(st)};
    if (change(r, id, "INSERT INTO project_milestones(project_id, title_fi, title_sv, title_en, due_date, status) "
                      "VALUES($1, $2, $3, $4, $5, $6)", 6, p, "milestone_added") < 0)
        return -1;
    return redirect_edit(r, id, "milestones");
}

/* The {mid} (or other) part id belonging to project id; 0 when not found. */
static int64_t part_id(request *r, const char *param, const char *table, int64_t id, int *rc)
{
    int64_t pid = pj_parse_id(req_param(r, param));
    *rc = 0;
    if (!pid) return 0;
    db_result res;
    db_param p[] = {DB_INT(pid), DB_INT(id)};
    *rc = db_query(r->db, &r->a, &res, arena_printf(&r->a, "SELECT 1 FROM %s WHERE id = $1 AND project_id = $2", table),
                   2, p);
    return *rc == 0 && res.nrows ? pid : 0;
}

int staff_milestone_update(request *r)
{
    int64_t id;
    int found = need_project(r, &id), rc;
    if (found <= 0) return found;
    int64_t mid = part_id(r, "mid", "project_milestones", id, &rc);
    if (rc < 0) return -1;
    if (!mid) {
        respond_error(r, 404, NULL);
        return 0;
    }
    const char *st = req_form(r, "status"), *date = req_form(r, "due_date");
    json_t *rows = json_array();
    if (!pj_mstatus_valid(st))
        json_array_append_new(rows, json_pack("{s:s, s:s}", "field_id", arena_printf(&r->a, "ms-%lld-status", (long long)mid),
                                              "message", tr(r->lang, "Choose a status from the list.")));
    if (proj_date_days(date) < 0)
        json_array_append_new(rows, json_pack("{s:s, s:s}", "field_id", arena_printf(&r->a, "ms-%lld-date", (long long)mid),
                                              "message", tr(r->lang, "Enter the date as YYYY-MM-DD, for example 2026-03-31.")));
    if (json_array_size(rows) > 0) return pj_render_edit(r, 400, id, NULL, false, json_pack("{s:o}", "row_errors", rows));
    json_decref(rows);
    db_param p[] = {DB_INT(mid), DB_TEXT(st), DB_TEXT(date)};
    if (change(r, id, "UPDATE project_milestones SET status = $2, due_date = $3 WHERE id = $1", 3, p,
               "milestone_changed") < 0)
        return -1;
    return redirect_edit(r, id, "milestones");
}

static int delete_part(request *r, const char *param, const char *table, const char *action, const char *anchor)
{
    int64_t id;
    int found = need_project(r, &id), rc;
    if (found <= 0) return found;
    int64_t pid = part_id(r, param, table, id, &rc);
    if (rc < 0) return -1;
    if (!pid) {
        respond_error(r, 404, NULL);
        return 0;
    }
    db_param p[] = {DB_INT(pid)};
    if (change(r, id, arena_printf(&r->a, "DELETE FROM %s WHERE id = $1", table), 1, p, action) < 0) return -1;
    return redirect_edit(r, id, anchor);
}

int staff_milestone_delete(request *r)
{
    return delete_part(r, "mid", "project_milestones", "milestone_removed", "milestones");
}

int staff_contact_delete(request *r)
{
    return delete_part(r, "cid", "project_contacts", "contact_removed", "contacts");
}

int staff_link_delete(request *r) { return delete_part(r, "lid", "project_links", "link_removed", "links"); }

static bool email_ok(const char *s)
{
    const char *at = strchr(s, '@');
    if (!at || at == s || strchr(at + 1, '@') || !strchr(at + 1, '.') || at[1] == '.') return false;
    for (; *s; s++)
        if (*s == ' ' || *s == '<' || *s == '>' || *s == '"' || *s == ',') return false;
    return s[-1] != '.';
}

int staff_contact_add(request *r)
{
    int64_t id;
    int found = need_project(r, &id);
    if (found <= 0) return found;
    const char *v[6];
    json_t *vals = json_object(), *errs = json_object();
    bool ok = read_part(r, "ct_", PJ_CT_FIELDS, PJ_NCT_FIELDS, v, vals, errs);
    if (*v[5] && !email_ok(v[5]) && !json_object_get(errs, "ct_email")) {
        json_object_set_new(errs, "ct_email", json_string(tr(r->lang, "Enter an e-mail address like name@example.fi.")));
        ok = false;
    }
    if (!ok) return pj_render_edit(r, 400, id, NULL, false, json_pack("{s:o, s:o}", "values", vals, "errors", errs));
    json_decref(vals);
    json_decref(errs);
    db_param p[] = {DB_INT(id), DB_TEXT(v[0]), DB_TEXT(v[1]), DB_TEXT(v[2]), DB_TEXT(v[3]), DB_TEXT(v[4]), DB_TEXT(v[5])};
    if (change(r, id, "INSERT INTO project_contacts(project_id, name, title_fi, title_sv, title_en, organisation, email) "
                      "VALUES($1, $2, $3, $4, $5, $6, $7)", 7, p, "contact_added") < 0)
        return -1;
    return redirect_edit(r, id, "contacts");
}

int staff_link_add(request *r)
{
    int64_t id;
    int found = need_project(r, &id);
    if (found <= 0) return found;
    const char *v[4];
    json_t *vals = json_object(), *errs = json_object();
    bool ok = read_part(r, "ln_", PJ_LN_FIELDS, PJ_NLN_FIELDS, v, vals, errs);
    if (*v[0] && !json_object_get(errs, "ln_url") &&
        ((strncmp(v[0], "https://", 8) != 0 && strncmp(v[0], "http://", 7) != 0) || strchr(v[0], ' ') ||
         strlen(v[0]) < 11)) {
        json_object_set_new(errs, "ln_url", json_string(tr(r->lang, "Enter a web address that starts with https://.")));
        ok = false;
    }
    if (!ok) return pj_render_edit(r, 400, id, NULL, false, json_pack("{s:o, s:o}", "values", vals, "errors", errs));
    json_decref(vals);
    json_decref(errs);
    db_param p[] = {DB_INT(id), DB_TEXT(v[0]), DB_TEXT(v[1]), DB_TEXT(v[2]), DB_TEXT(v[3])};
    if (change(r, id, "INSERT INTO project_links(project_id, url, label_fi, label_sv, label_en) "
                      "VALUES($1, $2, $3, $4, $5)", 5, p, "link_added") < 0)
        return -1;
    return redirect_edit(r, id, "links");
}
