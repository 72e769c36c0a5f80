/* Benchmark data for participation: one open space with 10,000 ideas,
 * 1,000,000 positions (without an account, keyed as a browser token's
 * hash would be) and 200,000 comments, 500 of them on one idea. The
 * counters in ideas are then set from the rows, as the pages expect.
 *
 *   fill_participation DATABASE_URL [IDEAS [POSITIONS [COMMENTS]]]
 *                                    (default 10000, 1000000 and 200000)
 *
 * Prints "space=SLUG idea=ID": the space's slug and the idea with 500
 * comments, for scripts/bench.sh. The database must already be migrated.
 * Every table is filled by one INSERT ... SELECT over a recursive row
 * generator, the same SQL on SQLite and PostgreSQL, in one transaction.
 * Build it like fill_news:
 *   cc -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Isrc bench/fill_participation.c \
 *      build-bench/libkohtaamo.a $(pkg-config --libs ...) -lpthread -lm -o build-bench/fill_participation */
#include "bench_common.h"
#include "db/db.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SLUG "bench-ideas"
#define HOT_COMMENTS 500


static struct timespec t0;
/* Seconds since the start, for the progress lines on stderr. */
static double elapsed(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0.tv_sec) + (double)(t.tv_nsec - t0.tv_nsec) / 1e9;
}

static int die_db(db *d, const char *what)
{
    fprintf(stderr, "fill_participation: %s: %s\n", what, db_error(d));
    db_rollback(d);
    db_close(d);
    return 1;
}

/* Rows n = 1..$1, then the statement that uses them: a recursive generator
 * on SQLite, generate_series (no work table) on PostgreSQL. */
static const char *series(db *d, arena *a, const char *rest)
{
    return arena_concat(a, db_kind_of(d) == DB_POSTGRES
        ? "WITH s(n) AS (SELECT generate_series(CAST(1 AS BIGINT), CAST($1 AS BIGINT))) "
        : "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < $1) ", rest, NULL);
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 5) {
        fprintf(stderr, "usage: %s DATABASE_URL [IDEAS [POSITIONS [COMMENTS]]]\n", argv[0]);
        return 2;
    }
    long nideas = argc > 2 ? strtol(argv[2], NULL, 10) : 10000;
    long npos = argc > 3 ? strtol(argv[3], NULL, 10) : 1000000;
    long ncom = argc > 4 ? strtol(argv[4], NULL, 10) : 200000;
    if (nideas < 10 || npos < 0 || ncom < HOT_COMMENTS) {
        fprintf(stderr, "fill_participation: at least 10 ideas and %d comments\n", HOT_COMMENTS);
        return 2;
    }
    clock_gettime(CLOCK_MONOTONIC, &t0);
    char err[512];
    db *d = db_open(argv[1], err, sizeof err);
    if (!d) {
        fprintf(stderr, "fill_participation: %s\n", err);
        return 1;
    }
    arena a;
    arena_init(&a);
    db_result res;
    int64_t now = (int64_t)time(NULL);
    /* SQLite: a cache that holds the indexes being filled, so the one big
     * transaction does not spill pages to disk over and over */
    if (db_kind_of(d) == DB_SQLITE && db_exec(d, "PRAGMA cache_size = -524288", 0, NULL) < 0)
        return die_db(d, "cache size");
    if (db_begin(d) < 0) return die_db(d, "begin");
    if (bench_add_municipalities(d) < 0) return die_db(d, "municipalities");
    int64_t munis[10];
    for (int i = 0; i < 10; i++) {
        db_param p[] = {DB_TEXT(BENCH_MUNIS[i].code)};
        if (db_query(d, &a, &res, "SELECT id FROM municipalities WHERE code = $1", 1, p) < 0 || res.nrows == 0)
            return die_db(d, "municipality ids");
        munis[i] = db_cell_int(&res, 0, 0);
    }

    /* the space, open for ideas, positions (also without an account) and comments */
    db_param sp[] = {DB_TEXT(SLUG), DB_INT(now)};
    if (db_query(d, &a, &res,
                 "INSERT INTO spaces(slug, title_fi, title_sv, title_en, description_fi, description_sv, audience, "
                 "policy_idea, policy_position, policy_comment, created_at) VALUES($1, 'Palvelujen kehittäminen', "
                 "'Utveckling av tjänsterna', 'Developing the services', 'Kerro ideasi.', 'Berätta din idé.', "
                 "'everyone', 'registered', 'anyone', 'registered', $2) RETURNING id", 2, sp) < 0)
        return die_db(d, "space");
    int64_t space = db_cell_int(&res, 0, 0);
    db_param ph[] = {DB_INT(space), DB_INT(now - 30 * 86400)};
    if (db_exec(d, "INSERT INTO space_phases(space_id, kind, starts_at, allow_ideas, allow_positions, allow_comments)"
                   " VALUES($1, 'collecting', $2, 1, 1, 1)", 2, ph) < 0)
        return die_db(d, "phase");

    /* ideas: the newest is n = 1; ten municipalities in turn and one in ten for the whole county */
    db_param ip[] = {DB_INT(nideas), DB_INT(space), DB_INT(now),
                     DB_INT(munis[0]), DB_INT(munis[1]), DB_INT(munis[2]), DB_INT(munis[3]), DB_INT(munis[4]),
                     DB_INT(munis[5]), DB_INT(munis[6]), DB_INT(munis[7]), DB_INT(munis[8])};
    if (db_exec(d, series(d, &a,
                   "INSERT INTO ideas(space_id, author_name, lang, title, body, municipality_id, status, created_at, updated_at)"
                   " SELECT CAST($2 AS BIGINT), CASE n % 4 WHEN 0 THEN 'Aino Mäkinen' WHEN 1 THEN 'Erik Nyström' WHEN 2 THEN 'Maija Lehto'"
                   " ELSE 'Johan Ekholm' END, CASE n % 4 WHEN 1 THEN 'sv' WHEN 3 THEN 'sv' ELSE 'fi' END,"
                   " CASE n % 5 WHEN 0 THEN 'Ilta-aukiolo terveysasemalle ' WHEN 1 THEN 'Chattineuvonta ruotsiksi '"
                   " WHEN 2 THEN 'Perhekeskuksen avoin kohtaamispaikka ' WHEN 3 THEN 'Liikkuva palvelupiste kylille '"
                   " ELSE 'Ajanvaraus tekstiviestillä ' END || n,"
                   " 'Ehdotan, että **palvelua kehitetään** asukkaiden toiveiden mukaan.\n\n- lyhyemmät jonot\n"
                   "- palvelu omalla kielellä\n\nIdea numero ' || n || '.',"
                   " CASE n % 10 WHEN 0 THEN CAST($4 AS BIGINT) WHEN 1 THEN CAST($5 AS BIGINT) WHEN 2 THEN CAST($6 AS BIGINT) WHEN 3 THEN CAST($7 AS BIGINT) WHEN 4 THEN $8"
                   " WHEN 5 THEN CAST($9 AS BIGINT) WHEN 6 THEN CAST($10 AS BIGINT) WHEN 7 THEN CAST($11 AS BIGINT) WHEN 8 THEN CAST($12 AS BIGINT) ELSE NULL END,"
                   " CASE n % 10 WHEN 0 THEN 'accepted' WHEN 1 THEN 'considering' WHEN 2 THEN 'implemented' ELSE 'new' END,"
                   " CAST($3 AS BIGINT) - n * 37, CAST($3 AS BIGINT) - n * 37 FROM s"), 12, ip) < 0)
        return die_db(d, "ideas");
    fprintf(stderr, "fill_participation: %ld ideas (%.1f s)\n", nideas, elapsed());
    db_param sq[] = {DB_INT(space)};
    if (db_query(d, &a, &res, "SELECT MIN(id), MAX(id) FROM ideas WHERE space_id = $1", 1, sq) < 0)
        return die_db(d, "idea ids");
    int64_t first = db_cell_int(&res, 0, 0), count = db_cell_int(&res, 0, 1) - first + 1;
    if (count != nideas) return die_db(d, "idea ids are not consecutive");

    /* positions: half spread over every idea, half over the first tenth, so
     * the most supported order differs from the newest; made in idea order,
     * so the indexes on (idea_id, ...) grow at their ends */
    long half = npos / 2;
    db_param pp[] = {DB_INT(npos), DB_INT(first), DB_INT(nideas), DB_INT(nideas / 10), DB_INT(now), DB_INT(half > 0 ? half : 1),
                     DB_INT(npos - half > 0 ? npos - half : 1)};
    if (npos > 0 &&
        db_exec(d, series(d, &a,
                   "INSERT INTO positions(idea_id, anon_key, stance, argument, lang, created_at, updated_at)"
                   " SELECT CAST($2 AS BIGINT) + CASE WHEN n <= CAST($6 AS BIGINT) THEN (n - 1) * CAST($3 AS BIGINT) / CAST($6 AS BIGINT)"
                   " ELSE (n - CAST($6 AS BIGINT) - 1) * CAST($4 AS BIGINT) / CAST($7 AS BIGINT) END,"
                   " 'bench-' || n,"
                   " CASE WHEN n % 5 < 3 THEN 'for' WHEN n % 5 = 3 THEN 'against' ELSE 'neutral' END,"
                   " CASE WHEN n % 20 = 0 THEN 'Perustelu ' || n ELSE '' END, 'fi', CAST($5 AS BIGINT) - n, CAST($5 AS BIGINT) - n FROM s"), 7, pp) < 0)
        return die_db(d, "positions");

    fprintf(stderr, "fill_participation: %ld positions (%.1f s)\n", npos, elapsed());
    /* comments: 500 on the first idea, the rest over the others */
    db_param cp[] = {DB_INT(ncom), DB_INT(first), DB_INT(nideas - 1), DB_INT(HOT_COMMENTS), DB_INT(now)};
    if (db_exec(d, series(d, &a,
                   "INSERT INTO comments(target_type, target_id, author_name, lang, body, created_at)"
                   " SELECT 'idea', CASE WHEN n <= CAST($4 AS BIGINT) THEN CAST($2 AS BIGINT) ELSE CAST($2 AS BIGINT) + 1 + n % CAST($3 AS BIGINT) END,"
                   " CASE n % 3 WHEN 0 THEN 'Aino Mäkinen' WHEN 1 THEN 'Erik Nyström' ELSE 'Maija Lehto' END, 'fi',"
                   " 'Kommentti ' || n || ': hyvä ajatus, mutta **aikataulu** pitää miettiä.', CAST($5 AS BIGINT) - 200000 + n FROM s"),
                5, cp) < 0)
        return die_db(d, "comments");

    fprintf(stderr, "fill_participation: %ld comments (%.1f s)\n", ncom, elapsed());
    /* the counters the pages read instead of counting: one grouped pass
     * over each table (UPDATE ... FROM works on SQLite >= 3.33 and PostgreSQL) */
    if (db_exec(d, "UPDATE ideas SET support_count = x.f, against_count = x.a, neutral_count = x.u, anonymous_count = x.k"
                   " FROM (SELECT idea_id, SUM(CASE WHEN stance = 'for' THEN 1 ELSE 0 END) AS f,"
                   " SUM(CASE WHEN stance = 'against' THEN 1 ELSE 0 END) AS a,"
                   " SUM(CASE WHEN stance = 'neutral' THEN 1 ELSE 0 END) AS u,"
                   " SUM(CASE WHEN user_id IS NULL THEN 1 ELSE 0 END) AS k FROM positions GROUP BY idea_id) x"
                   " WHERE x.idea_id = ideas.id AND ideas.space_id = $1", 1, sq) < 0)
        return die_db(d, "position counters");
    if (db_exec(d, "UPDATE ideas SET comment_count = x.c FROM (SELECT target_id, COUNT(*) AS c FROM comments"
                   " WHERE target_type = 'idea' AND hidden_at IS NULL GROUP BY target_id) x"
                   " WHERE x.target_id = ideas.id AND ideas.space_id = $1", 1, sq) < 0)
        return die_db(d, "comment counters");
    fprintf(stderr, "fill_participation: counters (%.1f s)\n", elapsed());
    if (db_commit(d) < 0) return die_db(d, "commit");
    if (db_kind_of(d) == DB_POSTGRES && (db_exec(d, "ANALYZE ideas", 0, NULL) < 0 || db_exec(d, "ANALYZE positions", 0, NULL) < 0 ||
                                         db_exec(d, "ANALYZE comments", 0, NULL) < 0))
        return die_db(d, "analyze");
    if (db_kind_of(d) == DB_SQLITE && db_exec(d, "ANALYZE", 0, NULL) < 0) return die_db(d, "analyze");
    printf("space=%s idea=%lld\n", SLUG, (long long)first);
    arena_free_all(&a);
    db_close(d);
    return 0;
}
