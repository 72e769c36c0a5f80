/* Reports for coordinators: /{lang}/staff/feedback/reports and its CSV export
 * /{lang}/staff/feedback/reports.csv. Volume by project and topic per ISO week
 * (the last 52 weeks), median time to the first response, open backlog. */
#include "feedback.h"
#include "inbox_internal.h"
#include "../util/csv.h"
#include "../view/i18n.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define REPORT_WEEKS 52

typedef struct volume_row {
    const char *week, *project, *topic;
    long count;
} volume_row;

static int loff(const request *r) { return strcmp(r->lang, "sv") == 0 ? 1 : strcmp(r->lang, "en") == 0 ? 2 : 0; }

static const char *pick3(const request *r, const db_result *res, int row, int col_fi)
{
    const char *v = db_cell(res, row, col_fi + loff(r));
    return (v && *v) ? v : db_cell(res, row, col_fi);
}

static const char *iso_week(request *r, int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    char s[16];
    localtime_r(&tt, &tm);
    strftime(s, sizeof s, "%G-W%V", &tm);
    return arena_strdup(&r->a, s);
}

static int cmp_volume(const void *a, const void *b)
{
    const volume_row *x = a, *y = b;
    int c = strcmp(y->week, x->week);   /* newest week first */
    if (c) return c;
    c = strcmp(x->project, y->project);
    return c ? c : strcmp(x->topic, y->topic);
}

/* Rows of the volume table in the arena; returns their number or -1. */
static int volume(request *r, volume_row **out)
{
    db_result res;
    db_param p[] = {DB_INT(feedback_scope_user(r)), DB_INT(r->now - (int64_t)REPORT_WEEKS * 7 * 86400)};
    if (db_query(r->db, &r->a, &res,
                 "SELECT f.created_at, p.title_fi, p.title_sv, p.title_en, t.name_fi, t.name_sv, t.name_en "
                 "FROM feedback f LEFT JOIN projects p ON p.id = f.project_id "
                 "LEFT JOIN feedback_topics t ON t.id = f.topic_id "
                 "WHERE " FEEDBACK_SCOPE_SQL " AND f.created_at >= $2", 2, p) < 0)
        return -1;
    volume_row *rows = arena_alloc(&r->a, sizeof *rows * (size_t)(res.nrows + 1));
    int n = 0;
    const char *none_p = tr(r->lang, "No project"), *none_t = tr(r->lang, "No topic");
    for (int i = 0; i < res.nrows; i++) {
        const char *week = iso_week(r, db_cell_int(&res, i, 0));
        const char *proj = pick3(r, &res, i, 1), *topic = pick3(r, &res, i, 4);
        if (!proj) proj = none_p;
        if (!topic) topic = none_t;
        int k;
        for (k = 0; k < n; k++)
            if (!strcmp(rows[k].week, week) && !strcmp(rows[k].project, proj) && !strcmp(rows[k].topic, topic)) break;
        if (k == n) rows[n++] = (volume_row){week, proj, topic, 0};
        rows[k].count++;
    }
    qsort(rows, (size_t)n, sizeof *rows, cmp_volume);
    *out = rows;
    return n;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

int feedback_reports(request *r)
{
    volume_row *rows;
    int n = volume(r, &rows);
    if (n < 0) return -1;
    json_t *vol = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(vol, json_pack("{s:s, s:s, s:s, s:I}", "week", rows[i].week, "project", rows[i].project,
                                             "topic", rows[i].topic, "count", (json_int_t)rows[i].count));

    db_result res;
    db_param p[] = {DB_INT(feedback_scope_user(r))};
    if (db_query(r->db, &r->a, &res, "SELECT f.first_response_at - f.created_at FROM feedback f "
                 "WHERE " FEEDBACK_SCOPE_SQL " AND f.first_response_at IS NOT NULL", 1, p) < 0) {
        json_decref(vol);
        return -1;
    }
    json_t *ctx = json_pack("{s:s, s:o, s:b, s:s}", "title", tr(r->lang, "Feedback reports"), "volume", vol,
                            "no_volume", n == 0, "csv_url", req_url(r, "/staff/feedback/reports.csv"));
    json_object_set_new(ctx, "inbox_url", json_string(req_url(r, "/staff/feedback")));
    if (res.nrows > 0) {
        int64_t *d = arena_alloc(&r->a, sizeof *d * (size_t)res.nrows);
        for (int i = 0; i < res.nrows; i++) d[i] = db_cell_int(&res, i, 0);
        qsort(d, (size_t)res.nrows, sizeof *d, cmp_i64);
        int64_t med = res.nrows % 2 ? d[res.nrows / 2] : (d[res.nrows / 2 - 1] + d[res.nrows / 2]) / 2;
        const char *text = med < 2 * 86400 ? tr_fill(r, "{n} hours", (long)((med + 1800) / 3600))
                                           : tr_fill(r, "{n} days", (long)((med + 43200) / 86400));
        json_object_set_new(ctx, "median", json_string(text));
        json_object_set_new(ctx, "median_basis", json_string(tr_fill(r, "Based on {n} answered feedback.", res.nrows)));
    }

    db_result open;
    if (db_query(r->db, &r->a, &open, "SELECT f.status, COUNT(*), MIN(f.created_at) FROM feedback f "
                 "WHERE " FEEDBACK_SCOPE_SQL " AND f.status <> 'closed' GROUP BY f.status", 1, p) < 0) {
        json_decref(ctx);
        return -1;
    }
    json_t *backlog = json_array();
    long total = 0;
    int64_t oldest = 0;
    static const char *const order[3] = {"new", "in_progress", "answered"};
    for (int k = 0; k < 3; k++) {
        long c = 0;
        for (int i = 0; i < open.nrows; i++)
            if (strcmp(db_cell(&open, i, 0), order[k]) == 0) {
                c = (long)db_cell_int(&open, i, 1);
                int64_t m = db_cell_int(&open, i, 2);
                if (!oldest || m < oldest) oldest = m;
            }
        total += c;
        json_array_append_new(backlog, json_pack("{s:s, s:I}", "label", feedback_status_label(r, order[k]), "count",
                                                 (json_int_t)c));
    }
    json_object_set_new(ctx, "backlog", backlog);
    json_object_set_new(ctx, "open_total", json_integer(total));
    if (oldest)
        json_object_set_new(ctx, "oldest", json_string(tr_fill(r, "The oldest open feedback is {n} days old.",
                                                               (long)((r->now - oldest) / 86400))));
    respond_page(r, 200, "feedback/reports", ctx);
    return 0;
}

int feedback_reports_csv(request *r)
{
    volume_row *rows;
    int n = volume(r, &rows);
    if (n < 0) return -1;
    buf b = BUF_INIT;
    buf_puts(&b, "\xEF\xBB\xBF");   /* UTF-8 BOM: spreadsheets then read the text right */
    csv_text_cell(&b, tr(r->lang, "ISO week"), false);
    csv_text_cell(&b, tr(r->lang, "Project"), false);
    csv_text_cell(&b, tr(r->lang, "Topic"), false);
    csv_text_cell(&b, tr(r->lang, "Feedback count"), true);
    for (int i = 0; i < n; i++) {
        csv_text_cell(&b, rows[i].week, false);
        csv_text_cell(&b, rows[i].project, false);
        csv_text_cell(&b, rows[i].topic, false);
        csv_int_cell(&b, rows[i].count, true);
    }
    req_header(r, "Content-Disposition", "attachment; filename=\"feedback-report.csv\"");
    req_header(r, "Cache-Control", "no-store");
    respond_text(r, 200, "text/csv; charset=utf-8; header=present", arena_strndup(&r->a, b.data ? b.data : "", b.len));
    buf_free(&b);
    return 0;
}
