/* FHIR R4 Questionnaire import: JSON into the model of questionnaire.h, with
 * every unsupported feature reported by linkId. Unknown elements and
 * extensions are refused rather than ignored: the engine must evaluate
 * everything a questionnaire says, or say that it cannot. */
#include "questionnaire.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const lang_codes[Q_NLANG] = {"fi", "sv", "en"};

int q_lang_index(const char *lang)
{
    if (!lang) return -1;
    for (int i = 0; i < Q_NLANG; i++)
        if (strncmp(lang, lang_codes[i], 2) == 0 && (lang[2] == '\0' || lang[2] == '-'))
            return i;
    return -1;
}

const char *q_text_get(const q_text *t, const char *lang, const char **text_lang)
{
    int want = q_lang_index(lang);
    if (want >= 0 && t->by_lang[want]) {
        if (text_lang) *text_lang = lang_codes[want];
        return t->by_lang[want];
    }
    for (int i = 0; i < Q_NLANG; i++)
        if (t->by_lang[i]) {
            if (text_lang) *text_lang = lang_codes[i];
            return t->by_lang[i];
        }
    if (text_lang) *text_lang = NULL;
    return NULL;
}

static const char *const type_names[] = {
    [QT_GROUP] = "group", [QT_DISPLAY] = "display", [QT_BOOLEAN] = "boolean",
    [QT_CHOICE] = "choice", [QT_INTEGER] = "integer", [QT_DECIMAL] = "decimal",
    [QT_STRING] = "string", [QT_TEXT] = "text", [QT_DATE] = "date", [QT_QUANTITY] = "quantity",
};

const char *q_type_name(q_type t) { return type_names[t]; }

static const char *const op_names[] = {
    [QOP_EXISTS] = "exists", [QOP_EQ] = "=", [QOP_NE] = "!=", [QOP_GT] = ">",
    [QOP_LT] = "<", [QOP_GE] = ">=", [QOP_LE] = "<=",
};

const char *q_op_name(q_op op) { return op_names[op]; }

bool q_op_parse(const char *s, q_op *out)
{
    for (size_t i = 0; i < sizeof op_names / sizeof *op_names; i++)
        if (s && strcmp(s, op_names[i]) == 0) { *out = (q_op)i; return true; }
    return false;
}

static const char *const urgency_codes[QU_COUNT] = {
    [QU_EMERGENCY] = "emergency", [QU_URGENT] = "urgent", [QU_DAYS] = "days",
    [QU_ROUTINE] = "routine", [QU_SELFCARE] = "selfcare",
};

const char *q_urgency_code(q_urgency u) { return (unsigned)u < QU_COUNT ? urgency_codes[u] : "routine"; }

bool q_urgency_parse(const char *s, q_urgency *out)
{
    for (int i = 0; i < QU_COUNT; i++)
        if (s && strcmp(s, urgency_codes[i]) == 0) { *out = (q_urgency)i; return true; }
    return false;
}

void q_issue_add(arena *a, q_issues *is, const char *severity, const char *code,
                 const char *link_id, const char *expression, const char *fmt, ...)
{
    if (is->count == is->cap) {
        int cap = is->cap ? is->cap * 2 : 8;
        q_issue *list = arena_alloc(a, sizeof *list * (size_t)cap);
        if (is->count) memcpy(list, is->list, sizeof *list * (size_t)is->count);
        is->list = list;
        is->cap = cap;
    }
    va_list ap;
    va_start(ap, fmt);
    q_issue *x = &is->list[is->count++];
    x->severity = severity;
    x->code = code;
    x->link_id = link_id ? arena_strdup(a, link_id) : NULL;
    x->expression = expression ? arena_strdup(a, expression) : NULL;
    x->diagnostics = arena_vprintf(a, fmt, ap);
    va_end(ap);
    if (strcmp(severity, "error") == 0) is->errors++;
}

json_t *q_operation_outcome(const q_issues *is)
{
    json_t *issues = json_array();
    for (int i = 0; i < is->count; i++) {
        const q_issue *x = &is->list[i];
        json_t *o = json_pack("{s:s, s:s, s:s}", "severity", x->severity, "code", x->code,
                              "diagnostics", x->diagnostics);
        if (x->expression) json_object_set_new(o, "expression", json_pack("[s]", x->expression));
        json_array_append_new(issues, o);
    }
    if (is->count == 0)
        json_array_append_new(issues, json_pack("{s:s, s:s, s:s}", "severity", "information",
                                                "code", "informational", "diagnostics", "ok"));
    return json_pack("{s:s, s:o}", "resourceType", "OperationOutcome", "issue", issues);
}

json_t *q_json_load(const char *text, size_t len, char *err, size_t errlen)
{
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) { text += 3; len -= 3; }
    json_error_t e;
    /* Duplicate keys are refused: two "operator"s in one enableWhen would be a guess. */
    json_t *doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &e);
    if (!doc && err) snprintf(err, errlen, "line %d, column %d: %s", e.line, e.column, e.text);
    return doc;
}

/* ---- parsing context ---- */

typedef struct parse_ctx {
    arena *a;
    q_issues *is;
    questionnaire *q;
    json_t *contained;          /* the root's "contained" array, may be NULL */
    json_t **raw_enable_when;   /* per item, resolved after every linkId is known */
    json_t **raw_calc;          /* per item: the calculatedExpression's expression */
    const char **item_expr;     /* per item: its location */
    int cap;
} parse_ctx;

#define ERR(c, code, link, expr, ...) q_issue_add((c)->a, (c)->is, "error", code, link, expr, __VA_ARGS__)

static const char *dup_str(parse_ctx *c, json_t *v) { return arena_strdup(c->a, json_string_value(v)); }

static bool key_in(const char *key, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(key, *list) == 0) return true;
    return false;
}

/* Fills a q_text from "text"-like element NAME and its "_NAME" translations. */
static void parse_text(parse_ctx *c, json_t *obj, const char *name, q_text *out,
                       const char *link_id, const char *expr)
{
    json_t *base = json_object_get(obj, name);
    int bl = q_lang_index(c->q->base_lang);
    if (bl < 0) bl = Q_FI;
    if (base) {
        if (!json_is_string(base)) {
            ERR(c, "structure", link_id, expr, "%s of %s is not a string", name, link_id ? link_id : "the questionnaire");
            return;
        }
        out->by_lang[bl] = dup_str(c, base);
    }
    char *under = arena_printf(c->a, "_%s", name);
    json_t *ext_holder = json_object_get(obj, under);
    if (!ext_holder) return;
    json_t *exts = json_object_get(ext_holder, "extension");
    if (!json_is_object(ext_holder) || (exts && !json_is_array(exts))) {
        ERR(c, "structure", link_id, expr, "%s is not an element with extensions", under);
        return;
    }
    size_t i;
    json_t *ext;
    json_array_foreach(exts, i, ext) {
        const char *url = json_string_value(json_object_get(ext, "url"));
        if (url && strcmp(url, "http://hl7.org/fhir/StructureDefinition/rendering-markdown") == 0)
            continue;  /* an alternative rendering of the same text; we show the plain text */
        if (url && strcmp(url, "http://hl7.org/fhir/StructureDefinition/rendering-xhtml") == 0)
            continue;
        if (!url || strcmp(url, Q_EXT_TRANSLATION) != 0) {
            ERR(c, "not-supported", link_id, expr, "extension %s on %s is not supported",
                url ? url : "(no url)", under);
            continue;
        }
        const char *lang = NULL, *content = NULL;
        size_t j;
        json_t *sub;
        json_array_foreach(json_object_get(ext, "extension"), j, sub) {
            const char *su = json_string_value(json_object_get(sub, "url"));
            if (su && strcmp(su, "lang") == 0) lang = json_string_value(json_object_get(sub, "valueCode"));
            else if (su && strcmp(su, "content") == 0)
                content = json_string_value(json_object_get(sub, "valueString"));
        }
        int li = q_lang_index(lang);
        if (!content || !lang) {
            ERR(c, "structure", link_id, expr, "a translation of %s lacks its lang or content", name);
        } else if (li >= 0) {
            out->by_lang[li] = arena_strdup(c->a, content);
        }
        /* other languages are kept in the stored JSON but not shown */
    }
}

static bool number_of(json_t *v, double *out)
{
    if (!json_is_number(v)) return false;
    double d = json_number_value(v);
    if (!isfinite(d)) return false;
    *out = d;
    return true;
}

/* Option weight from ordinalValue / itemWeight; refuses any other extension. */
static void parse_option_extensions(parse_ctx *c, json_t *exts, q_option *opt, const char *link_id,
                                    const char *expr)
{
    if (!exts) return;
    if (!json_is_array(exts)) { ERR(c, "structure", link_id, expr, "extension is not an array"); return; }
    size_t i;
    json_t *ext;
    json_array_foreach(exts, i, ext) {
        const char *url = json_string_value(json_object_get(ext, "url"));
        if (url && (strcmp(url, Q_EXT_ORDINAL) == 0 || strcmp(url, Q_EXT_ITEM_WEIGHT) == 0)) {
            json_t *v = json_object_get(ext, "valueDecimal");
            if (!v) v = json_object_get(ext, "valueInteger");
            double d;
            if (!number_of(v, &d)) {
                ERR(c, "structure", link_id, expr, "the weight of option %s is not a number",
                    opt->code ? opt->code : "?");
                continue;
            }
            opt->weight = d;
            opt->has_weight = true;
        } else {
            ERR(c, "not-supported", link_id, expr, "extension %s on an answer option is not supported",
                url ? url : "(no url)");
        }
    }
}

static bool parse_coding(parse_ctx *c, json_t *coding, q_option *opt, const char *link_id, const char *expr)
{
    if (!json_is_object(coding)) {
        ERR(c, "structure", link_id, expr, "valueCoding is not an object");
        return false;
    }
    json_t *code = json_object_get(coding, "code");
    if (!json_is_string(code) || !*json_string_value(code)) {
        ERR(c, "required", link_id, expr, "an answer option has no code");
        return false;
    }
    opt->code = dup_str(c, code);
    if (json_is_string(json_object_get(coding, "system"))) opt->system = dup_str(c, json_object_get(coding, "system"));
    parse_text(c, coding, "display", &opt->display, link_id, expr);
    if (!q_text_get(&opt->display, "fi", NULL)) {
        opt->display.by_lang[Q_FI] = opt->code;   /* shown as its code rather than not at all */
    }
    return true;
}

static void parse_answer_options(parse_ctx *c, json_t *arr, q_item *it, const char *expr)
{
    if (!json_is_array(arr)) { ERR(c, "structure", it->link_id, expr, "answerOption is not an array"); return; }
    size_t n = json_array_size(arr);
    if (n > Q_MAX_OPTIONS) {
        ERR(c, "too-costly", it->link_id, expr, "item %s has %zu answer options; at most %d are allowed",
            it->link_id, n, Q_MAX_OPTIONS);
        return;
    }
    it->options = arena_alloc(c->a, sizeof *it->options * (n ? n : 1));
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o) {
        const char *oexpr = arena_printf(c->a, "%s.answerOption[%zu]", expr, i);
        const char *key;
        json_t *v;
        bool has_coding = false;
        q_option *opt = &it->options[it->n_options];
        memset(opt, 0, sizeof *opt);
        json_object_foreach(o, key, v) {
            if (strcmp(key, "valueCoding") == 0) has_coding = true;
            else if (strcmp(key, "initialSelected") == 0) opt->initial_selected = json_is_true(v);
            else if (strcmp(key, "extension") == 0 || strcmp(key, "id") == 0) continue;
            else if (strncmp(key, "value", 5) == 0)
                ERR(c, "not-supported", it->link_id, oexpr,
                    "answer option %s of item %s is not supported: only valueCoding is", key, it->link_id);
            else
                ERR(c, "structure", it->link_id, oexpr, "unknown element %s in an answer option", key);
        }
        if (!has_coding) continue;
        if (!parse_coding(c, json_object_get(o, "valueCoding"), opt, it->link_id, oexpr)) continue;
        parse_option_extensions(c, json_object_get(o, "extension"), opt, it->link_id, oexpr);
        for (int k = 0; k < it->n_options; k++)
            if (strcmp(it->options[k].code, opt->code) == 0) {
                ERR(c, "invalid", it->link_id, oexpr, "item %s lists the code %s twice", it->link_id, opt->code);
                break;
            }
        it->n_options++;
    }
}

/* answerValueSet "#id": the options of a contained ValueSet's compose. */
static void parse_value_set(parse_ctx *c, const char *ref, q_item *it, const char *expr)
{
    if (ref[0] != '#') {
        ERR(c, "not-supported", it->link_id, expr,
            "item %s takes its answers from the external value set %s, which is not supported: "
            "include the options (answerOption) or a contained ValueSet", it->link_id, ref);
        return;
    }
    json_t *vs = NULL, *r;
    size_t i;
    json_array_foreach(c->contained, i, r) {
        const char *id = json_string_value(json_object_get(r, "id"));
        if (id && strcmp(id, ref + 1) == 0) { vs = r; break; }
    }
    const char *rt = json_string_value(json_object_get(vs, "resourceType"));
    if (!vs || !rt || strcmp(rt, "ValueSet") != 0) {
        ERR(c, "invalid", it->link_id, expr, "item %s refers to %s, which is no contained ValueSet", it->link_id, ref);
        return;
    }
    json_t *compose = json_object_get(vs, "compose");
    if (json_object_get(vs, "expansion") && !compose) {
        ERR(c, "not-supported", it->link_id, expr, "ValueSet %s has only an expansion; a compose is needed", ref);
        return;
    }
    json_t *includes = json_object_get(compose, "include");
    if (json_object_get(compose, "exclude")) {
        ERR(c, "not-supported", it->link_id, expr, "ValueSet %s excludes codes, which is not supported", ref);
        return;
    }
    size_t total = 0;
    json_t *inc;
    json_array_foreach(includes, i, inc) {
        if (json_object_get(inc, "valueSet") || json_object_get(inc, "filter") ||
            !json_is_array(json_object_get(inc, "concept"))) {
            ERR(c, "not-supported", it->link_id, expr,
                "ValueSet %s includes codes by filter, other value sets or a whole code system; "
                "only listed concepts are supported", ref);
            return;
        }
        total += json_array_size(json_object_get(inc, "concept"));
    }
    if (total == 0 || total > Q_MAX_OPTIONS) {
        ERR(c, total ? "too-costly" : "invalid", it->link_id, expr, "ValueSet %s lists %zu concepts", ref, total);
        return;
    }
    it->options = arena_alloc(c->a, sizeof *it->options * total);
    json_array_foreach(includes, i, inc) {
        const char *system = json_string_value(json_object_get(inc, "system"));
        size_t j;
        json_t *con;
        json_array_foreach(json_object_get(inc, "concept"), j, con) {
            const char *cexpr = arena_printf(c->a, "Questionnaire.contained(%s).compose.include[%zu].concept[%zu]",
                                             ref + 1, i, j);
            q_option *opt = &it->options[it->n_options];
            memset(opt, 0, sizeof *opt);
            if (!parse_coding(c, con, opt, it->link_id, cexpr)) continue;
            if (system) opt->system = arena_strdup(c->a, system);
            /* designations in fi/sv/en translate the display */
            size_t k;
            json_t *d;
            json_array_foreach(json_object_get(con, "designation"), k, d) {
                int li = q_lang_index(json_string_value(json_object_get(d, "language")));
                const char *val = json_string_value(json_object_get(d, "value"));
                if (li >= 0 && val) opt->display.by_lang[li] = arena_strdup(c->a, val);
            }
            parse_option_extensions(c, json_object_get(con, "extension"), opt, it->link_id, cexpr);
            it->n_options++;
        }
    }
}

/* value[x] / answer[x] of the given prefix ("value" or "answer") into v. Returns
 * the element's name, or NULL when none or more than one is present. */
static const char *parse_typed_value(parse_ctx *c, json_t *obj, const char *prefix, q_value *v,
                                     const char *link_id, const char *expr)
{
    const char *found = NULL;
    const char *key;
    json_t *val;
    size_t plen = strlen(prefix);
    memset(v, 0, sizeof *v);
    json_object_foreach(obj, key, val) {
        if (strncmp(key, prefix, plen) != 0 || key[plen] < 'A' || key[plen] > 'Z') continue;
        if (found) {
            ERR(c, "structure", link_id, expr, "both %s and %s are given", found, key);
            return NULL;
        }
        found = key;
        const char *t = key + plen;
        if (strcmp(t, "Boolean") == 0 && json_is_boolean(val)) {
            v->kind = QV_BOOL; v->b = json_is_true(val);
        } else if ((strcmp(t, "Integer") == 0 && json_is_integer(val)) ||
                   (strcmp(t, "Decimal") == 0 && json_is_number(val))) {
            v->kind = QV_NUM; v->num = json_number_value(val); v->is_integer = t[0] == 'I';
        } else if (strcmp(t, "String") == 0 && json_is_string(val)) {
            v->kind = QV_STRING; v->str = dup_str(c, val);
        } else if (strcmp(t, "Date") == 0 && json_is_string(val)) {
            v->kind = QV_DATE; v->str = dup_str(c, val);
        } else if (strcmp(t, "Coding") == 0 && json_is_object(val)) {
            v->kind = QV_CODING;
            v->str = json_is_string(json_object_get(val, "code")) ? dup_str(c, json_object_get(val, "code")) : NULL;
            v->system = json_is_string(json_object_get(val, "system")) ? dup_str(c, json_object_get(val, "system")) : NULL;
            if (!v->str) { ERR(c, "required", link_id, expr, "%s has no code", key); return NULL; }
        } else if (strcmp(t, "Boolean") == 0 || strcmp(t, "Integer") == 0 || strcmp(t, "Decimal") == 0 ||
                   strcmp(t, "String") == 0 || strcmp(t, "Date") == 0 || strcmp(t, "Coding") == 0) {
            ERR(c, "structure", link_id, expr, "%s has the wrong JSON type", key);
            return NULL;
        } else {
            ERR(c, "not-supported", link_id, expr, "%s is not supported", key);
            return NULL;
        }
    }
    return found;
}

/* YYYY, YYYY-MM or YYYY-MM-DD with a real month and day. */
static bool date_valid(const char *s)
{
    size_t n = strlen(s);
    if (n != 4 && n != 7 && n != 10) return false;
    for (size_t i = 0; i < n; i++) {
        bool dash = i == 4 || i == 7;
        if (dash ? s[i] != '-' : (s[i] < '0' || s[i] > '9')) return false;
    }
    if (n >= 7) {
        int m = (s[5] - '0') * 10 + (s[6] - '0');
        if (m < 1 || m > 12) return false;
        if (n == 10) {
            int y = atoi(s), d = (s[8] - '0') * 10 + (s[9] - '0');
            static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
            if (d < 1 || d > mdays[m - 1]) return false;
            if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return false;
        }
    }
    return true;
}

/* Whether v may answer an item of type t. */
bool q_value_fits(q_type t, const q_value *v)
{
    switch (t) {
    case QT_BOOLEAN: return v->kind == QV_BOOL;
    case QT_CHOICE: return v->kind == QV_CODING;
    case QT_INTEGER: return v->kind == QV_NUM && v->is_integer;
    case QT_DECIMAL: return v->kind == QV_NUM;
    case QT_STRING: case QT_TEXT: return v->kind == QV_STRING;
    case QT_DATE: return v->kind == QV_DATE && date_valid(v->str);
    default: return false;
    }
}

static void parse_item_extensions(parse_ctx *c, json_t *exts, q_item *it, int idx, const char *expr)
{
    if (!exts) return;
    if (!json_is_array(exts)) { ERR(c, "structure", it->link_id, expr, "extension is not an array"); return; }
    size_t i;
    json_t *ext;
    json_array_foreach(exts, i, ext) {
        const char *url = json_string_value(json_object_get(ext, "url"));
        if (!url) { ERR(c, "structure", it->link_id, expr, "an extension has no url"); continue; }
        /* Rendering hints: how to show the item, never what it means. */
        if (strcmp(url, "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl") == 0 ||
            strcmp(url, "http://hl7.org/fhir/StructureDefinition/rendering-styleSensitive") == 0)
            continue;
        if (strcmp(url, Q_EXT_CALCULATED) == 0) {
            json_t *ve = json_object_get(ext, "valueExpression");
            const char *lang = json_string_value(json_object_get(ve, "language"));
            if (!lang || strcmp(lang, "text/fhirpath") != 0) {
                ERR(c, "not-supported", it->link_id, expr, "calculatedExpression of item %s is in %s; only FHIRPath is supported",
                    it->link_id, lang ? lang : "no language");
                continue;
            }
            if (!json_is_string(json_object_get(ve, "expression"))) {
                ERR(c, "required", it->link_id, expr, "calculatedExpression of item %s has no expression", it->link_id);
                continue;
            }
            c->raw_calc[idx] = json_object_get(ve, "expression");
            it->calculated = true;
            continue;
        }
        ERR(c, "not-supported", it->link_id, expr, "extension %s on item %s is not supported", url, it->link_id);
    }
}

static const char *const item_keys[] = {
    "linkId", "type", "text", "_text", "prefix", "_prefix", "definition", "code", "required",
    "repeats", "readOnly", "maxLength", "answerOption", "answerValueSet", "initial", "enableWhen",
    "enableBehavior", "item", "extension", "id", NULL};

static bool type_parse(const char *s, q_type *out)
{
    for (size_t i = 0; i < sizeof type_names / sizeof *type_names; i++)
        if (strcmp(s, type_names[i]) == 0) { *out = (q_type)i; return true; }
    return false;
}

static void parse_items(parse_ctx *c, json_t *arr, int parent, int depth, const char *parent_expr);

static void parse_item(parse_ctx *c, json_t *obj, int parent, int depth, const char *expr)
{
    questionnaire *q = c->q;
    if (!json_is_object(obj)) { ERR(c, "structure", NULL, expr, "an item is not an object"); return; }
    if (q->n_items >= Q_MAX_ITEMS) {
        if (q->n_items == Q_MAX_ITEMS) ERR(c, "too-costly", NULL, expr, "more than %d items", Q_MAX_ITEMS);
        q->n_items++;  /* counted once past the limit so the message is said once */
        return;
    }
    int idx = q->n_items++;
    q_item *it = &q->items[idx];
    memset(it, 0, sizeof *it);
    it->parent = parent;
    it->depth = depth;
    c->item_expr[idx] = expr;
    json_t *lid = json_object_get(obj, "linkId");
    if (!json_is_string(lid) || !*json_string_value(lid)) {
        it->link_id = arena_printf(c->a, "(item %d)", idx + 1);
        ERR(c, "required", NULL, expr, "an item has no linkId");
    } else {
        it->link_id = dup_str(c, lid);
        for (int k = 0; k < idx; k++)
            if (strcmp(q->items[k].link_id, it->link_id) == 0) {
                ERR(c, "invalid", it->link_id, expr, "linkId %s is used twice", it->link_id);
                break;
            }
    }
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v) {
        if (strcmp(key, "modifierExtension") == 0)
            ERR(c, "not-supported", it->link_id, expr, "item %s has a modifierExtension, which is not supported", it->link_id);
        else if (!key_in(key, item_keys))
            ERR(c, "not-supported", it->link_id, expr, "element %s of item %s is not supported", key, it->link_id);
    }
    const char *type = json_string_value(json_object_get(obj, "type"));
    if (!type) {
        ERR(c, "required", it->link_id, expr, "item %s has no type", it->link_id);
        it->type = QT_DISPLAY;
    } else if (!type_parse(type, &it->type)) {
        ERR(c, "not-supported", it->link_id, expr, "item %s has the type %s, which is not supported", it->link_id, type);
        it->type = QT_DISPLAY;
    }
    parse_text(c, obj, "text", &it->text, it->link_id, expr);
    it->required = json_is_true(json_object_get(obj, "required"));
    it->repeats = json_is_true(json_object_get(obj, "repeats"));
    it->read_only = json_is_true(json_object_get(obj, "readOnly"));
    json_t *ml = json_object_get(obj, "maxLength");
    if (ml) {
        if (!json_is_integer(ml) || json_integer_value(ml) < 1 || json_integer_value(ml) > 100000)
            ERR(c, "value", it->link_id, expr, "maxLength of item %s is not a positive integer", it->link_id);
        else if (it->type != QT_STRING && it->type != QT_TEXT)
            ERR(c, "invalid", it->link_id, expr, "maxLength on item %s of type %s", it->link_id, type);
        else
            it->max_length = (int)json_integer_value(ml);
    }
    if (it->repeats && it->type != QT_CHOICE)
        ERR(c, "not-supported", it->link_id, expr, "repeats on item %s of type %s is not supported (only on choice)",
            it->link_id, type ? type : "?");

    parse_item_extensions(c, json_object_get(obj, "extension"), it, idx, expr);
    if (it->type == QT_QUANTITY && !it->calculated)
        ERR(c, "not-supported", it->link_id, expr,
            "item %s of type quantity is supported only as a calculated score", it->link_id);
    if (it->calculated && it->type != QT_QUANTITY && it->type != QT_INTEGER && it->type != QT_DECIMAL)
        ERR(c, "not-supported", it->link_id, expr, "calculatedExpression on item %s of type %s", it->link_id, type);
    if (it->calculated) it->read_only = true;

    json_t *opts = json_object_get(obj, "answerOption");
    json_t *vs = json_object_get(obj, "answerValueSet");
    if (it->type == QT_CHOICE) {
        if (opts && vs) ERR(c, "invalid", it->link_id, expr, "item %s has both answerOption and answerValueSet", it->link_id);
        else if (opts) parse_answer_options(c, opts, it, expr);
        else if (json_is_string(vs)) parse_value_set(c, json_string_value(vs), it, expr);
        else ERR(c, "required", it->link_id, expr, "choice item %s has no answer options", it->link_id);
    } else if (opts || vs) {
        ERR(c, "not-supported", it->link_id, expr, "answer options on item %s of type %s", it->link_id, type);
    }

    json_t *initial = json_object_get(obj, "initial");
    if (initial) {
        if (!json_is_array(initial) || json_array_size(initial) != 1) {
            ERR(c, "not-supported", it->link_id, expr, "item %s: exactly one initial value is supported", it->link_id);
        } else if (parse_typed_value(c, json_array_get(initial, 0), "value", &it->initial, it->link_id, expr)) {
            if (!q_value_fits(it->type, &it->initial))
                ERR(c, "invalid", it->link_id, expr, "the initial value of item %s does not fit its type", it->link_id);
        }
    }

    json_t *ew = json_object_get(obj, "enableWhen");
    if (ew) {
        if (!json_is_array(ew) || json_array_size(ew) == 0)
            ERR(c, "structure", it->link_id, expr, "enableWhen of item %s is not a list of conditions", it->link_id);
        else if (json_array_size(ew) > Q_MAX_CONDITIONS)
            ERR(c, "too-costly", it->link_id, expr, "item %s has more than %d enableWhen conditions", it->link_id, Q_MAX_CONDITIONS);
        else
            c->raw_enable_when[idx] = ew;
    }
    const char *beh = json_string_value(json_object_get(obj, "enableBehavior"));
    if (beh && strcmp(beh, "any") == 0) it->enable_any = true;
    else if (beh && strcmp(beh, "all") != 0)
        ERR(c, "value", it->link_id, expr, "enableBehavior of item %s is %s; all or any", it->link_id, beh);
    else if (!beh && ew && json_array_size(ew) > 1)
        ERR(c, "required", it->link_id, expr,
            "item %s has several enableWhen conditions but no enableBehavior (all or any)", it->link_id);

    json_t *children = json_object_get(obj, "item");
    if (children) {
        if (it->type != QT_GROUP)
            ERR(c, "not-supported", it->link_id, expr, "items nested under the %s item %s are not supported",
                type ? type : "?", it->link_id);
        else if (depth + 1 >= Q_MAX_DEPTH)
            ERR(c, "too-costly", it->link_id, expr, "groups nested deeper than %d levels", Q_MAX_DEPTH);
        else
            parse_items(c, children, idx, depth + 1, expr);
    } else if (it->type == QT_GROUP) {
        ERR(c, "required", it->link_id, expr, "group %s has no items", it->link_id);
    }
    it->end = q->n_items < Q_MAX_ITEMS ? q->n_items : Q_MAX_ITEMS;
}

static void parse_items(parse_ctx *c, json_t *arr, int parent, int depth, const char *parent_expr)
{
    if (!json_is_array(arr)) { ERR(c, "structure", NULL, parent_expr, "item is not an array"); return; }
    size_t i;
    json_t *obj;
    json_array_foreach(arr, i, obj) parse_item(c, obj, parent, depth, arena_printf(c->a, "%s.item[%zu]", parent_expr, i));
}

/* Counts every item object in the tree, so the flat array is sized once. */
static size_t count_items(json_t *arr, int depth)
{
    size_t n = 0, i;
    json_t *o;
    if (depth > Q_MAX_DEPTH) return 0;
    json_array_foreach(arr, i, o) {
        n++;
        n += count_items(json_object_get(o, "item"), depth + 1);
        if (n > Q_MAX_ITEMS) return n;
    }
    return n;
}

int q_find(const questionnaire *q, const char *link_id)
{
    if (!link_id) return -1;
    for (int i = 0; i < q->n_items; i++)
        if (strcmp(q->items[i].link_id, link_id) == 0) return i;
    return -1;
}

static bool option_exists(const q_item *it, const char *system, const char *code)
{
    for (int k = 0; k < it->n_options; k++)
        if (strcmp(it->options[k].code, code) == 0 &&
            (!system || !it->options[k].system || strcmp(system, it->options[k].system) == 0))
            return true;
    return false;
}

static void resolve_enable_when(parse_ctx *c, int idx)
{
    q_item *it = &c->q->items[idx];
    json_t *arr = c->raw_enable_when[idx];
    const char *expr = c->item_expr[idx];
    size_t n = json_array_size(arr);
    it->conditions = arena_alloc(c->a, sizeof *it->conditions * n);
    size_t i;
    json_t *cond;
    json_array_foreach(arr, i, cond) {
        const char *cexpr = arena_printf(c->a, "%s.enableWhen[%zu]", expr, i);
        q_condition *qc = &it->conditions[it->n_conditions];
        const char *question = json_string_value(json_object_get(cond, "question"));
        const char *op = json_string_value(json_object_get(cond, "operator"));
        int target = q_find(c->q, question);
        if (!question) { ERR(c, "required", it->link_id, cexpr, "an enableWhen of item %s names no question", it->link_id); continue; }
        if (target < 0) {
            ERR(c, "invalid", it->link_id, cexpr, "enableWhen of item %s refers to the unknown linkId %s", it->link_id, question);
            continue;
        }
        if (!q_op_parse(op, &qc->op)) {
            ERR(c, "value", it->link_id, cexpr, "enableWhen of item %s has the unknown operator %s", it->link_id, op ? op : "(none)");
            continue;
        }
        const char *key;
        json_t *v;
        json_object_foreach(cond, key, v)
            if (strcmp(key, "question") && strcmp(key, "operator") && strncmp(key, "answer", 6) && strcmp(key, "id"))
                ERR(c, "not-supported", it->link_id, cexpr, "element %s in enableWhen of item %s", key, it->link_id);
        int errors_before = c->is->errors;
        const char *which = parse_typed_value(c, cond, "answer", &qc->answer, it->link_id, cexpr);
        if (!which) {
            if (c->is->errors == errors_before)
                ERR(c, "required", it->link_id, cexpr, "enableWhen of item %s has no answer", it->link_id);
            continue;
        }
        const q_item *t = &c->q->items[target];
        qc->question = target;
        if (t->type == QT_GROUP || t->type == QT_DISPLAY || t->calculated) {
            ERR(c, "invalid", it->link_id, cexpr, "enableWhen of item %s asks about %s, which takes no answer",
                it->link_id, t->link_id);
            continue;
        }
        if (target == idx) {
            ERR(c, "invalid", it->link_id, cexpr, "item %s is enabled by its own answer", it->link_id);
            continue;
        }
        if (qc->op == QOP_EXISTS) {
            if (qc->answer.kind != QV_BOOL)
                ERR(c, "invalid", it->link_id, cexpr, "the exists operator in item %s needs answerBoolean", it->link_id);
            else
                it->n_conditions++;
            continue;
        }
        if (!q_value_fits(t->type, &qc->answer) &&
            !(t->type == QT_INTEGER && qc->answer.kind == QV_NUM)) {
            ERR(c, "not-supported", it->link_id, cexpr,
                "enableWhen of item %s compares the %s answer of %s with %s, which is not supported",
                it->link_id, q_type_name(t->type), t->link_id, which);
            continue;
        }
        bool ordered = t->type == QT_INTEGER || t->type == QT_DECIMAL || t->type == QT_DATE;
        if (!ordered && qc->op != QOP_EQ && qc->op != QOP_NE) {
            ERR(c, "not-supported", it->link_id, cexpr, "the operator %s on the %s answer of %s in item %s",
                q_op_name(qc->op), q_type_name(t->type), t->link_id, it->link_id);
            continue;
        }
        if (t->type == QT_CHOICE && !option_exists(t, qc->answer.system, qc->answer.str)) {
            ERR(c, "invalid", it->link_id, cexpr, "enableWhen of item %s names the code %s, which %s does not offer",
                it->link_id, qc->answer.str, t->link_id);
            continue;
        }
        it->n_conditions++;
    }
}

/* A cycle of enableWhen (through parents) would never settle. */
static bool has_cycle(const questionnaire *q, int i, char *state)
{
    if (state[i] == 1) return true;
    if (state[i] == 2) return false;
    state[i] = 1;
    const q_item *it = &q->items[i];
    if (it->parent >= 0 && has_cycle(q, it->parent, state)) return true;
    for (int k = 0; k < it->n_conditions; k++)
        if (has_cycle(q, it->conditions[k].question, state)) return true;
    state[i] = 2;
    return false;
}

/* Copies expression e without white space outside quoted strings. */
static char *squeeze(arena *a, const char *e)
{
    char *out = arena_alloc(a, strlen(e) + 1), *o = out;
    char quote = 0;
    for (; *e; e++) {
        if (quote) { if (*e == quote) quote = 0; *o++ = *e; continue; }
        if (*e == '\'' || *e == '"') quote = *e;
        if (*e == ' ' || *e == '\t' || *e == '\n' || *e == '\r') continue;
        *o++ = *e;
    }
    *o = '\0';
    return out;
}

static bool eat(const char **p, const char *s)
{
    size_t n = strlen(s);
    if (strncmp(*p, s, n) != 0) return false;
    *p += n;
    return true;
}

/* The scoring idiom, and nothing else:
 *   [%resource.]answers().value.ordinal().sum()          (or weight())
 *   [%resource.](item|repeat(item)|descendants()).where(linkId='X').answers().value.ordinal().sum() */
static void resolve_calc(parse_ctx *c, int idx)
{
    q_item *it = &c->q->items[idx];
    const char *src = json_string_value(c->raw_calc[idx]);
    const char *p = squeeze(c->a, src);
    it->calc.scope = -1;
    eat(&p, "%resource.");
    if (eat(&p, "item.where(linkId=") || eat(&p, "repeat(item).where(linkId=") ||
        eat(&p, "descendants().where(linkId=")) {
        char quote = *p;
        const char *end = (quote == '\'' || quote == '"') ? strchr(p + 1, quote) : NULL;
        if (!end) goto unsupported;
        char *lid = arena_strndup(c->a, p + 1, (size_t)(end - p - 1));
        p = end + 1;
        if (!eat(&p, ").")) goto unsupported;
        it->calc.scope = q_find(c->q, lid);
        if (it->calc.scope < 0) {
            ERR(c, "invalid", it->link_id, c->item_expr[idx],
                "calculatedExpression of item %s refers to the unknown linkId %s", it->link_id, lid);
            return;
        }
    }
    if (!eat(&p, "answers().value.")) goto unsupported;
    if (!eat(&p, "ordinal()") && !eat(&p, "weight()")) goto unsupported;
    if (strcmp(p, ".sum()") != 0) goto unsupported;
    return;
unsupported:
    ERR(c, "not-supported", it->link_id, c->item_expr[idx],
        "the FHIRPath expression \"%s\" of item %s is not supported; only the sum of ordinal() or weight() "
        "of answers() is", src, it->link_id);
}

/* ---- outcome rules (Kohtaamo extension) ---- */

static void parse_rule(parse_ctx *c, json_t *ext, int n, q_rule *r)
{
    const char *expr = arena_printf(c->a, "Questionnaire.extension(outcome-rule)[%d]", n);
    memset(r, 0, sizeof *r);
    r->score_scope = -1;
    r->flag_item = -1;
    bool has_urgency = false, saw_urgency = false, has_op = false, has_value = false;
    const char *flag_lid = NULL;
    json_t *subs = json_object_get(ext, "extension");
    if (!json_is_array(subs)) { ERR(c, "structure", NULL, expr, "outcome rule %d has no parts", n + 1); return; }
    r->flag_codes = arena_alloc(c->a, sizeof *r->flag_codes * Q_MAX_RULE_CODES);
    size_t i;
    json_t *s;
    json_array_foreach(subs, i, s) {
        const char *u = json_string_value(json_object_get(s, "url"));
        if (!u) { ERR(c, "structure", NULL, expr, "a part of outcome rule %d has no url", n + 1); continue; }
        if (strcmp(u, "urgency") == 0) {
            saw_urgency = true;
            has_urgency = q_urgency_parse(json_string_value(json_object_get(s, "valueCode")), &r->urgency);
            if (!has_urgency)
                ERR(c, "value", NULL, expr, "outcome rule %d: urgency must be emergency, urgent, days, routine or selfcare", n + 1);
        } else if (strcmp(u, "scoreGroup") == 0) {
            const char *lid = json_string_value(json_object_get(s, "valueString"));
            r->score_scope = q_find(c->q, lid);
            if (r->score_scope < 0 || c->q->items[r->score_scope].type != QT_GROUP)
                ERR(c, "invalid", lid, expr, "outcome rule %d scores the group %s, which does not exist", n + 1, lid ? lid : "(none)");
        } else if (strcmp(u, "scoreOperator") == 0) {
            const char *op = json_string_value(json_object_get(s, "valueCode"));
            has_op = q_op_parse(op, &r->score_op) && r->score_op != QOP_EXISTS;
            if (!has_op) ERR(c, "value", NULL, expr, "outcome rule %d: scoreOperator %s", n + 1, op ? op : "(none)");
        } else if (strcmp(u, "scoreValue") == 0) {
            json_t *v = json_object_get(s, "valueDecimal");
            if (!v) v = json_object_get(s, "valueInteger");
            has_value = number_of(v, &r->score_value);
            if (!has_value) ERR(c, "value", NULL, expr, "outcome rule %d: scoreValue is not a number", n + 1);
        } else if (strcmp(u, "answeredItem") == 0) {
            flag_lid = json_string_value(json_object_get(s, "valueString"));
            r->flag_item = q_find(c->q, flag_lid);
            if (r->flag_item < 0 || c->q->items[r->flag_item].type != QT_CHOICE) {
                ERR(c, "invalid", flag_lid, expr, "outcome rule %d names the item %s, which is no choice question",
                    n + 1, flag_lid ? flag_lid : "(none)");
                r->flag_item = -1;
            }
        } else if (strcmp(u, "answeredCode") == 0) {
            const char *code = json_string_value(json_object_get(s, "valueCode"));
            if (!code) code = json_string_value(json_object_get(json_object_get(s, "valueCoding"), "code"));
            if (!code) ERR(c, "value", NULL, expr, "outcome rule %d: answeredCode has no code", n + 1);
            else if (r->n_flag_codes >= Q_MAX_RULE_CODES) ERR(c, "too-costly", NULL, expr, "outcome rule %d: too many codes", n + 1);
            else r->flag_codes[r->n_flag_codes++] = arena_strdup(c->a, code);
        } else if (strcmp(u, "advice") == 0) {
            parse_text(c, s, "valueString", &r->advice, NULL, expr);
        } else {
            ERR(c, "not-supported", NULL, expr, "outcome rule %d has the unknown part %s", n + 1, u);
        }
    }
    if (!saw_urgency) ERR(c, "required", NULL, expr, "outcome rule %d has no urgency", n + 1);
    if (has_op != has_value)
        ERR(c, "required", NULL, expr, "outcome rule %d needs both scoreOperator and scoreValue", n + 1);
    r->has_score = has_op && has_value;
    if ((r->flag_item >= 0) != (r->n_flag_codes > 0) && flag_lid)
        ERR(c, "required", flag_lid, expr, "outcome rule %d needs both answeredItem and answeredCode", n + 1);
    if (r->flag_item >= 0)
        for (int k = 0; k < r->n_flag_codes; k++)
            if (!option_exists(&c->q->items[r->flag_item], NULL, r->flag_codes[k]))
                ERR(c, "invalid", flag_lid, expr, "outcome rule %d: %s does not offer the code %s", n + 1, flag_lid, r->flag_codes[k]);
    if (!q_text_get(&r->advice, "fi", NULL))
        ERR(c, "required", NULL, expr, "outcome rule %d has no advice text", n + 1);
}

static const char *const root_keys[] = {
    "resourceType", "id", "meta", "language", "text", "contained", "extension", "url", "identifier",
    "version", "name", "title", "_title", "derivedFrom", "status", "experimental", "subjectType", "date",
    "publisher", "contact", "description", "_description", "useContext", "jurisdiction", "purpose",
    "copyright", "approvalDate", "lastReviewDate", "effectivePeriod", "code", "item", NULL};

questionnaire *q_parse(arena *a, json_t *doc, q_issues *is)
{
    parse_ctx ctx = {.a = a, .is = is};
    parse_ctx *c = &ctx;
    if (!json_is_object(doc)) {
        ERR(c, "structure", NULL, "Questionnaire", "the body is not a JSON object");
        return NULL;
    }
    const char *rt = json_string_value(json_object_get(doc, "resourceType"));
    if (!rt || strcmp(rt, "Questionnaire") != 0) {
        ERR(c, "invalid", NULL, "Questionnaire.resourceType", "resourceType is %s, not Questionnaire", rt ? rt : "missing");
        return NULL;
    }
    questionnaire *q = arena_alloc(a, sizeof *q);
    c->q = q;
    const char *key;
    json_t *v;
    json_object_foreach(doc, key, v) {
        if (strcmp(key, "modifierExtension") == 0 || strcmp(key, "implicitRules") == 0)
            ERR(c, "not-supported", NULL, "Questionnaire", "%s is not supported", key);
        else if (!key_in(key, root_keys))
            ERR(c, "not-supported", NULL, "Questionnaire", "element %s is not supported", key);
    }
    const char *lang = json_string_value(json_object_get(doc, "language"));
    q->base_lang = q_lang_index(lang) >= 0 ? arena_strdup(a, lang) : "fi";
    if (json_is_string(json_object_get(doc, "url"))) q->url = dup_str(c, json_object_get(doc, "url"));
    if (json_is_string(json_object_get(doc, "version"))) q->version = dup_str(c, json_object_get(doc, "version"));
    if (json_is_string(json_object_get(doc, "name"))) q->name = dup_str(c, json_object_get(doc, "name"));
    q->status = json_is_string(json_object_get(doc, "status")) ? dup_str(c, json_object_get(doc, "status")) : NULL;
    if (!q->status) ERR(c, "required", NULL, "Questionnaire.status", "status is missing");
    else if (strcmp(q->status, "draft") && strcmp(q->status, "active") && strcmp(q->status, "retired") &&
             strcmp(q->status, "unknown"))
        ERR(c, "value", NULL, "Questionnaire.status", "status %s is not draft, active, retired or unknown", q->status);
    q->experimental = json_is_true(json_object_get(doc, "experimental"));
    parse_text(c, doc, "title", &q->title, NULL, "Questionnaire.title");
    parse_text(c, doc, "description", &q->description, NULL, "Questionnaire.description");
    c->contained = json_object_get(doc, "contained");
    if (c->contained && !json_is_array(c->contained)) {
        ERR(c, "structure", NULL, "Questionnaire.contained", "contained is not an array");
        c->contained = NULL;
    }

    json_t *items = json_object_get(doc, "item");
    if (!json_is_array(items) || json_array_size(items) == 0) {
        ERR(c, "required", NULL, "Questionnaire.item", "the questionnaire has no items");
        return NULL;
    }
    size_t cap = count_items(items, 0);
    if (cap > Q_MAX_ITEMS) cap = Q_MAX_ITEMS;
    c->cap = (int)cap;
    q->items = arena_alloc(a, sizeof *q->items * (cap + 1));
    c->raw_enable_when = arena_alloc(a, sizeof *c->raw_enable_when * (cap + 1));
    c->raw_calc = arena_alloc(a, sizeof *c->raw_calc * (cap + 1));
    c->item_expr = arena_alloc(a, sizeof *c->item_expr * (cap + 1));
    parse_items(c, items, -1, 0, "Questionnaire");
    if (q->n_items > (int)cap) q->n_items = (int)cap;

    for (int i = 0; i < q->n_items; i++) {
        if (c->raw_enable_when[i]) resolve_enable_when(c, i);
        if (c->raw_calc[i]) resolve_calc(c, i);
    }
    char *state = arena_alloc(a, (size_t)q->n_items + 1);
    for (int i = 0; i < q->n_items; i++)
        if (has_cycle(q, i, state)) {
            ERR(c, "invalid", q->items[i].link_id, c->item_expr[i], "enableWhen conditions form a cycle through item %s",
                q->items[i].link_id);
            break;
        }

    /* Root extensions: outcome rules, and rendering hints we may ignore. */
    json_t *exts = json_object_get(doc, "extension");
    size_t nrules = 0, i;
    json_t *ext;
    json_array_foreach(exts, i, ext)
        if (json_is_string(json_object_get(ext, "url")) &&
            strcmp(json_string_value(json_object_get(ext, "url")), Q_EXT_OUTCOME_RULE) == 0)
            nrules++;
    if (nrules > Q_MAX_RULES) {
        ERR(c, "too-costly", NULL, "Questionnaire.extension", "more than %d outcome rules", Q_MAX_RULES);
        nrules = 0;
    }
    q->rules = arena_alloc(a, sizeof *q->rules * (nrules + 1));
    json_array_foreach(exts, i, ext) {
        const char *url = json_string_value(json_object_get(ext, "url"));
        if (url && strcmp(url, Q_EXT_OUTCOME_RULE) == 0) {
            if (q->n_rules < (int)nrules) parse_rule(c, ext, q->n_rules, &q->rules[q->n_rules]), q->n_rules++;
        } else if (url && strcmp(url, "http://hl7.org/fhir/StructureDefinition/rendering-styleSensitive") == 0) {
            continue;
        } else {
            ERR(c, "not-supported", NULL, "Questionnaire.extension", "extension %s is not supported", url ? url : "(no url)");
        }
    }
    for (int r = 0; r < q->n_rules; r++) {
        bool unconditional = !q->rules[r].has_score && q->rules[r].flag_item < 0;
        if (r == q->n_rules - 1 && !unconditional)
            ERR(c, "invalid", NULL, "Questionnaire.extension", "the last outcome rule must have no condition, so that "
                "every answer sheet gets an outcome");
        if (r < q->n_rules - 1 && unconditional)
            ERR(c, "invalid", NULL, "Questionnaire.extension", "outcome rule %d has no condition, so the rules after it "
                "could never match", r + 1);
    }
    return is->errors ? NULL : q;
}
