/* Revision history: /{lang}/staff/projects/{id}/revisions (every change with
 * its author and time), .../revisions/{rev} (what the snapshot holds) and
 * .../revisions/{rev}/restore (POST). Restoring brings back the texts,
 * status, dates, themes, municipalities, milestones, contacts and links (or
 * an update's texts) but not the publication state, and is itself a new
 * revision, so a restore can be undone. */
#include "staff.h"
#include "../view/i18n.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const struct {
    const char *code, *label;
} ACTIONS[] = {
    {"created", N_("Project created")},
    {"edited", N_("Edited")},
    {"published", N_("Published")},
    {"unpublished", N_("Unpublished")},
    {"milestone_added", N_("Milestone added")},
    {"milestone_changed", N_("Milestone changed")},
    {"milestone_removed", N_("Milestone removed")},
    {"contact_added", N_("Contact person added")},
    {"contact_removed", N_("Contact person removed")},
    {"link_added", N_("Link added")},
    {"link_removed", N_("Link removed")},
    {"update_created", N_("Update written")},
    {"update_edited", N_("Update edited")},
    {"update_published", N_("Update published")},
    {"update_unpublished", N_("Update unpublished")},
    {"restored", N_("Earlier revision restored")},
};

static const char *action_label(request *r, const char *code)
{
    for (size_t i = 0; i < sizeof ACTIONS / sizeof *ACTIONS; i++)
        if (strcmp(ACTIONS[i].code, code) == 0) return tr(r->lang, ACTIONS[i].label);
    return code;
}

static const char *time_display(request *r, int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    return arena_printf(&r->a, "%d.%d.%d %02d:%02d", tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
}

static int need_project(request *r, int64_t *id, db_result *pr)
{
    *id = pj_staff_id(r);
    int found = *id ? pj_load_by_id(r, *id, pr) : 0;
    if (found == 0) respond_error(r, 404, NULL);
    return found;
}

int staff_revisions_list(request *r)
{
    int64_t id;
    db_result pr, q;
    int found = need_project(r, &id, &pr);
    if (found <= 0) return found;
    db_param p[] = {DB_INT(id)};
    if (db_query(r->db, &r->a, &q, "SELECT v.id, v.entity, v.action, v.created_at, u.display_name, v.snapshot "
                 "FROM project_revisions v LEFT JOIN users u ON u.id = v.author_user_id "
                 "WHERE v.project_id = $1 ORDER BY v.id DESC LIMIT 500", 1, p) < 0)
        return -1;
    json_t *items = json_array();
    for (int i = 0; i < q.nrows; i++) {
        json_t *snap = json_loads(db_cell(&q, i, 5), 0, NULL);
        const char *what = json_string_value(json_object_get(json_object_get(snap, strcmp(db_cell(&q, i, 1), "update") == 0
                                                                                        ? "update" : "project"), "title_fi"));
        const char *rev = db_cell(&q, i, 0);
        json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id", rev, "action",
            action_label(r, db_cell(&q, i, 2)), "time", time_display(r, db_cell_int(&q, i, 3)), "author",
            db_cell(&q, i, 4) ? db_cell(&q, i, 4) : "–", "what", arena_strdup(&r->a, what ? what : ""), "view_url",
            req_url(r, arena_printf(&r->a, "/staff/projects/%lld/revisions/%s", (long long)id, rev)), "restore_action",
            req_url(r, arena_printf(&r->a, "/staff/projects/%lld/revisions/%s/restore", (long long)id, rev)),
            "restore_label", arena_printf(&r->a, "%s %s", tr(r->lang, "Restore revision"), rev)));
        json_decref(snap);
    }
    json_t *ctx = json_pack("{s:s, s:o, s:s}", "title",
                            arena_printf(&r->a, "%s: %s", tr(r->lang, "Revision history"), db_cell(&pr, 0, PJ_TITLE)),
                            "items", items, "edit_url",
                            req_url(r, arena_printf(&r->a, "/staff/projects/%lld/edit", (long long)id)));
    pj_respond(r, 200, "projects/revisions", ctx);
    return 0;
}

/* The revision {rev} of project id with its parsed snapshot: 1, 0 (answered 404), -1. */
static int load_revision(request *r, int64_t id, db_result *q, json_t **snap)
{
    int64_t rev = pj_parse_id(req_param(r, "rev"));
    db_param p[] = {DB_INT(rev), DB_INT(id)};
    *snap = NULL;
    if (rev && db_query(r->db, &r->a, q, "SELECT v.id, v.entity, v.entity_id, v.action, v.created_at, u.display_name, "
                        "v.snapshot FROM project_revisions v LEFT JOIN users u ON u.id = v.author_user_id "
                        "WHERE v.id = $1 AND v.project_id = $2", 2, p) < 0)
        return -1;
    if (rev) *snap = q->nrows ? json_loads(db_cell(q, 0, 6), 0, NULL) : NULL;
    if (!*snap) {
        respond_error(r, 404, NULL);
        return 0;
    }
    return 1;
}

int staff_revision_show(request *r)
{
    int64_t id;
    db_result pr, q;
    json_t *snap;
    int found = need_project(r, &id, &pr);
    if (found <= 0) return found;
    if ((found = load_revision(r, id, &q, &snap)) <= 0) return found;
    bool is_update = strcmp(db_cell(&q, 0, 1), "update") == 0;
    json_t *e = json_object_get(snap, is_update ? "update" : "project");
    json_t *fields = json_array();
    static const char *const keys[] = {"title_fi", "title_sv", "title_en", "summary_fi", "summary_sv", "summary_en",
                                       "body_fi", "body_sv", "body_en", "status", "start_date", "end_date"};
    static const char *const labels[] = {N_("Title in Finnish"), N_("Title in Swedish"), N_("Title in English"),
                                         N_("Summary in Finnish"), N_("Summary in Swedish"), N_("Summary in English"),
                                         N_("Description in Finnish"), N_("Description in Swedish"),
                                         N_("Description in English"), N_("Status"), N_("Start date"), N_("End date")};
    static const char *const ukeys[] = {"title_fi", "title_sv", "title_en", "body_fi", "body_sv", "body_en"};
    static const char *const ulabels[] = {N_("Title in Finnish"), N_("Title in Swedish"), N_("Title in English"),
                                          N_("Text in Finnish"), N_("Text in Swedish"), N_("Text in English")};
    size_t n = is_update ? 6 : 12;
    for (size_t i = 0; i < n; i++) {
        const char *v = json_string_value(json_object_get(e, is_update ? ukeys[i] : keys[i]));
        if (!is_update && i == 9) v = pj_status_label(r, v);
        json_array_append_new(fields, json_pack("{s:s, s:s}", "label", tr(r->lang, is_update ? ulabels[i] : labels[i]),
                                                "value", v && *v ? v : "–"));
    }
    json_t *ms = json_array();
    size_t k;
    json_t *m;
    json_array_foreach(json_object_get(snap, "milestones"), k, m)
        json_array_append_new(ms, json_pack("{s:s, s:s, s:s}", "title", json_string_value(json_object_get(m, "title_fi")),
            "date", json_string_value(json_object_get(m, "due_date")), "status",
            pj_mstatus_label(r, json_string_value(json_object_get(m, "status")))));
    json_t *list = json_array();
    json_array_foreach(json_object_get(snap, "contacts"), k, m)
        json_array_append_new(list, json_pack("{s:s}", "text", json_string_value(json_object_get(m, "name"))));
    json_array_foreach(json_object_get(snap, "links"), k, m)
        json_array_append_new(list, json_pack("{s:s}", "text", json_string_value(json_object_get(m, "url"))));
    const char *rev = db_cell(&q, 0, 0);
    json_t *ctx = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:s, s:s}", "title",
        arena_printf(&r->a, "%s %s", tr(r->lang, "Revision"), rev), "action", action_label(r, db_cell(&q, 0, 3)),
        "time", time_display(r, db_cell_int(&q, 0, 4)), "author", db_cell(&q, 0, 5) ? db_cell(&q, 0, 5) : "–",
        "fields", fields, "milestones", ms, "others", list, "restore_action",
        req_url(r, arena_printf(&r->a, "/staff/projects/%lld/revisions/%s/restore", (long long)id, rev)), "list_url",
        req_url(r, arena_printf(&r->a, "/staff/projects/%lld/revisions", (long long)id)));
    json_decref(snap);
    pj_respond(r, 200, "projects/revision", ctx);
    return 0;
}

static const char *jstr(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

static db_param jtext_or_null(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? DB_TEXT(s) : DB_NULL;
}

static int restore_project(request *r, int64_t id, json_t *snap)
{
    json_t *p = json_object_get(snap, "project");
    db_param u[] = {DB_INT(id), DB_TEXT(jstr(p, "title_fi")), DB_TEXT(jstr(p, "title_sv")), DB_TEXT(jstr(p, "title_en")),
                    DB_TEXT(jstr(p, "summary_fi")), DB_TEXT(jstr(p, "summary_sv")), DB_TEXT(jstr(p, "summary_en")),
                    DB_TEXT(jstr(p, "body_fi")), DB_TEXT(jstr(p, "body_sv")), DB_TEXT(jstr(p, "body_en")),
                    DB_TEXT(pj_status_valid(jstr(p, "status")) ? jstr(p, "status") : "planned"),
                    jtext_or_null(p, "start_date"), jtext_or_null(p, "end_date"), DB_INT(r->now)};
    if (!*jstr(p, "title_fi")) return -1;
    db_param q[] = {DB_INT(id)};
    if (db_exec(r->db, "UPDATE projects SET title_fi = $2, title_sv = $3, title_en = $4, summary_fi = $5, "
                       "summary_sv = $6, summary_en = $7, body_fi = $8, body_sv = $9, body_en = $10, status = $11, "
                       "start_date = $12, end_date = $13, updated_at = $14 WHERE id = $1", 14, u) < 0 ||
        db_exec(r->db, "DELETE FROM project_themes WHERE project_id = $1", 1, q) < 0 ||
        db_exec(r->db, "DELETE FROM project_municipalities WHERE project_id = $1", 1, q) < 0 ||
        db_exec(r->db, "DELETE FROM project_milestones WHERE project_id = $1", 1, q) < 0 ||
        db_exec(r->db, "DELETE FROM project_contacts WHERE project_id = $1", 1, q) < 0 ||
        db_exec(r->db, "DELETE FROM project_links WHERE project_id = $1", 1, q) < 0)
        return -1;
    size_t k;
    json_t *e;
    json_array_foreach(json_object_get(snap, "themes"), k, e) {
        db_param x[] = {DB_INT(id), DB_TEXT(jstr(e, "code"))};
        if (db_exec(r->db, "INSERT INTO project_themes(project_id, theme_id) SELECT $1, id FROM themes WHERE code = $2",
                    2, x) < 0)
            return -1;
    }
    json_array_foreach(json_object_get(snap, "municipalities"), k, e) {
        db_param x[] = {DB_INT(id), DB_TEXT(jstr(e, "code"))};
        if (db_exec(r->db, "INSERT INTO project_municipalities(project_id, municipality_id) "
                           "SELECT $1, id FROM municipalities WHERE code = $2", 2, x) < 0)
            return -1;
    }
    json_array_foreach(json_object_get(snap, "milestones"), k, e) {
        const char *st = jstr(e, "status");
        db_param x[] = {DB_INT(id), DB_TEXT(jstr(e, "title_fi")), DB_TEXT(jstr(e, "title_sv")),
                        DB_TEXT(jstr(e, "title_en")), DB_TEXT(jstr(e, "due_date")),
                        DB_TEXT(pj_mstatus_valid(st) ? st : "planned")};
        if (db_exec(r->db, "INSERT INTO project_milestones(project_id, title_fi, title_sv, title_en, due_date, status) "
                           "VALUES($1, $2, $3, $4, $5, $6)", 6, x) < 0)
            return -1;
    }
    json_array_foreach(json_object_get(snap, "contacts"), k, e) {
        db_param x[] = {DB_INT(id), DB_TEXT(jstr(e, "name")), DB_TEXT(jstr(e, "title_fi")), DB_TEXT(jstr(e, "title_sv")),
                        DB_TEXT(jstr(e, "title_en")), DB_TEXT(jstr(e, "organisation")), DB_TEXT(jstr(e, "email"))};
        if (db_exec(r->db, "INSERT INTO project_contacts(project_id, name, title_fi, title_sv, title_en, organisation, "
                           "email) VALUES($1, $2, $3, $4, $5, $6, $7)", 7, x) < 0)
            return -1;
    }
    json_array_foreach(json_object_get(snap, "links"), k, e) {
        db_param x[] = {DB_INT(id), DB_TEXT(jstr(e, "url")), DB_TEXT(jstr(e, "label_fi")), DB_TEXT(jstr(e, "label_sv")),
                        DB_TEXT(jstr(e, "label_en"))};
        if (db_exec(r->db, "INSERT INTO project_links(project_id, url, label_fi, label_sv, label_en) "
                           "VALUES($1, $2, $3, $4, $5)", 5, x) < 0)
            return -1;
    }
    return pj_record(r, id, "project", id, "restored");
}

static int restore_update(request *r, int64_t id, int64_t uid, json_t *snap)
{
    json_t *u = json_object_get(snap, "update");
    if (!*jstr(u, "title_fi")) return -1;
    db_param p[] = {DB_INT(uid), DB_TEXT(jstr(u, "title_fi")), DB_TEXT(jstr(u, "title_sv")), DB_TEXT(jstr(u, "title_en")),
                    DB_TEXT(jstr(u, "body_fi")), DB_TEXT(jstr(u, "body_sv")), DB_TEXT(jstr(u, "body_en")),
                    DB_INT(r->now), DB_INT(id)};
    db_result res;
    if (db_query(r->db, &r->a, &res, "UPDATE project_updates SET title_fi = $2, title_sv = $3, title_en = $4, "
                 "body_fi = $5, body_sv = $6, body_en = $7, updated_at = $8 WHERE id = $1 AND project_id = $9", 9, p) < 0)
        return -1;
    if (res.changes == 0) return 1;   /* the update is gone */
    return pj_record(r, id, "update", uid, "restored");
}

int staff_revision_restore(request *r)
{
    int64_t id;
    db_result pr, q;
    json_t *snap;
    int found = need_project(r, &id, &pr);
    if (found <= 0) return found;
    if ((found = load_revision(r, id, &q, &snap)) <= 0) return found;
    bool is_update = strcmp(db_cell(&q, 0, 1), "update") == 0;
    if (db_begin(r->db) < 0) {
        json_decref(snap);
        return -1;
    }
    int rc = is_update ? restore_update(r, id, db_cell_int(&q, 0, 2), snap) : restore_project(r, id, snap);
    json_decref(snap);
    if (rc != 0) {
        db_rollback(r->db);
        if (rc > 0) {
            respond_error(r, 404, tr(r->lang, "The update of this revision has been removed."));
            return 0;
        }
        return -1;
    }
    if (db_commit(r->db) < 0) {
        db_rollback(r->db);
        return -1;
    }
    respond_redirect(r, 303, req_url(r, arena_printf(&r->a, "/staff/projects/%lld/edit?done=restored", (long long)id)));
    return 0;
}
