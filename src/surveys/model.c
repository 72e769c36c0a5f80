/* Loading a survey with its pages, questions and options (surveys.h). */
#include "surveys.h"
#include <stdlib.h>
#include <string.h>

static const char *const qkind_names[SQ_KIND_COUNT] = {
    "single", "multi", "scale", "nps", "yesno", "text", "longtext", "matrix", "ranking",
};

const char *survey_qkind_name(survey_qkind k)
{
    return (k >= 0 && k < SQ_KIND_COUNT) ? qkind_names[k] : "text";
}

int survey_qkind_parse(const char *s)
{
    if (!s) return -1;
    for (int i = 0; i < SQ_KIND_COUNT; i++)
        if (strcmp(s, qkind_names[i]) == 0) return i;
    return -1;
}

int survey_lang_index(const char *lang)
{
    if (lang && strcmp(lang, "sv") == 0) return 1;
    if (lang && strcmp(lang, "en") == 0) return 2;
    return 0;
}

const char *survey_pick(const char *const text[3], const char *lang)
{
    const char *v = text[survey_lang_index(lang)];
    return (v && *v) ? v : (text[0] ? text[0] : "");
}

survey_question *survey_question_by_id(const survey *s, int64_t id)
{
    for (int i = 0; i < s->nquestions; i++)
        if (s->questions[i].id == id) return &s->questions[i];
    return NULL;
}

survey_option *survey_option_by_id(const survey_question *q, int64_t id)
{
    for (int i = 0; i < q->noptions; i++)
        if (q->options[i].id == id) return &q->options[i];
    for (int i = 0; i < q->nrows; i++)
        if (q->rows[i].id == id) return &q->rows[i];
    return NULL;
}

bool survey_is_open(const survey *s, int64_t now)
{
    if (strcmp(s->status, "published") != 0) return false;
    if (s->opens_at && now < s->opens_at) return false;
    if (s->closes_at && now >= s->closes_at) return false;
    return true;
}

static const char *cell(arena *a, const db_result *res, int row, int col)
{
    const char *v = db_cell(res, row, col);
    return v ? v : arena_strdup(a, "");
}

static void texts(arena *a, const db_result *res, int row, int col, const char *out[3])
{
    for (int i = 0; i < 3; i++) out[i] = cell(a, res, row, col + i);
}

#define SURVEY_COLUMNS                                                                          \
    "id, slug, kind, title_fi, title_sv, title_en, intro_fi, intro_sv, intro_en, audience, "    \
    "group_id, anonymity, opens_at, closes_at, status, results_public, ask_background, "       \
    "service_point_id, channel, created_by, created_at, updated_at"

static int load_parts(db *d, arena *a, survey *s)
{
    db_result res;
    db_param p[] = {DB_INT(s->id)};
    if (db_query(d, a, &res, "SELECT municipality_id FROM survey_municipalities WHERE survey_id = $1 "
                 "ORDER BY municipality_id", 1, p) != 0)
        return -1;
    s->nmunicipalities = res.nrows;
    s->municipalities = arena_alloc(a, sizeof(int64_t) * (size_t)(res.nrows + 1));
    for (int i = 0; i < res.nrows; i++) s->municipalities[i] = db_cell_int(&res, i, 0);

    if (db_query(d, a, &res, "SELECT id, position, title_fi, title_sv, title_en, "
                 "condition_question_id, condition_option_id FROM survey_pages "
                 "WHERE survey_id = $1 ORDER BY position, id", 1, p) != 0)
        return -1;
    s->npages = res.nrows;
    s->pages = arena_alloc(a, sizeof(survey_page) * (size_t)(res.nrows + 1));
    for (int i = 0; i < res.nrows; i++) {
        survey_page *pg = &s->pages[i];
        pg->id = db_cell_int(&res, i, 0);
        pg->position = (int)db_cell_int(&res, i, 1);
        texts(a, &res, i, 2, pg->title);
        pg->cond_question_id = db_cell_int(&res, i, 5);
        pg->cond_option_id = db_cell_int(&res, i, 6);
    }

    if (db_query(d, a, &res, "SELECT q.id, q.page_id, q.position, q.kind, q.required, q.has_other, "
                 "q.text_fi, q.text_sv, q.text_en, q.help_fi, q.help_sv, q.help_en, q.scale_min, "
                 "q.scale_max, q.scale_min_label_fi, q.scale_min_label_sv, q.scale_min_label_en, "
                 "q.scale_max_label_fi, q.scale_max_label_sv, q.scale_max_label_en, "
                 "q.condition_question_id, q.condition_option_id "
                 "FROM survey_questions q JOIN survey_pages pg ON pg.id = q.page_id "
                 "WHERE q.survey_id = $1 ORDER BY pg.position, pg.id, q.position, q.id", 1, p) != 0)
        return -1;
    s->nquestions = res.nrows;
    s->questions = arena_alloc(a, sizeof(survey_question) * (size_t)(res.nrows + 1));
    for (int i = 0; i < res.nrows; i++) {
        survey_question *q = &s->questions[i];
        q->id = db_cell_int(&res, i, 0);
        q->page_id = db_cell_int(&res, i, 1);
        q->position = (int)db_cell_int(&res, i, 2);
        int k = survey_qkind_parse(db_cell(&res, i, 3));
        q->kind = k < 0 ? SQ_TEXT : (survey_qkind)k;
        q->required = db_cell_int(&res, i, 4) != 0;
        q->has_other = db_cell_int(&res, i, 5) != 0;
        texts(a, &res, i, 6, q->text);
        texts(a, &res, i, 9, q->help);
        q->scale_min = (int)db_cell_int(&res, i, 12);
        q->scale_max = (int)db_cell_int(&res, i, 13);
        if (q->kind == SQ_NPS) q->scale_min = 0, q->scale_max = 10;
        texts(a, &res, i, 14, q->min_label);
        texts(a, &res, i, 17, q->max_label);
        q->cond_question_id = db_cell_int(&res, i, 20);
        q->cond_option_id = db_cell_int(&res, i, 21);
        q->page_index = -1;
        for (int j = 0; j < s->npages; j++)
            if (s->pages[j].id == q->page_id) {
                q->page_index = j;
                if (s->pages[j].nquestions == 0) s->pages[j].first_question = i;
                s->pages[j].nquestions++;
            }
    }

    if (db_query(d, a, &res, "SELECT o.question_id, o.id, o.position, o.is_row, o.text_fi, o.text_sv, "
                 "o.text_en FROM survey_options o JOIN survey_questions q ON q.id = o.question_id "
                 "WHERE q.survey_id = $1 ORDER BY o.question_id, o.is_row, o.position, o.id", 1, p) != 0)
        return -1;
    /* two passes: count, then fill */
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < s->nquestions; i++) {
            survey_question *q = &s->questions[i];
            if (pass == 1) {
                q->options = arena_alloc(a, sizeof(survey_option) * (size_t)(q->noptions + 1));
                q->rows = arena_alloc(a, sizeof(survey_option) * (size_t)(q->nrows + 1));
            }
            q->noptions = q->nrows = 0;
        }
        for (int i = 0; i < res.nrows; i++) {
            survey_question *q = survey_question_by_id(s, db_cell_int(&res, i, 0));
            if (!q) continue;
            bool is_row = db_cell_int(&res, i, 3) != 0;
            if (pass == 0) {
                if (is_row) q->nrows++;
                else q->noptions++;
                continue;
            }
            survey_option *o = is_row ? &q->rows[q->nrows++] : &q->options[q->noptions++];
            o->id = db_cell_int(&res, i, 1);
            o->position = (int)db_cell_int(&res, i, 2);
            o->is_row = is_row;
            texts(a, &res, i, 4, o->text);
        }
    }

    if (db_query(d, a, &res, "SELECT COUNT(*) FROM responses WHERE survey_id = $1 AND completed = 1",
                 1, p) != 0)
        return -1;
    s->response_count = db_cell_int(&res, 0, 0);
    return 0;
}

static int load_where(db *d, arena *a, const char *sql, db_param key, survey *out)
{
    memset(out, 0, sizeof *out);
    db_result res;
    if (db_query(d, a, &res, sql, 1, &key) != 0) return -1;
    if (res.nrows == 0) return 0;
    out->id = db_cell_int(&res, 0, 0);
    out->slug = cell(a, &res, 0, 1);
    out->kind = cell(a, &res, 0, 2);
    texts(a, &res, 0, 3, out->title);
    texts(a, &res, 0, 6, out->intro);
    out->audience = cell(a, &res, 0, 9);
    out->group_id = db_cell_int(&res, 0, 10);
    out->anonymous = strcmp(cell(a, &res, 0, 11), "anonymous") == 0;
    out->opens_at = db_cell_int(&res, 0, 12);
    out->closes_at = db_cell_int(&res, 0, 13);
    out->status = cell(a, &res, 0, 14);
    out->results_public = db_cell_int(&res, 0, 15) != 0;
    out->ask_background = db_cell_int(&res, 0, 16) != 0;
    out->service_point_id = db_cell_int(&res, 0, 17);
    out->channel = cell(a, &res, 0, 18);
    out->created_by = db_cell_int(&res, 0, 19);
    out->created_at = db_cell_int(&res, 0, 20);
    out->updated_at = db_cell_int(&res, 0, 21);
    return load_parts(d, a, out) == 0 ? 1 : -1;
}

int survey_load(db *d, arena *a, int64_t id, survey *out)
{
    return load_where(d, a, "SELECT " SURVEY_COLUMNS " FROM surveys WHERE id = $1", DB_INT(id), out);
}

int survey_load_slug(db *d, arena *a, const char *slug, survey *out)
{
    if (!slug || !*slug) return 0;
    bool digits = strspn(slug, "0123456789") == strlen(slug) && strlen(slug) < 18;
    if (digits) return survey_load(d, a, strtoll(slug, NULL, 10), out);
    return load_where(d, a, "SELECT " SURVEY_COLUMNS " FROM surveys WHERE slug = $1", DB_TEXT(slug), out);
}
