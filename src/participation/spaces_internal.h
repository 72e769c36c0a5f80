/* Helpers shared by the spaces, groups and statements pages. */
#ifndef KOHTAAMO_SPACES_INTERNAL_H
#define KOHTAAMO_SPACES_INTERNAL_H
#include <jansson.h>
#include <stdbool.h>
#include "participation.h"
#include "spaces.h"

/* The translation of msgid with {key} replaced by value (arena). */
const char *part_fill(request *r, const char *msgid, const char *key, const char *value);
/* "15.1.2027" (local day), in the arena. */
const char *part_date(request *r, int64_t t);
/* Text of col_fi + language offset, Finnish when empty (fell_back set then). */
const char *part_pick(const db_result *res, int row, int col_fi, const char *lang, bool *fell_back);
/* Markdown (raw HTML off) as HTML in the arena. */
const char *part_markdown(request *r, const char *md);
void part_set(json_t *o, const char *key, const char *value);
/* "Collecting ideas", "Evaluating ideas", ... translated. */
const char *part_phase_label(request *r, const char *kind);
/* "ideas, positions, comments": what allows[] permits and policy does not
 * forbid, or NULL when nothing. */
const char *part_open_actions(request *r, const bool allows[3], const char *const policy[3]);
/* 403 page; signed-out visitors get a sign-in link back to this page. */
int part_forbidden(request *r, const char *message);
/* The group's id, slug and name by slug; 1 found, 0 not, -1 error. */
typedef struct group_info {
    int64_t id;
    const char *slug, *name, *description, *kind, *join_policy;
} group_info;
int group_load(request *r, const char *slug, group_info *g);
/* Chair of the group (an approved member with role chair) or staff. */
bool group_may_manage(request *r, int64_t group_id);
/* Statements of a group (group_id > 0) or concerning a space (space_id > 0),
 * newest first, as an array for templates. */
json_t *statements_list_json(request *r, int64_t group_id, int64_t space_id);

#endif
