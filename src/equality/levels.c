#include "levels.h"
#include "../view/i18n.h"
#include <string.h>

const char *const eq_level_codes[EQ_NLEVELS] = {"walk_in_daily", "by_appointment", "weekly_days", "remote_only",
                                               "not_offered"};
const char *const eq_level_labels[EQ_NLEVELS] = {
    N_("Walk in on every weekday"), N_("On site by appointment"), N_("On site on some weekdays"),
    N_("Only remotely (phone, chat, video, e-service)"), N_("Not offered")};

int eq_level_rank(const char *code)
{
    if (!code) return 0;
    for (int i = 0; i < EQ_NLEVELS; i++)
        if (strcmp(code, eq_level_codes[i]) == 0) return i + 1;
    return 0;
}

bool eq_level_meets(int best, int standard)
{
    if (standard <= 0) return true;
    if (best <= 0) best = EQ_RANK_NONE;
    return best <= standard;
}

bool eq_langs_have(const char *list, const char *lang)
{
    if (!list || !lang || !*lang) return false;
    size_t n = strlen(lang);
    for (const char *p = list; *p;) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        while (len > 0 && p[0] == ' ') p++, len--;
        while (len > 0 && p[len - 1] == ' ') len--;
        if (len == n && strncmp(p, lang, n) == 0) return true;
        if (!e) break;
        p = e + 1;
    }
    return false;
}

int eq_cell_marks(int best, int standard, bool has_sv, bool wants_sv)
{
    if (best <= 0 || best >= EQ_RANK_NONE) return EQ_MARK_MISSING;
    int m = 0;
    if (!eq_level_meets(best, standard)) m |= EQ_MARK_BELOW;
    if (wants_sv && !has_sv) m |= EQ_MARK_NO_SWEDISH;
    return m;
}
