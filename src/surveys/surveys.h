/* Surveys (issue 5): the model shared by the builder and answering
 * (src/surveys/, engineer F) and results, exports and satisfaction
 * (engineer G). Tables: sql/060_surveys.sql, which documents what each
 * question kind stores in the answers table.
 *
 * Everything loaded lives in the arena passed in. Texts come as arrays
 * indexed by language: [0] fi, [1] sv, [2] en ('' = missing); use
 * survey_pick() for the text to show.
 *
 * Answer form field names (the answering page, drafts and validation):
 *   q{ID}            single: option id, or "other"; multi: option ids (one
 *                    value each, "other" too); scale/nps: the number;
 *                    yesno: "1" or "0"; text/longtext: the text
 *   q{ID}_other      the "other: ___" text of single/multi
 *   q{ID}_r{ROW}     matrix: the chosen column's option id for row ROW
 *   q{ID}_o{OPT}     ranking: the rank (1..n) given to option OPT
 *   municipality     background: municipality id (optional)
 *   respondent_group background: resident | client | family | staff */
#ifndef KOHTAAMO_SURVEYS_H
#define KOHTAAMO_SURVEYS_H
#include <stdbool.h>
#include <stdint.h>
#include "../db/db.h"
#include "../http/form.h"
#include "../util/arena.h"

typedef enum {
    SQ_SINGLE, SQ_MULTI, SQ_SCALE, SQ_NPS, SQ_YESNO, SQ_TEXT, SQ_LONGTEXT, SQ_MATRIX, SQ_RANKING,
    SQ_KIND_COUNT
} survey_qkind;

/* "single" ... "ranking" and back; survey_qkind_parse returns -1 when unknown. */
const char *survey_qkind_name(survey_qkind k);
int survey_qkind_parse(const char *s);

typedef struct survey_option {
    int64_t id;
    int position;
    bool is_row;                 /* a matrix row; otherwise an option / matrix column */
    const char *text[3];
} survey_option;

typedef struct survey_question {
    int64_t id, page_id;
    int page_index;              /* index into survey.pages */
    int position;
    survey_qkind kind;
    bool required, has_other;
    const char *text[3], *help[3];
    int scale_min, scale_max;    /* scale only; nps is always 0..10 */
    const char *min_label[3], *max_label[3];   /* scale and nps end labels */
    int64_t cond_question_id;    /* 0: always shown */
    int64_t cond_option_id;      /* yesno conditions: 1 = yes, 0 = no */
    survey_option *options;      /* options, matrix columns, ranked items; by position */
    int noptions;
    survey_option *rows;         /* matrix rows; by position */
    int nrows;
} survey_question;

typedef struct survey_page {
    int64_t id;
    int position;
    const char *title[3];
    int64_t cond_question_id, cond_option_id;   /* as for questions */
    int first_question, nquestions;             /* slice of survey.questions */
} survey_page;

typedef struct survey {
    int64_t id;
    const char *slug;
    const char *kind;            /* survey | satisfaction */
    const char *title[3], *intro[3];
    const char *audience;        /* everyone | registered | group | staff */
    int64_t group_id;            /* 0 unless audience is group */
    bool anonymous;              /* anonymity 'anonymous' */
    int64_t opens_at, closes_at; /* 0: not set */
    const char *status;          /* draft | published | closed */
    bool results_public, ask_background;
    int64_t service_point_id;    /* 0: none */
    const char *channel;
    int64_t created_by, created_at, updated_at;
    int64_t *municipalities;     /* staff audience limited to these (none: all) */
    int nmunicipalities;
    survey_page *pages;          /* by position; at least one once loaded */
    int npages;
    survey_question *questions;  /* page by page, by position within a page */
    int nquestions;
    int64_t response_count;      /* completed responses */
} survey;

/* Loads a survey by id with its pages, questions and options. Returns 1,
 * 0 when there is none, -1 on a database error. */
int survey_load(db *d, arena *a, int64_t id, survey *out);
/* The same by slug (or by decimal id when the text is all digits). */
int survey_load_slug(db *d, arena *a, const char *slug, survey *out);

/* 0 fi, 1 sv, 2 en. */
int survey_lang_index(const char *lang);
/* The text in lang, Finnish when that is missing. */
const char *survey_pick(const char *const text[3], const char *lang);

survey_question *survey_question_by_id(const survey *s, int64_t id);
survey_option *survey_option_by_id(const survey_question *q, int64_t id);

/* Open for answers at now: published, opens_at reached, closes_at not. */
bool survey_is_open(const survey *s, int64_t now);

/* Whether a condition (question id, option id) holds for the answers so
 * far (f holds answer fields as named above). qid 0 always holds; a
 * condition on a question that is itself hidden does not hold. */
bool survey_condition_holds(const survey *s, int64_t qid, int64_t oid, const form *f);
bool survey_question_visible(const survey *s, const survey_question *q, const form *f);
bool survey_page_visible(const survey *s, int page_index, const form *f);

/* One item to store in the answers table. */
typedef struct survey_answer {
    int64_t question_id;
    int64_t option_id, row_option_id;   /* 0: NULL */
    bool has_int;
    int64_t value_int;
    const char *value_text;             /* NULL: none */
    int rank;                           /* ranking; 0: NULL */
} survey_answer;

/* A problem with one question's answer: msgid is an untranslated English
 * message (marked with N_ in answer.c). */
typedef struct survey_error {
    int64_t question_id;
    const char *msgid;
} survey_error;

/* Validates the answers of one page (page_index) or, with page_index -1,
 * of every visible page, and collects the rows to store for them. Hidden
 * questions (condition false, or on a hidden page) are skipped and their
 * answers discarded. Returns the number of errors (each in errs, at most
 * max_errs kept); answers and counts in *out / *nout (arena). */
int survey_validate(const survey *s, const form *f, int page_index, arena *a,
                    survey_answer **out, int *nout, survey_error *errs, int max_errs);

/* Texts missing per language for the completeness check: lists of
 * human-readable places ("Question 3: help text") for lang index li.
 * Returns the count; *items (arena) gets the descriptions as msgids joined
 * with numbers, ready to show (translated with lang_ui). */
int survey_missing_texts(const survey *s, int li, arena *a, const char *lang_ui,
                         const char ***items);

/* Demo surveys (src/surveys/demo.c): a family centre client survey with
 * 60 answers, the staff well-being survey and the youth therapy survey
 * (needs the participation demo's group youth-mental-health). 0 or -1. */
int surveys_demo_load(db *d, int64_t now);

/* Precomputed results (sql/067_survey_counts.sql, counts.c). Call inside
 * the transaction that wrote the answers: add_response counts one new
 * response and its answers; rebuild recounts a whole survey from its
 * answers (loaders that insert answers directly). 0 ok, -1 error. */
int survey_counts_add_response(db *d, int64_t response_id);
int survey_counts_rebuild(db *d, int64_t survey_id);

/* Retention (keys.c), run by the maintenance thread from the registry in
 * src/app/retention.c. drafts: unfinished answers go SURVEY_DRAFT_RETENTION_DAYS
 * after they were last saved, or when their survey closes. answer_keys:
 * rewrites the one-answer keys of anonymous surveys answered since
 * yesterday so their order and transaction ids lead to no response
 * (PostgreSQL; nothing to do on SQLite). Both return rows handled or -1. */
#define SURVEY_DRAFT_RETENTION_DAYS 30
int survey_drafts_purge_expired(db *d, int64_t now);
int survey_answer_keys_unlink(db *d, int64_t now);

/* Languages a survey must be complete in before it is published: Finnish
 * and Swedish (the county is bilingual); English is optional and falls
 * back to Finnish. */
#define SURVEY_REQUIRED_LANGS 2

#endif
