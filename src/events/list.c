/* /{lang}/events: upcoming events (or ?past=1), optionally of one space
 * (?space=SLUG). Events of spaces the reader may not see are left out. */
#include "events.h"
#include "internal.h"
#include "../participation/participation.h"
#include "../view/i18n.h"
#include <string.h>

#define LIST_LIMIT 200

int events_list(request *r)
{
    const char *slug = req_query(r, "space");
    const char *pastq = req_query(r, "past");
    bool past = pastq && strcmp(pastq, "1") == 0;
    if (pastq && !past) {
        respond_error(r, 400, tr(r->lang, "The address of this list page is not valid."));
        return 0;
    }
    space s;
    bool by_space = slug && *slug;
    if (by_space) {
        int rc = space_load(r, slug, &s);
        if (rc < 0) return -1;
        if (rc == 0) {
            respond_error(r, 404, NULL);
            return 0;
        }
        if (!space_visible(r, &s)) {
            respond_error(r, 403, tr(r->lang, "This event is only for the members of its group."));
            return 0;
        }
    }
    event_row *rows;
    db_param p[] = {DB_INT(r->now), DB_INT(by_space ? s.id : 0), DB_INT(LIST_LIMIT)};
    int n = events_fetch(r, past ? "WHERE e.ends_at <= $1 AND ($2 = 0 OR e.space_id = $2) AND e.draft = 0 "
                                   "ORDER BY e.starts_at DESC, e.id DESC LIMIT $3"
                                 : "WHERE e.ends_at > $1 AND ($2 = 0 OR e.space_id = $2) AND e.draft = 0 "
                                   "ORDER BY e.starts_at, e.id LIMIT $3",
                         3, p, &rows);
    if (n < 0) return -1;
    /* visibility per space, asked once per space */
    int64_t seen_id[32];
    int seen_vis[32], nseen = 0;
    json_t *items = json_array();
    for (int i = 0; i < n; i++) {
        int vis = 1;
        if (rows[i].space_id && !by_space) {
            int k;
            for (k = 0; k < nseen && seen_id[k] != rows[i].space_id; k++) {}
            if (k < nseen) {
                vis = seen_vis[k];
            } else {
                vis = events_space_visible(r, rows[i].space_id);
                if (vis < 0) return -1;
                if (nseen < 32) seen_id[nseen] = rows[i].space_id, seen_vis[nseen++] = vis;
            }
        }
        if (vis) json_array_append_new(items, events_item(r, &rows[i], false));
    }
    const char *title = past ? tr(r->lang, "Past events") : tr(r->lang, "Events and workshops");
    json_t *ctx = json_pack("{s:s, s:o, s:b, s:b}", "title", title, "items", items, "empty",
                            json_array_size(items) == 0, "past", past);
    const char *sq = by_space ? arena_concat(&r->a, "space=", s.slug, NULL) : NULL;
    json_object_set_new(ctx, "other_url", json_string(req_url(r, past ? (sq ? arena_concat(&r->a, "/events?", sq, NULL) : "/events")
                                                                       : (sq ? arena_concat(&r->a, "/events?past=1&", sq, NULL)
                                                                             : "/events?past=1"))));
    if (by_space) {
        json_object_set_new(ctx, "space_title", json_string(s.title));
        json_object_set_new(ctx, "space_url", json_string(req_url(r, arena_concat(&r->a, "/spaces/", s.slug, NULL))));
        json_object_set_new(ctx, "all_url", json_string(req_url(r, "/events")));
    }
    json_object_set_new(ctx, "ics_url", json_string(arena_concat(&r->a, "/events.ics?lang=", r->lang, NULL)));
    if (r->user && r->user->role >= ROLE_STAFF)
        json_object_set_new(ctx, "staff_url", json_string(req_url(r, "/staff/events")));
    respond_page(r, 200, "events/list", ctx);
    return 0;
}
