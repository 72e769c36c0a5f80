/* Demo self-assessments: the four questionnaires in demo/questionnaires/
 * (demonstration content, marked experimental), each published and tied to
 * the directory service its outcomes lead to, and a history of anonymous
 * assessments across the county for the reports. */
#include "selfassess.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/app.h"
#include "../util/fs.h"

static const struct {
    const char *slug, *file, *service;
} DEMO[] = {
    {"mental-health", "mental-health.json", "mental-health"},
    {"family-support", "family-support.json", "family-counselling"},
    {"respiratory", "respiratory.json", "nurse"},
    {"older-people", "older-people.json", "senior-advice"},
};

int sa_demo_load(db *d, char *err, size_t errlen)
{
    arena a;
    arena_init(&a);
    int rc = -1;
    int64_t now = app_now();
    for (size_t i = 0; i < sizeof DEMO / sizeof *DEMO; i++) {
        db_result res;
        db_param sp[] = {DB_TEXT(DEMO[i].slug)};
        if (db_query(d, &a, &res, "SELECT 1 FROM questionnaires WHERE slug = $1", 1, sp) < 0) goto db_fail;
        if (res.nrows) continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/demo/questionnaires/%s", APP.cfg.root ? APP.cfg.root : ".", DEMO[i].file);
        size_t len;
        char *text = fs_read_file(path, &len);
        if (!text) {
            snprintf(err, errlen, "cannot read %s", path);
            goto done;
        }
        sa_imported imp;
        q_issues is = {0};
        int r = sa_import(d, &a, text, len, DEMO[i].slug, 0, now, &imp, &is);
        free(text);
        if (r < 0) goto db_fail;
        if (r > 0) {
            snprintf(err, errlen, "%s is refused: %s", path, is.count ? is.list[0].diagnostics : "?");
            goto done;
        }
        db_param up[] = {DB_INT(imp.version_id), DB_TEXT(DEMO[i].service), DB_INT((int64_t)i + 1), DB_INT(imp.questionnaire_id)};
        if (db_exec(d, "UPDATE questionnaires SET published_version_id = $1, "
                       "service_id = (SELECT id FROM services WHERE code = $2), sort_order = $3 WHERE id = $4",
                    4, up) < 0)
            goto db_fail;
    }
    rc = 0;
    goto done;
db_fail:
    snprintf(err, errlen, "self-assessment demo: %s", db_error(d));
done:
    arena_free_all(&a);
    return rc;
}
