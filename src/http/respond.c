/* Helpers handlers use to read a request and build the answer. */
#include "request.h"
#include "session.h"
#include "static_files.h"
#include "../app/app.h"
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
    for (size_t i = 0; r->is_api && i < api_error_shapes_count; i++)
        if (strncmp(r->path, api_error_shapes[i].prefix, strlen(api_error_shapes[i].prefix)) == 0) {
            api_error_shapes[i].answer(r, status, message ? message : title);
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

/* What the layout reads besides a page's own values: language links, asset
 * and navigation addresses, the signed-in user. Built in the request's arena
 * and searched after the page's values, so a page may override any of them. */
static vm_value layout_values(request *r, const char *template_name)
{
    static const char *const names[] = {"Suomi", "Svenska", "English"};
    arena *a = &r->a;
    vm_value layout = vm_obj_new(a, 16);
    /* The layout's logout form needs the token whenever someone is signed in;
     * otherwise only pages with forms do, and reading sets no cookie. */
    if (r->user || view_uses_csrf(template_name)) {
        csrf_prepare(r);
        vm_set(a, &layout, "csrf", vm_str(r->csrf_token));
        vm_set(a, &layout, "csrf_field", vm_str(CSRF_FIELD));
    }
    vm_set(a, &layout, "lang", vm_str(r->lang));
    const char *rest = r->lang_from_url ? r->path + 3 : "/";
    vm_value languages = vm_list_new(a, I18N_NLANGS);
    for (int i = 0; i < I18N_NLANGS; i++) {
        vm_value link = vm_obj_new(a, 4);
        vm_set(a, &link, "code", vm_str(i18n_langs[i]));
        vm_set(a, &link, "name", vm_str(names[i]));
        vm_set(a, &link, "url", vm_str(arena_concat(a, "/", i18n_langs[i], rest, NULL)));
        vm_set(a, &link, "current", vm_bool(strcmp(i18n_langs[i], r->lang) == 0));
        vm_push(a, &languages, link);
    }
    vm_set(a, &layout, "languages", languages);
    vm_set(a, &layout, "css_url", vm_str(static_url("css/site.css")));
    vm_set(a, &layout, "js_url", vm_str(static_url("js/site.js")));
    vm_set(a, &layout, "home_url", vm_str(req_url(r, "/")));
    vm_set(a, &layout, "prefix", vm_str(arena_concat(a, "/", r->lang, NULL)));
    if (r->user) {
        vm_value who = vm_obj_new(a, 5);
        vm_set(a, &who, "display_name", vm_str(r->user->display_name));
        vm_set(a, &who, "role", vm_str(role_name(r->user->role)));
        vm_set(a, &who, "is_staff", vm_bool(r->user->role >= ROLE_STAFF));
        vm_set(a, &who, "is_moderator", vm_bool(r->user->role >= ROLE_MODERATOR));
        vm_set(a, &who, "is_admin", vm_bool(r->user->role >= ROLE_ADMIN));
        vm_set(a, &layout, "user", who);
        /* "Notifications (N)": one indexed count of the unread */
        const char *notif = HTTP_HOOKS.notifications_label ? HTTP_HOOKS.notifications_label(r) : NULL;
        if (notif) vm_set(a, &layout, "notifications_label", vm_str(notif));
    }
    return layout;
}

void respond_page(request *r, int status, const char *template_name, json_t *ctx)
{
    respond_page_vm(r, status, template_name, vm_json(ctx));
    json_decref(ctx);
}

void respond_page_vm(request *r, int status, const char *template_name, vm_value page)
{
    vm_value stack[2] = {layout_values(r, template_name), page};
    r->out.len = 0;
    buf_reserve(&r->out, 16 * 1024);   /* most pages fit: no regrowing while rendering */
    if (view_render_stack(r->lang, template_name, stack, 2, &r->out) < 0) {
        fprintf(stderr, "level=error msg=\"template failed\" template=%s\n", template_name);
        r->out.len = 0;
        buf_printf(&r->out, "<!doctype html><html lang=\"%s\"><title>%d</title><h1>%d</h1></html>",
                   r->lang, status, status);
    }
    r->status = status;
    r->content_type = "text/html; charset=utf-8";
    req_header(r, "Cache-Control", "no-store");
    req_header(r, "Content-Language", r->lang);
}
