/* Work items' colour (workitem.h): the one place that says red, yellow or green. */
#include "workitem.h"

#include "../../base/time.h"

const yw_enum_text yw_work_colors[] = {
    {YW_COLOR_NONE, "none"}, {YW_COLOR_GREEN, "green"},   {YW_COLOR_YELLOW, "yellow"},
    {YW_COLOR_RED, "red"},   {YW_COLOR_PAUSED, "paused"}, {0, NULL},
};

int yw_work_color_of(const yw_workcal *cal, int64_t today, const char *deadline, bool open, bool paused,
                     yw_work_color *out, yw_err *err) {
    *out = YW_COLOR_NONE;
    if (!open) return 0;
    if (paused) {
        *out = YW_COLOR_PAUSED;
        return 0;
    }
    int64_t due, left;
    bool provisional;
    if (yw_date_parse(deadline, &due, "deadline", err) < 0) return -1;
    if (today > due) {
        *out = YW_COLOR_RED;
        return 0;
    }
    if (yw_workcal_count(cal, today, due, &left, &provisional, err) < 0) return -1;
    *out = left <= 1 ? YW_COLOR_YELLOW : YW_COLOR_GREEN;
    return 0;
}
