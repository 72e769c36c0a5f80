/* Demo events in the coming weeks (and one past, with its summary), in
 * Western Uusimaa, Finnish and Swedish. Spaces are found by slug; an event
 * whose space is missing is loaded without one. */
#include "events.h"
#include "../directory/hours.h"
#include "../http/session.h"
#include <stdio.h>

static const struct {
    int day, start_min, end_min, deadline_days, capacity;
    const char *space, *point, *address, *url;
    const char *title_fi, *title_sv, *title_en, *desc_fi, *desc_sv, *desc_en, *acc_fi, *acc_sv, *summary_fi,
        *summary_sv;
    int registrants, extra_waiting;
} EVENTS[] = {
    {9, 17 * 60 + 30, 19 * 60, 2, 20, "family-centres", "raasepori-family", NULL, NULL,
     "Perhetyöpaja: arjen voimavarat lapsiperheessä", "Familjeverkstad: vardagens resurser i barnfamiljen",
     "Family workshop: everyday resources for families with children",
     "Tule pohtimaan yhdessä muiden perheiden ja perhekeskuksen työntekijöiden kanssa, **mikä auttaa jaksamaan arjessa**.\n\n"
     "- lyhyt alustus perheneuvolasta\n- keskustelua pienissä ryhmissä suomeksi ja ruotsiksi\n- lapsille omaa ohjelmaa samassa talossa",
     "Kom och fundera tillsammans med andra familjer och familjecentrets personal på **vad som hjälper att orka i vardagen**.\n\n"
     "- en kort inledning från familjerådgivningen\n- diskussion i små grupper på svenska och finska\n- eget program för barnen i samma hus",
     "Think together with other families and the family centre's staff about what helps in everyday life. "
     "Discussion in small groups in Finnish and Swedish; activities for children in the same building.",
     "Esteetön sisäänkäynti pääovelta, induktiosilmukka, lastenvaunuille tilaa aulassa.",
     "Tillgänglig entré vid huvuddörren, hörslinga, plats för barnvagnar i entréhallen.", NULL, NULL, 4, 0},
    {12, 16 * 60, 17 * 60 + 30, 1, 15, "youth-group", NULL, NULL, "https://meet.kohtaamo.example/nuorten-paja",
     "Nuorten verkkotyöpaja: millainen olisi hyvä mielenterveyspalvelu?",
     "Ungdomarnas webbverkstad: hurdan vore en bra mentalvårdstjänst?",
     "Online youth workshop: what would a good mental health service be like?",
     "Nuorten kehittäjäryhmän työpaja verkossa. Käymme läpi ryhmän keräämät ideat ja valitsemme kolme, "
     "joita viemme eteenpäin hyvinvointialueen kanssa. Kamera saa olla kiinni.",
     "Utvecklingsgruppens verkstad på nätet. Vi går igenom idéerna som gruppen samlat och väljer tre som vi "
     "driver vidare med välfärdsområdet. Kameran får vara avstängd.",
     "The youth development group's online workshop: we go through the group's ideas and choose three to take forward.",
     "Tekstitys käytössä. Voit osallistua myös chatissa.", "Textning används. Du kan också delta i chatten.",
     NULL, NULL, 2, 0},
    {16, 13 * 60, 15 * 60, 3, 40, NULL, "lohja-sote", NULL, NULL,
     "Vanhusneuvoston avoin kokous: kotihoidon uudistus", "Äldrerådets öppna möte: reformen av hemvården",
     "Elderly council's open meeting: the home care reform",
     "Lohjan vanhusneuvosto kutsuu kaikki kuntalaiset kuulemaan ja kommentoimaan kotihoidon uudistusta. "
     "Kahvitarjoilu klo 12.45 alkaen.",
     "Äldrerådet i Lojo bjuder in alla kommuninvånare att höra om och kommentera reformen av hemvården. "
     "Kaffe serveras från kl. 12.45.",
     "The Lohja elderly council invites everyone to hear about and comment on the home care reform. Coffee from 12:45.",
     "Kokoustila on katutasossa. Induktiosilmukka ja kirjoitustulkkaus.",
     "Mötesrummet ligger i gatuplan. Hörslinga och skrivtolkning.", NULL, NULL, 6, 0},
    {-10, 18 * 60, 20 * 60, 1, 30, "mental-health", "kirkkonummi-hs", NULL, NULL,
     "Asukasilta: mielenterveyspalvelut Kirkkonummella", "Invånarkväll: mentalvårdstjänsterna i Kyrkslätt",
     "Residents' evening: mental health services in Kirkkonummi",
     "Kerro, miten mielenterveyspalveluihin pääsee ja mitä pitäisi parantaa.",
     "Berätta hur man kommer till mentalvårdstjänsterna och vad som borde bli bättre.", "",
     "Esteetön sisäänkäynti.", "Tillgänglig entré.",
     "Iltaan osallistui **26 asukasta**. Tärkeimmät viestit:\n\n- ajanvaraus puhelimitse ruuhkautuu aamuisin\n"
     "- ruotsinkielistä palvelua toivotaan lisää\n- chat-palvelu koettiin hyväksi\n\n"
     "Viemme ehdotukset *Nuorten matalan kynnyksen mielenterveyspalvelut* -hankkeeseen.",
     "**26 invånare** deltog i kvällen. De viktigaste budskapen:\n\n- telefonbokningen är överbelastad på morgnarna\n"
     "- mer service på svenska önskas\n- chattjänsten upplevdes som bra",
     0, 0},
    {20, 10 * 60, 12 * 60, 2, 3, "family-centres", "kirkkonummi-family", NULL, NULL,
     "Vauvaperheiden ensiapukurssi", "Första hjälpen-kurs för babyfamiljer", "First aid course for families with babies",
     "Terveydenhoitajan vetämä kurssi: vauvan elvytys, vierasesine hengitysteissä ja kuume. Pieni ryhmä, jotta "
     "jokainen ehtii harjoitella.",
     "Kurs ledd av en hälsovårdare: återupplivning av baby, främmande föremål i luftvägarna och feber. En liten grupp "
     "så att alla hinner öva.",
     "A course led by a public health nurse: infant CPR, choking and fever. A small group so everyone can practise.",
     "Esteetön sisäänkäynti, vauvan voi ottaa mukaan.", "Tillgänglig entré, babyn får följa med.", NULL, NULL, 3, 2},
};

static const struct {
    const char *name, *email, *lang, *needs;
} PEOPLE[] = {
    {"Laura Nieminen", "laura.nieminen@example.fi", "fi", ""},
    {"Johan Lindberg", "johan.lindberg@example.fi", "sv", "Laktosfri kost"},
    {"Sanna Korhonen", "sanna.korhonen@example.fi", "fi", "Pyörätuolipaikka"},
    {"Mira Andersson", "mira.andersson@example.fi", "sv", ""},
    {"Pekka Laine", "pekka.laine@example.fi", "fi", ""},
    {"Eeva Salonen", "eeva.salonen@example.fi", "fi", "Gluteeniton ruokavalio"},
};

int events_demo_load(db *d, int64_t now)
{
    arena a;
    arena_init(&a);
    db_result res;
    int rc = -1;
    if (db_query(d, &a, &res, "SELECT 1 FROM events LIMIT 1", 0, NULL) < 0) goto done;
    if (res.nrows > 0) {
        rc = 0;
        goto done;
    }
    hel_time today;
    hours_to_local(now, &today);
    if (db_begin(d) < 0) goto done;
    for (size_t i = 0; i < sizeof EVENTS / sizeof *EVENTS; i++) {
        int64_t start = hours_from_local(today.days + EVENTS[i].day, EVENTS[i].start_min);
        int64_t end = hours_from_local(today.days + EVENTS[i].day, EVENTS[i].end_min);
        int64_t deadline = hours_from_local(today.days + EVENTS[i].day - EVENTS[i].deadline_days, 12 * 60);
        db_param p[] = {DB_TEXT(EVENTS[i].title_fi), DB_TEXT(EVENTS[i].title_sv), DB_TEXT(EVENTS[i].title_en),
                        DB_TEXT(EVENTS[i].desc_fi), DB_TEXT(EVENTS[i].desc_sv), DB_TEXT(EVENTS[i].desc_en),
                        DB_INT(start), DB_INT(end), DB_INT(deadline), DB_TEXT(EVENTS[i].point),
                        DB_TEXT(EVENTS[i].address ? EVENTS[i].address : ""), DB_TEXT(EVENTS[i].url ? EVENTS[i].url : ""),
                        DB_TEXT(EVENTS[i].acc_fi), DB_TEXT(EVENTS[i].acc_sv), DB_INT(EVENTS[i].capacity),
                        DB_TEXT(EVENTS[i].space), DB_TEXT(EVENTS[i].summary_fi ? EVENTS[i].summary_fi : ""),
                        DB_TEXT(EVENTS[i].summary_sv ? EVENTS[i].summary_sv : ""), DB_INT(now - 20 * 86400)};
        if (db_query(d, &a, &res,
                     "INSERT INTO events(title_fi, title_sv, title_en, description_fi, description_sv, description_en, "
                     "starts_at, ends_at, registration_deadline, service_point_id, address, online_url, "
                     "accessibility_fi, accessibility_sv, capacity, space_id, summary_fi, summary_sv, created_at, updated_at) "
                     "VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, (SELECT id FROM service_points WHERE code = $10), "
                     "$11, $12, $13, $14, $15, (SELECT id FROM spaces WHERE slug = $16), $17, $18, $19, $19) RETURNING id",
                     19, p) < 0)
            goto fail;
        int64_t event_id = db_cell_int(&res, 0, 0);
        int n = EVENTS[i].registrants + EVENTS[i].extra_waiting;
        for (int k = 0; k < n && k < (int)(sizeof PEOPLE / sizeof *PEOPLE); k++) {
            const char *status = k < EVENTS[i].capacity ? "confirmed" : "waiting";
            db_param q[] = {DB_INT(event_id), DB_TEXT(PEOPLE[k].name), DB_TEXT(PEOPLE[k].email),
                            DB_TEXT(PEOPLE[k].needs), DB_TEXT(PEOPLE[k].lang), DB_TEXT(status),
                            DB_TEXT(token_random(&a, 24)), DB_INT(now - (int64_t)(n - k) * 3600)};
            if (db_exec(d, "INSERT INTO event_registrations(event_id, name, email, needs, lang, status, token, created_at) "
                           "VALUES($1, $2, $3, $4, $5, $6, $7, $8)", 8, q) < 0)
                goto fail;
        }
    }
    if (db_commit(d) < 0) goto fail;
    rc = 0;
    goto done;
fail:
    db_rollback(d);
done:
    arena_free_all(&a);
    return rc;
}
