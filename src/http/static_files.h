/* Files under static/, loaded once at start and served from memory. */
#ifndef KOHTAAMO_STATIC_FILES_H
#define KOHTAAMO_STATIC_FILES_H
#include <stddef.h>

int static_load(const char *dir, char *err, size_t errlen);
void static_unload(void);
/* "/static/css/site.1a2b3c4d5e.css" for "css/site.css": a name that changes
 * with the content, so browsers may cache it for a year. */
const char *static_url(const char *name);

#endif
