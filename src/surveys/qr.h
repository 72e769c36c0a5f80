/* QR codes as SVG, for the posters of service-point satisfaction surveys.
 * The encoding (Reed-Solomon error correction, masking, version choice) is
 * libqrencode's; this file only draws the modules. */
#ifndef KOHTAAMO_SURVEY_QR_H
#define KOHTAAMO_SURVEY_QR_H
#include "../util/buf.h"

#define QR_QUIET_ZONE 4   /* modules of white around the symbol */

/* Appends a standalone SVG document of text as a QR code (error correction
 * level M): one path of dark modules on a white square with a 4-module quiet
 * zone, in module units, so it scales to any size for printing. title is
 * the SVG's <title> (escaped). Sets *modules to the symbol's width in
 * modules (without the quiet zone) when not NULL. Returns 0, or -1 when the
 * text cannot be encoded (too long, out of memory). */
int qr_svg(const char *text, const char *title, buf *out, int *modules);

#endif
