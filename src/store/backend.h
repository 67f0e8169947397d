/* The inside of yw_store shared by store.c and the two backends: a table of functions each
 * backend fills, and the prepared-statement cache both use. Not included outside src/store/. */
#ifndef YW_STORE_BACKEND_H
#define YW_STORE_BACKEND_H

#include "store.h"

typedef struct yw_stmt_cache_entry {
    struct yw_stmt_cache_entry *next;
    char *sql;    /* owned */
    void *handle; /* sqlite3_stmt*, or the statement's name for PostgreSQL (owned) */
} yw_stmt_cache_entry;

#define YW_STMT_BUCKETS 256

#define YW_STMT_RECENT 64

typedef struct {
    yw_stmt_cache_entry *buckets[YW_STMT_BUCKETS];
    int count;
    /* by the address of the SQL text: the literals callers pass come back at the same address,
     * so most lookups skip hashing (the text is still compared: an address can be reused) */
    const char *recent_sql[YW_STMT_RECENT];
    yw_stmt_cache_entry *recent[YW_STMT_RECENT];
} yw_stmt_cache;

typedef struct {
    /* run one statement; rows may be NULL for statements without results */
    int (*run)(yw_store *s, yw_arena *a, const char *sql, int nparams, const yw_param *params, yw_rows *rows,
               int64_t *changes, yw_err *err);
    /* cursors: a statement whose rows are read batch by batch (store.h) */
    int (*cursor_open)(yw_store *s, const char *sql, int nparams, const yw_param *params, yw_cursor **out,
                       yw_err *err);
    int (*cursor_next)(yw_cursor *c, yw_arena *a, int max, yw_rows *rows, yw_err *err);
    void (*cursor_close)(yw_cursor *c);
    /* run a script of several statements without parameters (migrations) */
    int (*script)(yw_store *s, const char *sql, yw_err *err);
    const char *begin_sql;      /* e.g. "BEGIN IMMEDIATE" */
    const char *read_begin_sql; /* for yw_store_read_begin, NULL when it is a no-op */
    int (*lock)(yw_store *s, const char *name, yw_err *err);
    /* yw_store_backup; NULL when the backend has tools of its own for it */
    int (*backup)(yw_store *s, const char *path, yw_backup_progress progress, void *arg, yw_err *err);
    void (*close)(yw_store *s);
} yw_store_ops;

/* The part of a cursor both backends share; each backend's cursor starts with it. */
struct yw_cursor {
    yw_store *store;
};

struct yw_store {
    yw_store_kind kind;
    const yw_store_ops *ops;
    void *conn; /* sqlite3* or PGconn* */
    yw_stmt_cache cache;
    bool in_tx, in_read;
    bool in_cursor; /* a cursor is open: the connection is its until it closes */
    char *url;      /* as opened (malloc, freed by yw_store_close): another connection to the same store */
};

int yw_store_sqlite_open(const char *path, yw_store **out, yw_err *err);
int yw_store_pg_open(const char *url, yw_store **out, yw_err *err);

/* The cache entry for sql, or NULL. */
yw_stmt_cache_entry *yw_stmt_cache_find(yw_stmt_cache *c, const char *sql);
/* Adds sql with its handle; returns the entry, or NULL when out of memory (handle not kept). */
yw_stmt_cache_entry *yw_stmt_cache_add(yw_stmt_cache *c, const char *sql, void *handle);
/* Calls release on each handle and empties the cache. */
void yw_stmt_cache_clear(yw_stmt_cache *c, void (*release)(void *handle));

#endif
