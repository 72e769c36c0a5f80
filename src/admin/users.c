/* Account administration for admins: /{lang}/admin/users[/{id}], /{lang}/admin/audit.
 * Every look at someone's personal data is written to the audit log. */
#include "admin.h"
#include "../accounts/accounts.h"
#include "../audit/audit.h"
#include "../http/formview.h"
#include "../view/i18n.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PAGE_SIZE 50

static const char *const ROLES[] = {"resident", "staff", "moderator", "admin"};

static json_t *role_options(request *r, const char *selected)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < sizeof ROLES / sizeof *ROLES; i++)
        json_array_append_new(arr, json_pack("{s:s, s:s, s:b}", "value", ROLES[i], "label",
                                             tr(r->lang, ROLES[i]), "selected",
                                             selected && strcmp(selected, ROLES[i]) == 0));
    return arr;
}

static json_t *municipality_options(request *r, int64_t user_id)
{
    db_result res;
    db_param p[] = {DB_INT(user_id)};
    if (db_query(r->db, &r->a, &res,
                 "SELECT m.id, m.name_fi, m.name_sv, "
                 "EXISTS(SELECT 1 FROM user_municipalities um WHERE um.user_id = $1 AND um.municipality_id = m.id) "
                 "FROM municipalities m ORDER BY m.name_fi", 1, p) < 0)
        return NULL;
    json_t *arr = json_array();
    for (int i = 0; i < res.nrows; i++) {
        const char *name = strcmp(r->lang, "sv") == 0 ? db_cell(&res, i, 2) : db_cell(&res, i, 1);
        const char *c = db_cell(&res, i, 3);
        json_array_append_new(arr, json_pack("{s:I, s:s, s:b}", "id", (json_int_t)db_cell_int(&res, i, 0),
                                             "name", name, "checked", c && (c[0] == '1' || c[0] == 't')));
    }
    return arr;
}

static int render_list(request *r, int status, const char *name, const char *email, const char *role_sel,
                       const char *name_err, const char *email_err, const char *pw_err)
{
    long page = 1;
    const char *ps = req_query(r, "page");
    if (ps) page = strtol(ps, NULL, 10);
    if (page < 1 || page > 100000) page = 1;
    db_result res;
    db_param p[] = {DB_INT(PAGE_SIZE + 1), DB_INT((page - 1) * PAGE_SIZE)};
    if (db_query(r->db, &r->a, &res,
                 "SELECT id, display_name, email, role, disabled FROM users "
                 "WHERE role <> 'resident' ORDER BY display_name, id LIMIT $1 OFFSET $2", 2, p) < 0)
        return -1;
    if (audit_record(r->db, r->now, r->user->id, "list_staff_accounts", 0,
                     arena_printf(&r->a, "page=%ld", page)) < 0)
        return -1;
    json_t *rows = json_array();
    for (int i = 0; i < res.nrows && i < PAGE_SIZE; i++) {
        json_array_append_new(rows, json_pack("{s:s, s:s, s:s, s:s, s:b}", "url",
            req_url(r, arena_printf(&r->a, "/admin/users/%s", db_cell(&res, i, 0))),
            "display_name", db_cell(&res, i, 1), "email", db_cell(&res, i, 2),
            "role", tr(r->lang, db_cell(&res, i, 3)), "disabled", db_cell_int(&res, i, 4) != 0));
    }
    formview fv;
    formview_init(&fv);
    formview_field(&fv, "display_name", tr(r->lang, "Name"), "text", name, name_err, "off", NULL, 1);
    formview_field(&fv, "email", tr(r->lang, "E-mail address"), "email", email, email_err, "off", NULL, 1);
    formview_field(&fv, "password", tr(r->lang, "Initial password"), "password", NULL, pw_err, "new-password",
                   tr(r->lang, "Give it to the person privately; they can change it with a password reset."), 1);
    json_t *ctx = json_pack("{s:s, s:o, s:s, s:o}", "title", tr(r->lang, "Staff accounts"), "users", rows,
                            "action", req_url(r, "/admin/users"), "roles", role_options(r, role_sel ? role_sel : "staff"));
    if (page > 1) json_object_set_new(ctx, "prev_url", json_string(req_url(r, arena_printf(&r->a, "/admin/users?page=%ld", page - 1))));
    if (res.nrows > PAGE_SIZE) json_object_set_new(ctx, "next_url", json_string(req_url(r, arena_printf(&r->a, "/admin/users?page=%ld", page + 1))));
    if (req_query(r, "created")) json_object_set_new(ctx, "notice", json_string(tr(r->lang, "The account was created.")));
    formview_attach(&fv, ctx);
    respond_page(r, status, "admin/users", ctx);
    return 0;
}

int admin_users_list(request *r) { return render_list(r, 200, NULL, NULL, NULL, NULL, NULL, NULL); }

int admin_users_create(request *r)
{
    const char *name = req_form(r, "display_name"), *email = req_form(r, "email"),
               *password = req_form(r, "password"), *role_text = req_form(r, "role");
    const char *ne = account_check_name(name), *ee = account_check_email(email),
               *pe = account_check_password(password);
    if (role_parse(role_text) < ROLE_STAFF) role_text = "staff";
    if (ne || ee || pe)
        return render_list(r, 400, name, email, role_text, ne ? tr(r->lang, ne) : NULL,
                           ee ? tr(r->lang, ee) : NULL, pe ? tr(r->lang, pe) : NULL);
    char err[256];
    int64_t id = account_create(r->db, email, name, password, role_text, r->lang, r->now, err, sizeof err);
    if (id < 0) {
        if (db_error_is_unique(r->db))
            return render_list(r, 400, name, email, role_text, NULL,
                               tr(r->lang, "An account with this e-mail address already exists."), NULL);
        return -1;
    }
    if (audit_record(r->db, r->now, r->user->id, "create_account", id, role_text) < 0) return -1;
    respond_redirect(r, 303, req_url(r, "/admin/users?created=1"));
    return 0;
}

static int64_t path_id(request *r)
{
    const char *s = req_param(r, "id");
    char *end;
    long long v = s ? strtoll(s, &end, 10) : 0;
    return (s && *s && *end == '\0' && v > 0) ? v : 0;
}

int admin_user_show(request *r)
{
    int64_t id = path_id(r);
    db_result res;
    db_param p[] = {DB_INT(id)};
    if (db_query(r->db, &r->a, &res, "SELECT id, display_name, email, role, disabled, lang, created_at "
                                     "FROM users WHERE id = $1", 1, p) < 0)
        return -1;
    if (res.nrows == 0) {
        respond_error(r, 404, NULL);
        return 0;
    }
    if (audit_record(r->db, r->now, r->user->id, "view_account", id, "") < 0) return -1;
    json_t *munis = municipality_options(r, id);
    if (!munis) return -1;
    json_t *ctx = json_pack("{s:s, s:s, s:s, s:o, s:b, s:o, s:s}", "title", db_cell(&res, 0, 1),
                            "email", db_cell(&res, 0, 2), "display_name", db_cell(&res, 0, 1),
                            "roles", role_options(r, db_cell(&res, 0, 3)), "disabled",
                            db_cell_int(&res, 0, 4) != 0, "municipalities", munis, "action",
                            req_url(r, arena_printf(&r->a, "/admin/users/%lld", (long long)id)));
    json_object_set_new(ctx, "users_url", json_string(req_url(r, "/admin/users")));
    if (req_query(r, "saved")) json_object_set_new(ctx, "notice", json_string(tr(r->lang, "Changes saved.")));
    respond_page(r, 200, "admin/user", ctx);
    return 0;
}

int admin_user_update(request *r)
{
    int64_t id = path_id(r);
    const char *role_text = req_form(r, "role");
    if (role_parse(role_text) == ROLE_ANYONE) {
        respond_error(r, 400, tr(r->lang, "Choose one of the roles in the list."));
        return 0;
    }
    if (id == r->user->id && role_parse(role_text) != ROLE_ADMIN) {
        respond_error(r, 400, tr(r->lang, "You cannot remove your own admin role."));
        return 0;
    }
    bool disabled = req_form(r, "disabled") != NULL && id != r->user->id;
    db_param p[] = {DB_TEXT(role_text), DB_INT(disabled), DB_INT(id)};
    db_param idp[] = {DB_INT(id)};
    if (db_begin(r->db) < 0) return -1;
    db_result res;
    if (db_query(r->db, &r->a, &res, "UPDATE users SET role = $1, disabled = $2 WHERE id = $3", 3, p) < 0)
        goto fail;
    if (res.changes == 0) {
        db_rollback(r->db);
        respond_error(r, 404, NULL);
        return 0;
    }
    if (db_exec(r->db, "DELETE FROM user_municipalities WHERE user_id = $1", 1, idp) < 0) goto fail;
    for (size_t i = 0; i < r->form.count; i++) {
        if (strcmp(r->form.fields[i].name, "municipality") != 0) continue;
        char *end;
        long long mid = strtoll(r->form.fields[i].value, &end, 10);
        if (*end || mid <= 0) continue;
        db_param mp[] = {DB_INT(id), DB_INT(mid)};
        if (db_exec(r->db, "INSERT INTO user_municipalities(user_id, municipality_id) "
                           "SELECT $1, id FROM municipalities WHERE id = $2 ON CONFLICT DO NOTHING", 2, mp) < 0)
            goto fail;
    }
    if (disabled && db_exec(r->db, "DELETE FROM sessions WHERE user_id = $1", 1, idp) < 0) goto fail;
    if (audit_record(r->db, r->now, r->user->id, "update_account", id,
                     arena_printf(&r->a, "role=%s disabled=%d", role_text, disabled)) < 0)
        goto fail;
    if (db_commit(r->db) < 0) goto fail;
    respond_redirect(r, 303, req_url(r, arena_printf(&r->a, "/admin/users/%lld?saved=1", (long long)id)));
    return 0;
fail:
    db_rollback(r->db);
    return -1;
}

int admin_audit_list(request *r)
{
    db_result res;
    if (db_query(r->db, &r->a, &res,
                 "SELECT a.at, COALESCE(u.display_name, '-'), a.action, COALESCE(s.display_name, ''), a.detail "
                 "FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id "
                 "LEFT JOIN users s ON s.id = a.subject_user_id ORDER BY a.id DESC LIMIT 200", 0, NULL) < 0)
        return -1;
    json_t *rows = json_array();
    for (int i = 0; i < res.nrows; i++) {
        time_t t = (time_t)db_cell_int(&res, i, 0);
        struct tm tm;
        gmtime_r(&t, &tm);
        char when[32];
        strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", &tm);
        json_array_append_new(rows, json_pack("{s:s, s:s, s:s, s:s, s:s}", "at", when, "actor",
                                              db_cell(&res, i, 1), "action", db_cell(&res, i, 2), "subject",
                                              db_cell(&res, i, 3), "detail", db_cell(&res, i, 4)));
    }
    respond_page(r, 200, "admin/audit", json_pack("{s:s, s:o}", "title", tr(r->lang, "Audit log"), "entries", rows));
    return 0;
}
