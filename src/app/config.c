#include "config.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

app APP;

int64_t app_now(void)
{
    const char *off = getenv("KOHTAAMO_CLOCK_OFFSET");
    return (int64_t)time(NULL) + (off ? strtoll(off, NULL, 10) : 0);
}

double app_monotonic(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef enum { OPT_STR, OPT_INT, OPT_LONG, OPT_BOOL } opt_type;

typedef struct option_def {
    const char *flag;     /* --listen */
    const char *key;      /* listen (config file) */
    const char *env;      /* KOHTAAMO_LISTEN */
    opt_type type;
    size_t offset;
    const char *help;
} option_def;

#define OFF(field) offsetof(config, field)
static const option_def options[] = {
    {"--listen", "listen", "KOHTAAMO_LISTEN", OPT_STR, OFF(listen), "IPv4 address and port to serve on (default 127.0.0.1:8080)"},
    {"--database", "database", "KOHTAAMO_DATABASE", OPT_STR, OFF(database), "sqlite:PATH, a file path, or postgresql://USER@HOST:PORT/DB (default sqlite:var/kohtaamo.db)"},
    {"--root", "root", "KOHTAAMO_ROOT", OPT_STR, OFF(root), "directory holding sql/, templates/, static/ and po/ (default .)"},
    {"--threads", "threads", "KOHTAAMO_THREADS", OPT_INT, OFF(threads), "worker threads, at least 2 (default: one per core, four per core with PostgreSQL)"},
    {"--max-body", "max_body", "KOHTAAMO_MAX_BODY", OPT_LONG, OFF(max_body), "largest request body in bytes; larger is refused with 413 (default 8388608)"},
    {"--timeout", "timeout", "KOHTAAMO_TIMEOUT", OPT_INT, OFF(timeout), "seconds before an idle or slow client is cut off (default 30)"},
    {"--session-days", "session_days", "KOHTAAMO_SESSION_DAYS", OPT_INT, OFF(session_days), "days a login lasts (default 7)"},
    {"--sendmail", "sendmail", "KOHTAAMO_SENDMAIL", OPT_STR, OFF(sendmail), "sendmail-compatible program for outgoing mail (default /usr/sbin/sendmail)"},
    {"--outbox-interval", "outbox_interval", "KOHTAAMO_OUTBOX_INTERVAL", OPT_INT, OFF(outbox_interval), "seconds between outbox delivery runs (default 10)"},
    {"--post-limit", "post_limit", "KOHTAAMO_POST_LIMIT", OPT_INT, OFF(post_limit), "form submissions per client per minute before 429 (default 60)"},
    {"--feedback-retention-days", "feedback_retention_days", "KOHTAAMO_FEEDBACK_RETENTION_DAYS", OPT_INT, OFF(feedback_retention_days), "days after closing before feedback contact details are erased (default 90)"},
    {"--callback-retention-days", "callback_retention_days", "KOHTAAMO_CALLBACK_RETENTION_DAYS", OPT_INT, OFF(callback_retention_days), "days after closing before a callback request's phone number, message and notes are erased (default 30)"},
    {"--outbox-retention-days", "outbox_retention_days", "KOHTAAMO_OUTBOX_RETENTION_DAYS", OPT_INT, OFF(outbox_retention_days), "days after sending (or giving up) before a mail's address and text are erased (default 7)"},
    {"--self-assessment-limit", "self_assessment_limit", "KOHTAAMO_SELF_ASSESSMENT_LIMIT", OPT_INT, OFF(self_assessment_limit), "finished self-assessments (form or FHIR) per client per 10 minutes before 429 (default 30)"},
    {"--feedback-limit", "feedback_limit", "KOHTAAMO_FEEDBACK_LIMIT", OPT_INT, OFF(feedback_limit), "feedback messages per client per 10 minutes before 429 (default 5)"},
    {"--base-url", "base_url", "KOHTAAMO_BASE_URL", OPT_STR, OFF(base_url), "public address used in links sent by e-mail (default http://127.0.0.1:8080)"},
    {"--secure-cookies", "secure_cookies", "KOHTAAMO_SECURE_COOKIES", OPT_BOOL, OFF(secure_cookies), "mark cookies Secure; use when served behind TLS"},
    {"--access-log", "access_log", "KOHTAAMO_ACCESS_LOG", OPT_BOOL, OFF(access_log), "one logfmt line per request on stderr: 1 or 0 (default 1)"},
};
#define NOPTIONS (sizeof options / sizeof options[0])

void config_print_help(FILE *out)
{
    fputs("Usage: kohtaamo [--config FILE] COMMAND [OPTIONS]\n\n"
          "Kohtaamo: services, development and participation for a wellbeing services county.\n\n"
          "Commands:\n"
          "  serve                     migrate the database, then serve HTTP until SIGTERM/SIGINT\n"
          "  migrate                   apply pending SQL migrations from sql/\n"
          "  demo-data                 load the demo county (once; later runs change nothing)\n"
          "  digest                    queue the daily notification e-mails that are due\n"
          "  event-reminders           queue event reminders due (the day before) and erase\n"
          "                            registrants' details 30 days after their event\n"
          "  config                    print the effective configuration (key = value)\n"
          "  user add --email E --role R [--name N]\n"
          "                            create an account; the password is read from\n"
          "                            KOHTAAMO_PASSWORD or the first line of standard input\n"
          "                            roles: resident, staff, moderator, admin\n\n"
          "Options (flag, environment variable, config file key):\n", out);
    fputs("  --config FILE             KOHTAAMO_CONFIG  file of 'key = value' lines\n", out);
    for (size_t i = 0; i < NOPTIONS; i++)
        fprintf(out, "  %-18s %-8s %s\n      env %s, key %s\n", options[i].flag,
                options[i].type == OPT_BOOL ? "" : options[i].type == OPT_STR ? "VALUE" : "N",
                options[i].help, options[i].env, options[i].key);
    fputs("\nPrecedence: flags, then environment, then the config file, then defaults.\n", out);
}

void config_print(const config *cfg, FILE *out)
{
    for (size_t i = 0; i < NOPTIONS; i++) {
        const char *field = (const char *)cfg + options[i].offset;
        fprintf(out, "%s = ", options[i].key);
        switch (options[i].type) {
        case OPT_STR: fprintf(out, "%s\n", *(const char *const *)field); break;
        case OPT_INT: fprintf(out, "%d\n", *(const int *)field); break;
        case OPT_LONG: fprintf(out, "%ld\n", *(const long *)field); break;
        case OPT_BOOL: fprintf(out, "%d\n", *(const bool *)field ? 1 : 0); break;
        }
    }
}

#define MAX_OWNED 64
static char *owned[MAX_OWNED];
static int nowned;

static void free_owned(void)
{
    for (int i = 0; i < nowned; i++) free(owned[i]);
    nowned = 0;
}

static int set_option(config *cfg, const option_def *o, const char *value, const char *source)
{
    char *field = (char *)cfg + o->offset;
    char *end;
    switch (o->type) {
    case OPT_STR:
        /* argv and environment strings live as long as the process; only a
         * config file's line buffer needs copying (freed at exit). */
        if (strcmp(source, "command line") != 0 && strncmp(source, "KOHTAAMO_", 9) != 0) {
            char *copy = strdup(value);
            if (nowned < MAX_OWNED) owned[nowned++] = copy;
            value = copy;
        }
        *(const char **)field = value;
        return 0;
    case OPT_INT: {
        long v = strtol(value, &end, 10);
        if (*value == '\0' || *end || v < 0 || v > 1000000) break;
        *(int *)field = (int)v;
        return 0;
    }
    case OPT_LONG: {
        long v = strtol(value, &end, 10);
        if (*value == '\0' || *end || v < 0) break;
        *(long *)field = v;
        return 0;
    }
    case OPT_BOOL:
        if (strcmp(value, "1") == 0 || strcmp(value, "true") == 0 || strcmp(value, "yes") == 0) {
            *(bool *)field = true;
            return 0;
        }
        if (strcmp(value, "0") == 0 || strcmp(value, "false") == 0 || strcmp(value, "no") == 0) {
            *(bool *)field = false;
            return 0;
        }
        break;
    }
    fprintf(stderr, "kohtaamo: %s: invalid value '%s' for %s\n", source, value, o->flag);
    return -1;
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s)) s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1])) *--e = '\0';
    return s;
}

static int load_file(config *cfg, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "kohtaamo: cannot read config file %s\n", path);
        return -1;
    }
    char line[2048];
    int lineno = 0, rc = 0;
    while (rc == 0 && fgets(line, sizeof line, f)) {
        lineno++;
        char *s = trim(line);
        if (*s == '\0' || *s == '#') continue;
        char *eq = strchr(s, '=');
        if (!eq) {
            fprintf(stderr, "kohtaamo: %s:%d: expected 'key = value'\n", path, lineno);
            rc = -1;
            break;
        }
        *eq = '\0';
        char *key = trim(s), *value = trim(eq + 1);
        size_t i;
        for (i = 0; i < NOPTIONS; i++)
            if (strcmp(options[i].key, key) == 0) break;
        if (i == NOPTIONS) {
            fprintf(stderr, "kohtaamo: %s:%d: unknown key '%s'\n", path, lineno, key);
            rc = -1;
        } else {
            rc = set_option(cfg, &options[i], value, path);
        }
    }
    fclose(f);
    return rc;
}

int config_load(config *cfg, int argc, char **argv, int *rest_argc, char **rest_argv)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->listen = "127.0.0.1:8080";
    cfg->database = "sqlite:var/kohtaamo.db";
    cfg->root = ".";
    cfg->sendmail = "/usr/sbin/sendmail";
    cfg->base_url = "http://127.0.0.1:8080";
    cfg->max_body = 8L * 1024 * 1024;
    cfg->timeout = 30;
    cfg->session_days = 7;
    cfg->access_log = true;
    cfg->outbox_interval = 10;
    cfg->post_limit = 60;
    cfg->feedback_retention_days = 90;
    cfg->feedback_limit = 5;
    cfg->self_assessment_limit = 30;
    cfg->callback_retention_days = 30;
    cfg->outbox_retention_days = 7;

    const char *file = getenv("KOHTAAMO_CONFIG");
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--config") == 0 && i + 1 < argc) file = argv[i + 1];
    if (file && *file) {
        cfg->config_file = file;
        if (nowned == 0) atexit(free_owned);
        if (load_file(cfg, file) < 0) return -1;
    }
    for (size_t i = 0; i < NOPTIONS; i++) {
        const char *v = getenv(options[i].env);
        if (v && set_option(cfg, &options[i], v, options[i].env) < 0) return -1;
    }
    *rest_argc = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--config") == 0) {
            i++;
            continue;
        }
        size_t k;
        for (k = 0; k < NOPTIONS; k++)
            if (strcmp(argv[i], options[k].flag) == 0) break;
        if (k == NOPTIONS) {
            rest_argv[(*rest_argc)++] = argv[i];
            continue;
        }
        if (options[k].type == OPT_BOOL) {
            const char *v = (i + 1 < argc && (strcmp(argv[i + 1], "0") == 0 || strcmp(argv[i + 1], "1") == 0))
                                ? argv[++i] : "1";
            if (set_option(cfg, &options[k], v, "command line") < 0) return -1;
            continue;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "kohtaamo: %s needs a value\n", argv[i]);
            return -1;
        }
        if (set_option(cfg, &options[k], argv[++i], "command line") < 0) return -1;
    }
    return 0;
}
