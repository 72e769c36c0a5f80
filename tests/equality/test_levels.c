/* Level comparison of the equal access matrix: ranks, the standard, Swedish. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "equality/levels.h"

static void ranks_follow_the_schema(void **state)
{
    (void)state;
    assert_int_equal(eq_level_rank("walk_in_daily"), 1);
    assert_int_equal(eq_level_rank("by_appointment"), 2);
    assert_int_equal(eq_level_rank("weekly_days"), 3);
    assert_int_equal(eq_level_rank("remote_only"), 4);
    assert_int_equal(eq_level_rank("not_offered"), 5);
    assert_int_equal(eq_level_rank("sometimes"), 0);
    assert_int_equal(eq_level_rank(""), 0);
    assert_int_equal(eq_level_rank(NULL), 0);
}

static void meeting_the_standard(void **state)
{
    (void)state;
    assert_true(eq_level_meets(1, 2));    /* better than asked */
    assert_true(eq_level_meets(2, 2));    /* exactly */
    assert_false(eq_level_meets(3, 2));   /* worse */
    assert_false(eq_level_meets(5, 4));
    assert_true(eq_level_meets(4, 0));    /* no standard */
    assert_false(eq_level_meets(0, 3));   /* unknown counts as not offered */
    assert_true(eq_level_meets(0, 5));
}

static void language_lists(void **state)
{
    (void)state;
    assert_true(eq_langs_have("fi,sv", "sv"));
    assert_true(eq_langs_have("sv", "sv"));
    assert_true(eq_langs_have("fi, sv ,en", "sv"));
    assert_false(eq_langs_have("fi,en", "sv"));
    assert_false(eq_langs_have("fi,svx", "sv"));
    assert_false(eq_langs_have("", "sv"));
    assert_false(eq_langs_have(NULL, "sv"));
}

static void cell_marks(void **state)
{
    (void)state;
    /* not offered anywhere: missing only, whatever else holds */
    assert_int_equal(eq_cell_marks(5, 2, false, true), EQ_MARK_MISSING);
    assert_int_equal(eq_cell_marks(0, 0, false, false), EQ_MARK_MISSING);
    /* offered at the standard, in Swedish where needed */
    assert_int_equal(eq_cell_marks(2, 2, true, true), 0);
    /* below the standard, and no Swedish in a bilingual municipality */
    assert_int_equal(eq_cell_marks(3, 2, false, true), EQ_MARK_BELOW | EQ_MARK_NO_SWEDISH);
    assert_int_equal(eq_cell_marks(1, 2, false, true), EQ_MARK_NO_SWEDISH);
    /* a Finnish-speaking municipality does not need Swedish */
    assert_int_equal(eq_cell_marks(1, 2, false, false), 0);
    assert_int_equal(eq_cell_marks(4, 0, false, false), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ranks_follow_the_schema),
        cmocka_unit_test(meeting_the_standard),
        cmocka_unit_test(language_lists),
        cmocka_unit_test(cell_marks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
