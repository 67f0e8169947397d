/* SMS that carry a secret (message.h): a one-time login code, a new password an administrator
 * set. They go to the account's phone through the outbox and nowhere else: not the message
 * centre (anyone reading over a shoulder there would see it), not the outbox's list. */
#include <string.h>

#include "../core/account.h"
#include "message.h"

int yw_message_on_secret(yw_op *op, yw_event *ev) {
    const yw_account_secret *s = ev->data;
    const char *text = strcmp(ev->kind, "login.code") == 0
                           ? yw_arena_printf(op->arena, "【一网通办】您的登录验证码为%s，5分钟内有效，仅可使用一次。请勿告诉他人；"
                                                        "如非本人操作，请忽略本短信。",
                                             s->secret)
                           : yw_arena_printf(op->arena, "【一网通办】管理员已为您的账号重置密码，新密码为%s。"
                                                        "请尽快登录并设置您自己的密码。",
                                             s->secret);
    if (!text) return yw_fail(op->err, YW_E_NOMEM, NULL);
    return yw_outbox_queue(op, s->account_id, NULL, s->phone, text, true);
}
