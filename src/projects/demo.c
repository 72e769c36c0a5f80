/* Demo projects of the Western Uusimaa county: published projects with work
 * packages and pilots, milestones, contact persons, links and updates, in
 * Finnish and Swedish (English for some). Dates are relative to today, so
 * the demo always has past, current and coming milestones. */
#include "projects.h"
#include "logic.h"
#include "../app/app.h"
#include <stdio.h>
#include <string.h>

typedef struct dmile {
    int days;   /* from today */
    const char *status, *fi, *sv, *en;
} dmile;

typedef struct dupd {
    int days_ago;
    const char *title_fi, *title_sv, *title_en, *body_fi, *body_sv, *body_en;
} dupd;

typedef struct dproj {
    const char *slug, *parent, *kind, *status;
    int start, end;   /* days from today */
    const char *title_fi, *title_sv, *title_en, *summary_fi, *summary_sv, *summary_en, *body_fi, *body_sv, *body_en;
    const char *themes[3], *munis[4];
    dmile ms[6];
    const char *contact_name, *contact_title_fi, *contact_title_sv, *contact_email;
    const char *link_url, *link_fi, *link_sv;
    dupd upd[2];
} dproj;

static const dproj PROJECTS[] = {
    {"terveysasemien-digitaalinen-ajanvaraus", NULL, "project", "ongoing", -240, 300,
     "Terveysasemien digitaalinen ajanvaraus", "Digital tidsbokning vid hälsostationerna",
     "Digital appointment booking at health stations",
     "Kiireettömät ajat terveysasemille voi varata verkossa ja mobiilisti kaikissa Länsi-Uudenmaan kunnissa.",
     "Icke-brådskande tider till hälsostationerna kan bokas på nätet och mobilt i alla kommuner i Västra Nyland.",
     "Non-urgent appointments at health stations can be booked online in every municipality of Western Uusimaa.",
     "Hankkeessa otetaan käyttöön **yhteinen ajanvarausjärjestelmä** terveysasemille.\n\n- ajanvaraus verkossa ja puhelimella\n- muistutus tekstiviestillä\n- palvelu suomeksi ja ruotsiksi",
     "Projektet inför ett **gemensamt tidsbokningssystem** för hälsostationerna.\n\n- tidsbokning på nätet och per telefon\n- påminnelse per sms\n- service på finska och svenska",
     "The project introduces a **shared booking system** for health stations.",
     {"health", "digital", NULL}, {"257", "755", "149", NULL},
     {{-200, "done", "Nykytilan kartoitus valmis", "Kartläggning av nuläget klar", "Current state mapped"},
      {-90, "done", "Järjestelmän hankinta", "Upphandling av systemet", "System procured"},
      {20, "ongoing", "Käyttöönotto Kirkkonummen terveysasemalla", "Ibruktagning vid hälsostationen i Kyrkslätt", ""},
      {150, "planned", "Käyttöönotto kaikilla terveysasemilla", "Ibruktagning vid alla hälsostationer", ""},
      {290, "planned", "Loppuarviointi", "Slututvärdering", "Final evaluation"}},
     "Laura Lindholm", "Projektipäällikkö", "Projektchef", "laura.lindholm@lansiuusimaa.example",
     "https://www.suomi.fi/", "Suomi.fi-palvelut", "Suomi.fi-tjänster",
     {{30, "Ajanvaraus avattiin Kirkkonummella", "Tidsbokningen öppnades i Kyrkslätt", "",
       "Kirkkonummen terveysaseman **kiireettömät ajat** voi nyt varata verkossa. Kerro kokemuksistasi palautelomakkeella!",
       "Icke-brådskande tider till hälsostationen i Kyrkslätt kan nu **bokas på nätet**. Berätta om dina erfarenheter!", ""},
      {5, "Testaajia haetaan mobiilisovellukselle", "Testare söks för mobilappen", "Testers wanted for the mobile app",
       "Etsimme asukkaita testaamaan ajanvarauksen mobiilisovellusta joulukuussa.",
       "Vi söker invånare som testar mobilappen för tidsbokning i december.",
       "We are looking for residents to test the booking app in December."}}},
    {"chat-palvelun-pilotti", "terveysasemien-digitaalinen-ajanvaraus", "pilot", "piloting", -30, 120,
     "Terveysneuvonnan chat-palvelun pilotti", "Pilot med chattjänst för hälsorådgivning", "",
     "Sairaanhoitaja vastaa chatissa arkisin kello 8–16.",
     "En sjukskötare svarar i chatten vardagar klockan 8–16.", "",
     "Pilotissa kokeillaan, vähentääkö chat puhelinjonoja.", "I piloten prövas om chatten minskar telefonköerna.", "",
     {"health", "digital", NULL}, {"257", NULL, NULL, NULL},
     {{-30, "done", "Pilotti alkoi", "Piloten började", "Pilot started"},
      {60, "planned", "Väliarviointi", "Mellanutvärdering", ""}},
     NULL, NULL, NULL, NULL, NULL, NULL, NULL, {{0}, {0}}},
    {"kotihoidon-etakaynnit", NULL, "project", "piloting", -400, 200,
     "Ikääntyneiden kotihoidon etäkäynnit", "Distansbesök i hemvården för äldre", "Remote home care visits for older people",
     "Osa kotihoidon käynneistä tehdään kuvapuhelulla, kun asiakas niin haluaa.",
     "En del av hemvårdens besök görs som videosamtal när klienten vill det.",
     "Some home care visits are made by video call when the client so wishes.",
     "Etäkäynnit täydentävät kotikäyntejä. Asiakas saa laitteen ja opastuksen maksutta.",
     "Distansbesöken kompletterar hembesöken. Klienten får en apparat och handledning avgiftsfritt.", "",
     {"elderly", "digital", NULL}, {"710", "078", NULL, NULL},
     {{-380, "done", "Kumppanien valinta", "Val av samarbetsparter", ""},
      {-200, "done", "Pilotti Raaseporissa", "Pilot i Raseborg", ""},
      {-10, "ongoing", "Laajennus Hankoon", "Utvidgning till Hangö", ""},
      {180, "planned", "Pysyvä toimintamalli", "Permanent verksamhetsmodell", ""}},
     "Erik Sjöberg", "Kotihoidon esihenkilö", "Förman inom hemvården", "erik.sjoberg@lansiuusimaa.example",
     "https://thl.fi/", "Terveyden ja hyvinvoinnin laitos", "Institutet för hälsa och välfärd",
     {{12, "Etäkäynnit alkavat Hangossa", "Distansbesöken börjar i Hangö", "",
       "Hangon kotihoidon asiakkaat voivat nyt valita etäkäynnin.",
       "Hemvårdens klienter i Hangö kan nu välja distansbesök.", ""}, {0}}},
    {"nuorten-matalan-kynnyksen-mielenterveyspalvelut", NULL, "project", "planned", 60, 790,
     "Nuorten matalan kynnyksen mielenterveyspalvelut", "Lågtröskeltjänster för ungas psykiska hälsa", "",
     "Nuoret pääsevät juttelemaan ammattilaisen kanssa ilman lähetettä.",
     "Unga kan prata med en yrkesperson utan remiss.", "",
     "Palvelut suunnitellaan yhdessä nuorten kehittäjäryhmän kanssa.",
     "Tjänsterna planeras tillsammans med ungdomarnas utvecklingsgrupp.", "",
     {"youth", "mental", NULL}, {NULL, NULL, NULL, NULL},
     {{60, "planned", "Kehittäjäryhmä aloittaa", "Utvecklingsgruppen börjar", ""},
      {240, "planned", "Palvelumalli valmis", "Servicemodellen klar", ""}},
     "Aino Koskinen", "Kehittämiskoordinaattori", "Utvecklingskoordinator", "aino.koskinen@lansiuusimaa.example",
     NULL, NULL, NULL, {{0}, {0}}},
};

static const char *iso_in(char *out, size_t n, int64_t now, int days)
{
    proj_days_iso(proj_unix_days(now) + days, out, n);
    return out;
}

int projects_demo_load(db *d, char *err, size_t errlen)
{
    arena a;
    arena_init(&a);
    db_result res;
    int64_t now = app_now();
    err[0] = '\0';
    db_param s0[] = {DB_TEXT(PROJECTS[0].slug)};
    if (db_query(d, &a, &res, "SELECT 1 FROM projects WHERE slug = $1", 1, s0) < 0) goto fail;
    if (res.nrows > 0) {
        arena_free_all(&a);
        return 0;
    }
    if (db_query(d, &a, &res, "SELECT id FROM users WHERE email = 'koordinaattori@kohtaamo.example'", 0, NULL) < 0)
        goto fail;
    int64_t author = res.nrows ? db_cell_int(&res, 0, 0) : 0;
    if (db_begin(d) < 0) goto fail;
    for (size_t i = 0; i < sizeof PROJECTS / sizeof *PROJECTS; i++) {
        const dproj *p = &PROJECTS[i];
        char sd[16], ed[16];
        db_param q[] = {DB_TEXT(p->parent), DB_TEXT(p->kind), DB_TEXT(p->slug), DB_TEXT(p->title_fi),
                        DB_TEXT(p->title_sv), DB_TEXT(p->title_en), DB_TEXT(p->summary_fi), DB_TEXT(p->summary_sv),
                        DB_TEXT(p->summary_en), DB_TEXT(p->body_fi), DB_TEXT(p->body_sv), DB_TEXT(p->body_en),
                        DB_TEXT(p->status), DB_TEXT(iso_in(sd, sizeof sd, now, p->start)),
                        DB_TEXT(iso_in(ed, sizeof ed, now, p->end)), DB_INT(now - (int64_t)(i + 1) * 3600)};
        if (db_query(d, &a, &res,
                     "INSERT INTO projects(parent_id, kind, slug, title_fi, title_sv, title_en, summary_fi, summary_sv, "
                     "summary_en, body_fi, body_sv, body_en, status, start_date, end_date, published, created_at, "
                     "updated_at) VALUES((SELECT id FROM projects WHERE slug = $1), $2, $3, $4, $5, $6, $7, $8, $9, $10, "
                     "$11, $12, $13, $14, $15, 1, $16, $16) RETURNING id", 16, q) < 0)
            goto rollback;
        int64_t id = db_cell_int(&res, 0, 0);
        for (int k = 0; k < 3 && p->themes[k]; k++) {
            db_param t[] = {DB_INT(id), DB_TEXT(p->themes[k])};
            if (db_exec(d, "INSERT INTO project_themes(project_id, theme_id) SELECT $1, id FROM themes WHERE code = $2",
                        2, t) < 0)
                goto rollback;
        }
        for (int k = 0; k < 4 && p->munis[k]; k++) {
            db_param t[] = {DB_INT(id), DB_TEXT(p->munis[k])};
            if (db_exec(d, "INSERT INTO project_municipalities(project_id, municipality_id) "
                           "SELECT $1, id FROM municipalities WHERE code = $2", 2, t) < 0)
                goto rollback;
        }
        for (int k = 0; k < 6 && p->ms[k].fi; k++) {
            char md[16];
            db_param t[] = {DB_INT(id), DB_TEXT(p->ms[k].fi), DB_TEXT(p->ms[k].sv), DB_TEXT(p->ms[k].en),
                            DB_TEXT(iso_in(md, sizeof md, now, p->ms[k].days)), DB_TEXT(p->ms[k].status)};
            if (db_exec(d, "INSERT INTO project_milestones(project_id, title_fi, title_sv, title_en, due_date, status) "
                           "VALUES($1, $2, $3, $4, $5, $6)", 6, t) < 0)
                goto rollback;
        }
        if (p->contact_name) {
            db_param t[] = {DB_INT(id), DB_TEXT(p->contact_name), DB_TEXT(p->contact_title_fi),
                            DB_TEXT(p->contact_title_sv), DB_TEXT("Länsi-Uudenmaan hyvinvointialue"),
                            DB_TEXT(p->contact_email)};
            if (db_exec(d, "INSERT INTO project_contacts(project_id, name, title_fi, title_sv, organisation, email) "
                           "VALUES($1, $2, $3, $4, $5, $6)", 6, t) < 0)
                goto rollback;
        }
        if (p->link_url) {
            db_param t[] = {DB_INT(id), DB_TEXT(p->link_url), DB_TEXT(p->link_fi), DB_TEXT(p->link_sv)};
            if (db_exec(d, "INSERT INTO project_links(project_id, url, label_fi, label_sv) VALUES($1, $2, $3, $4)", 4, t) < 0)
                goto rollback;
        }
        for (int k = 0; k < 2 && p->upd[k].title_fi; k++) {
            const dupd *u = &p->upd[k];
            int64_t t0 = now - (int64_t)u->days_ago * 86400;
            db_param t[] = {DB_INT(id), DB_TEXT(u->title_fi), DB_TEXT(u->title_sv), DB_TEXT(u->title_en),
                            DB_TEXT(u->body_fi), DB_TEXT(u->body_sv), DB_TEXT(u->body_en), DB_INT(t0),
                            author ? DB_INT(author) : DB_NULL};
            if (db_exec(d, "INSERT INTO project_updates(project_id, title_fi, title_sv, title_en, body_fi, body_sv, "
                           "body_en, published, published_at, author_user_id, created_at, updated_at) "
                           "VALUES($1, $2, $3, $4, $5, $6, $7, 1, $8, $9, $8, $8)", 9, t) < 0)
                goto rollback;
        }
        if (projects_reindex(d, &a, id) < 0) goto rollback;
    }
    if (db_commit(d) < 0) goto rollback;
    arena_free_all(&a);
    return 0;
rollback:
    snprintf(err, errlen, "projects demo: %s", db_error(d));
    db_rollback(d);
    arena_free_all(&a);
    return -1;
fail:
    snprintf(err, errlen, "projects demo: %s", db_error(d));
    arena_free_all(&a);
    return -1;
}
