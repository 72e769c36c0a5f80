/* GET /api/v1/spaces/{slug}/ideas — the list with the page's sort,
 * filters and cursors — and GET /api/v1/ideas/{id}. Both check that the
 * caller may see the space (403 otherwise). */
#include "internal.h"
#include "list.h"
#include <sodium.h>
#include <string.h>

static json_t *counts(int64_t f, int64_t a, int64_t n, int64_t anon, int64_t comments)
{
    return json_pack("{s:I, s:I, s:I, s:I, s:I}", "for", (json_int_t)f, "against", (json_int_t)a, "neutral",
                     (json_int_t)n, "without_account", (json_int_t)anon, "comments", (json_int_t)comments);
}

int api_ideas_list(request *r)
{
    space s;
    int rc = space_load(r, req_param(r, "slug"), &s);
    if (rc < 0) return -1;
    if (rc == 0) {
        respond_error(r, 404, "no such space");
        return 0;
    }
    if (!space_visible(r, &s)) {
        respond_error(r, 403, "this space is open only to its own participants");
        return 0;
    }
    ideas_params lp;
    if (ideas_params_read(r, &lp) < 0) return -1;
    if (lp.bad || ideas_params_invalid(&lp)) {
        respond_error(r, 400, "sort must be new, support, discussed or random; seed 1-2147483646; municipality a "
                              "municipality code; status new, considering, accepted, rejected or implemented; q 2-100 "
                              "characters; after or before a cursor KEY.ID");
        return 0;
    }
    if (lp.sort == IDEAS_SORT_RANDOM && !lp.has_seed) lp.seed = (int64_t)randombytes_uniform((uint32_t)(IDEAS_RANDOM_P - 1)) + 1;
    db_result res;
    if (ideas_fetch(r, s.id, &lp, &res) < 0) return -1;
    json_t *items = json_array();
    for (int k = 0; k < lp.count; k++) {
        int i = ideas_row(&lp, k);
        json_t *it = json_pack("{s:I, s:s, s:I}", "id", (json_int_t)db_cell_int(&res, i, 0), "status", db_cell(&res, i, 3),
                               "created_at", (json_int_t)db_cell_int(&res, i, 11));
        if (db_cell(&res, i, 9)) {
            json_object_set_new(it, "hidden", json_true());
            json_object_set_new(it, "hidden_reason", json_string(db_cell(&res, i, 10) ? db_cell(&res, i, 10) : ""));
        } else {
            json_object_set_new(it, "title", json_string(db_cell(&res, i, 1)));
            json_object_set_new(it, "author", json_string(db_cell(&res, i, 2)));
            json_object_set_new(it, "lang", json_string(db_cell(&res, i, 14)));
            const char *mf = db_cell(&res, i, 12), *ms = db_cell(&res, i, 13);
            json_object_set_new(it, "municipality", mf ? json_pack("{s:s, s:s}", "fi", mf, "sv", ms ? ms : mf) : json_null());
        }
        json_object_set_new(it, "counts", counts(db_cell_int(&res, i, 4), db_cell_int(&res, i, 5), db_cell_int(&res, i, 6),
                                                 db_cell_int(&res, i, 7), db_cell_int(&res, i, 8)));
        json_object_set_new(it, "url", json_string(arena_printf(&r->a, "/api/v1/ideas/%s", db_cell(&res, i, 0))));
        json_array_append_new(items, it);
    }
    const char *base = arena_concat(&r->a, "/api/v1/spaces/", s.slug, "/ideas", NULL);
    const char *query = ideas_list_query(r, &lp);
    json_t *out = json_pack("{s:o, s:s}", "items", items, "sort", ideas_sort_name(lp.sort));
    if (lp.sort == IDEAS_SORT_RANDOM) json_object_set_new(out, "seed", json_integer(lp.seed));
    json_object_set_new(out, "next", lp.count > 0 && lp.has_next
        ? json_string(arena_printf(&r->a, "%s?after=%s%s", base, ideas_cursor(r, &res, ideas_row(&lp, lp.count - 1)), query))
        : json_null());
    json_object_set_new(out, "prev", lp.count > 0 && lp.has_prev
        ? json_string(arena_printf(&r->a, "%s?before=%s%s", base, ideas_cursor(r, &res, ideas_row(&lp, 0)), query))
        : json_null());
    respond_json(r, 200, out);
    return 0;
}

int api_ideas_show(request *r)
{
    idea_row idea;
    int rc = idea_load(r, req_param(r, "id"), &idea);
    if (rc < 0) return -1;
    if (rc == 0) {
        respond_error(r, 404, "no such idea");
        return 0;
    }
    space s;
    rc = space_load_id(r, idea.space_id, &s);
    if (rc < 0) return -1;
    if (rc == 0) {
        respond_error(r, 404, "no such idea");
        return 0;
    }
    if (!space_visible(r, &s)) {
        respond_error(r, 403, "this space is open only to its own participants");
        return 0;
    }
    json_t *out = json_pack("{s:I, s:s, s:s, s:I}", "id", (json_int_t)idea.id, "space", s.slug, "status", idea.status,
                            "created_at", (json_int_t)idea.created_at);
    if (idea.hidden_at) {
        json_object_set_new(out, "hidden", json_true());
        json_object_set_new(out, "hidden_reason", json_string(idea.hidden_reason ? idea.hidden_reason : ""));
    } else {
        json_object_set_new(out, "title", json_string(idea.title));
        json_object_set_new(out, "body", json_string(idea.body));
        json_object_set_new(out, "author", json_string(idea.author_name));
        json_object_set_new(out, "lang", json_string(idea.lang));
        json_object_set_new(out, "municipality", idea.municipality ? json_string(idea.municipality) : json_null());
        json_object_set_new(out, "service_point", idea.service_point ? json_string(idea.service_point) : json_null());
    }
    json_object_set_new(out, "counts", counts(idea.support, idea.against, idea.neutral, idea.anonymous, idea.comments));
    if (idea.answered_at)
        json_object_set_new(out, "answer", json_pack("{s:s, s:s, s:o, s:I}", "status", idea.status, "text", idea.answer_text,
                                                     "project", idea.project_slug ? json_string(idea.project_slug) : json_null(),
                                                     "answered_at", (json_int_t)idea.answered_at));
    else
        json_object_set_new(out, "answer", json_null());
    respond_json(r, 200, out);
    return 0;
}
