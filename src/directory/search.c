/* Word matching for "find a service"; see search.h. */
#include "search.h"
#include "../util/fold.h"
#include <string.h>

void dir_lower(const char *in, char *out, size_t outlen)
{
    if (outlen == 0) return;
    size_t n = strlen(in);
    if (n > outlen - 1) {
        n = outlen - 1;
        while (n > 0 && ((unsigned char)in[n] & 0xC0) == 0x80) n--;   /* not inside a letter */
    }
    text_fold_lower(in, n, out);
    out[n] = '\0';
}

static bool word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

int dir_query_words(const char *q, char words[DIR_MAX_WORDS][DIR_WORD_MAX])
{
    char low[512];
    dir_lower(q, low, sizeof low);
    int n = 0;
    const char *p = low;
    while (*p && n < DIR_MAX_WORDS) {
        while (*p && !word_byte((unsigned char)*p)) p++;
        const char *s = p;
        while (*p && word_byte((unsigned char)*p)) p++;
        size_t len = (size_t)(p - s);
        if (len >= 3 && len < DIR_WORD_MAX) {
            memcpy(words[n], s, len);
            words[n][len] = '\0';
            n++;
        }
    }
    return n;
}

/* Common endings, longest first: Finnish cases and possessives, Swedish
 * definite and plural forms. */
static const char *const ENDINGS[] = {
    "iltaan", "ineen", "eihin", "ssaan", "ssään", "staan", "stään", "lleen", "erna", "arna", "orna",
    "ssa", "ssä", "sta", "stä", "lla", "llä", "lta", "ltä", "lle", "ksi", "aan", "ään", "een", "iin",
    "oon", "uun", "ien", "jen", "ten", "en", "na", "nä", "an", "än", "on", "in", "un", "et", "er",
    "ar", "or", "a", "ä", "n", "t", "s", NULL};

static size_t common_prefix(const char *a, const char *b)
{
    size_t n = 0;
    while (a[n] && a[n] == b[n]) n++;
    /* do not end inside a UTF-8 sequence */
    while (n > 0 && ((unsigned char)a[n] & 0xC0) == 0x80) n--;
    return n;
}

static bool starts_with(const char *s, const char *prefix, size_t plen)
{
    return strncmp(s, prefix, plen) == 0;
}

static bool contains_n(const char *hay, const char *needle, size_t n)
{
    size_t hl = strlen(hay);
    for (size_t i = 0; i + n <= hl; i++)
        if (memcmp(hay + i, needle, n) == 0) return true;
    return false;
}

bool dir_word_matches(const char *word, const char *term)
{
    size_t wl = strlen(word), tl = strlen(term);
    if (wl < 3 || tl < 2) return false;
    if (starts_with(term, word, wl)) return true;                      /* typing a beginning */
    if (tl >= 4 && starts_with(word, term, tl)) return true;           /* an ending added */
    if (wl >= 5 && contains_n(term, word, wl)) return true;            /* part of a compound */
    for (int i = 0; ENDINGS[i]; i++) {
        size_t el = strlen(ENDINGS[i]);
        if (wl < el + 4 || strcmp(word + wl - el, ENDINGS[i]) != 0) continue;
        size_t sl = wl - el;
        if (starts_with(term, word, sl) || (sl >= 5 && contains_n(term, word, sl))) return true;
    }
    size_t cp = common_prefix(word, term);
    return cp >= 5 && cp + 3 >= tl && cp + 4 >= wl;                   /* consonant gradation */
}

bool dir_word_in_text(const char *word, const char *text)
{
    if (!text) return false;
    char low[2048];
    dir_lower(text, low, sizeof low);
    char *p = low;
    while (*p) {
        while (*p && !word_byte((unsigned char)*p)) p++;
        char *s = p;
        while (*p && word_byte((unsigned char)*p)) p++;
        char keep = *p;
        *p = '\0';
        bool ok = p > s && dir_word_matches(word, s);
        *p = keep;
        if (ok) return true;
    }
    return false;
}
