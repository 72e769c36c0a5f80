/* libFuzzer harness for the PTV import parser (src/equality/ptv.c).
 *
 * The input is the uploaded file. Besides ASan/UBSan (a field of a wrong
 * JSON type once crashed the server), the harness checks what the importer
 * relies on and aborts if one breaks: the limits hold, every stored value is
 * in range, every rejection names its record and reason, and no two weekly
 * periods of a location overlap. Runs under scripts/fuzz.sh's 2048 MB limit. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "equality/ptv.h"

static void check_text(const char *s)
{
    if (!s) abort();
    (void)strlen(s);
}

static void check_channel(const ptv_channel *c)
{
    check_text(c->id);
    if (!*c->name[0]) abort();
    for (int i = 0; i < 3; i++) {
        check_text(c->name[i]);
        check_text(c->description[i]);
        check_text(c->street[i]);
        check_text(c->post_office[i]);
    }
    check_text(c->postal_code);
    check_text(c->phone);
    if (!c->municipality || !*c->municipality) abort();
    if (c->nhours < 0 || c->nhours > PTV_MAX_HOURS) abort();
    if (c->nexceptions < 0 || c->nexceptions > PTV_MAX_EXCEPTIONS) abort();
    for (int i = 0; i < c->nhours; i++) {
        const ptv_hours *h = &c->hours[i];
        if (h->weekday < 1 || h->weekday > 7 || h->opens < 0 || h->opens >= 1440 || h->closes < 1 || h->closes > 1440)
            abort();
        for (int j = 0; j < i; j++) {
            const ptv_hours *g = &c->hours[j];
            bool same_from = (!g->valid_from && !h->valid_from) ||
                             (g->valid_from && h->valid_from && strcmp(g->valid_from, h->valid_from) == 0);
            bool same_to = (!g->valid_to && !h->valid_to) ||
                           (g->valid_to && h->valid_to && strcmp(g->valid_to, h->valid_to) == 0);
            if (same_from && same_to && ptv_hours_overlap(g, h)) abort();
        }
    }
    for (int i = 0; i < c->nexceptions; i++) {
        const ptv_exception *e = &c->exceptions[i];
        if (!e->date_from || strlen(e->date_from) != 10) abort();
        if (e->date_to && strcmp(e->date_to, e->date_from) <= 0) abort();
        if (!e->closed && (e->opens < 0 || e->opens >= 1440 || e->closes < 1 || e->closes > 1440)) abort();
        for (int k = 0; k < 3; k++) check_text(e->note[k]);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* an exact-size heap copy, so ASan flags any read past the end */
    char *copy = malloc(size ? size : 1);
    if (!copy) return 0;
    memcpy(copy, data, size);
    arena a;
    arena_init(&a);
    ptv_doc d;
    ptv_parse(&a, copy, size, &d);
    if (d.malformed) {
        if (!d.error || !d.error_detail) abort();
        if (d.nservices || d.nchannels || d.nrejects) abort();
        if (strstr(d.error, "{n}") && d.error_limit <= 0) abort();
    } else {
        if (d.nservices > PTV_MAX_SERVICES || d.nchannels > PTV_MAX_CHANNELS) abort();
        if (d.nrejects > PTV_MAX_SERVICES + PTV_MAX_CHANNELS) abort();
        for (int i = 0; i < d.nservices; i++) {
            check_text(d.services[i].id);
            if (!*d.services[i].name[0]) abort();
            for (int k = 0; k < 3; k++) {
                check_text(d.services[i].name[k]);
                check_text(d.services[i].summary[k]);
                check_text(d.services[i].description[k]);
            }
            for (int j = 0; j < i; j++)
                if (strcmp(d.services[i].id, d.services[j].id) == 0) abort();
        }
        for (int i = 0; i < d.nchannels; i++) check_channel(&d.channels[i]);
        for (int i = 0; i < d.nrejects; i++) {
            const ptv_reject *x = &d.rejects[i];
            if (!x->kind || (strcmp(x->kind, "service") != 0 && strcmp(x->kind, "channel") != 0)) abort();
            check_text(x->id);
            check_text(x->reason);
            check_text(x->detail);
            if (x->index < 1) abort();
            if (strstr(x->reason, "{n}") && x->limit <= 0) abort();
        }
    }
    arena_free_all(&a);
    free(copy);
    return 0;
}
