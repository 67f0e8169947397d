/* The synthetic registry of `yiwang demo --entities N`. Entity i is a pure function of i: a
 * SplitMix64 stream seeded with i draws every field, so the same N gives the same rows on every
 * machine, and a larger N extends a smaller one. The distributions follow the shape of
 * Qingdao's registry (about two million entities, two thirds of them individual businesses):
 *  - kind: 62 % individual businesses, 33 % companies, 3 % branches, 2 % cooperatives;
 *  - region: the city's ten districts and county-level cities, weighted by their size;
 *  - industry: wholesale and retail first, then catering, business services, manufacturing …
 *    (GB/T 4754 divisions); cooperatives farm;
 *  - scale: individual businesses nearly all micro; companies 70 % micro, 22 % small, 6.5 %
 *    medium, 1.5 % large; employees and revenue drawn within the scale's bounds;
 *  - established: from 1985, more of them recent (the registry grew fastest after 2014);
 *  - labels: companies only and rare (高新技术企业 about 1 in 100 small or larger companies,
 *    独角兽 a handful in a million), R&D ratios where a label calls for one;
 *  - credit: A 70 %, B 22 %, C 6 %, D 2 %;
 *  - a bank (a sub-branch of one of seven banks in the city) and a 19-digit account.
 * The USCC is 9 (market regulation), 1/2/3 (enterprise, individual business, cooperative), the
 * district's code, "MA" and six base-31 digits of i — so every i has its own — and the two
 * check characters computed (GB 11714, GB 32100). */
#include <string.h>

#include "../../std/uscc.h"
#include "entity.h"

typedef struct {
    uint64_t state;
} rng;

static uint64_t next_u64(rng *r) {
    uint64_t z = (r->state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* Uniform in [0, n). */
static uint64_t below(rng *r, uint64_t n) { return next_u64(r) % n; }
/* Uniform in [0, 1). */
static double unit(rng *r) { return (double)(next_u64(r) >> 11) / 9007199254740992.0; }
/* Log-uniform in [lo, hi]: amounts spread over orders of magnitude. */
static int64_t log_between(rng *r, int64_t lo, int64_t hi) {
    double x = unit(r);
    double v = (double)lo;
    double ratio = (double)hi / (double)lo;
    /* v = lo * ratio^x without libm: repeated square roots */
    double f = ratio, acc = 1.0;
    for (int bit = 0; bit < 20; bit++) {
        f = __builtin_sqrt(f);
        x *= 2;
        if (x >= 1) {
            acc *= f;
            x -= 1;
        }
    }
    v *= acc;
    return v > (double)hi ? hi : (int64_t)v;
}

typedef struct {
    const char *value;
    int weight;
} weighted;

static const char *pick(rng *r, const weighted *w) {
    int total = 0;
    for (const weighted *p = w; p->value; p++) total += p->weight;
    int x = (int)below(r, (uint64_t)total);
    for (const weighted *p = w; p->value; p++) {
        if (x < p->weight) return p->value;
        x -= p->weight;
    }
    return w[0].value;
}

static const weighted districts[] = {
    {"370211", 20}, /* 黄岛区 (西海岸新区) */
    {"370214", 13}, /* 城阳区 */
    {"370215", 12}, /* 即墨区 */
    {"370281", 10}, /* 胶州市 */
    {"370203", 10}, /* 市北区 */
    {"370283", 9},  /* 平度市 */
    {"370202", 7},  /* 市南区 */
    {"370213", 7},  /* 李沧区 */
    {"370212", 6},  /* 崂山区 */
    {"370285", 6},  /* 莱西市 */
    {NULL, 0},
};

/* GB/T 4754 divisions with a weight, and a word for the name */
static const weighted industries[] = {
    {"52", 25}, {"51", 15}, {"62", 10}, {"72", 8}, {"80", 6}, {"54", 4}, {"65", 4}, {"48", 2}, {"47", 2},
    {"70", 2},  {"61", 2},  {"75", 2},  {"74", 2}, {"73", 1}, {"13", 1}, {"14", 1}, {"18", 1}, {"29", 1},
    {"33", 1},  {"34", 1},  {"35", 1},  {"36", 1}, {"38", 1}, {"39", 1}, {"26", 1}, {"17", 1}, {"71", 1},
    {"85", 1},  {"87", 1},  {NULL, 0},
};
static const weighted farming[] = {{"01", 6}, {"03", 2}, {"04", 1}, {"05", 2}, {NULL, 0}};

static const char *industry_word(const char *division) {
    static const struct {
        const char *division, *word;
    } words[] = {
        {"52", "商贸"}, {"51", "贸易"}, {"62", "餐饮"},   {"72", "商务咨询"}, {"80", "家政服务"}, {"54", "物流"},
        {"65", "信息技术"}, {"48", "建设工程"}, {"47", "建筑"}, {"70", "置业"}, {"61", "酒店"}, {"75", "科技"},
        {"74", "工程技术"}, {"73", "检测"}, {"13", "食品"}, {"14", "食品"}, {"18", "服饰"}, {"29", "橡胶制品"},
        {"33", "金属制品"}, {"34", "机械"}, {"35", "装备"}, {"36", "汽车配件"}, {"38", "电气"}, {"39", "电子"},
        {"26", "化工"}, {"17", "纺织"}, {"71", "租赁"}, {"85", "文化传媒"}, {"87", "体育文化"}, {"01", "农产品"},
        {"03", "畜牧"}, {"04", "水产"}, {"05", "农业服务"},
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(words[i].division, division) == 0) return words[i].word;
    return "实业";
}

static const char *const name_words[] = {
    "海川", "琴岛", "崂山", "黄海", "蓝湾", "胶东", "海岳", "金沙", "银海", "鲁青", "瑞丰", "恒通", "华信",
    "宏达", "启航", "远洋", "嘉禾", "德润", "鑫源", "汇通", "新港", "东方", "盛世", "开元", "润泽", "广域",
    "明远", "天泰", "鸿运", "佳和", "海纳", "致远", "安泰", "永信", "中联", "星河", "博众", "青禾", "晟达",
    "浩瀚", "融创", "凯盛", "泽润", "万福", "和畅", "聚鑫", "立信", "航海", "碧波", "云帆",
};
static const char *const surnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙",
                                       "马", "朱", "胡", "郭", "何", "高", "林", "于", "宋", "郑", "曲", "姜",
                                       "辛", "隋", "矫", "栾", "臧", "逄"};
static const char *const given[] = {"伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰",
                                    "涛", "明", "超", "秀英", "海燕", "建华", "志强", "晓东", "丽华", "国庆",
                                    "春梅", "文博", "子涵", "浩然", "欣怡", "宇航", "雨桐", "俊杰"};
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY"; /* GB 32100's 31 symbols */

int yw_entity_demo_row(yw_arena *a, int64_t i, yw_entity *out) {
    rng r = {(uint64_t)i * 0x2545F4914F6CDD1DULL + 20080000};
    yw_entity e = {.status = YW_ENTITY_ACTIVE};
    int k = (int)below(&r, 100);
    e.kind = k < 62 ? YW_ENTITY_INDIVIDUAL : k < 95 ? YW_ENTITY_COMPANY : k < 98 ? YW_ENTITY_BRANCH : YW_ENTITY_COOPERATIVE;
    e.region = pick(&r, districts);
    e.industry = pick(&r, e.kind == YW_ENTITY_COOPERATIVE ? farming : industries);

    char *uscc = yw_arena_alloc(a, YW_ENTITY_USCC_SIZE);
    if (!uscc) return -1;
    uscc[0] = '9';
    uscc[1] = e.kind == YW_ENTITY_INDIVIDUAL ? '2' : e.kind == YW_ENTITY_COOPERATIVE ? '3' : '1';
    memcpy(uscc + 2, e.region, 6);
    uscc[8] = 'M';
    uscc[9] = 'A';
    int64_t n = i;
    for (int d = 15; d >= 10; d--) {
        uscc[d] = alphabet[n % 31];
        n /= 31;
    }
    uscc[16] = yw_orgcode_check_char(uscc + 8);
    uscc[17] = yw_uscc_check_char(uscc);
    uscc[18] = '\0';
    e.uscc = uscc;

    const char *w1 = name_words[below(&r, COUNT(name_words))], *w2 = name_words[below(&r, COUNT(name_words))];
    const char *word = industry_word(e.industry);
    switch (e.kind) {
    case YW_ENTITY_INDIVIDUAL: {
        static const char *const shops[] = {"店", "商行", "经营部", "工作室", "服务部", "便利店"};
        e.name = yw_arena_printf(a, "青岛市%s%s%s%s", w1, w2, word, shops[below(&r, COUNT(shops))]);
        break;
    }
    case YW_ENTITY_COOPERATIVE: e.name = yw_arena_printf(a, "青岛%s%s%s专业合作社", w1, w2, word); break;
    case YW_ENTITY_BRANCH: e.name = yw_arena_printf(a, "%s%s%s有限公司青岛分公司", w1, w2, word); break;
    default:
        e.name = yw_arena_printf(a, "青岛%s%s%s%s", w1, w2, word, below(&r, 20) ? "有限公司" : "股份有限公司");
    }
    e.legal_rep = yw_arena_printf(a, "%s%s", surnames[below(&r, COUNT(surnames))], given[below(&r, COUNT(given))]);
    if (!e.name || !e.legal_rep) return -1;

    int s = (int)below(&r, 1000);
    if (e.kind == YW_ENTITY_INDIVIDUAL || e.kind == YW_ENTITY_COOPERATIVE)
        e.scale = s < 970 ? YW_SCALE_MICRO : YW_SCALE_SMALL;
    else
        e.scale = s < 700 ? YW_SCALE_MICRO : s < 920 ? YW_SCALE_SMALL : s < 985 ? YW_SCALE_MEDIUM : YW_SCALE_LARGE;
    static const int employees_lo[] = {1, 10, 100, 1000}, employees_hi[] = {9, 99, 999, 20000};
    static const int64_t revenue_lo[] = {5000000LL, 300000000LL, 2000000000LL, 40000000000LL},
                         revenue_hi[] = {300000000LL, 2000000000LL, 40000000000LL, 1000000000000LL};
    e.employees = (int)log_between(&r, employees_lo[e.scale], employees_hi[e.scale]);
    if (e.kind == YW_ENTITY_INDIVIDUAL && e.employees > 8) e.employees = 8;
    e.revenue_fen = log_between(&r, revenue_lo[e.scale], revenue_hi[e.scale]);
    e.capital_fen = e.kind == YW_ENTITY_INDIVIDUAL ? log_between(&r, 1000000LL, 50000000LL)
                    : e.kind == YW_ENTITY_BRANCH   ? 0
                                                   : log_between(&r, 10000000LL, 100000000LL << e.scale * 3);

    /* more recent than old: the square root leans the draw toward the end of the span */
    int64_t first = yw_days_from_civil(1985, 1, 1), last = yw_days_from_civil(2026, 6, 30);
    double x = __builtin_sqrt(unit(&r));
    char *day = yw_arena_alloc(a, YW_DATE_SIZE);
    if (!day) return -1;
    yw_date_format(first + (int64_t)(x * (double)(last - first)), day);
    e.established_on = day;

    if (e.kind == YW_ENTITY_COMPANY) {
        /* chances per million, by scale: micro, then small and larger */
        static const struct {
            int64_t bit;
            int micro, larger;
        } odds[] = {{1 << 6, 10000, 50000}, {1 << 1, 3000, 40000}, {1 << 0, 500, 20000}, {1 << 5, 2000, 3000},
                    {1 << 2, 0, 5000},      {1 << 4, 0, 3000},     {1 << 3, 0, 50},      {1 << 7, 0, 300}};
        for (size_t l = 0; l < COUNT(odds); l++)
            if ((int)below(&r, 1000000) < (e.scale == YW_SCALE_MICRO ? odds[l].micro : odds[l].larger))
                e.labels |= odds[l].bit;
        if (e.labels & (1 << 1))
            e.rd_ratio_bp = 300 + (int)below(&r, 1200);
        else if (e.labels)
            e.rd_ratio_bp = 200 + (int)below(&r, 600);
        else if (below(&r, 5) == 0)
            e.rd_ratio_bp = (int)below(&r, 300);
    }
    int c = (int)below(&r, 100);
    e.credit = c < 70 ? YW_CREDIT_A : c < 92 ? YW_CREDIT_B : c < 98 ? YW_CREDIT_C : YW_CREDIT_D;

    /* the bank where grants are paid: drawn last, so that the fields above stay as they were */
    static const struct {
        const char *bank, *prefix; /* a sub-branch in the city, the first digits of its accounts */
    } banks[] = {{"中国工商银行青岛市南支行", "3803020"}, {"中国建设银行青岛崂山支行", "3715019"},
                 {"中国农业银行青岛黄岛支行", "3860101"}, {"中国银行青岛市北支行", "2277113"},
                 {"交通银行青岛李沧支行", "3726050"},     {"青岛银行城阳支行", "8023010"},
                 {"青岛农商银行即墨支行", "8010200"}};
    size_t b = below(&r, COUNT(banks));
    char *account = yw_arena_alloc(a, 20);
    if (!account) return -1;
    memcpy(account, banks[b].prefix, 7);
    for (int d = 7; d < 19; d++) account[d] = (char)('0' + below(&r, 10));
    account[19] = '\0';
    e.bank_name = banks[b].bank;
    e.bank_account = account;
    *out = e;
    return 0;
}
