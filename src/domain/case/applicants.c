/* Who a clerk files a case for (帮办代办): the applicants a clerk finds at the window by an ID
 * number, a USCC or part of a name — persons and enterprises with an account, and enterprises of
 * the market-entity registry that have none yet — each with what is known of it to prefill the
 * form (name, ID number or USCC, phone, and from the registry the legal representative or
 * operator, the region, the entity's kind and status). Reads only. */
#include <ctype.h>
#include <string.h>

#include "../../base/buf.h"
#include "../../base/utf8.h"
#include "case.h"

static const yw_column applicant_columns[] = {
    YW_COLUMN(YW_COL_TEXT, yw_applicant, account_id), YW_COLUMN(YW_COL_TEXT, yw_applicant, kind),
    YW_COLUMN(YW_COL_TEXT, yw_applicant, name),       YW_COLUMN(YW_COL_TEXT, yw_applicant, id_number),
    YW_COLUMN(YW_COL_TEXT, yw_applicant, uscc),       YW_COLUMN(YW_COL_TEXT, yw_applicant, phone),
    YW_COLUMN(YW_COL_TEXT, yw_applicant, entity_name), YW_COLUMN(YW_COL_TEXT, yw_applicant, legal_rep),
    YW_COLUMN(YW_COL_TEXT, yw_applicant, region),     YW_COLUMN(YW_COL_TEXT, yw_applicant, entity_kind),
    YW_COLUMN(YW_COL_TEXT, yw_applicant, entity_status),
};
#define NCOLUMNS ((int)(sizeof applicant_columns / sizeof applicant_columns[0]))

/* '%' text '%' for LIKE, its own % _ and \ escaped (ESCAPE '\'). Arena memory, or NULL. */
static const char *contains(yw_arena *a, const char *s) {
    yw_buf b;
    yw_buf_init(&b, a);
    yw_buf_putc(&b, '%');
    for (const char *p = s; *p; p++) {
        if (*p == '%' || *p == '_' || *p == '\\') yw_buf_putc(&b, '\\');
        yw_buf_putc(&b, *p);
    }
    yw_buf_putc(&b, '%');
    return b.failed ? NULL : b.data;
}

int yw_case_applicants(yw_op *op, const char *q, yw_applicant **out, int *count) {
    *out = NULL;
    *count = 0;
    if (yw_op_require(op, YW_ROLE_CLERK, "find applicants at the window") < 0) return -1;
    size_t n = q ? strlen(q) : 0;
    if (!n || yw_utf8_blank(q, n)) return yw_fail(op->err, YW_E_FIELD_REQUIRED, "q", "q");
    if (n > YW_APPLICANT_QUERY_MAX) return yw_fail(op->err, YW_E_FIELD_TOO_LONG, "q", "q", (size_t)YW_APPLICANT_QUERY_MAX);
    /* an ID number's x and a USCC's letters as they are stored: upper case */
    char *code = yw_arena_strdup(op->arena, q);
    const char *like = contains(op->arena, q);
    if (!code || !like) return yw_fail(op->err, YW_E_NOMEM, NULL);
    for (char *p = code; *p; p++) *p = (char)toupper((unsigned char)*p);
    yw_rows acc, reg;
    /* accounts first (the registry's record beside an enterprise's), then the registry's
     * enterprises that have no account yet */
    if (yw_store_run(op->store, op->arena,
                     "SELECT a.id, a.kind, a.name, a.id_number, a.uscc, a.phone, e.name, e.legal_rep, e.region, e.kind,"
                     " e.status FROM accounts a LEFT JOIN entities e ON e.uscc = a.uscc"
                     " WHERE a.kind IN ('person', 'enterprise') AND a.disabled = 0"
                     " AND (a.login = $1 OR a.id_number = $1 OR a.uscc = $1 OR a.name LIKE $2 ESCAPE '\\')"
                     " ORDER BY a.name, a.login LIMIT $3",
                     YW_PARAMS(YW_TEXT_P(code), YW_TEXT_P(like), YW_INT_P(YW_APPLICANTS_MAX)), &acc, NULL,
                     op->err) < 0 ||
        yw_store_run(op->store, op->arena,
                     "SELECT NULL, 'enterprise', e.name, NULL, e.uscc, NULL, e.name, e.legal_rep, e.region, e.kind,"
                     " e.status FROM entities e WHERE (e.uscc = $1 OR e.name LIKE $2 ESCAPE '\\')"
                     " AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.uscc = e.uscc) ORDER BY e.name, e.uscc LIMIT $3",
                     YW_PARAMS(YW_TEXT_P(code), YW_TEXT_P(like), YW_INT_P(YW_APPLICANTS_MAX)), &reg, NULL,
                     op->err) < 0)
        return -1;
    int total = acc.nrows + reg.nrows < YW_APPLICANTS_MAX ? acc.nrows + reg.nrows : YW_APPLICANTS_MAX;
    yw_applicant *list = yw_arena_calloc(op->arena, (size_t)total + 1, sizeof *list);
    if (!list) return yw_fail(op->err, YW_E_NOMEM, NULL);
    for (int i = 0; i < total; i++)
        yw_rows_fill(i < acc.nrows ? &acc : &reg, i < acc.nrows ? i : i - acc.nrows, applicant_columns, NCOLUMNS,
                     &list[i]);
    *out = list;
    *count = total;
    return 0;
}
