/* 行政区划代码, GB/T 2260: six digits, province (2) + prefecture (2) + county (2). The table
 * holds every province-level, prefecture-level and county-level division of the country
 * (data/gbt2260-regions.tsv, built into the binary; its source and edition in data/README.md).
 * A county-level division's parent is its prefecture, or its province where the code list has
 * no prefecture row: the municipalities' districts (110101 → 110000) and the county-level
 * divisions governed directly by a province (429004 仙桃市 → 420000). Hong Kong, Macau and
 * Taiwan are at province level only. The table is read once, at first use, by any thread. */
#ifndef YW_REGION_H
#define YW_REGION_H

#include <stdbool.h>
#include <stddef.h>

#include "../base/err.h"

typedef struct {
    const char *code;   /* six digits */
    const char *name;   /* e.g. 市南区 */
    const char *parent; /* code of the containing division, NULL for a province-level one */
} yw_region;

/* The entry for a six-digit code, or NULL. */
const yw_region *yw_region_find(const char *code);
/* All entries, in code order; *count receives their number. Entries and their strings live as
 * long as the process. */
const yw_region *yw_region_all(size_t *count);
/* True when the first two characters of s are a province-level code. */
bool yw_region_province_known(const char *s);
/* 0 if code is a known region code; otherwise -1 with YW_ERR_INVALID naming field. */
int yw_region_validate(const char *code, const char *field, yw_err *err);

#endif
