/* Questionnaires and their versions in the database, the cache of parsed
 * versions, and anonymous assessments. */
#include "selfassess.h"

#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "../app/app.h"
#include "../directory/hours.h"
#include "../util/json_alloc.h"

/* Versions are immutable, so a parsed one is good until the process ends.
 * The cache is bounded and never evicts: a reader holds no lock while it
 * uses a model, so nothing it points at may ever be freed. Past the bound,
 * versions are parsed into the request's arena instead. */
#define SA_CACHE_SIZE 256
static struct {
    pthread_mutex_t lock;
    int count;
    sa_version entries[SA_CACHE_SIZE];
    arena arenas[SA_CACHE_SIZE];
} cache = {.lock = PTHREAD_MUTEX_INITIALIZER};

static const sa_version *cache_find(int64_t id)
{
    const sa_version *found = NULL;
    pthread_mutex_lock(&cache.lock);
    for (int i = 0; i < cache.count; i++)
        if (cache.entries[i].id == id) { found = &cache.entries[i]; break; }
    pthread_mutex_unlock(&cache.lock);
    return found;
}

const sa_version *sa_version_get(db *d, arena *a, int64_t version_id, bool *db_failed)
{
    *db_failed = false;
    const sa_version *hit = cache_find(version_id);
    if (hit) return hit;
    db_result res;
    db_param p[] = {DB_INT(version_id)};
    if (db_query(d, a, &res, "SELECT questionnaire_id, version, resource FROM questionnaire_versions WHERE id = $1",
                 1, p) < 0) {
        *db_failed = true;
        return NULL;
    }
    if (res.nrows == 0) return NULL;
    const char *text = db_cell(&res, 0, 2);
    json_t *doc = q_json_load(text, strlen(text), NULL, 0);
    if (!doc) return NULL;

    /* Parse into an arena of its own; jansson's values are the request's. */
    arena own;
    arena_init(&own);
    q_issues is = {0};
    questionnaire *q = q_parse(&own, doc, &is);
    json_decref(doc);
    if (!q) {
        arena_free_all(&own);
        return NULL;
    }
    sa_version v = {.id = version_id, .questionnaire_id = db_cell_int(&res, 0, 0),
                    .version = (int)db_cell_int(&res, 0, 1), .q = q};
    pthread_mutex_lock(&cache.lock);
    for (int i = 0; i < cache.count; i++)
        if (cache.entries[i].id == version_id) {   /* another thread was quicker */
            pthread_mutex_unlock(&cache.lock);
            arena_free_all(&own);
            return &cache.entries[i];
        }
    if (cache.count < SA_CACHE_SIZE) {
        int i = cache.count++;
        cache.entries[i] = v;
        cache.arenas[i] = own;
        pthread_mutex_unlock(&cache.lock);
        return &cache.entries[i];
    }
    pthread_mutex_unlock(&cache.lock);
    /* Full: copy the model's owner into the request. */
    sa_version *out = arena_alloc(a, sizeof *out);
    *out = v;
    q_issues is2 = {0};
    doc = q_json_load(text, strlen(text), NULL, 0);
    out->q = doc ? q_parse(a, doc, &is2) : NULL;
    if (doc) json_decref(doc);
    arena_free_all(&own);
    return out->q ? out : NULL;
}

static bool slug_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 64) return false;
    for (size_t i = 0; i < n; i++)
        if (!(islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) || s[i] == '-')) return false;
    return s[0] != '-' && s[n - 1] != '-';
}

/* "SDC PHQ9" -> "sdc-phq9"; ASCII letters and digits only. */
static char *slug_from(arena *a, const char *s)
{
    char *out = arena_alloc(a, 65);
    size_t n = 0;
    for (; s && *s && n < 60; s++) {
        unsigned char c = (unsigned char)*s;
        if (isalnum(c)) out[n++] = (char)tolower(c);
        else if (n > 0 && out[n - 1] != '-') out[n++] = '-';
    }
    while (n > 0 && out[n - 1] == '-') n--;
    out[n] = '\0';
    return n ? out : NULL;
}

int sa_import(db *d, arena *a, const char *text, size_t len, const char *slug, int64_t user_id, int64_t now,
              sa_imported *out, q_issues *is)
{
    memset(out, 0, sizeof *out);
    char err[200];
    json_t *doc = q_json_load(text, len, err, sizeof err);
    if (!doc) {
        q_issue_add(a, is, "error", "structure", NULL, NULL, "the body is not JSON: %s", err);
        return 1;
    }
    questionnaire *q = q_parse(a, doc, is);
    if (!q) {
        json_decref(doc);
        return 1;
    }
    /* the stored text: the document as received, minus the byte order mark */
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) text += 3, len -= 3;
    const char *resource = arena_strndup(a, text, len);
    const char *rid = json_string_value(json_object_get(doc, "id"));
    const char *url = q->url ? q->url : "";

    if (db_begin(d) < 0) goto db_fail;
    db_result res;
    int64_t qid = 0;
    if (*url) {
        db_param p[] = {DB_TEXT(url)};
        if (db_query(d, a, &res,
                     "SELECT v.questionnaire_id, q.slug FROM questionnaire_versions v "
                     "JOIN questionnaires q ON q.id = v.questionnaire_id WHERE v.url = $1 "
                     "ORDER BY v.id DESC LIMIT 1", 1, p) < 0)
            goto db_fail;
        if (res.nrows) qid = db_cell_int(&res, 0, 0), out->slug = arena_strdup(a, db_cell(&res, 0, 1));
    }
    if (!qid) {
        const char *base = slug && slug_ok(slug) ? slug
                         : rid && slug_ok(rid) ? rid
                         : slug_from(a, q->name ? q->name : rid);
        if (!base) base = "questionnaire";
        for (int n = 1; n < 100 && !qid; n++) {
            const char *try = n == 1 ? base : arena_printf(a, "%s-%d", base, n);
            db_param p[] = {DB_TEXT(try), DB_INT(now)};
            if (db_query(d, a, &res,
                         "INSERT INTO questionnaires(slug, created_at, updated_at) SELECT $1, $2, $2 "
                         "WHERE NOT EXISTS (SELECT 1 FROM questionnaires WHERE slug = $1) RETURNING id", 2, p) < 0)
                goto db_fail;
            if (res.nrows) qid = db_cell_int(&res, 0, 0), out->slug = try;
        }
        if (!qid) goto db_fail;
        out->created = true;
    }
    db_param vp[] = {DB_INT(qid)};
    if (db_query(d, a, &res, "SELECT COALESCE(MAX(version), 0) + 1 FROM questionnaire_versions WHERE questionnaire_id = $1",
                 1, vp) < 0)
        goto db_fail;
    out->version = (int)db_cell_int(&res, 0, 0);
    db_param ip[] = {
        DB_INT(qid), DB_INT(out->version), DB_TEXT(url), DB_TEXT(q->version ? q->version : ""),
        DB_TEXT(q->name ? q->name : ""), DB_TEXT(q->title.by_lang[Q_FI] ? q->title.by_lang[Q_FI] : ""),
        DB_TEXT(q->title.by_lang[Q_SV] ? q->title.by_lang[Q_SV] : ""),
        DB_TEXT(q->title.by_lang[Q_EN] ? q->title.by_lang[Q_EN] : ""), DB_TEXT(q->status), DB_TEXT(resource),
        DB_INT(now), user_id > 0 ? DB_INT(user_id) : DB_NULL};
    if (db_query(d, a, &res,
                 "INSERT INTO questionnaire_versions(questionnaire_id, version, url, fhir_version, name, title_fi, "
                 "title_sv, title_en, status, resource, created_at, created_by) "
                 "VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id", 12, ip) < 0)
        goto db_fail;
    out->version_id = db_cell_int(&res, 0, 0);
    out->questionnaire_id = qid;
    db_param up[] = {DB_INT(now), DB_INT(qid)};
    if (db_exec(d, "UPDATE questionnaires SET updated_at = $1 WHERE id = $2", 2, up) < 0) goto db_fail;
    if (db_commit(d) < 0) goto db_fail;
    json_decref(doc);
    return 0;
db_fail:
    if (db_in_transaction(d)) db_rollback(d);
    json_decref(doc);
    return -1;
}

json_t *sa_answers_json(const questionnaire *q, const q_answers *ans)
{
    json_t *o = json_object();
    for (int i = 0; i < q->n_items; i++) {
        if (ans->n[i] == 0) continue;
        json_t *arr = json_array();
        for (int k = 0; k < ans->n[i]; k++) {
            const q_value *v = &ans->values[i][k];
            switch (v->kind) {
            case QV_BOOL: json_array_append_new(arr, json_boolean(v->b)); break;
            case QV_NUM:
                json_array_append_new(arr, v->is_integer ? json_integer((json_int_t)v->num) : json_real(v->num));
                break;
            case QV_STRING: case QV_DATE: case QV_CODING: json_array_append_new(arr, json_string(v->str)); break;
            default: break;
            }
        }
        json_object_set_new(o, q->items[i].link_id, arr);
    }
    return o;
}

q_answers *sa_answers_from_json(arena *a, const questionnaire *q, json_t *stored)
{
    q_answers *ans = q_answers_new(a, q);
    const char *key;
    json_t *arr;
    json_object_foreach(stored, key, arr) {
        int i = q_find(q, key);
        if (i < 0) continue;
        const q_item *it = &q->items[i];
        size_t k;
        json_t *v;
        json_array_foreach(arr, k, v) {
            q_value qv = {0};
            switch (it->type) {
            case QT_BOOLEAN: qv.kind = QV_BOOL, qv.b = json_is_true(v); break;
            case QT_INTEGER: case QT_DECIMAL:
                qv.kind = QV_NUM, qv.num = json_number_value(v), qv.is_integer = json_is_integer(v);
                break;
            case QT_DATE: qv.kind = QV_DATE, qv.str = arena_strdup(a, json_string_value(v) ? json_string_value(v) : ""); break;
            case QT_CHOICE: qv.kind = QV_CODING, qv.str = arena_strdup(a, json_string_value(v) ? json_string_value(v) : ""); break;
            default: qv.kind = QV_STRING, qv.str = arena_strdup(a, json_string_value(v) ? json_string_value(v) : ""); break;
            }
            q_answers_add(a, ans, i, qv);
        }
    }
    return ans;
}

int64_t sa_week_start(int64_t t)
{
    hel_time lt;
    hours_to_local(t, &lt);
    return hours_from_local(lt.days - (lt.weekday - 1), 0);
}

int sa_assessment_store(db *d, arena *a, const sa_version *v, const q_answers *ans, const q_result *res,
                        int64_t municipality_id, const char *lang, const char *channel, const char *receipt_hash,
                        int64_t now, int64_t *out_id)
{
    json_t *stored = sa_answers_json(v->q, ans);
    char *text = json_dumps(stored, JSON_COMPACT);
    json_decref(stored);
    if (!text) return -1;
    char score[32];
    snprintf(score, sizeof score, "%.6g", res->total);
    db_param p[] = {
        DB_INT(v->questionnaire_id), DB_INT(v->id), municipality_id > 0 ? DB_INT(municipality_id) : DB_NULL,
        DB_TEXT(lang), DB_TEXT(channel), DB_TEXT(arena_strdup(a, text)), DB_TEXT(score),
        DB_TEXT(q_urgency_code(res->urgency)), DB_INT(res->rule), DB_TEXT(receipt_hash), DB_INT(sa_week_start(now)),
        DB_INT(now)};
    json_text_free(text);
    db_result r;
    if (db_query(d, a, &r,
                 "INSERT INTO assessments(questionnaire_id, version_id, municipality_id, lang, channel, answers, score, "
                 "urgency, rule_index, receipt_hash, week_start, created_at) "
                 "VALUES($1, $2, $3, $4, $5, $6, CAST($7 AS DOUBLE PRECISION), $8, $9, $10, $11, $12) RETURNING id",
                 12, p) < 0)
        return -1;
    if (out_id) *out_id = db_cell_int(&r, 0, 0);
    return 0;
}

int sa_purge_expired_receipts(db *d, int64_t now, int days)
{
    arena a;
    arena_init(&a);
    db_result res;
    db_param p[] = {DB_INT(now - (int64_t)days * 86400)};
    int rc = db_query(d, &a, &res, "UPDATE assessments SET receipt_hash = NULL WHERE receipt_hash IS NOT NULL "
                                   "AND created_at <= $1", 1, p);
    int n = rc < 0 ? -1 : (int)res.changes;
    arena_free_all(&a);
    return n;
}

int sa_submit_limit(void) { return APP.cfg.self_assessment_limit > 0 ? APP.cfg.self_assessment_limit : 30; }
