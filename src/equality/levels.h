/* Levels of the offer and how a municipality's cell is judged against the
 * county standard. Pure functions, unit-tested in tests/equality/. */
#ifndef KOHTAAMO_EQUALITY_LEVELS_H
#define KOHTAAMO_EQUALITY_LEVELS_H
#include <stdbool.h>

#define EQ_NLEVELS 5
#define EQ_RANK_NONE 5   /* not_offered: also what a missing offer counts as */

/* Level codes best first, as in sql/040_directory.sql (rank = index + 1). */
extern const char *const eq_level_codes[EQ_NLEVELS];
/* English msgids of the level names, for tr(). */
extern const char *const eq_level_labels[EQ_NLEVELS];

/* 1 (walk_in_daily) .. 5 (not_offered); 0 for an unknown code or NULL. */
int eq_level_rank(const char *code);
/* True when a cell at rank best meets a standard at rank standard
 * (lower is better; a standard of 0 means "no standard": always met). */
bool eq_level_meets(int best, int standard);
/* True when the comma-separated list (e.g. "fi,sv") holds lang. */
bool eq_langs_have(const char *list, const char *lang);

/* Marks of one cell of the matrix. */
enum {
    EQ_MARK_MISSING = 1,     /* not offered at any point of the municipality */
    EQ_MARK_BELOW = 2,       /* offered, but below the county standard */
    EQ_MARK_NO_SWEDISH = 4   /* offered in a bilingual municipality, nowhere in Swedish */
};
/* best: best rank over the municipality's points (EQ_RANK_NONE when none);
 * standard: rank of the standard or 0; has_sv: some offer there is in Swedish;
 * wants_sv: the municipality is bilingual and the standard asks for Swedish. */
int eq_cell_marks(int best, int standard, bool has_sv, bool wants_sv);

#endif
