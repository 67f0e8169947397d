/* The message centre over HTTP: every logged-in account's messages (newest first, paged, with
 * the unread count the top bar shows), marking them read, and the administrators' view of the
 * SMS outbox (what was sent, what is queued, what was given up and why). */
#include "http.h"

#include "../domain/message/message.h"

static int list(yw_http_ctx *c, yw_err *err) {
    yw_message *m;
    int n;
    int64_t total, unread;
    if (yw_message_list(&c->op, c->english, (int)yw_query_int(c, "limit", 20), (int)yw_query_int(c, "offset", 0), &m,
                        &n, &total, &unread) < 0)
        return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_kint(&w, "total", total);
    yw_jw_kint(&w, "unread", unread);
    yw_jw_key(&w, "messages");
    yw_jw_arr(&w);
    for (int i = 0; i < n; i++) {
        yw_jw_obj(&w);
        yw_jw_kstr(&w, "id", m[i].id);
        yw_jw_kstr(&w, "kind", m[i].kind);
        yw_jw_kstr(&w, "title", m[i].title);
        yw_jw_kstr(&w, "body", m[i].body);
        yw_jw_kstr(&w, "link", m[i].link);
        yw_jw_kstr(&w, "subject_type", m[i].subject_type);
        yw_jw_kstr(&w, "subject_id", m[i].subject_id);
        yw_jw_kstr(&w, "created_at", m[i].created_at);
        yw_jw_kstr(&w, "read_at", m[i].read_at);
        yw_jw_kbool(&w, "read", m[i].read_at != NULL);
        yw_jw_end(&w);
    }
    yw_jw_end(&w);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static int mark_read(yw_http_ctx *c, yw_err *err) {
    const char **ids = yw_body_str_array(c, "ids");
    bool all = yw_body_bool(c, "all", false);
    if (!all && !ids) return yw_fail(err, YW_E_FIELD_REQUIRED, "ids", "ids");
    int n = 0;
    while (ids && ids[n]) n++;
    int64_t marked;
    if (yw_message_mark_read(&c->op, all ? NULL : ids, n, &marked) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_kint(&w, "marked", marked);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static int outbox(yw_http_ctx *c, yw_err *err) {
    yw_outbox_row *r;
    int n;
    if (yw_outbox_list(&c->op, yw_query_str(c, "state"), (int)yw_query_int(c, "limit", 100), &r, &n) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_key(&w, "outbox");
    yw_jw_arr(&w);
    for (int i = 0; i < n; i++) {
        yw_jw_obj(&w);
        yw_jw_kstr(&w, "id", r[i].id);
        yw_jw_kstr(&w, "channel", r[i].channel);
        yw_jw_kstr(&w, "recipient", r[i].recipient);
        yw_jw_kstr(&w, "text", r[i].text);
        yw_jw_kstr(&w, "state", r[i].state);
        yw_jw_kint(&w, "attempts", r[i].attempts);
        yw_jw_kstr(&w, "last_error", r[i].last_error);
        yw_jw_kstr(&w, "created_at", r[i].created_at);
        yw_jw_kstr(&w, "sent_at", r[i].sent_at);
        yw_jw_kbool(&w, "secret", r[i].secret);
        yw_jw_end(&w);
    }
    yw_jw_end(&w);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static const yw_field_spec list_query[] = {YW_INT("limit", false, 1, YW_MESSAGE_LIST_MAX),
                                           YW_INT("offset", false, 0, 100000000), YW_END};
static const yw_field_spec read_body[] = {YW_STRS("ids", false, YW_MESSAGE_READ_MAX), YW_BOOL("all", false), YW_END};
static const char *const outbox_states[] = {"queued", "sent", "dead", NULL};
static const yw_field_spec outbox_query[] = {YW_ENUM("state", false, outbox_states), YW_INT("limit", false, 1, 500),
                                             YW_END};

const yw_route yw_api_message_routes[] = {
    {"GET", "/api/v1/messages", list, YW_AUTH_LOGIN, YW_READ, NULL, list_query, NULL},
    {"POST", "/api/v1/messages/read", mark_read, YW_AUTH_LOGIN, YW_WRITE, read_body, NULL, NULL},
    {"GET", "/api/v1/outbox", outbox, YW_AUTH_LOGIN, YW_READ, NULL, outbox_query, NULL},
    {NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
