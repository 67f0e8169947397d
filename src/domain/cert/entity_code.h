/* 企业身份码 (the entity code): one QR per enterprise, opening its page — the enterprise as the
 * registry names it and the certificates it holds. Anyone reads the public view: its name,
 * USCC, status and its valid certificates (type, number, valid until, where to verify each),
 * nothing else. The enterprise's own account, logged in, reads the owner's view: every
 * certificate it holds, with its state, and the way to its benefits. Credit and benefits join
 * the page as those concepts arrive. */
#ifndef YW_CERT_ENTITY_CODE_H
#define YW_CERT_ENTITY_CODE_H

#include <stdbool.h>

#include "../core/op.h"
#include "cert.h"

typedef struct {
    const char *uscc, *name;
    const char *status;          /* the registry's status text: active … deregistered */
    const char *deregistered_on; /* YYYY-MM-DD once deregistered, else NULL */
    bool owner;                  /* the enterprise's own account is asking: the owner's view */
    yw_cert *certs;              /* public: the valid ones; owner: every one, newest first */
    int ncerts;
} yw_entity_code;

/* The page of the enterprise `uscc` (anyone; the owner's view for its own account). A USCC that
 * is not one is YW_ERR_INVALID naming "uscc"; one the registry does not hold
 * YW_E_ENTITY_NOT_FOUND. Public certificates are as yw_cert_public shows them (no credential,
 * no account). Arena memory. */
int yw_cert_entity_code(yw_op *op, const char *uscc, yw_entity_code *out);

/* The page's public address, what its QR opens: base + /entity.html?uscc=…. Arena text, NULL
 * when out of memory. */
const char *yw_entity_code_url(yw_arena *a, const char *base, const char *uscc);

#endif
