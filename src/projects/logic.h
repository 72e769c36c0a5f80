/* Pure helpers of the projects feature, free of requests and databases so
 * they can be unit-tested: dates, progress, slugs, search terms and
 * snippets, and the layout of the SVG timeline. */
#ifndef KOHTAAMO_PROJECTS_LOGIC_H
#define KOHTAAMO_PROJECTS_LOGIC_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

/* Days since 1970-01-01 of a strict ISO date "YYYY-MM-DD" (years 1900..2200,
 * real calendar days only); -1 when s is anything else. */
long proj_date_days(const char *s);
/* The date of a day number as "YYYY-MM-DD" (iso) or "D.M.YYYY" (display). */
void proj_days_iso(long days, char *out, size_t n);
void proj_days_display(long days, char *out, size_t n);
/* Day number of a Unix time (UTC). */
long proj_unix_days(int64_t t);

/* Progress in percent from milestone counts: done of those not cancelled,
 * rounded down; -1 when there is nothing to count. */
int proj_progress(int done, int total, int cancelled);

/* A URL slug from a title: lower-case ASCII letters and digits separated by
 * single hyphens, å/ä -> a, ö -> o, é -> e; at most n-1 bytes; "project"
 * when nothing is left. */
void proj_slugify(const char *title, char *out, size_t n);

/* Splits a search query into at most max terms of at least 3 characters
 * (shorter words are dropped); terms are allocated with malloc into terms[].
 * Returns the number of terms; *dropped tells whether any word was too short. */
int proj_search_terms(const char *q, char **terms, int max, bool *dropped);
void proj_free_terms(char **terms, int n);
/* An FTS5 MATCH expression that looks for every term as a quoted string:
 * "a" "b""c". Caller frees. */
char *proj_fts_query(char *const *terms, int n);
/* "%term%" with %, _ and \ escaped for LIKE/ILIKE ... ESCAPE '\'. Caller frees. */
char *proj_like_pattern(const char *term);

/* A snippet of text around the first occurrence of any term (case-insensitive
 * for ASCII and Latin-1 letters such as Ä/ä, Ö/ö, Å/å), about width bytes,
 * as a JSON array of segments {"text": ..., "mark": bool} so the template
 * escapes every piece and wraps matches in <mark>. Without a match the start
 * of the text. Cut only at UTF-8 character boundaries, with "…" at cuts. */
json_t *proj_snippet(const char *text, char *const *terms, int nterms, size_t width);

/* The SVG timeline: milestones placed on a horizontal time axis. */
#define TL_WIDTH 760
#define TL_LEFT 30
#define TL_RIGHT 730
#define TL_AXIS_Y 60
#define TL_ROW 26
typedef struct tl_mark {
    long day;      /* input */
    double x;      /* output: position on the axis */
    double label_y;
    bool anchor_end; /* label drawn to the left of its leader line */
} tl_mark;
typedef struct tl_tick {
    double x;
    int year;
} tl_tick;
typedef struct tl_layout {
    long first, last;        /* days covered by the axis */
    double today_x;          /* < 0 when today is outside the axis */
    int height;              /* of the whole drawing */
    tl_tick ticks[64];
    int nticks;
} tl_layout;
/* Lays out n marks between start and end (either may be -1: taken from the
 * marks). Marks keep their order; each label gets its own row below the axis. */
void proj_timeline_layout(tl_mark *marks, int n, long start, long end, long today, tl_layout *out);

#endif
