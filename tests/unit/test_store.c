/* The store on both backends: migrations, parameters, results, errors and transactions behave
 * the same on SQLite and PostgreSQL. Every test runs once per backend. */
#include "testutil.h"

static int setup(void **state) {
    *state = test_store(*state);
    return 0;
}

static int teardown(void **state) {
    yw_store_close(*state);
    return 0;
}

static void migrations_are_idempotent(void **state) {
    yw_store *s = *state;
    yw_err err;
    int applied = -1;
    assert_int_equal(yw_store_migrate(s, &applied, &err), 0);
    assert_int_equal(applied, 0);
}

static void parameters_and_rows(void **state) {
    yw_store *s = *state;
    yw_err err;
    yw_arena a;
    yw_arena_init(&a);
    int64_t changes = -1;
    /* $2 before $1, and $1 twice */
    assert_int_equal(yw_store_exec(s,
                                   "INSERT INTO departments (id, code, name, region_code, created_at)"
                                   " VALUES ($2, $1, $3, $4, $5)",
                                   YW_ARGS("D1", "ID1", "测试部门 'quoted' \"x\"", "370200", "2026-01-01T00:00:00.000Z"),
                                   &changes, &err),
                     0);
    assert_int_equal(changes, 1);
    yw_rows rows;
    assert_int_equal(yw_store_query(s, &a, "SELECT code, name, NULL FROM departments WHERE id = $1 OR code = $1",
                                    YW_ARGS("ID1"), &rows, &err),
                     0);
    assert_int_equal(rows.nrows, 1);
    assert_int_equal(rows.ncols, 3);
    assert_string_equal(yw_rows_get(&rows, 0, 0), "D1");
    assert_string_equal(yw_rows_get(&rows, 0, 1), "测试部门 'quoted' \"x\"");
    assert_null(yw_rows_get(&rows, 0, 2));
    assert_null(yw_rows_get(&rows, 1, 0));
    /* an injection attempt is just a value */
    assert_int_equal(yw_store_query(s, &a, "SELECT code FROM departments WHERE code = $1",
                                    YW_ARGS("D1' OR '1'='1"), &rows, &err),
                     0);
    assert_int_equal(rows.nrows, 0);
    /* many rows */
    for (int i = 0; i < 40; i++) {
        char id[8], code[8], name[16];
        snprintf(id, sizeof id, "X%d", i);
        snprintf(code, sizeof code, "C%02d", i);
        snprintf(name, sizeof name, "部门%d", i);
        assert_int_equal(yw_store_exec(s,
                                       "INSERT INTO departments (id, code, name, region_code, created_at)"
                                       " VALUES ($1, $2, $3, '370200', 'now')",
                                       YW_ARGS(id, code, name), NULL, &err),
                         0);
    }
    assert_int_equal(yw_store_query(s, &a, "SELECT code FROM departments WHERE code LIKE 'C%' ORDER BY code",
                                    YW_NOARGS, &rows, &err),
                     0);
    assert_int_equal(rows.nrows, 40);
    assert_string_equal(yw_rows_get(&rows, 39, 0), "C39");
    yw_arena_reset(&a);
}

/* Integers and bytes are bound as such; bytes come back whole, NUL bytes included, with their
 * length; rows fill structs through a column table. */
typedef struct {
    const char *name;
    int64_t size;
    int percent;
    bool big;
} typed_row;

static void typed_parameters_and_column_tables(void **state) {
    yw_store *s = *state;
    yw_err err;
    yw_arena a;
    yw_arena_init(&a);
    const unsigned char bytes[] = {0x00, 0xff, 'a', 0x00, 0x80, '\n'};
    assert_int_equal(yw_store_run(s, NULL,
                                  "INSERT INTO ledger_plans (id, title, year, source_name, imported_at, imported_by)"
                                  " VALUES ('P', 't', $1, 's', 'x', 'system')",
                                  YW_PARAMS(YW_INT_P(2026)), NULL, NULL, &err),
                     0);
    assert_int_equal(yw_store_run(s, NULL,
                                  "INSERT INTO ledger_measures (id, plan_id, seq, section, title, body, status, created_at)"
                                  " VALUES ('M', 'P', $1, '', '', '', 'not_started', 'x')",
                                  YW_PARAMS(YW_INT_P(1)), NULL, NULL, &err),
                     0);
    assert_int_equal(yw_store_run(s, NULL,
                                  "INSERT INTO ledger_progress (id, measure_id, reported_on, status, percent, body,"
                                  " reported_by, created_at) VALUES ('G', 'M', '2026-01-01', 'in_progress', $1, 'b', 'system', 'x')",
                                  YW_PARAMS(YW_INT_P(42)), NULL, NULL, &err),
                     0);
    assert_int_equal(yw_store_run(s, NULL,
                                  "INSERT INTO ledger_evidence (id, progress_id, name, size, sha256, content_b64, content)"
                                  " VALUES ('E', 'G', $1, $2, '', '', $3)",
                                  YW_PARAMS(YW_TEXT_P("二进制.bin"), YW_INT_P(sizeof bytes), YW_BYTES_P(bytes, sizeof bytes)),
                                  NULL, NULL, &err),
                     0);
    yw_rows rows;
    assert_int_equal(yw_store_run(s, &a, "SELECT content, name FROM ledger_evidence WHERE size = $1",
                                  YW_PARAMS(YW_INT_P(6)), &rows, NULL, &err),
                     0);
    assert_int_equal(rows.nrows, 1);
    assert_int_equal(yw_rows_len(&rows, 0, 0), sizeof bytes);
    assert_memory_equal(yw_rows_get(&rows, 0, 0), bytes, sizeof bytes);
    assert_int_equal(yw_rows_len(&rows, 0, 1), strlen("二进制.bin"));
    static const yw_column cols[] = {
        YW_COLUMN(YW_COL_TEXT, typed_row, name),
        YW_COLUMN(YW_COL_INT64, typed_row, size),
        YW_COLUMN(YW_COL_INT, typed_row, percent),
        YW_COLUMN(YW_COL_BOOL, typed_row, big),
    };
    assert_int_equal(yw_store_run(s, &a,
                                  "SELECT e.name, e.size, g.percent, CASE WHEN e.size > $1 THEN 1 ELSE 0 END"
                                  " FROM ledger_evidence e JOIN ledger_progress g ON g.id = e.progress_id",
                                  YW_PARAMS(YW_INT_P(5)), &rows, NULL, &err),
                     0);
    typed_row row;
    yw_rows_fill(&rows, 0, cols, 4, &row);
    assert_string_equal(row.name, "二进制.bin");
    assert_int_equal(row.size, 6);
    assert_int_equal(row.percent, 42);
    assert_true(row.big);
    /* a NULL parameter is SQL NULL */
    assert_int_equal(yw_store_run(s, &a, "SELECT COUNT(*) FROM ledger_progress WHERE department_id IS NOT DISTINCT FROM $1",
                                  YW_PARAMS(YW_NULL_P), &rows, NULL, &err),
                     0);
    assert_string_equal(yw_rows_get(&rows, 0, 0), "1");
    yw_arena_reset(&a);
}

/* A cursor reads a large result in bounded batches, its parameters copied at open; closing it
 * early frees the connection for the next statement. */
static void cursors_read_in_batches(void **state) {
    yw_store *s = *state;
    yw_err err;
    yw_arena a;
    yw_arena_init(&a);
    test_tx_begin(s);
    for (int i = 0; i < 2500; i++) {
        char id[16];
        snprintf(id, sizeof id, "L%05d", i);
        if (yw_store_run(s, NULL, "INSERT INTO login_failures (id, scope, at_ms) VALUES ($1, 'cursor', $2)",
                         YW_PARAMS(YW_TEXT_P(id), YW_INT_P(i)), NULL, NULL, &err) < 0)
            fail_msg("%s", err.message);
    }
    test_tx_end(s, 0);
    char scope[] = "cursor";
    yw_cursor *c;
    assert_int_equal(yw_cursor_open(s, "SELECT id, at_ms FROM login_failures WHERE scope = $1 AND at_ms >= $2 ORDER BY at_ms",
                                    YW_PARAMS(YW_TEXT_P(scope), YW_INT_P(100)), &c, &err),
                     0);
    memset(scope, 'x', sizeof scope - 1); /* the parameters were copied */
    yw_cursor *again;
    assert_int_equal(yw_cursor_open(s, "SELECT 1", 0, NULL, &again, &err), -1); /* one at a time */
    assert_int_equal(yw_store_run(s, &a, "SELECT 1", 0, NULL, NULL, NULL, &err), -1); /* nothing else meanwhile */
    int64_t seen = 0, batches = 0, expect = 100;
    for (;;) {
        yw_rows rows;
        yw_arena batch;
        yw_arena_init(&batch);
        assert_int_equal(yw_cursor_next(c, &batch, 1000, &rows, &err), 0);
        assert_true(rows.nrows <= 1000);
        for (int i = 0; i < rows.nrows; i++) assert_int_equal(strtoll(yw_rows_get(&rows, i, 1), NULL, 10), expect++);
        seen += rows.nrows;
        batches += rows.nrows > 0;
        yw_arena_reset(&batch);
        if (!rows.nrows) break;
    }
    yw_cursor_close(c);
    assert_int_equal(seen, 2400);
    assert_int_equal(batches, 3);
    /* closed before its end: the connection serves the next statement */
    assert_int_equal(yw_cursor_open(s, "SELECT id FROM login_failures ORDER BY id", 0, NULL, &c, &err), 0);
    yw_rows rows;
    assert_int_equal(yw_cursor_next(c, &a, 10, &rows, &err), 0);
    assert_int_equal(rows.nrows, 10);
    yw_cursor_close(c);
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM login_failures"), 2500);
    /* a bad statement is an error at open (SQLite) or at the first batch (PostgreSQL) */
    int rc = yw_cursor_open(s, "SELECT nothing FROM nowhere", 0, NULL, &c, &err);
    if (rc == 0) {
        assert_int_equal(yw_cursor_next(c, &a, 10, &rows, &err), -1);
        yw_cursor_close(c);
    }
    assert_int_equal(err.code, YW_ERR_STORE);
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM login_failures"), 2500);
    yw_arena_reset(&a);
}

static void unique_violation_is_conflict(void **state) {
    yw_store *s = *state;
    yw_err err;
    const char *sql = "INSERT INTO departments (id, code, name, region_code, created_at) VALUES ($1, $2, $3, '370200', 'x')";
    assert_int_equal(yw_store_exec(s, sql, YW_ARGS("U1", "UC", "唯一"), NULL, &err), 0);
    assert_int_equal(yw_store_exec(s, sql, YW_ARGS("U2", "UC", "另一个"), NULL, &err), -1);
    assert_int_equal(err.code, YW_ERR_CONFLICT);
    assert_int_equal(yw_store_exec(s, "SELECT * FROM no_such_table", YW_NOARGS, NULL, &err), -1);
    assert_int_equal(err.code, YW_ERR_STORE);
}

typedef struct {
    int calls;
    bool fail;
} tx_ctx;

static int insert_two(yw_store *s, void *vctx, yw_err *err) {
    tx_ctx *c = vctx;
    c->calls++;
    const char *sql = "INSERT INTO departments (id, code, name, region_code, created_at) VALUES ($1, $1, $1, '370200', 'x')";
    if (yw_store_exec(s, sql, YW_ARGS("T1"), NULL, err) < 0) return -1;
    if (c->fail) return yw_err_set(err, YW_ERR_INVALID, "field", "refused on purpose");
    return yw_store_exec(s, sql, YW_ARGS("T2"), NULL, err);
}

static void transactions_commit_whole_or_not_at_all(void **state) {
    yw_store *s = *state;
    yw_err err;
    yw_arena a;
    yw_arena_init(&a);
    yw_rows rows;
    tx_ctx c = {0, true};
    assert_int_equal(yw_store_tx(s, insert_two, &c, &err), -1);
    assert_int_equal(err.code, YW_ERR_INVALID); /* the function's own error comes through */
    assert_string_equal(err.field, "field");
    assert_false(yw_store_in_tx(s));
    assert_int_equal(yw_store_query(s, &a, "SELECT COUNT(*) FROM departments WHERE id LIKE 'T%'", YW_NOARGS, &rows, &err), 0);
    assert_string_equal(yw_rows_get(&rows, 0, 0), "0");
    c.fail = false;
    assert_int_equal(yw_store_tx(s, insert_two, &c, &err), 0);
    assert_int_equal(yw_store_query(s, &a, "SELECT COUNT(*) FROM departments WHERE id LIKE 'T%'", YW_NOARGS, &rows, &err), 0);
    assert_string_equal(yw_rows_get(&rows, 0, 0), "2");
    /* a conflict inside rolls everything back */
    assert_int_equal(yw_store_tx(s, insert_two, &c, &err), -1);
    assert_int_equal(err.code, YW_ERR_CONFLICT);
    assert_int_equal(yw_store_lock(s, "x", &err), -1); /* outside a transaction */
    yw_arena_reset(&a);
}

static void bad_urls(void **state) {
    (void)state;
    yw_store *s;
    yw_err err;
    assert_int_equal(yw_store_open("mysql://localhost/db", &s, &err), -1);
    assert_int_equal(err.code, YW_ERR_INVALID);
    assert_int_equal(yw_store_open("sqlite:", &s, &err), -1);
    assert_int_equal(yw_store_open("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2", &s, &err), -1);
    assert_int_equal(err.code, YW_ERR_IO);
    assert_non_null(strstr(err.message, "PostgreSQL"));
}

/* on both stores, each fresh and empty (no demo city) */
#define BOTH_BARE(f) cmocka_unit_test_prestate_setup_teardown(f, setup, teardown, "sqlite"), \
                cmocka_unit_test_prestate_setup_teardown(f, setup, teardown, "postgres")

int main(void) {
    test_init_sodium();
    const struct CMUnitTest tests[] = {
        BOTH_BARE(migrations_are_idempotent), BOTH_BARE(parameters_and_rows), BOTH_BARE(typed_parameters_and_column_tables),
        BOTH_BARE(cursors_read_in_batches),
        BOTH_BARE(unique_violation_is_conflict),
        BOTH_BARE(transactions_commit_whole_or_not_at_all), cmocka_unit_test(bad_urls),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
