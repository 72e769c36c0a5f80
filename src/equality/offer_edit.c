/* Staff edit the offer: /{lang}/staff/equal-access/cells/{service}/{municipality}
 * lists the municipality's points with their offer of the service, and
 * /{lang}/staff/equal-access/offers/{service}/{point} edits one (level,
 * weekdays, languages, notes). Every change goes into offer_history with who
 * and when, in the same transaction as the change. */
#include "internal.h"
#include "../http/formview.h"
#include "../view/i18n.h"
#include <stdlib.h>
#include <string.h>

static const char *const LANGS[3] = {"fi", "sv", "en"};

/* Row of a service by code: id, code, name_fi, name_sv, name_en. */
static int load_service(request *r, const char *code, db_result *res)
{
    db_param p[] = {DB_TEXT(code)};
    return db_query(r->db, &r->a, res, "SELECT id, code, name_fi, name_sv, name_en FROM services WHERE code = $1",
                    1, p);
}

int equality_cell(request *r)
{
    db_result s, m, pts;
    if (load_service(r, req_param(r, "service"), &s) < 0) return -1;
    db_param pm[] = {DB_TEXT(req_param(r, "municipality"))};
    if (db_query(r->db, &r->a, &m, "SELECT id, code, name_fi, name_sv, bilingual FROM municipalities WHERE code = $1",
                 1, pm) < 0)
        return -1;
    if (s.nrows == 0 || m.nrows == 0) {
        respond_error(r, 404, NULL);
        return 0;
    }
    db_param pp[] = {DB_INT(db_cell_int(&s, 0, 0)), DB_INT(db_cell_int(&m, 0, 0))};
    if (db_query(r->db, &r->a, &pts,
                 "SELECT p.code, p.name_fi, p.name_sv, p.name_en, o.level, o.languages, o.weekdays "
                 "FROM service_points p LEFT JOIN service_offers o ON o.point_id = p.id AND o.service_id = $1 "
                 "WHERE p.municipality_id = $2 AND p.active = 1 ORDER BY p.name_fi, p.id", 2, pp) < 0)
        return -1;
    const char *sname = eq_pick(r->lang, db_cell(&s, 0, 2), db_cell(&s, 0, 3), db_cell(&s, 0, 4));
    const char *mname = strcmp(r->lang, "sv") == 0 ? db_cell(&m, 0, 3) : db_cell(&m, 0, 2);
    json_t *points = json_array();
    for (int i = 0; i < pts.nrows; i++) {
        const char *level = db_cell(&pts, i, 4);
        json_t *pt = json_pack("{s:s, s:s, s:s, s:s}", "name",
                               eq_pick(r->lang, db_cell(&pts, i, 1), db_cell(&pts, i, 2), db_cell(&pts, i, 3)),
                               "level", eq_level_name(r->lang, level ? eq_level_rank(level) : EQ_RANK_NONE),
                               "languages", level ? db_cell(&pts, i, 5) : "",
                               "edit_url", req_url(r, arena_concat(&r->a, "/staff/equal-access/offers/",
                                                                   db_cell(&s, 0, 1), "/", db_cell(&pts, i, 0), NULL)));
        if (level && *db_cell(&pts, i, 6)) json_object_set_new(pt, "weekdays", json_string(db_cell(&pts, i, 6)));
        json_array_append_new(points, pt);
    }
    json_t *ctx = json_pack("{s:s, s:s, s:s, s:o, s:b}", "title", arena_concat(&r->a, sname, " – ", mname, NULL),
                            "service", sname, "municipality", mname, "points", points, "empty", pts.nrows == 0);
    const char *saved = req_query(r, "saved");
    if (saved && strcmp(saved, "1") == 0)
        json_object_set_new(ctx, "notice", json_string(tr(r->lang, "The offer was saved and the change recorded in the history.")));
    else if (saved && strcmp(saved, "0") == 0)
        json_object_set_new(ctx, "notice", json_string(tr(r->lang, "Nothing changed, so nothing was recorded.")));
    json_object_set_new(ctx, "matrix_url", json_string(req_url(r, "/staff/equal-access")));
    respond_page(r, 200, "equality/cell", ctx);
    return 0;
}

typedef struct offer_input {
    const char *level, *weekdays, *note[3], *change_note;
    bool lang[3];
} offer_input;

typedef struct offer_target {
    db_result s, p;   /* service: id, code, names; point: id, code, names, municipality code */
} offer_target;

static int load_target(request *r, offer_target *t)
{
    if (load_service(r, req_param(r, "service"), &t->s) < 0) return -1;
    db_param p[] = {DB_TEXT(req_param(r, "point"))};
    if (db_query(r->db, &r->a, &t->p,
                 "SELECT p.id, p.code, p.name_fi, p.name_sv, p.name_en, m.code FROM service_points p "
                 "JOIN municipalities m ON m.id = p.municipality_id WHERE p.code = $1", 1, p) < 0)
        return -1;
    return t->s.nrows > 0 && t->p.nrows > 0;
}

static int render(request *r, int status, offer_target *t, const offer_input *in, const char *const err[8])
{
    formview fv;
    formview_init(&fv);
    /* level and languages are drawn by the template; their errors lead the summary */
    if (err[0]) json_array_append_new(fv.errors, json_pack("{s:s, s:s}", "field_id", "f-level", "message", err[0]));
    formview_field(&fv, "weekdays", tr(r->lang, "Weekdays (only for the level \"on site on some weekdays\")"), "text",
                   in->weekdays, err[1], "off", tr(r->lang, "Numbers 1–7 separated by commas, 1 is Monday. For example 2,4."), 0);
    if (err[2]) json_array_append_new(fv.errors, json_pack("{s:s, s:s}", "field_id", "f-lang-fi", "message", err[2]));
    static const char *const note_names[3] = {"note_fi", "note_sv", "note_en"};
    const char *note_labels[3] = {tr(r->lang, "Note in Finnish"), tr(r->lang, "Note in Swedish"),
                                  tr(r->lang, "Note in English")};
    for (int i = 0; i < 3; i++)
        formview_field(&fv, note_names[i], note_labels[i], "textarea", in->note[i], err[3 + i], "off", NULL, 0);
    formview_field(&fv, "change_note", tr(r->lang, "Reason for the change (shown in the history)"), "text",
                   in->change_note, err[6], "off", NULL, 0);
    json_t *levels = json_array();
    for (int i = 0; i < EQ_NLEVELS; i++)
        json_array_append_new(levels, json_pack("{s:s, s:s, s:b}", "value", eq_level_codes[i], "label",
                                                tr(r->lang, eq_level_labels[i]), "selected",
                                                in->level && strcmp(in->level, eq_level_codes[i]) == 0));
    static const char *const lang_labels[3] = {N_("Finnish"), N_("Swedish"), N_("English")};
    json_t *langs = json_array();
    for (int i = 0; i < 3; i++)
        json_array_append_new(langs, json_pack("{s:s, s:s, s:b}", "code", LANGS[i], "label", tr(r->lang, lang_labels[i]),
                                               "checked", in->lang[i]));
    const char *sname = eq_pick(r->lang, db_cell(&t->s, 0, 2), db_cell(&t->s, 0, 3), db_cell(&t->s, 0, 4));
    const char *pname = eq_pick(r->lang, db_cell(&t->p, 0, 2), db_cell(&t->p, 0, 3), db_cell(&t->p, 0, 4));
    json_t *ctx = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:s}", "title", tr(r->lang, "Edit the offer"),
                            "service", sname, "point", pname, "action",
                            req_url(r, arena_concat(&r->a, "/staff/equal-access/offers/", db_cell(&t->s, 0, 1), "/",
                                                    db_cell(&t->p, 0, 1), NULL)),
                            "levels", levels, "langs", langs, "cell_url",
                            req_url(r, arena_concat(&r->a, "/staff/equal-access/cells/", db_cell(&t->s, 0, 1), "/",
                                                    db_cell(&t->p, 0, 5), NULL)));
    if (err[0]) json_object_set_new(ctx, "level_error", json_string(err[0]));
    if (err[2]) json_object_set_new(ctx, "lang_error", json_string(err[2]));
    formview_attach(&fv, ctx);
    respond_page(r, status, "equality/offer", ctx);
    return 0;
}

int equality_offer_form(request *r)
{
    offer_target t;
    int found = load_target(r, &t);
    if (found < 0) return -1;
    if (!found) {
        respond_error(r, 404, NULL);
        return 0;
    }
    db_result o;
    db_param p[] = {DB_INT(db_cell_int(&t.s, 0, 0)), DB_INT(db_cell_int(&t.p, 0, 0))};
    if (db_query(r->db, &r->a, &o,
                 "SELECT level, weekdays, languages, note_fi, note_sv, note_en FROM service_offers "
                 "WHERE service_id = $1 AND point_id = $2", 2, p) < 0)
        return -1;
    offer_input in = {.level = "not_offered", .weekdays = "", .note = {"", "", ""}, .change_note = ""};
    if (o.nrows > 0) {
        in.level = db_cell(&o, 0, 0);
        in.weekdays = db_cell(&o, 0, 1);
        for (int i = 0; i < 3; i++) {
            in.note[i] = db_cell(&o, 0, 3 + i);
            in.lang[i] = eq_langs_have(db_cell(&o, 0, 2), LANGS[i]);
        }
    } else {
        in.lang[0] = true;
    }
    const char *none[8] = {0};
    return render(r, 200, &t, &in, none);
}

/* "2,4" -> true; digits 1..7, each once, separated by commas. */
static bool weekdays_valid(const char *s)
{
    bool seen[8] = {0};
    if (!*s) return false;
    for (const char *p = s; *p;) {
        if (*p < '1' || *p > '7' || seen[*p - '0']) return false;
        seen[*p - '0'] = true;
        p++;
        if (*p == ',') {
            p++;
            if (!*p) return false;
        } else if (*p) {
            return false;
        }
    }
    return true;
}

static const char *or_empty(const char *s) { return s ? s : ""; }

int equality_offer_save(request *r)
{
    offer_target t;
    int found = load_target(r, &t);
    if (found < 0) return -1;
    if (!found) {
        respond_error(r, 404, NULL);
        return 0;
    }
    offer_input in;
    in.level = or_empty(req_form(r, "level"));
    in.weekdays = or_empty(req_form(r, "weekdays"));
    in.change_note = or_empty(req_form(r, "change_note"));
    static const char *const note_names[3] = {"note_fi", "note_sv", "note_en"};
    for (int i = 0; i < 3; i++) in.note[i] = or_empty(req_form(r, note_names[i]));
    bool bad_lang = false;
    for (int i = 0; i < 3; i++) in.lang[i] = false;
    for (size_t k = 0; k < r->form.count; k++) {
        if (strcmp(r->form.fields[k].name, "languages") != 0) continue;
        int i = 0;
        while (i < 3 && strcmp(r->form.fields[k].value, LANGS[i]) != 0) i++;
        if (i < 3) in.lang[i] = true;
        else bad_lang = true;
    }
    const char *err[8] = {0};
    bool bad = false;
    int rank = eq_level_rank(in.level);
    if (!rank) err[0] = tr(r->lang, "Choose the level of the offer."), bad = true;
    if (rank == 3 && !weekdays_valid(in.weekdays))
        err[1] = tr(r->lang, "Enter the weekdays as numbers 1–7 separated by commas, for example 2,4."), bad = true;
    if (rank != 3) in.weekdays = "";
    if (bad_lang) err[2] = tr(r->lang, "Choose languages from the list."), bad = true;
    else if (rank && rank != EQ_RANK_NONE && !in.lang[0] && !in.lang[1] && !in.lang[2])
        err[2] = tr(r->lang, "Choose at least one language in which the service is given."), bad = true;
    for (int i = 0; i < 3; i++)
        if (strlen(in.note[i]) > 2000) err[3 + i] = tr(r->lang, "The note must be at most 2,000 characters long."), bad = true;
    if (strlen(in.change_note) > 500)
        err[6] = tr(r->lang, "The reason must be at most 500 characters long."), bad = true;
    if (bad) return render(r, 400, &t, &in, err);

    char langs[12] = "";
    for (int i = 0; i < 3; i++)
        if (in.lang[i]) {
            if (*langs) strcat(langs, ",");
            strcat(langs, LANGS[i]);
        }
    int64_t sid = db_cell_int(&t.s, 0, 0), pid = db_cell_int(&t.p, 0, 0);
    if (db_begin(r->db) < 0) return -1;
    db_result o;
    db_param key[] = {DB_INT(sid), DB_INT(pid)};
    if (db_query(r->db, &r->a, &o,
                 "SELECT level, weekdays, languages, note_fi, note_sv, note_en FROM service_offers "
                 "WHERE service_id = $1 AND point_id = $2", 2, key) < 0)
        goto fail;
    bool changed = o.nrows == 0 || strcmp(db_cell(&o, 0, 0), in.level) != 0 ||
                   strcmp(db_cell(&o, 0, 1), in.weekdays) != 0 || strcmp(db_cell(&o, 0, 2), langs) != 0 ||
                   strcmp(db_cell(&o, 0, 3), in.note[0]) != 0 || strcmp(db_cell(&o, 0, 4), in.note[1]) != 0 ||
                   strcmp(db_cell(&o, 0, 5), in.note[2]) != 0;
    if (changed) {
        db_param up[] = {DB_INT(sid), DB_INT(pid), DB_TEXT(in.level), DB_TEXT(in.weekdays), DB_TEXT(langs),
                         DB_TEXT(in.note[0]), DB_TEXT(in.note[1]), DB_TEXT(in.note[2]), DB_INT(r->now),
                         DB_INT(r->user->id)};
        if (db_exec(r->db,
                    "INSERT INTO service_offers(service_id, point_id, level, weekdays, languages, note_fi, note_sv, "
                    "note_en, updated_at, updated_by) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
                    "ON CONFLICT (service_id, point_id) DO UPDATE SET level = excluded.level, weekdays = excluded.weekdays, "
                    "languages = excluded.languages, note_fi = excluded.note_fi, note_sv = excluded.note_sv, "
                    "note_en = excluded.note_en, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
                    10, up) < 0)
            goto fail;
        db_param h[] = {DB_INT(sid), DB_INT(pid), o.nrows ? DB_TEXT(db_cell(&o, 0, 0)) : DB_NULL, DB_TEXT(in.level),
                        o.nrows ? DB_TEXT(db_cell(&o, 0, 2)) : DB_NULL, DB_TEXT(langs), DB_TEXT(in.change_note),
                        DB_INT(r->now), DB_INT(r->user->id)};
        if (db_exec(r->db,
                    "INSERT INTO offer_history(service_id, point_id, old_level, new_level, old_languages, new_languages, "
                    "note, changed_at, changed_by) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9)", 9, h) < 0)
            goto fail;
    }
    if (db_commit(r->db) < 0) goto fail;
    respond_redirect(r, 303, req_url(r, arena_concat(&r->a, "/staff/equal-access/cells/", db_cell(&t.s, 0, 1), "/",
                                                     db_cell(&t.p, 0, 5), changed ? "?saved=1" : "?saved=0", NULL)));
    return 0;
fail:
    db_rollback(r->db);
    return -1;
}
