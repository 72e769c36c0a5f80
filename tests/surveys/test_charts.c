/* SVG charts: structure, escaping, proportions, gaps. The output is parsed
 * with a small tag checker (every element closed in order, attributes quoted). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "surveys/charts.h"

/* True when every tag is closed in order and no '<' or '&' appears raw in text. */
static bool well_formed(const char *s)
{
    const char *stack[64];
    size_t lens[64];
    int depth = 0;
    while (*s) {
        if (*s == '&') {
            const char *semi = strchr(s, ';');
            if (!semi || semi - s > 6) return false;
            s = semi + 1;
            continue;
        }
        if (*s != '<') {
            if (*s == '>') return false;
            s++;
            continue;
        }
        const char *end = s + 1;
        char quote = 0;
        while (*end && (quote || *end != '>')) {
            if (quote && *end == quote) quote = 0;
            else if (!quote && (*end == '"' || *end == '\'')) quote = *end;
            else if (!quote && *end == '<') return false;
            end++;
        }
        if (!*end) return false;
        if (s[1] == '/') {
            size_t n = (size_t)(end - s - 2);
            if (depth == 0 || lens[depth - 1] != n || strncmp(stack[depth - 1], s + 2, n) != 0) return false;
            depth--;
        } else if (end[-1] != '/') {
            const char *name = s + 1;
            size_t n = strcspn(name, " >/");
            if (depth == 64) return false;
            stack[depth] = name;
            lens[depth++] = n;
        }
        s = end + 1;
    }
    return depth == 0;
}

static int count(const char *hay, const char *needle)
{
    int c = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle)) c++;
    return c;
}

/* The numbers of attribute attr in every element starting with tag_prefix, in order. */
static int attrs(const char *s, const char *tag_prefix, const char *attr, double *out, int max)
{
    int n = 0;
    char key[32];
    snprintf(key, sizeof key, " %s=\"", attr);
    for (const char *p = strstr(s, tag_prefix); p && n < max; p = strstr(p + 1, tag_prefix)) {
        const char *close = strchr(p, '>');
        const char *a = strstr(p, key);
        if (!a || a > close) continue;
        out[n++] = strtod(a + strlen(key), NULL);
    }
    return n;
}

static void bars_are_proportional_titled_and_escaped(void **state)
{
    (void)state;
    chart_bar_item items[] = {
        {"Hyvä", 10, "10 (25,0 %)", false},
        {"<script>&\"x\"", 20, "20", false},
        {"Huono", 40, "40", false},
        {"Pieni ryhmä", 3, "3", true},
    };
    buf b = BUF_INIT;
    chart_bars(&b, "q1", "Answers to <Q1>", "Most answered \"Huono\" (57 %)", items, 4, 0, 40,
               "fewer than 5 answers");
    const char *s = b.data;
    assert_true(well_formed(s));
    assert_non_null(strstr(s, "role=\"img\""));
    assert_non_null(strstr(s, "aria-labelledby=\"q1-t q1-d\""));
    assert_non_null(strstr(s, "<title id=\"q1-t\">Answers to &lt;Q1&gt;</title>"));
    assert_non_null(strstr(s, "<desc id=\"q1-d\">Most answered &quot;Huono&quot; (57 %)</desc>"));
    assert_null(strstr(s, "<script"));
    assert_non_null(strstr(s, "&lt;script&gt;&amp;&quot;x&quot;"));
    double w[8];
    assert_int_equal(attrs(s, "<rect class=\"bar\"", "width", w, 8), 3);   /* the suppressed one has no bar */
    assert_true(w[0] == 75.0 && w[1] == 150.0 && w[2] == 300.0);         /* 10:20:40 of a 300 px area */
    assert_int_equal(count(s, "fewer than 5 answers"), 1);
    assert_non_null(strstr(s, ">10 (25,0 %)</text>"));
    buf_free(&b);
}

static void negative_bars_grow_left_of_zero(void **state)
{
    (void)state;
    chart_bar_item items[] = {{"Lohja", -20, "-20", false}, {"Raasepori", 50, "50", false}};
    buf b = BUF_INIT;
    chart_bars(&b, "nps", "NPS", "NPS by municipality", items, 2, -100, 100, "");
    assert_true(well_formed(b.data));
    double x[2], w[2];
    assert_int_equal(attrs(b.data, "<rect class=\"bar\"", "x", x, 2), 2);
    attrs(b.data, "<rect class=\"bar\"", "width", w, 2);
    double zero = CHART_BAR_LEFT + CHART_BAR_AREA / 2.0;
    assert_true(w[0] == 30.0 && w[1] == 75.0);
    assert_true(x[0] + w[0] == zero);   /* ends at zero */
    assert_true(x[1] == zero);          /* starts at zero */
    buf_free(&b);
}

static void long_labels_are_cut_on_characters(void **state)
{
    (void)state;
    chart_bar_item items[] = {{"Äääääääääää öööööööööö åååååååååå ääää", 1, "1", false}};
    buf b = BUF_INIT;
    chart_bars(&b, "l", "t", "d", items, 1, 0, 1, "");   /* 30 code points kept: 11 + 1 + 10 + 1 + 7 */
    assert_true(well_formed(b.data));
    assert_non_null(strstr(b.data, ">Äääääääääää öööööööööö ååååååå…</text>"));
    buf_free(&b);
}

static void stacked_rows_fill_the_width_with_patterns_and_a_legend(void **state)
{
    (void)state;
    const char *names[] = {"Huono", "Kohtalainen", "Hyvä & erinomainen"};
    int64_t a[] = {1, 1, 2}, c[] = {2, 0, 0}, d[] = {5, 5, 10};
    chart_stack_row rows[] = {{"Lohja", a, false}, {"Inkoo", c, true}, {"Raasepori", d, false}};
    buf b = BUF_INIT;
    chart_stacked(&b, "s", "Distribution", "By municipality", names, 3, rows, 3, "fewer than 5 answers");
    const char *s = b.data;
    assert_true(well_formed(s));
    assert_int_equal(count(s, "<pattern id=\"s-p"), 3);
    assert_non_null(strstr(s, ">Hyvä &amp; erinomainen</text>"));
    assert_int_equal(count(s, "class=\"swatch\""), 3);
    double w[8];
    assert_int_equal(attrs(s, "<rect class=\"segment\"", "width", w, 8), 6);   /* Inkoo is suppressed */
    assert_true(w[0] == 100.0 && w[1] == 100.0 && w[2] == 200.0);
    assert_true(w[3] == 100.0 && w[4] == 100.0 && w[5] == 200.0);
    assert_int_equal(count(s, "fewer than 5 answers"), 1);
    assert_non_null(strstr(s, ">50 %</text>"));
    /* every segment of a row has a different pattern */
    assert_non_null(strstr(s, "url(#s-p0)\" stroke=\"#ffffff\""));
    assert_non_null(strstr(s, "url(#s-p2)\" stroke=\"#ffffff\""));
    buf_free(&b);
}

static void trend_lines_break_at_gaps(void **state)
{
    (void)state;
    chart_point pts[] = {
        {"2026-01", 8.0, "8,0", false}, {"2026-02", 9.0, "9,0", false}, {"2026-03", 0, "", true},
        {"2026-04", 7.5, "7,5", false}, {"2026-05", 10.0, "10,0", false},
    };
    buf b = BUF_INIT;
    chart_trend(&b, "tr", "Mean by month", "From 8.0 to 10.0", pts, 5, 0, 10, "fewer than 5 answers");
    const char *s = b.data;
    assert_true(well_formed(s));
    const char *d = strstr(s, "<path class=\"line\" d=\"");
    assert_non_null(d);
    const char *dend = strchr(d + 22, '"');
    int moves = 0, lines = 0;
    for (const char *p = d + 22; p < dend; p++) moves += *p == 'M', lines += *p == 'L';
    assert_int_equal(moves, 2);   /* two runs: Jan-Feb and Apr-May */
    assert_int_equal(lines, 2);
    assert_int_equal(count(s, "class=\"point\""), 4);
    assert_int_equal(count(s, "class=\"gap\""), 1);
    assert_non_null(strstr(s, ">fewer than 5 answers</text>"));
    /* y follows the value: 10 at the top of the plot, 7.5 a quarter lower */
    double cy[4];
    assert_int_equal(attrs(s, "<circle class=\"point\"", "cy", cy, 4), 4);
    assert_true(cy[3] < cy[1] && cy[1] < cy[0] && cy[0] < cy[2]);
    buf_free(&b);
    /* no gaps: no gap legend */
    chart_trend(&b, "tr2", "t", "d", pts, 2, 0, 10, "GAP");
    assert_true(well_formed(b.data));
    assert_null(strstr(b.data, "GAP"));
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bars_are_proportional_titled_and_escaped),
        cmocka_unit_test(negative_bars_grow_left_of_zero),
        cmocka_unit_test(long_labels_are_cut_on_characters),
        cmocka_unit_test(stacked_rows_fill_the_width_with_patterns_and_a_legend),
        cmocka_unit_test(trend_lines_break_at_gaps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
