/* Building the view model of a form: fields with their values and errors,
 * and the error summary shown above the form. */
#ifndef KOHTAAMO_FORMVIEW_H
#define KOHTAAMO_FORMVIEW_H
#include <jansson.h>

typedef struct formview {
    json_t *fields;     /* array rendered by templates/forms/field.mustache */
    json_t *errors;     /* array of {field_id, message} for the summary */
} formview;

void formview_init(formview *fv);
/* Adds one input. value is what the user sent (kept on error); error is a
 * translated message or NULL. type: text, email, password, textarea, select. */
json_t *formview_field(formview *fv, const char *name, const char *label, const char *type,
                       const char *value, const char *error, const char *autocomplete,
                       const char *hint, int required);
/* Moves fields and errors into ctx as "fields", "errors", "has_errors". */
void formview_attach(formview *fv, json_t *ctx);

#endif
