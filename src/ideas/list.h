/* The idea list's parameters and query, shared by the page (list.c) and
 * the API (api.c). */
#ifndef KOHTAAMO_IDEAS_LIST_H
#define KOHTAAMO_IDEAS_LIST_H
#include "internal.h"

typedef struct ideas_params {
    ideas_sort sort;
    int64_t seed;
    bool has_seed;
    const char *municipality, *status, *q;   /* as given, trimmed; "" when absent */
    int64_t municipality_id;
    /* untranslated msgids of bad filter values (answer 400) */
    const char *sort_error, *status_error, *q_error, *municipality_error;
    bool bad;               /* malformed cursor or seed */
    int dir;                /* 1 after the cursor, -1 before it, 0 first page */
    int64_t ckey, cid;
    /* filled by ideas_fetch */
    int count;
    bool reversed, has_prev, has_next;
} ideas_params;

/* Reads sort, seed, municipality, status, q, after, before from the query
 * string. 0, or -1 on a db error. */
int ideas_params_read(request *r, ideas_params *lp);
bool ideas_params_invalid(const ideas_params *lp);
/* One page (up to IDEAS_PAGE_SIZE + 1 rows). Columns: 0 id, 1 title,
 * 2 author_name, 3 status, 4-7 for/against/neutral/anonymous, 8 comments,
 * 9 hidden_at, 10 hidden_reason, 11 created_at, 12-13 municipality fi/sv,
 * 14 lang, 15 sort key, 16 user_id, 17 municipality_id. */
int ideas_fetch(request *r, int64_t space_id, ideas_params *lp, db_result *res);
/* The result row shown at position i of the page. */
int ideas_row(const ideas_params *lp, int i);
const char *ideas_cursor(request *r, const db_result *res, int row);
/* "&sort=...&seed=...&municipality=...&status=...&q=..." of the list. */
const char *ideas_list_query(request *r, const ideas_params *lp);
json_t *ideas_item_json(request *r, const db_result *res, int i);

#endif
