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

#include "account.h"
#include "op.h"

#define YW_SESSION_TTL_MS ((int64_t)12 * 3600 * 1000)
#define YW_LOGIN_WINDOW_MS ((int64_t)15 * 60 * 1000)
#define YW_LOGIN_MAX 64
/* failures within the window: of one account from one address, from one address, of one
 * account from anywhere */
#define YW_LOGIN_MAX_FAILURES_PER_LOGIN 5
#define YW_LOGIN_MAX_FAILURES_PER_ADDRESS 20
#define YW_LOGIN_MAX_FAILURES_ANYWHERE 100

typedef struct {
    char token[64];      /* base64url of 32 random bytes; shown once, never stored */
    char expires_at[YW_TIMESTAMP_SIZE]; /* ISO 8601 UTC */
    yw_account account;  /* the owner's own, unmasked */
} yw_session;

typedef struct {
    const char *login, *password;
    const char *address; /* the client's address as the server believes it; may be NULL */
    const char *phone;   /* instead of login, with a code: the one enabled account of that phone */
    const char *code;    /* instead of password: a one-time code sent by SMS (yw_login_code_send) */
} yw_login_in;

/* A login in three steps, so that no transaction and no event loop waits for ~0.1 s of
 * Argon2id: begin (a write: checks the limits and counts this attempt as a failure before the
 * password is looked at, finds the account), verify (the password against the hash: CPU only,
 * any thread, no transaction), finish (a write: opens the session and clears the counts, or
 * leaves the failure counted). Wrong login, wrong password and a disabled account all answer
 * YW_ERR_UNAUTHENTICATED with one message; too many failures YW_ERR_RATE_LIMITED. The attempt's
 * strings live in op's arena, which must last until finish.
 *
 * A login by one-time code goes the same way and is counted the same: {login or phone, code}
 * instead of {login, password}; verify compares the code with the newest live code's hash
 * (yw_login_verify_code), finish uses the code up (once: a code used at the same moment by
 * another login fails this one). A wrong, expired or used code, an unknown phone and a phone
 * of several accounts all answer YW_E_LOGIN_CODE_WRONG. A password login to an account opened
 * at the window (no password yet) answers YW_E_LOGIN_WALK_IN, counted like a wrong password. */
typedef struct {
    const char *login, *address, *pair_scope, *login_scope, *address_scope;
    const char *attempt_ids[3];             /* the counted rows: pair, login, address */
    const char *account_id, *password_hash; /* NULL when no account has this login */
    bool disabled;
    bool by_code;                       /* a login by one-time code */
    bool walk_in;                       /* the account has no password yet (password_hash "") */
    const char *code_id, *code_hash;    /* by code: the newest live code, NULL when none */
} yw_login_attempt;

int yw_session_login_begin(yw_op *op, const yw_login_in *in, yw_login_attempt *out);
/* True when password matches password_hash; with a NULL hash it spends the same time and is false. */
bool yw_login_verify(const char *password_hash, const char *password);
/* True when code is the one whose hash code_hash is (kept under the row code_id); false for NULLs. */
bool yw_login_verify_code(const char *code_id, const char *code_hash, const char *code);
int yw_session_login_finish(yw_op *op, const yw_login_attempt *at, bool password_ok, yw_session *out);

/* ---- one-time codes by SMS (logincode.c) ----
 * POST /api/v1/session/code: a six-digit code for the account of a login or of a phone number,
 * sent through the SMS outbox (the event login.code; the message concept queues it, its text
 * never shown in the outbox's list), valid YW_LOGIN_CODE_TTL_MS, used once, kept as a hash. A
 * newer code ends the older ones. The answer is the same whether an account was found or not
 * (none, disabled, without a phone, or a phone of several accounts): nothing is sent then. Asking
 * is limited before anything is looked up, per login or phone (one a minute, YW_LOGIN_CODE_MAX
 * an hour) and per address (YW_LOGIN_CODE_MAX_PER_ADDRESS an hour), with the counters above. */
#define YW_LOGIN_CODE_TTL_MS ((int64_t)5 * 60 * 1000)
#define YW_LOGIN_CODE_RESEND_MS ((int64_t)60 * 1000)
#define YW_LOGIN_CODE_WINDOW_MS ((int64_t)60 * 60 * 1000)
#define YW_LOGIN_CODE_MAX 5
#define YW_LOGIN_CODE_MAX_PER_ADDRESS 20

typedef struct {
    const char *login, *phone; /* one of them */
    const char *address;       /* may be NULL */
} yw_login_code_in;

int yw_login_code_send(yw_op *op, const yw_login_code_in *in);
/* The hex SHA-256 a code is kept as (out: 65 bytes), salted with its row's id. */
void yw_login_code_hash(const char *code_id, const char *code, char out[65]);

/* ---- counted failures, in the store (every server sees them) ----
 * Logins and the public case lookup (case/case.h) count their failures here, per scope: a
 * text that names what is limited ("login:<login>", "addr:<address>", "case-status:<address>").
 * A caller takes the scope's lock (yw_store_lock with the scope as its name) before it counts,
 * so that attempts at once on several servers are counted one after another; then it counts
 * the failures within its window, refuses past its limit, and records this attempt as a failure
 * before it looks at what was given (a right answer forgets it afterwards, by its id). */
/* *count gets the failures of scope since now - window_ms. */
int yw_failures_count(yw_op *op, const char *scope, int64_t window_ms, int64_t *count);
/* Records one failure of scope now, and drops the scope's failures older than the window; *id
 * gets the row's id (arena memory), for yw_failures_forget. */
int yw_failures_record(yw_op *op, const char *scope, int64_t window_ms, const char **id);
/* Forgets one recorded failure (an attempt that proved right); an unknown id is not an error. */
int yw_failures_forget(yw_op *op, const char *id);

/* The actor of a live session's token (arena memory), or YW_ERR_UNAUTHENTICATED. */
int yw_session_resolve(yw_op *op, const char *token, yw_actor *out);
/* Ends the session of token; ending an unknown or ended one is not an error. */
int yw_session_logout(yw_op *op, const char *token);

#endif
