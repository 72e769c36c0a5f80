/* The whole HTTP surface of Kohtaamo in one table, in the app layer (the
 * only place that names every feature), so src/http names none: method, pattern,
 * handler and the least role that may use it. {lang} is fi, sv or en.
 * Every POST outside /api/ needs a valid CSRF token (checked by the server). */
#include "../http/request.h"
#include "maintenance.h"
#include "../accounts/accounts.h"
#include "../admin/admin.h"
#include "../comments/comments.h"
#include "../consultations/consultations.h"
#include "../participation/notifications.h"
#include "../participation/spaces.h"
#include "../directory/directory.h"
#include "../equality/equality.h"
#include "../events/events.h"
#include "../feedback/feedback.h"
#include "../surveys/handlers.h"
#include "../selfassess/selfassess.h"
#include "../callbacks/callbacks.h"
#include "../ideas/ideas.h"
#include "../moderation/moderation.h"
#include "../news/news.h"
#include "../projects/projects.h"
#include "../surveys/results.h"
#include "../open311/open311.h"
#include "../fhir/rest.h"
#include "../system/system.h"

const route routes[] = {
    /* probes and machine-readable endpoints */
    {.method = "GET", .pattern = "/healthz", .handler = healthz, .bare = true},
    {.method = "GET", .pattern = "/metrics", .handler = metrics_page, .bare = true},
    {.method = "GET", .pattern = "/static/{*path}", .handler = static_serve, .bare = true},
    /* before the event-stream route: "/events/{id}.ics" matches only names ending .ics */
    {.method = "GET", .pattern = "/events/{id}.ics", .handler = events_ics_one},
    {.method = "GET", .pattern = "/events/{channel}", .handler = events_stream, .bare = true},
    {.method = "GET", .pattern = "/api/v1/municipalities", .handler = api_municipalities, .bare = true},
    {.method = "GET", .pattern = "/api/v1/news", .handler = api_news_list, .bare = true},

    /* pages */
    {.method = "GET", .pattern = "/{lang}/", .handler = home_page},
    {.method = "GET", .pattern = "/{lang}/news", .handler = news_list},
    {.method = "GET", .pattern = "/{lang}/news/new", .handler = news_new_form, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/news/new", .handler = news_create, .min_role = ROLE_STAFF},
    {.method = "GET", .pattern = "/{lang}/news/{id}", .handler = news_show},

    /* accounts */
    {.method = "GET", .pattern = "/{lang}/register", .handler = accounts_register_form},
    {.method = "POST", .pattern = "/{lang}/register", .handler = accounts_register},
    {.method = "GET", .pattern = "/{lang}/login", .handler = accounts_login_form},
    {.method = "POST", .pattern = "/{lang}/login", .handler = accounts_login},
    {.method = "POST", .pattern = "/{lang}/logout", .handler = accounts_logout},
    {.method = "GET", .pattern = "/{lang}/password-reset", .handler = accounts_reset_request_form},
    {.method = "POST", .pattern = "/{lang}/password-reset", .handler = accounts_reset_request},
    {.method = "GET", .pattern = "/{lang}/password-reset/{token}", .handler = accounts_reset_form},
    {.method = "POST", .pattern = "/{lang}/password-reset/{token}", .handler = accounts_reset},
    {.method = "GET", .pattern = "/{lang}/account", .handler = accounts_profile, .min_role = ROLE_RESIDENT},

    /* administration */
    {.method = "GET", .pattern = "/{lang}/admin/users", .handler = admin_users_list, .min_role = ROLE_ADMIN},
    {.method = "POST", .pattern = "/{lang}/admin/users", .handler = admin_users_create, .min_role = ROLE_ADMIN},
    {.method = "GET", .pattern = "/{lang}/admin/users/{id}", .handler = admin_user_show, .min_role = ROLE_ADMIN},
    {.method = "POST", .pattern = "/{lang}/admin/users/{id}", .handler = admin_user_update, .min_role = ROLE_ADMIN},
    {.method = "GET", .pattern = "/{lang}/admin/audit", .handler = admin_audit_list, .min_role = ROLE_ADMIN},

    /* Open311 GeoReport v2 (src/open311/): JSON or XML by suffix. The POST is bare
     * (no session, no CSRF: API clients) and checks its api_key in the handler. */
    {.method = "GET", .pattern = "/open311/v2/services.json", .handler = open311_services, .bare = true},
    {.method = "GET", .pattern = "/open311/v2/services.xml", .handler = open311_services, .bare = true},
    {.method = "GET", .pattern = "/open311/v2/services/{code}", .handler = open311_service_definition, .bare = true},
    {.method = "GET", .pattern = "/open311/v2/requests.json", .handler = open311_requests_list, .bare = true},
    {.method = "GET", .pattern = "/open311/v2/requests.xml", .handler = open311_requests_list, .bare = true},
    {.method = "POST", .pattern = "/open311/v2/requests.json", .handler = open311_request_create, .bare = true},
    {.method = "POST", .pattern = "/open311/v2/requests.xml", .handler = open311_request_create, .bare = true},
    {.method = "GET", .pattern = "/open311/v2/requests/{id}", .handler = open311_request_show, .bare = true},
    /* FHIR R4 REST (src/fhir/rest.c): bare like Open311 (no session, no CSRF);
     * creating a Questionnaire needs an API key, a QuestionnaireResponse is
     * open like the resident's form and shares its rate limit. */
    {.method = "GET", .pattern = "/fhir/metadata", .handler = fhir_metadata, .bare = true},
    {.method = "GET", .pattern = "/fhir/Questionnaire", .handler = fhir_questionnaire_search, .bare = true},
    {.method = "POST", .pattern = "/fhir/Questionnaire", .handler = fhir_questionnaire_create, .bare = true, .raw_body = true},
    {.method = "GET", .pattern = "/fhir/Questionnaire/{id}", .handler = fhir_questionnaire_read, .bare = true},
    {.method = "GET", .pattern = "/fhir/Questionnaire/{id}/_history/{vid}", .handler = fhir_questionnaire_vread, .bare = true},
    {.method = "POST", .pattern = "/fhir/QuestionnaireResponse", .handler = fhir_response_create, .bare = true, .raw_body = true},
    {.method = "GET", .pattern = "/{lang}/admin/api-keys", .handler = admin_api_keys_list, .min_role = ROLE_ADMIN},
    {.method = "POST", .pattern = "/{lang}/admin/api-keys", .handler = admin_api_keys_create, .min_role = ROLE_ADMIN},
    {.method = "POST", .pattern = "/{lang}/admin/api-keys/{id}/revoke", .handler = admin_api_key_revoke, .min_role = ROLE_ADMIN},

    /* first contact: the self-assessment (src/selfassess/): anonymous, like feedback */
    {.method = "GET", .pattern = "/{lang}/self-assessment", .handler = sa_list},
    {.method = "GET", .pattern = "/{lang}/self-assessment/result/{token}", .handler = sa_result},
    {.method = "GET", .pattern = "/{lang}/self-assessment/result/{token}/answers.txt", .handler = sa_result_text},
    {.method = "GET", .pattern = "/{lang}/self-assessment/{slug}", .handler = sa_form},
    {.method = "POST", .pattern = "/{lang}/self-assessment/{slug}", .handler = sa_submit},
    /* staff: questionnaires (src/selfassess/staff.c) and reports (reports.c); the literal paths before {slug} */
    {.method = "GET", .pattern = "/{lang}/staff/self-assessment", .handler = sa_staff_list, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/staff/self-assessment/import", .handler = sa_staff_import, .min_role = ROLE_STAFF},
    {.method = "GET", .pattern = "/{lang}/staff/self-assessment/reports", .handler = sa_reports, .min_role = ROLE_STAFF},
    {.method = "GET", .pattern = "/{lang}/staff/self-assessment/reports.csv", .handler = sa_reports_csv, .min_role = ROLE_STAFF},
    {.method = "GET", .pattern = "/{lang}/staff/self-assessment/reports.xlsx", .handler = sa_reports_xlsx, .min_role = ROLE_STAFF},
    {.method = "GET", .pattern = "/{lang}/staff/self-assessment/{slug}", .handler = sa_staff_show, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/staff/self-assessment/{slug}/service", .handler = sa_staff_service, .min_role = ROLE_STAFF},
    {.method = "GET", .pattern = "/{lang}/staff/self-assessment/{slug}/versions/{n}.json", .handler = sa_staff_export, .min_role = ROLE_STAFF},
    {.method = "GET", .pattern = "/{lang}/staff/self-assessment/{slug}/versions/{n}/preview", .handler = sa_staff_preview, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/staff/self-assessment/{slug}/versions/{n}/preview", .handler = sa_staff_preview_post, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/staff/self-assessment/{slug}/versions/{n}/publish", .handler = sa_staff_publish, .min_role = ROLE_STAFF},

    /* callback requests: residents ask, staff of their municipality call (src/callbacks/) */
    {.method = "GET", .pattern = "/{lang}/callbacks/new", .handler = callbacks_new_form},
    {.method = "POST", .pattern = "/{lang}/callbacks/new", .handler = callbacks_create},
    {.method = "GET", .pattern = "/{lang}/callbacks/thanks", .handler = callbacks_thanks},
    {.method = "GET", .pattern = "/{lang}/staff/callbacks", .handler = callbacks_queue, .min_role = ROLE_STAFF},
    {.method = "GET", .pattern = "/{lang}/staff/callbacks/{id}", .handler = callbacks_show, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/staff/callbacks/{id}/claim", .handler = callbacks_claim, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/staff/callbacks/{id}/call", .handler = callbacks_record, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/staff/callbacks/{id}/note", .handler = callbacks_note, .min_role = ROLE_STAFF},

    /* feedback: anonymous form and receipt, staff inbox and reports (src/feedback/) */
    {.method = "GET", .pattern = "/{lang}/feedback", .handler = feedback_form_page},
    {.method = "POST", .pattern = "/{lang}/feedback", .handler = feedback_submit},
    {.method = "GET", .pattern = "/{lang}/feedback/thanks", .handler = feedback_thanks},
    {.method = "GET", .pattern = "/{lang}/staff/feedback", .handler = feedback_inbox, .min_role = ROLE_STAFF},
    {.method = "GET", .pattern = "/{lang}/staff/feedback/reports", .handler = feedback_reports, .min_role = ROLE_STAFF},
    {.method = "GET", .pattern = "/{lang}/staff/feedback/reports.csv", .handler = feedback_reports_csv, .min_role = ROLE_STAFF},
    {.method = "GET", .pattern = "/{lang}/staff/feedback/{id}", .handler = feedback_item_page, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/staff/feedback/{id}", .handler = feedback_item_update, .min_role = ROLE_STAFF},
    /* comments on ideas and draft sections (src/comments/) */
    {.method = "POST", .pattern = "/{lang}/comments", .handler = comments_create},
    {.method = "GET", .pattern = "/{lang}/comments/new", .handler = comments_new_page},
    {.method = "GET", .pattern = "/{lang}/comments/{id}/edit", .handler = comments_edit_form, .min_role = ROLE_RESIDENT},
    {.method = "POST", .pattern = "/{lang}/comments/{id}/edit", .handler = comments_edit_save, .min_role = ROLE_RESIDENT},
    {.method = "POST", .pattern = "/{lang}/comments/{id}/support", .handler = comments_support, .min_role = ROLE_RESIDENT},
    /* end of comments */
    /* reports, moderation and the code of conduct (src/moderation/) */
    {.method = "GET", .pattern = "/{lang}/report", .handler = report_form},
    {.method = "POST", .pattern = "/{lang}/report", .handler = report_submit},
    {.method = "GET", .pattern = "/{lang}/report/thanks", .handler = report_thanks},
    {.method = "GET", .pattern = "/{lang}/code-of-conduct", .handler = code_of_conduct},
    /* space moderators may be residents: the handlers check who moderates what */
    {.method = "GET", .pattern = "/{lang}/moderation", .handler = moderation_queue, .min_role = ROLE_RESIDENT},
    {.method = "GET", .pattern = "/{lang}/moderation/log", .handler = moderation_log_page, .min_role = ROLE_MODERATOR},
    {.method = "GET", .pattern = "/{lang}/moderation/blocks", .handler = moderation_blocks, .min_role = ROLE_MODERATOR},
    {.method = "POST", .pattern = "/{lang}/moderation/blocks/{id}/lift", .handler = moderation_unblock, .min_role = ROLE_MODERATOR},
    {.method = "POST", .pattern = "/{lang}/moderation/{type}/{id}", .handler = moderation_act, .min_role = ROLE_RESIDENT},
    {.method = "POST", .pattern = "/{lang}/moderation/{type}/{id}/block", .handler = moderation_block, .min_role = ROLE_RESIDENT},
    /* consultations on draft plans (src/consultations/) */
    {.method = "GET", .pattern = "/{lang}/spaces/{slug}/consultations", .handler = consultations_list},
    {.method = "GET", .pattern = "/{lang}/consultations/{id}", .handler = consultations_show},
    {.method = "POST", .pattern = "/{lang}/consultations/{id}/follow", .handler = consultations_follow, .min_role = ROLE_RESIDENT},
    {.method = "GET", .pattern = "/{lang}/staff/consultations", .handler = staff_consultations_list, .min_role = ROLE_STAFF},
    {.method = "GET", .pattern = "/{lang}/staff/consultations/new", .handler = staff_consultation_new_form, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/staff/consultations/new", .handler = staff_consultation_create, .min_role = ROLE_STAFF},
    {.method = "GET", .pattern = "/{lang}/staff/consultations/{id}/edit", .handler = staff_consultation_edit_form, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/staff/consultations/{id}/edit", .handler = staff_consultation_update, .min_role = ROLE_STAFF},
    {.method = "GET", .pattern = "/{lang}/staff/consultations/{id}/summary", .handler = staff_consultation_summary_form, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/staff/consultations/{id}/summary", .handler = staff_consultation_summary_save, .min_role = ROLE_STAFF},
    /* notifications, follows and the daily digest (src/participation/notifications.c) */
    {.method = "GET", .pattern = "/{lang}/notifications", .handler = notifications_page, .min_role = ROLE_RESIDENT},
    {.method = "POST", .pattern = "/{lang}/notifications/read-all", .handler = notifications_mark_all_read, .min_role = ROLE_RESIDENT},
    {.method = "POST", .pattern = "/{lang}/notifications/unfollow", .handler = notifications_unfollow, .min_role = ROLE_RESIDENT},
    {.method = "GET", .pattern = "/{lang}/notifications/settings", .handler = notifications_settings_form, .min_role = ROLE_RESIDENT},
    {.method = "POST", .pattern = "/{lang}/notifications/settings", .handler = notifications_settings_save, .min_role = ROLE_RESIDENT},
    {.method = "POST", .pattern = "/{lang}/notifications/{id}/read", .handler = notifications_mark_read, .min_role = ROLE_RESIDENT},
    {.method = "GET", .pattern = "/{lang}/unsubscribe/{token}", .handler = notifications_unsubscribe_form},
    {.method = "POST", .pattern = "/{lang}/unsubscribe/{token}", .handler = notifications_unsubscribe,
     .one_click = true},

    /* ideas and positions in participation spaces (src/ideas/) */
    {.method = "GET", .pattern = "/api/v1/spaces/{slug}/ideas", .handler = api_ideas_list},
    {.method = "GET", .pattern = "/api/v1/ideas/{id}", .handler = api_ideas_show},
    {.method = "GET", .pattern = "/{lang}/spaces/{slug}/ideas", .handler = ideas_list},
    {.method = "GET", .pattern = "/{lang}/spaces/{slug}/ideas/new", .handler = ideas_new_form},
    {.method = "POST", .pattern = "/{lang}/spaces/{slug}/ideas/new", .handler = ideas_create},
    {.method = "GET", .pattern = "/{lang}/ideas/{id}", .handler = ideas_show},
    {.method = "POST", .pattern = "/{lang}/ideas/{id}/position", .handler = ideas_position},
    {.method = "POST", .pattern = "/{lang}/ideas/{id}/follow", .handler = ideas_follow, .min_role = ROLE_RESIDENT},
    {.method = "POST", .pattern = "/{lang}/ideas/{id}/unfollow", .handler = ideas_unfollow, .min_role = ROLE_RESIDENT},
    {.method = "POST", .pattern = "/{lang}/ideas/{id}/answer", .handler = ideas_answer, .min_role = ROLE_STAFF},
    /* workshops and events (src/events/): registration, waiting list, cancellation
     * by token, iCalendar, staff editing, participants (audited) and summaries */
    {.method = "GET", .pattern = "/events.ics", .handler = events_ics_all, .bare = true},
    {.method = "GET", .pattern = "/{lang}/events", .handler = events_list},
    {.method = "GET", .pattern = "/{lang}/events/cancel/{token}", .handler = events_cancel_form},
    {.method = "POST", .pattern = "/{lang}/events/cancel/{token}", .handler = events_cancel},
    {.method = "GET", .pattern = "/{lang}/events/{id}", .handler = events_show},
    {.method = "POST", .pattern = "/{lang}/events/{id}/register", .handler = events_register},
    {.method = "GET", .pattern = "/{lang}/staff/events", .handler = staff_events_list, .min_role = ROLE_STAFF},
    {.method = "GET", .pattern = "/{lang}/staff/events/new", .handler = staff_event_new_form, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/staff/events/new", .handler = staff_event_create, .min_role = ROLE_STAFF},
    {.method = "GET", .pattern = "/{lang}/staff/events/{id}/edit", .handler = staff_event_edit_form, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/staff/events/{id}/edit", .handler = staff_event_update, .min_role = ROLE_STAFF},
    {.method = "GET", .pattern = "/{lang}/staff/events/{id}/registrations", .handler = staff_event_registrations, .min_role = ROLE_STAFF},
    {.method = "GET", .pattern = "/{lang}/staff/events/{id}/summary", .handler = staff_event_summary_form, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/staff/events/{id}/summary", .handler = staff_event_summary_save, .min_role = ROLE_STAFF},
    /* participation spaces, groups and councils, statements (src/participation/) */
    {.method = "GET", .pattern = "/api/v1/spaces", .handler = spaces_api_list},
    {.method = "GET", .pattern = "/api/v1/spaces/{slug}", .handler = spaces_api_show},
    {.method = "GET", .pattern = "/{lang}/spaces", .handler = spaces_list},
    {.method = "GET", .pattern = "/{lang}/spaces/{slug}", .handler = spaces_show},
    {.method = "POST", .pattern = "/{lang}/spaces/{slug}/follow", .handler = spaces_follow, .min_role = ROLE_RESIDENT},
    {.method = "GET", .pattern = "/{lang}/staff/spaces", .handler = spaces_staff_list, .min_role = ROLE_STAFF},
    {.method = "GET", .pattern = "/{lang}/staff/spaces/new", .handler = spaces_staff_new, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/staff/spaces/new", .handler = spaces_staff_create, .min_role = ROLE_STAFF},
    {.method = "GET", .pattern = "/{lang}/staff/spaces/{id}/edit", .handler = spaces_staff_edit, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/staff/spaces/{id}/edit", .handler = spaces_staff_update, .min_role = ROLE_STAFF},
    {.method = "GET", .pattern = "/{lang}/groups", .handler = groups_list},
    {.method = "GET", .pattern = "/{lang}/groups/{slug}", .handler = groups_show},
    {.method = "POST", .pattern = "/{lang}/groups/{slug}/join", .handler = groups_join, .min_role = ROLE_RESIDENT},
    {.method = "POST", .pattern = "/{lang}/groups/{slug}/leave", .handler = groups_leave, .min_role = ROLE_RESIDENT},
    {.method = "POST", .pattern = "/{lang}/groups/{slug}/invite", .handler = groups_invite, .min_role = ROLE_RESIDENT},
    {.method = "POST", .pattern = "/{lang}/groups/{slug}/invitation", .handler = groups_respond, .min_role = ROLE_RESIDENT},
    {.method = "POST", .pattern = "/{lang}/groups/{slug}/requests/{uid}", .handler = groups_decide, .min_role = ROLE_RESIDENT},
    {.method = "POST", .pattern = "/{lang}/groups/{slug}/follow", .handler = groups_follow, .min_role = ROLE_RESIDENT},
    {.method = "GET", .pattern = "/{lang}/groups/{slug}/statements/new", .handler = statements_new, .min_role = ROLE_RESIDENT},
    {.method = "POST", .pattern = "/{lang}/groups/{slug}/statements/new", .handler = statements_create, .min_role = ROLE_RESIDENT},
    {.method = "GET", .pattern = "/{lang}/groups/{slug}/statements/{id}", .handler = statements_show},
    /* survey results, exports and service-point satisfaction (src/surveys/results.c, satisfaction.c) */
    {.method = "GET", .pattern = "/p/{code}", .handler = satisfaction_short_link, .bare = true},
    {.method = "GET", .pattern = "/{lang}/surveys/{slug}/results", .handler = survey_results_public},
    {.method = "GET", .pattern = "/{lang}/staff/surveys/{id}/results", .handler = survey_results_staff, .min_role = ROLE_STAFF},
    {.method = "GET", .pattern = "/{lang}/staff/surveys/{id}/results.csv", .handler = survey_results_csv, .min_role = ROLE_STAFF},
    {.method = "GET", .pattern = "/{lang}/staff/surveys/{id}/results.xlsx", .handler = survey_results_xlsx, .min_role = ROLE_STAFF},
    {.method = "GET", .pattern = "/{lang}/staff/surveys/{id}/results.json", .handler = survey_results_json, .min_role = ROLE_STAFF},
    {.method = "GET", .pattern = "/{lang}/staff/surveys/{id}/results/raw.csv", .handler = survey_results_raw_csv, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/staff/surveys/{id}/results/publish", .handler = survey_results_publish, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/staff/surveys/{id}/results/texts/{aid}", .handler = survey_results_moderate, .min_role = ROLE_STAFF},
    {.method = "GET", .pattern = "/{lang}/staff/satisfaction", .handler = satisfaction_overview, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/staff/satisfaction", .handler = satisfaction_create, .min_role = ROLE_STAFF},
    {.method = "GET", .pattern = "/{lang}/staff/satisfaction/{point}", .handler = satisfaction_point, .min_role = ROLE_STAFF},
    {.method = "GET", .pattern = "/{lang}/staff/satisfaction/{point}/poster", .handler = satisfaction_poster, .min_role = ROLE_STAFF},
    {.method = "GET", .pattern = "/{lang}/staff/satisfaction/{point}/qr.svg", .handler = satisfaction_qr_svg, .min_role = ROLE_STAFF},

    /* surveys: builder for staff and answering (src/surveys/, builder.c and answer.c) */
    {.method = "GET", .pattern = "/{lang}/staff/surveys", .handler = surveys_staff_list, .min_role = ROLE_STAFF},
    {.method = "GET", .pattern = "/{lang}/staff/surveys/new", .handler = surveys_staff_new_form, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/staff/surveys/new", .handler = surveys_staff_create, .min_role = ROLE_STAFF},
    {.method = "GET", .pattern = "/{lang}/staff/surveys/{id}", .handler = surveys_staff_edit, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/staff/surveys/{id}", .handler = surveys_staff_save, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/staff/surveys/{id}/pages", .handler = surveys_staff_page_add, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/staff/surveys/{id}/pages/{pid}", .handler = surveys_staff_page_save, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/staff/surveys/{id}/pages/{pid}/delete", .handler = surveys_staff_page_delete, .min_role = ROLE_STAFF},
    {.method = "GET", .pattern = "/{lang}/staff/surveys/{id}/questions/new", .handler = surveys_staff_question_new, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/staff/surveys/{id}/questions/new", .handler = surveys_staff_question_create, .min_role = ROLE_STAFF},
    {.method = "GET", .pattern = "/{lang}/staff/surveys/{id}/questions/{qid}", .handler = surveys_staff_question_edit, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/staff/surveys/{id}/questions/{qid}", .handler = surveys_staff_question_save, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/staff/surveys/{id}/questions/{qid}/delete", .handler = surveys_staff_question_delete, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/staff/surveys/{id}/questions/{qid}/move", .handler = surveys_staff_question_move, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/staff/surveys/{id}/publish", .handler = surveys_staff_publish, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/staff/surveys/{id}/close", .handler = surveys_staff_close, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/staff/surveys/{id}/duplicate", .handler = surveys_staff_duplicate, .min_role = ROLE_STAFF},
    {.method = "GET", .pattern = "/{lang}/staff/surveys/{id}/preview", .handler = surveys_staff_preview, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/staff/surveys/{id}/preview", .handler = surveys_staff_preview, .min_role = ROLE_STAFF},
    {.method = "GET", .pattern = "/{lang}/surveys", .handler = surveys_list},
    {.method = "GET", .pattern = "/{lang}/surveys/{slug}", .handler = surveys_answer_form},
    {.method = "POST", .pattern = "/{lang}/surveys/{slug}", .handler = surveys_answer_post},
    {.method = "GET", .pattern = "/{lang}/surveys/{slug}/thanks", .handler = surveys_thanks},

    /* development projects and pilots in the open (src/projects/) */
    {.method = "GET", .pattern = "/feeds/updates.atom", .handler = projects_feed_all, .bare = true},
    {.method = "GET", .pattern = "/feeds/projects/{file}", .handler = projects_feed_project, .bare = true},
    {.method = "GET", .pattern = "/{lang}/projects", .handler = projects_list},
    {.method = "GET", .pattern = "/{lang}/projects/{slug}", .handler = projects_show},
    {.method = "GET", .pattern = "/{lang}/projects/{slug}/timeline", .handler = projects_timeline},
    {.method = "GET", .pattern = "/{lang}/whats-new", .handler = projects_whats_new},
    {.method = "GET", .pattern = "/{lang}/staff/projects", .handler = staff_projects_list, .min_role = ROLE_STAFF},
    {.method = "GET", .pattern = "/{lang}/staff/projects/new", .handler = staff_project_new_form, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/staff/projects/new", .handler = staff_project_create, .min_role = ROLE_STAFF},
    {.method = "GET", .pattern = "/{lang}/staff/projects/{id}/edit", .handler = staff_project_edit_form, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/staff/projects/{id}/edit", .handler = staff_project_update, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/staff/projects/{id}/publish", .handler = staff_project_publish, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/staff/projects/{id}/unpublish", .handler = staff_project_unpublish, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/staff/projects/{id}/milestones", .handler = staff_milestone_add, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/staff/projects/{id}/milestones/{mid}", .handler = staff_milestone_update, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/staff/projects/{id}/milestones/{mid}/delete", .handler = staff_milestone_delete, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/staff/projects/{id}/contacts", .handler = staff_contact_add, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/staff/projects/{id}/contacts/{cid}/delete", .handler = staff_contact_delete, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/staff/projects/{id}/links", .handler = staff_link_add, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/staff/projects/{id}/links/{lid}/delete", .handler = staff_link_delete, .min_role = ROLE_STAFF},
    {.method = "GET", .pattern = "/{lang}/staff/projects/{id}/updates/new", .handler = staff_update_new_form, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/staff/projects/{id}/updates/new", .handler = staff_update_create, .min_role = ROLE_STAFF},
    {.method = "GET", .pattern = "/{lang}/staff/projects/{id}/updates/{uid}/edit", .handler = staff_update_edit_form, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/staff/projects/{id}/updates/{uid}/edit", .handler = staff_update_save, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/staff/projects/{id}/updates/{uid}/publish", .handler = staff_update_publish, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/staff/projects/{id}/updates/{uid}/unpublish", .handler = staff_update_unpublish, .min_role = ROLE_STAFF},
    {.method = "GET", .pattern = "/{lang}/staff/projects/{id}/revisions", .handler = staff_revisions_list, .min_role = ROLE_STAFF},
    {.method = "GET", .pattern = "/{lang}/staff/projects/{id}/revisions/{rev}", .handler = staff_revision_show, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/staff/projects/{id}/revisions/{rev}/restore", .handler = staff_revision_restore, .min_role = ROLE_STAFF},
    /* equal access to services, management side (src/equality/): matrix with
     * CSV/XLSX, offer editing with history, PTV import and export */
    {.method = "GET", .pattern = "/api/v1/ptv/services.json", .handler = api_ptv_services, .bare = true},
    {.method = "GET", .pattern = "/api/v1/ptv/channels.json", .handler = api_ptv_channels, .bare = true},
    {.method = "GET", .pattern = "/{lang}/staff/equal-access", .handler = equality_matrix, .min_role = ROLE_STAFF},
    {.method = "GET", .pattern = "/{lang}/staff/equal-access.csv", .handler = equality_matrix_csv, .min_role = ROLE_STAFF},
    {.method = "GET", .pattern = "/{lang}/staff/equal-access.xlsx", .handler = equality_matrix_xlsx, .min_role = ROLE_STAFF},
    {.method = "GET", .pattern = "/{lang}/staff/equal-access/cells/{service}/{municipality}", .handler = equality_cell, .min_role = ROLE_STAFF},
    {.method = "GET", .pattern = "/{lang}/staff/equal-access/offers/{service}/{point}", .handler = equality_offer_form, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/staff/equal-access/offers/{service}/{point}", .handler = equality_offer_save, .min_role = ROLE_STAFF},
    {.method = "GET", .pattern = "/{lang}/staff/equal-access/history", .handler = equality_history, .min_role = ROLE_STAFF},
    {.method = "GET", .pattern = "/{lang}/staff/equal-access/import", .handler = equality_import_form, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/staff/equal-access/import", .handler = equality_import, .min_role = ROLE_STAFF},
    /* service directory, resident side (src/directory/): find a service, service
     * point pages, and the read-only JSON API (paging documented in api.c) */
    {.method = "GET", .pattern = "/{lang}/services", .handler = directory_find},
    {.method = "GET", .pattern = "/{lang}/service-points/{id}", .handler = directory_point},
    {.method = "GET", .pattern = "/api/v1/services", .handler = directory_api_services, .bare = true},
    {.method = "GET", .pattern = "/api/v1/service-points", .handler = directory_api_points, .bare = true},
    {.method = "GET", .pattern = "/api/v1/service-points/{id}", .handler = directory_api_point, .bare = true},
    {.method = "GET", .pattern = "/api/v1/offer", .handler = directory_api_offer, .bare = true},
    {.method = "GET", .pattern = "/api/v1/open-now", .handler = directory_api_open_now, .bare = true},
    {.method = "GET", .pattern = "/{lang}/staff/search-terms", .handler = dir_search_terms_page, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/staff/search-terms", .handler = dir_search_terms_add, .min_role = ROLE_STAFF},
    {.method = "POST", .pattern = "/{lang}/staff/search-terms/{id}/delete", .handler = dir_search_terms_delete, .min_role = ROLE_STAFF},
};

const size_t routes_count = sizeof routes / sizeof routes[0];

/* APIs whose errors (also the server's own 404, 405, 413, 429 and 503 under
 * their paths) come in their specification's shape; see request.h. */
const api_error_shape api_error_shapes[] = {
    {"/open311/", open311_error},
    {"/fhir/", fhir_error},
};
const size_t api_error_shapes_count = sizeof api_error_shapes / sizeof api_error_shapes[0];

/* What the server and the layout ask of the features without naming them. */
const http_hooks HTTP_HOOKS = {
    .notifications_label = notifications_header_label,
    .maintenance = app_maintenance_main,
};

