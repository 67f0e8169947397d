/* What the certificate concept's files share and nobody else sees: the row's columns, the
 * state machine, the permission checks and time formats. */
#ifndef YW_CERT_INTERNAL_H
#define YW_CERT_INTERNAL_H

#include "cert.h"

#include "../core/transition.h"

#define NCOLS(t) ((int)(sizeof(t) / sizeof(t)[0]))

/* SELECT … FROM certificates c JOIN cert_types t …: every column of yw_cert in its order */
extern const char cert_select[];
/* Reads rows of cert_select into certificates with their status computed. Arena memory. */
int cert_fill(yw_op *op, const yw_rows *rows, yw_cert **out);

extern const yw_machine cert_machine;

/* Officers of the type's department, admins and the system may issue and change certificates of
 * it; else YW_E_CERT_DEPARTMENT (or the role's error). */
int cert_may_issue(yw_op *op, const yw_cert_type *t);
/* true when the actor is the certificate's holder: by account, by ID number, by USCC */
bool cert_is_holder(yw_op *op, const yw_cert *c);
/* The actor's own ID number and USCC (either may be NULL). */
int cert_actor_ids(yw_op *op, const char **id_number, const char **uscc);

/* ISO 8601 UTC, second precision ("2026-12-08T01:02:03Z") of ms; arena text */
const char *cert_time(yw_arena *a, int64_t ms);
/* ms of "YYYY-MM-DDTHH:MM:SSZ" (as cert_time writes), -1 when it is not that */
int64_t cert_time_parse(const char *s);
/* The start of a Beijing day (day number) in UTC ms, and the last second of one */
int64_t cert_day_start_ms(int64_t day);

/* The validity of a certificate to issue: from the start of in's valid_from day (or now) until
 * the end of its valid_until day (or the type's years later), Beijing time, into c->valid_from
 * and c->valid_until (arena text; NULL: no end). YW_E_CERT_DATES for an end before the start. */
int cert_validity(yw_op *op, const yw_cert_issue_in *in, const yw_cert_type *t, yw_cert *c);
/* Signs and writes a new certificate row (issue.c) */
int cert_write_new(yw_op *op, const yw_cert_issue_in *in, const yw_cert_type *t, yw_cert *out);
/* Moves a locked certificate to state `to` (revoked, superseded, suspended, valid), audited */
int cert_set_state(yw_op *op, const yw_cert *c, yw_cert_state to, const char *action, const char *reason);

/* For the batch (bulk.c), as cert_write_new checks and signs: the fields as canonical JSON text,
 * the holder's number for the type, the signer (registered, not retired), and the credential of
 * a first version (arena text, op->arena only: safe on a thread of its own with an op of its own) */
int cert_check_fields(yw_op *op, const yw_cert_type *t, const char *text, const char **out);
int cert_check_holder(yw_op *op, const yw_cert_type *t, const char *holder_id);
int cert_usable_signer(yw_op *op, const yw_jose_signer **out);
const char *cert_credential(yw_op *op, const yw_cert *c, const yw_cert_type *t, const char *base);

#endif
