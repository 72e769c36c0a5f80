/* How a resident reaches one service: the directory's answer for the
 * self-assessment's outcome page (and anything else that routes people to a
 * service). Uses the same channels, offers, hours and open-now rules as
 * "find a service", so both always agree. */
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct ranked_point {
    int row;
    bool home;          /* in the resident's municipality */
    bool in_lang;       /* serves in the page's language */
    double km;          /* from the municipality's centre, -1 unknown */
} ranked_point;

static int ranked_cmp(const void *a, const void *b)
{
    const ranked_point *x = a, *y = b;
    if (x->in_lang != y->in_lang) return x->in_lang ? -1 : 1;
    if (x->home != y->home) return x->home ? -1 : 1;
    if ((x->km < 0) != (y->km < 0)) return x->km < 0 ? 1 : -1;
    if (x->km != y->km) return x->km < y->km ? -1 : 1;
    return x->row - y->row;
}

static double km_between(double lat1, double lon1, double lat2, double lon2)
{
    double rad = 3.14159265358979323846 / 180, dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
    double h = sin(dlat / 2) * sin(dlat / 2) + cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);
    return 6371 * 2 * atan2(sqrt(h), sqrt(1 - h));
}

json_t *directory_service_contacts(request *r, int64_t service_id, int64_t municipality_id, int max_points)
{
    db_result svc;
    db_param sp[] = {DB_INT(service_id)};
    if (db_query(r->db, &r->a, &svc, "SELECT id, code, name_fi, name_sv, name_en FROM services WHERE id = $1 AND active = 1",
                 1, sp) < 0)
        return NULL;
    json_t *out = json_object();
    if (svc.nrows == 0) return out;
    json_object_set_new(out, "service", json_string(dir_pick(&svc, 0, 2, r->lang)));
    json_object_set_new(out, "service_url",
                        json_string(req_url(r, arena_printf(&r->a, "/services?service=%s", db_cell(&svc, 0, 1)))));
    hel_time today;
    hours_to_local(r->now, &today);

    /* the service's own channels (not those of one point) */
    db_result ch;
    if (db_query(r->db, &r->a, &ch,
                 "SELECT " DIR_CHANNEL_COLUMNS " FROM service_channels c WHERE c.service_id = $1 AND c.point_id IS NULL "
                 "ORDER BY CASE c.kind WHEN 'chat' THEN 1 WHEN 'phone' THEN 2 WHEN 'eservice' THEN 3 WHEN 'video' THEN 4 "
                 "ELSE 5 END, c.sort_order, c.id", 1, sp) < 0)
        return NULL;
    int64_t *cids = arena_alloc(&r->a, sizeof *cids * (size_t)(ch.nrows + 1));
    for (int i = 0; i < ch.nrows; i++) cids[i] = db_cell_int(&ch, i, 0);
    dir_hours *chours;
    if (dir_channel_hours_load(r, cids, ch.nrows, today.days - 1, &chours) < 0) return NULL;
    json_t *channels = json_array();
    bool chat_open = false;
    for (int i = 0; i < ch.nrows; i++) {
        json_t *c = dir_channel_json(r, &ch, i);
        hours_set hs = dir_hours_set(&chours[i]);
        hours_status st;
        hours_status_at(&hs, r->now, &st);
        if (st.known) {
            json_object_set_new(c, "status", dir_status_json(r, &st));
            json_object_set_new(c, "open_now", json_boolean(st.open));
        }
        if (strcmp(db_cell(&ch, i, 1), "chat") == 0 && st.known && st.open) chat_open = true;
        json_array_append_new(channels, c);
    }
    json_object_set_new(out, "channels", channels);
    json_object_set_new(out, "has_channels", json_boolean(ch.nrows > 0));
    json_object_set_new(out, "chat_open", json_boolean(chat_open));

    /* points that offer it */
    db_result pts, centre;
    db_param mp[] = {DB_INT(municipality_id)};
    if (db_query(r->db, &r->a, &centre, "SELECT lat, lon FROM municipality_centres WHERE municipality_id = $1", 1, mp) < 0)
        return NULL;
    if (db_query(r->db, &r->a, &pts,
                 "SELECT p.id, p.name_fi, p.name_sv, p.name_en, p.street_fi, p.street_sv, p.street_en, p.postal_code, "
                 "p.post_office_fi, p.post_office_sv, p.post_office_en, p.lat, p.lon, p.municipality_id, m.name_fi, "
                 "m.name_sv, o.level, o.weekdays, o.languages "
                 "FROM service_offers o JOIN service_points p ON p.id = o.point_id "
                 "JOIN municipalities m ON m.id = p.municipality_id JOIN service_levels l ON l.code = o.level "
                 "WHERE o.service_id = $1 AND p.active = 1 AND o.level <> 'not_offered' ORDER BY l.rank, p.name_fi, p.id",
                 1, sp) < 0)
        return NULL;
    bool have_centre = centre.nrows && db_cell(&centre, 0, 0) && db_cell(&centre, 0, 1);
    double clat = have_centre ? strtod(db_cell(&centre, 0, 0), NULL) : 0,
           clon = have_centre ? strtod(db_cell(&centre, 0, 1), NULL) : 0;
    ranked_point *rp = arena_alloc(&r->a, sizeof *rp * (size_t)(pts.nrows + 1));
    bool any_in_lang = false;
    for (int i = 0; i < pts.nrows; i++) {
        rp[i] = (ranked_point){.row = i, .km = -1};
        rp[i].home = municipality_id > 0 && db_cell_int(&pts, i, 13) == municipality_id;
        rp[i].in_lang = dir_has_lang(db_cell(&pts, i, 18), r->lang);
        any_in_lang |= rp[i].in_lang;
        if (have_centre && db_cell(&pts, i, 11) && db_cell(&pts, i, 12))
            rp[i].km = km_between(clat, clon, strtod(db_cell(&pts, i, 11), NULL), strtod(db_cell(&pts, i, 12), NULL));
    }
    qsort(rp, (size_t)pts.nrows, sizeof *rp, ranked_cmp);
    int n = pts.nrows < max_points ? pts.nrows : max_points;
    int64_t *pids = arena_alloc(&r->a, sizeof *pids * (size_t)(n + 1));
    for (int i = 0; i < n; i++) pids[i] = db_cell_int(&pts, rp[i].row, 0);
    dir_hours *phours;
    if (dir_hours_load(r, pids, n, today.days - 1, &phours) < 0) return NULL;
    json_t *points = json_array();
    for (int i = 0; i < n; i++) {
        int row = rp[i].row;
        json_t *pt = json_pack("{s:s, s:s, s:o, s:s, s:s, s:s, s:b, s:b}", "name", dir_pick(&pts, row, 1, r->lang), "url",
                               req_url(r, arena_printf(&r->a, "/service-points/%lld", (long long)pids[i])), "address",
                               dir_address_json(r, &pts, row, 4, 7, 8), "municipality",
                               db_cell(&pts, row, strcmp(r->lang, "sv") == 0 ? 15 : 14), "level",
                               dir_level_label(r, db_cell(&pts, row, 16), db_cell(&pts, row, 17)), "languages",
                               dir_langs_label(r, db_cell(&pts, row, 18)), "home", rp[i].home, "in_lang", rp[i].in_lang);
        if (rp[i].km >= 0 && !rp[i].home)
            json_object_set_new(pt, "distance", json_string(tr_fill(r, "About {n} km from the centre of the municipality you chose",
                                                                    lround(rp[i].km < 1 ? 1 : rp[i].km))));
        hours_set hs = dir_hours_set(&phours[i]);
        hours_status st;
        hours_status_at(&hs, r->now, &st);
        json_object_set_new(pt, "status", dir_status_json(r, &st));
        json_object_set_new(pt, "open_now", json_boolean(st.known && st.open));
        json_array_append_new(points, pt);
    }
    json_object_set_new(out, "points", points);
    json_object_set_new(out, "has_points", json_boolean(n > 0));
    json_object_set_new(out, "none_in_lang", json_boolean(pts.nrows > 0 && !any_in_lang));
    return out;
}
