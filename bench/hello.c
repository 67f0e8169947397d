/* The benchmark's ceiling: the smallest h2o server that answers every request with a fixed
 * JSON body, built the same way as yiwang's server (one event loop per thread, SO_REUSEPORT).
 * usage: bench_hello PORT THREADS */
#define H2O_USE_LIBUV 0
#include <h2o.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

static h2o_globalconf_t config;
static int port;

typedef struct {
    h2o_context_t ctx;
    h2o_accept_ctx_t accept;
} thread_state;

static int on_req(h2o_handler_t *self, h2o_req_t *req) {
    (void)self;
    static const char body[] = "{\"status\":\"ok\"}";
    req->res.status = 200;
    req->res.reason = "OK";
    h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_TYPE, NULL, H2O_STRLIT("application/json"));
    h2o_send_inline(req, body, sizeof body - 1);
    return 0;
}

static void on_accept(h2o_socket_t *listener, const char *err) {
    if (err) return;
    thread_state *t = listener->data;
    h2o_socket_t *sock = h2o_evloop_socket_accept(listener);
    if (sock) h2o_accept(&t->accept, sock);
}

static void *run(void *arg) {
    (void)arg;
    thread_state *t = calloc(1, sizeof *t);
    h2o_evloop_t *loop = h2o_evloop_create();
    h2o_context_init(&t->ctx, loop, &config);
    t->accept.ctx = &t->ctx;
    t->accept.hosts = config.hosts;
    int fd = socket(AF_INET, SOCK_STREAM, 0), on = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                               .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (bind(fd, (struct sockaddr *)&addr, sizeof addr) || listen(fd, SOMAXCONN)) {
        perror("bench_hello: listen");
        exit(1);
    }
    h2o_socket_t *sock = h2o_evloop_socket_create(loop, fd, H2O_SOCKET_FLAG_DONT_READ);
    sock->data = t;
    h2o_socket_read_start(sock, on_accept);
    for (;;) h2o_evloop_run(loop, INT32_MAX);
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: bench_hello PORT THREADS\n");
        return 2;
    }
    port = atoi(argv[1]);
    int threads = atoi(argv[2]);
    signal(SIGPIPE, SIG_IGN);
    h2o_config_init(&config);
    h2o_hostconf_t *host = h2o_config_register_host(&config, h2o_iovec_init(H2O_STRLIT("default")), 65535);
    h2o_pathconf_t *path = h2o_config_register_path(host, "/", 0);
    h2o_handler_t *h = h2o_create_handler(path, sizeof *h);
    h->on_req = on_req;
    pthread_t tid;
    for (int i = 1; i < threads; i++) pthread_create(&tid, NULL, run, NULL);
    run(NULL);
    return 0;
}
