#ifndef KOHTAAMO_ADMIN_H
#define KOHTAAMO_ADMIN_H
#include "../http/request.h"

int admin_users_list(request *r);
int admin_users_create(request *r);
int admin_user_show(request *r);
int admin_user_update(request *r);
int admin_audit_list(request *r);

#endif
