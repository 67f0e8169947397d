/* The HTTP server: h2o's library with one event loop per worker thread, each with its own
 * listening socket (SO_REUSEPORT) and its own store connection; the API under /api/v1/, the
 * browser UI's static files from the web directory, /healthz, an access log line per request,
 * and a graceful shutdown on SIGTERM or SIGINT that finishes the requests in flight. */
#ifndef YW_SERVER_H
#define YW_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/err.h"

typedef struct {
    const char *host;       /* address to listen on, e.g. "127.0.0.1" or "0.0.0.0" */
    int port;               /* 0: any free port (printed) */
    int workers;            /* event-loop threads; 0: one per core */
    const char *web_dir;    /* static files of the browser UI */
    const char *db_url;     /* see yw_store_open */
    size_t max_body;        /* bytes; larger bodies get 413 (a route declaring a file body: its own limit) */
    const char *uploads_dir; /* uploaded files as DIR/ab/abcdef…, shared by every server; NULL: in the store */
    uint64_t timeout_ms;    /* request header / idle connection timeout */
    const char *tls_cert;   /* PEM files; both or neither */
    const char *tls_key;
    bool access_log;
    /* Comma-separated addresses or CIDR ranges of reverse proxies whose X-Forwarded-For is
     * believed (the rightmost address in it that is not itself a trusted proxy is the
     * client's); NULL: the peer's address is the client's, and the header is ignored. */
    const char *trusted_proxies;
} yw_server_config;

void yw_server_config_defaults(yw_server_config *cfg);
/* Parses "HOST:PORT", "[V6]:PORT" or ":PORT" into cfg; -1 with err naming --listen otherwise. */
int yw_server_parse_listen(yw_server_config *cfg, const char *text, yw_err *err);
/* Checks a --trusted-proxy list; -1 with err naming the bad entry. */
int yw_server_check_proxies(const char *list, yw_err *err);
/* Whether dir holds the browser UI (its index.html, readable). yw_server_run refuses to start
 * without it. */
bool yw_server_web_dir_ok(const char *dir);
/* Runs until SIGTERM or SIGINT; prints "yiwang listening on URL" on standard output once every
 * worker is ready. Returns 0 after a clean shutdown, -1 with err when it cannot start. */
int yw_server_run(const yw_server_config *cfg, yw_err *err);

#endif
