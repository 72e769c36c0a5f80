/* Demo consultations in the demo spaces: the service strategy draft open
 * now (four sections in Finnish and Swedish) and a closed consultation on
 * family centres' opening hours with its published summary. The demo
 * resident follows both and has a notification of the summary. */
#include "consultations.h"
#include "../participation/participation.h"
#include <string.h>

typedef struct dsec {
    const char *heading_fi, *heading_sv, *body_fi, *body_sv;
} dsec;

typedef struct ddraft {
    const char *space, *space_fallback;
    int opens_days, closes_days;   /* from today */
    const char *title_fi, *title_sv, *title_en, *intro_fi, *intro_sv;
    const char *summary_fi, *summary_sv;
    dsec sec[4];
} ddraft;

static const ddraft DRAFTS[] = {
    {"mental-health", "family-centres", -10, 21,
     "Palvelustrategia 2027–2030 (luonnos)", "Servicestrategi 2027–2030 (utkast)", "Service strategy 2027–2030 (draft)",
     "Hyvinvointialueen palvelustrategia linjaa, miten ja missä palveluja järjestetään vuosina 2027–2030. "
     "Luonnos on nyt kaikkien kommentoitavana. **Kommentoi kohtaa, jota kommenttisi koskee** – luemme jokaisen "
     "kommentin ja kerromme lausuntoajan päätyttyä, mitä niiden perusteella muutettiin.",
     "Välfärdsområdets servicestrategi drar upp riktlinjerna för hur och var tjänsterna ordnas 2027–2030. "
     "Utkastet kan nu kommenteras av alla. **Kommentera det avsnitt som din kommentar gäller** – vi läser varje "
     "kommentar och berättar efter remisstiden vad som ändrades på grund av dem.",
     "", "",
     {{"1. Lähtökohdat ja tavoitteet", "1. Utgångspunkter och mål",
       "Länsi-Uudenmaan väestö ikääntyy ja kasvaa epätasaisesti: Kirkkonummella ja Lohjalla asukkaita tulee "
       "lisää, Hangossa ja Raaseporissa väki vähenee.\n\nTavoitteet vuoteen 2030:\n\n- hoitoon pääsee "
       "perusterveydenhuollossa viikossa\n- palvelu saadaan suomeksi ja ruotsiksi kaikissa kunnissa\n"
       "- asukkaat osallistuvat palvelujen suunnitteluun",
       "Befolkningen i Västra Nyland åldras och växer ojämnt: i Kyrkslätt och Lojo blir invånarna fler, i Hangö "
       "och Raseborg färre.\n\nMål fram till 2030:\n\n- vård inom primärvården inom en vecka\n- service på finska "
       "och svenska i alla kommuner\n- invånarna deltar i planeringen av tjänsterna"},
      {"2. Palveluverkko", "2. Servicenätet",
       "Sosiaali- ja terveyskeskukset säilyvät jokaisessa kunnassa. Pienimmät terveysasemat muuttuvat "
       "**lähiasemiksi**, joilla on vastaanotto kahtena päivänä viikossa ja etävastaanotto muina päivinä.",
       "Social- och hälsocentralerna finns kvar i varje kommun. De minsta hälsostationerna blir "
       "**närstationer** med mottagning två dagar i veckan och distansmottagning övriga dagar."},
      {"3. Digitaaliset palvelut", "3. Digitala tjänster",
       "Chat-neuvonta ja etävastaanotot laajenevat kaikkiin palveluihin. Digitaalinen palvelu on aina "
       "vaihtoehto, ei ainoa tapa asioida: puhelin ja käynti paikan päällä säilyvät.",
       "Chattrådgivning och distansmottagningar utvidgas till alla tjänster. Den digitala tjänsten är alltid ett "
       "alternativ, inte det enda sättet: telefon och besök på plats finns kvar."},
      {"4. Henkilöstö ja yhteistyö", "4. Personal och samarbete",
       "Henkilöstön saatavuus turvataan oppisopimuksilla, työkierrolla ja yhteistyöllä oppilaitosten kanssa. "
       "Järjestöjen kanssa sovitaan yhteisistä kohtaamispaikoista.",
       "Tillgången till personal tryggas med läroavtal, arbetsrotation och samarbete med läroanstalter. Med "
       "organisationerna kommer vi överens om gemensamma mötesplatser."}}},
    {"family-centres", "mental-health", -75, -40,
     "Perhekeskusten aukioloajat", "Familjecentrens öppettider", "Opening hours of the family centres",
     "Ehdotus perhekeskusten uusiksi aukioloajoiksi Raaseporissa, Lohjalla ja Kirkkonummella.",
     "Förslag till nya öppettider för familjecentren i Raseborg, Lojo och Kyrkslätt.",
     "Kiitos 46 kommentista! Niiden perusteella:\n\n- **iltavastaanotto** on auki tiistaisin klo 16–19 kaikissa "
     "kolmessa perhekeskuksessa (ehdotuksessa vain Lohjalla)\n- Raaseporin perhekeskuksen ruotsinkielinen "
     "neuvola on auki myös perjantaisin\n- lauantaiaukiolosta luovuttiin, koska sitä toivoi vain kolme "
     "kommentoijaa.",
     "Tack för 46 kommentarer! Utifrån dem:\n\n- **kvällsmottagningen** är öppen tisdagar kl. 16–19 i alla tre "
     "familjecentren (i förslaget endast i Lojo)\n- den svenskspråkiga rådgivningen i Raseborgs familjecenter är "
     "öppen även på fredagar\n- öppethållande på lördagar slopades, eftersom bara tre kommentatorer önskade det.",
     {{"Arkiaukiolo", "Öppettider på vardagar",
       "Perhekeskukset ovat auki arkisin klo 8–16.", "Familjecentren är öppna vardagar kl. 8–16."},
      {"Iltavastaanotto", "Kvällsmottagning",
       "Lohjan perhekeskuksessa on iltavastaanotto tiistaisin klo 16–19.",
       "I Lojo familjecenter finns kvällsmottagning tisdagar kl. 16–19."},
      {"Lauantaiaukiolo", "Öppet på lördagar",
       "Kokeilemme lauantaiaukioloa klo 10–14 yhdessä perhekeskuksessa.",
       "Vi prövar att hålla ett familjecenter öppet lördagar kl. 10–14."},
      {NULL, NULL, NULL, NULL}}},
};

static int64_t scalar(db *d, arena *a, const char *sql, db_param p)
{
    db_result res;
    if (db_query(d, a, &res, sql, 1, &p) < 0) return -1;
    return res.nrows > 0 ? db_cell_int(&res, 0, 0) : 0;
}

int consultations_demo_load(db *d, int64_t now)
{
    arena a;
    arena_init(&a);
    int rc = -1;
    int64_t day = 86400, today = now / day * day;
    int64_t resident = scalar(d, &a, "SELECT id FROM users WHERE email = $1", DB_TEXT("asukas@kohtaamo.example"));
    int64_t staff = scalar(d, &a, "SELECT id FROM users WHERE email = $1", DB_TEXT("koordinaattori@kohtaamo.example"));
    if (resident < 0 || staff < 0) goto done;
    for (size_t i = 0; i < sizeof DRAFTS / sizeof *DRAFTS; i++) {
        const ddraft *x = &DRAFTS[i];
        int64_t have = scalar(d, &a, "SELECT id FROM drafts WHERE title_fi = $1", DB_TEXT(x->title_fi));
        if (have < 0) goto done;
        if (have > 0) continue;   /* loaded before */
        int64_t space_id = scalar(d, &a, "SELECT id FROM spaces WHERE slug = $1", DB_TEXT(x->space));
        if (space_id == 0) space_id = scalar(d, &a, "SELECT id FROM spaces WHERE slug = $1", DB_TEXT(x->space_fallback));
        if (space_id < 0) goto done;
        if (space_id == 0) continue;   /* no demo spaces: nothing to attach to */
        bool closed = x->closes_days < 0;
        if (db_begin(d) < 0) goto done;
        db_result res;
        db_param p[] = {DB_INT(space_id), DB_TEXT(x->title_fi), DB_TEXT(x->title_sv), DB_TEXT(x->title_en),
                        DB_TEXT(x->intro_fi), DB_TEXT(x->intro_sv), DB_INT(today + x->opens_days * day),
                        DB_INT(today + (x->closes_days + 1) * day), DB_TEXT(x->summary_fi), DB_TEXT(x->summary_sv),
                        closed ? DB_INT(today + (x->closes_days + 7) * day) : DB_NULL, DB_INT(staff),
                        DB_INT(today + (x->opens_days - 3) * day)};
        if (db_query(d, &a, &res,
                     "INSERT INTO drafts (space_id, title_fi, title_sv, title_en, intro_fi, intro_sv, opens_at,"
                     " closes_at, summary_fi, summary_sv, summary_published_at, created_by, created_at)"
                     " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id", 13, p) < 0)
            goto fail;
        int64_t id = db_cell_int(&res, 0, 0);
        for (int k = 0; k < 4 && x->sec[k].heading_fi; k++) {
            db_param q[] = {DB_INT(id), DB_INT(k + 1), DB_TEXT(x->sec[k].heading_fi), DB_TEXT(x->sec[k].heading_sv),
                            DB_TEXT(x->sec[k].body_fi), DB_TEXT(x->sec[k].body_sv)};
            if (db_exec(d, "INSERT INTO draft_sections (draft_id, position, heading_fi, heading_sv, body_fi, body_sv)"
                           " VALUES ($1, $2, $3, $4, $5, $6)", 6, q) < 0)
                goto fail;
        }
        if (resident > 0) {
            if (follow_add(d, now, resident, "draft", id) < 0) goto fail;
            if (closed &&
                notify_user(d, today + (x->closes_days + 7) * day, resident, "summary",
                            arena_printf(&a, "%s / %s", x->title_fi, x->title_sv),
                            arena_printf(&a, "/consultations/%lld#c-summary", (long long)id), space_id) < 0)
                goto fail;
        }
        if (db_commit(d) < 0) goto fail;
    }
    /* Aino's other notifications: the official answer to an idea in a demo
     * space (when the ideas' demo has one) and the space she follows. */
    if (resident > 0) {
        db_result idea;
        db_param p[] = {DB_TEXT("mental-health")};
        if (db_query(d, &a, &idea,
                     "SELECT i.id, i.title, i.space_id FROM ideas i JOIN spaces s ON s.id = i.space_id"
                     " WHERE i.answered_at IS NOT NULL AND s.audience = 'everyone' ORDER BY s.slug = $1 DESC, i.id"
                     " LIMIT 1", 1, p) < 0)
            goto done;
        if (idea.nrows > 0) {
            const char *path = arena_printf(&a, "/ideas/%s", db_cell(&idea, 0, 0));
            int64_t have = scalar(d, &a, "SELECT COUNT(*) FROM notifications WHERE path = $1", DB_TEXT(path));
            if (have < 0) goto done;
            if (have == 0 && (follow_add(d, now, resident, "idea", db_cell_int(&idea, 0, 0)) < 0 ||
                              notify_user(d, now - 2 * 3600, resident, "answer", db_cell(&idea, 0, 1), path,
                                          db_cell_int(&idea, 0, 2)) < 0))
                goto done;
        }
        int64_t sp = scalar(d, &a, "SELECT id FROM spaces WHERE slug = $1", DB_TEXT("mental-health"));
        if (sp < 0 || (sp > 0 && follow_add(d, now, resident, "space", sp) < 0)) goto done;
    }
    rc = 0;
    goto done;
fail:
    db_rollback(d);
done:
    arena_free_all(&a);
    return rc;
}
