/* The guide's files (catalog.h): the blank forms and samples an item's guide offers for download,
 * kept once per SHA-256 in guide_files, apart from applicants' uploads because anyone reads them.
 * An administrator adds a file (checked, hashed and judged by its content before the transaction,
 * as an upload is) and names it in an item's guide; anyone downloads a file the item's current
 * guide names, under the name it gives it, and nothing else. */
#include "catalog.h"

#include <stdlib.h>
#include <string.h>

#include "../core/audit.h"

int yw_catalog_file_add(yw_op *op, const yw_upload_new *in, yw_guide_file_info *out) {
    if (yw_op_require(op, YW_ROLE_ADMIN, "add a file to the guides") < 0) return -1;
    if (in->len > YW_GUIDE_FILE_MAX) return yw_fail(op->err, YW_E_GUIDE_FILE_TOO_LARGE, "file", YW_GUIDE_FILE_MAX >> 20);
    const char *type = yw_upload_sniff(in->bytes, in->len);
    /* yw_upload_prepare judged the content already; this is the domain's own check, cheap */
    if (!type || !yw_upload_sha256_valid(in->sha256) || in->in_directory)
        return yw_err_set(op->err, YW_ERR_INTERNAL, NULL, "a guide file not prepared");
    char now[YW_TIMESTAMP_SIZE];
    yw_op_timestamp(op, now);
    const char *actor = op->actor && op->actor->account_id ? op->actor->account_id : "system";
    int64_t added = 0;
    if (yw_store_run(op->store, NULL,
                     "INSERT INTO guide_files (sha256, size, media_type, content, created_at, created_by)"
                     " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (sha256) DO NOTHING",
                     YW_PARAMS(YW_TEXT_P(in->sha256), YW_INT_P((int64_t)in->len), YW_TEXT_P(type),
                               YW_BYTES_P(in->bytes, in->len), YW_TEXT_P(now), YW_TEXT_P(actor)),
                     NULL, &added, op->err) < 0)
        return -1;
    if (added) {
        const char *after = yw_arena_printf(op->arena, "{\"size\":%lld,\"media_type\":\"%s\"}", (long long)in->len, type);
        if (!after) return yw_fail(op->err, YW_E_NOMEM, NULL);
        if (yw_audit_append(op, "catalog.file_add", "guide_file", in->sha256, NULL, after) < 0) return -1;
    }
    if (out) *out = (yw_guide_file_info){.sha256 = in->sha256, .media_type = type, .size = (int64_t)in->len, .created = added > 0};
    return 0;
}

int yw_catalog_file_get(yw_op *op, const char *code, const char *sha256, yw_guide_file *out) {
    memset(out, 0, sizeof *out);
    yw_item_view v;
    if (yw_catalog_get(op, code, 0, &v) < 0) return -1;
    const yw_item_file *named = NULL;
    for (int i = 0; i < v.item.nfiles && !named; i++)
        if (strcmp(v.item.files[i].sha256, sha256) == 0) named = &v.item.files[i];
    if (!named) return yw_fail(op->err, YW_E_GUIDE_FILE_NOT_FOUND, "sha256");
    yw_rows rows;
    if (yw_store_query(op->store, op->arena, "SELECT size, media_type, content FROM guide_files WHERE sha256 = $1",
                       YW_ARGS(sha256), &rows, op->err) < 0)
        return -1;
    if (!rows.nrows) return yw_fail(op->err, YW_E_GUIDE_FILE_NOT_FOUND, "sha256");
    out->info.sha256 = named->sha256;
    out->info.size = strtoll(yw_rows_get(&rows, 0, 0), NULL, 10);
    out->info.media_type = yw_rows_get(&rows, 0, 1);
    out->name = named->name;
    out->bytes = (const unsigned char *)yw_rows_get(&rows, 0, 2);
    out->len = yw_rows_len(&rows, 0, 2);
    if ((int64_t)out->len != out->info.size) return yw_err_set(op->err, YW_ERR_INTERNAL, NULL, "guide file %s damaged", sha256);
    return 0;
}
