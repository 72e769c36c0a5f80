/* The maintenance thread of a serving node: outgoing mail, event reminders,
 * notification digests and every purge of personal data in the retention
 * registry. Several nodes may run it at once: each step is safe to repeat. */
#ifndef KOHTAAMO_MAINTENANCE_H
#define KOHTAAMO_MAINTENANCE_H

/* Runs until APP.shutting_down; the server starts it (HTTP_HOOKS.maintenance). */
void *app_maintenance_main(void *arg);

#endif
