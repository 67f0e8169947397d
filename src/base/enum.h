/* States and kinds as C enums, with one table each that turns them into their text (for the
 * store and the API) and back — so that code compares enums, not strings, and the spelling of
 * each state lives in one place. */
#ifndef YW_ENUM_H
#define YW_ENUM_H

typedef struct yw_enum_text {
    int value;
    const char *text;
} yw_enum_text; /* a table ends with {0, NULL} */

/* The value of text in table, or -1 when it is none of them (or NULL). */
int yw_enum_from_text(const yw_enum_text *table, const char *text);
/* The text of value, or NULL when the table has no such value. */
const char *yw_enum_to_text(const yw_enum_text *table, int value);

#endif
