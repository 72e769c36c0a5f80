/* Pure rules of consultations and notifications: when a draft is open, the
 * days shown for its period, and a notification's text in the reader's
 * language from its kind and title. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>
#include "consultations/internal.h"
#include "participation/notifications.h"
#include "projects/logic.h"
#include "view/i18n.h"

static int64_t day(const char *iso) { return (int64_t)proj_date_days(iso) * 86400; }

static void open_from_the_first_second_until_the_last(void **state)
{
    (void)state;
    int64_t opens = day("2027-01-15"), closes = day("2027-01-31") + 86400;
    assert_int_equal(draft_state_at(opens, closes, opens - 1), DRAFT_UPCOMING);
    assert_int_equal(draft_state_at(opens, closes, opens), DRAFT_OPEN);
    assert_int_equal(draft_state_at(opens, closes, closes - 1), DRAFT_OPEN);
    assert_int_equal(draft_state_at(opens, closes, closes), DRAFT_CLOSED);
}

static void the_period_is_shown_as_whole_days(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    int64_t opens = day("2027-01-15"), closes = day("2027-01-31") + 86400;
    assert_string_equal(draft_open_date(&a, opens, false), "15.1.2027");
    assert_string_equal(draft_open_date(&a, opens, true), "2027-01-15");
    /* the consultation is open all of its last day, and that day is shown */
    assert_string_equal(draft_close_date(&a, closes, false), "31.1.2027");
    assert_string_equal(draft_close_date(&a, closes, true), "2027-01-31");
    arena_free_all(&a);
}

static void notification_text_in_the_readers_language(void **state)
{
    (void)state;
    char err[256];
    if (i18n_load("po", err, sizeof err) != 0) fail_msg("%s", err);
    arena a;
    arena_init(&a);
    assert_string_equal(notification_text(&a, "fi", "summary", "Palvelustrategia"),
                        "Yhteenveto julkaistu: Palvelustrategia");
    assert_string_equal(notification_text(&a, "sv", "answer", "Fler bänkar"), "Nytt officiellt svar: ”Fler bänkar”");
    assert_string_equal(notification_text(&a, "en", "reply", "Chat"), "New reply to your comment on “Chat”");
    assert_string_equal(notification_text(&a, "fi", "event", "Työpaja"), "Tapahtuma: Työpaja");
    assert_string_equal(notification_text(&a, "sv", "invitation", "Äldrerådet"), "Inbjudan till gruppen: Äldrerådet");
    /* a kind this version does not know still says something sensible */
    assert_string_equal(notification_text(&a, "fi", "poll", "Kysely"), "Päivitys: Kysely");
    /* the title is text, not a template */
    assert_string_equal(notification_text(&a, "fi", "comment", "{title} %s"), "Uusi kommentti: ”{title} %s”");
    arena_free_all(&a);
    i18n_unload();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(open_from_the_first_second_until_the_last),
        cmocka_unit_test(the_period_is_shown_as_whole_days),
        cmocka_unit_test(notification_text_in_the_readers_language),
    };
    return cmocka_run_group_tests_name("consultations_logic", tests, NULL, NULL);
}
