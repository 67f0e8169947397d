/* The market-entity registry (市场主体库): every company, individual business, cooperative and
 * branch of the city, known by its USCC, with what registration records about it (name, kind,
 * legal representative, capital, GB/T 4754 industry, GB/T 2260 region, established date) and
 * what the city knows of it (scale, employees, revenue, R&D ratio, labels, credit level).
 *
 * Its lifecycle (lifecycle.c; docs/entities.md states the rules):
 *
 *     register → active ─┬─ dormancy begin ──→ dormant ─┬─ renew (before it lapses) ─→ dormant
 *                        │                     ↑         └─ end ─────────────────────→ active
 *                        ├─ abnormal add ────→ abnormal ── abnormal remove ──────────→ active
 *                        ├─ deregister (普通) ──────────────────────────────────────→ deregistered
 *                        └─ deregister (简易) → deregistering ─┬─ objection upheld ─→ active
 *                                                            └─ complete after notice, none pending
 *                                                                                    → deregistered
 *
 * Every write is checked by role first (officers of the market-regulation department QD-SCJG,
 * admins, the system actor of the command line), keeps the entity's history (entity_changes:
 * field, before, after, at, by) and appends its audit entry in the caller's transaction. A
 * refused transition names the state and what was asked. Bulk loads (the CSV import, the demo
 * registry) write one audit entry per batch, not one per row. */
#ifndef YW_ENTITY_H
#define YW_ENTITY_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../../base/csv.h"
#include "../../base/enum.h"
#include "../../rules/rules.h"
#include "../core/event.h"
#include "../core/op.h"

/* Limits, used by the routes' declarations, the CSV reader and the domain's own checks. */
#define YW_ENTITY_USCC_SIZE 19            /* 18 characters and the NUL */
#define YW_ENTITY_NAME_MAX 200            /* bytes */
#define YW_ENTITY_REP_MAX 100             /* bytes of the legal representative's name */
#define YW_ENTITY_ADDRESS_MAX 300         /* bytes of a dormancy's service address */
#define YW_ENTITY_REASON_MAX 500          /* bytes of a reason (abnormal list, objection) */
#define YW_ENTITY_AMOUNT_MAX 100000000000000000LL /* fen: a thousand trillion yuan */
#define YW_ENTITY_EMPLOYEES_MAX 10000000
#define YW_ENTITY_RD_RATIO_MAX 10000      /* basis points: 100 % */
#define YW_ENTITY_YEAR_MIN 1949           /* established on or after 1949-01-01 */
#define YW_DORMANCY_MAX_YEARS 2           /* each dormancy (歇业) lasts at most this long */
#define YW_DEREG_NOTICE_DAYS 20           /* the public notice of a simple deregistration */
#define YW_ENTITY_LAPSING_MAX_DAYS 366    /* the reminder looks at most this far ahead */
#define YW_ENTITY_LIST_MAX 500
#define YW_ENTITY_QUERY_MAX 100           /* bytes of a search text */
#define YW_ENTITY_BATCH_ROWS 5000         /* rows per transaction of an import or the demo */
#define YW_ENTITY_BANK_MAX 100            /* bytes of a bank's name */
#define YW_ENTITY_ACCOUNT_MIN 8           /* digits of a bank account */
#define YW_ENTITY_ACCOUNT_MAX 32

typedef enum { YW_ENTITY_COMPANY, YW_ENTITY_INDIVIDUAL, YW_ENTITY_COOPERATIVE, YW_ENTITY_BRANCH } yw_entity_kind;
typedef enum { YW_SCALE_MICRO, YW_SCALE_SMALL, YW_SCALE_MEDIUM, YW_SCALE_LARGE } yw_entity_scale;
typedef enum { YW_CREDIT_A, YW_CREDIT_B, YW_CREDIT_C, YW_CREDIT_D } yw_entity_credit;
typedef enum {
    YW_ENTITY_ACTIVE,        /* 存续 */
    YW_ENTITY_DORMANT,       /* 歇业 */
    YW_ENTITY_ABNORMAL,      /* 列入经营异常名录 */
    YW_ENTITY_DEREGISTERING, /* 简易注销公告中 */
    YW_ENTITY_DEREGISTERED,  /* 已注销 */
} yw_entity_status;
typedef enum { YW_DEREG_ORDINARY, YW_DEREG_SIMPLE } yw_dereg_mode;

/* One table each (entity.c): the text of each value, as the store, the CSV and the API spell it
 * (company, individual_business, cooperative, branch; micro … large; A … D; active …
 * deregistered; ordinary, simple), and the same texts NULL-terminated for route declarations. */
extern const yw_enum_text yw_entity_kinds[], yw_entity_scales[], yw_entity_credits[], yw_entity_statuses[],
    yw_dereg_modes[];
extern const char *const yw_entity_kind_texts[], *const yw_entity_status_texts[], *const yw_entity_scale_texts[],
    *const yw_entity_credit_texts[], *const yw_dereg_mode_texts[];

/* The labels (认定标签): one bit each in the entities' `labels` column, defined as data in the
 * store's entity_labels table, which the city extends (yw_entity_label_create); bits are never
 * reused, only added. A file or a query names a label by its code or its Chinese name. The
 * process holds the labels it last read (yw_entity_labels_sync): an immutable list that every
 * thread reads without a lock, replaced whole when the table has changed. Before any store is
 * read it holds the platform's first eight. */
typedef struct {
    int64_t bit;
    const char *code; /* zjtx, hnte, gazelle … */
    const char *name; /* 专精特新中小企业 … */
} yw_entity_label;
#define YW_ENTITY_LABELS_MAX 63
/* The labels as last read, ending with {0, NULL, NULL}; and the mask of all of them. */
const yw_entity_label *yw_entity_labels_current(void);
int64_t yw_entity_labels_mask(void);
/* Reads the table and replaces the process's labels when they changed (one small query): call
 * it before parsing or showing labels in a request or a command. */
int yw_entity_labels_sync(yw_op *op);
/* Administrators: a new label, on the next free bit; code 1–32 of a–z 0–9 _, name 1–32
 * characters without separators; neither taken. Audited; the process's labels follow. */
int yw_entity_label_create(yw_op *op, const char *code, const char *name, yw_entity_label *out);
/* The mask of a list of labels separated by | ; or the full-width ；(codes or names; empty for
 * none); -1 with YW_ERR_INVALID naming field for an unknown one. */
int yw_entity_labels_parse(const char *text, int64_t *mask, const char *field, yw_err *err);
/* The codes of mask joined by |, in arena memory ("" for none); NULL when out of memory. */
char *yw_entity_labels_format(yw_arena *a, int64_t mask);
/* The bit of one label's code or name, or 0. */
int64_t yw_entity_label_bit(const char *code_or_name);

typedef struct {
    /* what registration records, changed by yw_entity_change and the import */
    const char *uscc, *name, *legal_rep, *industry, *region;
    const char *established_on; /* YYYY-MM-DD */
    yw_entity_kind kind;
    int64_t capital_fen;
    /* what the city knows of it */
    yw_entity_scale scale;
    int employees;
    int64_t revenue_fen;
    int rd_ratio_bp;
    int64_t labels;
    yw_entity_credit credit;
    /* where a grant is paid (开户银行, 银行账号): both or neither; the account is digits, shown
     * whole only to those who may (yw_entity_account_masked). In a change or an import both
     * NULL keep what is stored (a file or a body without them); "" clears it. */
    const char *bank_name, *bank_account;
    /* the lifecycle's state, changed only by the lifecycle functions */
    yw_entity_status status;
    const char *dormant_until;   /* while dormant: the day it lapses */
    const char *service_address; /* while dormant: where documents are served */
    const char *abnormal_reason; /* while on the abnormal list */
    const char *notice_until;    /* while deregistering: the last day of the notice */
    const char *deregistered_on;
    const char *created_at, *updated_at;
} yw_entity;

/* Checks the registered fields of e (not its state): a valid USCC, name, kind, legal
 * representative, amounts in range, a known industry and region, an established date from
 * YW_ENTITY_YEAR_MIN to `today` (a day number). YW_ERR_INVALID naming the field. No store. */
int yw_entity_validate(const yw_entity *e, int64_t today, yw_err *err);

/* Registers a new entity (status active) from the registered fields of in. A USCC that is
 * registered already is YW_ERR_CONFLICT. out (may be NULL) receives the record. */
int yw_entity_register(yw_op *op, const yw_entity *in, yw_entity *out);
/* Replaces the registered fields of entity in->uscc with those of in, one history row per field
 * that differs; *changed (may be NULL) receives their number (0: nothing written, no audit
 * entry). Refused once deregistration has started. */
int yw_entity_change(yw_op *op, const yw_entity *in, yw_entity *out, int *changed);
/* One entity: staff, or the enterprise account whose USCC it is. Its bank account is whole for
 * the enterprise itself, admins and the registry's regulators, masked for other staff. */
int yw_entity_get(yw_op *op, const char *uscc, yw_entity *out);
/* A bank account as those who may not see it whole see it: the first four and last four digits,
 * the rest as *, in arena memory ("6222**********0123"); NULL for NULL or out of memory. */
const char *yw_entity_account_masked(yw_arena *a, const char *account);

typedef struct {
    const char *field, *before, *after, *at, *by;
} yw_entity_change_row;
/* The entity's history, newest first, at most limit rows (1..YW_ENTITY_LIST_MAX); as
 * yw_entity_get for who may read it. */
int yw_entity_history(yw_op *op, const char *uscc, int limit, yw_entity_change_row **out, int *n);

typedef struct {
    const char *q;        /* part of the name, or a whole USCC */
    const char *region;   /* a county code; a prefecture (3702xx → 370200) or province code takes all below */
    const char *industry; /* a division or a longer code: every code beginning with it */
    const char *label;    /* a label's code or name */
    const char *status;   /* a status text, or NULL for any */
    int limit, offset;
} yw_entity_query;
/* Staff only. The page of entities by USCC, and how many match in all. */
int yw_entity_search(yw_op *op, const yw_entity_query *q, yw_entity **out, int *n, int64_t *total);

/* ---- the lifecycle (lifecycle.c) ---- */

typedef struct {
    const char *uscc;
    const char *until;           /* YYYY-MM-DD: at most YW_DORMANCY_MAX_YEARS from today */
    const char *service_address; /* required */
} yw_dormancy_in;
/* 歇业: an active entity becomes dormant until in->until. */
int yw_entity_dormancy_begin(yw_op *op, const yw_dormancy_in *in, yw_entity *out);
/* Renews a dormancy that has not lapsed (today <= dormant_until), for at most
 * YW_DORMANCY_MAX_YEARS from today; the service address may change. */
int yw_entity_dormancy_renew(yw_op *op, const yw_dormancy_in *in, yw_entity *out);
/* Ends a dormancy, lapsed or not: the entity is active again. */
int yw_entity_dormancy_end(yw_op *op, const char *uscc, yw_entity *out);
/* The reminder: dormant entities whose dormancy lapses within `days` days of today
 * (0..YW_ENTITY_LAPSING_MAX_DAYS), lapsed ones included, soonest first, at most
 * YW_ENTITY_LIST_MAX. Staff. */
int yw_entity_dormancies_lapsing(yw_op *op, int days, yw_entity **out, int *n);

typedef struct {
    const char *uscc;
    yw_dereg_mode mode;
    const char *reason;   /* why: required for 普通注销 (YW_ENTITY_REASON_MAX bytes); kept for 简易 */
    const char *document; /* 普通注销: the SHA-256 of the actor's upload it rests on (清算报告 …) */
    const char *case_id;  /* or the completed case that did it (the registry's subscriber only) */
} yw_dereg_in;
/* 普通注销: an active, dormant or abnormal entity is deregistered at once, with its reason and the
 * document (or case) it rests on, each refused naming its field when missing. 简易注销: an active
 * or dormant one (never one on the abnormal list) goes on a YW_DEREG_NOTICE_DAYS-day public
 * notice, status deregistering, which the public reads (yw_entity_notices) and objects to;
 * yw_entity_dereg_complete ends it after the notice. Either way one entity_deregistrations row
 * records it: the reason, the document, the notice's days and the registering office. */
int yw_entity_deregister(yw_op *op, const yw_dereg_in *in, yw_entity *out);
/* The regulator records an objection received otherwise (on paper) during the notice: the simple
 * deregistration stops and the entity is as before (active, or dormant); objections filed online
 * and still pending are closed with it. */
int yw_entity_dereg_object(yw_op *op, const char *uscc, const char *reason, yw_entity *out);
/* After the notice (today > notice_until) with no objection pending: deregistered. */
int yw_entity_dereg_complete(yw_op *op, const char *uscc, yw_entity *out);
/* What a deregistration's answer says of e as it is after it, honestly: on notice, 「简易注销公告已
 * 发布，公告期至 YYYY-MM-DD（20天）；期满无异议后方可完成注销」 — never 已注销 before it is; once
 * deregistered, 已注销 and the day. In Chinese or English; arena text, NULL when out of memory. */
const char *yw_entity_dereg_words(yw_arena *a, const yw_entity *e, bool english);

/* ---- what a deregistration rests on; the public notices and their objections (objection.c) ---- */

/* The latest deregistration begun of an entity (entity_deregistrations). Texts in op's arena. */
typedef struct {
    const char *id, *mode, *state;    /* ordinary|simple; notice, stopped (an objection upheld), done */
    const char *reason;
    const char *document_sha256, *document_name, *document_type; /* the upload it rests on, or NULL */
    int64_t document_size;
    const char *case_id;              /* or the case that did it */
    const char *office;               /* the registering office's name */
    const char *started_on, *notice_until;
    const char *created_by, *created_at;
} yw_dereg_record;
/* The latest deregistration of uscc into out; *found false when none was recorded (entities
 * deregistered before schema 0038). Whoever may read the entity (yw_entity_get). */
int yw_entity_dereg_latest(yw_op *op, const char *uscc, yw_dereg_record *out, bool *found);

#define YW_NOTICE_LIST_MAX 100
/* One running notice as the public reads it: nothing personal. */
typedef struct {
    const char *uscc, *name, *started_on, *notice_until, *office;
} yw_dereg_notice;
/* Anyone, logged in or not: the simple deregistrations whose notice runs today (deregistering,
 * today <= notice_until), the newest first, a page of limit (1..YW_NOTICE_LIST_MAX) from offset,
 * and how many in all. */
int yw_entity_notices(yw_op *op, int limit, int offset, yw_dereg_notice **out, int *n, int64_t *total);

/* An objection (异议) to a notice. Limits (characters, not bytes, where a person counts them): */
#define YW_OBJECTION_REASON_MIN 10
#define YW_OBJECTION_REASON_MAX 1000
#define YW_OBJECTION_NAME_MAX 50
#define YW_OBJECTION_CONTACT_MAX 100 /* bytes */
/* Objections from one client address within the window; past it 429 (counted in the store with
 * the failure counters of core/session.h, so every server counts alike). */
#define YW_OBJECTION_WINDOW_MS ((int64_t)60 * 60 * 1000)
#define YW_OBJECTION_MAX_PER_ADDRESS 5
#define YW_OBJECTION_RECEIPT_LEN 14 /* YYYYMMDD of the Beijing day and a serial of six digits */

typedef enum { YW_OBJECTION_PENDING, YW_OBJECTION_UPHELD, YW_OBJECTION_DISMISSED, YW_OBJECTION_CLOSED } yw_objection_state;
extern const yw_enum_text yw_objection_states[];

typedef struct {
    const char *id, *receipt, *uscc, *entity_name, *notice_until, *department_id;
    const char *reason, *objector, *contact;
    yw_objection_state state;
    const char *decision_note, *decided_by, *decided_at, *created_at;
} yw_objection;

typedef struct {
    const char *uscc, *reason, *objector, *contact;
    const char *address; /* the client's address, for the limit; may be NULL */
} yw_objection_in;
/* Anyone (no login needed): an objection to uscc's running notice — reason YW_OBJECTION_REASON_MIN
 * to _MAX characters, the objector's name, a mobile number, a landline with its area code or an
 * email — each refused naming its field; an entity not on notice (dereg_not_on_notice) or whose
 * notice is over (dereg_notice_over) refused. Stored pending with a receipt number, audited, and
 * raised as dereg.objection (the regulator's department is told and finds it in its inbox). */
int yw_entity_objection_file(yw_op *op, const yw_objection_in *in, yw_objection *out);
/* The regulators: the objections to uscc's notices, newest first. Arena memory. */
int yw_entity_objections(yw_op *op, const char *uscc, yw_objection **out, int *n);
/* The regulators: one objection. */
int yw_entity_objection_get(yw_op *op, const char *id, yw_objection *out);

typedef struct {
    const char *id;
    bool upheld;        /* 异议成立: the notice stops; 异议不成立: it goes on */
    const char *reason; /* required to dismiss; kept when upholding */
} yw_objection_decision;
/* The regulators decide a pending objection, once: upheld stops the notice as
 * yw_entity_dereg_object does (the entity as before; the notice's other pending objections
 * closed) — also after the notice's last day, for an objection made in time; dismissed keeps it
 * running. Audited. out and entity (may be NULL) receive both as they are now. */
int yw_entity_objection_decide(yw_op *op, const yw_objection_decision *in, yw_objection *out, yw_entity *entity);

/* 经营异常名录: an active entity is put on the list with a reason (never a dormant one). */
int yw_entity_abnormal_add(yw_op *op, const char *uscc, const char *reason, yw_entity *out);
/* Taken off the list (the reason it no longer holds): active again. */
int yw_entity_abnormal_remove(yw_op *op, const char *uscc, const char *reason, yw_entity *out);

/* ---- who is told of a change (core/event.h) ----
 * Every write raises entity.changed with the USCCs it changed (registered, changed, a lifecycle
 * step, the rows a bulk load added or changed; ev->ids), inside its transaction, after the write:
 * a subscriber that fails fails the write. Policy matching is one subscriber; inspections and
 * credit will be others. An objection filed to a notice raises dereg.objection (ev->data: the
 * yw_objection; subject "dereg_objection"). */

/* ---- bulk loads (entity.c, csv.c, demo.c) ---- */

typedef struct {
    int64_t added, changed, unchanged;
} yw_entity_load_report;

/* Saves a batch of validated rows (the caller's transaction: one per batch): a new USCC is
 * registered, a known one compared field by field and changed (with history) only where it
 * differs. Lifecycle state is left alone. Adds to *r; one audit entry for the batch, naming
 * `source` (a file name, "demo"). The system actor and regulators. */
int yw_entity_load_batch(yw_op *op, const yw_entity *rows, int n, const char *source, yw_entity_load_report *r);

/* The CSV file of `yiwang entity import` (docs/entities.md): UTF-8 (a byte-order mark is
 * skipped), a header naming the columns below in any order (case-insensitive; all required, and
 * the optional bank_name and bank_account — both or neither),
 * one entity a row, fields quoted as RFC 4180 allows. Read row by row from memory the caller
 * keeps (the file mapped), so a file of any size and lines of any length are read with memory
 * per batch only. */
#define YW_ENTITY_CSV_HEADER                                                                                  \
    "uscc,name,kind,legal_rep,capital_fen,industry,region,established_on,scale,employees,revenue_fen,"       \
    "rd_ratio_bp,labels,credit"
typedef struct {
    yw_csv csv;        /* the records: csv.line is the line the reader is on */
    int column_of[16]; /* header position of each column of YW_ENTITY_CSV_HEADER, then of
                        * bank_name and bank_account (-1 when the file has none) */
    int ncolumns;      /* of the header */
} yw_entity_csv;
/* Reads the header: -1 with YW_ERR_INVALID (line 1) when it is not one. */
int yw_entity_csv_open(yw_entity_csv *r, const char *data, size_t len, yw_err *err);
/* The next row: 1 with *out filled (texts in a's memory) and *line its first line, or with
 * *error (arena text: which field and why) when it is refused; 0 at the end; -1 when out of
 * memory. Blank rows are skipped. today: a day number, for the established date. */
int yw_entity_csv_next(yw_entity_csv *r, yw_arena *a, int64_t today, yw_entity *out, int64_t *line,
                       const char **error);

/* The synthetic registry of `yiwang demo --entities N`: entity number i (from 0) of the demo
 * city, the same for the same i on every run — a USCC with its check characters computed, a
 * name, and distributions near Qingdao's (most entities micro individual businesses; trade,
 * retail and catering first; its ten districts; labels rare; dates over four decades). Texts
 * in a's memory; -1 when out of memory. */
int yw_entity_demo_row(yw_arena *a, int64_t i, yw_entity *out);

/* The registry's subscriber of case.settled (on_case.c): a completed case of a bundle with a
 * registry action acts on the entity its form names, as the system actor under the registry's
 * rules; a refusal there (no such entity, a state that forbids it) never undoes the completion:
 * ev->answer says what was done or why not. -1 only when the store fails. */
int yw_entity_on_case_settled(yw_op *op, yw_event *ev);

/* ---- the registry as rules see it (columns.c) ---- */

/* The record a rule sees for e on day `today` (a day number): uscc, name, kind, scale,
 * employees, industry (the GB/T 4754 class, "6513"), industry_division ("65"), region
 * ("370202"), labels (an array of the labels' Chinese names, "专精特新中小企业" …), label_codes
 * (their codes, "zjtx" …), capital_fen, revenue_fen, rd_ratio_bp, established ("YYYY-MM-DD"),
 * age_years (whole years since established, on that day), credit ("A" … "D"), status
 * ("active" …). A new reference (json_decref it), NULL when out of memory. */
json_t *yw_entity_record(const yw_entity *e, int64_t today);
/* Whole years since e was established, on day `today`; its industry's division (two digits);
 * its section (门类, "C" for manufacturing; NULL when the industry has none). */
int yw_entity_age_years(const yw_entity *e, int64_t today);
void yw_entity_division(const yw_entity *e, char division[3]);
const char *yw_entity_section(const yw_entity *e);

/* The record's fields as people know them, for the policy editor and the check of a rule's
 * fields (columns.c): each member's name as rules read it, its type, its Chinese and English
 * names, its unit (元 for an amount stored in fen, % for basis points, 人, 年, 级) with the
 * stored value per unit, and the values of an enumeration. One table: the editor's list, the
 * check below and the record above name the same fields. */
typedef enum {
    YW_FIELD_NUMBER, /* compared with numbers */
    YW_FIELD_TEXT,   /* free text (name, uscc, established date) */
    YW_FIELD_CODE,   /* one of a set of codes (kind, scale, credit, status, industry, region) */
    YW_FIELD_LIST,   /* an array of codes (labels): `in` asks whether it holds one */
} yw_entity_field_type;
typedef struct {
    const char *name;
    yw_entity_field_type type;
    const char *zh, *en;
    const char *unit_zh, *unit_en; /* NULL: none */
    int per_unit;                  /* stored value per unit: 100 fen a yuan, 100 bp a percent; else 1 */
    const char *const *values;     /* a short enumeration's codes, NULL-terminated; NULL otherwise */
    bool (*valid)(const char *code); /* a code's check for CODE and LIST fields */
} yw_entity_field;
/* Every field, ending with {NULL}; one field by its name, or NULL. */
const yw_entity_field *yw_entity_fields(void);
const yw_entity_field *yw_entity_field_find(const char *name);

/* Checks that a rule (JSON text, compiled already) reads only fields the record has, and
 * compares each with a value of its type where that can be told from the rule alone (a number
 * for a number, a known code for a code, a known label in a list): `var`, `val` and `missing`
 * outside an iteration's own scope. A refusal (YW_ERR_INVALID: rule_field_unknown,
 * rule_field_type, rule_field_value) names in err->field `prefix` and the JSON pointer of the
 * node at fault inside the rule (/eligibility/and/1/>=/0). No store. */
int yw_entity_rule_check(const char *rule, const char *prefix, yw_err *err);


/* The members of the records of many entities, as columns for the batch matcher: only those
 * that some rule of rules[0..nrules) reads (yw_rule_reads), up to capacity entities, ages on day
 * `today`. Arena memory; yw_entity_table_release before the arena goes. */
typedef struct yw_entity_table yw_entity_table;
int yw_entity_table_new(yw_arena *a, const yw_rule *const *rules, int nrules, size_t capacity, int64_t today,
                        yw_entity_table **out, yw_err *err);
/* Adds e's record as the next row (rule_table_full past the capacity). */
int yw_entity_table_add(yw_entity_table *pt, const yw_entity *e, yw_err *err);
const yw_rule_table *yw_entity_table_rules(const yw_entity_table *pt);
void yw_entity_table_release(yw_entity_table *pt);

#endif
