/* Registration, login, logout, password reset and the resident's own page.
 * URLs: /{lang}/register, /{lang}/login, /{lang}/logout,
 *       /{lang}/password-reset[/{token}], /{lang}/account */
#include "accounts.h"
#include "../app/app.h"
#include "../http/formview.h"
#include "../http/ratelimit.h"
#include "../http/session.h"
#include "../mail/outbox.h"
#include "../util/local_path.h"
#include "../view/i18n.h"
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define RESET_TTL 3600

const char *account_check_email(const char *email)
{
    if (!email || !*email) return N_("Enter your e-mail address.");
    size_t n = strlen(email);
    const char *at = strchr(email, '@');
    if (n > 254 || !at || at == email || strchr(at + 1, '@') || !strchr(at + 1, '.') ||
        email[n - 1] == '.' || strpbrk(email, " \t\r\n<>,;\"()"))
        return N_("Enter an e-mail address in the form name@example.fi.");
    return NULL;
}

const char *account_check_password(const char *password)
{
    if (!password || !*password) return N_("Enter a password.");
    size_t n = strlen(password);
    if (n < 10) return N_("The password must be at least 10 characters long.");
    if (n > 1024) return N_("The password must be at most 1024 characters long.");
    return NULL;
}

const char *account_check_name(const char *name)
{
    if (!name || !*name) return N_("Enter the name you want to use here.");
    if (strlen(name) > 100) return N_("The name must be at most 100 characters long.");
    return NULL;
}

static char *lowercase_email(arena *a, const char *email)
{
    char *s = arena_strdup(a, email);
    for (char *p = s; *p; p++) *p = (char)tolower((unsigned char)*p);
    return s;
}

int64_t account_create(db *d, const char *email, const char *display_name, const char *password,
                       const char *role_text, const char *lang, int64_t now, char *err, size_t errlen)
{
    const char *problem = account_check_email(email);
    if (!problem) problem = account_check_password(password);
    if (!problem) problem = account_check_name(display_name);
    if (!problem && role_parse(role_text) == ROLE_ANYONE) problem = "unknown role";
    if (problem) {
        snprintf(err, errlen, "%s", problem);
        return -1;
    }
    arena a;
    arena_init(&a);
    int64_t id = -1;
    char *hash = password_hash(&a, password);
    db_result res;
    db_param p[] = {DB_TEXT(lowercase_email(&a, email)), DB_TEXT(display_name), DB_TEXT(hash),
                    DB_TEXT(role_text), DB_TEXT(lang), DB_INT(now)};
    if (!hash) {
        snprintf(err, errlen, "out of memory while hashing the password");
    } else if (db_query(d, &a, &res,
                        "INSERT INTO users(email, display_name, password_hash, role, lang, created_at) "
                        "VALUES($1, $2, $3, $4, $5, $6) RETURNING id", 6, p) < 0) {
        snprintf(err, errlen, "%s", db_error_is_unique(d) ? "an account with this e-mail address already exists"
                                                          : db_error(d));
    } else {
        id = db_cell_int(&res, 0, 0);
    }
    arena_free_all(&a);
    return id;
}

/* Where to go after logging in or registering: only a path on this site, so
 * a crafted link cannot send people elsewhere; NULL otherwise. */
static const char *local_next(const char *next) { return local_path_valid(next) ? next : NULL; }

static const char *trerr(request *r, const char *msgid) { return msgid ? tr(r->lang, msgid) : NULL; }

/* ---- registration ---- */

static int render_register(request *r, int status, const char *next, const char *name, const char *email,
                           const char *name_err, const char *email_err, const char *pw_err)
{
    formview fv;
    formview_init(&fv);
    formview_field(&fv, "display_name", tr(r->lang, "Name shown to others"), "text", name, name_err,
                   "nickname", tr(r->lang, "You may use a first name or a nickname."), 1);
    formview_field(&fv, "email", tr(r->lang, "E-mail address"), "email", email, email_err, "email",
                   NULL, 1);
    formview_field(&fv, "password", tr(r->lang, "Password"), "password", NULL, pw_err,
                   "new-password", tr(r->lang, "At least 10 characters. A few words in a row make a good password."), 1);
    json_t *ctx = json_pack("{s:s, s:s, s:s}", "title", tr(r->lang, "Create an account"), "action",
                            req_url(r, "/register"), "next", local_next(next) ? next : "");
    formview_attach(&fv, ctx);
    respond_page(r, status, "accounts/register", ctx);
    return 0;
}

int accounts_register_form(request *r)
{
    if (r->user) {
        respond_redirect(r, 303, req_url(r, "/account"));
        return 0;
    }
    return render_register(r, 200, req_query(r, "next"), NULL, NULL, NULL, NULL, NULL);
}

int accounts_register(request *r)
{
    const char *name = req_form(r, "display_name"), *email = req_form(r, "email"),
               *password = req_form(r, "password"), *next = req_form(r, "next");
    const char *name_err = account_check_name(name), *email_err = account_check_email(email),
               *pw_err = account_check_password(password);
    if (name_err || email_err || pw_err)
        return render_register(r, 400, next, name, email, trerr(r, name_err), trerr(r, email_err),
                               trerr(r, pw_err));
    char err[256];
    int64_t id = account_create(r->db, email, name, password, "resident", r->lang, r->now, err, sizeof err);
    if (id < 0) {
        if (db_error_is_unique(r->db))
            return render_register(r, 400, next, name, email, NULL,
                                   tr(r->lang, "An account with this e-mail address already exists. "
                                               "You can log in or reset your password."), NULL);
        return -1;
    }
    if (session_start(r, id) < 0) return -1;
    /* back where they were when they chose to create an account */
    respond_redirect(r, 303, local_next(next) ? next : req_url(r, "/account?welcome=1"));
    return 0;
}

/* ---- login ---- */

static int render_login(request *r, int status, const char *email, const char *next,
                        const char *email_err, const char *pw_err, const char *alert)
{
    formview fv;
    formview_init(&fv);
    formview_field(&fv, "email", tr(r->lang, "E-mail address"), "email", email, email_err, "email", NULL, 1);
    formview_field(&fv, "password", tr(r->lang, "Password"), "password", NULL, pw_err,
                   "current-password", NULL, 1);
    next = local_next(next);
    const char *register_url = next ? arena_concat(&r->a, req_url(r, "/register?next="),
                                                   query_value_escape(&r->a, next), NULL)
                                    : req_url(r, "/register");
    json_t *ctx = json_pack("{s:s, s:s, s:s, s:s, s:s}", "title", tr(r->lang, "Log in"), "action",
                            req_url(r, "/login"), "next", next ? next : "", "register_url", register_url,
                            "reset_url", req_url(r, "/password-reset"));
    if (alert) json_object_set_new(ctx, "alert", json_string(alert));
    if (req_query(r, "reset")) json_object_set_new(ctx, "notice", json_string(tr(r->lang, "Your password has been changed. You can now log in.")));
    formview_attach(&fv, ctx);
    respond_page(r, status, "accounts/login", ctx);
    return 0;
}

int accounts_login_form(request *r)
{
    return render_login(r, 200, NULL, req_query(r, "next"), NULL, NULL, NULL);
}

static const char *wait_text(request *r, int seconds)
{
    if (seconds < 120)
        return tr_fill(r, "Too many failed attempts. Please try again in {n} seconds.", seconds);
    return tr_fill(r, "Too many failed attempts. Please try again in {n} minutes.", (seconds + 59) / 60);
}

int accounts_login(request *r)
{
    const char *email = req_form(r, "email"), *password = req_form(r, "password"),
               *next = req_form(r, "next");
    if (!email || !*email || !password || !*password)
        return render_login(r, 400, email, next,
                            (!email || !*email) ? tr(r->lang, "Enter your e-mail address.") : NULL,
                            (!password || !*password) ? tr(r->lang, "Enter your password.") : NULL, NULL);
    /* A client's failures are counted in this node's memory; an account's in
     * the database, where attempts for other addresses cannot evict its lock.
     * A client already held back costs no database work. */
    const char *client = arena_printf(&r->a, "client:%s", r->client_key ? r->client_key : "");
    int wait = login_throttle_wait(client, r->now);
    if (wait == 0 && (wait = login_lock_wait(r->db, &r->a, email, r->now)) < 0) return -1;
    if (wait > 0) {
        req_header(r, "Retry-After", arena_printf(&r->a, "%d", wait));
        return render_login(r, 429, email, next, NULL, NULL, wait_text(r, wait));
    }
    db_result res;
    db_param p[] = {DB_TEXT(lowercase_email(&r->a, email))};
    if (db_query(r->db, &r->a, &res,
                 "SELECT id, password_hash FROM users WHERE email = $1 AND disabled = 0", 1, p) < 0)
        return -1;
    /* Verify against a dummy hash when there is no such account, so the
     * answer takes as long either way and does not reveal who is registered. */
    static const char dummy[] = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
                                "x2hZcMZBLZuGf3+0cNDDRJSNJg0pUN6x3o/VHKmcNTA";
    bool ok = password_verify(res.nrows ? db_cell(&res, 0, 1) : dummy, password) && res.nrows;
    if (!ok) {
        login_throttle_fail(client, r->now);
        if (login_lock_fail(r->db, &r->a, email, r->now) < 0) return -1;
        return render_login(r, 400, email, next, NULL, NULL,
                            tr(r->lang, "The e-mail address or password is wrong."));
    }
    if (login_lock_clear(r->db, &r->a, email) < 0) return -1;
    if (session_start(r, db_cell_int(&res, 0, 0)) < 0) return -1;
    respond_redirect(r, 303, local_next(next) ? next : req_url(r, "/"));
    return 0;
}

int accounts_logout(request *r)
{
    if (session_end(r) < 0) return -1;
    respond_redirect(r, 303, req_url(r, "/?logged_out=1"));
    return 0;
}

/* ---- password reset ---- */

static int render_reset_request(request *r, int status, const char *email, const char *email_err, bool sent)
{
    formview fv;
    formview_init(&fv);
    formview_field(&fv, "email", tr(r->lang, "E-mail address"), "email", email, email_err, "email", NULL, 1);
    json_t *ctx = json_pack("{s:s, s:s, s:b}", "title", tr(r->lang, "Forgotten password"), "action",
                            req_url(r, "/password-reset"), "sent", sent);
    formview_attach(&fv, ctx);
    respond_page(r, status, "accounts/reset_request", ctx);
    return 0;
}

int accounts_reset_request_form(request *r) { return render_reset_request(r, 200, NULL, NULL, false); }

int accounts_reset_request(request *r)
{
    const char *email = req_form(r, "email");
    const char *problem = account_check_email(email);
    if (problem) return render_reset_request(r, 400, email, tr(r->lang, problem), false);
    db_result res;
    db_param p[] = {DB_TEXT(lowercase_email(&r->a, email))};
    if (db_query(r->db, &r->a, &res, "SELECT id, lang FROM users WHERE email = $1 AND disabled = 0", 1, p) < 0)
        return -1;
    if (res.nrows == 1) {
        char *token = token_random(&r->a, 32);
        db_param q[] = {DB_TEXT(token_hash(&r->a, token)), DB_INT(db_cell_int(&res, 0, 0)),
                        DB_INT(r->now + RESET_TTL)};
        if (db_exec(r->db, "INSERT INTO password_resets(token_hash, user_id, expires_at) VALUES($1, $2, $3)",
                    3, q) < 0)
            return -1;
        const char *body = arena_printf(
            &r->a, "%s\n\n%s/%s/password-reset/%s\n\n%s\n", tr(r->lang, "Someone asked to reset the password of your Kohtaamo account. If it was you, open this link within one hour:"),
            APP.cfg.base_url, r->lang, token,
            tr(r->lang, "If you did not ask for this, you can ignore this message; your password stays as it is."));
        if (outbox_enqueue(r->db, r->now, lowercase_email(&r->a, email),
                           tr(r->lang, "Resetting your Kohtaamo password"), body) < 0)
            return -1;
    }
    /* The same answer whether or not the address has an account. */
    return render_reset_request(r, 200, NULL, NULL, true);
}

static int64_t reset_token_user(request *r, const char *token)
{
    if (!token || strlen(token) > 128) return 0;
    db_result res;
    db_param p[] = {DB_TEXT(token_hash(&r->a, token)), DB_INT(r->now)};
    if (db_query(r->db, &r->a, &res, "SELECT user_id FROM password_resets "
                                     "WHERE token_hash = $1 AND expires_at > $2 AND used_at IS NULL",
                 2, p) < 0)
        return -1;
    return res.nrows ? db_cell_int(&res, 0, 0) : 0;
}

static int render_reset(request *r, int status, const char *pw_err)
{
    formview fv;
    formview_init(&fv);
    formview_field(&fv, "password", tr(r->lang, "New password"), "password", NULL, pw_err, "new-password",
                   tr(r->lang, "At least 10 characters. A few words in a row make a good password."), 1);
    json_t *ctx = json_pack("{s:s, s:s}", "title", tr(r->lang, "Choose a new password"), "action",
                            req_url(r, arena_printf(&r->a, "/password-reset/%s", req_param(r, "token"))));
    formview_attach(&fv, ctx);
    respond_page(r, status, "accounts/reset", ctx);
    return 0;
}

int accounts_reset_form(request *r)
{
    int64_t uid = reset_token_user(r, req_param(r, "token"));
    if (uid < 0) return -1;
    if (uid == 0) {
        respond_error(r, 404, tr(r->lang, "This password reset link has expired or has already been used. "
                                          "You can ask for a new one."));
        return 0;
    }
    return render_reset(r, 200, NULL);
}

int accounts_reset(request *r)
{
    int64_t uid = reset_token_user(r, req_param(r, "token"));
    if (uid < 0) return -1;
    if (uid == 0) {
        respond_error(r, 404, tr(r->lang, "This password reset link has expired or has already been used. "
                                          "You can ask for a new one."));
        return 0;
    }
    const char *password = req_form(r, "password");
    const char *problem = account_check_password(password);
    if (problem) return render_reset(r, 400, tr(r->lang, problem));
    char *hash = password_hash(&r->a, password);
    if (!hash) return -1;
    db_param set[] = {DB_TEXT(hash), DB_INT(uid)};
    db_param used[] = {DB_INT(r->now), DB_TEXT(token_hash(&r->a, req_param(r, "token")))};
    db_param uidp[] = {DB_INT(uid)};
    if (db_begin(r->db) < 0) return -1;
    if (db_exec(r->db, "UPDATE users SET password_hash = $1 WHERE id = $2", 2, set) < 0 ||
        db_exec(r->db, "UPDATE password_resets SET used_at = $1 WHERE token_hash = $2", 2, used) < 0 ||
        /* Whoever knew the old password is logged out everywhere. */
        db_exec(r->db, "DELETE FROM sessions WHERE user_id = $1", 1, uidp) < 0 ||
        db_commit(r->db) < 0) {
        db_rollback(r->db);
        return -1;
    }
    respond_redirect(r, 303, req_url(r, "/login?reset=1"));
    return 0;
}

/* ---- the resident's own page ---- */

int accounts_profile(request *r)
{
    json_t *ctx = json_pack("{s:s, s:s, s:s, s:s, s:b}", "title", tr(r->lang, "Your account"), "email",
                            r->user->email, "display_name", r->user->display_name, "role_label",
                            tr(r->lang, role_name(r->user->role)), "welcome", req_query(r, "welcome") != NULL);
    respond_page(r, 200, "accounts/profile", ctx);
    return 0;
}
