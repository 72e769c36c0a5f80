/* Keyset paging: a list page starts after the row its cursor names, so any
 * page costs one index range scan however deep it is. A cursor is
 * "KEY.ID": the sort key (a time, a count) and the row id. */
#ifndef KOHTAAMO_KEYSET_H
#define KOHTAAMO_KEYSET_H
#include <stdint.h>

/* 0 when s is NULL (no cursor), 1 with *key and *id set, -1 when s is not
 * a cursor: digits only, at most 18 each side, id at least 1. */
int keyset_cursor_parse(const char *s, int64_t *key, int64_t *id);

#endif
