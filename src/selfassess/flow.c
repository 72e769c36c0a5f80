/* The resident's self-assessment: the list by need, one page per group of
 * questions with enableWhen applied on the server, and the outcome page.
 *
 * Nothing is kept between pages but the form itself: the answers of the
 * other pages travel as hidden fields, so the flow needs no cookie and the
 * back button keeps every answer. Only the finished assessment is stored,
 * anonymously; its receipt token (a random string in the outcome's address)
 * is the resident's only way back to it. */
#include "selfassess.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../directory/directory.h"
#include "../http/ratelimit.h"
#include "../http/session.h"
#include "../app/app.h"
#include "../view/i18n.h"

#define SA_MAX_FIELD_LEN 5000

/* ---- pages of a questionnaire ---- */

typedef struct sa_page {
    int first, end;        /* items [first, end) */
} sa_page;

/* Each top-level group is a page; top-level questions between groups share one. */
static int pages_of(arena *a, const questionnaire *q, sa_page **out)
{
    sa_page *p = arena_alloc(a, sizeof *p * ((size_t)q->n_items + 1));
    int n = 0;
    for (int i = 0; i < q->n_items; i = q->items[i].end) {
        if (q->items[i].type == QT_GROUP || n == 0 || q->items[p[n - 1].first].type == QT_GROUP)
            p[n++] = (sa_page){i, q->items[i].end};
        else
            p[n - 1].end = q->items[i].end;
    }
    *out = p;
    return n;
}

static bool is_question(const q_item *it)
{
    return it->type != QT_GROUP && it->type != QT_DISPLAY && !it->calculated;
}

/* A page is shown when anything on it is enabled. */
static bool page_enabled(const questionnaire *q, const sa_page *pg, const bool *enabled)
{
    for (int i = pg->first; i < pg->end; i++)
        if (enabled[i] && q->items[i].type != QT_GROUP && !q->items[i].calculated) return true;
    return false;
}

/* ---- answers from the form ---- */

static const char *field_name(request *r, const q_item *it) { return arena_concat(&r->a, "a:", it->link_id, NULL); }
static const char *field_id(request *r, int i) { return arena_printf(&r->a, "q-%d", i); }

/* Accepts 3, -3, 2,5 and 2.5 (Finnish and Swedish write a decimal comma). */
static bool parse_number(const char *s, bool integer, double *out)
{
    while (isspace((unsigned char)*s)) s++;
    if (!*s || strlen(s) > 30) return false;
    char tmp[32];
    size_t n = 0;
    for (const char *p = s; *p; p++) {
        if (isspace((unsigned char)*p)) continue;
        char c = *p == ',' ? '.' : *p;
        if (!(isdigit((unsigned char)c) || c == '.' || (c == '-' && n == 0))) return false;
        if (integer && c == '.') return false;
        tmp[n++] = c;
    }
    tmp[n] = '\0';
    char *end;
    double d = strtod(tmp, &end);
    if (*end || !isfinite(d) || fabs(d) > 1e12) return false;
    *out = d;
    return true;
}

/* 2026-03-01 (input type=date) or 1.3.2026 (typed by hand). */
static const char *parse_date(request *r, const char *s)
{
    int y, m, d;
    char tail;
    if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 || sscanf(s, "%2d.%2d.%4d%c", &d, &m, &y, &tail) == 3) {
        const char *iso = arena_printf(&r->a, "%04d-%02d-%02d", y, m, d);
        q_value v = {.kind = QV_DATE, .str = iso};
        if (y >= 1900 && y <= 2200 && q_value_fits(QT_DATE, &v)) return iso;
    }
    return NULL;
}

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) n++;
    return n;
}

/* One typed value from a raw form value; NULL error when it fits. */
static const char *parse_answer(request *r, const q_item *it, const char *raw, q_value *v)
{
    memset(v, 0, sizeof *v);
    switch (it->type) {
    case QT_BOOLEAN:
        if (strcmp(raw, "true") == 0 || strcmp(raw, "false") == 0) {
            v->kind = QV_BOOL, v->b = raw[0] == 't';
            return NULL;
        }
        return tr(r->lang, "Choose one of the options.");
    case QT_CHOICE:
        for (int k = 0; k < it->n_options; k++)
            if (strcmp(it->options[k].code, raw) == 0) {
                v->kind = QV_CODING, v->str = it->options[k].code, v->system = it->options[k].system;
                return NULL;
            }
        return tr(r->lang, "Choose one of the options.");
    case QT_INTEGER:
        if (parse_number(raw, true, &v->num)) { v->kind = QV_NUM, v->is_integer = true; return NULL; }
        return tr(r->lang, "Write a whole number, for example 3.");
    case QT_DECIMAL:
        if (parse_number(raw, false, &v->num)) { v->kind = QV_NUM; return NULL; }
        return tr(r->lang, "Write a number, for example 2,5.");
    case QT_DATE:
        if ((v->str = parse_date(r, raw))) { v->kind = QV_DATE; return NULL; }
        return tr(r->lang, "Write the date as day.month.year, for example 1.3.2026.");
    case QT_STRING: case QT_TEXT: {
        size_t max = it->max_length ? (size_t)it->max_length : SA_MAX_FIELD_LEN;
        if (utf8_chars(raw) > max) return tr_fill(r, "Write at most {n} characters.", (long)max);
        v->kind = QV_STRING, v->str = raw;
        return NULL;
    }
    default:
        return NULL;
    }
}

/* The raw values the form sent for item i (checkboxes: several). */
static int raw_values(request *r, const char *name, const char **out, int max)
{
    int n = 0;
    for (size_t k = 0; k < r->form.count && n < max; k++)
        if (strcmp(r->form.fields[k].name, name) == 0) {
            const char *v = r->form.fields[k].value;
            while (isspace((unsigned char)*v)) v++;
            if (*v) out[n++] = r->form.fields[k].value;
        }
    return n;
}

static bool form_has(request *r, const char *name, const char *value)
{
    for (size_t k = 0; k < r->form.count; k++)
        if (strcmp(r->form.fields[k].name, name) == 0 && strcmp(r->form.fields[k].value, value) == 0) return true;
    return false;
}

/* Every answer in the form that parses (the rest are ignored here; the page
 * that holds them reports them when it is submitted). */
static q_answers *answers_from_form(request *r, const questionnaire *q)
{
    q_answers *ans = q_answers_new(&r->a, q);
    const char *vals[Q_MAX_ANSWERS_PER_ITEM];
    for (int i = 0; i < q->n_items; i++) {
        const q_item *it = &q->items[i];
        if (!is_question(it)) continue;
        int n = raw_values(r, field_name(r, it), vals, it->repeats ? Q_MAX_ANSWERS_PER_ITEM : 1);
        for (int k = 0; k < n; k++) {
            q_value v;
            if (!parse_answer(r, it, vals[k], &v)) q_answers_add(&r->a, ans, i, v);
        }
    }
    return ans;
}

/* ---- rendering ---- */

static json_t *text_json(request *r, const q_text *t)
{
    const char *lang = NULL;
    const char *s = q_text_get(t, r->lang, &lang);
    json_t *o = json_pack("{s:s}", "text", s ? s : "");
    if (lang && strcmp(lang, r->lang) != 0) {
        json_object_set_new(o, "text_lang", json_string(lang));
        json_object_set_new(o, "text_lang_note", json_string(strcmp(lang, "fi") == 0   ? tr(r->lang, "(in Finnish)")
                                                        : strcmp(lang, "sv") == 0 ? tr(r->lang, "(in Swedish)")
                                                                                  : tr(r->lang, "(in English)")));
    }
    return o;
}

typedef struct page_state {
    const questionnaire *q;
    const sa_page *pages;
    int npages;
    int page;                /* index into pages */
    const bool *enabled;
    const char **errors;     /* per item, or NULL */
    int64_t muni_id;
    const char *muni_code;
} page_state;

static json_t *item_json(request *r, const page_state *ps, int i)
{
    const q_item *it = &ps->q->items[i];
    const char *name = field_name(r, it), *id = field_id(r, i);
    json_t *o = json_pack("{s:s, s:s, s:o, s:b}", "id", id, "name", name, "label", text_json(r, &it->text), "required",
                          it->required);
    const char *err = ps->errors ? ps->errors[i] : NULL;
    if (err) {
        json_object_set_new(o, "error", json_string(err));
        json_object_set_new(o, "describedby", json_string(arena_concat(&r->a, id, "-error", NULL)));
    }
    const char *vals[Q_MAX_ANSWERS_PER_ITEM];
    int nv = raw_values(r, name, vals, Q_MAX_ANSWERS_PER_ITEM);
    bool seen = form_has(r, "seen", it->link_id);
    /* an initial value fills a question the resident has not been shown yet */
    if (nv == 0 && !seen && it->initial.kind != QV_NONE) {
        const q_value *iv = &it->initial;
        vals[0] = iv->kind == QV_BOOL ? (iv->b ? "true" : "false")
                : iv->kind == QV_NUM  ? arena_printf(&r->a, "%g", iv->num)
                                      : iv->str;
        nv = 1;
    }
    if (it->type == QT_CHOICE && nv == 0 && !seen)
        for (int k = 0; k < it->n_options && nv < Q_MAX_ANSWERS_PER_ITEM; k++)
            if (it->options[k].initial_selected) vals[nv++] = it->options[k].code;
    switch (it->type) {
    case QT_DISPLAY:
        json_object_set_new(o, "is_display", json_true());
        break;
    case QT_GROUP:
        json_object_set_new(o, "is_heading", json_true());
        break;
    case QT_BOOLEAN: case QT_CHOICE: {
        json_object_set_new(o, "is_choice", json_true());
        json_object_set_new(o, "input_type", json_string(it->repeats ? "checkbox" : "radio"));
        json_t *opts = json_array();
        int nopt = it->type == QT_BOOLEAN ? 2 : it->n_options;
        for (int k = 0; k < nopt; k++) {
            const char *value = it->type == QT_BOOLEAN ? (k == 0 ? "true" : "false") : it->options[k].code;
            json_t *label = it->type == QT_BOOLEAN ? json_pack("{s:s}", "text", k == 0 ? tr(r->lang, "Yes") : tr(r->lang, "No"))
                                                   : text_json(r, &it->options[k].display);
            bool checked = false;
            for (int v = 0; v < nv; v++) checked |= strcmp(vals[v], value) == 0;
            json_array_append_new(opts, json_pack("{s:s, s:s, s:o, s:b}", "id", arena_printf(&r->a, "%s-%d", id, k),
                                                  "value", value, "label", label, "checked", checked));
        }
        json_object_set_new(o, "options", opts);
        if (it->repeats) json_object_set_new(o, "hint", json_string(tr(r->lang, "Choose all that apply.")));
        break;
    }
    case QT_TEXT:
        json_object_set_new(o, "is_textarea", json_true());
        json_object_set_new(o, "value", json_string(nv ? vals[0] : ""));
        json_object_set_new(o, "maxlength", json_integer(it->max_length ? it->max_length : SA_MAX_FIELD_LEN));
        break;
    default: {
        json_object_set_new(o, "is_input", json_true());
        json_object_set_new(o, "value", json_string(nv ? vals[0] : ""));
        const char *inputmode = it->type == QT_INTEGER ? "numeric" : it->type == QT_DECIMAL ? "decimal" : NULL;
        if (inputmode) json_object_set_new(o, "inputmode", json_string(inputmode));
        json_object_set_new(o, "input_type", json_string(it->type == QT_DATE ? "date" : "text"));
        if (it->type == QT_STRING)
            json_object_set_new(o, "maxlength", json_integer(it->max_length ? it->max_length : SA_MAX_FIELD_LEN));
        if (it->type == QT_DATE) json_object_set_new(o, "hint", json_string(tr(r->lang, "For example 1.3.2026")));
        if (it->type == QT_DECIMAL) json_object_set_new(o, "hint", json_string(tr(r->lang, "For example 2,5")));
        break;
    }
    }
    if (it->read_only && is_question(it)) json_object_set_new(o, "readonly", json_true());
    return o;
}

/* "Page 2 of 4" in the page's language. */
static const char *page_of_text(request *r, int current, int total)
{
    const char *t = tr_fill(r, "Page {n} of {total}", current);
    const char *at = strstr(t, "{total}");
    return at ? arena_printf(&r->a, "%.*s%d%s", (int)(at - t), t, total, at + 7) : t;
}

static int render_page(request *r, int status, const sa_flow *f, const page_state *ps, const char *notice)
{
    const sa_version *v = f->v;
    const questionnaire *q = ps->q;
    const sa_page *pg = &ps->pages[ps->page];
    json_t *ctx = json_pack("{s:o, s:s, s:b}", "title", text_json(r, &q->title), "action", f->action, "preview",
                            f->preview);
    json_object_set_new(ctx, "page", json_integer(ps->page));
    /* "page 2 of 4" counts the pages this resident will see as answered so far */
    int shown_total = 0, current = 0;
    for (int p = 0; p < ps->npages; p++)
        if (page_enabled(q, &ps->pages[p], ps->enabled)) {
            shown_total++;
            if (p <= ps->page) current++;
        }
    if (shown_total < 1) shown_total = 1;
    json_object_set_new(ctx, "progress",
                        json_pack("{s:s, s:i, s:i}", "text", page_of_text(r, current, shown_total), "current",
                                  current, "total", shown_total));
    bool has_back = false, is_last = true;
    for (int p = 0; p < ps->page; p++) has_back |= page_enabled(q, &ps->pages[p], ps->enabled);
    for (int p = ps->page + 1; p < ps->npages; p++) is_last &= !page_enabled(q, &ps->pages[p], ps->enabled);
    json_object_set_new(ctx, "has_back", json_boolean(has_back));
    json_object_set_new(ctx, "is_last", json_boolean(is_last));
    if (notice) json_object_set_new(ctx, "notice", json_string(notice));
    if (q->items[pg->first].type == QT_GROUP)
        json_object_set_new(ctx, "page_title", text_json(r, &q->items[pg->first].text));

    json_t *items = json_array(), *errors = json_array();
    bool *on_page = arena_alloc(&r->a, (size_t)q->n_items + 1);
    for (int i = pg->first; i < pg->end; i++) {
        const q_item *it = &q->items[i];
        if (!ps->enabled[i] || it->calculated) continue;
        if (i == pg->first && it->type == QT_GROUP) continue;   /* it is the page's heading */
        on_page[i] = true;
        json_array_append_new(items, item_json(r, ps, i));
        if (ps->errors && ps->errors[i]) {
            const char *label = q_text_get(&it->text, r->lang, NULL);
            json_array_append_new(errors, json_pack("{s:s, s:s}", "field_id",
                                                    it->type == QT_CHOICE || it->type == QT_BOOLEAN
                                                        ? arena_printf(&r->a, "%s-0", field_id(r, i))
                                                        : field_id(r, i),
                                                    "message", arena_printf(&r->a, "%s: %s", label ? label : "",
                                                                            ps->errors[i])));
        }
    }
    json_object_set_new(ctx, "items", items);
    if (json_array_size(errors)) {
        json_object_set_new(ctx, "errors", errors);
        json_object_set_new(ctx, "has_errors", json_true());
    }
    /* every other answer rides along, as typed, and so do the linkIds shown so far */
    json_t *hidden = json_array();
    for (int i = 0; i < q->n_items; i++) {
        if (on_page[i] || !is_question(&q->items[i])) continue;
        const char *name = field_name(r, &q->items[i]);
        const char *vals[Q_MAX_ANSWERS_PER_ITEM];
        int nv = raw_values(r, name, vals, Q_MAX_ANSWERS_PER_ITEM);
        for (int k = 0; k < nv; k++) json_array_append_new(hidden, json_pack("{s:s, s:s}", "name", name, "value", vals[k]));
    }
    for (int i = 0; i < q->n_items; i++)
        if (on_page[i] || form_has(r, "seen", q->items[i].link_id))
            json_array_append_new(hidden, json_pack("{s:s, s:s}", "name", "seen", "value", q->items[i].link_id));
    for (int i = pg->first; i < pg->end; i++)
        if (on_page[i]) json_array_append_new(hidden, json_pack("{s:s, s:s}", "name", "shown", "value", q->items[i].link_id));
    if (ps->muni_code) json_array_append_new(hidden, json_pack("{s:s, s:s}", "name", "municipality", "value", ps->muni_code));
    json_object_set_new(ctx, "hidden", hidden);
    json_object_set_new(ctx, "version", json_integer(v->id));
    respond_page(r, status, "selfassess/page", ctx);
    return 0;
}

/* ---- loading ---- */

typedef struct sa_loaded {
    const sa_version *v;
    const char *slug;
    int64_t service_id;
} sa_loaded;

/* The published version of {slug}: 0, 404 (answered), or -1. */
static int load_published(request *r, const char *slug, sa_loaded *out)
{
    db_result res;
    db_param p[] = {DB_TEXT(slug)};
    if (db_query(r->db, &r->a, &res,
                 "SELECT q.published_version_id, q.slug, q.service_id FROM questionnaires q "
                 "WHERE q.slug = $1 AND q.published_version_id IS NOT NULL", 1, p) < 0)
        return -1;
    if (res.nrows == 0) {
        respond_error(r, 404, NULL);
        return 404;
    }
    bool failed;
    out->v = sa_version_get(r->db, &r->a, db_cell_int(&res, 0, 0), &failed);
    if (failed) return -1;
    if (!out->v) {
        respond_error(r, 404, NULL);
        return 404;
    }
    out->slug = arena_strdup(&r->a, db_cell(&res, 0, 1));
    out->service_id = db_cell(&res, 0, 2) ? db_cell_int(&res, 0, 2) : 0;
    return 0;
}

static json_t *municipality_options(request *r, const char *selected, int *found_row, int64_t *found_id)
{
    db_result m;
    *found_row = -1;
    if (db_query(r->db, &r->a, &m,
                 strcmp(r->lang, "sv") == 0 ? "SELECT code, name_sv, id FROM municipalities ORDER BY name_sv"
                                            : "SELECT code, name_fi, id FROM municipalities ORDER BY name_fi",
                 0, NULL) < 0)
        return NULL;
    json_t *opts = json_array();
    json_array_append_new(opts, json_pack("{s:s, s:s, s:b}", "value", "", "label", tr(r->lang, "I prefer not to say"),
                                          "selected", !selected || !*selected));
    for (int i = 0; i < m.nrows; i++) {
        bool sel = selected && strcmp(selected, db_cell(&m, i, 0)) == 0;
        if (sel) *found_row = i, *found_id = db_cell_int(&m, i, 2);
        json_array_append_new(opts, json_pack("{s:s, s:s, s:b}", "value", db_cell(&m, i, 0), "label", db_cell(&m, i, 1),
                                              "selected", sel));
    }
    return opts;
}

/* ---- GET /{lang}/self-assessment ---- */

int sa_list(request *r)
{
    db_result res;
    if (db_query(r->db, &r->a, &res,
                 "SELECT q.slug, q.published_version_id FROM questionnaires q "
                 "WHERE q.published_version_id IS NOT NULL ORDER BY q.sort_order, q.id", 0, NULL) < 0)
        return -1;
    json_t *list = json_array();
    bool demo = false;
    for (int i = 0; i < res.nrows; i++) {
        bool failed;
        const sa_version *v = sa_version_get(r->db, &r->a, db_cell_int(&res, i, 1), &failed);
        if (failed) return -1;
        if (!v) continue;
        json_t *o = json_pack("{s:o, s:s}", "title", text_json(r, &v->q->title), "url",
                              req_url(r, arena_printf(&r->a, "/self-assessment/%s", db_cell(&res, i, 0))));
        if (q_text_get(&v->q->description, r->lang, NULL))
            json_object_set_new(o, "description", text_json(r, &v->q->description));
        json_array_append_new(list, o);
        demo |= v->q->experimental;
    }
    json_t *ctx = json_pack("{s:s, s:o, s:b, s:b}", "title", tr(r->lang, "Assess your situation"), "questionnaires", list,
                            "empty", json_array_size(list) == 0, "demo", demo);
    respond_page(r, 200, "selfassess/list", ctx);
    return 0;
}

/* ---- GET /{lang}/self-assessment/{slug}: the start ---- */

static int render_start(request *r, int status, const sa_flow *f, const char *muni, const char *muni_error)
{
    int row;
    int64_t id;
    json_t *opts = municipality_options(r, muni, &row, &id);
    if (!opts) return -1;
    const questionnaire *q = f->v->q;
    json_t *ctx = json_pack("{s:o, s:s, s:o, s:b, s:b}", "title", text_json(r, &q->title), "action", f->action,
                            "municipalities", opts, "demo", q->experimental, "preview", f->preview);
    if (q_text_get(&q->description, r->lang, NULL)) json_object_set_new(ctx, "description", text_json(r, &q->description));
    if (muni_error) {
        json_object_set_new(ctx, "municipality_error", json_string(muni_error));
        json_object_set_new(ctx, "errors", json_pack("[{s:s, s:s}]", "field_id", "municipality", "message", muni_error));
        json_object_set_new(ctx, "has_errors", json_true());
    }
    respond_page(r, status, "selfassess/start", ctx);
    return 0;
}

static sa_flow resident_flow(request *r, const sa_loaded *l)
{
    return (sa_flow){.v = l->v, .slug = l->slug, .service_id = l->service_id,
                     .action = req_url(r, arena_printf(&r->a, "/self-assessment/%s", l->slug))};
}

int sa_flow_start(request *r, const sa_flow *f) { return render_start(r, 200, f, req_query(r, "municipality"), NULL); }

int sa_form(request *r)
{
    sa_loaded l;
    int rc = load_published(r, req_param(r, "slug"), &l);
    if (rc) return rc < 0 ? -1 : 0;
    sa_flow f = resident_flow(r, &l);
    return sa_flow_start(r, &f);
}

/* ---- POST /{lang}/self-assessment/{slug} ---- */

static int render_outcome(request *r, const sa_flow *f, int64_t muni_id, q_answers *ans, const q_result *res);

int sa_submit(request *r)
{
    sa_loaded l;
    int rc = load_published(r, req_param(r, "slug"), &l);
    if (rc) return rc < 0 ? -1 : 0;
    sa_flow f = resident_flow(r, &l);
    return sa_flow_submit(r, &f);
}

int sa_flow_submit(request *r, const sa_flow *f)
{
    const sa_version *v = f->v;
    const questionnaire *q = v->q;

    /* An answer sheet of an older version goes on with the published one:
     * its linkIds are matched by name, and anything unknown is dropped. */
    const char *muni = req_form(r, "municipality");
    int muni_row;
    int64_t muni_id = 0;
    json_t *mopts = municipality_options(r, muni, &muni_row, &muni_id);
    if (!mopts) return -1;
    json_decref(mopts);
    if (muni && *muni && muni_row < 0)
        return render_start(r, 400, f, muni, tr(r->lang, "Choose a municipality from the list."));

    sa_page *pages;
    int npages = pages_of(&r->a, q, &pages);
    const char *page_s = req_form(r, "page");
    int page = page_s ? atoi(page_s) : -1;
    if (page < -1 || page >= npages) page = -1;
    const char *action = req_form(r, "action");
    bool back = action && strcmp(action, "back") == 0;

    q_answers *ans = answers_from_form(r, q);
    q_result res;
    q_evaluate(&r->a, q, ans, &res);
    page_state ps = {.q = q, .pages = pages, .npages = npages, .page = page, .enabled = res.enabled,
                     .muni_id = muni_id, .muni_code = muni && *muni ? muni : NULL};

    if (back) {
        int p = page - 1;
        while (p >= 0 && !page_enabled(q, &pages[p], res.enabled)) p--;
        if (p < 0) return render_start(r, 200, f, muni, NULL);
        ps.page = p;
        return render_page(r, 200, f, &ps, NULL);
    }

    if (page >= 0) {
        /* Check the page just sent: what it showed, and what it shows now. */
        const char **errors = arena_alloc(&r->a, sizeof *errors * ((size_t)q->n_items + 1));
        bool any_error = false, appeared = false;
        for (int i = pages[page].first; i < pages[page].end; i++) {
            const q_item *it = &q->items[i];
            if (!is_question(it) || !res.enabled[i]) continue;
            bool was_shown = form_has(r, "shown", it->link_id);
            if (!was_shown) {
                appeared = true;
                continue;
            }
            const char *vals[Q_MAX_ANSWERS_PER_ITEM];
            int nv = raw_values(r, field_name(r, it), vals, Q_MAX_ANSWERS_PER_ITEM);
            if (nv > 1 && !it->repeats) nv = 1;
            for (int k = 0; k < nv && !errors[i]; k++) {
                q_value val;
                errors[i] = parse_answer(r, it, vals[k], &val);
            }
            if (!errors[i] && nv == 0 && it->required)
                errors[i] = it->type == QT_CHOICE || it->type == QT_BOOLEAN ? tr(r->lang, "Choose an answer.")
                                                                            : tr(r->lang, "Answer this question.");
            any_error |= errors[i] != NULL;
        }
        if (any_error) {
            ps.errors = errors;
            return render_page(r, 400, f, &ps, NULL);
        }
        if (appeared)
            return render_page(r, 200, f, &ps,
                               tr(r->lang, "Based on your answers there are more questions on this page."));
    }

    int next = page + 1;
    while (next < npages && !page_enabled(q, &pages[next], res.enabled)) next++;
    if (next < npages) {
        ps.page = next;
        return render_page(r, 200, f, &ps, NULL);
    }

    /* The last page was answered. A staff preview shows the outcome at once
     * and stores nothing; residents' assessments are stored. */
    if (f->preview) return render_outcome(r, f, muni_id, ans, &res);
    int wait = ratelimit_hit(SA_RATELIMIT_BUCKET, r->client_key, sa_submit_limit(), SA_SUBMIT_WINDOW, r->now);
    if (wait > 0) {
        req_header(r, "Retry-After", arena_printf(&r->a, "%d", wait));
        ps.page = page >= 0 ? page : 0;
        return render_page(r, 429, f, &ps,
                           tr_fill(r, "Many assessments have been sent from your connection in a short time. Your answers "
                                      "are kept: please send them again in {n} minutes.", (long)((wait + 59) / 60)));
    }
    char *token = token_random(&r->a, 18);
    int64_t id;
    if (sa_assessment_store(r->db, &r->a, v, ans, &res, muni_id, r->lang, "form", token_hash(&r->a, token), r->now, &id) < 0)
        return -1;
    respond_redirect(r, 303, req_url(r, arena_printf(&r->a, "/self-assessment/result/%s", token)));
    return 0;
}

/* ---- the outcome ---- */

typedef struct sa_stored {
    const sa_version *v;
    q_answers *ans;
    q_result res;
    const char *urgency;
    int rule;
    int64_t municipality_id, service_id, assessment_id;
    const char *slug;
    bool handed_over;
} sa_stored;

/* The assessment behind a receipt token (token_hash) or by id: 0, 1 none, -1 error. */
static int load_stored(request *r, const char *receipt_hash, int64_t id, sa_stored *out)
{
    memset(out, 0, sizeof *out);
    db_result res;
    db_param p[] = {receipt_hash ? DB_TEXT(receipt_hash) : DB_INT(id)};
    if (db_query(r->db, &r->a, &res,
                 receipt_hash
                     ? "SELECT a.version_id, a.answers, a.urgency, a.rule_index, a.municipality_id, q.service_id, a.id, q.slug, "
                       "a.handed_over FROM assessments a JOIN questionnaires q ON q.id = a.questionnaire_id "
                       "WHERE a.receipt_hash = $1"
                     : "SELECT a.version_id, a.answers, a.urgency, a.rule_index, a.municipality_id, q.service_id, a.id, q.slug, "
                       "a.handed_over FROM assessments a JOIN questionnaires q ON q.id = a.questionnaire_id "
                       "WHERE a.id = $1",
                 1, p) < 0)
        return -1;
    if (res.nrows == 0) return 1;
    bool failed;
    out->v = sa_version_get(r->db, &r->a, db_cell_int(&res, 0, 0), &failed);
    if (failed) return -1;
    if (!out->v) return 1;
    json_t *stored = q_json_load(db_cell(&res, 0, 1), strlen(db_cell(&res, 0, 1)), NULL, 0);
    out->ans = sa_answers_from_json(&r->a, out->v->q, stored);
    json_decref(stored);
    /* Evaluated again only for what is shown (enabled items); the urgency is
     * the one stored, so a later version of the rules cannot change it. */
    q_evaluate(&r->a, out->v->q, out->ans, &out->res);
    out->urgency = arena_strdup(&r->a, db_cell(&res, 0, 2));
    out->rule = (int)db_cell_int(&res, 0, 3);
    out->municipality_id = db_cell(&res, 0, 4) ? db_cell_int(&res, 0, 4) : 0;
    out->service_id = db_cell(&res, 0, 5) ? db_cell_int(&res, 0, 5) : 0;
    out->assessment_id = db_cell_int(&res, 0, 6);
    out->slug = arena_strdup(&r->a, db_cell(&res, 0, 7));
    out->handed_over = db_cell_int(&res, 0, 8) != 0;
    return 0;
}

/* The assessment behind a receipt token: 0, 404 (answered) or -1. */
static int load_result(request *r, const char *token, sa_stored *out)
{
    int rc = token && strlen(token) <= 64 ? load_stored(r, token_hash(&r->a, token), 0, out) : 1;
    if (rc == 1) {
        respond_error(r, 404, NULL);
        return 404;
    }
    return rc;
}

/* What each answer says, in the page's language, for the summary and the file. */
static const char *answer_text(request *r, const q_item *it, const q_value *v)
{
    switch (v->kind) {
    case QV_BOOL: return v->b ? tr(r->lang, "Yes") : tr(r->lang, "No");
    case QV_NUM: return v->is_integer ? arena_printf(&r->a, "%lld", (long long)v->num) : arena_printf(&r->a, "%g", v->num);
    case QV_CODING:
        for (int k = 0; k < it->n_options; k++)
            if (strcmp(it->options[k].code, v->str) == 0) {
                const char *t = q_text_get(&it->options[k].display, r->lang, NULL);
                return t ? t : v->str;
            }
        return v->str;
    case QV_DATE: {
        int y, m, d;
        if (sscanf(v->str, "%d-%d-%d", &y, &m, &d) == 3) return arena_printf(&r->a, "%d.%d.%d", d, m, y);
        return v->str;
    }
    default: return v->str ? v->str : "";
    }
}

static json_t *answers_list(request *r, const sa_stored *s)
{
    const questionnaire *q = s->v->q;
    json_t *list = json_array();
    for (int i = 0; i < q->n_items; i++) {
        const q_item *it = &q->items[i];
        if (!is_question(it) || !s->res.enabled[i] || s->ans->n[i] == 0) continue;
        buf b = BUF_INIT;
        for (int k = 0; k < s->ans->n[i]; k++) {
            if (k) buf_puts(&b, "; ");
            buf_puts(&b, answer_text(r, it, &s->ans->values[i][k]));
        }
        json_array_append_new(list, json_pack("{s:o, s:s}", "question", text_json(r, &it->text), "answer",
                                              arena_strdup(&r->a, b.data ? b.data : "")));
        buf_free(&b);
    }
    return list;
}

static const char *urgency_heading(request *r, const char *u)
{
    if (strcmp(u, "emergency") == 0) return tr(r->lang, "Call the emergency number 112 now");
    if (strcmp(u, "urgent") == 0) return tr(r->lang, "Call the on-call medical helpline 116 117 today");
    if (strcmp(u, "days") == 0) return tr(r->lang, "Contact the service within a few days");
    if (strcmp(u, "routine") == 0) return tr(r->lang, "Book a time or use the e-service");
    return tr(r->lang, "You can take care of this yourself for now");
}

/* The outcome page of s. token: the resident's receipt (NULL in a preview,
 * which has no address to come back to and cannot hand over). */
static int render_result(request *r, const sa_stored *s, const char *token, const char *again_url, bool preview)
{
    const questionnaire *q = s->v->q;
    const char *u = s->urgency;
    json_t *ctx = json_pack("{s:s, s:o, s:s, s:s, s:b}", "title", urgency_heading(r, u), "questionnaire",
                            text_json(r, &q->title), "urgency", u, "heading", urgency_heading(r, u), "preview", preview);
    json_object_set_new(ctx, arena_printf(&r->a, "is_%s", u), json_true());
    if (s->rule >= 0 && s->rule < q->n_rules && q_text_get(&q->rules[s->rule].advice, r->lang, NULL))
        json_object_set_new(ctx, "advice", text_json(r, &q->rules[s->rule].advice));
    json_object_set_new(ctx, "demo", json_boolean(q->experimental));
    json_object_set_new(ctx, "answers", answers_list(r, s));
    if (token)
        json_object_set_new(ctx, "text_url",
                            json_string(req_url(r, arena_printf(&r->a, "/self-assessment/result/%s/answers.txt", token))));
    json_object_set_new(ctx, "again_url", json_string(again_url));
    if (strcmp(u, "emergency") != 0) {
        if (s->service_id > 0) {
            json_t *contacts = directory_service_contacts(r, s->service_id, s->municipality_id, 3);
            if (!contacts) {
                json_decref(ctx);
                return -1;
            }
            json_object_set_new(ctx, "contacts", contacts);
        }
        if (token) {
            json_object_set_new(ctx, "callback_url",
                                json_string(req_url(r, arena_printf(&r->a, "/callbacks/new?assessment=%s", token))));
            json_object_set_new(ctx, "handed_over", json_boolean(s->handed_over));
        }
    }
    req_header(r, "Cache-Control", "no-store");
    respond_page(r, 200, "selfassess/result", ctx);
    return 0;
}

int sa_result(request *r)
{
    sa_stored s;
    int rc = load_result(r, req_param(r, "token"), &s);
    if (rc) return rc < 0 ? -1 : 0;
    return render_result(r, &s, req_param(r, "token"),
                         req_url(r, arena_printf(&r->a, "/self-assessment/%s", s.slug)), false);
}

/* A preview's outcome from the answers just given, as the resident would see
 * it had they been stored. */
static int render_outcome(request *r, const sa_flow *f, int64_t muni_id, q_answers *ans, const q_result *res)
{
    sa_stored s = {.v = f->v, .ans = ans, .res = *res, .urgency = q_urgency_code(res->urgency), .rule = res->rule,
                   .municipality_id = muni_id, .service_id = f->service_id, .slug = f->slug};
    return render_result(r, &s, NULL, f->action, f->preview);
}

/* GET .../answers.txt: the resident's own copy, plain text in their language. */
int sa_result_text(request *r)
{
    sa_stored s;
    int rc = load_result(r, req_param(r, "token"), &s);
    if (rc) return rc < 0 ? -1 : 0;
    const questionnaire *q = s.v->q;
    buf b = BUF_INIT;
    const char *title = q_text_get(&q->title, r->lang, NULL);
    buf_printf(&b, "%s\n\n%s\n", title ? title : "", urgency_heading(r, s.urgency));
    if (s.rule >= 0 && s.rule < q->n_rules) {
        const char *advice = q_text_get(&q->rules[s.rule].advice, r->lang, NULL);
        if (advice) buf_printf(&b, "%s\n", advice);
    }
    buf_printf(&b, "\n%s\n", tr(r->lang, "Your answers"));
    for (int i = 0; i < q->n_items; i++) {
        const q_item *it = &q->items[i];
        if (!is_question(it) || !s.res.enabled[i] || s.ans->n[i] == 0) continue;
        const char *qt = q_text_get(&it->text, r->lang, NULL);
        buf_printf(&b, "\n%s\n", qt ? qt : it->link_id);
        for (int k = 0; k < s.ans->n[i]; k++) buf_printf(&b, "  %s\n", answer_text(r, it, &s.ans->values[i][k]));
    }
    if (q->experimental)
        buf_printf(&b, "\n%s\n", tr(r->lang, "This questionnaire is demonstration content. It is not clinically validated."));
    req_header(r, "Cache-Control", "no-store");
    req_header(r, "Content-Disposition", "attachment; filename=\"self-assessment.txt\"");
    respond_text(r, 200, "text/plain; charset=utf-8", arena_strdup(&r->a, b.data ? b.data : ""));
    buf_free(&b);
    return 0;
}

json_t *sa_assessment_summary(request *r, int64_t assessment_id)
{
    sa_stored s;
    int rc = load_stored(r, NULL, assessment_id, &s);
    if (rc < 0) return NULL;
    if (rc > 0) return json_object();
    const questionnaire *q = s.v->q;
    json_t *o = json_pack("{s:o, s:s, s:s, s:o, s:i}", "questionnaire", text_json(r, &q->title), "urgency", s.urgency,
                          "heading", urgency_heading(r, s.urgency), "answers", answers_list(r, &s), "version", s.v->version);
    if (s.rule >= 0 && s.rule < q->n_rules && q_text_get(&q->rules[s.rule].advice, r->lang, NULL))
        json_object_set_new(o, "advice", text_json(r, &q->rules[s.rule].advice));
    return o;
}
