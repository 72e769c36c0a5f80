/* Evaluating a questionnaire's answers: enableWhen, the answers of disabled
 * items dropped (FHIR R4: they count for nothing), scores, the first
 * matching outcome rule. Pure: no database, no request. */
#include "questionnaire.h"

#include <math.h>
#include <string.h>

q_answers *q_answers_new(arena *a, const questionnaire *q)
{
    q_answers *ans = arena_alloc(a, sizeof *ans);
    ans->n_items = q->n_items;
    ans->values = arena_alloc(a, sizeof *ans->values * ((size_t)q->n_items + 1));
    ans->n = arena_alloc(a, sizeof *ans->n * ((size_t)q->n_items + 1));
    return ans;
}

bool q_answers_add(arena *a, q_answers *ans, int item, q_value v)
{
    if (item < 0 || item >= ans->n_items || ans->n[item] >= Q_MAX_ANSWERS_PER_ITEM) return false;
    if (!ans->values[item]) ans->values[item] = arena_alloc(a, sizeof(q_value) * Q_MAX_ANSWERS_PER_ITEM);
    ans->values[item][ans->n[item]++] = v;
    return true;
}

/* Scores are sums of weights such as 0.1: compare them at a precision far
 * below any cut-off a questionnaire would use. */
static int num_cmp(double a, double b)
{
    double d = a - b;
    if (fabs(d) < 1e-9) return 0;
    return d < 0 ? -1 : 1;
}

/* -2 when the two cannot be ordered (different kinds, dates of different precision). */
static int value_cmp(const q_value *a, const q_value *b)
{
    if (a->kind == QV_NUM && b->kind == QV_NUM) return num_cmp(a->num, b->num);
    if (a->kind != b->kind) return -2;
    switch (a->kind) {
    case QV_BOOL: return a->b == b->b ? 0 : (a->b ? 1 : -1);
    case QV_STRING: {
        int c = strcmp(a->str, b->str);
        return c < 0 ? -1 : c > 0;
    }
    case QV_DATE: {
        /* FHIR: 2000-05 and 2000-05-17 cannot be ordered unless they differ
         * already in the part both have. */
        size_t la = strlen(a->str), lb = strlen(b->str), n = la < lb ? la : lb;
        int c = strncmp(a->str, b->str, n);
        if (c != 0) return c < 0 ? -1 : 1;
        return la == lb ? 0 : -2;
    }
    case QV_CODING:
        if (strcmp(a->str, b->str) != 0) return 1;  /* unequal; never ordered */
        if (a->system && b->system && strcmp(a->system, b->system) != 0) return 1;
        return 0;
    default: return -2;
    }
}

bool q_compare(q_op op, const q_value *answer, const q_value *expected)
{
    int c = value_cmp(answer, expected);
    if (c == -2) return false;
    bool coding = answer->kind == QV_CODING;
    switch (op) {
    case QOP_EQ: return c == 0;
    case QOP_NE: return c != 0;
    case QOP_GT: return !coding && c > 0;
    case QOP_LT: return !coding && c < 0;
    case QOP_GE: return !coding && c >= 0;
    case QOP_LE: return !coding && c <= 0;
    default: return false;
    }
}

typedef struct eval_ctx {
    const questionnaire *q;
    const q_answers *ans;
    char *state;   /* 0 unknown, 1 in progress, 2 enabled, 3 disabled */
} eval_ctx;

static bool enabled(eval_ctx *e, int i);

static bool condition_holds(eval_ctx *e, const q_condition *c)
{
    int t = c->question;
    /* A disabled question counts as unanswered, whatever was sent for it. */
    int n = enabled(e, t) ? e->ans->n[t] : 0;
    const q_value *vals = e->ans->values[t];
    switch (c->op) {
    case QOP_EXISTS:
        return (n > 0) == c->answer.b;
    case QOP_NE:
        /* R4: true if no answer has a value equal to the enableWhen answer. */
        for (int k = 0; k < n; k++)
            if (value_cmp(&vals[k], &c->answer) == 0) return false;
        return true;
    default:
        for (int k = 0; k < n; k++)
            if (q_compare(c->op, &vals[k], &c->answer)) return true;
        return false;
    }
}

static bool enabled(eval_ctx *e, int i)
{
    if (e->state[i] >= 2) return e->state[i] == 2;
    if (e->state[i] == 1) return false;   /* a cycle; import refuses them */
    e->state[i] = 1;
    const q_item *it = &e->q->items[i];
    bool on = true;
    if (it->parent >= 0 && !enabled(e, it->parent)) on = false;
    else if (it->n_conditions > 0) {
        on = !it->enable_any;
        for (int k = 0; k < it->n_conditions; k++) {
            bool h = condition_holds(e, &it->conditions[k]);
            if (it->enable_any && h) { on = true; break; }
            if (!it->enable_any && !h) { on = false; break; }
        }
    }
    e->state[i] = on ? 2 : 3;
    return on;
}

static const q_option *option_of(const q_item *it, const q_value *v)
{
    if (v->kind != QV_CODING) return NULL;
    for (int k = 0; k < it->n_options; k++)
        if (strcmp(it->options[k].code, v->str) == 0 &&
            (!v->system || !it->options[k].system || strcmp(v->system, it->options[k].system) == 0))
            return &it->options[k];
    return NULL;
}

static double answer_weight(const q_item *it, const q_answers *ans, int i)
{
    double w = 0;
    for (int k = 0; k < ans->n[i]; k++) {
        const q_option *o = option_of(it, &ans->values[i][k]);
        if (o && o->has_weight) w += o->weight;
    }
    return w;
}

void q_evaluate(arena *a, const questionnaire *q, q_answers *ans, q_result *out)
{
    memset(out, 0, sizeof *out);
    out->enabled = arena_alloc(a, sizeof *out->enabled * ((size_t)q->n_items + 1));
    out->group_score = arena_alloc(a, sizeof *out->group_score * ((size_t)q->n_items + 1));
    eval_ctx e = {.q = q, .ans = ans, .state = arena_alloc(a, (size_t)q->n_items + 1)};
    /* Decide every item before dropping anything: enableWhen reads the
     * answers as given, minus those of items that are themselves disabled. */
    for (int i = 0; i < q->n_items; i++) out->enabled[i] = enabled(&e, i);
    for (int i = 0; i < q->n_items; i++) {
        const q_item *it = &q->items[i];
        bool takes_answers = it->type != QT_GROUP && it->type != QT_DISPLAY && !it->calculated;
        if (!out->enabled[i] || !takes_answers) ans->n[i] = 0;
        if (ans->n[i] > 0) out->answered++;
    }
    for (int i = 0; i < q->n_items; i++) {
        double w = answer_weight(&q->items[i], ans, i);
        if (w == 0) continue;
        out->total += w;
        for (int p = q->items[i].parent; p >= 0; p = q->items[p].parent) out->group_score[p] += w;
    }
    out->rule = -1;
    out->urgency = QU_ROUTINE;
    for (int r = 0; r < q->n_rules; r++) {
        const q_rule *rule = &q->rules[r];
        if (rule->has_score) {
            double s = rule->score_scope >= 0 ? out->group_score[rule->score_scope] : out->total;
            q_value have = {.kind = QV_NUM, .num = s}, want = {.kind = QV_NUM, .num = rule->score_value};
            if (!q_compare(rule->score_op, &have, &want)) continue;
        }
        if (rule->flag_item >= 0) {
            int f = rule->flag_item;
            bool hit = false;
            for (int k = 0; k < ans->n[f] && !hit; k++)
                for (int c = 0; c < rule->n_flag_codes; c++)
                    if (ans->values[f][k].kind == QV_CODING && strcmp(ans->values[f][k].str, rule->flag_codes[c]) == 0) {
                        hit = true;
                        break;
                    }
            if (!hit) continue;
        }
        out->rule = r;
        out->urgency = rule->urgency;
        break;
    }
}

double q_calculated_value(const questionnaire *q, const q_answers *ans, const q_result *res, int item)
{
    (void)ans;
    if (item < 0 || item >= q->n_items || !q->items[item].calculated) return 0;
    int scope = q->items[item].calc.scope;
    if (scope < 0) return res->total;
    /* The scope item's own answer counts too when it is a question. */
    return res->group_score[scope] + answer_weight(&q->items[scope], ans, scope);
}
