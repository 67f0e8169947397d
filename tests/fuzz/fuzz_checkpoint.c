/* Fuzz target: a checkpoint line is outside input (a file kept on another machine). Any bytes go
 * through the parser; what it accepts must have every member in its form, be written back as a
 * line that parses to the same checkpoint, and give signed bytes of bounded length. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/core/audit.h"

static bool lower_hex(const char *s, size_t n) {
    if (strlen(s) != n) return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) return false;
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    yw_checkpoint cp;
    yw_err err;
    if (yw_checkpoint_parse((const char *)data, size, &cp, &err) < 0) return 0;
    if (cp.seq < 0 || !lower_hex(cp.head, 64) || !lower_hex(cp.key_id, 16) || strlen(cp.at) != 24) abort();
    char msg[YW_CHECKPOINT_MESSAGE_MAX];
    size_t n = yw_checkpoint_message(&cp, msg);
    if (n == 0 || n >= YW_CHECKPOINT_MESSAGE_MAX - 1 || strlen(msg) != n) abort();
    yw_arena a;
    yw_arena_init(&a);
    yw_buf b;
    yw_jw w;
    yw_jw_begin(&w, &b, &a);
    yw_checkpoint_write(&w, &cp);
    if (b.failed) abort();
    yw_checkpoint back;
    if (yw_checkpoint_parse(b.data, b.len, &back, &err) < 0) abort();
    if (memcmp(&back, &cp, sizeof cp) != 0) abort();
    yw_arena_reset(&a);
    return 0;
}
