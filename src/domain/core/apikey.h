/* API keys: how machine clients (an Open311 client, a department's own system) call the routes
 * that authenticate by key rather than by a person's session. An administrator makes a key with
 * a name, the scopes it may use and its rate (requests a minute); its secret — "ywk_" and 43
 * characters of base64url over 32 random bytes — is shown once, when it is made, and the store
 * keeps only its SHA-256, so a copy of the database opens nothing. Each use is counted in the
 * store, per key and minute, so that every server on one store shares the key's limit. A revoked
 * key stays listed (who revoked it, when) and answers 401 from then on. */
#ifndef YW_APIKEY_H
#define YW_APIKEY_H

#include <stdbool.h>
#include <stdint.h>

#include "op.h"

#define YW_APIKEY_NAME_MAX 100
#define YW_APIKEY_SCOPES_MAX 8
#define YW_APIKEY_RATE_MIN 1
#define YW_APIKEY_RATE_MAX 100000
#define YW_APIKEY_RATE_DEFAULT 60
/* "ywk_" + 43 characters + NUL */
#define YW_APIKEY_SECRET_SIZE 48

/* The scopes a key may hold, NULL-terminated: each names the routes a table of the HTTP layer
 * guards with it (src/http/routes.h). open311: the Open311 GeoReport v2 endpoints. */
extern const char *const yw_apikey_scopes[];

typedef struct {
    const char *name;           /* 1–YW_APIKEY_NAME_MAX bytes, no control characters */
    const char *const *scopes;  /* NULL-terminated, each one of yw_apikey_scopes; may be NULL (none) */
    int64_t rate_per_minute;    /* YW_APIKEY_RATE_MIN..MAX */
} yw_apikey_new;

typedef struct {
    const char *id, *name;
    const char **scopes; /* NULL-terminated, sorted */
    int64_t rate_per_minute;
    const char *created_at, *created_by; /* created_by: the administrator's account id, or "system" */
    const char *revoked_at, *revoked_by; /* NULL while the key is live */
} yw_apikey;

/* Makes a key (administrators only), audited without its secret. *out gets the key (arena
 * memory) and secret its secret, to be shown once and never again. A bad name, scope or rate is
 * YW_ERR_INVALID naming the field (name, scopes, rate_per_minute). */
int yw_apikey_create(yw_op *op, const yw_apikey_new *in, yw_apikey *out, char secret[YW_APIKEY_SECRET_SIZE]);
/* Every key, live and revoked, newest first (administrators only); arena memory. */
int yw_apikey_list(yw_op *op, yw_apikey **out, int *count);
/* Revokes a live key (administrators only), audited; *out (may be NULL) gets it as it is now.
 * An unknown id is YW_ERR_NOT_FOUND, a revoked key YW_ERR_CONFLICT. */
int yw_apikey_revoke(yw_op *op, const char *id, yw_apikey *out);

/* One request made with secret to a route that needs `scope`: must run inside a write
 * transaction (it counts the request). Fills *actor (arena memory: kind "apikey", the key's id
 * as account_id, its name as login and name, no roles) and returns 0; or fails with
 * YW_ERR_UNAUTHENTICATED (unknown or revoked key), YW_ERR_FORBIDDEN (the key lacks the scope)
 * or YW_ERR_RATE_LIMITED, with *retry_after the seconds until the next minute, when the key
 * has made its rate of requests this minute (a refused request is not counted). */
int yw_apikey_use(yw_op *op, const char *secret, const char *scope, yw_actor *actor, int64_t *retry_after);

#endif
