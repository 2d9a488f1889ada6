/*
 * rp_cycle_init.h - building a cycle from the configuration, and
 * retiring the one it replaces.
 */

#ifndef RP_CYCLE_INIT_H
#define RP_CYCLE_INIT_H

#include "rp_config.h"
#include "rp_core.h"
#include "rp_cycle.h"

struct rp_cycle_params {
    struct rp_str   prefix;       /* absolute, ends with '/' */
    struct rp_str   conf_file;    /* absolute */
    struct rp_str   conf_param;   /* -g, may be empty */
    struct rp_str   error_log;    /* -e, may be empty */
    unsigned        test:1;       /* -t: parse and open logs, no sockets */
    unsigned        dump:1;       /* -T: keep the text of every file */
    unsigned        parse_only:1; /* -s: parse, open nothing */

    /* called after parsing, before anything is opened; may veto */
    int           (*before_open)(struct rp_cycle *cycle);
};

struct rp_cycle *rp_cycle_init(struct rp_cycle *old,
    const struct rp_cycle_params *params);
void rp_cycle_retire(struct rp_cycle *old, struct rp_cycle *cycle);
int rp_cycle_reopen_files(struct rp_cycle *cycle);
unsigned rp_cycle_worker_count(const struct rp_cycle *cycle);

#endif /* RP_CYCLE_INIT_H */
