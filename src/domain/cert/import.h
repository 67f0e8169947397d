/* Importing a city's existing certificates (a migration of its paper and older electronic ones):
 * `yiwang cert import FILE` and POST /api/v1/cert-imports, which share everything here.
 *
 * The file is CSV or JSON lines, told apart by its content (a first character `{` is JSON lines),
 * in UTF-8, with or without a BOM:
 *   CSV         a header naming type, number, holder, holder_name, valid_from and valid_until (in
 *               any order), then one column per field key (entity.name …); a row's empty cells
 *               are fields it does not give, so one file may hold several types;
 *   JSON lines  one object a line: {"type","number","holder","holder_name","valid_from",
 *               "valid_until","fields":{}} (valid_from, valid_until and fields may be left out);
 *               blank lines are skipped.
 * type is a type's code or name, number the certificate's printed number, holder the USCC or ID
 * number, dates YYYY-MM-DD (valid_from empty: today; valid_until empty: the type's validity).
 *
 * The reader streams: it holds one buffer of the file (YW_CERT_IMPORT_CHUNK, growing to the
 * longest record, at most YW_CERT_IMPORT_LINE_MAX) and one batch of rows, never the whole file,
 * however many millions of rows it has. A row that cannot be read is returned with its line and
 * its error (zh-CN and English, naming the column) and the reading goes on; only a bad header, a
 * line longer than the limit, or the source failing stop it. Pure text work: no store, no clock.
 *
 * yw_cert_import_run reads, checks and issues in batches of YW_CERT_IMPORT_BATCH rows through
 * yw_cert_issue_batch (bulk.c): a certificate already there (same type and number) is left
 * alone, so a second run of the same file changes nothing. */
#ifndef YW_CERT_IMPORT_H
#define YW_CERT_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../../base/arena.h"
#include "../../base/err.h"
#include "cert.h"

#define YW_CERT_IMPORT_CHUNK (1 << 20)    /* bytes read from the source at a time */
#define YW_CERT_IMPORT_LINE_MAX (1 << 20) /* the longest record (1 MiB) */
#define YW_CERT_IMPORT_BATCH 4096         /* rows issued in one batch */
/* bytes of a file posted to the API: 10 MiB (some 50,000 licences), the largest body the server
 * takes anyway (an upload's); a larger limit would let every route be sent that much before its
 * own limit refuses it. A city's whole registry goes through `yiwang cert import`, or in parts. */
#define YW_CERT_IMPORT_MAX (10 << 20)
#define YW_CERT_IMPORT_BAD_LISTED 100     /* bad rows an import's result lists (all are counted) */
#define YW_CERT_NUMBER_MAX 64             /* characters of a printed number */

/* The source of the file's bytes: up to cap bytes into buf, *got 0 at its end; -1 with err
 * filled when it fails. */
typedef int (*yw_cert_import_read_fn)(void *ctx, char *buf, size_t cap, size_t *got, yw_err *err);

typedef struct {
    yw_cert_import_read_fn read;
    void *ctx;
    char *buf; /* malloc'd, owned by the reader; freed by yw_cert_import_close */
    size_t pos, len, cap;
    bool eof, started, json;
    int64_t line;     /* the line buf[pos] is on */
    int64_t consumed; /* bytes of the file read past */
    yw_arena header;  /* the CSV header's column names */
    const char **columns;
    int ncolumns;
    int col[6]; /* column of type, number, holder, holder_name, valid_from, valid_until */
} yw_cert_import_reader;

/* One row: the issue's input (texts in the caller's arena), or the error that refuses it. */
typedef struct {
    int64_t line;
    yw_cert_issue_in in;
    bool bad;
    yw_err err;
} yw_cert_import_row;

void yw_cert_import_open(yw_cert_import_reader *r, yw_cert_import_read_fn read, void *ctx);
/* The next row into *row, its texts in a: 1 with a row (row->bad when refused), 0 at the end,
 * -1 with err filled when the file cannot be read on (the source failed, a bad header, a line
 * too long, no memory). */
int yw_cert_import_next(yw_cert_import_reader *r, yw_arena *a, yw_cert_import_row *row, yw_err *err);
void yw_cert_import_close(yw_cert_import_reader *r);

/* ---- the whole import ---- */

typedef struct {
    int64_t rows, imported, already, bad;
    int64_t bytes; /* of the file read so far */
} yw_cert_import_counts;

typedef struct {
    /* each refused row, in file order (may be NULL) */
    void (*bad_row)(void *arg, int64_t line, const yw_err *e);
    /* after each batch; -1 stops the import (a job that lost its lease), err filled (may be NULL) */
    int (*progress)(void *arg, const yw_cert_import_counts *c, yw_err *err);
    void *arg;
} yw_cert_import_hooks;

/* Imports every row of r on store s as actor (the system from the command line; the officer or
 * admin who posted the file), each batch in its own transactions (yw_cert_issue_batch): officers
 * import their department's types only, a row of another's refused like a bad one. Not inside a
 * transaction. base_url: yw_cert_base_url. 0 with *out counted, or -1 with err (batches before
 * it stay imported; a second run goes on where it stopped). */
int yw_cert_import_run(yw_store *s, const yw_actor *actor, yw_cert_import_reader *r, const char *base_url,
                       const yw_cert_import_hooks *hooks, yw_cert_import_counts *out, yw_err *err);

/* ---- through the API (jobs.c) ---- */

typedef struct {
    const void *bytes;
    size_t len;
    const char *media_type; /* as declared: text/csv or application/x-ndjson */
} yw_cert_import_file;

/* Keeps the file in the store (cert_imports, in chunks, so that any server's job thread reads it)
 * and queues the job cert.import that imports it as the actor: officers and admins. *job_id the
 * job's id (arena). */
int yw_cert_import_submit(yw_op *op, const yw_cert_import_file *in, const char **job_id);

#endif
