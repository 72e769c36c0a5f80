/* Demo first contact: two nurses who handle callbacks in their own
 * municipality (Raseborg in Swedish, Lohja in Finnish), eight weeks of
 * anonymous self-assessments across the county for the reports, and callback
 * requests in several municipalities and states. The assessments are made
 * by the engine from generated answer sheets, so their urgencies are the
 * questionnaires' real outcomes. */
#include "callbacks.h"

#include <stdio.h>
#include <string.h>

#include "../accounts/accounts.h"
#include "../demo/demo.h"
#include "../selfassess/selfassess.h"

static const struct {
    const char *email, *name, *lang, *muni;
} NURSES[] = {
    {"sjukskotare.raseborg@kohtaamo.example", "Sanna Sjöberg", "sv", "710"},
    {"hoitaja.lohja@kohtaamo.example", "Heikki Lahtinen", "fi", "444"},
};

static const char *const MUNIS[] = {"049", "078", "149", "224", "235", "257", "444", "710", "755", "927"};

/* A small deterministic generator: the demo is the same on every machine. */
static uint32_t next_rand(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

static const struct {
    const char *muni, *status, *result, *phone, *message, *lang, *windows;
    int hours_ago, called_after_hours;   /* called_after_hours < 0: not yet */
} REQUESTS[] = {
    {"710", "new", NULL, "+358401110001", "Jag sover dåligt och orkar inte med vardagen.", "sv", "morning", 3, -1},
    {"710", "new", NULL, "+358401110002", NULL, "sv", "afternoon,evening", 30, -1},
    {"710", "closed", "reached", "+358401110003", "Helst på eftermiddagen.", "sv", "afternoon", 52, 5},
    {"444", "claimed", NULL, "+358401110004", "Voisitteko soittaa iltapäivällä?", "fi", "afternoon", 5, -1},
    {"444", "retry", "no_answer", "+358401110005", NULL, "fi", "", 27, 20},
    {"444", "closed", "referred", "+358401110006", NULL, "fi", "morning", 70, 9},
    {"049", "rescheduled", "rescheduled", "+358401110007", "I speak English best.", "en", "evening", 20, 4},
    {"257", "new", NULL, "+358401110008", NULL, "fi", "", 2, -1},
};

/* Whether answering code to item i raises one of the questionnaire's red flags. */
static bool flags_code(const questionnaire *q, int i, const char *code)
{
    for (int r = 0; r < q->n_rules; r++)
        if (q->rules[r].flag_item == i)
            for (int c = 0; c < q->rules[r].n_flag_codes; c++)
                if (strcmp(q->rules[r].flag_codes[c], code) == 0) return true;
    return false;
}

int callbacks_demo_load(db *d, int64_t now)
{
    arena a;
    arena_init(&a);
    char err[256];
    db_result res;
    int rc = -1;
    if (db_query(d, &a, &res, "SELECT 1 FROM callback_requests LIMIT 1", 0, NULL) < 0) goto done;
    if (res.nrows) { rc = 0; goto done; }
    for (size_t i = 0; i < sizeof NURSES / sizeof *NURSES; i++) {
        db_param p[] = {DB_TEXT(NURSES[i].email)};
        if (db_query(d, &a, &res, "SELECT id FROM users WHERE email = $1", 1, p) < 0) goto done;
        if (res.nrows == 0 && account_create(d, NURSES[i].email, NURSES[i].name, DEMO_PASSWORD, "staff", NURSES[i].lang,
                                             now, err, sizeof err) < 0) {
            fprintf(stderr, "callbacks demo: %s\n", err);
            goto done;
        }
        db_param mp[] = {DB_TEXT(NURSES[i].email), DB_TEXT(NURSES[i].muni)};
        if (db_exec(d, "INSERT INTO user_municipalities(user_id, municipality_id) SELECT u.id, m.id FROM users u, "
                       "municipalities m WHERE u.email = $1 AND m.code = $2", 2, mp) < 0)
            goto done;
    }

    /* eight weeks of assessments: each questionnaire, each municipality */
    db_result qs;
    if (db_query(d, &a, &qs, "SELECT published_version_id FROM questionnaires WHERE published_version_id IS NOT NULL "
                             "ORDER BY id", 0, NULL) < 0)
        goto done;
    if (db_begin(d) < 0) goto done;
    uint32_t seed = 20261203;
    int64_t first_assessment[sizeof REQUESTS / sizeof *REQUESTS] = {0};
    for (int qi = 0; qi < qs.nrows; qi++) {
        bool failed;
        const sa_version *v = sa_version_get(d, &a, db_cell_int(&qs, qi, 0), &failed);
        if (!v) goto fail;
        for (int n = 0; n < 120; n++) {
            q_answers *ans = q_answers_new(&a, v->q);
            for (int i = 0; i < v->q->n_items; i++) {
                const q_item *it = &v->q->items[i];
                /* mostly the milder options, as in real life; a red flag now and then */
                if (it->type == QT_CHOICE && it->n_options > 0) {
                    uint32_t x = next_rand(&seed) % 100;
                    int k = x < 55 ? 0 : x < 80 ? 1 : x < 95 ? 2 : it->n_options - 1;
                    if (k >= it->n_options) k = it->n_options - 1;
                    /* a red flag is rare: about one answer sheet in forty */
                    if (flags_code(v->q, i, it->options[k].code)) {
                        if (next_rand(&seed) % 40 != 0) {
                            int other = -1;
                            for (int o = 0; o < it->n_options && other < 0; o++)
                                if (!flags_code(v->q, i, it->options[o].code)) other = o;
                            if (other < 0 || it->repeats) continue;
                            k = other;
                        }
                    } else if (it->repeats && next_rand(&seed) % 3 != 0) {
                        continue;
                    }
                    q_answers_add(&a, ans, i, (q_value){.kind = QV_CODING, .str = it->options[k].code,
                                                        .system = it->options[k].system});
                } else if (it->type == QT_BOOLEAN) {
                    q_answers_add(&a, ans, i, (q_value){.kind = QV_BOOL, .b = next_rand(&seed) % 4 == 0});
                }
            }
            q_result r;
            q_evaluate(&a, v->q, ans, &r);
            db_result m;
            db_param mp[] = {DB_TEXT(MUNIS[next_rand(&seed) % 10])};
            if (db_query(d, &a, &m, "SELECT id FROM municipalities WHERE code = $1", 1, mp) < 0 || m.nrows == 0) goto fail;
            int64_t when = now - (int64_t)(next_rand(&seed) % (56 * 86400));
            static const char *const langs[] = {"fi", "fi", "fi", "sv", "sv", "en"};
            int64_t id;
            if (sa_assessment_store(d, &a, v, ans, &r, db_cell_int(&m, 0, 0), langs[next_rand(&seed) % 6], "form", NULL,
                                    when, &id) < 0)
                goto fail;
            if (qi == 0 && n < (int)(sizeof REQUESTS / sizeof *REQUESTS)) first_assessment[n] = id;
        }
    }

    /* callback requests, some linked to an assessment of the mental health questionnaire */
    for (size_t i = 0; i < sizeof REQUESTS / sizeof *REQUESTS; i++) {
        int64_t created = now - REQUESTS[i].hours_ago * 3600LL;
        const char *urgency = i % 3 == 0 ? "days" : i % 3 == 1 ? "routine" : "urgent";
        int64_t due = created + callbacks_target_seconds(urgency);
        int64_t called = REQUESTS[i].called_after_hours >= 0 ? created + REQUESTS[i].called_after_hours * 3600LL : 0;
        bool closed = strcmp(REQUESTS[i].status, "closed") == 0;
        bool claimed = strcmp(REQUESTS[i].status, "new") != 0;
        char ref[16];
        snprintf(ref, sizeof ref, "CB-DEMO-%04zu", i + 1);
        db_param p[] = {
            DB_TEXT(ref), first_assessment[i] ? DB_INT(first_assessment[i]) : DB_NULL, DB_TEXT(REQUESTS[i].muni),
            DB_TEXT(urgency), DB_TEXT(REQUESTS[i].phone), DB_TEXT(REQUESTS[i].message), DB_TEXT(REQUESTS[i].lang),
            DB_TEXT(REQUESTS[i].windows), DB_TEXT(REQUESTS[i].status), DB_TEXT(REQUESTS[i].result),
            called ? DB_INT(called) : DB_NULL, DB_INT(due), closed ? DB_INT(called) : DB_NULL, DB_INT(created),
            claimed ? DB_INT(called ? called : created + 1800) : DB_NULL,
            strcmp(REQUESTS[i].status, "rescheduled") == 0 ? DB_INT(now + 86400) : DB_NULL, DB_INT(claimed)};
        if (db_exec(d, "INSERT INTO callback_requests(reference, assessment_id, service_id, municipality_id, urgency, phone, "
                       "message, preferred_lang, time_windows, status, result, first_call_at, due_at, closed_at, created_at, "
                       "updated_at, claimed_at, claimed_by, next_call_at) "
                       "SELECT $1, $2, (SELECT id FROM services WHERE code = 'mental-health'), m.id, $4, $5, $6, $7, $8, $9, "
                       "$10, $11, $12, $13, $14, $14, $15, "
                       "CASE WHEN $17 = 0 THEN NULL ELSE (SELECT um.user_id FROM user_municipalities um "
                       "WHERE um.municipality_id = m.id ORDER BY um.user_id LIMIT 1) END, $16 "
                       "FROM municipalities m WHERE m.code = $3", 17, p) < 0)
            goto fail;
        if (first_assessment[i]) {
            db_param ap[] = {DB_INT(first_assessment[i])};
            if (db_exec(d, "UPDATE assessments SET handed_over = 1 WHERE id = $1", 1, ap) < 0) goto fail;
        }
    }
    if (db_commit(d) < 0) goto fail;
    rc = 0;
    goto done;
fail:
    if (db_in_transaction(d)) db_rollback(d);
done:
    arena_free_all(&a);
    return rc;
}
