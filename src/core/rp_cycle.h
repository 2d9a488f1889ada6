/*
 * rp_cycle.h - one generation of configuration.
 *
 * A cycle is everything built from one read of proxy.conf: the parsed
 * module configs, the listening sockets, the shared-memory zones and the
 * open log files, all allocated from cycle->pool.  The master builds a
 * new cycle on every reload and keeps the old one until the new one is
 * complete, so a bad config never disturbs the running one.  Workers see
 * the cycle they were forked with (rp_cycle).
 *
 * Building a cycle (parsing, binding, zones) lives in src/os/rp_cycle_init.c;
 * this header is only the data, so src/conf can fill it without depending
 * on the layers above.
 */

#ifndef RP_CYCLE_H
#define RP_CYCLE_H

#include "rp_config.h"
#include "rp_array.h"
#include "rp_log.h"
#include "rp_str.h"

struct rp_pool;
struct rp_cycle;

/*
 * A helper process the master forks besides the workers (DESIGN 1: the
 * health checker, a cache manager), asked for by a module while its
 * configuration is read (rp_cycle_add_helper).  The os layer starts one
 * process per helper with every generation of workers, stops it with
 * them on reload and at exit, and respawns it if it dies; in the child
 * it drops privileges, sets up an event loop without listening sockets
 * and calls <init>, whose timers and connections then drive the
 * process.  So src/os runs module code without knowing any module.
 */
struct rp_cycle_helper {
    const char   *name;         /* static storage: ps shows
                                   "rampart: <name> process" */
    int         (*init)(struct rp_cycle *cycle, void *data);
                                /* in the child, loop ready: RP_OK, or
                                   RP_ERROR (logged): it exits, code 2 */
    void         *data;         /* for <init>, from the cycle pool */
    size_t        connections;  /* connection objects its loop needs */
};

/* One file of the configuration as read, kept for "rampart -T". */
struct rp_conf_dump {
    struct rp_str   name;
    struct rp_str   text;
};

struct rp_cycle {
    struct rp_pool       *pool;
    struct rp_log        *log;          /* error_log of the main context */
    struct rp_log         new_log;      /* storage for <log> */

    void                **conf_ctx;     /* core module confs, by ctx_index */

    struct rp_str         prefix;       /* ends with '/' */
    struct rp_str         conf_file;    /* absolute */
    struct rp_str         conf_param;   /* -g directives */
    struct rp_str         error_log;    /* -e, or empty */

    struct rp_array       listening;    /* struct rp_listening (src/event) */
    struct rp_array       shm_zones;    /* struct rp_shm_zone * (rp_shm.c) */
    struct rp_open_file  *open_files;   /* list, see rp_cycle_open_file() */
    struct rp_array       config_dump;  /* struct rp_conf_dump, with -T */
    struct rp_array       paths;        /* struct rp_str: temp dirs the
                                           master creates for workers */
    struct rp_array       helpers;      /* struct rp_cycle_helper */

    struct rp_cycle      *old_cycle;    /* only while a reload builds us */
    unsigned              generation;   /* 1 at start, +1 per reload */
    unsigned              dump:1;       /* -T */
    unsigned              test:1;       /* -t / -T */
};

extern struct rp_cycle  *rp_cycle;      /* the cycle this process runs */

int rp_cycle_full_name(struct rp_pool *pool, const struct rp_str *prefix,
    struct rp_str *name);
struct rp_open_file *rp_cycle_open_file(struct rp_cycle *cycle,
    const struct rp_str *name);
int rp_cycle_add_path(struct rp_cycle *cycle, const struct rp_str *name);

/*
 * Ask for a helper process named <name> (a string literal) for <cycle>;
 * the caller fills init, data and connections of the returned entry
 * (from cycle->pool, zeroed but for <name>).  NULL when memory is short.
 * Config time, master.
 */
struct rp_cycle_helper *rp_cycle_add_helper(struct rp_cycle *cycle,
    const char *name);

#endif /* RP_CYCLE_H */
