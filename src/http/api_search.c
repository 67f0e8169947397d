/* /api/v1/search: the portal's one search box — bundles and items together, names first, in
 * everyday words (the city's synonyms) and in English. /api/v1/search-synonyms: the synonyms
 * table, read by anyone, replaced whole by administrators (audited in the domain). */
#include <string.h>

#include "../domain/search/search.h"
#include "http.h"

static int search(yw_http_ctx *c, yw_err *err) {
    yw_search_query q = {.q = yw_query_str(c, "q"),
                         .limit = (int)yw_query_int(c, "limit", 20),
                         .offset = (int)yw_query_int(c, "offset", 0)};
    yw_search_hit *hits;
    const char **terms;
    int n, total;
    if (yw_search(&c->op, &q, &hits, &n, &total, &terms) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_kstrs(&w, "terms", terms);
    yw_jw_kint(&w, "total", total);
    yw_jw_key(&w, "results");
    yw_jw_arr(&w);
    for (int i = 0; i < n; i++) {
        const yw_search_hit *h = &hits[i];
        yw_jw_obj(&w);
        yw_jw_kstr(&w, "kind", h->kind == YW_HIT_BUNDLE ? "bundle" : "item");
        yw_jw_kstr(&w, "code", h->code);
        yw_jw_kstr(&w, "name", h->name);
        if (h->name_en) yw_jw_kstr(&w, "name_en", h->name_en);
        yw_jw_key(&w, "department");
        yw_jw_obj(&w);
        yw_jw_kstr(&w, "code", h->department_code);
        yw_jw_kstr(&w, "name", h->department_name);
        yw_jw_end(&w);
        if (h->kind == YW_HIT_ITEM) {
            yw_jw_kint(&w, "promised_days", h->promised_days);
            yw_jw_kint(&w, "fee_fen", h->fee_fen);
            yw_jw_kstr(&w, "online_depth", h->online_depth);
        }
        yw_jw_end(&w);
    }
    yw_jw_end(&w);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static int reply_synonyms(yw_http_ctx *c, yw_err *err) {
    yw_synonym *list;
    int n;
    if (yw_synonyms_list(&c->op, &list, &n) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_key(&w, "synonyms");
    yw_jw_arr(&w);
    for (int i = 0; i < n; i++) {
        yw_jw_obj(&w);
        yw_jw_kstr(&w, "term", list[i].term);
        yw_jw_kstrs(&w, "words", list[i].words);
        yw_jw_end(&w);
    }
    yw_jw_end(&w);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static int get_synonyms(yw_http_ctx *c, yw_err *err) {
    return reply_synonyms(c, err);
}

static int put_synonyms(yw_http_ctx *c, yw_err *err) {
    /* the role first: nobody else learns what the checks think of a body */
    if (yw_op_require(&c->op, YW_ROLE_ADMIN, "edit the search synonyms") < 0) return -1;
    json_t *list = json_object_get(c->body, "synonyms");
    size_t n = json_array_size(list);
    yw_synonym *in = yw_arena_calloc(c->arena, n + 1, sizeof *in);
    if (!in) return yw_fail(err, YW_E_NOMEM, NULL);
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(list, i), *words = json_object_get(e, "words");
        size_t nw = json_array_size(words);
        const char **w = yw_arena_calloc(c->arena, nw + 1, sizeof *w);
        if (!w) return yw_fail(err, YW_E_NOMEM, NULL);
        for (size_t k = 0; k < nw; k++) w[k] = json_string_value(json_array_get(words, k));
        in[i] = (yw_synonym){.term = json_string_value(json_object_get(e, "term")), .words = w};
    }
    if (yw_synonyms_replace(&c->op, in, (int)n) < 0) return -1;
    return reply_synonyms(c, err);
}

static const yw_field_spec search_query[] = {
    YW_STR("q", true, YW_SEARCH_QUERY_MAX),
    YW_INT("limit", false, 1, YW_SEARCH_PAGE_MAX),
    YW_INT("offset", false, 0, 1000000),
    YW_END,
};
static const yw_field_spec synonym_members[] = {
    YW_STR("term", true, YW_SYNONYM_TEXT_MAX),
    YW_STRS("words", true, YW_SYNONYM_WORDS_MAX),
    YW_END,
};
static const yw_field_spec synonyms_body[] = {YW_OBJS("synonyms", true, YW_SYNONYMS_MAX, synonym_members), YW_END};

const yw_route yw_api_search_routes[] = {
    {"GET", "/api/v1/search", search, YW_AUTH_PUBLIC, YW_READ, NULL, search_query, NULL},
    {"GET", "/api/v1/search-synonyms", get_synonyms, YW_AUTH_PUBLIC, YW_READ, NULL, NULL, NULL},
    {"PUT", "/api/v1/search-synonyms", put_synonyms, YW_AUTH_LOGIN, YW_WRITE, synonyms_body, NULL, NULL},
    {NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
