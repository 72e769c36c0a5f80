/* Opening-hours logic in Europe/Helsinki time; see hours.h for the rules. */
#include "hours.h"
#include <string.h>

/* Howard Hinnant's days_from_civil / civil_from_days. */
int64_t hours_days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void hours_civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

int hours_weekday(int64_t days)
{
    /* 1970-01-01 was a Thursday (4) */
    int64_t w = (days + 3) % 7;
    if (w < 0) w += 7;
    return (int)w + 1;
}

static int month_days(int y, int m)
{
    static const int n[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : n[m - 1];
}

int64_t hours_parse_date(const char *s)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-') return -1;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return -1;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    if (y < 1900 || m < 1 || m > 12 || d < 1 || d > month_days(y, m)) return -1;
    return hours_days_from_civil(y, m, d);
}

void hours_format_date(int64_t days, char out[11])
{
    int y, m, d;
    hours_civil_from_days(days, &y, &m, &d);
    out[0] = (char)('0' + y / 1000 % 10), out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10), out[3] = (char)('0' + y % 10), out[4] = '-';
    out[5] = (char)('0' + m / 10), out[6] = (char)('0' + m % 10), out[7] = '-';
    out[8] = (char)('0' + d / 10), out[9] = (char)('0' + d % 10), out[10] = '\0';
}

/* Day number of the last Sunday of month m in year y. */
static int64_t last_sunday(int y, int m)
{
    int64_t last = hours_days_from_civil(y, m, month_days(y, m));
    return last - (hours_weekday(last) % 7);
}

int hours_helsinki_offset(int64_t t)
{
    int64_t days = (t >= 0 ? t : t - 86399) / 86400;
    int y, m, d;
    hours_civil_from_days(days, &y, &m, &d);
    int64_t start = last_sunday(y, 3) * 86400 + 3600, end = last_sunday(y, 10) * 86400 + 3600;
    return t >= start && t < end ? 10800 : 7200;
}

void hours_to_local(int64_t t, hel_time *out)
{
    int64_t l = t + hours_helsinki_offset(t);
    int64_t days = (l >= 0 ? l : l - 86399) / 86400;
    out->days = days;
    out->weekday = hours_weekday(days);
    out->minute = (int)((l - days * 86400) / 60);
}

int64_t hours_from_local(int64_t days, int minute)
{
    int64_t l = days * 86400 + (int64_t)minute * 60;
    int64_t summer = l - 10800, winter = l - 7200;
    if (hours_helsinki_offset(summer) == 10800) return summer;   /* also the first of a doubled time */
    if (hours_helsinki_offset(winter) == 7200) return winter;
    return winter;   /* the missing hour in March: as if the clock had not moved yet */
}

bool hours_day_is_exception(const hours_set *s, int64_t days, int *exc)
{
    for (int i = 0; i < s->nexceptions; i++) {
        const hours_exception *e = &s->exceptions[i];
        int64_t to = e->to >= 0 ? e->to : e->from;
        if (days >= e->from && days <= to) {
            if (exc) *exc = i;
            return true;
        }
    }
    return false;
}

static bool regular_covers(const hours_regular *h, int64_t days)
{
    return (h->valid_from < 0 || days >= h->valid_from) && (h->valid_to < 0 || days <= h->valid_to);
}

static void add_interval(hours_interval *out, int *n, int max, int64_t days, int opens, int closes)
{
    if (*n >= max) return;
    hours_interval iv;
    iv.start = hours_from_local(days, opens);
    iv.end = closes > opens ? hours_from_local(days, closes) : hours_from_local(days + 1, closes);
    if (iv.end <= iv.start) return;
    /* insertion by start */
    int i = *n;
    while (i > 0 && out[i - 1].start > iv.start) {
        out[i] = out[i - 1];
        i--;
    }
    out[i] = iv;
    (*n)++;
}

int hours_day_intervals(const hours_set *s, int64_t days, hours_interval *out, int max)
{
    int n = 0;
    if (hours_day_is_exception(s, days, NULL)) {
        for (int i = 0; i < s->nexceptions; i++) {
            const hours_exception *e = &s->exceptions[i];
            int64_t to = e->to >= 0 ? e->to : e->from;
            if (days < e->from || days > to) continue;
            if (e->closed) return 0;
        }
        for (int i = 0; i < s->nexceptions; i++) {
            const hours_exception *e = &s->exceptions[i];
            int64_t to = e->to >= 0 ? e->to : e->from;
            if (days >= e->from && days <= to) add_interval(out, &n, max, days, e->opens, e->closes);
        }
        return n;
    }
    /* a validity period covering the day overrides the open-ended hours */
    bool dated = false;
    for (int i = 0; i < s->nregular; i++) {
        const hours_regular *h = &s->regular[i];
        if ((h->valid_from >= 0 || h->valid_to >= 0) && regular_covers(h, days)) dated = true;
    }
    int wd = hours_weekday(days);
    for (int i = 0; i < s->nregular; i++) {
        const hours_regular *h = &s->regular[i];
        bool is_dated = h->valid_from >= 0 || h->valid_to >= 0;
        if (h->weekday != wd || is_dated != dated || !regular_covers(h, days)) continue;
        add_interval(out, &n, max, days, h->opens, h->closes);
    }
    return n;
}

#define MAX_DAY 16

void hours_status_at(const hours_set *s, int64_t now, hours_status *out)
{
    memset(out, 0, sizeof *out);
    out->known = s->nregular > 0 || s->nexceptions > 0;
    if (!out->known) return;
    hel_time lt;
    hours_to_local(now, &lt);
    hours_interval iv[MAX_DAY];
    /* Open now: a period that started yesterday or today and has not ended. */
    for (int64_t d = lt.days - 1; d <= lt.days && !out->open; d++) {
        int n = hours_day_intervals(s, d, iv, MAX_DAY);
        for (int i = 0; i < n; i++)
            if (iv[i].start <= now && now < iv[i].end) {
                out->open = true;
                out->closes_at = iv[i].end;
                break;
            }
    }
    if (out->open) {
        /* adjacent or overlapping periods continue the opening (24/7 points) */
        for (int64_t d = lt.days - 1; d <= lt.days + 8; d++) {
            int n = hours_day_intervals(s, d, iv, MAX_DAY);
            for (int i = 0; i < n; i++)
                if (iv[i].start <= out->closes_at && iv[i].end > out->closes_at) out->closes_at = iv[i].end;
        }
        return;
    }
    for (int64_t d = lt.days; d <= lt.days + 14; d++) {
        int n = hours_day_intervals(s, d, iv, MAX_DAY);
        for (int i = 0; i < n; i++)
            if (iv[i].start > now) {
                out->opens_at = iv[i].start;
                return;
            }
    }
}
