/* The ideas of a space: /{lang}/spaces/{slug}/ideas and the same list as
 * JSON (/api/v1/spaces/{slug}/ideas, api.c). Sorted newest, most supported,
 * most discussed or in a random order fixed by a seed in the URL; filtered
 * by municipality and status; searched by words in the title and text.
 * Keyset paging: a cursor "KEY.ID" names the row a page continues from, so
 * a page costs the same however deep it is, and the counters kept in the
 * ideas table mean nothing is counted per request. */
#include "internal.h"
#include "../util/keyset.h"
#include "list.h"
#include "../util/fold.h"
#include "../view/i18n.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Percent-encodes a query value. */
static const char *qenc(request *r, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(s);
    char *out = arena_alloc_raw(&r->a, n * 3 + 1), *o = out;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("-_.~", *p))
            *o++ = (char)*p;
        else
            *o++ = '%', *o++ = hex[*p >> 4], *o++ = hex[*p & 15];
    }
    *o = '\0';
    return out;
}

/* The query string of the list without a cursor, each part "&name=value". */
const char *ideas_list_query(request *r, const ideas_params *lp)
{
    const char *q = "";
    if (lp->sort != IDEAS_SORT_NEW) q = arena_concat(&r->a, q, "&sort=", ideas_sort_name(lp->sort), NULL);
    if (lp->sort == IDEAS_SORT_RANDOM) q = arena_printf(&r->a, "%s&seed=%lld", q, (long long)lp->seed);
    if (lp->municipality && *lp->municipality) q = arena_concat(&r->a, q, "&municipality=", qenc(r, lp->municipality), NULL);
    if (lp->status && *lp->status) q = arena_concat(&r->a, q, "&status=", qenc(r, lp->status), NULL);
    if (lp->q && *lp->q) q = arena_concat(&r->a, q, "&q=", qenc(r, lp->q), NULL);
    return q;
}

/* Lower case for the search, as lower() folds the titles (util/fold.h). */
static char *fold(request *r, const char *s)
{
    char *out = arena_strdup(&r->a, s);
    text_fold_lower(out, strlen(out), out);
    return out;
}

/* LIKE pattern with %, _ and \ escaped. */
static const char *like_pattern(request *r, const char *q)
{
    char *f = fold(r, q);
    char *out = arena_alloc_raw(&r->a, strlen(f) * 2 + 3), *o = out;
    *o++ = '%';
    for (const char *p = f; *p; p++) {
        if (*p == '%' || *p == '_' || *p == '\\') *o++ = '\\';
        *o++ = *p;
    }
    *o++ = '%';
    *o = '\0';
    return out;
}

/* Trims spaces at both ends, in the arena. */
static const char *trim(request *r, const char *s)
{
    if (!s) return "";
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    return arena_strndup(&r->a, s, n);
}

int ideas_params_read(request *r, ideas_params *lp)
{
    memset(lp, 0, sizeof *lp);
    int sort = ideas_sort_parse(req_query(r, "sort"));
    lp->sort = sort < 0 ? IDEAS_SORT_NEW : (ideas_sort)sort;
    if (sort < 0) lp->sort_error = N_("Choose an order from the list.");
    int hs = ideas_seed_parse(req_query(r, "seed"), &lp->seed);
    if (hs < 0) lp->bad = true;
    lp->has_seed = hs > 0;
    lp->municipality = trim(r, req_query(r, "municipality"));
    lp->status = trim(r, req_query(r, "status"));
    lp->q = trim(r, req_query(r, "q"));
    if (*lp->status && !ideas_status_valid(lp->status)) lp->status_error = N_("Choose a status from the list.");
    if (*lp->q && ideas_utf8_len(lp->q) < 2) lp->q_error = N_("Write at least two letters to search.");
    if (ideas_utf8_len(lp->q) > 100) lp->q_error = N_("The search can be at most 100 characters long.");
    if (*lp->municipality) {
        db_result res;
        db_param p[] = {DB_TEXT(lp->municipality)};
        if (db_query(r->db, &r->a, &res, "SELECT id FROM municipalities WHERE code = $1", 1, p) < 0) return -1;
        if (res.nrows == 0) lp->municipality_error = N_("Choose a municipality from the list.");
        else lp->municipality_id = db_cell_int(&res, 0, 0);
    }
    int hb = keyset_cursor_parse(req_query(r, "before"), &lp->ckey, &lp->cid);
    int ha = keyset_cursor_parse(req_query(r, "after"), &lp->ckey, &lp->cid);
    if (hb < 0 || ha < 0 || (hb > 0 && ha > 0)) lp->bad = true;
    lp->dir = ha > 0 ? 1 : hb > 0 ? -1 : 0;
    return 0;
}

bool ideas_params_invalid(const ideas_params *lp)
{
    return lp->sort_error || lp->status_error || lp->q_error || lp->municipality_error;
}

int ideas_fetch(request *r, int64_t space_id, ideas_params *lp, db_result *res)
{
    /* "after" continues in the display order, "before" goes back from a
     * cursor: the query runs in the opposite order and the rows are turned. */
    static const char *const keys[] = {"i.created_at", "i.support_count", "i.comment_count",
                                       "(((i.id % 2147483647) * 506952114 % 2147483647 + $2) % 2147483647 * $2 % 2147483647)"};
    bool display_desc = lp->sort != IDEAS_SORT_RANDOM;
    bool backwards = lp->dir < 0;
    bool desc = display_desc != backwards;
    db_param p[8];
    int n = 0;
    p[n++] = DB_INT(space_id);
    if (lp->sort == IDEAS_SORT_RANDOM) p[n++] = DB_INT(lp->seed);   /* $2 of the random key */
    const char *key = keys[lp->sort];
    char *sql = arena_printf(&r->a,
        "SELECT i.id, i.title, i.author_name, i.status, i.support_count, i.against_count, i.neutral_count,"
        " i.anonymous_count, i.comment_count, i.hidden_at, i.hidden_reason, i.created_at, m.name_fi, m.name_sv,"
        " i.lang, %s AS sort_key, i.user_id, i.municipality_id"
        " FROM ideas i LEFT JOIN municipalities m ON m.id = i.municipality_id"
        " WHERE i.space_id = $1", key);
    if (lp->municipality_id > 0) {
        p[n++] = DB_INT(lp->municipality_id);
        sql = arena_printf(&r->a, "%s AND i.municipality_id = $%d", sql, n);
    }
    if (*lp->status) {
        p[n++] = DB_TEXT(lp->status);
        sql = arena_printf(&r->a, "%s AND i.status = $%d", sql, n);
    }
    if (*lp->q) {
        p[n++] = DB_TEXT(like_pattern(r, lp->q));
        /* hidden ideas are not searched: their text is not shown */
        sql = arena_printf(&r->a, "%s AND i.hidden_at IS NULL AND (lower(i.title) LIKE $%d ESCAPE '\\'"
                                  " OR lower(i.body) LIKE $%d ESCAPE '\\')", sql, n, n);
    }
    if (lp->dir != 0) {
        p[n++] = DB_INT(lp->ckey);
        p[n++] = DB_INT(lp->cid);
        sql = arena_printf(&r->a, "%s AND (%s, i.id) %s ($%d, $%d)", sql, key,
                           (display_desc == (lp->dir > 0)) ? "<" : ">", n - 1, n);
    }
    p[n++] = DB_INT(IDEAS_PAGE_SIZE + 1);
    sql = arena_printf(&r->a, "%s ORDER BY %s %s, i.id %s LIMIT $%d", sql, key, desc ? "DESC" : "ASC",
                       desc ? "DESC" : "ASC", n);
    if (db_query(r->db, &r->a, res, sql, n, p) < 0) return -1;
    bool more = res->nrows > IDEAS_PAGE_SIZE;
    lp->count = more ? IDEAS_PAGE_SIZE : res->nrows;
    lp->reversed = backwards;
    lp->has_prev = backwards ? more : lp->dir > 0;
    lp->has_next = backwards ? true : more;
    return 0;
}

int ideas_row(const ideas_params *lp, int i) { return lp->reversed ? lp->count - 1 - i : i; }

const char *ideas_cursor(request *r, const db_result *res, int row)
{
    return arena_concat(&r->a, db_cell(res, row, 15), ".", db_cell(res, row, 0), NULL);
}

static json_t *option(const char *value, const char *label, const char *current)
{
    return json_pack("{s:s, s:s, s:b}", "value", value, "label", label, "selected",
                     current && strcmp(current, value) == 0);
}

/* The select of the filter form, with its error for the summary. */
static json_t *select_field(request *r, json_t *errors, const char *name, const char *label, const char *error,
                            json_t *options)
{
    json_t *f = json_pack("{s:s, s:s, s:s, s:o}", "id", name, "name", name, "label", label, "options", options);
    if (error) {
        const char *msg = tr(r->lang, error);
        json_object_set_new(f, "error", json_string(msg));
        json_array_append_new(errors, json_pack("{s:s, s:s}", "field_id", arena_concat(&r->a, "f-", name, NULL),
                                                "message", msg));
    }
    return f;
}

static const char *const SORT_LABELS[] = {N_("Newest first"), N_("Most supported"), N_("Most discussed"),
                                          N_("Random order")};
static const char *const STATUS_VALUES[] = {"new", "considering", "accepted", "rejected", "implemented"};

json_t *ideas_item_json(request *r, const db_result *res, int i)
{
    json_t *it = json_object();
    json_object_set_new(it, "url", json_string(req_url(r, arena_printf(&r->a, "/ideas/%s", db_cell(res, i, 0)))));
    if (db_cell(res, i, 9)) {
        json_object_set_new(it, "hidden", json_true());
        const char *reason = db_cell(res, i, 10);
        json_object_set_new(it, "hidden_reason", json_string(reason && *reason ? reason : "–"));
        return it;
    }
    json_object_set_new(it, "title", json_string(db_cell(res, i, 1)));
    const char *lang = db_cell(res, i, 14);
    if (lang && strcmp(lang, r->lang) != 0) json_object_set_new(it, "title_lang", json_string(lang));
    const char *author = db_cell(res, i, 2);
    json_object_set_new(it, "author", json_string(author && *author ? author : tr(r->lang, "without an account")));
    const char *muni = db_cell(res, i, strcmp(r->lang, "sv") == 0 ? 13 : 12);
    if (muni) json_object_set_new(it, "municipality", json_string(muni));
    json_object_set_new(it, "status", json_string(db_cell(res, i, 3)));
    json_object_set_new(it, "status_label", json_string(idea_status_label(r, db_cell(res, i, 3))));
    json_object_set_new(it, "date", json_string(idea_date(r, db_cell_int(res, i, 11))));
    json_object_set_new(it, "iso_date", json_string(idea_iso_date(r, db_cell_int(res, i, 11))));
    json_object_set_new(it, "counts", json_string(arena_printf(&r->a, "%s %s · %s %s · %s %s",
        tr(r->lang, "For:"), db_cell(res, i, 4), tr(r->lang, "Against:"), db_cell(res, i, 5),
        tr(r->lang, "Neutral:"), db_cell(res, i, 6))));
    int64_t anon = db_cell_int(res, i, 7);
    if (anon > 0) json_object_set_new(it, "anonymous", json_string(tr_fill(r, "of which {n} without an account", (long)anon)));
    json_object_set_new(it, "comments", json_string(tr_fill(r, "Comments: {n}", (long)db_cell_int(res, i, 8))));
    return it;
}

int ideas_list(request *r)
{
    space s;
    int rc = space_from_route(r, &s);
    if (rc <= 0) return rc;
    ideas_params lp;
    if (ideas_params_read(r, &lp) < 0) return -1;
    if (lp.bad) {
        respond_error(r, 400, tr(r->lang, "The address of this list page is not valid."));
        return 0;
    }
    const char *base = arena_concat(&r->a, "/spaces/", s.slug, "/ideas", NULL);
    bool invalid = ideas_params_invalid(&lp);
    if (!invalid && lp.sort == IDEAS_SORT_RANDOM && !lp.has_seed) {
        /* a seed chosen now and kept in the URL: the same visitor gets the
         * same order on every page and on reload, without a cookie */
        lp.seed = (int64_t)randombytes_uniform((uint32_t)(IDEAS_RANDOM_P - 1)) + 1;
        respond_redirect(r, 303, req_url(r, arena_printf(&r->a, "%s?%s", base, ideas_list_query(r, &lp) + 1)));
        return 0;
    }
    db_result res = {0};
    if (!invalid && ideas_fetch(r, s.id, &lp, &res) < 0) return -1;

    json_t *items = json_array();
    for (int k = 0; !invalid && k < lp.count; k++) json_array_append_new(items, ideas_item_json(r, &res, ideas_row(&lp, k)));
    const char *heading = arena_concat(&r->a, tr(r->lang, "Ideas"), ": ", s.title, NULL);
    json_t *ctx = json_pack("{s:s, s:s, s:o, s:s, s:s}", "title", heading, "space_title", s.title,
                            "items", items, "space_url", req_url(r, arena_concat(&r->a, "/spaces/", s.slug, NULL)),
                            "action", req_url(r, base));
    json_object_set_new(ctx, "heading", json_string(heading));
    if (!invalid && lp.count == 0)
        json_object_set_new(ctx, "empty", json_string(*lp.q || *lp.status || lp.municipality_id
            ? tr(r->lang, "No ideas match your choices.") : tr(r->lang, "There are no ideas in this space yet.")));
    const char *query = ideas_list_query(r, &lp);
    if (!invalid && lp.count > 0 && lp.has_prev)
        json_object_set_new(ctx, "prev_url", json_string(req_url(r, arena_printf(&r->a, "%s?before=%s%s", base,
                            ideas_cursor(r, &res, ideas_row(&lp, 0)), query))));
    if (!invalid && lp.count > 0 && lp.has_next)
        json_object_set_new(ctx, "next_url", json_string(req_url(r, arena_printf(&r->a, "%s?after=%s%s", base,
                            ideas_cursor(r, &res, ideas_row(&lp, lp.count - 1)), query))));

    if (json_object_get(ctx, "prev_url") || json_object_get(ctx, "next_url")) json_object_set_new(ctx, "pager", json_true());
    /* the filter form */
    json_t *errors = json_array();
    json_t *sorts = json_array();
    for (int i = 0; i < 4; i++)
        json_array_append_new(sorts, option(ideas_sort_name((ideas_sort)i), tr(r->lang, SORT_LABELS[i]),
                                            ideas_sort_name(lp.sort)));
    json_t *statuses = json_array();
    json_array_append_new(statuses, option("", tr(r->lang, "All statuses"), lp.status));
    for (int i = 0; i < 5; i++)
        json_array_append_new(statuses, option(STATUS_VALUES[i], idea_status_label(r, STATUS_VALUES[i]), lp.status));
    json_t *munis = json_array();
    json_array_append_new(munis, option("", tr(r->lang, "All municipalities"), lp.municipality));
    db_result mres;
    bool sv = strcmp(r->lang, "sv") == 0;
    if (db_query(r->db, &r->a, &mres, sv ? "SELECT code, name_sv FROM municipalities ORDER BY name_sv"
                                         : "SELECT code, name_fi FROM municipalities ORDER BY name_fi", 0, NULL) < 0) {
        json_decref(ctx);
        json_decref(errors);
        json_decref(sorts);
        json_decref(statuses);
        json_decref(munis);
        return -1;
    }
    for (int i = 0; i < mres.nrows; i++)
        json_array_append_new(munis, option(db_cell(&mres, i, 0), db_cell(&mres, i, 1), lp.municipality));
    json_object_set_new(ctx, "sort_field", select_field(r, errors, "sort", tr(r->lang, "Order"), lp.sort_error, sorts));
    json_object_set_new(ctx, "municipality_field", select_field(r, errors, "municipality", tr(r->lang, "Municipality"),
                                                                lp.municipality_error, munis));
    json_object_set_new(ctx, "status_field", select_field(r, errors, "status", tr(r->lang, "Status"), lp.status_error,
                                                          statuses));
    json_t *qf = json_pack("{s:s}", "value", lp.q);
    if (lp.q_error) {
        json_object_set_new(qf, "error", json_string(tr(r->lang, lp.q_error)));
        json_array_append_new(errors, json_pack("{s:s, s:s}", "field_id", "f-q", "message", tr(r->lang, lp.q_error)));
    }
    json_object_set_new(ctx, "q_field", qf);
    if (lp.has_seed) json_object_set_new(ctx, "seed", json_integer(lp.seed));
    json_object_set_new(ctx, "has_errors", json_boolean(json_array_size(errors) > 0));
    json_object_set_new(ctx, "errors", errors);

    const char *why = space_may(r, &s, SPACE_IDEA);
    if (!why) json_object_set_new(ctx, "new_url", json_string(req_url(r, arena_concat(&r->a, base, "/new", NULL))));
    else if (!r->user && strcmp(why, "Sign in to take part.") == 0)
        json_object_set_new(ctx, "login_url", json_string(req_url(r, "/login")));
    idea_respond(r, invalid ? 400 : 200, "ideas/list", ctx);
    return 0;
}
