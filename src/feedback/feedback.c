/* Feedback core shared by the web form and Open311: validation, storing
 * (with the acknowledgement e-mail) and the retention purge of contact details. */
#include "feedback.h"
#include "../app/app.h"
#include "../mail/outbox.h"
#include "../view/i18n.h"
#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* Number of UTF-8 code points (the form parser has already rejected invalid UTF-8). */
size_t feedback_utf8_len(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xC0) != 0x80) n++;
    return n;
}

static bool blank(const char *s)
{
    if (!s) return true;
    for (; *s; s++)
        if (!isspace((unsigned char)*s)) return false;
    return true;
}

const char *feedback_check_email(const char *email)
{
    size_t n = strlen(email);
    const char *at = strchr(email, '@');
    if (n > 254 || !at || at == email || strchr(at + 1, '@') || !strchr(at + 1, '.') ||
        email[n - 1] == '.' || at[1] == '.' || strpbrk(email, " \t\r\n<>,;:\"()[]\\"))
        return N_("Enter an e-mail address in the form name@example.fi.");
    return NULL;
}

const char *feedback_check_phone(const char *phone)
{
    int digits = 0;
    size_t n = strlen(phone);
    if (n > 30) return N_("Enter a phone number with 7 to 15 digits, for example 040 123 4567.");
    for (const char *p = phone; *p; p++) {
        if (isdigit((unsigned char)*p))
            digits++;
        else if (!(*p == ' ' || *p == '-' || (*p == '+' && p == phone) || *p == '(' || *p == ')'))
            return N_("Enter a phone number with 7 to 15 digits, for example 040 123 4567.");
    }
    if (digits < 7 || digits > 15)
        return N_("Enter a phone number with 7 to 15 digits, for example 040 123 4567.");
    return NULL;
}

static bool row_exists(db *d, arena *a, const char *sql, int64_t id, bool *dberr)
{
    db_result res;
    db_param p[] = {DB_INT(id)};
    if (db_query(d, a, &res, sql, 1, p) < 0) {
        *dberr = true;
        return false;
    }
    return res.nrows > 0;
}

bool feedback_validate(db *d, arena *a, const feedback_input *in, feedback_errors *err)
{
    memset(err, 0, sizeof *err);
    if (blank(in->message))
        err->message = N_("Write your feedback.");
    else if (feedback_utf8_len(in->message) > FEEDBACK_MESSAGE_MAX)
        err->message = N_("The feedback must be at most 5,000 characters long.");
    bool dberr = false;
    if (in->topic_id < 0 ||
        (in->topic_id > 0 && !row_exists(d, a, "SELECT 1 FROM feedback_topics WHERE id = $1 AND active = 1",
                                         in->topic_id, &dberr)))
        err->topic = N_("Choose a topic from the list.");
    if (in->project_id < 0 ||
        (in->project_id > 0 && !row_exists(d, a, "SELECT 1 FROM projects WHERE id = $1 AND published = 1",
                                           in->project_id, &dberr)))
        err->project = N_("Choose a project from the list.");
    if (dberr) {
        if (!err->topic && in->topic_id) err->topic = N_("Choose a topic from the list.");
        if (!err->project && in->project_id) err->project = N_("Choose a project from the list.");
    }
    if (in->contact_requested) {
        bool has_email = !blank(in->contact_email), has_phone = !blank(in->contact_phone);
        if (in->contact_name && strlen(in->contact_name) > 100)
            err->contact_name = N_("The name must be at most 100 characters long.");
        if (!has_email && !has_phone) {
            err->contact_email = N_("To be contacted, give an e-mail address or a phone number.");
        } else {
            if (has_email) err->contact_email = feedback_check_email(in->contact_email);
            if (has_phone) err->contact_phone = feedback_check_phone(in->contact_phone);
        }
        if (in->contact_lang && *in->contact_lang && !i18n_lang_valid(in->contact_lang))
            err->contact_lang = N_("Choose Finnish, Swedish or English.");
    }
    return !(err->message || err->topic || err->project || err->contact_name || err->contact_email ||
             err->contact_phone || err->contact_lang);
}

/* A reference code people can read out on the phone: PA-XXXX-XXXX without 0/O, 1/I/L. */
static const char *new_ref_code(arena *a)
{
    static const char alphabet[] = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    char code[16];
    int k = 0;
    code[k++] = 'P';
    code[k++] = 'A';
    code[k++] = '-';
    for (int i = 0; i < 8; i++) {
        if (i == 4) code[k++] = '-';
        code[k++] = alphabet[randombytes_uniform((uint32_t)(sizeof alphabet - 1))];
    }
    code[k] = '\0';
    return arena_strdup(a, code);
}

static const char *or_null(const char *s) { return blank(s) ? NULL : s; }

/* "{n}" in text replaced by n, in the arena. */
static const char *fill_n(arena *a, const char *text, long n)
{
    const char *at = strstr(text, "{n}");
    if (!at) return text;
    return arena_printf(a, "%.*s%ld%s", (int)(at - text), text, n, at + 3);
}

/* The acknowledgement in the language the sender chose. */
static int queue_ack(db *d, arena *a, int64_t now, const char *lang, const char *email, const char *code)
{
    const char *subject = arena_printf(a, "%s %s", tr(lang, "Thank you for your feedback"), code);
    const char *body = arena_printf(a, "%s\n\n%s %s\n\n%s\n\n%s\n\n-- \nKohtaamo\n%s/%s/\n",
        tr(lang, "Hello,"),
        tr(lang, "We have received your feedback. Its reference code is"), code,
        tr(lang, "We will answer you as soon as we can. Keep the reference code if you want to ask about your feedback."),
        fill_n(a, tr(lang, "Your contact details are erased {n} days after your feedback has been closed."),
               APP.cfg.feedback_retention_days > 0 ? APP.cfg.feedback_retention_days : 90),
        APP.cfg.base_url ? APP.cfg.base_url : "", lang);
    return outbox_enqueue(d, now, email, subject, body);
}

int64_t feedback_create(db *d, arena *a, int64_t now, const feedback_input *in, const char **ref_code)
{
    bool contact = in->contact_requested;
    const char *lang = in->lang && i18n_lang_valid(in->lang) ? in->lang : "fi";
    const char *clang = contact ? (in->contact_lang && i18n_lang_valid(in->contact_lang) ? in->contact_lang : lang)
                                : NULL;
    const char *email = contact ? or_null(in->contact_email) : NULL;
    const char *channel = in->channel && strcmp(in->channel, "open311") == 0 ? "open311" : "web";
    for (int attempt = 0; attempt < 5; attempt++) {
        const char *code = new_ref_code(a);
        db_result res;
        /* municipality: as given if it exists, else the project's only municipality */
        db_param p[] = {DB_TEXT(code),
                        in->topic_id > 0 ? DB_INT(in->topic_id) : DB_NULL,
                        in->project_id > 0 ? DB_INT(in->project_id) : DB_NULL,
                        DB_INT(in->municipality_id > 0 ? in->municipality_id : 0),
                        DB_TEXT(in->message),
                        DB_TEXT(lang),
                        DB_TEXT(channel),
                        DB_INT(contact ? 1 : 0),
                        DB_TEXT(contact ? or_null(in->contact_name) : NULL),
                        DB_TEXT(email),
                        DB_TEXT(contact ? or_null(in->contact_phone) : NULL),
                        DB_TEXT(clang),
                        in->user_id > 0 ? DB_INT(in->user_id) : DB_NULL,
                        DB_INT(now)};
        int rc = db_query(d, a, &res,
            "INSERT INTO feedback(ref_code, topic_id, project_id, municipality_id, message, lang, channel, "
            "contact_requested, contact_name, contact_email, contact_phone, contact_lang, user_id, created_at) "
            "VALUES($1, $2, $3, COALESCE((SELECT id FROM municipalities WHERE id = $4), "
            "(SELECT MIN(municipality_id) FROM project_municipalities WHERE project_id = $3 "
            "HAVING COUNT(*) = 1)), $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
            14, p);
        if (rc < 0) {
            if (db_error_is_unique(d)) continue;   /* reference code collision: draw another */
            return -1;
        }
        int64_t id = db_cell_int(&res, 0, 0);
        if (email && queue_ack(d, a, now, clang, email, code) < 0) return -1;
        if (ref_code) *ref_code = code;
        return id;
    }
    return -1;
}

int feedback_purge_expired(db *d, int64_t now, int retention_days)
{
    if (retention_days < 0) retention_days = 0;
    db_param p[] = {DB_INT(now), DB_INT(now - (int64_t)retention_days * 86400)};
    db_result res;
    arena a;
    arena_init(&a);
    int rc = db_query(d, &a, &res,
        "UPDATE feedback SET contact_name = NULL, contact_email = NULL, contact_phone = NULL, "
        "contact_lang = NULL, user_id = NULL, contact_erased_at = $1 "
        "WHERE status = 'closed' AND closed_at IS NOT NULL AND closed_at <= $2 AND contact_erased_at IS NULL "
        "AND (contact_name IS NOT NULL OR contact_email IS NOT NULL OR contact_phone IS NOT NULL "
        "OR contact_lang IS NOT NULL OR user_id IS NOT NULL)",
        2, p);
    long long changed = rc < 0 ? -1 : res.changes;
    arena_free_all(&a);
    return (int)changed;
}
