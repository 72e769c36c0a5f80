/* The four demonstration self-assessments in demo/questionnaires/: each is
 * imported with no issue at all, every text is there in Finnish, Swedish and
 * English, and answer sheets a resident could fill in get the urgency the
 * rules promise: red flags whatever the score, each score cut-off at the
 * cut-off and one below, and answers to disabled follow-up questions
 * counting for nothing. A sheet is a list of "linkId=code" answers; every
 * rule of every questionnaire must be reached by some sheet here.
 *
 * The sheet the browser test fills in (mental-health.json, outcome "days":
 * contact mental health services within a few days; PHQ-9 12, moderate, no
 * thoughts of self-harm):
 *   phq1=more-than-half   phq2=more-than-half     (PHQ-2 4: the follow-up opens)
 *   phq3=more-than-half   phq4=more-than-half   phq5=several-days
 *   phq6=several-days     phq7=several-days     phq8=several-days   phq9=not-at-all
 *   gad1=several-days     gad2=several-days       (GAD-2 2)
 *   audit1=monthly-or-less  audit2=1-2  audit3=never   (AUDIT-C 1)
 *   harm-now=no           someone=yes             (more-info left empty)
 * It is BROWSER_DAYS_SHEET below; keep the two in step. */
#include <ctype.h>
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

static const char *const SLUGS[] = {"mental-health", "family-support", "respiratory", "older-people"};
#define N_DEMOS (sizeof SLUGS / sizeof *SLUGS)

static json_t *load_demo_json(const char *slug)
{
    char path[256];
    snprintf(path, sizeof path, "demo/questionnaires/%s.json", slug);
    FILE *f = fopen(path, "rb");
    if (!f) fail_msg("%s is missing (run the test from the repository root)", path);
    buf b = BUF_INIT;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) buf_append(&b, chunk, n);
    fclose(f);
    char err[200];
    json_t *doc = q_json_load(b.data, b.len, err, sizeof err);
    buf_free(&b);
    if (!doc) fail_msg("%s: %s", path, err);
    return doc;
}

static questionnaire *load_demo(const char *slug)
{
    json_t *doc = load_demo_json(slug);
    q_issues is = {0};
    questionnaire *q = q_parse(&A, doc, &is);
    for (int i = 0; i < is.count; i++)
        fprintf(stderr, "  %s: %s %s [%s] %s\n", slug, is.list[i].severity, is.list[i].code,
                is.list[i].link_id ? is.list[i].link_id : "-", is.list[i].diagnostics);
    if (!q || is.count) fail_msg("%s.json is not accepted cleanly (%d issues)", slug, is.count);
    json_decref(doc);   /* the model holds copies */
    return q;
}

/* ---- answer sheets ---- */

static bool sheet_names(const char *const *sheet, const char *link_id)
{
    size_t n = strlen(link_id);
    for (; sheet && *sheet; sheet++)
        if (strncmp(*sheet, link_id, n) == 0 && (*sheet)[n] == '=') return true;
    return false;
}

static void add_answers(questionnaire *q, q_answers *ans, const char *const *sheet, const char *const *skip, int line)
{
    for (; sheet && *sheet; sheet++) {
        const char *eq = strchr(*sheet, '=');
        if (!eq) fail_msg("line %d: \"%s\" is not linkId=code", line, *sheet);
        char *link_id = arena_strndup(&A, *sheet, (size_t)(eq - *sheet));
        if (skip && sheet_names(skip, link_id)) continue;
        int i = q_find(q, link_id);
        if (i < 0 || q->items[i].type != QT_CHOICE) fail_msg("line %d: no choice item %s", line, link_id);
        /* a mistyped code would silently score nothing: every code must be offered */
        bool offered = false;
        for (int k = 0; k < q->items[i].n_options; k++) offered |= strcmp(q->items[i].options[k].code, eq + 1) == 0;
        if (!offered) fail_msg("line %d: %s does not offer the code %s", line, link_id, eq + 1);
        q_answers_add(&A, ans, i, (q_value){.kind = QV_CODING, .str = eq + 1});
    }
}

/* Evaluates base with the answers in extra replacing base's answers to the same items. */
static q_result evaluate_sheet(questionnaire *q, const char *const *base, const char *const *extra, q_answers **ans_out,
                               int line)
{
    q_answers *ans = q_answers_new(&A, q);
    add_answers(q, ans, base, extra, line);
    add_answers(q, ans, extra, NULL, line);
    q_result res;
    q_evaluate(&A, q, ans, &res);
    if (res.rule < 0) fail_msg("line %d: no rule matched", line);
    if (ans_out) *ans_out = ans;
    return res;
}

static int expect_sheet(questionnaire *q, bool *hit, q_urgency want, const char *const *base, const char *const *extra,
                        int line)
{
    q_result res = evaluate_sheet(q, base, extra, NULL, line);
    if (res.urgency != want)
        fail_msg("line %d: the sheet gives %s (rule %d, total %g), not %s", line, q_urgency_code(res.urgency),
                 res.rule + 1, res.total, q_urgency_code(want));
    hit[res.rule] = true;
    return res.rule;
}

#define SHEET(...) ((const char *const[]){__VA_ARGS__, NULL})
/* EXPECT(urgency, base sheet, "linkId=code", ...): the rule that matched. */
#define EXPECT(want, base, ...) expect_sheet(q, hit, want, base, SHEET(__VA_ARGS__), __LINE__)

static void assert_every_rule_reached(const questionnaire *q, const bool *hit, const char *slug)
{
    for (int r = 0; r < q->n_rules; r++)
        if (!hit[r]) fail_msg("%s: no sheet reaches rule %d (%s)", slug, r + 1, q_urgency_code(q->rules[r].urgency));
}

static double group_score(questionnaire *q, const q_result *res, const char *link_id)
{
    int g = q_find(q, link_id);
    assert_true(g >= 0);
    return res->group_score[g];
}

/* ---- import and metadata ---- */

static void each_demo_is_accepted_with_its_metadata(void **state)
{
    (void)state;
    for (size_t d = 0; d < N_DEMOS; d++) {
        json_t *doc = load_demo_json(SLUGS[d]);
        questionnaire *q = load_demo(SLUGS[d]);
        char *url = arena_printf(&A, "https://kohtaamo.fi/fhir/Questionnaire/%s", SLUGS[d]);
        assert_string_equal(q->url, url);
        assert_string_equal(q->version, "1");
        assert_string_equal(q->status, "active");
        assert_string_equal(q->base_lang, "fi");
        assert_non_null(q->name);
        assert_true(json_is_true(json_object_get(doc, "experimental")));
        assert_string_equal(json_string_value(json_object_get(doc, "language")), "fi");
        /* 3-5 pages (top-level groups), each opening with 2-6 questions */
        q_answers *none = q_answers_new(&A, q);
        q_result res;
        q_evaluate(&A, q, none, &res);
        int pages = 0;
        for (int i = 0; i < q->n_items; i = q->items[i].end) {
            if (q->items[i].type != QT_GROUP) fail_msg("%s: %s is outside a page group", SLUGS[d], q->items[i].link_id);
            pages++;
            int shown = 0, required = 0;
            for (int k = i + 1; k < q->items[i].end; k++) {
                if (q->items[k].type == QT_GROUP || q->items[k].type == QT_DISPLAY) continue;
                shown += res.enabled[k];
                required += q->items[k].required;
            }
            if (shown < 2 || shown > 6) fail_msg("%s: page %s opens with %d questions", SLUGS[d], q->items[i].link_id, shown);
            if (!required) fail_msg("%s: page %s has no required question", SLUGS[d], q->items[i].link_id);
        }
        assert_in_range(pages, 3, 5);
        json_decref(doc);
    }
}

/* ---- texts ---- */

static bool has_letters(const char *s)
{
    for (; *s; s++)
        if (isalpha((unsigned char)*s) || (unsigned char)*s >= 0x80) return true;
    return false;
}

static void check_text(const char *slug, const char *what, const q_text *t)
{
    static const char *const names[Q_NLANG] = {"fi", "sv", "en"};
    for (int l = 0; l < Q_NLANG; l++)
        if (!t->by_lang[l] || !*t->by_lang[l]) fail_msg("%s: %s has no %s text", slug, what, names[l]);
    /* an untranslated copy of the Finnish is no translation, unless it is only a number */
    for (int l = Q_SV; l < Q_NLANG; l++)
        if (strcmp(t->by_lang[l], t->by_lang[Q_FI]) == 0 && has_letters(t->by_lang[Q_FI]))
            fail_msg("%s: the %s text of %s is the Finnish one: %s", slug, names[l], what, t->by_lang[Q_FI]);
}

static void every_text_is_in_finnish_swedish_and_english(void **state)
{
    (void)state;
    for (size_t d = 0; d < N_DEMOS; d++) {
        const char *slug = SLUGS[d];
        questionnaire *q = load_demo(slug);
        check_text(slug, "the title", &q->title);
        check_text(slug, "the description", &q->description);
        for (int i = 0; i < q->n_items; i++) {
            const q_item *it = &q->items[i];
            check_text(slug, it->link_id, &it->text);
            for (int k = 0; k < it->n_options; k++) {
                /* without a display the engine shows the code: that is not a text */
                if (it->options[k].display.by_lang[Q_FI] == it->options[k].code)
                    fail_msg("%s: option %s of %s has no display", slug, it->options[k].code, it->link_id);
                check_text(slug, arena_printf(&A, "option %s of %s", it->options[k].code, it->link_id),
                           &it->options[k].display);
            }
        }
        for (int r = 0; r < q->n_rules; r++)
            check_text(slug, arena_printf(&A, "the advice of rule %d", r + 1), &q->rules[r].advice);
    }
}

static void descriptions_say_demonstration_and_not_clinically_validated(void **state)
{
    (void)state;
    static const char *const words[Q_NLANG][2] = {
        {"esittelysisältöä", "ei ole kliinisesti validoitu"},
        {"demonstrationsinnehåll", "inte kliniskt validerad"},
        {"demonstration content", "not clinically validated"},
    };
    for (size_t d = 0; d < N_DEMOS; d++) {
        questionnaire *q = load_demo(SLUGS[d]);
        for (int l = 0; l < Q_NLANG; l++)
            for (int w = 0; w < 2; w++)
                if (!strstr(q->description.by_lang[l], words[l][w]))
                    fail_msg("%s: the description in language %d does not say \"%s\"", SLUGS[d], l, words[l][w]);
    }
}

/* ---- rules ---- */

static void rules_are_ordered_and_their_advice_says_what_to_do(void **state)
{
    (void)state;
    bool used[QU_COUNT] = {0};
    for (size_t d = 0; d < N_DEMOS; d++) {
        questionnaire *q = load_demo(SLUGS[d]);
        assert_true(q->n_rules >= 4);
        /* red flags first; the last rule catches every other sheet */
        assert_int_equal(q->rules[0].urgency, QU_EMERGENCY);
        assert_true(q->rules[0].flag_item >= 0);
        const q_rule *last = &q->rules[q->n_rules - 1];
        assert_true(last->urgency == QU_SELFCARE || last->urgency == QU_ROUTINE);
        bool has_days = false;
        for (int r = 0; r < q->n_rules; r++) {
            const q_rule *rule = &q->rules[r];
            used[rule->urgency] = true;
            has_days |= rule->urgency == QU_DAYS;
            /* never less urgent before more urgent: first match wins */
            if (r > 0) assert_true(rule->urgency >= q->rules[r - 1].urgency);
            for (int l = 0; l < Q_NLANG; l++) {
                const char *advice = rule->advice.by_lang[l];
                if (rule->urgency == QU_EMERGENCY && !strstr(advice, "112"))
                    fail_msg("%s rule %d: emergency advice without 112: %s", SLUGS[d], r + 1, advice);
                if (rule->urgency == QU_URGENT && !strstr(advice, "116 117"))
                    fail_msg("%s rule %d: urgent advice without 116 117: %s", SLUGS[d], r + 1, advice);
            }
            if (rule->urgency == QU_DAYS) {
                assert_non_null(strstr(rule->advice.by_lang[Q_FI], "takaisinsoittoa"));
                assert_non_null(strstr(rule->advice.by_lang[Q_SV], "uppringd"));
                assert_non_null(strstr(rule->advice.by_lang[Q_EN], "callback"));
            }
            if (rule->urgency == QU_ROUTINE) {
                assert_non_null(strstr(rule->advice.by_lang[Q_FI], "sähköisessä asioinnissa"));
                assert_non_null(strstr(rule->advice.by_lang[Q_SV], "e-tjänsten"));
                assert_non_null(strstr(rule->advice.by_lang[Q_EN], "e-service"));
            }
        }
        if (!has_days) fail_msg("%s has no \"days\" rule", SLUGS[d]);
    }
    for (int u = 0; u < QU_COUNT; u++)
        if (!used[u]) fail_msg("no demo questionnaire has a %s rule", q_urgency_code((q_urgency)u));
}

/* ---- mental health ---- */

#define BROWSER_DAYS_SHEET                                                                                   \
    SHEET("phq1=more-than-half", "phq2=more-than-half", "phq3=more-than-half", "phq4=more-than-half",       \
          "phq5=several-days", "phq6=several-days", "phq7=several-days", "phq8=several-days", "phq9=not-at-all", \
          "gad1=several-days", "gad2=several-days", "audit1=monthly-or-less", "audit2=1-2", "audit3=never",     \
          "harm-now=no", "someone=yes")

static const char *const MH_CALM[] = {"phq1=not-at-all", "phq2=not-at-all", "gad1=not-at-all", "gad2=not-at-all",
                                      "audit1=never", "harm-now=no", "someone=yes", NULL};
/* PHQ-2 at 2+2 opens the follow-up; the rest of PHQ-9 at 0 */
static const char *const MH_FOLLOW_UP[] = {"phq1=more-than-half", "phq2=more-than-half", "phq3=not-at-all",
                                           "phq4=not-at-all", "phq5=not-at-all", "phq6=not-at-all", "phq7=not-at-all",
                                           "phq8=not-at-all", "phq9=not-at-all", "gad1=not-at-all", "gad2=not-at-all",
                                           "audit1=never", "harm-now=no", NULL};

static void mental_health_sheets(void **state)
{
    (void)state;
    questionnaire *q = load_demo("mental-health");
    bool hit[Q_MAX_RULES] = {0};
    assert_int_equal(EXPECT(QU_SELFCARE, MH_CALM, "someone=yes"), q->n_rules - 1);
    /* the direct question is a red flag at any score */
    assert_int_equal(EXPECT(QU_EMERGENCY, MH_CALM, "harm-now=yes"), 0);
    EXPECT(QU_EMERGENCY, MH_FOLLOW_UP, "harm-now=yes", "phq9=nearly-every-day", "audit1=4-or-more-a-week",
           "audit2=10-or-more", "audit3=daily");
    /* PHQ-9 item 9 answered at all: today, even with PHQ-9 at 3 */
    assert_int_equal(EXPECT(QU_URGENT, MH_FOLLOW_UP, "phq2=not-at-all", "phq9=several-days"), 1);
    /* PHQ-9 20 (severe) is urgent, 19 is days */
    assert_int_equal(EXPECT(QU_URGENT, MH_FOLLOW_UP, "phq1=nearly-every-day", "phq2=nearly-every-day",
                            "phq3=nearly-every-day", "phq4=nearly-every-day", "phq5=more-than-half",
                            "phq6=more-than-half", "phq7=more-than-half", "phq8=more-than-half"), 2);
    assert_int_equal(EXPECT(QU_DAYS, MH_FOLLOW_UP, "phq1=nearly-every-day", "phq2=nearly-every-day",
                            "phq3=nearly-every-day", "phq4=nearly-every-day", "phq5=more-than-half",
                            "phq6=more-than-half", "phq7=more-than-half", "phq8=several-days"), 3);
    /* PHQ-9 10 (moderate) is days, 9 is routine */
    assert_int_equal(EXPECT(QU_DAYS, MH_FOLLOW_UP, "phq3=more-than-half", "phq4=several-days", "phq5=several-days",
                            "phq6=several-days", "phq7=several-days"), 3);
    assert_int_equal(EXPECT(QU_ROUTINE, MH_FOLLOW_UP, "phq3=more-than-half", "phq4=several-days",
                            "phq5=several-days", "phq6=several-days"), 7);
    /* PHQ-9 5 (mild) is routine, 4 is self-care */
    assert_int_equal(EXPECT(QU_ROUTINE, MH_FOLLOW_UP, "phq2=not-at-all", "phq3=several-days", "phq4=several-days",
                            "phq5=several-days"), 7);
    assert_int_equal(EXPECT(QU_SELFCARE, MH_FOLLOW_UP, "phq2=not-at-all", "phq3=several-days", "phq4=several-days"),
                     q->n_rules - 1);
    /* AUDIT-C 8 is days, 7 routine; 5 routine, 4 self-care */
    assert_int_equal(EXPECT(QU_DAYS, MH_CALM, "audit1=4-or-more-a-week", "audit2=5-6", "audit3=monthly"), 4);
    assert_int_equal(EXPECT(QU_ROUTINE, MH_CALM, "audit1=4-or-more-a-week", "audit2=5-6", "audit3=less-than-monthly"), 6);
    assert_int_equal(EXPECT(QU_ROUTINE, MH_CALM, "audit1=2-3-a-week", "audit2=3-4", "audit3=less-than-monthly"), 6);
    assert_int_equal(EXPECT(QU_SELFCARE, MH_CALM, "audit1=2-3-a-week", "audit2=3-4", "audit3=never"), q->n_rules - 1);
    /* GAD-2 3 is routine, 2 self-care */
    assert_int_equal(EXPECT(QU_ROUTINE, MH_CALM, "gad1=more-than-half", "gad2=several-days"), 5);
    assert_int_equal(EXPECT(QU_SELFCARE, MH_CALM, "gad1=several-days", "gad2=several-days"), q->n_rules - 1);
    assert_every_rule_reached(q, hit, "mental-health");
}

static void mental_health_browser_sheet_gives_days(void **state)
{
    (void)state;
    questionnaire *q = load_demo("mental-health");
    q_result res = evaluate_sheet(q, BROWSER_DAYS_SHEET, NULL, NULL, __LINE__);
    assert_int_equal(res.urgency, QU_DAYS);
    assert_true(group_score(q, &res, "mood") == 12);
    assert_true(group_score(q, &res, "anxiety") == 2);
    assert_true(group_score(q, &res, "alcohol") == 1);
    assert_string_equal(q->rules[res.rule].advice.by_lang[Q_EN],
                        "Your answers suggest symptoms of depression. Contact mental health and substance use services "
                        "within a few days. You can request a callback.");
    assert_int_equal(res.answered, 16);
}

/* ---- family support ---- */

static const char *const FAMILY_WELL[] = {"child-age=1-6", "child-age=7-12", "coping=well", "rest=yes",
                                          "worry-behaviour=no", "worry-wellbeing=no", "conflicts=rarely", "safety=no",
                                          "network=yes", "help-wanted=peer", NULL};

static void family_support_sheets(void **state)
{
    (void)state;
    questionnaire *q = load_demo("family-support");
    bool hit[Q_MAX_RULES] = {0};
    assert_int_equal(EXPECT(QU_SELFCARE, FAMILY_WELL, "coping=well"), q->n_rules - 1);
    /* danger now is an emergency at any score; violence or fear without it, today */
    assert_int_equal(EXPECT(QU_EMERGENCY, FAMILY_WELL, "safety=danger-now"), 0);
    EXPECT(QU_EMERGENCY, FAMILY_WELL, "safety=danger-now", "coping=exhausted", "rest=rarely", "conflicts=daily");
    assert_int_equal(EXPECT(QU_URGENT, FAMILY_WELL, "safety=yes"), 1);
    /* an exhausted parent: within days even when the total is low (3) */
    assert_int_equal(EXPECT(QU_DAYS, FAMILY_WELL, "coping=exhausted"), 2);
    /* total 8 is days, 7 routine */
    assert_int_equal(EXPECT(QU_DAYS, FAMILY_WELL, "coping=tired", "rest=rarely", "worry-behaviour=a-lot",
                            "worry-wellbeing=a-little", "conflicts=sometimes"), 3);
    assert_int_equal(EXPECT(QU_ROUTINE, FAMILY_WELL, "coping=tired", "rest=rarely", "worry-behaviour=a-lot",
                            "worry-wellbeing=a-little"), 4);
    /* total 4 is routine, 3 self-care */
    assert_int_equal(EXPECT(QU_ROUTINE, FAMILY_WELL, "coping=mostly-well", "rest=sometimes",
                            "worry-behaviour=a-little", "network=some"), 4);
    assert_int_equal(EXPECT(QU_SELFCARE, FAMILY_WELL, "coping=mostly-well", "rest=sometimes",
                            "worry-behaviour=a-little"), q->n_rules - 1);
    assert_every_rule_reached(q, hit, "family-support");
}

/* ---- respiratory ---- */

static const char *const RESP_MILD[] = {"danger-signs=none", "worse=no", "fever-days=none", "breath-exertion=no",
                                        "other-symptoms=cough", "other-symptoms=runny-nose", "duration=under-a-week",
                                        "risk-group=none", NULL};

static void respiratory_sheets(void **state)
{
    (void)state;
    questionnaire *q = load_demo("respiratory");
    bool hit[Q_MAX_RULES] = {0};
    assert_int_equal(EXPECT(QU_SELFCARE, RESP_MILD, "other-symptoms=sore-throat"), q->n_rules - 1);
    /* each red flag is an emergency, also ticked together with "none" */
    static const char *const flags[] = {"danger-signs=breathless-at-rest", "danger-signs=chest-pain",
                                        "danger-signs=confusion", "danger-signs=blue-lips"};
    for (size_t k = 0; k < sizeof flags / sizeof *flags; k++) {
        assert_int_equal(EXPECT(QU_EMERGENCY, RESP_MILD, flags[k]), 0);
        EXPECT(QU_EMERGENCY, RESP_MILD, "danger-signs=none", flags[k]);
    }
    /* a risk group (score 1) makes breathlessness and a long fever urgent; without one (0), days */
    assert_int_equal(EXPECT(QU_URGENT, RESP_MILD, "breath-exertion=yes", "risk-group=age-65"), 1);
    assert_int_equal(EXPECT(QU_DAYS, RESP_MILD, "breath-exertion=yes", "risk-group=none"), 3);
    assert_int_equal(EXPECT(QU_URGENT, RESP_MILD, "fever-days=over-3", "risk-group=pregnant"), 2);
    assert_int_equal(EXPECT(QU_DAYS, RESP_MILD, "fever-days=over-3"), 4);
    assert_int_equal(EXPECT(QU_DAYS, RESP_MILD, "worse=yes"), 5);
    assert_int_equal(EXPECT(QU_DAYS, RESP_MILD, "fever-days=up-to-3", "risk-group=chronic"), 6);
    assert_int_equal(EXPECT(QU_SELFCARE, RESP_MILD, "fever-days=up-to-3"), q->n_rules - 1);
    assert_int_equal(EXPECT(QU_ROUTINE, RESP_MILD, "duration=over-3-weeks"), 7);
    assert_every_rule_reached(q, hit, "respiratory");
}

/* ---- older people ---- */

static const char *const OLDER_WELL[] = {"red-flags=none", "answering-for=self", "fell=no", "fear=no",
                                         "shopping=on-my-own", "cooking=on-my-own", "washing=on-my-own",
                                         "medicines=fine", "memory=no", "lonely=rarely", "carer=no-carer", NULL};

static void older_people_sheets(void **state)
{
    (void)state;
    questionnaire *q = load_demo("older-people");
    bool hit[Q_MAX_RULES] = {0};
    assert_int_equal(EXPECT(QU_SELFCARE, OLDER_WELL, "answering-for=someone-else"), q->n_rules - 1);
    static const char *const flags[] = {"red-flags=fell-cannot-get-up", "red-flags=sudden-confusion",
                                        "red-flags=one-side-weakness"};
    for (size_t k = 0; k < sizeof flags / sizeof *flags; k++)
        assert_int_equal(EXPECT(QU_EMERGENCY, OLDER_WELL, flags[k]), 0);
    /* could not get up after a fall, or an exhausted carer: within days at any score */
    assert_int_equal(EXPECT(QU_DAYS, OLDER_WELL, "fell=once", "got-up=no"), 1);
    assert_int_equal(EXPECT(QU_DAYS, OLDER_WELL, "carer=exhausted"), 2);
    /* falls 4 is days, 3 (total 3) self-care */
    assert_int_equal(EXPECT(QU_DAYS, OLDER_WELL, "fell=more-than-once", "got-up=yes", "fear=a-lot"), 3);
    assert_int_equal(EXPECT(QU_SELFCARE, OLDER_WELL, "fell=more-than-once", "got-up=yes", "fear=a-little"),
                     q->n_rules - 1);
    /* total 10 is days, 9 routine */
    assert_int_equal(EXPECT(QU_DAYS, OLDER_WELL, "fear=a-little", "shopping=cannot", "cooking=some-help",
                            "washing=some-help", "medicines=sometimes-forget", "memory=a-little", "lonely=often",
                            "carer=tired"), 4);
    assert_int_equal(EXPECT(QU_ROUTINE, OLDER_WELL, "fear=a-little", "shopping=cannot", "cooking=some-help",
                            "washing=some-help", "medicines=sometimes-forget", "memory=a-little", "lonely=often",
                            "carer=well"), 5);
    /* total 5 is routine, 4 self-care */
    assert_int_equal(EXPECT(QU_ROUTINE, OLDER_WELL, "fear=a-little", "shopping=some-help", "cooking=some-help",
                            "memory=a-little", "lonely=sometimes"), 5);
    assert_int_equal(EXPECT(QU_SELFCARE, OLDER_WELL, "fear=a-little", "shopping=some-help", "cooking=some-help",
                            "memory=a-little"), q->n_rules - 1);
    assert_every_rule_reached(q, hit, "older-people");
}

/* ---- disabled follow-up questions ---- */

static void disabled_follow_up_answers_do_not_count(void **state)
{
    (void)state;
    questionnaire *q = load_demo("mental-health");
    q_answers *ans;
    /* PHQ-2 at 1+1 keeps the follow-up closed: its answers, item 9 included, are dropped */
    const char *const *follow_up = SHEET("phq3=nearly-every-day", "phq4=nearly-every-day", "phq5=nearly-every-day",
                                         "phq6=nearly-every-day", "phq7=nearly-every-day", "phq8=nearly-every-day",
                                         "phq9=nearly-every-day", "phq1=several-days", "phq2=several-days");
    q_result res = evaluate_sheet(q, MH_CALM, follow_up, &ans, __LINE__);
    assert_int_equal(res.urgency, QU_SELFCARE);
    assert_false(res.enabled[q_find(q, "phq9")]);
    assert_int_equal(ans->n[q_find(q, "phq9")], 0);
    assert_true(group_score(q, &res, "mood") == 2);
    /* the same answers with PHQ-1 at "more than half the days" count, item 9 first */
    const char *const *opened = SHEET("phq3=nearly-every-day", "phq4=nearly-every-day", "phq5=nearly-every-day",
                                      "phq6=nearly-every-day", "phq7=nearly-every-day", "phq8=nearly-every-day",
                                      "phq9=nearly-every-day", "phq1=more-than-half", "phq2=several-days");
    res = evaluate_sheet(q, MH_CALM, opened, NULL, __LINE__);
    assert_int_equal(res.urgency, QU_URGENT);
    assert_true(group_score(q, &res, "mood") == 24);
    /* AUDIT-C: never drinking closes questions 2 and 3, whatever was sent for them */
    res = evaluate_sheet(q, MH_CALM, SHEET("audit1=never", "audit2=10-or-more", "audit3=daily"), NULL, __LINE__);
    assert_int_equal(res.urgency, QU_SELFCARE);
    assert_true(group_score(q, &res, "alcohol") == 0);
    res = evaluate_sheet(q, MH_CALM, SHEET("audit1=monthly-or-less", "audit2=10-or-more", "audit3=daily"), NULL, __LINE__);
    assert_int_equal(res.urgency, QU_DAYS);
    assert_true(group_score(q, &res, "alcohol") == 9);

    /* older people: "could not get up" counts only after a fall */
    q = load_demo("older-people");
    res = evaluate_sheet(q, OLDER_WELL, SHEET("fell=no", "got-up=no"), &ans, __LINE__);
    assert_int_equal(res.urgency, QU_SELFCARE);
    assert_int_equal(ans->n[q_find(q, "got-up")], 0);
    res = evaluate_sheet(q, OLDER_WELL, SHEET("fell=once", "got-up=no"), NULL, __LINE__);
    assert_int_equal(res.urgency, QU_DAYS);
}

static int setup(void **state) { (void)state; arena_init(&A); return 0; }
static int teardown(void **state) { (void)state; arena_free_all(&A); return 0; }

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(each_demo_is_accepted_with_its_metadata, setup, teardown),
        cmocka_unit_test_setup_teardown(every_text_is_in_finnish_swedish_and_english, setup, teardown),
        cmocka_unit_test_setup_teardown(descriptions_say_demonstration_and_not_clinically_validated, setup, teardown),
        cmocka_unit_test_setup_teardown(rules_are_ordered_and_their_advice_says_what_to_do, setup, teardown),
        cmocka_unit_test_setup_teardown(mental_health_sheets, setup, teardown),
        cmocka_unit_test_setup_teardown(mental_health_browser_sheet_gives_days, setup, teardown),
        cmocka_unit_test_setup_teardown(family_support_sheets, setup, teardown),
        cmocka_unit_test_setup_teardown(respiratory_sheets, setup, teardown),
        cmocka_unit_test_setup_teardown(older_people_sheets, setup, teardown),
        cmocka_unit_test_setup_teardown(disabled_follow_up_answers_do_not_count, setup, teardown),
    };
    return cmocka_run_group_tests_name("demo questionnaires", tests, NULL, NULL);
}
