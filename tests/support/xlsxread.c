#include "xlsxread.h"
#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "util/buf.h"

/* Debian's interpreter, where python3-openpyxl is installed (not one first on PATH). */
#define PYTHON "/usr/bin/python3"
#define READER "tests/support/xlsx_read.py"

json_t *xlsx_read(const char *data, size_t len)
{
    char path[] = "/tmp/kohtaamo-test-XXXXXX.xlsx";   /* openpyxl goes by the name's ending */
    int fd = mkstemps(path, 5);
    if (fd < 0) fail_msg("mkstemp failed");
    if (write(fd, data, len) != (ssize_t)len) fail_msg("writing %s failed", path);
    close(fd);
    if (access(READER, R_OK) != 0) fail_msg("%s not found: run the tests from the repository root", READER);
    char cmd[256];
    snprintf(cmd, sizeof cmd, PYTHON " " READER " '%s' 2>&1", path);
    FILE *f = popen(cmd, "r");
    if (!f) fail_msg("cannot run %s", cmd);
    buf out = BUF_INIT;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) buf_append(&out, chunk, n);
    int status = pclose(f);
    unlink(path);
    if (status != 0)
        fail_msg("%s failed (needs python3-openpyxl: scripts/install-deps.sh check): %s", cmd, out.data ? out.data : "");
    json_error_t err;
    json_t *book = json_loadb(out.data, out.len, 0, &err);
    if (!book) fail_msg("xlsx_read.py gave no JSON: %s", err.text);
    buf_free(&out);
    return book;
}

json_t *xlsx_cell(json_t *book, size_t sheet, size_t y, size_t x)
{
    json_t *s = json_array_get(json_object_get(book, "sheets"), sheet);
    json_t *v = json_array_get(json_array_get(json_object_get(s, "rows"), y), x);
    return json_is_null(v) ? NULL : v;
}
