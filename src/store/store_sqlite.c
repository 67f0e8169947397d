/* The SQLite backend: one sqlite3 connection in WAL mode with synchronous=FULL, so that what a
 * commit acknowledged survives a crash or a power cut. Placeholders $1, $2 … are SQLite named
 * parameters; they are bound by name, so a statement may use them in any order or twice. The
 * online backup (yw_store_backup) lives here too: it needs the sqlite3 handle. */
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* Binds params to the statement's placeholders, each named $N for the N-th parameter. how is
 * SQLITE_STATIC when the values outlive the statement's use, SQLITE_TRANSIENT to copy them. */
static int bind_params(yw_store *s, sqlite3_stmt *st, int nparams, const yw_param *params,
                       sqlite3_destructor_type how, yw_err *err) {
    int used = sqlite3_bind_parameter_count(st);
    for (int idx = 1; idx <= used; idx++) {
        const char *name = sqlite3_bind_parameter_name(st, idx);
        int n = name && name[0] == '$' ? atoi(name + 1) : 0;
        if (n < 1 || n > nparams)
            return yw_err_set(err, YW_ERR_INTERNAL, NULL, "statement placeholder %s has no parameter", name ? name : "?");
        const yw_param *p = &params[n - 1];
        int rc;
        switch (p->kind) {
        case YW_PARAM_TEXT: rc = sqlite3_bind_text(st, idx, p->text, -1, how); break;
        case YW_PARAM_INT: rc = sqlite3_bind_int64(st, idx, p->i); break;
        case YW_PARAM_BYTES: rc = sqlite3_bind_blob64(st, idx, p->len ? p->bytes : "", p->len, how); break;
        default: rc = sqlite3_bind_null(st, idx); break;
        }
        if (rc != SQLITE_OK) return fail(s->conn, rc, err);
    }
    return 0;
}

/* Steps st for at most max rows, copying them into rows (arena memory; rows may be NULL to
 * discard them). *done is set when the statement has no more rows. */
static int read_rows(yw_store *s, sqlite3_stmt *st, yw_arena *a, yw_rows *rows, int max, bool *done, yw_err *err) {
    int ncols = sqlite3_column_count(st), cap = 0;
    if (rows) *rows = (yw_rows){.ncols = ncols};
    size_t *lens = NULL; /* made at the first bytes cell, as large as cells */
    *done = false;
    for (int got = 0; got < max; got++) {
        int rc = sqlite3_step(st);
        if (rc == SQLITE_DONE) {
            *done = true;
            return 0;
        }
        if (rc != SQLITE_ROW) return fail(s->conn, rc, err);
        if (!rows) continue;
        if (rows->nrows == cap) {
            int ncap = cap ? cap * 2 : 16;
            const char **cells = yw_arena_alloc(a, sizeof(char *) * (size_t)ncap * (size_t)(ncols ? ncols : 1));
            if (!cells) return yw_err_set(err, YW_ERR_NOMEM, NULL, "out of memory reading rows");
            if (rows->cells) memcpy(cells, rows->cells, sizeof(char *) * (size_t)cap * (size_t)ncols);
            rows->cells = cells;
            if (lens) {
                size_t *nl = yw_arena_calloc(a, (size_t)ncap * (size_t)ncols, sizeof *nl);
                if (!nl) return yw_err_set(err, YW_ERR_NOMEM, NULL, "out of memory reading rows");
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
                    if (!lens) return yw_err_set(err, YW_ERR_NOMEM, NULL, "out of memory reading rows");
                    for (size_t k = 0; k < cell; k++) lens[k] = rows->cells[k] ? strlen(rows->cells[k]) : 0;
                }
                *slot = yw_arena_strndup(a, b ? b : "", n);
                lens[cell] = n;
                if (!*slot) return yw_err_set(err, YW_ERR_NOMEM, NULL, "out of memory reading rows");
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
            if (!*slot) return yw_err_set(err, YW_ERR_NOMEM, NULL, "out of memory reading rows");
        }
        rows->nrows++;
    }
    return 0;
}

static int sqlite_run(yw_store *s, yw_arena *a, const char *sql, int nparams, const yw_param *params,
                      yw_rows *rows, int64_t *changes, yw_err *err) {
    sqlite3_stmt *st = NULL;
    if (prepare(s, sql, &st, err) < 0) return -1;
    bool done = false;
    /* the values outlive this call, whose bindings are cleared before it returns */
    int rc = bind_params(s, st, nparams, params, SQLITE_STATIC, err);
    if (rc == 0) rc = read_rows(s, st, a, rows, INT_MAX, &done, err);
    if (rc == 0 && changes) *changes = sqlite3_changes(s->conn);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == 0 ? 0 : -1;
}

/* A cursor is a statement of its own (not the cache's), stepped batch by batch. */
typedef struct {
    yw_cursor base;
    sqlite3_stmt *st;
    bool done;
} sqlite_cursor;

static int sqlite_cursor_open(yw_store *s, const char *sql, int nparams, const yw_param *params, yw_cursor **out,
                              yw_err *err) {
    sqlite_cursor *c = calloc(1, sizeof *c);
    if (!c) return yw_err_set(err, YW_ERR_NOMEM, NULL, "out of memory");
    int rc = sqlite3_prepare_v3(s->conn, sql, -1, 0, &c->st, NULL);
    if (rc != SQLITE_OK) {
        free(c);
        return fail(s->conn, rc, err);
    }
    /* copies: the caller's values need not outlive the open */
    if (bind_params(s, c->st, nparams, params, SQLITE_TRANSIENT, err) < 0) {
        sqlite3_finalize(c->st);
        free(c);
        return -1;
    }
    c->base.store = s;
    *out = &c->base;
    return 0;
}

static int sqlite_cursor_next(yw_cursor *base, yw_arena *a, int max, yw_rows *rows, yw_err *err) {
    sqlite_cursor *c = (sqlite_cursor *)base;
    if (c->done) {
        *rows = (yw_rows){.ncols = sqlite3_column_count(c->st)};
        return 0;
    }
    return read_rows(base->store, c->st, a, rows, max, &c->done, err);
}

static void sqlite_cursor_close(yw_cursor *base) {
    sqlite_cursor *c = (sqlite_cursor *)base;
    sqlite3_finalize(c->st);
    free(c);
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

/* fsyncs the file or directory at path. */
static int sync_path(const char *path, int flags, yw_err *err) {
    int fd = open(path, flags | O_CLOEXEC);
    if (fd < 0) return yw_err_set(err, YW_ERR_IO, "file", "cannot open %s to sync it: %s", path, strerror(errno));
    int rc = fsync(fd);
    int saved = errno;
    close(fd);
    if (rc < 0) return yw_err_set(err, YW_ERR_IO, "file", "cannot sync %s: %s", path, strerror(saved));
    return 0;
}

/* fsyncs path's directory, so that the new file's name is on disk too. */
static int sync_parent(const char *path, yw_err *err) {
    char *dir = strdup(path);
    if (!dir) return yw_err_set(err, YW_ERR_NOMEM, NULL, "out of memory");
    char *slash = strrchr(dir, '/');
    if (slash == dir) slash[1] = '\0';
    else if (slash) *slash = '\0';
    int rc = sync_path(slash ? dir : ".", O_RDONLY | O_DIRECTORY, err);
    free(dir);
    return rc;
}

/* Removes a failed backup and the journal its connection may have left. */
static void remove_backup(const char *path) {
    unlink(path);
    size_t n = strlen(path);
    char *journal = malloc(n + sizeof "-journal");
    if (!journal) return;
    memcpy(journal, path, n);
    memcpy(journal + n, "-journal", sizeof "-journal");
    unlink(journal);
    free(journal);
}

/* Pages per backup step: 4 MiB of 4 KiB pages; the progress is told after each. */
#define BACKUP_STEP_PAGES 1024

static int sqlite_backup(yw_store *s, const char *path, yw_backup_progress progress, void *arg, yw_err *err) {
    /* O_EXCL: an existing file is never overwritten, not even one made a moment ago */
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST)
            return yw_err_set(err, YW_ERR_CONFLICT, "file", "%s exists already: a backup never overwrites a file", path);
        return yw_err_set(err, YW_ERR_IO, "file", "cannot create %s: %s", path, strerror(errno));
    }
    close(fd);
    sqlite3 *dst = NULL;
    sqlite3_backup *b = NULL;
    bool reading = false;
    int rc = -1;
    /* one read transaction across all the steps: the copy is of one snapshot, and writers of the
     * store (in WAL mode) neither wait for it nor make it start over */
    if (sqlite_run(s, NULL, "BEGIN", 0, NULL, NULL, NULL, err) < 0) goto done;
    reading = true;
    if (sqlite_run(s, NULL, "SELECT COUNT(*) FROM schema_migrations", 0, NULL, NULL, NULL, err) < 0) {
        if (err && err->code == YW_ERR_STORE)
            yw_err_set(err, YW_ERR_NOT_FOUND, "db", "the store was never initialised (yiwang init): nothing to back up");
        goto done;
    }
    int r = sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
    if (r != SQLITE_OK) {
        yw_err_set(err, YW_ERR_IO, "file", "cannot open %s: %s", path, dst ? sqlite3_errmsg(dst) : sqlite3_errstr(r));
        goto done;
    }
    b = sqlite3_backup_init(dst, "main", s->conn, "main");
    if (!b) {
        yw_err_set(err, YW_ERR_STORE, NULL, "sqlite backup: %s", sqlite3_errmsg(dst));
        goto done;
    }
    for (int busy = 0;;) {
        r = sqlite3_backup_step(b, BACKUP_STEP_PAGES);
        if (r == SQLITE_OK || r == SQLITE_DONE) {
            int total = sqlite3_backup_pagecount(b);
            if (progress) progress(total - sqlite3_backup_remaining(b), total, arg);
            if (r == SQLITE_DONE) break;
            continue;
        }
        if ((r == SQLITE_BUSY || r == SQLITE_LOCKED) && busy++ < 100) {
            sqlite3_sleep(50);
            continue;
        }
        yw_err_set(err, r == SQLITE_NOMEM ? YW_ERR_NOMEM : YW_ERR_STORE, NULL, "sqlite backup: %s", sqlite3_errstr(r));
        goto done;
    }
    r = sqlite3_backup_finish(b);
    b = NULL;
    if (r != SQLITE_OK) {
        yw_err_set(err, YW_ERR_STORE, NULL, "sqlite backup: %s", sqlite3_errmsg(dst));
        goto done;
    }
    r = sqlite3_close(dst);
    dst = NULL;
    if (r != SQLITE_OK) {
        yw_err_set(err, YW_ERR_IO, "file", "cannot close %s: %s", path, sqlite3_errstr(r));
        goto done;
    }
    if (sync_path(path, O_RDONLY, err) < 0 || sync_parent(path, err) < 0) goto done;
    rc = 0;
done:
    if (b) sqlite3_backup_finish(b);
    if (dst) sqlite3_close(dst);
    if (reading) sqlite_run(s, NULL, "COMMIT", 0, NULL, NULL, NULL, NULL);
    if (rc < 0) remove_backup(path);
    return rc;
}

static const yw_store_ops sqlite_ops = {
    .run = sqlite_run,
    .cursor_open = sqlite_cursor_open,
    .cursor_next = sqlite_cursor_next,
    .cursor_close = sqlite_cursor_close,
    .script = sqlite_script,
    .begin_sql = "BEGIN IMMEDIATE",
    .read_begin_sql = "BEGIN",
    .lock = sqlite_lock,
    .backup = sqlite_backup,
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
