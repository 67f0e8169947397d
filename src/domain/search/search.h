/* Search of the portal (办事大厅): one box that finds bundles (一件事) and items (事项) alike, by
 * their names first and by the rest of what is known of them next, in everyday words and in
 * English. Everyday words come from the city's table of synonyms (search_synonyms, schema 0035):
 * a term found in what a person typed adds its words to the search — 开饭店 → 餐饮 finds
 * 开办餐饮店. Administrators replace the table whole; anyone reads it and searches. */
#ifndef YW_SEARCH_H
#define YW_SEARCH_H

#include <stdint.h>

#include "../core/op.h"

/* Limits, used by the routes' declarations and by the domain's own checks. */
#define YW_SEARCH_QUERY_MAX 100   /* bytes of what is typed */
#define YW_SEARCH_PAGE_MAX 100    /* hits in one page */
#define YW_SEARCH_TERMS_MAX 8     /* the text and the words its synonyms add */
#define YW_SYNONYMS_MAX 500       /* terms in the table */
#define YW_SYNONYM_WORDS_MAX 10   /* words of one term */
#define YW_SYNONYM_TEXT_MAX 60    /* bytes of a term or of a word */

typedef struct {
    const char *term;   /* what people type: 开饭店 */
    const char **words; /* NULL-terminated, 1–YW_SYNONYM_WORDS_MAX: what search looks for instead: 餐饮 */
} yw_synonym;

/* The table, by term (anyone); arena memory. */
int yw_synonyms_list(yw_op *op, yw_synonym **out, int *count);

/* Replaces the table with in[0..n) (admins only), checked whole first: each term and word not
 * blank, without control characters, at most YW_SYNONYM_TEXT_MAX bytes; a term once (letters
 * compared without case); its words 1–YW_SYNONYM_WORDS_MAX, each once and not the term itself;
 * at most YW_SYNONYMS_MAX terms. Errors name /synonyms/N/term or /synonyms/N/words/M; a refused
 * table changes nothing. Audited (search.synonyms, the table before and after). */
int yw_synonyms_replace(yw_op *op, const yw_synonym *in, int n);

typedef enum { YW_HIT_BUNDLE, YW_HIT_ITEM } yw_hit_kind;

typedef struct {
    yw_hit_kind kind;
    const char *code, *name, *name_en;           /* name_en may be NULL */
    const char *department_code, *department_name; /* a bundle's lead department */
    int promised_days;                           /* items; 0 for a bundle */
    int64_t fee_fen;                             /* items */
    const char *online_depth;                    /* items; NULL for a bundle */
} yw_search_hit;

typedef struct {
    const char *q;     /* what was typed: at least one character that is not blank */
    int limit, offset; /* limit 1–YW_SEARCH_PAGE_MAX */
} yw_search_query;

/* Bundles and items matching q or a word its synonyms add (anyone), ranked: a name (Chinese or
 * English) holding q itself, then a name holding an added word, then the rest of what is known
 * (an item's code, keywords, type and department; a bundle's description, questions and its
 * items' names); within each, bundles before items, shorter names first, then by code. Letters
 * match without case. *terms gets what was searched for (q first), NULL-terminated; *total how
 * many match before limit and offset. Arena memory. */
int yw_search(yw_op *op, const yw_search_query *q, yw_search_hit **out, int *count, int *total, const char ***terms);

#endif
