/* The one rule for where a link may send people back to (a login's next, a
 * comment form's return_to, a report's back): a path on this site. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>
#include "util/local_path.h"

static void local_paths_with_a_query_or_fragment_pass(void **state)
{
    (void)state;
    assert_true(local_path_valid("/"));
    assert_true(local_path_valid("/fi/ideas/12"));
    assert_true(local_path_valid("/fi/ideas?sort=new&page=2"));
    assert_true(local_path_valid("/sv/consultations/3#section-4"));
    assert_true(local_path_valid("/fi/tapahtumat/ä"));   /* UTF-8 is fine */
}

static void anything_a_browser_could_read_as_another_site_is_refused(void **state)
{
    (void)state;
    static const char *const bad[] = {
        NULL, "", "fi/ideas/1", "//evil.example/x", "/\\evil.example", "/\t/evil.example/phish",
        "/\n/evil.example", "/\r\n/evil.example", "/fi/ideas/1\r\nSet-Cookie: x=1", "/fi\x7f", "/\x01",
        "https://evil.example/", "http:/evil.example", "javascript:alert(1)", "/fi\\ideas", " /fi/ideas",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) assert_false(local_path_valid(bad[i]));
}

static void long_paths_are_refused(void **state)
{
    (void)state;
    char path[602];
    memset(path, 'a', sizeof path - 1);
    path[0] = '/';
    path[sizeof path - 1] = '\0';
    assert_false(local_path_valid(path));
    path[500] = '\0';
    assert_true(local_path_valid(path));
}

static void a_path_is_escaped_for_a_query_value(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    assert_string_equal(query_value_escape(&a, "/fi/ideas?sort=new&page=2#x"), "/fi/ideas%3Fsort%3Dnew%26page%3D2%23x");
    assert_string_equal(query_value_escape(&a, "/fi/ä b"), "/fi/%C3%A4%20b");
    assert_string_equal(query_value_escape(&a, ""), "");
    arena_free_all(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(local_paths_with_a_query_or_fragment_pass),
        cmocka_unit_test(anything_a_browser_could_read_as_another_site_is_refused),
        cmocka_unit_test(long_paths_are_refused),
        cmocka_unit_test(a_path_is_escaped_for_a_query_value),
    };
    return cmocka_run_group_tests_name("local_path", tests, NULL, NULL);
}
