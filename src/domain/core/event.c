/* Events between concepts (event.h): the subscribers of a kind called in the table's order. */
#include "event.h"

#include <string.h>

static bool matches(const char *pattern, const char *kind) {
    size_t n = strlen(pattern);
    if (n && pattern[n - 1] == '.') return strncmp(pattern, kind, n) == 0;
    return strcmp(pattern, kind) == 0;
}

int yw_event_raise(yw_op *op, yw_event *ev) {
    for (const yw_subscriber *s = yw_subscribers; s->kind; s++)
        if (matches(s->kind, ev->kind) && s->handle(op, ev) < 0) return -1;
    return 0;
}
