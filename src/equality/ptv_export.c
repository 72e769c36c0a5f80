/* /api/v1/ptv/services.json and /api/v1/ptv/channels.json: the directory in
 * the shape of the service catalogue's (PTV) open API list answers
 * ({"pageNumber", "pageCount", "itemList"}), which the importer reads back
 * unchanged. "id" is the PTV id (null when the record has none) and
 * "sourceId" the directory's own code. Public data: no session needed. */
#include "internal.h"
#include <stdlib.h>
#include <string.h>

static const char *const LANGS[3] = {"fi", "sv", "en"};

static json_t *lang_list(const db_result *res, int row, int col_fi, const char *type)
{
    json_t *list = json_array();
    for (int i = 0; i < 3; i++) {
        const char *v = db_cell(res, row, col_fi + i);
        if (!v || !*v) continue;
        json_t *e = json_pack("{s:s, s:s}", "language", LANGS[i], "value", v);
        if (type) json_object_set_new(e, "type", json_string(type));
        json_array_append_new(list, e);
    }
    return list;
}

static void answer(request *r, json_t *items)
{
    json_t *out = json_pack("{s:i, s:i, s:o}", "pageNumber", 1, "pageCount", 1, "itemList", items);
    respond_json(r, 200, out);
}

int api_ptv_services(request *r)
{
    db_result s;
    if (db_query(r->db, &r->a, &s,
                 "SELECT ptv_id, code, name_fi, name_sv, name_en, summary_fi, summary_sv, summary_en, description_fi, "
                 "description_sv, description_en FROM services WHERE active = 1 ORDER BY code", 0, NULL) < 0)
        return -1;
    json_t *items = json_array();
    for (int i = 0; i < s.nrows; i++) {
        json_t *desc = lang_list(&s, i, 5, "Summary");
        json_array_extend(desc, lang_list(&s, i, 8, "Description"));
        json_t *e = json_pack("{s:s, s:o, s:o}", "sourceId", db_cell(&s, i, 1), "serviceNames",
                              lang_list(&s, i, 2, "Name"), "serviceDescriptions", desc);
        json_object_set_new(e, "id", db_cell(&s, i, 0) ? json_string(db_cell(&s, i, 0)) : json_null());
        json_array_append_new(items, e);
    }
    answer(r, items);
    return 0;
}

static const char *hhmm(request *r, const char *min)
{
    long m = strtol(min, NULL, 10);
    return arena_printf(&r->a, "%02ld:%02ld", m / 60 % 100, m % 60);
}

static const char *const DAYS[7] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

int api_ptv_channels(request *r)
{
    db_result p, h, e, ph;
    if (db_query(r->db, &r->a, &p,
                 "SELECT p.id, p.ptv_id, p.code, p.name_fi, p.name_sv, p.name_en, p.street_fi, p.street_sv, p.street_en, "
                 "p.postal_code, p.post_office_fi, p.post_office_sv, p.post_office_en, m.code "
                 "FROM service_points p JOIN municipalities m ON m.id = p.municipality_id WHERE p.active = 1 "
                 "ORDER BY p.id", 0, NULL) < 0 ||
        db_query(r->db, &r->a, &h,
                 "SELECT point_id, weekday, opens_min, closes_min, valid_from, valid_to FROM opening_hours "
                 "WHERE point_id IS NOT NULL ORDER BY point_id, valid_from, valid_to, weekday, opens_min", 0, NULL) < 0 ||
        db_query(r->db, &r->a, &e,
                 "SELECT point_id, date_from, date_to, closed, opens_min, closes_min, note_fi, note_sv, note_en "
                 "FROM opening_exceptions WHERE point_id IS NOT NULL ORDER BY point_id, date_from, opens_min", 0, NULL) < 0 ||
        db_query(r->db, &r->a, &ph,
                 "SELECT point_id, phone FROM service_channels WHERE kind = 'phone' AND point_id IS NOT NULL "
                 "ORDER BY point_id, sort_order, id", 0, NULL) < 0)
        return -1;
    json_t *items = json_array();
    int hi = 0, ei = 0, pi = 0;
    for (int i = 0; i < p.nrows; i++) {
        int64_t id = db_cell_int(&p, i, 0);
        json_t *sa = json_pack("{s:o, s:s, s:o, s:{s:s}}", "street", lang_list(&p, i, 6, NULL), "postalCode",
                               db_cell(&p, i, 9), "postOffice", lang_list(&p, i, 10, NULL), "municipality", "code",
                               db_cell(&p, i, 13));
        json_t *hours = json_array();
        while (hi < h.nrows && db_cell_int(&h, hi, 0) < id) hi++;
        while (hi < h.nrows && db_cell_int(&h, hi, 0) == id) {
            /* one DaysOfTheWeek entry per validity period */
            const char *vf = db_cell(&h, hi, 4), *vt = db_cell(&h, hi, 5);
            json_t *oh = json_array();
            while (hi < h.nrows && db_cell_int(&h, hi, 0) == id &&
                   ((!vf && !db_cell(&h, hi, 4)) || (vf && db_cell(&h, hi, 4) && strcmp(vf, db_cell(&h, hi, 4)) == 0)) &&
                   ((!vt && !db_cell(&h, hi, 5)) || (vt && db_cell(&h, hi, 5) && strcmp(vt, db_cell(&h, hi, 5)) == 0))) {
                int wd = (int)db_cell_int(&h, hi, 1);
                json_array_append_new(oh, json_pack("{s:s, s:n, s:s, s:s}", "dayFrom", DAYS[(wd - 1) % 7], "dayTo",
                                                    "from", hhmm(r, db_cell(&h, hi, 2)), "to", hhmm(r, db_cell(&h, hi, 3))));
                hi++;
            }
            json_t *sh = json_pack("{s:s, s:b, s:o}", "serviceHourType", "DaysOfTheWeek", "isClosed", 0, "openingHour", oh);
            json_object_set_new(sh, "validFrom", vf ? json_string(vf) : json_null());
            json_object_set_new(sh, "validTo", vt ? json_string(vt) : json_null());
            json_array_append_new(hours, sh);
        }
        while (ei < e.nrows && db_cell_int(&e, ei, 0) < id) ei++;
        for (; ei < e.nrows && db_cell_int(&e, ei, 0) == id; ei++) {
            bool closed = db_cell_int(&e, ei, 3) != 0;
            json_t *oh = json_array();
            if (!closed)
                json_array_append_new(oh, json_pack("{s:s, s:s}", "from", hhmm(r, db_cell(&e, ei, 4)), "to",
                                                    hhmm(r, db_cell(&e, ei, 5))));
            json_t *sh = json_pack("{s:s, s:s, s:b, s:o, s:o}", "serviceHourType", "Exceptional", "validFrom",
                                   db_cell(&e, ei, 1), "isClosed", closed, "openingHour", oh, "additionalInformation",
                                   lang_list(&e, ei, 6, NULL));
            json_object_set_new(sh, "validTo", db_cell(&e, ei, 2) ? json_string(db_cell(&e, ei, 2)) : json_null());
            json_array_append_new(hours, sh);
        }
        json_t *phones = json_array();
        while (pi < ph.nrows && db_cell_int(&ph, pi, 0) < id) pi++;
        if (pi < ph.nrows && db_cell_int(&ph, pi, 0) == id && *db_cell(&ph, pi, 1))
            json_array_append_new(phones, json_pack("{s:s, s:s}", "number", db_cell(&ph, pi, 1), "language", "fi"));
        json_t *item = json_pack("{s:s, s:s, s:o, s:[{s:s, s:s, s:o}], s:o, s:o}", "sourceId", db_cell(&p, i, 2),
                                 "serviceChannelType", "ServiceLocation", "serviceChannelNames",
                                 lang_list(&p, i, 3, "Name"), "addresses", "type", "Location", "subType", "Single",
                                 "streetAddress", sa, "phoneNumbers", phones, "serviceHours", hours);
        json_object_set_new(item, "id", db_cell(&p, i, 1) ? json_string(db_cell(&p, i, 1)) : json_null());
        json_array_append_new(items, item);
    }
    answer(r, items);
    return 0;
}
