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
#include "../domain/core/op.h"
#include "../store/store.h"

typedef enum {
    YW_FIELD_STRING,
    YW_FIELD_INT,
    YW_FIELD_BOOL,
    YW_FIELD_STRING_ARRAY,
    YW_FIELD_OBJECT_ARRAY,
    YW_FIELD_OBJECT,
    YW_FIELD_RAW,
} yw_field_type;

/* Flags of a declared string field. */
enum {
    YW_TEXT_MULTILINE = 1 << 0, /* may hold line breaks and tabs (other control characters never) */
    YW_TEXT_BLANK_OK = 1 << 1,  /* may be empty or only spaces */
    YW_OBJECT_ANY = 1 << 2,     /* an object: its values any JSON, which the domain checks (a rule) */
    YW_BASE64_FILES = 1 << 3,   /* objects carrying files in base64, each at most .min bytes decoded:
                                 * the route's body limit grows by what they may take (YW_FILES) */
};


/* One declared field of a JSON body or a query string, with its limits. A body or a query
 * string may hold only declared fields; each is checked before the handler runs:
 *  - strings: at most `max` bytes, valid UTF-8 (jansson checks), no NUL and no control
 *    characters (line breaks only with YW_TEXT_MULTILINE), not blank when required (unless
 *    YW_TEXT_BLANK_OK); with `one_of`, one of those values;
 *  - integers: from `min` to `max` inclusive, checked on the 64-bit value before any narrowing;
 *  - booleans: true/false (in a query string: true, false, 1 or 0);
 *  - string arrays: at most `max` elements, each a string of at most 200 bytes as above;
 *  - object arrays: at most `max` elements, each an object holding only `members`;
 *  - objects (YW_FIELD_OBJECT): an object of arbitrary keys (answers, a form) with at most `max`
 *    members, each key at most YW_OBJECT_KEY_MAX bytes without control characters, each value
 *    a string (at most YW_OBJECT_VALUE_MAX bytes, as a string field), a number or a boolean —
 *    or, with YW_OBJECT_ANY, any JSON values (a rule the domain compiles and checks).
 * Query strings take strings, integers and booleans only.
 *
 * A route that takes a file instead of JSON declares its body as one YW_FIELD_RAW entry
 * (YW_RAW): the body is the file's bytes, its Content-Type one of `one_of` (415 otherwise), at
 * most `max` bytes (413 otherwise; other routes take at most the server's --max-body), not empty;
 * the handler finds it in c->raw_body, c->raw_len and c->raw_type. */
typedef struct yw_field_spec {
    const char *name;
    yw_field_type type;
    bool required;
    int64_t min, max;
    const char *const *one_of;            /* NULL-terminated allowed values, or NULL */
    const struct yw_field_spec *members;  /* object arrays: {NULL}-terminated */
    unsigned flags;
} yw_field_spec;

/* Shorthands for route tables. */
#define YW_STR(n, req, maxlen) {.name = (n), .type = YW_FIELD_STRING, .required = (req), .max = (maxlen)}
#define YW_TEXT(n, req, maxlen)                                                                                   \
    {.name = (n), .type = YW_FIELD_STRING, .required = (req), .max = (maxlen), .flags = YW_TEXT_MULTILINE}
#define YW_ENUM(n, req, values) {.name = (n), .type = YW_FIELD_STRING, .required = (req), .max = 64, .one_of = (values)}
#define YW_INT(n, req, lo, hi) {.name = (n), .type = YW_FIELD_INT, .required = (req), .min = (lo), .max = (hi)}
#define YW_BOOL(n, req) {.name = (n), .type = YW_FIELD_BOOL, .required = (req)}
#define YW_STRS(n, req, count) {.name = (n), .type = YW_FIELD_STRING_ARRAY, .required = (req), .max = (count)}
#define YW_OBJS(n, req, count, m)                                                                                 \
    {.name = (n), .type = YW_FIELD_OBJECT_ARRAY, .required = (req), .max = (count), .members = (m)}
#define YW_OBJ(n, req, count) {.name = (n), .type = YW_FIELD_OBJECT, .required = (req), .max = (count)}
/* An array of objects that carry files in base64 (evidence), at most `count`, each file at most
 * `file_max` bytes: the route takes --max-body plus what the files may take as base64. */
#define YW_FILES(n, req, count, m, file_max)                                                                      \
    {.name = (n), .type = YW_FIELD_OBJECT_ARRAY, .required = (req), .max = (count), .members = (m),                 \
     .min = (file_max), .flags = YW_BASE64_FILES}
#define YW_OBJECT_KEY_MAX 64
#define YW_OBJECT_VALUE_MAX 2000
#define YW_JSON_OBJ(n, req, count)                                                                                \
    {.name = (n), .type = YW_FIELD_OBJECT, .required = (req), .max = (count), .flags = YW_OBJECT_ANY}
#define YW_RAW(types, maxbytes)                                                                                 \
    {.name = "file", .type = YW_FIELD_RAW, .required = true, .max = (maxbytes), .one_of = (types)}
#define YW_END {.name = NULL}

typedef struct yw_http_ctx yw_http_ctx;
/* A handler: records its response (yw_http_reply…) and returns 0, or returns -1 with err
 * filled, and the router answers with the error. err is c->op.err. */
typedef int (*yw_handler)(yw_http_ctx *c, yw_err *err);

typedef enum { YW_AUTH_PUBLIC, YW_AUTH_LOGIN } yw_auth;

/* How the router runs a route's handler:
 *  - YW_READ: on the worker's event loop, on one read snapshot of the worker's connection —
 *    for reads whose cost does not grow with the store (one object, a page of a list);
 *  - YW_SCAN: a read that grows with the store (a match preview over the whole registry, the
 *    figures, a monthly dispatch): on an offload thread, on one read snapshot of that thread's
 *    own connection, so that no event loop waits for it and no write queues behind it (a
 *    POST that only reads, such as the preview, is a YW_SCAN too, never a write);
 *  - YW_WRITE: on the writer thread, inside its own savepoint of the batch transaction that
 *    group commit shares among concurrent writes; the response goes out after the commit.
 *    A failing handler rolls back its own savepoint only. */
typedef enum { YW_READ, YW_WRITE, YW_SCAN } yw_mode;

typedef struct {
    const char *method;         /* "GET", "POST", "PATCH", "DELETE" */
    const char *pattern;        /* "/api/v1/accounts/:id": a ":" segment is a parameter */
    yw_handler handler;
    yw_auth auth;               /* YW_AUTH_LOGIN: 401 before the handler when nobody is logged in */
    yw_mode mode;
    const yw_field_spec *body;  /* {NULL}-terminated; NULL when the route takes no body */
    const yw_field_spec *query; /* {NULL}-terminated; NULL when it takes no query string */
    /* Slow work before the transaction (hashing a password), on an offload thread, with the
     * validated body; may fill c->prepared. NULL for none. Write routes only. */
    yw_handler prepare;
} yw_route;

/* ---- route tables: a prefix, and how its routes read bodies, answer and know their callers ----
 *
 * Every route belongs to a table (routes.h lists them), and the table declares, once for all
 * its routes:
 *  - its prefix ("/api/"): every pattern begins with it, and a path under no table's prefix is
 *    a static file;
 *  - its dialect, how answers and errors are written: yiwang's JSON (errors
 *    {"error":{"code","reason","message","field"}}) or Open311 GeoReport v2's, JSON or XML by
 *    the path's extension (".json", ".xml"; errors [{"code":422,"description":"…"}] or
 *    <errors><error><code>422</code><description>…</description></error></errors>);
 *  - how bodies are read: JSON, or form-encoded (application/x-www-form-urlencoded), checked
 *    against the same field declarations (a route that takes a file declares YW_RAW in either);
 *  - how callers authenticate: by session (the cookie or "Authorization: Bearer"), or by API
 *    key (the header X-Api-Key, holding the table's scope; cookies are never read there). A
 *    route's YW_AUTH_LOGIN then means "a caller of that kind".
 * A form-encoded table authenticates by API key and every route of it that takes a body is
 * YW_AUTH_LOGIN: a cross-site form can post form-encoded bodies with the victim's cookies, never
 * with a header (yw_router_check refuses any other table, and the server does not start). */
typedef enum {
    YW_DIALECT_YIWANG,
    YW_DIALECT_OPEN311,
} yw_dialect;
typedef enum { YW_BODIES_JSON, YW_BODIES_FORM } yw_bodies;
typedef enum { YW_CALLERS_SESSION, YW_CALLERS_APIKEY } yw_callers;

typedef struct {
    const char *prefix; /* begins and ends with "/" */
    yw_dialect dialect;
    yw_bodies bodies;
    yw_callers callers;
    const char *scope; /* API-key tables: the scope a key must hold (domain/core/apikey.h) */
    const yw_route *routes;
} yw_route_table;

#define YW_MAX_PATH_PARAMS 4
#define YW_MAX_RESPONSE_HEADERS 6

struct yw_http_ctx {
    yw_op op;              /* store, arena, actor, now and err for the domain */
    yw_arena *arena;       /* = op.arena */
    const yw_actor *actor; /* = op.actor: NULL when nobody is logged in */
    const char *token;     /* the session token the request carried, or NULL */
    json_t *body;          /* the validated body object (owned by the router), or NULL */
    json_t *query;         /* the validated query string as an object of typed values, or NULL */
    const char *params[YW_MAX_PATH_PARAMS];
    int nparams;
    const char *client_address;
    const char *host; /* the request's Host (or :authority), when it is a plain host[:port]; else NULL */
    bool tls;
    bool english; /* the request asked for English (Accept-Language); else Simplified Chinese */
    const char *idempotency_key; /* the Idempotency-Key header of a write, or NULL */
    char request_hash[65];       /* with a key: hex SHA-256 of the method, path and body */
    void *prepared; /* what the route's prepare step made (arena memory) */
    /* a YW_RAW body: its bytes (a copy in the arena), their length, and the declared media type
     * (its literal from the route's declaration, parameters dropped) */
    const unsigned char *raw_body;
    size_t raw_len;
    const char *raw_type;
    const char *uploads_dir; /* serve --uploads-dir, or NULL: uploaded files are kept in the store */
    const yw_route_table *table; /* the table of the request's path (NULL for /healthz) */
    bool xml;                    /* an Open311 path ending in ".xml": answers and errors in XML */
    const char *apikey;          /* the X-Api-Key header in an API-key table, or NULL */
    /* the response, recorded by the handler and sent by the router after the commit */
    int status;
    const char *content_type;
    yw_buf response;
    struct {
        const char *name, *value;
    } headers[YW_MAX_RESPONSE_HEADERS];
    int nheaders;
    /* every problem of a refused input at once (一次性告知), answered as "errors" beside "error"
     * in yiwang's dialect: set by a handler before it returns -1 (arena memory); none when 0 */
    const yw_err *problems;
    int nproblems;
    /* a continuation (yw_http_then) */
    void (*then_work)(void *arg);
    yw_handler then_handler;
    void *then_arg;
};

/* Responses, recorded in c and sent after the transaction. The buffer must live in the
 * request arena. */
int yw_http_reply(yw_http_ctx *c, int status, const char *content_type, const yw_buf *body, yw_err *err);
/* Starts a JSON response body in the arena: use the writer, then yw_http_reply_json. */
void yw_http_json_begin(yw_http_ctx *c, yw_buf *b, yw_jw *w);
int yw_http_reply_json(yw_http_ctx *c, int status, const yw_buf *b, yw_err *err);
/* Adds a response header; name and value must live in the arena or be literals. */
void yw_http_set_header(yw_http_ctx *c, const char *name, const char *value);
/* Records the error in the table's dialect with the status of err->code: the shape of DESIGN.md,
 * or Open311's in JSON or XML (the message, in the request's language, as its description). */
void yw_http_reply_error(yw_http_ctx *c, const yw_err *err);
/* An Open311 answer: text/xml when c->xml, else JSON, both in UTF-8. */
int yw_http_reply_open311(yw_http_ctx *c, int status, const yw_buf *b, yw_err *err);
/* Appends s to b as XML character data: & < > " ' escaped; control characters XML 1.0 cannot
 * carry are dropped. */
void yw_xml_text(yw_buf *b, const char *s);

/* A write in two transactions with slow work between them, none of it on an event loop: after
 * this handler's transaction commits, `work(arg)` runs on an offload thread (touching nothing
 * but arg and the arena's memory it points to), then `next` runs as a write of its own with
 * the same context and records the response. The handler records no response itself. */
void yw_http_then(yw_http_ctx *c, void (*work)(void *arg), void *arg, yw_handler next);

/* Request reading, after validation: types and ranges are right. NULL / def when absent. */
const char *yw_query_str(yw_http_ctx *c, const char *name);
int64_t yw_query_int(yw_http_ctx *c, const char *name, int64_t def);
bool yw_query_bool(yw_http_ctx *c, const char *name, bool def);
const char *yw_body_str(yw_http_ctx *c, const char *name);
int64_t yw_body_int(yw_http_ctx *c, const char *name, int64_t def);
bool yw_body_bool(yw_http_ctx *c, const char *name, bool def);
/* A NULL-terminated arena array of the strings of an array field, or NULL when absent. */
const char **yw_body_str_array(yw_http_ctx *c, const char *name);

/* Parses a JSON body and checks it against spec: 0, or -1 with YW_ERR_BAD_REQUEST (malformed:
 * names line and column) or YW_ERR_INVALID (naming the field; a JSON pointer inside object
 * arrays). *out is owned by the caller (json_decref). Also the entry point of the body fuzz
 * target. */
int yw_http_parse_body(const char *data, size_t len, const yw_field_spec *spec, json_t **out, yw_err *err);
/* Parses a query string (the part after '?', may be NULL) against spec into an object of typed
 * values (*out owned by the caller, NULL when spec is NULL and the query is empty): unknown
 * parameters, repeated ones, bad integers, booleans and values are YW_ERR_INVALID naming the
 * parameter. Fuzzed with the bodies. */
int yw_http_parse_query(const char *q, size_t len, const yw_field_spec *spec, json_t **out, yw_err *err);
/* 0 when content_type is application/json (parameters such as charset=utf-8 allowed);
 * YW_ERR_UNSUPPORTED_MEDIA otherwise. */
int yw_http_check_json_type(const char *content_type, size_t len, yw_err *err);
/* Parses a form-encoded body (application/x-www-form-urlencoded) against spec, exactly as a
 * JSON body's fields are checked: an undeclared field (YW_E_FIELD_UNKNOWN), a repeated one, a
 * value not of its type (integers in range, booleans true/false/1/0), strings as in JSON — each
 * YW_ERR_INVALID naming the field; a malformed %-escape YW_ERR_BAD_REQUEST. An empty value is
 * an absent field, as Open311 asks. Form bodies carry strings, integers and booleans only.
 * *out (owned by the caller) is an object of typed values, as yw_http_parse_body gives. */
int yw_http_parse_form(const char *data, size_t len, const yw_field_spec *spec, json_t **out, yw_err *err);
/* 0 when content_type is application/x-www-form-urlencoded; YW_ERR_UNSUPPORTED_MEDIA otherwise. */
int yw_http_check_form_type(const char *content_type, size_t len, yw_err *err);

/* The largest body any route takes: the server's --max-body (def) or a YW_RAW route's limit. */
size_t yw_router_max_body(size_t def);
/* The body limit of one route: its YW_RAW declaration's, else def (the server's --max-body) and
 * what its YW_FILES fields may carry as base64. */
size_t yw_route_max_body(const yw_route *route, size_t def);
/* The declared body is a file (YW_RAW) rather than JSON. */
bool yw_route_takes_file(const yw_route *route);
/* 0 with *type the matching literal of the route's YW_RAW media types (content_type compared
 * without parameters, case-insensitively); YW_ERR_UNSUPPORTED_MEDIA naming them otherwise. */
int yw_http_check_file_type(const yw_route *route, const char *content_type, size_t len, const char **type,
                            yw_err *err);

/* The route tables of each api_*.c, each {NULL}-terminated, listed once in routes.h. */
#define YW_API_TABLE(name) extern const yw_route yw_api_##name##_routes[];
#define YW_ROUTE_TABLE(name, prefix, dialect, bodies, callers, scope) extern const yw_route yw_api_##name##_routes[];
#include "routes.h"
#undef YW_API_TABLE
#undef YW_ROUTE_TABLE

/* The table whose prefix path begins with, or NULL: the path is a static file. */
const yw_route_table *yw_router_table(const char *path, size_t path_len);
/* Whether the table answers this path in XML (an Open311 path ending in ".xml"). */
bool yw_router_xml(const yw_route_table *table, const char *path, size_t path_len);
/* Matches method and path against the tables of table's prefix; fills params in c. Returns the
 * route, or NULL (*path_known tells whether some route had the path, for 405 against 404). */
const yw_route *yw_router_match(const yw_route_table *table, const char *method, size_t method_len, const char *path,
                                size_t path_len, yw_http_ctx *c, bool *path_known);
/* Checks every table against the rules above (prefixes, patterns under them, form tables by API
 * key only, known scopes, Open311 patterns ending in .json or .xml, form fields scalar); -1
 * with err naming the first table or route that breaks one. The server does not start then. */
int yw_router_check(yw_err *err);
/* Whether the route tables only tests use (api_test.c) are compiled in (cmake -DYW_TEST_ROUTES=ON,
 * the default of the sanitizer build). */
bool yw_router_test_routes(void);

#endif
