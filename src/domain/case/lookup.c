/* The public lookup of a case (办件查询): by its number and the last six characters of its
 * applicant's ID number or USCC, without logging in; its state and steps in words, nothing
 * personal; failures counted per client address in the store (case.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../../base/time.h"
#include "../core/session.h"
#include "case.h"

static bool all_digits(const char *s, size_t n) {
    if (strlen(s) != n) return false;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i])) return false;
    return true;
}

int yw_case_status_begin(yw_op *op, const yw_case_status_in *in, yw_case_status_attempt *out) {
    /* public: no role to check; the limit below is what guards it */
    yw_err *err = op->err;
    memset(out, 0, sizeof *out);
    if (!in->number || !all_digits(in->number, YW_CASE_NUMBER_LEN)) return yw_fail(err, YW_E_CASE_STATUS_NUMBER, "number");
    size_t n = in->id_tail ? strlen(in->id_tail) : 0;
    char *tail = yw_arena_strdup(op->arena, in->id_tail ? in->id_tail : "");
    if (!tail) return yw_fail(err, YW_E_NOMEM, NULL);
    bool ok = n == YW_CASE_ID_TAIL_LEN;
    for (size_t i = 0; ok && i < n; i++) {
        ok = isalnum((unsigned char)tail[i]) != 0;
        tail[i] = (char)toupper((unsigned char)tail[i]);
    }
    if (!ok) return yw_fail(err, YW_E_CASE_STATUS_ID_TAIL, "id_tail");
    out->id_tail = tail;
    out->number = yw_arena_strdup(op->arena, in->number);
    out->scope = yw_arena_printf(op->arena, "case-status:%s", in->address ? in->address : "");
    if (!out->number || !out->scope) return yw_fail(err, YW_E_NOMEM, NULL);
    int64_t failures;
    if (yw_store_lock(op->store, out->scope, err) < 0 ||
        yw_failures_count(op, out->scope, YW_CASE_STATUS_WINDOW_MS, &failures) < 0)
        return -1;
    if (failures >= YW_CASE_STATUS_MAX_FAILURES)
        return yw_fail(err, YW_E_CASE_STATUS_LOCKED, NULL, (int)(YW_CASE_STATUS_WINDOW_MS / 60000));
    return yw_failures_record(op, out->scope, YW_CASE_STATUS_WINDOW_MS, &out->attempt_id);
}

/* The day in Beijing of an ISO 8601 UTC timestamp (arena text), or NULL when it is not one. */
static const char *beijing_date(yw_op *op, const char *ts) {
    if (!ts || strlen(ts) < 13 || ts[10] != 'T') return NULL;
    char date[YW_DATE_SIZE];
    memcpy(date, ts, 10);
    date[10] = '\0';
    int64_t day;
    yw_err ignored;
    if (yw_date_parse(date, &day, "at", &ignored) < 0) return NULL;
    if (atoi(ts + 11) >= 16) day++; /* 16:00 UTC is midnight in Beijing */
    char *out = yw_arena_alloc(op->arena, YW_DATE_SIZE);
    if (out) yw_date_format(day, out);
    return out;
}

/* A step of the case (an event of its own) in words, or false for one the public does not see
 * (a note within a state: a registry's answer, a stage's or a material's name). */
static bool case_step(const char *from, const char *to, const char **zh, const char **en) {
    if (!from) {
        *zh = "提交申请", *en = "application submitted";
        return true;
    }
    if (strcmp(from, to) == 0) return false;
    static const struct {
        const char *state, *zh, *en;
    } words[] = {
        {"accepted", "已受理", "accepted"},
        {"in_progress", "进入审查办理", "under review"},
        {"refused", "不予受理", "refused"},
        {"completed", "办结", "completed"},
        {"partly_completed", "部分办结", "partly completed"},
        {"rejected", "不予许可", "rejected"},
        {"withdrawn", "申请人撤回申请", "withdrawn by the applicant"},
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(words[i].state, to) == 0) {
            *zh = words[i].zh, *en = words[i].en;
            return true;
        }
    return false;
}

/* A task's step in words: the department and the item, never who. Arena text. */
static int task_step(yw_op *op, const char *kind, const char *from, const char *to, const char *dept,
                     const char *item, const char **zh, const char **en) {
    bool verify = kind && strcmp(kind, "verify") == 0;
    const char *wz, *we;
    if (!from) wz = verify ? "开始核查承诺事项" : "开始审查", we = verify ? "began checking the pledge" : "began its review";
    else if (strcmp(to, "correcting") == 0) wz = "一次性告知需补正的内容", we = "asked for corrections";
    else if (strcmp(from, "correcting") == 0) wz = "收到补正材料，恢复办理", we = "received the corrections and resumed";
    else if (strcmp(to, "approved") == 0) wz = verify ? "核查完毕" : "审查通过", we = verify ? "finished checking" : "approved";
    else if (strcmp(to, "closed") == 0) wz = "办件不予许可，核查终止", we = "stopped checking: the case was rejected";
    else if (strcmp(to, "rejected") == 0) wz = verify ? "核查未通过" : "审查未通过", we = verify ? "found the pledge untrue" : "rejected";
    else if (strcmp(to, "urged") == 0) wz = "督查专班督办", we = "was urged on by the supervisors";
    else wz = "办理进展", we = "progress";
    *zh = yw_arena_printf(op->arena, "%s：%s（%s）", dept ? dept : "", wz, item ? item : "");
    *en = yw_arena_printf(op->arena, "%s %s (%s)", dept ? dept : "", we, item ? item : "");
    return *zh && *en ? 0 : yw_fail(op->err, YW_E_NOMEM, NULL);
}

static bool tail_matches(const char *id, const char *tail) {
    size_t n = id ? strlen(id) : 0;
    if (n < YW_CASE_ID_TAIL_LEN) return false;
    for (size_t i = 0; i < YW_CASE_ID_TAIL_LEN; i++)
        if (toupper((unsigned char)id[n - YW_CASE_ID_TAIL_LEN + i]) != tail[i]) return false;
    return true;
}

int yw_case_status_finish(yw_op *op, const yw_case_status_attempt *at, yw_case_status *out) {
    yw_err *err = op->err;
    memset(out, 0, sizeof *out);
    yw_rows rows;
    if (yw_store_query(op->store, op->arena,
                       "SELECT c.id, c.number, c.title, c.state, c.created_at, c.accepted_on, c.deadline, a.id_number,"
                       " a.uscc FROM cases c JOIN accounts a ON a.id = c.applicant_id WHERE c.number = $1",
                       YW_ARGS(at->number), &rows, err) < 0)
        return -1;
    if (!rows.nrows || !(tail_matches(yw_rows_get(&rows, 0, 7), at->id_tail) ||
                         tail_matches(yw_rows_get(&rows, 0, 8), at->id_tail)))
        return yw_fail(err, YW_E_CASE_STATUS_NOT_FOUND, NULL); /* the failure counted in begin stays */
    if (yw_failures_forget(op, at->attempt_id) < 0) return -1;
    const char *id = yw_rows_get(&rows, 0, 0);
    int state = yw_enum_from_text(yw_case_states, yw_rows_get(&rows, 0, 3));
    if (state < 0) return yw_err_set(err, YW_ERR_INTERNAL, NULL, "a case in an unknown state");
    out->number = yw_rows_get(&rows, 0, 1);
    out->title = yw_rows_get(&rows, 0, 2);
    out->state = (yw_case_state)state;
    out->state_zh = yw_case_state_zh(out->state);
    out->state_en = yw_case_state_en(out->state);
    out->submitted_on = beijing_date(op, yw_rows_get(&rows, 0, 4));
    out->accepted_on = yw_rows_get(&rows, 0, 5);
    out->deadline = yw_rows_get(&rows, 0, 6);
    yw_rows evs;
    if (yw_store_query(op->store, op->arena,
                       "SELECT e.at, e.task_id, e.from_state, e.to_state, t.kind, d.name, i.name FROM case_events e"
                       " LEFT JOIN case_tasks t ON t.id = e.task_id LEFT JOIN departments d ON d.id = t.department_id"
                       " LEFT JOIN items i ON i.code = t.item_code WHERE e.case_id = $1"
                       /* the case's own step before the tasks it opened at the same moment */
                       " ORDER BY e.at, CASE WHEN e.task_id IS NULL THEN 0 ELSE 1 END, e.seq",
                       YW_ARGS(id), &evs, err) < 0)
        return -1;
    out->steps = yw_arena_calloc(op->arena, (size_t)evs.nrows + 1, sizeof *out->steps);
    if (!out->steps) return yw_fail(err, YW_E_NOMEM, NULL);
    for (int i = 0; i < evs.nrows; i++) {
        yw_case_status_step *s = &out->steps[out->nsteps];
        const char *from = yw_rows_get(&evs, i, 2), *to = yw_rows_get(&evs, i, 3);
        if (yw_rows_get(&evs, i, 1)) {
            if (task_step(op, yw_rows_get(&evs, i, 4), from, to, yw_rows_get(&evs, i, 5), yw_rows_get(&evs, i, 6),
                          &s->step_zh, &s->step_en) < 0)
                return -1;
        } else if (!case_step(from, to, &s->step_zh, &s->step_en)) {
            continue;
        }
        s->at = yw_rows_get(&evs, i, 0);
        s->date = beijing_date(op, s->at);
        out->nsteps++;
    }
    return 0;
}
