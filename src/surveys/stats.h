/* Survey statistics: pure arithmetic on counts that SQL has already
 * aggregated (GROUP BY), so it is the same for 10 or 100,000 answers.
 * Percentages are kept in tenths and means in hundredths, rounded half
 * away from zero, so the page, the CSV, the XLSX and the JSON show the
 * very same numbers. */
#ifndef KOHTAAMO_SURVEY_STATS_H
#define KOHTAAMO_SURVEY_STATS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A breakdown cell (a group, a period) with fewer answers than this is not shown. */
#define STATS_MIN_CELL 5

/* part of total in tenths of a per cent (455 = 45.5 %); 0 when total is 0. */
int64_t stats_pct_tenths(int64_t part, int64_t total);
/* sum / n in hundredths (345 = 3.45); 0 when n is 0. */
int64_t stats_mean_hundredths(int64_t sum, int64_t n);

/* A distribution over integer values: counts[i] answers gave values[i]. */
typedef struct stats_dist {
    int64_t n;                 /* answers */
    int64_t sum;               /* sum of the values */
    int64_t mean_h;            /* mean in hundredths */
    int mode_index;            /* index of the most common value (first on ties), -1 when n is 0 */
} stats_dist;
void stats_distribution(const int *values, const int64_t *counts, size_t k, stats_dist *out);

/* Net Promoter Score from answers 0-10: % promoters (9-10) minus % detractors (0-6),
 * as a whole number -100..100 (rounded half away from zero). */
typedef struct stats_nps {
    int64_t n, promoters, passives, detractors;
    int nps;
} stats_nps;
/* counts[v] answers gave v, for v = 0..10. */
void stats_nps_from_counts(const int64_t counts[11], stats_nps *out);
/* The same from the three group sizes. */
void stats_nps_from_groups(int64_t promoters, int64_t passives, int64_t detractors, stats_nps *out);

/* Suppression of small cells in one breakdown (k cells with n[i] answers):
 * every cell with 0 < n < STATS_MIN_CELL is suppressed. When exactly one
 * cell would be suppressed and others are shown, its size could be worked
 * out by subtracting the shown cells from the total, so the smallest shown
 * cell (the first of equals) is suppressed too. Cells with n == 0 are not
 * suppressed (nothing to reveal). Returns how many cells are suppressed. */
int stats_suppress(const int64_t *n, size_t k, bool *suppressed);

/* Formats tenths as "45.5" (dec = '.') or "45,5" (dec = ','); hundredths as
 * "3.45". buf needs 32 bytes. Returns buf. */
char *stats_fmt_tenths(int64_t tenths, char dec, char *buf);
char *stats_fmt_hundredths(int64_t hundredths, char dec, char *buf);

#endif
