/* Staff writing updates on a project: /{lang}/staff/projects/{id}/updates/new
 * and .../updates/{uid}/edit (preview, save as draft, publish), plus
 * .../updates/{uid}/publish|unpublish. Residents read them on the project
 * page, in what's new and in the Atom feeds (feeds.c). */
#include "staff.h"
#include "../http/formview.h"
#include "../view/i18n.h"
#include "../view/view.h"
#include <string.h>

static const fspec UFIELDS[] = {
    {"title_fi", N_("Title in Finnish"), "text", 1, 200},
    {"title_sv", N_("Title in Swedish"), "text", 0, 200},
    {"title_en", N_("Title in English"), "text", 0, 200},
    {"body_fi", N_("Text in Finnish"), "textarea", 1, 20000},
    {"body_sv", N_("Text in Swedish"), "textarea", 0, 20000},
    {"body_en", N_("Text in English"), "textarea", 0, 20000},
};
#define NU 6

static int render(request *r, int status, int64_t id, int64_t uid, bool published, const char *const *v,
                  const char *const *err, bool preview)
{
    formview fv;
    formview_init(&fv);
    for (int i = 0; i < NU; i++)
        formview_field(&fv, UFIELDS[i].name, tr(r->lang, UFIELDS[i].label), UFIELDS[i].type, v ? v[i] : NULL,
                       err ? err[i] : NULL, "off",
                       i == 3 ? tr(r->lang, "Markdown: *italic*, **bold**, lists with -, links as <https://...>.") : NULL,
                       UFIELDS[i].required);
    const char *base = arena_printf(&r->a, "/staff/projects/%lld", (long long)id);
    json_t *ctx = json_pack("{s:s, s:s, s:s, s:b}", "title",
                            uid ? tr(r->lang, "Edit update") : tr(r->lang, "Write an update"), "action",
                            req_url(r, uid ? arena_printf(&r->a, "%s/updates/%lld/edit", base, (long long)uid)
                                           : arena_printf(&r->a, "%s/updates/new", base)),
                            "project_url", req_url(r, arena_printf(&r->a, "%s/edit", base)), "published", published);
    if (uid) {
        json_object_set_new(ctx, "state", json_string(published ? tr(r->lang, "Published") : tr(r->lang, "Draft, not public")));
        json_object_set_new(ctx, "publish_action", json_string(req_url(r, arena_printf(&r->a, "%s/updates/%lld/%s", base,
                                                               (long long)uid, published ? "unpublish" : "publish"))));
        json_object_set_new(ctx, "publish_label", json_string(published ? tr(r->lang, "Unpublish") : tr(r->lang, "Publish")));
    }
    const char *done = req_query(r, "done");
    if (done && status == 200 && !preview)
        json_object_set_new(ctx, "notice", json_string(strcmp(done, "published") == 0 ? tr(r->lang, "Published: the page is now public.")
                                                       : strcmp(done, "unpublished") == 0 ? tr(r->lang, "Unpublished: the page is no longer public.")
                                                       : tr(r->lang, "Saved.")));
    if (preview && v) {
        int li = pj_lang_index(r->lang);
        const char *t = *v[li] ? v[li] : v[0], *b = *v[3 + li] ? v[3 + li] : v[3];
        buf html = BUF_INIT;
        markdown_to_html(b, strlen(b), &html);
        json_object_set_new(ctx, "preview", json_pack("{s:s, s:s}", "title", t, "body_html", html.data ? html.data : ""));
        buf_free(&html);
    }
    formview_attach(&fv, ctx);
    pj_respond(r, status, "projects/update_form", ctx);
    return 0;
}

static int load_project(request *r, int64_t *id)
{
    *id = pj_staff_id(r);
    db_result pr;
    int found = *id ? pj_load_by_id(r, *id, &pr) : 0;
    if (found == 0) respond_error(r, 404, NULL);
    return found;
}

/* The update {uid} of project id: 1 found (fills res), 0 answered 404, -1 db error. */
static int load_update(request *r, int64_t id, int64_t *uid, db_result *res)
{
    *uid = pj_parse_id(req_param(r, "uid"));
    db_param p[] = {DB_INT(*uid), DB_INT(id)};
    if (!*uid) {
        respond_error(r, 404, NULL);
        return 0;
    }
    if (db_query(r->db, &r->a, res, "SELECT title_fi, title_sv, title_en, body_fi, body_sv, body_en, published "
                 "FROM project_updates WHERE id = $1 AND project_id = $2", 2, p) < 0)
        return -1;
    if (res->nrows == 0) {
        respond_error(r, 404, NULL);
        return 0;
    }
    return 1;
}

int staff_update_new_form(request *r)
{
    int64_t id;
    int found = load_project(r, &id);
    if (found <= 0) return found;
    return render(r, 200, id, 0, false, NULL, NULL, false);
}

static bool read_form(request *r, const char **v, const char **err)
{
    bool ok = true;
    for (int i = 0; i < NU; i++) {
        const char *x = req_form(r, UFIELDS[i].name);
        v[i] = x ? x : "";
        err[i] = NULL;
        if (strlen(v[i]) > UFIELDS[i].max) {
            err[i] = i < 3 ? tr(r->lang, "The title must be at most 200 characters long.")
                           : tr(r->lang, "The text must be at most 20,000 characters long.");
            ok = false;
        }
    }
    if (!*v[0]) err[0] = tr(r->lang, "Enter a title in Finnish."), ok = false;
    if (!*v[3]) err[3] = tr(r->lang, "Enter the text in Finnish."), ok = false;
    return ok;
}

static const char *form_action(request *r)
{
    const char *a = req_form(r, "action");
    return a ? a : "save";
}

int staff_update_create(request *r)
{
    int64_t id;
    int found = load_project(r, &id);
    if (found <= 0) return found;
    const char *v[NU], *err[NU];
    if (!read_form(r, v, err)) return render(r, 400, id, 0, false, v, err, false);
    const char *action = form_action(r);
    if (strcmp(action, "preview") == 0) return render(r, 200, id, 0, false, v, NULL, true);
    int pub = strcmp(action, "publish") == 0;
    db_result res;
    db_param p[] = {DB_INT(id), DB_TEXT(v[0]), DB_TEXT(v[1]), DB_TEXT(v[2]), DB_TEXT(v[3]), DB_TEXT(v[4]),
                    DB_TEXT(v[5]), DB_INT(pub), pub ? DB_INT(r->now) : DB_NULL, DB_INT(r->user->id), DB_INT(r->now)};
    if (db_begin(r->db) < 0) return -1;
    if (db_query(r->db, &r->a, &res, "INSERT INTO project_updates(project_id, title_fi, title_sv, title_en, body_fi, "
                 "body_sv, body_en, published, published_at, author_user_id, created_at, updated_at) "
                 "VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id", 11, p) < 0 ||
        pj_record(r, id, "update", db_cell_int(&res, 0, 0), pub ? "update_published" : "update_created") < 0 ||
        db_commit(r->db) < 0) {
        db_rollback(r->db);
        return -1;
    }
    respond_redirect(r, 303, req_url(r, arena_printf(&r->a, "/staff/projects/%lld/updates/%s/edit?done=%s",
                                                     (long long)id, db_cell(&res, 0, 0), pub ? "published" : "saved")));
    return 0;
}

int staff_update_edit_form(request *r)
{
    int64_t id, uid;
    db_result res;
    int found = load_project(r, &id);
    if (found <= 0) return found;
    if ((found = load_update(r, id, &uid, &res)) <= 0) return found;
    const char *v[NU];
    for (int i = 0; i < NU; i++) v[i] = db_cell(&res, 0, i);
    return render(r, 200, id, uid, db_cell_int(&res, 0, 6) == 1, v, NULL, false);
}

int staff_update_save(request *r)
{
    int64_t id, uid;
    db_result res;
    int found = load_project(r, &id);
    if (found <= 0) return found;
    if ((found = load_update(r, id, &uid, &res)) <= 0) return found;
    bool published = db_cell_int(&res, 0, 6) == 1;
    const char *v[NU], *err[NU];
    if (!read_form(r, v, err)) return render(r, 400, id, uid, published, v, err, false);
    if (strcmp(form_action(r), "preview") == 0) return render(r, 200, id, uid, published, v, NULL, true);
    db_param p[] = {DB_INT(uid), DB_TEXT(v[0]), DB_TEXT(v[1]), DB_TEXT(v[2]), DB_TEXT(v[3]), DB_TEXT(v[4]),
                    DB_TEXT(v[5]), DB_INT(r->now)};
    if (db_begin(r->db) < 0) return -1;
    if (db_exec(r->db, "UPDATE project_updates SET title_fi = $2, title_sv = $3, title_en = $4, body_fi = $5, "
                       "body_sv = $6, body_en = $7, updated_at = $8 WHERE id = $1", 8, p) < 0 ||
        pj_record(r, id, "update", uid, "update_edited") < 0 || db_commit(r->db) < 0) {
        db_rollback(r->db);
        return -1;
    }
    respond_redirect(r, 303, req_url(r, arena_printf(&r->a, "/staff/projects/%lld/updates/%lld/edit?done=saved",
                                                     (long long)id, (long long)uid)));
    return 0;
}

static int set_published(request *r, int value)
{
    int64_t id, uid;
    db_result res;
    int found = load_project(r, &id);
    if (found <= 0) return found;
    if ((found = load_update(r, id, &uid, &res)) <= 0) return found;
    /* the date of the first publication stays when it is published again */
    db_param p[] = {DB_INT(uid), DB_INT(value), DB_INT(r->now)};
    if (db_begin(r->db) < 0) return -1;
    if (db_exec(r->db, "UPDATE project_updates SET published = $2, updated_at = $3, "
                       "published_at = COALESCE(published_at, $3) WHERE id = $1", 3, p) < 0 ||
        pj_record(r, id, "update", uid, value ? "update_published" : "update_unpublished") < 0 || db_commit(r->db) < 0) {
        db_rollback(r->db);
        return -1;
    }
    respond_redirect(r, 303, req_url(r, arena_printf(&r->a, "/staff/projects/%lld/updates/%lld/edit?done=%s",
                                                     (long long)id, (long long)uid, value ? "published" : "unpublished")));
    return 0;
}

int staff_update_publish(request *r) { return set_published(r, 1); }
int staff_update_unpublish(request *r) { return set_published(r, 0); }
