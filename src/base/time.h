/* Dates and clocks. A calendar date is a day number: days since 1970-01-01 (proleptic
 * Gregorian), so that date arithmetic is integer arithmetic. Dates cross the API as ISO 8601
 * "YYYY-MM-DD"; timestamps are stored as ISO 8601 UTC with milliseconds ("...T..:..:..mmmZ"). */
#ifndef YW_TIME_H
#define YW_TIME_H

#include <stdbool.h>
#include <stdint.h>

#include "err.h"

int64_t yw_days_from_civil(int y, int m, int d);
void yw_civil_from_days(int64_t days, int *y, int *m, int *d);
/* 0 = Monday … 6 = Sunday */
int yw_weekday(int64_t days);
bool yw_date_valid(int y, int m, int d);
/* Parses exactly "YYYY-MM-DD" (years 1000–9999) into a day number. On failure fills err with
 * YW_ERR_INVALID naming `field` and the expected form. */
int yw_date_parse(const char *s, int64_t *days, const char *field, yw_err *err);
/* Writes "YYYY-MM-DD" and a NUL into out. */
/* The sizes of a date and a timestamp as text, with the NUL. */
#define YW_DATE_SIZE 11      /* "YYYY-MM-DD" */
#define YW_TIMESTAMP_SIZE 25 /* "YYYY-MM-DDTHH:MM:SS.mmmZ" */
void yw_date_format(int64_t days, char out[YW_DATE_SIZE]);
/* Milliseconds since the epoch: the platform's clock, which every deadline, timestamp and id
 * reads. It is the wall clock unless yw_clock_start_at moved it. */
int64_t yw_now_ms(void);
/* Milliseconds since the epoch, the machine's wall clock whatever the platform's clock says
 * (for log lines, which operators compare with the rest of the machine). */
int64_t yw_wall_ms(void);
/* Moves the platform's clock so that it reads `ms` now and runs on in real time from there: for
 * training and tests only (yiwang serve --clock). Call once, before any thread starts. */
void yw_clock_start_at(int64_t ms);
/* Parses "YYYY-MM-DDTHH:MM", a civil time in Asia/Shanghai, into milliseconds since the epoch.
 * On failure fills err (YW_E_DATE_INVALID) naming `field`. */
int yw_clock_parse(const char *s, int64_t *ms, const char *field, yw_err *err);
/* Microseconds from a monotonic clock, for measuring durations. */
int64_t yw_mono_us(void);
/* Writes the UTC timestamp of ms as "YYYY-MM-DDTHH:MM:SS.mmmZ" (24 chars + NUL). */
void yw_timestamp_format(int64_t ms, char out[YW_TIMESTAMP_SIZE]);
/* Today's date in Asia/Shanghai (UTC+8, no daylight saving), the city's civil date. */
int64_t yw_today_shanghai(void);

#endif
