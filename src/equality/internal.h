/* Shared inside src/equality/: the matrix model that the page, the SVG, the
 * CSV and XLSX downloads and the history's monthly counts all use. */
#ifndef KOHTAAMO_EQUALITY_INTERNAL_H
#define KOHTAAMO_EQUALITY_INTERNAL_H
#include "equality.h"
#include <stdint.h>

typedef struct eq_service {
    int64_t id;
    const char *code, *name;
    int standard;          /* rank of the county standard, 0 when none is set */
    bool std_sv;           /* the standard asks for Swedish in bilingual municipalities */
} eq_service;

typedef struct eq_muni {
    int64_t id;
    const char *code, *name;
    bool bilingual;
} eq_muni;

typedef struct eq_totals {
    long cells, ok, missing, below, no_sv;
} eq_totals;

typedef struct eq_matrix {
    int ns, nm;
    eq_service *s;
    eq_muni *m;
    unsigned char *best;    /* ns * nm ranks, EQ_RANK_NONE when not offered */
    unsigned char *has_sv;  /* ns * nm */
    unsigned char *marks;   /* ns * nm, EQ_MARK_* */
    eq_totals t;
    long *muni_gaps;        /* nm: cells with any mark per municipality */
} eq_matrix;

/* Loads services, municipalities and their standards (no cells yet); all in arena a. */
int eq_matrix_frame(db *d, arena *a, const char *lang, eq_matrix *mx);
/* Index of a service or municipality id in the frame, or -1. */
int eq_service_index(const eq_matrix *mx, int64_t id);
int eq_muni_index(const eq_matrix *mx, int64_t id);
/* Fills marks, totals and muni_gaps from best and has_sv. */
void eq_matrix_judge(eq_matrix *mx);
/* Frame + the offer as it stands now. */
int eq_matrix_load(db *d, arena *a, const char *lang, eq_matrix *mx);

/* Name in lang, falling back to Finnish when the translation is empty. */
const char *eq_pick(const char *lang, const char *fi, const char *sv, const char *en);
/* RFC 4180 field (quoted when needed) followed by ',' or CRLF. */
/* The level's translated name by rank (1..5). */
const char *eq_level_name(const char *lang, int rank);

#endif
