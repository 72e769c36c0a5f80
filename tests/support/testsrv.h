/* Test support: start the real kohtaamo binary on a free loopback port
 * against a fresh database (SQLite file or a new PostgreSQL database), and
 * talk to it over HTTP with libcurl. */
#ifndef KOHTAAMO_TESTSRV_H
#define KOHTAAMO_TESTSRV_H
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <curl/curl.h>
#include "util/buf.h"
#include "db/db.h"

typedef struct testsrv {
    pid_t pid;
    int port;
    char base[64];        /* http://127.0.0.1:PORT */
    char db_url[512];
    char dir[256];        /* scratch directory */
    char log_path[300];
    const char *extra_env[8];
} testsrv;

/* A fresh database URL for this test program: SQLite in dir, or a new
 * database in the throwaway cluster when KOHTAAMO_TEST_BACKEND=postgres. */
void testdb_fresh(testsrv *s);
/* Runs `kohtaamo ARGS...` against s->db_url; returns the exit status and
 * fills out (stdout+stderr) when given. */
int run_cli(testsrv *s, buf *out, const char *const argv[]);
/* Starts the server on s->db_url (calls testdb_fresh when empty) and waits
 * for /healthz. extra_env entries are "NAME=value". */
void testsrv_start(testsrv *s);
/* SIGTERM, then wait; returns the exit status. */
int testsrv_stop(testsrv *s);
/* Opens the test database directly, to look at what the server stored. */
db *testsrv_db(testsrv *s);
/* The integer in the first cell of sql (one optional text parameter):
 * -1 when there is no row, when_null when the cell is NULL. Fails the test
 * when the query fails. */
int64_t testsrv_scalar(testsrv *s, const char *sql, const char *param, int64_t when_null);
/* Runs one statement on d (a fixture); fails the test with the SQL and the
 * database's message when it fails. */
void testdb_exec(db *d, const char *sql, int nparams, const db_param *params);

typedef struct tclient {
    CURL *curl;
    testsrv *s;
} tclient;

typedef struct tresp {
    long status;
    buf body;
    buf headers;
} tresp;

void tclient_init(tclient *c, testsrv *s);
void tclient_free(tclient *c);
void tresp_free(tresp *r);

/* extra_headers: NULL-terminated list of "Name: value", may be NULL. */
void http_get(tclient *c, const char *path, const char *const *extra_headers, tresp *out);
void http_request(tclient *c, const char *method, const char *path, const char *content_type,
                  const char *body, size_t body_len, const char *const *extra_headers, tresp *out);
/* POSTs an urlencoded form from NULL-terminated name, value pairs (values are escaped). */
void http_post_form(tclient *c, const char *path, const char *const *pairs, tresp *out);
/* Fetches path and returns the CSRF token of its first form (malloc'd). */
char *fetch_csrf(tclient *c, const char *path);
/* Value of a response header (case-insensitive), malloc'd, or NULL. */
char *tresp_header(const tresp *r, const char *name);
bool body_has(const tresp *r, const char *needle);

/* Submits the form of page as a browser would: every <input type="hidden"> of
 * the page (the CSRF token, answers carried from other pages) plus the
 * NULL-terminated name, value pairs of extra and, when action is not NULL,
 * action=ACTION, POSTed to path. */
void http_submit_page(tclient *c, const char *path, const tresp *page, const char *action, const char *const *extra,
                      tresp *out);

/* Logs in through the real form; asserts success. */
void login_as(tclient *c, const char *lang, const char *email, const char *password);

#endif
