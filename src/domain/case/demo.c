/* The demo city's cases: a few applications of the demo person and enterprise left at each step
 * of the loop, made through the same functions the API calls (so their events, messages, SMS
 * and audit entries are real): one waiting at the window, one in a department's inbox, one sent
 * back for corrections (补正), one completed, one refused at the window (its 不予受理决定书), one
 * accepted a month ago whose task is long overdue (超期督办 has something to urge), and the
 * enterprise's two in an inbox — one whose 营业执照 is its electronic licence, reused (免提交). A
 * newcomer logging in as clerk, officer, supervisor or the person sees work and messages at once.
 * Loaded once: nothing is added when the demo person has cases already. */
#include "case.h"

#include <string.h>

#include "../../base/buf.h"
#include "../../base/json_writer.h"
#include "../cert/cert.h"
#include "../upload/upload.h"

#define DEMO_PERSON "370202199003071233"
#define DEMO_ENTERPRISE "91370202MA3CXK7TXN"

/* The actor of a demo account, in the arena. */
static int actor_of(yw_op *op, const char *login, yw_actor *out) {
    yw_rows rows;
    if (yw_store_query(op->store, op->arena, "SELECT id, kind, login, name, department_id, roles FROM accounts WHERE login = $1",
                       YW_ARGS(login), &rows, op->err) < 0)
        return -1;
    if (!rows.nrows) return yw_err_set(op->err, YW_ERR_NOT_FOUND, NULL, "demo account %s is missing", login);
    *out = (yw_actor){yw_rows_get(&rows, 0, 0), yw_rows_get(&rows, 0, 1), yw_rows_get(&rows, 0, 2),
                      yw_rows_get(&rows, 0, 3), yw_rows_get(&rows, 0, 4), 0};
    return yw_roles_parse(yw_rows_get(&rows, 0, 5), &out->roles, "roles", op->err);
}

/* The item's form as a careful applicant fills it in, as JSON text in the arena. Every ID number is
 * the demo person's, so every person's name beside one is theirs (person_name): the enterprise's
 * legal representative, as its 营业执照 and the registry say. */
static const char *fill_form(yw_op *op, const yw_item *it, const char *applicant_name, bool enterprise,
                             const char *person_name) {
    yw_buf b;
    yw_jw w;
    yw_jw_begin(&w, &b, op->arena);
    yw_jw_obj(&w);
    for (int i = 0; i < it->nfields; i++) {
        const yw_item_field *f = &it->fields[i];
        if (strcmp(f->type, "number") == 0) yw_jw_kint(&w, f->key, f->has_min ? f->min : 1);
        else if (strcmp(f->type, "date") == 0) yw_jw_kstr(&w, f->key, "2026-12-01");
        else if (strcmp(f->type, "uscc") == 0) yw_jw_kstr(&w, f->key, DEMO_ENTERPRISE);
        else if (strcmp(f->type, "id_number") == 0) yw_jw_kstr(&w, f->key, DEMO_PERSON);
        else if (strcmp(f->type, "region") == 0) yw_jw_kstr(&w, f->key, "370202");
        else if (strcmp(f->type, "choice") == 0) yw_jw_kstr(&w, f->key, f->options[0]);
        else if (strcmp(f->type, "landline") == 0) yw_jw_kstr(&w, f->key, "0532-88886666");
        else if (strcmp(f->type, "postcode") == 0) yw_jw_kstr(&w, f->key, "266071");
        else if (strcmp(f->type, "yuan") == 0) yw_jw_kstr(&w, f->key, "500000");
        else if (strcmp(f->type, "mobile") == 0 || strstr(f->key, "phone")) yw_jw_kstr(&w, f->key, "13900000005");
        else if (strstr(f->key, "name") && strstr(f->key, "entity"))
            yw_jw_kstr(&w, f->key, enterprise ? applicant_name : "市南区海川小吃店");
        else if (strstr(f->key, "name")) yw_jw_kstr(&w, f->key, person_name);
        else yw_jw_kstr(&w, f->key, "青岛市市南区香港中路10号");
    }
    yw_jw_end(&w);
    return b.failed ? NULL : b.data;
}

/* A small PDF of the demo's own making, uploaded by the applicant: its SHA-256 (arena). */
static const char *demo_pdf(yw_op *op, const char *title) {
    /* a well-formed PDF: its one object, a cross-reference table pointing at it, startxref */
    const char *head = yw_arena_printf(op->arena, "%%PDF-1.4\n%% %s\n", title);
    const char *obj = "1 0 obj << /Type /Catalog >> endobj\n";
    const char *text = head ? yw_arena_printf(op->arena,
                                              "%s%sxref\n0 2\n0000000000 65535 f \n%010zu 00000 n \n"
                                              "trailer << /Size 2 /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n",
                                              head, obj, strlen(head), strlen(head) + strlen(obj))
                            : NULL;
    if (!text) return NULL;
    yw_upload_new up = {.bytes = text, .len = strlen(text), .media_type = "application/pdf", .name = "申请材料（演示）.pdf"};
    yw_upload_info info;
    if (yw_upload_prepare(&up, NULL, op->err) < 0 || yw_upload_create(op, &up, &info) < 0) return NULL;
    return yw_arena_strdup(op->arena, up.sha256);
}

/* Whether the applicant holds a certificate that may stand in for m (免提交, cert.h). */
static int holds(yw_op *op, const yw_actor *applicant, const yw_item_material *m, bool *yes) {
    *yes = false;
    bool cert = false;
    for (const char **a = m->accepted_as; *a; a++) cert = cert || strcmp(*a, "certificate") == 0;
    if (!cert || !m->cert_type) return 0;
    yw_cert_owner who = {applicant->account_id, strcmp(applicant->kind, "enterprise") == 0 ? DEMO_ENTERPRISE : NULL};
    yw_cert c;
    yw_err *err = op->err, none;
    op->err = &none;
    int rc = yw_cert_reuse_check(op, &who, m->cert_type, NULL, "materials", &c);
    op->err = err;
    if (rc == 0) *yes = true;
    if (rc == 0 || none.code == YW_ERR_INVALID) return 0; /* none held: uploaded instead */
    *err = none;
    return -1;
}

/* One case of the applicant for the item, submitted: its id, or NULL with op->err. With reuse, a
 * material a certificate the applicant holds may stand in for is given as that certificate.
 * person_name: the demo person's, whose ID number the form gives. */
static const char *submit_as(yw_op *op, const yw_actor *applicant, const char *person_name, const char *code,
                             bool reuse) {
    const yw_actor *was = op->actor;
    op->actor = applicant;
    const char *id = NULL;
    yw_item_view v;
    if (yw_catalog_get(op, code, 0, &v) < 0) goto done;
    const char *form = fill_form(op, &v.item, applicant->name, strcmp(applicant->kind, "enterprise") == 0, person_name);
    yw_case_material *mats = yw_arena_calloc(op->arena, (size_t)v.item.nmaterials + 1, sizeof *mats);
    if (!form || !mats) {
        yw_fail(op->err, YW_E_NOMEM, NULL);
        goto done;
    }
    int n = 0;
    const char *pdf = NULL;
    for (int i = 0; i < v.item.nmaterials; i++) {
        const yw_item_material *m = &v.item.materials[i];
        if (strcmp(m->requirement, "required") != 0) continue;
        bool pledge = false;
        for (const char **a = m->accepted_as; *a; a++) pledge = pledge || strcmp(*a, "pledge") == 0;
        if (pledge) {
            mats[n++] = (yw_case_material){.name = m->name, .provided_as = "pledge"};
            continue;
        }
        bool held = false;
        if (reuse && holds(op, applicant, m, &held) < 0) goto done;
        if (held) {
            mats[n++] = (yw_case_material){.name = m->name, .provided_as = "certificate"};
            continue;
        }
        if (!pdf && !(pdf = demo_pdf(op, v.item.name))) goto done;
        mats[n++] = (yw_case_material){.name = m->name, .provided_as = "upload", .upload = pdf};
    }
    yw_case_submit_in in = {.item = code, .form = form, .materials = mats, .nmaterials = n};
    yw_case c;
    if (yw_case_submit(op, &in, &c) == 0) id = c.id;
done:
    op->actor = was;
    return id;
}

static const char *submit(yw_op *op, const yw_actor *applicant, const char *person_name, const char *code) {
    return submit_as(op, applicant, person_name, code, false);
}

/* The case's first review task after a clerk accepted it. */
static const char *accept(yw_op *op, const yw_actor *clerk, const char *id) {
    const yw_actor *was = op->actor;
    op->actor = clerk;
    yw_case_accept_in in = {.case_id = id};
    yw_case c;
    const char *task = NULL;
    if (yw_case_accept(op, &in, &c) == 0)
        for (int i = 0; i < c.ntasks && !task; i++)
            if (c.tasks[i].kind == YW_TASK_REVIEW) task = c.tasks[i].id;
    op->actor = was;
    if (!task && op->err->code == YW_OK) yw_err_set(op->err, YW_ERR_INTERNAL, NULL, "a demo case without a task");
    return task;
}

int yw_case_demo_load(yw_op *op, int *added) {
    *added = 0;
    yw_actor person, enterprise, clerk, officer;
    if (actor_of(op, DEMO_PERSON, &person) < 0 || actor_of(op, DEMO_ENTERPRISE, &enterprise) < 0 ||
        actor_of(op, "clerk", &clerk) < 0 || actor_of(op, "officer", &officer) < 0)
        return -1;
    yw_rows rows;
    if (yw_store_query(op->store, op->arena, "SELECT 1 FROM cases WHERE applicant_id = $1 LIMIT 1",
                       YW_ARGS(person.account_id), &rows, op->err) < 0)
        return -1;
    if (rows.nrows) return 0;
    const char *item = "QD-SCJG-XK-0004"; /* 个体工商户登记, 市场监管局 */
    yw_case out;
    /* at the window */
    if (!submit(op, &person, person.name, item)) return -1;
    /* in the officer's inbox */
    const char *id = submit(op, &person, person.name, item);
    if (!id || !accept(op, &clerk, id)) return -1;
    /* sent back for corrections: the person is told, by message and SMS */
    const char *task;
    if (!(id = submit(op, &person, person.name, item)) || !(task = accept(op, &clerk, id))) return -1;
    op->actor = &officer;
    /* a one-time notice: one material to upload again and one field to correct */
    static const yw_case_ask files[] = {{"个体工商户登记申请书", "申请书缺少经营者签名，请签名后重新上传"}};
    static const yw_case_ask fields[] = {{"address.detail", "详细地址缺少门牌号"}};
    yw_case_act_in corr = {.id = task, .reason = "请按以下一次性告知补正后重新提交",
                           .ask_materials = files, .nask_materials = 1, .ask_fields = fields, .nask_fields = 1};
    if (yw_task_correct(op, &corr, &out) < 0) return -1;
    /* completed */
    if (!(id = submit(op, &person, person.name, item)) || !(task = accept(op, &clerk, id))) return -1;
    op->actor = &officer;
    yw_case_act_in ok = {.id = task};
    if (yw_task_approve(op, &ok, &out) < 0) return -1;
    /* the enterprise's 年报 accepted: a second task in the inbox */
    if (!(id = submit(op, &enterprise, person.name, "QD-SCJG-GG-0001")) || !accept(op, &clerk, id)) return -1;
    /* the enterprise's 特种设备使用登记 accepted: its 营业执照 not uploaded but reused (免提交) —
     * the licence yw_cert_demo_load issued; without it, uploaded as any other material */
    if (!(id = submit_as(op, &enterprise, person.name, "QD-SCJG-XK-0007", true)) || !accept(op, &clerk, id)) return -1;
    /* refused at the window, with its reason: the person reads the 不予受理决定书 */
    if (!(id = submit(op, &person, person.name, item))) return -1;
    op->actor = &clerk;
    yw_case_act_in no = {.id = id, .reason = "经营场所位于规划调整区域，不属于本次登记受理范围"};
    if (yw_case_refuse(op, &no, &out) < 0) return -1;
    /* submitted and accepted 30 days ago and never decided: a promised day long past */
    int64_t now = op->now_ms;
    op->now_ms = now - 30LL * 86400 * 1000;
    id = submit(op, &person, person.name, item);
    task = id ? accept(op, &clerk, id) : NULL;
    op->now_ms = now;
    if (!task) return -1;
    op->actor = &yw_actor_system;
    *added = 8;
    return 0;
}
