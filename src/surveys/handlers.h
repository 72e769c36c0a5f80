/* Route handlers of the survey builder and answering (src/app/routes.c). */
#ifndef KOHTAAMO_SURVEYS_HANDLERS_H
#define KOHTAAMO_SURVEYS_HANDLERS_H
#include "../http/request.h"

int surveys_staff_list(request *r);
int surveys_staff_new_form(request *r);
int surveys_staff_create(request *r);
int surveys_staff_edit(request *r);
int surveys_staff_save(request *r);
int surveys_staff_page_add(request *r);
int surveys_staff_page_save(request *r);
int surveys_staff_page_delete(request *r);
int surveys_staff_question_new(request *r);
int surveys_staff_question_create(request *r);
int surveys_staff_question_edit(request *r);
int surveys_staff_question_save(request *r);
int surveys_staff_question_delete(request *r);
int surveys_staff_question_move(request *r);
int surveys_staff_publish(request *r);
int surveys_staff_close(request *r);
int surveys_staff_duplicate(request *r);
int surveys_staff_preview(request *r);
int surveys_list(request *r);
int surveys_answer_form(request *r);
int surveys_answer_post(request *r);
int surveys_thanks(request *r);

#endif
