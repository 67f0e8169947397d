/* The PostgreSQL backend over libpq: text parameters with server-inferred types, text results,
 * statements prepared once per connection under generated names. SQLSTATE 23505 (unique
 * violation) becomes YW_ERR_CONFLICT; 40001 and 40P01 (serialization failure, deadlock) and a
 * lost connection become YW_ERR_BUSY, so yw_store_tx tries again. */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"

static int result_error(PGresult *res, yw_err *err) {
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *msg = res ? PQresultErrorMessage(res) : "no result";
    char clean[200];
    snprintf(clean, sizeof clean, "%s", msg);
    clean[strcspn(clean, "\n")] = '\0';
    if (state && strcmp(state, "23505") == 0) return yw_err_set(err, YW_ERR_CONFLICT, NULL, "already exists: %s", clean);
    if (state && (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0))
        return yw_err_set(err, YW_ERR_BUSY, NULL, "store busy: %s", clean);
    return yw_err_set(err, YW_ERR_STORE, NULL, "postgresql: %s", clean);
}

static void free_name(void *h) { free(h); }

/* A broken connection is reset, and the statements prepared on it forgotten; outside a
 * transaction the caller may simply try again. */
static int connection_lost(yw_store *s, yw_err *err) {
    yw_stmt_cache_clear(&s->cache, free_name);
    PQreset(s->conn);
    return yw_err_set(err, YW_ERR_BUSY, NULL, "postgresql connection lost; reconnected");
}

static int prepare(yw_store *s, const char *sql, const char **name, yw_err *err) {
    yw_stmt_cache_entry *e = yw_stmt_cache_find(&s->cache, sql);
    if (e) {
        *name = e->handle;
        return 0;
    }
    char *n = malloc(24);
    if (!n) return yw_err_set(err, YW_ERR_NOMEM, NULL, "out of memory");
    snprintf(n, 24, "yw%d", s->cache.count + 1);
    PGresult *res = PQprepare(s->conn, n, sql, 0, NULL);
    if (!res || PQresultStatus(res) != PGRES_COMMAND_OK) {
        int rc = PQstatus(s->conn) == CONNECTION_BAD ? connection_lost(s, err) : result_error(res, err);
        PQclear(res);
        free(n);
        return rc;
    }
    PQclear(res);
    if (!yw_stmt_cache_add(&s->cache, sql, n)) {
        free(n);
        return yw_err_set(err, YW_ERR_NOMEM, NULL, "out of memory caching a statement");
    }
    *name = n;
    return 0;
}

#define BYTEA_OID 17

static int hexdigit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* A bytea cell in text form ("\x4865…") as bytes in the arena; NULL when out of memory or not
 * in hex form. */
static char *decode_bytea(yw_arena *a, const char *v, size_t n, size_t *len) {
    if (n < 2 || v[0] != '\\' || v[1] != 'x' || n % 2) return NULL;
    size_t m = (n - 2) / 2;
    char *out = yw_arena_alloc(a, m + 1);
    if (!out) return NULL;
    for (size_t i = 0; i < m; i++) {
        int hi = hexdigit(v[2 + 2 * i]), lo = hexdigit(v[3 + 2 * i]);
        if (hi < 0 || lo < 0) return NULL;
        out[i] = (char)(hi * 16 + lo);
    }
    out[m] = '\0';
    *len = m;
    return out;
}

/* Parameters in libpq's form: integers as text, bytes in binary format, text as it is. */
typedef struct {
    const char *values[YW_MAX_PARAMS];
    int lengths[YW_MAX_PARAMS], formats[YW_MAX_PARAMS];
    char ints[YW_MAX_PARAMS][24];
} pg_params;

static int convert_params(int nparams, const yw_param *params, pg_params *p, yw_err *err) {
    for (int i = 0; i < nparams && i < YW_MAX_PARAMS; i++) {
        p->lengths[i] = 0;
        p->formats[i] = 0;
        switch (params[i].kind) {
        case YW_PARAM_TEXT: p->values[i] = params[i].text; break;
        case YW_PARAM_INT:
            snprintf(p->ints[i], sizeof p->ints[i], "%lld", (long long)params[i].i);
            p->values[i] = p->ints[i];
            break;
        case YW_PARAM_BYTES:
            if (params[i].len > INT32_MAX) return yw_err_set(err, YW_ERR_TOO_LARGE, NULL, "a value over 2 GiB");
            p->values[i] = params[i].len ? params[i].bytes : "";
            p->lengths[i] = (int)params[i].len;
            p->formats[i] = 1;
            break;
        default: p->values[i] = NULL; break;
        }
    }
    return 0;
}

/* Appends the rows of res to rows (arena memory), growing it; *cap is its capacity in rows. */
static int append_rows(yw_arena *a, PGresult *res, yw_rows *rows, int *cap, yw_err *err) {
    int nr = PQntuples(res), nc = PQnfields(res);
    rows->ncols = nc;
    if (!nr || !nc) return 0;
    bool bytes = false;
    for (int c = 0; c < nc; c++) bytes |= PQftype(res, c) == BYTEA_OID;
    if (rows->nrows + nr > *cap) {
        int ncap = *cap ? *cap : 16;
        while (ncap < rows->nrows + nr) ncap *= 2;
        const char **cells = yw_arena_alloc(a, sizeof(char *) * (size_t)ncap * (size_t)nc);
        size_t *lens = bytes || rows->lens ? yw_arena_calloc(a, (size_t)ncap * (size_t)nc, sizeof(size_t)) : NULL;
        if (!cells || ((bytes || rows->lens) && !lens)) goto nomem;
        if (rows->nrows) memcpy(cells, rows->cells, sizeof(char *) * (size_t)rows->nrows * (size_t)nc);
        if (lens && rows->lens) memcpy(lens, rows->lens, sizeof(size_t) * (size_t)rows->nrows * (size_t)nc);
        if (lens && !rows->lens)
            for (int k = 0; k < rows->nrows * nc; k++) lens[k] = cells[k] ? strlen(cells[k]) : 0;
        rows->cells = cells;
        rows->lens = lens;
        *cap = ncap;
    }
    for (int r = 0; r < nr; r++) {
        int row = rows->nrows + r;
        for (int c = 0; c < nc; c++) {
            const char **slot = &rows->cells[row * nc + c];
            size_t *len = rows->lens ? &rows->lens[row * nc + c] : NULL;
            if (PQgetisnull(res, r, c)) {
                *slot = NULL;
                if (len) *len = 0;
                continue;
            }
            size_t n = (size_t)PQgetlength(res, r, c);
            if (PQftype(res, c) == BYTEA_OID) {
                *slot = decode_bytea(a, PQgetvalue(res, r, c), n, len);
                if (!*slot) goto nomem;
                continue;
            }
            *slot = yw_arena_strndup(a, PQgetvalue(res, r, c), n);
            if (!*slot) goto nomem;
            if (len) *len = n;
        }
    }
    rows->nrows += nr;
    return 0;
nomem:
    return yw_err_set(err, YW_ERR_NOMEM, NULL, "out of memory reading rows");
}

static int pg_run(yw_store *s, yw_arena *a, const char *sql, int nparams, const yw_param *params, yw_rows *rows,
                  int64_t *changes, yw_err *err) {
    PGresult *res;
    pg_params p;
    if (convert_params(nparams, params, &p, err) < 0) return -1;
    /* transaction control is not prepared: it takes no parameters and PostgreSQL treats it
     * specially */
    if (nparams == 0 && (strncmp(sql, "BEGIN", 5) == 0 || strcmp(sql, "COMMIT") == 0 || strncmp(sql, "ROLLBACK", 8) == 0 ||
                         strncmp(sql, "SAVEPOINT", 9) == 0 || strncmp(sql, "RELEASE", 7) == 0)) {
        res = PQexec(s->conn, sql);
    } else {
        const char *name = NULL;
        if (prepare(s, sql, &name, err) < 0) return -1;
        res = PQexecPrepared(s->conn, name, nparams, p.values, p.lengths, p.formats, 0);
    }
    ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        int rc = PQstatus(s->conn) == CONNECTION_BAD ? connection_lost(s, err) : result_error(res, err);
        PQclear(res);
        return rc;
    }
    if (rows) {
        *rows = (yw_rows){.ncols = PQnfields(res)};
        int cap = 0;
        if (append_rows(a, res, rows, &cap, err) < 0) {
            PQclear(res);
            return -1;
        }
    }
    if (changes) {
        const char *t = PQcmdTuples(res);
        *changes = t && *t ? atoll(t) : 0;
    }
    PQclear(res);
    return 0;
}

/* A cursor: the query sent in single-row mode, its rows taken as they come, batch by batch. */
typedef struct {
    yw_cursor base;
    bool done;
} pg_cursor;

static int pg_cursor_open(yw_store *s, const char *sql, int nparams, const yw_param *params, yw_cursor **out,
                          yw_err *err) {
    pg_params p;
    if (convert_params(nparams, params, &p, err) < 0) return -1;
    pg_cursor *c = calloc(1, sizeof *c);
    if (!c) return yw_err_set(err, YW_ERR_NOMEM, NULL, "out of memory");
    if (!PQsendQueryParams(s->conn, sql, nparams, NULL, p.values, p.lengths, p.formats, 0) ||
        !PQsetSingleRowMode(s->conn)) {
        char msg[200];
        snprintf(msg, sizeof msg, "%s", PQerrorMessage(s->conn));
        msg[strcspn(msg, "\n")] = '\0';
        PGresult *r;
        while ((r = PQgetResult(s->conn))) PQclear(r);
        free(c);
        return yw_err_set(err, YW_ERR_STORE, NULL, "postgresql: %s", msg);
    }
    c->base.store = s;
    *out = &c->base;
    return 0;
}

static int pg_cursor_next(yw_cursor *base, yw_arena *a, int max, yw_rows *rows, yw_err *err) {
    pg_cursor *c = (pg_cursor *)base;
    PGconn *conn = base->store->conn;
    *rows = (yw_rows){0};
    int cap = 0;
    while (!c->done && rows->nrows < max) {
        PGresult *res = PQgetResult(conn);
        if (!res) {
            c->done = true;
            break;
        }
        ExecStatusType st = PQresultStatus(res);
        int rc = 0;
        if (st == PGRES_SINGLE_TUPLE) {
            rc = append_rows(a, res, rows, &cap, err);
        } else if (st == PGRES_TUPLES_OK) {
            rows->ncols = PQnfields(res); /* the end: nothing more but the NULL result */
        } else {
            rc = result_error(res, err);
        }
        PQclear(res);
        if (rc < 0) return -1;
    }
    return 0;
}

static void pg_cursor_close(yw_cursor *base) {
    pg_cursor *c = (pg_cursor *)base;
    PGconn *conn = base->store->conn;
    if (!c->done) {
        /* closed before its end: ask the server to stop, and drain what is on its way */
        PGcancel *cancel = PQgetCancel(conn);
        char buf[256];
        if (cancel) {
            PQcancel(cancel, buf, sizeof buf);
            PQfreeCancel(cancel);
        }
    }
    PGresult *r;
    while ((r = PQgetResult(conn))) PQclear(r);
    free(c);
}

static int pg_script(yw_store *s, const char *sql, yw_err *err) {
    PGresult *res = PQexec(s->conn, sql);
    ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    int rc = 0;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) rc = result_error(res, err);
    PQclear(res);
    return rc;
}

static int pg_lock(yw_store *s, const char *name, yw_err *err) {
    return yw_store_exec(s, "SELECT pg_advisory_xact_lock(hashtext($1))", YW_ARGS(name), NULL, err);
}

static void pg_close(yw_store *s) {
    yw_stmt_cache_clear(&s->cache, free_name);
    PQfinish(s->conn);
    free(s);
}

static void quiet_notices(void *arg, const char *message) { (void)arg, (void)message; }

static const yw_store_ops pg_ops = {
    .run = pg_run,
    .cursor_open = pg_cursor_open,
    .cursor_next = pg_cursor_next,
    .cursor_close = pg_cursor_close,
    .script = pg_script,
    .begin_sql = "BEGIN",
    /* the reads of one request see one snapshot (a case is read in several statements) */
    .read_begin_sql = "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY",
    .lock = pg_lock,
    .close = pg_close,
};

int yw_store_pg_open(const char *url, yw_store **out, yw_err *err) {
    yw_store *s = calloc(1, sizeof *s);
    if (!s) return yw_err_set(err, YW_ERR_NOMEM, NULL, "out of memory");
    PGconn *conn = PQconnectdb(url);
    if (!conn || PQstatus(conn) != CONNECTION_OK) {
        char msg[200];
        snprintf(msg, sizeof msg, "%s", conn ? PQerrorMessage(conn) : "out of memory");
        msg[strcspn(msg, "\n")] = '\0';
        yw_err_set(err, YW_ERR_IO, "db", "cannot connect to PostgreSQL: %s", msg);
        PQfinish(conn);
        free(s);
        return -1;
    }
    PQsetNoticeProcessor(conn, quiet_notices, NULL);
    s->kind = YW_STORE_POSTGRES;
    s->ops = &pg_ops;
    s->conn = conn;
    if (pg_script(s, "SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'", err) < 0) {
        pg_close(s);
        return -1;
    }
    *out = s;
    return 0;
}
