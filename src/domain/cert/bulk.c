/* Issuing many certificates at once (yw_cert_issue_batch, cert.h): the import's path, where a
 * city brings in two million licences and signing is the ceiling. A batch goes in four steps,
 * only two of them in a transaction, each paying its costs once for the whole batch:
 *   1. checks, no transaction: each row as yw_cert_issue checks one, with the types read once;
 *      the numbers there already looked up by type, fifty at a time; duplicates in the batch
 *      found by sorting it;
 *   2. a short write transaction that reserves: each type's serial counter advanced by its
 *      rows, and for each status purpose the newest list's count raised by the rows it takes
 *      (a new list opened when it is 3/4 full), its taken indexes read once into a bitmap, and
 *      free ones chosen at random from it;
 *   3. no transaction: the credentials built and signed on as many threads as there are cores,
 *      each with an arena of its own;
 *   4. one write transaction: the rows (ON CONFLICT of type and number: another import got there
 *      first, counted as already there) and their audit entries.
 * Between 2 and 4 another writer may take one of the chosen indexes (it sees only committed
 * rows): the unique index refuses the row, the transaction rolls back, and the batch goes back
 * to 2 with new indexes and serials (the ones skipped are never reused: identifiers stay unique). */
#include "internal.h"

#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../base/json_writer.h"
#include "../../base/utf8.h"
#include "../../std/certid.h"
#include "../core/audit.h"

#define LOOKUP_CHUNK 50 /* numbers looked up by one statement */
#define MAX_THREADS 16
#define ATTEMPTS 3

typedef struct {
    const yw_cert_issue_in *in;
    const yw_cert_type *t;
    yw_cert c;
    const char *jws;
    bool refused; /* by the checks, with err */
    yw_err err;
} row;

typedef struct {
    yw_op *op;
    row *rows;
    int *good, ngood; /* the rows to issue, by index into rows */
    yw_cert_type *types;
    int ntypes;
    const yw_jose_signer *signer;
    const char *base;
    int issued, already;   /* already: found by the lookup */
    int raced;             /* already: another import committed the number first */
    yw_cert_batch_report *out;
} batch;

static int fail_row(yw_op *op, yw_cert_batch_report *out, int i) {
    yw_err *e = yw_arena_alloc(op->arena, sizeof *e);
    if (!e) return yw_fail(op->err, YW_E_NOMEM, NULL);
    *e = *op->err;
    out->errors[i] = e;
    out->outcome[i] = YW_CERT_BATCH_BAD;
    out->bad++;
    yw_err_clear(op->err);
    return 0;
}

/* ---- 1. checks ---- */

/* The type of code or name among the batch's, and its place in them (*idx). */
static const yw_cert_type *type_of(batch *b, const char *code_or_name, int *idx) {
    for (int k = 0; k < b->ntypes; k++)
        if (strcmp(b->types[k].code, code_or_name) == 0 || strcmp(b->types[k].name, code_or_name) == 0) {
            *idx = k;
            return &b->types[k];
        }
    return NULL;
}

/* Checks row i with op (an op of the checking thread's own: its arena and its error): 0, or -1
 * with op->err (the row is refused). may[k] says whether the actor may issue type k (1 yes, -1
 * no with the error in may_err[k]), asked once per batch before the threads start. */
static int check_row(batch *b, yw_op *op, int i, const signed char *may, const yw_err *may_err) {
    row *r = &b->rows[i];
    const yw_cert_issue_in *in = r->in;
    int k;
    r->t = in->type ? type_of(b, in->type, &k) : NULL;
    if (!r->t) return yw_fail(op->err, YW_E_CERT_TYPE, "type", in->type ? in->type : "");
    if (may[k] < 0) {
        *op->err = may_err[k];
        return -1;
    }
    if (r->t->national && !in->imported) return yw_fail(op->err, YW_E_CERT_NATIONAL, "type", r->t->name, r->t->name_en);
    if (cert_check_holder(op, r->t, in->holder_id) < 0) return -1;
    if (!in->holder_name || yw_utf8_blank(in->holder_name, strlen(in->holder_name)) ||
        yw_utf8_chars(in->holder_name) > YW_CERT_HOLDER_NAME_MAX)
        return yw_fail(op->err, YW_E_CERT_HOLDER_NAME, "holder_name");
    if (!in->number) return yw_fail(op->err, YW_E_CERT_IMPORT_REQUIRED, "number", "证照编号（number）", "the number");
    if (cert_check_fields(op, r->t, in->fields, &r->c.fields) < 0) return -1;
    return cert_validity(op, in, r->t, &r->c);
}

typedef struct {
    batch *b;
    int n;
    atomic_int *next;
    const signed char *may;
    const yw_err *may_err;
    yw_arena arena; /* the checked rows' texts: kept until the batch ends */
    yw_err err;
} checker_thread;

static void *check_rows(void *arg) {
    checker_thread *ct = arg;
    yw_op op = *ct->b->op;
    op.arena = &ct->arena;
    op.err = &ct->err;
    for (int i; (i = atomic_fetch_add(ct->next, 1)) < ct->n;) {
        row *r = &ct->b->rows[i];
        yw_err_clear(&ct->err);
        r->refused = check_row(ct->b, &op, i, ct->may, ct->may_err) < 0;
        if (r->refused) r->err = ct->err;
    }
    return NULL;
}

/* Checks rows [0, n) on nthreads threads, this one among them. */
static void check_all(batch *b, int n, checker_thread *ct, int nthreads, const signed char *may, const yw_err *may_err) {
    pthread_t tid[MAX_THREADS];
    bool started[MAX_THREADS] = {false};
    atomic_int next = 0;
    for (int t = 0; t < nthreads; t++) {
        ct[t].b = b;
        ct[t].n = n;
        ct[t].next = &next;
        ct[t].may = may;
        ct[t].may_err = may_err;
        if (t > 0) started[t] = pthread_create(&tid[t], NULL, check_rows, &ct[t]) == 0;
    }
    check_rows(&ct[0]);
    for (int t = 1; t < nthreads; t++)
        if (started[t]) pthread_join(tid[t], NULL);
}

static int by_type_number(const void *x, const void *y, void *ctx) {
    const row *rows = ctx;
    const row *a = &rows[*(const int *)x], *b = &rows[*(const int *)y];
    int c = strcmp(a->t->code, b->t->code);
    if (c) return c;
    c = strcmp(a->in->number, b->in->number);
    return c ? c : *(const int *)x - *(const int *)y; /* the earlier row first */
}

static int cmp_good(const void *x, const void *y) { return *(const int *)x - *(const int *)y; }

/* Marks the rows whose type and number are there already, or earlier in the batch. */
static int find_already(batch *b) {
    yw_op *op = b->op;
    if (!b->ngood) return 0;
    qsort_r(b->good, (size_t)b->ngood, sizeof *b->good, by_type_number, b->rows);
    int kept = 0;
    for (int g = 0; g < b->ngood;) {
        /* the rows of one type, [g, e) */
        const char *code = b->rows[b->good[g]].t->code;
        int e = g;
        while (e < b->ngood && strcmp(b->rows[b->good[e]].t->code, code) == 0) e++;
        bool *there = yw_arena_calloc(op->arena, (size_t)(e - g), sizeof *there);
        if (!there) return yw_fail(op->err, YW_E_NOMEM, NULL);
        for (int from = g; from < e; from += LOOKUP_CHUNK) {
            yw_param p[LOOKUP_CHUNK + 1];
            p[0] = YW_TEXT_P(code);
            /* one statement text whatever the chunk's size: the last number repeated */
            for (int j = 0; j < LOOKUP_CHUNK; j++) {
                int at = from + j < e ? from + j : e - 1;
                p[j + 1] = YW_TEXT_P(b->rows[b->good[at]].in->number);
            }
            static const char sql[] =
                "SELECT number FROM certificates WHERE type_code = $1 AND number IN ($2, $3, $4, $5, $6, $7, $8, $9,"
                " $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29,"
                " $30, $31, $32, $33, $34, $35, $36, $37, $38, $39, $40, $41, $42, $43, $44, $45, $46, $47, $48, $49,"
                " $50, $51)";
            yw_rows rows;
            if (yw_store_run(op->store, op->arena, sql, LOOKUP_CHUNK + 1, p, &rows, NULL, op->err) < 0) return -1;
            /* the chunk is sorted by number: find each found one in it */
            for (int q = 0; q < rows.nrows; q++) {
                const char *num = yw_rows_get(&rows, q, 0);
                for (int j = from; j < e && j < from + LOOKUP_CHUNK; j++)
                    if (strcmp(b->rows[b->good[j]].in->number, num) == 0) there[j - g] = true;
            }
        }
        for (int j = g; j < e; j++) {
            int i = b->good[j];
            bool dup = j > g && strcmp(b->rows[b->good[j - 1]].in->number, b->rows[i].in->number) == 0;
            if (there[j - g] || dup) {
                b->out->outcome[i] = YW_CERT_BATCH_ALREADY;
                b->already++;
            } else {
                b->good[kept++] = i;
            }
        }
        g = e;
    }
    b->ngood = kept;
    qsort(b->good, (size_t)b->ngood, sizeof *b->good, cmp_good); /* file order again */
    return 0;
}

/* ---- 2. reserving serials and indexes ---- */

/* Chooses n free indexes of `purpose` for the rows good[0..n): from the newest list with room,
 * opening the next when it is full; its count raised first (which locks it on PostgreSQL). */
static int reserve_indexes(yw_op *op, batch *b, const char *purpose) {
    bool revocation = strcmp(purpose, "revocation") == 0;
    char ts[YW_TIMESTAMP_SIZE];
    yw_op_timestamp(op, ts);
    int done = 0;
    for (int guard = 0; done < b->ngood; guard++) {
        if (guard > 1000) return yw_fail(op->err, YW_E_CERT_STATUS_FULL, NULL);
        yw_rows rows;
        if (yw_store_run(op->store, op->arena,
                         "SELECT list_no, used, size FROM cert_status_lists WHERE purpose = $1 ORDER BY list_no DESC LIMIT 1",
                         YW_PARAMS(YW_TEXT_P(purpose)), &rows, NULL, op->err) < 0)
            return -1;
        int no = rows.nrows ? atoi(yw_rows_get(&rows, 0, 0)) : 0;
        int used = rows.nrows ? atoi(yw_rows_get(&rows, 0, 1)) : YW_CERT_STATUS_FILL;
        int size = rows.nrows ? atoi(yw_rows_get(&rows, 0, 2)) : YW_CERT_STATUS_SIZE;
        if (used >= YW_CERT_STATUS_FILL) {
            if (yw_store_run(op->store, op->arena,
                             "INSERT INTO cert_status_lists (purpose, list_no, size, used, created_at)"
                             " VALUES ($1, $2, $3, 0, $4) ON CONFLICT (purpose, list_no) DO NOTHING",
                             YW_PARAMS(YW_TEXT_P(purpose), YW_INT_P(no + 1), YW_INT_P(YW_CERT_STATUS_SIZE), YW_TEXT_P(ts)),
                             NULL, NULL, op->err) < 0)
                return -1;
            continue;
        }
        int take = YW_CERT_STATUS_FILL - used;
        if (take > b->ngood - done) take = b->ngood - done;
        if (yw_store_run(op->store, op->arena,
                         "UPDATE cert_status_lists SET used = used + $3 WHERE purpose = $1 AND list_no = $2 RETURNING used",
                         YW_PARAMS(YW_TEXT_P(purpose), YW_INT_P(no), YW_INT_P(take)), &rows, NULL, op->err) < 0)
            return -1;
        if (!rows.nrows) continue;
        if (atoi(yw_rows_get(&rows, 0, 0)) > YW_CERT_STATUS_FILL) {
            /* another writer filled it meanwhile: give the count back, look again */
            if (yw_store_run(op->store, op->arena,
                             "UPDATE cert_status_lists SET used = used - $3 WHERE purpose = $1 AND list_no = $2",
                             YW_PARAMS(YW_TEXT_P(purpose), YW_INT_P(no), YW_INT_P(take)), NULL, NULL, op->err) < 0)
                return -1;
            if (yw_store_run(op->store, op->arena,
                             "INSERT INTO cert_status_lists (purpose, list_no, size, used, created_at)"
                             " VALUES ($1, $2, $3, 0, $4) ON CONFLICT (purpose, list_no) DO NOTHING",
                             YW_PARAMS(YW_TEXT_P(purpose), YW_INT_P(no + 1), YW_INT_P(YW_CERT_STATUS_SIZE), YW_TEXT_P(ts)),
                             NULL, NULL, op->err) < 0)
                return -1;
            continue;
        }
        /* the list's taken indexes, once */
        unsigned char *bits = yw_arena_calloc(op->arena, (size_t)size / 8 + 1, 1);
        if (!bits) return yw_fail(op->err, YW_E_NOMEM, NULL);
        const char *sql = revocation ? "SELECT revocation_index FROM certificates WHERE revocation_list = $1"
                                     : "SELECT suspension_index FROM certificates WHERE suspension_list = $1";
        yw_cursor *cur;
        if (yw_cursor_open(op->store, sql, YW_PARAMS(YW_INT_P(no)), &cur, op->err) < 0) return -1;
        yw_arena chunk;
        yw_arena_init(&chunk);
        int rc = 0;
        for (;;) {
            if (yw_cursor_next(cur, &chunk, 10000, &rows, op->err) < 0) {
                rc = -1;
                break;
            }
            if (!rows.nrows) break;
            for (int q = 0; q < rows.nrows; q++) {
                int i = atoi(yw_rows_get(&rows, q, 0));
                if (i >= 0 && i < size) bits[i / 8] |= (unsigned char)(0x80 >> (i % 8));
            }
            yw_arena_reset(&chunk);
        }
        yw_arena_reset(&chunk);
        yw_cursor_close(cur);
        if (rc < 0) return -1;
        for (int k = 0; k < take; k++, done++) {
            int i;
            do i = (int)randombytes_uniform((uint32_t)size);
            while (bits[i / 8] & (0x80 >> (i % 8)));
            bits[i / 8] |= (unsigned char)(0x80 >> (i % 8));
            yw_cert *c = &b->rows[b->good[done]].c;
            if (revocation) c->revocation_list = no, c->revocation_index = i;
            else c->suspension_list = no, c->suspension_index = i;
        }
    }
    return 0;
}

static int reserve(yw_op *op, void *ctx) {
    batch *b = ctx;
    if (cert_usable_signer(op, &b->signer) < 0) return -1;
    int y, m, d;
    yw_civil_from_days(yw_op_today(op), &y, &m, &d);
    for (int k = 0; k < b->ntypes; k++) {
        const yw_cert_type *t = &b->types[k];
        int count = 0;
        for (int g = 0; g < b->ngood; g++) count += b->rows[b->good[g]].t == t;
        if (!count) continue;
        yw_rows rows;
        if (yw_store_run(op->store, op->arena,
                         "UPDATE cert_types SET next_serial = next_serial + $2 WHERE code = $1 RETURNING next_serial - $2",
                         YW_PARAMS(YW_TEXT_P(t->code), YW_INT_P(count)), &rows, NULL, op->err) < 0)
            return -1;
        long long n = atoll(yw_rows_get(&rows, 0, 0));
        for (int g = 0; g < b->ngood; g++) {
            row *r = &b->rows[b->good[g]];
            if (r->t != t) continue;
            r->c.serial = yw_arena_printf(op->arena, "%.6s%012lld", t->issuer + 2, n++);
            char ident[YW_CERTID_MAX];
            if (!r->c.serial) return yw_fail(op->err, YW_E_NOMEM, NULL);
            if (yw_certid_format(t->code, t->issuer, r->c.serial, 1, ident, sizeof ident) < 0)
                return yw_err_set(op->err, YW_ERR_INTERNAL, NULL, "type %s: no identifier of serial %s", t->code,
                                  r->c.serial);
            r->c.identifier = yw_arena_strdup(op->arena, ident);
            if (!r->c.identifier) return yw_fail(op->err, YW_E_NOMEM, NULL);
        }
    }
    return reserve_indexes(op, b, "revocation") < 0 || reserve_indexes(op, b, "suspension") < 0 ? -1 : 0;
}

/* ---- 3. signing ---- */

typedef struct {
    batch *b;
    atomic_int *next; /* the next of good[] to sign, shared by the threads */
    yw_arena arena;
    yw_err err;
    int rc;
} signer_thread;

static void *sign_rows(void *arg) {
    signer_thread *st = arg;
    batch *b = st->b;
    yw_op op = *b->op;
    op.arena = &st->arena;
    op.err = &st->err;
    for (int g; (g = atomic_fetch_add(st->next, 1)) < b->ngood;) {
        row *r = &b->rows[b->good[g]];
        const char *vc = cert_credential(&op, &r->c, r->t, b->base);
        if (!vc) {
            st->rc = yw_fail(&st->err, YW_E_NOMEM, NULL);
            break;
        }
        r->jws = yw_jws_sign(&st->arena, b->signer, "vc+jwt", vc, strlen(vc), &st->err);
        if (!r->jws) {
            st->rc = -1;
            break;
        }
    }
    return NULL;
}

/* Signs every row to issue on nthreads threads, this one among them (fewer when a thread cannot
 * start: the others take its rows). */
static int sign_all(batch *b, signer_thread *st, int nthreads) {
    pthread_t tid[MAX_THREADS];
    bool started[MAX_THREADS] = {false};
    atomic_int next = 0;
    for (int t = 0; t < nthreads; t++) {
        st[t].b = b;
        st[t].next = &next;
        st[t].rc = 0;
        yw_err_clear(&st[t].err);
        if (t > 0) started[t] = pthread_create(&tid[t], NULL, sign_rows, &st[t]) == 0;
    }
    sign_rows(&st[0]);
    for (int t = 1; t < nthreads; t++)
        if (started[t]) pthread_join(tid[t], NULL);
    for (int t = 0; t < nthreads; t++)
        if ((t == 0 || started[t]) && st[t].rc < 0) {
            *b->op->err = st[t].err;
            return -1;
        }
    return 0;
}

/* ---- 4. writing ---- */

static int write_rows(yw_op *op, void *ctx) {
    batch *b = ctx;
    b->issued = b->raced = 0;
    /* an import is audited once a batch: one entry naming every certificate it wrote (a city's
     * migration of two million licences is one act, not two million) */
    bool imported = b->ngood && b->rows[b->good[0]].in->imported;
    yw_buf list;
    yw_jw lw;
    yw_jw_begin(&lw, &list, op->arena);
    yw_jw_obj(&lw);
    yw_jw_kstr(&lw, "state", "valid");
    yw_jw_key(&lw, "certificates");
    yw_jw_arr(&lw);
    const char *first = NULL;
    for (int g = 0; g < b->ngood; g++) {
        row *r = &b->rows[b->good[g]];
        yw_cert *c = &r->c;
        int64_t changes = 0;
        if (yw_store_run(op->store, op->arena,
                         "INSERT INTO certificates (id, identifier, type_code, number, serial, version, holder_kind, holder_id,"
                         " holder_name, fields, valid_from, valid_until, state, revocation_list, revocation_index,"
                         " suspension_list, suspension_index, kid, jws, issued_at, issued_by, reason, source)"
                         " VALUES ($1, $2, $3, $4, $5, 1, $6, $7, $8, $9, $10, $11, 'valid', $12, $13, $14, $15, $16, $17,"
                         " $18, $19, $20, $21) ON CONFLICT (type_code, number) DO NOTHING",
                         YW_PARAMS(YW_TEXT_P(c->id), YW_TEXT_P(c->identifier), YW_TEXT_P(r->t->code),
                                   YW_TEXT_P(c->number), YW_TEXT_P(c->serial), YW_TEXT_P(r->t->holder),
                                   YW_TEXT_P(r->in->holder_id), YW_TEXT_P(r->in->holder_name), YW_TEXT_P(c->fields),
                                   YW_TEXT_P(c->valid_from), YW_TEXT_P(c->valid_until), YW_INT_P(c->revocation_list),
                                   YW_INT_P(c->revocation_index), YW_INT_P(c->suspension_list),
                                   YW_INT_P(c->suspension_index), YW_TEXT_P(b->signer->kid), YW_TEXT_P(r->jws),
                                   YW_TEXT_P(c->issued_at), YW_TEXT_P(c->issued_by), YW_TEXT_P(r->in->reason),
                                   YW_TEXT_P(r->in->imported ? "imported" : "issued")),
                         NULL, &changes, op->err) < 0)
            return -1;
        if (!changes) { /* another import of the same number committed first */
            b->out->outcome[b->good[g]] = YW_CERT_BATCH_ALREADY;
            b->raced++;
            continue;
        }
        b->out->outcome[b->good[g]] = YW_CERT_BATCH_ISSUED;
        b->issued++;
        if (imported && r->in->imported) {
            if (!first) first = c->id;
            yw_jw_obj(&lw);
            yw_jw_kstr(&lw, "id", c->id);
            yw_jw_kstr(&lw, "identifier", c->identifier);
            yw_jw_kstr(&lw, "type", r->t->name);
            yw_jw_kstr(&lw, "number", c->number);
            yw_jw_kstr(&lw, "holder", r->in->holder_name);
            yw_jw_end(&lw);
            continue;
        }
        yw_buf a;
        yw_jw w;
        yw_jw_begin(&w, &a, op->arena);
        yw_jw_obj(&w);
        yw_jw_kstr(&w, "identifier", c->identifier);
        yw_jw_kstr(&w, "type", r->t->name);
        yw_jw_kstr(&w, "number", c->number);
        yw_jw_kstr(&w, "holder", r->in->holder_name);
        yw_jw_kstr(&w, "state", "valid");
        if (r->in->reason) yw_jw_kstr(&w, "reason", r->in->reason);
        yw_jw_end(&w);
        if (a.failed) return yw_fail(op->err, YW_E_NOMEM, NULL);
        if (yw_audit_append(op, r->in->imported ? "cert.import" : "cert.issue", "certificate", c->id, NULL, a.data) < 0)
            return -1;
    }
    yw_jw_end(&lw);
    yw_jw_end(&lw);
    if (list.failed) return yw_fail(op->err, YW_E_NOMEM, NULL);
    if (first && yw_audit_append(op, "cert.import", "certificate_batch", first, NULL, list.data) < 0) return -1;
    return 0;
}

static int issue_good(batch *b, int nthreads);

int yw_cert_issue_batch(yw_op *op, const yw_cert_issue_in *in, int n, yw_cert_batch_report *out) {
    *out = (yw_cert_batch_report){0};
    if (yw_op_require(op, YW_ROLE_OFFICER | YW_ROLE_ADMIN, "issue certificates") < 0) return -1;
    out->outcome = yw_arena_calloc(op->arena, (size_t)n + 1, sizeof *out->outcome);
    out->errors = yw_arena_calloc(op->arena, (size_t)n + 1, sizeof *out->errors);
    batch b = {.op = op, .out = out};
    b.rows = yw_arena_calloc(op->arena, (size_t)n + 1, sizeof *b.rows);
    b.good = yw_arena_calloc(op->arena, (size_t)n + 1, sizeof *b.good);
    if (!out->outcome || !out->errors || !b.rows || !b.good) return yw_fail(op->err, YW_E_NOMEM, NULL);
    if (yw_cert_types(op, &b.types, &b.ntypes) < 0) return -1;
    signed char *may = yw_arena_calloc(op->arena, (size_t)b.ntypes + 1, 1);
    yw_err *may_err = yw_arena_calloc(op->arena, (size_t)b.ntypes + 1, sizeof *may_err);
    if (!may || !may_err) return yw_fail(op->err, YW_E_NOMEM, NULL);
    b.base = in && n ? in[0].base_url : NULL;
    if (!b.base) b.base = "http://localhost";
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int nthreads = cores < 1 ? 1 : cores > MAX_THREADS ? MAX_THREADS : (int)cores;
    for (int k = 0; k < b.ntypes; k++) {
        may[k] = cert_may_issue(op, &b.types[k]) == 0 ? 1 : -1;
        if (may[k] < 0 && op->err->code != YW_ERR_FORBIDDEN) return -1;
        may_err[k] = *op->err;
        yw_err_clear(op->err);
    }
    for (int i = 0; i < n; i++) b.rows[i].in = &in[i];
    checker_thread ct[MAX_THREADS];
    for (int t = 0; t < nthreads; t++) yw_arena_init(&ct[t].arena);
    check_all(&b, n, ct, nthreads, may, may_err);
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        if (!b.rows[i].refused) {
            b.good[b.ngood++] = i;
            continue;
        }
        yw_err_code code = b.rows[i].err.code;
        if (code == YW_ERR_STORE || code == YW_ERR_NOMEM || code == YW_ERR_BUSY || code == YW_ERR_INTERNAL) {
            *op->err = b.rows[i].err;
            rc = -1;
        } else {
            *op->err = b.rows[i].err;
            rc = fail_row(op, out, i);
        }
        /* the fields checked and the validity live in the checking threads' arenas */
    }
    if (rc == 0) rc = issue_good(&b, nthreads);
    for (int t = 0; t < nthreads; t++) yw_arena_reset(&ct[t].arena);
    if (rc < 0) return -1;
    out->issued = b.issued;
    out->already = b.already + b.raced;
    return 0;
}

/* The rest of a batch once its rows are checked: numbers there already, then reserving, signing
 * and writing (tried again when another writer took an index meanwhile). */
static int issue_good(batch *b, int nthreads) {
    yw_op *op = b->op;
    char ts[YW_TIMESTAMP_SIZE];
    yw_op_timestamp(op, ts);
    const char *issued_at = yw_arena_strdup(op->arena, ts);
    const char *issued_by = op->actor && strcmp(op->actor->account_id, "system") != 0 ? op->actor->account_id : NULL;
    if (!issued_at) return yw_fail(op->err, YW_E_NOMEM, NULL);
    if (find_already(b) < 0) return -1;
    for (int g = 0; g < b->ngood; g++) {
        row *r = &b->rows[b->good[g]];
        char id[YW_ID_SIZE];
        yw_ulid_new(id);
        r->c.id = yw_arena_strdup(op->arena, id);
        r->c.type_code = r->t->code;
        r->c.holder_kind = r->t->holder;
        r->c.holder_id = r->in->holder_id;
        r->c.holder_name = r->in->holder_name;
        r->c.number = r->in->number;
        r->c.version = 1;
        r->c.issued_at = issued_at;
        r->c.issued_by = issued_by;
        if (!r->c.id) return yw_fail(op->err, YW_E_NOMEM, NULL);
    }

    signer_thread st[MAX_THREADS];
    for (int t = 0; t < nthreads; t++) yw_arena_init(&st[t].arena);
    int rc = -1;
    for (int attempt = 0; b->ngood && attempt < ATTEMPTS; attempt++) {
        for (int t = 0; t < nthreads; t++) yw_arena_reset(&st[t].arena);
        if (yw_op_write(op, reserve, b) < 0 || sign_all(b, st, nthreads) < 0) break;
        rc = yw_op_write(op, write_rows, b);
        if (rc == 0 || op->err->code != YW_ERR_CONFLICT) break;
        yw_err_clear(op->err); /* an index taken meanwhile: choose again */
        rc = -1;
    }
    if (!b->ngood) rc = 0;
    else if (rc < 0 && op->err->code == YW_ERR_CONFLICT) yw_fail(op->err, YW_E_CERT_STATUS_FULL, NULL);
    for (int t = 0; t < nthreads; t++) yw_arena_reset(&st[t].arena);
    return rc;
}
