/* The match preview: how many entities of the registry an eligibility rule being edited would
 * match, before the policy is saved, with a few of them as a sample. The registry is read in
 * pages by USCC, each page held as columns (only the members the rule reads) and the rule
 * evaluated over the whole page at once by the batch matcher (rules/batch.c), on the caller's
 * thread. It writes nothing. */
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* The rule's field in the editor: the preview is of the eligibility rule. */
#define PREVIEW_FIELD "/eligibility"

static int compile(yw_op *op, const char *text, const yw_rule **rule) {
    if (!text || !*text) return yw_fail(op->err, YW_E_FIELD_REQUIRED, "eligibility", "eligibility");
    yw_err rule_err;
    if (yw_rule_compile(op->arena, text, strlen(text), rule, &rule_err) == 0)
        return yw_entity_labels_sync(op) < 0 ? -1 : yw_entity_rule_check(text, PREVIEW_FIELD, op->err);
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
    yw_entity_table *pt;
    if (yw_entity_table_new(page, &rule, 1, (size_t)rows.nrows, today, &pt, op->err) < 0) return -1;
    int rc = 0;
    for (int i = 0; i < rows.nrows && rc == 0; i++) rc = yw_entity_table_add(pt, &list[i], op->err);
    yw_rule_batch *b;
    if (rc == 0 && (rc = yw_rule_batch_new(page, yw_entity_table_rules(pt), &rule, 1, &b, op->err)) == 0)
        rc = yw_rule_batch_run(b, 1, op->err); /* on the caller's thread: a request's worker */
    yw_entity_table_release(pt);
    if (rc < 0) return -1;
    /* evaluations past their limits count as no match, as matching counts them */
    r->rule_errors += yw_rule_batch_figures(b).failures;
    const uint64_t *bits = yw_rule_batch_matches(b, 0);
    r->entities += rows.nrows;
    r->matches += (int64_t)yw_rule_batch_count(b, 0);
    for (int i = 0; i < rows.nrows && r->nsample < YW_PREVIEW_SAMPLE; i++) {
        if (!(bits[i / 64] >> (i % 64) & 1)) continue;
        yw_preview_entity *s = &r->sample[r->nsample++];
        s->uscc = yw_arena_strdup(op->arena, list[i].uscc);
        s->name = yw_arena_strdup(op->arena, list[i].name ? list[i].name : "");
        if (!s->uscc || !s->name) return yw_fail(op->err, YW_E_NOMEM, NULL);
    }
    *last = list[rows.nrows - 1].uscc;
    return 0;
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
