/* Exports of survey results: /{lang}/staff/surveys/{id}/results.csv,
 * .xlsx and .json carry the numbers of the results page (the same
 * results_model(), the same breakdown with ?by=, the same suppression).
 *
 * CSV and XLSX have one row per number: question, group ("All" or the
 * breakdown group), answer, count, share in per cent (one decimal, a dot as
 * the decimal mark), answers to the question, and a value column for means,
 * NPS and mean ranks. Free-text answers are not in the aggregate exports.
 *
 * Raw answers (/results/raw.csv, one row per response) are offered only for
 * identified surveys: in an anonymous survey a row with municipality,
 * language and respondent group can single out a person in a small group,
 * which is exactly what suppression prevents. Every raw download is written
 * to the audit log. */
#include "results.h"
#include "stats.h"
#include "../audit/audit.h"
#include "../util/json_alloc.h"
#include "../util/csv.h"
#include "../view/i18n.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

/* One exported row; NULL cells are empty. */
typedef struct xrow {
    int64_t number;
    const char *question, *group, *answer;
    bool has_count, has_pct, has_n, has_value;
    int64_t count, pct_tenths, n, value_h;   /* value in hundredths */
    bool value_whole;                        /* NPS: a whole number */
    const char *note;
} xrow;

typedef struct xrows {
    xrow *v;
    int n, cap;
} xrows;

static xrow *push(request *r, xrows *x)
{
    if (x->n == x->cap) {
        int cap = x->cap ? x->cap * 2 : 64;
        xrow *nv = arena_alloc(&r->a, sizeof *nv * (size_t)cap);
        if (x->n) memcpy(nv, x->v, sizeof *nv * (size_t)x->n);
        x->v = nv;
        x->cap = cap;
    }
    xrow *row = &x->v[x->n++];
    memset(row, 0, sizeof *row);
    return row;
}

static int64_t jget(json_t *o, const char *k) { return (int64_t)json_integer_value(json_object_get(o, k)); }
static const char *jstr(json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }

static void item_rows(request *r, xrows *x, json_t *qo, const char *group, json_t *holder)
{
    json_t *items = json_object_get(holder, "items");
    int64_t n = jget(holder, "n");
    for (size_t k = 0; k < json_array_size(items); k++) {
        json_t *it = json_array_get(items, k);
        xrow *row = push(r, x);
        row->number = jget(qo, "number");
        row->question = jstr(qo, "text");
        row->group = group;
        row->answer = jstr(it, "label");
        row->has_count = row->has_pct = row->has_n = true;
        row->count = jget(it, "count");
        row->pct_tenths = jget(it, "pct_tenths");
        row->n = n;
    }
    if (json_object_get(holder, "mean_h")) {
        xrow *row = push(r, x);
        row->number = jget(qo, "number"), row->question = jstr(qo, "text"), row->group = group;
        row->answer = tr(r->lang, "Mean");
        row->has_n = row->has_value = true;
        row->n = n;
        row->value_h = jget(holder, "mean_h");
    }
    json_t *nps = json_object_get(holder, "nps");
    if (nps) {
        xrow *row = push(r, x);
        row->number = jget(qo, "number"), row->question = jstr(qo, "text"), row->group = group;
        row->answer = tr(r->lang, "Net Promoter Score");
        row->has_n = row->has_value = row->value_whole = true;
        row->n = jget(nps, "n");
        row->value_h = jget(nps, "score") * 100;
    }
}

/* Flattens the model into rows (see the comment at the top). */
static void flatten(request *r, json_t *model, xrows *x)
{
    json_t *qs = json_object_get(model, "questions");
    const char *all = tr(r->lang, "All");
    for (size_t i = 0; i < json_array_size(qs); i++) {
        json_t *qo = json_array_get(qs, i);
        if (json_is_true(json_object_get(qo, "suppressed"))) continue;
        if (json_object_get(qo, "items")) {
            item_rows(r, x, qo, all, qo);
            json_t *bg = json_object_get(qo, "by_group");
            for (size_t g = 0; g < json_array_size(bg); g++) {
                json_t *go = json_array_get(bg, g);
                if (json_is_true(json_object_get(go, "suppressed"))) {
                    xrow *row = push(r, x);
                    row->number = jget(qo, "number"), row->question = jstr(qo, "text");
                    row->group = jstr(go, "label");
                    row->note = tr(r->lang, "fewer than 5 answers");
                    continue;
                }
                item_rows(r, x, qo, jstr(go, "label"), go);
            }
        }
        json_t *rows = json_object_get(qo, "rows");
        for (size_t ri = 0; ri < json_array_size(rows); ri++) {
            json_t *ro = json_array_get(rows, ri), *its = json_object_get(ro, "items");
            for (size_t k = 0; k < json_array_size(its); k++) {
                json_t *it = json_array_get(its, k);
                xrow *row = push(r, x);
                row->number = jget(qo, "number"), row->question = jstr(qo, "text"), row->group = all;
                row->answer = arena_concat(&r->a, jstr(ro, "label"), ": ", jstr(it, "label"), NULL);
                row->has_count = row->has_pct = row->has_n = true;
                row->count = jget(it, "count"), row->pct_tenths = jget(it, "pct_tenths"), row->n = jget(ro, "n");
            }
        }
        json_t *ranks = json_object_get(qo, "ranking");
        for (size_t k = 0; k < json_array_size(ranks); k++) {
            json_t *it = json_array_get(ranks, k);
            xrow *row = push(r, x);
            row->number = jget(qo, "number"), row->question = jstr(qo, "text"), row->group = all;
            row->answer = arena_concat(&r->a, tr(r->lang, "Mean rank"), ": ", jstr(it, "label"), NULL);
            row->has_n = row->has_value = true;
            row->n = jget(it, "n"), row->value_h = jget(it, "mean_rank_h");
        }
    }
}

static const char *const *heads(request *r)
{
    static const char *const ids[9] = {N_("Question number"), N_("Question"), N_("Group"), N_("Answer"),
                                       N_("Number"), N_("Share (%)"), N_("Answers to the question"), N_("Value"),
                                       N_("Note")};
    const char **h = arena_alloc(&r->a, sizeof(char *) * 9);
    for (int i = 0; i < 9; i++) h[i] = tr(r->lang, ids[i]);
    return h;
}

static int load(request *r, survey *s)
{
    const char *ids = req_param(r, "id");
    char *end;
    long long id = strtoll(ids ? ids : "", &end, 10);
    if (!ids || *end || id <= 0) return 0;
    return survey_load(r->db, &r->a, id, s);
}

static json_t *model_for(request *r, survey *s, int *status)
{
    *status = 0;
    int rc = load(r, s);
    if (rc < 0) return NULL;
    if (rc == 0) {
        *status = 404;
        return NULL;
    }
    json_t *m = results_model(r, s, results_breakdown_parse(req_query(r, "by")), false);
    if (!m) *status = -1;
    return m;
}

static const char *filename(request *r, const survey *s, const char *ext)
{
    return arena_printf(&r->a, "attachment; filename=\"survey-%lld-results.%s\"", (long long)s->id, ext);
}

int survey_results_csv(request *r)
{
    survey s;
    int st;
    json_t *model = model_for(r, &s, &st);
    if (!model) {
        if (st == 404) respond_error(r, 404, NULL);
        return st == 404 ? 0 : -1;
    }
    xrows x = {0};
    flatten(r, model, &x);
    buf b = BUF_INIT;
    buf_puts(&b, "\xEF\xBB\xBF");   /* UTF-8 BOM: spreadsheets then read the text right */
    const char *const *h = heads(r);
    for (int i = 0; i < 9; i++) csv_text_cell(&b, h[i], i == 8);
    char t[32];
    for (int i = 0; i < x.n; i++) {
        xrow *row = &x.v[i];
        csv_int_cell(&b, (long long)row->number, false);
        csv_text_cell(&b, row->question, false);
        csv_text_cell(&b, row->group, false);
        csv_text_cell(&b, row->answer, false);
        csv_number_cell(&b, row->has_count ? arena_printf(&r->a, "%lld", (long long)row->count) : "", false);
        csv_number_cell(&b, row->has_pct ? stats_fmt_tenths(row->pct_tenths, '.', t) : "", false);
        csv_number_cell(&b, row->has_n ? arena_printf(&r->a, "%lld", (long long)row->n) : "", false);
        csv_number_cell(&b, !row->has_value ? ""
                           : row->value_whole ? arena_printf(&r->a, "%lld", (long long)(row->value_h / 100))
                                              : stats_fmt_hundredths(row->value_h, '.', t), false);
        csv_text_cell(&b, row->note, true);
    }
    req_header(r, "Content-Disposition", filename(r, &s, "csv"));
    req_header(r, "Cache-Control", "no-store");
    r->status = 200;
    r->content_type = "text/csv; charset=utf-8; header=present";
    r->out.len = 0;
    buf_append(&r->out, b.data, b.len);
    buf_free(&b);
    return 0;
}

static int read_back(const char *path, buf *out)
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    char chunk[16384];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) buf_append(out, chunk, n);
    int bad = ferror(f);
    fclose(f);
    return bad ? -1 : 0;
}

int survey_results_xlsx(request *r)
{
    survey s;
    int st;
    json_t *model = model_for(r, &s, &st);
    if (!model) {
        if (st == 404) respond_error(r, 404, NULL);
        return st == 404 ? 0 : -1;
    }
    xrows x = {0};
    flatten(r, model, &x);
    char path[] = "/tmp/kohtaamo-xlsx-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) return -1;
    close(fd);
    lxw_workbook *wb = workbook_new(path);
    if (!wb) {
        unlink(path);
        return -1;
    }
    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);
    lxw_worksheet *ws = workbook_add_worksheet(wb, tr(r->lang, "Results"));
    const char *const *h = heads(r);
    for (int c = 0; c < 9; c++) worksheet_write_string(ws, 0, (lxw_col_t)c, h[c], bold);
    worksheet_set_column(ws, 1, 1, 50, NULL);
    worksheet_set_column(ws, 2, 3, 28, NULL);
    for (int i = 0; i < x.n; i++) {
        xrow *row = &x.v[i];
        lxw_row_t y = (lxw_row_t)(i + 1);
        worksheet_write_number(ws, y, 0, (double)row->number, NULL);
        worksheet_write_string(ws, y, 1, row->question, NULL);
        worksheet_write_string(ws, y, 2, row->group ? row->group : "", NULL);
        if (row->answer) worksheet_write_string(ws, y, 3, row->answer, NULL);
        if (row->has_count) worksheet_write_number(ws, y, 4, (double)row->count, NULL);
        if (row->has_pct) worksheet_write_number(ws, y, 5, (double)row->pct_tenths / 10.0, NULL);
        if (row->has_n) worksheet_write_number(ws, y, 6, (double)row->n, NULL);
        if (row->has_value) worksheet_write_number(ws, y, 7, row->value_whole ? (double)(row->value_h / 100)
                                                                          : (double)row->value_h / 100.0, NULL);
        if (row->note) worksheet_write_string(ws, y, 8, row->note, NULL);
    }
    lxw_error err = workbook_close(wb);
    buf b = BUF_INIT;
    int rc = err == LXW_NO_ERROR ? read_back(path, &b) : -1;
    unlink(path);
    if (rc < 0) {
        buf_free(&b);
        return -1;
    }
    req_header(r, "Content-Disposition", filename(r, &s, "xlsx"));
    req_header(r, "Cache-Control", "no-store");
    r->status = 200;
    r->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    r->out.len = 0;
    buf_append(&r->out, b.data, b.len);
    buf_free(&b);
    return 0;
}

int survey_results_json(request *r)
{
    survey s;
    int st;
    json_t *model = model_for(r, &s, &st);
    if (!model) {
        if (st == 404) respond_error(r, 404, NULL);
        return st == 404 ? 0 : -1;
    }
    req_header(r, "Cache-Control", "no-store");
    respond_json(r, 200, model);
    return 0;
}

/* Every response as a row: identified surveys only (see the top). */
int survey_results_raw_csv(request *r)
{
    survey s;
    int rc = load(r, &s);
    if (rc < 0) return -1;
    if (rc == 0) {
        respond_error(r, 404, NULL);
        return 0;
    }
    if (s.anonymous) {
        respond_error(r, 403, tr(r->lang, "Answers of an anonymous survey are only given as aggregated results, so that nobody can be recognised."));
        return 0;
    }
    db_param p[] = {DB_INT(s.id)};
    db_result resp, ans;
    if (db_query(r->db, &r->a, &resp, "SELECT r.id, r.submitted_at, r.lang, COALESCE(m.name_fi, ''), r.respondent_group, "
                 "r.user_id FROM responses r LEFT JOIN municipalities m ON m.id = r.municipality_id "
                 "WHERE r.survey_id = $1 AND r.completed = 1 ORDER BY r.id", 1, p) < 0 ||
        db_query(r->db, &r->a, &ans, "SELECT a.response_id, a.question_id, a.option_id, a.row_option_id, a.value_int, "
                 "a.value_text, a.rank FROM answers a WHERE a.survey_id = $1 ORDER BY a.response_id, a.id", 1, p) < 0)
        return -1;
    if (audit_record(r->db, r->now, r->user ? r->user->id : 0, "survey.raw_answers", 0,
                     arena_printf(&r->a, "survey %lld, %d responses", (long long)s.id, resp.nrows)) < 0)
        return -1;
    buf b = BUF_INIT;
    buf_puts(&b, "\xEF\xBB\xBF");
    csv_text_cell(&b, tr(r->lang, "Response"), false);
    csv_text_cell(&b, tr(r->lang, "Submitted"), false);
    csv_text_cell(&b, tr(r->lang, "Language"), false);
    csv_text_cell(&b, tr(r->lang, "Municipality"), false);
    csv_text_cell(&b, tr(r->lang, "Respondent group"), false);
    csv_text_cell(&b, tr(r->lang, "Account"), s.nquestions == 0);
    for (int q = 0; q < s.nquestions; q++)
        csv_text_cell(&b, arena_printf(&r->a, "%d. %s", q + 1, survey_pick(s.questions[q].text, r->lang)), q == s.nquestions - 1);
    int ai = 0;
    const char **cells = arena_alloc(&r->a, sizeof(char *) * (size_t)(s.nquestions + 1));
    /* a cell that is one number (a scale or NPS answer) is written as a number */
    bool *numeric = arena_alloc(&r->a, sizeof(bool) * (size_t)(s.nquestions + 1));
    for (int i = 0; i < resp.nrows; i++) {
        int64_t rid = db_cell_int(&resp, i, 0);
        for (int q = 0; q < s.nquestions; q++) cells[q] = "", numeric[q] = false;
        for (; ai < ans.nrows && db_cell_int(&ans, ai, 0) <= rid; ai++) {
            if (db_cell_int(&ans, ai, 0) != rid) continue;
            survey_question *q = survey_question_by_id(&s, db_cell_int(&ans, ai, 1));
            if (!q) continue;
            int qi = (int)(q - s.questions);
            const char *v;
            survey_option *o = db_cell(&ans, ai, 2) ? survey_option_by_id(q, db_cell_int(&ans, ai, 2)) : NULL;
            survey_option *ro = db_cell(&ans, ai, 3) ? survey_option_by_id(q, db_cell_int(&ans, ai, 3)) : NULL;
            if (q->kind == SQ_MATRIX && o && ro)
                v = arena_concat(&r->a, survey_pick(ro->text, r->lang), ": ", survey_pick(o->text, r->lang), NULL);
            else if (q->kind == SQ_RANKING && o)
                v = arena_printf(&r->a, "%s: %s", db_cell(&ans, ai, 6) ? db_cell(&ans, ai, 6) : "", survey_pick(o->text, r->lang));
            else if (o) v = survey_pick(o->text, r->lang);
            else if (db_cell(&ans, ai, 5)) v = db_cell(&ans, ai, 5);
            else v = db_cell(&ans, ai, 4) ? db_cell(&ans, ai, 4) : "";
            numeric[qi] = !*cells[qi] && !o && !db_cell(&ans, ai, 5) && db_cell(&ans, ai, 4);
            cells[qi] = *cells[qi] ? arena_concat(&r->a, cells[qi], "; ", v, NULL) : v;
        }
        csv_number_cell(&b, db_cell(&resp, i, 0), false);
        time_t t = (time_t)db_cell_int(&resp, i, 1);
        struct tm tm;
        gmtime_r(&t, &tm);
        char date[32];
        strftime(date, sizeof date, "%Y-%m-%d", &tm);
        csv_text_cell(&b, date, false);
        csv_text_cell(&b, db_cell(&resp, i, 2), false);
        csv_text_cell(&b, db_cell(&resp, i, 3), false);
        csv_text_cell(&b, db_cell(&resp, i, 4), false);
        csv_number_cell(&b, db_cell(&resp, i, 5), s.nquestions == 0);
        for (int q = 0; q < s.nquestions; q++) {
            if (numeric[q]) csv_number_cell(&b, cells[q], q == s.nquestions - 1);
            else csv_text_cell(&b, cells[q], q == s.nquestions - 1);
        }
    }
    req_header(r, "Content-Disposition", filename(r, &s, "answers.csv"));
    req_header(r, "Cache-Control", "no-store");
    r->status = 200;
    r->content_type = "text/csv; charset=utf-8; header=present";
    r->out.len = 0;
    buf_append(&r->out, b.data, b.len);
    buf_free(&b);
    return 0;
}
