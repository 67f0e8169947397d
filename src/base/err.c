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
    snprintf(err->field, sizeof err->field, "%s", field ? field : "");
    return -1;
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
