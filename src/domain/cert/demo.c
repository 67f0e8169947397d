/* The demo's certificates (yiwang demo): the demo enterprise's 营业执照, issued from its record
 * in the registry, and the demo person's 居民身份证, as imported from the national system — so
 * that a newcomer sees 我的证照 and a material satisfied by a certificate at once. */
#include "internal.h"

#include <string.h>

#include "../core/demo.h"
#include "../entity/entity.h"

int yw_cert_demo_load(yw_op *op, int *issued) {
    *issued = 0;
    if (yw_op_require(op, YW_ROLE_ADMIN, "load the demo certificates") < 0) return -1;
    yw_rows rows;
    if (yw_store_query(op->store, op->arena, "SELECT 1 FROM certificates LIMIT 1", YW_NOARGS, &rows, op->err) < 0)
        return -1;
    if (rows.nrows) return 0;
    const char *person = NULL, *enterprise = NULL;
    for (const yw_demo_account *a = yw_demo_accounts(); a->login; a++) {
        if (strcmp(a->name, "张三 (自然人)") == 0) person = a->login;
        else if (strstr(a->name, "(法人)")) enterprise = a->login;
    }
    const char *base;
    if (!person || !enterprise || yw_cert_base_url(op, NULL, &base) < 0) return person && enterprise ? -1 : 0;
    if (yw_store_query(op->store, op->arena, "SELECT id, name FROM accounts WHERE login = $1 OR uscc = $1",
                       YW_ARGS(enterprise), &rows, op->err) < 0)
        return -1;
    const char *ent_account = yw_rows_get(&rows, 0, 0), *ent_name = yw_rows_get(&rows, 0, 1);
    yw_entity e;
    bool in_registry = yw_entity_get(op, enterprise, &e) == 0;
    if (!in_registry && op->err->code != YW_ERR_NOT_FOUND) return -1;
    const char *fields = in_registry
                             ? yw_arena_printf(op->arena,
                                               "{\"entity.name\":\"%s\",\"entity.kind\":\"有限责任公司\","
                                               "\"legal_rep.name\":\"%s\",\"entity.established_on\":\"%s\","
                                               "\"entity.address\":\"青岛市市南区示范路8号（演示地址）\"}",
                                               e.name, e.legal_rep, e.established_on)
                             : NULL;
    yw_cert_issue_in licence = {.type = "YYZZ", .holder_id = enterprise,
                                .holder_name = in_registry ? e.name : ent_name, .account_id = ent_account,
                                .fields = fields, .valid_from = in_registry ? e.established_on : NULL,
                                .base_url = base, .reason = "演示数据"};
    if (ent_account && ent_name) {
        if (yw_cert_issue(op, &licence, NULL) < 0) return -1;
        (*issued)++;
    }
    if (yw_store_query(op->store, op->arena, "SELECT id, name FROM accounts WHERE login = $1 OR id_number = $1",
                       YW_ARGS(person), &rows, op->err) < 0)
        return -1;
    const char *person_account = yw_rows_get(&rows, 0, 0), *person_name = yw_rows_get(&rows, 0, 1);
    if (!person_account) return 0;
    /* born 1990-03-07 (the ID number says so); the card issued in 2020, valid 20 years */
    const char *card = yw_arena_printf(op->arena,
                                       "{\"person.name\":\"%s\",\"person.sex\":\"男\",\"person.birth_date\":\"1990-03-07\","
                                       "\"person.address\":\"山东省青岛市市南区示范路1号（演示地址）\"}",
                                       person_name);
    yw_cert_issue_in id_card = {.type = "JMSFZ", .holder_id = person, .holder_name = person_name,
                                .account_id = person_account, .fields = card, .valid_from = "2020-05-11",
                                .valid_until = "2040-05-11", .base_url = base, .imported = true,
                                .reason = "演示数据：自国家系统导入"};
    if (!card) return yw_fail(op->err, YW_E_NOMEM, NULL);
    if (yw_cert_issue(op, &id_card, NULL) < 0) return -1;
    (*issued)++;
    return 0;
}
