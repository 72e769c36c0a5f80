/* The iCalendar writer (RFC 5545): TEXT escaping, folding at exactly 75
 * octets without splitting UTF-8 sequences, CRLF, UTC times and one VEVENT. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "events/events.h"
#include "http/form.h"

static char *escaped(const char *s)
{
    buf b = BUF_INIT;
    ical_escape(&b, s);
    return b.data ? buf_detach(&b, NULL) : strdup("");
}

static void text_is_escaped(void **state)
{
    (void)state;
    char *e = escaped("a\\b;c,d\ne\r\nf:g\"h");
    assert_string_equal(e, "a\\\\b\\;c\\,d\\ne\\nf:g\"h");
    free(e);
    e = escaped("Äiti, isä; lapset\\");
    assert_string_equal(e, "Äiti\\, isä\\; lapset\\\\");
    free(e);
    /* control characters other than tab are dropped */
    e = escaped("a\x01" "b\tc");
    assert_string_equal(e, "ab\tc");
    free(e);
}

/* Splits on CRLF; checks each physical line. Returns the count. */
static int check_lines(const char *s, size_t len, size_t *longest)
{
    int n = 0;
    *longest = 0;
    const char *p = s, *end = s + len;
    while (p < end) {
        const char *eol = strstr(p, "\r\n");
        assert_non_null(eol);
        size_t l = (size_t)(eol - p);
        assert_true(l <= 75);
        if (l > *longest) *longest = l;
        assert_true(utf8_valid(p, l));            /* never cut inside a character */
        if (n > 0) assert_int_equal(p[0], ' ');   /* continuation lines */
        p = eol + 2;
        n++;
    }
    return n;
}

static char *unfold(const char *s)
{
    buf b = BUF_INIT;
    for (const char *p = s; *p; p++) {
        if (p[0] == '\r' && p[1] == '\n' && p[2] == ' ') {
            p += 2;
            continue;
        }
        if (p[0] == '\r' && p[1] == '\n') break;
        buf_putc(&b, *p);
    }
    return buf_detach(&b, NULL);
}

static void short_lines_are_not_folded(void **state)
{
    (void)state;
    buf b = BUF_INIT;
    ical_line(&b, "VERSION", "2.0");
    assert_string_equal(b.data, "VERSION:2.0\r\n");
    buf_free(&b);
    /* exactly 75 octets: one line */
    char v[80];
    memset(v, 'x', 67);
    v[67] = '\0';
    ical_line(&b, "SUMMARY", v);   /* 8 + 67 = 75 */
    assert_int_equal(b.len, 77);
    assert_null(strstr(b.data, "\r\n "));
    buf_free(&b);
    /* 76 octets: folded after 75, the rest on a continuation line */
    memset(v, 'x', 68);
    v[68] = '\0';
    ical_line(&b, "SUMMARY", v);
    assert_int_equal(b.len, 75 + 2 + 1 + 1 + 2);
    assert_memory_equal(b.data + 75, "\r\n x\r\n", 6);
    buf_free(&b);
}

static void folding_keeps_multibyte_characters_whole(void **state)
{
    (void)state;
    /* "SUMMARY:" is 8 octets; then 'ä' (2 octets) repeated: 8 + 2*33 = 74, so the
     * 34th 'ä' would straddle octet 75 and must move to the next line */
    buf text = BUF_INIT;
    for (int i = 0; i < 100; i++) buf_puts(&text, "ä");
    buf_puts(&text, "€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€");   /* 3 octets each */
    buf b = BUF_INIT;
    ical_text(&b, "SUMMARY", text.data);
    size_t longest;
    int n = check_lines(b.data, b.len, &longest);
    assert_true(n >= 4);
    /* the first line stops at 74 octets: 75 would split an ä */
    assert_int_equal(strstr(b.data, "\r\n") - b.data, 74);
    char *u = unfold(b.data);
    assert_string_equal(u + 8, text.data);
    free(u);
    buf_free(&b);

    /* mixed one-, two-, three- and four-octet characters in every position */
    for (int shift = 0; shift < 8; shift++) {
        buf t = BUF_INIT;
        for (int i = 0; i < shift; i++) buf_putc(&t, 'a');
        for (int i = 0; i < 30; i++) buf_puts(&t, "aå€😀");
        ical_text(&b, "DESCRIPTION", t.data);
        check_lines(b.data, b.len, &longest);
        assert_true(longest >= 72);   /* lines are filled, not cut early */
        u = unfold(b.data);
        assert_string_equal(u + strlen("DESCRIPTION:"), t.data);
        free(u);
        buf_free(&b);
        buf_free(&t);
    }
    buf_free(&text);
}

static void utc_times(void **state)
{
    (void)state;
    char t[17];
    ical_utc(0, t);
    assert_string_equal(t, "19700101T000000Z");
    ical_utc(1930921200, t);
    assert_string_equal(t, "20310310T150000Z");
    ical_utc(1798761599, t);
    assert_string_equal(t, "20261231T235959Z");
}

static void one_event_in_a_calendar(void **state)
{
    (void)state;
    buf b = BUF_INIT;
    ical_begin(&b);
    ical_event ev = {.id = 42, .starts_at = 1930921200, .ends_at = 1930926600, .stamp = 1930000000,
                     .host = "kohtaamo.example", .summary = "Työpaja, osa 1; lapset", .description = "Rivi 1\nRivi 2",
                     .location = "Rantakatu 12, Tammisaari", .url = "https://kohtaamo.example/fi/events/42"};
    ical_vevent(&b, &ev);
    ical_end(&b);
    const char *want =
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Kohtaamo//Events//FI\r\nCALSCALE:GREGORIAN\r\n"
        "METHOD:PUBLISH\r\nBEGIN:VEVENT\r\nUID:event-42@kohtaamo.example\r\nDTSTAMP:20310227T230640Z\r\n"
        "DTSTART:20310310T150000Z\r\nDTEND:20310310T163000Z\r\nSUMMARY:Työpaja\\, osa 1\\; lapset\r\n"
        "DESCRIPTION:Rivi 1\\nRivi 2\r\nLOCATION:Rantakatu 12\\, Tammisaari\r\n"
        "URL:https://kohtaamo.example/fi/events/42\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    assert_string_equal(b.data, want);
    buf_free(&b);
    /* empty optional fields are left out */
    ical_event bare = {.id = 7, .starts_at = 0, .ends_at = 60, .stamp = 0, .host = "", .summary = "X"};
    ical_vevent(&b, &bare);
    assert_non_null(strstr(b.data, "UID:event-7@kohtaamo\r\n"));
    assert_null(strstr(b.data, "DESCRIPTION"));
    assert_null(strstr(b.data, "LOCATION"));
    assert_null(strstr(b.data, "URL"));
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(text_is_escaped),
        cmocka_unit_test(short_lines_are_not_folded),
        cmocka_unit_test(folding_keeps_multibyte_characters_whole),
        cmocka_unit_test(utc_times),
        cmocka_unit_test(one_event_in_a_calendar),
    };
    return cmocka_run_group_tests_name("events_ical", tests, NULL, NULL);
}
