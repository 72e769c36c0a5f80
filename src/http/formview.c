#include "formview.h"
#include <string.h>

void formview_init(formview *fv)
{
    fv->fields = json_array();
    fv->errors = json_array();
}

json_t *formview_field(formview *fv, const char *name, const char *label, const char *type,
                       const char *value, const char *error, const char *autocomplete,
                       const char *hint, int required)
{
    json_t *f = json_object();
    char id[128];
    snprintf(id, sizeof id, "f-%s", name);
    json_object_set_new(f, "name", json_string(name));
    json_object_set_new(f, "id", json_string(id));
    json_object_set_new(f, "label", json_string(label));
    json_object_set_new(f, "type", json_string(type));
    json_object_set_new(f, "is_textarea", json_boolean(strcmp(type, "textarea") == 0));
    json_object_set_new(f, "is_select", json_boolean(strcmp(type, "select") == 0));
    json_object_set_new(f, "is_input", json_boolean(strcmp(type, "textarea") != 0 && strcmp(type, "select") != 0));
    /* Passwords are never echoed back into the page. */
    if (value && strcmp(type, "password") != 0) json_object_set_new(f, "value", json_string(value));
    if (error) {
        json_object_set_new(f, "error", json_string(error));
        json_array_append_new(fv->errors, json_pack("{s:s, s:s}", "field_id", id, "message", error));
    }
    if (autocomplete) json_object_set_new(f, "autocomplete", json_string(autocomplete));
    if (hint) json_object_set_new(f, "hint", json_string(hint));
    json_object_set_new(f, "required", json_boolean(required));
    json_array_append_new(fv->fields, f);
    return f;
}

void formview_attach(formview *fv, json_t *ctx)
{
    json_object_set_new(ctx, "has_errors", json_boolean(json_array_size(fv->errors) > 0));
    json_object_set_new(ctx, "fields", fv->fields);
    json_object_set_new(ctx, "errors", fv->errors);
    fv->fields = fv->errors = NULL;
}
