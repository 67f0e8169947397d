/* Sessions: a login exchanges a password for a random 256-bit token, sent to the browser as an
 * HttpOnly cookie and usable by API clients as a bearer token; the store keeps only the token's
 * SHA-256, so a copy of the database opens no session. Sessions expire after 12 hours.
 * Failed logins are counted in the store (so every server sees them) per login and per client
 * address; past the limit within 15 minutes, logins are refused before the password is
 * checked. */
#ifndef YW_SESSION_H
#define YW_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "../store/store.h"
#include "account.h"
#include "actor.h"

#define YW_SESSION_TTL_MS ((int64_t)12 * 3600 * 1000)
#define YW_LOGIN_WINDOW_MS ((int64_t)15 * 60 * 1000)
#define YW_LOGIN_MAX_FAILURES_PER_LOGIN 5
#define YW_LOGIN_MAX_FAILURES_PER_ADDRESS 20

typedef struct {
    char token[64];      /* base64url of 32 random bytes; shown once, never stored */
    char expires_at[25]; /* ISO 8601 UTC */
    yw_account account;  /* the owner's own, unmasked */
} yw_session;

/* Logs in. Wrong login or password is YW_ERR_UNAUTHENTICATED with the same message for both;
 * too many failures YW_ERR_RATE_LIMITED; a disabled account YW_ERR_FORBIDDEN. address may be
 * NULL. */
int yw_session_login(yw_store *s, yw_arena *a, const char *login, const char *password, const char *address,
                     yw_session *out, yw_err *err);
/* A login in three steps (the attempt's strings live in the arena given to begin, which must
 * last until finish), for a server that must not spend ~0.1 s of Argon2id on its event
 * loop: begin (checks, the failure limits and the account, on the loop), verify (the password
 * against the hash: CPU only, thread-safe, any thread), finish (records a failure or opens the
 * session, on the loop). yw_session_login does all three in a row. */
typedef struct {
    const char *login, *address, *login_scope, *address_scope;
    const char *account_id, *password_hash; /* NULL when no account has this login */
    bool disabled;
} yw_login_attempt;

int yw_session_login_begin(yw_store *s, yw_arena *a, const char *login, const char *password, const char *address,
                           yw_login_attempt *out, yw_err *err);
/* True when password matches password_hash; with a NULL hash it spends the same time and is false. */
bool yw_login_verify(const char *password_hash, const char *password);
int yw_session_login_finish(yw_store *s, yw_arena *a, const yw_login_attempt *at, bool password_ok, yw_session *out,
                            yw_err *err);

/* The actor of a live session's token (arena memory), or YW_ERR_UNAUTHENTICATED. */
int yw_session_resolve(yw_store *s, yw_arena *a, const char *token, yw_actor *out, yw_err *err);
/* Ends the session of token; ending an unknown or ended one is not an error. */
int yw_session_logout(yw_store *s, const char *token, yw_err *err);

#endif
