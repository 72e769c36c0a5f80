/* County news: /{lang}/news (paged list), /{lang}/news/{id}, /{lang}/news/new (staff),
 * /api/v1/news. A published item is announced on the "news" event stream. */
#include "news.h"
#include "../http/formview.h"
#include "../http/sse.h"
#include "../util/json_alloc.h"
#include "../util/keyset.h"
#include "../view/i18n.h"
#include "../view/view.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Where news_item finds its cells: the list fetches only the page
 * language's columns, the item page fetches all of them. */
typedef struct news_cols {
    int title, title_fi;    /* title_fi == title on Finnish pages */
    int muni;
    int body, body_fi;      /* -1: no body */
} news_cols;

static int lang_offset(const char *lang) { return strcmp(lang, "sv") == 0 ? 1 : strcmp(lang, "en") == 0 ? 2 : 0; }

/* The item's text in the page's language, falling back to Finnish with a note. */
static const char *pick(const db_result *res, int row, int col, int col_fi, bool *fell_back)
{
    const char *v = db_cell(res, row, col);
    if (v && *v) return v;
    if (fell_back && col != col_fi) *fell_back = true;
    return db_cell(res, row, col_fi);
}

/* The dates of one local day [lo, hi], so a page of news calls localtime_r
 * about once per day shown rather than once per row. */
typedef struct day_cache {
    bool valid;
    time_t lo, hi;
    const char *human, *iso;    /* in the arena: items of that day point at them */
} day_cache;

static void format_tm(const struct tm *tm, char h[12], char i[11])
{
    int d = tm->tm_mday, m = tm->tm_mon + 1, y = tm->tm_year + 1900;
    char *p = h;
    if (d >= 10) *p++ = (char)('0' + d / 10);
    *p++ = (char)('0' + d % 10);
    *p++ = '.';
    if (m >= 10) *p++ = (char)('0' + m / 10);
    *p++ = (char)('0' + m % 10);
    *p++ = '.';
    p[0] = (char)('0' + y / 1000 % 10), p[1] = (char)('0' + y / 100 % 10);
    p[2] = (char)('0' + y / 10 % 10), p[3] = (char)('0' + y % 10), p[4] = '\0';
    memcpy(i, p, 4);
    i[4] = '-', i[5] = (char)('0' + m / 10), i[6] = (char)('0' + m % 10);
    i[7] = '-', i[8] = (char)('0' + d / 10), i[9] = (char)('0' + d % 10), i[10] = '\0';
}

static bool same_day(const struct tm *a, const struct tm *b)
{
    return a->tm_mday == b->tm_mday && a->tm_mon == b->tm_mon && a->tm_year == b->tm_year &&
           a->tm_gmtoff == b->tm_gmtoff;
}

/* "25.11.2026" and "2026-11-25" in the server's time zone (Europe/Helsinki
 * in production).  With a cache, the day around t is remembered when its
 * first second is 00:00:00 and its last 23:59:59 of the same date at the
 * same UTC offset: then no offset change falls inside it (zones change
 * their offset at most once a day), and every time in it has that date. */
static void format_dates(request *r, day_cache *dc, int64_t t, const char **human, const char **iso)
{
    time_t tt = (time_t)t;
    if (!dc || !dc->valid || tt < dc->lo || tt > dc->hi) {
        struct tm tm;
        localtime_r(&tt, &tm);
        char *h = arena_alloc_raw(&r->a, 12), *i = arena_alloc_raw(&r->a, 11);
        format_tm(&tm, h, i);
        if (!dc) {
            *human = h;
            *iso = i;
            return;
        }
        dc->human = h;
        dc->iso = i;
        dc->lo = tt - (tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec);
        dc->hi = dc->lo + 86399;
        struct tm a, b;
        dc->valid = tm.tm_hour < 24 && tm.tm_sec < 60 && localtime_r(&dc->lo, &a) && localtime_r(&dc->hi, &b) &&
                    same_day(&a, &tm) && same_day(&b, &tm) && a.tm_hour == 0 && a.tm_min == 0 && a.tm_sec == 0 &&
                    b.tm_hour == 23 && b.tm_min == 59 && b.tm_sec == 59;
    }
    *human = dc->human;
    *iso = dc->iso;
}

/* Keyset paging (util/keyset.h): "TIME.ID" of the row a page starts after. */
typedef struct news_cursor {
    int64_t t, id;
} news_cursor;

static int parse_cursor(const char *s, news_cursor *c) { return keyset_cursor_parse(s, &c->t, &c->id); }

/* The API list needs no bodies: columns 0-6. The item page adds them as 7-9. */
#define NEWS_LIST_COLUMNS "n.id, n.published_at, n.title_fi, n.title_sv, n.title_en, m.name_fi, m.name_sv"
#define NEWS_ITEM_COLUMNS NEWS_LIST_COLUMNS ", n.body_fi, n.body_sv, n.body_en"
#define NEWS_FROM " FROM news n LEFT JOIN municipalities m ON m.id = n.municipality_id "
/* The HTML list reads only the page language's title (and the Finnish one
 * to fall back on) and municipality name. */
#define NEWS_PAGE_FI "n.id, n.published_at, n.title_fi, m.name_fi"
#define NEWS_PAGE_SV "n.id, n.published_at, n.title_sv, n.title_fi, m.name_sv"
#define NEWS_PAGE_EN "n.id, n.published_at, n.title_en, n.title_fi, m.name_fi"

/* The page size is written into the SQL, not bound: connections run every
 * prepared statement with its generic plan (postgres.c), and PostgreSQL
 * costs a generic "LIMIT $1" for an unknown row count (a tenth of the
 * table); with the literal it plans for the 21 rows it will fetch. (pgbench
 * on this query, where PostgreSQL does choose per-execution plans for
 * LIMIT $1: 8.5k against 17.1k executions a second.) */
#define NEWS_FETCH_ROWS "21"    /* NEWS_PAGE_SIZE + 1: one more says there is a next page */
_Static_assert(NEWS_PAGE_SIZE == 20, "NEWS_FETCH_ROWS is NEWS_PAGE_SIZE + 1");
#define NEWS_SQL_FIRST(cols) "SELECT " cols NEWS_FROM "ORDER BY n.published_at DESC, n.id DESC LIMIT " NEWS_FETCH_ROWS
#define NEWS_SQL_BEFORE(cols) "SELECT " cols NEWS_FROM "WHERE (n.published_at, n.id) < ($1, $2) " \
                              "ORDER BY n.published_at DESC, n.id DESC LIMIT " NEWS_FETCH_ROWS
#define NEWS_SQL_AFTER(cols) "SELECT " cols NEWS_FROM "WHERE (n.published_at, n.id) > ($1, $2) " \
                             "ORDER BY n.published_at ASC, n.id ASC LIMIT " NEWS_FETCH_ROWS
#define NEWS_SQL(cols) {NEWS_SQL_FIRST(cols), NEWS_SQL_BEFORE(cols), NEWS_SQL_AFTER(cols)}

/* [0]: the API's columns; [1 + lang_offset]: the HTML list's. */
static const char *const news_sql[4][3] = {NEWS_SQL(NEWS_LIST_COLUMNS), NEWS_SQL(NEWS_PAGE_FI),
                                           NEWS_SQL(NEWS_PAGE_SV), NEWS_SQL(NEWS_PAGE_EN)};

/* "/fi/news/123" */
static const char *item_url(request *r, const char *id)
{
    size_t lang_len = strlen(r->lang), id_len = id ? strlen(id) : 0;
    char *url = arena_alloc_raw(&r->a, lang_len + id_len + 8), *p = url;
    *p++ = '/';
    memcpy(p, r->lang, lang_len);
    memcpy(p + lang_len, "/news/", 6);
    p += lang_len + 6;
    if (id_len) memcpy(p, id, id_len);
    p[id_len] = '\0';
    return url;
}

/* One item's view model; its strings point into res and the arena. */
static vm_value news_item(request *r, const db_result *res, int i, const news_cols *c, day_cache *dc)
{
    arena *a = &r->a;
    bool fell_back = false;
    vm_value item = vm_obj_new(a, 7);
    const char *human, *iso;
    format_dates(r, dc, db_cell_int(res, i, 1), &human, &iso);
    vm_set(a, &item, "url", vm_str(item_url(r, db_cell(res, i, 0))));
    vm_set(a, &item, "title", vm_str(pick(res, i, c->title, c->title_fi, &fell_back)));
    vm_set(a, &item, "date", vm_str(human));
    vm_set(a, &item, "iso_date", vm_strn(iso, 10));
    const char *muni = db_cell(res, i, c->muni);
    if (muni) vm_set(a, &item, "municipality", vm_str(muni));
    if (c->body >= 0) {
        const char *body = pick(res, i, c->body, c->body_fi, &fell_back);
        buf html = BUF_INIT;
        markdown_to_html(body, strlen(body), &html);
        vm_set(a, &item, "body_html", vm_str(arena_strndup(a, html.data ? html.data : "", html.len)));
        buf_free(&html);
    }
    if (fell_back) vm_set(a, &item, "fallback", vm_bool(true));
    return item;
}

/* Fetches one page of news, newest first, with the columns of news_sql[which].
 * Fills has_newer/has_older. */
static int news_page(request *r, int which, db_result *res, int *first, int *count, bool *has_newer,
                     bool *has_older, int *status_err)
{
    news_cursor before = {0}, after = {0};
    int hb = parse_cursor(req_query(r, "before"), &before);
    int ha = parse_cursor(req_query(r, "after"), &after);
    *status_err = 0;
    if (hb < 0 || ha < 0 || (hb > 0 && ha > 0)) {
        *status_err = 400;
        return 0;
    }
    const char *const *sql = news_sql[which];
    int rc;
    if (ha > 0) {
        db_param p[] = {DB_INT(after.t), DB_INT(after.id)};
        rc = db_query(r->db, &r->a, res, sql[2], 2, p);
    } else if (hb > 0) {
        db_param p[] = {DB_INT(before.t), DB_INT(before.id)};
        rc = db_query(r->db, &r->a, res, sql[1], 2, p);
    } else {
        rc = db_query(r->db, &r->a, res, sql[0], 0, NULL);
    }
    if (rc < 0) return -1;
    bool more = res->nrows > NEWS_PAGE_SIZE;
    *count = more ? NEWS_PAGE_SIZE : res->nrows;
    if (ha > 0) {
        /* fetched oldest first: show rows count-1 .. 0 */
        *first = -1;
        *has_newer = more;
        *has_older = true;
    } else {
        *first = 0;
        *has_newer = hb > 0;
        *has_older = more;
    }
    return 0;
}

static int page_row(int first, int count, int i) { return first < 0 ? count - 1 - i : i; }

static const char *cursor_of(request *r, const db_result *res, int row)
{
    return arena_concat(&r->a, db_cell(res, row, 1), ".", db_cell(res, row, 0), NULL);
}

int news_list(request *r)
{
    db_result res;
    int first, count, err;
    bool newer, older;
    int off = lang_offset(r->lang);
    if (news_page(r, 1 + off, &res, &first, &count, &newer, &older, &err) < 0) return -1;
    if (err) {
        respond_error(r, 400, tr(r->lang, "The address of this list page is not valid."));
        return 0;
    }
    arena *a = &r->a;
    news_cols cols = {.title = 2, .title_fi = off ? 3 : 2, .muni = off ? 4 : 3, .body = -1, .body_fi = -1};
    day_cache dc = {.valid = false};
    vm_value items = vm_list_new(a, (size_t)count);
    for (int i = 0; i < count; i++) vm_push(a, &items, news_item(r, &res, page_row(first, count, i), &cols, &dc));
    vm_value page = vm_obj_new(a, 6);
    vm_set(a, &page, "title", vm_str(tr(r->lang, "News")));
    vm_set(a, &page, "items", items);
    vm_set(a, &page, "empty", vm_bool(count == 0));
    if (count > 0 && newer)
        vm_set(a, &page, "prev_url", vm_str(req_url(r, arena_concat(a, "/news?after=",
                                    cursor_of(r, &res, page_row(first, count, 0)), NULL))));
    if (count > 0 && older)
        vm_set(a, &page, "next_url", vm_str(req_url(r, arena_concat(a, "/news?before=",
                                    cursor_of(r, &res, page_row(first, count, count - 1)), NULL))));
    if (r->user && r->user->role >= ROLE_STAFF) vm_set(a, &page, "new_url", vm_str(req_url(r, "/news/new")));
    respond_page_vm(r, 200, "news/list", page);
    return 0;
}

int news_show(request *r)
{
    const char *ids = req_param(r, "id");
    char *end;
    long long id = strtoll(ids, &end, 10);
    db_result res;
    db_param p[] = {DB_INT(id)};
    if (*end || id <= 0) {
        respond_error(r, 404, NULL);
        return 0;
    }
    if (db_query(r->db, &r->a, &res, "SELECT " NEWS_ITEM_COLUMNS NEWS_FROM "WHERE n.id = $1", 1, p) < 0) return -1;
    if (res.nrows == 0) {
        respond_error(r, 404, NULL);
        return 0;
    }
    int off = lang_offset(r->lang);
    news_cols cols = {.title = 2 + off, .title_fi = 2, .muni = off == 1 ? 6 : 5, .body = 7 + off, .body_fi = 7};
    vm_value item = news_item(r, &res, 0, &cols, NULL), title = vm_null();
    vm_get(&item, "title", 5, &title);
    vm_value page = vm_obj_new(&r->a, 3);
    vm_set(&r->a, &page, "title", title);
    vm_set(&r->a, &page, "item", item);
    vm_set(&r->a, &page, "list_url", vm_str(req_url(r, "/news")));
    respond_page_vm(r, 200, "news/show", page);
    return 0;
}

static int render_form(request *r, int status, const char *const values[6], const char *const errors[6])
{
    static const char *const names[6] = {"title_fi", "title_sv", "title_en", "body_fi", "body_sv", "body_en"};
    const char *labels[6] = {
        tr(r->lang, "Title in Finnish"), tr(r->lang, "Title in Swedish"), tr(r->lang, "Title in English"),
        tr(r->lang, "Text in Finnish"), tr(r->lang, "Text in Swedish"), tr(r->lang, "Text in English")};
    formview fv;
    formview_init(&fv);
    for (int i = 0; i < 6; i++)
        formview_field(&fv, names[i], labels[i], i < 3 ? "text" : "textarea", values ? values[i] : NULL,
                       errors ? errors[i] : NULL, "off",
                       i == 3 ? tr(r->lang, "Markdown: *italic*, **bold**, lists with -, links as <https://...>.") : NULL,
                       i == 0 || i == 3);
    json_t *ctx = json_pack("{s:s, s:s}", "title", tr(r->lang, "Publish news"), "action", req_url(r, "/news/new"));
    formview_attach(&fv, ctx);
    respond_page(r, status, "news/form", ctx);
    return 0;
}

int news_new_form(request *r) { return render_form(r, 200, NULL, NULL); }

int news_create(request *r)
{
    static const char *const names[6] = {"title_fi", "title_sv", "title_en", "body_fi", "body_sv", "body_en"};
    const char *values[6], *errors[6] = {0};
    bool bad = false;
    for (int i = 0; i < 6; i++) {
        values[i] = req_form(r, names[i]);
        if (!values[i]) values[i] = "";
        size_t limit = i < 3 ? 200 : 20000;
        if (strlen(values[i]) > limit) {
            errors[i] = i < 3 ? tr(r->lang, "The title must be at most 200 characters long.")
                              : tr(r->lang, "The text must be at most 20,000 characters long.");
            bad = true;
        }
    }
    if (!*values[0]) errors[0] = tr(r->lang, "Enter a title in Finnish."), bad = true;
    if (!*values[3]) errors[3] = tr(r->lang, "Enter the text in Finnish."), bad = true;
    if (bad) return render_form(r, 400, values, errors);
    db_result res;
    db_param p[] = {DB_INT(r->now), DB_TEXT(values[0]), DB_TEXT(values[1]), DB_TEXT(values[2]),
                    DB_TEXT(values[3]), DB_TEXT(values[4]), DB_TEXT(values[5]), DB_INT(r->user->id)};
    if (db_query(r->db, &r->a, &res,
                 "INSERT INTO news(published_at, title_fi, title_sv, title_en, body_fi, body_sv, body_en, author_user_id) "
                 "VALUES($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id", 8, p) < 0)
        return -1;
    json_t *ev = json_pack("{s:I, s:s}", "id", (json_int_t)db_cell_int(&res, 0, 0), "title_fi", values[0]);
    char *data = json_dumps(ev, JSON_COMPACT);
    sse_publish("news", "news", data);
    json_text_free(data);
    json_decref(ev);
    respond_redirect(r, 303, req_url(r, arena_printf(&r->a, "/news/%s", db_cell(&res, 0, 0))));
    return 0;
}

/* GET /api/v1/news[?before=CURSOR|?after=CURSOR]: 20 items, newest first.
 * "next" (older items) and "prev" (newer items) are URLs or null. */
int api_news_list(request *r)
{
    db_result res;
    int first, count, err;
    bool newer, older;
    if (news_page(r, 0, &res, &first, &count, &newer, &older, &err) < 0) return -1;
    if (err) {
        respond_error(r, 400, "before and after must be cursors of the form TIME.ID");
        return 0;
    }
    json_t *items = json_array();
    for (int k = 0; k < count; k++) {
        int i = page_row(first, count, k);
        json_array_append_new(items, json_pack("{s:I, s:I, s:{s:s, s:s, s:s}}", "id",
            (json_int_t)db_cell_int(&res, i, 0), "published_at", (json_int_t)db_cell_int(&res, i, 1),
            "title", "fi", db_cell(&res, i, 2), "sv", db_cell(&res, i, 3), "en", db_cell(&res, i, 4)));
    }
    json_t *out = json_pack("{s:o}", "items", items);
    json_object_set_new(out, "next", count > 0 && older
        ? json_string(arena_printf(&r->a, "/api/v1/news?before=%s", cursor_of(r, &res, page_row(first, count, count - 1))))
        : json_null());
    json_object_set_new(out, "prev", count > 0 && newer
        ? json_string(arena_printf(&r->a, "/api/v1/news?after=%s", cursor_of(r, &res, page_row(first, count, 0))))
        : json_null());
    respond_json(r, 200, out);
    return 0;
}
