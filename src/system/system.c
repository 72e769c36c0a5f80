/* Front page, probes, metrics, the event stream and small API endpoints. */
#include "system.h"
#include "../http/metrics.h"
#include "../http/sse.h"
#include "../view/i18n.h"
#include <string.h>

/* GET /{lang}/ */
int home_page(request *r)
{
    db_result res;
    if (db_query(r->db, &r->a, &res, "SELECT code, name_fi, name_sv, bilingual FROM municipalities "
                                     "ORDER BY name_fi", 0, NULL) < 0)
        return -1;
    json_t *munis = json_array();
    bool sv = strcmp(r->lang, "sv") == 0;
    for (int i = 0; i < res.nrows; i++) {
        const char *fi = db_cell(&res, i, 1), *svn = db_cell(&res, i, 2);
        bool bilingual = db_cell_int(&res, i, 3) != 0;
        const char *name = sv ? svn : fi;
        const char *other = sv ? fi : svn;
        json_t *m = json_pack("{s:s, s:b}", "name", name, "bilingual", bilingual);
        if (strcmp(name, other) != 0) json_object_set_new(m, "other_name", json_string(other));
        json_array_append_new(munis, m);
    }
    json_t *ctx = json_pack("{s:s, s:o, s:s, s:b}", "title", tr(r->lang, "Services and their development, together"),
                            "municipalities", munis, "news_url", req_url(r, "/news"), "logged_out",
                            req_query(r, "logged_out") != NULL);
    if (!r->user) {
        json_object_set_new(ctx, "register_url", json_string(req_url(r, "/register")));
    }
    respond_page(r, 200, "home/index", ctx);
    return 0;
}

/* GET /healthz: 200 when the database answers, 503 otherwise. */
int healthz(request *r)
{
    db_result res;
    if (db_query(r->db, &r->a, &res, "SELECT 1", 0, NULL) < 0 || res.nrows != 1) {
        respond_text(r, 503, "text/plain; charset=utf-8", "database unavailable\n");
        return 0;
    }
    respond_text(r, 200, "text/plain; charset=utf-8", "ok\n");
    req_header(r, "Cache-Control", "no-store");
    return 0;
}

/* GET /metrics in the Prometheus text format. */
int metrics_page(request *r)
{
    r->status = 200;
    r->content_type = "text/plain; version=0.0.4; charset=utf-8";
    metrics_write(&r->out);
    return 0;
}

/* GET /events/{channel}: server-sent events. Only public channels for now. */
int events_stream(request *r)
{
    const char *ch = req_param(r, "channel");
    if (strcmp(ch, "news") != 0) {
        respond_error(r, 404, NULL);
        return 0;
    }
    r->status = 200;
    r->stream = sse_channel_get(ch);
    return 0;
}

/* GET /api/v1/municipalities */
int api_municipalities(request *r)
{
    db_result res;
    if (db_query(r->db, &r->a, &res, "SELECT code, name_fi, name_sv, bilingual FROM municipalities "
                                     "ORDER BY code", 0, NULL) < 0)
        return -1;
    json_t *arr = json_array();
    for (int i = 0; i < res.nrows; i++)
        json_array_append_new(arr, json_pack("{s:s, s:{s:s, s:s}, s:b}", "code", db_cell(&res, i, 0), "name",
                                             "fi", db_cell(&res, i, 1), "sv", db_cell(&res, i, 2), "bilingual",
                                             db_cell_int(&res, i, 3) != 0));
    respond_json(r, 200, json_pack("{s:o}", "items", arr));
    return 0;
}
