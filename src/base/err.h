/* Errors as data: a machine code, a human message and the field the error is about. The domain
 * fills a yw_err; the HTTP layer turns it into the JSON error and the status in one place
 * (yw_err_http_status). Functions that can fail return 0 on success or -1 with *err filled. */
#ifndef YW_ERR_H
#define YW_ERR_H

typedef enum {
    YW_OK = 0,
    YW_ERR_BAD_REQUEST,     /* malformed input: not JSON, wrong syntax (400) */
    YW_ERR_INVALID,         /* a field is missing, of the wrong type or out of range (422) */
    YW_ERR_UNAUTHENTICATED, /* no or expired session, wrong password (401) */
    YW_ERR_FORBIDDEN,       /* the role may not do this (403) */
    YW_ERR_NOT_FOUND,       /* (404) */
    YW_ERR_METHOD,          /* the path exists, not with this method (405) */
    YW_ERR_CONFLICT,        /* a unique business key is taken, a state forbids it (409) */
    YW_ERR_TOO_LARGE,       /* (413) */
    YW_ERR_RATE_LIMITED,    /* (429) */
    YW_ERR_RANGE,           /* outside what reference data covers, e.g. the calendar (422) */
    YW_ERR_BUSY,            /* the store is busy or a serialization failure: retry (503) */
    YW_ERR_STORE,           /* the store failed (500) */
    YW_ERR_NOMEM,           /* (500) */
    YW_ERR_INTERNAL,        /* (500) */
    YW_ERR_IO,              /* a file could not be read or written (500) */
    YW_ERR_UNSUPPORTED_MEDIA, /* a body of another content type than the route takes (415) */
} yw_err_code;

typedef struct {
    yw_err_code code;
    char message[256];
    char field[64];
} yw_err;

/* Fills err (if not NULL) and returns -1, so that `return yw_err_set(...)` reads naturally.
 * field may be NULL. The message is printf-formatted and truncated to fit. */
int yw_err_set(yw_err *err, yw_err_code code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void yw_err_clear(yw_err *err);
/* The stable machine name of a code, e.g. "invalid", "not_found". */
const char *yw_err_name(yw_err_code code);
int yw_err_http_status(yw_err_code code);

#endif
