/* The demo city: Qingdao's municipal departments as the seed documents name them, and one demo
 * account for every role, so that a new user can log in and look around. */
#ifndef YW_DEMO_H
#define YW_DEMO_H

#include <stdbool.h>

#include "op.h"

#define YW_DEMO_PASSWORD "yiwang2026"

typedef struct {
    int departments, accounts;
    bool already_loaded;
} yw_demo_report;

/* Loads the demo city (the system actor or an admin); a store that has it already is left as it
 * is (report->already_loaded). Every demo account gets the password whose Argon2id hash is
 * password_hash (of YW_DEMO_PASSWORD), hashed once by the caller before the transaction. */
int yw_demo_load(yw_op *op, const char *password_hash, yw_demo_report *report);

/* The demo accounts, for printing: login, role, name. NULL-terminated by login. */
typedef struct {
    const char *login, *role, *name;
} yw_demo_account;
const yw_demo_account *yw_demo_accounts(void);

#endif
