/* /api/v1/cases/{id}/documents, /api/v1/documents/verify, /api/v1/document-settings: a case's
 * documents (受理回执, 补正告知书, 决定书, 办结通知书; domain/document/document.h, docs/documents.md)
 * for those who read the case, as JSON for the printable page and as PDF; their public
 * verification by the code under the QR; the deployment's words on them. */
#include <stdlib.h>
#include <string.h>

#include "../domain/document/document.h"
#include "http.h"

/* The address the QR opens: the deployment's public_url, else the address this request came to. */
static int verify_url(yw_http_ctx *c, const yw_document *d, const char **out) {
    const char *base;
    if (yw_document_public_url(&c->op, &base) < 0) return -1;
    if (!base) base = yw_arena_printf(c->arena, "%s://%s", c->tls ? "https" : "http", c->host ? c->host : "localhost");
    *out = base ? yw_document_verify_url(c->arena, base, d->code) : NULL;
    return *out ? 0 : yw_fail(c->op.err, YW_E_NOMEM, NULL);
}

static void render_document(yw_jw *w, const yw_document *d) {
    yw_jw_kstr(w, "kind", yw_enum_to_text(yw_document_kinds, (int)d->kind));
    yw_jw_kint(w, "serial", d->serial);
    yw_jw_kstr(w, "title", d->title);
    yw_jw_kstr(w, "office", d->office);
    yw_jw_kstr(w, "number", d->number);
    yw_jw_kstr(w, "task_id", d->task_id);
    yw_jw_kstr(w, "issued_at", d->issued_at);
    yw_jw_kstr(w, "issued_on", d->issued_on);
    yw_jw_kbool(w, "current", d->current);
    yw_jw_kstr(w, "code", d->code);
    yw_jw_kstr(w, "sha256", d->sha256);
}

static int list_documents(yw_http_ctx *c, yw_err *err) {
    yw_document *d;
    int n;
    if (yw_document_list(&c->op, c->params[0], &d, &n) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_key(&w, "documents");
    yw_jw_arr(&w);
    for (int i = 0; i < n; i++) {
        yw_jw_obj(&w);
        render_document(&w, &d[i]);
        yw_jw_end(&w);
    }
    yw_jw_end(&w);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

/* The Content-Disposition of a PDF (RFC 6266): its Chinese name percent-encoded as UTF-8
 * (filename*, RFC 5987), and an ASCII name for clients that read only filename. Arena text. */
static const char *disposition(yw_arena *a, const yw_document *d) {
    yw_buf b;
    yw_buf_init(&b, a);
    const char *kind = yw_enum_to_text(yw_document_kinds, (int)d->kind);
    yw_buf_printf(&b, "attachment; filename=\"%s-%s-%d.pdf\"; filename*=UTF-8''", d->number ? d->number : "case", kind,
                  d->serial);
    const char *name = yw_arena_printf(a, "%s-%s%s.pdf", d->title ? d->title : kind, d->number ? d->number : "",
                                       d->serial > 1 ? yw_arena_printf(a, "-%d", d->serial) : "");
    if (!name) return NULL;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || strchr("-._~", *p))
            yw_buf_putc(&b, (char)*p);
        else
            yw_buf_printf(&b, "%%%02X", *p);
    }
    return b.failed ? NULL : b.data;
}

static int qr_json(yw_http_ctx *c, yw_jw *w, const char *url) {
    yw_qr q;
    if (yw_qr_encode(c->arena, url, &q, c->op.err) < 0) return -1;
    yw_jw_key(w, "qr");
    yw_jw_arr(w);
    char *row = yw_arena_alloc(c->arena, (size_t)q.size + 1);
    if (!row) return yw_fail(c->op.err, YW_E_NOMEM, NULL);
    for (int y = 0; y < q.size; y++) {
        for (int x = 0; x < q.size; x++) row[x] = q.modules[y * q.size + x] ? '1' : '0';
        row[q.size] = '\0';
        yw_jw_str(w, row);
    }
    yw_jw_end(w);
    return 0;
}

/* GET /api/v1/cases/{id}/documents/{kind} and {kind}.pdf: one document (?serial=n, else the
 * latest of its kind) as JSON with its content and QR for the printable page, or as a PDF. A scan:
 * rendering takes milliseconds of CPU, on an offload thread, never on a loop. */
static int get_document(yw_http_ctx *c, yw_err *err) {
    const char *name = c->params[1];
    size_t n = strlen(name);
    bool pdf = n > 4 && strcmp(name + n - 4, ".pdf") == 0;
    char *kind_text = yw_arena_strndup(c->arena, name, pdf ? n - 4 : n);
    if (!kind_text) return yw_fail(err, YW_E_NOMEM, NULL);
    int kind = yw_enum_from_text(yw_document_kinds, kind_text);
    if (kind < 0) return yw_fail(err, YW_E_DOCUMENT_KIND, "kind", kind_text);
    yw_document d;
    const char *url;
    if (yw_document_get(&c->op, c->params[0], (yw_document_kind)kind, (int)yw_query_int(c, "serial", 0), &d) < 0 ||
        verify_url(c, &d, &url) < 0)
        return -1;
    if (pdf) {
        yw_buf b;
        if (yw_document_pdf(c->arena, &d, url, &b, err) < 0) return -1;
        const char *disp = disposition(c->arena, &d);
        if (!disp) return yw_fail(err, YW_E_NOMEM, NULL);
        yw_http_set_header(c, "content-disposition", disp);
        return yw_http_reply(c, 200, "application/pdf", &b, err);
    }
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    render_document(&w, &d);
    yw_jw_kstr(&w, "verify_url", url);
    yw_jw_key(&w, "content");
    yw_jw_raw(&w, d.content, strlen(d.content));
    if (qr_json(c, &w, url) < 0) return -1;
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

/* GET /api/v1/documents/verify: public, in two writes as the public case lookup (document.h): the
 * first counts the attempt as a failure and commits, the second looks the code up and forgets the
 * failure when it is known. */
static void verify_between(void *arg) { (void)arg; }

static int verify_done(yw_http_ctx *c, yw_err *err) {
    const yw_document_verify_attempt *at = c->then_arg;
    yw_document_verified v;
    if (yw_document_verify_finish(&c->op, at, &v) < 0) return -1;
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "kind", yw_enum_to_text(yw_document_kinds, (int)v.kind));
    yw_jw_kstr(&w, "title", v.title);
    yw_jw_kint(&w, "serial", v.serial);
    yw_jw_kstr(&w, "office", v.office);
    yw_jw_kstr(&w, "number", v.number);
    yw_jw_kstr(&w, "case_title", v.case_title);
    yw_jw_kstr(&w, "issued_on", v.issued_on);
    yw_jw_kbool(&w, "current", v.current);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static int verify(yw_http_ctx *c, yw_err *err) {
    yw_document_verify_attempt *at = yw_arena_calloc(c->arena, 1, sizeof *at);
    if (!at) return yw_fail(err, YW_E_NOMEM, NULL);
    yw_document_verify_in in = {yw_query_str(c, "code"), c->client_address};
    if (yw_document_verify_begin(&c->op, &in, at) < 0) return -1;
    yw_http_then(c, verify_between, at, verify_done);
    return 0;
}

static int reply_settings(yw_http_ctx *c, const yw_document_settings *s, yw_err *err) {
    yw_buf b;
    yw_jw w;
    yw_http_json_begin(c, &b, &w);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "office", s->office);
    yw_jw_kstr(&w, "contact", s->contact);
    yw_jw_kstr(&w, "review_body", s->review_body);
    yw_jw_kstr(&w, "court", s->court);
    yw_jw_kstr(&w, "public_url", s->public_url);
    yw_jw_kstr(&w, "updated_at", s->updated_at);
    yw_jw_end(&w);
    return yw_http_reply_json(c, 200, &b, err);
}

static int get_settings(yw_http_ctx *c, yw_err *err) {
    yw_document_settings s;
    if (yw_document_settings_get(&c->op, &s) < 0) return -1;
    return reply_settings(c, &s, err);
}

static int put_settings(yw_http_ctx *c, yw_err *err) {
    yw_document_settings in = {yw_body_str(c, "office"), yw_body_str(c, "contact"), yw_body_str(c, "review_body"),
                               yw_body_str(c, "court"), yw_body_str(c, "public_url"), NULL, NULL};
    yw_document_settings s;
    if (yw_document_settings_set(&c->op, &in, &s) < 0) return -1;
    return reply_settings(c, &s, err);
}

/* longer than a code, so that a slip gets the verification's own message */
static const yw_field_spec verify_query[] = {YW_STR("code", true, 64), YW_END};
static const yw_field_spec document_query[] = {YW_INT("serial", false, 1, YW_DOCUMENT_SERIAL_MAX), YW_END};
static const yw_field_spec settings_body[] = {
    YW_STR("office", true, YW_DOCUMENT_SETTING_MAX),
    YW_STR("contact", true, YW_DOCUMENT_SETTING_MAX),
    YW_STR("review_body", true, YW_DOCUMENT_SETTING_MAX),
    YW_STR("court", true, YW_DOCUMENT_SETTING_MAX),
    {.name = "public_url", .type = YW_FIELD_STRING, .max = YW_DOCUMENT_SETTING_MAX, .flags = YW_TEXT_BLANK_OK},
    YW_END,
};

const yw_route yw_api_document_routes[] = {
    {"GET", "/api/v1/cases/:id/documents", list_documents, YW_AUTH_LOGIN, YW_READ, NULL, NULL, NULL},
    {"GET", "/api/v1/cases/:id/documents/:kind", get_document, YW_AUTH_LOGIN, YW_SCAN, NULL, document_query, NULL},
    /* public, and a write: its failures are counted in the store */
    {"GET", "/api/v1/documents/verify", verify, YW_AUTH_PUBLIC, YW_WRITE, NULL, verify_query, NULL},
    {"GET", "/api/v1/document-settings", get_settings, YW_AUTH_LOGIN, YW_READ, NULL, NULL, NULL},
    {"PUT", "/api/v1/document-settings", put_settings, YW_AUTH_LOGIN, YW_WRITE, settings_body, NULL, NULL},
    {NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
