#include "xml.h"
#include <string.h>

void xml_escape(buf *b, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '&': buf_puts(b, "&amp;"); break;
        case '<': buf_puts(b, "&lt;"); break;
        case '>': buf_puts(b, "&gt;"); break;
        case '"': buf_puts(b, "&quot;"); break;
        case '\'': buf_puts(b, "&apos;"); break;
        default:
            /* XML 1.0 allows only tab, newline and carriage return below 0x20. */
            if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') break;
            buf_putc(b, (char)*p);
        }
    }
}

void xml_element(buf *b, const char *name, const char *text)
{
    if (!text) {
        buf_printf(b, "<%s/>", name);
        return;
    }
    buf_printf(b, "<%s>", name);
    xml_escape(b, text);
    buf_printf(b, "</%s>", name);
}

static void write_value(buf *b, const char *name, const char *item, const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        buf_printf(b, "<%s>", name);
        const char *key;
        json_t *member;
        json_object_foreach((json_t *)v, key, member) write_value(b, key, "item", member);
        buf_printf(b, "</%s>", name);
        break;
    }
    case JSON_ARRAY: {
        buf_printf(b, "<%s>", name);
        size_t i;
        json_t *el;
        json_array_foreach(v, i, el) write_value(b, item, "item", el);
        buf_printf(b, "</%s>", name);
        break;
    }
    case JSON_STRING: xml_element(b, name, json_string_value(v)); break;
    case JSON_INTEGER: buf_printf(b, "<%s>%lld</%s>", name, (long long)json_integer_value(v), name); break;
    case JSON_REAL: buf_printf(b, "<%s>%.17g</%s>", name, json_real_value(v), name); break;
    case JSON_TRUE: buf_printf(b, "<%s>true</%s>", name, name); break;
    case JSON_FALSE: buf_printf(b, "<%s>false</%s>", name, name); break;
    default: buf_printf(b, "<%s></%s>", name, name); break;
    }
}

void xml_from_json(buf *b, const char *root, const char *item, const json_t *value)
{
    buf_puts(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    write_value(b, root, item, value);
    buf_putc(b, '\n');
}
