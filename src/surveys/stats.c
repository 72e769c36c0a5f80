/* Survey statistics on aggregated counts; see stats.h. */
#include "stats.h"
#include <stdio.h>
#include <stdlib.h>

/* num / den rounded half away from zero; den > 0. */
static int64_t div_round(int64_t num, int64_t den)
{
    if (den <= 0) return 0;
    if (num >= 0) return (2 * num + den) / (2 * den);
    return -((2 * -num + den) / (2 * den));
}

int64_t stats_pct_tenths(int64_t part, int64_t total)
{
    return total > 0 ? div_round(part * 1000, total) : 0;
}

int64_t stats_mean_hundredths(int64_t sum, int64_t n)
{
    return n > 0 ? div_round(sum * 100, n) : 0;
}

void stats_distribution(const int *values, const int64_t *counts, size_t k, stats_dist *out)
{
    out->n = out->sum = out->mean_h = 0;
    out->mode_index = -1;
    int64_t best = 0;
    for (size_t i = 0; i < k; i++) {
        out->n += counts[i];
        out->sum += counts[i] * (int64_t)values[i];
        if (counts[i] > best) {
            best = counts[i];
            out->mode_index = (int)i;
        }
    }
    out->mean_h = stats_mean_hundredths(out->sum, out->n);
}

void stats_nps_from_groups(int64_t promoters, int64_t passives, int64_t detractors, stats_nps *out)
{
    out->promoters = promoters;
    out->passives = passives;
    out->detractors = detractors;
    out->n = promoters + passives + detractors;
    out->nps = (int)div_round((promoters - detractors) * 100, out->n);
}

void stats_nps_from_counts(const int64_t counts[11], stats_nps *out)
{
    int64_t p = 0, q = 0, d = 0;
    for (int v = 0; v <= 10; v++) {
        if (v >= 9) p += counts[v];
        else if (v >= 7) q += counts[v];
        else d += counts[v];
    }
    stats_nps_from_groups(p, q, d, out);
}

int stats_suppress(const int64_t *n, size_t k, bool *suppressed)
{
    int count = 0;
    for (size_t i = 0; i < k; i++) {
        suppressed[i] = n[i] > 0 && n[i] < STATS_MIN_CELL;
        count += suppressed[i];
    }
    if (count == 1) {
        size_t pick = k;
        for (size_t i = 0; i < k; i++)
            if (!suppressed[i] && n[i] > 0 && (pick == k || n[i] < n[pick])) pick = i;
        if (pick < k) {
            suppressed[pick] = true;
            count++;
        }
    }
    return count;
}

static char *fmt_fixed(int64_t v, int64_t scale, int digits, char dec, char *buf)
{
    const char *sign = v < 0 ? "-" : "";
    int64_t a = llabs(v);
    snprintf(buf, 32, "%s%lld%c%0*lld", sign, (long long)(a / scale), dec, digits, (long long)(a % scale));
    return buf;
}

char *stats_fmt_tenths(int64_t tenths, char dec, char *buf) { return fmt_fixed(tenths, 10, 1, dec, buf); }
char *stats_fmt_hundredths(int64_t hundredths, char dec, char *buf) { return fmt_fixed(hundredths, 100, 2, dec, buf); }
