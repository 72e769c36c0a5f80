#include "outbox.h"
#include "../app/app.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include <sys/wait.h>

/* Every way in is this one INSERT; what a message lacks is NULL. */
static int enqueue(db *d, int64_t now, const char *to, const char *subject, const char *body,
                   const char *unsubscribe_url, const outbox_attachment *att)
{
    db_param p[] = {DB_TEXT(to), DB_TEXT(subject), DB_TEXT(body), DB_INT(now), DB_TEXT(unsubscribe_url),
                    DB_TEXT(att ? att->name : NULL), DB_TEXT(att ? att->type : NULL),
                    DB_TEXT(att ? att->content : NULL)};
    return db_exec(d, "INSERT INTO outbox(to_addr, subject, body, created_at, next_attempt_at, list_unsubscribe, "
                      "attachment_name, attachment_type, attachment) VALUES($1, $2, $3, $4, $4, $5, $6, $7, $8)",
                   8, p);
}

int outbox_enqueue(db *d, int64_t now, const char *to, const char *subject, const char *body)
{
    return enqueue(d, now, to, subject, body, NULL, NULL);
}

int outbox_enqueue_mailing(db *d, int64_t now, const char *to, const char *subject, const char *body,
                           const char *unsubscribe_url)
{
    return enqueue(d, now, to, subject, body, unsubscribe_url, NULL);
}

int outbox_enqueue_attached(db *d, int64_t now, const char *to, const char *subject, const char *body,
                            const outbox_attachment *att)
{
    return enqueue(d, now, to, subject, body, NULL, att);
}

/* Header values must not smuggle in more headers. */
static void write_header(FILE *f, const char *name, const char *value)
{
    fprintf(f, "%s: ", name);
    for (const char *p = value; *p; p++)
        if (*p != '\r' && *p != '\n') fputc(*p, f);
    fputc('\n', f);
}

/* Writes s in base64, 76 characters a line (RFC 2045). */
static void write_base64(FILE *f, const char *s)
{
    size_t n = strlen(s), cap = sodium_base64_encoded_len(n, sodium_base64_VARIANT_ORIGINAL);
    char *b64 = malloc(cap);
    if (!b64) return;
    sodium_bin2base64(b64, cap, (const unsigned char *)s, n, sodium_base64_VARIANT_ORIGINAL);
    for (size_t i = 0, len = strlen(b64); i < len; i += 76) fprintf(f, "%.*s\n", (int)(len - i < 76 ? len - i : 76), b64 + i);
    free(b64);
}

/* Only names we made, but a header must stay one header all the same. */
static void write_param(FILE *f, const char *value)
{
    for (const char *p = value; *p; p++)
        if (*p != '\r' && *p != '\n' && *p != '"' && *p != '\\') fputc(*p, f);
}

static int send_one(const char *to, const char *subject, const char *body, const char *unsubscribe_url,
                    const outbox_attachment *att, char *err, size_t errlen)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "%s -t -i", APP.cfg.sendmail);
    FILE *f = popen(cmd, "w");
    if (!f) {
        snprintf(err, errlen, "cannot start %s", APP.cfg.sendmail);
        return -1;
    }
    write_header(f, "To", to);
    write_header(f, "Subject", subject);
    if (unsubscribe_url && *unsubscribe_url) {
        /* RFC 8058: mail clients offer "unsubscribe" and POST
         * List-Unsubscribe=One-Click to the address, without cookies */
        fputs("List-Unsubscribe: <", f);
        for (const char *p = unsubscribe_url; *p; p++)
            if (*p != '\r' && *p != '\n' && *p != '>') fputc(*p, f);
        fputs(">\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\n", f);
    }
    if (!att) {
        fputs("MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n"
              "Content-Transfer-Encoding: 8bit\n\n", f);
        fputs(body, f);
    } else {
        /* random, so no body text can contain it */
        unsigned char rnd[12];
        char boundary[64] = "=_kohtaamo_";
        randombytes_buf(rnd, sizeof rnd);
        sodium_bin2hex(boundary + 11, sizeof boundary - 11, rnd, sizeof rnd);
        fprintf(f, "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"%s\"\n\n", boundary);
        fprintf(f, "--%s\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n", boundary);
        fputs(body, f);
        fprintf(f, "\n--%s\nContent-Type: ", boundary);
        write_param(f, att->type);
        fputs("; name=\"", f);
        write_param(f, att->name);
        fputs("\"\nContent-Disposition: attachment; filename=\"", f);
        write_param(f, att->name);
        fputs("\"\nContent-Transfer-Encoding: base64\n\n", f);
        write_base64(f, att->content);
        fprintf(f, "--%s--\n", boundary);
    }
    int status = pclose(f);
    if (status != 0) {
        snprintf(err, errlen, "%s exited with status %d", APP.cfg.sendmail,
                 WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        return -1;
    }
    return 0;
}

int outbox_deliver(db *d, int64_t now)
{
    arena a;
    arena_init(&a);
    db_result res;
    db_param p[] = {DB_INT(now)};
    int sent = 0;
    if (db_query(d, &a, &res, "SELECT id, to_addr, subject, body, attempts, list_unsubscribe, attachment_name, attachment_type, "
                              "attachment, created_at FROM outbox "
                              "WHERE sent_at IS NULL AND given_up_at IS NULL AND next_attempt_at <= $1 ORDER BY id LIMIT 50",
                 1, p) == 0) {
        for (int i = 0; i < res.nrows; i++) {
            char err[256] = "";
            int64_t id = db_cell_int(&res, i, 0);
            outbox_attachment att = {db_cell(&res, i, 6), db_cell(&res, i, 7), db_cell(&res, i, 8)};
            if (send_one(db_cell(&res, i, 1), db_cell(&res, i, 2), db_cell(&res, i, 3), db_cell(&res, i, 5),
                         att.name && att.type && att.content ? &att : NULL, err, sizeof err) == 0) {
                db_param q[] = {DB_INT(now), DB_INT(id)};
                db_exec(d, "UPDATE outbox SET sent_at = $1, attempts = attempts + 1 WHERE id = $2", 2, q);
                sent++;
            } else if (now - db_cell_int(&res, i, 9) >= (int64_t)OUTBOX_GIVE_UP_DAYS * 86400) {
                /* given up: from now on only outbox_purge_sent touches it */
                db_param q[] = {DB_INT(now), DB_TEXT(err), DB_INT(id)};
                db_exec(d, "UPDATE outbox SET given_up_at = $1, attempts = attempts + 1, last_error = $2 WHERE id = $3", 3, q);
            } else {
                int64_t attempts = db_cell_int(&res, i, 4) + 1;
                int64_t backoff = 60LL << (attempts < 10 ? attempts : 10);
                db_param q[] = {DB_INT(attempts), DB_INT(now + backoff), DB_TEXT(err), DB_INT(id)};
                db_exec(d, "UPDATE outbox SET attempts = $1, next_attempt_at = $2, last_error = $3 "
                           "WHERE id = $4", 4, q);
            }
        }
    }
    arena_free_all(&a);
    return sent;
}

int outbox_purge_sent(db *d, int64_t now, int retention_days)
{
    if (retention_days < 0) retention_days = 0;
    db_param p[] = {DB_INT(now), DB_INT(now - (int64_t)retention_days * 86400)};
    arena a;
    arena_init(&a);
    db_result res;
    /* to_addr, subject and body are NOT NULL since 002 (SQLite cannot drop
     * that), so they become '' */
    int rc = db_query(d, &a, &res,
                      "UPDATE outbox SET to_addr = '', subject = '', body = '', list_unsubscribe = NULL, "
                      "attachment_name = NULL, attachment_type = NULL, attachment = NULL, erased_at = $1 "
                      "WHERE erased_at IS NULL AND (sent_at <= $2 OR given_up_at <= $2)", 2, p);
    long long changed = rc < 0 ? -1 : res.changes;
    arena_free_all(&a);
    return (int)changed;
}
