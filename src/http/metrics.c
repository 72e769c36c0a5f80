#include "metrics.h"
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#define METRICS_MAX_SERIES 512
static const double bucket_bounds[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
#define NBUCKETS (sizeof bucket_bounds / sizeof bucket_bounds[0])

typedef struct series {
    const char *route;
    int status;
    unsigned long long count;
} series;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static series counters[METRICS_MAX_SERIES];
static int ncounters;
static unsigned long long buckets[NBUCKETS];
static unsigned long long hist_count;
static double hist_sum;
static int sse_clients;
static atomic_int in_flight;

void metrics_observe(const char *route, int status, double seconds)
{
    pthread_mutex_lock(&lock);
    int i;
    for (i = 0; i < ncounters; i++)
        if (counters[i].status == status && strcmp(counters[i].route, route) == 0) break;
    if (i == ncounters && ncounters < METRICS_MAX_SERIES) {
        counters[i].route = route;
        counters[i].status = status;
        ncounters++;
    }
    if (i < ncounters) counters[i].count++;
    for (size_t b = 0; b < NBUCKETS; b++)
        if (seconds <= bucket_bounds[b]) buckets[b]++;
    hist_count++;
    hist_sum += seconds;
    pthread_mutex_unlock(&lock);
}

void metrics_sse_clients(int delta)
{
    pthread_mutex_lock(&lock);
    sse_clients += delta;
    pthread_mutex_unlock(&lock);
}

int metrics_in_flight(int delta) { return atomic_fetch_add(&in_flight, delta) + delta; }

void metrics_write(buf *out)
{
    pthread_mutex_lock(&lock);
    buf_puts(out, "# HELP kohtaamo_http_requests_total HTTP requests by route pattern and status.\n"
                  "# TYPE kohtaamo_http_requests_total counter\n");
    for (int i = 0; i < ncounters; i++)
        buf_printf(out, "kohtaamo_http_requests_total{route=\"%s\",status=\"%d\"} %llu\n",
                   counters[i].route, counters[i].status, counters[i].count);
    buf_puts(out, "# HELP kohtaamo_http_request_duration_seconds Time to answer a request.\n"
                  "# TYPE kohtaamo_http_request_duration_seconds histogram\n");
    for (size_t b = 0; b < NBUCKETS; b++)
        buf_printf(out, "kohtaamo_http_request_duration_seconds_bucket{le=\"%g\"} %llu\n",
                   bucket_bounds[b], buckets[b]);
    buf_printf(out, "kohtaamo_http_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n", hist_count);
    buf_printf(out, "kohtaamo_http_request_duration_seconds_sum %.6f\n", hist_sum);
    buf_printf(out, "kohtaamo_http_request_duration_seconds_count %llu\n", hist_count);
    buf_puts(out, "# HELP kohtaamo_event_stream_clients Open server-sent event connections.\n"
                  "# TYPE kohtaamo_event_stream_clients gauge\n");
    buf_printf(out, "kohtaamo_event_stream_clients %d\n", sse_clients);
    buf_puts(out, "# HELP kohtaamo_http_requests_in_flight Requests being received or answered (this one included).\n"
                  "# TYPE kohtaamo_http_requests_in_flight gauge\n");
    buf_printf(out, "kohtaamo_http_requests_in_flight %d\n", atomic_load(&in_flight));
    pthread_mutex_unlock(&lock);
}
