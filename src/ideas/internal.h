/* Shared by the files of src/ideas/. Everything returned lives in r->a
 * unless said otherwise. */
#ifndef KOHTAAMO_IDEAS_INTERNAL_H
#define KOHTAAMO_IDEAS_INTERNAL_H
#include "ideas.h"
#include "../participation/participation.h"
#include <jansson.h>

/* An idea row with what its pages need. */
typedef struct idea_row {
    int64_t id, space_id, user_id, municipality_id, service_point_id, answer_project_id, answered_by;
    const char *author_name, *lang, *title, *body, *status, *answer_text, *hidden_reason;
    const char *municipality, *service_point, *project_slug, *project_title, *answered_by_name;
    int64_t support, against, neutral, anonymous, comments, hidden_at, answered_at, created_at;
} idea_row;

/* Loads an idea by the route's {id}: 1 found, 0 not found, -1 db error. */
int idea_load(request *r, const char *id_text, idea_row *out);

/* Loads the idea's space and checks who may see it: answers 404/403 itself
 * and returns 0 then; 1 when the caller goes on; -1 on a db error. */
int idea_space_check(request *r, const idea_row *idea, space *s);

/* The space of the route's {slug}, with the same answers. */
int space_from_route(request *r, space *s);

const char *idea_status_label(request *r, const char *status);
/* "D.M.YYYY" and "YYYY-MM-DD" of a Unix time. */
const char *idea_date(request *r, int64_t t);
const char *idea_iso_date(request *r, int64_t t);
/* Markdown to HTML, in the arena. */
const char *idea_markdown(request *r, const char *md);
/* Positive id or 0. */
int64_t idea_parse_id(const char *s);

/* The keyed hash of a browser token, hex, as stored in positions.anon_key.
 * The key is kept in the settings table (made on first use). NULL on a
 * db error. */
const char *idea_anon_key(request *r, const char *token);
#define IDEAS_ANON_COOKIE "kohtaamo_voice"

/* Adds "has_KEY" flags beside non-empty arrays, then respond_page. Steals ctx. */
void idea_respond(request *r, int status, const char *template_name, json_t *ctx);

/* The idea page; form_state carries a rejected position or answer form. */
typedef struct idea_form_state {
    const char *stance, *argument, *stance_error, *argument_error, *position_alert;
    const char *a_status, *a_text, *a_project, *a_status_error, *a_text_error, *a_project_error;
} idea_form_state;
int idea_render(request *r, int status, const char *id_text, const idea_form_state *fs);

#endif
