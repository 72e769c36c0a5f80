/* First contact: self-assessment questionnaires (FHIR R4 Questionnaire,
 * evaluated by src/fhir/) that route a resident to the right urgency,
 * channel and place. Schema: sql/078_first_contact.sql. */
#ifndef KOHTAAMO_SELFASSESS_H
#define KOHTAAMO_SELFASSESS_H
#include "../http/request.h"
#include "../fhir/questionnaire.h"

/* resident pages (flow.c) */
int sa_list(request *r);             /* GET  /{lang}/self-assessment */
int sa_form(request *r);             /* GET  /{lang}/self-assessment/{slug} */
int sa_submit(request *r);           /* POST /{lang}/self-assessment/{slug} */
int sa_result(request *r);           /* GET  /{lang}/self-assessment/result/{token} */
int sa_result_text(request *r);      /* GET  /{lang}/self-assessment/result/{token}/answers.txt */

/* What a stored assessment says, for staff who handle its callback: the
 * questionnaire, urgency, advice and every enabled answer in the page's
 * language. Empty object when gone; NULL on a database error. */
json_t *sa_assessment_summary(request *r, int64_t assessment_id);

/* One stored version of a questionnaire, parsed. Versions never change, so
 * the model is cached for the life of the process. */
typedef struct sa_version {
    int64_t id;
    int64_t questionnaire_id;
    int version;
    const questionnaire *q;
} sa_version;

/* The parsed version version_id. Owned by the process-wide cache, or by a
 * when the cache is full; NULL when there is no such version (or on a
 * database error: *db_failed is then set). */
const sa_version *sa_version_get(db *d, arena *a, int64_t version_id, bool *db_failed);

/* One questionnaire version being answered: by residents (the published
 * version, stored when finished) or in a staff preview (any version; the
 * outcome is shown from the answers and nothing is stored). */
typedef struct sa_flow {
    const sa_version *v;
    const char *slug;
    int64_t service_id;     /* the directory service its outcomes point to; 0: none */
    const char *action;     /* the URL the pages post to */
    bool preview;
} sa_flow;
int sa_flow_start(request *r, const sa_flow *f);    /* the start page */
int sa_flow_submit(request *r, const sa_flow *f);   /* a page sent: the next page, or the outcome */

/* staff pages (staff.c) */
int sa_staff_list(request *r);       /* GET  /{lang}/staff/self-assessment */
int sa_staff_import(request *r);     /* POST /{lang}/staff/self-assessment/import */
int sa_staff_show(request *r);       /* GET  /{lang}/staff/self-assessment/{slug} */
int sa_staff_preview(request *r);    /* GET  .../{slug}/versions/{n}/preview */
int sa_staff_preview_post(request *r);   /* POST .../{slug}/versions/{n}/preview */
int sa_staff_publish(request *r);    /* POST .../{slug}/versions/{n}/publish */
int sa_staff_service(request *r);    /* POST .../{slug}/service */
int sa_staff_export(request *r);     /* GET  .../{slug}/versions/{file} ({n}.json) */

/* management reports (reports.c) */
int sa_reports(request *r);          /* GET /{lang}/staff/self-assessment/reports */
int sa_reports_csv(request *r);      /* GET .../reports.csv */
int sa_reports_xlsx(request *r);     /* GET .../reports.xlsx */

typedef struct sa_imported {
    int64_t questionnaire_id, version_id;
    int version;
    const char *slug;
    bool created;         /* a new questionnaire rather than a new version */
} sa_imported;

/* Validates a FHIR Questionnaire (JSON text, byte order mark allowed) and
 * stores it: as a new version of the questionnaire whose latest version has
 * the same canonical url, otherwise as a new questionnaire named slug (NULL:
 * from the resource's id or name). Nothing is published. Returns 0 when
 * stored, 1 when refused (the reasons in issues), -1 on a database error. */
int sa_import(db *d, arena *a, const char *text, size_t len, const char *slug, int64_t user_id, int64_t now,
              sa_imported *out, q_issues *issues);

/* Answers as stored with an assessment: {"linkId": [value, ...]} with codes,
 * numbers, booleans and strings as plain JSON values. */
json_t *sa_answers_json(const questionnaire *q, const q_answers *ans);
/* The reverse, for a stored assessment; unknown linkIds are skipped. */
q_answers *sa_answers_from_json(arena *a, const questionnaire *q, json_t *stored);

/* Stores an anonymous assessment. receipt_hash may be NULL (API clients). */
int sa_assessment_store(db *d, arena *a, const sa_version *v, const q_answers *ans, const q_result *res,
                        int64_t municipality_id, const char *lang, const char *channel, const char *receipt_hash,
                        int64_t now, int64_t *out_id);

/* Monday 00:00 Helsinki time of the week t falls in, as Unix time. */
int64_t sa_week_start(int64_t t);

/* Finished assessments per client and window, through the form and the
 * FHIR API together (one rate-limit bucket, SA_RATELIMIT_BUCKET). */
#define SA_RATELIMIT_BUCKET "self-assessment"
#define SA_SUBMIT_WINDOW 600   /* seconds */
/* Finished assessments per client and window: --self-assessment-limit (default 30). */
int sa_submit_limit(void);

#define SA_RECEIPT_DAYS 30
/* Forgets the receipt tokens of assessments older than days: their outcome
 * pages (which show the answers) stop opening. Returns the count, or -1. */
int sa_purge_expired_receipts(db *d, int64_t now, int days);

/* Demo questionnaires from demo/questionnaires/, published and tied to
 * their directory services. Does nothing when they are already there. */
int sa_demo_load(db *d, char *err, size_t errlen);

#endif
