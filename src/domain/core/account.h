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
                                    transaction and off the event loop */
} yw_account_new;

typedef struct {
    const char *id, *kind, *login, *name, *id_number, *uscc, *phone;
    const char *department_id, *department_code, *department_name;
    unsigned roles;
    bool disabled;
    const char *created_at;
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
} yw_account_filter;
/* Accounts by login, `limit` from `offset`: admins see all, clerks persons and enterprises,
 * supervisors all masked. *out is an arena array of *count. */
int yw_account_list(yw_op *op, const yw_account_filter *f, yw_account **out, int *count);
/* Disables or enables an account (admins only; not oneself); disabling ends its sessions. */
int yw_account_set_disabled(yw_op *op, const char *id, bool disabled);
/* Masks out's personal fields unless actor may see them whole. */
void yw_account_mask_for(yw_arena *a, const yw_actor *actor, yw_account *acc);

/* Argon2id password hashing (libsodium's interactive limits), for accounts and the demo. */
int yw_password_hash(const char *password, char out[128], yw_err *err);
bool yw_password_verify(const char *hash, const char *password);

#endif
