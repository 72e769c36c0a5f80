/* Outgoing mail: queued in the outbox, delivered through the sendmail
 * interface, and kept queued (and retried later) when delivery fails. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "testsrv.h"
#include "mail/outbox.h"

static testsrv srv;

static void outbox_row(int64_t *attempts, bool *sent, char *last_error, size_t n)
{
    db *d = testsrv_db(&srv);
    arena a;
    arena_init(&a);
    db_result res;
    assert_int_equal(db_query(d, &a, &res, "SELECT attempts, sent_at IS NOT NULL, COALESCE(last_error, '') "
                                           "FROM outbox WHERE list_unsubscribe IS NULL AND attachment IS NULL ORDER BY id DESC LIMIT 1", 0, NULL), 0);
    assert_int_equal(res.nrows, 1);
    *attempts = db_cell_int(&res, 0, 0);
    const char *s = db_cell(&res, 0, 1);
    *sent = s[0] == '1' || s[0] == 't';
    snprintf(last_error, n, "%s", db_cell(&res, 0, 2));
    arena_free_all(&a);
    db_close(d);
}

static void ask_for_reset(void)
{
    tclient c;
    tclient_init(&c, &srv);
    char *tok = fetch_csrf(&c, "/sv/password-reset");
    const char *ask[] = {"csrf", tok, "email", "invanare@kohtaamo.example", NULL};
    tresp r;
    http_post_form(&c, "/sv/password-reset", ask, &r);
    assert_int_equal(r.status, 200);
    tresp_free(&r);
    free(tok);
    tclient_free(&c);
}

static void failed_delivery_stays_queued_and_is_retried(void **state)
{
    (void)state;
    const char *const demo[] = {"demo-data", NULL};
    assert_int_equal(run_cli(&srv, NULL, demo), 0);
    srv.extra_env[0] = "KOHTAAMO_SENDMAIL=/bin/false";
    testsrv_start(&srv);
    ask_for_reset();
    int64_t attempts = 0;
    bool sent = true;
    char err[256] = "";
    for (int i = 0; i < 50 && attempts == 0; i++) {
        usleep(100 * 1000);
        outbox_row(&attempts, &sent, err, sizeof err);
    }
    assert_int_equal(attempts, 1);
    assert_false(sent);
    assert_non_null(strstr(err, "/bin/false"));
    assert_int_equal(testsrv_stop(&srv), 0);

    /* a working sendmail, and time enough for the back-off to pass */
    char script[400], mailfile[400], sendmail_env[450];
    snprintf(mailfile, sizeof mailfile, "%s/mail.txt", srv.dir);
    snprintf(script, sizeof script, "%s/sendmail.sh", srv.dir);
    FILE *f = fopen(script, "w");
    fprintf(f, "#!/bin/sh\ncat >> '%s'\n", mailfile);
    fclose(f);
    chmod(script, 0755);
    snprintf(sendmail_env, sizeof sendmail_env, "KOHTAAMO_SENDMAIL=%s", script);
    srv.extra_env[0] = sendmail_env;
    srv.extra_env[1] = "KOHTAAMO_CLOCK_OFFSET=600";
    /* and a mailing people can leave, whose address tries to add a header */
    db *d = testsrv_db(&srv);
    assert_int_equal(outbox_enqueue_mailing(d, 1700000000, "asukas@kohtaamo.example", "Kooste", "Teksti\n",
                                            "https://kohtaamo.example/fi/unsubscribe/abc\r\nBcc: x@example.com"), 0);
    /* and a message with a calendar file */
    outbox_attachment att = {"event-7.ics", "text/calendar; charset=utf-8; method=PUBLISH",
                             "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"};
    assert_int_equal(outbox_enqueue_attached(d, 1700000000, "nuori@kohtaamo.example", "Vahvistus", "Tervetuloa!\n", &att), 0);
    db_close(d);
    testsrv_start(&srv);
    for (int i = 0; i < 50 && !sent; i++) {
        usleep(100 * 1000);
        outbox_row(&attempts, &sent, err, sizeof err);
    }
    assert_true(sent);
    assert_int_equal(attempts, 2);
    for (int i = 0; i < 50 && testsrv_scalar(&srv, "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL", NULL, 0); i++)
        usleep(100 * 1000);
    f = fopen(mailfile, "r");
    assert_non_null(f);
    char mail[8192];
    size_t n = fread(mail, 1, sizeof mail - 1, f);
    mail[n] = '\0';
    fclose(f);
    assert_non_null(strstr(mail, "To: invanare@kohtaamo.example\n"));
    assert_non_null(strstr(mail, "/sv/password-reset/"));   /* in the language it was asked in */
    assert_non_null(strstr(mail, "Content-Type: text/plain; charset=utf-8"));
    /* RFC 8058 headers on the mailing only, with the line break taken out */
    assert_non_null(strstr(mail, "To: asukas@kohtaamo.example\nSubject: Kooste\n"
                                 "List-Unsubscribe: <https://kohtaamo.example/fi/unsubscribe/abcBcc: x@example.com>\n"
                                 "List-Unsubscribe-Post: List-Unsubscribe=One-Click\n"));
    assert_null(strstr(mail, "\nBcc:"));
    /* multipart with the text, then the file in base64 */
    const char *mp = strstr(mail, "To: nuori@kohtaamo.example\nSubject: Vahvistus\nMIME-Version: 1.0\n"
                                  "Content-Type: multipart/mixed; boundary=\"");
    assert_non_null(mp);
    char boundary[80];
    const char *b = mp + strlen("To: nuori@kohtaamo.example\nSubject: Vahvistus\nMIME-Version: 1.0\n"
                                "Content-Type: multipart/mixed; boundary=\"");
    snprintf(boundary, sizeof boundary, "%.*s", (int)strcspn(b, "\""), b);
    char want[600];
    snprintf(want, sizeof want, "\n\n--%s\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
             "Tervetuloa!\n\n--%s\nContent-Type: text/calendar; charset=utf-8; method=PUBLISH; name=\"event-7.ics\"\n"
             "Content-Disposition: attachment; filename=\"event-7.ics\"\nContent-Transfer-Encoding: base64\n\n"
             "QkVHSU46VkNBTEVOREFSDQpFTkQ6VkNBTEVOREFSDQo=\n--%s--\n", boundary, boundary, boundary);
    assert_non_null(strstr(mp, want));
    const char *first = strstr(mail, "List-Unsubscribe:");
    assert_null(strstr(first + 1, "List-Unsubscribe:"));   /* the password reset has none */
    assert_int_equal(testsrv_stop(&srv), 0);
    srv.extra_env[0] = srv.extra_env[1] = NULL;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(failed_delivery_stays_queued_and_is_retried),
    };
    return cmocka_run_group_tests_name("outbox", tests, NULL, NULL);
}
