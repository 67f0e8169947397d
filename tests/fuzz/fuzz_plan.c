/* Fuzz target: the action-plan parser on any bytes. Whatever it accepts has at least one
 * measure in each of its documents, and every measure has a section and unit lists with no
 * empty name. */
#include <stdint.h>
#include <stdlib.h>

#include "domain/ledger/plan_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    yw_arena a;
    yw_arena_init(&a);
    yw_plan p;
    yw_err err;
    if (yw_plan_parse(&a, (const char *)data, size, 2024, &p, &err) == 0) {
        for (const yw_plan *d = &p; d; d = d->next) {
            if (d->nmeasures < 1) abort();
            for (int i = 0; i < d->nmeasures; i++) {
                const yw_plan_measure *m = &d->measures[i];
                if (!m->lead_units || !m->responsible_units || !m->section) abort();
                for (const char **u = m->lead_units; *u; u++)
                    if (!**u) abort();
                for (const char **u = m->responsible_units; *u; u++)
                    if (!**u) abort();
            }
        }
    }
    yw_arena_reset(&a);
    return 0;
}
