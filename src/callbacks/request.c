/* The resident's callback request: phone number, language, when to call,
 * an optional message and e-mail for the confirmation, and consent. From a
 * self-assessment the answers travel with the request (by reference to the
 * anonymous assessment), so the professional does not ask them again. */
#include "callbacks.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/app.h"
#include "../http/formview.h"
#include "../http/ratelimit.h"
#include "../http/session.h"
#include "../mail/outbox.h"
#include "../view/i18n.h"

#define CALLBACK_WINDOW 600     /* seconds */
#define CALLBACK_LIMIT 5        /* requests per client and window */
#define MESSAGE_MAX 1000

static const char *const WINDOWS[] = {"morning", "afternoon", "evening"};
static const char *const WINDOW_LABELS[] = {N_("Morning (8–12)"), N_("Afternoon (12–16)"), N_("Evening (16–20)")};
#define NWINDOWS 3

int64_t callbacks_target_seconds(const char *urgency)
{
    if (strcmp(urgency, "urgent") == 0) return 2 * 3600;
    if (strcmp(urgency, "days") == 0) return 24 * 3600;
    if (strcmp(urgency, "routine") == 0) return 3 * 86400;
    return 7 * 86400;
}

/* What the request is about: an assessment (by its receipt token) or a service. */
typedef struct origin {
    int64_t assessment_id, service_id, municipality_id;
    const char *urgency;          /* emergency refuses a callback */
    const char *token, *service_code;
    const char *service_name;
    bool handed_over;
} origin;

/* 0 found, 404 answered, -1 error. */
static int load_origin(request *r, const char *token, const char *service_code, origin *o)
{
    memset(o, 0, sizeof *o);
    db_result res;
    if (token && *token && strlen(token) <= 64) {
        db_param p[] = {DB_TEXT(token_hash(&r->a, token))};
        if (db_query(r->db, &r->a, &res,
                     "SELECT a.id, q.service_id, a.municipality_id, a.urgency, a.handed_over, s.name_fi, s.name_sv, s.name_en "
                     "FROM assessments a JOIN questionnaires q ON q.id = a.questionnaire_id "
                     "LEFT JOIN services s ON s.id = q.service_id WHERE a.receipt_hash = $1", 1, p) < 0)
            return -1;
        if (res.nrows == 1) {
            o->assessment_id = db_cell_int(&res, 0, 0);
            o->service_id = db_cell(&res, 0, 1) ? db_cell_int(&res, 0, 1) : 0;
            o->municipality_id = db_cell(&res, 0, 2) ? db_cell_int(&res, 0, 2) : 0;
            o->urgency = arena_strdup(&r->a, db_cell(&res, 0, 3));
            o->handed_over = db_cell_int(&res, 0, 4) != 0;
            int col = strcmp(r->lang, "sv") == 0 ? 6 : strcmp(r->lang, "en") == 0 ? 7 : 5;
            const char *name = db_cell(&res, 0, col);
            if (!name || !*name) name = db_cell(&res, 0, 5);
            o->service_name = name ? arena_strdup(&r->a, name) : NULL;
            o->token = token;
            return 0;
        }
    } else if (service_code && *service_code && strlen(service_code) <= 18 && strspn(service_code, "0123456789") == strlen(service_code)) {
        db_param p[] = {DB_INT(strtoll(service_code, NULL, 10))};
        if (db_query(r->db, &r->a, &res,
                     "SELECT id, name_fi, name_sv, name_en FROM services WHERE id = $1 AND active = 1 "
                     "AND EXISTS (SELECT 1 FROM service_channels c WHERE c.service_id = services.id AND c.kind = 'phone')",
                     1, p) < 0)
            return -1;
        if (res.nrows == 1) {
            o->service_id = db_cell_int(&res, 0, 0);
            o->urgency = "routine";
            o->service_code = service_code;
            int col = strcmp(r->lang, "sv") == 0 ? 2 : strcmp(r->lang, "en") == 0 ? 3 : 1;
            const char *name = db_cell(&res, 0, col);
            o->service_name = arena_strdup(&r->a, name && *name ? name : db_cell(&res, 0, 1));
            return 0;
        }
    }
    respond_error(r, 404, tr(r->lang, "We could not find what this call back request is about. Start again from the "
                                      "self-assessment or the service's page."));
    return 404;
}

typedef struct cb_values {
    const char *phone, *email, *message, *lang, *municipality, *consent;
    bool windows[NWINDOWS];
} cb_values;

typedef struct cb_errors {
    const char *phone, *email, *message, *lang, *municipality, *consent;
} cb_errors;

/* "040 123 4567", "+358 40 1234567", "09-123 456" -> "+358401234567"; NULL when not a phone number. */
static const char *phone_normalize(request *r, const char *s)
{
    char digits[24];
    size_t n = 0;
    bool plus = false;
    for (const char *p = s; *p; p++) {
        if (*p == ' ' || *p == '-' || *p == '(' || *p == ')') continue;
        if (*p == '+' && n == 0 && !plus) { plus = true; continue; }
        if (!isdigit((unsigned char)*p) || n >= sizeof digits - 1) return NULL;
        digits[n++] = *p;
    }
    digits[n] = '\0';
    if (plus) return n >= 7 && n <= 15 ? arena_printf(&r->a, "+%s", digits) : NULL;
    if (n >= 6 && n <= 12 && digits[0] == '0') return arena_printf(&r->a, "+358%s", digits + 1);
    return NULL;
}

static bool email_plausible(const char *s)
{
    const char *at = strchr(s, '@');
    if (!at || at == s || strchr(at + 1, '@') || !strchr(at + 1, '.') || strlen(s) > 254) return false;
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p <= ' ' || *p == '<' || *p == '>' || *p == ',' || *p == ';') return false;
    return at[1] != '.' && s[strlen(s) - 1] != '.';
}

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) n++;
    return n;
}

static int render_form(request *r, int status, const origin *o, const cb_values *v, const cb_errors *e,
                       const char *notice)
{
    json_t *ctx = json_pack("{s:s, s:s}", "title", tr(r->lang, "Ask for a call back"), "action", req_url(r, "/callbacks/new"));
    if (o->token) json_object_set_new(ctx, "assessment", json_string(o->token));
    if (o->service_code) json_object_set_new(ctx, "service", json_string(o->service_code));
    if (o->service_name) json_object_set_new(ctx, "service_name", json_string(o->service_name));
    json_object_set_new(ctx, "from_assessment", json_boolean(o->assessment_id > 0));
    if (notice) json_object_set_new(ctx, "notice", json_string(notice));
    if (o->handed_over) json_object_set_new(ctx, "handed_over", json_true());
    json_object_set_new(ctx, "retention_text",
                        json_string(tr_fill(r, "I agree that my phone number, my message and my answers are stored to handle "
                                               "this request. The phone number and the message are erased {n} days after "
                                               "the request is closed.",
                                            APP.cfg.callback_retention_days > 0 ? APP.cfg.callback_retention_days
                                                                                : CALLBACK_RETENTION_DAYS_DEFAULT)));

    formview fv;
    formview_init(&fv);
    formview_field(&fv, "phone", tr(r->lang, "Phone number"), "text", v->phone, e->phone, "tel",
                   tr(r->lang, "For example 040 123 4567"), 1);
    json_object_set_new(ctx, "phone_field", json_incref(json_array_get(fv.fields, 0)));
    /* languages of the call */
    static const char *const langs[] = {"fi", "sv", "en"};
    static const char *const lang_labels[] = {N_("Finnish"), N_("Swedish"), N_("English")};
    json_t *lopts = json_array();
    for (int i = 0; i < 3; i++)
        json_array_append_new(lopts, json_pack("{s:s, s:s, s:s, s:b}", "id", arena_printf(&r->a, "lang-%s", langs[i]),
                                               "value", langs[i], "label", tr(r->lang, lang_labels[i]), "checked",
                                               strcmp(v->lang ? v->lang : r->lang, langs[i]) == 0));
    json_object_set_new(ctx, "langs", lopts);
    if (e->lang) json_object_set_new(ctx, "lang_error", json_string(e->lang));
    json_t *wopts = json_array();
    for (int i = 0; i < NWINDOWS; i++)
        json_array_append_new(wopts, json_pack("{s:s, s:s, s:s, s:b}", "id", arena_printf(&r->a, "window-%s", WINDOWS[i]),
                                               "value", WINDOWS[i], "label", tr(r->lang, WINDOW_LABELS[i]), "checked",
                                               v->windows[i]));
    json_object_set_new(ctx, "windows", wopts);
    /* the municipality, when the assessment did not say */
    if (o->municipality_id == 0) {
        db_result m;
        if (db_query(r->db, &r->a, &m,
                     strcmp(r->lang, "sv") == 0 ? "SELECT code, name_sv FROM municipalities ORDER BY name_sv"
                                                : "SELECT code, name_fi FROM municipalities ORDER BY name_fi",
                     0, NULL) < 0)
            return -1;
        json_t *mopts = json_array();
        json_array_append_new(mopts, json_pack("{s:s, s:s, s:b}", "value", "", "label", tr(r->lang, "Choose"), "selected",
                                               !v->municipality || !*v->municipality));
        for (int i = 0; i < m.nrows; i++)
            json_array_append_new(mopts, json_pack("{s:s, s:s, s:b}", "value", db_cell(&m, i, 0), "label", db_cell(&m, i, 1),
                                                   "selected", v->municipality && strcmp(v->municipality, db_cell(&m, i, 0)) == 0));
        json_object_set_new(ctx, "municipalities", mopts);
        if (e->municipality) json_object_set_new(ctx, "municipality_error", json_string(e->municipality));
    }
    json_object_set_new(ctx, "message", json_string(v->message ? v->message : ""));
    if (e->message) json_object_set_new(ctx, "message_error", json_string(e->message));
    json_object_set_new(ctx, "email", json_string(v->email ? v->email : ""));
    if (e->email) json_object_set_new(ctx, "email_error", json_string(e->email));
    json_object_set_new(ctx, "consent", json_boolean(v->consent && *v->consent));
    if (e->consent) json_object_set_new(ctx, "consent_error", json_string(e->consent));
    json_object_set_new(ctx, "message_max", json_integer(MESSAGE_MAX));

    json_t *errors = json_array();
    struct { const char *id, *msg; } list[] = {{"f-phone", e->phone}, {"lang-fi", e->lang}, {"municipality", e->municipality},
                                               {"message", e->message}, {"email", e->email}, {"consent", e->consent}};
    for (size_t i = 0; i < sizeof list / sizeof *list; i++)
        if (list[i].msg) json_array_append_new(errors, json_pack("{s:s, s:s}", "field_id", list[i].id, "message", list[i].msg));
    if (json_array_size(errors)) {
        json_object_set_new(ctx, "errors", errors);
        json_object_set_new(ctx, "has_errors", json_true());
    } else {
        json_decref(errors);
    }
    respond_page(r, status, "callbacks/new", ctx);
    return 0;
}

static int emergency_refusal(request *r)
{
    respond_error(r, 400, tr(r->lang, "A call back is not the right way for this: call the emergency number 112 now."));
    return 0;
}

int callbacks_new_form(request *r)
{
    origin o;
    int rc = load_origin(r, req_query(r, "assessment"), req_query(r, "service"), &o);
    if (rc) return rc < 0 ? -1 : 0;
    if (strcmp(o.urgency, "emergency") == 0) return emergency_refusal(r);
    cb_values v = {.lang = r->lang};
    cb_errors e = {0};
    return render_form(r, 200, &o, &v, &e, NULL);
}

/* A reference a person can read out on the phone: no 0/O, 1/I. */
static const char *new_reference(request *r)
{
    static const char alphabet[] = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    char code[13] = "CB-XXXX-XXXX";
    for (int i = 3; i < 12; i++)
        if (i != 7) code[i] = alphabet[randombytes_uniform((uint32_t)(sizeof alphabet - 1))];
    return arena_strdup(&r->a, code);
}

int callbacks_create(request *r)
{
    origin o;
    int rc = load_origin(r, req_form(r, "assessment"), req_form(r, "service"), &o);
    if (rc) return rc < 0 ? -1 : 0;
    if (strcmp(o.urgency, "emergency") == 0) return emergency_refusal(r);
    cb_values v = {0};
    cb_errors e = {0};
    v.phone = req_form(r, "phone") ? req_form(r, "phone") : "";
    v.email = req_form(r, "email") ? req_form(r, "email") : "";
    v.message = req_form(r, "message") ? req_form(r, "message") : "";
    v.lang = req_form(r, "preferred_lang");
    v.municipality = req_form(r, "municipality");
    v.consent = req_form(r, "consent");
    for (size_t k = 0; k < r->form.count; k++)
        if (strcmp(r->form.fields[k].name, "window") == 0)
            for (int i = 0; i < NWINDOWS; i++)
                if (strcmp(r->form.fields[k].value, WINDOWS[i]) == 0) v.windows[i] = true;

    const char *phone = phone_normalize(r, v.phone);
    if (!*v.phone) e.phone = tr(r->lang, "Write the phone number we should call.");
    else if (!phone) e.phone = tr(r->lang, "Write the phone number with digits only, for example 040 123 4567.");
    if (!v.lang || (strcmp(v.lang, "fi") && strcmp(v.lang, "sv") && strcmp(v.lang, "en")))
        e.lang = tr(r->lang, "Choose the language of the call.");
    if (*v.email && !email_plausible(v.email)) e.email = tr(r->lang, "Write the e-mail address as name@example.fi, or leave it empty.");
    if (utf8_chars(v.message) > MESSAGE_MAX) e.message = tr_fill(r, "Write at most {n} characters.", MESSAGE_MAX);
    if (!v.consent || strcmp(v.consent, "yes") != 0)
        e.consent = tr(r->lang, "We can call you only with your consent: tick the box.");
    int64_t muni_id = o.municipality_id;
    if (!muni_id) {
        db_result m;
        db_param mp[] = {DB_TEXT(v.municipality ? v.municipality : "")};
        if (db_query(r->db, &r->a, &m, "SELECT id FROM municipalities WHERE code = $1", 1, mp) < 0) return -1;
        if (m.nrows) muni_id = db_cell_int(&m, 0, 0);
        else e.municipality = tr(r->lang, "Choose your municipality: the request goes to its professionals.");
    }
    if (e.phone || e.lang || e.email || e.message || e.consent || e.municipality) return render_form(r, 400, &o, &v, &e, NULL);

    int wait = ratelimit_hit("callback", r->client_key, CALLBACK_LIMIT, CALLBACK_WINDOW, r->now);
    if (wait > 0) {
        req_header(r, "Retry-After", arena_printf(&r->a, "%d", wait));
        return render_form(r, 429, &o, &v, &e,
                           tr_fill(r, "Several call back requests have been sent from your connection in a short time. "
                                      "What you wrote is kept: please send it again in {n} minutes.", (long)((wait + 59) / 60)));
    }

    buf windows = BUF_INIT;
    for (int i = 0; i < NWINDOWS; i++)
        if (v.windows[i]) buf_printf(&windows, "%s%s", windows.len ? "," : "", WINDOWS[i]);
    const char *win = arena_strdup(&r->a, windows.data ? windows.data : "");
    buf_free(&windows);
    const char *ref = NULL;
    if (db_begin(r->db) < 0) return -1;
    for (int attempt = 0; attempt < 5 && !ref; attempt++) {
        const char *try = new_reference(r);
        db_param p[] = {DB_TEXT(try), o.assessment_id ? DB_INT(o.assessment_id) : DB_NULL,
                        o.service_id ? DB_INT(o.service_id) : DB_NULL, DB_INT(muni_id), DB_TEXT(o.urgency), DB_TEXT(phone),
                        *v.email ? DB_TEXT(v.email) : DB_NULL, *v.message ? DB_TEXT(v.message) : DB_NULL,
                        DB_TEXT(v.lang), DB_TEXT(win), DB_INT(r->now + callbacks_target_seconds(o.urgency)), DB_INT(r->now)};
        db_result res;
        if (db_query(r->db, &r->a, &res,
                     "INSERT INTO callback_requests(reference, assessment_id, service_id, municipality_id, urgency, phone, "
                     "email, message, preferred_lang, time_windows, due_at, created_at, updated_at) "
                     "SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12 "
                     "WHERE NOT EXISTS (SELECT 1 FROM callback_requests WHERE reference = $1) RETURNING id",
                     12, p) < 0)
            goto fail;
        if (res.nrows) ref = try;
    }
    if (!ref) goto fail;
    if (o.assessment_id) {
        db_param ap[] = {DB_INT(o.assessment_id)};
        if (db_exec(r->db, "UPDATE assessments SET handed_over = 1 WHERE id = $1", 1, ap) < 0) goto fail;
    }
    if (*v.email) {
        /* in the language the resident chose for the call */
        const char *l = v.lang;
        const char *body = arena_printf(
            &r->a, "%s\n\n%s %s\n\n%s\n", tr(l, "We have received your request to be called back."),
            tr(l, "Your reference code is"), ref,
            tr(l, "A professional will call you. If your situation gets worse, call the on-call medical helpline "
                  "116 117, or in an emergency 112."));
        if (outbox_enqueue(r->db, r->now, v.email, tr(l, "Your call back request"), body) < 0) goto fail;
    }
    if (db_commit(r->db) < 0) goto fail;
    respond_redirect(r, 303, req_url(r, arena_printf(&r->a, "/callbacks/thanks?ref=%s%s", ref, *v.email ? "&mailed=1" : "")));
    return 0;
fail:
    if (db_in_transaction(r->db)) db_rollback(r->db);
    return -1;
}

int callbacks_thanks(request *r)
{
    const char *ref = req_query(r, "ref");
    bool ok = ref && strlen(ref) == 12 && strncmp(ref, "CB-", 3) == 0;
    for (size_t i = 3; ok && i < 12; i++) ok = i == 7 ? ref[i] == '-' : isalnum((unsigned char)ref[i]);
    json_t *ctx = json_pack("{s:s}", "title", tr(r->lang, "We will call you"));
    if (ok) json_object_set_new(ctx, "ref", json_string(ref));
    json_object_set_new(ctx, "mailed", json_boolean(req_query(r, "mailed") != NULL));
    respond_page(r, 200, "callbacks/thanks", ctx);
    return 0;
}
