/* The demo loader. Department names are the official ones; aliases are the short forms the
 * seed plans use (市行政审批局, 市市场监管局 …) and their Traditional-script spellings as they
 * appear in the Qingdao three-year plan, so that later imports of those plans find them. */
#include "demo.h"

#include <stdio.h>
#include <string.h>

#include "../../std/idcard.h"
#include "../../std/uscc.h"
#include "account.h"
#include "dept.h"

typedef struct {
    const char *code, *name;
    const char *aliases[6];
} demo_dept;

static const demo_dept depts[] = {
    {"QD-ZFB", "青岛市人民政府办公厅", {"市政府办公厅", "市政府办", "市政府辦"}},
    {"QD-XZSP", "青岛市行政审批服务局", {"市行政审批服务局", "市行政审批局", "市行政審批局", "市行政審批服務局"}},
    {"QD-SCJG", "青岛市市场监督管理局", {"市市场监督管理局", "市市场监管局", "市市場監管局"}},
    {"QD-SW", "国家税务总局青岛市税务局", {"青岛市税务局", "市税务局", "市稅務局"}},
    {"QD-RS", "青岛市人力资源和社会保障局", {"市人力资源和社会保障局", "市人力资源社会保障局", "市人社局", "市人力資源社會保障局"}},
    {"QD-GA", "青岛市公安局", {"市公安局"}},
    {"QD-ZJ", "青岛市住房和城乡建设局", {"市住房和城乡建设局", "市住房城乡建设局", "市住建局", "市住房城鄉建設局"}},
    {"QD-ZRZY", "青岛市自然资源和规划局", {"市自然资源和规划局", "市自然资源局", "市自然資源和規劃局"}},
    {"QD-STHJ", "青岛市生态环境局", {"市生态环境局", "市生態環境局"}},
    {"QD-MYJJ", "青岛市民营经济发展局", {"市民营经济发展局", "市民营经济局", "市民營經濟局"}},
    {"QD-DSJ", "青岛市大数据发展管理局", {"市大数据发展管理局", "市大数据局", "市大數據局"}},
    {"QD-YB", "青岛市医疗保障局", {"市医疗保障局", "市医保局", "市醫保局"}},
    {"QD-GJJ", "青岛市住房公积金管理中心", {"市住房公积金管理中心", "市公积金中心"}},
    {"QD-FGW", "青岛市发展和改革委员会", {"市发展和改革委员会", "市发展改革委", "市發展改革委"}},
    {"QD-GXJ", "青岛市工业和信息化局", {"市工业和信息化局", "市工信局", "市工業和信息化局"}},
    {"QD-SWJ", "青岛市商务局", {"市商务局", "市商務局"}},
    {"QD-SFJ", "青岛市司法局", {"市司法局"}},
    {"QD-CZJ", "青岛市财政局", {"市财政局", "市財政局"}},
    {"QD-KJJ", "青岛市科学技术局", {"市科学技术局", "市科技局"}},
    {"QD-JYJ", "青岛市教育局", {"市教育局"}},
    {"QD-CGJ", "青岛市城市管理局", {"市城市管理局"}},
    {"QD-JTJ", "青岛市交通运输局", {"市交通运输局", "市交通運輸局"}},
    {"QD-WJW", "青岛市卫生健康委员会", {"市卫生健康委员会", "市卫生健康委", "市卫健委", "市衛生健康委"}},
    {"QD-MZJ", "青岛市民政局", {"市民政局"}},
    {"QD-WLJ", "青岛市文化和旅游局", {"市文化和旅游局", "市文化和旅遊局"}},
    {"QD-HYJ", "青岛市海洋发展局", {"市海洋发展局", "市海洋發展局"}},
    {"QD-NYJ", "青岛市农业农村局", {"市农业农村局", "市農業農村局"}},
    {"QD-TJJ", "青岛市统计局", {"市统计局", "市統計局"}},
    {"QD-TXGL", "山东省通信管理局青岛办事处", {"市通信管理局"}},
    {"QD-JRB", "中共青岛市委金融委员会办公室", {"市委金融办"}},
    {"QD-ZFW", "中共青岛市委政法委员会", {"市委政法委"}},
};

static const yw_demo_account accounts[] = {
    {"admin", "admin", "管理员 王磊"},
    {"clerk", "clerk", "窗口人员 李娜"},
    {"officer", "officer", "市场监管局审批人员 赵强"},
    {"supervisor", "supervisor", "督查专班 刘洋"},
    {"officer-sw", "officer", "税务局审批人员 (每个部门一名: officer-<部门代码>, 如 officer-ga, officer-rs)"},
    {"PERSON", "applicant", "张三 (自然人)"},
    {"ENTERPRISE", "applicant", "青岛海川数字科技有限公司 (法人)"},
    {NULL, NULL, NULL},
};

/* The demo person's ID number and the demo enterprise's USCC, made valid by computing their
 * check characters rather than typing them. */
static void demo_ids(char id_number[19], char uscc[19]) {
    memcpy(id_number, "37020219900307123", 17);
    id_number[17] = yw_idcard_check_char(id_number);
    id_number[18] = '\0';
    memcpy(uscc, "91370202MA3CXK7T", 16);
    uscc[16] = yw_orgcode_check_char(uscc + 8);
    uscc[17] = yw_uscc_check_char(uscc);
    uscc[18] = '\0';
}

const yw_demo_account *yw_demo_accounts(void) {
    static yw_demo_account resolved[sizeof accounts / sizeof accounts[0]];
    static char id_number[19], uscc[19];
    demo_ids(id_number, uscc);
    for (size_t i = 0; i < sizeof accounts / sizeof accounts[0]; i++) {
        resolved[i] = accounts[i];
        if (accounts[i].login && strcmp(accounts[i].login, "PERSON") == 0) resolved[i].login = id_number;
        if (accounts[i].login && strcmp(accounts[i].login, "ENTERPRISE") == 0) resolved[i].login = uscc;
    }
    return resolved;
}

int yw_demo_load(yw_op *op, const char *password_hash, yw_demo_report *report) {
    memset(report, 0, sizeof *report);
    if (yw_op_require(op, YW_ROLE_ADMIN, "load the demo city") < 0) return -1;
    yw_rows rows;
    if (yw_store_query(op->store, op->arena, "SELECT 1 FROM departments WHERE code = 'QD-XZSP'", YW_NOARGS, &rows,
                       op->err) < 0)
        return -1;
    if (rows.nrows) {
        report->already_loaded = true;
        return 0;
    }
    for (size_t i = 0; i < sizeof depts / sizeof depts[0]; i++) {
        yw_dept_new d = {depts[i].code, depts[i].name, "370200", depts[i].aliases};
        if (yw_dept_create(op, &d, NULL) < 0) return -1;
        report->departments++;
    }
    char id_number[19], uscc[19];
    demo_ids(id_number, uscc);
    const char *pw = password_hash;
    const yw_account_new people[] = {
        {"staff", "admin", "管理员 王磊", NULL, NULL, "13800000001", "QD-DSJ", YW_ROLE_ADMIN, pw, NULL, false},
        {"staff", "clerk", "窗口人员 李娜", NULL, NULL, "13800000002", "QD-XZSP", YW_ROLE_CLERK, pw, NULL, false},
        {"staff", "officer", "市场监管局审批人员 赵强", NULL, NULL, "13800000003", "QD-SCJG", YW_ROLE_OFFICER, pw, NULL, false},
        {"staff", "supervisor", "督查专班 刘洋", NULL, NULL, "13800000004", "QD-ZFB", YW_ROLE_SUPERVISOR, pw, NULL, false},
        {"person", NULL, "张三", id_number, NULL, "13900000005", NULL, 0, pw, NULL, false},
        {"enterprise", NULL, "青岛海川数字科技有限公司", NULL, uscc, "13900000006", NULL, 0, pw, NULL, false},
    };
    for (size_t i = 0; i < sizeof people / sizeof people[0]; i++) {
        if (yw_account_create(op, &people[i], NULL) < 0) return -1;
        report->accounts++;
    }
    /* an officer in every department, so that a bundle's tasks can be decided in each inbox:
     * officer-<code without "QD-", lowercase> (officer-scjg, officer-sw …) */
    for (size_t i = 0; i < sizeof depts / sizeof depts[0]; i++) {
        const char *code = depts[i].code + 3;
        char *login = yw_arena_printf(op->arena, "officer-%s", code), *name;
        name = yw_arena_printf(op->arena, "%s审批人员", depts[i].name);
        if (!login || !name) return yw_fail(op->err, YW_E_NOMEM, NULL);
        for (char *c = login; *c; c++)
            if (*c >= 'A' && *c <= 'Z') *c = (char)(*c - 'A' + 'a');
        yw_account_new o = {"staff", login, name, NULL, NULL, NULL, depts[i].code, YW_ROLE_OFFICER, pw, NULL, false};
        if (yw_account_create(op, &o, NULL) < 0) return -1;
        report->accounts++;
    }
    return 0;
}
