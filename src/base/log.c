/* The logger: a timestamp, a level and the message, on one line. */
#include "log.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

#include "buf.h"
#include "time.h"

static atomic_int min_level = YW_LOG_INFO;

void yw_log_set_level(yw_log_level level) { atomic_store(&min_level, (int)level); }

void yw_log(yw_log_level level, const char *fmt, ...) {
    if ((int)level < atomic_load(&min_level)) return;
    static const char *names[] = {"debug", "info", "warn", "error"};
    char line[2048];
    char ts[YW_TIMESTAMP_SIZE];
    yw_timestamp_format(yw_wall_ms(), ts);
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

void yw_log_prefix(void *vbuf, yw_log_level level) {
    static const char *names[] = {"debug ", "info ", "warn ", "error "};
    /* the timestamp's text is remade once a millisecond per thread, not once a line */
    static _Thread_local int64_t last_ms = -1;
    static _Thread_local char ts[YW_TIMESTAMP_SIZE + 1]; /* and a space */
    int64_t now = yw_wall_ms();
    if (now != last_ms) {
        yw_timestamp_format(now, ts);
        ts[24] = ' ';
        ts[25] = '\0';
        last_ms = now;
    }
    yw_buf_append(vbuf, ts, 25);
    yw_buf_puts(vbuf, names[level]);
}

void yw_log_append(void *vbuf, yw_log_level level, const char *fmt, ...) {
    if ((int)level < atomic_load(&min_level)) return;
    yw_buf *buf = vbuf;
    yw_log_prefix(buf, level);
    if (!yw_buf_reserve(buf, 1100)) return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf->data + buf->len, 1024, fmt, ap);
    va_end(ap);
    if (n > 0) buf->len += (size_t)n < 1024 ? (size_t)n : 1023;
    buf->data[buf->len++] = '\n';
    buf->data[buf->len] = '\0';
}

void yw_log_flush(void *vbuf) {
    yw_buf *buf = vbuf;
    size_t off = 0;
    while (off < buf->len) {
        ssize_t w = write(STDERR_FILENO, buf->data + off, buf->len - off);
        if (w <= 0) break;
        off += (size_t)w;
    }
    buf->len = 0;
    buf->failed = false;
    if (buf->data) buf->data[0] = '\0';
}
