/* The offload pool: a mutex-guarded FIFO of jobs and threads that run them, each thread with a
 * store connection of its own, opened when a job first needs it. */
#include "offload.h"

#include <pthread.h>
#include <stdlib.h>

static struct {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    yw_offload_job *head, *tail;
    pthread_t *threads;
    int nthreads;
    bool stopping;
    const char *db_url;
} pool = {.lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER};

/* the running thread's connection, and whether this thread is one of the pool's */
static _Thread_local yw_store *thread_store;
static _Thread_local bool in_pool;

yw_store *yw_offload_store(yw_err *err) {
    if (!in_pool) {
        yw_err_set(err, YW_ERR_INTERNAL, NULL, "a pool connection asked for outside the offload pool");
        return NULL;
    }
    if (!thread_store && yw_store_open(pool.db_url, &thread_store, err) < 0) {
        thread_store = NULL;
        return NULL;
    }
    return thread_store;
}

static void *run(void *unused) {
    (void)unused;
    in_pool = true;
    for (;;) {
        pthread_mutex_lock(&pool.lock);
        while (!pool.head && !pool.stopping) pthread_cond_wait(&pool.wake, &pool.lock);
        yw_offload_job *job = pool.head;
        if (job) {
            pool.head = job->next;
            if (!pool.head) pool.tail = NULL;
        }
        pthread_mutex_unlock(&pool.lock);
        if (!job) { /* stopping and the queue is empty */
            if (thread_store) yw_store_close(thread_store);
            thread_store = NULL;
            return NULL;
        }
        job->work(job->arg);
        h2o_multithread_send_message(job->reply_to, &job->message);
    }
}

int yw_offload_start(int n, const char *db_url) {
    if (n < 1) n = 1;
    pool.db_url = db_url;
    pool.threads = calloc((size_t)n, sizeof *pool.threads);
    if (!pool.threads) return -1;
    pool.stopping = false;
    for (int i = 0; i < n; i++) {
        if (pthread_create(&pool.threads[pool.nthreads], NULL, run, NULL) != 0) break;
        pool.nthreads++;
    }
    return pool.nthreads ? 0 : -1;
}

void yw_offload_submit(yw_offload_job *job) {
    job->next = NULL;
    pthread_mutex_lock(&pool.lock);
    if (pool.tail) pool.tail->next = job;
    else pool.head = job;
    pool.tail = job;
    pthread_cond_signal(&pool.wake);
    pthread_mutex_unlock(&pool.lock);
}

void yw_offload_stop(void) {
    pthread_mutex_lock(&pool.lock);
    pool.stopping = true;
    pthread_cond_broadcast(&pool.wake);
    pthread_mutex_unlock(&pool.lock);
    for (int i = 0; i < pool.nthreads; i++) pthread_join(pool.threads[i], NULL);
    free(pool.threads);
    pool.threads = NULL;
    pool.nthreads = 0;
}
