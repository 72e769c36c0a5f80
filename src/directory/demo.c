/* Demo data of the service directory: services of Western Uusimaa, service
 * points in every municipality, their hours (with the Christmas holidays),
 * channels and the offer. The offer has gaps on purpose: mental health
 * services in Kirkkonummi and substance abuse services in Raasepori are not
 * given in Swedish, and physiotherapy is not offered in Karkkila. Runs once. */
#include "directory.h"
#include "../app/app.h"
#include <stdio.h>
#include <string.h>

static const struct {
    const char *code, *lat, *lon;
} CENTRES[] = {
    {"049", "60.2055", "24.6559"}, {"078", "59.8236", "22.9683"}, {"149", "60.0458", "24.0058"},
    {"224", "60.5333", "24.2097"}, {"235", "60.2108", "24.7289"}, {"257", "60.1233", "24.4386"},
    {"444", "60.2486", "24.0650"}, {"710", "59.9736", "23.4367"}, {"755", "60.1386", "24.2264"},
    {"927", "60.4172", "24.3247"},
};

static const struct {
    const char *code, *cls, *fi, *sv, *en, *sfi, *ssv, *sen, *kw_fi, *kw_sv, *kw_en;
} SERVICES[] = {
    {"family-counselling", "P7.4", "Perheneuvola", "Familjerådgivning", "Family counselling",
     "Tukea lasten kasvatukseen, perheen vuorovaikutukseen ja erotilanteisiin.",
     "Stöd i barnuppfostran, familjens samspel och vid skilsmässa.",
     "Support with raising children, family relationships and separation.",
     "perheneuvonta|kasvatusneuvola|kasvatus- ja perheneuvonta|perheterapia|ero",
     "familjerådgivningsbyrå|uppfostringsrådgivning|familjeterapi|skilsmässa", "family guidance"},
    {"child-health-clinic", "P7.1", "Lastenneuvola", "Barnrådgivning", "Child health clinic",
     "Alle kouluikäisten lasten kasvun ja kehityksen seuranta sekä rokotukset.",
     "Uppföljning av växande och utveckling hos barn under skolåldern samt vaccinationer.",
     "Growth and development check-ups and vaccinations for children under school age.",
     "neuvola|rokotus", "rådgivning|vaccination", "vaccination"},
    {"maternity-clinic", "P7.1", "Äitiysneuvola", "Mödrarådgivning", "Maternity clinic",
     "Raskauden seuranta ja valmennus synnytykseen ja vauva-arkeen.",
     "Uppföljning av graviditeten och förberedelse för förlossning och vardag med baby.",
     "Pregnancy check-ups and preparation for birth and life with a baby.",
     "raskaus|neuvola", "graviditet|rådgivning", "pregnancy"},
    {"dental-care", "P3.3", "Hammashoito", "Tandvård", "Dental care",
     "Suun ja hampaiden tutkimus ja hoito kaikenikäisille.",
     "Undersökning och vård av mun och tänder för alla åldrar.",
     "Examination and treatment of teeth and mouth for all ages.",
     "hammaslääkäri|suun terveydenhuolto|hammassärky", "tandläkare|munhälsovård|tandvärk", "dentist|toothache"},
    {"mental-health", "P3.6", "Mielenterveyspalvelut", "Mentalvårdstjänster", "Mental health services",
     "Keskusteluapua ja hoitoa masennukseen, ahdistukseen ja elämän kriiseihin.",
     "Samtalsstöd och vård vid depression, ångest och livskriser.",
     "Counselling and treatment for depression, anxiety and life crises.",
     "mielenterveys|masennus|ahdistus|psykiatria|kriisiapu", "psykisk hälsa|depression|ångest|psykiatri|krishjälp",
     "depression|anxiety"},
    {"substance-abuse", "P3.7", "Päihdepalvelut", "Missbrukarvård", "Substance abuse services",
     "Apua alkoholin, huumeiden ja rahapelien ongelmakäyttöön.",
     "Hjälp vid problem med alkohol, droger och penningspel.",
     "Help with alcohol, drug and gambling problems.",
     "päihde|alkoholi|a-klinikka|riippuvuus|peliriippuvuus", "missbruk|alkohol|beroende|spelberoende", "addiction"},
    {"home-care", "P4.2", "Kotihoito", "Hemvård", "Home care",
     "Apua kotona asumiseen, kun arki ei enää suju omin voimin.",
     "Hjälp att bo hemma när vardagen inte längre går av sig själv.",
     "Help to keep living at home when everyday life no longer works on your own.",
     "kotisairaanhoito|kotipalvelu", "hemsjukvård|hemservice", "home nursing"},
    {"social-work", "P5.1", "Aikuissosiaalityö", "Socialt arbete för vuxna", "Social work for adults",
     "Neuvontaa ja tukea toimeentuloon, asumiseen ja elämänhallintaan.",
     "Rådgivning och stöd i frågor om utkomst, boende och livskompetens.",
     "Advice and support with income, housing and managing everyday life.",
     "sosiaalityö|sosiaaliohjaus|toimeentulotuki", "socialarbete|socialhandledning|utkomststöd", "social worker"},
    {"physiotherapy", "P3.5", "Fysioterapia", "Fysioterapi", "Physiotherapy",
     "Liikkumis- ja toimintakyvyn arviointi ja kuntoutus.",
     "Bedömning och rehabilitering av rörelse- och funktionsförmåga.",
     "Assessment and rehabilitation of mobility and functional ability.",
     "fysioterapeutti|kuntoutus|selkäkipu", "fysioterapeut|rehabilitering|ryggvärk", "rehabilitation"},
    {"doctor", "P3.1", "Lääkärin vastaanotto", "Läkarmottagning", "Doctor's appointment",
     "Sairauksien tutkimus ja hoito terveysasemalla.",
     "Undersökning och vård av sjukdomar på hälsostationen.",
     "Examination and treatment of illnesses at the health station.",
     "lääkäri|terveyskeskuslääkäri", "läkare|hälsocentralläkare", "doctor|GP"},
    {"nurse", "P3.1", "Hoitajan vastaanotto", "Skötarmottagning", "Nurse's appointment",
     "Hoitajan arvio, haavanhoito, ompeleiden poisto ja pitkäaikaissairauksien seuranta.",
     "Skötarens bedömning, sårvård, borttagning av stygn och uppföljning av långvariga sjukdomar.",
     "Assessment by a nurse, wound care, stitch removal and follow-up of long-term illnesses.",
     "sairaanhoitaja|terveydenhoitaja|haava", "sjukskötare|hälsovårdare|sår", "nurse"},
    {"laboratory", "P3.2", "Laboratorio", "Laboratorium", "Laboratory",
     "Verikokeet ja muut laboratoriotutkimukset lähetteellä.",
     "Blodprov och andra laboratorieundersökningar med remiss.",
     "Blood tests and other laboratory tests with a referral.",
     "verikoe|näytteenotto", "blodprov|provtagning", "blood test"},
    {"senior-advice", "P4.1", "Seniorineuvonta", "Seniorrådgivning", "Advice for older people",
     "Neuvontaa ikääntyneille ja omaisille palveluista, tuista ja arjen avusta.",
     "Rådgivning för äldre och anhöriga om tjänster, stöd och hjälp i vardagen.",
     "Advice for older people and their families about services, benefits and everyday help.",
     "ikäihmiset|vanhukset|omaishoito", "äldre|närståendevård", "elderly"},
};

typedef struct demo_point {
    const char *code, *muni, *kind, *fi, *sv, *en, *street_fi, *street_sv, *postal, *po_fi, *po_sv, *lat, *lon;
    const char *dir_fi, *dir_sv, *dir_en, *acc_fi, *acc_sv, *acc_en, *langs, *phone;
    int hours;   /* index into HOURS */
} demo_point;

static const demo_point POINTS[] = {
    {"raasepori-sote", "710", "sote_centre", "Raaseporin sosiaali- ja terveyskeskus", "Raseborgs social- och hälsocentral",
     "Raasepori Health and Social Services Centre", "Sairaalakatu 1", "Sjukhusgatan 1", "10600", "Tammisaari", "Ekenäs",
     "59.9787", "23.4301",
     "Bussit 1 ja 2 pysäkille Sairaala. Pysäköinti pääoven edessä, 2 tuntia.",
     "Bussarna 1 och 2 till hållplatsen Sjukhuset. Parkering framför huvudingången, 2 timmar.",
     "Buses 1 and 2 to the Hospital stop. Parking in front of the main entrance, 2 hours.",
     "Sisäänkäynti ilman portaita, hissi kaikkiin kerroksiin, esteetön WC ja induktiosilmukka vastaanotossa.",
     "Ingång utan trappor, hiss till alla våningar, tillgänglig toalett och hörslinga i receptionen.",
     "Step-free entrance, lift to every floor, accessible toilet and an induction loop at reception.",
     "fi,sv", "+358291511000", 0},
    {"raasepori-karis", "710", "health_station", "Karjaan terveysasema", "Karis hälsostation", "Karjaa Health Station",
     "Kauppiaankatu 4", "Köpmansgatan 4", "10300", "Karjaa", "Karis", "60.0717", "23.6606",
     "Rautatieasemalta 400 metriä kävellen.", "400 meter promenad från järnvägsstationen.",
     "400 metres on foot from the railway station.",
     "Luiska pääovella, esteetön WC toisessa kerroksessa.", "Ramp vid huvuddörren, tillgänglig toalett på andra våningen.",
     "Ramp at the main door, accessible toilet on the second floor.", "fi,sv", "+358291511100", 0},
    {"raasepori-family", "710", "family_centre", "Raaseporin perhekeskus", "Familjecentret i Raseborg",
     "Raasepori Family Centre", "Rantakatu 12", "Strandgatan 12", "10600", "Tammisaari", "Ekenäs", "59.9741", "23.4392",
     "Torilta 300 metriä satamaan päin. Lastenvaunuille oma paikka aulassa.",
     "300 meter från torget mot hamnen. Egen plats för barnvagnar i entrén.",
     "300 metres from the market square towards the harbour. Space for prams in the lobby.",
     "Sisäänkäynti ilman portaita, hoitopöytä ja esteetön WC.", "Ingång utan trappor, skötbord och tillgänglig toalett.",
     "Step-free entrance, baby changing table and accessible toilet.", "fi,sv", "+358291511200", 1},
    {"kirkkonummi-hs", "257", "health_station", "Kirkkonummen terveysasema", "Kyrkslätts hälsostation",
     "Kirkkonummi Health Station", "Kirkkotori 2", "Kyrkotorget 2", "02400", "Kirkkonummi", "Kyrkslätt", "60.1225",
     "24.4410", "Juna-asemalta 500 metriä, bussit pysäkille Kirkkotori.",
     "500 meter från tågstationen, bussar till hållplatsen Kyrkotorget.",
     "500 metres from the railway station, buses to the Kirkkotori stop.",
     "Automaattiovet, hissi ja esteetön WC.", "Automatiska dörrar, hiss och tillgänglig toalett.",
     "Automatic doors, lift and accessible toilet.", "fi,sv", "+358291512000", 0},
    {"kirkkonummi-family", "257", "family_centre", "Kirkkonummen perhekeskus", "Kyrkslätts familjecenter",
     "Kirkkonummi Family Centre", "Asematie 8", "Stationsvägen 8", "02400", "Kirkkonummi", "Kyrkslätt", "60.1198",
     "24.4395", "Juna-aseman vieressä.", "Bredvid tågstationen.", "Next to the railway station.",
     "Sisäänkäynti ilman portaita.", "Ingång utan trappor.", "Step-free entrance.", "fi,sv", "+358291512100", 1},
    {"lohja-sote", "444", "sote_centre", "Lohjan sosiaali- ja terveyskeskus", "Lojo social- och hälsocentral",
     "Lohja Health and Social Services Centre", "Sairaalatie 8", "Sjukhusvägen 8", "08200", "Lohja", "Lojo", "60.2470",
     "24.0710", "Linja-autoasemalta bussit 5 ja 7. Pysäköintitalo sisäänkäynnin vieressä.",
     "Bussarna 5 och 7 från busstationen. Parkeringshus bredvid ingången.",
     "Buses 5 and 7 from the bus station. Car park next to the entrance.",
     "Esteetön sisäänkäynti ja hissit, induktiosilmukka.", "Tillgänglig ingång och hissar, hörslinga.",
     "Accessible entrance and lifts, induction loop.", "fi", "+358291513000", 0},
    {"lohja-family", "444", "family_centre", "Lohjan perhekeskus", "Lojo familjecenter", "Lohja Family Centre",
     "Karstuntie 4", "Karstuvägen 4", "08100", "Lohja", "Lojo", "60.2540", "24.0580", "Bussi 3 pysäkille Karstu.",
     "Buss 3 till hållplatsen Karstu.", "Bus 3 to the Karstu stop.", "Sisäänkäynti ilman portaita.",
     "Ingång utan trappor.", "Step-free entrance.", "fi", "+358291513100", 1},
    {"hanko-hs", "078", "health_station", "Hangon terveysasema", "Hangö hälsostation", "Hanko Health Station",
     "Vuorikatu 4", "Berggatan 4", "10900", "Hanko", "Hangö", "59.8260", "22.9600", "Rautatieasemalta 600 metriä.",
     "600 meter från järnvägsstationen.", "600 metres from the railway station.",
     "Luiska pääovella; talvella luiska hiekoitetaan aamuisin.", "Ramp vid huvuddörren; på vintern sandas rampen på morgonen.",
     "Ramp at the main door; in winter it is gritted every morning.", "fi,sv", "+358291514000", 0},
    {"inkoo-meeting", "149", "meeting_point", "Inkoon kohtaamispaikka", "Ingå mötesplats", "Inkoo Meeting Point",
     "Rantatie 2", "Strandvägen 2", "10210", "Inkoo", "Ingå", "60.0450", "24.0070", "Kirjaston yhteydessä keskustassa.",
     "I anslutning till biblioteket i centrum.", "At the library in the centre.", "Esteetön sisäänkäynti kirjaston kautta.",
     "Tillgänglig ingång via biblioteket.", "Step-free entrance through the library.", "fi,sv", "", 2},
    {"karkkila-hs", "224", "health_station", "Karkkilan terveysasema", "Högfors hälsostation", "Karkkila Health Station",
     "Huhdintie 6", "Huhdivägen 6", "03600", "Karkkila", "Högfors", "60.5350", "24.2150", "Linja-autoasemalta 700 metriä.",
     "700 meter från busstationen.", "700 metres from the bus station.", "Hissi ja esteetön WC.",
     "Hiss och tillgänglig toalett.", "Lift and accessible toilet.", "fi", "+358291515000", 0},
    {"vihti-hs", "927", "health_station", "Vihdin terveysasema", "Vichtis hälsostation", "Vihti Health Station",
     "Hiidenrannantie 2", "Hiidenrannantie 2", "03100", "Nummela", "Nummela", "60.3330", "24.3330",
     "Nummelan keskustasta bussit 1 ja 2.", "Bussarna 1 och 2 från Nummela centrum.", "Buses 1 and 2 from Nummela centre.",
     "Esteetön sisäänkäynti ja pysäköinti.", "Tillgänglig ingång och parkering.", "Accessible entrance and parking.", "fi",
     "+358291516000", 0},
    {"siuntio-hs", "755", "health_station", "Siuntion terveysasema", "Sjundeå hälsostation", "Siuntio Health Station",
     "Sepäntie 1", "Smedsvägen 1", "02580", "Siuntio", "Sjundeå", "60.1390", "24.2260", "Juna-asemalta 300 metriä.",
     "300 meter från tågstationen.", "300 metres from the railway station.", "Sisäänkäynti ilman portaita.",
     "Ingång utan trappor.", "Step-free entrance.", "fi,sv", "+358291517000", 3},
    {"espoo-leppavaara", "049", "sote_centre", "Leppävaaran sosiaali- ja terveyskeskus", "Alberga social- och hälsocentral",
     "Leppävaara Health and Social Services Centre", "Hevosenkenkä 3", "Hästskon 3", "02600", "Espoo", "Esbo", "60.2192",
     "24.8136", "Leppävaaran asemalta 200 metriä.", "200 meter från Alberga station.",
     "200 metres from Leppävaara station.", "Esteetön sisäänkäynti, hissit ja induktiosilmukka.",
     "Tillgänglig ingång, hissar och hörslinga.", "Accessible entrance, lifts and induction loop.", "fi,sv,en",
     "+358291518000", 0},
    {"kauniainen-hs", "235", "health_station", "Kauniaisten terveysasema", "Grankulla hälsostation",
     "Kauniainen Health Station", "Kauniaistentie 3", "Grankullavägen 3", "02700", "Kauniainen", "Grankulla",
     "60.2108", "24.7289", "Kauniaisten asemalta 400 metriä.", "400 meter från Grankulla station.",
     "400 metres from Kauniainen station.", "Esteetön sisäänkäynti.", "Tillgänglig ingång.", "Accessible entrance.",
     "fi,sv", "+358291519000", 3},
};

/* Weekly hours: rows of {weekday, opens, closes}; {0} ends a set. */
static const int HOURS[][10][3] = {
    /* 0: health and sote centres, weekdays 8-16 */
    {{1, 480, 960}, {2, 480, 960}, {3, 480, 960}, {4, 480, 960}, {5, 480, 960}, {0}},
    /* 1: family centres, Mon-Thu 8-16 and Tuesday evenings 16-19 after a break, Friday 8-14 */
    {{1, 480, 960}, {2, 480, 930}, {2, 960, 1140}, {3, 480, 960}, {4, 480, 960}, {5, 480, 840}, {0}},
    /* 2: meeting point, Tuesday and Thursday 10-14 */
    {{2, 600, 840}, {4, 600, 840}, {0}},
    /* 3: small health stations, Mon-Thu 8-15.30, Friday 8-14 */
    {{1, 480, 930}, {2, 480, 930}, {3, 480, 930}, {4, 480, 930}, {5, 480, 840}, {0}},
};

static const struct {
    const char *service, *point, *level, *weekdays, *langs, *nfi, *nsv, *nen;
} OFFERS[] = {
    {"doctor", "raasepori-sote", "by_appointment", "", "fi,sv", "", "", ""},
    {"nurse", "raasepori-sote", "walk_in_daily", "", "fi,sv", "", "", ""},
    {"laboratory", "raasepori-sote", "walk_in_daily", "", "fi,sv", "Näytteenotto klo 7.30 alkaen.", "Provtagning från kl. 7.30.", "Samples from 7.30."},
    {"dental-care", "raasepori-sote", "by_appointment", "", "fi,sv", "", "", ""},
    {"mental-health", "raasepori-sote", "by_appointment", "", "fi,sv", "", "", ""},
    {"substance-abuse", "raasepori-sote", "by_appointment", "", "fi",
     "Ruotsinkielinen päihdetyöntekijä on toistaiseksi rekrytoimatta.", "Den svenskspråkiga tjänsten är tills vidare obesatt.",
     "The Swedish-speaking post is vacant for now."},
    {"social-work", "raasepori-sote", "by_appointment", "", "fi,sv", "", "", ""},
    {"physiotherapy", "raasepori-sote", "weekly_days", "2,4", "fi,sv", "", "", ""},
    {"home-care", "raasepori-sote", "remote_only", "", "fi,sv", "Kotihoidon ohjaus puhelimitse.", "Hemvårdens handledning per telefon.", "Home care guidance by phone."},
    {"doctor", "raasepori-karis", "by_appointment", "", "fi,sv", "", "", ""},
    {"nurse", "raasepori-karis", "walk_in_daily", "", "fi,sv", "", "", ""},
    {"laboratory", "raasepori-karis", "weekly_days", "1,3,5", "fi,sv", "", "", ""},
    {"family-counselling", "raasepori-karis", "weekly_days", "3", "fi,sv", "", "", ""},
    {"family-counselling", "raasepori-family", "by_appointment", "", "fi,sv",
     "Avoin vastaanotto tiistaisin klo 16–19.", "Öppen mottagning tisdagar kl. 16–19.", "Walk-in on Tuesdays 16–19."},
    {"child-health-clinic", "raasepori-family", "walk_in_daily", "", "fi,sv", "", "", ""},
    {"maternity-clinic", "raasepori-family", "by_appointment", "", "fi,sv", "", "", ""},
    {"doctor", "kirkkonummi-hs", "by_appointment", "", "fi,sv", "", "", ""},
    {"nurse", "kirkkonummi-hs", "walk_in_daily", "", "fi,sv", "", "", ""},
    {"laboratory", "kirkkonummi-hs", "walk_in_daily", "", "fi,sv", "", "", ""},
    {"dental-care", "kirkkonummi-hs", "by_appointment", "", "fi,sv", "", "", ""},
    {"mental-health", "kirkkonummi-hs", "by_appointment", "", "fi", "", "", ""},
    {"substance-abuse", "kirkkonummi-hs", "remote_only", "", "fi,sv", "", "", ""},
    {"family-counselling", "kirkkonummi-family", "by_appointment", "", "fi,sv", "", "", ""},
    {"child-health-clinic", "kirkkonummi-family", "by_appointment", "", "fi,sv", "", "", ""},
    {"maternity-clinic", "kirkkonummi-family", "by_appointment", "", "fi,sv", "", "", ""},
    {"doctor", "lohja-sote", "by_appointment", "", "fi", "", "", ""},
    {"nurse", "lohja-sote", "walk_in_daily", "", "fi", "", "", ""},
    {"laboratory", "lohja-sote", "walk_in_daily", "", "fi", "", "", ""},
    {"dental-care", "lohja-sote", "by_appointment", "", "fi", "", "", ""},
    {"mental-health", "lohja-sote", "walk_in_daily", "", "fi", "", "", ""},
    {"substance-abuse", "lohja-sote", "walk_in_daily", "", "fi", "", "", ""},
    {"social-work", "lohja-sote", "by_appointment", "", "fi", "", "", ""},
    {"physiotherapy", "lohja-sote", "by_appointment", "", "fi", "", "", ""},
    {"home-care", "lohja-sote", "remote_only", "", "fi", "", "", ""},
    {"family-counselling", "lohja-family", "by_appointment", "", "fi", "", "", ""},
    {"child-health-clinic", "lohja-family", "by_appointment", "", "fi", "", "", ""},
    {"maternity-clinic", "lohja-family", "by_appointment", "", "fi", "", "", ""},
    {"doctor", "hanko-hs", "by_appointment", "", "fi,sv", "", "", ""},
    {"nurse", "hanko-hs", "walk_in_daily", "", "fi,sv", "", "", ""},
    {"laboratory", "hanko-hs", "weekly_days", "2,4", "fi,sv", "", "", ""},
    {"dental-care", "hanko-hs", "by_appointment", "", "fi,sv", "", "", ""},
    {"family-counselling", "hanko-hs", "remote_only", "", "fi,sv", "Videovastaanotto.", "Videomottagning.", "Video appointments."},
    {"nurse", "inkoo-meeting", "weekly_days", "2", "fi,sv", "", "", ""},
    {"senior-advice", "inkoo-meeting", "weekly_days", "4", "fi,sv", "", "", ""},
    {"social-work", "inkoo-meeting", "weekly_days", "4", "fi,sv", "", "", ""},
    {"doctor", "karkkila-hs", "by_appointment", "", "fi", "", "", ""},
    {"nurse", "karkkila-hs", "walk_in_daily", "", "fi", "", "", ""},
    {"laboratory", "karkkila-hs", "walk_in_daily", "", "fi", "", "", ""},
    {"dental-care", "karkkila-hs", "by_appointment", "", "fi", "", "", ""},
    {"physiotherapy", "karkkila-hs", "not_offered", "", "fi", "Lähin fysioterapia Lohjalla.", "Närmaste fysioterapi i Lojo.", "Nearest physiotherapy in Lohja."},
    {"doctor", "vihti-hs", "by_appointment", "", "fi", "", "", ""},
    {"nurse", "vihti-hs", "walk_in_daily", "", "fi", "", "", ""},
    {"laboratory", "vihti-hs", "walk_in_daily", "", "fi", "", "", ""},
    {"dental-care", "vihti-hs", "by_appointment", "", "fi", "", "", ""},
    {"mental-health", "vihti-hs", "by_appointment", "", "fi", "", "", ""},
    {"physiotherapy", "vihti-hs", "by_appointment", "", "fi", "", "", ""},
    {"doctor", "siuntio-hs", "by_appointment", "", "fi,sv", "", "", ""},
    {"nurse", "siuntio-hs", "weekly_days", "1,3", "fi,sv", "", "", ""},
    {"doctor", "espoo-leppavaara", "by_appointment", "", "fi,sv,en", "", "", ""},
    {"nurse", "espoo-leppavaara", "walk_in_daily", "", "fi,sv,en", "", "", ""},
    {"laboratory", "espoo-leppavaara", "walk_in_daily", "", "fi,sv,en", "", "", ""},
    {"dental-care", "espoo-leppavaara", "by_appointment", "", "fi,sv,en", "", "", ""},
    {"mental-health", "espoo-leppavaara", "walk_in_daily", "", "fi,sv,en", "", "", ""},
    {"substance-abuse", "espoo-leppavaara", "by_appointment", "", "fi,sv", "", "", ""},
    {"social-work", "espoo-leppavaara", "by_appointment", "", "fi,sv,en", "", "", ""},
    {"family-counselling", "espoo-leppavaara", "by_appointment", "", "fi,sv,en", "", "", ""},
    {"doctor", "kauniainen-hs", "by_appointment", "", "fi,sv", "", "", ""},
    {"nurse", "kauniainen-hs", "walk_in_daily", "", "fi,sv", "", "", ""},
};

static const struct {
    const char *service, *point, *kind, *nfi, *nsv, *nen, *phone, *url, *hfi, *hsv, *hen, *langs;
} CHANNELS[] = {
    {"family-counselling", "raasepori-family", "phone", "Perheneuvolan ajanvaraus", "Familjerådgivningens tidsbokning",
     "Family counselling appointments", "+358291511210", "", "ma–pe klo 9–11", "mån–fre kl. 9–11", "Mon–Fri 9–11", "fi,sv"},
    {"family-counselling", NULL, "chat", "Perheneuvolan chat", "Familjerådgivningens chatt", "Family counselling chat", "",
     "https://palvelut.kohtaamo.example/chat/perheneuvola", "ma–to klo 12–15", "mån–tors kl. 12–15", "Mon–Thu 12–15",
     "fi,sv"},
    {"dental-care", NULL, "eservice", "Hammashoidon ajanvaraus verkossa", "Tidsbokning till tandvården på nätet",
     "Book a dental appointment online", "", "https://palvelut.kohtaamo.example/ajanvaraus/hammashoito", "", "", "",
     "fi,sv,en"},
    {"mental-health", NULL, "chat", "Mielenterveyschat", "Chatt för psykisk hälsa", "Mental health chat", "",
     "https://palvelut.kohtaamo.example/chat/mielenterveys", "ma–pe klo 9–20", "mån–fre kl. 9–20", "Mon–Fri 9–20", "fi,sv"},
    {"substance-abuse", NULL, "phone", "Päihdepalvelujen neuvonta", "Rådgivning inom missbrukarvården",
     "Substance abuse advice line", "+358291510500", "", "ma–pe klo 8–15", "mån–fre kl. 8–15", "Mon–Fri 8–15", "fi,sv"},
    {"home-care", NULL, "phone", "Kotihoidon asiakasohjaus", "Hemvårdens klienthandledning", "Home care guidance",
     "+358291510600", "", "ma–pe klo 9–12", "mån–fre kl. 9–12", "Mon–Fri 9–12", "fi,sv"},
    {"mental-health", NULL, "phone", "Mielenterveys- ja päihdeneuvonta", "Rådgivning om psykisk hälsa och missbruk",
     "Mental health and substance use advice line", "+358291510700", "", "ma–pe klo 8–16", "mån–fre kl. 8–16",
     "Mon–Fri 8–16", "fi,sv"},
    {"nurse", NULL, "phone", "Terveysneuvonta (hoitaja)", "Hälsorådgivning (sjukskötare)", "Health advice line (nurse)",
     "+358291510800", "", "ma–pe klo 8–16", "mån–fre kl. 8–16", "Mon–Fri 8–16", "fi,sv"},
    {"senior-advice", NULL, "phone", "Seniorineuvonta", "Seniorrådgivning", "Advice for older people", "+358291510900", "",
     "ma–pe klo 9–15", "mån–fre kl. 9–15", "Mon–Fri 9–15", "fi,sv"},
    {"family-counselling", NULL, "phone", "Perheneuvonnan puhelin", "Familjerådgivningens telefon",
     "Family counselling advice line", "+358291511200", "", "ma–to klo 9–15", "mån–tors kl. 9–15", "Mon–Thu 9–15",
     "fi,sv"},
    {"family-counselling", "hanko-hs", "video", "Perheneuvolan videovastaanotto", "Familjerådgivningens videomottagning",
     "Family counselling by video", "", "https://palvelut.kohtaamo.example/video/perheneuvola", "", "", "", "fi,sv"},
};

/* Hours of the service-wide phone lines and chats above (weekdays 1..7, minutes). */
static const struct {
    const char *service, *kind;
    int from_day, to_day, opens, closes;
} CHANNEL_HOURS[] = {
    {"mental-health", "chat", 1, 5, 9 * 60, 20 * 60},   {"mental-health", "phone", 1, 5, 8 * 60, 16 * 60},
    {"nurse", "phone", 1, 5, 8 * 60, 16 * 60},          {"senior-advice", "phone", 1, 5, 9 * 60, 15 * 60},
    {"family-counselling", "chat", 1, 4, 12 * 60, 15 * 60}, {"family-counselling", "phone", 1, 4, 9 * 60, 15 * 60},
    {"substance-abuse", "phone", 1, 5, 8 * 60, 15 * 60}, {"home-care", "phone", 1, 5, 9 * 60, 12 * 60},
};

static int exec(db *d, const char *sql, int n, const db_param *p, char *err, size_t errlen)
{
    if (db_exec(d, sql, n, p) < 0) {
        snprintf(err, errlen, "directory demo: %s", db_error(d));
        return -1;
    }
    return 0;
}

int directory_demo_load(db *d, char *err, size_t errlen)
{
    arena a;
    arena_init(&a);
    db_result res;
    int rc = -1;
    if (db_query(d, &a, &res, "SELECT 1 FROM services WHERE code = 'family-counselling'", 0, NULL) < 0) {
        snprintf(err, errlen, "directory demo: %s", db_error(d));
        goto done;
    }
    if (res.nrows > 0) {
        rc = 0;
        goto done;
    }
    int64_t now = app_now();
    if (db_begin(d) < 0) goto done;
    for (size_t i = 0; i < sizeof CENTRES / sizeof *CENTRES; i++) {
        db_param p[] = {DB_TEXT(CENTRES[i].code), DB_TEXT(CENTRES[i].lat), DB_TEXT(CENTRES[i].lon)};
        if (exec(d, "INSERT INTO municipality_centres(municipality_id, lat, lon) "
                    "SELECT id, CAST($2 AS DOUBLE PRECISION), CAST($3 AS DOUBLE PRECISION) FROM municipalities WHERE code = $1",
                 3, p, err, errlen) < 0)
            goto fail;
    }
    for (size_t i = 0; i < sizeof SERVICES / sizeof *SERVICES; i++) {
        db_param p[] = {DB_TEXT(SERVICES[i].code), DB_TEXT(SERVICES[i].fi), DB_TEXT(SERVICES[i].sv),
                        DB_TEXT(SERVICES[i].en), DB_TEXT(SERVICES[i].sfi), DB_TEXT(SERVICES[i].ssv),
                        DB_TEXT(SERVICES[i].sen), DB_INT(now)};
        if (exec(d, "INSERT INTO services(code, name_fi, name_sv, name_en, summary_fi, summary_sv, summary_en, "
                    "created_at, updated_at) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $8)", 8, p, err, errlen) < 0)
            goto fail;
        const char *kws[3] = {SERVICES[i].kw_fi, SERVICES[i].kw_sv, SERVICES[i].kw_en};
        static const char *const langs[3] = {"fi", "sv", "en"};
        for (int l = 0; l < 3; l++) {
            const char *s = kws[l];
            while (s && *s) {
                const char *bar = strchr(s, '|');
                size_t len = bar ? (size_t)(bar - s) : strlen(s);
                db_param k[] = {DB_TEXT(SERVICES[i].code), DB_TEXT(langs[l]), DB_TEXT(arena_strndup(&a, s, len)),
                                DB_INT(now)};
                if (exec(d, "INSERT INTO service_keywords(service_id, lang, term, kind, created_at) "
                            "SELECT id, $2, $3, 'synonym', $4 FROM services WHERE code = $1", 4, k, err, errlen) < 0)
                    goto fail;
                s = bar ? bar + 1 : NULL;
            }
        }
        db_param st[] = {DB_TEXT(SERVICES[i].code), DB_INT(now)};
        if (exec(d, "INSERT INTO service_standards(service_id, level, languages, updated_at) "
                    "SELECT id, CASE WHEN code IN ('nurse', 'laboratory') THEN 'walk_in_daily' "
                    "WHEN code IN ('home-care', 'senior-advice') THEN 'remote_only' ELSE 'by_appointment' END, "
                    "'fi,sv', $2 FROM services WHERE code = $1", 2, st, err, errlen) < 0)
            goto fail;
    }
    for (size_t i = 0; i < sizeof POINTS / sizeof *POINTS; i++) {
        const demo_point *pt = &POINTS[i];
        db_param p[] = {DB_TEXT(pt->code), DB_TEXT(pt->muni), DB_TEXT(pt->kind), DB_TEXT(pt->fi), DB_TEXT(pt->sv),
                        DB_TEXT(pt->en), DB_TEXT(pt->street_fi), DB_TEXT(pt->street_sv), DB_TEXT(pt->postal),
                        DB_TEXT(pt->po_fi), DB_TEXT(pt->po_sv), DB_TEXT(pt->lat), DB_TEXT(pt->lon), DB_TEXT(pt->dir_fi),
                        DB_TEXT(pt->dir_sv), DB_TEXT(pt->dir_en), DB_TEXT(pt->acc_fi), DB_TEXT(pt->acc_sv),
                        DB_TEXT(pt->acc_en), DB_TEXT(pt->langs), DB_INT(now)};
        if (exec(d, "INSERT INTO service_points(code, municipality_id, kind, name_fi, name_sv, name_en, street_fi, "
                    "street_sv, street_en, postal_code, post_office_fi, post_office_sv, post_office_en, lat, lon, "
                    "directions_fi, directions_sv, directions_en, accessibility_fi, accessibility_sv, accessibility_en, "
                    "step_free, accessible_toilet, languages, created_at, updated_at) "
                    "SELECT $1, id, $3, $4, $5, $6, $7, $8, $7, $9, $10, $11, $10, CAST($12 AS DOUBLE PRECISION), "
                    "CAST($13 AS DOUBLE PRECISION), $14, $15, $16, $17, $18, $19, 1, 1, $20, $21, $21 "
                    "FROM municipalities WHERE code = $2", 21, p, err, errlen) < 0)
            goto fail;
        for (int h = 0; HOURS[pt->hours][h][0]; h++) {
            db_param hp[] = {DB_TEXT(pt->code), DB_INT(HOURS[pt->hours][h][0]), DB_INT(HOURS[pt->hours][h][1]),
                             DB_INT(HOURS[pt->hours][h][2])};
            if (exec(d, "INSERT INTO opening_hours(point_id, weekday, opens_min, closes_min) "
                        "SELECT id, $2, $3, $4 FROM service_points WHERE code = $1", 4, hp, err, errlen) < 0)
                goto fail;
        }
        /* Christmas and New Year 2026-2027 */
        db_param ep[] = {DB_TEXT(pt->code)};
        if (exec(d, "INSERT INTO opening_exceptions(point_id, date_from, date_to, closed, note_fi, note_sv, note_en) "
                    "SELECT id, '2026-12-24', '2026-12-26', 1, 'Joulu', 'Jul', 'Christmas' FROM service_points WHERE code = $1",
                 1, ep, err, errlen) < 0 ||
            exec(d, "INSERT INTO opening_exceptions(point_id, date_from, closed, opens_min, closes_min, note_fi, note_sv, note_en) "
                    "SELECT id, '2026-12-31', 0, 480, 720, 'Uudenvuodenaatto', 'Nyårsafton', 'New Year''s Eve' "
                    "FROM service_points WHERE code = $1", 1, ep, err, errlen) < 0 ||
            exec(d, "INSERT INTO opening_exceptions(point_id, date_from, closed, note_fi, note_sv, note_en) "
                    "SELECT id, '2027-01-01', 1, 'Uudenvuodenpäivä', 'Nyårsdagen', 'New Year''s Day' "
                    "FROM service_points WHERE code = $1", 1, ep, err, errlen) < 0 ||
            exec(d, "INSERT INTO opening_exceptions(point_id, date_from, closed, note_fi, note_sv, note_en) "
                    "SELECT id, '2027-01-06', 1, 'Loppiainen', 'Trettondagen', 'Epiphany' "
                    "FROM service_points WHERE code = $1", 1, ep, err, errlen) < 0)
            goto fail;
        if (*pt->phone) {
            db_param cp[] = {DB_TEXT(pt->code), DB_TEXT(pt->phone), DB_TEXT(pt->langs)};
            if (exec(d, "INSERT INTO service_channels(kind, point_id, name_fi, name_sv, name_en, phone, charge, "
                        "hours_fi, hours_sv, hours_en, languages) "
                        "SELECT 'phone', id, 'Neuvonta ja ajanvaraus', 'Rådgivning och tidsbokning', "
                        "'Advice and appointments', $2, 'local', 'ma–pe klo 8–15', 'mån–fre kl. 8–15', 'Mon–Fri 8–15', $3 "
                        "FROM service_points WHERE code = $1", 3, cp, err, errlen) < 0)
                goto fail;
        }
    }
    for (size_t i = 0; i < sizeof OFFERS / sizeof *OFFERS; i++) {
        db_param p[] = {DB_TEXT(OFFERS[i].service), DB_TEXT(OFFERS[i].point), DB_TEXT(OFFERS[i].level),
                        DB_TEXT(OFFERS[i].weekdays), DB_TEXT(OFFERS[i].langs), DB_TEXT(OFFERS[i].nfi),
                        DB_TEXT(OFFERS[i].nsv), DB_TEXT(OFFERS[i].nen), DB_INT(now - 30 * 86400LL)};
        if (exec(d, "INSERT INTO service_offers(service_id, point_id, level, weekdays, languages, note_fi, note_sv, "
                    "note_en, updated_at) SELECT s.id, p.id, $3, $4, $5, $6, $7, $8, $9 "
                    "FROM services s, service_points p WHERE s.code = $1 AND p.code = $2", 9, p, err, errlen) < 0)
            goto fail;
        db_param hp[] = {DB_TEXT(OFFERS[i].service), DB_TEXT(OFFERS[i].point), DB_TEXT(OFFERS[i].level),
                         DB_TEXT(OFFERS[i].langs), DB_INT(now - 30 * 86400LL)};
        if (exec(d, "INSERT INTO offer_history(service_id, point_id, old_level, new_level, old_languages, new_languages, "
                    "note, changed_at) SELECT s.id, p.id, NULL, $3, NULL, $4, '', $5 "
                    "FROM services s, service_points p WHERE s.code = $1 AND p.code = $2", 5, hp, err, errlen) < 0)
            goto fail;
    }
    for (size_t i = 0; i < sizeof CHANNELS / sizeof *CHANNELS; i++) {
        db_param p[] = {DB_TEXT(CHANNELS[i].service), DB_TEXT(CHANNELS[i].point), DB_TEXT(CHANNELS[i].kind),
                        DB_TEXT(CHANNELS[i].nfi), DB_TEXT(CHANNELS[i].nsv), DB_TEXT(CHANNELS[i].nen),
                        DB_TEXT(CHANNELS[i].phone), DB_TEXT(CHANNELS[i].url), DB_TEXT(CHANNELS[i].hfi),
                        DB_TEXT(CHANNELS[i].hsv), DB_TEXT(CHANNELS[i].hen), DB_TEXT(CHANNELS[i].langs),
                        DB_INT((int64_t)i)};
        if (exec(d, "INSERT INTO service_channels(kind, service_id, point_id, name_fi, name_sv, name_en, phone, url, "
                    "hours_fi, hours_sv, hours_en, languages, sort_order) "
                    "SELECT $3, (SELECT id FROM services WHERE code = $1), "
                    "(SELECT id FROM service_points WHERE code = $2), $4, $5, $6, $7, $8, $9, $10, $11, $12, $13",
                 13, p, err, errlen) < 0)
            goto fail;
    }
    /* Structured hours of the lines and chats, so "open now" holds for them too. */
    for (size_t i = 0; i < sizeof CHANNEL_HOURS / sizeof *CHANNEL_HOURS; i++)
        for (int wd = CHANNEL_HOURS[i].from_day; wd <= CHANNEL_HOURS[i].to_day; wd++) {
            db_param hp[] = {DB_TEXT(CHANNEL_HOURS[i].service), DB_TEXT(CHANNEL_HOURS[i].kind), DB_INT(wd),
                             DB_INT(CHANNEL_HOURS[i].opens), DB_INT(CHANNEL_HOURS[i].closes)};
            if (exec(d, "INSERT INTO opening_hours(channel_id, weekday, opens_min, closes_min) "
                        "SELECT c.id, $3, $4, $5 FROM service_channels c JOIN services s ON s.id = c.service_id "
                        "WHERE s.code = $1 AND c.kind = $2 AND c.point_id IS NULL", 5, hp, err, errlen) < 0)
                goto fail;
        }
    if (db_commit(d) < 0) goto fail_db;
    rc = 1;
    goto done;
fail_db:
    snprintf(err, errlen, "directory demo: %s", db_error(d));
fail:
    db_rollback(d);
done:
    arena_free_all(&a);
    return rc;
}
