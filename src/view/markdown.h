/* Markdown for every text people write (comments, ideas, answers, news). */
#ifndef KOHTAAMO_MARKDOWN_H
#define KOHTAAMO_MARKDOWN_H
#include <stdbool.h>
#include <stddef.h>
#include "../util/buf.h"

/* Markdown (CommonMark via md4c) to HTML with raw HTML disabled, appended to
 * out. Links and images keep their URL only when it is http, https, mailto
 * or relative (path, query, fragment); others render as their text. */
int markdown_to_html(const char *md, size_t len, buf *out);

/* Whether an href/src attribute value (as written in HTML, character
 * references and all) opens an allowed URL once a browser has decoded it:
 * the scheme is http, https or mailto in any case, or there is none. */
bool markdown_url_allowed(const char *attr_value, size_t n);

#endif
