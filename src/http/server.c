#include "server.h"
#include "metrics.h"
#include "ratelimit.h"
#include "request.h"
#include "session.h"
#include "sse.h"
#include "../app/app.h"
#include "../util/json_alloc.h"
#include "../util/local_path.h"
#include "../view/i18n.h"
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>


static const char *const SECURITY_HEADERS[][2] = {
    {"Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; "
                               "img-src 'self' data:; connect-src 'self'; form-action 'self'; "
                               "base-uri 'self'; object-src 'none'; frame-ancestors 'none'"},
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "same-origin"},
    {"X-Frame-Options", "DENY"},
    {"Cross-Origin-Opener-Policy", "same-origin"},
    {"Permissions-Policy", "camera=(), microphone=(), geolocation=()"},
};

/* Picks fi, sv or en from Accept-Language; q-values are honoured. */
static const char *negotiate_lang(const char *accept)
{
    const char *best = "fi";
    double best_q = -1;
    if (!accept) return best;
    const char *p = accept;
    while (*p) {
        while (*p == ' ' || *p == ',') p++;
        const char *tag = p;
        while (*p && *p != ',' && *p != ';') p++;
        size_t tlen = (size_t)(p - tag);
        double q = 1.0;
        if (*p == ';') {
            const char *qs = strstr(p, "q=");
            const char *comma = strchr(p, ',');
            if (qs && (!comma || qs < comma)) q = strtod(qs + 2, NULL);
            while (*p && *p != ',') p++;
        }
        for (int i = 0; i < I18N_NLANGS; i++) {
            const char *code = i18n_langs[i];
            if (tlen >= 2 && strncasecmp(tag, code, 2) == 0 && (tlen == 2 || tag[2] == '-') &&
                q > best_q) {
                best = code;
                best_q = q;
            }
        }
    }
    return best;
}

static const char *client_key(request *r)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    char host[INET6_ADDRSTRLEN] = "unknown";
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, host, sizeof host);
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, host, sizeof host);
    }
    return arena_strdup(&r->a, host);
}

typedef struct query_collect {
    request *r;
    form_field *fields;
    size_t count, cap;
    bool bad;
} query_collect;

static enum MHD_Result collect_query(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *value)
{
    (void)kind;
    query_collect *q = cls;
    if (!value) value = "";
    if (!utf8_valid(key, strlen(key)) || !utf8_valid(value, strlen(value)) || q->count >= 200) {
        q->bad = true;
        return MHD_NO;
    }
    if (q->count == q->cap) {
        size_t cap = q->cap ? q->cap * 2 : 8;
        form_field *f = arena_alloc(&q->r->a, cap * sizeof *f);
        if (q->count) memcpy(f, q->fields, q->count * sizeof *f);
        q->fields = f;
        q->cap = cap;
    }
    form_field *f = &q->fields[q->count++];
    f->name = arena_strdup(&q->r->a, key);
    f->value = arena_strdup(&q->r->a, value);
    f->len = strlen(value);
    return MHD_YES;
}

/* Sets lang from a /fi/, /sv/ or /en/ prefix, or from the browser's wishes. */
static void detect_lang(request *r)
{
    const char *p = r->path;
    if (p[0] == '/' && p[1] && p[2] && (p[3] == '/' || p[3] == '\0')) {
        char code[3] = {p[1], p[2], 0};
        if (i18n_lang_valid(code)) {
            r->lang = arena_strdup(&r->a, code);
            r->lang_from_url = true;
            return;
        }
    }
    r->lang = negotiate_lang(
        MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_LANGUAGE));
}

static void dispatch(request *r)
{
    detect_lang(r);
    r->is_api = api_path(r->path);

    if (strcmp(r->path, "/") == 0) {
        req_header(r, "Vary", "Accept-Language");
        respond_redirect(r, 302, arena_printf(&r->a, "/%s/", r->lang));
        return;
    }
    if (r->lang_from_url && r->path[3] == '\0') {
        respond_redirect(r, 301, arena_printf(&r->a, "%s/", r->path));
        return;
    }

    bool path_known;
    const route *rt = router_match(r, r->method, r->path, &path_known);
    if (!rt) {
        if (path_known) {
            req_header(r, "Allow", router_allow(&r->a, r->path));
            respond_error(r, 405, NULL);
        } else {
            respond_error(r, 404, NULL);
        }
        return;
    }
    r->route = rt;
    r->client_key = client_key(r);

    query_collect q = {.r = r};
    MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, collect_query, &q);
    r->query.fields = q.fields;
    r->query.count = q.count;
    if (q.bad) {
        respond_error(r, 400, tr(r->lang, "The address contains characters that could not be read."));
        return;
    }
    if (r->body_too_large) {
        respond_error(r, 413, NULL);
        return;
    }
    if (strcmp(r->method, "POST") == 0 && !rt->raw_body) {
        const char *ctype = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
                                                        MHD_HTTP_HEADER_CONTENT_TYPE);
        form_status fs = form_parse(&r->a, ctype, r->body.data ? r->body.data : "", r->body.len,
                                    &FORM_DEFAULT_LIMITS, &r->form);
        if (fs == FORM_ERR_TOO_LARGE) {
            respond_error(r, 413, NULL);
            return;
        }
        if (fs != FORM_OK) {
            respond_error(r, 400, fs == FORM_ERR_NOT_UTF8
                                      ? tr(r->lang, "The form contained text that is not valid UTF-8.")
                                      : tr(r->lang, "The form data could not be read."));
            return;
        }
    }

    char err[256];
    r->db = db_thread_conn(err, sizeof err);
    if (!r->db) {
        fprintf(stderr, "level=error msg=\"database unavailable\" error=\"%s\"\n", err);
        respond_error(r, 503, NULL);
        return;
    }
    if (!rt->bare && session_load(r) < 0) {
        respond_error(r, 503, NULL);
        return;
    }

    if (rt->min_role > ROLE_ANYONE) {
        if (!r->user) {
            if (strcmp(r->method, "GET") == 0 && !r->is_api) {
                respond_redirect(r, 303, arena_printf(&r->a, "/%s/login?next=%s", r->lang,
                                                      query_value_escape(&r->a, r->path)));
            } else {
                respond_error(r, 403, NULL);
            }
            return;
        }
        if (r->user->role < rt->min_role) {
            respond_error(r, 403, NULL);
            return;
        }
    }

    if (strcmp(r->method, "POST") == 0) {
        const char *one_click = rt->one_click ? req_form(r, "List-Unsubscribe") : NULL;
        bool is_one_click = one_click && strcmp(one_click, "One-Click") == 0;
        if (!rt->bare && !is_one_click && !csrf_valid(r)) {
            respond_error(r, 403, tr(r->lang, "The form had expired or did not come from this site. "
                                              "Please go back, reload the page and try again."));
            return;
        }
        int wait = ratelimit_hit("post", r->client_key, APP.cfg.post_limit, 60, r->now);
        if (wait > 0) {
            req_header(r, "Retry-After", arena_printf(&r->a, "%d", wait));
            respond_error(r, 429, tr_fill(r, "Too many requests. Please try again in {n} seconds.", wait));
            return;
        }
    }

    int handled = rt->handler(r);
    /* A transaction a handler left open would pin this thread's connection
     * to an old snapshot (and, on SQLite, the write lock): end it here. */
    if (r->db && db_in_transaction(r->db)) {
        fprintf(stderr, "level=error route=\"%s\" msg=\"handler left a transaction open; rolled back\"\n",
                rt->pattern);
        db_rollback(r->db);
    }
    if (handled < 0) {
        fprintf(stderr, "level=error route=\"%s\" msg=\"handler failed\" error=\"%s\"\n",
                rt->pattern, r->db ? db_error(r->db) : "");
        r->out.len = 0;
        r->nheaders = 0;
        respond_error(r, 503, NULL);
    }
}

static enum MHD_Result send_answer(request *r)
{
    struct MHD_Response *resp;
    if (r->stream) {
        resp = sse_response(r->conn, r->stream);
        if (!resp) return MHD_NO;
        MHD_add_response_header(resp, "Content-Type", "text/event-stream; charset=utf-8");
        MHD_add_response_header(resp, "Cache-Control", "no-cache");
        MHD_add_response_header(resp, "X-Accel-Buffering", "no");
    } else if (r->static_body) {
        resp = MHD_create_response_from_buffer(r->static_len, (void *)r->static_body,
                                               MHD_RESPMEM_PERSISTENT);
    } else {
        size_t len;
        char *body = buf_detach(&r->out, &len);
        resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
        if (!resp) free(body);
    }
    if (!resp) return MHD_NO;
    for (size_t i = 0; i < sizeof SECURITY_HEADERS / sizeof *SECURITY_HEADERS; i++)
        MHD_add_response_header(resp, SECURITY_HEADERS[i][0], SECURITY_HEADERS[i][1]);
    if (r->content_type && !r->stream)
        MHD_add_response_header(resp, "Content-Type", r->content_type);
    for (int i = 0; i < r->nheaders; i++)
        MHD_add_response_header(resp, r->header_names[i], r->header_values[i]);
    if (r->status == 0) r->status = 200;
    enum MHD_Result ret = MHD_queue_response(r->conn, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size, void **con_cls)
{
    (void)cls, (void)version;
    request *r = *con_cls;
    if (!r) {
        r = calloc(1, sizeof *r);
        if (!r) return MHD_NO;
        arena_init(&r->a);
        r->conn = conn;
        r->method = arena_strdup(&r->a, method);
        r->path = arena_strdup(&r->a, url);
        r->now = app_now();
        r->started = app_monotonic();
        r->lang = "fi";
        *con_cls = r;
        metrics_in_flight(1);
        const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                     MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl && strtoll(cl, NULL, 10) > APP.cfg.max_body) {
            /* Refuse before reading a byte of it. */
            r->body_too_large = true;
            detect_lang(r);
            r->is_api = api_path(r->path);
            respond_error(r, 413, NULL);
            return send_answer(r);
        }
        return MHD_YES;
    }
    if (*upload_data_size) {
        if (!r->body_too_large) {
            if (r->body.len + *upload_data_size > (size_t)APP.cfg.max_body) {
                r->body_too_large = true;
                buf_free(&r->body);
            } else {
                buf_append(&r->body, upload_data, *upload_data_size);
            }
        }
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (r->status) return MHD_YES;  /* already answered (early 413) */
    json_alloc_use_arena(&r->a);   /* the view model goes with the request */
    dispatch(r);
    json_alloc_use_arena(NULL);
    return send_answer(r);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls, (void)conn;
    request *r = *con_cls;
    if (!r) return;
    double dur = app_monotonic() - r->started;
    const char *route_label = r->route ? r->route->pattern : "unmatched";
    int status = r->status ? r->status : 499;
    if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK && !r->stream && !r->status) status = 499;
    metrics_observe(route_label, status, dur);
    if (APP.cfg.access_log) {
        /* No client address and no query string: they can carry personal data. */
        fprintf(stderr, "level=info method=%s route=\"%s\" status=%d duration_ms=%.2f\n",
                r->method, route_label, status, dur * 1000.0);
    }
    buf_free(&r->body);
    buf_free(&r->out);
    arena_free_all(&r->a);
    free(r);
    *con_cls = NULL;
    metrics_in_flight(-1);
}

static void raise_fd_limit(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
}

static int parse_listen(const char *listen, struct sockaddr_in *sa)
{
    memset(sa, 0, sizeof *sa);
    sa->sin_family = AF_INET;
    const char *colon = strrchr(listen, ':');
    if (!colon) return -1;
    char host[64];
    size_t hlen = (size_t)(colon - listen);
    if (hlen == 0 || hlen >= sizeof host) return -1;
    memcpy(host, listen, hlen);
    host[hlen] = '\0';
    if (strcmp(host, "localhost") == 0) strcpy(host, "127.0.0.1");
    if (inet_pton(AF_INET, host, &sa->sin_addr) != 1) return -1;
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end || port < 0 || port > 65535) return -1;
    sa->sin_port = htons((uint16_t)port);
    return 0;
}

int server_run(void)
{
    struct sockaddr_in sa;
    if (parse_listen(APP.cfg.listen, &sa) < 0) {
        fprintf(stderr, "kohtaamo: --listen %s: expected IPv4-ADDRESS:PORT\n", APP.cfg.listen);
        return 2;
    }
    raise_fd_limit();
    ratelimit_init();
    sse_start(20);

    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGTERM);
    sigaddset(&sigs, SIGINT);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);   /* inherited by every thread we start */
    signal(SIGPIPE, SIG_IGN);

    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    /* One thread per core keeps SQLite busy; with PostgreSQL a thread mostly
     * waits for the database, so a few per core keep the cores busy. */
    unsigned per_core = strncmp(APP.cfg.database, "postgres", 8) == 0 ? 4 : 1;
    unsigned threads = APP.cfg.threads > 0 ? (unsigned)APP.cfg.threads
                                           : per_core * (unsigned)(cores > 0 ? cores : 2);
    /* A pool of one is libmicrohttpd's single-thread epoll mode, which (0.9.75)
     * all but stops under wrk with 256 connections: /healthz measured 46k
     * req/s at 160 connections, 84-730 at 256, the thread idle. A pool of two
     * served 54k at 512. Two workers cost nothing on one core. */
    if (threads < 2) threads = 2;
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ITC |
            MHD_USE_ERROR_LOG,
        0, NULL, NULL, on_request, NULL,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
        MHD_OPTION_THREAD_POOL_SIZE, threads,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)20000,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)APP.cfg.timeout,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(32 * 1024),
        MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
        MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "kohtaamo: cannot listen on %s: %s\n", APP.cfg.listen, strerror(errno));
        return 1;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    fprintf(stderr, "level=info msg=\"listening\" url=http://%s:%u/ threads=%u\n",
            inet_ntoa(sa.sin_addr), info ? info->port : ntohs(sa.sin_port), threads);

    pthread_t maint;
    pthread_create(&maint, NULL, HTTP_HOOKS.maintenance, NULL);

    int sig = 0;
    sigwait(&sigs, &sig);
    fprintf(stderr, "level=info msg=\"stopping\" signal=%d\n", sig);
    APP.shutting_down = 1;
    MHD_quiesce_daemon(d);   /* no new connections; in-flight ones go on */
    sse_shutdown();
    for (int waited = 0; waited < 150 && metrics_in_flight(0) > 0; waited++)
        usleep(100 * 1000);
    MHD_stop_daemon(d);
    pthread_join(maint, NULL);
    fprintf(stderr, "level=info msg=\"stopped\"\n");
    return 0;
}
