/* The policy library (惠企政策库) and its grants (兑现): which enterprises a benefit is for, how
 * much each gets, and the path of each grant from matching to payment. docs/policies.md states
 * the rules for users; README.md the invariants.
 *
 * A policy (policy.c) has a code, a title, the department that issues it, the document it rests
 * on, a period (valid_from … valid_to), a mode — auto (免申即享: matching creates the grants) or
 * apply (申报: the enterprise applies, the department decides) — an eligibility rule and an
 * amount rule (JsonLogic over the entity's record, below; the amount in fen), a budget, a cap per
 * entity, a recurrence (once, or yearly: one grant per calendar year) and an exclusivity group
 * (at most one policy of a group is enjoyed by one entity: no double enjoyment). Both rules are
 * compiled when the policy is saved; a bad one is refused naming its node
 * (/eligibility/and/1), so matching never meets a rule it cannot run. Officers of the issuing
 * department and admins write; anyone reads active policies.
 *
 * Matching (match.c) evaluates every active policy (status active, today within its period)
 * against entity records, whole registry or one entity: an auto policy's match is a pending
 * grant, unique per (policy, entity, period), so a second run creates nothing; an apply
 * policy's match is a row of policy_eligibility.
 *
 * Grants (grant.c) move
 *     pending (auto) ─┐
 *     applied (apply) ┴─ approve ─→ approved ─ pay ─→ paid
 *                      └ reject ──→ rejected
 * approved, rejected and paid by officers of the policy's department (and admins). Approval
 * takes the amount from the budget with one conditional UPDATE and is refused when the rest of
 * the budget is smaller, and when the entity has an approved or paid grant of another policy of
 * the same exclusivity group. Each step is an audit entry in the caller's transaction.
 *
 * A rule reads an entity's record as the registry gives it (yw_entity_record, entity.h). */
#ifndef YW_POLICY_H
#define YW_POLICY_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "../../base/buf.h"
#include "../../base/enum.h"
#include "../../rules/rules.h"
#include "../core/event.h"
#include "../core/op.h"
#include "../entity/entity.h"

/* Limits, used by the routes' declarations and the domain's own checks. */
#define YW_POLICY_CODE_MAX 40        /* bytes: letters, digits, - and _ */
#define YW_POLICY_TITLE_MAX 200
#define YW_POLICY_BASIS_MAX 500
#define YW_POLICY_SUMMARY_MAX 2000
#define YW_POLICY_GROUP_MAX 64
#define YW_POLICY_RULE_MEMBERS 16    /* members of a rule object in a body */
#define YW_POLICY_AMOUNT_MAX YW_ENTITY_AMOUNT_MAX
#define YW_POLICY_YUAN_MAX 24        /* bytes of an amount written in yuan ("1000000.00") */
#define YW_POLICY_LIST_MAX 500
#define YW_GRANT_REASON_MAX 500
#define YW_MATCH_BATCH_ROWS 5000     /* entities per transaction of a matching run */

typedef enum { YW_POLICY_AUTO, YW_POLICY_APPLY } yw_policy_mode;
typedef enum { YW_RECUR_ONCE, YW_RECUR_YEARLY } yw_policy_recurrence;
typedef enum { YW_POLICY_ACTIVE, YW_POLICY_CLOSED } yw_policy_status;
typedef enum { YW_GRANT_PENDING, YW_GRANT_APPLIED, YW_GRANT_APPROVED, YW_GRANT_PAID, YW_GRANT_REJECTED } yw_grant_state;

/* auto, apply; once, yearly; active, closed; pending … rejected — and the texts NULL-terminated
 * for route declarations. */
extern const yw_enum_text yw_policy_modes[], yw_policy_recurrences[], yw_policy_statuses[], yw_grant_states[];
extern const char *const yw_policy_mode_texts[], *const yw_policy_recurrence_texts[],
    *const yw_policy_status_texts[], *const yw_grant_state_texts[];

typedef struct {
    const char *code, *title;
    const char *department_code; /* QD-GXJ …: given on save, filled on read */
    const char *department_id, *department_name; /* filled on read */
    const char *basis, *summary;
    const char *valid_from, *valid_to; /* YYYY-MM-DD, both included */
    yw_policy_mode mode;
    const char *eligibility, *amount; /* JsonLogic as JSON text */
    int64_t budget_fen, spent_fen, cap_fen; /* cap 0: no cap but the budget; spent: on read */
    yw_policy_recurrence recurrence;
    const char *exclusive_group; /* NULL or "": none */
    yw_policy_status status;
    const char *created_at, *updated_at;
} yw_policy;

/* What a save may do: create a new policy (a taken code is YW_E_POLICY_EXISTS, 409: POST never
 * replaces one) or change an existing one whole (an unknown code is YW_E_POLICY_NOT_FOUND, 404:
 * PUT never creates one). */
typedef enum { YW_POLICY_CREATE, YW_POLICY_CHANGE } yw_policy_save_mode;

/* Creates the policy in->code or replaces it whole, as `mode` says (*created tells which; may be
 * NULL). The actor: an admin, or an officer of in's department (and, on a change, of the stored
 * one's). Each field checked, both rules compiled (a rule's own reason, the field the JSON
 * pointer of its bad node under /eligibility or /amount); a budget below what is spent is
 * refused. Audited. A refused save changes nothing. */
int yw_policy_save(yw_op *op, const yw_policy *in, yw_policy_save_mode mode, yw_policy *out, bool *created);
/* One policy: an active one for anyone, a closed one for staff. */
int yw_policy_get(yw_op *op, const char *code, yw_policy *out);

typedef struct {
    const char *department; /* a department's code, or NULL */
    bool include_closed;    /* staff only */
    int limit, offset;
} yw_policy_query;
/* Policies by code, and how many match in all. */
int yw_policy_list(yw_op *op, const yw_policy_query *q, yw_policy **out, int *n, int64_t *total);

/* ---- matching (match.c) ---- */

/* The active policies of the operation's day with their rules compiled, in op->arena. */
typedef struct yw_policy_matcher yw_policy_matcher;
int yw_policy_matcher_load(yw_op *op, yw_policy_matcher **out);
int yw_policy_matcher_count(const yw_policy_matcher *m);

typedef struct {
    int64_t entities, policies;
    int64_t matches;        /* (entity, policy) pairs whose eligibility rule held */
    int64_t grants_created; /* pending grants of auto policies created now */
    int64_t eligible;       /* pairs of apply policies recorded */
    int64_t rule_errors;    /* pairs whose rule failed at run time, or whose amount rule gave no number ≥ 0: nothing made */
    int64_t stale_removed;  /* eligibility rows a full run did not renew */
    int64_t messages;       /* benefit messages sent to enterprises' inboxes (站内信) */
} yw_match_report;

/* Evaluates every policy of m against rows (read from the registry), creating grants and
 * eligibility rows in the caller's transaction; adds to *r. One audit entry for the batch when
 * it created anything. Staff and the system actor. */
int yw_policy_match_batch(yw_op *op, const yw_policy_matcher *m, const yw_entity *rows, int n, yw_match_report *r);
/* Matching for one entity, for code that changes an entity: as a batch of one, and its
 * eligibility rows of policies it no longer meets removed. */
int yw_policy_match_entity(yw_op *op, const char *uscc, yw_match_report *r);
/* The subscriber of entity.changed (domain/events/): every change of the registry matches the
 * entities it changed, in its own transaction — a registration, a change, a lifecycle step, the
 * import's added and changed rows — once the process has asked for it at its start
 * (yw_policy_watch_registry): `yiwang serve` and `yiwang entity` do; `yiwang demo` does not
 * (its registry is matched by `yiwang match`). */
int yw_policy_on_entities_changed(yw_op *op, yw_event *ev);
void yw_policy_watch_registry(bool on);

/* The whole registry, for `yiwang match` and the tests: like a command, this opens its own
 * transactions. The entities are read through a cursor on `reader` (a second connection to the
 * same store) in batches of YW_MATCH_BATCH_ROWS, each matched in one transaction of its own on
 * op->store (yw_op_write), memory reset between batches; at the end the eligibility rows the run
 * did not renew are removed. progress (may be NULL) after each batch. */
typedef void (*yw_match_progress)(const yw_match_report *r, void *arg);
int yw_policy_match_registry(yw_store *reader, yw_op *op, yw_match_progress progress, void *arg,
                             yw_match_report *r);

/* ---- the match preview (preview.c) ---- */

#define YW_PREVIEW_SAMPLE 10 /* entities shown of those a preview matches */
typedef struct {
    const char *uscc, *name;
} yw_preview_entity;
typedef struct {
    int64_t matches;     /* live entities whose record the rule holds for today */
    int64_t entities;    /* live entities looked at (not being deregistered, nor gone) */
    int64_t rule_errors; /* records on which the rule failed at run time */
    yw_preview_entity sample[YW_PREVIEW_SAMPLE]; /* the first matches by USCC */
    int nsample;
} yw_policy_preview_result;
/* How many registry entities the eligibility rule `eligibility` (JSON text) matches today, for
 * the policy editor. Officers and admins. A rule that does not compile is refused as on save,
 * the field the pointer of its bad node under /eligibility. Writes nothing. One function, so
 * that the way it counts (a scan now) can change behind it. */
int yw_policy_preview(yw_op *op, const char *eligibility, yw_policy_preview_result *out);

/* ---- grants (grant.c) ---- */

typedef struct {
    const char *id, *policy_code, *policy_title, *uscc, *entity_name, *period;
    int64_t amount_fen;
    yw_grant_state state;
    const char *reason, *created_at, *decided_at, *decided_by, *paid_at, *updated_at;
    const char *voucher;                 /* once paid: BF20261207000042 (yw_grant_pay) */
    const char *bank_name, *bank_account; /* the entity's, whole: for the payment file only */
} yw_grant;

/* pending or applied → approved: an officer of the policy's department or an admin. Refused
 * (nothing written) when the rest of the budget is smaller than the amount (budget_exceeded)
 * or the entity has an approved or paid grant of another policy of its exclusivity group. */
int yw_grant_approve(yw_op *op, const char *id, yw_grant *out);
/* pending or applied → rejected, with a reason. */
int yw_grant_reject(yw_op *op, const char *id, const char *reason, yw_grant *out);
/* approved → paid (the payment went out), with its voucher number (凭证号): BF, the day in
 * Beijing (YYYYMMDD) and a serial of six digits for the day, from a counter row the payment's
 * transaction locks (migration 0039) — unique, readable, never given twice. */
#define YW_VOUCHER_SERIAL_MAX 999999
int yw_grant_pay(yw_op *op, const char *id, yw_grant *out);
/* 申报: the enterprise applies for an apply-mode policy it is eligible for today; a grant in
 * state applied, amount from the amount rule. */
int yw_grant_apply(yw_op *op, const char *policy_code, yw_grant *out);
int yw_grant_get(yw_op *op, const char *id, yw_grant *out);

typedef struct {
    const char *department; /* a department's code, or NULL: see below */
    const char *uscc;       /* one entity's, or NULL */
    const char *policy;     /* a policy's code, or NULL */
    const char *state;      /* a state's text, or NULL */
    int limit, offset;      /* limit 1 … YW_POLICY_LIST_MAX (0: 50) */
} yw_grant_query;
/* Grants by department (of the policy), entity, policy and state, and how many match in all
 * (*total), each with its policy's title and the entity's name. Who sees what:
 *   - an officer: the grants of their own department's policies — `department` defaults to
 *     theirs, another department's code is refused (policy_not_issuer), and an officer with no
 *     department is refused too;
 *   - admins, clerks and supervisors: all grants, narrowed by `department` if given;
 *   - an enterprise account: its own only (another `uscc` is refused: grant_not_yours).
 * An unknown department is policy_department, a bad USCC the USCC's own reason, both naming
 * their field. Order: pending and applied (the approval queue) oldest first, by (created_at,
 * id), which is stable while the queue is decided page by page; other states and no state newest
 * first. Paged by limit and offset; migration 0023 gives the queue its index. */
int yw_grant_list(yw_op *op, const yw_grant_query *q, yw_grant **out, int *n, int64_t *total);

/* The budget of each policy at a glance, for the budgets tab: one row a policy, with what is
 * spent (approved and paid) and what awaits a decision (pending and applied: their sum and
 * count). Scoped like yw_grant_list (an officer: their department's policies; admins and other
 * staff: all, or `department`'s); closed policies included; by code, at most
 * YW_POLICY_LIST_MAX. */
typedef struct {
    const char *code, *title, *department_code;
    yw_policy_status status;
    int64_t budget_fen, spent_fen, pending_fen, pending_count;
} yw_policy_budget;
int yw_policy_budgets(yw_op *op, const char *department, yw_policy_budget **out, int *n);

/* The payment file (拨付清单) of a policy's grants in `state` — approved (待拨付: what is to be paid)
 * or paid (已拨付: what was, each with its voucher number) — as CSV (UTF-8 with a BOM, for
 * spreadsheets): grant, uscc, name, period, amount in fen and in yuan, the entity's bank and
 * account (whole: the treasury pays to it), voucher, the days approved and paid (Beijing). Its
 * department's officers and admins; *count the rows. Another state is refused naming `state`. */
int yw_policy_payments_csv(yw_op *op, const char *code, yw_grant_state state, yw_buf *out, int *count);
/* The same payment file as an xlsx workbook for the finance office (payments_xlsx.c): one sheet
 * 拨付清单, a title row, a header row in Chinese (序号, 企业名称, 统一社会信用代码, 开户银行,
 * 银行账号, 金额（元）, 凭证号, 政策名称, 批准日期, 拨付日期, 兑现编号), a row per grant (amounts as
 * numbers with two decimals, accounts as text) and a 合计 row. The workbook's bytes in op->arena. */
int yw_policy_payments_xlsx(yw_op *op, const char *code, yw_grant_state state, char **data, size_t *len, int *count);

/* ---- the enterprise's view (match.c) ---- */

/* A step of an explanation (yw_rule_step) with its values as compact JSON texts, which outlive
 * the record they were computed from. */
typedef struct {
    const char *pointer, *op;
    int depth;
    const char *value;       /* JSON */
    const char *const *args; /* a comparison's operands, JSON each; NULL otherwise */
    size_t nargs;
} yw_benefit_step;

typedef struct {
    yw_policy policy;
    int64_t amount_fen;       /* what the amount rule gives now (capped) */
    const char *period;
    const yw_grant *grant;    /* its grant of this period, or NULL */
    yw_benefit_step *steps;   /* why: yw_rule_explain of the eligibility rule */
    int nsteps;
} yw_benefit;

typedef struct {
    yw_entity entity;
    yw_benefit *eligible;
    int neligible;
    yw_benefit *unmet; /* the active policies it does not meet today, each with why not (amount_fen 0) */
    int nunmet;
    yw_grant *grants; /* all its grants, newest first */
    int ngrants;
} yw_benefits;
/* An enterprise account's own benefits: the active policies it meets today, each with its
 * explanation, those it does not meet with the explanation of why not, and its grants. */
int yw_policy_benefits(yw_op *op, yw_benefits *out);

/* ---- the inbox (message.c) ----
 * 站内信: matching tells an enterprise of each benefit it can have (an auto policy's pending
 * grant, an apply policy it may apply for), once per policy and period; each decision on one
 * of its grants (approved, rejected, paid) is a message too. */

#define YW_POLICY_MESSAGE_LIST_MAX 200

typedef struct {
    const char *id, *kind; /* benefit, decision */
    const char *policy_code, *grant_id, *title, *body, *created_at, *read_at;
} yw_policy_message;

/* The enterprise account's messages, newest first, at most limit (1..YW_POLICY_MESSAGE_LIST_MAX);
 * *unread how many of all its messages are unread. */
int yw_policy_message_list(yw_op *op, int limit, yw_policy_message **out, int *n, int64_t *unread);
/* Marks one of its messages read (again: nothing changes). */
int yw_policy_message_read(yw_op *op, const char *id);

/* ---- the demo (demo.c) ---- */

/* Saves the policies of data/demo-policies.json (built into the binary) that are not there yet;
 * *count the file's, *added those created. The system actor. */
int yw_policy_demo_load(yw_op *op, int *count, int *added);
/* The demo enterprise (the demo's enterprise account) in the registry — a small software
 * company, 高新技术企业 and 专精特新 — and matched, unless it is there already (*added 0). Admins
 * and the system. */
int yw_policy_demo_enterprise(yw_op *op, int *added);

#endif
