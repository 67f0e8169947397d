/* /api/v1/cases/:id/ratings, /api/v1/ratings, /api/v1/rating-appeals, /api/v1/rectifications,
 * /api/v1/review-settings: 好差评 (domain/review/review.h, docs/reviews.md). Applicants rate their
 * decided cases and revisit rectifications; officers verify and give feedback on their
 * department's rectifications and appeal its bad ratings; supervisors decide appeals; admins
 * set the working days a rectification gets. Every check of role, department and state is the
 * domain's. */
#include <stdio.h>
#include <string.h>

#include "../domain/review/review.h"
#include "http.h"

static const char *const channels[] = {"online", "window", NULL};
static const char *const decisions[] = {"upheld", "dismissed", NULL};
static const char *const revisit_results[] = {"satisfied", "unsatisfied", NULL};
static const char *const rectify_states[] = {"verifying", "rectifying", "feedback", "revisited", NULL};
static const char *const appeal_states[] = {"pending", "upheld", "dismissed", NULL};
static const char *const stats_bys[] = {"item", "bundle", "department", "clerk", NULL};

static void render_raw(yw_jw *w, const char *key, const char *json, const char *empty) {
    yw_jw_key(w, key);
    if (!json) json = empty;
    yw_jw_raw(w, json, strlen(json));
}

static void render_department(yw_jw *w, const char *code, const char *name) {
    yw_jw_key(w, "department");
    yw_jw_obj(w);
    yw_jw_kstr(w, "code", code);
    yw_jw_kstr(w, "name", name);
    yw_jw_end(w);
}

static void render_rectification(yw_jw *w, const yw_rectification *x) {
    yw_jw_obj(w);
    yw_jw_kstr(w, "id", x->id);
    yw_jw_kstr(w, "rating_id", x->rating_id);
    yw_jw_kstr(w, "case_id", x->case_id);
    render_department(w, x->department_code, x->department_name);
    yw_jw_kstr(w, "level", yw_enum_to_text(yw_rating_levels, (int)x->level));
    yw_jw_kstr(w, "state", yw_enum_to_text(yw_rectify_states, (int)x->state));
    yw_jw_kstr(w, "deadline", x->deadline);
    yw_jw_kbool(w, "provisional", x->provisional);
    yw_jw_kstr(w, "color", yw_enum_to_text(yw_task_colors, (int)x->color));
    yw_jw_kstr(w, "revisit", x->revisit);
    yw_jw_kbool(w, "excluded", x->excluded);
    yw_jw_kstr(w, "text", x->rating_text);
    render_raw(w, "tags", x->rating_tags, "[]");
    yw_jw_kstr(w, "created_at", x->created_at);
    yw_jw_kstr(w, "updated_at", x->updated_at);
    if (x->events) {
        yw_jw_key(w, "events");
        yw_jw_arr(w);
        for (int i = 0; i < x->nevents; i++) {
            const yw_rectify_event *e = &x->events[i];
            yw_jw_obj(w);
            yw_jw_kstr(w, "at", e->at);
            yw_jw_kstr(w, "by", e->actor_name);
            yw_jw_kstr(w, "from", e->from_state);
            yw_jw_kstr(w, "to", e->to_state);
            yw_jw_kstr(w, "note", e->note);
            yw_jw_end(w);
        }
        yw_jw_end(w);
    }
    yw_jw_end(w);
}

static void render_rating(yw_jw *w, const yw_rating *r) {
    yw_jw_obj(w);
    yw_jw_kstr(w, "id", r->id);
    yw_jw_kstr(w, "case_id", r->case_id);
    yw_jw_kstr(w, "channel", yw_enum_to_text(yw_rating_channels, (int)r->channel));
    yw_jw_kstr(w, "level", yw_enum_to_text(yw_rating_levels, (int)r->level));
    yw_jw_kbool(w, "bad", yw_rating_level_is_bad(r->level));
    render_raw(w, "aspects", r->aspects, "{}");
    render_raw(w, "tags", r->tags, "[]");
    yw_jw_kstr(w, "text", r->text);
    yw_jw_kstr(w, "item", r->item_code);
    yw_jw_kstr(w, "bundle", r->bundle_code);
    render_department(w, r->department_code, r->department_name);
    yw_jw_key(w, "clerk");
    if (r->clerk_id) {
        yw_jw_obj(w);
        yw_jw_kstr(w, "id", r->clerk_id);
        yw_jw_kstr(w, "name", r->clerk_name);
        yw_jw_end(w);
    } else {
        yw_jw_null(w);
    }
    yw_jw_kbool(w, "excluded", r->excluded);
    yw_jw_kstr(w, "created_at", r->created_at);
    yw_jw_key(w, "appeal");
    if (r->appeal.state != YW_APPEAL_NONE) {
        yw_jw_obj(w);
        yw_jw_kstr(w, "state", yw_enum_to_text(yw_appeal_states, (int)r->appeal.state));
        yw_jw_kstr(w, "reason", r->appeal.reason);
        yw_jw_kstr(w, "requested_at", r->appeal.requested_at);
        yw_jw_kstr(w, "decision_note", r->appeal.decision_note);
        yw_jw_kstr(w, "decided_at", r->appeal.decided_at);
        yw_jw_end(w);
    } else {
        yw_jw_null(w);
    }
    yw_jw_key(w, "rectification");
    if (r->rectification) render_rectification(w, r->rectification);
    else yw_jw_null(w);
    yw_jw_end(w);
}

static int reply_rating(yw_http_ctx *c, int status, const yw_rating *r, yw_err *err) {
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    render_rating(&w, r);
    return yw_http_reply_json(c, status, &b, err);
}

static int reply_ratings(yw_http_ctx *c, const yw_rating *list, int n, yw_err *err) {
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_key(&w, "ratings");
    yw_jw_arr(&w);
    for (int i = 0; i < n; i++) render_rating(&w, &list[i]);
    yw_jw_end(&w);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static int reply_rectification(yw_http_ctx *c, const yw_rectification *x, yw_err *err) {
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    render_rectification(&w, x);
    return yw_http_reply_json(c, 200, &b, err);
}

/* ---- ratings ---- */

static int rate(yw_http_ctx *c, yw_err *err) {
    json_t *aspects = json_object_get(c->body, "aspects");
    size_t n = json_object_size(aspects), i = 0;
    yw_rating_aspect_in *a = yw_arena_calloc(c->arena, n + 1, sizeof *a);
    if (!a) return yw_fail(err, YW_E_NOMEM, NULL);
    const char *key;
    json_t *v;
    json_object_foreach(aspects, key, v) {
        a[i].name = key;
        a[i].level = json_is_string(v) ? json_string_value(v) : NULL;
        i++;
    }
    const char **tags = yw_body_str_array(c, "tags");
    if (!tags && json_is_array(json_object_get(c->body, "tags"))) return yw_fail(err, YW_E_NOMEM, NULL);
    int ntags = 0;
    while (tags && tags[ntags]) ntags++;
    yw_rating_in in = {.case_id = c->params[0],
                       .channel = yw_body_str(c, "channel"),
                       .aspects = a,
                       .naspects = (int)n,
                       .tags = tags,
                       .ntags = ntags,
                       .text = yw_body_str(c, "text")};
    yw_rating r;
    if (yw_rating_create(&c->op, &in, &r) < 0) return -1;
    return reply_rating(c, 201, &r, err);
}

static int case_ratings(yw_http_ctx *c, yw_err *err) {
    yw_rating *list;
    int n;
    if (yw_rating_list(&c->op, c->params[0], &list, &n) < 0) return -1;
    return reply_ratings(c, list, n, err);
}

static int get_rating(yw_http_ctx *c, yw_err *err) {
    yw_rating r;
    if (yw_rating_get(&c->op, c->params[0], &r) < 0) return -1;
    return reply_rating(c, 200, &r, err);
}

static int appeal(yw_http_ctx *c, yw_err *err) {
    yw_appeal_in in = {.rating_id = c->params[0], .reason = yw_body_str(c, "reason")};
    yw_rating r;
    if (yw_rating_appeal_create(&c->op, &in, &r) < 0) return -1;
    return reply_rating(c, 201, &r, err);
}

static int decide(yw_http_ctx *c, yw_err *err) {
    yw_appeal_in in = {
        .rating_id = c->params[0],
        .decision = yw_body_str(c, "decision"),
        .note = yw_body_str(c, "note"),
    };
    yw_rating r;
    if (yw_rating_appeal_decide(&c->op, &in, &r) < 0) return -1;
    return reply_rating(c, 200, &r, err);
}

static int appeals(yw_http_ctx *c, yw_err *err) {
    const char *state = yw_query_str(c, "state");
    yw_rating *list;
    int n;
    if (yw_rating_appeals(&c->op, state ? (yw_appeal_state)yw_enum_from_text(yw_appeal_states, state) : YW_APPEAL_NONE,
                          &list, &n) < 0)
        return -1;
    return reply_ratings(c, list, n, err);
}

/* A rate as a JSON number with four decimals, or null when there is nothing to divide by. */
static void render_rate(yw_jw *w, const char *key, double rate) {
    yw_jw_key(w, key);
    if (rate < 0) {
        yw_jw_null(w);
        return;
    }
    char text[32];
    int n = snprintf(text, sizeof text, "%.4f", rate);
    yw_jw_raw(w, text, (size_t)n);
}

static int stats(yw_http_ctx *c, yw_err *err) {
    const char *by = yw_query_str(c, "by");
    yw_rating_stats_row *rows;
    int n;
    if (yw_rating_stats(&c->op, (yw_stats_by)yw_enum_from_text(yw_stats_bys, by), &rows, &n) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "by", by);
    yw_jw_key(&w, "rows");
    yw_jw_arr(&w);
    for (int i = 0; i < n; i++) {
        const yw_rating_stats_row *r = &rows[i];
        yw_jw_obj(&w);
        yw_jw_kstr(&w, "key", r->key);
        yw_jw_kstr(&w, "name", r->name);
        yw_jw_key(&w, "levels");
        yw_jw_obj(&w);
        for (int l = 0; l < YW_RATING_LEVELS; l++) yw_jw_kint(&w, yw_enum_to_text(yw_rating_levels, l), r->levels[l]);
        yw_jw_end(&w);
        yw_jw_kint(&w, "total", r->total);
        yw_jw_kint(&w, "bad", r->bad);
        yw_jw_kint(&w, "excluded", r->excluded);
        yw_jw_kint(&w, "rectified", r->rectified);
        yw_jw_kint(&w, "revisited", r->revisited);
        render_rate(&w, "rectify_rate", r->rectify_rate);
        render_rate(&w, "revisit_rate", r->revisit_rate);
        yw_jw_end(&w);
    }
    yw_jw_end(&w);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

/* ---- rectifications ---- */

static int rectifications(yw_http_ctx *c, yw_err *err) {
    const char *state = yw_query_str(c, "state");
    yw_rectification *list;
    int n;
    if (yw_rectification_list(&c->op, state ? yw_enum_from_text(yw_rectify_states, state) : -1, &list, &n) < 0)
        return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_key(&w, "rectifications");
    yw_jw_arr(&w);
    for (int i = 0; i < n; i++) render_rectification(&w, &list[i]);
    yw_jw_end(&w);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static int get_rectification(yw_http_ctx *c, yw_err *err) {
    yw_rectification x;
    if (yw_rectification_get(&c->op, c->params[0], &x) < 0) return -1;
    return reply_rectification(c, &x, err);
}

typedef int (*rectify_fn)(yw_op *, const yw_rectify_in *, yw_rectification *);

static int rectify_step(yw_http_ctx *c, rectify_fn fn, yw_err *err) {
    yw_rectify_in in = {.id = c->params[0], .note = yw_body_str(c, "note"), .result = yw_body_str(c, "result")};
    yw_rectification x;
    if (fn(&c->op, &in, &x) < 0) return -1;
    return reply_rectification(c, &x, err);
}

static int verify(yw_http_ctx *c, yw_err *err) { return rectify_step(c, yw_rectification_verify, err); }
static int feedback(yw_http_ctx *c, yw_err *err) { return rectify_step(c, yw_rectification_feedback, err); }
static int revisit(yw_http_ctx *c, yw_err *err) { return rectify_step(c, yw_rectification_revisit, err); }

/* ---- settings ---- */

static int reply_settings(yw_http_ctx *c, const yw_review_settings *s, yw_err *err) {
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_kint(&w, "rectify_days", s->rectify_days);
    yw_jw_kstr(&w, "updated_at", s->updated_at);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static int get_settings(yw_http_ctx *c, yw_err *err) {
    yw_review_settings s;
    if (yw_review_settings_get(&c->op, &s) < 0) return -1;
    return reply_settings(c, &s, err);
}

static int put_settings(yw_http_ctx *c, yw_err *err) {
    yw_review_settings in = {.rectify_days = (int)yw_body_int(c, "rectify_days", 0)}, s;
    if (yw_review_settings_set(&c->op, &in, &s) < 0) return -1;
    return reply_settings(c, &s, err);
}

static const yw_field_spec rate_body[] = {
    YW_ENUM("channel", true, channels),
    YW_OBJ("aspects", true, 5),
    YW_STRS("tags", false, YW_RATING_TAGS_MAX),
    YW_TEXT("text", false, YW_RATING_TEXT_MAX),
    YW_END,
};
static const yw_field_spec appeal_body[] = {YW_TEXT("reason", true, YW_REVIEW_NOTE_MAX), YW_END};
static const yw_field_spec decide_body[] = {
    YW_ENUM("decision", true, decisions),
    YW_TEXT("note", false, YW_REVIEW_NOTE_MAX),
    YW_END,
};
static const yw_field_spec note_body[] = {YW_TEXT("note", true, YW_REVIEW_NOTE_MAX), YW_END};
static const yw_field_spec revisit_body[] = {
    YW_ENUM("result", true, revisit_results),
    YW_TEXT("note", false, YW_REVIEW_NOTE_MAX),
    YW_END,
};
static const yw_field_spec settings_body[] = {
    YW_INT("rectify_days", true, YW_REVIEW_RECTIFY_DAYS_MIN, YW_REVIEW_RECTIFY_DAYS_MAX),
    YW_END,
};
static const yw_field_spec rectifications_query[] = {YW_ENUM("state", false, rectify_states), YW_END};
static const yw_field_spec appeals_query[] = {YW_ENUM("state", false, appeal_states), YW_END};
static const yw_field_spec stats_query[] = {YW_ENUM("by", true, stats_bys), YW_END};

const yw_route yw_api_review_routes[] = {
    {"POST", "/api/v1/cases/:id/ratings", rate, YW_AUTH_LOGIN, YW_WRITE, rate_body, NULL, NULL},
    {"GET", "/api/v1/cases/:id/ratings", case_ratings, YW_AUTH_LOGIN, YW_READ, NULL, NULL, NULL},
    /* before /ratings/:id, which would take "stats" for an id */
    {"GET", "/api/v1/ratings/stats", stats, YW_AUTH_LOGIN, YW_READ, NULL, stats_query, NULL},
    {"GET", "/api/v1/ratings/:id", get_rating, YW_AUTH_LOGIN, YW_READ, NULL, NULL, NULL},
    {"POST", "/api/v1/ratings/:id/appeal", appeal, YW_AUTH_LOGIN, YW_WRITE, appeal_body, NULL, NULL},
    {"POST", "/api/v1/ratings/:id/appeal/decision", decide, YW_AUTH_LOGIN, YW_WRITE, decide_body, NULL, NULL},
    {"GET", "/api/v1/rating-appeals", appeals, YW_AUTH_LOGIN, YW_READ, NULL, appeals_query, NULL},
    {"GET", "/api/v1/rectifications", rectifications, YW_AUTH_LOGIN, YW_READ, NULL, rectifications_query, NULL},
    {"GET", "/api/v1/rectifications/:id", get_rectification, YW_AUTH_LOGIN, YW_READ, NULL, NULL, NULL},
    {"POST", "/api/v1/rectifications/:id/verify", verify, YW_AUTH_LOGIN, YW_WRITE, note_body, NULL, NULL},
    {"POST", "/api/v1/rectifications/:id/feedback", feedback, YW_AUTH_LOGIN, YW_WRITE, note_body, NULL, NULL},
    {"POST", "/api/v1/rectifications/:id/revisit", revisit, YW_AUTH_LOGIN, YW_WRITE, revisit_body, NULL, NULL},
    {"GET", "/api/v1/review-settings", get_settings, YW_AUTH_LOGIN, YW_READ, NULL, NULL, NULL},
    {"PUT", "/api/v1/review-settings", put_settings, YW_AUTH_LOGIN, YW_WRITE, settings_body, NULL, NULL},
    {NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
