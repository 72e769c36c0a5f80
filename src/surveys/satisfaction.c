/* Service-point satisfaction (issue 5 "Customer satisfaction").
 *
 * A satisfaction survey is a survey of kind 'satisfaction' (sql/060) for one
 * service point and contact channel with three standard questions: "How
 * likely would you recommend ..." (nps, 0-10), what went well and what to
 * improve (free text). Staff create one from /{lang}/staff/satisfaction;
 * each gets a short link /p/{code} (survey_short_links, sql/065) printed on
 * a poster with a QR code.
 *
 * /{lang}/staff/satisfaction compares municipalities (NPS and mean with n,
 * over the last six months) and draws the trend of a municipality or the
 * whole county by week or month; /{lang}/staff/satisfaction/{point} the
 * trend of one service point. Answers are counted per day and value by SQL
 * and gathered into weeks or months here; a period with fewer than 5
 * answers is not shown (and when only one period would be hidden, the next
 * smallest is hidden too), exactly like the groups of the results page. */
#include "results.h"
#include "charts.h"
#include "qr.h"
#include "stats.h"
#include "../app/app.h"
#include "../util/json_alloc.h"
#include "../view/i18n.h"
#include "../view/view.h"
#include <sodium.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DAY 86400
#define WEEK (7 * DAY)
#define MONDAY_ORIGIN (4 * DAY)   /* 1970-01-05 was a Monday */
#define SPAN_WEEKS 26
#define SPAN_MONTHS 6

static const char *const CHANNELS[] = {"visit", "phone", "chat", "video"};
#define NCHANNELS (sizeof CHANNELS / sizeof CHANNELS[0])

static const char *channel_label(const char *lang, const char *ch)
{
    if (strcmp(ch, "phone") == 0) return tr(lang, "Phone");
    if (strcmp(ch, "chat") == 0) return tr(lang, "Chat");
    if (strcmp(ch, "video") == 0) return tr(lang, "Video appointment");
    return tr(lang, "Visit in person");
}

/* ---- short links ------------------------------------------------------- */

/* The survey's code, drawn at random on first use (6 characters without look-alikes). */
static const char *short_code(db *d, arena *a, int64_t survey_id, int64_t now)
{
    static const char alphabet[] = "23456789abcdefghjkmnpqrstuvwxyz";   /* no 0/o, 1/i/l */
    db_param p[] = {DB_INT(survey_id)};
    db_result res;
    for (int attempt = 0; attempt < 5; attempt++) {
        if (db_query(d, a, &res, "SELECT code FROM survey_short_links WHERE survey_id = $1", 1, p) < 0) return NULL;
        if (res.nrows) return db_cell(&res, 0, 0);
        char code[7];
        for (int i = 0; i < 6; i++) code[i] = alphabet[randombytes_uniform((uint32_t)(sizeof alphabet - 1))];
        code[6] = '\0';
        db_param ins[] = {DB_TEXT(code), DB_INT(survey_id), DB_INT(now)};
        if (db_exec(d, "INSERT INTO survey_short_links(code, survey_id, created_at) VALUES ($1, $2, $3) "
                    "ON CONFLICT DO NOTHING", 3, ins) < 0)
            return NULL;
    }
    return NULL;
}

const char *satisfaction_short_code(request *r, int64_t survey_id)
{
    return short_code(r->db, &r->a, survey_id, r->now);
}

int satisfaction_short_link(request *r)
{
    const char *code = req_param(r, "code");
    db_param p[] = {DB_TEXT(code)};
    db_result res;
    if (strlen(code) != 6) {
        respond_error(r, 404, NULL);
        return 0;
    }
    if (db_query(r->db, &r->a, &res, "SELECT s.slug FROM survey_short_links l JOIN surveys s ON s.id = l.survey_id "
                 "WHERE l.code = $1", 1, p) < 0)
        return -1;
    if (res.nrows == 0) {
        respond_error(r, 404, NULL);
        return 0;
    }
    req_header(r, "Vary", "Accept-Language");
    req_header(r, "Cache-Control", "no-store");
    respond_redirect(r, 302, arena_printf(&r->a, "/%s/surveys/%s", r->lang, db_cell(&res, 0, 0)));
    return 0;
}

/* ---- periods ----------------------------------------------------------- */

typedef struct period {
    int64_t key;           /* week number since the Monday origin, or year * 12 + month */
    const char *label;
    int64_t counts[11];
    int64_t n;
} period;

static int64_t week_of(int64_t t) { return (t - MONDAY_ORIGIN) / WEEK; }

static int64_t month_of(int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    return (int64_t)(tm.tm_year + 1900) * 12 + tm.tm_mon;
}

/* The periods ending with the one holding now, oldest first. */
static period *make_periods(request *r, bool monthly, int *np, int64_t *since)
{
    int n = monthly ? SPAN_MONTHS : SPAN_WEEKS;
    period *p = arena_alloc(&r->a, sizeof *p * (size_t)n);
    int64_t last = monthly ? month_of(r->now) : week_of(r->now);
    for (int i = 0; i < n; i++) {
        p[i].key = last - (n - 1 - i);
        if (monthly) {
            p[i].label = arena_printf(&r->a, "%04lld-%02lld", (long long)(p[i].key / 12), (long long)(p[i].key % 12 + 1));
        } else {
            time_t monday = (time_t)(p[i].key * WEEK + MONDAY_ORIGIN);
            struct tm tm;
            gmtime_r(&monday, &tm);
            char b[16];
            strftime(b, sizeof b, "%G-W%V", &tm);
            p[i].label = arena_strdup(&r->a, b);
        }
    }
    if (monthly) {
        struct tm tm = {0};
        tm.tm_year = (int)(p[0].key / 12) - 1900;
        tm.tm_mon = (int)(p[0].key % 12);
        tm.tm_mday = 1;
        *since = (int64_t)timegm(&tm);
    } else {
        *since = p[0].key * WEEK + MONDAY_ORIGIN;
    }
    *np = n;
    return p;
}

/* NPS answers of satisfaction surveys per day and value, for one service
 * point (point_id), one municipality (muni_id) or all (both 0). */
static int load_trend(request *r, bool monthly, int64_t point_id, int64_t muni_id, period **out, int *np)
{
    int64_t since;
    period *p = make_periods(r, monthly, np, &since);
    db_param prm[] = {DB_INT(since), DB_INT(point_id), DB_INT(muni_id)};
    db_result res;
    if (db_query(r->db, &r->a, &res,
                 "SELECT r.submitted_at / 86400, a.value_int, COUNT(*) FROM answers a "
                 "JOIN responses r ON r.id = a.response_id JOIN surveys s ON s.id = a.survey_id "
                 "JOIN survey_questions q ON q.id = a.question_id JOIN service_points sp ON sp.id = s.service_point_id "
                 "WHERE s.kind = 'satisfaction' AND q.kind = 'nps' AND a.value_int IS NOT NULL AND r.submitted_at >= $1 "
                 "AND ($2 = 0 OR s.service_point_id = $2) AND ($3 = 0 OR sp.municipality_id = $3) "
                 "GROUP BY r.submitted_at / 86400, a.value_int", 3, prm) < 0)
        return -1;
    for (int i = 0; i < res.nrows; i++) {
        int64_t t = db_cell_int(&res, i, 0) * DAY, v = db_cell_int(&res, i, 1), c = db_cell_int(&res, i, 2);
        int64_t key = monthly ? month_of(t) : week_of(t);
        int64_t idx = key - p[0].key;
        if (idx < 0 || idx >= *np || v < 0 || v > 10) continue;
        p[idx].counts[v] += c;
        p[idx].n += c;
    }
    *out = p;
    return 0;
}

static char dec_sep(const char *lang) { return strcmp(lang, "en") == 0 ? '.' : ','; }

static const char *mean_text(request *r, const int64_t counts[11], int64_t n)
{
    int64_t sum = 0;
    for (int v = 0; v <= 10; v++) sum += counts[v] * v;
    char b[32];
    return arena_strdup(&r->a, stats_fmt_hundredths(stats_mean_hundredths(sum, n), dec_sep(r->lang), b));
}

/* {"svg", "summary", "rows": [{label, n, nps, mean, suppressed}]} */
static json_t *trend_view(request *r, period *p, int np, const char *chart_id, const char *title)
{
    int64_t *ns = arena_alloc(&r->a, sizeof(int64_t) * (size_t)np);
    bool *sup = arena_alloc(&r->a, sizeof(bool) * (size_t)np);
    for (int i = 0; i < np; i++) ns[i] = p[i].n;
    stats_suppress(ns, (size_t)np, sup);
    chart_point *pts = arena_alloc(&r->a, sizeof *pts * (size_t)np);
    json_t *rows = json_array();
    int shown = 0, hidden = 0;
    int first = -1, lastp = -1;
    for (int i = 0; i < np; i++) {
        stats_nps s;
        stats_nps_from_counts(p[i].counts, &s);
        pts[i].label = p[i].label;
        pts[i].missing = sup[i] || p[i].n == 0;
        pts[i].value = s.nps;
        pts[i].value_text = arena_printf(&r->a, "%d", s.nps);
        json_t *row = json_pack("{s:s, s:b, s:b}", "label", p[i].label, "suppressed", sup[i], "empty", p[i].n == 0);
        if (!pts[i].missing) {
            json_object_set_new(row, "n", json_integer((json_int_t)p[i].n));
            json_object_set_new(row, "nps", json_integer(s.nps));
            json_object_set_new(row, "mean", json_string(mean_text(r, p[i].counts, p[i].n)));
            shown++;
            if (first < 0) first = i;
            lastp = i;
        }
        hidden += sup[i];
        json_array_append_new(rows, row);
    }
    const char *summary;
    if (shown == 0) summary = tr(r->lang, "There are not yet enough answers to show a trend.");
    else {
        const char *t = tr(r->lang, "NPS was {a} in {from} and {b} in {to}; {shown} periods shown, {hidden} hidden because they have fewer than 5 answers.");
        const char *vals[6][2] = {{"{a}", pts[first].value_text}, {"{from}", pts[first].label}, {"{b}", pts[lastp].value_text},
                                  {"{to}", pts[lastp].label}, {"{shown}", arena_printf(&r->a, "%d", shown)},
                                  {"{hidden}", arena_printf(&r->a, "%d", hidden)}};
        for (int k = 0; k < 6; k++) {
            const char *at = strstr(t, vals[k][0]);
            if (at) t = arena_printf(&r->a, "%.*s%s%s", (int)(at - t), t, vals[k][1], at + strlen(vals[k][0]));
        }
        summary = t;
    }
    buf svg = BUF_INIT;
    chart_trend(&svg, chart_id, title, summary, pts, (size_t)np, -100, 100,
                tr(r->lang, "no answers, or fewer than 5 answers"));
    json_t *v = json_pack("{s:s, s:s, s:o}", "svg", svg.data ? svg.data : "", "summary", summary, "rows", rows);
    buf_free(&svg);
    return v;
}

static json_t *period_options(request *r, bool monthly)
{
    return json_pack("[{s:s, s:s, s:b}, {s:s, s:s, s:b}]", "value", "month", "label", tr(r->lang, "By month"),
                     "selected", monthly, "value", "week", "label", tr(r->lang, "By week"), "selected", !monthly);
}

/* ---- creating a satisfaction survey ----------------------------------- */

static int create_survey(db *d, arena *a, int64_t point_id, const char *point_code, const char *channel, int64_t now,
                         int64_t user_id, int64_t *out_id)
{
    db_result res;
    const char *slug = arena_printf(a, "satisfaction-%s-%s", point_code, channel);
    db_param sp[] = {DB_TEXT(slug), DB_INT(point_id), DB_TEXT(channel), DB_INT(now),
                     user_id ? DB_INT(user_id) : DB_NULL};
    if (db_query(d, a, &res,
                 "INSERT INTO surveys(slug, kind, title_fi, title_sv, title_en, intro_fi, intro_sv, intro_en, audience, "
                 "anonymity, status, ask_background, service_point_id, channel, created_by, created_at, updated_at) "
                 "VALUES ($1, 'satisfaction', 'Miten onnistuimme?', 'Hur lyckades vi?', 'How did we do?', "
                 "'Kolme lyhyttä kysymystä asioinnistasi. Vastaat nimettömästi.', "
                 "'Tre korta frågor om ditt besök. Du svarar anonymt.', "
                 "'Three short questions about your visit. Your answer is anonymous.', 'everyone', 'anonymous', "
                 "'published', 0, $2, $3, $5, $4, $4) ON CONFLICT DO NOTHING RETURNING id", 5, sp) < 0)
        return -1;
    if (res.nrows == 0) {
        db_param q[] = {DB_TEXT(slug)};
        if (db_query(d, a, &res, "SELECT id FROM surveys WHERE slug = $1", 1, q) < 0) return -1;
        *out_id = db_cell_int(&res, 0, 0);
        return 0;   /* already there */
    }
    int64_t sid = db_cell_int(&res, 0, 0);
    db_param pp[] = {DB_INT(sid)};
    if (db_query(d, a, &res, "INSERT INTO survey_pages(survey_id, position) VALUES ($1, 1) RETURNING id", 1, pp) < 0)
        return -1;
    int64_t page = db_cell_int(&res, 0, 0);
    static const char *const Q[3][5] = {
        {"nps", "Kuinka todennäköisesti suosittelisit palveluamme läheisellesi?",
         "Hur sannolikt är det att du skulle rekommendera vår service till någon som står dig nära?",
         "How likely would you recommend our service to someone close to you?", "1"},
        {"longtext", "Mikä onnistui?", "Vad gick bra?", "What went well?", "0"},
        {"longtext", "Mitä voisimme parantaa?", "Vad kunde vi göra bättre?", "What could we improve?", "0"},
    };
    for (int i = 0; i < 3; i++) {
        db_param qp[] = {DB_INT(sid), DB_INT(page), DB_INT(i + 1), DB_TEXT(Q[i][0]), DB_INT(atoi(Q[i][4])),
                         DB_TEXT(Q[i][1]), DB_TEXT(Q[i][2]), DB_TEXT(Q[i][3])};
        if (db_exec(d, "INSERT INTO survey_questions(survey_id, page_id, position, kind, required, text_fi, text_sv, text_en, "
                    "scale_min, scale_max, scale_min_label_fi, scale_min_label_sv, scale_min_label_en, "
                    "scale_max_label_fi, scale_max_label_sv, scale_max_label_en) "
                    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, 10, 'En lainkaan todennäköisesti', 'Inte alls sannolikt', "
                    "'Not at all likely', 'Erittäin todennäköisesti', 'Mycket sannolikt', 'Extremely likely')", 8, qp) < 0)
            return -1;
    }
    *out_id = sid;
    return 1;
}

/* ---- pages -------------------------------------------------------------- */

static int load_points(request *r, db_result *res)
{
    return db_query(r->db, &r->a, res,
                    "SELECT sp.id, sp.code, sp.name_fi, sp.name_sv, sp.name_en, m.name_fi, m.name_sv, s.id, s.channel "
                    "FROM surveys s JOIN service_points sp ON sp.id = s.service_point_id "
                    "JOIN municipalities m ON m.id = sp.municipality_id WHERE s.kind = 'satisfaction' "
                    "ORDER BY m.name_fi, sp.name_fi, s.channel", 0, NULL);
}

static const char *pick3(request *r, const db_result *res, int row, int col_fi, int nlangs)
{
    int li = survey_lang_index(r->lang);
    if (li >= nlangs) li = 0;
    const char *v = db_cell(res, row, col_fi + li);
    return v && *v ? v : db_cell(res, row, col_fi);
}

static json_t *overview_ctx(request *r, bool monthly, int64_t muni_id)
{
    db_result pts, ms;
    if (load_points(r, &pts) < 0) return NULL;
    json_t *points = json_array();
    for (int i = 0; i < pts.nrows; i++) {
        const char *code = db_cell(&pts, i, 1);
        json_array_append_new(points, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "name", pick3(r, &pts, i, 2, 3),
            "municipality", pick3(r, &pts, i, 5, 2), "channel", channel_label(r->lang, db_cell(&pts, i, 8)),
            "trend_url", req_url(r, arena_concat(&r->a, "/staff/satisfaction/", code, NULL)),
            "poster_url", req_url(r, arena_concat(&r->a, "/staff/satisfaction/", code, "/poster?channel=", db_cell(&pts, i, 8), NULL)),
            "results_url", req_url(r, arena_concat(&r->a, "/staff/surveys/", db_cell(&pts, i, 7), "/results", NULL))));
    }
    /* comparison across municipalities over the last six months */
    int np;
    int64_t since;
    make_periods(r, true, &np, &since);
    db_param p[] = {DB_INT(since)};
    if (db_query(r->db, &r->a, &ms,
                 "SELECT sp.municipality_id, MIN(m.name_fi), MIN(m.name_sv), a.value_int, COUNT(*) FROM answers a "
                 "JOIN responses r ON r.id = a.response_id JOIN surveys s ON s.id = a.survey_id "
                 "JOIN survey_questions q ON q.id = a.question_id JOIN service_points sp ON sp.id = s.service_point_id "
                 "JOIN municipalities m ON m.id = sp.municipality_id "
                 "WHERE s.kind = 'satisfaction' AND q.kind = 'nps' AND a.value_int IS NOT NULL AND r.submitted_at >= $1 "
                 "GROUP BY sp.municipality_id, a.value_int ORDER BY MIN(m.name_fi), sp.municipality_id", 1, p) < 0)
        return NULL;
    int nm = 0;
    int64_t (*counts)[11] = arena_alloc(&r->a, sizeof *counts * (size_t)(ms.nrows + 1));
    const char **names = arena_alloc(&r->a, sizeof(char *) * (size_t)(ms.nrows + 1));
    int64_t *ids = arena_alloc(&r->a, sizeof(int64_t) * (size_t)(ms.nrows + 1));
    int64_t *ns = arena_alloc(&r->a, sizeof(int64_t) * (size_t)(ms.nrows + 1));
    for (int i = 0; i < ms.nrows; i++) {
        int64_t id = db_cell_int(&ms, i, 0), v = db_cell_int(&ms, i, 3), c = db_cell_int(&ms, i, 4);
        if (nm == 0 || ids[nm - 1] != id) {
            ids[nm] = id;
            names[nm] = pick3(r, &ms, i, 1, 2);
            nm++;
        }
        if (v >= 0 && v <= 10) {
            counts[nm - 1][v] += c;
            ns[nm - 1] += c;
        }
    }
    bool *sup = arena_alloc(&r->a, sizeof(bool) * (size_t)(nm + 1));
    stats_suppress(ns, (size_t)nm, sup);
    chart_bar_item *nps_bars = arena_alloc(&r->a, sizeof *nps_bars * (size_t)(nm + 1));
    chart_bar_item *mean_bars = arena_alloc(&r->a, sizeof *mean_bars * (size_t)(nm + 1));
    json_t *cmp = json_array();
    for (int i = 0; i < nm; i++) {
        stats_nps s;
        stats_nps_from_counts(counts[i], &s);
        const char *mean = mean_text(r, counts[i], ns[i]);
        nps_bars[i] = (chart_bar_item){names[i], s.nps, arena_printf(&r->a, "%d (n = %lld)", s.nps, (long long)ns[i]), sup[i]};
        int64_t sum = 0;
        for (int v = 0; v <= 10; v++) sum += counts[i][v] * v;
        mean_bars[i] = (chart_bar_item){names[i], (double)stats_mean_hundredths(sum, ns[i]) / 100.0,
                                        arena_printf(&r->a, "%s (n = %lld)", mean, (long long)ns[i]), sup[i]};
        json_t *row = json_pack("{s:s, s:b}", "name", names[i], "suppressed", sup[i]);
        if (!sup[i]) {
            json_object_set_new(row, "n", json_integer((json_int_t)ns[i]));
            json_object_set_new(row, "nps", json_integer(s.nps));
            json_object_set_new(row, "mean", json_string(mean));
        }
        json_array_append_new(cmp, row);
    }
    const char *fewer = tr(r->lang, "fewer than 5 answers");
    buf b1 = BUF_INIT, b2 = BUF_INIT;
    chart_bars(&b1, "cmp-nps", tr(r->lang, "NPS by municipality, last six months"),
               tr(r->lang, "Net Promoter Score of each municipality's service points from -100 to 100; the table below gives the numbers."),
               nps_bars, (size_t)nm, -100, 100, fewer);
    chart_bars(&b2, "cmp-mean", tr(r->lang, "Mean answer by municipality, last six months"),
               tr(r->lang, "Mean of the answers on the scale 0 to 10; the table below gives the numbers."),
               mean_bars, (size_t)nm, 0, 10, fewer);
    period *per;
    int nper;
    if (load_trend(r, monthly, 0, muni_id, &per, &nper) < 0) {
        buf_free(&b1);
        buf_free(&b2);
        return NULL;
    }
    json_t *munis = json_array();
    json_array_append_new(munis, json_pack("{s:s, s:s, s:b}", "value", "", "label", tr(r->lang, "Whole county"), "selected", muni_id == 0));
    db_result all;
    if (db_query(r->db, &r->a, &all, "SELECT id, name_fi, name_sv FROM municipalities ORDER BY name_fi", 0, NULL) < 0) {
        buf_free(&b1);
        buf_free(&b2);
        return NULL;
    }
    for (int i = 0; i < all.nrows; i++)
        json_array_append_new(munis, json_pack("{s:s, s:s, s:b}", "value", db_cell(&all, i, 0), "label",
                                               pick3(r, &all, i, 1, 2), "selected", db_cell_int(&all, i, 0) == muni_id));
    json_t *ctx = json_pack("{s:s, s:o, s:b, s:o, s:s, s:s, s:o, s:o, s:o}", "title", tr(r->lang, "Customer satisfaction"),
                            "points", points, "no_points", pts.nrows == 0, "comparison", cmp, "nps_svg", b1.data ? b1.data : "",
                            "mean_svg", b2.data ? b2.data : "",
                            "trend", trend_view(r, per, nper, "trend", monthly ? tr(r->lang, "NPS by month") : tr(r->lang, "NPS by week")),
                            "period_options", period_options(r, monthly), "municipality_options", munis);
    buf_free(&b1);
    buf_free(&b2);
    return ctx;
}

static void add_create_form(request *r, json_t *ctx, const char *error)
{
    db_result pts;
    json_t *opts = json_array();
    if (db_query(r->db, &r->a, &pts, "SELECT sp.id, sp.name_fi, sp.name_sv, sp.name_en FROM service_points sp "
                 "ORDER BY sp.name_fi", 0, NULL) == 0)
        for (int i = 0; i < pts.nrows; i++)
            json_array_append_new(opts, json_pack("{s:s, s:s, s:b}", "value", db_cell(&pts, i, 0), "label",
                                                  pick3(r, &pts, i, 1, 3), "selected",
                                                  req_form(r, "point") && strcmp(req_form(r, "point"), db_cell(&pts, i, 0)) == 0));
    json_t *chs = json_array();
    for (size_t i = 0; i < NCHANNELS; i++)
        json_array_append_new(chs, json_pack("{s:s, s:s, s:b}", "value", CHANNELS[i], "label", channel_label(r->lang, CHANNELS[i]),
                                             "checked", req_form(r, "channel") ? strcmp(req_form(r, "channel"), CHANNELS[i]) == 0 : i == 0));
    json_object_set_new(ctx, "point_options", opts);
    json_object_set_new(ctx, "channel_options", chs);
    json_object_set_new(ctx, "create_url", json_string(req_url(r, "/staff/satisfaction")));
    if (error) json_object_set_new(ctx, "create_error", json_string(error));
}

int satisfaction_overview(request *r)
{
    const char *per = req_query(r, "period");
    bool monthly = !per || strcmp(per, "week") != 0;
    const char *m = req_query(r, "municipality");
    int64_t muni = m && *m ? atoll(m) : 0;
    json_t *ctx = overview_ctx(r, monthly, muni < 0 ? 0 : muni);
    if (!ctx) return -1;
    add_create_form(r, ctx, NULL);
    respond_page(r, 200, "surveys/satisfaction_overview", ctx);
    return 0;
}

/* POST /{lang}/staff/satisfaction: a satisfaction survey for a point and channel. */
int satisfaction_create(request *r)
{
    const char *ps = req_form(r, "point"), *ch = req_form(r, "channel");
    bool ch_ok = false;
    for (size_t i = 0; ch && i < NCHANNELS; i++) ch_ok |= strcmp(ch, CHANNELS[i]) == 0;
    db_result res;
    int64_t pid = ps ? atoll(ps) : 0;
    db_param p[] = {DB_INT(pid)};
    if (db_query(r->db, &r->a, &res, "SELECT code FROM service_points WHERE id = $1", 1, p) < 0) return -1;
    if (res.nrows == 0 || !ch_ok) {
        json_t *ctx = overview_ctx(r, true, 0);
        if (!ctx) return -1;
        add_create_form(r, ctx, res.nrows == 0 ? tr(r->lang, "Choose a service point.") : tr(r->lang, "Choose a contact channel."));
        json_object_set_new(ctx, "create_error_point", json_boolean(res.nrows == 0));
        json_object_set_new(ctx, "create_error_channel", json_boolean(res.nrows != 0));
        respond_page(r, 400, "surveys/satisfaction_overview", ctx);
        return 0;
    }
    int64_t sid;
    if (create_survey(r->db, &r->a, pid, db_cell(&res, 0, 0), ch, r->now, r->user ? r->user->id : 0, &sid) < 0) return -1;
    if (!satisfaction_short_code(r, sid)) return -1;
    respond_redirect(r, 303, req_url(r, arena_concat(&r->a, "/staff/satisfaction/", db_cell(&res, 0, 0), "/poster?channel=", ch, NULL)));
    return 0;
}

/* The service point by its code with its satisfaction surveys. */
static int load_point(request *r, db_result *res)
{
    db_param p[] = {DB_TEXT(req_param(r, "point"))};
    return db_query(r->db, &r->a, res,
                    "SELECT sp.id, sp.code, sp.name_fi, sp.name_sv, sp.name_en, s.id, s.channel, s.slug FROM service_points sp "
                    "JOIN surveys s ON s.service_point_id = sp.id AND s.kind = 'satisfaction' WHERE sp.code = $1 "
                    "ORDER BY s.channel", 1, p);
}

int satisfaction_point(request *r)
{
    db_result pt;
    if (load_point(r, &pt) < 0) return -1;
    if (pt.nrows == 0) {
        respond_error(r, 404, NULL);
        return 0;
    }
    const char *per = req_query(r, "period");
    bool monthly = !per || strcmp(per, "week") != 0;
    period *p;
    int np;
    if (load_trend(r, monthly, db_cell_int(&pt, 0, 0), 0, &p, &np) < 0) return -1;
    const char *name = pick3(r, &pt, 0, 2, 3);
    json_t *surveys = json_array();
    for (int i = 0; i < pt.nrows; i++)
        json_array_append_new(surveys, json_pack("{s:s, s:s, s:s}", "channel", channel_label(r->lang, db_cell(&pt, i, 6)),
            "poster_url", req_url(r, arena_concat(&r->a, "/staff/satisfaction/", db_cell(&pt, i, 1), "/poster?channel=", db_cell(&pt, i, 6), NULL)),
            "results_url", req_url(r, arena_concat(&r->a, "/staff/surveys/", db_cell(&pt, i, 5), "/results", NULL))));
    json_t *ctx = json_pack("{s:s, s:o, s:o, s:o, s:s}", "title", name, "trend",
                            trend_view(r, p, np, "trend", monthly ? tr(r->lang, "NPS by month") : tr(r->lang, "NPS by week")),
                            "period_options", period_options(r, monthly), "surveys", surveys, "overview_url",
                            req_url(r, "/staff/satisfaction"));
    json_object_set_new(ctx, "form_url", json_string(r->path));
    respond_page(r, 200, "surveys/satisfaction_point", ctx);
    return 0;
}

/* The survey row of the point for ?channel= (the first when not given). */
static int poster_survey(request *r, const db_result *pt)
{
    const char *ch = req_query(r, "channel");
    for (int i = 0; ch && i < pt->nrows; i++)
        if (strcmp(db_cell(pt, i, 6), ch) == 0) return i;
    return ch ? -1 : 0;
}

int satisfaction_poster(request *r)
{
    db_result pt;
    if (load_point(r, &pt) < 0) return -1;
    int row = pt.nrows ? poster_survey(r, &pt) : -1;
    if (row < 0) {
        respond_error(r, 404, NULL);
        return 0;
    }
    const char *code = satisfaction_short_code(r, db_cell_int(&pt, row, 5));
    if (!code) return -1;
    const char *url = arena_concat(&r->a, APP.cfg.base_url ? APP.cfg.base_url : "", "/p/", code, NULL);
    buf svg = BUF_INIT;
    if (qr_svg(url, tr(r->lang, "QR code of the survey's address"), &svg, NULL) < 0) {
        buf_free(&svg);
        return -1;
    }
    /* inline: the same drawing without the XML prolog, sized by CSS */
    json_t *ctx = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "title", tr(r->lang, "How did we do?"), "point",
                            pick3(r, &pt, row, 2, 3), "channel", channel_label(r->lang, db_cell(&pt, row, 6)), "short_url", url,
                            "qr_svg", svg.data, "qr_url",
                            req_url(r, arena_concat(&r->a, "/staff/satisfaction/", db_cell(&pt, row, 1), "/qr.svg?channel=",
                                                    db_cell(&pt, row, 6), NULL)));
    buf_free(&svg);
    json_object_set_new(ctx, "trend_url", json_string(req_url(r, arena_concat(&r->a, "/staff/satisfaction/", db_cell(&pt, row, 1), NULL))));
    respond_page(r, 200, "surveys/satisfaction_poster", ctx);
    return 0;
}

int satisfaction_qr_svg(request *r)
{
    db_result pt;
    if (load_point(r, &pt) < 0) return -1;
    int row = pt.nrows ? poster_survey(r, &pt) : -1;
    if (row < 0) {
        respond_error(r, 404, NULL);
        return 0;
    }
    const char *code = satisfaction_short_code(r, db_cell_int(&pt, row, 5));
    if (!code) return -1;
    const char *url = arena_concat(&r->a, APP.cfg.base_url ? APP.cfg.base_url : "", "/p/", code, NULL);
    buf svg = BUF_INIT;
    buf_puts(&svg, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    if (qr_svg(url, url, &svg, NULL) < 0) {
        buf_free(&svg);
        return -1;
    }
    req_header(r, "Content-Disposition", arena_printf(&r->a, "attachment; filename=\"qr-%s-%s.svg\"", db_cell(&pt, row, 1),
                                                      db_cell(&pt, row, 6)));
    r->status = 200;
    r->content_type = "image/svg+xml";
    r->out.len = 0;
    buf_append(&r->out, svg.data, svg.len);
    buf_free(&svg);
    return 0;
}

/* ---- demo ---------------------------------------------------------------- */

static const struct {
    const char *point, *channel;
    int base;      /* typical answer 0-10 */
    int per_week;  /* answers a week */
} DEMO[] = {
    {"raasepori-sote", "visit", 8, 14}, {"raasepori-sote", "phone", 6, 6},  {"raasepori-family", "visit", 9, 9},
    {"kirkkonummi-hs", "visit", 7, 11}, {"kirkkonummi-family", "visit", 8, 3}, {"lohja-sote", "visit", 7, 10},
    {"hanko-hs", "phone", 6, 2},
};

static const char *const WELL[][2] = {
    {"Ystävällinen ja kiireetön vastaanotto.", "Vänligt och lugnt bemötande."},
    {"Pääsin nopeasti lääkärille.", "Jag fick snabbt träffa en läkare."},
    {"Sain palvelua ruotsiksi.", "Jag fick service på svenska."},
};
static const char *const IMPROVE[][2] = {
    {"Puhelinjonossa piti odottaa pitkään.", "Jag fick vänta länge i telefonkön."},
    {"Pysäköintipaikkoja on liian vähän.", "Det finns för få parkeringsplatser."},
    {"Ajanvarauksen verkkosivu oli vaikea löytää.", "Det var svårt att hitta webbsidan för tidsbokning."},
};

int satisfaction_demo_load(db *d, int64_t now)
{
    arena a;
    arena_init(&a);
    int rc = -1;
    db_result res;
    if (db_query(d, &a, &res, "SELECT 1 FROM surveys WHERE kind = 'satisfaction' LIMIT 1", 0, NULL) < 0) goto out;
    if (res.nrows) {
        rc = 0;   /* loaded before */
        goto out;
    }
    if (db_begin(d) < 0) goto out;
    uint32_t seed = 20261126;
    for (size_t i = 0; i < sizeof DEMO / sizeof DEMO[0]; i++) {
        db_param p[] = {DB_TEXT(DEMO[i].point)};
        if (db_query(d, &a, &res, "SELECT id, municipality_id FROM service_points WHERE code = $1", 1, p) < 0) goto fail;
        if (res.nrows == 0) continue;   /* the directory's demo is not loaded */
        int64_t pid = db_cell_int(&res, 0, 0), muni = db_cell_int(&res, 0, 1), sid;
        if (create_survey(d, &a, pid, DEMO[i].point, DEMO[i].channel, now - 200 * DAY, 0, &sid) < 0) goto fail;
        db_param qp[] = {DB_INT(sid)};
        if (db_query(d, &a, &res, "SELECT id FROM survey_questions WHERE survey_id = $1 ORDER BY position", 1, qp) < 0 ||
            res.nrows < 3)
            goto fail;
        int64_t q_nps = db_cell_int(&res, 0, 0), q_well = db_cell_int(&res, 1, 0), q_imp = db_cell_int(&res, 2, 0);
        if (!short_code(d, &a, sid, now)) goto fail;
        for (int week = 26; week >= 0; week--) {
            /* a quiet summer for the small family centre: some weeks fall under 5 answers */
            int count = DEMO[i].per_week + (int)(seed % 5) - 2;
            if (DEMO[i].per_week < 5 && week % 3 == 0) count = 2;
            for (int k = 0; k < count; k++) {
                seed = seed * 1103515245u + 12345u;
                int64_t t = now - (int64_t)week * WEEK - (int64_t)(seed >> 8) % WEEK;
                t -= t % DAY;   /* anonymous: the day only */
                int v = DEMO[i].base + (int)((seed >> 16) % 5) - 2 + (week < 8 ? 1 : 0);
                if (v > 10) v = 10;
                if (v < 0) v = 0;
                const char *lang = (seed >> 20) % 3 == 0 ? "sv" : "fi";
                db_param rp[] = {DB_INT(sid), DB_INT(t), DB_TEXT(lang), DB_INT(muni), DB_INT(pid), DB_TEXT(DEMO[i].channel)};
                if (db_query(d, &a, &res, "INSERT INTO responses(survey_id, submitted_at, lang, municipality_id, "
                             "service_point_id, channel, respondent_group) VALUES ($1, $2, $3, $4, $5, $6, 'client') "
                             "RETURNING id", 6, rp) < 0)
                    goto fail;
                int64_t rid = db_cell_int(&res, 0, 0);
                db_param ap[] = {DB_INT(rid), DB_INT(sid), DB_INT(q_nps), DB_INT(v)};
                if (db_exec(d, "INSERT INTO answers(response_id, survey_id, question_id, value_int) VALUES ($1, $2, $3, $4)",
                            4, ap) < 0)
                    goto fail;
                int li = strcmp(lang, "sv") == 0;
                if (k % 4 == 0) {
                    db_param tp[] = {DB_INT(rid), DB_INT(sid), DB_INT(v >= 7 ? q_well : q_imp),
                                     DB_TEXT(v >= 7 ? WELL[(seed >> 4) % 3][li] : IMPROVE[(seed >> 4) % 3][li]),
                                     DB_INT(k % 8 == 0 ? 1 : 0)};
                    if (db_exec(d, "INSERT INTO answers(response_id, survey_id, question_id, value_text, text_approved) "
                                "VALUES ($1, $2, $3, $4, $5)", 5, tp) < 0)
                        goto fail;
                }
            }
        }
        if (survey_counts_rebuild(d, sid) != 0) goto fail;
    }
    if (db_commit(d) < 0) goto fail;
    rc = 0;
    goto out;
fail:
    db_rollback(d);
out:
    arena_free_all(&a);
    return rc;
}
