#ifndef KOHTAAMO_SYSTEM_H
#define KOHTAAMO_SYSTEM_H
#include "../http/request.h"

int home_page(request *r);
int healthz(request *r);
int metrics_page(request *r);
int events_stream(request *r);
int api_municipalities(request *r);
int static_serve(request *r);

#endif
