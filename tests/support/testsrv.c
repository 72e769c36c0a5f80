#include "testsrv.h"
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

static const char *bin_path(void)
{
    const char *b = getenv("KOHTAAMO_BIN");
    return b ? b : "build/kohtaamo";
}

static int free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    bind(fd, (struct sockaddr *)&sa, sizeof sa);
    socklen_t len = sizeof sa;
    getsockname(fd, (struct sockaddr *)&sa, &len);
    close(fd);
    return ntohs(sa.sin_port);
}

static char scratch_dirs[8][256];
static int nscratch;

/* Scratch directories go when the test program ends, unless
 * KOHTAAMO_KEEP_TEST_DIRS is set to look at server logs. */
static void remove_scratch_dirs(void)
{
    if (getenv("KOHTAAMO_KEEP_TEST_DIRS")) return;
    for (int i = 0; i < nscratch; i++) {
        char cmd[2400];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", scratch_dirs[i]);
        if (system(cmd) != 0) {}
    }
}

static void ensure_dir(testsrv *s)
{
    if (s->dir[0]) return;
    snprintf(s->dir, sizeof s->dir, "/tmp/kohtaamo-test-XXXXXX");
    if (!mkdtemp(s->dir)) fail_msg("mkdtemp: %s", strerror(errno));
    if (nscratch == 0) atexit(remove_scratch_dirs);
    if (nscratch < 8) snprintf(scratch_dirs[nscratch++], sizeof scratch_dirs[0], "%s", s->dir);
}

void testdb_fresh(testsrv *s)
{
    ensure_dir(s);
    const char *backend = getenv("KOHTAAMO_TEST_BACKEND");
    if (backend && strcmp(backend, "postgres") == 0) {
        const char *admin = getenv("KOHTAAMO_TEST_PG_URL");
        if (!admin || !*admin) fail_msg("KOHTAAMO_TEST_BACKEND=postgres needs KOHTAAMO_TEST_PG_URL");
        char err[256];
        db *d = db_open(admin, err, sizeof err);
        if (!d) fail_msg("cannot reach PostgreSQL: %s", err);
        static int counter;
        char name[64], sql[128];
        snprintf(name, sizeof name, "kt_%d_%d_%ld", (int)getpid(), ++counter, (long)time(NULL) % 100000);
        snprintf(sql, sizeof sql, "CREATE DATABASE %s", name);   /* name is ours, not input */
        if (db_exec_script(d, sql) < 0) fail_msg("CREATE DATABASE: %s", db_error(d));
        db_close(d);
        /* Same server, another database: replace the path of the admin URL. */
        const char *slash = strrchr(admin, '/');
        snprintf(s->db_url, sizeof s->db_url, "%.*s/%s", (int)(slash - admin), admin, name);
    } else {
        static int counter;
        snprintf(s->db_url, sizeof s->db_url, "sqlite:%s/test%d.db", s->dir, ++counter);
    }
}

int run_cli(testsrv *s, buf *out, const char *const argv[])
{
    ensure_dir(s);
    if (!s->db_url[0]) testdb_fresh(s);
    char outpath[400];
    snprintf(outpath, sizeof outpath, "%s/cli.out", s->dir);
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open(outpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        dup2(fd, 1);
        dup2(fd, 2);
        int devnull = open("/dev/null", O_RDONLY);
        dup2(devnull, 0);
        const char *args[32];
        int n = 0;
        args[n++] = bin_path();
        for (int i = 0; argv[i] && n < 28; i++) args[n++] = argv[i];
        args[n] = NULL;
        setenv("KOHTAAMO_DATABASE", s->db_url, 0);
        for (int i = 0; i < 8 && s->extra_env[i]; i++) putenv((char *)s->extra_env[i]);
        execv(args[0], (char *const *)args);
        _exit(127);
    }
    int status;
    waitpid(pid, &status, 0);
    if (out) {
        FILE *f = fopen(outpath, "r");
        char chunk[4096];
        size_t n;
        while (f && (n = fread(chunk, 1, sizeof chunk, f)) > 0) buf_append(out, chunk, n);
        if (f) fclose(f);
        if (!out->data) buf_append(out, "", 0);
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

void testsrv_start(testsrv *s)
{
    ensure_dir(s);
    if (!s->db_url[0]) testdb_fresh(s);
    s->port = free_port();
    snprintf(s->base, sizeof s->base, "http://127.0.0.1:%d", s->port);
    snprintf(s->log_path, sizeof s->log_path, "%s/server.log", s->dir);
    char listen[64];
    snprintf(listen, sizeof listen, "127.0.0.1:%d", s->port);
    s->pid = fork();
    if (s->pid == 0) {
        int fd = open(s->log_path, O_WRONLY | O_CREAT | O_APPEND, 0600);
        dup2(fd, 1);
        dup2(fd, 2);
        setenv("KOHTAAMO_OUTBOX_INTERVAL", "1", 0);
        setenv("KOHTAAMO_SENDMAIL", "/bin/true", 0);
        setenv("KOHTAAMO_POST_LIMIT", "100000", 0);   /* every test posts from 127.0.0.1 */
        for (int i = 0; i < 8 && s->extra_env[i]; i++) putenv((char *)s->extra_env[i]);
        execl(bin_path(), bin_path(), "serve", "--listen", listen, "--database", s->db_url, (char *)NULL);
        _exit(127);
    }
    tclient c;
    tclient_init(&c, s);
    for (int i = 0; i < 200; i++) {
        tresp r;
        http_get(&c, "/healthz", NULL, &r);
        long st = r.status;
        tresp_free(&r);
        if (st == 200) {
            tclient_free(&c);
            return;
        }
        int status;
        if (waitpid(s->pid, &status, WNOHANG) == s->pid) {
            char cmd[400];
            snprintf(cmd, sizeof cmd, "cat %s >&2", s->log_path);
            if (system(cmd) != 0) {}
            fail_msg("server exited during start");
        }
        usleep(50 * 1000);
    }
    tclient_free(&c);
    fail_msg("server did not answer /healthz");
}

int testsrv_stop(testsrv *s)
{
    if (s->pid <= 0) return -1;
    kill(s->pid, SIGTERM);
    int status = 0;
    for (int i = 0; i < 300; i++) {
        if (waitpid(s->pid, &status, WNOHANG) == s->pid) {
            s->pid = 0;
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        }
        usleep(50 * 1000);
    }
    kill(s->pid, SIGKILL);
    waitpid(s->pid, &status, 0);
    s->pid = 0;
    return 137;
}

db *testsrv_db(testsrv *s)
{
    char err[256];
    db *d = db_open(s->db_url, err, sizeof err);
    if (!d) fail_msg("open %s: %s", s->db_url, err);
    return d;
}

int64_t testsrv_scalar(testsrv *s, const char *sql, const char *param, int64_t when_null)
{
    db *d = testsrv_db(s);
    arena a;
    arena_init(&a);
    db_result res;
    db_param p[] = {DB_TEXT(param)};
    if (db_query(d, &a, &res, sql, param ? 1 : 0, p) < 0) fail_msg("%s: %s", sql, db_error(d));
    int64_t v = res.nrows == 0 ? -1 : db_cell(&res, 0, 0) ? db_cell_int(&res, 0, 0) : when_null;
    arena_free_all(&a);
    db_close(d);
    return v;
}

void tclient_init(tclient *c, testsrv *s)
{
    c->s = s;
    c->curl = curl_easy_init();
    curl_easy_setopt(c->curl, CURLOPT_COOKIEFILE, "");   /* cookie engine on, like a browser */
    curl_easy_setopt(c->curl, CURLOPT_TIMEOUT, 30L);
}

void tclient_free(tclient *c)
{
    curl_easy_cleanup(c->curl);
    c->curl = NULL;
}

void tresp_free(tresp *r)
{
    buf_free(&r->body);
    buf_free(&r->headers);
}

static size_t collect(char *data, size_t size, size_t n, void *ud)
{
    buf_append((buf *)ud, data, size * n);
    return size * n;
}

void http_request(tclient *c, const char *method, const char *path, const char *content_type,
                  const char *body, size_t body_len, const char *const *extra_headers, tresp *out)
{
    memset(out, 0, sizeof *out);
    char url[2048];
    snprintf(url, sizeof url, "%s%s", c->s->base, path);
    CURL *h = c->curl;
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &out->body);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &out->headers);
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);   /* resets NOBODY, so it goes first */
    curl_easy_setopt(h, CURLOPT_NOBODY, strcmp(method, "HEAD") == 0 ? 1L : 0L);
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body ? body : "");
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
    }
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0 ||
                                                strcmp(method, "POST") == 0) ? NULL : method);
    struct curl_slist *hl = NULL;
    char ct[256];
    if (content_type) {
        snprintf(ct, sizeof ct, "Content-Type: %s", content_type);
        hl = curl_slist_append(hl, ct);
    }
    hl = curl_slist_append(hl, "Expect:");
    for (int i = 0; extra_headers && extra_headers[i]; i++) hl = curl_slist_append(hl, extra_headers[i]);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hl);
    CURLcode rc = curl_easy_perform(h);
    curl_slist_free_all(hl);
    if (rc != CURLE_OK) {
        out->status = -1;
    } else {
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out->status);
    }
    if (!out->body.data) buf_append(&out->body, "", 0);
    if (!out->headers.data) buf_append(&out->headers, "", 0);
}

void http_get(tclient *c, const char *path, const char *const *extra_headers, tresp *out)
{
    http_request(c, "GET", path, NULL, NULL, 0, extra_headers, out);
}

void http_post_form(tclient *c, const char *path, const char *const *pairs, tresp *out)
{
    buf body = BUF_INIT;
    buf_append(&body, "", 0);
    for (int i = 0; pairs[i] && pairs[i + 1]; i += 2) {
        char *k = curl_easy_escape(c->curl, pairs[i], 0);
        char *v = curl_easy_escape(c->curl, pairs[i + 1], 0);
        buf_printf(&body, "%s%s=%s", body.len ? "&" : "", k, v);
        curl_free(k);
        curl_free(v);
    }
    http_request(c, "POST", path, "application/x-www-form-urlencoded", body.data, body.len, NULL, out);
    buf_free(&body);
}

char *fetch_csrf(tclient *c, const char *path)
{
    tresp r;
    http_get(c, path, NULL, &r);
    const char *needle = "name=\"csrf\" value=\"";
    const char *p = strstr(r.body.data, needle);
    char *tok = NULL;
    if (p) {
        p += strlen(needle);
        const char *e = strchr(p, '"');
        tok = strndup(p, (size_t)(e - p));
    }
    tresp_free(&r);
    if (!tok) fail_msg("no CSRF token on %s", path);
    return tok;
}

char *tresp_header(const tresp *r, const char *name)
{
    size_t n = strlen(name);
    const char *p = r->headers.data;
    char *found = NULL;
    while (p && *p) {
        const char *eol = strstr(p, "\r\n");
        if (!eol) break;
        if ((size_t)(eol - p) > n && strncasecmp(p, name, n) == 0 && p[n] == ':') {
            const char *v = p + n + 1;
            while (*v == ' ') v++;
            free(found);   /* the last one wins, e.g. after a redirect chain */
            found = strndup(v, (size_t)(eol - v));
        }
        p = eol + 2;
    }
    return found;
}

bool body_has(const tresp *r, const char *needle)
{
    return r->body.data && strstr(r->body.data, needle) != NULL;
}

void login_as(tclient *c, const char *lang, const char *email, const char *password)
{
    char path[64];
    snprintf(path, sizeof path, "/%s/login", lang);
    char *tok = fetch_csrf(c, path);
    const char *pairs[] = {"csrf", tok, "email", email, "password", password, NULL};
    tresp r;
    http_post_form(c, path, pairs, &r);
    if (r.status != 303) fail_msg("login as %s: status %ld", email, r.status);
    tresp_free(&r);
    free(tok);
}

void testdb_exec(db *d, const char *sql, int nparams, const db_param *params)
{
    if (db_exec(d, sql, nparams, params) != 0) fail_msg("%s: %s", sql, db_error(d));
}

/* The text of an attribute value as the browser reads it (the entities our templates write). */
static char *html_unescape(const char *s, size_t n)
{
    static const struct { const char *e; char c; } ents[] = {{"&amp;", '&'}, {"&quot;", '"'}, {"&#39;", '\''},
                                                              {"&lt;", '<'}, {"&gt;", '>'}, {"&#x2F;", '/'}};
    char *out = malloc(n + 1), *o = out;
    for (size_t i = 0; i < n; i++) {
        bool done = false;
        for (size_t k = 0; k < sizeof ents / sizeof *ents && !done; k++) {
            size_t l = strlen(ents[k].e);
            if (i + l <= n && strncmp(s + i, ents[k].e, l) == 0) *o++ = ents[k].c, i += l - 1, done = true;
        }
        if (!done) *o++ = s[i];
    }
    *o = '\0';
    return out;
}

void http_submit_page(tclient *c, const char *path, const tresp *page, const char *action, const char *const *extra,
                      tresp *out)
{
    size_t cap = 64, n = 0;
    const char **v = malloc(sizeof *v * cap);
#define PAIR_ADD(name, value)                                   \
    do {                                                        \
        if (n + 3 > cap) v = realloc(v, sizeof *v * (cap *= 2)); \
        v[n++] = (name);                                        \
        v[n++] = (value);                                       \
    } while (0)
    const char *prefix = "<input type=\"hidden\" name=\"";
    for (const char *s = page->body.data; s && (s = strstr(s, prefix));) {
        s += strlen(prefix);
        const char *ne = strchr(s, '"');
        const char *vs = strstr(ne, "value=\"") + 7;
        const char *ve = strchr(vs, '"');
        PAIR_ADD(html_unescape(s, (size_t)(ne - s)), html_unescape(vs, (size_t)(ve - vs)));
        s = ve;
    }
    for (int i = 0; extra && extra[i]; i += 2) PAIR_ADD(strdup(extra[i]), strdup(extra[i + 1]));
    if (action) PAIR_ADD(strdup("action"), strdup(action));
#undef PAIR_ADD
    v[n] = NULL;
    http_post_form(c, path, v, out);
    for (size_t i = 0; i < n; i++) free((void *)v[i]);
    free(v);
}
