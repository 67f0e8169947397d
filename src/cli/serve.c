/* yiwang serve: the HTTP server (src/http/server.h). */
#include "cli.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../base/buf.h"
#include "../base/json_writer.h"
#include "../base/log.h"
#include "../base/time.h"
#include "../domain/core/signing.h"
#include "../domain/message/message.h"
#include "../domain/policy/policy.h"
#include "../http/api_audit.h"
#include "../http/server.h"

static int register_key(yw_op *op, void *key) { return yw_signing_key_register(op, key, NULL); }

/* The key the server signs audit checkpoints with: read from its file, and its public half
 * registered in the store (migrated first), so that what the server signs can be checked from
 * the store alone. 0, or 1 after reporting. */
static int load_signing_key(const char *path, const char *db, yw_signing_key *key) {
    yw_err err;
    if (yw_signing_key_load(path, key, &err) < 0) return cli_fail("serve", &err);
    yw_store *s;
    if (cli_open_store("serve", db, &s)) return 1;
    int rc = cli_migrate("serve", s);
    if (rc == 0) {
        yw_arena a;
        yw_arena_init(&a);
        yw_op op = yw_op_make(s, &a, &yw_actor_system, &err);
        if (yw_op_write(&op, register_key, key) < 0) rc = cli_fail("serve", &err);
        yw_arena_reset(&a);
    }
    yw_store_close(s);
    return rc;
}

#ifndef YW_WEB_DIR_DEFAULT
#define YW_WEB_DIR_DEFAULT "web"
#endif
#ifndef YW_WEB_DIR_INSTALL
#define YW_WEB_DIR_INSTALL "/usr/local/share/yiwang/web"
#endif

/* The browser UI's directory: --web; else $YW_WEB_DIR; else this source tree's web/ (the build
 * knows where it is) or the install location, whichever holds index.html, so that the server
 * finds it wherever it is started from. NULL, after saying where it looked, when neither does. */
static const char *find_web_dir(const char *web) {
    if (web) return web;
    const char *env = getenv("YW_WEB_DIR");
    if (env && *env) return env;
    if (yw_server_web_dir_ok(YW_WEB_DIR_DEFAULT)) return YW_WEB_DIR_DEFAULT;
    if (yw_server_web_dir_ok(YW_WEB_DIR_INSTALL)) return YW_WEB_DIR_INSTALL;
    fprintf(stderr,
            "yiwang serve: the browser UI (index.html) is in neither %s nor %s: give its directory with --web DIR"
            " or YW_WEB_DIR\n",
            YW_WEB_DIR_DEFAULT, YW_WEB_DIR_INSTALL);
    return NULL;
}

static int cmd_serve(int argc, char **argv) {
    /* a change of the registry through the API (lifecycle routes) is matched in its request */
    yw_policy_watch_registry(true);
    yw_server_config cfg;
    yw_server_config_defaults(&cfg);
    const char *db = NULL, *listen = NULL, *web = NULL, *workers = NULL, *max_body = NULL, *timeout = NULL,
               *no_log = NULL, *proxies = NULL, *signing_key = NULL, *clock = NULL, *sms = NULL,
               *cert_key = NULL;
    cli_option opts[] = {{"--db", true, &db},           {"--listen", true, &listen},
                     {"--web", true, &web},         {"--workers", true, &workers},
                     {"--max-body", true, &max_body}, {"--timeout", true, &timeout},
                     {"--tls-cert", true, &cfg.tls_cert}, {"--tls-key", true, &cfg.tls_key},
                     {"--no-access-log", false, &no_log}, {"--trusted-proxy", true, &proxies},
                     {"--signing-key", true, &signing_key}, {"--uploads-dir", true, &cfg.uploads_dir},
                     {"--clock", true, &clock},     {"--sms-command", true, &sms},
                     {"--cert-key", true, &cert_key}, {NULL, false, NULL}};
    if (cli_parse("serve", argc, argv, opts, NULL, 0) < 0) return CLI_USAGE;
    yw_err err;
    if (listen && yw_server_parse_listen(&cfg, listen, &err) < 0) {
        cli_fail("serve", &err);
        return CLI_USAGE;
    }
    char *end;
    if (workers) {
        long n = strtol(workers, &end, 10);
        if (*end || n < 1 || n > 256) {
            fprintf(stderr, "yiwang serve: --workers must be 1 to 256\n");
            return CLI_USAGE;
        }
        cfg.workers = (int)n;
    }
    if (max_body) {
        long long n = strtoll(max_body, &end, 10);
        if (*end || n < 1024 || n > 1LL << 30) {
            fprintf(stderr, "yiwang serve: --max-body must be 1024 to 1073741824 bytes\n");
            return CLI_USAGE;
        }
        cfg.max_body = (size_t)n;
    }
    if (timeout) {
        long n = strtol(timeout, &end, 10);
        if (*end || n < 1 || n > 3600) {
            fprintf(stderr, "yiwang serve: --timeout must be 1 to 3600 seconds\n");
            return CLI_USAGE;
        }
        cfg.timeout_ms = (uint64_t)n * 1000;
    }
    if (proxies && yw_server_check_proxies(proxies, &err) < 0) {
        cli_fail("serve", &err);
        return CLI_USAGE;
    }
    cfg.trusted_proxies = proxies;
    if (cfg.uploads_dir) {
        struct stat st;
        if (stat(cfg.uploads_dir, &st) < 0 || !S_ISDIR(st.st_mode) || access(cfg.uploads_dir, W_OK | X_OK) < 0) {
            fprintf(stderr, "yiwang serve: --uploads-dir %s is not a writable directory\n", cfg.uploads_dir);
            return CLI_USAGE;
        }
    }
    int64_t clock_ms = 0;
    if (clock && yw_clock_parse(clock, &clock_ms, "--clock", &err) < 0) {
        fprintf(stderr, "yiwang serve: --clock %s: give a time in Asia/Shanghai as YYYY-MM-DDTHH:MM, e.g. 2025-09-28T10:00\n",
                clock);
        return CLI_USAGE;
    }
    if (!(cfg.web_dir = find_web_dir(web))) return 1;
    if (clock) {
        /* before the store is opened and any thread starts: ids, sessions, deadlines and jobs all
         * read this clock from here on */
        yw_clock_start_at(clock_ms);
        yw_warn("server: clock set to %s (Asia/Shanghai), running on from there: for training and tests only", clock);
    }
    cfg.db_url = db;
    cfg.access_log = !no_log;
    /* where SMS go: the command, or $YW_SMS_COMMAND, or the log */
    yw_sms_configure(sms ? sms : getenv("YW_SMS_COMMAND"));
    yw_signing_key key;
    bool has_key = signing_key != NULL;
    if (has_key) {
        if (load_signing_key(signing_key, db, &key)) {
            yw_signing_key_wipe(&key);
            return 1;
        }
        yw_api_audit_use_key(&key);
    }
    /* the key certificates are signed with */
    if (cli_cert_signer("serve", cert_key, signing_key) || cli_cert_signer_register("serve", db)) {
        if (has_key) yw_signing_key_wipe(&key);
        return 1;
    }
    int rc = yw_server_run(&cfg, &err);
    cli_cert_signer_release();
    if (has_key) {
        yw_api_audit_use_key(NULL);
        yw_signing_key_wipe(&key);
    }
    return rc < 0 ? cli_fail("serve", &err) : 0;
}

const cli_command cli_serve = {"serve", "[--db URL] [--listen ADDR:PORT] [--web DIR] [--workers N] [--max-body BYTES] [--timeout SECONDS]"
              " [--tls-cert PEM --tls-key PEM] [--no-access-log] [--trusted-proxy ADDR[/BITS],…]"
              " [--signing-key FILE] [--cert-key FILE] [--uploads-dir DIR] [--clock YYYY-MM-DDTHH:MM] [--sms-command CMD]",
     "serve the API and the browser UI",
     "Serves the JSON API under /api/v1/, /healthz and the browser UI from --web DIR (default:\n"
     "$YW_WEB_DIR, else " YW_WEB_DIR_DEFAULT " or " YW_WEB_DIR_INSTALL ").\n"
     "Migrates the store first. Defaults: --listen 127.0.0.1:8080, one worker per core,\n"
     "--max-body 1048576, --timeout 10. SIGTERM or SIGINT stops it after the requests in flight.\n"
     "--trusted-proxy lists the reverse proxies whose X-Forwarded-For is believed (login limits\n"
     "count per client address); without it the peer's address is the client's.\n"
     "--signing-key FILE: the platform's key (yiwang audit keygen) for GET /api/v1/audit/checkpoint;\n"
     "its public half is registered in the store at start.\n"
     "--cert-key FILE: the key certificates are signed with (an Ed25519 key file, or an SM2 private\n"
     "key in PEM for the 国密 profile); default the --signing-key, else var/signing.key (made when\n"
     "missing; docs/certificates.md).\n"
     "--sms-command CMD: how SMS leave (default $YW_SMS_COMMAND, else the log): `sh -c CMD sh PHONE`\n"
     "with the text on its standard input; exit 0 means sent (docs/messages.md).\n"
     "--uploads-dir DIR: uploaded files go to DIR/ab/abcdef… (a directory every server shares)\n"
     "instead of the store, which keeps their metadata.\n"
     "--clock YYYY-MM-DDTHH:MM: the server's clock starts at that time (Asia/Shanghai) and runs on\n"
     "in real time, for training and tests only (deadlines, timestamps and ids follow it).",
    cmd_serve};
