/* Helpers handlers use to read a request and build the answer. */
#include "request.h"
#include "session.h"
#include "static_files.h"
#include "../app/app.h"
#include "../open311/open311.h"
#include "../participation/notifications.h"
#include "../util/json_alloc.h"
#include "../view/i18n.h"
#include "../view/view.h"
#include <microhttpd.h>
#include <stdio.h>
#include <string.h>

user_role role_parse(const char *s)
{
    if (!s) return ROLE_ANYONE;
    if (strcmp(s, "resident") == 0) return ROLE_RESIDENT;
    if (strcmp(s, "staff") == 0) return ROLE_STAFF;
    if (strcmp(s, "moderator") == 0) return ROLE_MODERATOR;
    if (strcmp(s, "admin") == 0) return ROLE_ADMIN;
    return ROLE_ANYONE;
}

const char *role_name(user_role r)
{
    switch (r) {
    case ROLE_RESIDENT: return N_("resident");
    case ROLE_STAFF: return N_("staff");
    case ROLE_MODERATOR: return N_("moderator");
    case ROLE_ADMIN: return N_("admin");
    default: return "anyone";
    }
}

const char *req_query(const request *r, const char *name) { return form_get(&r->query, name); }
const char *req_form(const request *r, const char *name) { return form_get(&r->form, name); }

void req_header(request *r, const char *name, const char *value)
{
    if (r->nheaders >= REQ_MAX_HEADERS) return;
    r->header_names[r->nheaders] = name;
    r->header_values[r->nheaders] = arena_strdup(&r->a, value);
    r->nheaders++;
}

void req_set_cookie(request *r, const char *name, const char *value, int max_age)
{
    char *c = arena_printf(&r->a, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s", name, value,
                           APP.cfg.secure_cookies ? "; Secure" : "");
    if (max_age > 0) c = arena_printf(&r->a, "%s; Max-Age=%d", c, max_age);
    else if (max_age < 0) c = arena_printf(&r->a, "%s; Max-Age=0", c);
    req_header(r, "Set-Cookie", c);
}

const char *req_url(request *r, const char *rest)
{
    return arena_printf(&r->a, "/%s%s", r->lang, rest);
}

char *tr_fill(request *r, const char *msgid, long n)
{
    const char *text = tr(r->lang, msgid);
    const char *at = strstr(text, "{n}");
    if (!at) return arena_strdup(&r->a, text);
    return arena_printf(&r->a, "%.*s%ld%s", (int)(at - text), text, n, at + 3);
}

void respond_text(request *r, int status, const char *content_type, const char *text)
{
    r->status = status;
    r->content_type = content_type;
    r->out.len = 0;
    buf_puts(&r->out, text);
}

void respond_json(request *r, int status, json_t *value)
{
    r->status = status;
    r->content_type = "application/json; charset=utf-8";
    r->out.len = 0;
    char *s = json_dumps(value, JSON_COMPACT | JSON_ENSURE_ASCII);
    if (s) buf_puts(&r->out, s);
    json_text_free(s);
    json_decref(value);
}

void respond_redirect(request *r, int status, const char *location)
{
    r->status = status;
    r->content_type = "text/plain; charset=utf-8";
    req_header(r, "Location", location);
    r->out.len = 0;
}

static const char *status_title(const char *lang, int status)
{
    switch (status) {
    case 400: return tr(lang, "The request could not be understood");
    case 403: return tr(lang, "You do not have access to this page");
    case 404: return tr(lang, "Page not found");
    case 405: return tr(lang, "This address does not accept that kind of request");
    case 413: return tr(lang, "What you sent is too large");
    case 429: return tr(lang, "Too many attempts");
    case 503: return tr(lang, "The service is temporarily unavailable");
    default: return tr(lang, "Something went wrong");
    }
}

static const char *status_advice(const char *lang, int status)
{
    switch (status) {
    case 400: return tr(lang, "Please check what you entered and try again.");
    case 403: return tr(lang, "If you think you should have access, log in or contact the county's support.");
    case 404: return tr(lang, "The page may have moved. Try the front page or the search.");
    case 405: return tr(lang, "Please use the links and forms on the site.");
    case 413: return tr(lang, "Please send less text or a smaller file.");
    case 429: return tr(lang, "Please wait a moment and try again.");
    default: return tr(lang, "Please try again in a moment.");
    }
}

void respond_error(request *r, int status, const char *message)
{
    const char *title = status_title(r->lang, status);
    const char *detail = message ? message : status_advice(r->lang, status);
    if (r->is_api && open311_path(r->path)) {   /* Open311's own error shape, JSON or XML */
        open311_error(r, status, message ? message : title);
        return;
    }
    if (r->is_api) {
        respond_json(r, status, json_pack("{s:i, s:s, s:s}", "status", status, "error", title,
                                          "detail", detail));
        return;
    }
    json_t *ctx = json_pack("{s:s, s:s, s:i}", "title", title, "message", detail, "status", status);
    respond_page(r, status, "errors/error", ctx);
}

static json_t *language_links(request *r)
{
    static const char *const names[] = {"Suomi", "Svenska", "English"};
    json_t *arr = json_array();
    const char *rest = r->lang_from_url ? r->path + 3 : "/";
    for (int i = 0; i < I18N_NLANGS; i++) {
        json_t *link = json_object();
        json_object_set_new_nocheck(link, "code", json_string_nocheck(i18n_langs[i]));
        json_object_set_new_nocheck(link, "name", json_string_nocheck(names[i]));
        json_object_set_new_nocheck(link, "url", json_string(arena_concat(&r->a, "/", i18n_langs[i], rest, NULL)));
        json_object_set_new_nocheck(link, "current", json_boolean(strcmp(i18n_langs[i], r->lang) == 0));
        json_array_append_new(arr, link);
    }
    return arr;
}

static void set_default(json_t *ctx, const char *key, json_t *value)
{
    if (json_object_get(ctx, key)) json_decref(value);
    else json_object_set_new(ctx, key, value);
}

void respond_page(request *r, int status, const char *template_name, json_t *ctx)
{
    if (!ctx) ctx = json_object();
    /* The layout's logout form needs the token whenever someone is signed in;
     * otherwise only pages with forms do, and reading sets no cookie. */
    if (r->user || view_uses_csrf(template_name)) {
        csrf_prepare(r);
        set_default(ctx, "csrf", json_string(r->csrf_token));
        set_default(ctx, "csrf_field", json_string(CSRF_FIELD));
    }
    set_default(ctx, "lang", json_string(r->lang));
    set_default(ctx, "languages", language_links(r));
    set_default(ctx, "css_url", json_string(static_url("css/site.css")));
    set_default(ctx, "js_url", json_string(static_url("js/site.js")));
    set_default(ctx, "home_url", json_string(req_url(r, "/")));
    set_default(ctx, "prefix", json_string(arena_printf(&r->a, "/%s", r->lang)));
    if (r->user) {
        set_default(ctx, "user", json_pack("{s:s, s:s, s:b, s:b, s:b}", "display_name",
                                           r->user->display_name, "role", role_name(r->user->role),
                                           "is_staff", r->user->role >= ROLE_STAFF, "is_moderator",
                                           r->user->role >= ROLE_MODERATOR, "is_admin",
                                           r->user->role >= ROLE_ADMIN));
        /* "Notifications (N)": one indexed count of the unread */
        const char *notif = notifications_header_label(r);
        if (notif) set_default(ctx, "notifications_label", json_string(notif));
    }
    r->out.len = 0;
    buf_reserve(&r->out, 16 * 1024);   /* most pages fit: no regrowing while rendering */
    if (view_render(r->lang, template_name, ctx, &r->out) < 0) {
        fprintf(stderr, "level=error msg=\"template failed\" template=%s\n", template_name);
        r->out.len = 0;
        buf_printf(&r->out, "<!doctype html><html lang=\"%s\"><title>%d</title><h1>%d</h1></html>",
                   r->lang, status, status);
    }
    json_decref(ctx);
    r->status = status;
    r->content_type = "text/html; charset=utf-8";
    req_header(r, "Cache-Control", "no-store");
    req_header(r, "Content-Language", r->lang);
}
