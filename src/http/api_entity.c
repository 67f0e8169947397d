/* /api/v1/entities: the market-entity registry, read. Staff search it and read any entity; an
 * enterprise account reads its own record by its USCC (the domain checks both). The lifecycle's
 * writes are the domain's functions (domain/entity/entity.h), driven by the cases that complete
 * them and by `yiwang entity`. */
#include "../domain/entity/entity.h"
#include "../std/industry.h"
#include "../std/region.h"
#include "http.h"

/* The members of an entity's object; the caller opens and closes it. */
static void render_members(yw_jw *w, yw_arena *a, const yw_entity *e) {
    yw_jw_kstr(w, "uscc", e->uscc);
    yw_jw_kstr(w, "name", e->name);
    yw_jw_kstr(w, "kind", yw_enum_to_text(yw_entity_kinds, (int)e->kind));
    yw_jw_kstr(w, "legal_rep", e->legal_rep);
    yw_jw_kint(w, "capital_fen", e->capital_fen);
    yw_jw_kstr(w, "industry", e->industry);
    const yw_industry *ind = yw_industry_find(e->industry && e->industry[0] && e->industry[1]
                                                  ? yw_arena_strndup(a, e->industry, 2)
                                                  : e->industry);
    yw_jw_kstr(w, "industry_name", ind ? ind->name : NULL);
    yw_jw_kstr(w, "region", e->region);
    const yw_region *reg = yw_region_find(e->region);
    yw_jw_kstr(w, "region_name", reg ? reg->name : NULL);
    yw_jw_kstr(w, "established_on", e->established_on);
    yw_jw_kstr(w, "scale", yw_enum_to_text(yw_entity_scales, (int)e->scale));
    yw_jw_kint(w, "employees", e->employees);
    yw_jw_kint(w, "revenue_fen", e->revenue_fen);
    yw_jw_kint(w, "rd_ratio_bp", e->rd_ratio_bp);
    yw_jw_key(w, "labels");
    yw_jw_arr(w);
    for (const yw_entity_label *l = yw_entity_labels; l->code; l++)
        if (e->labels & l->bit) yw_jw_str(w, l->code);
    yw_jw_end(w);
    yw_jw_kstr(w, "credit", yw_enum_to_text(yw_entity_credits, (int)e->credit));
    yw_jw_kstr(w, "status", yw_enum_to_text(yw_entity_statuses, (int)e->status));
    yw_jw_kstr(w, "dormant_until", e->dormant_until);
    yw_jw_kstr(w, "service_address", e->service_address);
    yw_jw_kstr(w, "abnormal_reason", e->abnormal_reason);
    yw_jw_kstr(w, "notice_until", e->notice_until);
    yw_jw_kstr(w, "deregistered_on", e->deregistered_on);
    yw_jw_kstr(w, "updated_at", e->updated_at);
}

static int list_entities(yw_http_ctx *c, yw_err *err) {
    yw_entity_query q = {
        .q = yw_query_str(c, "q"),
        .region = yw_query_str(c, "region"),
        .industry = yw_query_str(c, "industry"),
        .label = yw_query_str(c, "label"),
        .status = yw_query_str(c, "status"),
        .limit = (int)yw_query_int(c, "limit", 50),
        .offset = (int)yw_query_int(c, "offset", 0),
    };
    yw_entity *list;
    int n;
    int64_t total;
    if (yw_entity_search(&c->op, &q, &list, &n, &total) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_key(&w, "entities");
    yw_jw_arr(&w);
    for (int i = 0; i < n; i++) {
        yw_jw_obj(&w);
        render_members(&w, c->arena, &list[i]);
        yw_jw_end(&w);
    }
    yw_jw_end(&w);
    yw_jw_kint(&w, "total", total);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static int get_entity(yw_http_ctx *c, yw_err *err) {
    yw_entity e;
    yw_entity_change_row *changes;
    int n;
    if (yw_entity_get(&c->op, c->params[0], &e) < 0 ||
        yw_entity_history(&c->op, e.uscc, (int)yw_query_int(c, "changes", 50), &changes, &n) < 0)
        return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    render_members(&w, c->arena, &e);
    yw_jw_key(&w, "changes");
    yw_jw_arr(&w);
    for (int i = 0; i < n; i++) {
        yw_jw_obj(&w);
        yw_jw_kstr(&w, "field", changes[i].field);
        yw_jw_kstr(&w, "before", changes[i].before);
        yw_jw_kstr(&w, "after", changes[i].after);
        yw_jw_kstr(&w, "at", changes[i].at);
        yw_jw_kstr(&w, "by", changes[i].by);
        yw_jw_end(&w);
    }
    yw_jw_end(&w);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static const yw_field_spec entities_query[] = {
    YW_STR("q", false, YW_ENTITY_QUERY_MAX),
    YW_STR("region", false, 6),
    YW_STR("industry", false, 4),
    YW_STR("label", false, 64),
    YW_ENUM("status", false, yw_entity_status_texts),
    YW_INT("limit", false, 1, YW_ENTITY_LIST_MAX),
    YW_INT("offset", false, 0, 100000000),
    YW_END,
};
static const yw_field_spec entity_query[] = {YW_INT("changes", false, 1, YW_ENTITY_LIST_MAX), YW_END};

const yw_route yw_api_entity_routes[] = {
    {"GET", "/api/v1/entities", list_entities, YW_AUTH_LOGIN, YW_READ, NULL, entities_query, NULL},
    {"GET", "/api/v1/entities/:uscc", get_entity, YW_AUTH_LOGIN, YW_READ, NULL, entity_query, NULL},
    {NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
