/* Installation secrets: random keys made once per installation and kept in
 * the settings table, so every app node on one database uses the same. */
#ifndef KOHTAAMO_SECRET_H
#define KOHTAAMO_SECRET_H
#include "../db/db.h"

#define INSTALLATION_SECRET_BYTES 32

/* Fills out with the secret called name, creating it first when the
 * installation has none (two nodes racing agree: the first insert wins).
 * Returns 0, or -1 on a database error or a malformed stored value. */
int installation_secret(db *d, const char *name, unsigned char out[INSTALLATION_SECRET_BYTES]);

#endif
