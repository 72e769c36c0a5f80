/* The feedback form: /{lang}/feedback (general, also the target of the form
 * embedded on every project page) and the receipt /{lang}/feedback/thanks.
 * Anonymous by default; nothing about the client is stored. */
#include "feedback.h"
#include "../app/app.h"
#include "../http/formview.h"
#include "../http/ratelimit.h"
#include "../view/i18n.h"
#include <ctype.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define FEEDBACK_WINDOW 600   /* seconds of the per-client feedback limit */

typedef struct form_values {
    const char *message, *topic, *project, *municipality, *contact_name, *contact_email, *contact_phone,
        *contact_lang;
    bool contact, attach;
} form_values;

/* Column offset of the page's language among (fi, sv, en) columns. */
static int lang_off(const request *r) { return strcmp(r->lang, "sv") == 0 ? 1 : strcmp(r->lang, "en") == 0 ? 2 : 0; }

/* Parses a positive id; 0 for empty, -1 for anything else. */
static int64_t parse_id(const char *s)
{
    if (!s || !*s) return 0;
    char *end;
    long long v = strtoll(s, &end, 10);
    if (*end || v <= 0 || !isdigit((unsigned char)*s)) return -1;
    return v;
}

static json_t *option(const char *value, const char *label, const char *current, const char *lang)
{
    json_t *o = json_pack("{s:s, s:s, s:b}", "value", value, "label", label, "selected",
                          current && strcmp(current, value) == 0);
    if (lang) json_object_set_new(o, "lang", json_string(lang));
    return o;
}

/* A select rendered by templates/feedback/select.mustache; records the error for the summary. */
static json_t *select_field(json_t *errors, const char *name, const char *label, const char *error,
                            json_t *options, const char *hint)
{
    const char *id = name;
    json_t *f = json_pack("{s:s, s:s, s:s, s:o}", "name", name, "id", id, "label", label, "options", options);
    if (hint) json_object_set_new(f, "hint", json_string(hint));
    if (error) {
        json_object_set_new(f, "error", json_string(error));
        json_array_append_new(errors, json_pack("{s:s, s:s}", "field_id", id, "message", error));
    }
    return f;
}

static int add_db_options(request *r, json_t *opts, const char *sql, const char *current)
{
    db_result res;
    if (db_query(r->db, &r->a, &res, sql, 0, NULL) < 0) return -1;
    int off = lang_off(r);
    for (int i = 0; i < res.nrows; i++) {
        const char *label = db_cell(&res, i, 1 + off);
        if (!label || !*label) label = db_cell(&res, i, 1);
        json_array_append_new(opts, option(db_cell(&res, i, 0), label, current, NULL));
    }
    return 0;
}

static const char *trerr(request *r, const char *msgid) { return msgid ? tr(r->lang, msgid) : NULL; }

static int render_form(request *r, int status, const form_values *v, const feedback_errors *e, const char *alert)
{
    static const form_values empty = {0};
    static const feedback_errors none = {0};
    if (!v) v = &empty;
    if (!e) e = &none;
    formview fv;
    formview_init(&fv);
    json_t *ctx = json_pack("{s:s, s:s}", "title", tr(r->lang, "Give feedback"), "action", req_url(r, "/feedback"));
    json_t *msg = formview_field(&fv, "message", tr(r->lang, "Your feedback"), "textarea", v->message,
                                 trerr(r, e->message), NULL,
                                 tr(r->lang, "At most 5,000 characters. Please do not write health details or "
                                             "personal identity codes here."),
                                 1);
    json_object_set(ctx, "message_field", msg);

    json_t *topics = json_array(), *projects = json_array(), *munis = json_array();
    json_object_set_new(ctx, "_topics", topics);
    json_object_set_new(ctx, "_projects", projects);
    json_object_set_new(ctx, "_munis", munis);
    json_array_append_new(topics, option("", tr(r->lang, "No topic"), v->topic, NULL));
    if (add_db_options(r, topics, "SELECT id, name_fi, name_sv, name_en FROM feedback_topics WHERE active = 1 "
                                  "ORDER BY id", v->topic) < 0)
        goto fail;
    json_array_append_new(projects, option("", tr(r->lang, "No project"), v->project, NULL));
    if (add_db_options(r, projects, "SELECT id, title_fi, title_sv, title_en FROM projects WHERE published = 1 "
                                    "ORDER BY title_fi", v->project) < 0)
        goto fail;
    json_array_append_new(munis, option("", tr(r->lang, "Whole county or not known"), v->municipality, NULL));
    if (add_db_options(r, munis, "SELECT id, name_fi, name_sv, name_fi FROM municipalities ORDER BY name_fi",
                       v->municipality) < 0)
        goto fail;
    json_t *langs = json_array();
    const char *cl = v->contact_lang && *v->contact_lang ? v->contact_lang : r->lang;
    json_array_append_new(langs, option("fi", "suomi", cl, "fi"));
    json_array_append_new(langs, option("sv", "svenska", cl, "sv"));
    json_array_append_new(langs, option("en", "English", cl, "en"));

    json_t *errors = fv.errors;
    json_object_set_new(ctx, "topic_field", select_field(errors, "topic", tr(r->lang, "Topic"), trerr(r, e->topic), json_incref(topics), NULL));
    json_object_set_new(ctx, "project_field", select_field(errors, "project", tr(r->lang, "Project"), trerr(r, e->project), json_incref(projects), NULL));
    json_object_set_new(ctx, "municipality_field", select_field(errors, "municipality", tr(r->lang, "Municipality"), NULL, json_incref(munis), NULL));

    json_object_set(ctx, "name_field", formview_field(&fv, "contact_name", tr(r->lang, "Name"), "text", v->contact_name,
                                                      trerr(r, e->contact_name), "name", NULL, 0));
    json_object_set(ctx, "email_field", formview_field(&fv, "contact_email", tr(r->lang, "E-mail address"), "email",
                                                       v->contact_email, trerr(r, e->contact_email), "email",
                                                       tr(r->lang, "Give an e-mail address or a phone number, or both."), 0));
    json_object_set(ctx, "phone_field", formview_field(&fv, "contact_phone", tr(r->lang, "Phone number"), "tel",
                                                       v->contact_phone, trerr(r, e->contact_phone), "tel", NULL, 0));
    json_object_set_new(ctx, "lang_field", select_field(errors, "contact_lang", tr(r->lang, "Language for the answer"),
                                                        trerr(r, e->contact_lang), langs, NULL));
    json_object_set_new(ctx, "contact", json_boolean(v->contact));
    json_object_set_new(ctx, "attach", json_boolean(v->attach));
    json_object_set_new(ctx, "consent", json_string(tr_fill(r, "If you ask to be contacted, we store your contact details only to answer you and erase them "
        "{n} days after your feedback has been closed. Your feedback itself is kept without them.",
        APP.cfg.feedback_retention_days)));
    if (r->user) json_object_set_new(ctx, "signed_in", json_true());
    if (alert) json_object_set_new(ctx, "alert", json_string(alert));
    formview_attach(&fv, ctx);
    if (alert) json_object_set_new(ctx, "has_errors", json_true());
    respond_page(r, status, "feedback/form", ctx);
    return 0;
fail:
    json_decref(ctx);
    json_decref(fv.fields);
    json_decref(fv.errors);
    return -1;
}

int feedback_form_page(request *r)
{
    form_values v = {0};
    /* ?project=ID preselects a project, e.g. from a project page's link */
    const char *p = req_query(r, "project");
    if (p && parse_id(p) > 0) v.project = p;
    const char *t = req_query(r, "topic");
    if (t && parse_id(t) > 0) v.topic = t;
    return render_form(r, 200, &v, NULL, NULL);
}

static const char *field_or_empty(request *r, const char *name)
{
    const char *s = req_form(r, name);
    return s ? s : "";
}

int feedback_submit(request *r)
{
    form_values v;
    v.message = field_or_empty(r, "message");
    v.topic = field_or_empty(r, "topic");
    v.project = field_or_empty(r, "project");
    v.municipality = field_or_empty(r, "municipality");
    v.contact_name = field_or_empty(r, "contact_name");
    v.contact_email = field_or_empty(r, "contact_email");
    v.contact_phone = field_or_empty(r, "contact_phone");
    v.contact_lang = field_or_empty(r, "contact_lang");
    v.contact = *field_or_empty(r, "contact") != '\0';
    v.attach = r->user && *field_or_empty(r, "attach_account") != '\0';

    /* A filled honeypot: a bot. It sees what a person would see; nothing is stored. */
    if (*field_or_empty(r, "website")) {
        static const char alphabet[] = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
        char code[13] = "PA-XXXX-XXXX";
        for (int i = 3; i < 12; i++)
            if (i != 7) code[i] = alphabet[randombytes_uniform((uint32_t)(sizeof alphabet - 1))];
        respond_redirect(r, 303, req_url(r, arena_printf(&r->a, "/feedback/thanks?ref=%s", code)));
        return 0;
    }

    int wait = ratelimit_hit("feedback", r->client_key, APP.cfg.feedback_limit > 0 ? APP.cfg.feedback_limit : 5,
                             FEEDBACK_WINDOW, r->now);
    if (wait > 0) {
        req_header(r, "Retry-After", arena_printf(&r->a, "%d", wait));
        long minutes = (wait + 59) / 60;
        return render_form(r, 429, &v, NULL,
                           tr_fill(r, "You have sent a lot of feedback in a short time. Your text is kept below: "
                                      "please send it again in {n} minutes.", minutes));
    }

    feedback_input in = {0};
    in.message = v.message;
    in.topic_id = parse_id(v.topic);
    in.project_id = parse_id(v.project);
    int64_t muni = parse_id(v.municipality);
    in.municipality_id = muni > 0 ? muni : 0;
    in.lang = r->lang;
    in.channel = "web";
    in.contact_requested = v.contact;
    in.contact_name = v.contact_name;
    in.contact_email = v.contact_email;
    in.contact_phone = v.contact_phone;
    in.contact_lang = *v.contact_lang ? v.contact_lang : r->lang;
    in.user_id = v.attach ? r->user->id : 0;
    feedback_errors e;
    if (!feedback_validate(r->db, &r->a, &in, &e)) return render_form(r, 400, &v, &e, NULL);
    const char *code = NULL;
    if (feedback_create(r->db, &r->a, r->now, &in, &code) < 0) return -1;
    bool mailed = v.contact && *v.contact_email;
    respond_redirect(r, 303, req_url(r, arena_printf(&r->a, "/feedback/thanks?ref=%s%s", code, mailed ? "&mail=1" : "")));
    return 0;
}

/* Only a well-formed code is echoed: the receipt shows what the sender already has. */
static bool ref_valid(const char *s)
{
    if (!s || strlen(s) != 12 || strncmp(s, "PA-", 3) != 0 || s[7] != '-') return false;
    for (int i = 3; i < 12; i++)
        if (i != 7 && !strchr("ABCDEFGHJKMNPQRSTUVWXYZ23456789", s[i])) return false;
    return true;
}

int feedback_thanks(request *r)
{
    const char *ref = req_query(r, "ref");
    json_t *ctx = json_pack("{s:s, s:s}", "title", tr(r->lang, "Thank you for your feedback"), "again_url",
                            req_url(r, "/feedback"));
    if (ref_valid(ref)) json_object_set_new(ctx, "ref", json_string(ref));
    const char *mail = req_query(r, "mail");
    if (mail && strcmp(mail, "1") == 0) json_object_set_new(ctx, "mailed", json_true());
    respond_page(r, 200, "feedback/thanks", ctx);
    return 0;
}

json_t *feedback_embed_ctx(request *r, int64_t project_id, const char *project_title)
{
    return json_pack("{s:s, s:I, s:s}", "action", req_url(r, "/feedback"), "project_id", (json_int_t)project_id,
                     "project_title", project_title ? project_title : "");
}

json_t *feedback_published_for_project(request *r, int64_t project_id)
{
    json_t *items = json_array();
    db_result res;
    db_param p[] = {DB_INT(project_id)};
    if (db_query(r->db, &r->a, &res,
                 "SELECT message, public_answer, created_at FROM feedback WHERE project_id = $1 AND published = 1 "
                 "AND public_answer IS NOT NULL ORDER BY created_at DESC LIMIT 50", 1, p) < 0)
        return json_pack("{s:b, s:o}", "any", 0, "items", items);
    for (int i = 0; i < res.nrows; i++)
        json_array_append_new(items, json_pack("{s:s, s:s}", "question", db_cell(&res, i, 0), "answer",
                                               db_cell(&res, i, 1)));
    return json_pack("{s:b, s:o}", "any", res.nrows > 0, "items", items);
}
