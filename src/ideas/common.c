/* Loading an idea and its space, labels, dates and the keyed hash of a
 * browser token, shared by the idea pages and the API. */
#include "internal.h"
#include "../util/keyset.h"
#include "../app/secret.h"
#include "../view/i18n.h"
#include "../view/view.h"
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int64_t idea_parse_id(const char *s)
{
    int64_t key, id;
    if (!s || !*s || strlen(s) > 18) return 0;
    /* reuse the cursor parser's digit rules: "0.ID" */
    char tmp[24];
    snprintf(tmp, sizeof tmp, "0.%s", s);
    return keyset_cursor_parse(tmp, &key, &id) == 1 ? id : 0;
}

#define IDEA_COLS                                                                                              \
    "i.id, i.space_id, i.user_id, i.municipality_id, i.service_point_id, i.answer_project_id, i.answered_by, " \
    "i.author_name, i.lang, i.title, i.body, i.status, i.answer_text, i.hidden_reason, "                     \
    "m.name_fi, m.name_sv, sp.name_fi, sp.name_sv, sp.name_en, p.slug, p.title_fi, p.title_sv, p.title_en, "  \
    "u.display_name, i.support_count, i.against_count, i.neutral_count, i.anonymous_count, i.comment_count, " \
    "i.hidden_at, i.answered_at, i.created_at"

static const char *in_lang3(request *r, const db_result *res, int col_fi)
{
    int off = strcmp(r->lang, "sv") == 0 ? 1 : strcmp(r->lang, "en") == 0 ? 2 : 0;
    const char *v = db_cell(res, 0, col_fi + off);
    return v && *v ? v : db_cell(res, 0, col_fi);
}

int idea_load(request *r, const char *id_text, idea_row *o)
{
    int64_t id = idea_parse_id(id_text);
    if (id <= 0) return 0;
    db_result res;
    db_param p[] = {DB_INT(id)};
    if (db_query(r->db, &r->a, &res,
                 "SELECT " IDEA_COLS " FROM ideas i"
                 " LEFT JOIN municipalities m ON m.id = i.municipality_id"
                 " LEFT JOIN service_points sp ON sp.id = i.service_point_id"
                 " LEFT JOIN projects p ON p.id = i.answer_project_id"
                 " LEFT JOIN users u ON u.id = i.answered_by"
                 " WHERE i.id = $1", 1, p) < 0)
        return -1;
    if (res.nrows == 0) return 0;
    memset(o, 0, sizeof *o);
    o->id = db_cell_int(&res, 0, 0);
    o->space_id = db_cell_int(&res, 0, 1);
    o->user_id = db_cell_int(&res, 0, 2);
    o->municipality_id = db_cell_int(&res, 0, 3);
    o->service_point_id = db_cell_int(&res, 0, 4);
    o->answer_project_id = db_cell_int(&res, 0, 5);
    o->answered_by = db_cell_int(&res, 0, 6);
    o->author_name = db_cell(&res, 0, 7);
    o->lang = db_cell(&res, 0, 8);
    o->title = db_cell(&res, 0, 9);
    o->body = db_cell(&res, 0, 10);
    o->status = db_cell(&res, 0, 11);
    o->answer_text = db_cell(&res, 0, 12);
    o->hidden_reason = db_cell(&res, 0, 13);
    o->municipality = db_cell(&res, 0, strcmp(r->lang, "sv") == 0 ? 15 : 14);
    o->service_point = db_cell(&res, 0, 16) ? in_lang3(r, &res, 16) : NULL;
    o->project_slug = db_cell(&res, 0, 19);
    o->project_title = o->project_slug ? in_lang3(r, &res, 20) : NULL;
    o->answered_by_name = db_cell(&res, 0, 23);
    o->support = db_cell_int(&res, 0, 24);
    o->against = db_cell_int(&res, 0, 25);
    o->neutral = db_cell_int(&res, 0, 26);
    o->anonymous = db_cell_int(&res, 0, 27);
    o->comments = db_cell_int(&res, 0, 28);
    o->hidden_at = db_cell_int(&res, 0, 29);
    o->answered_at = db_cell_int(&res, 0, 30);
    o->created_at = db_cell_int(&res, 0, 31);
    return 1;
}

int idea_space_check(request *r, const idea_row *idea, space *s)
{
    int rc = space_load_id(r, idea->space_id, s);
    if (rc < 0) return -1;
    if (rc == 0) {
        respond_error(r, 404, NULL);
        return 0;
    }
    if (!space_visible(r, s)) {
        respond_error(r, 403, tr(r->lang, "This space is open only to its own participants."));
        return 0;
    }
    return 1;
}

int space_from_route(request *r, space *s)
{
    int rc = space_load(r, req_param(r, "slug"), s);
    if (rc < 0) return -1;
    if (rc == 0) {
        respond_error(r, 404, NULL);
        return 0;
    }
    if (!space_visible(r, s)) {
        respond_error(r, 403, tr(r->lang, "This space is open only to its own participants."));
        return 0;
    }
    return 1;
}

static const char *const STATUSES[] = {"new", "considering", "accepted", "rejected", "implemented"};
static const char *const STATUS_LABELS[] = {N_("New"), N_("Under consideration"), N_("Accepted"),
                                            N_("Not taken forward"), N_("Implemented")};

const char *idea_status_label(request *r, const char *status)
{
    for (int i = 0; i < 5; i++)
        if (status && strcmp(status, STATUSES[i]) == 0) return tr(r->lang, STATUS_LABELS[i]);
    return status ? status : "";
}

const char *idea_date(request *r, int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    return arena_printf(&r->a, "%d.%d.%d", tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900);
}

const char *idea_iso_date(request *r, int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    return arena_printf(&r->a, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

const char *idea_markdown(request *r, const char *md)
{
    buf html = BUF_INIT;
    markdown_to_html(md ? md : "", md ? strlen(md) : 0, &html);
    const char *out = arena_strdup(&r->a, html.data ? html.data : "");
    buf_free(&html);
    return out;
}

/* The key for browser tokens: made once per installation, shared by all
 * nodes through the settings table, cached per process. */
static pthread_mutex_t key_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned char anon_secret[INSTALLATION_SECRET_BYTES];
static bool anon_secret_loaded;

static int load_secret(request *r)
{
    pthread_mutex_lock(&key_lock);
    int rc = 0;
    if (!anon_secret_loaded) {
        rc = installation_secret(r->db, "ideas_anon_key", anon_secret);
        anon_secret_loaded = rc == 0;
    }
    pthread_mutex_unlock(&key_lock);
    return rc;
}

const char *idea_anon_key(request *r, const char *token)
{
    if (load_secret(r) < 0) return NULL;
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), anon_secret, sizeof anon_secret);
    char *hex = arena_alloc_raw(&r->a, sizeof h * 2 + 1);
    sodium_bin2hex(hex, sizeof h * 2 + 1, h, sizeof h);
    return hex;
}

void idea_respond(request *r, int status, const char *template_name, json_t *ctx)
{
    view_flag_arrays(ctx);
    respond_page(r, status, template_name, ctx);
}
