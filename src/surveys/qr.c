/* QR code to SVG; see qr.h. */
#include "qr.h"
#include <qrencode.h>
#include <string.h>

int qr_svg(const char *text, const char *title, buf *out, int *modules)
{
    QRcode *qr = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
    if (!qr) return -1;
    int w = qr->width, size = w + 2 * QR_QUIET_ZONE;
    buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" role=\"img\" "
               "shape-rendering=\"crispEdges\"><title>", size, size);
    if (title) buf_html_escape(out, title, strlen(title));
    buf_printf(out, "</title><rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/><path fill=\"#000000\" d=\"", size, size);
    /* one rectangle per horizontal run of dark modules */
    for (int y = 0; y < w; y++) {
        int x = 0;
        while (x < w) {
            if (!(qr->data[y * w + x] & 1)) {
                x++;
                continue;
            }
            int start = x;
            while (x < w && (qr->data[y * w + x] & 1)) x++;
            buf_printf(out, "M%d %dh%dv1h-%dz", start + QR_QUIET_ZONE, y + QR_QUIET_ZONE, x - start, x - start);
        }
    }
    buf_puts(out, "\"/></svg>");
    if (modules) *modules = w;
    QRcode_free(qr);
    return 0;
}
