/* Open311 GeoReport v2 over the feedback channel, under /open311/v2/:
 * services (= active feedback topics) and service requests (= feedback).
 * Answers are JSON or XML by the path's suffix, errors in the
 * specification's shape. POST needs an API key that admins issue at
 * /{lang}/admin/api-keys; only a hash of each key is stored. */
#ifndef KOHTAAMO_OPEN311_H
#define KOHTAAMO_OPEN311_H
#include <stdbool.h>
#include <stdint.h>
#include "../db/db.h"
#include "../http/request.h"

/* GET services.json|.xml, services/{code}.json|.xml */
int open311_services(request *r);
int open311_service_definition(request *r);
/* GET requests.json|.xml (filters), requests/{id}.json|.xml; POST requests.json|.xml */
int open311_requests_list(request *r);
int open311_request_show(request *r);
int open311_request_create(request *r);

/* True for paths under /open311/, whose errors are answered by open311_error. */
bool open311_path(const char *path);
/* The specification's error answer: [{"code": N, "description": "..."}] in
 * JSON, or <errors><error>... for paths ending in .xml. Used by respond_error. */
void open311_error(request *r, int status, const char *description);

/* The id of the active (not revoked) API key, 0 when key is missing or not
 * valid, -1 on a database error. */
int64_t api_key_check(db *d, arena *a, const char *key);

/* Admin pages: /{lang}/admin/api-keys (list and create), .../{id}/revoke */
int admin_api_keys_list(request *r);
int admin_api_keys_create(request *r);
int admin_api_key_revoke(request *r);

/* Demo data: an API key for a partner system (key documented in the loader). */
int open311_demo_load(db *d, char *err, size_t errlen);

#endif
