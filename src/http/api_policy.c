/* /api/v1/policies, /api/v1/grants, /api/v1/me/benefits: the policy library (public to read;
 * written by the issuing department's officers and admins), grants and their decisions, the
 * payment file, the enterprise's application, its own benefits with their explanations and its
 * inbox (站内信). The
 * domain (domain/policy/policy.h) checks every permission. */
#include <string.h>

#include "../domain/policy/policy.h"
#include "http.h"

static void render_policy(yw_jw *w, const yw_policy *p) {
    yw_jw_obj(w);
    yw_jw_kstr(w, "code", p->code);
    yw_jw_kstr(w, "title", p->title);
    yw_jw_kstr(w, "department", p->department_code);
    yw_jw_kstr(w, "department_name", p->department_name);
    yw_jw_kstr(w, "basis", p->basis);
    yw_jw_kstr(w, "summary", p->summary);
    yw_jw_kstr(w, "valid_from", p->valid_from);
    yw_jw_kstr(w, "valid_to", p->valid_to);
    yw_jw_kstr(w, "mode", yw_enum_to_text(yw_policy_modes, (int)p->mode));
    yw_jw_key(w, "eligibility");
    yw_jw_raw(w, p->eligibility, strlen(p->eligibility));
    yw_jw_key(w, "amount");
    yw_jw_raw(w, p->amount, strlen(p->amount));
    yw_jw_kint(w, "budget_fen", p->budget_fen);
    yw_jw_kint(w, "spent_fen", p->spent_fen);
    yw_jw_kint(w, "cap_fen", p->cap_fen);
    yw_jw_kstr(w, "recurrence", yw_enum_to_text(yw_policy_recurrences, (int)p->recurrence));
    yw_jw_kstr(w, "exclusive_group", p->exclusive_group);
    yw_jw_kstr(w, "status", yw_enum_to_text(yw_policy_statuses, (int)p->status));
    yw_jw_kstr(w, "updated_at", p->updated_at);
    yw_jw_end(w);
}

static void render_grant(yw_jw *w, const yw_grant *g) {
    yw_jw_obj(w);
    yw_jw_kstr(w, "id", g->id);
    yw_jw_kstr(w, "policy", g->policy_code);
    yw_jw_kstr(w, "policy_title", g->policy_title);
    yw_jw_kstr(w, "uscc", g->uscc);
    yw_jw_kstr(w, "name", g->entity_name);
    yw_jw_kstr(w, "period", g->period);
    yw_jw_kint(w, "amount_fen", g->amount_fen);
    yw_jw_kstr(w, "state", yw_enum_to_text(yw_grant_states, (int)g->state));
    yw_jw_kstr(w, "reason", g->reason);
    yw_jw_kstr(w, "created_at", g->created_at);
    yw_jw_kstr(w, "decided_at", g->decided_at);
    yw_jw_kstr(w, "paid_at", g->paid_at);
    yw_jw_kstr(w, "voucher", g->voucher);
    yw_jw_end(w);
}

static int reply_policy(yw_http_ctx *c, int status, const yw_policy *p, yw_err *err) {
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    render_policy(&w, p);
    return yw_http_reply_json(c, status, &b, err);
}

static int reply_grant(yw_http_ctx *c, int status, const yw_grant *g, yw_err *err) {
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    render_grant(&w, g);
    return yw_http_reply_json(c, status, &b, err);
}

static int list_policies(yw_http_ctx *c, yw_err *err) {
    yw_policy_query q = {.department = yw_query_str(c, "department"),
                         .include_closed = yw_query_bool(c, "all", false),
                         .limit = (int)yw_query_int(c, "limit", 50),
                         .offset = (int)yw_query_int(c, "offset", 0)};
    yw_policy *list;
    int n;
    int64_t total;
    if (yw_policy_list(&c->op, &q, &list, &n, &total) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_key(&w, "policies");
    yw_jw_arr(&w);
    for (int i = 0; i < n; i++) render_policy(&w, &list[i]);
    yw_jw_end(&w);
    yw_jw_kint(&w, "total", total);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static int get_policy(yw_http_ctx *c, yw_err *err) {
    yw_policy p;
    if (yw_policy_get(&c->op, c->params[0], &p) < 0) return -1;
    return reply_policy(c, 200, &p, err);
}

/* A rule of the body as compact JSON text in the arena. */
static const char *rule_text(yw_http_ctx *c, const char *name) {
    json_t *rule = json_object_get(c->body, name);
    if (!rule) return NULL;
    char *s = json_dumps(rule, JSON_COMPACT | JSON_ENCODE_ANY);
    const char *out = s ? yw_arena_strdup(c->arena, s) : NULL;
    free(s);
    return out;
}

/* An amount in yuan as people write it ("1000000", "2500.5", "0.01") into fen, exactly: digits,
 * at most two after the point, at most YW_POLICY_AMOUNT_MAX fen. -1 naming `name` otherwise. */
static int yuan_to_fen(const char *s, const char *name, int64_t *fen, yw_err *err) {
    int64_t v = 0;
    int decimals = -1, digits = 0;
    for (const char *p = s; *p; p++) {
        if (*p == '.' && decimals < 0 && digits > 0) {
            decimals = 0;
            continue;
        }
        if (*p < '0' || *p > '9' || decimals >= 2 || v > YW_POLICY_AMOUNT_MAX) goto bad;
        v = v * 10 + (*p - '0');
        digits++;
        if (decimals >= 0) decimals++;
    }
    if (!digits || decimals == 0) goto bad;
    for (int d = decimals < 0 ? 0 : decimals; d < 2; d++) v *= 10;
    if (v > YW_POLICY_AMOUNT_MAX) goto bad;
    *fen = v;
    return 0;
bad:
    return yw_fail(err, YW_E_FIELD_FORMAT, name, name, "以元为单位、至多两位小数的金额（如 1000000 或 2500.50）",
                   "an amount in yuan with at most two decimals (1000000, 2500.50)");
}

/* A policy's amount given in fen (`<name>_fen`, a whole number) or in yuan (`<name>_yuan`, a
 * string): one of them, into *fen; *given whether either was. */
static int money(yw_http_ctx *c, const char *name, int64_t *fen, bool *given, yw_err *err) {
    const char *in_fen = yw_arena_printf(c->arena, "%s_fen", name), *in_yuan = yw_arena_printf(c->arena, "%s_yuan", name);
    if (!in_fen || !in_yuan) return yw_fail(err, YW_E_NOMEM, NULL);
    bool f = json_object_get(c->body, in_fen) != NULL, y = json_object_get(c->body, in_yuan) != NULL;
    *given = f || y;
    *fen = 0;
    if (f && y) return yw_fail(err, YW_E_POLICY_MONEY_TWICE, in_yuan, in_fen, in_yuan);
    if (f) *fen = yw_body_int(c, in_fen, 0);
    return y ? yuan_to_fen(yw_body_str(c, in_yuan), in_yuan, fen, err) : 0;
}

static int save_policy(yw_http_ctx *c, const char *code, yw_policy_save_mode save, yw_err *err) {
    const char *amount = rule_text(c, "amount");
    int64_t fixed, budget, cap;
    bool has_fixed, has_budget, has_cap;
    if (money(c, "amount", &fixed, &has_fixed, err) < 0 || money(c, "budget", &budget, &has_budget, err) < 0 ||
        money(c, "cap", &cap, &has_cap, err) < 0)
        return -1;
    if (!has_budget) return yw_fail(err, YW_E_FIELD_REQUIRED, "budget_fen", "budget_fen");
    if (amount && has_fixed)
        return yw_fail(err, YW_E_FIELD_UNKNOWN, json_object_get(c->body, "amount_fen") ? "amount_fen" : "amount_yuan",
                       json_object_get(c->body, "amount_fen") ? "amount_fen" : "amount_yuan");
    if (!amount && has_fixed) amount = yw_arena_printf(c->arena, "%lld", (long long)fixed);
    const char *mode = yw_body_str(c, "mode"), *recurrence = yw_body_str(c, "recurrence"),
               *status = yw_body_str(c, "status");
    yw_policy in = {
        .code = code,
        .title = yw_body_str(c, "title"),
        .department_code = yw_body_str(c, "department"),
        .basis = yw_body_str(c, "basis"),
        .summary = yw_body_str(c, "summary"),
        .valid_from = yw_body_str(c, "valid_from"),
        .valid_to = yw_body_str(c, "valid_to"),
        .mode = (yw_policy_mode)yw_enum_from_text(yw_policy_modes, mode ? mode : "auto"),
        .eligibility = rule_text(c, "eligibility"),
        .amount = amount,
        .budget_fen = budget,
        .cap_fen = cap,
        .recurrence = (yw_policy_recurrence)yw_enum_from_text(yw_policy_recurrences, recurrence ? recurrence : "once"),
        .exclusive_group = yw_body_str(c, "exclusive_group"),
        .status = (yw_policy_status)yw_enum_from_text(yw_policy_statuses, status ? status : "active"),
    };
    yw_policy out;
    bool created;
    if (yw_policy_save(&c->op, &in, save, &out, &created) < 0) return -1;
    return reply_policy(c, created ? 201 : 200, &out, err);
}

/* POST creates (409 when the code is taken), PUT changes (404 when there is no such policy). */
static int create_policy(yw_http_ctx *c, yw_err *err) {
    return save_policy(c, yw_body_str(c, "code"), YW_POLICY_CREATE, err);
}
static int replace_policy(yw_http_ctx *c, yw_err *err) { return save_policy(c, c->params[0], YW_POLICY_CHANGE, err); }

/* ?state=approved (the default: what is to be paid) or paid (what was, with vouchers). */
static yw_grant_state payments_state(yw_http_ctx *c) {
    const char *state = yw_query_str(c, "state");
    return (yw_grant_state)yw_enum_from_text(yw_grant_states, state ? state : "approved");
}

static int payments(yw_http_ctx *c, yw_err *err) {
    yw_buf b;
    yw_buf_init(&b, c->arena);
    int n;
    if (yw_policy_payments_csv(&c->op, c->params[0], payments_state(c), &b, &n) < 0) return -1;
    const char *disp = yw_arena_printf(c->arena, "attachment; filename=\"payments-%s.csv\"", c->params[0]);
    if (!disp) return yw_fail(err, YW_E_NOMEM, NULL);
    yw_http_set_header(c, "content-disposition", disp);
    return yw_http_reply(c, 200, "text/csv; charset=utf-8", &b, err);
}

static int payments_xlsx(yw_http_ctx *c, yw_err *err) {
    char *data;
    size_t len;
    int n;
    if (yw_policy_payments_xlsx(&c->op, c->params[0], payments_state(c), &data, &len, &n) < 0) return -1;
    const char *disp = yw_arena_printf(c->arena, "attachment; filename=\"payments-%s.xlsx\"", c->params[0]);
    if (!disp) return yw_fail(err, YW_E_NOMEM, NULL);
    yw_http_set_header(c, "content-disposition", disp);
    yw_buf b = {.data = data, .len = len, .cap = len, .arena = c->arena};
    return yw_http_reply(c, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", &b, err);
}

/* The editor's match preview: how many registry entities the eligibility rule matches today. */
static int preview(yw_http_ctx *c, yw_err *err) {
    yw_policy_preview_result r;
    if (yw_policy_preview(&c->op, rule_text(c, "eligibility"), &r) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_kint(&w, "matches", r.matches);
    yw_jw_kint(&w, "entities", r.entities);
    yw_jw_kint(&w, "rule_errors", r.rule_errors);
    yw_jw_key(&w, "sample");
    yw_jw_arr(&w);
    for (int i = 0; i < r.nsample; i++) {
        yw_jw_obj(&w);
        yw_jw_kstr(&w, "uscc", r.sample[i].uscc);
        yw_jw_kstr(&w, "name", r.sample[i].name);
        yw_jw_end(&w);
    }
    yw_jw_end(&w);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static int apply(yw_http_ctx *c, yw_err *err) {
    yw_grant g;
    if (yw_grant_apply(&c->op, c->params[0], &g) < 0) return -1;
    return reply_grant(c, 201, &g, err);
}

static int list_grants(yw_http_ctx *c, yw_err *err) {
    yw_grant_query q = {.department = yw_query_str(c, "department"),
                        .uscc = yw_query_str(c, "uscc"),
                        .policy = yw_query_str(c, "policy"),
                        .state = yw_query_str(c, "state"),
                        .limit = (int)yw_query_int(c, "limit", 50),
                        .offset = (int)yw_query_int(c, "offset", 0)};
    yw_grant *list;
    int n;
    int64_t total;
    if (yw_grant_list(&c->op, &q, &list, &n, &total) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_key(&w, "grants");
    yw_jw_arr(&w);
    for (int i = 0; i < n; i++) render_grant(&w, &list[i]);
    yw_jw_end(&w);
    yw_jw_kint(&w, "total", total);
    yw_jw_kint(&w, "limit", q.limit);
    yw_jw_kint(&w, "offset", q.offset);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

/* The budgets tab: every policy of the scope with budget, spent, awaiting and remaining. */
static int budgets(yw_http_ctx *c, yw_err *err) {
    yw_policy_budget *list;
    int n;
    if (yw_policy_budgets(&c->op, yw_query_str(c, "department"), &list, &n) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_key(&w, "budgets");
    yw_jw_arr(&w);
    for (int i = 0; i < n; i++) {
        const yw_policy_budget *p = &list[i];
        int64_t remaining = p->budget_fen - p->spent_fen;
        yw_jw_obj(&w);
        yw_jw_kstr(&w, "code", p->code);
        yw_jw_kstr(&w, "title", p->title);
        yw_jw_kstr(&w, "department", p->department_code);
        yw_jw_kstr(&w, "status", yw_enum_to_text(yw_policy_statuses, (int)p->status));
        yw_jw_kint(&w, "budget_fen", p->budget_fen);
        yw_jw_kint(&w, "spent_fen", p->spent_fen);
        yw_jw_kint(&w, "pending_fen", p->pending_fen);
        yw_jw_kint(&w, "pending_count", p->pending_count);
        yw_jw_kint(&w, "remaining_fen", remaining > 0 ? remaining : 0);
        yw_jw_end(&w);
    }
    yw_jw_end(&w);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static int get_grant(yw_http_ctx *c, yw_err *err) {
    yw_grant g;
    if (yw_grant_get(&c->op, c->params[0], &g) < 0) return -1;
    return reply_grant(c, 200, &g, err);
}

static int approve(yw_http_ctx *c, yw_err *err) {
    yw_grant g;
    if (yw_grant_approve(&c->op, c->params[0], &g) < 0) return -1;
    return reply_grant(c, 200, &g, err);
}

static int reject(yw_http_ctx *c, yw_err *err) {
    yw_grant g;
    if (yw_grant_reject(&c->op, c->params[0], yw_body_str(c, "reason"), &g) < 0) return -1;
    return reply_grant(c, 200, &g, err);
}

static int pay(yw_http_ctx *c, yw_err *err) {
    yw_grant g;
    if (yw_grant_pay(&c->op, c->params[0], &g) < 0) return -1;
    return reply_grant(c, 200, &g, err);
}

/* A policy of the enterprise's page with the explanation of its rule for the enterprise. */
static void render_benefit(yw_jw *w, const yw_benefit *e) {
    yw_jw_obj(w);
    yw_jw_kstr(w, "policy", e->policy.code);
    yw_jw_kstr(w, "title", e->policy.title);
    yw_jw_kstr(w, "department_name", e->policy.department_name);
    yw_jw_kstr(w, "mode", yw_enum_to_text(yw_policy_modes, (int)e->policy.mode));
    yw_jw_kstr(w, "period", e->period);
    yw_jw_kint(w, "amount_fen", e->amount_fen);
    yw_jw_kstr(w, "grant", e->grant ? e->grant->id : NULL);
    yw_jw_kstr(w, "grant_state", e->grant ? yw_enum_to_text(yw_grant_states, (int)e->grant->state) : NULL);
    yw_jw_key(w, "eligibility"); /* the rule the explanation's pointers point into */
    yw_jw_raw(w, e->policy.eligibility, strlen(e->policy.eligibility));
    yw_jw_key(w, "why");
    yw_jw_arr(w);
    for (int k = 0; k < e->nsteps; k++) {
        const yw_benefit_step *s = &e->steps[k];
        yw_jw_obj(w);
        yw_jw_kstr(w, "pointer", s->pointer);
        yw_jw_kstr(w, "op", s->op);
        yw_jw_kint(w, "depth", s->depth);
        yw_jw_key(w, "value");
        yw_jw_raw(w, s->value, strlen(s->value));
        if (s->args) {
            yw_jw_key(w, "args");
            yw_jw_arr(w);
            for (size_t a = 0; a < s->nargs; a++) yw_jw_raw(w, s->args[a], strlen(s->args[a]));
            yw_jw_end(w);
        }
        yw_jw_end(w);
    }
    yw_jw_end(w);
    yw_jw_end(w);
}

static int benefits(yw_http_ctx *c, yw_err *err) {
    yw_benefits bs;
    if (yw_policy_benefits(&c->op, &bs) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "uscc", bs.entity.uscc);
    yw_jw_kstr(&w, "name", bs.entity.name);
    yw_jw_key(&w, "eligible");
    yw_jw_arr(&w);
    for (int i = 0; i < bs.neligible; i++) render_benefit(&w, &bs.eligible[i]);
    yw_jw_end(&w);
    yw_jw_key(&w, "unmet");
    yw_jw_arr(&w);
    for (int i = 0; i < bs.nunmet; i++) render_benefit(&w, &bs.unmet[i]);
    yw_jw_end(&w);
    yw_jw_key(&w, "grants");
    yw_jw_arr(&w);
    for (int i = 0; i < bs.ngrants; i++) render_grant(&w, &bs.grants[i]);
    yw_jw_end(&w);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static int messages(yw_http_ctx *c, yw_err *err) {
    yw_policy_message *list;
    int n;
    int64_t unread;
    if (yw_policy_message_list(&c->op, (int)yw_query_int(c, "limit", 50), &list, &n, &unread) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_kint(&w, "unread", unread);
    yw_jw_key(&w, "messages");
    yw_jw_arr(&w);
    for (int i = 0; i < n; i++) {
        yw_jw_obj(&w);
        yw_jw_kstr(&w, "id", list[i].id);
        yw_jw_kstr(&w, "kind", list[i].kind);
        yw_jw_kstr(&w, "policy", list[i].policy_code);
        yw_jw_kstr(&w, "grant", list[i].grant_id);
        yw_jw_kstr(&w, "title", list[i].title);
        yw_jw_kstr(&w, "body", list[i].body);
        yw_jw_kstr(&w, "created_at", list[i].created_at);
        yw_jw_kstr(&w, "read_at", list[i].read_at);
        yw_jw_end(&w);
    }
    yw_jw_end(&w);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static int read_message(yw_http_ctx *c, yw_err *err) {
    if (yw_policy_message_read(&c->op, c->params[0]) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "id", c->params[0]);
    yw_jw_kbool(&w, "read", true);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

#define POLICY_FIELDS                                                                                         \
    YW_STR("title", true, YW_POLICY_TITLE_MAX), YW_STR("department", true, 64),                               \
        YW_STR("basis", true, YW_POLICY_BASIS_MAX), YW_TEXT("summary", false, YW_POLICY_SUMMARY_MAX),         \
        YW_STR("valid_from", true, 10), YW_STR("valid_to", true, 10), YW_ENUM("mode", true, yw_policy_mode_texts), \
        YW_JSON_OBJ("eligibility", true, YW_POLICY_RULE_MEMBERS), YW_JSON_OBJ("amount", false, YW_POLICY_RULE_MEMBERS), \
        YW_INT("amount_fen", false, 0, YW_POLICY_AMOUNT_MAX), YW_INT("budget_fen", false, 0, YW_POLICY_AMOUNT_MAX), \
        YW_INT("cap_fen", false, 0, YW_POLICY_AMOUNT_MAX), YW_STR("amount_yuan", false, YW_POLICY_YUAN_MAX),     \
        YW_STR("budget_yuan", false, YW_POLICY_YUAN_MAX), YW_STR("cap_yuan", false, YW_POLICY_YUAN_MAX),       \
        YW_ENUM("recurrence", false, yw_policy_recurrence_texts),                                             \
        YW_STR("exclusive_group", false, YW_POLICY_GROUP_MAX), YW_ENUM("status", false, yw_policy_status_texts)
static const yw_field_spec create_body[] = {YW_STR("code", true, YW_POLICY_CODE_MAX), POLICY_FIELDS, YW_END};
static const yw_field_spec replace_body[] = {POLICY_FIELDS, YW_END};
static const yw_field_spec preview_body[] = {YW_JSON_OBJ("eligibility", true, YW_POLICY_RULE_MEMBERS), YW_END};
static const yw_field_spec reject_body[] = {YW_TEXT("reason", true, YW_GRANT_REASON_MAX), YW_END};
static const yw_field_spec policies_query[] = {
    YW_STR("department", false, 64), YW_BOOL("all", false), YW_INT("limit", false, 1, YW_POLICY_LIST_MAX),
    YW_INT("offset", false, 0, 100000000), YW_END};
static const yw_field_spec budgets_query[] = {YW_STR("department", false, 64), YW_END};
static const char *const payable_states[] = {"approved", "paid", NULL};
static const yw_field_spec payments_query[] = {YW_ENUM("state", false, payable_states), YW_END};
static const yw_field_spec messages_query[] = {YW_INT("limit", false, 1, YW_POLICY_MESSAGE_LIST_MAX), YW_END};
static const yw_field_spec grants_query[] = {
    YW_STR("department", false, 64), YW_STR("uscc", false, 18), YW_STR("policy", false, YW_POLICY_CODE_MAX),
    YW_ENUM("state", false, yw_grant_state_texts),
    YW_INT("limit", false, 1, YW_POLICY_LIST_MAX), YW_INT("offset", false, 0, 100000000), YW_END};

const yw_route yw_api_policy_routes[] = {
    {"GET", "/api/v1/policies", list_policies, YW_AUTH_PUBLIC, YW_READ, NULL, policies_query, NULL},
    {"POST", "/api/v1/policies", create_policy, YW_AUTH_LOGIN, YW_WRITE, create_body, NULL, NULL},
    {"POST", "/api/v1/policies/preview", preview, YW_AUTH_LOGIN, YW_SCAN, preview_body, NULL, NULL},
    {"GET", "/api/v1/policies/:code", get_policy, YW_AUTH_PUBLIC, YW_READ, NULL, NULL, NULL},
    {"PUT", "/api/v1/policies/:code", replace_policy, YW_AUTH_LOGIN, YW_WRITE, replace_body, NULL, NULL},
    {"GET", "/api/v1/policies/:code/payments.csv", payments, YW_AUTH_LOGIN, YW_READ, NULL, payments_query, NULL},
    {"GET", "/api/v1/policies/:code/payments.xlsx", payments_xlsx, YW_AUTH_LOGIN, YW_READ, NULL, payments_query, NULL},
    {"POST", "/api/v1/policies/:code/apply", apply, YW_AUTH_LOGIN, YW_WRITE, NULL, NULL, NULL},
    {"GET", "/api/v1/policy-budgets", budgets, YW_AUTH_LOGIN, YW_READ, NULL, budgets_query, NULL},
    {"GET", "/api/v1/grants", list_grants, YW_AUTH_LOGIN, YW_READ, NULL, grants_query, NULL},
    {"GET", "/api/v1/grants/:id", get_grant, YW_AUTH_LOGIN, YW_READ, NULL, NULL, NULL},
    {"POST", "/api/v1/grants/:id/approve", approve, YW_AUTH_LOGIN, YW_WRITE, NULL, NULL, NULL},
    {"POST", "/api/v1/grants/:id/reject", reject, YW_AUTH_LOGIN, YW_WRITE, reject_body, NULL, NULL},
    {"POST", "/api/v1/grants/:id/pay", pay, YW_AUTH_LOGIN, YW_WRITE, NULL, NULL, NULL},
    {"GET", "/api/v1/me/benefits", benefits, YW_AUTH_LOGIN, YW_READ, NULL, NULL, NULL},
    {"GET", "/api/v1/me/messages", messages, YW_AUTH_LOGIN, YW_READ, NULL, messages_query, NULL},
    {"POST", "/api/v1/me/messages/:id/read", read_message, YW_AUTH_LOGIN, YW_WRITE, NULL, NULL, NULL},
    {NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
