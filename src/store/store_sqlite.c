/* The SQLite backend: one sqlite3 connection in WAL mode with synchronous=FULL, so that what a
 * commit acknowledged survives a crash or a power cut. Placeholders $1, $2 … are SQLite named
 * parameters; they are bound by name, so a statement may use them in any order or twice. */
#include <errno.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "backend.h"

static int fail(sqlite3 *db, int rc, yw_err *err) {
    int ext = sqlite3_extended_errcode(db);
    const char *msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        return yw_err_set(err, YW_ERR_BUSY, NULL, "store busy: %s", msg);
    if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
        return yw_err_set(err, YW_ERR_CONFLICT, NULL, "already exists: %s", msg);
    if (rc == SQLITE_NOMEM) return yw_err_set(err, YW_ERR_NOMEM, NULL, "store: out of memory");
    return yw_err_set(err, YW_ERR_STORE, NULL, "sqlite: %s", msg);
}

static void finalize_stmt(void *h) { sqlite3_finalize(h); }

static int prepare(yw_store *s, const char *sql, sqlite3_stmt **out, yw_err *err) {
    yw_stmt_cache_entry *e = yw_stmt_cache_find(&s->cache, sql);
    if (e) {
        *out = e->handle;
        return 0;
    }
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v3(s->conn, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
    if (rc != SQLITE_OK) return fail(s->conn, rc, err);
    if (!yw_stmt_cache_add(&s->cache, sql, st)) {
        sqlite3_finalize(st);
        return yw_err_set(err, YW_ERR_NOMEM, NULL, "out of memory caching a statement");
    }
    *out = st;
    return 0;
}

static int sqlite_run(yw_store *s, yw_arena *a, const char *sql, int nparams, const yw_param *params,
                      yw_rows *rows, int64_t *changes, yw_err *err) {
    sqlite3_stmt *st = NULL;
    if (prepare(s, sql, &st, err) < 0) return -1;
    int rc = 0;
    /* each placeholder the statement uses is named $N: bind the N-th parameter to it */
    int used = sqlite3_bind_parameter_count(st);
    for (int idx = 1; idx <= used; idx++) {
        const char *name = sqlite3_bind_parameter_name(st, idx);
        int n = name && name[0] == '$' ? atoi(name + 1) : 0;
        if (n < 1 || n > nparams) {
            rc = yw_err_set(err, YW_ERR_INTERNAL, NULL, "statement placeholder %s has no parameter", name ? name : "?");
            goto done;
        }
        /* SQLITE_STATIC: the values outlive the statement's use, whose bindings are cleared
         * before this function returns */
        const yw_param *p = &params[n - 1];
        switch (p->kind) {
        case YW_PARAM_TEXT: rc = sqlite3_bind_text(st, idx, p->text, -1, SQLITE_STATIC); break;
        case YW_PARAM_INT: rc = sqlite3_bind_int64(st, idx, p->i); break;
        case YW_PARAM_BYTES: rc = sqlite3_bind_blob64(st, idx, p->len ? p->bytes : "", p->len, SQLITE_STATIC); break;
        default: rc = sqlite3_bind_null(st, idx); break;
        }
        if (rc != SQLITE_OK) {
            fail(s->conn, rc, err);
            goto done;
        }
    }
    int ncols = sqlite3_column_count(st), cap = 0;
    if (rows) {
        rows->nrows = 0;
        rows->ncols = ncols;
        rows->cells = NULL;
        rows->lens = NULL;
    }
    size_t *lens = NULL; /* made at the first bytes cell, as large as cells */
    for (;;) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_DONE) break;
        if (rc != SQLITE_ROW) {
            fail(s->conn, rc, err);
            goto done;
        }
        if (!rows) continue;
        if (rows->nrows == cap) {
            int ncap = cap ? cap * 2 : 16;
            const char **cells = yw_arena_alloc(a, sizeof(char *) * (size_t)ncap * (size_t)(ncols ? ncols : 1));
            if (!cells) {
                rc = yw_err_set(err, YW_ERR_NOMEM, NULL, "out of memory reading rows");
                goto done;
            }
            if (rows->cells) memcpy(cells, rows->cells, sizeof(char *) * (size_t)cap * (size_t)ncols);
            rows->cells = cells;
            if (lens) {
                size_t *nl = yw_arena_calloc(a, (size_t)ncap * (size_t)ncols, sizeof *nl);
                if (!nl) {
                    rc = yw_err_set(err, YW_ERR_NOMEM, NULL, "out of memory reading rows");
                    goto done;
                }
                memcpy(nl, lens, sizeof *nl * (size_t)cap * (size_t)ncols);
                lens = rows->lens = nl;
            }
            cap = ncap;
        }
        for (int c = 0; c < ncols; c++) {
            const char **slot = &rows->cells[rows->nrows * ncols + c];
            size_t cell = (size_t)rows->nrows * (size_t)ncols + (size_t)c;
            if (sqlite3_column_type(st, c) == SQLITE_BLOB) {
                const void *b = sqlite3_column_blob(st, c);
                size_t n = (size_t)sqlite3_column_bytes(st, c);
                if (!lens) {
                    lens = rows->lens = yw_arena_calloc(a, (size_t)cap * (size_t)ncols, sizeof *lens);
                    if (!lens) {
                        rc = yw_err_set(err, YW_ERR_NOMEM, NULL, "out of memory reading rows");
                        goto done;
                    }
                    for (size_t k = 0; k < cell; k++) lens[k] = rows->cells[k] ? strlen(rows->cells[k]) : 0;
                }
                *slot = yw_arena_strndup(a, b ? b : "", n);
                lens[cell] = n;
                if (!*slot) {
                    rc = yw_err_set(err, YW_ERR_NOMEM, NULL, "out of memory reading rows");
                    goto done;
                }
                continue;
            }
            const char *v = (const char *)sqlite3_column_text(st, c);
            if (!v) {
                *slot = NULL;
                if (lens) lens[cell] = 0;
                continue;
            }
            size_t n = (size_t)sqlite3_column_bytes(st, c);
            if (lens) lens[cell] = n;
            *slot = yw_arena_strndup(a, v, n);
            if (!*slot) {
                rc = yw_err_set(err, YW_ERR_NOMEM, NULL, "out of memory reading rows");
                goto done;
            }
        }
        rows->nrows++;
    }
    if (changes) *changes = sqlite3_changes(s->conn);
    rc = 0;
done:
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == 0 ? 0 : -1;
}

static int sqlite_script(yw_store *s, const char *sql, yw_err *err) {
    char *msg = NULL;
    int rc = sqlite3_exec(s->conn, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        int ret = fail(s->conn, rc, err);
        if (msg && err && err->code == YW_ERR_STORE) yw_err_set(err, YW_ERR_STORE, NULL, "sqlite: %s", msg);
        sqlite3_free(msg);
        return ret;
    }
    return 0;
}

static int sqlite_lock(yw_store *s, const char *name, yw_err *err) {
    /* BEGIN IMMEDIATE took the database's write lock: every writer is serialized already. */
    (void)s, (void)name, (void)err;
    return 0;
}

static void sqlite_close(yw_store *s) {
    yw_stmt_cache_clear(&s->cache, finalize_stmt);
    sqlite3_close_v2(s->conn);
    free(s);
}

static const yw_store_ops sqlite_ops = {
    .run = sqlite_run,
    .script = sqlite_script,
    .begin_sql = "BEGIN IMMEDIATE",
    .read_begin_sql = "BEGIN",
    .lock = sqlite_lock,
    .close = sqlite_close,
};

/* Creates the directories leading to path, like mkdir -p of its dirname. */
static int make_parent_dirs(const char *path, yw_err *err) {
    char *copy = strdup(path);
    if (!copy) return yw_err_set(err, YW_ERR_NOMEM, NULL, "out of memory");
    for (char *p = copy + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        if (mkdir(copy, 0755) < 0 && errno != EEXIST) {
            yw_err_set(err, YW_ERR_IO, "db", "cannot create directory %s: %s", copy, strerror(errno));
            free(copy);
            return -1;
        }
        *p = '/';
    }
    free(copy);
    return 0;
}

/* Process-wide settings, made once before the first connection: no memory statistics, whose
 * global mutex every allocation would otherwise take. */
static void configure_sqlite(void) { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }

int yw_store_sqlite_open(const char *path, yw_store **out, yw_err *err) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, configure_sqlite);
    if (make_parent_dirs(path, err) < 0) return -1;
    yw_store *s = calloc(1, sizeof *s);
    if (!s) return yw_err_set(err, YW_ERR_NOMEM, NULL, "out of memory");
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        yw_err_set(err, YW_ERR_IO, "db", "cannot open %s: %s", path, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
        sqlite3_close_v2(db);
        free(s);
        return -1;
    }
    s->kind = YW_STORE_SQLITE;
    s->ops = &sqlite_ops;
    s->conn = db;
    sqlite3_busy_timeout(db, 5000);
    sqlite3_extended_result_codes(db, 1);
    if (sqlite_script(s,
                      "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
                      " PRAGMA temp_store=MEMORY;",
                      err) < 0) {
        sqlite_close(s);
        return -1;
    }
    *out = s;
    return 0;
}
