#include "migrate.h"
#include "../app/app.h"
#include "../util/fs.h"
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int migrate_apply(db *d, const char *sql_dir, char *err, size_t errlen)
{
    if (db_exec_script(d, "CREATE TABLE IF NOT EXISTS schema_migrations ("
                          "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)") < 0) {
        snprintf(err, errlen, "cannot create schema_migrations: %s", db_error(d));
        return -1;
    }
    /* Several app nodes may start at once against one PostgreSQL. */
    if (db_kind_of(d) == DB_POSTGRES) db_exec(d, "SELECT pg_advisory_lock(4242)", 0, NULL);

    DIR *dir = opendir(sql_dir);
    if (!dir) {
        snprintf(err, errlen, "%s: %s", sql_dir, strerror(errno));
        return -1;
    }
    char *names[512];
    size_t count = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL && count < 512) {
        size_t n = strlen(e->d_name);
        if (n > 4 && strcmp(e->d_name + n - 4, ".sql") == 0 && e->d_name[0] >= '0' && e->d_name[0] <= '9') {
            /* Dialect hook: NNN_name.sqlite.sql runs only on SQLite and
             * NNN_name.postgres.sql only on PostgreSQL; the twins share the
             * version number, so each backend records one of them. Only for
             * DDL that cannot be shared (full-text search, 011). */
            bool pg = db_kind_of(d) == DB_POSTGRES;
            if ((n > 11 && strcmp(e->d_name + n - 11, ".sqlite.sql") == 0 && pg) ||
                (n > 13 && strcmp(e->d_name + n - 13, ".postgres.sql") == 0 && !pg))
                continue;
            names[count++] = strdup(e->d_name);
        }
    }
    closedir(dir);
    qsort(names, count, sizeof *names, name_cmp);

    int applied = 0;
    arena a;
    arena_init(&a);
    for (size_t i = 0; i < count && applied >= 0; i++) {
        long version = strtol(names[i], NULL, 10);
        db_result res;
        db_param p[] = {DB_INT(version)};
        if (db_query(d, &a, &res, "SELECT 1 FROM schema_migrations WHERE version = $1", 1, p) < 0) {
            snprintf(err, errlen, "cannot read schema_migrations: %s", db_error(d));
            applied = -1;
            break;
        }
        if (res.nrows > 0) continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", sql_dir, names[i]);
        char *text = fs_read_file(path, NULL);
        if (!text) {
            snprintf(err, errlen, "%s: %s", path, strerror(errno));
            applied = -1;
            break;
        }
        char *sql = db_dialect_rewrite(db_kind_of(d), text);
        free(text);
        db_param rec[] = {DB_INT(version), DB_TEXT(names[i]), DB_INT(app_now())};
        if (db_begin(d) < 0 || db_exec_script(d, sql) < 0 ||
            db_exec(d, "INSERT INTO schema_migrations(version, name, applied_at) VALUES($1, $2, $3)",
                    3, rec) < 0 ||
            db_commit(d) < 0) {
            snprintf(err, errlen, "migration %s failed: %s", names[i], db_error(d));
            db_rollback(d);
            applied = -1;
        } else {
            applied++;
        }
        free(sql);
    }
    arena_free_all(&a);
    if (db_kind_of(d) == DB_POSTGRES) db_exec(d, "SELECT pg_advisory_unlock(4242)", 0, NULL);
    for (size_t i = 0; i < count; i++) free(names[i]);
    return applied;
}
