/* The demo city's rating: the demo person rates their completed demo case 不满意, with words and
 * tags, through the same function the API calls — so the department finds a 差评 to rectify, the
 * supervisor one to follow, and their messages are real. Loaded after the cases (case/demo.c). */
#include "review.h"

#include "../../base/err.h"

#define DEMO_PERSON "370202199003071233"

int yw_review_demo_load(yw_op *op, int *added) {
    *added = 0;
    yw_rows rows;
    if (yw_store_query(op->store, op->arena,
                       "SELECT c.id, a.id, a.kind, a.login, a.name FROM cases c JOIN accounts a ON a.id = c.applicant_id"
                       " WHERE a.login = $1 AND c.state = 'completed'"
                       " AND NOT EXISTS (SELECT 1 FROM ratings r WHERE r.case_id = c.id) ORDER BY c.created_at LIMIT 1",
                       YW_ARGS(DEMO_PERSON), &rows, op->err) < 0)
        return -1;
    if (!rows.nrows) return 0;
    yw_actor person = {yw_rows_get(&rows, 0, 1), yw_rows_get(&rows, 0, 2), yw_rows_get(&rows, 0, 3),
                       yw_rows_get(&rows, 0, 4), NULL, YW_ROLE_APPLICANT};
    static const yw_rating_aspect_in aspects[] = {{"overall", "dissatisfied"}, {"efficiency", "dissatisfied"}};
    static const char *const tags[] = {"办理时间长", "材料要求不清楚"};
    yw_rating_in in = {.case_id = yw_rows_get(&rows, 0, 0), .channel = "online", .aspects = aspects, .naspects = 2,
                       .tags = tags, .ntags = 2,
                       .text = "网上提交后等了好几天才有人处理，申请书要签名的要求指南里没写清楚，来回补了一次。"};
    const yw_actor *was = op->actor;
    op->actor = &person;
    yw_rating r;
    int rc = yw_rating_create(op, &in, &r);
    op->actor = was;
    if (rc < 0) return -1;
    *added = 1;
    return 0;
}
