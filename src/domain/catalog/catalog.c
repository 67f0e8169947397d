/* The catalog in the store: saving an item as a new version (unless nothing changed), reading
 * an item or one of its versions, search, the licensing list's history, export and import.
 *
 * Search is the one place where the two stores differ, and the switch is here rather than in a
 * migration because migrations are one SQL text for both: SQLite searches an FTS5 table with
 * the trigram tokenizer (item_fts: a virtual table PostgreSQL cannot parse), PostgreSQL a GIN
 * index with pg_trgm's operator class over items.search_text (an extension SQLite has no
 * notion of). Both are made by ensure_search_index at the first write of an item, inside that
 * write's transaction; until then there is no item to find, and a store without them (an old
 * one, or PostgreSQL without the right to create the extension) still answers by LIKE. */
#include "catalog.h"

#include "../../base/cache.h"
#include "../../base/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../base/ulid.h"
#include "../../std/region.h"
#include "../core/audit.h"

static int nomem(yw_op *op) {
    return yw_fail(op->err, YW_E_NOMEM, NULL);
}

/* ---- the search index, per store kind ---- */

static int search_ready(yw_op *op, bool *ready) {
    yw_rows rows;
    const char *sql = yw_store_kind_of(op->store) == YW_STORE_SQLITE
                          ? "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'item_fts'"
                          : "SELECT (SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm')"
                            " + (SELECT count(*) FROM pg_indexes WHERE indexname = 'items_search_trgm')";
    if (yw_store_run(op->store, op->arena, sql, 0, NULL, &rows, NULL, op->err) < 0) return -1;
    int64_t n = strtoll(yw_rows_get(&rows, 0, 0), NULL, 10);
    *ready = n == (yw_store_kind_of(op->store) == YW_STORE_SQLITE ? 1 : 2);
    return 0;
}

static int ensure_search_index(yw_op *op) {
    bool ready;
    if (search_ready(op, &ready) < 0) return -1;
    if (ready) return 0;
    if (yw_store_lock(op->store, "catalog_search", op->err) < 0) return -1;
    if (yw_store_kind_of(op->store) == YW_STORE_SQLITE) {
        /* item_id is not searched; name and body are, by trigrams (substrings of 3 characters or
         * more, which suits Chinese text without a word segmenter) */
        if (yw_store_run(op->store, op->arena,
                         "CREATE VIRTUAL TABLE IF NOT EXISTS item_fts USING fts5(item_id UNINDEXED, name, body,"
                         " tokenize = 'trigram')",
                         0, NULL, NULL, NULL, op->err) < 0 ||
            yw_store_run(op->store, op->arena,
                         "INSERT INTO item_fts (item_id, name, body) SELECT id, name, search_text FROM items", 0, NULL,
                         NULL, NULL, op->err) < 0)
            return -1;
        return 0;
    }
    if (yw_store_run(op->store, op->arena, "CREATE EXTENSION IF NOT EXISTS pg_trgm", 0, NULL, NULL, NULL, op->err) < 0 ||
        yw_store_run(op->store, op->arena,
                     "CREATE INDEX IF NOT EXISTS items_search_trgm ON items USING gin (search_text gin_trgm_ops)", 0,
                     NULL, NULL, NULL, op->err) < 0)
        return -1;
    return 0;
}

static int index_item(yw_op *op, const char *id, const char *name, const char *search_text) {
    if (yw_store_kind_of(op->store) != YW_STORE_SQLITE) return 0; /* the GIN index follows items */
    if (yw_store_run(op->store, op->arena, "DELETE FROM item_fts WHERE item_id = $1", YW_PARAMS(YW_TEXT_P(id)), NULL,
                     NULL, op->err) < 0 ||
        yw_store_run(op->store, op->arena, "INSERT INTO item_fts (item_id, name, body) VALUES ($1, $2, $3)",
                     YW_PARAMS(YW_TEXT_P(id), YW_TEXT_P(name), YW_TEXT_P(search_text)), NULL, NULL, op->err) < 0)
        return -1;
    return 0;
}

/* What search looks in besides the name: code, keywords, type, department, the English name. */
static const char *search_text_of(yw_op *op, const yw_item *it, const char *department_name) {
    yw_buf b;
    yw_buf_init(&b, op->arena);
    yw_buf_printf(&b, "%s\n%s\n%s\n%s", it->name, it->code, it->type, department_name);
    if (it->name_en) yw_buf_printf(&b, "\n%s", it->name_en);
    for (const char **k = it->keywords; k && *k; k++) yw_buf_printf(&b, "\n%s", *k);
    return b.failed ? NULL : b.data;
}

/* ---- saving ---- */

int yw_catalog_save(yw_op *op, const yw_item *in, yw_catalog_mode mode, yw_catalog_saved *out) {
    if (yw_op_require(op, YW_ROLE_ADMIN, "edit the item catalog") < 0) return -1;
    yw_arena *a = op->arena;
    yw_err *err = op->err;
    /* the canonical content, read back through the parser: the domain's own check of it all */
    yw_buf content;
    yw_jw w;
    yw_jw_begin(&w, &content, a);
    yw_item_write(&w, in);
    if (content.failed) return nomem(op);
    json_error_t je;
    json_t *doc = json_loadb(content.data, content.len, 0, &je);
    if (!doc) return yw_fail(err, YW_E_INTERNAL, NULL);
    yw_item it;
    int rc = yw_item_parse(a, doc, "", &it, err);
    json_decref(doc);
    if (rc < 0) return -1;

    yw_rows rows;
    if (yw_store_run(op->store, a, "SELECT id, name FROM departments WHERE code = $1",
                     YW_PARAMS(YW_TEXT_P(it.department)), &rows, NULL, err) < 0)
        return -1;
    if (!rows.nrows) return yw_fail(err, YW_E_ITEM_DEPARTMENT_UNKNOWN, "department", it.department);
    const char *department_id = yw_rows_get(&rows, 0, 0), *department_name = yw_rows_get(&rows, 0, 1);
    /* the certificate a completed case of it issues is one of the city's types (cert_types) */
    if (it.issues) {
        yw_rows t;
        if (yw_store_run(op->store, a, "SELECT 1 FROM cert_types WHERE name = $1 AND national = 0",
                         YW_PARAMS(YW_TEXT_P(it.issues)), &t, NULL, err) < 0)
            return -1;
        if (!t.nrows) return yw_fail(err, YW_E_ITEM_ISSUES_UNKNOWN, "issues", it.issues);
    }
    /* the guide's files are kept before an item names them */
    for (int i = 0; i < it.nfiles; i++) {
        yw_rows f;
        if (yw_store_run(op->store, a, "SELECT 1 FROM guide_files WHERE sha256 = $1",
                         YW_PARAMS(YW_TEXT_P(it.files[i].sha256)), &f, NULL, err) < 0)
            return -1;
        if (!f.nrows) {
            char field[48];
            snprintf(field, sizeof field, "/files/%d/sha256", i);
            return yw_fail(err, YW_E_ITEM_FILE_UNKNOWN, field, it.files[i].sha256);
        }
    }

    if (yw_store_run(op->store, a,
                     "SELECT i.id, i.current_version, v.content FROM items i JOIN item_versions v"
                     " ON v.item_id = i.id AND v.version = i.current_version WHERE i.code = $1",
                     YW_PARAMS(YW_TEXT_P(it.code)), &rows, NULL, err) < 0)
        return -1;
    bool exists = rows.nrows > 0;
    if (exists && mode == YW_CATALOG_CREATE) return yw_fail(err, YW_E_ITEM_EXISTS, "code", it.code);
    if (!exists && mode == YW_CATALOG_UPDATE) return yw_fail(err, YW_E_ITEM_NOT_FOUND, "code", it.code);
    const char *before = exists ? yw_rows_get(&rows, 0, 2) : NULL;
    int version = exists ? atoi(yw_rows_get(&rows, 0, 1)) : 0;
    char *id = yw_arena_alloc(a, YW_ID_SIZE);
    if (!id) return nomem(op);
    if (exists) {
        snprintf(id, YW_ID_SIZE, "%s", yw_rows_get(&rows, 0, 0));
        if (strcmp(before, content.data) == 0) {
            if (out) *out = (yw_catalog_saved){.id = id, .version = version, .changed = false, .created = false};
            return 0;
        }
    } else {
        yw_ulid_new(id);
    }

    /* every check is done: the writes */
    if (ensure_search_index(op) < 0) return -1;
    const char *search_text = search_text_of(op, &it, department_name);
    if (!search_text) return nomem(op);
    char now[YW_TIMESTAMP_SIZE], version_id[YW_ID_SIZE];
    yw_op_timestamp(op, now);
    yw_ulid_new(version_id);
    version++;
    const char *actor = op->actor && op->actor->account_id ? op->actor->account_id : "system";
    if (!exists) {
        if (yw_store_run(op->store, a,
                         "INSERT INTO items (id, code, name, type, department_id, region_code, statutory_days,"
                         " promised_days, fee_fen, online_depth, visits, search_text, current_version, created_at,"
                         " updated_at, name_en) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,"
                         " $14, $15)",
                         YW_PARAMS(YW_TEXT_P(id), YW_TEXT_P(it.code), YW_TEXT_P(it.name), YW_TEXT_P(it.type),
                                   YW_TEXT_P(department_id), YW_TEXT_P(it.region), YW_INT_P(it.statutory_days),
                                   YW_INT_P(it.promised_days), YW_INT_P(it.fee_fen), YW_TEXT_P(it.online_depth),
                                   YW_INT_P(it.visits), YW_TEXT_P(search_text), YW_INT_P(version), YW_TEXT_P(now),
                                   YW_TEXT_P(it.name_en)),
                         NULL, NULL, err) < 0) {
            if (err->code == YW_ERR_CONFLICT) yw_fail(err, YW_E_ITEM_EXISTS, "code", it.code);
            return -1;
        }
    } else if (yw_store_run(op->store, a,
                            "UPDATE items SET name = $2, type = $3, department_id = $4, region_code = $5,"
                            " statutory_days = $6, promised_days = $7, fee_fen = $8, online_depth = $9, visits = $10,"
                            " search_text = $11, current_version = $12, updated_at = $13, name_en = $14 WHERE id = $1",
                            YW_PARAMS(YW_TEXT_P(id), YW_TEXT_P(it.name), YW_TEXT_P(it.type), YW_TEXT_P(department_id),
                                      YW_TEXT_P(it.region), YW_INT_P(it.statutory_days), YW_INT_P(it.promised_days),
                                      YW_INT_P(it.fee_fen), YW_TEXT_P(it.online_depth), YW_INT_P(it.visits),
                                      YW_TEXT_P(search_text), YW_INT_P(version), YW_TEXT_P(now), YW_TEXT_P(it.name_en)),
                            NULL, NULL, err) < 0) {
        return -1;
    }
    if (yw_store_run(op->store, a,
                     "INSERT INTO item_versions (id, item_id, version, content, type, created_at, created_by)"
                     " VALUES ($1, $2, $3, $4, $5, $6, $7)",
                     YW_PARAMS(YW_TEXT_P(version_id), YW_TEXT_P(id), YW_INT_P(version), YW_TEXT_P(content.data),
                               YW_TEXT_P(it.type), YW_TEXT_P(now), YW_TEXT_P(actor)),
                     NULL, NULL, err) < 0)
        return -1;
    if (index_item(op, id, it.name, search_text) < 0) return -1;
    if (yw_audit_append(op, exists ? "catalog.item_update" : "catalog.item_create", "item", id, before,
                        content.data) < 0)
        return -1;
    if (out) *out = (yw_catalog_saved){.id = id, .version = version, .changed = true, .created = !exists};
    return 0;
}

/* ---- reading ---- */

/* Items at a version never change: parsed once per process (base/cache.h). */
static yw_cache item_cache = YW_CACHE_INIT(8192, 64u << 20);

typedef struct {
    const char *content;
} item_source;

static int parse_item(yw_arena *a, void *ctx, const void **out, yw_err *err) {
    const item_source *src = ctx;
    yw_item *item = yw_arena_calloc(a, 1, sizeof *item);
    if (!item) return yw_fail(err, YW_E_NOMEM, NULL);
    json_error_t je;
    json_t *doc = json_loads(src->content, 0, &je);
    if (!doc) return yw_fail(err, YW_E_INTERNAL, NULL);
    int rc = yw_item_parse(a, doc, "", item, err);
    json_decref(doc);
    *out = item;
    return rc;
}

int yw_catalog_get(yw_op *op, const char *code, int version, yw_item_view *out) {
    /* the catalog is public: anyone reads it */
    yw_arena *a = op->arena;
    yw_err *err = op->err;
    memset(out, 0, sizeof *out);
    yw_rows rows;
    if (yw_store_run(op->store, a, "SELECT id, current_version, created_at, updated_at FROM items WHERE code = $1",
                     YW_PARAMS(YW_TEXT_P(code)), &rows, NULL, err) < 0)
        return -1;
    if (!rows.nrows) return yw_fail(err, YW_E_ITEM_NOT_FOUND, "code", code);
    static const yw_column item_columns[] = {
        YW_COLUMN(YW_COL_TEXT, yw_item_view, id),
        YW_COLUMN(YW_COL_INT, yw_item_view, current_version),
        YW_COLUMN(YW_COL_TEXT, yw_item_view, created_at),
        YW_COLUMN(YW_COL_TEXT, yw_item_view, updated_at),
    };
    yw_rows_fill(&rows, 0, item_columns, 4, out);
    out->version = version > 0 ? version : out->current_version;
    if (yw_store_run(op->store, a, "SELECT content, created_at FROM item_versions WHERE item_id = $1 AND version = $2",
                     YW_PARAMS(YW_TEXT_P(out->id), YW_INT_P(out->version)), &rows, NULL, err) < 0)
        return -1;
    if (!rows.nrows) return yw_fail(err, YW_E_ITEM_VERSION_NOT_FOUND, "version", version, code);
    item_source src = {yw_rows_get(&rows, 0, 0)};
    out->version_created_at = yw_rows_get(&rows, 0, 1);
    const char *key = yw_arena_printf(a, "%s@%d", out->id, out->version);
    const void *item;
    if (!key) return yw_fail(err, YW_E_NOMEM, NULL);
    if (yw_cache_get(&item_cache, key, parse_item, &src, a, &item, NULL, err) < 0) return -1;
    out->item = *(const yw_item *)item; /* shared: its arrays are read, never written */
    if (yw_store_run(op->store, a, "SELECT name FROM departments WHERE code = $1",
                     YW_PARAMS(YW_TEXT_P(out->item.department)), &rows, NULL, err) < 0)
        return -1;
    out->department_name = yw_rows_get(&rows, 0, 0);
    const yw_region *r = yw_region_find(out->item.region);
    out->region_name = r ? r->name : NULL;
    return 0;
}

/* q with LIKE's wildcards escaped, between `before` and `after` (each "%" or ""). */
static const char *like_pattern(yw_arena *a, const char *q, const char *before, const char *after) {
    yw_buf b;
    yw_buf_init(&b, a);
    yw_buf_puts(&b, before);
    for (const char *p = q; *p; p++) {
        if (*p == '%' || *p == '_' || *p == '\\') yw_buf_putc(&b, '\\');
        yw_buf_putc(&b, *p);
    }
    yw_buf_puts(&b, after);
    return b.failed ? NULL : b.data;
}

/* q as one FTS5 string: in double quotes, a quote inside doubled. */
static const char *fts_phrase(yw_arena *a, const char *q) {
    yw_buf b;
    yw_buf_init(&b, a);
    yw_buf_putc(&b, '"');
    for (const char *p = q; *p; p++) {
        if (*p == '"') yw_buf_putc(&b, '"');
        yw_buf_putc(&b, *p);
    }
    yw_buf_putc(&b, '"');
    return b.failed ? NULL : b.data;
}

#define SUMMARY_SELECT                                                                                            \
    "SELECT i.code, i.name, i.type, d.code, d.name, i.region_code, i.online_depth, i.statutory_days,"            \
    " i.promised_days, i.visits, i.current_version, i.fee_fen, i.name_en"
#define SUMMARY_FILTER                                                                                            \
    " AND (CAST($2 AS TEXT) IS NULL OR d.code = CAST($2 AS TEXT))"                                             \
    " AND (CAST($3 AS TEXT) IS NULL OR i.type = CAST($3 AS TEXT))"
/* names that start with q, then names that hold it, then shorter names; among names that hold
 * q the catalog's own order (codes: 设立 before 变更 before 注销), the score only decides among
 * items found by their other text */
#define NAME_RANK                                                                                                 \
    " CASE WHEN i.name LIKE $4 ESCAPE '\\' THEN 0 WHEN i.name LIKE $5 ESCAPE '\\' THEN 1 ELSE 2 END,"            \
    " length(i.name), CASE WHEN i.name LIKE $5 ESCAPE '\\' THEN i.code ELSE '' END"

int yw_catalog_search(yw_op *op, const yw_catalog_query *q, yw_item_summary **out, int *count, int *total) {
    /* the catalog is public: anyone searches it */
    yw_arena *a = op->arena;
    yw_err *err = op->err;
    const char *text = q->q && *q->q ? q->q : NULL;
    int limit = q->limit > 0 && q->limit <= YW_CATALOG_PAGE_MAX ? q->limit : 50, offset = q->offset > 0 ? q->offset : 0;
    if (text && strlen(text) > YW_CATALOG_QUERY_MAX)
        return yw_fail(err, YW_E_FIELD_TOO_LONG, "q", "q", (size_t)YW_CATALOG_QUERY_MAX);
    if (q->type) {
        yw_item_type t;
        if (yw_item_type_from_text(q->type, &t) < 0) {
            return yw_fail(err, YW_E_FIELD_VALUE, "type", "type", "行政许可, 行政确认, 行政给付, 行政备案, 公共服务, 其他");
        }
    }
    bool ready = false;
    if (text && yw_utf8_chars(text) >= 3 && search_ready(op, &ready) < 0) return -1;
    bool sqlite = yw_store_kind_of(op->store) == YW_STORE_SQLITE;
    const char *from, *rank, *match = text;
    if (!text) {
        from = " FROM items i JOIN departments d ON d.id = i.department_id WHERE (CAST($1 AS TEXT) IS NULL)";
        rank = " ORDER BY i.code";
    } else if (ready && sqlite) {
        from = " FROM item_fts f JOIN items i ON i.id = f.item_id JOIN departments d ON d.id = i.department_id"
               " WHERE item_fts MATCH $1";
        rank = " ORDER BY" NAME_RANK ", bm25(item_fts), i.code";
        if (!(match = fts_phrase(a, text))) return nomem(op);
    } else if (ready) {
        from = " FROM items i JOIN departments d ON d.id = i.department_id WHERE i.search_text ILIKE $1 ESCAPE '\\'";
        rank = " ORDER BY" NAME_RANK ", word_similarity(CAST($6 AS TEXT), i.search_text) DESC, i.code";
        if (!(match = like_pattern(a, text, "%", "%"))) return nomem(op);
    } else {
        /* shorter than a trigram, or no index: by LIKE */
        from = " FROM items i JOIN departments d ON d.id = i.department_id WHERE i.search_text LIKE $1 ESCAPE '\\'";
        rank = " ORDER BY" NAME_RANK ", i.code";
        if (!(match = like_pattern(a, text, "%", "%"))) return nomem(op);
    }
    const char *prefix = text ? like_pattern(a, text, "", "%") : "", *contains = text ? like_pattern(a, text, "%", "%") : "";
    if (!prefix || !contains) return nomem(op);
    yw_param params[] = {YW_TEXT_P(match),  YW_TEXT_P(q->department), YW_TEXT_P(q->type), YW_TEXT_P(prefix),
                         YW_TEXT_P(contains), YW_TEXT_P(text),         YW_INT_P(limit),    YW_INT_P(offset)};
    /* the count takes $1–$3; the list names every parameter (PostgreSQL must type each one) */
    const char *count_sql = yw_arena_printf(a, "SELECT count(*)%s%s", from, SUMMARY_FILTER);
    const char *list_sql = yw_arena_printf(a,
                                           "%s%s%s AND (CAST($4 AS TEXT) IS NULL OR TRUE)"
                                           " AND (CAST($5 AS TEXT) IS NULL OR TRUE)"
                                           " AND (CAST($6 AS TEXT) IS NULL OR TRUE)%s LIMIT $7 OFFSET $8",
                                           SUMMARY_SELECT, from, SUMMARY_FILTER, rank);
    if (!count_sql || !list_sql) return nomem(op);
    yw_rows rows;
    if (yw_store_run(op->store, a, count_sql, 3, params, &rows, NULL, err) < 0) return -1;
    *total = atoi(yw_rows_get(&rows, 0, 0));
    if (yw_store_run(op->store, a, list_sql, 8, params, &rows, NULL, err) < 0) return -1;
    yw_item_summary *list = yw_arena_calloc(a, (size_t)rows.nrows + 1, sizeof *list);
    if (!list) return nomem(op);
    static const yw_column summary_columns[] = {
        YW_COLUMN(YW_COL_TEXT, yw_item_summary, code),
        YW_COLUMN(YW_COL_TEXT, yw_item_summary, name),
        YW_COLUMN(YW_COL_TEXT, yw_item_summary, type),
        YW_COLUMN(YW_COL_TEXT, yw_item_summary, department_code),
        YW_COLUMN(YW_COL_TEXT, yw_item_summary, department_name),
        YW_COLUMN(YW_COL_TEXT, yw_item_summary, region),
        YW_COLUMN(YW_COL_TEXT, yw_item_summary, online_depth),
        YW_COLUMN(YW_COL_INT, yw_item_summary, statutory_days),
        YW_COLUMN(YW_COL_INT, yw_item_summary, promised_days),
        YW_COLUMN(YW_COL_INT, yw_item_summary, visits),
        YW_COLUMN(YW_COL_INT, yw_item_summary, version),
        YW_COLUMN(YW_COL_INT64, yw_item_summary, fee_fen),
        YW_COLUMN(YW_COL_TEXT, yw_item_summary, name_en),
    };
    for (int i = 0; i < rows.nrows; i++) yw_rows_fill(&rows, i, summary_columns, 13, &list[i]);
    *out = list;
    *count = rows.nrows;
    return 0;
}

int yw_catalog_licensing_changes(yw_op *op, int limit, int offset, yw_catalog_change **out, int *count) {
    yw_rows rows;
    if (yw_store_run(op->store, op->arena,
                     "SELECT i.code, i.name, v.created_at, v.version FROM item_versions v JOIN items i"
                     " ON i.id = v.item_id WHERE v.type = $1 ORDER BY v.created_at DESC, i.code, v.version DESC"
                     " LIMIT $2 OFFSET $3",
                     YW_PARAMS(YW_TEXT_P(yw_item_type_text(YW_ITEM_LICENSING)), YW_INT_P(limit > 0 ? limit : 100),
                               YW_INT_P(offset > 0 ? offset : 0)),
                     &rows, NULL, op->err) < 0)
        return -1;
    yw_catalog_change *list = yw_arena_calloc(op->arena, (size_t)rows.nrows + 1, sizeof *list);
    if (!list) return nomem(op);
    static const yw_column change_columns[] = {
        YW_COLUMN(YW_COL_TEXT, yw_catalog_change, code),
        YW_COLUMN(YW_COL_TEXT, yw_catalog_change, name),
        YW_COLUMN(YW_COL_TEXT, yw_catalog_change, created_at),
        YW_COLUMN(YW_COL_INT, yw_catalog_change, version),
    };
    for (int i = 0; i < rows.nrows; i++) yw_rows_fill(&rows, i, change_columns, 4, &list[i]);
    *out = list;
    *count = rows.nrows;
    return 0;
}

int yw_catalog_export(yw_op *op, yw_buf *out) {
    yw_rows rows;
    if (yw_store_run(op->store, op->arena,
                     "SELECT v.content FROM items i JOIN item_versions v ON v.item_id = i.id"
                     " AND v.version = i.current_version ORDER BY i.code",
                     0, NULL, &rows, NULL, op->err) < 0)
        return -1;
    yw_buf_puts(out, "{\"format\":\"yiwang-catalog\",\"items\":[");
    for (int i = 0; i < rows.nrows; i++) {
        yw_buf_puts(out, i ? ",\n" : "\n");
        yw_buf_puts(out, yw_rows_get(&rows, i, 0));
    }
    yw_buf_puts(out, "\n]}\n");
    return out->failed ? nomem(op) : 0;
}

int yw_catalog_import(yw_op *op, const yw_catalog_file *file, yw_catalog_report *out) {
    if (yw_op_require(op, YW_ROLE_ADMIN, "import the item catalog") < 0) return -1;
    memset(out, 0, sizeof *out);
    out->items = file->nentries;
    out->errors = yw_arena_calloc(op->arena, (size_t)file->nentries + 1, sizeof *out->errors);
    if (!out->errors) return nomem(op);
    for (int i = 0; i < file->nentries; i++) {
        const yw_catalog_entry *e = &file->entries[i];
        yw_err item_err = e->error;
        if (item_err.code == YW_OK) {
            yw_catalog_saved saved;
            yw_err *outer = op->err;
            yw_err_clear(&item_err);
            op->err = &item_err;
            int rc = yw_catalog_save(op, &e->item, YW_CATALOG_UPSERT, &saved);
            op->err = outer;
            if (rc == 0) {
                if (!saved.changed) out->unchanged++;
                else if (saved.created) out->created++;
                else out->updated++;
                continue;
            }
            /* refusals come before any write; anything else ends the import */
            if (item_err.code != YW_ERR_INVALID) {
                *op->err = item_err;
                return -1;
            }
            if (item_err.field[0] != '/') {
                const char *f = yw_arena_printf(op->arena, "/items/%d/%s", e->index, item_err.field);
                if (!f) return nomem(op);
                size_t n = strlen(f);
                if (n >= sizeof item_err.field) n = sizeof item_err.field - 1;
                memcpy(item_err.field, f, n);
                item_err.field[n] = '\0';
            }
        }
        char zh_buf[300], en_buf[300];
        const char *zh = yw_err_message(&item_err, false, zh_buf, sizeof zh_buf);
        const char *en = yw_err_message(&item_err, true, en_buf, sizeof en_buf);
        out->errors[out->nerrors++] =
            strcmp(zh, en) == 0
                ? yw_arena_printf(op->arena, "item %d (%s): %s: %s", e->index, e->code ? e->code : "?", item_err.field, zh)
                : yw_arena_printf(op->arena, "item %d (%s): %s: %s (%s)", e->index, e->code ? e->code : "?",
                                  item_err.field, zh, en);
        if (!out->errors[out->nerrors - 1]) return nomem(op);
        out->bad++;
    }
    return 0;
}
