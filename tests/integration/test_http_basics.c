/* The HTTP contract every page relies on: languages, errors, limits, headers,
 * static assets, probes. Runs the real binary against SQLite or PostgreSQL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include "testsrv.h"

static testsrv srv;

static int setup(void **state)
{
    (void)state;
    const char *const demo[] = {"demo-data", NULL};
    buf out = BUF_INIT;
    if (run_cli(&srv, &out, demo) != 0) fail_msg("demo-data failed: %s", out.data);
    buf_free(&out);
    srv.extra_env[0] = "KOHTAAMO_TIMEOUT=2";
    testsrv_start(&srv);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    assert_int_equal(testsrv_stop(&srv), 0);   /* SIGTERM ends cleanly */
    return 0;
}

static void root_redirects_by_accept_language(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    const char *sv[] = {"Accept-Language: sv-FI,sv;q=0.9,en;q=0.5", NULL};
    http_get(&c, "/", sv, &r);
    assert_int_equal(r.status, 302);
    char *loc = tresp_header(&r, "Location");
    assert_string_equal(loc, "/sv/");
    free(loc);
    tresp_free(&r);
    const char *en[] = {"Accept-Language: de, en;q=0.8", NULL};
    http_get(&c, "/", en, &r);
    loc = tresp_header(&r, "Location");
    assert_string_equal(loc, "/en/");
    free(loc);
    tresp_free(&r);
    http_get(&c, "/", NULL, &r);   /* nothing asked: Finnish */
    loc = tresp_header(&r, "Location");
    assert_string_equal(loc, "/fi/");
    free(loc);
    tresp_free(&r);
    tclient_free(&c);
}

static void front_page_in_each_language(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    http_get(&c, "/fi/", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "<html lang=\"fi\">"));
    assert_true(body_has(&r, "hreflang=\"sv\""));
    assert_true(body_has(&r, "Raasepori"));
    assert_true(body_has(&r, "Siirry sisältöön"));   /* skip link, translated */
    tresp_free(&r);
    http_get(&c, "/sv/", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "<html lang=\"sv\">"));
    assert_true(body_has(&r, "Raseborg"));
    assert_true(body_has(&r, "Kyrkslätt"));
    tresp_free(&r);
    http_get(&c, "/en/", NULL, &r);
    assert_true(body_has(&r, "<html lang=\"en\">"));
    assert_true(body_has(&r, "Skip to content"));
    tresp_free(&r);
    tclient_free(&c);
}

static void unknown_path_is_localized_404(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    http_get(&c, "/fi/ei-ole-olemassa", NULL, &r);
    assert_int_equal(r.status, 404);
    assert_true(body_has(&r, "Sivua ei löytynyt"));
    tresp_free(&r);
    http_get(&c, "/sv/finns-inte", NULL, &r);
    assert_int_equal(r.status, 404);
    assert_true(body_has(&r, "<html lang=\"sv\">"));
    assert_false(body_has(&r, "Sivua ei löytynyt"));
    tresp_free(&r);
    http_get(&c, "/api/v1/nothing", NULL, &r);
    assert_int_equal(r.status, 404);
    char *ct = tresp_header(&r, "Content-Type");
    assert_non_null(strstr(ct, "application/json"));
    free(ct);
    assert_true(body_has(&r, "\"status\":404"));
    tresp_free(&r);
    tclient_free(&c);
}

static void reading_sets_no_cookie_forms_do(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    http_get(&c, "/fi/news", NULL, &r);
    char *cookie = tresp_header(&r, "Set-Cookie");
    assert_null(cookie);   /* a resident who only reads is given no cookie at all */
    tresp_free(&r);
    http_get(&c, "/sv/login", NULL, &r);
    cookie = tresp_header(&r, "Set-Cookie");
    assert_non_null(cookie);
    assert_non_null(strstr(cookie, "kohtaamo_csrf="));
    assert_non_null(strstr(cookie, "HttpOnly"));
    assert_non_null(strstr(cookie, "SameSite=Lax"));
    free(cookie);
    tresp_free(&r);
    tclient_free(&c);
}

static void wrong_method_is_405_with_allow(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    http_request(&c, "DELETE", "/fi/news", NULL, NULL, 0, NULL, &r);
    assert_int_equal(r.status, 405);
    char *allow = tresp_header(&r, "Allow");
    assert_non_null(allow);
    assert_non_null(strstr(allow, "GET"));
    free(allow);
    tresp_free(&r);
    http_request(&c, "POST", "/fi/news", "application/x-www-form-urlencoded", "a=b", 3, NULL, &r);
    assert_int_equal(r.status, 405);
    tresp_free(&r);
    tclient_free(&c);
}

static void oversized_body_is_413(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    size_t n = 9 * 1024 * 1024;
    char *big = malloc(n);
    memset(big, 'a', n);
    memcpy(big, "message=", 8);
    tresp r;
    http_request(&c, "POST", "/fi/login", "application/x-www-form-urlencoded", big, n, NULL, &r);
    assert_int_equal(r.status, 413);
    tresp_free(&r);
    free(big);
    tclient_free(&c);
}

static void malformed_forms_are_400_not_500(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    char *tok = fetch_csrf(&c, "/fi/login");
    static const char *const bodies[] = {
        "email=%ZZ&password=x",              /* bad escape */
        "email=%FF%FE&password=x",           /* not UTF-8 */
        "email=a%00b&password=x",            /* NUL */
    };
    for (size_t i = 0; i < sizeof bodies / sizeof *bodies; i++) {
        char body[256];
        snprintf(body, sizeof body, "csrf=%s&%s", tok, bodies[i]);
        tresp r;
        http_request(&c, "POST", "/fi/login", "application/x-www-form-urlencoded", body, strlen(body), NULL, &r);
        assert_int_equal(r.status, 400);
        assert_true(body_has(&r, "<html lang=\"fi\">"));
        tresp_free(&r);
    }
    const char *mp = "--XyZ\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\nx\r\n";   /* unterminated */
    tresp r;
    http_request(&c, "POST", "/fi/login", "multipart/form-data; boundary=XyZ", mp, strlen(mp), NULL, &r);
    assert_int_equal(r.status, 400);
    tresp_free(&r);
    http_get(&c, "/fi/news?before=%FF", NULL, &r);
    assert_int_equal(r.status, 400);
    tresp_free(&r);
    http_get(&c, "/fi/news?before=abc", NULL, &r);
    assert_int_equal(r.status, 400);
    tresp_free(&r);
    free(tok);
    tclient_free(&c);
}

static void multipart_form_is_understood(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    char *tok = fetch_csrf(&c, "/fi/login");
    char body[1024];
    snprintf(body, sizeof body,
             "--b0undary\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n"
             "--b0undary\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\nasukas@kohtaamo.example\r\n"
             "--b0undary\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\nkohtaamo-demo-2026\r\n"
             "--b0undary--\r\n", tok);
    tresp r;
    http_request(&c, "POST", "/fi/login", "multipart/form-data; boundary=b0undary", body, strlen(body), NULL, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    free(tok);
    tclient_free(&c);
}

static void security_headers_on_every_response(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    static const char *const paths[] = {"/fi/", "/fi/nope", "/healthz", "/static/css/site.css", "/api/v1/municipalities"};
    for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
        tresp r;
        http_get(&c, paths[i], NULL, &r);
        char *csp = tresp_header(&r, "Content-Security-Policy");
        assert_non_null(csp);
        assert_non_null(strstr(csp, "frame-ancestors 'none'"));
        assert_null(strstr(csp, "unsafe-inline"));
        free(csp);
        char *nosniff = tresp_header(&r, "X-Content-Type-Options");
        assert_string_equal(nosniff, "nosniff");
        free(nosniff);
        char *ref = tresp_header(&r, "Referrer-Policy");
        assert_non_null(ref);
        free(ref);
        tresp_free(&r);
    }
    tclient_free(&c);
}

static void static_assets_cache_and_revalidate(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    tresp page;
    http_get(&c, "/fi/", NULL, &page);
    const char *p = strstr(page.body.data, "/static/css/site.");
    assert_non_null(p);
    char hashed[128];
    size_t n = strcspn(p, "\"");
    snprintf(hashed, sizeof hashed, "%.*s", (int)n, p);
    tresp_free(&page);

    tresp r;
    http_get(&c, hashed, NULL, &r);
    assert_int_equal(r.status, 200);
    char *cc = tresp_header(&r, "Cache-Control");
    assert_non_null(strstr(cc, "immutable"));
    free(cc);
    char *etag = tresp_header(&r, "ETag");
    assert_non_null(etag);
    char *ct = tresp_header(&r, "Content-Type");
    assert_non_null(strstr(ct, "text/css"));
    free(ct);
    tresp_free(&r);

    char inm[160];
    snprintf(inm, sizeof inm, "If-None-Match: %s", etag);
    const char *h[] = {inm, NULL};
    http_get(&c, "/static/css/site.css", h, &r);
    assert_int_equal(r.status, 304);
    assert_int_equal(r.body.len, 0);
    tresp_free(&r);
    free(etag);
    http_get(&c, "/static/css/nope.css", NULL, &r);
    assert_int_equal(r.status, 404);
    tresp_free(&r);
    http_get(&c, "/static/../sql/001_accounts.sql", NULL, &r);
    assert_true(r.status == 404 || r.status == 400);
    tresp_free(&r);
    tclient_free(&c);
}

static void healthz_and_metrics(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    http_get(&c, "/healthz", NULL, &r);
    assert_int_equal(r.status, 200);
    tresp_free(&r);
    http_get(&c, "/fi/news", NULL, &r);
    tresp_free(&r);
    http_get(&c, "/metrics", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "kohtaamo_http_requests_total{route=\"/{lang}/news\",status=\"200\"}"));
    assert_true(body_has(&r, "kohtaamo_http_request_duration_seconds_bucket{le=\"+Inf\"}"));
    tresp_free(&r);
    tclient_free(&c);
}

static void access_log_is_logfmt_without_addresses(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    http_get(&c, "/fi/news?email=secret@example.fi", NULL, &r);
    tresp_free(&r);
    tclient_free(&c);
    FILE *f = fopen(srv.log_path, "r");
    assert_non_null(f);
    char line[1024];
    bool found = false;
    while (fgets(line, sizeof line, f)) {
        if (!strstr(line, "route=")) continue;   /* start-up lines name the listen address */
        assert_null(strstr(line, "secret@example.fi"));
        assert_null(strstr(line, "127.0.0.1"));
        if (strstr(line, "method=GET route=\"/{lang}/news\" status=200 duration_ms=")) found = true;
    }
    fclose(f);
    assert_true(found);
}

static void head_request_has_no_body(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    http_request(&c, "HEAD", "/fi/news", NULL, NULL, 0, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_int_equal(r.body.len, 0);
    tresp_free(&r);
    tclient_free(&c);
}

static void api_lists_municipalities(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    http_get(&c, "/api/v1/municipalities", NULL, &r);
    assert_int_equal(r.status, 200);
    json_error_t e;
    json_t *j = json_loads(r.body.data, 0, &e);
    assert_non_null(j);
    assert_int_equal(json_array_size(json_object_get(j, "items")), 10);
    json_decref(j);
    tresp_free(&r);
    tclient_free(&c);
}

static int raw_connect(void)
{
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)srv.port)};
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    return fd;
}

/* Reads until the peer closes or timeout_ms passes; returns bytes read, -1 on timeout. */
static ssize_t read_until_closed(int fd, char *out, size_t cap, int timeout_ms)
{
    size_t got = 0;
    for (int waited = 0; waited < timeout_ms; waited += 100) {
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (poll(&p, 1, 100) <= 0) continue;
        ssize_t n = read(fd, out + got, cap - got - 1);
        if (n <= 0) {
            out[got] = '\0';
            return (ssize_t)got;
        }
        got += (size_t)n;
    }
    out[got] = '\0';
    return -1;
}

static void slow_client_is_cut_off(void **state)
{
    (void)state;
    int fd = raw_connect();
    const char *partial = "GET /fi/ HTTP/1.1\r\nHost: 127.0.0.1\r\n";   /* never finishes */
    assert_int_equal(write(fd, partial, strlen(partial)), (ssize_t)strlen(partial));
    char buf_[256];
    assert_true(read_until_closed(fd, buf_, sizeof buf_, 10000) >= 0);   /* closed by the server */
    close(fd);
}

/* Last: restarts the server. */
static void sigterm_lets_in_flight_requests_finish(void **state)
{
    (void)state;
    int fd = raw_connect();
    const char *head = "POST /fi/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                       "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 20\r\n\r\nemail=a";
    assert_int_equal(write(fd, head, strlen(head)), (ssize_t)strlen(head));
    /* wait until the server is reading our request: it and /metrics itself are in flight */
    tclient c;
    tclient_init(&c, &srv);
    bool reading = false;
    for (int i = 0; i < 100 && !reading; i++) {
        tresp m;
        http_get(&c, "/metrics", NULL, &m);
        reading = body_has(&m, "kohtaamo_http_requests_in_flight 2\n");
        tresp_free(&m);
        if (!reading) usleep(50 * 1000);
    }
    tclient_free(&c);
    assert_true(reading);
    kill(srv.pid, SIGTERM);
    usleep(300 * 1000);
    int status;
    assert_int_equal(waitpid(srv.pid, &status, WNOHANG), 0);   /* still finishing our request */
    const char *rest = "%40b.fi&password=x";   /* 13 + 7 = 20 bytes */
    assert_int_equal(write(fd, rest, strlen(rest)), (ssize_t)strlen(rest));
    char resp[8192];
    read_until_closed(fd, resp, sizeof resp, 5000);
    assert_non_null(strstr(resp, "HTTP/1.1 403"));   /* answered (no CSRF token), not dropped */
    close(fd);
    assert_int_equal(testsrv_stop(&srv), 0);
    srv.extra_env[0] = "KOHTAAMO_POST_LIMIT=3";
    testsrv_start(&srv);
}

static void too_many_posts_from_one_client_is_429(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    char *tok = fetch_csrf(&c, "/sv/password-reset");
    const char *ask[] = {"csrf", tok, "email", "nobody@example.fi", NULL};
    tresp r;
    for (int i = 0; i < 3; i++) {
        http_post_form(&c, "/sv/password-reset", ask, &r);
        assert_int_equal(r.status, 200);
        tresp_free(&r);
    }
    http_post_form(&c, "/sv/password-reset", ask, &r);
    assert_int_equal(r.status, 429);
    assert_true(body_has(&r, "<html lang=\"sv\">"));
    char *ra = tresp_header(&r, "Retry-After");
    assert_non_null(ra);
    free(ra);
    tresp_free(&r);
    free(tok);
    tclient_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(root_redirects_by_accept_language),
        cmocka_unit_test(front_page_in_each_language),
        cmocka_unit_test(unknown_path_is_localized_404),
        cmocka_unit_test(reading_sets_no_cookie_forms_do),
        cmocka_unit_test(wrong_method_is_405_with_allow),
        cmocka_unit_test(oversized_body_is_413),
        cmocka_unit_test(malformed_forms_are_400_not_500),
        cmocka_unit_test(multipart_form_is_understood),
        cmocka_unit_test(security_headers_on_every_response),
        cmocka_unit_test(static_assets_cache_and_revalidate),
        cmocka_unit_test(healthz_and_metrics),
        cmocka_unit_test(access_log_is_logfmt_without_addresses),
        cmocka_unit_test(head_request_has_no_body),
        cmocka_unit_test(api_lists_municipalities),
        cmocka_unit_test(slow_client_is_cut_off),
        cmocka_unit_test(sigterm_lets_in_flight_requests_finish),
        cmocka_unit_test(too_many_posts_from_one_client_is_429),
    };
    return cmocka_run_group_tests_name("http basics", tests, setup, teardown);
}
