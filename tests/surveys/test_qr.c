/* QR codes as SVG: no decoder is at hand, so the structure is checked: the
 * size fits a QR version, the three finder patterns sit in their corners
 * (and not in the fourth), the timing pattern alternates, the quiet zone is
 * empty. The path is read back into a grid of modules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "surveys/qr.h"

#define MAXW 200

/* Fills grid (size x size, quiet zone included) from the path's "Mx yhNv1h-Nz" runs. */
static int read_grid(const char *svg, int size, unsigned char *grid)
{
    const char *d = strstr(svg, " d=\"");
    if (!d) return -1;
    d += 4;
    memset(grid, 0, (size_t)size * (size_t)size);
    int runs = 0;
    while (*d == 'M') {
        int x, y, len, len2, used;
        if (sscanf(d, "M%d %dh%dv1h-%dz%n", &x, &y, &len, &len2, &used) != 4 || len != len2) return -1;
        if (x < 0 || y < 0 || x + len > size || y >= size) return -1;
        for (int i = 0; i < len; i++) grid[y * size + x + i] = 1;
        d += used;
        runs++;
    }
    return *d == '"' ? runs : -1;
}

/* A finder pattern: 7x7 dark ring, white ring, 3x3 dark core. */
static bool finder_at(const unsigned char *g, int size, int x0, int y0)
{
    for (int y = 0; y < 7; y++)
        for (int x = 0; x < 7; x++) {
            bool ring = x == 0 || y == 0 || x == 6 || y == 6;
            bool core = x >= 2 && x <= 4 && y >= 2 && y <= 4;
            if (g[(y0 + y) * size + x0 + x] != (ring || core)) return false;
        }
    return true;
}

static void structure_of_a_short_link(void **state)
{
    (void)state;
    buf b = BUF_INIT;
    int w = 0;
    assert_int_equal(qr_svg("https://kohtaamo.example/p/k7x2mq", "QR <code> & link", &b, &w), 0);
    assert_true(w >= 21 && w <= 177 && (w - 17) % 4 == 0);   /* version v has 17 + 4v modules */
    assert_int_equal(w, 29);                                  /* 32 bytes at level M: version 3 */
    int size = w + 2 * QR_QUIET_ZONE;
    char vb[64];
    snprintf(vb, sizeof vb, "viewBox=\"0 0 %d %d\"", size, size);
    assert_non_null(strstr(b.data, vb));
    assert_non_null(strstr(b.data, "<title>QR &lt;code&gt; &amp; link</title>"));
    assert_null(strstr(strstr(b.data, "<path") + 5, "<path"));   /* one path */
    static unsigned char g[MAXW * MAXW];
    assert_true(read_grid(b.data, size, g) > 0);
    int q = QR_QUIET_ZONE;
    assert_true(finder_at(g, size, q, q));                 /* top left */
    assert_true(finder_at(g, size, q + w - 7, q));         /* top right */
    assert_true(finder_at(g, size, q, q + w - 7));         /* bottom left */
    assert_false(finder_at(g, size, q + w - 7, q + w - 7)); /* never bottom right */
    /* timing pattern: row 6 between the finders alternates dark and light */
    for (int x = 8; x < w - 8; x++) assert_int_equal(g[(q + 6) * size + q + x], x % 2 == 0);
    /* quiet zone: nothing dark within 4 modules of the edge */
    for (int y = 0; y < size; y++)
        for (int x = 0; x < size; x++)
            if (x < q || y < q || x >= size - q || y >= size - q) assert_int_equal(g[y * size + x], 0);
    buf_free(&b);
}

static void longer_text_needs_a_bigger_version(void **state)
{
    (void)state;
    char text[300];
    memset(text, 'a', sizeof text - 1);
    text[sizeof text - 1] = '\0';
    buf b = BUF_INIT;
    int w = 0;
    assert_int_equal(qr_svg(text, "t", &b, &w), 0);
    assert_true(w > 29 && (w - 17) % 4 == 0);
    static unsigned char g[MAXW * MAXW];
    int size = w + 2 * QR_QUIET_ZONE;
    assert_true(read_grid(b.data, size, g) > 0);
    assert_true(finder_at(g, size, QR_QUIET_ZONE, QR_QUIET_ZONE));
    buf_free(&b);
    /* far beyond the largest version: refused, nothing half-written counted as a code */
    char *huge = malloc(5000);
    memset(huge, 'x', 4999);
    huge[4999] = '\0';
    assert_int_equal(qr_svg(huge, "t", &b, &w), -1);
    free(huge);
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(structure_of_a_short_link),
        cmocka_unit_test(longer_text_needs_a_bigger_version),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
