/* Unit tests for src/http/form.c. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "http/form.h"

#define URLENC "application/x-www-form-urlencoded"
#define S(lit) (lit), (sizeof(lit) - 1)

static int setup_arena(void **state)
{
    static arena a;
    arena_init(&a);
    *state = &a;
    return 0;
}

static int teardown_arena(void **state)
{
    arena_free_all(*state);
    return 0;
}

static form_status parse_ct(void **state, const char *ct, const char *body, size_t len,
                            form *f)
{
    return form_parse(*state, ct, body, len, &FORM_DEFAULT_LIMITS, f);
}

/* ------------------------------------------------------------ urlencoded */

static void test_urlencoded_basic(void **state)
{
    form f;
    assert_int_equal(parse_ct(state, URLENC, S("a=1&b=two&c"), &f), FORM_OK);
    assert_int_equal(f.count, 3);
    assert_string_equal(f.fields[0].name, "a");
    assert_string_equal(f.fields[0].value, "1");
    assert_int_equal(f.fields[0].len, 1);
    assert_null(f.fields[0].filename);
    assert_null(f.fields[0].content_type);
    assert_string_equal(f.fields[1].name, "b");
    assert_string_equal(f.fields[1].value, "two");
    assert_string_equal(f.fields[2].name, "c");
    assert_string_equal(f.fields[2].value, "");
    assert_int_equal(f.fields[2].len, 0);
}

static void test_urlencoded_empty_pairs(void **state)
{
    form f;
    assert_int_equal(parse_ct(state, URLENC, S("&&a=1&&&b=&"), &f), FORM_OK);
    assert_int_equal(f.count, 2);
    assert_string_equal(f.fields[0].name, "a");
    assert_string_equal(f.fields[1].name, "b");
    assert_string_equal(f.fields[1].value, "");

    assert_int_equal(parse_ct(state, URLENC, S("&"), &f), FORM_OK);
    assert_int_equal(f.count, 0);

    /* A value may itself contain '='. */
    assert_int_equal(parse_ct(state, URLENC, S("x=a=b"), &f), FORM_OK);
    assert_string_equal(f.fields[0].value, "a=b");
}

static void test_urlencoded_plus(void **state)
{
    form f;
    assert_int_equal(parse_ct(state, URLENC, S("first+name=John+Q+Public&p=%2B"), &f),
                     FORM_OK);
    assert_string_equal(f.fields[0].name, "first name");
    assert_string_equal(f.fields[0].value, "John Q Public");
    assert_string_equal(f.fields[1].value, "+");
}

static void test_urlencoded_percent(void **state)
{
    form f;
    assert_int_equal(parse_ct(state, URLENC, S("k%C3%A4y=%C3%a4%20%26%3d&e=%e2%82%ac"), &f),
                     FORM_OK);
    assert_string_equal(f.fields[0].name, "k\xC3\xA4y");
    assert_string_equal(f.fields[0].value, "\xC3\xA4 &=");
    assert_int_equal(f.fields[0].len, 5);
    assert_string_equal(f.fields[1].value, "\xE2\x82\xAC");
    /* Raw (unescaped) UTF-8 is accepted too. */
    assert_int_equal(parse_ct(state, URLENC, S("n=\xC3\xA4"), &f), FORM_OK);
    assert_string_equal(f.fields[0].value, "\xC3\xA4");
}

static void test_urlencoded_malformed(void **state)
{
    form f;
    assert_int_equal(parse_ct(state, URLENC, S("a=%G1"), &f), FORM_ERR_MALFORMED);
    assert_int_equal(parse_ct(state, URLENC, S("a=%1G"), &f), FORM_ERR_MALFORMED);
    assert_int_equal(parse_ct(state, URLENC, S("a=%4"), &f), FORM_ERR_MALFORMED);
    assert_int_equal(parse_ct(state, URLENC, S("a=%"), &f), FORM_ERR_MALFORMED);
    assert_int_equal(parse_ct(state, URLENC, S("%zz=1"), &f), FORM_ERR_MALFORMED);
    /* Truncated escape followed by another pair must not read the '&'. */
    assert_int_equal(parse_ct(state, URLENC, S("a=%4&b=1"), &f), FORM_ERR_MALFORMED);
    assert_int_equal(f.count, 0);
    assert_null(f.fields);

    /* The body is not NUL-terminated: "%4" at the very end of the buffer
     * followed by bytes that would complete it must not be read. */
    const char buf[] = "a=%41";
    assert_int_equal(parse_ct(state, URLENC, buf, 4, &f), FORM_ERR_MALFORMED);
}

static void test_urlencoded_not_utf8(void **state)
{
    form f;
    assert_int_equal(parse_ct(state, URLENC, S("a=%FF"), &f), FORM_ERR_NOT_UTF8);
    assert_int_equal(parse_ct(state, URLENC, S("%FF=a"), &f), FORM_ERR_NOT_UTF8);
    assert_int_equal(parse_ct(state, URLENC, S("a=%C3"), &f), FORM_ERR_NOT_UTF8);
    assert_int_equal(parse_ct(state, URLENC, S("a=%C0%AF"), &f), FORM_ERR_NOT_UTF8);
    assert_int_equal(parse_ct(state, URLENC, S("a=\xFF"), &f), FORM_ERR_NOT_UTF8);
}

static void test_urlencoded_nul(void **state)
{
    form f;
    assert_int_equal(parse_ct(state, URLENC, S("a=x%00y"), &f), FORM_ERR_NOT_UTF8);
    assert_int_equal(parse_ct(state, URLENC, S("a%00b=1"), &f), FORM_ERR_NOT_UTF8);
    const char raw[] = {'a', '=', 'x', '\0', 'y'};
    assert_int_equal(parse_ct(state, URLENC, raw, sizeof raw, &f), FORM_ERR_NOT_UTF8);
}

static void test_limits(void **state)
{
    form_limits lim = {3, 4, 8, 2};
    form f;

    assert_int_equal(form_parse(*state, URLENC, S("a=1&b=2&c=3"), &lim, &f), FORM_OK);
    assert_int_equal(f.count, 3);
    assert_int_equal(form_parse(*state, URLENC, S("a=1&b=2&c=3&d=4"), &lim, &f),
                     FORM_ERR_TOO_LARGE);
    assert_int_equal(f.count, 0);
    /* Empty pairs do not count. */
    assert_int_equal(form_parse(*state, URLENC, S("a=1&&b=2&&c=3&"), &lim, &f), FORM_OK);

    /* Lengths are of the decoded bytes. */
    assert_int_equal(form_parse(*state, URLENC, S("ab=%41%42%43%44"), &lim, &f), FORM_OK);
    assert_int_equal(form_parse(*state, URLENC, S("ab=abcde"), &lim, &f), FORM_ERR_TOO_LARGE);
    assert_int_equal(form_parse(*state, URLENC, S("abc=a"), &lim, &f), FORM_ERR_TOO_LARGE);
    assert_int_equal(form_parse(*state, URLENC, S("%41%42=a"), &lim, &f), FORM_OK);

    form_limits none = {0, 4, 8, 2};
    assert_int_equal(form_parse(*state, URLENC, S("a=1"), &none, &f), FORM_ERR_TOO_LARGE);

    /* Many fields: the field array must grow correctly. */
    char big[200 * 8];
    size_t n = 0;
    for (int i = 0; i < 200; i++) n += (size_t)snprintf(big + n, sizeof big - n, "f%d=%d&", i, i);
    assert_int_equal(parse_ct(state, URLENC, big, n, &f), FORM_OK);
    assert_int_equal(f.count, 200);
    assert_string_equal(f.fields[0].name, "f0");
    assert_string_equal(f.fields[199].name, "f199");
    assert_string_equal(form_get(&f, "f137"), "137");
    n += (size_t)snprintf(big + n, sizeof big - n, "x=1");
    assert_int_equal(parse_ct(state, URLENC, big, n, &f), FORM_ERR_TOO_LARGE);
}

/* ------------------------------------------------------------- multipart */

#define MP_CT "multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW"
#define MP_B "------WebKitFormBoundary7MA4YWxkTrZu0gW"

static void test_multipart_basic(void **state)
{
    static const char body[] =
        "This is a preamble.\r\n"
        MP_B "\r\n"
        "Content-Disposition: form-data; name=\"title\"\r\n"
        "\r\n"
        "Hei maailma\r\n"
        MP_B "\r\n"
        "content-disposition: FORM-DATA; name=\"note\"\r\n"
        "\r\n"
        "line one\r\nline two \xC3\xA4\r\n"
        MP_B "\r\n"
        "Content-Disposition: form-data; name=\"upload\"; filename=\"a.bin\"\r\n"
        "Content-Type: application/octet-stream\r\n"
        "\r\n"
        "\x00\x01\xFF\r\n--not-the-boundary\r\n\r\n\x00z\r\n"
        MP_B "--\r\n"
        "This is the epilogue; " MP_B " inside it is ignored.\r\n";
    form f;

    assert_int_equal(parse_ct(state, MP_CT, body, sizeof body - 1, &f), FORM_OK);
    assert_int_equal(f.count, 3);

    assert_string_equal(f.fields[0].name, "title");
    assert_string_equal(f.fields[0].value, "Hei maailma");
    assert_int_equal(f.fields[0].len, 11);
    assert_null(f.fields[0].filename);
    assert_null(f.fields[0].content_type);

    assert_string_equal(f.fields[1].name, "note");
    assert_string_equal(f.fields[1].value, "line one\r\nline two \xC3\xA4");

    static const char file[] = "\x00\x01\xFF\r\n--not-the-boundary\r\n\r\n\x00z";
    const form_field *up = form_get_field(&f, "upload");
    assert_non_null(up);
    assert_string_equal(up->filename, "a.bin");
    assert_string_equal(up->content_type, "application/octet-stream");
    assert_int_equal(up->len, sizeof file - 1);
    assert_memory_equal(up->value, file, sizeof file - 1);
    assert_int_equal(up->value[up->len], '\0');
}

static void test_multipart_quoted_boundary(void **state)
{
    static const char body[] =
        "--a:b c?=\r\n"
        "Content-Disposition: form-data; name=x\r\n"
        "\r\n"
        "1\r\n"
        "--a:b c?=  \r\n"          /* transport padding after a delimiter */
        "Content-Disposition: form-data; name=\"y\"\r\n"
        "\r\n"
        "\r\n"
        "--a:b c?=--";
    form f;
    assert_int_equal(parse_ct(state, "Multipart/Form-Data; boundary=\"a:b c?=\"",
                              body, sizeof body - 1, &f), FORM_OK);
    assert_int_equal(f.count, 2);
    assert_string_equal(form_get(&f, "x"), "1");
    assert_string_equal(form_get(&f, "y"), "");

    /* The same boundary unquoted has a space in it: a header syntax error. */
    assert_int_equal(parse_ct(state, "multipart/form-data; boundary=a:b c?=",
                              body, sizeof body - 1, &f), FORM_ERR_MALFORMED);
}

static void test_multipart_bad_boundary_param(void **state)
{
    static const char body[] = "--b\r\n\r\n\r\n--b--";
    char ct[160];
    form f;

    assert_int_equal(parse_ct(state, "multipart/form-data", S(body), &f), FORM_ERR_MALFORMED);
    assert_int_equal(parse_ct(state, "multipart/form-data; boundary=", S(body), &f),
                     FORM_ERR_MALFORMED);
    assert_int_equal(parse_ct(state, "multipart/form-data; boundary=\"\"", S(body), &f),
                     FORM_ERR_MALFORMED);
    assert_int_equal(parse_ct(state, "multipart/form-data; boundary=\"b", S(body), &f),
                     FORM_ERR_MALFORMED);
    assert_int_equal(parse_ct(state, "multipart/form-data; boundary=b; boundary=b", S(body), &f),
                     FORM_ERR_MALFORMED);
    assert_int_equal(parse_ct(state, "multipart/form-data; boundary=\"b \"", S(body), &f),
                     FORM_ERR_MALFORMED);

    /* 70 characters is the RFC 2046 maximum; 71 is too many. */
    char b70[72];
    memset(b70, 'x', 70);
    b70[70] = '\0';
    char body70[200];
    int n = snprintf(body70, sizeof body70,
                     "--%s\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n--%s--", b70, b70);
    snprintf(ct, sizeof ct, "multipart/form-data; boundary=%s", b70);
    assert_int_equal(parse_ct(state, ct, body70, (size_t)n, &f), FORM_OK);
    assert_string_equal(form_get(&f, "a"), "v");
    snprintf(ct, sizeof ct, "multipart/form-data; boundary=%sx", b70);
    assert_int_equal(parse_ct(state, ct, body70, (size_t)n, &f), FORM_ERR_MALFORMED);
}

static void test_multipart_missing_close(void **state)
{
    form f;
    static const char no_close[] =
        "--b\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n";
    assert_int_equal(parse_ct(state, "multipart/form-data; boundary=b", S(no_close), &f),
                     FORM_ERR_MALFORMED);
    static const char no_dash[] =
        "--b\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n--b";
    assert_int_equal(parse_ct(state, "multipart/form-data; boundary=b", S(no_dash), &f),
                     FORM_ERR_MALFORMED);
    static const char one_dash[] =
        "--b\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n--b-";
    assert_int_equal(parse_ct(state, "multipart/form-data; boundary=b", S(one_dash), &f),
                     FORM_ERR_MALFORMED);
    static const char no_first[] = "just text";
    assert_int_equal(parse_ct(state, "multipart/form-data; boundary=b", S(no_first), &f),
                     FORM_ERR_MALFORMED);
    /* A line that merely starts with the boundary is not a delimiter. */
    static const char prefix[] =
        "--b\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n--bx\r\n--b--";
    assert_int_equal(parse_ct(state, "multipart/form-data; boundary=b", S(prefix), &f),
                     FORM_ERR_MALFORMED);
    /* Headers must end in CRLF CRLF. */
    static const char bare_lf[] =
        "--b\nContent-Disposition: form-data; name=a\n\nv\n--b--";
    assert_int_equal(parse_ct(state, "multipart/form-data; boundary=b", S(bare_lf), &f),
                     FORM_ERR_MALFORMED);
    static const char no_blank[] =
        "--b\r\nContent-Disposition: form-data; name=a\r\n";
    assert_int_equal(parse_ct(state, "multipart/form-data; boundary=b", S(no_blank), &f),
                     FORM_ERR_MALFORMED);
    /* Closing delimiter alone: a valid form with no fields. */
    assert_int_equal(parse_ct(state, "multipart/form-data; boundary=b", S("--b--\r\n"), &f),
                     FORM_OK);
    assert_int_equal(f.count, 0);
}

static void test_multipart_part_without_name(void **state)
{
    form f;
    static const char no_name[] =
        "--b\r\nContent-Disposition: form-data; filename=\"x.txt\"\r\n\r\nv\r\n--b--";
    assert_int_equal(parse_ct(state, "multipart/form-data; boundary=b", S(no_name), &f),
                     FORM_ERR_MALFORMED);
    static const char no_disposition[] =
        "--b\r\nContent-Type: text/plain\r\n\r\nv\r\n--b--";
    assert_int_equal(parse_ct(state, "multipart/form-data; boundary=b", S(no_disposition), &f),
                     FORM_ERR_MALFORMED);
    static const char not_form_data[] =
        "--b\r\nContent-Disposition: attachment; name=a\r\n\r\nv\r\n--b--";
    assert_int_equal(parse_ct(state, "multipart/form-data; boundary=b", S(not_form_data), &f),
                     FORM_ERR_MALFORMED);
    static const char two_names[] =
        "--b\r\nContent-Disposition: form-data; name=a; name=b\r\n\r\nv\r\n--b--";
    assert_int_equal(parse_ct(state, "multipart/form-data; boundary=b", S(two_names), &f),
                     FORM_ERR_MALFORMED);
    static const char folded[] =
        "--b\r\nContent-Disposition: form-data;\r\n name=a\r\n\r\nv\r\n--b--";
    assert_int_equal(parse_ct(state, "multipart/form-data; boundary=b", S(folded), &f),
                     FORM_ERR_MALFORMED);
    /* An explicitly empty name is allowed, as in urlencoded "=v". */
    static const char empty_name[] =
        "--b\r\nContent-Disposition: form-data; name=\"\"\r\n\r\nv\r\n--b--";
    assert_int_equal(parse_ct(state, "multipart/form-data; boundary=b", S(empty_name), &f),
                     FORM_OK);
    assert_string_equal(f.fields[0].name, "");
}

static void test_multipart_quoted_params(void **state)
{
    form f;
    static const char body[] =
        "--b\r\n"
        "X-Ignored: whatever\r\n"
        "Content-Disposition: form-data; name=\"say \\\"hi\\\"\"; "
        "filename=\"C:\\dir\\q\\\"uote.txt\"\r\n"
        "\r\n"
        "data\r\n"
        "--b\r\n"
        "Content-Disposition: form-data; name=\"nofile\"; filename=\"\"\r\n"
        "Content-Type: application/octet-stream\r\n"
        "\r\n"
        "\r\n"
        "--b\r\n"
        "Content-Disposition: form-data; name=\"semi;colon\"\r\n"
        "\r\n"
        "ok\r\n"
        "--b--";
    assert_int_equal(parse_ct(state, "multipart/form-data; boundary=b", S(body), &f), FORM_OK);
    assert_int_equal(f.count, 3);
    assert_string_equal(f.fields[0].name, "say \"hi\"");
    /* Only \" and \\ are escapes; other backslashes stay (browser paths). */
    assert_string_equal(f.fields[0].filename, "C:\\dir\\q\"uote.txt");
    assert_string_equal(f.fields[0].value, "data");

    const form_field *nf = form_get_field(&f, "nofile");
    assert_non_null(nf);
    assert_non_null(nf->filename);
    assert_string_equal(nf->filename, "");
    assert_int_equal(nf->len, 0);
    assert_string_equal(nf->value, "");

    assert_string_equal(form_get(&f, "semi;colon"), "ok");
}

static void test_multipart_utf8_and_limits(void **state)
{
    form f;
    static const char bad_text[] =
        "--b\r\nContent-Disposition: form-data; name=a\r\n\r\n\xFF\r\n--b--";
    assert_int_equal(parse_ct(state, "multipart/form-data; boundary=b", S(bad_text), &f),
                     FORM_ERR_NOT_UTF8);
    static const char nul_text[] =
        "--b\r\nContent-Disposition: form-data; name=a\r\n\r\nx\0y\r\n--b--";
    assert_int_equal(parse_ct(state, "multipart/form-data; boundary=b", S(nul_text), &f),
                     FORM_ERR_NOT_UTF8);
    static const char bad_name[] =
        "--b\r\nContent-Disposition: form-data; name=\"\xC0\xAF\"\r\n\r\nx\r\n--b--";
    assert_int_equal(parse_ct(state, "multipart/form-data; boundary=b", S(bad_name), &f),
                     FORM_ERR_NOT_UTF8);
    static const char bin_file[] =
        "--b\r\nContent-Disposition: form-data; name=a; filename=f\r\n\r\n\xFF\0\r\n--b--";
    assert_int_equal(parse_ct(state, "multipart/form-data; boundary=b", S(bin_file), &f),
                     FORM_OK);
    assert_int_equal(f.fields[0].len, 2);

    static const char two[] =
        "--b\r\nContent-Disposition: form-data; name=ab\r\n\r\n1234\r\n"
        "--b\r\nContent-Disposition: form-data; name=f; filename=f\r\n\r\n12345678\r\n--b--";
    form_limits lim = {2, 4, 8, 2};
    assert_int_equal(form_parse(*state, "multipart/form-data; boundary=b", S(two), &lim, &f),
                     FORM_OK);
    lim.max_fields = 1;
    assert_int_equal(form_parse(*state, "multipart/form-data; boundary=b", S(two), &lim, &f),
                     FORM_ERR_TOO_LARGE);
    lim = (form_limits){2, 3, 8, 2};
    assert_int_equal(form_parse(*state, "multipart/form-data; boundary=b", S(two), &lim, &f),
                     FORM_ERR_TOO_LARGE);
    lim = (form_limits){2, 4, 7, 2};
    assert_int_equal(form_parse(*state, "multipart/form-data; boundary=b", S(two), &lim, &f),
                     FORM_ERR_TOO_LARGE);
    lim = (form_limits){2, 4, 8, 1};
    assert_int_equal(form_parse(*state, "multipart/form-data; boundary=b", S(two), &lim, &f),
                     FORM_ERR_TOO_LARGE);
}

/* --------------------------------------------------------- content types */

static void test_content_types(void **state)
{
    form f;
    assert_int_equal(parse_ct(state, "APPLICATION/X-WWW-FORM-URLENCODED", S("a=1"), &f), FORM_OK);
    assert_int_equal(parse_ct(state, " application/x-www-form-urlencoded ;", S("a=1"), &f),
                     FORM_OK);
    assert_int_equal(parse_ct(state, "text/plain", S("a=1"), &f), FORM_ERR_UNSUPPORTED);
    assert_int_equal(parse_ct(state, "application/json", S("{}"), &f), FORM_ERR_UNSUPPORTED);
    assert_int_equal(parse_ct(state, NULL, S("a=1"), &f), FORM_ERR_UNSUPPORTED);
    assert_int_equal(parse_ct(state, "application/x-www-form-urlencodedx", S("a=1"), &f),
                     FORM_ERR_UNSUPPORTED);
    assert_int_equal(parse_ct(state, "application/x-www-form-urlencoded garbage", S("a=1"), &f),
                     FORM_ERR_MALFORMED);

    /* Empty bodies are fine whatever the declared form type. */
    assert_int_equal(parse_ct(state, NULL, "", 0, &f), FORM_OK);
    assert_int_equal(f.count, 0);
    assert_int_equal(parse_ct(state, NULL, NULL, 0, &f), FORM_OK);
    assert_int_equal(parse_ct(state, URLENC, "", 0, &f), FORM_OK);
    assert_int_equal(parse_ct(state, "multipart/form-data", "", 0, &f), FORM_OK);
    assert_int_equal(f.count, 0);
}

static void test_charset(void **state)
{
    form f;
    assert_int_equal(parse_ct(state, URLENC "; charset=UTF-8", S("a=1"), &f), FORM_OK);
    assert_int_equal(parse_ct(state, URLENC ";charset=\"utf-8\"", S("a=1"), &f), FORM_OK);
    assert_int_equal(parse_ct(state, URLENC "; Charset=utf-8; foo=bar", S("a=1"), &f), FORM_OK);
    assert_int_equal(parse_ct(state, URLENC "; charset=iso-8859-1", S("a=1"), &f),
                     FORM_ERR_UNSUPPORTED);
    assert_int_equal(parse_ct(state, URLENC "; charset=utf8x", S("a=1"), &f),
                     FORM_ERR_UNSUPPORTED);
    assert_int_equal(parse_ct(state, URLENC "; charset=\"utf-8", S("a=1"), &f),
                     FORM_ERR_MALFORMED);
    assert_int_equal(parse_ct(state, URLENC "; charset", S("a=1"), &f), FORM_ERR_MALFORMED);
    assert_int_equal(parse_ct(state, "multipart/form-data; charset=utf-8; boundary=b",
                              S("--b--"), &f), FORM_OK);
    assert_int_equal(parse_ct(state, "multipart/form-data; boundary=b; charset=latin1",
                              S("--b--"), &f), FORM_ERR_UNSUPPORTED);
    /* A part's own Content-Type charset is kept verbatim, not interpreted. */
    static const char part_cs[] =
        "--b\r\nContent-Disposition: form-data; name=a\r\n"
        "Content-Type: text/plain; charset=UTF-8\r\n\r\n\xC3\xA4\r\n--b--";
    assert_int_equal(parse_ct(state, "multipart/form-data; boundary=b", S(part_cs), &f), FORM_OK);
    assert_string_equal(f.fields[0].content_type, "text/plain; charset=UTF-8");
    assert_string_equal(f.fields[0].value, "\xC3\xA4");
}

/* ----------------------------------------------------------- form_get etc */

static void test_form_get_first(void **state)
{
    form f;
    assert_int_equal(parse_ct(state, URLENC, S("tag=a&x=1&tag=b"), &f), FORM_OK);
    assert_string_equal(form_get(&f, "tag"), "a");
    assert_string_equal(form_get(&f, "x"), "1");
    assert_null(form_get(&f, "missing"));
    assert_null(form_get(&f, "ta"));
    assert_null(form_get_field(&f, "missing"));
    assert_ptr_equal(form_get_field(&f, "tag"), &f.fields[0]);

    form empty = {NULL, 0};
    assert_null(form_get(&empty, "tag"));
}

static void test_query(void **state)
{
    form f;
    assert_int_equal(form_parse_query(*state, S("q=kohtaamo+%C3%A4&page=2&&flag"),
                                      &FORM_DEFAULT_LIMITS, &f), FORM_OK);
    assert_int_equal(f.count, 3);
    assert_string_equal(form_get(&f, "q"), "kohtaamo \xC3\xA4");
    assert_string_equal(form_get(&f, "page"), "2");
    assert_string_equal(form_get(&f, "flag"), "");

    assert_int_equal(form_parse_query(*state, NULL, 0, NULL, &f), FORM_OK);
    assert_int_equal(f.count, 0);
    assert_int_equal(form_parse_query(*state, S("a=%"), NULL, &f), FORM_ERR_MALFORMED);
    assert_int_equal(form_parse_query(*state, S("a=%FF"), NULL, &f), FORM_ERR_NOT_UTF8);

    /* Only len bytes are looked at. */
    assert_int_equal(form_parse_query(*state, "a=1&b=2", 3, NULL, &f), FORM_OK);
    assert_int_equal(f.count, 1);
    assert_null(form_get(&f, "b"));
}

/* ----------------------------------------------------------------- UTF-8 */

static void test_utf8_valid(void **state)
{
    (void)state;
    assert_true(utf8_valid("", 0));
    assert_true(utf8_valid(NULL, 0));
    assert_true(utf8_valid(S("plain ascii")));
    assert_true(utf8_valid(S("\xC3\xA4\xE2\x82\xAC\xF0\x9F\x98\x80")));
    assert_true(utf8_valid(S("\xC2\x80")));               /* U+0080 */
    assert_true(utf8_valid(S("\xDF\xBF")));               /* U+07FF */
    assert_true(utf8_valid(S("\xE0\xA0\x80")));           /* U+0800 */
    assert_true(utf8_valid(S("\xED\x9F\xBF")));           /* U+D7FF */
    assert_true(utf8_valid(S("\xEE\x80\x80")));           /* U+E000 */
    assert_true(utf8_valid(S("\xEF\xBF\xBF")));           /* U+FFFF */
    assert_true(utf8_valid(S("\xF0\x90\x80\x80")));       /* U+10000 */
    assert_true(utf8_valid(S("\xF4\x8F\xBF\xBF")));       /* U+10FFFF */
    assert_true(utf8_valid("a\0b", 3));                    /* NUL is UTF-8 */

    assert_false(utf8_valid(S("\xC0\xAF")));              /* overlong '/' */
    assert_false(utf8_valid(S("\xC1\xBF")));
    assert_false(utf8_valid(S("\xE0\x80\xAF")));          /* overlong, 3 bytes */
    assert_false(utf8_valid(S("\xE0\x9F\xBF")));
    assert_false(utf8_valid(S("\xF0\x80\x80\xAF")));      /* overlong, 4 bytes */
    assert_false(utf8_valid(S("\xF0\x8F\xBF\xBF")));
    assert_false(utf8_valid(S("\xED\xA0\x80")));          /* U+D800 */
    assert_false(utf8_valid(S("\xED\xBF\xBF")));          /* U+DFFF */
    assert_false(utf8_valid(S("\xF4\x90\x80\x80")));      /* U+110000 */
    assert_false(utf8_valid(S("\xF5\x80\x80\x80")));
    assert_false(utf8_valid(S("\xFF")));
    assert_false(utf8_valid(S("\x80")));                  /* stray continuation */
    assert_false(utf8_valid(S("a\xBF")));
    assert_false(utf8_valid(S("\xC3")));                  /* truncated */
    assert_false(utf8_valid(S("\xE2\x82")));
    assert_false(utf8_valid(S("\xF0\x9F\x98")));
    assert_false(utf8_valid(S("\xE2\x82" "a")));          /* bad continuation */
    assert_false(utf8_valid(S("\xF0\x9F\x98" "a")));
    assert_false(utf8_valid(S("\xC3\xC3\xA4")));

    /* Length is honoured: a complete sequence cut short by len is invalid. */
    assert_false(utf8_valid("\xC3\xA4", 1));
    assert_true(utf8_valid("ab\xFF", 2));
}

static void test_status_str(void **state)
{
    (void)state;
    assert_string_equal(form_status_str(FORM_OK), "ok");
    assert_string_equal(form_status_str(FORM_ERR_TOO_LARGE), "too large");
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup_arena, teardown_arena)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_urlencoded_basic),
        T(test_urlencoded_empty_pairs),
        T(test_urlencoded_plus),
        T(test_urlencoded_percent),
        T(test_urlencoded_malformed),
        T(test_urlencoded_not_utf8),
        T(test_urlencoded_nul),
        T(test_limits),
        T(test_multipart_basic),
        T(test_multipart_quoted_boundary),
        T(test_multipart_bad_boundary_param),
        T(test_multipart_missing_close),
        T(test_multipart_part_without_name),
        T(test_multipart_quoted_params),
        T(test_multipart_utf8_and_limits),
        T(test_content_types),
        T(test_charset),
        T(test_form_get_first),
        T(test_query),
        T(test_utf8_valid),
        T(test_status_str),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
