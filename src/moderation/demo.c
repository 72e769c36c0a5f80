/* Demo discussion on the demo ideas (src/ideas/demo.c): comments and replies
 * in Finnish and Swedish, supports, one comment hidden by the county's
 * moderator (with its resolved report and log entry) and one open report
 * waiting in the queue. Ideas or accounts that are not there are skipped. */
#include "../comments/comments.h"
#include "moderation.h"
#include <string.h>

#define ASUKAS "asukas@kohtaamo.example"
#define INVANARE "invanare@kohtaamo.example"
#define MAIJA "maija.lehto@kohtaamo.example"
#define ELIAS "elias.korhonen@kohtaamo.example"
#define JOHAN "johan.ekholm@kohtaamo.example"
#define MODERATOR "moderaattori@kohtaamo.example"

typedef struct dcomment {
    const char *idea;       /* idea title */
    int reply_to;           /* 1-based index of an earlier row, 0: top level */
    const char *email, *lang, *body;
    int hours_ago;
    const char *supporter;  /* one support, or NULL */
    const char *hidden;     /* reason when hidden by the moderator */
    const char *report;     /* open report reason code */
    const char *report_details;
} dcomment;

static const dcomment COMMENTS[] = {
    /* 1 */ {"Chat-vastaanotto illalla myös viikonloppuisin", 0, MAIJA, "fi",
             "Viikonloppuisin chat voisi olla auki vaikka **klo 18–22**. Silloin moni jää yksin ajatustensa kanssa.",
             50, ASUKAS, NULL, NULL, NULL},
    /* 2 */ {"Chat-vastaanotto illalla myös viikonloppuisin", 1, ASUKAS, "fi",
             "Juuri näin. Olisi hyvä, jos chatissa voisi aloittaa myös nimettömänä.", 47, MAIJA, NULL, NULL, NULL},
    /* 3 */ {"Chat-vastaanotto illalla myös viikonloppuisin", 0, ELIAS, "fi",
             "Kuka chatissa päivystäisi? Toivottavasti koulutetut ammattilaiset eikä pelkkä botti.", 30, NULL, NULL,
             NULL, NULL},
    /* 4 */ {"Chat-vastaanotto illalla myös viikonloppuisin", 3, MAIJA, "fi",
             "Nykyisessä arkipäivän chatissa vastaavat sairaanhoitajat, joten sama malli sopisi viikonloppuunkin.", 28,
             NULL, NULL, NULL, NULL},
    /* 5 */ {"Chat-vastaanotto illalla myös viikonloppuisin", 0, JOHAN, "fi",
             "Turhaa haihattelua. Jokainen joka tätä kannattaa on laiska pummi, joka haluaa vain ilmaista palvelua.", 20,
             NULL, "Toisten osallistujien nimittely ei sovi keskusteluun (pelisäännöt: keskustele toisia kunnioittaen).",
             NULL, NULL},
    /* 6 */ {"Chat-vastaanotto illalla myös viikonloppuisin", 5, ASUKAS, "fi",
             "Kaikilla ei ole mahdollisuutta hakea apua virka-aikaan. Siksi tätä ehdotetaan.", 19, MAIJA, NULL, NULL,
             NULL},
    /* 7 */ {"Tolkning till svenska på hälsostationen i Kyrkslätt", 0, INVANARE, "sv",
             "Jag har själv behövt ta med min dotter som tolk till läkaren. Det borde inte behövas.", 40, ASUKAS, NULL,
             NULL, NULL},
    /* 8 */ {"Tolkning till svenska på hälsostationen i Kyrkslätt", 7, ASUKAS, "fi",
             "Naapurillani on sama kokemus Kirkkonummella. Hyvä että asia on nostettu esiin.", 36, INVANARE, NULL,
             NULL, NULL},
    /* 9 */ {"Perhekeskuksen iltavastaanotto Lohjalle", 0, INVANARE, "sv",
             "Samma behov finns i Raseborg: många småbarnsföräldrar arbetar i skift.", 26, MAIJA, NULL, NULL, NULL},
    /* 10 */ {"Perhekeskuksen iltavastaanotto Lohjalle", 0, ELIAS, "fi",
              "Soittakaa suoraan osastonhoitaja Mervi Virtaselle, hänen oma numeronsa on 040 123 4567.", 6, NULL, NULL,
              "personal_data", "Kommentissa on työntekijän nimi ja henkilökohtainen puhelinnumero."},
};

static int64_t user_id(db *d, arena *a, const char *email)
{
    db_result res;
    db_param p[] = {DB_TEXT(email)};
    if (db_query(d, a, &res, "SELECT id FROM users WHERE email = $1", 1, p) < 0) return -1;
    return res.nrows ? db_cell_int(&res, 0, 0) : 0;
}

int comments_demo_load(db *d, int64_t now)
{
    arena a;
    arena_init(&a);
    int rc = -1;
    int64_t ids[sizeof COMMENTS / sizeof *COMMENTS] = {0};
    int64_t moderator = user_id(d, &a, MODERATOR);
    if (moderator < 0) goto done;
    for (size_t i = 0; i < sizeof COMMENTS / sizeof *COMMENTS; i++) {
        const dcomment *c = &COMMENTS[i];
        db_result res;
        db_param ip[] = {DB_TEXT(c->idea)};
        if (db_query(d, &a, &res, "SELECT id FROM ideas WHERE title = $1 ORDER BY id LIMIT 1", 1, ip) < 0) goto done;
        if (res.nrows == 0) continue;   /* the ideas demo is not loaded */
        int64_t idea = db_cell_int(&res, 0, 0);
        int64_t author = user_id(d, &a, c->email);
        if (author <= 0) {
            if (author < 0) goto done;
            continue;
        }
        int64_t parent = c->reply_to ? ids[c->reply_to - 1] : 0;
        if (c->reply_to && !parent) continue;
        int64_t at = now - (int64_t)c->hours_ago * 3600;
        db_param p[] = {DB_INT(idea), parent ? DB_INT(parent) : DB_NULL, DB_INT(author), DB_TEXT(c->lang),
                        DB_TEXT(c->body), DB_INT(at), c->hidden ? DB_INT(at + 3 * 3600) : DB_NULL, DB_TEXT(c->hidden)};
        if (db_query(d, &a, &res,
                     "INSERT INTO comments (target_type, target_id, parent_id, user_id, lang, body, created_at,"
                     " hidden_at, hidden_reason) VALUES ('idea', $1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                     8, p) < 0)
            goto done;
        int64_t id = ids[i] = db_cell_int(&res, 0, 0);
        if (follow_add(d, at, author, "idea", idea) < 0) goto done;
        if (c->supporter) {
            int64_t s = user_id(d, &a, c->supporter);
            db_param sp[] = {DB_INT(id), DB_INT(s), DB_INT(at + 600)};
            if (s > 0 && (db_exec(d, "INSERT INTO comment_supports (comment_id, user_id, created_at) VALUES ($1, $2, $3)"
                                     " ON CONFLICT DO NOTHING", 3, sp) < 0 ||
                          db_exec(d, "UPDATE comments SET support_count = (SELECT COUNT(*) FROM comment_supports"
                                     " WHERE comment_id = $1) WHERE id = $1", 1, sp) < 0))
                goto done;
        }
        if (c->hidden) {
            db_param rp[] = {DB_INT(id), DB_INT(at + 3600), DB_INT(at + 3 * 3600), moderator ? DB_INT(moderator) : DB_NULL};
            if (db_exec(d, "INSERT INTO reports (target_type, target_id, reason, details, created_at, resolved_at,"
                           " resolved_by, resolution) VALUES ('comment', $1, 'harassment', '', $2, $3, $4, 'hidden')",
                        4, rp) < 0)
                goto done;
            if (moderation_log_write(d, at + 3 * 3600, moderator, "hide", "comment", id, c->hidden) < 0) goto done;
        }
        if (c->report) {
            db_param rp[] = {DB_INT(id), DB_TEXT(c->report), DB_TEXT(c->report_details), DB_INT(at + 1800)};
            if (db_exec(d, "INSERT INTO reports (target_type, target_id, reason, details, created_at)"
                           " VALUES ('comment', $1, $2, $3, $4)", 4, rp) < 0)
                goto done;
        }
        if (comments_recount(d, "idea", idea) < 0) goto done;
    }
    rc = 0;
done:
    arena_free_all(&a);
    return rc;
}
