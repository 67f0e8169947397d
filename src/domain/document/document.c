/* A case's documents (document.h): issuing them as the case's steps happen, reading them back for
 * those who read the case, the public verification of a code, and the deployment's settings.
 *
 * A document is words, fixed when it is issued. The subscriber writes each kind's words from the
 * case as the step left it (the receipt's materials as accepted, the 补正 notice's asks, the
 * decision's reason and the rights with the deployment's review body and court of that day) into
 * the content: canonical JSON, one text, hashed and kept. The page and the PDF lay the content's
 * blocks out and add nothing but the QR and the address it opens. */
#include "document.h"

#include <ctype.h>
#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "../../base/json_writer.h"
#include "../../base/utf8.h"
#include "../case/case.h"
#include "../catalog/catalog.h"
#include "../core/audit.h"
#include "../core/session.h"

const yw_enum_text yw_document_kinds[] = {
    {YW_DOC_RECEIPT, "receipt"},
    {YW_DOC_CORRECTION, "correction-notice"},
    {YW_DOC_DECISION, "decision"},
    {YW_DOC_COMPLETION, "completion"},
    {0, NULL},
};

const char *yw_document_kind_zh(yw_document_kind k) {
    switch (k) {
    case YW_DOC_RECEIPT: return "受理回执";
    case YW_DOC_CORRECTION: return "补正告知书";
    case YW_DOC_DECISION: return "决定书";
    case YW_DOC_COMPLETION: return "办结通知书";
    }
    return "";
}

const char *yw_document_kind_en(yw_document_kind k) {
    switch (k) {
    case YW_DOC_RECEIPT: return "receipt";
    case YW_DOC_CORRECTION: return "correction notice";
    case YW_DOC_DECISION: return "decision";
    case YW_DOC_COMPLETION: return "completion notice";
    }
    return "";
}

/* ---- reading ---- */

#define DOC_COLS                                                                                             \
    "SELECT d.id, d.case_id, d.task_id, d.kind, d.serial, d.issued_at, d.content, d.sha256, d.code,"         \
    " CASE WHEN EXISTS (SELECT 1 FROM case_documents l WHERE l.case_id = d.case_id AND l.kind = d.kind"      \
    "  AND l.serial > d.serial AND (l.task_id = d.task_id OR (l.task_id IS NULL AND d.task_id IS NULL)))"   \
    "  THEN 0 ELSE 1 END FROM case_documents d"

static const yw_column doc_columns[] = {
    YW_COLUMN(YW_COL_TEXT, yw_document, id),        YW_COLUMN(YW_COL_TEXT, yw_document, case_id),
    YW_COLUMN(YW_COL_TEXT, yw_document, task_id),   YW_COLUMN_ENUM(yw_document, kind, yw_document_kinds),
    YW_COLUMN(YW_COL_INT, yw_document, serial),     YW_COLUMN(YW_COL_TEXT, yw_document, issued_at),
    YW_COLUMN(YW_COL_TEXT, yw_document, content),   YW_COLUMN(YW_COL_TEXT, yw_document, sha256),
    YW_COLUMN(YW_COL_TEXT, yw_document, code),      YW_COLUMN(YW_COL_BOOL, yw_document, current),
};
#define NCOLS(t) ((int)(sizeof(t) / sizeof(t)[0]))

static const char *content_str(yw_op *op, json_t *root, const char *key) {
    const char *s = json_string_value(json_object_get(root, key));
    return s ? yw_arena_strdup(op->arena, s) : NULL;
}

/* The title, office, number and day of each document, from its content. */
static int fill(yw_op *op, const yw_rows *rows, yw_document **out) {
    yw_document *d = yw_rows_fill_all(rows, doc_columns, NCOLS(doc_columns), sizeof *d, op->arena);
    if (!d) return yw_fail(op->err, YW_E_NOMEM, NULL);
    for (int i = 0; i < rows->nrows; i++) {
        json_t *root = json_loads(d[i].content, 0, NULL);
        if (!root) return yw_err_set(op->err, YW_ERR_INTERNAL, NULL, "document %s: content is not JSON", d[i].id);
        d[i].title = content_str(op, root, "title");
        d[i].office = content_str(op, root, "office");
        d[i].number = content_str(op, root, "number");
        d[i].issued_on = content_str(op, root, "issued_on");
        json_decref(root);
    }
    *out = d;
    return 0;
}

int yw_document_list(yw_op *op, const char *case_id, yw_document **out, int *count) {
    yw_case c;
    if (yw_case_get(op, case_id, &c) < 0) return -1; /* the case's readers, as it answers them */
    yw_rows rows;
    if (yw_store_query(op->store, op->arena, DOC_COLS " WHERE d.case_id = $1 ORDER BY d.issued_at, d.id",
                       YW_ARGS(c.id), &rows, op->err) < 0 ||
        fill(op, &rows, out) < 0)
        return -1;
    *count = rows.nrows;
    return 0;
}

int yw_document_get(yw_op *op, const char *case_id, yw_document_kind kind, int serial, yw_document *out) {
    yw_case c;
    if (yw_case_get(op, case_id, &c) < 0) return -1;
    const char *k = yw_enum_to_text(yw_document_kinds, (int)kind);
    yw_rows rows;
    int rc = serial > 0 ? yw_store_run(op->store, op->arena, DOC_COLS " WHERE d.case_id = $1 AND d.kind = $2 AND d.serial = $3",
                                       YW_PARAMS(YW_TEXT_P(c.id), YW_TEXT_P(k), YW_INT_P(serial)), &rows, NULL, op->err)
                        : yw_store_query(op->store, op->arena,
                                         DOC_COLS " WHERE d.case_id = $1 AND d.kind = $2 ORDER BY d.serial DESC LIMIT 1",
                                         YW_ARGS(c.id, k), &rows, op->err);
    if (rc < 0) return -1;
    if (!rows.nrows)
        return serial > 0 ? yw_fail(op->err, YW_E_DOCUMENT_SERIAL, "serial", yw_document_kind_zh(kind),
                                    yw_document_kind_en(kind), serial)
                          : yw_fail(op->err, YW_E_DOCUMENT_NOT_ISSUED, "kind", yw_document_kind_zh(kind),
                                    yw_document_kind_en(kind));
    yw_document *d;
    if (fill(op, &rows, &d) < 0) return -1;
    *out = d[0];
    return 0;
}

/* ---- verification codes ---- */

static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/* 80 random bits as YW_DOCUMENT_CODE_LEN characters of Crockford's base32. */
static void new_code(char out[YW_DOCUMENT_CODE_SIZE]) {
    unsigned char r[10];
    randombytes_buf(r, sizeof r);
    for (int i = 0; i < YW_DOCUMENT_CODE_LEN; i++) {
        int bit = i * 5, byte = bit / 8, shift = bit % 8;
        unsigned v = (unsigned)r[byte] << 8 | (byte + 1 < (int)sizeof r ? r[byte + 1] : 0);
        out[i] = crockford[(v >> (11 - shift)) & 31];
    }
    out[YW_DOCUMENT_CODE_LEN] = '\0';
}

bool yw_document_code_parse(const char *text, size_t len, char out[YW_DOCUMENT_CODE_SIZE]) {
    int n = 0;
    for (size_t i = 0; text && i < len; i++) {
        int ch = toupper((unsigned char)text[i]);
        if (ch == ' ' || ch == '-') continue;
        if (ch == 'I' || ch == 'L') ch = '1';
        else if (ch == 'O') ch = '0';
        if (!ch || !strchr(crockford, ch) || n == YW_DOCUMENT_CODE_LEN) return false;
        out[n++] = (char)ch;
    }
    out[n] = '\0';
    return n == YW_DOCUMENT_CODE_LEN;
}

const char *yw_document_verify_url(yw_arena *a, const char *base, const char *code) {
    size_t n = base ? strlen(base) : 0;
    while (n && base[n - 1] == '/') n--;
    return yw_arena_printf(a, "%.*s/verify.html?code=%s", (int)n, base ? base : "", code);
}

/* ---- settings ---- */

/* The row as it is, for whoever issues or renders a document. */
static int read_settings(yw_op *op, yw_document_settings *out) {
    memset(out, 0, sizeof *out);
    yw_rows rows;
    if (yw_store_query(op->store, op->arena,
                       "SELECT office, contact, review_body, court, public_url, updated_by, updated_at"
                       " FROM document_settings WHERE id = 1",
                       YW_NOARGS, &rows, op->err) < 0)
        return -1;
    if (!rows.nrows) return yw_err_set(op->err, YW_ERR_INTERNAL, NULL, "document_settings has no row");
    static const yw_column cols[] = {
        YW_COLUMN(YW_COL_TEXT, yw_document_settings, office),
        YW_COLUMN(YW_COL_TEXT, yw_document_settings, contact),
        YW_COLUMN(YW_COL_TEXT, yw_document_settings, review_body),
        YW_COLUMN(YW_COL_TEXT, yw_document_settings, court),
        YW_COLUMN(YW_COL_TEXT, yw_document_settings, public_url),
        YW_COLUMN(YW_COL_TEXT, yw_document_settings, updated_by),
        YW_COLUMN(YW_COL_TEXT, yw_document_settings, updated_at),
    };
    yw_rows_fill(&rows, 0, cols, NCOLS(cols), out);
    return 0;
}

int yw_document_settings_get(yw_op *op, yw_document_settings *out) {
    if (yw_op_require(op, YW_ROLE_STAFF, "read the documents' settings") < 0) return -1;
    return read_settings(op, out);
}

int yw_document_public_url(yw_op *op, const char **out) {
    yw_document_settings s;
    if (read_settings(op, &s) < 0) return -1;
    *out = s.public_url;
    return 0;
}

/* http:// or https://, then a host of letters, digits, dots and dashes (or [an IPv6 address]),
 * and a port: no path, no user, no query. */
static bool public_url_ok(const char *s) {
    const char *p = strncmp(s, "https://", 8) == 0 ? s + 8 : strncmp(s, "http://", 7) == 0 ? s + 7 : NULL;
    if (!p || !*p) return false;
    for (; *p; p++)
        if (!isalnum((unsigned char)*p) && !strchr(".-:[]", *p)) return false;
    return true;
}

static const char *settings_json(yw_op *op, const yw_document_settings *s) {
    yw_buf b;
    yw_jw w;
    yw_jw_begin(&w, &b, op->arena);
    yw_jw_obj(&w);
    yw_jw_kstr(&w, "office", s->office);
    yw_jw_kstr(&w, "contact", s->contact);
    yw_jw_kstr(&w, "review_body", s->review_body);
    yw_jw_kstr(&w, "court", s->court);
    yw_jw_kstr(&w, "public_url", s->public_url);
    yw_jw_end(&w);
    return b.failed ? NULL : b.data;
}

int yw_document_settings_set(yw_op *op, const yw_document_settings *in, yw_document_settings *out) {
    if (yw_op_require(op, YW_ROLE_ADMIN, "change the documents' settings") < 0) return -1;
    static const struct {
        const char *field;
        size_t offset;
    } texts[] = {
        {"office", offsetof(yw_document_settings, office)},
        {"contact", offsetof(yw_document_settings, contact)},
        {"review_body", offsetof(yw_document_settings, review_body)},
        {"court", offsetof(yw_document_settings, court)},
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        const char *v = *(const char *const *)((const char *)in + texts[i].offset);
        size_t n = v ? strlen(v) : 0;
        if (!n || yw_utf8_blank(v, n)) return yw_fail(op->err, YW_E_FIELD_BLANK, texts[i].field, texts[i].field);
        if (n > YW_DOCUMENT_SETTING_MAX)
            return yw_fail(op->err, YW_E_FIELD_TOO_LONG, texts[i].field, texts[i].field, (size_t)YW_DOCUMENT_SETTING_MAX);
    }
    const char *url = in->public_url && *in->public_url ? in->public_url : NULL;
    if (url && (strlen(url) > YW_DOCUMENT_SETTING_MAX || !public_url_ok(url)))
        return yw_fail(op->err, YW_E_DOCUMENT_PUBLIC_URL, "public_url");
    yw_document_settings before;
    if (read_settings(op, &before) < 0) return -1;
    char now[YW_TIMESTAMP_SIZE];
    yw_op_timestamp(op, now);
    yw_document_settings after = *in;
    after.public_url = url;
    const char *from = settings_json(op, &before), *to = settings_json(op, &after);
    if (!from || !to) return yw_fail(op->err, YW_E_NOMEM, NULL);
    if (yw_store_run(op->store, NULL,
                     "UPDATE document_settings SET office = $1, contact = $2, review_body = $3, court = $4,"
                     " public_url = $5, updated_by = $6, updated_at = $7 WHERE id = 1",
                     YW_PARAMS(YW_TEXT_P(in->office), YW_TEXT_P(in->contact), YW_TEXT_P(in->review_body),
                               YW_TEXT_P(in->court), YW_TEXT_P(url), YW_TEXT_P(op->actor->account_id), YW_TEXT_P(now)),
                     NULL, NULL, op->err) < 0 ||
        yw_audit_append(op, "document.settings", "document_settings", "1", from, to) < 0)
        return -1;
    return out ? read_settings(op, out) : 0;
}

/* ---- issuing ---- */

/* A day as a document writes it: 2026年12月7日. Arena text. */
static const char *day_zh(yw_op *op, const char *date) {
    if (!date || strlen(date) < 10) return "";
    const char *s = yw_arena_printf(op->arena, "%.4s年%d月%d日", date, atoi(date + 5), atoi(date + 8));
    return s ? s : "";
}

/* The day in Beijing of an ISO 8601 UTC timestamp, YYYY-MM-DD in the arena ("" when not one). */
static const char *beijing_day(yw_op *op, const char *ts) {
    int64_t day;
    yw_err ignored;
    char date[YW_DATE_SIZE];
    if (!ts || strlen(ts) < 13 || ts[10] != 'T') return "";
    memcpy(date, ts, 10);
    date[10] = '\0';
    if (yw_date_parse(date, &day, "at", &ignored) < 0) return "";
    if (atoi(ts + 11) >= 16) day++; /* 16:00 UTC is midnight in Beijing */
    char *out = yw_arena_alloc(op->arena, YW_DATE_SIZE);
    if (!out) return "";
    yw_date_format(day, out);
    return out;
}

/* The words of one document as they are written, block by block: ["to", "张三："], ["p", …] (a
 * paragraph), ["h", …] (a heading), ["li", …] (an entry of a list). */
typedef struct {
    yw_op *op;
    yw_buf buf;
    yw_jw w;
} words;

static void block(words *x, const char *type, const char *text) {
    yw_jw_arr(&x->w);
    yw_jw_str(&x->w, type);
    yw_jw_str(&x->w, text ? text : "");
    yw_jw_end(&x->w);
    if (!text) x->buf.failed = true; /* out of memory making it */
}
#define blockf(x, type, ...) block((x), (type), yw_arena_printf((x)->op->arena, __VA_ARGS__))

/* The case as the documents name it: “title”申请（办件编号：number）. */
static const char *case_words(yw_op *op, const yw_case *c) {
    const char *s = c->number ? yw_arena_printf(op->arena, "“%s”申请（办件编号：%s）", c->title, c->number)
                              : yw_arena_printf(op->arena, "“%s”申请", c->title);
    return s ? s : "";
}

/* The office that issues a case's own documents (receipt, 不予受理, 办结): the department of its
 * items when they all have one, else the deployment's office. */
static const char *case_office(const yw_case *c, const yw_document_settings *s) {
    for (int i = 1; i < c->nitems; i++)
        if (strcmp(c->items[i].department_name, c->items[0].department_name) != 0) return s->office;
    return c->nitems ? c->items[0].department_name : s->office;
}

static const yw_task *task_of(const yw_case *c, const char *task_id) {
    for (int i = 0; task_id && i < c->ntasks; i++)
        if (strcmp(c->tasks[i].id, task_id) == 0) return &c->tasks[i];
    return NULL;
}

/* A form field's label among the case's items at their versions, or the key itself. */
static const char *field_label(yw_op *op, const yw_case *c, const char *key) {
    for (int i = 0; i < c->nitems; i++) {
        yw_item_view v;
        if (yw_catalog_get(op, c->items[i].code, c->items[i].version, &v) < 0) continue;
        for (int f = 0; f < v.item.nfields; f++)
            if (strcmp(v.item.fields[f].key, key) == 0) return v.item.fields[f].label;
    }
    return key;
}

static void rights(words *x, const yw_document_settings *s) {
    block(x, "h", "权利告知");
    blockf(x, "p",
          "如不服本决定，可以自收到本决定书之日起60日内向%s申请行政复议，也可以自收到本决定书之日起6个月内向%s"
          "提起行政诉讼。",
          s->review_body, s->court);
}

static void receipt(words *x, const yw_case *c, const yw_document_settings *s) {
    yw_op *op = x->op;
    int deferred = 0;
    for (int i = 0; i < c->nmaterials; i++) deferred += strcmp(c->materials[i].provided_as, "deferred") == 0;
    blockf(x, "p", "你（单位）于%s提交的%s，经审查，%s，本机关于%s决定予以受理%s。", day_zh(op, beijing_day(op, c->created_at)),
          case_words(op, c),
          deferred ? "主要申请材料齐全、符合法定形式，部分材料可容缺后补" : "申请材料齐全、符合法定形式",
          day_zh(op, c->accepted_on), deferred ? "（容缺受理）" : "");
    block(x, "h", "申请事项");
    for (int i = 0; i < c->nitems; i++) blockf(x, "li", "%s（%s）", c->items[i].name, c->items[i].department_name);
    block(x, "h", "已收取的材料");
    int received = 0;
    for (int i = 0; i < c->nmaterials; i++) {
        const yw_case_material *m = &c->materials[i];
        if (strcmp(m->provided_as, "deferred") == 0) continue;
        received++;
        blockf(x, "li", "%s%s", m->name,
              strcmp(m->provided_as, "pledge") == 0        ? "（告知承诺）"
              : strcmp(m->provided_as, "certificate") == 0 ? "（电子证照）"
                                                           : "（电子文件）");
    }
    if (!received) block(x, "li", "无");
    if (deferred) {
        block(x, "h", "容缺后补的材料");
        for (int i = 0; i < c->nmaterials; i++)
            if (strcmp(c->materials[i].provided_as, "deferred") == 0)
                blockf(x, "li", "%s：请于%s前补交", c->materials[i].name, day_zh(op, c->materials[i].due_date));
        block(x, "p", "容缺材料补齐前，办件不能办结。");
    }
    block(x, "h", "承诺办结日期");
    blockf(x, "p", "本机关承诺于%s前办结。补正期间不计入办理时限。", day_zh(op, c->deadline));
    block(x, "h", "联系方式");
    blockf(x, "p", "%s", s->contact);
}

static void correction(words *x, const yw_case *c, const yw_task *t) {
    yw_op *op = x->op;
    blockf(x, "p", "你（单位）提交的%s，%s在审查“%s”时发现需要补正。现一次性告知如下：", case_words(op, c),
          t->department_name, t->item_name ? t->item_name : c->title);
    block(x, "h", "审查意见");
    blockf(x, "p", "%s", t->reason ? t->reason : "");
    for (int pass = 0; pass < 2; pass++) {
        bool any = false;
        for (int i = 0; i < c->nfixes; i++) {
            const yw_case_fix *f = &c->fixes[i];
            if (f->answered_at || strcmp(f->task_id, t->id) != 0 || strcmp(f->kind, pass ? "field" : "material") != 0)
                continue;
            if (!any) block(x, "h", pass ? "需更正的填报内容" : "需重新提交的材料");
            any = true;
            blockf(x, "li", "%s：%s", pass ? field_label(op, c, f->name) : f->name, f->reason);
        }
    }
    block(x, "p", "请按本告知书一次性补正后重新提交。补正期间审查时限暂停计算，收到补正后继续计算。");
}

static void refusal(words *x, const yw_case *c, const char *reason, const yw_document_settings *s) {
    yw_op *op = x->op;
    blockf(x, "p", "你（单位）于%s提交的%s，经审查，不予受理。理由如下：", day_zh(op, beijing_day(op, c->created_at)),
          case_words(op, c));
    blockf(x, "p", "%s", reason ? reason : "");
    block(x, "p", "本机关决定不予受理。");
    rights(x, s);
}

static void rejection(words *x, const yw_case *c, const yw_task *t, const yw_document_settings *s) {
    yw_op *op = x->op;
    blockf(x, "p", "你（单位）提交的%s中的“%s”事项，经%s审查，不予许可。理由如下：", case_words(op, c),
          t->item_name ? t->item_name : c->title, t->department_name);
    blockf(x, "p", "%s", t->reason ? t->reason : "");
    block(x, "p", "本机关决定不予许可。");
    rights(x, s);
}

static void completion(words *x, const yw_case *c, const char *today) {
    yw_op *op = x->op;
    blockf(x, "p", "你（单位）于%s提交的%s，已于%s办结。办理结果如下：", day_zh(op, beijing_day(op, c->created_at)),
          case_words(op, c), day_zh(op, today));
    bool rejected = false;
    for (int i = 0; i < c->ntasks; i++) {
        const yw_task *t = &c->tasks[i];
        if (t->kind != YW_TASK_REVIEW) continue;
        rejected = rejected || t->state == YW_TASK_REJECTED;
        blockf(x, "li", "%s（%s）：%s", t->item_name ? t->item_name : c->title, t->department_name,
              t->state == YW_TASK_APPROVED ? "准予办理" : "不予许可");
    }
    if (rejected) block(x, "p", "不予许可的事项，已另行出具不予许可决定书，其中载明理由和救济途径。");
    block(x, "p", "欢迎对本次服务作出评价。");
}

/* Issues one document of the case: its words (from the case as the step left it), the row, the
 * audit entry. */
static int issue(yw_op *op, const yw_case *c, yw_document_kind kind, const yw_task *t, const char *reason) {
    yw_document_settings s;
    if (read_settings(op, &s) < 0) return -1;
    const char *k = yw_enum_to_text(yw_document_kinds, (int)kind);
    yw_rows rows;
    /* the case's row is locked by the step that raised the event: MAX + 1 is the next serial */
    if (yw_store_query(op->store, op->arena,
                       "SELECT COALESCE(MAX(serial), 0) + 1 FROM case_documents WHERE case_id = $1 AND kind = $2",
                       YW_ARGS(c->id, k), &rows, op->err) < 0)
        return -1;
    int serial = atoi(yw_rows_get(&rows, 0, 0));
    char today[YW_DATE_SIZE], now[YW_TIMESTAMP_SIZE], id[YW_ID_SIZE], code[YW_DOCUMENT_CODE_SIZE];
    yw_date_format(yw_op_today(op), today);
    yw_op_timestamp(op, now);
    yw_ulid_new(id);
    new_code(code);
    const char *title = kind == YW_DOC_RECEIPT      ? "受理回执"
                        : kind == YW_DOC_CORRECTION ? "补正告知书"
                        : kind == YW_DOC_COMPLETION ? "办结通知书"
                        : t                         ? "不予许可决定书"
                                                    : "不予受理决定书";
    const char *office = t ? t->department_name : case_office(c, &s);

    words x = {.op = op};
    yw_jw_begin(&x.w, &x.buf, op->arena);
    yw_jw_obj(&x.w);
    yw_jw_kstr(&x.w, "kind", k);
    yw_jw_kint(&x.w, "serial", serial);
    yw_jw_kstr(&x.w, "title", title);
    yw_jw_kstr(&x.w, "office", office);
    yw_jw_kstr(&x.w, "number", c->number);
    yw_jw_kstr(&x.w, "case_title", c->title);
    yw_jw_kstr(&x.w, "applicant", c->applicant_name);
    yw_jw_kstr(&x.w, "issued_on", today);
    yw_jw_kstr(&x.w, "issued_on_words", day_zh(op, today));
    yw_jw_key(&x.w, "blocks");
    yw_jw_arr(&x.w);
    blockf(&x, "to", "%s：", c->applicant_name ? c->applicant_name : "申请人");
    switch (kind) {
    case YW_DOC_RECEIPT: receipt(&x, c, &s); break;
    case YW_DOC_CORRECTION: correction(&x, c, t); break;
    case YW_DOC_DECISION: t ? rejection(&x, c, t, &s) : refusal(&x, c, reason, &s); break;
    case YW_DOC_COMPLETION: completion(&x, c, today); break;
    }
    yw_jw_end(&x.w);
    yw_jw_end(&x.w);
    if (x.buf.failed) return yw_fail(op->err, YW_E_NOMEM, NULL);
    const char *content = x.buf.data;

    unsigned char h[crypto_hash_sha256_BYTES];
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    crypto_hash_sha256(h, (const unsigned char *)content, x.buf.len);
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    const char *after = yw_arena_printf(op->arena, "{\"case_id\":\"%s\",\"kind\":\"%s\",\"serial\":%d,\"sha256\":\"%s\"}",
                                        c->id, k, serial, hex);
    if (!after) return yw_fail(op->err, YW_E_NOMEM, NULL);
    if (yw_store_run(op->store, NULL,
                     "INSERT INTO case_documents (id, case_id, kind, serial, task_id, issued_at, content, sha256, code)"
                     " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                     YW_PARAMS(YW_TEXT_P(id), YW_TEXT_P(c->id), YW_TEXT_P(k), YW_INT_P(serial),
                               YW_TEXT_P(t ? t->id : NULL), YW_TEXT_P(now), YW_TEXT_P(content), YW_TEXT_P(hex),
                               YW_TEXT_P(code)),
                     NULL, NULL, op->err) < 0 ||
        yw_audit_append(op, "document.issue", "case_document", id, NULL, after) < 0)
        return -1;
    return 0;
}

int yw_document_on_case(yw_op *op, yw_event *ev) {
    const yw_case *c = ev->data;
    if (strcmp(ev->kind, "case.accepted") == 0) return issue(op, c, YW_DOC_RECEIPT, NULL, NULL);
    if (strcmp(ev->kind, "case.refused") == 0) return issue(op, c, YW_DOC_DECISION, NULL, ev->note ? ev->note : c->reason);
    bool correct = strcmp(ev->kind, "case.correct") == 0;
    if (correct || strcmp(ev->kind, "case.task_rejected") == 0) {
        const yw_task *t = task_of(c, ev->subject_id);
        if (!t) return yw_err_set(op->err, YW_ERR_INTERNAL, NULL, "%s: no task %s in its case", ev->kind, ev->subject_id);
        return issue(op, c, correct ? YW_DOC_CORRECTION : YW_DOC_DECISION, t, NULL);
    }
    if (strcmp(ev->kind, "case.settled") == 0 &&
        (c->state == YW_CASE_COMPLETED || c->state == YW_CASE_PARTLY_COMPLETED))
        return issue(op, c, YW_DOC_COMPLETION, NULL, NULL);
    return 0;
}

/* ---- public verification ---- */

int yw_document_verify_begin(yw_op *op, const yw_document_verify_in *in, yw_document_verify_attempt *out) {
    /* public: no role to check; the limit below is what guards it */
    memset(out, 0, sizeof *out);
    char code[YW_DOCUMENT_CODE_SIZE];
    if (!in->code || !yw_document_code_parse(in->code, strlen(in->code), code))
        return yw_fail(op->err, YW_E_DOCUMENT_CODE, "code");
    out->code = yw_arena_strdup(op->arena, code);
    out->scope = yw_arena_printf(op->arena, "document-verify:%s", in->address ? in->address : "");
    if (!out->code || !out->scope) return yw_fail(op->err, YW_E_NOMEM, NULL);
    int64_t failures;
    if (yw_store_lock(op->store, out->scope, op->err) < 0 ||
        yw_failures_count(op, out->scope, YW_DOCUMENT_VERIFY_WINDOW_MS, &failures) < 0)
        return -1;
    if (failures >= YW_DOCUMENT_VERIFY_MAX_FAILURES)
        return yw_fail(op->err, YW_E_DOCUMENT_VERIFY_LOCKED, NULL, (int)(YW_DOCUMENT_VERIFY_WINDOW_MS / 60000));
    return yw_failures_record(op, out->scope, YW_DOCUMENT_VERIFY_WINDOW_MS, &out->attempt_id);
}

int yw_document_verify_finish(yw_op *op, const yw_document_verify_attempt *at, yw_document_verified *out) {
    memset(out, 0, sizeof *out);
    yw_rows rows;
    if (yw_store_query(op->store, op->arena, DOC_COLS " WHERE d.code = $1", YW_ARGS(at->code), &rows, op->err) < 0)
        return -1;
    if (!rows.nrows) return yw_fail(op->err, YW_E_DOCUMENT_CODE_UNKNOWN, "code"); /* the failure stays counted */
    yw_document *d;
    if (yw_failures_forget(op, at->attempt_id) < 0 || fill(op, &rows, &d) < 0) return -1;
    json_t *root = json_loads(d->content, 0, NULL);
    if (!root) return yw_err_set(op->err, YW_ERR_INTERNAL, NULL, "document %s: content is not JSON", d->id);
    out->case_title = content_str(op, root, "case_title");
    json_decref(root);
    out->kind = d->kind;
    out->title = d->title;
    out->office = d->office;
    out->number = d->number;
    out->issued_on = d->issued_on;
    out->serial = d->serial;
    out->current = d->current;
    return 0;
}
