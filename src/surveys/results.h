/* Survey results (issue 5 "Results" and "Customer satisfaction"), engineer G:
 * the results page for staff and, once published, for everyone; CSV, XLSX
 * and JSON exports of the same numbers; moderation of free-text answers;
 * service-point satisfaction with short links, posters with a QR code,
 * trends and a comparison across municipalities. */
#ifndef KOHTAAMO_SURVEY_RESULTS_H
#define KOHTAAMO_SURVEY_RESULTS_H
#include "../http/request.h"
#include "surveys.h"

/* Breakdown of results by a property of the response. */
typedef enum { RB_NONE, RB_MUNICIPALITY, RB_SERVICE_POINT, RB_LANG, RB_GROUP, RB_COUNT } results_breakdown;

/* The aggregated results as one JSON object (numbers only, no markup): the
 * page, the JSON export, the CSV and the XLSX are all made from it. public_view
 * hides free text that is not approved and questions with fewer than 5
 * answers. Returns NULL on a database error. */
json_t *results_model(request *r, const survey *s, results_breakdown b, bool public_view);
results_breakdown results_breakdown_parse(const char *s);
const char *results_breakdown_name(results_breakdown b);

/* pages */
int survey_results_staff(request *r);        /* GET /{lang}/staff/surveys/{id}/results */
int survey_results_public(request *r);       /* GET /{lang}/surveys/{slug}/results */
int survey_results_publish(request *r);      /* POST /{lang}/staff/surveys/{id}/results/publish */
int survey_results_moderate(request *r);     /* POST /{lang}/staff/surveys/{id}/results/texts/{aid} */
/* exports: /{lang}/staff/surveys/{id}/results.csv|xlsx|json, and raw answers of identified surveys */
int survey_results_csv(request *r);
int survey_results_xlsx(request *r);
int survey_results_json(request *r);
int survey_results_raw_csv(request *r);

/* service-point satisfaction */
int satisfaction_overview(request *r);       /* GET /{lang}/staff/satisfaction */
int satisfaction_create(request *r);         /* POST /{lang}/staff/satisfaction: a survey for a point and channel */
int satisfaction_point(request *r);          /* GET /{lang}/staff/satisfaction/{point} (trends) */
int satisfaction_poster(request *r);         /* GET /{lang}/staff/satisfaction/{point}/poster */
int satisfaction_qr_svg(request *r);         /* GET /{lang}/staff/satisfaction/{point}/qr.svg */
int satisfaction_short_link(request *r);     /* GET /p/{code} */

/* The short code of a survey's link, made on first use (6 characters). NULL on error. */
const char *satisfaction_short_code(request *r, int64_t survey_id);

/* Demo: satisfaction surveys for a handful of service points with six months of answers. */
int satisfaction_demo_load(db *d, int64_t now);

#endif
