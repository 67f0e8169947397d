/* Work items (待办): one unit of a department's work of any concept — a case's review task, a
 * post-check (核查), a 差评's rectification, and next a 12345 ticket or an inspection — with a
 * deadline in working days, a clock that may pause, and a colour computed here and nowhere
 * else, so that every inbox and overdue view agrees:
 *   none    done (decided, closed): nothing waits;
 *   paused  the clock stands (补正: waiting for the applicant);
 *   red     past its deadline (已超期);
 *   yellow  due within one working day (即将到期);
 *   green   otherwise.
 * Working days come from the official calendar in effect (std/workcal.h). */
#ifndef YW_WORKITEM_H
#define YW_WORKITEM_H

#include <stdbool.h>
#include <stdint.h>

#include "../../base/enum.h"
#include "../../base/err.h"
#include "../../std/workcal.h"

typedef enum { YW_COLOR_NONE, YW_COLOR_GREEN, YW_COLOR_YELLOW, YW_COLOR_RED, YW_COLOR_PAUSED } yw_work_color;
typedef yw_work_color yw_task_color; /* the name cases gave it first */
extern const yw_enum_text yw_work_colors[];
#define yw_task_colors yw_work_colors

/* The colour of an item due on `deadline` (YYYY-MM-DD) on day `today`: NONE when it is not
 * open, PAUSED when its clock stands. -1 with err for a malformed deadline or a calendar error. */
int yw_work_color_of(const yw_workcal *cal, int64_t today, const char *deadline, bool open, bool paused,
                     yw_work_color *out, yw_err *err);

#endif
