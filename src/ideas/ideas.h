/* Ideas and positions in participation spaces: the space's idea list with
 * sorting, filters, search and keyset paging, the idea page with positions
 * (for / against / neutral, with or without an account), the staff's
 * official answer, and the JSON API. Access rules come from
 * src/participation/participation.h. */
#ifndef KOHTAAMO_IDEAS_H
#define KOHTAAMO_IDEAS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "../http/request.h"

/* pages (list.c, idea.c, positions.c, answer.c) */
int ideas_list(request *r);          /* GET /{lang}/spaces/{slug}/ideas */
int ideas_new_form(request *r);      /* GET /{lang}/spaces/{slug}/ideas/new */
int ideas_create(request *r);        /* POST /{lang}/spaces/{slug}/ideas/new */
int ideas_show(request *r);          /* GET /{lang}/ideas/{id} */
int ideas_position(request *r);      /* POST /{lang}/ideas/{id}/position */
int ideas_follow(request *r);        /* POST /{lang}/ideas/{id}/follow */
int ideas_unfollow(request *r);      /* POST /{lang}/ideas/{id}/unfollow */
int ideas_answer(request *r);        /* POST /{lang}/ideas/{id}/answer (staff) */

/* API (api.c) */
int api_ideas_list(request *r);      /* GET /api/v1/spaces/{slug}/ideas */
int api_ideas_show(request *r);      /* GET /api/v1/ideas/{id} */

/* Demo ideas with positions in the demo spaces (demo.c); needs the spaces
 * of the spaces-and-groups loader. Safe to run twice. 0 or -1. */
int ideas_demo_load(db *d, int64_t now);

/* ---- pure logic, unit-tested in tests/ideas/ ---- */

#define IDEAS_PAGE_SIZE 20
#define IDEAS_TITLE_MAX 140      /* characters */
#define IDEAS_BODY_MAX 5000
#define IDEAS_ARGUMENT_MAX 500
#define IDEAS_ANSWER_MAX 5000

typedef enum { IDEAS_SORT_NEW, IDEAS_SORT_SUPPORT, IDEAS_SORT_DISCUSSED, IDEAS_SORT_RANDOM } ideas_sort;

/* NULL or "" is newest; -1 for an unknown name. */
int ideas_sort_parse(const char *s);
const char *ideas_sort_name(ideas_sort s);

/* The random order: the key of id in a permutation chosen by seed, a
 * multiplicative hash modulo the prime 2^31 - 1; every intermediate value
 * stays below 2^62 for any id, so neither database overflows. The same expression runs in SQL, so an order and its
 * keyset cursors agree on both databases. seed is in [1, IDEAS_RANDOM_P). */
#define IDEAS_RANDOM_A 506952114LL   /* 2654435761 mod P: every product stays below 2^62 */
#define IDEAS_RANDOM_P 2147483647LL
int64_t ideas_random_key(int64_t id, int64_t seed);
/* Parses a seed from the query string: 1 valid, 0 absent, -1 invalid. */
int ideas_seed_parse(const char *s, int64_t *seed);

/* Characters (UTF-8 code points) in s. */
size_t ideas_utf8_len(const char *s);

/* 'for', 'against', 'neutral' */
bool ideas_stance_valid(const char *s);
/* Statuses of an official answer (not 'new'): considering, accepted,
 * rejected, implemented. */
bool ideas_answer_status_valid(const char *s);
bool ideas_status_valid(const char *s);   /* also 'new' */

/* What a staff answer changes, for the notification: "answer" when the
 * text or the project changed (or there was none), "status" when only
 * the status changed, NULL when nothing changed. */
const char *ideas_answer_kind(const char *old_status, const char *old_text, int64_t old_project,
                              const char *new_status, const char *new_text, int64_t new_project);

/* A browser token for positions without an account: 43 characters of
 * base64url (no padding). */
bool ideas_anon_token_valid(const char *s);

#endif
