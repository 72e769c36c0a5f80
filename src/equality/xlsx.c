/* /{lang}/staff/equal-access.xlsx: the matrix as an Excel workbook
 * (libxlsxwriter): sheet 1 one row per cell like the CSV, sheet 2 the totals.
 * libxlsxwriter writes to a file: a private temporary file under /tmp is
 * written, read back into the response and removed. */
#include "internal.h"
#include "../view/i18n.h"
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <xlsxwriter.h>

static int read_back(const char *path, buf *out)
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    char chunk[16384];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) buf_append(out, chunk, n);
    int bad = ferror(f);
    fclose(f);
    return bad ? -1 : 0;
}

int equality_matrix_xlsx(request *r)
{
    eq_matrix mx;
    if (eq_matrix_load(r->db, &r->a, r->lang, &mx) < 0) return -1;
    char path[] = "/tmp/kohtaamo-xlsx-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) return -1;
    close(fd);
    lxw_workbook *wb = workbook_new(path);
    if (!wb) {
        unlink(path);
        return -1;
    }
    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);
    lxw_worksheet *ws = workbook_add_worksheet(wb, tr(r->lang, "Matrix"));
    lxw_worksheet *tot = workbook_add_worksheet(wb, tr(r->lang, "Totals"));
    const char *heads[8] = {tr(r->lang, "Service"), tr(r->lang, "Municipality"), tr(r->lang, "Municipality code"),
                            tr(r->lang, "Best level offered"), tr(r->lang, "County standard"), tr(r->lang, "Missing"),
                            tr(r->lang, "Below standard"), tr(r->lang, "Not in Swedish")};
    for (int c = 0; c < 8; c++) worksheet_write_string(ws, 0, (lxw_col_t)c, heads[c], bold);
    worksheet_set_column(ws, 0, 0, 40, NULL);
    worksheet_set_column(ws, 1, 4, 20, NULL);
    lxw_row_t row = 1;
    for (int i = 0; i < mx.ns; i++)
        for (int j = 0; j < mx.nm; j++, row++) {
            size_t k = (size_t)i * (size_t)mx.nm + (size_t)j;
            int mk = mx.marks[k];
            worksheet_write_string(ws, row, 0, mx.s[i].name, NULL);
            worksheet_write_string(ws, row, 1, mx.m[j].name, NULL);
            worksheet_write_string(ws, row, 2, mx.m[j].code, NULL);
            worksheet_write_string(ws, row, 3, eq_level_name(r->lang, mx.best[k]), NULL);
            worksheet_write_string(ws, row, 4, mx.s[i].standard ? eq_level_name(r->lang, mx.s[i].standard) : "", NULL);
            worksheet_write_number(ws, row, 5, (mk & EQ_MARK_MISSING) ? 1 : 0, NULL);
            worksheet_write_number(ws, row, 6, (mk & EQ_MARK_BELOW) ? 1 : 0, NULL);
            worksheet_write_number(ws, row, 7, (mk & EQ_MARK_NO_SWEDISH) ? 1 : 0, NULL);
        }
    worksheet_set_column(tot, 0, 0, 30, NULL);
    worksheet_write_string(tot, 0, 0, tr(r->lang, "Kind of gap"), bold);
    worksheet_write_string(tot, 0, 1, tr(r->lang, "Cells"), bold);
    const char *kinds[5] = {tr(r->lang, "Missing"), tr(r->lang, "Below standard"), tr(r->lang, "Not in Swedish"),
                            tr(r->lang, "Meets the standard"), tr(r->lang, "Cells in all")};
    long counts[5] = {mx.t.missing, mx.t.below, mx.t.no_sv, mx.t.ok, mx.t.cells};
    for (int k = 0; k < 5; k++) {
        worksheet_write_string(tot, (lxw_row_t)(k + 1), 0, kinds[k], NULL);
        worksheet_write_number(tot, (lxw_row_t)(k + 1), 1, (double)counts[k], NULL);
    }
    lxw_error err = workbook_close(wb);
    buf b = BUF_INIT;
    int rc = err == LXW_NO_ERROR ? read_back(path, &b) : -1;
    unlink(path);
    if (rc < 0) {
        buf_free(&b);
        return -1;
    }
    req_header(r, "Content-Disposition", "attachment; filename=\"equal-access.xlsx\"");
    req_header(r, "Cache-Control", "no-store");
    r->status = 200;
    r->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    r->out.len = 0;
    buf_append(&r->out, b.data, b.len);
    buf_free(&b);
    return 0;
}
