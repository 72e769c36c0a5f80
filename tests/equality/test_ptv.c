/* The PTV parser: names per language, addresses, hours, and every reason a
 * record is rejected. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/buf.h"
#include "equality/ptv.h"

static ptv_doc parse(arena *a, const char *json)
{
    ptv_doc d;
    ptv_parse(a, json, strlen(json), &d);
    return d;
}

static void times_and_days(void **state)
{
    (void)state;
    assert_int_equal(ptv_parse_time("08:00"), 480);
    assert_int_equal(ptv_parse_time("16:30:00"), 990);
    assert_int_equal(ptv_parse_time("24:00"), 1440);
    assert_int_equal(ptv_parse_time("24:30"), -1);
    assert_int_equal(ptv_parse_time("8"), -1);
    assert_int_equal(ptv_parse_time("12:60"), -1);
    assert_int_equal(ptv_parse_time(NULL), -1);
    assert_int_equal(ptv_weekday("Monday"), 1);
    assert_int_equal(ptv_weekday("Sunday"), 7);
    assert_int_equal(ptv_weekday("monday"), 0);
}

static void overlap(void **state)
{
    (void)state;
    ptv_hours mon = {1, 480, 960, NULL, NULL}, mon_late = {1, 900, 1080, NULL, NULL};
    ptv_hours mon_after = {1, 960, 1080, NULL, NULL}, sun_night = {7, 1200, 480, NULL, NULL};
    ptv_hours mon_early = {1, 360, 420, NULL, NULL}, tue = {2, 480, 960, NULL, NULL};
    assert_true(ptv_hours_overlap(&mon, &mon_late));
    assert_false(ptv_hours_overlap(&mon, &mon_after));    /* touching is fine */
    assert_false(ptv_hours_overlap(&mon, &tue));
    assert_true(ptv_hours_overlap(&sun_night, &mon_early)); /* Sunday night runs into Monday */
    assert_false(ptv_hours_overlap(&sun_night, &mon));
}

static void good_document(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    ptv_doc d = parse(&a,
        "{\"itemList\": ["
        " {\"id\": \"s-1\", \"serviceNames\": [{\"language\": \"fi\", \"value\": \"Neuvola\", \"type\": \"Name\"},"
        "   {\"language\": \"fi\", \"value\": \"Lastenneuvola\", \"type\": \"AlternativeName\"},"
        "   {\"language\": \"sv\", \"value\": \"Rådgivning\", \"type\": \"Name\"}],"
        "  \"serviceDescriptions\": [{\"language\": \"fi\", \"value\": \"Lyhyesti\", \"type\": \"Summary\"},"
        "   {\"language\": \"fi\", \"value\": \"Pitkästi\", \"type\": \"Description\"}]},"
        " {\"id\": \"c-1\", \"serviceChannelType\": \"ServiceLocation\","
        "  \"serviceChannelNames\": [{\"language\": \"fi\", \"value\": \"Hangon terveysasema\", \"type\": \"Name\"}],"
        "  \"addresses\": [{\"type\": \"Postal\", \"streetAddress\": {\"municipality\": {\"code\": \"091\"}}},"
        "   {\"type\": \"Location\", \"streetAddress\": {\"street\": [{\"language\": \"sv\", \"value\": \"Esplanaden\"}],"
        "    \"streetNumber\": \"5\", \"postalCode\": \"10900\", \"municipality\": {\"code\": \"078\"}}}],"
        "  \"serviceHours\": [{\"serviceHourType\": \"DaysOfTheWeek\", \"validFrom\": \"2026-06-01T00:00:00\","
        "   \"validTo\": \"2026-08-31T00:00:00\", \"openingHour\": [{\"dayFrom\": \"Monday\", \"dayTo\": \"Wednesday\","
        "   \"from\": \"09:00\", \"to\": \"15:00\"}, {\"dayFrom\": \"Friday\", \"from\": \"22:00\", \"to\": \"06:00\"}]},"
        "   {\"serviceHourType\": \"DaysOfTheWeek\", \"openingHour\": [{\"dayFrom\": \"Monday\", \"from\": \"08:00\", \"to\": \"16:00\"}]},"
        "   {\"serviceHourType\": \"Exceptional\", \"validFrom\": \"2026-12-24\", \"validTo\": \"2026-12-26\", \"isClosed\": true}]},"
        " {\"id\": \"c-2\", \"serviceChannelType\": \"Phone\"}]}");
    assert_false(d.malformed);
    assert_int_equal(d.nrejects, 0);
    assert_int_equal(d.nservices, 1);
    assert_string_equal(d.services[0].name[0], "Neuvola");
    assert_string_equal(d.services[0].name[1], "Rådgivning");
    assert_string_equal(d.services[0].name[2], "");
    assert_string_equal(d.services[0].summary[0], "Lyhyesti");
    assert_string_equal(d.services[0].description[0], "Pitkästi");
    assert_int_equal(d.nchannels, 1);
    assert_int_equal(d.skipped, 1);
    const ptv_channel *c = &d.channels[0];
    assert_string_equal(c->municipality, "078");   /* the Location address, not the postal one */
    assert_string_equal(c->street[1], "Esplanaden 5");
    assert_string_equal(c->postal_code, "10900");
    assert_int_equal(c->nhours, 5);   /* Mon-Wed and Fri in summer, Mon all year */
    assert_string_equal(c->hours[0].valid_from, "2026-06-01");
    assert_int_equal(c->hours[3].weekday, 5);
    assert_int_equal(c->hours[3].closes, 360);
    assert_null(c->hours[4].valid_from);
    assert_int_equal(c->nexceptions, 1);
    assert_true(c->exceptions[0].closed);
    assert_string_equal(c->exceptions[0].date_to, "2026-12-26");
    arena_free_all(&a);
}

static void rejections(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    ptv_doc d = parse(&a,
        "{\"services\": [{\"id\": \"s-1\", \"serviceNames\": [{\"language\": \"fi\", \"value\": \"A\"}]},"
        "  {\"id\": \"s-1\", \"serviceNames\": [{\"language\": \"fi\", \"value\": \"B\"}]},"
        "  {\"serviceNames\": [{\"language\": \"fi\", \"value\": \"C\"}]},"
        "  {\"id\": \"s-4\", \"serviceNames\": [{\"language\": \"en\", \"value\": \"D\"}]}, 7],"
        " \"serviceChannels\": ["
        "  {\"id\": \"c-1\", \"serviceChannelNames\": [{\"language\": \"fi\", \"value\": \"E\"}], \"addresses\": []},"
        "  {\"id\": \"c-2\", \"serviceChannelNames\": [{\"language\": \"fi\", \"value\": \"F\"}],"
        "   \"addresses\": [{\"municipality\": {\"code\": \"710\"}}],"
        "   \"serviceHours\": [{\"serviceHourType\": \"DaysOfTheWeek\", \"openingHour\": ["
        "    {\"dayFrom\": \"Monday\", \"dayTo\": \"Friday\", \"from\": \"08:00\", \"to\": \"16:00\"},"
        "    {\"dayFrom\": \"Wednesday\", \"from\": \"15:00\", \"to\": \"18:00\"}]}]},"
        "  {\"id\": \"c-3\", \"serviceChannelNames\": [{\"language\": \"fi\", \"value\": \"G\"}],"
        "   \"addresses\": [{\"municipality\": {\"code\": \"710\"}}],"
        "   \"serviceHours\": [{\"serviceHourType\": \"DaysOfTheWeek\", \"openingHour\": ["
        "    {\"dayFrom\": \"Someday\", \"from\": \"08:00\", \"to\": \"16:00\"}]}]}]}");
    assert_false(d.malformed);
    assert_int_equal(d.nservices, 1);
    assert_int_equal(d.nchannels, 0);
    assert_int_equal(d.nrejects, 7);
    assert_string_equal(d.rejects[0].reason, "The same PTV id appears twice in the file.");
    assert_int_equal(d.rejects[0].index, 2);
    assert_string_equal(d.rejects[1].reason, "The record has no valid PTV id.");
    assert_string_equal(d.rejects[2].reason, "The record has no name in Finnish.");
    assert_string_equal(d.rejects[2].id, "s-4");
    assert_string_equal(d.rejects[3].reason, "The record is not a JSON object.");
    assert_string_equal(d.rejects[4].reason, "The address has no municipality code.");
    assert_string_equal(d.rejects[5].reason, "Opening hours overlap.");
    assert_string_equal(d.rejects[5].detail, "Wednesday 08:00-16:00 / Wednesday 15:00-18:00");
    assert_string_equal(d.rejects[6].reason, "Opening hours are not valid.");
    arena_free_all(&a);
}

static void malformed_files(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    ptv_doc d = parse(&a, "{\"services\": [");
    assert_true(d.malformed);
    assert_string_equal(d.error, "The file is not valid JSON.");
    d = parse(&a, "{\"something\": 1}");
    assert_true(d.malformed);
    assert_string_equal(d.error, "The file contains no services or service channels.");
    d = parse(&a, "{\"a\": 1, \"a\": 2}");
    assert_true(d.malformed);
    arena_free_all(&a);
}

/* A service location with the given JSON for its dayTo, isClosed and municipality code. */
static const char *channel_with(arena *a, const char *hours_day_to, const char *closed, const char *code)
{
    return arena_printf(a,
        "{\"serviceChannels\": [{\"id\": \"c-1\", \"serviceChannelType\": \"ServiceLocation\","
        " \"serviceChannelNames\": [{\"language\": \"fi\", \"value\": \"Paikka\", \"type\": \"Name\"}],"
        " \"addresses\": [{\"type\": \"Location\", \"streetAddress\": {\"municipality\": {\"code\": %s}}}],"
        " \"serviceHours\": [{\"serviceHourType\": \"DaysOfTheWeek\", \"isClosed\": %s, \"openingHour\": ["
        "  {\"dayFrom\": \"Monday\", \"dayTo\": %s, \"from\": \"08:00\", \"to\": \"16:00\"}]}]}]}",
        code, closed, hours_day_to);
}

static void fields_of_a_wrong_type_name_the_field(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    ptv_doc d = parse(&a, channel_with(&a, "\"Friday\"", "false", "\"710\""));
    assert_int_equal(d.nrejects, 0);
    assert_int_equal(d.channels[0].nhours, 5);
    /* the reported crash: dayTo is a number */
    d = parse(&a, channel_with(&a, "5", "false", "\"710\""));
    assert_false(d.malformed);
    assert_int_equal(d.nchannels, 0);
    assert_int_equal(d.nrejects, 1);
    assert_string_equal(d.rejects[0].id, "c-1");
    assert_int_equal(d.rejects[0].index, 1);
    assert_string_equal(d.rejects[0].reason, "The field should be text.");
    assert_string_equal(d.rejects[0].detail, "serviceHours[0].openingHour[0].dayTo");
    d = parse(&a, channel_with(&a, "{}", "false", "\"710\""));
    assert_string_equal(d.rejects[0].detail, "serviceHours[0].openingHour[0].dayTo");
    d = parse(&a, channel_with(&a, "\"Friday\"", "\"no\"", "\"710\""));
    assert_string_equal(d.rejects[0].reason, "The field should be true or false.");
    assert_string_equal(d.rejects[0].detail, "serviceHours[0].isClosed");
    d = parse(&a, channel_with(&a, "\"Friday\"", "false", "710"));
    assert_string_equal(d.rejects[0].reason, "The field should be text.");
    assert_string_equal(d.rejects[0].detail, "addresses[0].streetAddress.municipality.code");
    /* lists and objects */
    d = parse(&a, "{\"services\": [{\"id\": \"s-1\", \"serviceNames\": 5}]}");
    assert_string_equal(d.rejects[0].reason, "The field should be a list.");
    assert_string_equal(d.rejects[0].detail, "serviceNames");
    d = parse(&a, "{\"services\": [{\"id\": \"s-1\", \"serviceNames\": [{\"language\": \"fi\", \"value\": \"A\"}, 3]}]}");
    assert_string_equal(d.rejects[0].reason, "The field should be an object.");
    assert_string_equal(d.rejects[0].detail, "serviceNames[1]");
    d = parse(&a, "{\"services\": [{\"id\": \"s-1\", \"serviceNames\": [{\"language\": \"fi\", \"value\": [\"A\"]}]}]}");
    assert_string_equal(d.rejects[0].detail, "serviceNames[0].value");
    d = parse(&a, "{\"serviceChannels\": [{\"id\": \"c-1\", \"serviceChannelNames\": \"Paikka\", \"addresses\": [7]}]}");
    assert_string_equal(d.rejects[0].reason, "The field should be an object.");
    assert_string_equal(d.rejects[0].detail, "addresses[0]");
    d = parse(&a, "{\"serviceChannels\": [{\"id\": \"c-1\", \"serviceChannelNames\": \"Paikka\", \"phoneNumbers\": [{\"number\": 4}],"
                  " \"addresses\": [{\"municipality\": \"710\"}]}]}");
    assert_string_equal(d.rejects[0].detail, "phoneNumbers[0].number");
    d = parse(&a, "{\"serviceChannels\": [{\"id\": \"c-1\", \"serviceChannelNames\": \"Paikka\", \"serviceHours\": {},"
                  " \"addresses\": [{\"municipality\": \"710\"}]}]}");
    assert_string_equal(d.rejects[0].detail, "serviceHours");
    d = parse(&a, "{\"services\": {\"id\": \"s-1\"}}");
    assert_true(d.malformed);
    assert_string_equal(d.error, "The field should be a list.");
    assert_string_equal(d.error_detail, "services");
    arena_free_all(&a);
}

static void limits(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    /* 8000 numbers: refused as a whole, nothing parsed record by record */
    buf b = BUF_INIT;
    buf_putc(&b, '[');
    for (int i = 0; i < 8000; i++) buf_puts(&b, i ? ",1" : "1");
    buf_putc(&b, ']');
    ptv_doc d;
    ptv_parse(&a, b.data, b.len, &d);
    assert_true(d.malformed);
    assert_string_equal(d.error, "The file has more than {n} services. Import them in parts.");
    assert_int_equal(d.error_limit, PTV_MAX_SERVICES);
    assert_int_equal(d.nrejects, 0);
    /* at the limit: every record reported */
    b.len = 0;
    buf_puts(&b, "{\"serviceChannels\": [");
    for (int i = 0; i < PTV_MAX_CHANNELS; i++) buf_puts(&b, i ? ",1" : "1");
    buf_puts(&b, "]}");
    ptv_parse(&a, b.data, b.len, &d);
    assert_false(d.malformed);
    assert_int_equal(d.nrejects, PTV_MAX_CHANNELS);
    assert_int_equal(d.rejects[PTV_MAX_CHANNELS - 1].index, PTV_MAX_CHANNELS);
    assert_string_equal(d.rejects[0].kind, "channel");
    /* weekly hours of one location: day after day, more than the limit */
    b.len = 0;
    buf_puts(&b, "{\"serviceChannels\": [{\"id\": \"c-1\", \"serviceChannelNames\": \"Paikka\","
                 " \"addresses\": [{\"municipality\": \"710\"}], \"serviceHours\": [");
    for (int i = 0; i <= PTV_MAX_HOURS; i++)
        buf_printf(&b, "%s{\"validFrom\": \"%04d-01-01\", \"openingHour\": [{\"dayFrom\": \"Monday\", \"from\": \"08:00\", \"to\": \"16:00\"}]}",
                   i ? "," : "", 2000 + i);
    buf_puts(&b, "]}]}");
    ptv_parse(&a, b.data, b.len, &d);
    assert_int_equal(d.nrejects, 1);
    assert_string_equal(d.rejects[0].reason, "The service location has more than {n} weekly opening hours.");
    assert_int_equal(d.rejects[0].limit, PTV_MAX_HOURS);
    buf_free(&b);
    arena_free_all(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(times_and_days),
        cmocka_unit_test(overlap),
        cmocka_unit_test(good_document),
        cmocka_unit_test(rejections),
        cmocka_unit_test(malformed_files),
        cmocka_unit_test(fields_of_a_wrong_type_name_the_field),
        cmocka_unit_test(limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
