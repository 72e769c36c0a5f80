/* Benchmark data: fills the news table with realistic-looking items.
 *
 *   fill_news DATABASE_URL [ROWS]      (default 100000 rows)
 *
 * The database must already be migrated (kohtaamo migrate). Adds a few
 * municipalities of Uusimaa, then ROWS news items in Finnish, Swedish and
 * English (some without a Swedish or English text, as in real use),
 * published over the last ten years. Rows go in with multi-row INSERTs,
 * 10,000 rows per transaction, through the project's own storage API, so
 * the same program fills SQLite and PostgreSQL. The pseudo-random sequence
 * is fixed: every run produces the same data relative to the current time. */
#include "bench_common.h"
#include "db/db.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ROWS_PER_STMT 50
#define ROWS_PER_TX 10000
#define NCOLS 8   /* bound values per row */
#define TEN_YEARS (10LL * 365 * 24 * 3600 + 2 * 24 * 3600)

typedef struct tri {
    const char *fi, *sv, *en;
} tri;


/* What the notice is about. */
static const tri SUBJECTS[] = {
    {"Pääkirjasto", "Huvudbiblioteket", "The main library"},
    {"Uimahalli", "Simhallen", "The swimming hall"},
    {"Terveysaseman ajanvaraus", "Hälsostationens tidsbokning", "Health centre appointments"},
    {"Jätehuollon noutoaikataulu", "Avfallshämtningens tidtabell", "The waste collection schedule"},
    {"Kunnanvaltuuston kokous", "Fullmäktiges möte", "The council meeting"},
    {"Koulukuljetukset", "Skolskjutsarna", "School transport"},
    {"Vesijohtotyöt Asematiellä", "Vattenledningsarbetena på Stationsvägen", "Water main works on Asematie"},
    {"Nuorisotila", "Ungdomsgården", "The youth centre"},
    {"Kesätyöpaikkojen haku", "Ansökan om sommarjobb", "Applications for summer jobs"},
    {"Liikuntapaikkojen vuorojako", "Fördelningen av turer i idrottsanläggningarna", "Sports facility bookings"},
    {"Kaavoitusluonnos", "Planutkastet", "The zoning draft"},
    {"Joukkoliikenteen aikataulut", "Kollektivtrafikens tidtabeller", "Public transport timetables"},
    {"Varhaiskasvatuksen haku", "Ansökan till småbarnspedagogiken", "Early childhood education applications"},
    {"Kotihoidon palvelut", "Hemvårdens tjänster", "Home care services"},
    {"Kansalaisopiston kurssit", "Medborgarinstitutets kurser", "Adult education courses"},
    {"Katuvalaistus", "Gatubelysningen", "Street lighting"},
};
/* What happens to it. */
static const tri EVENTS[] = {
    {"suljettu huoltotöiden vuoksi", "stängd på grund av underhåll", "closed for maintenance"},
    {"avautuu uudelleen maanantaina", "öppnar igen på måndag", "reopens on Monday"},
    {"muuttuu ensi kuusta alkaen", "ändras från och med nästa månad", "changes from next month"},
    {"poikkeusaukioloajat pyhien aikana", "avvikande öppettider under helgerna", "holiday opening hours"},
    {"siirtyy uusiin tiloihin", "flyttar till nya lokaler", "moves to new premises"},
    {"haku käynnissä", "ansökan pågår", "applications are open"},
    {"kuulutus nähtävillä", "kungörelsen finns framlagd", "public notice on display"},
    {"kyselyn tulokset julkaistu", "enkätens resultat publicerade", "survey results published"},
    {"häiriöitä tiistaina", "störningar på tisdag", "disruptions on Tuesday"},
    {"uusi verkkopalvelu käyttöön", "ny e-tjänst tas i bruk", "new online service launched"},
};
/* The body: an opening sentence and one or two follow-ups. */
static const tri OPENINGS[] = {
    {"Lisätietoja saat kunnan asiakaspalvelusta arkisin kello 9–15.",
     "Mer information får du av kommunens kundtjänst vardagar klockan 9–15.",
     "More information is available from the municipal customer service on weekdays 9–15."},
    {"Muutos koskee kaikkia kunnan asukkaita.", "Ändringen gäller alla kommuninvånare.",
     "The change applies to all residents of the municipality."},
    {"Pahoittelemme aiheutuvaa haittaa.", "Vi beklagar det besvär detta orsakar.",
     "We apologise for the inconvenience."},
    {"Asiasta päätettiin lautakunnan kokouksessa.", "Beslutet fattades vid nämndens möte.",
     "The decision was made at the committee meeting."},
};
static const tri FOLLOWUPS[] = {
    {"Katso **ajankohtaiset tiedot** kunnan verkkosivuilta.", "Se **aktuell information** på kommunens webbplats.",
     "See the **latest information** on the municipality's website."},
    {"Palautetta voi antaa sähköisellä lomakkeella 30 päivän ajan.",
     "Respons kan ges med en elektronisk blankett under 30 dagar.",
     "Feedback can be given on an online form for 30 days."},
    {"Tilaisuus on maksuton ja avoin kaikille.", "Evenemanget är avgiftsfritt och öppet för alla.",
     "The event is free of charge and open to everyone."},
    {"Aikataulut voivat vielä tarkentua.", "Tidtabellerna kan ännu preciseras.",
     "The schedules may still be specified in more detail."},
    {"- ilmoittautuminen verkossa\n- paikkoja rajoitetusti", "- anmälan på nätet\n- begränsat antal platser",
     "- registration online\n- limited places"},
};
#define N(a) ((uint64_t)(sizeof(a) / sizeof((a)[0])))

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;
static uint64_t rnd(void)  /* xorshift64* */
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545F4914F6CDD1DULL;
}

/* The texts of one news item, indexed fi, sv, en. */
typedef struct item {
    char title[3][256];
    char body[3][768];
} item;

static void make_item(item *it, int64_t seq)
{
    const tri *s = &SUBJECTS[rnd() % N(SUBJECTS)];
    const tri *e = &EVENTS[rnd() % N(EVENTS)];
    const tri *o = &OPENINGS[rnd() % N(OPENINGS)];
    uint64_t f1 = rnd() % N(FOLLOWUPS), f2 = (f1 + 1 + rnd() % (N(FOLLOWUPS) - 1)) % N(FOLLOWUPS);
    int two = (int)(rnd() % 2);
    const char *t[3] = {s->fi, s->sv, s->en}, *ev[3] = {e->fi, e->sv, e->en};
    const char *op[3] = {o->fi, o->sv, o->en};
    const char *fa[3] = {FOLLOWUPS[f1].fi, FOLLOWUPS[f1].sv, FOLLOWUPS[f1].en};
    const char *fb[3] = {FOLLOWUPS[f2].fi, FOLLOWUPS[f2].sv, FOLLOWUPS[f2].en};
    static const char *const ref[3] = {"Tiedote", "Meddelande", "Notice"};
    for (int l = 0; l < 3; l++) {
        snprintf(it->title[l], sizeof it->title[l], "%s: %s", t[l], ev[l]);
        if (two)
            snprintf(it->body[l], sizeof it->body[l], "%s %s.\n\n%s %s\n\n%s\n\n*%s %lld*", t[l], ev[l], op[l],
                     fa[l], fb[l], ref[l], (long long)seq);
        else
            snprintf(it->body[l], sizeof it->body[l], "%s %s.\n\n%s %s\n\n*%s %lld*", t[l], ev[l], op[l], fa[l],
                     ref[l], (long long)seq);
    }
    /* Not every notice is translated: about one in five lacks Swedish,
     * one in three lacks English. */
    if (rnd() % 5 == 0) it->title[1][0] = it->body[1][0] = '\0';
    if (rnd() % 3 == 0) it->title[2][0] = it->body[2][0] = '\0';
}

static int die_db(db *d, const char *what)
{
    fprintf(stderr, "fill_news: %s: %s\n", what, db_error(d));
    db_rollback(d);
    db_close(d);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: %s DATABASE_URL [ROWS]\n", argv[0]);
        return 2;
    }
    long rows = 100000;
    if (argc == 3) {
        char *end;
        rows = strtol(argv[2], &end, 10);
        if (*end || rows < 0) {
            fprintf(stderr, "fill_news: bad row count '%s'\n", argv[2]);
            return 2;
        }
    }
    char err[512];
    db *d = db_open(argv[1], err, sizeof err);
    if (!d) {
        fprintf(stderr, "fill_news: cannot open %s: %s\n", argv[1], err);
        return 1;
    }

    /* Municipalities: a join target for about half of the items. */
    if (db_begin(d) < 0) return die_db(d, "begin");
    if (bench_add_municipalities(d) < 0) return die_db(d, "insert municipality");
    arena a;
    arena_init(&a);
    db_result mres;
    if (db_query(d, &a, &mres, "SELECT id FROM municipalities ORDER BY id", 0, NULL) < 0 || mres.nrows == 0) {
        arena_free_all(&a);
        return die_db(d, "read municipalities");
    }
    int nmuni = mres.nrows;
    int64_t *muni_ids = malloc((size_t)nmuni * sizeof *muni_ids);
    if (!muni_ids) return die_db(d, "out of memory");
    for (int i = 0; i < nmuni; i++) muni_ids[i] = db_cell_int(&mres, i, 0);
    arena_free_all(&a);
    if (db_commit(d) < 0) return die_db(d, "commit");

    size_t cap = 256 + (size_t)ROWS_PER_STMT * NCOLS * 8;
    item *items = malloc(ROWS_PER_STMT * sizeof *items);
    db_param *params = malloc(ROWS_PER_STMT * NCOLS * sizeof *params);
    char *sql = malloc(cap);
    if (!items || !params || !sql) return die_db(d, "out of memory");
    int sql_rows = 0;  /* rows the text in sql inserts */

    time_t now = time(NULL);
    int64_t oldest = (int64_t)now - TEN_YEARS;
    long done = 0;
    clock_t c0 = clock();
    struct timespec w0, w1;
    clock_gettime(CLOCK_MONOTONIC, &w0);
    while (done < rows) {
        if (db_begin(d) < 0) return die_db(d, "begin");
        long tx_end = done + ROWS_PER_TX < rows ? done + ROWS_PER_TX : rows;
        while (done < tx_end) {
            int n = (int)(tx_end - done < ROWS_PER_STMT ? tx_end - done : ROWS_PER_STMT);
            if (n != sql_rows) {  /* the statement text is cached by both backends */
                size_t len = (size_t)snprintf(sql, cap, "INSERT INTO news(published_at, title_fi, title_sv, "
                                              "title_en, body_fi, body_sv, body_en, municipality_id) VALUES ");
                for (int r = 0; r < n; r++) {
                    int b = r * NCOLS;
                    len += (size_t)snprintf(sql + len, cap - len, "%s($%d,$%d,$%d,$%d,$%d,$%d,$%d,$%d)",
                                            r ? "," : "", b + 1, b + 2, b + 3, b + 4, b + 5, b + 6, b + 7,
                                            b + 8);
                }
                sql_rows = n;
            }
            for (int r = 0; r < n; r++) {
                item *it = &items[r];
                make_item(it, done + r + 1);
                /* Spread evenly over ten years, with jitter; ties are possible
                 * and are ordered by id, as in production. */
                int64_t t = oldest + (int64_t)((double)(done + r) / (double)rows * (double)TEN_YEARS) +
                            (int64_t)(rnd() % 7200);
                if (t > (int64_t)now) t = (int64_t)now;
                db_param *q = &params[r * NCOLS];
                q[0] = DB_INT(t);
                for (int l = 0; l < 3; l++) q[1 + l] = DB_TEXT(it->title[l]);
                for (int l = 0; l < 3; l++) q[4 + l] = DB_TEXT(it->body[l]);
                q[7] = rnd() % 2 ? DB_INT(muni_ids[rnd() % (uint64_t)nmuni]) : DB_NULL;
            }
            if (db_exec(d, sql, n * NCOLS, params) < 0) return die_db(d, "insert news");
            done += n;
        }
        if (db_commit(d) < 0) return die_db(d, "commit");
    }
    /* Fresh planner statistics, as a long-running database would have. On
     * PostgreSQL also a vacuum, so that autovacuum does not wake up for the
     * freshly inserted rows in the middle of a measurement. */
    if (db_exec(d, db_kind_of(d) == DB_POSTGRES ? "VACUUM ANALYZE" : "ANALYZE", 0, NULL) < 0)
        return die_db(d, "analyze");
    clock_gettime(CLOCK_MONOTONIC, &w1);
    double secs = (double)(w1.tv_sec - w0.tv_sec) + (double)(w1.tv_nsec - w0.tv_nsec) / 1e9;
    fprintf(stderr, "fill_news: inserted %ld rows in %.1f s (%.1f s CPU)\n", done, secs,
            (double)(clock() - c0) / CLOCKS_PER_SEC);

    free(items);
    free(params);
    free(sql);
    free(muni_ids);
    db_close(d);
    return 0;
}
