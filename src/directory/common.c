/* Helpers shared by the directory's pages and API. */
#include "internal.h"
#include "../view/i18n.h"
#include <stdlib.h>
#include <string.h>

int dir_lang_offset(const char *lang)
{
    return strcmp(lang, "sv") == 0 ? 1 : strcmp(lang, "en") == 0 ? 2 : 0;
}

const char *dir_pick(const db_result *res, int row, int col_fi, const char *lang)
{
    const char *v = db_cell(res, row, col_fi + dir_lang_offset(lang));
    if (v && *v) return v;
    v = db_cell(res, row, col_fi);
    return v ? v : "";
}

const char *dir_placeholders(request *r, int start, int n)
{
    buf b = BUF_INIT;
    for (int i = 0; i < n; i++) buf_printf(&b, "%s$%d", i ? ", " : "", start + i);
    const char *s = arena_strdup(&r->a, b.data ? b.data : "");
    buf_free(&b);
    return s;
}

int64_t dir_parse_id(const char *s)
{
    if (!s || !*s || strlen(s) > 18) return -1;
    for (const char *p = s; *p; p++)
        if (*p < '0' || *p > '9') return -1;
    long long v = strtoll(s, NULL, 10);
    return v > 0 ? v : -1;
}

/* owner: "point_id" or "channel_id", a column name, never input. */
static int hours_load(request *r, const char *owner, const int64_t *ids, int n, int64_t since_days, dir_hours **out)
{
    dir_hours *h = arena_alloc(&r->a, sizeof *h * (size_t)(n > 0 ? n : 1));
    *out = h;
    for (int i = 0; i < n; i++) h[i].id = ids[i];
    if (n == 0) return 0;
    db_param *p = arena_alloc(&r->a, sizeof *p * (size_t)(n + 1));
    for (int i = 0; i < n; i++) p[i] = DB_INT(ids[i]);
    db_result reg, exc;
    const char *in = dir_placeholders(r, 1, n);
    if (db_query(r->db, &r->a, &reg,
                 arena_printf(&r->a, "SELECT %s, weekday, opens_min, closes_min, valid_from, valid_to "
                              "FROM opening_hours WHERE %s IN (%s) ORDER BY %s, weekday, opens_min", owner, owner, in, owner),
                 n, p) < 0)
        return -1;
    char since[11];
    hours_format_date(since_days, since);
    p[n] = DB_TEXT(since);
    if (db_query(r->db, &r->a, &exc,
                 arena_printf(&r->a, "SELECT %s, date_from, date_to, closed, opens_min, closes_min, note_fi, "
                              "note_sv, note_en FROM opening_exceptions WHERE %s IN (%s) "
                              "AND COALESCE(date_to, date_from) >= $%d ORDER BY %s, date_from, opens_min", owner, owner, in,
                              n + 1, owner),
                 n + 1, p) < 0)
        return -1;
    for (int i = 0; i < n; i++) {
        h[i].regular = arena_alloc(&r->a, sizeof *h[i].regular * (size_t)(reg.nrows + 1));
        h[i].exceptions = arena_alloc(&r->a, sizeof *h[i].exceptions * (size_t)(exc.nrows + 1));
        h[i].notes = arena_alloc(&r->a, sizeof *h[i].notes * (size_t)(exc.nrows + 1) * 3);
    }
    for (int row = 0; row < reg.nrows; row++) {
        int64_t pid = db_cell_int(&reg, row, 0);
        for (int i = 0; i < n; i++) {
            if (h[i].id != pid) continue;
            hours_regular *x = &h[i].regular[h[i].nregular++];
            x->weekday = (int)db_cell_int(&reg, row, 1);
            x->opens = (int)db_cell_int(&reg, row, 2);
            x->closes = (int)db_cell_int(&reg, row, 3);
            x->valid_from = db_cell(&reg, row, 4) ? hours_parse_date(db_cell(&reg, row, 4)) : -1;
            x->valid_to = db_cell(&reg, row, 5) ? hours_parse_date(db_cell(&reg, row, 5)) : -1;
            break;
        }
    }
    for (int row = 0; row < exc.nrows; row++) {
        int64_t pid = db_cell_int(&exc, row, 0);
        int64_t from = hours_parse_date(db_cell(&exc, row, 1));
        if (from < 0) continue;
        for (int i = 0; i < n; i++) {
            if (h[i].id != pid) continue;
            int k = h[i].nexceptions++;
            hours_exception *x = &h[i].exceptions[k];
            x->from = from;
            x->to = db_cell(&exc, row, 2) ? hours_parse_date(db_cell(&exc, row, 2)) : -1;
            x->closed = db_cell_int(&exc, row, 3) != 0;
            x->opens = db_cell(&exc, row, 4) ? (int)db_cell_int(&exc, row, 4) : 0;
            x->closes = db_cell(&exc, row, 5) ? (int)db_cell_int(&exc, row, 5) : 0;
            for (int l = 0; l < 3; l++) h[i].notes[k * 3 + l] = db_cell(&exc, row, 6 + l);
            break;
        }
    }
    return 0;
}

int dir_hours_load(request *r, const int64_t *ids, int n, int64_t since_days, dir_hours **out)
{
    return hours_load(r, "point_id", ids, n, since_days, out);
}

int dir_channel_hours_load(request *r, const int64_t *ids, int n, int64_t since_days, dir_hours **out)
{
    return hours_load(r, "channel_id", ids, n, since_days, out);
}

hours_set dir_hours_set(const dir_hours *h)
{
    hours_set s = {h->regular, h->nregular, h->exceptions, h->nexceptions};
    return s;
}

const char *dir_fmt_minutes(request *r, int minutes)
{
    return arena_printf(&r->a, strcmp(r->lang, "en") == 0 ? "%d:%02d" : "%d.%02d", minutes / 60, minutes % 60);
}

static const char *const WEEKDAYS[] = {N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"),
                                       N_("Friday"), N_("Saturday"), N_("Sunday")};
static const char *const ON_WEEKDAYS[] = {N_("on Monday"), N_("on Tuesday"), N_("on Wednesday"), N_("on Thursday"),
                                          N_("on Friday"), N_("on Saturday"), N_("on Sunday")};

const char *dir_weekday_name(request *r, int weekday)
{
    return weekday >= 1 && weekday <= 7 ? tr(r->lang, WEEKDAYS[weekday - 1]) : "";
}

static char *fill(request *r, const char *text, const char *key, const char *value)
{
    const char *at = strstr(text, key);
    if (!at) return arena_strdup(&r->a, text);
    return arena_printf(&r->a, "%.*s%s%s", (int)(at - text), text, value, at + strlen(key));
}

json_t *dir_status_json(request *r, const hours_status *st)
{
    const char *text;
    if (!st->known) {
        text = tr(r->lang, "Opening hours are not available.");
    } else if (st->open) {
        if (st->closes_at - r->now > 7 * 86400) {
            text = tr(r->lang, "Open now, around the clock");
        } else {
            hel_time c;
            hours_to_local(st->closes_at, &c);
            text = fill(r, tr(r->lang, "Open now, until {time}"), "{time}", dir_fmt_minutes(r, c.minute ? c.minute : 1440));
        }
    } else if (st->opens_at) {
        hel_time now, o;
        hours_to_local(r->now, &now);
        hours_to_local(st->opens_at, &o);
        const char *time = dir_fmt_minutes(r, o.minute);
        if (o.days == now.days) {
            text = fill(r, tr(r->lang, "Closed now. Opens today at {time}"), "{time}", time);
        } else if (o.days == now.days + 1) {
            text = fill(r, tr(r->lang, "Closed now. Opens tomorrow at {time}"), "{time}", time);
        } else {
            int y, m, d;
            hours_civil_from_days(o.days, &y, &m, &d);
            char *t = fill(r, tr(r->lang, "Closed now. Opens {day} {date} at {time}"), "{day}",
                           tr(r->lang, ON_WEEKDAYS[o.weekday - 1]));
            t = fill(r, t, "{date}", arena_printf(&r->a, "%d.%d.", d, m));
            text = fill(r, t, "{time}", time);
        }
    } else {
        text = tr(r->lang, "Closed now");
    }
    return json_pack("{s:b, s:b, s:s}", "open", st->open, "known", st->known, "text", text);
}

const char *dir_level_label(request *r, const char *level, const char *weekdays)
{
    if (!level) return tr(r->lang, "Not offered here");
    if (strcmp(level, "walk_in_daily") == 0) return tr(r->lang, "Without an appointment on weekdays");
    if (strcmp(level, "by_appointment") == 0) return tr(r->lang, "By appointment");
    if (strcmp(level, "remote_only") == 0) return tr(r->lang, "Only remotely: by phone, chat or video");
    if (strcmp(level, "weekly_days") == 0) {
        buf b = BUF_INIT;
        for (const char *p = weekdays ? weekdays : ""; *p; p++)
            if (*p >= '1' && *p <= '7') buf_printf(&b, "%s%s", b.len ? ", " : "", dir_weekday_name(r, *p - '0'));
        const char *days = arena_strdup(&r->a, b.data ? b.data : "");
        buf_free(&b);
        if (!*days) return tr(r->lang, "On some weekdays only");
        return fill(r, tr(r->lang, "Only on these days: {days}"), "{days}", days);
    }
    return tr(r->lang, "Not offered here");
}

bool dir_has_lang(const char *languages, const char *lang)
{
    size_t n = strlen(lang);
    for (const char *p = languages ? languages : ""; *p;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len == n && strncmp(p, lang, n) == 0) return true;
        if (!comma) break;
        p = comma + 1;
    }
    return false;
}

const char *dir_langs_label(request *r, const char *languages)
{
    static const char *const codes[] = {"fi", "sv", "en"};
    static const char *const names[] = {N_("Finnish"), N_("Swedish"), N_("English")};
    buf b = BUF_INIT;
    for (int i = 0; i < 3; i++)
        if (dir_has_lang(languages, codes[i])) buf_printf(&b, "%s%s", b.len ? ", " : "", tr(r->lang, names[i]));
    const char *s = arena_strdup(&r->a, b.data ? b.data : "");
    buf_free(&b);
    return s;
}

const char *dir_phone_display(request *r, const char *e164)
{
    if (!e164) return "";
    size_t n = strlen(e164);
    if (n == 13 && strncmp(e164, "+358", 4) == 0)   /* +358 29 151 1000 -> 029 151 1000 */
        return arena_printf(&r->a, "0%.2s %.3s %.4s", e164 + 4, e164 + 6, e164 + 9);
    return e164;
}

json_t *dir_channel_json(request *r, const db_result *res, int row)
{
    const char *kind = db_cell(res, row, 1);
    json_t *c = json_pack("{s:b, s:b, s:b, s:b, s:b, s:b}", "is_phone", 0, "url", 0, "hours", 0, "languages", 0,
                          "service", 0, "charge", 0);
    json_object_set_new(c, "kind", json_string(kind));
    json_object_set_new(c, "name", json_string(dir_pick(res, row, 4, r->lang)));
    const char *phone = db_cell(res, row, 7), *url = db_cell(res, row, 8), *charge = db_cell(res, row, 9);
    if (strcmp(kind, "phone") == 0 && phone && *phone) {
        json_object_set_new(c, "is_phone", json_true());
        json_object_set_new(c, "tel", json_string(phone));
        json_object_set_new(c, "phone_display", json_string(dir_phone_display(r, phone)));
        const char *ct = strcmp(charge, "free") == 0 ? tr(r->lang, "Free of charge")
                         : strcmp(charge, "local") == 0 ? tr(r->lang, "The call costs what your own phone plan charges")
                                                        : dir_pick(res, row, 10, r->lang);
        if (*ct) json_object_set_new(c, "charge", json_string(ct));
    } else if (url && *url) {
        json_object_set_new(c, "url", json_string(url));
        const char *label = strcmp(kind, "chat") == 0      ? tr(r->lang, "Chat")
                            : strcmp(kind, "eservice") == 0 ? tr(r->lang, "E-service")
                            : strcmp(kind, "video") == 0    ? tr(r->lang, "Video appointment")
                                                            : tr(r->lang, "Web page");
        json_object_set_new(c, "kind_label", json_string(label));
    }
    /* Any service with a phone line: the resident may ask to be called back instead. */
    if (strcmp(kind, "phone") == 0 && db_cell(res, row, 2) && !db_cell(res, row, 3))
        json_object_set_new(c, "callback_url", json_string(req_url(r, arena_printf(&r->a, "/callbacks/new?service=%s",
                                                                                 db_cell(res, row, 2)))));
    const char *hours = dir_pick(res, row, 13, r->lang);
    if (*hours) json_object_set_new(c, "hours", json_string(hours));
    const char *langs = dir_langs_label(r, db_cell(res, row, 16));
    if (*langs) json_object_set_new(c, "languages", json_string(langs));
    return c;
}

json_t *dir_address_json(request *r, const db_result *res, int row, int col_street_fi, int col_postal,
                         int col_post_office_fi)
{
    return json_pack("{s:s, s:s, s:s}", "street", dir_pick(res, row, col_street_fi, r->lang), "postal_code",
                     db_cell(res, row, col_postal) ? db_cell(res, row, col_postal) : "", "post_office",
                     dir_pick(res, row, col_post_office_fi, r->lang));
}

const char *dir_survey_url(request *r, int64_t point_id)
{
    static const char SURVEY_PATTERN[] = "/{lang}/surveys/service-points/{id}";
    for (size_t i = 0; i < routes_count; i++)
        if (strcmp(routes[i].method, "GET") == 0 && strcmp(routes[i].pattern, SURVEY_PATTERN) == 0)
            return req_url(r, arena_printf(&r->a, "/surveys/service-points/%lld", (long long)point_id));
    return NULL;
}
