/* The match preview: how many entities of the registry an eligibility rule being edited would
 * match, before the policy is saved, with a few of them as a sample. It is a plain scan for now
 * — the registry read in pages by USCC, each record evaluated — behind one function,
 * yw_policy_preview, so that the columnar batch matcher of src/rules/ can replace the scan
 * without its callers changing. It writes nothing. */
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* The rule's field in the editor: the preview is of the eligibility rule. */
#define PREVIEW_FIELD "/eligibility"

static int compile(yw_op *op, const char *text, const yw_rule **rule) {
    if (!text || !*text) return yw_fail(op->err, YW_E_FIELD_REQUIRED, "eligibility", "eligibility");
    yw_err rule_err;
    if (yw_rule_compile(op->arena, text, strlen(text), rule, &rule_err) == 0) return 0;
    *op->err = rule_err;
    snprintf(op->err->field, sizeof op->err->field, "%s%.51s", PREVIEW_FIELD, rule_err.field);
    return -1;
}

/* One page of live entities after `after` (by USCC) into out; evaluates each, counting into r
 * and keeping the first matches as the sample (their texts copied to keep, op->arena). *last
 * receives the last USCC of the page (page memory), *n the page's size. */
static int scan_page(yw_op *op, yw_arena *page, const yw_rule *rule, int64_t today, const char *after,
                     yw_policy_preview_result *r, const char **last, int *n) {
    yw_rows rows;
    if (yw_store_run(op->store, page, MATCH_ENTITY_SELECT " WHERE uscc > $1 AND" MATCH_ENTITY_LIVE " ORDER BY uscc LIMIT $2",
                     YW_PARAMS(YW_TEXT_P(after), YW_INT_P(YW_MATCH_BATCH_ROWS)), &rows, NULL, op->err) < 0)
        return -1;
    *n = rows.nrows;
    if (!rows.nrows) return 0;
    yw_entity *list = yw_rows_fill_all(&rows, match_entity_columns, MATCH_ENTITY_NCOLUMNS, sizeof *list, page);
    if (!list) return yw_fail(op->err, YW_E_NOMEM, NULL);
    yw_arena scratch;
    yw_arena_init(&scratch);
    int rc = 0;
    for (int i = 0; i < rows.nrows && rc == 0; i++) {
        json_t *record = yw_policy_record(&list[i], today);
        if (!record) {
            rc = yw_fail(op->err, YW_E_NOMEM, NULL);
            break;
        }
        yw_rule_value v;
        yw_err eval_err;
        r->entities++;
        if (yw_rule_eval(rule, record, &scratch, &v, &eval_err) < 0) {
            r->rule_errors++; /* past its limits on this record: counted, as matching counts it */
        } else if (yw_rule_truthy(&v)) {
            if (r->nsample < YW_PREVIEW_SAMPLE) {
                yw_preview_entity *s = &r->sample[r->nsample++];
                s->uscc = yw_arena_strdup(op->arena, list[i].uscc);
                s->name = yw_arena_strdup(op->arena, list[i].name ? list[i].name : "");
                if (!s->uscc || !s->name) rc = yw_fail(op->err, YW_E_NOMEM, NULL);
            }
            r->matches++;
        }
        json_decref(record);
        yw_arena_reset(&scratch);
    }
    yw_arena_reset(&scratch);
    *last = list[rows.nrows - 1].uscc;
    return rc;
}

int yw_policy_preview(yw_op *op, const char *eligibility, yw_policy_preview_result *out) {
    *out = (yw_policy_preview_result){0};
    if (yw_op_require(op, YW_ROLE_OFFICER | YW_ROLE_ADMIN, "preview policy matching") < 0) return -1;
    const yw_rule *rule;
    if (compile(op, eligibility, &rule) < 0) return -1;
    int64_t today = yw_op_today(op);
    /* pages in arenas of their own, emptied in turn: memory for one page however large the registry */
    yw_arena page[2];
    yw_arena_init(&page[0]);
    yw_arena_init(&page[1]);
    const char *after = "";
    int rc = 0, n = 0, k = 0;
    do {
        yw_arena_reset(&page[k]); /* the other page still holds `after` */
        rc = scan_page(op, &page[k], rule, today, after, out, &after, &n);
        k ^= 1;
    } while (rc == 0 && n == YW_MATCH_BATCH_ROWS);
    yw_arena_reset(&page[0]);
    yw_arena_reset(&page[1]);
    return rc;
}
