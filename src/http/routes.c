/* The whole HTTP surface of Kohtaamo in one table: method, pattern,
 * handler and the least role that may use it. {lang} is fi, sv or en.
 * Every POST outside /api/ needs a valid CSRF token (checked by the server). */
#include "request.h"
#include "../accounts/accounts.h"
#include "../admin/admin.h"
#include "../news/news.h"
#include "../system/system.h"

const route routes[] = {
    /* probes and machine-readable endpoints */
    {.method = "GET", .pattern = "/healthz", .handler = healthz, .bare = true},
    {.method = "GET", .pattern = "/metrics", .handler = metrics_page, .bare = true},
    {.method = "GET", .pattern = "/static/{*path}", .handler = static_serve, .bare = true},
    {.method = "GET", .pattern = "/events/{channel}", .handler = events_stream, .bare = true},
    {.method = "GET", .pattern = "/api/v1/municipalities", .handler = api_municipalities, .bare = true},
    {.method = "GET", .pattern = "/api/v1/news", .handler = api_news_list, .bare = true},

    /* pages */
    {.method = "GET", .pattern = "/{lang}/", .handler = home_page},
    {.method = "GET", .pattern = "/{lang}/news", .handler = news_list},
    {.method = "GET", .pattern = "/{lang}/news/new", .handler = news_new_form, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/news/new", .handler = news_create, .min_role = ROLE_STAFF},
    {.method = "GET", .pattern = "/{lang}/news/{id}", .handler = news_show},

    /* accounts */
    {.method = "GET", .pattern = "/{lang}/register", .handler = accounts_register_form},
    {.method = "POST", .pattern = "/{lang}/register", .handler = accounts_register},
    {.method = "GET", .pattern = "/{lang}/login", .handler = accounts_login_form},
    {.method = "POST", .pattern = "/{lang}/login", .handler = accounts_login},
    {.method = "POST", .pattern = "/{lang}/logout", .handler = accounts_logout},
    {.method = "GET", .pattern = "/{lang}/password-reset", .handler = accounts_reset_request_form},
    {.method = "POST", .pattern = "/{lang}/password-reset", .handler = accounts_reset_request},
    {.method = "GET", .pattern = "/{lang}/password-reset/{token}", .handler = accounts_reset_form},
    {.method = "POST", .pattern = "/{lang}/password-reset/{token}", .handler = accounts_reset},
    {.method = "GET", .pattern = "/{lang}/account", .handler = accounts_profile, .min_role = ROLE_RESIDENT},

    /* administration */
    {.method = "GET", .pattern = "/{lang}/admin/users", .handler = admin_users_list, .min_role = ROLE_ADMIN},
    {.method = "POST", .pattern = "/{lang}/admin/users", .handler = admin_users_create, .min_role = ROLE_ADMIN},
    {.method = "GET", .pattern = "/{lang}/admin/users/{id}", .handler = admin_user_show, .min_role = ROLE_ADMIN},
    {.method = "POST", .pattern = "/{lang}/admin/users/{id}", .handler = admin_user_update, .min_role = ROLE_ADMIN},
    {.method = "GET", .pattern = "/{lang}/admin/audit", .handler = admin_audit_list, .min_role = ROLE_ADMIN},
};

const size_t routes_count = sizeof routes / sizeof routes[0];
