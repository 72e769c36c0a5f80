/* Development projects and pilots in the open: public pages, staff editing
 * with revisions, updates with Atom feeds, search and the SVG timeline. */
#ifndef KOHTAAMO_PROJECTS_H
#define KOHTAAMO_PROJECTS_H
#include "../http/request.h"

/* public (projects.c, timeline.c, updates.c, feeds.c) */
int projects_list(request *r);
int projects_show(request *r);
int projects_timeline(request *r);
int projects_whats_new(request *r);
int projects_feed_all(request *r);
int projects_feed_project(request *r);

/* staff (staff.c, parts.c, updates.c, revisions.c) */
int staff_projects_list(request *r);
int staff_project_new_form(request *r);
int staff_project_create(request *r);
int staff_project_edit_form(request *r);
int staff_project_update(request *r);
int staff_project_publish(request *r);
int staff_project_unpublish(request *r);
int staff_milestone_add(request *r);
int staff_milestone_update(request *r);
int staff_milestone_delete(request *r);
int staff_contact_add(request *r);
int staff_contact_delete(request *r);
int staff_link_add(request *r);
int staff_link_delete(request *r);
int staff_update_new_form(request *r);
int staff_update_create(request *r);
int staff_update_edit_form(request *r);
int staff_update_save(request *r);
int staff_update_publish(request *r);
int staff_update_unpublish(request *r);
int staff_revisions_list(request *r);
int staff_revision_show(request *r);
int staff_revision_restore(request *r);

/* Rebuilds the search index rows of the top-level project that project_id
 * belongs to (itself, its children and their updates, if published).
 * Uses a for its temporary results. Returns 0 or -1 (db_error). */
int projects_reindex(db *d, arena *a, int64_t project_id);

/* Demo data: a few published projects of Western Uusimaa (demo.c). Needs the
 * demo municipalities and accounts. Returns 0 or -1 with err filled. */
int projects_demo_load(db *d, char *err, size_t errlen);

#endif
