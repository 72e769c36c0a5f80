/* Pure survey logic: conditions, answer validation and the completeness
 * check of the builder. No database, no request: unit-tested in
 * tests/surveys/test_logic.c. */
#include "surveys.h"
#include "../view/i18n.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SURVEY_TEXT_MAX 5000

static const char *field_name(char *buf, size_t n, int64_t qid, const char *suffix, int64_t sub)
{
    if (suffix) snprintf(buf, n, "q%lld_%s%lld", (long long)qid, suffix, (long long)sub);
    else snprintf(buf, n, "q%lld", (long long)qid);
    return buf;
}

/* Whether f has name = value among its (possibly repeated) fields. */
static bool form_has_value(const form *f, const char *name, const char *value)
{
    for (size_t i = 0; f && i < f->count; i++)
        if (strcmp(f->fields[i].name, name) == 0 && strcmp(f->fields[i].value, value) == 0)
            return true;
    return false;
}

static bool parse_int(const char *s, int64_t *out)
{
    if (!s || !*s) return false;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    while (*end == ' ') end++;
    if (errno || *end) return false;
    *out = v;
    return true;
}

static bool trimmed_empty(const char *s)
{
    if (!s) return true;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n') return false;
    return true;
}

static bool holds(const survey *s, int64_t qid, int64_t oid, const form *f, int depth);

static bool question_visible(const survey *s, const survey_question *q, const form *f, int depth)
{
    if (depth > 32) return false;   /* a cycle written by hand in the database */
    if (q->page_index >= 0) {
        const survey_page *pg = &s->pages[q->page_index];
        if (pg->cond_question_id && !holds(s, pg->cond_question_id, pg->cond_option_id, f, depth + 1))
            return false;
    }
    return !q->cond_question_id || holds(s, q->cond_question_id, q->cond_option_id, f, depth + 1);
}

static bool holds(const survey *s, int64_t qid, int64_t oid, const form *f, int depth)
{
    if (!qid) return true;
    const survey_question *c = survey_question_by_id(s, qid);
    if (!c || !question_visible(s, c, f, depth)) return false;
    char name[48], val[24];
    field_name(name, sizeof name, c->id, NULL, 0);
    if (c->kind == SQ_YESNO) return form_has_value(f, name, oid == 1 ? "1" : "0");
    snprintf(val, sizeof val, "%lld", (long long)oid);
    return form_has_value(f, name, val);
}

bool survey_condition_holds(const survey *s, int64_t qid, int64_t oid, const form *f)
{
    return holds(s, qid, oid, f, 0);
}

bool survey_question_visible(const survey *s, const survey_question *q, const form *f)
{
    return question_visible(s, q, f, 0);
}

bool survey_page_visible(const survey *s, int page_index, const form *f)
{
    if (page_index < 0 || page_index >= s->npages) return false;
    const survey_page *pg = &s->pages[page_index];
    return !pg->cond_question_id || holds(s, pg->cond_question_id, pg->cond_option_id, f, 0);
}

typedef struct collector {
    arena *a;
    survey_answer *items;
    int n, cap;
    survey_error *errs;
    int nerr, max_errs;
} collector;

static survey_answer *add(collector *c, int64_t qid)
{
    if (c->n == c->cap) {
        int cap = c->cap ? c->cap * 2 : 32;
        survey_answer *bigger = arena_alloc(c->a, sizeof(survey_answer) * (size_t)cap);
        if (c->n) memcpy(bigger, c->items, sizeof(survey_answer) * (size_t)c->n);
        c->items = bigger;
        c->cap = cap;
    }
    survey_answer *it = &c->items[c->n++];
    memset(it, 0, sizeof *it);
    it->question_id = qid;
    return it;
}

static void fail(collector *c, int64_t qid, const char *msgid)
{
    if (c->nerr < c->max_errs) {
        c->errs[c->nerr].question_id = qid;
        c->errs[c->nerr].msgid = msgid;
    }
    c->nerr++;
}

static bool is_option(const survey_question *q, int64_t id)
{
    for (int i = 0; i < q->noptions; i++)
        if (q->options[i].id == id) return true;
    return false;
}

/* Validates one visible question; appends rows or one error. */
static void validate_question(const survey_question *q, const form *f, collector *c)
{
    char name[48];
    field_name(name, sizeof name, q->id, NULL, 0);
    const char *v = form_get(f, name);
    int start = c->n;
    switch (q->kind) {
    case SQ_SINGLE:
    case SQ_MULTI: {
        char oname[48];
        snprintf(oname, sizeof oname, "q%lld_other", (long long)q->id);
        const char *other = form_get(f, oname);
        bool other_chosen = false;
        int chosen = 0;
        for (size_t i = 0; f && i < f->count; i++) {
            if (strcmp(f->fields[i].name, name) != 0 || !*f->fields[i].value) continue;
            const char *val = f->fields[i].value;
            int64_t id;
            if (strcmp(val, "other") == 0 && q->has_other) {
                other_chosen = true;
                continue;
            }
            if (!parse_int(val, &id) || !is_option(q, id)) {
                c->n = start;
                fail(c, q->id, N_("Choose one of the options shown."));
                return;
            }
            bool dup = false;
            for (int k = start; k < c->n; k++)
                if (c->items[k].option_id == id) dup = true;
            if (dup) continue;
            add(c, q->id)->option_id = id;
            chosen++;
        }
        if (q->kind == SQ_MULTI && q->has_other && !trimmed_empty(other)) other_chosen = true;
        if (other_chosen) {
            if (trimmed_empty(other)) {
                c->n = start;
                fail(c, q->id, N_("Write your answer in the field after \"Other\"."));
                return;
            }
            if (strlen(other) > SURVEY_TEXT_MAX) {
                c->n = start;
                fail(c, q->id, N_("The answer is too long (at most 5,000 characters)."));
                return;
            }
            add(c, q->id)->value_text = other;
            chosen++;
        }
        if (q->kind == SQ_SINGLE && chosen > 1) {
            c->n = start;
            fail(c, q->id, N_("Choose only one option."));
            return;
        }
        if (q->required && chosen == 0) fail(c, q->id, N_("This question needs an answer."));
        return;
    }
    case SQ_SCALE:
    case SQ_NPS: {
        int64_t n;
        if (trimmed_empty(v)) {
            if (q->required) fail(c, q->id, N_("This question needs an answer."));
            return;
        }
        if (!parse_int(v, &n) || n < q->scale_min || n > q->scale_max) {
            fail(c, q->id, N_("Choose a value on the scale shown."));
            return;
        }
        survey_answer *it = add(c, q->id);
        it->has_int = true;
        it->value_int = n;
        return;
    }
    case SQ_YESNO: {
        if (trimmed_empty(v)) {
            if (q->required) fail(c, q->id, N_("This question needs an answer."));
            return;
        }
        if (strcmp(v, "1") != 0 && strcmp(v, "0") != 0) {
            fail(c, q->id, N_("Choose yes or no."));
            return;
        }
        survey_answer *it = add(c, q->id);
        it->has_int = true;
        it->value_int = v[0] == '1';
        return;
    }
    case SQ_TEXT:
    case SQ_LONGTEXT:
        if (trimmed_empty(v)) {
            if (q->required) fail(c, q->id, N_("This question needs an answer."));
            return;
        }
        if (strlen(v) > SURVEY_TEXT_MAX) {
            fail(c, q->id, N_("The answer is too long (at most 5,000 characters)."));
            return;
        }
        add(c, q->id)->value_text = v;
        return;
    case SQ_MATRIX: {
        int answered = 0;
        for (int r = 0; r < q->nrows; r++) {
            char rn[64];
            const char *rv = form_get(f, field_name(rn, sizeof rn, q->id, "r", q->rows[r].id));
            int64_t id;
            if (trimmed_empty(rv)) continue;
            if (!parse_int(rv, &id) || !is_option(q, id)) {
                c->n = start;
                fail(c, q->id, N_("Choose one of the options shown."));
                return;
            }
            survey_answer *it = add(c, q->id);
            it->row_option_id = q->rows[r].id;
            it->option_id = id;
            answered++;
        }
        if (q->required && answered < q->nrows) {
            c->n = start;
            fail(c, q->id, N_("Answer every row."));
        }
        return;
    }
    case SQ_RANKING: {
        int given = 0;
        bool used[256] = {false};
        for (int o = 0; o < q->noptions; o++) {
            char on[64];
            const char *ov = form_get(f, field_name(on, sizeof on, q->id, "o", q->options[o].id));
            int64_t rank;
            if (trimmed_empty(ov)) continue;
            if (!parse_int(ov, &rank) || rank < 1 || rank > q->noptions || rank > 255 || used[rank]) {
                c->n = start;
                fail(c, q->id, N_("Give each item a different rank, from 1 to the number of items."));
                return;
            }
            used[rank] = true;
            survey_answer *it = add(c, q->id);
            it->option_id = q->options[o].id;
            it->rank = (int)rank;
            given++;
        }
        if ((q->required && given < q->noptions) || (given > 0 && given < q->noptions)) {
            c->n = start;
            fail(c, q->id, given ? N_("Rank every item.") : N_("This question needs an answer."));
        }
        return;
    }
    default:
        return;
    }
}

int survey_validate(const survey *s, const form *f, int page_index, arena *a, survey_answer **out,
                    int *nout, survey_error *errs, int max_errs)
{
    collector c = {.a = a, .errs = errs, .max_errs = max_errs};
    for (int i = 0; i < s->nquestions; i++) {
        const survey_question *q = &s->questions[i];
        if (page_index >= 0 && q->page_index != page_index) continue;
        if (!survey_question_visible(s, q, f)) continue;
        validate_question(q, f, &c);
    }
    *out = c.items;
    *nout = c.n;
    return c.nerr;
}

/* ---- completeness ---------------------------------------------------- */

static bool any_set(const char *const t[3])
{
    for (int i = 0; i < 3; i++)
        if (t[i] && *t[i]) return true;
    return false;
}

static char *fill2(arena *a, const char *lang, const char *msgid, long n, long m)
{
    const char *t = tr(lang, msgid);
    char nb[24], mb[24];
    snprintf(nb, sizeof nb, "%ld", n);
    snprintf(mb, sizeof mb, "%ld", m);
    size_t cap = strlen(t) + 64;
    char *o = arena_alloc(a, cap), *p = o;
    for (const char *s = t; *s && (size_t)(p - o) < cap - 24;) {
        if (strncmp(s, "{n}", 3) == 0) p += sprintf(p, "%s", nb), s += 3;
        else if (strncmp(s, "{m}", 3) == 0) p += sprintf(p, "%s", mb), s += 3;
        else *p++ = *s++;
    }
    *p = '\0';
    return o;
}

typedef struct missing {
    arena *a;
    const char **items;
    int n, cap;
} missing;

static void miss(missing *m, const char *text)
{
    if (m->n + 1 >= m->cap) {
        int cap = m->cap ? m->cap * 2 : 16;
        const char **bigger = arena_alloc(m->a, sizeof(char *) * (size_t)cap);
        if (m->n) memcpy(bigger, m->items, sizeof(char *) * (size_t)m->n);
        m->items = bigger;
        m->cap = cap;
    }
    m->items[m->n++] = text;
    m->items[m->n] = NULL;
}

/* A text counts as needed in every language when it is set in any. The
 * title and every question and option text are always needed. */
int survey_missing_texts(const survey *s, int li, arena *a, const char *lang_ui, const char ***items)
{
    missing m = {.a = a};
    if (!s->title[li] || !*s->title[li]) miss(&m, tr(lang_ui, "Title"));
    if (any_set(s->intro) && !*s->intro[li]) miss(&m, tr(lang_ui, "Introduction"));
    for (int p = 0; p < s->npages; p++)
        if (any_set(s->pages[p].title) && !*s->pages[p].title[li])
            miss(&m, fill2(a, lang_ui, N_("Page {n}: heading"), p + 1, 0));
    for (int i = 0; i < s->nquestions; i++) {
        const survey_question *q = &s->questions[i];
        long n = i + 1;
        if (!*q->text[li]) miss(&m, fill2(a, lang_ui, N_("Question {n}: question text"), n, 0));
        if (any_set(q->help) && !*q->help[li]) miss(&m, fill2(a, lang_ui, N_("Question {n}: help text"), n, 0));
        if (any_set(q->min_label) && !*q->min_label[li])
            miss(&m, fill2(a, lang_ui, N_("Question {n}: label of the lowest value"), n, 0));
        if (any_set(q->max_label) && !*q->max_label[li])
            miss(&m, fill2(a, lang_ui, N_("Question {n}: label of the highest value"), n, 0));
        for (int o = 0; o < q->noptions; o++)
            if (!*q->options[o].text[li])
                miss(&m, fill2(a, lang_ui, N_("Question {n}: option {m}"), n, o + 1));
        for (int o = 0; o < q->nrows; o++)
            if (!*q->rows[o].text[li]) miss(&m, fill2(a, lang_ui, N_("Question {n}: row {m}"), n, o + 1));
    }
    *items = m.items;
    return m.n;
}
