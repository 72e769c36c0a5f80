/* Statements of councils and working groups: chairs and staff publish them
 * at /{lang}/groups/{slug}/statements/new; they are shown on the group page,
 * at /{lang}/groups/{slug}/statements/{id} and on the page of the space they
 * concern. A statement is written in one language (fi, sv or en) and shown
 * as written, marked with its language. Publishing notifies the followers of
 * the group and of the space. */
#include "spaces_internal.h"
#include "phases.h"
#include "../http/formview.h"
#include "../view/i18n.h"
#include <stdlib.h>
#include <string.h>

static const char *lang_name(request *r, const char *code)
{
    if (strcmp(code, "sv") == 0) return tr(r->lang, "In Swedish");
    if (strcmp(code, "en") == 0) return tr(r->lang, "In English");
    return tr(r->lang, "In Finnish");
}

/* "2026-11-19" -> "19.11.2026" */
static const char *human_day(request *r, const char *iso)
{
    if (!iso || strlen(iso) != 10) return iso ? iso : "";
    return arena_printf(&r->a, "%d.%d.%.4s", atoi(iso + 8), atoi(iso + 5), iso);
}

static json_t *statement_json(request *r, const db_result *res, int i)
{
    json_t *o = json_object();
    const char *lang = db_cell(res, i, 2);
    part_set(o, "id", db_cell(res, i, 0));
    part_set(o, "url", req_url(r, arena_concat(&r->a, "/groups/", db_cell(res, i, 5), "/statements/",
                                               db_cell(res, i, 0), NULL)));
    part_set(o, "title", db_cell(res, i, 1));
    part_set(o, "lang", lang);
    if (strcmp(lang, r->lang) != 0) {
        json_object_set_new(o, "other_lang", json_true());
        part_set(o, "lang_name", lang_name(r, lang));
    }
    part_set(o, "date", human_day(r, db_cell(res, i, 3)));
    part_set(o, "iso_date", db_cell(res, i, 3));
    part_set(o, "group", part_pick(res, i, 6, r->lang, NULL));
    return o;
}

#define STATEMENT_LIST_SQL \
    "SELECT st.id, st.title, st.lang, st.statement_date, st.space_id, g.slug, g.name_fi, g.name_sv, g.name_en " \
    "FROM statements st JOIN groups g ON g.id = st.group_id "

json_t *statements_list_json(request *r, int64_t group_id, int64_t space_id)
{
    db_result res;
    db_param p[] = {DB_INT(group_id > 0 ? group_id : space_id)};
    if (db_query(r->db, &r->a, &res,
                 group_id > 0 ? STATEMENT_LIST_SQL "WHERE st.group_id = $1 ORDER BY st.statement_date DESC, st.id DESC"
                              : STATEMENT_LIST_SQL "WHERE st.space_id = $1 ORDER BY st.statement_date DESC, st.id DESC",
                 1, p) < 0)
        return NULL;
    json_t *arr = json_array();
    for (int i = 0; i < res.nrows; i++) {
        /* a statement on a space the reader may not see stays with that space's audience */
        int64_t sid = db_cell_int(&res, i, 4);
        if (group_id > 0 && sid > 0) {
            space s;
            int found = space_load_id(r, sid, &s);
            if (found < 0) {
                json_decref(arr);
                return NULL;
            }
            if (found > 0 && !space_visible(r, &s)) continue;
        }
        json_array_append_new(arr, statement_json(r, &res, i));
    }
    return arr;
}

/* Spaces this person can see, for the "concerns" select. */
static json_t *space_options(request *r, const char *selected)
{
    db_result res;
    json_t *opts = json_array();
    json_array_append_new(opts, json_pack("{s:s, s:s, s:b}", "value", "", "label",
                                          tr(r->lang, "No particular space"), "selected", !selected || !*selected));
    if (db_query(r->db, &r->a, &res,
                 "SELECT id, slug, title_fi, title_sv, title_en, audience, group_id, published FROM spaces "
                 "ORDER BY title_fi", 0, NULL) < 0)
        return opts;
    for (int i = 0; i < res.nrows; i++) {
        space s = {0};
        s.audience = db_cell(&res, i, 5);
        s.group_id = db_cell_int(&res, i, 6);
        s.published = db_cell_int(&res, i, 7) != 0;
        if (!space_visible(r, &s)) continue;
        json_array_append_new(opts, json_pack("{s:s, s:s, s:b}", "value", db_cell(&res, i, 1), "label",
                                              part_pick(&res, i, 2, r->lang, NULL), "selected",
                                              selected && strcmp(selected, db_cell(&res, i, 1)) == 0));
    }
    return opts;
}

typedef struct st_form {
    const char *title, *lang, *date, *body, *signatories, *space;
    const char *e_title, *e_lang, *e_date, *e_body, *e_signatories, *e_space;
} st_form;

static int render_form(request *r, int status, const group_info *g, const st_form *f)
{
    formview fv;
    formview_init(&fv);
    formview_field(&fv, "title", tr(r->lang, "Title"), "text", f->title, f->e_title, "off", NULL, 1);
    formview_field(&fv, "statement_date", tr(r->lang, "Date of the statement"), "text", f->date, f->e_date, "off",
                   tr(r->lang, "As YYYY-MM-DD, e.g. 2027-01-15."), 1);
    formview_field(&fv, "body", tr(r->lang, "Text of the statement"), "textarea", f->body, f->e_body, "off",
                   tr(r->lang, "Markdown: *italic*, **bold**, lists with -, links as <https://...>."), 1);
    formview_field(&fv, "signatories", tr(r->lang, "Signatories"), "text", f->signatories, f->e_signatories, "off",
                   tr(r->lang, "For example: Elderly council of Western Uusimaa, chair Maija Lehto"), 1);
    json_t *ctx = json_object();
    part_set(ctx, "title", tr(r->lang, "Publish a statement"));
    part_set(ctx, "group_name", g->name);
    part_set(ctx, "group_url", req_url(r, arena_concat(&r->a, "/groups/", g->slug, NULL)));
    part_set(ctx, "action", req_url(r, arena_concat(&r->a, "/groups/", g->slug, "/statements/new", NULL)));
    static const char *const codes[3] = {"fi", "sv", "en"};
    const char *names[3] = {tr(r->lang, "Finnish"), tr(r->lang, "Swedish"), tr(r->lang, "English")};
    json_t *langs = json_array();
    for (int i = 0; i < 3; i++)
        json_array_append_new(langs, json_pack("{s:s, s:s, s:s, s:b}", "id", arena_concat(&r->a, "f-lang-", codes[i], NULL),
                                               "value", codes[i], "label", names[i], "checked",
                                               f->lang && strcmp(f->lang, codes[i]) == 0));
    json_t *radios = json_pack("{s:s, s:s, s:s, s:o}", "id", "f-lang", "name", "lang", "legend",
                               tr(r->lang, "Language the statement is written in"), "items", langs);
    if (f->e_lang) {
        part_set(radios, "error", f->e_lang);
        json_array_append_new(fv.errors, json_pack("{s:s, s:s}", "field_id", "f-lang", "message", f->e_lang));
    }
    json_object_set_new(ctx, "lang_radios", radios);
    json_t *sel = json_pack("{s:s, s:s, s:s, s:o}", "id", "f-space", "name", "space", "label",
                            tr(r->lang, "Space it concerns (optional)"), "options", space_options(r, f->space));
    if (f->e_space) {
        part_set(sel, "error", f->e_space);
        json_array_append_new(fv.errors, json_pack("{s:s, s:s}", "field_id", "f-space", "message", f->e_space));
    }
    json_object_set_new(ctx, "space_select", sel);
    formview_attach(&fv, ctx);
    respond_page(r, status, "participation/statement_form", ctx);
    return 0;
}

static int load_managed_group(request *r, group_info *g)
{
    int found = group_load(r, req_param(r, "slug"), g);
    if (found < 0) return -1;
    if (found == 0) {
        respond_error(r, 404, NULL);
        return 0;
    }
    if (!group_may_manage(r, g->id)) {
        respond_error(r, 403, tr(r->lang, "Only the chair of the group and staff may publish its statements."));
        return 0;
    }
    return 1;
}

int statements_new(request *r)
{
    group_info g;
    int rc = load_managed_group(r, &g);
    if (rc <= 0) return rc;
    char today[16];
    phase_iso_day(today, sizeof today, r->now);
    st_form f = {0};
    f.lang = r->lang;
    f.date = today;
    return render_form(r, 200, &g, &f);
}

static const char *trimmed(request *r, const char *name)
{
    const char *v = req_form(r, name);
    if (!v) return "";
    while (*v == ' ' || *v == '\t' || *v == '\r' || *v == '\n') v++;
    size_t n = strlen(v);
    while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\r' || v[n - 1] == '\n')) n--;
    return arena_strndup(&r->a, v, n);
}

int statements_create(request *r)
{
    group_info g;
    int rc = load_managed_group(r, &g);
    if (rc <= 0) return rc;
    st_form f = {trimmed(r, "title"), trimmed(r, "lang"), trimmed(r, "statement_date"), trimmed(r, "body"),
                 trimmed(r, "signatories"), trimmed(r, "space"), NULL, NULL, NULL, NULL, NULL, NULL};
    bool bad = false;
    if (!*f.title) f.e_title = tr(r->lang, "Enter a title."), bad = true;
    else if (strlen(f.title) > 200) f.e_title = tr(r->lang, "The title must be at most 200 characters long."), bad = true;
    if (strcmp(f.lang, "fi") != 0 && strcmp(f.lang, "sv") != 0 && strcmp(f.lang, "en") != 0)
        f.e_lang = tr(r->lang, "Choose the language the statement is written in."), bad = true;
    int64_t day;
    if (phase_parse_day(f.date, &day) < 0)
        f.e_date = tr(r->lang, "Enter the date as YYYY-MM-DD, e.g. 2027-01-15."), bad = true;
    if (!*f.body) f.e_body = tr(r->lang, "Enter the text of the statement."), bad = true;
    else if (strlen(f.body) > 50000) f.e_body = tr(r->lang, "The text must be at most 50,000 characters long."), bad = true;
    if (!*f.signatories) f.e_signatories = tr(r->lang, "Enter who signed the statement."), bad = true;
    else if (strlen(f.signatories) > 500) f.e_signatories = tr(r->lang, "At most 500 characters."), bad = true;
    space s = {0};
    if (*f.space) {
        int found = space_load(r, f.space, &s);
        if (found < 0) return -1;
        if (found == 0 || !space_visible(r, &s)) f.e_space = tr(r->lang, "Choose a space from the list."), bad = true;
    }
    if (bad) return render_form(r, 400, &g, &f);
    db_result res;
    db_param p[] = {DB_INT(g.id), s.id ? DB_INT(s.id) : DB_NULL, DB_TEXT(f.lang), DB_TEXT(f.title), DB_TEXT(f.body),
                    DB_TEXT(f.signatories), DB_TEXT(f.date), DB_INT(r->user->id), DB_INT(r->now)};
    if (db_begin(r->db) < 0) return -1;
    if (db_query(r->db, &r->a, &res,
                 "INSERT INTO statements(group_id, space_id, lang, title, body, signatories, statement_date, created_by, "
                 "created_at) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id", 9, p) < 0) {
        db_rollback(r->db);
        return -1;
    }
    const char *path = arena_concat(&r->a, "/groups/", g.slug, "/statements/", db_cell(&res, 0, 0), NULL);
    if (notify_followers(r->db, r->now, "group", g.id, s.id ? "space" : NULL, s.id, r->user->id, "statement", f.title,
                         path, s.id) < 0 ||
        db_commit(r->db) < 0) {
        db_rollback(r->db);
        return -1;
    }
    respond_redirect(r, 303, req_url(r, path));
    return 0;
}

int statements_show(request *r)
{
    group_info g;
    int found = group_load(r, req_param(r, "slug"), &g);
    if (found < 0) return -1;
    const char *ids = req_param(r, "id");
    char *end;
    long long id = strtoll(ids, &end, 10);
    if (found == 0 || *end || id <= 0) {
        respond_error(r, 404, NULL);
        return 0;
    }
    db_result res;
    db_param p[] = {DB_INT(id), DB_INT(g.id)};
    if (db_query(r->db, &r->a, &res,
                 "SELECT id, title, lang, statement_date, space_id, body, signatories FROM statements "
                 "WHERE id = $1 AND group_id = $2", 2, p) < 0)
        return -1;
    if (res.nrows == 0) {
        respond_error(r, 404, NULL);
        return 0;
    }
    int64_t sid = db_cell_int(&res, 0, 4);
    space s = {0};
    if (sid > 0) {
        int sf = space_load_id(r, sid, &s);
        if (sf < 0) return -1;
        if (sf > 0 && !space_visible(r, &s))
            return part_forbidden(r, tr(r->lang, "This statement concerns a space that is open only to its group's "
                                                 "members and staff."));
        if (sf == 0) sid = 0;
    }
    const char *lang = db_cell(&res, 0, 2);
    json_t *ctx = json_object();
    part_set(ctx, "title", db_cell(&res, 0, 1));
    part_set(ctx, "lang_code", lang);
    if (strcmp(lang, r->lang) != 0) {
        json_object_set_new(ctx, "other_lang", json_true());
        part_set(ctx, "lang_name", lang_name(r, lang));
    }
    part_set(ctx, "date", human_day(r, db_cell(&res, 0, 3)));
    part_set(ctx, "iso_date", db_cell(&res, 0, 3));
    part_set(ctx, "body_html", part_markdown(r, db_cell(&res, 0, 5)));
    part_set(ctx, "signatories", db_cell(&res, 0, 6));
    part_set(ctx, "group_name", g.name);
    part_set(ctx, "group_url", req_url(r, arena_concat(&r->a, "/groups/", g.slug, NULL)));
    part_set(ctx, "report_url", req_url(r, arena_printf(&r->a, "/report?type=statement&id=%lld", id)));
    if (sid > 0) {
        part_set(ctx, "space_title", s.title);
        part_set(ctx, "space_url", req_url(r, arena_concat(&r->a, "/spaces/", s.slug, NULL)));
    }
    respond_page(r, 200, "participation/statement", ctx);
    return 0;
}
