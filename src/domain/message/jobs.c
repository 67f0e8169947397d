/* The message centre's kind of job (jobs/jobs.h): delivering the outbox. */
#include <inttypes.h>
#include <stdio.h>

#include "../../jobs/jobs.h"
#include "message.h"

/* outbox.deliver: the SMS queued by messages, handed to the city's sender with retries (queued
 * by the message centre whenever it queues one and none waits). */
static int run_outbox_deliver(yw_job *job) {
    int64_t sent, dead;
    if (yw_outbox_deliver(yw_job_op(job), &sent, &dead) < 0) return -1;
    char result[96];
    snprintf(result, sizeof result, "{\"sent\":%" PRId64 ",\"dead\":%" PRId64 "}", sent, dead);
    return yw_job_set_result(job, result);
}

const yw_job_kind yw_message_job_kinds[] = {
    {"outbox.deliver", run_outbox_deliver, YW_ROLE_ADMIN},
    {NULL, NULL, 0},
};
