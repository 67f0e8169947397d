/* Enum ↔ text through one table per enum (enum.h). Tables are short: a scan is enough. */
#include "enum.h"

#include <string.h>

int yw_enum_from_text(const yw_enum_text *table, const char *text) {
    for (const yw_enum_text *e = table; text && e->text; e++)
        if (strcmp(e->text, text) == 0) return e->value;
    return -1;
}

const char *yw_enum_to_text(const yw_enum_text *table, int value) {
    for (const yw_enum_text *e = table; e->text; e++)
        if (e->value == value) return e->text;
    return NULL;
}
