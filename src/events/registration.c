/* Registration (one place per registration), the waiting list, cancellation
 * by a token link, and the e-mails: confirmation, waiting list, a freed
 * place, reminder. Places are counted and taken while the event's row is
 * locked (events_lock), so capacity holds under concurrent registrations on
 * SQLite (BEGIN IMMEDIATE) and PostgreSQL (row lock) alike. */
#include "events.h"
#include "internal.h"
#include "../app/app.h"
#include "../http/session.h"
#include "../mail/outbox.h"
#include "../view/i18n.h"
#include <ctype.h>
#include <string.h>

int events_lock(db *d, int64_t event_id)
{
    arena a;
    arena_init(&a);
    db_result res;
    db_param p[] = {DB_INT(event_id)};
    int rc = db_query(d, &a, &res, "UPDATE events SET reg_version = reg_version + 1 WHERE id = $1", 1, p);
    long long changes = res.changes;
    arena_free_all(&a);
    return rc < 0 ? -1 : changes > 0 ? 1 : 0;
}

/* ---- e-mail ---- */

static const char *mail_base(void)
{
    return APP.cfg.base_url ? APP.cfg.base_url : "";
}

int events_mail_confirmation(db *d, arena *a, int64_t now, int64_t registration_id, const char *token,
                             const char *kind)
{
    db_result res;
    db_param p[] = {DB_INT(registration_id)};
    if (db_query(d, a, &res,
                 "SELECT g.name, g.email, g.lang, g.token, e.id, e.title_fi, e.title_sv, e.title_en, e.starts_at, "
                 "e.ends_at, sp.name_fi, sp.name_sv, sp.name_en, sp.street_fi, sp.street_sv, sp.postal_code, "
                 "sp.post_office_fi, sp.post_office_sv, e.address, e.online_url, "
                 "(SELECT COUNT(*) FROM event_registrations w WHERE w.event_id = e.id AND w.status = 'waiting' "
                 "AND w.id <= g.id), g.status "
                 "FROM event_registrations g JOIN events e ON e.id = g.event_id "
                 "LEFT JOIN service_points sp ON sp.id = e.service_point_id WHERE g.id = $1",
                 1, p) < 0)
        return -1;
    if (res.nrows == 0 || !db_cell(&res, 0, 1)) return 0;   /* erased: nobody to write to */
    const char *lang = db_cell(&res, 0, 2);
    if (!i18n_lang_valid(lang)) lang = "fi";
    int off = strcmp(lang, "sv") == 0 ? 1 : strcmp(lang, "en") == 0 ? 2 : 0;
    const char *title = db_cell(&res, 0, 5 + off);
    if (!title || !*title) title = db_cell(&res, 0, 5);
    if (!token) token = db_cell(&res, 0, 3);
    const char *ids = db_cell(&res, 0, 4);
    const char *when = events_when_lang(a, lang, db_cell_int(&res, 0, 8), db_cell_int(&res, 0, 9));
    const char *place = "";
    if (db_cell(&res, 0, 10)) {
        const char *pn = db_cell(&res, 0, 10 + off);
        if (!pn || !*pn) pn = db_cell(&res, 0, 10);
        const char *st = db_cell(&res, 0, off == 1 ? 14 : 13);
        if (!st || !*st) st = db_cell(&res, 0, 13);
        const char *po = db_cell(&res, 0, off == 1 ? 17 : 16);
        if (!po || !*po) po = db_cell(&res, 0, 16);
        place = st && *st ? arena_concat(a, pn, ", ", st, ", ", db_cell(&res, 0, 15), " ", po, NULL) : pn;
    } else if (db_cell(&res, 0, 18) && *db_cell(&res, 0, 18)) {
        place = db_cell(&res, 0, 18);
    }
    const char *online = db_cell(&res, 0, 19);
    if (online && *online)
        place = *place ? arena_concat(a, place, "\n", tr(lang, "Online"), ": ", online, NULL)
                       : arena_concat(a, tr(lang, "Online"), ": ", online, NULL);

    const char *subject, *lead;
    bool already = strcmp(kind, "already") == 0;
    /* the calendar file and its line only with a place */
    bool waiting = strcmp(kind, "waiting") == 0 || (already && strcmp(db_cell(&res, 0, 21), "waiting") == 0);
    if (already) {
        /* Someone registered this address again: the page they saw says
         * nothing of it, the registered person learns it here. */
        subject = tr(lang, "You are already registered");
        lead = arena_concat(a, tr(lang, "Someone, perhaps you, tried to register this e-mail address for the event again. Your earlier registration is still valid and nothing was changed."),
                            "\n\n", waiting ? arena_concat(a, tr(lang, "You are on the waiting list."), " ",
                                                            tr(lang, "Your place on the waiting list:"), " ",
                                                            db_cell(&res, 0, 20), NULL)
                                            : tr(lang, "Your place is confirmed."), NULL);
    } else if (strcmp(kind, "waiting") == 0) {
        subject = tr(lang, "You are on the waiting list");
        lead = arena_concat(a, tr(lang, "The event is full, so you are on the waiting list. If a place becomes free, it is yours and we will tell you by e-mail."),
                            "\n", tr(lang, "Your place on the waiting list:"), " ", db_cell(&res, 0, 20), NULL);
    } else if (strcmp(kind, "promoted") == 0) {
        subject = tr(lang, "A place became free: you are registered");
        lead = tr(lang, "Someone cancelled, and you were first on the waiting list. Your place is now confirmed.");
    } else if (strcmp(kind, "reminder") == 0) {
        subject = tr(lang, "Reminder: the event is tomorrow");
        lead = tr(lang, "This is a reminder of the event you have registered for.");
    } else {
        subject = tr(lang, "Your registration is confirmed");
        lead = tr(lang, "Thank you for registering. Your place is confirmed.");
    }
    const char *base = mail_base();
    const char *body = arena_concat(a,
        tr(lang, "Hello,"), "\n\n", lead, "\n\n",
        title, "\n", when, "\n", place, *place ? "\n" : "", "\n",
        tr(lang, "Event page:"), " ", base, "/", lang, "/events/", ids, "\n",
        waiting ? "" : tr(lang, "The event is attached as a calendar file (.ics)."),
        waiting ? "\n" : "\n\n",
        tr(lang, "If you cannot come, please cancel so that someone else gets the place:"), "\n",
        base, "/", lang, "/events/cancel/", token, "\n\n",
        arena_printf(a, "%s", tr(lang, "Your name, e-mail address and needs are erased after the event.")),
        "\n\n-- \nKohtaamo\n", NULL);
    /* With a place, the event itself as an .ics file: a link to it would
     * ask for a sign-in when the event is in a group's space. */
    if (waiting)
        return outbox_enqueue(d, now, db_cell(&res, 0, 1), arena_concat(a, subject, ": ", title, NULL), body);
    ical_event ev = {.id = db_cell_int(&res, 0, 4), .starts_at = db_cell_int(&res, 0, 8),
                     .ends_at = db_cell_int(&res, 0, 9), .stamp = now, .host = events_host(a),
                     .summary = title, .location = place,
                     .url = arena_concat(a, base, "/", lang, "/events/", ids, NULL)};
    buf ics = BUF_INIT;
    ical_begin(&ics);
    ical_vevent(&ics, &ev);
    ical_end(&ics);
    outbox_attachment att = {arena_concat(a, "event-", ids, ".ics", NULL),
                             "text/calendar; charset=utf-8; method=PUBLISH", arena_strdup(a, ics.data)};
    buf_free(&ics);
    return outbox_enqueue_attached(d, now, db_cell(&res, 0, 1), arena_concat(a, subject, ": ", title, NULL), body,
                                   &att);
}

/* ---- the waiting list ---- */

int events_fill_from_waiting(db *d, arena *a, int64_t event_id, int64_t now)
{
    int promoted = 0;
    for (;;) {
        db_result res;
        db_param p[] = {DB_INT(event_id), DB_INT(now)};
        /* no promotions once the event has begun */
        if (db_query(d, a, &res,
                     "SELECT g.id, e.starts_at FROM events e JOIN event_registrations g ON g.event_id = e.id "
                     "WHERE e.id = $1 AND e.starts_at > $2 AND g.status = 'waiting' "
                     "AND (SELECT COUNT(*) FROM event_registrations c WHERE c.event_id = e.id "
                     "AND c.status = 'confirmed') < e.capacity ORDER BY g.id LIMIT 1",
                     2, p) < 0)
            return -1;
        if (res.nrows == 0) break;
        int64_t id = db_cell_int(&res, 0, 0), starts = db_cell_int(&res, 0, 1);
        /* within a day of the start this e-mail is the reminder too */
        db_param q[] = {DB_INT(now), starts - now <= 86400 ? DB_INT(now) : DB_NULL, DB_INT(id)};
        if (db_exec(d, "UPDATE event_registrations SET status = 'confirmed', promoted_at = $1, reminded_at = $2 "
                       "WHERE id = $3", 3, q) < 0)
            return -1;
        if (events_mail_confirmation(d, a, now, id, NULL, "promoted") < 0) return -1;
        promoted++;
    }
    return promoted;
}

/* ---- registration ---- */

static bool email_plausible(const char *s)
{
    size_t n = strlen(s);
    if (n < 3 || n > 254) return false;
    const char *at = strchr(s, '@');
    if (!at || at == s || strchr(at + 1, '@')) return false;
    const char *dot = strchr(at + 1, '.');
    if (!dot || dot == at + 1 || dot[1] == '\0') return false;
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p <= ' ' || *p == ',' || *p == ';' || *p == '<' || *p == '>') return false;
    return true;
}

static const char *trimmed(request *r, const char *s)
{
    if (!s) return "";
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n')) n--;
    return arena_strndup(&r->a, s, n);
}

/* The page after registering: the same whether the address was new or
 * already registered, with a place or on the waiting list. Whether there is a
 * place, and the cancellation link, are in the e-mail only. */
static int render_registered(request *r, const event_row *e, const char *email)
{
    const char *ids = arena_printf(&r->a, "%lld", (long long)e->id);
    json_t *ctx = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "title", tr(r->lang, "Registration received"),
                            "event_title", e->title, "event_url", req_url(r, arena_concat(&r->a, "/events/", ids, NULL)),
                            "when", events_when_text(r, e->starts_at, e->ends_at), "email", email,
                            "ics_url", arena_concat(&r->a, "/events/", ids, ".ics?lang=", r->lang, NULL));
    const char *place = events_location_text(r, e);
    if (*place) json_object_set_new(ctx, "place", json_string(place));
    respond_page(r, 200, "events/registered", ctx);
    return 0;
}

int events_register(request *r)
{
    event_row e;
    int rc = events_load_visible(r, req_param(r, "id"), &e);
    if (rc <= 0) return rc;
    if (e.draft) {   /* staff may see a draft; nobody registers for one */
        respond_error(r, 404, NULL);
        return 0;
    }
    const char *values[3] = {trimmed(r, req_form(r, "name")), trimmed(r, req_form(r, "email")),
                             trimmed(r, req_form(r, "needs"))};
    if (e.starts_at <= r->now || r->now > e.deadline) {
        /* the form is gone from the page; say why */
        return events_render_page(r, &e, 403, NULL, NULL,
            e.starts_at <= r->now ? tr(r->lang, "The event has already begun, so registration has closed.")
                                  : arena_concat(&r->a, tr(r->lang, "Registration closed"), " ",
                                                 events_moment_text(r, e.deadline), ".", NULL));
    }
    const char *errors[3] = {0};
    bool bad = false;
    if (!*values[0]) errors[0] = tr(r->lang, "Enter your name."), bad = true;
    else if (strlen(values[0]) > 200) errors[0] = tr(r->lang, "The name must be at most 200 characters long."), bad = true;
    if (!*values[1]) errors[1] = tr(r->lang, "Enter your e-mail address."), bad = true;
    else if (!email_plausible(values[1]))
        errors[1] = tr(r->lang, "Enter an e-mail address in the form name@example.fi."), bad = true;
    if (strlen(values[2]) > 2000) errors[2] = tr(r->lang, "Write at most 2,000 characters."), bad = true;
    if (bad) return events_render_page(r, &e, 400, values, errors, NULL);

    char *email = arena_strdup(&r->a, values[1]);
    for (char *p = email; *p; p++) *p = (char)tolower((unsigned char)*p);
    const char *token = token_random(&r->a, 24);
    if (db_begin(r->db) < 0) return -1;
    int locked = events_lock(r->db, e.id);
    if (locked <= 0) {
        db_rollback(r->db);
        if (locked < 0) return -1;
        respond_error(r, 404, NULL);
        return 0;
    }
    /* An address already registered gets the same page as a new one, and the
     * news by e-mail: the page must not tell anyone who is registered for
     * what (events can be about health). The event's row is locked, so no
     * registration of the address can slip in between. */
    db_result res;
    db_param dup[] = {DB_INT(e.id), DB_TEXT(email)};
    if (db_query(r->db, &r->a, &res, "SELECT id FROM event_registrations WHERE event_id = $1 AND email = $2 "
                                     "AND status <> 'cancelled'", 2, dup) < 0) {
        db_rollback(r->db);
        return -1;
    }
    if (res.nrows > 0) {
        if (events_mail_confirmation(r->db, &r->a, r->now, db_cell_int(&res, 0, 0), NULL, "already") < 0 ||
            db_commit(r->db) < 0) {
            db_rollback(r->db);
            return -1;
        }
        return render_registered(r, &e, email);
    }
    db_param p[] = {DB_INT(e.id), r->user ? DB_INT(r->user->id) : DB_NULL, DB_TEXT(values[0]), DB_TEXT(email),
                    DB_TEXT(values[2]), DB_TEXT(r->lang), DB_TEXT(token), DB_INT(r->now)};
    if (db_query(r->db, &r->a, &res,
                 "INSERT INTO event_registrations(event_id, user_id, name, email, needs, lang, status, token, "
                 "created_at, reminded_at) "
                 "SELECT e.id, CAST($2 AS BIGINT), $3, $4, $5, $6, CASE WHEN (SELECT COUNT(*) FROM event_registrations c "
                 "WHERE c.event_id = e.id AND c.status = 'confirmed') < e.capacity THEN 'confirmed' ELSE 'waiting' END, "
                 "$7, $8, CASE WHEN e.starts_at - $8 <= 86400 THEN $8 ELSE NULL END "
                 "FROM events e WHERE e.id = $1 RETURNING id, status",
                 8, p) < 0) {
        db_rollback(r->db);
        return -1;
    }
    int64_t reg_id = db_cell_int(&res, 0, 0);
    bool waiting = strcmp(db_cell(&res, 0, 1), "waiting") == 0;
    if (events_mail_confirmation(r->db, &r->a, r->now, reg_id, token, waiting ? "waiting" : "confirmed") < 0 ||
        db_commit(r->db) < 0) {
        db_rollback(r->db);
        return -1;
    }
    return render_registered(r, &e, email);
}

/* ---- cancellation ---- */

typedef struct reg_info {
    int64_t id, event_id;
    const char *status;
} reg_info;

/* 1 found (event loaded into e), 0 answered 404, -1 error. */
static int load_by_token(request *r, reg_info *g, event_row *e)
{
    const char *token = req_param(r, "token");
    db_result res;
    db_param p[] = {DB_TEXT(token)};
    if (strlen(token) > 100) goto not_found;
    if (db_query(r->db, &r->a, &res, "SELECT id, event_id, status FROM event_registrations WHERE token = $1", 1, p) < 0)
        return -1;
    if (res.nrows == 0) goto not_found;
    g->id = db_cell_int(&res, 0, 0);
    g->event_id = db_cell_int(&res, 0, 1);
    g->status = db_cell(&res, 0, 2);
    event_row *rows;
    db_param q[] = {DB_INT(g->event_id)};
    int n = events_fetch(r, "WHERE e.id = $1", 1, q, &rows);
    if (n < 0) return -1;
    if (n == 0) goto not_found;
    *e = rows[0];
    return 1;
not_found:
    respond_error(r, 404, tr(r->lang, "This cancellation link is not valid. Check that you copied the whole link from the e-mail."));
    return 0;
}

static int render_cancel(request *r, int status, const reg_info *g, const event_row *e, bool just_cancelled)
{
    const char *ids = arena_printf(&r->a, "%lld", (long long)e->id);
    json_t *ctx = json_pack("{s:s, s:s, s:s, s:s}", "title",
                            just_cancelled || strcmp(g->status, "cancelled") == 0 ? tr(r->lang, "Registration cancelled")
                                                                                  : tr(r->lang, "Cancel your registration"),
                            "event_title", e->title, "event_url", req_url(r, arena_concat(&r->a, "/events/", ids, NULL)),
                            "when", events_when_text(r, e->starts_at, e->ends_at));
    if (just_cancelled)
        json_object_set_new(ctx, "just_cancelled", json_true());
    else if (strcmp(g->status, "cancelled") == 0)
        json_object_set_new(ctx, "already", json_true());
    else if (e->starts_at <= r->now)
        json_object_set_new(ctx, "started", json_true());
    else {
        json_object_set_new(ctx, "action", json_string(req_url(r, arena_concat(&r->a, "/events/cancel/",
                                                                                 req_param(r, "token"), NULL))));
        if (strcmp(g->status, "waiting") == 0) json_object_set_new(ctx, "is_waiting", json_true());
    }
    respond_page(r, status, "events/cancel", ctx);
    return 0;
}

int events_cancel_form(request *r)
{
    reg_info g;
    event_row e;
    int rc = load_by_token(r, &g, &e);
    if (rc <= 0) return rc;
    return render_cancel(r, 200, &g, &e, false);
}

int events_cancel(request *r)
{
    reg_info g;
    event_row e;
    int rc = load_by_token(r, &g, &e);
    if (rc <= 0) return rc;
    if (strcmp(g.status, "cancelled") == 0) return render_cancel(r, 200, &g, &e, false);
    if (e.starts_at <= r->now) return render_cancel(r, 403, &g, &e, false);
    if (db_begin(r->db) < 0) return -1;
    if (events_lock(r->db, e.id) < 0) goto fail;
    /* cancelled registrations keep no personal data */
    db_result res;
    db_param p[] = {DB_INT(r->now), DB_INT(g.id)};
    if (db_query(r->db, &r->a, &res, "UPDATE event_registrations SET status = 'cancelled', cancelled_at = $1, "
                                     "name = NULL, email = NULL, needs = '', user_id = NULL, erased_at = $1 "
                                     "WHERE id = $2 AND status <> 'cancelled'", 2, p) < 0)
        goto fail;
    if (res.changes > 0 && events_fill_from_waiting(r->db, &r->a, e.id, r->now) < 0) goto fail;
    if (db_commit(r->db) < 0) goto fail;
    return render_cancel(r, 200, &g, &e, true);
fail:
    db_rollback(r->db);
    return -1;
}
