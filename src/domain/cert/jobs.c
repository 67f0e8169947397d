/* Certificates' kind of job (jobs/jobs.h), and the file it works on: an officer posts a file of
 * existing certificates (POST /api/v1/cert-imports); yw_cert_import_submit keeps it in the store,
 * a megabyte a row (cert_imports, cert_import_chunks: migration 0042), and queues cert.import,
 * which any server's job thread runs: it reads the file back a piece at a time and imports it as
 * the officer who posted it (import.h), reporting the bytes read as its progress. Its result:
 *   {"imported":N,"already":N,"bad_count":N,"bad":[{"line":L,"field":"…","message":"…",
 *    "message_en":"…"}, … at most YW_CERT_IMPORT_BAD_LISTED]}
 * A job taken over after its server died imports the file again from its start: the rows
 * imported before are already there and change nothing. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../base/json_writer.h"
#include "../../jobs/jobs.h"
#include "import.h"

#define CHUNK (1 << 20)

int yw_cert_import_submit(yw_op *op, const yw_cert_import_file *in, const char **job_id) {
    if (yw_op_require(op, YW_ROLE_OFFICER | YW_ROLE_ADMIN, "import certificates") < 0) return -1;
    if (!in->len) return yw_fail(op->err, YW_E_CERT_IMPORT_EMPTY, "file");
    char id[YW_ID_SIZE], ts[YW_TIMESTAMP_SIZE];
    yw_ulid_new(id);
    yw_op_timestamp(op, ts);
    const char *args = yw_arena_printf(op->arena, "{\"import\":\"%s\"}", id);
    if (!args) return yw_fail(op->err, YW_E_NOMEM, NULL);
    yw_job_info job;
    if (yw_job_submit(op, &(yw_job_new){"cert.import", args}, &job) < 0) return -1;
    if (yw_store_run(op->store, op->arena,
                     "INSERT INTO cert_imports (id, job_id, media_type, size, created_by, created_at)"
                     " VALUES ($1, $2, $3, $4, $5, $6)",
                     YW_PARAMS(YW_TEXT_P(id), YW_TEXT_P(job.id), YW_TEXT_P(in->media_type), YW_INT_P(in->len),
                               YW_TEXT_P(op->actor->account_id), YW_TEXT_P(ts)),
                     NULL, NULL, op->err) < 0)
        return -1;
    const char *bytes = in->bytes;
    for (size_t off = 0, seq = 0; off < in->len; off += CHUNK, seq++) {
        size_t n = in->len - off < CHUNK ? in->len - off : CHUNK;
        if (yw_store_run(op->store, op->arena, "INSERT INTO cert_import_chunks (import_id, seq, data) VALUES ($1, $2, $3)",
                         YW_PARAMS(YW_TEXT_P(id), YW_INT_P(seq), YW_BYTES_P(bytes + off, n)), NULL, NULL, op->err) < 0)
            return -1;
    }
    *job_id = job.id;
    return 0;
}

/* ---- the job ---- */

typedef struct {
    yw_store *store;
    const char *import_id;
    int64_t seq;
    yw_arena arena; /* the piece being read */
    const char *data;
    size_t len, off;
} chunk_source;

static int read_chunks(void *ctx, char *buf, size_t cap, size_t *got, yw_err *err) {
    chunk_source *c = ctx;
    *got = 0;
    if (c->off == c->len) {
        yw_arena_reset(&c->arena);
        yw_rows rows;
        if (yw_store_run(c->store, &c->arena, "SELECT data FROM cert_import_chunks WHERE import_id = $1 AND seq = $2",
                         YW_PARAMS(YW_TEXT_P(c->import_id), YW_INT_P(c->seq)), &rows, NULL, err) < 0)
            return -1;
        if (!rows.nrows) return 0; /* the end */
        c->data = yw_rows_get(&rows, 0, 0);
        c->len = yw_rows_len(&rows, 0, 0);
        c->off = 0;
        c->seq++;
    }
    size_t n = c->len - c->off < cap ? c->len - c->off : cap;
    memcpy(buf, c->data + c->off, n);
    c->off += n;
    *got = n;
    return 0;
}

typedef struct {
    yw_job *job;
    int64_t size;
    yw_buf bad; /* the listed bad rows, as JSON array members */
    int listed;
} import_job;

static void job_bad_row(void *arg, int64_t line, const yw_err *e) {
    import_job *j = arg;
    if (j->listed >= YW_CERT_IMPORT_BAD_LISTED) return;
    yw_jw w;
    yw_jw_init(&w, &j->bad);
    if (j->listed++) yw_buf_putc(&j->bad, ',');
    yw_jw_obj(&w);
    yw_jw_kint(&w, "line", line);
    yw_jw_kstr(&w, "field", e->field[0] ? e->field : NULL);
    yw_jw_kstr(&w, "message", e->message);
    yw_jw_kstr(&w, "message_en", e->message_en[0] ? e->message_en : e->message);
    yw_jw_end(&w);
}

static int job_progress(void *arg, const yw_cert_import_counts *c, yw_err *err) {
    import_job *j = arg;
    char note[160];
    snprintf(note, sizeof note, "%lld rows: %lld imported, %lld already there, %lld refused", (long long)c->rows,
             (long long)c->imported, (long long)c->already, (long long)c->bad);
    if (yw_job_progress(j->job, c->bytes, j->size, note) < 0) {
        *err = *yw_job_op(j->job)->err;
        return -1;
    }
    return 0;
}

/* The account that posted the file, as the actor of its import. */
static int poster(yw_op *op, const char *account_id, yw_actor *out) {
    yw_rows rows;
    if (yw_store_query(op->store, op->arena, "SELECT id, kind, login, name, department_id, roles FROM accounts WHERE id = $1",
                       YW_ARGS(account_id), &rows, op->err) < 0)
        return -1;
    if (!rows.nrows) return yw_fail(op->err, YW_E_CERT_IMPORT_NOT_FOUND, "import");
    *out = (yw_actor){yw_rows_get(&rows, 0, 0), yw_rows_get(&rows, 0, 1), yw_rows_get(&rows, 0, 2),
                      yw_rows_get(&rows, 0, 3), yw_rows_get(&rows, 0, 4), 0};
    return yw_roles_parse(yw_rows_get(&rows, 0, 5), &out->roles, NULL, op->err);
}

/* The file is imported: its pieces go, its row says when. */
static int finish(yw_op *op, void *id) {
    char ts[YW_TIMESTAMP_SIZE];
    yw_op_timestamp(op, ts);
    if (yw_store_exec(op->store, "DELETE FROM cert_import_chunks WHERE import_id = $1", YW_ARGS(id), NULL, op->err) < 0)
        return -1;
    return yw_store_exec(op->store, "UPDATE cert_imports SET finished_at = $2 WHERE id = $1", YW_ARGS(id, ts), NULL,
                         op->err);
}

static int run_import(yw_job *job) {
    yw_op *op = yw_job_op(job);
    json_t *args = json_loads(yw_job_args(job), 0, NULL);
    const char *given = json_string_value(json_object_get(args, "import"));
    const char *id = yw_arena_strdup(op->arena, given ? given : "");
    json_decref(args);
    yw_rows rows;
    if (!id || yw_store_query(op->store, op->arena, "SELECT created_by, size FROM cert_imports WHERE id = $1", YW_ARGS(id),
                              &rows, op->err) < 0)
        return -1;
    if (!rows.nrows) return yw_fail(op->err, YW_E_CERT_IMPORT_NOT_FOUND, "import");
    yw_actor actor;
    const char *base;
    if (poster(op, yw_rows_get(&rows, 0, 0), &actor) < 0 || yw_cert_base_url(op, NULL, &base) < 0) return -1;
    import_job j = {.job = job, .size = strtoll(yw_rows_get(&rows, 0, 1), NULL, 10)};
    yw_buf_init(&j.bad, op->arena);
    if (yw_job_progress(job, 0, j.size, "starting") < 0) return -1;
    chunk_source src = {.store = op->store, .import_id = id};
    yw_arena_init(&src.arena);
    yw_cert_import_reader r;
    yw_cert_import_open(&r, read_chunks, &src);
    yw_cert_import_counts c;
    yw_cert_import_hooks h = {job_bad_row, job_progress, &j};
    int rc = yw_cert_import_run(op->store, &actor, &r, base, &h, &c, op->err);
    yw_cert_import_close(&r);
    yw_arena_reset(&src.arena);
    if (rc < 0) return -1;
    if (yw_job_progress(job, j.size, j.size, "done") < 0) return -1;
    if (yw_op_write(op, finish, (void *)id) < 0) return -1;
    yw_buf list;
    yw_buf_init(&list, op->arena);
    yw_buf_putc(&list, '[');
    if (j.bad.len) yw_buf_append(&list, j.bad.data, j.bad.len);
    yw_buf_putc(&list, ']');
    yw_buf b;
    yw_jw w;
    yw_jw_begin(&w, &b, op->arena);
    yw_jw_obj(&w);
    yw_jw_kint(&w, "imported", c.imported);
    yw_jw_kint(&w, "already", c.already);
    yw_jw_kint(&w, "bad_count", c.bad);
    yw_jw_key(&w, "bad");
    yw_jw_raw(&w, list.data, list.len);
    yw_jw_end(&w);
    if (b.failed || list.failed || j.bad.failed) return yw_fail(op->err, YW_E_NOMEM, NULL);
    return yw_job_set_result(job, b.data);
}

const yw_job_kind yw_cert_job_kinds[] = {
    {"cert.import", run_import, YW_ROLE_OFFICER | YW_ROLE_ADMIN},
    {NULL, NULL, 0},
};
