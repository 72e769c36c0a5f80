/* Benchmark data for the projects feature: 2,000 projects (with themes,
 * municipalities, statuses, milestones) and 50,000 updates, then the search
 * index, through the project's own storage API so the same program fills
 * SQLite and PostgreSQL.
 *
 *   fill_projects DATABASE_URL [PROJECTS [UPDATES]]   (default 2000 and 50000)
 *
 * The database must already be migrated (kohtaamo migrate). Build it like
 * fill_news:
 *   cc -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Isrc bench/fill_projects.c \
 *      build-bench/libkohtaamo.a $(pkg-config --libs ...) -lpthread -lm -o build-bench/fill_projects
 * The pseudo-random sequence is fixed: every run gives the same data
 * relative to the current time. */
#include "bench_common.h"
#include "db/db.h"
#include "projects/projects.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define UPD_PER_STMT 50
#define UCOLS 8

typedef struct tri {
    const char *fi, *sv, *en;
} tri;


/* Compound words are built from these parts, as Finnish and Swedish do. */
static const tri PLACES[] = {
    {"Terveysaseman", "Hälsostationens", "Health station"},
    {"Perhekeskuksen", "Familjecentralens", "Family centre"},
    {"Kotihoidon", "Hemvårdens", "Home care"},
    {"Suun terveydenhuollon", "Munhälsovårdens", "Oral health care"},
    {"Mielenterveyspalvelujen", "Mentalvårdstjänsternas", "Mental health services'"},
    {"Vammaispalvelujen", "Handikapptjänsternas", "Disability services'"},
    {"Nuorisoaseman", "Ungdomsstationens", "Youth station"},
    {"Ensihoidon", "Prehospitala akutsjukvårdens", "Emergency care"},
    {"Neuvolan", "Rådgivningens", "Child health clinic"},
    {"Sosiaalipäivystyksen", "Socialjourens", "Social emergency service"},
};
static const tri THINGS[] = {
    {"digitaalinen ajanvaraus", "digitala tidsbokning", "digital booking"},
    {"etävastaanotto", "distansmottagning", "remote appointments"},
    {"palveluohjaus", "servicehandledning", "service guidance"},
    {"ilta-aukiolo", "kvällsöppettider", "evening opening hours"},
    {"chat-neuvonta", "chattrådgivning", "chat advice"},
    {"jalkautuva työ", "uppsökande arbete", "outreach work"},
    {"asiakaspalaute", "kundrespons", "customer feedback"},
    {"yhteinen asiakastietojärjestelmä", "gemensamma klientdatasystem", "shared client records"},
};
static const tri UPD[] = {
    {"Kokeilu alkoi", "Försöket började", "The trial started"},
    {"Väliraportti julkaistu", "Mellanrapport publicerad", "Interim report published"},
    {"Asukastilaisuus pidettiin", "Invånarmöte hölls", "A residents' meeting was held"},
    {"Aikataulu tarkentui", "Tidtabellen preciserades", "The schedule was specified"},
    {"Palautteen yhteenveto", "Sammanfattning av responsen", "Summary of feedback"},
    {"Henkilöstön koulutus valmis", "Personalens utbildning klar", "Staff training completed"},
};
static const tri BODY[] = {
    {"Kiitos kaikille **palautetta** antaneille. Seuraavaksi laajennamme toimintaa.",
     "Tack till alla som gav **respons**. Nästa steg är att utvidga verksamheten.",
     "Thank you for all the **feedback**. Next we will expand the service."},
    {"Asiakkaat pitivät palvelua helppokäyttöisenä.\n\n- odotusajat lyhenivät\n- puhelut vähenivät",
     "Klienterna tyckte att tjänsten var lätt att använda.\n\n- väntetiderna blev kortare\n- samtalen minskade",
     "Clients found the service easy to use."},
    {"Terveysasemien ja perhekeskusten henkilöstö osallistui suunnitteluun.",
     "Personalen vid hälsostationerna och familjecentralerna deltog i planeringen.", ""},
};
static const char *const STATUSES[] = {"planned", "ongoing", "ongoing", "piloting", "completed", "paused"};
static const char *const THEMES[] = {"health", "elderly", "families", "youth", "mental", "disability", "digital",
                                     "emergency"};
#define N(a) ((uint64_t)(sizeof(a) / sizeof((a)[0])))

static uint64_t rng_state = 0x2545F4914F6CDD1DULL;
static uint64_t rnd(void)   /* xorshift64* */
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545F4914F6CDD1DULL;
}

static int die_db(db *d, const char *what)
{
    fprintf(stderr, "fill_projects: %s: %s\n", what, db_error(d));
    db_rollback(d);
    db_close(d);
    return 1;
}

static void iso_date(char *out, size_t n, time_t t)
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, n, "%Y-%m-%d", &tm);
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 4) {
        fprintf(stderr, "usage: %s DATABASE_URL [PROJECTS [UPDATES]]\n", argv[0]);
        return 2;
    }
    long nproj = argc > 2 ? strtol(argv[2], NULL, 10) : 2000;
    long nupd = argc > 3 ? strtol(argv[3], NULL, 10) : 50000;
    if (nproj <= 0 || nupd < 0) {
        fprintf(stderr, "fill_projects: bad counts\n");
        return 2;
    }
    char err[512];
    db *d = db_open(argv[1], err, sizeof err);
    if (!d) {
        fprintf(stderr, "fill_projects: cannot open %s: %s\n", argv[1], err);
        return 1;
    }
    struct timespec w0, w1;
    clock_gettime(CLOCK_MONOTONIC, &w0);
    time_t now = time(NULL);
    if (db_begin(d) < 0) return die_db(d, "begin");
    if (bench_add_municipalities(d) < 0) return die_db(d, "insert municipality");
    int64_t *ids = malloc((size_t)nproj * sizeof *ids);
    if (!ids) return die_db(d, "out of memory");
    arena a;
    arena_init(&a);
    for (long i = 0; i < nproj; i++) {
        const tri *pl = &PLACES[rnd() % N(PLACES)], *th = &THINGS[rnd() % N(THINGS)];
        char t[3][200], s[3][300], slug[64], sd[16], ed[16];
        snprintf(t[0], sizeof t[0], "%s %s %ld", pl->fi, th->fi, i + 1);
        snprintf(t[1], sizeof t[1], "%s %s %ld", pl->sv, th->sv, i + 1);
        snprintf(t[2], sizeof t[2], "%s %s %ld", pl->en, th->en, i + 1);
        snprintf(s[0], sizeof s[0], "Kehitämme: %s (%s).", th->fi, pl->fi);
        snprintf(s[1], sizeof s[1], "Vi utvecklar: %s (%s).", th->sv, pl->sv);
        snprintf(s[2], sizeof s[2], "We develop: %s (%s).", th->en, pl->en);
        if (rnd() % 4 == 0) t[2][0] = s[2][0] = '\0';   /* not all are in English */
        snprintf(slug, sizeof slug, "bench-project-%ld", i + 1);
        time_t start = now - (time_t)(rnd() % (3 * 365)) * 86400;
        iso_date(sd, sizeof sd, start);
        iso_date(ed, sizeof ed, start + (time_t)(180 + rnd() % 900) * 86400);
        db_result res;
        db_param p[] = {DB_TEXT(slug), DB_TEXT(t[0]), DB_TEXT(t[1]), DB_TEXT(t[2]), DB_TEXT(s[0]), DB_TEXT(s[1]),
                        DB_TEXT(s[2]), DB_TEXT(STATUSES[rnd() % N(STATUSES)]), DB_TEXT(sd), DB_TEXT(ed),
                        DB_INT(rnd() % 20 ? 1 : 0), DB_INT((int64_t)start)};
        if (db_query(d, &a, &res, "INSERT INTO projects(slug, title_fi, title_sv, title_en, summary_fi, summary_sv, "
                     "summary_en, body_fi, status, start_date, end_date, published, created_at, updated_at) "
                     "VALUES($1, $2, $3, $4, $5, $6, $7, $5, $8, $9, $10, $11, $12, $12) RETURNING id", 12, p) < 0)
            return die_db(d, "insert project");
        ids[i] = db_cell_int(&res, 0, 0);
        int nth = 1 + (int)(rnd() % 2);
        for (int k = 0; k < nth; k++) {
            db_param q[] = {DB_INT(ids[i]), DB_TEXT(THEMES[rnd() % N(THEMES)])};
            if (db_exec(d, "INSERT INTO project_themes(project_id, theme_id) SELECT $1, id FROM themes WHERE code = $2 "
                           "ON CONFLICT DO NOTHING", 2, q) < 0)
                return die_db(d, "insert theme");
        }
        int nm = (int)(rnd() % 4);   /* 0: the whole county */
        for (int k = 0; k < nm; k++) {
            db_param q[] = {DB_INT(ids[i]), DB_TEXT(BENCH_MUNIS[rnd() % BENCH_NMUNI].code)};
            if (db_exec(d, "INSERT INTO project_municipalities(project_id, municipality_id) "
                           "SELECT $1, id FROM municipalities WHERE code = $2 ON CONFLICT DO NOTHING", 2, q) < 0)
                return die_db(d, "insert municipality link");
        }
        int nms = 3 + (int)(rnd() % 4);
        for (int k = 0; k < nms; k++) {
            char md[16];
            iso_date(md, sizeof md, start + (time_t)k * 120 * 86400);
            static const char *const mst[] = {"done", "done", "ongoing", "planned", "planned", "cancelled"};
            db_param q[] = {DB_INT(ids[i]), DB_TEXT(UPD[k % N(UPD)].fi), DB_TEXT(UPD[k % N(UPD)].sv), DB_TEXT(md),
                            DB_TEXT(mst[k % N(mst)])};
            if (db_exec(d, "INSERT INTO project_milestones(project_id, title_fi, title_sv, due_date, status) "
                           "VALUES($1, $2, $3, $4, $5)", 5, q) < 0)
                return die_db(d, "insert milestone");
        }
        arena_free_all(&a);
        arena_init(&a);
    }
    if (db_commit(d) < 0) return die_db(d, "commit");

    /* updates: multi-row inserts, 50 per statement, 10,000 per transaction */
    db_param *params = malloc(UPD_PER_STMT * UCOLS * sizeof *params);
    char (*titles)[3][160] = malloc(UPD_PER_STMT * sizeof *titles);
    size_t cap = 512 + UPD_PER_STMT * UCOLS * 8;
    char *sql = malloc(cap);
    if (!params || !titles || !sql) return die_db(d, "out of memory");
    int sql_rows = 0;
    long done = 0;
    while (done < nupd) {
        if (db_begin(d) < 0) return die_db(d, "begin");
        long tx_end = done + 10000 < nupd ? done + 10000 : nupd;
        while (done < tx_end) {
            int n = (int)(tx_end - done < UPD_PER_STMT ? tx_end - done : UPD_PER_STMT);
            if (n != sql_rows) {
                size_t len = (size_t)snprintf(sql, cap, "INSERT INTO project_updates(project_id, title_fi, title_sv, "
                                              "title_en, body_fi, body_sv, body_en, published, published_at, "
                                              "created_at, updated_at) VALUES ");
                for (int r = 0; r < n; r++) {
                    int b = r * UCOLS;
                    len += (size_t)snprintf(sql + len, cap - len, "%s($%d,$%d,$%d,$%d,$%d,$%d,$%d,1,$%d,$%d,$%d)",
                                            r ? "," : "", b + 1, b + 2, b + 3, b + 4, b + 5, b + 6, b + 7, b + 8,
                                            b + 8, b + 8);
                }
                sql_rows = n;
            }
            for (int r = 0; r < n; r++) {
                const tri *u = &UPD[rnd() % N(UPD)], *bd = &BODY[rnd() % N(BODY)];
                long seq = done + r + 1;
                snprintf(titles[r][0], 160, "%s (%ld)", u->fi, seq);
                snprintf(titles[r][1], 160, "%s (%ld)", u->sv, seq);
                snprintf(titles[r][2], 160, "%s (%ld)", u->en, seq);
                db_param *q = &params[r * UCOLS];
                q[0] = DB_INT(ids[(done + r) % nproj]);
                q[1] = DB_TEXT(titles[r][0]);
                q[2] = DB_TEXT(titles[r][1]);
                q[3] = DB_TEXT(rnd() % 3 ? titles[r][2] : "");
                q[4] = DB_TEXT(bd->fi);
                q[5] = DB_TEXT(bd->sv);
                q[6] = DB_TEXT(bd->en);
                q[7] = DB_INT((int64_t)now - (int64_t)(rnd() % (3 * 365 * 86400LL)));
            }
            if (db_exec(d, sql, n * UCOLS, params) < 0) return die_db(d, "insert updates");
            done += n;
        }
        if (db_commit(d) < 0) return die_db(d, "commit");
    }

    /* the search index, 100 projects per transaction */
    for (long i = 0; i < nproj; i++) {
        if (i % 100 == 0 && db_begin(d) < 0) return die_db(d, "begin");
        if (projects_reindex(d, &a, ids[i]) < 0) return die_db(d, "index");
        arena_free_all(&a);
        arena_init(&a);
        if ((i % 100 == 99 || i == nproj - 1) && db_commit(d) < 0) return die_db(d, "commit");
    }
    if (db_exec(d, "ANALYZE", 0, NULL) < 0) return die_db(d, "analyze");
    clock_gettime(CLOCK_MONOTONIC, &w1);
    fprintf(stderr, "fill_projects: %ld projects, %ld updates and their search index in %.1f s\n", nproj, nupd,
            (double)(w1.tv_sec - w0.tv_sec) + (double)(w1.tv_nsec - w0.tv_nsec) / 1e9);
    arena_free_all(&a);
    free(params);
    free(titles);
    free(sql);
    free(ids);
    db_close(d);
    return 0;
}
