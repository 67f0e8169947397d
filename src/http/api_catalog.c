/* /api/v1/items: the item catalog. Anyone searches it and reads an item (its current version or
 * an older one); admins add items and edit them, each edit a new version (audited in the
 * domain). /api/v1/catalog/licensing is the published list of licensing items with its history. */
#include <string.h>

#include "../domain/catalog/catalog.h"
#include "http.h"

static void render_summary(yw_jw *w, const yw_item_summary *s) {
    yw_jw_obj(w);
    yw_jw_kstr(w, "code", s->code);
    yw_jw_kstr(w, "name", s->name);
    if (s->name_en) yw_jw_kstr(w, "name_en", s->name_en);
    yw_jw_key(w, "department");
    yw_jw_obj(w);
    yw_jw_kstr(w, "code", s->department_code);
    yw_jw_kstr(w, "name", s->department_name);
    yw_jw_end(w);
    yw_jw_kstr(w, "type", s->type);
    yw_jw_kstr(w, "region", s->region);
    yw_jw_kint(w, "promised_days", s->promised_days);
    yw_jw_kint(w, "statutory_days", s->statutory_days);
    yw_jw_kint(w, "fee_fen", s->fee_fen);
    yw_jw_kstr(w, "online_depth", s->online_depth);
    yw_jw_kint(w, "visits", s->visits);
    yw_jw_kint(w, "version", s->version);
    yw_jw_end(w);
}

/* "items": the page of summaries, "total": how many match in all */
static void render_items(yw_jw *w, const yw_item_summary *list, int n, int total) {
    yw_jw_key(w, "items");
    yw_jw_arr(w);
    for (int i = 0; i < n; i++) render_summary(w, &list[i]);
    yw_jw_end(w);
    yw_jw_kint(w, "total", total);
}

static int list_items(yw_http_ctx *c, yw_err *err) {
    yw_catalog_query q = {
        .q = yw_query_str(c, "q"),
        .department = yw_query_str(c, "department"),
        .type = yw_query_str(c, "type"),
        .limit = (int)yw_query_int(c, "limit", 50),
        .offset = (int)yw_query_int(c, "offset", 0),
    };
    yw_item_summary *list;
    int n, total;
    if (yw_catalog_search(&c->op, &q, &list, &n, &total) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    render_items(&w, list, n, total);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static int reply_item(yw_http_ctx *c, int status, const char *code, int version, const bool *changed, yw_err *err) {
    yw_item_view v;
    if (yw_catalog_get(&c->op, code, version, &v) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "id", v.id);
    yw_item_write_members(&w, &v.item, v.department_name);
    yw_jw_kstr(&w, "region_name", v.region_name);
    yw_jw_kint(&w, "version", v.version);
    yw_jw_kint(&w, "current_version", v.current_version);
    yw_jw_kstr(&w, "version_created_at", v.version_created_at);
    yw_jw_kstr(&w, "created_at", v.created_at);
    yw_jw_kstr(&w, "updated_at", v.updated_at);
    if (changed) yw_jw_kbool(&w, "changed", *changed);
    yw_jw_end(&w);
    return yw_http_reply_json(c, status, &b, err);
}

static int get_item(yw_http_ctx *c, yw_err *err) {
    return reply_item(c, 200, c->params[0], (int)yw_query_int(c, "version", 0), NULL, err);
}

static int save(yw_http_ctx *c, yw_catalog_mode mode, yw_err *err) {
    /* the role first: nobody else learns what the checks think of a body */
    if (yw_op_require(&c->op, YW_ROLE_ADMIN, "edit the item catalog") < 0) return -1;
    if (mode == YW_CATALOG_UPDATE) {
        const char *code = yw_body_str(c, "code");
        if (code && strcmp(code, c->params[0]) != 0) return yw_fail(err, YW_E_ITEM_CODE_MISMATCH, "code");
        if (!code && json_object_set_new(c->body, "code", json_string(c->params[0])) < 0)
            return yw_fail(err, YW_E_NOMEM, NULL);
    }
    yw_item it;
    if (yw_item_parse(c->arena, c->body, "", &it, err) < 0) return -1;
    yw_catalog_saved saved;
    if (yw_catalog_save(&c->op, &it, mode, &saved) < 0) return -1;
    return reply_item(c, mode == YW_CATALOG_CREATE ? 201 : 200, it.code, 0, &saved.changed, err);
}

static int create_item(yw_http_ctx *c, yw_err *err) {
    return save(c, YW_CATALOG_CREATE, err);
}

static int update_item(yw_http_ctx *c, yw_err *err) {
    return save(c, YW_CATALOG_UPDATE, err);
}

static int licensing(yw_http_ctx *c, yw_err *err) {
    yw_catalog_query q = {.type = "行政许可", .limit = 500};
    yw_item_summary *list;
    yw_catalog_change *changes;
    int n, total, nchanges;
    if (yw_catalog_search(&c->op, &q, &list, &n, &total) < 0 ||
        yw_catalog_licensing_changes(&c->op, (int)yw_query_int(c, "limit", 100), (int)yw_query_int(c, "offset", 0),
                                     &changes, &nchanges) < 0)
        return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    render_items(&w, list, n, total);
    yw_jw_key(&w, "changes");
    yw_jw_arr(&w);
    for (int i = 0; i < nchanges; i++) {
        yw_jw_obj(&w);
        yw_jw_kstr(&w, "code", changes[i].code);
        yw_jw_kstr(&w, "name", changes[i].name);
        yw_jw_kint(&w, "version", changes[i].version);
        yw_jw_kstr(&w, "change", changes[i].version == 1 ? "added" : "edited");
        yw_jw_kstr(&w, "at", changes[i].created_at);
        yw_jw_end(&w);
    }
    yw_jw_end(&w);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static const yw_field_spec items_query[] = {
    YW_STR("q", false, YW_CATALOG_QUERY_MAX),
    YW_STR("department", false, 32),
    YW_ENUM("type", false, yw_item_type_texts),
    YW_INT("limit", false, 1, YW_CATALOG_PAGE_MAX),
    YW_INT("offset", false, 0, 1000000),
    YW_END,
};

static const yw_field_spec item_query[] = {YW_INT("version", false, 1, 1000000), YW_END};
static const yw_field_spec page_query[] = {YW_INT("limit", false, 1, 500), YW_INT("offset", false, 0, 1000000), YW_END};

static const yw_field_spec material_members[] = {
    YW_STR("name", true, YW_ITEM_NAME_MAX),
    YW_ENUM("requirement", true, yw_item_requirements),
    YW_STR("condition", false, 2 * YW_ITEM_NAME_MAX),
    YW_STRS("accepted_as", true, 4),
    YW_STR("cert_type", false, YW_ITEM_NAME_MAX),
    YW_TEXT("note", false, YW_ITEM_TEXT_MAX),
    YW_END,
};

static const yw_field_spec field_members[] = {
    YW_STR("key", true, YW_ITEM_KEY_MAX),
    YW_STR("label", true, YW_ITEM_LABEL_MAX),
    YW_ENUM("type", true, yw_item_field_types),
    YW_BOOL("required", false),
    YW_INT("max_length", false, 1, 100000),
    YW_INT("min", false, -1000000000000LL, 1000000000000LL),
    YW_INT("max", false, -1000000000000LL, 1000000000000LL),
    YW_STRS("options", false, YW_ITEM_OPTIONS_MAX),
    YW_END,
};

static const yw_field_spec place_members[] = {
    YW_STR("hall", true, YW_ITEM_SHORT_MAX),
    YW_STR("window", false, YW_ITEM_SHORT_MAX),
    YW_STR("address", true, YW_ITEM_SHORT_MAX),
    YW_END,
};
static const yw_field_spec step_members[] = {
    YW_STR("name", true, YW_ITEM_SHORT_MAX),
    YW_TEXT("text", false, YW_ITEM_TEXT_MAX),
    YW_END,
};
static const yw_field_spec file_members[] = {
    YW_ENUM("kind", true, yw_item_file_kinds),
    YW_STR("name", true, YW_UPLOAD_NAME_MAX),
    YW_STR("sha256", true, 64),
    YW_END,
};

#define ITEM_BODY(code_required)                                                                                  \
    {                                                                                                             \
        YW_STR("code", code_required, YW_ITEM_CODE_MAX), YW_STR("name", true, YW_ITEM_NAME_MAX),                 \
            YW_STR("name_en", false, YW_ITEM_NAME_MAX),                                                            \
            YW_ENUM("type", true, yw_item_type_texts), YW_STR("department", true, 32), YW_STR("region", true, 6), \
            YW_TEXT("legal_basis", false, YW_ITEM_TEXT_MAX), YW_INT("statutory_days", true, 0, YW_ITEM_DAYS_MAX), \
            YW_INT("promised_days", true, 0, YW_ITEM_DAYS_MAX), YW_INT("fee_fen", true, 0, YW_ITEM_FEE_MAX),     \
            YW_ENUM("online_depth", true, yw_item_online_depths), YW_INT("visits", true, 0, YW_ITEM_VISITS_MAX), \
            YW_STRS("keywords", false, YW_ITEM_KEYWORDS_MAX),                                                      \
            YW_OBJS("materials", false, YW_ITEM_MATERIALS_MAX, material_members),                                  \
            YW_OBJS("fields", false, YW_ITEM_FIELDS_MAX, field_members),                                           \
            YW_OBJS("places", false, YW_ITEM_PLACES_MAX, place_members), YW_STR("hours", false, YW_ITEM_SHORT_MAX), \
            YW_STR("phone", false, YW_ITEM_PHONE_MAX), YW_STR("complaint_phone", false, YW_ITEM_PHONE_MAX),       \
            YW_OBJS("steps", false, YW_ITEM_STEPS_MAX, step_members), YW_STR("fee_standard", false, YW_ITEM_SHORT_MAX), \
            YW_TEXT("fee_basis", false, YW_ITEM_TEXT_MAX), YW_OBJS("files", false, YW_ITEM_FILES_MAX, file_members), \
            YW_STR("issues", false, YW_ITEM_NAME_MAX), YW_END,                                                                                               \
    }

static const yw_field_spec create_body[] = ITEM_BODY(true);
static const yw_field_spec update_body[] = ITEM_BODY(false);

/* ---- the guide's files: an administrator adds one (the raw body, judged and hashed before the
 * transaction, off the event loop), anyone downloads one an item's guide names ---- */

static int prepare_file(yw_http_ctx *c, yw_err *err) {
    if (yw_actor_require(c->actor, YW_ROLE_ADMIN, "add a file to the guides", err) < 0) return -1;
    yw_upload_new *in = yw_arena_calloc(c->arena, 1, sizeof *in);
    if (!in) return yw_fail(err, YW_E_NOMEM, NULL);
    in->bytes = c->raw_body;
    in->len = c->raw_len;
    in->media_type = c->raw_type;
    if (in->len > YW_GUIDE_FILE_MAX) return yw_fail(err, YW_E_GUIDE_FILE_TOO_LARGE, "file", YW_GUIDE_FILE_MAX >> 20);
    if (yw_upload_prepare(in, NULL, err) < 0) return -1;
    c->prepared = in;
    return 0;
}

static int add_file(yw_http_ctx *c, yw_err *err) {
    yw_guide_file_info f;
    if (yw_catalog_file_add(&c->op, c->prepared, &f) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "sha256", f.sha256);
    yw_jw_kint(&w, "size", f.size);
    yw_jw_kstr(&w, "media_type", f.media_type);
    yw_jw_end(&w);
    return yw_http_reply_json(c, f.created ? 201 : 200, &b, err);
}

static int get_file(yw_http_ctx *c, yw_err *err) {
    yw_guide_file f;
    if (yw_catalog_file_get(&c->op, c->params[0], c->params[1], &f) < 0) return -1;
    /* RFC 6266: the guide's name for it, percent-encoded UTF-8 */
    yw_buf disp;
    yw_buf_init(&disp, c->arena);
    yw_buf_puts(&disp, "attachment; filename*=UTF-8''");
    for (const unsigned char *p = (const unsigned char *)f.name; *p; p++) {
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

static const yw_field_spec file_body[] = {YW_RAW(yw_upload_types, YW_GUIDE_FILE_MAX), YW_END};

const yw_route yw_api_catalog_routes[] = {
    {"GET", "/api/v1/items", list_items, YW_AUTH_PUBLIC, YW_READ, NULL, items_query, NULL},
    {"GET", "/api/v1/items/:code", get_item, YW_AUTH_PUBLIC, YW_READ, NULL, item_query, NULL},
    {"POST", "/api/v1/items", create_item, YW_AUTH_LOGIN, YW_WRITE, create_body, NULL, NULL},
    {"PUT", "/api/v1/items/:code", update_item, YW_AUTH_LOGIN, YW_WRITE, update_body, NULL, NULL},
    {"GET", "/api/v1/catalog/licensing", licensing, YW_AUTH_PUBLIC, YW_READ, NULL, page_query, NULL},
    {"POST", "/api/v1/catalog/files", add_file, YW_AUTH_LOGIN, YW_WRITE, file_body, NULL, prepare_file},
    {"GET", "/api/v1/items/:code/files/:sha256", get_file, YW_AUTH_PUBLIC, YW_READ, NULL, NULL, NULL},
    {NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
