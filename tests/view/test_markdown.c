/* The Markdown link filter: only http, https, mailto and relative URLs keep
 * their href/src, however the scheme is dressed up. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "view/markdown.h"

static char *render(const char *md)
{
    buf out = BUF_INIT;
    assert_int_equal(markdown_to_html(md, strlen(md), &out), 0);
    return out.data ? out.data : strdup("");
}

/* Renders md and checks the html has no live link or image and keeps text. */
static void assert_dead(const char *md, const char *text)
{
    char *html = render(md);
    if (strstr(html, "href=") || strstr(html, "src=") || !strstr(html, text)) fail_msg("%s -> %s", md, html);
    free(html);
}

static void assert_live(const char *md, const char *expect)
{
    char *html = render(md);
    if (!strstr(html, expect)) fail_msg("%s -> %s (expected %s)", md, html, expect);
    free(html);
}

static void test_unsafe_schemes_lose_their_links(void **state)
{
    (void)state;
    assert_dead("[klikkaa](javascript:alert(document.cookie))", "klikkaa");
    assert_dead("[a](JaVaScRiPt:alert(1))", ">a<");
    assert_dead("[a](<  javascript:alert(1)>)", ">a<");
    assert_dead("[a](\x01javascript:alert(1))", "alert(1)");   /* md4c: not a link at all */
    assert_dead("[a](java&#115;cript:alert(1))", ">a<");
    assert_dead("[a](&#x6A;avascript:alert(1))", ">a<");
    assert_dead("[a](javascript&colon;alert(1))", ">a<");
    assert_dead("[a](java&Tab;script:alert(1))", ">a<");
    assert_dead("[a](jav%61script:alert(1))", ">a<");
    assert_dead("[a](data:text/html;base64,PHNjcmlwdD4=)", ">a<");
    assert_dead("[a](vbscript:msgbox(1))", ">a<");
    assert_dead("<javascript:alert(1)>", "javascript:alert(1)");
    assert_dead("<JAVASCRIPT:alert(1)>", "JAVASCRIPT:alert(1)");
    assert_dead("[x][r]\n\n[r]: javascript:alert(1)", ">x<");
    assert_dead("[x][r]\n\n[r]: &#x6A;avascript:alert(1)", ">x<");
    assert_dead("![kuva](javascript:alert(1))", "kuva");
    assert_dead("![kuva](data:image/svg+xml;base64,PHN2Zz4=)", "kuva");
    assert_dead("![kuva][r]\n\n[r]: vbscript:x", "kuva");
}

static void test_link_text_survives_and_tags_balance(void **state)
{
    (void)state;
    char *html = render("[*tärkeä*](javascript:x) ja [ok](https://example.fi)");
    assert_string_equal(html, "<p><em>tärkeä</em> ja <a href=\"https://example.fi\">ok</a></p>\n");
    free(html);
    html = render("[![i](https://example.fi/a.png)](javascript:x)");
    assert_string_equal(html, "<p><img src=\"https://example.fi/a.png\" alt=\"i\"></p>\n");
    free(html);
    html = render("[![i](javascript:y)](https://example.fi)");
    assert_string_equal(html, "<p><a href=\"https://example.fi\">i</a></p>\n");
    free(html);
}

static void test_allowed_urls_stay(void **state)
{
    (void)state;
    assert_live("[a](https://example.fi/x?y=1&z=2)", "<a href=\"https://example.fi/x?y=1&amp;z=2\">a</a>");
    assert_live("[a](HTTP://example.fi)", "<a href=\"HTTP://example.fi\">a</a>");
    assert_live("[a](mailto:kirjaamo@example.fi)", "<a href=\"mailto:kirjaamo@example.fi\">a</a>");
    assert_live("[a](/fi/ideas/3)", "<a href=\"/fi/ideas/3\">a</a>");
    assert_live("[a](#kohta)", "<a href=\"#kohta\">a</a>");
    assert_live("[a](?sivu=2)", "<a href=\"?sivu=2\">a</a>");
    assert_live("[a](ohje.html)", "<a href=\"ohje.html\">a</a>");
    assert_live("[a](ohje/javascript:x)", "<a href=\"ohje/javascript:x\">a</a>");
    /* md4c takes no reference without ';' here: the browser sees the '&' itself, a relative path */
    assert_live("[a](&#106avascript:x)", "<a href=\"&amp;#106avascript:x\">a</a>");
    assert_live("www.example.fi", "<a href=\"http://www.example.fi\">www.example.fi</a>");
    assert_live("kirjaamo@example.fi", "<a href=\"mailto:kirjaamo@example.fi\">");
    assert_live("![kuva](https://example.fi/k.png)", "<img src=\"https://example.fi/k.png\" alt=\"kuva\">");
}

static void test_url_check(void **state)
{
    (void)state;
#define OK(s) assert_true(markdown_url_allowed(s, strlen(s)))
#define NO(s) assert_false(markdown_url_allowed(s, strlen(s)))
    OK("");
    OK("https://a");
    OK("mailto:a@b");
    OK("//example.fi/x");
    OK("a/b:c");
    OK("&amp;#106;avascript:x");   /* a browser decodes once: the '&' stays, no scheme */
    NO("javascript:x");
    NO(" \x01javascript:x");
    NO("java\tscript:x");
    NO("java&#x73;cript:x");
    NO("java&#115cript:x");
    NO("&#0000106;avascript:x");
    NO("javascript&colon;x");
    NO("java&NewLine;script:x");
    NO("javascript&#58;x");
    NO("javascript&#x3A;x");
    NO("java&unknown;script:x");
    NO("data:text/html,x");
    NO("vbscript:x");
    NO("httpsx:x");
    NO("a&b:c");
#undef OK
#undef NO
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unsafe_schemes_lose_their_links),
        cmocka_unit_test(test_link_text_survives_and_tags_balance),
        cmocka_unit_test(test_allowed_urls_stay),
        cmocka_unit_test(test_url_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
