/* Staff inbox: /{lang}/staff/feedback (filters), /{lang}/staff/feedback/{id}
 * (status, assignment, internal notes, replies by e-mail, publication).
 * Staff limited to municipalities see those and unscoped feedback; every view
 * of an item holding contact details is written to the audit log. */
#include "feedback.h"
#include "inbox_internal.h"
#include "../audit/audit.h"
#include "../http/formview.h"
#include "../mail/outbox.h"
#include "../util/buf.h"
#include "../view/i18n.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const STATUSES[4] = {"new", "in_progress", "answered", "closed"};
static const char *const STATUS_LABELS[4] = {N_("New"), N_("In progress"), N_("Answered"), N_("Closed")};

const char *feedback_status_label(request *r, const char *status)
{
    for (int i = 0; i < 4; i++)
        if (status && strcmp(status, STATUSES[i]) == 0) return tr(r->lang, STATUS_LABELS[i]);
    return status ? status : "";
}

static bool status_valid(const char *s)
{
    for (int i = 0; i < 4; i++)
        if (s && strcmp(s, STATUSES[i]) == 0) return true;
    return false;
}

int64_t feedback_scope_user(const request *r) { return r->user->role >= ROLE_ADMIN ? 0 : r->user->id; }

const char *feedback_date(request *r, int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    return arena_printf(&r->a, "%d.%d.%d", tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900);
}

static int64_t parse_pos(const char *s)
{
    if (!s || !*s || !isdigit((unsigned char)*s)) return 0;
    char *end;
    long long v = strtoll(s, &end, 10);
    return (*end || v <= 0) ? -1 : v;
}

/* Column offset among (fi, sv, en) columns for the page's language. */
static int loff(const request *r) { return strcmp(r->lang, "sv") == 0 ? 1 : strcmp(r->lang, "en") == 0 ? 2 : 0; }

static const char *pick3(const request *r, const db_result *res, int row, int col_fi)
{
    const char *v = db_cell(res, row, col_fi + loff(r));
    return (v && *v) ? v : db_cell(res, row, col_fi);
}

static json_t *opt(const char *value, const char *label, const char *current)
{
    return json_pack("{s:s, s:s, s:b}", "value", value, "label", label ? label : "", "selected",
                     current && strcmp(current, value) == 0);
}

static const char *excerpt(request *r, const char *s, size_t max_chars)
{
    size_t n = 0;
    const char *p = s;
    for (; *p; p++) {
        if ((*(const unsigned char *)p & 0xC0) != 0x80) {
            if (n == max_chars) break;
            n++;
        }
    }
    if (!*p) return s;
    return arena_printf(&r->a, "%.*s…", (int)(p - s), s);
}

#define LIST_LIMIT 200

int feedback_inbox(request *r)
{
    const char *status = req_query(r, "status"), *age = req_query(r, "age");
    const char *project = req_query(r, "project"), *muni = req_query(r, "municipality");
    if (!status || !status_valid(status)) status = "";
    if (!age || (strcmp(age, "week") && strcmp(age, "month") && strcmp(age, "older"))) age = "";
    int64_t project_id = parse_pos(project), muni_id = parse_pos(muni);
    if (project_id < 0) project_id = 0;
    if (muni_id < 0) muni_id = 0;
    int64_t lo = 0, hi = r->now + 86400;
    if (strcmp(age, "week") == 0) lo = r->now - 7 * 86400;
    else if (strcmp(age, "month") == 0) lo = r->now - 30 * 86400, hi = r->now - 7 * 86400;
    else if (strcmp(age, "older") == 0) hi = r->now - 30 * 86400;

    db_result res;
    db_param p[] = {DB_INT(feedback_scope_user(r)), DB_TEXT(status), DB_INT(project_id), DB_INT(muni_id),
                    DB_INT(lo), DB_INT(hi), DB_INT(LIST_LIMIT + 1)};
    if (db_query(r->db, &r->a, &res,
                 "SELECT f.id, f.ref_code, f.created_at, f.status, f.message, t.name_fi, t.name_sv, t.name_en, "
                 "p.title_fi, p.title_sv, p.title_en, m.name_fi, m.name_sv, m.name_fi, a.display_name, "
                 "f.contact_requested "
                 "FROM feedback f LEFT JOIN feedback_topics t ON t.id = f.topic_id "
                 "LEFT JOIN projects p ON p.id = f.project_id LEFT JOIN municipalities m ON m.id = f.municipality_id "
                 "LEFT JOIN users a ON a.id = f.assigned_user_id "
                 "WHERE " FEEDBACK_SCOPE_SQL " AND ($2 = '' OR f.status = $2) AND ($3 = 0 OR f.project_id = $3) "
                 "AND ($4 = 0 OR f.municipality_id = $4) AND f.created_at >= $5 AND f.created_at <= $6 "
                 "ORDER BY f.created_at DESC, f.id DESC LIMIT $7", 7, p) < 0)
        return -1;
    json_t *items = json_array();
    int n = res.nrows > LIST_LIMIT ? LIST_LIMIT : res.nrows;
    /* the list shows the start of each message: one audit entry naming them */
    if (n > 0) {
        buf shown = BUF_INIT;
        buf_printf(&shown, "feedback inbox, %d excerpts:", n);
        for (int i = 0; i < n; i++) buf_printf(&shown, " %s", db_cell(&res, i, 1));
        int rc = audit_record(r->db, r->now, r->user->id, "feedback.list", 0, shown.data);
        buf_free(&shown);
        if (rc < 0) {
            json_decref(items);
            return -1;
        }
    }
    for (int i = 0; i < n; i++) {
        const char *topic = pick3(r, &res, i, 5), *proj = pick3(r, &res, i, 8), *mname = pick3(r, &res, i, 11);
        json_t *it = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "url",
                               req_url(r, arena_printf(&r->a, "/staff/feedback/%s", db_cell(&res, i, 0))), "ref",
                               db_cell(&res, i, 1), "date", feedback_date(r, db_cell_int(&res, i, 2)), "status",
                               db_cell(&res, i, 3), "status_label", feedback_status_label(r, db_cell(&res, i, 3)),
                               "excerpt", excerpt(r, db_cell(&res, i, 4), 120));
        if (topic) json_object_set_new(it, "topic", json_string(topic));
        if (proj) json_object_set_new(it, "project", json_string(proj));
        if (mname) json_object_set_new(it, "municipality", json_string(mname));
        if (db_cell(&res, i, 14)) json_object_set_new(it, "assignee", json_string(db_cell(&res, i, 14)));
        if (db_cell_int(&res, i, 15)) json_object_set_new(it, "contact", json_true());
        json_array_append_new(items, it);
    }

    /* filter choices */
    json_t *statuses = json_array();
    json_array_append_new(statuses, opt("", tr(r->lang, "All statuses"), status));
    for (int i = 0; i < 4; i++) json_array_append_new(statuses, opt(STATUSES[i], tr(r->lang, STATUS_LABELS[i]), status));
    json_t *ages = json_array();
    json_array_append_new(ages, opt("", tr(r->lang, "Any age"), age));
    json_array_append_new(ages, opt("week", tr(r->lang, "Under 7 days"), age));
    json_array_append_new(ages, opt("month", tr(r->lang, "7 to 30 days"), age));
    json_array_append_new(ages, opt("older", tr(r->lang, "Over 30 days"), age));
    json_t *projects = json_array(), *munis = json_array();
    const char *pcur = project_id ? arena_printf(&r->a, "%lld", (long long)project_id) : "";
    const char *mcur = muni_id ? arena_printf(&r->a, "%lld", (long long)muni_id) : "";
    json_array_append_new(projects, opt("", tr(r->lang, "All projects"), pcur));
    json_array_append_new(munis, opt("", tr(r->lang, "All municipalities"), mcur));
    db_result pr, mr;
    if (db_query(r->db, &r->a, &pr, "SELECT id, title_fi, title_sv, title_en FROM projects ORDER BY title_fi", 0, NULL) < 0 ||
        db_query(r->db, &r->a, &mr, "SELECT id, name_fi, name_sv, name_fi FROM municipalities ORDER BY name_fi", 0, NULL) < 0) {
        json_decref(items), json_decref(statuses), json_decref(ages), json_decref(projects), json_decref(munis);
        return -1;
    }
    for (int i = 0; i < pr.nrows; i++) json_array_append_new(projects, opt(db_cell(&pr, i, 0), pick3(r, &pr, i, 1), pcur));
    for (int i = 0; i < mr.nrows; i++) json_array_append_new(munis, opt(db_cell(&mr, i, 0), pick3(r, &mr, i, 1), mcur));

    json_t *ctx = json_pack("{s:s, s:o, s:b, s:b, s:o, s:o, s:o, s:o, s:s, s:s}", "title", tr(r->lang, "Feedback inbox"),
                            "items", items, "empty", n == 0, "more", res.nrows > LIST_LIMIT, "statuses", statuses,
                            "ages", ages, "projects", projects, "municipalities", munis, "action",
                            req_url(r, "/staff/feedback"), "reports_url", req_url(r, "/staff/feedback/reports"));
    respond_page(r, 200, "feedback/inbox", ctx);
    return 0;
}

/* ---- one item ---- */

#define ITEM_COLS "f.id, f.ref_code, f.created_at, f.status, f.message, f.lang, f.channel, f.contact_requested, " \
    "f.contact_name, f.contact_email, f.contact_phone, f.contact_lang, f.user_id, f.contact_erased_at, " \
    "f.assigned_user_id, f.first_response_at, f.closed_at, f.public_answer, f.published, f.project_id, " \
    "t.name_fi, t.name_sv, t.name_en, p.title_fi, p.title_sv, p.title_en, m.name_fi, m.name_sv, m.name_fi, " \
    "u.display_name, u.email"
enum { C_ID, C_REF, C_CREATED, C_STATUS, C_MESSAGE, C_LANG, C_CHANNEL, C_CREQ, C_CNAME, C_CEMAIL, C_CPHONE, C_CLANG,
       C_UID, C_ERASED, C_ASSIGNED, C_FIRST, C_CLOSED, C_ANSWER, C_PUBLISHED, C_PROJECT, C_TOPIC, C_PTITLE = 23,
       C_MUNI = 26, C_UNAME = 29, C_UEMAIL };

/* Loads the item if it exists and is in the user's scope: 1 found, 0 not, -1 error. */
static int load_item(request *r, int64_t id, db_result *res)
{
    db_param p[] = {DB_INT(feedback_scope_user(r)), DB_INT(id)};
    if (db_query(r->db, &r->a, res,
                 "SELECT " ITEM_COLS " FROM feedback f LEFT JOIN feedback_topics t ON t.id = f.topic_id "
                 "LEFT JOIN projects p ON p.id = f.project_id LEFT JOIN municipalities m ON m.id = f.municipality_id "
                 "LEFT JOIN users u ON u.id = f.user_id WHERE f.id = $2 AND " FEEDBACK_SCOPE_SQL, 2, p) < 0)
        return -1;
    return res->nrows > 0;
}

typedef struct item_form {
    const char *reply, *note, *answer, *status, *assignee;
    const char *reply_err, *note_err, *answer_err, *reviewed_err, *status_err, *assignee_err;
} item_form;

static int render_item(request *r, int status_code, int64_t id, const item_form *fm, const char *notice)
{
    static const item_form none = {0};
    if (!fm) fm = &none;
    db_result it;
    int found = load_item(r, id, &it);
    if (found < 0) return -1;
    if (!found) {
        respond_error(r, 404, NULL);
        return 0;
    }
    const char *ref = db_cell(&it, 0, C_REF);
    bool has_contact = db_cell(&it, 0, C_CNAME) || db_cell(&it, 0, C_CEMAIL) || db_cell(&it, 0, C_CPHONE) ||
                       db_cell(&it, 0, C_UID);
    /* the message itself may tell of health or other private matters, so
     * reading one is audited even when the sender left no contact details */
    if (audit_record(r->db, r->now, r->user->id, has_contact ? "feedback.view_contact" : "feedback.view",
                     has_contact ? db_cell_int(&it, 0, C_UID) : 0, arena_printf(&r->a, "feedback %s", ref ? ref : "")) < 0)
        return -1;

    db_result notes, replies, staff;
    db_param pid[] = {DB_INT(id)};
    if (db_query(r->db, &r->a, &notes, "SELECT n.body, n.created_at, u.display_name FROM feedback_notes n "
                 "LEFT JOIN users u ON u.id = n.author_user_id WHERE n.feedback_id = $1 ORDER BY n.created_at, n.id",
                 1, pid) < 0 ||
        db_query(r->db, &r->a, &replies, "SELECT x.body, x.created_at, u.display_name, x.emailed FROM feedback_replies x "
                 "LEFT JOIN users u ON u.id = x.author_user_id WHERE x.feedback_id = $1 ORDER BY x.created_at, x.id",
                 1, pid) < 0 ||
        db_query(r->db, &r->a, &staff, "SELECT id, display_name FROM users WHERE role IN ('staff', 'moderator', 'admin') "
                 "AND disabled = 0 ORDER BY display_name", 0, NULL) < 0)
        return -1;

    json_t *item = json_pack("{s:s, s:s, s:s, s:s, s:s}", "ref", ref, "date",
                             feedback_date(r, db_cell_int(&it, 0, C_CREATED)), "message", db_cell(&it, 0, C_MESSAGE),
                             "status_label", feedback_status_label(r, db_cell(&it, 0, C_STATUS)), "lang",
                             db_cell(&it, 0, C_LANG));
    const char *topic = pick3(r, &it, 0, C_TOPIC), *proj = pick3(r, &it, 0, C_PTITLE), *muni = pick3(r, &it, 0, C_MUNI);
    if (topic) json_object_set_new(item, "topic", json_string(topic));
    if (proj) json_object_set_new(item, "project", json_string(proj));
    if (muni) json_object_set_new(item, "municipality", json_string(muni));
    if (strcmp(db_cell(&it, 0, C_CHANNEL), "open311") == 0) json_object_set_new(item, "open311", json_true());
    if (has_contact) {
        json_t *c = json_object();
        if (db_cell(&it, 0, C_CNAME)) json_object_set_new(c, "name", json_string(db_cell(&it, 0, C_CNAME)));
        if (db_cell(&it, 0, C_CEMAIL)) json_object_set_new(c, "email", json_string(db_cell(&it, 0, C_CEMAIL)));
        if (db_cell(&it, 0, C_CPHONE)) json_object_set_new(c, "phone", json_string(db_cell(&it, 0, C_CPHONE)));
        if (db_cell(&it, 0, C_CLANG)) json_object_set_new(c, "lang", json_string(db_cell(&it, 0, C_CLANG)));
        if (db_cell(&it, 0, C_UNAME))
            json_object_set_new(c, "account", json_string(arena_printf(&r->a, "%s <%s>", db_cell(&it, 0, C_UNAME),
                                                                       db_cell(&it, 0, C_UEMAIL))));
        json_object_set_new(item, "contact", c);
    } else if (db_cell(&it, 0, C_ERASED)) {
        json_object_set_new(item, "erased_on", json_string(feedback_date(r, db_cell_int(&it, 0, C_ERASED))));
    } else {
        json_object_set_new(item, "anonymous", json_true());
    }
    bool can_email = db_cell(&it, 0, C_CEMAIL) != NULL;

    json_t *note_list = json_array(), *reply_list = json_array();
    for (int i = 0; i < notes.nrows; i++)
        json_array_append_new(note_list, json_pack("{s:s, s:s, s:s}", "body", db_cell(&notes, i, 0), "date",
                                                   feedback_date(r, db_cell_int(&notes, i, 1)), "author",
                                                   db_cell(&notes, i, 2) ? db_cell(&notes, i, 2) : ""));
    for (int i = 0; i < replies.nrows; i++)
        json_array_append_new(reply_list, json_pack("{s:s, s:s, s:s, s:b}", "body", db_cell(&replies, i, 0), "date",
                                                    feedback_date(r, db_cell_int(&replies, i, 1)), "author",
                                                    db_cell(&replies, i, 2) ? db_cell(&replies, i, 2) : "", "emailed",
                                                    db_cell_int(&replies, i, 3) != 0));

    const char *cur_status = fm->status ? fm->status : db_cell(&it, 0, C_STATUS);
    json_t *statuses = json_array();
    for (int i = 0; i < 4; i++) json_array_append_new(statuses, opt(STATUSES[i], tr(r->lang, STATUS_LABELS[i]), cur_status));
    const char *cur_assignee = fm->assignee ? fm->assignee : (db_cell(&it, 0, C_ASSIGNED) ? db_cell(&it, 0, C_ASSIGNED) : "");
    json_t *assignees = json_array();
    json_array_append_new(assignees, opt("", tr(r->lang, "Nobody"), cur_assignee));
    for (int i = 0; i < staff.nrows; i++)
        json_array_append_new(assignees, opt(db_cell(&staff, i, 0), db_cell(&staff, i, 1), cur_assignee));

    formview fv;
    formview_init(&fv);
    json_t *ctx = json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:s, s:s, s:b, s:b}", "title",
                            arena_printf(&r->a, "%s %s", tr(r->lang, "Feedback"), ref), "item", item, "notes", note_list,
                            "replies", reply_list, "statuses", statuses, "assignees", assignees, "action",
                            req_url(r, arena_printf(&r->a, "/staff/feedback/%lld", (long long)id)), "inbox_url",
                            req_url(r, "/staff/feedback"), "can_email", can_email, "has_notes", notes.nrows > 0);
    if (fm->status_err) {
        json_object_set_new(ctx, "status_error", json_string(fm->status_err));
        json_array_append_new(fv.errors, json_pack("{s:s, s:s}", "field_id", "f-status", "message", fm->status_err));
    }
    if (fm->assignee_err) {
        json_object_set_new(ctx, "assignee_error", json_string(fm->assignee_err));
        json_array_append_new(fv.errors, json_pack("{s:s, s:s}", "field_id", "f-assignee", "message", fm->assignee_err));
    }
    json_object_set(ctx, "reply_field",
                    formview_field(&fv, "reply", tr(r->lang, "Reply to the sender"), "textarea", fm->reply,
                                   fm->reply_err, "off",
                                   can_email ? tr(r->lang, "The reply is sent by e-mail in the sender's language choice and stored here.")
                                             : tr(r->lang, "There is no e-mail address: the reply is only stored here."),
                                   1));
    json_object_set(ctx, "note_field", formview_field(&fv, "note", tr(r->lang, "Internal note"), "textarea", fm->note,
                                                      fm->note_err, "off",
                                                      tr(r->lang, "Only staff see notes. Never shown to the sender."), 1));
    if (db_cell_int(&it, 0, C_PROJECT) > 0) {
        const char *answer = fm->answer ? fm->answer : db_cell(&it, 0, C_ANSWER);
        if (!answer && replies.nrows > 0) answer = db_cell(&replies, replies.nrows - 1, 0);
        json_object_set(ctx, "answer_field",
                        formview_field(&fv, "public_answer", tr(r->lang, "Public answer"), "textarea", answer,
                                       fm->answer_err, "off",
                                       tr(r->lang, "Shown with the question on the project page. Remove any personal details first."),
                                       1));
        json_object_set_new(ctx, "can_publish", json_true());
        json_object_set_new(ctx, "published", json_boolean(db_cell_int(&it, 0, C_PUBLISHED) != 0));
        if (fm->reviewed_err) {
            json_object_set_new(ctx, "reviewed_error", json_string(fm->reviewed_err));
            json_array_append_new(fv.errors, json_pack("{s:s, s:s}", "field_id", "f-reviewed", "message", fm->reviewed_err));
        }
    }
    if (notice) json_object_set_new(ctx, "notice", json_string(notice));
    formview_attach(&fv, ctx);
    respond_page(r, status_code, "feedback/item", ctx);
    return 0;
}

static int64_t item_id(request *r)
{
    int64_t id = parse_pos(req_param(r, "id"));
    return id > 0 ? id : 0;
}

int feedback_item_page(request *r)
{
    int64_t id = item_id(r);
    if (!id) {
        respond_error(r, 404, NULL);
        return 0;
    }
    const char *done = req_query(r, "done");
    const char *notice = NULL;
    if (done && strcmp(done, "reply") == 0) notice = tr(r->lang, "The reply was saved.");
    else if (done && strcmp(done, "mail") == 0) notice = tr(r->lang, "The reply was saved and sent by e-mail.");
    else if (done && strcmp(done, "note") == 0) notice = tr(r->lang, "The note was added.");
    else if (done && strcmp(done, "update") == 0) notice = tr(r->lang, "The changes were saved.");
    else if (done && strcmp(done, "publish") == 0) notice = tr(r->lang, "The question and answer are now public on the project page.");
    else if (done && strcmp(done, "unpublish") == 0) notice = tr(r->lang, "The question and answer are no longer public.");
    return render_item(r, 200, id, NULL, notice);
}

static size_t ulen(const char *s) { return feedback_utf8_len(s); }

static bool blank(const char *s)
{
    for (; s && *s; s++)
        if (!isspace((unsigned char)*s)) return false;
    return true;
}

static int done(request *r, int64_t id, const char *what)
{
    respond_redirect(r, 303, req_url(r, arena_printf(&r->a, "/staff/feedback/%lld?done=%s", (long long)id, what)));
    return 0;
}

/* The reply by e-mail, in the language the sender chose. */
static int mail_reply(request *r, const char *lang, const char *to, const char *ref, const char *message,
                      const char *reply)
{
    const char *subject = arena_printf(&r->a, "%s %s", tr(lang, "Answer to your feedback"), ref);
    const char *body = arena_printf(&r->a, "%s\n\n%s\n\n-- \n%s\n\n%s\n\n-- \nKohtaamo\n",
                                    tr(lang, "Hello,"), reply, tr(lang, "You wrote:"), message);
    return outbox_enqueue(r->db, r->now, to, subject, body);
}

int feedback_item_update(request *r)
{
    int64_t id = item_id(r);
    if (!id) {
        respond_error(r, 404, NULL);
        return 0;
    }
    db_result it;
    int found = load_item(r, id, &it);
    if (found < 0) return -1;
    if (!found) {
        respond_error(r, 404, NULL);
        return 0;
    }
    const char *what = req_form(r, "do");
    if (!what) what = "";
    item_form fm = {0};
    const char *status = db_cell(&it, 0, C_STATUS);
    bool has_first = db_cell(&it, 0, C_FIRST) != NULL;

    if (strcmp(what, "update") == 0) {
        fm.status = req_form(r, "status");
        fm.assignee = req_form(r, "assignee");
        if (!fm.assignee) fm.assignee = "";
        if (!status_valid(fm.status)) fm.status_err = tr(r->lang, "Choose a status from the list.");
        int64_t assignee = parse_pos(fm.assignee);
        if (assignee < 0) {
            fm.assignee_err = tr(r->lang, "Choose a staff member from the list.");
        } else if (assignee > 0) {
            db_result u;
            db_param p[] = {DB_INT(assignee)};
            if (db_query(r->db, &r->a, &u, "SELECT 1 FROM users WHERE id = $1 AND role IN ('staff', 'moderator', 'admin') "
                         "AND disabled = 0", 1, p) < 0)
                return -1;
            if (u.nrows == 0) fm.assignee_err = tr(r->lang, "Choose a staff member from the list.");
        }
        if (fm.status_err || fm.assignee_err) return render_item(r, 400, id, &fm, NULL);
        bool closing = strcmp(fm.status, "closed") == 0;
        int64_t closed_at = closing ? (db_cell(&it, 0, C_CLOSED) ? db_cell_int(&it, 0, C_CLOSED) : r->now) : 0;
        int64_t first = has_first ? db_cell_int(&it, 0, C_FIRST) : (strcmp(fm.status, "answered") == 0 ? r->now : 0);
        db_param p[] = {DB_TEXT(fm.status), assignee > 0 ? DB_INT(assignee) : DB_NULL,
                        closed_at ? DB_INT(closed_at) : DB_NULL, first ? DB_INT(first) : DB_NULL, DB_INT(id)};
        if (db_exec(r->db, "UPDATE feedback SET status = $1, assigned_user_id = $2, closed_at = $3, "
                           "first_response_at = $4 WHERE id = $5", 5, p) < 0)
            return -1;
        return done(r, id, "update");
    }
    if (strcmp(what, "note") == 0) {
        fm.note = req_form(r, "note");
        if (blank(fm.note)) fm.note_err = tr(r->lang, "Write the note.");
        else if (ulen(fm.note) > FEEDBACK_MESSAGE_MAX) fm.note_err = tr(r->lang, "The note must be at most 5,000 characters long.");
        if (fm.note_err) return render_item(r, 400, id, &fm, NULL);
        db_param p[] = {DB_INT(id), DB_INT(r->user->id), DB_TEXT(fm.note), DB_INT(r->now)};
        if (db_exec(r->db, "INSERT INTO feedback_notes(feedback_id, author_user_id, body, created_at) "
                           "VALUES($1, $2, $3, $4)", 4, p) < 0)
            return -1;
        return done(r, id, "note");
    }
    if (strcmp(what, "reply") == 0) {
        fm.reply = req_form(r, "reply");
        if (blank(fm.reply)) fm.reply_err = tr(r->lang, "Write the reply.");
        else if (ulen(fm.reply) > FEEDBACK_MESSAGE_MAX) fm.reply_err = tr(r->lang, "The reply must be at most 5,000 characters long.");
        if (fm.reply_err) return render_item(r, 400, id, &fm, NULL);
        const char *email = db_cell(&it, 0, C_CEMAIL);
        const char *clang = db_cell(&it, 0, C_CLANG);
        if (!clang || !i18n_lang_valid(clang)) clang = db_cell(&it, 0, C_LANG);
        if (!clang || !i18n_lang_valid(clang)) clang = "fi";
        if (db_begin(r->db) < 0) return -1;
        db_param p[] = {DB_INT(id), DB_INT(r->user->id), DB_TEXT(fm.reply), DB_INT(email ? 1 : 0), DB_INT(r->now)};
        const char *new_status = (strcmp(status, "new") == 0 || strcmp(status, "in_progress") == 0) ? "answered" : status;
        db_param q[] = {DB_TEXT(new_status), DB_INT(has_first ? db_cell_int(&it, 0, C_FIRST) : r->now), DB_INT(id)};
        if (db_exec(r->db, "INSERT INTO feedback_replies(feedback_id, author_user_id, body, emailed, created_at) "
                           "VALUES($1, $2, $3, $4, $5)", 5, p) < 0 ||
            db_exec(r->db, "UPDATE feedback SET status = $1, first_response_at = $2 WHERE id = $3", 3, q) < 0 ||
            (email && mail_reply(r, clang, email, db_cell(&it, 0, C_REF), db_cell(&it, 0, C_MESSAGE), fm.reply) < 0)) {
            db_rollback(r->db);
            return -1;
        }
        if (db_commit(r->db) < 0) return -1;
        return done(r, id, email ? "mail" : "reply");
    }
    if (strcmp(what, "publish") == 0 || strcmp(what, "unpublish") == 0) {
        if (db_cell_int(&it, 0, C_PROJECT) <= 0) {
            respond_error(r, 400, tr(r->lang, "Only feedback about a project can be published."));
            return 0;
        }
        if (strcmp(what, "unpublish") == 0) {
            db_param p[] = {DB_INT(id)};
            if (db_exec(r->db, "UPDATE feedback SET published = 0 WHERE id = $1", 1, p) < 0) return -1;
            return done(r, id, "unpublish");
        }
        fm.answer = req_form(r, "public_answer");
        const char *reviewed = req_form(r, "reviewed");
        if (blank(fm.answer)) fm.answer_err = tr(r->lang, "Write the public answer.");
        else if (ulen(fm.answer) > FEEDBACK_MESSAGE_MAX) fm.answer_err = tr(r->lang, "The answer must be at most 5,000 characters long.");
        if (!reviewed || !*reviewed)
            fm.reviewed_err = tr(r->lang, "Confirm that you have checked the question and the answer.");
        if (fm.answer_err || fm.reviewed_err) return render_item(r, 400, id, &fm, NULL);
        db_param p[] = {DB_TEXT(fm.answer), DB_INT(id)};
        if (db_exec(r->db, "UPDATE feedback SET public_answer = $1, published = 1 WHERE id = $2", 2, p) < 0) return -1;
        return done(r, id, "publish");
    }
    respond_error(r, 400, tr(r->lang, "The form data could not be read."));
    return 0;
}
