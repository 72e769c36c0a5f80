/* Open311 GeoReport v2: services are the active feedback topics, service
 * requests are feedback. Submissions go through feedback_validate and
 * feedback_create, so they are treated exactly like the web form's. */
#include "open311.h"
#include "post.h"
#include "xml.h"
#include "../feedback/feedback.h"
#include "../view/i18n.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* At most this many requests in one answer, and by default only those of
 * the last 90 days, as the specification suggests. */
#define OPEN311_MAX_RESULTS 1000
#define OPEN311_DEFAULT_DAYS 90
#define OPEN311_MAX_IDS 100

/* Feedback messages may hold personal or health details, so the text of a
 * request and its answer are public only after moderators have published
 * them (the same rule as on the project pages). */

bool open311_path(const char *path) { return path && strncmp(path, "/open311/", 9) == 0; }

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static bool want_xml(request *r) { return ends_with(r->path, ".xml"); }

/* "locale=sv" (or sv_FI, sv-FI) picks the language of names and messages;
 * otherwise Accept-Language has already chosen. Unknown values are ignored. */
static void apply_locale(request *r)
{
    const char *loc = req_query(r, "locale");
    if (!loc || strlen(loc) < 2) return;
    char code[3] = {(char)tolower((unsigned char)loc[0]), (char)tolower((unsigned char)loc[1]), 0};
    if ((loc[2] == '\0' || loc[2] == '_' || loc[2] == '-') && i18n_lang_valid(code))
        r->lang = arena_strdup(&r->a, code);
}

static void respond_doc(request *r, int status, const char *root, const char *item, json_t *value)
{
    if (!want_xml(r)) {
        respond_json(r, status, value);
        return;
    }
    r->status = status;
    r->content_type = "application/xml; charset=utf-8";
    r->out.len = 0;
    xml_from_json(&r->out, root, item, value);
    json_decref(value);
}

/* errors: array of {"code", "description"}; stolen. */
static void respond_errors(request *r, int status, json_t *errors)
{
    respond_doc(r, status, "errors", "error", errors);
}

void open311_error(request *r, int status, const char *description)
{
    json_t *errs = json_array();
    json_array_append_new(errs, json_pack("{s:i, s:s}", "code", status, "description", description ? description : ""));
    respond_errors(r, status, errs);
}

static void add_error(json_t *errs, int code, const char *description)
{
    json_array_append_new(errs, json_pack("{s:i, s:s}", "code", code, "description", description));
}

/* "name: message" with both parts translated: the parameter is named so a
 * developer of the client system knows which one to fix. */
static void add_field_error(request *r, json_t *errs, const char *param, const char *msgid)
{
    add_error(errs, 400, arena_printf(&r->a, "%s: %s", param, tr(r->lang, msgid)));
}

/* The column for the request's language, falling back to Finnish when empty. */
static const char *pick(const db_result *res, int row, int col_fi, const char *lang)
{
    int off = strcmp(lang, "sv") == 0 ? 1 : strcmp(lang, "en") == 0 ? 2 : 0;
    const char *v = db_cell(res, row, col_fi + off);
    return v && *v ? v : db_cell(res, row, col_fi);
}

/* W3C date and time in the server's local time with its offset. */
static const char *w3c_time(request *r, int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    long off = tm.tm_gmtoff;
    char sign = off < 0 ? '-' : '+';
    if (off < 0) off = -off;
    return arena_printf(&r->a, "%04d-%02d-%02dT%02d:%02d:%02d%c%02ld:%02ld", tm.tm_year + 1900, tm.tm_mon + 1,
                        tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, sign, off / 3600, (off % 3600) / 60);
}

static bool read_digits(const char **p, int n, int *v)
{
    int x = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)(*p)[i])) return false;
        x = x * 10 + ((*p)[i] - '0');
    }
    *p += n;
    *v = x;
    return true;
}

/* W3C datetime (a profile of ISO 8601): YYYY-MM-DD, or with
 * Thh:mm[:ss[.s+]] and a zone Z, +hh:mm or -hh:mm. A bare date is UTC midnight. */
static bool parse_w3c(const char *s, int64_t *out)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const char *p = s;
    int Y, M, D, h = 0, m = 0, sec = 0, zoff = 0;
    if (!read_digits(&p, 4, &Y) || *p++ != '-' || !read_digits(&p, 2, &M) || *p++ != '-' ||
        !read_digits(&p, 2, &D))
        return false;
    if (Y < 1970 || M < 1 || M > 12 || D < 1 || D > mdays[M - 1]) return false;
    if (M == 2 && D == 29 && !((Y % 4 == 0 && Y % 100 != 0) || Y % 400 == 0)) return false;
    if (*p == 'T' || *p == 't') {
        p++;
        if (!read_digits(&p, 2, &h) || *p++ != ':' || !read_digits(&p, 2, &m)) return false;
        if (*p == ':') {
            p++;
            if (!read_digits(&p, 2, &sec)) return false;
            if (*p == '.') {
                p++;
                if (!isdigit((unsigned char)*p)) return false;
                while (isdigit((unsigned char)*p)) p++;
            }
        }
        if (h > 23 || m > 59 || sec > 60) return false;
        if (sec == 60) sec = 59;
        if (*p == 'Z' || *p == 'z') {
            p++;
        } else if (*p == '+' || *p == '-') {
            int sign = *p++ == '-' ? -1 : 1, zh, zm;
            if (!read_digits(&p, 2, &zh)) return false;
            if (*p == ':') p++;
            if (!read_digits(&p, 2, &zm) || zh > 14 || zm > 59) return false;
            zoff = sign * (zh * 3600 + zm * 60);
        } else {
            return false;   /* a time needs its zone */
        }
    }
    if (*p) return false;
    struct tm tm = {.tm_year = Y - 1900, .tm_mon = M - 1, .tm_mday = D, .tm_hour = h, .tm_min = m, .tm_sec = sec};
    *out = (int64_t)timegm(&tm) - zoff;
    return true;
}

/* Splits a comma-separated list into trimmed, non-empty items in the arena.
 * Returns the count, or -1 when there are more than max. */
static int split_list(request *r, const char *s, const char **items, int max)
{
    char *copy = arena_strdup(&r->a, s), *save = NULL;
    int n = 0;
    for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        while (isspace((unsigned char)*t)) t++;
        char *e = t + strlen(t);
        while (e > t && isspace((unsigned char)e[-1])) *--e = '\0';
        if (!*t) continue;
        if (n == max) return -1;
        items[n++] = t;
    }
    return n;
}

/* ---- services ---- */

#define TOPIC_COLUMNS "code, name_fi, name_sv, name_en, description_fi, description_sv, description_en"

static json_t *service_json(request *r, const db_result *res, int i)
{
    return json_pack("{s:s, s:s, s:s, s:b, s:s, s:s, s:s}", "service_code", db_cell(res, i, 0), "service_name",
                     pick(res, i, 1, r->lang), "description", pick(res, i, 4, r->lang), "metadata", 0,
                     "type", "realtime", "keywords", "", "group", tr(r->lang, "Feedback and suggestions"));
}

int open311_services(request *r)
{
    apply_locale(r);
    db_result res;
    if (db_query(r->db, &r->a, &res, "SELECT " TOPIC_COLUMNS " FROM feedback_topics WHERE active = 1 ORDER BY code",
                 0, NULL) < 0)
        return -1;
    json_t *arr = json_array();
    for (int i = 0; i < res.nrows; i++) json_array_append_new(arr, service_json(r, &res, i));
    respond_doc(r, 200, "services", "service", arr);
    return 0;
}

/* The {code} or {id} path segment without its .json/.xml suffix; NULL when it has neither. */
static const char *strip_format(request *r, const char *name)
{
    const char *seg = req_param(r, name);
    if (!seg) return NULL;
    size_t n = strlen(seg);
    if (!(ends_with(seg, ".json") || ends_with(seg, ".xml"))) return NULL;
    size_t cut = ends_with(seg, ".json") ? 5 : 4;
    if (n <= cut) return NULL;
    return arena_strndup(&r->a, seg, n - cut);
}

int open311_service_definition(request *r)
{
    apply_locale(r);
    const char *code = strip_format(r, "code");
    db_result res;
    if (code) {
        db_param p[] = {DB_TEXT(code)};
        if (db_query(r->db, &r->a, &res, "SELECT code FROM feedback_topics WHERE code = $1 AND active = 1", 1, p) < 0)
            return -1;
    }
    if (!code || res.nrows == 0) {
        open311_error(r, 404, tr(r->lang, "There is no service with this service_code."));
        return 0;
    }
    /* metadata is false for every service: no attributes beyond the standard fields. */
    json_t *def = json_pack("{s:s, s:[]}", "service_code", db_cell(&res, 0, 0), "attributes");
    respond_doc(r, 200, "service_definition", "attribute", def);
    return 0;
}

/* ---- service requests ---- */

#define REQUEST_COLUMNS                                                                                    \
    "f.ref_code, f.status, f.created_at, COALESCE(f.closed_at, f.first_response_at, f.created_at), "   \
    "t.code, t.name_fi, t.name_sv, t.name_en, f.message, f.public_answer, f.published"
#define REQUEST_FROM " FROM feedback f JOIN feedback_topics t ON t.id = f.topic_id "

static json_t *request_json(request *r, const db_result *res, int i)
{
    const char *status = db_cell(res, i, 1);
    bool published = db_cell_int(res, i, 10) != 0;
    const char *answer = db_cell(res, i, 9);
    json_t *o = json_object();
    json_object_set_new(o, "service_request_id", json_string(db_cell(res, i, 0)));
    json_object_set_new(o, "status", json_string(status && strcmp(status, "closed") == 0 ? "closed" : "open"));
    json_object_set_new(o, "status_notes", published && answer && *answer ? json_string(answer) : json_null());
    json_object_set_new(o, "service_name", json_string(pick(res, i, 5, r->lang)));
    json_object_set_new(o, "service_code", json_string(db_cell(res, i, 4)));
    json_object_set_new(o, "description", published ? json_string(db_cell(res, i, 8)) : json_null());
    json_object_set_new(o, "agency_responsible", json_string(tr(r->lang, "Western Uusimaa wellbeing services county")));
    json_object_set_new(o, "service_notice", json_null());
    json_object_set_new(o, "requested_datetime", json_string(w3c_time(r, db_cell_int(res, i, 2))));
    json_object_set_new(o, "updated_datetime", json_string(w3c_time(r, db_cell_int(res, i, 3))));
    return o;
}

static void respond_requests(request *r, const db_result *res)
{
    json_t *arr = json_array();
    for (int i = 0; i < res->nrows; i++) json_array_append_new(arr, request_json(r, res, i));
    respond_doc(r, 200, "service_requests", "request", arr);
}

int open311_requests_list(request *r)
{
    apply_locale(r);
    json_t *errs = json_array();
    db_param params[OPEN311_MAX_IDS + 8];
    int np = 0;
    buf where = BUF_INIT;
    buf_puts(&where, "WHERE 1 = 1");
    const char *ids_text = req_query(r, "service_request_id");
    const char *items[OPEN311_MAX_IDS];

    if (ids_text && *ids_text) {
        /* With ids, the other filters are ignored (as the specification says). */
        int n = split_list(r, ids_text, items, OPEN311_MAX_IDS);
        if (n <= 0) {
            add_error(errs, 400, n < 0 ? tr_fill(r, "service_request_id: give at most {n} ids.", OPEN311_MAX_IDS)
                                       : tr(r->lang, "service_request_id: give one or more ids separated by commas."));
        } else {
            buf_puts(&where, " AND f.ref_code IN (");
            for (int i = 0; i < n; i++) {
                params[np++] = DB_TEXT(items[i]);
                buf_printf(&where, "%s$%d", i ? ", " : "", np);
            }
            buf_puts(&where, ")");
        }
    } else {
        const char *codes = req_query(r, "service_code");
        if (codes && *codes) {
            const char *code_items[16];
            int n = split_list(r, codes, code_items, 16);
            if (n <= 0) {
                add_error(errs, 400, tr(r->lang, "service_code: give a service_code from the list of services."));
            } else {
                buf_puts(&where, " AND t.code IN (");
                for (int i = 0; i < n; i++) {
                    db_result tres;
                    db_param tp[] = {DB_TEXT(code_items[i])};
                    if (db_query(r->db, &r->a, &tres, "SELECT 1 FROM feedback_topics WHERE code = $1", 1, tp) < 0) {
                        buf_free(&where);
                        json_decref(errs);
                        return -1;
                    }
                    if (tres.nrows == 0)
                        add_error(errs, 400, arena_printf(&r->a, "service_code: %s",
                                                          tr(r->lang, "There is no service with this service_code.")));
                    params[np++] = DB_TEXT(code_items[i]);
                    buf_printf(&where, "%s$%d", i ? ", " : "", np);
                }
                buf_puts(&where, ")");
            }
        }
        const char *st = req_query(r, "status");
        if (st && *st) {
            const char *st_items[4];
            int n = split_list(r, st, st_items, 4);
            bool open = false, closed = false, bad = n <= 0;
            for (int i = 0; i < n; i++) {
                if (strcmp(st_items[i], "open") == 0) open = true;
                else if (strcmp(st_items[i], "closed") == 0) closed = true;
                else bad = true;
            }
            if (bad) add_error(errs, 400, tr(r->lang, "status: use open, closed or both separated by a comma."));
            else if (open && !closed) buf_puts(&where, " AND f.status <> 'closed'");
            else if (closed && !open) buf_puts(&where, " AND f.status = 'closed'");
        }
        const char *sd = req_query(r, "start_date"), *ed = req_query(r, "end_date");
        int64_t start = 0, end = 0;
        bool has_start = sd && *sd, has_end = ed && *ed, dates_ok = true;
        if (has_start && !parse_w3c(sd, &start)) {
            add_error(errs, 400, tr(r->lang, "start_date: use a W3C date and time, for example 2026-01-31T12:00:00+02:00."));
            dates_ok = false;
        }
        if (has_end && !parse_w3c(ed, &end)) {
            add_error(errs, 400, tr(r->lang, "end_date: use a W3C date and time, for example 2026-01-31T12:00:00+02:00."));
            dates_ok = false;
        }
        if (dates_ok && has_start && has_end && start > end) {
            add_error(errs, 400, tr(r->lang, "end_date must not be earlier than start_date."));
            dates_ok = false;
        }
        if (dates_ok) {
            if (!has_end) end = r->now;
            if (!has_start) start = end - (int64_t)OPEN311_DEFAULT_DAYS * 86400;
            params[np++] = DB_INT(start);
            buf_printf(&where, " AND f.created_at >= $%d", np);
            if (has_end) {
                params[np++] = DB_INT(end);
                buf_printf(&where, " AND f.created_at <= $%d", np);
            }
        }
    }
    if (json_array_size(errs) > 0) {
        buf_free(&where);
        respond_errors(r, 400, errs);
        return 0;
    }
    json_decref(errs);
    params[np++] = DB_INT(OPEN311_MAX_RESULTS);
    const char *sql = arena_printf(&r->a, "SELECT " REQUEST_COLUMNS REQUEST_FROM "%s ORDER BY f.created_at DESC, f.id DESC LIMIT $%d",
                                   where.data, np);
    buf_free(&where);
    db_result res;
    if (db_query(r->db, &r->a, &res, sql, np, params) < 0) return -1;
    respond_requests(r, &res);
    return 0;
}

int open311_request_show(request *r)
{
    apply_locale(r);
    const char *id = strip_format(r, "id");
    db_result res;
    if (id) {
        db_param p[] = {DB_TEXT(id)};
        if (db_query(r->db, &r->a, &res, "SELECT " REQUEST_COLUMNS REQUEST_FROM "WHERE f.ref_code = $1", 1, p) < 0)
            return -1;
    }
    if (!id || res.nrows == 0) {
        open311_error(r, 404, tr(r->lang, "There is no service request with this service_request_id."));
        return 0;
    }
    respond_requests(r, &res);
    return 0;
}

int open311_request_create(request *r)
{
    apply_locale(r);
    open311_post post;
    open311_post_read(&r->a, &r->form, &r->query, &post);
    int64_t key_id = api_key_check(r->db, &r->a, post.api_key);
    if (key_id < 0) return -1;
    if (key_id == 0) {
        open311_error(r, 403, tr(r->lang, "api_key is missing or not valid. Ask the county for an API key."));
        return 0;
    }
    json_t *errs = json_array();
    int64_t topic_id = 0;
    if (!post.service_code) {
        add_error(errs, 400, tr(r->lang, "service_code: give a service_code from the list of services."));
    } else {
        db_result res;
        db_param p[] = {DB_TEXT(post.service_code)};
        if (db_query(r->db, &r->a, &res, "SELECT id FROM feedback_topics WHERE code = $1 AND active = 1", 1, p) < 0) {
            json_decref(errs);
            return -1;
        }
        if (res.nrows == 0)
            add_error(errs, 400, arena_printf(&r->a, "service_code: %s",
                                              tr(r->lang, "There is no service with this service_code.")));
        else
            topic_id = db_cell_int(&res, 0, 0);
    }
    if (post.location_bad)
        add_error(errs, 400, tr(r->lang, "lat, long: give both as decimal degrees (WGS84), for example lat=60.25 and long=24.07."));

    feedback_input in = {
        .message = post.description,
        .topic_id = topic_id,
        .lang = r->lang,
        .channel = "open311",
        .contact_requested = post.contact_requested,
        .contact_name = post.contact_name,
        .contact_email = post.email,
        .contact_phone = post.phone,
        .contact_lang = r->lang,
    };
    feedback_errors fe;
    feedback_validate(r->db, &r->a, &in, &fe);
    if (fe.message) add_field_error(r, errs, "description", fe.message);
    if (fe.topic && topic_id) add_field_error(r, errs, "service_code", fe.topic);
    if (fe.contact_name) add_field_error(r, errs, "first_name, last_name", fe.contact_name);
    if (fe.contact_email) add_field_error(r, errs, "email", fe.contact_email);
    if (fe.contact_phone) add_field_error(r, errs, "phone", fe.contact_phone);
    if (json_array_size(errs) > 0) {
        respond_errors(r, 400, errs);
        return 0;
    }
    json_decref(errs);

    const char *ref = NULL;
    if (db_begin(r->db) < 0) return -1;
    if (feedback_create(r->db, &r->a, r->now, &in, &ref) < 0) {
        db_rollback(r->db);
        return -1;
    }
    if (db_commit(r->db) < 0) {
        db_rollback(r->db);
        return -1;
    }
    json_t *out = json_pack("[{s:s, s:s}]", "service_request_id", ref, "service_notice",
                            tr(r->lang, "Thank you for your feedback. We will handle it as soon as we can."));
    respond_doc(r, 201, "service_requests", "request", out);
    return 0;
}
