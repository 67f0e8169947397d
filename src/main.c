/* The yiwang command: the table of commands (src/cli/commands.h), each in its own file in
 * src/cli/. Every subcommand takes --db URL. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static const cli_command *const commands[] = {
#define YW_COMMAND(name) &cli_##name,
#include "cli/commands.h"
#undef YW_COMMAND
    NULL,
};

const cli_command *cli_find(const char *name) {
    for (const cli_command *const *c = commands; *c; c++)
        if (strcmp((*c)->name, name) == 0) return *c;
    return NULL;
}

static void usage(FILE *out) {
    fprintf(out, "usage: yiwang COMMAND [OPTIONS]\n\nyiwang (一网) — one-stop government services.\n\ncommands:\n");
    for (const cli_command *const *c = commands; *c; c++) fprintf(out, "  %-10s %s\n", (*c)->name, (*c)->summary);
    fprintf(out, "\nyiwang COMMAND --help tells more of each.\n");
}

int main(int argc, char **argv) {
    if (argc < 2) {
        usage(stderr);
        return CLI_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        const cli_command *c = argc > 2 ? cli_find(argv[2]) : NULL;
        if (c) {
            printf("usage: yiwang %s %s\n\n%s\n", c->name, c->args, c->help);
            return 0;
        }
        usage(stdout);
        return 0;
    }
    const cli_command *c = cli_find(argv[1]);
    if (!c) {
        fprintf(stderr, "yiwang: unknown command %s (see yiwang --help)\n", argv[1]);
        return CLI_USAGE;
    }
    if (sodium_init() < 0) {
        fprintf(stderr, "yiwang: libsodium failed to initialise\n");
        return 1;
    }
    return c->run(argc - 1, argv + 1);
}
