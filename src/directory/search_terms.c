/* Search terms staff maintain: /{lang}/staff/search-terms (list and add) and
 * /{lang}/staff/search-terms/{id}/delete. A term is one word in its base form
 * ("kasvatusneuvola", "familjerådgivning"); the resident search matches
 * inflected forms against it (search.h). */
#include "directory.h"
#include "internal.h"
#include "search.h"
#include "../http/formview.h"
#include "../view/i18n.h"
#include <string.h>

static const char *const TERM_LANGS[] = {"fi", "sv", "en"};

static json_t *options(request *r, const db_result *services, const char *sel_service, const char *sel_lang,
                       json_t **langs_out)
{
    json_t *svc = json_array();
    for (int i = 0; i < services->nrows; i++)
        json_array_append_new(svc, json_pack("{s:s, s:s, s:b}", "value", db_cell(services, i, 0), "label",
                                             dir_pick(services, i, 1, r->lang), "selected",
                                             sel_service && strcmp(sel_service, db_cell(services, i, 0)) == 0));
    json_t *langs = json_array();
    static const char *const names[] = {N_("Finnish"), N_("Swedish"), N_("English")};
    for (int i = 0; i < 3; i++)
        json_array_append_new(langs, json_pack("{s:s, s:s, s:b}", "value", TERM_LANGS[i], "label",
                                               tr(r->lang, names[i]), "selected",
                                               sel_lang ? strcmp(sel_lang, TERM_LANGS[i]) == 0 : i == 0));
    *langs_out = langs;
    return svc;
}

static int render(request *r, int status, const char *service, const char *lang, const char *term,
                  const char *service_err, const char *term_err)
{
    db_result services, terms;
    if (db_query(r->db, &r->a, &services, "SELECT code, name_fi, name_sv, name_en FROM services ORDER BY name_fi",
                 0, NULL) < 0 ||
        db_query(r->db, &r->a, &terms,
                 "SELECT k.id, k.lang, k.term, k.kind, s.name_fi, s.name_sv, s.name_en FROM service_keywords k "
                 "JOIN services s ON s.id = k.service_id ORDER BY s.name_fi, k.lang, k.term LIMIT 2000", 0, NULL) < 0)
        return -1;
    json_t *rows = json_array();
    for (int i = 0; i < terms.nrows; i++)
        json_array_append_new(rows, json_pack("{s:s, s:s, s:s, s:s, s:b, s:s}", "service", dir_pick(&terms, i, 4, r->lang),
            "lang", db_cell(&terms, i, 1), "term", db_cell(&terms, i, 2), "kind",
            strcmp(db_cell(&terms, i, 3), "keyword") == 0 ? tr(r->lang, "keyword from the catalogue")
                                                          : tr(r->lang, "local synonym"),
            "deletable", strcmp(db_cell(&terms, i, 3), "synonym") == 0, "delete_action",
            req_url(r, arena_printf(&r->a, "/staff/search-terms/%s/delete", db_cell(&terms, i, 0)))));
    json_t *langs;
    json_t *svc = options(r, &services, service, lang, &langs);
    formview fv;
    formview_init(&fv);
    formview_field(&fv, "term", tr(r->lang, "Search term"), "text", term, term_err, "off",
                   tr(r->lang, "One word in its base form, e.g. kasvatusneuvola or familjerådgivning. "
                               "Inflected forms are found automatically."), 1);
    json_t *ctx = json_pack("{s:s, s:s, s:o, s:o, s:o, s:b}", "title", tr(r->lang, "Search terms for services"),
                            "action", req_url(r, "/staff/search-terms"), "terms", rows, "services", svc,
                            "term_langs", langs, "empty", terms.nrows == 0);
    if (service_err) {
        json_object_set_new(ctx, "service_error", json_string(service_err));
        json_array_append_new(fv.errors, json_pack("{s:s, s:s}", "field_id", "f-service", "message", service_err));
    }
    if (req_query(r, "saved")) json_object_set_new(ctx, "notice", json_string(tr(r->lang, "Changes saved.")));
    formview_attach(&fv, ctx);
    respond_page(r, status, "directory/search_terms", ctx);
    return 0;
}

int dir_search_terms_page(request *r) { return render(r, 200, NULL, NULL, NULL, NULL, NULL); }

int dir_search_terms_add(request *r)
{
    const char *service = req_form(r, "service"), *lang = req_form(r, "lang"), *term = req_form(r, "term");
    const char *service_err = NULL, *term_err = NULL;
    char lowered[DIR_WORD_MAX * 2] = "";
    if (!lang || (strcmp(lang, "fi") && strcmp(lang, "sv") && strcmp(lang, "en"))) lang = "fi";
    if (!term || !*term) {
        term_err = tr(r->lang, "Enter a search term.");
    } else if (strlen(term) >= DIR_WORD_MAX || strpbrk(term, " \t,;")) {
        term_err = tr(r->lang, "Enter one word of at most 60 characters.");
    } else {
        dir_lower(term, lowered, sizeof lowered);
        if (strlen(lowered) < 3) term_err = tr(r->lang, "The search term must be at least 3 characters long.");
    }
    db_result svc;
    db_param sp[] = {DB_TEXT(service ? service : "")};
    if (db_query(r->db, &r->a, &svc, "SELECT id FROM services WHERE code = $1", 1, sp) < 0) return -1;
    if (svc.nrows == 0) service_err = tr(r->lang, "Choose a service from the list.");
    if (service_err || term_err) return render(r, 400, service, lang, term, service_err, term_err);
    db_param p[] = {DB_INT(db_cell_int(&svc, 0, 0)), DB_TEXT(lang), DB_TEXT(lowered), DB_INT(r->now), DB_INT(r->user->id)};
    if (db_exec(r->db, "INSERT INTO service_keywords(service_id, lang, term, kind, created_at, created_by) "
                       "VALUES($1, $2, $3, 'synonym', $4, $5) ON CONFLICT DO NOTHING", 5, p) < 0)
        return -1;
    respond_redirect(r, 303, req_url(r, "/staff/search-terms?saved=1"));
    return 0;
}

int dir_search_terms_delete(request *r)
{
    int64_t id = dir_parse_id(req_param(r, "id"));
    db_result res;
    db_param p[] = {DB_INT(id)};
    /* keywords come from the catalogue and go with its next import; only local synonyms are removed here */
    if (db_query(r->db, &r->a, &res, "DELETE FROM service_keywords WHERE id = $1 AND kind = 'synonym'", 1, p) < 0)
        return -1;
    if (res.changes == 0) {
        respond_error(r, 404, NULL);
        return 0;
    }
    respond_redirect(r, 303, req_url(r, "/staff/search-terms?saved=1"));
    return 0;
}
