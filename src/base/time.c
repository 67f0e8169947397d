/* Calendar arithmetic (Howard Hinnant's days-from-civil algorithms) and clock readings. */
#include "time.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

int64_t yw_days_from_civil(int y, int m, int d) {
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void yw_civil_from_days(int64_t z, int *y, int *m, int *d) {
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

int yw_weekday(int64_t days) {
    /* 1970-01-01 was a Thursday (3 when Monday is 0) */
    int64_t w = (days + 3) % 7;
    return (int)(w < 0 ? w + 7 : w);
}

bool yw_date_valid(int y, int m, int d) {
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1) return false;
    int max = mdays[m - 1];
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) max = 29;
    return d <= max;
}

static int digits(const char *s, int n) {
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int yw_date_parse(const char *s, int64_t *days, const char *field, yw_err *err) {
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return yw_fail(err, YW_E_DATE_FORMAT, field, field ? field : "date");
    int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
    if (y < 1000 || m < 0 || d < 0 || !yw_date_valid(y, m, d))
        return yw_fail(err, YW_E_DATE_INVALID, field, field ? field : "date", s);
    *days = yw_days_from_civil(y, m, d);
    return 0;
}

void yw_date_format(int64_t days, char out[YW_DATE_SIZE]) {
    int y, m, d;
    yw_civil_from_days(days, &y, &m, &d);
    char tmp[48];
    snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y % 10000, m, d);
    memcpy(out, tmp, 10);
    out[10] = '\0';
}

int64_t yw_wall_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* How far the platform's clock is from the wall clock: 0 but for `serve --clock`. Written once
 * before the server's threads start and only read after, so a plain variable is enough; it is
 * process-wide on purpose, so that requests, the writer thread, jobs, ids and sessions all
 * read one clock. */
static int64_t clock_offset_ms;

int64_t yw_now_ms(void) { return yw_wall_ms() + clock_offset_ms; }

void yw_clock_start_at(int64_t ms) { clock_offset_ms = ms - yw_wall_ms(); }

int yw_clock_parse(const char *s, int64_t *ms, const char *field, yw_err *err) {
    /* "YYYY-MM-DDTHH:MM": the date as yw_date_parse reads it, then the hour and the minute */
    char date[YW_DATE_SIZE];
    int64_t days;
    if (strlen(s) != 16 || s[10] != 'T' || s[13] != ':') goto bad;
    memcpy(date, s, 10);
    date[10] = '\0';
    if (yw_date_parse(date, &days, field, err) < 0) goto bad;
    int hour = digits(s + 11, 2), minute = digits(s + 14, 2);
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59) goto bad;
    /* Asia/Shanghai is UTC+8 all year */
    *ms = ((days * 24 + hour - 8) * 60 + minute) * 60000;
    return 0;
bad:
    return yw_fail(err, YW_E_DATE_INVALID, field, field ? field : "time", s);
}

int64_t yw_mono_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void yw_timestamp_format(int64_t ms, char out[YW_TIMESTAMP_SIZE]) {
    int64_t secs = ms / 1000, days = secs / 86400, rem = secs % 86400;
    int y, m, d;
    yw_civil_from_days(days, &y, &m, &d);
    char tmp[80];
    snprintf(tmp, sizeof tmp, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", y % 10000, m, d, (int)(rem / 3600),
             (int)(rem / 60 % 60), (int)(rem % 60), (int)(ms % 1000));
    memcpy(out, tmp, 24);
    out[24] = '\0';
}

int64_t yw_today_shanghai(void) {
    return (yw_now_ms() / 1000 + 8 * 3600) / 86400;
}
