/* What cert.c's dispatch needs of cert_import.c. */
#ifndef YW_CERT_CLI_H
#define YW_CERT_CLI_H

#include "cli.h"

/* yiwang cert import FILE (- for standard input) on the store of db, signing with cert_key (or
 * the default key: certkey.c). The exit status. */
int cli_cert_import(const char *db, const char *file, const char *cert_key);

#endif
