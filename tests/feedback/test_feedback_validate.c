/* Unit tests of the feedback rules that need no database: characters are
 * counted as code points, and e-mail and phone checks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>
#include "feedback/feedback.h"

static void counts_code_points_not_bytes(void **state)
{
    (void)state;
    assert_int_equal(feedback_utf8_len(""), 0);
    assert_int_equal(feedback_utf8_len("abc"), 3);
    assert_int_equal(feedback_utf8_len("äöå"), 3);
    assert_int_equal(feedback_utf8_len("€😀"), 2);
}

static void email_rules(void **state)
{
    (void)state;
    assert_null(feedback_check_email("ebba@example.se"));
    assert_non_null(feedback_check_email("ebba@"));
    assert_non_null(feedback_check_email("@example.se"));
    assert_non_null(feedback_check_email("ebba@example"));
    assert_non_null(feedback_check_email("ebba@@example.se"));
    assert_non_null(feedback_check_email("ebba@example.se\r\nBcc: x@y.fi"));
    assert_non_null(feedback_check_email("<script>@example.se"));
}

static void phone_rules(void **state)
{
    (void)state;
    assert_null(feedback_check_phone("040 123 4567"));
    assert_null(feedback_check_phone("+358 40 123 4567"));
    assert_null(feedback_check_phone("(09) 816 21"));
    assert_non_null(feedback_check_phone("12345"));
    assert_non_null(feedback_check_phone("040-abc-4567"));
    assert_non_null(feedback_check_phone("1234567890123456"));
    assert_non_null(feedback_check_phone("040 123+4567"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(counts_code_points_not_bytes),
        cmocka_unit_test(email_rules),
        cmocka_unit_test(phone_rules),
    };
    return cmocka_run_group_tests_name("feedback rules", tests, NULL, NULL);
}
