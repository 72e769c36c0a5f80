/* Development projects in the open: residents filter and search the list,
 * read a project, its timeline, what's new and the Atom feeds; a
 * coordinator creates, edits, publishes and restores through the forms.
 * Runs on SQLite and on PostgreSQL (KOHTAAMO_TEST_BACKEND). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testsrv.h"
#include "projects/projects.h"

static testsrv srv;
#define STAFF "koordinaattori@kohtaamo.example"
#define PASSWORD "kohtaamo-demo-2026"
#define HEALTH "/projects/terveysasemien-digitaalinen-ajanvaraus"

static int setup(void **state)
{
    (void)state;
    const char *const demo[] = {"demo-data", NULL};
    assert_int_equal(run_cli(&srv, NULL, demo), 0);
    db *d = testsrv_db(&srv);
    char err[512];
    if (projects_demo_load(d, err, sizeof err) != 0) fail_msg("%s", err);
    /* a published question with its answer, and one never published */
    assert_int_equal(db_exec(d, "INSERT INTO feedback(ref_code, project_id, message, public_answer, published, created_at) "
                                "SELECT 'PJ-1', id, 'Voiko ajan varata myös puhelimella?', 'Kyllä, numerosta 09 123.', 1, 1780000000 "
                                "FROM projects WHERE slug = 'terveysasemien-digitaalinen-ajanvaraus'", 0, NULL), 0);
    assert_int_equal(db_exec(d, "INSERT INTO feedback(ref_code, project_id, message, published, created_at) "
                                "SELECT 'PJ-2', id, 'Salainen viesti', 0, 1780000000 "
                                "FROM projects WHERE slug = 'terveysasemien-digitaalinen-ajanvaraus'", 0, NULL), 0);
    db_close(d);
    srv.extra_env[0] = "KOHTAAMO_POST_LIMIT=100000";
    testsrv_start(&srv);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    assert_int_equal(testsrv_stop(&srv), 0);
    return 0;
}

static void get(tclient *c, const char *path, tresp *r) { http_get(c, path, NULL, r); }

/* The number of projects in a list page, which must have been found. */
static int count_items(const tresp *r)
{
    assert_int_equal(r->status, 200);
    int n = 0;
    for (const char *p = r->body.data; (p = strstr(p, "<li class=\"project-item\">")); p++) n++;
    return n;
}

static void filters_combine_and_stay_in_the_form(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    get(&c, "/fi/projects", &r);
    assert_int_equal(r.status, 200);
    assert_int_equal(count_items(&r), 3);   /* top-level only: the pilot is inside its project */
    assert_true(body_has(&r, "Hankkeita löytyi: 3"));
    tresp_free(&r);

    get(&c, "/fi/projects?status=ongoing&theme=health&municipality=257", &r);
    assert_int_equal(r.status, 200);
    assert_int_equal(count_items(&r), 1);
    assert_true(body_has(&r, "Terveysasemien digitaalinen ajanvaraus"));
    assert_true(body_has(&r, "<option value=\"ongoing\" selected>"));
    assert_true(body_has(&r, "<option value=\"health\" selected>"));
    assert_true(body_has(&r, "<option value=\"257\" selected>"));
    tresp_free(&r);

    /* Raasepori: its own project and the county-wide one, not Kirkkonummi's */
    get(&c, "/sv/projects?municipality=710", &r);
    assert_int_equal(count_items(&r), 2);
    assert_true(body_has(&r, "Distansbesök i hemvården för äldre"));
    assert_true(body_has(&r, "Lågtröskeltjänster för ungas psykiska hälsa"));
    assert_false(body_has(&r, "Digital tidsbokning vid hälsostationerna"));
    tresp_free(&r);

    get(&c, "/fi/projects?status=completed", &r);
    assert_int_equal(count_items(&r), 0);
    assert_true(body_has(&r, "Valintojasi vastaavia hankkeita ei löytynyt."));
    tresp_free(&r);

    /* a value not on the list: 400, the error beside the field, the rest kept */
    get(&c, "/fi/projects?status=secret&theme=health", &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "id=\"f-status-error\""));
    assert_true(body_has(&r, "Valitse tila listalta."));
    assert_true(body_has(&r, "<option value=\"health\" selected>"));
    tresp_free(&r);
    get(&c, "/fi/projects?page=0", &r);
    assert_int_equal(r.status, 400);
    tresp_free(&r);
    tclient_free(&c);
}

static void search_finds_parts_of_compound_words(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    /* "terveys" starts "Terveysasemien" and sits inside "mielenterveyspalvelut" */
    get(&c, "/fi/projects?q=terveys", &r);
    assert_int_equal(r.status, 200);
    assert_int_equal(count_items(&r), 2);
    assert_true(body_has(&r, "<mark>Terveys</mark>asemien"));
    assert_true(body_has(&r, "mielen<mark>terveys</mark>palvelut"));
    assert_false(body_has(&r, "Ikääntyneiden kotihoidon etäkäynnit"));
    tresp_free(&r);
    get(&c, "/fi/projects?q=terveysase", &r);
    assert_int_equal(count_items(&r), 1);
    assert_true(body_has(&r, "Terveysasemien digitaalinen ajanvaraus"));
    tresp_free(&r);
    /* Swedish: "hälso" is part of "hälsostationerna" */
    get(&c, "/sv/projects?q=h%C3%A4lso", &r);
    assert_int_equal(count_items(&r), 1);
    assert_true(body_has(&r, "<mark>hälso</mark>stationerna"));
    tresp_free(&r);
    /* upper case finds lower case, also with Finnish letters */
    get(&c, "/fi/projects?q=ET%C3%84K%C3%84YNNIT+HANGOSSA", &r);
    assert_int_equal(count_items(&r), 1);   /* the update "Etäkäynnit alkavat Hangossa" */
    assert_true(body_has(&r, "Ikääntyneiden kotihoidon etäkäynnit"));
    tresp_free(&r);
    /* text that is only in an update */
    get(&c, "/fi/projects?q=mobiilisovellu", &r);
    assert_int_equal(count_items(&r), 1);
    assert_true(body_has(&r, "Terveysasemien digitaalinen ajanvaraus"));
    tresp_free(&r);
    /* search and filter together */
    get(&c, "/fi/projects?q=terveys&status=planned", &r);
    assert_int_equal(count_items(&r), 1);
    assert_true(body_has(&r, "Nuorten matalan kynnyksen mielenterveyspalvelut"));
    tresp_free(&r);
    get(&c, "/fi/projects?q=terveys&status=paused", &r);
    assert_int_equal(count_items(&r), 0);
    tresp_free(&r);
    /* too short: 400 with the error beside the field and the word kept */
    get(&c, "/fi/projects?q=ab", &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "id=\"f-q-error\""));
    assert_true(body_has(&r, "value=\"ab\""));
    tresp_free(&r);
    /* markup and query syntax are only text */
    get(&c, "/fi/projects?q=%3Cscript%3E%22%25_%27+OR+NEAR(", &r);
    assert_int_equal(r.status, 200);
    assert_false(body_has(&r, "<script>"));
    assert_true(body_has(&r, "value=\"&lt;script&gt;&quot;%_&#39; OR NEAR(\"") ||
                body_has(&r, "value=\"&lt;script&gt;&quot;%_&#x27; OR NEAR(\"") ||
                body_has(&r, "&lt;script&gt;"));
    assert_int_equal(count_items(&r), 0);
    tresp_free(&r);
    tclient_free(&c);
}

static void project_page_shows_everything_a_resident_needs(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    get(&c, "/fi" HEALTH, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "<h1>Terveysasemien digitaalinen ajanvaraus</h1>"));
    assert_true(body_has(&r, "Kartoitus") || body_has(&r, "Nykytilan kartoitus valmis"));
    assert_true(body_has(&r, "value=\"40\""));                 /* 2 of 5 milestones done */
    assert_true(body_has(&r, "2/5 välitavoitetta saavutettu (40 %)"));
    assert_true(body_has(&r, "Terveysneuvonnan chat-palvelun pilotti"));
    assert_true(body_has(&r, "laura.lindholm (at) lansiuusimaa.example"));
    assert_false(body_has(&r, "laura.lindholm@"));
    assert_false(body_has(&r, "mailto:"));
    assert_true(body_has(&r, "<strong>kiireettömät ajat</strong>"));
    assert_true(body_has(&r, "Voiko ajan varata myös puhelimella?"));
    assert_true(body_has(&r, "Kyllä, numerosta 09 123."));
    assert_false(body_has(&r, "Salainen viesti"));
    assert_true(body_has(&r, "/feeds/projects/terveysasemien-digitaalinen-ajanvaraus.atom?lang=fi"));
    tresp_free(&r);
    /* English is missing for the pilot: Finnish with a note, marked lang="fi" */
    get(&c, "/en/projects/chat-palvelun-pilotti", &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "<h1 lang=\"fi\">Terveysneuvonnan chat-palvelun pilotti</h1>"));
    assert_true(body_has(&r, "This text is not yet available in your language; it is shown in Finnish."));
    assert_true(body_has(&r, "Part of <a href=\"/en" HEALTH "\">"));
    tresp_free(&r);
    get(&c, "/sv/projects/chat-palvelun-pilotti", &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "<h1>Pilot med chattjänst för hälsorådgivning</h1>"));
    assert_false(body_has(&r, "class=\"notice\""));
    tresp_free(&r);
    static const char *const missing[] = {"/fi/projects/ei-ole", "/fi/projects/ei-ole/timeline",
                                          "/feeds/projects/ei-ole.atom", "/feeds/projects/x.rss"};
    for (size_t i = 0; i < sizeof missing / sizeof *missing; i++) {
        get(&c, missing[i], &r);
        assert_int_equal(r.status, 404);
        tresp_free(&r);
    }
    tclient_free(&c);
}

static void timeline_is_an_accessible_svg_with_a_list(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    get(&c, "/sv" HEALTH "/timeline", &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "<svg role=\"img\" aria-labelledby=\"tl-title tl-desc\""));
    assert_true(body_has(&r, "<title id=\"tl-title\">Tidslinje över delmålen</title>"));
    assert_true(body_has(&r, "<desc id=\"tl-desc\">En tidsaxel med 5 delmål."));
    assert_true(body_has(&r, "Kartläggning av nuläget klar</text>"));
    assert_true(body_has(&r, "Kartläggning av nuläget klar</span> (Klart)</li>"));
    int circles = 0;
    for (const char *p = r.body.data; (p = strstr(p, "<circle ")); p++) circles++;
    assert_int_equal(circles, 5);
    tresp_free(&r);
    tclient_free(&c);
}

static void whats_new_and_atom_feeds(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    get(&c, "/sv/whats-new", &r);
    assert_int_equal(r.status, 200);
    /* newest first: the app testers (5 days ago) before Hanko (12 days ago) */
    const char *a = strstr(r.body.data, "Testare söks för mobilappen"), *b = strstr(r.body.data, "Distansbesöken börjar i Hangö");
    assert_non_null(a);
    assert_non_null(b);
    assert_true(a < b);
    tresp_free(&r);
    get(&c, "/feeds/updates.atom?lang=sv", &r);
    assert_int_equal(r.status, 200);
    char *ct = tresp_header(&r, "Content-Type");
    assert_non_null(ct);
    assert_non_null(strstr(ct, "application/atom+xml"));
    free(ct);
    assert_true(body_has(&r, "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"sv\">"));
    assert_true(body_has(&r, "<title>Testare söks för mobilappen</title>"));
    assert_true(body_has(&r, "<updated>"));
    assert_true(body_has(&r, "&lt;strong&gt;bokas på nätet&lt;/strong&gt;"));   /* HTML content, escaped */
    tresp_free(&r);
    get(&c, "/feeds/projects/kotihoidon-etakaynnit.atom", &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "<title>Etäkäynnit alkavat Hangossa</title>"));
    assert_false(body_has(&r, "mobiilisovellusta"));
    tresp_free(&r);
    get(&c, "/feeds/updates.atom?lang=de", &r);
    assert_int_equal(r.status, 400);
    tresp_free(&r);
    tclient_free(&c);
}

static void staff_pages_need_a_staff_account(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    get(&c, "/fi/staff/projects", &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    login_as(&c, "fi", "asukas@kohtaamo.example", PASSWORD);
    get(&c, "/fi/staff/projects/new", &r);
    assert_int_equal(r.status, 403);
    tresp_free(&r);
    char *tok = fetch_csrf(&c, "/fi/projects");
    const char *pairs[] = {"csrf", tok, "title_fi", "Murto", "status", "planned", NULL};
    http_post_form(&c, "/fi/staff/projects/new", pairs, &r);
    assert_int_equal(r.status, 403);
    tresp_free(&r);
    free(tok);
    tclient_free(&c);
}

/* The path of a Location header without the query and fragment. */
static char *location_path(const tresp *r)
{
    char *loc = tresp_header(r, "Location");
    assert_non_null(loc);
    loc[strcspn(loc, "?#")] = '\0';
    return loc;
}

static void coordinator_creates_edits_publishes_and_restores(void **state)
{
    (void)state;
    tclient c, anon;
    tclient_init(&c, &srv);
    tclient_init(&anon, &srv);
    login_as(&c, "fi", STAFF, PASSWORD);
    char *tok = fetch_csrf(&c, "/fi/staff/projects/new");
    tresp r;
    /* missing title and a bad date: 400, errors beside the fields, input kept */
    const char *bad[] = {"csrf", tok, "title_fi", "", "title_sv", "Bara svenska", "start_date", "2026-02-30",
                         "status", "planned", "theme", "health", NULL};
    http_post_form(&c, "/fi/staff/projects/new", bad, &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "id=\"f-title_fi-error\""));
    assert_true(body_has(&r, "id=\"f-start_date-error\""));
    assert_true(body_has(&r, "value=\"Bara svenska\""));
    assert_true(body_has(&r, "value=\"2026-02-30\""));
    assert_true(body_has(&r, "value=\"health\" checked"));
    tresp_free(&r);
    /* preview renders Markdown and saves nothing */
    const char *pv[] = {"csrf", tok, "title_fi", "Kotiutustiimin kokeilu", "body_fi", "**Tärkeä** muutos",
                        "status", "planned", "action", "preview", NULL};
    http_post_form(&c, "/fi/staff/projects/new", pv, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "<strong>Tärkeä</strong> muutos"));
    tresp_free(&r);
    get(&c, "/fi/staff/projects", &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Terveysneuvonnan chat-palvelun pilotti"));
    assert_false(body_has(&r, "Kotiutustiimin kokeilu"));
    tresp_free(&r);
    /* save as a draft */
    const char *ok[] = {"csrf", tok, "title_fi", "Kotiutustiimin kokeilu", "title_sv", "Försök med hemflyttningsteam",
                        "summary_fi", "Sairaalasta kotiutuva saa tukea ensimmäisinä päivinä.", "body_fi",
                        "Tiimi käy kotona kolmen päivän ajan.", "status", "planned", "start_date", "2026-01-01",
                        "end_date", "2027-12-31", "theme", "elderly", "municipality", "444", "action", "save", NULL};
    http_post_form(&c, "/fi/staff/projects/new", ok, &r);
    assert_int_equal(r.status, 303);
    char *edit = location_path(&r);
    tresp_free(&r);
    char base[128];
    snprintf(base, sizeof base, "%.*s", (int)(strlen(edit) - strlen("/edit")), edit);
    get(&c, edit, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Luonnos, ei julkinen"));
    tresp_free(&r);
    get(&anon, "/fi/projects/kotiutustiimin-kokeilu", &r);
    assert_int_equal(r.status, 404);                        /* a draft is not public */
    tresp_free(&r);
    /* milestones: a bad date is refused, two good ones are added */
    char path[512];
    snprintf(path, sizeof path, "%s/milestones", base);
    const char *m0[] = {"csrf", tok, "ms_title_fi", "Aloitus", "ms_due_date", "1.2.2026", "ms_status", "done", NULL};
    http_post_form(&c, path, m0, &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "id=\"f-ms_due_date-error\""));
    assert_true(body_has(&r, "value=\"Aloitus\""));
    tresp_free(&r);
    const char *m1[] = {"csrf", tok, "ms_title_fi", "Tiimi aloittaa", "ms_title_sv", "Teamet börjar", "ms_due_date",
                        "2026-02-01", "ms_status", "done", NULL};
    http_post_form(&c, path, m1, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    const char *m2[] = {"csrf", tok, "ms_title_fi", "Arviointi", "ms_due_date", "2027-06-01", "ms_status", "planned", NULL};
    http_post_form(&c, path, m2, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    /* a contact with a bad address is refused, then a good one */
    snprintf(path, sizeof path, "%s/contacts", base);
    const char *c0[] = {"csrf", tok, "ct_name", "Pia Niemi", "ct_email", "pia at example", NULL};
    http_post_form(&c, path, c0, &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "id=\"f-ct_email-error\""));
    tresp_free(&r);
    const char *c1[] = {"csrf", tok, "ct_name", "Pia Niemi", "ct_organisation", "Lohjan sairaala", "ct_email",
                        "pia.niemi@example.fi", NULL};
    http_post_form(&c, path, c1, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    snprintf(path, sizeof path, "%s/links", base);
    const char *l0[] = {"csrf", tok, "ln_url", "javascript:alert(1)", "ln_label_fi", "Linkki", NULL};
    http_post_form(&c, path, l0, &r);
    assert_int_equal(r.status, 400);
    tresp_free(&r);
    /* a work package under the project */
    const char *pid = strrchr(base, '/') + 1;
    const char *wp[] = {"csrf", tok, "parent", pid, "kind", "work_package", "title_fi", "Kotiutuksen tarkistuslista",
                        "status", "ongoing", NULL};
    http_post_form(&c, "/fi/staff/projects/new", wp, &r);
    assert_int_equal(r.status, 303);
    char *wp_edit = location_path(&r);
    tresp_free(&r);
    char wp_publish[160];
    snprintf(wp_publish, sizeof wp_publish, "%.*s/publish", (int)(strlen(wp_edit) - strlen("/edit")), wp_edit);
    http_post_form(&c, wp_publish, (const char *[]){"csrf", tok, NULL}, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    /* publish: now a resident sees it, finds it and its work package */
    snprintf(path, sizeof path, "%s/publish", base);
    http_post_form(&c, path, (const char *[]){"csrf", tok, NULL}, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    get(&anon, "/fi/projects/kotiutustiimin-kokeilu", &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Kotiutuksen tarkistuslista"));
    assert_true(body_has(&r, "1/2 välitavoitetta saavutettu (50 %)"));
    assert_true(body_has(&r, "pia.niemi (at) example.fi"));
    tresp_free(&r);
    get(&anon, "/sv/projects?q=hemflyttning&municipality=444&theme=elderly", &r);
    assert_int_equal(count_items(&r), 1);
    tresp_free(&r);
    get(&anon, "/fi/projects?q=tarkistuslist", &r);   /* found through its work package */
    assert_true(body_has(&r, "Kotiutustiimin kokeilu"));
    tresp_free(&r);
    /* an update: a draft stays hidden, the published one shows everywhere */
    snprintf(path, sizeof path, "%s/updates/new", base);
    const char *u1[] = {"csrf", tok, "title_fi", "Ensimmäiset <b>kotiutukset</b> & kokemukset", "body_fi",
                        "Kymmenen asiakasta kotiutui.", "action", "save", NULL};
    http_post_form(&c, path, u1, &r);
    assert_int_equal(r.status, 303);
    char *upd = location_path(&r);
    tresp_free(&r);
    get(&anon, "/fi/whats-new", &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Testaajia haetaan mobiilisovellukselle"));   /* the demo's published update */
    assert_false(body_has(&r, "kotiutukset"));
    tresp_free(&r);
    char upub[200];
    snprintf(upub, sizeof upub, "%.*s/publish", (int)(strlen(upd) - strlen("/edit")), upd);
    http_post_form(&c, upub, (const char *[]){"csrf", tok, NULL}, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    get(&anon, "/fi/whats-new", &r);
    assert_true(body_has(&r, "Ensimmäiset &lt;b&gt;kotiutukset&lt;/b&gt; &amp; kokemukset"));
    tresp_free(&r);
    get(&anon, "/feeds/projects/kotiutustiimin-kokeilu.atom", &r);
    assert_true(body_has(&r, "<title>Ensimmäiset &lt;b&gt;kotiutukset&lt;/b&gt; &amp; kokemukset</title>"));
    tresp_free(&r);
    get(&anon, "/fi/projects?q=kotiutui", &r);                /* update text is searchable */
    assert_true(body_has(&r, "Kotiutustiimin kokeilu"));
    tresp_free(&r);
    /* edit the title, then restore the first revision */
    const char *ed[] = {"csrf", tok, "title_fi", "Uusi nimi hankkeelle", "status", "ongoing", "action", "save", NULL};
    http_post_form(&c, edit, ed, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    get(&anon, "/fi/projects/kotiutustiimin-kokeilu", &r);
    assert_true(body_has(&r, "<h1>Uusi nimi hankkeelle</h1>"));
    tresp_free(&r);
    snprintf(path, sizeof path, "%s/revisions", base);
    get(&c, path, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Hanke luotu"));
    assert_true(body_has(&r, "Välitavoite lisätty"));
    assert_true(body_has(&r, "Mikko Virtanen"));
    /* the oldest revision is the last row: "created" */
    const char *last = NULL;
    for (const char *p = r.body.data; (p = strstr(p, "/revisions/")); p++) last = p;
    assert_non_null(last);
    char restore[200];
    snprintf(restore, sizeof restore, "%.*s", (int)strcspn(last, "\""), last);
    assert_non_null(strstr(restore, "/restore"));
    tresp_free(&r);
    snprintf(path, sizeof path, "%s%s", base, restore);
    http_post_form(&c, path, (const char *[]){"csrf", tok, NULL}, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    get(&anon, "/fi/projects/kotiutustiimin-kokeilu", &r);
    assert_int_equal(r.status, 200);                          /* still published */
    assert_true(body_has(&r, "<h1>Kotiutustiimin kokeilu</h1>"));
    assert_false(body_has(&r, "Tiimi aloittaa"));             /* milestones as they were at creation */
    tresp_free(&r);
    /* unpublish hides it, also from search and feeds */
    snprintf(path, sizeof path, "%s/unpublish", base);
    http_post_form(&c, path, (const char *[]){"csrf", tok, NULL}, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    get(&anon, "/fi/projects/kotiutustiimin-kokeilu", &r);
    assert_int_equal(r.status, 404);
    tresp_free(&r);
    get(&anon, "/fi/projects?q=kotiutui", &r);
    assert_int_equal(count_items(&r), 0);
    tresp_free(&r);
    get(&anon, "/fi/whats-new", &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Testaajia haetaan mobiilisovellukselle"));   /* the demo's published update */
    assert_false(body_has(&r, "kotiutukset"));
    tresp_free(&r);
    free(upd);
    free(wp_edit);
    free(edit);
    free(tok);
    tclient_free(&anon);
    tclient_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(filters_combine_and_stay_in_the_form),
        cmocka_unit_test(search_finds_parts_of_compound_words),
        cmocka_unit_test(project_page_shows_everything_a_resident_needs),
        cmocka_unit_test(timeline_is_an_accessible_svg_with_a_list),
        cmocka_unit_test(whats_new_and_atom_feeds),
        cmocka_unit_test(staff_pages_need_a_staff_account),
        cmocka_unit_test(coordinator_creates_edits_publishes_and_restores),
    };
    return cmocka_run_group_tests_name("projects", tests, setup, teardown);
}
