/* Logging to standard error, one line per call written with one write(2), so lines of
 * different worker threads never interleave. */
#ifndef YW_LOG_H
#define YW_LOG_H

typedef enum { YW_LOG_DEBUG, YW_LOG_INFO, YW_LOG_WARN, YW_LOG_ERROR } yw_log_level;

void yw_log_set_level(yw_log_level level);
void yw_log(yw_log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define yw_info(...) yw_log(YW_LOG_INFO, __VA_ARGS__)
#define yw_warn(...) yw_log(YW_LOG_WARN, __VA_ARGS__)
#define yw_error(...) yw_log(YW_LOG_ERROR, __VA_ARGS__)

#endif
