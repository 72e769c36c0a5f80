/* /{lang}/staff/equal-access/history: the latest changes of the offer (what,
 * when, by whom) and month by month progress towards equal access: the gaps
 * of the matrix at each month end of the last year, rebuilt from
 * offer_history (the standards and points are taken as they are now). */
#include "internal.h"
#include "../view/i18n.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MONTHS 12

typedef struct point_muni {
    int64_t id;
    int muni;
} point_muni;

static int pm_cmp(const void *a, const void *b)
{
    int64_t x = ((const point_muni *)a)->id, y = ((const point_muni *)b)->id;
    return x < y ? -1 : x > y;
}

static int point_muni_of(const point_muni *pm, int n, int64_t id)
{
    int lo = 0, hi = n - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (pm[mid].id == id) return pm[mid].muni;
        if (pm[mid].id < id) lo = mid + 1;
        else hi = mid - 1;
    }
    return -1;
}

/* The last second of each of the last MONTHS months, oldest first; the
 * current month ends now. Labels "YYYY-MM". */
static void month_ends(int64_t now, int64_t ends[MONTHS], char labels[MONTHS][16])
{
    time_t t = (time_t)now;
    struct tm tm;
    localtime_r(&t, &tm);
    int y = tm.tm_year + 1900, m = tm.tm_mon;   /* m: 0..11 */
    for (int k = MONTHS - 1; k >= 0; k--) {
        snprintf(labels[k], 16, "%04u-%02u", (unsigned)y % 10000u, (unsigned)(m % 12) + 1u);
        if (k == MONTHS - 1) {
            ends[k] = now;
        } else {
            struct tm next = {0};
            next.tm_year = (m == 11 ? y + 1 : y) - 1900;
            next.tm_mon = m == 11 ? 0 : m + 1;
            next.tm_mday = 1;
            next.tm_isdst = -1;
            ends[k] = (int64_t)mktime(&next) - 1;
        }
        if (--m < 0) m = 11, y--;
    }
}

static int cmp_key(int64_t s1, int64_t p1, int64_t s2, int64_t p2)
{
    return s1 != s2 ? (s1 < s2 ? -1 : 1) : p1 != p2 ? (p1 < p2 ? -1 : 1) : 0;
}

/* Applies one offer state (level, languages) to a month's cells. */
static void apply(eq_matrix *mx, unsigned char *best, unsigned char *has_sv, int si, int mi, const char *level,
                  const char *langs)
{
    if (!level) return;
    int rank = eq_level_rank(level);
    if (!rank) return;
    size_t k = (size_t)si * (size_t)mx->nm + (size_t)mi;
    if (rank < best[k]) best[k] = (unsigned char)rank;
    if (rank != EQ_RANK_NONE && eq_langs_have(langs, "sv")) has_sv[k] = 1;
}

static int progress(request *r, json_t **out_rows, json_t **out_svg)
{
    eq_matrix mx;
    if (eq_matrix_frame(r->db, &r->a, r->lang, &mx) < 0) return -1;
    db_result pts, cur, h;
    if (db_query(r->db, &r->a, &pts, "SELECT id, municipality_id FROM service_points WHERE active = 1", 0, NULL) < 0 ||
        db_query(r->db, &r->a, &cur,
                 "SELECT service_id, point_id, level, languages FROM service_offers ORDER BY service_id, point_id", 0,
                 NULL) < 0 ||
        db_query(r->db, &r->a, &h,
                 "SELECT service_id, point_id, old_level, new_level, old_languages, new_languages, changed_at "
                 "FROM offer_history ORDER BY service_id, point_id, changed_at, id", 0, NULL) < 0)
        return -1;
    point_muni *pm = arena_alloc(&r->a, ((size_t)pts.nrows + 1) * sizeof *pm);
    for (int i = 0; i < pts.nrows; i++) {
        pm[i].id = db_cell_int(&pts, i, 0);
        pm[i].muni = eq_muni_index(&mx, db_cell_int(&pts, i, 1));
    }
    qsort(pm, (size_t)pts.nrows, sizeof *pm, pm_cmp);
    int64_t ends[MONTHS];
    char labels[MONTHS][16];
    month_ends(r->now, ends, labels);
    size_t cells = (size_t)mx.ns * (size_t)mx.nm + 1;
    unsigned char *best[MONTHS], *sv[MONTHS];
    for (int k = 0; k < MONTHS; k++) {
        best[k] = arena_alloc_raw(&r->a, cells);
        memset(best[k], EQ_RANK_NONE, cells);
        sv[k] = arena_alloc(&r->a, cells);
    }
    int ci = 0, hi = 0;
    while (ci < cur.nrows || hi < h.nrows) {
        int64_t s, p;
        int c = ci >= cur.nrows ? 1 : hi >= h.nrows ? -1
              : cmp_key(db_cell_int(&cur, ci, 0), db_cell_int(&cur, ci, 1), db_cell_int(&h, hi, 0), db_cell_int(&h, hi, 1));
        if (c <= 0) s = db_cell_int(&cur, ci, 0), p = db_cell_int(&cur, ci, 1);
        else s = db_cell_int(&h, hi, 0), p = db_cell_int(&h, hi, 1);
        int crow = c <= 0 ? ci++ : -1;
        int h0 = hi;
        while (hi < h.nrows && db_cell_int(&h, hi, 0) == s && db_cell_int(&h, hi, 1) == p) hi++;
        int si = eq_service_index(&mx, s), mi = point_muni_of(pm, pts.nrows, p);
        if (si < 0 || mi < 0) continue;
        for (int k = 0; k < MONTHS; k++) {
            const char *level, *langs;
            int last = -1;
            for (int j = h0; j < hi && db_cell_int(&h, j, 6) <= ends[k]; j++) last = j;
            if (last >= 0) level = db_cell(&h, last, 3), langs = db_cell(&h, last, 5);
            else if (hi > h0) level = db_cell(&h, h0, 2), langs = db_cell(&h, h0, 4);
            else if (crow >= 0) level = db_cell(&cur, crow, 2), langs = db_cell(&cur, crow, 3);
            else level = langs = NULL;
            apply(&mx, best[k], sv[k], si, mi, level, langs);
        }
    }
    json_t *rows = json_array(), *points = json_array();
    long gaps[MONTHS], maxg = 1;
    eq_totals tot[MONTHS];
    for (int k = 0; k < MONTHS; k++) {
        mx.best = best[k];
        mx.has_sv = sv[k];
        eq_matrix_judge(&mx);
        tot[k] = mx.t;
        gaps[k] = mx.t.cells - mx.t.ok;
        if (gaps[k] > maxg) maxg = gaps[k];
    }
    for (int k = 0; k < MONTHS; k++) {
        json_array_append_new(rows, json_pack("{s:s, s:I, s:I, s:I, s:I}", "month", labels[k], "missing",
                                               (json_int_t)tot[k].missing, "below", (json_int_t)tot[k].below, "no_sv",
                                               (json_int_t)tot[k].no_sv, "gaps", (json_int_t)gaps[k]));
        double x = 60 + k * 50.0, y = 20 + 160.0 * (double)(maxg - gaps[k]) / (double)maxg;
        json_array_append_new(points, json_pack("{s:f, s:f, s:s, s:I, s:f}", "x", x, "y", y, "label", labels[k] + 5,
                                                "value", (json_int_t)gaps[k], "ly", y - 8));
    }
    buf line = BUF_INIT;
    for (size_t k = 0; k < json_array_size(points); k++) {
        json_t *pt = json_array_get(points, k);
        buf_printf(&line, "%s%.1f,%.1f", k ? " " : "", json_real_value(json_object_get(pt, "x")),
                   json_real_value(json_object_get(pt, "y")));
    }
    *out_svg = json_pack("{s:o, s:s, s:s, s:I}", "points", points, "polyline", line.data ? line.data : "", "desc",
                         arena_concat(&r->a, tr_fill(r, "Cells with gaps at the end of the first month: {n}.", gaps[0]), " ",
                                      tr_fill(r, "Now: {n}.", gaps[MONTHS - 1]), " ",
                                      tr(r->lang, "The table gives the numbers of every month."), NULL),
                         "max", (json_int_t)maxg);
    buf_free(&line);
    *out_rows = rows;
    return 0;
}

int equality_history(request *r)
{
    db_result h;
    if (db_query(r->db, &r->a, &h,
                 "SELECT h.changed_at, s.name_fi, s.name_sv, s.name_en, p.name_fi, p.name_sv, p.name_en, "
                 "h.old_level, h.new_level, h.old_languages, h.new_languages, h.note, u.display_name "
                 "FROM offer_history h JOIN services s ON s.id = h.service_id JOIN service_points p ON p.id = h.point_id "
                 "LEFT JOIN users u ON u.id = h.changed_by ORDER BY h.changed_at DESC, h.id DESC LIMIT 100", 0,
                 NULL) < 0)
        return -1;
    json_t *changes = json_array();
    for (int i = 0; i < h.nrows; i++) {
        time_t t = (time_t)db_cell_int(&h, i, 0);
        struct tm tm;
        localtime_r(&t, &tm);
        const char *when = arena_printf(&r->a, "%d.%d.%04d %02d.%02d", tm.tm_mday, tm.tm_mon + 1,
                                        (tm.tm_year + 1900) % 10000, tm.tm_hour, tm.tm_min);
        const char *iso = arena_printf(&r->a, "%04d-%02d-%02dT%02d:%02d", (tm.tm_year + 1900) % 10000, tm.tm_mon + 1,
                                       tm.tm_mday, tm.tm_hour, tm.tm_min);
        const char *ol = db_cell(&h, i, 7), *nl = db_cell(&h, i, 8);
        json_array_append_new(changes, json_pack(
            "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "when", when, "iso", iso, "service",
            eq_pick(r->lang, db_cell(&h, i, 1), db_cell(&h, i, 2), db_cell(&h, i, 3)), "point",
            eq_pick(r->lang, db_cell(&h, i, 4), db_cell(&h, i, 5), db_cell(&h, i, 6)), "old_level",
            ol ? eq_level_name(r->lang, eq_level_rank(ol)) : tr(r->lang, "No offer"), "new_level",
            nl ? eq_level_name(r->lang, eq_level_rank(nl)) : tr(r->lang, "Offer removed"), "languages",
            arena_concat(&r->a, db_cell(&h, i, 9) ? db_cell(&h, i, 9) : "–", " → ",
                         db_cell(&h, i, 10) ? db_cell(&h, i, 10) : "–", NULL),
            "note", db_cell(&h, i, 11), "who", db_cell(&h, i, 12) ? db_cell(&h, i, 12) : tr(r->lang, "Import or system")));
    }
    json_t *months, *svg;
    if (progress(r, &months, &svg) < 0) return -1;
    json_t *ctx = json_pack("{s:s, s:o, s:b, s:o, s:o}", "title", tr(r->lang, "Changes in the offer and progress"),
                            "changes", changes, "no_changes", h.nrows == 0, "months", months, "svg", svg);
    respond_page(r, 200, "equality/history", ctx);
    return 0;
}
