#include "audit.h"

int audit_record(db *d, int64_t now, int64_t actor_user_id, const char *action,
                 int64_t subject_user_id, const char *detail)
{
    db_param p[] = {DB_INT(now), DB_INT(actor_user_id), DB_TEXT(action),
                    subject_user_id ? DB_INT(subject_user_id) : DB_NULL, DB_TEXT(detail ? detail : "")};
    return db_exec(d, "INSERT INTO audit_log(at, actor_user_id, action, subject_user_id, detail) "
                      "VALUES($1, $2, $3, $4, $5)", 5, p);
}
