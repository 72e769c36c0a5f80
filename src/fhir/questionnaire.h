/* FHIR R4 Questionnaire: the subset the self-assessment evaluates.
 *
 * A Questionnaire is parsed from JSON into a model that lives in an arena.
 * Whatever the engine would not evaluate (an item type, an extension, a
 * FHIRPath expression, an external value set) is an issue naming the item's
 * linkId and the feature: a questionnaire with any error is refused whole,
 * because a rule that is silently skipped could under-triage someone.
 *
 * Supported: item types group, display, boolean, choice (answerOption with
 * valueCoding, or a contained ValueSet), integer, decimal, string, text,
 * date, and quantity only as a calculated score; required, repeats (choice),
 * readOnly, maxLength, initial; enableWhen with every R4 operator and
 * enableBehavior; option weights from the ordinalValue or itemWeight
 * extensions; the SDC calculatedExpression scoring idiom; Kohtaamo's
 * outcome rules (see README, "Self-assessment questionnaires"). */
#ifndef KOHTAAMO_FHIR_QUESTIONNAIRE_H
#define KOHTAAMO_FHIR_QUESTIONNAIRE_H
#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>
#include "../util/arena.h"

#define Q_EXT_TRANSLATION "http://hl7.org/fhir/StructureDefinition/translation"
#define Q_EXT_ORDINAL "http://hl7.org/fhir/StructureDefinition/ordinalValue"
#define Q_EXT_ITEM_WEIGHT "http://hl7.org/fhir/StructureDefinition/itemWeight"
#define Q_EXT_CALCULATED "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression"
#define Q_EXT_OUTCOME_RULE "https://kohtaamo.fi/fhir/StructureDefinition/outcome-rule"
/* On a QuestionnaireResponse we return: the score and the outcome. */
#define Q_EXT_SCORE "https://kohtaamo.fi/fhir/StructureDefinition/score"
#define Q_EXT_OUTCOME "https://kohtaamo.fi/fhir/StructureDefinition/outcome"

/* Limits that keep a hostile upload small; real instruments are far below. */
#define Q_MAX_ITEMS 400
#define Q_MAX_DEPTH 8
#define Q_MAX_OPTIONS 60
#define Q_MAX_CONDITIONS 20
#define Q_MAX_RULES 40
#define Q_MAX_RULE_CODES 20
#define Q_MAX_ANSWERS_PER_ITEM 60

/* Texts by language: [0] fi, [1] sv, [2] en; NULL where not given. */
enum { Q_FI = 0, Q_SV = 1, Q_EN = 2, Q_NLANG = 3 };
typedef struct q_text {
    const char *by_lang[Q_NLANG];
} q_text;
int q_lang_index(const char *lang);             /* "sv" -> Q_SV; unknown -> -1 */
/* The text in lang, or the first of fi, sv, en that exists; *fallback says
 * the text is in another language (the page marks it). NULL if none. */
const char *q_text_get(const q_text *t, const char *lang, const char **text_lang);

typedef enum {
    QT_GROUP, QT_DISPLAY, QT_BOOLEAN, QT_CHOICE, QT_INTEGER, QT_DECIMAL,
    QT_STRING, QT_TEXT, QT_DATE, QT_QUANTITY
} q_type;
const char *q_type_name(q_type t);

typedef enum { QV_NONE, QV_BOOL, QV_NUM, QV_STRING, QV_DATE, QV_CODING } q_vkind;
typedef struct q_value {
    q_vkind kind;
    bool b;
    double num;
    bool is_integer;
    const char *str;       /* string; date as YYYY, YYYY-MM or YYYY-MM-DD; coding's code */
    const char *system;    /* coding's system, may be NULL */
} q_value;

typedef struct q_option {
    const char *system, *code;
    q_text display;
    double weight;
    bool has_weight;
    bool initial_selected;
} q_option;

typedef enum { QOP_EXISTS, QOP_EQ, QOP_NE, QOP_GT, QOP_LT, QOP_GE, QOP_LE } q_op;
const char *q_op_name(q_op op);
bool q_op_parse(const char *s, q_op *out);

typedef struct q_condition {
    int question;          /* index of the item asked about */
    q_op op;
    q_value answer;
} q_condition;

/* The SDC scoring idiom: the sum of the ordinal (or weight) of every
 * answer in the response, or in one item's descendants. */
typedef struct q_calc {
    int scope;             /* item index, or -1 for the whole response */
} q_calc;

typedef struct q_item {
    const char *link_id;
    q_type type;
    q_text text;
    int parent;            /* index, -1 at the top */
    int end;               /* one past the last descendant (pre-order) */
    int depth;
    bool required, repeats, read_only;
    int max_length;        /* 0: none */
    q_option *options;
    int n_options;
    q_value initial;
    q_condition *conditions;
    int n_conditions;
    bool enable_any;       /* enableBehavior any (default all) */
    bool calculated;
    q_calc calc;
} q_item;

typedef enum {
    QU_EMERGENCY, QU_URGENT, QU_DAYS, QU_ROUTINE, QU_SELFCARE, QU_COUNT
} q_urgency;
const char *q_urgency_code(q_urgency u);        /* "emergency", "urgent", "days", ... */
bool q_urgency_parse(const char *s, q_urgency *out);

typedef struct q_rule {
    q_urgency urgency;
    bool has_score;
    int score_scope;       /* group index, or -1 for the total */
    q_op score_op;         /* one of = != > < >= <= */
    double score_value;
    int flag_item;         /* item index, -1 when the rule names none */
    const char **flag_codes;
    int n_flag_codes;
    q_text advice;
} q_rule;

typedef struct questionnaire {
    const char *url, *version, *name, *status, *base_lang;
    bool experimental;     /* shown to residents as demonstration content */
    q_text title, description;
    q_item *items;         /* pre-order: children follow their parent */
    int n_items;
    q_rule *rules;
    int n_rules;
} questionnaire;

/* One problem found at import, as an OperationOutcome issue. */
typedef struct q_issue {
    const char *severity;  /* "error" or "warning" */
    const char *code;      /* "invalid", "not-supported", "structure", "required", "value" */
    const char *link_id;   /* may be NULL */
    const char *diagnostics;
    const char *expression; /* FHIRPath-like location, e.g. Questionnaire.item[0].item[2] */
} q_issue;

typedef struct q_issues {
    q_issue *list;
    int count, cap;
    int errors;
} q_issues;
void q_issue_add(arena *a, q_issues *is, const char *severity, const char *code,
                 const char *link_id, const char *expression, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

/* Parses doc into a model in a. Returns NULL when any error was found (every
 * one is in issues, not just the first). The model's strings are copies in a. */
questionnaire *q_parse(arena *a, json_t *doc, q_issues *issues);
/* Whether v may answer an item of type t (dates must be real dates). */
bool q_value_fits(q_type t, const q_value *v);
/* Item index by linkId, or -1. */
int q_find(const questionnaire *q, const char *link_id);

/* An OperationOutcome resource for issues (a new reference). */
json_t *q_operation_outcome(const q_issues *issues);
/* Parses JSON text as the FHIR server receives it: a UTF-8 byte order mark
 * is skipped. NULL with a message in err on a syntax error. */
json_t *q_json_load(const char *text, size_t len, char *err, size_t errlen);

/* ---- evaluation (evaluate.c) ---- */

/* The answers given to each item (indexed like items). */
typedef struct q_answers {
    q_value **values;      /* values[i]: n[i] values */
    int *n;
    int n_items;
} q_answers;
q_answers *q_answers_new(arena *a, const questionnaire *q);
/* Adds one answer; false when the item already has its maximum. */
bool q_answers_add(arena *a, q_answers *ans, int item, q_value v);

typedef struct q_result {
    bool *enabled;         /* per item */
    double total;          /* sum of weights of the enabled answers */
    double *group_score;   /* per item: the sum over its subtree (groups) */
    int rule;              /* index of the matching rule, -1 when there are none */
    q_urgency urgency;
    int answered;          /* enabled questions with an answer */
} q_result;

/* Applies enableWhen, drops the answers of disabled items from ans (as the
 * FHIR specification says), scores and picks the first matching rule. */
void q_evaluate(arena *a, const questionnaire *q, q_answers *ans, q_result *out);
/* Value of a calculated item after q_evaluate. */
double q_calculated_value(const questionnaire *q, const q_answers *ans, const q_result *res, int item);
/* Whether v compares to c's answer as c's operator says (used by enableWhen). */
bool q_compare(q_op op, const q_value *answer, const q_value *expected);

/* ---- QuestionnaireResponse (response.c) ---- */

/* Reads the answers of a QuestionnaireResponse resource for q into a new
 * q_answers. Unknown linkIds, answers of the wrong type and codes q does not
 * offer are issues; NULL when there is any error. Answers given for
 * calculated items are ignored: the server computes them. */
q_answers *q_response_parse(arena *a, const questionnaire *q, json_t *doc, q_issues *issues);
#endif
