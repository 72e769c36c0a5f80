/* See ptv.h. Accepted shapes: {"services": [...], "serviceChannels": [...]},
 * {"itemList": [...]} (as the PTV list endpoints and our export answer) or a
 * bare array; each record is told apart by its name list (serviceNames vs
 * serviceChannelNames) or by serviceChannelType. */
#include "ptv.h"
#include "../util/buf.h"
#include "../view/i18n.h"
#include <jansson.h>
#include <stdio.h>
#include <string.h>

static const char *const LANGS[3] = {"fi", "sv", "en"};

int ptv_parse_time(const char *s)
{
    if (!s) return -1;
    int h, m, n = 0;
    if (sscanf(s, "%2d:%2d%n", &h, &m, &n) != 2 || n != 5) {
        /* "08:00:00" is also seen */
        int sec;
        if (sscanf(s, "%2d:%2d:%2d%n", &h, &m, &sec, &n) != 3 || n != 8 || sec != 0) return -1;
    }
    if (h < 0 || m < 0 || m > 59 || h > 24 || (h == 24 && m != 0)) return -1;
    return h * 60 + m;
}

int ptv_weekday(const char *s)
{
    static const char *const days[7] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
    if (!s) return 0;
    for (int i = 0; i < 7; i++)
        if (strcmp(s, days[i]) == 0) return i + 1;
    return 0;
}

#define WEEK (7 * 1440)

static void span(const ptv_hours *h, int *from, int *to)
{
    *from = (h->weekday - 1) * 1440 + h->opens;
    *to = (h->weekday - 1) * 1440 + (h->closes > h->opens ? h->closes : 1440 + h->closes);
}

bool ptv_hours_overlap(const ptv_hours *a, const ptv_hours *b)
{
    int a0, a1, b0, b1;
    span(a, &a0, &a1);
    span(b, &b0, &b1);
    for (int shift = -WEEK; shift <= WEEK; shift += WEEK)
        if (a0 < b1 + shift && b0 + shift < a1) return true;
    return false;
}

void ptv_reject_add(arena *a, ptv_doc *doc, const char *kind, const char *id, int index, const char *reason,
                    const char *detail)
{
    ptv_reject *n = arena_alloc(a, ((size_t)doc->nrejects + 1) * sizeof *n);
    if (doc->nrejects) memcpy(n, doc->rejects, (size_t)doc->nrejects * sizeof *n);
    n[doc->nrejects++] = (ptv_reject){kind, id ? id : "", index, reason, detail ? detail : ""};
    doc->rejects = n;
}

static const char *str(arena *a, json_t *v)
{
    return json_is_string(v) ? arena_strdup(a, json_string_value(v)) : NULL;
}

/* Fills out[3] from a PTV language list [{"language":"fi","value":"...","type":"Name"}];
 * entries with another type than want (when want is given and the entry has a type) are skipped. */
static void lang_list(arena *a, json_t *list, const char *const *want, const char *out[3])
{
    for (int i = 0; i < 3; i++) out[i] = "";
    if (json_is_string(list)) {   /* a plain string counts as Finnish */
        out[0] = str(a, list);
        return;
    }
    size_t k;
    json_t *e;
    json_array_foreach(list, k, e) {
        const char *lang = json_string_value(json_object_get(e, "language"));
        const char *type = json_string_value(json_object_get(e, "type"));
        const char *val = json_string_value(json_object_get(e, "value"));
        if (!lang || !val) continue;
        if (want && type) {
            bool ok = false;
            for (const char *const *w = want; *w; w++) ok = ok || strcmp(type, *w) == 0;
            if (!ok) continue;
        }
        for (int i = 0; i < 3; i++)
            if (strcmp(lang, LANGS[i]) == 0 && !*out[i]) out[i] = arena_strdup(a, val);
    }
}

static const char *date_of(arena *a, json_t *v)
{
    const char *s = json_string_value(v);
    if (!s || strlen(s) < 10) return NULL;
    int y, m, d, n = 0;
    if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 || m < 1 || m > 12 || d < 1 || d > 31) return NULL;
    return arena_strndup(a, s, 10);
}

static const char *const NAME_TYPES[] = {"Name", NULL};
static const char *const SUMMARY_TYPES[] = {"Summary", "ShortDescription", NULL};
static const char *const DESC_TYPES[] = {"Description", NULL};

static const char *record_id(arena *a, json_t *rec)
{
    const char *id = str(a, json_object_get(rec, "id"));
    if (!id) return NULL;
    size_t n = strlen(id);
    if (n == 0 || n > 64) return NULL;
    for (const char *p = id; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '-'))
            return NULL;
    return id;
}

static void parse_service(arena *a, ptv_doc *doc, json_t *rec, int index)
{
    const char *id = record_id(a, rec);
    if (!id) {
        ptv_reject_add(a, doc, "service", str(a, json_object_get(rec, "id")), index, N_("The record has no valid PTV id."), "");
        return;
    }
    for (int i = 0; i < doc->nservices; i++)
        if (strcmp(doc->services[i].id, id) == 0) {
            ptv_reject_add(a, doc, "service", id, index, N_("The same PTV id appears twice in the file."), "");
            return;
        }
    ptv_service s;
    memset(&s, 0, sizeof s);
    s.id = id;
    lang_list(a, json_object_get(rec, "serviceNames"), NAME_TYPES, s.name);
    if (!*s.name[0]) {
        ptv_reject_add(a, doc, "service", id, index, N_("The record has no name in Finnish."), "");
        return;
    }
    lang_list(a, json_object_get(rec, "serviceDescriptions"), SUMMARY_TYPES, s.summary);
    lang_list(a, json_object_get(rec, "serviceDescriptions"), DESC_TYPES, s.description);
    ptv_service *n = arena_alloc(a, ((size_t)doc->nservices + 1) * sizeof *n);
    if (doc->nservices) memcpy(n, doc->services, (size_t)doc->nservices * sizeof *n);
    n[doc->nservices++] = s;
    doc->services = n;
}

static bool same(const char *x, const char *y) { return (!x && !y) || (x && y && strcmp(x, y) == 0); }

static const char *fmt_period(arena *a, const ptv_hours *h)
{
    static const char *const days[7] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
    return arena_printf(a, "%s %02d:%02d-%02d:%02d", days[h->weekday - 1], h->opens / 60, h->opens % 60,
                        h->closes / 60, h->closes % 60);
}

/* Reads serviceHours into c; returns NULL or the reason (msgid) with *detail. */
static const char *parse_hours(arena *a, ptv_channel *c, json_t *list, const char **detail)
{
    size_t k;
    json_t *sh;
    *detail = "";
    if (list && !json_is_array(list)) return N_("Opening hours are not valid.");
    json_array_foreach(list, k, sh) {
        const char *type = json_string_value(json_object_get(sh, "serviceHourType"));
        bool closed = json_is_true(json_object_get(sh, "isClosed"));
        json_t *oh = json_object_get(sh, "openingHour");
        if (oh && !json_is_array(oh)) return N_("Opening hours are not valid.");
        if (type && strcmp(type, "Exceptional") == 0) {
            const char *from = date_of(a, json_object_get(sh, "validFrom"));
            const char *to = date_of(a, json_object_get(sh, "validTo"));
            if (!from || (json_object_get(sh, "validTo") && !json_is_null(json_object_get(sh, "validTo")) && !to) ||
                (to && strcmp(to, from) < 0)) {
                *detail = "validFrom/validTo";
                return N_("Opening hours are not valid.");
            }
            ptv_exception e;
            memset(&e, 0, sizeof e);
            e.date_from = from;
            e.date_to = to && strcmp(to, from) != 0 ? to : NULL;
            lang_list(a, json_object_get(sh, "additionalInformation"), NULL, e.note);
            size_t n = closed ? 0 : json_array_size(oh);
            if (n == 0) n = 1, closed = true;
            for (size_t j = 0; j < n; j++) {
                e.closed = closed;
                if (!closed) {
                    json_t *p = json_array_get(oh, j);
                    e.opens = ptv_parse_time(json_string_value(json_object_get(p, "from")));
                    e.closes = ptv_parse_time(json_string_value(json_object_get(p, "to")));
                    if (e.opens < 0 || e.closes < 0 || e.opens >= 1440) return N_("Opening hours are not valid.");
                    if (e.closes == 0) e.closes = 1440;
                }
                ptv_exception *m = arena_alloc(a, ((size_t)c->nexceptions + 1) * sizeof *m);
                if (c->nexceptions) memcpy(m, c->exceptions, (size_t)c->nexceptions * sizeof *m);
                m[c->nexceptions++] = e;
                c->exceptions = m;
            }
            continue;
        }
        if (type && strcmp(type, "DaysOfTheWeek") != 0) {
            *detail = arena_strdup(a, type);
            return N_("Opening hours are not valid.");
        }
        if (closed) continue;
        const char *vf = date_of(a, json_object_get(sh, "validFrom"));
        const char *vt = date_of(a, json_object_get(sh, "validTo"));
        size_t j;
        json_t *p;
        json_array_foreach(oh, j, p) {
            int d0 = ptv_weekday(json_string_value(json_object_get(p, "dayFrom")));
            json_t *dt = json_object_get(p, "dayTo");
            int d1 = dt && !json_is_null(dt) && *json_string_value(dt) ? ptv_weekday(json_string_value(dt)) : d0;
            int o = ptv_parse_time(json_string_value(json_object_get(p, "from")));
            int cl = ptv_parse_time(json_string_value(json_object_get(p, "to")));
            if (!d0 || !d1 || d1 < d0 || o < 0 || cl < 0 || o >= 1440) return N_("Opening hours are not valid.");
            if (cl == 0) cl = 1440;
            for (int d = d0; d <= d1; d++) {
                ptv_hours h = {d, o, cl, vf, vt};
                for (int q = 0; q < c->nhours; q++)
                    if (same(c->hours[q].valid_from, vf) && same(c->hours[q].valid_to, vt) &&
                        ptv_hours_overlap(&c->hours[q], &h)) {
                        *detail = arena_concat(a, fmt_period(a, &c->hours[q]), " / ", fmt_period(a, &h), NULL);
                        return N_("Opening hours overlap.");
                    }
                ptv_hours *m = arena_alloc(a, ((size_t)c->nhours + 1) * sizeof *m);
                if (c->nhours) memcpy(m, c->hours, (size_t)c->nhours * sizeof *m);
                m[c->nhours++] = h;
                c->hours = m;
            }
        }
    }
    return NULL;
}

static const char *phone_of(arena *a, json_t *list)
{
    json_t *p = json_array_get(list, 0);
    const char *num = json_string_value(json_object_get(p, "number"));
    if (!num) return "";
    const char *prefix = json_string_value(json_object_get(p, "prefixNumber"));
    buf b = BUF_INIT;
    if (num[0] != '+' && prefix && *prefix) {
        buf_puts(&b, prefix);
        while (*num == '0') num++;
    }
    for (const char *q = num; *q; q++)
        if ((*q >= '0' && *q <= '9') || (*q == '+' && q == num && b.len == 0)) buf_putc(&b, *q);
    const char *out = arena_strndup(a, b.data ? b.data : "", b.len);
    buf_free(&b);
    return out;
}

static void parse_channel(arena *a, ptv_doc *doc, json_t *rec, int index)
{
    const char *type = json_string_value(json_object_get(rec, "serviceChannelType"));
    if (type && strcmp(type, "ServiceLocation") != 0) {
        doc->skipped++;
        return;
    }
    const char *id = record_id(a, rec);
    if (!id) {
        ptv_reject_add(a, doc, "channel", str(a, json_object_get(rec, "id")), index, N_("The record has no valid PTV id."), "");
        return;
    }
    for (int i = 0; i < doc->nchannels; i++)
        if (strcmp(doc->channels[i].id, id) == 0) {
            ptv_reject_add(a, doc, "channel", id, index, N_("The same PTV id appears twice in the file."), "");
            return;
        }
    ptv_channel c;
    memset(&c, 0, sizeof c);
    c.id = id;
    lang_list(a, json_object_get(rec, "serviceChannelNames"), NAME_TYPES, c.name);
    if (!*c.name[0]) {
        ptv_reject_add(a, doc, "channel", id, index, N_("The record has no name in Finnish."), "");
        return;
    }
    lang_list(a, json_object_get(rec, "serviceChannelDescriptions"), SUMMARY_TYPES, c.description);
    /* the visiting address: the first of type Location/Visiting, else the first */
    json_t *addrs = json_object_get(rec, "addresses"), *addr = NULL, *e;
    size_t k;
    json_array_foreach(addrs, k, e) {
        const char *t = json_string_value(json_object_get(e, "type"));
        if (t && (strcmp(t, "Location") == 0 || strcmp(t, "Visiting") == 0)) {
            addr = e;
            break;
        }
        if (!addr) addr = e;
    }
    json_t *sa = json_object_get(addr, "streetAddress");
    json_t *src = json_is_object(sa) ? sa : addr;
    json_t *street = json_is_object(sa) ? json_object_get(sa, "street") : sa;
    lang_list(a, street, NULL, c.street);
    const char *num = json_string_value(json_object_get(src, "streetNumber"));
    for (int i = 0; num && *num && i < 3; i++)
        if (*c.street[i]) c.street[i] = arena_concat(a, c.street[i], " ", num, NULL);
    c.postal_code = str(a, json_object_get(src, "postalCode"));
    if (!c.postal_code) c.postal_code = "";
    lang_list(a, json_object_get(src, "postOffice"), NULL, c.post_office);
    json_t *muni = json_object_get(src, "municipality");
    if (!muni) muni = json_object_get(addr, "municipality");
    c.municipality = json_is_object(muni) ? str(a, json_object_get(muni, "code")) : str(a, muni);
    if (!c.municipality || !*c.municipality) {
        ptv_reject_add(a, doc, "channel", id, index, N_("The address has no municipality code."), "");
        return;
    }
    c.phone = phone_of(a, json_object_get(rec, "phoneNumbers"));
    const char *detail, *why = parse_hours(a, &c, json_object_get(rec, "serviceHours"), &detail);
    if (why) {
        ptv_reject_add(a, doc, "channel", id, index, why, detail);
        return;
    }
    ptv_channel *n = arena_alloc(a, ((size_t)doc->nchannels + 1) * sizeof *n);
    if (doc->nchannels) memcpy(n, doc->channels, (size_t)doc->nchannels * sizeof *n);
    n[doc->nchannels++] = c;
    doc->channels = n;
}

static bool is_channel(json_t *rec)
{
    return json_object_get(rec, "serviceChannelType") || json_object_get(rec, "serviceChannelNames");
}

static void records(arena *a, ptv_doc *doc, json_t *list, int force, int *si, int *ci)
{
    size_t k;
    json_t *rec;
    json_array_foreach(list, k, rec) {
        bool ch = force == 2 || (force == 0 && is_channel(rec));
        int idx = ch ? ++*ci : ++*si;
        if (!json_is_object(rec)) {
            ptv_reject_add(a, doc, ch ? "channel" : "service", "", idx, N_("The record is not a JSON object."), "");
            continue;
        }
        if (ch) parse_channel(a, doc, rec, idx);
        else parse_service(a, doc, rec, idx);
    }
}

void ptv_parse(arena *a, const char *text, size_t len, ptv_doc *doc)
{
    memset(doc, 0, sizeof *doc);
    json_error_t je;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        doc->malformed = true;
        doc->error = N_("The file is not valid JSON.");
        doc->error_detail = arena_printf(a, "%d:%d %s", je.line, je.column, je.text);
        return;
    }
    int si = 0, ci = 0;
    json_t *svc = json_object_get(root, "services"), *chs = json_object_get(root, "serviceChannels");
    json_t *items = json_object_get(root, "itemList");
    if (json_is_array(root)) records(a, doc, root, 0, &si, &ci);
    if (json_is_array(items)) records(a, doc, items, 0, &si, &ci);
    if (json_is_array(svc)) records(a, doc, svc, 1, &si, &ci);
    if (json_is_array(chs)) records(a, doc, chs, 2, &si, &ci);
    if (si + ci == 0 && !doc->skipped) {
        doc->malformed = true;
        doc->error = N_("The file contains no services or service channels.");
        doc->error_detail = "";
    }
    json_decref(root);
}
