/*
 * rp_module.h - what a module is.
 *
 * Modules are the unit of change (DESIGN 3).  A module declares its
 * directives in one table (struct rp_command, see src/conf/rp_conf.h),
 * a type-specific context with create/merge functions for its config,
 * and process hooks.  The list of modules is one explicit array in
 * src/rp_modules.c; rp_modules_init() numbers them at start-up.
 */

#ifndef RP_MODULE_H
#define RP_MODULE_H

#include "rp_config.h"
#include "rp_str.h"

struct rp_command;
struct rp_cycle;

#define RP_CORE_MODULE   0x45524f43    /* "CORE" */
#define RP_HTTP_MODULE   0x50545448    /* "HTTP" */

/*
 * Context of a core module: its one config struct lives in
 * cycle->conf_ctx[module->index].  <create_conf> returns it (from
 * cycle->pool) with every field UNSET; <init_conf> fills defaults after
 * the whole file was parsed and may reject combinations.
 */
struct rp_core_module_ctx {
    void   *(*create_conf)(struct rp_cycle *cycle);
    int     (*init_conf)(struct rp_cycle *cycle, void *conf);
};

struct rp_module {
    const char                *name;
    unsigned                   type;
    const void                *ctx;        /* rp_core_module_ctx, ... */
    const struct rp_command   *commands;   /* ends with a NULL name */

    /* master, after a cycle was built (before forking) */
    int                      (*init_module)(struct rp_cycle *cycle);
    /* worker or helper process, after fork, before the loop */
    int                      (*init_process)(struct rp_cycle *cycle);
    /* worker or helper process, on the way out */
    void                     (*exit_process)(struct rp_cycle *cycle);

    size_t                     index;      /* set by rp_modules_init */
    size_t                     ctx_index;  /* index among its type */
};

/*
 * The active module list (NULL-terminated).  The daemon installs the
 * list of src/rp_modules.c; unit tests install their own.
 */
extern struct rp_module  **rp_modules;
extern size_t              rp_modules_n;

void rp_modules_init(struct rp_module **list);
size_t rp_modules_count(unsigned type);

#endif /* RP_MODULE_H */
