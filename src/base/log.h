/* Logging to standard error, one line per call written with one write(2), so lines of
 * different worker threads never interleave. */
#ifndef YW_LOG_H
#define YW_LOG_H

typedef enum { YW_LOG_DEBUG, YW_LOG_INFO, YW_LOG_WARN, YW_LOG_ERROR } yw_log_level;

void yw_log_set_level(yw_log_level level);
void yw_log(yw_log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Appends one log line to buf instead of writing it, for a writer that batches (the server's
 * access log collects a loop iteration's lines and writes them with one write(2)). */
void yw_log_append(void *buf, yw_log_level level, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Appends only the line's start, "<timestamp> <level> ", for a caller that writes the rest
 * itself and ends it with '\n' (the access log, on the hot path, formats without printf). */
void yw_log_prefix(void *buf, yw_log_level level);
/* Writes buf's lines to standard error and empties it. */
void yw_log_flush(void *buf);

#define yw_info(...) yw_log(YW_LOG_INFO, __VA_ARGS__)
#define yw_warn(...) yw_log(YW_LOG_WARN, __VA_ARGS__)
#define yw_error(...) yw_log(YW_LOG_ERROR, __VA_ARGS__)

#endif
