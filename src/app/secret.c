#include "secret.h"
#include <sodium.h>
#include <string.h>

int installation_secret(db *d, const char *name, unsigned char out[INSTALLATION_SECRET_BYTES])
{
    unsigned char fresh[INSTALLATION_SECRET_BYTES];
    char hex[INSTALLATION_SECRET_BYTES * 2 + 1];
    randombytes_buf(fresh, sizeof fresh);
    sodium_bin2hex(hex, sizeof hex, fresh, sizeof fresh);
    sodium_memzero(fresh, sizeof fresh);
    db_param p[] = {DB_TEXT(name), DB_TEXT(hex)};
    if (db_exec(d, "INSERT INTO settings(name, value) VALUES($1, $2) ON CONFLICT DO NOTHING", 2, p) < 0) return -1;
    arena a;
    arena_init(&a);
    db_result res;
    int rc = -1;
    const char *stored;
    if (db_query(d, &a, &res, "SELECT value FROM settings WHERE name = $1", 1, p) == 0 && res.nrows == 1 &&
        (stored = db_cell(&res, 0, 0)) != NULL && strlen(stored) == INSTALLATION_SECRET_BYTES * 2 &&
        sodium_hex2bin(out, INSTALLATION_SECRET_BYTES, stored, INSTALLATION_SECRET_BYTES * 2, NULL, NULL, NULL) == 0)
        rc = 0;
    arena_free_all(&a);
    return rc;
}
