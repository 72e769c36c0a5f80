/* Shared between the staff editing files (staff.c, parts.c, updates.c, revisions.c). */
#ifndef KOHTAAMO_PROJECTS_STAFF_H
#define KOHTAAMO_PROJECTS_STAFF_H
#include "internal.h"

/* One text input of a staff form. */
typedef struct fspec {
    const char *name, *label, *type;
    int required;
    size_t max;
} fspec;

/* Fields of the part forms on the edit page (parts.c), without their
 * ms_/ct_/ln_ prefixes. */
extern const struct fspec PJ_MS_FIELDS[], PJ_CT_FIELDS[], PJ_LN_FIELDS[];
extern const int PJ_NMS_FIELDS, PJ_NCT_FIELDS, PJ_NLN_FIELDS;

struct pform;
/* Renders the edit page of project id; fin NULL loads the stored values.
 * extra (stolen, may be NULL): {"values": {...}, "errors": {...},
 * "row_errors": [...]} from a failed part form. */
int pj_render_edit(request *r, int status, int64_t id, const struct pform *fin, bool preview, json_t *extra);
/* The {id} of a staff URL, 0 when not a positive number. */
int64_t pj_staff_id(request *r);

#endif
