/* /{lang}/staff/equal-access/import: staff upload a JSON file shaped like the
 * national service catalogue's (PTV) open API; services and service location
 * channels are upserted by their PTV id, in one transaction. When the file is
 * malformed or any record is rejected, nothing is stored and the report lists
 * every rejected record and why. Importing the same file twice changes nothing. */
#include "internal.h"
#include "ptv.h"
#include "../http/formview.h"
#include "../view/i18n.h"
#include <stdlib.h>
#include <string.h>

typedef struct import_counts {
    int s_new, s_upd, s_same, p_new, p_upd, p_same;
} import_counts;

static int render(request *r, int status, const char *file_error, json_t *report)
{
    formview fv;
    formview_init(&fv);
    formview_field(&fv, "file", tr(r->lang, "JSON file"), "file", NULL, file_error, NULL,
                   tr(r->lang, "Services and service channels as the service catalogue's open API gives them, at most 5 MB."), 1);
    json_t *ctx = json_pack("{s:s, s:s}", "title", tr(r->lang, "Import from the service catalogue"), "action",
                            req_url(r, "/staff/equal-access/import"));
    formview_attach(&fv, ctx);
    if (report) json_object_set_new(ctx, "report", report);
    respond_page(r, status, "equality/import", ctx);
    return 0;
}

int equality_import_form(request *r) { return render(r, 200, NULL, NULL); }

static int cmp_str(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

/* Sorted, joined lines: the same set of rows gives the same text. */
static const char *canon(arena *a, const char **lines, int n)
{
    qsort(lines, (size_t)n, sizeof *lines, cmp_str);
    buf b = BUF_INIT;
    for (int i = 0; i < n; i++) {
        buf_puts(&b, lines[i]);
        buf_putc(&b, '\n');
    }
    const char *out = arena_strndup(a, b.data ? b.data : "", b.len);
    buf_free(&b);
    return out;
}

static const char *nz(const char *s) { return s ? s : ""; }

static int upsert_service(request *r, const ptv_service *s, import_counts *n)
{
    db_result old;
    db_param key[] = {DB_TEXT(s->id)};
    if (db_query(r->db, &r->a, &old,
                 "SELECT id, name_fi, name_sv, name_en, summary_fi, summary_sv, summary_en, description_fi, "
                 "description_sv, description_en FROM services WHERE ptv_id = $1", 1, key) < 0)
        return -1;
    const char *v[9];
    for (int i = 0; i < 3; i++) v[i] = s->name[i], v[3 + i] = s->summary[i], v[6 + i] = s->description[i];
    if (old.nrows > 0) {
        bool same = true;
        for (int i = 0; i < 9; i++) same = same && strcmp(nz(db_cell(&old, 0, 1 + i)), v[i]) == 0;
        if (same) {
            n->s_same++;
            return 0;
        }
        db_param p[] = {DB_TEXT(s->id), DB_TEXT(v[0]), DB_TEXT(v[1]), DB_TEXT(v[2]), DB_TEXT(v[3]), DB_TEXT(v[4]),
                        DB_TEXT(v[5]), DB_TEXT(v[6]), DB_TEXT(v[7]), DB_TEXT(v[8]), DB_INT(r->now)};
        n->s_upd++;
        return db_exec(r->db,
                       "UPDATE services SET name_fi = $2, name_sv = $3, name_en = $4, summary_fi = $5, summary_sv = $6, "
                       "summary_en = $7, description_fi = $8, description_sv = $9, description_en = $10, updated_at = $11 "
                       "WHERE ptv_id = $1", 11, p);
    }
    db_param p[] = {DB_TEXT(arena_concat(&r->a, "ptv-", s->id, NULL)), DB_TEXT(s->id), DB_TEXT(v[0]), DB_TEXT(v[1]),
                    DB_TEXT(v[2]), DB_TEXT(v[3]), DB_TEXT(v[4]), DB_TEXT(v[5]), DB_TEXT(v[6]), DB_TEXT(v[7]),
                    DB_TEXT(v[8]), DB_INT(r->now)};
    n->s_new++;
    return db_exec(r->db,
                   "INSERT INTO services(code, ptv_id, name_fi, name_sv, name_en, summary_fi, summary_sv, summary_en, "
                   "description_fi, description_sv, description_en, created_at, updated_at) "
                   "VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)", 12, p);
}

static const char *hours_canon_file(arena *a, const ptv_channel *c, const char **exc)
{
    const char **l = arena_alloc(a, ((size_t)c->nhours + 1) * sizeof *l);
    for (int i = 0; i < c->nhours; i++)
        l[i] = arena_printf(a, "%d|%d|%d|%s|%s", c->hours[i].weekday, c->hours[i].opens, c->hours[i].closes,
                            nz(c->hours[i].valid_from), nz(c->hours[i].valid_to));
    const char **e = arena_alloc(a, ((size_t)c->nexceptions + 1) * sizeof *e);
    for (int i = 0; i < c->nexceptions; i++) {
        const ptv_exception *x = &c->exceptions[i];
        e[i] = arena_printf(a, "%s|%s|%d|%d|%d|%s|%s|%s", x->date_from, nz(x->date_to), x->closed ? 1 : 0,
                            x->closed ? -1 : x->opens, x->closed ? -1 : x->closes, x->note[0], x->note[1], x->note[2]);
    }
    *exc = canon(a, e, c->nexceptions);
    return canon(a, l, c->nhours);
}

static int hours_canon_db(request *r, int64_t point, const char **hours, const char **exc)
{
    db_result h, e;
    db_param p[] = {DB_INT(point)};
    if (db_query(r->db, &r->a, &h,
                 "SELECT weekday, opens_min, closes_min, valid_from, valid_to FROM opening_hours WHERE point_id = $1", 1,
                 p) < 0 ||
        db_query(r->db, &r->a, &e,
                 "SELECT date_from, date_to, closed, opens_min, closes_min, note_fi, note_sv, note_en "
                 "FROM opening_exceptions WHERE point_id = $1", 1, p) < 0)
        return -1;
    const char **l = arena_alloc(&r->a, ((size_t)h.nrows + 1) * sizeof *l);
    for (int i = 0; i < h.nrows; i++)
        l[i] = arena_printf(&r->a, "%s|%s|%s|%s|%s", db_cell(&h, i, 0), db_cell(&h, i, 1), db_cell(&h, i, 2),
                            nz(db_cell(&h, i, 3)), nz(db_cell(&h, i, 4)));
    const char **x = arena_alloc(&r->a, ((size_t)e.nrows + 1) * sizeof *x);
    for (int i = 0; i < e.nrows; i++) {
        bool closed = db_cell_int(&e, i, 2) != 0;
        x[i] = arena_printf(&r->a, "%s|%s|%d|%s|%s|%s|%s|%s", db_cell(&e, i, 0), nz(db_cell(&e, i, 1)), closed ? 1 : 0,
                            closed ? "-1" : nz(db_cell(&e, i, 3)), closed ? "-1" : nz(db_cell(&e, i, 4)),
                            db_cell(&e, i, 5), db_cell(&e, i, 6), db_cell(&e, i, 7));
    }
    *hours = canon(&r->a, l, h.nrows);
    *exc = canon(&r->a, x, e.nrows);
    return 0;
}

static int write_hours(request *r, int64_t point, const ptv_channel *c)
{
    db_param p[] = {DB_INT(point)};
    if (db_exec(r->db, "DELETE FROM opening_hours WHERE point_id = $1", 1, p) < 0 ||
        db_exec(r->db, "DELETE FROM opening_exceptions WHERE point_id = $1", 1, p) < 0)
        return -1;
    for (int i = 0; i < c->nhours; i++) {
        const ptv_hours *h = &c->hours[i];
        db_param q[] = {DB_INT(point), DB_INT(h->weekday), DB_INT(h->opens), DB_INT(h->closes), DB_TEXT(h->valid_from),
                        DB_TEXT(h->valid_to)};
        if (db_exec(r->db,
                    "INSERT INTO opening_hours(point_id, weekday, opens_min, closes_min, valid_from, valid_to) "
                    "VALUES($1, $2, $3, $4, $5, $6)", 6, q) < 0)
            return -1;
    }
    for (int i = 0; i < c->nexceptions; i++) {
        const ptv_exception *x = &c->exceptions[i];
        db_param q[] = {DB_INT(point), DB_TEXT(x->date_from), DB_TEXT(x->date_to), DB_INT(x->closed ? 1 : 0),
                        x->closed ? DB_NULL : DB_INT(x->opens), x->closed ? DB_NULL : DB_INT(x->closes),
                        DB_TEXT(x->note[0]), DB_TEXT(x->note[1]), DB_TEXT(x->note[2])};
        if (db_exec(r->db,
                    "INSERT INTO opening_exceptions(point_id, date_from, date_to, closed, opens_min, closes_min, "
                    "note_fi, note_sv, note_en) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9)", 9, q) < 0)
            return -1;
    }
    return 0;
}

/* The location's phone number as a phone channel of the point ("ID#phone"). */
static int upsert_phone(request *r, int64_t point, const ptv_channel *c, bool *changed)
{
    if (!*c->phone) return 0;
    const char *pid = arena_concat(&r->a, c->id, "#phone", NULL);
    db_result old;
    db_param key[] = {DB_TEXT(pid)};
    if (db_query(r->db, &r->a, &old, "SELECT phone, point_id FROM service_channels WHERE ptv_id = $1", 1, key) < 0)
        return -1;
    if (old.nrows > 0 && strcmp(db_cell(&old, 0, 0), c->phone) == 0 && db_cell_int(&old, 0, 1) == point) return 0;
    *changed = true;
    db_param p[] = {DB_TEXT(pid), DB_INT(point), DB_TEXT(c->phone), DB_TEXT(c->name[0]), DB_TEXT(c->name[1]),
                    DB_TEXT(c->name[2])};
    if (old.nrows > 0)
        return db_exec(r->db, "UPDATE service_channels SET point_id = $2, phone = $3 WHERE ptv_id = $1", 3, p);
    return db_exec(r->db,
                   "INSERT INTO service_channels(ptv_id, kind, point_id, phone, name_fi, name_sv, name_en) "
                   "VALUES($1, 'phone', $2, $3, $4, $5, $6)", 6, p);
}

static int upsert_point(request *r, const ptv_channel *c, int64_t muni, import_counts *n)
{
    db_result old;
    db_param key[] = {DB_TEXT(c->id)};
    if (db_query(r->db, &r->a, &old,
                 "SELECT id, municipality_id, name_fi, name_sv, name_en, street_fi, street_sv, street_en, postal_code, "
                 "post_office_fi, post_office_sv, post_office_en FROM service_points WHERE ptv_id = $1", 1, key) < 0)
        return -1;
    const char *v[10] = {c->name[0], c->name[1], c->name[2], c->street[0], c->street[1], c->street[2],
                         c->postal_code, c->post_office[0], c->post_office[1], c->post_office[2]};
    const char *fh, *fe;
    fh = hours_canon_file(&r->a, c, &fe);
    int64_t point;
    bool changed = false;
    if (old.nrows > 0) {
        point = db_cell_int(&old, 0, 0);
        bool same = db_cell_int(&old, 0, 1) == muni;
        for (int i = 0; i < 10; i++) same = same && strcmp(nz(db_cell(&old, 0, 2 + i)), v[i]) == 0;
        if (!same) {
            changed = true;
            db_param p[] = {DB_TEXT(c->id), DB_INT(muni), DB_TEXT(v[0]), DB_TEXT(v[1]), DB_TEXT(v[2]), DB_TEXT(v[3]),
                            DB_TEXT(v[4]), DB_TEXT(v[5]), DB_TEXT(v[6]), DB_TEXT(v[7]), DB_TEXT(v[8]), DB_TEXT(v[9]),
                            DB_INT(r->now)};
            if (db_exec(r->db,
                        "UPDATE service_points SET municipality_id = $2, name_fi = $3, name_sv = $4, name_en = $5, "
                        "street_fi = $6, street_sv = $7, street_en = $8, postal_code = $9, post_office_fi = $10, "
                        "post_office_sv = $11, post_office_en = $12, updated_at = $13 WHERE ptv_id = $1", 13, p) < 0)
                return -1;
        }
        const char *dh, *de;
        if (hours_canon_db(r, point, &dh, &de) < 0) return -1;
        if (strcmp(dh, fh) != 0 || strcmp(de, fe) != 0) {
            changed = true;
            if (write_hours(r, point, c) < 0) return -1;
        }
    } else {
        db_result ins;
        db_param p[] = {DB_TEXT(arena_concat(&r->a, "ptv-", c->id, NULL)), DB_TEXT(c->id), DB_INT(muni), DB_TEXT(v[0]),
                        DB_TEXT(v[1]), DB_TEXT(v[2]), DB_TEXT(v[3]), DB_TEXT(v[4]), DB_TEXT(v[5]), DB_TEXT(v[6]),
                        DB_TEXT(v[7]), DB_TEXT(v[8]), DB_TEXT(v[9]), DB_INT(r->now)};
        if (db_query(r->db, &r->a, &ins,
                     "INSERT INTO service_points(code, ptv_id, municipality_id, kind, name_fi, name_sv, name_en, "
                     "street_fi, street_sv, street_en, postal_code, post_office_fi, post_office_sv, post_office_en, "
                     "created_at, updated_at) VALUES($1, $2, $3, 'meeting_point', $4, $5, $6, $7, $8, $9, $10, $11, "
                     "$12, $13, $14, $14) RETURNING id", 14, p) < 0)
            return -1;
        point = db_cell_int(&ins, 0, 0);
        if (write_hours(r, point, c) < 0) return -1;
    }
    bool phone_changed = false;
    if (upsert_phone(r, point, c, &phone_changed) < 0) return -1;
    if (old.nrows == 0) n->p_new++;
    else if (changed || phone_changed) n->p_upd++;
    else n->p_same++;
    return 0;
}

static json_t *reject_list(request *r, const ptv_doc *doc)
{
    json_t *list = json_array();
    for (int i = 0; i < doc->nrejects; i++) {
        const ptv_reject *x = &doc->rejects[i];
        const char *what = strcmp(x->kind, "service") == 0 ? tr_fill(r, "Service no. {n}", x->index)
                                                           : tr_fill(r, "Service channel no. {n}", x->index);
        json_t *e = json_pack("{s:s, s:s, s:s}", "what", what, "id", x->id, "reason", tr_fill(r, x->reason, x->limit));
        if (*x->detail) json_object_set_new(e, "detail", json_string(x->detail));
        json_array_append_new(list, e);
    }
    return list;
}

int equality_import(request *r)
{
    const form_field *f = form_get_field(&r->form, "file");
    if (!f || !f->filename || f->len == 0)
        return render(r, 400, tr(r->lang, "Choose a JSON file to import."), NULL);
    ptv_doc doc;
    ptv_parse(&r->a, f->value, f->len, &doc);
    if (doc.malformed) {
        json_t *rep = json_pack("{s:b, s:s, s:s}", "failed", 1, "error", tr_fill(r, doc.error, doc.error_limit), "detail",
                                doc.error_detail ? doc.error_detail : "");
        return render(r, 400, tr(r->lang, "The file could not be imported. Nothing was stored."), rep);
    }
    int64_t *munis = arena_alloc(&r->a, ((size_t)doc.nchannels + 1) * sizeof *munis);
    for (int i = 0; i < doc.nchannels; i++) {
        db_result m;
        db_param p[] = {DB_TEXT(doc.channels[i].municipality)};
        if (db_query(r->db, &r->a, &m, "SELECT id FROM municipalities WHERE code = $1", 1, p) < 0) return -1;
        if (m.nrows == 0) {
            /* position among channels is not kept by the parser: name it by id */
            ptv_reject_add(&r->a, &doc, "channel", doc.channels[i].id, i + 1, N_("Unknown municipality code."),
                           doc.channels[i].municipality);
            munis[i] = 0;
        } else {
            munis[i] = db_cell_int(&m, 0, 0);
        }
    }
    if (doc.nrejects > 0) {
        json_t *rep = json_pack("{s:b, s:s, s:o, s:i}", "failed", 1, "error",
                                tr(r->lang, "Some records were rejected, so nothing was stored. Correct them and import the file again."),
                                "rejects", reject_list(r, &doc), "nrejects", doc.nrejects);
        return render(r, 400, tr(r->lang, "The file could not be imported. Nothing was stored."), rep);
    }
    import_counts n = {0};
    if (db_begin(r->db) < 0) return -1;
    for (int i = 0; i < doc.nservices; i++)
        if (upsert_service(r, &doc.services[i], &n) < 0) goto fail;
    for (int i = 0; i < doc.nchannels; i++)
        if (upsert_point(r, &doc.channels[i], munis[i], &n) < 0) goto fail;
    if (db_commit(r->db) < 0) goto fail;
    json_t *rep = json_pack("{s:b, s:{s:i, s:i, s:i}, s:{s:i, s:i, s:i}}", "done", 1, "services", "created",
                            n.s_new, "updated", n.s_upd, "unchanged", n.s_same, "points", "created", n.p_new, "updated",
                            n.p_upd, "unchanged", n.p_same);
    if (doc.skipped > 0) json_object_set_new(rep, "skipped", json_integer(doc.skipped));
    return render(r, 200, NULL, rep);
fail:
    db_rollback(r->db);
    return -1;
}
