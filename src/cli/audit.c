/* yiwang audit: verify the audit chain. */
#include "cli.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "../base/buf.h"
#include "../base/json_writer.h"
#include "../base/log.h"
#include "../base/time.h"
#include "../domain/core/audit.h"

static void show_progress(int64_t checked, void *arg) {
    (void)arg;
    fprintf(stderr, "\raudit: %lld entries checked", (long long)checked);
}

static int cmd_audit(int argc, char **argv) {
    const char *db = NULL, *pos[1];
    cli_option opts[] = {{"--db", true, &db}, {NULL, false, NULL}};
    int n = cli_parse("audit", argc, argv, opts, pos, 1);
    if (n < 0) return CLI_USAGE;
    if (n != 1 || strcmp(pos[0], "verify") != 0) {
        fprintf(stderr, "yiwang audit: expected 'verify' (see yiwang audit --help)\n");
        return CLI_USAGE;
    }
    yw_store *s;
    if (cli_open_store("audit", db, &s)) return 1;
    yw_err err;
    yw_audit_report r;
    int64_t t0 = yw_mono_us();
    yw_arena a;
    yw_arena_init(&a);
    yw_op op = yw_op_make(s, &a, &yw_actor_system, &err);
    int rc = yw_audit_verify(&op, &r, show_progress, NULL);
    yw_arena_reset(&a);
    yw_store_close(s);
    if (rc < 0) return cli_fail("audit", &err);
    if (r.checked >= 10000) fprintf(stderr, "\n");
    double secs = (double)(yw_mono_us() - t0) / 1e6;
    if (r.broken_seq) {
        printf("audit chain BROKEN at entry %lld (id %s): %s; %lld entries checked in %.2f s\n",
               (long long)r.broken_seq, r.broken_id, r.reason, (long long)r.checked, secs);
        return 1;
    }
    printf("audit chain intact: %lld entries checked in %.2f s\n", (long long)r.checked, secs);
    return 0;
}

const cli_command cli_audit = {"audit", "verify [--db URL]", "check the audit log's hash chain",
     "Walks the audit chain from the first entry and names the first entry that does not fit.\n"
     "Exit status 0 when the chain is intact, 1 when it is broken.",
    cmd_audit};
