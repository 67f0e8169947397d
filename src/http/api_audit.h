/* The audit routes' one piece of process state: the key this server signs checkpoints of the
 * audit chain with (yiwang serve --signing-key FILE). Set once before the server starts and only
 * read after, so the worker threads share it without a lock; NULL (the default) answers
 * GET /api/v1/audit/checkpoint with 404. The key must outlive the server. */
#ifndef YW_API_AUDIT_H
#define YW_API_AUDIT_H

#include "../domain/core/signing.h"

void yw_api_audit_use_key(const yw_signing_key *key);

#endif
