/* The plan parser on the project's own test plans (tests/data/plans/, one file per form the
 * published plans take) and on malformed files, and the ledger import on both stores: every
 * measure's section, title, units and deadlines checked exactly, matching and mapping of units,
 * nothing saved on a dry run. The published plans themselves are read by test_seeds.c. */
#include "domain/core/demo.h"
#include "testutil.h"

#include <dirent.h>

#include "base/time.h"
#include "domain/ledger/ledger.h"

static void parse_plan(yw_arena *a, const char *name, int year, yw_plan *plan) {
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/data/plans/%s", YW_SOURCE_DIR, name);
    FILE *f = fopen(path, "rb");
    if (!f) fail_msg("cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *data = yw_arena_alloc(a, (size_t)n + 1); /* the plan points into it */
    assert_non_null(data);
    assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    data[n] = '\0';
    yw_err err;
    if (yw_plan_parse(a, data, (size_t)n, year, plan, &err) < 0) fail_msg("%s: %s", name, err.message);
}

/* "A、B" from a NULL-terminated list, "" for none */
static const char *joined(yw_arena *a, const char **list) {
    yw_buf b;
    yw_buf_init(&b, a);
    for (const char **s = list; s && *s; s++) {
        if (s != list) yw_buf_puts(&b, "、");
        yw_buf_puts(&b, *s);
    }
    yw_buf_putc(&b, '\0');
    return b.data;
}

static const char *dates(yw_arena *a, const yw_plan_measure *m) {
    yw_buf b;
    yw_buf_init(&b, a);
    for (int i = 0; i < m->ndeadlines; i++) {
        char d[11];
        yw_date_format(m->deadlines[i], d);
        if (i) yw_buf_putc(&b, ' ');
        yw_buf_puts(&b, d);
    }
    yw_buf_putc(&b, '\0');
    return b.data;
}

typedef struct {
    int number; /* 0: unnumbered */
    const char *section, *title, *lead, *responsible, *deadlines;
} want;

static void check_measures(yw_arena *a, const yw_plan *p, const want *w, int n) {
    assert_int_equal(p->nmeasures, n);
    for (int i = 0; i < n; i++) {
        const yw_plan_measure *m = &p->measures[i];
        if (m->number != w[i].number || strcmp(m->section, w[i].section) != 0 || strcmp(m->title, w[i].title) != 0 ||
            strcmp(joined(a, m->lead_units), w[i].lead) != 0 ||
            strcmp(joined(a, m->responsible_units), w[i].responsible) != 0 || strcmp(dates(a, m), w[i].deadlines) != 0)
            fail_msg("measure %d: got %d | %s | %s | lead %s | responsible %s | %s\n"
                     "           want %d | %s | %s | lead %s | responsible %s | %s",
                     i + 1, m->number, m->section, m->title, joined(a, m->lead_units),
                     joined(a, m->responsible_units), dates(a, m), w[i].number, w[i].section, w[i].title, w[i].lead,
                     w[i].responsible, w[i].deadlines);
    }
}

static void check_list(const char **got, int n, const char *const *want) {
    int k = 0;
    for (; want[k]; k++) {
        if (k >= n) fail_msg("only %d entries, want %s next", n, want[k]);
        if (strcmp(got[k], want[k]) != 0) fail_msg("entry %d: got %s, want %s", k, got[k], want[k]);
    }
    assert_int_equal(n, k);
    assert_null(got[n]);
}

/* ---- numbered measures with 〔牵头单位:…;责任单位:…〕, fields with 〔领域牵头单位:…〕 ---- */

#define A1 "(一)市场准入与退出领域"
#define A2 "(二)工程建设审批领域"
#define A3 "(三)涉税与社保服务领域"
#define A4 "(四)政务服务与数据共享领域"
#define A5 "(五)市场监管与信用领域"

static const want numbered_measures[] = {
    {1, A1, "压缩企业开办时间", "市市场监管局", "市税务局、市公安局", "2023-04-30"},
    {2, A1, "推行简易注销“容缺办”", "市市场监管局", "市税务局、市人社局", ""}, /* the field's lead */
    {3, A1, "开展经营主体年报辅导", "市市场监管局", "", "2023-06-30"},      /* no bracket at all */
    {4, A1, "试点“一照多址”登记", "市市场监管局、市行政审批局", "企业服务专员办公室", ""},
    {5, A2, "实行工程建设项目分级分类审批", "市行政审批局", "市住建局、市自然资源局", ""},
    {6, A2, "推进施工图数字化审查", "市住建局", "市大数据局", "2023-05-20"}, /* 5月中旬前 */
    {7, A2, "优化水电气暖报装服务", "市住建局、市城市管理局", "", "2023-12-31"}, /* 年底前 */
    {8, A2, "开展联合竣工验收", "市住建局", "市自然资源局、市公安局、市行政审批局", ""},
    {9, A3, "推广“非接触式”办税缴费", "市税务局", "", "2023-09-30"}, /* "9．" */
    {10, A3, "简化社保登记手续", "市人社局", "市医保局", ""},          /* "10．" */
    {11, A3, "实施医保报销“一站式”结算", "市医保局", "市卫健委", "2023-07-20"}, /* "11、" */
    {12, A3, "提升公积金业务办理效率", "市公积金中心", "", "2023-08-31"}, /* behind ideographic spaces */
    {13, A3, "落实减税降费政策", "市税务局", "市财政局", ""},
    {14, A4, "深化“一网通办”", "市行政审批局", "市大数据局", "2023-10-31"},
    {15, A4, "推进电子证照共享应用", "市大数据局", "市行政审批局、市公安局", "2023-03-31 2023-12-31"},
    {16, A4, "建设“无证明城市”", "市行政审批局", "市司法局、市大数据局", ""},
    {17, A4, "开展“好差评”整改闭环", "营商环境督查中心", "市行政审批局、市政府办公厅", ""},
    {18, A4, "扩大“跨省通办”范围", "市行政审批局", "", "2024-06-30"}, /* 2024年6月底前 */
    {19, A5, "推行信用分级分类监管", "市发展改革委、市市场监管局", "", ""},
    {20, A5, "完善信用修复机制", "营商环境督查中心", "市市场监管局", "2023-11-30"},
    {21, A5, "开展跨部门联合抽查", "市市场监管局", "市交通运输局、市生态环境局、市商务局", "2024-12-31"}, /* 明年底前 */
    {22, A5, "规范涉企行政检查", "市司法局", "", "2023-12-31"}, /* its deadline and units on a second line */
};

static void numbered_with_units(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    yw_plan p;
    parse_plan(&a, "numbered-with-units.txt", 2023, &p);
    check_measures(&a, &p, numbered_measures, 22);
    assert_string_equal(p.title, "青岛市营商环境创新提升2023年行动计划(测试数据)");
    static const char *const sections[] = {"一、工作目标", "二、重点任务", A1, A2, A3, A4, A5,
                                           "三、保障措施", "(一)加强组织领导", "(二)强化督导考核", NULL};
    check_list(p.sections, p.nsections, sections);
    assert_int_equal(p.ndeadlines, 14);
    static const char *const units[] = {
        "企业服务专员办公室", "市交通运输局", "市人社局", "市住建局", "市公安局", "市公积金中心",
        "市医保局", "市卫健委", "市发展改革委", "市司法局", "市商务局", "市城市管理局", "市大数据局",
        "市市场监管局", "市政府办公厅", "市生态环境局", "市税务局", "市自然资源局", "市行政审批局",
        "市财政局", "营商环境督查中心", NULL};
    check_list(p.units, p.nunits, units); /* distinct, in byte order */
    assert_int_equal(p.nannex_units, 0);
    /* the page header, the title, the date, the preamble and the goal's paragraph are kept */
    assert_int_equal(p.nunplaced, 5);
    assert_string_equal(p.unplaced[0], "当前位置:首页 > 政务公开 > 政策文件");
    assert_string_equal(p.unplaced[1], p.title);
    assert_non_null(strstr(p.unplaced[4], "聚焦办事过程中的堵点难点"));
    assert_int_equal(p.measures[0].line, 17);
    assert_int_equal(p.measures[11].line, 43);
    const yw_plan_measure *m = &p.measures[21];
    assert_int_equal(m->line, 67);
    assert_non_null(strstr(m->text, "入企检查。\n检查结果在12月底前统一向社会公开。〔牵头单位:市司法局〕"));
    /* nothing of the closing section is taken into the last measure */
    assert_null(strstr(m->text, "保障措施"));
    yw_arena_reset(&a);
}

/* ---- Traditional script, headings garbled by a lost byte, units only in an annex ---- */

#define B1 "?。ㄒ唬┚哿?審批提速,實施政務服務升級行動"
#define B2 "?。ǘ?）聚力公平監管,實施市場秩序規範行動"
#define B3 "?。ㄈ?）聚力要素保障,實施企業成本減負行動"
#define B4 "?。ㄋ模┚哿?創新生態,實施人才科技賦能行動"

static const want garbled_measures[] = {
    {1, B1, "推行審批事項清單化管理", "", "", ""},
    {2, B1, "建設智慧審批平台", "", "", "2024-06-30"},
    {3, B1, "推廣告知承諾制", "", "", ""},
    {4, B1, "優化企業變更登記", "", "", ""},
    {5, B1, "推進工程建設項目審批提速", "市行政審批局", "市住房城鄉建設局、市生態環境局", ""}, /* 牽頭單位, 責任單位 */
    {6, B1, "擴大電子證照應用", "市大數據局", "", ""},
    {7, B2, "全面推行“雙隨機、一公開”監管", "", "", ""},
    {8, B2, "實施信用分級分類監管", "", "", "2023-12-31"}, /* 2023年12月底前 */
    {9, B2, "清理妨礙公平競爭的規定", "", "", "2023-12-31"},
    {10, B2, "規範行政裁量權基準", "", "", ""},
    {11, B2, "推行包容審慎監管", "", "", ""},
    {12, B3, "降低企業用電成本", "", "", ""},
    {13, B3, "擴大普惠金融覆蓋面", "", "", "2025-12-31"}, /* 2025年底前 */
    {14, B3, "保障企業用地需求", "", "", "2023-09-20"},
    {15, B3, "清理規範涉企收費", "", "", ""},
    {16, B4, "完善人才服務保障", "", "", ""},
    {17, B4, "加強知識產權保護", "", "", ""},
    {18, B4, "支持科技成果轉化", "", "", "2024-12-31"},
};

static void traditional_garbled_annex(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    yw_plan p;
    parse_plan(&a, "traditional-garbled-annex.txt", 2023, &p);
    check_measures(&a, &p, garbled_measures, 18);
    assert_string_equal(p.title, "青島市營商環境提質增效三年行動規劃(2023—2025年)(測試數據)");
    /* a garbled marker still makes a heading, its readable part kept; "附件" opens the annex */
    static const char *const sections[] = {"?。ù思?公開發布）", "一、總體要求", "?。ㄒ唬┛傮w目標", "二、重點任務",
                                           B1, B2, B3, B4, "三、組織實施", "(一)加強統籌調度", "(二)嚴格督導考核",
                                           "附件:青島市優化營商環境工作專班成員單位及工作分工", NULL};
    check_list(p.sections, p.nsections, sections);
    assert_int_equal(p.ndeadlines, 6);
    static const char *const units[] = {"市住房城鄉建設局", "市大數據局", "市生態環境局", "市行政審批局", NULL};
    check_list(p.units, p.nunits, units);
    /* the annex's units, in order, each once; its numbered work groups are not measures */
    static const char *const annex[] = {"市政府辦公廳", "市委組織部", "市發展改革委", "市司法局",
                                        "市財政局", "市人力資源社會保障局", "市市場監管局", "市大數據局",
                                        "市行政審批局", "市中級法院", NULL};
    check_list(p.annex_units, p.nannex_units, annex);
    /* the covering letter (6 lines) and the annex (6 lines) are shown, not dropped */
    assert_int_equal(p.nunplaced, 12);
    assert_string_equal(p.unplaced[0], "各區、市人民政府,市政府各部門,市直各單位:");
    assert_string_equal(p.unplaced[4], p.title);
    assert_string_equal(p.unplaced[6], "一、專班成員單位");
    assert_non_null(strstr(p.unplaced[11], "3.數據平台組"));
    assert_int_equal(p.measures[0].line, 23);
    assert_int_equal(p.measures[17].line, 63);
    yw_arena_reset(&a);
}

/* ---- no numbers: each (责任单位:…) clause ends a measure ---- */

#define C1 "(一)畅通政企沟通渠道"
#define C2 "(二)精准推送惠企政策"
#define C3 "(三)提升企业开办效率"
#define C4 "（四）优化涉企审批服务"
#define C5 "(一)扩大集成办理范围"
#define C6 "(二)推进个人事项联办"
#define C7 "(三)推进企业准营事项联办"
#define C8 "(一)加快数据共享"
#define C9 "(二)推广电子证照"
#define C10 "(三)保障数据安全"

static const want clause_measures[] = {
    {0, C1, "每季度召开一次企业家座谈会,听取经营主体对政务服务的意见建议", "", "市政府办公厅、市民营经济局", ""},
    {0, C1, "建立企业诉求“接诉即办”机制,6月底前实现诉求办理进度全程可查", "", "市民营经济局、市行政审批局", "2024-06-30"},
    {0, C2, "依托政策服务平台,按企业画像主动推送可享政策,推动更多政策“免申即享”", "", "市发展改革委、市财政局", ""},
    {0, C2, "9月中旬前完成首批免申即享政策清单梳理", "", "市财政局", "2024-09-20"},
    {0, C3, "企业开办全流程压缩至1个工作日内", "", "市市场监管局、市税务局、市公安局", ""},
    {0, C3, "推行经营主体登记“智能审批”,系统自动比对、即时出照", "", "市市场监管局", ""},
    {0, C4, "推行审批服务“预约办、延时办、上门办”", "", "市行政审批局", ""}, /* （责任单位：…） */
    {0, C4, "对新招用员工的企业,同步办理参保登记和就业登记", "", "市人社局、市行政审批局", ""},
    {0, C5, "围绕企业和个人全生命周期,新推出一批“一件事”集成服务,年底前累计上线不少于30项", "",
     "市行政审批局、市大数据局", "2024-12-31"},
    {0, C6, "新生儿出生后,出生医学证明、户口登记、医保参保等事项一次办理", "", "市卫健委、市公安局、市医保局", ""},
    {0, C6, "义务教育入学报名实现材料免提交", "", "市教育局", ""},
    {0, C6, "退休人员养老金领取与医保待遇变更一次办结", "", "市人社局、市医保局", ""},
    {0, C7, "开办餐饮店、便利店等实行一次告知、一表申请、一窗发证", "", "市行政审批局、市市场监管局", ""},
    {0, C7, "2025年3月底前覆盖主要行业", "", "市行政审批局、市商务局、市文旅局", "2025-03-31"},
    {0, C8, "编制政务数据共享目录,按需向审批部门开放", "", "市大数据局", ""},
    {0, C9, "推动营业执照、身份证等常用证照在窗口亮证办理", "", "市大数据局、市公安局、市市场监管局", ""},
    {0, C9, "明年底前实现常用证照在全市范围内互认", "", "市大数据局", "2025-12-31"},
    {0, C10, "落实数据分级分类保护要求,定期开展安全检查", "", "市大数据局、市委网信办", ""},
};

static void unnumbered_clauses(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    yw_plan p;
    parse_plan(&a, "unnumbered-clauses.txt", 2024, &p);
    check_measures(&a, &p, clause_measures, 18);
    assert_string_equal(p.title, "青岛市提升政务服务效能推动“一件事”集成办理若干措施(测试数据)");
    static const char *const sections[] = {"一、优化涉企服务", C1, C2, C3, C4, "二、深化“一件事”集成改革", C5, C6, C7,
                                           "三、夯实数据支撑", C8, C9, C10, "四、保障措施", "(一)加强组织领导",
                                           "(二)强化督导落实", NULL};
    check_list(p.sections, p.nsections, sections);
    assert_int_equal(p.ndeadlines, 5);
    assert_int_equal(p.nunits, 16);
    /* the covering letter (5 lines), the title, the preamble, and sentences after a section's
     * last clause are kept, one entry per line */
    assert_int_equal(p.nunplaced, 10);
    assert_string_equal(p.unplaced[0], "各区、市人民政府,市政府各部门,市直各单位");
    assert_string_equal(p.unplaced[4], "(此件公开发布)");
    assert_string_equal(p.unplaced[5], p.title);
    assert_string_equal(p.unplaced[7], "持续开展政策解读进企业活动");
    assert_string_equal(p.unplaced[8], "各责任单位要明确分管领导和联络员,细化工作举措");
    assert_string_equal(p.unplaced[9], "市政府办公厅定期调度各项措施推进情况,对进展缓慢的予以通报");
    assert_int_equal(p.measures[0].line, 9);
    assert_int_equal(p.measures[17].line, 20);
    assert_string_equal(p.measures[1].text,
                        "建立企业诉求“接诉即办”机制,6月底前实现诉求办理进度全程可查。(责任单位:市民营经济局、市行政审批局)");
    yw_arena_reset(&a);
}

/* ---- measures numbered with Chinese numerals: (一)… carrying sentences, units, deadlines ---- */

#define D1 "一、提升政务服务效能"
#define D2 "二、优化市场环境"

static const want numeral_measures[] = {
    {1, D1, "推行企业开办一日办结", "市市场监管局", "市税务局、市公安局", "2025-03-10"}, /* 3月上旬前 */
    {2, D1, "深化工程建设项目审批改革", "市行政审批局", "市住房城乡建设局、市自然资源和规划局", "2025-06-30"}, /* 下旬 */
    {3, D1, "推进政务服务“就近办”", "", "各镇(街道)、各区政府", "2025-09-20"},
    {4, D1, "优化政务服务评价", "", "", ""},                           /* a sentence, in a run of measures */
    {1, D2, "加强知识产权保护", "", "市市场监管局、市公安局", ""},      /* 〔…〕 with no label */
    {2, D2, "规范涉企收费", "", "市发展改革委、市财政局", "2025-12-31"}, /* 和 between whole names */
    {3, D2, "支持中小企业数字化转型", "市工业和信息化局", "市人力资源和社会保障局、区教育和体育局", ""},
    {4, D2, "提升金融服务水平", "市地方金融监管局", "教育分局、体育分局", "2025-12-31"}, /* 教育、体育分局 */
};

static void chinese_numerals(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    yw_plan p;
    parse_plan(&a, "chinese-numerals.txt", 2025, &p);
    check_measures(&a, &p, numeral_measures, 8);
    assert_string_equal(p.title, "某市优化营商环境十项举措(测试数据)");
    /* the safeguards carry sentences only: they stay headings, their sentences not placed */
    static const char *const sections[] = {D1, D2, "三、保障措施", "(一)加强组织领导", "(二)强化督导考核", NULL};
    check_list(p.sections, p.nsections, sections);
    assert_int_equal(p.ndeadlines, 5);
    assert_int_equal(p.nunits, 16);
    /* the page header, the title, the preamble and the safeguards' sentences, a line each */
    static const char *const unplaced[] = {"当前位置:首页 > 政府信息公开 > 通知公告", "某市优化营商环境十项举措(测试数据)",
                                           "为进一步优化营商环境，制定本举措。本文件是yiwang的测试数据，内容均为虚构",
                                           "各责任单位要明确分管领导，细化工作举措",
                                           "市政府办公厅定期调度各项举措推进情况", NULL};
    check_list(p.unplaced, p.nunplaced, unplaced);
    assert_string_equal(p.measures[3].text, "(四)优化政务服务评价。落实“好差评”制度，差评整改率达到100%。");
    assert_int_equal(p.measures[4].line, 10);
    assert_null(p.next);
    yw_arena_reset(&a);
}

/* ---- numbering that restarts under each part; a closing paragraph after the last measure ---- */

#define E1 "一、政务服务攻坚"
#define E2 "二、要素保障攻坚"
#define E3 "三、法治保障攻坚"

static const want restarting_measures[] = {
    {1, E1, "推行“一件事一次办”", "区行政审批服务局", "区大数据中心", "2024-12-31"},
    {2, E1, "推进帮办代办", "区行政审批服务局", "", "2024-04-10"},
    {1, E2, "保障企业用工", "区人力资源和社会保障局", "各镇(街道)、区工业和信息化局", ""},
    {2, E2, "降低用能成本", "区发展和改革局", "区供电公司、区水务集团", "2024-06-30"}, /* listed once */
    {3, E2, "强化融资服务", "区财政局", "", ""}, /* its units on the next line */
    {1, E3, "规范行政执法", "区司法局", "区市场监管局、区城市管理局", "2024-09-30"},
    {2, E3, "加强执法监督", "区司法局", "", ""},
};

static void restarting_numbers(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    yw_plan p;
    parse_plan(&a, "restarting-numbers.txt", 2024, &p);
    check_measures(&a, &p, restarting_measures, 7);
    assert_int_equal(p.nsections, 3);
    assert_int_equal(p.ndeadlines, 4);
    assert_string_equal(p.measures[4].text, "3.强化融资服务。\n开展银企对接活动，每季度不少于一次。〔牵头单位:区财政局〕");
    /* the closing paragraph, the issuer and the date follow a measure closed by its bracket */
    assert_string_equal(p.measures[6].text, "2.加强执法监督。开展行政执法案卷评查。〔牵头单位:区司法局〕");
    static const char *const unplaced[] = {"某区2024年优化营商环境攻坚行动方案(测试数据)",
                                           "为持续优化营商环境，制定本方案。本文件是yiwang的测试数据，内容均为虚构。",
                                           "各责任单位要按季度报送工作进展情况，区营商环境办汇总后报区政府。",
                                           "区优化营商环境工作领导小组办公室", "2024年3月1日", NULL};
    check_list(p.unplaced, p.nunplaced, unplaced);
    yw_arena_reset(&a);
}

/* ---- a notice printing two plans, each with its title, preamble and numbering ---- */

static const want first_document[] = {
    {1, "一、重点任务", "压缩企业开办时间", "市市场监管局", "市税务局", "2025-03-31"},
    {2, "一、重点任务", "优化不动产登记", "市自然资源和规划局", "市税务局、市住房城乡建设局", ""},
    {3, "一、重点任务", "提升跨境贸易便利化水平", "市商务局", "", "2025-06-20"},
};

static const want second_document[] = {
    {1, "一、工作任务", "推进“一网通办”", "市行政审批局", "市大数据局", "2025-12-31"},
    {2, "一、工作任务", "推行“免证办”", "市大数据局", "市公安局、市行政审批局", ""},
};

static void two_documents(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    yw_plan p;
    parse_plan(&a, "two-documents.txt", 2025, &p);
    assert_string_equal(p.title, "某市优化营商环境行动计划");
    check_measures(&a, &p, first_document, 3);
    /* neither the closing sentence nor the second title is glued onto the last measure */
    assert_string_equal(p.measures[2].text, "3.提升跨境贸易便利化水平。6月中旬前上线“单一窗口”特色应用。〔牵头单位:市商务局〕");
    assert_int_equal(p.nunplaced, 8); /* the notice (5 lines), the title, the preamble, the closing */
    assert_string_equal(p.unplaced[7], "各责任单位要细化任务分工，每月5日前报送进展情况。");
    assert_int_equal(p.nunits, 5);
    const yw_plan *q = p.next;
    assert_non_null(q);
    assert_string_equal(q->title, "某市政务服务提升方案");
    check_measures(&a, q, second_document, 2);
    static const char *const sections[] = {"一、工作任务", "二、组织实施", NULL};
    check_list(q->sections, q->nsections, sections);
    assert_int_equal(q->nunplaced, 3);
    assert_int_equal(q->nunits, 3);
    assert_int_equal(q->measures[0].line, 16);
    assert_null(q->next);
    yw_arena_reset(&a);
}

static const char *date(int64_t d) {
    static char out[11];
    yw_date_format(d, out);
    return out;
}

/* 和 inside a unit's name is part of it; between two units' names it separates them. */
static void units_with_he(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    static const char text[] = "某市优化营商环境措施\n"
                               "1.推进工业企业数字化改造。〔牵头单位:市工业和信息化局;"
                               "责任单位:市人力资源和社会保障局和市市场监管局、区教育和体育局〕\n";
    yw_plan p;
    yw_err err;
    assert_int_equal(yw_plan_parse(&a, text, sizeof text - 1, 2024, &p, &err), 0);
    assert_int_equal(p.nmeasures, 1);
    const yw_plan_measure *m = &p.measures[0];
    assert_string_equal(m->lead_units[0], "市工业和信息化局");
    assert_null(m->lead_units[1]);
    assert_string_equal(m->responsible_units[0], "市人力资源和社会保障局");
    assert_string_equal(m->responsible_units[1], "市市场监管局");
    assert_string_equal(m->responsible_units[2], "区教育和体育局");
    assert_null(m->responsible_units[3]);
    /* parentheses inside a unit list do not end its bracket */
    static const char nested[] = "某市措施\n"
                                 "推行水电气网联合报装，压缩办理时间（责任单位：各区（市）政府、各镇(街道)、市住房城乡建设局）。\n"
                                 "推进不动产登记一窗受理（责任单位：市自然资源和规划局）。\n";
    assert_int_equal(yw_plan_parse(&a, nested, sizeof nested - 1, 2024, &p, &err), 0);
    assert_int_equal(p.nmeasures, 2);
    assert_string_equal(p.measures[0].responsible_units[0], "各区（市）政府");
    assert_string_equal(p.measures[0].responsible_units[1], "各镇(街道)");
    assert_string_equal(p.measures[0].responsible_units[2], "市住房城乡建设局");
    assert_null(p.measures[0].responsible_units[3]);
    assert_string_equal(p.measures[1].responsible_units[0], "市自然资源和规划局");
    /* the sentence's own 。 after its clause stays with the measure */
    assert_string_equal(p.measures[1].text, "推进不动产登记一窗受理（责任单位：市自然资源和规划局）。");
    /* a deadline repeated in one measure is listed once */
    static const char twice[] = "某市措施\n1.推进企业开办一日办结，2024年6月底前完成试点，2024年6月底前全面推开。〔牵头单位:市市场监管局〕\n";
    assert_int_equal(yw_plan_parse(&a, twice, sizeof twice - 1, 2024, &p, &err), 0);
    assert_int_equal(p.measures[0].ndeadlines, 1);
    /* the labels as printed: 牵头部门, 责任部门, 配合单位 */
    static const char labels[] = "某市措施\n1.优化纳税服务。（牵头部门：市税务局；责任部门：市财政局；配合单位：市大数据局）\n";
    assert_int_equal(yw_plan_parse(&a, labels, sizeof labels - 1, 2024, &p, &err), 0);
    assert_string_equal(p.measures[0].lead_units[0], "市税务局");
    assert_string_equal(p.measures[0].responsible_units[0], "市财政局");
    assert_string_equal(p.measures[0].responsible_units[1], "市大数据局");
    /* a label is printed with its colon: this bracket names a unit and holds no label (the
     * Liaocheng plan's measure 58 gave a unit "单位") */
    static const char colonless[] = "某市措施\n1.打击证券违法。〔打击证券违法活动区有关责任部门单位〕\n";
    assert_int_equal(yw_plan_parse(&a, colonless, sizeof colonless - 1, 2024, &p, &err), 0);
    assert_null(p.measures[0].lead_units[0]);
    assert_null(p.measures[0].responsible_units[0]);
    yw_arena_reset(&a);
}

/* ---- a measure carrying two unit clauses; a notice whose items are its measures ---- */

#define F1 "一、审批服务"
#define F2 "二、要素保障"

static const want two_clause_measures[] = {
    /* (牵头单位:…) inside the sentence, then (牵头单位:…) closing it */
    {1, F1, "推进项目审批改革", "市发展改革委、市商务局、市市场监管局", "", "2025-06-30 2025-12-31"},
    {2, F1, "深化集成服务", "市政府办公厅、市行政审批局", "市大数据局", ""}, /* 〔…〕和…〔…〕，…。〔…〕 */
    {3, F1, "推行帮办代办", "市行政审批局", "", "2025-09-30"},
    {1, F2, "降低用能成本", "市住房城乡建设局、市发展改革委", "市城市管理局", ""}, /* (…)……(…)。 */
    {2, F2, "强化融资服务", "市财政局", "", ""},
};

/* A unit clause inside a sentence names the units of a part of its measure: the measure goes on
 * to the clause that closes the sentence, and has the units of both. A heading carrying such a
 * measure stays a measure (it is no section of two clause-ended measures), in plans numbered
 * "1." the second clause may stand on the measure's next line, and in plans without numbers the
 * clause inside a sentence ends no measure, nor does the second of two brackets side by side. */
static void two_unit_clauses(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    yw_plan p;
    yw_err err;
    parse_plan(&a, "two-clauses.txt", 2025, &p);
    check_measures(&a, &p, two_clause_measures, 5);
    static const char *const sections[] = {F1, F2, "三、保障措施", "(一)加强组织领导", NULL};
    check_list(p.sections, p.nsections, sections);
    assert_int_equal(p.nunits, 9);
    assert_int_equal(p.nunplaced, 3); /* the title, the preamble, the safeguard's sentence */
    assert_string_equal(p.measures[0].text, "(一)推进项目审批改革。6月底前完成审批流程再造（牵头单位：市发展改革委），"
                                            "年底前推行并联审批（牵头单位：市商务局、市市场监管局）。");

    static const char numbered[] = "某市措施\n一、任务\n"
                                   "1.推进项目审批改革。6月底前完成审批流程再造（牵头单位：市发展改革委）\n"
                                   "年底前推行并联审批（牵头单位：市商务局、市市场监管局）。\n"
                                   "2.优化企业开办。压缩开办时间。（牵头单位：市市场监管局）\n"
                                   "各单位要抓好落实。\n";
    assert_int_equal(yw_plan_parse(&a, numbered, sizeof numbered - 1, 2025, &p, &err), 0);
    static const want numbered_want[] = {
        {1, "一、任务", "推进项目审批改革", "市发展改革委、市商务局、市市场监管局", "", "2025-06-30 2025-12-31"},
        {2, "一、任务", "优化企业开办", "市市场监管局", "", ""},
    };
    check_measures(&a, &p, numbered_want, 2);
    static const char *const numbered_unplaced[] = {"某市措施", "各单位要抓好落实。", NULL};
    check_list(p.unplaced, p.nunplaced, numbered_unplaced);

    static const char clauses[] = "一、任务\n"
                                  "(一)优化审批。完成审批流程再造（牵头单位：市发展改革委），推行并联审批（牵头单位：市商务局）。"
                                  "推行帮办代办。（责任单位：市行政审批局）\n"
                                  "(二)优化开办。压缩开办时间。（责任单位：市市场监管局）推行智能审批。（责任单位：市税务局）\n"
                                  "(三)优化纳税。推行非接触办税。（牵头单位：市税务局）（责任单位：市商务局）"
                                  "推行一窗办理。（责任单位：市行政审批局）\n";
    assert_int_equal(yw_plan_parse(&a, clauses, sizeof clauses - 1, 2025, &p, &err), 0);
    static const want clauses_want[] = {
        {0, "(一)优化审批", "完成审批流程再造", "市发展改革委、市商务局", "", ""},
        {0, "(一)优化审批", "推行帮办代办", "", "市行政审批局", ""},
        {0, "(二)优化开办", "压缩开办时间", "", "市市场监管局", ""},
        {0, "(二)优化开办", "推行智能审批", "", "市税务局", ""},
        /* two brackets side by side are one clause */
        {0, "(三)优化纳税", "推行非接触办税", "市税务局", "市商务局", ""},
        {0, "(三)优化纳税", "推行一窗办理", "", "市行政审批局", ""},
    };
    check_measures(&a, &p, clauses_want, 6);
    yw_arena_reset(&a);
}

static const want notice_measures[] = {
    {1, "", "持续压缩企业开办时间", "", "", ""},
    {2, "", "深化工程建设项目审批制度改革", "", "", ""},
    {3, "", "推进政务服务“跨省通办”", "", "", ""},
    {4, "", "提升纳税服务便利度", "", "", ""},
    {5, "", "加强知识产权保护", "", "", ""},
    {6, "", "规范涉企收费", "", "", ""},
    {7, "", "优化用水用电用气报装服务", "", "", ""},
    {8, "", "健全企业诉求响应机制", "", "", ""},
    {9, "", "强化信用监管", "", "", ""},
    {10, "", "加强组织保障", "", "", ""},
};

/* A notice whose items 一、…十、 have nothing numbered under them: each item is a measure with its
 * number and its title, though none names a unit or a deadline; the issuer and the date after the
 * last item are not part of it. */
static void notice_items(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    yw_plan p;
    parse_plan(&a, "notice-items.txt", 2025, &p);
    check_measures(&a, &p, notice_measures, 10);
    assert_string_equal(p.title, "某市人民政府关于进一步优化营商环境的通知(测试数据)");
    assert_int_equal(p.nsections, 0);
    assert_int_equal(p.ndeadlines, 0);
    assert_int_equal(p.nunits, 0);
    assert_string_equal(p.measures[9].text, "十、加强组织保障。各区、各部门要落实主体责任，\n细化工作措施，确保各项任务落到实处。");
    assert_int_equal(p.measures[9].line, 14);
    const char *const unplaced[] = {"当前位置：首页 > 政务公开 > 通知公告", p.title, "各区人民政府，市政府各部门",
                                           "为进一步优化营商环境，激发市场活力，现就有关事项通知如下。本文件是yiwang的测试数据，内容均为虚构",
                                           "某市人民政府", "2025年2月14日", NULL};
    check_list(p.unplaced, p.nunplaced, unplaced);
    assert_null(p.next);
    yw_arena_reset(&a);
}

/* A list prints a shared end once only where its names are fronts of one kind of name
 * (教育、文化、体育分局); a whole organisation's name that is no bureau (市科协, 市工商联, 市残联,
 * 市妇联, 团市委) is never given the end of the name after it. */
static void shared_unit_ends(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    yw_plan p;
    yw_err err;
    static const char text[] = "某市措施\n"
                               "1.甲。（责任单位：市科协、市工商联、市残联、公安分局）\n"
                               "2.乙。（责任单位：市残联、市妇联、团市委、市教育局）\n"
                               "3.丙。（责任单位：教育、文化、体育分局）\n"
                               "4.丁。（牵头单位：市工商联、市税务局；责任单位：市科协、公安、交通分局）\n"
                               "5.戊。（责任单位：市委宣传部、市侨联、市文联、市总工会、市红十字会、市教育局）\n";
    assert_int_equal(yw_plan_parse(&a, text, sizeof text - 1, 2025, &p, &err), 0);
    static const want w[] = {
        {1, "", "甲", "", "市科协、市工商联、市残联、公安分局", ""},
        {2, "", "乙", "", "市残联、市妇联、团市委、市教育局", ""},
        {3, "", "丙", "", "教育分局、文化分局、体育分局", ""},
        {4, "", "丁", "市工商联、市税务局", "市科协、公安分局、交通分局", ""},
        {5, "", "戊", "", "市委宣传部、市侨联、市文联、市总工会、市红十字会、市教育局", ""},
    };
    check_measures(&a, &p, w, 5);
    yw_arena_reset(&a);
}

static void malformed_files(void **state) {
    (void)state;
    yw_arena a;
    yw_arena_init(&a);
    yw_plan p;
    yw_err err;
    assert_int_equal(yw_plan_parse(&a, "", 0, 2022, &p, &err), -1);
    assert_string_equal(err.reason, "plan_empty");
    assert_string_equal(err.message, "文件为空");
    assert_non_null(strstr(err.message_en, "empty"));
    assert_int_equal(yw_plan_parse(&a, "1.abc\0def", 9, 2022, &p, &err), -1);
    assert_string_equal(err.reason, "plan_binary");
    assert_non_null(strstr(err.message_en, "binary"));
    const char gbk[] = "1.\xc9\xfa\xb2\xfa"; /* "生产" in GBK */
    assert_int_equal(yw_plan_parse(&a, gbk, sizeof gbk - 1, 2022, &p, &err), -1);
    assert_string_equal(err.reason, "plan_not_utf8");
    assert_non_null(strstr(err.message, "字节偏移2"));
    assert_non_null(strstr(err.message_en, "not UTF-8: byte 2"));
    const char prose[] = "这是一段没有措施的文字。\n第二段。\n";
    assert_int_equal(yw_plan_parse(&a, prose, sizeof prose - 1, 2022, &p, &err), -1);
    assert_string_equal(err.reason, "plan_no_measures");
    assert_non_null(strstr(err.message_en, "no measures"));
    const char ok[] = "一、任务\n1.做一件事。12月底前完成。〔牵头单位:市大数据局〕\n";
    assert_int_equal(yw_plan_parse(&a, ok, sizeof ok - 1, 1999, &p, &err), -1);
    assert_string_equal(err.field, "year");
    assert_int_equal(yw_plan_parse(&a, ok, sizeof ok - 1, 2023, &p, &err), 0);
    assert_int_equal(p.nmeasures, 1);
    assert_string_equal(date(p.measures[0].deadlines[0]), "2023-12-31");
    /* years named in the text win; "明年底前" is next year's end */
    const char years[] = "1.甲。2024年6月底前完成,明年底前推广。(责任单位:市商务局)\n";
    assert_int_equal(yw_plan_parse(&a, years, sizeof years - 1, 2023, &p, &err), 0);
    assert_int_equal(p.measures[0].ndeadlines, 2);
    assert_string_equal(date(p.measures[0].deadlines[0]), "2024-06-30");
    assert_string_equal(date(p.measures[0].deadlines[1]), "2024-12-31");
    yw_arena_reset(&a);
}

/* The fuzz target's own seeds (tests/fuzz/seeds/fuzz_plan/) hold what it checks: each document
 * has a measure, each measure a section and unit lists without an empty name. A plan without
 * numbered measures that opens with a heading flushed an empty pending buffer whose data was
 * still NULL ("NULL + 0", undefined: clang's UBSan stopped fuzz_plan on its seeds, gcc's does not
 * see it, so run this under a clang sanitizer build to see it fail). */
static void fuzz_seeds(void **state) {
    (void)state;
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/tests/fuzz/seeds/fuzz_plan", YW_SOURCE_DIR);
    DIR *d = opendir(dir);
    assert_non_null(d);
    int files = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.') continue;
        yw_arena a;
        yw_arena_init(&a);
        char path[1300];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        char text[8192];
        size_t n = fread(text, 1, sizeof text, f);
        fclose(f);
        assert_true(n < sizeof text); /* libFuzzer runs them with -max_len=4096 */
        yw_plan p;
        yw_err err;
        if (yw_plan_parse(&a, text, n, 2024, &p, &err) < 0) fail_msg("%s: %s", e->d_name, err.message);
        for (const yw_plan *doc = &p; doc; doc = doc->next) {
            assert_true(doc->nmeasures >= 1);
            for (int i = 0; i < doc->nmeasures; i++) {
                const yw_plan_measure *m = &doc->measures[i];
                assert_non_null(m->section);
                for (const char **u = m->lead_units; *u; u++) assert_true(**u);
                for (const char **u = m->responsible_units; *u; u++) assert_true(**u);
            }
        }
        files++;
        yw_arena_reset(&a);
    }
    closedir(d);
    assert_true(files >= 7);
    /* the smallest such plan: a heading first, then a clause */
    yw_arena a;
    yw_arena_init(&a);
    yw_plan p;
    yw_err err;
    static const char heading_first[] = "一、行动\n(一)标题。第一句。(责任单位:市商务局)\n";
    assert_int_equal(yw_plan_parse(&a, heading_first, sizeof heading_first - 1, 2024, &p, &err), 0);
    assert_int_equal(p.nmeasures, 1);
    assert_string_equal(p.measures[0].responsible_units[0], "市商务局");
    assert_int_equal(p.nunplaced, 0);
    yw_arena_reset(&a);
}

static void import_and_map(void **state) {
    yw_store *s = *state;
    yw_arena a;
    yw_arena_init(&a);
    yw_plan p;
    yw_err err;
    yw_op op = yw_op_make(s, &a, NULL, &err);
    yw_ledger_report r;
    parse_plan(&a, "unnumbered-clauses.txt", 2024, &p);
    yw_actor clerk = {.account_id = "x", .kind = "staff", .roles = YW_ROLE_CLERK};
    assert_int_equal(TEST_WRITE(s, yw_ledger_import(test_as(&op, &clerk), &(yw_ledger_import_in){"clauses.txt", 2024, &p, false, NULL}, &r)), -1);
    assert_int_equal(err.code, YW_ERR_FORBIDDEN);
    assert_int_equal(TEST_WRITE(s, yw_ledger_import(test_as(&op, &yw_actor_system), &(yw_ledger_import_in){"clauses.txt", 2024, &p, true, NULL}, &r)), 0);
    assert_int_equal(r.measures, 18);
    assert_int_equal(r.sections, 16);
    assert_int_equal(r.deadlines, 5);
    assert_int_equal(r.unplaced, 10);
    assert_int_equal(r.units, 16);
    assert_int_equal(r.units_matched, 14); /* by name or alias: 市卫健委, 市人社局 … */
    assert_int_equal(r.units_unmatched, 2);
    assert_string_equal(r.unmatched[0], "市委网信办");
    assert_string_equal(r.unmatched[1], "市文旅局"); /* the demo city knows 市文化和旅游局 only */
    assert_null(r.unmatched[2]);
    assert_int_equal(r.plan_id[0], '\0');
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM ledger_measures"), 0); /* a dry run saves nothing */
    assert_int_equal(TEST_WRITE(s, yw_ledger_import(test_as(&op, &yw_actor_system), &(yw_ledger_import_in){"clauses.txt", 2024, &p, false, NULL}, &r)), 0);
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM ledger_measures"), 18);
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM ledger_measures WHERE number IS NULL"), 18);
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM ledger_measures WHERE due_date IS NOT NULL"), 5);
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM ledger_measure_units WHERE role = 'responsible'"), 34);
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM ledger_measure_units WHERE role = 'lead'"), 0);
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM ledger_measure_units WHERE department_id IS NULL"), 2);
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM ledger_measure_units u JOIN departments d ON d.id = u.department_id"
                                   " WHERE d.code = 'QD-XZSP'"),
                     6);
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM ledger_measure_units u JOIN departments d ON d.id = u.department_id"
                                   " WHERE d.code = 'QD-DSJ'"),
                     5);
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM audit_log WHERE action = 'ledger.import'"), 1);
    /* map an unmatched unit: applied now, remembered for the next import */
    int applied = 0;
    assert_int_equal(TEST_WRITE(s, yw_ledger_map_unit(test_as(&op, &yw_actor_system), &(yw_unit_mapping){"市文旅局", "不存在局"}, &applied)), -1);
    assert_int_equal(err.code, YW_ERR_NOT_FOUND);
    assert_int_equal(TEST_WRITE(s, yw_ledger_map_unit(test_as(&op, &yw_actor_system), &(yw_unit_mapping){"市文旅局", "QD-WLJ"}, &applied)), 0);
    assert_int_equal(applied, 1);
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM ledger_measure_units u JOIN departments d ON d.id = u.department_id"
                                   " WHERE d.code = 'QD-WLJ' AND u.unit_name = '市文旅局'"),
                     1);
    assert_int_equal(TEST_WRITE(s, yw_ledger_import(test_as(&op, &yw_actor_system), &(yw_ledger_import_in){"again.txt", 2024, &p, true, NULL}, &r)), 0);
    assert_int_equal(r.units_matched, 15);
    assert_int_equal(r.units_unmatched, 1);
    assert_string_equal(r.unmatched[0], "市委网信办");
    yw_arena_reset(&a);
}

/* Two plans printed in one notice are saved as two plans, each with its own measures. */
static void import_documents(void **state) {
    yw_store *s = *state;
    yw_arena a;
    yw_arena_init(&a);
    yw_plan p;
    yw_err err;
    yw_op op = yw_op_make(s, &a, NULL, &err);
    yw_ledger_report r;
    parse_plan(&a, "two-documents.txt", 2025, &p);
    assert_int_equal(TEST_WRITE(s, yw_ledger_import(test_as(&op, &yw_actor_system), &(yw_ledger_import_in){"notice.txt", 2025, &p, true, NULL}, &r)), 0);
    assert_int_equal(r.documents, 2);
    assert_int_equal(r.measures, 5);
    assert_int_equal(r.unplaced, 11); /* 8 + 3: counted in the summary, listed per document */
    assert_int_equal(r.units, 8);     /* distinct over both documents */
    assert_null(r.plan_ids[0]);
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM ledger_plans"), 0);
    assert_int_equal(TEST_WRITE(s, yw_ledger_import(test_as(&op, &yw_actor_system), &(yw_ledger_import_in){"notice.txt", 2025, &p, false, NULL}, &r)), 0);
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM ledger_plans"), 2);
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM ledger_measures m JOIN ledger_plans p ON p.id = m.plan_id"
                                   " WHERE p.title = '某市优化营商环境行动计划'"),
                     3);
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM ledger_measures m JOIN ledger_plans p ON p.id = m.plan_id"
                                   " WHERE p.title = '某市政务服务提升方案'"),
                     2);
    assert_string_equal(r.plan_id, r.plan_ids[0]);
    assert_non_null(r.plan_ids[1]);
    assert_null(r.plan_ids[2]);
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM audit_log WHERE action = 'ledger.import'"), 2);
    yw_arena_reset(&a);
}

/* A plan imported again (issue 7): refused naming the plan; replaced, the measures whose text is
 * unchanged keep their reports, a reworded one keeps its row, a new one is added and the one gone
 * is cancelled; withdrawn, its measures leave the list that does not name it. */
static void replace_and_withdraw(void **state) {
    yw_store *s = *state;
    yw_arena a;
    yw_arena_init(&a);
    yw_plan p, q;
    yw_err err;
    yw_op op = yw_op_make(s, &a, NULL, &err);
    yw_ledger_report r;
    parse_plan(&a, "numbered-with-units.txt", 2023, &p);
    assert_int_equal(TEST_WRITE(s, yw_ledger_import(test_as(&op, &yw_actor_system), &(yw_ledger_import_in){"plan.txt", 2023, &p, false, NULL}, &r)), 0);
    char plan_id[YW_ID_SIZE];
    memcpy(plan_id, r.plan_id, YW_ID_SIZE);
    yw_rows rows;
    assert_int_equal(yw_store_query(s, &a, "SELECT id FROM ledger_measures WHERE plan_id = $1 AND number = 1", YW_ARGS(plan_id), &rows, &err), 0);
    const char *first = yw_rows_get(&rows, 0, 0);
    yw_progress_new report = {first, "2023-04-01", YW_MEASURE_IN_PROGRESS, 40, "已启动", NULL, 0};
    assert_int_equal(TEST_WRITE(s, yw_ledger_report_progress(test_as(&op, &yw_actor_system), &report, NULL)), 0);

    /* the same document again */
    assert_int_equal(TEST_WRITE(s, yw_ledger_import(test_as(&op, &yw_actor_system), &(yw_ledger_import_in){"plan.txt", 2023, &p, false, NULL}, &r)), -1);
    assert_string_equal(err.reason, "plan_exists");
    assert_non_null(strstr(err.message, plan_id));
    assert_int_equal(TEST_WRITE(s, yw_ledger_import(test_as(&op, &yw_actor_system), &(yw_ledger_import_in){"plan.txt", 2023, &p, true, NULL}, &r)), 0);
    assert_string_equal(r.existing_plan_id, plan_id);

    /* the revised text: measure 21 replaced by another, 22 reworded, all renumbered by nothing */
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/data/plans/numbered-with-units.txt", YW_SOURCE_DIR);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char text[16384];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    yw_buf b;
    yw_buf_init(&b, &a);
    const char *gone = strstr(text, "21.开展跨部门联合抽查");
    const char *gone_end = gone ? strchr(gone, '\n') : NULL;
    const char *reworded = strstr(text, "建立检查计划报备制度");
    assert_non_null(gone_end);
    assert_non_null(reworded);
    yw_buf_printf(&b, "%.*s21.推行“综合查一次”。年底前覆盖10个行业。〔牵头单位:市市场监管局〕%.*s建立年度检查计划公示制度%s",
                  (int)(gone - text), text, (int)(reworded - gone_end), gone_end, reworded + strlen("建立检查计划报备制度"));
    assert_false(b.failed);
    assert_int_equal(yw_plan_parse(&a, b.data, b.len, 2023, &q, &err), 0);
    assert_int_equal(q.nmeasures, 22);
    yw_ledger_import_in replace = {"revised.txt", 2023, &q, true, plan_id};
    assert_int_equal(TEST_WRITE(s, yw_ledger_import(test_as(&op, &yw_actor_system), &replace, &r)), 0);
    assert_int_equal(r.kept, 20);
    assert_int_equal(r.changed, 1);
    assert_int_equal(r.added, 1);
    assert_int_equal(r.removed, 1);
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM ledger_measures"), 22); /* a dry run */
    replace.dry_run = false;
    assert_int_equal(TEST_WRITE(s, yw_ledger_import(test_as(&op, &yw_actor_system), &replace, &r)), 0);
    assert_string_equal(r.plan_id, plan_id);
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM ledger_measures"), 23);
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM ledger_measures WHERE status = 'cancelled'"), 1);
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM ledger_progress"), 1);
    assert_int_equal(yw_store_query(s, &a, "SELECT status FROM ledger_measures WHERE id = $1", YW_ARGS(first), &rows, &err), 0);
    assert_string_equal(yw_rows_get(&rows, 0, 0), "in_progress");
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM ledger_measures WHERE body LIKE '%年度检查计划公示制度%'"), 1);
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM audit_log WHERE action = 'ledger.replace'"), 1);

    /* withdrawn: a reason, once; then its measures leave the list without a plan */
    yw_actor clerk = {.account_id = "x", .kind = "staff", .roles = YW_ROLE_CLERK};
    assert_int_equal(TEST_WRITE(s, yw_ledger_withdraw(test_as(&op, &clerk), &(yw_plan_withdraw){plan_id, "重复"}, NULL)), -1);
    assert_int_equal(err.code, YW_ERR_FORBIDDEN);
    assert_int_equal(TEST_WRITE(s, yw_ledger_withdraw(test_as(&op, &yw_actor_system), &(yw_plan_withdraw){plan_id, " "}, NULL)), -1);
    assert_string_equal(err.reason, "supervision_text_required");
    yw_ledger_unit *units;
    int nunits;
    assert_int_equal(yw_ledger_units(test_as(&op, &yw_actor_system), false, &units, &nunits), 0);
    assert_true(nunits > 0);
    assert_int_equal(TEST_WRITE(s, yw_ledger_withdraw(test_as(&op, &yw_actor_system), &(yw_plan_withdraw){plan_id, "重复导入"}, NULL)), 0);
    /* its units leave the list of units with it (it was the only plan) */
    assert_int_equal(yw_ledger_units(test_as(&op, &yw_actor_system), false, &units, &nunits), 0);
    assert_int_equal(nunits, 0);
    assert_int_equal(TEST_WRITE(s, yw_ledger_withdraw(test_as(&op, &yw_actor_system), &(yw_plan_withdraw){plan_id, "再撤回"}, NULL)), -1);
    assert_string_equal(err.reason, "plan_withdrawn");
    replace.dry_run = true;
    assert_int_equal(TEST_WRITE(s, yw_ledger_import(test_as(&op, &yw_actor_system), &replace, &r)), -1);
    assert_string_equal(err.reason, "plan_withdrawn");
    /* a withdrawn plan is closed: no report, no urging on its measures */
    assert_int_equal(TEST_WRITE(s, yw_ledger_report_progress(test_as(&op, &yw_actor_system), &report, NULL)), -1);
    assert_string_equal(err.reason, "plan_withdrawn");
    yw_urging_new urge = {.measure_id = first, .note = "请加快"};
    assert_int_equal(TEST_WRITE(s, yw_ledger_urge(test_as(&op, &yw_actor_system), &urge, NULL, NULL)), -1);
    assert_string_equal(err.reason, "plan_withdrawn");
    assert_int_equal(test_count(s, "SELECT COUNT(*) FROM ledger_progress"), 1);
    yw_measure *ms;
    int count, total;
    yw_measure_filter all = {.limit = 1000};
    assert_int_equal(yw_ledger_measures(test_as(&op, &yw_actor_system), &all, &ms, &count, &total), 0);
    assert_int_equal(total, 0);
    all.plan_id = plan_id;
    assert_int_equal(yw_ledger_measures(test_as(&op, &yw_actor_system), &all, &ms, &count, &total), 0);
    assert_int_equal(total, 23);
    yw_arena_reset(&a);
}

int main(void) {
    test_init_sodium();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(numbered_with_units), cmocka_unit_test(traditional_garbled_annex),
        cmocka_unit_test(unnumbered_clauses), cmocka_unit_test(chinese_numerals), cmocka_unit_test(restarting_numbers),
        cmocka_unit_test(two_documents), cmocka_unit_test(units_with_he), cmocka_unit_test(two_unit_clauses),
        cmocka_unit_test(notice_items), cmocka_unit_test(shared_unit_ends), cmocka_unit_test(malformed_files),
        cmocka_unit_test(fuzz_seeds), BOTH(import_and_map),
        BOTH(import_documents), BOTH(replace_and_withdraw),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
