/* What the files of the policy library share and nobody else needs: reading a policy, the
 * permission of its department, and the period a grant of it belongs to. */
#ifndef YW_POLICY_INTERNAL_H
#define YW_POLICY_INTERNAL_H

#include "policy.h"

/* The SELECT list and FROM of a policy with its department, in the order of policy_columns. */
#define POLICY_SELECT                                                                                          \
    "SELECT p.code, p.title, d.code, p.department_id, d.name, p.basis, p.summary, p.valid_from, p.valid_to,"   \
    " p.mode, p.eligibility, p.amount, p.budget_fen, p.spent_fen, p.cap_fen, p.recurrence, p.exclusive_group," \
    " p.status, p.created_at, p.updated_at FROM policies p JOIN departments d ON d.id = p.department_id"
extern const yw_column policy_columns[];
#define POLICY_NCOLUMNS 20

/* The registry's columns a record reads (match.c), for matching and the preview's scan. */
#define MATCH_ENTITY_SELECT                                                                                    \
    "SELECT uscc, name, kind, industry, region, established_on, scale, employees, capital_fen, revenue_fen,"   \
    " rd_ratio_bp, labels, credit, status FROM entities"
#define MATCH_ENTITY_NCOLUMNS 14
extern const yw_column match_entity_columns[];
/* Entities being wound up or gone get no new benefits. */
#define MATCH_ENTITY_LIVE " status NOT IN ('deregistering', 'deregistered')"

/* The policy `code` into out (arena memory): 1 found, 0 not, -1 when the store fails. */
int policy_load(yw_op *op, const char *code, yw_policy *out);
/* 0 when the actor may act for department_id (an admin, the system actor, an officer of that
 * department); YW_E_POLICY_NOT_ISSUER naming what otherwise. */
int policy_may_act(yw_op *op, const char *department_id, const char *what_zh, const char *what_en);
/* The period of a grant of p made on day `today`: "once", or the year ("2026"); arena memory. */
const char *policy_period(yw_arena *a, const yw_policy *p, int64_t today);
/* p is active and today lies in its period. */
bool policy_open(const yw_policy *p, int64_t today);
/* The amount rule's value as fen, capped by p->cap_fen: 0, or -1 when it is not a number ≥ 0. */
int policy_amount(const yw_policy *p, const yw_rule_value *v, int64_t *fen);

/* An entity's age in whole years on day today (0 without a date of establishment), and the
 * two digits of its industry's division ("" without), as the record holds them. */

/* The payment file's rows: the grants of policy `code` in `state` (approved: to be paid; paid:
 * paid, with their vouchers), by USCC and period, each with the entity's bank and account, for
 * its department's officers and admins (arena memory). Another state is refused naming `state`. */
int policy_payable(yw_op *op, const char *code, yw_grant_state state, yw_grant **out, int *n);
/* An amount of fen in yuan with two decimals ("1234.50"), for messages: arena text ("?" when
 * out of memory, which the message then says). */
const char *policy_yuan(yw_arena *a, int64_t fen);
/* The day in Beijing (YYYY-MM-DD) of a stored UTC timestamp, into out; "" for NULL. */
void policy_city_date(const char *timestamp, char out[YW_DATE_SIZE]);
/* The grants of one entity, newest first (arena memory). */
int grant_list_of(yw_op *op, const char *uscc, yw_grant **out, int *n);
/* The registry's record of uscc as matching reads it: 1 found, 0 not, -1 when the store fails. */
int policy_entity_load(yw_op *op, const char *uscc, yw_entity *out);
/* p's rules (compiled now) on e today: 1 eligible with *fen, 0 not with *why (arena text: the
 * first condition that failed, with its operands), -1 with op->err. */
int policy_evaluate(yw_op *op, const yw_policy *p, const yw_entity *e, int64_t *fen, const char **why);
/* The benefit messages of what matching at `stamp` created or renewed (grants of auto
 * policies, eligibility rows of apply ones), for one entity or, uscc NULL, all; those sent
 * before are left alone. Adds the number sent to *sent. */
int message_benefits(yw_op *op, const char *stamp, const char *uscc, int64_t *sent);
/* The message of a decision on g (its new state `state`). */
int message_decision(yw_op *op, const yw_grant *g, const char *state);

#endif
