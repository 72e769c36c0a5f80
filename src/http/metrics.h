/* Prometheus counters kept in memory: requests by route and status, latency histogram. */
#ifndef KOHTAAMO_METRICS_H
#define KOHTAAMO_METRICS_H
#include "../util/buf.h"

/* route is a pattern from the route table (static storage) or a fixed label. */
void metrics_observe(const char *route, int status, double seconds);
void metrics_write(buf *out);
void metrics_sse_clients(int delta);
/* Requests begun and not yet completed; returns the new count. */
int metrics_in_flight(int delta);

#endif
