/* The pure survey logic (src/surveys/logic.c): when a conditional question
 * or page is shown, and how answers are validated and turned into rows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "surveys/surveys.h"
#include "view/i18n.h"

/* A survey built by hand:
 *   page 0: Q1 single (options 11 "yes", 12 "no", other allowed, required)
 *           Q2 longtext, shown when Q1 = 11
 *           Q3 multi (31, 32, 33)
 *           Q4 yesno
 *   page 1: shown when Q3 includes 32
 *           Q5 scale 1..5 required, Q6 nps, Q7 matrix rows 71,72 columns 73,74,75 required
 *           Q8 ranking 81, 82, 83; Q9 text, shown when Q4 = yes (1) */
static survey_option opts1[] = {{11, 1, false, {"Kyllä", "Ja", ""}}, {12, 2, false, {"Ei", "Nej", ""}}};
static survey_option opts3[] = {{31, 1, false, {"A", "", ""}}, {32, 2, false, {"B", "", ""}}, {33, 3, false, {"C", "", ""}}};
static survey_option cols7[] = {{73, 1, false, {"Hyvä", "", ""}}, {74, 2, false, {"Keskinkertainen", "", ""}}, {75, 3, false, {"Huono", "", ""}}};
static survey_option rows7[] = {{71, 1, true, {"Ajanvaraus", "", ""}}, {72, 2, true, {"Vastaanotto", "", ""}}};
static survey_option opts8[] = {{81, 1, false, {"X", "", ""}}, {82, 2, false, {"Y", "", ""}}, {83, 3, false, {"Z", "", ""}}};

static survey S;
static survey_question Q[9];
static survey_page P[2];

static void build(void)
{
    memset(&S, 0, sizeof S);
    memset(Q, 0, sizeof Q);
    memset(P, 0, sizeof P);
    static const char *const empty3[3] = {"", "", ""};
    for (int i = 0; i < 9; i++) {
        Q[i].id = i + 1;
        Q[i].position = i + 1;
        Q[i].page_index = i < 4 ? 0 : 1;
        Q[i].page_id = i < 4 ? 100 : 101;
        memcpy(Q[i].text, (const char *[3]){"Kysymys", "Fråga", ""}, sizeof Q[i].text);
        memcpy(Q[i].help, empty3, sizeof Q[i].help);
        memcpy(Q[i].min_label, empty3, sizeof Q[i].min_label);
        memcpy(Q[i].max_label, empty3, sizeof Q[i].max_label);
        Q[i].scale_min = 1, Q[i].scale_max = 5;
    }
    Q[0].kind = SQ_SINGLE, Q[0].required = true, Q[0].has_other = true, Q[0].options = opts1, Q[0].noptions = 2;
    Q[1].kind = SQ_LONGTEXT, Q[1].cond_question_id = 1, Q[1].cond_option_id = 11;
    Q[2].kind = SQ_MULTI, Q[2].options = opts3, Q[2].noptions = 3;
    Q[3].kind = SQ_YESNO;
    Q[4].kind = SQ_SCALE, Q[4].required = true;
    Q[5].kind = SQ_NPS, Q[5].scale_min = 0, Q[5].scale_max = 10;
    Q[6].kind = SQ_MATRIX, Q[6].required = true, Q[6].options = cols7, Q[6].noptions = 3, Q[6].rows = rows7, Q[6].nrows = 2;
    Q[7].kind = SQ_RANKING, Q[7].options = opts8, Q[7].noptions = 3;
    Q[8].kind = SQ_TEXT, Q[8].cond_question_id = 4, Q[8].cond_option_id = 1;
    P[0] = (survey_page){.id = 100, .position = 1, .first_question = 0, .nquestions = 4};
    P[1] = (survey_page){.id = 101, .position = 2, .cond_question_id = 3, .cond_option_id = 32, .first_question = 4, .nquestions = 5};
    S.id = 1;
    S.status = "published";
    S.pages = P, S.npages = 2;
    S.questions = Q, S.nquestions = 9;
    memcpy(S.title, (const char *[3]){"Kysely", "Enkät", ""}, sizeof S.title);
    memcpy(S.intro, empty3, sizeof S.intro);
}

/* A form from NULL-terminated name, value pairs. */
static form F(const char *const *pairs)
{
    static form_field fields[64];
    form f = {fields, 0};
    for (int i = 0; pairs[i]; i += 2) {
        fields[f.count].name = pairs[i];
        fields[f.count].value = pairs[i + 1];
        fields[f.count].len = strlen(pairs[i + 1]);
        f.count++;
    }
    return f;
}

static arena A;
static bool A_used;

/* Rows live in A until the next call. */
static int validate(const form *f, int page, survey_answer **items, int *n, survey_error *errs)
{
    if (A_used) arena_free_all(&A);
    arena_init(&A);
    A_used = true;
    return survey_validate(&S, f, page, &A, items, n, errs, 16);
}

static void conditions_follow_the_answers_so_far(void **state)
{
    (void)state;
    build();
    form none = F((const char *const[]){NULL});
    assert_false(survey_question_visible(&S, &Q[1], &none));   /* Q1 unanswered */
    assert_true(survey_question_visible(&S, &Q[2], &none));    /* no condition */
    assert_false(survey_page_visible(&S, 1, &none));
    form yes = F((const char *const[]){"q1", "11", NULL});
    assert_true(survey_question_visible(&S, &Q[1], &yes));
    form no = F((const char *const[]){"q1", "12", NULL});
    assert_false(survey_question_visible(&S, &Q[1], &no));
    /* multi: "contains" */
    form b = F((const char *const[]){"q3", "31", "q3", "32", NULL});
    assert_true(survey_page_visible(&S, 1, &b));
    form c = F((const char *const[]){"q3", "33", NULL});
    assert_false(survey_page_visible(&S, 1, &c));
    /* a question on a hidden page is hidden whatever its own condition */
    form y4 = F((const char *const[]){"q4", "1", "q3", "33", NULL});
    assert_false(survey_question_visible(&S, &Q[8], &y4));
    form y4b = F((const char *const[]){"q4", "1", "q3", "32", NULL});
    assert_true(survey_question_visible(&S, &Q[8], &y4b));
    form n4 = F((const char *const[]){"q4", "0", "q3", "32", NULL});
    assert_false(survey_question_visible(&S, &Q[8], &n4));
    /* a condition on a hidden question does not hold */
    Q[2].cond_question_id = 2, Q[2].cond_option_id = 99;
    assert_false(survey_page_visible(&S, 1, &b));
    /* and a cycle written by hand ends */
    Q[0].cond_question_id = 3, Q[0].cond_option_id = 31;
    Q[2].cond_question_id = 1, Q[2].cond_option_id = 11;
    assert_false(survey_question_visible(&S, &Q[0], &b));
}

static bool has_error(const survey_error *errs, int n, int64_t qid, const char *msgid)
{
    for (int i = 0; i < n; i++)
        if (errs[i].question_id == qid && strcmp(errs[i].msgid, msgid) == 0) return true;
    return false;
}

static void page_one_rules(void **state)
{
    (void)state;
    build();
    survey_answer *items;
    int n;
    survey_error errs[16];
    /* Q1 required */
    form f = F((const char *const[]){NULL});
    assert_int_equal(validate(&f, 0, &items, &n, errs), 1);
    assert_true(has_error(errs, 1, 1, "This question needs an answer."));
    /* unknown option, two options for one choice, "other" without text */
    f = F((const char *const[]){"q1", "13", NULL});
    assert_int_equal(validate(&f, 0, &items, &n, errs), 1);
    assert_true(has_error(errs, 1, 1, "Choose one of the options shown."));
    f = F((const char *const[]){"q1", "11", "q1", "12", NULL});
    assert_int_equal(validate(&f, 0, &items, &n, errs), 1);
    assert_true(has_error(errs, 1, 1, "Choose only one option."));
    f = F((const char *const[]){"q1", "other", "q1_other", "  ", NULL});
    assert_int_equal(validate(&f, 0, &items, &n, errs), 1);
    /* other with text: stored as text without option */
    f = F((const char *const[]){"q1", "other", "q1_other", "Ehkä", "q3", "31", "q3", "33", "q3", "31", "q4", "0", NULL});
    assert_int_equal(validate(&f, 0, &items, &n, errs), 0);
    assert_int_equal(n, 4);   /* other, 31, 33 (the repeat counted once), no */
    assert_int_equal(items[0].question_id, 1);
    assert_int_equal(items[0].option_id, 0);
    assert_string_equal(items[0].value_text, "Ehkä");
    assert_int_equal(items[1].option_id, 31);
    assert_int_equal(items[2].option_id, 33);
    assert_true(items[3].has_int);
    assert_int_equal(items[3].value_int, 0);
    /* Q2's text is dropped when Q1 is not "yes", kept when it is */
    f = F((const char *const[]){"q1", "12", "q2", "Piilotettu", NULL});
    assert_int_equal(validate(&f, 0, &items, &n, errs), 0);
    assert_int_equal(n, 1);
    f = F((const char *const[]){"q1", "11", "q2", "Näkyvä", NULL});
    assert_int_equal(validate(&f, 0, &items, &n, errs), 0);
    assert_int_equal(n, 2);
    assert_string_equal(items[1].value_text, "Näkyvä");
    /* yes/no accepts only 1 and 0 */
    f = F((const char *const[]){"q1", "11", "q4", "2", NULL});
    assert_int_equal(validate(&f, 0, &items, &n, errs), 1);
    assert_true(has_error(errs, 1, 4, "Choose yes or no."));
}

static void scales_matrix_and_ranking(void **state)
{
    (void)state;
    build();
    survey_answer *items;
    int n;
    survey_error errs[16];
    const char *base[] = {"q3", "32"};   /* shows page 1 */
    form f = F((const char *const[]){base[0], base[1], "q5", "6", "q6", "11", "q7_r71", "73", NULL});
    assert_int_equal(validate(&f, 1, &items, &n, errs), 3);
    assert_true(has_error(errs, 3, 5, "Choose a value on the scale shown."));
    assert_true(has_error(errs, 3, 6, "Choose a value on the scale shown."));
    assert_true(has_error(errs, 3, 7, "Answer every row."));   /* row 72 missing */
    f = F((const char *const[]){base[0], base[1], "q5", "0", NULL});
    assert_true(validate(&f, 1, &items, &n, errs) >= 1);
    assert_true(has_error(errs, 16, 5, "Choose a value on the scale shown."));
    f = F((const char *const[]){base[0], base[1], "q5", "3x", NULL});
    validate(&f, 1, &items, &n, errs);
    assert_true(has_error(errs, 16, 5, "Choose a value on the scale shown."));
    /* a matrix column that belongs to another question */
    f = F((const char *const[]){base[0], base[1], "q5", "5", "q7_r71", "73", "q7_r72", "31", NULL});
    assert_int_equal(validate(&f, 1, &items, &n, errs), 1);
    assert_true(has_error(errs, 1, 7, "Choose one of the options shown."));
    /* ranking: each rank once, all or none */
    f = F((const char *const[]){base[0], base[1], "q5", "5", "q7_r71", "73", "q7_r72", "75", "q8_o81", "1", "q8_o82", "1", "q8_o83", "2", NULL});
    assert_int_equal(validate(&f, 1, &items, &n, errs), 1);
    assert_true(has_error(errs, 1, 8, "Give each item a different rank, from 1 to the number of items."));
    f = F((const char *const[]){base[0], base[1], "q5", "5", "q7_r71", "73", "q7_r72", "75", "q8_o81", "1", NULL});
    assert_int_equal(validate(&f, 1, &items, &n, errs), 1);
    assert_true(has_error(errs, 1, 8, "Rank every item."));
    f = F((const char *const[]){base[0], base[1], "q5", "5", "q7_r71", "73", "q7_r72", "75", "q8_o81", "4", "q8_o82", "1", "q8_o83", "2", NULL});
    assert_int_equal(validate(&f, 1, &items, &n, errs), 1);
    /* all fine: NPS 0 and 10 are in range */
    f = F((const char *const[]){base[0], base[1], "q5", "5", "q6", "0", "q7_r71", "73", "q7_r72", "75",
                                "q8_o81", "3", "q8_o82", "1", "q8_o83", "2", NULL});
    assert_int_equal(validate(&f, 1, &items, &n, errs), 0);
    assert_int_equal(n, 1 + 1 + 2 + 3);
    assert_int_equal(items[2].row_option_id, 71);
    assert_int_equal(items[2].option_id, 73);
    assert_int_equal(items[4].option_id, 81);
    assert_int_equal(items[4].rank, 3);
    f = F((const char *const[]){base[0], base[1], "q5", "1", "q6", "10", "q7_r71", "74", "q7_r72", "74", NULL});
    assert_int_equal(validate(&f, 1, &items, &n, errs), 0);
    /* the whole survey at once: page 1 hidden, so its answers are dropped */
    f = F((const char *const[]){"q1", "12", "q3", "31", "q5", "99", "q7_r71", "1000", NULL});
    assert_int_equal(validate(&f, -1, &items, &n, errs), 0);
    assert_int_equal(n, 2);
}

static void completeness_lists_missing_texts(void **state)
{
    (void)state;
    char err[256];
    if (i18n_load("po", err, sizeof err) != 0) fail_msg("%s", err);
    build();
    static arena a;
    arena_init(&a);
    const char **items;
    /* fi complete: title and every question and option */
    for (int i = 0; i < 9; i++) Q[i].text[0] = "Kysymys";
    assert_int_equal(survey_missing_texts(&S, 0, &a, "en", &items), 0);
    /* sv: Q3's three options, Q7's columns and rows, Q8's items lack Swedish; Q2.. have texts */
    int n = survey_missing_texts(&S, 1, &a, "en", &items);
    assert_int_equal(n, 3 + 5 + 3);
    assert_string_equal(items[0], "Question 3: option 1");
    /* a help text written in one language is needed in the others */
    Q[0].help[0] = "Valitse yksi";
    assert_int_equal(survey_missing_texts(&S, 1, &a, "en", &items), 12);
    assert_string_equal(items[0], "Question 1: help text");
    n = survey_missing_texts(&S, 1, &a, "fi", &items);
    assert_string_equal(items[0], "Kysymys 1: ohjeteksti");
    arena_free_all(&a);
    i18n_unload();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(conditions_follow_the_answers_so_far),
        cmocka_unit_test(page_one_rules),
        cmocka_unit_test(scales_matrix_and_ranking),
        cmocka_unit_test(completeness_lists_missing_texts),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    if (A_used) arena_free_all(&A);
    return rc;
}
