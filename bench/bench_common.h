/* What the bench fill programs share: the county's ten municipalities. */
#ifndef KOHTAAMO_BENCH_COMMON_H
#define KOHTAAMO_BENCH_COMMON_H
#include "db/db.h"

static const struct {
    const char *code, *fi, *sv;
    int bilingual;
} BENCH_MUNIS[] = {
    {"049", "Espoo", "Esbo", 1},          {"078", "Hanko", "Hangö", 1},
    {"149", "Inkoo", "Ingå", 1},          {"224", "Karkkila", "Högfors", 0},
    {"235", "Kauniainen", "Grankulla", 1}, {"257", "Kirkkonummi", "Kyrkslätt", 1},
    {"444", "Lohja", "Lojo", 0},          {"710", "Raasepori", "Raseborg", 1},
    {"755", "Siuntio", "Sjundeå", 1},     {"927", "Vihti", "Vichtis", 0},
};
#define BENCH_NMUNI ((int)(sizeof BENCH_MUNIS / sizeof BENCH_MUNIS[0]))

/* Adds the municipalities a migrated database lacks. 0, or -1 (db_error says why). */
static inline int bench_add_municipalities(db *d)
{
    for (int i = 0; i < BENCH_NMUNI; i++) {
        db_param p[] = {DB_TEXT(BENCH_MUNIS[i].code), DB_TEXT(BENCH_MUNIS[i].fi), DB_TEXT(BENCH_MUNIS[i].sv),
                        DB_INT(BENCH_MUNIS[i].bilingual)};
        if (db_exec(d, "INSERT INTO municipalities(code, name_fi, name_sv, bilingual) VALUES($1, $2, $3, $4) "
                       "ON CONFLICT(code) DO NOTHING", 4, p) < 0)
            return -1;
    }
    return 0;
}

#endif
