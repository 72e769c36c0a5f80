/* iCalendar (RFC 5545): the writer, and /events.ics and /events/{id}.ics. */
#include "events.h"
#include "internal.h"
#include "../app/app.h"
#include "../view/i18n.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

#define ICAL_MAX_OCTETS 75

void ical_line(buf *out, const char *name, const char *value)
{
    buf line = BUF_INIT;
    buf_puts(&line, name);
    buf_putc(&line, ':');
    if (value) buf_puts(&line, value);
    const char *s = line.data;
    size_t n = line.len, pos = 0;
    bool first = true;
    while (pos < n) {
        size_t room = first ? ICAL_MAX_OCTETS : ICAL_MAX_OCTETS - 1;   /* continuation's space counts */
        size_t take = n - pos;
        if (take > room) {
            take = room;
            /* never cut inside a UTF-8 sequence: back off to a lead byte */
            while (take > 0 && ((unsigned char)s[pos + take] & 0xC0) == 0x80) take--;
        }
        if (!first) buf_putc(out, ' ');
        buf_append(out, s + pos, take);
        buf_append(out, "\r\n", 2);
        pos += take;
        first = false;
    }
    buf_free(&line);
}

void ical_escape(buf *out, const char *text)
{
    if (!text) return;
    for (const char *p = text; *p; p++) {
        switch (*p) {
        case '\\': buf_append(out, "\\\\", 2); break;
        case ';': buf_append(out, "\\;", 2); break;
        case ',': buf_append(out, "\\,", 2); break;
        case '\n': buf_append(out, "\\n", 2); break;
        case '\r': break;
        default:
            /* other control characters are not allowed in TEXT */
            if ((unsigned char)*p >= 0x20 || *p == '\t') buf_putc(out, *p);
        }
    }
}

void ical_text(buf *out, const char *name, const char *text)
{
    buf v = BUF_INIT;
    ical_escape(&v, text);
    ical_line(out, name, v.data ? v.data : "");
    buf_free(&v);
}

void ical_utc(int64_t t, char out[17])
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    unsigned v[6] = {(unsigned)(tm.tm_year + 1900) % 10000u, (unsigned)tm.tm_mon + 1, (unsigned)tm.tm_mday,
                     (unsigned)tm.tm_hour, (unsigned)tm.tm_min, (unsigned)tm.tm_sec};
    char *p = out;
    *p++ = (char)('0' + v[0] / 1000), *p++ = (char)('0' + v[0] / 100 % 10);
    *p++ = (char)('0' + v[0] / 10 % 10), *p++ = (char)('0' + v[0] % 10);
    for (int i = 1; i < 6; i++) {
        if (i == 3) *p++ = 'T';
        *p++ = (char)('0' + v[i] / 10 % 10), *p++ = (char)('0' + v[i] % 10);
    }
    *p++ = 'Z', *p = '\0';
}

void ical_begin(buf *out)
{
    ical_line(out, "BEGIN", "VCALENDAR");
    ical_line(out, "VERSION", "2.0");
    ical_line(out, "PRODID", "-//Kohtaamo//Events//FI");
    ical_line(out, "CALSCALE", "GREGORIAN");
    ical_line(out, "METHOD", "PUBLISH");
}

void ical_vevent(buf *out, const ical_event *ev)
{
    char uid[256], t[17];
    snprintf(uid, sizeof uid, "event-%lld@%s", (long long)ev->id, ev->host && *ev->host ? ev->host : "kohtaamo");
    ical_line(out, "BEGIN", "VEVENT");
    ical_text(out, "UID", uid);
    ical_utc(ev->stamp, t);
    ical_line(out, "DTSTAMP", t);
    ical_utc(ev->starts_at, t);
    ical_line(out, "DTSTART", t);
    ical_utc(ev->ends_at, t);
    ical_line(out, "DTEND", t);
    ical_text(out, "SUMMARY", ev->summary ? ev->summary : "");
    if (ev->description && *ev->description) ical_text(out, "DESCRIPTION", ev->description);
    if (ev->location && *ev->location) ical_text(out, "LOCATION", ev->location);
    if (ev->url && *ev->url) ical_line(out, "URL", ev->url);
    ical_line(out, "END", "VEVENT");
}

void ical_end(buf *out) { ical_line(out, "END", "VCALENDAR"); }

/* ---- handlers ---- */

static void ical_event_from_row(request *r, const event_row *e, const char *host, ical_event *out)
{
    memset(out, 0, sizeof *out);
    out->id = e->id;
    out->starts_at = e->starts_at;
    out->ends_at = e->ends_at;
    out->stamp = e->updated_at;
    out->host = host;
    out->summary = e->title;
    out->description = e->description;
    out->location = events_location_text(r, e);
    out->url = arena_concat(&r->a, events_base_url(r), "/", r->lang, "/events/", arena_printf(&r->a, "%lld", (long long)e->id), NULL);
}

static void respond_ics(request *r, buf *b, const char *filename)
{
    r->status = 200;
    r->content_type = "text/calendar; charset=utf-8";
    req_header(r, "Content-Disposition", arena_printf(&r->a, "attachment; filename=\"%s\"", filename));
    buf_append(&r->out, b->data, b->len);
    buf_free(b);
}

/* GET /events.ics[?lang=sv]: every upcoming event that anyone may see
 * (no space, or a published space open to everyone). */
int events_ics_all(request *r)
{
    const char *lang = req_query(r, "lang");
    if (lang && (strcmp(lang, "fi") == 0 || strcmp(lang, "sv") == 0 || strcmp(lang, "en") == 0)) r->lang = lang;
    event_row *rows;
    db_param p[] = {DB_INT(r->now)};
    int n = events_fetch(r, "WHERE e.ends_at > $1 AND e.draft = 0 AND (e.space_id IS NULL OR (s.audience = 'everyone' AND s.published = 1)) "
                            "ORDER BY e.starts_at, e.id LIMIT 500", 1, p, &rows);
    if (n < 0) return -1;
    const char *host = events_host(&r->a);
    buf b = BUF_INIT;
    ical_begin(&b);
    ical_text(&b, "X-WR-CALNAME", tr(r->lang, "Events and workshops"));
    for (int i = 0; i < n; i++) {
        ical_event ev;
        ical_event_from_row(r, &rows[i], host, &ev);
        ical_vevent(&b, &ev);
    }
    ical_end(&b);
    respond_ics(r, &b, "events.ics");
    return 0;
}

/* GET /events/{id}.ics[?lang=sv]: one event; 403 when its space is not
 * visible to the one asking. */
int events_ics_one(request *r)
{
    const char *lang = req_query(r, "lang");
    if (lang && (strcmp(lang, "fi") == 0 || strcmp(lang, "sv") == 0 || strcmp(lang, "en") == 0)) r->lang = lang;
    event_row e;
    int rc = events_load_visible(r, req_param(r, "id"), &e);
    if (rc <= 0) return rc;
    buf b = BUF_INIT;
    ical_begin(&b);
    ical_event ev;
    ical_event_from_row(r, &e, events_host(&r->a), &ev);
    ical_vevent(&b, &ev);
    ical_end(&b);
    respond_ics(r, &b, arena_printf(&r->a, "event-%lld.ics", (long long)e.id));
    return 0;
}
