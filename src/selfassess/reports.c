/* /{lang}/staff/self-assessment/reports: what the self-assessments found,
 * for management, county-wide (the records are anonymous and only counts
 * are shown).
 *
 * - Assessments per questionnaire x municipality x week with the count of
 *   each urgency, and how many were handed over (a callback was requested).
 * - Outcomes by municipality, side by side: the share of each urgency per
 *   municipality over the period beside the county's (all assessments of the
 *   questionnaire, municipality given or not). A municipality is flagged as
 *   differing when it has at least SA_FLAG_MIN_N assessments and its share
 *   of any urgency is more than SA_FLAG_POINTS percentage points from the
 *   county's. The same answers give the same urgency everywhere, so such a
 *   difference is about who answers, which is worth a look.
 * - Time from a callback request to the first call per municipality: the
 *   median and 90th percentile by the nearest-rank method (the value at
 *   rank ceil(p/100 * n) of the sorted times; for an even n the median is
 *   the lower middle one), computed in SQL.
 *
 * Everything is aggregated in SQL with GROUP BY over the assessments_report
 * index (sql/080 makes it covering); C only sees one row per questionnaire,
 * week and municipality (at most 104 weeks of them) and adds those up for
 * the period's totals. */
#include "selfassess.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "../util/csv.h"
#include "../view/i18n.h"

#define SA_FLAG_MIN_N 20
#define SA_FLAG_POINTS 10.0
#define SA_WEEKS_DEFAULT 12
#define SA_WEEKS_MAX 104
#define NU 5   /* urgencies, most urgent first: emergency, urgent, days, routine, selfcare */

static const char *urgency_label(request *r, int u)
{
    static const char *const labels[NU] = {N_("Emergency"), N_("Urgent"), N_("Within days"), N_("Routine"),
                                           N_("Self-care")};
    return tr(r->lang, labels[u]);
}

typedef struct counts {
    int64_t qid, mid;          /* mid 0: municipality not given */
    int64_t week;              /* week_start; 0 in the period totals */
    long n[NU], total, handed;
    bool flagged;
} counts;

typedef struct callback_times {
    int64_t mid;
    long n;
    int64_t median, p90;       /* seconds */
} callback_times;

typedef struct names {
    int64_t id;
    const char *name, *code;
} names;

typedef struct report {
    int weeks;
    int64_t from;              /* first week_start in the period */
    int64_t qid;               /* the questionnaire filter; 0: all */
    const char *qslug;
    counts *weekly;
    int nweekly;
    counts *dist;              /* per questionnaire x municipality over the period */
    int ndist;
    counts *county;            /* per questionnaire over the period */
    int ncounty;
    callback_times *cb;
    int ncb;
    names *qs, *ms;
    int nq, nm;
} report;

static const char *lookup(const names *list, int n, int64_t id, const char *none)
{
    for (int i = 0; i < n; i++)
        if (list[i].id == id) return list[i].name;
    return none;
}

static const char *code_of(const names *list, int n, int64_t id)
{
    for (int i = 0; i < n; i++)
        if (list[i].id == id) return list[i].code;
    return "";
}

#define URGENCY_SUMS                                                                                         \
    "SUM(CASE WHEN urgency = 'emergency' THEN 1 ELSE 0 END), SUM(CASE WHEN urgency = 'urgent' THEN 1 ELSE 0 END), " \
    "SUM(CASE WHEN urgency = 'days' THEN 1 ELSE 0 END), SUM(CASE WHEN urgency = 'routine' THEN 1 ELSE 0 END), "       \
    "SUM(CASE WHEN urgency = 'selfcare' THEN 1 ELSE 0 END), COUNT(*), SUM(handed_over)"

static counts *read_counts(request *r, db_result *res, bool weekly)
{
    counts *c = arena_alloc(&r->a, sizeof *c * ((size_t)res->nrows + 1));
    for (int i = 0; i < res->nrows; i++) {
        c[i].qid = db_cell_int(res, i, 0);
        c[i].mid = db_cell(res, i, 1) ? db_cell_int(res, i, 1) : 0;
        c[i].week = weekly ? db_cell_int(res, i, 2) : 0;
        int base = weekly ? 3 : 2;
        for (int u = 0; u < NU; u++) c[i].n[u] = (long)db_cell_int(res, i, base + u);
        c[i].total = (long)db_cell_int(res, i, base + NU);
        c[i].handed = (long)db_cell_int(res, i, base + NU + 1);
    }
    return c;
}

static int cmp_counts(const void *x, const void *y)
{
    const counts *a = x, *b = y;
    if (a->qid != b->qid) return a->qid < b->qid ? -1 : 1;
    return a->mid < b->mid ? -1 : a->mid > b->mid;
}

/* Reads the filters (?questionnaire=slug&weeks=N) and runs the queries.
 * 0, 400 (answered) or -1. */
static int report_load(request *r, report *rp)
{
    memset(rp, 0, sizeof *rp);
    const char *w = req_query(r, "weeks"), *qs = req_query(r, "questionnaire");
    rp->weeks = SA_WEEKS_DEFAULT;
    if (w && *w) {
        char *end;
        long n = strtol(w, &end, 10);
        if (*end || n < 1 || n > SA_WEEKS_MAX) {
            respond_error(r, 400, tr(r->lang, "The period must be a whole number of weeks from 1 to 104."));
            return 400;
        }
        rp->weeks = (int)n;
    }
    rp->from = sa_week_start(r->now - (int64_t)(rp->weeks - 1) * 7 * 86400);

    db_result res;
    int k = strcmp(r->lang, "sv") == 0 ? 3 : strcmp(r->lang, "en") == 0 ? 4 : 2;
    if (db_query(r->db, &r->a, &res,
                 "SELECT q.id, q.slug, v.title_fi, v.title_sv, v.title_en FROM questionnaires q "
                 "LEFT JOIN questionnaire_versions v ON v.id = COALESCE(q.published_version_id, "
                 "(SELECT MAX(id) FROM questionnaire_versions WHERE questionnaire_id = q.id)) "
                 "ORDER BY q.sort_order, q.id", 0, NULL) < 0)
        return -1;
    rp->nq = res.nrows;
    rp->qs = arena_alloc(&r->a, sizeof *rp->qs * ((size_t)res.nrows + 1));
    for (int i = 0; i < res.nrows; i++) {
        const char *t = db_cell(&res, i, k);
        if (!t || !*t) t = db_cell(&res, i, 2);
        if (!t || !*t) t = db_cell(&res, i, 1);
        rp->qs[i] = (names){db_cell_int(&res, i, 0), arena_strdup(&r->a, t), arena_strdup(&r->a, db_cell(&res, i, 1))};
        if (qs && strcmp(qs, db_cell(&res, i, 1)) == 0) rp->qid = rp->qs[i].id, rp->qslug = rp->qs[i].code;
    }
    if (qs && *qs && !rp->qid) {
        respond_error(r, 400, tr(r->lang, "There is no such questionnaire."));
        return 400;
    }
    if (db_query(r->db, &r->a, &res,
                 strcmp(r->lang, "sv") == 0 ? "SELECT id, name_sv, code FROM municipalities ORDER BY name_sv"
                                            : "SELECT id, name_fi, code FROM municipalities ORDER BY name_fi",
                 0, NULL) < 0)
        return -1;
    rp->nm = res.nrows;
    rp->ms = arena_alloc(&r->a, sizeof *rp->ms * ((size_t)res.nrows + 1));
    for (int i = 0; i < res.nrows; i++)
        rp->ms[i] = (names){db_cell_int(&res, i, 0), arena_strdup(&r->a, db_cell(&res, i, 1)),
                            arena_strdup(&r->a, db_cell(&res, i, 2))};

    db_param p[] = {DB_INT(rp->from), DB_INT(rp->qid)};
    const char *qf = rp->qid ? " AND questionnaire_id = $2" : "";
    int np = rp->qid ? 2 : 1;
    if (db_query(r->db, &r->a, &res,
                 arena_printf(&r->a, "SELECT questionnaire_id, municipality_id, week_start, " URGENCY_SUMS
                                     " FROM assessments WHERE week_start >= $1%s "
                                     "GROUP BY questionnaire_id, week_start, municipality_id "
                                     "ORDER BY questionnaire_id, week_start DESC, COALESCE(municipality_id, 0)", qf),
                 np, p) < 0)
        return -1;
    rp->nweekly = res.nrows;
    rp->weekly = read_counts(r, &res, true);
    /* the period's totals per questionnaire x municipality, from the weekly groups */
    rp->dist = arena_alloc(&r->a, sizeof *rp->dist * ((size_t)rp->nweekly + 1));
    for (int i = 0; i < rp->nweekly; i++) {
        const counts *wk = &rp->weekly[i];
        int j = 0;
        while (j < rp->ndist && !(rp->dist[j].qid == wk->qid && rp->dist[j].mid == wk->mid)) j++;
        if (j == rp->ndist) rp->dist[rp->ndist++] = (counts){.qid = wk->qid, .mid = wk->mid};
        for (int u = 0; u < NU; u++) rp->dist[j].n[u] += wk->n[u];
        rp->dist[j].total += wk->total;
        rp->dist[j].handed += wk->handed;
    }
    qsort(rp->dist, (size_t)rp->ndist, sizeof *rp->dist, cmp_counts);

    /* the county per questionnaire, then the flag */
    rp->county = arena_alloc(&r->a, sizeof *rp->county * ((size_t)rp->ndist + 1));
    for (int i = 0; i < rp->ndist; i++) {
        const counts *d = &rp->dist[i];
        if (rp->ncounty == 0 || rp->county[rp->ncounty - 1].qid != d->qid)
            rp->county[rp->ncounty++] = (counts){.qid = d->qid};
        counts *c = &rp->county[rp->ncounty - 1];
        for (int u = 0; u < NU; u++) c->n[u] += d->n[u];
        c->total += d->total;
        c->handed += d->handed;
    }
    for (int i = 0; i < rp->ndist; i++) {
        counts *d = &rp->dist[i];
        if (d->mid == 0 || d->total < SA_FLAG_MIN_N) continue;
        for (int j = 0; j < rp->ncounty; j++) {
            const counts *c = &rp->county[j];
            if (c->qid != d->qid) continue;
            for (int u = 0; u < NU; u++) {
                double diff = 100.0 * (double)d->n[u] / (double)d->total - 100.0 * (double)c->n[u] / (double)c->total;
                if (diff > SA_FLAG_POINTS || diff < -SA_FLAG_POINTS) d->flagged = true;
            }
        }
    }

    /* nearest-rank median and 90th percentile per municipality, in SQL */
    const char *cqf = rp->qid ? " AND EXISTS (SELECT 1 FROM assessments a WHERE a.id = c.assessment_id "
                                "AND a.questionnaire_id = $2)" : "";
    if (db_query(r->db, &r->a, &res,
                 arena_printf(&r->a,
                              "SELECT municipality_id, n, rn, delay FROM ("
                              "SELECT c.municipality_id, c.first_call_at - c.created_at AS delay, "
                              "ROW_NUMBER() OVER (PARTITION BY c.municipality_id ORDER BY c.first_call_at - c.created_at) AS rn, "
                              "COUNT(*) OVER (PARTITION BY c.municipality_id) AS n "
                              "FROM callback_requests c WHERE c.first_call_at IS NOT NULL AND c.created_at >= $1%s) t "
                              "WHERE rn = (n * 50 + 99) / 100 OR rn = (n * 90 + 99) / 100 ORDER BY municipality_id, rn",
                              cqf),
                 np, p) < 0)
        return -1;
    rp->cb = arena_alloc(&r->a, sizeof *rp->cb * ((size_t)res.nrows + 1));
    for (int i = 0; i < res.nrows; i++) {
        int64_t mid = db_cell_int(&res, i, 0), n = db_cell_int(&res, i, 1), rn = db_cell_int(&res, i, 2);
        if (rp->ncb == 0 || rp->cb[rp->ncb - 1].mid != mid) rp->cb[rp->ncb++] = (callback_times){.mid = mid, .n = (long)n};
        callback_times *c = &rp->cb[rp->ncb - 1];
        int64_t delay = db_cell_int(&res, i, 3);
        if (rn == (n * 50 + 99) / 100) c->median = delay;
        if (rn == (n * 90 + 99) / 100) c->p90 = delay;
    }
    return 0;
}

/* ---- numbers as people read them ---- */

static bool decimal_comma(request *r) { return strcmp(r->lang, "en") != 0; }

static const char *fmt_int(request *r, long v)
{
    char digits[32];
    snprintf(digits, sizeof digits, "%ld", v < 0 ? -v : v);
    size_t n = strlen(digits);
    const char *sep = decimal_comma(r) ? "\xC2\xA0" : ",";
    buf b = BUF_INIT;
    if (v < 0) buf_putc(&b, '-');
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0) buf_puts(&b, sep);
        buf_putc(&b, digits[i]);
    }
    const char *out = arena_strndup(&r->a, b.data, b.len);
    buf_free(&b);
    return out;
}

static double pct(long part, long whole) { return whole > 0 ? 100.0 * (double)part / (double)whole : 0.0; }

/* 12,5 % (fi, sv) or 12.5% (en) */
static const char *fmt_pct(request *r, long part, long whole)
{
    char *s = arena_printf(&r->a, "%.1f", pct(part, whole));
    if (decimal_comma(r)) {
        char *dot = strchr(s, '.');
        if (dot) *dot = ',';
        return arena_concat(&r->a, s, "\xC2\xA0%", NULL);
    }
    return arena_concat(&r->a, s, "%", NULL);
}

/* 45 min, 2 h 05 min */
static const char *fmt_duration(request *r, int64_t seconds)
{
    int64_t min = (seconds + 30) / 60;
    if (min < 60) return arena_printf(&r->a, "%lld min", (long long)min);
    return arena_printf(&r->a, "%lld h %02lld min", (long long)(min / 60), (long long)(min % 60));
}

/* Monday of the week as 2026-11-30 and its ISO week 2026-W49. */
static void week_labels(request *r, int64_t week_start, const char **date, const char **iso)
{
    time_t t = (time_t)(week_start + 12 * 3600);   /* midday Monday in UTC is Monday everywhere near Helsinki */
    struct tm tm;
    gmtime_r(&t, &tm);
    char d[16], w[16];
    strftime(d, sizeof d, "%Y-%m-%d", &tm);
    strftime(w, sizeof w, "%G-W%V", &tm);
    *date = arena_strdup(&r->a, d);
    *iso = arena_strdup(&r->a, w);
}

static const char *muni_name(request *r, const report *rp, int64_t mid)
{
    return mid ? lookup(rp->ms, rp->nm, mid, "?") : tr(r->lang, "Not given");
}

static json_t *urgency_cells(request *r, const counts *c, bool as_share)
{
    json_t *cells = json_array();
    for (int u = 0; u < NU; u++)
        json_array_append_new(cells, json_string(as_share ? fmt_pct(r, c->n[u], c->total) : fmt_int(r, c->n[u])));
    return cells;
}

int sa_reports(request *r)
{
    report rp;
    int rc = report_load(r, &rp);
    if (rc) return rc < 0 ? -1 : 0;
    json_t *heads = json_array();
    for (int u = 0; u < NU; u++) json_array_append_new(heads, json_string(urgency_label(r, u)));

    json_t *weekly = json_array();
    for (int i = 0; i < rp.nweekly; i++) {
        const counts *c = &rp.weekly[i];
        const char *date, *iso;
        week_labels(r, c->week, &date, &iso);
        json_array_append_new(weekly, json_pack("{s:s, s:s, s:s, s:s, s:o, s:s, s:s, s:s}", "questionnaire",
                                                lookup(rp.qs, rp.nq, c->qid, "?"), "municipality", muni_name(r, &rp, c->mid),
                                                "week", iso, "week_date", date, "cells", urgency_cells(r, c, false),
                                                "total", fmt_int(r, c->total), "handed", fmt_int(r, c->handed),
                                                "handed_share", fmt_pct(r, c->handed, c->total)));
    }

    json_t *dists = json_array();
    for (int j = 0; j < rp.ncounty; j++) {
        const counts *cty = &rp.county[j];
        json_t *rows = json_array();
        int flagged = 0;
        for (int i = 0; i < rp.ndist; i++) {
            const counts *d = &rp.dist[i];
            if (d->qid != cty->qid) continue;
            flagged += d->flagged;
            json_array_append_new(rows, json_pack("{s:s, s:o, s:s, s:s, s:b}", "municipality", muni_name(r, &rp, d->mid),
                                                  "cells", urgency_cells(r, d, true), "total", fmt_int(r, d->total),
                                                  "handed_share", fmt_pct(r, d->handed, d->total), "flagged",
                                                  d->flagged));
        }
        json_array_append_new(dists, json_pack("{s:s, s:s, s:o, s:o, s:s, s:s, s:b}", "questionnaire",
                                               lookup(rp.qs, rp.nq, cty->qid, "?"), "id",
                                               arena_printf(&r->a, "dist-%lld", (long long)cty->qid), "rows", rows,
                                               "county_cells", urgency_cells(r, cty, true), "county_total",
                                               fmt_int(r, cty->total), "county_handed_share",
                                               fmt_pct(r, cty->handed, cty->total), "any_flagged", flagged > 0));
    }

    json_t *cbs = json_array();
    for (int i = 0; i < rp.ncb; i++) {
        const callback_times *c = &rp.cb[i];
        json_array_append_new(cbs, json_pack("{s:s, s:s, s:s, s:s}", "municipality", muni_name(r, &rp, c->mid), "n",
                                             fmt_int(r, c->n), "median", fmt_duration(r, c->median), "p90",
                                             fmt_duration(r, c->p90)));
    }

    json_t *qopts = json_array();
    json_array_append_new(qopts, json_pack("{s:s, s:s, s:b}", "value", "", "label", tr(r->lang, "All questionnaires"),
                                           "selected", rp.qid == 0));
    for (int i = 0; i < rp.nq; i++)
        json_array_append_new(qopts, json_pack("{s:s, s:s, s:b}", "value", rp.qs[i].code, "label", rp.qs[i].name,
                                               "selected", rp.qs[i].id == rp.qid));
    const char *filter = arena_printf(&r->a, "?weeks=%d%s%s", rp.weeks, rp.qid ? "&questionnaire=" : "",
                                      rp.qid ? rp.qslug : "");
    const char *csv = req_url(r, "/staff/self-assessment/reports.csv");
    json_t *ctx = json_pack(
        "{s:s, s:o, s:o, s:o, s:o, s:o, s:i, s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:b}", "title",
        tr(r->lang, "Self-assessment reports"), "urgency_heads", heads, "weekly", weekly, "distributions", dists,
        "callbacks", cbs, "questionnaire_options", qopts, "weeks", rp.weeks, "action",
        req_url(r, "/staff/self-assessment/reports"), "csv_url", arena_concat(&r->a, csv, filter, NULL), "csv_dist_url",
        arena_concat(&r->a, csv, filter, "&table=outcomes", NULL), "csv_cb_url",
        arena_concat(&r->a, csv, filter, "&table=callbacks", NULL), "xlsx_url",
        arena_concat(&r->a, req_url(r, "/staff/self-assessment/reports.xlsx"), filter, NULL), "no_weekly",
        rp.nweekly == 0, "no_callbacks", rp.ncb == 0, "no_dist", rp.ncounty == 0);
    json_object_set_new(ctx, "period", json_string(tr_fill(r, "The last {n} weeks, this week included.", rp.weeks)));
    json_object_set_new(ctx, "rule", json_string(tr(r->lang, "A municipality is marked when it has at least 20 "
                                                         "assessments and its share of any urgency differs from the "
                                                         "county's by more than 10 percentage points.")));
    json_object_set_new(ctx, "list_url", json_string(req_url(r, "/staff/self-assessment")));
    respond_page(r, 200, "selfassess/staff_reports", ctx);
    return 0;
}

/* ---- CSV: ?table=weekly (default), outcomes or callbacks ---- */

static void csv_share(buf *b, long part, long whole, bool last)
{
    char s[32];
    snprintf(s, sizeof s, "%.1f", pct(part, whole));
    csv_number_cell(b, s, last);
}

static void csv_minutes(buf *b, int64_t seconds, bool last)
{
    char s[32];
    snprintf(s, sizeof s, "%.1f", (double)seconds / 60.0);
    csv_number_cell(b, s, last);
}

int sa_reports_csv(request *r)
{
    const char *table = req_query(r, "table");
    if (table && strcmp(table, "weekly") != 0 && strcmp(table, "outcomes") != 0 && strcmp(table, "callbacks") != 0) {
        respond_error(r, 400, tr(r->lang, "There is no such table."));
        return 0;
    }
    report rp;
    int rc = report_load(r, &rp);
    if (rc) return rc < 0 ? -1 : 0;
    buf b = BUF_INIT;
    buf_puts(&b, "\xEF\xBB\xBF");   /* UTF-8 BOM: spreadsheets then read the text right */
    const char *file = "self-assessment-weekly.csv";
    if (table && strcmp(table, "callbacks") == 0) {
        file = "self-assessment-callbacks.csv";
        csv_text_cell(&b, tr(r->lang, "Municipality"), false);
        csv_text_cell(&b, tr(r->lang, "Municipality code"), false);
        csv_text_cell(&b, tr(r->lang, "Callbacks called"), false);
        csv_text_cell(&b, tr(r->lang, "Median minutes to the first call"), false);
        csv_text_cell(&b, tr(r->lang, "90th percentile minutes to the first call"), true);
        for (int i = 0; i < rp.ncb; i++) {
            csv_text_cell(&b, muni_name(r, &rp, rp.cb[i].mid), false);
            csv_text_cell(&b, code_of(rp.ms, rp.nm, rp.cb[i].mid), false);
            csv_int_cell(&b, rp.cb[i].n, false);
            csv_minutes(&b, rp.cb[i].median, false);
            csv_minutes(&b, rp.cb[i].p90, true);
        }
    } else {
        bool outcomes = table && strcmp(table, "outcomes") == 0;
        if (outcomes) file = "self-assessment-outcomes.csv";
        csv_text_cell(&b, tr(r->lang, "Questionnaire"), false);
        csv_text_cell(&b, tr(r->lang, "Municipality"), false);
        csv_text_cell(&b, tr(r->lang, "Municipality code"), false);
        if (!outcomes) csv_text_cell(&b, tr(r->lang, "Week beginning"), false);
        for (int u = 0; u < NU; u++)
            csv_text_cell(&b, outcomes ? arena_concat(&r->a, urgency_label(r, u), " %", NULL) : urgency_label(r, u), false);
        csv_text_cell(&b, tr(r->lang, "Assessments"), false);
        csv_text_cell(&b, tr(r->lang, "Handed over"), false);
        csv_text_cell(&b, tr(r->lang, "Handed over %"), outcomes ? false : true);
        if (outcomes) csv_text_cell(&b, tr(r->lang, "Differs from the county"), true);
        int n = outcomes ? rp.ndist + rp.ncounty : rp.nweekly;
        for (int i = 0, ci = 0, di = 0; i < n; i++) {
            const counts *c;
            bool county = false;
            if (!outcomes) c = &rp.weekly[i];
            /* outcomes: each questionnaire's municipalities, then its county row */
            else if (di < rp.ndist && rp.dist[di].qid == rp.county[ci].qid) c = &rp.dist[di++];
            else c = &rp.county[ci++], county = true;
            csv_text_cell(&b, lookup(rp.qs, rp.nq, c->qid, "?"), false);
            csv_text_cell(&b, county ? tr(r->lang, "The whole county") : muni_name(r, &rp, c->mid), false);
            csv_text_cell(&b, county ? "" : code_of(rp.ms, rp.nm, c->mid), false);
            if (!outcomes) {
                const char *date, *iso;
                week_labels(r, c->week, &date, &iso);
                csv_text_cell(&b, date, false);
            }
            for (int u = 0; u < NU; u++) {
                if (outcomes) csv_share(&b, c->n[u], c->total, false);
                else csv_int_cell(&b, c->n[u], false);
            }
            csv_int_cell(&b, c->total, false);
            csv_int_cell(&b, c->handed, false);
            csv_share(&b, c->handed, c->total, !outcomes);
            if (outcomes) csv_int_cell(&b, c->flagged ? 1 : 0, true);
        }
    }
    req_header(r, "Content-Disposition", arena_printf(&r->a, "attachment; filename=\"%s\"", file));
    req_header(r, "Cache-Control", "no-store");
    r->status = 200;
    r->content_type = "text/csv; charset=utf-8; header=present";
    r->out.len = 0;
    buf_append(&r->out, b.data, b.len);
    buf_free(&b);
    return 0;
}

/* ---- XLSX: the three tables as three sheets ---- */

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

static void heads_row(lxw_worksheet *ws, const char *const *heads, int n, lxw_format *bold)
{
    for (int c = 0; c < n; c++) worksheet_write_string(ws, 0, (lxw_col_t)c, heads[c], bold);
}

int sa_reports_xlsx(request *r)
{
    report rp;
    int rc = report_load(r, &rp);
    if (rc) return rc < 0 ? -1 : 0;
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
    lxw_worksheet *ws = workbook_add_worksheet(wb, tr(r->lang, "Weekly"));
    lxw_worksheet *wd = workbook_add_worksheet(wb, tr(r->lang, "Outcomes"));
    lxw_worksheet *wc = workbook_add_worksheet(wb, tr(r->lang, "Callbacks"));

    const char *h1[4 + NU + 3];
    int n1 = 0;
    h1[n1++] = tr(r->lang, "Questionnaire");
    h1[n1++] = tr(r->lang, "Municipality");
    h1[n1++] = tr(r->lang, "Municipality code");
    h1[n1++] = tr(r->lang, "Week beginning");
    for (int u = 0; u < NU; u++) h1[n1++] = urgency_label(r, u);
    h1[n1++] = tr(r->lang, "Assessments");
    h1[n1++] = tr(r->lang, "Handed over");
    h1[n1++] = tr(r->lang, "Handed over %");
    heads_row(ws, h1, n1, bold);
    worksheet_set_column(ws, 0, 1, 30, NULL);
    for (int i = 0; i < rp.nweekly; i++) {
        const counts *c = &rp.weekly[i];
        lxw_row_t y = (lxw_row_t)(i + 1);
        const char *date, *iso;
        week_labels(r, c->week, &date, &iso);
        worksheet_write_string(ws, y, 0, lookup(rp.qs, rp.nq, c->qid, "?"), NULL);
        worksheet_write_string(ws, y, 1, muni_name(r, &rp, c->mid), NULL);
        worksheet_write_string(ws, y, 2, code_of(rp.ms, rp.nm, c->mid), NULL);
        worksheet_write_string(ws, y, 3, date, NULL);
        for (int u = 0; u < NU; u++) worksheet_write_number(ws, y, (lxw_col_t)(4 + u), (double)c->n[u], NULL);
        worksheet_write_number(ws, y, 4 + NU, (double)c->total, NULL);
        worksheet_write_number(ws, y, 5 + NU, (double)c->handed, NULL);
        worksheet_write_number(ws, y, 6 + NU, pct(c->handed, c->total), NULL);
    }

    const char *h2[3 + NU + 3];
    int n2 = 0;
    h2[n2++] = tr(r->lang, "Questionnaire");
    h2[n2++] = tr(r->lang, "Municipality");
    h2[n2++] = tr(r->lang, "Municipality code");
    for (int u = 0; u < NU; u++) h2[n2++] = arena_concat(&r->a, urgency_label(r, u), " %", NULL);
    h2[n2++] = tr(r->lang, "Assessments");
    h2[n2++] = tr(r->lang, "Handed over %");
    h2[n2++] = tr(r->lang, "Differs from the county");
    heads_row(wd, h2, n2, bold);
    worksheet_set_column(wd, 0, 1, 30, NULL);
    lxw_row_t y = 1;
    for (int ci = 0, di = 0; ci < rp.ncounty; y++) {
        const counts *c;
        bool county = false;
        if (di < rp.ndist && rp.dist[di].qid == rp.county[ci].qid) c = &rp.dist[di++];
        else c = &rp.county[ci++], county = true;
        worksheet_write_string(wd, y, 0, lookup(rp.qs, rp.nq, c->qid, "?"), NULL);
        worksheet_write_string(wd, y, 1, county ? tr(r->lang, "The whole county") : muni_name(r, &rp, c->mid), NULL);
        worksheet_write_string(wd, y, 2, county ? "" : code_of(rp.ms, rp.nm, c->mid), NULL);
        for (int u = 0; u < NU; u++) worksheet_write_number(wd, y, (lxw_col_t)(3 + u), pct(c->n[u], c->total), NULL);
        worksheet_write_number(wd, y, 3 + NU, (double)c->total, NULL);
        worksheet_write_number(wd, y, 4 + NU, pct(c->handed, c->total), NULL);
        worksheet_write_number(wd, y, 5 + NU, c->flagged ? 1 : 0, NULL);
    }

    const char *h3[5] = {tr(r->lang, "Municipality"), tr(r->lang, "Municipality code"), tr(r->lang, "Callbacks called"),
                         tr(r->lang, "Median minutes to the first call"),
                         tr(r->lang, "90th percentile minutes to the first call")};
    heads_row(wc, h3, 5, bold);
    worksheet_set_column(wc, 0, 0, 30, NULL);
    for (int i = 0; i < rp.ncb; i++) {
        lxw_row_t yy = (lxw_row_t)(i + 1);
        worksheet_write_string(wc, yy, 0, muni_name(r, &rp, rp.cb[i].mid), NULL);
        worksheet_write_string(wc, yy, 1, code_of(rp.ms, rp.nm, rp.cb[i].mid), NULL);
        worksheet_write_number(wc, yy, 2, (double)rp.cb[i].n, NULL);
        worksheet_write_number(wc, yy, 3, (double)rp.cb[i].median / 60.0, NULL);
        worksheet_write_number(wc, yy, 4, (double)rp.cb[i].p90 / 60.0, NULL);
    }

    lxw_error err = workbook_close(wb);
    buf b = BUF_INIT;
    rc = err == LXW_NO_ERROR ? read_back(path, &b) : -1;
    unlink(path);
    if (rc < 0) {
        buf_free(&b);
        return -1;
    }
    req_header(r, "Content-Disposition", "attachment; filename=\"self-assessment-reports.xlsx\"");
    req_header(r, "Cache-Control", "no-store");
    r->status = 200;
    r->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    r->out.len = 0;
    buf_append(&r->out, b.data, b.len);
    buf_free(&b);
    return 0;
}
