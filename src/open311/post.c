/* See post.h. */
#include "post.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

bool open311_has_text(const char *s)
{
    if (!s) return false;
    for (; *s; s++)
        if (!isspace((unsigned char)*s)) return true;
    return false;
}

/* Decimal degrees within range; "" and NULL are "not given". */
static bool parse_degrees(const char *s, double limit, bool *given, double *out)
{
    *given = open311_has_text(s);
    *out = 0;
    if (!*given) return true;
    char *end;
    double v = strtod(s, &end);
    while (isspace((unsigned char)*end)) end++;
    if (end == s || *end != '\0' || !(v >= -limit && v <= limit)) return false;
    *out = v;
    return true;
}

void open311_post_read(arena *a, const form *body, const form *query, open311_post *out)
{
    memset(out, 0, sizeof *out);
    out->api_key = form_get(body, "api_key");
    if (!out->api_key) out->api_key = form_get(query, "api_key");
    const char *code = form_get(body, "service_code");
    out->service_code = open311_has_text(code) ? code : NULL;

    bool lat_given, long_given;
    bool lat_ok = parse_degrees(form_get(body, "lat"), 90, &lat_given, &out->lat);
    bool long_ok = parse_degrees(form_get(body, "long"), 180, &long_given, &out->lon);
    out->location_bad = !lat_ok || !long_ok || lat_given != long_given;
    out->location_given = !out->location_bad && lat_given;
    if (!out->location_given) out->lat = out->lon = 0;

    out->description = form_get(body, "description");
    const char *first = form_get(body, "first_name"), *last = form_get(body, "last_name");
    out->email = form_get(body, "email");
    out->phone = form_get(body, "phone");
    /* As on the web form: any contact detail means the sender wants to be
     * contacted; without them the request is anonymous and nothing is kept. */
    out->contact_requested = open311_has_text(first) || open311_has_text(last) || open311_has_text(out->email) ||
                             open311_has_text(out->phone);
    if (out->contact_requested) {
        const char *name = arena_concat(a, open311_has_text(first) ? first : "", " ",
                                        open311_has_text(last) ? last : "", NULL);
        while (*name == ' ') name++;
        size_t n = strlen(name);
        while (n > 0 && name[n - 1] == ' ') n--;
        out->contact_name = arena_strndup(a, name, n);
    }
}
