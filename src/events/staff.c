/* Staff side of events: list, create and edit with validation, the
 * participant list (audited) and the summary written after the event. */
#include "events.h"
#include "internal.h"
#include "../audit/audit.h"
#include "../directory/hours.h"
#include "../http/formview.h"
#include "../participation/participation.h"
#include "../view/i18n.h"
#include <stdlib.h>
#include <string.h>

/* ---- helpers ---- */

static void set_str(json_t *o, const char *k, const char *v)
{
    if (v) json_object_set_new(o, k, json_string(v));
}

static int64_t parse_id(const char *s)
{
    if (!s || !*s || strlen(s) > 18) return 0;
    char *end;
    long long v = strtoll(s, &end, 10);
    return *end || v <= 0 ? 0 : v;
}

/* "HH:MM" or "HH.MM" into minutes after midnight; -1 when invalid. */
static int parse_time(const char *s)
{
    if (!s) return -1;
    int h = 0, m = 0, i = 0;
    if (!(s[i] >= '0' && s[i] <= '9')) return -1;
    h = s[i++] - '0';
    if (s[i] >= '0' && s[i] <= '9') h = h * 10 + (s[i++] - '0');
    if (s[i] != ':' && s[i] != '.') return -1;
    i++;
    if (!(s[i] >= '0' && s[i] <= '9' && s[i + 1] >= '0' && s[i + 1] <= '9')) return -1;
    m = (s[i] - '0') * 10 + (s[i + 1] - '0');
    if (s[i + 2] != '\0' || h > 23 || m > 59) return -1;
    return h * 60 + m;
}

/* Date and time fields into a Unix time (Helsinki wall clock); -1 when invalid. */
static int64_t parse_moment(const char *date, const char *time)
{
    int64_t days = hours_parse_date(date ? date : "");
    int minute = parse_time(time);
    if (days < 0 || minute < 0) return -1;
    return hours_from_local(days, minute);
}

static void moment_fields(request *r, int64_t t, const char **date, const char **time)
{
    hel_time h;
    hours_to_local(t, &h);
    char d[11];
    hours_format_date(h.days, d);
    *date = arena_strdup(&r->a, d);
    *time = arena_printf(&r->a, "%02d:%02d", h.minute / 60, h.minute % 60);
}

enum {
    F_TITLE_FI, F_TITLE_SV, F_TITLE_EN, F_DESC_FI, F_DESC_SV, F_DESC_EN, F_START_DATE, F_START_TIME,
    F_END_DATE, F_END_TIME, F_DL_DATE, F_DL_TIME, F_POINT, F_ADDRESS, F_URL, F_ACC_FI, F_ACC_SV, F_ACC_EN,
    F_CAPACITY, F_SPACE, F_DRAFT, F_COUNT
};
static const char *const FIELD_NAMES[F_COUNT] = {
    "title_fi", "title_sv", "title_en", "description_fi", "description_sv", "description_en", "start_date",
    "start_time", "end_date", "end_time", "deadline_date", "deadline_time", "service_point", "address",
    "online_url", "accessibility_fi", "accessibility_sv", "accessibility_en", "capacity", "space", "draft"};

/* Options of a select: value, label; the current value selected. */
static json_t *select_field(request *r, const char *name, const char *label, const char *hint, const char *value,
                            const char *error, const char *sql, const char *none_label)
{
    json_t *f = json_pack("{s:s, s:s, s:s}", "name", name, "id", arena_concat(&r->a, "f-", name, NULL), "label", label);
    set_str(f, "hint", hint);
    set_str(f, "error", error);
    json_t *opts = json_array();
    json_array_append_new(opts, json_pack("{s:s, s:s, s:b}", "value", "", "label", none_label, "selected",
                                          !value || !*value));
    db_result res;
    db_param p[] = {DB_TEXT(r->lang)};
    if (db_query(r->db, &r->a, &res, sql, 1, p) == 0)
        for (int i = 0; i < res.nrows; i++)
            json_array_append_new(opts, json_pack("{s:s, s:s, s:b}", "value", db_cell(&res, i, 0), "label",
                                                  db_cell(&res, i, 1), "selected",
                                                  value && strcmp(value, db_cell(&res, i, 0)) == 0));
    json_object_set_new(f, "options", opts);
    return f;
}

#define POINTS_SQL \
    "SELECT CAST(sp.id AS TEXT), CASE WHEN $1 = 'sv' AND sp.name_sv <> '' THEN sp.name_sv " \
    "WHEN $1 = 'en' AND sp.name_en <> '' THEN sp.name_en ELSE sp.name_fi END " \
    "FROM service_points sp ORDER BY 2"
#define SPACES_SQL \
    "SELECT CAST(s.id AS TEXT), CASE WHEN $1 = 'sv' AND s.title_sv <> '' THEN s.title_sv " \
    "WHEN $1 = 'en' AND s.title_en <> '' THEN s.title_en ELSE s.title_fi END " \
    "FROM spaces s ORDER BY 2"

static int render_form(request *r, int status, int64_t id, const char *const v[F_COUNT],
                       const char *const err[F_COUNT], const char *notice)
{
    const char *labels[F_COUNT] = {
        tr(r->lang, "Title in Finnish"), tr(r->lang, "Title in Swedish"), tr(r->lang, "Title in English"),
        tr(r->lang, "Description in Finnish"), tr(r->lang, "Description in Swedish"), tr(r->lang, "Description in English"),
        tr(r->lang, "Start date"), tr(r->lang, "Start time"), tr(r->lang, "End date"), tr(r->lang, "End time"),
        tr(r->lang, "Registration deadline, date"), tr(r->lang, "Registration deadline, time"), "", 
        tr(r->lang, "Address (when not at a service point)"), tr(r->lang, "Link to the online meeting"),
        tr(r->lang, "Accessibility in Finnish"), tr(r->lang, "Accessibility in Swedish"), tr(r->lang, "Accessibility in English"),
        tr(r->lang, "Number of places"), "", ""};
    formview fv;
    formview_init(&fv);
    json_t *ctx = json_object();
    json_t *groups[4] = {json_array(), json_array(), json_array(), json_array()};   /* texts, time, place, other */
    for (int i = 0; i < F_COUNT; i++) {
        if (i == F_POINT || i == F_SPACE || i == F_DRAFT) continue;   /* drawn by the template */
        const char *type = (i >= F_DESC_FI && i <= F_DESC_EN) || (i >= F_ACC_FI && i <= F_ACC_EN) ? "textarea"
                         : (i == F_START_DATE || i == F_END_DATE || i == F_DL_DATE) ? "date"
                         : (i == F_START_TIME || i == F_END_TIME || i == F_DL_TIME) ? "time"
                         : i == F_URL ? "url" : i == F_CAPACITY ? "number" : "text";
        const char *hint = i == F_DESC_FI ? tr(r->lang, "Markdown: *italic*, **bold**, lists with -, links as <https://...>.")
                         : i == F_URL ? tr(r->lang, "Only https:// addresses.")
                         : i == F_DL_DATE ? tr(r->lang, "Registration closes at this moment; it must be before the start.")
                         : i == F_ACC_FI ? tr(r->lang, "For example step-free access, induction loop, accessible toilet, interpretation.")
                         : NULL;
        bool required = i == F_TITLE_FI || (i >= F_START_DATE && i <= F_DL_TIME) || i == F_CAPACITY;
        formview_field(&fv, FIELD_NAMES[i], labels[i], type, v ? v[i] : NULL, err ? err[i] : NULL, "off", hint, required);
        int g = i <= F_DESC_EN ? 0 : i <= F_DL_TIME ? 1 : i <= F_URL ? 2 : 3;
        json_array_append(groups[g], json_array_get(fv.fields, json_array_size(fv.fields) - 1));
    }
    json_t *point = select_field(r, "service_point", tr(r->lang, "Service point"),
                                 tr(r->lang, "Choose a service point, or write an address, or give an online link."),
                                 v ? v[F_POINT] : NULL, err ? err[F_POINT] : NULL, POINTS_SQL,
                                 tr(r->lang, "Not at a service point"));
    json_t *spc = select_field(r, "space", tr(r->lang, "Participation space"),
                               tr(r->lang, "An event in a group's space is shown only to the members of the group."),
                               v ? v[F_SPACE] : NULL, err ? err[F_SPACE] : NULL, SPACES_SQL,
                               tr(r->lang, "No space: public event"));
    if (err && err[F_POINT])
        json_array_append_new(fv.errors, json_pack("{s:s, s:s}", "field_id", "f-service_point", "message", err[F_POINT]));
    if (err && err[F_SPACE])
        json_array_append_new(fv.errors, json_pack("{s:s, s:s}", "field_id", "f-space", "message", err[F_SPACE]));
    formview_attach(&fv, ctx);
    json_object_set_new(ctx, "text_fields", groups[0]);
    json_object_set_new(ctx, "time_fields", groups[1]);
    json_object_set_new(ctx, "place_fields", groups[2]);
    json_object_set_new(ctx, "other_fields", groups[3]);
    json_object_set_new(ctx, "point_field", point);
    json_object_set_new(ctx, "space_field", spc);
    set_str(ctx, "title", id ? tr(r->lang, "Edit event") : tr(r->lang, "New event"));
    set_str(ctx, "action", req_url(r, id ? arena_printf(&r->a, "/staff/events/%lld/edit", (long long)id) : "/staff/events/new"));
    set_str(ctx, "list_url", req_url(r, "/staff/events"));
    if (id) set_str(ctx, "event_url", req_url(r, arena_printf(&r->a, "/events/%lld", (long long)id)));
    set_str(ctx, "notice", notice);
    if (v && v[F_DRAFT] && strcmp(v[F_DRAFT], "1") == 0) json_object_set_new(ctx, "draft", json_true());
    respond_page(r, status, "events/staff_edit", ctx);
    return 0;
}

static bool https_url(const char *s)
{
    if (strncmp(s, "https://", 8) != 0) return false;
    const char *host = s + 8;
    size_t n = strcspn(host, "/?#");
    if (n == 0) return false;
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p <= ' ' || *p == '"' || *p == '<' || *p == '>') return false;
    return true;
}

/* Validates the posted form; on success fills times and ids and returns true. */
typedef struct parsed {
    int64_t start, end, deadline, point_id, space_id, capacity;
} parsed;

static bool validate(request *r, const char *v[F_COUNT], const char *err[F_COUNT], parsed *out)
{
    bool ok = true;
    memset(out, 0, sizeof *out);
    for (int i = 0; i < F_COUNT; i++) {
        const char *s = req_form(r, FIELD_NAMES[i]);
        v[i] = s ? s : "";
        err[i] = NULL;
        size_t limit = (i >= F_DESC_FI && i <= F_DESC_EN) ? 20000 : (i >= F_ACC_FI && i <= F_ACC_EN) ? 2000 : 300;
        if (strlen(v[i]) > limit) {
            err[i] = tr(r->lang, "This text is too long.");
            ok = false;
        }
    }
    if (!*v[F_TITLE_FI]) err[F_TITLE_FI] = tr(r->lang, "Enter a title in Finnish."), ok = false;
    out->start = parse_moment(v[F_START_DATE], v[F_START_TIME]);
    out->end = parse_moment(v[F_END_DATE], v[F_END_TIME]);
    out->deadline = parse_moment(v[F_DL_DATE], v[F_DL_TIME]);
    if (hours_parse_date(v[F_START_DATE]) < 0) err[F_START_DATE] = tr(r->lang, "Enter a date as YYYY-MM-DD, e.g. 2026-12-03."), ok = false;
    if (parse_time(v[F_START_TIME]) < 0) err[F_START_TIME] = tr(r->lang, "Enter a time as HH:MM, e.g. 17:30."), ok = false;
    if (hours_parse_date(v[F_END_DATE]) < 0) err[F_END_DATE] = tr(r->lang, "Enter a date as YYYY-MM-DD, e.g. 2026-12-03."), ok = false;
    if (parse_time(v[F_END_TIME]) < 0) err[F_END_TIME] = tr(r->lang, "Enter a time as HH:MM, e.g. 17:30."), ok = false;
    if (hours_parse_date(v[F_DL_DATE]) < 0) err[F_DL_DATE] = tr(r->lang, "Enter a date as YYYY-MM-DD, e.g. 2026-12-03."), ok = false;
    if (parse_time(v[F_DL_TIME]) < 0) err[F_DL_TIME] = tr(r->lang, "Enter a time as HH:MM, e.g. 17:30."), ok = false;
    if (out->start >= 0 && out->end >= 0 && out->end <= out->start)
        err[F_END_DATE] = tr(r->lang, "The event must end after it starts."), ok = false;
    if (out->start >= 0 && out->deadline >= 0 && out->deadline > out->start)
        err[F_DL_DATE] = tr(r->lang, "The registration deadline must be before the event starts."), ok = false;
    char *end;
    long long cap = strtoll(v[F_CAPACITY], &end, 10);
    if (!*v[F_CAPACITY] || *end || cap < 1 || cap > 100000)
        err[F_CAPACITY] = tr(r->lang, "Enter the number of places as a whole number, at least 1."), ok = false;
    out->capacity = cap;
    if (*v[F_URL] && !https_url(v[F_URL]))
        err[F_URL] = tr(r->lang, "Enter an address that starts with https://."), ok = false;
    if (*v[F_POINT]) {
        out->point_id = parse_id(v[F_POINT]);
        db_result res;
        db_param p[] = {DB_INT(out->point_id)};
        if (!out->point_id || db_query(r->db, &r->a, &res, "SELECT 1 FROM service_points WHERE id = $1", 1, p) < 0 ||
            res.nrows == 0)
            err[F_POINT] = tr(r->lang, "Choose a service point from the list."), ok = false;
    }
    if (!*v[F_POINT] && !*v[F_ADDRESS] && !*v[F_URL])
        err[F_POINT] = tr(r->lang, "Give the place: a service point, an address or an online link."), ok = false;
    if (*v[F_SPACE]) {
        out->space_id = parse_id(v[F_SPACE]);
        db_result res;
        db_param p[] = {DB_INT(out->space_id)};
        if (!out->space_id || db_query(r->db, &r->a, &res, "SELECT 1 FROM spaces WHERE id = $1", 1, p) < 0 ||
            res.nrows == 0)
            err[F_SPACE] = tr(r->lang, "Choose a space from the list."), ok = false;
    }
    return ok;
}

static void bind_all(const char *const v[F_COUNT], const parsed *x, db_param p[18])
{
    p[0] = DB_TEXT(v[F_TITLE_FI]), p[1] = DB_TEXT(v[F_TITLE_SV]), p[2] = DB_TEXT(v[F_TITLE_EN]);
    p[3] = DB_TEXT(v[F_DESC_FI]), p[4] = DB_TEXT(v[F_DESC_SV]), p[5] = DB_TEXT(v[F_DESC_EN]);
    p[6] = DB_INT(x->start), p[7] = DB_INT(x->end), p[8] = DB_INT(x->deadline);
    p[9] = x->point_id ? DB_INT(x->point_id) : DB_NULL;
    p[10] = DB_TEXT(v[F_ADDRESS]), p[11] = DB_TEXT(v[F_URL]);
    p[12] = DB_TEXT(v[F_ACC_FI]), p[13] = DB_TEXT(v[F_ACC_SV]), p[14] = DB_TEXT(v[F_ACC_EN]);
    p[15] = DB_INT(x->capacity);
    p[16] = x->space_id ? DB_INT(x->space_id) : DB_NULL;
    p[17] = DB_INT(strcmp(v[F_DRAFT], "1") == 0 ? 1 : 0);
}

/* ---- handlers ---- */

int staff_events_list(request *r)
{
    event_row *rows;
    db_param p[] = {DB_INT(r->now)};
    int n = events_fetch(r, "ORDER BY CASE WHEN e.ends_at > $1 THEN 0 ELSE 1 END, "
                            "CASE WHEN e.ends_at > $1 THEN e.starts_at ELSE -e.starts_at END, e.id LIMIT 500",
                         1, p, &rows);
    if (n < 0) return -1;
    json_t *items = json_array();
    for (int i = 0; i < n; i++) {
        json_t *it = events_item(r, &rows[i], false);
        const char *base = arena_printf(&r->a, "/staff/events/%lld", (long long)rows[i].id);
        set_str(it, "edit_url", req_url(r, arena_concat(&r->a, base, "/edit", NULL)));
        set_str(it, "registrations_url", req_url(r, arena_concat(&r->a, base, "/registrations", NULL)));
        set_str(it, "summary_url", req_url(r, arena_concat(&r->a, base, "/summary", NULL)));
        set_str(it, "counts", arena_printf(&r->a, "%lld / %lld", (long long)rows[i].confirmed, (long long)rows[i].capacity));
        set_str(it, "waiting_count", arena_printf(&r->a, "%lld", (long long)rows[i].waiting));
        json_array_append_new(items, it);
    }
    json_t *ctx = json_pack("{s:s, s:o, s:s, s:b}", "title", tr(r->lang, "Manage events"), "items", items, "new_url",
                            req_url(r, "/staff/events/new"), "empty", n == 0);
    respond_page(r, 200, "events/staff_list", ctx);
    return 0;
}

int staff_event_new_form(request *r)
{
    const char *v[F_COUNT] = {0};
    for (int i = 0; i < F_COUNT; i++) v[i] = "";
    v[F_START_TIME] = "17:00", v[F_END_TIME] = "19:00", v[F_DL_TIME] = "12:00", v[F_CAPACITY] = "20";
    v[F_DRAFT] = "1";   /* a new event starts as a draft: publishing is a decision of its own */
    return render_form(r, 200, 0, v, NULL, NULL);
}

int staff_event_create(request *r)
{
    const char *v[F_COUNT], *err[F_COUNT];
    parsed x;
    if (!validate(r, v, err, &x)) return render_form(r, 400, 0, v, err, NULL);
    db_param p[20];
    bind_all(v, &x, p);
    p[18] = DB_INT(r->user->id), p[19] = DB_INT(r->now);
    db_result res;
    if (db_query(r->db, &r->a, &res,
                 "INSERT INTO events(title_fi, title_sv, title_en, description_fi, description_sv, description_en, "
                 "starts_at, ends_at, registration_deadline, service_point_id, address, online_url, accessibility_fi, "
                 "accessibility_sv, accessibility_en, capacity, space_id, draft, created_by, created_at, updated_at) "
                 "VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20) "
                 "RETURNING id",
                 20, p) < 0)
        return -1;
    respond_redirect(r, 303, req_url(r, arena_printf(&r->a, "/events/%s", db_cell(&res, 0, 0))));
    return 0;
}

static int load_for_staff(request *r, event_row *e)
{
    int64_t id = parse_id(req_param(r, "id"));
    event_row *rows;
    db_param p[] = {DB_INT(id)};
    int n = id ? events_fetch(r, "WHERE e.id = $1", 1, p, &rows) : 0;
    if (n < 0) return -1;
    if (n == 0) {
        respond_error(r, 404, NULL);
        return 0;
    }
    *e = rows[0];
    return 1;
}

int staff_event_edit_form(request *r)
{
    event_row e;
    int rc = load_for_staff(r, &e);
    if (rc <= 0) return rc;
    db_result res;
    db_param p[] = {DB_INT(e.id)};
    if (db_query(r->db, &r->a, &res,
                 "SELECT title_fi, title_sv, title_en, description_fi, description_sv, description_en, address, "
                 "online_url, accessibility_fi, accessibility_sv, accessibility_en, service_point_id, space_id "
                 "FROM events WHERE id = $1", 1, p) < 0)
        return -1;
    const char *v[F_COUNT];
    for (int i = 0; i < 6; i++) v[i] = db_cell(&res, 0, i);
    moment_fields(r, e.starts_at, &v[F_START_DATE], &v[F_START_TIME]);
    moment_fields(r, e.ends_at, &v[F_END_DATE], &v[F_END_TIME]);
    moment_fields(r, e.deadline, &v[F_DL_DATE], &v[F_DL_TIME]);
    v[F_ADDRESS] = db_cell(&res, 0, 6), v[F_URL] = db_cell(&res, 0, 7);
    v[F_ACC_FI] = db_cell(&res, 0, 8), v[F_ACC_SV] = db_cell(&res, 0, 9), v[F_ACC_EN] = db_cell(&res, 0, 10);
    v[F_POINT] = db_cell(&res, 0, 11) ? db_cell(&res, 0, 11) : "";
    v[F_SPACE] = db_cell(&res, 0, 12) ? db_cell(&res, 0, 12) : "";
    v[F_CAPACITY] = arena_printf(&r->a, "%lld", (long long)e.capacity);
    v[F_DRAFT] = e.draft ? "1" : "";
    const char *done = req_query(r, "done");
    return render_form(r, 200, e.id, v, NULL, done && strcmp(done, "saved") == 0 ? tr(r->lang, "Changes saved.") : NULL);
}

int staff_event_update(request *r)
{
    event_row e;
    int rc = load_for_staff(r, &e);
    if (rc <= 0) return rc;
    const char *v[F_COUNT], *err[F_COUNT];
    parsed x;
    if (!validate(r, v, err, &x)) return render_form(r, 400, e.id, v, err, NULL);
    db_param p[20];
    bind_all(v, &x, p);
    p[18] = DB_INT(r->now), p[19] = DB_INT(e.id);
    if (db_begin(r->db) < 0) return -1;
    if (db_exec(r->db,
                "UPDATE events SET title_fi = $1, title_sv = $2, title_en = $3, description_fi = $4, description_sv = $5, "
                "description_en = $6, starts_at = $7, ends_at = $8, registration_deadline = $9, service_point_id = $10, "
                "address = $11, online_url = $12, accessibility_fi = $13, accessibility_sv = $14, accessibility_en = $15, "
                "capacity = $16, space_id = $17, draft = $18, updated_at = $19, reg_version = reg_version + 1 "
                "WHERE id = $20",
                20, p) < 0 ||
        /* more places: the waiting list moves up */
        events_fill_from_waiting(r->db, &r->a, e.id, r->now) < 0 || db_commit(r->db) < 0) {
        db_rollback(r->db);
        return -1;
    }
    respond_redirect(r, 303, req_url(r, arena_printf(&r->a, "/staff/events/%lld/edit?done=saved", (long long)e.id)));
    return 0;
}

int staff_event_registrations(request *r)
{
    event_row e;
    int rc = load_for_staff(r, &e);
    if (rc <= 0) return rc;
    db_result res;
    db_param p[] = {DB_INT(e.id)};
    if (db_query(r->db, &r->a, &res,
                 "SELECT name, email, needs, status, created_at, promoted_at, erased_at FROM event_registrations "
                 "WHERE event_id = $1 AND status <> 'cancelled' ORDER BY CASE status WHEN 'confirmed' THEN 0 ELSE 1 END, id",
                 1, p) < 0)
        return -1;
    if (audit_record(r->db, r->now, r->user->id, "events.view_registrations", 0,
                     arena_printf(&r->a, "event %lld", (long long)e.id)) < 0)
        return -1;
    json_t *rows = json_array();
    int waiting_no = 0;
    bool erased = false;
    for (int i = 0; i < res.nrows; i++) {
        bool waiting = strcmp(db_cell(&res, i, 3), "waiting") == 0;
        if (db_cell(&res, i, 6)) erased = true;
        json_t *row = json_object();
        set_str(row, "name", db_cell(&res, i, 0) ? db_cell(&res, i, 0) : "–");
        set_str(row, "email", db_cell(&res, i, 1) ? db_cell(&res, i, 1) : "–");
        set_str(row, "needs", db_cell(&res, i, 2));
        set_str(row, "status", waiting ? tr_fill(r, "Waiting list, {n}.", (long)++waiting_no) : tr(r->lang, "Confirmed"));
        set_str(row, "registered", events_moment_text(r, db_cell_int(&res, i, 4)));
        json_array_append_new(rows, row);
    }
    json_t *ctx = json_pack("{s:s, s:s, s:s, s:o, s:b}", "title", tr(r->lang, "Participants"), "event_title", e.title,
                            "event_url", req_url(r, arena_printf(&r->a, "/events/%lld", (long long)e.id)), "rows", rows,
                            "empty", res.nrows == 0);
    set_str(ctx, "confirmed_text", tr_fill(r, "Confirmed: {n}", (long)e.confirmed));
    set_str(ctx, "capacity_text", tr_fill(r, "Places: {n}", (long)e.capacity));
    set_str(ctx, "waiting_text", tr_fill(r, "On the waiting list: {n}", (long)e.waiting));
    set_str(ctx, "needs_text", tr_fill(r, "Registrations with accessibility or dietary needs: {n}", (long)e.needs_count));
    if (erased) json_object_set_new(ctx, "erased", json_true());
    set_str(ctx, "list_url", req_url(r, "/staff/events"));
    respond_page(r, 200, "events/staff_registrations", ctx);
    return 0;
}

static int render_summary(request *r, int status, const event_row *e, const char *const v[3], const char *error)
{
    static const char *const names[3] = {"summary_fi", "summary_sv", "summary_en"};
    const char *labels[3] = {tr(r->lang, "Summary in Finnish"), tr(r->lang, "Summary in Swedish"),
                             tr(r->lang, "Summary in English")};
    formview fv;
    formview_init(&fv);
    for (int i = 0; i < 3; i++)
        formview_field(&fv, names[i], labels[i], "textarea", v[i], i == 0 ? error : NULL, "off",
                       i == 0 ? tr(r->lang, "Markdown: *italic*, **bold**, lists with -, links as <https://...>.") : NULL,
                       i == 0);
    json_t *ctx = json_pack("{s:s, s:s, s:s, s:s}", "title", tr(r->lang, "Summary of the event"), "event_title", e->title,
                            "event_url", req_url(r, arena_printf(&r->a, "/events/%lld", (long long)e->id)), "action",
                            req_url(r, arena_printf(&r->a, "/staff/events/%lld/summary", (long long)e->id)));
    if (e->ends_at > r->now)
        set_str(ctx, "notice", tr(r->lang, "The summary is shown on the event page once the event is over."));
    formview_attach(&fv, ctx);
    respond_page(r, status, "events/staff_summary", ctx);
    return 0;
}

int staff_event_summary_form(request *r)
{
    event_row e;
    int rc = load_for_staff(r, &e);
    if (rc <= 0) return rc;
    db_result res;
    db_param p[] = {DB_INT(e.id)};
    if (db_query(r->db, &r->a, &res, "SELECT summary_fi, summary_sv, summary_en FROM events WHERE id = $1", 1, p) < 0)
        return -1;
    const char *v[3] = {db_cell(&res, 0, 0), db_cell(&res, 0, 1), db_cell(&res, 0, 2)};
    return render_summary(r, 200, &e, v, NULL);
}

int staff_event_summary_save(request *r)
{
    event_row e;
    int rc = load_for_staff(r, &e);
    if (rc <= 0) return rc;
    const char *v[3];
    static const char *const names[3] = {"summary_fi", "summary_sv", "summary_en"};
    bool too_long = false;
    for (int i = 0; i < 3; i++) {
        v[i] = req_form(r, names[i]);
        if (!v[i]) v[i] = "";
        if (strlen(v[i]) > 20000) too_long = true;
    }
    if (too_long) return render_summary(r, 400, &e, v, tr(r->lang, "The text must be at most 20,000 characters long."));
    if (!*v[0] && (*v[1] || *v[2]))
        return render_summary(r, 400, &e, v, tr(r->lang, "Enter the text in Finnish."));
    db_param p[] = {DB_TEXT(v[0]), DB_TEXT(v[1]), DB_TEXT(v[2]), DB_INT(r->now), DB_INT(e.id)};
    if (db_exec(r->db, "UPDATE events SET summary_fi = $1, summary_sv = $2, summary_en = $3, updated_at = $4 "
                       "WHERE id = $5", 5, p) < 0)
        return -1;
    respond_redirect(r, 303, req_url(r, arena_printf(&r->a, "/events/%lld", (long long)e.id)));
    return 0;
}
