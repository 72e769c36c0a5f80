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

/* Room for one more element of size bytes in *v (n used, *cap allocated):
 * the capacity doubles, so a list of n elements costs O(n) arena bytes. */
static void grow(arena *a, void **v, int n, int *cap, size_t size)
{
    if (n < *cap) return;
    int ncap = *cap ? *cap * 2 : 8;
    void *m = arena_alloc_raw(a, (size_t)ncap * size);
    if (n) memcpy(m, *v, (size_t)n * size);
    *v = m;
    *cap = ncap;
}
#define GROW(a, arr, n, cap) grow((a), (void **)&(arr), (n), &(cap), sizeof *(arr))

void ptv_reject_add(arena *a, ptv_doc *doc, const char *kind, const char *id, int index, const char *reason,
                    const char *detail)
{
    GROW(a, doc->rejects, doc->nrejects, doc->cap_rejects);
    doc->rejects[doc->nrejects++] = (ptv_reject){kind, id ? id : "", index, reason, detail ? detail : "", 0};
}

/* Where a value sits in its record, for the report: "serviceHours[0].openingHour[1].dayTo".
 * Kept on the stack while the record is read and written out only when a field is wrong. */
typedef struct jpath {
    const struct jpath *up;
    const char *key;             /* a member's name, or NULL for an element of a list */
    size_t index;
} jpath;

static void path_put(buf *b, const jpath *p)
{
    if (!p) return;
    path_put(b, p->up);
    if (p->key) {
        if (b->len) buf_putc(b, '.');
        buf_puts(b, p->key);
    } else {
        buf_printf(b, "[%zu]", p->index);
    }
}

/* Reading one record: every field is asked for with the JSON types it may
 * have. A field of another type is read as absent, and the first such field
 * is remembered, so the record is rejected naming it; nothing reads a value
 * of a type it did not ask for. */
typedef struct reader {
    arena *a;
    const char *why;             /* msgid for the first field of a wrong type, or NULL */
    const char *field;           /* its path */
} reader;

enum { T_STR = 1, T_LIST = 2, T_OBJ = 4, T_BOOL = 8 };

static bool type_ok(json_t *v, unsigned types)
{
    return ((types & T_STR) && json_is_string(v)) || ((types & T_LIST) && json_is_array(v)) ||
           ((types & T_OBJ) && json_is_object(v)) || ((types & T_BOOL) && json_is_boolean(v));
}

static void wrong_type(reader *rd, const jpath *at, unsigned types)
{
    if (rd->why) return;
    rd->why = types & T_LIST ? N_("The field should be a list.")
            : types & T_OBJ  ? N_("The field should be an object.")
            : types & T_STR  ? N_("The field should be text.")
                             : N_("The field should be true or false.");
    buf b = BUF_INIT;
    path_put(&b, at);
    rd->field = arena_strndup(rd->a, b.data ? b.data : "", b.len);
    buf_free(&b);
}

/* obj[key] (obj at path up) when of one of types; NULL when absent, null or of another type. */
static json_t *get(reader *rd, json_t *obj, const jpath *up, const char *key, unsigned types)
{
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v)) return NULL;
    if (type_ok(v, types)) return v;
    jpath at = {up, key, 0};
    wrong_type(rd, &at, types);
    return NULL;
}

static const char *get_str(reader *rd, json_t *obj, const jpath *up, const char *key)
{
    return json_string_value(get(rd, obj, up, key, T_STR));
}

/* Element i of list (at path at) when an object; NULL (and remembered) otherwise. */
static json_t *elem_obj(reader *rd, json_t *list, const jpath *at, size_t i)
{
    json_t *v = json_array_get(list, i);
    if (json_is_object(v)) return v;
    jpath here = {at, NULL, i};
    wrong_type(rd, &here, T_OBJ);
    return NULL;
}

/* Fills out[3] from obj[key], a PTV language list [{"language":"fi","value":"...","type":"Name"}]
 * or a plain string (counted as Finnish); entries with another type than want
 * (when want is given and the entry has a type) are skipped. */
static void lang_list(reader *rd, json_t *obj, const jpath *up, const char *key, const char *const *want,
                      const char *out[3])
{
    for (int i = 0; i < 3; i++) out[i] = "";
    json_t *list = get(rd, obj, up, key, T_LIST | T_STR);
    if (json_is_string(list)) {
        out[0] = arena_strdup(rd->a, json_string_value(list));
        return;
    }
    jpath at = {up, key, 0};
    for (size_t k = 0; k < json_array_size(list); k++) {
        json_t *e = elem_obj(rd, list, &at, k);
        jpath ep = {&at, NULL, k};
        const char *lang = get_str(rd, e, &ep, "language");
        const char *type = get_str(rd, e, &ep, "type");
        const char *val = get_str(rd, e, &ep, "value");
        if (!lang || !val) continue;
        if (want && type) {
            bool ok = false;
            for (const char *const *w = want; *w; w++) ok = ok || strcmp(type, *w) == 0;
            if (!ok) continue;
        }
        for (int i = 0; i < 3; i++)
            if (strcmp(lang, LANGS[i]) == 0 && !*out[i]) out[i] = arena_strdup(rd->a, val);
    }
}

/* 'YYYY-MM-DD' from the start of s, or NULL. */
static const char *date_of(arena *a, const char *s)
{
    if (!s || strlen(s) < 10) return NULL;
    int y, m, d, n = 0;
    if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 || m < 1 || m > 12 || d < 1 || d > 31) return NULL;
    return arena_strndup(a, s, 10);
}

static const char *const NAME_TYPES[] = {"Name", NULL};
static const char *const SUMMARY_TYPES[] = {"Summary", "ShortDescription", NULL};
static const char *const DESC_TYPES[] = {"Description", NULL};

/* The record's id when it is a usable PTV id (letters, digits, '-'; 1..64 long). */
static const char *record_id(const char *id)
{
    if (!id) return NULL;
    size_t n = strlen(id);
    if (n == 0 || n > 64) return NULL;
    for (const char *p = id; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '-'))
            return NULL;
    return id;
}

/* Rejects the record: for the first field of a wrong type when there was one
 * (whatever went wrong after it may follow from it), else for reason. */
static void reject(ptv_doc *doc, reader *rd, const char *kind, const char *id, int index, const char *reason,
                   const char *detail)
{
    if (rd->why) reason = rd->why, detail = rd->field;
    ptv_reject_add(rd->a, doc, kind, id, index, reason, detail);
}

static void parse_service(arena *a, ptv_doc *doc, json_t *rec, int index)
{
    reader rd = {a, NULL, NULL};
    const char *raw_id = get_str(&rd, rec, NULL, "id");
    const char *id = record_id(raw_id);
    if (!id) {
        reject(doc, &rd, "service", raw_id ? arena_strdup(a, raw_id) : "", index, N_("The record has no valid PTV id."), "");
        return;
    }
    id = arena_strdup(a, id);
    for (int i = 0; i < doc->nservices; i++)
        if (strcmp(doc->services[i].id, id) == 0) {
            ptv_reject_add(a, doc, "service", id, index, N_("The same PTV id appears twice in the file."), "");
            return;
        }
    ptv_service s;
    memset(&s, 0, sizeof s);
    s.id = id;
    lang_list(&rd, rec, NULL, "serviceNames", NAME_TYPES, s.name);
    lang_list(&rd, rec, NULL, "serviceDescriptions", SUMMARY_TYPES, s.summary);
    lang_list(&rd, rec, NULL, "serviceDescriptions", DESC_TYPES, s.description);
    if (rd.why || !*s.name[0]) {
        reject(doc, &rd, "service", id, index, N_("The record has no name in Finnish."), "");
        return;
    }
    GROW(a, doc->services, doc->nservices, doc->cap_services);
    doc->services[doc->nservices++] = s;
}

static bool same(const char *x, const char *y) { return (!x && !y) || (x && y && strcmp(x, y) == 0); }

static const char *fmt_period(arena *a, const ptv_hours *h)
{
    static const char *const days[7] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
    return arena_printf(a, "%s %02d:%02d-%02d:%02d", days[h->weekday - 1], h->opens / 60, h->opens % 60,
                        h->closes / 60, h->closes % 60);
}

/* Reads serviceHours into c; returns NULL or the reason (msgid) with *detail
 * and *limit (the number in a reason that says "{n}"). A field of a wrong
 * type is left in rd and ends the reading. */
static const char *parse_hours(reader *rd, ptv_channel *c, json_t *rec, const char **detail, int *limit)
{
    arena *a = rd->a;
    *detail = "";
    *limit = 0;
    json_t *list = get(rd, rec, NULL, "serviceHours", T_LIST);
    jpath lp = {NULL, "serviceHours", 0};
    for (size_t k = 0; k < json_array_size(list) && !rd->why; k++) {
        json_t *sh = elem_obj(rd, list, &lp, k);
        jpath sp = {&lp, NULL, k};
        const char *type = get_str(rd, sh, &sp, "serviceHourType");
        json_t *cl = get(rd, sh, &sp, "isClosed", T_BOOL);
        bool closed = json_is_true(cl);
        json_t *oh = get(rd, sh, &sp, "openingHour", T_LIST);
        const char *vf_text = get_str(rd, sh, &sp, "validFrom"), *vt_text = get_str(rd, sh, &sp, "validTo");
        jpath op = {&sp, "openingHour", 0};
        if (rd->why) return NULL;
        const char *vf = date_of(a, vf_text), *vt = date_of(a, vt_text);
        if (type && strcmp(type, "Exceptional") == 0) {
            if (!vf || (vt_text && !vt) || (vt && strcmp(vt, vf) < 0)) {
                *detail = "validFrom/validTo";
                return N_("Opening hours are not valid.");
            }
            ptv_exception e;
            memset(&e, 0, sizeof e);
            e.date_from = vf;
            e.date_to = vt && strcmp(vt, vf) != 0 ? vt : NULL;
            lang_list(rd, sh, &sp, "additionalInformation", NULL, e.note);
            size_t n = closed ? 0 : json_array_size(oh);
            if (n == 0) n = 1, closed = true;
            for (size_t j = 0; j < n; j++) {
                e.closed = closed;
                if (!closed) {
                    json_t *p = elem_obj(rd, oh, &op, j);
                    jpath pp = {&op, NULL, j};
                    e.opens = ptv_parse_time(get_str(rd, p, &pp, "from"));
                    e.closes = ptv_parse_time(get_str(rd, p, &pp, "to"));
                    if (rd->why) return NULL;
                    if (e.opens < 0 || e.closes < 0 || e.opens >= 1440) return N_("Opening hours are not valid.");
                    if (e.closes == 0) e.closes = 1440;
                }
                if (c->nexceptions >= PTV_MAX_EXCEPTIONS) {
                    *detail = "serviceHours";
                    *limit = PTV_MAX_EXCEPTIONS;
                    return N_("The service location has more than {n} exceptional opening hours.");
                }
                GROW(a, c->exceptions, c->nexceptions, c->cap_exceptions);
                c->exceptions[c->nexceptions++] = e;
            }
            continue;
        }
        if (type && strcmp(type, "DaysOfTheWeek") != 0) {
            *detail = arena_strdup(a, type);
            return N_("Opening hours are not valid.");
        }
        if (closed) continue;
        for (size_t j = 0; j < json_array_size(oh); j++) {
            json_t *p = elem_obj(rd, oh, &op, j);
            jpath pp = {&op, NULL, j};
            const char *from_day = get_str(rd, p, &pp, "dayFrom"), *to_day = get_str(rd, p, &pp, "dayTo");
            const char *from = get_str(rd, p, &pp, "from"), *to = get_str(rd, p, &pp, "to");
            if (rd->why) return NULL;
            int d0 = ptv_weekday(from_day);
            int d1 = to_day && *to_day ? ptv_weekday(to_day) : d0;
            int o = ptv_parse_time(from), cl_min = ptv_parse_time(to);
            if (!d0 || !d1 || d1 < d0 || o < 0 || cl_min < 0 || o >= 1440) return N_("Opening hours are not valid.");
            if (cl_min == 0) cl_min = 1440;
            for (int d = d0; d <= d1; d++) {
                ptv_hours h = {d, o, cl_min, vf, vt};
                for (int q = 0; q < c->nhours; q++)
                    if (same(c->hours[q].valid_from, vf) && same(c->hours[q].valid_to, vt) &&
                        ptv_hours_overlap(&c->hours[q], &h)) {
                        *detail = arena_concat(a, fmt_period(a, &c->hours[q]), " / ", fmt_period(a, &h), NULL);
                        return N_("Opening hours overlap.");
                    }
                if (c->nhours >= PTV_MAX_HOURS) {
                    *detail = "serviceHours";
                    *limit = PTV_MAX_HOURS;
                    return N_("The service location has more than {n} weekly opening hours.");
                }
                GROW(a, c->hours, c->nhours, c->cap_hours);
                c->hours[c->nhours++] = h;
            }
        }
    }
    return NULL;
}

static const char *phone_of(reader *rd, json_t *rec)
{
    json_t *list = get(rd, rec, NULL, "phoneNumbers", T_LIST);
    if (json_array_size(list) == 0) return "";
    jpath lp = {NULL, "phoneNumbers", 0}, pp = {&lp, NULL, 0};
    json_t *p = elem_obj(rd, list, &lp, 0);
    const char *num = get_str(rd, p, &pp, "number");
    const char *prefix = get_str(rd, p, &pp, "prefixNumber");
    if (!num) return "";
    buf b = BUF_INIT;
    if (num[0] != '+' && prefix && *prefix) {
        buf_puts(&b, prefix);
        while (*num == '0') num++;
    }
    for (const char *q = num; *q; q++)
        if ((*q >= '0' && *q <= '9') || (*q == '+' && q == num && b.len == 0)) buf_putc(&b, *q);
    const char *out = arena_strndup(rd->a, b.data ? b.data : "", b.len);
    buf_free(&b);
    return out;
}

static void parse_channel(arena *a, ptv_doc *doc, json_t *rec, int index)
{
    reader rd = {a, NULL, NULL};
    const char *type = get_str(&rd, rec, NULL, "serviceChannelType");
    if (type && strcmp(type, "ServiceLocation") != 0) {
        doc->skipped++;
        return;
    }
    const char *raw_id = get_str(&rd, rec, NULL, "id");
    const char *id = record_id(raw_id);
    if (!id) {
        reject(doc, &rd, "channel", raw_id ? arena_strdup(a, raw_id) : "", index, N_("The record has no valid PTV id."), "");
        return;
    }
    id = arena_strdup(a, id);
    for (int i = 0; i < doc->nchannels; i++)
        if (strcmp(doc->channels[i].id, id) == 0) {
            ptv_reject_add(a, doc, "channel", id, index, N_("The same PTV id appears twice in the file."), "");
            return;
        }
    ptv_channel c;
    memset(&c, 0, sizeof c);
    c.id = id;
    lang_list(&rd, rec, NULL, "serviceChannelNames", NAME_TYPES, c.name);
    if (!*c.name[0]) {
        reject(doc, &rd, "channel", id, index, N_("The record has no name in Finnish."), "");
        return;
    }
    lang_list(&rd, rec, NULL, "serviceChannelDescriptions", SUMMARY_TYPES, c.description);
    /* the visiting address: the first of type Location/Visiting, else the first */
    json_t *addrs = get(&rd, rec, NULL, "addresses", T_LIST), *addr = NULL;
    jpath ap = {NULL, "addresses", 0}, addr_at = {&ap, NULL, 0};
    for (size_t k = 0; k < json_array_size(addrs); k++) {
        json_t *e = elem_obj(&rd, addrs, &ap, k);
        jpath ep = {&ap, NULL, k};
        const char *t = get_str(&rd, e, &ep, "type");
        if (!e) continue;
        if (t && (strcmp(t, "Location") == 0 || strcmp(t, "Visiting") == 0)) {
            addr = e;
            addr_at.index = k;
            break;
        }
        if (!addr) addr = e, addr_at.index = k;
    }
    /* streetAddress is an object (PTV v11) or, in older documents, the street's language list */
    json_t *sa = get(&rd, addr, &addr_at, "streetAddress", T_OBJ | T_LIST | T_STR);
    jpath sa_at = {&addr_at, "streetAddress", 0};
    json_t *src = json_is_object(sa) ? sa : addr;
    const jpath *src_at = json_is_object(sa) ? &sa_at : &addr_at;
    if (json_is_object(sa)) lang_list(&rd, sa, &sa_at, "street", NULL, c.street);
    else lang_list(&rd, addr, &addr_at, "streetAddress", NULL, c.street);
    const char *num = get_str(&rd, src, src_at, "streetNumber");
    for (int i = 0; num && *num && i < 3; i++)
        if (*c.street[i]) c.street[i] = arena_concat(a, c.street[i], " ", num, NULL);
    const char *postal = get_str(&rd, src, src_at, "postalCode");
    c.postal_code = postal ? arena_strdup(a, postal) : "";
    lang_list(&rd, src, src_at, "postOffice", NULL, c.post_office);
    json_t *muni = get(&rd, src, src_at, "municipality", T_OBJ | T_STR);
    const jpath *muni_up = src_at;
    if (!muni && src != addr) muni = get(&rd, addr, &addr_at, "municipality", T_OBJ | T_STR), muni_up = &addr_at;
    jpath muni_at = {muni_up, "municipality", 0};
    const char *code = json_is_object(muni) ? get_str(&rd, muni, &muni_at, "code") : json_string_value(muni);
    c.municipality = code ? arena_strdup(a, code) : NULL;
    c.phone = phone_of(&rd, rec);
    if (!rd.why && (!c.municipality || !*c.municipality)) {
        ptv_reject_add(a, doc, "channel", id, index, N_("The address has no municipality code."), "");
        return;
    }
    int limit;
    const char *detail, *why = rd.why ? NULL : parse_hours(&rd, &c, rec, &detail, &limit);
    if (rd.why || why) {
        reject(doc, &rd, "channel", id, index, why, detail);
        if (!rd.why) doc->rejects[doc->nrejects - 1].limit = limit;
        return;
    }
    GROW(a, doc->channels, doc->nchannels, doc->cap_channels);
    doc->channels[doc->nchannels++] = c;
}

/* A record of the root list or itemList is a channel when it has a channel's fields. */
static bool is_channel(json_t *rec)
{
    return json_object_get(rec, "serviceChannelType") || json_object_get(rec, "serviceChannelNames");
}

static void count(json_t *list, int force, int *ns, int *nc)
{
    for (size_t k = 0; k < json_array_size(list); k++) {
        if (force == 2 || (force == 0 && is_channel(json_array_get(list, k)))) ++*nc;
        else ++*ns;
    }
}

static void records(arena *a, ptv_doc *doc, json_t *list, int force, int *si, int *ci)
{
    for (size_t k = 0; k < json_array_size(list); k++) {
        json_t *rec = json_array_get(list, k);
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

static void malformed(ptv_doc *doc, const char *error, const char *detail, int limit)
{
    doc->malformed = true;
    doc->error = error;
    doc->error_detail = detail;
    doc->error_limit = limit;
}

void ptv_parse(arena *a, const char *text, size_t len, ptv_doc *doc)
{
    memset(doc, 0, sizeof *doc);
    json_error_t je;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        malformed(doc, N_("The file is not valid JSON."), arena_printf(a, "%d:%d %s", je.line, je.column, je.text), 0);
        return;
    }
    /* the lists of records: each must be a list when it is there */
    static const char *const keys[3] = {"itemList", "services", "serviceChannels"};
    json_t *lists[3] = {NULL, NULL, NULL};
    for (int i = 0; i < 3; i++) {
        json_t *v = json_object_get(root, keys[i]);
        if (v && !json_is_null(v) && !json_is_array(v)) {
            malformed(doc, N_("The field should be a list."), keys[i], 0);
            json_decref(root);
            return;
        }
        lists[i] = v;
    }
    int ns = 0, nc = 0;
    count(json_is_array(root) ? root : NULL, 0, &ns, &nc);
    count(lists[0], 0, &ns, &nc);
    count(lists[1], 1, &ns, &nc);
    count(lists[2], 2, &ns, &nc);
    if (ns > PTV_MAX_SERVICES || nc > PTV_MAX_CHANNELS) {
        if (ns > PTV_MAX_SERVICES)
            malformed(doc, N_("The file has more than {n} services. Import them in parts."), "", PTV_MAX_SERVICES);
        else
            malformed(doc, N_("The file has more than {n} service channels. Import them in parts."), "", PTV_MAX_CHANNELS);
        json_decref(root);
        return;
    }
    int si = 0, ci = 0;
    if (json_is_array(root)) records(a, doc, root, 0, &si, &ci);
    records(a, doc, lists[0], 0, &si, &ci);
    records(a, doc, lists[1], 1, &si, &ci);
    records(a, doc, lists[2], 2, &si, &ci);
    if (si + ci == 0 && !doc->skipped) malformed(doc, N_("The file contains no services or service channels."), "", 0);
    json_decref(root);
}
