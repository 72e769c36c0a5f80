/* Shared by the files of src/projects/: columns, language picking, labels,
 * loading a project, revisions. Everything returned lives in r->a unless
 * said otherwise. */
#ifndef KOHTAAMO_PROJECTS_INTERNAL_H
#define KOHTAAMO_PROJECTS_INTERNAL_H
#include "projects.h"
#include "logic.h"
#include <jansson.h>

/* Columns of a project row, in this order (indexes below). */
#define PJ_COLS "p.id, p.parent_id, p.kind, p.slug, p.title_fi, p.title_sv, p.title_en, " \
                "p.summary_fi, p.summary_sv, p.summary_en, p.body_fi, p.body_sv, p.body_en, " \
                "p.status, p.start_date, p.end_date, p.published, p.created_at, p.updated_at"
enum { PJ_ID, PJ_PARENT, PJ_KIND, PJ_SLUG, PJ_TITLE, PJ_SUMMARY = 7, PJ_BODY = 10, PJ_STATUS = 13,
       PJ_START, PJ_END, PJ_PUBLISHED, PJ_CREATED, PJ_UPDATED, PJ_NCOLS };

/* SQLite keeps the search rows of a top-level project in one rowid range,
 * [id * this, (id + 1) * this), so they can be replaced and read without
 * scanning the whole FTS table. */
#define PJ_SEARCH_ROWS_PER_ROOT (1LL << 20)

int pj_lang_index(const char *lang);
/* Text in the page's language from three columns fi, sv, en starting at
 * col_fi; falls back to Finnish and sets *fell_back. */
const char *pj_pick(const db_result *res, int row, int col_fi, const char *lang, bool *fell_back);

#define PJ_NSTATUS 5
extern const char *const PJ_STATUSES[PJ_NSTATUS];
#define PJ_NMSTATUS 4
extern const char *const PJ_MSTATUSES[PJ_NMSTATUS];
bool pj_status_valid(const char *s);
bool pj_mstatus_valid(const char *s);
const char *pj_status_label(request *r, const char *status);
const char *pj_mstatus_label(request *r, const char *status);
const char *pj_kind_label(request *r, const char *kind);
/* "D.M.YYYY" of an ISO date column, or NULL. */
const char *pj_date_display(request *r, const char *iso);
/* "D.M.YYYY" of a Unix time. */
const char *pj_time_display(request *r, int64_t t);

/* Parses a positive id; 0 when s is not one. */
int64_t pj_parse_id(const char *s);
/* Loads a project by id (any state) or by slug (published, parent published).
 * Returns 1 found, 0 not found, -1 db error. */
int pj_load_by_id(request *r, int64_t id, db_result *out);
int pj_load_public(request *r, const char *slug, db_result *out);

/* Progress from the project's milestones; fills done/total, returns percent or -1. */
int pj_progress_of(request *r, int64_t project_id, int *done, int *counted, int *rc);

/* JSON snapshot of a project with its themes, municipalities, milestones,
 * contacts and links, or of one update. New references; NULL on db error. */
json_t *pj_snapshot_project(request *r, int64_t id);
json_t *pj_snapshot_update(request *r, int64_t id);
/* Stores a revision of the entity after a change and refreshes the search
 * index. Returns 0 or -1. */
int pj_record(request *r, int64_t project_id, const char *entity, int64_t entity_id, const char *action);

/* An option list for a <select>: [{value, label, selected}]. */
json_t *pj_options(const char *const *values, const char *const *labels, int n, const char *selected);

/* Themes (code, name_fi, name_sv, name_en) and municipalities (code, name_fi,
 * name_sv), sorted by name in the page's language. */
int pj_reference_rows(request *r, db_result *themes, db_result *munis);
/* respond_page after adding "has_KEY" flags for non-empty arrays. Steals ctx. */
void pj_respond(request *r, int status, const char *template_name, json_t *ctx);
/* The project page's view model (texts, facts, milestones, progress,
 * contacts, links) of a PJ_COLS row; *rc -1 on a db error. New reference. */
json_t *pj_page_model(request *r, const db_result *res, int row, int *rc);
/* Published updates of a project, newest first. New reference. */
json_t *pj_updates_json(request *r, int64_t project_id, int limit, int *rc);

#endif
