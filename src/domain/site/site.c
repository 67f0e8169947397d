/* The site's settings (site.h): one row of site_settings per setting, read by anyone for every
 * page's footer, replaced whole by administrators with an audit entry of before and after. */
#include "site.h"

#include <string.h>

#include "../../base/buf.h"
#include "../../base/json_writer.h"
#include "../../base/utf8.h"
#include "../core/audit.h"

const char *const yw_site_keys[] = {"host", "host_en", "operator", "operator_en", "address", "phone", "email", "icp", NULL};
#define NKEYS 8

static const char **slot(yw_site *s, int i) {
    const char **slots[NKEYS] = {&s->host, &s->host_en, &s->operator_, &s->operator_en,
                                 &s->address, &s->phone, &s->email, &s->icp};
    return slots[i];
}

int yw_site_get(yw_op *op, yw_site *out) {
    memset(out, 0, sizeof *out);
    yw_rows rows;
    if (yw_store_query(op->store, op->arena, "SELECT key, value FROM site_settings", YW_NOARGS, &rows, op->err) < 0)
        return -1;
    for (int r = 0; r < rows.nrows; r++)
        for (int i = 0; i < NKEYS; i++)
            if (strcmp(yw_rows_get(&rows, r, 0), yw_site_keys[i]) == 0) *slot(out, i) = yw_rows_get(&rows, r, 1);
    return 0;
}

/* digits, spaces, + - ( ) and 转, three digits at least */
static bool phone_ok(const char *s) {
    int digits = 0;
    while (*s) {
        if (*s >= '0' && *s <= '9') digits++;
        else if (strncmp(s, "转", strlen("转")) == 0) s += strlen("转") - 1;
        else if (!strchr(" +-()", *s)) return false;
        s++;
    }
    return digits >= 3;
}

/* one @ with something on both sides, a dot after it, no spaces */
static bool email_ok(const char *s) {
    const char *at = strchr(s, '@');
    return at && at > s && !strchr(at + 1, '@') && strchr(at + 1, '.') && !strchr(s, ' ') && at[1] != '.' &&
           s[strlen(s) - 1] != '.';
}

static int check(yw_op *op, const yw_site *in) {
    yw_site copy = *in;
    if (!in->host) return yw_fail(op->err, YW_E_FIELD_REQUIRED, "host", "host");
    for (int i = 0; i < NKEYS; i++) {
        const char *v = *slot(&copy, i), *k = yw_site_keys[i];
        if (!v) continue;
        size_t n = strlen(v);
        if (yw_utf8_blank(v, n)) return yw_fail(op->err, YW_E_FIELD_BLANK, k, k);
        if (n > YW_SITE_VALUE_MAX) return yw_fail(op->err, YW_E_FIELD_LENGTH, k, k, 1, YW_SITE_VALUE_MAX);
        for (const unsigned char *p = (const unsigned char *)v; *p; p++)
            if (*p < 0x20 || *p == 0x7f) return yw_fail(op->err, YW_E_FIELD_CONTROL, k, k);
    }
    if (in->phone && !phone_ok(in->phone)) return yw_fail(op->err, YW_E_SITE_PHONE, "phone");
    if (in->email && !email_ok(in->email)) return yw_fail(op->err, YW_E_SITE_EMAIL, "email");
    return 0;
}

/* The settings as one JSON object, for the audit entry (NULL when none are set). */
static const char *as_json(yw_op *op, yw_site *s) {
    yw_buf b;
    yw_jw w;
    yw_jw_begin(&w, &b, op->arena);
    yw_jw_obj(&w);
    int n = 0;
    for (int i = 0; i < NKEYS; i++)
        if (*slot(s, i)) {
            yw_jw_kstr(&w, yw_site_keys[i], *slot(s, i));
            n++;
        }
    yw_jw_end(&w);
    yw_buf_putc(&b, '\0');
    return b.failed ? "" : n ? b.data : NULL;
}

int yw_site_set(yw_op *op, const yw_site *in) {
    if (yw_op_require(op, YW_ROLE_ADMIN, "change the site's settings") < 0) return -1;
    if (check(op, in) < 0) return -1;
    yw_site before, after = *in;
    if (yw_site_get(op, &before) < 0) return -1;
    const char *before_json = as_json(op, &before), *after_json = as_json(op, &after);
    if ((before_json && !*before_json) || !after_json || !*after_json) return yw_fail(op->err, YW_E_NOMEM, NULL);
    if (before_json && strcmp(before_json, after_json) == 0) return 0;
    char now[YW_TIMESTAMP_SIZE];
    yw_op_timestamp(op, now);
    const char *actor = op->actor && op->actor->account_id ? op->actor->account_id : "system";
    if (yw_store_exec(op->store, "DELETE FROM site_settings", YW_NOARGS, NULL, op->err) < 0) return -1;
    for (int i = 0; i < NKEYS; i++) {
        const char *v = *slot(&after, i);
        if (v && yw_store_run(op->store, NULL,
                              "INSERT INTO site_settings (key, value, updated_at, updated_by) VALUES ($1, $2, $3, $4)",
                              YW_PARAMS(YW_TEXT_P(yw_site_keys[i]), YW_TEXT_P(v), YW_TEXT_P(now), YW_TEXT_P(actor)),
                              NULL, NULL, op->err) < 0)
            return -1;
    }
    return yw_audit_append(op, "site.update", "site", "site", before_json, after_json);
}

int yw_site_demo_load(yw_op *op) {
    yw_site now;
    if (yw_site_get(op, &now) < 0) return -1;
    if (now.host) return 0;
    const yw_site demo = {
        .host = "青岛市人民政府办公厅（演示）",
        .host_en = "General Office of the Qingdao Municipal People's Government (demo)",
        .operator_ = "青岛市大数据发展管理局（演示）",
        .operator_en = "Qingdao Big Data Development Administration (demo)",
        .address = "青岛市市南区示范路1号（演示地址）",
        .phone = "0532-12345",
        .email = "service@yiwang.example",
    };
    return yw_site_set(op, &demo);
}
