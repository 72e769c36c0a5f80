/* Demo data of equal access: a county standard for every service of the
 * directory's demo that has none, and a little history of the offer over the
 * last months (each entry ends at the offer as it is now, so the monthly
 * progress rebuilt from the history stays consistent). Safe to run twice. */
#include "internal.h"
#include "../app/app.h"
#include <stdio.h>
#include <string.h>

/* Standards by PTV-like service class prefix would need the directory's codes;
 * the demo keeps it simple: on site by appointment, in Finnish and Swedish. */
int equality_demo_load(db *d, char *err, size_t errlen)
{
    arena a;
    arena_init(&a);
    int rc = -1;
    int64_t now = app_now();
    db_result res, who;
    if (db_begin(d) < 0) goto out;
    db_param pn[] = {DB_INT(now)};
    if (db_exec(d,
                "INSERT INTO service_standards(service_id, level, languages, updated_at) "
                "SELECT s.id, 'by_appointment', 'fi,sv', $1 FROM services s "
                "WHERE NOT EXISTS (SELECT 1 FROM service_standards st WHERE st.service_id = s.id)", 1, pn) < 0)
        goto fail;
    if (db_query(d, &a, &who, "SELECT id FROM users WHERE email = 'koordinaattori@kohtaamo.example'", 0, NULL) < 0)
        goto fail;
    if (db_query(d, &a, &res,
                 "SELECT o.service_id, o.point_id, o.level, o.languages FROM service_offers o "
                 "WHERE o.level <> 'not_offered' AND NOT EXISTS (SELECT 1 FROM offer_history h "
                 "WHERE h.service_id = o.service_id AND h.point_id = o.point_id) "
                 "ORDER BY o.service_id, o.point_id LIMIT 8", 0, NULL) < 0)
        goto fail;
    static const char *const notes[] = {"Ajanvaraus avattu myös ruotsiksi / Tidsbokning öppnad även på svenska",
                                        "Uusi vastaanottopäivä / Ny mottagningsdag",
                                        "Palvelu siirtyi sote-keskukseen / Tjänsten flyttade till social- och hälsocentralen"};
    for (int i = 0; i < res.nrows; i++) {
        int rank = eq_level_rank(db_cell(&res, i, 2));
        if (!rank) continue;
        const char *old = i % 3 == 2 ? NULL : eq_level_codes[rank < EQ_NLEVELS - 1 ? rank : EQ_NLEVELS - 1];
        db_param p[] = {DB_INT(db_cell_int(&res, i, 0)), DB_INT(db_cell_int(&res, i, 1)), old ? DB_TEXT(old) : DB_NULL,
                        DB_TEXT(db_cell(&res, i, 2)), old ? DB_TEXT(db_cell(&res, i, 3)) : DB_NULL,
                        DB_TEXT(db_cell(&res, i, 3)), DB_TEXT(notes[i % 3]), DB_INT(now - (int64_t)(i + 1) * 40 * 86400),
                        who.nrows ? DB_INT(db_cell_int(&who, 0, 0)) : DB_NULL};
        if (db_exec(d,
                    "INSERT INTO offer_history(service_id, point_id, old_level, new_level, old_languages, new_languages, "
                    "note, changed_at, changed_by) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9)", 9, p) < 0)
            goto fail;
    }
    if (db_commit(d) < 0) goto fail;
    rc = 0;
    goto out;
fail:
    snprintf(err, errlen, "equality demo: %s", db_error(d));
    db_rollback(d);
out:
    arena_free_all(&a);
    return rc;
}
