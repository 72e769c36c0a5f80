/* Reporting content: /{lang}/report?type=idea|comment|position|statement&id=N,
 * open to everyone. Nothing about the reporter is kept except the account
 * id when signed in. Also what every moderation page needs: loading the
 * reported content and deciding who moderates it. */
#include "moderation.h"
#include "../comments/comments.h"
#include "../util/local_path.h"
#include "../http/ratelimit.h"
#include "../view/i18n.h"
#include "../view/view.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define REPORT_DETAILS_MAX 1000
#define REPORT_LIMIT 10        /* reports per client per window */
#define REPORT_WINDOW 600

static const char *const TYPES[] = {"idea", "comment", "position", "statement"};

/* Report reasons: stored code and its label. */
static const struct {
    const char *code, *label;
} REASONS[] = {
    {"harassment", N_("Harassment or insults")},
    {"hate", N_("Hate speech or discrimination")},
    {"spam", N_("Spam or advertising")},
    {"personal_data", N_("Someone's personal data")},
    {"other", N_("Something else")},
};

bool moderation_type_valid(const char *type)
{
    if (!type) return false;
    for (size_t i = 0; i < sizeof TYPES / sizeof *TYPES; i++)
        if (strcmp(type, TYPES[i]) == 0) return true;
    return false;
}

static int64_t parse_id(const char *s)
{
    if (!s || !*s || !isdigit((unsigned char)*s) || strlen(s) > 18) return 0;
    char *end;
    long long v = strtoll(s, &end, 10);
    return *end || v <= 0 ? 0 : v;
}

int moderation_content_load(request *r, const char *type, int64_t id, mod_content *out)
{
    memset(out, 0, sizeof *out);
    if (!moderation_type_valid(type) || id <= 0) return 0;
    db_result res;
    db_param p[] = {DB_INT(id)};
    const char *sql;
    if (strcmp(type, "idea") == 0)
        sql = "SELECT i.space_id, i.user_id, COALESCE(u.display_name, i.author_name), i.title, i.body, i.hidden_at,"
              " i.hidden_reason, '', i.hidden_at, i.hidden_reason FROM ideas i LEFT JOIN users u ON u.id = i.user_id"
              " WHERE i.id = $1";
    else if (strcmp(type, "comment") == 0)
        sql = "SELECT 0, c.user_id, COALESCE(u.display_name, c.author_name), c.target_type, c.body, c.hidden_at,"
              " c.hidden_reason, c.target_id, NULL, NULL FROM comments c LEFT JOIN users u ON u.id = c.user_id"
              " WHERE c.id = $1";
    else if (strcmp(type, "position") == 0)
        sql = "SELECT i.space_id, p.user_id, COALESCE(u.display_name, ''), i.title, p.argument, p.hidden_at,"
              " p.hidden_reason, p.idea_id, i.hidden_at, i.hidden_reason FROM positions p JOIN ideas i ON i.id = p.idea_id"
              " LEFT JOIN users u ON u.id = p.user_id WHERE p.id = $1";
    else
        sql = "SELECT s.space_id, s.created_by, g.name_fi, s.title, s.body, NULL, NULL, g.slug, NULL, NULL"
              " FROM statements s JOIN groups g ON g.id = s.group_id WHERE s.id = $1";
    if (db_query(r->db, &r->a, &res, sql, 1, p) < 0) return -1;
    if (res.nrows == 0) return 0;
    out->type = type;
    out->id = id;
    out->space_id = db_cell_int(&res, 0, 0);
    out->author_id = db_cell_int(&res, 0, 1);
    out->author = db_cell(&res, 0, 2) ? db_cell(&res, 0, 2) : "";
    out->title = db_cell(&res, 0, 3);
    out->text = db_cell(&res, 0, 4) ? db_cell(&res, 0, 4) : "";
    out->hidden = db_cell(&res, 0, 5) != NULL;
    out->hidden_reason = db_cell(&res, 0, 6) ? db_cell(&res, 0, 6) : "";
    out->hideable = strcmp(type, "statement") != 0;
    out->title_hidden = db_cell(&res, 0, 8) != NULL;
    out->title_hidden_reason = db_cell(&res, 0, 9);
    const char *extra = db_cell(&res, 0, 7);
    if (strcmp(type, "idea") == 0) {
        out->path = arena_printf(&r->a, "/ideas/%lld", (long long)id);
    } else if (strcmp(type, "comment") == 0) {
        comment_target t;
        int rc = comment_target_load(r, out->title, parse_id(extra), &t);
        if (rc < 0) return -1;
        if (rc == 0) return 0;
        out->space_id = t.sp.id;
        out->title = t.title;
        out->title_hidden = t.hidden;
        out->title_hidden_reason = t.hidden_reason;
        const char *base = t.path;
        const char *hash = strchr(base, '#');
        if (hash) base = arena_printf(&r->a, "%.*s", (int)(hash - base), base);
        out->path = arena_printf(&r->a, "%s#comment-%lld", base, (long long)id);
    } else if (strcmp(type, "position") == 0) {
        out->path = arena_printf(&r->a, "/ideas/%s#positions", extra);
    } else {
        out->path = arena_printf(&r->a, "/groups/%s#statement-%lld", extra, (long long)id);
    }
    return 1;
}

bool moderation_content_visible(request *r, const mod_content *c)
{
    if (!c->space_id) return true;   /* statements are public on their group's page */
    space s;
    if (space_load_id(r, c->space_id, &s) <= 0) return false;
    return space_visible(r, &s);
}

bool moderation_may_moderate(request *r, const mod_content *c)
{
    if (!r->user) return false;
    if (r->user->role >= ROLE_MODERATOR) return true;
    if (!c->space_id) return false;
    db_param p[] = {DB_INT(c->space_id), DB_INT(r->user->id)};
    db_result res;
    return db_query(r->db, &r->a, &res, "SELECT 1 FROM space_moderators WHERE space_id = $1 AND user_id = $2", 2, p) == 0
           && res.nrows > 0;
}

bool moderation_is_any_moderator(request *r)
{
    if (!r->user) return false;
    if (r->user->role >= ROLE_MODERATOR) return true;
    db_param p[] = {DB_INT(r->user->id)};
    db_result res;
    return db_query(r->db, &r->a, &res, "SELECT 1 FROM space_moderators WHERE user_id = $1 LIMIT 1", 1, p) == 0 &&
           res.nrows > 0;
}

int moderation_log_write(db *d, int64_t now, int64_t moderator_id, const char *action, const char *target_type,
                         int64_t target_id, const char *reason)
{
    db_param p[] = {moderator_id ? DB_INT(moderator_id) : DB_NULL, DB_TEXT(action), DB_TEXT(target_type),
                    DB_INT(target_id), DB_TEXT(reason ? reason : ""), DB_INT(now)};
    return db_exec(d, "INSERT INTO moderation_log (moderator_id, action, target_type, target_id, reason, created_at)"
                      " VALUES ($1, $2, $3, $4, $5, $6)", 6, p);
}

/* What the report form shows of the content: its kind and a short excerpt. */
static const char *type_label(request *r, const char *type)
{
    if (strcmp(type, "idea") == 0) return tr(r->lang, "Idea");
    if (strcmp(type, "comment") == 0) return tr(r->lang, "Comment");
    if (strcmp(type, "position") == 0) return tr(r->lang, "Position");
    return tr(r->lang, "Statement");
}

static const char *excerpt(request *r, const char *text, size_t max_chars)
{
    size_t n = 0, i = 0;
    while (text[i] && n < max_chars) {
        i++;
        while ((text[i] & 0xC0) == 0x80) i++;
        n++;
    }
    if (!text[i]) return text;
    return arena_printf(&r->a, "%.*s…", (int)i, text);
}

static void render_form(request *r, int status, const mod_content *c, const char *reason, const char *details,
                        const char *reason_error, const char *details_error, const char *alert)
{
    json_t *ctx = json_object();
    json_object_set_new(ctx, "title", json_string(tr(r->lang, "Report content")));
    json_object_set_new(ctx, "action", json_string(req_url(r, "/report")));
    json_object_set_new(ctx, "type", json_string(c->type));
    json_object_set_new(ctx, "id", json_integer(c->id));
    json_object_set_new(ctx, "type_label", json_string(type_label(r, c->type)));
    /* hidden content and the title of a hidden idea: only the reason, except to its moderators */
    space s;
    const space *sp = (c->hidden || c->title_hidden) && c->space_id && space_load_id(r, c->space_id, &s) > 0 ? &s : NULL;
    const char *title = hidden_content_quote(r, sp, c->title_hidden, c->title_hidden_reason, c->title);
    json_object_set_new(ctx, "content_title", json_string(title ? title : ""));
    json_object_set_new(ctx, "content_excerpt", json_string(hidden_content_quote(r, sp, c->hidden, c->hidden_reason,
                                                                                 excerpt(r, c->text, 300))));
    json_object_set_new(ctx, "content_url", json_string(req_url(r, c->path)));
    json_t *opts = json_array();
    for (size_t i = 0; i < sizeof REASONS / sizeof *REASONS; i++)
        json_array_append_new(opts, json_pack("{s:s, s:s, s:s, s:b}", "value", REASONS[i].code, "label",
                                              tr(r->lang, REASONS[i].label), "id",
                                              arena_printf(&r->a, "reason-%s", REASONS[i].code), "checked",
                                              reason && strcmp(reason, REASONS[i].code) == 0));
    json_object_set_new(ctx, "reasons", opts);
    json_object_set_new(ctx, "details", json_string(details ? details : ""));
    json_t *errors = json_array();
    if (reason_error) {
        json_object_set_new(ctx, "reason_error", json_string(reason_error));
        json_array_append_new(errors, json_pack("{s:s, s:s}", "field_id", "reason-harassment", "message", reason_error));
    }
    if (details_error) {
        json_object_set_new(ctx, "details_error", json_string(details_error));
        json_array_append_new(errors, json_pack("{s:s, s:s}", "field_id", "report-details", "message", details_error));
    }
    json_object_set_new(ctx, "has_errors", json_boolean(json_array_size(errors) > 0));
    json_object_set_new(ctx, "errors", errors);
    if (alert) json_object_set_new(ctx, "alert", json_string(alert));
    json_object_set_new(ctx, "details_hint",
                        json_string(tr_fill(r, "Tell the moderators what is wrong. At most {n} characters. "
                                               "Required when you choose \"Something else\".", REPORT_DETAILS_MAX)));
    respond_page(r, status, "moderation/report", ctx);
}

/* Loads the content named by type and id; answers 404 itself. 1, 0 or -1. */
static int load_reportable(request *r, const char *type, const char *id, mod_content *c)
{
    int rc = moderation_content_load(r, type, parse_id(id), c);
    if (rc < 0) return -1;
    if (rc == 0 || !moderation_content_visible(r, c)) {
        respond_error(r, 404, tr(r->lang, "There is nothing to report here: the content does not exist or has been removed."));
        return 0;
    }
    return 1;
}

int report_form(request *r)
{
    mod_content c;
    int rc = load_reportable(r, req_query(r, "type"), req_query(r, "id"), &c);
    if (rc <= 0) return rc;
    render_form(r, 200, &c, NULL, NULL, NULL, NULL, NULL);
    return 0;
}

int report_submit(request *r)
{
    mod_content c;
    int rc = load_reportable(r, req_form(r, "type"), req_form(r, "id"), &c);
    if (rc <= 0) return rc;
    const char *reason = req_form(r, "reason");
    const char *details = req_form(r, "details");
    if (!details) details = "";
    const char *reason_error = NULL, *details_error = NULL;
    bool known = false;
    for (size_t i = 0; reason && i < sizeof REASONS / sizeof *REASONS; i++)
        if (strcmp(reason, REASONS[i].code) == 0) known = true;
    if (!known) reason_error = tr(r->lang, "Choose why you are reporting this.");
    size_t len = comments_utf8_len(details);
    const char *d = details;
    while (*d && isspace((unsigned char)*d)) d++;
    if (len > REPORT_DETAILS_MAX)
        details_error = tr_fill(r, "The description is too long: at most 1,000 characters are allowed and it has {n}.",
                                (long)len);
    else if (known && strcmp(reason, "other") == 0 && !*d)
        details_error = tr(r->lang, "Tell us what is wrong when you choose \"Something else\".");
    if (reason_error || details_error) {
        render_form(r, 400, &c, known ? reason : NULL, details, reason_error, details_error, NULL);
        return 0;
    }
    int wait = ratelimit_hit("report", r->client_key, REPORT_LIMIT, REPORT_WINDOW, r->now);
    if (wait > 0) {
        req_header(r, "Retry-After", arena_printf(&r->a, "%d", wait));
        render_form(r, 429, &c, reason, details, NULL, NULL,
                    tr_fill(r, "You have sent many reports in a short time. Please try again in {n} minutes.",
                            (long)((wait + 59) / 60)));
        return 0;
    }
    db_param p[] = {DB_TEXT(c.type), DB_INT(c.id), DB_TEXT(reason), DB_TEXT(details),
                    r->user ? DB_INT(r->user->id) : DB_NULL, DB_INT(r->now)};
    if (db_exec(r->db, "INSERT INTO reports (target_type, target_id, reason, details, reporter_user_id, created_at)"
                       " VALUES ($1, $2, $3, $4, $5, $6)", 6, p) < 0)
        return -1;
    const char *hash = strchr(c.path, '#');
    const char *back = hash ? arena_printf(&r->a, "%.*s", (int)(hash - c.path), c.path) : c.path;
    respond_redirect(r, 303, req_url(r, arena_concat(&r->a, "/report/thanks?back=", back, NULL)));
    return 0;
}

int report_thanks(request *r)
{
    json_t *ctx = json_object();
    json_object_set_new(ctx, "title", json_string(tr(r->lang, "Thank you for your report")));
    const char *back = req_query(r, "back");
    if (local_path_valid(back)) {
        const char *hash = strchr(back, '#');
        json_object_set_new(ctx, "back_url", json_string(req_url(r, hash ? arena_printf(&r->a, "%.*s", (int)(hash - back), back) : back)));
    }
    respond_page(r, 200, "moderation/thanks", ctx);
    return 0;
}
