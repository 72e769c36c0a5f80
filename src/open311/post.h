/* Reading a POST requests.json|xml (Open311 GeoReport v2) from its form
 * fields, without the database: which fields were given, whether the
 * location is valid, the contact details. Pure, so that it can be fuzzed
 * (tests/fuzz/fuzz_open311.c); the handler then checks the topic and the
 * feedback rules against the database. */
#ifndef KOHTAAMO_OPEN311_POST_H
#define KOHTAAMO_OPEN311_POST_H
#include <stdbool.h>
#include "../http/form.h"
#include "../util/arena.h"

typedef struct open311_post {
    const char *api_key;         /* from the body, else the query; NULL when neither */
    const char *service_code;    /* NULL when missing or only spaces */
    bool location_given;         /* lat and long both given and valid */
    bool location_bad;           /* only one of them, or not decimal degrees in range */
    double lat, lon;             /* when location_given */
    const char *description;     /* as given, may be NULL */
    bool contact_requested;      /* any contact field has text */
    const char *contact_name;    /* "first last", trimmed ("" when neither); NULL without contact */
    const char *email, *phone;   /* as given, may be NULL */
} open311_post;

/* Reads body (the parsed POST body) and query into out; strings point into
 * the forms or the arena. */
void open311_post_read(arena *a, const form *body, const form *query, open311_post *out);

/* True when s has a character other than white space. */
bool open311_has_text(const char *s);

#endif
