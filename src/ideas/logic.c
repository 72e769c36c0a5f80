/* Pure helpers of ideas and positions: sort names, the seeded random
 * order, cursors, lengths and value lists. No database, no request. */
#include "ideas.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char *const SORTS[] = {"new", "support", "discussed", "random"};

int ideas_sort_parse(const char *s)
{
    if (!s || !*s) return IDEAS_SORT_NEW;
    for (int i = 0; i < 4; i++)
        if (strcmp(s, SORTS[i]) == 0) return i;
    return -1;
}

const char *ideas_sort_name(ideas_sort s) { return (unsigned)s < 4 ? SORTS[s] : SORTS[0]; }

int64_t ideas_random_key(int64_t id, int64_t seed)
{
    return ((id % IDEAS_RANDOM_P) * IDEAS_RANDOM_A % IDEAS_RANDOM_P + seed) % IDEAS_RANDOM_P * seed % IDEAS_RANDOM_P;
}

/* Digits only, at most 18 of them: no sign, no spaces, fits int64. */
static int parse_uint(const char *s, size_t n, int64_t *out)
{
    if (n == 0 || n > 18) return -1;
    int64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i])) return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

int ideas_seed_parse(const char *s, int64_t *seed)
{
    if (!s || !*s) return 0;
    int64_t v;
    if (parse_uint(s, strlen(s), &v) < 0 || v < 1 || v >= IDEAS_RANDOM_P) return -1;
    *seed = v;
    return 1;
}

size_t ideas_utf8_len(const char *s)
{
    size_t n = 0;
    for (; s && *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) n++;
    return n;
}

static bool one_of(const char *s, const char *const *list, size_t n)
{
    if (!s) return false;
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, list[i]) == 0) return true;
    return false;
}

bool ideas_stance_valid(const char *s)
{
    static const char *const v[] = {"for", "against", "neutral"};
    return one_of(s, v, 3);
}

bool ideas_answer_status_valid(const char *s)
{
    static const char *const v[] = {"considering", "accepted", "rejected", "implemented"};
    return one_of(s, v, 4);
}

bool ideas_status_valid(const char *s) { return (s && strcmp(s, "new") == 0) || ideas_answer_status_valid(s); }

const char *ideas_answer_kind(const char *old_status, const char *old_text, int64_t old_project,
                              const char *new_status, const char *new_text, int64_t new_project)
{
    if (strcmp(old_text ? old_text : "", new_text ? new_text : "") != 0 || old_project != new_project)
        return "answer";
    if (strcmp(old_status ? old_status : "", new_status ? new_status : "") != 0) return "status";
    return NULL;
}

bool ideas_anon_token_valid(const char *s)
{
    if (!s || strlen(s) != 43) return false;
    for (const char *p = s; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_') return false;
    return true;
}
