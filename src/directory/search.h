/* Matching a resident's words against service names and the keywords and
 * synonyms staff maintain, with Finnish and Swedish inflected forms.
 *
 * No stemmer library: a word matches a term when, after lower-casing,
 *  - the term starts with the word (typing "perheneuv"),
 *  - the word starts with the term ("perheneuvolaan", "familjerådgivningen"),
 *  - a form of the word with a common Finnish or Swedish ending removed
 *    ("-ssa", "-lle", "-n", "-en", "-erna" ...) starts or is contained in
 *    the term ("rådgivningen" -> "rådgivning" in "familjerådgivning"), or
 *  - they share a long common beginning that differs only in the last few
 *    letters (consonant gradation: "hammashoidon" ~ "hammashoito").
 * Pure functions, unit-tested in tests/directory/test_search.c. */
#ifndef KOHTAAMO_DIRECTORY_SEARCH_H
#define KOHTAAMO_DIRECTORY_SEARCH_H
#include <stdbool.h>
#include <stddef.h>

#define DIR_MAX_WORDS 8
#define DIR_WORD_MAX 64

/* Lower-cases UTF-8 text into out (util/fold.h), cut at a letter boundary to fit outlen. */
void dir_lower(const char *in, char *out, size_t outlen);
/* Splits a query into lower-cased words of at least 3 bytes; returns the count. */
int dir_query_words(const char *q, char words[DIR_MAX_WORDS][DIR_WORD_MAX]);
/* True when the lower-cased word matches the lower-cased single-word term. */
bool dir_word_matches(const char *word, const char *term);
/* True when the word matches any word of text (lower-cased inside). */
bool dir_word_in_text(const char *word, const char *text);

#endif
