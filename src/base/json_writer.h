/* A streaming JSON writer: values go straight into a yw_buf, commas and nesting tracked here,
 * strings escaped UTF-8-safely (invalid UTF-8 becomes U+FFFD, control characters and U+2028/9
 * are escaped). DESIGN.md says why responses are not built as jansson trees. Misuse (a value
 * where a key is due, unbalanced ends) is a programming error caught by assert in debug builds;
 * out of memory shows as buf->failed. Nesting is limited to 64 levels. */
#ifndef YW_JSON_WRITER_H
#define YW_JSON_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

typedef struct {
    yw_buf *out;
    int depth;
    uint64_t has_items; /* bit d: the container at depth d already holds an item */
    uint64_t is_object; /* bit d: the container at depth d is an object */
    bool after_key;
} yw_jw;

void yw_jw_init(yw_jw *w, yw_buf *out);
/* Both at once: b starts empty in arena a (never freed alone) and w writes into it. */
void yw_jw_begin(yw_jw *w, yw_buf *b, yw_arena *a);
void yw_jw_obj(yw_jw *w);  /* { */
void yw_jw_arr(yw_jw *w);  /* [ */
void yw_jw_end(yw_jw *w);  /* } or ] */
void yw_jw_key(yw_jw *w, const char *key);
void yw_jw_str(yw_jw *w, const char *s); /* NULL writes null */
void yw_jw_strn(yw_jw *w, const char *s, size_t n);
void yw_jw_int(yw_jw *w, int64_t v);
void yw_jw_bool(yw_jw *w, bool v);
void yw_jw_null(yw_jw *w);
/* Writes already-serialized JSON as one value (trusted: produced by us or validated). */
void yw_jw_raw(yw_jw *w, const char *json, size_t n);
/* Shorthands for "key": value inside an object. */
void yw_jw_kstr(yw_jw *w, const char *key, const char *s);
void yw_jw_kint(yw_jw *w, const char *key, int64_t v);
void yw_jw_kbool(yw_jw *w, const char *key, bool v);
/* "key": [the strings of a NULL-terminated list] ([] for a NULL list). */
void yw_jw_kstrs(yw_jw *w, const char *key, const char *const *list);
/* Writes a quoted, escaped string into any buffer (used by the writer and by CSV/log code). */
void yw_json_escape(yw_buf *out, const char *s, size_t n);

#endif
