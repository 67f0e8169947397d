/* The payment file (拨付清单) of a policy as an xlsx workbook, beside the CSV of grant.c: the same
 * rows — the approved grants not yet paid — for the finance office's spreadsheet. Written as
 * the ledger's dispatch is (domain/ledger/xlsx.c): libxlsxwriter writes only to a file, so the
 * workbook goes to a private temporary file that is read back into the arena and removed. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "internal.h"

static const char *const headers[] = {"兑现编号", "政策编号", "统一社会信用代码", "企业名称", "期间", "金额（分）", "金额（元）"};
#define NHEADERS (int)(sizeof headers / sizeof headers[0])

static int fail(yw_op *op, const char *why_zh, const char *why_en) {
    return yw_fail(op->err, YW_E_WORKBOOK_FAILED, NULL, why_zh, why_en);
}

/* The sheet of rows into the workbook at path. */
static int write_book(yw_op *op, const char *path, const char *code, const yw_grant *list, int n) {
    lxw_workbook *wb = workbook_new(path);
    if (!wb) return fail(op, "无法创建工作簿", "cannot create it");
    lxw_worksheet *ws = workbook_add_worksheet(wb, "拨付清单");
    lxw_format *bold = workbook_add_format(wb), *fen = workbook_add_format(wb), *yuan = workbook_add_format(wb);
    if (!ws || !bold || !fen || !yuan) {
        workbook_close(wb);
        return fail(op, "无法创建工作表", "cannot add its sheet");
    }
    format_set_bold(bold);
    format_set_num_format(fen, "0");
    format_set_num_format(yuan, "0.00");
    char title[96];
    snprintf(title, sizeof title, "政策%s拨付清单（%d笔）", code, n);
    worksheet_write_string(ws, 0, 0, title, bold);
    for (int i = 0; i < NHEADERS; i++) worksheet_write_string(ws, 2, (lxw_col_t)i, headers[i], bold);
    worksheet_set_column(ws, 0, 0, 28, NULL);
    worksheet_set_column(ws, 1, 2, 22, NULL);
    worksheet_set_column(ws, 3, 3, 36, NULL);
    worksheet_set_column(ws, 4, 6, 12, NULL);
    int64_t total = 0;
    lxw_row_t row = 3;
    for (int i = 0; i < n; i++, row++) {
        const yw_grant *g = &list[i];
        worksheet_write_string(ws, row, 0, g->id, NULL);
        worksheet_write_string(ws, row, 1, g->policy_code, NULL);
        worksheet_write_string(ws, row, 2, g->uscc, NULL);
        worksheet_write_string(ws, row, 3, g->entity_name ? g->entity_name : "", NULL);
        worksheet_write_string(ws, row, 4, g->period, NULL);
        worksheet_write_number(ws, row, 5, (double)g->amount_fen, fen);
        worksheet_write_number(ws, row, 6, (double)g->amount_fen / 100.0, yuan);
        total += g->amount_fen;
    }
    worksheet_write_string(ws, row, 0, "合计", bold);
    worksheet_write_number(ws, row, 5, (double)total, fen);
    worksheet_write_number(ws, row, 6, (double)total / 100.0, yuan);
    lxw_error rc = workbook_close(wb);
    if (rc != LXW_NO_ERROR) {
        char why[160];
        snprintf(why, sizeof why, "cannot write it: %s", lxw_strerror(rc));
        return fail(op, "无法写入工作簿", why);
    }
    return 0;
}

int yw_policy_payments_xlsx(yw_op *op, const char *code, char **data, size_t *len, int *count) {
    *data = NULL;
    *len = 0;
    *count = 0;
    yw_grant *list;
    int n;
    if (policy_payable(op, code, &list, &n) < 0) return -1;
    char path[] = "/tmp/yiwang-payments-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) return fail(op, "无法创建临时文件", "cannot create a temporary file");
    close(fd);
    if (write_book(op, path, code, list, n) < 0) {
        unlink(path);
        return -1;
    }
    FILE *f = fopen(path, "rb");
    unlink(path);
    if (!f) return fail(op, "无法读回工作簿", "cannot read it back");
    yw_buf b;
    yw_buf_init(&b, op->arena);
    char chunk[16384];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) yw_buf_append(&b, chunk, got);
    bool bad = ferror(f) != 0;
    fclose(f);
    if (bad) return fail(op, "无法读回工作簿", "cannot read it back");
    if (b.failed) return yw_fail(op->err, YW_E_NOMEM, NULL);
    *data = b.data;
    *len = b.len;
    *count = n;
    return 0;
}
