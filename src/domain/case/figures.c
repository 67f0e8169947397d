/* The figures the platform reports of its cases, per bundle (一件事) or per item, from the cases
 * themselves: how many items one submission merged, the materials the items ask when each is
 * applied for alone against those the applicants actually gave (and how many of those a
 * certificate already held stood in for: 免提交), the working days from
 * acceptance to decision (median and 90th percentile, on the calendar), the share decided
 * without a visit (submitted online by the applicant, every item 全程网办, no material handed in
 * at a window) and the visits needed on average. Public: no personal data. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../base/time.h"
#include "../../std/workcal.h"
#include "../calendar/calendar.h"
#include "case.h"

#include "../../base/buf.h"
#include "../../base/json_writer.h"
#include "../../base/ulid.h"
#include "../core/event.h"

/* An item at a version, read once per call. */
typedef struct {
    const char *code;
    int version;
    yw_item_view view;
} item_at;

typedef struct {
    item_at *list;
    int n, cap;
} item_cache;

static const yw_item *cached_item(yw_op *op, item_cache *c, const char *code, int version) {
    for (int i = 0; i < c->n; i++)
        if (c->list[i].version == version && strcmp(c->list[i].code, code) == 0) return &c->list[i].view.item;
    if (c->n == c->cap) {
        int cap = c->cap ? c->cap * 2 : 32;
        item_at *grown = yw_arena_calloc(op->arena, (size_t)cap, sizeof *grown);
        if (!grown) return NULL;
        if (c->n) memcpy(grown, c->list, (size_t)c->n * sizeof *grown);
        c->list = grown;
        c->cap = cap;
    }
    item_at *it = &c->list[c->n];
    if (yw_catalog_get(op, code, version, &it->view) < 0) return NULL;
    it->code = code;
    it->version = version;
    c->n++;
    return &it->view.item;
}

static int required_materials(const yw_item *it) {
    int n = 0;
    for (int i = 0; i < it->nmaterials; i++) n += strcmp(it->materials[i].requirement, "required") == 0;
    return n;
}

static bool item_lists(const yw_item *it, const char *material) {
    for (int i = 0; i < it->nmaterials; i++)
        if (strcmp(it->materials[i].name, material) == 0) return true;
    return false;
}

/* The civil date in Shanghai (UTC+8) of a stored UTC timestamp. */
static int shanghai_day(const char *ts, int64_t *day, yw_err *err) {
    char date[YW_DATE_SIZE];
    if (strlen(ts) < 13) return yw_fail(err, YW_E_INTERNAL, "at");
    memcpy(date, ts, 10);
    date[10] = '\0';
    if (yw_date_parse(date, day, "at", err) < 0) return -1;
    int hour = (ts[11] - '0') * 10 + (ts[12] - '0');
    if (hour >= 16) (*day)++;
    return 0;
}

/* Rows of a result whose first column is a case id, indexed by it: (id, row) pairs sorted by
 * id, so that a case's rows are found by binary search. */
typedef struct {
    const char *id;
    int row;
} case_row;

typedef struct {
    case_row *order;
    int n;
} case_index;

static int compare_rows(const void *x, const void *y) {
    return strcmp(((const case_row *)x)->id, ((const case_row *)y)->id);
}

static int index_rows(yw_arena *a, const yw_rows *rows, case_index *out) {
    out->n = rows->nrows;
    out->order = yw_arena_calloc(a, (size_t)rows->nrows + 1, sizeof *out->order);
    if (!out->order) return -1;
    for (int i = 0; i < rows->nrows; i++) out->order[i] = (case_row){yw_rows_get(rows, i, 0), i};
    qsort(out->order, (size_t)rows->nrows, sizeof *out->order, compare_rows);
    return 0;
}

/* The first position in the index of the case's rows (its rows follow while the id matches). */
static int first_of(const case_index *ix, const char *id) {
    int lo = 0, hi = ix->n;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (strcmp(ix->order[mid].id, id) < 0) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

static int compare_int(const void *x, const void *y) {
    int a = *(const int *)x, b = *(const int *)y;
    return (a > b) - (a < b);
}

/* The nearest-rank percentile p (0–100) of n sorted values. */
static double percentile(const int *v, int n, int p) {
    int rank = (p * n + 99) / 100;
    return v[rank < 1 ? 0 : rank - 1];
}

/* One row per case and group key: the case's facts the figures add up. */
#define CASE_ROWS                                                                                            \
    "SELECT c.id, %s, %s, c.state, c.accepted_on, c.submitted_by = c.applicant_id,"                          \
    " (SELECT MIN(e.at) FROM case_events e WHERE e.case_id = c.id"                                          \
    "   AND e.to_state IN ('completed', 'partly_completed', 'rejected')),"                                  \
    " (SELECT COUNT(*) FROM case_materials m WHERE m.case_id = c.id AND m.provided_as = 'deferred'"         \
    "   AND m.supplied_at IS NOT NULL AND m.upload_sha256 IS NULL)"                                         \
    " FROM %s ORDER BY 2, c.id"

int yw_case_figures_list(yw_op *op, bool by_bundle, yw_case_figures **out, int *count) {
    yw_arena *a = op->arena;
    yw_err *err = op->err;
    const char *sql = by_bundle ? yw_arena_printf(a, CASE_ROWS, "c.bundle_code", "b.name",
                                                  "cases c JOIN bundles b ON b.code = c.bundle_code")
                                : yw_arena_printf(a, CASE_ROWS, "ci.item_code", "i.name",
                                                  "case_items ci JOIN cases c ON c.id = ci.case_id"
                                                  " JOIN items i ON i.code = ci.item_code");
    if (!sql) return yw_fail(err, YW_E_NOMEM, NULL);
    yw_rows cases, items, mats;
    if (yw_store_query(op->store, a, sql, YW_NOARGS, &cases, err) < 0 ||
        yw_store_query(op->store, a, "SELECT case_id, item_code, item_version FROM case_items ORDER BY case_id, seq",
                       YW_NOARGS, &items, err) < 0 ||
        yw_store_query(op->store, a, "SELECT case_id, name, provided_as FROM case_materials ORDER BY case_id, seq", YW_NOARGS,
                       &mats, err) < 0)
        return -1;
    const yw_workcal *cal;
    if (yw_calendar_current(op, &cal) < 0) return -1;
    yw_case_figures *f = yw_arena_calloc(a, (size_t)cases.nrows + 1, sizeof *f);
    int *days = yw_arena_calloc(a, (size_t)cases.nrows + 1, sizeof *days);
    if (!f || !days) return yw_fail(err, YW_E_NOMEM, NULL);
    item_cache cache = {0};
    case_index by_items, by_mats;
    if (index_rows(a, &items, &by_items) < 0 || index_rows(a, &mats, &by_mats) < 0) return yw_fail(err, YW_E_NOMEM, NULL);
    int groups = 0, ndays = 0, online = 0, items_total = 0, visits_total = 0;
    for (int r = 0; r <= cases.nrows; r++) {
        const char *key = r < cases.nrows ? yw_rows_get(&cases, r, 1) : NULL;
        yw_case_figures *g = groups ? &f[groups - 1] : NULL;
        if (g && (!key || strcmp(key, g->code) != 0)) { /* the group ends */
            qsort(days, (size_t)ndays, sizeof *days, compare_int);
            g->median_days = ndays ? percentile(days, ndays, 50) : -1;
            g->p90_days = ndays ? percentile(days, ndays, 90) : -1;
            g->items_per_case = g->cases ? (double)items_total / g->cases : 0;
            g->online_share = g->decided ? (double)online / g->decided : -1;
            g->visits = g->decided ? (double)visits_total / g->decided : -1;
            ndays = online = items_total = visits_total = 0;
        }
        if (!key) break;
        if (!g || strcmp(key, g->code) != 0) {
            g = &f[groups++];
            g->code = key;
            g->name = yw_rows_get(&cases, r, 2);
        }
        const char *id = yw_rows_get(&cases, r, 0), *state = yw_rows_get(&cases, r, 3);
        g->cases++;
        /* the case's items: each asks its required materials as if applied for alone */
        bool all_online = true;
        int visits = 0, nitems = 0;
        const yw_item *only = NULL;
        for (int k = first_of(&by_items, id); k < items.nrows; k++) {
            if (strcmp(by_items.order[k].id, id) != 0) break;
            int i = by_items.order[k].row;
            const char *code = yw_rows_get(&items, i, 1);
            const yw_item *it = cached_item(op, &cache, code, atoi(yw_rows_get(&items, i, 2)));
            if (!it) return err->code ? -1 : yw_fail(err, YW_E_NOMEM, NULL);
            if (!by_bundle && strcmp(code, key) != 0) continue;
            nitems++;
            only = it;
            g->materials_asked += required_materials(it);
            all_online = all_online && strcmp(it->online_depth, "全程网办") == 0;
            if (it->visits > visits) visits = it->visits;
        }
        if (by_bundle) items_total += nitems;
        else items_total += 1;
        for (int k = first_of(&by_mats, id); k < mats.nrows; k++) {
            if (strcmp(by_mats.order[k].id, id) != 0) break;
            int m = by_mats.order[k].row;
            if (!by_bundle && !(only && item_lists(only, yw_rows_get(&mats, m, 1)))) continue;
            g->materials_provided++;
            if (strcmp(yw_rows_get(&mats, m, 2), "certificate") == 0) g->materials_reused++;
        }
        bool decided = strcmp(state, "completed") == 0 || strcmp(state, "partly_completed") == 0 ||
                       strcmp(state, "rejected") == 0;
        if (!decided) continue;
        g->decided++;
        if (strcmp(state, "rejected") != 0) g->completed++;
        bool by_applicant = strcmp(yw_rows_get(&cases, r, 5), "1") == 0 || strcmp(yw_rows_get(&cases, r, 5), "t") == 0;
        bool fully_online = by_applicant && all_online && atoi(yw_rows_get(&cases, r, 7)) == 0;
        online += fully_online;
        visits_total += fully_online ? 0 : visits > 0 ? visits : 1;
        const char *accepted = yw_rows_get(&cases, r, 4), *at = yw_rows_get(&cases, r, 6);
        if (accepted && at) {
            int64_t from, to, n;
            bool provisional;
            if (yw_date_parse(accepted, &from, "accepted_on", err) < 0) return -1;
            if (shanghai_day(at, &to, err) < 0) return -1;
            if (yw_workcal_count(cal, from, to, &n, &provisional, err) < 0) return -1;
            days[ndays++] = (int)n;
        }
    }
    *out = f;
    *count = groups;
    return 0;
}

/* ---- kept figures: refreshed by a job after the changes of cases ---- */

static void write_figure(yw_jw *w, const char *key, double v) {
    yw_jw_key(w, key);
    if (v < 0) {
        yw_jw_null(w);
        return;
    }
    char text[32];
    int n = snprintf(text, sizeof text, "%.2f", v);
    while (n > 1 && text[n - 1] == '0') n--; /* 1.50 → 1.5, 2.00 → 2 */
    if (n > 1 && text[n - 1] == '.') n--;
    yw_jw_raw(w, text, (size_t)n);
}

/* The rows of one grouping as the API answers them: a JSON array, arena text. */
static const char *rows_json(yw_op *op, bool by_bundle) {
    yw_case_figures *list;
    int n;
    if (yw_case_figures_list(op, by_bundle, &list, &n) < 0) return NULL;
    yw_buf b;
    yw_jw w;
    yw_jw_begin(&w, &b, op->arena);
    yw_jw_arr(&w);
    for (int i = 0; i < n; i++) {
        const yw_case_figures *f = &list[i];
        yw_jw_obj(&w);
        yw_jw_kstr(&w, "code", f->code);
        yw_jw_kstr(&w, "name", f->name);
        yw_jw_kint(&w, "cases", f->cases);
        yw_jw_kint(&w, "decided", f->decided);
        yw_jw_kint(&w, "completed", f->completed);
        write_figure(&w, "items_per_case", f->items_per_case);
        yw_jw_kint(&w, "materials_asked", f->materials_asked);
        yw_jw_kint(&w, "materials_provided", f->materials_provided);
        yw_jw_kint(&w, "materials_reused", f->materials_reused);
        write_figure(&w, "median_days", f->median_days);
        write_figure(&w, "p90_days", f->p90_days);
        write_figure(&w, "online_share", f->online_share);
        write_figure(&w, "visits", f->visits);
        yw_jw_end(&w);
    }
    yw_jw_end(&w);
    if (b.failed) {
        yw_fail(op->err, YW_E_NOMEM, NULL);
        return NULL;
    }
    return b.data;
}

int yw_case_figures_refresh(yw_op *op) {
    if (yw_op_require(op, YW_ROLE_ADMIN, "refresh the figures") < 0) return -1;
    char now[YW_TIMESTAMP_SIZE];
    yw_op_timestamp(op, now);
    for (int g = 0; g < 2; g++) {
        const char *json = rows_json(op, g == 0);
        if (!json) return -1;
        if (yw_store_run(op->store, NULL,
                         "INSERT INTO figure_snapshots (grouping, rows_json, computed_at) VALUES ($1, $2, $3)"
                         " ON CONFLICT (grouping) DO UPDATE SET rows_json = $2, computed_at = $3",
                         YW_PARAMS(YW_TEXT_P(g == 0 ? "bundle" : "item"), YW_TEXT_P(json), YW_TEXT_P(now)), NULL,
                         NULL, op->err) < 0)
            return -1;
    }
    return 0;
}

int yw_case_figures_get(yw_op *op, bool by_bundle, yw_case_figures_kept *out) {
    memset(out, 0, sizeof *out);
    yw_rows rows;
    if (yw_store_query(op->store, op->arena,
                       "SELECT rows_json, computed_at, (SELECT COUNT(*) FROM jobs WHERE kind = 'figures.refresh'"
                       " AND state IN ('queued', 'running')) FROM figure_snapshots WHERE grouping = $1",
                       YW_ARGS(by_bundle ? "bundle" : "item"), &rows, op->err) < 0)
        return -1;
    if (rows.nrows) {
        out->rows_json = yw_rows_get(&rows, 0, 0);
        out->computed_at = yw_rows_get(&rows, 0, 1);
        out->pending = strcmp(yw_rows_get(&rows, 0, 2), "0") != 0;
        return 0;
    }
    /* never refreshed (a store from before the figures were kept): computed this once */
    out->rows_json = rows_json(op, by_bundle);
    out->pending = true;
    return out->rows_json ? 0 : -1;
}

int yw_case_figures_on_change(yw_op *op, yw_event *ev) {
    (void)ev;
    char id[YW_ID_SIZE], now[YW_TIMESTAMP_SIZE];
    yw_ulid_new(id);
    yw_op_timestamp(op, now);
    /* one refresh waiting is enough: it reads every case when it runs */
    return yw_store_run(op->store, NULL,
                        "INSERT INTO jobs (id, kind, args_json, state, created_by, created_at)"
                        " SELECT $1, 'figures.refresh', '{}', 'queued', 'system', $2"
                        " WHERE NOT EXISTS (SELECT 1 FROM jobs WHERE kind = 'figures.refresh' AND state = 'queued')",
                        YW_PARAMS(YW_TEXT_P(id), YW_TEXT_P(now)), NULL, NULL, op->err);
}
