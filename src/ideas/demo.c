/* Demo ideas in the demo spaces of Western Uusimaa, in Finnish and
 * Swedish, with positions from the demo people and some without an
 * account, and official answers (one implemented, linked to a project).
 * Runs after the spaces-and-groups loader; safe to run twice. */
#include "ideas.h"
#include "../participation/participation.h"
#include <sodium.h>
#include <stdio.h>
#include <string.h>

typedef struct dpos {
    const char *email;   /* NULL: without an account */
    const char *stance, *argument, *lang;
} dpos;

typedef struct didea {
    const char *space, *email, *lang, *muni, *title, *body;
    int days_ago;
    const char *status, *answer, *project;   /* official answer, or status NULL */
    dpos pos[6];
} didea;

#define ASUKAS "asukas@kohtaamo.example"
#define INVANARE "invanare@kohtaamo.example"
#define NUORI "nuori@kohtaamo.example"
#define MAIJA "maija.lehto@kohtaamo.example"
#define JOHAN "johan.ekholm@kohtaamo.example"
#define ELIAS "elias.korhonen@kohtaamo.example"

static const didea IDEAS[] = {
    {"mental-health", ASUKAS, "fi", "444", "Chat-vastaanotto illalla myös viikonloppuisin",
     "Mielenterveyspalvelujen chat on auki vain arkisin virka-aikaan. Moni tarvitsee apua juuri **illalla tai "
     "viikonloppuna**, kun ajatukset kasautuvat.\n\n- chat auki arkisin klo 20 asti\n- lauantaisin ja sunnuntaisin "
     "klo 12–18",
     12, NULL, NULL, NULL,
     {{MAIJA, "for", "Iltaisin on vaikein hetki, ja silloin ei ole ketään kenelle soittaa.", "fi"},
      {JOHAN, "for", "Chatten behövs också på svenska på kvällarna.", "sv"},
      {ELIAS, "neutral", "", "fi"},
      {NULL, "for", "", "fi"},
      {NULL, "for", "Kokeilu ensin yhdellä alueella riittäisi.", "fi"}}},
    {"mental-health", INVANARE, "sv", "710", "Samtalsstöd på svenska i Raseborg utan remiss",
     "I Raseborg får man vänta länge på samtalsstöd på svenska. Det borde gå att boka **ett första samtal utan "
     "remiss**, direkt via nätet eller per telefon.",
     9, "considering",
     "Vi utreder hur en lågtröskelmottagning på svenska kan ordnas i Ekenäs under våren. Tack för idén!", NULL,
     {{JOHAN, "for", "Det här skulle korta köerna för många.", "sv"},
      {ASUKAS, "for", "Sama tarve on Kirkkonummella.", "fi"},
      {NULL, "for", "", "sv"},
      {MAIJA, "neutral", "", "fi"}}},
    {"mental-health", MAIJA, "fi", "927", "Läheisten vertaisryhmä Vihtiin",
     "Päihdeongelmaisen läheisenä jää helposti yksin. Vihtiin tarvitaan **läheisten vertaisryhmä**, joka kokoontuu "
     "iltaisin ja jossa on mukana ammattilainen.",
     7, NULL, NULL, NULL,
     {{ASUKAS, "for", "Läheiset unohdetaan usein kokonaan.", "fi"},
      {ELIAS, "against", "Ryhmiä on jo Lohjalla, kannattaisi tukea kulkemista sinne.", "fi"},
      {NULL, "for", "", "fi"}}},
    {"mental-health", ELIAS, "fi", NULL, "Ajanvaraus mielenterveysneuvontaan verkossa",
     "Puhelinjonossa odottaminen on raskasta, kun voi huonosti. Ensimmäisen ajan mielenterveysneuvontaan voisi "
     "varata **verkossa**, kuten terveysaseman ajan.",
     5, "implemented",
     "Mielenterveysneuvonnan ensimmäisen ajan voi nyt varata verkossa kaikissa kunnissa. Ajanvaraus toteutettiin "
     "osana terveysasemien digitaalisen ajanvarauksen hanketta.",
     "terveysasemien-digitaalinen-ajanvaraus",
     {{ASUKAS, "for", "Tämä helpottaisi todella paljon.", "fi"},
      {INVANARE, "for", "Bra, men tjänsten måste fungera på svenska också.", "sv"},
      {MAIJA, "for", "", "fi"},
      {NULL, "for", "", "fi"},
      {NULL, "against", "Kaikki eivät osaa käyttää verkkopalveluja, puhelin pitää säilyttää.", "fi"}}},
    {"mental-health", JOHAN, "sv", "078", "Mobil mottagning till skärgården",
     "I Hangö skärgård är det långt till närmaste mottagning. En **mobil mottagning** en gång i månaden skulle "
     "hjälpa både unga och äldre.",
     3, NULL, NULL, NULL,
     {{INVANARE, "for", "Avstånden är ett verkligt hinder.", "sv"},
      {ELIAS, "neutral", "", "fi"}}},
    {"swedish-services", INVANARE, "sv", "257", "Tolkning till svenska på hälsostationen i Kyrkslätt",
     "På hälsostationen i Kyrkslätt får man inte alltid service på svenska. Om ingen svensktalande skötare finns "
     "borde man **automatiskt erbjuda tolkning**.",
     8, "accepted",
     "Från och med januari erbjuder hälsostationen distanstolkning till svenska när ingen svensktalande personal är "
     "i tjänst.", NULL,
     {{JOHAN, "for", "Det är en lagstadgad rättighet.", "sv"},
      {ASUKAS, "for", "Kannatan, palvelu omalla kielellä on tärkeää.", "fi"},
      {MAIJA, "neutral", "", "fi"}}},
    {"swedish-services", JOHAN, "sv", "149", "Svenskspråkiga blanketter i e-tjänsterna",
     "Många e-tjänster har blanketter bara på finska. Alla blanketter borde finnas **på båda språken** innan en "
     "ny e-tjänst tas i bruk.",
     6, NULL, NULL, NULL,
     {{INVANARE, "for", "Jag har själv fått fylla i en finsk blankett med ordbok.", "sv"},
      {ELIAS, "for", "", "fi"}}},
    {"swedish-services", ASUKAS, "fi", "710", "Kaksikieliset opasteet Tammisaaren sairaalaan",
     "Tammisaaren sairaalan opasteet ovat osin vain suomeksi ja osin vain ruotsiksi. **Kaikki opasteet "
     "kaksikielisiksi** ja selkokielellä.",
     4, NULL, NULL, NULL,
     {{INVANARE, "for", "Skyltarna förvirrar särskilt äldre besökare.", "sv"},
      {MAIJA, "for", "", "fi"}}},
    {"family-centres", ASUKAS, "fi", "444", "Perhekeskuksen iltavastaanotto Lohjalle",
     "Vuorotyötä tekevät vanhemmat eivät ehdi neuvolaan päivällä. Lohjan perhekeskukseen **iltavastaanotto** "
     "kerran viikossa.",
     40, "accepted", "Iltavastaanotto aloitetaan Lohjan perhekeskuksessa tiistaisin helmikuusta alkaen.", NULL,
     {{MAIJA, "for", "Vuorotyöläisenä tämä olisi minulle tärkein muutos.", "fi"},
      {JOHAN, "for", "", "sv"},
      {NULL, "for", "", "fi"},
      {NULL, "neutral", "", "fi"},
      {ELIAS, "against", "Resurssit kannattaa ensin käyttää jonojen purkuun.", "fi"}}},
    {"family-centres", INVANARE, "sv", "710", "Öppen familjeträff på svenska i Ekenäs",
     "Familjecentret i Ekenäs kunde ordna en **öppen träff på svenska** för småbarnsföräldrar varje vecka, med "
     "rådgivningens hälsovårdare på plats.",
     35, NULL, NULL, NULL,
     {{JOHAN, "for", "Det finns ingen sådan träff på svenska i dag.", "sv"},
      {NULL, "for", "", "sv"},
      {ASUKAS, "neutral", "", "fi"}}},
    {"family-centres", MAIJA, "fi", "927", "Isille oma vertaisryhmä",
     "Perhekeskusten ryhmät on suunnattu lähinnä äideille. **Isien vertaisryhmä** Vihtiin ja Nummelaan.",
     30, "rejected",
     "Erillistä isäryhmää ei perusteta nyt, koska osallistujia oli kokeilussa liian vähän. Kaikki perhekeskusten "
     "ryhmät on avattu kaikille vanhemmille, ja ryhmien nimet muutetaan sen mukaisiksi.", NULL,
     {{ELIAS, "for", "Isät jäävät usein ulkopuolelle.", "fi"},
      {ASUKAS, "neutral", "", "fi"}}},
    {"family-centres", JOHAN, "sv", "235", "Tidsbokning till rådgivningen via sms",
     "Det vore smidigt att kunna **byta eller avboka en tid till rådgivningen via sms** i stället för att ringa.",
     25, NULL, NULL, NULL,
     {{INVANARE, "for", "", "sv"},
      {NULL, "for", "", "fi"},
      {MAIJA, "for", "Soittoaikoja on liian vähän.", "fi"}}},
    {"service-locations", ASUKAS, "fi", "224", "Liikkuva terveyspiste Karkkilaan",
     "Karkkilasta on pitkä matka Lohjalle. **Liikkuva terveyspiste** voisi käydä Karkkilan torilla kahdesti "
     "viikossa: verenpaineen mittaus, rokotukset ja hoitajan vastaanotto.",
     2, NULL, NULL, NULL,
     {{ELIAS, "for", "Ikäihmisille matka on ylivoimainen ilman autoa.", "fi"},
      {MAIJA, "for", "", "fi"},
      {INVANARE, "neutral", "", "sv"}}},
    {"service-locations", ELIAS, "fi", "927", "Nummelan palvelupiste kauppakeskuksen yhteyteen",
     "Uusi palvelupiste kannattaisi sijoittaa **Nummelan kauppakeskukseen**, jonne kulkee bussi ja jossa on "
     "esteetön pysäköinti.",
     2, NULL, NULL, NULL,
     {{ASUKAS, "for", "Asioinnin voisi yhdistää kauppareissuun.", "fi"},
      {MAIJA, "against", "Kauppakeskuksessa ei ole tarpeeksi yksityisyyttä vastaanotolle.", "fi"}}},
    {"service-locations", INVANARE, "sv", "444", "Laboratorietider tidigt på morgonen i Lojo",
     "Laboratoriet i Lojo öppnar först klockan åtta. **Tider från klockan sju** skulle hjälpa alla som ska till "
     "jobbet.",
     1, NULL, NULL, NULL,
     {{JOHAN, "for", "", "sv"},
      {ASUKAS, "for", "Samaa toivoisin.", "fi"}}},
    {"youth-group", NUORI, "fi", "444", "Koulupsykologille ilman ajanvarausta",
     "Koulupsykologille pitäisi päästä **ilman ajanvarausta** ainakin yhtenä päivänä viikossa. Ajanvarauksen "
     "kynnys on monelle liian korkea.",
     6, NULL, NULL, NULL,
     {{ELIAS, "for", "Tämä madaltaisi kynnystä eniten.", "fi"}}},
    {"youth-group", ELIAS, "fi", NULL, "Nuorten chat Discordiin",
     "Nuoret ovat jo Discordissa. Mielenterveyspalvelujen **nuorten chat** voisi toimia siellä, missä nuoret "
     "muutenkin ovat.",
     4, NULL, NULL, NULL,
     {{NUORI, "neutral", "Hyvä idea, mutta tietosuoja pitää miettiä tarkkaan.", "fi"}}},
};

static int64_t user_id(db *d, arena *a, const char *email)
{
    if (!email) return 0;
    db_result res;
    db_param p[] = {DB_TEXT(email)};
    if (db_query(d, a, &res, "SELECT id FROM users WHERE email = $1", 1, p) < 0) return -1;
    return res.nrows ? db_cell_int(&res, 0, 0) : 0;
}

int ideas_demo_load(db *d, int64_t now)
{
    arena a;
    arena_init(&a);
    db_result res;
    int rc = -1;
    if (db_query(d, &a, &res, "SELECT 1 FROM settings WHERE name = 'demo_ideas'", 0, NULL) < 0) goto done;
    if (res.nrows > 0) {
        rc = 0;
        goto done;
    }
    if (db_begin(d) < 0) goto done;
    int64_t staff = user_id(d, &a, "koordinaattori@kohtaamo.example");
    if (staff < 0) goto fail;
    for (size_t i = 0; i < sizeof IDEAS / sizeof *IDEAS; i++) {
        const didea *x = &IDEAS[i];
        db_param sp[] = {DB_TEXT(x->space)};
        if (db_query(d, &a, &res, "SELECT id FROM spaces WHERE slug = $1", 1, sp) < 0) goto fail;
        if (res.nrows == 0) continue;   /* the spaces loader did not make this one */
        int64_t space_id = db_cell_int(&res, 0, 0);
        int64_t author = user_id(d, &a, x->email);
        if (author < 0) goto fail;
        if (db_query(d, &a, &res, "SELECT display_name FROM users WHERE id = $1", 1, (db_param[]){DB_INT(author)}) < 0)
            goto fail;
        const char *name = res.nrows ? db_cell(&res, 0, 0) : "";
        int64_t t = now - x->days_ago * 86400LL - (int64_t)i * 3700;
        db_param p[] = {DB_INT(space_id), author ? DB_INT(author) : DB_NULL, DB_TEXT(name), DB_TEXT(x->lang),
                        DB_TEXT(x->title), DB_TEXT(x->body), DB_TEXT(x->muni), DB_INT(t)};
        if (db_query(d, &a, &res,
                     "INSERT INTO ideas(space_id, user_id, author_name, lang, title, body, municipality_id, created_at,"
                     " updated_at) VALUES($1, $2, $3, $4, $5, $6, (SELECT id FROM municipalities WHERE code = $7), $8, $8)"
                     " RETURNING id", 8, p) < 0)
            goto fail;
        int64_t idea = db_cell_int(&res, 0, 0);
        if (author && follow_add(d, now, author, "idea", idea) < 0) goto fail;
        int64_t f = 0, ag = 0, ne = 0, an = 0;
        for (int k = 0; k < 6 && x->pos[k].stance; k++) {
            const dpos *q = &x->pos[k];
            int64_t uid = user_id(d, &a, q->email);
            if (uid < 0) goto fail;
            if (q->email && uid == 0) continue;
            char key[65];
            if (!uid) {   /* stands for the keyed hash of some browser's token */
                unsigned char raw[32];
                randombytes_buf(raw, sizeof raw);
                sodium_bin2hex(key, sizeof key, raw, sizeof raw);
            }
            db_param pp[] = {DB_INT(idea), uid ? DB_INT(uid) : DB_NULL, uid ? DB_NULL : DB_TEXT(key), DB_TEXT(q->stance),
                             DB_TEXT(q->argument), DB_TEXT(q->lang), DB_INT(t + (k + 1) * 5400)};
            if (db_exec(d, "INSERT INTO positions(idea_id, user_id, anon_key, stance, argument, lang, created_at, updated_at)"
                           " VALUES($1, $2, $3, $4, $5, $6, $7, $7)", 7, pp) < 0)
                goto fail;
            if (strcmp(q->stance, "for") == 0) f++;
            else if (strcmp(q->stance, "against") == 0) ag++;
            else ne++;
            if (!uid) an++;
        }
        db_param cp[] = {DB_INT(idea), DB_INT(f), DB_INT(ag), DB_INT(ne), DB_INT(an)};
        if (db_exec(d, "UPDATE ideas SET support_count = $2, against_count = $3, neutral_count = $4, anonymous_count = $5"
                       " WHERE id = $1", 5, cp) < 0)
            goto fail;
        if (x->status) {
            db_param ap[] = {DB_INT(idea), DB_TEXT(x->status), DB_TEXT(x->answer), DB_TEXT(x->project),
                             staff ? DB_INT(staff) : DB_NULL, DB_INT(t + 2 * 86400)};
            if (db_exec(d, "UPDATE ideas SET status = $2, answer_text = $3,"
                           " answer_project_id = (SELECT id FROM projects WHERE slug = $4), answered_by = $5,"
                           " answered_at = $6 WHERE id = $1", 6, ap) < 0)
                goto fail;
        }
    }
    if (db_exec(d, "INSERT INTO settings(name, value) VALUES('demo_ideas', '1')", 0, NULL) < 0) goto fail;
    if (db_commit(d) < 0) goto fail;
    rc = 0;
    goto done;
fail:
    db_rollback(d);
done:
    arena_free_all(&a);
    return rc;
}
