/* Electronic certificates (电子证照): certificates and licences the city issues once, signed, shown
 * by QR, verified by anyone, suspended and revoked through status lists, and reused instead of
 * proofs (免提交). docs/certificates.md is the operator's and the API's page; README.md here
 * states the invariants.
 *
 * A certificate is a row of `certificates` (migration 0041) and, kept with it as signed, a W3C
 * Verifiable Credential (Data Model 2.0) secured as a compact JWS (VC-JOSE-COSE, typ vc+jwt):
 * the credential itself is the payload. It is issued
 *   - when a case item whose catalog item names the type (`issues`) completes: the subscriber of
 *     case.settled (yw_cert_on_case_settled), in the case's transaction;
 *   - when the registry changes an enterprise that holds a 营业执照: a new version that links the
 *     one it replaces and supersedes it (yw_cert_on_entities_changed); a deregistration revokes
 *     the enterprise's certificates;
 *   - by an officer of the issuing department (yw_cert_issue), or the import (cli/cert.c).
 * Its states: valid → suspended → valid (reinstate); valid or suspended → revoked; valid or
 * suspended → superseded (a new version, a renewal). Revoked and superseded set its bit in the
 * revocation list, suspended its bit in the suspension list (statuslist.h).
 *
 * Signing: the process signs with one key (yw_cert_use_signer), set by `yiwang serve` and the
 * commands before any request; its public half is registered in cert_keys under its RFC 7638
 * thumbprint (the credential's kid), and every key a valid certificate still needs stays in the
 * JWKS, so keys rotate without a certificate ceasing to verify. */
#ifndef YW_CERT_H
#define YW_CERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../../base/buf.h"
#include "../core/event.h"
#include "../core/op.h"
#include "jose.h"

#define YW_CERT_REASON_MAX 500     /* bytes of a reason (suspend, revoke, issue by hand) */
#define YW_CERT_FIELDS_MAX 8192    /* bytes of a certificate's fields as JSON */
#define YW_CERT_LIST_MAX 200       /* rows of one page of a list */
#define YW_CERT_STATUS_SIZE 131072 /* entries of each status list (W3C's minimum) */
#define YW_CERT_STATUS_FILL 98304  /* a list takes new indexes until this many are used (3/4) */
#define YW_CERT_HOLDER_NAME_MAX 200

typedef enum { YW_CERT_VALID, YW_CERT_SUSPENDED, YW_CERT_REVOKED, YW_CERT_SUPERSEDED } yw_cert_state;
extern const yw_enum_text yw_cert_states[];
/* 有效, 已暂停, 已撤销, 已换发 (and English words) */
const char *yw_cert_state_zh(yw_cert_state s);

typedef struct {
    const char *code, *name, *name_en, *department, *department_name, *issuer, *holder;
    int validity_years; /* 0: until revoked */
    const char *fields; /* JSON [{"key","label","label_en"}] */
    const char *number_prefix;
    bool national;      /* held from the national system: imported, never issued here */
} yw_cert_type;

/* Every type, by code (anyone). Arena memory. */
int yw_cert_types(yw_op *op, yw_cert_type **out, int *n);
/* One type by code or by name; YW_E_CERT_TYPE (404) naming field when there is none. */
int yw_cert_type_get(yw_op *op, const char *code_or_name, const char *field, yw_cert_type *out);

typedef struct {
    const char *id, *identifier, *type_code, *type_name, *type_name_en, *number, *serial;
    int version;
    const char *holder_kind, *holder_id, *holder_name, *account_id;
    const char *fields; /* JSON object: the type's fields, by key */
    const char *valid_from, *valid_until; /* ISO 8601 UTC; valid_until NULL: no end */
    yw_cert_state state;
    const char *replaces, *replaced_by; /* ids */
    const char *case_id, *item_code;
    int revocation_list, revocation_index, suspension_list, suspension_index;
    const char *kid, *jws, *issued_at, *issued_by, *reason, *changed_at, *source;
    const char *department, *department_name; /* the type's issuing department */
    /* computed on read from op->now_ms: valid, expired, not_yet_valid, suspended, revoked, superseded */
    const char *status;
} yw_cert;

/* ---- signing ---- */

/* The key this process signs certificates and status lists with (NULL: none; issuing then
 * fails with YW_E_CERT_NO_KEY). Not owned: it must outlive every request. */
void yw_cert_use_signer(const yw_jose_signer *signer);
const yw_jose_signer *yw_cert_signer(void);
/* Registers the signer's public key in cert_keys (nothing when it is there). */
int yw_cert_key_register(yw_op *op, const yw_jose_signer *signer);
/* The JWKS (/.well-known/jwks.json): every key not retired, and every retired key a valid
 * certificate still needs. Writes {"keys":[…]} into out. */
int yw_cert_jwks(yw_op *op, yw_buf *out);
/* Retires a key (admins): it signs nothing new and leaves the JWKS when no valid certificate
 * needs it. YW_E_CERT_KEY_NOT_FOUND (field kid) for a kid never registered,
 * YW_E_CERT_KEY_RETIRED_ALREADY for one retired before. */
int yw_cert_key_retire(yw_op *op, const char *kid);

typedef struct {
    const char *kid, *alg, *created_at, *retired_at; /* retired_at NULL: in use */
    int64_t valid;        /* certificates it signed that are valid or suspended and not expired */
    int64_t signed_total; /* every certificate it signed */
    bool listed;          /* in the JWKS: not retired, or still needed by a valid certificate */
} yw_cert_key;
/* Every key certificates were signed with, oldest first (admins; keys.c). Arena memory. */
int yw_cert_keys(yw_op *op, yw_cert_key **out, int *n);

/* The address certificates and status lists name: the deployment's public address
 * (document_settings.public_url), else `fallback` (the address a request came to), else
 * http://localhost. Arena text without a trailing slash. */
int yw_cert_base_url(yw_op *op, const char *fallback, const char **out);

/* ---- issuing and changing ---- */

typedef struct {
    const char *type;        /* code or name */
    const char *holder_id;   /* USCC (entity types) or ID number (person types) */
    const char *holder_name;
    const char *account_id;  /* the account it is issued to, or NULL */
    const char *fields;      /* JSON object text, or NULL: {} */
    const char *valid_from;  /* YYYY-MM-DD, or NULL: today */
    const char *valid_until; /* YYYY-MM-DD, or NULL: the type's validity */
    const char *case_id, *item_code; /* the case item that issues it, or NULL */
    const char *replaces;    /* id of the version this one replaces (superseded by it), or NULL */
    const char *number;      /* an imported certificate's printed number, or NULL: the next one */
    const char *reason;      /* why (an officer's issue by hand), or NULL */
    const char *base_url;    /* yw_cert_base_url */
    bool imported;
} yw_cert_issue_in;

/* Issues a certificate: officers of the type's department, admins, the system. Checks the
 * holder's number (USCC / ID number), the fields against the type (known keys, text values),
 * the dates; takes the next serial and number, random free indexes in both status lists, signs
 * the credential and writes it, audited (cert.issue). A national type only by import. out
 * receives the row (arena). */
int yw_cert_issue(yw_op *op, const yw_cert_issue_in *in, yw_cert *out);

/* The holder's number checked for a type as yw_cert_issue checks it (officers, admins): a USCC
 * for an entity's type, an ID number for a person's; YW_E_CERT_HOLDER_USCC or _ID naming
 * "holder". For the issue form, as the number is typed. */
int yw_cert_holder_check(yw_op *op, const char *type, const char *holder_id);

typedef struct {
    const char *id;
    const char *reason; /* required: 1..YW_CERT_REASON_MAX bytes */
    const char *base_url;
} yw_cert_act_in;
/* suspend (valid → suspended), reinstate (suspended → valid), revoke (valid, suspended →
 * revoked), renew (a new version from today with the type's validity, the old one superseded):
 * officers of the issuing department, admins. The row is locked first (two servers: one wins,
 * the other 409 naming the state it found). Audited with the reason. */
int yw_cert_suspend(yw_op *op, const yw_cert_act_in *in, yw_cert *out);
int yw_cert_reinstate(yw_op *op, const yw_cert_act_in *in, yw_cert *out);
int yw_cert_revoke(yw_op *op, const yw_cert_act_in *in, yw_cert *out);
int yw_cert_renew(yw_op *op, const yw_cert_act_in *in, yw_cert *out);

/* ---- reading ---- */

/* One certificate by id or identifier: its holder (by account, ID number or USCC), officers of
 * its department, supervisors and admins; others YW_E_CERT_NOT_FOUND (404, as if absent). */
int yw_cert_get(yw_op *op, const char *id, yw_cert *out);

typedef struct {
    const char *holder_id, *type, *state, *account_id;
    bool mine;       /* the actor's own: by account, ID number or USCC */
    int limit, offset;
} yw_cert_query;
/* Certificates, newest first: `mine` for an applicant; staff see their department's types,
 * supervisors and admins all. Arena memory. */
int yw_cert_list(yw_op *op, const yw_cert_query *q, yw_cert **out, int *n, int64_t *total);

/* The public view of one certificate (anyone): the type, number, identifier, the holder's name
 * and masked number, public fields (an enterprise's; none of a person's), validity, issuer and
 * status — by id or identifier. */
int yw_cert_public(yw_op *op, const char *id, yw_cert *out);

/* The sharing interface (GB/T 36906's spirit): a department reads a holder's valid
 * certificates of a type, or one by identifier, only for a case it has a task in; every
 * certificate read is logged (cert_reads). */
typedef struct {
    const char *case_id;
    const char *holder_id, *type; /* both, or */
    const char *identifier;       /* one by identifier */
} yw_cert_share_in;
int yw_cert_share(yw_op *op, const yw_cert_share_in *in, yw_cert **out, int *n);

typedef struct {
    const char *certificate_id, *reader_name, *department_name, *case_id, *case_number, *purpose, *read_at;
} yw_cert_read;
/* Who read a certificate (its holder, its department, admins). Arena memory. */
int yw_cert_reads(yw_op *op, const char *id, yw_cert_read **out, int *n);

/* The valid certificate of a type (by name) the holder ids hold (NULL-terminated: an ID
 * number, a USCC), latest first; *found false when none. For the case's submission (免提交). */
int yw_cert_held(yw_op *op, const char *const *holder_ids, const char *type_name, yw_cert *out, bool *found);

/* ---- status lists ---- */

/* The status list credential of purpose (revocation, suspension) and number, as a compact
 * vc+jwt signed now (anyone). YW_E_CERT_STATUS_LIST (404) for one that does not exist. */
int yw_cert_status_list(yw_op *op, const char *purpose, int list_no, const char *base_url, const char **jws);

/* ---- verification ---- */

typedef enum {
    YW_VERIFY_VALID,
    YW_VERIFY_MALFORMED,
    YW_VERIFY_ALG,
    YW_VERIFY_UNKNOWN_KEY,
    YW_VERIFY_BAD_SIGNATURE,
    YW_VERIFY_NOT_YET_VALID,
    YW_VERIFY_EXPIRED,
    YW_VERIFY_REVOKED,
    YW_VERIFY_SUSPENDED,
} yw_verify_result;
extern const yw_enum_text yw_verify_results[];

typedef struct {
    yw_verify_result result;
    const char *why_zh, *why_en; /* in words, with where for a malformed one */
    const char *kid, *identifier, *type_name, *holder_name, *valid_from, *valid_until, *issuer;
    const char *id;              /* the certificate's id when it is one of ours */
} yw_cert_verification;

/* Verifies a compact credential (anyone): the JWS strictly (jose.h), the key by kid among
 * cert_keys, the signature, the validity window against op->now_ms, and the status entries
 * against this store's lists. Never fails for a bad credential: the result says why. */
int yw_cert_verify(yw_op *op, const char *compact, size_t len, yw_cert_verification *out);

/* ---- reactions (domain/events/subscribers.c) ---- */

/* case.settled, completed or partly completed: each approved item whose catalog item names a
 * certificate type issues it to the case's holder (the enterprise the form names or the
 * registry just gave its USCC, or the applicant). */
int yw_cert_on_case_settled(yw_op *op, yw_event *ev);
/* entity.changed: a changed enterprise holding a valid 营业执照 gets a new version; a
 * deregistered one has its certificates revoked. */
int yw_cert_on_entities_changed(yw_op *op, yw_event *ev);

/* ---- the demo ---- */

/* The demo enterprise's 营业执照 and the demo person's 居民身份证 (yiwang demo). */
int yw_cert_demo_load(yw_op *op, int *issued);

/* ---- rendering ---- */

/* The public verification address of a certificate (what its QR opens). Arena text. */
const char *yw_cert_verify_url(yw_arena *a, const char *base, const char *id);
/* The certificate as an A4 PDF (the case documents' library and font, document/draw.h), laid
 * out like a licence: the type, the number, the holder, the fields under the type's labels (t),
 * the validity, a state other than valid in red, the issuing department and day, and the QR of
 * verify_url with the identifier. *out gets the bytes in the arena. CPU work of milliseconds:
 * never on an event loop. */
int yw_cert_pdf(yw_arena *a, const yw_cert *c, const yw_cert_type *t, const char *verify_url, yw_buf *out,
                yw_err *err);

/* ---- reuse instead of proofs (免提交, reuse.c) ----
 * A certificate stands in for a material of a case (a catalog material accepted_as "certificate",
 * its cert_type naming the type) when it is the applicant's and valid now:
 *   - the applicant's: its holder is the applicant account's ID number or USCC, or it was issued
 *     to the applicant's account (account_id: the person who established an enterprise holds its
 *     licence through their account); and, for a type an enterprise holds, when the case's form
 *     names an enterprise (entity.uscc), it is that enterprise's. Typing a stranger's USCC into a
 *     form therefore reuses nothing: the stranger's licence was never issued to this account.
 *   - valid now: state valid and within its validity (status "valid", computed from op->now_ms).
 * The case records it in case_materials.certificate_id; its status is read again whenever the
 * case is (yw_cert_status_at), so a certificate that lapses before the decision shows so. */
typedef struct {
    const char *applicant_id; /* the case's applicant (an account id) */
    const char *entity_uscc;  /* the enterprise the form names (entity.uscc), or NULL */
} yw_cert_owner;

/* The certificates the applicant may reuse now, the latest of each type and holder first. The
 * applicant themselves, or a clerk filing for them (帮办代办): a clerk's reading is logged in
 * cert_reads (purpose "behalf", no case yet), so the holder sees it. Arena memory. */
int yw_cert_reusable(yw_op *op, const yw_cert_owner *who, yw_cert **out, int *n);

/* The certificate standing in for a material that needs a certificate of type `type_name`:
 * `named` (an id or an identifier) checked, or, NULL, the applicant's latest valid one of the
 * type. Errors name `field` (/materials/N): YW_E_CERT_REUSE_UNKNOWN, _NOT_HOLDER, _TYPE,
 * _NOT_VALID, _NONE. No permission check of its own: the case's submission calls it for the
 * applicant it has checked. Reads only; out is arena memory. */
int yw_cert_reuse_check(yw_op *op, const yw_cert_owner *who, const char *type_name, const char *named,
                        const char *field, yw_cert *out);

/* A certificate's status at now_ms from its stored state and validity, as yw_cert.status says it
 * (valid, expired, not_yet_valid, suspended, revoked, superseded). Static text. */
const char *yw_cert_status_at(const char *state, const char *valid_from, const char *valid_until, int64_t now_ms);
/* A status in words: 有效, 已过期, 尚未生效, 已暂停, 已撤销, 已换发 (valid, expired …). Static text. */
const char *yw_cert_status_zh(const char *status);
const char *yw_cert_status_en(const char *status);

/* ---- issuing many (bulk.c): the import ---- */

typedef enum { YW_CERT_BATCH_ISSUED, YW_CERT_BATCH_ALREADY, YW_CERT_BATCH_BAD } yw_cert_batch_outcome;
typedef struct {
    int issued, already, bad;
    yw_cert_batch_outcome *outcome; /* one per row given */
    yw_err **errors;                /* one per row: a bad row's error, else NULL */
} yw_cert_batch_report;

/* Issues n certificates at once (the import: in[i].imported), each checked as yw_cert_issue
 * checks one (the actor may issue the type — a row of another department's type is refused
 * alone —, the holder, the name, the fields, the dates); a row whose type and number are there
 * already, or earlier in the batch, is left alone (ALREADY). Unlike other domain functions it
 * opens its own transactions, so that the slow part runs outside them: call it outside one. Per
 * batch, not per row: one lookup of the numbers there already, the types' serial counters
 * advanced once, the status indexes chosen at random in memory from a bitmap of each list's
 * taken ones (read once, in one short transaction), then the credentials signed on as many
 * threads as there are cores with no transaction open, then one transaction that writes the
 * rows and their audit (an import's batch: one cert.import entry naming each certificate). Indexes another writer took meanwhile make it
 * choose again (at most three times). out (arena memory): each row's outcome and error. -1
 * with op->err only when the batch as a whole failed (the store, no key); nothing is then
 * written but serials and indexes skipped. */
int yw_cert_issue_batch(yw_op *op, const yw_cert_issue_in *in, int n, yw_cert_batch_report *out);

#endif
