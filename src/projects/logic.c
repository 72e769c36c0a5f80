/* Pure helpers of the projects feature; see logic.h. */
#include "logic.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Days from civil date (Howard Hinnant's algorithm). */
static long days_from_civil(long y, unsigned m, unsigned d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long)doe - 719468;
}

static void civil_from_days(long z, long *y, unsigned *m, unsigned *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long yy = (long)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yy + (*m <= 2);
}

long proj_date_days(const char *s)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-') return -1;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)s[i])) return -1;
    long y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    unsigned m = (unsigned)((s[5] - '0') * 10 + (s[6] - '0'));
    unsigned d = (unsigned)((s[8] - '0') * 10 + (s[9] - '0'));
    static const unsigned mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return -1;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    unsigned max = mdays[m - 1] + (m == 2 && leap ? 1 : 0);
    if (d > max) return -1;
    return days_from_civil(y, m, d);
}

void proj_days_iso(long days, char *out, size_t n)
{
    long y;
    unsigned m, d;
    civil_from_days(days, &y, &m, &d);
    snprintf(out, n, "%04ld-%02u-%02u", y, m, d);
}

void proj_days_display(long days, char *out, size_t n)
{
    long y;
    unsigned m, d;
    civil_from_days(days, &y, &m, &d);
    snprintf(out, n, "%u.%u.%ld", d, m, y);
}

long proj_unix_days(int64_t t)
{
    return (long)(t >= 0 ? t / 86400 : -((-t + 86399) / 86400));
}

int proj_progress(int done, int total, int cancelled)
{
    int counted = total - cancelled;
    if (counted <= 0 || done < 0) return -1;
    if (done > counted) done = counted;
    return done * 100 / counted;
}

void proj_slugify(const char *title, char *out, size_t n)
{
    size_t o = 0;
    bool dash = false;
    if (n == 0) return;
    for (const unsigned char *p = (const unsigned char *)(title ? title : ""); *p && o + 1 < n; p++) {
        char c = 0;
        if (isalnum(*p) && *p < 128) {
            c = (char)tolower(*p);
        } else if (*p == 0xC3 && p[1]) {
            unsigned char b = p[1];
            if (b == 0x84 || b == 0xA4 || b == 0x85 || b == 0xA5 || b == 0x80 || b == 0xA0 || b == 0x81 || b == 0xA1)
                c = 'a';
            else if (b == 0x96 || b == 0xB6 || b == 0x98 || b == 0xB8) c = 'o';
            else if (b == 0x89 || b == 0xA9 || b == 0x88 || b == 0xA8) c = 'e';
            else if (b == 0x9C || b == 0xBC) c = 'u';
            p++;
        }
        if (c) {
            if (dash && o > 0 && o + 2 < n) out[o++] = '-';
            dash = false;
            out[o++] = c;
        } else {
            dash = true;
        }
    }
    while (o > 0 && out[o - 1] == '-') o--;
    out[o] = '\0';
    if (o == 0) snprintf(out, n, "project");
}

static size_t utf8_chars(const char *s, size_t len)
{
    size_t c = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) c++;
    return c;
}

int proj_search_terms(const char *q, char **terms, int max, bool *dropped)
{
    int n = 0;
    *dropped = false;
    const char *p = q ? q : "";
    while (*p && n < max) {
        while (*p && (isspace((unsigned char)*p) || *p == '"')) p++;
        const char *s = p;
        while (*p && !isspace((unsigned char)*p) && *p != '"') p++;
        size_t len = (size_t)(p - s);
        if (len == 0) break;
        if (utf8_chars(s, len) < 3) {
            *dropped = true;
            continue;
        }
        terms[n] = strndup(s, len);
        if (terms[n]) n++;
    }
    return n;
}

void proj_free_terms(char **terms, int n)
{
    for (int i = 0; i < n; i++) free(terms[i]);
}

char *proj_fts_query(char *const *terms, int n)
{
    size_t cap = 1;
    for (int i = 0; i < n; i++) cap += 2 * strlen(terms[i]) + 3;
    char *out = malloc(cap), *o = out;
    if (!out) return NULL;
    for (int i = 0; i < n; i++) {
        if (i) *o++ = ' ';
        *o++ = '"';
        for (const char *s = terms[i]; *s; s++) {
            if (*s == '"') *o++ = '"';
            *o++ = *s;
        }
        *o++ = '"';
    }
    *o = '\0';
    return out;
}

char *proj_like_pattern(const char *term)
{
    char *out = malloc(2 * strlen(term) + 3), *o = out;
    if (!out) return NULL;
    *o++ = '%';
    for (const char *s = term; *s; s++) {
        if (*s == '%' || *s == '_' || *s == '\\') *o++ = '\\';
        *o++ = *s;
    }
    *o++ = '%';
    *o = '\0';
    return out;
}

/* Lower-cases ASCII and the two-byte Latin-1 capitals (U+00C0..U+00DE but
 * U+00D7), which keeps every byte offset unchanged. */
static void fold(char *s)
{
    for (unsigned char *p = (unsigned char *)s; *p; p++) {
        if (*p < 128) *p = (unsigned char)tolower(*p);
        else if (*p == 0xC3 && p[1] >= 0x80 && p[1] <= 0x9E && p[1] != 0x97) p[1] = (unsigned char)(p[1] + 0x20), p++;
    }
}

static void add_seg(json_t *arr, const char *s, size_t len, bool mark)
{
    if (len == 0) return;
    json_array_append_new(arr, json_pack("{s:s%, s:b}", "text", s, len, "mark", mark));
}

json_t *proj_snippet(const char *text, char *const *terms, int nterms, size_t width)
{
    json_t *arr = json_array();
    if (!text) return arr;
    size_t len = strlen(text);
    char *lt = strdup(text);
    char **lterms = calloc((size_t)(nterms > 0 ? nterms : 1), sizeof *lterms);
    if (!lt || !lterms) {
        free(lt);
        free(lterms);
        return arr;
    }
    fold(lt);
    for (int i = 0; i < nterms; i++) {
        lterms[i] = strdup(terms[i]);
        if (lterms[i]) fold(lterms[i]);
    }
    /* the first match of any term */
    const char *first = NULL;
    for (int i = 0; i < nterms; i++) {
        if (!lterms[i] || !*lterms[i]) continue;
        const char *m = strstr(lt, lterms[i]);
        if (m && (!first || m < first)) first = m;
    }
    size_t start = 0;
    if (first && (size_t)(first - lt) > width / 3) start = (size_t)(first - lt) - width / 3;
    size_t end = start + width < len ? start + width : len;
    while (start > 0 && ((unsigned char)text[start] & 0xC0) == 0x80) start--;
    while (end < len && ((unsigned char)text[end] & 0xC0) == 0x80) end++;
    if (start > 0) add_seg(arr, "…", strlen("…"), false);
    size_t pos = start;
    while (pos < end) {
        /* the nearest match at or after pos inside the window */
        size_t best = end, blen = 0;
        for (int i = 0; i < nterms; i++) {
            if (!lterms[i] || !*lterms[i]) continue;
            const char *m = strstr(lt + pos, lterms[i]);
            if (!m) continue;
            size_t at = (size_t)(m - lt), l = strlen(lterms[i]);
            if (at + l <= end && (at < best || (at == best && l > blen))) best = at, blen = l;
        }
        add_seg(arr, text + pos, best - pos, false);
        if (blen == 0) break;
        add_seg(arr, text + best, blen, true);
        pos = best + blen;
    }
    if (end < len) add_seg(arr, "…", strlen("…"), false);
    for (int i = 0; i < nterms; i++) free(lterms[i]);
    free(lterms);
    free(lt);
    return arr;
}

void proj_timeline_layout(tl_mark *marks, int n, long start, long end, long today, tl_layout *out)
{
    memset(out, 0, sizeof *out);
    long first = start, last = end;
    for (int i = 0; i < n; i++) {
        if (first < 0 || marks[i].day < first) first = marks[i].day;
        if (last < 0 || marks[i].day > last) last = marks[i].day;
    }
    if (first < 0 && last < 0) first = last = today;
    if (first < 0) first = last;
    if (last < 0) last = first;
    if (last <= first) last = first + 30;   /* a month at least, so one day is not a point */
    out->first = first;
    out->last = last;
    double span = (double)(last - first);
    double w = TL_RIGHT - TL_LEFT;
    for (int i = 0; i < n; i++) {
        marks[i].x = TL_LEFT + w * (double)(marks[i].day - first) / span;
        marks[i].label_y = TL_AXIS_Y + 40 + TL_ROW * i;
        marks[i].anchor_end = marks[i].x > TL_LEFT + w * 0.5;
    }
    out->today_x = (today >= first && today <= last) ? TL_LEFT + w * (double)(today - first) / span : -1;
    out->height = TL_AXIS_Y + 40 + TL_ROW * n + 10;
    /* a tick at every new year inside the axis, at most 64 */
    long y;
    unsigned m, d;
    civil_from_days(first, &y, &m, &d);
    for (long yy = y + 1; out->nticks < 64; yy++) {
        long day = days_from_civil(yy, 1, 1);
        if (day > last) break;
        out->ticks[out->nticks].x = TL_LEFT + w * (double)(day - first) / span;
        out->ticks[out->nticks].year = (int)yy;
        out->nticks++;
    }
}
