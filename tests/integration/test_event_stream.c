/* Server-sent events: 2,000 idle listeners cost no thread each, ordinary
 * pages keep answering, a published item reaches every listener, and
 * SIGTERM still ends the server cleanly with listeners connected. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "testsrv.h"

#define LISTENERS 2000

static testsrv srv;
static int fds[LISTENERS];
static buf got[LISTENERS];

static int setup(void **state)
{
    (void)state;
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
    if (rl.rlim_cur < LISTENERS + 200) fail_msg("open-file limit %ld too low for this test", (long)rl.rlim_cur);
    const char *const demo[] = {"demo-data", NULL};
    assert_int_equal(run_cli(&srv, NULL, demo), 0);
    testsrv_start(&srv);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    for (int i = 0; i < LISTENERS; i++) buf_free(&got[i]);
    return 0;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Reads whatever is available on the listeners until every one of them
 * has received needle, or the time runs out. Returns how many have it. */
static int wait_all_have(const char *needle, double seconds)
{
    static struct pollfd pfd[LISTENERS];
    double until = now_s() + seconds;
    int have = 0;
    while (now_s() < until) {
        int n = 0;
        have = 0;
        for (int i = 0; i < LISTENERS; i++) {
            if (fds[i] < 0) continue;
            if (got[i].data && strstr(got[i].data, needle)) {
                have++;
                continue;
            }
            pfd[n].fd = fds[i];
            pfd[n].events = POLLIN;
            n++;
        }
        if (n == 0) break;
        if (poll(pfd, (nfds_t)n, 200) <= 0) continue;
        for (int k = 0; k < n; k++) {
            if (!(pfd[k].revents & POLLIN)) continue;
            for (int i = 0; i < LISTENERS; i++)
                if (fds[i] == pfd[k].fd) {
                    char chunk[2048];
                    ssize_t r = read(fds[i], chunk, sizeof chunk);
                    if (r > 0) buf_append(&got[i], chunk, (size_t)r);
                    break;
                }
        }
    }
    have = 0;
    for (int i = 0; i < LISTENERS; i++)
        if (fds[i] >= 0 && got[i].data && strstr(got[i].data, needle)) have++;
    return have;
}

static void thousands_of_idle_listeners(void **state)
{
    (void)state;
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)srv.port)};
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    const char *req = "GET /events/news HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n";
    for (int i = 0; i < LISTENERS; i++) {
        fds[i] = socket(AF_INET, SOCK_STREAM, 0);
        assert_true(fds[i] >= 0);
        if (connect(fds[i], (struct sockaddr *)&sa, sizeof sa) != 0) fail_msg("connect %d: %s", i, strerror(errno));
        assert_int_equal(write(fds[i], req, strlen(req)), (ssize_t)strlen(req));
        fcntl(fds[i], F_SETFL, O_NONBLOCK);
    }
    assert_int_equal(wait_all_have(": connected", 30), LISTENERS);
    for (int i = 0; i < LISTENERS; i++) {
        assert_non_null(strstr(got[i].data, "HTTP/1.1 200"));
        assert_non_null(strstr(got[i].data, "text/event-stream"));
    }

    /* ordinary pages keep answering while all of them wait */
    tclient c;
    tclient_init(&c, &srv);
    for (int i = 0; i < 50; i++) {
        tresp r;
        http_get(&c, i % 2 ? "/fi/" : "/sv/news", NULL, &r);
        assert_int_equal(r.status, 200);
        tresp_free(&r);
    }
    tresp m;
    http_get(&c, "/metrics", NULL, &m);
    char expect[64];
    snprintf(expect, sizeof expect, "kohtaamo_event_stream_clients %d", LISTENERS);
    assert_true(body_has(&m, expect));
    tresp_free(&m);

    /* a published item reaches every listener */
    login_as(&c, "fi", "koordinaattori@kohtaamo.example", "kohtaamo-demo-2026");
    char *tok = fetch_csrf(&c, "/fi/news/new");
    const char *pairs[] = {"csrf", tok, "title_fi", "Tapahtumavirran testi", "body_fi", "Teksti", NULL};
    tresp r;
    http_post_form(&c, "/fi/news/new", pairs, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    free(tok);
    assert_int_equal(wait_all_have("Tapahtumavirran testi", 30), LISTENERS);
    assert_non_null(strstr(got[0].data, "event: news\ndata: {"));
    tclient_free(&c);

    /* half go away; SIGTERM with the rest connected still exits cleanly */
    for (int i = 0; i < LISTENERS / 2; i++) {
        close(fds[i]);
        fds[i] = -1;
    }
    assert_int_equal(testsrv_stop(&srv), 0);
    for (int i = LISTENERS / 2; i < LISTENERS; i++) close(fds[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(thousands_of_idle_listeners),
    };
    return cmocka_run_group_tests_name("event stream", tests, setup, teardown);
}
