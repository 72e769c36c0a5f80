/* QuestionnaireResponse JSON into answers for a parsed questionnaire. */
#include "questionnaire.h"

#include <string.h>

#define RERR(a, is, code, lid, expr, ...) q_issue_add(a, is, "error", code, lid, expr, __VA_ARGS__)

/* One answer's value[x]; false (with an issue) when it is not one we read. */
static bool read_value(arena *a, json_t *ans, q_value *v, const char *lid, const char *expr, q_issues *is)
{
    memset(v, 0, sizeof *v);
    const char *key, *found = NULL;
    json_t *val;
    json_object_foreach(ans, key, val) {
        if (strcmp(key, "item") == 0 || strcmp(key, "id") == 0 || strcmp(key, "extension") == 0) continue;
        if (strncmp(key, "value", 5) != 0) {
            RERR(a, is, "structure", lid, expr, "unknown element %s in an answer to %s", key, lid);
            return false;
        }
        if (found) {
            RERR(a, is, "structure", lid, expr, "an answer to %s has both %s and %s", lid, found, key);
            return false;
        }
        found = key;
        if (strcmp(key, "valueBoolean") == 0 && json_is_boolean(val)) {
            v->kind = QV_BOOL, v->b = json_is_true(val);
        } else if (strcmp(key, "valueInteger") == 0 && json_is_integer(val)) {
            v->kind = QV_NUM, v->num = (double)json_integer_value(val), v->is_integer = true;
        } else if (strcmp(key, "valueDecimal") == 0 && json_is_number(val)) {
            v->kind = QV_NUM, v->num = json_number_value(val);
        } else if (strcmp(key, "valueString") == 0 && json_is_string(val)) {
            v->kind = QV_STRING, v->str = arena_strdup(a, json_string_value(val));
        } else if (strcmp(key, "valueDate") == 0 && json_is_string(val)) {
            v->kind = QV_DATE, v->str = arena_strdup(a, json_string_value(val));
        } else if (strcmp(key, "valueCoding") == 0 && json_is_string(json_object_get(val, "code"))) {
            v->kind = QV_CODING;
            v->str = arena_strdup(a, json_string_value(json_object_get(val, "code")));
            const char *sys = json_string_value(json_object_get(val, "system"));
            v->system = sys ? arena_strdup(a, sys) : NULL;
        } else if (strcmp(key, "valueQuantity") == 0) {
            v->kind = QV_NONE;   /* only a calculated item has one; the caller ignores it */
        } else {
            RERR(a, is, "not-supported", lid, expr, "%s is not a supported answer to %s", key, lid);
            return false;
        }
    }
    if (!found) {
        RERR(a, is, "required", lid, expr, "an answer to %s has no value", lid);
        return false;
    }
    return true;
}

/* Characters, not bytes: maxLength counts what a person typed. */
static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) n++;
    return n;
}

static bool option_offered(const q_item *it, const q_value *v)
{
    for (int k = 0; k < it->n_options; k++)
        if (strcmp(it->options[k].code, v->str) == 0 &&
            (!v->system || !it->options[k].system || strcmp(v->system, it->options[k].system) == 0))
            return true;
    return false;
}

static void read_items(arena *a, const questionnaire *q, json_t *items, q_answers *out, q_issues *is,
                       const char *parent_expr, int depth)
{
    if (!items) return;
    if (!json_is_array(items) || depth > Q_MAX_DEPTH) {
        RERR(a, is, "structure", NULL, parent_expr, "item is not a list, or is nested too deep");
        return;
    }
    size_t i;
    json_t *obj;
    json_array_foreach(items, i, obj) {
        const char *expr = arena_printf(a, "%s.item[%zu]", parent_expr, i);
        const char *lid = json_string_value(json_object_get(obj, "linkId"));
        int idx = q_find(q, lid);
        if (idx < 0) {
            RERR(a, is, "invalid", lid, expr, "linkId %s is not in the questionnaire", lid ? lid : "(none)");
            continue;
        }
        const q_item *it = &q->items[idx];
        json_t *answers = json_object_get(obj, "answer");
        if (answers && !json_is_array(answers)) {
            RERR(a, is, "structure", lid, expr, "answer of %s is not a list", lid);
            continue;
        }
        if (json_array_size(answers) > 0 && (it->type == QT_GROUP || it->type == QT_DISPLAY)) {
            RERR(a, is, "invalid", lid, expr, "%s is a %s and takes no answer", lid, q_type_name(it->type));
            continue;
        }
        if (json_array_size(answers) > 1 && !it->repeats) {
            RERR(a, is, "invalid", lid, expr, "%s takes one answer, not %zu", lid, json_array_size(answers));
            continue;
        }
        size_t k;
        json_t *ans;
        json_array_foreach(answers, k, ans) {
            const char *aexpr = arena_printf(a, "%s.answer[%zu]", expr, k);
            q_value v;
            if (!read_value(a, ans, &v, lid, aexpr, is)) continue;
            if (json_object_get(ans, "item"))
                RERR(a, is, "not-supported", lid, aexpr, "items nested under an answer to %s are not supported", lid);
            if (it->calculated) continue;   /* recomputed by the server */
            if (!q_value_fits(it->type, &v)) {
                RERR(a, is, "invalid", lid, aexpr, "the answer to %s does not fit its type %s", lid, q_type_name(it->type));
                continue;
            }
            if (it->type == QT_CHOICE && !option_offered(it, &v)) {
                RERR(a, is, "invalid", lid, aexpr, "%s does not offer the code %s", lid, v.str);
                continue;
            }
            if (it->max_length && v.kind == QV_STRING && utf8_chars(v.str) > (size_t)it->max_length) {
                RERR(a, is, "invalid", lid, aexpr, "the answer to %s is longer than %d characters", lid, it->max_length);
                continue;
            }
            if (!q_answers_add(a, out, idx, v))
                RERR(a, is, "too-costly", lid, aexpr, "too many answers to %s", lid);
        }
        read_items(a, q, json_object_get(obj, "item"), out, is, expr, depth + 1);
    }
}

q_answers *q_response_parse(arena *a, const questionnaire *q, json_t *doc, q_issues *is)
{
    const char *rt = json_string_value(json_object_get(doc, "resourceType"));
    if (!json_is_object(doc) || !rt || strcmp(rt, "QuestionnaireResponse") != 0) {
        RERR(a, is, "invalid", NULL, "QuestionnaireResponse.resourceType", "resourceType is %s, not QuestionnaireResponse",
             rt ? rt : "missing");
        return NULL;
    }
    q_answers *ans = q_answers_new(a, q);
    read_items(a, q, json_object_get(doc, "item"), ans, is, "QuestionnaireResponse", 0);
    return is->errors ? NULL : ans;
}
