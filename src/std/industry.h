/* 国民经济行业分类, GB/T 4754-2017: 20 sections (门类, letters A–T) and their 97 divisions
 * (大类, two digits 01–97). Groups and classes (3 and 4 digits) are accepted by
 * yw_industry_validate when their first two digits are a division. */
#ifndef YW_INDUSTRY_H
#define YW_INDUSTRY_H

#include <stddef.h>

#include "../base/err.h"

typedef struct {
    const char *code;    /* "C" for a section, "39" for a division */
    const char *name;
    const char *section; /* for a division, its section's letter; for a section, itself */
} yw_industry;

/* The entry for a section letter or a two-digit division, or NULL. */
const yw_industry *yw_industry_find(const char *code);
/* All entries: sections first (A–T), then divisions in order. */
const yw_industry *yw_industry_all(size_t *count);
/* 0 if code is a section letter, or 2–4 digits beginning with a known division. */
int yw_industry_validate(const char *code, const char *field, yw_err *err);

#endif
