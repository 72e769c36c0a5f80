/* The pure rules of comments: the length limit counts characters, blank
 * text is empty, the 15-minute edit window, and two-level threads. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "comments/comments.h"

static char *repeat(const char *unit, size_t n)
{
    size_t u = strlen(unit);
    char *s = malloc(u * n + 1);
    for (size_t i = 0; i < n; i++) memcpy(s + i * u, unit, u);
    s[u * n] = '\0';
    return s;
}

static void length_counts_characters_not_bytes(void **state)
{
    (void)state;
    assert_int_equal(comments_utf8_len(""), 0);
    assert_int_equal(comments_utf8_len("abc"), 3);
    assert_int_equal(comments_utf8_len("åäö"), 3);
    assert_int_equal(comments_utf8_len("€😀"), 2);
    size_t n = 0;
    char *s = repeat("ä", COMMENT_MAX_CHARS);   /* 4,000 bytes, 2,000 characters */
    assert_int_equal(comments_body_check(s, &n), COMMENT_OK);
    assert_int_equal(n, COMMENT_MAX_CHARS);
    free(s);
    s = repeat("ä", COMMENT_MAX_CHARS + 1);
    assert_int_equal(comments_body_check(s, &n), COMMENT_TOO_LONG);
    assert_int_equal(n, COMMENT_MAX_CHARS + 1);
    free(s);
    s = repeat("a", COMMENT_MAX_CHARS + 1);
    assert_int_equal(comments_body_check(s, NULL), COMMENT_TOO_LONG);
    free(s);
}

static void blank_text_is_empty(void **state)
{
    (void)state;
    assert_int_equal(comments_body_check("", NULL), COMMENT_EMPTY);
    assert_int_equal(comments_body_check("  \n\t \r\n", NULL), COMMENT_EMPTY);
    assert_int_equal(comments_body_check(" x ", NULL), COMMENT_OK);
    /* a very long blank text is still empty, not too long */
    char *s = repeat(" ", COMMENT_MAX_CHARS + 10);
    assert_int_equal(comments_body_check(s, NULL), COMMENT_EMPTY);
    free(s);
}

static void edit_window_is_fifteen_minutes(void **state)
{
    (void)state;
    assert_true(comments_editable(1000, 1000));
    assert_true(comments_editable(1000, 1000 + 899));
    assert_false(comments_editable(1000, 1000 + 900));
    assert_false(comments_editable(1000, 1000 + 86400));
}

static void replies_stay_two_levels_deep(void **state)
{
    (void)state;
    assert_int_equal(comments_reply_parent(7, 0), 7);    /* reply to a top-level comment */
    assert_int_equal(comments_reply_parent(9, 7), 7);    /* reply to a reply: under the top level */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(length_counts_characters_not_bytes),
        cmocka_unit_test(blank_text_is_empty),
        cmocka_unit_test(edit_window_is_fifteen_minutes),
        cmocka_unit_test(replies_stay_two_levels_deep),
    };
    return cmocka_run_group_tests_name("comments logic", tests, NULL, NULL);
}
