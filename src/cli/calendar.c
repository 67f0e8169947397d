/* yiwang calendar: working-day arithmetic on the official calendar; past it, the ordinary rule,
 * with a note on standard error that the answer is provisional. */
#include "cli.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "../base/buf.h"
#include "../base/json_writer.h"
#include "../base/log.h"
#include "../base/time.h"
#include "../std/workcal.h"

/* The note on standard error for a provisional answer; returns 0. */
static int provisional(const yw_workcal *cal, bool prov) {
    if (prov)
        fprintf(stderr, "(provisional: the official arrangement for %d is not loaded)\n",
                yw_workcal_notice_year(cal->last_day + 1));
    return 0;
}

static int cmd_calendar(int argc, char **argv) {
    const char *pos[3];
    cli_option opts[] = {{"--db", true, &(const char *){NULL}}, {NULL, false, NULL}};
    int n = cli_parse("calendar", argc, argv, opts, pos, 3);
    if (n < 0) return CLI_USAGE;
    const yw_workcal *cal = yw_workcal_default();
    yw_err err;
    int64_t a, b, out;
    char text[11];
    if (!cal) {
        fprintf(stderr, "yiwang calendar: the built-in calendar failed to load\n");
        return 1;
    }
    bool prov = false;
    if (n == 2 && strcmp(pos[0], "day") == 0) {
        bool work;
        if (yw_date_parse(pos[1], &a, "DATE", &err) < 0 || yw_workcal_is_workday(cal, a, &work, &prov, &err) < 0)
            return cli_fail("calendar", &err);
        printf("%s %s\n", pos[1], work ? "working day" : "day off");
        return provisional(cal, prov);
    }
    if (n == 3 && strcmp(pos[0], "add") == 0) {
        char *end;
        long days = strtol(pos[2], &end, 10);
        if (*end || days < -3650 || days > 3650) {
            fprintf(stderr, "yiwang calendar: N must be an integer from -3650 to 3650\n");
            return CLI_USAGE;
        }
        if (yw_date_parse(pos[1], &a, "DATE", &err) < 0 || yw_workcal_add(cal, a, (int)days, &out, &prov, &err) < 0)
            return cli_fail("calendar", &err);
        yw_date_format(out, text);
        printf("%s\n", text);
        return provisional(cal, prov);
    }
    if (n == 3 && strcmp(pos[0], "count") == 0) {
        if (yw_date_parse(pos[1], &a, "FROM", &err) < 0 || yw_date_parse(pos[2], &b, "TO", &err) < 0 ||
            yw_workcal_count(cal, a, b, &out, &prov, &err) < 0)
            return cli_fail("calendar", &err);
        printf("%lld\n", (long long)out);
        return provisional(cal, prov);
    }
    fprintf(stderr, "yiwang calendar: expected day DATE, add DATE N or count FROM TO (see yiwang calendar --help)\n");
    return CLI_USAGE;
}

const cli_command cli_calendar = {"calendar", "day DATE | add DATE N | count FROM TO", "working-day arithmetic on the official calendar",
     "day DATE     whether DATE is a working day\n"
     "add DATE N   the N-th working day after DATE (before it when N < 0)\n"
     "count A B    working days after A up to and including B\n"
     "Dates are YYYY-MM-DD from 2004. The calendar is official to 2026-12-24; past it the answer follows\n"
     "the ordinary rule (Monday to Friday) and standard error says it is provisional.",
    cmd_calendar};
