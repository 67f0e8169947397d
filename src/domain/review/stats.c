/* The figures of the ratings (好差评统计) by item, bundle, department or clerk: per key the count
 * of each level, the total and the bad ratings (差评) among those not excluded, the excluded
 * ones, 差评整改率 (bad ratings whose rectification gave its feedback / bad ratings) and 回访率
 * (revisited / feedback given). One GROUP BY per key, the same SQL on both stores; officers see
 * their own department's ratings only. */
#include <stdlib.h>
#include <string.h>

#include "review.h"

const yw_enum_text yw_stats_bys[] = {
    {YW_STATS_BY_ITEM, "item"},
    {YW_STATS_BY_BUNDLE, "bundle"},
    {YW_STATS_BY_DEPARTMENT, "department"},
    {YW_STATS_BY_CLERK, "clerk"},
    {0, NULL},
};

#define COUNT_IF(cond) " SUM(CASE WHEN " cond " THEN 1 ELSE 0 END)"
#define BAD "r.level IN ('dissatisfied', 'very_dissatisfied')"
#define SUMS                                                                                                 \
    COUNT_IF("r.excluded = 0 AND r.level = 'very_satisfied'") "," COUNT_IF("r.excluded = 0 AND r.level = 'satisfied'") \
    "," COUNT_IF("r.excluded = 0 AND r.level = 'basic'") "," COUNT_IF("r.excluded = 0 AND r.level = 'dissatisfied'")   \
    "," COUNT_IF("r.excluded = 0 AND r.level = 'very_dissatisfied'") "," COUNT_IF("r.excluded = 1") ","               \
    COUNT_IF("r.excluded = 0 AND " BAD " AND x.state IN ('feedback', 'revisited')") ","                               \
    COUNT_IF("r.excluded = 0 AND " BAD " AND x.state = 'revisited'")
#define FROM " FROM ratings r LEFT JOIN rectifications x ON x.rating_id = r.id"
#define MINE " r.department_id = COALESCE($1, r.department_id)"

/* By key: the key, its name, then the sums in the order of SUMS. */
static const char *const stats_sql[] = {
    [YW_STATS_BY_ITEM] = "SELECT r.item_code, i.name," SUMS FROM " LEFT JOIN items i ON i.code = r.item_code"
                         " WHERE r.item_code IS NOT NULL AND" MINE " GROUP BY r.item_code, i.name ORDER BY r.item_code",
    [YW_STATS_BY_BUNDLE] = "SELECT r.bundle_code, b.name," SUMS FROM " LEFT JOIN bundles b ON b.code = r.bundle_code"
                           " WHERE r.bundle_code IS NOT NULL AND" MINE
                           " GROUP BY r.bundle_code, b.name ORDER BY r.bundle_code",
    [YW_STATS_BY_DEPARTMENT] = "SELECT d.code, d.name," SUMS FROM " JOIN departments d ON d.id = r.department_id"
                               " WHERE" MINE " GROUP BY d.code, d.name ORDER BY d.code",
    [YW_STATS_BY_CLERK] = "SELECT k.login, k.name," SUMS FROM " JOIN accounts k ON k.id = r.clerk_id"
                          " WHERE" MINE " GROUP BY k.login, k.name ORDER BY k.login",
};

static int cell_int(const yw_rows *rows, int row, int col) {
    const char *v = yw_rows_get(rows, row, col);
    return v ? (int)strtol(v, NULL, 10) : 0;
}

int yw_rating_stats(yw_op *op, yw_stats_by by, yw_rating_stats_row **out, int *count) {
    if (yw_op_require(op, YW_ROLE_OFFICER | YW_ROLE_SUPERVISOR | YW_ROLE_ADMIN, "read the rating figures") < 0)
        return -1;
    if ((int)by < 0 || (int)by > YW_STATS_BY_CLERK)
        return yw_fail(op->err, YW_E_FIELD_VALUE, "by", "by", "item, bundle, department, clerk");
    const char *department = NULL;
    if (!yw_actor_has(op->actor, YW_ROLE_SUPERVISOR | YW_ROLE_ADMIN)) {
        if (!op->actor->department_id) return yw_fail(op->err, YW_E_NO_DEPARTMENT, NULL);
        department = op->actor->department_id;
    }
    yw_rows rows;
    if (yw_store_run(op->store, op->arena, stats_sql[by], YW_PARAMS(YW_TEXT_P(department)), &rows, NULL, op->err) < 0)
        return -1;
    yw_rating_stats_row *r = yw_arena_calloc(op->arena, (size_t)rows.nrows + 1, sizeof *r);
    if (!r) return yw_fail(op->err, YW_E_NOMEM, NULL);
    for (int i = 0; i < rows.nrows; i++) {
        r[i].key = yw_rows_get(&rows, i, 0);
        r[i].name = yw_rows_get(&rows, i, 1);
        for (int l = 0; l < YW_RATING_LEVELS; l++) {
            r[i].levels[l] = cell_int(&rows, i, 2 + l);
            r[i].total += r[i].levels[l];
            if (yw_rating_level_is_bad((yw_rating_level)l)) r[i].bad += r[i].levels[l];
        }
        r[i].excluded = cell_int(&rows, i, 2 + YW_RATING_LEVELS);
        r[i].rectified = cell_int(&rows, i, 3 + YW_RATING_LEVELS);
        r[i].revisited = cell_int(&rows, i, 4 + YW_RATING_LEVELS);
        r[i].rectify_rate = r[i].bad ? (double)r[i].rectified / r[i].bad : -1;
        r[i].revisit_rate = r[i].rectified ? (double)r[i].revisited / r[i].rectified : -1;
    }
    *out = r;
    *count = rows.nrows;
    return 0;
}
