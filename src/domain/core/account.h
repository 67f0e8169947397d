/* Accounts: persons (自然人, known by their ID number), enterprises (法人, known by their USCC)
 * and staff (with a department and roles). Persons and enterprises register themselves and hold
 * the applicant role; staff accounts are made by an admin. Passwords are stored as Argon2id
 * hashes. Personal data (ID number, phone) is masked in what these functions return, except
 * for the account's owner, admins, and clerks (who identify applicants at the window). */
#ifndef YW_ACCOUNT_H
#define YW_ACCOUNT_H

#include <stdbool.h>

#include "op.h"

typedef struct {
    const char *kind;            /* "person", "enterprise" or "staff" */
    const char *login;           /* staff: 3–32 of a-z 0-9 . _ -; persons and enterprises log in
                                    with their ID number or USCC, and this must be NULL or equal */
    const char *name;            /* 1–100 bytes */
    const char *id_number;       /* person: GB 11643 */
    const char *uscc;            /* enterprise: GB 32100 */
    const char *phone;           /* optional: 11 digits starting with 1 */
    const char *department_code; /* staff: the department's code */
    unsigned roles;              /* staff: some of clerk, officer, supervisor, admin */
    const char *password_hash;   /* Argon2id of the password (yw_password_hash), made before the
                                    transaction and off the event loop; NULL only for a person a
                                    clerk opens at the window (no password until its owner,
                                    logged in by SMS code, chooses one) */
    const char *legal_representative; /* enterprise: its 法定代表人, 1–50 bytes; optional */
    bool must_change_password;   /* the password was chosen by an administrator */
} yw_account_new;

typedef struct {
    const char *id, *kind, *login, *name, *id_number, *uscc, *phone;
    const char *department_id, *department_code, *department_name;
    unsigned roles;
    bool disabled;
    const char *created_at;
    const char *legal_representative; /* enterprises, or NULL */
    bool password_set;         /* false: opened at the window, no password yet */
    bool must_change_password; /* asked to choose a password of their own (set by an administrator) */
} yw_account;

#define YW_PASSWORD_MIN 8
#define YW_PASSWORD_MAX 128
#define YW_ACCOUNT_LIST_MAX 500

/* 0 when password is 8 to 128 bytes; YW_ERR_INVALID naming "password" otherwise. Checked
 * before it is hashed. */
int yw_account_password_check(const char *password, yw_err *err);

/* Creates an account. Nobody logged in (op->actor NULL) is self-registration (persons and
 * enterprises only); staff accounts need an admin. A taken login, ID number or USCC is
 * YW_ERR_CONFLICT naming the field. Audited. *out (may be NULL) is filled with arena memory,
 * masked for the actor.
 * Without a password_hash (NULL) it is a walk-in account (到窗口办事的人): only a clerk makes one,
 * for a person or an enterprise, with a mobile phone; its password_hash is stored as the empty
 * string, which no password matches, so the account cannot log in by password until its owner
 * claims it by a one-time code sent to that phone and sets one. Its conflict names id_number or
 * uscc; its audit entry (account.create, by the clerk) carries walk_in and the clerk's window
 * (their department's name). */
int yw_account_create(yw_op *op, const yw_account_new *in, yw_account *out);
/* One account: its owner, admins, clerks (persons and enterprises), supervisors (all, masked). */
int yw_account_get(yw_op *op, const char *id, yw_account *out);

typedef struct {
    const char *kind; /* person, enterprise, staff, or NULL for all */
    int limit, offset;
    const char *q;          /* or NULL: a part of the name, the start of the login, the end of
                               the ID number or USCC */
    const char *department; /* or NULL: a department's code, name or alias */
} yw_account_filter;
#define YW_ACCOUNT_QUERY_MAX 64
/* Accounts by login, `limit` from `offset`: admins see all, clerks persons and enterprises,
 * supervisors all masked. *out is an arena array of *count; *total (may be NULL) gets how many
 * match the filter in all. */
int yw_account_list(yw_op *op, const yw_account_filter *f, yw_account **out, int *count);
int yw_account_count(yw_op *op, const yw_account_filter *f, int64_t *total);
/* Disables or enables an account (admins only; not oneself); disabling ends its sessions. */
int yw_account_set_disabled(yw_op *op, const char *id, bool disabled);
/* Masks out's personal fields unless actor may see them whole. */
void yw_account_mask_for(yw_arena *a, const yw_actor *actor, yw_account *acc);

/* A mobile number: 11 digits starting with 1. */
bool yw_phone_ok(const char *s);

/* ---- kept by administrators; one's own password (account_keep.c) ---- */

/* What an administrator changes of an account: each part only when its flag is set. */
typedef struct {
    bool set_disabled, disabled;
    bool set_roles;
    unsigned roles;              /* staff: some of clerk, officer, supervisor, admin */
    const char *department_code; /* staff: code, name or alias; NULL: unchanged */
    const char *name;            /* NULL: unchanged */
    const char *phone;           /* NULL: unchanged; "" removes it */
} yw_account_change;

/* Changes an account (admins only), audited (account.update, or account.disable / enable when
 * only that changes). Disabling ends the account's sessions; an admin cannot disable themselves;
 * roles and the department are staff's only; a disabled department takes no one; and no change
 * leaves the platform without an enabled administrator (YW_E_ACCOUNT_LAST_ADMIN). */
int yw_account_update(yw_op *op, const char *id, const yw_account_change *in);

/* A new password for an account (admins only): password_hash is its Argon2id, made before the
 * transaction; the account must change it at its next login, and its sessions end. With
 * sms_password set, the password itself goes to the account's phone (the event
 * account.password_reset; YW_E_ACCOUNT_NO_PHONE without one), and is not shown; audited without
 * either. */
int yw_account_reset_password(yw_op *op, const char *id, const char *password_hash, const char *sms_password);

/* One field of a sign-up of `kind` checked as it is typed, with the words yw_account_create would
 * answer: id_number (GB 11643, not registered yet), uscc (GB 32100, not registered yet), phone,
 * name, legal_representative, password. 0, or -1 with *err (YW_ERR_INVALID or YW_ERR_CONFLICT
 * naming the field; anything else is the store's failure). Anyone may ask: it tells what a
 * sign-up would. */
int yw_account_check_field(yw_op *op, const char *kind, const char *field, const char *value, yw_err *err);

/* What the events login.code and account.password_reset carry to the message concept: the
 * account, its phone and the secret to send (a code, a password). */
typedef struct {
    const char *account_id, *phone, *secret;
} yw_account_secret;

/* Changing one's own password, in two writes around the Argon2id check of the current one:
 * begin finds whether the current password is needed — not for an account opened at the window
 * (no password yet) nor one whose password an administrator chose — and, when it is, counts the
 * attempt (5 wrong in 15 minutes lock it, YW_E_PASSWORD_CURRENT_LOCKED); finish sets the new hash
 * (made before the transaction), clears must_change_password and forgets the attempt, or answers
 * YW_E_PASSWORD_CURRENT_WRONG (current_ok false) leaving it counted. Audited. */
typedef struct {
    const char *account_id;
    const char *current_hash; /* the hash to check the current password against; NULL: not needed */
    const char *attempt_id;   /* the counted attempt */
} yw_password_change;
int yw_password_change_begin(yw_op *op, bool current_given, yw_password_change *out);
int yw_password_change_finish(yw_op *op, const yw_password_change *pc, bool current_ok, const char *new_hash);

/* Argon2id password hashing (libsodium's interactive limits), for accounts and the demo. */
int yw_password_hash(const char *password, char out[128], yw_err *err);
bool yw_password_verify(const char *hash, const char *password);

#endif
