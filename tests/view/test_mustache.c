/* Runs the official Mustache spec (JSON files read at run time from
 * $MUSTACHE_SPEC_DIR, default ../shared/testdata/mustache-spec) against the
 * engine, one cmocka test per spec file, plus a few tests of our own for
 * error reporting, recursion and escaping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/buf.h"
#include "view/mustache.h"

#define DEFAULT_SPEC_DIR "../shared/testdata/mustache-spec"

typedef struct partial_set {
    size_t n;
    const char *name[64];
    mustache_template *tpl[64];
} partial_set;

static const mustache_template *find_partial(void *ud, const char *name)
{
    const partial_set *ps = ud;
    for (size_t i = 0; i < ps->n; i++)
        if (strcmp(ps->name[i], name) == 0) return ps->tpl[i];
    return NULL;
}

static void free_partials(partial_set *ps)
{
    for (size_t i = 0; i < ps->n; i++) mustache_free(ps->tpl[i]);
    ps->n = 0;
}

/* Prints s as a C string literal so that newlines and tabs show. */
static void print_quoted(const char *label, const char *s, size_t len)
{
    buf b = BUF_INIT;
    buf_putc(&b, '"');
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n') buf_puts(&b, "\\n");
        else if (c == '\r') buf_puts(&b, "\\r");
        else if (c == '\t') buf_puts(&b, "\\t");
        else if (c == '"' || c == '\\') buf_printf(&b, "\\%c", c);
        else if (c < 0x20) buf_printf(&b, "\\x%02x", c);
        else buf_putc(&b, (char)c);
    }
    buf_putc(&b, '"');
    print_message("    %-9s %s\n", label, b.data);
    buf_free(&b);
}

/* Runs one spec test; returns 1 if it passed. */
static int run_spec_test(const char *file, json_t *test)
{
    const char *name = json_string_value(json_object_get(test, "name"));
    json_t *tmpl = json_object_get(test, "template");
    json_t *want = json_object_get(test, "expected");
    json_t *data = json_object_get(test, "data");
    json_t *partials = json_object_get(test, "partials");
    if (!name || !json_is_string(tmpl) || !json_is_string(want)) {
        print_message("%s: malformed spec test %s\n", file, name ? name : "(unnamed)");
        return 0;
    }

    partial_set ps = {0};
    char err[256] = "";
    int ok = 1;
    const char *pname;
    json_t *psrc;
    json_object_foreach(partials, pname, psrc) {
        if (ps.n == 64 || !json_is_string(psrc)) {
            ok = 0;
            break;
        }
        ps.tpl[ps.n] = mustache_compile(json_string_value(psrc), json_string_length(psrc), err, sizeof err);
        if (!ps.tpl[ps.n]) {
            print_message("%s: \"%s\": partial %s does not compile: %s\n", file, name, pname, err);
            ok = 0;
            break;
        }
        ps.name[ps.n++] = pname;
    }

    mustache_template *t = NULL;
    buf out = BUF_INIT;
    int rc = -1;
    if (ok) {
        t = mustache_compile(json_string_value(tmpl), json_string_length(tmpl), err, sizeof err);
        if (t) rc = mustache_render(t, data, find_partial, &ps, &out);
        else print_message("%s: \"%s\": template does not compile: %s\n", file, name, err);
    }
    const char *got = out.data ? out.data : "";
    if (ok && t && (rc != 0 || out.len != json_string_length(want) ||
                    memcmp(got, json_string_value(want), out.len) != 0)) {
        print_message("%s: \"%s\" failed (render returned %d)\n", file, name, rc);
        print_quoted("template:", json_string_value(tmpl), json_string_length(tmpl));
        print_quoted("expected:", json_string_value(want), json_string_length(want));
        print_quoted("actual:", got, out.len);
        ok = 0;
    } else if (!t) {
        ok = 0;
    }
    /* The same case through a view model (vm.h) holding a deep copy of the
     * data: pages render from either, and must render alike. */
    if (ok) {
        arena a;
        arena_init(&a);
        vm_value model = vm_from_json_deep(&a, data);
        buf vm_out = BUF_INIT;
        rc = mustache_render_stack(t, &model, 1, find_partial, &ps, &vm_out);
        const char *vm_got = vm_out.data ? vm_out.data : "";
        if (rc != 0 || vm_out.len != json_string_length(want) ||
            memcmp(vm_got, json_string_value(want), vm_out.len) != 0) {
            print_message("%s: \"%s\" failed from a view model (render returned %d)\n", file, name, rc);
            print_quoted("expected:", json_string_value(want), json_string_length(want));
            print_quoted("actual:", vm_got, vm_out.len);
            ok = 0;
        }
        buf_free(&vm_out);
        arena_free_all(&a);
    }
    buf_free(&out);
    mustache_free(t);
    free_partials(&ps);
    return ok;
}

static void run_spec_file(const char *file)
{
    const char *dir = getenv("MUSTACHE_SPEC_DIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : DEFAULT_SPEC_DIR, file);
    json_error_t jerr;
    json_t *root = json_load_file(path, 0, &jerr);
    if (!root) fail_msg("%s: %s (set MUSTACHE_SPEC_DIR?)", path, jerr.text);
    json_t *tests = json_object_get(root, "tests");
    if (!json_is_array(tests)) {
        json_decref(root);
        fail_msg("%s: no \"tests\" array", path);
    }

    buf failed = BUF_INIT;
    size_t i, nfailed = 0;
    json_t *test;
    json_array_foreach(tests, i, test) {
        if (run_spec_test(file, test)) continue;
        const char *name = json_string_value(json_object_get(test, "name"));
        buf_printf(&failed, "%s\"%s\"", nfailed ? ", " : "", name ? name : "?");
        nfailed++;
    }
    size_t total = json_array_size(tests);
    print_message("%s: %zu/%zu spec tests passed\n", file, total - nfailed, total);

    /* fail_msg does not return: copy the message and free first. */
    char msg[4096];
    snprintf(msg, sizeof msg, "%s: %zu of %zu failed: %s", file, nfailed, total,
             failed.data ? failed.data : "");
    buf_free(&failed);
    json_decref(root);
    if (nfailed) fail_msg("%s", msg);
}

static void test_spec_comments(void **state) { (void)state; run_spec_file("comments.json"); }
static void test_spec_delimiters(void **state) { (void)state; run_spec_file("delimiters.json"); }
static void test_spec_interpolation(void **state) { (void)state; run_spec_file("interpolation.json"); }
static void test_spec_inverted(void **state) { (void)state; run_spec_file("inverted.json"); }
static void test_spec_partials(void **state) { (void)state; run_spec_file("partials.json"); }
static void test_spec_sections(void **state) { (void)state; run_spec_file("sections.json"); }
static void test_spec_inheritance(void **state) { (void)state; run_spec_file("~inheritance.json"); }
static void test_spec_dynamic_names(void **state) { (void)state; run_spec_file("~dynamic-names.json"); }

/* ------------------------------------------------------------ our own tests */

static mustache_template *compile_str(const char *src, char *err, size_t errlen)
{
    return mustache_compile(src, strlen(src), err, errlen);
}

/* Renders src against the JSON text ctx; returns a malloc'd string. */
static char *render_str(const char *src, const char *ctx_json, int *rc)
{
    char err[256];
    mustache_template *t = compile_str(src, err, sizeof err);
    if (!t) fail_msg("does not compile: %s", err);
    json_t *ctx = json_loads(ctx_json, 0, NULL);
    assert_non_null(ctx);
    buf out = BUF_INIT;
    *rc = mustache_render(t, ctx, NULL, NULL, &out);
    json_decref(ctx);
    mustache_free(t);
    return buf_detach(&out, NULL);
}

static void assert_compile_error(const char *src, const char *want_in_msg)
{
    char err[256] = "";
    mustache_template *t = compile_str(src, err, sizeof err);
    if (t) {
        mustache_free(t);
        fail_msg("compiled, but should not: %s", src);
    }
    if (!strstr(err, want_in_msg)) fail_msg("error \"%s\" lacks \"%s\"", err, want_in_msg);
}

static void test_unclosed_section_reports_line(void **state)
{
    (void)state;
    assert_compile_error("<ul>\n\n  {{#items}}\n  <li>{{name}}</li>\n</ul>\n", "line 3");
    assert_compile_error("<ul>\n\n  {{#items}}\n  <li>{{name}}</li>\n</ul>\n", "unclosed section 'items'");
}

static void test_other_syntax_errors(void **state)
{
    (void)state;
    assert_compile_error("{{#a}}\n{{#b}}\n{{/a}}\n{{/b}}", "line 3");     /* mismatched close */
    assert_compile_error("x\n{{/a}}", "line 2");                          /* close without open */
    assert_compile_error("x\ny {{name", "line 2");                        /* unclosed tag */
    assert_compile_error("{{{name}}", "line 1");                          /* short triple */
    assert_compile_error("a\n{{=<% =}}", "line 2");                       /* one delimiter */
    assert_compile_error("{{=<% %> x=}}", "line 1");                      /* three delimiters */
    assert_compile_error("{{ }}", "empty tag name");
    assert_compile_error("{{a b}}", "line 1");
    assert_compile_error("{{<layout}}\n{{$body}}\n", "line 2");          /* unclosed block */
    assert_compile_error("{{", "line 1");
    /* Deeply nested sections are refused, not recursed into. */
    buf b = BUF_INIT;
    for (int i = 0; i < 1000; i++) buf_puts(&b, "{{#a}}");
    assert_compile_error(b.data, "nested deeper");
    buf_free(&b);
}

static const mustache_template *self_partial(void *ud, const char *name)
{
    (void)name;
    return ud;
}

static void test_recursive_partial_terminates(void **state)
{
    (void)state;
    const char *srcs[] = {"x{{>self}}", "{{#t}}{{>self}}{{/t}}", "{{<self}}{{$b}}{{>self}}{{/b}}{{/self}}",
                          "{{>self}}{{>self}}"};
    for (size_t i = 0; i < sizeof srcs / sizeof *srcs; i++) {
        char err[256];
        mustache_template *t = compile_str(srcs[i], err, sizeof err);
        assert_non_null(t);
        json_t *ctx = json_pack("{s:b}", "t", 1);
        buf out = BUF_INIT;
        assert_int_equal(mustache_render(t, ctx, self_partial, t, &out), -1);
        buf_free(&out);
        json_decref(ctx);
        mustache_free(t);
    }
}

static void test_html_escaping(void **state)
{
    (void)state;
    int rc;
    char *s = render_str("<p>{{v}}</p>{{{v}}}", "{\"v\": \"<script>alert('x&y')</script>\"}", &rc);
    assert_int_equal(rc, 0);
    assert_string_equal(s, "<p>&lt;script&gt;alert(&#39;x&amp;y&#39;)&lt;/script&gt;</p>"
                           "<script>alert('x&y')</script>");
    free(s);
}

/* buf_html_escape checks eight bytes at a time: put each special character,
 * and pairs of them, at every place in strings of every length up to 40,
 * among ordinary ASCII, UTF-8 bytes and bytes one away from the specials. */
static void naive_escape(buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case '&': buf_append(b, "&amp;", 5); break;
        case '<': buf_append(b, "&lt;", 4); break;
        case '>': buf_append(b, "&gt;", 4); break;
        case '"': buf_append(b, "&quot;", 6); break;
        case '\'': buf_append(b, "&#39;", 5); break;
        default: buf_append(b, s + i, 1); break;
        }
    }
}

static void check_escape(const char *s, size_t n)
{
    buf want = BUF_INIT, got = BUF_INIT;
    buf_append(&want, "x", 1);
    buf_append(&got, "x", 1);
    naive_escape(&want, s, n);
    buf_html_escape(&got, s, n);
    assert_int_equal(got.len, want.len);
    assert_memory_equal(got.data, want.data, want.len + 1);
    buf_free(&want);
    buf_free(&got);
}

static void test_html_escaping_every_position(void **state)
{
    (void)state;
    static const char specials[] = "&<>\"'";
    static const char filler[] = "a\x21\x23\x25\x28\x3b\x3d\x3f \xc3\xa4\xff\x7f\x01Z9";
    char s[48] = {0};
    for (size_t n = 0; n <= 40; n++) {
        for (size_t k = 0; k < n; k++) s[k] = filler[(k * 7 + n) % (sizeof filler - 1)];
        check_escape(s, n);
        for (size_t p = 0; p < n; p++)
            for (size_t c = 0; c < sizeof specials - 1; c++) {
                char saved = s[p];
                s[p] = specials[c];
                check_escape(s, n);
                size_t q = (p * 5 + c * 3) % n;
                char saved_q = s[q];
                s[q] = specials[(c + 1) % (sizeof specials - 1)];
                check_escape(s, n);
                s[q] = saved_q;
                s[p] = saved;
            }
    }
}

/* A page renders with the layout's values under its own: names resolve in
 * the page first, then the layout; a vm object can hold jansson values and
 * a section over a vm list sees each item first. */
static void test_context_stack(void **state)
{
    (void)state;
    char err[256];
    mustache_template *t = compile_str("{{title}}|{{lang}}|{{#items}}{{name}}@{{lang}},{{/items}}"
                                       "|{{#tags}}{{.}};{{/tags}}|{{user.name}}|{{^missing}}none{{/missing}}"
                                       "|{{n}}{{#empty}}X{{/empty}}", err, sizeof err);
    assert_non_null(t);
    arena a;
    arena_init(&a);
    vm_value layout = vm_obj_new(&a, 1);   /* grows past its first capacity */
    vm_set(&a, &layout, "lang", vm_str("fi"));
    vm_set(&a, &layout, "title", vm_str("layout title"));
    vm_value who = vm_obj_new(&a, 2);
    vm_set(&a, &who, "name", vm_str("Aino & Eino"));
    vm_set(&a, &layout, "user", who);
    vm_value page = vm_obj_new(&a, 2);
    vm_set(&a, &page, "title", vm_str("page <title>"));
    vm_value items = vm_list_new(&a, 1);
    for (int i = 0; i < 3; i++) {
        vm_value item = vm_obj_new(&a, 2);
        vm_set(&a, &item, "name", vm_str(i == 0 ? "a" : i == 1 ? "b" : "c"));
        if (i == 1) vm_set(&a, &item, "lang", vm_str("sv"));
        vm_push(&a, &items, item);
    }
    vm_set(&a, &page, "items", items);
    json_t *tags = json_pack("[s, i, b]", "x", 7, 1);
    vm_set(&a, &page, "tags", vm_json(tags));
    vm_set(&a, &page, "n", vm_int(-42));
    vm_set(&a, &page, "empty", vm_list_new(&a, 0));
    vm_set(&a, &page, "title", vm_str("page <title>"));   /* replaces, no second field */
    assert_int_equal(page.u.obj->n, 5);
    vm_value stack[2] = {layout, page};
    buf out = BUF_INIT;
    assert_int_equal(mustache_render_stack(t, stack, 2, NULL, NULL, &out), 0);
    assert_string_equal(out.data, "page &lt;title&gt;|fi|a@fi,b@sv,c@fi,|x;7;true;|Aino &amp; Eino|none|-42");
    buf_free(&out);
    json_decref(tags);
    arena_free_all(&a);
    mustache_free(t);
}

static void test_truthiness_and_numbers(void **state)
{
    (void)state;
    int rc;
    char *s = render_str("{{#e}}E{{/e}}{{^e}}noE{{/e}} {{#z}}z={{z}}{{/z}} {{#o}}O{{/o}} {{r}} {{big}} {{t}}",
                         "{\"e\": \"\", \"z\": 0, \"o\": {}, \"r\": 0.30000000000000004,"
                         " \"big\": -9007199254740993, \"t\": true}", &rc);
    assert_int_equal(rc, 0);
    assert_string_equal(s, "noE z=0 O 0.30000000000000004 -9007199254740993 true");
    free(s);
}

static void test_null_context(void **state)
{
    (void)state;
    char err[256];
    mustache_template *t = compile_str("[{{a}}{{.}}{{#a}}x{{/a}}{{^a}}y{{/a}}]", err, sizeof err);
    assert_non_null(t);
    buf out = BUF_INIT;
    assert_int_equal(mustache_render(t, NULL, NULL, NULL, &out), 0);
    assert_string_equal(out.data, "[y]");
    buf_free(&out);
    mustache_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spec_comments),
        cmocka_unit_test(test_spec_delimiters),
        cmocka_unit_test(test_spec_interpolation),
        cmocka_unit_test(test_spec_inverted),
        cmocka_unit_test(test_spec_partials),
        cmocka_unit_test(test_spec_sections),
        cmocka_unit_test(test_spec_inheritance),
        cmocka_unit_test(test_spec_dynamic_names),
        cmocka_unit_test(test_unclosed_section_reports_line),
        cmocka_unit_test(test_other_syntax_errors),
        cmocka_unit_test(test_recursive_partial_terminates),
        cmocka_unit_test(test_html_escaping),
        cmocka_unit_test(test_html_escaping_every_position),
        cmocka_unit_test(test_truthiness_and_numbers),
        cmocka_unit_test(test_context_stack),
        cmocka_unit_test(test_null_context),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
