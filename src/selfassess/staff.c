/* Staff manage the self-assessment questionnaires: import FHIR R4
 * Questionnaire resources as new versions, preview a version exactly as
 * residents see it (nothing stored), publish one, tie the questionnaire to
 * a directory service and set its place in the list, and export a version
 * back as FHIR JSON. Every change is in the audit log with who and when. */
#include "selfassess.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../audit/audit.h"
#include "../comments/comments.h"
#include "../util/json_alloc.h"
#include "../view/i18n.h"

#define SA_PASTE_MAX (5 * 1024 * 1024)

static const char *name_col(request *r)
{
    return strcmp(r->lang, "sv") == 0 ? "sv" : strcmp(r->lang, "en") == 0 ? "en" : "fi";
}

/* Title of a version in the page's language, falling back to Finnish, then the name. */
static const char *version_title(request *r, db_result *res, int row, int col_fi)
{
    int k = strcmp(r->lang, "sv") == 0 ? 1 : strcmp(r->lang, "en") == 0 ? 2 : 0;
    const char *t = db_cell(res, row, col_fi + k);
    if (!t || !*t) t = db_cell(res, row, col_fi);
    if (!t || !*t) t = db_cell(res, row, col_fi + 3);
    return t ? t : "";
}

static const char *status_label(request *r, const char *s)
{
    if (strcmp(s, "draft") == 0) return tr(r->lang, "Draft");
    if (strcmp(s, "active") == 0) return tr(r->lang, "Active");
    if (strcmp(s, "retired") == 0) return tr(r->lang, "Retired");
    return s;
}

/* Every questionnaire (or the one named slug) with its versions, for the page. */
static json_t *questionnaires_json(request *r, const char *slug, int *count)
{
    db_result q;
    const char *lc = name_col(r);
    const char *sql = arena_printf(&r->a,
                                   "SELECT q.id, q.slug, q.service_id, q.sort_order, q.published_version_id, "
                                   "COALESCE(NULLIF(s.name_%s, ''), s.name_fi) FROM questionnaires q "
                                   "LEFT JOIN services s ON s.id = q.service_id %s ORDER BY q.sort_order, q.id",
                                   lc, slug ? "WHERE q.slug = $1" : "");
    db_param p[] = {DB_TEXT(slug)};
    if (db_query(r->db, &r->a, &q, sql, slug ? 1 : 0, p) < 0) return NULL;
    db_result v;
    if (db_query(r->db, &r->a, &v,
                 "SELECT v.questionnaire_id, v.version, v.status, v.created_at, "
                 "COALESCE(NULLIF(u.display_name, ''), u.email), v.fhir_version, v.id, v.title_fi, v.title_sv, "
                 "v.title_en, v.name, v.url FROM questionnaire_versions v LEFT JOIN users u ON u.id = v.created_by "
                 "ORDER BY v.questionnaire_id, v.version DESC", 0, NULL) < 0)
        return NULL;
    json_t *list = json_array();
    for (int i = 0; i < q.nrows; i++) {
        int64_t qid = db_cell_int(&q, i, 0);
        const char *qslug = db_cell(&q, i, 1);
        int64_t published = db_cell(&q, i, 4) ? db_cell_int(&q, i, 4) : 0;
        const char *base = arena_printf(&r->a, "/staff/self-assessment/%s", qslug);
        json_t *versions = json_array();
        const char *title = NULL, *url = NULL;
        int published_number = 0;
        for (int k = 0; k < v.nrows; k++) {
            if (db_cell_int(&v, k, 0) != qid) continue;
            int n = (int)db_cell_int(&v, k, 1);
            bool is_pub = db_cell_int(&v, k, 6) == published;
            if (is_pub) published_number = n;
            if (!title) title = version_title(r, &v, k, 7), url = db_cell(&v, k, 11);
            const char *by = db_cell(&v, k, 4);
            json_t *o = json_pack("{s:i, s:s, s:s, s:s, s:s, s:b, s:s, s:s, s:s, s:s}", "number", n, "status",
                                  db_cell(&v, k, 2), "status_label", status_label(r, db_cell(&v, k, 2)), "imported_at",
                                  comments_format_time(r, db_cell_int(&v, k, 3)), "imported_by",
                                  by ? by : tr(r->lang, "the system"), "published", is_pub, "title",
                                  version_title(r, &v, k, 7), "preview_url",
                                  req_url(r, arena_printf(&r->a, "%s/versions/%d/preview", base, n)), "export_url",
                                  req_url(r, arena_printf(&r->a, "%s/versions/%d.json", base, n)), "publish_url",
                                  req_url(r, arena_printf(&r->a, "%s/versions/%d/publish", base, n)));
            const char *fv = db_cell(&v, k, 5);
            if (fv && *fv) json_object_set_new(o, "fhir_version", json_string(fv));
            json_array_append_new(versions, o);
        }
        json_t *o = json_pack("{s:s, s:s, s:s, s:o, s:i, s:s, s:s}", "slug", qslug, "title", title ? title : qslug,
                              "url", req_url(r, base), "versions", versions, "sort_order",
                              (int)db_cell_int(&q, i, 3), "service_action",
                              req_url(r, arena_printf(&r->a, "%s/service", base)), "canonical", url ? url : "");
        if (db_cell(&q, i, 5)) json_object_set_new(o, "service", json_string(db_cell(&q, i, 5)));
        if (published_number) {
            json_object_set_new(o, "published_number", json_integer(published_number));
            json_object_set_new(o, "resident_url", json_string(req_url(r, arena_printf(&r->a, "/self-assessment/%s", qslug))));
        }
        json_object_set_new(o, "service_id", json_integer(db_cell(&q, i, 2) ? db_cell_int(&q, i, 2) : 0));
        json_array_append_new(list, o);
    }
    *count = q.nrows;
    return list;
}

/* The directory's services for the select, with the current one selected. */
static json_t *service_options(request *r, int64_t selected)
{
    db_result s;
    const char *lc = name_col(r);
    if (db_query(r->db, &r->a, &s,
                 arena_printf(&r->a, "SELECT id, COALESCE(NULLIF(name_%s, ''), name_fi) AS n FROM services ORDER BY n, id", lc),
                 0, NULL) < 0)
        return NULL;
    json_t *opts = json_array();
    json_array_append_new(opts, json_pack("{s:s, s:s, s:b}", "value", "", "label", tr(r->lang, "No service"), "selected",
                                          selected == 0));
    for (int i = 0; i < s.nrows; i++)
        json_array_append_new(opts, json_pack("{s:s, s:s, s:b}", "value", db_cell(&s, i, 0), "label", db_cell(&s, i, 1),
                                              "selected", db_cell_int(&s, i, 0) == selected));
    return opts;
}

/* The list page, or one questionnaire's page when slug is given. import: the
 * refused import's pasted text and issues, to show again. */
static int render(request *r, int status, const char *slug, const char *pasted, json_t *issues, const char *import_error,
                  const char *notice)
{
    int count = 0;
    json_t *list = questionnaires_json(r, slug, &count);
    if (!list) {
        json_decref(issues);
        return -1;
    }
    if (slug && count == 0) {
        json_decref(list);
        json_decref(issues);
        respond_error(r, 404, NULL);
        return 0;
    }
    size_t k;
    json_t *q;
    json_array_foreach(list, k, q) {
        json_t *opts = service_options(r, json_integer_value(json_object_get(q, "service_id")));
        if (!opts) {
            json_decref(list);
            json_decref(issues);
            return -1;
        }
        json_object_set_new(q, "service_options", opts);
        json_object_set_new(q, "id_prefix", json_string(arena_printf(&r->a, "q%zu", k)));
    }
    const char *title = slug ? json_string_value(json_object_get(json_array_get(list, 0), "title"))
                             : tr(r->lang, "Self-assessment questionnaires");
    json_t *ctx = json_pack("{s:s, s:o, s:b, s:b, s:s, s:s, s:s}", "title", title, "questionnaires", list, "single",
                            slug != NULL, "empty", count == 0, "import_action", req_url(r, "/staff/self-assessment/import"),
                            "list_url", req_url(r, "/staff/self-assessment"), "reports_url",
                            req_url(r, "/staff/self-assessment/reports"));
    if (pasted) json_object_set_new(ctx, "pasted", json_string(pasted));
    if (issues) {
        json_object_set_new(ctx, "has_issues", json_boolean(json_array_size(issues) > 0));
        json_object_set_new(ctx, "issues", issues);
    }
    if (import_error) {
        json_object_set_new(ctx, "import_error", json_string(import_error));
        json_object_set_new(ctx, "errors", json_pack("[{s:s, s:s}]", "field_id", "import-json", "message", import_error));
        json_object_set_new(ctx, "has_errors", json_true());
    }
    if (notice) json_object_set_new(ctx, "notice", json_string(notice));
    respond_page(r, status, "selfassess/staff_list", ctx);
    return 0;
}

int sa_staff_list(request *r) { return render(r, 200, NULL, NULL, NULL, NULL, NULL); }

int sa_staff_show(request *r)
{
    const char *notice = NULL, *done = req_query(r, "done");
    if (done && strcmp(done, "imported") == 0) notice = tr(r->lang, "The questionnaire was imported as a new version.");
    else if (done && strcmp(done, "published") == 0) notice = tr(r->lang, "The version was published.");
    else if (done && strcmp(done, "saved") == 0) notice = tr(r->lang, "The changes were saved.");
    return render(r, 200, req_param(r, "slug"), NULL, NULL, NULL, notice);
}

/* POST .../import: a file upload (field "file") or pasted JSON (field "json"). */
int sa_staff_import(request *r)
{
    const form_field *f = form_get_field(&r->form, "file");
    const char *pasted = req_form(r, "json");
    const char *text = NULL;
    size_t len = 0;
    if (f && f->filename && f->len > 0) text = f->value, len = f->len;
    else if (pasted && pasted[strspn(pasted, " \t\r\n")]) text = pasted, len = strlen(pasted);
    const char *keep = pasted && strlen(pasted) <= SA_PASTE_MAX ? pasted : NULL;
    if (!text)
        return render(r, 400, NULL, keep, NULL, tr(r->lang, "Choose a JSON file or paste the Questionnaire as JSON."), NULL);
    if (!utf8_valid(text, len) || memchr(text, '\0', len))
        return render(r, 400, NULL, keep, NULL, tr(r->lang, "The file is not UTF-8 text."), NULL);
    /* not JSON at all: 400; JSON the engine cannot take: 422 with every issue */
    json_t *probe = q_json_load(text, len, NULL, 0);
    bool is_json = probe != NULL;
    json_decref(probe);
    sa_imported out;
    q_issues is = {0};
    int rc = sa_import(r->db, &r->a, text, len, NULL, r->user->id, r->now, &out, &is);
    if (rc < 0) return -1;
    if (rc == 1) {
        json_t *list = json_array();
        for (int i = 0; i < is.count; i++) {
            const q_issue *it = &is.list[i];
            json_t *o = json_pack("{s:s, s:s}", "severity", it->severity, "diagnostics",
                                  it->diagnostics ? it->diagnostics : "");
            if (it->link_id) json_object_set_new(o, "link_id", json_string(it->link_id));
            if (it->expression) json_object_set_new(o, "expression", json_string(it->expression));
            json_object_set_new(o, "code", json_string(it->code ? it->code : ""));
            json_array_append_new(list, o);
        }
        return render(r, is_json ? 422 : 400, NULL, keep, list,
                      is_json ? tr(r->lang, "The questionnaire was not imported: it uses features that are not supported.")
                              : tr(r->lang, "The questionnaire was not imported: the text is not JSON."),
                      NULL);
    }
    if (audit_record(r->db, r->now, r->user->id, "selfassess.import", 0,
                     arena_printf(&r->a, "questionnaire=%s version=%d", out.slug, out.version)) < 0)
        return -1;
    respond_redirect(r, 303, req_url(r, arena_printf(&r->a, "/staff/self-assessment/%s?done=imported", out.slug)));
    return 0;
}

/* The version {n} of {slug}: its id, or 0 after a 404 was answered, -1 on error. */
static int64_t find_version(request *r, int64_t *qid, int64_t *service_id)
{
    const char *n = req_param(r, "n");
    char *end;
    long num = n ? strtol(n, &end, 10) : 0;
    if (!n || *end || num < 1 || num > 1000000) {
        respond_error(r, 404, NULL);
        return 0;
    }
    db_result res;
    db_param p[] = {DB_TEXT(req_param(r, "slug")), DB_INT(num)};
    if (db_query(r->db, &r->a, &res,
                 "SELECT v.id, q.id, q.service_id FROM questionnaire_versions v JOIN questionnaires q "
                 "ON q.id = v.questionnaire_id WHERE q.slug = $1 AND v.version = $2", 2, p) < 0)
        return -1;
    if (res.nrows == 0) {
        respond_error(r, 404, NULL);
        return 0;
    }
    if (qid) *qid = db_cell_int(&res, 0, 1);
    if (service_id) *service_id = db_cell(&res, 0, 2) ? db_cell_int(&res, 0, 2) : 0;
    return db_cell_int(&res, 0, 0);
}

/* The preview runs the residents' own pages (flow.c) on this version. */
static int preview(request *r, bool post)
{
    int64_t service_id = 0;
    int64_t vid = find_version(r, NULL, &service_id);
    if (vid <= 0) return (int)vid;
    bool failed;
    const sa_version *v = sa_version_get(r->db, &r->a, vid, &failed);
    if (failed) return -1;
    if (!v) {
        respond_error(r, 404, NULL);
        return 0;
    }
    sa_flow f = {.v = v, .slug = req_param(r, "slug"), .service_id = service_id, .preview = true,
                 .action = req_url(r, arena_printf(&r->a, "/staff/self-assessment/%s/versions/%s/preview",
                                                   req_param(r, "slug"), req_param(r, "n")))};
    req_header(r, "Cache-Control", "no-store");
    return post ? sa_flow_submit(r, &f) : sa_flow_start(r, &f);
}

int sa_staff_preview(request *r) { return preview(r, false); }
int sa_staff_preview_post(request *r) { return preview(r, true); }

int sa_staff_publish(request *r)
{
    int64_t qid;
    int64_t vid = find_version(r, &qid, NULL);
    if (vid <= 0) return (int)vid;
    bool failed;
    if (!sa_version_get(r->db, &r->a, vid, &failed)) {
        if (failed) return -1;
        respond_error(r, 422, tr(r->lang, "This version can no longer be read, so it cannot be published."));
        return 0;
    }
    db_param p[] = {DB_INT(vid), DB_INT(r->now), DB_INT(qid)};
    if (db_exec(r->db, "UPDATE questionnaires SET published_version_id = $1, updated_at = $2 WHERE id = $3", 3, p) < 0)
        return -1;
    if (audit_record(r->db, r->now, r->user->id, "selfassess.publish", 0,
                     arena_printf(&r->a, "questionnaire=%s version=%s", req_param(r, "slug"), req_param(r, "n"))) < 0)
        return -1;
    respond_redirect(r, 303,
                     req_url(r, arena_printf(&r->a, "/staff/self-assessment/%s?done=published", req_param(r, "slug"))));
    return 0;
}

/* POST .../service: the directory service its outcomes lead to, and its place in the list. */
int sa_staff_service(request *r)
{
    const char *slug = req_param(r, "slug");
    const char *svc = req_form(r, "service_id"), *order = req_form(r, "sort_order");
    int64_t service_id = 0;
    long sort = 0;
    char *end;
    bool bad = false;
    if (svc && *svc) {
        service_id = strtoll(svc, &end, 10);
        bad |= *end || service_id <= 0;
    }
    if (order && *order) {
        sort = strtol(order, &end, 10);
        bad |= *end || sort < -100000 || sort > 100000;
    }
    if (!bad && service_id > 0) {
        db_param sp[] = {DB_INT(service_id)};
        db_result s;
        if (db_query(r->db, &r->a, &s, "SELECT 1 FROM services WHERE id = $1", 1, sp) < 0) return -1;
        bad = s.nrows == 0;
    }
    if (bad) return render(r, 400, slug, NULL, NULL, tr(r->lang, "Choose a service from the list and give the order as a whole number."), NULL);
    db_param p[] = {service_id > 0 ? DB_INT(service_id) : DB_NULL, DB_INT(sort), DB_INT(r->now), DB_TEXT(slug)};
    db_result res;
    if (db_query(r->db, &r->a, &res,
                 "UPDATE questionnaires SET service_id = $1, sort_order = $2, updated_at = $3 WHERE slug = $4", 4, p) < 0)
        return -1;
    if (res.changes == 0) {
        respond_error(r, 404, NULL);
        return 0;
    }
    if (audit_record(r->db, r->now, r->user->id, "selfassess.service", 0,
                     arena_printf(&r->a, "questionnaire=%s service=%lld order=%ld", slug, (long long)service_id, sort)) < 0)
        return -1;
    respond_redirect(r, 303, req_url(r, arena_printf(&r->a, "/staff/self-assessment/%s?done=saved", slug)));
    return 0;
}

/* GET .../versions/{n}.json: the stored resource, with the id and version
 * this server knows it by; nothing else is changed. */
int sa_staff_export(request *r)
{
    int64_t vid = find_version(r, NULL, NULL);
    if (vid <= 0) return (int)vid;
    db_result res;
    db_param p[] = {DB_INT(vid)};
    if (db_query(r->db, &r->a, &res, "SELECT resource, version, created_at FROM questionnaire_versions WHERE id = $1", 1,
                 p) < 0)
        return -1;
    const char *text = db_cell(&res, 0, 0);
    json_t *doc = q_json_load(text, strlen(text), NULL, 0);
    if (!json_is_object(doc)) {
        json_decref(doc);
        return -1;
    }
    json_object_set_new(doc, "id", json_string(req_param(r, "slug")));
    json_t *meta = json_object_get(doc, "meta");
    if (!json_is_object(meta)) {
        meta = json_object();
        json_object_set_new(doc, "meta", meta);
    }
    json_object_set_new(meta, "versionId", json_string(db_cell(&res, 0, 1)));
    char *out = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(doc);
    if (!out) return -1;
    req_header(r, "Content-Disposition",
               arena_printf(&r->a, "attachment; filename=\"%s-%s.json\"", req_param(r, "slug"), db_cell(&res, 0, 1)));
    respond_text(r, 200, "application/fhir+json; charset=utf-8", arena_strdup(&r->a, out));
    json_text_free(out);
    return 0;
}
