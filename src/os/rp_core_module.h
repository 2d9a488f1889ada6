/*
 * rp_core_module.h - the main-context directives that shape the process
 * model: daemon, worker_processes, worker_rlimit_nofile,
 * worker_shutdown_timeout, user, pid, error_log.
 */

#ifndef RP_CORE_MODULE_H
#define RP_CORE_MODULE_H

#include "rp_config.h"
#include "rp_core.h"
#include "rp_cycle.h"
#include "rp_module.h"

#include <sys/types.h>

struct rp_core_conf {
    int          daemon;
    int64_t      worker_processes;     /* 0 in the file means "auto" */
    int64_t      rlimit_nofile;
    rp_msec_t    shutdown_timeout;     /* 0: wait for connections */
    struct rp_str  user;
    struct rp_str  group;
    uid_t        uid;
    gid_t        gid;
    unsigned     drop_privileges:1;    /* master runs as root */
    struct rp_str  pid;                /* absolute */
    unsigned     error_log_set:1;
};

extern struct rp_module  rp_core_module;

const struct rp_core_conf *rp_core_get_conf(const struct rp_cycle *cycle);

#endif /* RP_CORE_MODULE_H */
