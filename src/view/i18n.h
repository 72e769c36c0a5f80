/* Translations from gettext .po catalogs (po/fi.po, po/sv.po, po/en.po).
 * msgids are the English source strings; every language, English included,
 * carries an explicit msgstr so a missing translation is detectable. */
#ifndef KOHTAAMO_I18N_H
#define KOHTAAMO_I18N_H
#include <stdbool.h>
#include <stddef.h>

/* Marks a string for the catalogs where it is translated later with tr(). */
#define N_(s) (s)

#define I18N_NLANGS 3
extern const char *const i18n_langs[I18N_NLANGS];   /* "fi", "sv", "en"; fi is the default */

/* Loads po/LANG.po for every language from dir. Returns 0, or -1 with a
 * message naming the file and line. Call once at start, before threads. */
int i18n_load(const char *po_dir, char *err, size_t errlen);
void i18n_unload(void);

bool i18n_lang_valid(const char *lang);
/* The catalog's translation of msgid, or msgid itself when there is none.
 * The returned string lives until i18n_unload. */
const char *tr(const char *lang, const char *msgid);
/* True when lang's catalog has a non-empty, non-fuzzy msgstr for msgid. */
bool i18n_has(const char *lang, const char *msgid);

/* Replaces each {{_ Text}} marker in a template source with the
 * HTML-escaped translation of Text. Caller frees the result. */
char *i18n_translate_template(const char *lang, const char *src, size_t len, size_t *outlen);

/* Calls fn for every msgid marker found in a template source ({{_ Text}})
 * or C source (tr(lang, "Text") and N_("Text")). Used by the catalog check. */
void i18n_scan_markers(const char *src, size_t len, bool is_c,
                       void (*fn)(void *ud, const char *msgid), void *ud);

#endif
