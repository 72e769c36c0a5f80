/* libFuzzer harness for markdown_to_html (src/view/markdown.c): any input
 * is rendered, and the HTML must hold what every page relies on, checked
 * here independently of the filter (abort on a violation):
 *   - every tag is one md4c makes (no <script>, no raw HTML), with only
 *     the attributes md4c writes;
 *   - every href and src is http, https, mailto or relative once a
 *     browser has decoded it, with no character reference but &amp;;
 *   - <a> and </a> balance. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "view/markdown.h"

static const char *const TAGS[] = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "del", "code", "pre",
                                   "blockquote", "ul", "ol", "li", "hr", "br", "a", "img", "table", "thead", "tbody",
                                   "tr", "th", "td"};
static const char *const ATTRS[] = {"href", "src", "alt", "title", "class", "start", "align"};

static bool in(const char *const *list, size_t n, const char *s, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(list[i]) == len && memcmp(list[i], s, len) == 0) return true;
    return false;
}

/* The URL as a browser reads the attribute: &amp; decoded (md4c writes no
 * other reference in a URL), tab and newline dropped, leading C0 controls
 * and spaces dropped. Then a ':' before any '/', '?' or '#' is a scheme. */
static void check_url(const char *v, size_t n)
{
    char scheme[16];
    size_t len = 0;
    bool started = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)v[i];
        if (c == '&') {
            if (n - i < 5 || memcmp(v + i, "&amp;", 5) != 0) abort();
            i += 4;
        }
        if (c == '\t' || c == '\n' || c == '\r') continue;
        if (!started && c <= 0x20) continue;
        started = true;
        if (c == '/' || c == '?' || c == '#') return;
        if (c == ':') {
            scheme[len] = '\0';
            if (strcasecmp(scheme, "http") && strcasecmp(scheme, "https") && strcasecmp(scheme, "mailto")) abort();
            return;
        }
        if (len < sizeof scheme - 1) scheme[len++] = (char)c;
        else scheme[len - 1] = '!';   /* too long for an allowed scheme */
    }
}

static void check_html(const char *h, size_t n)
{
    long open_links = 0;
    for (size_t i = 0; i < n; i++) {
        if (h[i] == '>') continue;   /* md4c writes '>' in text as &gt;, but a stray one is harmless */
        if (h[i] != '<') continue;
        size_t j = i + 1;
        bool closing = j < n && h[j] == '/';
        if (closing) j++;
        size_t name = j;
        while (j < n && ((h[j] >= 'a' && h[j] <= 'z') || (h[j] >= '0' && h[j] <= '9'))) j++;
        if (!in(TAGS, sizeof TAGS / sizeof *TAGS, h + name, j - name)) abort();
        bool link = j - name == 1 && h[name] == 'a';
        if (link) open_links += closing ? -1 : 1;
        if (open_links < 0) abort();
        /* attributes: name="value" ... until '>' */
        while (j < n && h[j] != '>') {
            if (h[j] == ' ' || h[j] == '/') {
                j++;
                continue;
            }
            size_t a = j;
            while (j < n && h[j] >= 'a' && h[j] <= 'z') j++;
            if (closing || !in(ATTRS, sizeof ATTRS / sizeof *ATTRS, h + a, j - a)) abort();
            if (j + 1 >= n || h[j] != '=' || h[j + 1] != '"') abort();
            size_t v = j + 2;
            const char *q = memchr(h + v, '"', n - v);
            if (!q) abort();
            size_t vlen = (size_t)(q - h) - v;
            if (memchr(h + v, '<', vlen) || memchr(h + v, '>', vlen)) abort();
            if ((j - a == 4 && memcmp(h + a, "href", 4) == 0) || (j - a == 3 && memcmp(h + a, "src", 3) == 0))
                check_url(h + v, vlen);
            j = (size_t)(q - h) + 1;
        }
        if (j >= n) abort();   /* an unterminated tag */
        i = j;
    }
    if (open_links != 0) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* Copy to an exact-size heap block so ASan flags any read past size. */
    char *copy = malloc(size ? size : 1);
    if (!copy) return 0;
    memcpy(copy, data, size);
    buf out = BUF_INIT;
    if (markdown_to_html(copy, size, &out) == 0 && out.len) {
        if (strlen(out.data) != out.len && !memchr(copy, '\0', size)) abort();
        check_html(out.data, out.len);
    }
    buf_free(&out);
    free(copy);
    return 0;
}
