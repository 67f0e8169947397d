/* What a deregistration rests on, the public notices of simple deregistrations (简易注销公告) and
 * the objections (异议) anyone files against them.
 *
 * A notice is an entity in the state deregistering; its row in entity_deregistrations says when
 * it began and which office keeps it (the regulator's department that began it). Anyone reads the
 * running ones (yw_entity_notices) and may object without an account: the objection is kept with
 * the objector's name and a phone or email to reach them, answered with a receipt number (the
 * Beijing day and a serial of that day), counted against the client's address with the failure
 * counters of core/session.h (every objection counts, so one address cannot flood the
 * regulator), audited, and raised as dereg.objection: the office's officers are told and find it
 * in their inbox. The regulator then decides it once — upheld (the notice stops: lifecycle.c's
 * entity_notice_stop) or dismissed with a reason (the notice goes on) — and the deregistration
 * completes only when no objection is pending.
 *
 * Locks: every write here takes the entity's row first (entity_lock), then the objection's
 * (yw_machine_lock): filing, deciding and completing one notice go one after another on every
 * server, and two decisions of one objection at once give one success and one 409. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../../base/buf.h"
#include "../../base/json_writer.h"
#include "../../base/ulid.h"
#include "../../base/utf8.h"
#include "../core/audit.h"
#include "../core/session.h"
#include "../core/transition.h"
#include "../upload/upload.h"
#include "internal.h"

const yw_enum_text yw_objection_states[] = {
    {YW_OBJECTION_PENDING, "pending"},
    {YW_OBJECTION_UPHELD, "upheld"},
    {YW_OBJECTION_DISMISSED, "dismissed"},
    {YW_OBJECTION_CLOSED, "closed"},
    {0, NULL},
};
static const char *const objection_states_zh[] = {"待处理", "异议成立", "异议不成立", "公告已终止"};
static const char *const objection_states_en[] = {"pending", "upheld", "dismissed", "closed with its notice"};
static const yw_transition objection_actions[] = {
    {"uphold", YW_FROM(YW_OBJECTION_PENDING), YW_OBJECTION_UPHELD, YW_ROLE_OFFICER | YW_ROLE_ADMIN, "认定异议成立",
     "be upheld"},
    {"dismiss", YW_FROM(YW_OBJECTION_PENDING), YW_OBJECTION_DISMISSED, YW_ROLE_OFFICER | YW_ROLE_ADMIN,
     "认定异议不成立", "be dismissed"},
    {NULL, 0, 0, 0, NULL, NULL},
};
static const yw_machine objection_machine = {
    .states = yw_objection_states,
    .states_zh = objection_states_zh,
    .states_en = objection_states_en,
    .actions = objection_actions,
    .lock_sql = "UPDATE dereg_objections SET state = state WHERE id = $1 RETURNING state",
    .not_found = YW_E_OBJECTION_NOT_FOUND,
    .state_error = YW_E_OBJECTION_STATE,
    .field = NULL,
};

int entity_regulator_department(yw_op *op, const char **id) {
    yw_rows rows;
    if (yw_store_query(op->store, op->arena, "SELECT id FROM departments WHERE code = 'QD-SCJG'", YW_NOARGS, &rows,
                       op->err) < 0)
        return -1;
    *id = yw_rows_get(&rows, 0, 0);
    return 0;
}

/* ---- what a deregistration rests on ---- */

#define RECORD_COLUMNS                                                                                    \
    "r.id, r.mode, r.state, r.reason, r.document_sha256, r.document_name, u.media_type, u.size, r.case_id," \
    " COALESCE(d.name, (SELECT name FROM departments WHERE code = 'QD-SCJG')), r.started_on, r.notice_until," \
    " r.created_by, r.created_at"
static const yw_column record_columns[] = {
    YW_COLUMN(YW_COL_TEXT, yw_dereg_record, id),           YW_COLUMN(YW_COL_TEXT, yw_dereg_record, mode),
    YW_COLUMN(YW_COL_TEXT, yw_dereg_record, state),        YW_COLUMN(YW_COL_TEXT, yw_dereg_record, reason),
    YW_COLUMN(YW_COL_TEXT, yw_dereg_record, document_sha256), YW_COLUMN(YW_COL_TEXT, yw_dereg_record, document_name),
    YW_COLUMN(YW_COL_TEXT, yw_dereg_record, document_type), YW_COLUMN(YW_COL_INT64, yw_dereg_record, document_size),
    YW_COLUMN(YW_COL_TEXT, yw_dereg_record, case_id),      YW_COLUMN(YW_COL_TEXT, yw_dereg_record, office),
    YW_COLUMN(YW_COL_TEXT, yw_dereg_record, started_on),   YW_COLUMN(YW_COL_TEXT, yw_dereg_record, notice_until),
    YW_COLUMN(YW_COL_TEXT, yw_dereg_record, created_by),   YW_COLUMN(YW_COL_TEXT, yw_dereg_record, created_at),
};
#define NRECORD (int)(sizeof record_columns / sizeof record_columns[0])

int yw_entity_dereg_latest(yw_op *op, const char *uscc, yw_dereg_record *out, bool *found) {
    memset(out, 0, sizeof *out);
    *found = false;
    yw_entity e;
    if (yw_entity_get(op, uscc, &e) < 0) return -1; /* who may read the entity */
    yw_rows rows;
    if (yw_store_run(op->store, op->arena,
                     "SELECT " RECORD_COLUMNS " FROM entity_deregistrations r"
                     " LEFT JOIN uploads u ON u.sha256 = r.document_sha256 LEFT JOIN departments d ON d.id = r.department_id"
                     " WHERE r.uscc = $1 ORDER BY r.created_at DESC, r.id DESC LIMIT 1",
                     YW_PARAMS(YW_TEXT_P(uscc)), &rows, NULL, op->err) < 0)
        return -1;
    if (!rows.nrows) return 0;
    yw_rows_fill(&rows, 0, record_columns, NRECORD, out);
    *found = true;
    return 0;
}

/* ---- the public notices ---- */

/* The first day of a notice that ends on `until`, for a notice begun before its row was kept. */
static const char *first_day(yw_op *op, const char *until) {
    int64_t day;
    yw_err ignored;
    if (!until || yw_date_parse(until, &day, "notice_until", &ignored) < 0) return NULL;
    char *s = yw_arena_alloc(op->arena, YW_DATE_SIZE);
    if (s) yw_date_format(day - YW_DEREG_NOTICE_DAYS, s);
    return s;
}

static const yw_column notice_columns[] = {
    YW_COLUMN(YW_COL_TEXT, yw_dereg_notice, uscc),         YW_COLUMN(YW_COL_TEXT, yw_dereg_notice, name),
    YW_COLUMN(YW_COL_TEXT, yw_dereg_notice, started_on),   YW_COLUMN(YW_COL_TEXT, yw_dereg_notice, notice_until),
    YW_COLUMN(YW_COL_TEXT, yw_dereg_notice, office),
};

/* The running notices: $1 today (YYYY-MM-DD). The notice's row is the one begun for this
 * notice_until; the market regulator is the office of one begun before rows were kept. */
#define RUNNING                                                                                           \
    " FROM entities e LEFT JOIN entity_deregistrations r ON r.uscc = e.uscc AND r.mode = 'simple'"         \
    " AND r.notice_until = e.notice_until AND r.state = 'notice' LEFT JOIN departments d ON d.id = r.department_id" \
    " WHERE e.status = 'deregistering' AND e.notice_until >= $1"

int yw_entity_notices(yw_op *op, int limit, int offset, yw_dereg_notice **out, int *n, int64_t *total) {
    /* public: anyone reads the notices, which say nothing personal */
    *out = NULL;
    *n = 0;
    *total = 0;
    if (limit < 1 || limit > YW_NOTICE_LIST_MAX)
        return yw_fail(op->err, YW_E_FIELD_RANGE, "limit", "limit", 1LL, (long long)YW_NOTICE_LIST_MAX);
    if (offset < 0) return yw_fail(op->err, YW_E_FIELD_RANGE, "offset", "offset", 0LL, (long long)INT32_MAX);
    char today[YW_DATE_SIZE];
    yw_date_format(yw_op_today(op), today);
    yw_rows rows, count;
    if (yw_store_run(op->store, op->arena,
                     "SELECT e.uscc, e.name, r.started_on, e.notice_until,"
                     " COALESCE(d.name, (SELECT name FROM departments WHERE code = 'QD-SCJG'))" RUNNING
                     " ORDER BY e.notice_until DESC, e.uscc LIMIT $2 OFFSET $3",
                     YW_PARAMS(YW_TEXT_P(today), YW_INT_P(limit), YW_INT_P(offset)), &rows, NULL, op->err) < 0 ||
        yw_store_run(op->store, op->arena, "SELECT COUNT(*)" RUNNING, YW_PARAMS(YW_TEXT_P(today)), &count, NULL,
                     op->err) < 0)
        return -1;
    yw_dereg_notice *list = yw_rows_fill_all(&rows, notice_columns, (int)(sizeof notice_columns / sizeof notice_columns[0]),
                                             sizeof *list, op->arena);
    if (!list) return yw_fail(op->err, YW_E_NOMEM, NULL);
    for (int i = 0; i < rows.nrows; i++)
        if (!list[i].started_on && !(list[i].started_on = first_day(op, list[i].notice_until)))
            return yw_fail(op->err, YW_E_NOMEM, NULL);
    *out = list;
    *n = rows.nrows;
    *total = strtoll(yw_rows_get(&count, 0, 0), NULL, 10);
    return 0;
}

/* ---- objections ---- */

#define OBJECTION_COLUMNS                                                                                 \
    "o.id, o.receipt, o.uscc, e.name, o.notice_until, o.department_id, o.reason, o.objector, o.contact, o.state," \
    " o.decision_note, o.decided_by, o.decided_at, o.created_at"
static const yw_column objection_columns[] = {
    YW_COLUMN(YW_COL_TEXT, yw_objection, id),           YW_COLUMN(YW_COL_TEXT, yw_objection, receipt),
    YW_COLUMN(YW_COL_TEXT, yw_objection, uscc),         YW_COLUMN(YW_COL_TEXT, yw_objection, entity_name),
    YW_COLUMN(YW_COL_TEXT, yw_objection, notice_until), YW_COLUMN(YW_COL_TEXT, yw_objection, department_id),
    YW_COLUMN(YW_COL_TEXT, yw_objection, reason),       YW_COLUMN(YW_COL_TEXT, yw_objection, objector),
    YW_COLUMN(YW_COL_TEXT, yw_objection, contact),      YW_COLUMN_ENUM(yw_objection, state, yw_objection_states),
    YW_COLUMN(YW_COL_TEXT, yw_objection, decision_note), YW_COLUMN(YW_COL_TEXT, yw_objection, decided_by),
    YW_COLUMN(YW_COL_TEXT, yw_objection, decided_at),   YW_COLUMN(YW_COL_TEXT, yw_objection, created_at),
};
#define NOBJECTION (int)(sizeof objection_columns / sizeof objection_columns[0])

static int load_objection(yw_op *op, const char *id, yw_objection *out) {
    yw_rows rows;
    if (yw_store_run(op->store, op->arena,
                     "SELECT " OBJECTION_COLUMNS " FROM dereg_objections o JOIN entities e ON e.uscc = o.uscc"
                     " WHERE o.id = $1",
                     YW_PARAMS(YW_TEXT_P(id)), &rows, NULL, op->err) < 0)
        return -1;
    if (!rows.nrows) return yw_fail(op->err, YW_E_OBJECTION_NOT_FOUND, "id");
    yw_rows_fill(&rows, 0, objection_columns, NOBJECTION, out);
    return 0;
}

/* A text a person counts in characters: valid UTF-8 without control characters (line breaks
 * allowed where `lines`), not blank, from min to max characters. */
static bool text_ok(const char *s, size_t min, size_t max, bool lines) {
    if (!s) return false;
    size_t len = strlen(s);
    if (yw_utf8_invalid_at(s, len) >= 0 || yw_utf8_blank(s, len)) return false;
    for (const unsigned char *c = (const unsigned char *)s; *c; c++)
        if ((*c < 0x20 && !(lines && (*c == '\n' || *c == '\r' || *c == '\t'))) || *c == 0x7F) return false;
    size_t n = yw_utf8_chars(s);
    return n >= min && n <= max;
}

/* A mobile number (1[3-9] and nine digits), a landline with its area code (0 and two or three
 * digits, a hyphen or not, seven or eight digits, an extension after a hyphen) or an email
 * address (one @, a dot in the domain, no spaces). */
static bool contact_ok(const char *s) {
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > YW_OBJECTION_CONTACT_MAX) return false;
    const char *at = strchr(s, '@');
    if (at) {
        const char *dot = strrchr(at, '.');
        if (at == s || strchr(at + 1, '@') || !dot || dot == at + 1 || !dot[1]) return false;
        for (const unsigned char *c = (const unsigned char *)s; *c; c++)
            if (*c <= 0x20 || *c >= 0x7F || *c == ',' || *c == ';' || *c == '<' || *c == '>') return false;
        return true;
    }
    if (n == 11 && s[0] == '1' && s[1] >= '3' && s[1] <= '9') {
        for (size_t i = 0; i < n; i++)
            if (!isdigit((unsigned char)s[i])) return false;
        return true;
    }
    if (s[0] != '0') return false;
    size_t i = 1, area = 0, local = 0;
    while (i < n && isdigit((unsigned char)s[i])) i++, area++;
    if (i < n && (s[i] == '-' || s[i] == ' ')) {
        i++;
        while (i < n && isdigit((unsigned char)s[i])) i++, local++;
    } else {
        /* written without a separator: a three- or four-digit area code and seven or eight digits */
        local = area >= 9 ? area - 3 : 0;
        area = area - local;
    }
    if (area < 2 || area > 3 || local < 7 || local > 8) return false;
    if (i < n) { /* an extension */
        if (s[i] != '-' || i + 1 >= n) return false;
        for (i++; i < n; i++)
            if (!isdigit((unsigned char)s[i])) return false;
    }
    return true;
}

/* The next receipt number of today (Beijing): YYYYMMDD and a serial, under a lock so that two
 * servers never give one twice. Arena text. */
static int next_receipt(yw_op *op, const char **out) {
    char today[YW_DATE_SIZE];
    yw_date_format(yw_op_today(op), today);
    char day[9] = {today[0], today[1], today[2], today[3], today[5], today[6], today[8], today[9], '\0'};
    const char *like = yw_arena_printf(op->arena, "%s%%", day);
    if (!like) return yw_fail(op->err, YW_E_NOMEM, NULL);
    yw_rows rows;
    if (yw_store_lock(op->store, "dereg_objections:receipt", op->err) < 0 ||
        yw_store_run(op->store, op->arena, "SELECT MAX(receipt) FROM dereg_objections WHERE receipt LIKE $1",
                     YW_PARAMS(YW_TEXT_P(like)), &rows, NULL, op->err) < 0)
        return -1;
    const char *last = yw_rows_get(&rows, 0, 0);
    long serial = last && strlen(last) == YW_OBJECTION_RECEIPT_LEN ? strtol(last + 8, NULL, 10) : 0;
    if (serial >= 999999) return yw_err_set(op->err, YW_ERR_INTERNAL, NULL, "a million objections in one day");
    *out = yw_arena_printf(op->arena, "%s%06ld", day, serial + 1);
    return *out ? 0 : yw_fail(op->err, YW_E_NOMEM, NULL);
}

/* The audit entry's JSON of an objection's state (and its note). Arena text. */
static const char *objection_json(yw_op *op, const yw_objection *o, yw_objection_state state, const char *note) {
    yw_buf b;
    yw_jw w;
    yw_jw_begin(&w, &b, op->arena);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "uscc", o->uscc);
    yw_jw_kstr(&w, "receipt", o->receipt);
    yw_jw_kstr(&w, "state", yw_enum_to_text(yw_objection_states, (int)state));
    if (note) yw_jw_kstr(&w, "note", note);
    yw_jw_end(&w);
    return b.failed ? NULL : b.data;
}

int yw_entity_objection_file(yw_op *op, const yw_objection_in *in, yw_objection *out) {
    /* public: no role to check; the limit per address is what guards it */
    yw_err *err = op->err;
    memset(out, 0, sizeof *out);
    const char *scope = yw_arena_printf(op->arena, "dereg-objection:%s", in->address ? in->address : "");
    if (!scope) return yw_fail(err, YW_E_NOMEM, NULL);
    int64_t recent;
    if (yw_store_lock(op->store, scope, err) < 0 || yw_failures_count(op, scope, YW_OBJECTION_WINDOW_MS, &recent) < 0)
        return -1;
    if (recent >= YW_OBJECTION_MAX_PER_ADDRESS)
        return yw_fail(err, YW_E_OBJECTION_RATE_LIMITED, NULL, (int)(YW_OBJECTION_WINDOW_MS / 60000));
    if (!in->uscc || !*in->uscc) return yw_fail(err, YW_E_FIELD_REQUIRED, "uscc", "uscc");
    if (!text_ok(in->reason, YW_OBJECTION_REASON_MIN, YW_OBJECTION_REASON_MAX, true))
        return yw_fail(err, YW_E_OBJECTION_REASON_LENGTH, "reason", YW_OBJECTION_REASON_MIN, YW_OBJECTION_REASON_MAX);
    if (!text_ok(in->objector, 1, YW_OBJECTION_NAME_MAX, false))
        return yw_fail(err, YW_E_OBJECTION_NAME, "name", YW_OBJECTION_NAME_MAX);
    if (!contact_ok(in->contact)) return yw_fail(err, YW_E_OBJECTION_CONTACT, "contact");
    yw_entity e;
    int found = entity_lock(op, in->uscc);
    if (found > 0) found = entity_load(op, in->uscc, &e);
    if (found < 0) return -1;
    if (!found) return yw_fail(err, YW_E_ENTITY_NOT_FOUND, "uscc", in->uscc);
    if (e.status != YW_ENTITY_DEREGISTERING || !e.notice_until) return yw_fail(err, YW_E_DEREG_NOT_ON_NOTICE, "uscc", e.uscc);
    int64_t last;
    if (yw_date_parse(e.notice_until, &last, "notice_until", err) < 0) return -1;
    if (yw_op_today(op) > last) return yw_fail(err, YW_E_DEREG_NOTICE_OVER, NULL, e.notice_until);
    /* the office that keeps the notice decides it */
    yw_rows rows;
    if (yw_store_run(op->store, op->arena,
                     "SELECT department_id FROM entity_deregistrations WHERE uscc = $1 AND mode = 'simple'"
                     " AND notice_until = $2 AND state = 'notice' ORDER BY created_at DESC LIMIT 1",
                     YW_PARAMS(YW_TEXT_P(e.uscc), YW_TEXT_P(e.notice_until)), &rows, NULL, err) < 0)
        return -1;
    const char *office = yw_rows_get(&rows, 0, 0);
    if (!office && entity_regulator_department(op, &office) < 0) return -1;
    const char *receipt;
    if (next_receipt(op, &receipt) < 0) return -1;
    char id[YW_ID_SIZE], at[YW_TIMESTAMP_SIZE];
    yw_ulid_new(id);
    yw_op_timestamp(op, at);
    if (yw_store_run(op->store, NULL,
                     "INSERT INTO dereg_objections (id, receipt, uscc, notice_until, department_id, reason, objector,"
                     " contact, state, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', $9)",
                     YW_PARAMS(YW_TEXT_P(id), YW_TEXT_P(receipt), YW_TEXT_P(e.uscc), YW_TEXT_P(e.notice_until),
                               YW_TEXT_P(office), YW_TEXT_P(in->reason), YW_TEXT_P(in->objector),
                               YW_TEXT_P(in->contact), YW_TEXT_P(at)),
                     NULL, NULL, err) < 0)
        return -1;
    const char *counted;
    if (yw_failures_record(op, scope, YW_OBJECTION_WINDOW_MS, &counted) < 0) return -1;
    if (load_objection(op, id, out) < 0) return -1;
    const char *after = objection_json(op, out, YW_OBJECTION_PENDING, NULL);
    if (!after) return yw_fail(err, YW_E_NOMEM, NULL);
    if (yw_audit_append(op, "entity.objection_file", "dereg_objection", id, NULL, after) < 0) return -1;
    yw_event ev = {.kind = "dereg.objection", .subject_type = "dereg_objection", .subject_id = out->id, .data = out,
                   .note = out->reason};
    return yw_event_raise(op, &ev);
}

int yw_entity_objections(yw_op *op, const char *uscc, yw_objection **out, int *n) {
    *out = NULL;
    *n = 0;
    if (entity_may_regulate(op, "查看简易注销异议", "read objections") < 0) return -1;
    yw_rows rows;
    if (yw_store_run(op->store, op->arena,
                     "SELECT " OBJECTION_COLUMNS " FROM dereg_objections o JOIN entities e ON e.uscc = o.uscc"
                     " WHERE o.uscc = $1 ORDER BY o.created_at DESC, o.id DESC LIMIT $2",
                     YW_PARAMS(YW_TEXT_P(uscc), YW_INT_P(YW_ENTITY_LIST_MAX)), &rows, NULL, op->err) < 0)
        return -1;
    yw_objection *list = yw_rows_fill_all(&rows, objection_columns, NOBJECTION, sizeof *list, op->arena);
    if (!list) return yw_fail(op->err, YW_E_NOMEM, NULL);
    *out = list;
    *n = rows.nrows;
    return 0;
}

int yw_entity_objection_get(yw_op *op, const char *id, yw_objection *out) {
    memset(out, 0, sizeof *out);
    if (entity_may_regulate(op, "查看简易注销异议", "read objections") < 0) return -1;
    return load_objection(op, id, out);
}

int yw_entity_objection_decide(yw_op *op, const yw_objection_decision *in, yw_objection *out, yw_entity *entity) {
    yw_err *err = op->err;
    const char *what_zh = in->upheld ? "认定异议成立" : "认定异议不成立", *what_en = "decide objections";
    if (entity_may_regulate(op, what_zh, what_en) < 0) return -1;
    if (!in->id || !*in->id) return yw_fail(err, YW_E_OBJECTION_NOT_FOUND, "id");
    const char *note = in->reason && *in->reason ? in->reason : NULL;
    if (!in->upheld && !note) return yw_fail(err, YW_E_OBJECTION_DISMISS_REASON, "reason");
    if (note && strlen(note) > YW_ENTITY_REASON_MAX)
        return yw_fail(err, YW_E_FIELD_TOO_LONG, "reason", "reason", (size_t)YW_ENTITY_REASON_MAX);
    if (note && !text_ok(note, 1, YW_ENTITY_REASON_MAX, true)) return yw_fail(err, YW_E_FIELD_CONTROL, "reason", "reason");
    /* the entity first, as every write of a notice takes it (the banner), then the objection */
    yw_objection cur;
    if (load_objection(op, in->id, &cur) < 0) return -1;
    if (entity_lock(op, cur.uscc) < 0) return -1;
    int state;
    if (yw_machine_lock(op, &objection_machine, in->id, &state) < 0 ||
        !yw_machine_check(op, &objection_machine, in->upheld ? "uphold" : "dismiss", state))
        return -1;
    if (load_objection(op, in->id, &cur) < 0) return -1;
    yw_objection_state to = in->upheld ? YW_OBJECTION_UPHELD : YW_OBJECTION_DISMISSED;
    char at[YW_TIMESTAMP_SIZE];
    yw_op_timestamp(op, at);
    int64_t moved = 0;
    if (yw_store_run(op->store, NULL,
                     "UPDATE dereg_objections SET state = $2, decision_note = $3, decided_by = $4, decided_at = $5"
                     " WHERE id = $1 AND state = 'pending'",
                     YW_PARAMS(YW_TEXT_P(cur.id), YW_TEXT_P(yw_enum_to_text(yw_objection_states, (int)to)),
                               YW_TEXT_P(note), YW_TEXT_P(op->actor->account_id), YW_TEXT_P(at)),
                     NULL, &moved, err) < 0)
        return -1;
    if (moved != 1) return yw_err_set(err, YW_ERR_INTERNAL, NULL, "an objection changed state under its lock");
    if (in->upheld) {
        yw_entity e;
        int found = entity_load(op, cur.uscc, &e);
        if (found < 0) return -1;
        /* a pending objection belongs to the notice that runs (stopping or completing a notice
         * decides its objections), so the entity is on it; the notice's other objections close */
        if (!found || e.status != YW_ENTITY_DEREGISTERING || !e.notice_until || strcmp(e.notice_until, cur.notice_until) != 0)
            return yw_err_set(err, YW_ERR_INTERNAL, NULL, "a pending objection to a notice that does not run");
        if (entity_notice_stop(op, &e, note ? note : cur.reason, entity) < 0) return -1;
    }
    const char *before = objection_json(op, &cur, cur.state, NULL), *after = objection_json(op, &cur, to, note);
    if (!before || !after) return yw_fail(err, YW_E_NOMEM, NULL);
    if (yw_audit_append(op, in->upheld ? "entity.objection_uphold" : "entity.objection_dismiss", "dereg_objection",
                        cur.id, before, after) < 0)
        return -1;
    if (out && load_objection(op, cur.id, out) < 0) return -1;
    if (entity && !in->upheld) {
        int found = entity_load(op, cur.uscc, entity);
        if (found <= 0) return found < 0 ? -1 : yw_fail(err, YW_E_INTERNAL, NULL);
    }
    return 0;
}
