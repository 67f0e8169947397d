/* yw_err: filling errors and mapping their codes to names and HTTP statuses. */
#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int yw_err_set(yw_err *err, yw_err_code code, const char *field, const char *fmt, ...) {
    if (!err) return -1;
    err->code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    err->message_en[0] = '\0';
    err->reason = NULL;
    snprintf(err->field, sizeof err->field, "%s", field ? field : "");
    return -1;
}

static const struct {
    yw_err_code code;
    const char *reason, *zh, *en;
} errors[] = {
#define YW_ERROR(id, cls, reason, zh, en) [YW_E_##id] = {cls, reason, zh, en},
#include "errors.def"
#undef YW_ERROR
};

int yw_fail(yw_err *err, yw_error_id id, const char *field, ...) {
    if (!err) return -1;
    if ((unsigned)id >= YW_E_COUNT) id = YW_E_INTERNAL;
    err->code = errors[id].code;
    err->reason = errors[id].reason;
    va_list ap, ap2;
    va_start(ap, field);
    va_copy(ap2, ap);
    /* the formats come from the table, whose two languages take the same arguments (checked by
     * tests/unit/test_base.c) */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    vsnprintf(err->message, sizeof err->message, errors[id].zh, ap);
    vsnprintf(err->message_en, sizeof err->message_en, errors[id].en, ap2);
#pragma GCC diagnostic pop
    va_end(ap2);
    va_end(ap);
    snprintf(err->field, sizeof err->field, "%s", field ? field : "");
    return -1;
}

const char *yw_error_reason(yw_error_id id) { return (unsigned)id < YW_E_COUNT ? errors[id].reason : NULL; }

const char *yw_error_format(yw_error_id id, bool english) {
    if ((unsigned)id >= YW_E_COUNT) return NULL;
    return english ? errors[id].en : errors[id].zh;
}

const char *yw_err_message(const yw_err *err, bool english, char *buf, size_t size) {
    if (err->message_en[0]) return english ? err->message_en : err->message;
    /* "中文 (English)": a message that carries both */
    const char *m = err->message, *open = strstr(m, " (");
    size_t n = strlen(m);
    if (!open || n < 2 || m[n - 1] != ')' || (unsigned char)m[0] < 0x80) return m;
    if (english) {
        snprintf(buf, size, "%.*s", (int)(n - 1 - (size_t)(open + 2 - m)), open + 2);
    } else {
        snprintf(buf, size, "%.*s", (int)(open - m), m);
    }
    return buf;
}

void yw_err_clear(yw_err *err) {
    if (err) memset(err, 0, sizeof *err);
}

static const struct {
    const char *name;
    int status;
} table[] = {
    [YW_OK] = {"ok", 200},
    [YW_ERR_BAD_REQUEST] = {"bad_request", 400},
    [YW_ERR_INVALID] = {"invalid", 422},
    [YW_ERR_UNAUTHENTICATED] = {"unauthenticated", 401},
    [YW_ERR_FORBIDDEN] = {"forbidden", 403},
    [YW_ERR_NOT_FOUND] = {"not_found", 404},
    [YW_ERR_METHOD] = {"method_not_allowed", 405},
    [YW_ERR_CONFLICT] = {"conflict", 409},
    [YW_ERR_TOO_LARGE] = {"too_large", 413},
    [YW_ERR_RATE_LIMITED] = {"rate_limited", 429},
    [YW_ERR_RANGE] = {"out_of_range", 422},
    [YW_ERR_BUSY] = {"busy", 503},
    [YW_ERR_STORE] = {"store_error", 500},
    [YW_ERR_NOMEM] = {"no_memory", 500},
    [YW_ERR_INTERNAL] = {"internal", 500},
    [YW_ERR_IO] = {"io_error", 500},
    [YW_ERR_UNSUPPORTED_MEDIA] = {"unsupported_media_type", 415},
};

const char *yw_err_name(yw_err_code code) {
    if ((unsigned)code >= sizeof table / sizeof table[0]) return "internal";
    return table[code].name;
}

int yw_err_http_status(yw_err_code code) {
    if ((unsigned)code >= sizeof table / sizeof table[0]) return 500;
    return table[code].status;
}
