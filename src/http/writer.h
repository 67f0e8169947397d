/* The writer: one thread with its own store connection that runs every write of the server,
 * committing concurrent writes together (group commit). Workers hand it jobs; it takes all
 * that are queued, opens one transaction, runs each job inside its own savepoint (a failing
 * job rolls back alone), commits once — one fsync for the whole batch — and only then sends
 * each job back to its worker's event loop, which answers the client. A job acknowledged is
 * therefore a job committed, and a batch grows by itself with the load: while one commit
 * syncs, the next batch queues. Internal to src/http/. */
#ifndef YW_WRITER_H
#define YW_WRITER_H

#include "../store/store.h"
#include "offload.h"

typedef struct yw_write_job {
    yw_offload_job base; /* first: sent to base.reply_to when the job's batch has ended */
    struct yw_write_job *next_write;
    /* Runs inside the job's savepoint on the writer's connection; -1 rolls the savepoint back.
     * YW_WRITE_RETRY also rolls it back, and the writer runs the job again in a new savepoint
     * (a deadlock with another server's writer, which PostgreSQL resolves by failing one of the
     * two): the job must then answer nothing yet. At most YW_WRITE_RETRIES times; the last
     * run is told (job->last_try) and answers whatever happens. */
    int (*run)(struct yw_write_job *job, yw_store *s);
    bool last_try;
    /* The job's batch did not commit (its effects are gone): err says why. */
    void (*failed)(struct yw_write_job *job, const yw_err *err);
} yw_write_job;

#define YW_WRITE_RETRY 2
#define YW_WRITE_RETRIES 3

typedef struct {
    uint64_t batches, jobs; /* committed so far */
} yw_writer_stats;

/* Opens the writer's connection to db_url and starts its thread. */
int yw_writer_start(const char *db_url, yw_err *err);
void yw_writer_submit(yw_write_job *job);
/* Runs what is queued, then stops the thread and closes its connection. */
void yw_writer_stop(void);
yw_writer_stats yw_writer_stats_get(void);

#endif
