/* Personal data has an end: the retention registry (src/app/retention.c)
 * covers every personal-looking column of the real schema after all
 * migrations, its purges run, and sent mail loses its address and text
 * some days after sending (or after delivery was given up), with a moved
 * clock. Runs on SQLite and PostgreSQL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "testsrv.h"
#include "app/retention.h"
#include "util/fs.h"
#include "mail/outbox.h"
#include "surveys/surveys.h"

static testsrv srv;

static int64_t scalar(const char *sql, const char *param) { return testsrv_scalar(&srv, sql, param, -2); }

/* Parts of column names that suggest personal data: contact details, text a
 * person wrote, secrets and tokens, and links to a person's account. */
static const char *const SUSPECT[] = {
    "email", "mail", "phone", "address", "addr", "street", "name", "contact", "ip", "agent", "message", "body", "text",
    "password", "token", "note", "reason", "argument", "detail", "details", "answer", "signatories", "snapshot", "data",
    "needs", "user", "author", "moderator", "reporter", "by", "key", "hash", "error", "unsubscribe", "attachment",
    "subject", NULL};

static bool looks_personal(const char *column)
{
    char part[64];
    for (const char *p = column; *p;) {
        size_t n = strcspn(p, "_");
        snprintf(part, sizeof part, "%.*s", (int)n, p);
        for (int i = 0; SUSPECT[i]; i++)
            if (strcmp(part, SUSPECT[i]) == 0) return true;
        p += n;
        if (*p == '_') p++;
    }
    return false;
}

/* column is one of the space-separated names in list */
static bool listed(const char *list, const char *column)
{
    if (!list) return false;
    size_t n = strlen(column);
    for (const char *p = list; (p = strstr(p, column)) != NULL; p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0')) return true;
    return false;
}

static int setup(void **state)
{
    (void)state;
    testsrv_start(&srv);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    assert_int_equal(testsrv_stop(&srv), 0);
    return 0;
}

static void every_personal_column_is_registered_with_a_purge_or_a_reason(void **state)
{
    (void)state;
    db *d = testsrv_db(&srv);
    arena a;
    arena_init(&a);
    bool pg = db_kind_of(d) == DB_POSTGRES;
    db_result tables;
    if (pg)
        assert_int_equal(db_query(d, &a, &tables, "SELECT table_name FROM information_schema.tables WHERE table_schema = "
                                                  "current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name", 0, NULL), 0);
    else   /* an FTS5 table's shadow tables (name_config, name_data, ...) are SQLite's own */
        assert_int_equal(db_query(d, &a, &tables, "SELECT t.name FROM sqlite_master t WHERE t.type = 'table' AND t.name NOT LIKE 'sqlite_%' "
                                                  "AND NOT EXISTS (SELECT 1 FROM sqlite_master v WHERE v.sql LIKE 'CREATE VIRTUAL TABLE%' "
                                                  "AND t.name LIKE v.name || '_%') ORDER BY t.name", 0, NULL), 0);
    assert_true(tables.nrows > 50);
    buf missing = BUF_INIT;
    int suspects = 0;
    for (int t = 0; t < tables.nrows; t++) {
        const char *table = db_cell(&tables, t, 0);
        const retention_entry *e = retention_find(table);
        db_result cols;
        db_param tp[] = {DB_TEXT(table)};
        if (pg)
            assert_int_equal(db_query(d, &a, &cols, "SELECT column_name FROM information_schema.columns WHERE table_schema = "
                                                    "current_schema() AND table_name = $1 ORDER BY ordinal_position", 1, tp), 0);
        else
            assert_int_equal(db_query(d, &a, &cols, "SELECT name FROM pragma_table_info($1) ORDER BY cid", 1, tp), 0);
        for (int k = 0; k < cols.nrows; k++) {
            const char *col = db_cell(&cols, k, 0);
            if (!looks_personal(col)) continue;
            suspects++;
            if (!e || !(listed(e->personal, col) || listed(e->not_personal, col)))
                buf_printf(&missing, "  %s.%s\n", table, col);
        }
    }
    if (missing.len) fail_msg("columns that look personal but are not in the retention registry "
                              "(src/app/retention.c) as personal or not personal:\n%s", missing.data);
    /* and the README's retention table names every table */
    char *readme = fs_read_file("README.md", NULL);
    assert_non_null(readme);
    const char *section = strstr(readme, "### Retention: how long each table keeps personal data");
    assert_non_null(section);
    const char *section_end = strstr(section + 4, "\n## ");
    for (int t = 0; t < tables.nrows; t++) {
        const char *q = arena_printf(&a, "`%s`", db_cell(&tables, t, 0));
        const char *at = strstr(section, q);
        if (!at || (section_end && at > section_end)) buf_printf(&missing, "  %s\n", db_cell(&tables, t, 0));
    }
    free(readme);
    if (missing.len) fail_msg("tables missing from the retention table of README.md:\n%s", missing.data);
    assert_true(suspects > 100);

    /* every entry names real columns of a real table, and personal data is
     * either purged by a function or kept for a stated reason */
    for (size_t i = 0; i < RETENTION_COUNT; i++) {
        const retention_entry *e = &RETENTION[i];
        db_result cols;
        db_param tp[] = {DB_TEXT(e->table)};
        if (pg)
            assert_int_equal(db_query(d, &a, &cols, "SELECT column_name FROM information_schema.columns WHERE table_schema = "
                                                    "current_schema() AND table_name = $1", 1, tp), 0);
        else
            assert_int_equal(db_query(d, &a, &cols, "SELECT name FROM pragma_table_info($1)", 1, tp), 0);
        if (cols.nrows == 0) fail_msg("the registry names table %s, which the schema does not have", e->table);
        const char *lists[] = {e->personal, e->not_personal};
        for (int l = 0; l < 2; l++) {
            if (!lists[l]) continue;
            char *copy = arena_strdup(&a, lists[l]), *save = NULL;
            for (char *c = strtok_r(copy, " ", &save); c; c = strtok_r(NULL, " ", &save)) {
                bool found = false;
                for (int k = 0; k < cols.nrows; k++) found = found || strcmp(db_cell(&cols, k, 0), c) == 0;
                if (!found) fail_msg("the registry names %s.%s, which the schema does not have", e->table, c);
            }
        }
        assert_true(e->rule && *e->rule);
        if (e->personal && *e->personal && !e->purge && !(e->kept_because && *e->kept_because))
            fail_msg("%s holds personal data with neither a purge function nor a reason to keep it", e->table);
        if (e->purge) assert_true(e->purge_name && *e->purge_name);
    }
    /* and every purge works on this database (the maintenance thread runs
     * them from the registry: see retention_run_due) */
    for (size_t i = 0; i < RETENTION_COUNT; i++)
        if (RETENTION[i].purge && RETENTION[i].purge(d, (int64_t)time(NULL)) < 0)
            fail_msg("%s (%s): %s", RETENTION[i].purge_name, RETENTION[i].table, db_error(d));
    retention_clock clk = {0};
    assert_int_equal(retention_run_due(d, (int64_t)time(NULL), 1000, &clk), 0);
    assert_int_equal(retention_run_due(d, (int64_t)time(NULL), 1000 + 3600, &clk), 0);
    buf_free(&missing);
    arena_free_all(&a);
    db_close(d);
}

/* Waits until sql (one $1 param) gives want, up to seconds; returns the last value. */
static int64_t wait_for(const char *sql, const char *param, int64_t want, int seconds)
{
    int64_t v = -1;
    for (int i = 0; i < seconds * 10; i++) {
        v = scalar(sql, param);
        if (v == want) break;
        struct timespec ts = {0, 100 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    return v;
}

static void restart_days_later(const char *offset_env)
{
    assert_int_equal(testsrv_stop(&srv), 0);
    srv.extra_env[1] = offset_env;
    testsrv_start(&srv);
}

#define KEPT "SELECT COUNT(*) FROM outbox WHERE to_addr = $1 AND body <> '' AND subject <> '' AND erased_at IS NULL"
#define ERASED "SELECT COUNT(*) FROM outbox WHERE to_addr = '' AND subject = '' AND body = '' AND list_unsubscribe IS NULL " \
               "AND attachment IS NULL AND attachment_name IS NULL AND erased_at IS NOT NULL AND attempts >= 1 AND created_at > 0"

static void sent_mail_loses_address_and_text_after_the_retention_time(void **state)
{
    (void)state;
    /* a sendmail that refuses one address and keeps the rest */
    char script[400], mailfile[400], sendmail_env[450];
    snprintf(mailfile, sizeof mailfile, "%s/mail.txt", srv.dir);
    snprintf(script, sizeof script, "%s/sendmail.sh", srv.dir);
    FILE *f = fopen(script, "w");
    fprintf(f, "#!/bin/sh\nm=$(cat)\ncase \"$m\" in *'To: ei.perille@'*) exit 75;; esac\nprintf '%%s\\n' \"$m\" >> '%s'\n", mailfile);
    fclose(f);
    chmod(script, 0755);
    snprintf(sendmail_env, sizeof sendmail_env, "KOHTAAMO_SENDMAIL=%s", script);
    assert_int_equal(testsrv_stop(&srv), 0);
    srv.extra_env[0] = sendmail_env;

    int64_t now = (int64_t)time(NULL);
    db *d = testsrv_db(&srv);
    outbox_attachment att = {"event-7.ics", "text/calendar; charset=utf-8", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"};
    assert_int_equal(outbox_enqueue_attached(d, now, "osallistuja@example.org", "Vahvistus: Työpaja",
                                             "Peru ilmoittautuminen: https://kohtaamo.example/fi/events/cancel/abc\n", &att), 0);
    assert_int_equal(outbox_enqueue_mailing(d, now, "tilaaja@example.org", "Kooste", "Uutta seuraamissasi.\n",
                                            "https://kohtaamo.example/fi/unsubscribe/def"), 0);
    assert_int_equal(outbox_enqueue(d, now, "ei.perille@example.org", "Vastaus palautteeseesi", "Kirjoitit: minulla on...\n"), 0);
    db_close(d);
    testsrv_start(&srv);
    const char *sent = "SELECT COUNT(*) FROM outbox WHERE to_addr = $1 AND sent_at IS NOT NULL";
    assert_int_equal(wait_for(sent, "osallistuja@example.org", 1, 10), 1);
    assert_int_equal(wait_for(sent, "tilaaja@example.org", 1, 10), 1);
    assert_int_equal(wait_for("SELECT COUNT(*) FROM outbox WHERE to_addr = $1 AND attempts >= 1", "ei.perille@example.org", 1, 10), 1);
    assert_int_equal(scalar(KEPT, "ei.perille@example.org"), 1);

    /* six days later: everything kept; the failing message is given up (5 days) */
    restart_days_later("KOHTAAMO_CLOCK_OFFSET=518400");
    assert_int_equal(wait_for("SELECT COUNT(*) FROM outbox WHERE to_addr = $1 AND given_up_at IS NOT NULL AND sent_at IS NULL",
                              "ei.perille@example.org", 1, 10), 1);
    assert_int_equal(scalar(KEPT, "osallistuja@example.org"), 1);
    assert_int_equal(scalar(KEPT, "tilaaja@example.org"), 1);
    assert_int_equal(scalar(ERASED, NULL), 0);

    /* eight days later: the sent ones are erased, the row stays for statistics */
    restart_days_later("KOHTAAMO_CLOCK_OFFSET=691200");
    assert_int_equal(wait_for(ERASED, NULL, 2, 10), 2);
    assert_int_equal(scalar(KEPT, "osallistuja@example.org"), 0);
    assert_int_equal(scalar(KEPT, "tilaaja@example.org"), 0);
    assert_int_equal(scalar("SELECT COUNT(*) FROM outbox WHERE body LIKE '%cancel/abc%' OR list_unsubscribe IS NOT NULL "
                            "OR attachment IS NOT NULL", NULL), 0);
    assert_int_equal(scalar("SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL", NULL), 2);
    assert_int_equal(scalar(KEPT, "ei.perille@example.org"), 1);   /* given up two days ago: not yet */

    /* fourteen days: seven days after giving up, that one goes too */
    restart_days_later("KOHTAAMO_CLOCK_OFFSET=1209600");
    assert_int_equal(wait_for(ERASED, NULL, 3, 10), 3);
    assert_int_equal(scalar("SELECT COUNT(*) FROM outbox WHERE to_addr <> '' OR body <> ''", NULL), 0);
    assert_int_equal(scalar("SELECT COUNT(*) FROM outbox WHERE given_up_at IS NOT NULL AND sent_at IS NULL", NULL), 1);

    /* a shorter time by option */
    d = testsrv_db(&srv);
    assert_int_equal(outbox_purge_sent(d, now + 1209600, 7), 0);   /* nothing left to erase */
    db_close(d);
    assert_int_equal(testsrv_stop(&srv), 0);
    srv.extra_env[0] = srv.extra_env[1] = NULL;
    testsrv_start(&srv);
}

/* Unfinished answers do not wait forever for their respondent. */
static void unfinished_survey_answers_go_after_thirty_days_or_when_the_survey_closes(void **state)
{
    (void)state;
    int64_t now = (int64_t)time(NULL);
    db *d = testsrv_db(&srv);
    db_param t[] = {DB_INT(now)};
    testdb_exec(d, "INSERT INTO surveys(slug, status, created_at, updated_at) VALUES ('auki', 'published', $1, $1), "
                   "('suljettu', 'closed', $1, $1)", 1, t);
    db_param p[] = {DB_INT(now - 29 * 86400), DB_INT(now - 31 * 86400)};
    testdb_exec(d, "INSERT INTO survey_drafts(survey_id, draft_key, data, updated_at) "
                   "SELECT id, 'tuore', '{\"q1\":[\"kipeä selkä\"]}', CAST($1 AS BIGINT) FROM surveys WHERE slug = 'auki' UNION ALL "
                   "SELECT id, 'vanha', '{}', CAST($2 AS BIGINT) FROM surveys WHERE slug = 'auki' UNION ALL "
                   "SELECT id, 'suljetun', '{}', CAST($1 AS BIGINT) FROM surveys WHERE slug = 'suljettu'", 2, p);
    assert_int_equal(survey_drafts_purge_expired(d, now), 2);
    db_close(d);
    assert_int_equal(scalar("SELECT COUNT(*) FROM survey_drafts", NULL), 1);
    assert_int_equal(scalar("SELECT COUNT(*) FROM survey_drafts WHERE draft_key = $1", "tuore"), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_personal_column_is_registered_with_a_purge_or_a_reason),
        cmocka_unit_test(sent_mail_loses_address_and_text_after_the_retention_time),
        cmocka_unit_test(unfinished_survey_answers_go_after_thirty_days_or_when_the_survey_closes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
