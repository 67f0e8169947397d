/* The keys certificates are signed with, as an operator sees them (cert.h): each key by its kid,
 * its algorithm, when it was first used and retired, how many certificates it signed that are
 * still valid, and whether the JWKS lists it — the facts one needs before retiring a key. */
#include "internal.h"

#include <stddef.h>

static const yw_column key_columns[] = {
    YW_COLUMN(YW_COL_TEXT, yw_cert_key, kid),        YW_COLUMN(YW_COL_TEXT, yw_cert_key, alg),
    YW_COLUMN(YW_COL_TEXT, yw_cert_key, created_at), YW_COLUMN(YW_COL_TEXT, yw_cert_key, retired_at),
    YW_COLUMN(YW_COL_INT64, yw_cert_key, valid),     YW_COLUMN(YW_COL_INT64, yw_cert_key, signed_total),
};

int yw_cert_keys(yw_op *op, yw_cert_key **out, int *n) {
    if (yw_op_require(op, YW_ROLE_ADMIN, "list the signing keys") < 0) return -1;
    const char *now = cert_time(op->arena, op->now_ms);
    if (!now) return yw_fail(op->err, YW_E_NOMEM, NULL);
    /* "valid" counts what yw_cert_jwks counts: a certificate not revoked or superseded whose
     * validity has not ended; a key with none of them and retired leaves the JWKS */
    yw_rows rows;
    if (yw_store_query(op->store, op->arena,
                       "SELECT k.kid, k.alg, k.created_at, k.retired_at,"
                       " (SELECT COUNT(*) FROM certificates c WHERE c.kid = k.kid AND c.state IN ('valid', 'suspended')"
                       " AND (c.valid_until IS NULL OR c.valid_until > $1)),"
                       " (SELECT COUNT(*) FROM certificates c WHERE c.kid = k.kid)"
                       " FROM cert_keys k ORDER BY k.created_at, k.kid",
                       YW_ARGS(now), &rows, op->err) < 0)
        return -1;
    yw_cert_key *k = yw_rows_fill_all(&rows, key_columns, NCOLS(key_columns), sizeof *k, op->arena);
    if (!k) return yw_fail(op->err, YW_E_NOMEM, NULL);
    for (int i = 0; i < rows.nrows; i++) k[i].listed = !k[i].retired_at || k[i].valid > 0;
    *out = k;
    *n = rows.nrows;
    return 0;
}
