/* libFuzzer harness for src/http/form.c.
 *
 * The first input byte picks what to parse, the rest is the body:
 *   0  application/x-www-form-urlencoded
 *   1  multipart/form-data with the fixed boundary "fuzzb"
 *   2  a query string
 *   3  the first line of the rest is the Content-Type, the remainder the body
 * (the byte is taken modulo 4, so seeds can use '0'..'3').  Small limits keep
 * the limit paths reachable.  Besides ASan/UBSan, the harness checks the
 * invariants the rest of the program relies on and aborts if one breaks. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/form.h"

static void check_fields(const form *f, const form_limits *lim)
{
    if (f->count > lim->max_fields) abort();
    for (size_t i = 0; i < f->count; i++) {
        const form_field *fld = &f->fields[i];
        size_t name_len = strlen(fld->name);
        if (name_len > lim->max_name_len || !utf8_valid(fld->name, name_len)) abort();
        if (fld->value[fld->len] != '\0') abort();
        if (fld->filename) {
            if (fld->len > lim->max_file_len) abort();
            if (!utf8_valid(fld->filename, strlen(fld->filename))) abort();
        } else {
            if (fld->len > lim->max_field_len) abort();
            if (strlen(fld->value) != fld->len || !utf8_valid(fld->value, fld->len)) abort();
        }
        if (form_get_field(f, fld->name) == NULL) abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) return 0;

    static const form_limits lim = {16, 256, 1024, 32};
    unsigned mode = data[0] % 4;
    const char *body = (const char *)data + 1;
    size_t len = size - 1;

    /* Copy to an exact-size heap block so ASan flags any read past len. */
    char *copy = malloc(len ? len : 1);
    if (!copy) return 0;
    memcpy(copy, body, len);

    arena a;
    arena_init(&a);
    form f;
    form_status st;
    char *ct = NULL;

    switch (mode) {
    case 0:
        st = form_parse(&a, "application/x-www-form-urlencoded", copy, len, &lim, &f);
        break;
    case 1:
        st = form_parse(&a, "multipart/form-data; boundary=fuzzb", copy, len, &lim, &f);
        break;
    case 2:
        st = form_parse_query(&a, copy, len, &lim, &f);
        break;
    default: {
        const char *nl = memchr(copy, '\n', len);
        size_t ct_len = nl ? (size_t)(nl - copy) : len;
        size_t rest = nl ? len - ct_len - 1 : 0;
        ct = malloc(ct_len + 1);
        if (!ct) abort();
        memcpy(ct, copy, ct_len);
        ct[ct_len] = '\0';
        st = form_parse(&a, ct, nl ? nl + 1 : copy + len, rest, &lim, &f);
        break;
    }
    }

    if (st == FORM_OK) check_fields(&f, &lim);
    else if (f.count != 0 || f.fields != NULL) abort();
    if (form_status_str(st) == NULL) abort();

    free(ct);
    arena_free_all(&a);
    free(copy);
    return 0;
}
