/* Answering a survey: /{lang}/surveys (open surveys), /{lang}/surveys/{slug}
 * (page by page, without JavaScript), /{lang}/surveys/{slug}/thanks.
 *
 * How answers travel: the answers of the pages already done ride along as
 * hidden fields, so each POST carries the whole answer set and nothing is
 * stored before the final submit. Signed-in people's progress is also kept
 * in survey_drafts (keyed by a keyed hash of survey and account, deleted
 * on submit) so they can save and continue later.
 *
 * One answer: every answer form carries a random one-time token; the
 * submit inserts its hash into survey_used_tokens in the same transaction
 * as the response, so the same form posted twice (or twenty times at
 * once) makes one response. Signed-in people answer once per survey: a
 * keyed hash of survey and account in survey_answer_keys, which has no
 * link to the response. For anonymous surveys the response has no user id
 * and its time is rounded down to the day. */
#include "../app/secret.h"
#include "internal.h"
#include "../http/formview.h"
#include "../participation/participation.h"
#include "../util/json_alloc.h"
#include "../view/i18n.h"
#include "../view/view.h"
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- keys ------------------------------------------------------------ */

static pthread_mutex_t key_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned char survey_secret[INSTALLATION_SECRET_BYTES];
static bool survey_secret_loaded;

static int load_secret(db *d)
{
    pthread_mutex_lock(&key_lock);
    int rc = 0;
    if (!survey_secret_loaded) {
        rc = installation_secret(d, "survey_key", survey_secret);
        survey_secret_loaded = rc == 0;
    }
    pthread_mutex_unlock(&key_lock);
    return rc;
}

const char *survey_keyed_hash(db *d, arena *a, const char *domain, int64_t survey_id, const char *who)
{
    if (load_secret(d) < 0) return NULL;
    char *msg = arena_printf(a, "%s\x1f%lld\x1f%s", domain, (long long)survey_id, who);
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)msg, strlen(msg), survey_secret, sizeof survey_secret);
    char *hex = arena_alloc_raw(a, sizeof h * 2 + 1);
    sodium_bin2hex(hex, sizeof h * 2 + 1, h, sizeof h);
    return hex;
}

static const char *user_key(request *r, const char *domain, int64_t survey_id)
{
    return survey_keyed_hash(r->db, &r->a, domain, survey_id, arena_printf(&r->a, "%lld", (long long)r->user->id));
}

static bool token_ok(const char *t)
{
    if (!t || strlen(t) != 32) return false;
    for (const char *p = t; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'))) return false;
    return true;
}

static const char *new_token(request *r)
{
    unsigned char raw[16];
    randombytes_buf(raw, sizeof raw);
    char *hex = arena_alloc_raw(&r->a, 33);
    sodium_bin2hex(hex, 33, raw, sizeof raw);
    return hex;
}

/* ---- answer fields ---------------------------------------------------- */

static bool is_answer_field(const survey *s, const char *name)
{
    if (strcmp(name, "municipality") == 0 || strcmp(name, "respondent_group") == 0) return s->ask_background;
    if (name[0] != 'q') return false;
    char *end;
    long long id = strtoll(name + 1, &end, 10);
    if (end == name + 1 || !survey_question_by_id(s, id)) return false;
    if (!*end) return true;
    if (strcmp(end, "_other") == 0) return true;
    if ((strncmp(end, "_r", 2) == 0 || strncmp(end, "_o", 2) == 0) && end[2]) {
        char *e2;
        strtoll(end + 2, &e2, 10);
        return !*e2;
    }
    return false;
}

void survey_answer_fields(const survey *s, const form *in, arena *a, form *out)
{
    out->count = 0;
    out->fields = arena_alloc(a, sizeof(form_field) * (in->count + 1));
    for (size_t i = 0; i < in->count; i++)
        if (is_answer_field(s, in->fields[i].name)) out->fields[out->count++] = in->fields[i];
}

/* Whether the field belongs to a question on page pi (or is background, on the last page). */
static bool field_on_page(const survey *s, const char *name, int pi, bool last)
{
    if (strcmp(name, "municipality") == 0 || strcmp(name, "respondent_group") == 0) return last;
    const survey_question *q = survey_question_by_id(s, strtoll(name + 1, NULL, 10));
    return q && q->page_index == pi;
}

static const char *form_to_json(request *r, const form *f)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < f->count; i++)
        json_array_append_new(arr, json_pack("[s,s]", f->fields[i].name, f->fields[i].value));
    char *txt = json_dumps(arr, JSON_COMPACT);
    json_decref(arr);
    char *out = arena_strdup(&r->a, txt ? txt : "[]");
    json_text_free(txt);
    return out;
}

static void form_from_json(request *r, const char *txt, form *out)
{
    out->count = 0;
    json_t *arr = json_loads(txt ? txt : "[]", 0, NULL);
    size_t n = json_is_array(arr) ? json_array_size(arr) : 0;
    out->fields = arena_alloc(&r->a, sizeof(form_field) * (n + 1));
    for (size_t i = 0; i < n; i++) {
        json_t *pair = json_array_get(arr, i);
        const char *k = json_string_value(json_array_get(pair, 0));
        const char *v = json_string_value(json_array_get(pair, 1));
        if (!k || !v) continue;
        form_field *ff = &out->fields[out->count++];
        memset(ff, 0, sizeof *ff);
        ff->name = arena_strdup(&r->a, k);
        ff->value = arena_strdup(&r->a, v);
        ff->len = strlen(v);
    }
    json_decref(arr);
}

/* ---- view model -------------------------------------------------------- */

static void set_str(json_t *o, const char *k, const char *v) { json_object_set_new(o, k, json_string(v ? v : "")); }

static bool has_value(const form *f, const char *name, const char *value)
{
    for (size_t i = 0; f && i < f->count; i++)
        if (strcmp(f->fields[i].name, name) == 0 && strcmp(f->fields[i].value, value) == 0) return true;
    return false;
}

static json_t *choice(request *r, const char *id, const char *value, const char *label, bool checked)
{
    json_t *o = json_object();
    set_str(o, "id", id);
    set_str(o, "value", value);
    set_str(o, "label", label);
    json_object_set_new(o, "checked", json_boolean(checked));
    return o;
}

static json_t *question_vm(request *r, const survey *s, const survey_question *q, const form *f, int number,
                           const char *error)
{
    const char *L = r->lang;
    json_t *o = json_object();
    char *name = arena_printf(&r->a, "q%lld", (long long)q->id);
    const char *value = form_get(f, name);
    set_str(o, "id", name);
    set_str(o, "name", name);
    set_str(o, "label", survey_pick(q->text, L));
    json_object_set_new(o, "number", json_integer(number));
    const char *help = survey_pick(q->help, L);
    if (*help) set_str(o, "help", help);
    json_object_set_new(o, "required", json_boolean(q->required));
    if (error) set_str(o, "error", error);
    const char *k = survey_qkind_name(q->kind);
    json_object_set_new(o, arena_printf(&r->a, "is_%s", k), json_true());
    json_t *opts = json_array();
    switch (q->kind) {
    case SQ_SINGLE:
    case SQ_MULTI:
        json_object_set_new(o, "is_choice", json_true());
        set_str(o, "input_type", q->kind == SQ_SINGLE ? "radio" : "checkbox");
        for (int i = 0; i < q->noptions; i++) {
            char *v = arena_printf(&r->a, "%lld", (long long)q->options[i].id);
            json_array_append_new(opts, choice(r, arena_printf(&r->a, "%s-%s", name, v), v,
                                               survey_pick(q->options[i].text, L), has_value(f, name, v)));
        }
        if (q->has_other) {
            json_t *oth = json_object();
            set_str(oth, "id", arena_printf(&r->a, "%s-other", name));
            set_str(oth, "text_id", arena_printf(&r->a, "%s-other-text", name));
            set_str(oth, "text_name", arena_printf(&r->a, "%s_other", name));
            const char *ov = form_get(f, arena_printf(&r->a, "%s_other", name));
            set_str(oth, "text", ov);
            json_object_set_new(oth, "checked", json_boolean(has_value(f, name, "other")));
            json_object_set_new(o, "other", oth);
        }
        break;
    case SQ_YESNO:
        json_object_set_new(o, "is_choice", json_true());
        set_str(o, "input_type", "radio");
        json_array_append_new(opts, choice(r, arena_printf(&r->a, "%s-1", name), "1", tr(L, "Yes"),
                                           has_value(f, name, "1")));
        json_array_append_new(opts, choice(r, arena_printf(&r->a, "%s-0", name), "0", tr(L, "No"),
                                           has_value(f, name, "0")));
        break;
    case SQ_SCALE:
    case SQ_NPS: {
        json_object_set_new(o, "is_points", json_true());
        for (int v = q->scale_min; v <= q->scale_max && v - q->scale_min < 101; v++) {
            char *vs = arena_printf(&r->a, "%d", v);
            json_array_append_new(opts, choice(r, arena_printf(&r->a, "%s-%d", name, v), vs, vs,
                                               has_value(f, name, vs)));
        }
        const char *lo = survey_pick(q->min_label, L), *hi = survey_pick(q->max_label, L);
        if (q->kind == SQ_NPS && !*lo) lo = tr(L, "Not at all likely");
        if (q->kind == SQ_NPS && !*hi) hi = tr(L, "Extremely likely");
        if (*lo) set_str(o, "min_label", arena_printf(&r->a, "%d = %s", q->scale_min, lo));
        if (*hi) set_str(o, "max_label", arena_printf(&r->a, "%d = %s", q->scale_max, hi));
        break;
    }
    case SQ_TEXT:
    case SQ_LONGTEXT:
        set_str(o, "value", value);
        break;
    case SQ_MATRIX: {
        json_t *cols = json_array(), *rows = json_array();
        for (int c = 0; c < q->noptions; c++) {
            json_t *col = json_object();
            set_str(col, "id", arena_printf(&r->a, "%s-c%lld", name, (long long)q->options[c].id));
            set_str(col, "label", survey_pick(q->options[c].text, L));
            json_array_append_new(cols, col);
        }
        for (int i = 0; i < q->nrows; i++) {
            json_t *row = json_object();
            char *rid = arena_printf(&r->a, "%s-r%lld", name, (long long)q->rows[i].id);
            char *rname = arena_printf(&r->a, "%s_r%lld", name, (long long)q->rows[i].id);
            set_str(row, "id", rid);
            set_str(row, "label", survey_pick(q->rows[i].text, L));
            json_t *cells = json_array();
            for (int c = 0; c < q->noptions; c++) {
                char *v = arena_printf(&r->a, "%lld", (long long)q->options[c].id);
                json_t *cell = choice(r, arena_printf(&r->a, "%s-%s", rid, v), v, "", has_value(f, rname, v));
                set_str(cell, "name", rname);
                set_str(cell, "labelledby", arena_printf(&r->a, "%s %s-c%s", rid, name, v));
                json_array_append_new(cells, cell);
            }
            json_object_set_new(row, "cells", cells);
            json_array_append_new(rows, row);
        }
        json_object_set_new(o, "columns", cols);
        json_object_set_new(o, "rows", rows);
        break;
    }
    case SQ_RANKING:
        for (int i = 0; i < q->noptions; i++) {
            char *iname = arena_printf(&r->a, "%s_o%lld", name, (long long)q->options[i].id);
            const char *iv = form_get(f, iname);
            json_t *it = json_object();
            set_str(it, "id", arena_printf(&r->a, "%s-o%lld", name, (long long)q->options[i].id));
            set_str(it, "name", iname);
            set_str(it, "label", survey_pick(q->options[i].text, L));
            json_t *ch = json_array();
            for (int n = 1; n <= q->noptions; n++) {
                char *vs = arena_printf(&r->a, "%d", n);
                json_t *c = json_object();
                set_str(c, "value", vs);
                json_object_set_new(c, "selected", json_boolean(iv && strcmp(iv, vs) == 0));
                json_array_append_new(ch, c);
            }
            json_object_set_new(it, "choices", ch);
            json_array_append_new(opts, it);
        }
        set_str(o, "rank_hint", tr_fill(r, "Give each item a different number from 1 (most important) to {n}.",
                                        q->noptions));
        break;
    default:
        break;
    }
    json_object_set_new(o, "options", opts);
    /* what the question's fieldset or input is described by */
    buf d = {0};
    if (*help) buf_printf(&d, "%s-help ", name);
    if (json_object_get(o, "min_label")) buf_printf(&d, "%s-ends ", name);
    if (q->kind == SQ_RANKING) buf_printf(&d, "%s-rank-hint ", name);
    if (error) buf_printf(&d, "%s-error ", name);
    if (d.len) {
        d.data[d.len - 1] = '\0';
        set_str(o, "describedby", d.data);
    }
    buf_free(&d);
    return o;
}

static int next_visible(const survey *s, int from, int dir, const form *f)
{
    for (int p = from + dir; p >= 0 && p < s->npages; p += dir)
        if (survey_page_visible(s, p, f)) return p;
    return -1;
}

static json_t *background_vm(request *r, const survey *s, const form *f, const char *err_muni)
{
    json_t *bg = json_object();
    db_result res;
    if (db_query(r->db, &r->a, &res, "SELECT id, name_fi, name_sv FROM municipalities ORDER BY name_fi", 0, NULL) != 0)
        res.nrows = 0;
    const char *mv = form_get(f, "municipality");
    json_t *munis = json_array();
    for (int i = 0; i < res.nrows; i++) {
        json_t *m = json_object();
        set_str(m, "value", db_cell(&res, i, 0));
        const char *sv = db_cell(&res, i, 2);
        set_str(m, "label", strcmp(r->lang, "sv") == 0 && sv && *sv ? sv : db_cell(&res, i, 1));
        json_object_set_new(m, "selected", json_boolean(mv && strcmp(mv, db_cell(&res, i, 0)) == 0));
        json_array_append_new(munis, m);
    }
    json_object_set_new(bg, "municipalities", munis);
    if (err_muni) set_str(bg, "error", err_muni);
    static const char *const groups[][2] = {
        {"", N_("I prefer not to say")},
        {"resident", N_("Resident")},
        {"client", N_("Client or patient")},
        {"family", N_("Family member or next of kin")},
        {"staff", N_("Staff member")},
    };
    const char *gv = form_get(f, "respondent_group");
    json_t *gs = json_array();
    for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++) {
        bool checked = gv ? strcmp(gv, groups[i][0]) == 0 : i == 0;
        json_array_append_new(gs, choice(r, arena_printf(&r->a, "respondent-group-%zu", i), groups[i][0],
                                         tr(r->lang, groups[i][1]), checked));
    }
    json_object_set_new(bg, "groups", gs);
    return bg;
}

/* The background question's error, set only around one render on this thread. */
static __thread const char *bg_error;

int survey_render_page(request *r, int status, const survey *s, int pi, const form *f, const survey_error *errs,
                       int nerrs, const char *action, bool preview, const char *token, const char *notice)
{
    const char *L = r->lang;
    json_t *ctx = json_object();
    set_str(ctx, "title", survey_pick(s->title, L));
    if (pi == 0 || next_visible(s, pi, -1, f) < 0) {
        buf html = {0};
        const char *intro = survey_pick(s->intro, L);
        markdown_to_html(intro, strlen(intro), &html);
        set_str(ctx, "intro_html", html.data ? html.data : "");
        buf_free(&html);
    }
    const survey_page *pg = &s->pages[pi];
    const char *pt = survey_pick(pg->title, L);
    if (*pt) set_str(ctx, "page_title", pt);
    /* progress over the pages visible with the answers so far */
    int total = 0, current = 0;
    for (int p = 0; p < s->npages; p++)
        if (p == pi || survey_page_visible(s, p, f)) {
            total++;
            if (p <= pi) current++;
        }
    if (total > 1) {
        const char *t = tr(L, "Page {n} of {total}");
        buf b = {0};
        for (const char *c = t; *c;) {
            if (!strncmp(c, "{n}", 3)) buf_printf(&b, "%d", current), c += 3;
            else if (!strncmp(c, "{total}", 7)) buf_printf(&b, "%d", total), c += 7;
            else buf_putc(&b, *c++);
        }
        json_object_set_new(ctx, "progress", json_pack("{s:i, s:i, s:s}", "current", current, "total", total,
                                                       "text", b.data ? b.data : ""));
        buf_free(&b);
    }
    bool last = next_visible(s, pi, 1, f) < 0;
    json_t *qs = json_array(), *summary = json_array();
    int number = 0;
    for (int i = 0; i < s->nquestions; i++) {
        const survey_question *q = &s->questions[i];
        if (q->page_index < pi && survey_question_visible(s, q, f)) number++;
        if (q->page_index != pi || !survey_question_visible(s, q, f)) continue;
        number++;
        const char *err = NULL;
        for (int e = 0; e < nerrs; e++)
            if (errs[e].question_id == q->id) err = tr(L, errs[e].msgid);
        json_array_append_new(qs, question_vm(r, s, q, f, number, err));
        if (err) {
            json_t *se = json_object();
            set_str(se, "field_id", arena_printf(&r->a, "q%lld", (long long)q->id));
            set_str(se, "message", arena_concat(&r->a, survey_pick(q->text, L), ": ", err, NULL));
            json_array_append_new(summary, se);
        }
    }
    if (bg_error) {
        json_t *se = json_object();
        set_str(se, "field_id", "municipality");
        set_str(se, "message", bg_error);
        json_array_append_new(summary, se);
    }
    /* the questions shown: a question that appears on this page because
     * of an answer on it is shown before the page is accepted */
    buf shown = {0};
    for (int i = 0; i < s->nquestions; i++)
        if (s->questions[i].page_index == pi && survey_question_visible(s, &s->questions[i], f))
            buf_printf(&shown, "%s%lld", shown.len ? "," : "", (long long)s->questions[i].id);
    set_str(ctx, "shown", shown.data ? shown.data : "");
    buf_free(&shown);
    json_object_set_new(ctx, "questions", qs);
    json_object_set_new(ctx, "has_questions", json_boolean(json_array_size(qs) > 0));
    json_object_set_new(ctx, "has_errors", json_boolean(json_array_size(summary) > 0));
    json_object_set_new(ctx, "errors", summary);
    if (last && s->ask_background) json_object_set_new(ctx, "background", background_vm(r, s, f, bg_error));
    /* answers of the other pages ride along */
    json_t *hidden = json_array();
    for (size_t i = 0; f && i < f->count; i++) {
        if (field_on_page(s, f->fields[i].name, pi, last)) continue;
        json_array_append_new(hidden, json_pack("{s:s, s:s}", "name", f->fields[i].name, "value", f->fields[i].value));
    }
    json_object_set_new(ctx, "hidden", hidden);
    set_str(ctx, "action", action);
    set_str(ctx, "token", token);
    json_object_set_new(ctx, "page", json_integer(pi));
    json_object_set_new(ctx, "has_back", json_boolean(next_visible(s, pi, -1, f) >= 0));
    json_object_set_new(ctx, "is_last", json_boolean(last));
    json_object_set_new(ctx, "can_save", json_boolean(r->user && !preview));
    json_object_set_new(ctx, "preview", json_boolean(preview));
    json_object_set_new(ctx, "anonymous", json_boolean(s->anonymous));
    if (preview) set_str(ctx, "edit_url", req_url(r, arena_printf(&r->a, "/staff/surveys/%lld", (long long)s->id)));
    if (notice) set_str(ctx, "notice", notice);
    respond_page(r, status, "surveys/answer_page", ctx);
    return 0;
}

/* Whether a question on page pi is visible with f but was not among the
 * questions shown when the page was sent (the form's "shown" list). */
bool survey_page_grew(const survey *s, int pi, const form *f, const char *shown)
{
    if (!shown) return false;
    for (int i = 0; i < s->nquestions; i++) {
        const survey_question *q = &s->questions[i];
        if (q->page_index != pi || !survey_question_visible(s, q, f)) continue;
        bool was = false;
        for (const char *p = shown; *p;) {
            char *end;
            long long id = strtoll(p, &end, 10);
            if (end == p) break;
            if (id == q->id) was = true;
            p = *end == ',' ? end + 1 : end;
        }
        if (!was) return true;
    }
    return false;
}

/* ---- access ------------------------------------------------------------ */

/* NULL when the request's user may answer s, otherwise an untranslated
 * msgid saying why not (answered with 403). */
static const char *audience_refusal(request *r, const survey *s)
{
    if (strcmp(s->audience, "everyone") == 0) return NULL;
    if (!r->user) return N_("Only signed-in people can answer this survey. Log in to answer.");
    if (strcmp(s->audience, "registered") == 0) return NULL;
    if (strcmp(s->audience, "group") == 0)
        return s->group_id && group_is_member(r->db, s->group_id, r->user->id)
                   ? NULL
                   : N_("This survey is for the members of a group.");
    /* staff */
    if (r->user->role < ROLE_STAFF) return N_("This survey is for the county's staff.");
    if (s->nmunicipalities == 0) return NULL;
    db_result res;
    db_param p[] = {DB_INT(r->user->id)};
    if (db_query(r->db, &r->a, &res, "SELECT municipality_id FROM user_municipalities WHERE user_id = $1", 1, p) != 0)
        return N_("This survey is for the county's staff.");
    if (res.nrows == 0) return NULL;   /* county-wide staff */
    for (int i = 0; i < res.nrows; i++)
        for (int k = 0; k < s->nmunicipalities; k++)
            if (db_cell_int(&res, i, 0) == s->municipalities[k]) return NULL;
    return N_("This survey is for the staff of other municipalities.");
}

/* Group and staff surveys are listed only to those they are for: to anyone
 * else their pages answer without the title (registered ones are listed to
 * everybody, with a note, so their title is public). */
static bool title_hidden_from(request *r, const survey *s)
{
    return strcmp(s->audience, "everyone") != 0 && strcmp(s->audience, "registered") != 0 && audience_refusal(r, s);
}

static int render_info(request *r, int status, const survey *s, const char *msgid, bool login_link)
{
    json_t *ctx = json_object();
    set_str(ctx, "title", title_hidden_from(r, s) ? tr(r->lang, "Survey") : survey_pick(s->title, r->lang));
    set_str(ctx, "message", tr(r->lang, msgid));
    if (login_link && !r->user)
        set_str(ctx, "login_url",
                arena_concat(&r->a, req_url(r, "/login"), "?next=", req_url(r, arena_concat(&r->a, "/surveys/", s->slug, NULL)), NULL));
    set_str(ctx, "list_url", req_url(r, "/surveys"));
    respond_page(r, status, "surveys/answer_info", ctx);
    return 0;
}

static bool already_answered(request *r, const survey *s, int *err)
{
    *err = 0;
    if (!r->user) return false;
    const char *k = user_key(r, "answer", s->id);
    if (!k) return *err = -1, false;
    db_result res;
    db_param p[] = {DB_INT(s->id), DB_TEXT(k)};
    if (db_query(r->db, &r->a, &res, "SELECT 1 FROM survey_answer_keys WHERE survey_id = $1 AND key_hash = $2", 2, p) != 0)
        return *err = -1, false;
    return res.nrows > 0;
}

/* Loads the survey of the URL for a respondent: 0 and *s, or 1 when an
 * answer (404) was already given. Drafts are not found. */
static int load_public(request *r, survey *s)
{
    int rc = survey_load_slug(r->db, &r->a, req_param(r, "slug"), s);
    if (rc < 0) return -1;
    if (rc == 0 || strcmp(s->status, "draft") == 0 || s->npages == 0) {
        respond_error(r, 404, NULL);
        return 1;
    }
    return 0;
}

/* Common gate of GET and POST: returns 0 to go on, 1 when answered. */
static int gate(request *r, survey *s, bool post)
{
    int rc = load_public(r, s);
    if (rc) return rc;
    const char *why = audience_refusal(r, s);
    if (why) return render_info(r, 403, s, why, true) == 0 ? 1 : -1;
    if (!survey_is_open(s, r->now)) {
        const char *msg = strcmp(s->status, "published") == 0 && s->opens_at && r->now < s->opens_at
                              ? N_("This survey is not open yet.")
                              : N_("This survey is closed. Thank you for your interest.");
        return render_info(r, post ? 403 : 200, s, msg, false) == 0 ? 1 : -1;
    }
    int err;
    if (already_answered(r, s, &err)) return render_info(r, post ? 403 : 200, s, N_("You have already answered this survey. Thank you!"), false) == 0 ? 1 : -1;
    if (err) return -1;
    return 0;
}

static const char *answer_url(request *r, const survey *s)
{
    return req_url(r, arena_concat(&r->a, "/surveys/", s->slug, NULL));
}

int surveys_answer_form(request *r)
{
    survey s;
    int rc = gate(r, &s, false);
    if (rc) return rc < 0 ? -1 : 0;
    form f = {0};
    int pi = 0;
    const char *notice = NULL;
    if (r->user) {
        const char *k = user_key(r, "draft", s.id);
        db_result res;
        db_param p[] = {DB_INT(s.id), DB_TEXT(k)};
        if (!k || db_query(r->db, &r->a, &res, "SELECT page, data FROM survey_drafts WHERE survey_id = $1 AND draft_key = $2",
                           2, p) != 0)
            return -1;
        if (res.nrows) {
            form raw;
            form_from_json(r, db_cell(&res, 0, 1), &raw);
            survey_answer_fields(&s, &raw, &r->a, &f);
            pi = (int)db_cell_int(&res, 0, 0);
            if (pi < 0 || pi >= s.npages || !survey_page_visible(&s, pi, &f)) pi = 0;
            notice = tr(r->lang, "Welcome back: your saved answers are here. Continue where you left off.");
        }
    }
    if (!survey_page_visible(&s, pi, &f)) pi = next_visible(&s, pi, 1, &f);
    if (pi < 0) pi = 0;
    return survey_render_page(r, 200, &s, pi, &f, NULL, 0, answer_url(r, &s), false, new_token(r), notice);
}

static int save_draft(request *r, const survey *s, int pi, const form *f)
{
    if (!r->user) return 0;
    const char *k = user_key(r, "draft", s->id);
    if (!k) return -1;
    db_param p[] = {DB_INT(s->id), DB_TEXT(k), DB_INT(pi), DB_TEXT(form_to_json(r, f)), DB_INT(r->now)};
    return db_exec(r->db, "INSERT INTO survey_drafts(survey_id, draft_key, page, data, updated_at) "
                          "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (survey_id, draft_key) DO UPDATE SET "
                          "page = excluded.page, data = excluded.data, updated_at = excluded.updated_at",
                   5, p);
}

/* Stores the response. Returns 0 stored, 1 the token was used already
 * (counts once), 2 this person has answered already, -1 error. */
static int store(request *r, const survey *s, const char *token, const survey_answer *items, int n,
                 int64_t muni, const char *group)
{
    const char *th = survey_keyed_hash(r->db, &r->a, "token", s->id, token);
    const char *uk = r->user ? user_key(r, "answer", s->id) : NULL;
    if (!th || (r->user && !uk)) return -1;
    if (db_begin(r->db) != 0) return -1;
    db_result res;
    db_param tp[] = {DB_INT(s->id), DB_TEXT(th)};
    if (db_query(r->db, &r->a, &res, "INSERT INTO survey_used_tokens(survey_id, token_hash) VALUES ($1, $2) "
                                     "ON CONFLICT DO NOTHING RETURNING survey_id", 2, tp) != 0)
        goto fail;
    if (res.nrows == 0) {
        db_rollback(r->db);
        return 1;
    }
    if (uk) {
        db_param kp[] = {DB_INT(s->id), DB_TEXT(uk)};
        if (db_query(r->db, &r->a, &res, "INSERT INTO survey_answer_keys(survey_id, key_hash) VALUES ($1, $2) "
                                         "ON CONFLICT DO NOTHING RETURNING survey_id", 2, kp) != 0)
            goto fail;
        if (res.nrows == 0) {
            db_rollback(r->db);
            return 2;
        }
    }
    int64_t when = s->anonymous ? r->now - r->now % 86400 : r->now;
    db_param rp[] = {DB_INT(s->id), DB_INT(when), DB_TEXT(r->lang), muni ? DB_INT(muni) : DB_NULL,
                     s->service_point_id ? DB_INT(s->service_point_id) : DB_NULL, DB_TEXT(s->channel),
                     DB_TEXT(group), (!s->anonymous && r->user) ? DB_INT(r->user->id) : DB_NULL};
    if (db_query(r->db, &r->a, &res, "INSERT INTO responses(survey_id, submitted_at, lang, municipality_id, "
                                     "service_point_id, channel, respondent_group, user_id, completed) "
                                     "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1) RETURNING id", 8, rp) != 0 ||
        res.nrows != 1)
        goto fail;
    int64_t rid = db_cell_int(&res, 0, 0);
    for (int i = 0; i < n; i++) {
        const survey_answer *a = &items[i];
        db_param ap[] = {DB_INT(rid), DB_INT(s->id), DB_INT(a->question_id),
                         a->option_id ? DB_INT(a->option_id) : DB_NULL,
                         a->row_option_id ? DB_INT(a->row_option_id) : DB_NULL,
                         a->has_int ? DB_INT(a->value_int) : DB_NULL, DB_TEXT(a->value_text),
                         a->rank ? DB_INT(a->rank) : DB_NULL};
        if (db_exec(r->db, "INSERT INTO answers(response_id, survey_id, question_id, option_id, row_option_id, "
                           "value_int, value_text, rank) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)", 8, ap) != 0)
            goto fail;
    }
    if (survey_counts_add_response(r->db, rid) != 0) goto fail;
    if (r->user) {
        const char *dk = user_key(r, "draft", s->id);
        db_param dp[] = {DB_INT(s->id), DB_TEXT(dk)};
        if (!dk || db_exec(r->db, "DELETE FROM survey_drafts WHERE survey_id = $1 AND draft_key = $2", 2, dp) != 0)
            goto fail;
    }
    if (db_commit(r->db) != 0) goto fail;
    return 0;
fail:
    db_rollback(r->db);
    return -1;
}

int surveys_answer_post(request *r)
{
    survey s;
    int rc = gate(r, &s, true);
    if (rc) return rc < 0 ? -1 : 0;
    const char *token = req_form(r, "token");
    const char *pstr = req_form(r, "page");
    int pi = pstr ? atoi(pstr) : -1;
    if (!token_ok(token) || pi < 0 || pi >= s.npages) {
        respond_error(r, 400, tr(r->lang, "The form was incomplete. Open the survey again."));
        return 0;
    }
    form f;
    survey_answer_fields(&s, &r->form, &r->a, &f);
    const char *action = req_form(r, "action");
    if (!action) action = "next";
    if (strcmp(action, "back") == 0) {
        int prev = next_visible(&s, pi, -1, &f);
        if (prev < 0) prev = pi;
        if (save_draft(r, &s, prev, &f) != 0) return -1;
        return survey_render_page(r, 200, &s, prev, &f, NULL, 0, answer_url(r, &s), false, token, NULL);
    }
    if (survey_page_grew(&s, pi, &f, req_form(r, "shown")))
        return survey_render_page(r, 200, &s, pi, &f, NULL, 0, answer_url(r, &s), false, token,
                                  tr(r->lang, "Your answers added questions to this page. Answer them too, then continue."));
    survey_error errs[64];
    survey_answer *items;
    int nitems;
    int nerr = survey_validate(&s, &f, pi, &r->a, &items, &nitems, errs, 64);
    bool last = next_visible(&s, pi, 1, &f) < 0;
    int64_t muni = 0;
    const char *group = "";
    bg_error = NULL;
    if (last && s.ask_background) {
        const char *mv = form_get(&f, "municipality");
        if (mv && *mv) {
            db_result res;
            db_param p[] = {DB_INT(strtoll(mv, NULL, 10))};
            if (db_query(r->db, &r->a, &res, "SELECT id FROM municipalities WHERE id = $1", 1, p) != 0) return -1;
            if (res.nrows == 0) bg_error = tr(r->lang, "Choose a municipality from the list.");
            else muni = db_cell_int(&res, 0, 0);
        }
        const char *gv = form_get(&f, "respondent_group");
        if (gv && (!*gv || !strcmp(gv, "resident") || !strcmp(gv, "client") || !strcmp(gv, "family") ||
                   !strcmp(gv, "staff")))
            group = gv;
        else if (gv)
            bg_error = tr(r->lang, "Choose one of the options shown.");
    }
    if (!*group && strcmp(s.audience, "staff") == 0) group = "staff";
    if (nerr > 0 || bg_error) {
        if (nerr > 64) nerr = 64;
        rc = survey_render_page(r, 400, &s, pi, &f, errs, nerr, answer_url(r, &s), false, token, NULL);
        bg_error = NULL;
        return rc;
    }
    if (strcmp(action, "save") == 0 && r->user) {
        if (save_draft(r, &s, pi, &f) != 0) return -1;
        return render_info(r, 200, &s, N_("Your answers are saved. You can continue later from this survey's address while signed in."), false);
    }
    if (!last) {
        int nx = next_visible(&s, pi, 1, &f);
        if (save_draft(r, &s, nx, &f) != 0) return -1;
        return survey_render_page(r, 200, &s, nx, &f, NULL, 0, answer_url(r, &s), false, token, NULL);
    }
    /* the whole answer set, every visible page (answers to hidden questions are dropped) */
    nerr = survey_validate(&s, &f, -1, &r->a, &items, &nitems, errs, 64);
    if (nerr > 0) {
        int first = s.questions[0].page_index;
        survey_question *bad = survey_question_by_id(&s, errs[0].question_id);
        if (bad) first = bad->page_index;
        if (nerr > 64) nerr = 64;
        return survey_render_page(r, 400, &s, first, &f, errs, nerr, answer_url(r, &s), false, token, NULL);
    }
    rc = store(r, &s, token, items, nitems, muni, group);
    if (rc < 0) return -1;
    if (rc == 2) return render_info(r, 403, &s, N_("You have already answered this survey. Thank you!"), false);
    respond_redirect(r, 303, req_url(r, arena_concat(&r->a, "/surveys/", s.slug, "/thanks", NULL)));
    return 0;
}

int surveys_thanks(request *r)
{
    survey s;
    int rc = load_public(r, &s);
    if (rc) return rc < 0 ? -1 : 0;
    if (title_hidden_from(r, &s)) {
        respond_error(r, 403, NULL);
        return 0;
    }
    json_t *ctx = json_object();
    set_str(ctx, "title", survey_pick(s.title, r->lang));
    if (s.results_public) set_str(ctx, "results_url", req_url(r, arena_concat(&r->a, "/surveys/", s.slug, "/results", NULL)));
    set_str(ctx, "list_url", req_url(r, "/surveys"));
    json_object_set_new(ctx, "anonymous", json_boolean(s.anonymous));
    respond_page(r, 200, "surveys/answer_thanks", ctx);
    return 0;
}

int surveys_list(request *r)
{
    db_result res;
    if (db_query(r->db, &r->a, &res, "SELECT id FROM surveys WHERE status = 'published' ORDER BY created_at DESC, id DESC "
                                     "LIMIT 200", 0, NULL) != 0)
        return -1;
    json_t *items = json_array();
    for (int i = 0; i < res.nrows; i++) {
        survey s;
        if (survey_load(r->db, &r->a, db_cell_int(&res, i, 0), &s) != 1) continue;
        if (!survey_is_open(&s, r->now) || s.npages == 0) continue;
        if (title_hidden_from(r, &s)) continue;
        json_t *it = json_object();
        set_str(it, "title", survey_pick(s.title, r->lang));
        set_str(it, "url", answer_url(r, &s));
        if (strcmp(s.audience, "everyone") != 0) set_str(it, "audience_note", tr(r->lang, "For signed-in people"));
        if (s.anonymous) set_str(it, "anonymity_note", tr(r->lang, "Anonymous"));
        json_array_append_new(items, it);
    }
    json_t *ctx = json_object();
    json_object_set_new(ctx, "has_items", json_boolean(json_array_size(items) > 0));
    json_object_set_new(ctx, "items", items);
    respond_page(r, 200, "surveys/answer_list", ctx);
    return 0;
}
