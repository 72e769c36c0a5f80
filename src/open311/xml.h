/* A small XML writer for the Open311 answers: text is always escaped, and
 * characters XML 1.0 cannot carry (most C0 controls) are left out. */
#ifndef KOHTAAMO_OPEN311_XML_H
#define KOHTAAMO_OPEN311_XML_H
#include <jansson.h>
#include "../util/buf.h"

/* Appends s with & < > " ' escaped. s must be valid UTF-8. */
void xml_escape(buf *b, const char *s);
/* Appends <name>escaped text</name>; NULL text gives <name/>. */
void xml_element(buf *b, const char *name, const char *text);
/* Writes the XML declaration and value as <root>: an array becomes one <item>
 * per element, an object one element per member (in order), a string its
 * escaped text, numbers and booleans their JSON spelling, null an empty element. */
void xml_from_json(buf *b, const char *root, const char *item, const json_t *value);

#endif
