/* Accessible SVG charts; see charts.h. */
#include "charts.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

#define INK "#1a1a1a"
#define MUTED "#595959"
#define BAR "#1a5276"
#define ROW_H 28
#define LABEL_CHARS 30

/* Segment colours: each has at least 6:1 contrast against white. */
static const char *const palette[] = {"#1a5276", "#a04000", "#1e6b36", "#6c3483", "#7b241c", "#424949"};
#define NPALETTE (sizeof palette / sizeof palette[0])

static void esc(buf *out, const char *s)
{
    if (s) buf_html_escape(out, s, strlen(s));
}

/* Writes s escaped, cut to at most max code points with an ellipsis. */
static void esc_cut(buf *out, const char *s, int max)
{
    if (!s) return;
    size_t i = 0, len = strlen(s);
    int cps = 0;
    while (i < len) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (cps == max) {
                buf_html_escape(out, s, i);
                buf_puts(out, "…");
                return;
            }
            cps++;
        }
        i++;
    }
    buf_html_escape(out, s, len);
}

static void open_svg(buf *out, const char *id, const char *title, const char *desc, int height)
{
    buf_printf(out, "<svg class=\"chart\" role=\"img\" aria-labelledby=\"");
    esc(out, id);
    buf_puts(out, "-t ");
    esc(out, id);
    buf_printf(out, "-d\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" xmlns=\"http://www.w3.org/2000/svg\" "
               "font-family=\"sans-serif\" font-size=\"13\"><title id=\"", CHART_WIDTH, height, CHART_WIDTH, height);
    esc(out, id);
    buf_puts(out, "-t\">");
    esc(out, title);
    buf_puts(out, "</title><desc id=\"");
    esc(out, id);
    buf_puts(out, "-d\">");
    esc(out, desc);
    buf_printf(out, "</desc><rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>", CHART_WIDTH, height);
}

static void row_label(buf *out, int x, int y, const char *label)
{
    buf_printf(out, "<text x=\"%d\" y=\"%d\" fill=\"" INK "\" text-anchor=\"end\">", x, y);
    esc_cut(out, label, LABEL_CHARS);
    buf_puts(out, "</text>");
}

void chart_bars(buf *out, const char *id, const char *title, const char *desc,
                const chart_bar_item *items, size_t n, double min, double max, const char *suppressed_text)
{
    if (min > 0) min = 0;
    if (max < 0) max = 0;
    if (max - min <= 0) max = min + 1;
    int height = 20 + (int)n * ROW_H;
    double scale = CHART_BAR_AREA / (max - min);
    double x0 = CHART_BAR_LEFT + (0 - min) * scale;
    open_svg(out, id, title, desc, height);
    for (size_t i = 0; i < n; i++) {
        int y = 10 + (int)i * ROW_H;
        row_label(out, CHART_BAR_LEFT - 8, y + 18, items[i].label);
        if (items[i].suppressed) {
            buf_printf(out, "<text class=\"suppressed\" x=\"%.1f\" y=\"%d\" fill=\"" MUTED "\" font-style=\"italic\">",
                       x0 + 4, y + 18);
            esc(out, suppressed_text);
            buf_puts(out, "</text>");
            continue;
        }
        double v = items[i].value;
        if (v > max) v = max;
        if (v < min) v = min;
        double w = fabs(v) * scale;
        double x = v >= 0 ? x0 : x0 - w;
        buf_printf(out, "<rect class=\"bar\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"18\" fill=\"" BAR "\"/>",
                   x, y + 4, w);
        buf_printf(out, "<text class=\"value\" x=\"%d\" y=\"%d\" fill=\"" INK "\">", CHART_BAR_LEFT + CHART_BAR_AREA + 8,
                   y + 18);
        esc(out, items[i].value_text);
        buf_puts(out, "</text>");
    }
    buf_printf(out, "<line x1=\"%.1f\" y1=\"8\" x2=\"%.1f\" y2=\"%d\" stroke=\"" MUTED "\"/>", x0, x0, height - 8);
    buf_puts(out, "</svg>");
}

/* Pattern i: the palette colour with its own white overlay (none, diagonal,
 * horizontal, vertical, dots, cross), so segments differ without colour. */
static void pattern_def(buf *out, const char *id, size_t i)
{
    buf_puts(out, "<pattern id=\"");
    esc(out, id);
    buf_printf(out, "-p%zu\" patternUnits=\"userSpaceOnUse\" width=\"8\" height=\"8\">"
               "<rect width=\"8\" height=\"8\" fill=\"%s\"/>", i, palette[i % NPALETTE]);
    static const char *const overlay[] = {
        "",
        "<path d=\"M0,8 L8,0 M-2,2 L2,-2 M6,10 L10,6\" stroke=\"#ffffff\" stroke-opacity=\"0.5\" stroke-width=\"1.5\"/>",
        "<path d=\"M0,4 H8\" stroke=\"#ffffff\" stroke-opacity=\"0.5\" stroke-width=\"1.5\"/>",
        "<path d=\"M4,0 V8\" stroke=\"#ffffff\" stroke-opacity=\"0.5\" stroke-width=\"1.5\"/>",
        "<circle cx=\"4\" cy=\"4\" r=\"1.6\" fill=\"#ffffff\" fill-opacity=\"0.6\"/>",
        "<path d=\"M0,4 H8 M4,0 V8\" stroke=\"#ffffff\" stroke-opacity=\"0.5\" stroke-width=\"1.2\"/>",
    };
    buf_puts(out, overlay[(i + i / NPALETTE) % 6]);
    buf_puts(out, "</pattern>");
}

void chart_stacked(buf *out, const char *id, const char *title, const char *desc,
                   const char *const *segment_names, size_t k,
                   const chart_stack_row *rows, size_t n, const char *suppressed_text)
{
    int legend_h = (int)k * 20 + 10;
    int height = legend_h + 10 + (int)n * ROW_H;
    open_svg(out, id, title, desc, height);
    buf_puts(out, "<defs>");
    for (size_t j = 0; j < k; j++) pattern_def(out, id, j);
    buf_puts(out, "</defs>");
    for (size_t j = 0; j < k; j++) {
        int y = 8 + (int)j * 20;
        buf_printf(out, "<rect class=\"swatch\" x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" fill=\"url(#", CHART_BAR_LEFT, y);
        esc(out, id);
        buf_printf(out, "-p%zu)\" stroke=\"" INK "\"/><text x=\"%d\" y=\"%d\" fill=\"" INK "\">", j, CHART_BAR_LEFT + 20,
                   y + 12);
        esc(out, segment_names[j]);
        buf_puts(out, "</text>");
    }
    for (size_t i = 0; i < n; i++) {
        int y = legend_h + (int)i * ROW_H;
        row_label(out, CHART_BAR_LEFT - 8, y + 18, rows[i].label);
        int64_t total = 0;
        for (size_t j = 0; j < k && !rows[i].suppressed; j++) total += rows[i].counts[j];
        if (rows[i].suppressed || total <= 0) {
            buf_printf(out, "<text class=\"suppressed\" x=\"%d\" y=\"%d\" fill=\"" MUTED "\" font-style=\"italic\">",
                       CHART_BAR_LEFT + 4, y + 18);
            if (rows[i].suppressed) esc(out, suppressed_text);
            else buf_puts(out, "–");
            buf_puts(out, "</text>");
            continue;
        }
        double x = CHART_BAR_LEFT;
        for (size_t j = 0; j < k; j++) {
            if (rows[i].counts[j] <= 0) continue;
            double w = (double)rows[i].counts[j] * CHART_STACK_AREA / (double)total;
            buf_printf(out, "<rect class=\"segment\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"20\" fill=\"url(#", x,
                       y + 3, w);
            esc(out, id);
            buf_printf(out, "-p%zu)\" stroke=\"#ffffff\"/>", j);
            if (w >= 40) {
                long pct = lround((double)rows[i].counts[j] * 100.0 / (double)total);
                buf_printf(out, "<text x=\"%.1f\" y=\"%d\" fill=\"#ffffff\" stroke=\"#000000\" stroke-width=\"3\" "
                           "paint-order=\"stroke\" text-anchor=\"middle\">%ld %%</text>", x + w / 2, y + 18, pct);
            }
            x += w;
        }
    }
    buf_puts(out, "</svg>");
}

#define PLOT_L 70
#define PLOT_R 620
#define PLOT_T 24
#define PLOT_B 204

void chart_trend(buf *out, const char *id, const char *title, const char *desc,
                 const chart_point *pts, size_t n, double min, double max, const char *gap_text)
{
    if (max - min <= 0) max = min + 1;
    bool any_gap = false;
    for (size_t i = 0; i < n; i++) any_gap |= pts[i].missing;
    int height = PLOT_B + 40 + (any_gap ? 22 : 0);
    open_svg(out, id, title, desc, height);
    /* axis with three ticks: min, middle, max */
    for (int t = 0; t <= 2; t++) {
        double v = min + (max - min) * t / 2.0;
        double y = PLOT_B - (PLOT_B - PLOT_T) * t / 2.0;
        buf_printf(out, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#d0d0d0\"/>", PLOT_L, y, PLOT_R, y);
        buf_printf(out, "<text x=\"%d\" y=\"%.1f\" fill=\"" INK "\" text-anchor=\"end\">%g</text>", PLOT_L - 6, y + 4, v);
    }
    buf_printf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"" MUTED "\"/>", PLOT_L, PLOT_B, PLOT_R, PLOT_B);
    double step = n ? (double)(PLOT_R - PLOT_L) / (double)n : 0;
    size_t every = n > 12 ? (n + 11) / 12 : 1;
    /* the line, broken at every missing point */
    buf puts_path = BUF_INIT;
    bool pen = false;
    for (size_t i = 0; i < n; i++) {
        if (pts[i].missing) {
            pen = false;
            continue;
        }
        double v = pts[i].value < min ? min : pts[i].value > max ? max : pts[i].value;
        double x = PLOT_L + step * ((double)i + 0.5), y = PLOT_B - (v - min) / (max - min) * (PLOT_B - PLOT_T);
        buf_printf(&puts_path, "%s%.1f,%.1f ", pen ? "L" : "M", x, y);
        pen = true;
    }
    if (puts_path.len) {
        buf_printf(out, "<path class=\"line\" d=\"%.*s\" fill=\"none\" stroke=\"" BAR "\" stroke-width=\"2.5\"/>",
                   (int)puts_path.len - 1, puts_path.data);
    }
    buf_free(&puts_path);
    for (size_t i = 0; i < n; i++) {
        double x = PLOT_L + step * ((double)i + 0.5);
        if (pts[i].missing) {
            buf_printf(out, "<circle class=\"gap\" cx=\"%.1f\" cy=\"%d\" r=\"4\" fill=\"#ffffff\" stroke=\"" MUTED
                       "\" stroke-width=\"1.5\"/>", x, PLOT_B);
        } else {
            double v = pts[i].value < min ? min : pts[i].value > max ? max : pts[i].value;
            double y = PLOT_B - (v - min) / (max - min) * (PLOT_B - PLOT_T);
            buf_printf(out, "<circle class=\"point\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"" BAR
                       "\" stroke=\"#ffffff\"/>", x, y);
            if (n <= 12) {
                buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" fill=\"" INK "\" text-anchor=\"middle\">", x, y - 8);
                esc(out, pts[i].value_text);
                buf_puts(out, "</text>");
            }
        }
        if (i % every == 0) {
            buf_printf(out, "<text x=\"%.1f\" y=\"%d\" fill=\"" INK "\" text-anchor=\"middle\" font-size=\"11\">", x,
                       PLOT_B + 16);
            esc_cut(out, pts[i].label, 10);
            buf_puts(out, "</text>");
        }
    }
    if (any_gap) {
        buf_printf(out, "<circle cx=\"%d\" cy=\"%d\" r=\"4\" fill=\"#ffffff\" stroke=\"" MUTED "\" stroke-width=\"1.5\"/>"
                   "<text x=\"%d\" y=\"%d\" fill=\"" INK "\">", PLOT_L + 4, PLOT_B + 40, PLOT_L + 14, PLOT_B + 44);
        esc(out, gap_text);
        buf_puts(out, "</text>");
    }
    buf_puts(out, "</svg>");
}
