/* Request body parsing: application/x-www-form-urlencoded (WHATWG URL
 * standard, "application/x-www-form-urlencoded parsing") and
 * multipart/form-data (RFC 7578 on top of the RFC 2046 framing).
 *
 * The input is an untrusted byte buffer that is NOT NUL-terminated, so every
 * scan below is bounded by an explicit end pointer.  Each byte of the body is
 * looked at a small constant number of times, there is no recursion, and all
 * output lives in the caller's arena, so a hostile body can cost at most
 * O(len) time and memory before a limit or an error stops it.
 *
 * Deliberate strictness, so that this parser never disagrees with a proxy or
 * framework in front of it about where a field starts or ends:
 *   - multipart headers must end in CRLF; folded header lines are rejected;
 *   - a part without "Content-Disposition: form-data; name=..." is rejected,
 *     as are repeated name/filename/boundary/charset parameters;
 *   - "--boundary" must be followed by "--" or by optional blanks and CRLF.
 */
#include "form.h"
#include <string.h>

const form_limits FORM_DEFAULT_LIMITS = {200, 64 * 1024, 5 * 1024 * 1024, 256};

/* RFC 2046 caps the boundary at 70 characters. */
#define BOUNDARY_MAX 70

/* ---------------------------------------------------------------- UTF-8 */

/* Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above
 * U+10FFFF, no truncated sequences.  U+0000 is valid UTF-8 and is accepted
 * here; the form parser rejects NUL separately (see text_ok). */
bool utf8_valid(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;

    while (i < len) {
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        /* The second byte carries the extra range restrictions that rule out
         * overlongs (E0, F0), surrogates (ED) and code points past U+10FFFF
         * (F4); the remaining continuation bytes are always 80..BF. */
        unsigned char lo = 0x80, hi = 0xBF;
        size_t need;
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            if (c == 0xE0) lo = 0xA0;
            else if (c == 0xED) hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            if (c == 0xF0) lo = 0x90;
            else if (c == 0xF4) hi = 0x8F;
        } else {
            return false;   /* 80..C1 (stray continuation, overlong lead) or F5..FF */
        }
        if (len - i - 1 < need) return false;
        if (s[i + 1] < lo || s[i + 1] > hi) return false;
        for (size_t k = 2; k <= need; k++)
            if ((s[i + k] & 0xC0) != 0x80) return false;
        i += need + 1;
    }
    return true;
}

/* Names and text values become C strings, so an embedded NUL would let two
 * layers of the application see different strings. */
static bool text_ok(const char *s, size_t len)
{
    return len == 0 || (memchr(s, '\0', len) == NULL && utf8_valid(s, len));
}

/* -------------------------------------------------------------- helpers */

static int ascii_lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

/* Case-insensitive comparison of a byte span with a lower-case literal. */
static bool span_ieq(const char *s, size_t n, const char *lit)
{
    size_t litlen = strlen(lit);
    if (n != litlen) return false;
    for (size_t i = 0; i < n; i++)
        if (ascii_lower((unsigned char)s[i]) != lit[i]) return false;
    return true;
}

static int hex_value(unsigned char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static bool is_ows(char c) { return c == ' ' || c == '\t'; }

/* RFC 7230 tchar. */
static bool is_tchar(unsigned char c)
{
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        return true;
    return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/* RFC 2046 bchars (the space is handled by the caller: allowed, not last). */
static bool is_bchar(unsigned char c)
{
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        return true;
    return c != '\0' && strchr("'()+_,-./:=? ", c) != NULL;
}

static const char *skip_ows(const char *p, const char *end)
{
    while (p < end && is_ows(*p)) p++;
    return p;
}

/* ----------------------------------------------------------- field list */

/* The arena cannot grow a block in place, so the field array is copied on
 * doubling; the abandoned copies add up to less than the final array. */
typedef struct field_list {
    form_field *items;
    size_t count, cap;
} field_list;

static form_status field_add(arena *a, field_list *fl, const form_limits *lim,
                             form_field **slot)
{
    if (fl->count >= lim->max_fields) return FORM_ERR_TOO_LARGE;
    if (fl->count == fl->cap) {
        size_t cap = fl->cap ? fl->cap * 2 : 8;
        if (cap > lim->max_fields) cap = lim->max_fields;
        form_field *items = arena_alloc(a, cap * sizeof *items);
        if (fl->count) memcpy(items, fl->items, fl->count * sizeof *items);
        fl->items = items;
        fl->cap = cap;
    }
    *slot = &fl->items[fl->count++];
    return FORM_OK;
}

/* ----------------------------------------------------------- urlencoded */

/* Decodes '+' and %XX into a fresh NUL-terminated arena string.  The output
 * is never longer than the input. */
static form_status percent_decode(arena *a, const char *s, size_t n,
                                  char **out, size_t *outlen)
{
    char *dst = arena_alloc(a, n + 1);
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '+') {
            c = ' ';
        } else if (c == '%') {
            if (n - i < 3) return FORM_ERR_MALFORMED;
            int hi = hex_value((unsigned char)s[i + 1]);
            int lo = hex_value((unsigned char)s[i + 2]);
            if (hi < 0 || lo < 0) return FORM_ERR_MALFORMED;
            c = (char)(hi * 16 + lo);
            i += 2;
        }
        dst[j++] = c;
    }
    dst[j] = '\0';
    *out = dst;
    *outlen = j;
    return FORM_OK;
}

static form_status parse_urlencoded(arena *a, const char *s, size_t len,
                                    const form_limits *lim, form *out)
{
    field_list fl = {NULL, 0, 0};
    const char *p = s, *end = s + len;

    while (p < end) {
        const char *amp = memchr(p, '&', (size_t)(end - p));
        const char *pair_end = amp ? amp : end;

        if (pair_end > p) {
            const char *eq = memchr(p, '=', (size_t)(pair_end - p));
            const char *name_end = eq ? eq : pair_end;
            const char *val = eq ? eq + 1 : pair_end;
            form_field *f;
            char *name, *value;
            size_t name_len, value_len;
            form_status st;

            if ((st = field_add(a, &fl, lim, &f)) != FORM_OK) return st;
            st = percent_decode(a, p, (size_t)(name_end - p), &name, &name_len);
            if (st != FORM_OK) return st;
            st = percent_decode(a, val, (size_t)(pair_end - val), &value, &value_len);
            if (st != FORM_OK) return st;
            if (name_len > lim->max_name_len || value_len > lim->max_field_len)
                return FORM_ERR_TOO_LARGE;
            if (!text_ok(name, name_len) || !text_ok(value, value_len))
                return FORM_ERR_NOT_UTF8;
            f->name = name;
            f->value = value;
            f->len = value_len;
        }
        p = amp ? amp + 1 : end;
    }
    out->fields = fl.items;
    out->count = fl.count;
    return FORM_OK;
}

/* ------------------------------------------------- header parameters */

/* One "name=value" of a "type; name=value; ..." header (Content-Type,
 * Content-Disposition).  value still holds the backslash escapes if quoted. */
typedef struct header_param {
    const char *name, *value;
    size_t name_len, value_len;
    bool quoted;
} header_param;

/* Reads the next parameter at *pp.  Returns 1 when one was read, 0 at the end
 * of the header, -1 on a syntax error.  Empty parameters (";;" or a trailing
 * ";") are skipped; blanks around '=' are tolerated. */
static int next_param(const char **pp, const char *end, header_param *hp)
{
    const char *p = *pp;

    for (;;) {
        p = skip_ows(p, end);
        if (p == end) {
            *pp = p;
            return 0;
        }
        if (*p != ';') return -1;
        p = skip_ows(p + 1, end);
        if (p < end && *p != ';') break;
    }

    const char *name = p;
    while (p < end && is_tchar((unsigned char)*p)) p++;
    if (p == name) return -1;
    hp->name = name;
    hp->name_len = (size_t)(p - name);

    p = skip_ows(p, end);
    if (p == end || *p != '=') return -1;
    p = skip_ows(p + 1, end);

    if (p < end && *p == '"') {
        const char *v = ++p;
        while (p < end && *p != '"') {
            if (*p == '\\' && end - p > 1) p++;
            p++;
        }
        if (p >= end) return -1;     /* unterminated quoted string */
        hp->value = v;
        hp->value_len = (size_t)(p - v);
        hp->quoted = true;
        p++;
    } else {
        /* Looser than token on purpose: real clients send unquoted values
         * with '/', '=' or ':' in them.  What may follow is checked above. */
        const char *v = p;
        while (p < end && *p != ';' && *p != '"' && (unsigned char)*p > 0x20 &&
               (unsigned char)*p != 0x7F)
            p++;
        hp->value = v;
        hp->value_len = (size_t)(p - v);
        hp->quoted = false;
    }
    *pp = p;
    return 1;
}

/* The parameter value as an arena string with quoting removed.  Only \" and
 * \\ are treated as escapes: browsers do not escape backslashes in file
 * names (they send "C:\path" verbatim), so "\x" is kept as two characters. */
static char *param_value(arena *a, const header_param *hp, size_t *len)
{
    char *dst = arena_alloc(a, hp->value_len + 1);
    size_t j = 0;
    for (size_t i = 0; i < hp->value_len; i++) {
        char c = hp->value[i];
        if (hp->quoted && c == '\\' && i + 1 < hp->value_len &&
            (hp->value[i + 1] == '"' || hp->value[i + 1] == '\\'))
            c = hp->value[++i];
        dst[j++] = c;
    }
    dst[j] = '\0';
    *len = j;
    return dst;
}

/* ------------------------------------------------------------ multipart */

typedef struct part_info {
    bool have_disposition, have_type;
    const char *name, *filename, *content_type;
    size_t name_len, filename_len, content_type_len;
} part_info;

static form_status parse_disposition(arena *a, const char *p, const char *end,
                                     part_info *pi)
{
    const char *type = p;
    while (p < end && is_tchar((unsigned char)*p)) p++;
    if (!span_ieq(type, (size_t)(p - type), "form-data")) return FORM_ERR_MALFORMED;

    header_param hp;
    int r;
    while ((r = next_param(&p, end, &hp)) > 0) {
        if (span_ieq(hp.name, hp.name_len, "name")) {
            if (pi->name) return FORM_ERR_MALFORMED;
            pi->name = param_value(a, &hp, &pi->name_len);
        } else if (span_ieq(hp.name, hp.name_len, "filename")) {
            if (pi->filename) return FORM_ERR_MALFORMED;
            pi->filename = param_value(a, &hp, &pi->filename_len);
        }
        /* Others, including RFC 5987 "filename*", are ignored: RFC 7578
         * section 4.2 says receivers should not rely on them. */
    }
    return r < 0 ? FORM_ERR_MALFORMED : FORM_OK;
}

/* One header line of a part, without its CRLF. */
static form_status parse_part_header(arena *a, const char *line, const char *end,
                                     part_info *pi)
{
    if (is_ows(*line)) return FORM_ERR_MALFORMED;   /* obsolete line folding */
    const char *colon = memchr(line, ':', (size_t)(end - line));
    if (!colon) return FORM_ERR_MALFORMED;

    const char *v = skip_ows(colon + 1, end);
    const char *v_end = end;
    while (v_end > v && is_ows(v_end[-1])) v_end--;

    if (span_ieq(line, (size_t)(colon - line), "content-disposition")) {
        if (pi->have_disposition) return FORM_ERR_MALFORMED;
        pi->have_disposition = true;
        return parse_disposition(a, v, v_end, pi);
    }
    if (span_ieq(line, (size_t)(colon - line), "content-type")) {
        if (pi->have_type) return FORM_ERR_MALFORMED;
        pi->have_type = true;
        pi->content_type_len = (size_t)(v_end - v);
        pi->content_type = arena_strndup(a, v, pi->content_type_len);
    }
    return FORM_OK;
}

/* Finds the delimiter "\r\n--boundary" in [p, end).  Linear: the needle's
 * first byte '\r' occurs nowhere else in it (bchars exclude CR), so a partial
 * match that fails at offset k cannot hide another candidate before p + k;
 * each byte is compared at most twice. */
static const char *find_delimiter(const char *p, const char *end,
                                  const char *delim, size_t dlen)
{
    while ((size_t)(end - p) >= dlen) {
        const char *cr = memchr(p, '\r', (size_t)(end - p) - dlen + 1);
        if (!cr) return NULL;
        size_t k = 1;
        while (k < dlen && cr[k] == delim[k]) k++;
        if (k == dlen) return cr;
        p = cr + k;
    }
    return NULL;
}

static form_status parse_multipart(arena *a, const char *boundary, size_t blen,
                                   const char *body, size_t len,
                                   const form_limits *lim, form *out)
{
    char delim[4 + BOUNDARY_MAX];
    size_t dlen = 4 + blen;
    const char *end = body + len;
    const char *p;
    field_list fl = {NULL, 0, 0};

    memcpy(delim, "\r\n--", 4);
    memcpy(delim + 4, boundary, blen);

    /* The first delimiter may open the body without a preceding CRLF;
     * anything before it is preamble. */
    if (len >= dlen - 2 && memcmp(body, delim + 2, dlen - 2) == 0) {
        p = body;
    } else {
        p = find_delimiter(body, end, delim, dlen);
        if (!p) return FORM_ERR_MALFORMED;
        p += 2;
    }

    for (;;) {
        /* p is at "--boundary". */
        p += dlen - 2;
        if (end - p >= 2 && p[0] == '-' && p[1] == '-') break;  /* epilogue follows */
        p = skip_ows(p, end);                                    /* transport padding */
        if (end - p < 2 || p[0] != '\r' || p[1] != '\n') return FORM_ERR_MALFORMED;
        p += 2;

        part_info pi;
        memset(&pi, 0, sizeof pi);
        for (;;) {
            const char *eol = memchr(p, '\r', (size_t)(end - p));
            if (!eol || end - eol < 2 || eol[1] != '\n') return FORM_ERR_MALFORMED;
            if (eol == p) {
                p += 2;
                break;
            }
            if (memchr(p, '\n', (size_t)(eol - p))) return FORM_ERR_MALFORMED;
            form_status st = parse_part_header(a, p, eol, &pi);
            if (st != FORM_OK) return st;
            p = eol + 2;
        }

        const char *content = p;
        const char *next = find_delimiter(p, end, delim, dlen);
        if (!next) return FORM_ERR_MALFORMED;  /* also: no closing delimiter */
        size_t clen = (size_t)(next - content);

        if (!pi.name) return FORM_ERR_MALFORMED;
        form_field *f;
        form_status st = field_add(a, &fl, lim, &f);
        if (st != FORM_OK) return st;
        if (pi.name_len > lim->max_name_len) return FORM_ERR_TOO_LARGE;
        if (clen > (pi.filename ? lim->max_file_len : lim->max_field_len))
            return FORM_ERR_TOO_LARGE;
        if (!text_ok(pi.name, pi.name_len)) return FORM_ERR_NOT_UTF8;
        if (pi.filename && !text_ok(pi.filename, pi.filename_len)) return FORM_ERR_NOT_UTF8;
        if (pi.content_type && !text_ok(pi.content_type, pi.content_type_len))
            return FORM_ERR_NOT_UTF8;
        if (!pi.filename && !text_ok(content, clen)) return FORM_ERR_NOT_UTF8;

        f->name = pi.name;
        f->value = arena_strndup(a, content, clen);
        f->len = clen;
        f->filename = pi.filename;
        f->content_type = pi.content_type;

        p = next + 2;
    }

    out->fields = fl.items;
    out->count = fl.count;
    return FORM_OK;
}

/* ------------------------------------------------------------ public API */

form_status form_parse(arena *a, const char *content_type, const char *body, size_t len,
                       const form_limits *limits, form *out)
{
    out->fields = NULL;
    out->count = 0;
    if (!limits) limits = &FORM_DEFAULT_LIMITS;
    if (len == 0) return FORM_OK;
    if (!content_type) return FORM_ERR_UNSUPPORTED;

    const char *end = content_type + strlen(content_type);
    const char *type = skip_ows(content_type, end);
    const char *p = type;
    while (p < end && *p != ';' && !is_ows(*p)) p++;

    bool multipart;
    if (span_ieq(type, (size_t)(p - type), "application/x-www-form-urlencoded"))
        multipart = false;
    else if (span_ieq(type, (size_t)(p - type), "multipart/form-data"))
        multipart = true;
    else
        return FORM_ERR_UNSUPPORTED;

    const char *charset = NULL, *boundary = NULL;
    size_t charset_len = 0, boundary_len = 0;
    header_param hp;
    int r;
    while ((r = next_param(&p, end, &hp)) > 0) {
        if (span_ieq(hp.name, hp.name_len, "charset")) {
            if (charset) return FORM_ERR_MALFORMED;
            charset = param_value(a, &hp, &charset_len);
        } else if (span_ieq(hp.name, hp.name_len, "boundary")) {
            if (boundary) return FORM_ERR_MALFORMED;
            boundary = param_value(a, &hp, &boundary_len);
        }
    }
    if (r < 0) return FORM_ERR_MALFORMED;
    if (charset && !span_ieq(charset, charset_len, "utf-8")) return FORM_ERR_UNSUPPORTED;

    /* The parse_* functions fill *out only on success. */
    if (!multipart) return parse_urlencoded(a, body, len, limits, out);

    if (!boundary || boundary_len == 0 || boundary_len > BOUNDARY_MAX ||
        boundary[boundary_len - 1] == ' ')
        return FORM_ERR_MALFORMED;
    for (size_t i = 0; i < boundary_len; i++)
        if (!is_bchar((unsigned char)boundary[i])) return FORM_ERR_MALFORMED;

    return parse_multipart(a, boundary, boundary_len, body, len, limits, out);
}

form_status form_parse_query(arena *a, const char *query, size_t len,
                             const form_limits *limits, form *out)
{
    out->fields = NULL;
    out->count = 0;
    if (!limits) limits = &FORM_DEFAULT_LIMITS;
    if (len == 0) return FORM_OK;
    return parse_urlencoded(a, query, len, limits, out);
}

const form_field *form_get_field(const form *f, const char *name)
{
    if (!f || !name) return NULL;
    for (size_t i = 0; i < f->count; i++)
        if (strcmp(f->fields[i].name, name) == 0) return &f->fields[i];
    return NULL;
}

const char *form_get(const form *f, const char *name)
{
    const form_field *field = form_get_field(f, name);
    return field ? field->value : NULL;
}

const char *form_status_str(form_status st)
{
    switch (st) {
    case FORM_OK: return "ok";
    case FORM_ERR_MALFORMED: return "malformed body";
    case FORM_ERR_NOT_UTF8: return "not valid UTF-8";
    case FORM_ERR_TOO_LARGE: return "too large";
    case FORM_ERR_UNSUPPORTED: return "unsupported content type";
    }
    return "unknown";
}
