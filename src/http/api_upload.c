/* /api/v1/uploads: an applicant (or a clerk for one) uploads a file as the raw body of a POST —
 * judged by its content, hashed off the event loop in the route's prepare step, kept once per
 * SHA-256 — and refers to it by that hash; owners and staff read the bytes back; 我的材料 lists
 * the actor's uploads. docs/uploads.md is the API's description. */
#include <string.h>

#include "../domain/upload/upload.h"
#include "http.h"

static void render_upload(yw_jw *w, const yw_upload_info *u) {
    yw_jw_obj(w);
    yw_jw_kstr(w, "sha256", u->sha256);
    yw_jw_kint(w, "size", u->size);
    yw_jw_kstr(w, "media_type", u->media_type);
    yw_jw_kstr(w, "name", u->name);
    yw_jw_kstr(w, "created_at", u->created_at);
    yw_jw_end(w);
}

/* The prepare step, on an offload thread before the transaction: the role first (nobody else
 * gets a file hashed or written), then the content checked, hashed and, with --uploads-dir,
 * written to the directory. */
static int prepare_upload(yw_http_ctx *c, yw_err *err) {
    if (yw_actor_require(c->actor, YW_UPLOAD_ROLES, "upload files", err) < 0) return -1;
    yw_upload_new *in = yw_arena_calloc(c->arena, 1, sizeof *in);
    if (!in) return yw_fail(err, YW_E_NOMEM, NULL);
    in->bytes = c->raw_body;
    in->len = c->raw_len;
    in->media_type = c->raw_type;
    in->name = yw_query_str(c, "name");
    if (yw_upload_prepare(in, c->uploads_dir, err) < 0) return -1;
    c->prepared = in;
    return 0;
}

static int create_upload(yw_http_ctx *c, yw_err *err) {
    yw_upload_info u;
    if (yw_upload_create(&c->op, c->prepared, &u) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    render_upload(&w, &u);
    /* 201 when this account's upload of the file is new; 200 when it had it already (a retry) */
    return yw_http_reply_json(c, u.created ? 201 : 200, &b, err);
}

static int list_uploads(yw_http_ctx *c, yw_err *err) {
    if (!yw_query_bool(c, "mine", false)) return yw_fail(err, YW_E_UPLOAD_LIST_MINE, "mine");
    yw_upload_list_in in = {(int)yw_query_int(c, "limit", 50), (int)yw_query_int(c, "offset", 0)};
    yw_upload_list list;
    if (yw_upload_list_mine(&c->op, &in, &list) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_kint(&w, "total", list.total);
    yw_jw_key(&w, "uploads");
    yw_jw_arr(&w);
    for (int i = 0; i < list.count; i++) render_upload(&w, &list.items[i]);
    yw_jw_end(&w);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static int get_upload(yw_http_ctx *c, yw_err *err) {
    yw_upload_get_in in = {c->params[0], c->uploads_dir};
    yw_upload_file f;
    if (yw_upload_get(&c->op, &in, &f) < 0) return -1;
    /* RFC 6266 with the UTF-8 name percent-encoded; the hash when nobody named the file */
    const char *name = f.info.name ? f.info.name : f.info.sha256;
    yw_buf disp;
    yw_buf_init(&disp, c->arena);
    yw_buf_puts(&disp, "attachment; filename*=UTF-8''");
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || strchr("-._~", *p))
            yw_buf_putc(&disp, (char)*p);
        else
            yw_buf_printf(&disp, "%%%02X", *p);
    }
    const char *etag = yw_arena_printf(c->arena, "\"%s\"", f.info.sha256);
    if (disp.failed || !etag) return yw_fail(err, YW_E_NOMEM, NULL);
    yw_http_set_header(c, "content-disposition", disp.data);
    yw_http_set_header(c, "etag", etag);
    yw_buf b = {.data = (char *)f.bytes, .len = f.len, .cap = f.len, .arena = c->arena};
    return yw_http_reply(c, 200, f.info.media_type, &b, err);
}

static const yw_field_spec upload_body[] = {
    YW_RAW(yw_upload_types, YW_UPLOAD_MAX_BYTES),
    YW_END,
};

static const yw_field_spec upload_query[] = {
    YW_STR("name", false, YW_UPLOAD_NAME_MAX),
    YW_END,
};

static const yw_field_spec list_query[] = {
    YW_BOOL("mine", true),
    YW_INT("limit", false, 1, YW_UPLOAD_LIST_MAX),
    YW_INT("offset", false, 0, 1000000),
    YW_END,
};

const yw_route yw_api_upload_routes[] = {
    {"POST", "/api/v1/uploads", create_upload, YW_AUTH_LOGIN, YW_WRITE, upload_body, upload_query, prepare_upload},
    {"GET", "/api/v1/uploads", list_uploads, YW_AUTH_LOGIN, YW_READ, NULL, list_query, NULL},
    {"GET", "/api/v1/uploads/:sha256", get_upload, YW_AUTH_LOGIN, YW_READ, NULL, NULL, NULL},
    {NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
