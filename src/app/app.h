/* Process-wide configuration and state shared by every request. */
#ifndef KOHTAAMO_APP_H
#define KOHTAAMO_APP_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct config {
    const char *listen;        /* HOST:PORT */
    const char *database;      /* sqlite:PATH, PATH or postgresql://... */
    const char *root;          /* holds sql/, templates/, static/, po/ */
    const char *sendmail;      /* sendmail-compatible program, "-t -i" is added */
    const char *base_url;      /* public URL used in e-mails */
    const char *config_file;
    int threads;               /* 0: one per core */
    long max_body;             /* bytes */
    int timeout;               /* seconds a connection may idle */
    int session_days;
    bool secure_cookies;       /* set when served behind TLS */
    bool access_log;
    int outbox_interval;       /* seconds between delivery runs */
    int post_limit;            /* form posts per client per minute */
    int feedback_retention_days; /* contact details of closed feedback are erased after this */
    int outbox_retention_days; /* sent mail loses address, subject and text after this */
    int feedback_limit;        /* feedback sent per client per 10 minutes before 429 */
    int self_assessment_limit;   /* finished self-assessments per client per 10 minutes before 429 */
    int callback_retention_days; /* phone numbers and notes of closed callback requests are erased after this */
} config;

typedef struct app {
    config cfg;
    unsigned char csrf_key[32];   /* from the settings table, shared by all nodes */
    volatile int shutting_down;
} app;

extern app APP;

/* Wall clock in Unix seconds; KOHTAAMO_CLOCK_OFFSET (seconds) shifts it so
 * tests can make time pass. */
int64_t app_now(void);
double app_monotonic(void);

#endif
