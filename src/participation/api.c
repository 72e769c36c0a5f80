/* GET /api/v1/spaces (the spaces the caller may see) and
 * GET /api/v1/spaces/{slug} (phase, policy, counts). The session cookie is
 * used when present, so members see their group's spaces; a space the caller
 * may not see answers 403 in JSON, as the pages do. */
#include "spaces_internal.h"
#include "../view/i18n.h"
#include <string.h>

static json_t *texts(const db_result *res, int row, int col_fi)
{
    return json_pack("{s:s, s:s, s:s}", "fi", db_cell(res, row, col_fi), "sv", db_cell(res, row, col_fi + 1), "en",
                     db_cell(res, row, col_fi + 2));
}

static json_t *phase_json(const char *kind, int64_t starts, int64_t ends, bool ideas, bool positions, bool comments)
{
    if (!kind) return json_null();
    return json_pack("{s:s, s:I, s:o, s:{s:b, s:b, s:b}}", "kind", kind, "starts_at", (json_int_t)starts, "ends_at",
                     ends ? json_integer(ends) : json_null(), "allows", "ideas", ideas, "positions", positions,
                     "comments", comments);
}

#define API_SQL \
    "SELECT s.id, s.slug, s.title_fi, s.title_sv, s.title_en, s.audience, s.group_id, s.published, " \
    "t.code, p.kind, p.starts_at, p.ends_at, p.allow_ideas, p.allow_positions, p.allow_comments, " \
    "s.policy_idea, s.policy_position, s.policy_comment, " \
    "(SELECT COUNT(*) FROM ideas i WHERE i.space_id = s.id AND i.hidden_at IS NULL), " \
    "(SELECT COUNT(*) FROM statements st WHERE st.space_id = s.id), " \
    "(SELECT COUNT(*) FROM follows f WHERE f.target_type = 'space' AND f.target_id = s.id), " \
    "(SELECT COUNT(*) FROM drafts d WHERE d.space_id = s.id), " \
    "s.description_fi, s.description_sv, s.description_en, pr.slug, g.slug, " \
    "(SELECT COUNT(*) FROM events e WHERE e.space_id = s.id AND e.draft = 0 AND e.ends_at > $1) " \
    "FROM spaces s LEFT JOIN themes t ON t.id = s.theme_id LEFT JOIN projects pr ON pr.id = s.project_id " \
    "LEFT JOIN groups g ON g.id = s.group_id " \
    SPACE_CURRENT_PHASE_JOIN("$1")

static bool row_visible(request *r, const db_result *res, int i)
{
    space s = {0};
    s.audience = db_cell(res, i, 5);
    s.group_id = db_cell_int(res, i, 6);
    s.published = db_cell_int(res, i, 7) != 0;
    return space_visible(r, &s);
}

static json_t *space_json(const db_result *res, int i, bool full)
{
    json_t *o = json_pack("{s:s, s:o, s:s, s:o, s:o, s:{s:s, s:s, s:s}, s:{s:I}}", "slug", db_cell(res, i, 1),
                          "title", texts(res, i, 2), "audience", db_cell(res, i, 5), "theme",
                          db_cell(res, i, 8) ? json_string(db_cell(res, i, 8)) : json_null(), "phase",
                          phase_json(db_cell(res, i, 9), db_cell_int(res, i, 10), db_cell_int(res, i, 11),
                                     db_cell_int(res, i, 12) != 0, db_cell_int(res, i, 13) != 0,
                                     db_cell_int(res, i, 14) != 0),
                          "policy", "idea", db_cell(res, i, 15), "position", db_cell(res, i, 16), "comment",
                          db_cell(res, i, 17), "counts", "ideas", (json_int_t)db_cell_int(res, i, 18));
    json_t *counts = json_object_get(o, "counts");
    if (full) {
        json_object_set_new(counts, "statements", json_integer(db_cell_int(res, i, 19)));
        json_object_set_new(counts, "followers", json_integer(db_cell_int(res, i, 20)));
        json_object_set_new(counts, "consultations", json_integer(db_cell_int(res, i, 21)));
        json_object_set_new(counts, "upcoming_events", json_integer(db_cell_int(res, i, 27)));
        json_object_set_new(o, "description", texts(res, i, 22));
        json_object_set_new(o, "project", db_cell(res, i, 25) ? json_string(db_cell(res, i, 25)) : json_null());
        json_object_set_new(o, "group", db_cell(res, i, 26) ? json_string(db_cell(res, i, 26)) : json_null());
    }
    return o;
}

int spaces_api_list(request *r)
{
    db_result res;
    db_param p[] = {DB_INT(r->now)};
    if (db_query(r->db, &r->a, &res, API_SQL "ORDER BY s.created_at, s.id", 1, p) < 0) return -1;
    json_t *items = json_array();
    for (int i = 0; i < res.nrows; i++)
        if (row_visible(r, &res, i)) {
            json_t *o = space_json(&res, i, false);
            json_object_set_new(o, "url", json_string(arena_concat(&r->a, "/api/v1/spaces/", db_cell(&res, i, 1), NULL)));
            json_array_append_new(items, o);
        }
    respond_json(r, 200, json_pack("{s:o}", "items", items));
    return 0;
}

int spaces_api_show(request *r)
{
    db_result res;
    db_param p[] = {DB_INT(r->now), DB_TEXT(req_param(r, "slug"))};
    if (db_query(r->db, &r->a, &res, API_SQL "WHERE s.slug = $2", 2, p) < 0) return -1;
    if (res.nrows == 0) {
        respond_error(r, 404, "no such space");
        return 0;
    }
    if (!row_visible(r, &res, 0)) {
        respond_error(r, 403, "this space is visible only to its audience");
        return 0;
    }
    respond_json(r, 200, space_json(&res, 0, true));
    return 0;
}
