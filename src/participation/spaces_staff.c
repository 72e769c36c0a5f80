/* Staff editor of participation spaces: /{lang}/staff/spaces (all spaces),
 * /{lang}/staff/spaces/new and /{lang}/staff/spaces/{id}/edit. One form holds
 * the texts, theme, project, audience, the policy per action, the phases
 * (rows to add, change or remove; each phase allows what its kind allows
 * unless staff choose otherwise), moderators by e-mail and publication. */
#include "spaces_internal.h"
#include "phases.h"
#include "../http/formview.h"
#include "../view/i18n.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PHASES 12
#define BLANK_ROWS 2

typedef struct phase_in {
    const char *id, *kind, *start, *end;
    bool defaults, allows[3], remove;
    const char *e_kind, *e_start, *e_end;
    int64_t starts_at, ends_at;
} phase_in;

typedef struct sp_form {
    int64_t id;   /* 0: new */
    const char *slug, *title[3], *desc[3], *theme, *project, *audience, *group, *policy[3], *moderators;
    bool published;
    const char *e_slug, *e_title_fi, *e_texts, *e_theme, *e_project, *e_audience, *e_group, *e_policy[3],
        *e_moderators;
    phase_in ph[MAX_PHASES];
    int nph;
} sp_form;

static const char *const LANGS[3] = {"fi", "sv", "en"};
static const char *const POLICY_NAMES[3] = {"policy_idea", "policy_position", "policy_comment"};
static const char *const ALLOW_NAMES[3] = {"ideas", "positions", "comments"};

int spaces_staff_list(request *r)
{
    db_result res;
    db_param p[] = {DB_INT(r->now)};
    if (db_query(r->db, &r->a, &res,
                 "SELECT s.id, s.slug, s.title_fi, s.title_sv, s.title_en, s.audience, s.published, p.kind "
                 "FROM spaces s" SPACE_CURRENT_PHASE_JOIN("$1") "ORDER BY s.title_fi", 1, p) < 0)
        return -1;
    json_t *items = json_array();
    for (int i = 0; i < res.nrows; i++) {
        const char *aud = db_cell(&res, i, 5);
        json_array_append_new(items, json_pack(
            "{s:s, s:s, s:s, s:s, s:s, s:s}", "title", part_pick(&res, i, 2, r->lang, NULL), "slug",
            db_cell(&res, i, 1), "edit_url",
            req_url(r, arena_printf(&r->a, "/staff/spaces/%s/edit", db_cell(&res, i, 0))), "public_url",
            req_url(r, arena_concat(&r->a, "/spaces/", db_cell(&res, i, 1), NULL)), "phase",
            part_phase_label(r, db_cell(&res, i, 7)), "state",
            db_cell_int(&res, i, 6) ? tr(r->lang, "Published") : tr(r->lang, "Not published")));
        json_object_set_new(json_array_get(items, json_array_size(items) - 1), "audience",
                            json_string(strcmp(aud, "everyone") == 0     ? tr(r->lang, "Everyone")
                                        : strcmp(aud, "registered") == 0 ? tr(r->lang, "Signed-in users")
                                        : strcmp(aud, "group") == 0      ? tr(r->lang, "Members of a group")
                                                                         : tr(r->lang, "Staff only")));
    }
    json_t *ctx = json_object();
    part_set(ctx, "title", tr(r->lang, "Manage participation spaces"));
    json_object_set_new(ctx, "items", items);
    json_object_set_new(ctx, "empty", json_boolean(res.nrows == 0));
    part_set(ctx, "new_url", req_url(r, "/staff/spaces/new"));
    respond_page(r, 200, "participation/staff_spaces", ctx);
    return 0;
}

/* ---- rendering ---- */

static json_t *radios(request *r, const char *id, const char *name, const char *legend, const char *const *values,
                      const char *const *labels, int n, const char *current, const char *error, formview *fv)
{
    json_t *items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s, s:b}", "id",
                                               arena_concat(&r->a, id, "-", values[i], NULL), "name", name, "value",
                                               values[i], "label", labels[i], "checked",
                                               current && strcmp(current, values[i]) == 0));
    json_t *o = json_pack("{s:s, s:s, s:o}", "id", id, "legend", legend, "items", items);
    if (error) {
        part_set(o, "error", error);
        json_array_append_new(fv->errors, json_pack("{s:s, s:s}", "field_id", id, "message", error));
    }
    return o;
}

static json_t *select_box(request *r, const char *id, const char *name, const char *label, const char *hint,
                          json_t *options, const char *error, formview *fv)
{
    (void)r;
    json_t *o = json_pack("{s:s, s:s, s:s, s:o}", "id", id, "name", name, "label", label, "options", options);
    if (hint) part_set(o, "hint", hint);
    if (error) {
        part_set(o, "error", error);
        json_array_append_new(fv->errors, json_pack("{s:s, s:s}", "field_id", id, "message", error));
    }
    return o;
}

/* Options from a query of (value, label_fi, label_sv, label_en). */
static json_t *options_from(request *r, const char *sql, const char *none_label, const char *current)
{
    json_t *opts = json_array();
    json_array_append_new(opts, json_pack("{s:s, s:s, s:b}", "value", "", "label", none_label, "selected",
                                          !current || !*current));
    db_result res;
    if (db_query(r->db, &r->a, &res, sql, 0, NULL) < 0) return opts;
    for (int i = 0; i < res.nrows; i++)
        json_array_append_new(opts, json_pack("{s:s, s:s, s:b}", "value", db_cell(&res, i, 0), "label",
                                              part_pick(&res, i, 1, r->lang, NULL), "selected",
                                              current && strcmp(current, db_cell(&res, i, 0)) == 0));
    return opts;
}

static void add_error(formview *fv, const char *id, const char *msg)
{
    json_array_append_new(fv->errors, json_pack("{s:s, s:s}", "field_id", id, "message", msg));
}

static int render(request *r, int status, const sp_form *f, const char *notice)
{
    formview fv;
    formview_init(&fv);
    formview_field(&fv, "slug", tr(r->lang, "Address name"), "text", f->slug, f->e_slug, "off",
                   tr(r->lang, "Lower-case letters a-z, digits and hyphens, e.g. family-centres. It becomes the "
                               "address /spaces/family-centres."), 1);
    const char *tl[3] = {tr(r->lang, "Title in Finnish"), tr(r->lang, "Title in Swedish"), tr(r->lang, "Title in English")};
    const char *dl[3] = {tr(r->lang, "Description in Finnish"), tr(r->lang, "Description in Swedish"),
                         tr(r->lang, "Description in English")};
    for (int i = 0; i < 3; i++)
        formview_field(&fv, arena_concat(&r->a, "title_", LANGS[i], NULL), tl[i], "text", f->title[i],
                       i == 0 ? f->e_title_fi : NULL, "off", NULL, i == 0);
    for (int i = 0; i < 3; i++)
        formview_field(&fv, arena_concat(&r->a, "description_", LANGS[i], NULL), dl[i], "textarea", f->desc[i],
                       i == 0 ? f->e_texts : NULL, "off",
                       i == 0 ? tr(r->lang, "Markdown: *italic*, **bold**, lists with -, links as <https://...>.") : NULL,
                       0);
    formview_field(&fv, "moderators", tr(r->lang, "Moderators"), "textarea", f->moderators, f->e_moderators, "off",
                   tr(r->lang, "E-mail addresses of existing accounts, one per line."), 0);
    json_t *ctx = json_object();
    /* the fields are split in the template: texts first, moderators last */
    json_t *fields = fv.fields;
    json_t *mods = json_array();
    json_array_append(mods, json_array_get(fields, 7));
    json_array_remove(fields, 7);
    json_object_set_new(ctx, "moderator_fields", mods);

    json_t *selects = json_array();
    json_array_append_new(selects, select_box(r, "f-theme", "theme", tr(r->lang, "Theme"), NULL,
                                              options_from(r, "SELECT code, name_fi, name_sv, name_en FROM themes "
                                                              "ORDER BY id", tr(r->lang, "No theme"), f->theme),
                                              f->e_theme, &fv));
    json_array_append_new(selects, select_box(r, "f-project", "project", tr(r->lang, "Development project"), NULL,
                                              options_from(r, "SELECT slug, title_fi, title_sv, title_en FROM projects "
                                                              "ORDER BY title_fi", tr(r->lang, "No project"), f->project),
                                              f->e_project, &fv));
    json_object_set_new(ctx, "selects", selects);

    static const char *const aud_values[4] = {"everyone", "registered", "group", "staff"};
    const char *aud_labels[4] = {tr(r->lang, "Everyone, also without an account"), tr(r->lang, "Signed-in users"),
                                 tr(r->lang, "Members of a group (choose the group below) and staff"),
                                 tr(r->lang, "Staff only")};
    json_object_set_new(ctx, "audience", radios(r, "f-audience", "audience", tr(r->lang, "Who can see the space"),
                                                aud_values, aud_labels, 4, f->audience, f->e_audience, &fv));
    json_object_set_new(ctx, "group_select",
                        select_box(r, "f-group", "group", tr(r->lang, "Group"),
                                   tr(r->lang, "Needed when the space is for members of a group."),
                                   options_from(r, "SELECT slug, name_fi, name_sv, name_en FROM groups ORDER BY name_fi",
                                                tr(r->lang, "No group"), f->group),
                                   f->e_group, &fv));
    static const char *const pol_values[3] = {"anyone", "registered", "nobody"};
    const char *pol_labels[3] = {tr(r->lang, "Anyone, also without an account"), tr(r->lang, "Signed-in users"),
                                 tr(r->lang, "Nobody")};
    const char *pol_legends[3] = {tr(r->lang, "Who may submit ideas"), tr(r->lang, "Who may take positions"),
                                  tr(r->lang, "Who may comment")};
    json_t *pols = json_array();
    for (int k = 0; k < 3; k++)
        json_array_append_new(pols, radios(r, arena_concat(&r->a, "f-", POLICY_NAMES[k], NULL), POLICY_NAMES[k],
                                           pol_legends[k], pol_values, pol_labels, 3, f->policy[k], f->e_policy[k], &fv));
    json_object_set_new(ctx, "policies", pols);

    /* phases */
    static const char *const kinds[4] = {"collecting", "evaluating", "decided", "closed"};
    json_t *rows = json_array();
    for (int i = 0; i < f->nph; i++) {
        const phase_in *p = &f->ph[i];
        json_t *o = json_object();
        const char *pre = arena_printf(&r->a, "p%d_", i);
        part_set(o, "pre", pre);
        part_set(o, "legend", p->id && *p->id ? tr_fill(r, "Phase {n}", i + 1) : tr_fill(r, "New phase {n}", i + 1));
        if (p->id && *p->id) part_set(o, "id", p->id);
        json_t *opts = json_array();
        json_array_append_new(opts, json_pack("{s:s, s:s, s:b}", "value", "", "label",
                                              p->id && *p->id ? tr(r->lang, "Choose the kind")
                                                              : tr(r->lang, "No new phase"),
                                              "selected", !p->kind || !*p->kind));
        for (int k = 0; k < 4; k++)
            json_array_append_new(opts, json_pack("{s:s, s:s, s:b}", "value", kinds[k], "label",
                                                  part_phase_label(r, kinds[k]), "selected",
                                                  p->kind && strcmp(p->kind, kinds[k]) == 0));
        json_object_set_new(o, "kinds", opts);
        part_set(o, "start", p->start);
        part_set(o, "end", p->end);
        if (p->e_kind) part_set(o, "e_kind", p->e_kind), add_error(&fv, arena_concat(&r->a, "f-", pre, "kind", NULL), p->e_kind);
        if (p->e_start) part_set(o, "e_start", p->e_start), add_error(&fv, arena_concat(&r->a, "f-", pre, "start", NULL), p->e_start);
        if (p->e_end) part_set(o, "e_end", p->e_end), add_error(&fv, arena_concat(&r->a, "f-", pre, "end", NULL), p->e_end);
        json_object_set_new(o, "defaults", json_boolean(p->defaults));
        const char *an[3] = {tr(r->lang, "ideas"), tr(r->lang, "positions"), tr(r->lang, "comments")};
        json_t *allows = json_array();
        for (int k = 0; k < 3; k++)
            json_array_append_new(allows, json_pack("{s:s, s:s, s:b}", "name", ALLOW_NAMES[k], "label", an[k], "checked",
                                                    p->allows[k]));
        json_object_set_new(o, "allows", allows);
        json_object_set_new(o, "remove", json_boolean(p->remove));
        json_array_append_new(rows, o);
    }
    json_object_set_new(ctx, "phases", rows);
    json_object_set_new(ctx, "phase_rows", json_integer(f->nph));
    json_object_set_new(ctx, "published", json_boolean(f->published));

    part_set(ctx, "title", f->id ? tr(r->lang, "Edit participation space") : tr(r->lang, "New participation space"));
    part_set(ctx, "action", f->id ? req_url(r, arena_printf(&r->a, "/staff/spaces/%lld/edit", (long long)f->id))
                                  : req_url(r, "/staff/spaces/new"));
    part_set(ctx, "staff_url", req_url(r, "/staff/spaces"));
    if (f->id && f->slug && status == 200) part_set(ctx, "public_url", req_url(r, arena_concat(&r->a, "/spaces/", f->slug, NULL)));
    if (notice) part_set(ctx, "notice", notice);
    formview_attach(&fv, ctx);   /* fields: the texts, without the moderators */
    respond_page(r, status, "participation/staff_space", ctx);
    return 0;
}

/* ---- reading the form ---- */

static const char *field(request *r, const char *name)
{
    const char *v = req_form(r, name);
    if (!v) return "";
    while (isspace((unsigned char)*v)) v++;
    size_t n = strlen(v);
    while (n > 0 && isspace((unsigned char)v[n - 1])) n--;
    return arena_strndup(&r->a, v, n);
}

static bool slug_ok(const char *s)
{
    size_t n = strlen(s);
    if (n < 2 || n > 60 || s[0] == '-' || s[n - 1] == '-') return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-')) return false;
    return strspn(s, "0123456789") != n;   /* all digits would read as an id */
}

static bool one_of(const char *v, const char *a, const char *b, const char *c, const char *d)
{
    return v && ((a && strcmp(v, a) == 0) || (b && strcmp(v, b) == 0) || (c && strcmp(v, c) == 0) ||
                 (d && strcmp(v, d) == 0));
}

/* Reads and checks the whole form; returns true when it may be saved. */
static bool read_form(request *r, sp_form *f, int64_t *theme_id, int64_t *project_id, int64_t *group_id,
                      int64_t **mod_ids, int *nmods)
{
    bool ok = true;
    f->slug = field(r, "slug");
    for (int i = 0; i < 3; i++) {
        f->title[i] = field(r, arena_concat(&r->a, "title_", LANGS[i], NULL));
        f->desc[i] = field(r, arena_concat(&r->a, "description_", LANGS[i], NULL));
        if (strlen(f->title[i]) > 200 || strlen(f->desc[i]) > 20000) {
            f->e_texts = tr(r->lang, "Titles may be at most 200 and descriptions 20,000 characters long.");
            ok = false;
        }
    }
    f->theme = field(r, "theme");
    f->project = field(r, "project");
    f->audience = field(r, "audience");
    f->group = field(r, "group");
    for (int k = 0; k < 3; k++) f->policy[k] = field(r, POLICY_NAMES[k]);
    f->moderators = field(r, "moderators");
    f->published = req_form(r, "published") != NULL;

    if (!slug_ok(f->slug)) {
        f->e_slug = tr(r->lang, "Use 2-60 lower-case letters a-z, digits and hyphens, not only digits.");
        ok = false;
    } else {
        db_result res;
        db_param p[] = {DB_TEXT(f->slug), DB_INT(f->id)};
        if (db_query(r->db, &r->a, &res, "SELECT 1 FROM spaces WHERE slug = $1 AND id <> $2", 2, p) == 0 &&
            res.nrows > 0) {
            f->e_slug = tr(r->lang, "Another space already has this address name.");
            ok = false;
        }
    }
    if (!*f->title[0]) f->e_title_fi = tr(r->lang, "Enter a title in Finnish."), ok = false;
    db_result res;
    *theme_id = *project_id = *group_id = 0;
    if (*f->theme) {
        db_param p[] = {DB_TEXT(f->theme)};
        if (db_query(r->db, &r->a, &res, "SELECT id FROM themes WHERE code = $1", 1, p) == 0 && res.nrows)
            *theme_id = db_cell_int(&res, 0, 0);
        else f->e_theme = tr(r->lang, "Choose a theme from the list."), ok = false;
    }
    if (*f->project) {
        db_param p[] = {DB_TEXT(f->project)};
        if (db_query(r->db, &r->a, &res, "SELECT id FROM projects WHERE slug = $1", 1, p) == 0 && res.nrows)
            *project_id = db_cell_int(&res, 0, 0);
        else f->e_project = tr(r->lang, "Choose a project from the list."), ok = false;
    }
    if (!one_of(f->audience, "everyone", "registered", "group", "staff"))
        f->e_audience = tr(r->lang, "Choose who can see the space."), ok = false;
    if (*f->group) {
        db_param p[] = {DB_TEXT(f->group)};
        if (db_query(r->db, &r->a, &res, "SELECT id FROM groups WHERE slug = $1", 1, p) == 0 && res.nrows)
            *group_id = db_cell_int(&res, 0, 0);
        else f->e_group = tr(r->lang, "Choose a group from the list."), ok = false;
    }
    if (one_of(f->audience, "group", NULL, NULL, NULL) && !*f->group && !f->e_group)
        f->e_group = tr(r->lang, "Choose the group whose members can see the space."), ok = false;
    for (int k = 0; k < 3; k++)
        if (!one_of(f->policy[k], "anyone", "registered", "nobody", NULL))
            f->e_policy[k] = tr(r->lang, "Choose who may do this."), ok = false;

    /* phases */
    long rows = strtol(field(r, "phase_rows"), NULL, 10);
    if (rows < 0) rows = 0;
    if (rows > MAX_PHASES) rows = MAX_PHASES;
    f->nph = (int)rows;
    for (int i = 0; i < f->nph; i++) {
        phase_in *p = &f->ph[i];
        memset(p, 0, sizeof *p);
        const char *pre = arena_printf(&r->a, "p%d_", i);
        p->id = field(r, arena_concat(&r->a, pre, "id", NULL));
        p->kind = field(r, arena_concat(&r->a, pre, "kind", NULL));
        p->start = field(r, arena_concat(&r->a, pre, "start", NULL));
        p->end = field(r, arena_concat(&r->a, pre, "end", NULL));
        p->defaults = req_form(r, arena_concat(&r->a, pre, "defaults", NULL)) != NULL;
        p->remove = req_form(r, arena_concat(&r->a, pre, "remove", NULL)) != NULL;
        for (int k = 0; k < 3; k++) p->allows[k] = req_form(r, arena_concat(&r->a, pre, ALLOW_NAMES[k], NULL)) != NULL;
        if (p->remove) continue;
        if (!*p->kind && !*p->start && !*p->end) continue;   /* an empty row */
        if (!phase_kind_valid(p->kind)) p->e_kind = tr(r->lang, "Choose the kind of phase."), ok = false;
        if (phase_parse_day(p->start, &p->starts_at) < 0)
            p->e_start = tr(r->lang, "Enter the first day as YYYY-MM-DD, e.g. 2027-01-15."), ok = false;
        if (*p->end) {
            int64_t last;
            if (phase_parse_day(p->end, &last) < 0) {
                p->e_end = tr(r->lang, "Enter the last day as YYYY-MM-DD, or leave it empty for no end."), ok = false;
            } else {
                /* the phase lasts to the end of its last day */
                char iso[16];
                int64_t next = last + 26 * 3600;
                phase_iso_day(iso, sizeof iso, next);
                phase_parse_day(iso, &p->ends_at);
                if (!p->e_start && p->ends_at <= p->starts_at)
                    p->e_end = tr(r->lang, "The last day cannot be before the first day."), ok = false;
            }
        }
        if (p->defaults && phase_kind_valid(p->kind)) phase_defaults(p->kind, p->allows);
    }

    /* moderators: one e-mail address a line */
    *nmods = 0;
    *mod_ids = arena_alloc(&r->a, sizeof **mod_ids * (strlen(f->moderators) / 3 + 1));
    const char *s = f->moderators;
    while (*s) {
        const char *e = strchr(s, '\n');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        char *line = arena_strndup(&r->a, s, n);
        char *a = line;
        while (isspace((unsigned char)*a)) a++;
        size_t m = strlen(a);
        while (m > 0 && isspace((unsigned char)a[m - 1])) a[--m] = '\0';
        for (char *c = a; *c; c++) *c = (char)tolower((unsigned char)*c);
        if (*a) {
            db_param p[] = {DB_TEXT(a)};
            if (db_query(r->db, &r->a, &res, "SELECT id FROM users WHERE email = $1", 1, p) == 0 && res.nrows)
                (*mod_ids)[(*nmods)++] = db_cell_int(&res, 0, 0);
            else if (!f->e_moderators) {
                f->e_moderators = part_fill(r, N_("There is no account with the e-mail address {email}."), "{email}", a);
                ok = false;
            }
        }
        s = e ? e + 1 : s + n;
    }
    return ok;
}

static int save(request *r, sp_form *f, int64_t theme_id, int64_t project_id, int64_t group_id, const int64_t *mods,
                int nmods)
{
    db_param p[] = {DB_TEXT(f->slug), theme_id ? DB_INT(theme_id) : DB_NULL, project_id ? DB_INT(project_id) : DB_NULL,
                    DB_TEXT(f->title[0]), DB_TEXT(f->title[1]), DB_TEXT(f->title[2]), DB_TEXT(f->desc[0]),
                    DB_TEXT(f->desc[1]), DB_TEXT(f->desc[2]), DB_TEXT(f->audience), group_id ? DB_INT(group_id) : DB_NULL,
                    DB_TEXT(f->policy[0]), DB_TEXT(f->policy[1]), DB_TEXT(f->policy[2]), DB_INT(f->published ? 1 : 0),
                    DB_INT(f->id ? f->id : r->now)};
    db_result res;
    if (db_begin(r->db) < 0) return -1;
    if (f->id) {
        if (db_exec(r->db, "UPDATE spaces SET slug = $1, theme_id = $2, project_id = $3, title_fi = $4, title_sv = $5, "
                           "title_en = $6, description_fi = $7, description_sv = $8, description_en = $9, audience = $10, "
                           "group_id = $11, policy_idea = $12, policy_position = $13, policy_comment = $14, "
                           "published = $15 WHERE id = $16", 16, p) < 0)
            goto fail;
    } else {
        if (db_query(r->db, &r->a, &res,
                     "INSERT INTO spaces(slug, theme_id, project_id, title_fi, title_sv, title_en, description_fi, "
                     "description_sv, description_en, audience, group_id, policy_idea, policy_position, policy_comment, "
                     "published, created_at) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, "
                     "$16) RETURNING id", 16, p) < 0)
            goto fail;
        f->id = db_cell_int(&res, 0, 0);
    }
    db_param sid[] = {DB_INT(f->id)};
    if (db_exec(r->db, "DELETE FROM space_phases WHERE space_id = $1", 1, sid) < 0) goto fail;
    for (int i = 0; i < f->nph; i++) {
        const phase_in *ph = &f->ph[i];
        if (ph->remove || !phase_kind_valid(ph->kind)) continue;
        db_param q[] = {DB_INT(f->id), DB_TEXT(ph->kind), DB_INT(ph->starts_at), ph->ends_at ? DB_INT(ph->ends_at) : DB_NULL,
                        DB_INT(ph->allows[0]), DB_INT(ph->allows[1]), DB_INT(ph->allows[2])};
        if (db_exec(r->db, "INSERT INTO space_phases(space_id, kind, starts_at, ends_at, allow_ideas, allow_positions, "
                           "allow_comments) VALUES($1, $2, $3, $4, $5, $6, $7)", 7, q) < 0)
            goto fail;
    }
    if (db_exec(r->db, "DELETE FROM space_moderators WHERE space_id = $1", 1, sid) < 0) goto fail;
    for (int i = 0; i < nmods; i++) {
        db_param q[] = {DB_INT(f->id), DB_INT(mods[i])};
        if (db_exec(r->db, "INSERT INTO space_moderators(space_id, user_id) VALUES($1, $2) ON CONFLICT DO NOTHING", 2,
                    q) < 0)
            goto fail;
    }
    if (db_commit(r->db) < 0) goto fail;
    return 0;
fail:
    db_rollback(r->db);
    return -1;
}

static void blank_rows(sp_form *f)
{
    for (int i = 0; i < BLANK_ROWS && f->nph < MAX_PHASES; i++) {
        phase_in *p = &f->ph[f->nph++];
        memset(p, 0, sizeof *p);
        p->defaults = true;
    }
}

int spaces_staff_new(request *r)
{
    sp_form f = {0};
    f.audience = "everyone";
    f.policy[0] = f.policy[1] = f.policy[2] = "registered";
    f.published = true;
    blank_rows(&f);
    return render(r, 200, &f, NULL);
}

static int submit(request *r, sp_form *f)
{
    int64_t theme_id, project_id, group_id, *mods;
    int nmods;
    if (!read_form(r, f, &theme_id, &project_id, &group_id, &mods, &nmods)) return render(r, 400, f, NULL);
    if (save(r, f, theme_id, project_id, group_id, mods, nmods) < 0) return -1;
    respond_redirect(r, 303, req_url(r, arena_printf(&r->a, "/staff/spaces/%lld/edit?saved=1", (long long)f->id)));
    return 0;
}

int spaces_staff_create(request *r)
{
    sp_form f = {0};
    return submit(r, &f);
}

static int64_t id_param(request *r)
{
    char *end;
    long long id = strtoll(req_param(r, "id"), &end, 10);
    return (*end || id <= 0) ? 0 : id;
}

static int exists(request *r, int64_t id)
{
    db_result res;
    db_param p[] = {DB_INT(id)};
    if (db_query(r->db, &r->a, &res, "SELECT 1 FROM spaces WHERE id = $1", 1, p) < 0) return -1;
    return res.nrows > 0;
}

int spaces_staff_edit(request *r)
{
    int64_t id = id_param(r);
    db_result res;
    db_param p[] = {DB_INT(id)};
    if (db_query(r->db, &r->a, &res,
                 "SELECT s.slug, s.title_fi, s.title_sv, s.title_en, s.description_fi, s.description_sv, "
                 "s.description_en, t.code, pr.slug, s.audience, g.slug, s.policy_idea, s.policy_position, "
                 "s.policy_comment, s.published FROM spaces s LEFT JOIN themes t ON t.id = s.theme_id "
                 "LEFT JOIN projects pr ON pr.id = s.project_id LEFT JOIN groups g ON g.id = s.group_id "
                 "WHERE s.id = $1", 1, p) < 0)
        return -1;
    if (res.nrows == 0) {
        respond_error(r, 404, NULL);
        return 0;
    }
    sp_form f = {0};
    f.id = id;
    f.slug = db_cell(&res, 0, 0);
    for (int i = 0; i < 3; i++) f.title[i] = db_cell(&res, 0, 1 + i), f.desc[i] = db_cell(&res, 0, 4 + i);
    f.theme = db_cell(&res, 0, 7);
    f.project = db_cell(&res, 0, 8);
    f.audience = db_cell(&res, 0, 9);
    f.group = db_cell(&res, 0, 10);
    for (int k = 0; k < 3; k++) f.policy[k] = db_cell(&res, 0, 11 + k);
    f.published = db_cell_int(&res, 0, 14) != 0;
    db_result ph;
    if (db_query(r->db, &r->a, &ph,
                 "SELECT id, kind, starts_at, ends_at, allow_ideas, allow_positions, allow_comments FROM space_phases "
                 "WHERE space_id = $1 ORDER BY starts_at, id", 1, p) < 0)
        return -1;
    for (int i = 0; i < ph.nrows && f.nph < MAX_PHASES - BLANK_ROWS; i++) {
        phase_in *x = &f.ph[f.nph++];
        memset(x, 0, sizeof *x);
        x->id = db_cell(&ph, i, 0);
        x->kind = db_cell(&ph, i, 1);
        char *s = arena_alloc(&r->a, 16), *e = arena_alloc(&r->a, 16);
        phase_iso_day(s, 16, db_cell_int(&ph, i, 2));
        x->start = s;
        if (db_cell(&ph, i, 3)) {
            phase_iso_day(e, 16, phase_last_moment(db_cell_int(&ph, i, 3)));
            x->end = e;
        } else {
            x->end = "";
        }
        for (int k = 0; k < 3; k++) x->allows[k] = db_cell_int(&ph, i, 4 + k) != 0;
    }
    blank_rows(&f);
    db_result mods;
    if (db_query(r->db, &r->a, &mods,
                 "SELECT u.email FROM space_moderators m JOIN users u ON u.id = m.user_id WHERE m.space_id = $1 "
                 "ORDER BY u.email", 1, p) < 0)
        return -1;
    const char *list = "";
    for (int i = 0; i < mods.nrows; i++) list = arena_concat(&r->a, list, i ? "\n" : "", db_cell(&mods, i, 0), NULL);
    f.moderators = list;
    const char *saved = req_query(r, "saved");
    return render(r, 200, &f, saved ? tr(r->lang, "The space has been saved.") : NULL);
}

int spaces_staff_update(request *r)
{
    int64_t id = id_param(r);
    int e = id ? exists(r, id) : 0;
    if (e < 0) return -1;
    if (e == 0) {
        respond_error(r, 404, NULL);
        return 0;
    }
    sp_form f = {0};
    f.id = id;
    return submit(r, &f);
}
