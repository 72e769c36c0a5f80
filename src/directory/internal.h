/* Shared by the directory's pages and API (not for other features). */
#ifndef KOHTAAMO_DIRECTORY_INTERNAL_H
#define KOHTAAMO_DIRECTORY_INTERNAL_H
#include "directory.h"
#include "hours.h"
#include <jansson.h>

/* Hours of one point (or channel), loaded for a list of ids. */
typedef struct dir_hours {
    int64_t id;
    hours_regular *regular;
    int nregular;
    hours_exception *exceptions;
    int nexceptions;
    /* notes of the exceptions, parallel to exceptions: fi, sv, en */
    const char **notes;
} dir_hours;

/* Text of column col_fi + language offset, falling back to Finnish. */
const char *dir_pick(const db_result *res, int row, int col_fi, const char *lang);
int dir_lang_offset(const char *lang);
/* "$start, $start+1, ..." for n placeholders, in the arena. */
const char *dir_placeholders(request *r, int start, int n);
/* Positive id from a path or query segment, or -1. */
int64_t dir_parse_id(const char *s);

/* Loads regular hours and exceptions of the given points (point_id). The
 * result is parallel to ids, in the arena. Exceptions that ended before
 * `since_days` are skipped. */
int dir_hours_load(request *r, const int64_t *ids, int n, int64_t since_days, dir_hours **out);
/* The same for channels (channel_id), e.g. a phone line's or a chat's hours. */
int dir_channel_hours_load(request *r, const int64_t *ids, int n, int64_t since_days, dir_hours **out);
hours_set dir_hours_set(const dir_hours *h);

/* "8.00" (fi, sv) or "8:00" (en) for minutes after midnight. */
const char *dir_fmt_minutes(request *r, int minutes);
/* Open-now status as {open, known, text} for a template or the API. */
json_t *dir_status_json(request *r, const hours_status *st);
/* Translated weekday name, 1 = Monday. */
const char *dir_weekday_name(request *r, int weekday);
/* "By appointment", "On some weekdays: Tuesday, Thursday", ... */
const char *dir_level_label(request *r, const char *level, const char *weekdays);
/* "Finnish, Swedish" from "fi,sv". */
const char *dir_langs_label(request *r, const char *languages);
/* True when the comma list holds lang. */
bool dir_has_lang(const char *languages, const char *lang);
/* National display form of an E.164 Finnish number: "+358291511000" -> "029 151 1000". */
const char *dir_phone_display(request *r, const char *e164);

/* Channels: SELECT columns and one template/JSON object per row. */
#define DIR_CHANNEL_COLUMNS "c.id, c.kind, c.service_id, c.point_id, c.name_fi, c.name_sv, c.name_en, c.phone, c.url, " \
    "c.charge, c.charge_info_fi, c.charge_info_sv, c.charge_info_en, c.hours_fi, c.hours_sv, c.hours_en, c.languages"
json_t *dir_channel_json(request *r, const db_result *res, int row);

/* Point address columns from p.: street, postal code, post office (per language). */
json_t *dir_address_json(request *r, const db_result *res, int row, int col_street_fi, int col_postal,
                         int col_post_office_fi);

/* The satisfaction survey hook: the surveys feature does not exist yet, so
 * this returns NULL unless a route /{lang}/surveys/service-points/{id} is in
 * the route table; then it returns that URL for the point. */
const char *dir_survey_url(request *r, int64_t point_id);

#endif
