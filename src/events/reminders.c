/* Maintenance jobs of events, run by the server's maintenance thread:
 * reminders the day before, and erasure of registrants' personal data. */
#include "events.h"
#include "internal.h"

int events_send_reminders(db *d, int64_t now)
{
    arena a;
    arena_init(&a);
    db_result res;
    db_param p[] = {DB_INT(now), DB_INT(now + 86400)};
    int sent = 0;
    if (db_query(d, &a, &res,
                 "SELECT g.id FROM event_registrations g JOIN events e ON e.id = g.event_id "
                 "WHERE g.status = 'confirmed' AND g.reminded_at IS NULL AND g.email IS NOT NULL "
                 "AND e.starts_at > $1 AND e.starts_at <= $2 ORDER BY g.id LIMIT 200",
                 2, p) < 0) {
        arena_free_all(&a);
        return -1;
    }
    for (int i = 0; i < res.nrows; i++) {
        int64_t id = db_cell_int(&res, i, 0);
        /* claim the row first: with several nodes only one sends */
        if (db_begin(d) < 0) break;
        db_result claim;
        db_param q[] = {DB_INT(now), DB_INT(id)};
        if (db_query(d, &a, &claim, "UPDATE event_registrations SET reminded_at = $1 "
                                    "WHERE id = $2 AND reminded_at IS NULL AND status = 'confirmed'", 2, q) < 0) {
            db_rollback(d);
            break;
        }
        if (claim.changes == 0) {
            db_rollback(d);
            continue;
        }
        if (events_mail_confirmation(d, &a, now, id, NULL, "reminder") < 0 || db_commit(d) < 0) {
            db_rollback(d);
            break;
        }
        sent++;
    }
    arena_free_all(&a);
    return sent;
}

int events_purge_personal_data(db *d, int64_t now, int retention_days)
{
    if (retention_days < 0) retention_days = 0;
    arena a;
    arena_init(&a);
    db_result res;
    db_param p[] = {DB_INT(now), DB_INT(now - (int64_t)retention_days * 86400)};
    int rc = db_query(d, &a, &res,
                      "UPDATE event_registrations SET name = NULL, email = NULL, needs = '', user_id = NULL, "
                      "erased_at = $1 WHERE erased_at IS NULL AND event_id IN "
                      "(SELECT id FROM events WHERE ends_at <= $2)",
                      2, p);
    long long changed = rc < 0 ? -1 : res.changes;
    arena_free_all(&a);
    return (int)changed;
}
