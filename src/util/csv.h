/* The one CSV cell writer for every CSV export (RFC 4180 with CRLF rows).
 *
 * Text from people (survey answers, names, topics) must not become a live
 * formula when a spreadsheet opens the file: a text cell that begins with
 * '=', '+', '-', '@', TAB or CR gets a leading apostrophe (the OWASP advice
 * against CSV injection), so `=HYPERLINK(...)` is shown as `'=HYPERLINK(...)`.
 * Numbers go through csv_number_cell and stay numbers (-5 stays -5). */
#ifndef KOHTAAMO_CSV_H
#define KOHTAAMO_CSV_H
#include <stdbool.h>
#include "buf.h"

/* Appends one text cell (NULL is an empty cell), then ',' or, when last, CRLF.
 * Quoted when it holds a comma, quote, CR or LF; quotes doubled. */
void csv_text_cell(buf *b, const char *s, bool last);
/* Appends a number given as decimal text ("-5", "12", "45.0"). Anything that
 * is not strictly such a number ("", "-1+1", " 5") is written as a text cell
 * instead, so nothing written here can be read as a formula. */
void csv_number_cell(buf *b, const char *number, bool last);
/* Appends an integer as a number cell. */
void csv_int_cell(buf *b, long long v, bool last);
/* True when s is -?DIGITS(.DIGITS)? : what csv_number_cell writes as is. */
bool csv_is_number(const char *s);

#endif
