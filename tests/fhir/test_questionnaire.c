/* The questionnaire engine: import of the HL7 SDC examples (accepted, or
 * refused naming the linkId and the feature), enableWhen with every
 * operator, disabled answers dropped, weights, rules at every cut-off. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "fhir/questionnaire.h"
#include "util/buf.h"

static arena A;

static json_t *load_text(const char *text)
{
    char err[200];
    json_t *doc = q_json_load(text, strlen(text), err, sizeof err);
    if (!doc) fail_msg("bad JSON in test: %s\n%s", err, text);
    return doc;
}

static json_t *load_sdc(const char *name)
{
    const char *dir = getenv("FHIR_SDC_DIR");
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir ? dir : "../shared/testdata/fhir-sdc", name);
    FILE *f = fopen(path, "rb");
    if (!f) fail_msg("%s is missing (set FHIR_SDC_DIR?)", path);
    buf b = {0};
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) buf_append(&b, chunk, n);
    fclose(f);
    char err[200];
    json_t *doc = q_json_load(b.data, b.len, err, sizeof err);
    if (!doc) fail_msg("%s: %s", path, err);
    buf_free(&b);
    return doc;
}

/* Whether some error names link_id and has every word of `words` in its diagnostics. */
static bool issue_names(const q_issues *is, const char *link_id, const char *words)
{
    for (int i = 0; i < is->count; i++) {
        const q_issue *x = &is->list[i];
        if (strcmp(x->severity, "error") != 0) continue;
        if (link_id && (!x->link_id || strcmp(x->link_id, link_id) != 0)) continue;
        if (!strstr(x->diagnostics, words)) continue;
        return true;
    }
    return false;
}

static void print_issues(const q_issues *is)
{
    for (int i = 0; i < is->count; i++)
        fprintf(stderr, "  %s %s [%s] %s\n", is->list[i].severity, is->list[i].code,
                is->list[i].link_id ? is->list[i].link_id : "-", is->list[i].diagnostics);
}

static int setup(void **state) { (void)state; arena_init(&A); return 0; }
static int teardown(void **state) { (void)state; arena_free_all(&A); return 0; }

/* ---- the peer test set ---- */

static void phq9_is_accepted_and_its_example_response_scores_by_its_answers(void **state)
{
    (void)state;
    json_t *doc = load_sdc("questionnaire-phq9.json");
    q_issues is = {0};
    questionnaire *q = q_parse(&A, doc, &is);
    if (!q) print_issues(&is);
    assert_non_null(q);
    int total = q_find(q, "H1/TS");
    assert_true(total >= 0);
    assert_true(q->items[total].calculated);
    assert_int_equal(q->items[total].calc.scope, -1);
    int q1 = q_find(q, "H1/T1/Q1");
    assert_int_equal(q->items[q1].n_options, 4);
    assert_true(q->items[q1].options[3].has_weight);
    assert_true(q->items[q1].options[3].weight == 3);

    json_t *resp = load_sdc("questionnaireresponse-phq9.json");
    q_issues ris = {0};
    q_answers *ans = q_response_parse(&A, q, resp, &ris);
    if (!ans) print_issues(&ris);
    assert_non_null(ans);
    q_result res;
    q_evaluate(&A, q, ans, &res);
    /* The response states 13 in H1/TS, but its own answers are
     * 0+0+0+1+2+1+3+2+1 = 10 with the ValueSet's ordinal values: the score
     * is computed from the answers, never copied from what a client says. */
    assert_true(q_calculated_value(q, ans, &res, total) == 10);
    assert_true(res.total == 10);
    assert_int_equal(res.answered, 9);
    json_decref(resp);
    json_decref(doc);
}

static void enablewhen_example_is_refused_naming_each_unsupported_item(void **state)
{
    (void)state;
    json_t *doc = load_sdc("questionnaire-test-enablewhen.json");
    q_issues is = {0};
    assert_null(q_parse(&A, doc, &is));
    /* time items, an external value set, coded answers compared with strings and numbers */
    assert_true(issue_names(&is, "datetime_question", "type time"));
    assert_true(issue_names(&is, "1acf93a7-0890-44cd-be48-542defb35248", "external value set"));
    assert_true(issue_names(&is, "e5da17a7-7546-45c5-9bcd-d0b09a74ty76", "answerString"));
    assert_true(issue_names(&is, "945b97b5-6d74-4a55-9be1-19897512jj89", "answerDecimal"));
    assert_true(issue_names(&is, "945b97b5-6d74-4a55-9be1-1989751233ew", "answerInteger"));
    /* and the operators it does use on supported types are not among the errors */
    assert_false(issue_names(&is, "date_greater_2000-01-01", ""));
    assert_false(issue_names(&is, "BOWOPTOTH", ""));
    json_t *oo = q_operation_outcome(&is);
    assert_string_equal(json_string_value(json_object_get(oo, "resourceType")), "OperationOutcome");
    assert_true(json_array_size(json_object_get(oo, "issue")) >= 5);
    json_decref(oo);
    json_decref(doc);
}

static void all_data_types_example_is_refused_for_each_unsupported_type(void **state)
{
    (void)state;
    json_t *doc = load_sdc("questionnaire-test-all-data-types.json");
    q_issues is = {0};
    assert_null(q_parse(&A, doc, &is));
    assert_true(issue_names(&is, "id-datetime", "type dateTime"));
    assert_true(issue_names(&is, "id-time", "type time"));
    assert_true(issue_names(&is, "id-attachment", "type attachment"));
    assert_true(issue_names(&is, "EF8E3936-3246-4B3E-A46C-9FDAA5ACB635", "type open-choice"));
    assert_true(issue_names(&is, "id-choice", "external value set"));
    /* supported types are not errors */
    assert_false(issue_names(&is, "id-string", ""));
    assert_false(issue_names(&is, "id-decimal", ""));
    assert_false(issue_names(&is, "id-date", ""));
    json_decref(doc);
}

static void required_field_example_is_refused_for_its_external_value_set(void **state)
{
    (void)state;
    json_t *doc = load_sdc("questionnaire-test-required-field.json");
    q_issues is = {0};
    assert_null(q_parse(&A, doc, &is));
    assert_true(issue_names(&is, "radio", "external value set"));
    assert_false(issue_names(&is, "radio2", ""));
    assert_int_equal(is.errors, 1);
    json_decref(doc);
}

static void repeating_groups_are_refused_by_linkid(void **state)
{
    (void)state;
    json_t *doc = load_sdc("questionnaire-test-repeatable-nested-groups.json");
    q_issues is = {0};
    assert_null(q_parse(&A, doc, &is));
    assert_true(issue_names(&is, "ba91450b-6e67-40dc-8629-0f1b60577774", "repeats"));
    assert_true(issue_names(&is, "68ca912397a145bd9e9f265702b5cf45", "repeats"));
    json_decref(doc);
}

/* ---- enableWhen ---- */

/* A questionnaire with one question of each type and a string item `t`
 * enabled by the condition under test. */
static questionnaire *with_condition(const char *condition, const char *behavior)
{
    char *text = arena_printf(&A,
        "{\"resourceType\":\"Questionnaire\",\"status\":\"active\",\"item\":["
        "{\"linkId\":\"b\",\"type\":\"boolean\"},"
        "{\"linkId\":\"i\",\"type\":\"integer\"},"
        "{\"linkId\":\"d\",\"type\":\"decimal\"},"
        "{\"linkId\":\"s\",\"type\":\"string\"},"
        "{\"linkId\":\"dt\",\"type\":\"date\"},"
        "{\"linkId\":\"c\",\"type\":\"choice\",\"repeats\":true,\"answerOption\":["
        "  {\"valueCoding\":{\"system\":\"x\",\"code\":\"1\"}},{\"valueCoding\":{\"system\":\"x\",\"code\":\"2\"}},"
        "  {\"valueCoding\":{\"system\":\"x\",\"code\":\"3\"}}]},"
        "{\"linkId\":\"t\",\"type\":\"string\",\"enableWhen\":[%s]%s%s%s}]}",
        condition, behavior ? ",\"enableBehavior\":\"" : "", behavior ? behavior : "", behavior ? "\"" : "");
    json_t *doc = load_text(text);
    q_issues is = {0};
    questionnaire *q = q_parse(&A, doc, &is);
    if (!q) { print_issues(&is); fail_msg("not accepted: %s", condition); }
    json_decref(doc);
    return q;
}

static q_value num(double d) { return (q_value){.kind = QV_NUM, .num = d, .is_integer = d == (long)d}; }
static q_value str(const char *s) { return (q_value){.kind = QV_STRING, .str = s}; }
static q_value date(const char *s) { return (q_value){.kind = QV_DATE, .str = s}; }
static q_value boolean(bool b) { return (q_value){.kind = QV_BOOL, .b = b}; }
static q_value code(const char *c) { return (q_value){.kind = QV_CODING, .str = c, .system = "x"}; }

/* Whether `t` is enabled when `question` has the given answers (n may be 0). */
static bool t_enabled(questionnaire *q, const char *question, const q_value *vals, int n)
{
    q_answers *ans = q_answers_new(&A, q);
    for (int k = 0; k < n; k++) q_answers_add(&A, ans, q_find(q, question), vals[k]);
    q_answers_add(&A, ans, q_find(q, "t"), str("kept?"));
    q_result res;
    q_evaluate(&A, q, ans, &res);
    bool on = res.enabled[q_find(q, "t")];
    /* the answer of a disabled item is dropped, of an enabled one kept */
    assert_int_equal(ans->n[q_find(q, "t")], on ? 1 : 0);
    return on;
}

static void every_operator_on_integers_at_its_boundary(void **state)
{
    (void)state;
    struct { const char *op; bool below, at, above; } cases[] = {
        {"=", false, true, false}, {"!=", true, false, true}, {">", false, false, true},
        {"<", true, false, false}, {">=", false, true, true}, {"<=", true, true, false},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        questionnaire *q = with_condition(
            arena_printf(&A, "{\"question\":\"i\",\"operator\":\"%s\",\"answerInteger\":5}", cases[k].op), NULL);
        q_value v4 = num(4), v5 = num(5), v6 = num(6);
        assert_int_equal(t_enabled(q, "i", &v4, 1), cases[k].below);
        assert_int_equal(t_enabled(q, "i", &v5, 1), cases[k].at);
        assert_int_equal(t_enabled(q, "i", &v6, 1), cases[k].above);
        /* unanswered: only != holds ("no answer equals") */
        assert_int_equal(t_enabled(q, "i", NULL, 0), strcmp(cases[k].op, "!=") == 0);
    }
}

static void every_operator_on_decimals_and_dates(void **state)
{
    (void)state;
    questionnaire *q = with_condition("{\"question\":\"d\",\"operator\":\">=\",\"answerDecimal\":2.5}", NULL);
    q_value a = num(2.4), b = num(2.5), c = num(2.6);
    assert_false(t_enabled(q, "d", &a, 1));
    assert_true(t_enabled(q, "d", &b, 1));
    assert_true(t_enabled(q, "d", &c, 1));
    q = with_condition("{\"question\":\"d\",\"operator\":\"<\",\"answerInteger\":3}", NULL);
    assert_true(t_enabled(q, "d", &c, 1));

    q = with_condition("{\"question\":\"dt\",\"operator\":\">\",\"answerDate\":\"2000-01-01\"}", NULL);
    q_value before = date("1999-12-31"), same = date("2000-01-01"), after = date("2000-01-02");
    assert_false(t_enabled(q, "dt", &before, 1));
    assert_false(t_enabled(q, "dt", &same, 1));
    assert_true(t_enabled(q, "dt", &after, 1));
    q = with_condition("{\"question\":\"dt\",\"operator\":\"<=\",\"answerDate\":\"2000-01-01\"}", NULL);
    assert_true(t_enabled(q, "dt", &before, 1));
    assert_true(t_enabled(q, "dt", &same, 1));
    assert_false(t_enabled(q, "dt", &after, 1));
    /* a year cannot be ordered against a day in that year */
    q_value year = date("2000");
    assert_false(t_enabled(q, "dt", &year, 1));
}

static void equality_on_booleans_strings_and_codings(void **state)
{
    (void)state;
    questionnaire *q = with_condition("{\"question\":\"b\",\"operator\":\"=\",\"answerBoolean\":true}", NULL);
    q_value yes = boolean(true), no = boolean(false);
    assert_true(t_enabled(q, "b", &yes, 1));
    assert_false(t_enabled(q, "b", &no, 1));
    q = with_condition("{\"question\":\"s\",\"operator\":\"!=\",\"answerString\":\"x\"}", NULL);
    q_value x = str("x"), y = str("y");
    assert_false(t_enabled(q, "s", &x, 1));
    assert_true(t_enabled(q, "s", &y, 1));
    /* a repeating choice: = holds if any answer matches, != if none does */
    q = with_condition("{\"question\":\"c\",\"operator\":\"=\",\"answerCoding\":{\"system\":\"x\",\"code\":\"2\"}}", NULL);
    q_value two[] = {code("1"), code("2")}, one[] = {code("1"), code("3")};
    assert_true(t_enabled(q, "c", two, 2));
    assert_false(t_enabled(q, "c", one, 2));
    q = with_condition("{\"question\":\"c\",\"operator\":\"!=\",\"answerCoding\":{\"system\":\"x\",\"code\":\"2\"}}", NULL);
    assert_false(t_enabled(q, "c", two, 2));
    assert_true(t_enabled(q, "c", one, 2));
}

static void exists_true_and_false(void **state)
{
    (void)state;
    questionnaire *q = with_condition("{\"question\":\"s\",\"operator\":\"exists\",\"answerBoolean\":true}", NULL);
    q_value x = str("x");
    assert_true(t_enabled(q, "s", &x, 1));
    assert_false(t_enabled(q, "s", NULL, 0));
    q = with_condition("{\"question\":\"s\",\"operator\":\"exists\",\"answerBoolean\":false}", NULL);
    assert_false(t_enabled(q, "s", &x, 1));
    assert_true(t_enabled(q, "s", NULL, 0));
}

static void any_and_all(void **state)
{
    (void)state;
    const char *two = "{\"question\":\"i\",\"operator\":\">\",\"answerInteger\":1},"
                      "{\"question\":\"i\",\"operator\":\"<\",\"answerInteger\":3}";
    questionnaire *all = with_condition(two, "all"), *any = with_condition(two, "any");
    q_value v0 = num(0), v2 = num(2), v5 = num(5);
    assert_true(t_enabled(all, "i", &v2, 1));    /* 1 < 2 < 3 */
    assert_false(t_enabled(all, "i", &v5, 1));
    assert_false(t_enabled(all, "i", &v0, 1));
    assert_true(t_enabled(any, "i", &v5, 1));    /* > 1 */
    assert_true(t_enabled(any, "i", &v0, 1));    /* < 3 */
    assert_false(t_enabled(any, "i", NULL, 0));
}

static void nested_groups_and_chains_drop_disabled_answers(void **state)
{
    (void)state;
    /* g is enabled by a = true; inside it q1; c2 is enabled by q1 = yes,
     * outside the group. Turning a off disables g, q1, and so c2, whose
     * answer (and its weight) must then count for nothing. */
    json_t *doc = load_text(
        "{\"resourceType\":\"Questionnaire\",\"status\":\"active\",\"item\":["
        "{\"linkId\":\"a\",\"type\":\"boolean\"},"
        "{\"linkId\":\"g\",\"type\":\"group\",\"enableWhen\":[{\"question\":\"a\",\"operator\":\"=\",\"answerBoolean\":true}],"
        " \"item\":[{\"linkId\":\"q1\",\"type\":\"choice\",\"answerOption\":["
        "   {\"valueCoding\":{\"code\":\"yes\"},\"extension\":[{\"url\":\"http://hl7.org/fhir/StructureDefinition/itemWeight\",\"valueDecimal\":2}]},"
        "   {\"valueCoding\":{\"code\":\"no\"}}]}]},"
        "{\"linkId\":\"c2\",\"type\":\"choice\",\"enableWhen\":[{\"question\":\"q1\",\"operator\":\"=\",\"answerCoding\":{\"code\":\"yes\"}}],"
        " \"answerOption\":[{\"valueCoding\":{\"code\":\"z\"},\"extension\":[{\"url\":\"http://hl7.org/fhir/StructureDefinition/ordinalValue\",\"valueInteger\":5}]}]}]}");
    q_issues is = {0};
    questionnaire *q = q_parse(&A, doc, &is);
    if (!q) print_issues(&is);
    assert_non_null(q);
    for (int on = 0; on <= 1; on++) {
        q_answers *ans = q_answers_new(&A, q);
        q_answers_add(&A, ans, q_find(q, "a"), boolean(on));
        q_answers_add(&A, ans, q_find(q, "q1"), (q_value){.kind = QV_CODING, .str = "yes"});
        q_answers_add(&A, ans, q_find(q, "c2"), (q_value){.kind = QV_CODING, .str = "z"});
        q_result res;
        q_evaluate(&A, q, ans, &res);
        assert_int_equal(res.enabled[q_find(q, "q1")], on);
        assert_int_equal(res.enabled[q_find(q, "c2")], on);
        assert_int_equal(ans->n[q_find(q, "c2")], on);
        assert_true(res.total == (on ? 7 : 0));
        assert_true(res.group_score[q_find(q, "g")] == (on ? 2 : 0));
    }
    json_decref(doc);
}

/* ---- outcome rules ---- */

#define RULES_DOC \
    "{\"resourceType\":\"Questionnaire\",\"status\":\"active\",\"extension\":[" \
    "{\"url\":\"https://kohtaamo.fi/fhir/StructureDefinition/outcome-rule\",\"extension\":[" \
    "  {\"url\":\"urgency\",\"valueCode\":\"emergency\"},{\"url\":\"answeredItem\",\"valueString\":\"harm\"}," \
    "  {\"url\":\"answeredCode\",\"valueCode\":\"often\"},{\"url\":\"answeredCode\",\"valueCode\":\"daily\"}," \
    "  {\"url\":\"advice\",\"valueString\":\"Soita 112\",\"_valueString\":{\"extension\":[{\"url\":\"http://hl7.org/fhir/StructureDefinition/translation\"," \
    "    \"extension\":[{\"url\":\"lang\",\"valueCode\":\"sv\"},{\"url\":\"content\",\"valueString\":\"Ring 112\"}]}]}}]}," \
    "{\"url\":\"https://kohtaamo.fi/fhir/StructureDefinition/outcome-rule\",\"extension\":[" \
    "  {\"url\":\"urgency\",\"valueCode\":\"urgent\"},{\"url\":\"scoreOperator\",\"valueCode\":\">=\"},{\"url\":\"scoreValue\",\"valueInteger\":6}," \
    "  {\"url\":\"advice\",\"valueString\":\"Tanaan\"}]}," \
    "{\"url\":\"https://kohtaamo.fi/fhir/StructureDefinition/outcome-rule\",\"extension\":[" \
    "  {\"url\":\"urgency\",\"valueCode\":\"days\"},{\"url\":\"scoreGroup\",\"valueString\":\"mood\"}," \
    "  {\"url\":\"scoreOperator\",\"valueCode\":\">\"},{\"url\":\"scoreValue\",\"valueDecimal\":2}," \
    "  {\"url\":\"advice\",\"valueString\":\"Paivien sisalla\"}]}," \
    "{\"url\":\"https://kohtaamo.fi/fhir/StructureDefinition/outcome-rule\",\"extension\":[" \
    "  {\"url\":\"urgency\",\"valueCode\":\"selfcare\"},{\"url\":\"advice\",\"valueString\":\"Omahoito\"}]}]," \
    "\"item\":[{\"linkId\":\"mood\",\"type\":\"group\",\"item\":[" \
    "  {\"linkId\":\"m1\",\"type\":\"choice\",\"answerOption\":[%s]}," \
    "  {\"linkId\":\"m2\",\"type\":\"choice\",\"answerOption\":[%s]}]}," \
    " {\"linkId\":\"sleep\",\"type\":\"choice\",\"answerOption\":[%s]}," \
    " {\"linkId\":\"harm\",\"type\":\"choice\",\"answerOption\":[" \
    "  {\"valueCoding\":{\"code\":\"never\"}},{\"valueCoding\":{\"code\":\"often\"}},{\"valueCoding\":{\"code\":\"daily\"}}]}]}"

static const char *scale =
    "{\"valueCoding\":{\"code\":\"0\"},\"extension\":[{\"url\":\"http://hl7.org/fhir/StructureDefinition/ordinalValue\",\"valueInteger\":0}]},"
    "{\"valueCoding\":{\"code\":\"1\"},\"extension\":[{\"url\":\"http://hl7.org/fhir/StructureDefinition/ordinalValue\",\"valueInteger\":1}]},"
    "{\"valueCoding\":{\"code\":\"2\"},\"extension\":[{\"url\":\"http://hl7.org/fhir/StructureDefinition/ordinalValue\",\"valueInteger\":2}]},"
    "{\"valueCoding\":{\"code\":\"3\"},\"extension\":[{\"url\":\"http://hl7.org/fhir/StructureDefinition/ordinalValue\",\"valueInteger\":3}]}";

static q_urgency outcome(questionnaire *q, const char *m1, const char *m2, const char *sleep, const char *harm)
{
    q_answers *ans = q_answers_new(&A, q);
    const char *ids[] = {"m1", "m2", "sleep", "harm"}, *vals[] = {m1, m2, sleep, harm};
    for (int k = 0; k < 4; k++)
        if (vals[k]) q_answers_add(&A, ans, q_find(q, ids[k]), (q_value){.kind = QV_CODING, .str = vals[k]});
    q_result res;
    q_evaluate(&A, q, ans, &res);
    assert_true(res.rule >= 0);
    return res.urgency;
}

static void rules_first_match_wins_at_every_cut_off(void **state)
{
    (void)state;
    json_t *doc = load_text(arena_printf(&A, RULES_DOC, scale, scale, scale));
    q_issues is = {0};
    questionnaire *q = q_parse(&A, doc, &is);
    if (!q) print_issues(&is);
    assert_non_null(q);
    assert_int_equal(q->n_rules, 4);
    assert_string_equal(q_text_get(&q->rules[0].advice, "sv", NULL), "Ring 112");
    const char *tl;
    assert_string_equal(q_text_get(&q->rules[1].advice, "sv", &tl), "Tanaan");  /* falls back, visibly */
    assert_string_equal(tl, "fi");
    /* red flag wins whatever the score */
    assert_int_equal(outcome(q, "0", "0", "0", "often"), QU_EMERGENCY);
    assert_int_equal(outcome(q, "3", "3", "3", "daily"), QU_EMERGENCY);
    /* total 6 is urgent, 5 is not */
    assert_int_equal(outcome(q, "3", "3", "0", "never"), QU_URGENT);
    assert_int_equal(outcome(q, "2", "1", "3", "never"), QU_URGENT);
    assert_int_equal(outcome(q, "2", "1", "2", NULL), QU_DAYS);      /* total 5; mood 3 > 2 */
    /* mood group: 3 > 2 days, 2 is not */
    assert_int_equal(outcome(q, "1", "1", "3", "never"), QU_SELFCARE);  /* total 5, mood 2 */
    assert_int_equal(outcome(q, "2", "0", "0", "never"), QU_SELFCARE);
    assert_int_equal(outcome(q, "0", "0", "0", NULL), QU_SELFCARE);
    json_decref(doc);
}

static void bad_rules_are_refused(void **state)
{
    (void)state;
    /* the last rule with a condition: some answers would get no outcome */
    char *text = arena_printf(&A, RULES_DOC, scale, scale, scale);
    char *last = strstr(text, "{\"url\":\"urgency\",\"valueCode\":\"selfcare\"}");
    assert_non_null(last);
    char *bad = arena_printf(&A, "%.*s{\"url\":\"scoreOperator\",\"valueCode\":\"<\"},{\"url\":\"scoreValue\",\"valueInteger\":1},%s",
                             (int)(last - text), text, last);
    json_t *doc = load_text(bad);
    q_issues is = {0};
    assert_null(q_parse(&A, doc, &is));
    assert_true(issue_names(&is, NULL, "last outcome rule must have no condition"));
    json_decref(doc);
    /* a red flag naming a code the item does not offer */
    char *bad2 = arena_strdup(&A, text);
    char *p = strstr(bad2, "\"valueCode\":\"often\"");
    memcpy(p, "\"valueCode\":\"oftex\"", 19);
    doc = load_text(bad2);
    is = (q_issues){0};
    assert_null(q_parse(&A, doc, &is));
    assert_true(issue_names(&is, "harm", "does not offer the code oftex"));
    json_decref(doc);
}

/* ---- import errors ---- */

static void import_errors_name_linkid_and_feature(void **state)
{
    (void)state;
    struct { const char *doc, *link_id, *words; } cases[] = {
        {"{\"resourceType\":\"Patient\"}", NULL, "not Questionnaire"},
        {"{\"resourceType\":\"Questionnaire\",\"status\":\"active\",\"item\":[{\"linkId\":\"x\",\"type\":\"string\","
         "\"enableWhen\":[{\"question\":\"nope\",\"operator\":\"=\",\"answerString\":\"a\"}]}]}", "x", "unknown linkId nope"},
        {"{\"resourceType\":\"Questionnaire\",\"status\":\"active\",\"item\":[{\"linkId\":\"x\",\"type\":\"attachment\"}]}",
         "x", "type attachment"},
        {"{\"resourceType\":\"Questionnaire\",\"status\":\"active\",\"item\":[{\"linkId\":\"x\",\"type\":\"string\","
         "\"extension\":[{\"url\":\"http://hl7.org/fhir/StructureDefinition/questionnaire-hidden\",\"valueBoolean\":true}]}]}",
         "x", "questionnaire-hidden"},
        {"{\"resourceType\":\"Questionnaire\",\"status\":\"active\",\"item\":[{\"linkId\":\"x\",\"type\":\"integer\","
         "\"extension\":[{\"url\":\"" Q_EXT_CALCULATED "\",\"valueExpression\":{\"language\":\"text/fhirpath\","
         "\"expression\":\"%resource.item.count()\"}}]}]}", "x", "is not supported"},
        {"{\"resourceType\":\"Questionnaire\",\"status\":\"active\",\"item\":[{\"linkId\":\"a\",\"type\":\"string\","
         "\"enableWhen\":[{\"question\":\"b\",\"operator\":\"exists\",\"answerBoolean\":true}]},"
         "{\"linkId\":\"b\",\"type\":\"string\",\"enableWhen\":[{\"question\":\"a\",\"operator\":\"exists\",\"answerBoolean\":true}]}]}",
         NULL, "cycle"},
        {"{\"resourceType\":\"Questionnaire\",\"status\":\"active\",\"item\":[{\"linkId\":\"a\",\"type\":\"string\"},"
         "{\"linkId\":\"a\",\"type\":\"string\"}]}", "a", "used twice"},
        {"{\"resourceType\":\"Questionnaire\",\"status\":\"active\",\"item\":[{\"linkId\":\"a\",\"type\":\"integer\"},"
         "{\"linkId\":\"b\",\"type\":\"string\",\"enableWhen\":[{\"question\":\"a\",\"operator\":\"~\",\"answerInteger\":1}]}]}",
         "b", "unknown operator ~"},
        {"{\"resourceType\":\"Questionnaire\",\"status\":\"active\",\"item\":[{\"linkId\":\"a\",\"type\":\"integer\"},"
         "{\"linkId\":\"b\",\"type\":\"string\",\"enableWhen\":[{\"question\":\"a\",\"operator\":\">\",\"answerInteger\":1},"
         "{\"question\":\"a\",\"operator\":\"<\",\"answerInteger\":5}]}]}", "b", "no enableBehavior"},
        {"{\"resourceType\":\"Questionnaire\",\"status\":\"active\",\"modifierExtension\":[],\"item\":[{\"linkId\":\"a\",\"type\":\"string\"}]}",
         NULL, "modifierExtension"},
        {"{\"resourceType\":\"Questionnaire\",\"status\":\"active\",\"item\":[{\"linkId\":\"g\",\"type\":\"group\",\"repeats\":true,"
         "\"item\":[{\"linkId\":\"a\",\"type\":\"string\"}]}]}", "g", "repeats"},
        {"{\"resourceType\":\"Questionnaire\",\"status\":\"active\",\"item\":[{\"linkId\":\"c\",\"type\":\"choice\","
         "\"answerOption\":[{\"valueString\":\"a\"}]}]}", "c", "only valueCoding"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        json_t *doc = load_text(cases[k].doc);
        q_issues is = {0};
        if (q_parse(&A, doc, &is)) fail_msg("accepted: %s", cases[k].doc);
        if (!issue_names(&is, cases[k].link_id, cases[k].words)) {
            print_issues(&is);
            fail_msg("no issue [%s] \"%s\" for %s", cases[k].link_id ? cases[k].link_id : "-", cases[k].words, cases[k].doc);
        }
        json_decref(doc);
    }
}

static void response_errors_are_reported(void **state)
{
    (void)state;
    questionnaire *q = with_condition("{\"question\":\"i\",\"operator\":\"=\",\"answerInteger\":1}", NULL);
    struct { const char *doc, *words; } cases[] = {
        {"{\"resourceType\":\"Questionnaire\"}", "not QuestionnaireResponse"},
        {"{\"resourceType\":\"QuestionnaireResponse\",\"item\":[{\"linkId\":\"zz\",\"answer\":[{\"valueString\":\"a\"}]}]}", "not in the questionnaire"},
        {"{\"resourceType\":\"QuestionnaireResponse\",\"item\":[{\"linkId\":\"i\",\"answer\":[{\"valueString\":\"a\"}]}]}", "does not fit"},
        {"{\"resourceType\":\"QuestionnaireResponse\",\"item\":[{\"linkId\":\"i\",\"answer\":[{\"valueInteger\":1},{\"valueInteger\":2}]}]}", "takes one answer"},
        {"{\"resourceType\":\"QuestionnaireResponse\",\"item\":[{\"linkId\":\"c\",\"answer\":[{\"valueCoding\":{\"code\":\"9\"}}]}]}", "does not offer the code 9"},
        {"{\"resourceType\":\"QuestionnaireResponse\",\"item\":[{\"linkId\":\"dt\",\"answer\":[{\"valueDate\":\"2023-02-29\"}]}]}", "does not fit"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        json_t *doc = load_text(cases[k].doc);
        q_issues is = {0};
        assert_null(q_response_parse(&A, q, doc, &is));
        if (!issue_names(&is, NULL, cases[k].words)) {
            print_issues(&is);
            fail_msg("no issue \"%s\" for %s", cases[k].words, cases[k].doc);
        }
        json_decref(doc);
    }
}

/* ---- the model outlives its JSON ---- */

static void model_keeps_its_strings_after_the_json_is_freed(void **state)
{
    (void)state;
    /* The self-assessment cache keeps parsed models and frees the JSON:
     * nothing in the model may point into it. */
    json_t *doc = load_text("{\"resourceType\":\"Questionnaire\",\"status\":\"active\",\"language\":\"sv\","
                            "\"url\":\"https://example.org/q\",\"title\":\"Enk\u00e4t\","
                            "\"item\":[{\"linkId\":\"a\",\"type\":\"string\",\"text\":\"Namn\"}]}");
    q_issues is = {0};
    questionnaire *q = q_parse(&A, doc, &is);
    assert_non_null(q);
    json_decref(doc);
    /* reuse the freed memory */
    for (int k = 0; k < 64; k++) {
        json_t *junk = json_pack("{s:s}", "language", "xxxxxxxxxxxxxxxx");
        json_decref(junk);
    }
    assert_string_equal(q->base_lang, "sv");
    assert_string_equal(q->url, "https://example.org/q");
    assert_string_equal(q_text_get(&q->title, "sv", NULL), "Enk\xc3\xa4t");
    assert_string_equal(q_text_get(&q->items[0].text, "sv", NULL), "Namn");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(phq9_is_accepted_and_its_example_response_scores_by_its_answers, setup, teardown),
        cmocka_unit_test_setup_teardown(enablewhen_example_is_refused_naming_each_unsupported_item, setup, teardown),
        cmocka_unit_test_setup_teardown(all_data_types_example_is_refused_for_each_unsupported_type, setup, teardown),
        cmocka_unit_test_setup_teardown(required_field_example_is_refused_for_its_external_value_set, setup, teardown),
        cmocka_unit_test_setup_teardown(repeating_groups_are_refused_by_linkid, setup, teardown),
        cmocka_unit_test_setup_teardown(every_operator_on_integers_at_its_boundary, setup, teardown),
        cmocka_unit_test_setup_teardown(every_operator_on_decimals_and_dates, setup, teardown),
        cmocka_unit_test_setup_teardown(equality_on_booleans_strings_and_codings, setup, teardown),
        cmocka_unit_test_setup_teardown(exists_true_and_false, setup, teardown),
        cmocka_unit_test_setup_teardown(any_and_all, setup, teardown),
        cmocka_unit_test_setup_teardown(nested_groups_and_chains_drop_disabled_answers, setup, teardown),
        cmocka_unit_test_setup_teardown(rules_first_match_wins_at_every_cut_off, setup, teardown),
        cmocka_unit_test_setup_teardown(bad_rules_are_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(import_errors_name_linkid_and_feature, setup, teardown),
        cmocka_unit_test_setup_teardown(response_errors_are_reported, setup, teardown),
        cmocka_unit_test_setup_teardown(model_keeps_its_strings_after_the_json_is_freed, setup, teardown),
    };
    return cmocka_run_group_tests_name("fhir questionnaire", tests, NULL, NULL);
}
