/* The server: h2o configuration, worker threads, the request entry point that authenticates
 * and dispatches to the route table, the access log, and shutdown.
 *
 * Shutdown: the main thread waits for SIGTERM/SIGINT with sigwait (workers block both), then
 * raises `stopping`. Each worker closes its listening socket, asks h2o to wind its connections
 * down, and keeps running its loop until no connection is left or 10 seconds have passed, so
 * requests in flight are answered. */
#define H2O_USE_LIBUV 0
#include "server.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <h2o.h>
#include <sodium.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../base/log.h"
#include "../base/time.h"
#include "../domain/core/apikey.h"
#include "../domain/core/idempotency.h"
#include "../domain/core/session.h"
#include "../jobs/jobs.h"
#include "../store/store.h"
#include "http.h"
#include "offload.h"
#include "writer.h"

#define SESSION_COOKIE "yw_session"
#define OFFLOAD_THREADS 2

typedef struct {
    h2o_context_t ctx; /* first: handlers find their worker from req->conn->ctx */
    h2o_accept_ctx_t accept_ctx;
    h2o_evloop_t *loop;
    h2o_socket_t *listener;
    int fd;
    yw_store *store;
    yw_buf access_log; /* this loop iteration's access lines, written at its end */
    h2o_multithread_receiver_t receiver; /* writes and offloaded steps come back here */
    pthread_t thread;
} worker;

/* A trusted proxy: an address and how many leading bits of it must match. */
typedef struct {
    int family;
    unsigned char addr[16];
    int bits;
} proxy_range;

#define MAX_PROXIES 32

static struct {
    proxy_range proxies[MAX_PROXIES];
    int nproxies;
    h2o_globalconf_t globalconf;
    const yw_server_config *cfg;
    SSL_CTX *ssl_ctx;
    atomic_bool stopping;
} server;

void yw_server_config_defaults(yw_server_config *cfg) {
    memset(cfg, 0, sizeof *cfg);
    cfg->host = "127.0.0.1";
    cfg->port = 8080;
    cfg->web_dir = "web";
    cfg->max_body = 1024 * 1024;
    cfg->timeout_ms = 10000;
    cfg->access_log = true;
}

int yw_server_parse_listen(yw_server_config *cfg, const char *text, yw_err *err) {
    const char *colon = strrchr(text, ':');
    if (!colon) return yw_fail(err, YW_E_LISTEN_FORMAT, "listen");
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (!colon[1] || *end || port < 0 || port > 65535)
        return yw_fail(err, YW_E_FIELD_RANGE, "listen", "--listen PORT", 0LL, 65535LL);
    size_t hlen = (size_t)(colon - text);
    static char host[64];
    if (hlen >= sizeof host) return yw_fail(err, YW_E_FIELD_TOO_LONG, "listen", "--listen HOST", sizeof host - 1);
    if (hlen >= 2 && text[0] == '[' && text[hlen - 1] == ']') {
        memcpy(host, text + 1, hlen - 2);
        host[hlen - 2] = '\0';
    } else {
        memcpy(host, text, hlen);
        host[hlen] = '\0';
    }
    cfg->host = hlen ? host : "0.0.0.0";
    cfg->port = (int)port;
    return 0;
}

/* ---- per request ---- */

static void arena_dispose(void *p) { yw_arena_reset(p); }

static void peer_address(h2o_req_t *req, char *out, size_t size) {
    struct sockaddr_storage ss;
    socklen_t len = req->conn->callbacks->get_peername(req->conn, (struct sockaddr *)&ss);
    out[0] = '\0';
    if (!len) return;
    if (ss.ss_family == AF_INET) {
        /* by hand: inet_ntop goes through sprintf, and this runs twice a request */
        const unsigned char *a = (const unsigned char *)&((struct sockaddr_in *)&ss)->sin_addr;
        char *p = out;
        for (int i = 0; i < 4; i++) {
            unsigned v = a[i];
            if (v >= 100) *p++ = (char)('0' + v / 100);
            if (v >= 10) *p++ = (char)('0' + v / 10 % 10);
            *p++ = (char)('0' + v % 10);
            *p++ = i < 3 ? '.' : '\0';
        }
    } else if (ss.ss_family == AF_INET6)
        inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, out, (socklen_t)size);
}

/* Parses one "ADDR" or "ADDR/BITS" into r; false when it is neither IPv4 nor IPv6. */
static bool parse_range(const char *s, size_t n, proxy_range *r) {
    char text[INET6_ADDRSTRLEN + 8];
    if (n == 0 || n >= sizeof text) return false;
    memcpy(text, s, n);
    text[n] = '\0';
    char *slash = strchr(text, '/');
    if (slash) *slash = '\0';
    memset(r, 0, sizeof *r);
    if (inet_pton(AF_INET, text, r->addr) == 1) r->family = AF_INET, r->bits = 32;
    else if (inet_pton(AF_INET6, text, r->addr) == 1) r->family = AF_INET6, r->bits = 128;
    else return false;
    if (slash) {
        char *end;
        long b = strtol(slash + 1, &end, 10);
        if (!slash[1] || *end || b < 0 || b > r->bits) return false;
        r->bits = (int)b;
    }
    return true;
}

/* Parses the list into `out` (may be NULL to only check it). */
static int parse_proxies(const char *list, proxy_range *out, int *count, yw_err *err) {
    int n = 0;
    for (const char *p = list; p && *p;) {
        while (*p == ' ' || *p == ',') p++;
        if (!*p) break;
        size_t len = strcspn(p, ", ");
        proxy_range r;
        if (!parse_range(p, len, &r))
            return yw_fail(err, YW_E_TRUSTED_PROXY_RANGE, "trusted-proxy", (int)(len > 60 ? 60 : len), p);
        if (n == MAX_PROXIES)
            return yw_fail(err, YW_E_FIELD_TOO_MANY, "trusted-proxy", "--trusted-proxy", (long long)MAX_PROXIES);
        if (out) out[n] = r;
        n++;
        p += len;
    }
    if (count) *count = n;
    return 0;
}

int yw_server_check_proxies(const char *list, yw_err *err) { return parse_proxies(list, NULL, NULL, err); }

static bool is_trusted(const char *addr, size_t n) {
    proxy_range a;
    if (!parse_range(addr, n, &a)) return false;
    for (int i = 0; i < server.nproxies; i++) {
        const proxy_range *r = &server.proxies[i];
        if (r->family != a.family) continue;
        int full = r->bits / 8, rest = r->bits % 8;
        if (memcmp(r->addr, a.addr, (size_t)full) != 0) continue;
        if (rest && ((r->addr[full] ^ a.addr[full]) & (0xff << (8 - rest)))) continue;
        return true;
    }
    return false;
}

/* The client's address: the peer's, unless the peer is a trusted proxy; then the rightmost
 * address of X-Forwarded-For that is not a trusted proxy (a client can put anything at the
 * left of that header, so nothing left of the first untrusted hop is believed). */
static void client_address(h2o_req_t *req, char *out, size_t size) {
    peer_address(req, out, size);
    if (!server.nproxies || !is_trusted(out, strlen(out))) return;
    static const h2o_iovec_t xff = {H2O_STRLIT("x-forwarded-for")};
    /* the headers joined in order: the last entries are the nearest hops */
    char joined[1024];
    size_t jl = 0;
    for (ssize_t i = -1; (i = h2o_find_header_by_str(&req->headers, xff.base, xff.len, i)) >= 0;) {
        h2o_iovec_t v = req->headers.entries[i].value;
        if (jl + v.len + 1 >= sizeof joined) return; /* absurdly long: believe only the peer */
        if (jl) joined[jl++] = ',';
        memcpy(joined + jl, v.base, v.len);
        jl += v.len;
    }
    size_t end = jl;
    while (end > 0) {
        size_t start = end;
        while (start > 0 && joined[start - 1] != ',') start--;
        size_t a = start, b = end;
        while (a < b && joined[a] == ' ') a++;
        while (b > a && joined[b - 1] == ' ') b--;
        proxy_range r;
        if (!parse_range(joined + a, b - a, &r)) return; /* garbage: keep the last address believed */
        if (b - a >= size) return;
        memcpy(out, joined + a, b - a);
        out[b - a] = '\0';
        if (!is_trusted(joined + a, b - a)) return;
        end = start ? start - 1 : 0;
        if (!start) return;
    }
}

/* The session token of the request: "Authorization: Bearer T", else the session cookie. */
static const char *request_token(h2o_req_t *req, yw_arena *a) {
    ssize_t i = h2o_find_header(&req->headers, H2O_TOKEN_AUTHORIZATION, -1);
    if (i >= 0) {
        h2o_iovec_t v = req->headers.entries[i].value;
        if (v.len > 7 && strncasecmp(v.base, "Bearer ", 7) == 0) return yw_arena_strndup(a, v.base + 7, v.len - 7);
    }
    for (i = -1; (i = h2o_find_header(&req->headers, H2O_TOKEN_COOKIE, i)) >= 0;) {
        h2o_iovec_t v = req->headers.entries[i].value;
        const char *p = v.base, *end = v.base + v.len;
        while (p < end) {
            while (p < end && (*p == ' ' || *p == ';')) p++;
            const char *semi = memchr(p, ';', (size_t)(end - p));
            if (!semi) semi = end;
            size_t n = strlen(SESSION_COOKIE);
            if ((size_t)(semi - p) > n && memcmp(p, SESSION_COOKIE "=", n + 1) == 0)
                return yw_arena_strndup(a, p + n + 1, (size_t)(semi - p - n - 1));
            p = semi;
        }
    }
    return NULL;
}

static int reply_healthz(yw_http_ctx *c, worker *w, yw_err *err) {
    (void)w;
    yw_rows rows;
    if (yw_store_query(c->op.store, c->arena, "SELECT 1", YW_NOARGS, &rows, err) < 0) return -1;
    yw_buf b;
    yw_jw j;
    yw_http_json_begin(c, &b, &j);
    yw_jw_obj(&j);
    yw_jw_kstr(&j, "status", "ok");
    yw_jw_kstr(&j, "store", yw_store_kind_name(c->op.store));
    if (yw_router_test_routes()) yw_jw_kbool(&j, "test_routes", true);
    yw_jw_end(&j);
    return yw_http_reply_json(c, 200, &b, err);
}

/* Does the request ask for English first? Accept-Language's first tag; Simplified Chinese is
 * the default. */
static bool wants_english(h2o_req_t *req) {
    ssize_t i = h2o_find_header(&req->headers, H2O_TOKEN_ACCEPT_LANGUAGE, -1);
    if (i < 0) return false;
    h2o_iovec_t v = req->headers.entries[i].value;
    size_t k = 0;
    while (k < v.len && v.base[k] == ' ') k++;
    return v.len - k >= 2 && strncasecmp(v.base + k, "en", 2) == 0 && (v.len - k == 2 || strchr("-_,; ", v.base[k + 2]));
}

/* Sends the response recorded in c. Runs on the request's loop; copies what h2o keeps. */
static void send_response(h2o_req_t *req, yw_http_ctx *c) {
    if (!c->status) {
        yw_err e;
        yw_fail(&e, YW_E_NO_RESPONSE, NULL);
        yw_http_reply_error(c, &e);
    }
    req->res.status = c->status;
    req->res.reason = "";
    const char *ct = c->content_type ? c->content_type : "application/octet-stream";
    h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_TYPE, NULL, ct, strlen(ct));
    /* no-store unless the handler says how long its answer may be kept (a status list, the JWKS) */
    bool cache_said = false;
    for (int i = 0; i < c->nheaders; i++) cache_said = cache_said || strcasecmp(c->headers[i].name, "cache-control") == 0;
    if (!cache_said) h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CACHE_CONTROL, NULL, H2O_STRLIT("no-store"));
    for (int i = 0; i < c->nheaders; i++) {
        h2o_iovec_t v = h2o_strdup(&req->pool, c->headers[i].value, SIZE_MAX);
        h2o_add_header_by_str(&req->pool, &req->res.headers, c->headers[i].name, strlen(c->headers[i].name), 1, NULL,
                              v.base, v.len);
    }
    /* the length known up front: h2o 2.2 closes an HTTP/1.1 connection after a response of
     * unknown length whose status is not 200 (it will not chunk it), so without this every
     * 201 and every error would cost the client its connection */
    req->res.content_length = c->response.len;
    h2o_send_inline(req, c->response.data ? c->response.data : "", c->response.len);
}

static bool internal_error(const yw_err *err) {
    return err->code == YW_ERR_STORE || err->code == YW_ERR_INTERNAL || err->code == YW_ERR_NOMEM ||
           err->code == YW_ERR_IO;
}

/* Everything between h2o's request and the handler that does not depend on the route's mode:
 * the declared query string, the content type and the declared body, the session. Fills c;
 * -1 with err filled when the request is refused. */
/* The request's Host as a plain host[:port] (letters, digits, . - : [ ]), copied into the arena; NULL
 * for anything else — it is only ever printed (a document's verification address), never trusted. */
static const char *plain_host(h2o_req_t *req, yw_arena *a) {
    h2o_iovec_t h = req->authority;
    if (!h.len || h.len > 255) return NULL;
    for (size_t i = 0; i < h.len; i++)
        if (!isalnum((unsigned char)h.base[i]) && !strchr(".-:[]", h.base[i])) return NULL;
    return yw_arena_strndup(a, h.base, h.len);
}

static int take_input(h2o_req_t *req, worker *w, const yw_route *route, yw_http_ctx *c, yw_err *err) {
    c->host = plain_host(req, c->arena);
    /* h2o refused anything over the largest limit of all routes (yw_router_max_body) before
     * reading it; each route's own limit is checked here, before anything is parsed */
    size_t limit = yw_route_max_body(route, server.cfg->max_body);
    if (req->entity.len > limit) return yw_fail(err, YW_E_BODY_TOO_LARGE, NULL, limit);
    const char *q = req->query_at == SIZE_MAX ? NULL : req->path.base + req->query_at + 1;
    size_t qlen = q ? req->path.len - req->query_at - 1 : 0;
    if (yw_http_parse_query(q, qlen, route->query, &c->query, err) < 0) return -1;
    if (yw_route_takes_file(route)) {
        ssize_t i = h2o_find_header(&req->headers, H2O_TOKEN_CONTENT_TYPE, -1);
        h2o_iovec_t ct = i >= 0 ? req->headers.entries[i].value : h2o_iovec_init(NULL, 0);
        if (yw_http_check_file_type(route, ct.base, ct.len, &c->raw_type, err) < 0) return -1;
        if (!req->entity.len) return yw_fail(err, YW_E_UPLOAD_EMPTY, "file");
        /* a copy the request's job owns: the client may go away while the file is hashed */
        unsigned char *copy = yw_arena_alloc(c->arena, req->entity.len);
        if (!copy) return yw_fail(err, YW_E_NOMEM, NULL);
        memcpy(copy, req->entity.base, req->entity.len);
        c->raw_body = copy;
        c->raw_len = req->entity.len;
    } else if (route->body && c->table->bodies == YW_BODIES_FORM) {
        ssize_t i = h2o_find_header(&req->headers, H2O_TOKEN_CONTENT_TYPE, -1);
        h2o_iovec_t ct = i >= 0 ? req->headers.entries[i].value : h2o_iovec_init(NULL, 0);
        if (yw_http_check_form_type(ct.base, ct.len, err) < 0) return -1;
        if (yw_http_parse_form(req->entity.base, req->entity.len, route->body, &c->body, err) < 0) return -1;
    } else if (route->body) {
        ssize_t i = h2o_find_header(&req->headers, H2O_TOKEN_CONTENT_TYPE, -1);
        h2o_iovec_t ct = i >= 0 ? req->headers.entries[i].value : h2o_iovec_init(NULL, 0);
        if (yw_http_check_json_type(ct.base, ct.len, err) < 0) return -1;
        if (yw_http_parse_body(req->entity.base, req->entity.len, route->body, &c->body, err) < 0) return -1;
    } else if (req->entity.len) {
        return yw_fail(err, YW_E_BODY_UNEXPECTED, NULL);
    }
    if (c->table->callers == YW_CALLERS_APIKEY) {
        /* the key is checked and counted by the gate, on the writer (run_gate); cookies and
         * bearer tokens are never read here: a browser sends cookies along with any cross-site
         * form, never a header */
        if (route->auth != YW_AUTH_LOGIN) return 0;
        static const h2o_iovec_t name = {H2O_STRLIT("x-api-key")};
        ssize_t i = h2o_find_header_by_str(&req->headers, name.base, name.len, -1);
        if (i < 0) return yw_fail(err, YW_E_APIKEY_REQUIRED, NULL);
        h2o_iovec_t v = req->headers.entries[i].value;
        if (!(c->apikey = yw_arena_strndup(c->arena, v.base, v.len > 128 ? 128 : v.len)))
            return yw_fail(err, YW_E_NOMEM, NULL);
        return 0;
    }
    c->token = request_token(req, c->arena);
    if (c->token) {
        yw_actor *actor = yw_arena_alloc(c->arena, sizeof *actor);
        if (!actor) return yw_fail(err, YW_E_NOMEM, NULL);
        yw_op op = c->op;
        op.store = w->store;
        if (yw_session_resolve(&op, c->token, actor) < 0) {
            if (err->code != YW_ERR_UNAUTHENTICATED) return -1;
            actor = NULL;
        }
        c->actor = c->op.actor = actor;
    }
    if (route->auth == YW_AUTH_LOGIN && !c->actor) {
        if (!err->code) yw_fail(err, YW_E_LOGIN_REQUIRED, NULL);
        return -1;
    }
    yw_err_clear(err);
    return 0;
}

/* ---- writes and scans: a job that owns its request's state, run by the writer or the offload
 * pool and sent back to its loop after each step ---- */

typedef enum { STAGE_GATE, STAGE_PREPARE, STAGE_WRITE, STAGE_THEN, STAGE_SCAN } stage;

typedef struct {
    yw_write_job wj; /* first: the writer's and the offload pool's message */
    worker *w;
    h2o_req_t *req;
    const yw_route *route;
    yw_handler handler; /* what the writer runs next */
    stage stage;
    int rc;
    int refs;  /* the request's guard and the pipeline */
    bool gone; /* the request was disposed of (the client went away) */
    yw_arena arena;
    yw_err err;
    yw_http_ctx c;
    char address[INET6_ADDRSTRLEN];
} request_job;

static void release_job(request_job *job) {
    if (--job->refs > 0) return;
    json_decref(job->c.body);
    json_decref(job->c.query);
    yw_arena_reset(&job->arena);
    free(job);
}

static void on_request_gone(void *p) {
    request_job *job = *(request_job **)p;
    job->gone = true;
    release_job(job);
}

/* With an Idempotency-Key, a write that was done already answers as it did then; a new one
 * keeps its answer in its own savepoint. Only a route's own handler takes part: a write in two
 * steps (a login) is not replayed. */
static int run_write(yw_write_job *wj, yw_store *s) {
    request_job *job = (request_job *)wj;
    yw_http_ctx *c = &job->c;
    c->op.store = s;
    c->op.now_ms = yw_now_ms();
    yw_err_clear(&job->err);
    bool keyed = c->idempotency_key && job->handler == job->route->handler;
    yw_idempotency_in key = {c->idempotency_key, c->request_hash};
    yw_idempotency_answer kept;
    if (keyed && yw_idempotency_claim(&c->op, &key, &kept) < 0) {
        job->rc = -1;
    } else if (keyed && kept.found) {
        c->status = kept.status;
        c->content_type = kept.content_type;
        c->response = (yw_buf){.data = (char *)kept.body, .len = kept.len, .cap = kept.len, .arena = c->arena};
        yw_http_set_header(c, "idempotent-replayed", "true");
        return job->rc = 0;
    } else {
        job->rc = job->handler(c, &job->err);
        if (job->rc == 0 && keyed) {
            if (!c->then_work && c->status >= 200 && c->status < 300) {
                kept = (yw_idempotency_answer){true, c->status, c->content_type, c->response.data, c->response.len};
                job->rc = yw_idempotency_save(&c->op, &key, &kept);
            } else {
                job->rc = yw_idempotency_release(&c->op, &key);
            }
        }
    }
    if (job->rc < 0) {
        /* a deadlock with another server's writer: run again, answering nothing yet */
        if (job->err.code == YW_ERR_BUSY && !wj->last_try) {
            c->nheaders = 0;
            c->then_work = NULL;
            return YW_WRITE_RETRY;
        }
        c->then_work = NULL;
        yw_http_reply_error(c, &job->err);
    }
    return job->rc;
}

/* The Idempotency-Key of a write, checked, and the hash of what it asks for. */
static int take_idempotency_key(h2o_req_t *req, yw_http_ctx *c, yw_err *err) {
    static const h2o_iovec_t name = {H2O_STRLIT("idempotency-key")};
    ssize_t i = h2o_find_header_by_str(&req->headers, name.base, name.len, -1);
    if (i < 0) return 0;
    h2o_iovec_t v = req->headers.entries[i].value;
    const char *key = yw_arena_strndup(c->arena, v.base, v.len);
    if (!key) return yw_fail(err, YW_E_NOMEM, NULL);
    if (yw_idempotency_check_key(key, err) < 0) return -1;
    crypto_hash_sha256_state st;
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, (const unsigned char *)req->method.base, req->method.len);
    crypto_hash_sha256_update(&st, (const unsigned char *)" ", 1);
    crypto_hash_sha256_update(&st, (const unsigned char *)req->path.base, req->path.len);
    crypto_hash_sha256_update(&st, (const unsigned char *)"\n", 1);
    if (req->entity.len) crypto_hash_sha256_update(&st, (const unsigned char *)req->entity.base, req->entity.len);
    crypto_hash_sha256_final(&st, h);
    sodium_bin2hex(c->request_hash, sizeof c->request_hash, h, sizeof h);
    c->idempotency_key = key;
    return 0;
}

static void write_failed(yw_write_job *wj, const yw_err *err) {
    request_job *job = (request_job *)wj;
    job->rc = -1;
    job->err = *err;
    job->c.then_work = NULL;
    yw_http_reply_error(&job->c, err);
}

static void prepare_work(void *arg) {
    request_job *job = arg;
    yw_err_clear(&job->err);
    job->rc = job->route->prepare(&job->c, &job->err);
}

/* The gate of a route that needs an API key, on the writer before anything else: the key is
 * looked up, its scope checked and this request counted against its rate, in the store that
 * every server shares; the route's own step follows (the writer again for a write). */
static int run_gate(yw_write_job *wj, yw_store *s) {
    request_job *job = (request_job *)wj;
    yw_http_ctx *c = &job->c;
    c->op.store = s;
    c->op.now_ms = yw_now_ms();
    yw_err_clear(&job->err);
    yw_actor *actor = yw_arena_alloc(c->arena, sizeof *actor);
    int64_t retry_after = 0;
    job->rc = actor ? yw_apikey_use(&c->op, c->apikey, c->table->scope, actor, &retry_after)
                    : yw_fail(&job->err, YW_E_NOMEM, NULL);
    if (job->rc == 0) {
        c->actor = c->op.actor = actor;
        return 0;
    }
    yw_http_reply_error(c, &job->err);
    const char *seconds = retry_after > 0 ? yw_arena_printf(c->arena, "%lld", (long long)retry_after) : NULL;
    if (seconds) yw_http_set_header(c, "retry-after", seconds);
    return -1;
}

/* A read after its gate, back on its loop: one read snapshot of the worker's connection. */
static void read_here(request_job *job) {
    yw_http_ctx *c = &job->c;
    yw_store *s = job->w->store;
    yw_err_clear(&job->err);
    job->rc = -1;
    if (yw_store_read_begin(s, &job->err) == 0) {
        c->op.store = s;
        job->rc = job->route->handler(c, &job->err);
        yw_store_read_end(s);
    }
    if (job->rc < 0) yw_http_reply_error(c, &job->err);
}

/* A YW_SCAN route's handler, on an offload thread: one read snapshot of the thread's own
 * connection, so that the worker's loop answers other requests meanwhile. */
static void scan_work(void *arg) {
    request_job *job = arg;
    yw_http_ctx *c = &job->c;
    yw_err_clear(&job->err);
    job->rc = -1;
    yw_store *s = yw_offload_store(&job->err);
    if (s && yw_store_read_begin(s, &job->err) == 0) {
        c->op.store = s;
        job->rc = job->route->handler(c, &job->err);
        yw_store_read_end(s);
    }
    if (job->rc < 0) yw_http_reply_error(c, &job->err);
}

static void then_work(void *arg) {
    request_job *job = arg;
    job->c.then_work(job->c.then_arg);
}

static void submit_write(request_job *job, yw_handler handler) {
    job->stage = STAGE_WRITE;
    job->handler = handler;
    job->wj.run = run_write;
    yw_writer_submit(&job->wj);
}

static void submit_offload(request_job *job, stage st, void (*work)(void *)) {
    job->stage = st;
    job->wj.base.work = work;
    job->wj.base.arg = job;
    yw_offload_submit(&job->wj.base);
}

static void first_step(request_job *job);

/* A job comes back to its loop after each step. */
static void on_job_message(h2o_multithread_receiver_t *receiver, h2o_linklist_t *messages) {
    (void)receiver;
    while (!h2o_linklist_is_empty(messages)) {
        h2o_multithread_message_t *m = H2O_STRUCT_FROM_MEMBER(h2o_multithread_message_t, link, messages->next);
        h2o_linklist_unlink(&m->link);
        request_job *job = (request_job *)m;
        if (job->gone) {
            release_job(job);
            continue;
        }
        yw_http_ctx *c = &job->c;
        if (job->stage == STAGE_GATE && job->rc == 0) {
            if (job->route->mode == YW_READ) read_here(job);
            else {
                first_step(job);
                continue;
            }
        } else if (job->stage == STAGE_PREPARE && job->rc == 0) {
            submit_write(job, job->route->handler);
            continue;
        }
        if (job->stage == STAGE_PREPARE) {
            yw_http_reply_error(c, &job->err);
        } else if (job->stage == STAGE_WRITE && job->rc == 0 && c->then_work) {
            submit_offload(job, STAGE_THEN, then_work);
            continue;
        } else if (job->stage == STAGE_THEN) {
            yw_handler next = c->then_handler;
            c->then_work = NULL;
            c->then_handler = NULL;
            submit_write(job, next);
            continue;
        }
        if (job->rc < 0 && internal_error(&job->err))
            yw_error("%s %s: %s", job->route->method, job->route->pattern, job->err.message);
        send_response(job->req, c);
        release_job(job);
    }
}

/* The route's own first step, off the loop: a scan on the offload pool; a write on the writer,
 * after its slow preparation if it has one. */
static void first_step(request_job *job) {
    if (job->route->mode == YW_SCAN) submit_offload(job, STAGE_SCAN, scan_work);
    else if (job->route->prepare) submit_offload(job, STAGE_PREPARE, prepare_work);
    else submit_write(job, job->route->handler);
}

/* A write, a scan or a request that needs an API key: its state moves into a job of its own,
 * which outlives the request if the client goes away while the writer or an offload thread has
 * it. */
static int start_job(h2o_req_t *req, worker *w, const yw_route *route, yw_http_ctx *matched) {
    request_job *job = calloc(1, sizeof *job);
    request_job **guard = job ? h2o_mem_alloc_shared(&req->pool, sizeof *guard, on_request_gone) : NULL;
    if (!guard) {
        free(job);
        h2o_send_error_503(req, "Service Unavailable", "out of memory", 0);
        return 0;
    }
    *guard = job;
    job->refs = 2;
    job->w = w;
    job->req = req;
    job->route = route;
    job->wj.base.reply_to = &w->receiver;
    job->wj.run = run_write;
    job->wj.failed = write_failed;
    yw_arena_init(&job->arena);
    client_address(req, job->address, sizeof job->address);
    yw_http_ctx *c = &job->c;
    c->arena = &job->arena;
    c->op = yw_op_make(w->store, &job->arena, NULL, &job->err);
    c->client_address = job->address;
    c->tls = server.ssl_ctx != NULL;
    c->uploads_dir = server.cfg->uploads_dir;
    c->english = wants_english(req);
    c->table = matched->table;
    c->xml = matched->xml;
    /* the path's parameters were matched into the request's arena: copy them into the job's */
    c->nparams = matched->nparams;
    for (int i = 0; i < matched->nparams; i++) c->params[i] = yw_arena_strdup(c->arena, matched->params[i]);
    if (take_input(req, w, route, c, &job->err) < 0 ||
        (route->mode == YW_WRITE && take_idempotency_key(req, c, &job->err) < 0)) {
        yw_http_reply_error(c, &job->err);
        send_response(req, c);
        release_job(job);
        return 0;
    }
    if (c->apikey) {
        job->stage = STAGE_GATE;
        job->wj.run = run_gate;
        yw_writer_submit(&job->wj);
    } else {
        first_step(job);
    }
    return 0;
}

static int on_req(h2o_handler_t *self, h2o_req_t *req) {
    (void)self;
    h2o_iovec_t path = req->path_normalized;
    bool health = path.len == 8 && memcmp(path.base, "/healthz", 8) == 0;
    const yw_route_table *table = health ? NULL : yw_router_table(path.base, path.len);
    if (!health && !table) return -1; /* static files */

    worker *w = (worker *)req->conn->ctx;
    /* the arena's first 3 KiB come from the request's pool, which h2o recycles: a small read
     * mallocs nothing of its own */
    yw_arena *arena = h2o_mem_alloc_shared(&req->pool, sizeof *arena, arena_dispose);
    yw_arena_init_buffer(arena, h2o_mem_alloc_pool(&req->pool, 3072), 3072);
    char addr[INET6_ADDRSTRLEN];
    client_address(req, addr, sizeof addr);
    yw_err err;
    yw_err_clear(&err);
    yw_http_ctx c = {.arena = arena, .client_address = addr, .tls = server.ssl_ctx != NULL,
                     .english = wants_english(req), .uploads_dir = server.cfg->uploads_dir, .table = table,
                     .xml = yw_router_xml(table, path.base, path.len)};
    c.op = yw_op_make(w->store, arena, NULL, &err);

    if (health) {
        if (reply_healthz(&c, w, &err) < 0) yw_http_reply_error(&c, &err);
        send_response(req, &c);
        return 0;
    }
    bool path_known;
    const yw_route *route =
        yw_router_match(table, req->method.base, req->method.len, path.base, path.len, &c, &path_known);
    if (!route) {
        if (path_known)
            yw_fail(&err, YW_E_METHOD, NULL, (int)req->method.len, req->method.base);
        else
            yw_fail(&err, YW_E_NO_SUCH_API, NULL, (int)(path.len > 100 ? 100 : path.len), path.base);
        yw_http_reply_error(&c, &err);
        send_response(req, &c);
        return 0;
    }
    if (route->mode != YW_READ || (table->callers == YW_CALLERS_APIKEY && route->auth == YW_AUTH_LOGIN))
        return start_job(req, w, route, &c);

    /* a read: on this loop, on one snapshot of this worker's connection */
    if (yw_store_read_begin(w->store, &err) < 0) goto fail;
    if (take_input(req, w, route, &c, &err) < 0) goto fail;
    int rc = route->handler(&c, &err);
    yw_store_read_end(w->store);
    json_decref(c.body);
    json_decref(c.query);
    c.body = c.query = NULL;
    if (rc < 0) goto fail;
    send_response(req, &c);
    return 0;
fail:
    yw_store_read_end(w->store);
    json_decref(c.body);
    json_decref(c.query);
    if (internal_error(&err))
        yw_error("%.*s %.*s: %s", (int)req->method.len, req->method.base, (int)path.len, path.base, err.message);
    yw_http_reply_error(&c, &err);
    send_response(req, &c);
    return 0;
}

/* ---- access log ---- */

static void append_uint(yw_buf *b, uint64_t v) {
    char tmp[24];
    int i = sizeof tmp;
    do tmp[--i] = (char)('0' + v % 10);
    while ((v /= 10) && i > 0);
    yw_buf_append(b, tmp + i, sizeof tmp - (size_t)i);
}

/* One line per request: address, "method path", status, bytes sent, microseconds since the
 * request began. Formatted by hand: it runs for every request. */
static void log_access(h2o_logger_t *self, h2o_req_t *req) {
    (void)self;
    if (!server.cfg->access_log) return;
    struct timeval now;
    gettimeofday(&now, NULL);
    int64_t us = (int64_t)(now.tv_sec - req->timestamps.request_begin_at.tv_sec) * 1000000 +
                 (now.tv_usec - req->timestamps.request_begin_at.tv_usec);
    char addr[INET6_ADDRSTRLEN];
    peer_address(req, addr, sizeof addr);
    worker *w = (worker *)req->conn->ctx;
    yw_buf *b = &w->access_log;
    yw_log_prefix(b, YW_LOG_INFO);
    yw_buf_puts(b, "access ");
    yw_buf_puts(b, addr);
    yw_buf_puts(b, " \"");
    yw_buf_append(b, req->method.base, req->method.len);
    yw_buf_putc(b, ' ');
    /* the path as sent, control characters and quotes made harmless */
    size_t plen = req->path.len > 300 ? 300 : req->path.len;
    for (size_t i = 0; i < plen; i++) {
        char c = req->path.base[i];
        yw_buf_putc(b, (unsigned char)c < 0x20 || c == '"' || c == 0x7f ? '?' : c);
    }
    yw_buf_puts(b, "\" ");
    append_uint(b, (uint64_t)req->res.status);
    yw_buf_putc(b, ' ');
    append_uint(b, (uint64_t)req->bytes_sent);
    yw_buf_putc(b, ' ');
    append_uint(b, (uint64_t)(us < 0 ? 0 : us));
    yw_buf_puts(b, "us\n");
}

/* ---- workers ---- */

static void on_accept(h2o_socket_t *listener, const char *errstr) {
    if (errstr) return;
    worker *w = listener->data;
    h2o_socket_t *sock = h2o_evloop_socket_accept(listener);
    if (sock) h2o_accept(&w->accept_ctx, sock);
}

static int open_listener(const yw_server_config *cfg, int port, int *out_port, yw_err *err) {
    struct sockaddr_storage ss;
    socklen_t slen;
    memset(&ss, 0, sizeof ss);
    struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
    struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
    if (inet_pton(AF_INET, cfg->host, &s4->sin_addr) == 1) {
        s4->sin_family = AF_INET;
        s4->sin_port = htons((uint16_t)port);
        slen = sizeof *s4;
    } else if (inet_pton(AF_INET6, cfg->host, &s6->sin6_addr) == 1) {
        s6->sin6_family = AF_INET6;
        s6->sin6_port = htons((uint16_t)port);
        slen = sizeof *s6;
    } else {
        return yw_fail(err, YW_E_LISTEN_ADDRESS, "listen", cfg->host);
    }
    int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return yw_err_set(err, YW_ERR_IO, "listen", "socket: %s", strerror(errno));
    int on = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on);
    if (bind(fd, (struct sockaddr *)&ss, slen) < 0 || listen(fd, SOMAXCONN) < 0) {
        yw_fail(err, YW_E_LISTEN_FAILED, "listen", cfg->host, port, strerror(errno));
        close(fd);
        return -1;
    }
    if (getsockname(fd, (struct sockaddr *)&ss, &slen) == 0)
        *out_port = ntohs(ss.ss_family == AF_INET ? s4->sin_port : s6->sin6_port);
    return fd;
}

static void *worker_main(void *arg) {
    worker *w = arg;
    h2o_context_init(&w->ctx, w->loop, &server.globalconf);
    w->accept_ctx.ctx = &w->ctx;
    w->accept_ctx.hosts = server.globalconf.hosts;
    w->accept_ctx.ssl_ctx = server.ssl_ctx;
    h2o_multithread_register_receiver(w->ctx.queue, &w->receiver, on_job_message);
    w->listener = h2o_evloop_socket_create(w->loop, w->fd, H2O_SOCKET_FLAG_DONT_READ);
    w->listener->data = w;
    h2o_socket_read_start(w->listener, on_accept);

    yw_buf_init(&w->access_log, NULL);
    while (!atomic_load(&server.stopping)) {
        h2o_evloop_run(w->loop, 100);
        if (w->access_log.len) yw_log_flush(&w->access_log);
    }

    h2o_socket_read_stop(w->listener);
    h2o_socket_close(w->listener);
    h2o_context_request_shutdown(&w->ctx);
    int64_t deadline = yw_mono_us() + 10 * 1000000;
    while (yw_mono_us() < deadline &&
           !(h2o_linklist_is_empty(&w->ctx.http1._conns) && h2o_linklist_is_empty(&w->ctx.http2._conns)))
        h2o_evloop_run(w->loop, 50);
    yw_log_flush(&w->access_log);
    yw_buf_free(&w->access_log);
    /* the receiver stays registered: the writer may still send a job back while the process
     * exits, and a message on a loop that no longer runs is harmless */
    /* The context and loop are not disposed: h2o 2.2 asserts that no timer is pending, which
     * a connection closed a moment ago may still have; the process is about to exit anyway.
     * tests/lsan.supp names these allocations for LeakSanitizer. */
    return NULL;
}

static int setup_tls(const yw_server_config *cfg, yw_err *err) {
    if (!cfg->tls_cert && !cfg->tls_key) return 0;
    if (!cfg->tls_cert || !cfg->tls_key)
        return yw_fail(err, YW_E_FIELDS_TOGETHER, "tls", "--tls-cert", "--tls-key");
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    if (!ctx) return yw_err_set(err, YW_ERR_NOMEM, "tls", "cannot create a TLS context");
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    if (SSL_CTX_use_certificate_chain_file(ctx, cfg->tls_cert) != 1 ||
        SSL_CTX_use_PrivateKey_file(ctx, cfg->tls_key, SSL_FILETYPE_PEM) != 1 || SSL_CTX_check_private_key(ctx) != 1) {
        char buf[160];
        ERR_error_string_n(ERR_get_error(), buf, sizeof buf);
        SSL_CTX_free(ctx);
        return yw_fail(err, YW_E_TLS_LOAD, "tls", buf);
    }
    h2o_ssl_register_alpn_protocols(ctx, h2o_http2_alpn_protocols);
    server.ssl_ctx = ctx;
    return 0;
}

static h2o_iovec_t hdr_cto = {H2O_STRLIT("x-content-type-options")};
static h2o_iovec_t hdr_xfo = {H2O_STRLIT("x-frame-options")};
static h2o_iovec_t hdr_ref = {H2O_STRLIT("referrer-policy")};
static h2o_iovec_t hdr_csp = {H2O_STRLIT("content-security-policy")};
static h2o_iovec_t hdr_sts = {H2O_STRLIT("strict-transport-security")};
/* two years: browsers remember to use https for this host (docs/operating.md says how to undo) */
#define YW_HSTS_VALUE "max-age=63072000"

bool yw_server_web_dir_ok(const char *dir) {
    size_t n = strlen(dir) + sizeof "/index.html";
    char *path = malloc(n);
    if (!path) return false;
    snprintf(path, n, "%s/index.html", dir);
    bool ok = access(path, R_OK) == 0;
    free(path);
    return ok;
}

int yw_server_run(const yw_server_config *cfg, yw_err *err) {
    server.cfg = cfg;
    /* without the browser UI every page would be a 404: refuse to start instead */
    if (!yw_server_web_dir_ok(cfg->web_dir))
        return yw_fail(err, YW_E_WEB_DIR_MISSING, "web", cfg->web_dir);
    if (yw_router_check(err) < 0) return -1;
    yw_info("server: browser UI from %s", cfg->web_dir);
    atomic_store(&server.stopping, false);
    int nworkers = cfg->workers > 0 ? cfg->workers : (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (nworkers < 1) nworkers = 1;
    if (setup_tls(cfg, err) < 0) return -1;
    if (parse_proxies(cfg->trusted_proxies, server.proxies, &server.nproxies, err) < 0) return -1;

    /* routes: our handler first (API and /healthz), then the static files; headers on both */
    h2o_config_init(&server.globalconf);
    /* h2o 2.2 has one body limit for the whole server, checked before the body is read; it is
     * the largest of any route (a file upload's), and each route's own is checked in take_input
     * once the body is in (yw_route_max_body): a JSON route still takes at most --max-body */
    server.globalconf.max_request_entity_size = yw_router_max_body(cfg->max_body);
    server.globalconf.http1.req_timeout = cfg->timeout_ms;
    server.globalconf.http2.idle_timeout = cfg->timeout_ms;
    server.globalconf.server_name = h2o_iovec_init(H2O_STRLIT("yiwang"));
    h2o_hostconf_t *host = h2o_config_register_host(&server.globalconf, h2o_iovec_init(H2O_STRLIT("default")), 65535);
    h2o_pathconf_t *pathconf = h2o_config_register_path(host, "/", 0);
    h2o_handler_t *api = h2o_create_handler(pathconf, sizeof *api);
    api->on_req = on_req;
    static const char *index_files[] = {"index.html", NULL};
    h2o_file_register(pathconf, cfg->web_dir, index_files, NULL, 0);
    /* the security headers of every answer: the API's, the static files', and h2o's own (a 413
     * past the body limit is answered before any path is chosen, from the host's fallback path,
     * so the same commands are registered there too); HSTS only when this server speaks TLS
     * itself (behind a proxy that terminates TLS, the proxy sends it) */
    static h2o_headers_command_t cmds[7];
    cmds[0] = (h2o_headers_command_t){H2O_HEADERS_CMD_SETIFEMPTY, (h2o_iovec_t *)H2O_TOKEN_CACHE_CONTROL,
                                      {H2O_STRLIT("no-cache")}};
    cmds[1] = (h2o_headers_command_t){H2O_HEADERS_CMD_SET, &hdr_cto, {H2O_STRLIT("nosniff")}};
    /* framing is refused unless an answer says otherwise: only a case's file does (api_case.c),
     * so that the case's page shows it in an <iframe> of the same origin */
    cmds[2] = (h2o_headers_command_t){H2O_HEADERS_CMD_SETIFEMPTY, &hdr_xfo, {H2O_STRLIT("DENY")}};
    cmds[3] = (h2o_headers_command_t){H2O_HEADERS_CMD_SET, &hdr_ref, {H2O_STRLIT("same-origin")}};
    cmds[4] = (h2o_headers_command_t){H2O_HEADERS_CMD_SETIFEMPTY, &hdr_csp,
                                      {H2O_STRLIT("default-src 'self'; img-src 'self' data:; frame-ancestors 'none'")}};
    int ncmds = 5;
    if (server.ssl_ctx)
        cmds[ncmds++] = (h2o_headers_command_t){H2O_HEADERS_CMD_SET, &hdr_sts, {H2O_STRLIT(YW_HSTS_VALUE)}};
    cmds[ncmds] = (h2o_headers_command_t){H2O_HEADERS_CMD_NULL, NULL, {NULL, 0}};
    h2o_headers_register(pathconf, cmds);
    h2o_headers_register(&host->fallback_path, cmds);
    h2o_logger_t *logger = h2o_create_logger(pathconf, sizeof *logger);
    logger->log_access = log_access;

    /* workers block the stop signals; the main thread waits for them */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    worker *workers = calloc((size_t)nworkers, sizeof *workers);
    if (!workers) return yw_fail(err, YW_E_NOMEM, NULL);
    if (yw_offload_start(OFFLOAD_THREADS, cfg->db_url) < 0) {
        free(workers);
        return yw_err_set(err, YW_ERR_INTERNAL, NULL, "cannot start the offload threads");
    }
    int port = cfg->port, started = 0, rc = -1;
    bool writer_started = false, jobs_started = false;
    for (int i = 0; i < nworkers; i++) {
        worker *w = &workers[i];
        if (yw_store_open(cfg->db_url, &w->store, err) < 0) goto stop;
        if (i == 0) {
            int applied;
            if (yw_store_migrate(w->store, &applied, err) < 0) {
                yw_store_close(w->store);
                goto stop;
            }
        }
        if (i == 0) {
            if (yw_writer_start(cfg->db_url, err) < 0) {
                yw_store_close(w->store);
                goto stop;
            }
            writer_started = true;
            /* one job thread: long work beside the requests (src/jobs/), leased in the store */
            char owner[128], host[64] = "";
            gethostname(host, sizeof host - 1);
            snprintf(owner, sizeof owner, "%s:%ld", host, (long)getpid());
            if (yw_jobs_start(cfg->db_url, owner, 1, 1000, err) < 0) {
                yw_store_close(w->store);
                goto stop;
            }
            jobs_started = true;
        }
        w->fd = open_listener(cfg, port, &port, err);
        if (w->fd < 0) {
            yw_store_close(w->store);
            goto stop;
        }
        w->loop = h2o_evloop_create();
        if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
            yw_err_set(err, YW_ERR_INTERNAL, NULL, "cannot start worker thread");
            close(w->fd);
            yw_store_close(w->store);
            goto stop;
        }
        started++;
    }
    const char *shown = strcmp(cfg->host, "0.0.0.0") == 0 ? "127.0.0.1" : cfg->host;
    bool v6 = strchr(shown, ':') != NULL;
    printf("yiwang listening on %s://%s%s%s:%d/ (%d workers, %s store)\n", server.ssl_ctx ? "https" : "http",
           v6 ? "[" : "", shown, v6 ? "]" : "", port, nworkers, yw_store_kind_name(workers[0].store));
    fflush(stdout);
    int sig;
    sigwait(&stop, &sig);
    yw_info("server: %s received, finishing requests in flight", sig == SIGTERM ? "SIGTERM" : "SIGINT");
    rc = 0;
stop:
    atomic_store(&server.stopping, true);
    /* the loops drain their connections while the writer and the offload threads still run,
     * so that requests in flight are answered; then those stop */
    for (int i = 0; i < started; i++) {
        pthread_join(workers[i].thread, NULL);
        yw_store_close(workers[i].store);
    }
    if (jobs_started) yw_jobs_stop();
    if (writer_started) {
        yw_writer_stats ws = yw_writer_stats_get();
        yw_writer_stop();
        if (ws.batches)
            yw_info("server: %llu writes committed in %llu batches (%.1f a commit)", (unsigned long long)ws.jobs,
                    (unsigned long long)ws.batches, (double)ws.jobs / (double)ws.batches);
    }
    yw_offload_stop();
    free(workers);
    if (server.ssl_ctx) SSL_CTX_free(server.ssl_ctx);
    server.ssl_ctx = NULL;
    if (rc == 0) yw_info("server: stopped");
    return rc;
}
