/* One idea: /{lang}/ideas/{id} with its text, the official answer, the
 * positions side by side and the comment thread; the new-idea form of a
 * space; following an idea. */
#include "internal.h"
#include "../comments/comments.h"
#include "../http/formview.h"
#include "../http/session.h"
#include "../view/i18n.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const STANCES[] = {"for", "against", "neutral"};
static const char *const STANCE_LABELS[] = {N_("For"), N_("Against"), N_("Neutral")};
static const char *const ANSWER_STATUSES[] = {"considering", "accepted", "rejected", "implemented"};

/* The stance and argument this person (account or browser) has given. */
static int current_position(request *r, int64_t idea_id, const char **stance, const char **argument)
{
    *stance = NULL;
    *argument = NULL;
    db_result res;
    if (r->user) {
        db_param p[] = {DB_INT(idea_id), DB_INT(r->user->id)};
        if (db_query(r->db, &r->a, &res, "SELECT stance, argument FROM positions WHERE idea_id = $1 AND user_id = $2",
                     2, p) < 0)
            return -1;
    } else {
        const char *token = cookie_get(r, IDEAS_ANON_COOKIE);
        if (!ideas_anon_token_valid(token)) return 0;
        const char *key = idea_anon_key(r, token);
        if (!key) return -1;
        db_param p[] = {DB_INT(idea_id), DB_TEXT(key)};
        if (db_query(r->db, &r->a, &res, "SELECT stance, argument FROM positions WHERE idea_id = $1 AND anon_key = $2",
                     2, p) < 0)
            return -1;
    }
    if (res.nrows > 0) {
        *stance = db_cell(&res, 0, 0);
        *argument = db_cell(&res, 0, 1);
    }
    return 0;
}

/* Arguments given with positions, newest first, split by stance. An
 * argument a moderator has hidden shows the reason instead of its text
 * (the stance still counts). */
static int arguments_json(request *r, int64_t idea_id, json_t *ctx)
{
    db_result res;
    db_param p[] = {DB_INT(idea_id), DB_INT(300)};
    if (db_query(r->db, &r->a, &res,
                 "SELECT p.stance, p.argument, p.lang, u.display_name, p.id, p.hidden_at, p.hidden_reason"
                 " FROM positions p LEFT JOIN users u ON u.id = p.user_id"
                 " WHERE p.idea_id = $1 AND p.argument <> '' ORDER BY p.updated_at DESC, p.id DESC LIMIT $2", 2, p) < 0)
        return -1;
    json_t *lists[3] = {json_array(), json_array(), json_array()};
    for (int i = 0; i < res.nrows; i++) {
        const char *st = db_cell(&res, i, 0);
        int k = strcmp(st, "for") == 0 ? 0 : strcmp(st, "against") == 0 ? 1 : 2;
        if (json_array_size(lists[k]) >= 100) continue;
        json_t *a = json_object();
        const char *name = db_cell(&res, i, 3);
        json_object_set_new(a, "name", json_string(name ? name : tr(r->lang, "without an account")));
        if (db_cell(&res, i, 5)) {
            const char *reason = db_cell(&res, i, 6);
            json_object_set_new(a, "arg_hidden_reason", json_string(reason && *reason ? reason : "–"));
        } else {
            json_object_set_new(a, "text", json_string(db_cell(&res, i, 1)));
            const char *lang = db_cell(&res, i, 2);
            if (lang && strcmp(lang, r->lang) != 0) json_object_set_new(a, "arg_lang", json_string(lang));
            json_object_set_new(a, "arg_report_url", json_string(req_url(r, arena_concat(&r->a, "/report?type=position&id=",
                                                                                    db_cell(&res, i, 4), NULL))));
        }
        json_array_append_new(lists[k], a);
    }
    json_object_set_new(ctx, "arguments_for", lists[0]);
    json_object_set_new(ctx, "arguments_against", lists[1]);
    json_object_set_new(ctx, "arguments_neutral", lists[2]);
    return 0;
}

static json_t *option(const char *value, const char *label, const char *current)
{
    return json_pack("{s:s, s:s, s:b}", "value", value, "label", label, "selected",
                     current && strcmp(current, value) == 0);
}

static void add_error(json_t *errors, const char *field_id, const char *msg)
{
    json_array_append_new(errors, json_pack("{s:s, s:s}", "field_id", field_id, "message", msg));
}

/* The staff's answer form: status radios, text, project select. */
static int answer_form(request *r, const idea_row *idea, const idea_form_state *fs, json_t *ctx, json_t *errors)
{
    const char *status = fs && fs->a_status ? fs->a_status : strcmp(idea->status, "new") ? idea->status : NULL;
    const char *text = fs && fs->a_text ? fs->a_text : idea->answer_text;
    const char *project = fs && fs->a_project ? fs->a_project
                        : idea->answer_project_id ? arena_printf(&r->a, "%lld", (long long)idea->answer_project_id) : "";
    json_t *f = json_object();
    json_t *st = json_array();
    for (int i = 0; i < 4; i++) {
        json_t *o = option(ANSWER_STATUSES[i], idea_status_label(r, ANSWER_STATUSES[i]), status);
        json_object_set_new(o, "id", json_string(arena_concat(&r->a, "a-status-", ANSWER_STATUSES[i], NULL)));
        json_array_append_new(st, o);
    }
    json_object_set_new(f, "statuses", st);
    json_object_set_new(f, "text", json_string(text ? text : ""));
    json_t *projects = json_array();
    json_array_append_new(projects, option("", tr(r->lang, "No project"), project));
    db_result res;
    int off = strcmp(r->lang, "sv") == 0 ? 1 : strcmp(r->lang, "en") == 0 ? 2 : 0;
    if (db_query(r->db, &r->a, &res, "SELECT id, title_fi, title_sv, title_en FROM projects WHERE published = 1"
                                     " ORDER BY title_fi", 0, NULL) < 0) {
        json_decref(f);
        json_decref(projects);
        return -1;
    }
    for (int i = 0; i < res.nrows; i++) {
        const char *label = db_cell(&res, i, 1 + off);
        json_array_append_new(projects, option(db_cell(&res, i, 0), label && *label ? label : db_cell(&res, i, 1), project));
    }
    json_object_set_new(f, "projects", projects);
    json_object_set_new(f, "action", json_string(req_url(r, arena_printf(&r->a, "/ideas/%lld/answer", (long long)idea->id))));
    if (fs && fs->a_status_error) {
        json_object_set_new(f, "status_error", json_string(fs->a_status_error));
        add_error(errors, "a-status-considering", fs->a_status_error);
    }
    if (fs && fs->a_text_error) {
        json_object_set_new(f, "text_error", json_string(fs->a_text_error));
        add_error(errors, "a-text", fs->a_text_error);
    }
    if (fs && fs->a_project_error) {
        json_object_set_new(f, "project_error", json_string(fs->a_project_error));
        add_error(errors, "a-project", fs->a_project_error);
    }
    json_object_set_new(ctx, "answer_form", f);
    return 0;
}

int idea_render(request *r, int status, const char *id_text, const idea_form_state *fs)
{
    idea_row idea;
    int rc = idea_load(r, id_text, &idea);
    if (rc < 0) return -1;
    if (rc == 0) {
        respond_error(r, 404, NULL);
        return 0;
    }
    space s;
    rc = idea_space_check(r, &idea, &s);
    if (rc <= 0) return rc;
    bool hidden = idea.hidden_at != 0;
    bool readable = hidden_content_readable(r, &s, hidden);   /* moderators read what they hid */
    const char *path = arena_printf(&r->a, "/ideas/%lld", (long long)idea.id);
    json_t *ctx = json_object();
    json_t *errors = json_array();
    json_object_set_new(ctx, "title", json_string(readable ? idea.title : tr(r->lang, "Hidden idea")));
    if (strcmp(idea.lang, r->lang) != 0 && readable)
        json_object_set_new(ctx, "idea_lang", json_string(idea.lang));
    json_object_set_new(ctx, "space_title", json_string(s.title));
    json_object_set_new(ctx, "list_url", json_string(req_url(r, arena_concat(&r->a, "/spaces/", s.slug, "/ideas", NULL))));
    json_object_set_new(ctx, "space_url", json_string(req_url(r, arena_concat(&r->a, "/spaces/", s.slug, NULL))));
    if (hidden) {
        json_object_set_new(ctx, "hidden_reason", json_string(idea.hidden_reason && *idea.hidden_reason ? idea.hidden_reason : "–"));
        if (readable) json_object_set_new(ctx, "moderator_view", json_true());
    }
    if (readable) {
        json_object_set_new(ctx, "body_html", json_string(idea_markdown(r, idea.body)));
        json_object_set_new(ctx, "author", json_string(*idea.author_name ? idea.author_name : tr(r->lang, "without an account")));
    }
    json_object_set_new(ctx, "date", json_string(idea_date(r, idea.created_at)));
    json_object_set_new(ctx, "iso_date", json_string(idea_iso_date(r, idea.created_at)));
    json_object_set_new(ctx, "status_label", json_string(idea_status_label(r, idea.status)));
    if (idea.municipality) json_object_set_new(ctx, "municipality", json_string(idea.municipality));
    if (idea.service_point) json_object_set_new(ctx, "service_point", json_string(idea.service_point));

    /* the official answer */
    if (idea.answered_at) {
        json_t *a = json_object();
        json_object_set_new(a, "status_label", json_string(idea_status_label(r, idea.status)));
        if (*idea.answer_text) json_object_set_new(a, "html", json_string(idea_markdown(r, idea.answer_text)));
        if (idea.project_slug) {
            json_object_set_new(a, "project_url", json_string(req_url(r, arena_concat(&r->a, "/projects/", idea.project_slug, NULL))));
            json_object_set_new(a, "project_title", json_string(idea.project_title));
        }
        json_object_set_new(a, "by", json_string(idea.answered_by_name ? idea.answered_by_name : tr(r->lang, "County staff")));
        json_object_set_new(a, "date", json_string(idea_date(r, idea.answered_at)));
        json_object_set_new(a, "iso_date", json_string(idea_iso_date(r, idea.answered_at)));
        json_object_set_new(ctx, "answer", a);
    }

    /* positions */
    json_object_set_new(ctx, "count_for", json_integer(idea.support));
    json_object_set_new(ctx, "count_against", json_integer(idea.against));
    json_object_set_new(ctx, "count_neutral", json_integer(idea.neutral));
    json_object_set_new(ctx, "count_anonymous", json_string(tr_fill(r, "of which {n} without an account", (long)idea.anonymous)));
    if (arguments_json(r, idea.id, ctx) < 0) goto fail;

    const char *why = hidden ? N_("Positions cannot be taken on a hidden idea.") : space_may(r, &s, SPACE_POSITION);
    if (fs && fs->position_alert) json_object_set_new(ctx, "position_alert", json_string(fs->position_alert));
    if (!why) {
        const char *stance = NULL, *argument = NULL;
        if (current_position(r, idea.id, &stance, &argument) < 0) goto fail;
        json_t *pf = json_object();
        if (stance) json_object_set_new(pf, "has_position", json_true());
        if (fs && fs->stance) stance = fs->stance;
        if (fs && fs->argument) argument = fs->argument;
        json_t *opts = json_array();
        for (int i = 0; i < 3; i++) {
            json_t *o = option(STANCES[i], tr(r->lang, STANCE_LABELS[i]), stance);
            json_object_set_new(o, "id", json_string(arena_concat(&r->a, "p-stance-", STANCES[i], NULL)));
            json_array_append_new(opts, o);
        }
        json_object_set_new(pf, "stances", opts);
        json_object_set_new(pf, "argument", json_string(argument ? argument : ""));
        json_object_set_new(pf, "action", json_string(req_url(r, arena_concat(&r->a, path, "/position", NULL))));
        if (!r->user) json_object_set_new(pf, "anonymous", json_true());
        if (fs && fs->stance_error) {
            json_object_set_new(pf, "stance_error", json_string(fs->stance_error));
            add_error(errors, "p-stance-for", fs->stance_error);
        }
        if (fs && fs->argument_error) {
            json_object_set_new(pf, "argument_error", json_string(fs->argument_error));
            add_error(errors, "p-argument", fs->argument_error);
        }
        json_object_set_new(ctx, "position_form", pf);
    } else if (!(fs && fs->position_alert)) {
        json_object_set_new(ctx, "position_closed", json_string(tr(r->lang, why)));
        if (!r->user && strcmp(why, "Sign in to take part.") == 0)
            json_object_set_new(ctx, "login_url", json_string(req_url(r, "/login")));
    }
    const char *saved = req_query(r, "saved");
    if (saved && strcmp(saved, "position") == 0) json_object_set_new(ctx, "notice", json_string(tr(r->lang, "Your position has been saved.")));
    if (saved && strcmp(saved, "answer") == 0) json_object_set_new(ctx, "notice", json_string(tr(r->lang, "The answer has been saved.")));
    if (saved && strcmp(saved, "idea") == 0)
        json_object_set_new(ctx, "notice", json_string(r->user ? tr(r->lang, "Your idea has been published. You follow it and get a notification when it is answered.")
                                                               : tr(r->lang, "Your idea has been published.")));

    if (r->user) {
        bool following = follow_exists(r->db, r->user->id, "idea", idea.id);
        json_object_set_new(ctx, following ? "unfollow_url" : "follow_url",
                            json_string(req_url(r, arena_concat(&r->a, path, following ? "/unfollow" : "/follow", NULL))));
    }
    json_object_set_new(ctx, "report_url", json_string(req_url(r, arena_printf(&r->a, "/report?type=idea&id=%lld", (long long)idea.id))));
    if (r->user && r->user->role >= ROLE_STAFF && answer_form(r, &idea, fs, ctx, errors) < 0) goto fail;

    if (readable) {
        json_t *thread = comments_thread_ctx(r, "idea", idea.id, &s);
        if (!thread) goto fail;
        json_object_set_new(ctx, "comments", thread);
    }
    json_object_set_new(ctx, "has_errors", json_boolean(json_array_size(errors) > 0));
    json_object_set_new(ctx, "errors", errors);
    idea_respond(r, status, "ideas/show", ctx);
    return 0;
fail:
    json_decref(errors);
    json_decref(ctx);
    return -1;
}

int ideas_show(request *r) { return idea_render(r, 200, req_param(r, "id"), NULL); }

/* ---- following ---- */

static int follow_change(request *r, bool on)
{
    idea_row idea;
    int rc = idea_load(r, req_param(r, "id"), &idea);
    if (rc < 0) return -1;
    if (rc == 0) {
        respond_error(r, 404, NULL);
        return 0;
    }
    space s;
    rc = idea_space_check(r, &idea, &s);
    if (rc <= 0) return rc;
    if ((on ? follow_add(r->db, r->now, r->user->id, "idea", idea.id) : follow_remove(r->db, r->user->id, "idea", idea.id)) < 0)
        return -1;
    respond_redirect(r, 303, req_url(r, arena_printf(&r->a, "/ideas/%lld", (long long)idea.id)));
    return 0;
}

int ideas_follow(request *r) { return follow_change(r, true); }
int ideas_unfollow(request *r) { return follow_change(r, false); }

/* ---- a new idea ---- */

typedef struct new_values {
    const char *title, *body, *municipality, *service_point;
    const char *title_error, *body_error, *municipality_error, *service_point_error;
} new_values;

static int render_new(request *r, int status, const space *s, const new_values *v)
{
    static const new_values none = {0};
    if (!v) v = &none;
    formview fv;
    formview_init(&fv);
    formview_field(&fv, "title", tr(r->lang, "Title"), "text", v->title, v->title_error, "off",
                   tr(r->lang, "At most 140 characters."), 1);
    formview_field(&fv, "body", tr(r->lang, "Describe your idea"), "textarea", v->body, v->body_error, "off",
                   tr(r->lang, "At most 5,000 characters. Markdown: *italic*, **bold**, lists with -. Please do not write health details or personal identity codes here."),
                   1);
    json_t *ctx = json_pack("{s:s, s:s, s:s}", "title", tr(r->lang, "New idea"), "space_title", s->title, "action",
                            req_url(r, arena_concat(&r->a, "/spaces/", s->slug, "/ideas/new", NULL)));
    json_object_set_new(ctx, "list_url", json_string(req_url(r, arena_concat(&r->a, "/spaces/", s->slug, "/ideas", NULL))));
    bool sv = strcmp(r->lang, "sv") == 0;
    int off = sv ? 1 : strcmp(r->lang, "en") == 0 ? 2 : 0;
    json_t *munis = json_array(), *points = json_array();
    json_array_append_new(munis, option("", tr(r->lang, "Whole county or not known"), v->municipality));
    json_array_append_new(points, option("", tr(r->lang, "No particular service point"), v->service_point));
    db_result res;
    if (db_query(r->db, &r->a, &res, sv ? "SELECT code, name_sv FROM municipalities ORDER BY name_sv"
                                        : "SELECT code, name_fi FROM municipalities ORDER BY name_fi", 0, NULL) < 0)
        goto fail;
    for (int i = 0; i < res.nrows; i++) json_array_append_new(munis, option(db_cell(&res, i, 0), db_cell(&res, i, 1), v->municipality));
    if (db_query(r->db, &r->a, &res, "SELECT code, name_fi, name_sv, name_en FROM service_points ORDER BY name_fi", 0, NULL) < 0)
        goto fail;
    for (int i = 0; i < res.nrows; i++) {
        const char *label = db_cell(&res, i, 1 + off);
        json_array_append_new(points, option(db_cell(&res, i, 0), label && *label ? label : db_cell(&res, i, 1), v->service_point));
    }
    json_t *mf = json_pack("{s:s, s:s, s:s, s:o, s:b}", "id", "municipality", "name", "municipality", "label",
                           tr(r->lang, "Municipality"), "options", munis, "optional", 1);
    json_t *pf = json_pack("{s:s, s:s, s:s, s:o, s:b}", "id", "service_point", "name", "service_point", "label",
                           tr(r->lang, "Service point"), "options", points, "optional", 1);
    if (v->municipality_error) {
        json_object_set_new(mf, "error", json_string(v->municipality_error));
        add_error(fv.errors, "f-municipality", v->municipality_error);
    }
    if (v->service_point_error) {
        json_object_set_new(pf, "error", json_string(v->service_point_error));
        add_error(fv.errors, "f-service_point", v->service_point_error);
    }
    json_object_set_new(ctx, "municipality_field", mf);
    json_object_set_new(ctx, "service_point_field", pf);
    if (!r->user) json_object_set_new(ctx, "anonymous", json_true());
    formview_attach(&fv, ctx);
    idea_respond(r, status, "ideas/new", ctx);
    return 0;
fail:
    json_decref(munis);
    json_decref(points);
    json_decref(ctx);
    json_decref(fv.fields);
    json_decref(fv.errors);
    return -1;
}

int ideas_new_form(request *r)
{
    space s;
    int rc = space_from_route(r, &s);
    if (rc <= 0) return rc;
    const char *why = space_may(r, &s, SPACE_IDEA);
    if (why) {
        respond_error(r, 403, tr(r->lang, why));
        return 0;
    }
    return render_new(r, 200, &s, NULL);
}

static const char *field(request *r, const char *name)
{
    const char *v = req_form(r, name);
    return v ? v : "";
}

int ideas_create(request *r)
{
    space s;
    int rc = space_from_route(r, &s);
    if (rc <= 0) return rc;
    const char *why = space_may(r, &s, SPACE_IDEA);
    if (why) {
        respond_error(r, 403, tr(r->lang, why));
        return 0;
    }
    new_values v = {0};
    v.title = field(r, "title");
    v.body = field(r, "body");
    v.municipality = field(r, "municipality");
    v.service_point = field(r, "service_point");
    bool bad = false;
    /* a title of spaces only is no title */
    const char *t = v.title;
    while (*t == ' ' || *t == '\t') t++;
    if (!*t) v.title_error = tr(r->lang, "Give your idea a title."), bad = true;
    else if (ideas_utf8_len(v.title) > IDEAS_TITLE_MAX) v.title_error = tr(r->lang, "The title can be at most 140 characters long."), bad = true;
    const char *b = v.body;
    while (*b == ' ' || *b == '\t' || *b == '\r' || *b == '\n') b++;
    if (!*b) v.body_error = tr(r->lang, "Describe your idea."), bad = true;
    else if (ideas_utf8_len(v.body) > IDEAS_BODY_MAX) v.body_error = tr(r->lang, "The description can be at most 5,000 characters long."), bad = true;
    int64_t muni = 0, point = 0;
    db_result res;
    if (*v.municipality) {
        db_param p[] = {DB_TEXT(v.municipality)};
        if (db_query(r->db, &r->a, &res, "SELECT id FROM municipalities WHERE code = $1", 1, p) < 0) return -1;
        if (res.nrows == 0) v.municipality_error = tr(r->lang, "Choose a municipality from the list."), bad = true;
        else muni = db_cell_int(&res, 0, 0);
    }
    if (*v.service_point) {
        db_param p[] = {DB_TEXT(v.service_point)};
        if (db_query(r->db, &r->a, &res, "SELECT id, municipality_id FROM service_points WHERE code = $1", 1, p) < 0) return -1;
        if (res.nrows == 0) v.service_point_error = tr(r->lang, "Choose a service point from the list."), bad = true;
        else {
            point = db_cell_int(&res, 0, 0);
            if (!muni) muni = db_cell_int(&res, 0, 1);   /* a service point says where */
        }
    }
    if (bad) return render_new(r, 400, &s, &v);
    if (db_begin(r->db) < 0) return -1;
    db_param p[] = {DB_INT(s.id), r->user ? DB_INT(r->user->id) : DB_NULL,
                    DB_TEXT(r->user ? r->user->display_name : ""), DB_TEXT(r->lang), DB_TEXT(v.title), DB_TEXT(v.body),
                    muni ? DB_INT(muni) : DB_NULL, point ? DB_INT(point) : DB_NULL, DB_INT(r->now)};
    if (db_query(r->db, &r->a, &res,
                 "INSERT INTO ideas(space_id, user_id, author_name, lang, title, body, municipality_id, service_point_id,"
                 " created_at, updated_at) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id", 9, p) < 0)
        goto fail;
    int64_t id = db_cell_int(&res, 0, 0);
    if (r->user && follow_add(r->db, r->now, r->user->id, "idea", id) < 0) goto fail;
    if (db_commit(r->db) < 0) goto fail;
    respond_redirect(r, 303, req_url(r, arena_printf(&r->a, "/ideas/%lld?saved=idea", (long long)id)));
    return 0;
fail:
    db_rollback(r->db);
    return -1;
}
