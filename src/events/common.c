/* Loading events, visibility through their space, Helsinki dates and the
 * view model shared by the list and the event page. */
#include "events.h"
#include "internal.h"
#include "../app/app.h"
#include "../directory/hours.h"
#include "../participation/participation.h"
#include "../view/i18n.h"
#include "../view/view.h"
#include <stdlib.h>
#include <string.h>

enum {
    C_ID, C_SPACE, C_TITLE, C_DESC = C_TITLE + 3, C_START = C_DESC + 3, C_END, C_POINT,
    C_PNAME, C_PSTREET = C_PNAME + 3, C_PPOSTAL = C_PSTREET + 3, C_POFFICE, C_ADDRESS = C_POFFICE + 3,
    C_URL, C_ACCESS, C_CAPACITY = C_ACCESS + 3, C_DEADLINE, C_SUMMARY, C_UPDATED = C_SUMMARY + 3,
    C_CREATED, C_CONFIRMED, C_WAITING, C_NEEDS, C_SLUG, C_PCODE, C_DRAFT, C_NCOLS
};

#define EVENT_COLUMNS \
    "e.id, e.space_id, e.title_fi, e.title_sv, e.title_en, e.description_fi, e.description_sv, " \
    "e.description_en, e.starts_at, e.ends_at, e.service_point_id, sp.name_fi, sp.name_sv, sp.name_en, " \
    "sp.street_fi, sp.street_sv, sp.street_en, sp.postal_code, sp.post_office_fi, sp.post_office_sv, " \
    "sp.post_office_en, e.address, e.online_url, e.accessibility_fi, e.accessibility_sv, e.accessibility_en, " \
    "e.capacity, e.registration_deadline, e.summary_fi, e.summary_sv, e.summary_en, e.updated_at, e.created_at, " \
    "(SELECT COUNT(*) FROM event_registrations g WHERE g.event_id = e.id AND g.status = 'confirmed'), " \
    "(SELECT COUNT(*) FROM event_registrations g WHERE g.event_id = e.id AND g.status = 'waiting'), " \
    "(SELECT COUNT(*) FROM event_registrations g WHERE g.event_id = e.id AND g.status <> 'cancelled' " \
    "AND g.needs <> ''), s.slug, sp.code, e.draft"
#define EVENT_FROM \
    " FROM events e LEFT JOIN service_points sp ON sp.id = e.service_point_id " \
    "LEFT JOIN spaces s ON s.id = e.space_id "

static int lang_off(const char *lang) { return strcmp(lang, "sv") == 0 ? 1 : strcmp(lang, "en") == 0 ? 2 : 0; }

static const char *pick(const db_result *res, int row, int col_fi, const char *lang, bool *fell_back)
{
    int off = lang_off(lang);
    const char *v = db_cell(res, row, col_fi + off);
    if (v && *v) return v;
    const char *fi = db_cell(res, row, col_fi);
    if (fell_back && off && fi && *fi) *fell_back = true;
    return fi ? fi : "";
}

int events_fetch(request *r, const char *tail, int np, const db_param *p, event_row **rows)
{
    db_result res;
    const char *sql = arena_concat(&r->a, "SELECT " EVENT_COLUMNS EVENT_FROM, tail, NULL);
    if (db_query(r->db, &r->a, &res, sql, np, p) < 0) return -1;
    event_row *out = arena_alloc(&r->a, sizeof *out * (size_t)(res.nrows ? res.nrows : 1));
    for (int i = 0; i < res.nrows; i++) {
        event_row *e = &out[i];
        e->id = db_cell_int(&res, i, C_ID);
        e->space_id = db_cell_int(&res, i, C_SPACE);
        e->title = pick(&res, i, C_TITLE, r->lang, &e->title_fallback);
        e->title_fi = db_cell(&res, i, C_TITLE);
        e->description = pick(&res, i, C_DESC, r->lang, &e->description_fallback);
        e->starts_at = db_cell_int(&res, i, C_START);
        e->ends_at = db_cell_int(&res, i, C_END);
        e->point_id = db_cell_int(&res, i, C_POINT);
        if (e->point_id) {
            e->point_name = pick(&res, i, C_PNAME, r->lang, NULL);
            e->point_street = pick(&res, i, C_PSTREET, r->lang, NULL);
            e->point_postal = db_cell(&res, i, C_PPOSTAL);
            e->point_office = pick(&res, i, C_POFFICE, r->lang, NULL);
            e->point_code = db_cell(&res, i, C_PCODE);
        }
        e->address = db_cell(&res, i, C_ADDRESS);
        e->online_url = db_cell(&res, i, C_URL);
        e->accessibility = pick(&res, i, C_ACCESS, r->lang, NULL);
        e->capacity = db_cell_int(&res, i, C_CAPACITY);
        e->deadline = db_cell_int(&res, i, C_DEADLINE);
        e->summary = pick(&res, i, C_SUMMARY, r->lang, &e->summary_fallback);
        e->updated_at = db_cell_int(&res, i, C_UPDATED);
        e->created_at = db_cell_int(&res, i, C_CREATED);
        e->confirmed = db_cell_int(&res, i, C_CONFIRMED);
        e->waiting = db_cell_int(&res, i, C_WAITING);
        e->needs_count = db_cell_int(&res, i, C_NEEDS);
        e->space_slug = db_cell(&res, i, C_SLUG);
        e->draft = db_cell_int(&res, i, C_DRAFT) != 0;
    }
    *rows = out;
    return res.nrows;
}

int events_space_visible(request *r, int64_t space_id)
{
    if (!space_id) return 1;
    space s;
    int rc = space_load_id(r, space_id, &s);
    if (rc < 0) return -1;
    if (rc == 0) return 1;   /* the space was deleted: the event stands on its own */
    return space_visible(r, &s) ? 1 : 0;
}

int events_load_visible(request *r, const char *id_text, event_row *out)
{
    char *end;
    long long id = id_text ? strtoll(id_text, &end, 10) : 0;
    if (!id_text || !*id_text || *end || id <= 0) {
        respond_error(r, 404, NULL);
        return 0;
    }
    event_row *rows;
    db_param p[] = {DB_INT(id)};
    int n = events_fetch(r, "WHERE e.id = $1", 1, p, &rows);
    if (n < 0) return -1;
    if (n == 0) {
        respond_error(r, 404, NULL);
        return 0;
    }
    /* a draft does not exist for anyone but staff */
    if (rows[0].draft && !(r->user && r->user->role >= ROLE_STAFF)) {
        respond_error(r, 404, NULL);
        return 0;
    }
    int vis = events_space_visible(r, rows[0].space_id);
    if (vis < 0) return -1;
    if (!vis) {
        respond_error(r, 403, tr(r->lang, "This event is only for the members of its group."));
        return 0;
    }
    *out = rows[0];
    return 1;
}

/* ---- dates in Helsinki time ---- */

static const char *const WEEKDAYS[7] = {N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"),
                                        N_("Friday"), N_("Saturday"), N_("Sunday")};

static const char *date_lang(arena *a, const char *lang, int64_t t)
{
    hel_time h;
    hours_to_local(t, &h);
    int y, m, d;
    hours_civil_from_days(h.days, &y, &m, &d);
    return arena_printf(a, "%s %d.%d.%d", tr(lang, WEEKDAYS[(h.weekday + 6) % 7]), d, m, y);
}

static const char *time_lang(arena *a, const char *lang, int64_t t)
{
    hel_time h;
    hours_to_local(t, &h);
    /* Finnish and Swedish write 17.30, English 17:30 */
    return arena_printf(a, strcmp(lang, "en") == 0 ? "%02d:%02d" : "%d.%02d", h.minute / 60, h.minute % 60);
}

/* Replaces {a} and {b} in a translated pattern. */
static const char *fill2(arena *a, const char *pattern, const char *ka, const char *va, const char *kb,
                         const char *vb)
{
    buf b = BUF_INIT;
    size_t la = strlen(ka), lb = kb ? strlen(kb) : 0;
    for (const char *p = pattern; *p;) {
        if (strncmp(p, ka, la) == 0) {
            buf_puts(&b, va);
            p += la;
        } else if (kb && strncmp(p, kb, lb) == 0) {
            buf_puts(&b, vb);
            p += lb;
        } else {
            buf_putc(&b, *p++);
        }
    }
    const char *s = arena_strdup(a, b.data ? b.data : "");
    buf_free(&b);
    return s;
}

const char *events_when_lang(arena *a, const char *lang, int64_t start, int64_t end)
{
    hel_time hs, he;
    hours_to_local(start, &hs);
    hours_to_local(end, &he);
    const char *at = tr(lang, "{date} at {time}");
    if (hs.days == he.days) {
        const char *span = arena_concat(a, time_lang(a, lang, start), "–", time_lang(a, lang, end), NULL);
        return fill2(a, at, "{date}", date_lang(a, lang, start), "{time}", span);
    }
    return arena_concat(a, fill2(a, at, "{date}", date_lang(a, lang, start), "{time}", time_lang(a, lang, start)),
                        " – ", fill2(a, at, "{date}", date_lang(a, lang, end), "{time}", time_lang(a, lang, end)),
                        NULL);
}

const char *events_moment_lang(arena *a, const char *lang, int64_t t)
{
    return fill2(a, tr(lang, "{date} at {time}"), "{date}", date_lang(a, lang, t), "{time}", time_lang(a, lang, t));
}

const char *events_moment_text(request *r, int64_t t) { return events_moment_lang(&r->a, r->lang, t); }
const char *events_date_text(request *r, int64_t t) { return date_lang(&r->a, r->lang, t); }
const char *events_time_text(request *r, int64_t t) { return time_lang(&r->a, r->lang, t); }
const char *events_when_text(request *r, int64_t start, int64_t end)
{
    return events_when_lang(&r->a, r->lang, start, end);
}

const char *events_iso(request *r, int64_t t)
{
    hel_time h;
    hours_to_local(t, &h);
    int y, m, d;
    hours_civil_from_days(h.days, &y, &m, &d);
    int off = hours_helsinki_offset(t) / 3600;
    return arena_printf(&r->a, "%04d-%02d-%02dT%02d:%02d+%02d:00", y, m, d, h.minute / 60, h.minute % 60, off);
}

const char *events_location_text(request *r, const event_row *e)
{
    buf b = BUF_INIT;
    if (e->point_id && e->point_name) {
        buf_puts(&b, e->point_name);
        if (e->point_street && *e->point_street) {
            buf_puts(&b, ", ");
            buf_puts(&b, e->point_street);
            if (e->point_postal && *e->point_postal) buf_printf(&b, ", %s %s", e->point_postal,
                                                                e->point_office ? e->point_office : "");
        }
    } else if (e->address && *e->address) {
        buf_puts(&b, e->address);
    }
    if (e->online_url && *e->online_url) {
        if (b.len) buf_puts(&b, " / ");
        buf_puts(&b, tr(r->lang, "Online"));
        buf_puts(&b, ": ");
        buf_puts(&b, e->online_url);
    }
    const char *s = arena_strdup(&r->a, b.data ? b.data : "");
    buf_free(&b);
    return s;
}

const char *events_base_url(request *r)
{
    const char *b = APP.cfg.base_url ? APP.cfg.base_url : "";
    size_t n = strlen(b);
    while (n > 0 && b[n - 1] == '/') n--;
    return arena_strndup(&r->a, b, n);
}

const char *events_host(arena *a)
{
    const char *b = APP.cfg.base_url ? APP.cfg.base_url : "";
    const char *p = strstr(b, "://");
    p = p ? p + 3 : b;
    size_t n = strcspn(p, "/:");
    return n ? arena_strndup(a, p, n) : "kohtaamo";
}

/* ---- view model ---- */

static void set_str(json_t *o, const char *k, const char *v)
{
    if (v) json_object_set_new(o, k, json_string(v));
}

static const char *markdown(request *r, const char *md)
{
    buf html = BUF_INIT;
    markdown_to_html(md, strlen(md), &html);
    const char *s = arena_strdup(&r->a, html.data ? html.data : "");
    buf_free(&html);
    return s;
}

json_t *events_item(request *r, const event_row *e, bool full)
{
    json_t *o = json_object();
    const char *ids = arena_printf(&r->a, "%lld", (long long)e->id);
    set_str(o, "id", ids);
    set_str(o, "url", req_url(r, arena_concat(&r->a, "/events/", ids, NULL)));
    set_str(o, "ics_url", arena_concat(&r->a, "/events/", ids, ".ics?lang=", r->lang, NULL));
    set_str(o, "title", e->title);
    if (e->title_fallback) json_object_set_new(o, "title_fallback", json_true());
    if (e->draft) json_object_set_new(o, "draft", json_true());
    set_str(o, "when", events_when_text(r, e->starts_at, e->ends_at));
    set_str(o, "start_iso", events_iso(r, e->starts_at));
    set_str(o, "end_iso", events_iso(r, e->ends_at));
    if (e->point_id && e->point_name) {
        set_str(o, "point_name", e->point_name);
        set_str(o, "point_url", req_url(r, arena_printf(&r->a, "/service-points/%lld", (long long)e->point_id)));
        if (e->point_street && *e->point_street)
            set_str(o, "point_address", arena_concat(&r->a, e->point_street, ", ", e->point_postal ? e->point_postal : "",
                                                     " ", e->point_office ? e->point_office : "", NULL));
    }
    if (e->address && *e->address) set_str(o, "address", e->address);
    if (e->online_url && *e->online_url) set_str(o, "online_url", e->online_url);
    bool past = e->ends_at <= r->now, started = e->starts_at <= r->now;
    bool closed = r->now > e->deadline;
    int64_t left = e->capacity - e->confirmed;
    if (left < 0) left = 0;
    json_object_set_new(o, "past", json_boolean(past));
    json_object_set_new(o, "registration_open", json_boolean(!closed && !started && !e->draft));
    json_object_set_new(o, "full", json_boolean(left == 0));
    if (!past && !started) {
        if (left > 0)
            set_str(o, "places_text", left == 1 ? tr(r->lang, "1 place left") : tr_fill(r, "{n} places left", (long)left));
        else
            set_str(o, "places_text", tr(r->lang, "Full — join the waiting list"));
        set_str(o, "deadline_text", events_moment_text(r, e->deadline));
        set_str(o, "deadline_iso", events_iso(r, e->deadline));
    }
    if (full) {
        if (e->description && *e->description) set_str(o, "description_html", markdown(r, e->description));
        if (e->description_fallback) json_object_set_new(o, "description_fallback", json_true());
        if (e->accessibility && *e->accessibility) set_str(o, "accessibility", e->accessibility);
        if (past && e->summary && *e->summary) {
            set_str(o, "summary_html", markdown(r, e->summary));
            if (e->summary_fallback) json_object_set_new(o, "summary_fallback", json_true());
        }
        set_str(o, "capacity_text", tr_fill(r, "Places: {n}", (long)e->capacity));
        if (e->waiting > 0) set_str(o, "waiting_text", tr_fill(r, "On the waiting list: {n}", (long)e->waiting));
    }
    return o;
}
