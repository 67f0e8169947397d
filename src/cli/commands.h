/* The one list of `yiwang` commands, in the order --help shows them. No include guard: included
 * with YW_COMMAND defined by cli.h (declarations) and main.c (the table). */
YW_COMMAND(serve)
YW_COMMAND(init)
YW_COMMAND(admin)
YW_COMMAND(dept)
YW_COMMAND(backup)
YW_COMMAND(demo)
YW_COMMAND(audit)
YW_COMMAND(calendar)
YW_COMMAND(ledger)
YW_COMMAND(catalog)
YW_COMMAND(entity)
YW_COMMAND(jobs)
