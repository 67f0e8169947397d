/* The demo city: Qingdao's municipal departments as the seed documents name them, and one demo
 * account for every role, so that a new user can log in and look around. */
#ifndef YW_DEMO_H
#define YW_DEMO_H

#include <stdbool.h>

#include "../store/store.h"

#define YW_DEMO_PASSWORD "yiwang2026"

typedef struct {
    int departments, accounts;
    bool already_loaded;
} yw_demo_report;

/* Loads the demo city in one transaction; a store that has it already is left as it is
 * (report->already_loaded). */
int yw_demo_load(yw_store *s, yw_demo_report *report, yw_err *err);

/* The demo accounts, for printing: login, role, name. NULL-terminated by login. */
typedef struct {
    const char *login, *role, *name;
} yw_demo_account;
const yw_demo_account *yw_demo_accounts(void);

#endif
