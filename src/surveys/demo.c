/* Demo surveys of the Western Uusimaa county (fi/sv, some en):
 *  - a family centre client survey, open, answered 60 times across the
 *    municipalities (Inkoo, Karkkila and Siuntio have fewer than five answers,
 *    so results show suppressed cells);
 *  - the staff well-being survey for the coffee room, staff only;
 *  - a youth survey rating therapy methods for the youth-mental-health group.
 * Times are relative to load time. Answers are generated deterministically. */
#include "surveys.h"
#include <stdio.h>

/* The tables below leave trailing fields (help texts, options, conditions)
 * out when a question has none: they are zero, which is what is meant. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#include <string.h>

typedef struct dq {
    const char *kind;
    int required, has_other, page;     /* page: 0 or 1 */
    const char *fi, *sv, *en;
    const char *help_fi, *help_sv;
    const char *lo_fi, *lo_sv, *hi_fi, *hi_sv;
    const char *opts[8][3];            /* options / matrix columns */
    const char *rows[8][3];            /* matrix rows */
    int cond_q, cond_opt;              /* 1-based question and option index (yesno: 1 yes, 0 no) */
} dq;

typedef struct dsurvey {
    const char *slug, *audience, *group_slug, *anonymity;
    const char *title[3], *intro[3];
    int opens_days, closes_days;       /* from now */
    int results_public, npages;
    int page2_cond_q, page2_cond_opt;
    dq q[10];
} dsurvey;

static const dsurvey SURVEYS[] = {
    {"perhekeskusten-asiakaskysely-2026", "everyone", NULL, "anonymous",
     {"Asiakaskysely: perhekeskusten palvelut 2026", "Kundenkät: familjecentralernas tjänster 2026",
      "Client survey: family centre services 2026"},
     {"Kerro, miten onnistuimme perhekeskuksessa. Vastaaminen vie noin viisi minuuttia, ja vastaukset käsitellään **nimettöminä**.",
      "Berätta hur vi lyckades på familjecentralen. Det tar cirka fem minuter att svara och svaren behandlas **anonymt**.",
      "Tell us how we did at the family centre. Answering takes about five minutes and the answers are **anonymous**."},
     -30, 30, 1, 2, 0, 0,
     {{"single", 1, 1, 0, "Mitä palvelua käytit viimeksi?", "Vilken tjänst använde du senast?", "Which service did you use last?",
       NULL, NULL, NULL, NULL, NULL, NULL,
       {{"Lastenneuvola", "Barnrådgivning", "Child health clinic"}, {"Äitiysneuvola", "Mödrarådgivning", "Maternity clinic"},
        {"Perheneuvola", "Familjerådgivning", "Family counselling"}, {"Lapsiperheiden kotipalvelu", "Hemservice för barnfamiljer", "Home help for families"}}},
      {"scale", 1, 0, 0, "Kuinka tyytyväinen olit palveluun kokonaisuutena?", "Hur nöjd var du med tjänsten som helhet?",
       "How satisfied were you with the service overall?", NULL, NULL,
       "Erittäin tyytymätön", "Mycket missnöjd", "Erittäin tyytyväinen", "Mycket nöjd"},
      {"matrix", 0, 0, 0, "Arvioi palvelun osa-alueet", "Bedöm tjänstens delområden", "Rate the parts of the service",
       "Valitse jokaiselle riville yksi arvio.", "Välj ett omdöme för varje rad.", NULL, NULL, NULL, NULL,
       {{"Hyvä", "Bra", "Good"}, {"Kohtalainen", "Någorlunda", "Fair"}, {"Huono", "Dålig", "Poor"}},
       {{"Ajan saaminen", "Att få en tid", "Getting an appointment"}, {"Henkilökunnan ystävällisyys", "Personalens vänlighet", "Friendliness of staff"},
        {"Saamani tieto", "Informationen jag fick", "Information I received"}}},
      {"yesno", 1, 0, 0, "Saitko palvelua haluamallasi kielellä?", "Fick du service på det språk du ville?",
       "Were you served in the language you wanted?"},
      {"longtext", 0, 0, 0, "Millä kielellä olisit halunnut palvelua ja missä tilanteessa?", "På vilket språk hade du velat ha service och i vilken situation?",
       "In which language would you have wanted service, and when?", NULL, NULL, NULL, NULL, NULL, NULL, {{NULL}}, {{NULL}}, 4, 0},
      {"nps", 0, 0, 1, "Kuinka todennäköisesti suosittelisit palvelua läheisellesi?", "Hur sannolikt är det att du skulle rekommendera tjänsten till en närstående?",
       "How likely would you recommend the service to someone close to you?", NULL, NULL,
       "En lainkaan todennäköisesti", "Inte alls sannolikt", "Erittäin todennäköisesti", "Mycket sannolikt"},
      {"longtext", 0, 0, 1, "Mitä voisimme tehdä paremmin?", "Vad kunde vi göra bättre?", "What could we do better?"}}},
    {"henkiloston-hyvinvointikysely", "staff", NULL, "anonymous",
     {"Henkilöstön hyvinvointikysely", "Personalens välbefinnandeenkät", "Staff well-being survey"},
     {"Kysely taukotilan ja työhyvinvoinnin kehittämiseksi. Vastaukset ovat nimettömiä.",
      "En enkät för att utveckla pausrummet och välbefinnandet i arbetet. Svaren är anonyma.", ""},
     -7, 21, 0, 1, 0, 0,
     {{"scale", 1, 0, 0, "Kuinka hyvin jaksat työssäsi tällä hetkellä?", "Hur väl orkar du i arbetet just nu?", "",
       NULL, NULL, "Erittäin huonosti", "Mycket dåligt", "Erittäin hyvin", "Mycket bra"},
      {"multi", 0, 1, 0, "Mikä taukotilassa auttaisi sinua palautumaan?", "Vad i pausrummet skulle hjälpa dig att återhämta dig?", "",
       NULL, NULL, NULL, NULL, NULL, NULL,
       {{"Parempi kahvinkeitin", "En bättre kaffebryggare", ""}, {"Hiljainen nurkkaus", "En tyst hörna", ""},
        {"Huonekasveja", "Krukväxter", ""}, {"Mukavammat tuolit", "Bekvämare stolar", ""}}},
      {"ranking", 0, 0, 0, "Laita taukotilan hankinnat tärkeysjärjestykseen", "Rangordna anskaffningarna till pausrummet", "",
       NULL, NULL, NULL, NULL, NULL, NULL,
       {{"Kahvinkeitin", "Kaffebryggare", ""}, {"Sohva", "Soffa", ""}, {"Jääkaappi", "Kylskåp", ""}}},
      {"longtext", 0, 0, 0, "Terveisesi työhyvinvointiryhmälle", "Hälsningar till arbetshälsogruppen", ""}}},
    {"nuorten-kokemuksia-hoitomuodoista", "group", "youth-mental-health", "anonymous",
     {"Nuorten kokemuksia hoitomuodoista", "Ungas erfarenheter av vårdformer", "Young people's experiences of therapies"},
     {"Mitkä hoitomuodot ovat auttaneet sinua? Vastauksesi auttavat kehittämään nuorten mielenterveyspalveluja Länsi-Uudellamaalla.",
      "Vilka vårdformer har hjälpt dig? Dina svar hjälper oss att utveckla ungas mentalvårdstjänster i Västra Nyland.", ""},
     -14, 45, 1, 2, 1, 1,
     {{"yesno", 1, 0, 0, "Oletko saanut hoitoa tai tukea mielenterveyteen viimeisen vuoden aikana?",
       "Har du fått vård eller stöd för din psykiska hälsa under det senaste året?", ""},
      {"matrix", 0, 0, 1, "Kuinka paljon nämä hoitomuodot auttoivat sinua?", "Hur mycket hjälpte de här vårdformerna dig?", "",
       NULL, NULL, NULL, NULL, NULL, NULL,
       {{"Auttoi paljon", "Hjälpte mycket", ""}, {"Auttoi vähän", "Hjälpte lite", ""}, {"Ei auttanut", "Hjälpte inte", ""},
        {"En ole kokeillut", "Har inte prövat", ""}},
       {{"Keskusteluapu", "Samtalsstöd", ""}, {"Ryhmätoiminta", "Gruppverksamhet", ""}, {"Liikunta", "Motion", ""},
        {"Chat-palvelu", "Chattjänst", ""}, {"Taideterapia", "Konstterapi", ""}}},
      {"ranking", 0, 0, 1, "Mitä näistä toivoisit lisää?", "Vilka av dessa skulle du vilja ha mer av?", "",
       "1 = toivoisin eniten", "1 = skulle vilja ha mest", NULL, NULL, NULL, NULL,
       {{"Iltavastaanottoja", "Kvällsmottagningar", ""}, {"Chat-palvelua", "Chattjänst", ""}, {"Vertaisryhmiä", "Kamratgrupper", ""}}},
      {"longtext", 0, 0, 1, "Mitä haluaisit sanoa palvelujen suunnittelijoille?", "Vad vill du säga till dem som planerar tjänsterna?", ""}}},
};

/* Deterministic pseudo-random numbers. */
static uint32_t rnd_state = 20260115u;
static int rnd(int n)
{
    rnd_state = rnd_state * 1664525u + 1013904223u;
    return (int)((rnd_state >> 8) % (uint32_t)n);
}

static int64_t insert_id(db *d, arena *a, const char *sql, int n, const db_param *p)
{
    db_result res;
    if (db_query(d, a, &res, sql, n, p) != 0 || res.nrows != 1) return -1;
    return db_cell_int(&res, 0, 0);
}

static int answer(db *d, int64_t rid, int64_t sid, int64_t qid, int64_t opt, int64_t row, int has_int, int64_t v,
                  const char *text, int rank, int approved)
{
    db_param p[] = {DB_INT(rid), DB_INT(sid), DB_INT(qid), opt ? DB_INT(opt) : DB_NULL, row ? DB_INT(row) : DB_NULL,
                    has_int ? DB_INT(v) : DB_NULL, DB_TEXT(text), rank ? DB_INT(rank) : DB_NULL, DB_INT(approved)};
    return db_exec(d, "INSERT INTO answers(response_id, survey_id, question_id, option_id, row_option_id, value_int, "
                      "value_text, rank, text_approved) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)", 9, p);
}

/* Generated answer sheets of survey s (ids of its questions and options). */
static int answer_sheets(db *d, arena *a, int64_t now, int si, int64_t sid, const int64_t *qids, int64_t opts[][8],
                         int64_t rows[][8], int count)
{
    /* municipality codes weighted: Inkoo, Karkkila and Siuntio stay under five */
    static const char *const munis[] = {"444", "444", "444", "444", "710", "710", "710", "257", "257", "257", "049", "927",
                                        "927", "078", "235"};
    static const char *const few[] = {"149", "224", "755"};
    static const char *const better_fi[] = {
        "Iltavastaanottoja lisää, töiden jälkeen on vaikea ehtiä.", "Ajanvaraus verkossa toimisi paremmin kuin puhelin.",
        "Kaikki oli hyvin, kiitos!", "Odotusaika oli pitkä.", "Tieto rokotuksista tuli ajoissa, hyvä."};
    static const char *const better_sv[] = {"Mer service på svenska i Lojo, tack.", "Allt fungerade bra.",
                                            "Svårt att få tid per telefon."};
    static const char *const groups[] = {"client", "client", "client", "family", "resident", ""};
    int fewn = 0;
    for (int k = 0; k < count; k++) {
        const char *code;
        if (si == 0 && fewn < 7 && k % 9 == 4) code = few[fewn++ % 3];
        else code = munis[rnd((int)(sizeof munis / sizeof *munis))];
        bool swedish = strcmp(code, "710") == 0 || strcmp(code, "078") == 0 || strcmp(code, "149") == 0 ? rnd(3) < 2 : rnd(8) == 0;
        const char *lang = swedish ? "sv" : "fi";
        int64_t when = now - (int64_t)(1 + rnd(28)) * 86400;
        when -= when % 86400;   /* anonymous: the day only */
        const char *group = si == 1 ? "staff" : si == 2 ? "" : groups[rnd(6)];
        db_param rp[] = {DB_INT(sid), DB_INT(when), DB_TEXT(lang), DB_TEXT(code), DB_TEXT(group)};
        int64_t rid = insert_id(d, a, "INSERT INTO responses(survey_id, submitted_at, lang, municipality_id, respondent_group, "
                                      "completed) SELECT $1, $2, $3, m.id, $5, 1 FROM municipalities m WHERE m.code = $4 "
                                      "RETURNING id", 5, rp);
        if (rid < 0) return -1;
        int mood = rnd(10);   /* 0 unhappy .. 9 happy, drives the answers */
        int rc = 0;
        if (si == 0) {
            int o = rnd(10) == 0 ? -1 : rnd(4);
            rc |= o < 0 ? answer(d, rid, sid, qids[0], 0, 0, 0, 0, swedish ? "Skolhälsovård" : "Kouluterveydenhuolto", 0, 1)
                        : answer(d, rid, sid, qids[0], opts[0][o], 0, 0, 0, NULL, 0, 0);
            int sat = mood < 2 ? 1 + rnd(2) : mood < 5 ? 3 + rnd(2) : 4 + rnd(2);
            if (sat > 5) sat = 5;
            rc |= answer(d, rid, sid, qids[1], 0, 0, 1, sat, NULL, 0, 0);
            for (int r = 0; r < 3; r++)
                if (rnd(6) > 0) rc |= answer(d, rid, sid, qids[2], opts[2][mood > 6 ? 0 : mood > 2 ? rnd(2) : 1 + rnd(2)], rows[2][r], 0, 0, NULL, 0, 0);
            int lang_ok = swedish ? rnd(4) > 0 : 1;
            rc |= answer(d, rid, sid, qids[3], 0, 0, 1, lang_ok, NULL, 0, 0);
            if (!lang_ok) rc |= answer(d, rid, sid, qids[4], 0, 0, 0, 0, "Ruotsiksi neuvolassa / På svenska på rådgivningen", 0, 0);
            if (rnd(5) > 0) rc |= answer(d, rid, sid, qids[5], 0, 0, 1, mood < 2 ? rnd(6) : mood < 5 ? 6 + rnd(3) : 8 + rnd(3), NULL, 0, 0);
            if (rnd(3) == 0) {
                const char *t = swedish ? better_sv[rnd(3)] : better_fi[rnd(5)];
                rc |= answer(d, rid, sid, qids[6], 0, 0, 0, 0, t, 0, rnd(2));
            }
        } else if (si == 1) {
            rc |= answer(d, rid, sid, qids[0], 0, 0, 1, 2 + rnd(4), NULL, 0, 0);
            for (int o = 0; o < 4; o++)
                if (rnd(2)) rc |= answer(d, rid, sid, qids[1], opts[1][o], 0, 0, 0, NULL, 0, 0);
            int first = rnd(3);
            for (int o = 0; o < 3; o++) rc |= answer(d, rid, sid, qids[2], opts[2][o], 0, 0, 0, NULL, (o - first + 3) % 3 + 1, 0);
        } else {
            int helped = rnd(5) > 0;
            rc |= answer(d, rid, sid, qids[0], 0, 0, 1, helped, NULL, 0, 0);
            if (helped) {
                for (int r = 0; r < 5; r++) rc |= answer(d, rid, sid, qids[1], opts[1][r == 3 ? rnd(2) : rnd(4)], rows[1][r], 0, 0, NULL, 0, 0);
                int first = rnd(3);
                for (int o = 0; o < 3; o++) rc |= answer(d, rid, sid, qids[2], opts[2][o], 0, 0, 0, NULL, (o + first) % 3 + 1, 0);
            }
        }
        if (rc) return -1;
    }
    return 0;
}

int surveys_demo_load(db *d, int64_t now)
{
    arena a;
    arena_init(&a);
    int rc = -1;
    int64_t staff_id = 0;
    db_result res;
    if (db_query(d, &a, &res, "SELECT id FROM users WHERE email = 'koordinaattori@kohtaamo.example'", 0, NULL) != 0) goto done;
    if (res.nrows) staff_id = db_cell_int(&res, 0, 0);
    static const int counts[] = {60, 14, 9};
    for (int si = 0; si < (int)(sizeof SURVEYS / sizeof *SURVEYS); si++) {
        const dsurvey *s = &SURVEYS[si];
        int64_t group_id = 0;
        if (s->group_slug) {
            db_param gp[] = {DB_TEXT(s->group_slug)};
            if (db_query(d, &a, &res, "SELECT id FROM groups WHERE slug = $1", 1, gp) != 0) goto done;
            if (res.nrows == 0) continue;   /* no participation demo: skip the group survey */
            group_id = db_cell_int(&res, 0, 0);
        }
        db_param sp[] = {DB_TEXT(s->slug), DB_TEXT(s->title[0]), DB_TEXT(s->title[1]), DB_TEXT(s->title[2]),
                         DB_TEXT(s->intro[0]), DB_TEXT(s->intro[1]), DB_TEXT(s->intro[2]), DB_TEXT(s->audience),
                         group_id ? DB_INT(group_id) : DB_NULL, DB_TEXT(s->anonymity),
                         DB_INT(now + (int64_t)s->opens_days * 86400), DB_INT(now + (int64_t)s->closes_days * 86400),
                         DB_INT(s->results_public), staff_id ? DB_INT(staff_id) : DB_NULL,
                         DB_INT(now + (int64_t)(s->opens_days - 3) * 86400)};
        int64_t sid = insert_id(d, &a, "INSERT INTO surveys(slug, kind, title_fi, title_sv, title_en, intro_fi, intro_sv, intro_en, "
                                       "audience, group_id, anonymity, opens_at, closes_at, status, results_public, "
                                       "ask_background, created_by, created_at, updated_at) VALUES ($1, 'survey', $2, $3, $4, "
                                       "$5, $6, $7, $8, $9, $10, $11, $12, 'published', $13, 1, $14, $15, $15) RETURNING id",
                                15, sp);
        if (sid < 0) goto done;
        int64_t pages[2];
        for (int p = 0; p < s->npages; p++) {
            db_param pp[] = {DB_INT(sid), DB_INT(p + 1)};
            if ((pages[p] = insert_id(d, &a, "INSERT INTO survey_pages(survey_id, position) VALUES ($1, $2) RETURNING id", 2, pp)) < 0)
                goto done;
        }
        int64_t qids[10] = {0}, opts[10][8] = {{0}}, rows[10][8] = {{0}};
        for (int qi = 0; qi < 10 && s->q[qi].kind; qi++) {
            const dq *q = &s->q[qi];
            int64_t cq = q->cond_q ? qids[q->cond_q - 1] : 0;
            int64_t co = 0;
            if (q->cond_q) co = strcmp(s->q[q->cond_q - 1].kind, "yesno") == 0 ? q->cond_opt : opts[q->cond_q - 1][q->cond_opt - 1];
            db_param qp[] = {DB_INT(sid), DB_INT(pages[q->page]), DB_INT(qi + 1), DB_TEXT(q->kind), DB_INT(q->required),
                             DB_INT(q->has_other), DB_TEXT(q->fi), DB_TEXT(q->sv), DB_TEXT(q->en ? q->en : ""),
                             DB_TEXT(q->help_fi ? q->help_fi : ""), DB_TEXT(q->help_sv ? q->help_sv : ""),
                             DB_INT(strcmp(q->kind, "nps") == 0 ? 0 : 1), DB_INT(strcmp(q->kind, "nps") == 0 ? 10 : 5),
                             DB_TEXT(q->lo_fi ? q->lo_fi : ""), DB_TEXT(q->lo_sv ? q->lo_sv : ""),
                             DB_TEXT(q->hi_fi ? q->hi_fi : ""), DB_TEXT(q->hi_sv ? q->hi_sv : ""),
                             cq ? DB_INT(cq) : DB_NULL, cq ? DB_INT(co) : DB_NULL};
            if ((qids[qi] = insert_id(d, &a, "INSERT INTO survey_questions(survey_id, page_id, position, kind, required, has_other, "
                                             "text_fi, text_sv, text_en, help_fi, help_sv, scale_min, scale_max, scale_min_label_fi, "
                                             "scale_min_label_sv, scale_max_label_fi, scale_max_label_sv, condition_question_id, "
                                             "condition_option_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
                                             "$14, $15, $16, $17, $18, $19) RETURNING id", 19, qp)) < 0)
                goto done;
            for (int pass = 0; pass < 2; pass++)
                for (int k = 0; k < 8; k++) {
                    const char *const *t = pass ? q->rows[k] : q->opts[k];
                    if (!t[0]) break;
                    db_param op[] = {DB_INT(qids[qi]), DB_INT(k + 1), DB_INT(pass), DB_TEXT(t[0]), DB_TEXT(t[1]), DB_TEXT(t[2] ? t[2] : "")};
                    int64_t oid = insert_id(d, &a, "INSERT INTO survey_options(question_id, position, is_row, text_fi, text_sv, text_en) "
                                                   "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id", 6, op);
                    if (oid < 0) goto done;
                    if (pass) rows[qi][k] = oid;
                    else opts[qi][k] = oid;
                }
        }
        if (s->npages > 1 && s->page2_cond_q) {
            const dq *cqd = &s->q[s->page2_cond_q - 1];
            int64_t co = strcmp(cqd->kind, "yesno") == 0 ? s->page2_cond_opt : opts[s->page2_cond_q - 1][s->page2_cond_opt - 1];
            db_param cp[] = {DB_INT(pages[1]), DB_INT(qids[s->page2_cond_q - 1]), DB_INT(co)};
            if (db_exec(d, "UPDATE survey_pages SET condition_question_id = $2, condition_option_id = $3 WHERE id = $1", 3, cp) != 0)
                goto done;
        }
        if (answer_sheets(d, &a, now, si, sid, qids, opts, rows, counts[si]) != 0 || survey_counts_rebuild(d, sid) != 0)
            goto done;
    }
    rc = 0;
done:
    if (rc != 0) fprintf(stderr, "kohtaamo: survey demo: %s\n", db_error(d));
    arena_free_all(&a);
    return rc;
}
