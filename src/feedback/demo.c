/* Demo data of the feedback feature: topics (their codes are also Open311
 * service codes) and a handful of feedback in different states. Runs once:
 * nothing changes when the topics are already there. Expects the demo
 * municipalities and accounts (src/demo/demo.c) to exist. */
#include "feedback.h"
#include "../app/app.h"
#include <stdio.h>

static const struct {
    const char *code, *fi, *sv, *en, *dfi, *dsv, *den;
} TOPICS[] = {
    {"general", "Yleinen palaute", "Allmän respons", "General feedback",
     "Palaute, joka ei sovi muihin aiheisiin.", "Respons som inte passar in under något annat ämne.",
     "Feedback that fits no other topic."},
    {"health-station", "Terveysasemat", "Hälsostationer", "Health stations",
     "Ajanvaraus, vastaanotot ja terveysasemien palvelut.", "Tidsbokning, mottagningar och hälsostationernas tjänster.",
     "Appointments, receptions and health station services."},
    {"family-services", "Perhepalvelut", "Familjetjänster", "Family services",
     "Neuvolat, perhekeskukset ja perheneuvonta.", "Rådgivningar, familjecenter och familjerådgivning.",
     "Child health clinics, family centres and family counselling."},
    {"elderly-care", "Ikäihmisten palvelut", "Tjänster för äldre", "Services for older people",
     "Kotihoito, palveluasuminen ja omaishoito.", "Hemvård, serviceboende och närståendevård.",
     "Home care, assisted living and informal care."},
    {"accessibility", "Saavutettavuus ja esteettömyys", "Tillgänglighet", "Accessibility",
     "Tilojen, palvelujen ja verkkopalvelujen saavutettavuus.", "Tillgänglighet i lokaler, tjänster och webbtjänster.",
     "Accessibility of premises, services and online services."},
};

static const struct {
    int days_ago;
    const char *ref, *topic, *muni, *message, *lang, *status;
    int answered_days_ago;           /* -1: no response yet */
    const char *contact_name, *contact_email, *contact_lang, *reply;
} ITEMS[] = {
    {2, "PA-DEM0-0001", "health-station", "257",
     "Kirkkonummen terveysaseman puhelinjonossa odotin tänään 50 minuuttia. Takaisinsoitto olisi hyvä vaihtoehto.",
     "fi", "new", -1, NULL, NULL, NULL, NULL},
    {5, "PA-DEM0-0002", "family-services", "710",
     "Tack för de nya kvällstiderna på familjecentret i Raseborg! Det passar oss som jobbar dagtid.",
     "sv", "answered", 4, "Maria Lindholm", "maria.lindholm@example.com", "sv",
     "Tack för din respons! Vi fortsätter med kvällstiderna under hela våren."},
    {9, "PA-DEM0-0003", "elderly-care", "444",
     "Äitini kotihoidon käynnit ovat joka päivä eri aikaan. Voisiko käynneille saada kiinteämmät ajat?",
     "fi", "in_progress", 7, "Pekka Nieminen", "pekka.nieminen@example.com", "fi", NULL},
    {20, "PA-DEM0-0004", "accessibility", "078",
     "Hangon terveysaseman pääovelle ei pääse pyörätuolilla, kun luiska on jäinen.",
     "fi", "closed", 18, NULL, NULL, NULL, NULL},
    {1, "PA-DEM0-0005", "general", NULL,
     "Det vore bra om Kohtaamo visade hälsostationernas öppettider på svenska också.",
     "sv", "new", -1, NULL, NULL, NULL, NULL},
};

int feedback_demo_load(db *d, char *err, size_t errlen)
{
    arena a;
    arena_init(&a);
    db_result res;
    int rc = -1;
    if (db_query(d, &a, &res, "SELECT 1 FROM feedback_topics WHERE code = 'general'", 0, NULL) < 0) goto done;
    if (res.nrows > 0) {
        rc = 0;
        goto done;
    }
    for (size_t i = 0; i < sizeof TOPICS / sizeof *TOPICS; i++) {
        db_param p[] = {DB_TEXT(TOPICS[i].code), DB_TEXT(TOPICS[i].fi), DB_TEXT(TOPICS[i].sv), DB_TEXT(TOPICS[i].en),
                        DB_TEXT(TOPICS[i].dfi), DB_TEXT(TOPICS[i].dsv), DB_TEXT(TOPICS[i].den)};
        if (db_exec(d, "INSERT INTO feedback_topics(code, name_fi, name_sv, name_en, description_fi, description_sv, "
                       "description_en) VALUES($1, $2, $3, $4, $5, $6, $7)", 7, p) < 0)
            goto done;
    }
    int64_t now = app_now();
    for (size_t i = 0; i < sizeof ITEMS / sizeof *ITEMS; i++) {
        int64_t created = now - (int64_t)ITEMS[i].days_ago * 86400;
        int64_t first = ITEMS[i].answered_days_ago >= 0 ? now - (int64_t)ITEMS[i].answered_days_ago * 86400 : 0;
        bool closed = ITEMS[i].status[0] == 'c';
        bool contact = ITEMS[i].contact_email != NULL;
        db_param p[] = {DB_TEXT(ITEMS[i].ref), DB_TEXT(ITEMS[i].topic), DB_TEXT(ITEMS[i].muni), DB_TEXT(ITEMS[i].message),
                        DB_TEXT(ITEMS[i].lang), DB_TEXT(ITEMS[i].status), DB_INT(contact ? 1 : 0),
                        DB_TEXT(ITEMS[i].contact_name), DB_TEXT(ITEMS[i].contact_email), DB_TEXT(ITEMS[i].contact_lang),
                        DB_INT(created), first ? DB_INT(first) : DB_NULL, closed ? DB_INT(first) : DB_NULL};
        if (db_query(d, &a, &res,
                     "INSERT INTO feedback(ref_code, topic_id, municipality_id, message, lang, status, contact_requested, "
                     "contact_name, contact_email, contact_lang, created_at, first_response_at, closed_at, "
                     "assigned_user_id) VALUES($1, (SELECT id FROM feedback_topics WHERE code = $2), "
                     "(SELECT id FROM municipalities WHERE code = $3), $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
                     "(SELECT id FROM users WHERE email = 'koordinaattori@kohtaamo.example')) RETURNING id",
                     13, p) < 0)
            goto done;
        if (ITEMS[i].reply) {
            db_param q[] = {DB_INT(db_cell_int(&res, 0, 0)), DB_TEXT(ITEMS[i].reply), DB_INT(first)};
            if (db_exec(d, "INSERT INTO feedback_replies(feedback_id, author_user_id, body, emailed, created_at) "
                           "VALUES($1, (SELECT id FROM users WHERE email = 'koordinaattori@kohtaamo.example'), $2, 1, $3)",
                        3, q) < 0)
                goto done;
        }
    }
    rc = 0;
done:
    if (rc < 0) snprintf(err, errlen, "feedback demo data: %s", db_error(d));
    arena_free_all(&a);
    return rc;
}
