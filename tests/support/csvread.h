/* A strict RFC 4180 reader for tests: what a spreadsheet would split a CSV
 * export into. Independent of src/util/csv.c on purpose. */
#ifndef KOHTAAMO_TEST_CSVREAD_H
#define KOHTAAMO_TEST_CSVREAD_H
#include <stddef.h>

/* Reads one record at *p (before end): fields separated by ',', a field either
 * plain (no '"', ',', CR or LF) or wholly in quotes with quotes doubled, the
 * record ended by CRLF. Returns the number of fields, each a malloc'd string
 * in the malloc'd array *fields (csv_fields_free), and moves *p past the CRLF;
 * -1 (nothing to free) when the text there is not such a record. */
int csv_read_record(const char **p, const char *end, char ***fields);
void csv_fields_free(char **fields, int n);

#endif
