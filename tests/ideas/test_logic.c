/* Pure logic of ideas and positions: sort names, the seeded random order,
 * cursors, seeds, lengths in characters and the kind of an answer's
 * notification. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "ideas/ideas.h"
#include "util/keyset.h"

static void sorts_parse_by_name(void **state)
{
    (void)state;
    assert_int_equal(ideas_sort_parse(NULL), IDEAS_SORT_NEW);
    assert_int_equal(ideas_sort_parse(""), IDEAS_SORT_NEW);
    assert_int_equal(ideas_sort_parse("support"), IDEAS_SORT_SUPPORT);
    assert_int_equal(ideas_sort_parse("discussed"), IDEAS_SORT_DISCUSSED);
    assert_int_equal(ideas_sort_parse("random"), IDEAS_SORT_RANDOM);
    assert_int_equal(ideas_sort_parse("Support"), -1);
    assert_int_equal(ideas_sort_parse("support "), -1);
    for (int i = 0; i < 4; i++) assert_int_equal(ideas_sort_parse(ideas_sort_name((ideas_sort)i)), i);
}

static int64_t g_seed;
static int by_key(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    int64_t kx = ideas_random_key(x, g_seed), ky = ideas_random_key(y, g_seed);
    return kx < ky ? -1 : kx > ky ? 1 : (x < y ? -1 : 1);
}

static void random_order_is_a_seeded_permutation(void **state)
{
    (void)state;
    enum { N = 1000 };
    /* keys of distinct ids never collide for a seed (multiplication by a
     * unit modulo a prime), stay in range and fit the SQL arithmetic */
    int64_t keys[N];
    for (int64_t id = 1; id <= N; id++) {
        keys[id - 1] = ideas_random_key(id, 1234);
        assert_true(keys[id - 1] >= 0 && keys[id - 1] < IDEAS_RANDOM_P);
        for (int64_t j = 1; j < id; j++) assert_true(keys[j - 1] != keys[id - 1]);
    }
    assert_true(ideas_random_key(INT64_MAX, IDEAS_RANDOM_P - 1) < IDEAS_RANDOM_P);   /* no overflow for any id */
    /* the same seed, the same order; another seed, another order; and the
     * order is not that of the ids */
    int64_t a[N], b[N], c[N];
    for (int i = 0; i < N; i++) a[i] = b[i] = c[i] = i + 1;
    g_seed = 1234;
    qsort(a, N, sizeof *a, by_key);
    qsort(b, N, sizeof *b, by_key);
    assert_memory_equal(a, b, sizeof a);
    g_seed = 99;
    qsort(c, N, sizeof *c, by_key);
    assert_memory_not_equal(a, c, sizeof a);
    int in_place = 0;
    for (int i = 0; i < N; i++) in_place += a[i] == i + 1;
    assert_true(in_place < N / 10);
}

static void seeds_and_cursors(void **state)
{
    (void)state;
    int64_t s = 0, k = 0, id = 0;
    assert_int_equal(ideas_seed_parse(NULL, &s), 0);
    assert_int_equal(ideas_seed_parse("1234", &s), 1);
    assert_int_equal(s, 1234);
    assert_int_equal(ideas_seed_parse("0", &s), -1);
    assert_int_equal(ideas_seed_parse("-4", &s), -1);
    assert_int_equal(ideas_seed_parse("2147483647", &s), -1);
    assert_int_equal(ideas_seed_parse("12a", &s), -1);
    assert_int_equal(keyset_cursor_parse(NULL, &k, &id), 0);
    assert_int_equal(keyset_cursor_parse("1700000000.25", &k, &id), 1);
    assert_int_equal(k, 1700000000);
    assert_int_equal(id, 25);
    assert_int_equal(keyset_cursor_parse("0.3", &k, &id), 1);
    assert_int_equal(keyset_cursor_parse("5.0", &k, &id), -1);
    assert_int_equal(keyset_cursor_parse("5", &k, &id), -1);
    assert_int_equal(keyset_cursor_parse(".5", &k, &id), -1);
    assert_int_equal(keyset_cursor_parse("5.", &k, &id), -1);
    assert_int_equal(keyset_cursor_parse("-5.3", &k, &id), -1);
    assert_int_equal(keyset_cursor_parse("1234567890123456789.3", &k, &id), -1);
}

static void lengths_are_characters_not_bytes(void **state)
{
    (void)state;
    assert_int_equal(ideas_utf8_len(""), 0);
    assert_int_equal(ideas_utf8_len("abc"), 3);
    assert_int_equal(ideas_utf8_len("äöå"), 3);
    assert_int_equal(ideas_utf8_len("€ 😀"), 3);
}

static void values_and_tokens(void **state)
{
    (void)state;
    assert_true(ideas_stance_valid("for") && ideas_stance_valid("against") && ideas_stance_valid("neutral"));
    assert_false(ideas_stance_valid("For") || ideas_stance_valid("") || ideas_stance_valid(NULL));
    assert_true(ideas_answer_status_valid("rejected"));
    assert_false(ideas_answer_status_valid("new"));
    assert_true(ideas_status_valid("new"));
    assert_false(ideas_status_valid("secret"));
    assert_true(ideas_anon_token_valid("abcdefghijklmnopqrstuvwxyzABCDEFGHIJ-_01234"));
    assert_false(ideas_anon_token_valid("abcdefghijklmnopqrstuvwxyzABCDEFGHIJ-_0123"));   /* 42 */
    assert_false(ideas_anon_token_valid("abcdefghijklmnopqrstuvwxyzABCDEFGHIJ-_0123;"));
    assert_false(ideas_anon_token_valid(NULL));
}

static void answer_notification_kind(void **state)
{
    (void)state;
    assert_string_equal(ideas_answer_kind("new", "", 0, "accepted", "Hyvä", 0), "answer");
    assert_string_equal(ideas_answer_kind("accepted", "Hyvä", 0, "accepted", "Hyvä", 7), "answer");
    assert_string_equal(ideas_answer_kind("accepted", "Hyvä", 7, "implemented", "Hyvä", 7), "status");
    assert_null(ideas_answer_kind("accepted", "Hyvä", 7, "accepted", "Hyvä", 7));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sorts_parse_by_name),
        cmocka_unit_test(random_order_is_a_seeded_permutation),
        cmocka_unit_test(seeds_and_cursors),
        cmocka_unit_test(lengths_are_characters_not_bytes),
        cmocka_unit_test(values_and_tokens),
        cmocka_unit_test(answer_notification_kind),
    };
    return cmocka_run_group_tests_name("ideas logic", tests, NULL, NULL);
}
