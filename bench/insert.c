/* The write paths' peer for bench/http.sh: the same writes the HTTP benchmark posts, through the
 * same domain function, straight into the same store, 1,000 to a transaction, with no HTTP and
 * no per-request commit. Prints "ROWS_PER_SECOND".
 *   progress: yw_ledger_report_progress (the report, the measure's status, the audit entry) on
 *             measure TARGET as LOGIN;
 *   case:     yw_case_submit (the case, its items, its materials, its event, the audit entry) of
 *             item TARGET (QD-SCJG-XK-0001) as applicant LOGIN, its whole form filled in, its
 *             three upload-only materials the file UPLOAD (a SHA-256 of LOGIN's) and the fourth
 *             pledged, as bench/cases.lua posts them.
 * usage: bench_insert progress|case DB_URL TARGET LOGIN N [UPLOAD] */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/time.h"
#include "domain/case/case.h"
#include "domain/ledger/ledger.h"

static int write_one(yw_op *op, bool is_case, const char *target, const char *upload, int i) {
    char text[64];
    snprintf(text, sizeof text, "insert %d", i);
    if (is_case) {
        char form[512]; /* the form bench/cases.lua posts */
        snprintf(form, sizeof form,
                 "{\"entity.name\":\"基准测试 %d\",\"entity.kind\":\"有限责任公司\",\"entity.capital\":100,"
                 "\"legal_rep.name\":\"张三\",\"legal_rep.id_number\":\"370202199003071233\","
                 "\"contact.phone\":\"13900000005\",\"address.region\":\"370202\","
                 "\"address.detail\":\"市南区香港中路1号\"}",
                 i);
        const yw_case_material mats[] = {
            {.name = "公司登记（备案）申请书", .provided_as = "upload", .upload = upload},
            {.name = "公司章程", .provided_as = "upload", .upload = upload},
            {.name = "申请人居民身份证", .provided_as = "upload", .upload = upload},
            {.name = "住所（经营场所）使用证明", .provided_as = "pledge"},
        };
        yw_case_submit_in in = {.item = target, .answers = "{}", .form = form, .materials = mats, .nmaterials = 4};
        yw_case out;
        return yw_case_submit(op, &in, &out);
    }
    yw_progress_new in = {.measure_id = target, .reported_on = "2026-01-15", .status = YW_MEASURE_IN_PROGRESS,
                          .percent = 10, .text = text};
    return yw_ledger_report_progress(op, &in, NULL);
}

int main(int argc, char **argv) {
    if (argc < 6 || argc > 7 || (strcmp(argv[1], "progress") && strcmp(argv[1], "case"))) {
        fprintf(stderr, "usage: bench_insert progress|case DB_URL TARGET LOGIN N [UPLOAD]\n");
        return 2;
    }
    if (sodium_init() < 0) return 1;
    bool is_case = strcmp(argv[1], "case") == 0;
    const char *url = argv[2], *target = argv[3], *login = argv[4];
    int n = atoi(argv[5]);
    const char *upload = argc == 7 ? argv[6] : NULL;
    yw_store *s;
    yw_err err;
    if (yw_store_open(url, &s, &err) < 0) {
        fprintf(stderr, "bench_insert: %s\n", err.message);
        return 1;
    }
    yw_arena a;
    yw_arena_init(&a);
    yw_rows rows;
    if (yw_store_query(s, &a, "SELECT id, kind, login, name, department_id, roles FROM accounts WHERE login = $1",
                       YW_ARGS(login), &rows, &err) < 0 || rows.nrows != 1) {
        fprintf(stderr, "bench_insert: no account %s\n", login);
        return 1;
    }
    yw_actor actor = {yw_rows_get(&rows, 0, 0), yw_rows_get(&rows, 0, 1), yw_rows_get(&rows, 0, 2),
                      yw_rows_get(&rows, 0, 3), yw_rows_get(&rows, 0, 4), 0};
    yw_roles_parse(yw_rows_get(&rows, 0, 5), &actor.roles, NULL, NULL);
    int64_t t0 = yw_mono_us();
    for (int done = 0; done < n;) {
        if (yw_store_batch_begin(s, &err) < 0) break;
        for (int k = 0; k < 1000 && done < n; k++, done++) {
            yw_arena row;
            yw_arena_init(&row);
            yw_op op = yw_op_make(s, &row, &actor, &err);
            int rc = write_one(&op, is_case, target, upload, done);
            yw_arena_reset(&row);
            if (rc < 0) {
                fprintf(stderr, "bench_insert: %s\n", err.message);
                return 1;
            }
        }
        if (yw_store_batch_commit(s, &err) < 0) {
            fprintf(stderr, "bench_insert: %s\n", err.message);
            return 1;
        }
    }
    double secs = (double)(yw_mono_us() - t0) / 1e6;
    printf("%.0f\n", n / secs);
    yw_arena_reset(&a);
    yw_store_close(s);
    return 0;
}
