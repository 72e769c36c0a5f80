/* A service point page: GET /{lang}/service-points/{id}. Address, how to get
 * there, accessibility, opening hours with exceptions, services with their
 * levels, channels, schema.org JSON-LD, and the satisfaction survey hook. */
#include "internal.h"
#include "../util/json_alloc.h"
#include "../view/i18n.h"
#include <stdlib.h>
#include <string.h>

#define POINT_COLUMNS "p.id, p.code, p.name_fi, p.name_sv, p.name_en, p.street_fi, p.street_sv, p.street_en, " \
    "p.postal_code, p.post_office_fi, p.post_office_sv, p.post_office_en, p.lat, p.lon, " \
    "p.directions_fi, p.directions_sv, p.directions_en, p.accessibility_fi, p.accessibility_sv, p.accessibility_en, " \
    "p.languages, p.kind, m.name_fi, m.name_sv, p.email, m.code"

static const char *period_text(request *r, int opens, int closes)
{
    return arena_printf(&r->a, "%s–%s", dir_fmt_minutes(r, opens), dir_fmt_minutes(r, closes == 0 ? 1440 : closes));
}

static const char *date_text(request *r, int64_t days)
{
    int y, m, d;
    hours_civil_from_days(days, &y, &m, &d);
    return arena_printf(&r->a, "%d.%d.%d", d, m, y);
}

static const char *kind_label(request *r, const char *kind)
{
    if (strcmp(kind, "sote_centre") == 0) return tr(r->lang, "Health and social services centre");
    if (strcmp(kind, "health_station") == 0) return tr(r->lang, "Health station");
    if (strcmp(kind, "family_centre") == 0) return tr(r->lang, "Family centre");
    return tr(r->lang, "Meeting point");
}

/* JSON for a <script type="application/ld+json"> element: "<", ">" and "&"
 * are written as \u escapes, so no text can end the element early. */
static const char *script_json(request *r, json_t *v)
{
    char *s = json_dumps(v, JSON_COMPACT);
    json_decref(v);
    if (!s) return "{}";
    buf b = BUF_INIT;
    for (const char *p = s; *p; p++) {
        if (*p == '<') buf_puts(&b, "\\u003c");
        else if (*p == '>') buf_puts(&b, "\\u003e");
        else if (*p == '&') buf_puts(&b, "\\u0026");
        else buf_append(&b, p, 1);
    }
    json_text_free(s);
    const char *out = arena_strdup(&r->a, b.data ? b.data : "{}");
    buf_free(&b);
    return out;
}

static const char *hhmm(request *r, int minutes)
{
    if (minutes >= 1440) return "23:59";
    return arena_printf(&r->a, "%02d:%02d", minutes / 60, minutes % 60);
}

static json_t *jsonld(request *r, const db_result *pt, const dir_hours *h, const char *phone)
{
    static const char *const days[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
    const char *kind = db_cell(pt, 0, 21);
    json_t *ld = json_pack("{s:s, s:s, s:s, s:{s:s, s:s, s:s, s:s, s:s}}", "@context", "https://schema.org", "@type",
                           strcmp(kind, "sote_centre") == 0 || strcmp(kind, "health_station") == 0 ? "MedicalClinic"
                                                                                                  : "GovernmentOffice",
                           "name", dir_pick(pt, 0, 2, r->lang), "address", "@type", "PostalAddress", "streetAddress",
                           dir_pick(pt, 0, 5, r->lang), "postalCode", db_cell(pt, 0, 8), "addressLocality",
                           dir_pick(pt, 0, 9, r->lang), "addressCountry", "FI");
    if (db_cell(pt, 0, 12) && db_cell(pt, 0, 13))
        json_object_set_new(ld, "geo", json_pack("{s:s, s:f, s:f}", "@type", "GeoCoordinates", "latitude",
                                                 strtod(db_cell(pt, 0, 12), NULL), "longitude",
                                                 strtod(db_cell(pt, 0, 13), NULL)));
    if (phone) json_object_set_new(ld, "telephone", json_string(phone));
    json_t *spec = json_array();
    for (int i = 0; i < h->nregular; i++) {
        const hours_regular *x = &h->regular[i];
        json_t *o = json_pack("{s:s, s:s, s:s, s:s}", "@type", "OpeningHoursSpecification", "dayOfWeek",
                              arena_concat(&r->a, "https://schema.org/", days[x->weekday - 1], NULL), "opens",
                              hhmm(r, x->opens), "closes", hhmm(r, x->closes));
        char d[11];
        if (x->valid_from >= 0) hours_format_date(x->valid_from, d), json_object_set_new(o, "validFrom", json_string(d));
        if (x->valid_to >= 0) hours_format_date(x->valid_to, d), json_object_set_new(o, "validThrough", json_string(d));
        json_array_append_new(spec, o);
    }
    json_object_set_new(ld, "openingHoursSpecification", spec);
    json_t *special = json_array();
    for (int i = 0; i < h->nexceptions; i++) {
        const hours_exception *x = &h->exceptions[i];
        char from[11], to[11];
        hours_format_date(x->from, from);
        hours_format_date(x->to >= 0 ? x->to : x->from, to);
        json_array_append_new(special, json_pack("{s:s, s:s, s:s, s:s, s:s}", "@type", "OpeningHoursSpecification",
                                                 "validFrom", from, "validThrough", to, "opens",
                                                 x->closed ? "00:00" : hhmm(r, x->opens), "closes",
                                                 x->closed ? "00:00" : hhmm(r, x->closes)));
    }
    if (json_array_size(special)) json_object_set_new(ld, "specialOpeningHoursSpecification", special);
    else json_decref(special);
    return ld;
}

int directory_point(request *r)
{
    int64_t id = dir_parse_id(req_param(r, "id"));
    if (id < 0) {
        respond_error(r, 404, NULL);
        return 0;
    }
    db_result pt, offers, ch;
    db_param p[] = {DB_INT(id)};
    if (db_query(r->db, &r->a, &pt, "SELECT " POINT_COLUMNS " FROM service_points p "
                 "JOIN municipalities m ON m.id = p.municipality_id WHERE p.id = $1 AND p.active = 1", 1, p) < 0)
        return -1;
    if (pt.nrows == 0) {
        respond_error(r, 404, NULL);
        return 0;
    }
    if (db_query(r->db, &r->a, &offers,
                 "SELECT s.id, s.code, s.name_fi, s.name_sv, s.name_en, o.level, o.weekdays, o.languages, "
                 "o.note_fi, o.note_sv, o.note_en FROM service_offers o JOIN services s ON s.id = o.service_id "
                 "JOIN service_levels l ON l.code = o.level "
                 "WHERE o.point_id = $1 AND o.level <> 'not_offered' AND s.active = 1 ORDER BY l.rank, s.name_fi", 1, p) < 0 ||
        db_query(r->db, &r->a, &ch, "SELECT " DIR_CHANNEL_COLUMNS ", s.name_fi, s.name_sv, s.name_en "
                 "FROM service_channels c LEFT JOIN services s ON s.id = c.service_id "
                 "WHERE c.point_id = $1 ORDER BY c.service_id IS NOT NULL, c.sort_order, c.id", 1, p) < 0)
        return -1;
    hel_time today;
    hours_to_local(r->now, &today);
    dir_hours *h;
    if (dir_hours_load(r, &id, 1, today.days - 1, &h) < 0) return -1;
    hours_set hs = dir_hours_set(h);
    hours_status st;
    hours_status_at(&hs, r->now, &st);

    json_t *ctx = json_pack("{s:s, s:s, s:s, s:o, s:s, s:o}", "title", dir_pick(&pt, 0, 2, r->lang), "kind",
                            kind_label(r, db_cell(&pt, 0, 21)), "municipality",
                            db_cell(&pt, 0, strcmp(r->lang, "sv") == 0 ? 23 : 22), "address",
                            dir_address_json(r, &pt, 0, 5, 8, 9), "point_languages",
                            dir_langs_label(r, db_cell(&pt, 0, 20)), "status", dir_status_json(r, &st));
    const char *directions = dir_pick(&pt, 0, 14, r->lang), *access = dir_pick(&pt, 0, 17, r->lang);
    if (*directions) json_object_set_new(ctx, "directions", json_string(directions));
    if (*access) json_object_set_new(ctx, "accessibility", json_string(access));
    if (db_cell(&pt, 0, 24) && *db_cell(&pt, 0, 24)) json_object_set_new(ctx, "email", json_string(db_cell(&pt, 0, 24)));

    /* regular hours: a row per weekday; dated validity periods listed apart */
    json_t *week = json_array(), *dated = json_array();
    for (int wd = 1; wd <= 7; wd++) {
        buf b = BUF_INIT;
        for (int i = 0; i < h->nregular; i++) {
            const hours_regular *x = &h->regular[i];
            if (x->weekday != wd) continue;
            const char *t = period_text(r, x->opens, x->closes);
            if (x->valid_from < 0 && x->valid_to < 0) {
                buf_printf(&b, "%s%s", b.len ? ", " : "", t);
            } else {
                const char *range = arena_printf(&r->a, "%s – %s", x->valid_from >= 0 ? date_text(r, x->valid_from) : "",
                                                 x->valid_to >= 0 ? date_text(r, x->valid_to) : "");
                json_array_append_new(dated, json_pack("{s:s, s:s, s:s}", "range", range, "day",
                                                       dir_weekday_name(r, wd), "hours", t));
            }
        }
        json_array_append_new(week, json_pack("{s:s, s:s, s:b}", "day", dir_weekday_name(r, wd), "hours",
                                              b.len ? b.data : tr(r->lang, "Closed all day"), "today", wd == today.weekday));
        buf_free(&b);
    }
    json_object_set_new(ctx, "has_hours", json_boolean(h->nregular > 0));
    json_object_set_new(ctx, "week", week);
    json_object_set_new(ctx, "has_dated", json_boolean(json_array_size(dated) > 0));
    json_object_set_new(ctx, "dated", dated);
    json_t *exc = json_array();
    for (int i = 0; i < h->nexceptions; i++) {
        const hours_exception *x = &h->exceptions[i];
        const char *when = x->to >= 0 && x->to != x->from
                               ? arena_printf(&r->a, "%s–%s", date_text(r, x->from), date_text(r, x->to))
                               : date_text(r, x->from);
        char iso[11];
        hours_format_date(x->from, iso);
        const char *note = h->notes[i * 3 + dir_lang_offset(r->lang)];
        if (!note || !*note) note = h->notes[i * 3];
        json_array_append_new(exc, json_pack("{s:s, s:s, s:s, s:s}", "when", when, "iso", iso, "hours",
                                             x->closed ? tr(r->lang, "Closed all day") : period_text(r, x->opens, x->closes),
                                             "note", note ? note : ""));
    }
    json_object_set_new(ctx, "has_exceptions", json_boolean(json_array_size(exc) > 0));
    json_object_set_new(ctx, "exceptions", exc);

    json_t *services = json_array();
    for (int i = 0; i < offers.nrows; i++) {
        json_t *s = json_pack("{s:s, s:s, s:s, s:s}", "name", dir_pick(&offers, i, 2, r->lang), "level",
                              dir_level_label(r, db_cell(&offers, i, 5), db_cell(&offers, i, 6)), "languages",
                              dir_langs_label(r, db_cell(&offers, i, 7)), "url",
                              req_url(r, arena_printf(&r->a, "/services?service=%s", db_cell(&offers, i, 1))));
        const char *note = dir_pick(&offers, i, 8, r->lang);
        if (*note) json_object_set_new(s, "note", json_string(note));
        json_array_append_new(services, s);
    }
    json_object_set_new(ctx, "has_services", json_boolean(offers.nrows > 0));
    json_object_set_new(ctx, "services", services);

    json_t *channels = json_array();
    const char *first_phone = NULL;
    for (int i = 0; i < ch.nrows; i++) {
        json_t *c = dir_channel_json(r, &ch, i);
        if (db_cell(&ch, i, 2)) json_object_set_new(c, "service", json_string(dir_pick(&ch, i, 17, r->lang)));
        if (!first_phone && strcmp(db_cell(&ch, i, 1), "phone") == 0 && db_cell(&ch, i, 7) && *db_cell(&ch, i, 7))
            first_phone = db_cell(&ch, i, 7);
        json_array_append_new(channels, c);
    }
    json_object_set_new(ctx, "has_channels", json_boolean(ch.nrows > 0));
    json_object_set_new(ctx, "channels", channels);

    const char *survey = dir_survey_url(r, id);
    if (survey) json_object_set_new(ctx, "survey_url", json_string(survey));
    json_object_set_new(ctx, "find_url", json_string(req_url(r, "/services")));
    json_object_set_new(ctx, "jsonld", json_string(script_json(r, jsonld(r, &pt, h, first_phone))));
    respond_page(r, 200, "directory/point", ctx);
    return 0;
}
