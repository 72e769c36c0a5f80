/* Equal access to services (issue 6, management side): the services x
 * municipalities matrix against the county standard (HTML, SVG, CSV, XLSX),
 * staff editing of the offer with its history, and import and export of
 * services and channels in the shape of the national service catalogue (PTV). */
#ifndef KOHTAAMO_EQUALITY_H
#define KOHTAAMO_EQUALITY_H
#include "../http/request.h"
#include "levels.h"

/* matrix.c, xlsx.c */
int equality_matrix(request *r);
int equality_matrix_csv(request *r);
int equality_matrix_xlsx(request *r);
int equality_cell(request *r);
/* offer_edit.c */
int equality_offer_form(request *r);
int equality_offer_save(request *r);
/* history.c */
int equality_history(request *r);
/* ptv_import.c, ptv_export.c */
int equality_import_form(request *r);
int equality_import(request *r);
int api_ptv_services(request *r);
int api_ptv_channels(request *r);

/* demo.c: county standards and a little history on top of the directory's
 * demo services; safe to run twice. */
int equality_demo_load(db *d, char *err, size_t errlen);

#endif
