/* Where a link may send people back to (a login's next, a form's return_to):
 * only a path on this site. */
#ifndef KOHTAAMO_LOCAL_PATH_H
#define KOHTAAMO_LOCAL_PATH_H
#include <stdbool.h>
#include "arena.h"

/* True for "/..." of at most 500 bytes with no control character (< 0x20,
 * 0x7f) and no backslash anywhere, and not "//" or "/\": browsers drop tabs
 * and newlines and read "\" as "/", so "/\t/host" or "/\host" would lead to
 * another site. A query and a fragment are allowed. */
bool local_path_valid(const char *s);

/* s percent-encoded for a query string value (all but A-Z a-z 0-9 - _ . ~ /),
 * e.g. a path to carry in "?next=". In the arena. */
const char *query_value_escape(arena *a, const char *s);

#endif
