/* The storage interface. One yw_store is one connection to either backend, SQLite (embedded,
 * the default) or PostgreSQL (libpq); it belongs to one thread at a time (each server worker and
 * each job opens its own). SQL is written once with $1, $2 … placeholders, which both backends
 * accept; parameters and results are text (NULL for SQL NULL), which keeps the two backends
 * identical to their callers. Statements are prepared once per connection and cached.
 *
 * Every write goes through yw_store_tx: one transaction that either commits whole or changes
 * nothing, retried when the backend reports a busy database or a serialization failure. */
#ifndef YW_STORE_H
#define YW_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/arena.h"
#include "../base/enum.h"
#include "../base/err.h"

typedef struct yw_store yw_store;

typedef enum { YW_STORE_SQLITE, YW_STORE_POSTGRES } yw_store_kind;

/* The result of a query: nrows × ncols cells, row-major; a NULL cell is SQL NULL. A text or
 * number cell is NUL-terminated text; a BLOB/BYTEA cell holds bytes (NUL-terminated too, for
 * safety) whose length is in lens. All of it lives in the arena passed to the query. */
typedef struct {
    int nrows, ncols;
    const char **cells;
    size_t *lens; /* NULL unless some cell holds bytes; then one length per cell */
} yw_rows;

/* A statement parameter bound as what it is. */
typedef enum { YW_PARAM_NULL, YW_PARAM_TEXT, YW_PARAM_INT, YW_PARAM_BYTES } yw_param_kind;
typedef struct {
    yw_param_kind kind;
    const char *text;
    int64_t i;
    const void *bytes;
    size_t len;
} yw_param;
static inline yw_param yw_text_param(const char *s) {
    return (yw_param){.kind = s ? YW_PARAM_TEXT : YW_PARAM_NULL, .text = s};
}
#define YW_TEXT_P(s) yw_text_param(s)
#define YW_INT_P(v) ((yw_param){.kind = YW_PARAM_INT, .i = (int64_t)(v)})
#define YW_BYTES_P(p, n) ((yw_param){.kind = YW_PARAM_BYTES, .bytes = (p), .len = (n)})
#define YW_NULL_P ((yw_param){.kind = YW_PARAM_NULL})
/* Counts a typed parameter list written inline: yw_store_run(s, a, sql, YW_PARAMS(YW_INT_P(n)), …) */
#define YW_PARAMS(...)                                                                                     \
    (int)(sizeof((yw_param[]){__VA_ARGS__}) / sizeof(yw_param)), (yw_param[]) { __VA_ARGS__ }
#define YW_MAX_PARAMS 64

/* How a column of a result fills a member of a struct. YW_COL_ENUM turns the text into an enum
 * member through its table (base/enum.h; -1 for a text not in it). */
typedef enum { YW_COL_TEXT, YW_COL_INT, YW_COL_INT64, YW_COL_BOOL, YW_COL_ENUM, YW_COL_SKIP } yw_col_type;
typedef struct {
    yw_col_type type;
    size_t offset;                  /* of the member in the struct */
    const yw_enum_text *values; /* YW_COL_ENUM: the enum's table */
} yw_column;
#define YW_COLUMN(type, st, member) {(type), offsetof(st, member), NULL}
#define YW_COLUMN_ENUM(st, member, table) {YW_COL_ENUM, offsetof(st, member), (table)}

/* The default store when no --db is given: an SQLite file under var/. */
#define YW_STORE_DEFAULT_URL "sqlite:var/yiwang.db"

/* Opens a connection. url: "postgresql://…" or "postgres://…" for PostgreSQL (libpq's URI
 * form); "sqlite:PATH", or a plain path, for SQLite (its directory is created if missing); NULL
 * or "" for YW_STORE_DEFAULT_URL. *out is owned by the caller and released by yw_store_close. */
int yw_store_open(const char *url, yw_store **out, yw_err *err);
/* Another connection to the store s is connected to (a cursor's reader beside a writer). */
int yw_store_open_another(const yw_store *s, yw_store **out, yw_err *err);
void yw_store_close(yw_store *s);
yw_store_kind yw_store_kind_of(const yw_store *s);
/* "sqlite" or "postgresql" */
const char *yw_store_kind_name(const yw_store *s);

/* Runs the numbered migrations not yet applied (src/store/schema/, built into the binary), each
 * in its own transaction; *applied receives how many ran. Safe to run from several processes at
 * once. */
int yw_store_migrate(yw_store *s, int *applied, yw_err *err);

/* Runs one statement and returns its rows (if any) in arena memory. A unique-key violation is
 * YW_ERR_CONFLICT; a busy database or serialization failure YW_ERR_BUSY. */
int yw_store_query(yw_store *s, yw_arena *a, const char *sql, int nparams, const char *const *params,
                   yw_rows *out, yw_err *err);
/* Runs one statement without rows; *changes (if not NULL) receives the rows it changed. */
int yw_store_exec(yw_store *s, const char *sql, int nparams, const char *const *params, int64_t *changes,
                  yw_err *err);
/* Runs one statement with typed parameters; rows (may be NULL) as yw_store_query, changes (may
 * be NULL) as yw_store_exec. */
int yw_store_run(yw_store *s, yw_arena *a, const char *sql, int nparams, const yw_param *params, yw_rows *rows,
                 int64_t *changes, yw_err *err);

/* The cell at (row, col), or NULL for SQL NULL or out of range. */
const char *yw_rows_get(const yw_rows *r, int row, int col);
/* The length in bytes of a cell (0 for NULL). */
size_t yw_rows_len(const yw_rows *r, int row, int col);
/* Fills the struct at out from row `row`: result column i goes to cols[i] (the SELECT list and
 * the column table are written side by side, in the same order). Text members point into the
 * rows' arena; NULL integers are 0. */
void yw_rows_fill(const yw_rows *r, int row, const yw_column *cols, int ncols, void *out);
/* Every row into an array of structs of `size` bytes each (zeroed first, one more zeroed at the
 * end), in arena memory; NULL when out of memory. */
void *yw_rows_fill_all(const yw_rows *r, const yw_column *cols, int ncols, size_t size, yw_arena *a);

/* Runs fn inside one transaction: commit when it returns 0, roll back when it returns -1 (its
 * err is passed on). When the backend reports YW_ERR_BUSY, the whole transaction, fn included,
 * is tried again (up to 20 times, with growing pauses): fn must therefore do nothing outside
 * the store that it cannot do twice. Transactions do not nest. */
typedef int (*yw_tx_fn)(yw_store *s, void *ctx, yw_err *err);
int yw_store_tx(yw_store *s, yw_tx_fn fn, void *ctx, yw_err *err);
/* Inside a transaction: waits until no other transaction holds the lock `name`, and holds it
 * until this one ends. Serializes writers of one hot row, e.g. the head of the audit chain.
 * (SQLite serializes all writers already.) */
int yw_store_lock(yw_store *s, const char *name, yw_err *err);
bool yw_store_in_tx(const yw_store *s);

/* Group commit, for the server's one writer: a batch is one transaction in which each write
 * runs inside its own savepoint, so that a failing write rolls back alone and the batch
 * commits once (one fsync) for all of them. begin retries a busy store like yw_store_tx. */
int yw_store_batch_begin(yw_store *s, yw_err *err);
int yw_store_batch_commit(yw_store *s, yw_err *err);
void yw_store_batch_abort(yw_store *s);
int yw_store_savepoint(yw_store *s, yw_err *err);
int yw_store_savepoint_release(yw_store *s, yw_err *err);
/* Undoes everything since the savepoint and releases it. */
int yw_store_savepoint_rollback(yw_store *s, yw_err *err);

/* A backup: a copy of the whole store in a new file, made while the store goes on serving. */
typedef void (*yw_backup_progress)(int64_t pages_done, int64_t pages_total, void *arg);
/* Copies the store into a new file at path with SQLite's online backup API, as one consistent
 * snapshot: readers and writers of the store go on meanwhile (the copy is of the moment it
 * started). Refuses a path that exists (YW_ERR_CONFLICT) and a store that was never initialised
 * (YW_ERR_NOT_FOUND); the copy (mode 0600: it holds password hashes and personal data) and its
 * directory are fsynced before it returns, and a failed copy is removed. progress (may be NULL)
 * is called after each step of a few MiB. A PostgreSQL store is YW_ERR_INVALID: it is backed up
 * with pg_dump or pg_basebackup (docs/operating.md). Not inside a transaction. */
int yw_store_backup(yw_store *s, const char *path, yw_backup_progress progress, void *arg, yw_err *err);

/* Brackets several reads that belong together (one GET request): they see one snapshot of the
 * store (on PostgreSQL a read-only REPEATABLE READ transaction, two round trips more; on SQLite
 * a read transaction, whose file locks are taken once rather than per statement). No writes in
 * between; yw_store_tx inside is an error. */
int yw_store_read_begin(yw_store *s, yw_err *err);
void yw_store_read_end(yw_store *s);

/* A cursor: a query whose rows are read in batches, for reads too large for one arena (an
 * export, a pass over the registry). Each batch goes into an arena the caller resets between
 * batches, so memory stays bounded however many rows there are. While a cursor is open, its
 * connection runs nothing else. */
typedef struct yw_cursor yw_cursor;
int yw_cursor_open(yw_store *s, const char *sql, int nparams, const yw_param *params, yw_cursor **out, yw_err *err);
/* The next batch of at most max rows (rows->nrows == 0 at the end). */
int yw_cursor_next(yw_cursor *c, yw_arena *a, int max, yw_rows *rows, yw_err *err);
void yw_cursor_close(yw_cursor *c);

/* Counts a parameter list written inline: yw_store_query(s, a, sql, YW_ARGS(x, y), &rows, err) */
#define YW_ARGS(...)                                                                                       \
    (int)(sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *)), (const char *const[]) {       \
        __VA_ARGS__                                                                                        \
    }
#define YW_NOARGS 0, NULL

#endif
