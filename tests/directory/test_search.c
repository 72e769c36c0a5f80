/* Finding services by inflected Finnish and Swedish words. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>
#include "directory/search.h"

static void lower_cases_nordic_letters(void **state)
{
    (void)state;
    char out[64];
    dir_lower("ÄITIYSNEUVOLA Åbo Öljy", out, sizeof out);
    assert_string_equal(out, "äitiysneuvola åbo öljy");
    char small[6];   /* "ŠÄÄ" is 6 bytes: the last letter does not fit, and is not cut in half */
    dir_lower("ŠÄÄ", small, sizeof small);
    assert_string_equal(small, "šä");
    char w[DIR_MAX_WORDS][DIR_WORD_MAX];
    assert_int_equal(dir_query_words("  Perheneuvolaan, ja  TANDVÅRD!", w), 2);
    assert_string_equal(w[0], "perheneuvolaan");
    assert_string_equal(w[1], "tandvård");
}

static void inflected_forms_match(void **state)
{
    (void)state;
    assert_true(dir_word_matches("perheneuvola", "perheneuvola"));
    assert_true(dir_word_matches("perheneuvolaan", "perheneuvola"));
    assert_true(dir_word_matches("perheneuvolassa", "perheneuvola"));
    assert_true(dir_word_matches("perheneuv", "perheneuvola"));
    assert_true(dir_word_matches("familjerådgivningen", "familjerådgivning"));
    assert_true(dir_word_matches("rådgivningen", "familjerådgivning"));
    assert_true(dir_word_matches("hammashoidon", "hammashoito"));
    assert_true(dir_word_matches("tandvården", "tandvård"));
    assert_true(dir_word_matches("fysioterapeutille", "fysioterapeutti") ||
                dir_word_matches("fysioterapiaan", "fysioterapia"));
    assert_true(dir_word_matches("neuvolaan", "lastenneuvola"));
    assert_true(dir_word_in_text("kotihoitoon", "Kotihoito ja kotisairaala"));
}

static void unrelated_words_do_not_match(void **state)
{
    (void)state;
    assert_false(dir_word_matches("hammashoito", "perheneuvola"));
    assert_false(dir_word_matches("tandvård", "familjerådgivning"));
    assert_false(dir_word_matches("kotihoito", "hammashoito"));
    assert_false(dir_word_matches("perhe", "päihdepalvelut"));
    assert_false(dir_word_matches("ab", "abc"));
    assert_false(dir_word_in_text("sosiaalityö", "Suun terveydenhuolto"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lower_cases_nordic_letters),
        cmocka_unit_test(inflected_forms_match),
        cmocka_unit_test(unrelated_words_do_not_match),
    };
    return cmocka_run_group_tests_name("directory search", tests, NULL, NULL);
}
