/* The portal's search (search.h): what was typed, and the words the city's synonyms add to it,
 * looked for in the names and the other text of bundles and items at once, ranked in SQL; and
 * the synonyms table itself, read by anyone and replaced whole by administrators. */
#include "search.h"

#include <stdlib.h>
#include <string.h>

#include "../../base/buf.h"
#include "../../base/json_writer.h"
#include "../../base/utf8.h"
#include "../core/audit.h"

static int nomem(yw_op *op) {
    return yw_fail(op->err, YW_E_NOMEM, NULL);
}

/* s with ASCII letters lowered: Chinese has no case, and SQLite's lower() knows ASCII only. */
static char *lowered(yw_arena *a, const char *s) {
    char *out = yw_arena_strdup(a, s);
    for (char *p = out; p && *p; p++)
        if (*p >= 'A' && *p <= 'Z') *p = (char)(*p + 32);
    return out;
}

/* ---- the synonyms table ---- */

int yw_synonyms_list(yw_op *op, yw_synonym **out, int *count) {
    /* the table is public: anyone may know what search adds to their words */
    yw_rows rows;
    if (yw_store_run(op->store, op->arena, "SELECT term, word FROM search_synonyms ORDER BY term, seq", 0, NULL, &rows,
                     NULL, op->err) < 0)
        return -1;
    yw_synonym *list = yw_arena_calloc(op->arena, (size_t)rows.nrows + 1, sizeof *list);
    if (!list) return nomem(op);
    int n = 0;
    for (int i = 0; i < rows.nrows;) {
        const char *term = yw_rows_get(&rows, i, 0);
        int k = i;
        while (k < rows.nrows && strcmp(yw_rows_get(&rows, k, 0), term) == 0) k++;
        const char **words = yw_arena_calloc(op->arena, (size_t)(k - i) + 1, sizeof *words);
        if (!words) return nomem(op);
        for (int j = i; j < k; j++) words[j - i] = yw_rows_get(&rows, j, 1);
        list[n++] = (yw_synonym){.term = term, .words = words};
        i = k;
    }
    *out = list;
    *count = n;
    return 0;
}

/* A term or a word: not blank, no control characters, at most YW_SYNONYM_TEXT_MAX bytes. */
static int check_text(yw_op *op, const char *s, const char *field) {
    if (!s || yw_utf8_blank(s, strlen(s))) return yw_fail(op->err, YW_E_FIELD_BLANK, field, field);
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f) return yw_fail(op->err, YW_E_FIELD_CONTROL, field, field);
    if (strlen(s) > YW_SYNONYM_TEXT_MAX) return yw_fail(op->err, YW_E_FIELD_TOO_LONG, field, field, (size_t)YW_SYNONYM_TEXT_MAX);
    return 0;
}

/* The table as JSON, for the audit entry: [{"term":…,"words":[…]}, …]. Arena text or NULL. */
static const char *table_json(yw_op *op, const yw_synonym *list, int n) {
    yw_buf b;
    yw_jw w;
    yw_jw_begin(&w, &b, op->arena);
    yw_jw_arr(&w);
    for (int i = 0; i < n; i++) {
        yw_jw_obj(&w);
        yw_jw_kstr(&w, "term", list[i].term);
        yw_jw_kstrs(&w, "words", list[i].words);
        yw_jw_end(&w);
    }
    yw_jw_end(&w);
    return b.failed ? NULL : b.data;
}

int yw_synonyms_replace(yw_op *op, const yw_synonym *in, int n) {
    if (yw_op_require(op, YW_ROLE_ADMIN, "edit the search synonyms") < 0) return -1;
    yw_arena *a = op->arena;
    if (n > YW_SYNONYMS_MAX)
        return yw_fail(op->err, YW_E_FIELD_TOO_MANY, "synonyms", "synonyms", (long long)YW_SYNONYMS_MAX);
    const char **keys = yw_arena_calloc(a, (size_t)n + 1, sizeof *keys);
    if (!keys) return nomem(op);
    for (int i = 0; i < n; i++) {
        const char *at = yw_arena_printf(a, "/synonyms/%d/term", i), *list = yw_arena_printf(a, "/synonyms/%d/words", i);
        if (!at || !list) return nomem(op);
        if (check_text(op, in[i].term, at) < 0) return -1;
        if (!(keys[i] = lowered(a, in[i].term))) return nomem(op);
        for (int k = 0; k < i; k++)
            if (strcmp(keys[k], keys[i]) == 0) return yw_fail(op->err, YW_E_ITEM_REPEATED, at, in[i].term);
        int nw = 0;
        while (in[i].words && in[i].words[nw]) nw++;
        if (nw == 0) return yw_fail(op->err, YW_E_FIELD_REQUIRED, list, list);
        if (nw > YW_SYNONYM_WORDS_MAX) return yw_fail(op->err, YW_E_FIELD_TOO_MANY, list, list, (long long)YW_SYNONYM_WORDS_MAX);
        for (int w = 0; w < nw; w++) {
            const char *wat = yw_arena_printf(a, "/synonyms/%d/words/%d", i, w);
            if (!wat) return nomem(op);
            if (check_text(op, in[i].words[w], wat) < 0) return -1;
            if (strcmp(in[i].words[w], in[i].term) == 0) return yw_fail(op->err, YW_E_SEARCH_WORD_IS_TERM, wat, in[i].term);
            for (int k = 0; k < w; k++)
                if (strcmp(in[i].words[k], in[i].words[w]) == 0) return yw_fail(op->err, YW_E_ITEM_REPEATED, wat, in[i].words[w]);
        }
    }
    yw_synonym *before;
    int nbefore;
    if (yw_synonyms_list(op, &before, &nbefore) < 0) return -1;
    const char *before_json = table_json(op, before, nbefore), *after_json = table_json(op, in, n);
    if (!before_json || !after_json) return nomem(op);
    if (yw_store_run(op->store, a, "DELETE FROM search_synonyms", 0, NULL, NULL, NULL, op->err) < 0) return -1;
    for (int i = 0; i < n; i++)
        for (int w = 0; in[i].words[w]; w++)
            if (yw_store_run(op->store, a, "INSERT INTO search_synonyms (term, seq, word) VALUES ($1, $2, $3)",
                             YW_PARAMS(YW_TEXT_P(in[i].term), YW_INT_P(w), YW_TEXT_P(in[i].words[w])), NULL, NULL,
                             op->err) < 0)
                return -1;
    return yw_audit_append(op, "search.synonyms", "search_synonyms", "table", before_json, after_json);
}

/* ---- search ---- */

/* What to look for: q itself, then the words of every term of the table that q holds (letters
 * without case), each once, at most YW_SEARCH_TERMS_MAX in all. Lowered arena texts. */
static int terms_of(yw_op *op, const char *q, const char ***out, int *count) {
    const char **terms = yw_arena_calloc(op->arena, YW_SEARCH_TERMS_MAX + 1, sizeof *terms);
    if (!terms || !(terms[0] = lowered(op->arena, q))) return nomem(op);
    int n = 1;
    yw_synonym *table;
    int nt;
    if (yw_synonyms_list(op, &table, &nt) < 0) return -1;
    for (int i = 0; i < nt && n < YW_SEARCH_TERMS_MAX; i++) {
        const char *term = lowered(op->arena, table[i].term);
        if (!term) return nomem(op);
        if (!strstr(terms[0], term)) continue;
        for (const char **w = table[i].words; *w && n < YW_SEARCH_TERMS_MAX; w++) {
            const char *word = lowered(op->arena, *w);
            if (!word) return nomem(op);
            bool seen = false;
            for (int k = 0; k < n && !seen; k++) seen = strcmp(terms[k], word) == 0;
            if (!seen) terms[n++] = word;
        }
    }
    *out = terms;
    *count = n;
    return 0;
}

/* term as a LIKE pattern that finds it anywhere: %term%, LIKE's wildcards escaped */
static const char *anywhere(yw_arena *a, const char *term) {
    yw_buf b;
    yw_buf_init(&b, a);
    yw_buf_putc(&b, '%');
    for (const char *p = term; *p; p++) {
        if (*p == '%' || *p == '_' || *p == '\\') yw_buf_putc(&b, '\\');
        yw_buf_putc(&b, *p);
    }
    yw_buf_puts(&b, "%");
    return b.failed ? NULL : b.data;
}

/* "(lower(COL) LIKE $1 ESCAPE '\' OR … $n)" over the parameters from..to (1-based) */
static void any_like(yw_buf *b, const char *col, int from, int to) {
    yw_buf_putc(b, '(');
    for (int k = from; k <= to; k++)
        yw_buf_printf(b, "%slower(%s) LIKE $%d ESCAPE '\\'", k == from ? "" : " OR ", col, k);
    yw_buf_putc(b, ')');
}

/* One arm of the union: `table`'s rows whose text holds a term, with their rank. The parameters
 * $1..$n are the terms' patterns, q's own first. */
static void arm(yw_buf *b, bool bundle, int n) {
    const char *name = bundle ? "b.name" : "i.name", *name_en = bundle ? "coalesce(b.name_en, '')" : "coalesce(i.name_en, '')",
               *text = bundle ? "b.search_text" : "i.search_text";
    if (bundle)
        yw_buf_puts(b, "SELECT 0 AS kind, b.code AS code, b.name AS name, b.name_en AS name_en, d.code AS dcode,"
                       " d.name AS dname, 0 AS promised, 0 AS fee, NULL AS depth, ");
    else
        yw_buf_puts(b, "SELECT 1 AS kind, i.code AS code, i.name AS name, i.name_en AS name_en, d.code AS dcode,"
                       " d.name AS dname, i.promised_days AS promised, i.fee_fen AS fee, i.online_depth AS depth, ");
    /* the rank: q in a name, an added word in a name, the rest */
    yw_buf_puts(b, "CASE WHEN ");
    any_like(b, name, 1, 1);
    yw_buf_puts(b, " OR ");
    any_like(b, name_en, 1, 1);
    yw_buf_puts(b, " THEN 0");
    if (n > 1) {
        yw_buf_puts(b, " WHEN ");
        any_like(b, name, 2, n);
        yw_buf_puts(b, " OR ");
        any_like(b, name_en, 2, n);
        yw_buf_puts(b, " THEN 1");
    }
    yw_buf_printf(b, " ELSE 2 END AS tier, length(%s) AS len", name);
    yw_buf_puts(b, bundle ? " FROM bundles b JOIN departments d ON d.id = b.lead_department_id WHERE "
                          : " FROM items i JOIN departments d ON d.id = i.department_id WHERE ");
    any_like(b, text, 1, n);
    yw_buf_puts(b, " OR ");
    any_like(b, name, 1, n);
    yw_buf_puts(b, " OR ");
    any_like(b, name_en, 1, n);
}

int yw_search(yw_op *op, const yw_search_query *q, yw_search_hit **out, int *count, int *total, const char ***terms_out) {
    /* the catalog and the bundles are public: anyone searches them */
    yw_arena *a = op->arena;
    const char *text = q->q ? q->q : "";
    if (yw_utf8_blank(text, strlen(text))) return yw_fail(op->err, YW_E_FIELD_BLANK, "q", "q");
    if (strlen(text) > YW_SEARCH_QUERY_MAX) return yw_fail(op->err, YW_E_FIELD_TOO_LONG, "q", "q", (size_t)YW_SEARCH_QUERY_MAX);
    /* what is typed around the words is not part of them */
    while (*text == ' ') text++;
    char *trimmed = yw_arena_strdup(a, text);
    if (!trimmed) return nomem(op);
    for (size_t l = strlen(trimmed); l && trimmed[l - 1] == ' '; l--) trimmed[l - 1] = '\0';
    const char **terms = NULL;
    int n = 0;
    if (terms_of(op, trimmed, &terms, &n) < 0) return -1;
    int limit = q->limit > 0 && q->limit <= YW_SEARCH_PAGE_MAX ? q->limit : 20, offset = q->offset > 0 ? q->offset : 0;

    yw_param *params = yw_arena_calloc(a, (size_t)n + 3, sizeof *params);
    if (!params) return nomem(op);
    for (int k = 0; k < n; k++) {
        const char *p = anywhere(a, terms[k]);
        if (!p) return nomem(op);
        params[k] = YW_TEXT_P(p);
    }
    params[n] = YW_INT_P(limit);
    params[n + 1] = YW_INT_P(offset);
    yw_buf u;
    yw_buf_init(&u, a);
    arm(&u, true, n);
    yw_buf_puts(&u, " UNION ALL ");
    arm(&u, false, n);
    yw_buf_putc(&u, '\0');
    const char *count_sql = yw_arena_printf(a, "SELECT count(*) FROM (%s) x", u.data);
    const char *list_sql = yw_arena_printf(a,
                                           "SELECT kind, code, name, name_en, dcode, dname, promised, fee, depth FROM (%s) x"
                                           " ORDER BY tier, kind, len, code LIMIT $%d OFFSET $%d",
                                           u.data, n + 1, n + 2);
    if (u.failed || !count_sql || !list_sql) return nomem(op);
    yw_rows rows;
    if (yw_store_run(op->store, a, count_sql, n, params, &rows, NULL, op->err) < 0) return -1;
    *total = atoi(yw_rows_get(&rows, 0, 0));
    if (yw_store_run(op->store, a, list_sql, n + 2, params, &rows, NULL, op->err) < 0) return -1;
    yw_search_hit *hits = yw_arena_calloc(a, (size_t)rows.nrows + 1, sizeof *hits);
    if (!hits) return nomem(op);
    for (int i = 0; i < rows.nrows; i++) {
        const char *depth = yw_rows_get(&rows, i, 8);
        hits[i] = (yw_search_hit){.kind = atoi(yw_rows_get(&rows, i, 0)) == 0 ? YW_HIT_BUNDLE : YW_HIT_ITEM,
                                  .code = yw_rows_get(&rows, i, 1),
                                  .name = yw_rows_get(&rows, i, 2),
                                  .name_en = yw_rows_get(&rows, i, 3),
                                  .department_code = yw_rows_get(&rows, i, 4),
                                  .department_name = yw_rows_get(&rows, i, 5),
                                  .promised_days = atoi(yw_rows_get(&rows, i, 6)),
                                  .fee_fen = strtoll(yw_rows_get(&rows, i, 7), NULL, 10),
                                  .online_depth = depth};
    }
    *out = hits;
    *count = rows.nrows;
    if (terms_out) *terms_out = terms;
    return 0;
}
