/* Request body parsing: application/x-www-form-urlencoded and multipart/form-data.
 * Pure functions over a byte buffer, so they can be fuzzed in isolation. */
#ifndef KOHTAAMO_FORM_H
#define KOHTAAMO_FORM_H
#include <stdbool.h>
#include <stddef.h>
#include "../util/arena.h"

typedef struct form_field {
    const char *name;       /* NUL-terminated, valid UTF-8 */
    const char *value;      /* NUL-terminated; for files the raw bytes (may hold NULs, see len) */
    size_t len;             /* length of value in bytes */
    const char *filename;   /* NULL unless this part was a file upload */
    const char *content_type; /* of a multipart part, or NULL */
} form_field;

typedef struct form {
    form_field *fields;
    size_t count;
} form;

typedef struct form_limits {
    size_t max_fields;      /* e.g. 200 */
    size_t max_field_len;   /* bytes per non-file value, e.g. 64 KiB */
    size_t max_file_len;    /* bytes per file part, e.g. 5 MiB */
    size_t max_name_len;    /* bytes per field name, e.g. 256 */
} form_limits;

typedef enum {
    FORM_OK = 0,
    FORM_ERR_MALFORMED,     /* bad percent-escape, bad multipart framing, missing boundary */
    FORM_ERR_NOT_UTF8,      /* a name or non-file value is not valid UTF-8 (or holds NUL) */
    FORM_ERR_TOO_LARGE,     /* a limit in form_limits was exceeded -> HTTP 413 */
    FORM_ERR_UNSUPPORTED    /* unknown content type -> HTTP 415/400 */
} form_status;

extern const form_limits FORM_DEFAULT_LIMITS;

/* Parses body according to content_type (the full Content-Type header value,
 * may be NULL for an empty body). Everything is allocated in the arena. */
form_status form_parse(arena *a, const char *content_type, const char *body, size_t len,
                       const form_limits *limits, form *out);
/* Parses a query string (the part after '?'), same rules as urlencoded. */
form_status form_parse_query(arena *a, const char *query, size_t len,
                             const form_limits *limits, form *out);

/* First value of a field, or NULL. */
const char *form_get(const form *f, const char *name);
const form_field *form_get_field(const form *f, const char *name);

bool utf8_valid(const char *s, size_t len);

/* Short English description of a status, for logs. */
const char *form_status_str(form_status st);

#endif
