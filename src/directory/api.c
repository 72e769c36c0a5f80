/* Read-only JSON API of the service directory.
 *
 *   GET /api/v1/services                      services with names, summaries, class and keywords
 *   GET /api/v1/service-points[?municipality=CODE]
 *   GET /api/v1/service-points/{id}           one point: address, geo, hours, exceptions,
 *                                             channels, offers and open-now status
 *   GET /api/v1/offer[?service=CODE][&municipality=CODE]
 *                                             service x point -> level (with level_rank, 1 best)
 *   GET /api/v1/open-now[?municipality=CODE]  every point's open-now status
 *
 * Paging (every list): ?limit=N (1..100, default 20) and ?offset=N (0..100000,
 * default 0). A list answers {"items": [...], "total": T, "limit": N,
 * "offset": O, "next": URL|null, "prev": URL|null}; next/prev keep the other
 * parameters. Lists are ordered by a stable key (code, or id), so pages do
 * not overlap while the data stays the same. Bad parameters are 400 and an
 * unknown point 404, as {"status", "error", "detail"}. Texts are objects
 * {"fi", "sv", "en"} ("" when not translated); times are Unix seconds.
 * Municipality codes are Statistics Finland codes ("710"). */
#include "internal.h"
#include <stdlib.h>
#include <string.h>

#define API_DEFAULT_LIMIT 20
#define API_MAX_LIMIT 100
#define API_MAX_OFFSET 100000

static int parse_bounded(const char *s, long lo, long hi, long *out)
{
    if (!s) return 0;
    if (!*s || strlen(s) > 7) return -1;
    for (const char *p = s; *p; p++)
        if (*p < '0' || *p > '9') return -1;
    long v = strtol(s, NULL, 10);
    if (v < lo || v > hi) return -1;
    *out = v;
    return 1;
}

/* Reads limit and offset; answers 400 and returns -1 when they are bad. */
static int paging(request *r, long *limit, long *offset)
{
    *limit = API_DEFAULT_LIMIT;
    *offset = 0;
    if (parse_bounded(req_query(r, "limit"), 1, API_MAX_LIMIT, limit) < 0) {
        respond_error(r, 400, "limit must be a whole number from 1 to 100");
        return -1;
    }
    if (parse_bounded(req_query(r, "offset"), 0, API_MAX_OFFSET, offset) < 0) {
        respond_error(r, 400, "offset must be a whole number from 0 to 100000");
        return -1;
    }
    return 0;
}

static json_t *texts(const db_result *res, int row, int col_fi)
{
    const char *fi = db_cell(res, row, col_fi), *sv = db_cell(res, row, col_fi + 1), *en = db_cell(res, row, col_fi + 2);
    return json_pack("{s:s, s:s, s:s}", "fi", fi ? fi : "", "sv", sv ? sv : "", "en", en ? en : "");
}

static json_t *lang_list(const char *languages)
{
    json_t *a = json_array();
    const char *p = languages ? languages : "";
    while (*p) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len) json_array_append_new(a, json_stringn(p, len));
        if (!comma) break;
        p = comma + 1;
    }
    return a;
}

static json_t *weekday_list(const char *weekdays)
{
    json_t *a = json_array();
    for (const char *p = weekdays ? weekdays : ""; *p; p++)
        if (*p >= '1' && *p <= '7') json_array_append_new(a, json_integer(*p - '0'));
    return a;
}

/* Wraps items with total, limit, offset, next and prev. extra: other query
 * parameters to keep ("&municipality=710"), already safe for a URL. */
static void respond_list(request *r, const char *base, const char *extra, json_t *items, long total, long limit,
                         long offset)
{
    json_t *out = json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)total, "limit",
                            (json_int_t)limit, "offset", (json_int_t)offset);
    json_object_set_new(out, "next", offset + limit < total && offset + limit <= API_MAX_OFFSET
        ? json_string(arena_printf(&r->a, "%s?limit=%ld&offset=%ld%s", base, limit, offset + limit, extra))
        : json_null());
    json_object_set_new(out, "prev", offset > 0
        ? json_string(arena_printf(&r->a, "%s?limit=%ld&offset=%ld%s", base, limit, offset > limit ? offset - limit : 0,
                                   extra))
        : json_null());
    respond_json(r, 200, out);
}

/* A municipality code given as a filter: 1 found (id set), 0 none given,
 * -1 answered with 400. */
static int municipality_filter(request *r, const char **code, int64_t *id)
{
    *code = req_query(r, "municipality");
    if (!*code) return 0;
    db_result res;
    db_param p[] = {DB_TEXT(*code)};
    if (strlen(*code) > 8) {
        respond_error(r, 400, "municipality must be a Statistics Finland municipality code of the county");
        return -1;
    }
    if (db_query(r->db, &r->a, &res, "SELECT id FROM municipalities WHERE code = $1", 1, p) < 0) return -2;
    if (res.nrows == 0) {
        respond_error(r, 400, "municipality must be a Statistics Finland municipality code of the county");
        return -1;
    }
    *id = db_cell_int(&res, 0, 0);
    return 1;
}

int directory_api_services(request *r)
{
    long limit, offset;
    if (paging(r, &limit, &offset) < 0) return 0;
    db_result total, res;
    db_param p[] = {DB_INT(limit), DB_INT(offset)};
    if (db_query(r->db, &r->a, &total, "SELECT COUNT(*) FROM services WHERE active = 1", 0, NULL) < 0 ||
        db_query(r->db, &r->a, &res,
                 "SELECT id, code, service_class, name_fi, name_sv, name_en, summary_fi, summary_sv, summary_en "
                 "FROM services WHERE active = 1 ORDER BY code LIMIT $1 OFFSET $2", 2, p) < 0)
        return -1;
    json_t *items = json_array();
    for (int i = 0; i < res.nrows; i++) {
        db_result kw;
        db_param kp[] = {DB_INT(db_cell_int(&res, i, 0))};
        if (db_query(r->db, &r->a, &kw, "SELECT lang, term FROM service_keywords WHERE service_id = $1 "
                     "ORDER BY lang, term", 1, kp) < 0) {
            json_decref(items);
            return -1;
        }
        json_t *keywords = json_pack("{s:[], s:[], s:[]}", "fi", "sv", "en");
        for (int k = 0; k < kw.nrows; k++)
            json_array_append_new(json_object_get(keywords, db_cell(&kw, k, 0)), json_string(db_cell(&kw, k, 1)));
        const char *cls = db_cell(&res, i, 2);
        json_array_append_new(items, json_pack("{s:s, s:o, s:o, s:o, s:o}", "code", db_cell(&res, i, 1),
                                               "service_class", cls ? json_string(cls) : json_null(), "name",
                                               texts(&res, i, 3), "summary", texts(&res, i, 6), "keywords", keywords));
    }
    respond_list(r, "/api/v1/services", "", items, (long)db_cell_int(&total, 0, 0), limit, offset);
    return 0;
}

#define API_POINT_COLUMNS "p.id, p.code, p.kind, m.code, p.name_fi, p.name_sv, p.name_en, p.street_fi, p.street_sv, " \
    "p.street_en, p.postal_code, p.post_office_fi, p.post_office_sv, p.post_office_en, p.lat, p.lon, p.languages"

static json_t *point_json(const db_result *res, int i)
{
    json_t *geo = db_cell(res, i, 14) && db_cell(res, i, 15)
                      ? json_pack("{s:f, s:f}", "lat", strtod(db_cell(res, i, 14), NULL), "lon",
                                  strtod(db_cell(res, i, 15), NULL))
                      : json_null();
    char page[64];
    snprintf(page, sizeof page, "/fi/service-points/%s", db_cell(res, i, 0));
    return json_pack("{s:I, s:s, s:s, s:s, s:o, s:{s:o, s:s, s:o}, s:o, s:o, s:s}", "id",
                     (json_int_t)db_cell_int(res, i, 0), "code", db_cell(res, i, 1), "kind", db_cell(res, i, 2),
                     "municipality", db_cell(res, i, 3), "name", texts(res, i, 4), "address", "street",
                     texts(res, i, 7), "postal_code", db_cell(res, i, 10), "post_office", texts(res, i, 11), "geo", geo,
                     "languages", lang_list(db_cell(res, i, 16)), "page", page);
}

int directory_api_points(request *r)
{
    long limit, offset;
    if (paging(r, &limit, &offset) < 0) return 0;
    const char *code;
    int64_t mid = 0;
    int mf = municipality_filter(r, &code, &mid);
    if (mf == -2) return -1;
    if (mf < 0) return 0;
    db_result total, res;
    db_param p[] = {DB_INT(mid), DB_INT(limit), DB_INT(offset)};
    const char *where = " FROM service_points p JOIN municipalities m ON m.id = p.municipality_id "
                        "WHERE p.active = 1 AND ($1 = 0 OR p.municipality_id = $1)";
    if (db_query(r->db, &r->a, &total, arena_concat(&r->a, "SELECT COUNT(*)", where, NULL), 1, p) < 0 ||
        db_query(r->db, &r->a, &res, arena_concat(&r->a, "SELECT " API_POINT_COLUMNS, where,
                                                  " ORDER BY p.id LIMIT $2 OFFSET $3", NULL), 3, p) < 0)
        return -1;
    json_t *items = json_array();
    for (int i = 0; i < res.nrows; i++) json_array_append_new(items, point_json(&res, i));
    respond_list(r, "/api/v1/service-points", mf ? arena_concat(&r->a, "&municipality=", code, NULL) : "", items,
                 (long)db_cell_int(&total, 0, 0), limit, offset);
    return 0;
}

static json_t *status_json(const hours_status *st)
{
    return json_pack("{s:b, s:b, s:o, s:o}", "known", st->known, "open", st->open, "closes_at",
                     st->open ? json_integer(st->closes_at) : json_null(), "opens_at",
                     !st->open && st->opens_at ? json_integer(st->opens_at) : json_null());
}

static const char *hhmm(request *r, int minutes)
{
    return arena_printf(&r->a, "%02d:%02d", minutes / 60, minutes % 60);
}

int directory_api_point(request *r)
{
    int64_t id = dir_parse_id(req_param(r, "id"));
    if (id < 0) {
        respond_error(r, 404, "no such service point");
        return 0;
    }
    db_result res, offers, ch;
    db_param p[] = {DB_INT(id)};
    if (db_query(r->db, &r->a, &res, "SELECT " API_POINT_COLUMNS ", p.directions_fi, p.directions_sv, p.directions_en, "
                 "p.accessibility_fi, p.accessibility_sv, p.accessibility_en FROM service_points p "
                 "JOIN municipalities m ON m.id = p.municipality_id WHERE p.id = $1 AND p.active = 1", 1, p) < 0)
        return -1;
    if (res.nrows == 0) {
        respond_error(r, 404, "no such service point");
        return 0;
    }
    if (db_query(r->db, &r->a, &offers,
                 "SELECT s.code, s.name_fi, s.name_sv, s.name_en, o.level, l.rank, o.weekdays, o.languages, "
                 "o.note_fi, o.note_sv, o.note_en FROM service_offers o JOIN services s ON s.id = o.service_id "
                 "JOIN service_levels l ON l.code = o.level WHERE o.point_id = $1 ORDER BY s.code", 1, p) < 0 ||
        db_query(r->db, &r->a, &ch, "SELECT " DIR_CHANNEL_COLUMNS ", s.code FROM service_channels c "
                 "LEFT JOIN services s ON s.id = c.service_id WHERE c.point_id = $1 ORDER BY c.sort_order, c.id", 1, p) < 0)
        return -1;
    hel_time today;
    hours_to_local(r->now, &today);
    dir_hours *h;
    if (dir_hours_load(r, &id, 1, today.days - 1, &h) < 0) return -1;
    json_t *out = point_json(&res, 0);
    json_object_set_new(out, "directions", texts(&res, 0, 17));
    json_object_set_new(out, "accessibility", texts(&res, 0, 20));
    json_t *regular = json_array(), *exceptions = json_array();
    for (int i = 0; i < h->nregular; i++) {
        const hours_regular *x = &h->regular[i];
        char from[11] = "", to[11] = "";
        if (x->valid_from >= 0) hours_format_date(x->valid_from, from);
        if (x->valid_to >= 0) hours_format_date(x->valid_to, to);
        json_array_append_new(regular, json_pack("{s:i, s:s, s:s, s:o, s:o}", "weekday", x->weekday, "opens",
                                                 hhmm(r, x->opens), "closes", hhmm(r, x->closes), "valid_from",
                                                 *from ? json_string(from) : json_null(), "valid_to",
                                                 *to ? json_string(to) : json_null()));
    }
    for (int i = 0; i < h->nexceptions; i++) {
        const hours_exception *x = &h->exceptions[i];
        char from[11], to[11];
        hours_format_date(x->from, from);
        hours_format_date(x->to >= 0 ? x->to : x->from, to);
        json_array_append_new(exceptions, json_pack("{s:s, s:s, s:b, s:o, s:o, s:{s:s, s:s, s:s}}", "date_from", from,
            "date_to", to, "closed", x->closed, "opens", x->closed ? json_null() : json_string(hhmm(r, x->opens)),
            "closes", x->closed ? json_null() : json_string(hhmm(r, x->closes)), "note", "fi",
            h->notes[i * 3] ? h->notes[i * 3] : "", "sv", h->notes[i * 3 + 1] ? h->notes[i * 3 + 1] : "", "en",
            h->notes[i * 3 + 2] ? h->notes[i * 3 + 2] : ""));
    }
    json_object_set_new(out, "opening_hours", json_pack("{s:o, s:o}", "regular", regular, "exceptions", exceptions));
    hours_set hs = dir_hours_set(h);
    hours_status st;
    hours_status_at(&hs, r->now, &st);
    json_object_set_new(out, "open_now", status_json(&st));
    json_t *channels = json_array();
    for (int i = 0; i < ch.nrows; i++) {
        const char *svc = db_cell(&ch, i, 17);
        json_array_append_new(channels, json_pack("{s:s, s:o, s:o, s:s, s:s, s:s, s:o, s:o}", "kind",
            db_cell(&ch, i, 1), "service", svc ? json_string(svc) : json_null(), "name", texts(&ch, i, 4), "phone",
            db_cell(&ch, i, 7), "url", db_cell(&ch, i, 8), "charge", db_cell(&ch, i, 9), "hours", texts(&ch, i, 13),
            "languages", lang_list(db_cell(&ch, i, 16))));
    }
    json_object_set_new(out, "channels", channels);
    json_t *offer = json_array();
    for (int i = 0; i < offers.nrows; i++)
        json_array_append_new(offer, json_pack("{s:s, s:o, s:s, s:I, s:o, s:o, s:o}", "service",
            db_cell(&offers, i, 0), "name", texts(&offers, i, 1), "level", db_cell(&offers, i, 4), "level_rank",
            (json_int_t)db_cell_int(&offers, i, 5), "weekdays", weekday_list(db_cell(&offers, i, 6)), "languages",
            lang_list(db_cell(&offers, i, 7)), "note", texts(&offers, i, 8)));
    json_object_set_new(out, "offers", offer);
    respond_json(r, 200, out);
    return 0;
}

int directory_api_offer(request *r)
{
    long limit, offset;
    if (paging(r, &limit, &offset) < 0) return 0;
    const char *code;
    int64_t mid = 0, sid = 0;
    int mf = municipality_filter(r, &code, &mid);
    if (mf == -2) return -1;
    if (mf < 0) return 0;
    const char *service = req_query(r, "service");
    if (service) {
        db_result sr;
        db_param sp[] = {DB_TEXT(service)};
        if (db_query(r->db, &r->a, &sr, "SELECT id FROM services WHERE code = $1", 1, sp) < 0) return -1;
        if (sr.nrows == 0) {
            respond_error(r, 400, "service must be the code of a service in /api/v1/services");
            return 0;
        }
        sid = db_cell_int(&sr, 0, 0);
    }
    db_result total, res;
    db_param p[] = {DB_INT(mid), DB_INT(sid), DB_INT(limit), DB_INT(offset)};
    const char *from = " FROM service_offers o JOIN services s ON s.id = o.service_id "
                       "JOIN service_points p ON p.id = o.point_id JOIN municipalities m ON m.id = p.municipality_id "
                       "JOIN service_levels l ON l.code = o.level "
                       "WHERE ($1 = 0 OR p.municipality_id = $1) AND ($2 = 0 OR o.service_id = $2)";
    if (db_query(r->db, &r->a, &total, arena_concat(&r->a, "SELECT COUNT(*)", from, NULL), 2, p) < 0 ||
        db_query(r->db, &r->a, &res, arena_concat(&r->a, "SELECT s.code, p.id, p.code, m.code, o.level, l.rank, "
                                                  "o.weekdays, o.languages, o.updated_at", from,
                                                  " ORDER BY s.code, p.id LIMIT $3 OFFSET $4", NULL), 4, p) < 0)
        return -1;
    json_t *items = json_array();
    for (int i = 0; i < res.nrows; i++)
        json_array_append_new(items, json_pack("{s:s, s:{s:I, s:s, s:s}, s:s, s:I, s:o, s:o, s:I}", "service",
            db_cell(&res, i, 0), "point", "id", (json_int_t)db_cell_int(&res, i, 1), "code", db_cell(&res, i, 2),
            "municipality", db_cell(&res, i, 3), "level", db_cell(&res, i, 4), "level_rank",
            (json_int_t)db_cell_int(&res, i, 5), "weekdays", weekday_list(db_cell(&res, i, 6)), "languages",
            lang_list(db_cell(&res, i, 7)), "updated_at", (json_int_t)db_cell_int(&res, i, 8)));
    const char *extra = arena_concat(&r->a, mf ? "&municipality=" : "", mf ? code : "", service ? "&service=" : "",
                                     service ? service : "", NULL);
    respond_list(r, "/api/v1/offer", extra, items, (long)db_cell_int(&total, 0, 0), limit, offset);
    return 0;
}

int directory_api_open_now(request *r)
{
    long limit, offset;
    if (paging(r, &limit, &offset) < 0) return 0;
    const char *code;
    int64_t mid = 0;
    int mf = municipality_filter(r, &code, &mid);
    if (mf == -2) return -1;
    if (mf < 0) return 0;
    db_result total, res;
    db_param p[] = {DB_INT(mid), DB_INT(limit), DB_INT(offset)};
    const char *where = " FROM service_points p JOIN municipalities m ON m.id = p.municipality_id "
                        "WHERE p.active = 1 AND ($1 = 0 OR p.municipality_id = $1)";
    if (db_query(r->db, &r->a, &total, arena_concat(&r->a, "SELECT COUNT(*)", where, NULL), 1, p) < 0 ||
        db_query(r->db, &r->a, &res, arena_concat(&r->a, "SELECT p.id, p.code, m.code, p.name_fi, p.name_sv, p.name_en",
                                                  where, " ORDER BY p.id LIMIT $2 OFFSET $3", NULL), 3, p) < 0)
        return -1;
    int64_t *ids = arena_alloc(&r->a, sizeof *ids * (size_t)(res.nrows + 1));
    for (int i = 0; i < res.nrows; i++) ids[i] = db_cell_int(&res, i, 0);
    hel_time today;
    hours_to_local(r->now, &today);
    dir_hours *h;
    if (dir_hours_load(r, ids, res.nrows, today.days - 1, &h) < 0) return -1;
    json_t *items = json_array();
    for (int i = 0; i < res.nrows; i++) {
        hours_set hs = dir_hours_set(&h[i]);
        hours_status st;
        hours_status_at(&hs, r->now, &st);
        json_t *it = json_pack("{s:I, s:s, s:s, s:o}", "id", (json_int_t)ids[i], "code", db_cell(&res, i, 1),
                               "municipality", db_cell(&res, i, 2), "name", texts(&res, i, 3));
        json_t *status = status_json(&st);
        json_object_update(it, status);
        json_decref(status);
        json_array_append_new(items, it);
    }
    respond_list(r, "/api/v1/open-now", mf ? arena_concat(&r->a, "&municipality=", code, NULL) : "", items,
                 (long)db_cell_int(&total, 0, 0), limit, offset);
    return 0;
}
