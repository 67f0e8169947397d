/* Rectifications (整改) of bad ratings: opened with the rating, due the city's rectify_days
 * working days later; verified (核实) and fed back (反馈) by officers of the rating's department,
 * each step with a note; revisited (回访) by the applicant who rated. Colours on read as a task's.
 * Also the city's settings of the ratings (review_settings, one row). */
#include <stdlib.h>
#include <string.h>

#include "../../std/workcal.h"
#include "../calendar/calendar.h"
#include "review.h"

#include "../core/event.h"
#include "../core/transition.h"

const yw_enum_text yw_rectify_states[] = {
    {YW_RECTIFY_VERIFYING, "verifying"},
    {YW_RECTIFY_RECTIFYING, "rectifying"},
    {YW_RECTIFY_FEEDBACK, "feedback"},
    {YW_RECTIFY_REVISITED, "revisited"},
    {0, NULL},
};
const yw_enum_text yw_revisit_results[] = {
    {YW_REVISIT_SATISFIED, "satisfied"},
    {YW_REVISIT_UNSATISFIED, "unsatisfied"},
    {0, NULL},
};

#define RST(s) yw_enum_to_text(yw_rectify_states, (int)(s))

/* ---- settings ---- */

int yw_review_settings_get(yw_op *op, yw_review_settings *out) {
    if (yw_op_require(op, YW_ROLE_STAFF, "read the rating settings") < 0) return -1;
    yw_rows rows;
    if (yw_store_query(op->store, op->arena,
                       "SELECT rectify_days, updated_by, updated_at FROM review_settings WHERE id = 1", YW_NOARGS,
                       &rows, op->err) < 0)
        return -1;
    memset(out, 0, sizeof *out);
    out->rectify_days = YW_REVIEW_RECTIFY_DAYS_DEFAULT;
    if (rows.nrows) {
        static const yw_column cols[] = {
            YW_COLUMN(YW_COL_INT, yw_review_settings, rectify_days),
            YW_COLUMN(YW_COL_TEXT, yw_review_settings, updated_by),
            YW_COLUMN(YW_COL_TEXT, yw_review_settings, updated_at),
        };
        yw_rows_fill(&rows, 0, cols, 3, out);
    }
    return 0;
}

int yw_review_settings_set(yw_op *op, const yw_review_settings *in, yw_review_settings *out) {
    if (yw_op_require(op, YW_ROLE_ADMIN, "change the rating settings") < 0) return -1;
    if (in->rectify_days < YW_REVIEW_RECTIFY_DAYS_MIN || in->rectify_days > YW_REVIEW_RECTIFY_DAYS_MAX)
        return yw_fail(op->err, YW_E_FIELD_RANGE, "rectify_days", "rectify_days", (long long)YW_REVIEW_RECTIFY_DAYS_MIN,
                       (long long)YW_REVIEW_RECTIFY_DAYS_MAX);
    yw_review_settings before;
    if (yw_review_settings_get(op, &before) < 0) return -1;
    char now[YW_TIMESTAMP_SIZE];
    yw_op_timestamp(op, now);
    const char *from = yw_arena_printf(op->arena, "%d", before.rectify_days);
    const char *to = yw_arena_printf(op->arena, "%d", in->rectify_days);
    if (!from || !to) return yw_fail(op->err, YW_E_NOMEM, NULL);
    if (yw_store_run(op->store, NULL,
                     "UPDATE review_settings SET rectify_days = $1, updated_by = $2, updated_at = $3 WHERE id = 1",
                     YW_PARAMS(YW_INT_P(in->rectify_days), YW_TEXT_P(op->actor->account_id), YW_TEXT_P(now)), NULL,
                     NULL, op->err) < 0 ||
        yw_review_audit(op, "review.settings", "review_settings", "1", "rectify_days", from, to, NULL) < 0)
        return -1;
    return out ? yw_review_settings_get(op, out) : 0;
}

/* ---- reading ---- */

#define RECT_COLS                                                                                            \
    "SELECT x.id, x.rating_id, r.case_id, r.rater_id, x.department_id, d.code, d.name, x.state, x.deadline," \
    " x.provisional, x.revisit, r.level, r.excluded, x.created_at, x.updated_at, r.text, r.tags"             \
    " FROM rectifications x JOIN ratings r ON r.id = x.rating_id JOIN departments d ON d.id = x.department_id"

static const yw_column rect_columns[] = {
    YW_COLUMN(YW_COL_TEXT, yw_rectification, id),
    YW_COLUMN(YW_COL_TEXT, yw_rectification, rating_id),
    YW_COLUMN(YW_COL_TEXT, yw_rectification, case_id),
    YW_COLUMN(YW_COL_TEXT, yw_rectification, rater_id),
    YW_COLUMN(YW_COL_TEXT, yw_rectification, department_id),
    YW_COLUMN(YW_COL_TEXT, yw_rectification, department_code),
    YW_COLUMN(YW_COL_TEXT, yw_rectification, department_name),
    YW_COLUMN_ENUM(yw_rectification, state, yw_rectify_states),
    YW_COLUMN(YW_COL_TEXT, yw_rectification, deadline),
    YW_COLUMN(YW_COL_BOOL, yw_rectification, provisional),
    YW_COLUMN(YW_COL_TEXT, yw_rectification, revisit),
    YW_COLUMN_ENUM(yw_rectification, level, yw_rating_levels),
    YW_COLUMN(YW_COL_BOOL, yw_rectification, excluded),
    YW_COLUMN(YW_COL_TEXT, yw_rectification, created_at),
    YW_COLUMN(YW_COL_TEXT, yw_rectification, updated_at),
    YW_COLUMN(YW_COL_TEXT, yw_rectification, rating_text),
    YW_COLUMN(YW_COL_TEXT, yw_rectification, rating_tags),
};
static const yw_column event_columns[] = {
    YW_COLUMN(YW_COL_TEXT, yw_rectify_event, actor_id),   YW_COLUMN(YW_COL_TEXT, yw_rectify_event, actor_name),
    YW_COLUMN(YW_COL_TEXT, yw_rectify_event, at),         YW_COLUMN(YW_COL_TEXT, yw_rectify_event, from_state),
    YW_COLUMN(YW_COL_TEXT, yw_rectify_event, to_state),   YW_COLUMN(YW_COL_TEXT, yw_rectify_event, note),
};
#define NCOLS(t) ((int)(sizeof(t) / sizeof(t)[0]))

/* Red past the deadline, yellow within one working day of it, green before it; none once the
 * feedback is given or the rating excluded. */
static int color(const yw_workcal *cal, int64_t today, yw_rectification *x, yw_err *err) {
    bool open = !x->excluded && (x->state == YW_RECTIFY_VERIFYING || x->state == YW_RECTIFY_RECTIFYING);
    return yw_work_color_of(cal, today, x->deadline, open, false, &x->color, err);
}

static int fill(yw_op *op, const yw_rows *rows, yw_rectification **out) {
    yw_rectification *x = yw_rows_fill_all(rows, rect_columns, NCOLS(rect_columns), sizeof *x, op->arena);
    if (!x) return yw_fail(op->err, YW_E_NOMEM, NULL);
    const yw_workcal *cal;
    if (rows->nrows && yw_calendar_current(op, &cal) < 0) return -1;
    int64_t today = yw_op_today(op);
    for (int i = 0; i < rows->nrows; i++)
        if (color(cal, today, &x[i], op->err) < 0) return -1;
    *out = x;
    return 0;
}

static int events_of(yw_op *op, yw_rectification *x) {
    yw_rows rows;
    if (yw_store_query(op->store, op->arena,
                       "SELECT e.actor_id, a.name, e.at, e.from_state, e.to_state, e.note FROM rectification_events e"
                       " LEFT JOIN accounts a ON a.id = e.actor_id WHERE e.rectification_id = $1 ORDER BY e.seq",
                       YW_ARGS(x->id), &rows, op->err) < 0)
        return -1;
    x->events = yw_rows_fill_all(&rows, event_columns, NCOLS(event_columns), sizeof *x->events, op->arena);
    if (!x->events) return yw_fail(op->err, YW_E_NOMEM, NULL);
    x->nevents = rows.nrows;
    return 0;
}

/* The rectification found by `column` (id or rating_id) = value, with its events; *out NULL
 * when there is none. */
static int load_by(yw_op *op, const char *sql, const char *value, yw_rectification **out) {
    yw_rows rows;
    if (yw_store_query(op->store, op->arena, sql, YW_ARGS(value ? value : ""), &rows, op->err) < 0) return -1;
    *out = NULL;
    if (!rows.nrows) return 0;
    yw_rectification *x;
    if (fill(op, &rows, &x) < 0 || events_of(op, x) < 0) return -1;
    *out = x;
    return 0;
}

int yw_review_rectification_of(yw_op *op, const char *rating_id, yw_rectification **out) {
    return load_by(op, RECT_COLS " WHERE x.rating_id = $1", rating_id, out);
}

static int load(yw_op *op, const char *id, yw_rectification *out) {
    yw_rectification *x;
    if (load_by(op, RECT_COLS " WHERE x.id = $1", id, &x) < 0) return -1;
    if (!x) return yw_fail(op->err, YW_E_RECTIFICATION_NOT_FOUND, "id");
    *out = *x;
    return 0;
}

static bool of_department(const yw_actor *actor, const yw_rectification *x) {
    return yw_actor_has(actor, YW_ROLE_OFFICER) && actor->department_id &&
           strcmp(actor->department_id, x->department_id) == 0;
}

int yw_rectification_get(yw_op *op, const char *id, yw_rectification *out) {
    if (yw_op_require(op, YW_ROLE_APPLICANT | YW_ROLE_OFFICER | YW_ROLE_SUPERVISOR | YW_ROLE_ADMIN,
                      "read rectifications") < 0 ||
        load(op, id, out) < 0)
        return -1;
    const yw_actor *actor = op->actor;
    if (of_department(actor, out) || yw_actor_has(actor, YW_ROLE_SUPERVISOR | YW_ROLE_ADMIN) ||
        strcmp(actor->account_id, out->rater_id) == 0)
        return 0;
    bool officer = yw_actor_has(actor, YW_ROLE_OFFICER);
    return yw_fail(op->err, officer ? YW_E_RECTIFICATION_NOT_YOUR_DEPARTMENT : YW_E_RATING_NOT_YOURS, NULL);
}

int yw_rectification_list(yw_op *op, int state, yw_rectification **out, int *count) {
    if (yw_op_require(op, YW_ROLE_OFFICER | YW_ROLE_SUPERVISOR | YW_ROLE_ADMIN, "read rectifications") < 0) return -1;
    const char *department = NULL;
    if (!yw_actor_has(op->actor, YW_ROLE_SUPERVISOR | YW_ROLE_ADMIN)) {
        if (!op->actor->department_id) return yw_fail(op->err, YW_E_NO_DEPARTMENT, NULL);
        department = op->actor->department_id;
    }
    const char *state_text = state >= 0 ? RST(state) : "all";
    yw_rows rows;
    if (yw_store_run(op->store, op->arena,
                     RECT_COLS " WHERE ($1 = 'all' OR x.state = $1) AND x.department_id = COALESCE($2, x.department_id)"
                               " ORDER BY x.deadline, x.created_at, x.id LIMIT 1000",
                     YW_PARAMS(YW_TEXT_P(state_text), YW_TEXT_P(department)), &rows, NULL, op->err) < 0)
        return -1;
    *count = rows.nrows;
    return fill(op, &rows, out);
}

/* ---- writing ---- */

/* Records a step: the event, and the state with updated_at. */
static int step(yw_op *op, const char *id, const char *from, const char *to, const char *note) {
    char now[YW_TIMESTAMP_SIZE];
    yw_op_timestamp(op, now);
    if (yw_store_run(op->store, NULL,
                     "INSERT INTO rectification_events (rectification_id, seq, actor_id, at, from_state, to_state,"
                     " note) VALUES ($1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM rectification_events"
                     " WHERE rectification_id = $1), $2, $3, $4, $5, $6)",
                     YW_PARAMS(YW_TEXT_P(id), YW_TEXT_P(op->actor->account_id), YW_TEXT_P(now), YW_TEXT_P(from),
                               YW_TEXT_P(to), YW_TEXT_P(note)),
                     NULL, NULL, op->err) < 0)
        return -1;
    if (!from) return 0;
    return yw_store_run(op->store, NULL, "UPDATE rectifications SET state = $1, updated_at = $2 WHERE id = $3",
                        YW_PARAMS(YW_TEXT_P(to), YW_TEXT_P(now), YW_TEXT_P(id)), NULL, NULL, op->err);
}

int yw_review_rectification_open(yw_op *op, const char *rating_id, const char *department_id, int64_t day) {
    yw_rows rows;
    if (yw_store_query(op->store, op->arena, "SELECT rectify_days FROM review_settings WHERE id = 1", YW_NOARGS, &rows,
                       op->err) < 0)
        return -1;
    int days = rows.nrows ? (int)strtol(yw_rows_get(&rows, 0, 0), NULL, 10) : YW_REVIEW_RECTIFY_DAYS_DEFAULT;
    const yw_workcal *cal;
    int64_t due;
    bool provisional = false;
    if (yw_calendar_current(op, &cal) < 0 || yw_workcal_add(cal, day, days, &due, &provisional, op->err) < 0)
        return -1;
    char id[YW_ID_SIZE], now[YW_TIMESTAMP_SIZE], deadline[YW_DATE_SIZE];
    yw_ulid_new(id);
    yw_op_timestamp(op, now);
    yw_date_format(due, deadline);
    if (yw_store_run(op->store, NULL,
                     "INSERT INTO rectifications (id, rating_id, department_id, state, deadline, provisional,"
                     " created_at, updated_at) VALUES ($1, $2, $3, 'verifying', $4, $5, $6, $6)",
                     YW_PARAMS(YW_TEXT_P(id), YW_TEXT_P(rating_id), YW_TEXT_P(department_id), YW_TEXT_P(deadline),
                               YW_INT_P(provisional), YW_TEXT_P(now)),
                     NULL, NULL, op->err) < 0 ||
        step(op, id, NULL, RST(YW_RECTIFY_VERIFYING), NULL) < 0 ||
        yw_review_audit(op, "rectification.open", "rectification", id, "state", NULL, RST(YW_RECTIFY_VERIFYING),
                        deadline) < 0)
        return -1;
    /* the department is told (domain/events/) */
    yw_rows t;
    if (yw_store_query(op->store, op->arena,
                       "SELECT c.title, c.number FROM ratings r JOIN cases c ON c.id = r.case_id WHERE r.id = $1",
                       YW_ARGS(rating_id), &t, op->err) < 0)
        return -1;
    yw_rectification_opened opened = {department_id, deadline, t.nrows ? yw_rows_get(&t, 0, 0) : "",
                                      t.nrows ? yw_rows_get(&t, 0, 1) : NULL};
    yw_event ev = {.kind = "rectification.opened", .subject_type = "rectification", .subject_id = id, .data = &opened};
    return yw_event_raise(op, &ev);
}

static int check_note(yw_op *op, const char *note, bool required) {
    size_t n = note ? strlen(note) : 0;
    if (required && n == 0) return yw_fail(op->err, YW_E_FIELD_REQUIRED, "note", "note");
    if (n > YW_REVIEW_NOTE_MAX)
        return yw_fail(op->err, YW_E_FIELD_TOO_LONG, "note", "note", (size_t)YW_REVIEW_NOTE_MAX);
    return 0;
}

/* ---- the state machine (core/transition.h): the row locked before its state is read ---- */

static const char *const rect_states_zh[] = {"待核实", "整改中", "已反馈", "已回访"};
static const char *const rect_states_en[] = {"being verified", "being rectified", "answered", "revisited"};
static const yw_transition rect_actions[] = {
    {"verify", YW_FROM(YW_RECTIFY_VERIFYING), YW_RECTIFY_RECTIFYING, YW_ROLE_OFFICER, "核实", "verify rectifications"},
    {"feedback", YW_FROM(YW_RECTIFY_RECTIFYING), YW_RECTIFY_FEEDBACK, YW_ROLE_OFFICER, "反馈整改结果",
     "give feedback on rectifications"},
    {"revisit", YW_FROM(YW_RECTIFY_FEEDBACK), YW_RECTIFY_REVISITED, YW_ROLE_APPLICANT, "回访", "revisit rectifications"},
    {NULL, 0, 0, 0, NULL, NULL},
};
static const yw_machine rect_machine = {
    .states = yw_rectify_states,
    .states_zh = rect_states_zh,
    .states_en = rect_states_en,
    .actions = rect_actions,
    .lock_sql = "UPDATE rectifications SET state = state WHERE id = $1 RETURNING state",
    .not_found = YW_E_RECTIFICATION_NOT_FOUND,
    .state_error = YW_E_RECTIFICATION_STATE,
    .field = NULL,
};

/* Locks the rectification, checks the action against its state and loads it. */
static int load_for(yw_op *op, const char *id, const char *action, yw_rectification *x) {
    int state;
    if (yw_machine_lock(op, &rect_machine, id, &state) < 0 || !yw_machine_check(op, &rect_machine, action, state))
        return -1;
    return load(op, id, x);
}

/* An officer's step on a rectification of their department, from `from` to `to`. */
static int officer_step(yw_op *op, const yw_rectify_in *in, yw_rectify_state from, yw_rectify_state to,
                        const char *action, const char *what, yw_rectification *out) {
    if (yw_op_require(op, YW_ROLE_OFFICER, what) < 0 || check_note(op, in->note, true) < 0) return -1;
    yw_rectification x;
    if (load(op, in->id, &x) < 0) return -1;
    if (!of_department(op->actor, &x)) return yw_fail(op->err, YW_E_RECTIFICATION_NOT_YOUR_DEPARTMENT, NULL);
    if (load_for(op, in->id, strchr(action, '.') + 1, &x) < 0) return -1;
    if (step(op, x.id, RST(from), RST(to), in->note) < 0 ||
        yw_review_audit(op, action, "rectification", x.id, "state", RST(from), RST(to), in->note) < 0)
        return -1;
    return out ? load(op, x.id, out) : 0;
}

int yw_rectification_verify(yw_op *op, const yw_rectify_in *in, yw_rectification *out) {
    return officer_step(op, in, YW_RECTIFY_VERIFYING, YW_RECTIFY_RECTIFYING, "rectification.verify",
                        "verify rectifications", out);
}

int yw_rectification_feedback(yw_op *op, const yw_rectify_in *in, yw_rectification *out) {
    return officer_step(op, in, YW_RECTIFY_RECTIFYING, YW_RECTIFY_FEEDBACK, "rectification.feedback",
                        "give feedback on rectifications", out);
}

int yw_rectification_revisit(yw_op *op, const yw_rectify_in *in, yw_rectification *out) {
    const char *what = "revisit rectifications";
    if (yw_op_require(op, YW_ROLE_APPLICANT, what) < 0 || check_note(op, in->note, false) < 0) return -1;
    if (yw_enum_from_text(yw_revisit_results, in->result) < 0)
        return yw_fail(op->err, YW_E_FIELD_VALUE, "result", "result", "satisfied, unsatisfied");
    yw_rectification x;
    if (load(op, in->id, &x) < 0) return -1;
    if (strcmp(op->actor->account_id, x.rater_id) != 0) return yw_fail(op->err, YW_E_RATING_NOT_YOURS, NULL);
    if (load_for(op, in->id, "revisit", &x) < 0) return -1;
    const char *note = in->note ? yw_arena_printf(op->arena, "%s: %s", in->result, in->note) : in->result;
    if (!note) return yw_fail(op->err, YW_E_NOMEM, NULL);
    if (yw_store_run(op->store, NULL, "UPDATE rectifications SET revisit = $1 WHERE id = $2",
                     YW_PARAMS(YW_TEXT_P(in->result), YW_TEXT_P(x.id)), NULL, NULL, op->err) < 0 ||
        step(op, x.id, RST(YW_RECTIFY_FEEDBACK), RST(YW_RECTIFY_REVISITED), note) < 0 ||
        yw_review_audit(op, "rectification.revisit", "rectification", x.id, "state", RST(YW_RECTIFY_FEEDBACK),
                        RST(YW_RECTIFY_REVISITED), note) < 0)
        return -1;
    return out ? load(op, x.id, out) : 0;
}
