/* The staff side of consultations: the list with comment counts, the draft
 * editor (texts in three languages, open and close dates, sections; "Add
 * section" re-renders the form with one more, without JavaScript) and
 * publishing the summary, which notifies the followers of the draft and of
 * its space. */
#include "internal.h"
#include "../http/formview.h"
#include "../participation/participation.h"
#include "../projects/logic.h"
#include "../view/i18n.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SECTIONS 30
#define TITLE_MAX 200
#define TEXT_MAX 20000

static const char *const DRAFT_NAMES[6] = {"title_fi", "title_sv", "title_en", "intro_fi", "intro_sv", "intro_en"};
static const char *const SECTION_KEYS[6] = {"heading_fi", "heading_sv", "heading_en", "body_fi", "body_sv", "body_en"};

typedef struct section_in {
    int64_t id;            /* 0: new */
    const char *v[6];      /* by SECTION_KEYS */
    const char *err[6];
} section_in;

typedef struct draft_in {
    const char *space_id;
    const char *v[6];      /* by DRAFT_NAMES */
    const char *opens, *closes;
    const char *err_space, *err[6], *err_opens, *err_closes;
    int nsec;
    section_in sec[MAX_SECTIONS];
} draft_in;

static void set_str(json_t *o, const char *key, const char *value)
{
    json_object_set_new(o, key, json_string(value ? value : ""));
}

static const char *form_or_empty(request *r, const char *name)
{
    const char *v = req_form(r, name);
    return v ? v : "";
}

static const char *sec_name(request *r, int i, const char *key)
{
    return arena_printf(&r->a, "s%d_%s", i, key);
}

static int64_t parse_int(const char *s)
{
    if (!s || !*s || strlen(s) > 18 || strspn(s, "0123456789") != strlen(s)) return 0;
    return strtoll(s, NULL, 10);
}

/* What the form sent, unchecked. */
static void read_form(request *r, draft_in *in)
{
    memset(in, 0, sizeof *in);
    in->space_id = form_or_empty(r, "space_id");
    for (int k = 0; k < 6; k++) in->v[k] = form_or_empty(r, DRAFT_NAMES[k]);
    in->opens = form_or_empty(r, "opens");
    in->closes = form_or_empty(r, "closes");
    int64_t n = parse_int(req_form(r, "sections"));
    in->nsec = n < 1 ? 1 : n > MAX_SECTIONS ? MAX_SECTIONS : (int)n;
    for (int i = 0; i < in->nsec; i++) {
        in->sec[i].id = parse_int(req_form(r, sec_name(r, i, "id")));
        for (int k = 0; k < 6; k++) in->sec[i].v[k] = form_or_empty(r, sec_name(r, i, SECTION_KEYS[k]));
    }
}

static bool section_blank(const section_in *s)
{
    for (int k = 0; k < 6; k++)
        if (*s->v[k]) return false;
    return true;
}

/* Checks everything; fills the errors. Returns true when fine. */
static bool validate(request *r, draft_in *in, int64_t *space_id, long *open_day, long *close_day)
{
    bool bad = false;
    *space_id = parse_int(in->space_id);
    db_result res;
    db_param p[] = {DB_INT(*space_id)};
    if (*space_id <= 0 || db_query(r->db, &r->a, &res, "SELECT 1 FROM spaces WHERE id = $1", 1, p) < 0 ||
        res.nrows == 0)
        in->err_space = tr(r->lang, "Choose the space of the consultation."), bad = true;
    for (int k = 0; k < 6; k++) {
        if (strlen(in->v[k]) > (k < 3 ? TITLE_MAX : TEXT_MAX))
            in->err[k] = k < 3 ? tr(r->lang, "The title must be at most 200 characters long.")
                               : tr(r->lang, "The text must be at most 20,000 characters long."),
            bad = true;
    }
    if (!*in->v[0]) in->err[0] = tr(r->lang, "Enter a title in Finnish."), bad = true;
    *open_day = proj_date_days(in->opens);
    *close_day = proj_date_days(in->closes);
    if (*open_day < 0) in->err_opens = tr(r->lang, "Enter the opening date as a date, for example 2027-01-15."), bad = true;
    if (*close_day < 0)
        in->err_closes = tr(r->lang, "Enter the closing date as a date, for example 2027-02-15."), bad = true;
    else if (*open_day >= 0 && *close_day < *open_day)
        in->err_closes = tr(r->lang, "The closing date cannot be before the opening date."), bad = true;
    int kept = 0;
    for (int i = 0; i < in->nsec; i++) {
        section_in *s = &in->sec[i];
        if (s->id == 0 && section_blank(s)) continue;   /* an unused empty section is dropped */
        kept++;
        for (int k = 0; k < 6; k++)
            if (strlen(s->v[k]) > (k < 3 ? TITLE_MAX : TEXT_MAX))
                s->err[k] = k < 3 ? tr(r->lang, "The heading must be at most 200 characters long.")
                                  : tr(r->lang, "The text must be at most 20,000 characters long."),
                bad = true;
        if (!*s->v[0]) s->err[0] = tr(r->lang, "Enter the section's heading in Finnish."), bad = true;
    }
    if (kept == 0) in->sec[0].err[0] = tr(r->lang, "Add at least one section with a heading in Finnish."), bad = true;
    return !bad;
}

static int render_form(request *r, int status, int64_t draft_id, const draft_in *in)
{
    json_t *ctx = json_object();
    formview fv;
    formview_init(&fv);
    const char *labels[6] = {tr(r->lang, "Title in Finnish"), tr(r->lang, "Title in Swedish"),
                             tr(r->lang, "Title in English"), tr(r->lang, "Introduction in Finnish"),
                             tr(r->lang, "Introduction in Swedish"), tr(r->lang, "Introduction in English")};
    const char *md_hint = tr(r->lang, "Markdown: *italic*, **bold**, lists with -, links as <https://...>.");
    /* the space: a select of its own, its error first in the summary */
    db_result sp;
    if (db_query(r->db, &r->a, &sp, "SELECT id, title_fi, title_sv, title_en FROM spaces ORDER BY title_fi, id", 0,
                 NULL) < 0) {
        json_decref(ctx);
        json_decref(fv.fields);
        json_decref(fv.errors);
        return -1;
    }
    json_t *options = json_array();
    json_array_append_new(options, json_pack("{s:s, s:s, s:b}", "value", "", "label",
                                             tr(r->lang, "Choose a space"), "selected", !*in->space_id));
    for (int i = 0; i < sp.nrows; i++)
        json_array_append_new(options, json_pack("{s:s, s:s, s:b}", "value", db_cell(&sp, i, 0), "label",
                                                 draft_pick(&sp, i, 1, r->lang), "selected",
                                                 strcmp(db_cell(&sp, i, 0), in->space_id) == 0));
    json_t *space_field = json_pack("{s:s, s:s, s:s, s:o}", "id", "f-space_id", "name", "space_id", "label",
                                    tr(r->lang, "Space"), "options", options);
    if (in->err_space) {
        set_str(space_field, "error", in->err_space);
        json_array_append_new(fv.errors, json_pack("{s:s, s:s}", "field_id", "f-space_id", "message", in->err_space));
    }
    json_object_set_new(ctx, "space_field", space_field);
    for (int k = 0; k < 6; k++)
        formview_field(&fv, DRAFT_NAMES[k], labels[k], k < 3 ? "text" : "textarea", in->v[k], in->err[k], "off",
                       k == 3 ? md_hint : NULL, k == 0);
    json_t *dates = json_array();
    {
        formview dv;
        formview_init(&dv);
        formview_field(&dv, "opens", tr(r->lang, "Opens on"), "date", in->opens, in->err_opens, "off",
                       tr(r->lang, "The first day comments are taken."), 1);
        formview_field(&dv, "closes", tr(r->lang, "Closes after"), "date", in->closes, in->err_closes, "off",
                       tr(r->lang, "The last day comments are taken."), 1);
        json_array_extend(dates, dv.fields);
        json_array_extend(fv.errors, dv.errors);
        json_decref(dv.fields);
        json_decref(dv.errors);
    }
    json_object_set_new(ctx, "date_fields", dates);
    json_t *sections = json_array();
    const char *slabels[6] = {tr(r->lang, "Heading in Finnish"), tr(r->lang, "Heading in Swedish"),
                              tr(r->lang, "Heading in English"), tr(r->lang, "Text in Finnish"),
                              tr(r->lang, "Text in Swedish"), tr(r->lang, "Text in English")};
    for (int i = 0; i < in->nsec; i++) {
        formview sv;
        formview_init(&sv);
        for (int k = 0; k < 6; k++)
            formview_field(&sv, sec_name(r, i, SECTION_KEYS[k]), slabels[k], k < 3 ? "text" : "textarea",
                           in->sec[i].v[k], in->sec[i].err[k], "off", k == 3 ? md_hint : NULL, k == 0);
        json_array_extend(fv.errors, sv.errors);
        json_t *o = json_object();
        set_str(o, "legend", tr_fill(r, "Section {n}", i + 1));
        set_str(o, "id_name", sec_name(r, i, "id"));
        if (in->sec[i].id > 0) set_str(o, "id_value", arena_printf(&r->a, "%lld", (long long)in->sec[i].id));
        json_object_set_new(o, "fields", sv.fields);
        json_decref(sv.errors);
        json_array_append_new(sections, o);
    }
    json_object_set_new(ctx, "sections", sections);
    set_str(ctx, "section_count", arena_printf(&r->a, "%d", in->nsec));
    json_object_set_new(ctx, "can_add", json_boolean(in->nsec < MAX_SECTIONS));
    if (draft_id > 0) {
        set_str(ctx, "title", tr(r->lang, "Edit consultation"));
        set_str(ctx, "action", req_url(r, arena_printf(&r->a, "/staff/consultations/%lld/edit", (long long)draft_id)));
        set_str(ctx, "view_url", req_url(r, arena_printf(&r->a, "/consultations/%lld", (long long)draft_id)));
    } else {
        set_str(ctx, "title", tr(r->lang, "New consultation"));
        set_str(ctx, "action", req_url(r, "/staff/consultations/new"));
    }
    set_str(ctx, "list_url", req_url(r, "/staff/consultations"));
    formview_attach(&fv, ctx);
    respond_page(r, status, "consultations/form", ctx);
    return 0;
}

int staff_consultation_new_form(request *r)
{
    draft_in in;
    memset(&in, 0, sizeof in);
    const char *sp = req_query(r, "space");
    in.space_id = sp && parse_int(sp) > 0 ? sp : "";
    for (int k = 0; k < 6; k++) in.v[k] = "";
    in.opens = in.closes = "";
    in.nsec = 1;
    for (int k = 0; k < 6; k++) in.sec[0].v[k] = "";
    return render_form(r, 200, 0, &in);
}

/* Writes the sections of draft_id in form order; new ones are inserted,
 * existing ones (of this draft only) updated so their comments stay. */
static int save_sections(request *r, int64_t draft_id, const draft_in *in)
{
    int pos = 0;
    for (int i = 0; i < in->nsec; i++) {
        const section_in *s = &in->sec[i];
        if (s->id == 0 && section_blank(s)) continue;
        pos++;
        if (s->id > 0) {
            db_param p[] = {DB_INT(pos), DB_TEXT(s->v[0]), DB_TEXT(s->v[1]), DB_TEXT(s->v[2]), DB_TEXT(s->v[3]),
                            DB_TEXT(s->v[4]), DB_TEXT(s->v[5]), DB_INT(s->id), DB_INT(draft_id)};
            if (db_exec(r->db, "UPDATE draft_sections SET position = $1, heading_fi = $2, heading_sv = $3,"
                               " heading_en = $4, body_fi = $5, body_sv = $6, body_en = $7"
                               " WHERE id = $8 AND draft_id = $9", 9, p) < 0)
                return -1;
        } else {
            db_param p[] = {DB_INT(draft_id), DB_INT(pos), DB_TEXT(s->v[0]), DB_TEXT(s->v[1]), DB_TEXT(s->v[2]),
                            DB_TEXT(s->v[3]), DB_TEXT(s->v[4]), DB_TEXT(s->v[5])};
            if (db_exec(r->db, "INSERT INTO draft_sections (draft_id, position, heading_fi, heading_sv, heading_en,"
                               " body_fi, body_sv, body_en) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)", 8, p) < 0)
                return -1;
        }
    }
    return 0;
}

/* "Add section" re-renders with one more empty section and checks nothing. */
static bool wants_more(request *r, draft_in *in)
{
    if (!req_form(r, "add_section")) return false;
    if (in->nsec < MAX_SECTIONS) {
        section_in *s = &in->sec[in->nsec++];
        memset(s, 0, sizeof *s);
        for (int k = 0; k < 6; k++) s->v[k] = "";
    }
    return true;
}

int staff_consultation_create(request *r)
{
    draft_in *in = arena_alloc(&r->a, sizeof *in);
    read_form(r, in);
    if (wants_more(r, in)) return render_form(r, 200, 0, in);
    int64_t space_id;
    long open_day, close_day;
    if (!validate(r, in, &space_id, &open_day, &close_day)) return render_form(r, 400, 0, in);
    if (db_begin(r->db) < 0) return -1;
    db_result res;
    db_param p[] = {DB_INT(space_id), DB_TEXT(in->v[0]), DB_TEXT(in->v[1]), DB_TEXT(in->v[2]), DB_TEXT(in->v[3]),
                    DB_TEXT(in->v[4]), DB_TEXT(in->v[5]), DB_INT(open_day * 86400LL),
                    DB_INT((close_day + 1) * 86400LL), DB_INT(r->user->id), DB_INT(r->now)};
    if (db_query(r->db, &r->a, &res,
                 "INSERT INTO drafts (space_id, title_fi, title_sv, title_en, intro_fi, intro_sv, intro_en, opens_at,"
                 " closes_at, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
                 " RETURNING id", 11, p) < 0)
        return -1;
    int64_t id = db_cell_int(&res, 0, 0);
    if (save_sections(r, id, in) < 0 || db_commit(r->db) < 0) return -1;
    respond_redirect(r, 303, req_url(r, arena_printf(&r->a, "/consultations/%lld", (long long)id)));
    return 0;
}

/* The draft as the form shows it. 1 found, 0 not, -1 error. */
static int load_draft(request *r, int64_t id, draft_in *in)
{
    memset(in, 0, sizeof *in);
    db_result d, s;
    db_param p[] = {DB_INT(id)};
    if (db_query(r->db, &r->a, &d,
                 "SELECT space_id, title_fi, title_sv, title_en, intro_fi, intro_sv, intro_en, opens_at, closes_at"
                 " FROM drafts WHERE id = $1", 1, p) < 0)
        return -1;
    if (id <= 0 || d.nrows == 0) return 0;
    if (db_query(r->db, &r->a, &s,
                 "SELECT id, heading_fi, heading_sv, heading_en, body_fi, body_sv, body_en FROM draft_sections"
                 " WHERE draft_id = $1 ORDER BY position, id", 1, p) < 0)
        return -1;
    in->space_id = db_cell(&d, 0, 0);
    for (int k = 0; k < 6; k++) in->v[k] = db_cell(&d, 0, 1 + k);
    in->opens = draft_open_date(&r->a, db_cell_int(&d, 0, 7), true);
    in->closes = draft_close_date(&r->a, db_cell_int(&d, 0, 8), true);
    in->nsec = s.nrows < MAX_SECTIONS ? s.nrows : MAX_SECTIONS;
    for (int i = 0; i < in->nsec; i++) {
        in->sec[i].id = db_cell_int(&s, i, 0);
        for (int k = 0; k < 6; k++) in->sec[i].v[k] = db_cell(&s, i, 1 + k);
    }
    if (in->nsec == 0) {
        in->nsec = 1;
        for (int k = 0; k < 6; k++) in->sec[0].v[k] = "";
    }
    return 1;
}

int staff_consultation_edit_form(request *r)
{
    int64_t id = draft_param_id(r, "id");
    draft_in *in = arena_alloc(&r->a, sizeof *in);
    int found = load_draft(r, id, in);
    if (found < 0) return -1;
    if (!found) {
        respond_error(r, 404, NULL);
        return 0;
    }
    return render_form(r, 200, id, in);
}

int staff_consultation_update(request *r)
{
    int64_t id = draft_param_id(r, "id");
    draft_in *in = arena_alloc(&r->a, sizeof *in);
    int found = load_draft(r, id, in);
    if (found < 0) return -1;
    if (!found) {
        respond_error(r, 404, NULL);
        return 0;
    }
    read_form(r, in);
    if (wants_more(r, in)) return render_form(r, 200, id, in);
    int64_t space_id;
    long open_day, close_day;
    if (!validate(r, in, &space_id, &open_day, &close_day)) return render_form(r, 400, id, in);
    if (db_begin(r->db) < 0) return -1;
    db_param p[] = {DB_INT(space_id), DB_TEXT(in->v[0]), DB_TEXT(in->v[1]), DB_TEXT(in->v[2]), DB_TEXT(in->v[3]),
                    DB_TEXT(in->v[4]), DB_TEXT(in->v[5]), DB_INT(open_day * 86400LL),
                    DB_INT((close_day + 1) * 86400LL), DB_INT(id)};
    if (db_exec(r->db, "UPDATE drafts SET space_id = $1, title_fi = $2, title_sv = $3, title_en = $4, intro_fi = $5,"
                       " intro_sv = $6, intro_en = $7, opens_at = $8, closes_at = $9 WHERE id = $10", 10, p) < 0 ||
        save_sections(r, id, in) < 0 || db_commit(r->db) < 0)
        return -1;
    respond_redirect(r, 303, req_url(r, arena_printf(&r->a, "/consultations/%lld", (long long)id)));
    return 0;
}

/* ---- the list ---- */

int staff_consultations_list(request *r)
{
    db_result res;
    if (db_query(r->db, &r->a, &res,
                 "SELECT d.id, d.title_fi, d.title_sv, d.title_en, s.title_fi, s.title_sv, s.title_en, d.opens_at,"
                 " d.closes_at, d.summary_published_at,"
                 " (SELECT COALESCE(SUM(x.comment_count), 0) FROM draft_sections x WHERE x.draft_id = d.id)"
                 " FROM drafts d JOIN spaces s ON s.id = d.space_id ORDER BY d.closes_at DESC, d.id DESC", 0, NULL) < 0)
        return -1;
    json_t *items = json_array();
    for (int i = 0; i < res.nrows; i++) {
        const char *id = db_cell(&res, i, 0);
        int64_t opens = db_cell_int(&res, i, 7), closes = db_cell_int(&res, i, 8);
        draft_state st = draft_state_at(opens, closes, r->now);
        const char *state = st == DRAFT_OPEN ? tr(r->lang, "Open") : st == DRAFT_UPCOMING ? tr(r->lang, "Upcoming")
                                                                                          : tr(r->lang, "Ended");
        json_t *o = json_object();
        set_str(o, "title", draft_pick(&res, i, 1, r->lang));
        set_str(o, "space", draft_pick(&res, i, 4, r->lang));
        set_str(o, "state", state);
        set_str(o, "dates", arena_printf(&r->a, "%s–%s", draft_open_date(&r->a, opens, false),
                                         draft_close_date(&r->a, closes, false)));
        set_str(o, "comments", db_cell(&res, i, 10));
        set_str(o, "url", req_url(r, arena_concat(&r->a, "/consultations/", id, NULL)));
        set_str(o, "edit_url", req_url(r, arena_concat(&r->a, "/staff/consultations/", id, "/edit", NULL)));
        set_str(o, "summary_url", req_url(r, arena_concat(&r->a, "/staff/consultations/", id, "/summary", NULL)));
        json_object_set_new(o, "has_summary", json_boolean(db_cell(&res, i, 9) != NULL));
        json_array_append_new(items, o);
    }
    json_t *ctx = json_object();
    set_str(ctx, "title", tr(r->lang, "Manage consultations"));
    set_str(ctx, "new_url", req_url(r, "/staff/consultations/new"));
    json_object_set_new(ctx, "items", items);
    json_object_set_new(ctx, "empty", json_boolean(res.nrows == 0));
    respond_page(r, 200, "consultations/staff_list", ctx);
    return 0;
}

/* ---- the summary ---- */

static int render_summary(request *r, int status, int64_t id, const db_result *d, const char *const v[3],
                          const char *const err[3])
{
    static const char *const names[3] = {"summary_fi", "summary_sv", "summary_en"};
    const char *labels[3] = {tr(r->lang, "Summary of changes in Finnish"), tr(r->lang, "Summary of changes in Swedish"),
                             tr(r->lang, "Summary of changes in English")};
    int64_t closes = db_cell_int(d, 0, 5);
    bool closed = draft_state_at(db_cell_int(d, 0, 4), closes, r->now) == DRAFT_CLOSED;
    json_t *ctx = json_object();
    formview fv;
    formview_init(&fv);
    for (int k = 0; k < 3; k++)
        formview_field(&fv, names[k], labels[k], "textarea", v[k], err[k], "off",
                       k == 0 ? tr(r->lang, "What changed in the plan because of the comments, and what did not and why. Markdown.")
                              : NULL,
                       k == 0);
    set_str(ctx, "title", tr(r->lang, "Publish the summary"));
    set_str(ctx, "draft_title", draft_pick(d, 0, 1, r->lang));
    set_str(ctx, "action", req_url(r, arena_printf(&r->a, "/staff/consultations/%lld/summary", (long long)id)));
    set_str(ctx, "view_url", req_url(r, arena_printf(&r->a, "/consultations/%lld", (long long)id)));
    json_object_set_new(ctx, "closed", json_boolean(closed));
    json_object_set_new(ctx, "published", json_boolean(db_cell(d, 0, 9) != NULL));
    if (!closed) {
        const char *msg = tr(r->lang, "The summary can be published after the consultation closes on {date}.");
        const char *at = strstr(msg, "{date}");
        set_str(ctx, "not_yet", at ? arena_printf(&r->a, "%.*s%s%s", (int)(at - msg), msg,
                                                  draft_close_date(&r->a, closes, false), at + 6)
                                   : msg);
    }
    formview_attach(&fv, ctx);
    respond_page(r, status, "consultations/summary", ctx);
    return 0;
}

static int load_summary(request *r, int64_t id, db_result *d)
{
    db_param p[] = {DB_INT(id)};
    if (db_query(r->db, &r->a, d,
                 "SELECT id, title_fi, title_sv, title_en, opens_at, closes_at, summary_fi, summary_sv, summary_en,"
                 " summary_published_at, space_id FROM drafts WHERE id = $1", 1, p) < 0)
        return -1;
    return id > 0 && d->nrows > 0;
}

int staff_consultation_summary_form(request *r)
{
    int64_t id = draft_param_id(r, "id");
    db_result d;
    int found = load_summary(r, id, &d);
    if (found < 0) return -1;
    if (!found) {
        respond_error(r, 404, NULL);
        return 0;
    }
    const char *v[3] = {db_cell(&d, 0, 6), db_cell(&d, 0, 7), db_cell(&d, 0, 8)};
    const char *err[3] = {0};
    return render_summary(r, 200, id, &d, v, err);
}

int staff_consultation_summary_save(request *r)
{
    int64_t id = draft_param_id(r, "id");
    db_result d;
    int found = load_summary(r, id, &d);
    if (found < 0) return -1;
    if (!found) {
        respond_error(r, 404, NULL);
        return 0;
    }
    const char *v[3] = {form_or_empty(r, "summary_fi"), form_or_empty(r, "summary_sv"), form_or_empty(r, "summary_en")};
    const char *err[3] = {0};
    bool bad = false;
    for (int k = 0; k < 3; k++)
        if (strlen(v[k]) > TEXT_MAX) err[k] = tr(r->lang, "The text must be at most 20,000 characters long."), bad = true;
    if (!*v[0]) err[0] = tr(r->lang, "Write the summary in Finnish."), bad = true;
    if (draft_state_at(db_cell_int(&d, 0, 4), db_cell_int(&d, 0, 5), r->now) != DRAFT_CLOSED) bad = true;
    if (bad) return render_summary(r, 400, id, &d, v, err);
    bool first = db_cell(&d, 0, 9) == NULL;
    if (db_begin(r->db) < 0) return -1;
    db_param p[] = {DB_TEXT(v[0]), DB_TEXT(v[1]), DB_TEXT(v[2]), DB_INT(r->now), DB_INT(id)};
    if (db_exec(r->db, "UPDATE drafts SET summary_fi = $1, summary_sv = $2, summary_en = $3,"
                       " summary_published_at = COALESCE(summary_published_at, $4) WHERE id = $5", 5, p) < 0)
        return -1;
    if (first) {
        /* The title as written: both official languages when both exist. */
        const char *fi = db_cell(&d, 0, 1), *sv = db_cell(&d, 0, 2);
        const char *title = sv && *sv && strcmp(sv, fi) != 0 ? arena_printf(&r->a, "%s / %s", fi, sv) : fi;
        if (notify_followers(r->db, r->now, "draft", id, "space", db_cell_int(&d, 0, 10), r->user->id, "summary",
                             title, arena_printf(&r->a, "/consultations/%lld#c-summary", (long long)id),
                             db_cell_int(&d, 0, 10)) < 0)
            return -1;
    }
    if (db_commit(r->db) < 0) return -1;
    respond_redirect(r, 303, req_url(r, arena_printf(&r->a, "/consultations/%lld", (long long)id)));
    return 0;
}
