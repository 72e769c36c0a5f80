#ifndef KOHTAAMO_MIGRATE_H
#define KOHTAAMO_MIGRATE_H
#include <stddef.h>
#include "db.h"

/* Applies every sql/NNN_name.sql not yet recorded in schema_migrations, in
 * order, each inside its own transaction. On failure the database is left
 * as it was before that migration and err names the file and the reason.
 * Returns the number applied, or -1. */
int migrate_apply(db *d, const char *sql_dir, char *err, size_t errlen);

#endif
