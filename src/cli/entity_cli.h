/* The functions of src/cli/entity.c that other commands use. */
#ifndef YW_CLI_ENTITY_H
#define YW_CLI_ENTITY_H

#include "../domain/entity/entity.h"

/* Writes the synthetic registry's entities 0 … n-1 (yw_entity_demo_row) as the system actor,
 * YW_ENTITY_BATCH_ROWS to a transaction, with a progress line on standard error; a store that
 * has them already keeps them (counted unchanged). */
int cli_entity_demo(yw_store *s, int64_t n, yw_entity_load_report *r, yw_err *err);

#endif
