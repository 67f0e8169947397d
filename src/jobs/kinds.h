/* The one list of the kinds of job: each concept declares its own table of kinds
 * (yw_<concept>_job_kinds, in its folder's jobs.c) and adds one line here. Included with
 * YW_JOB_TABLE defined by jobs.h (declarations) and jobs.c (the table of tables); no include
 * guard on purpose. */
YW_JOB_TABLE(core)
YW_JOB_TABLE(policy)
YW_JOB_TABLE(message)
YW_JOB_TABLE(case)
YW_JOB_TABLE(cert)
