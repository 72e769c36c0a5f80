/* The code of conduct for taking part: /{lang}/code-of-conduct. The text is
 * in templates/moderation/conduct.mustache, translated through the catalogs
 * po/moderation.*.po like every other visible string. */
#include "moderation.h"
#include "../view/i18n.h"

int code_of_conduct(request *r)
{
    json_t *ctx = json_object();
    json_object_set_new(ctx, "title", json_string(tr(r->lang, "Code of conduct for taking part")));
    json_object_set_new(ctx, "feedback_url", json_string(req_url(r, "/feedback")));
    respond_page(r, 200, "moderation/conduct", ctx);
    return 0;
}
