/* Helpers shared by the spaces, groups and statements pages. */
#include "spaces_internal.h"
#include "phases.h"
#include "../view/i18n.h"
#include "../view/view.h"
#include <string.h>
#include <time.h>

const char *part_fill(request *r, const char *msgid, const char *key, const char *value)
{
    const char *t = tr(r->lang, msgid);
    const char *hit = strstr(t, key);
    if (!hit) return t;
    return arena_concat(&r->a, arena_strndup(&r->a, t, (size_t)(hit - t)), value, hit + strlen(key), NULL);
}

const char *part_date(request *r, int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    return arena_printf(&r->a, "%d.%d.%d", tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900);
}

const char *part_pick(const db_result *res, int row, int col_fi, const char *lang, bool *fell_back)
{
    int off = strcmp(lang, "sv") == 0 ? 1 : strcmp(lang, "en") == 0 ? 2 : 0;
    const char *v = db_cell(res, row, col_fi + off);
    if (v && *v) return v;
    if (fell_back && off) *fell_back = true;
    v = db_cell(res, row, col_fi);
    return v ? v : "";
}

const char *part_markdown(request *r, const char *md)
{
    buf html = BUF_INIT;
    markdown_to_html(md ? md : "", md ? strlen(md) : 0, &html);
    const char *out = arena_strdup(&r->a, html.data ? html.data : "");
    buf_free(&html);
    return out;
}

void part_set(json_t *o, const char *key, const char *value)
{
    json_object_set_new(o, key, json_string(value ? value : ""));
}

const char *part_phase_label(request *r, const char *kind)
{
    if (!kind) return tr(r->lang, "No phase in progress");
    if (strcmp(kind, "collecting") == 0) return tr(r->lang, "Collecting ideas");
    if (strcmp(kind, "evaluating") == 0) return tr(r->lang, "Evaluating ideas");
    if (strcmp(kind, "decided") == 0) return tr(r->lang, "Decided");
    return tr(r->lang, "Closed");
}

const char *part_open_actions(request *r, const bool allows[3], const char *const policy[3])
{
    const char *names[3] = {tr(r->lang, "ideas"), tr(r->lang, "positions"), tr(r->lang, "comments")};
    const char *out = NULL;
    for (int i = 0; i < 3; i++) {
        if (!allows[i] || (policy && policy[i] && strcmp(policy[i], "nobody") == 0)) continue;
        out = out ? arena_concat(&r->a, out, ", ", names[i], NULL) : names[i];
    }
    return out;
}

int part_forbidden(request *r, const char *message)
{
    json_t *ctx = json_object();
    part_set(ctx, "title", tr(r->lang, "No access"));
    part_set(ctx, "message", message);
    if (!r->user) part_set(ctx, "login_url", arena_concat(&r->a, req_url(r, "/login?next="), r->path, NULL));
    respond_page(r, 403, "participation/forbidden", ctx);
    return 0;
}

int group_load(request *r, const char *slug, group_info *g)
{
    db_result res;
    db_param p[] = {DB_TEXT(slug)};
    if (db_query(r->db, &r->a, &res,
                 "SELECT id, slug, name_fi, name_sv, name_en, description_fi, description_sv, description_en, kind, "
                 "join_policy FROM groups WHERE slug = $1", 1, p) < 0)
        return -1;
    if (res.nrows == 0) return 0;
    g->id = db_cell_int(&res, 0, 0);
    g->slug = db_cell(&res, 0, 1);
    g->name = part_pick(&res, 0, 2, r->lang, NULL);
    g->description = part_pick(&res, 0, 5, r->lang, NULL);
    g->kind = db_cell(&res, 0, 8);
    g->join_policy = db_cell(&res, 0, 9);
    return 1;
}

bool group_may_manage(request *r, int64_t group_id)
{
    if (!r->user) return false;
    if (r->user->role >= ROLE_STAFF) return true;
    db_result res;
    db_param p[] = {DB_INT(group_id), DB_INT(r->user->id)};
    return db_query(r->db, &r->a, &res,
                    "SELECT 1 FROM group_members WHERE group_id = $1 AND user_id = $2 AND status = 'member' "
                    "AND role = 'chair'", 2, p) == 0 && res.nrows > 0;
}
