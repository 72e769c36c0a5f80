/* Lower case for searching, the same in C and in SQLite's lower().
 *
 * SQLite's own lower() knows only ASCII, so "Äänestys" never matched a
 * search for "äänestys" there, while PostgreSQL (UTF-8, C.UTF-8 ctype)
 * lowered it. Folding ASCII, the Latin-1 capitals (Ä Ö Å É Ü ...) and
 * Latin Extended-A (Š Ž Č Ł Ő ...) covers Finnish, Swedish and the names
 * residents write; every mapping keeps the UTF-8 length. */
#ifndef KOHTAAMO_FOLD_H
#define KOHTAAMO_FOLD_H
#include <stddef.h>

/* Writes the lower-case form of s[0..len) to out (len bytes; may be s). */
void text_fold_lower(const char *s, size_t len, char *out);

#endif
