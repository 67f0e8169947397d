/* The functions of src/cli/catalog.c that other commands use. */
#ifndef YW_CLI_CATALOG_H
#define YW_CLI_CATALOG_H

#include "../domain/catalog/catalog.h"

/* Reads, checks and imports a catalog file in one transaction as the system actor; -1 with err
 * when the file cannot be read or is not a catalog file (refused items are in *r). */
int cli_catalog_import_file(yw_store *s, yw_arena *a, const char *file, yw_catalog_report *r, yw_err *err);

#endif
