/* Demo participation data of the Western Uusimaa county: five spaces (one
 * only for the youth mental health group), the three councils and the youth
 * group with members, moderators and statements. Phases are placed relative
 * to the load time, so something is always open. Other participation demo
 * loaders (ideas, comments, consultations, events) find these by slug. */
#include "spaces.h"
#include "participation.h"
#include "../accounts/accounts.h"
#include "../demo/demo.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

#define DAY 86400LL

static const struct {
    const char *email, *name, *lang;
} PEOPLE[] = {
    {"nuori@kohtaamo.example", "Veera Laine", "fi"},
    {"maija.lehto@kohtaamo.example", "Maija Lehto", "fi"},
    {"johan.ekholm@kohtaamo.example", "Johan Ekholm", "sv"},
    {"elias.korhonen@kohtaamo.example", "Elias Korhonen", "fi"},
};

typedef struct dmember {
    const char *email, *role, *status;
} dmember;

static const struct {
    const char *slug, *kind, *join, *name_fi, *name_sv, *name_en, *desc_fi, *desc_sv, *desc_en;
    dmember members[5];
} GROUPS[] = {
    {"elderly-council", "council", "invitation", "Vanhusneuvosto", "Äldrerådet", "Elderly council",
     "Länsi-Uudenmaan hyvinvointialueen vanhusneuvosto edistää ikääntyneiden osallisuutta ja antaa lausuntoja "
     "ikääntyneiden palveluista. Neuvostossa on jäsen jokaisesta alueen kunnasta.",
     "Äldrerådet i Västra Nylands välfärdsområde främjar de äldres delaktighet och ger utlåtanden om tjänsterna "
     "för äldre. I rådet finns en medlem från varje kommun i området.",
     "The elderly council of the Western Uusimaa wellbeing services county promotes the participation of older "
     "people and gives statements on services for them. Every municipality of the county has a member.",
     {{"maija.lehto@kohtaamo.example", "chair", "member"}, {"koordinaattori@kohtaamo.example", "member", "member"}}},
    {"disability-council", "council", "invitation", "Vammaisneuvosto",
     "Rådet för personer med funktionsnedsättning", "Disability council",
     "Vammaisneuvosto seuraa vammaispalvelujen toteutumista ja esteettömyyttä ja tuo vammaisten ihmisten näkökulman "
     "palvelujen kehittämiseen.",
     "Rådet för personer med funktionsnedsättning följer upp funktionshinderservicen och tillgängligheten och för "
     "fram synvinkeln hos personer med funktionsnedsättning när tjänsterna utvecklas.",
     "The disability council follows disability services and accessibility and brings the view of disabled people "
     "into the development of services.",
     {{"johan.ekholm@kohtaamo.example", "chair", "member"}, {"invanare@kohtaamo.example", "member", "invited"}}},
    {"youth-council", "council", "invitation", "Nuorisovaltuusto", "Ungdomsfullmäktige", "Youth council",
     "Hyvinvointialueen nuorisovaltuusto tuo nuorten äänen kuuluviin sosiaali- ja terveyspalveluissa. Jäsenet "
     "ovat 13–20-vuotiaita eri puolilta Länsi-Uuttamaata.",
     "Välfärdsområdets ungdomsfullmäktige för fram de ungas röst i social- och hälsovårdstjänsterna. Medlemmarna är "
     "13–20 år och kommer från olika delar av Västra Nyland.",
     "The county's youth council makes young people's voice heard in health and social services. Its members are "
     "13 to 20 years old and come from all over Western Uusimaa.",
     {{"elias.korhonen@kohtaamo.example", "chair", "member"}, {"nuori@kohtaamo.example", "member", "member"}}},
    {"youth-mental-health", "working_group", "request", "Nuorten mielenterveyspalvelujen kehittäjäryhmä",
     "Utvecklingsgruppen för ungas mentalvårdstjänster", "Youth mental health development group",
     "15–22-vuotiaiden nuorten ryhmä, joka kehittää matalan kynnyksen mielenterveyspalveluja yhdessä "
     "ammattilaisten kanssa. Ryhmä kokoontuu kerran kuussa Lohjalla ja verkossa. Voit pyytää liittymistä.",
     "En grupp för unga i åldern 15–22 år som utvecklar lågtröskeltjänster för mental hälsa tillsammans med "
     "yrkesfolk. Gruppen träffas en gång i månaden i Lojo och på nätet. Du kan be att få gå med.",
     "A group of young people aged 15 to 22 who develop low-threshold mental health services together with "
     "professionals. It meets monthly in Lohja and online. You may ask to join.",
     {{"nuori@kohtaamo.example", "chair", "member"}, {"asukas@kohtaamo.example", "member", "member"},
      {"koordinaattori@kohtaamo.example", "member", "member"}}},
};

typedef struct dphase {
    const char *kind;
    int start, end;   /* days from the load day; end 0 with open 1: open-ended */
    int open;
} dphase;

static const struct {
    const char *slug, *theme, *project, *audience, *group, *pol_idea, *pol_pos, *pol_comment;
    const char *title_fi, *title_sv, *title_en, *desc_fi, *desc_sv, *desc_en;
    dphase phases[4];
    const char *moderator;
} SPACES[] = {
    {"mental-health", "mental", NULL, "everyone", NULL, "registered", "anyone", "registered",
     "Mielenterveys- ja päihdepalvelut", "Mental- och missbrukartjänster", "Mental health and substance use services",
     "Miten mielenterveys- ja päihdepalveluihin pääsisi nopeammin ja helpommin? Kerro ideasi ja ota kantaa "
     "muiden ideoihin. Ideat käsitellään hyvinvointialueen kehittämisryhmässä, ja jokaiseen ideaan annetaan "
     "vastaus.\n\n- hoitoon pääsy ja jonot\n- palvelut omalla kielellä\n- tuki läheisille",
     "Hur kunde man få mental- och missbrukartjänster snabbare och lättare? Berätta om din idé och ta ställning "
     "till andras idéer. Idéerna behandlas i välfärdsområdets utvecklingsgrupp och varje idé får ett svar.\n\n"
     "- tillgång till vård och köer\n- tjänster på eget språk\n- stöd för närstående",
     "How could mental health and substance use services be reached faster and more easily? Share your idea and "
     "take a position on others' ideas. Every idea is answered.",
     {{"collecting", -20, 50, 0}, {"evaluating", 50, 90, 0}, {"decided", 90, 0, 1}},
     "moderaattori@kohtaamo.example"},
    {"swedish-services", "health", NULL, "everyone", NULL, "registered", "registered", "registered",
     "Ruotsinkieliset palvelut", "Svenskspråkiga tjänster", "Services in Swedish",
     "Saatko palvelua ruotsiksi silloin kun tarvitset? Kerro, missä ruotsinkielinen palvelu toimii ja missä sitä "
     "pitäisi parantaa, esimerkiksi Raaseporissa, Kirkkonummella tai Inkoossa.",
     "Får du service på svenska när du behöver det? Berätta var den svenskspråkiga servicen fungerar och var den "
     "borde bli bättre, till exempel i Raseborg, Kyrkslätt eller Ingå.",
     "Do you get service in Swedish when you need it? Tell us where it works and where it should improve.",
     {{"collecting", -10, 60, 0}, {"evaluating", 60, 100, 0}},
     "moderaattori@kohtaamo.example"},
    {"family-centres", "families", NULL, "everyone", NULL, "registered", "anyone", "registered",
     "Perhekeskuspalvelut", "Familjecentertjänster", "Family centre services",
     "Perhekeskusten palveluista kerättiin ideoita syksyllä. Nyt arvioimme ideoita: ota kantaa siihen, mitkä "
     "niistä pitäisi toteuttaa ensin. Päätökset julkaistaan tässä tilassa.",
     "Idéer om familjecentrens tjänster samlades in under hösten. Nu utvärderar vi idéerna: ta ställning till "
     "vilka som borde genomföras först. Besluten publiceras i det här utrymmet.",
     "Ideas about family centre services were collected in the autumn. We are now evaluating them: tell us which "
     "should come first.",
     {{"collecting", -70, -5, 0}, {"evaluating", -5, 40, 0}, {"decided", 40, 0, 1}},
     NULL},
    {"service-locations", "health", "terveysasemien-digitaalinen-ajanvaraus", "everyone", NULL, "registered",
     "registered", "registered", "Uudet palvelupisteet", "Nya serviceställen", "New service locations",
     "Hyvinvointialue suunnittelee uusia palvelupisteitä ja liikkuvia palveluja Lohjalle, Vihtiin ja "
     "Karkkilaan. Missä palvelupisteen pitäisi olla, ja mitä palveluja sinne tarvitaan?",
     "Välfärdsområdet planerar nya serviceställen och mobila tjänster i Lojo, Vichtis och Högfors. Var borde "
     "servicestället ligga och vilka tjänster behövs där?",
     "The county is planning new service locations and mobile services in Lohja, Vihti and Karkkila. Where "
     "should they be, and which services are needed?",
     {{"collecting", -3, 30, 0}, {"evaluating", 30, 75, 0}, {"decided", 75, 0, 1}},
     NULL},
    {"youth-group", "youth", "nuorten-matalan-kynnyksen-mielenterveyspalvelut", "group", "youth-mental-health",
     "registered", "registered", "registered", "Nuorten mielenterveyspalvelut – kehittäjäryhmä",
     "Ungas mentalvårdstjänster – utvecklingsgruppen", "Youth mental health services – development group",
     "Kehittäjäryhmän oma tila. Täällä ryhmän jäsenet keräävät ideoita matalan kynnyksen palveluista ennen "
     "kuin niistä keskustellaan avoimesti. Tila näkyy vain ryhmän jäsenille ja henkilöstölle.",
     "Utvecklingsgruppens eget utrymme. Här samlar gruppens medlemmar idéer om lågtröskeltjänster innan de "
     "diskuteras öppet. Utrymmet syns bara för gruppens medlemmar och personalen.",
     "The development group's own space, visible only to its members and staff.",
     {{"collecting", -14, 45, 0}, {"evaluating", 45, 80, 0}},
     "nuori@kohtaamo.example"},
};

static const struct {
    const char *group, *space, *lang, *title, *body, *signatories;
    int days_ago;
} STATEMENTS[] = {
    {"elderly-council", "service-locations", "fi", "Vanhusneuvoston lausunto uusista palvelupisteistä",
     "Vanhusneuvosto pitää tärkeänä, että uudet palvelupisteet sijoitetaan **hyvien joukkoliikenneyhteyksien** "
     "varrelle ja että niihin pääsee esteettömästi.\n\nNeuvosto esittää, että\n\n"
     "1. jokaisessa palvelupisteessä on mahdollisuus asioida myös ilman digitaalisia palveluja,\n"
     "2. liikkuva palveluauto käy haja-asutusalueilla vähintään kerran viikossa ja\n"
     "3. palvelua saa sekä suomeksi että ruotsiksi.",
     "Länsi-Uudenmaan vanhusneuvosto, puheenjohtaja Maija Lehto", 7},
    {"elderly-council", "service-locations", "sv", "Äldrerådets utlåtande om de nya serviceställena",
     "Äldrerådet anser det viktigt att de nya serviceställena placeras **längs goda kollektivtrafikförbindelser** "
     "och att de är tillgängliga.\n\nRådet föreslår att\n\n"
     "1. man kan uträtta ärenden vid varje serviceställe också utan digitala tjänster,\n"
     "2. en mobil servicebil besöker glesbygden minst en gång i veckan och\n"
     "3. servicen ges både på finska och på svenska.",
     "Äldrerådet i Västra Nyland, ordförande Maija Lehto", 7},
};

static int64_t user_id(db *d, arena *a, const char *email)
{
    db_result res;
    db_param p[] = {DB_TEXT(email)};
    if (db_query(d, a, &res, "SELECT id FROM users WHERE email = $1", 1, p) < 0) return -1;
    return res.nrows ? db_cell_int(&res, 0, 0) : 0;
}

static void iso_day(char *out, size_t len, int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    strftime(out, len, "%Y-%m-%d", &tm);
}

int participation_demo_load(db *d, int64_t now)
{
    arena a;
    arena_init(&a);
    db_result res;
    char err[256];
    if (db_query(d, &a, &res, "SELECT 1 FROM spaces WHERE slug = 'mental-health'", 0, NULL) < 0) goto fail;
    if (res.nrows > 0) {
        arena_free_all(&a);
        return 0;
    }
    for (size_t i = 0; i < sizeof PEOPLE / sizeof *PEOPLE; i++) {
        int64_t id = user_id(d, &a, PEOPLE[i].email);
        if (id < 0) goto fail;
        if (id == 0 && account_create(d, PEOPLE[i].email, PEOPLE[i].name, DEMO_PASSWORD, "resident",
                                      PEOPLE[i].lang, now, err, sizeof err) < 0) {
            fprintf(stderr, "participation demo: %s\n", err);
            goto fail;
        }
    }
    if (db_begin(d) < 0) goto fail;
    for (size_t i = 0; i < sizeof GROUPS / sizeof *GROUPS; i++) {
        db_param p[] = {DB_TEXT(GROUPS[i].slug), DB_TEXT(GROUPS[i].kind), DB_TEXT(GROUPS[i].name_fi),
                        DB_TEXT(GROUPS[i].name_sv), DB_TEXT(GROUPS[i].name_en), DB_TEXT(GROUPS[i].desc_fi),
                        DB_TEXT(GROUPS[i].desc_sv), DB_TEXT(GROUPS[i].desc_en), DB_TEXT(GROUPS[i].join),
                        DB_INT(now - 200 * DAY)};
        if (db_query(d, &a, &res,
                     "INSERT INTO groups(slug, kind, name_fi, name_sv, name_en, description_fi, description_sv, "
                     "description_en, join_policy, created_at) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
                     "RETURNING id", 10, p) < 0)
            goto rollback;
        int64_t gid = db_cell_int(&res, 0, 0);
        for (int k = 0; k < 5 && GROUPS[i].members[k].email; k++) {
            int64_t uid = user_id(d, &a, GROUPS[i].members[k].email);
            if (uid <= 0) continue;   /* a core account missing: leave the member out */
            db_param m[] = {DB_INT(gid), DB_INT(uid), DB_TEXT(GROUPS[i].members[k].role),
                            DB_TEXT(GROUPS[i].members[k].status), DB_INT(now - (100 - k) * DAY)};
            if (db_exec(d, "INSERT INTO group_members(group_id, user_id, role, status, created_at) "
                           "VALUES($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING", 5, m) < 0)
                goto rollback;
        }
    }
    int64_t day0 = now - now % DAY;
    for (size_t i = 0; i < sizeof SPACES / sizeof *SPACES; i++) {
        db_param p[] = {DB_TEXT(SPACES[i].slug), DB_TEXT(SPACES[i].theme), DB_TEXT(SPACES[i].project),
                        DB_TEXT(SPACES[i].title_fi), DB_TEXT(SPACES[i].title_sv), DB_TEXT(SPACES[i].title_en),
                        DB_TEXT(SPACES[i].desc_fi), DB_TEXT(SPACES[i].desc_sv), DB_TEXT(SPACES[i].desc_en),
                        DB_TEXT(SPACES[i].audience), DB_TEXT(SPACES[i].group), DB_TEXT(SPACES[i].pol_idea),
                        DB_TEXT(SPACES[i].pol_pos), DB_TEXT(SPACES[i].pol_comment), DB_INT(now - 30 * DAY)};
        if (db_query(d, &a, &res,
                     "INSERT INTO spaces(slug, theme_id, project_id, title_fi, title_sv, title_en, description_fi, "
                     "description_sv, description_en, audience, group_id, policy_idea, policy_position, "
                     "policy_comment, published, created_at) VALUES($1, (SELECT id FROM themes WHERE code = $2), "
                     "(SELECT id FROM projects WHERE slug = $3), $4, $5, $6, $7, $8, $9, $10, "
                     "(SELECT id FROM groups WHERE slug = $11), $12, $13, $14, 1, $15) RETURNING id", 15, p) < 0)
            goto rollback;
        int64_t sid = db_cell_int(&res, 0, 0);
        for (int k = 0; k < 4 && SPACES[i].phases[k].kind; k++) {
            const dphase *ph = &SPACES[i].phases[k];
            int col = strcmp(ph->kind, "collecting") == 0, eval = strcmp(ph->kind, "evaluating") == 0,
                dec = strcmp(ph->kind, "decided") == 0;
            db_param q[] = {DB_INT(sid), DB_TEXT(ph->kind), DB_INT(day0 + ph->start * DAY),
                            ph->open ? DB_NULL : DB_INT(day0 + ph->end * DAY), DB_INT(col),
                            DB_INT(col || eval), DB_INT(col || eval || dec)};
            if (db_exec(d, "INSERT INTO space_phases(space_id, kind, starts_at, ends_at, allow_ideas, "
                           "allow_positions, allow_comments) VALUES($1, $2, $3, $4, $5, $6, $7)", 7, q) < 0)
                goto rollback;
        }
        if (SPACES[i].moderator) {
            int64_t uid = user_id(d, &a, SPACES[i].moderator);
            if (uid > 0) {
                db_param m[] = {DB_INT(sid), DB_INT(uid)};
                if (db_exec(d, "INSERT INTO space_moderators(space_id, user_id) VALUES($1, $2) "
                               "ON CONFLICT DO NOTHING", 2, m) < 0)
                    goto rollback;
            }
        }
    }
    int64_t chair = user_id(d, &a, "maija.lehto@kohtaamo.example");
    for (size_t i = 0; i < sizeof STATEMENTS / sizeof *STATEMENTS; i++) {
        char day[16];
        iso_day(day, sizeof day, now - STATEMENTS[i].days_ago * DAY);
        db_param p[] = {DB_TEXT(STATEMENTS[i].group), DB_TEXT(STATEMENTS[i].space), DB_TEXT(STATEMENTS[i].lang),
                        DB_TEXT(STATEMENTS[i].title), DB_TEXT(STATEMENTS[i].body),
                        DB_TEXT(STATEMENTS[i].signatories), DB_TEXT(day), chair > 0 ? DB_INT(chair) : DB_NULL,
                        DB_INT(now - STATEMENTS[i].days_ago * DAY)};
        if (db_exec(d, "INSERT INTO statements(group_id, space_id, lang, title, body, signatories, statement_date, "
                       "created_by, created_at) VALUES((SELECT id FROM groups WHERE slug = $1), "
                       "(SELECT id FROM spaces WHERE slug = $2), $3, $4, $5, $6, $7, $8, $9)", 9, p) < 0)
            goto rollback;
    }
    /* Aino follows the mental health space and the youth group. */
    int64_t aino = user_id(d, &a, "asukas@kohtaamo.example");
    if (aino > 0) {
        db_param f[] = {DB_INT(aino), DB_INT(now - 5 * DAY)};
        if (db_exec(d, "INSERT INTO follows(user_id, target_type, target_id, created_at) "
                       "SELECT $1, 'space', id, $2 FROM spaces WHERE slug = 'mental-health' ON CONFLICT DO NOTHING",
                    2, f) < 0 ||
            db_exec(d, "INSERT INTO follows(user_id, target_type, target_id, created_at) "
                       "SELECT $1, 'group', id, $2 FROM groups WHERE slug = 'youth-mental-health' "
                       "ON CONFLICT DO NOTHING", 2, f) < 0)
            goto rollback;
    }
    if (db_commit(d) < 0) goto rollback;
    arena_free_all(&a);
    return 0;
rollback:
    fprintf(stderr, "participation demo: %s\n", db_error(d));
    db_rollback(d);
    arena_free_all(&a);
    return -1;
fail:
    fprintf(stderr, "participation demo: %s\n", db_error(d));
    arena_free_all(&a);
    return -1;
}
