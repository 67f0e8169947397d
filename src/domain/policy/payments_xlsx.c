/* The payment file (拨付清单) of a policy as an xlsx workbook, beside the CSV of grant.c: the same
 * rows — the approved grants to be paid, or the paid ones with their vouchers — for the finance
 * office's spreadsheet, in Chinese, with the bank and account each payment goes to. Written as
 * the ledger's dispatch is (domain/ledger/xlsx.c): libxlsxwriter writes only to a file, so the
 * workbook goes to a private temporary file that is read back into the arena and removed. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "internal.h"

/* what the finance office reads: no internal identifier (a row is its 序号, a payment its 凭证号) */
static const char *const headers[] = {"序号",   "企业名称", "统一社会信用代码", "开户银行", "银行账号", "金额（元）",
                                      "凭证号", "政策名称", "批准日期",         "拨付日期"};
enum { C_NO, C_NAME, C_USCC, C_BANK, C_ACCOUNT, C_YUAN, C_VOUCHER, C_POLICY, C_APPROVED, C_PAID };
#define NHEADERS (int)(sizeof headers / sizeof headers[0])

static int fail(yw_op *op, const char *why_zh, const char *why_en) {
    return yw_fail(op->err, YW_E_WORKBOOK_FAILED, NULL, why_zh, why_en);
}

/* The sheet of rows into the workbook at path. */
static int write_book(yw_op *op, const char *path, const char *code, bool paid, const yw_grant *list, int n) {
    lxw_workbook *wb = workbook_new(path);
    if (!wb) return fail(op, "无法创建工作簿", "cannot create it");
    lxw_worksheet *ws = workbook_add_worksheet(wb, "拨付清单");
    lxw_format *bold = workbook_add_format(wb), *yuan = workbook_add_format(wb), *total = workbook_add_format(wb);
    if (!ws || !bold || !yuan || !total) {
        workbook_close(wb);
        return fail(op, "无法创建工作表", "cannot add its sheet");
    }
    format_set_bold(bold);
    format_set_num_format(yuan, "#,##0.00");
    format_set_bold(total);
    format_set_num_format(total, "#,##0.00");
    int64_t sum = 0;
    for (int i = 0; i < n; i++) sum += list[i].amount_fen;
    char title[160];
    snprintf(title, sizeof title, "政策%s%s清单（%d笔，合计%lld.%02d元）", code, paid ? "已拨付" : "待拨付", n,
             (long long)(sum / 100), (int)(sum % 100));
    worksheet_write_string(ws, 0, 0, title, bold);
    for (int i = 0; i < NHEADERS; i++) worksheet_write_string(ws, 2, (lxw_col_t)i, headers[i], bold);
    static const double widths[] = {6, 36, 22, 28, 24, 14, 20, 30, 12, 12};
    for (int i = 0; i < NHEADERS; i++) worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, widths[i], NULL);
    lxw_row_t row = 3;
    for (int i = 0; i < n; i++, row++) {
        const yw_grant *g = &list[i];
        char approved[YW_DATE_SIZE], paid_on[YW_DATE_SIZE];
        policy_city_date(g->decided_at, approved);
        policy_city_date(g->paid_at, paid_on);
        /* texts as texts: a 19-digit account as a number would lose its last digits */
        worksheet_write_number(ws, row, C_NO, i + 1, NULL);
        worksheet_write_string(ws, row, C_NAME, g->entity_name ? g->entity_name : "", NULL);
        worksheet_write_string(ws, row, C_USCC, g->uscc, NULL);
        worksheet_write_string(ws, row, C_BANK, g->bank_name ? g->bank_name : "", NULL);
        worksheet_write_string(ws, row, C_ACCOUNT, g->bank_account ? g->bank_account : "", NULL);
        worksheet_write_number(ws, row, C_YUAN, (double)g->amount_fen / 100.0, yuan);
        worksheet_write_string(ws, row, C_VOUCHER, g->voucher ? g->voucher : "", NULL);
        worksheet_write_string(ws, row, C_POLICY, g->policy_title ? g->policy_title : g->policy_code, NULL);
        worksheet_write_string(ws, row, C_APPROVED, approved, NULL);
        worksheet_write_string(ws, row, C_PAID, paid_on, NULL);
    }
    worksheet_write_string(ws, row, C_NO, "合计", bold);
    worksheet_write_number(ws, row, C_YUAN, (double)sum / 100.0, total);
    lxw_error rc = workbook_close(wb);
    if (rc != LXW_NO_ERROR) {
        char why[160];
        snprintf(why, sizeof why, "cannot write it: %s", lxw_strerror(rc));
        return fail(op, "无法写入工作簿", why);
    }
    return 0;
}

int yw_policy_payments_xlsx(yw_op *op, const char *code, yw_grant_state state, char **data, size_t *len, int *count) {
    *data = NULL;
    *len = 0;
    *count = 0;
    yw_grant *list;
    int n;
    if (policy_payable(op, code, state, &list, &n) < 0) return -1;
    char path[] = "/tmp/yiwang-payments-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) return fail(op, "无法创建临时文件", "cannot create a temporary file");
    close(fd);
    if (write_book(op, path, code, state == YW_GRANT_PAID, list, n) < 0) {
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
