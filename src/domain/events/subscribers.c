/* Who reacts to what: the one list of the subscribers of every event (core/event.h), in the
 * order they run. A concept that must react to another adds its line here; the concept that
 * raises the event never names its subscribers. */
#include "../case/case.h"
#include "../cert/cert.h"
#include "../core/event.h"
#include "../document/document.h"
#include "../entity/entity.h"
#include "../message/message.h"
#include "../policy/policy.h"

const yw_subscriber yw_subscribers[] = {
    /* a completed bundle acts on the registry (企业信息变更, 企业注销登记); its answer is noted on
     * the case */
    {"case.settled", "registry", yw_entity_on_case_settled},
    /* each completed item issues its certificate (电子证照), after the registry gave a new
     * enterprise its USCC */
    {"case.settled", "certificates", yw_cert_on_case_settled},
    /* the step's document is issued: receipt, 补正 notice, decision, completion notice */
    {"case.", "documents", yw_document_on_case},
    /* the applicant and the departments are told */
    {"case.", "messages", yw_message_on_case},
    /* a 差评's department is told to verify and rectify it */
    {"rectification.opened", "messages", yw_message_on_rectification},
    /* an urged task's department is told the supervisors' note (督办) */
    {"task.urged", "messages", yw_message_on_task_urged},
    /* an applicant is told a 容缺 material falls due */
    {"deferred.due", "messages", yw_message_on_deferred_due},
    /* an objection to a 简易注销 notice reaches the office that keeps it */
    {"dereg.objection", "messages", yw_message_on_dereg_objection},
    /* a certificate issued by hand, suspended, reinstated or revoked: its holder is told */
    {"cert.", "messages", yw_message_on_cert},
    /* a one-time login code, a password an administrator reset: to the account's phone */
    {"login.code", "messages", yw_message_on_secret},
    {"account.password_reset", "messages", yw_message_on_secret},
    /* the public figures are refreshed by a job */
    {"case.", "figures", yw_case_figures_on_change},
    /* benefits appear and go as the registry changes (免申即享) */
    {"entity.changed", "policy matching", yw_policy_on_entities_changed},
    /* a changed enterprise's 营业执照 gets a new version; a deregistered one's certificates are revoked */
    {"entity.changed", "certificates", yw_cert_on_entities_changed},
    {NULL, NULL, NULL},
};
