/* The working-day calendar across Spring Festivals and National Days of several years,
 * make-up Saturdays and Sundays included; provisional answers past the official calendar and
 * official ones once the next year is loaded; checking a year's arrangement as an administrator
 * loads it (bad dates, make-up days on weekdays, duplicates, mixed years, each naming its line);
 * and loading years into both stores: permission, gaps, dry runs, replacing, the audit entry,
 * and every question after a load using it; data/cn-workcalendar.tsv checked against the rules
 * data/README.md states, and against the calendar built in. */
#include "testutil.h"

#include "base/time.h"

#include "domain/calendar/calendar.h"
#include "domain/core/audit.h"
#include "domain/ledger/ledger.h"
#include "std/workcal.h"

static int64_t D(const char *s) {
    int64_t d;
    yw_err err;
    if (yw_date_parse(s, &d, "date", &err) < 0) fail_msg("bad test date %s", s);
    return d;
}

static const char *fmt(int64_t d) {
    static char out[4][11];
    static int k;
    k = (k + 1) % 4;
    yw_date_format(d, out[k]);
    return out[k];
}

static bool workday(const char *s) {
    bool w, p;
    yw_err err;
    if (yw_workcal_is_workday(yw_workcal_default(), D(s), &w, &p, &err) < 0) fail_msg("%s", err.message);
    if (p) fail_msg("%s should be official", s);
    return w;
}

static const char *add(const char *s, int n) {
    int64_t d;
    bool p;
    yw_err err;
    if (yw_workcal_add(yw_workcal_default(), D(s), n, &d, &p, &err) < 0) fail_msg("%s", err.message);
    if (p) fail_msg("add %s %d should be official", s, n);
    return fmt(d);
}

static int64_t count(const char *a, const char *b) {
    int64_t n;
    bool p;
    yw_err err;
    if (yw_workcal_count(yw_workcal_default(), D(a), D(b), &n, &p, &err) < 0) fail_msg("%s", err.message);
    if (p) fail_msg("count %s %s should be official", a, b);
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
    /* built in, official until 24 December 2026: the days after belong to the 2027 notice */
    assert_int_equal(built_in->last_day, D("2026-12-24"));
    for (int64_t d = c.first_day; d <= built_in->last_day; d++)
        if (built_in->kind[d - c.first_day] != c.kind[d - c.first_day]) {
            char s[11];
            yw_date_format(d, s);
            fail_msg("%s: built in %d, in the file %d", s, built_in->kind[d - c.first_day], c.kind[d - c.first_day]);
        }
    yw_workcal_free(&c);
}

/* New Year rows in the December before belong to the next year's notice, and apply. */
static void cross_year_rows(void **state) {
    (void)state;
    assert_false(workday("2007-12-31")); /* a Monday off for New Year 2008 */
    assert_true(workday("2007-12-29"));  /* a Saturday worked for it */
    assert_true(workday("2011-12-31"));
    assert_int_equal(yw_workcal_notice_year(D("2007-12-31")), 2008);
    assert_int_equal(yw_workcal_notice_year(D("2007-12-24")), 2007);
    yw_workcal_year y;
    assert_int_equal(yw_workcal_builtin_year(2008, &y), 0);
    assert_string_equal(fmt(y.rows[0].day), "2007-12-29");
    assert_int_equal(yw_workcal_builtin_year(2007, &y), 0);
    assert_string_equal(fmt(y.rows[y.nrows - 1].day), "2007-10-07");
    assert_int_equal(yw_workcal_builtin_year(2027, &y), -1);
    assert_int_equal(yw_workcal_builtin_first_year(), YW_WORKCAL_YEAR_MIN);
    assert_int_equal(yw_workcal_builtin_last_year(), 2026);
}

/* Past 24 December 2026 (the days after belong to the 2027 notice): the ordinary rule,
 * provisional; before 2004 an error; with no flag to carry it, past the end an error too. */
static void provisional_past_the_end(void **state) {
    (void)state;
    const yw_workcal *c = yw_workcal_default();
    yw_err err;
    bool w, p;
    int64_t d;
    assert_string_equal(fmt(c->last_day), "2026-12-24");
    assert_int_equal(yw_workcal_last_year(c), 2026);
    assert_int_equal(yw_workcal_is_workday(c, D("2027-01-01"), &w, &p, &err), 0);
    assert_true(w); /* a Friday, by the ordinary rule */
    assert_true(p);
    assert_int_equal(yw_workcal_is_workday(c, D("2027-01-02"), &w, &p, &err), 0);
    assert_false(w);
    assert_true(p);
    assert_int_equal(yw_workcal_is_workday(c, D("2026-12-24"), &w, &p, &err), 0);
    assert_false(p);
    /* the case of issue 6: accepted Monday 2026-12-28, five working days */
    assert_int_equal(yw_workcal_add(c, D("2026-12-28"), 5, &d, &p, &err), 0);
    assert_string_equal(fmt(d), "2027-01-04");
    assert_true(p);
    /* a walk that stays on official days is official, one that crosses is not */
    assert_int_equal(yw_workcal_add(c, D("2026-12-20"), 4, &d, &p, &err), 0);
    assert_string_equal(fmt(d), "2026-12-24");
    assert_false(p);
    assert_int_equal(yw_workcal_add(c, D("2026-12-20"), 5, &d, &p, &err), 0);
    assert_string_equal(fmt(d), "2026-12-25");
    assert_true(p);
    assert_int_equal(yw_workcal_add(c, D("2026-12-20"), 30, &d, &p, &err), 0);
    assert_string_equal(fmt(d), "2027-01-29");
    assert_true(p);
    /* backwards from a provisional day into official ones */
    assert_int_equal(yw_workcal_add(c, D("2027-01-11"), -10, &d, &p, &err), 0);
    assert_string_equal(fmt(d), "2026-12-28");
    assert_true(p);
    assert_int_equal(yw_workcal_add(c, D("2027-01-11"), 0, &d, &p, &err), 0);
    assert_false(p); /* nothing was judged */
    /* counting across the boundary */
    assert_int_equal(yw_workcal_count(c, D("2026-12-01"), D("2027-01-10"), &d, &p, &err), 0);
    assert_int_equal(d, 28); /* 17 official days in December to the 24th, 11 provisional */
    assert_true(p);
    assert_int_equal(yw_workcal_count(c, D("2027-01-10"), D("2026-12-01"), &d, &p, &err), 0);
    assert_int_equal(d, -28);
    assert_int_equal(yw_workcal_count(c, D("2026-12-01"), D("2026-12-24"), &d, &p, &err), 0);
    assert_int_equal(d, 17);
    assert_false(p);
    /* before the calendar: always an error */
    assert_int_equal(yw_workcal_is_workday(c, D("2003-12-31"), &w, &p, &err), -1);
    assert_int_equal(err.code, YW_ERR_RANGE);
    assert_string_equal(err.reason, "calendar_before_start");
    assert_string_equal(err.message, "工作日历从2004-01-01开始，2003-12-31早于此日期");
    assert_string_equal(err.message_en, "the working-day calendar begins on 2004-01-01; 2003-12-31 is before it");
    assert_int_equal(yw_workcal_add(c, D("2004-01-05"), -5, &d, &p, &err), -1);
    assert_int_equal(err.code, YW_ERR_RANGE);
    assert_int_equal(yw_workcal_count(c, D("2003-06-01"), D("2027-01-10"), &d, &p, &err), -1);
    /* no flag: past the end is refused */
    assert_int_equal(yw_workcal_is_workday(c, D("2027-01-04"), &w, NULL, &err), -1);
    assert_int_equal(err.code, YW_ERR_RANGE);
    assert_string_equal(err.reason, "calendar_after_end");
    assert_non_null(strstr(err.message, "2026-12-24"));
    assert_non_null(strstr(err.message_en, "the arrangement for 2027 is not loaded"));
    assert_int_equal(yw_workcal_add(c, D("2026-12-20"), 20, &d, NULL, &err), -1);
    assert_int_equal(err.code, YW_ERR_RANGE);
    assert_int_equal(yw_workcal_count(c, D("2026-12-01"), D("2027-01-10"), &d, NULL, &err), -1);
    /* the far end of what is computed at all */
    assert_int_equal(yw_workcal_is_workday(c, D("9999-12-31"), &w, &p, &err), 0);
    assert_int_equal(yw_workcal_add(c, D("9999-12-30"), 5, &d, &p, &err), -1);
    assert_int_equal(err.code, YW_ERR_RANGE);
}

static void loading(void **state) {
    (void)state;
    yw_workcal c;
    yw_err err;
    const char good[] = "date\tkind\tname\n2030-01-01\tholiday\tNewYear\n2030-02-02\tworkday\tX\n";
    assert_int_equal(yw_workcal_load(&c, good, sizeof good - 1, &err), 0);
    bool w;
    assert_int_equal(yw_workcal_is_workday(&c, D("2030-01-01"), &w, NULL, &err), 0);
    assert_false(w);
    assert_int_equal(yw_workcal_is_workday(&c, D("2030-02-02"), &w, NULL, &err), 0);
    assert_true(w);
    assert_int_equal(yw_workcal_is_workday(&c, D("2030-12-31"), &w, NULL, &err), 0);
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

/* ---- one year as an administrator loads it ---- */

#define HEADER "date\tkind\tname\n"
/* the fixed statutory holidays every year's file must list */
#define FIXED(y)                                                                                                   \
    y "-01-01\tholiday\tNewYear\n" y "-05-01\tholiday\tLabourDay\n" y "-10-01\tholiday\tNationalDay\n" y           \
      "-10-02\tholiday\tNationalDay\n" y "-10-03\tholiday\tNationalDay\n"

static int parse(yw_arena *a, const char *tsv, int year, yw_workcal_year *out, yw_err *err) {
    return yw_workcal_parse_year(a, tsv, strlen(tsv), year, "tsv", out, err);
}

/* The call fails naming field tsv with a message holding `needle`. */
static void refused(const char *tsv, int year, const char *needle) {
    yw_arena a;
    yw_arena_init(&a);
    yw_workcal_year y;
    yw_err err;
    if (parse(&a, tsv, year, &y, &err) == 0) fail_msg("accepted, expected \"%s\":\n%s", needle, tsv);
    assert_int_equal(err.code, YW_ERR_INVALID);
    if (!strstr(err.message_en, needle)) fail_msg("expected \"%s\" in: %s", needle, err.message_en);
    yw_arena_reset(&a);
}

static void year_accepted(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    yw_workcal_year y;
    yw_err err;
    /* a byte-order mark, CRLF line ends, blank lines, rows out of order, a New Year day in the
     * December before and a Chinese name */
    const char tsv[] = "\xEF\xBB\xBF" "date\tkind\tname\r\n"
                       "2027-10-09\tworkday\tNationalDay\r\n"
                       "\r\n" FIXED("2027") "2026-12-31\tholiday\t元旦\r\n"
                       "2027-02-20\tworkday\tSpringFestival\n";
    assert_int_equal(parse(&a, tsv, 2027, &y, &err), 0);
    assert_int_equal(y.year, 2027);
    assert_int_equal(y.nrows, 8);
    assert_string_equal(fmt(y.rows[0].day), "2026-12-31");
    assert_string_equal(y.rows[0].name, "元旦");
    assert_int_equal(y.rows[0].line, 9);
    assert_string_equal(fmt(y.rows[7].day), "2027-10-09");
    assert_int_equal(y.rows[7].kind, YW_WORKCAL_WORKDAY);
    assert_int_equal(y.rows[7].line, 2);
    /* the year from the first row, also when that row is in the December before */
    assert_int_equal(parse(&a, HEADER FIXED("2027"), 0, &y, &err), 0);
    assert_int_equal(y.year, 2027);
    assert_int_equal(parse(&a, HEADER "2026-12-31\tholiday\tNewYear\n" FIXED("2027"), 0, &y, &err), 0);
    assert_int_equal(y.year, 2027);
    yw_arena_reset(&a);
}

static void year_refused(void **state) {
    (void)state;
    /* a date that does not exist, a date in the wrong form */
    refused(HEADER FIXED("2027") "2027-02-29\tholiday\tX\n", 2027, "line 7: \"2027-02-29\" is not a real date");
    refused(HEADER "2027/01/01\tholiday\tNewYear\n", 2027, "line 2:");
    refused(HEADER FIXED("2027") "2027-13-01\tholiday\tX\n", 2027, "line 7");
    /* a make-up working day on a weekday (2027-01-04 is a Monday) */
    refused(HEADER FIXED("2027") "2027-01-04\tworkday\tNewYear\n", 2027,
            "line 7: 2027-01-04 is a weekday; a make-up working day is a Saturday or Sunday");
    /* a date twice, even with the same kind */
    refused(HEADER FIXED("2027") "2027-02-20\tworkday\tA\n2027-05-01\tholiday\tLabourDay\n", 2027,
            "line 8: 2027-05-01 is already listed on line 3");
    /* mixed years: another year, the December before too early, the year's own late December */
    refused(HEADER FIXED("2027") "2028-01-01\tholiday\tNewYear\n", 2027, "line 7: 2028-01-01 is not in the arrangement for 2027");
    refused(HEADER "2026-12-24\tholiday\tX\n" FIXED("2027"), 2027, "line 2: 2026-12-24 is not in the arrangement for 2027");
    refused(HEADER FIXED("2027") "2027-12-31\tholiday\tNewYear\n", 2027, "line 7: 2027-12-31 is not in the arrangement for 2027, 2026-12-25 to 2027-12-24");
    refused(HEADER FIXED("2027") "2026-05-01\tholiday\tLabourDay\n", 0, "line 7: 2026-05-01 is not in the arrangement for 2027");
    /* the year the caller says, against the rows */
    refused(HEADER FIXED("2027"), 2028, "line 2: 2027-01-01 is not in the arrangement for 2028");
    /* kinds, fields, names */
    refused(HEADER FIXED("2027") "2027-03-01\tfeast\tX\n", 2027, "line 7: the kind must be holiday");
    refused(HEADER FIXED("2027") "2027-03-01\tholiday\n", 2027, "line 7: expected three tab-separated fields");
    refused(HEADER FIXED("2027") "2027-03-01\tholiday\tX\textra\n", 2027, "line 7: expected three");
    refused(HEADER FIXED("2027") "2027-03-01\tholiday\t\n", 2027, "line 7: the name must be");
    refused(HEADER FIXED("2027") "2027-03-01\tholiday\tA\x01" "B\n", 2027, "line 7: the name must be");
    refused(HEADER FIXED("2027") "2027-03-01\tholiday\t\xC3\n", 2027, "line 7: the name must be");
    refused(HEADER FIXED("2027") "2027-03-01\tholiday\t"
                                 "0123456789012345678901234567890123456789012345678901234567890123456789\n",
            2027, "line 7: the name must be");
    /* the header, empty files */
    refused("date,kind,name\n" FIXED("2027"), 2027, "line 1: the first line must be the header");
    refused("", 2027, "line 1: the file is empty");
    refused(HEADER "\n\n", 2027, "lists no days");
    /* not the whole year: a fixed statutory holiday missing or not a holiday */
    refused(HEADER "2027-01-01\tholiday\tNewYear\n2027-05-01\tholiday\tLabourDay\n", 2027,
            "2027-10-01, National Day, is a statutory holiday");
    refused(HEADER "2027-01-01\tholiday\tNewYear\n2027-05-01\tworkday\tLabourDay\n2027-10-01\tholiday\tN\n"
                   "2027-10-02\tholiday\tN\n2027-10-03\tholiday\tN\n",
            2027, "2027-05-01, Labour Day");
    /* years that cannot be loaded */
    refused(HEADER FIXED("2003"), 0, "line 2: 2003-01-01 is not in a year that can be loaded");
    yw_arena a;
    yw_arena_init(&a);
    yw_workcal_year y;
    yw_err err;
    assert_int_equal(parse(&a, HEADER FIXED("2101"), 2101, &y, &err), -1);
    assert_string_equal(err.field, "year");
    assert_string_equal(err.reason, "field_range");
    yw_arena_reset(&a);
}

/* Building the calendar with loaded years: provisional answers become official. */
static void loaded_years_make_it_official(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    yw_workcal_year years[3];
    yw_err err;
    assert_int_equal(parse(&a, HEADER FIXED("2027") "2026-12-31\tholiday\tNewYear\n", 2027, &years[0], &err), 0);
    yw_workcal c;
    assert_int_equal(yw_workcal_build(&c, years, 1, &err), 0);
    assert_string_equal(fmt(c.last_day), "2027-12-24");
    int64_t d;
    bool p, w;
    /* the same question as before the load: a later date, and official */
    assert_int_equal(yw_workcal_add(&c, D("2026-12-28"), 5, &d, &p, &err), 0);
    assert_string_equal(fmt(d), "2027-01-06"); /* 12-29, 12-30, 01-04, 01-05, 01-06 */
    assert_false(p);
    assert_int_equal(yw_workcal_is_workday(&c, D("2026-12-31"), &w, &p, &err), 0);
    assert_false(w);
    assert_false(p);
    /* the built-in years are still there */
    assert_int_equal(yw_workcal_is_workday(&c, D("2024-02-18"), &w, &p, &err), 0);
    assert_true(w);
    yw_workcal_free(&c);
    /* a year after a gap is not applied: 2029 without 2028 */
    assert_int_equal(parse(&a, HEADER FIXED("2029"), 2029, &years[1], &err), 0);
    assert_int_equal(yw_workcal_build(&c, years, 2, &err), 0);
    assert_int_equal(yw_workcal_last_year(&c), 2027);
    yw_workcal_free(&c);
    /* a built-in year replaced whole: 2026 without its Spring Festival, with a new day off */
    assert_int_equal(parse(&a, HEADER FIXED("2026") "2026-11-30\tholiday\tX\n", 2026, &years[2], &err), 0);
    assert_int_equal(yw_workcal_build(&c, &years[2], 1, &err), 0);
    assert_int_equal(yw_workcal_is_workday(&c, D("2026-11-30"), &w, &p, &err), 0);
    assert_false(w);
    assert_int_equal(yw_workcal_is_workday(&c, D("2026-02-17"), &w, &p, &err), 0);
    assert_true(w); /* a Tuesday of the built-in Spring Festival, now ordinary */
    assert_int_equal(yw_workcal_is_workday(&c, D("2025-02-03"), &w, &p, &err), 0);
    assert_false(w); /* 2025 untouched */
    assert_int_equal(yw_workcal_last_year(&c), 2026);
    yw_workcal_free(&c);
    yw_arena_reset(&a);
}

/* The ledger's overdue figures past the official calendar: counted by the ordinary rule and
 * flagged, no longer left at zero; official once the year is loaded. */
static void ledger_overdue_past_the_end(void **state) {
    (void)state;
    yw_err err;
    int64_t n;
    bool p;
    assert_int_equal(yw_ledger_days_overdue(yw_workcal_default(), "2026-12-21", D("2027-01-08"), &n, &p, &err), 0);
    assert_int_equal(n, 14); /* 12-22..12-25, 12-28..12-31, 01-01, 01-04..01-08 */
    assert_true(p);
    assert_int_equal(yw_ledger_days_overdue(yw_workcal_default(), "2026-12-01", D("2026-12-24"), &n, &p, &err), 0);
    assert_int_equal(n, 17);
    assert_false(p);
    assert_int_equal(yw_ledger_days_overdue(yw_workcal_default(), "2026-12-21", D("2026-12-21"), &n, &p, &err), 0);
    assert_int_equal(n, 0);
    yw_arena a;
    yw_arena_init(&a);
    yw_workcal_year y;
    yw_workcal c;
    assert_int_equal(parse(&a, HEADER FIXED("2027"), 2027, &y, &err), 0);
    assert_int_equal(yw_workcal_build(&c, &y, 1, &err), 0);
    assert_int_equal(yw_ledger_days_overdue(&c, "2026-12-21", D("2027-01-08"), &n, &p, &err), 0);
    assert_int_equal(n, 13); /* 01-01 is a holiday */
    assert_false(p);
    yw_workcal_free(&c);
    yw_arena_reset(&a);
}

/* ---- loading into the store, on both backends ---- */

static const char *const file_2027 = HEADER FIXED("2027") "2027-02-20\tworkday\tSpringFestival\n";

static int load(yw_op *op, int year, const char *tsv, bool dry, yw_calendar_load_out *out) {
    yw_calendar_load_in in = {year, tsv, strlen(tsv), "notice.tsv", dry};
    return TEST_WRITE(op->store, yw_calendar_load(op, &in, out));
}

static yw_calendar_add_out ask_add(yw_op *op, const char *from, int days) {
    yw_calendar_add_out out;
    yw_calendar_add_in in = {D(from), days};
    if (yw_calendar_add(op, &in, &out) < 0) fail_msg("%s", op->err->message);
    return out;
}

static void store_loading(void **state) {
    yw_store *s = test_store(*state);
    yw_arena a;
    yw_arena_init(&a);
    yw_err err;
    yw_op op = yw_op_make(s, &a, &yw_actor_system, &err);
    yw_calendar_load_out out;
    /* before: the question is provisional, for want of 2027 */
    yw_calendar_add_out r = ask_add(&op, "2026-12-28", 5);
    assert_string_equal(fmt(r.due), "2027-01-04");
    assert_true(r.basis.provisional);
    assert_int_equal(r.basis.missing_year, 2027);
    assert_string_equal(fmt(r.basis.official_until), "2026-12-24");
    /* only administrators load */
    const yw_actor supervisor = {"sup", "staff", "supervisor", "Supervisor", NULL, YW_ROLE_SUPERVISOR};
    yw_op as_sup = op;
    as_sup.actor = &supervisor;
    assert_int_equal(load(&as_sup, 2027, file_2027, false, &out), -1);
    assert_int_equal(err.code, YW_ERR_FORBIDDEN);
    as_sup.actor = NULL;
    assert_int_equal(load(&as_sup, 2027, file_2027, false, &out), -1);
    assert_int_equal(err.code, YW_ERR_UNAUTHENTICATED);
    /* a year after a gap */
    assert_int_equal(load(&op, 2028, HEADER FIXED("2028"), false, &out), -1);
    assert_string_equal(err.field, "year");
    assert_string_equal(err.reason, "calendar_year_gap");
    assert_non_null(strstr(err.message_en, "load the arrangement for 2027 first"));
    assert_non_null(strstr(err.message, "请先加载2027年的安排"));
    /* a bad file names the line and changes nothing */
    assert_int_equal(load(&op, 2027, HEADER FIXED("2027") "2027-01-04\tworkday\tX\n", false, &out), -1);
    assert_string_equal(err.field, "tsv");
    assert_string_equal(err.reason, "calendar_workday_weekday");
    assert_non_null(strstr(err.message, "第7行"));
    assert_non_null(strstr(err.message_en, "line 7"));
    /* a dry run checks and saves nothing */
    assert_int_equal(load(&op, 2027, file_2027, true, &out), 0);
    assert_int_equal(out.holidays, 5);
    assert_int_equal(out.workdays, 1);
    assert_false(out.replaced);
    assert_int_equal(out.last_year, 2027);
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM calendar_days"), 0);
    assert_true(ask_add(&op, "2026-12-28", 5).basis.provisional);
    int64_t audits = test_count(s, "SELECT COUNT(*) FROM audit_log");
    /* the load: the same question now answers a later date, officially */
    assert_int_equal(load(&op, 2027, file_2027, false, &out), 0);
    assert_false(out.replaced);
    r = ask_add(&op, "2026-12-28", 5);
    assert_string_equal(fmt(r.due), "2027-01-05");
    assert_false(r.basis.provisional);
    assert_string_equal(fmt(r.basis.official_until), "2027-12-24");
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM calendar_days WHERE year = 2027"), 6);
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM audit_log"), audits + 1);
    /* 2028 may follow now */
    assert_int_equal(load(&op, 2028, HEADER FIXED("2028"), false, &out), 0);
    yw_calendar_years_out years;
    assert_int_equal(yw_calendar_years(&op, NULL, &years), 0);
    assert_int_equal(years.first_year, 2004);
    assert_int_equal(years.last_year, 2028);
    assert_true(years.years[2027 - 2004].loaded);
    assert_string_equal(years.years[2027 - 2004].source_name, "notice.tsv");
    assert_false(years.years[2026 - 2004].loaded);
    assert_int_equal(years.years[2026 - 2004].workdays, 6);
    /* replacing 2027: Monday 01-04 off too; before and after in the audit log */
    assert_int_equal(load(&op, 2027, HEADER FIXED("2027") "2027-01-04\tholiday\tNewYear\n", false, &out), 0);
    assert_true(out.replaced);
    assert_true(out.replaced_loaded);
    assert_string_equal(fmt(ask_add(&op, "2026-12-28", 5).due), "2027-01-06");
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM calendar_days WHERE year = 2027"), 6);
    yw_rows entries;
    yw_audit_filter f = {"calendar_year", "2027", 0, 10};
    assert_int_equal(yw_audit_list(&op, &f, &entries), 0);
    assert_int_equal(entries.nrows, 2);
    assert_string_equal(yw_rows_get(&entries, 0, 4), "calendar.load");
    assert_non_null(strstr(yw_rows_get(&entries, 0, 7), "\"2027-02-20\""));  /* before */
    assert_non_null(strstr(yw_rows_get(&entries, 0, 8), "\"2027-01-04\""));  /* after */
    assert_null(strstr(yw_rows_get(&entries, 0, 8), "\"2027-02-20\""));
    assert_null(yw_rows_get(&entries, 1, 7)); /* the first load replaced nothing */
    /* replacing a built-in year: the audit log keeps the built-in arrangement as before */
    assert_int_equal(load(&op, 2026, HEADER FIXED("2026"), false, &out), 0);
    assert_true(out.replaced);
    assert_false(out.replaced_loaded);
    yw_audit_filter f26 = {"calendar_year", "2026", 0, 10};
    assert_int_equal(yw_audit_list(&op, &f26, &entries), 0);
    assert_non_null(strstr(yw_rows_get(&entries, 0, 7), "\"source\":\"built-in\""));
    assert_non_null(strstr(yw_rows_get(&entries, 0, 7), "SpringFestival"));
    yw_calendar_year_out y;
    assert_int_equal(yw_calendar_year(&op, &(yw_calendar_year_in){2026}, &y), 0);
    assert_true(y.info.loaded);
    assert_int_equal(y.arrangement.nrows, 5);
    assert_int_equal(yw_calendar_year(&op, &(yw_calendar_year_in){2029}, &y), -1);
    assert_int_equal(err.code, YW_ERR_NOT_FOUND);
    yw_arena_reset(&a);

    /* another store in the same process has its own calendar: nothing loaded there */
    yw_store *other = test_store(*state);
    yw_op op2 = yw_op_make(other, &a, &yw_actor_system, &err);
    assert_true(ask_add(&op2, "2026-12-28", 5).basis.provisional);
    assert_false(ask_add(&op, "2026-12-28", 5).basis.provisional);
    /* a load through the other connection (another server) counts at the next question here */
    yw_store *again;
    assert_int_equal(yw_store_open(test_db_url, &again, &err), 0);
    yw_op op3 = yw_op_make(again, &a, &yw_actor_system, &err);
    assert_int_equal(load(&op3, 2027, file_2027, false, &out), 0);
    assert_false(ask_add(&op2, "2026-12-28", 5).basis.provisional);
    assert_string_equal(fmt(ask_add(&op2, "2026-12-28", 5).due), "2027-01-05");
    yw_store_close(again);
    yw_store_close(other);
    yw_arena_reset(&a);
    yw_store_close(s);
}

int main(void) {
    test_init_sodium();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(spring_festival),
        cmocka_unit_test(national_day),
        cmocka_unit_test(ordinary_days_and_backwards),
        cmocka_unit_test(new_year_2006),
        cmocka_unit_test(the_file),
        cmocka_unit_test(cross_year_rows),
        cmocka_unit_test(provisional_past_the_end),
        cmocka_unit_test(loading),
        cmocka_unit_test(year_accepted),
        cmocka_unit_test(year_refused),
        cmocka_unit_test(loaded_years_make_it_official),
        cmocka_unit_test(ledger_overdue_past_the_end),
        cmocka_unit_test_prestate(store_loading, "sqlite"),
        cmocka_unit_test_prestate(store_loading, "postgres"),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
