/* Reads an XLSX file the way a person opening it would see it, with an
 * independent reader (openpyxl through tests/support/xlsx_read.py, Debian's
 * python3-openpyxl). A missing reader fails the test: there is no skip. */
#ifndef KOHTAAMO_TEST_XLSXREAD_H
#define KOHTAAMO_TEST_XLSXREAD_H
#include <stddef.h>
#include <jansson.h>

/* Writes the bytes to a temporary file and reads it; fails the test when the
 * reader cannot. Returns {"sheets": [{"name", "rows": [[...]], "formulas": [...]}]}
 * (json_decref it). */
json_t *xlsx_read(const char *data, size_t len);
/* Row y, column x (0-based) of sheet number sheet (0-based): the cell, or NULL when there is none. */
json_t *xlsx_cell(json_t *book, size_t sheet, size_t y, size_t x);

#endif
