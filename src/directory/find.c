/* "Find a service": GET /{lang}/services?q=&municipality=&language=&channel=&service=
 * Matches the words against service names, summaries and the keywords and
 * synonyms staff maintain (search.h), then lists the points that offer each
 * matching service with their open-now status and every channel. With a
 * municipality, points are ordered by distance from its centre. */
#include "internal.h"
#include "search.h"
#include "../view/i18n.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SERVICES 20

static const char *const CHANNELS[] = {"visit", "phone", "chat", "eservice", "video"};
static const char *const CHANNEL_LABELS[] = {N_("Visit in person"), N_("Phone"), N_("Chat"), N_("E-service"),
                                             N_("Video appointment")};
#define NCHANNELS 5

static double km_between(double lat1, double lon1, double lat2, double lon2)
{
    const double rad = 3.14159265358979323846 / 180.0;
    double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
    double a = sin(dlat / 2) * sin(dlat / 2) + cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);
    return 6371.0 * 2 * atan2(sqrt(a), sqrt(1 - a));
}

static json_t *select_field(request *r, const char *name, const char *label, json_t *options, const char *error)
{
    json_t *s = json_pack("{s:s, s:s, s:s, s:o}", "id", arena_printf(&r->a, "f-%s", name), "name", name, "label",
                          label, "options", options);
    if (error) json_object_set_new(s, "error", json_string(error));
    return s;
}

static json_t *option(const char *value, const char *label, bool selected)
{
    return json_pack("{s:s, s:s, s:b}", "value", value, "label", label, "selected", selected);
}

typedef struct match {
    int row;       /* in the services result */
    int score;
} match;

static int match_cmp(const void *a, const void *b)
{
    const match *x = a, *y = b;
    if (x->score != y->score) return y->score - x->score;
    return x->row - y->row;
}

typedef struct point_row {
    int row;       /* in the offers result */
    double km;     /* distance from the chosen municipality's centre, or -1 */
    bool home;     /* in the chosen municipality */
} point_row;

static int point_cmp(const void *a, const void *b)
{
    const point_row *x = a, *y = b;
    if (x->home != y->home) return x->home ? -1 : 1;
    if (x->km != y->km) return x->km < y->km ? -1 : 1;
    return x->row - y->row;
}

/* The page's query string for a browse link, keeping the filters. */
static const char *filters_query(request *r, const char *muni, const char *language, const char *channel)
{
    return arena_printf(&r->a, "%s%s%s%s%s%s", *muni ? "&municipality=" : "", muni, *language ? "&language=" : "",
                        language, *channel ? "&channel=" : "", channel);
}

int directory_find(request *r)
{
    const char *q = req_query(r, "q"), *muni = req_query(r, "municipality"), *language = req_query(r, "language"),
               *channel = req_query(r, "channel"), *service = req_query(r, "service");
    if (!q) q = "";
    if (!muni) muni = "";
    if (!language) language = "";
    if (!channel) channel = "";
    if (!service) service = "";
    const char *err_q = NULL, *err_muni = NULL, *err_lang = NULL, *err_channel = NULL;

    db_result munis;
    if (db_query(r->db, &r->a, &munis,
                 strcmp(r->lang, "sv") == 0
                     ? "SELECT m.code, m.name_fi, m.name_sv, c.lat, c.lon, m.id FROM municipalities m "
                       "LEFT JOIN municipality_centres c ON c.municipality_id = m.id ORDER BY m.name_sv"
                     : "SELECT m.code, m.name_fi, m.name_sv, c.lat, c.lon, m.id FROM municipalities m "
                       "LEFT JOIN municipality_centres c ON c.municipality_id = m.id ORDER BY m.name_fi",
                 0, NULL) < 0)
        return -1;
    int muni_row = -1;
    for (int i = 0; i < munis.nrows; i++)
        if (strcmp(db_cell(&munis, i, 0), muni) == 0) muni_row = i;
    if (*muni && muni_row < 0) err_muni = tr(r->lang, "Choose a municipality from the list.");
    if (*language && strcmp(language, "fi") && strcmp(language, "sv") && strcmp(language, "en"))
        err_lang = tr(r->lang, "Choose a language from the list.");
    int channel_idx = -1;
    for (int i = 0; i < NCHANNELS; i++)
        if (strcmp(channel, CHANNELS[i]) == 0) channel_idx = i;
    if (*channel && channel_idx < 0) err_channel = tr(r->lang, "Choose a way of contact from the list.");
    char words[DIR_MAX_WORDS][DIR_WORD_MAX];
    int nwords = 0;
    if (strlen(q) > 200) {
        err_q = tr(r->lang, "The search can be at most 200 characters long.");
    } else if (*q) {
        nwords = dir_query_words(q, words);
        if (nwords == 0) err_q = tr(r->lang, "Write at least 3 letters, for example the name of the service.");
    }
    bool bad = err_q || err_muni || err_lang || err_channel;

    json_t *ctx = json_pack("{s:s, s:s, s:s}", "title", tr(r->lang, "Find a service"), "action",
                            req_url(r, "/services"), "q", q);
    if (err_q) json_object_set_new(ctx, "q_error", json_string(err_q));
    json_t *mopts = json_array();
    json_array_append_new(mopts, option("", tr(r->lang, "Whole county"), !*muni));
    for (int i = 0; i < munis.nrows; i++)
        json_array_append_new(mopts, option(db_cell(&munis, i, 0), dir_pick(&munis, i, 1, strcmp(r->lang, "sv") ? "fi" : "sv"),
                                            i == muni_row));
    json_t *lopts = json_array();
    json_array_append_new(lopts, option("", tr(r->lang, "Any language"), !*language));
    json_array_append_new(lopts, option("fi", tr(r->lang, "Finnish"), strcmp(language, "fi") == 0));
    json_array_append_new(lopts, option("sv", tr(r->lang, "Swedish"), strcmp(language, "sv") == 0));
    json_array_append_new(lopts, option("en", tr(r->lang, "English"), strcmp(language, "en") == 0));
    json_t *copts = json_array();
    json_array_append_new(copts, option("", tr(r->lang, "Any way"), channel_idx < 0));
    for (int i = 0; i < NCHANNELS; i++)
        json_array_append_new(copts, option(CHANNELS[i], tr(r->lang, CHANNEL_LABELS[i]), i == channel_idx));
    json_t *selects = json_array();
    json_array_append_new(selects, select_field(r, "municipality", tr(r->lang, "Municipality"), mopts, err_muni));
    json_array_append_new(selects, select_field(r, "language", tr(r->lang, "Language of service"), lopts, err_lang));
    json_array_append_new(selects, select_field(r, "channel", tr(r->lang, "Way of contact"), copts, err_channel));
    json_object_set_new(ctx, "selects", selects);
    if (bad) {
        json_t *errors = json_array();
        const char *ids[] = {"f-q", "f-municipality", "f-language", "f-channel"},
                   *msgs[] = {err_q, err_muni, err_lang, err_channel};
        for (int i = 0; i < 4; i++)
            if (msgs[i]) json_array_append_new(errors, json_pack("{s:s, s:s}", "field_id", ids[i], "message", msgs[i]));
        json_object_set_new(ctx, "errors", errors);
        json_object_set_new(ctx, "has_errors", json_true());
        respond_page(r, 400, "directory/find", ctx);
        return 0;
    }

    db_result svc, kw;
    if (db_query(r->db, &r->a, &svc,
                 "SELECT id, code, name_fi, name_sv, name_en, summary_fi, summary_sv, summary_en FROM services "
                 "WHERE active = 1 ORDER BY name_fi", 0, NULL) < 0 ||
        db_query(r->db, &r->a, &kw, "SELECT service_id, term FROM service_keywords", 0, NULL) < 0)
        return -1;
    const char *fq = filters_query(r, muni, language, channel);
    if (!*q && !*service) {
        /* nothing asked yet: every service, as links */
        json_t *all = json_array();
        for (int i = 0; i < svc.nrows; i++)
            json_array_append_new(all, json_pack("{s:s, s:s}", "name", dir_pick(&svc, i, 2, r->lang), "url",
                                                 req_url(r, arena_printf(&r->a, "/services?service=%s%s",
                                                                         db_cell(&svc, i, 1), fq))));
        json_object_set_new(ctx, "browse", all);
        respond_page(r, 200, "directory/find", ctx);
        return 0;
    }

    match *m = arena_alloc(&r->a, sizeof *m * (size_t)(svc.nrows + 1));
    int nm = 0;
    for (int i = 0; i < svc.nrows; i++) {
        if (*service) {
            if (strcmp(db_cell(&svc, i, 1), service) == 0) m[nm++] = (match){i, 1};
            continue;
        }
        int64_t sid = db_cell_int(&svc, i, 0);
        int score = 0;
        bool all = true;
        for (int w = 0; w < nwords && all; w++) {
            int best = 0;
            for (int l = 0; l < 3; l++)
                if (dir_word_in_text(words[w], db_cell(&svc, i, 2 + l))) best = 3;
            for (int k = 0; k < kw.nrows && best < 2; k++)
                if (db_cell_int(&kw, k, 0) == sid && dir_word_in_text(words[w], db_cell(&kw, k, 1))) best = 2;
            for (int l = 0; l < 3 && best < 1; l++)
                if (dir_word_in_text(words[w], db_cell(&svc, i, 5 + l))) best = 1;
            if (!best) all = false;
            score += best;
        }
        if (all) m[nm++] = (match){i, score};
    }
    qsort(m, (size_t)nm, sizeof *m, match_cmp);
    if (nm > MAX_SERVICES) nm = MAX_SERVICES;

    /* offers of the matched services, with the filters */
    json_t *results = json_array();
    if (nm > 0) {
        db_param p[MAX_SERVICES + 2];
        int np = 0;
        for (int i = 0; i < nm; i++) p[np++] = DB_INT(db_cell_int(&svc, m[i].row, 0));
        buf sql = BUF_INIT;
        buf_printf(&sql,
                   "SELECT o.service_id, p.id, p.name_fi, p.name_sv, p.name_en, p.street_fi, p.street_sv, p.street_en, "
                   "p.postal_code, p.post_office_fi, p.post_office_sv, p.post_office_en, p.lat, p.lon, "
                   "m.code, m.name_fi, m.name_sv, o.level, o.weekdays, o.languages, o.note_fi, o.note_sv, o.note_en "
                   "FROM service_offers o JOIN service_points p ON p.id = o.point_id "
                   "JOIN municipalities m ON m.id = p.municipality_id JOIN service_levels l ON l.code = o.level "
                   "WHERE p.active = 1 AND o.level <> 'not_offered' AND o.service_id IN (%s)",
                   dir_placeholders(r, 1, nm));
        if (*language) {
            p[np++] = DB_TEXT(arena_printf(&r->a, "%%,%s,%%", language));
            buf_printf(&sql, " AND (',' || o.languages || ',') LIKE $%d", np);
        }
        if (channel_idx == 0) {
            buf_puts(&sql, " AND o.level IN ('walk_in_daily', 'by_appointment', 'weekly_days')");
        } else if (channel_idx > 0) {
            p[np++] = DB_TEXT(channel);
            buf_printf(&sql, " AND EXISTS (SELECT 1 FROM service_channels c WHERE c.kind = $%d AND "
                             "((c.service_id = o.service_id AND (c.point_id IS NULL OR c.point_id = p.id)) "
                             "OR (c.service_id IS NULL AND c.point_id = p.id)))", np);
        }
        buf_puts(&sql, " ORDER BY l.rank, p.name_fi, p.id");
        db_result offers;
        int rc = db_query(r->db, &r->a, &offers, sql.data, np, p);
        buf_free(&sql);
        if (rc < 0) return -1;

        /* distinct points: their hours and channels */
        int64_t *pids = arena_alloc(&r->a, sizeof *pids * (size_t)(offers.nrows + 1));
        int npids = 0;
        for (int i = 0; i < offers.nrows; i++) {
            int64_t pid = db_cell_int(&offers, i, 1);
            bool seen = false;
            for (int k = 0; k < npids && !seen; k++) seen = pids[k] == pid;
            if (!seen) pids[npids++] = pid;
        }
        hel_time today;
        hours_to_local(r->now, &today);
        dir_hours *hours;
        if (dir_hours_load(r, pids, npids, today.days - 1, &hours) < 0) return -1;
        db_param *cp = arena_alloc(&r->a, sizeof *cp * (size_t)(nm + npids + 1));
        for (int i = 0; i < nm; i++) cp[i] = p[i];
        for (int i = 0; i < npids; i++) cp[nm + i] = DB_INT(pids[i]);
        db_result ch;
        if (db_query(r->db, &r->a, &ch,
                     arena_printf(&r->a, "SELECT " DIR_CHANNEL_COLUMNS " FROM service_channels c "
                                  "WHERE c.service_id IN (%s) OR (c.service_id IS NULL AND c.point_id IN (%s)) "
                                  "ORDER BY c.sort_order, c.id",
                                  dir_placeholders(r, 1, nm), npids ? dir_placeholders(r, nm + 1, npids) : "NULL"),
                     nm + npids, cp) < 0)
            return -1;

        double clat = 0, clon = 0;
        bool have_centre = muni_row >= 0 && db_cell(&munis, muni_row, 3) && db_cell(&munis, muni_row, 4);
        if (have_centre) clat = strtod(db_cell(&munis, muni_row, 3), NULL), clon = strtod(db_cell(&munis, muni_row, 4), NULL);

        for (int i = 0; i < nm; i++) {
            int srow = m[i].row;
            int64_t sid = db_cell_int(&svc, srow, 0);
            json_t *s = json_pack("{s:s, s:s, s:s}", "name", dir_pick(&svc, srow, 2, r->lang), "summary",
                                  dir_pick(&svc, srow, 5, r->lang), "id", arena_printf(&r->a, "service-%lld", (long long)sid));
            json_t *schannels = json_array();
            for (int k = 0; k < ch.nrows; k++)
                if (db_cell(&ch, k, 2) && db_cell_int(&ch, k, 2) == sid && !db_cell(&ch, k, 3))
                    json_array_append_new(schannels, dir_channel_json(r, &ch, k));
            json_object_set_new(s, "has_channels", json_boolean(json_array_size(schannels) > 0));
            json_object_set_new(s, "channels", schannels);

            point_row *rows = arena_alloc(&r->a, sizeof *rows * (size_t)(offers.nrows + 1));
            int nrows = 0;
            for (int k = 0; k < offers.nrows; k++) {
                if (db_cell_int(&offers, k, 0) != sid) continue;
                point_row pr = {k, -1, false};
                if (muni_row >= 0) {
                    pr.home = strcmp(db_cell(&offers, k, 14), muni) == 0;
                    if (have_centre && db_cell(&offers, k, 12) && db_cell(&offers, k, 13))
                        pr.km = km_between(clat, clon, strtod(db_cell(&offers, k, 12), NULL),
                                           strtod(db_cell(&offers, k, 13), NULL));
                }
                rows[nrows++] = pr;
            }
            if (muni_row >= 0) qsort(rows, (size_t)nrows, sizeof *rows, point_cmp);
            json_t *points = json_array();
            for (int k = 0; k < nrows; k++) {
                int o = rows[k].row;
                int64_t pid = db_cell_int(&offers, o, 1);
                json_t *pt = json_pack("{s:s, s:s, s:o, s:s, s:s, s:s}", "name", dir_pick(&offers, o, 2, r->lang),
                                       "url", req_url(r, arena_printf(&r->a, "/service-points/%lld", (long long)pid)),
                                       "address", dir_address_json(r, &offers, o, 5, 8, 9), "municipality",
                                       db_cell(&offers, o, strcmp(r->lang, "sv") == 0 ? 16 : 15), "level",
                                       dir_level_label(r, db_cell(&offers, o, 17), db_cell(&offers, o, 18)),
                                       "languages", dir_langs_label(r, db_cell(&offers, o, 19)));
                json_object_set_new(pt, "distance", json_false());
                json_object_set_new(pt, "status", json_false());
                const char *note = dir_pick(&offers, o, 20, r->lang);
                if (*note) json_object_set_new(pt, "note", json_string(note));
                if (rows[k].km >= 0 && !rows[k].home)
                    json_object_set_new(pt, "distance",
                                        json_string(tr_fill(r, "About {n} km from the centre of the municipality you chose",
                                                            lround(rows[k].km < 1 ? 1 : rows[k].km))));
                for (int h = 0; h < npids; h++)
                    if (hours[h].id == pid) {
                        hours_set hs = dir_hours_set(&hours[h]);
                        hours_status st;
                        hours_status_at(&hs, r->now, &st);
                        json_object_set_new(pt, "status", dir_status_json(r, &st));
                    }
                json_t *pch = json_array();
                for (int c = 0; c < ch.nrows; c++) {
                    if (!db_cell(&ch, c, 3) || db_cell_int(&ch, c, 3) != pid) continue;
                    if (db_cell(&ch, c, 2) && db_cell_int(&ch, c, 2) != sid) continue;
                    json_array_append_new(pch, dir_channel_json(r, &ch, c));
                }
                json_object_set_new(pt, "has_channels", json_boolean(json_array_size(pch) > 0));
                json_object_set_new(pt, "channels", pch);
                json_array_append_new(points, pt);
            }
            json_object_set_new(s, "has_points", json_boolean(nrows > 0));
            json_object_set_new(s, "points", points);
            json_array_append_new(results, s);
        }
    }
    size_t n = json_array_size(results);
    json_object_set_new(ctx, "searched", json_true());
    json_object_set_new(ctx, "empty", json_boolean(n == 0));
    json_object_set_new(ctx, "count_text", json_string(n == 1 ? tr(r->lang, "1 service found")
                                                              : tr_fill(r, "{n} services found", (long)n)));
    json_object_set_new(ctx, "results", results);
    json_object_set_new(ctx, "clear_url", json_string(req_url(r, "/services")));
    respond_page(r, 200, "directory/find", ctx);
    return 0;
}
