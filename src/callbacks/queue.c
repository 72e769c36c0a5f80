/* The staff's callback queue: requests of their municipalities, urgent and
 * oldest first, late ones flagged; a request's page (audited, since it holds
 * a phone number and the resident's answers), claiming, recording calls and
 * notes. Nothing personal is in the list itself. */
#include "callbacks.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../accounts/scope.h"
#include "../audit/audit.h"
#include "../directory/hours.h"
#include "../selfassess/selfassess.h"
#include "../view/i18n.h"

static const char *const URGENCIES[] = {"urgent", "days", "routine", "selfcare"};
static const char *const URGENCY_LABELS[] = {N_("Urgent (today)"), N_("Within days"), N_("Routine"), N_("Self-care")};
static const char *const RESULTS[] = {"reached", "no_answer", "rescheduled", "referred"};
static const char *const RESULT_LABELS[] = {N_("Reached"), N_("No answer: try again"), N_("Rescheduled"),
                                            N_("Referred to another service")};
#define NURG 4
#define NRES 4
#define NOTE_MAX 2000

static const char *label_of(request *r, const char *const *codes, const char *const *labels, int n, const char *code)
{
    for (int i = 0; i < n; i++)
        if (code && strcmp(code, codes[i]) == 0) return tr(r->lang, labels[i]);
    return code ? code : "";
}

static const char *status_label(request *r, const char *status)
{
    if (strcmp(status, "new") == 0) return tr(r->lang, "New");
    if (strcmp(status, "claimed") == 0) return tr(r->lang, "Claimed");
    if (strcmp(status, "retry") == 0) return tr(r->lang, "Try again");
    if (strcmp(status, "rescheduled") == 0) return tr(r->lang, "Rescheduled");
    return tr(r->lang, "Handled");
}

/* "3.12.2026 14.05" (fi, sv) or "3 Dec 2026 14:05" (en), Helsinki time. */
static const char *moment(request *r, int64_t t)
{
    hel_time h;
    hours_to_local(t, &h);
    int y, m, d;
    hours_civil_from_days(h.days, &y, &m, &d);
    if (strcmp(r->lang, "en") == 0) {
        static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
        return arena_printf(&r->a, "%d %s %d %d:%02d", d, mon[m - 1], y, h.minute / 60, h.minute % 60);
    }
    return arena_printf(&r->a, "%d.%d.%d %d.%02d", d, m, y, h.minute / 60, h.minute % 60);
}

static const char *age_text(request *r, int64_t seconds)
{
    if (seconds < 3600) return tr_fill(r, "{n} min", (long)(seconds / 60));
    if (seconds < 2 * 86400) return tr_fill(r, "{n} h", (long)(seconds / 3600));
    return tr_fill(r, "{n} days", (long)(seconds / 86400));
}

static int64_t parse_id(const char *s)
{
    if (!s || !*s || strlen(s) > 18) return -1;
    for (const char *p = s; *p; p++)
        if (!isdigit((unsigned char)*p)) return -1;
    return strtoll(s, NULL, 10);
}

static json_t *option(const char *value, const char *label, bool selected)
{
    return json_pack("{s:s, s:s, s:b}", "value", value, "label", label, "selected", selected);
}

int callbacks_queue(request *r)
{
    const char *service = req_query(r, "service"), *muni = req_query(r, "municipality"),
               *urgency = req_query(r, "urgency"), *show = req_query(r, "show");
    int64_t service_id = parse_id(service), muni_id = parse_id(muni);
    if (service_id < 0) service_id = 0;
    if (muni_id < 0) muni_id = 0;
    bool closed = show && strcmp(show, "closed") == 0;
    const char *urg = "";
    for (int i = 0; i < NURG; i++)
        if (urgency && strcmp(urgency, URGENCIES[i]) == 0) urg = URGENCIES[i];

    db_result res;
    db_param p[] = {DB_INT(staff_scope_user(r)), DB_INT(service_id), DB_INT(muni_id), DB_TEXT(urg), DB_INT(closed)};
    if (db_query(r->db, &r->a, &res,
                 "SELECT c.id, c.reference, c.urgency, c.status, c.created_at, c.due_at, c.claimed_by, u.display_name, "
                 "c.preferred_lang, c.time_windows, s.name_fi, s.name_sv, s.name_en, m.name_fi, m.name_sv, c.next_call_at, "
                 "c.result FROM callback_requests c JOIN municipalities m ON m.id = c.municipality_id "
                 "LEFT JOIN services s ON s.id = c.service_id LEFT JOIN users u ON u.id = c.claimed_by "
                 "WHERE " STAFF_SCOPE_SQL("$1", "c.municipality_id") " AND ($2 = 0 OR c.service_id = $2) "
                 "AND ($3 = 0 OR c.municipality_id = $3) AND ($4 = '' OR c.urgency = $4) "
                 "AND (($5 = 0 AND c.status <> 'closed') OR ($5 = 1 AND c.status = 'closed')) "
                 "ORDER BY CASE c.urgency WHEN 'urgent' THEN 1 WHEN 'days' THEN 2 WHEN 'routine' THEN 3 ELSE 4 END, "
                 "c.created_at, c.id LIMIT 300",
                 5, p) < 0)
        return -1;
    json_t *rows = json_array();
    int late = 0;
    for (int i = 0; i < res.nrows; i++) {
        const char *status = db_cell(&res, i, 3);
        bool is_late = !closed && strcmp(status, "new") == 0 && db_cell_int(&res, i, 5) < r->now;
        late += is_late;
        int scol = strcmp(r->lang, "sv") == 0 ? 11 : strcmp(r->lang, "en") == 0 ? 12 : 10;
        const char *sname = db_cell(&res, i, scol);
        if (!sname || !*sname) sname = db_cell(&res, i, 10);
        json_t *row = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:s}", "url",
                                req_url(r, arena_printf(&r->a, "/staff/callbacks/%s", db_cell(&res, i, 0))), "reference",
                                db_cell(&res, i, 1), "urgency", label_of(r, URGENCIES, URGENCY_LABELS, NURG, db_cell(&res, i, 2)),
                                "urgency_code", db_cell(&res, i, 2), "status", status_label(r, status), "service",
                                sname ? sname : "", "municipality", db_cell(&res, i, strcmp(r->lang, "sv") == 0 ? 14 : 13),
                                "late", is_late, "age", age_text(r, r->now - db_cell_int(&res, i, 4)));
        if (db_cell(&res, i, 7)) json_object_set_new(row, "claimed_by", json_string(db_cell(&res, i, 7)));
        if (db_cell(&res, i, 15)) json_object_set_new(row, "next_call", json_string(moment(r, db_cell_int(&res, i, 15))));
        json_object_set_new(row, "created", json_string(moment(r, db_cell_int(&res, i, 4))));
        json_array_append_new(rows, row);
    }

    /* filters */
    db_result svc, munis;
    db_param sp[] = {DB_INT(staff_scope_user(r))};
    if (db_query(r->db, &r->a, &svc,
                 "SELECT DISTINCT s.id, s.name_fi, s.name_sv, s.name_en FROM services s "
                 "JOIN questionnaires q ON q.service_id = s.id ORDER BY s.name_fi", 0, NULL) < 0 ||
        db_query(r->db, &r->a, &munis,
                 "SELECT m.id, m.name_fi, m.name_sv FROM municipalities m WHERE " STAFF_SCOPE_SQL("$1", "m.id")
                 " ORDER BY m.name_fi", 1, sp) < 0)
        return -1;
    json_t *sopts = json_array(), *mopts = json_array(), *uopts = json_array();
    json_array_append_new(sopts, option("", tr(r->lang, "All services"), service_id == 0));
    for (int i = 0; i < svc.nrows; i++) {
        int col = strcmp(r->lang, "sv") == 0 ? 2 : strcmp(r->lang, "en") == 0 ? 3 : 1;
        const char *name = *db_cell(&svc, i, col) ? db_cell(&svc, i, col) : db_cell(&svc, i, 1);
        json_array_append_new(sopts, option(db_cell(&svc, i, 0), name, db_cell_int(&svc, i, 0) == service_id));
    }
    json_array_append_new(mopts, option("", tr(r->lang, "All my municipalities"), muni_id == 0));
    for (int i = 0; i < munis.nrows; i++)
        json_array_append_new(mopts, option(db_cell(&munis, i, 0), db_cell(&munis, i, strcmp(r->lang, "sv") == 0 ? 2 : 1),
                                            db_cell_int(&munis, i, 0) == muni_id));
    json_array_append_new(uopts, option("", tr(r->lang, "Any urgency"), !*urg));
    for (int i = 0; i < NURG; i++)
        json_array_append_new(uopts, option(URGENCIES[i], tr(r->lang, URGENCY_LABELS[i]), strcmp(urg, URGENCIES[i]) == 0));

    json_t *ctx = json_pack("{s:s, s:o, s:o, s:o, s:o, s:b, s:b, s:s}", "title", tr(r->lang, "Callback requests"), "rows",
                            rows, "services", sopts, "municipalities", mopts, "urgencies", uopts, "closed", closed, "empty",
                            res.nrows == 0, "action", req_url(r, "/staff/callbacks"));
    if (late) json_object_set_new(ctx, "late_text", json_string(tr_fill(r, "{n} requests have waited longer than their "
                                                                          "urgency allows without being claimed.", late)));
    json_object_set_new(ctx, "open_url", json_string(req_url(r, "/staff/callbacks")));
    json_object_set_new(ctx, "closed_url", json_string(req_url(r, "/staff/callbacks?show=closed")));
    respond_page(r, 200, "callbacks/queue", ctx);
    return 0;
}

typedef struct cb_row {
    int64_t id, assessment_id, service_id, claimed_by;
    const char *reference, *urgency, *status;
    db_result res;
} cb_row;

#define CB_COLUMNS "c.id, c.reference, c.urgency, c.status, c.phone, c.email, c.message, c.preferred_lang, c.time_windows, " \
    "c.created_at, c.due_at, c.claimed_by, u.display_name, c.assessment_id, c.service_id, s.name_fi, s.name_sv, s.name_en, " \
    "m.name_fi, m.name_sv, c.result, c.next_call_at, c.closed_at, c.erased_at, c.first_call_at"

/* 1 found and in scope, 0 answered 404, -1 error. */
static int load(request *r, cb_row *out)
{
    int64_t id = parse_id(req_param(r, "id"));
    if (id <= 0) {
        respond_error(r, 404, NULL);
        return 0;
    }
    db_param p[] = {DB_INT(staff_scope_user(r)), DB_INT(id)};
    if (db_query(r->db, &r->a, &out->res,
                 "SELECT " CB_COLUMNS " FROM callback_requests c JOIN municipalities m ON m.id = c.municipality_id "
                 "LEFT JOIN services s ON s.id = c.service_id LEFT JOIN users u ON u.id = c.claimed_by "
                 "WHERE c.id = $2 AND " STAFF_SCOPE_SQL("$1", "c.municipality_id"), 2, p) < 0)
        return -1;
    if (out->res.nrows == 0) {   /* not there, or another municipality's: the same answer */
        respond_error(r, 404, NULL);
        return 0;
    }
    db_result *res = &out->res;
    out->id = id;
    out->reference = db_cell(res, 0, 1);
    out->urgency = db_cell(res, 0, 2);
    out->status = db_cell(res, 0, 3);
    out->claimed_by = db_cell(res, 0, 11) ? db_cell_int(res, 0, 11) : 0;
    out->assessment_id = db_cell(res, 0, 13) ? db_cell_int(res, 0, 13) : 0;
    out->service_id = db_cell(res, 0, 14) ? db_cell_int(res, 0, 14) : 0;
    return 1;
}

static const char *lang_name(request *r, const char *code)
{
    if (code && strcmp(code, "sv") == 0) return tr(r->lang, "Swedish");
    if (code && strcmp(code, "en") == 0) return tr(r->lang, "English");
    return tr(r->lang, "Finnish");
}

static const char *windows_text(request *r, const char *w)
{
    if (!w || !*w) return tr(r->lang, "Any time");
    buf b = BUF_INIT;
    static const char *const codes[] = {"morning", "afternoon", "evening"};
    static const char *const labels[] = {N_("Morning (8–12)"), N_("Afternoon (12–16)"), N_("Evening (16–20)")};
    for (int i = 0; i < 3; i++)
        if (strstr(w, codes[i])) buf_printf(&b, "%s%s", b.len ? ", " : "", tr(r->lang, labels[i]));
    const char *s = arena_strdup(&r->a, b.data ? b.data : "");
    buf_free(&b);
    return s;
}

static int render_show(request *r, int status, cb_row *c, const char *const vals[5], const char *const errs[4],
                       const char *note_err)
{
    db_result *res = &c->res;
    int scol = strcmp(r->lang, "sv") == 0 ? 16 : strcmp(r->lang, "en") == 0 ? 17 : 15;
    const char *sname = db_cell(res, 0, scol);
    if (!sname || !*sname) sname = db_cell(res, 0, 15);
    bool closed = strcmp(c->status, "closed") == 0;
    json_t *ctx = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "title",
                            arena_printf(&r->a, "%s %s", tr(r->lang, "Callback request"), c->reference), "reference",
                            c->reference, "urgency", label_of(r, URGENCIES, URGENCY_LABELS, NURG, c->urgency), "status",
                            status_label(r, c->status), "language", lang_name(r, db_cell(res, 0, 7)), "windows",
                            windows_text(r, db_cell(res, 0, 8)), "municipality",
                            db_cell(res, 0, strcmp(r->lang, "sv") == 0 ? 19 : 18), "closed", closed);
    if (sname) json_object_set_new(ctx, "service", json_string(sname));
    if (db_cell(res, 0, 4)) {
        json_object_set_new(ctx, "phone", json_string(db_cell(res, 0, 4)));
    } else if (db_cell(res, 0, 23)) {
        json_object_set_new(ctx, "erased", json_string(moment(r, db_cell_int(res, 0, 23))));
    }
    if (db_cell(res, 0, 5)) json_object_set_new(ctx, "email", json_string(db_cell(res, 0, 5)));
    if (db_cell(res, 0, 6)) json_object_set_new(ctx, "message", json_string(db_cell(res, 0, 6)));
    json_object_set_new(ctx, "created", json_string(moment(r, db_cell_int(res, 0, 9))));
    json_object_set_new(ctx, "due", json_string(moment(r, db_cell_int(res, 0, 10))));
    json_object_set_new(ctx, "late", json_boolean(strcmp(c->status, "new") == 0 && db_cell_int(res, 0, 10) < r->now));
    if (db_cell(res, 0, 12)) json_object_set_new(ctx, "claimed_by", json_string(db_cell(res, 0, 12)));
    json_object_set_new(ctx, "claimed_by_me", json_boolean(c->claimed_by == r->user->id));
    if (db_cell(res, 0, 21)) json_object_set_new(ctx, "next_call", json_string(moment(r, db_cell_int(res, 0, 21))));
    if (db_cell(res, 0, 20))
        json_object_set_new(ctx, "result", json_string(label_of(r, RESULTS, RESULT_LABELS, NRES, db_cell(res, 0, 20))));
    const char *base = arena_printf(&r->a, "/staff/callbacks/%lld", (long long)c->id);
    json_object_set_new(ctx, "claim_url", json_string(req_url(r, arena_concat(&r->a, base, "/claim", NULL))));
    json_object_set_new(ctx, "call_url", json_string(req_url(r, arena_concat(&r->a, base, "/call", NULL))));
    json_object_set_new(ctx, "note_url", json_string(req_url(r, arena_concat(&r->a, base, "/note", NULL))));
    json_object_set_new(ctx, "queue_url", json_string(req_url(r, "/staff/callbacks")));
    if (c->assessment_id) {
        json_t *summary = sa_assessment_summary(r, c->assessment_id);
        if (!summary) return -1;
        json_object_set_new(ctx, "assessment", summary);
    }

    /* the call form: result, when to call again, where referred, note */
    json_t *results = json_array();
    for (int i = 0; i < NRES; i++)
        json_array_append_new(results, json_pack("{s:s, s:s, s:s, s:b}", "id", arena_printf(&r->a, "result-%s", RESULTS[i]),
                                                 "value", RESULTS[i], "label", tr(r->lang, RESULT_LABELS[i]), "checked",
                                                 vals && vals[0] && strcmp(vals[0], RESULTS[i]) == 0));
    json_object_set_new(ctx, "results", results);
    db_result svc;
    if (db_query(r->db, &r->a, &svc, "SELECT id, name_fi, name_sv, name_en FROM services WHERE active = 1 ORDER BY name_fi",
                 0, NULL) < 0)
        return -1;
    json_t *sopts = json_array();
    json_array_append_new(sopts, option("", tr(r->lang, "Choose"), !vals || !vals[3] || !*vals[3]));
    for (int i = 0; i < svc.nrows; i++) {
        int col = strcmp(r->lang, "sv") == 0 ? 2 : strcmp(r->lang, "en") == 0 ? 3 : 1;
        const char *name = *db_cell(&svc, i, col) ? db_cell(&svc, i, col) : db_cell(&svc, i, 1);
        json_array_append_new(sopts, option(db_cell(&svc, i, 0), name, vals && vals[3] && strcmp(vals[3], db_cell(&svc, i, 0)) == 0));
    }
    json_object_set_new(ctx, "services", sopts);
    json_object_set_new(ctx, "call_date", json_string(vals && vals[1] ? vals[1] : ""));
    json_object_set_new(ctx, "call_time", json_string(vals && vals[2] ? vals[2] : ""));
    json_t *errors = json_array();
    const char *ids[] = {"result-reached", "call-date", "call-time", "referred"};
    const char *keys[] = {"result_error", "date_error", "time_error", "referred_error"};
    for (int i = 0; i < 4; i++)
        if (errs && errs[i]) {
            json_object_set_new(ctx, keys[i], json_string(errs[i]));
            json_array_append_new(errors, json_pack("{s:s, s:s}", "field_id", ids[i], "message", errs[i]));
        }
    if (note_err) {
        json_object_set_new(ctx, "note_error", json_string(note_err));
        json_array_append_new(errors, json_pack("{s:s, s:s}", "field_id", "note", "message", note_err));
    }
    if (json_array_size(errors)) {
        json_object_set_new(ctx, "errors", errors);
        json_object_set_new(ctx, "has_errors", json_true());
    }

    /* what has been done so far */
    db_result ev;
    db_param ep[] = {DB_INT(c->id)};
    if (db_query(r->db, &r->a, &ev,
                 "SELECT e.action, e.result, e.note, e.created_at, u.display_name FROM callback_events e "
                 "LEFT JOIN users u ON u.id = e.user_id WHERE e.callback_id = $1 ORDER BY e.created_at, e.id", 1, ep) < 0)
        return -1;
    json_t *history = json_array();
    for (int i = 0; i < ev.nrows; i++) {
        const char *action = db_cell(&ev, i, 0);
        const char *what = strcmp(action, "claim") == 0  ? tr(r->lang, "Claimed")
                         : strcmp(action, "note") == 0   ? tr(r->lang, "Note")
                         : strcmp(action, "release") == 0 ? tr(r->lang, "Released")
                                                         : label_of(r, RESULTS, RESULT_LABELS, NRES, db_cell(&ev, i, 1));
        json_t *h = json_pack("{s:s, s:s, s:s}", "when", moment(r, db_cell_int(&ev, i, 3)), "what", what, "who",
                              db_cell(&ev, i, 4) ? db_cell(&ev, i, 4) : "");
        if (db_cell(&ev, i, 2)) json_object_set_new(h, "note", json_string(db_cell(&ev, i, 2)));
        json_array_append_new(history, h);
    }
    json_object_set_new(ctx, "history", history);
    respond_page(r, status, "callbacks/show", ctx);
    return 0;
}

int callbacks_show(request *r)
{
    cb_row c;
    int rc = load(r, &c);
    if (rc <= 0) return rc;
    /* The page holds a phone number and health answers: every opening is audited. */
    if (audit_record(r->db, r->now, r->user->id, "callback.view", 0, arena_printf(&r->a, "callback=%lld", (long long)c.id)) < 0)
        return -1;
    return render_show(r, 200, &c, NULL, NULL, NULL);
}

static int add_event(request *r, int64_t id, const char *action, const char *result, const char *note)
{
    db_param p[] = {DB_INT(id), DB_INT(r->user->id), DB_TEXT(action), DB_TEXT(result), DB_TEXT(note), DB_INT(r->now)};
    return db_exec(r->db, "INSERT INTO callback_events(callback_id, user_id, action, result, note, created_at) "
                          "VALUES($1, $2, $3, $4, $5, $6)", 6, p);
}

static void back_to(request *r, int64_t id)
{
    respond_redirect(r, 303, req_url(r, arena_printf(&r->a, "/staff/callbacks/%lld", (long long)id)));
}

int callbacks_claim(request *r)
{
    cb_row c;
    int rc = load(r, &c);
    if (rc <= 0) return rc;
    if (strcmp(c.status, "closed") == 0) {
        back_to(r, c.id);
        return 0;
    }
    db_param p[] = {DB_INT(r->user->id), DB_INT(r->now), DB_INT(c.id)};
    if (db_begin(r->db) < 0 ||
        db_exec(r->db, "UPDATE callback_requests SET claimed_by = $1, claimed_at = $2, updated_at = $2, "
                       "status = CASE WHEN status = 'new' THEN 'claimed' ELSE status END WHERE id = $3", 3, p) < 0 ||
        add_event(r, c.id, "claim", NULL, NULL) < 0 || db_commit(r->db) < 0) {
        if (db_in_transaction(r->db)) db_rollback(r->db);
        return -1;
    }
    back_to(r, c.id);
    return 0;
}

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) n++;
    return n;
}

int callbacks_record(request *r)
{
    cb_row c;
    int rc = load(r, &c);
    if (rc <= 0) return rc;
    const char *result = req_form(r, "result"), *date = req_form(r, "call_date"), *time = req_form(r, "call_time"),
               *referred = req_form(r, "referred"), *note = req_form(r, "note");
    const char *vals[5] = {result, date, time, referred, note};
    const char *errs[4] = {0};
    int ri = -1;
    for (int i = 0; i < NRES; i++)
        if (result && strcmp(result, RESULTS[i]) == 0) ri = i;
    if (ri < 0) errs[0] = tr(r->lang, "Choose what happened on the call.");
    int64_t next_at = 0, referred_id = 0;
    if (ri == 2) {
        int64_t day = date && *date ? hours_parse_date(date) : -1;
        int hh = -1, mm = -1;
        char tail;
        if (!time || (sscanf(time, "%d:%d%c", &hh, &mm, &tail) != 2 && sscanf(time, "%d.%d%c", &hh, &mm, &tail) != 2) ||
            hh < 0 || hh > 23 || mm < 0 || mm > 59)
            errs[2] = tr(r->lang, "Write the time as hours and minutes, for example 14.30.");
        if (day < 0) errs[1] = tr(r->lang, "Choose the day of the next call.");
        if (!errs[1] && !errs[2]) {
            next_at = hours_from_local(day, hh * 60 + mm);
            if (next_at <= r->now) errs[1] = tr(r->lang, "The next call must be in the future.");
        }
    }
    if (ri == 3) {
        referred_id = parse_id(referred);
        db_result s;
        db_param sp[] = {DB_INT(referred_id)};
        if (referred_id <= 0 || db_query(r->db, &r->a, &s, "SELECT 1 FROM services WHERE id = $1", 1, sp) < 0 || s.nrows == 0)
            errs[3] = tr(r->lang, "Choose the service the resident was referred to.");
    }
    const char *note_err = note && utf8_chars(note) > NOTE_MAX ? tr_fill(r, "Write at most {n} characters.", NOTE_MAX) : NULL;
    if (errs[0] || errs[1] || errs[2] || errs[3] || note_err) return render_show(r, 400, &c, vals, errs, note_err);
    if (strcmp(c.status, "closed") == 0) {
        back_to(r, c.id);
        return 0;
    }
    static const char *const next_status[] = {"closed", "retry", "rescheduled", "closed"};
    bool closes = ri == 0 || ri == 3;
    db_param p[] = {DB_TEXT(next_status[ri]), DB_TEXT(RESULTS[ri]), DB_INT(r->now), DB_INT(r->user->id),
                    next_at ? DB_INT(next_at) : DB_NULL, referred_id ? DB_INT(referred_id) : DB_NULL,
                    closes ? DB_INT(r->now) : DB_NULL, DB_INT(c.id)};
    if (db_begin(r->db) < 0 ||
        db_exec(r->db, "UPDATE callback_requests SET status = $1, result = $2, updated_at = $3, "
                       "first_call_at = COALESCE(first_call_at, $3), claimed_by = COALESCE(claimed_by, $4), "
                       "claimed_at = COALESCE(claimed_at, $3), next_call_at = $5, referred_service_id = $6, closed_at = $7 "
                       "WHERE id = $8", 8, p) < 0 ||
        add_event(r, c.id, "call", RESULTS[ri], note && *note ? note : NULL) < 0 || db_commit(r->db) < 0) {
        if (db_in_transaction(r->db)) db_rollback(r->db);
        return -1;
    }
    back_to(r, c.id);
    return 0;
}

int callbacks_note(request *r)
{
    cb_row c;
    int rc = load(r, &c);
    if (rc <= 0) return rc;
    const char *note = req_form(r, "note");
    const char *err = !note || !*note ? tr(r->lang, "Write the note.")
                    : utf8_chars(note) > NOTE_MAX ? tr_fill(r, "Write at most {n} characters.", NOTE_MAX)
                                                  : NULL;
    if (err) return render_show(r, 400, &c, NULL, NULL, err);
    if (add_event(r, c.id, "note", NULL, note) < 0) return -1;
    back_to(r, c.id);
    return 0;
}

int callbacks_purge_personal_data(db *d, int64_t now, int retention_days)
{
    if (retention_days < 0) retention_days = 0;
    arena a;
    arena_init(&a);
    db_param p[] = {DB_INT(now), DB_INT(now - (int64_t)retention_days * 86400)};
    db_result res;
    int rc = -1;
    if (db_begin(d) < 0) goto done;
    if (db_exec(d, "UPDATE callback_events SET note = NULL WHERE note IS NOT NULL AND callback_id IN "
                   "(SELECT id FROM callback_requests WHERE status = 'closed' AND closed_at <= $1 AND erased_at IS NULL)",
                1, p + 1) < 0 ||
        db_query(d, &a, &res,
                 "UPDATE callback_requests SET phone = NULL, email = NULL, message = NULL, erased_at = $1 "
                 "WHERE status = 'closed' AND closed_at <= $2 AND erased_at IS NULL", 2, p) < 0 ||
        db_commit(d) < 0) {
        if (db_in_transaction(d)) db_rollback(d);
        goto done;
    }
    rc = (int)res.changes;
done:
    arena_free_all(&a);
    return rc;
}
