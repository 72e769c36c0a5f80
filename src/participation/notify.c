/* Follows and in-app notifications. The daily digest and the pages that
 * show notifications are in src/participation/notifications.c. */
#include "participation.h"

int follow_add(db *d, int64_t now, int64_t user_id, const char *target_type, int64_t target_id)
{
    db_param p[] = {DB_INT(user_id), DB_TEXT(target_type), DB_INT(target_id), DB_INT(now)};
    return db_exec(d,
                   "INSERT INTO follows (user_id, target_type, target_id, created_at) VALUES ($1, $2, $3, $4)"
                   " ON CONFLICT DO NOTHING", 4, p);
}

int follow_remove(db *d, int64_t user_id, const char *target_type, int64_t target_id)
{
    db_param p[] = {DB_INT(user_id), DB_TEXT(target_type), DB_INT(target_id)};
    return db_exec(d, "DELETE FROM follows WHERE user_id = $1 AND target_type = $2 AND target_id = $3", 3, p);
}

bool follow_exists(db *d, int64_t user_id, const char *target_type, int64_t target_id)
{
    if (user_id <= 0) return false;
    db_param p[] = {DB_INT(user_id), DB_TEXT(target_type), DB_INT(target_id)};
    arena a;
    arena_init(&a);
    db_result res;
    bool yes = db_query(d, &a, &res,
                        "SELECT 1 FROM follows WHERE user_id = $1 AND target_type = $2 AND target_id = $3",
                        3, p) == 0 && res.nrows > 0;
    arena_free_all(&a);
    return yes;
}

/* Followers are told in chunks of this many ids; unused places hold 0 (no
 * account has it), so every chunk is one and the same prepared statement. */
#define NOTIFY_CHUNK 32

static int insert_chunk(db *d, arena *a, const int64_t *ids, int n, int64_t now, int64_t space_id, const char *kind,
                        const char *title, const char *path)
{
    static const char sql[] =
        "INSERT INTO notifications (user_id, kind, title, path, created_at, space_id)"
        " SELECT u.id, $1, $2, $3, CAST($4 AS BIGINT), CAST($5 AS BIGINT) FROM users u WHERE u.id IN ("
        "$6, $7, $8, $9, $10, $11, $12, $13, "
        "$14, $15, $16, $17, $18, $19, $20, $21, "
        "$22, $23, $24, $25, $26, $27, $28, $29, "
        "$30, $31, $32, $33, $34, $35, $36, $37)";
    _Static_assert(NOTIFY_CHUNK == 32, "the IN list above has NOTIFY_CHUNK places");
    db_param p[5 + NOTIFY_CHUNK] = {DB_TEXT(kind), DB_TEXT(title), DB_TEXT(path), DB_INT(now), DB_INT(space_id)};
    for (int i = 0; i < NOTIFY_CHUNK; i++) p[5 + i] = DB_INT(i < n ? ids[i] : 0);
    db_result res;
    if (db_query(d, a, &res, sql, 5 + NOTIFY_CHUNK, p) != 0) return -1;
    return (int)res.changes;
}

int notify_followers(db *d, int64_t now, const char *target_type, int64_t target_id,
                     const char *also_type, int64_t also_id, int64_t except_user_id,
                     const char *kind, const char *title, const char *path, int64_t space_id)
{
    db_param p[] = {DB_TEXT(kind), DB_TEXT(title), DB_TEXT(path), DB_INT(now), DB_TEXT(target_type),
                    DB_INT(target_id), DB_TEXT(also_type ? also_type : ""), DB_INT(also_type ? also_id : 0),
                    DB_INT(except_user_id)};
    arena a;
    arena_init(&a);
    db_result res;
    int n = -1;
    if (space_id <= 0) {   /* the subject is public (a group's own statement): every follower */
        if (db_query(d, &a, &res,
                     "INSERT INTO notifications (user_id, kind, title, path, created_at)"
                     " SELECT DISTINCT f.user_id, $1, $2, $3, CAST($4 AS BIGINT) FROM follows f"
                     " WHERE ((f.target_type = $5 AND f.target_id = $6) OR (f.target_type = $7 AND f.target_id = $8))"
                     " AND f.user_id <> $9", 9, p) == 0)
            n = (int)res.changes;
        arena_free_all(&a);
        return n;
    }
    /* Only followers who may open the subject now: a follow outlives the
     * membership or audience that allowed it. */
    space s;
    int found = space_load_audience(d, &a, space_id, &s);
    if (found <= 0) {
        arena_free_all(&a);
        return found;   /* no space: nobody could open it */
    }
    if (db_query(d, &a, &res,
                 "SELECT DISTINCT f.user_id, u.role FROM follows f JOIN users u ON u.id = f.user_id"
                 " WHERE ((f.target_type = $1 AND f.target_id = $2) OR (f.target_type = $3 AND f.target_id = $4))"
                 " AND f.user_id <> $5 ORDER BY f.user_id", 5, p + 4) != 0)
        goto done;
    int64_t ids[NOTIFY_CHUNK];
    int have = 0;
    n = 0;
    for (int i = 0; i <= res.nrows; i++) {
        if (i < res.nrows) {
            int64_t uid = db_cell_int(&res, i, 0);
            if (!space_visible_to(d, &s, uid, role_parse(db_cell(&res, i, 1)))) continue;
            ids[have++] = uid;
        }
        if (have == NOTIFY_CHUNK || (i == res.nrows && have > 0)) {
            int made = insert_chunk(d, &a, ids, have, now, space_id, kind, title, path);
            if (made < 0) {
                n = -1;
                goto done;
            }
            n += made;
            have = 0;
        }
    }
done:
    arena_free_all(&a);
    return n;
}

int notify_user(db *d, int64_t now, int64_t user_id, const char *kind, const char *title, const char *path,
                int64_t space_id)
{
    if (space_id > 0) {   /* only when the person may open the subject now */
        arena a;
        arena_init(&a);
        db_result res;
        db_param q[] = {DB_INT(user_id)};
        int rc = db_query(d, &a, &res, "SELECT role FROM users WHERE id = $1", 1, q);
        int vis = rc != 0 ? -1 : res.nrows == 0 ? 0
                                               : space_id_visible_to(d, space_id, user_id, role_parse(db_cell(&res, 0, 0)));
        arena_free_all(&a);
        if (vis <= 0) return vis;
    }
    db_param p[] = {DB_INT(user_id), DB_TEXT(kind), DB_TEXT(title), DB_TEXT(path), DB_INT(now),
                    space_id > 0 ? DB_INT(space_id) : DB_NULL};
    return db_exec(d, "INSERT INTO notifications (user_id, kind, title, path, created_at, space_id)"
                      " VALUES ($1, $2, $3, $4, $5, $6)", 6, p);
}

int follows_drop_unseen_group_spaces(db *d, int64_t group_id, int64_t user_id, user_role role)
{
    arena a;
    arena_init(&a);
    db_result res;
    db_param p[] = {DB_INT(group_id)};
    int rc = db_query(d, &a, &res, "SELECT id, audience, group_id, published FROM spaces WHERE group_id = $1", 1, p);
    for (int i = 0; rc == 0 && i < res.nrows; i++) {
        space s = {0};
        s.id = db_cell_int(&res, i, 0);
        s.audience = db_cell(&res, i, 1);
        s.group_id = db_cell_int(&res, i, 2);
        s.published = db_cell_int(&res, i, 3) != 0;
        if (space_visible_to(d, &s, user_id, role)) continue;
        db_param q[] = {DB_INT(user_id), DB_INT(s.id)};
        rc = db_exec(d, "DELETE FROM follows WHERE user_id = $1 AND ("
                        "(target_type = 'space' AND target_id = $2)"
                        " OR (target_type = 'idea' AND target_id IN (SELECT id FROM ideas WHERE space_id = $2))"
                        " OR (target_type = 'draft' AND target_id IN (SELECT id FROM drafts WHERE space_id = $2))"
                        " OR (target_type = 'event' AND target_id IN (SELECT id FROM events WHERE space_id = $2)))",
                     2, q);
    }
    arena_free_all(&a);
    return rc == 0 ? 0 : -1;
}
