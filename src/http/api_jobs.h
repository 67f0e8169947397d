/* A job as GET /api/v1/jobs/{id} answers it, for the routes that start one of their own (a
 * certificate import) and answer with it. */
#ifndef YW_API_JOBS_H
#define YW_API_JOBS_H

#include <stdbool.h>

#include "../base/json_writer.h"
#include "../jobs/jobs.h"

void yw_api_job_render(yw_jw *w, const yw_job_info *j, bool english);

#endif
