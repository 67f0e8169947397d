/* Errors as data: a class (which gives the HTTP status), a stable specific reason from one
 * table (errors.def), a message in Simplified Chinese and in English, and the field the error
 * is about. The domain fills a yw_err with yw_fail; the HTTP layer turns it into the JSON error
 * and the status in one place (yw_err_http_status) in the language the request asked for.
 * Functions that can fail return 0 on success or -1 with *err filled. */
#ifndef YW_ERR_H
#define YW_ERR_H

#include <stdbool.h>
#include <stddef.h>

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

/* The specific errors, one table for the whole platform (errors.def): YW_E_<ID>. */
typedef enum {
#define YW_ERROR(id, cls, reason, zh, en) YW_E_##id,
#include "errors.def"
#undef YW_ERROR
    YW_E_COUNT
} yw_error_id;

typedef struct {
    yw_err_code code;
    const char *reason;  /* the stable specific code ("percent_range"), NULL when set by yw_err_set */
    char message[256];   /* zh-CN */
    char message_en[256]; /* English; empty when the message serves both */
    char field[64];      /* the input the user sees: a name, or a JSON pointer inside arrays */
} yw_err;

/* Fills err (if not NULL) from the table entry id, formatting its Chinese and its English
 * message with the same arguments; returns -1, so that `return yw_fail(...)` reads naturally.
 * field may be NULL. */
int yw_fail(yw_err *err, yw_error_id id, const char *field, ...);
/* Fills err (if not NULL) with a message of its own, not from the table: for messages that
 * carry both languages already ("中文 (English)") and for internal errors. Returns -1. */
int yw_err_set(yw_err *err, yw_err_code code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The message in English when english is set, else in Chinese. A message set as
 * "中文 (English)" is split into its two halves. */
const char *yw_err_message(const yw_err *err, bool english, char *buf, size_t size);
/* The table entry's reason, class and formats, for tests and the docs. */
const char *yw_error_reason(yw_error_id id);
const char *yw_error_format(yw_error_id id, bool english);
void yw_err_clear(yw_err *err);
/* The stable machine name of a code, e.g. "invalid", "not_found". */
const char *yw_err_name(yw_err_code code);
int yw_err_http_status(yw_err_code code);

#endif
