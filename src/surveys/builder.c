/* The survey builder for staff, plain forms without JavaScript:
 *   /{lang}/staff/surveys                 list (drafts, open, closed; answer counts)
 *   /{lang}/staff/surveys/new             settings of a new survey
 *   /{lang}/staff/surveys/{id}            settings, completeness, pages and questions
 *   .../pages, .../pages/{pid}, .../pages/{pid}/delete
 *   .../questions/new, .../questions/{qid}, .../delete, .../move
 *   .../publish, .../close, .../duplicate, .../preview
 * Once a survey has answers only texts may change: kinds, options, pages
 * and conditions are refused with a message (answers must stay meaningful). */
#include "internal.h"
#include "../http/formview.h"
#include "../util/json_alloc.h"
#include "../view/i18n.h"
#include "../view/view.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const LANGS[3] = {"fi", "sv", "en"};

static void set_str(json_t *o, const char *k, const char *v) { json_object_set_new(o, k, json_string(v ? v : "")); }

static const char *fval(request *r, const char *name)
{
    const char *v = req_form(r, name);
    return v ? v : "";
}

static bool fchecked(request *r, const char *name) { return req_form(r, name) != NULL; }

static const char *staff_url(request *r, int64_t id, const char *rest)
{
    return req_url(r, arena_printf(&r->a, "/staff/surveys/%lld%s", (long long)id, rest ? rest : ""));
}

static int64_t param_id(request *r, const char *name)
{
    const char *v = req_param(r, name);
    if (!v || !*v || strspn(v, "0123456789") != strlen(v) || strlen(v) > 17) return 0;
    return strtoll(v, NULL, 10);
}

/* Loads the survey of {id}: 1 found; 0 answered 404; -1 error. */
static int load_staff(request *r, survey *s)
{
    int64_t id = param_id(r, "id");
    int rc = id ? survey_load(r->db, &r->a, id, s) : 0;
    if (rc == 0) respond_error(r, 404, NULL);
    return rc;
}

static bool locked(const survey *s) { return s->response_count > 0; }

/* ---- times ----------------------------------------------------------- */

/* "2026-03-31T14:30" (or a date alone) in local time; 0 empty, -1 bad. */
static int64_t parse_local(const char *s)
{
    if (!s || !*s) return 0;
    struct tm tm = {0};
    int y, mo, d, h = 0, mi = 0, n = 0;
    if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3) return -1;
    if (s[n] == 'T' || s[n] == ' ') {
        int m2 = 0;
        if (sscanf(s + n + 1, "%2d:%2d%n", &h, &mi, &m2) != 2) return -1;
        n += 1 + m2;
    }
    if (s[n] || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || y < 2000 || y > 2200) return -1;
    tm.tm_year = y - 1900, tm.tm_mon = mo - 1, tm.tm_mday = d, tm.tm_hour = h, tm.tm_min = mi;
    tm.tm_isdst = -1;
    time_t t = mktime(&tm);
    return t < 0 ? -1 : (int64_t)t;
}

static const char *format_local(request *r, int64_t t, bool human)
{
    if (!t) return "";
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    if (human)
        return arena_printf(&r->a, "%d.%d.%d %02d:%02d", tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900, tm.tm_hour,
                            tm.tm_min);
    return arena_printf(&r->a, "%04d-%02d-%02dT%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                        tm.tm_min);
}

/* ---- slugs ----------------------------------------------------------- */

const char *survey_unique_slug(db *d, arena *a, const char *title)
{
    char base[64];
    size_t n = 0;
    bool dash = false;
    for (const unsigned char *p = (const unsigned char *)title; *p && n < 48; p++) {
        char c = 0;
        if (*p >= 'a' && *p <= 'z') c = (char)*p;
        else if (*p >= 'A' && *p <= 'Z') c = (char)(*p - 'A' + 'a');
        else if (*p >= '0' && *p <= '9') c = (char)*p;
        else if (p[0] == 0xC3 && p[1]) {   /* ä ö å Ä Ö Å é */
            unsigned char x = p[1];
            c = (x == 0xA4 || x == 0x84 || x == 0xA5 || x == 0x85) ? 'a' : (x == 0xB6 || x == 0x96) ? 'o'
                : (x == 0xA9 || x == 0x89) ? 'e' : 0;
            p++;
        }
        if (c) {
            base[n++] = c;
            dash = false;
        } else if (!dash && n > 0) {
            base[n++] = '-';
            dash = true;
        }
    }
    while (n > 0 && base[n - 1] == '-') n--;
    base[n] = '\0';
    if (n == 0 || strspn(base, "0123456789") == n) snprintf(base + n, sizeof base - n, "%skysely", n ? "-" : "");
    for (int i = 1; i < 1000; i++) {
        const char *slug = i == 1 ? arena_strdup(a, base) : arena_printf(a, "%s-%d", base, i);
        db_result res;
        db_param p[] = {DB_TEXT(slug)};
        if (db_query(d, a, &res, "SELECT 1 FROM surveys WHERE slug = $1", 1, p) != 0) return NULL;
        if (res.nrows == 0) return slug;
    }
    return NULL;
}

/* ---- labels ---------------------------------------------------------- */

static const char *status_label(request *r, const survey *s)
{
    if (strcmp(s->status, "draft") == 0) return tr(r->lang, "Draft");
    if (strcmp(s->status, "closed") == 0) return tr(r->lang, "Closed");
    if (survey_is_open(s, r->now)) return tr(r->lang, "Open for answers");
    if (s->opens_at && r->now < s->opens_at) return tr(r->lang, "Published, opens later");
    return tr(r->lang, "Closed");
}

static const char *const KIND_LABELS[SQ_KIND_COUNT] = {
    N_("One choice (radio buttons)"), N_("Several choices (checkboxes)"), N_("Scale (e.g. 1 to 5)"),
    N_("Recommendation 0 to 10 (NPS)"), N_("Yes or no"), N_("Short text"), N_("Long text"),
    N_("Matrix (rows and columns)"), N_("Ranking"),
};

static const char *const AUDIENCES[][2] = {
    {"everyone", N_("Everyone, also without an account")},
    {"registered", N_("Signed-in people")},
    {"group", N_("Members of a group")},
    {"staff", N_("Staff only")},
};

/* ---- list ------------------------------------------------------------ */

int surveys_staff_list(request *r)
{
    /* one query: the surveys and their answer counts (responses_survey index) */
    db_result res;
    if (db_query(r->db, &r->a, &res, "SELECT s.id, s.title_fi, s.title_sv, s.title_en, s.status, s.opens_at, s.closes_at, "
                 "(SELECT COUNT(*) FROM responses x WHERE x.survey_id = s.id AND x.completed = 1) "
                 "FROM surveys s ORDER BY s.created_at DESC, s.id DESC LIMIT 500", 0, NULL) != 0)
        return -1;
    json_t *groups[3] = {json_array(), json_array(), json_array()};   /* drafts, open and upcoming, closed */
    for (int i = 0; i < res.nrows; i++) {
        survey s;
        memset(&s, 0, sizeof s);
        s.id = db_cell_int(&res, i, 0);
        for (int k = 0; k < 3; k++) s.title[k] = db_cell(&res, i, 1 + k) ? db_cell(&res, i, 1 + k) : "";
        s.status = db_cell(&res, i, 4);
        s.opens_at = db_cell_int(&res, i, 5);
        s.closes_at = db_cell_int(&res, i, 6);
        bool upcoming = strcmp(s.status, "published") == 0 && s.opens_at && r->now < s.opens_at;
        int g = strcmp(s.status, "draft") == 0 ? 0 : survey_is_open(&s, r->now) || upcoming ? 1 : 2;
        json_t *it = json_object();
        set_str(it, "title", survey_pick(s.title, r->lang));
        set_str(it, "url", staff_url(r, s.id, NULL));
        set_str(it, "status", status_label(r, &s));
        json_object_set_new(it, "answers", json_integer(db_cell_int(&res, i, 7)));
        set_str(it, "opens", format_local(r, s.opens_at, true));
        set_str(it, "closes", format_local(r, s.closes_at, true));
        json_array_append_new(groups[g], it);
    }
    static const char *const heads[3] = {N_("Drafts"), N_("Open and upcoming"), N_("Closed")};
    json_t *sections = json_array();
    for (int g = 0; g < 3; g++)
        json_array_append_new(sections, json_pack("{s:s, s:s, s:o, s:b}", "heading", tr(r->lang, heads[g]), "id",
                                                  (const char *[]){"drafts", "open", "closed"}[g], "items", groups[g],
                                                  "empty", json_array_size(groups[g]) == 0));
    json_t *ctx = json_object();
    json_object_set_new(ctx, "sections", sections);
    set_str(ctx, "new_url", req_url(r, "/staff/surveys/new"));
    respond_page(r, 200, "surveys/builder_list", ctx);
    return 0;
}

/* ---- settings form --------------------------------------------------- */

typedef struct sform {
    const char *title[3], *intro[3], *audience, *anonymity, *kind, *opens, *closes, *group;
    bool results_public, ask_background;
    const char *munis[64];
    int nmunis;
    int64_t opens_at, closes_at, group_id;
    const char *err_title, *err_opens, *err_closes, *err_group, *err_anon, *err_audience;
} sform;

static void sform_from_survey(request *r, const survey *s, sform *f)
{
    memset(f, 0, sizeof *f);
    for (int i = 0; i < 3; i++) f->title[i] = s->title[i], f->intro[i] = s->intro[i];
    f->audience = s->audience;
    f->anonymity = s->anonymous ? "anonymous" : "identified";
    f->kind = s->kind;
    f->opens = format_local(r, s->opens_at, false);
    f->closes = format_local(r, s->closes_at, false);
    f->group = s->group_id ? arena_printf(&r->a, "%lld", (long long)s->group_id) : "";
    f->results_public = s->results_public;
    f->ask_background = s->ask_background;
    for (int i = 0; i < s->nmunicipalities && i < 64; i++)
        f->munis[f->nmunis++] = arena_printf(&r->a, "%lld", (long long)s->municipalities[i]);
}

static bool sform_read(request *r, sform *f, const survey *existing)
{
    memset(f, 0, sizeof *f);
    bool ok = true;
    static const char *const tn[3] = {"title_fi", "title_sv", "title_en"};
    static const char *const in[3] = {"intro_fi", "intro_sv", "intro_en"};
    for (int i = 0; i < 3; i++) {
        f->title[i] = fval(r, tn[i]);
        f->intro[i] = fval(r, in[i]);
        if (strlen(f->title[i]) > 200) f->err_title = tr(r->lang, "A title must be at most 200 characters long."), ok = false;
        if (strlen(f->intro[i]) > 20000) f->err_title = tr(r->lang, "The introduction is too long."), ok = false;
    }
    if (!*f->title[0]) f->err_title = tr(r->lang, "Enter a title in Finnish."), ok = false;
    f->audience = fval(r, "audience");
    bool known = false;
    for (size_t i = 0; i < sizeof AUDIENCES / sizeof AUDIENCES[0]; i++)
        if (strcmp(f->audience, AUDIENCES[i][0]) == 0) known = true;
    if (!known) f->audience = "everyone", f->err_audience = tr(r->lang, "Choose who may answer."), ok = false;
    f->anonymity = strcmp(fval(r, "anonymity"), "identified") == 0 ? "identified" : "anonymous";
    f->kind = strcmp(fval(r, "kind"), "satisfaction") == 0 ? "satisfaction" : "survey";
    if (existing && locked(existing) && (strcmp(f->anonymity, "anonymous") == 0) != existing->anonymous)
        f->err_anon = tr(r->lang, "The survey has answers already, so its anonymity cannot change."), ok = false;
    if (strcmp(f->anonymity, "identified") == 0 && strcmp(f->audience, "everyone") == 0)
        f->err_anon = tr(r->lang, "An identified survey needs signed-in respondents: choose another audience or make it anonymous."), ok = false;
    f->group = fval(r, "group_id");
    if (strcmp(f->audience, "group") == 0) {
        db_result res;
        db_param p[] = {DB_INT(strtoll(f->group, NULL, 10))};
        if (db_query(r->db, &r->a, &res, "SELECT id FROM groups WHERE id = $1", 1, p) == 0 && res.nrows == 1)
            f->group_id = db_cell_int(&res, 0, 0);
        else
            f->err_group = tr(r->lang, "Choose the group whose members may answer."), ok = false;
    }
    for (size_t i = 0; i < r->form.count && f->nmunis < 64; i++)
        if (strcmp(r->form.fields[i].name, "municipality") == 0) f->munis[f->nmunis++] = r->form.fields[i].value;
    f->opens = fval(r, "opens_at");
    f->closes = fval(r, "closes_at");
    f->opens_at = parse_local(f->opens);
    f->closes_at = parse_local(f->closes);
    if (f->opens_at < 0) f->err_opens = tr(r->lang, "Enter the time as a date and a time, for example 2026-03-31 09:00."), ok = false;
    if (f->closes_at < 0) f->err_closes = tr(r->lang, "Enter the time as a date and a time, for example 2026-03-31 09:00."), ok = false;
    if (f->opens_at > 0 && f->closes_at > 0 && f->closes_at <= f->opens_at)
        f->err_closes = tr(r->lang, "The survey must close after it opens."), ok = false;
    f->results_public = fchecked(r, "results_public");
    f->ask_background = fchecked(r, "ask_background");
    return ok;
}

static json_t *radios(request *r, const char *name, const char *legend, const char *const (*opts)[2], size_t n,
                      const char *value, const char *error)
{
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s, s:b}", "id", arena_printf(&r->a, "f-%s-%s", name, opts[i][0]),
                                               "name", name, "value", opts[i][0], "label", tr(r->lang, opts[i][1]),
                                               "checked", strcmp(value ? value : "", opts[i][0]) == 0));
    json_t *o = json_pack("{s:s, s:s, s:o}", "id", arena_printf(&r->a, "f-%s", name), "legend", legend, "items", items);
    if (error) set_str(o, "error", error);
    return o;
}

static void add_err(json_t *errors, const char *id, const char *msg)
{
    if (msg) json_array_append_new(errors, json_pack("{s:s, s:s}", "field_id", id, "message", msg));
}

/* Fills ctx with the settings form of f. */
static int settings_ctx(request *r, json_t *ctx, const sform *f)
{
    formview fv;
    formview_init(&fv);
    static const char *const tl[3] = {N_("Title in Finnish"), N_("Title in Swedish"), N_("Title in English")};
    static const char *const il[3] = {N_("Introduction in Finnish"), N_("Introduction in Swedish"), N_("Introduction in English")};
    for (int i = 0; i < 3; i++)
        formview_field(&fv, arena_printf(&r->a, "title_%s", LANGS[i]), tr(r->lang, tl[i]), "text", f->title[i],
                       i == 0 ? f->err_title : NULL, NULL, NULL, i == 0);
    for (int i = 0; i < 3; i++)
        formview_field(&fv, arena_printf(&r->a, "intro_%s", LANGS[i]), tr(r->lang, il[i]), "textarea", f->intro[i],
                       NULL, NULL, i == 0 ? tr(r->lang, "Markdown: **bold**, lists with -, links as [text](address).") : NULL, 0);
    formview_field(&fv, "opens_at", tr(r->lang, "Opens (date and time)"), "datetime-local", f->opens, f->err_opens, NULL,
                   tr(r->lang, "Empty: open as soon as it is published."), 0);
    formview_field(&fv, "closes_at", tr(r->lang, "Closes (date and time)"), "datetime-local", f->closes, f->err_closes, NULL,
                   tr(r->lang, "Empty: open until closed by hand."), 0);
    json_t *errors = fv.errors;
    formview_attach(&fv, ctx);
    json_t *rads = json_array();
    json_array_append_new(rads, radios(r, "audience", tr(r->lang, "Who may answer"), AUDIENCES, 4, f->audience, f->err_audience));
    static const char *const ANON[][2] = {
        {"anonymous", N_("Anonymous: answers are not linked to anyone")},
        {"identified", N_("Identified: staff see who answered")},
    };
    json_array_append_new(rads, radios(r, "anonymity", tr(r->lang, "Anonymity"), ANON, 2, f->anonymity, f->err_anon));
    static const char *const KINDS[][2] = {
        {"survey", N_("Survey")},
        {"satisfaction", N_("Customer satisfaction survey")},
    };
    json_array_append_new(rads, radios(r, "kind", tr(r->lang, "Kind of survey"), KINDS, 2, f->kind, NULL));
    add_err(errors, "f-audience", f->err_audience);
    add_err(errors, "f-anonymity", f->err_anon);
    add_err(errors, "f-group_id", f->err_group);
    json_object_set_new(ctx, "has_errors", json_boolean(json_array_size(errors) > 0));
    json_object_set_new(ctx, "radios", rads);
    db_result res;
    if (db_query(r->db, &r->a, &res, "SELECT id, name_fi, name_sv, name_en FROM groups ORDER BY name_fi", 0, NULL) != 0)
        return -1;
    json_t *gopts = json_array();
    json_array_append_new(gopts, json_pack("{s:s, s:s, s:b}", "value", "", "label", tr(r->lang, "No group"), "selected", 0));
    int li = survey_lang_index(r->lang);
    for (int i = 0; i < res.nrows; i++) {
        const char *nm = db_cell(&res, i, 1 + li);
        if (!nm || !*nm) nm = db_cell(&res, i, 1);
        json_array_append_new(gopts, json_pack("{s:s, s:s, s:b}", "value", db_cell(&res, i, 0), "label", nm, "selected",
                                               strcmp(f->group ? f->group : "", db_cell(&res, i, 0)) == 0));
    }
    json_t *gsel = json_pack("{s:s, s:s, s:s, s:o}", "id", "f-group_id", "name", "group_id", "label",
                             tr(r->lang, "Group (when members of a group may answer)"), "options", gopts);
    if (f->err_group) set_str(gsel, "error", f->err_group);
    json_object_set_new(ctx, "group_select", gsel);
    if (db_query(r->db, &r->a, &res, "SELECT id, name_fi, name_sv FROM municipalities ORDER BY name_fi", 0, NULL) != 0)
        return -1;
    json_t *mitems = json_array();
    for (int i = 0; i < res.nrows; i++) {
        bool on = false;
        for (int k = 0; k < f->nmunis; k++)
            if (strcmp(f->munis[k], db_cell(&res, i, 0)) == 0) on = true;
        const char *nm = li == 1 && db_cell(&res, i, 2) && *db_cell(&res, i, 2) ? db_cell(&res, i, 2) : db_cell(&res, i, 1);
        json_array_append_new(mitems, json_pack("{s:s, s:s, s:s, s:s, s:b}", "id", arena_printf(&r->a, "f-municipality-%s", db_cell(&res, i, 0)),
                                                "name", "municipality", "value", db_cell(&res, i, 0), "label", nm, "checked", on));
    }
    json_object_set_new(ctx, "municipalities", json_pack("{s:s, s:s, s:s, s:o}", "id", "f-municipality", "legend",
                                                         tr(r->lang, "Staff-only surveys: limit to staff of these municipalities"),
                                                         "hint", tr(r->lang, "None chosen: all staff."), "items", mitems));
    json_t *checks = json_array();
    json_array_append_new(checks, json_pack("{s:s, s:s, s:s, s:b}", "id", "f-results_public", "name", "results_public", "label",
                                            tr(r->lang, "Results are public"), "checked", f->results_public));
    json_array_append_new(checks, json_pack("{s:s, s:s, s:s, s:b}", "id", "f-ask_background", "name", "ask_background", "label",
                                            tr(r->lang, "Ask the respondent's municipality and group at the end (optional for respondents)"),
                                            "checked", f->ask_background));
    json_object_set_new(ctx, "checks", checks);
    return 0;
}

static int save_municipalities(request *r, int64_t id, const sform *f)
{
    db_param p[] = {DB_INT(id)};
    if (db_exec(r->db, "DELETE FROM survey_municipalities WHERE survey_id = $1", 1, p) != 0) return -1;
    if (strcmp(f->audience, "staff") != 0) return 0;
    for (int i = 0; i < f->nmunis; i++) {
        db_param q[] = {DB_INT(id), DB_INT(strtoll(f->munis[i], NULL, 10))};
        if (db_exec(r->db, "INSERT INTO survey_municipalities(survey_id, municipality_id) SELECT $1, id FROM municipalities "
                           "WHERE id = $2 ON CONFLICT DO NOTHING", 2, q) != 0)
            return -1;
    }
    return 0;
}

int surveys_staff_new_form(request *r)
{
    sform f = {0};
    for (int i = 0; i < 3; i++) f.title[i] = f.intro[i] = "";
    f.audience = "everyone", f.anonymity = "anonymous", f.kind = "survey", f.opens = f.closes = f.group = "";
    f.ask_background = true;
    json_t *ctx = json_object();
    set_str(ctx, "title", tr(r->lang, "New survey"));
    set_str(ctx, "action", req_url(r, "/staff/surveys/new"));
    set_str(ctx, "list_url", req_url(r, "/staff/surveys"));
    if (settings_ctx(r, ctx, &f) != 0) return -1;
    respond_page(r, 200, "surveys/builder_new", ctx);
    return 0;
}

int surveys_staff_create(request *r)
{
    sform f;
    if (!sform_read(r, &f, NULL)) {
        json_t *ctx = json_object();
        set_str(ctx, "title", tr(r->lang, "New survey"));
        set_str(ctx, "action", req_url(r, "/staff/surveys/new"));
        set_str(ctx, "list_url", req_url(r, "/staff/surveys"));
        if (settings_ctx(r, ctx, &f) != 0) return -1;
        respond_page(r, 400, "surveys/builder_new", ctx);
        return 0;
    }
    if (db_begin(r->db) != 0) return -1;
    const char *slug = survey_unique_slug(r->db, &r->a, f.title[0]);
    db_result res;
    db_param p[] = {DB_TEXT(slug), DB_TEXT(f.kind), DB_TEXT(f.title[0]), DB_TEXT(f.title[1]), DB_TEXT(f.title[2]),
                    DB_TEXT(f.intro[0]), DB_TEXT(f.intro[1]), DB_TEXT(f.intro[2]), DB_TEXT(f.audience),
                    f.group_id ? DB_INT(f.group_id) : DB_NULL, DB_TEXT(f.anonymity),
                    f.opens_at ? DB_INT(f.opens_at) : DB_NULL, f.closes_at ? DB_INT(f.closes_at) : DB_NULL,
                    DB_INT(f.results_public), DB_INT(f.ask_background), DB_INT(r->user->id), DB_INT(r->now)};
    if (!slug ||
        db_query(r->db, &r->a, &res, "INSERT INTO surveys(slug, kind, title_fi, title_sv, title_en, intro_fi, intro_sv, "
                 "intro_en, audience, group_id, anonymity, opens_at, closes_at, results_public, ask_background, "
                 "created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
                 "$14, $15, $16, $17, $17) RETURNING id", 17, p) != 0 || res.nrows != 1)
        goto fail;
    int64_t id = db_cell_int(&res, 0, 0);
    db_param pp[] = {DB_INT(id)};
    if (save_municipalities(r, id, &f) != 0 ||
        db_exec(r->db, "INSERT INTO survey_pages(survey_id, position) VALUES ($1, 1)", 1, pp) != 0 || db_commit(r->db) != 0)
        goto fail;
    respond_redirect(r, 303, staff_url(r, id, "?done=created"));
    return 0;
fail:
    db_rollback(r->db);
    return -1;
}

/* ---- edit page ------------------------------------------------------- */

static const char *question_summary(request *r, const survey *s, int64_t qid, int64_t oid)
{
    const survey_question *q = survey_question_by_id(s, qid);
    if (!q) return "";
    int idx = (int)(q - s->questions) + 1;
    const char *opt = "";
    if (q->kind == SQ_YESNO) opt = tr(r->lang, oid == 1 ? "Yes" : "No");
    else {
        const survey_option *o = survey_option_by_id(q, oid);
        if (o) opt = survey_pick(o->text, r->lang);
    }
    return arena_printf(&r->a, "%d. %s = %s", idx, survey_pick(q->text, r->lang), opt);
}

/* Options of a condition select: questions before (page, position) of kind
 * single, multi or yesno, each option a choice "QID:OID". */
static json_t *condition_options(request *r, const survey *s, int before_index, int page_limit, int64_t cq, int64_t co)
{
    json_t *arr = json_array();
    json_array_append_new(arr, json_pack("{s:s, s:s, s:b}", "value", "", "label", tr(r->lang, "Always shown"), "selected", cq == 0));
    for (int i = 0; i < s->nquestions; i++) {
        const survey_question *q = &s->questions[i];
        if (before_index >= 0 && i >= before_index) break;
        if (page_limit >= 0 && q->page_index >= page_limit) break;
        if (q->kind != SQ_SINGLE && q->kind != SQ_MULTI && q->kind != SQ_YESNO) continue;
        int n = q->kind == SQ_YESNO ? 2 : q->noptions;
        for (int k = 0; k < n; k++) {
            int64_t oid = q->kind == SQ_YESNO ? (k == 0 ? 1 : 0) : q->options[k].id;
            const char *fmt = q->kind == SQ_MULTI ? tr(r->lang, "Only when the answer to {q} includes {o}")
                                                  : tr(r->lang, "Only when the answer to {q} is {o}");
            const char *qs = arena_printf(&r->a, "%d. %s", i + 1, survey_pick(q->text, r->lang));
            const char *os = q->kind == SQ_YESNO ? tr(r->lang, oid ? "Yes" : "No") : survey_pick(q->options[k].text, r->lang);
            buf b = {0};
            for (const char *c = fmt; *c;) {
                if (!strncmp(c, "{q}", 3)) buf_puts(&b, qs), c += 3;
                else if (!strncmp(c, "{o}", 3)) buf_puts(&b, os), c += 3;
                else buf_putc(&b, *c++);
            }
            json_array_append_new(arr, json_pack("{s:s, s:s, s:b}", "value", arena_printf(&r->a, "%lld:%lld", (long long)q->id, (long long)oid),
                                                 "label", b.data ? b.data : "", "selected", cq == q->id && co == oid));
            buf_free(&b);
        }
    }
    return arr;
}

static json_t *completeness(request *r, const survey *s, bool *publishable)
{
    static const char *const names[3] = {N_("In Finnish"), N_("In Swedish"), N_("In English")};
    json_t *arr = json_array();
    *publishable = s->nquestions > 0;
    for (int li = 0; li < 3; li++) {
        const char **items;
        int n = survey_missing_texts(s, li, &r->a, r->lang, &items);
        json_t *list = json_array();
        for (int i = 0; i < n; i++) json_array_append_new(list, json_string(items[i]));
        const char *summary = n == 0 ? arena_concat(&r->a, tr(r->lang, names[li]), ": ", tr(r->lang, "complete"), NULL)
                              : arena_concat(&r->a, tr(r->lang, names[li]), ": ",
                                             tr_fill(r, n == 1 ? N_("{n} text missing") : N_("{n} texts missing"), n), NULL);
        if (li < SURVEY_REQUIRED_LANGS && n > 0) *publishable = false;
        json_array_append_new(arr, json_pack("{s:s, s:o, s:b, s:b, s:b}", "summary", summary, "missing", list, "has_missing",
                                             n > 0, "required", li < SURVEY_REQUIRED_LANGS, "optional", li >= SURVEY_REQUIRED_LANGS));
    }
    return arr;
}

static int render_edit(request *r, int status, const survey *s, const sform *fin, const char *action_error, const char *notice)
{
    json_t *ctx = json_object();
    set_str(ctx, "title", survey_pick(s->title, r->lang));
    set_str(ctx, "list_url", req_url(r, "/staff/surveys"));
    set_str(ctx, "status", status_label(r, s));
    json_object_set_new(ctx, "answers", json_integer(s->response_count));
    json_object_set_new(ctx, "locked", json_boolean(locked(s)));
    set_str(ctx, "action", staff_url(r, s->id, NULL));
    set_str(ctx, "preview_url", staff_url(r, s->id, "/preview"));
    set_str(ctx, "publish_action", staff_url(r, s->id, "/publish"));
    set_str(ctx, "close_action", staff_url(r, s->id, "/close"));
    set_str(ctx, "duplicate_action", staff_url(r, s->id, "/duplicate"));
    set_str(ctx, "add_page_action", staff_url(r, s->id, "/pages"));
    set_str(ctx, "new_question_url", staff_url(r, s->id, "/questions/new"));
    if (strcmp(s->status, "draft") != 0) set_str(ctx, "public_url", req_url(r, arena_concat(&r->a, "/surveys/", s->slug, NULL)));
    json_object_set_new(ctx, "can_publish", json_boolean(strcmp(s->status, "published") != 0));
    json_object_set_new(ctx, "can_close", json_boolean(strcmp(s->status, "published") == 0));
    if (action_error) set_str(ctx, "action_error", action_error);
    if (notice) set_str(ctx, "notice", notice);
    bool publishable;
    json_object_set_new(ctx, "lang_status", completeness(r, s, &publishable));
    json_object_set_new(ctx, "publishable", json_boolean(publishable));
    sform f;
    if (!fin) sform_from_survey(r, s, &f), fin = &f;
    if (settings_ctx(r, ctx, fin) != 0) return -1;
    json_t *pages = json_array();
    for (int p = 0; p < s->npages; p++) {
        const survey_page *pg = &s->pages[p];
        json_t *pj = json_object();
        json_object_set_new(pj, "number", json_integer(p + 1));
        set_str(pj, "id", arena_printf(&r->a, "%lld", (long long)pg->id));
        set_str(pj, "action", staff_url(r, s->id, arena_printf(&r->a, "/pages/%lld", (long long)pg->id)));
        set_str(pj, "delete_action", staff_url(r, s->id, arena_printf(&r->a, "/pages/%lld/delete", (long long)pg->id)));
        for (int i = 0; i < 3; i++) set_str(pj, arena_printf(&r->a, "title_%s", LANGS[i]), pg->title[i]);
        json_object_set_new(pj, "conditions", condition_options(r, s, -1, p, pg->cond_question_id, pg->cond_option_id));
        json_object_set_new(pj, "can_have_condition", json_boolean(p > 0));
        if (pg->cond_question_id) set_str(pj, "condition", question_summary(r, s, pg->cond_question_id, pg->cond_option_id));
        json_t *qs = json_array();
        for (int i = pg->first_question; i < pg->first_question + pg->nquestions; i++) {
            const survey_question *q = &s->questions[i];
            json_t *qj = json_object();
            json_object_set_new(qj, "number", json_integer(i + 1));
            set_str(qj, "text", survey_pick(q->text, r->lang));
            set_str(qj, "kind", tr(r->lang, KIND_LABELS[q->kind]));
            json_object_set_new(qj, "required", json_boolean(q->required));
            if (q->cond_question_id) set_str(qj, "condition", question_summary(r, s, q->cond_question_id, q->cond_option_id));
            set_str(qj, "edit_url", staff_url(r, s->id, arena_printf(&r->a, "/questions/%lld", (long long)q->id)));
            set_str(qj, "delete_action", staff_url(r, s->id, arena_printf(&r->a, "/questions/%lld/delete", (long long)q->id)));
            set_str(qj, "move_action", staff_url(r, s->id, arena_printf(&r->a, "/questions/%lld/move", (long long)q->id)));
            json_object_set_new(qj, "can_up", json_boolean(i > pg->first_question));
            json_object_set_new(qj, "can_down", json_boolean(i < pg->first_question + pg->nquestions - 1));
            json_array_append_new(qs, qj);
        }
        json_object_set_new(pj, "questions", qs);
        json_object_set_new(pj, "has_questions", json_boolean(json_array_size(qs) > 0));
        json_object_set_new(pj, "can_delete", json_boolean(s->npages > 1 && pg->nquestions == 0));
        json_array_append_new(pages, pj);
    }
    json_object_set_new(ctx, "pages", pages);
    if (action_error) {
        json_t *errs = json_object_get(ctx, "errors");
        json_array_insert_new(errs, 0, json_pack("{s:s, s:s}", "field_id", "actions", "message", action_error));
        json_object_set_new(ctx, "has_errors", json_true());
    }
    respond_page(r, status, "surveys/builder_edit", ctx);
    return 0;
}

static const char *done_notice(request *r)
{
    const char *d = req_query(r, "done");
    if (!d) return NULL;
    static const char *const map[][2] = {
        {"created", N_("The survey was created. Add questions below.")},
        {"saved", N_("The settings were saved.")},
        {"published", N_("The survey is published.")},
        {"closed", N_("The survey is closed.")},
        {"duplicated", N_("This is a copy of the survey, saved as a draft.")},
        {"question", N_("The question was saved.")},
        {"removed", N_("The question was removed.")},
        {"moved", N_("The question was moved.")},
        {"page", N_("The page was saved.")},
        {"page_added", N_("A page was added.")},
        {"page_removed", N_("The page was removed.")},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(d, map[i][0]) == 0) return tr(r->lang, map[i][1]);
    return NULL;
}

int surveys_staff_edit(request *r)
{
    survey s;
    int rc = load_staff(r, &s);
    if (rc <= 0) return rc;
    return render_edit(r, 200, &s, NULL, NULL, done_notice(r));
}

int surveys_staff_save(request *r)
{
    survey s;
    int rc = load_staff(r, &s);
    if (rc <= 0) return rc;
    sform f;
    if (!sform_read(r, &f, &s)) return render_edit(r, 400, &s, &f, NULL, NULL);
    if (db_begin(r->db) != 0) return -1;
    db_param p[] = {DB_INT(s.id), DB_TEXT(f.kind), DB_TEXT(f.title[0]), DB_TEXT(f.title[1]), DB_TEXT(f.title[2]),
                    DB_TEXT(f.intro[0]), DB_TEXT(f.intro[1]), DB_TEXT(f.intro[2]), DB_TEXT(f.audience),
                    f.group_id ? DB_INT(f.group_id) : DB_NULL, DB_TEXT(f.anonymity),
                    f.opens_at ? DB_INT(f.opens_at) : DB_NULL, f.closes_at ? DB_INT(f.closes_at) : DB_NULL,
                    DB_INT(f.results_public), DB_INT(f.ask_background), DB_INT(r->now)};
    if (db_exec(r->db, "UPDATE surveys SET kind = $2, title_fi = $3, title_sv = $4, title_en = $5, intro_fi = $6, "
                "intro_sv = $7, intro_en = $8, audience = $9, group_id = $10, anonymity = $11, opens_at = $12, "
                "closes_at = $13, results_public = $14, ask_background = $15, updated_at = $16 WHERE id = $1", 16, p) != 0 ||
        save_municipalities(r, s.id, &f) != 0 || db_commit(r->db) != 0) {
        db_rollback(r->db);
        return -1;
    }
    respond_redirect(r, 303, staff_url(r, s.id, "?done=saved"));
    return 0;
}

int surveys_staff_publish(request *r)
{
    survey s;
    int rc = load_staff(r, &s);
    if (rc <= 0) return rc;
    bool publishable;
    json_t *langs = completeness(r, &s, &publishable);
    json_decref(langs);
    if (!publishable)
        return render_edit(r, 400, &s, NULL,
                           s.nquestions == 0 ? tr(r->lang, "Add at least one question before publishing.")
                                             : tr(r->lang, "The survey cannot be published before every Finnish and Swedish text is written. See the list of missing texts."),
                           NULL);
    db_param p[] = {DB_INT(s.id), DB_INT(r->now)};
    if (db_exec(r->db, "UPDATE surveys SET status = 'published', updated_at = $2 WHERE id = $1", 2, p) != 0) return -1;
    respond_redirect(r, 303, staff_url(r, s.id, "?done=published"));
    return 0;
}

int surveys_staff_close(request *r)
{
    survey s;
    int rc = load_staff(r, &s);
    if (rc <= 0) return rc;
    db_param p[] = {DB_INT(s.id), DB_INT(r->now)};
    if (db_exec(r->db, "UPDATE surveys SET status = 'closed', updated_at = $2 WHERE id = $1", 2, p) != 0) return -1;
    respond_redirect(r, 303, staff_url(r, s.id, "?done=closed"));
    return 0;
}

/* ---- pages ----------------------------------------------------------- */

static bool parse_condition(const char *v, int64_t *q, int64_t *o)
{
    *q = *o = 0;
    if (!v || !*v) return true;
    long long a, b;
    char tail;
    if (sscanf(v, "%lld:%lld%c", &a, &b, &tail) != 2 || a <= 0 || b < 0) return false;
    *q = a, *o = b;
    return true;
}

/* Whether the condition (q, o) names an option of a choice question that
 * comes before question index before (or before page page_limit). */
static bool condition_valid(const survey *s, int64_t q, int64_t o, int before, int page_limit)
{
    if (!q) return true;
    const survey_question *cq = survey_question_by_id(s, q);
    if (!cq) return false;
    int idx = (int)(cq - s->questions);
    if (before >= 0 && idx >= before) return false;
    if (page_limit >= 0 && cq->page_index >= page_limit) return false;
    if (cq->kind == SQ_YESNO) return o == 0 || o == 1;
    if (cq->kind != SQ_SINGLE && cq->kind != SQ_MULTI) return false;
    for (int i = 0; i < cq->noptions; i++)
        if (cq->options[i].id == o) return true;
    return false;
}

int surveys_staff_page_add(request *r)
{
    survey s;
    int rc = load_staff(r, &s);
    if (rc <= 0) return rc;
    if (locked(&s)) return render_edit(r, 400, &s, NULL, tr(r->lang, "The survey has answers already, so only texts can be changed."), NULL);
    db_param p[] = {DB_INT(s.id), DB_INT(s.npages ? s.pages[s.npages - 1].position + 1 : 1)};
    if (db_exec(r->db, "INSERT INTO survey_pages(survey_id, position) VALUES ($1, $2)", 2, p) != 0) return -1;
    respond_redirect(r, 303, staff_url(r, s.id, "?done=page_added#pages"));
    return 0;
}

static survey_page *page_of(request *r, survey *s)
{
    int64_t pid = param_id(r, "pid");
    for (int i = 0; i < s->npages; i++)
        if (s->pages[i].id == pid) return &s->pages[i];
    respond_error(r, 404, NULL);
    return NULL;
}

int surveys_staff_page_save(request *r)
{
    survey s;
    int rc = load_staff(r, &s);
    if (rc <= 0) return rc;
    survey_page *pg = page_of(r, &s);
    if (!pg) return 0;
    int pi = (int)(pg - s.pages);
    int64_t cq, co;
    if (!parse_condition(fval(r, "condition"), &cq, &co) || !condition_valid(&s, cq, co, -1, pi))
        return render_edit(r, 400, &s, NULL, tr(r->lang, "A page can depend only on a choice question on an earlier page."), NULL);
    if (locked(&s) && (cq != pg->cond_question_id || co != pg->cond_option_id))
        return render_edit(r, 400, &s, NULL, tr(r->lang, "The survey has answers already, so only texts can be changed."), NULL);
    const char *t[3];
    for (int i = 0; i < 3; i++) {
        t[i] = fval(r, arena_printf(&r->a, "page_title_%s", LANGS[i]));
        if (strlen(t[i]) > 200) return render_edit(r, 400, &s, NULL, tr(r->lang, "A title must be at most 200 characters long."), NULL);
    }
    db_param p[] = {DB_INT(pg->id), DB_TEXT(t[0]), DB_TEXT(t[1]), DB_TEXT(t[2]), cq ? DB_INT(cq) : DB_NULL, cq ? DB_INT(co) : DB_NULL};
    if (db_exec(r->db, "UPDATE survey_pages SET title_fi = $2, title_sv = $3, title_en = $4, condition_question_id = $5, "
                "condition_option_id = $6 WHERE id = $1", 6, p) != 0)
        return -1;
    respond_redirect(r, 303, staff_url(r, s.id, "?done=page#pages"));
    return 0;
}

int surveys_staff_page_delete(request *r)
{
    survey s;
    int rc = load_staff(r, &s);
    if (rc <= 0) return rc;
    survey_page *pg = page_of(r, &s);
    if (!pg) return 0;
    if (locked(&s)) return render_edit(r, 400, &s, NULL, tr(r->lang, "The survey has answers already, so only texts can be changed."), NULL);
    if (pg->nquestions > 0 || s.npages < 2)
        return render_edit(r, 400, &s, NULL, tr(r->lang, "Only an empty page can be removed, and a survey keeps at least one page."), NULL);
    db_param p[] = {DB_INT(pg->id)};
    if (db_exec(r->db, "DELETE FROM survey_pages WHERE id = $1", 1, p) != 0) return -1;
    respond_redirect(r, 303, staff_url(r, s.id, "?done=page_removed#pages"));
    return 0;
}

/* ---- questions ------------------------------------------------------- */

#define MAX_LINES 60

typedef struct qform {
    int kind;
    bool required, has_other;
    const char *text[3], *help[3], *min_label[3], *max_label[3];
    const char *options[3], *rows[3];      /* one per line, as typed */
    const char *scale_min, *scale_max, *condition, *page;
    const char *opt_lines[3][MAX_LINES], *row_lines[3][MAX_LINES];
    int nopt[3], nrow[3];
    int smin, smax;
    int64_t cq, co, page_id;
    const char *err_kind, *err_text, *err_options, *err_rows, *err_scale, *err_condition, *err_page, *err_locked;
} qform;

static int split_lines(request *r, const char *text, const char **out)
{
    int n = 0;
    const char *p = text;
    while (*p && n < MAX_LINES) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        const char *a = p, *b = p + len;
        while (a < b && (*a == ' ' || *a == '\t' || *a == '\r')) a++;
        while (b > a && (b[-1] == ' ' || b[-1] == '\t' || b[-1] == '\r')) b--;
        if (b > a) out[n++] = arena_strndup(&r->a, a, (size_t)(b - a));
        if (!e) break;
        p = e + 1;
    }
    return n;
}

static const char *join_lines(request *r, const survey_option *o, int n, int li)
{
    buf b = {0};
    for (int i = 0; i < n; i++) {
        buf_puts(&b, o[i].text[li]);
        if (i + 1 < n) buf_putc(&b, '\n');
    }
    const char *s = arena_strdup(&r->a, b.data ? b.data : "");
    buf_free(&b);
    return s;
}

static void qform_from_question(request *r, const survey_question *q, qform *f)
{
    memset(f, 0, sizeof *f);
    f->kind = q->kind;
    f->required = q->required, f->has_other = q->has_other;
    for (int i = 0; i < 3; i++) {
        f->text[i] = q->text[i], f->help[i] = q->help[i];
        f->min_label[i] = q->min_label[i], f->max_label[i] = q->max_label[i];
        f->options[i] = join_lines(r, q->options, q->noptions, i);
        f->rows[i] = join_lines(r, q->rows, q->nrows, i);
    }
    f->scale_min = arena_printf(&r->a, "%d", q->scale_min);
    f->scale_max = arena_printf(&r->a, "%d", q->scale_max);
    f->condition = q->cond_question_id ? arena_printf(&r->a, "%lld:%lld", (long long)q->cond_question_id, (long long)q->cond_option_id) : "";
    f->page = arena_printf(&r->a, "%lld", (long long)q->page_id);
}

static bool lines_ok(request *r, const char *lines[3][MAX_LINES], int n[3], const char **err, int min, const char *need_msg)
{
    (void)lines;
    if (n[0] < min) {
        *err = tr(r->lang, need_msg);
        return false;
    }
    for (int i = 1; i < 3; i++)
        if (n[i] != 0 && n[i] != n[0]) {
            *err = tr(r->lang, "Write as many lines in every language as in Finnish, in the same order.");
            return false;
        }
    return true;
}

/* Reads and checks the question form; q is the question being edited or NULL. */
static bool qform_read(request *r, const survey *s, const survey_question *q, qform *f)
{
    memset(f, 0, sizeof *f);
    bool ok = true;
    f->kind = survey_qkind_parse(fval(r, "kind"));
    if (f->kind < 0) f->kind = SQ_SINGLE, f->err_kind = tr(r->lang, "Choose the kind of question."), ok = false;
    f->required = fchecked(r, "required");
    f->has_other = fchecked(r, "has_other") && (f->kind == SQ_SINGLE || f->kind == SQ_MULTI);
    for (int i = 0; i < 3; i++) {
        f->text[i] = fval(r, arena_printf(&r->a, "text_%s", LANGS[i]));
        f->help[i] = fval(r, arena_printf(&r->a, "help_%s", LANGS[i]));
        f->min_label[i] = fval(r, arena_printf(&r->a, "min_label_%s", LANGS[i]));
        f->max_label[i] = fval(r, arena_printf(&r->a, "max_label_%s", LANGS[i]));
        f->options[i] = fval(r, arena_printf(&r->a, "options_%s", LANGS[i]));
        f->rows[i] = fval(r, arena_printf(&r->a, "rows_%s", LANGS[i]));
        if (strlen(f->text[i]) > 1000 || strlen(f->help[i]) > 2000 || strlen(f->options[i]) > 20000 || strlen(f->rows[i]) > 20000)
            f->err_text = tr(r->lang, "The text is too long."), ok = false;
        f->nopt[i] = split_lines(r, f->options[i], f->opt_lines[i]);
        f->nrow[i] = split_lines(r, f->rows[i], f->row_lines[i]);
    }
    if (!*f->text[0]) f->err_text = tr(r->lang, "Write the question in Finnish."), ok = false;
    bool needs_options = f->kind == SQ_SINGLE || f->kind == SQ_MULTI || f->kind == SQ_MATRIX || f->kind == SQ_RANKING;
    if (needs_options && !lines_ok(r, f->opt_lines, f->nopt, &f->err_options, 2, N_("Write at least two options in Finnish, one per line.")))
        ok = false;
    if (f->kind == SQ_MATRIX && !lines_ok(r, f->row_lines, f->nrow, &f->err_rows, 1, N_("Write at least one row in Finnish, one per line.")))
        ok = false;
    if (!needs_options) for (int i = 0; i < 3; i++) f->nopt[i] = 0;
    if (f->kind != SQ_MATRIX) for (int i = 0; i < 3; i++) f->nrow[i] = 0;
    f->scale_min = fval(r, "scale_min");
    f->scale_max = fval(r, "scale_max");
    f->smin = *f->scale_min ? atoi(f->scale_min) : 1;
    f->smax = *f->scale_max ? atoi(f->scale_max) : 5;
    if (f->kind == SQ_SCALE && (f->smin < 0 || f->smin > 1 || f->smax < f->smin + 2 || f->smax > 10))
        f->err_scale = tr(r->lang, "A scale starts at 0 or 1 and ends at 3 to 10."), ok = false;
    if (f->kind != SQ_SCALE) f->smin = 1, f->smax = 5;
    f->condition = fval(r, "condition");
    f->page = fval(r, "page");
    f->page_id = strtoll(f->page, NULL, 10);
    int page_index = -1;
    for (int i = 0; i < s->npages; i++)
        if (s->pages[i].id == f->page_id) page_index = i;
    if (page_index < 0) f->err_page = tr(r->lang, "Choose a page."), ok = false;
    /* the condition's question must come earlier: on an earlier page, or
     * before this question on the same page */
    int before = -1;
    if (q) {
        before = (int)(q - s->questions);
        if (page_index >= 0 && page_index != q->page_index) before = -1;
    }
    int limit = page_index >= 0 ? page_index + 1 : 0;
    if (!parse_condition(f->condition, &f->cq, &f->co) || !condition_valid(s, f->cq, f->co, before, limit) ||
        (q && f->cq == q->id))
        f->err_condition = tr(r->lang, "A question can depend only on a choice question that comes before it."), ok = false;
    if (q && locked(s)) {
        bool changed = f->kind != (int)q->kind || f->required != q->required || f->has_other != q->has_other ||
                       f->nopt[0] != q->noptions || f->nrow[0] != q->nrows || f->cq != q->cond_question_id ||
                       (f->cq && f->co != q->cond_option_id) || f->page_id != q->page_id ||
                       (f->kind == SQ_SCALE && (f->smin != q->scale_min || f->smax != q->scale_max));
        if (changed)
            f->err_locked = tr(r->lang, "The survey has answers already, so only texts can be changed: the kind, options, pages and conditions stay as they are."), ok = false;
    }
    return ok;
}

static int render_question_form(request *r, int status, const survey *s, const survey_question *q, const qform *f)
{
    json_t *ctx = json_object();
    int number = q ? (int)(q - s->questions) + 1 : s->nquestions + 1;
    set_str(ctx, "title", q ? tr_fill(r, "Edit question {n}", number) : tr(r->lang, "New question"));
    set_str(ctx, "survey_title", survey_pick(s->title, r->lang));
    set_str(ctx, "back_url", staff_url(r, s->id, "#pages"));
    set_str(ctx, "action", q ? staff_url(r, s->id, arena_printf(&r->a, "/questions/%lld", (long long)q->id))
                             : staff_url(r, s->id, "/questions/new"));
    json_object_set_new(ctx, "locked", json_boolean(locked(s)));
    formview fv;
    formview_init(&fv);
    static const char *const tl[3] = {N_("Question in Finnish"), N_("Question in Swedish"), N_("Question in English")};
    static const char *const hl[3] = {N_("Help text in Finnish"), N_("Help text in Swedish"), N_("Help text in English")};
    for (int i = 0; i < 3; i++)
        formview_field(&fv, arena_printf(&r->a, "text_%s", LANGS[i]), tr(r->lang, tl[i]), "text", f->text[i],
                       i == 0 ? f->err_text : NULL, NULL, NULL, i == 0);
    for (int i = 0; i < 3; i++)
        formview_field(&fv, arena_printf(&r->a, "help_%s", LANGS[i]), tr(r->lang, hl[i]), "text", f->help[i], NULL, NULL,
                       i == 0 ? tr(r->lang, "Optional: shown under the question.") : NULL, 0);
    json_t *errors = fv.errors;
    formview_attach(&fv, ctx);
    formview ov;
    formview_init(&ov);
    static const char *const ol[3] = {N_("Options in Finnish, one per line"), N_("Options in Swedish, one per line"), N_("Options in English, one per line")};
    static const char *const rl[3] = {N_("Matrix rows in Finnish, one per line"), N_("Matrix rows in Swedish, one per line"), N_("Matrix rows in English, one per line")};
    for (int i = 0; i < 3; i++)
        formview_field(&ov, arena_printf(&r->a, "options_%s", LANGS[i]), tr(r->lang, ol[i]), "textarea", f->options[i],
                       i == 0 ? f->err_options : NULL, NULL,
                       i == 0 ? tr(r->lang, "For one choice, several choices and ranking; for a matrix these are the columns.") : NULL, 0);
    for (int i = 0; i < 3; i++)
        formview_field(&ov, arena_printf(&r->a, "rows_%s", LANGS[i]), tr(r->lang, rl[i]), "textarea", f->rows[i],
                       i == 0 ? f->err_rows : NULL, NULL, NULL, 0);
    formview_field(&ov, "scale_min", tr(r->lang, "Scale starts at"), "number", f->scale_min, f->err_scale, NULL,
                   tr(r->lang, "Scales only: 0 or 1."), 0);
    formview_field(&ov, "scale_max", tr(r->lang, "Scale ends at"), "number", f->scale_max, NULL, NULL,
                   tr(r->lang, "Scales only: 3 to 10."), 0);
    static const char *const mnl[3] = {N_("Label of the lowest value in Finnish"), N_("Label of the lowest value in Swedish"), N_("Label of the lowest value in English")};
    static const char *const mxl[3] = {N_("Label of the highest value in Finnish"), N_("Label of the highest value in Swedish"), N_("Label of the highest value in English")};
    for (int i = 0; i < 3; i++)
        formview_field(&ov, arena_printf(&r->a, "min_label_%s", LANGS[i]), tr(r->lang, mnl[i]), "text", f->min_label[i], NULL, NULL,
                       i == 0 ? tr(r->lang, "Scale and NPS, e.g. \"Very dissatisfied\".") : NULL, 0);
    for (int i = 0; i < 3; i++)
        formview_field(&ov, arena_printf(&r->a, "max_label_%s", LANGS[i]), tr(r->lang, mxl[i]), "text", f->max_label[i], NULL, NULL, NULL, 0);
    size_t ei;
    json_t *e;
    json_array_foreach(ov.errors, ei, e) json_array_append(errors, e);
    json_object_set_new(ctx, "option_fields", ov.fields);
    json_decref(ov.errors);
    json_t *kinds = json_array();
    for (int k = 0; k < SQ_KIND_COUNT; k++)
        json_array_append_new(kinds, json_pack("{s:s, s:s, s:b}", "value", survey_qkind_name((survey_qkind)k), "label",
                                               tr(r->lang, KIND_LABELS[k]), "selected", f->kind == k));
    json_t *ksel = json_pack("{s:s, s:s, s:s, s:o}", "id", "f-kind", "name", "kind", "label", tr(r->lang, "Kind of question"), "options", kinds);
    if (f->err_kind) set_str(ksel, "error", f->err_kind);
    json_t *pages = json_array();
    for (int p = 0; p < s->npages; p++) {
        const char *pt = survey_pick(s->pages[p].title, r->lang);
        const char *label = *pt ? arena_printf(&r->a, "%s: %s", tr_fill(r, "Page {n}", p + 1), pt) : tr_fill(r, "Page {n}", p + 1);
        json_array_append_new(pages, json_pack("{s:s, s:s, s:b}", "value", arena_printf(&r->a, "%lld", (long long)s->pages[p].id),
                                               "label", label, "selected", strcmp(f->page ? f->page : "", arena_printf(&r->a, "%lld", (long long)s->pages[p].id)) == 0));
    }
    json_t *psel = json_pack("{s:s, s:s, s:s, s:o}", "id", "f-page", "name", "page", "label", tr(r->lang, "Page"), "options", pages);
    if (f->err_page) set_str(psel, "error", f->err_page);
    int64_t cq, co;
    parse_condition(f->condition, &cq, &co);
    json_t *csel = json_pack("{s:s, s:s, s:s, s:o}", "id", "f-condition", "name", "condition", "label",
                             tr(r->lang, "Show this question"), "options",
                             condition_options(r, s, q ? (int)(q - s->questions) : -1, -1, cq, co));
    if (f->err_condition) set_str(csel, "error", f->err_condition);
    json_t *selects = json_array();
    json_array_append_new(selects, ksel);
    json_array_append_new(selects, psel);
    json_array_append_new(selects, csel);
    json_object_set_new(ctx, "selects", selects);
    add_err(errors, "f-kind", f->err_kind);
    add_err(errors, "f-page", f->err_page);
    add_err(errors, "f-condition", f->err_condition);
    if (f->err_locked) json_array_insert_new(errors, 0, json_pack("{s:s, s:s}", "field_id", "f-kind", "message", f->err_locked));
    json_object_set_new(ctx, "has_errors", json_boolean(json_array_size(errors) > 0));
    json_t *checks = json_array();
    json_array_append_new(checks, json_pack("{s:s, s:s, s:s, s:b}", "id", "f-required", "name", "required", "label",
                                            tr(r->lang, "An answer is required"), "checked", f->required));
    json_array_append_new(checks, json_pack("{s:s, s:s, s:s, s:b}", "id", "f-has_other", "name", "has_other", "label",
                                            tr(r->lang, "Offer \"Other: ___\" with a text field (choice questions)"), "checked", f->has_other));
    json_object_set_new(ctx, "checks", checks);
    respond_page(r, status, "surveys/builder_question", ctx);
    return 0;
}

int surveys_staff_question_new(request *r)
{
    survey s;
    int rc = load_staff(r, &s);
    if (rc <= 0) return rc;
    if (locked(&s)) return render_edit(r, 400, &s, NULL, tr(r->lang, "The survey has answers already, so only texts can be changed."), NULL);
    qform f;
    memset(&f, 0, sizeof f);
    for (int i = 0; i < 3; i++) f.text[i] = f.help[i] = f.min_label[i] = f.max_label[i] = f.options[i] = f.rows[i] = "";
    f.kind = SQ_SINGLE;
    f.scale_min = "1", f.scale_max = "5", f.condition = "";
    const char *pq = req_query(r, "page");
    f.page = pq ? pq : arena_printf(&r->a, "%lld", (long long)s.pages[s.npages - 1].id);
    return render_question_form(r, 200, &s, NULL, &f);
}

static int store_options(request *r, int64_t qid, const survey_question *old, const qform *f, bool is_row)
{
    const int *n = is_row ? f->nrow : f->nopt;
    const char *const (*lines)[MAX_LINES] = is_row ? f->row_lines : f->opt_lines;
    const survey_option *existing = old ? (is_row ? old->rows : old->options) : NULL;
    int nexisting = old ? (is_row ? old->nrows : old->noptions) : 0;
    if (existing && nexisting == n[0]) {
        /* same count: update the texts in place, so answers keep their options */
        for (int i = 0; i < n[0]; i++) {
            db_param p[] = {DB_INT(existing[i].id), DB_TEXT(lines[0][i]), DB_TEXT(n[1] ? lines[1][i] : ""),
                            DB_TEXT(n[2] ? lines[2][i] : "")};
            if (db_exec(r->db, "UPDATE survey_options SET text_fi = $2, text_sv = $3, text_en = $4 WHERE id = $1", 4, p) != 0)
                return -1;
        }
        return 0;
    }
    db_param d[] = {DB_INT(qid), DB_INT(is_row)};
    if (db_exec(r->db, "DELETE FROM survey_options WHERE question_id = $1 AND is_row = $2", 2, d) != 0) return -1;
    for (int i = 0; i < n[0]; i++) {
        db_param p[] = {DB_INT(qid), DB_INT(i + 1), DB_INT(is_row), DB_TEXT(lines[0][i]), DB_TEXT(n[1] ? lines[1][i] : ""),
                        DB_TEXT(n[2] ? lines[2][i] : "")};
        if (db_exec(r->db, "INSERT INTO survey_options(question_id, position, is_row, text_fi, text_sv, text_en) "
                    "VALUES ($1, $2, $3, $4, $5, $6)", 6, p) != 0)
            return -1;
    }
    return 0;
}

static int store_question(request *r, const survey *s, const survey_question *q, const qform *f)
{
    if (db_begin(r->db) != 0) return -1;
    int64_t qid;
    db_param common[] = {DB_TEXT(survey_qkind_name((survey_qkind)f->kind)), DB_INT(f->required), DB_INT(f->has_other),
                         DB_TEXT(f->text[0]), DB_TEXT(f->text[1]), DB_TEXT(f->text[2]),
                         DB_TEXT(f->help[0]), DB_TEXT(f->help[1]), DB_TEXT(f->help[2]),
                         DB_INT(f->kind == SQ_NPS ? 0 : f->smin), DB_INT(f->kind == SQ_NPS ? 10 : f->smax),
                         DB_TEXT(f->min_label[0]), DB_TEXT(f->min_label[1]), DB_TEXT(f->min_label[2]),
                         DB_TEXT(f->max_label[0]), DB_TEXT(f->max_label[1]), DB_TEXT(f->max_label[2]),
                         f->cq ? DB_INT(f->cq) : DB_NULL, f->cq ? DB_INT(f->co) : DB_NULL, DB_INT(f->page_id),
                         DB_INT(0), DB_INT(s->id)};
    bool scale_labels = f->kind == SQ_SCALE || f->kind == SQ_NPS;
    if (!scale_labels)
        for (int i = 11; i <= 16; i++) common[i] = DB_TEXT("");
    if (q) {
        qid = q->id;
        common[20] = DB_INT(q->id);
        /* moving to another page puts it last there */
        int pos = q->position;
        if (f->page_id != q->page_id) {
            pos = 1;
            for (int i = 0; i < s->nquestions; i++)
                if (s->questions[i].page_id == f->page_id && s->questions[i].position >= pos) pos = s->questions[i].position + 1;
        }
        db_param all[23];
        memcpy(all, common, sizeof common);
        all[22] = DB_INT(pos);
        if (db_exec(r->db, "UPDATE survey_questions SET kind = $1, required = $2, has_other = $3, text_fi = $4, text_sv = $5, "
                    "text_en = $6, help_fi = $7, help_sv = $8, help_en = $9, scale_min = $10, scale_max = $11, "
                    "scale_min_label_fi = $12, scale_min_label_sv = $13, scale_min_label_en = $14, scale_max_label_fi = $15, "
                    "scale_max_label_sv = $16, scale_max_label_en = $17, condition_question_id = $18, "
                    "condition_option_id = $19, page_id = $20, position = $23 WHERE id = $21 AND survey_id = $22", 23, all) != 0)
            goto fail;
    } else {
        int pos = 1;
        for (int i = 0; i < s->nquestions; i++)
            if (s->questions[i].page_id == f->page_id && s->questions[i].position >= pos) pos = s->questions[i].position + 1;
        common[20] = DB_INT(pos);
        db_result res;
        if (db_query(r->db, &r->a, &res, "INSERT INTO survey_questions(kind, required, has_other, text_fi, text_sv, text_en, "
                     "help_fi, help_sv, help_en, scale_min, scale_max, scale_min_label_fi, scale_min_label_sv, "
                     "scale_min_label_en, scale_max_label_fi, scale_max_label_sv, scale_max_label_en, "
                     "condition_question_id, condition_option_id, page_id, position, survey_id) VALUES ($1, $2, $3, $4, "
                     "$5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22) RETURNING id",
                     22, common) != 0 || res.nrows != 1)
            goto fail;
        qid = db_cell_int(&res, 0, 0);
    }
    if (store_options(r, qid, q, f, false) != 0 || store_options(r, qid, q, f, true) != 0) goto fail;
    db_param up[] = {DB_INT(s->id), DB_INT(r->now)};
    if (db_exec(r->db, "UPDATE surveys SET updated_at = $2 WHERE id = $1", 2, up) != 0 || db_commit(r->db) != 0) goto fail;
    return 0;
fail:
    db_rollback(r->db);
    return -1;
}

/* After a change of order or page: every condition must still point back. */
static bool conditions_point_back(const survey *s)
{
    for (int i = 0; i < s->nquestions; i++) {
        const survey_question *q = &s->questions[i];
        if (q->cond_question_id && !condition_valid(s, q->cond_question_id, q->cond_option_id, i, q->page_index + 1))
            return false;
    }
    for (int p = 0; p < s->npages; p++)
        if (s->pages[p].cond_question_id && !condition_valid(s, s->pages[p].cond_question_id, s->pages[p].cond_option_id, -1, p))
            return false;
    return true;
}

int surveys_staff_question_create(request *r)
{
    survey s;
    int rc = load_staff(r, &s);
    if (rc <= 0) return rc;
    if (locked(&s)) return render_edit(r, 400, &s, NULL, tr(r->lang, "The survey has answers already, so only texts can be changed."), NULL);
    qform f;
    if (!qform_read(r, &s, NULL, &f)) return render_question_form(r, 400, &s, NULL, &f);
    if (store_question(r, &s, NULL, &f) != 0) return -1;
    respond_redirect(r, 303, staff_url(r, s.id, "?done=question#pages"));
    return 0;
}

static survey_question *question_of(request *r, survey *s)
{
    survey_question *q = survey_question_by_id(s, param_id(r, "qid"));
    if (!q) respond_error(r, 404, NULL);
    return q;
}

int surveys_staff_question_edit(request *r)
{
    survey s;
    int rc = load_staff(r, &s);
    if (rc <= 0) return rc;
    survey_question *q = question_of(r, &s);
    if (!q) return 0;
    qform f;
    qform_from_question(r, q, &f);
    return render_question_form(r, 200, &s, q, &f);
}

int surveys_staff_question_save(request *r)
{
    survey s;
    int rc = load_staff(r, &s);
    if (rc <= 0) return rc;
    survey_question *q = question_of(r, &s);
    if (!q) return 0;
    qform f;
    if (!qform_read(r, &s, q, &f)) return render_question_form(r, 400, &s, q, &f);
    /* a question others depend on keeps a kind they can depend on */
    if (f.kind != (int)q->kind || f.page_id != q->page_id) {
        for (int i = 0; i < s.nquestions; i++)
            if (s.questions[i].cond_question_id == q->id && f.kind != SQ_SINGLE && f.kind != SQ_MULTI && f.kind != SQ_YESNO) {
                f.err_kind = tr(r->lang, "Other questions are shown depending on this one, so it must stay a choice question.");
                return render_question_form(r, 400, &s, q, &f);
            }
    }
    if (store_question(r, &s, q, &f) != 0) return -1;
    survey after;
    if (survey_load(r->db, &r->a, s.id, &after) != 1) return -1;
    if (!conditions_point_back(&after)) {
        /* undo the move: conditions must refer to earlier questions */
        db_param p[] = {DB_INT(q->id), DB_INT(q->page_id), DB_INT(q->position)};
        if (db_exec(r->db, "UPDATE survey_questions SET page_id = $2, position = $3 WHERE id = $1", 3, p) != 0) return -1;
        if (survey_load(r->db, &r->a, s.id, &after) != 1) return -1;
        return render_edit(r, 400, &after, NULL, tr(r->lang, "The question was saved but not moved: a question must come after the question its display depends on."), NULL);
    }
    respond_redirect(r, 303, staff_url(r, s.id, "?done=question#pages"));
    return 0;
}

int surveys_staff_question_delete(request *r)
{
    survey s;
    int rc = load_staff(r, &s);
    if (rc <= 0) return rc;
    survey_question *q = question_of(r, &s);
    if (!q) return 0;
    if (locked(&s)) return render_edit(r, 400, &s, NULL, tr(r->lang, "The survey has answers already, so only texts can be changed."), NULL);
    for (int i = 0; i < s.nquestions; i++)
        if (s.questions[i].cond_question_id == q->id)
            return render_edit(r, 400, &s, NULL, tr(r->lang, "Another question is shown depending on this one: change its condition first."), NULL);
    for (int p = 0; p < s.npages; p++)
        if (s.pages[p].cond_question_id == q->id)
            return render_edit(r, 400, &s, NULL, tr(r->lang, "A page is shown depending on this question: change its condition first."), NULL);
    db_param p[] = {DB_INT(q->id)};
    if (db_exec(r->db, "DELETE FROM survey_questions WHERE id = $1", 1, p) != 0) return -1;
    respond_redirect(r, 303, staff_url(r, s.id, "?done=removed#pages"));
    return 0;
}

int surveys_staff_question_move(request *r)
{
    survey s;
    int rc = load_staff(r, &s);
    if (rc <= 0) return rc;
    survey_question *q = question_of(r, &s);
    if (!q) return 0;
    if (locked(&s)) return render_edit(r, 400, &s, NULL, tr(r->lang, "The survey has answers already, so only texts can be changed."), NULL);
    int i = (int)(q - s.questions);
    bool up = strcmp(fval(r, "direction"), "up") == 0;
    int j = up ? i - 1 : i + 1;
    if (j < 0 || j >= s.nquestions || s.questions[j].page_id != q->page_id) {
        respond_redirect(r, 303, staff_url(r, s.id, "#pages"));
        return 0;
    }
    /* swap in the model first to check the conditions */
    survey_question tmp = s.questions[i];
    s.questions[i] = s.questions[j];
    s.questions[j] = tmp;
    if (!conditions_point_back(&s)) {
        s.questions[j] = s.questions[i];
        s.questions[i] = tmp;
        return render_edit(r, 400, &s, NULL, tr(r->lang, "The question cannot move there: a question must come after the question its display depends on."), NULL);
    }
    /* positions are renumbered within the page */
    if (db_begin(r->db) != 0) return -1;
    int pos = 1;
    for (int k = 0; k < s.nquestions; k++) {
        if (s.questions[k].page_id != q->page_id && s.questions[k].page_id != tmp.page_id) continue;
        db_param p[] = {DB_INT(s.questions[k].id), DB_INT(pos++)};
        if (db_exec(r->db, "UPDATE survey_questions SET position = $2 WHERE id = $1", 2, p) != 0) {
            db_rollback(r->db);
            return -1;
        }
    }
    if (db_commit(r->db) != 0) return -1;
    respond_redirect(r, 303, staff_url(r, s.id, "?done=moved#pages"));
    return 0;
}

/* ---- duplicate ------------------------------------------------------- */

int surveys_staff_duplicate(request *r)
{
    survey s;
    int rc = load_staff(r, &s);
    if (rc <= 0) return rc;
    if (db_begin(r->db) != 0) return -1;
    db_result res;
    const char *slug = survey_unique_slug(r->db, &r->a, s.title[0]);
    db_param p[] = {DB_TEXT(slug), DB_INT(s.id), DB_INT(r->user->id), DB_INT(r->now)};
    if (!slug || db_query(r->db, &r->a, &res, "INSERT INTO surveys(slug, kind, title_fi, title_sv, title_en, intro_fi, intro_sv, "
                          "intro_en, audience, group_id, anonymity, opens_at, closes_at, status, results_public, "
                          "ask_background, service_point_id, channel, created_by, created_at, updated_at) "
                          "SELECT $1, kind, title_fi, title_sv, title_en, intro_fi, intro_sv, intro_en, audience, group_id, "
                          "anonymity, NULL, NULL, 'draft', results_public, ask_background, service_point_id, channel, $3, $4, $4 "
                          "FROM surveys WHERE id = $2 RETURNING id", 4, p) != 0 || res.nrows != 1)
        goto fail;
    int64_t nid = db_cell_int(&res, 0, 0);
    db_param mp[] = {DB_INT(nid), DB_INT(s.id)};
    if (db_exec(r->db, "INSERT INTO survey_municipalities(survey_id, municipality_id) SELECT $1, municipality_id "
                "FROM survey_municipalities WHERE survey_id = $2", 2, mp) != 0)
        goto fail;
    /* old id -> new id for pages, questions and options */
    int64_t *page_map = arena_alloc(&r->a, sizeof(int64_t) * (size_t)(s.npages + 1));
    int64_t *q_map = arena_alloc(&r->a, sizeof(int64_t) * (size_t)(s.nquestions + 1));
    int nopt_total = 0;
    for (int i = 0; i < s.nquestions; i++) nopt_total += s.questions[i].noptions + s.questions[i].nrows;
    int64_t *o_old = arena_alloc(&r->a, sizeof(int64_t) * (size_t)(nopt_total + 1));
    int64_t *o_new = arena_alloc(&r->a, sizeof(int64_t) * (size_t)(nopt_total + 1));
    int no = 0;
    for (int i = 0; i < s.npages; i++) {
        const survey_page *pg = &s.pages[i];
        db_param pp[] = {DB_INT(nid), DB_INT(pg->position), DB_TEXT(pg->title[0]), DB_TEXT(pg->title[1]), DB_TEXT(pg->title[2])};
        if (db_query(r->db, &r->a, &res, "INSERT INTO survey_pages(survey_id, position, title_fi, title_sv, title_en) "
                     "VALUES ($1, $2, $3, $4, $5) RETURNING id", 5, pp) != 0 || res.nrows != 1)
            goto fail;
        page_map[i] = db_cell_int(&res, 0, 0);
    }
    for (int i = 0; i < s.nquestions; i++) {
        const survey_question *q = &s.questions[i];
        db_param qp[] = {DB_INT(nid), DB_INT(page_map[q->page_index]), DB_INT(q->id)};
        if (db_query(r->db, &r->a, &res, "INSERT INTO survey_questions(survey_id, page_id, position, kind, required, has_other, "
                     "text_fi, text_sv, text_en, help_fi, help_sv, help_en, scale_min, scale_max, scale_min_label_fi, "
                     "scale_min_label_sv, scale_min_label_en, scale_max_label_fi, scale_max_label_sv, scale_max_label_en) "
                     "SELECT $1, $2, position, kind, required, has_other, text_fi, text_sv, text_en, help_fi, help_sv, "
                     "help_en, scale_min, scale_max, scale_min_label_fi, scale_min_label_sv, scale_min_label_en, "
                     "scale_max_label_fi, scale_max_label_sv, scale_max_label_en FROM survey_questions WHERE id = $3 "
                     "RETURNING id", 3, qp) != 0 || res.nrows != 1)
            goto fail;
        q_map[i] = db_cell_int(&res, 0, 0);
        for (int k = 0; k < q->noptions + q->nrows; k++) {
            const survey_option *o = k < q->noptions ? &q->options[k] : &q->rows[k - q->noptions];
            db_param op[] = {DB_INT(q_map[i]), DB_INT(o->position), DB_INT(o->is_row), DB_TEXT(o->text[0]), DB_TEXT(o->text[1]),
                             DB_TEXT(o->text[2])};
            if (db_query(r->db, &r->a, &res, "INSERT INTO survey_options(question_id, position, is_row, text_fi, text_sv, text_en) "
                         "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id", 6, op) != 0 || res.nrows != 1)
                goto fail;
            o_old[no] = o->id;
            o_new[no++] = db_cell_int(&res, 0, 0);
        }
    }
    /* conditions, mapped to the copies */
    for (int pass = 0; pass < 2; pass++) {
        int n = pass == 0 ? s.nquestions : s.npages;
        for (int i = 0; i < n; i++) {
            int64_t cq = pass == 0 ? s.questions[i].cond_question_id : s.pages[i].cond_question_id;
            int64_t co = pass == 0 ? s.questions[i].cond_option_id : s.pages[i].cond_option_id;
            if (!cq) continue;
            const survey_question *src = survey_question_by_id(&s, cq);
            if (!src) continue;
            int64_t ncq = q_map[src - s.questions], nco = co;
            if (src->kind != SQ_YESNO)
                for (int k = 0; k < no; k++)
                    if (o_old[k] == co) nco = o_new[k];
            db_param cp[] = {DB_INT(pass == 0 ? q_map[i] : page_map[i]), DB_INT(ncq), DB_INT(nco)};
            if (db_exec(r->db, pass == 0 ? "UPDATE survey_questions SET condition_question_id = $2, condition_option_id = $3 WHERE id = $1"
                                         : "UPDATE survey_pages SET condition_question_id = $2, condition_option_id = $3 WHERE id = $1",
                        3, cp) != 0)
                goto fail;
        }
    }
    if (db_commit(r->db) != 0) goto fail;
    respond_redirect(r, 303, staff_url(r, nid, "?done=duplicated"));
    return 0;
fail:
    db_rollback(r->db);
    return -1;
}

/* ---- preview --------------------------------------------------------- */

int surveys_staff_preview(request *r)
{
    survey s;
    int rc = load_staff(r, &s);
    if (rc <= 0) return rc;
    const char *action = staff_url(r, s.id, "/preview");
    form f;
    if (strcmp(r->method, "GET") == 0) {
        form empty = {0};
        int pi = 0;
        while (pi < s.npages && !survey_page_visible(&s, pi, &empty)) pi++;
        if (pi >= s.npages) pi = 0;
        return survey_render_page(r, 200, &s, pi, &empty, NULL, 0, action, true, "preview", NULL);
    }
    survey_answer_fields(&s, &r->form, &r->a, &f);
    const char *pstr = req_form(r, "page");
    int pi = pstr ? atoi(pstr) : 0;
    if (pi < 0 || pi >= s.npages) pi = 0;
    const char *act = fval(r, "action");
    int dir = strcmp(act, "back") == 0 ? -1 : 1;
    if (dir > 0 && survey_page_grew(&s, pi, &f, req_form(r, "shown")))
        return survey_render_page(r, 200, &s, pi, &f, NULL, 0, action, true, "preview",
                                  tr(r->lang, "Your answers added questions to this page. Answer them too, then continue."));
    if (dir > 0) {
        survey_error errs[64];
        survey_answer *items;
        int nitems;
        int nerr = survey_validate(&s, &f, pi, &r->a, &items, &nitems, errs, 64);
        if (nerr > 0) return survey_render_page(r, 400, &s, pi, &f, errs, nerr > 64 ? 64 : nerr, action, true, "preview", NULL);
    }
    int nx = pi;
    for (int p = pi + dir; p >= 0 && p < s.npages; p += dir)
        if (survey_page_visible(&s, p, &f)) {
            nx = p;
            break;
        }
    if (nx == pi && dir > 0)
        return survey_render_page(r, 200, &s, pi, &f, NULL, 0, action, true, "preview",
                                  tr(r->lang, "End of the preview: the answers would be sent now. Nothing was saved."));
    return survey_render_page(r, 200, &s, nx, &f, NULL, 0, action, true, "preview", NULL);
}
