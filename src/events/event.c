/* /{lang}/events/{id}: the event, its place, places left, the registration
 * form (or why registration is closed) and, after the event, the summary. */
#include "events.h"
#include "internal.h"
#include "../http/formview.h"
#include "../participation/participation.h"
#include "../view/i18n.h"
#include <string.h>

void events_registration_fields(request *r, json_t *ctx, const char *const values[3], const char *const errors[3])
{
    formview fv;
    formview_init(&fv);
    const char *name = values ? values[0] : (r->user ? r->user->display_name : NULL);
    const char *email = values ? values[1] : (r->user ? r->user->email : NULL);
    formview_field(&fv, "name", tr(r->lang, "Your name"), "text", name, errors ? errors[0] : NULL, "name", NULL, 1);
    formview_field(&fv, "email", tr(r->lang, "E-mail address"), "email", email, errors ? errors[1] : NULL, "email",
                   tr(r->lang, "We send the confirmation, a link for cancelling and a reminder the day before to this address."),
                   1);
    formview_field(&fv, "needs", tr(r->lang, "Accessibility or dietary needs (optional)"), "textarea",
                   values ? values[2] : NULL, errors ? errors[2] : NULL, "off",
                   tr(r->lang, "For example an interpreter, an induction loop, a wheelchair place or a special diet."), 0);
    formview_attach(&fv, ctx);
}

int events_render_page(request *r, const event_row *e, int status, const char *const values[3],
                       const char *const errors[3], const char *alert)
{
    json_t *item = events_item(r, e, true);
    json_t *ctx = json_pack("{s:s, s:o, s:s}", "title", e->title, "item", item, "list_url", req_url(r, "/events"));
    if (e->space_slug) {
        space s;
        if (space_load_id(r, e->space_id, &s) > 0) {
            json_object_set_new(ctx, "space_title", json_string(s.title));
            json_object_set_new(ctx, "space_url", json_string(req_url(r, arena_concat(&r->a, "/spaces/", s.slug, NULL))));
            json_object_set_new(ctx, "space_events_url",
                                json_string(req_url(r, arena_concat(&r->a, "/events?space=", s.slug, NULL))));
            if (strcmp(s.audience, "everyone") != 0)
                json_object_set_new(ctx, "restricted", json_true());
        }
    }
    bool open = json_is_true(json_object_get(item, "registration_open"));
    if (open) {
        json_object_set_new(ctx, "action", json_string(req_url(r, arena_printf(&r->a, "/events/%lld/register",
                                                                                 (long long)e->id))));
        events_registration_fields(r, ctx, values, errors);
        json_object_set_new(ctx, "privacy", json_string(tr_fill(r,
            "Your name, e-mail address and needs are used only for this event and erased {n} days after it.",
            EVENTS_RETENTION_DAYS)));
    } else if (e->draft) {
        json_object_set_new(ctx, "closed_text", json_string(tr(r->lang,
            "This event is a draft: residents do not see it, and registration opens when it is published.")));
    } else if (e->starts_at > r->now) {
        json_object_set_new(ctx, "closed_text", json_string(arena_concat(&r->a,
            tr(r->lang, "Registration closed"), " ", events_moment_text(r, e->deadline), ".", NULL)));
    }
    if (alert) json_object_set_new(ctx, "alert", json_string(alert));
    if (r->user && r->user->role >= ROLE_STAFF) {
        const char *base = arena_printf(&r->a, "/staff/events/%lld", (long long)e->id);
        json_object_set_new(ctx, "staff", json_pack("{s:s, s:s, s:s}",
            "edit_url", req_url(r, arena_concat(&r->a, base, "/edit", NULL)),
            "registrations_url", req_url(r, arena_concat(&r->a, base, "/registrations", NULL)),
            "summary_url", req_url(r, arena_concat(&r->a, base, "/summary", NULL))));
    }
    respond_page(r, status, "events/show", ctx);
    return 0;
}

int events_show(request *r)
{
    event_row e;
    int rc = events_load_visible(r, req_param(r, "id"), &e);
    if (rc <= 0) return rc;
    return events_render_page(r, &e, 200, NULL, NULL, NULL);
}
