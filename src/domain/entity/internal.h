/* What the files of the registry share and nobody else needs: the permission check, reading
 * one record, and writing a history row. */
#ifndef YW_ENTITY_INTERNAL_H
#define YW_ENTITY_INTERNAL_H

#include "entity.h"

/* 0 when the actor may change the registry (admins, the system actor, officers of the
 * market-regulation department); YW_E_ENTITY_NOT_REGULATOR naming what otherwise. */
int entity_may_regulate(yw_op *op, const char *what_zh, const char *what_en);
/* The record of uscc into out (arena memory): 1 found, 0 not, -1 when the store fails. */
int entity_load(yw_op *op, const char *uscc, yw_entity *out);
/* Locks the entity's row for the rest of the transaction before its state is read, so that two
 * regulators acting on it at once (on two servers) act in turn and the second sees the first's
 * change (core/transition.h explains why). 1 when it exists, 0 when not, -1 on a store error. */
int entity_lock(yw_op *op, const char *uscc);
/* One history row, at op->now_ms, by op's actor. */
int entity_history_add(yw_op *op, const char *uscc, const char *field, const char *before, const char *after);
/* Raises entity.changed (entity.h) for the n entities a write changed. */
int entity_changed(yw_op *op, const char *const *uscc, int n);
/* The id of the market regulator's department (QD-SCJG), the registering office of notices
 * begun by an admin or the system; NULL in *id when the store has none (objection.c). */
int entity_regulator_department(yw_op *op, const char **id);
/* Stops cur's running notice (cur locked and deregistering): the entity as before it, the notice
 * `stopped`, its pending objections closed, the history's note `objection` = reason, audited as
 * entity.dereg_objection (lifecycle.c). out (may be NULL) receives the entity. */
int entity_notice_stop(yw_op *op, const yw_entity *cur, const char *reason, yw_entity *out);
/* The bank accounts of list[0..n) masked (yw_entity_account_masked) unless the actor sees them
 * whole (entity.h: yw_entity_get); -1 when the store fails or memory runs out. */
int entity_mask_accounts(yw_op *op, yw_entity *list, int n);
/* The status's Chinese name, for messages. */
const char *entity_status_zh(yw_entity_status s);

#endif
