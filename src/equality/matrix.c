/* /{lang}/staff/equal-access: services x municipalities, the best level
 * offered in each municipality against the county standard, with missing
 * services, cells below the standard and services without Swedish in a
 * bilingual municipality marked by symbol and text, counted, drawn as an
 * SVG heat map (the table is its text equivalent) and downloadable as CSV. */
#include "internal.h"
#include "../util/csv.h"
#include "../view/i18n.h"
#include <stdlib.h>
#include <string.h>

const char *eq_pick(const char *lang, const char *fi, const char *sv, const char *en)
{
    const char *v = strcmp(lang, "sv") == 0 ? sv : strcmp(lang, "en") == 0 ? en : fi;
    return v && *v ? v : fi ? fi : "";
}

const char *eq_level_name(const char *lang, int rank)
{
    if (rank < 1 || rank > EQ_NLEVELS) rank = EQ_RANK_NONE;
    return tr(lang, eq_level_labels[rank - 1]);
}

typedef struct idpos {
    int64_t id;
    int pos;
} idpos;

static int idpos_cmp(const void *a, const void *b)
{
    int64_t x = ((const idpos *)a)->id, y = ((const idpos *)b)->id;
    return x < y ? -1 : x > y;
}

static idpos *s_index_of(const eq_matrix *mx);
static idpos *m_index_of(const eq_matrix *mx);
/* The sorted indexes live right after the arrays they index (see frame). */
static idpos *s_index_of(const eq_matrix *mx) { return (idpos *)(mx->s + mx->ns); }
static idpos *m_index_of(const eq_matrix *mx) { return (idpos *)(mx->m + mx->nm); }

static int find(const idpos *ix, int n, int64_t id)
{
    int lo = 0, hi = n - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (ix[mid].id == id) return ix[mid].pos;
        if (ix[mid].id < id) lo = mid + 1;
        else hi = mid - 1;
    }
    return -1;
}

int eq_service_index(const eq_matrix *mx, int64_t id) { return find(s_index_of(mx), mx->ns, id); }
int eq_muni_index(const eq_matrix *mx, int64_t id) { return find(m_index_of(mx), mx->nm, id); }

int eq_matrix_frame(db *d, arena *a, const char *lang, eq_matrix *mx)
{
    memset(mx, 0, sizeof *mx);
    db_result s, m;
    db_param pl[] = {DB_TEXT(lang)};
    if (db_query(d, a, &s,
                 "SELECT s.id, s.code, s.name_fi, s.name_sv, s.name_en, st.level, st.languages "
                 "FROM services s LEFT JOIN service_standards st ON st.service_id = s.id WHERE s.active = 1 "
                 "ORDER BY CASE WHEN $1 = 'sv' AND s.name_sv <> '' THEN s.name_sv "
                 "WHEN $1 = 'en' AND s.name_en <> '' THEN s.name_en ELSE s.name_fi END, s.id",
                 1, pl) < 0)
        return -1;
    if (db_query(d, a, &m,
                 "SELECT id, code, name_fi, name_sv, bilingual FROM municipalities "
                 "ORDER BY CASE WHEN $1 = 'sv' THEN name_sv ELSE name_fi END, id", 1, pl) < 0)
        return -1;
    mx->ns = s.nrows;
    mx->nm = m.nrows;
    /* each array is followed by its id index, sorted for binary search */
    mx->s = arena_alloc(a, (size_t)mx->ns * sizeof(eq_service) + (size_t)mx->ns * sizeof(idpos) + sizeof(idpos));
    mx->m = arena_alloc(a, (size_t)mx->nm * sizeof(eq_muni) + (size_t)mx->nm * sizeof(idpos) + sizeof(idpos));
    for (int i = 0; i < mx->ns; i++) {
        eq_service *e = &mx->s[i];
        e->id = db_cell_int(&s, i, 0);
        e->code = db_cell(&s, i, 1);
        e->name = eq_pick(lang, db_cell(&s, i, 2), db_cell(&s, i, 3), db_cell(&s, i, 4));
        e->standard = eq_level_rank(db_cell(&s, i, 5));
        /* without a standard row the default of the schema applies: 'fi,sv' */
        e->std_sv = db_cell(&s, i, 5) == NULL || eq_langs_have(db_cell(&s, i, 6), "sv");
        s_index_of(mx)[i] = (idpos){e->id, i};
    }
    for (int i = 0; i < mx->nm; i++) {
        eq_muni *e = &mx->m[i];
        e->id = db_cell_int(&m, i, 0);
        e->code = db_cell(&m, i, 1);
        e->name = strcmp(lang, "sv") == 0 ? db_cell(&m, i, 3) : db_cell(&m, i, 2);
        e->bilingual = db_cell_int(&m, i, 4) != 0;
        m_index_of(mx)[i] = (idpos){e->id, i};
    }
    qsort(s_index_of(mx), (size_t)mx->ns, sizeof(idpos), idpos_cmp);
    qsort(m_index_of(mx), (size_t)mx->nm, sizeof(idpos), idpos_cmp);
    size_t cells = (size_t)mx->ns * (size_t)mx->nm + 1;
    mx->best = arena_alloc_raw(a, cells);
    memset(mx->best, EQ_RANK_NONE, cells);
    mx->has_sv = arena_alloc(a, cells);
    mx->marks = arena_alloc(a, cells);
    mx->muni_gaps = arena_alloc(a, ((size_t)mx->nm + 1) * sizeof(long));
    return 0;
}

void eq_matrix_judge(eq_matrix *mx)
{
    memset(&mx->t, 0, sizeof mx->t);
    for (int j = 0; j < mx->nm; j++) mx->muni_gaps[j] = 0;
    for (int i = 0; i < mx->ns; i++)
        for (int j = 0; j < mx->nm; j++) {
            size_t k = (size_t)i * (size_t)mx->nm + (size_t)j;
            int mk = eq_cell_marks(mx->best[k], mx->s[i].standard, mx->has_sv[k] != 0,
                                   mx->m[j].bilingual && mx->s[i].std_sv);
            mx->marks[k] = (unsigned char)mk;
            mx->t.cells++;
            if (!mk) mx->t.ok++;
            else mx->muni_gaps[j]++;
            if (mk & EQ_MARK_MISSING) mx->t.missing++;
            if (mk & EQ_MARK_BELOW) mx->t.below++;
            if (mk & EQ_MARK_NO_SWEDISH) mx->t.no_sv++;
        }
}

int eq_matrix_load(db *d, arena *a, const char *lang, eq_matrix *mx)
{
    if (eq_matrix_frame(d, a, lang, mx) < 0) return -1;
    db_result c;
    if (db_query(d, a, &c,
                 "SELECT o.service_id, p.municipality_id, MIN(l.rank), "
                 "MAX(CASE WHEN o.level <> 'not_offered' AND (',' || o.languages || ',') LIKE '%,sv,%' THEN 1 ELSE 0 END) "
                 "FROM service_offers o JOIN service_points p ON p.id = o.point_id "
                 "JOIN service_levels l ON l.code = o.level WHERE p.active = 1 "
                 "GROUP BY o.service_id, p.municipality_id", 0, NULL) < 0)
        return -1;
    for (int r = 0; r < c.nrows; r++) {
        int i = eq_service_index(mx, db_cell_int(&c, r, 0)), j = eq_muni_index(mx, db_cell_int(&c, r, 1));
        if (i < 0 || j < 0) continue;
        size_t k = (size_t)i * (size_t)mx->nm + (size_t)j;
        int64_t best = db_cell_int(&c, r, 2);
        mx->best[k] = (unsigned char)(best >= 1 && best <= EQ_NLEVELS ? best : EQ_RANK_NONE);
        mx->has_sv[k] = db_cell_int(&c, r, 3) != 0;
    }
    eq_matrix_judge(mx);
    return 0;
}

/* Marks as text, e.g. "Below standard, Not in Swedish"; "" when none. */
static const char *marks_text(request *r, int mk)
{
    const char *parts[3];
    int n = 0;
    if (mk & EQ_MARK_MISSING) parts[n++] = tr(r->lang, "Missing");
    if (mk & EQ_MARK_BELOW) parts[n++] = tr(r->lang, "Below standard");
    if (mk & EQ_MARK_NO_SWEDISH) parts[n++] = tr(r->lang, "Not in Swedish");
    if (n == 0) return "";
    if (n == 1) return parts[0];
    if (n == 2) return arena_concat(&r->a, parts[0], ", ", parts[1], NULL);
    return arena_concat(&r->a, parts[0], ", ", parts[1], ", ", parts[2], NULL);
}

/* At most max characters (not bytes) of s, with an ellipsis when cut. */
static const char *clip(request *r, const char *s, int max)
{
    int chars = 0;
    for (const char *p = s; *p; p++) {
        if (((unsigned char)*p & 0xC0) != 0x80) {
            if (chars == max) return arena_concat(&r->a, arena_strndup(&r->a, s, (size_t)(p - s)), "…", NULL);
            chars++;
        }
    }
    return s;
}

#define SVG_LEFT 300
#define SVG_TOP 110
#define SVG_CELL_W 92
#define SVG_CELL_H 26

static json_t *heatmap(request *r, const eq_matrix *mx)
{
    json_t *cols = json_array(), *rows = json_array();
    for (int j = 0; j < mx->nm; j++)
        json_array_append_new(cols, json_pack("{s:i, s:i, s:s}", "x", SVG_LEFT + j * SVG_CELL_W + SVG_CELL_W / 2,
                                              "y", SVG_TOP - 10, "name", mx->m[j].name));
    for (int i = 0; i < mx->ns; i++) {
        json_t *cells = json_array();
        int y = SVG_TOP + i * SVG_CELL_H;
        for (int j = 0; j < mx->nm; j++) {
            int mk = mx->marks[(size_t)i * (size_t)mx->nm + (size_t)j];
            const char *fill = mk & EQ_MARK_MISSING ? "#f2b8b5" : mk & EQ_MARK_BELOW ? "#ffe08a"
                             : mk & EQ_MARK_NO_SWEDISH ? "#cddcff" : "#d4edd4";
            char sym[16] = "";
            if (mk & EQ_MARK_MISSING) strcat(sym, "✕");
            if (mk & EQ_MARK_BELOW) strcat(sym, "▼");
            if (mk & EQ_MARK_NO_SWEDISH) strcat(sym, "!");
            if (!mk) strcat(sym, "✓");
            json_array_append_new(cells, json_pack("{s:i, s:i, s:i, s:i, s:s, s:s}", "x", SVG_LEFT + j * SVG_CELL_W,
                                                   "y", y, "tx", SVG_LEFT + j * SVG_CELL_W + SVG_CELL_W / 2,
                                                   "ty", y + 18, "fill", fill, "symbol", sym));
        }
        json_array_append_new(rows, json_pack("{s:i, s:s, s:o}", "ty", y + 18, "name", clip(r, mx->s[i].name, 38),
                                              "cells", cells));
    }
    int width = SVG_LEFT + mx->nm * SVG_CELL_W + 10, height = SVG_TOP + mx->ns * SVG_CELL_H + 10;
    const char *desc = arena_printf(&r->a, "%s %s", tr_fill(r, "{n} cells in all.", mx->t.cells),
                                    arena_concat(&r->a, tr_fill(r, "Missing: {n}.", mx->t.missing), " ",
                                                 tr_fill(r, "Below standard: {n}.", mx->t.below), " ",
                                                 tr_fill(r, "Not in Swedish: {n}.", mx->t.no_sv), " ",
                                                 tr(r->lang, "The table above gives the same information as text."),
                                                 NULL));
    return json_pack("{s:i, s:i, s:o, s:o, s:s, s:i}", "width", width, "height", height, "cols", cols, "rows", rows,
                     "desc", desc, "left", SVG_LEFT - 8);
}

int equality_matrix(request *r)
{
    eq_matrix mx;
    if (eq_matrix_load(r->db, &r->a, r->lang, &mx) < 0) return -1;
    json_t *cols = json_array(), *rows = json_array(), *gaps = json_array();
    for (int j = 0; j < mx.nm; j++) {
        json_array_append_new(cols, json_pack("{s:s, s:b}", "name", mx.m[j].name, "bilingual", mx.m[j].bilingual));
        json_array_append_new(gaps, json_pack("{s:I}", "count", (json_int_t)mx.muni_gaps[j]));
    }
    for (int i = 0; i < mx.ns; i++) {
        json_t *cells = json_array();
        for (int j = 0; j < mx.nm; j++) {
            size_t k = (size_t)i * (size_t)mx.nm + (size_t)j;
            int mk = mx.marks[k];
            json_t *c = json_pack("{s:s, s:s, s:b, s:b, s:b, s:b}", "level", eq_level_name(r->lang, mx.best[k]),
                                  "url", req_url(r, arena_concat(&r->a, "/staff/equal-access/cells/", mx.s[i].code,
                                                                 "/", mx.m[j].code, NULL)),
                                  "missing", (mk & EQ_MARK_MISSING) != 0, "below", (mk & EQ_MARK_BELOW) != 0,
                                  "no_sv", (mk & EQ_MARK_NO_SWEDISH) != 0, "ok", mk == 0);
            if (mk) json_object_set_new(c, "marks", json_string(marks_text(r, mk)));
            json_array_append_new(cells, c);
        }
        json_array_append_new(rows, json_pack("{s:s, s:s, s:o}", "name", mx.s[i].name, "standard",
                                              mx.s[i].standard ? eq_level_name(r->lang, mx.s[i].standard)
                                                               : tr(r->lang, "No standard set"),
                                              "cells", cells));
    }
    json_t *ctx = json_pack("{s:s, s:o, s:o, s:o, s:b, s:{s:I, s:I, s:I, s:I, s:I}, s:s, s:s, s:s, s:s}",
                            "title", tr(r->lang, "Equal access to services"), "cols", cols, "rows", rows, "gaps", gaps,
                            "empty", mx.ns == 0 || mx.nm == 0, "totals", "cells", (json_int_t)mx.t.cells, "ok",
                            (json_int_t)mx.t.ok, "missing", (json_int_t)mx.t.missing, "below",
                            (json_int_t)mx.t.below, "no_sv", (json_int_t)mx.t.no_sv, "csv_url",
                            req_url(r, "/staff/equal-access.csv"), "xlsx_url", req_url(r, "/staff/equal-access.xlsx"),
                            "history_url", req_url(r, "/staff/equal-access/history"), "import_url",
                            req_url(r, "/staff/equal-access/import"));
    if (mx.ns > 0 && mx.nm > 0) json_object_set_new(ctx, "svg", heatmap(r, &mx));
    respond_page(r, 200, "equality/matrix", ctx);
    return 0;
}

int equality_matrix_csv(request *r)
{
    eq_matrix mx;
    if (eq_matrix_load(r->db, &r->a, r->lang, &mx) < 0) return -1;
    buf b = BUF_INIT;
    buf_puts(&b, "\xEF\xBB\xBF");   /* UTF-8 BOM: spreadsheets then read the text right */
    csv_text_cell(&b, tr(r->lang, "Service"), false);
    csv_text_cell(&b, tr(r->lang, "Municipality"), false);
    csv_text_cell(&b, tr(r->lang, "Municipality code"), false);
    csv_text_cell(&b, tr(r->lang, "Best level offered"), false);
    csv_text_cell(&b, tr(r->lang, "County standard"), false);
    csv_text_cell(&b, tr(r->lang, "Missing"), false);
    csv_text_cell(&b, tr(r->lang, "Below standard"), false);
    csv_text_cell(&b, tr(r->lang, "Not in Swedish"), true);
    for (int i = 0; i < mx.ns; i++)
        for (int j = 0; j < mx.nm; j++) {
            size_t k = (size_t)i * (size_t)mx.nm + (size_t)j;
            int mk = mx.marks[k];
            csv_text_cell(&b, mx.s[i].name, false);
            csv_text_cell(&b, mx.m[j].name, false);
            csv_text_cell(&b, mx.m[j].code, false);
            csv_text_cell(&b, eq_level_name(r->lang, mx.best[k]), false);
            csv_text_cell(&b, mx.s[i].standard ? eq_level_name(r->lang, mx.s[i].standard) : "", false);
            csv_int_cell(&b, mk & EQ_MARK_MISSING ? 1 : 0, false);
            csv_int_cell(&b, mk & EQ_MARK_BELOW ? 1 : 0, false);
            csv_int_cell(&b, mk & EQ_MARK_NO_SWEDISH ? 1 : 0, true);
        }
    req_header(r, "Content-Disposition", "attachment; filename=\"equal-access.csv\"");
    req_header(r, "Cache-Control", "no-store");
    r->status = 200;
    r->content_type = "text/csv; charset=utf-8; header=present";
    r->out.len = 0;
    buf_append(&r->out, b.data ? b.data : "", b.len);
    buf_free(&b);
    return 0;
}
