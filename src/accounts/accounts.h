#ifndef KOHTAAMO_ACCOUNTS_H
#define KOHTAAMO_ACCOUNTS_H
#include <stddef.h>
#include <stdint.h>
#include "../db/db.h"
#include "../http/request.h"

/* Creates an account. Returns its id, or -1 with a reason in err
 * (invalid e-mail, weak password, unknown role, address taken). */
int64_t account_create(db *d, const char *email, const char *display_name, const char *password,
                       const char *role_text, const char *lang, int64_t now, char *err, size_t errlen);

/* Validation shared by forms and the command line; NULL when fine,
 * otherwise an untranslated msgid explaining the problem. */
const char *account_check_email(const char *email);
const char *account_check_password(const char *password);
const char *account_check_name(const char *name);

/* The per-account login lock, in the database (src/accounts/login_lock.c):
 * seconds the address must wait (0 when it may try), -1 on a database error. */
int login_lock_wait(db *d, arena *a, const char *email, int64_t now);
/* Counts a failed login for the address and locks it after 5 failures; 0 or -1. */
int login_lock_fail(db *d, arena *a, const char *email, int64_t now);
/* Forgets the address's failures after a successful login; 0 or -1. */
int login_lock_clear(db *d, arena *a, const char *email);
/* Deletes failures older than a day whose lock has ended (the maintenance thread). */
int login_failures_purge_expired(db *d, int64_t now);

int accounts_register_form(request *r);
int accounts_register(request *r);
int accounts_login_form(request *r);
int accounts_login(request *r);
int accounts_logout(request *r);
int accounts_reset_request_form(request *r);
int accounts_reset_request(request *r);
int accounts_reset_form(request *r);
int accounts_reset(request *r);
int accounts_profile(request *r);

#endif
