/* The working-day calendar across Spring Festivals and National Days of several years,
 * make-up Saturdays and Sundays included, and its edges; data/cn-workcalendar.tsv checked
 * against the rules data/README.md states, and against the calendar built in. */
#include "testutil.h"

#include "base/time.h"
#include "std/workcal.h"

static int64_t D(const char *s) {
    int64_t d;
    yw_err err;
    if (yw_date_parse(s, &d, "date", &err) < 0) fail_msg("bad test date %s", s);
    return d;
}

static bool workday(const char *s) {
    bool w;
    yw_err err;
    if (yw_workcal_is_workday(yw_workcal_default(), D(s), &w, &err) < 0) fail_msg("%s", err.message);
    return w;
}

static const char *add(const char *s, int n) {
    static char out[11];
    int64_t d;
    yw_err err;
    if (yw_workcal_add(yw_workcal_default(), D(s), n, &d, &err) < 0) fail_msg("%s", err.message);
    yw_date_format(d, out);
    return out;
}

static int64_t count(const char *a, const char *b) {
    int64_t n;
    yw_err err;
    if (yw_workcal_count(yw_workcal_default(), D(a), D(b), &n, &err) < 0) fail_msg("%s", err.message);
    return n;
}

static void spring_festival(void **state) {
    (void)state;
    /* 2024: off 02-10..02-17, make-up Sunday 02-04 and Sunday 02-18 */
    assert_true(workday("2024-02-04"));
    assert_false(workday("2024-02-10"));
    assert_false(workday("2024-02-12")); /* a Monday inside the holiday */
    assert_false(workday("2024-02-17"));
    assert_true(workday("2024-02-18"));
    assert_string_equal(add("2024-02-08", 1), "2024-02-09");
    assert_string_equal(add("2024-02-08", 2), "2024-02-18");
    assert_string_equal(add("2024-02-08", 3), "2024-02-19");
    /* 2025: off 01-28..02-04, make-up Sunday 01-26 and Saturday 02-08 */
    assert_true(workday("2025-01-26"));
    assert_false(workday("2025-02-03"));
    assert_true(workday("2025-02-08"));
    assert_string_equal(add("2025-01-27", 1), "2025-02-05");
    /* 2020: the extension to 02-02 */
    assert_false(workday("2020-01-31"));
    assert_false(workday("2020-02-02"));
    assert_true(workday("2020-02-03"));
    /* counting across the 2025 holiday: 01-27 (Mon) to 02-07 (Fri): 02-05, 02-06, 02-07 */
    assert_int_equal(count("2025-01-27", "2025-02-07"), 3);
    assert_int_equal(count("2025-02-07", "2025-01-27"), -3);
    assert_int_equal(count("2025-01-27", "2025-01-27"), 0);
}

static void national_day(void **state) {
    (void)state;
    /* 2024: off 10-01..10-07, make-up Sunday 09-29 and Saturday 10-12 */
    assert_true(workday("2024-09-29"));
    assert_false(workday("2024-10-07"));
    assert_true(workday("2024-10-12"));
    assert_string_equal(add("2024-09-27", 3), "2024-10-08");
    /* 2023: Mid-Autumn and National Day together, 09-29..10-06; make-up 10-07, 10-08 */
    assert_false(workday("2023-09-29"));
    assert_false(workday("2023-10-06"));
    assert_true(workday("2023-10-07"));
    assert_true(workday("2023-10-08"));
    /* the first working day after Thursday 2023-09-28 is Saturday 10-07 */
    assert_string_equal(add("2023-09-28", 1), "2023-10-07");
    assert_int_equal(count("2023-09-28", "2023-10-09"), 3);
    /* 2019 */
    assert_false(workday("2019-10-01"));
    assert_true(workday("2019-09-29"));
    assert_true(workday("2019-10-12"));
    /* 2026: off 10-01..10-07, make-up 09-20 and 10-10 */
    assert_false(workday("2026-10-05"));
    assert_true(workday("2026-09-20"));
    assert_true(workday("2026-10-10"));
    assert_false(workday("2026-09-25")); /* Mid-Autumn */
}

static void ordinary_days_and_backwards(void **state) {
    (void)state;
    assert_true(workday("2026-11-24"));  /* a Tuesday */
    assert_false(workday("2026-11-28")); /* a Saturday */
    assert_string_equal(add("2026-11-27", 1), "2026-11-30");
    assert_string_equal(add("2026-11-24", 0), "2026-11-24");
    assert_string_equal(add("2024-02-19", -3), "2024-02-08");
    assert_int_equal(count("2026-11-23", "2026-11-30"), 5);
    /* the war-victory day of 2015 and its make-up Sunday */
    assert_false(workday("2015-09-03"));
    assert_true(workday("2015-09-06"));
}

static void new_year_2006(void **state) {
    (void)state;
    /* off 2006-01-01..01-03; Saturday 2005-12-31 is the make-up working day, in the year before */
    assert_true(workday("2005-12-31"));
    assert_false(workday("2006-01-02"));
    assert_string_equal(add("2005-12-30", 1), "2005-12-31");
    assert_string_equal(add("2005-12-31", 1), "2006-01-04");
    assert_int_equal(count("2005-12-29", "2006-01-04"), 3);
}

/* data/cn-workcalendar.tsv as data/README.md describes it, and the same days built in */
static void the_file(void **state) {
    (void)state;
    char path[1024];
    snprintf(path, sizeof path, "%s/data/cn-workcalendar.tsv", YW_SOURCE_DIR);
    FILE *f = fopen(path, "rb");
    if (!f) fail_msg("cannot open %s", path);
    static char text[64 * 1024];
    size_t len = fread(text, 1, sizeof text - 1, f);
    assert_true(feof(f));
    fclose(f);
    text[len] = '\0';
    assert_true(len > 0 && text[len - 1] == '\n');
    assert_int_equal(strncmp(text, "date\tkind\tname\n", 15), 0);
    static const char *const names[] = {"NewYear", "SpringFestival", "Qingming", "LabourDay", "DragonBoat",
                                        "MidAutumn", "NationalDay", "WarVictory70th", NULL};
    int64_t last = 0;
    int lines = 0;
    for (char *line = strchr(text, '\n') + 1; *line; line = strchr(line, '\n') + 1) {
        lines++;
        char date[11], kind[8], name[32];
        if (sscanf(line, "%10[0-9-]\t%7[a-z]\t%31[A-Za-z0-9]\n", date, kind, name) != 3)
            fail_msg("line %d: %.40s", lines + 1, line);
        int64_t d = D(date);
        if (d <= last) fail_msg("line %d: %s is not after the line before", lines + 1, date);
        last = d;
        const char *const *n = names;
        while (*n && strcmp(*n, name) != 0) n++;
        if (!*n) fail_msg("line %d: unknown holiday %s", lines + 1, name);
        int weekday = (int)(((d % 7) + 10) % 7); /* 0 Monday … 6 Sunday; day 0 is 1970-01-01, a Thursday */
        if (strcmp(kind, "workday") == 0) {
            if (weekday < 5) fail_msg("line %d: make-up working day %s is not a Saturday or Sunday", lines + 1, date);
        } else if (strcmp(kind, "holiday") != 0) {
            fail_msg("line %d: kind %s", lines + 1, kind);
        }
    }
    assert_true(lines >= 768);
    yw_workcal c;
    yw_err err;
    assert_int_equal(yw_workcal_load(&c, text, len, &err), 0);
    assert_int_equal(c.first_day, D("2004-01-01"));
    assert_int_equal(c.last_day, D("2026-12-31"));
#define KIND(s) c.kind[D(s) - c.first_day]
    assert_int_equal(KIND("2005-12-31"), 2);
    /* weekend days: inside a range of days off, listed; between two days off, listed; beside a
     * single day off joined to the weekend, not listed */
    assert_int_equal(KIND("2015-09-05"), 1);
    assert_int_equal(KIND("2015-06-21"), 1);
    assert_int_equal(KIND("2019-04-05"), 1);
    assert_int_equal(KIND("2019-04-06"), 0);
    assert_int_equal(KIND("2019-06-08"), 0);
#undef KIND
    const yw_workcal *built_in = yw_workcal_default();
    assert_int_equal(built_in->first_day, c.first_day);
    assert_int_equal(built_in->last_day, c.last_day);
    assert_memory_equal(built_in->kind, c.kind, (size_t)(c.last_day - c.first_day + 1));
    yw_workcal_free(&c);
}

static void outside_the_calendar(void **state) {
    (void)state;
    const yw_workcal *c = yw_workcal_default();
    yw_err err;
    bool w;
    int64_t d;
    assert_int_equal(yw_workcal_is_workday(c, D("2027-01-04"), &w, &err), -1);
    assert_int_equal(err.code, YW_ERR_RANGE);
    assert_non_null(strstr(err.message, "2026-12-31"));
    assert_int_equal(yw_workcal_is_workday(c, D("2003-12-31"), &w, &err), -1);
    /* a deadline that runs past the last covered day fails rather than guessing */
    assert_int_equal(yw_workcal_add(c, D("2026-12-20"), 20, &d, &err), -1);
    assert_int_equal(err.code, YW_ERR_RANGE);
    assert_non_null(strstr(err.message, "2027-01-01"));
    assert_int_equal(yw_workcal_count(c, D("2026-12-01"), D("2027-01-10"), &d, &err), -1);
}

static void loading(void **state) {
    (void)state;
    yw_workcal c;
    yw_err err;
    const char good[] = "date\tkind\tname\n2030-01-01\tholiday\tNewYear\n2030-02-02\tworkday\tX\n";
    assert_int_equal(yw_workcal_load(&c, good, sizeof good - 1, &err), 0);
    bool w;
    assert_int_equal(yw_workcal_is_workday(&c, D("2030-01-01"), &w, &err), 0);
    assert_false(w);
    assert_int_equal(yw_workcal_is_workday(&c, D("2030-02-02"), &w, &err), 0);
    assert_true(w);
    assert_int_equal(yw_workcal_is_workday(&c, D("2030-12-31"), &w, &err), 0);
    yw_workcal_free(&c);
    const char bad_header[] = "day\tkind\n";
    assert_int_equal(yw_workcal_load(&c, bad_header, sizeof bad_header - 1, &err), -1);
    const char bad_kind[] = "date\tkind\tname\n2030-01-01\tfeast\tX\n";
    assert_int_equal(yw_workcal_load(&c, bad_kind, sizeof bad_kind - 1, &err), -1);
    assert_non_null(strstr(err.message, "line 2"));
    const char bad_date[] = "date\tkind\tname\n2030-02-30\tholiday\tX\n";
    assert_int_equal(yw_workcal_load(&c, bad_date, sizeof bad_date - 1, &err), -1);
    assert_null(c.kind);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(spring_festival), cmocka_unit_test(national_day),
        cmocka_unit_test(ordinary_days_and_backwards), cmocka_unit_test(new_year_2006), cmocka_unit_test(the_file),
        cmocka_unit_test(outside_the_calendar),
        cmocka_unit_test(loading),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
