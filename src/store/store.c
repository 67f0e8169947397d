/* The backend-independent part of the store: opening by URL, the statement cache, the
 * transaction helper with its retries, and migrations. */
#include "backend.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../base/embedded.h"
#include "../base/log.h"
#include "../base/time.h"

static int open_url(const char *url, yw_store **out, yw_err *err) {
    if (strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0)
        return yw_store_pg_open(url, out, err);
    if (strncmp(url, "sqlite:", 7) == 0) url += 7;
    if (!*url) return yw_err_set(err, YW_ERR_INVALID, "db", "--db sqlite: needs a file path");
    if (strstr(url, "://"))
        return yw_err_set(err, YW_ERR_INVALID, "db",
                          "--db must be postgresql://…, sqlite:PATH or a file path, not %.64s", url);
    return yw_store_sqlite_open(url, out, err);
}

int yw_store_open(const char *url, yw_store **out, yw_err *err) {
    *out = NULL;
    if (!url || !*url) url = YW_STORE_DEFAULT_URL;
    if (open_url(url, out, err) < 0) return -1;
    if (!((*out)->url = strdup(url))) {
        yw_store_close(*out);
        *out = NULL;
        return yw_fail(err, YW_E_NOMEM, NULL);
    }
    return 0;
}

int yw_store_open_another(const yw_store *s, yw_store **out, yw_err *err) {
    return yw_store_open(s->url, out, err);
}

void yw_store_close(yw_store *s) {
    if (!s) return;
    free(s->url);
    s->url = NULL;
    s->ops->close(s);
}

yw_store_kind yw_store_kind_of(const yw_store *s) { return s->kind; }

const char *yw_store_kind_name(const yw_store *s) {
    return s->kind == YW_STORE_SQLITE ? "sqlite" : "postgresql";
}

bool yw_store_in_tx(const yw_store *s) { return s->in_tx; }

/* Text parameters as typed ones: NULL stays SQL NULL. */
static int text_params(int n, const char *const *params, yw_param *out, yw_err *err) {
    if (n > YW_MAX_PARAMS) return yw_err_set(err, YW_ERR_INTERNAL, NULL, "more than %d statement parameters", YW_MAX_PARAMS);
    for (int i = 0; i < n; i++) out[i] = YW_TEXT_P(params[i]);
    return 0;
}

int yw_store_query(yw_store *s, yw_arena *a, const char *sql, int nparams, const char *const *params,
                   yw_rows *out, yw_err *err) {
    if (s->in_cursor) return yw_err_set(err, YW_ERR_INTERNAL, NULL, "a cursor holds this connection");
    yw_param p[YW_MAX_PARAMS];
    if (text_params(nparams, params, p, err) < 0) return -1;
    return s->ops->run(s, a, sql, nparams, p, out, NULL, err);
}

int yw_store_exec(yw_store *s, const char *sql, int nparams, const char *const *params, int64_t *changes,
                  yw_err *err) {
    if (s->in_cursor) return yw_err_set(err, YW_ERR_INTERNAL, NULL, "a cursor holds this connection");
    yw_param p[YW_MAX_PARAMS];
    if (text_params(nparams, params, p, err) < 0) return -1;
    return s->ops->run(s, NULL, sql, nparams, p, NULL, changes, err);
}

int yw_store_run(yw_store *s, yw_arena *a, const char *sql, int nparams, const yw_param *params, yw_rows *rows,
                 int64_t *changes, yw_err *err) {
    if (nparams > YW_MAX_PARAMS)
        return yw_err_set(err, YW_ERR_INTERNAL, NULL, "more than %d statement parameters", YW_MAX_PARAMS);
    if (s->in_cursor) return yw_err_set(err, YW_ERR_INTERNAL, NULL, "a cursor holds this connection");
    return s->ops->run(s, a, sql, nparams, params, rows, changes, err);
}

int yw_cursor_open(yw_store *s, const char *sql, int nparams, const yw_param *params, yw_cursor **out, yw_err *err) {
    if (s->in_cursor) return yw_err_set(err, YW_ERR_INTERNAL, NULL, "a cursor is open on this connection already");
    if (nparams > YW_MAX_PARAMS)
        return yw_err_set(err, YW_ERR_INTERNAL, NULL, "more than %d statement parameters", YW_MAX_PARAMS);
    if (s->ops->cursor_open(s, sql, nparams, params, out, err) < 0) return -1;
    s->in_cursor = true;
    return 0;
}

int yw_cursor_next(yw_cursor *c, yw_arena *a, int max, yw_rows *rows, yw_err *err) {
    return c->store->ops->cursor_next(c, a, max > 0 ? max : 1, rows, err);
}

void yw_cursor_close(yw_cursor *c) {
    if (!c) return;
    yw_store *s = c->store;
    s->ops->cursor_close(c);
    s->in_cursor = false;
}

const char *yw_rows_get(const yw_rows *r, int row, int col) {
    if (row < 0 || row >= r->nrows || col < 0 || col >= r->ncols) return NULL;
    return r->cells[row * r->ncols + col];
}

size_t yw_rows_len(const yw_rows *r, int row, int col) {
    const char *v = yw_rows_get(r, row, col);
    if (!v) return 0;
    return r->lens ? r->lens[row * r->ncols + col] : strlen(v);
}

void *yw_rows_fill_all(const yw_rows *r, const yw_column *cols, int ncols, size_t size, yw_arena *a) {
    char *out = yw_arena_calloc(a, (size_t)r->nrows + 1, size);
    if (!out) return NULL;
    for (int i = 0; i < r->nrows; i++) yw_rows_fill(r, i, cols, ncols, out + (size_t)i * size);
    return out;
}

void yw_rows_fill(const yw_rows *r, int row, const yw_column *cols, int ncols, void *out) {
    char *base = out;
    for (int c = 0; c < ncols; c++) {
        const char *v = yw_rows_get(r, row, c);
        void *m = base + cols[c].offset;
        switch (cols[c].type) {
        case YW_COL_TEXT: *(const char **)m = v; break;
        case YW_COL_INT: *(int *)m = v ? (int)strtol(v, NULL, 10) : 0; break;
        case YW_COL_INT64: *(int64_t *)m = v ? strtoll(v, NULL, 10) : 0; break;
        /* SQLite keeps booleans as 0/1, PostgreSQL integers too in this schema; "t" from a
         * PostgreSQL boolean expression */
        case YW_COL_BOOL: *(bool *)m = v && strcmp(v, "0") != 0 && strcmp(v, "f") != 0 && strcmp(v, "false") != 0; break;
        case YW_COL_ENUM: *(int *)m = yw_enum_from_text(cols[c].values, v); break;
        case YW_COL_SKIP: break;
        }
    }
}

int yw_store_lock(yw_store *s, const char *name, yw_err *err) {
    if (!s->in_tx) return yw_err_set(err, YW_ERR_INTERNAL, NULL, "yw_store_lock outside a transaction");
    return s->ops->lock(s, name, err);
}

int yw_store_backup(yw_store *s, const char *path, yw_backup_progress progress, void *arg, yw_err *err) {
    if (!s->ops->backup)
        return yw_err_set(err, YW_ERR_INVALID, "db",
                          "a %s store is backed up with its own tools (pg_dump, pg_basebackup), not with yiwang backup",
                          yw_store_kind_name(s));
    if (s->in_tx || s->in_read) return yw_err_set(err, YW_ERR_INTERNAL, NULL, "a backup inside a transaction");
    return s->ops->backup(s, path, progress, arg, err);
}

/* ---- statement cache: a chained hash table keyed by the SQL text ---- */

static unsigned hash_sql(const char *sql) {
    unsigned h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)sql; *p; p++) h = (h ^ *p) * 16777619u;
    return h % YW_STMT_BUCKETS;
}

yw_stmt_cache_entry *yw_stmt_cache_find(yw_stmt_cache *c, const char *sql) {
    size_t slot = ((uintptr_t)sql >> 4) % YW_STMT_RECENT;
    if (c->recent_sql[slot] == sql && strcmp(c->recent[slot]->sql, sql) == 0) return c->recent[slot];
    for (yw_stmt_cache_entry *e = c->buckets[hash_sql(sql)]; e; e = e->next)
        if (strcmp(e->sql, sql) == 0) {
            c->recent_sql[slot] = sql;
            c->recent[slot] = e;
            return e;
        }
    return NULL;
}

yw_stmt_cache_entry *yw_stmt_cache_add(yw_stmt_cache *c, const char *sql, void *handle) {
    yw_stmt_cache_entry *e = malloc(sizeof *e);
    char *copy = strdup(sql);
    if (!e || !copy) {
        free(e);
        free(copy);
        return NULL;
    }
    unsigned h = hash_sql(sql);
    e->sql = copy;
    e->handle = handle;
    e->next = c->buckets[h];
    c->buckets[h] = e;
    c->count++;
    return e;
}

void yw_stmt_cache_clear(yw_stmt_cache *c, void (*release)(void *handle)) {
    for (int i = 0; i < YW_STMT_BUCKETS; i++) {
        yw_stmt_cache_entry *e = c->buckets[i];
        while (e) {
            yw_stmt_cache_entry *next = e->next;
            release(e->handle);
            free(e->sql);
            free(e);
            e = next;
        }
        c->buckets[i] = NULL;
    }
    memset(c->recent_sql, 0, sizeof c->recent_sql);
    memset(c->recent, 0, sizeof c->recent);
    c->count = 0;
}

/* ---- transactions ---- */

static void pause_ms(int ms) {
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

int yw_store_read_begin(yw_store *s, yw_err *err) {
    if (s->in_tx || s->in_read) return yw_err_set(err, YW_ERR_INTERNAL, NULL, "a read inside a transaction");
    if (!s->ops->read_begin_sql) return 0;
    if (s->ops->run(s, NULL, s->ops->read_begin_sql, 0, NULL, NULL, NULL, err) < 0) return -1;
    s->in_read = true;
    return 0;
}

void yw_store_read_end(yw_store *s) {
    if (!s->in_read) return;
    s->ops->run(s, NULL, "COMMIT", 0, NULL, NULL, NULL, NULL);
    s->in_read = false;
}

int yw_store_tx(yw_store *s, yw_tx_fn fn, void *ctx, yw_err *err) {
    if (s->in_tx || s->in_read) return yw_err_set(err, YW_ERR_INTERNAL, NULL, "transactions do not nest");
    for (int attempt = 0;; attempt++) {
        yw_err_clear(err);
        if (s->ops->run(s, NULL, s->ops->begin_sql, 0, NULL, NULL, NULL, err) < 0) {
            if (err && err->code == YW_ERR_BUSY && attempt < 20) {
                pause_ms(1 + attempt * 5);
                continue;
            }
            return -1;
        }
        s->in_tx = true;
        int rc = fn(s, ctx, err);
        if (rc == 0) rc = s->ops->run(s, NULL, "COMMIT", 0, NULL, NULL, NULL, err);
        if (rc == 0) {
            s->in_tx = false;
            return 0;
        }
        yw_err saved;
        if (err) saved = *err;
        s->ops->run(s, NULL, "ROLLBACK", 0, NULL, NULL, NULL, NULL);
        s->in_tx = false;
        if (err) *err = saved;
        if (err && err->code == YW_ERR_BUSY && attempt < 20) {
            pause_ms(1 + attempt * 5);
            continue;
        }
        return -1;
    }
}

int yw_store_batch_begin(yw_store *s, yw_err *err) {
    if (s->in_tx || s->in_read) return yw_err_set(err, YW_ERR_INTERNAL, NULL, "transactions do not nest");
    for (int attempt = 0;; attempt++) {
        if (s->ops->run(s, NULL, s->ops->begin_sql, 0, NULL, NULL, NULL, err) == 0) break;
        if (!err || err->code != YW_ERR_BUSY || attempt >= 20) return -1;
        pause_ms(1 + attempt * 5);
    }
    s->in_tx = true;
    return 0;
}

int yw_store_batch_commit(yw_store *s, yw_err *err) {
    int rc = s->ops->run(s, NULL, "COMMIT", 0, NULL, NULL, NULL, err);
    if (rc < 0) s->ops->run(s, NULL, "ROLLBACK", 0, NULL, NULL, NULL, NULL);
    s->in_tx = false;
    return rc;
}

void yw_store_batch_abort(yw_store *s) {
    s->ops->run(s, NULL, "ROLLBACK", 0, NULL, NULL, NULL, NULL);
    s->in_tx = false;
}

int yw_store_savepoint(yw_store *s, yw_err *err) {
    return s->ops->run(s, NULL, "SAVEPOINT yw_write", 0, NULL, NULL, NULL, err);
}

int yw_store_savepoint_release(yw_store *s, yw_err *err) {
    return s->ops->run(s, NULL, "RELEASE SAVEPOINT yw_write", 0, NULL, NULL, NULL, err);
}

int yw_store_savepoint_rollback(yw_store *s, yw_err *err) {
    if (s->ops->run(s, NULL, "ROLLBACK TO SAVEPOINT yw_write", 0, NULL, NULL, NULL, err) < 0) return -1;
    return yw_store_savepoint_release(s, err);
}

/* ---- migrations ---- */

typedef struct {
    const yw_embedded_file *file;
    bool ran;
} migration_ctx;

static int apply_migration(yw_store *s, void *vctx, yw_err *err) {
    migration_ctx *m = vctx;
    m->ran = false;
    if (yw_store_lock(s, "schema_migrations", err) < 0) return -1;
    yw_arena a;
    yw_arena_init(&a);
    yw_rows rows;
    int rc = yw_store_query(s, &a, "SELECT 1 FROM schema_migrations WHERE version = $1", YW_ARGS(m->file->name),
                            &rows, err);
    bool done = rc == 0 && rows.nrows > 0;
    yw_arena_reset(&a);
    if (rc < 0 || done) return rc;
    if (s->ops->script(s, m->file->text, err) < 0) return -1;
    char now[YW_TIMESTAMP_SIZE];
    yw_timestamp_format(yw_now_ms(), now);
    if (yw_store_exec(s, "INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)",
                      YW_ARGS(m->file->name, now), NULL, err) < 0)
        return -1;
    m->ran = true;
    return 0;
}

int yw_store_migrate(yw_store *s, int *applied, yw_err *err) {
    if (applied) *applied = 0;
    if (s->ops->script(s,
                       "CREATE TABLE IF NOT EXISTS schema_migrations ("
                       " version TEXT PRIMARY KEY, applied_at TEXT NOT NULL)",
                       err) < 0) {
        /* two processes creating the table at once: one wins, the other sees it exist */
        if (!err || err->code != YW_ERR_CONFLICT) return -1;
    }
    for (size_t i = 0; i < yw_embedded_migrations_count; i++) {
        migration_ctx m = {&yw_embedded_migrations[i], false};
        if (yw_store_tx(s, apply_migration, &m, err) < 0) {
            if (err) {
                char msg[sizeof err->message];
                memcpy(msg, err->message, sizeof msg);
                yw_err_set(err, err->code, NULL, "migration %s: %s", m.file->name, msg);
            }
            return -1;
        }
        if (m.ran) {
            yw_info("store: applied migration %s", m.file->name);
            if (applied) (*applied)++;
        }
    }
    return 0;
}
