/* The offload pool: a few threads beside the event loops for work of a request that must not
 * hold a loop up — password hashing, and reads that grow with the store (YW_SCAN routes: a
 * match preview over the whole registry), each on the thread's own store connection — which
 * report back to the request's loop through h2o's multithread queue. Internal to src/http/. */
#ifndef YW_OFFLOAD_H
#define YW_OFFLOAD_H

#define H2O_USE_LIBUV 0
#include <h2o.h>
#include <stdbool.h>

#include "../base/err.h"
#include "../store/store.h"

typedef struct yw_offload_job {
    h2o_multithread_message_t message; /* first: the receiver gets it back as this */
    struct yw_offload_job *next;       /* in the pool's queue */
    h2o_multithread_receiver_t *reply_to;
    void (*work)(void *arg);
    void *arg;
    /* loop-side state, touched only on the request's loop thread */
    int refs;  /* the request's guard and the reply */
    bool gone; /* the request was disposed of before the reply */
    void *owner; /* the server's bookkeeping for the reply */
} yw_offload_job;

/* Starts n threads (at least 1); db_url is the store their connections open (the string must
 * outlive the pool). 0, or -1 when no thread could start. */
int yw_offload_start(int n, const char *db_url);
/* The store connection of the pool thread this runs on: opened on the thread's first call, kept
 * until the pool stops, used by one job at a time. NULL with err filled when it cannot be
 * opened, or when called from any other thread. */
yw_store *yw_offload_store(yw_err *err);
/* Queues a job; its work runs on a pool thread, then the job is sent to job->reply_to. */
void yw_offload_submit(yw_offload_job *job);
/* Stops the threads after the queue is empty; jobs still queued run first. */
void yw_offload_stop(void);

#endif
