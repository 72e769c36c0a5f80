/* libFuzzer harness for reading an Open311 POST requests.json
 * (src/open311/post.c) from the request as the server parses it
 * (src/http/form.c), without a database.
 *
 * The first input byte picks the body's type (even: urlencoded, odd:
 * multipart with the boundary "fuzzb"); the rest up to the first newline is
 * the query string, after it the body. Besides ASan/UBSan the harness checks
 * what the handler relies on and aborts if one breaks. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "open311/post.h"

static bool trimmed(const char *s)
{
    size_t n = strlen(s);
    return n == 0 || (s[0] != ' ' && s[n - 1] != ' ');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) return 0;
    static const form_limits lim = {32, 4096, 4096, 64};   /* fields, field, file, name */
    const char *ct = data[0] & 1 ? "multipart/form-data; boundary=fuzzb" : "application/x-www-form-urlencoded";
    char *copy = malloc(size);
    if (!copy) return 0;
    memcpy(copy, data + 1, size - 1);
    size_t len = size - 1;
    const char *nl = memchr(copy, '\n', len);
    size_t qlen = nl ? (size_t)(nl - copy) : 0;
    const char *body = nl ? nl + 1 : copy;
    size_t blen = nl ? len - qlen - 1 : len;

    arena a;
    arena_init(&a);
    form query, f;
    if (form_parse_query(&a, copy, qlen, &lim, &query) != FORM_OK) memset(&query, 0, sizeof query);
    if (form_parse(&a, ct, body, blen, &lim, &f) != FORM_OK) memset(&f, 0, sizeof f);
    open311_post p;
    open311_post_read(&a, &f, &query, &p);

    const char *key = form_get(&f, "api_key");
    if (p.api_key != (key ? key : form_get(&query, "api_key"))) abort();
    if (p.service_code && !open311_has_text(p.service_code)) abort();
    if (!p.service_code && open311_has_text(form_get(&f, "service_code"))) abort();
    if (p.location_given && p.location_bad) abort();
    if (p.location_given && (isnan(p.lat) || isnan(p.lon) || fabs(p.lat) > 90 || fabs(p.lon) > 180)) abort();
    if (!p.location_given && (p.lat != 0 || p.lon != 0)) abort();
    if (p.description != form_get(&f, "description")) abort();
    if (p.contact_requested != (p.contact_name != NULL)) abort();
    if (p.contact_name && !trimmed(p.contact_name)) abort();
    if (!p.contact_requested && (open311_has_text(p.email) || open311_has_text(p.phone))) abort();

    arena_free_all(&a);
    free(copy);
    return 0;
}
