#include "demo.h"
#include "../accounts/accounts.h"
#include "../comments/comments.h"
#include "../app/app.h"
#include "../consultations/consultations.h"
#include "../directory/directory.h"
#include "../equality/equality.h"
#include "../events/events.h"
#include "../feedback/feedback.h"
#include "../ideas/ideas.h"
#include "../open311/open311.h"
#include "../participation/spaces.h"
#include "../projects/projects.h"
#include "../selfassess/selfassess.h"
#include "../callbacks/callbacks.h"
#include "../surveys/results.h"
#include "../surveys/surveys.h"
#include <stdio.h>

static const struct {
    const char *code, *fi, *sv;
    int bilingual;
} MUNICIPALITIES[] = {
    {"049", "Espoo", "Esbo", 1},          {"078", "Hanko", "Hangö", 1},
    {"149", "Inkoo", "Ingå", 1},          {"224", "Karkkila", "Högfors", 0},
    {"235", "Kauniainen", "Grankulla", 1}, {"257", "Kirkkonummi", "Kyrkslätt", 1},
    {"444", "Lohja", "Lojo", 0},          {"710", "Raasepori", "Raseborg", 1},
    {"755", "Siuntio", "Sjundeå", 1},     {"927", "Vihti", "Vichtis", 0},
};

static const struct {
    const char *email, *name, *role, *lang;
} ACCOUNTS[] = {
    {"admin@kohtaamo.example", "Pääkäyttäjä Anna Lindqvist", "admin", "fi"},
    {"koordinaattori@kohtaamo.example", "Mikko Virtanen", "staff", "fi"},
    {"moderaattori@kohtaamo.example", "Sara Holmström", "moderator", "sv"},
    {"asukas@kohtaamo.example", "Aino Mäkinen", "resident", "fi"},
    {"invanare@kohtaamo.example", "Erik Nyström", "resident", "sv"},
};

static const struct {
    int days_ago;
    const char *muni, *title_fi, *title_sv, *title_en, *body_fi, *body_sv, *body_en;
} NEWS[] = {
    {1, NULL, "Tulevaisuuden sosiaali- ja terveyskeskus avaa osallistumisalustan",
     "Framtidens social- och hälsocentral öppnar en plattform för delaktighet",
     "The Future Health and Social Services Centre opens a participation platform",
     "Kohtaamossa asukkaat ja henkilöstö **kehittävät palveluja yhdessä**. Voit seurata kehittämishankkeita, antaa palautetta ja osallistua kyselyihin suomeksi ja ruotsiksi.",
     "I Kohtaamo **utvecklar invånare och personal tjänsterna tillsammans**. Du kan följa utvecklingsprojekt, ge respons och svara på enkäter på finska och svenska.",
     "In Kohtaamo, **residents and staff develop services together**. Follow development projects, give feedback and answer surveys in Finnish and Swedish."},
    {3, "710", "Raaseporin perhekeskus laajentaa aukioloaikojaan",
     "Familjecentret i Raseborg utvidgar sina öppettider",
     "Raasepori family centre extends its opening hours",
     "Perhekeskuksen avoin vastaanotto on joulukuusta alkaen auki myös tiistai-iltaisin klo 16–19.\n\n- neuvola\n- perheneuvonta\n- sosiaaliohjaus",
     "Familjecentrets öppna mottagning har från och med december öppet även tisdagskvällar kl. 16–19.\n\n- rådgivning\n- familjerådgivning\n- socialhandledning",
     "From December, the family centre's walk-in reception is also open on Tuesday evenings 16–19."},
    {6, NULL, "Nuorten mielenterveyspalveluja kehitetään nuorten kanssa",
     "Ungas mentalvårdstjänster utvecklas tillsammans med unga",
     "Youth mental health services are developed together with young people",
     "Etsimme 15–22-vuotiaita nuoria kehittäjäryhmään. Ryhmä kokoontuu kerran kuussa Lohjalla ja verkossa.",
     "Vi söker unga i åldern 15–22 år till en utvecklingsgrupp. Gruppen träffas en gång i månaden i Lojo och på nätet.",
     "We are looking for young people aged 15–22 to join a development group that meets monthly in Lohja and online."},
    {10, "257", "Kirkkonummen terveysasemalle digitaalinen ajanvaraus",
     "Digital tidsbokning till hälsostationen i Kyrkslätt", "",
     "Kirkkonummen terveysaseman kiireettömät ajat voi nyt varata verkossa.",
     "Icke-brådskande tider till hälsostationen i Kyrkslätt kan nu bokas på nätet.", ""},
    {14, NULL, "Vanhusneuvosto antoi lausunnon kotihoidon uudistuksesta",
     "Äldrerådet gav ett utlåtande om reformen av hemvården", "",
     "Vanhusneuvosto korostaa lausunnossaan **kotihoidon jatkuvuutta** ja palvelua omalla äidinkielellä.",
     "Äldrerådet betonar i sitt utlåtande **kontinuiteten i hemvården** och service på det egna modersmålet.", ""},
};

int demo_load(db *d, char *err, size_t errlen)
{
    err[0] = '\0';
    arena a;
    arena_init(&a);
    db_result res;
    int rc = -1;
    if (db_query(d, &a, &res, "SELECT 1 FROM settings WHERE name = 'demo_loaded'", 0, NULL) < 0) goto done;
    if (res.nrows > 0) {
        rc = 0;
        goto done;
    }
    int64_t now = app_now();
    /* The county and its people go in one transaction, marked done; a rerun
     * after a failed feature loader goes straight to the features. */
    if (db_query(d, &a, &res, "SELECT 1 FROM settings WHERE name = 'demo_core'", 0, NULL) < 0) goto done;
    if (res.nrows > 0) goto features;
    if (db_begin(d) < 0) goto done;
    for (size_t i = 0; i < sizeof MUNICIPALITIES / sizeof *MUNICIPALITIES; i++) {
        db_param p[] = {DB_TEXT(MUNICIPALITIES[i].code), DB_TEXT(MUNICIPALITIES[i].fi),
                        DB_TEXT(MUNICIPALITIES[i].sv), DB_INT(MUNICIPALITIES[i].bilingual)};
        if (db_exec(d, "INSERT INTO municipalities(code, name_fi, name_sv, bilingual) VALUES($1, $2, $3, $4) "
                       "ON CONFLICT DO NOTHING", 4, p) < 0)
            goto fail;
    }
    int64_t author = 0;
    for (size_t i = 0; i < sizeof ACCOUNTS / sizeof *ACCOUNTS; i++) {
        int64_t id = account_create(d, ACCOUNTS[i].email, ACCOUNTS[i].name, DEMO_PASSWORD, ACCOUNTS[i].role,
                                    ACCOUNTS[i].lang, now, err, errlen);
        if (id < 0) goto fail_err;
        if (i == 1) author = id;
    }
    for (size_t i = 0; i < sizeof NEWS / sizeof *NEWS; i++) {
        db_param p[] = {DB_INT(now - NEWS[i].days_ago * 86400LL), DB_TEXT(NEWS[i].title_fi),
                        DB_TEXT(NEWS[i].title_sv), DB_TEXT(NEWS[i].title_en), DB_TEXT(NEWS[i].body_fi),
                        DB_TEXT(NEWS[i].body_sv), DB_TEXT(NEWS[i].body_en), DB_TEXT(NEWS[i].muni),
                        DB_INT(author)};
        if (db_exec(d, "INSERT INTO news(published_at, title_fi, title_sv, title_en, body_fi, body_sv, body_en, "
                       "municipality_id, author_user_id) "
                       "VALUES($1, $2, $3, $4, $5, $6, $7, (SELECT id FROM municipalities WHERE code = $8), $9)",
                    9, p) < 0)
            goto fail;
    }
    if (db_exec(d, "INSERT INTO settings(name, value) VALUES('demo_core', '1')", 0, NULL) < 0) goto fail;
    if (db_commit(d) < 0) goto fail;
features:
    /* Features load their own demo content on top of the county and its
     * people; each is safe to run twice. */
    if (projects_demo_load(d, err, errlen) < 0 || feedback_demo_load(d, err, errlen) < 0 ||
        open311_demo_load(d, err, errlen) < 0 || directory_demo_load(d, err, errlen) < 0 ||
        equality_demo_load(d, err, errlen) < 0)   /* equal access builds on the directory */
        goto done;
    /* participation: spaces and groups first, ideas, comments, consultations and events build on them */
    if (participation_demo_load(d, now) < 0) goto done;
    if (events_demo_load(d, now) < 0) goto done;
    if (ideas_demo_load(d, now) < 0) goto done;
    if (comments_demo_load(d, now) < 0) goto done;   /* after the ideas it discusses */
    if (consultations_demo_load(d, now) < 0) goto done;
    if (surveys_demo_load(d, now) < 0) goto done;   /* surveys: after the groups of participation */
    if (satisfaction_demo_load(d, now) < 0) goto done;   /* survey results: service-point satisfaction */
    if (sa_demo_load(d, err, errlen) < 0) goto done;   /* self-assessment: after the directory it routes to */
    if (callbacks_demo_load(d, now) < 0) goto done;   /* first contact's history: after the questionnaires */
    if (db_exec(d, "INSERT INTO settings(name, value) VALUES('demo_loaded', '1')", 0, NULL) < 0) goto fail_plain;
    rc = 1;
    goto done;
fail_plain:
    snprintf(err, errlen, "%s", db_error(d));
    goto done;
fail:
    snprintf(err, errlen, "%s", db_error(d));
fail_err:
    db_rollback(d);
done:
    if (rc < 0 && err[0] == '\0') snprintf(err, errlen, "%s", db_error(d));
    arena_free_all(&a);
    return rc;
}
