/* The FHIR R4 REST API under /fhir/ (JSON, application/fhir+json):
 * CapabilityStatement, Questionnaire create/read/vread/search and
 * QuestionnaireResponse create. Errors are OperationOutcome resources.
 * Routes: src/app/routes.c; what is public and what needs an API key:
 * README, "FHIR API". */
#ifndef KOHTAAMO_FHIR_REST_H
#define KOHTAAMO_FHIR_REST_H
#include "../http/request.h"

int fhir_metadata(request *r);               /* GET  /fhir/metadata */
int fhir_questionnaire_create(request *r);   /* POST /fhir/Questionnaire (API key) */
int fhir_questionnaire_search(request *r);   /* GET  /fhir/Questionnaire?status=&name=&url= */
int fhir_questionnaire_read(request *r);     /* GET  /fhir/Questionnaire/{id} */
int fhir_questionnaire_vread(request *r);    /* GET  /fhir/Questionnaire/{id}/_history/{vid} */
int fhir_response_create(request *r);        /* POST /fhir/QuestionnaireResponse (open, rate limited) */

/* An OperationOutcome with one issue (its code from status) as the answer;
 * the error shape of every /fhir/ path (api_error_shapes). */
void fhir_error(request *r, int status, const char *message);

/* The extension on a returned QuestionnaireResponse with the matched rule's
 * advice in the request's language. */
#define FHIR_EXT_ADVICE "https://kohtaamo.fi/fhir/StructureDefinition/advice"
#define FHIR_URGENCY_SYSTEM "https://kohtaamo.fi/fhir/CodeSystem/urgency"

#endif
