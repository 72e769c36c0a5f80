/* kohtaamo: one binary for serving, migrating and administering. */
#include "app/app.h"
#include "app/config.h"
#include "accounts/accounts.h"
#include "db/db.h"
#include "db/migrate.h"
#include "demo/demo.h"
#include "events/events.h"
#include "http/server.h"
#include "http/static_files.h"
#include "participation/notifications.h"
#include "view/i18n.h"
#include "util/json_alloc.h"
#include "view/view.h"
#include "app/secret.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads the CSRF key shared by every app node, creating it on first start. */
static int load_installation_secret(db *d)
{
    return installation_secret(d, "csrf_key", APP.csrf_key);
}

static db *open_and_migrate(void)
{
    char err[512];
    db *d = db_open(APP.cfg.database, err, sizeof err);
    if (!d) {
        fprintf(stderr, "kohtaamo: cannot open database: %s\n", err);
        return NULL;
    }
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/sql", APP.cfg.root);
    int n = migrate_apply(d, dir, err, sizeof err);
    if (n < 0) {
        fprintf(stderr, "kohtaamo: %s\n", err);
        db_close(d);
        return NULL;
    }
    if (n > 0) fprintf(stderr, "kohtaamo: applied %d migration(s)\n", n);
    return d;
}

static int cmd_serve(void)
{
    db *d = open_and_migrate();
    if (!d) return 1;
    if (load_installation_secret(d) < 0) {
        fprintf(stderr, "kohtaamo: cannot read settings: %s\n", db_error(d));
        db_close(d);
        return 1;
    }
    db_close(d);
    char err[512], path[4096];
    snprintf(path, sizeof path, "%s/po", APP.cfg.root);
    if (i18n_load(path, err, sizeof err) < 0) {
        fprintf(stderr, "kohtaamo: %s\n", err);
        return 1;
    }
    snprintf(path, sizeof path, "%s/templates", APP.cfg.root);
    if (view_load(path, err, sizeof err) < 0) {
        fprintf(stderr, "kohtaamo: template %s\n", err);
        return 1;
    }
    snprintf(path, sizeof path, "%s/static", APP.cfg.root);
    if (static_load(path, err, sizeof err) < 0) {
        fprintf(stderr, "kohtaamo: %s\n", err);
        return 1;
    }
    db_pool_configure(APP.cfg.database);
    int rc = server_run();
    db_pool_shutdown();
    view_unload();
    static_unload();
    i18n_unload();
    return rc;
}

static int cmd_migrate(void)
{
    db *d = open_and_migrate();
    if (!d) return 1;
    db_close(d);
    return 0;
}

static int cmd_demo_data(void)
{
    db *d = open_and_migrate();
    if (!d) return 1;
    char err[512];
    int rc = demo_load(d, err, sizeof err);
    if (rc < 0) fprintf(stderr, "kohtaamo: demo data: %s\n", err);
    else if (rc == 0) fprintf(stderr, "kohtaamo: demo data already loaded\n");
    else fprintf(stderr, "kohtaamo: demo data loaded\n");
    db_close(d);
    return rc < 0 ? 1 : 0;
}

/* The daily notification digest, for cron or tests; the server also runs it
 * hourly. Queues one e-mail per person whose last digest is 24 h old. */
static int cmd_digest(void)
{
    db *d = open_and_migrate();
    if (!d) return 1;
    char err[512], path[4096];
    snprintf(path, sizeof path, "%s/po", APP.cfg.root);
    if (i18n_load(path, err, sizeof err) < 0) {
        fprintf(stderr, "kohtaamo: %s\n", err);
        db_close(d);
        return 1;
    }
    int n = notifications_digest_run(d, app_now());
    if (n < 0) fprintf(stderr, "kohtaamo: digest: %s\n", db_error(d));
    else fprintf(stderr, "kohtaamo: digest queued %d e-mail(s)\n", n);
    i18n_unload();
    db_close(d);
    return n < 0 ? 1 : 0;
}

/* Event reminders (the day before) and erasure of registrants' personal
 * data after the retention time, for cron; the server runs both too. */
static int cmd_event_reminders(void)
{
    db *d = open_and_migrate();
    if (!d) return 1;
    char err[512], path[4096];
    snprintf(path, sizeof path, "%s/po", APP.cfg.root);
    if (i18n_load(path, err, sizeof err) < 0) {
        fprintf(stderr, "kohtaamo: %s\n", err);
        db_close(d);
        return 1;
    }
    int n = events_send_reminders(d, app_now());
    int erased = n < 0 ? -1 : events_purge_personal_data(d, app_now(), EVENTS_RETENTION_DAYS);
    if (n < 0 || erased < 0) fprintf(stderr, "kohtaamo: event-reminders: %s\n", db_error(d));
    else fprintf(stderr, "kohtaamo: event-reminders queued %d reminder(s), erased %d registration(s)\n", n, erased);
    i18n_unload();
    db_close(d);
    return n < 0 || erased < 0 ? 1 : 0;
}

static int cmd_user_add(int argc, char **argv)
{
    const char *email = NULL, *role_text = NULL, *name = NULL;
    for (int i = 0; i < argc; i++) {
        if (i + 1 < argc && strcmp(argv[i], "--email") == 0) email = argv[++i];
        else if (i + 1 < argc && strcmp(argv[i], "--role") == 0) role_text = argv[++i];
        else if (i + 1 < argc && strcmp(argv[i], "--name") == 0) name = argv[++i];
        else {
            fprintf(stderr, "kohtaamo: user add: unexpected argument '%s'\n", argv[i]);
            return 2;
        }
    }
    if (!email || !role_text) {
        fprintf(stderr, "kohtaamo: user add needs --email and --role\n");
        return 2;
    }
    char line[1024];
    const char *password = getenv("KOHTAAMO_PASSWORD");
    if (!password) {
        fprintf(stderr, "Password: ");
        if (!fgets(line, sizeof line, stdin)) {
            fprintf(stderr, "\nkohtaamo: no password given\n");
            return 2;
        }
        line[strcspn(line, "\r\n")] = '\0';
        password = line;
    }
    db *d = open_and_migrate();
    if (!d) return 1;
    char err[512];
    int64_t id = account_create(d, email, name ? name : email, password, role_text, "fi", app_now(), err,
                                sizeof err);
    db_close(d);
    if (id < 0) {
        fprintf(stderr, "kohtaamo: user add: %s\n", err);
        return 1;
    }
    fprintf(stderr, "kohtaamo: created %s account %s (id %lld)\n", role_text, email, (long long)id);
    return 0;
}

int main(int argc, char **argv)
{
    json_alloc_install();
    if (sodium_init() < 0) {
        fputs("kohtaamo: libsodium failed to initialise\n", stderr);
        return 1;
    }
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            config_print_help(stdout);
            return 0;
        }
    char **rest = calloc((size_t)argc + 1, sizeof *rest);
    int nrest = 0;
    if (config_load(&APP.cfg, argc, argv, &nrest, rest) < 0) {
        free(rest);
        return 2;
    }
    if (nrest == 0) {
        config_print_help(stderr);
        free(rest);
        return 2;
    }
    const char *cmd = rest[0];
    int rc;
    if (strcmp(cmd, "serve") == 0 && nrest == 1) rc = cmd_serve();
    else if (strcmp(cmd, "migrate") == 0 && nrest == 1) rc = cmd_migrate();
    else if (strcmp(cmd, "demo-data") == 0 && nrest == 1) rc = cmd_demo_data();
    else if (strcmp(cmd, "digest") == 0 && nrest == 1) rc = cmd_digest();
    else if (strcmp(cmd, "event-reminders") == 0 && nrest == 1) rc = cmd_event_reminders();
    else if (strcmp(cmd, "config") == 0 && nrest == 1) {
        config_print(&APP.cfg, stdout);
        rc = 0;
    }
    else if (strcmp(cmd, "user") == 0 && nrest >= 2 && strcmp(rest[1], "add") == 0)
        rc = cmd_user_add(nrest - 2, rest + 2);
    else {
        fprintf(stderr, "kohtaamo: unknown command or argument: %s\nTry 'kohtaamo --help'.\n",
                nrest > 1 ? rest[1] : cmd);
        rc = 2;
    }
    free(rest);
    return rc;
}
