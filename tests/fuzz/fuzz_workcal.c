/* Fuzz target: the working-day calendar loader (operators may load a newer file); whatever it
 * accepts must answer for every day it claims to cover. */
#include <stdint.h>
#include <stdlib.h>

#include "std/workcal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    yw_workcal c;
    yw_err err;
    if (yw_workcal_load(&c, (const char *)data, size, &err) < 0) return 0;
    bool w;
    int64_t out;
    if (yw_workcal_is_workday(&c, c.first_day, &w, &err) < 0) abort();
    if (yw_workcal_is_workday(&c, c.last_day, &w, &err) < 0) abort();
    if (yw_workcal_is_workday(&c, c.last_day + 1, &w, &err) == 0) abort();
    yw_workcal_add(&c, c.first_day, 10, &out, &err);
    yw_workcal_free(&c);
    return 0;
}
