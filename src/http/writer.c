/* Group commit: the writer thread's loop. See writer.h for the contract.
 *
 * A batch is bounded (YW_WRITER_BATCH_MAX jobs) so that one slow batch cannot hold many
 * replies back; within it, jobs run in the order they were queued, so the audit chain, which
 * every write extends, is written by one thread in order. */
#include "writer.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#include "../base/log.h"

#define YW_WRITER_BATCH_MAX 512
#define YW_WRITER_LINGER_US 200
#define YW_WRITER_LINGER_BELOW 48

static struct {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    yw_write_job *head, *tail;
    bool stopping, started;
    pthread_t thread;
    yw_store *store;
    _Atomic uint64_t batches, jobs;
} writer = {.lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER};

/* Takes up to max queued jobs; NULL when none. wait: until one comes; linger_us > 0: until one
 * comes or that long has passed. */
static yw_write_job *take(int max, bool wait, int linger_us, int *n) {
    pthread_mutex_lock(&writer.lock);
    while (wait && !writer.head && !writer.stopping) pthread_cond_wait(&writer.wake, &writer.lock);
    if (!wait && linger_us > 0 && !writer.head && !writer.stopping) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += (long)linger_us * 1000L;
        until.tv_sec += until.tv_nsec / 1000000000L;
        until.tv_nsec %= 1000000000L;
        pthread_cond_timedwait(&writer.wake, &writer.lock, &until);
    }
    yw_write_job *first = writer.head, *last = NULL;
    *n = 0;
    for (yw_write_job *j = writer.head; j && *n < max; j = j->next_write) {
        last = j;
        (*n)++;
    }
    if (last) {
        writer.head = last->next_write;
        if (!writer.head) writer.tail = NULL;
        last->next_write = NULL;
    }
    pthread_mutex_unlock(&writer.lock);
    return *n ? first : NULL;
}

static void reply_all(yw_write_job *list) {
    while (list) {
        yw_write_job *next = list->next_write;
        h2o_multithread_send_message(list->base.reply_to, &list->base.message);
        list = next;
    }
}

static void fail_all(yw_write_job *list, const yw_err *err) {
    for (yw_write_job *j = list; j; j = j->next_write) j->failed(j, err);
}

/* How long a small batch waits for company before it commits: a commit (an fsync) costs about
 * as much as a few dozen writes, so while writers keep coming it pays to let a few more join;
 * a lone write waits at most this once. */
static int linger(int n) { return n < YW_WRITER_LINGER_BELOW ? YW_WRITER_LINGER_US : 0; }

/* Runs one batch: the jobs taken, and any that queue meanwhile, up to the batch's limit. */
static void run_batch(yw_write_job *batch, int n) {
    yw_store *s = writer.store;
    yw_err err;
    yw_err_clear(&err);
    if (yw_store_batch_begin(s, &err) < 0) {
        yw_error("writer: cannot begin a batch: %s", err.message);
        fail_all(batch, &err);
        reply_all(batch);
        return;
    }
    yw_write_job *done = NULL, **tail = &done;
    bool broken = false;
    while (batch) {
        for (yw_write_job *j = batch, *next; j; j = next) {
            next = j->next_write;
            j->next_write = NULL;
            *tail = j;
            tail = &j->next_write;
            if (broken) continue;
            for (int attempt = 1; !broken; attempt++) {
                if (yw_store_savepoint(s, &err) < 0) {
                    broken = true;
                    break;
                }
                j->last_try = attempt >= YW_WRITE_RETRIES;
                int rc = j->run(j, s);
                if (rc == 0) {
                    if (yw_store_savepoint_release(s, &err) < 0) broken = true;
                    break;
                }
                if (yw_store_savepoint_rollback(s, &err) < 0) broken = true;
                if (rc != YW_WRITE_RETRY) break;
            }
        }
        /* what queued while this batch ran joins it: the commit is shared */
        batch = broken || n >= YW_WRITER_BATCH_MAX ? NULL : take(YW_WRITER_BATCH_MAX - n, false, linger(n), &(int){0});
        for (yw_write_job *j = batch; j; j = j->next_write) n++;
    }
    if (broken) {
        yw_error("writer: a savepoint failed, the batch is rolled back: %s", err.message);
        yw_store_batch_abort(s);
        fail_all(done, &err);
    } else if (yw_store_batch_commit(s, &err) < 0) {
        yw_error("writer: commit failed: %s", err.message);
        fail_all(done, &err);
    } else {
        atomic_fetch_add(&writer.batches, 1);
        atomic_fetch_add(&writer.jobs, (uint64_t)n);
    }
    reply_all(done);
}

static void *writer_main(void *unused) {
    (void)unused;
    for (;;) {
        int n;
        yw_write_job *batch = take(YW_WRITER_BATCH_MAX, true, 0, &n);
        if (!batch) return NULL; /* stopping, and nothing is queued */
        run_batch(batch, n);
    }
}

int yw_writer_start(const char *db_url, yw_err *err) {
    if (yw_store_open(db_url, &writer.store, err) < 0) return -1;
    writer.stopping = false;
    if (pthread_create(&writer.thread, NULL, writer_main, NULL) != 0) {
        yw_store_close(writer.store);
        writer.store = NULL;
        return yw_err_set(err, YW_ERR_INTERNAL, NULL, "cannot start the writer thread");
    }
    writer.started = true;
    return 0;
}

void yw_writer_submit(yw_write_job *job) {
    job->next_write = NULL;
    pthread_mutex_lock(&writer.lock);
    if (writer.tail) writer.tail->next_write = job;
    else writer.head = job;
    writer.tail = job;
    pthread_cond_signal(&writer.wake);
    pthread_mutex_unlock(&writer.lock);
}

void yw_writer_stop(void) {
    if (!writer.started) return;
    pthread_mutex_lock(&writer.lock);
    writer.stopping = true;
    pthread_cond_broadcast(&writer.wake);
    pthread_mutex_unlock(&writer.lock);
    pthread_join(writer.thread, NULL);
    yw_store_close(writer.store);
    writer.store = NULL;
    writer.started = false;
}

yw_writer_stats yw_writer_stats_get(void) {
    return (yw_writer_stats){atomic_load(&writer.batches), atomic_load(&writer.jobs)};
}
