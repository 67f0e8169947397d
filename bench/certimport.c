/* The import benchmark's two helpers (bench/certs.sh):
 *   gen FILE N   writes the import file of N 营业执照 of the demo registry: entity i of
 *                `yiwang demo --entities` (domain/entity/demo.c: its USCC, name, kind, legal
 *                representative, date of establishment) as one CSV row, numbered YZ + i;
 *   raw DB N     the ceiling: the signing input (header.payload) of N imported certificates read
 *                back from the store, each signed again with crypto_sign_detached on one thread;
 *                prints "SIGNATURES_PER_SECOND BYTES_PER_PAYLOAD".
 * usage: bench_certimport gen FILE N | raw DB_URL N */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/csv.h"
#include "base/time.h"
#include "domain/entity/entity.h"
#include "store/store.h"

static const char *const kind_zh[] = {"有限责任公司", "个体工商户", "农民专业合作社", "分公司"};

static int gen(const char *path, long long n) {
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        return 1;
    }
    fputs("type,number,holder,holder_name,valid_from,valid_until,entity.name,entity.kind,legal_rep.name,"
          "entity.established_on\n",
          f);
    yw_arena a;
    yw_arena_init(&a);
    for (long long i = 0; i < n; i++) {
        yw_entity e;
        if (yw_entity_demo_row(&a, i, &e) < 0) return 1;
        yw_buf b;
        yw_buf_init(&b, &a);
        yw_buf_printf(&b, "营业执照,YZ%010lld,%s,", i, e.uscc);
        yw_csv_put(&b, e.name);
        yw_buf_printf(&b, ",%s,,", e.established_on);
        yw_csv_put(&b, e.name);
        yw_buf_printf(&b, ",%s,", kind_zh[e.kind]);
        yw_csv_put(&b, e.legal_rep);
        yw_buf_printf(&b, ",%s\n", e.established_on);
        if (b.failed) return 1;
        fwrite(b.data, 1, b.len, f);
        if (i % 4096 == 4095) yw_arena_reset(&a);
    }
    yw_arena_reset(&a);
    return fclose(f) == 0 ? 0 : 1;
}

static int raw(const char *url, int n) {
    yw_store *s;
    yw_err err;
    if (yw_store_open(url, &s, &err) < 0) {
        fprintf(stderr, "bench_certimport: %s\n", err.message);
        return 1;
    }
    yw_arena a;
    yw_arena_init(&a);
    yw_rows rows;
    if (yw_store_run(s, &a, "SELECT jws FROM certificates WHERE source = 'imported' ORDER BY id LIMIT $1",
                     YW_PARAMS(YW_INT_P(n)), &rows, NULL, &err) < 0 || rows.nrows == 0) {
        fprintf(stderr, "bench_certimport: no imported certificates in %s\n", url);
        return 1;
    }
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES], sig[crypto_sign_BYTES];
    crypto_sign_keypair(pk, sk);
    size_t *len = calloc((size_t)rows.nrows, sizeof *len), total = 0;
    if (!len) return 1;
    for (int i = 0; i < rows.nrows; i++) {
        const char *j = yw_rows_get(&rows, i, 0);
        len[i] = (size_t)(strrchr(j, '.') - j); /* header.payload, the JWS signing input */
        total += len[i];
    }
    int64_t t0 = yw_mono_us();
    for (int i = 0; i < rows.nrows; i++)
        crypto_sign_detached(sig, NULL, (const unsigned char *)yw_rows_get(&rows, i, 0), len[i], sk);
    double secs = (double)(yw_mono_us() - t0) / 1e6;
    printf("%.0f %zu\n", rows.nrows / secs, total / (size_t)rows.nrows);
    free(len);
    yw_arena_reset(&a);
    yw_store_close(s);
    return 0;
}

int main(int argc, char **argv) {
    if (sodium_init() < 0) return 1;
    if (argc == 4 && strcmp(argv[1], "gen") == 0) return gen(argv[2], atoll(argv[3]));
    if (argc == 4 && strcmp(argv[1], "raw") == 0) return raw(argv[2], atoi(argv[3]));
    fprintf(stderr, "usage: bench_certimport gen FILE N | raw DB_URL N\n");
    return 2;
}
