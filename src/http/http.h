/* The HTTP layer's shared types: the per-request context a handler gets, the route table's
 * entries with their declared body fields, and the helpers that read a request and write a
 * response. Handlers parse and validate input into plain structs, call the domain, and render
 * the result with the streaming JSON writer; they never see SQL and never free memory (the
 * request arena goes with the request). */
#ifndef YW_HTTP_H
#define YW_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/err.h"
#include "../base/json_writer.h"
#include "../domain/actor.h"
#include "../store/store.h"

typedef enum { YW_FIELD_STRING, YW_FIELD_INT, YW_FIELD_BOOL, YW_FIELD_STRING_ARRAY, YW_FIELD_OBJECT_ARRAY } yw_field_type;

/* One declared field of a JSON body. A body may hold only declared fields; each is checked for
 * presence, type and size before the handler runs. */
typedef struct {
    const char *name;
    yw_field_type type;
    bool required;
    size_t max; /* strings: most bytes; arrays: most elements (strings in them ≤ 200 bytes; objects are
                   checked by the handler); ints: ignored */
} yw_field_spec;

typedef struct yw_http_ctx yw_http_ctx;
/* A handler: sends its response and returns 0, or returns -1 with err filled, and the router
 * sends the error. */
typedef int (*yw_handler)(yw_http_ctx *c, yw_err *err);

typedef enum { YW_AUTH_PUBLIC, YW_AUTH_LOGIN } yw_auth;

typedef struct {
    const char *method;        /* "GET", "POST", "PATCH", "DELETE" */
    const char *pattern;       /* "/api/v1/accounts/:id": a ":" segment is a parameter */
    yw_handler handler;
    yw_auth auth;              /* YW_AUTH_LOGIN: 401 before the handler when nobody is logged in */
    const yw_field_spec *body; /* {NULL}-terminated; NULL when the route takes no body */
} yw_route;

#define YW_MAX_PATH_PARAMS 4

struct yw_http_ctx {
    void *req; /* h2o_req_t*, for the helpers in router.c only */
    yw_arena *arena;
    yw_store *store;
    const yw_actor *actor; /* NULL when nobody is logged in */
    const char *token;     /* the session token the request carried, or NULL */
    json_t *body;          /* the validated body object (owned by the router), or NULL */
    const char *params[YW_MAX_PATH_PARAMS];
    int nparams;
    const char *client_address;
    bool tls;
};

/* Responses. The buffer must live in the request arena. */
int yw_http_reply(yw_http_ctx *c, int status, const char *content_type, const yw_buf *body, yw_err *err);
/* Starts a JSON response body in the arena: use the writer, then yw_http_reply_json. */
void yw_http_json_begin(yw_http_ctx *c, yw_buf *b, yw_jw *w);
int yw_http_reply_json(yw_http_ctx *c, int status, const yw_buf *b, yw_err *err);
void yw_http_set_header(yw_http_ctx *c, const char *name, const char *value);
/* Sends the error shape of DESIGN.md with the status of err->code. */
void yw_http_reply_error(yw_http_ctx *c, const yw_err *err);

/* Work too slow for the event loop (Argon2id, ~0.1 s): `work` runs on one of the server's
 * offload threads, then `done` runs back on the request's event loop, with a context like the
 * handler's, and must reply. If the client went away in between, `done` is not called. `arg`
 * is malloc'd by the caller and owned by the server from here on (freed after `done`); `work`
 * must touch nothing but it, since the request's memory may be gone by then. The handler
 * returns 0 after a successful call and replies nothing itself. */
typedef void (*yw_offload_work)(void *arg);
typedef int (*yw_offload_done)(yw_http_ctx *c, void *arg, yw_err *err);
int yw_http_offload(yw_http_ctx *c, yw_offload_work work, yw_offload_done done, void *arg, yw_err *err);

/* Request reading. */
/* The URL-decoded value of a query parameter (arena memory), or NULL when absent. */
const char *yw_http_query(yw_http_ctx *c, const char *name);
/* An integer query parameter within [min, max], def when absent; an error naming it otherwise. */
int yw_http_query_int(yw_http_ctx *c, const char *name, int def, int min, int max, int *out, yw_err *err);
/* Body field access (after validation: types are right). NULL / def when absent or null. */
const char *yw_body_str(yw_http_ctx *c, const char *name);
int64_t yw_body_int(yw_http_ctx *c, const char *name, int64_t def);
bool yw_body_bool(yw_http_ctx *c, const char *name, bool def);
/* A NULL-terminated arena array of the strings of an array field, or NULL when absent. */
const char **yw_body_str_array(yw_http_ctx *c, const char *name);

/* Parses a JSON body and checks it against spec: 0, or -1 with YW_ERR_BAD_REQUEST (malformed:
 * names line and column) or YW_ERR_INVALID (naming the field). *out is owned by the caller
 * (json_decref). Also the entry point of the body fuzz target. */
int yw_http_parse_body(const char *data, size_t len, const yw_field_spec *spec, json_t **out, yw_err *err);

/* The route tables of each api_*.c, each {NULL}-terminated. */
extern const yw_route yw_api_session_routes[];
extern const yw_route yw_api_account_routes[];
extern const yw_route yw_api_department_routes[];
extern const yw_route yw_api_reference_routes[];
extern const yw_route yw_api_audit_routes[];
extern const yw_route yw_api_ledger_routes[];

/* Matches method and path against every table; fills params in c. Returns the route, or NULL
 * (*path_known tells whether some route had the path, for 405 against 404). */
const yw_route *yw_router_match(const char *method, size_t method_len, const char *path, size_t path_len,
                                yw_http_ctx *c, bool *path_known);

#endif
