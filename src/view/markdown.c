/* Markdown to HTML: md4c renders (raw HTML off), then every link and image
 * whose URL a browser would open with a scheme other than http, https or
 * mailto loses its tag. md4c itself copies any scheme through, so
 * [x](javascript:...) would otherwise be a live link. Kept apart from
 * view.c so the fuzz harness links only this. */
#include "markdown.h"
#include <md4c-html.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The code point of the character reference at s[0] == '&' as a browser
 * decodes it inside an attribute value, with *used the bytes it takes;
 * -1 when there is none there (the '&' stands for itself) and -2 when
 * it may be one we do not know. Numeric references need no ';'. */
static long char_ref(const char *s, size_t n, size_t *used)
{
    size_t i = 1;
    if (i < n && s[i] == '#') {
        i++;
        bool hex = i < n && (s[i] == 'x' || s[i] == 'X');
        if (hex) i++;
        size_t start = i;
        unsigned long v = 0;
        while (i < n) {
            int d = s[i] >= '0' && s[i] <= '9' ? s[i] - '0'
                  : hex && s[i] >= 'a' && s[i] <= 'f' ? s[i] - 'a' + 10
                  : hex && s[i] >= 'A' && s[i] <= 'F' ? s[i] - 'A' + 10 : -1;
            if (d < 0) break;
            if (v <= 0x10FFFF) v = v * (hex ? 16 : 10) + (unsigned long)d;
            i++;
        }
        if (i == start) return -1;
        if (i < n && s[i] == ';') i++;
        *used = i;
        return v == 0 || v > 0x10FFFF ? 0xFFFD : (long)v;
    }
    static const struct {
        const char *name;
        char c;
    } names[] = {{"amp;", '&'},  {"lt;", '<'},     {"gt;", '>'},     {"quot;", '"'}, {"apos;", '\''},
                 {"colon;", ':'}, {"Tab;", '\t'},  {"NewLine;", '\n'}, {"sol;", '/'},  {"quest;", '?'},
                 {"num;", '#'},  {"period;", '.'}, {"plus;", '+'}};
    for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
        size_t len = strlen(names[k].name);
        if (n - 1 >= len && memcmp(s + 1, names[k].name, len) == 0) {
            *used = 1 + len;
            return (unsigned char)names[k].c;
        }
    }
    size_t j = 1;
    while (j < n && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z') || (s[j] >= '0' && s[j] <= '9')))
        j++;
    return j > 1 ? -2 : -1;
}

bool markdown_url_allowed(const char *v, size_t n)
{
    char scheme[8];
    size_t len = 0;
    bool started = false, bad = false;
    size_t i = 0;
    while (i < n) {
        long c = (unsigned char)v[i];
        size_t used = 1;
        if (c == '&') {
            long d = char_ref(v + i, n - i, &used);
            if (d == -2) {           /* unknown: cannot be part of a scheme */
                bad = true;
                used = 1;
                c = '&';
            } else if (d >= 0) {
                c = d;
            } else {
                used = 1;
            }
        }
        i += used;
        if (c == '\t' || c == '\n' || c == '\r') continue;   /* browsers drop these anywhere */
        if (!started) {
            if (c <= 0x20) continue;                          /* and C0 controls and spaces in front */
            started = true;
        }
        if (c == ':') {
            if (bad) return false;
            scheme[len] = '\0';
            return (len == 4 && memcmp(scheme, "http", 4) == 0) || (len == 5 && memcmp(scheme, "https", 5) == 0) ||
                   (len == 6 && memcmp(scheme, "mailto", 6) == 0);
        }
        if (c == '/' || c == '?' || c == '#') return true;   /* relative: path, query, fragment */
        if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
        bool scheme_char = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
        if (!scheme_char || len >= sizeof scheme - 1) bad = true;
        else scheme[len++] = (char)c;
    }
    return true;   /* no scheme: a relative path (or empty) */
}

static void md_output(const MD_CHAR *text, MD_SIZE size, void *ud)
{
    buf_append((buf *)ud, text, size);
}

static bool starts(const char *s, size_t n, const char *prefix)
{
    size_t len = strlen(prefix);
    return n >= len && memcmp(s, prefix, len) == 0;
}

/* Copies md4c's html to out without the <a> and <img> tags whose URL is
 * not allowed: a link keeps its text, an image becomes its alt text.
 * md4c escapes '"' and '>' inside attribute values and '<' everywhere
 * outside its own tags, so the tags can be read off the text. */
static void drop_unsafe_links(const char *h, size_t n, buf *out)
{
    uint64_t kept = 0;   /* one bit per open <a>: kept or dropped */
    unsigned depth = 0;
    size_t i = 0;
    while (i < n) {
        const char *lt = memchr(h + i, '<', n - i);
        size_t next = lt ? (size_t)(lt - h) : n;
        buf_append(out, h + i, next - i);
        i = next;
        if (i >= n) break;
        const char *s = h + i;
        size_t rest = n - i;
        bool link = starts(s, rest, "<a href=\""), image = starts(s, rest, "<img src=\"");
        if (link || image) {
            size_t vstart = link ? 9 : 10;
            const char *q = memchr(s + vstart, '"', rest - vstart);
            const char *gt = q ? memchr(q, '>', rest - (size_t)(q - s)) : NULL;
            if (!gt) {               /* not md4c's: write nothing more of it */
                buf_append(out, "&lt;", 4);
                i++;
                continue;
            }
            size_t tag_len = (size_t)(gt - s) + 1;
            bool ok = markdown_url_allowed(s + vstart, (size_t)(q - s) - vstart);
            if (link) {
                ok = ok && depth < 64;   /* md4c never nests links; deeper ones lose their tags */
                if (depth < 64) kept = ok ? kept | (1ULL << depth) : kept & ~(1ULL << depth);
                depth++;
                if (ok) buf_append(out, s, tag_len);
            } else if (ok) {
                buf_append(out, s, tag_len);
            } else {
                const char *alt = memmem(q, tag_len - (size_t)(q - s), "\" alt=\"", 7);
                if (alt) {
                    alt += 7;
                    const char *end = memchr(alt, '"', (size_t)(gt - alt));
                    if (end) buf_append(out, alt, (size_t)(end - alt));
                }
            }
            i += tag_len;
            continue;
        }
        if (starts(s, rest, "</a>")) {   /* md4c sometimes closes a link it never opened: drop that */
            if (depth > 0) {
                depth--;
                if (depth < 64 && (kept >> depth & 1)) buf_append(out, s, 4);
            }
            i += 4;
            continue;
        }
        buf_append(out, s, 1);
        i++;
    }
}

int markdown_to_html(const char *md, size_t len, buf *out)
{
    unsigned parser_flags = MD_FLAG_NOHTML | MD_FLAG_STRIKETHROUGH | MD_FLAG_TABLES |
                            MD_FLAG_PERMISSIVEAUTOLINKS;
    /* md4c 0.4.8 (Debian 12) reads past the end of its input on some
     * texts (found by tests/fuzz/fuzz_markdown): it gets a copy followed by
     * zero bytes, so what it reads there is ours and harmless. */
    enum { PAD = 16 };
    char *copy = malloc(len + PAD);
    if (!copy) return -1;
    memcpy(copy, md, len);
    memset(copy + len, 0, PAD);
    buf html = BUF_INIT;
    int rc = md_html(copy, (MD_SIZE)len, md_output, &html, parser_flags, 0) == 0 ? 0 : -1;
    free(copy);
    if (rc == 0 && html.len) drop_unsafe_links(html.data, html.len, out);
    buf_free(&html);
    return rc;
}
