/* The maintenance thread: work that no request asks for. */
#include "maintenance.h"

#include <unistd.h>

#include "app.h"
#include "retention.h"
#include "../events/events.h"
#include "../mail/outbox.h"
#include "../participation/notifications.h"

void *app_maintenance_main(void *arg)
{
    (void)arg;
    int tick = 0;
    retention_clock purges = {0};
    while (!APP.shutting_down) {
        sleep(1);
        if (++tick % (APP.cfg.outbox_interval > 0 ? APP.cfg.outbox_interval : 10) != 0) continue;
        char err[256];
        db *d = db_thread_conn(err, sizeof err);
        if (!d) continue;
        outbox_deliver(d, app_now());
        events_send_reminders(d, app_now());   /* the day before; each registration once */
        if (tick % 3600 == 0) notifications_digest_run(d, app_now());   /* sends only after 24 h */
        /* every purge of personal data, from the registry: each on the
         * first pass, then at its own interval */
        retention_run_due(d, app_now(), app_monotonic(), &purges);
    }
    return NULL;
}
