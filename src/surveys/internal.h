/* Shared by the builder (builder.c), answering (answer.c) and the demo
 * loader (demo.c); not for other features (they use surveys.h). */
#ifndef KOHTAAMO_SURVEYS_INTERNAL_H
#define KOHTAAMO_SURVEYS_INTERNAL_H
#include <jansson.h>
#include "surveys.h"
#include "handlers.h"
#include "../http/request.h"

/* The keyed hash (hex, arena) of domain + survey id + user id or token,
 * with the installation's survey key from settings. NULL on error. */
const char *survey_keyed_hash(db *d, arena *a, const char *domain, int64_t survey_id, const char *who);

/* A unique slug made from title (ASCII, a-z0-9-). NULL on a database error. */
const char *survey_unique_slug(db *d, arena *a, const char *title);

/* Renders one page of the survey for answering (also the staff preview).
 * f: the answers so far; errs: validation errors of this page (may be
 * NULL); action: where the form posts. */
int survey_render_page(request *r, int status, const survey *s, int page_index, const form *f,
                       const survey_error *errs, int nerrs, const char *action, bool preview,
                       const char *token, const char *notice);

/* Whether answers on page pi made questions visible there that were not
 * in the comma-separated id list shown (NULL: unknown, false). */
bool survey_page_grew(const survey *s, int pi, const form *f, const char *shown);

/* Answer-related form fields of f that belong to s (carried between pages). */
void survey_answer_fields(const survey *s, const form *in, arena *a, form *out);

#endif
