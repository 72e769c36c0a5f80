/* Survey results: /{lang}/staff/surveys/{id}/results for staff and
 * /{lang}/surveys/{slug}/results once staff have published them.
 *
 * Nothing is counted per request: answers are counted when they are
 * submitted (counts.c, tables survey_counts and survey_respondents of
 * sql/067_survey_counts.sql), per breakdown dimension, so a page reads a
 * few hundred count rows whatever the number of responses:
 *   1. answer counts by question, option, matrix row, value, rank (and group)
 *      and, in the same rows (option_id -2), respondents per question
 *      (what COUNT(DISTINCT response) gave for multiple-choice questions);
 *      for the other kinds a respondent has one row (per matrix row or ranked option)
 *   2. respondents per group of the breakdown, with the group's name
 * results_model() turns those into one JSON object with numbers only; the
 * page, the JSON export, the CSV and the XLSX are all made from it, so they
 * cannot disagree.
 *
 * Small cells: in a breakdown, a group with 1-4 answers to a question is not
 * shown ("fewer than 5 answers"); when exactly one group would be hidden,
 * the next smallest is hidden too, or the hidden one could be worked out
 * from the total (stats_suppress). The public page also hides a question
 * answered by fewer than 5 people. Matrix and ranking questions are shown
 * for all answers only, not per group. */
#include "results.h"
#include "charts.h"
#include "stats.h"
#include "../audit/audit.h"
#include "../http/formview.h"
#include "../util/json_alloc.h"
#include "../view/i18n.h"
#include "../view/view.h"
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const char *const breakdown_names[RB_COUNT] = {"", "municipality", "service_point", "lang", "group"};

results_breakdown results_breakdown_parse(const char *s)
{
    if (!s) return RB_NONE;
    for (int i = 1; i < RB_COUNT; i++)
        if (strcmp(s, breakdown_names[i]) == 0) return (results_breakdown)i;
    return RB_NONE;
}

const char *results_breakdown_name(results_breakdown b) { return breakdown_names[b]; }

/* The dimension of survey_counts a breakdown reads; constants only. */
static const char *dim_of(results_breakdown b)
{
    switch (b) {
    case RB_MUNICIPALITY: return "m";
    case RB_SERVICE_POINT: return "sp";
    case RB_LANG: return "lang";
    case RB_GROUP: return "grp";
    default: return "";
    }
}

typedef struct rgroup {
    const char *key;      /* the column's text, "" when not told */
    const char *label;
    int64_t n;            /* respondents */
} rgroup;

static const char *respondent_group_label(const char *lang, const char *key)
{
    if (strcmp(key, "resident") == 0) return tr(lang, "Resident");
    if (strcmp(key, "client") == 0) return tr(lang, "Client or patient");
    if (strcmp(key, "family") == 0) return tr(lang, "Family member or carer");
    if (strcmp(key, "staff") == 0) return tr(lang, "Staff");
    return tr(lang, "Not told");
}

static const char *lang_label(const char *lang, const char *key)
{
    if (strcmp(key, "fi") == 0) return tr(lang, "Finnish");
    if (strcmp(key, "sv") == 0) return tr(lang, "Swedish");
    if (strcmp(key, "en") == 0) return tr(lang, "English");
    return tr(lang, "Not told");
}

/* Respondents per group with the group's name, largest first. */
static int load_groups(request *r, const survey *s, results_breakdown b, rgroup **out, int *nout)
{
    db_result res;
    db_param p[] = {DB_INT(s->id)};
    const char *sql;
    /* keys are ids as text: LENGTH first orders them as numbers, "" (not told) first */
    switch (b) {
    case RB_MUNICIPALITY:
        sql = "SELECT c.dim_key, c.n, m.name_fi, m.name_sv, m.name_fi FROM survey_respondents c "
              "LEFT JOIN municipalities m ON CAST(m.id AS TEXT) = c.dim_key WHERE c.survey_id = $1 AND c.dim = 'm' "
              "AND c.n > 0 ORDER BY c.n DESC, LENGTH(c.dim_key), c.dim_key";
        break;
    case RB_SERVICE_POINT:
        sql = "SELECT c.dim_key, c.n, sp.name_fi, sp.name_sv, sp.name_en FROM survey_respondents c "
              "LEFT JOIN service_points sp ON CAST(sp.id AS TEXT) = c.dim_key WHERE c.survey_id = $1 AND c.dim = 'sp' "
              "AND c.n > 0 ORDER BY c.n DESC, LENGTH(c.dim_key), c.dim_key";
        break;
    case RB_LANG:
        sql = "SELECT c.dim_key, c.n, '', '', '' FROM survey_respondents c WHERE c.survey_id = $1 AND c.dim = 'lang' "
              "AND c.n > 0 ORDER BY c.n DESC, c.dim_key";
        break;
    case RB_GROUP:
        sql = "SELECT c.dim_key, c.n, '', '', '' FROM survey_respondents c WHERE c.survey_id = $1 AND c.dim = 'grp' "
              "AND c.n > 0 ORDER BY c.n DESC, c.dim_key";
        break;
    default:
        *out = NULL;
        *nout = 0;
        return 0;
    }
    if (db_query(r->db, &r->a, &res, sql, 1, p) < 0) return -1;
    rgroup *g = arena_alloc(&r->a, sizeof *g * (size_t)(res.nrows + 1));
    int li = survey_lang_index(r->lang);
    for (int i = 0; i < res.nrows; i++) {
        const char *key = db_cell(&res, i, 0);
        g[i].key = key ? key : "";
        g[i].n = db_cell_int(&res, i, 1);
        if (b == RB_LANG) g[i].label = lang_label(r->lang, g[i].key);
        else if (b == RB_GROUP) g[i].label = respondent_group_label(r->lang, g[i].key);
        else {
            const char *name = db_cell(&res, i, 2 + li);
            if (!name || !*name) name = db_cell(&res, i, 2);
            g[i].label = (key && *key && name && *name) ? name : tr(r->lang, "Not told");
        }
    }
    *out = g;
    *nout = res.nrows;
    return 0;
}

static int group_index(const rgroup *g, int ng, const char *key)
{
    if (!key) key = "";
    for (int i = 0; i < ng; i++)
        if (strcmp(g[i].key, key) == 0) return i;
    return -1;
}

/* One question's counts: items[k] for the whole survey (row 0) and for
 * every group (row 1 + g). */
typedef struct qagg {
    const survey_question *q;
    int nitems;
    const char **labels;
    int *values;          /* scale / nps / yesno: the value of item k */
    int64_t *counts;      /* (ngroups + 1) * nitems */
    int64_t *n;           /* respondents: [0] all, [1 + g] per group */
    int64_t *matrix;      /* nrows * noptions */
    int64_t *rank_sum, *rank_n;   /* ranking, per option */
} qagg;

static int item_of(const qagg *qa, const char *opt, const char *val)
{
    const survey_question *q = qa->q;
    switch (q->kind) {
    case SQ_SINGLE:
    case SQ_MULTI:
        if (!opt) return q->has_other ? q->noptions : -1;
        for (int k = 0; k < q->noptions; k++)
            if (q->options[k].id == atoll(opt)) return k;
        return -1;
    case SQ_SCALE:
    case SQ_NPS:
    case SQ_YESNO:
        if (!val) return -1;
        for (int k = 0; k < qa->nitems; k++)
            if (qa->values[k] == atoi(val)) return k;
        return -1;
    default:
        return -1;
    }
}

static void setup_items(request *r, qagg *qa, int ngroups)
{
    const survey_question *q = qa->q;
    const char *L = r->lang;
    int n = 0;
    switch (q->kind) {
    case SQ_SINGLE:
    case SQ_MULTI:
        n = q->noptions + (q->has_other ? 1 : 0);
        qa->labels = arena_alloc(&r->a, sizeof(char *) * (size_t)(n + 1));
        for (int k = 0; k < q->noptions; k++) qa->labels[k] = survey_pick(q->options[k].text, L);
        if (q->has_other) qa->labels[q->noptions] = tr(L, "Other");
        break;
    case SQ_YESNO:
        n = 2;
        qa->labels = arena_alloc(&r->a, sizeof(char *) * 2);
        qa->values = arena_alloc(&r->a, sizeof(int) * 2);
        qa->labels[0] = tr(L, "Yes"), qa->values[0] = 1;
        qa->labels[1] = tr(L, "No"), qa->values[1] = 0;
        break;
    case SQ_SCALE:
    case SQ_NPS: {
        int lo = q->kind == SQ_NPS ? 0 : q->scale_min, hi = q->kind == SQ_NPS ? 10 : q->scale_max;
        if (hi < lo) hi = lo;
        n = hi - lo + 1;
        qa->labels = arena_alloc(&r->a, sizeof(char *) * (size_t)n);
        qa->values = arena_alloc(&r->a, sizeof(int) * (size_t)n);
        const char *lo_l = survey_pick(q->min_label, L), *hi_l = survey_pick(q->max_label, L);
        for (int k = 0; k < n; k++) {
            qa->values[k] = lo + k;
            if (k == 0 && *lo_l) qa->labels[k] = arena_printf(&r->a, "%d – %s", lo + k, lo_l);
            else if (k == n - 1 && *hi_l) qa->labels[k] = arena_printf(&r->a, "%d – %s", lo + k, hi_l);
            else qa->labels[k] = arena_printf(&r->a, "%d", lo + k);
        }
        break;
    }
    default:
        break;
    }
    qa->nitems = n;
    qa->counts = arena_alloc(&r->a, sizeof(int64_t) * (size_t)((ngroups + 1) * (n ? n : 1)));
    qa->n = arena_alloc(&r->a, sizeof(int64_t) * (size_t)(ngroups + 1));
    if (q->kind == SQ_MATRIX)
        qa->matrix = arena_alloc(&r->a, sizeof(int64_t) * (size_t)((q->nrows ? q->nrows : 1) * (q->noptions ? q->noptions : 1)));
    if (q->kind == SQ_RANKING) {
        qa->rank_sum = arena_alloc(&r->a, sizeof(int64_t) * (size_t)(q->noptions + 1));
        qa->rank_n = arena_alloc(&r->a, sizeof(int64_t) * (size_t)(q->noptions + 1));
    }
}

static int option_index(const survey_option *o, int n, const char *id)
{
    if (!id) return -1;
    long long v = atoll(id);
    for (int k = 0; k < n; k++)
        if (o[k].id == v) return k;
    return -1;
}

static json_t *jint(int64_t v) { return json_integer((json_int_t)v); }

/* items with count and pct (tenths) of total */
static json_t *items_json(const qagg *qa, int row, int64_t total)
{
    json_t *items = json_array();
    for (int k = 0; k < qa->nitems; k++) {
        int64_t c = qa->counts[row * qa->nitems + k];
        json_array_append_new(items, json_pack("{s:s, s:o, s:o}", "label", qa->labels[k], "count", jint(c),
                                               "pct_tenths", jint(stats_pct_tenths(c, total))));
    }
    return items;
}

static void add_scale_stats(json_t *o, const qagg *qa, int row)
{
    const survey_question *q = qa->q;
    if (q->kind != SQ_SCALE && q->kind != SQ_NPS) return;
    stats_dist d;
    stats_distribution(qa->values, qa->counts + row * qa->nitems, (size_t)qa->nitems, &d);
    json_object_set_new(o, "mean_h", jint(d.mean_h));
    if (q->kind == SQ_NPS) {
        stats_nps s;
        stats_nps_from_counts(qa->counts + row * qa->nitems, &s);
        json_object_set_new(o, "nps", json_pack("{s:i, s:o, s:o, s:o, s:o}", "score", s.nps, "n", jint(s.n),
                                                "promoters", jint(s.promoters), "passives", jint(s.passives),
                                                "detractors", jint(s.detractors)));
    }
}

static int load_texts(request *r, const survey_question *q, bool public_view, json_t *qo)
{
    db_result res;
    db_param p[] = {DB_INT(q->id)};
    const char *sql = public_view
        ? "SELECT a.id, a.value_text, a.text_approved FROM answers a WHERE a.question_id = $1 "
          "AND a.value_text IS NOT NULL AND a.value_text <> '' AND a.text_approved = 1 ORDER BY a.id DESC LIMIT 100"
        : "SELECT a.id, a.value_text, a.text_approved FROM answers a WHERE a.question_id = $1 "
          "AND a.value_text IS NOT NULL AND a.value_text <> '' "
          "ORDER BY CASE WHEN a.text_approved = 0 THEN 0 ELSE 1 END, a.id DESC LIMIT 100";
    if (db_query(r->db, &r->a, &res, sql, 1, p) < 0) return -1;
    json_t *texts = json_array();
    for (int i = 0; i < res.nrows; i++) {
        int64_t st = db_cell_int(&res, i, 2);
        json_array_append_new(texts, json_pack("{s:o, s:s, s:s}", "id", jint(db_cell_int(&res, i, 0)), "text",
                                               db_cell(&res, i, 1), "status",
                                               st > 0 ? "approved" : st < 0 ? "rejected" : "pending"));
    }
    json_object_set_new(qo, "texts", texts);
    return 0;
}

json_t *results_model(request *r, const survey *s, results_breakdown b, bool public_view)
{
    rgroup *groups = NULL;
    int ng = 0;
    if (load_groups(r, s, b, &groups, &ng) < 0) return NULL;
    qagg *qa = arena_alloc(&r->a, sizeof *qa * (size_t)(s->nquestions + 1));
    for (int i = 0; i < s->nquestions; i++) {
        qa[i].q = &s->questions[i];
        setup_items(r, &qa[i], ng);
    }
    db_param p[] = {DB_INT(s->id), DB_TEXT(dim_of(b))};
    db_result res;
    /* 1. answer counts; NULLs are stored as -1 (sql/067_survey_counts.sql) */
    if (db_query(r->db, &r->a, &res,
                 "SELECT question_id, NULLIF(option_id, -1), NULLIF(row_option_id, -1), NULLIF(value_int, -1), "
                 "NULLIF(rank, -1), dim_key, n FROM survey_counts WHERE survey_id = $1 AND dim = $2 AND n > 0",
                 2, p) < 0)
        return NULL;
    for (int i = 0; i < res.nrows; i++) {
        survey_question *q = survey_question_by_id(s, db_cell_int(&res, i, 0));
        if (!q) continue;
        qagg *a = &qa[q - s->questions];
        int64_t c = db_cell_int(&res, i, 6);
        const char *opt = db_cell(&res, i, 1), *row = db_cell(&res, i, 2), *val = db_cell(&res, i, 3);
        int gi = b != RB_NONE ? group_index(groups, ng, db_cell(&res, i, 5)) : -1;
        if (opt && db_cell_int(&res, i, 1) == -2) {
            /* respondents of the question: only multiple choice has several rows per respondent */
            if (q->kind == SQ_MULTI) {
                a->n[0] += c;
                if (gi >= 0) a->n[1 + gi] += c;
            }
            continue;
        }
        if (q->kind == SQ_MATRIX) {
            int ri = option_index(q->rows, q->nrows, row), ci = option_index(q->options, q->noptions, opt);
            if (ri >= 0 && ci >= 0) a->matrix[ri * q->noptions + ci] += c;
            continue;
        }
        if (q->kind == SQ_RANKING) {
            int oi = option_index(q->options, q->noptions, opt);
            if (oi >= 0 && db_cell(&res, i, 4)) {
                a->rank_sum[oi] += c * db_cell_int(&res, i, 4);
                a->rank_n[oi] += c;
            }
            continue;
        }
        /* one answer row per respondent for every other kind: n is the sum */
        if (q->kind != SQ_MULTI) {
            a->n[0] += c;
            if (gi >= 0) a->n[1 + gi] += c;
        }
        int k = item_of(a, opt, val);
        if (k < 0) continue;
        a->counts[k] += c;
        if (gi >= 0) a->counts[(1 + gi) * a->nitems + k] += c;
    }
    /* 2. matrix and ranking questions have one row per matrix row or option:
     * their n is the largest of those */
    for (int i = 0; i < s->nquestions; i++) {
        qagg *a = &qa[i];
        const survey_question *q = a->q;
        if (q->kind != SQ_MATRIX && q->kind != SQ_RANKING) continue;
        int64_t best = 0;
        for (int ri = 0; q->kind == SQ_MATRIX && ri < q->nrows; ri++) {
            int64_t tot = 0;
            for (int ci = 0; ci < q->noptions; ci++) tot += a->matrix[ri * q->noptions + ci];
            if (tot > best) best = tot;
        }
        for (int oi = 0; q->kind == SQ_RANKING && oi < q->noptions; oi++)
            if (a->rank_n[oi] > best) best = a->rank_n[oi];
        a->n[0] = best;
    }
    int64_t respondents = 0;
    if (db_query(r->db, &r->a, &res, "SELECT n FROM survey_respondents WHERE survey_id = $1 AND dim = ''", 1, p) < 0)
        return NULL;
    respondents = res.nrows ? db_cell_int(&res, 0, 0) : 0;

    json_t *model = json_object();
    json_object_set_new(model, "survey", json_pack("{s:o, s:s, s:s, s:b, s:b}", "id", jint(s->id), "slug", s->slug,
                                                   "title", survey_pick(s->title, r->lang), "anonymous", s->anonymous,
                                                   "results_public", s->results_public));
    json_object_set_new(model, "breakdown", json_string(breakdown_names[b]));
    json_object_set_new(model, "respondents", jint(respondents));
    json_object_set_new(model, "min_cell", json_integer(STATS_MIN_CELL));
    json_t *jgroups = json_array();
    for (int i = 0; i < ng; i++)
        json_array_append_new(jgroups, json_pack("{s:s, s:s, s:o}", "key", groups[i].key, "label", groups[i].label,
                                                 "n", jint(groups[i].n)));
    json_object_set_new(model, "groups", jgroups);
    json_t *questions = json_array();
    int64_t *gn = arena_alloc(&r->a, sizeof(int64_t) * (size_t)(ng + 1));
    bool *sup = arena_alloc(&r->a, sizeof(bool) * (size_t)(ng + 1));
    for (int i = 0; i < s->nquestions; i++) {
        qagg *a = &qa[i];
        const survey_question *q = a->q;
        json_t *qo = json_pack("{s:o, s:i, s:s, s:s, s:o}", "id", jint(q->id), "number", i + 1, "text",
                               survey_pick(q->text, r->lang), "kind", survey_qkind_name(q->kind), "n", jint(a->n[0]));
        json_array_append_new(questions, qo);
        /* free text is checked by a moderator before it is public; numbers of few people are not shown */
        if (public_view && a->n[0] > 0 && a->n[0] < STATS_MIN_CELL && q->kind != SQ_TEXT && q->kind != SQ_LONGTEXT) {
            json_object_set_new(qo, "suppressed", json_true());
            continue;
        }
        if (a->nitems > 0) {
            json_object_set_new(qo, "items", items_json(a, 0, a->n[0]));
            add_scale_stats(qo, a, 0);
            if (b != RB_NONE) {
                for (int k = 0; k < ng; k++) gn[k] = a->n[1 + k];
                stats_suppress(gn, (size_t)ng, sup);
                json_t *bg = json_array();
                for (int k = 0; k < ng; k++) {
                    json_t *go = json_pack("{s:s, s:s, s:o, s:b}", "key", groups[k].key, "label", groups[k].label,
                                           "n", jint(gn[k]), "suppressed", sup[k]);
                    if (!sup[k]) {
                        json_object_set_new(go, "items", items_json(a, 1 + k, gn[k]));
                        add_scale_stats(go, a, 1 + k);
                    }
                    json_array_append_new(bg, go);
                }
                json_object_set_new(qo, "by_group", bg);
            }
        }
        if (q->kind == SQ_MATRIX) {
            json_t *rows = json_array();
            for (int ri = 0; ri < q->nrows; ri++) {
                int64_t tot = 0;
                for (int ci = 0; ci < q->noptions; ci++) tot += a->matrix[ri * q->noptions + ci];
                json_t *items = json_array();
                for (int ci = 0; ci < q->noptions; ci++) {
                    int64_t c = a->matrix[ri * q->noptions + ci];
                    json_array_append_new(items, json_pack("{s:s, s:o, s:o}", "label",
                                                           survey_pick(q->options[ci].text, r->lang), "count", jint(c),
                                                           "pct_tenths", jint(stats_pct_tenths(c, tot))));
                }
                json_array_append_new(rows, json_pack("{s:s, s:o, s:o}", "label", survey_pick(q->rows[ri].text, r->lang),
                                                      "n", jint(tot), "items", items));
            }
            json_object_set_new(qo, "rows", rows);
        }
        if (q->kind == SQ_RANKING) {
            json_t *ranks = json_array();
            for (int oi = 0; oi < q->noptions; oi++)
                json_array_append_new(ranks, json_pack("{s:s, s:o, s:o}", "label",
                                                       survey_pick(q->options[oi].text, r->lang), "n",
                                                       jint(a->rank_n[oi]), "mean_rank_h",
                                                       jint(stats_mean_hundredths(a->rank_sum[oi], a->rank_n[oi]))));
            json_object_set_new(qo, "ranking", ranks);
        }
        if (q->kind == SQ_TEXT || q->kind == SQ_LONGTEXT || q->has_other)
            if (load_texts(r, q, public_view, qo) < 0) return NULL;
    }
    json_object_set_new(model, "questions", questions);
    return model;
}

/* ---- the page ---------------------------------------------------------- */

static char dec_sep(const char *lang) { return strcmp(lang, "en") == 0 ? '.' : ','; }

static const char *pct_text(request *r, int64_t tenths)
{
    char b[32];
    return arena_printf(&r->a, "%s %%", stats_fmt_tenths(tenths, dec_sep(r->lang), b));
}

static const char *hund_text(request *r, int64_t h)
{
    char b[32];
    return arena_strdup(&r->a, stats_fmt_hundredths(h, dec_sep(r->lang), b));
}

/* msgid with {name} placeholders replaced by the given values (name, value, ..., NULL). */
static const char *fill(request *r, const char *msgid, ...) __attribute__((sentinel));
static const char *fill(request *r, const char *msgid, ...)
{
    const char *t = tr(r->lang, msgid);
    va_list ap;
    va_start(ap, msgid);
    for (;;) {
        const char *k = va_arg(ap, const char *);
        if (!k) break;
        const char *v = va_arg(ap, const char *);
        const char *at = strstr(t, k);
        if (at) t = arena_printf(&r->a, "%.*s%s%s", (int)(at - t), t, v, at + strlen(k));
    }
    va_end(ap);
    return t;
}

static int64_t jget(json_t *o, const char *k) { return (int64_t)json_integer_value(json_object_get(o, k)); }
static const char *jstr(json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }

static const char *svg_of(buf *b)
{
    return b->data ? b->data : "";
}

/* The bar chart, text summary and table rows of one set of items. */
static void choice_view(request *r, json_t *qo, json_t *qv, const char *chart_id)
{
    json_t *items = json_object_get(qo, "items");
    size_t n = json_array_size(items);
    if (n == 0) return;
    chart_bar_item *bars = arena_alloc(&r->a, sizeof *bars * n);
    json_t *rows = json_array();
    size_t best = 0;
    for (size_t k = 0; k < n; k++) {
        json_t *it = json_array_get(items, k);
        int64_t c = jget(it, "count"), p = jget(it, "pct_tenths");
        bars[k].label = jstr(it, "label");
        bars[k].value = (double)p / 10.0;
        bars[k].value_text = arena_printf(&r->a, "%s (%lld)", pct_text(r, p), (long long)c);
        if (c > jget(json_array_get(items, best), "count")) best = k;
        json_array_append_new(rows, json_pack("{s:s, s:o, s:s}", "label", bars[k].label, "count", jint(c), "pct",
                                              pct_text(r, p)));
    }
    const char *summary;
    json_t *bi = json_array_get(items, best);
    if (jget(qo, "n") == 0) summary = tr(r->lang, "Nobody has answered this question yet.");
    else
        summary = fill(r, "Most answered “{label}” ({pct}).", "{label}", jstr(bi, "label"), "{pct}",
                       pct_text(r, jget(bi, "pct_tenths")), NULL);
    if (strcmp(jstr(qo, "kind"), "multi") == 0)
        summary = arena_concat(&r->a, summary, " ", tr(r->lang, "Several options could be chosen, so the shares add up to more than 100 %."), NULL);
    buf svg = BUF_INIT;
    chart_bars(&svg, chart_id, jstr(qo, "text"), summary, bars, n, 0, 100, "");
    json_object_set_new(qv, "summary", json_string(summary));
    json_object_set_new(qv, "choice", json_pack("{s:s, s:o}", "svg", svg_of(&svg), "rows", rows));
    buf_free(&svg);
}

static void scale_view(request *r, json_t *qo, json_t *qv)
{
    if (json_object_get(qo, "mean_h") && jget(qo, "n") > 0) {
        const char *mean = hund_text(r, jget(qo, "mean_h"));
        json_object_set_new(qv, "mean", json_string(mean));
        json_t *items = json_object_get(qo, "items");
        json_t *first = json_array_get(items, 0), *last = json_array_get(items, json_array_size(items) - 1);
        const char *extra = fill(r, "Mean {mean} on a scale of {min} to {max}.", "{mean}", mean, "{min}",
                                 arena_printf(&r->a, "%d", atoi(jstr(first, "label"))), "{max}",
                                 arena_printf(&r->a, "%d", atoi(jstr(last, "label"))), NULL);
        json_object_set_new(qv, "summary", json_string(arena_concat(&r->a, jstr(qv, "summary"), " ", extra, NULL)));
    }
    json_t *nps = json_object_get(qo, "nps");
    if (nps && jget(nps, "n") > 0) {
        int64_t n = jget(nps, "n");
        json_object_set_new(qv, "nps", json_pack("{s:o, s:o, s:s, s:s, s:s}", "score", jint(jget(nps, "score")), "n",
                                                 jint(n), "promoters", pct_text(r, stats_pct_tenths(jget(nps, "promoters"), n)),
                                                 "passives", pct_text(r, stats_pct_tenths(jget(nps, "passives"), n)),
                                                 "detractors", pct_text(r, stats_pct_tenths(jget(nps, "detractors"), n))));
    }
}

/* A breakdown: stacked distribution per group and a table with n and the shares. */
static void breakdown_view(request *r, json_t *qo, json_t *qv, const char *chart_id, const char *breakdown_label)
{
    json_t *bg = json_object_get(qo, "by_group");
    size_t ng = json_array_size(bg);
    json_t *items = json_object_get(qo, "items");
    size_t k = json_array_size(items);
    if (!bg || k == 0) return;
    const char **names = arena_alloc(&r->a, sizeof(char *) * k);
    json_t *heads = json_array();
    for (size_t j = 0; j < k; j++) {
        names[j] = jstr(json_array_get(items, j), "label");
        json_array_append_new(heads, json_pack("{s:s}", "label", names[j]));
    }
    chart_stack_row *rows = arena_alloc(&r->a, sizeof *rows * (ng + 1));
    json_t *trs = json_array();
    int hidden = 0;
    bool is_nps = strcmp(jstr(qo, "kind"), "nps") == 0, has_mean = json_object_get(qo, "mean_h") != NULL;
    for (size_t i = 0; i < ng; i++) {
        json_t *go = json_array_get(bg, i);
        bool sup = json_is_true(json_object_get(go, "suppressed"));
        int64_t *counts = arena_alloc(&r->a, sizeof(int64_t) * k);
        json_t *cells = json_array();
        json_t *gi = json_object_get(go, "items");
        for (size_t j = 0; j < k && !sup; j++) {
            json_t *it = json_array_get(gi, j);
            counts[j] = jget(it, "count");
            json_array_append_new(cells, json_pack("{s:s}", "text", arena_printf(&r->a, "%s (%lld)",
                                                   pct_text(r, jget(it, "pct_tenths")), (long long)counts[j])));
        }
        rows[i].label = jstr(go, "label");
        rows[i].counts = counts;
        rows[i].suppressed = sup;
        hidden += sup;
        json_t *tr_ = json_pack("{s:s, s:b, s:o}", "label", rows[i].label, "suppressed", sup, "cells", cells);
        if (!sup) {
            json_object_set_new(tr_, "n", jint(jget(go, "n")));
            if (has_mean) json_object_set_new(tr_, "mean", json_string(hund_text(r, jget(go, "mean_h"))));
            if (is_nps) json_object_set_new(tr_, "nps", jint(jget(json_object_get(go, "nps"), "score")));
        }
        json_array_append_new(trs, tr_);
    }
    const char *desc = fill(r, "Distribution of the answers by {breakdown}: {groups} groups, {hidden} of them not shown because they have fewer than 5 answers.",
                            "{breakdown}", breakdown_label, "{groups}", arena_printf(&r->a, "%zu", ng), "{hidden}",
                            arena_printf(&r->a, "%d", hidden), NULL);
    buf svg = BUF_INIT;
    chart_stacked(&svg, chart_id, jstr(qo, "text"), desc, names, k, rows, ng, tr(r->lang, "fewer than 5 answers"));
    json_object_set_new(qv, "breakdown", json_pack("{s:s, s:s, s:o, s:o, s:b, s:b, s:i}", "svg", svg_of(&svg), "summary", desc,
                                                   "heads", heads, "rows", trs, "has_mean", has_mean, "is_nps", is_nps,
                                                   "span", 1 + has_mean + is_nps + (int)k));
    buf_free(&svg);
}

static void matrix_view(request *r, json_t *qo, json_t *qv, const char *chart_id)
{
    json_t *rows = json_object_get(qo, "rows");
    size_t nr = json_array_size(rows);
    if (nr == 0) return;
    json_t *first_items = json_object_get(json_array_get(rows, 0), "items");
    size_t k = json_array_size(first_items);
    const char **names = arena_alloc(&r->a, sizeof(char *) * (k + 1));
    json_t *heads = json_array();
    for (size_t j = 0; j < k; j++) {
        names[j] = jstr(json_array_get(first_items, j), "label");
        json_array_append_new(heads, json_pack("{s:s}", "label", names[j]));
    }
    chart_stack_row *srows = arena_alloc(&r->a, sizeof *srows * nr);
    json_t *trs = json_array();
    for (size_t i = 0; i < nr; i++) {
        json_t *ro = json_array_get(rows, i), *its = json_object_get(ro, "items");
        int64_t *counts = arena_alloc(&r->a, sizeof(int64_t) * (k + 1));
        json_t *cells = json_array();
        for (size_t j = 0; j < k; j++) {
            json_t *it = json_array_get(its, j);
            counts[j] = jget(it, "count");
            json_array_append_new(cells, json_pack("{s:s}", "text", arena_printf(&r->a, "%s (%lld)",
                                                   pct_text(r, jget(it, "pct_tenths")), (long long)counts[j])));
        }
        srows[i] = (chart_stack_row){jstr(ro, "label"), counts, false};
        json_array_append_new(trs, json_pack("{s:s, s:o, s:o}", "label", srows[i].label, "n", jint(jget(ro, "n")),
                                             "cells", cells));
    }
    const char *desc = tr(r->lang, "Distribution of the answers for each row of the question; the table below gives the numbers.");
    buf svg = BUF_INIT;
    chart_stacked(&svg, chart_id, jstr(qo, "text"), desc, names, k, srows, nr, "");
    json_object_set_new(qv, "matrix", json_pack("{s:s, s:o, s:o}", "svg", svg_of(&svg), "heads", heads, "rows", trs));
    json_object_set_new(qv, "summary", json_string(desc));
    buf_free(&svg);
}

static void ranking_view(request *r, json_t *qo, json_t *qv, const char *chart_id)
{
    json_t *ranks = json_object_get(qo, "ranking");
    size_t n = json_array_size(ranks);
    if (n == 0) return;
    chart_bar_item *bars = arena_alloc(&r->a, sizeof *bars * n);
    json_t *trs = json_array();
    size_t best = n;
    for (size_t i = 0; i < n; i++) {
        json_t *it = json_array_get(ranks, i);
        int64_t m = jget(it, "mean_rank_h");
        bars[i].label = jstr(it, "label");
        /* a longer bar for a better (smaller) mean rank */
        bars[i].value = jget(it, "n") > 0 ? (double)(n + 1) - (double)m / 100.0 : 0;
        bars[i].value_text = fill(r, "mean rank {rank}", "{rank}", hund_text(r, m), NULL);
        if (jget(it, "n") > 0 && (best == n || m < jget(json_array_get(ranks, best), "mean_rank_h"))) best = i;
        json_array_append_new(trs, json_pack("{s:s, s:s, s:o}", "label", bars[i].label, "mean", hund_text(r, m), "n",
                                             jint(jget(it, "n"))));
    }
    const char *summary = best < n ? fill(r, "Ranked first on average: “{label}” (mean rank {rank}).", "{label}",
                                          bars[best].label, "{rank}",
                                          hund_text(r, jget(json_array_get(ranks, best), "mean_rank_h")), NULL)
                                   : tr(r->lang, "Nobody has answered this question yet.");
    buf svg = BUF_INIT;
    chart_bars(&svg, chart_id, jstr(qo, "text"), summary, bars, n, 0, (double)n, "");
    json_object_set_new(qv, "ranking", json_pack("{s:s, s:o}", "svg", svg_of(&svg), "rows", trs));
    json_object_set_new(qv, "summary", json_string(summary));
    buf_free(&svg);
}

static const char *breakdown_label(request *r, results_breakdown b)
{
    switch (b) {
    case RB_MUNICIPALITY: return tr(r->lang, "municipality");
    case RB_SERVICE_POINT: return tr(r->lang, "service point");
    case RB_LANG: return tr(r->lang, "language of the answer");
    case RB_GROUP: return tr(r->lang, "respondent group");
    default: return "";
    }
}

static json_t *breakdown_select(request *r, results_breakdown b)
{
    static const char *const labels[RB_COUNT] = {N_("No breakdown"), N_("By municipality"), N_("By service point"),
                                                 N_("By language of the answer"), N_("By respondent group")};
    json_t *opts = json_array();
    for (int i = 0; i < RB_COUNT; i++)
        json_array_append_new(opts, json_pack("{s:s, s:s, s:b}", "value", breakdown_names[i], "label",
                                              tr(r->lang, labels[i]), "selected", (int)b == i));
    return opts;
}

/* The page's view of the model. */
static json_t *results_view(request *r, json_t *model, results_breakdown b, bool staff, const char *base_url)
{
    json_t *qs = json_array(), *questions = json_object_get(model, "questions");
    for (size_t i = 0; i < json_array_size(questions); i++) {
        json_t *qo = json_array_get(questions, i);
        const char *kind = jstr(qo, "kind");
        const char *cid = arena_printf(&r->a, "chart-q%lld", (long long)jget(qo, "id"));
        json_t *qv = json_pack("{s:o, s:s, s:o, s:s}", "number", jint(jget(qo, "number")), "text", jstr(qo, "text"),
                               "n", jint(jget(qo, "n")), "anchor", arena_printf(&r->a, "q%lld", (long long)jget(qo, "id")));
        json_array_append_new(qs, qv);
        if (json_is_true(json_object_get(qo, "suppressed"))) {
            json_object_set_new(qv, "suppressed", json_true());
            continue;
        }
        if (json_object_get(qo, "items")) {
            choice_view(r, qo, qv, cid);
            scale_view(r, qo, qv);
            if (b != RB_NONE) breakdown_view(r, qo, qv, arena_concat(&r->a, cid, "-b", NULL), breakdown_label(r, b));
        }
        if (strcmp(kind, "matrix") == 0) matrix_view(r, qo, qv, cid);
        if (strcmp(kind, "ranking") == 0) ranking_view(r, qo, qv, cid);
        json_t *texts = json_object_get(qo, "texts");
        if (texts) {
            json_t *tv = json_array();
            for (size_t t = 0; t < json_array_size(texts); t++) {
                json_t *to = json_array_get(texts, t);
                const char *st = jstr(to, "status");
                buf html = BUF_INIT;
                const char *txt = jstr(to, "text");
                markdown_to_html(txt, strlen(txt), &html);
                json_t *o = json_pack("{s:s, s:b, s:b, s:b}", "html", html.data ? html.data : "", "approved",
                                      strcmp(st, "approved") == 0, "rejected", strcmp(st, "rejected") == 0, "pending",
                                      strcmp(st, "pending") == 0);
                buf_free(&html);
                if (staff)
                    json_object_set_new(o, "moderate_url", json_string(arena_printf(&r->a, "%s/texts/%lld", base_url,
                                                                                    (long long)jget(to, "id"))));
                json_array_append_new(tv, o);
            }
            json_object_set_new(qv, "texts", tv);
            json_object_set_new(qv, "has_texts", json_boolean(json_array_size(tv) > 0));
            json_object_set_new(qv, "text_question", json_boolean(strcmp(kind, "text") == 0 || strcmp(kind, "longtext") == 0));
        }
    }
    json_t *ctx = json_pack("{s:s, s:o, s:o, s:b, s:o, s:b}", "title", jstr(json_object_get(model, "survey"), "title"),
                            "respondents", jint(jget(model, "respondents")), "questions", qs, "staff", staff,
                            "breakdown_options", breakdown_select(r, b), "has_breakdown", b != RB_NONE);
    json_object_set_new(ctx, "form_url", json_string(staff ? base_url : arena_printf(&r->a, "%s", r->path)));
    return ctx;
}

static int load_survey_param(request *r, survey *s)
{
    const char *ids = req_param(r, "id");
    char *end;
    long long id = strtoll(ids ? ids : "", &end, 10);
    if (!ids || *end || id <= 0) return 0;
    return survey_load(r->db, &r->a, id, s);
}

int survey_results_staff(request *r)
{
    survey s;
    int rc = load_survey_param(r, &s);
    if (rc < 0) return -1;
    if (rc == 0) {
        respond_error(r, 404, NULL);
        return 0;
    }
    results_breakdown b = results_breakdown_parse(req_query(r, "by"));
    json_t *model = results_model(r, &s, b, false);
    if (!model) return -1;
    const char *base = req_url(r, arena_printf(&r->a, "/staff/surveys/%lld/results", (long long)s.id));
    json_t *ctx = results_view(r, model, b, true, base);
    const char *q = b != RB_NONE ? arena_concat(&r->a, "?by=", breakdown_names[b], NULL) : "";
    json_object_set_new(ctx, "title", json_string(fill(r, "Results: {title}", "{title}", survey_pick(s.title, r->lang), NULL)));
    json_object_set_new(ctx, "survey_title", json_string(survey_pick(s.title, r->lang)));
    json_object_set_new(ctx, "csv_url", json_string(arena_concat(&r->a, base, ".csv", q, NULL)));
    json_object_set_new(ctx, "xlsx_url", json_string(arena_concat(&r->a, base, ".xlsx", q, NULL)));
    json_object_set_new(ctx, "json_url", json_string(arena_concat(&r->a, base, ".json", q, NULL)));
    if (!s.anonymous) json_object_set_new(ctx, "raw_url", json_string(arena_concat(&r->a, base, "/raw.csv", NULL)));
    json_object_set_new(ctx, "publish_url", json_string(arena_concat(&r->a, base, "/publish", NULL)));
    json_object_set_new(ctx, "published", json_boolean(s.results_public));
    json_object_set_new(ctx, "public_url", json_string(req_url(r, arena_printf(&r->a, "/surveys/%s/results", s.slug))));
    respond_page(r, 200, "surveys/results_page", ctx);
    return 0;
}

int survey_results_public(request *r)
{
    survey s;
    int rc = survey_load_slug(r->db, &r->a, req_param(r, "slug"), &s);
    if (rc < 0) return -1;
    if (rc == 0 || !s.results_public || strcmp(s.status, "draft") == 0) {
        respond_error(r, 404, NULL);
        return 0;
    }
    results_breakdown b = results_breakdown_parse(req_query(r, "by"));
    json_t *model = results_model(r, &s, b, true);
    if (!model) return -1;
    json_t *ctx = results_view(r, model, b, false, r->path);
    json_object_set_new(ctx, "title", json_string(fill(r, "Results: {title}", "{title}", survey_pick(s.title, r->lang), NULL)));
    json_object_set_new(ctx, "survey_title", json_string(survey_pick(s.title, r->lang)));
    respond_page(r, 200, "surveys/results_page", ctx);
    return 0;
}

int survey_results_publish(request *r)
{
    survey s;
    int rc = load_survey_param(r, &s);
    if (rc < 0) return -1;
    if (rc == 0) {
        respond_error(r, 404, NULL);
        return 0;
    }
    const char *v = req_form(r, "public");
    if (!v || (strcmp(v, "1") != 0 && strcmp(v, "0") != 0)) {
        respond_error(r, 400, tr(r->lang, "Choose whether the results are public."));
        return 0;
    }
    db_param p[] = {DB_INT(strcmp(v, "1") == 0), DB_INT(r->now), DB_INT(s.id)};
    if (db_exec(r->db, "UPDATE surveys SET results_public = $1, updated_at = $2 WHERE id = $3", 3, p) < 0) return -1;
    respond_redirect(r, 303, req_url(r, arena_printf(&r->a, "/staff/surveys/%lld/results", (long long)s.id)));
    return 0;
}

int survey_results_moderate(request *r)
{
    survey s;
    int rc = load_survey_param(r, &s);
    if (rc < 0) return -1;
    char *end;
    const char *aids = req_param(r, "aid");
    long long aid = strtoll(aids ? aids : "", &end, 10);
    if (rc == 0 || !aids || *end || aid <= 0) {
        respond_error(r, 404, NULL);
        return 0;
    }
    const char *d = req_form(r, "decision");
    int v = d && strcmp(d, "approve") == 0 ? 1 : d && strcmp(d, "reject") == 0 ? -1 : 0;
    if (!v) {
        respond_error(r, 400, tr(r->lang, "Choose whether to approve or reject the answer."));
        return 0;
    }
    db_param p[] = {DB_INT(v), DB_INT(aid), DB_INT(s.id)};
    db_result res;
    if (db_query(r->db, &r->a, &res, "UPDATE answers SET text_approved = $1 WHERE id = $2 AND survey_id = $3 "
                 "AND value_text IS NOT NULL RETURNING id", 3, p) < 0)
        return -1;
    if (res.nrows == 0) {
        respond_error(r, 404, NULL);
        return 0;
    }
    respond_redirect(r, 303, req_url(r, arena_printf(&r->a, "/staff/surveys/%lld/results#texts", (long long)s.id)));
    return 0;
}
