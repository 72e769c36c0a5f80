/* The retention registry (see retention.h and DEVELOPERS.md, "Personal data
 * has an end"). Tables without personal-looking columns (public texts of
 * services, projects, surveys' questions) need no entry; an entry may still
 * name them in not_personal when a column's name looks personal. */
#include "retention.h"
#include "app.h"
#include "../accounts/accounts.h"
#include "../callbacks/callbacks.h"
#include "../selfassess/selfassess.h"
#include "../events/events.h"
#include "../feedback/feedback.h"
#include "../http/session.h"
#include "../mail/outbox.h"
#include "../participation/notifications.h"
#include "../surveys/surveys.h"
#include <string.h>

/* The purges that take a retention time get it here, from the options. */
static int outbox_purge(db *d, int64_t now) { return outbox_purge_sent(d, now, APP.cfg.outbox_retention_days); }
static int feedback_purge(db *d, int64_t now) { return feedback_purge_expired(d, now, APP.cfg.feedback_retention_days); }
static int events_purge(db *d, int64_t now) { return events_purge_personal_data(d, now, EVENTS_RETENTION_DAYS); }
static int callbacks_purge(db *d, int64_t now)
{
    return callbacks_purge_personal_data(d, now, APP.cfg.callback_retention_days);
}
static int receipts_purge(db *d, int64_t now) { return sa_purge_expired_receipts(d, now, SA_RECEIPT_DAYS); }
static int notifications_purge(db *d, int64_t now) { return notifications_purge_expired(d, now, NOTIFICATIONS_RETENTION_DAYS); }

#define PURGE(fn, name) .purge = (fn), .purge_name = (name)
#define STAFF_AUTHOR "which staff member wrote or changed it (accountability); set NULL when the account is deleted"
#define ACCOUNT_OWN "the account's own choice, shown to it; deleted with the account"
#define PUBLISHED "published participation (public discussion the county answers); the account link is set NULL when the account is deleted, and moderators hide content"
#define MODERATION "the moderation record: what was hidden or blocked and why must stay answerable; the account link goes with the account"

const retention_entry RETENTION[] = {
    /* ---- purged ---- */
    {.table = "outbox", .personal = "to_addr subject body list_unsubscribe attachment_name attachment",
     .not_personal = "attachment_type last_error",
     .rule = "address, subject, text, unsubscribe link and attachment erased --outbox-retention-days (default 7) after "
             "sending, or after delivery was given up (5 days of failures); times and attempts stay for statistics",
     PURGE(outbox_purge, "outbox_purge_sent")},   /* cheap: a partial index on what is not erased */
    {.table = "feedback", .personal = "message contact_name contact_email contact_phone contact_lang user_id assigned_user_id",
     .not_personal = "public_answer contact_requested contact_erased_at",
     .rule = "contact details (name, e-mail, phone, language, account) erased --feedback-retention-days (default 90) after "
             "the feedback is closed; the message stays without them for statistics",
     PURGE(feedback_purge, "feedback_purge_expired")},
    {.table = "event_registrations", .personal = "user_id name email needs", .not_personal = "token",
     .rule = "name, e-mail, needs and account erased 30 days after the event; the row stays for counts (its random "
             "cancellation token then leads to nobody)",
     PURGE(events_purge, "events_purge_personal_data")},
    {.table = "sessions", .personal = "id_hash user_id",
     .rule = "deleted when they expire (--session-days, default 7) or at logout",
     PURGE(session_purge_expired, "session_purge_expired"), .every = 600},
    {.table = "password_resets", .personal = "token_hash user_id",
     .rule = "deleted when they expire (an hour)", PURGE(session_purge_expired, "session_purge_expired"), .every = 600},
    {.table = "callback_requests", .personal = "phone email message claimed_by",
     .not_personal = "reference preferred_lang time_windows referred_service_id",
     .rule = "phone number, e-mail address and message erased --callback-retention-days (default 30) after the request "
             "is closed; the urgency, times and result stay for statistics",
     PURGE(callbacks_purge, "callbacks_purge_personal_data")},
    {.table = "callback_events", .personal = "note user_id",
     .rule = "staff's internal notes erased with the request's personal data (--callback-retention-days after closing)",
     PURGE(callbacks_purge, "callbacks_purge_personal_data")},
    {.table = "assessments", .personal = "answers receipt_hash",
     .rule = "anonymous (no account, address, agent or cookie); the receipt hash that reopens the outcome page is "
             "forgotten after 30 days; the answers stay, unlinked, for statistics",
     PURGE(receipts_purge, "sa_purge_expired_receipts")},   /* cheap: a partial index on the receipts left */
    {.table = "login_failures", .not_personal = "key_hash",
     .rule = "failed logins per account, under a keyed hash of the address (no address in clear); deleted a day after "
             "the last failure",
     PURGE(login_failures_purge_expired, "login_failures_purge_expired"), .every = 600},
    {.table = "notifications", .personal = "user_id",
     .rule = "deleted a year after they were made", PURGE(notifications_purge, "notifications_purge_expired"), .every = 3600},
    {.table = "survey_drafts", .personal = "draft_key data",
     .rule = "unfinished answers deleted on submit, 30 days after they were last saved, or when the survey closes",
     PURGE(survey_drafts_purge_expired, "survey_drafts_purge_expired"), .every = 3600},
    {.table = "survey_answer_keys", .personal = "key_hash",
     .rule = "kept while the survey exists (one answer per person); on PostgreSQL rewritten hourly in key order so no "
             "key leads to its response by row order or transaction; deleted with the survey",
     PURGE(survey_answer_keys_unlink, "survey_answer_keys_unlink"), .every = 3600},

    /* ---- kept, with the reason ---- */
    {.table = "users", .personal = "email display_name password_hash",
     .rule = "kept while the account exists; an administrator disables accounts",
     .kept_because = "the account itself; there is no self-service deletion yet (an administrator disables)"},
    {.table = "user_municipalities", .personal = "user_id", .rule = "kept while the account exists",
     .kept_because = "which municipalities a staff member works for; deleted with the account"},
    {.table = "audit_log", .personal = "actor_user_id subject_user_id detail",
     .rule = "kept; the county's archive plan sets its end",
     .kept_because = "the record of who read or changed personal data must outlive the data it tells about"},
    {.table = "api_keys", .personal = "created_by", .not_personal = "key_hash name",
     .rule = "kept until revoked and after (revocation record)", .kept_because = STAFF_AUTHOR},
    {.table = "account_blocks", .personal = "user_id reason blocked_by", .rule = "kept while the account exists",
     .kept_because = MODERATION},
    {.table = "moderation_log", .personal = "moderator_id reason", .rule = "kept", .kept_because = MODERATION},
    {.table = "reports", .personal = "reason details reporter_user_id resolved_by", .rule = "kept",
     .kept_because = MODERATION},
    {.table = "ideas", .personal = "user_id author_name body answered_by hidden_reason", .not_personal = "answer_text answer_project_id",
     .rule = "kept while the space exists", .kept_because = PUBLISHED},
    {.table = "comments", .personal = "user_id author_name body hidden_reason", .rule = "kept while what they discuss exists",
     .kept_because = PUBLISHED},
    {.table = "positions", .personal = "user_id anon_key argument hidden_reason", .rule = "kept while the idea exists",
     .kept_because = PUBLISHED},
    {.table = "comment_supports", .personal = "user_id", .rule = "kept while the comment and the account exist",
     .kept_because = ACCOUNT_OWN},
    {.table = "follows", .personal = "user_id", .rule = "kept until unfollowed or the account is deleted",
     .kept_because = ACCOUNT_OWN},
    {.table = "notification_settings", .personal = "user_id unsubscribe_token", .rule = "kept while the account exists",
     .kept_because = ACCOUNT_OWN},
    {.table = "group_members", .personal = "user_id", .rule = "kept while the membership lasts",
     .kept_because = "membership of a council or working group; removed when the member leaves or is removed"},
    {.table = "space_moderators", .personal = "user_id", .rule = "kept while the role lasts",
     .kept_because = "who moderates a space; removed with the role or the account"},
    {.table = "statements", .personal = "signatories created_by", .not_personal = "body", .rule = "kept (published)",
     .kept_because = "published statements of councils; the signatories sign them publicly"},
    {.table = "project_contacts", .personal = "name email", .rule = "kept while listed on the project",
     .kept_because = "staff's public work contact details on a project page; removed by editing the project"},
    {.table = "responses", .personal = "user_id",
     .rule = "kept while the survey exists; anonymous surveys keep no account and only the day",
     .kept_because = "survey results; identified surveys told the respondent they keep the account"},
    {.table = "answers", .personal = "value_text", .not_personal = "text_approved", .rule = "kept while the survey exists",
     .kept_because = "survey results; free text is shown publicly only after moderation"},
    {.table = "feedback_notes", .personal = "author_user_id body", .rule = "kept with the feedback",
     .kept_because = "staff's notes of the case, kept with the feedback, which loses its contact details after closing"},
    {.table = "feedback_replies", .personal = "author_user_id body", .rule = "kept with the feedback",
     .kept_because = "the answers sent to the resident, kept with the feedback, which loses its contact details after closing"},
    {.table = "drafts", .personal = "created_by", .rule = "kept", .kept_because = STAFF_AUTHOR},
    {.table = "events", .personal = "created_by", .not_personal = "address", .rule = "kept", .kept_because = STAFF_AUTHOR},
    {.table = "news", .personal = "author_user_id", .not_personal = "body_fi body_sv body_en", .rule = "kept",
     .kept_because = STAFF_AUTHOR},
    {.table = "project_updates", .personal = "author_user_id", .not_personal = "body_fi body_sv body_en", .rule = "kept",
     .kept_because = STAFF_AUTHOR},
    {.table = "project_revisions", .personal = "author_user_id", .not_personal = "snapshot", .rule = "kept",
     .kept_because = STAFF_AUTHOR},
    {.table = "offer_history", .personal = "changed_by", .not_personal = "note", .rule = "kept", .kept_because = STAFF_AUTHOR},
    {.table = "service_keywords", .personal = "created_by", .rule = "kept", .kept_because = STAFF_AUTHOR},
    {.table = "service_offers", .personal = "updated_by", .not_personal = "note_fi note_sv note_en", .rule = "kept",
     .kept_because = STAFF_AUTHOR},
    {.table = "service_standards", .personal = "updated_by", .not_personal = "note_fi note_sv note_en", .rule = "kept",
     .kept_because = STAFF_AUTHOR},
    {.table = "surveys", .personal = "created_by", .rule = "kept", .kept_because = STAFF_AUTHOR},
    {.table = "questionnaire_versions", .personal = "created_by", .not_personal = "name title_fi title_sv title_en resource",
     .rule = "kept", .kept_because = STAFF_AUTHOR},

    /* ---- no personal data: names that only look personal ---- */
    {.table = "survey_used_tokens", .not_personal = "token_hash",
     .rule = "kept with the survey: hashes of random one-time form tokens, which lead to nobody"},
    {.table = "survey_counts", .not_personal = "dim_key", .rule = "kept with the survey: counts"},
    {.table = "survey_respondents", .not_personal = "dim_key", .rule = "kept with the survey: counts"},
    {.table = "survey_options", .not_personal = "text_fi text_sv text_en", .rule = "kept: the survey's own texts"},
    {.table = "survey_questions", .not_personal = "text_fi text_sv text_en", .rule = "kept: the survey's own texts"},
    {.table = "draft_sections", .not_personal = "body_fi body_sv body_en", .rule = "kept: the consultation's own text"},
    {.table = "projects", .not_personal = "body_fi body_sv body_en", .rule = "kept: public project texts"},
    {.table = "project_search", .not_personal = "body", .rule = "kept: search index of public project texts"},
    {.table = "service_points", .not_personal = "name_fi name_sv name_en street_fi street_sv street_en email",
     .rule = "kept: public details of service points (their own address and e-mail)"},
    {.table = "service_channels", .not_personal = "name_fi name_sv name_en phone",
     .rule = "kept: public service channels (the service's own numbers)"},
    {.table = "opening_exceptions", .not_personal = "note_fi note_sv note_en", .rule = "kept: public opening hours"},
    {.table = "services", .not_personal = "name_fi name_sv name_en", .rule = "kept: public service descriptions"},
    {.table = "service_classes", .not_personal = "name_fi name_sv name_en", .rule = "kept: classification"},
    {.table = "target_groups", .not_personal = "name_fi name_sv name_en", .rule = "kept: classification"},
    {.table = "themes", .not_personal = "name_fi name_sv name_en", .rule = "kept: classification"},
    {.table = "feedback_topics", .not_personal = "name_fi name_sv name_en", .rule = "kept: classification"},
    {.table = "groups", .not_personal = "name_fi name_sv name_en", .rule = "kept: public group descriptions"},
    {.table = "municipalities", .not_personal = "name_fi name_sv", .rule = "kept: municipalities"},
    {.table = "settings", .not_personal = "name", .rule = "kept: installation settings and secrets"},
    {.table = "schema_migrations", .not_personal = "name", .rule = "kept: applied migrations"},
};
const size_t RETENTION_COUNT = sizeof RETENTION / sizeof RETENTION[0];

const retention_entry *retention_find(const char *table)
{
    for (size_t i = 0; i < RETENTION_COUNT; i++)
        if (strcmp(RETENTION[i].table, table) == 0) return &RETENTION[i];
    return NULL;
}

int retention_run_due(db *d, int64_t now, double mono, retention_clock *clk)
{
    _Static_assert(sizeof RETENTION / sizeof RETENTION[0] <= sizeof clk->last / sizeof clk->last[0],
                   "retention_clock holds a time per entry");
    int failed = 0;
    for (size_t i = 0; i < RETENTION_COUNT; i++) {
        const retention_entry *e = &RETENTION[i];
        if (!e->purge) continue;
        bool ran_already = false;   /* one function for several tables runs once */
        for (size_t j = 0; j < i; j++) ran_already = ran_already || RETENTION[j].purge == e->purge;
        if (ran_already) continue;
        if (!clk->started) clk->last[i] = mono;   /* the hourly ones first run an hour after start */
        if (e->every > 0 && mono - clk->last[i] < e->every) continue;
        clk->last[i] = mono;
        if (e->purge(d, now) < 0) failed++;
    }
    clk->started = 1;
    return failed;
}
