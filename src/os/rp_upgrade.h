/*
 * rp_upgrade.h - USR2 binary upgrade: exec a new binary that takes over
 * the listening sockets while the old master keeps running.
 */

#ifndef RP_UPGRADE_H
#define RP_UPGRADE_H

#include "rp_config.h"
#include "rp_core.h"
#include "rp_cycle.h"

#define RP_UPGRADE_ENV  "RAMPART_LISTEN"

void rp_upgrade_exec(struct rp_cycle *cycle, char **argv);
int rp_upgrade_inherit(struct rp_cycle *bootstrap);
void rp_upgrade_child_exited(struct rp_cycle *cycle, pid_t pid);

#endif /* RP_UPGRADE_H */
