/* Demo data for Open311: API keys of two partner systems of the demo county.
 * For local use only, like the demo passwords: the active key is
 * k311_demo-lansi-uusimaa-palautekartta-2026 (see the README of the demo). */
#include "open311.h"
#include "../app/app.h"
#include "../http/session.h"
#include <stdio.h>

static const struct {
    const char *key, *name;
    int days_ago, revoked_days_ago;   /* revoked_days_ago 0: still in use */
} KEYS[] = {
    {"k311_demo-lansi-uusimaa-palautekartta-2026",
     "Palautekartta / Responskartan – Länsi-Uudenmaan hyvinvointialue, verkkopalvelut", 30, 0},
    {"k311_demo-raasepori-pilotti-2025-revoked",
     "Raaseporin kaupungin palautepilotti / Raseborgs stads responspilot (päättynyt / avslutad)", 200, 60},
};

int open311_demo_load(db *d, char *err, size_t errlen)
{
    arena a;
    arena_init(&a);
    int rc = -1;
    int64_t now = app_now();
    db_result res;
    if (db_query(d, &a, &res, "SELECT id FROM users WHERE email = 'admin@kohtaamo.example'", 0, NULL) < 0) goto done;
    int64_t admin = res.nrows > 0 ? db_cell_int(&res, 0, 0) : 0;
    for (size_t i = 0; i < sizeof KEYS / sizeof *KEYS; i++) {
        db_param p[] = {DB_TEXT(token_hash(&a, KEYS[i].key)), DB_TEXT(KEYS[i].name),
                        admin > 0 ? DB_INT(admin) : DB_NULL, DB_INT(now - (int64_t)KEYS[i].days_ago * 86400),
                        KEYS[i].revoked_days_ago ? DB_INT(now - (int64_t)KEYS[i].revoked_days_ago * 86400) : DB_NULL};
        if (db_exec(d, "INSERT INTO api_keys(key_hash, name, created_by, created_at, revoked_at) "
                       "VALUES($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING", 5, p) < 0)
            goto done;
    }
    rc = 0;
done:
    if (rc < 0) snprintf(err, errlen, "open311 demo data: %s", db_error(d));
    arena_free_all(&a);
    return rc;
}
