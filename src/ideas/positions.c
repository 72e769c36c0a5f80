/* Taking a position on an idea: POST /{lang}/ideas/{id}/position.
 *
 * One position per person and idea: an account by user_id, a browser
 * without an account by a random token in a cookie, stored only as a keyed
 * hash (anon_key) — never an IP address. The counters in ideas change in
 * the same transaction as the position row. The transaction first locks
 * the idea's row (an UPDATE that changes nothing), so concurrent positions
 * on one idea take turns on PostgreSQL as they do on SQLite (BEGIN
 * IMMEDIATE): each sees the previous one's row and counts exactly. */
#include "internal.h"
#include "../http/session.h"
#include "../view/i18n.h"
#include <sodium.h>
#include <string.h>

/* Counter column of a stance; the stance was checked against the three. */
static const char *counter(const char *stance)
{
    return strcmp(stance, "for") == 0 ? "support_count" : strcmp(stance, "against") == 0 ? "against_count" : "neutral_count";
}

/* Stores or changes the position. 0, or -1 on a db error (rolled back). */
static int store(request *r, int64_t idea_id, const char *anon_key, const char *stance, const char *argument)
{
    db *d = r->db;
    db_result res;
    db_param who = anon_key ? DB_TEXT(anon_key) : DB_INT(r->user->id);
    const char *who_col = anon_key ? "anon_key" : "user_id";
    if (db_begin(d) < 0) return -1;
    db_param lock[] = {DB_INT(idea_id)};
    if (db_exec(d, "UPDATE ideas SET support_count = support_count WHERE id = $1", 1, lock) < 0) goto fail;
    db_param q[] = {DB_INT(idea_id), who};
    if (db_query(d, &r->a, &res, arena_printf(&r->a, "SELECT stance FROM positions WHERE idea_id = $1 AND %s = $2", who_col),
                 2, q) < 0)
        goto fail;
    if (res.nrows == 0) {
        db_param p[] = {DB_INT(idea_id), anon_key ? DB_NULL : DB_INT(r->user->id), DB_TEXT(anon_key), DB_TEXT(stance),
                        DB_TEXT(argument), DB_TEXT(r->lang), DB_INT(r->now)};
        if (db_exec(d, "INSERT INTO positions(idea_id, user_id, anon_key, stance, argument, lang, created_at, updated_at)"
                       " VALUES($1, $2, $3, $4, $5, $6, $7, $7)", 7, p) < 0)
            goto fail;
        const char *c = counter(stance);
        if (db_exec(d, arena_printf(&r->a, "UPDATE ideas SET %s = %s + 1%s WHERE id = $1", c, c,
                                    anon_key ? ", anonymous_count = anonymous_count + 1" : ""), 1, lock) < 0)
            goto fail;
    } else {
        const char *old = db_cell(&res, 0, 0);
        db_param p[] = {DB_INT(idea_id), who, DB_TEXT(stance), DB_TEXT(argument), DB_TEXT(r->lang), DB_INT(r->now)};
        if (db_exec(d, arena_printf(&r->a, "UPDATE positions SET stance = $3, argument = $4, lang = $5, updated_at = $6"
                                           " WHERE idea_id = $1 AND %s = $2", who_col), 6, p) < 0)
            goto fail;
        if (strcmp(old, stance) != 0) {
            const char *o = counter(old), *n = counter(stance);
            if (db_exec(d, arena_printf(&r->a, "UPDATE ideas SET %s = %s - 1, %s = %s + 1 WHERE id = $1", o, o, n, n), 1,
                        lock) < 0)
                goto fail;
        }
    }
    if (db_commit(d) < 0) goto fail;
    return 0;
fail:
    db_rollback(d);
    return -1;
}

int ideas_position(request *r)
{
    const char *id_text = req_param(r, "id");
    idea_row idea;
    int rc = idea_load(r, id_text, &idea);
    if (rc < 0) return -1;
    if (rc == 0) {
        respond_error(r, 404, NULL);
        return 0;
    }
    space s;
    rc = idea_space_check(r, &idea, &s);
    if (rc <= 0) return rc;
    const char *why = idea.hidden_at ? N_("Positions cannot be taken on a hidden idea.") : space_may(r, &s, SPACE_POSITION);
    if (why) {
        idea_form_state fs = {0};
        fs.position_alert = tr(r->lang, why);
        return idea_render(r, 403, id_text, &fs);
    }
    idea_form_state fs = {0};
    fs.stance = req_form(r, "stance");
    fs.argument = req_form(r, "argument");
    if (!fs.argument) fs.argument = "";
    bool bad = false;
    if (!ideas_stance_valid(fs.stance)) {
        fs.stance_error = tr(r->lang, "Choose for, against or neutral.");
        fs.stance = NULL;
        bad = true;
    }
    if (ideas_utf8_len(fs.argument) > IDEAS_ARGUMENT_MAX) {
        fs.argument_error = tr(r->lang, "The argument can be at most 500 characters long.");
        bad = true;
    }
    if (bad) return idea_render(r, 400, id_text, &fs);

    const char *anon_key = NULL;
    if (!r->user) {
        const char *token = cookie_get(r, IDEAS_ANON_COOKIE);
        if (!ideas_anon_token_valid(token)) {
            unsigned char raw[32];
            randombytes_buf(raw, sizeof raw);
            char *t = arena_alloc_raw(&r->a, 45);
            sodium_bin2base64(t, 45, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
            token = t;
            req_set_cookie(r, IDEAS_ANON_COOKIE, token, 365 * 86400);
        }
        anon_key = idea_anon_key(r, token);
        if (!anon_key) return -1;
    }
    /* a uniqueness conflict can only come from a race the lock should
     * prevent; one retry then sees the other row and changes it */
    if (store(r, idea.id, anon_key, fs.stance, fs.argument) < 0) {
        if (!db_error_is_unique(r->db) || store(r, idea.id, anon_key, fs.stance, fs.argument) < 0) return -1;
    }
    respond_redirect(r, 303, req_url(r, arena_printf(&r->a, "/ideas/%lld?saved=position#positions", (long long)idea.id)));
    return 0;
}
