/* /{lang}/projects/{slug}/timeline: the milestones on a time axis as an
 * accessible SVG (role="img", <title>, <desc>, text labels) with the same
 * facts as an ordered list beside it. Geometry comes from logic.c; the
 * template draws it, so every label is HTML-escaped. */
#include "internal.h"
#include "../view/i18n.h"
#include <string.h>

/* Fill and stroke per milestone status; each at least 4.5:1 on white. */
static const char *status_colour(const char *st)
{
    if (strcmp(st, "done") == 0) return "#1b5e20";
    if (strcmp(st, "ongoing") == 0) return "#0b4f8a";
    if (strcmp(st, "cancelled") == 0) return "#5c5c5c";
    return "#ffffff";
}

/* At most max characters of s, with "…" when cut: long labels would run
 * out of the drawing (the list beside it has them whole). */
static const char *shorten(request *r, const char *s, size_t max)
{
    size_t chars = 0, i = 0;
    for (; s[i]; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80 && chars++ == max) break;
    }
    if (!s[i]) return s;
    return arena_printf(&r->a, "%.*s…", (int)i, s);
}

int projects_timeline(request *r)
{
    db_result res;
    int found = pj_load_public(r, req_param(r, "slug"), &res);
    if (found < 0) return -1;
    if (!found) {
        respond_error(r, 404, NULL);
        return 0;
    }
    int rc;
    json_t *proj = pj_page_model(r, &res, 0, &rc);
    if (rc < 0) {
        json_decref(proj);
        return -1;
    }
    json_t *ms = json_object_get(proj, "milestones");
    int n = (int)json_array_size(ms);
    tl_mark *marks = arena_alloc(&r->a, sizeof *marks * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++)
        marks[i].day = proj_date_days(json_string_value(json_object_get(json_array_get(ms, (size_t)i), "iso_date")));
    tl_layout lay;
    proj_timeline_layout(marks, n, proj_date_days(db_cell(&res, 0, PJ_START)), proj_date_days(db_cell(&res, 0, PJ_END)),
                         proj_unix_days(r->now), &lay);
    json_t *svg_marks = json_array();
    for (int i = 0; i < n; i++) {
        json_t *m = json_array_get(ms, (size_t)i);
        const char *st = json_string_value(json_object_get(m, "status"));
        json_array_append_new(svg_marks, json_pack(
            "{s:s, s:s, s:s, s:s, s:f, s:f, s:f, s:f, s:s, s:b, s:s}",
            "title", shorten(r, json_string_value(json_object_get(m, "title")), 30), "date", json_string_value(json_object_get(m, "date")),
            "status_label", json_string_value(json_object_get(m, "status_label")), "fill", status_colour(st),
            "x", marks[i].x, "y", (double)TL_AXIS_Y, "label_y", marks[i].label_y, "line_y", marks[i].label_y - 14,
            "anchor", marks[i].anchor_end ? "end" : "start", "done", strcmp(st, "done") == 0, "status", st));
    }
    json_t *ticks = json_array();
    for (int i = 0; i < lay.nticks; i++)
        json_array_append_new(ticks, json_pack("{s:f, s:i, s:f, s:f}", "x", lay.ticks[i].x, "year", lay.ticks[i].year,
                                               "y1", (double)(TL_AXIS_Y - 8), "y2", (double)(TL_AXIS_Y + 8)));
    char first[32], last[32];
    proj_days_display(lay.first, first, sizeof first);
    proj_days_display(lay.last, last, sizeof last);
    json_t *svg = json_pack("{s:i, s:i, s:i, s:i, s:i, s:o, s:o, s:s, s:s, s:s}", "width", TL_WIDTH, "height", lay.height,
                            "left", TL_LEFT, "right", TL_RIGHT, "axis_y", TL_AXIS_Y, "marks", svg_marks, "ticks", ticks,
                            "first", first, "last", last, "desc",
                            tr_fill(r, "A time axis with {n} milestones. The same milestones are listed as text below the picture.", n));
    if (lay.today_x >= 0)
        json_object_set_new(svg, "today", json_pack("{s:f, s:i, s:i}", "x", lay.today_x, "y1", TL_AXIS_Y - 30, "y2",
                                                     TL_AXIS_Y + 20));
    json_object_set_new(svg, "first_y", json_real(TL_AXIS_Y - 16));
    const char *slug = db_cell(&res, 0, PJ_SLUG);
    json_t *ctx = json_pack("{s:s, s:O, s:o, s:s}", "title",
                            arena_printf(&r->a, "%s: %s", tr(r->lang, "Timeline"),
                                         json_string_value(json_object_get(proj, "title"))),
                            "project", proj, "svg", svg, "project_url",
                            req_url(r, arena_printf(&r->a, "/projects/%s", slug)));
    json_decref(proj);
    pj_respond(r, 200, "projects/timeline", ctx);
    return 0;
}
