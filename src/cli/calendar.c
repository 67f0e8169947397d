/* yiwang calendar: working-day arithmetic on the calendar in effect, the years it covers, and
 * loading a year's official arrangement (the State Council's notice) into the store. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../base/buf.h"
#include "../base/time.h"
#include "../domain/calendar/calendar.h"

#define CMD "calendar"

static void say_provisional(const yw_calendar_basis *b) {
    if (b->provisional)
        fprintf(stderr, "(provisional: the official arrangement for %d is not loaded)\n", b->missing_year);
}

typedef struct {
    const char *verb;
    int64_t a, b;
    int n;
    char text[32];
    yw_calendar_basis basis;
} question;

static int ask(yw_op *op, void *vctx) {
    question *q = vctx;
    if (strcmp(q->verb, "day") == 0) {
        yw_calendar_day_out out;
        if (yw_calendar_day(op, &(yw_calendar_day_in){q->a}, &out) < 0) return -1;
        snprintf(q->text, sizeof q->text, "%s", out.working_day ? "working day" : "day off");
        q->basis = out.basis;
    } else if (strcmp(q->verb, "add") == 0) {
        yw_calendar_add_out out;
        if (yw_calendar_add(op, &(yw_calendar_add_in){q->a, q->n}, &out) < 0) return -1;
        yw_date_format(out.due, q->text);
        q->basis = out.basis;
    } else {
        yw_calendar_count_out out;
        if (yw_calendar_count(op, &(yw_calendar_count_in){q->a, q->b}, &out) < 0) return -1;
        snprintf(q->text, sizeof q->text, "%lld", (long long)out.working_days);
        q->basis = out.basis;
    }
    return 0;
}

/* The built-in calendar alone, for a question asked without a store. */
static int ask_builtin(question *q, yw_err *err) {
    const yw_workcal *cal = yw_workcal_default();
    if (!cal) return yw_err_set(err, YW_ERR_INTERNAL, NULL, "the built-in calendar failed to load");
    bool prov, work;
    int64_t out;
    if (strcmp(q->verb, "day") == 0) {
        if (yw_workcal_is_workday(cal, q->a, &work, &prov, err) < 0) return -1;
        snprintf(q->text, sizeof q->text, "%s", work ? "working day" : "day off");
    } else if (strcmp(q->verb, "add") == 0) {
        if (yw_workcal_add(cal, q->a, q->n, &out, &prov, err) < 0) return -1;
        yw_date_format(out, q->text);
    } else {
        if (yw_workcal_count(cal, q->a, q->b, &out, &prov, err) < 0) return -1;
        snprintf(q->text, sizeof q->text, "%lld", (long long)out);
    }
    q->basis = yw_calendar_basis_of(cal, prov);
    return 0;
}

/* Answers from the store of --db; without --db from the default store when its file exists,
 * else from the built-in calendar alone. */
static int answer(const char *db, question *q) {
    yw_err err;
    const char *url = YW_STORE_DEFAULT_URL, *file = url + strlen("sqlite:");
    if (!db && access(file, F_OK) != 0) {
        if (ask_builtin(q, &err) < 0) return cli_fail(CMD, &err);
        return 0;
    }
    yw_store *s;
    if (cli_open_store(CMD, db, &s)) return 1;
    int rc = cli_migrate(CMD, s);
    yw_arena a;
    yw_arena_init(&a);
    yw_op op = yw_op_make(s, &a, NULL, &err);
    if (!rc && yw_op_read(&op, ask, q) < 0) rc = cli_fail(CMD, &err);
    yw_arena_reset(&a);
    yw_store_close(s);
    return rc;
}

static int load_file(yw_op *op, void *vctx) {
    void **args = vctx;
    return yw_calendar_load(op, args[0], args[1]);
}

static int cmd_load(const char *db, const char *path, const char *year_text, bool dry) {
    long year = 0;
    if (year_text) {
        char *end;
        year = strtol(year_text, &end, 10);
        if (*end || year < YW_WORKCAL_YEAR_MIN || year > YW_WORKCAL_YEAR_MAX) {
            fprintf(stderr, "yiwang calendar load: --year must be %d to %d\n", YW_WORKCAL_YEAR_MIN, YW_WORKCAL_YEAR_MAX);
            return CLI_USAGE;
        }
    }
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    char *data = NULL;
    size_t len = 0;
    if (cli_read_file(&a, path, YW_WORKCAL_TSV_MAX, "一年的节假日安排文件", "one year's arrangement", &data, &len, &err) < 0) {
        yw_arena_reset(&a);
        return cli_fail("calendar load", &err);
    }
    const char *base = strrchr(path, '/');
    yw_calendar_load_in in = {(int)year, data, len, base ? base + 1 : path, dry};
    yw_calendar_load_out out;
    yw_store *s;
    if (cli_open_store("calendar load", db, &s)) {
        yw_arena_reset(&a);
        return 1;
    }
    int rc = cli_migrate("calendar load", s);
    yw_op op = yw_op_make(s, &a, &yw_actor_system, &err);
    void *args[] = {&in, &out};
    if (!rc && yw_op_write(&op, load_file, args) < 0) rc = cli_fail("calendar load", &err);
    yw_store_close(s);
    if (!rc) {
        const yw_workcal_year *y = &out.arrangement;
        printf("%d: %d holidays, %d make-up working days; %s%s; the calendar %s 2004 to %d\n", y->year, out.holidays,
               out.workdays, dry ? "checked, nothing saved" : "loaded",
               !out.replaced ? "" : out.replaced_loaded ? " (replacing the arrangement loaded before)"
                                                        : " (replacing the built-in arrangement)",
               dry ? "would cover" : "covers", out.last_year);
    }
    yw_arena_reset(&a);
    return rc;
}

static int list_years(yw_op *op, void *vctx) { return yw_calendar_years(op, NULL, vctx); }

static int cmd_years(const char *db) {
    yw_store *s;
    if (cli_open_store(CMD, db, &s)) return 1;
    int rc = cli_migrate(CMD, s);
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    yw_op op = yw_op_make(s, &a, NULL, &err);
    yw_calendar_years_out out;
    if (!rc && yw_op_read(&op, list_years, &out) < 0) rc = cli_fail(CMD, &err);
    if (!rc) {
        char until[YW_DATE_SIZE];
        yw_date_format(out.official_until, until);
        for (int i = 0; i < out.nyears; i++) {
            const yw_calendar_year_info *y = &out.years[i];
            printf("%d\t%s\t%d holidays\t%d make-up working days", y->year, y->loaded ? "loaded" : "built-in",
                   y->holidays, y->workdays);
            if (y->loaded) printf("\t%s\t%s", y->loaded_at, y->source_name);
            printf("\n");
        }
        printf("official until %s; later days are provisional (Monday to Friday) until the arrangement for %d is"
               " loaded\n",
               until, out.last_year + 1);
    }
    yw_arena_reset(&a);
    yw_store_close(s);
    return rc;
}

static int cmd_calendar(int argc, char **argv) {
    const char *pos[3], *db = NULL, *year = NULL, *dry = NULL;
    cli_option opts[] = {{"--db", true, &db}, {"--year", true, &year}, {"--dry-run", false, &dry}, {NULL, false, NULL}};
    int n = cli_parse(CMD, argc, argv, opts, pos, 3);
    if (n < 0) return CLI_USAGE;
    yw_err err;
    if ((year || dry) && !(n >= 1 && strcmp(pos[0], "load") == 0)) {
        fprintf(stderr, "yiwang calendar: --year and --dry-run go with load FILE\n");
        return CLI_USAGE;
    }
    if (n == 2 && strcmp(pos[0], "load") == 0) return cmd_load(db, pos[1], year, dry != NULL);
    if (n == 1 && strcmp(pos[0], "years") == 0) return cmd_years(db);
    question q = {.verb = n ? pos[0] : ""};
    if (n == 2 && strcmp(pos[0], "day") == 0) {
        if (yw_date_parse(pos[1], &q.a, "DATE", &err) < 0) return cli_fail(CMD, &err);
    } else if (n == 3 && strcmp(pos[0], "add") == 0) {
        char *end;
        long days = strtol(pos[2], &end, 10);
        if (*end || days < -YW_CALENDAR_DAYS_MAX || days > YW_CALENDAR_DAYS_MAX) {
            fprintf(stderr, "yiwang calendar: N must be an integer from %d to %d\n", -YW_CALENDAR_DAYS_MAX,
                    YW_CALENDAR_DAYS_MAX);
            return CLI_USAGE;
        }
        q.n = (int)days;
        if (yw_date_parse(pos[1], &q.a, "DATE", &err) < 0) return cli_fail(CMD, &err);
    } else if (n == 3 && strcmp(pos[0], "count") == 0) {
        if (yw_date_parse(pos[1], &q.a, "FROM", &err) < 0 || yw_date_parse(pos[2], &q.b, "TO", &err) < 0)
            return cli_fail(CMD, &err);
    } else {
        fprintf(stderr, "yiwang calendar: expected day DATE, add DATE N, count FROM TO, years or load FILE"
                        " (see yiwang calendar --help)\n");
        return CLI_USAGE;
    }
    int rc = answer(db, &q);
    if (rc) return rc;
    if (strcmp(q.verb, "day") == 0) printf("%s %s\n", pos[1], q.text);
    else printf("%s\n", q.text);
    say_provisional(&q.basis);
    return 0;
}

const cli_command cli_calendar = {
    "calendar", "day DATE | add DATE N | count FROM TO | years | load FILE [--year YYYY] [--dry-run] [--db URL]",
    "working-day arithmetic on the calendar in effect; loading a year's official arrangement",
    "day DATE      whether DATE is a working day\n"
    "add DATE N    the N-th working day after DATE (before it when N < 0)\n"
    "count A B     working days after A up to and including B\n"
    "years         the years the calendar covers, built in or loaded\n"
    "load FILE     load a year's arrangement from the State Council's notice: a TSV file like\n"
    "              data/cn-workcalendar.tsv holding one year (see docs/calendar.md); it replaces\n"
    "              the year's arrangement if there is one; --year YYYY says which year (else the\n"
    "              file's first row does), --dry-run checks the file and saves nothing\n"
    "--db URL      the store (default sqlite:var/yiwang.db); day, add and count without --db use\n"
    "              the default store when it exists, else the built-in calendar\n"
    "Dates are YYYY-MM-DD from 2004. Past the last year loaded the answer follows the ordinary rule\n"
    "(Monday to Friday) and standard error says it is provisional.",
    cmd_calendar};
