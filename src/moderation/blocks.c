/* Account blocks in force: /{lang}/moderation/blocks lists them and a
 * county moderator may lift one early. Blocking itself starts from the
 * queue (moderation_block in queue.c). A blocked person may read but not
 * take part; the refusal names the date the block ends. */
#include "moderation.h"
#include "../comments/comments.h"
#include "../view/i18n.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

int moderation_blocks(request *r)
{
    db_result res;
    db_param p[] = {DB_INT(r->now)};
    if (db_query(r->db, &r->a, &res,
                 "SELECT b.id, u.display_name, b.blocked_until, b.reason, COALESCE(m.display_name, ''), b.created_at"
                 " FROM account_blocks b JOIN users u ON u.id = b.user_id LEFT JOIN users m ON m.id = b.blocked_by"
                 " WHERE b.blocked_until > $1 AND b.lifted_at IS NULL ORDER BY b.blocked_until, b.id", 1, p) < 0)
        return -1;
    json_t *ctx = json_object();
    json_t *rows = json_array();
    for (int i = 0; i < res.nrows; i++) {
        json_array_append_new(rows, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "name", db_cell(&res, i, 1), "until",
                                              comments_format_time(r, db_cell_int(&res, i, 2)), "reason",
                                              db_cell(&res, i, 3), "by", db_cell(&res, i, 4), "since",
                                              comments_format_time(r, db_cell_int(&res, i, 5)), "lift_action",
                                              req_url(r, arena_printf(&r->a, "/moderation/blocks/%s/lift",
                                                                      db_cell(&res, i, 0)))));
    }
    json_object_set_new(ctx, "rows", rows);
    json_object_set_new(ctx, "has_rows", json_boolean(res.nrows > 0));
    json_object_set_new(ctx, "title", json_string(tr(r->lang, "Blocked accounts")));
    json_object_set_new(ctx, "queue_url", json_string(req_url(r, "/moderation")));
    if (req_query(r, "done")) json_object_set_new(ctx, "done", json_string(tr(r->lang, "The block was lifted.")));
    respond_page(r, 200, "moderation/blocks", ctx);
    return 0;
}

int moderation_unblock(request *r)
{
    const char *ids = req_param(r, "id");
    if (!ids || !*ids || strlen(ids) > 18 || strspn(ids, "0123456789") != strlen(ids)) {
        respond_error(r, 404, NULL);
        return 0;
    }
    int64_t id = strtoll(ids, NULL, 10);
    db_result res;
    db_param p[] = {DB_INT(id)};
    if (db_query(r->db, &r->a, &res, "SELECT user_id FROM account_blocks WHERE id = $1 AND lifted_at IS NULL", 1, p) < 0)
        return -1;
    if (res.nrows == 0) {
        respond_error(r, 404, NULL);
        return 0;
    }
    int64_t uid = db_cell_int(&res, 0, 0);
    const char *reason = req_form(r, "reason");
    if (db_begin(r->db) < 0) return -1;
    db_param q[] = {DB_INT(r->now), DB_INT(id)};
    if (db_exec(r->db, "UPDATE account_blocks SET lifted_at = $1 WHERE id = $2", 2, q) < 0 ||
        moderation_log_write(r->db, r->now, r->user->id, "unblock", "account", uid, reason ? reason : "") < 0) {
        db_rollback(r->db);
        return -1;
    }
    if (db_commit(r->db) < 0) {
        db_rollback(r->db);
        return -1;
    }
    respond_redirect(r, 303, req_url(r, "/moderation/blocks?done=1"));
    return 0;
}
