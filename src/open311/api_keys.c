/* API keys for Open311 client systems: /{lang}/admin/api-keys (admins).
 * A key is shown once, right after it is created; only its SHA-256 hash is
 * stored. Creating and revoking a key is written to the audit log. */
#include "open311.h"
#include "../audit/audit.h"
#include "../http/formview.h"
#include "../http/session.h"
#include "../view/i18n.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define API_KEY_PREFIX "k311_"
#define API_KEY_NAME_MAX 200

int64_t api_key_check(db *d, arena *a, const char *key)
{
    if (!key || strncmp(key, API_KEY_PREFIX, strlen(API_KEY_PREFIX)) != 0 || strlen(key) > 200) return 0;
    db_result res;
    db_param p[] = {DB_TEXT(token_hash(a, key))};
    if (db_query(d, a, &res, "SELECT id FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL", 1, p) < 0)
        return -1;
    return res.nrows > 0 ? db_cell_int(&res, 0, 0) : 0;
}

static const char *format_time(request *r, int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    return arena_printf(&r->a, "%d.%d.%d %02d:%02d", tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900, tm.tm_hour,
                        tm.tm_min);
}

static const char *iso_time(request *r, int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    return arena_printf(&r->a, "%04d-%02d-%02dT%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                        tm.tm_hour, tm.tm_min);
}

/* new_key: the key just created, shown once; NULL otherwise. */
static int render_page(request *r, int status, const char *name, const char *name_err, const char *new_key)
{
    db_result res;
    if (db_query(r->db, &r->a, &res,
                 "SELECT k.id, k.name, COALESCE(u.display_name, ''), k.created_at, k.revoked_at "
                 "FROM api_keys k LEFT JOIN users u ON u.id = k.created_by "
                 "ORDER BY (CASE WHEN k.revoked_at IS NULL THEN 0 ELSE 1 END), k.created_at DESC, k.id DESC",
                 0, NULL) < 0)
        return -1;
    json_t *rows = json_array();
    for (int i = 0; i < res.nrows; i++) {
        bool revoked = db_cell(&res, i, 4) != NULL;
        json_t *row = json_pack("{s:s, s:s, s:s, s:s, s:b}", "name", db_cell(&res, i, 1), "created_by",
                                db_cell(&res, i, 2), "created_at", format_time(r, db_cell_int(&res, i, 3)),
                                "created_iso", iso_time(r, db_cell_int(&res, i, 3)), "revoked", revoked);
        if (revoked) {
            json_object_set_new(row, "revoked_at", json_string(format_time(r, db_cell_int(&res, i, 4))));
            json_object_set_new(row, "revoked_iso", json_string(iso_time(r, db_cell_int(&res, i, 4))));
        } else {
            json_object_set_new(row, "revoke_url", json_string(req_url(r, arena_printf(&r->a, "/admin/api-keys/%s/revoke",
                                                                                        db_cell(&res, i, 0)))));
        }
        json_array_append_new(rows, row);
    }
    json_t *ctx = json_pack("{s:s, s:o, s:b, s:s}", "title", tr(r->lang, "Open311 API keys"), "keys", rows, "empty",
                            res.nrows == 0, "action", req_url(r, "/admin/api-keys"));
    if (new_key) {
        json_object_set_new(ctx, "new_key", json_string(new_key));
        json_object_set_new(ctx, "new_key_name", json_string(name));
    }
    if (req_query(r, "revoked")) json_object_set_new(ctx, "notice", json_string(tr(r->lang, "The API key was revoked.")));
    /* After a key is created the form starts empty again. */
    formview fv;
    formview_init(&fv);
    formview_field(&fv, "name", tr(r->lang, "Name or purpose"), "text", new_key ? NULL : name, name_err, "off",
                   tr(r->lang, "For example the system and the organisation that will use the key."), 1);
    formview_attach(&fv, ctx);
    respond_page(r, status, "admin/api_keys", ctx);
    return 0;
}

int admin_api_keys_list(request *r) { return render_page(r, 200, NULL, NULL, NULL); }

int admin_api_keys_create(request *r)
{
    const char *name = req_form(r, "name");
    const char *trimmed = name ? name : "";
    while (*trimmed == ' ' || *trimmed == '\t') trimmed++;
    if (!*trimmed) return render_page(r, 400, name, tr(r->lang, "Enter a name or purpose for the key."), NULL);
    size_t chars = 0;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if ((*p & 0xC0) != 0x80) chars++;
    if (chars > API_KEY_NAME_MAX)
        return render_page(r, 400, name, tr(r->lang, "The name must be at most 200 characters long."), NULL);
    const char *key = arena_printf(&r->a, API_KEY_PREFIX "%s", token_random(&r->a, 32));
    db_result res;
    db_param p[] = {DB_TEXT(token_hash(&r->a, key)), DB_TEXT(name), DB_INT(r->user->id), DB_INT(r->now)};
    if (db_begin(r->db) < 0) return -1;
    if (db_query(r->db, &r->a, &res,
                 "INSERT INTO api_keys(key_hash, name, created_by, created_at) VALUES($1, $2, $3, $4) RETURNING id",
                 4, p) < 0)
        goto fail;
    if (audit_record(r->db, r->now, r->user->id, "create_api_key", 0,
                     arena_printf(&r->a, "id=%s name=%s", db_cell(&res, 0, 0), name)) < 0)
        goto fail;
    if (db_commit(r->db) < 0) goto fail;
    /* Shown on this answer only; never stored or logged. */
    req_header(r, "Cache-Control", "no-store");
    return render_page(r, 201, name, NULL, key);
fail:
    db_rollback(r->db);
    return -1;
}

int admin_api_key_revoke(request *r)
{
    const char *s = req_param(r, "id");
    char *end;
    long long id = s ? strtoll(s, &end, 10) : 0;
    if (!s || !*s || *end || id <= 0) {
        respond_error(r, 404, NULL);
        return 0;
    }
    db_result res;
    db_param p[] = {DB_INT(r->now), DB_INT(id)};
    db_param idp[] = {DB_INT(id)};
    if (db_begin(r->db) < 0) return -1;
    if (db_query(r->db, &r->a, &res, "UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL", 2,
                 p) < 0)
        goto fail;
    if (res.changes == 0) {
        if (db_query(r->db, &r->a, &res, "SELECT 1 FROM api_keys WHERE id = $1", 1, idp) < 0) goto fail;
        db_rollback(r->db);
        if (res.nrows == 0) {
            respond_error(r, 404, NULL);
            return 0;
        }
        /* Already revoked: nothing changes. */
        respond_redirect(r, 303, req_url(r, "/admin/api-keys?revoked=1"));
        return 0;
    }
    if (audit_record(r->db, r->now, r->user->id, "revoke_api_key", 0, arena_printf(&r->a, "id=%lld", id)) < 0)
        goto fail;
    if (db_commit(r->db) < 0) goto fail;
    respond_redirect(r, 303, req_url(r, "/admin/api-keys?revoked=1"));
    return 0;
fail:
    db_rollback(r->db);
    return -1;
}
