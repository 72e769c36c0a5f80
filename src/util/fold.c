#include "fold.h"

/* Lower case of the code point U+0100..U+017F, or cp itself. */
static unsigned latin_ext_a_lower(unsigned cp)
{
    if (cp == 0x130 || cp == 0x131 || cp == 0x138 || cp == 0x149 || cp == 0x17F) return cp;   /* no simple pair */
    if (cp == 0x178) return 0xFF;                                                             /* Ÿ -> ÿ */
    if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E)) return cp & 1 ? cp + 1 : cp;
    return cp & 1 ? cp : cp + 1;
}

void text_fold_lower(const char *s, size_t len, char *out)
{
    const unsigned char *p = (const unsigned char *)s;
    unsigned char *o = (unsigned char *)out;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = p[i];
        if (c >= 'A' && c <= 'Z') {
            o[i] = (unsigned char)(c + 32);
        } else if (c == 0xC3 && i + 1 < len && p[i + 1] >= 0x80 && p[i + 1] <= 0x9E && p[i + 1] != 0x97) {
            o[i] = c;               /* U+00C0..U+00DE capitals, not the sign × */
            o[i + 1] = (unsigned char)(p[i + 1] + 0x20);
            i++;
        } else if ((c == 0xC4 || c == 0xC5) && i + 1 < len && (p[i + 1] & 0xC0) == 0x80) {
            unsigned cp = ((unsigned)(c & 0x1F) << 6) | (p[i + 1] & 0x3F);
            unsigned lo = latin_ext_a_lower(cp);
            o[i] = (unsigned char)(0xC0 | (lo >> 6));
            o[i + 1] = (unsigned char)(0x80 | (lo & 0x3F));
            i++;
        } else {
            o[i] = c;
        }
    }
}
