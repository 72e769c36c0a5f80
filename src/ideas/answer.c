/* The county's official answer to an idea: POST /{lang}/ideas/{id}/answer
 * (staff). Status under consideration / accepted / not taken forward (a
 * reason is required) / implemented, the answer text and a project. The
 * idea's and the space's followers are notified: "answer" when the text or
 * the project changed, "status" when only the status did. */
#include "internal.h"
#include "../view/i18n.h"
#include <string.h>

int ideas_answer(request *r)
{
    const char *id_text = req_param(r, "id");
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
    idea_form_state fs = {0};
    fs.a_status = req_form(r, "status");
    fs.a_text = req_form(r, "answer");
    fs.a_project = req_form(r, "project");
    if (!fs.a_text) fs.a_text = "";
    if (!fs.a_project) fs.a_project = "";
    bool bad = false;
    if (!ideas_answer_status_valid(fs.a_status)) {
        fs.a_status_error = tr(r->lang, "Choose the status of the idea.");
        fs.a_status = NULL;
        bad = true;
    }
    const char *t = fs.a_text;
    while (*t == ' ' || *t == '\n' || *t == '\r' || *t == '\t') t++;
    if (ideas_utf8_len(fs.a_text) > IDEAS_ANSWER_MAX) {
        fs.a_text_error = tr(r->lang, "The answer can be at most 5,000 characters long.");
        bad = true;
    } else if (!*t && fs.a_status && strcmp(fs.a_status, "rejected") == 0) {
        fs.a_text_error = tr(r->lang, "Tell why the idea is not taken forward.");
        bad = true;
    }
    int64_t project = 0;
    if (*fs.a_project) {
        project = idea_parse_id(fs.a_project);
        db_result res;
        db_param p[] = {DB_INT(project)};
        if (project > 0 && db_query(r->db, &r->a, &res, "SELECT 1 FROM projects WHERE id = $1 AND published = 1", 1, p) < 0)
            return -1;
        if (project <= 0 || res.nrows == 0) {
            fs.a_project_error = tr(r->lang, "Choose a project from the list.");
            bad = true;
        }
    }
    if (bad) return idea_render(r, 400, id_text, &fs);
    /* an unchanged text keeps its whitespace as it was: compare as stored */
    const char *kind = ideas_answer_kind(idea.status, idea.answer_text, idea.answer_project_id, fs.a_status, fs.a_text,
                                         project);
    if (idea.answered_at == 0 && !kind) kind = "status";
    if (kind) {
        if (db_begin(r->db) < 0) return -1;
        db_param p[] = {DB_INT(idea.id), DB_TEXT(fs.a_status), DB_TEXT(fs.a_text), project ? DB_INT(project) : DB_NULL,
                        DB_INT(r->user->id), DB_INT(r->now)};
        if (db_exec(r->db, "UPDATE ideas SET status = $2, answer_text = $3, answer_project_id = $4, answered_by = $5,"
                           " answered_at = $6, updated_at = $6 WHERE id = $1", 6, p) < 0)
            goto fail;
        const char *path = arena_printf(&r->a, "/ideas/%lld", (long long)idea.id);
        /* a hidden idea's title is for moderators only: its followers are not told */
        if (!idea.hidden_at &&
            notify_followers(r->db, r->now, "idea", idea.id, "space", s.id, r->user->id, kind, idea.title, path, s.id) < 0)
            goto fail;
        if (db_commit(r->db) < 0) goto fail;
    }
    respond_redirect(r, 303, req_url(r, arena_printf(&r->a, "/ideas/%lld?saved=answer#answer", (long long)idea.id)));
    return 0;
fail:
    db_rollback(r->db);
    return -1;
}
