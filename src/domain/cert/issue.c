/* Issuing certificates and changing their state (cert.h): the signer and its keys, the
 * credential's words, identifiers and numbers, random indexes in the status lists, and the
 * officers' actions — suspend, reinstate, revoke, renew. */
#include "internal.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../base/json_writer.h"
#include "../../base/time.h"
#include "../../base/ulid.h"
#include "../../base/utf8.h"
#include "../../std/certid.h"
#include "../../std/idcard.h"
#include "../../std/uscc.h"
#include "../core/audit.h"

/* ---- the signer and its keys ---- */

static const yw_jose_signer *signer;

void yw_cert_use_signer(const yw_jose_signer *s) { signer = s; }
const yw_jose_signer *yw_cert_signer(void) { return signer; }

static const char *signer_jwk(yw_arena *a, const yw_jose_signer *s) {
    if (s->alg == YW_JOSE_SM2) {
        unsigned char pub[65];
        if (yw_sm2_public(s->sm2, pub) < 0) return NULL;
        return yw_jose_jwk_sm2(a, pub);
    }
    return yw_jose_jwk_ed25519(a, s->ed25519->public_key);
}

int yw_cert_key_register(yw_op *op, const yw_jose_signer *s) {
    const char *jwk = signer_jwk(op->arena, s);
    if (!jwk) return yw_fail(op->err, YW_E_NOMEM, NULL);
    char ts[YW_TIMESTAMP_SIZE];
    yw_op_timestamp(op, ts);
    return yw_store_query(op->store, op->arena,
                          "INSERT INTO cert_keys (kid, alg, jwk, created_at) VALUES ($1, $2, $3, $4)"
                          " ON CONFLICT (kid) DO NOTHING",
                          YW_ARGS(s->kid, yw_jose_alg_name(s->alg), jwk, ts), &(yw_rows){0}, op->err);
}

/* The signer, registered, not retired. */
static int usable_signer(yw_op *op, const yw_jose_signer **out) {
    if (!signer) return yw_fail(op->err, YW_E_CERT_NO_KEY, NULL);
    yw_rows rows;
    if (yw_store_query(op->store, op->arena, "SELECT retired_at FROM cert_keys WHERE kid = $1", YW_ARGS(signer->kid),
                       &rows, op->err) < 0)
        return -1;
    if (!rows.nrows) {
        if (yw_cert_key_register(op, signer) < 0) return -1;
    } else if (yw_rows_get(&rows, 0, 0)) {
        return yw_fail(op->err, YW_E_CERT_KEY_RETIRED, NULL);
    }
    *out = signer;
    return 0;
}

int yw_cert_jwks(yw_op *op, yw_buf *out) {
    const char *now = cert_time(op->arena, op->now_ms);
    if (!now) return yw_fail(op->err, YW_E_NOMEM, NULL);
    yw_rows rows;
    if (yw_store_query(op->store, op->arena,
                       "SELECT k.jwk FROM cert_keys k WHERE k.retired_at IS NULL OR EXISTS (SELECT 1 FROM certificates c"
                       " WHERE c.kid = k.kid AND c.state IN ('valid', 'suspended')"
                       " AND (c.valid_until IS NULL OR c.valid_until > $1)) ORDER BY k.created_at, k.kid",
                       YW_ARGS(now), &rows, op->err) < 0)
        return -1;
    yw_buf_puts(out, "{\"keys\":[");
    for (int i = 0; i < rows.nrows; i++) {
        if (i) yw_buf_putc(out, ',');
        yw_buf_puts(out, yw_rows_get(&rows, i, 0));
    }
    yw_buf_puts(out, "]}");
    return out->failed ? yw_fail(op->err, YW_E_NOMEM, NULL) : 0;
}

int yw_cert_key_retire(yw_op *op, const char *kid) {
    if (yw_op_require(op, YW_ROLE_ADMIN, "retire a signing key") < 0) return -1;
    char ts[YW_TIMESTAMP_SIZE];
    yw_op_timestamp(op, ts);
    int64_t changed = 0;
    if (yw_store_exec(op->store, "UPDATE cert_keys SET retired_at = $2 WHERE kid = $1 AND retired_at IS NULL",
                      YW_ARGS(kid, ts), &changed, op->err) < 0)
        return -1;
    if (!changed) {
        yw_rows rows;
        if (yw_store_query(op->store, op->arena, "SELECT retired_at FROM cert_keys WHERE kid = $1", YW_ARGS(kid), &rows,
                           op->err) < 0)
            return -1;
        if (!rows.nrows) return yw_fail(op->err, YW_E_CERT_KEY_NOT_FOUND, "kid", kid);
        return yw_fail(op->err, YW_E_CERT_KEY_RETIRED_ALREADY, "kid", yw_rows_get(&rows, 0, 0));
    }
    return yw_audit_change(op, "cert.key_retire", "cert_key", kid, "retired", "false", "true", NULL);
}

int yw_cert_base_url(yw_op *op, const char *fallback, const char **out) {
    yw_rows rows;
    if (yw_store_query(op->store, op->arena, "SELECT public_url FROM document_settings WHERE id = 1", YW_NOARGS, &rows,
                       op->err) < 0)
        return -1;
    const char *base = yw_rows_get(&rows, 0, 0);
    if (!base || !*base) base = fallback && *fallback ? fallback : "http://localhost";
    size_t n = strlen(base);
    while (n && base[n - 1] == '/') n--;
    *out = yw_arena_strndup(op->arena, base, n);
    return *out ? 0 : yw_fail(op->err, YW_E_NOMEM, NULL);
}

/* ---- status list indexes ---- */

/* A random free index in the newest list of `purpose` with room, opening a new list when the
 * newest is 3/4 full. The list's row is locked while its count goes up, so two writers never
 * take one index. */
static int alloc_index(yw_op *op, const char *purpose, int *list_no, int *index) {
    char ts[YW_TIMESTAMP_SIZE];
    yw_op_timestamp(op, ts);
    for (int attempt = 0; attempt < 3; attempt++) {
        yw_rows rows;
        if (yw_store_run(op->store, op->arena,
                         "SELECT list_no, used FROM cert_status_lists WHERE purpose = $1 ORDER BY list_no DESC LIMIT 1",
                         YW_PARAMS(YW_TEXT_P(purpose)), &rows, NULL, op->err) < 0)
            return -1;
        int no = rows.nrows ? atoi(yw_rows_get(&rows, 0, 0)) : 0;
        int used = rows.nrows ? atoi(yw_rows_get(&rows, 0, 1)) : YW_CERT_STATUS_FILL;
        if (used >= YW_CERT_STATUS_FILL) {
            if (yw_store_run(op->store, op->arena,
                             "INSERT INTO cert_status_lists (purpose, list_no, size, used, created_at)"
                             " VALUES ($1, $2, $3, 0, $4) ON CONFLICT (purpose, list_no) DO NOTHING",
                             YW_PARAMS(YW_TEXT_P(purpose), YW_INT_P(no + 1), YW_INT_P(YW_CERT_STATUS_SIZE), YW_TEXT_P(ts)),
                             NULL, NULL, op->err) < 0)
                return -1;
            continue;
        }
        /* lock the list, and check again that it has room */
        if (yw_store_run(op->store, op->arena,
                         "UPDATE cert_status_lists SET used = used + 1 WHERE purpose = $1 AND list_no = $2"
                         " RETURNING used, size",
                         YW_PARAMS(YW_TEXT_P(purpose), YW_INT_P(no)), &rows, NULL, op->err) < 0)
            return -1;
        if (!rows.nrows) continue;
        int size = atoi(yw_rows_get(&rows, 0, 1));
        if (atoi(yw_rows_get(&rows, 0, 0)) > YW_CERT_STATUS_FILL) continue;
        const char *sql = strcmp(purpose, "revocation") == 0
                              ? "SELECT 1 FROM certificates WHERE revocation_list = $1 AND revocation_index = $2"
                              : "SELECT 1 FROM certificates WHERE suspension_list = $1 AND suspension_index = $2";
        for (int tries = 0; tries < 96; tries++) {
            int i = (int)randombytes_uniform((uint32_t)size);
            if (yw_store_run(op->store, op->arena, sql, YW_PARAMS(YW_INT_P(no), YW_INT_P(i)), &rows, NULL, op->err) < 0)
                return -1;
            if (!rows.nrows) {
                *list_no = no;
                *index = i;
                return 0;
            }
        }
    }
    return yw_fail(op->err, YW_E_CERT_STATUS_FULL, NULL);
}

/* ---- the credential ---- */

static bool status_entry(yw_op *op, yw_jw *w, const char *base, const char *purpose, int list_no, int index) {
    const char *list = yw_arena_printf(op->arena, "%s/api/v1/status-lists/%s/%d", base, purpose, list_no);
    const char *id = list ? yw_arena_printf(op->arena, "%s#%d", list, index) : NULL;
    const char *idx = yw_arena_printf(op->arena, "%d", index);
    if (!id || !idx) return false;
    yw_jw_obj(w);
    yw_jw_kstr(w, "id", id);
    yw_jw_kstr(w, "type", "BitstringStatusListEntry");
    yw_jw_kstr(w, "statusPurpose", purpose);
    yw_jw_kstr(w, "statusListIndex", idx);
    yw_jw_kstr(w, "statusListCredential", list);
    yw_jw_end(w);
    return true;
}

/* The credential of c (its row as it will be written): VC Data Model 2.0. */
static const char *credential(yw_op *op, const yw_cert *c, const yw_cert_type *t, const char *base,
                              const char *replaces_identifier) {
    yw_buf b;
    yw_jw w;
    yw_jw_begin(&w, &b, op->arena);
    yw_jw_obj(&w);
    yw_jw_key(&w, "@context");
    yw_jw_arr(&w);
    yw_jw_str(&w, "https://www.w3.org/ns/credentials/v2");
    yw_jw_end(&w);
    yw_jw_kstr(&w, "id", yw_cert_verify_url(op->arena, base, c->id));
    yw_jw_key(&w, "type");
    yw_jw_arr(&w);
    yw_jw_str(&w, "VerifiableCredential");
    yw_jw_str(&w, "ElectronicLicenseCredential");
    yw_jw_end(&w);
    yw_jw_kstr(&w, "name", t->name);
    yw_jw_key(&w, "issuer");
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "id", base);
    yw_jw_kstr(&w, "name", t->department_name);
    yw_jw_kstr(&w, "uscc", t->issuer);
    yw_jw_end(&w);
    yw_jw_kstr(&w, "validFrom", c->valid_from);
    if (c->valid_until) yw_jw_kstr(&w, "validUntil", c->valid_until);
    yw_jw_key(&w, "credentialSubject");
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "name", c->holder_name);
    yw_jw_kstr(&w, strcmp(c->holder_kind, "entity") == 0 ? "uscc" : "idNumber", c->holder_id);
    yw_jw_key(&w, "certificate");
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "type", t->name);
    yw_jw_kstr(&w, "typeCode", t->code);
    yw_jw_kstr(&w, "identifier", c->identifier);
    yw_jw_kstr(&w, "number", c->number);
    yw_jw_kint(&w, "version", c->version);
    if (replaces_identifier) yw_jw_kstr(&w, "replaces", replaces_identifier);
    yw_jw_key(&w, "fields");
    yw_jw_raw(&w, c->fields, strlen(c->fields));
    yw_jw_end(&w);
    yw_jw_end(&w);
    yw_jw_key(&w, "credentialStatus");
    yw_jw_arr(&w);
    if (!status_entry(op, &w, base, "revocation", c->revocation_list, c->revocation_index) ||
        !status_entry(op, &w, base, "suspension", c->suspension_list, c->suspension_index))
        return NULL;
    yw_jw_end(&w);
    yw_jw_end(&w);
    return b.failed ? NULL : b.data;
}

/* ---- checks ---- */

/* The fields as canonical JSON text: an object whose keys are the type's and whose values are
 * text of 1..500 characters (numbers are written as text). */
static int check_fields(yw_op *op, const yw_cert_type *t, const char *text, const char **out) {
    json_error_t jerr;
    json_t *obj = json_loads(text && *text ? text : "{}", JSON_REJECT_DUPLICATES, &jerr);
    json_t *type_fields = json_loads(t->fields, 0, NULL);
    int rc = 0;
    if (!obj || !json_is_object(obj)) {
        rc = yw_fail(op->err, YW_E_CERT_FIELDS_JSON, "fields");
        goto done;
    }
    json_t *canon = json_object();
    if (!canon || !type_fields) {
        json_decref(canon);
        rc = yw_fail(op->err, YW_E_NOMEM, NULL);
        goto done;
    }
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v) {
        bool known = false;
        size_t i;
        json_t *f;
        json_array_foreach(type_fields, i, f) if (strcmp(json_string_value(json_object_get(f, "key")), key) == 0) known = true;
        char *path = yw_arena_printf(op->arena, "/fields/%s", key);
        if (!known) {
            rc = yw_fail(op->err, YW_E_CERT_FIELD_UNKNOWN, path, key);
            break;
        }
        char num[32];
        const char *s = json_string_value(v);
        if (json_is_integer(v)) {
            snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
            s = num;
        }
        size_t chars = s ? yw_utf8_chars(s) : 0;
        if (!s || chars < 1 || chars > 500) {
            rc = yw_fail(op->err, YW_E_CERT_FIELD_TEXT, path, key);
            break;
        }
        json_object_set_new(canon, key, json_string(s));
    }
    if (rc == 0) {
        char *dump = json_dumps(canon, JSON_SORT_KEYS | JSON_COMPACT);
        *out = dump ? yw_arena_strdup(op->arena, dump) : NULL;
        free(dump);
        if (!*out) rc = yw_fail(op->err, YW_E_NOMEM, NULL);
    }
    json_decref(canon);
done:
    json_decref(obj);
    json_decref(type_fields);
    return rc;
}

static int check_holder(yw_op *op, const yw_cert_type *t, const char *holder_id) {
    if (strcmp(t->holder, "entity") == 0) {
        yw_err e;
        if (!holder_id || yw_uscc_validate(holder_id, "holder", &e) < 0)
            return yw_fail(op->err, YW_E_CERT_HOLDER_USCC, "holder");
        return 0;
    }
    yw_err e;
    if (!holder_id || yw_idcard_validate(holder_id, yw_op_today(op), "holder", &e) < 0)
        return yw_fail(op->err, YW_E_CERT_HOLDER_ID, "holder");
    return 0;
}

int yw_cert_holder_check(yw_op *op, const char *type, const char *holder_id) {
    yw_cert_type t;
    if (yw_op_require(op, YW_ROLE_OFFICER | YW_ROLE_ADMIN, "issue certificates") < 0 ||
        yw_cert_type_get(op, type, "type", &t) < 0)
        return -1;
    return check_holder(op, &t, holder_id);
}

/* ---- writing ---- */

int cert_validity(yw_op *op, const yw_cert_issue_in *in, const yw_cert_type *t, yw_cert *c) {
    int64_t from_ms = op->now_ms, until_ms = -1, day;
    if (in->valid_from) {
        if (yw_date_parse(in->valid_from, &day, "valid_from", op->err) < 0) return -1;
        from_ms = cert_day_start_ms(day);
    }
    if (in->valid_until) {
        if (yw_date_parse(in->valid_until, &day, "valid_until", op->err) < 0) return -1;
        until_ms = cert_day_start_ms(day + 1) - 1000;
    } else if (t->validity_years > 0) {
        int fy, fm, fd;
        yw_civil_from_days((from_ms / 1000 + 8 * 3600) / 86400, &fy, &fm, &fd);
        fy += t->validity_years;
        if (fm == 2 && fd == 29) fd = 28;
        until_ms = cert_day_start_ms(yw_days_from_civil(fy, fm, fd)) - 1000;
    }
    if (until_ms >= 0 && until_ms <= from_ms) return yw_fail(op->err, YW_E_CERT_DATES, "valid_until");
    c->valid_from = cert_time(op->arena, from_ms);
    c->valid_until = until_ms >= 0 ? cert_time(op->arena, until_ms) : NULL;
    if (!c->valid_from || (until_ms >= 0 && !c->valid_until)) return yw_fail(op->err, YW_E_NOMEM, NULL);
    return 0;
}


int cert_write_new(yw_op *op, const yw_cert_issue_in *in, const yw_cert_type *t, yw_cert *out) {
    const yw_jose_signer *s = NULL; /* set by usable_signer; gcc -O2 cannot see that */
    if (usable_signer(op, &s) < 0) return -1;
    yw_cert c = {0};
    const char *replaces_identifier = NULL;
    c.version = 1;
    if (in->replaces) {
        yw_rows rows;
        if (yw_store_query(op->store, op->arena, "SELECT serial, version, identifier FROM certificates WHERE id = $1",
                           YW_ARGS(in->replaces), &rows, op->err) < 0)
            return -1;
        if (!rows.nrows) return yw_fail(op->err, YW_E_CERT_NOT_FOUND, "replaces");
        c.serial = yw_rows_get(&rows, 0, 0);
        c.version = atoi(yw_rows_get(&rows, 0, 1)) + 1;
        replaces_identifier = yw_rows_get(&rows, 0, 2);
        if (c.version > 999) return yw_fail(op->err, YW_E_CERT_STATE, "replaces", "已换发999次", "换发", "", "");
    }
    /* the type's next serial: the identifier's serial (region of the issuer + 12 digits) and
     * the printed number (prefix + year + 8 digits) */
    yw_rows rows;
    if (yw_store_run(op->store, op->arena,
                     "UPDATE cert_types SET next_serial = next_serial + 1 WHERE code = $1 RETURNING next_serial - 1",
                     YW_PARAMS(YW_TEXT_P(t->code)), &rows, NULL, op->err) < 0)
        return -1;
    long long n = atoll(yw_rows_get(&rows, 0, 0));
    int y, m, d;
    yw_civil_from_days(yw_op_today(op), &y, &m, &d);
    if (!c.serial) c.serial = yw_arena_printf(op->arena, "%.6s%012lld", t->issuer + 2, n);
    c.number = in->number ? in->number : yw_arena_printf(op->arena, "%s%04d%08lld", t->number_prefix, y, n);
    char ident[YW_CERTID_MAX];
    if (!c.serial || !c.number) return yw_fail(op->err, YW_E_NOMEM, NULL);
    if (yw_certid_format(t->code, t->issuer, c.serial, c.version, ident, sizeof ident) < 0)
        return yw_err_set(op->err, YW_ERR_INTERNAL, NULL, "type %s: no identifier of serial %s", t->code, c.serial);
    c.identifier = yw_arena_strdup(op->arena, ident);
    if (in->number) {
        if (yw_store_query(op->store, op->arena, "SELECT 1 FROM certificates WHERE type_code = $1 AND number = $2",
                           YW_ARGS(t->code, in->number), &rows, op->err) < 0)
            return -1;
        if (rows.nrows) return yw_fail(op->err, YW_E_CERT_NUMBER_TAKEN, "number", in->number);
    }
    char id[YW_ID_SIZE];
    yw_ulid_new(id);
    c.id = yw_arena_strdup(op->arena, id);
    c.type_code = t->code;
    c.type_name = t->name;
    c.type_name_en = t->name_en;
    c.holder_kind = t->holder;
    c.holder_id = in->holder_id;
    c.holder_name = in->holder_name;
    c.account_id = in->account_id;
    c.case_id = in->case_id;
    c.item_code = in->item_code;
    c.replaces = in->replaces;
    c.department = t->department;
    c.department_name = t->department_name;
    c.source = in->imported ? "imported" : "issued";
    if (check_fields(op, t, in->fields, &c.fields) < 0) return -1;
    if (cert_validity(op, in, t, &c) < 0) return -1;
    if (alloc_index(op, "revocation", &c.revocation_list, &c.revocation_index) < 0 ||
        alloc_index(op, "suspension", &c.suspension_list, &c.suspension_index) < 0)
        return -1;
    c.kid = s->kid;
    const char *vc = credential(op, &c, t, in->base_url ? in->base_url : "http://localhost", replaces_identifier);
    if (!vc) return yw_fail(op->err, YW_E_NOMEM, NULL);
    c.jws = yw_jws_sign(op->arena, s, "vc+jwt", vc, strlen(vc), op->err);
    if (!c.jws) return -1;
    char ts[YW_TIMESTAMP_SIZE];
    yw_op_timestamp(op, ts);
    c.issued_at = yw_arena_strdup(op->arena, ts);
    c.issued_by = op->actor && strcmp(op->actor->account_id, "system") != 0 ? op->actor->account_id : NULL;
    c.reason = in->reason;
    c.state = YW_CERT_VALID;
    if (yw_store_run(op->store, op->arena,
                     "INSERT INTO certificates (id, identifier, type_code, number, serial, version, holder_kind, holder_id,"
                     " holder_name, account_id, fields, valid_from, valid_until, state, replaces, case_id, item_code,"
                     " revocation_list, revocation_index, suspension_list, suspension_index, kid, jws, issued_at,"
                     " issued_by, reason, source) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'valid',"
                     " $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26)",
                     YW_PARAMS(YW_TEXT_P(c.id), YW_TEXT_P(c.identifier), YW_TEXT_P(c.type_code), YW_TEXT_P(c.number),
                               YW_TEXT_P(c.serial), YW_INT_P(c.version), YW_TEXT_P(c.holder_kind), YW_TEXT_P(c.holder_id),
                               YW_TEXT_P(c.holder_name), YW_TEXT_P(c.account_id), YW_TEXT_P(c.fields),
                               YW_TEXT_P(c.valid_from), YW_TEXT_P(c.valid_until), YW_TEXT_P(c.replaces),
                               YW_TEXT_P(c.case_id), YW_TEXT_P(c.item_code), YW_INT_P(c.revocation_list),
                               YW_INT_P(c.revocation_index), YW_INT_P(c.suspension_list), YW_INT_P(c.suspension_index),
                               YW_TEXT_P(c.kid), YW_TEXT_P(c.jws), YW_TEXT_P(c.issued_at), YW_TEXT_P(c.issued_by),
                               YW_TEXT_P(c.reason), YW_TEXT_P(c.source)),
                     NULL, NULL, op->err) < 0) {
        if (op->err->code == YW_ERR_CONFLICT && in->number)
            return yw_fail(op->err, YW_E_CERT_NUMBER_TAKEN, "number", in->number);
        return -1;
    }
    yw_buf a;
    yw_jw w;
    yw_jw_begin(&w, &a, op->arena);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "identifier", c.identifier);
    yw_jw_kstr(&w, "type", t->name);
    yw_jw_kstr(&w, "number", c.number);
    yw_jw_kstr(&w, "holder", c.holder_name);
    yw_jw_kstr(&w, "state", "valid");
    if (c.case_id) yw_jw_kstr(&w, "case_id", c.case_id);
    if (c.replaces) yw_jw_kstr(&w, "replaces", c.replaces);
    if (c.reason) yw_jw_kstr(&w, "reason", c.reason);
    yw_jw_end(&w);
    if (a.failed) return yw_fail(op->err, YW_E_NOMEM, NULL);
    if (yw_audit_append(op, in->imported ? "cert.import" : "cert.issue", "certificate", c.id, NULL, a.data) < 0)
        return -1;
    /* whoever reacts: the holder is told (domain/events/) */
    yw_event ev = {.kind = "cert.issued", .subject_type = "certificate", .subject_id = c.id, .data = &c, .note = in->reason};
    if (yw_event_raise(op, &ev) < 0) return -1;
    int64_t from_ms = cert_time_parse(c.valid_from), until_ms = c.valid_until ? cert_time_parse(c.valid_until) : -1;
    c.status = from_ms > op->now_ms ? "not_yet_valid" : until_ms >= 0 && until_ms < op->now_ms ? "expired" : "valid";
    if (out) *out = c;
    return 0;
}

int yw_cert_issue(yw_op *op, const yw_cert_issue_in *in, yw_cert *out) {
    yw_cert_type t;
    if (yw_op_require(op, YW_ROLE_OFFICER | YW_ROLE_ADMIN, "issue certificates") < 0 ||
        yw_cert_type_get(op, in->type, "type", &t) < 0 || cert_may_issue(op, &t) < 0)
        return -1;
    if (t.national && !in->imported) return yw_fail(op->err, YW_E_CERT_NATIONAL, "type", t.name, t.name_en);
    if (check_holder(op, &t, in->holder_id) < 0) return -1;
    if (!in->holder_name || yw_utf8_blank(in->holder_name, strlen(in->holder_name)) ||
        yw_utf8_chars(in->holder_name) > YW_CERT_HOLDER_NAME_MAX)
        return yw_fail(op->err, YW_E_CERT_HOLDER_NAME, "holder_name");
    if (in->reason && strlen(in->reason) > YW_CERT_REASON_MAX)
        return yw_fail(op->err, YW_E_CERT_REASON, "reason", YW_CERT_REASON_MAX);
    return cert_write_new(op, in, &t, out);
}

/* ---- changes of state ---- */

int cert_set_state(yw_op *op, const yw_cert *c, yw_cert_state to, const char *action, const char *reason) {
    char ts[YW_TIMESTAMP_SIZE];
    yw_op_timestamp(op, ts);
    const char *state = yw_enum_to_text(yw_cert_states, (int)to);
    if (yw_store_run(op->store, op->arena, "UPDATE certificates SET state = $2, reason = $3, changed_at = $4 WHERE id = $1",
                     YW_PARAMS(YW_TEXT_P(c->id), YW_TEXT_P(state), YW_TEXT_P(reason), YW_TEXT_P(ts)), NULL, NULL,
                     op->err) < 0)
        return -1;
    char *name = yw_arena_printf(op->arena, "cert.%s", action);
    if (!name) return yw_fail(op->err, YW_E_NOMEM, NULL);
    if (yw_audit_change(op, name, "certificate", c->id, "state", yw_enum_to_text(yw_cert_states, (int)c->state), state,
                        reason) < 0)
        return -1;
    yw_cert now = *c;
    now.state = to;
    yw_event ev = {.kind = "cert.changed", .subject_type = "certificate", .subject_id = c->id, .data = &now, .note = reason};
    return yw_event_raise(op, &ev);
}

static int check_reason(yw_op *op, const char *reason) {
    if (!reason || yw_utf8_blank(reason, strlen(reason)) || strlen(reason) > YW_CERT_REASON_MAX)
        return yw_fail(op->err, YW_E_CERT_REASON, "reason", YW_CERT_REASON_MAX);
    return 0;
}

/* Locks the certificate, checks the action and the actor's department; *c the row as locked. */
static int lock_for(yw_op *op, const char *id, const char *action, yw_cert *c, const yw_transition **tr) {
    int state;
    yw_cert_type t;
    if (yw_op_require(op, YW_ROLE_OFFICER | YW_ROLE_ADMIN, "change certificates") < 0) return -1;
    /* by identifier too: find the id first */
    yw_rows rows;
    if (yw_store_query(op->store, op->arena, "SELECT id FROM certificates WHERE id = $1 OR identifier = $1", YW_ARGS(id),
                       &rows, op->err) < 0)
        return -1;
    if (!rows.nrows) return yw_fail(op->err, YW_E_CERT_NOT_FOUND, "id");
    id = yw_rows_get(&rows, 0, 0);
    if (yw_machine_lock(op, &cert_machine, id, &state) < 0) return -1;
    char *sql = yw_arena_printf(op->arena, "%s WHERE c.id = $1", cert_select);
    yw_cert *all;
    if (!sql) return yw_fail(op->err, YW_E_NOMEM, NULL);
    if (yw_store_query(op->store, op->arena, sql, YW_ARGS(id), &rows, op->err) < 0 || cert_fill(op, &rows, &all) < 0)
        return -1;
    *c = all[0];
    if (yw_cert_type_get(op, c->type_code, "id", &t) < 0 || cert_may_issue(op, &t) < 0) return -1;
    *tr = yw_machine_check(op, &cert_machine, action, state);
    return *tr ? 0 : -1;
}

/* Reads the row back after a change. */
static int reread(yw_op *op, const char *id, yw_cert *out) {
    char *sql = yw_arena_printf(op->arena, "%s WHERE c.id = $1", cert_select);
    yw_rows rows;
    yw_cert *all;
    if (!sql) return yw_fail(op->err, YW_E_NOMEM, NULL);
    if (yw_store_query(op->store, op->arena, sql, YW_ARGS(id), &rows, op->err) < 0 || cert_fill(op, &rows, &all) < 0)
        return -1;
    if (!rows.nrows) return yw_fail(op->err, YW_E_CERT_NOT_FOUND, "id");
    *out = all[0];
    return 0;
}

static int act(yw_op *op, const yw_cert_act_in *in, const char *action, yw_cert *out) {
    yw_cert c;
    const yw_transition *tr;
    if (check_reason(op, in->reason) < 0 || lock_for(op, in->id, action, &c, &tr) < 0 ||
        cert_set_state(op, &c, (yw_cert_state)tr->to, action, in->reason) < 0)
        return -1;
    return reread(op, c.id, out);
}

int yw_cert_suspend(yw_op *op, const yw_cert_act_in *in, yw_cert *out) { return act(op, in, "suspend", out); }
int yw_cert_reinstate(yw_op *op, const yw_cert_act_in *in, yw_cert *out) { return act(op, in, "reinstate", out); }
int yw_cert_revoke(yw_op *op, const yw_cert_act_in *in, yw_cert *out) { return act(op, in, "revoke", out); }

int yw_cert_renew(yw_op *op, const yw_cert_act_in *in, yw_cert *out) {
    yw_cert c;
    const yw_transition *tr;
    yw_cert_type t;
    if (check_reason(op, in->reason) < 0 || lock_for(op, in->id, "renew", &c, &tr) < 0 ||
        yw_cert_type_get(op, c.type_code, "id", &t) < 0 || cert_set_state(op, &c, YW_CERT_SUPERSEDED, "renew", in->reason) < 0)
        return -1;
    yw_cert_issue_in n = {.type = c.type_code, .holder_id = c.holder_id, .holder_name = c.holder_name,
                          .account_id = c.account_id, .fields = c.fields, .case_id = c.case_id, .item_code = c.item_code,
                          .replaces = c.id, .reason = in->reason, .base_url = in->base_url};
    return cert_write_new(op, &n, &t, out);
}

/* ---- for the batch (bulk.c): the same checks and the same credential ---- */

int cert_check_fields(yw_op *op, const yw_cert_type *t, const char *text, const char **out) {
    return check_fields(op, t, text, out);
}
int cert_check_holder(yw_op *op, const yw_cert_type *t, const char *holder_id) { return check_holder(op, t, holder_id); }
int cert_usable_signer(yw_op *op, const yw_jose_signer **out) { return usable_signer(op, out); }
const char *cert_credential(yw_op *op, const yw_cert *c, const yw_cert_type *t, const char *base) {
    return credential(op, c, t, base, NULL);
}
