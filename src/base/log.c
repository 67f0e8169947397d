/* The logger: a timestamp, a level and the message, on one line. */
#include "log.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

#include "time.h"

static atomic_int min_level = YW_LOG_INFO;

void yw_log_set_level(yw_log_level level) { atomic_store(&min_level, (int)level); }

void yw_log(yw_log_level level, const char *fmt, ...) {
    if ((int)level < atomic_load(&min_level)) return;
    static const char *names[] = {"debug", "info", "warn", "error"};
    char line[2048];
    char ts[25];
    yw_timestamp_format(yw_now_ms(), ts);
    int n = snprintf(line, sizeof line, "%s %s ", ts, names[level]);
    va_list ap;
    va_start(ap, fmt);
    int m = vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
    va_end(ap);
    size_t len = (size_t)n + (m < 0 ? 0 : (size_t)m);
    if (len > sizeof line - 2) len = sizeof line - 2;
    line[len++] = '\n';
    ssize_t w = write(STDERR_FILENO, line, len);
    (void)w;
}
