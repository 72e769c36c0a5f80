/* One HTTP request as handlers see it, and what they answer with.
 * Everything hangs off the request's arena and is freed when it ends. */
#ifndef KOHTAAMO_REQUEST_H
#define KOHTAAMO_REQUEST_H
#include <stdbool.h>
#include <stdint.h>
#include <jansson.h>
#include "../util/arena.h"
#include "../util/buf.h"
#include "../db/db.h"
#include "../view/vm.h"
#include "form.h"

/* Ranks: a route open to a role is open to every higher one. */
typedef enum {
    ROLE_ANYONE = 0,
    ROLE_RESIDENT = 1,   /* any signed-in account */
    ROLE_STAFF = 2,
    ROLE_MODERATOR = 3,
    ROLE_ADMIN = 4
} user_role;

user_role role_parse(const char *s);            /* unknown -> ROLE_ANYONE */
const char *role_name(user_role r);             /* "resident", "staff", ... */

typedef struct user {
    int64_t id;
    const char *email;
    const char *display_name;
    const char *lang;
    user_role role;
} user;

#define REQ_MAX_PARAMS 8
#define REQ_MAX_HEADERS 12

struct route;
struct sse_channel;

typedef struct request {
    arena a;
    struct MHD_Connection *conn;
    const char *method;
    const char *path;              /* decoded URL path as MHD gives it */
    const char *lang;              /* "fi", "sv" or "en" */
    bool lang_from_url;            /* path carried /fi/, /sv/ or /en/ */
    bool is_api;                   /* /api/, or a prefix in api_error_shapes: errors answer in JSON */
    const struct route *route;
    const char *params[REQ_MAX_PARAMS];   /* {name} segments of the route pattern */
    const char *param_names[REQ_MAX_PARAMS];
    int nparams;
    form query;
    form form;                     /* parsed body of POST requests */
    buf body;                      /* raw upload while it arrives */
    bool body_too_large;
    db *db;                        /* this thread's connection */
    user *user;                    /* NULL when nobody is signed in */
    const char *csrf_token;        /* token to embed in forms on this page */
    int64_t now;                   /* request time, Unix seconds */
    const char *client_key;        /* client address, only ever kept in memory */
    double started;                /* monotonic seconds, for the access log */

    /* The answer */
    int status;
    const char *content_type;
    buf out;
    const char *header_names[REQ_MAX_HEADERS];
    const char *header_values[REQ_MAX_HEADERS];
    int nheaders;
    struct sse_channel *stream;    /* set by an event-stream handler */
    const char *static_body;       /* answer from memory that outlives the request */
    size_t static_len;
} request;

typedef int (*route_handler)(request *r);

typedef struct route {
    const char *method;
    const char *pattern;   /* "/{lang}/news/{id}"; {lang} matches fi|sv|en only */
    route_handler handler;
    user_role min_role;
    bool bare;             /* no session, no CSRF cookie: static files, probes */
    /* The URL itself is the secret (a random token): a POST whose body is
     * List-Unsubscribe=One-Click needs no CSRF token, as RFC 8058 mail
     * clients send no cookies. Forms on the page still carry one. */
    bool one_click;
    /* The handler reads the raw body (r->body) itself, e.g. FHIR JSON: the
     * server parses no form from it, whatever its content type. */
    bool raw_body;
} route;

extern const route routes[];
extern const size_t routes_count;

/* An API's own error shape: the paths under prefix answer errors (404, 405,
 * 413, 429, 503 from the server too) through answer, not the HTML page.
 * The table sits beside the route table (src/app/routes.c), so src/http names no
 * feature itself. message is never NULL. */
typedef struct api_error_shape {
    const char *prefix;    /* "/open311/" */
    void (*answer)(request *r, int status, const char *message);
} api_error_shape;
extern const api_error_shape api_error_shapes[];
/* Features the server and the layout need, given by the app layer (src/app/routes.c),
 * so that src/http depends on no feature folder. */
typedef struct http_hooks {
    const char *(*notifications_label)(request *r);   /* "Notifications (3)" for the signed-in, or NULL */
    void *(*maintenance)(void *arg);                  /* the maintenance thread: mail, reminders, purges */
} http_hooks;
extern const http_hooks HTTP_HOOKS;
extern const size_t api_error_shapes_count;
/* Whether errors on path answer in JSON: /api/ or a prefix of api_error_shapes. */
bool api_path(const char *path);

/* Finds the route for method+path. Returns it, or NULL with *path_known
 * telling whether another method would have matched (-> 405). */
const route *router_match(request *r, const char *method, const char *path, bool *path_known);
/* Comma-separated methods that match path, for the Allow header. */
const char *router_allow(arena *a, const char *path);

const char *req_param(const request *r, const char *name);
const char *req_query(const request *r, const char *name);
const char *req_form(const request *r, const char *name);
void req_header(request *r, const char *name, const char *value);
void req_set_cookie(request *r, const char *name, const char *value, int max_age);

/* Answers */
void respond_text(request *r, int status, const char *content_type, const char *text);
void respond_json(request *r, int status, json_t *value);   /* steals value */
void respond_redirect(request *r, int status, const char *location);
/* Localized error page (HTML), {"error": ...} for /api/ paths, or the shape
 * api_error_shapes names for the path (Open311, FHIR). */
void respond_error(request *r, int status, const char *message);
/* Renders templates/NAME.mustache in the request's language inside the base layout. Steals ctx. */
void respond_page(request *r, int status, const char *template_name, json_t *ctx);
/* Like respond_page with a view model built in the request's arena. */
void respond_page_vm(request *r, int status, const char *template_name, vm_value page);

/* The translation of msgid with "{n}" replaced by n, in the arena. */
char *tr_fill(request *r, const char *msgid, long n);

/* "/fi" + rest: a URL in the request's language. */
const char *req_url(request *r, const char *rest);

#endif
