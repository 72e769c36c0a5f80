/* Accessible SVG charts drawn on the server: horizontal bars, stacked bars
 * (a distribution per group) and a trend line with gaps. No JavaScript.
 *
 * Every chart is <svg role="img" aria-labelledby="ID-t ID-d"> with a <title>
 * and a <desc>; all text is XML-escaped. Colours have at least 4.5:1 contrast
 * against white, and colour is never the only cue: every bar carries its
 * value as text, stacked segments have distinct patterns and a legend, trend
 * points are marked and labelled. The page puts the data table beside the
 * chart (the template renders it, not the SVG). */
#ifndef KOHTAAMO_SURVEY_CHARTS_H
#define KOHTAAMO_SURVEY_CHARTS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "../util/buf.h"

/* One bar: its length follows value; value_text is written beside it.
 * A suppressed bar is drawn as no bar with suppressed_text instead. */
typedef struct chart_bar_item {
    const char *label;
    double value;
    const char *value_text;
    bool suppressed;
} chart_bar_item;

/* Horizontal bars on the scale min..max (min <= 0 <= max; bars grow from 0,
 * so negative values such as an NPS of -20 point left). */
void chart_bars(buf *out, const char *id, const char *title, const char *desc,
                const chart_bar_item *items, size_t n, double min, double max, const char *suppressed_text);

/* One row of a stacked bar: counts[0..k-1] drawn as shares of their sum. */
typedef struct chart_stack_row {
    const char *label;
    const int64_t *counts;
    bool suppressed;
} chart_stack_row;

void chart_stacked(buf *out, const char *id, const char *title, const char *desc,
                   const char *const *segment_names, size_t k,
                   const chart_stack_row *rows, size_t n, const char *suppressed_text);

/* One point of a trend: missing points (no answers, or suppressed) break the line. */
typedef struct chart_point {
    const char *label;
    double value;
    const char *value_text;
    bool missing;
} chart_point;

void chart_trend(buf *out, const char *id, const char *title, const char *desc,
                 const chart_point *pts, size_t n, double min, double max, const char *gap_text);

/* Geometry the unit tests check against. */
#define CHART_WIDTH 640
#define CHART_BAR_LEFT 200      /* x where the bar area starts */
#define CHART_BAR_AREA 300      /* width of the bar area */
#define CHART_STACK_AREA 400    /* width of a 100 % stacked bar */

#endif
