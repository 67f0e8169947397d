/* Ratings (好差评) of decided cases and the appeals against them (申诉复核): the applicant rates a
 * case once per channel on the national five levels, aspect by aspect; a bad rating opens its
 * rectification (rectify.c); an officer of the department appeals a bad rating once and a
 * supervisor decides once, an upheld appeal excluding the rating from the figures (stats.c)
 * while it keeps its record. */
#include <string.h>

#include "../../base/buf.h"
#include "../../base/json_writer.h"
#include "../core/audit.h"
#include "review.h"

const yw_enum_text yw_rating_levels[] = {
    {YW_LEVEL_VERY_SATISFIED, "very_satisfied"},
    {YW_LEVEL_SATISFIED, "satisfied"},
    {YW_LEVEL_BASIC, "basic"},
    {YW_LEVEL_DISSATISFIED, "dissatisfied"},
    {YW_LEVEL_VERY_DISSATISFIED, "very_dissatisfied"},
    {0, NULL},
};
const yw_enum_text yw_rating_channels[] = {{YW_CHANNEL_ONLINE, "online"}, {YW_CHANNEL_WINDOW, "window"}, {0, NULL}};
const yw_enum_text yw_appeal_states[] = {
    {YW_APPEAL_NONE, "none"},
    {YW_APPEAL_PENDING, "pending"},
    {YW_APPEAL_UPHELD, "upheld"},
    {YW_APPEAL_DISMISSED, "dismissed"},
    {0, NULL},
};

bool yw_rating_level_is_bad(yw_rating_level level) {
    return level == YW_LEVEL_DISSATISFIED || level == YW_LEVEL_VERY_DISSATISFIED;
}

/* The aspects of each channel, in the order the national standard lists them; overall first. */
static const char *const online_aspects[] = {"overall", "efficiency", "guide_accuracy", "convenience", "operability",
                                             NULL};
static const char *const window_aspects[] = {"overall", "efficiency", "service_level", "attitude", NULL};
#define ASPECTS_MAX 5

static const char *const *aspects_of(yw_rating_channel channel) {
    return channel == YW_CHANNEL_WINDOW ? window_aspects : online_aspects;
}

#define LEVEL(l) yw_enum_to_text(yw_rating_levels, (int)(l))
#define APPEAL(s) yw_enum_to_text(yw_appeal_states, (int)(s))

int yw_review_audit(yw_op *op, const char *action, const char *type, const char *id, const char *key,
                    const char *before, const char *after, const char *note) {
    return yw_audit_change(op, action, type, id, key, before, after, note);
}

/* ---- reading ---- */

#define RATING_COLS                                                                                          \
    "SELECT r.id, r.case_id, r.rater_id, r.channel, r.level, r.aspects, r.tags, r.text, r.item_code,"       \
    " r.bundle_code, r.department_id, d.code, d.name, r.clerk_id, k.name, r.excluded, r.created_at,"        \
    " COALESCE(p.state, 'none'), p.reason, p.requested_by, p.requested_at, p.decision_note, p.decided_by,"   \
    " p.decided_at"                                                                                          \
    " FROM ratings r JOIN departments d ON d.id = r.department_id LEFT JOIN accounts k ON k.id = r.clerk_id" \
    " LEFT JOIN rating_appeals p ON p.rating_id = r.id"

static const yw_column rating_columns[] = {
    YW_COLUMN(YW_COL_TEXT, yw_rating, id),
    YW_COLUMN(YW_COL_TEXT, yw_rating, case_id),
    YW_COLUMN(YW_COL_TEXT, yw_rating, rater_id),
    YW_COLUMN_ENUM(yw_rating, channel, yw_rating_channels),
    YW_COLUMN_ENUM(yw_rating, level, yw_rating_levels),
    YW_COLUMN(YW_COL_TEXT, yw_rating, aspects),
    YW_COLUMN(YW_COL_TEXT, yw_rating, tags),
    YW_COLUMN(YW_COL_TEXT, yw_rating, text),
    YW_COLUMN(YW_COL_TEXT, yw_rating, item_code),
    YW_COLUMN(YW_COL_TEXT, yw_rating, bundle_code),
    YW_COLUMN(YW_COL_TEXT, yw_rating, department_id),
    YW_COLUMN(YW_COL_TEXT, yw_rating, department_code),
    YW_COLUMN(YW_COL_TEXT, yw_rating, department_name),
    YW_COLUMN(YW_COL_TEXT, yw_rating, clerk_id),
    YW_COLUMN(YW_COL_TEXT, yw_rating, clerk_name),
    YW_COLUMN(YW_COL_BOOL, yw_rating, excluded),
    YW_COLUMN(YW_COL_TEXT, yw_rating, created_at),
    YW_COLUMN_ENUM(yw_rating, appeal.state, yw_appeal_states),
    YW_COLUMN(YW_COL_TEXT, yw_rating, appeal.reason),
    YW_COLUMN(YW_COL_TEXT, yw_rating, appeal.requested_by),
    YW_COLUMN(YW_COL_TEXT, yw_rating, appeal.requested_at),
    YW_COLUMN(YW_COL_TEXT, yw_rating, appeal.decision_note),
    YW_COLUMN(YW_COL_TEXT, yw_rating, appeal.decided_by),
    YW_COLUMN(YW_COL_TEXT, yw_rating, appeal.decided_at),
};
#define NCOLS(t) ((int)(sizeof(t) / sizeof(t)[0]))

/* The rows as ratings, each bad one with its rectification. */
static int fill_ratings(yw_op *op, const yw_rows *rows, yw_rating **out) {
    yw_rating *r = yw_rows_fill_all(rows, rating_columns, NCOLS(rating_columns), sizeof *r, op->arena);
    if (!r) return yw_fail(op->err, YW_E_NOMEM, NULL);
    for (int i = 0; i < rows->nrows; i++)
        if (yw_rating_level_is_bad(r[i].level) && yw_review_rectification_of(op, r[i].id, &r[i].rectification) < 0)
            return -1;
    *out = r;
    return 0;
}

/* One rating without a permission check. */
/* Locks the rating's row before its appeal is read: two appeals, or two decisions, taken at once on
 * two servers are taken in turn, and the second sees the first (core/transition.h). */
static int lock_rating(yw_op *op, const char *id) {
    return yw_store_run(op->store, NULL, "UPDATE ratings SET excluded = excluded WHERE id = $1",
                        YW_PARAMS(YW_TEXT_P(id ? id : "")), NULL, NULL, op->err);
}

static int load(yw_op *op, const char *id, yw_rating *out) {
    yw_rows rows;
    if (yw_store_query(op->store, op->arena, RATING_COLS " WHERE r.id = $1", YW_ARGS(id ? id : ""), &rows,
                       op->err) < 0)
        return -1;
    if (!rows.nrows) return yw_fail(op->err, YW_E_RATING_NOT_FOUND, "id");
    yw_rating *r;
    if (fill_ratings(op, &rows, &r) < 0) return -1;
    *out = r[0];
    return 0;
}

int yw_rating_list(yw_op *op, const char *case_id, yw_rating **out, int *count) {
    yw_case c;
    if (yw_case_get(op, case_id, &c) < 0) return -1; /* who may read the case may read its ratings */
    yw_rows rows;
    if (yw_store_query(op->store, op->arena, RATING_COLS " WHERE r.case_id = $1 ORDER BY r.created_at, r.id",
                       YW_ARGS(c.id), &rows, op->err) < 0)
        return -1;
    *count = rows.nrows;
    return fill_ratings(op, &rows, out);
}

int yw_rating_get(yw_op *op, const char *id, yw_rating *out) {
    if (yw_op_require(op, YW_ROLE_APPLICANT | YW_ROLE_STAFF, "read ratings") < 0) return -1;
    if (load(op, id, out) < 0) return -1;
    const yw_actor *actor = op->actor;
    /* the rating's department reads it even without a task in the case (a bundle's lead) */
    if (yw_actor_has(actor, YW_ROLE_OFFICER) && actor->department_id &&
        strcmp(actor->department_id, out->department_id) == 0)
        return 0;
    yw_case c;
    return yw_case_get(op, out->case_id, &c);
}

int yw_rating_appeals(yw_op *op, yw_appeal_state state, yw_rating **out, int *count) {
    if (yw_op_require(op, YW_ROLE_OFFICER | YW_ROLE_SUPERVISOR | YW_ROLE_ADMIN, "read appeals") < 0) return -1;
    const char *department = NULL;
    if (!yw_actor_has(op->actor, YW_ROLE_SUPERVISOR | YW_ROLE_ADMIN)) {
        if (!op->actor->department_id) return yw_fail(op->err, YW_E_NO_DEPARTMENT, NULL);
        department = op->actor->department_id;
    }
    yw_rows rows;
    if (yw_store_run(op->store, op->arena,
                     RATING_COLS " WHERE p.state IS NOT NULL AND ($1 = 'none' OR p.state = $1)"
                                 " AND r.department_id = COALESCE($2, r.department_id)"
                                 " ORDER BY p.requested_at, r.id LIMIT 1000",
                     YW_PARAMS(YW_TEXT_P(APPEAL(state)), YW_TEXT_P(department)), &rows, NULL, op->err) < 0)
        return -1;
    *count = rows.nrows;
    return fill_ratings(op, &rows, out);
}

/* ---- rating ---- */

static int check_text(yw_op *op, const char *text, size_t max, const char *field, bool required) {
    size_t n = text ? strlen(text) : 0;
    if (required && n == 0) return yw_fail(op->err, YW_E_FIELD_REQUIRED, field, field);
    if (n > max) return yw_fail(op->err, YW_E_FIELD_TOO_LONG, field, field, max);
    return 0;
}

/* The aspects given, checked against the channel, as a JSON object in the channel's order; the
 * overall level in *level. */
static int check_aspects(yw_op *op, const yw_rating_in *in, yw_rating_channel channel, const char **json,
                         yw_rating_level *level) {
    yw_err *err = op->err;
    const char *const *names = aspects_of(channel);
    const char *given[ASPECTS_MAX] = {0};
    for (int i = 0; i < in->naspects; i++) {
        const yw_rating_aspect_in *a = &in->aspects[i];
        const char *name = a->name ? a->name : "";
        const char *field = yw_arena_printf(op->arena, "/aspects/%s", name);
        if (!field) return yw_fail(err, YW_E_NOMEM, NULL);
        int k = 0;
        while (names[k] && strcmp(names[k], name) != 0) k++;
        if (!names[k])
            return yw_fail(err, YW_E_RATING_ASPECT_UNKNOWN, field, yw_enum_to_text(yw_rating_channels, (int)channel),
                           name);
        if (given[k]) return yw_fail(err, YW_E_ITEM_REPEATED, field, name);
        if (yw_enum_from_text(yw_rating_levels, a->level) < 0) return yw_fail(err, YW_E_RATING_LEVEL, field, name);
        given[k] = a->level;
    }
    if (!given[0]) return yw_fail(err, YW_E_RATING_OVERALL_REQUIRED, "/aspects/overall");
    *level = (yw_rating_level)yw_enum_from_text(yw_rating_levels, given[0]);
    yw_buf b;
    yw_jw w;
    yw_jw_begin(&w, &b, op->arena);
    yw_jw_obj(&w);
    for (int k = 0; names[k]; k++)
        if (given[k]) yw_jw_kstr(&w, names[k], given[k]);
    yw_jw_end(&w);
    if (b.failed) return yw_fail(err, YW_E_NOMEM, NULL);
    *json = b.data;
    return 0;
}

static int check_tags(yw_op *op, const yw_rating_in *in, const char **json) {
    yw_err *err = op->err;
    if (in->ntags > YW_RATING_TAGS_MAX)
        return yw_fail(err, YW_E_FIELD_TOO_MANY, "tags", "tags", (long long)YW_RATING_TAGS_MAX);
    yw_buf b;
    yw_jw w;
    yw_jw_begin(&w, &b, op->arena);
    yw_jw_arr(&w);
    for (int i = 0; i < in->ntags; i++) {
        const char *field = yw_arena_printf(op->arena, "/tags/%d", i);
        if (!field) return yw_fail(err, YW_E_NOMEM, NULL);
        const char *tag = in->tags[i] ? in->tags[i] : "";
        if (!*tag) return yw_fail(err, YW_E_FIELD_BLANK, field, field);
        if (strlen(tag) > YW_RATING_TAG_MAX)
            return yw_fail(err, YW_E_FIELD_TOO_LONG, field, field, (size_t)YW_RATING_TAG_MAX);
        for (int k = 0; k < i; k++)
            if (strcmp(in->tags[k], tag) == 0) return yw_fail(err, YW_E_ITEM_REPEATED, field, tag);
        yw_jw_str(&w, tag);
    }
    yw_jw_end(&w);
    if (b.failed) return yw_fail(err, YW_E_NOMEM, NULL);
    *json = b.data;
    return 0;
}

/* The department answering for a case: its item's, or its bundle's lead department. */
static int department_of(yw_op *op, const char *item_code, const char *bundle_code, const char **out) {
    yw_rows rows;
    int rc = item_code ? yw_store_query(op->store, op->arena, "SELECT department_id FROM items WHERE code = $1",
                                        YW_ARGS(item_code), &rows, op->err)
                       : yw_store_query(op->store, op->arena,
                                        "SELECT lead_department_id FROM bundles WHERE code = $1",
                                        YW_ARGS(bundle_code ? bundle_code : ""), &rows, op->err);
    if (rc < 0) return -1;
    if (!rows.nrows) return yw_fail(op->err, YW_E_INTERNAL, NULL);
    *out = yw_rows_get(&rows, 0, 0);
    return 0;
}

int yw_rating_create(yw_op *op, const yw_rating_in *in, yw_rating *out) {
    if (yw_op_require(op, YW_ROLE_APPLICANT, "rate cases") < 0) return -1;
    yw_err *err = op->err;
    int channel = yw_enum_from_text(yw_rating_channels, in->channel);
    if (channel < 0) return yw_fail(err, YW_E_FIELD_VALUE, "channel", "channel", "online, window");
    const char *aspects = NULL, *tags = NULL;
    yw_rating_level level = YW_LEVEL_BASIC;
    if (check_aspects(op, in, (yw_rating_channel)channel, &aspects, &level) < 0 || check_tags(op, in, &tags) < 0 ||
        check_text(op, in->text, YW_RATING_TEXT_MAX, "text", false) < 0)
        return -1;

    yw_rows rows;
    /* the case's row locked first: two ratings of one channel sent at once on two servers are
     * taken in turn, and the second is refused as a second rating */
    if (yw_store_run(op->store, NULL, "UPDATE cases SET state = state WHERE id = $1",
                     YW_PARAMS(YW_TEXT_P(in->case_id ? in->case_id : "")), NULL, NULL, err) < 0 ||
        yw_store_query(op->store, op->arena,
                       "SELECT applicant_id, state, item_code, bundle_code FROM cases WHERE id = $1",
                       YW_ARGS(in->case_id ? in->case_id : ""), &rows, err) < 0)
        return -1;
    if (!rows.nrows) return yw_fail(err, YW_E_CASE_NOT_FOUND, "id");
    const char *state = yw_rows_get(&rows, 0, 1), *item = yw_rows_get(&rows, 0, 2), *bundle = yw_rows_get(&rows, 0, 3);
    if (strcmp(yw_rows_get(&rows, 0, 0), op->actor->account_id) != 0) return yw_fail(err, YW_E_CASE_NOT_YOURS, NULL);
    int s = yw_enum_from_text(yw_case_states, state);
    if (s != YW_CASE_COMPLETED && s != YW_CASE_PARTLY_COMPLETED && s != YW_CASE_REJECTED)
        return yw_fail(err, YW_E_RATING_CASE_NOT_DECIDED, NULL, state);
    const char *channel_text = yw_enum_to_text(yw_rating_channels, channel);
    if (yw_store_query(op->store, op->arena, "SELECT 1 FROM ratings WHERE subject_type = 'case' AND subject_id = $1 AND channel = $2",
                       YW_ARGS(in->case_id, channel_text), &rows, err) < 0)
        return -1;
    if (rows.nrows) return yw_fail(err, YW_E_RATING_EXISTS, "channel", channel_text);

    const char *department = NULL, *clerk = NULL;
    if (department_of(op, item, bundle, &department) < 0) return -1;
    if (channel == YW_CHANNEL_WINDOW) { /* 一次一评: the clerk who accepted the case at the window */
        if (yw_store_query(op->store, op->arena,
                           "SELECT actor_id FROM case_events WHERE case_id = $1 AND to_state = 'accepted'"
                           " ORDER BY seq DESC LIMIT 1",
                           YW_ARGS(in->case_id), &rows, err) < 0)
            return -1;
        if (rows.nrows) clerk = yw_rows_get(&rows, 0, 0);
    }
    char *id = yw_arena_alloc(op->arena, YW_ID_SIZE), now[YW_TIMESTAMP_SIZE];
    if (!id) return yw_fail(err, YW_E_NOMEM, NULL);
    yw_ulid_new(id);
    yw_op_timestamp(op, now);
    if (yw_store_run(op->store, NULL,
                     "INSERT INTO ratings (id, case_id, subject_type, subject_id, channel, level, aspects, tags, text,"
                     " rater_id, item_code, bundle_code, department_id, clerk_id, excluded, created_at)"
                     " VALUES ($1, $2, 'case', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 0, $13)",
                     YW_PARAMS(YW_TEXT_P(id), YW_TEXT_P(in->case_id), YW_TEXT_P(channel_text), YW_TEXT_P(LEVEL(level)),
                               YW_TEXT_P(aspects), YW_TEXT_P(tags), YW_TEXT_P(in->text),
                               YW_TEXT_P(op->actor->account_id), YW_TEXT_P(item), YW_TEXT_P(bundle),
                               YW_TEXT_P(department), YW_TEXT_P(clerk), YW_TEXT_P(now)),
                     NULL, NULL, err) < 0 ||
        yw_review_audit(op, "rating.create", "rating", id, "level", NULL, LEVEL(level), channel_text) < 0)
        return -1;
    if (yw_rating_level_is_bad(level) && yw_review_rectification_open(op, id, department, yw_op_today(op)) < 0)
        return -1;
    return out ? load(op, id, out) : 0;
}

/* ---- appeals ---- */

int yw_rating_appeal_create(yw_op *op, const yw_appeal_in *in, yw_rating *out) {
    if (yw_op_require(op, YW_ROLE_OFFICER, "appeal ratings") < 0 ||
        check_text(op, in->reason, YW_REVIEW_NOTE_MAX, "reason", true) < 0)
        return -1;
    yw_rating r;
    if (lock_rating(op, in->rating_id) < 0 || load(op, in->rating_id, &r) < 0) return -1;
    if (!op->actor->department_id || strcmp(op->actor->department_id, r.department_id) != 0)
        return yw_fail(op->err, YW_E_RATING_NOT_YOUR_DEPARTMENT, NULL);
    if (!yw_rating_level_is_bad(r.level)) return yw_fail(op->err, YW_E_APPEAL_NOT_BAD, NULL);
    if (r.appeal.state != YW_APPEAL_NONE) return yw_fail(op->err, YW_E_APPEAL_EXISTS, NULL);
    char now[YW_TIMESTAMP_SIZE];
    yw_op_timestamp(op, now);
    if (yw_store_run(op->store, NULL,
                     "INSERT INTO rating_appeals (rating_id, state, reason, requested_by, requested_at)"
                     " VALUES ($1, 'pending', $2, $3, $4)",
                     YW_PARAMS(YW_TEXT_P(r.id), YW_TEXT_P(in->reason), YW_TEXT_P(op->actor->account_id),
                               YW_TEXT_P(now)),
                     NULL, NULL, op->err) < 0 ||
        yw_review_audit(op, "rating.appeal", "rating", r.id, "appeal", APPEAL(YW_APPEAL_NONE),
                        APPEAL(YW_APPEAL_PENDING), in->reason) < 0)
        return -1;
    return out ? load(op, r.id, out) : 0;
}

int yw_rating_appeal_decide(yw_op *op, const yw_appeal_in *in, yw_rating *out) {
    if (yw_op_require(op, YW_ROLE_SUPERVISOR, "decide appeals") < 0 ||
        check_text(op, in->note, YW_REVIEW_NOTE_MAX, "note", false) < 0)
        return -1;
    int decision = yw_enum_from_text(yw_appeal_states, in->decision);
    if (decision != YW_APPEAL_UPHELD && decision != YW_APPEAL_DISMISSED)
        return yw_fail(op->err, YW_E_FIELD_VALUE, "decision", "decision", "upheld, dismissed");
    yw_rating r;
    if (lock_rating(op, in->rating_id) < 0 || load(op, in->rating_id, &r) < 0) return -1;
    if (r.appeal.state != YW_APPEAL_PENDING)
        return yw_fail(op->err, YW_E_APPEAL_NOT_PENDING, NULL, APPEAL(r.appeal.state));
    char now[YW_TIMESTAMP_SIZE];
    yw_op_timestamp(op, now);
    if (yw_store_run(op->store, NULL,
                     "UPDATE rating_appeals SET state = $1, decision_note = $2, decided_by = $3, decided_at = $4"
                     " WHERE rating_id = $5",
                     YW_PARAMS(YW_TEXT_P(APPEAL(decision)), YW_TEXT_P(in->note), YW_TEXT_P(op->actor->account_id),
                               YW_TEXT_P(now), YW_TEXT_P(r.id)),
                     NULL, NULL, op->err) < 0 ||
        (decision == YW_APPEAL_UPHELD &&
         yw_store_run(op->store, NULL, "UPDATE ratings SET excluded = 1 WHERE id = $1", YW_PARAMS(YW_TEXT_P(r.id)),
                      NULL, NULL, op->err) < 0) ||
        yw_review_audit(op, "rating.appeal_decide", "rating", r.id, "appeal", APPEAL(YW_APPEAL_PENDING),
                        APPEAL(decision), in->note) < 0)
        return -1;
    return out ? load(op, r.id, out) : 0;
}
