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

int notify_followers(db *d, int64_t now, const char *target_type, int64_t target_id,
                     const char *also_type, int64_t also_id, int64_t except_user_id,
                     const char *kind, const char *title, const char *path)
{
    db_param p[] = {DB_TEXT(kind), DB_TEXT(title), DB_TEXT(path), DB_INT(now), DB_TEXT(target_type),
                    DB_INT(target_id), DB_TEXT(also_type ? also_type : ""), DB_INT(also_type ? also_id : 0),
                    DB_INT(except_user_id)};
    arena a;
    arena_init(&a);
    db_result res;
    int rc = db_query(d, &a, &res,
                      "INSERT INTO notifications (user_id, kind, title, path, created_at)"
                      " SELECT DISTINCT f.user_id, $1, $2, $3, CAST($4 AS BIGINT) FROM follows f"
                      " WHERE ((f.target_type = $5 AND f.target_id = $6) OR (f.target_type = $7 AND f.target_id = $8))"
                      " AND f.user_id <> $9", 9, p);
    int n = rc == 0 ? (int)res.changes : -1;
    arena_free_all(&a);
    return n;
}

int notify_user(db *d, int64_t now, int64_t user_id, const char *kind, const char *title, const char *path)
{
    db_param p[] = {DB_INT(user_id), DB_TEXT(kind), DB_TEXT(title), DB_TEXT(path), DB_INT(now)};
    return db_exec(d, "INSERT INTO notifications (user_id, kind, title, path, created_at) VALUES ($1, $2, $3, $4, $5)",
                   5, p);
}
