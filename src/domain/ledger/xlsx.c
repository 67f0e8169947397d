/* The monthly dispatch as an xlsx workbook (libxlsxwriter). libxlsxwriter 1.1 writes only to a
 * file, so the workbook goes to a private temporary file that is read back and removed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "../../base/buf.h"
#include "ledger.h"

static const char *const headers[] = {"牵头单位", "部门",   "措施总数", "已完成",     "推进中",     "未启动",
                                      "临期",     "逾期",   "已取消",   "完成较上月", "临期较上月", "逾期较上月"};

static void write_counts(lxw_worksheet *ws, lxw_row_t row, const yw_dispatch_counts *n, const yw_dispatch_counts *b,
                         lxw_format *num) {
    const int values[] = {n->total,     n->done,      n->in_progress,         n->not_started,           n->at_risk,
                          n->overdue,   n->cancelled, n->done - b->done,      n->at_risk - b->at_risk,  n->overdue - b->overdue};
    for (int i = 0; i < 10; i++) worksheet_write_number(ws, row, (lxw_col_t)(2 + i), values[i], num);
}

int yw_ledger_dispatch_xlsx(const yw_dispatch *d, yw_arena *a, char **data, size_t *len, yw_err *err) {
    char path[] = "/tmp/yiwang-dispatch-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) return yw_fail(err, YW_E_WORKBOOK_FAILED, NULL, "无法创建临时文件", "cannot create a temporary file");
    close(fd);
    lxw_workbook *wb = workbook_new(path);
    if (!wb) {
        unlink(path);
        return yw_fail(err, YW_E_WORKBOOK_FAILED, NULL, "无法创建工作簿", "cannot create it");
    }
    char title[64];
    snprintf(title, sizeof title, "%s 月度调度", d->month);
    lxw_worksheet *ws = workbook_add_worksheet(wb, d->month);
    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);
    lxw_format *num = workbook_add_format(wb);
    format_set_num_format(num, "0;-0;0");
    worksheet_write_string(ws, 0, 0, title, bold);
    char as_of[64];
    snprintf(as_of, sizeof as_of, "截至 %s（上月截至 %s）", d->as_of, d->previous_as_of);
    worksheet_write_string(ws, 1, 0, as_of, NULL);
    for (int i = 0; i < 12; i++) worksheet_write_string(ws, 3, (lxw_col_t)i, headers[i], bold);
    worksheet_set_column(ws, 0, 1, 28, NULL);
    worksheet_set_column(ws, 2, 11, 11, NULL);
    lxw_row_t row = 4;
    for (int i = 0; i < d->nrows; i++, row++) {
        worksheet_write_string(ws, row, 0, d->rows[i].unit, NULL);
        if (d->rows[i].department) worksheet_write_string(ws, row, 1, d->rows[i].department, NULL);
        write_counts(ws, row, &d->rows[i].now, &d->rows[i].before, num);
    }
    worksheet_write_string(ws, row, 0, "合计", bold);
    write_counts(ws, row, &d->all, &d->all_before, num);
    lxw_error rc = workbook_close(wb);
    if (rc != LXW_NO_ERROR) {
        unlink(path);
        char why[160];
        snprintf(why, sizeof why, "cannot write it: %s", lxw_strerror(rc));
        return yw_fail(err, YW_E_WORKBOOK_FAILED, NULL, "无法写入工作簿", why);
    }
    FILE *f = fopen(path, "rb");
    unlink(path);
    if (!f) return yw_fail(err, YW_E_WORKBOOK_FAILED, NULL, "无法读回工作簿", "cannot read it back");
    yw_buf b;
    yw_buf_init(&b, a);
    char chunk[16384];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) yw_buf_append(&b, chunk, n);
    fclose(f);
    if (b.failed) return yw_fail(err, YW_E_NOMEM, NULL);
    *data = b.data;
    *len = b.len;
    return 0;
}
