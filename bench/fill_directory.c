/* Benchmark data for the service directory and the equal access matrix:
 *
 *   fill_directory DATABASE_URL [POINTS [SERVICES]]   (default 2000 points, 500 services)
 *
 * The database must already be migrated (kohtaamo migrate). Adds the ten
 * municipalities of Western Uusimaa (when missing), SERVICES services with a
 * county standard, POINTS service points spread over the municipalities with
 * weekday opening hours, and about six offers per point at varied levels and
 * languages, so the matrix has every kind of gap. Goes through the project's
 * own storage API, so the same program fills SQLite and PostgreSQL; the
 * pseudo-random sequence is fixed, so every run produces the same data.
 * Build: cc -std=c11 -D_GNU_SOURCE -O2 -Isrc bench/fill_directory.c build-bench/libkohtaamo.a $(pkg-config --libs ...) */
#include "bench_common.h"
#include "db/db.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define OFFERS_PER_POINT 6
#define ROWS_PER_TX 5000


static const struct {
    const char *fi, *sv, *en;
} SERVICES[] = {
    {"Perheneuvola", "Familjerådgivning", "Family counselling"},
    {"Hammashoito", "Tandvård", "Dental care"},
    {"Diabeteshoitaja", "Diabetesskötare", "Diabetes nurse"},
    {"Puheterapia", "Talterapi", "Speech therapy"},
    {"Lastenneuvola", "Barnrådgivning", "Child health clinic"},
    {"Mielenterveysneuvonta", "Mentalvårdsrådgivning", "Mental health advice"},
    {"Kotihoidon ohjaus", "Handledning inom hemvården", "Home care guidance"},
    {"Sosiaaliohjaus", "Socialhandledning", "Social guidance"},
    {"Fysioterapia", "Fysioterapi", "Physiotherapy"},
    {"Päihdepalvelut", "Missbrukartjänster", "Substance abuse services"},
};
#define NSVC ((int)(sizeof SERVICES / sizeof SERVICES[0]))

static const char *const KINDS[4] = {"sote_centre", "health_station", "family_centre", "meeting_point"};
static const char *const KIND_FI[4] = {"Sote-keskus", "Terveysasema", "Perhekeskus", "Kohtaamispaikka"};
static const char *const KIND_SV[4] = {"Social- och hälsocentral", "Hälsostation", "Familjecenter", "Mötesplats"};
static const char *const LEVELS[5] = {"walk_in_daily", "by_appointment", "weekly_days", "remote_only", "not_offered"};
static const char *const LANGS[3] = {"fi", "fi,sv", "fi,sv,en"};

static uint32_t seed = 20261125u;
static uint32_t rnd(void)
{
    seed = seed * 1664525u + 1013904223u;
    return seed >> 8;
}

static int die_db(db *d, const char *what)
{
    fprintf(stderr, "fill_directory: %s: %s\n", what, db_error(d));
    db_rollback(d);
    db_close(d);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 4) {
        fprintf(stderr, "usage: %s DATABASE_URL [POINTS [SERVICES]]\n", argv[0]);
        return 2;
    }
    long npoints = argc > 2 ? strtol(argv[2], NULL, 10) : 2000, nservices = argc > 3 ? strtol(argv[3], NULL, 10) : 500;
    if (npoints <= 0 || nservices <= 0 || npoints > 1000000 || nservices > 100000) {
        fprintf(stderr, "fill_directory: bad counts\n");
        return 2;
    }
    char err[512];
    db *d = db_open(argv[1], err, sizeof err);
    if (!d) {
        fprintf(stderr, "fill_directory: cannot open %s: %s\n", argv[1], err);
        return 1;
    }
    int64_t now = (int64_t)time(NULL);
    arena a;
    arena_init(&a);
    if (db_begin(d) < 0) return die_db(d, "begin");
    if (bench_add_municipalities(d) < 0) return die_db(d, "insert municipality");
    db_result mres;
    if (db_query(d, &a, &mres, "SELECT id FROM municipalities ORDER BY code", 0, NULL) < 0 || mres.nrows == 0)
        return die_db(d, "read municipalities");
    int nm = mres.nrows;
    int64_t *muni = malloc((size_t)nm * sizeof *muni);
    int64_t *svc = malloc((size_t)nservices * sizeof *svc);
    if (!muni || !svc) return die_db(d, "out of memory");
    for (int i = 0; i < nm; i++) muni[i] = db_cell_int(&mres, i, 0);

    for (long i = 0; i < nservices; i++) {
        char code[32], fi[160], sv[160], en[160];
        int b = (int)(i % NSVC);
        snprintf(code, sizeof code, "bench-s-%04ld", i);
        snprintf(fi, sizeof fi, "%s %ld", SERVICES[b].fi, i / NSVC + 1);
        snprintf(sv, sizeof sv, "%s %ld", SERVICES[b].sv, i / NSVC + 1);
        snprintf(en, sizeof en, "%s %ld", SERVICES[b].en, i / NSVC + 1);
        db_result r;
        db_param p[] = {DB_TEXT(code), DB_TEXT(fi), DB_TEXT(sv), DB_TEXT(en), DB_INT(now)};
        if (db_query(d, &a, &r, "INSERT INTO services(code, name_fi, name_sv, name_en, created_at, updated_at) "
                                "VALUES($1, $2, $3, $4, $5, $5) RETURNING id", 5, p) < 0)
            return die_db(d, "insert service");
        svc[i] = db_cell_int(&r, 0, 0);
        db_param s[] = {DB_INT(svc[i]), DB_TEXT(i % 3 == 0 ? "walk_in_daily" : "by_appointment"), DB_INT(now)};
        if (db_exec(d, "INSERT INTO service_standards(service_id, level, languages, updated_at) "
                       "VALUES($1, $2, 'fi,sv', $3)", 3, s) < 0)
            return die_db(d, "insert standard");
        arena_free_all(&a);
    }
    if (db_commit(d) < 0) return die_db(d, "commit");

    long rows = 0;
    if (db_begin(d) < 0) return die_db(d, "begin");
    for (long i = 0; i < npoints; i++) {
        int m = (int)(i % nm), k = (int)(i / nm % 4);
        char code[32], fi[200], sv[200], street[64];
        snprintf(code, sizeof code, "bench-p-%05ld", i);
        snprintf(fi, sizeof fi, "%s %ld", KIND_FI[k], i + 1);
        snprintf(sv, sizeof sv, "%s %ld", KIND_SV[k], i + 1);
        snprintf(street, sizeof street, "Keskuskatu %ld", i % 120 + 1);
        db_result r;
        db_param p[] = {DB_TEXT(code), DB_INT(muni[m]), DB_TEXT(KINDS[k]), DB_TEXT(fi), DB_TEXT(sv), DB_TEXT(street),
                        DB_TEXT(LANGS[rnd() % 3]), DB_INT(now)};
        if (db_query(d, &a, &r, "INSERT INTO service_points(code, municipality_id, kind, name_fi, name_sv, street_fi, "
                                "languages, created_at, updated_at) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
                     8, p) < 0)
            return die_db(d, "insert point");
        int64_t pid = db_cell_int(&r, 0, 0);
        for (int wd = 1; wd <= 5; wd++) {
            db_param h[] = {DB_INT(pid), DB_INT(wd), DB_INT(480), DB_INT(wd == 5 ? 840 : 960)};
            if (db_exec(d, "INSERT INTO opening_hours(point_id, weekday, opens_min, closes_min) VALUES($1, $2, $3, $4)",
                        4, h) < 0)
                return die_db(d, "insert hours");
        }
        long first = (long)(rnd() % (uint32_t)nservices);
        for (int o = 0; o < OFFERS_PER_POINT; o++) {
            long s = (first + o * 37) % nservices;
            const char *level = LEVELS[rnd() % 5];
            db_param q[] = {DB_INT(svc[s]), DB_INT(pid), DB_TEXT(level),
                            DB_TEXT(strcmp(level, "weekly_days") == 0 ? "2,4" : ""), DB_TEXT(LANGS[rnd() % 3]),
                            DB_INT(now)};
            if (db_exec(d, "INSERT INTO service_offers(service_id, point_id, level, weekdays, languages, updated_at) "
                           "VALUES($1, $2, $3, $4, $5, $6) ON CONFLICT (service_id, point_id) DO NOTHING", 6, q) < 0)
                return die_db(d, "insert offer");
            rows++;
        }
        arena_free_all(&a);
        if (rows >= ROWS_PER_TX) {
            if (db_commit(d) < 0 || db_begin(d) < 0) return die_db(d, "commit");
            rows = 0;
        }
    }
    if (db_commit(d) < 0) return die_db(d, "commit");
    printf("fill_directory: %ld services, %ld points, about %ld offers\n", nservices, npoints,
           npoints * OFFERS_PER_POINT);
    free(muni);
    free(svc);
    arena_free_all(&a);
    db_close(d);
    return 0;
}
