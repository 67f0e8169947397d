/* Records of CSV text (RFC 4180, and what spreadsheets write): fields separated by commas, a
 * field in double quotes may hold commas, line breaks and quotes written twice; lines end in
 * LF, CRLF or a lone CR. Each field is trimmed of the spaces, tabs and ideographic spaces
 * (U+3000) around it. The reader walks memory its caller keeps (a file read or mapped) and puts
 * each record's fields into an arena: no buffer of its own, lines of any length. Used by the
 * imports of departments and of the market-entity registry; both are fuzzed.
 *
 * And the one writer of a field, yw_csv_put, which every CSV the platform hands out (a policy's
 * payment file, the ledger's monthly dispatch) writes its texts with. */
#ifndef YW_CSV_H
#define YW_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"

typedef struct {
    const char *p, *end;
    int64_t line; /* the line p is on, from 1 */
} yw_csv;

/* The fields of one record, in arena memory. */
typedef struct {
    const char **v;
    int n, cap;
} yw_csv_record;

void yw_csv_init(yw_csv *r, const char *data, size_t len);
/* Reads the next record into f: 1 with a record (*error, a sentence in English, set when it
 * cannot be read: the rest of its line is skipped), 0 at the end of the text, -1 when out of
 * memory. */
int yw_csv_read(yw_csv *r, yw_arena *a, yw_csv_record *f, const char **error);
/* s[0..n) without the spaces, tabs and ideographic spaces around it (as each field is), as an
 * arena string; NULL when out of memory. */
char *yw_csv_trim(yw_arena *a, const char *s, size_t n);
/* A blank line, or a line of empty fields only (spreadsheets write those below the data). */
bool yw_csv_blank(const yw_csv_record *f);
/* Does a header's column name `got` read as `want` (lowercase ASCII), whatever its case? */
bool yw_csv_name_is(const char *want, const char *got);

/* Appends the text s to b as one CSV field: in double quotes (quotes written twice) when it holds
 * a comma, a quote or a line break; and, so that a spreadsheet never runs it as a formula
 * (CSV injection, CWE-1236: an enterprise named =HYPERLINK(…)), with an apostrophe before it
 * when it starts with =, +, -, @, a tab or a CR — spreadsheets show such a field as text, and
 * the apostrophe tells a reader that something was put before it. NULL is an empty field. For
 * texts only: numbers the platform computes are written as numbers. */
void yw_csv_put(yw_buf *b, const char *s);

#endif
