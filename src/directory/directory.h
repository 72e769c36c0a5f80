/* Service directory, resident side (issue 6): find a service, service point
 * pages with opening hours, and the read-only JSON API. Schema: sql/040_directory.sql. */
#ifndef KOHTAAMO_DIRECTORY_H
#define KOHTAAMO_DIRECTORY_H
#include "../http/request.h"

/* pages */
int directory_find(request *r);          /* GET /{lang}/services */
int directory_point(request *r);         /* GET /{lang}/service-points/{id} */

/* API (documented in api.c) */
int directory_api_services(request *r);  /* GET /api/v1/services */
int directory_api_points(request *r);    /* GET /api/v1/service-points */
int directory_api_point(request *r);     /* GET /api/v1/service-points/{id} */
int directory_api_offer(request *r);     /* GET /api/v1/offer */
int directory_api_open_now(request *r);  /* GET /api/v1/open-now */

/* How a resident reaches one service (for the self-assessment's outcome):
 * its channels (chat, phone, e-service, video) with open-now status where
 * they have hours, and up to max_points service points that offer it: those
 * in municipality_id first (0: none given), then the nearest; points that
 * serve in the page's language before the others. JSON in the request's
 * arena, or NULL on a database error. */
json_t *directory_service_contacts(request *r, int64_t service_id, int64_t municipality_id, int max_points);

/* Demo services, points, hours and offers of Western Uusimaa. Expects the
 * demo municipalities; does nothing when the services are already there. */
int directory_demo_load(db *d, char *err, size_t errlen);

/* Staff: the search terms (synonyms) residents' searches match against. */
int dir_search_terms_page(request *r);
int dir_search_terms_add(request *r);
int dir_search_terms_delete(request *r);

#endif
