/* Status lists and verification (cert.h): the Bitstring Status List credentials the
 * certificates' entries name, signed when asked for, and the check of a compact credential —
 * its form, its key, its signature, its validity window and its status. */
#include "internal.h"

#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../../base/json_writer.h"
#include "statuslist.h"

/* ---- status lists ---- */

int yw_cert_status_list(yw_op *op, const char *purpose, int list_no, const char *base_url, const char **jws) {
    bool revocation = purpose && strcmp(purpose, "revocation") == 0;
    if (!revocation && !(purpose && strcmp(purpose, "suspension") == 0))
        return yw_fail(op->err, YW_E_CERT_STATUS_LIST, "purpose", purpose ? purpose : "", list_no);
    yw_rows rows;
    if (yw_store_run(op->store, op->arena, "SELECT size FROM cert_status_lists WHERE purpose = $1 AND list_no = $2",
                     YW_PARAMS(YW_TEXT_P(purpose), YW_INT_P(list_no)), &rows, NULL, op->err) < 0)
        return -1;
    if (!rows.nrows) return yw_fail(op->err, YW_E_CERT_STATUS_LIST, "list", purpose, list_no);
    size_t size = (size_t)atol(yw_rows_get(&rows, 0, 0));
    unsigned char *bits = yw_arena_calloc(op->arena, size / 8, 1);
    if (!bits) return yw_fail(op->err, YW_E_NOMEM, NULL);
    const char *sql = revocation ? "SELECT revocation_index FROM certificates WHERE revocation_list = $1"
                                   " AND state IN ('revoked', 'superseded')"
                                 : "SELECT suspension_index FROM certificates WHERE suspension_list = $1"
                                   " AND state = 'suspended'";
    if (yw_store_run(op->store, op->arena, sql, YW_PARAMS(YW_INT_P(list_no)), &rows, NULL, op->err) < 0) return -1;
    for (int i = 0; i < rows.nrows; i++) {
        long idx = atol(yw_rows_get(&rows, i, 0));
        if (idx >= 0 && (size_t)idx < size) yw_statuslist_set(bits, (size_t)idx, true);
    }
    const char *encoded = yw_statuslist_encode(op->arena, bits, size / 8);
    const yw_jose_signer *s = yw_cert_signer();
    if (!encoded) return yw_fail(op->err, YW_E_NOMEM, NULL);
    if (!s) return yw_fail(op->err, YW_E_CERT_NO_KEY, NULL);
    const char *url = yw_arena_printf(op->arena, "%s/api/v1/status-lists/%s/%d", base_url, purpose, list_no);
    const char *subject = url ? yw_arena_printf(op->arena, "%s#list", url) : NULL;
    const char *now = cert_time(op->arena, op->now_ms);
    if (!subject || !now) return yw_fail(op->err, YW_E_NOMEM, NULL);
    yw_buf b;
    yw_jw w;
    yw_jw_begin(&w, &b, op->arena);
    yw_jw_obj(&w);
    yw_jw_key(&w, "@context");
    yw_jw_arr(&w);
    yw_jw_str(&w, "https://www.w3.org/ns/credentials/v2");
    yw_jw_end(&w);
    yw_jw_kstr(&w, "id", url);
    yw_jw_key(&w, "type");
    yw_jw_arr(&w);
    yw_jw_str(&w, "VerifiableCredential");
    yw_jw_str(&w, "BitstringStatusListCredential");
    yw_jw_end(&w);
    yw_jw_key(&w, "issuer");
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "id", base_url);
    yw_jw_end(&w);
    yw_jw_kstr(&w, "validFrom", now);
    yw_jw_key(&w, "credentialSubject");
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "id", subject);
    yw_jw_kstr(&w, "type", "BitstringStatusList");
    yw_jw_kstr(&w, "statusPurpose", purpose);
    yw_jw_kstr(&w, "encodedList", encoded);
    yw_jw_end(&w);
    yw_jw_end(&w);
    if (b.failed) return yw_fail(op->err, YW_E_NOMEM, NULL);
    *jws = yw_jws_sign(op->arena, s, "vc+jwt", b.data, b.len, op->err);
    return *jws ? 0 : -1;
}

/* ---- verification ---- */

const yw_enum_text yw_verify_results[] = {
    {YW_VERIFY_VALID, "valid"},
    {YW_VERIFY_MALFORMED, "malformed"},
    {YW_VERIFY_ALG, "alg_not_allowed"},
    {YW_VERIFY_UNKNOWN_KEY, "unknown_key"},
    {YW_VERIFY_BAD_SIGNATURE, "bad_signature"},
    {YW_VERIFY_NOT_YET_VALID, "not_yet_valid"},
    {YW_VERIFY_EXPIRED, "expired"},
    {YW_VERIFY_REVOKED, "revoked"},
    {YW_VERIFY_SUSPENDED, "suspended"},
    {0, NULL},
};

static const struct {
    const char *zh, *en;
} words[] = {
    [YW_VERIFY_VALID] = {"证照有效：签名正确，在有效期内，未被撤销或暂停", "valid: the signature checks, it is within its validity and neither revoked nor suspended"},
    [YW_VERIFY_MALFORMED] = {"凭证格式不正确", "malformed"},
    [YW_VERIFY_ALG] = {"签名算法不被接受（只接受 EdDSA 和国密 SM2）", "the signature algorithm is not allowed (EdDSA and SM2 only)"},
    [YW_VERIFY_UNKNOWN_KEY] = {"签名密钥不是本平台的密钥，无法确认出具者", "the signing key is not one of this platform's: the issuer cannot be confirmed"},
    [YW_VERIFY_BAD_SIGNATURE] = {"签名不符：内容已被改动，或不是本平台签发的", "bad signature: the content was changed, or it was not issued here"},
    [YW_VERIFY_NOT_YET_VALID] = {"证照尚未生效", "not yet valid"},
    [YW_VERIFY_EXPIRED] = {"证照已过有效期", "expired"},
    [YW_VERIFY_REVOKED] = {"证照已被撤销（或已换发新版本）", "revoked (or replaced by a new version)"},
    [YW_VERIFY_SUSPENDED] = {"证照已被暂停", "suspended"},
};

static int result(yw_op *op, yw_cert_verification *out, yw_verify_result r, const char *where) {
    out->result = r;
    out->why_zh = words[r].zh;
    out->why_en = words[r].en;
    if (where) {
        /* the part in Chinese; the English says exactly where */
        const char *part = strncmp(where, "header", 6) == 0      ? "头部"
                           : strncmp(where, "payload", 7) == 0   ? "内容"
                           : strncmp(where, "signature", 9) == 0 ? "签名"
                           : strncmp(where, "credential", 10) == 0 ? "内容"
                                                                   : "分段（应为以点分隔的三段）";
        out->why_zh = yw_arena_printf(op->arena, "%s：%s有误", words[r].zh, part);
        out->why_en = yw_arena_printf(op->arena, "%s: %s", words[r].en, where);
        if (!out->why_zh || !out->why_en) return yw_fail(op->err, YW_E_NOMEM, NULL);
    }
    return 0;
}

/* The keys verifications found, by store and kid: a kid is the thumbprint of its key, so what it
 * names never changes; only its presence in a store does, and only keys found are kept. */
#define KEY_CACHE 16
static struct {
    const yw_store *store;
    char kid[YW_JOSE_THUMBPRINT_SIZE];
    yw_jose_alg alg;
    unsigned char pk[65];
} key_cache[KEY_CACHE];
static int key_cache_next;
static pthread_mutex_t key_cache_lock = PTHREAD_MUTEX_INITIALIZER;

static bool cached_key(const yw_store *store, const char *kid, yw_jose_alg *alg, unsigned char *pk) {
    bool hit = false;
    pthread_mutex_lock(&key_cache_lock);
    for (int i = 0; i < KEY_CACHE && !hit; i++)
        if (key_cache[i].store == store && strcmp(key_cache[i].kid, kid) == 0) {
            *alg = key_cache[i].alg;
            memcpy(pk, key_cache[i].pk, sizeof key_cache[i].pk);
            hit = true;
        }
    pthread_mutex_unlock(&key_cache_lock);
    return hit;
}

static void cache_key(const yw_store *store, const char *kid, yw_jose_alg alg, const unsigned char *pk) {
    if (strlen(kid) >= YW_JOSE_THUMBPRINT_SIZE) return;
    pthread_mutex_lock(&key_cache_lock);
    int i = key_cache_next;
    key_cache_next = (key_cache_next + 1) % KEY_CACHE;
    key_cache[i].store = store;
    strcpy(key_cache[i].kid, kid);
    key_cache[i].alg = alg;
    memcpy(key_cache[i].pk, pk, sizeof key_cache[i].pk);
    pthread_mutex_unlock(&key_cache_lock);
}

/* The public key of kid from cert_keys: *alg and the key bytes (32 for EdDSA, 65 for SM2);
 * false when there is none. */
static int key_of(yw_op *op, const char *kid, yw_jose_alg *alg, unsigned char *pk, bool *found) {
    *found = false;
    if (cached_key(op->store, kid, alg, pk)) {
        *found = true;
        return 0;
    }
    yw_rows rows;
    if (yw_store_query(op->store, op->arena, "SELECT alg, jwk FROM cert_keys WHERE kid = $1", YW_ARGS(kid), &rows,
                       op->err) < 0)
        return -1;
    if (!rows.nrows) return 0;
    json_t *jwk = json_loads(yw_rows_get(&rows, 0, 1), 0, NULL);
    const char *x = json_string_value(json_object_get(jwk, "x")), *y = json_string_value(json_object_get(jwk, "y"));
    unsigned char *bx = NULL, *by = NULL;
    size_t nx = 0, ny = 0;
    bool sm2 = strcmp(yw_rows_get(&rows, 0, 0), "SM2SM3") == 0;
    if (x && yw_b64url_decode(op->arena, x, strlen(x), &bx, &nx) == 0) {
        if (!sm2 && nx == 32) {
            memcpy(pk, bx, 32);
            *alg = YW_JOSE_EDDSA;
            *found = true;
        } else if (sm2 && nx == 32 && y && yw_b64url_decode(op->arena, y, strlen(y), &by, &ny) == 0 && ny == 32) {
            pk[0] = 0x04;
            memcpy(pk + 1, bx, 32);
            memcpy(pk + 33, by, 32);
            *alg = YW_JOSE_SM2;
            *found = true;
        }
    }
    json_decref(jwk);
    if (*found) cache_key(op->store, kid, *alg, pk);
    return 0;
}

/* The list number at the end of a status list URL ".../status-lists/<purpose>/<n>", or -1. */
static int list_number(const char *url, const char *purpose) {
    const char *p = url ? strstr(url, "/status-lists/") : NULL;
    if (!p) return -1;
    p += strlen("/status-lists/");
    size_t n = strlen(purpose);
    if (strncmp(p, purpose, n) != 0 || p[n] != '/') return -1;
    char *end;
    long v = strtol(p + n + 1, &end, 10);
    return *end == '\0' && v > 0 && v < 1000000 ? (int)v : -1;
}

/* What verification reads of a signed credential: its dates, names, identifier and status
 * entries (lists[0], idxs[0] the revocation entry; [1] the suspension one; -1 when absent), or
 * where it is malformed. */
typedef struct {
    const char *valid_from, *valid_until, *issuer, *identifier, *type_name, *holder_name;
    int lists[2];
    long idxs[2];
    const char *bad;
} claims;

/* Reads the claims of a payload whose signature checked: strictly, as JSON (jansson, duplicate
 * members refused). Texts in the arena; -1 only when out of memory. */
static int read_claims(yw_op *op, const yw_jws *j, claims *c) {
    *c = (claims){.lists = {-1, -1}, .idxs = {-1, -1}};
    json_error_t e;
    json_t *vc = json_loadb(j->payload, j->payload_len, JSON_REJECT_DUPLICATES, &e);
    if (!vc || !json_is_object(vc)) {
        json_decref(vc);
        c->bad = "payload: not a JSON object";
        return 0;
    }
    json_t *subject = json_object_get(vc, "credentialSubject"), *cert = json_object_get(subject, "certificate");
    const char *from = json_string_value(json_object_get(vc, "validFrom"));
    const char *until = json_string_value(json_object_get(vc, "validUntil"));
#define DUP(s) ((s) ? yw_arena_strdup(op->arena, (s)) : NULL)
    c->valid_from = DUP(from);
    c->valid_until = DUP(until);
    c->issuer = DUP(json_string_value(json_object_get(json_object_get(vc, "issuer"), "name")));
    c->identifier = DUP(json_string_value(json_object_get(cert, "identifier")));
    c->type_name = DUP(json_string_value(json_object_get(cert, "type")));
    c->holder_name = DUP(json_string_value(json_object_get(subject, "name")));
#undef DUP
    json_t *status = json_object_get(vc, "credentialStatus");
    if (cert_time_parse(from) < 0) c->bad = "credential: validFrom missing or not a UTC date-time";
    else if (until && cert_time_parse(until) < 0) c->bad = "credential: validUntil not a UTC date-time";
    else if (!c->identifier) c->bad = "credential: no certificate identifier";
    else if (!json_is_array(status)) c->bad = "credential: no credentialStatus";
    size_t i;
    json_t *entry;
    if (!c->bad) json_array_foreach(status, i, entry) {
        const char *purpose = json_string_value(json_object_get(entry, "statusPurpose"));
        const char *list = json_string_value(json_object_get(entry, "statusListCredential"));
        const char *index = json_string_value(json_object_get(entry, "statusListIndex"));
        bool revocation = purpose && strcmp(purpose, "revocation") == 0;
        int no = purpose ? list_number(list, purpose) : -1;
        char *end = NULL;
        long idx = index ? strtol(index, &end, 10) : -1;
        if (no < 0 || !end || *end || idx < 0 || idx >= YW_CERT_STATUS_SIZE ||
            (!revocation && strcmp(purpose, "suspension") != 0)) {
            c->bad = "credential: a credentialStatus entry is not one of this platform's";
            break;
        }
        c->lists[revocation ? 0 : 1] = no;
        c->idxs[revocation ? 0 : 1] = idx;
    }
    json_decref(vc);
    return 0;
}

/* The claims of signed credentials already read, by store and signature: a signature that checks
 * binds its payload (Ed25519 signs deterministically; an SM2 signature is as unique to its
 * message), so what was read of it once is what it says every time. A credential scanned again
 * (a QR shown at every counter) is then checked — signature and status — without its payload
 * being parsed again. Direct-mapped by the signature's first bytes; texts owned by the table. */
#define MEMO_SLOTS 4096
typedef struct {
    const yw_store *store;
    unsigned char sig[YW_JOSE_SIGNATURE_BYTES];
    char *text[6];
    int lists[2];
    long idxs[2];
} memo_slot;
static memo_slot memo[MEMO_SLOTS];
static pthread_mutex_t memo_lock = PTHREAD_MUTEX_INITIALIZER;

static unsigned memo_index(const unsigned char *sig) {
    return ((unsigned)sig[0] | (unsigned)sig[1] << 8 | (unsigned)sig[2] << 16) % MEMO_SLOTS;
}

static const char **claim_texts(claims *c, int k) {
    const char **t[6] = {&c->valid_from, &c->valid_until, &c->issuer, &c->identifier, &c->type_name, &c->holder_name};
    return t[k];
}

static bool memo_get(yw_op *op, const yw_jws *j, claims *c) {
    if (j->sig_len != YW_JOSE_SIGNATURE_BYTES) return false;
    bool hit = false;
    pthread_mutex_lock(&memo_lock);
    memo_slot *m = &memo[memo_index(j->sig)];
    if (m->store == op->store && memcmp(m->sig, j->sig, YW_JOSE_SIGNATURE_BYTES) == 0) {
        *c = (claims){.lists = {m->lists[0], m->lists[1]}, .idxs = {m->idxs[0], m->idxs[1]}};
        hit = true;
        for (int k = 0; k < 6 && hit; k++) {
            const char **t = claim_texts(c, k);
            *t = m->text[k] ? yw_arena_strdup(op->arena, m->text[k]) : NULL;
            if (m->text[k] && !*t) hit = false;
        }
    }
    pthread_mutex_unlock(&memo_lock);
    return hit;
}

static void memo_put(yw_op *op, const yw_jws *j, claims *c) {
    if (c->bad || j->sig_len != YW_JOSE_SIGNATURE_BYTES) return;
    char *copies[6];
    for (int k = 0; k < 6; k++) {
        const char *t = *claim_texts(c, k);
        copies[k] = t ? strdup(t) : NULL;
        if (t && !copies[k]) {
            for (int i = 0; i < k; i++) free(copies[i]);
            return;
        }
    }
    pthread_mutex_lock(&memo_lock);
    memo_slot *m = &memo[memo_index(j->sig)];
    for (int k = 0; k < 6; k++) free(m->text[k]);
    m->store = op->store;
    memcpy(m->sig, j->sig, YW_JOSE_SIGNATURE_BYTES);
    memcpy(m->text, copies, sizeof copies);
    memcpy(m->lists, c->lists, sizeof m->lists);
    memcpy(m->idxs, c->idxs, sizeof m->idxs);
    pthread_mutex_unlock(&memo_lock);
}

int yw_cert_verify(yw_op *op, const char *compact, size_t len, yw_cert_verification *out) {
    memset(out, 0, sizeof *out);
    yw_jws j;
    const char *where = NULL;
    /* the header and the signature first; the payload is read only once its signature checks
     * (and read once per credential: memo above) */
    int rc = yw_jws_parse_signed(op->arena, compact, len, (1u << YW_JOSE_EDDSA) | (1u << YW_JOSE_SM2), "vc+jwt", &j,
                                 &where);
    if (rc == -2) return yw_fail(op->err, YW_E_NOMEM, NULL);
    if (rc == YW_JWS_ALG_NOT_ALLOWED) return result(op, out, YW_VERIFY_ALG, NULL);
    if (rc != YW_JWS_OK) return result(op, out, YW_VERIFY_MALFORMED, where ? where : "header: no kid or wrong typ");
    out->kid = j.kid;
    unsigned char pk[65];
    yw_jose_alg key_alg;
    bool found;
    if (key_of(op, j.kid, &key_alg, pk, &found) < 0) return -1;
    if (!found) return result(op, out, YW_VERIFY_UNKNOWN_KEY, NULL);
    bool ok = key_alg == j.alg && (key_alg == YW_JOSE_EDDSA ? yw_jws_verify_ed25519(&j, pk) : yw_jws_verify_sm2(&j, pk));
    if (!ok) return result(op, out, YW_VERIFY_BAD_SIGNATURE, NULL);
    claims c;
    if (!memo_get(op, &j, &c)) {
        if (read_claims(op, &j, &c) < 0) return -1;
        memo_put(op, &j, &c);
    }
    out->valid_from = c.valid_from;
    out->valid_until = c.valid_until;
    out->issuer = c.issuer;
    out->identifier = c.identifier;
    out->type_name = c.type_name;
    out->holder_name = c.holder_name;
    if (c.bad) return result(op, out, YW_VERIFY_MALFORMED, c.bad);
    int64_t from_ms = cert_time_parse(c.valid_from), until_ms = c.valid_until ? cert_time_parse(c.valid_until) : 0;
    const char *until = c.valid_until;
    int lists[2] = {c.lists[0], c.lists[1]};
    long idxs[2] = {c.idxs[0], c.idxs[1]};
    yw_verify_result r = YW_VERIFY_VALID;
    /* the certificate's row says its state in one read when the entries are its own (they are,
     * for every credential this platform signed); else each entry is read in its list */
    yw_rows rows;
    if (yw_store_query(op->store, op->arena,
                       "SELECT id, state, revocation_list, revocation_index, suspension_list, suspension_index"
                       " FROM certificates WHERE identifier = $1",
                       YW_ARGS(out->identifier), &rows, op->err) < 0)
        return -1;
    out->id = yw_rows_get(&rows, 0, 0);
    bool own = rows.nrows && atoi(yw_rows_get(&rows, 0, 2)) == lists[0] && atol(yw_rows_get(&rows, 0, 3)) == idxs[0] &&
               atoi(yw_rows_get(&rows, 0, 4)) == lists[1] && atol(yw_rows_get(&rows, 0, 5)) == idxs[1];
    if (own) {
        const char *state = yw_rows_get(&rows, 0, 1);
        if (strcmp(state, "revoked") == 0 || strcmp(state, "superseded") == 0) r = YW_VERIFY_REVOKED;
        else if (strcmp(state, "suspended") == 0) r = YW_VERIFY_SUSPENDED;
    } else {
        for (int k = 0; k < 2; k++) {
            if (lists[k] < 0) continue;
            const char *sql = k == 0 ? "SELECT 1 FROM certificates WHERE revocation_list = $1 AND revocation_index = $2"
                                       " AND state IN ('revoked', 'superseded')"
                                     : "SELECT 1 FROM certificates WHERE suspension_list = $1 AND suspension_index = $2"
                                       " AND state = 'suspended'";
            yw_rows hit;
            if (yw_store_run(op->store, op->arena, sql, YW_PARAMS(YW_INT_P(lists[k]), YW_INT_P(idxs[k])), &hit, NULL,
                             op->err) < 0)
                return -1;
            if (hit.nrows && k == 0) r = YW_VERIFY_REVOKED;
            else if (hit.nrows && r == YW_VERIFY_VALID) r = YW_VERIFY_SUSPENDED;
        }
    }
    if (r == YW_VERIFY_VALID && from_ms > op->now_ms) r = YW_VERIFY_NOT_YET_VALID;
    if (r == YW_VERIFY_VALID && until && until_ms < op->now_ms) r = YW_VERIFY_EXPIRED;
    return result(op, out, r, NULL);
}
