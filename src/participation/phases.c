#include "phases.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

int phase_current(const phase_row *rows, int n, int64_t now)
{
    int best = -1;
    for (int i = 0; i < n; i++) {
        if (rows[i].starts_at > now) continue;
        if (rows[i].ends_at != 0 && rows[i].ends_at <= now) continue;
        if (best < 0 || rows[i].starts_at >= rows[best].starts_at) best = i;
    }
    return best;
}

int phase_next(const phase_row *rows, int n, int64_t now)
{
    int best = -1;
    for (int i = 0; i < n; i++)
        if (rows[i].starts_at > now && (best < 0 || rows[i].starts_at < rows[best].starts_at)) best = i;
    return best;
}

bool phase_kind_valid(const char *kind)
{
    return kind && (strcmp(kind, "collecting") == 0 || strcmp(kind, "evaluating") == 0 ||
                    strcmp(kind, "decided") == 0 || strcmp(kind, "closed") == 0);
}

void phase_defaults(const char *kind, bool allows[3])
{
    bool col = kind && strcmp(kind, "collecting") == 0;
    bool eval = kind && strcmp(kind, "evaluating") == 0;
    bool dec = kind && strcmp(kind, "decided") == 0;
    allows[0] = col;
    allows[1] = col || eval;
    allows[2] = col || eval || dec;
}

int phase_parse_day(const char *text, int64_t *out)
{
    if (!text || strlen(text) != 10 || text[4] != '-' || text[7] != '-') return -1;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (text[i] < '0' || text[i] > '9')) return -1;
    int y = (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
    int m = (text[5] - '0') * 10 + (text[6] - '0');
    int d = (text[8] - '0') * 10 + (text[9] - '0');
    if (y < 2000 || y > 2200 || m < 1 || m > 12 || d < 1) return -1;
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (d > mdays[m - 1] + (m == 2 && leap)) return -1;
    struct tm tm = {0};
    tm.tm_year = y - 1900;
    tm.tm_mon = m - 1;
    tm.tm_mday = d;
    tm.tm_isdst = -1;
    time_t t = mktime(&tm);
    if (t == (time_t)-1) return -1;
    *out = (int64_t)t;
    return 0;
}

void phase_iso_day(char *out, size_t len, int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    snprintf(out, len, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

int64_t phase_last_moment(int64_t ends_at) { return ends_at - 1; }
